/* vigil-night-mode.c — the dimmed look for a darkened treatment room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Night mode is a CSS class on the window: ui/style.css dims the screen
 * under `window.night` and leaves the alarm signals at full strength. This
 * object only decides when the class is on: "night-mode" is "off", "on" or
 * "by-clock"; by the clock it re-checks at each minute boundary (a timeout
 * that re-arms itself, never a per-frame check).
 */
#include "vigil-night-mode.h"

struct _VigilNightMode
{
  GObject    parent_instance;

  GSettings *settings;
  GtkWidget *widget;     /* weak */
  gboolean   active;
  guint      minute_id;
};

G_DEFINE_FINAL_TYPE (VigilNightMode, vigil_night_mode, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (VigilNightMode *self);

/* "HH:MM" (24-hour) → minutes since midnight, or -1. */
static int
parse_hhmm (const char *text)
{
  guint64 hours, minutes;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return -1;
  hours = g_ascii_strtoull (text, &end, 10);
  if (end == text || end - text > 2 || *end != ':' || hours > 23)
    return -1;
  text = end + 1;
  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != '\0')
    return -1;
  minutes = g_ascii_strtoull (text, &end, 10);
  if (minutes > 59)
    return -1;
  return (int) (hours * 60 + minutes);
}

gboolean
vigil_night_mode_is_night_at (const char *start,
                              const char *end,
                              GDateTime  *now)
{
  int from = parse_hhmm (start);
  int to = parse_hhmm (end);
  int at;

  g_return_val_if_fail (now != NULL, FALSE);

  if (from < 0 || to < 0 || from == to)
    return FALSE;
  at = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
  if (from < to)
    return at >= from && at < to;
  /* Wraps past midnight: 20:00–07:00. */
  return at >= from || at < to;
}

static gboolean
on_minute (gpointer data)
{
  VigilNightMode *self = data;

  self->minute_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* Wakes just after the next minute boundary of the wall clock. */
static void
schedule_minute (VigilNightMode *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int ms = (60 - g_date_time_get_second (now)) * 1000
           - g_date_time_get_microsecond (now) / 1000 + 50;

  g_clear_handle_id (&self->minute_id, g_source_remove);
  self->minute_id = g_timeout_add (MAX (ms, 50), on_minute, self);
}

static void
apply_class (VigilNightMode *self)
{
  if (self->widget == NULL)
    return;
  if (self->active)
    gtk_widget_add_css_class (self->widget, "night");
  else
    gtk_widget_remove_css_class (self->widget, "night");
}

static void
update (VigilNightMode *self)
{
  g_autofree char *mode = g_settings_get_string (self->settings, "night-mode");
  gboolean active = FALSE;

  g_clear_handle_id (&self->minute_id, g_source_remove);
  if (g_str_equal (mode, "on"))
    active = TRUE;
  else if (g_str_equal (mode, "by-clock"))
    {
      g_autofree char *start = g_settings_get_string (self->settings, "night-start");
      g_autofree char *end = g_settings_get_string (self->settings, "night-end");
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      active = vigil_night_mode_is_night_at (start, end, now);
      schedule_minute (self);
    }

  if (active == self->active)
    return;
  self->active = active;
  apply_class (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
on_settings_changed (GSettings      *settings,
                     const char     *key,
                     VigilNightMode *self)
{
  if (g_str_equal (key, "night-mode") || g_str_equal (key, "night-start") || g_str_equal (key, "night-end"))
    update (self);
}

static void
vigil_night_mode_constructed (GObject *object)
{
  VigilNightMode *self = VIGIL_NIGHT_MODE (object);

  G_OBJECT_CLASS (vigil_night_mode_parent_class)->constructed (object);

  g_assert (self->settings != NULL);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, 0);
  update (self);
}

static void
vigil_night_mode_dispose (GObject *object)
{
  VigilNightMode *self = VIGIL_NIGHT_MODE (object);

  g_clear_handle_id (&self->minute_id, g_source_remove);
  if (self->widget != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
  self->widget = NULL;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vigil_night_mode_parent_class)->dispose (object);
}

static void
vigil_night_mode_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilNightMode *self = VIGIL_NIGHT_MODE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_night_mode_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VigilNightMode *self = VIGIL_NIGHT_MODE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_night_mode_class_init (VigilNightModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_night_mode_constructed;
  object_class->dispose = vigil_night_mode_dispose;
  object_class->get_property = vigil_night_mode_get_property;
  object_class->set_property = vigil_night_mode_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_night_mode_init (VigilNightMode *self)
{
}

VigilNightMode *
vigil_night_mode_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (VIGIL_TYPE_NIGHT_MODE, "settings", settings, NULL);
}

/* Keeps the "night" class on @widget (the window) in step with "active".
 * The widget is not owned: attach from the widget that owns this object. */
void
vigil_night_mode_attach (VigilNightMode *self,
                         GtkWidget      *widget)
{
  g_return_if_fail (VIGIL_IS_NIGHT_MODE (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  if (self->widget == widget)
    return;
  if (self->widget != NULL)
    {
      gtk_widget_remove_css_class (self->widget, "night");
      g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
    }
  self->widget = widget;
  if (widget != NULL)
    g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->widget);
  apply_class (self);
}

gboolean
vigil_night_mode_get_active (VigilNightMode *self)
{
  g_return_val_if_fail (VIGIL_IS_NIGHT_MODE (self), FALSE);
  return self->active;
}
