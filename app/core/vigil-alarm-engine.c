/* vigil-alarm-engine.c — alarm signal states, people's actions, presentation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The second and third concerns of CLINICAL.md §1. The evaluator says
 * whether each condition's cause is present; this object turns that into
 * what people see and hear, and records what happened and who did what.
 *
 * One occurrence of a condition runs from its START log entry to its END
 * entry; while it runs the condition is "shown". Inside an occurrence a
 * condition is present (the evaluator says MET) or, for a latching one,
 * latched (the cause went away, nobody reset it yet). Silence comes from
 * two flags: acknowledged (for the rest of the occurrence) and paused (until
 * the audio pause runs out).
 *
 * Rules where the standard or the brief left a choice:
 *
 * - A latched alarm keeps sounding until it is acknowledged or reset
 *   (IEC 60601-1-8, "latching alarm signal"). Reset is refused while the
 *   cause is present; it logs RESET then END. An occurrence keeps the
 *   latching setting it started with. If the cause returns while latched,
 *   the same occurrence continues (no new START): an acknowledgement given
 *   to it still holds, and its visual never went away.
 * - Escalation: a MEDIUM alarm not acknowledged by a person within the
 *   escalation delay of its onset becomes HIGH. An audio pause is not an
 *   acknowledgement, so a paused alarm escalates too, and escalation ends
 *   its pause (an escalated alarm is new, more urgent information).
 * - Audio pause silences every alarm shown when it is pressed (acknowledged
 *   ones lose their reminders too) for the pause duration; pressing it
 *   again restarts the countdown at the configured duration, which never
 *   exceeds the configured maximum. With nothing shown it does nothing. The
 *   pause ends early once no paused alarm is left.
 * - A condition that starts during an audio pause sounds ("new alarm
 *   conditions are annunciated", IEC 60601-1-8 audio paused). When it is of
 *   higher priority than every paused alarm — a breakthrough — an
 *   AUDIO_RESUME entry for it records that sound came back during the
 *   pause. With "new-conditions-break-pause" off, only such higher
 *   priority conditions sound; others join the pause silently (logged as
 *   AUDIO_PAUSE by the system).
 * - Sound: one owner, the highest priority among audible alarms (shown, not
 *   acknowledged, not paused). A burst starts when that priority rises, when
 *   an alarm of that priority becomes audible (onset, pause expiry,
 *   escalation, breakthrough), and then every repeat interval of that
 *   priority. Reminders (acknowledged, not paused alarms, every reminder
 *   interval from the acknowledgement) sound only when nothing is audible.
 * - Presentation order: effective priority (high first), then onset
 *   (newest first, so a new alarm is the first thing the banner shows),
 *   then condition id. The banner rotates through every shown alarm of its
 *   area in that order and starts again from the first when the list
 *   changes.
 * - Every change of a limit is logged, from whichever caller: with @who
 *   through vigil_alarm_engine_set_threshold(), by the system otherwise.
 *
 * Time: a periodic clock timer (tick-interval) re-runs the evaluator, and a
 * one-shot clock timer fires at the engine's own next deadline (burst,
 * reminder, escalation, pause end, banner rotation), so those happen at the
 * exact clock time with a manual clock as with a real one.
 */
#include "vigil-alarm-engine.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#define SECOND_US G_GINT64_CONSTANT (1000000)
#define MINUTE_US (60 * SECOND_US)

G_DEFINE_ENUM_TYPE (VigilAlarmState, vigil_alarm_state,
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_STATE_INACTIVE, "inactive"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_STATE_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_STATE_ACKNOWLEDGED, "acknowledged"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_STATE_AUDIO_PAUSED, "audio-paused"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_STATE_LATCHED, "latched"))

G_DEFINE_QUARK (vigil-alarm-engine-error-quark, vigil_alarm_engine_error)

typedef struct
{
  gboolean             shown;         /* an occurrence runs: START logged, no END yet */
  gboolean             present;       /* shown and the cause is present (else latched) */
  gboolean             pending;       /* not shown; the evaluator's delay is running */
  gboolean             latching;      /* taken from the limits at onset */
  gboolean             acknowledged;  /* by a person, for this occurrence */
  gboolean             paused;        /* silenced by the running audio pause */
  gboolean             escalated;     /* medium → high */
  gint64               onset_us;
  gint64               next_reminder_us;
  VigilConditionStatus status;        /* while shown: the last MET status */
} Condition;

/* What "changed" announces: compared after each update. */
typedef struct
{
  VigilAlarmState    state[VIGIL_N_ALARMS];
  VigilAlarmPriority priority[VIGIL_N_ALARMS];
  double             value[VIGIL_N_ALARMS];
  double             value2[VIGIL_N_ALARMS];
  double             limit[VIGIL_N_ALARMS];
  double             limit2[VIGIL_N_ALARMS];
  double             diastolic[VIGIL_N_ALARMS];
  gboolean           audible[VIGIL_N_ALARMS];
  gint64             pause_end_us;
  int                banner[2];
} Presentation;

typedef enum
{
  EVENT_LOG,
  EVENT_BURST,
} EventKind;

typedef struct
{
  EventKind           kind;
  VigilAlarmLogEntry *entry;
  VigilAlarmPriority  priority;
  gboolean            reminder;
} Event;

struct _VigilAlarmEngine
{
  GObject              parent_instance;

  VigilAlarmLimits    *limits;
  VigilClock          *clock;
  VigilAlarmEvaluator *evaluator;
  gulong               limits_changed_id;
  VigilAlarmSetting    known[VIGIL_N_ALARMS];  /* the limits as last logged */
  char                *change_who;              /* set during set_threshold */

  Condition            conditions[VIGIL_N_ALARMS];
  gint64               pause_end_us;            /* 0: no audio pause */

  VigilAlarmPriority   sound_priority;          /* the loudspeaker's owner */
  gint64               last_burst_us;

  /* Banner rotation, per area (0 physiological, 1 technical). */
  VigilAlarmId         banner_order[2][VIGIL_N_ALARMS];
  guint                banner_len[2];
  guint                banner_index[2];
  gint64               banner_epoch_us[2];

  Presentation         published;

  /* Settings (µs unless said otherwise). */
  guint                tick_ms;
  gint64               pause_duration_us;
  gint64               pause_maximum_us;
  gint64               escalation_us;
  gint64               reminder_us;
  gint64               repeat_us[VIGIL_ALARM_PRIORITY_HIGH + 1];
  gint64               rotation_us;
  gboolean             new_conditions_break_pause;

  guint                tick_id;
  guint                deadline_id;
  gint64               deadline_us;

  GQueue               events;
  gboolean             changed_pending;
  gboolean             flushing;
};

G_DEFINE_FINAL_TYPE (VigilAlarmEngine, vigil_alarm_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIMITS,
  PROP_CLOCK,
  PROP_TICK_INTERVAL,
  PROP_AUDIO_PAUSE_DURATION,
  PROP_AUDIO_PAUSE_MAXIMUM,
  PROP_ESCALATION_DELAY,
  PROP_REMINDER_INTERVAL,
  PROP_HIGH_REPEAT_INTERVAL,
  PROP_MEDIUM_REPEAT_INTERVAL,
  PROP_LOW_REPEAT_INTERVAL,
  PROP_BANNER_ROTATION_INTERVAL,
  PROP_NEW_CONDITIONS_BREAK_PAUSE,
  N_PROPS
};

enum {
  CHANGED,
  LOG,
  BURST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void engine_update (VigilAlarmEngine *self);

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static VigilAlarmPriority
setting_priority (VigilAlarmEngine *self,
                  VigilAlarmId      id)
{
  const VigilAlarmSetting *setting = vigil_alarm_limits_get (self->limits, id);

  /* No configuration may hide a condition: at least low, at most high. */
  return CLAMP (setting->priority, VIGIL_ALARM_PRIORITY_LOW, VIGIL_ALARM_PRIORITY_HIGH);
}

static VigilAlarmPriority
effective_priority (VigilAlarmEngine *self,
                    VigilAlarmId      id)
{
  if (self->conditions[id].escalated)
    return VIGIL_ALARM_PRIORITY_HIGH;
  return setting_priority (self, id);
}

static VigilAlarmState
condition_state (const Condition *c)
{
  if (!c->shown)
    return c->pending ? VIGIL_ALARM_STATE_PENDING : VIGIL_ALARM_STATE_INACTIVE;
  if (!c->present)
    return VIGIL_ALARM_STATE_LATCHED;
  if (c->acknowledged)
    return VIGIL_ALARM_STATE_ACKNOWLEDGED;
  if (c->paused)
    return VIGIL_ALARM_STATE_AUDIO_PAUSED;
  return VIGIL_ALARM_STATE_ACTIVE;
}

static gboolean
condition_audible (const Condition *c)
{
  return c->shown && !c->acknowledged && !c->paused;
}

static const char *
alarm_title (VigilAlarmId id)
{
  return _(vigil_alarm_get_info (id)->title);
}

/* Events are queued during an update and emitted once the states are
 * consistent, so a handler never sees (or re-enters) a half-done update. */
static void
event_free (Event *event)
{
  g_clear_pointer (&event->entry, vigil_alarm_log_entry_free);
  g_free (event);
}

static VigilAlarmLogEntry *
queue_log (VigilAlarmEngine  *self,
           VigilAlarmLogKind  kind,
           VigilAlarmId       id,
           const char        *who)
{
  const Condition *c = &self->conditions[id];
  Event *event = g_new0 (Event, 1);
  VigilAlarmLogEntry *entry = vigil_alarm_log_entry_new (kind, id);

  entry->wall_us = vigil_clock_get_wall (self->clock);
  entry->priority = effective_priority (self, id);
  entry->value = c->status.value;
  entry->limit = c->status.limit;
  entry->message = vigil_alarm_format_message (id, &c->status);
  entry->who = g_strdup (who);

  event->kind = EVENT_LOG;
  event->entry = entry;
  g_queue_push_tail (&self->events, event);
  return entry;
}

static void
queue_burst (VigilAlarmEngine   *self,
             VigilAlarmPriority  priority,
             gboolean            reminder)
{
  Event *event = g_new0 (Event, 1);

  event->kind = EVENT_BURST;
  event->priority = priority;
  event->reminder = reminder;
  g_queue_push_tail (&self->events, event);
}

static void
flush_events (VigilAlarmEngine *self)
{
  /* A handler that acts on the engine queues more events: the outer loop
   * emits them, in order. */
  if (self->flushing)
    return;

  self->flushing = TRUE;
  g_object_ref (self);
  for (;;)
    {
      Event *event = g_queue_pop_head (&self->events);

      if (event == NULL)
        {
          if (!self->changed_pending)
            break;
          self->changed_pending = FALSE;
          g_signal_emit (self, signals[CHANGED], 0);
          continue;
        }
      if (event->kind == EVENT_LOG)
        g_signal_emit (self, signals[LOG], 0, event->entry);
      else
        g_signal_emit (self, signals[BURST], 0, event->priority, event->reminder);
      event_free (event);
    }
  self->flushing = FALSE;
  g_object_unref (self);
}

/* ---- the limits ---- */

/* The log is a record, not a display: a dot for decimals in any locale. */
static char *
describe_limit_change (VigilAlarmId  id,
                       const char   *what,
                       double        old_value,
                       double        new_value)
{
  const VigilAlarmInfo *info = vigil_alarm_get_info (id);
  char old_text[G_ASCII_DTOSTR_BUF_SIZE];
  char new_text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("%s %s %s: %s → %s", info->code, info->title, what,
                          g_ascii_formatd (old_text, sizeof old_text, "%g", old_value),
                          g_ascii_formatd (new_text, sizeof new_text, "%g", new_value));
}

static void
queue_limit_change (VigilAlarmEngine *self,
                    VigilAlarmId      id,
                    double            old_limit,
                    double            new_limit,
                    char             *message)
{
  VigilAlarmLogEntry *entry = queue_log (self, VIGIL_ALARM_LOG_LIMIT_CHANGE, id, self->change_who);

  entry->limit = new_limit;
  entry->old_limit = old_limit;
  g_free (entry->message);
  entry->message = message;
}

/* Logs every difference between the limits and what was last logged. */
static gboolean
log_limit_changes (VigilAlarmEngine *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      const VigilAlarmSetting *now = vigil_alarm_limits_get (self->limits, i);
      VigilAlarmSetting *was = &self->known[i];
      gboolean other;

      if (!same_double (was->threshold, now->threshold))
        queue_limit_change (self, i, was->threshold, now->threshold,
                            describe_limit_change (i, "limit", was->threshold, now->threshold));
      if (!same_double (was->threshold2, now->threshold2))
        queue_limit_change (self, i, was->threshold2, now->threshold2,
                            describe_limit_change (i, "second limit", was->threshold2, now->threshold2));

      other = was->priority != now->priority
              || was->latching != now->latching
              || was->delay_us != now->delay_us
              || was->repeat_us != now->repeat_us
              || was->interval_us != now->interval_us
              || !same_double (was->sat_seconds, now->sat_seconds)
              || was->count != now->count
              || was->window_us != now->window_us;
      if (other)
        {
          const VigilAlarmInfo *info = vigil_alarm_get_info (i);
          char was_sat[G_ASCII_DTOSTR_BUF_SIZE];
          char now_sat[G_ASCII_DTOSTR_BUF_SIZE];
          char *message = g_strdup_printf ("%s %s settings: priority %s → %s, latching %s → %s, "
                                           "delay %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " ms, "
                                           "repeat %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " ms, "
                                           "interval %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " ms, "
                                           "SatSeconds %s → %s, count %u → %u in %"
                                           G_GINT64_FORMAT " → %" G_GINT64_FORMAT " ms",
                                           info->code, info->title,
                                           vigil_alarm_priority_to_string (was->priority),
                                           vigil_alarm_priority_to_string (now->priority),
                                           was->latching ? "yes" : "no", now->latching ? "yes" : "no",
                                           was->delay_us / 1000, now->delay_us / 1000,
                                           was->repeat_us / 1000, now->repeat_us / 1000,
                                           was->interval_us / 1000, now->interval_us / 1000,
                                           g_ascii_formatd (was_sat, sizeof was_sat, "%g", was->sat_seconds),
                                           g_ascii_formatd (now_sat, sizeof now_sat, "%g", now->sat_seconds),
                                           was->count, now->count,
                                           was->window_us / 1000, now->window_us / 1000);

          queue_limit_change (self, i, NAN, NAN, message);
        }

      if (!same_double (was->threshold, now->threshold)
          || !same_double (was->threshold2, now->threshold2)
          || other)
        any = TRUE;
      *was = *now;
    }
  return any;
}

static void
on_limits_changed (VigilAlarmLimits *limits,
                   VigilAlarmId      id,
                   gpointer          user_data)
{
  VigilAlarmEngine *self = user_data;

  /* Compare every condition: one "changed" may stand for several. */
  log_limit_changes (self);
  engine_update (self);
}

/* ---- the state machine ---- */

static VigilAlarmPriority
max_paused_priority (VigilAlarmEngine *self)
{
  VigilAlarmPriority max = VIGIL_ALARM_PRIORITY_NONE;

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    if (self->conditions[i].shown && self->conditions[i].paused)
      max = MAX (max, effective_priority (self, i));
  return max;
}

static void
start_occurrence (VigilAlarmEngine           *self,
                  VigilAlarmId                id,
                  const VigilConditionStatus *status,
                  gint64                      now,
                  VigilAlarmPriority         *restart)
{
  Condition *c = &self->conditions[id];
  VigilAlarmPriority priority;
  VigilAlarmPriority paused_max;
  VigilAlarmLogEntry *entry;

  /* The evaluator knows when a delay ran out even if this update comes a
   * tick later: escalation and the log count from then. */
  *c = (Condition) {
    .shown = TRUE,
    .present = TRUE,
    .latching = vigil_alarm_limits_get (self->limits, id)->latching,
    .onset_us = status->since_us > 0 && status->since_us <= now ? status->since_us : now,
    .status = *status,
  };
  priority = effective_priority (self, id);
  entry = queue_log (self, VIGIL_ALARM_LOG_START, id, NULL);
  entry->wall_us -= now - c->onset_us;

  paused_max = self->pause_end_us != 0 ? max_paused_priority (self) : VIGIL_ALARM_PRIORITY_NONE;
  if (paused_max != VIGIL_ALARM_PRIORITY_NONE && priority <= paused_max
      && !self->new_conditions_break_pause)
    {
      c->paused = TRUE;
      queue_log (self, VIGIL_ALARM_LOG_AUDIO_PAUSE, id, NULL);
      return;
    }
  if (paused_max != VIGIL_ALARM_PRIORITY_NONE && priority > paused_max)
    queue_log (self, VIGIL_ALARM_LOG_AUDIO_RESUME, id, NULL);
  *restart = MAX (*restart, priority);
}

static void
end_occurrence (VigilAlarmEngine *self,
                VigilAlarmId      id,
                const char       *who)
{
  Condition *c = &self->conditions[id];

  queue_log (self, VIGIL_ALARM_LOG_END, id, who);
  *c = (Condition) { .shown = FALSE };
}

static void
update_conditions (VigilAlarmEngine   *self,
                   gint64              now,
                   VigilAlarmPriority *restart)
{
  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      Condition *c = &self->conditions[i];
      VigilConditionStatus status;

      vigil_alarm_evaluator_get_status (self->evaluator, i, &status);

      if (!c->shown)
        {
          if (status.state == VIGIL_CONDITION_MET)
            start_occurrence (self, i, &status, now, restart);
          else
            {
              c->pending = status.state == VIGIL_CONDITION_PENDING;
              c->status = status;
            }
        }
      else if (status.state == VIGIL_CONDITION_MET)
        {
          /* Still (or again, if latched) present: keep the latest values
           * for the banner. */
          c->present = TRUE;
          c->status = status;
        }
      else if (c->present)
        {
          if (c->latching)
            c->present = FALSE;
          else
            {
              end_occurrence (self, i, NULL);
              c->pending = status.state == VIGIL_CONDITION_PENDING;
              c->status = status;
            }
        }
    }
}

static void
update_pause (VigilAlarmEngine   *self,
              gint64              now,
              VigilAlarmPriority *restart)
{
  gboolean any_paused = FALSE;

  if (self->pause_end_us == 0)
    return;

  if (now >= self->pause_end_us)
    {
      for (guint i = 0; i < VIGIL_N_ALARMS; i++)
        {
          Condition *c = &self->conditions[i];

          if (!c->shown || !c->paused)
            continue;
          c->paused = FALSE;
          queue_log (self, VIGIL_ALARM_LOG_AUDIO_RESUME, i, NULL);
          if (condition_audible (c))
            *restart = MAX (*restart, effective_priority (self, i));
        }
      self->pause_end_us = 0;
      return;
    }

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    if (self->conditions[i].shown && self->conditions[i].paused)
      any_paused = TRUE;
  if (!any_paused)
    self->pause_end_us = 0;
}

static void
update_escalation (VigilAlarmEngine   *self,
                   gint64              now,
                   VigilAlarmPriority *restart)
{
  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      Condition *c = &self->conditions[i];

      if (!c->shown || c->acknowledged || c->escalated)
        continue;
      if (setting_priority (self, i) != VIGIL_ALARM_PRIORITY_MEDIUM)
        continue;
      if (now - c->onset_us < self->escalation_us)
        continue;

      c->escalated = TRUE;
      queue_log (self, VIGIL_ALARM_LOG_ESCALATE, i, NULL);
      if (c->paused)
        {
          c->paused = FALSE;
          queue_log (self, VIGIL_ALARM_LOG_AUDIO_RESUME, i, NULL);
        }
      *restart = MAX (*restart, VIGIL_ALARM_PRIORITY_HIGH);
    }
}

static VigilAlarmPriority
compute_sound_priority (VigilAlarmEngine *self)
{
  VigilAlarmPriority max = VIGIL_ALARM_PRIORITY_NONE;

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    if (condition_audible (&self->conditions[i]))
      max = MAX (max, effective_priority (self, i));
  return max;
}

static void
update_sound (VigilAlarmEngine   *self,
              gint64              now,
              VigilAlarmPriority  restart)
{
  VigilAlarmPriority priority = compute_sound_priority (self);
  VigilAlarmPriority reminder = VIGIL_ALARM_PRIORITY_NONE;

  if (priority == VIGIL_ALARM_PRIORITY_NONE)
    self->sound_priority = VIGIL_ALARM_PRIORITY_NONE;
  else if (priority > self->sound_priority || restart >= priority)
    {
      self->sound_priority = priority;
      self->last_burst_us = now;
      queue_burst (self, priority, FALSE);
    }
  else
    {
      gint64 interval = self->repeat_us[priority];

      /* The owner went down a level (the higher alarm ended or was
       * silenced): the lower one keeps the running rhythm. */
      self->sound_priority = priority;
      if (now >= self->last_burst_us + interval)
        {
          self->last_burst_us += interval;
          if (now >= self->last_burst_us + interval)
            self->last_burst_us = now;
          queue_burst (self, priority, FALSE);
        }
    }

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      Condition *c = &self->conditions[i];

      if (!c->shown || !c->acknowledged || now < c->next_reminder_us)
        continue;
      while (c->next_reminder_us <= now)
        c->next_reminder_us += self->reminder_us;
      if (!c->paused)
        reminder = MAX (reminder, effective_priority (self, i));
    }
  /* The loudspeaker has one owner: an audible alarm covers the reminder. */
  if (reminder != VIGIL_ALARM_PRIORITY_NONE && self->sound_priority == VIGIL_ALARM_PRIORITY_NONE)
    queue_burst (self, reminder, TRUE);
}

static int
compare_shown (VigilAlarmEngine *self,
               VigilAlarmId      a,
               VigilAlarmId      b)
{
  VigilAlarmPriority pa = effective_priority (self, a);
  VigilAlarmPriority pb = effective_priority (self, b);
  gint64 oa = self->conditions[a].onset_us;
  gint64 ob = self->conditions[b].onset_us;

  if (pa != pb)
    return pa > pb ? -1 : 1;
  if (oa != ob)
    return oa > ob ? -1 : 1;
  return (int) a - (int) b;
}

static guint
collect_shown (VigilAlarmEngine *self,
               gboolean          technical,
               VigilAlarmId     *out)
{
  guint n = 0;

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      guint j;

      if (!self->conditions[i].shown
          || !vigil_alarm_get_info (i)->technical != !technical)
        continue;
      /* Insertion sort: at most VIGIL_N_ALARMS entries. */
      for (j = n; j > 0 && compare_shown (self, out[j - 1], i) > 0; j--)
        out[j] = out[j - 1];
      out[j] = i;
      n++;
    }
  return n;
}

static void
update_banners (VigilAlarmEngine *self,
                gint64            now)
{
  for (guint area = 0; area < 2; area++)
    {
      VigilAlarmId order[VIGIL_N_ALARMS];
      guint n = collect_shown (self, area == 1, order);

      if (n != self->banner_len[area]
          || memcmp (order, self->banner_order[area], n * sizeof order[0]) != 0)
        {
          memcpy (self->banner_order[area], order, n * sizeof order[0]);
          self->banner_len[area] = n;
          self->banner_index[area] = 0;
          self->banner_epoch_us[area] = now;
        }
      else if (n > 1)
        self->banner_index[area] = ((now - self->banner_epoch_us[area]) / self->rotation_us) % n;
    }
}

static void
take_presentation (VigilAlarmEngine *self,
                   Presentation     *out)
{
  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      const Condition *c = &self->conditions[i];

      out->state[i] = condition_state (c);
      out->priority[i] = c->shown ? effective_priority (self, i) : VIGIL_ALARM_PRIORITY_NONE;
      out->audible[i] = condition_audible (c);
      out->value[i] = c->status.value;
      out->value2[i] = c->status.value2;
      out->limit[i] = c->status.limit;
      out->limit2[i] = c->status.limit2;
      out->diastolic[i] = c->status.diastolic;
    }
  out->pause_end_us = self->pause_end_us;
  for (guint area = 0; area < 2; area++)
    out->banner[area] = self->banner_len[area] > 0
                        ? (int) self->banner_order[area][self->banner_index[area]]
                        : -1;
}

static gboolean
same_presentation (const Presentation *a,
                   const Presentation *b)
{
  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      if (a->state[i] != b->state[i]
          || a->priority[i] != b->priority[i]
          || a->audible[i] != b->audible[i]
          || !same_double (a->value[i], b->value[i])
          || !same_double (a->value2[i], b->value2[i])
          || !same_double (a->limit[i], b->limit[i])
          || !same_double (a->limit2[i], b->limit2[i])
          || !same_double (a->diastolic[i], b->diastolic[i]))
        return FALSE;
    }
  return a->pause_end_us == b->pause_end_us
         && a->banner[0] == b->banner[0]
         && a->banner[1] == b->banner[1];
}

static gboolean deadline_fired (gpointer data);

static gint64
next_deadline (VigilAlarmEngine *self)
{
  gint64 next = G_MAXINT64;

  if (self->pause_end_us != 0)
    next = MIN (next, self->pause_end_us);
  if (self->sound_priority != VIGIL_ALARM_PRIORITY_NONE)
    next = MIN (next, self->last_burst_us + self->repeat_us[self->sound_priority]);

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      const Condition *c = &self->conditions[i];

      if (!c->shown)
        continue;
      if (c->acknowledged)
        next = MIN (next, c->next_reminder_us);
      else if (!c->escalated && setting_priority (self, i) == VIGIL_ALARM_PRIORITY_MEDIUM)
        next = MIN (next, c->onset_us + self->escalation_us);
    }

  for (guint area = 0; area < 2; area++)
    if (self->banner_len[area] > 1)
      {
        gint64 elapsed = vigil_clock_get_monotonic (self->clock) - self->banner_epoch_us[area];

        next = MIN (next, self->banner_epoch_us[area]
                          + (elapsed / self->rotation_us + 1) * self->rotation_us);
      }
  return next;
}

static void
schedule_deadline (VigilAlarmEngine *self,
                   gint64            now)
{
  gint64 next = next_deadline (self);
  gint64 delay_ms;

  if (next == self->deadline_us && self->deadline_id != 0)
    return;
  if (self->deadline_id != 0)
    vigil_clock_timeout_remove (self->clock, self->deadline_id);
  self->deadline_id = 0;
  self->deadline_us = 0;
  if (next == G_MAXINT64)
    return;

  /* Round up: a timer may fire late, never early. */
  delay_ms = MAX (1, (next - now + 999) / 1000);
  self->deadline_us = next;
  self->deadline_id = vigil_clock_timeout_add (self->clock, (guint) MIN (delay_ms, G_MAXUINT),
                                               deadline_fired, self);
}

static void
engine_update (VigilAlarmEngine *self)
{
  VigilAlarmPriority restart = VIGIL_ALARM_PRIORITY_NONE;
  Presentation now_shown;
  gint64 now;

  if (self->evaluator == NULL)
    return;

  now = vigil_clock_get_monotonic (self->clock);
  vigil_alarm_evaluator_update (self->evaluator);

  update_pause (self, now, &restart);
  update_conditions (self, now, &restart);
  update_escalation (self, now, &restart);
  /* An acknowledgement or an end may have left no paused alarm. */
  update_pause (self, now, &restart);
  update_sound (self, now, restart);
  update_banners (self, now);

  take_presentation (self, &now_shown);
  if (!same_presentation (&now_shown, &self->published))
    {
      self->published = now_shown;
      self->changed_pending = TRUE;
    }

  schedule_deadline (self, now);
  flush_events (self);
}

static gboolean
deadline_fired (gpointer data)
{
  VigilAlarmEngine *self = data;

  self->deadline_id = 0;
  self->deadline_us = 0;
  engine_update (self);
  return G_SOURCE_REMOVE;
}

static gboolean
tick (gpointer data)
{
  engine_update (data);
  return G_SOURCE_CONTINUE;
}

static void
restart_tick (VigilAlarmEngine *self)
{
  if (self->clock == NULL)
    return;
  if (self->tick_id != 0)
    vigil_clock_timeout_remove (self->clock, self->tick_id);
  self->tick_id = vigil_clock_timeout_add (self->clock, self->tick_ms, tick, self);
}

/* ---- GObject ---- */

static void
vigil_alarm_engine_constructed (GObject *object)
{
  VigilAlarmEngine *self = VIGIL_ALARM_ENGINE (object);

  G_OBJECT_CLASS (vigil_alarm_engine_parent_class)->constructed (object);

  if (self->limits == NULL)
    self->limits = vigil_alarm_limits_new_default ();
  if (self->clock == NULL)
    self->clock = vigil_clock_new (1.0);

  /* The evaluator listens to the limits first, so it has re-read them
   * when our handler re-evaluates. */
  self->evaluator = vigil_alarm_evaluator_new (self->limits, self->clock);
  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    self->known[i] = *vigil_alarm_limits_get (self->limits, i);
  self->limits_changed_id = g_signal_connect (self->limits, "changed",
                                              G_CALLBACK (on_limits_changed), self);

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    vigil_alarm_evaluator_get_status (self->evaluator, i, &self->conditions[i].status);
  take_presentation (self, &self->published);

  restart_tick (self);
}

static void
vigil_alarm_engine_dispose (GObject *object)
{
  VigilAlarmEngine *self = VIGIL_ALARM_ENGINE (object);

  if (self->clock != NULL)
    {
      if (self->tick_id != 0)
        vigil_clock_timeout_remove (self->clock, self->tick_id);
      if (self->deadline_id != 0)
        vigil_clock_timeout_remove (self->clock, self->deadline_id);
    }
  self->tick_id = 0;
  self->deadline_id = 0;
  g_clear_signal_handler (&self->limits_changed_id, self->limits);
  g_clear_object (&self->evaluator);
  g_clear_object (&self->limits);
  g_clear_object (&self->clock);
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);

  G_OBJECT_CLASS (vigil_alarm_engine_parent_class)->dispose (object);
}

static void
vigil_alarm_engine_finalize (GObject *object)
{
  VigilAlarmEngine *self = VIGIL_ALARM_ENGINE (object);

  g_free (self->change_who);

  G_OBJECT_CLASS (vigil_alarm_engine_parent_class)->finalize (object);
}

static gint64 *
interval_field (VigilAlarmEngine *self,
                guint             prop_id)
{
  switch (prop_id)
    {
    case PROP_AUDIO_PAUSE_DURATION:     return &self->pause_duration_us;
    case PROP_AUDIO_PAUSE_MAXIMUM:      return &self->pause_maximum_us;
    case PROP_ESCALATION_DELAY:         return &self->escalation_us;
    case PROP_REMINDER_INTERVAL:        return &self->reminder_us;
    case PROP_HIGH_REPEAT_INTERVAL:     return &self->repeat_us[VIGIL_ALARM_PRIORITY_HIGH];
    case PROP_MEDIUM_REPEAT_INTERVAL:   return &self->repeat_us[VIGIL_ALARM_PRIORITY_MEDIUM];
    case PROP_LOW_REPEAT_INTERVAL:      return &self->repeat_us[VIGIL_ALARM_PRIORITY_LOW];
    case PROP_BANNER_ROTATION_INTERVAL: return &self->rotation_us;
    default:                            return NULL;
    }
}

static void
vigil_alarm_engine_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilAlarmEngine *self = VIGIL_ALARM_ENGINE (object);
  gint64 *field = interval_field (self, prop_id);

  if (field != NULL)
    {
      g_value_set_int64 (value, *field);
      return;
    }

  switch (prop_id)
    {
    case PROP_LIMITS:
      g_value_set_object (value, self->limits);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_TICK_INTERVAL:
      g_value_set_uint (value, self->tick_ms);
      break;

    case PROP_NEW_CONDITIONS_BREAK_PAUSE:
      g_value_set_boolean (value, self->new_conditions_break_pause);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_interval (VigilAlarmEngine *self,
              guint             prop_id,
              gint64            value)
{
  gint64 *field = interval_field (self, prop_id);

  /* The pause never exceeds its maximum, whatever order they are set in. */
  if (prop_id == PROP_AUDIO_PAUSE_DURATION)
    value = MIN (value, self->pause_maximum_us);

  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  if (prop_id == PROP_AUDIO_PAUSE_MAXIMUM)
    {
      gint64 now;

      if (self->pause_duration_us > value)
        {
          self->pause_duration_us = value;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_PAUSE_DURATION]);
        }
      if (self->clock != NULL && self->pause_end_us != 0)
        {
          now = vigil_clock_get_monotonic (self->clock);
          self->pause_end_us = MIN (self->pause_end_us, now + value);
        }
    }

  engine_update (self);
}

static void
vigil_alarm_engine_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VigilAlarmEngine *self = VIGIL_ALARM_ENGINE (object);

  if (interval_field (self, prop_id) != NULL)
    {
      set_interval (self, prop_id, g_value_get_int64 (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_LIMITS:
      self->limits = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    case PROP_TICK_INTERVAL:
      if (self->tick_ms != g_value_get_uint (value))
        {
          self->tick_ms = g_value_get_uint (value);
          if (self->tick_id != 0)
            restart_tick (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_NEW_CONDITIONS_BREAK_PAUSE:
      if (self->new_conditions_break_pause != g_value_get_boolean (value))
        {
          self->new_conditions_break_pause = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
interval_param (const char *name,
                const char *nick,
                const char *blurb,
                gint64      minimum,
                gint64      maximum,
                gint64      default_value)
{
  return g_param_spec_int64 (name, nick, blurb, minimum, maximum, default_value,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
vigil_alarm_engine_class_init (VigilAlarmEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_alarm_engine_constructed;
  object_class->dispose = vigil_alarm_engine_dispose;
  object_class->finalize = vigil_alarm_engine_finalize;
  object_class->get_property = vigil_alarm_engine_get_property;
  object_class->set_property = vigil_alarm_engine_set_property;

  properties[PROP_LIMITS] =
    g_param_spec_object ("limits", NULL, "The session's alarm limits",
                         VIGIL_TYPE_ALARM_LIMITS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, "The source of time",
                         VIGIL_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICK_INTERVAL] =
    g_param_spec_uint ("tick-interval", NULL,
                       "How often the conditions are re-evaluated without new input, in clock ms",
                       10, 5000, 250,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An indefinite silence led to deaths: the pause has a hard ceiling. */
  properties[PROP_AUDIO_PAUSE_DURATION] =
    interval_param ("audio-pause-duration", NULL,
                    "How long Pause audio silences the shown alarms, µs (at most audio-pause-maximum)",
                    10 * SECOND_US, 15 * MINUTE_US, 2 * MINUTE_US);
  properties[PROP_AUDIO_PAUSE_MAXIMUM] =
    interval_param ("audio-pause-maximum", NULL, "The longest audio pause allowed, µs",
                    10 * SECOND_US, 15 * MINUTE_US, 5 * MINUTE_US);
  properties[PROP_ESCALATION_DELAY] =
    interval_param ("escalation-delay", NULL,
                    "A medium alarm not acknowledged for this long becomes high, µs",
                    SECOND_US, 60 * MINUTE_US, 2 * MINUTE_US);
  properties[PROP_REMINDER_INTERVAL] =
    interval_param ("reminder-interval", NULL,
                    "Reminder burst period for acknowledged alarms, µs",
                    10 * SECOND_US, 60 * MINUTE_US, 3 * MINUTE_US);
  properties[PROP_HIGH_REPEAT_INTERVAL] =
    interval_param ("high-repeat-interval", NULL, "High priority burst period, µs",
                    SECOND_US, 60 * SECOND_US, 5 * SECOND_US);
  properties[PROP_MEDIUM_REPEAT_INTERVAL] =
    interval_param ("medium-repeat-interval", NULL, "Medium priority burst period, µs",
                    SECOND_US, 120 * SECOND_US, 10 * SECOND_US);
  properties[PROP_LOW_REPEAT_INTERVAL] =
    interval_param ("low-repeat-interval", NULL,
                    "Low priority burst period after the first burst, µs",
                    SECOND_US, 10 * MINUTE_US, 30 * SECOND_US);
  properties[PROP_BANNER_ROTATION_INTERVAL] =
    interval_param ("banner-rotation-interval", NULL,
                    "How long each alarm stays in the message area when several are shown, µs",
                    500 * 1000, 60 * SECOND_US, 2 * SECOND_US);
  properties[PROP_NEW_CONDITIONS_BREAK_PAUSE] =
    g_param_spec_boolean ("new-conditions-break-pause", NULL,
                          "Whether every condition starting during an audio pause sounds "
                          "(otherwise only those of higher priority than every paused alarm)",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LOG] =
    g_signal_new ("log", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  VIGIL_TYPE_ALARM_LOG_ENTRY | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[BURST] =
    g_signal_new ("burst", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  VIGIL_TYPE_ALARM_PRIORITY, G_TYPE_BOOLEAN);
}

static void
vigil_alarm_engine_init (VigilAlarmEngine *self)
{
  self->tick_ms = 250;
  self->pause_duration_us = 2 * MINUTE_US;
  self->pause_maximum_us = 5 * MINUTE_US;
  self->escalation_us = 2 * MINUTE_US;
  self->reminder_us = 3 * MINUTE_US;
  self->repeat_us[VIGIL_ALARM_PRIORITY_NONE] = G_MAXINT64 / 4;
  self->repeat_us[VIGIL_ALARM_PRIORITY_LOW] = 30 * SECOND_US;
  self->repeat_us[VIGIL_ALARM_PRIORITY_MEDIUM] = 10 * SECOND_US;
  self->repeat_us[VIGIL_ALARM_PRIORITY_HIGH] = 5 * SECOND_US;
  self->rotation_us = 2 * SECOND_US;
  self->new_conditions_break_pause = TRUE;
  g_queue_init (&self->events);
}

/* ---- public API ---- */

/**
 * vigil_alarm_engine_new:
 * @limits: (nullable): the session's limits (the factory defaults if %NULL)
 * @clock: (nullable): the clock (the system's if %NULL)
 *
 * Returns: (transfer full): an engine with its own evaluator, already
 *   ticking on @clock
 */
VigilAlarmEngine *
vigil_alarm_engine_new (VigilAlarmLimits *limits,
                        VigilClock       *clock)
{
  g_return_val_if_fail (limits == NULL || VIGIL_IS_ALARM_LIMITS (limits), NULL);
  g_return_val_if_fail (clock == NULL || VIGIL_IS_CLOCK (clock), NULL);

  return g_object_new (VIGIL_TYPE_ALARM_ENGINE,
                       "limits", limits,
                       "clock", clock,
                       NULL);
}

/**
 * vigil_alarm_engine_get_evaluator:
 *
 * Returns: (transfer none): the evaluator the engine feeds
 */
VigilAlarmEvaluator *
vigil_alarm_engine_get_evaluator (VigilAlarmEngine *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), NULL);
  return self->evaluator;
}

/**
 * vigil_alarm_engine_get_limits:
 *
 * Returns: (transfer none): the limits
 */
VigilAlarmLimits *
vigil_alarm_engine_get_limits (VigilAlarmEngine *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), NULL);
  return self->limits;
}

/**
 * vigil_alarm_engine_get_clock:
 *
 * Returns: (transfer none): the clock
 */
VigilClock *
vigil_alarm_engine_get_clock (VigilAlarmEngine *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), NULL);
  return self->clock;
}

void
vigil_alarm_engine_observe (VigilAlarmEngine       *self,
                            const VigilObservation *observation)
{
  g_return_if_fail (VIGIL_IS_ALARM_ENGINE (self));
  g_return_if_fail (observation != NULL);

  vigil_alarm_evaluator_observe (self->evaluator, observation);
  engine_update (self);
}

void
vigil_alarm_engine_technical (VigilAlarmEngine          *self,
                              const VigilTechnicalEvent *event)
{
  g_return_if_fail (VIGIL_IS_ALARM_ENGINE (self));
  g_return_if_fail (event != NULL);

  vigil_alarm_evaluator_technical (self->evaluator, event);
  engine_update (self);
}

void
vigil_alarm_engine_set_sound_available (VigilAlarmEngine *self,
                                        gboolean          available)
{
  g_return_if_fail (VIGIL_IS_ALARM_ENGINE (self));

  vigil_alarm_evaluator_set_sound_available (self->evaluator, available);
  engine_update (self);
}

/**
 * vigil_alarm_engine_update:
 *
 * Re-evaluates now. The engine's clock timers already do this; call it
 * after changing the evaluator directly (for example its NIBP baseline).
 */
void
vigil_alarm_engine_update (VigilAlarmEngine *self)
{
  g_return_if_fail (VIGIL_IS_ALARM_ENGINE (self));

  engine_update (self);
}

/**
 * vigil_alarm_engine_acknowledge:
 * @id: a shown alarm
 * @who: (nullable): the staff member
 *
 * Silences this occurrence of @id (a reminder burst every
 * reminder-interval); its visual signal stays while it lasts. Acknowledging
 * an acknowledged alarm does nothing and succeeds.
 *
 * Returns: %TRUE, or %FALSE with %VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE if
 *   @id is not shown
 */
gboolean
vigil_alarm_engine_acknowledge (VigilAlarmEngine  *self,
                                VigilAlarmId       id,
                                const char        *who,
                                GError           **error)
{
  Condition *c;

  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), FALSE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  c = &self->conditions[id];
  if (!c->shown)
    {
      g_set_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE,
                   _("“%s” is not alarming: there is nothing to acknowledge."),
                   alarm_title (id));
      return FALSE;
    }
  if (c->acknowledged)
    return TRUE;

  c->acknowledged = TRUE;
  c->paused = FALSE;
  c->next_reminder_us = vigil_clock_get_monotonic (self->clock) + self->reminder_us;
  queue_log (self, VIGIL_ALARM_LOG_ACKNOWLEDGE, id, who);
  engine_update (self);
  return TRUE;
}

/**
 * vigil_alarm_engine_pause_audio:
 * @who: (nullable): the staff member
 *
 * Silences every shown alarm for audio-pause-duration (restarting the
 * countdown if a pause runs); their visual signals stay. Does nothing
 * when no alarm is shown.
 */
void
vigil_alarm_engine_pause_audio (VigilAlarmEngine *self,
                                const char       *who)
{
  gboolean any = FALSE;

  g_return_if_fail (VIGIL_IS_ALARM_ENGINE (self));

  /* Bring the states up to date first: pause what is shown now. */
  engine_update (self);

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      Condition *c = &self->conditions[i];

      if (!c->shown)
        continue;
      c->paused = TRUE;
      queue_log (self, VIGIL_ALARM_LOG_AUDIO_PAUSE, i, who);
      any = TRUE;
    }
  if (any)
    self->pause_end_us = vigil_clock_get_monotonic (self->clock)
                         + MIN (self->pause_duration_us, self->pause_maximum_us);
  engine_update (self);
}

/**
 * vigil_alarm_engine_reset:
 * @id: a latched alarm
 * @who: (nullable): the staff member
 *
 * Ends a latched alarm whose cause is gone (logs RESET, then END).
 *
 * Returns: %TRUE, or %FALSE with %VIGIL_ALARM_ENGINE_ERROR_CAUSE_PRESENT
 *   while the cause persists, or %VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE if
 *   @id is not a shown latching alarm
 */
gboolean
vigil_alarm_engine_reset (VigilAlarmEngine  *self,
                          VigilAlarmId       id,
                          const char        *who,
                          GError           **error)
{
  Condition *c;

  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), FALSE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Decide on the cause as it is now, not as of the last tick. */
  engine_update (self);

  c = &self->conditions[id];
  if (!c->shown)
    {
      g_set_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE,
                   _("“%s” is not alarming: there is nothing to reset."),
                   alarm_title (id));
      return FALSE;
    }
  if (!c->latching)
    {
      g_set_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE,
                   _("“%s” is not a latching alarm: it clears by itself when its cause is gone."),
                   alarm_title (id));
      return FALSE;
    }
  if (c->present)
    {
      g_set_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_CAUSE_PRESENT,
                   _("“%s” cannot be reset while its cause is still present. "
                     "Attend to the patient or the device; reset it once the cause is gone."),
                   alarm_title (id));
      return FALSE;
    }

  queue_log (self, VIGIL_ALARM_LOG_RESET, id, who);
  end_occurrence (self, id, who);
  engine_update (self);
  return TRUE;
}

/**
 * vigil_alarm_engine_set_threshold:
 * @id: a condition
 * @second: change the second limit (DIA, MAP) instead of the first
 * @value: the new limit
 * @who: (nullable): the staff member
 *
 * Changes a limit through the limits' validation, logs LIMIT_CHANGE with
 * the old and new limit and @who, and re-evaluates at once.
 *
 * Returns: %TRUE, or %FALSE with %VIGIL_ALARM_ENGINE_ERROR_INVALID_LIMIT
 */
gboolean
vigil_alarm_engine_set_threshold (VigilAlarmEngine  *self,
                                  VigilAlarmId       id,
                                  gboolean           second,
                                  double             value,
                                  const char        *who,
                                  GError           **error)
{
  const VigilAlarmSetting *setting;
  g_autoptr(GError) local_error = NULL;
  double old_value;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), FALSE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  setting = vigil_alarm_limits_get (self->limits, id);
  old_value = second ? setting->threshold2 : setting->threshold;
  if (isnan (old_value))
    {
      if (second)
        g_set_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_INVALID_LIMIT,
                     _("“%s” has no second limit to change."), alarm_title (id));
      else
        g_set_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_INVALID_LIMIT,
                     _("“%s” has no limit to change."), alarm_title (id));
      return FALSE;
    }
  if (value == old_value)
    return TRUE;

  g_free (self->change_who);
  self->change_who = g_strdup (who);
  if (second)
    ok = vigil_alarm_limits_set_threshold2 (self->limits, id, value, &local_error);
  else
    ok = vigil_alarm_limits_set_threshold (self->limits, id, value, &local_error);

  /* The "changed" handler has normally logged it already; this catches a
   * change the limits did not announce. */
  if (ok)
    log_limit_changes (self);
  g_clear_pointer (&self->change_who, g_free);

  if (!ok)
    {
      g_set_error_literal (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_INVALID_LIMIT,
                           local_error != NULL ? local_error->message
                                               : _("The limit was refused."));
      return FALSE;
    }

  engine_update (self);
  return TRUE;
}

VigilAlarmState
vigil_alarm_engine_get_state (VigilAlarmEngine *self,
                              VigilAlarmId      id)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), VIGIL_ALARM_STATE_INACTIVE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, VIGIL_ALARM_STATE_INACTIVE);

  return condition_state (&self->conditions[id]);
}

/**
 * vigil_alarm_engine_is_audible:
 * @id: a condition
 *
 * Returns: whether @id is shown and neither acknowledged nor audio paused,
 *   so it claims the loudspeaker (a latched alarm does until acknowledged)
 */
gboolean
vigil_alarm_engine_is_audible (VigilAlarmEngine *self,
                               VigilAlarmId      id)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), FALSE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, FALSE);

  return condition_audible (&self->conditions[id]);
}

/**
 * vigil_alarm_engine_get_priority:
 * @id: a condition
 *
 * Returns: the effective priority (after escalation) of a shown alarm,
 *   its configured priority otherwise
 */
VigilAlarmPriority
vigil_alarm_engine_get_priority (VigilAlarmEngine *self,
                                 VigilAlarmId      id)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), VIGIL_ALARM_PRIORITY_NONE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, VIGIL_ALARM_PRIORITY_NONE);

  return effective_priority (self, id);
}

/**
 * vigil_alarm_engine_get_status:
 * @id: a condition
 * @out_status: (out): for a shown alarm, the evaluator's status the last
 *   time its cause was present (what the banner shows); otherwise the
 *   evaluator's status as of the last update
 *
 * Returns: whether @id is shown
 */
gboolean
vigil_alarm_engine_get_status (VigilAlarmEngine     *self,
                               VigilAlarmId          id,
                               VigilConditionStatus *out_status)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), FALSE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, FALSE);
  g_return_val_if_fail (out_status != NULL, FALSE);

  *out_status = self->conditions[id].status;
  return self->conditions[id].shown;
}

/**
 * vigil_alarm_engine_get_pause_remaining:
 *
 * Returns: the audio pause countdown in clock µs, 0 when no pause runs
 */
gint64
vigil_alarm_engine_get_pause_remaining (VigilAlarmEngine *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), 0);

  if (self->pause_end_us == 0)
    return 0;
  return MAX (self->pause_end_us - vigil_clock_get_monotonic (self->clock), 0);
}

/**
 * vigil_alarm_engine_get_lamp_priority:
 *
 * Returns: the highest effective priority among shown alarms (both areas),
 *   the colour of the alarm lamp; NONE when nothing is shown
 */
VigilAlarmPriority
vigil_alarm_engine_get_lamp_priority (VigilAlarmEngine *self)
{
  VigilAlarmPriority max = VIGIL_ALARM_PRIORITY_NONE;

  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), VIGIL_ALARM_PRIORITY_NONE);

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    if (self->conditions[i].shown)
      max = MAX (max, effective_priority (self, i));
  return max;
}

/**
 * vigil_alarm_engine_get_sound_priority:
 *
 * Returns: the highest effective priority among audible alarms (shown, not
 *   acknowledged, not paused): the bursts being played; NONE when silent
 *   (reminder bursts aside)
 */
VigilAlarmPriority
vigil_alarm_engine_get_sound_priority (VigilAlarmEngine *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), VIGIL_ALARM_PRIORITY_NONE);

  return compute_sound_priority (self);
}

/**
 * vigil_alarm_engine_list_shown:
 * @technical: the technical area rather than the patient's
 *
 * Returns: (transfer full) (element-type VigilAlarmId): the shown alarms of
 *   the area, high priority first, then the newest first
 */
GArray *
vigil_alarm_engine_list_shown (VigilAlarmEngine *self,
                               gboolean          technical)
{
  VigilAlarmId order[VIGIL_N_ALARMS];
  GArray *list;
  guint n;

  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), NULL);

  n = collect_shown (self, technical, order);
  list = g_array_sized_new (FALSE, FALSE, sizeof (VigilAlarmId), n);
  g_array_append_vals (list, order, n);
  return list;
}

/**
 * vigil_alarm_engine_get_banner:
 * @technical: the technical area rather than the patient's
 * @out_id: (out) (optional): the alarm the area shows now
 *
 * The message area rotates every banner-rotation-interval through all the
 * area's shown alarms, in vigil_alarm_engine_list_shown() order, starting
 * again from the first whenever that list changes. "changed" is emitted at
 * each rotation.
 *
 * Returns: %FALSE when the area shows nothing
 */
gboolean
vigil_alarm_engine_get_banner (VigilAlarmEngine *self,
                               gboolean          technical,
                               VigilAlarmId     *out_id)
{
  guint area = technical ? 1 : 0;

  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), FALSE);

  if (self->banner_len[area] == 0)
    return FALSE;
  if (out_id != NULL)
    *out_id = self->banner_order[area][self->banner_index[area]];
  return TRUE;
}

/**
 * vigil_alarm_engine_format_banner:
 * @id: a condition
 *
 * Returns: (transfer full): the priority marker and the message, e.g.
 *   "!! SpO₂ 88 < 90"
 */
char *
vigil_alarm_engine_format_banner (VigilAlarmEngine *self,
                                  VigilAlarmId      id)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (VIGIL_IS_ALARM_ENGINE (self), NULL);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, NULL);

  message = vigil_alarm_format_message (id, &self->conditions[id].status);
  return g_strdup_printf ("%s %s",
                          vigil_alarm_priority_get_marker (effective_priority (self, id)),
                          message);
}
