/* vigil-alarm-banner.c — the alarm message area at the top of the screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The banner shows one alarm: its priority colour as the background, the
 * priority marker (`!!!`, `!!`, `!`) and the text the app gives it, plus
 * "2 more" when the app rotates through several. The priority is never in
 * the colour alone: the marker says it too.
 *
 * High and medium alarms flash: the background alternates between the full
 * priority colour and a dim one (vigil_alarm_*_dim), while the text keeps
 * its colour and stays readable on both. The phase comes from the frame
 * clock through vigil_flash_is_on(), from a tick callback that exists only
 * while the banner is mapped and showing a flashing priority; a flash
 * toggle is a redraw of one rectangle, never a relayout.
 *
 * In technical mode (the technical message area) the background is the
 * technical colour (vigil_technical, cyan/blue) whatever the priority, so
 * a device problem is never shown in an alarm's red or yellow; the marker
 * and the flash rate still give its priority.
 *
 * With nothing to show the banner keeps its height (nothing under a finger
 * moves when an alarm appears) and says so in small muted text.
 */

#include "vigil-alarm-banner.h"
#include "vigil-alarm-banner-private.h"

#include <glib/gi18n-lib.h>

#include "vigil-flash.h"

typedef enum
{
  COLOR_IDLE,
  COLOR_HIGH,
  COLOR_HIGH_DIM,
  COLOR_MEDIUM,
  COLOR_MEDIUM_DIM,
  COLOR_LOW,
  COLOR_TECHNICAL,
  COLOR_TECHNICAL_DIM,
  N_COLORS
} BannerColor;

/* Named colours of widgets.css, with the same values as fallbacks so the
 * banner keeps its meaning under a stylesheet that lacks them. */
static const struct
{
  const char *name;
  GdkRGBA     fallback;
} banner_colors[N_COLORS] = {
  [COLOR_IDLE]          = { "vigil_banner_idle",      { 0.059f, 0.075f, 0.090f, 1.0f } },
  [COLOR_HIGH]          = { "vigil_alarm_high",       { 0.878f, 0.149f, 0.106f, 1.0f } },
  [COLOR_HIGH_DIM]      = { "vigil_alarm_high_dim",   { 0.538f, 0.103f, 0.081f, 1.0f } },
  [COLOR_MEDIUM]        = { "vigil_alarm_medium",     { 1.000f, 0.824f, 0.122f, 1.0f } },
  [COLOR_MEDIUM_DIM]    = { "vigil_alarm_medium_dim", { 0.611f, 0.508f, 0.090f, 1.0f } },
  [COLOR_LOW]           = { "vigil_alarm_low",        { 0.353f, 0.722f, 1.000f, 1.0f } },
  [COLOR_TECHNICAL]     = { "vigil_technical",        { 0.302f, 0.847f, 1.000f, 1.0f } },
  [COLOR_TECHNICAL_DIM] = { "vigil_technical_dim",    { 0.192f, 0.522f, 0.617f, 1.0f } },
};

struct _VigilAlarmBanner
{
  GtkWidget           parent_instance;

  GtkWidget          *marker_label;
  GtkWidget          *text_label;
  GtkWidget          *extra_label;

  VigilAlarmPriority  priority;
  char               *text;
  gint64              onset;
  guint               extra_count;
  gboolean            technical;

  gboolean            flash_on;
  gboolean            drawn_flash_on;
  guint               snapshot_count;
  guint               tick_id;
  gint64              time_override;

  GdkRGBA             colors[N_COLORS];
  gboolean            colors_valid;
};

G_DEFINE_FINAL_TYPE (VigilAlarmBanner, vigil_alarm_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PRIORITY,
  PROP_TEXT,
  PROP_ONSET,
  PROP_EXTRA_COUNT,
  PROP_TECHNICAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static void
update_colors (VigilAlarmBanner *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  for (guint i = 0; i < N_COLORS; i++)
    if (!gtk_style_context_lookup_color (context, banner_colors[i].name, &self->colors[i]))
      self->colors[i] = banner_colors[i].fallback;

  self->colors_valid = TRUE;
}

static const GdkRGBA *
get_background (VigilAlarmBanner *self)
{
  BannerColor color;

  switch (self->priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:
      color = self->technical ? COLOR_TECHNICAL : COLOR_HIGH;
      break;

    case VIGIL_ALARM_PRIORITY_MEDIUM:
      color = self->technical ? COLOR_TECHNICAL : COLOR_MEDIUM;
      break;

    case VIGIL_ALARM_PRIORITY_LOW:
      color = self->technical ? COLOR_TECHNICAL : COLOR_LOW;
      break;

    case VIGIL_ALARM_PRIORITY_NONE:
    default:
      return &self->colors[COLOR_IDLE];
    }

  /* Only the flashing colours have a dim partner, right after them. */
  if (!self->flash_on && vigil_flash_priority_flashes (self->priority))
    color++;

  return &self->colors[color];
}

static void
update_accessible (VigilAlarmBanner *self)
{
  g_autofree char *description = NULL;

  if (self->priority == VIGIL_ALARM_PRIORITY_NONE)
    description = g_strdup (gtk_label_get_text (GTK_LABEL (self->text_label)));
  else
    description = g_strdup_printf ("%s %s %s",
                                   gtk_label_get_text (GTK_LABEL (self->marker_label)),
                                   self->text != NULL ? self->text : "",
                                   gtk_label_get_text (GTK_LABEL (self->extra_label)));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, g_strstrip (description),
                                  -1);
}

static void
update_extra (VigilAlarmBanner *self)
{
  g_autofree char *text = NULL;
  gboolean shown = self->priority != VIGIL_ALARM_PRIORITY_NONE && self->extra_count > 0;

  if (shown)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more", "%u more", self->extra_count),
                            self->extra_count);

  gtk_label_set_text (GTK_LABEL (self->extra_label), text != NULL ? text : "");
  gtk_widget_set_visible (self->extra_label, shown);
}

static void
update_content (VigilAlarmBanner *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = self->priority == VIGIL_ALARM_PRIORITY_NONE;

  set_css_class (widget, "idle", idle);
  set_css_class (widget, "alarm-high", self->priority == VIGIL_ALARM_PRIORITY_HIGH);
  set_css_class (widget, "alarm-medium", self->priority == VIGIL_ALARM_PRIORITY_MEDIUM);
  set_css_class (widget, "alarm-low", self->priority == VIGIL_ALARM_PRIORITY_LOW);

  if (idle)
    {
      gtk_label_set_text (GTK_LABEL (self->marker_label), "");
      gtk_label_set_text (GTK_LABEL (self->text_label),
                          self->technical ? _("No technical alarms") : _("No active alarms"));
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->marker_label), vigil_alarm_priority_get_marker (self->priority));
      gtk_label_set_text (GTK_LABEL (self->text_label), self->text != NULL ? self->text : "");
    }

  gtk_widget_set_visible (self->marker_label, !idle);
  update_extra (self);
  update_accessible (self);
}

/**
 * vigil_alarm_banner_update_for_time:
 * @time_us: frame time, in the time base of the onset
 *
 * Sets the flash phase for a frame drawn at @time_us: what the tick
 * callback does each frame. Redraws only when the phase changes.
 */
void
vigil_alarm_banner_update_for_time (VigilAlarmBanner *self,
                                    gint64            time_us)
{
  gboolean on;

  g_return_if_fail (VIGIL_IS_ALARM_BANNER (self));

  on = self->priority != VIGIL_ALARM_PRIORITY_NONE &&
       vigil_flash_is_on (self->priority, time_us, self->onset);

  if (on != self->flash_on)
    {
      self->flash_on = on;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gint64
current_time (VigilAlarmBanner *self,
              GdkFrameClock    *clock)
{
  if (self->time_override >= 0)
    return self->time_override;
  if (clock != NULL)
    return gdk_frame_clock_get_frame_time (clock);
  /* Not on screen: the phase at onset; the first tick corrects it. */
  return self->onset;
}

static gboolean
vigil_alarm_banner_tick (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       user_data)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (widget);

  vigil_alarm_banner_update_for_time (self, current_time (self, clock));
  return G_SOURCE_CONTINUE;
}

/* A steady or empty banner needs no frames: the clock may idle. */
static void
update_ticking (VigilAlarmBanner *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean wanted = gtk_widget_get_mapped (widget) && vigil_flash_priority_flashes (self->priority);

  if (wanted && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, vigil_alarm_banner_tick, NULL, NULL);
  else if (!wanted && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
}

static void
vigil_alarm_banner_map (GtkWidget *widget)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (widget);

  GTK_WIDGET_CLASS (vigil_alarm_banner_parent_class)->map (widget);

  vigil_alarm_banner_update_for_time (self, current_time (self, gtk_widget_get_frame_clock (widget)));
  update_ticking (self);
}

static void
vigil_alarm_banner_unmap (GtkWidget *widget)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (widget);

  GTK_WIDGET_CLASS (vigil_alarm_banner_parent_class)->unmap (widget);

  update_ticking (self);
}

static void
vigil_alarm_banner_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (widget);

  GTK_WIDGET_CLASS (vigil_alarm_banner_parent_class)->css_changed (widget, change);

  /* Re-read at the next snapshot: a theme change may redefine colours. */
  self->colors_valid = FALSE;
  gtk_widget_queue_draw (widget);
}

static void
vigil_alarm_banner_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (widget);
  graphene_rect_t bounds;

  if (!self->colors_valid)
    update_colors (self);

  /* The whole border box, padding included: snapshot coordinates start at
   * the content box. */
  if (!gtk_widget_compute_bounds (widget, widget, &bounds))
    graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));

  gtk_snapshot_append_color (snapshot, get_background (self), &bounds);
  self->drawn_flash_on = self->flash_on;
  self->snapshot_count++;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

static void
vigil_alarm_banner_dispose (GObject *object)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  g_clear_pointer (&self->marker_label, gtk_widget_unparent);
  g_clear_pointer (&self->text_label, gtk_widget_unparent);
  g_clear_pointer (&self->extra_label, gtk_widget_unparent);

  G_OBJECT_CLASS (vigil_alarm_banner_parent_class)->dispose (object);
}

static void
vigil_alarm_banner_finalize (GObject *object)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (vigil_alarm_banner_parent_class)->finalize (object);
}

static void
vigil_alarm_banner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (object);

  switch (prop_id)
    {
    case PROP_PRIORITY:
      g_value_set_enum (value, self->priority);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_ONSET:
      g_value_set_int64 (value, self->onset);
      break;

    case PROP_EXTRA_COUNT:
      g_value_set_uint (value, self->extra_count);
      break;

    case PROP_TECHNICAL:
      g_value_set_boolean (value, self->technical);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alarm_banner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VigilAlarmBanner *self = VIGIL_ALARM_BANNER (object);

  switch (prop_id)
    {
    case PROP_EXTRA_COUNT:
      vigil_alarm_banner_set_extra_count (self, g_value_get_uint (value));
      break;

    case PROP_TECHNICAL:
      vigil_alarm_banner_set_technical (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alarm_banner_class_init (VigilAlarmBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_alarm_banner_dispose;
  object_class->finalize = vigil_alarm_banner_finalize;
  object_class->get_property = vigil_alarm_banner_get_property;
  object_class->set_property = vigil_alarm_banner_set_property;

  widget_class->map = vigil_alarm_banner_map;
  widget_class->unmap = vigil_alarm_banner_unmap;
  widget_class->css_changed = vigil_alarm_banner_css_changed;
  widget_class->snapshot = vigil_alarm_banner_snapshot;

  properties[PROP_PRIORITY] =
    g_param_spec_enum ("priority", NULL, "Priority of the alarm shown; none when idle",
                       VIGIL_TYPE_ALARM_PRIORITY, VIGIL_ALARM_PRIORITY_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, "The alarm message, without its priority marker",
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ONSET] =
    g_param_spec_int64 ("onset", NULL,
                        "When the alarm started, µs in the frame clock's time base (monotonic); "
                        "each flash period starts lit at this time",
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EXTRA_COUNT] =
    g_param_spec_uint ("extra-count", NULL, "How many other alarms rotate through the banner",
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TECHNICAL] =
    g_param_spec_boolean ("technical", NULL,
                          "The technical message area: the technical colour for every priority",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-alarm-banner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static GtkWidget *
add_label (VigilAlarmBanner *self,
           const char       *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, css_class);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (label, GTK_WIDGET (self));

  return label;
}

static void
vigil_alarm_banner_init (VigilAlarmBanner *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  self->time_override = -1;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 16);

  self->marker_label = add_label (self, "marker");
  self->text_label = add_label (self, "text");
  gtk_label_set_xalign (GTK_LABEL (self->text_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->text_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->text_label, TRUE);
  self->extra_label = add_label (self, "extra");

  update_content (self);
}

/**
 * vigil_alarm_banner_new:
 *
 * Returns: (transfer floating): an idle banner
 */
GtkWidget *
vigil_alarm_banner_new (void)
{
  return g_object_new (VIGIL_TYPE_ALARM_BANNER, NULL);
}

/**
 * vigil_alarm_banner_set_alarm:
 * @priority: the alarm's priority; %VIGIL_ALARM_PRIORITY_NONE clears
 * @text: (nullable): the message without marker, e.g. "SpO₂ 84 ≤ 85"
 * @onset_us: when the alarm became active, µs in the frame clock's time
 *   base (g_get_monotonic_time()); give a tile showing the same alarm the
 *   same onset and they flash in step
 *
 * Shows an alarm. Called again with the same values it does nothing, so
 * the app can call it on every engine change.
 */
void
vigil_alarm_banner_set_alarm (VigilAlarmBanner   *self,
                              VigilAlarmPriority  priority,
                              const char         *text,
                              gint64              onset_us)
{
  GObject *object = G_OBJECT (self);

  g_return_if_fail (VIGIL_IS_ALARM_BANNER (self));
  g_return_if_fail (priority <= VIGIL_ALARM_PRIORITY_HIGH);

  if (priority == VIGIL_ALARM_PRIORITY_NONE)
    {
      text = NULL;
      onset_us = 0;
    }

  if (self->priority == priority && g_strcmp0 (self->text, text) == 0 && self->onset == onset_us)
    return;

  g_object_freeze_notify (object);

  if (self->priority != priority)
    {
      self->priority = priority;
      g_object_notify_by_pspec (object, properties[PROP_PRIORITY]);
    }

  if (g_strcmp0 (self->text, text) != 0)
    {
      g_free (self->text);
      self->text = g_strdup (text);
      g_object_notify_by_pspec (object, properties[PROP_TEXT]);
    }

  if (self->onset != onset_us)
    {
      self->onset = onset_us;
      g_object_notify_by_pspec (object, properties[PROP_ONSET]);
    }

  update_content (self);
  vigil_alarm_banner_update_for_time (self, current_time (self, gtk_widget_get_frame_clock (GTK_WIDGET (self))));
  update_ticking (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_object_thaw_notify (object);
}

/**
 * vigil_alarm_banner_clear:
 *
 * Nothing to show: the banner keeps its place and says there is no alarm.
 */
void
vigil_alarm_banner_clear (VigilAlarmBanner *self)
{
  g_return_if_fail (VIGIL_IS_ALARM_BANNER (self));

  vigil_alarm_banner_set_alarm (self, VIGIL_ALARM_PRIORITY_NONE, NULL, 0);
}

VigilAlarmPriority
vigil_alarm_banner_get_priority (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), VIGIL_ALARM_PRIORITY_NONE);

  return self->priority;
}

/**
 * vigil_alarm_banner_get_text:
 *
 * Returns: (nullable): the alarm message, without marker; %NULL when idle
 */
const char *
vigil_alarm_banner_get_text (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), NULL);

  return self->text;
}

gint64
vigil_alarm_banner_get_onset (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), 0);

  return self->onset;
}

guint
vigil_alarm_banner_get_extra_count (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), 0);

  return self->extra_count;
}

/**
 * vigil_alarm_banner_set_extra_count:
 * @extra_count: how many other alarms are active besides the one shown
 *
 * Shows "2 more" beside the message; 0 hides it.
 */
void
vigil_alarm_banner_set_extra_count (VigilAlarmBanner *self,
                                    guint             extra_count)
{
  g_return_if_fail (VIGIL_IS_ALARM_BANNER (self));

  if (self->extra_count == extra_count)
    return;

  self->extra_count = extra_count;
  update_extra (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_COUNT]);
}

gboolean
vigil_alarm_banner_get_technical (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), FALSE);

  return self->technical;
}

/**
 * vigil_alarm_banner_set_technical:
 *
 * Makes this banner the technical message area: the technical colour
 * (cyan/blue) for every priority, never an alarm's red or yellow.
 */
void
vigil_alarm_banner_set_technical (VigilAlarmBanner *self,
                                  gboolean          technical)
{
  g_return_if_fail (VIGIL_IS_ALARM_BANNER (self));

  technical = !!technical;
  if (self->technical == technical)
    return;

  self->technical = technical;
  set_css_class (GTK_WIDGET (self), "technical", technical);
  update_content (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TECHNICAL]);
}

/**
 * vigil_alarm_banner_get_flash_on:
 *
 * Returns: whether the background is at its full colour in the frame being
 *   drawn (the phase set by the last frame-clock tick); %TRUE for a steady
 *   low alarm, %FALSE when idle
 */
gboolean
vigil_alarm_banner_get_flash_on (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), FALSE);

  return self->flash_on;
}

const char *
vigil_alarm_banner_get_marker_text (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->marker_label));
}

/**
 * vigil_alarm_banner_get_extra_text:
 *
 * Returns: "2 more", or "" when hidden
 */
const char *
vigil_alarm_banner_get_extra_text (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->extra_label));
}

void
vigil_alarm_banner_set_time_override (VigilAlarmBanner *self,
                                      gint64            time_us)
{
  g_return_if_fail (VIGIL_IS_ALARM_BANNER (self));

  self->time_override = time_us;
  if (time_us >= 0)
    vigil_alarm_banner_update_for_time (self, time_us);
}

gboolean
vigil_alarm_banner_is_ticking (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), FALSE);

  return self->tick_id != 0;
}

gboolean
vigil_alarm_banner_get_drawn_flash_on (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), FALSE);

  return self->drawn_flash_on;
}

guint
vigil_alarm_banner_get_snapshot_count (VigilAlarmBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_BANNER (self), 0);

  return self->snapshot_count;
}
