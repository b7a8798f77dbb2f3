/* vigil-lock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lock keeps no PINs and checks none: VigilStaff verifies, the lock
 * only remembers who passed and forgets them after a while without input,
 * so that a tablet left unlocked in a treatment room locks itself.
 */
#include "vigil-lock.h"

#include <glib/gi18n.h>
#include <math.h>

/* How often the inactivity is looked at, in clock time. */
#define CHECK_INTERVAL_MS 1000

struct _VigilLock
{
  GObject           parent_instance;

  VigilStaff       *staff;
  VigilClock       *clock;
  VigilStaffMember *person;
  gint64            last_input_us;   /* clock monotonic */
  double            pointer_x;       /* where the last motion was */
  double            pointer_y;
  guint             check_id;        /* clock timer, while unlocked */
  guint             lock_after_s;
  gboolean          active;
};

G_DEFINE_FINAL_TYPE (VigilLock, vigil_lock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_PERSON,
  PROP_LOCK_AFTER_S,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_AUTO_LOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
stop_timer (VigilLock *self)
{
  if (self->check_id != 0)
    vigil_clock_timeout_remove (self->clock, self->check_id);
  self->check_id = 0;
}

void
vigil_lock_audit (VigilLock  *self,
                  const char *action,
                  const char *detail)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_LOCK (self));
  g_return_if_fail (action != NULL);

  if (!vigil_staff_audit (self->staff, self->person, action, detail, &error))
    g_message ("The audit log did not record “%s”: %s", action, error->message);
}

/* Forgets the person; @action is the audit line ("lock", "auto-lock"). */
static void
relock (VigilLock  *self,
        const char *action)
{
  g_autoptr(VigilStaffMember) person = NULL;
  g_autofree char *detail = NULL;

  stop_timer (self);
  if (self->person == NULL)
    return;

  person = g_steal_pointer (&self->person);
  if (g_str_equal (action, "auto-lock"))
    {
      /* The system locks, not the person: the audit says whose it was. */
      detail = g_strdup_printf ("%s, after %u s without input", person->name, self->lock_after_s);
      if (!vigil_staff_audit (self->staff, NULL, action, detail, NULL))
        g_message ("The audit log did not record the inactivity lock.");
    }
  else if (!vigil_staff_audit (self->staff, person, action, NULL, NULL))
    g_message ("The audit log did not record the lock.");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON]);
}

static gboolean
check_inactivity (gpointer data)
{
  VigilLock *self = data;
  gint64 idle_us = vigil_clock_get_monotonic (self->clock) - self->last_input_us;

  if (self->person == NULL || idle_us < (gint64) self->lock_after_s * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  /* The timer goes with the relock; the clock must not remove it again. */
  self->check_id = 0;
  relock (self, "auto-lock");
  g_signal_emit (self, signals[SIGNAL_AUTO_LOCKED], 0);
  return G_SOURCE_REMOVE;
}

static void
vigil_lock_dispose (GObject *object)
{
  VigilLock *self = VIGIL_LOCK (object);

  if (self->clock != NULL)
    stop_timer (self);
  g_clear_object (&self->staff);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vigil_lock_parent_class)->dispose (object);
}

static void
vigil_lock_finalize (GObject *object)
{
  VigilLock *self = VIGIL_LOCK (object);

  g_clear_pointer (&self->person, vigil_staff_member_free);

  G_OBJECT_CLASS (vigil_lock_parent_class)->finalize (object);
}

static void
vigil_lock_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VigilLock *self = VIGIL_LOCK (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_PERSON:
      g_value_set_boxed (value, self->person);
      break;
    case PROP_LOCK_AFTER_S:
      g_value_set_uint (value, self->lock_after_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_lock_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VigilLock *self = VIGIL_LOCK (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      vigil_lock_set_active (self, g_value_get_boolean (value));
      break;
    case PROP_LOCK_AFTER_S:
      vigil_lock_set_lock_after (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_lock_class_init (VigilLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_lock_dispose;
  object_class->finalize = vigil_lock_finalize;
  object_class->get_property = vigil_lock_get_property;
  object_class->set_property = vigil_lock_set_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSON] =
    g_param_spec_boxed ("person", NULL, NULL, VIGIL_TYPE_STAFF_MEMBER,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCK_AFTER_S] =
    g_param_spec_uint ("lock-after-s", NULL, NULL, 1, G_MAXUINT, VIGIL_LOCK_DEFAULT_AFTER_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_AUTO_LOCKED] =
    g_signal_new ("auto-locked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_lock_init (VigilLock *self)
{
  self->lock_after_s = VIGIL_LOCK_DEFAULT_AFTER_S;
  /* Nowhere: the first motion always counts. */
  self->pointer_x = self->pointer_y = -G_MAXDOUBLE;
}

VigilLock *
vigil_lock_new (VigilStaff *staff,
                VigilClock *clock)
{
  VigilLock *self;

  g_return_val_if_fail (VIGIL_IS_STAFF (staff), NULL);
  g_return_val_if_fail (VIGIL_IS_CLOCK (clock), NULL);

  self = g_object_new (VIGIL_TYPE_LOCK, NULL);
  self->staff = g_object_ref (staff);
  self->clock = g_object_ref (clock);
  return self;
}

VigilStaff *
vigil_lock_get_staff (VigilLock *self)
{
  g_return_val_if_fail (VIGIL_IS_LOCK (self), NULL);
  return self->staff;
}

void
vigil_lock_set_active (VigilLock *self,
                       gboolean   active)
{
  g_return_if_fail (VIGIL_IS_LOCK (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  if (!active)
    {
      /* Nothing is gated any more: nobody needs to be unlocked. */
      stop_timer (self);
      if (self->person != NULL)
        {
          g_clear_pointer (&self->person, vigil_staff_member_free);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON]);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
vigil_lock_get_active (VigilLock *self)
{
  g_return_val_if_fail (VIGIL_IS_LOCK (self), FALSE);
  return self->active;
}

void
vigil_lock_set_lock_after (VigilLock *self,
                           guint      seconds)
{
  g_return_if_fail (VIGIL_IS_LOCK (self));
  g_return_if_fail (seconds > 0);

  if (self->lock_after_s == seconds)
    return;
  self->lock_after_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCK_AFTER_S]);
}

guint
vigil_lock_get_lock_after (VigilLock *self)
{
  g_return_val_if_fail (VIGIL_IS_LOCK (self), 0);
  return self->lock_after_s;
}

const VigilStaffMember *
vigil_lock_get_person (VigilLock *self)
{
  g_return_val_if_fail (VIGIL_IS_LOCK (self), NULL);
  return self->person;
}

gboolean
vigil_lock_allows (VigilLock           *self,
                   VigilStaffPrivilege  privilege)
{
  g_return_val_if_fail (VIGIL_IS_LOCK (self), FALSE);

  if (!self->active)
    return TRUE;
  return self->person != NULL && vigil_staff_role_allows (self->person->role, privilege);
}

gboolean
vigil_lock_needs_first_admin (VigilLock *self)
{
  g_return_val_if_fail (VIGIL_IS_LOCK (self), FALSE);
  return self->active && !vigil_staff_has_admin (self->staff);
}

void
vigil_lock_unlock (VigilLock              *self,
                   const VigilStaffMember *person,
                   const char             *reason)
{
  g_return_if_fail (VIGIL_IS_LOCK (self));
  g_return_if_fail (person != NULL);

  g_clear_pointer (&self->person, vigil_staff_member_free);
  /* vigil_staff_verify() has audited the unlock itself. */
  self->person = vigil_staff_member_copy (person);
  g_debug ("Unlocked by %s for %s", person->name, reason != NULL ? reason : "nothing in particular");

  self->last_input_us = vigil_clock_get_monotonic (self->clock);
  if (self->active && self->check_id == 0)
    self->check_id = vigil_clock_timeout_add (self->clock, CHECK_INTERVAL_MS, check_inactivity, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON]);
}

void
vigil_lock_lock (VigilLock *self)
{
  g_return_if_fail (VIGIL_IS_LOCK (self));
  relock (self, "lock");
}

void
vigil_lock_touch (VigilLock *self)
{
  g_return_if_fail (VIGIL_IS_LOCK (self));
  self->last_input_us = vigil_clock_get_monotonic (self->clock);
}

static gboolean
on_input (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          VigilLock                *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
      vigil_lock_touch (self);
      break;
    case GDK_MOTION_NOTIFY:
      /* Only a pointer that moved: X and GTK also send motion for a
       * resting pointer (a device switch, a window placed under it), and
       * that must not keep an unattended tablet unlocked. */
      {
        double x, y;

        if (gdk_event_get_position (event, &x, &y)
            && (fabs (x - self->pointer_x) >= 1 || fabs (y - self->pointer_y) >= 1))
          {
            self->pointer_x = x;
            self->pointer_y = y;
            vigil_lock_touch (self);
          }
      }
      break;
    default:
      break;
    }
  /* Only watching: the event goes on to the widget it was for. */
  return GDK_EVENT_PROPAGATE;
}

void
vigil_lock_watch_input (VigilLock *self,
                        GtkWidget *widget)
{
  GtkEventController *controller;

  g_return_if_fail (VIGIL_IS_LOCK (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_name (controller, "vigil-lock-activity");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_input), self, 0);
  gtk_widget_add_controller (widget, controller);
}

const char *
vigil_lock_describe_denied (VigilStaffPrivilege privilege)
{
  switch (privilege)
    {
    case VIGIL_STAFF_PRIVILEGE_QUIT:
      return _("Only staff can quit Vigil.");
    case VIGIL_STAFF_PRIVILEGE_ALARM_LIMITS:
      return _("Only staff can change alarm limits.");
    case VIGIL_STAFF_PRIVILEGE_DEVICES:
      return _("Only staff can change devices.");
    case VIGIL_STAFF_PRIVILEGE_SETTINGS:
      return _("Only an admin can change settings.");
    case VIGIL_STAFF_PRIVILEGE_STAFF:
    default:
      return _("Only an admin can manage staff.");
    }
}
