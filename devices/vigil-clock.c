/* vigil-clock.c — system, accelerated and manual time behind one API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every part of Vigil that needs "now" or "in N seconds" asks a VigilClock.
 * A clock made with vigil_clock_new (1.0) is the system's; with a speed of
 * N it runs N times faster than the system's (training, --speed); a manual
 * clock only moves when a test calls vigil_clock_advance(), which fires its
 * timers in order, so a 40-minute infusion runs in milliseconds.
 *
 * The clock lives in devices/ because it is the bottom room: devices need
 * it for arrival times and watchdogs, and devices may not know app/.
 */
#include "vigil-clock.h"

typedef struct
{
  VigilClock  *clock;
  guint        id;
  guint        source_id;   /* the GLib timeout for running clocks */
  gint64       deadline_us; /* manual clocks: next firing, monotonic */
  gint64       interval_us;
  GSourceFunc  function;
  gpointer     data;
} ClockTimer;

struct _VigilClock
{
  GObject     parent_instance;

  double      speed;
  gboolean    manual;
  gint64      origin_real_monotonic_us;
  gint64      origin_wall_us;
  gint64      manual_monotonic_us;
  guint       next_timer_id;
  GHashTable *timers;   /* id → ClockTimer */
};

G_DEFINE_FINAL_TYPE (VigilClock, vigil_clock, G_TYPE_OBJECT)

static void
clock_timer_free (gpointer data)
{
  ClockTimer *timer = data;

  g_clear_handle_id (&timer->source_id, g_source_remove);
  g_free (timer);
}

static void
vigil_clock_finalize (GObject *object)
{
  VigilClock *self = VIGIL_CLOCK (object);

  g_clear_pointer (&self->timers, g_hash_table_unref);

  G_OBJECT_CLASS (vigil_clock_parent_class)->finalize (object);
}

static void
vigil_clock_class_init (VigilClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_clock_finalize;
}

static void
vigil_clock_init (VigilClock *self)
{
  self->speed = 1.0;
  self->next_timer_id = 1;
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, clock_timer_free);
}

/**
 * vigil_clock_new:
 * @speed: how many clock seconds pass per real second (1.0 = real time)
 *
 * Returns: (transfer full): a clock that starts at the system's wall time
 */
VigilClock *
vigil_clock_new (double speed)
{
  VigilClock *self;

  g_return_val_if_fail (speed > 0.0, NULL);

  self = g_object_new (VIGIL_TYPE_CLOCK, NULL);
  self->speed = speed;
  self->origin_real_monotonic_us = g_get_monotonic_time ();
  self->origin_wall_us = g_get_real_time ();
  return self;
}

/**
 * vigil_clock_new_manual:
 * @wall_start_us: the wall time the clock shows before any advance
 *
 * Returns: (transfer full): a clock that moves only with vigil_clock_advance()
 */
VigilClock *
vigil_clock_new_manual (gint64 wall_start_us)
{
  VigilClock *self = g_object_new (VIGIL_TYPE_CLOCK, NULL);

  self->manual = TRUE;
  self->origin_wall_us = wall_start_us;
  /* Start away from zero so that "0 = never" sentinels stay unambiguous. */
  self->manual_monotonic_us = G_USEC_PER_SEC;
  self->origin_real_monotonic_us = self->manual_monotonic_us;
  return self;
}

gint64
vigil_clock_get_monotonic (VigilClock *self)
{
  g_return_val_if_fail (VIGIL_IS_CLOCK (self), 0);

  if (self->manual)
    return self->manual_monotonic_us;
  if (self->speed == 1.0)
    return g_get_monotonic_time ();
  return self->origin_real_monotonic_us
         + (gint64) ((g_get_monotonic_time () - self->origin_real_monotonic_us) * self->speed);
}

gint64
vigil_clock_get_wall (VigilClock *self)
{
  g_return_val_if_fail (VIGIL_IS_CLOCK (self), 0);

  if (!self->manual && self->speed == 1.0)
    return g_get_real_time ();
  return self->origin_wall_us + (vigil_clock_get_monotonic (self) - self->origin_real_monotonic_us);
}

double
vigil_clock_get_speed (VigilClock *self)
{
  g_return_val_if_fail (VIGIL_IS_CLOCK (self), 1.0);
  return self->speed;
}

gboolean
vigil_clock_is_manual (VigilClock *self)
{
  g_return_val_if_fail (VIGIL_IS_CLOCK (self), FALSE);
  return self->manual;
}

static ClockTimer *
find_next_due (VigilClock *self,
               gint64      until_us)
{
  GHashTableIter iter;
  ClockTimer *best = NULL;
  gpointer value;

  g_hash_table_iter_init (&iter, self->timers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ClockTimer *timer = value;

      if (timer->deadline_us > until_us)
        continue;
      if (best == NULL
          || timer->deadline_us < best->deadline_us
          || (timer->deadline_us == best->deadline_us && timer->id < best->id))
        best = timer;
    }
  return best;
}

/**
 * vigil_clock_advance:
 * @delta_us: how far to move a manual clock
 *
 * Moves a manual clock forward, firing every timer that falls due on the
 * way, in deadline order, with the clock standing at each deadline.
 */
void
vigil_clock_advance (VigilClock *self,
                     gint64      delta_us)
{
  gint64 target;
  ClockTimer *timer;

  g_return_if_fail (VIGIL_IS_CLOCK (self));
  g_return_if_fail (self->manual);
  g_return_if_fail (delta_us >= 0);

  target = self->manual_monotonic_us + delta_us;
  g_object_ref (self);
  while ((timer = find_next_due (self, target)) != NULL)
    {
      guint id = timer->id;

      self->manual_monotonic_us = timer->deadline_us;
      timer->deadline_us += timer->interval_us;
      if (timer->function (timer->data) == G_SOURCE_REMOVE)
        g_hash_table_remove (self->timers, GUINT_TO_POINTER (id));
    }
  self->manual_monotonic_us = target;
  g_object_unref (self);
}

static gboolean
running_timer_fired (gpointer data)
{
  ClockTimer *timer = data;
  VigilClock *self = timer->clock;
  guint id = timer->id;

  if (timer->function (timer->data) == G_SOURCE_CONTINUE)
    return G_SOURCE_CONTINUE;
  /* The source is being destroyed by GLib: forget it before freeing. */
  timer = g_hash_table_lookup (self->timers, GUINT_TO_POINTER (id));
  if (timer != NULL)
    {
      timer->source_id = 0;
      g_hash_table_remove (self->timers, GUINT_TO_POINTER (id));
    }
  return G_SOURCE_REMOVE;
}

/**
 * vigil_clock_timeout_add:
 * @interval_ms: the period in this clock's milliseconds
 *
 * Like g_timeout_add(), in clock time: a clock at speed 10 fires a 1000 ms
 * timer every 100 real milliseconds; a manual clock fires it from
 * vigil_clock_advance(). The clock must outlive its timers' users, or they
 * must remove their timers in dispose.
 *
 * Returns: a non-zero id for vigil_clock_timeout_remove()
 */
guint
vigil_clock_timeout_add (VigilClock  *self,
                         guint        interval_ms,
                         GSourceFunc  function,
                         gpointer     data)
{
  ClockTimer *timer;

  g_return_val_if_fail (VIGIL_IS_CLOCK (self), 0);
  g_return_val_if_fail (function != NULL, 0);

  timer = g_new0 (ClockTimer, 1);
  timer->clock = self;
  timer->id = self->next_timer_id++;
  timer->interval_us = MAX ((gint64) interval_ms * 1000, 1);
  timer->function = function;
  timer->data = data;

  if (self->manual)
    timer->deadline_us = self->manual_monotonic_us + timer->interval_us;
  else
    {
      guint real_ms = MAX (1, (guint) (interval_ms / self->speed));
      timer->source_id = g_timeout_add (real_ms, running_timer_fired, timer);
    }

  g_hash_table_insert (self->timers, GUINT_TO_POINTER (timer->id), timer);
  return timer->id;
}

void
vigil_clock_timeout_remove (VigilClock *self,
                            guint       id)
{
  g_return_if_fail (VIGIL_IS_CLOCK (self));

  g_hash_table_remove (self->timers, GUINT_TO_POINTER (id));
}
