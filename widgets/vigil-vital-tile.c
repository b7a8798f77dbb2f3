/* vigil-vital-tile.c — one vital sign as a large numeric with its limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The tile shows a value and how fresh it is; it never decides either.
 * The app sets the value, the data state, the limits and whether a limit
 * is in alarm (the alarm engine's verdict, with its delays), and sets "now"
 * once a second so the age of an episodic reading keeps counting.
 *
 * States are CSS classes on the tile (.live, .stale, .absent) so the
 * stylesheet greys a frozen number; the text also changes (a hint, `---`),
 * so the state never depends on colour alone.
 *
 * While the tile's parameter is in alarm the app sets its priority
 * (#VigilVitalTile:flash-priority, a class .alarm-high/.alarm-medium/
 * .alarm-low that rings the tile and colours the violated limit) and the
 * alarm's onset. High and medium make the value flash in step with the
 * banner: a frame-clock tick, only while mapped and flashing, asks
 * vigil_flash_is_on() and toggles .flash-off on the value (dimmed, still
 * readable); steady priorities leave the value at full brightness.
 */

#include "vigil-vital-tile.h"
#include "vigil-vital-tile-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "vigil-flash.h"

struct _VigilVitalTile
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkWidget      *box;
  GtkLabel       *label_label;
  GtkLabel       *unit_label;
  GtkWidget      *limits_box;
  GtkLabel       *high_label;
  GtkLabel       *low_label;
  GtkLabel       *value_label;
  GtkLabel       *mean_label;
  GtkLabel       *status_label;

  char           *label;
  char           *unit;
  char           *accent;
  gboolean        pressure;
  guint           decimals;

  double          value;
  double          diastolic;
  double          mean;
  VigilDataState  state;

  double          low_limit;
  double          high_limit;
  gboolean        low_alarm;
  gboolean        high_alarm;

  gint64          measurement_time;
  gint64          now;

  /* The alarm on this parameter, and the flash it drives. */
  VigilAlarmPriority  flash_priority;
  gint64              alarm_onset;
  gboolean            flash_on;
  guint               tick_id;
  gint64              time_override;  /* tests: frame time to use, or -1 */

  /* What a screen reader says, rewritten at most once a second. */
  char               *accessible_text;
  gint64              accessible_us;
  guint               accessible_id;
};

G_DEFINE_FINAL_TYPE (VigilVitalTile, vigil_vital_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_UNIT,
  PROP_ACCENT,
  PROP_PRESSURE,
  PROP_DECIMALS,
  PROP_VALUE,
  PROP_DIASTOLIC,
  PROP_MEAN,
  PROP_DATA_STATE,
  PROP_LOW_LIMIT,
  PROP_HIGH_LIMIT,
  PROP_LOW_ALARM,
  PROP_HIGH_ALARM,
  PROP_MEASUREMENT_TIME,
  PROP_NOW,
  PROP_FLASH_PRIORITY,
  PROP_ALARM_ONSET,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Six decimals is far beyond any vital sign; it bounds the printf. */
#define MAX_DECIMALS 6

static char *
format_number (double value,
               guint  decimals)
{
  if (!isfinite (value))
    return g_strdup ("---");

  /* "-0" reads as a sign error. */
  if (fabs (value) < 0.5 * pow (10.0, -(double) decimals))
    value = 0.0;

  return g_strdup_printf ("%.*f", (int) decimals, value);
}

/**
 * vigil_vital_tile_format_age:
 * @measurement_time_us: wall-clock time of the reading, µs; 0 if unknown
 * @now_us: wall-clock now, µs; 0 if unknown
 *
 * Returns: (transfer full): the age of a reading as a nurse says it, or an
 *   empty string when either time is unknown
 */
char *
vigil_vital_tile_format_age (gint64 measurement_time_us,
                             gint64 now_us)
{
  gint64 minutes;

  if (measurement_time_us <= 0 || now_us <= 0)
    return g_strdup ("");

  /* A clock stepped back makes the age negative: the reading is new. */
  minutes = (now_us - measurement_time_us) / (60 * G_USEC_PER_SEC);
  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    return g_strdup_printf (_("%d min ago"), (int) minutes);
  return g_strdup_printf (_("%d h %02d min ago"), (int) (minutes / 60), (int) (minutes % 60));
}

/* g_set_str () is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* The app sets "now" every second: unchanged text must not relayout. */
static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
set_css_class (GtkWidget  *widget,
               const char *css_class,
               gboolean    enabled)
{
  if (enabled)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static void update_accessible (VigilVitalTile *self);

static void
update_value (VigilVitalTile *self)
{
  g_autofree char *text = NULL;
  gboolean shown = self->state != VIGIL_DATA_STATE_ABSENT;

  if (self->pressure)
    {
      g_autofree char *sys = format_number (shown ? self->value : NAN, self->decimals);
      g_autofree char *dia = format_number (shown ? self->diastolic : NAN, self->decimals);
      g_autofree char *mean = format_number (shown ? self->mean : NAN, self->decimals);
      g_autofree char *mean_text = g_strdup_printf ("(%s)", mean);

      text = g_strdup_printf ("%s/%s", sys, dia);
      set_label_text (self->mean_label, mean_text);
    }
  else
    text = format_number (shown ? self->value : NAN, self->decimals);

  set_label_text (self->value_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->mean_label), self->pressure);

  /* Room for a typical widest value ("120/80", "888.8"), so the tile keeps its
   * size as numbers come and go. */
  gtk_label_set_width_chars (self->value_label,
                             (self->pressure ? 6 : 3) + (self->decimals > 0 ? (int) self->decimals + 1 : 0));
  gtk_label_set_width_chars (self->mean_label, 4);
  update_accessible (self);
}

static void
update_status (VigilVitalTile *self)
{
  const char *hint = NULL;
  g_autofree char *age = NULL;
  g_autofree char *text = NULL;

  switch (self->state)
    {
    case VIGIL_DATA_STATE_ABSENT:
      hint = self->pressure && self->measurement_time <= 0 ? _("No reading") : _("No data");
      break;

    case VIGIL_DATA_STATE_STALE:
      hint = _("No new data");
      break;

    case VIGIL_DATA_STATE_LIVE:
    default:
      break;
    }

  /* The age matters for an episodic reading, and for a number frozen for
   * a minute or more; a live continuous value is always "just now". */
  if (self->state == VIGIL_DATA_STATE_LIVE && self->pressure)
    age = vigil_vital_tile_format_age (self->measurement_time, self->now);
  else if (self->state == VIGIL_DATA_STATE_STALE &&
           self->now - self->measurement_time >= 60 * G_USEC_PER_SEC)
    age = vigil_vital_tile_format_age (self->measurement_time, self->now);

  if (hint != NULL && age != NULL && age[0] != '\0')
    text = g_strdup_printf ("%s · %s", hint, age);
  else if (hint != NULL)
    text = g_strdup (hint);
  else
    text = g_strdup (age != NULL ? age : "");

  set_label_text (self->status_label, text);
  update_accessible (self);
}

/* "Heart rate 72 per minute, alarm limits 50 to 120": the parameter and
 * unit in words where the accent says which parameter this is. */
static char *
build_accessible_text (VigilVitalTile *self)
{
  const char *name = self->label != NULL ? self->label : "";
  const char *unit = self->unit != NULL ? self->unit : "";
  GString *text = g_string_new (NULL);

  if (g_strcmp0 (self->accent, "hr") == 0)
    name = _("Heart rate");
  else if (g_strcmp0 (self->accent, "spo2") == 0)
    name = _("Oxygen saturation");
  else if (g_strcmp0 (self->accent, "nibp") == 0)
    name = _("Blood pressure");
  if (g_str_equal (unit, "/min"))
    unit = _("per minute");
  else if (g_str_equal (unit, "%"))
    unit = _("percent");

  if (self->state == VIGIL_DATA_STATE_ABSENT || !isfinite (self->value))
    /* TRANSLATORS: screen reader text of a vital sign tile, "Heart rate: no data" */
    g_string_append_printf (text, _("%s: no data"), name);
  else
    g_string_append_printf (text, "%s %s %s", name, gtk_label_get_label (self->value_label), unit);
  if (self->state == VIGIL_DATA_STATE_STALE)
    g_string_append_printf (text, ", %s", _("not updating"));

  if (isfinite (self->low_limit) && isfinite (self->high_limit))
    {
      g_autofree char *low = format_number (self->low_limit, self->decimals);
      g_autofree char *high = format_number (self->high_limit, self->decimals);

      /* TRANSLATORS: screen reader text after the value: ", alarm limits 50 to 120" */
      g_string_append_printf (text, _(", alarm limits %s to %s"), low, high);
    }
  else if (isfinite (self->low_limit))
    {
      g_autofree char *low = format_number (self->low_limit, self->decimals);

      g_string_append_printf (text, _(", low alarm limit %s"), low);
    }
  else if (isfinite (self->high_limit))
    {
      g_autofree char *high = format_number (self->high_limit, self->decimals);

      g_string_append_printf (text, _(", high alarm limit %s"), high);
    }
  if (self->low_alarm || self->high_alarm)
    g_string_append_printf (text, ", %s", _("in alarm"));

  return g_string_free (text, FALSE);
}

static void
write_accessible (VigilVitalTile *self)
{
  g_autofree char *text = build_accessible_text (self);

  self->accessible_us = g_get_monotonic_time ();
  if (g_strcmp0 (text, self->accessible_text) == 0)
    return;
  g_free (self->accessible_text);
  self->accessible_text = g_steal_pointer (&text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->accessible_text,
                                  -1);
}

static gboolean
accessible_timeout (gpointer data)
{
  VigilVitalTile *self = data;

  self->accessible_id = 0;
  write_accessible (self);
  return G_SOURCE_REMOVE;
}

/* Values arrive faster than anyone can listen: at most once a second. */
static void
update_accessible (VigilVitalTile *self)
{
  gint64 elapsed = g_get_monotonic_time () - self->accessible_us;

  if (self->accessible_id != 0)
    return;
  if (self->accessible_us == 0 || elapsed >= G_USEC_PER_SEC)
    write_accessible (self);
  else
    self->accessible_id = g_timeout_add ((guint) ((G_USEC_PER_SEC - elapsed) / 1000) + 1,
                                         accessible_timeout, self);
}

static void
update_state_classes (VigilVitalTile *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  set_css_class (widget, "live", self->state == VIGIL_DATA_STATE_LIVE);
  set_css_class (widget, "stale", self->state == VIGIL_DATA_STATE_STALE);
  set_css_class (widget, "absent", self->state == VIGIL_DATA_STATE_ABSENT);
}

static void
update_limit (VigilVitalTile *self,
              GtkLabel       *label,
              double          limit,
              gboolean        alarm)
{
  gboolean shown = isfinite (limit);

  if (shown)
    {
      g_autofree char *text = format_number (limit, self->decimals);

      set_label_text (label, text);
    }
  else
    set_label_text (label, "");

  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  set_css_class (GTK_WIDGET (label), "violated", shown && alarm);
}

static void
update_limits (VigilVitalTile *self)
{
  update_limit (self, self->high_label, self->high_limit, self->high_alarm);
  update_limit (self, self->low_label, self->low_limit, self->low_alarm);
  update_accessible (self);
}

static void
update_all (VigilVitalTile *self)
{
  update_state_classes (self);
  update_value (self);
  update_limits (self);
  update_status (self);
}

static void
update_alarm_classes (VigilVitalTile *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  set_css_class (widget, "alarm-high", self->flash_priority == VIGIL_ALARM_PRIORITY_HIGH);
  set_css_class (widget, "alarm-medium", self->flash_priority == VIGIL_ALARM_PRIORITY_MEDIUM);
  set_css_class (widget, "alarm-low", self->flash_priority == VIGIL_ALARM_PRIORITY_LOW);
}

static void
set_flash_on (VigilVitalTile *self,
              gboolean        on)
{
  if (self->flash_on == on)
    return;

  /* Only the numbers flash; a class change restyles two labels. */
  self->flash_on = on;
  set_css_class (GTK_WIDGET (self->value_label), "flash-off", !on);
  set_css_class (GTK_WIDGET (self->mean_label), "flash-off", !on);
}

/**
 * vigil_vital_tile_update_for_time:
 * @time_us: frame time, in the time base of #VigilVitalTile:alarm-onset
 *
 * Sets the flash phase for a frame drawn at @time_us: what the tick
 * callback does each frame.
 */
void
vigil_vital_tile_update_for_time (VigilVitalTile *self,
                                  gint64          time_us)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  set_flash_on (self, vigil_flash_is_on (self->flash_priority, time_us, self->alarm_onset));
}

static gint64
current_time (VigilVitalTile *self,
              GdkFrameClock  *clock)
{
  if (self->time_override >= 0)
    return self->time_override;
  if (clock != NULL)
    return gdk_frame_clock_get_frame_time (clock);
  /* Not on screen: lit, as at onset; the first tick corrects it. */
  return self->alarm_onset;
}

static gboolean
vigil_vital_tile_tick (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  VigilVitalTile *self = VIGIL_VITAL_TILE (widget);

  vigil_vital_tile_update_for_time (self, current_time (self, clock));
  return G_SOURCE_CONTINUE;
}

/* Frames only while something flashes: a steady tile lets the clock idle. */
static void
update_flash (VigilVitalTile *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean wanted = gtk_widget_get_mapped (widget) && vigil_flash_priority_flashes (self->flash_priority);

  vigil_vital_tile_update_for_time (self, current_time (self, gtk_widget_get_frame_clock (widget)));

  if (wanted && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, vigil_vital_tile_tick, NULL, NULL);
  else if (!wanted && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
}

static void
vigil_vital_tile_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vigil_vital_tile_parent_class)->map (widget);

  update_flash (VIGIL_VITAL_TILE (widget));
}

static void
vigil_vital_tile_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vigil_vital_tile_parent_class)->unmap (widget);

  update_flash (VIGIL_VITAL_TILE (widget));
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  VigilVitalTile  *self)
{
  gtk_widget_set_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_ACTIVE, FALSE);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   VigilVitalTile  *self)
{
  gtk_widget_unset_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_ACTIVE);

  /* A finger that slid off the tile cancels, as on a button. */
  if (gtk_widget_contains (GTK_WIDGET (self), x, y))
    g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
click_stopped_cb (GtkGestureClick *gesture,
                  VigilVitalTile  *self)
{
  gtk_widget_unset_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_ACTIVE);
}

static void
vigil_vital_tile_dispose (GObject *object)
{
  VigilVitalTile *self = VIGIL_VITAL_TILE (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->accessible_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_VITAL_TILE);

  G_OBJECT_CLASS (vigil_vital_tile_parent_class)->dispose (object);
}

static void
vigil_vital_tile_finalize (GObject *object)
{
  VigilVitalTile *self = VIGIL_VITAL_TILE (object);

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->accent, g_free);
  g_clear_pointer (&self->accessible_text, g_free);

  G_OBJECT_CLASS (vigil_vital_tile_parent_class)->finalize (object);
}

static void
vigil_vital_tile_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilVitalTile *self = VIGIL_VITAL_TILE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_ACCENT:
      g_value_set_string (value, self->accent);
      break;

    case PROP_PRESSURE:
      g_value_set_boolean (value, self->pressure);
      break;

    case PROP_DECIMALS:
      g_value_set_uint (value, self->decimals);
      break;

    case PROP_VALUE:
      g_value_set_double (value, self->value);
      break;

    case PROP_DIASTOLIC:
      g_value_set_double (value, self->diastolic);
      break;

    case PROP_MEAN:
      g_value_set_double (value, self->mean);
      break;

    case PROP_DATA_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_LOW_LIMIT:
      g_value_set_double (value, self->low_limit);
      break;

    case PROP_HIGH_LIMIT:
      g_value_set_double (value, self->high_limit);
      break;

    case PROP_LOW_ALARM:
      g_value_set_boolean (value, self->low_alarm);
      break;

    case PROP_HIGH_ALARM:
      g_value_set_boolean (value, self->high_alarm);
      break;

    case PROP_MEASUREMENT_TIME:
      g_value_set_int64 (value, self->measurement_time);
      break;

    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;

    case PROP_FLASH_PRIORITY:
      g_value_set_enum (value, self->flash_priority);
      break;

    case PROP_ALARM_ONSET:
      g_value_set_int64 (value, self->alarm_onset);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_vital_tile_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VigilVitalTile *self = VIGIL_VITAL_TILE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      vigil_vital_tile_set_label (self, g_value_get_string (value));
      break;

    case PROP_UNIT:
      vigil_vital_tile_set_unit (self, g_value_get_string (value));
      break;

    case PROP_ACCENT:
      vigil_vital_tile_set_accent (self, g_value_get_string (value));
      break;

    case PROP_PRESSURE:
      vigil_vital_tile_set_pressure (self, g_value_get_boolean (value));
      break;

    case PROP_DECIMALS:
      vigil_vital_tile_set_decimals (self, g_value_get_uint (value));
      break;

    case PROP_VALUE:
      vigil_vital_tile_set_value (self, g_value_get_double (value));
      break;

    case PROP_DIASTOLIC:
      vigil_vital_tile_set_diastolic (self, g_value_get_double (value));
      break;

    case PROP_MEAN:
      vigil_vital_tile_set_mean (self, g_value_get_double (value));
      break;

    case PROP_DATA_STATE:
      vigil_vital_tile_set_data_state (self, g_value_get_enum (value));
      break;

    case PROP_LOW_LIMIT:
      vigil_vital_tile_set_low_limit (self, g_value_get_double (value));
      break;

    case PROP_HIGH_LIMIT:
      vigil_vital_tile_set_high_limit (self, g_value_get_double (value));
      break;

    case PROP_LOW_ALARM:
      vigil_vital_tile_set_low_alarm (self, g_value_get_boolean (value));
      break;

    case PROP_HIGH_ALARM:
      vigil_vital_tile_set_high_alarm (self, g_value_get_boolean (value));
      break;

    case PROP_MEASUREMENT_TIME:
      vigil_vital_tile_set_measurement_time (self, g_value_get_int64 (value));
      break;

    case PROP_NOW:
      vigil_vital_tile_set_now (self, g_value_get_int64 (value));
      break;

    case PROP_FLASH_PRIORITY:
      vigil_vital_tile_set_flash_priority (self, g_value_get_enum (value));
      break;

    case PROP_ALARM_ONSET:
      vigil_vital_tile_set_alarm_onset (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_vital_tile_class_init (VigilVitalTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_vital_tile_dispose;
  object_class->finalize = vigil_vital_tile_finalize;
  object_class->get_property = vigil_vital_tile_get_property;
  object_class->set_property = vigil_vital_tile_set_property;

  widget_class->map = vigil_vital_tile_map;
  widget_class->unmap = vigil_vital_tile_unmap;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, "What is measured, e.g. “HR”",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, "The unit shown under the label",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCENT] =
    g_param_spec_string ("accent", NULL,
                         "A style class giving the parameter colour: hr, spo2, nibp",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PRESSURE] =
    g_param_spec_boolean ("pressure", NULL,
                          "Show systolic/diastolic, the mean and the reading’s age",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DECIMALS] =
    g_param_spec_uint ("decimals", NULL, "Digits after the decimal point",
                       0, MAX_DECIMALS, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Doubles start as NAN (none); a GParamSpec default cannot be NAN. */
  properties[PROP_VALUE] =
    g_param_spec_double ("value", NULL, "The value (systolic for a pressure); NAN if none",
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DIASTOLIC] =
    g_param_spec_double ("diastolic", NULL, "Diastolic pressure; NAN if none",
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MEAN] =
    g_param_spec_double ("mean", NULL, "Mean arterial pressure; NAN if none",
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DATA_STATE] =
    g_param_spec_enum ("data-state", NULL, "Live, stale or absent",
                       VIGIL_TYPE_DATA_STATE, VIGIL_DATA_STATE_ABSENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOW_LIMIT] =
    g_param_spec_double ("low-limit", NULL, "Low alarm limit; NAN hides it",
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HIGH_LIMIT] =
    g_param_spec_double ("high-limit", NULL, "High alarm limit; NAN hides it",
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOW_ALARM] =
    g_param_spec_boolean ("low-alarm", NULL, "The low limit is in alarm: brighten it",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HIGH_ALARM] =
    g_param_spec_boolean ("high-alarm", NULL, "The high limit is in alarm: brighten it",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MEASUREMENT_TIME] =
    g_param_spec_int64 ("measurement-time", NULL,
                        "Wall-clock time of the shown value, µs since the epoch; 0 if unknown",
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL,
                        "Wall-clock now, µs since the epoch, set by the app each second",
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FLASH_PRIORITY] =
    g_param_spec_enum ("flash-priority", NULL,
                       "Priority of the parameter's alarm: high and medium flash the value, "
                       "low is steady, none shows no alarm",
                       VIGIL_TYPE_ALARM_PRIORITY, VIGIL_ALARM_PRIORITY_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ALARM_ONSET] =
    g_param_spec_int64 ("alarm-onset", NULL,
                        "When the alarm started, µs in the frame clock's time base (monotonic); "
                        "give the banner the same onset and they flash in step",
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilVitalTile::activate:
   *
   * The tile was tapped (or activated from the keyboard), e.g. to open
   * the parameter's alarm limits.
   */
  signals[ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[ACTIVATE]);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilmonitor/Vigil/vigil-vital-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, box);
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, label_label);
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, unit_label);
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, limits_box);
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, high_label);
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, low_label);
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, value_label);
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, mean_label);
  gtk_widget_class_bind_template_child (widget_class, VigilVitalTile, status_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-vital-tile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vigil_vital_tile_init (VigilVitalTile *self)
{
  GtkGesture *click;

  self->value = NAN;
  self->diastolic = NAN;
  self->mean = NAN;
  self->low_limit = NAN;
  self->high_limit = NAN;
  self->state = VIGIL_DATA_STATE_ABSENT;
  self->flash_on = TRUE;
  self->time_override = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  g_signal_connect (click, "stopped", G_CALLBACK (click_stopped_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  update_all (self);
}

/**
 * vigil_vital_tile_new:
 *
 * Returns: (transfer floating): a tile showing `---` until given a value
 */
GtkWidget *
vigil_vital_tile_new (void)
{
  return g_object_new (VIGIL_TYPE_VITAL_TILE, NULL);
}

const char *
vigil_vital_tile_get_label (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);

  return self->label;
}

void
vigil_vital_tile_set_label (VigilVitalTile *self,
                            const char     *label)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (set_str (&self->label, label))
    {
      set_label_text (self->label_label, label != NULL ? label : "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
    }
}

const char *
vigil_vital_tile_get_unit (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);

  return self->unit;
}

void
vigil_vital_tile_set_unit (VigilVitalTile *self,
                           const char     *unit)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (set_str (&self->unit, unit))
    {
      set_label_text (self->unit_label, unit != NULL ? unit : "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
    }
}

const char *
vigil_vital_tile_get_accent (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);

  return self->accent;
}

/**
 * vigil_vital_tile_set_accent:
 * @accent: (nullable): a style class of widgets.css: "hr", "spo2", "nibp"
 *
 * Gives the tile its parameter colour.
 */
void
vigil_vital_tile_set_accent (VigilVitalTile *self,
                             const char     *accent)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (g_strcmp0 (self->accent, accent) == 0)
    return;

  if (self->accent != NULL && self->accent[0] != '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->accent);
  set_str (&self->accent, accent);
  if (self->accent != NULL && self->accent[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self), self->accent);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCENT]);
}

gboolean
vigil_vital_tile_get_pressure (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), FALSE);

  return self->pressure;
}

/**
 * vigil_vital_tile_set_pressure:
 *
 * In pressure mode the tile shows "systolic/diastolic", the mean in
 * parentheses, and the reading's age computed from #VigilVitalTile:measurement-time
 * and #VigilVitalTile:now.
 */
void
vigil_vital_tile_set_pressure (VigilVitalTile *self,
                               gboolean        pressure)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  pressure = !!pressure;
  if (self->pressure == pressure)
    return;

  self->pressure = pressure;
  set_css_class (GTK_WIDGET (self), "pressure", pressure);
  update_value (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESSURE]);
}

guint
vigil_vital_tile_get_decimals (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), 0);

  return self->decimals;
}

void
vigil_vital_tile_set_decimals (VigilVitalTile *self,
                               guint           decimals)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));
  g_return_if_fail (decimals <= MAX_DECIMALS);

  if (self->decimals == decimals)
    return;

  self->decimals = decimals;
  update_value (self);
  update_limits (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECIMALS]);
}

/* NAN != NAN, so a plain comparison would notify on every NAN set. */
static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
set_double (VigilVitalTile *self,
            double         *field,
            double          value,
            guint           prop_id)
{
  if (same_double (*field, value))
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  return TRUE;
}

double
vigil_vital_tile_get_value (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NAN);

  return self->value;
}

/**
 * vigil_vital_tile_set_value:
 * @value: the value, or NAN for none (shown as `---`)
 *
 * Sets the number only: its freshness is #VigilVitalTile:data-state.
 */
void
vigil_vital_tile_set_value (VigilVitalTile *self,
                            double          value)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (set_double (self, &self->value, value, PROP_VALUE))
    update_value (self);
}

double
vigil_vital_tile_get_diastolic (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NAN);

  return self->diastolic;
}

void
vigil_vital_tile_set_diastolic (VigilVitalTile *self,
                                double          diastolic)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (set_double (self, &self->diastolic, diastolic, PROP_DIASTOLIC))
    update_value (self);
}

double
vigil_vital_tile_get_mean (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NAN);

  return self->mean;
}

void
vigil_vital_tile_set_mean (VigilVitalTile *self,
                           double          mean)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (set_double (self, &self->mean, mean, PROP_MEAN))
    update_value (self);
}

/**
 * vigil_vital_tile_set_pressure_values:
 *
 * Sets the three numbers of one NIBP reading at once, so the tile never
 * shows a systolic from one reading with a diastolic from another.
 */
void
vigil_vital_tile_set_pressure_values (VigilVitalTile *self,
                                      double          systolic,
                                      double          diastolic,
                                      double          mean)
{
  gboolean changed = FALSE;

  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  g_object_freeze_notify (G_OBJECT (self));
  changed |= set_double (self, &self->value, systolic, PROP_VALUE);
  changed |= set_double (self, &self->diastolic, diastolic, PROP_DIASTOLIC);
  changed |= set_double (self, &self->mean, mean, PROP_MEAN);
  if (changed)
    update_value (self);
  g_object_thaw_notify (G_OBJECT (self));
}

VigilDataState
vigil_vital_tile_get_data_state (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), VIGIL_DATA_STATE_ABSENT);

  return self->state;
}

void
vigil_vital_tile_set_data_state (VigilVitalTile *self,
                                 VigilDataState  state)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));
  g_return_if_fail (state <= VIGIL_DATA_STATE_LIVE);

  if (self->state == state)
    return;

  self->state = state;
  update_state_classes (self);
  update_value (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_STATE]);
}

double
vigil_vital_tile_get_low_limit (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NAN);

  return self->low_limit;
}

void
vigil_vital_tile_set_low_limit (VigilVitalTile *self,
                                double          low_limit)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (set_double (self, &self->low_limit, low_limit, PROP_LOW_LIMIT))
    update_limits (self);
}

double
vigil_vital_tile_get_high_limit (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NAN);

  return self->high_limit;
}

void
vigil_vital_tile_set_high_limit (VigilVitalTile *self,
                                 double          high_limit)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (set_double (self, &self->high_limit, high_limit, PROP_HIGH_LIMIT))
    update_limits (self);
}

/**
 * vigil_vital_tile_set_limits:
 * @low_limit: NAN to hide it
 * @high_limit: NAN to hide it
 */
void
vigil_vital_tile_set_limits (VigilVitalTile *self,
                             double          low_limit,
                             double          high_limit)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  g_object_freeze_notify (G_OBJECT (self));
  vigil_vital_tile_set_low_limit (self, low_limit);
  vigil_vital_tile_set_high_limit (self, high_limit);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
vigil_vital_tile_get_low_alarm (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), FALSE);

  return self->low_alarm;
}

/**
 * vigil_vital_tile_set_low_alarm:
 *
 * Brightens the low limit while the alarm engine says it is violated.
 * The tile does not compare the value itself: the engine applies delays
 * and the exact rule (< or ≤) of each condition.
 */
void
vigil_vital_tile_set_low_alarm (VigilVitalTile *self,
                                gboolean        low_alarm)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  low_alarm = !!low_alarm;
  if (self->low_alarm == low_alarm)
    return;

  self->low_alarm = low_alarm;
  update_limits (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOW_ALARM]);
}

gboolean
vigil_vital_tile_get_high_alarm (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), FALSE);

  return self->high_alarm;
}

void
vigil_vital_tile_set_high_alarm (VigilVitalTile *self,
                                 gboolean        high_alarm)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  high_alarm = !!high_alarm;
  if (self->high_alarm == high_alarm)
    return;

  self->high_alarm = high_alarm;
  update_limits (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_ALARM]);
}

gint64
vigil_vital_tile_get_measurement_time (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), 0);

  return self->measurement_time;
}

void
vigil_vital_tile_set_measurement_time (VigilVitalTile *self,
                                       gint64          measurement_time_us)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  measurement_time_us = MAX (measurement_time_us, 0);
  if (self->measurement_time == measurement_time_us)
    return;

  self->measurement_time = measurement_time_us;
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASUREMENT_TIME]);
}

gint64
vigil_vital_tile_get_now (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), 0);

  return self->now;
}

void
vigil_vital_tile_set_now (VigilVitalTile *self,
                          gint64          now_us)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  now_us = MAX (now_us, 0);
  if (self->now == now_us)
    return;

  self->now = now_us;
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

const char *
vigil_vital_tile_get_value_text (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);

  return gtk_label_get_text (self->value_label);
}

/**
 * vigil_vital_tile_get_mean_text:
 *
 * Returns: the mean as shown, "(93)", or "" when not in pressure mode
 */
const char *
vigil_vital_tile_get_mean_text (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);

  return self->pressure ? gtk_label_get_text (self->mean_label) : "";
}

const char *
vigil_vital_tile_get_status_text (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

const char *
vigil_vital_tile_get_low_limit_text (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);

  return gtk_label_get_text (self->low_label);
}

const char *
vigil_vital_tile_get_high_limit_text (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);

  return gtk_label_get_text (self->high_label);
}

VigilAlarmPriority
vigil_vital_tile_get_flash_priority (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), VIGIL_ALARM_PRIORITY_NONE);

  return self->flash_priority;
}

/**
 * vigil_vital_tile_set_flash_priority:
 * @priority: the priority of the alarm on this tile's parameter, or
 *   %VIGIL_ALARM_PRIORITY_NONE
 *
 * High and medium flash the value (vigil_flash_is_on()); low marks the
 * tile steadily. The violated limit (#VigilVitalTile:low-alarm,
 * #VigilVitalTile:high-alarm) takes the priority colour.
 */
void
vigil_vital_tile_set_flash_priority (VigilVitalTile     *self,
                                     VigilAlarmPriority  priority)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));
  g_return_if_fail (priority <= VIGIL_ALARM_PRIORITY_HIGH);

  if (self->flash_priority == priority)
    return;

  self->flash_priority = priority;
  update_alarm_classes (self);
  update_flash (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLASH_PRIORITY]);
}

gint64
vigil_vital_tile_get_alarm_onset (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), 0);

  return self->alarm_onset;
}

/**
 * vigil_vital_tile_set_alarm_onset:
 * @onset_us: when the alarm became active, µs in the frame clock's time
 *   base (g_get_monotonic_time()): each flash period starts lit then
 */
void
vigil_vital_tile_set_alarm_onset (VigilVitalTile *self,
                                  gint64          onset_us)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  if (self->alarm_onset == onset_us)
    return;

  self->alarm_onset = onset_us;
  update_flash (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALARM_ONSET]);
}

/**
 * vigil_vital_tile_set_alarm:
 *
 * Sets #VigilVitalTile:flash-priority and #VigilVitalTile:alarm-onset at
 * once, so no frame flashes with the new priority and the old onset.
 */
void
vigil_vital_tile_set_alarm (VigilVitalTile     *self,
                            VigilAlarmPriority  priority,
                            gint64              onset_us)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));
  g_return_if_fail (priority <= VIGIL_ALARM_PRIORITY_HIGH);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->alarm_onset != onset_us)
    {
      self->alarm_onset = onset_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALARM_ONSET]);
    }
  if (self->flash_priority != priority)
    {
      self->flash_priority = priority;
      update_alarm_classes (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLASH_PRIORITY]);
    }
  update_flash (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * vigil_vital_tile_get_flash_on:
 *
 * Returns: whether the value is at full brightness in the frame being drawn
 *   (always %TRUE unless a high or medium alarm is in its off phase)
 */
gboolean
vigil_vital_tile_get_flash_on (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), TRUE);

  return self->flash_on;
}

void
vigil_vital_tile_set_time_override (VigilVitalTile *self,
                                    gint64          time_us)
{
  g_return_if_fail (VIGIL_IS_VITAL_TILE (self));

  self->time_override = time_us;
  if (time_us >= 0)
    vigil_vital_tile_update_for_time (self, time_us);
}

gboolean
vigil_vital_tile_is_ticking (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), FALSE);

  return self->tick_id != 0;
}

/* What the tile last told assistive technologies. */
const char *
vigil_vital_tile_get_accessible_text (VigilVitalTile *self)
{
  g_return_val_if_fail (VIGIL_IS_VITAL_TILE (self), NULL);
  return self->accessible_text;
}
