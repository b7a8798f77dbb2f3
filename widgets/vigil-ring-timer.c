/* vigil-ring-timer.c — a large ring timer for a timed phase of a treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The ring shows how far a timed phase (an infusion of 40 min, a recovery
 * of at least 30 min in a 45 min ring) has gone, to be read across a room.
 * It knows nothing of treatments: the app sets plain durations, and sets
 * #VigilRingTimer:elapsed once a second; a setter that changes nothing
 * draws nothing.
 *
 * A thick track with the elapsed arc from twelve o'clock, clockwise, in
 * the phase colour (vigil_ring_infusion, vigil_ring_recovery); an optional
 * tick for a minimum; in the centre the title, big tabular digits and a
 * small secondary line. Paused, the arc and the digits turn amber
 * (vigil_ring_paused) and the word PAUSED and the pause's length appear,
 * so the state is in words as well as colour. Past the total the ring is
 * full, a narrower second lap in vigil_ring_overtime runs over it, and
 * the digits read "+MM:SS" in that colour. None of these
 * is an alarm colour: red and yellow belong to the alarms.
 *
 * Everything is drawn in snapshot: the ring through Cairo with bounds of
 * the ring's square, the text from PangoLayouts kept between frames (their
 * sizes follow the ring's diameter; a new second only changes their text).
 */

#include "vigil-ring-timer.h"

#include <glib/gi18n-lib.h>
#include <math.h>

G_DEFINE_ENUM_TYPE (VigilRingTimerMode, vigil_ring_timer_mode,
  G_DEFINE_ENUM_VALUE (VIGIL_RING_TIMER_COUNT_DOWN, "count-down"),
  G_DEFINE_ENUM_VALUE (VIGIL_RING_TIMER_COUNT_UP, "count-up"))

G_DEFINE_ENUM_TYPE (VigilRingTimerPhase, vigil_ring_timer_phase,
  G_DEFINE_ENUM_VALUE (VIGIL_RING_TIMER_PHASE_INFUSION, "infusion"),
  G_DEFINE_ENUM_VALUE (VIGIL_RING_TIMER_PHASE_RECOVERY, "recovery"))

typedef enum
{
  COLOR_TRACK,
  COLOR_INFUSION,
  COLOR_RECOVERY,
  COLOR_PAUSED,
  COLOR_OVERTIME,
  COLOR_TICK,
  COLOR_TEXT,
  COLOR_LABEL,
  COLOR_BG,
  N_COLORS
} RingColor;

/* Named colours of widgets.css, with the same values as fallbacks so the
 * ring keeps its meaning under a stylesheet that lacks them. */
static const struct
{
  const char *name;
  GdkRGBA     fallback;
} ring_colors[N_COLORS] = {
  [COLOR_TRACK]    = { "vigil_ring_track",    { 0.133f, 0.169f, 0.200f, 1.0f } },
  [COLOR_INFUSION] = { "vigil_ring_infusion", { 0.149f, 0.706f, 0.702f, 1.0f } },
  [COLOR_RECOVERY] = { "vigil_ring_recovery", { 0.400f, 0.769f, 0.439f, 1.0f } },
  [COLOR_PAUSED]   = { "vigil_ring_paused",   { 1.000f, 0.616f, 0.290f, 1.0f } },
  [COLOR_OVERTIME] = { "vigil_ring_overtime", { 0.722f, 0.643f, 1.000f, 1.0f } },
  [COLOR_TICK]     = { "vigil_ring_tick",     { 0.914f, 0.929f, 0.941f, 1.0f } },
  [COLOR_TEXT]     = { "vigil_ring_text",     { 0.914f, 0.929f, 0.941f, 1.0f } },
  [COLOR_LABEL]    = { "vigil_ring_label",    { 0.639f, 0.678f, 0.714f, 1.0f } },
  [COLOR_BG]       = { "vigil_ring_bg",       { 0.027f, 0.035f, 0.043f, 1.0f } },
};

/* Proportions of the ring's diameter. */
#define TRACK_WIDTH     0.075
#define TICK_OVERHANG   0.35   /* of the track width, each side */
#define DIGITS_SIZE     0.225
#define TITLE_SIZE      0.068
#define SECONDARY_SIZE  0.058
#define PILL_SIZE       0.050
#define TEXT_GAP        0.030

#define NATURAL_SIZE    360
#define MINIMUM_SIZE    160

struct _VigilRingTimer
{
  GtkWidget            parent_instance;

  gint64               total;
  gint64               elapsed;
  gint64               minimum;
  gint64               paused_for;
  char                *title;
  VigilRingTimerMode   mode;
  VigilRingTimerPhase  phase;
  gboolean             paused;

  /* Derived from the above by update_texts (). */
  gboolean             overtime;
  char                *digits_text;
  char                *secondary_text;

  GdkRGBA              colors[N_COLORS];
  PangoFontDescription *font;

  /* Sized for layout_diameter; 0 when there are none. */
  int                  layout_diameter;
  PangoLayout         *title_layout;
  PangoLayout         *digits_layout;
  PangoLayout         *secondary_layout;
  PangoLayout         *pill_layout;
};

G_DEFINE_FINAL_TYPE (VigilRingTimer, vigil_ring_timer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOTAL,
  PROP_ELAPSED,
  PROP_MINIMUM,
  PROP_PAUSED,
  PROP_PAUSED_FOR,
  PROP_TITLE,
  PROP_MODE,
  PROP_PHASE,
  PROP_OVERTIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * vigil_ring_timer_format_duration:
 * @us: a duration in µs; negative durations get a minus sign
 *
 * Whole seconds, truncated toward zero, as a clock shows them: "0:59",
 * "40:00", and with hours above an hour, "1:05:00".
 *
 * Returns: (transfer full): the duration as text
 */
char *
vigil_ring_timer_format_duration (gint64 us)
{
  /* Seconds first, so G_MININT64 cannot overflow when negated. */
  gint64 seconds = us / G_USEC_PER_SEC;
  const char *sign = seconds < 0 ? "-" : "";
  guint64 s = seconds < 0 ? (guint64) -seconds : (guint64) seconds;
  guint64 hours = s / 3600;
  guint minutes = (guint) ((s / 60) % 60);
  guint secs = (guint) (s % 60);

  if (hours > 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT ":%02u:%02u", sign, hours, minutes, secs);
  return g_strdup_printf ("%s%u:%02u", sign, minutes, secs);
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

/* A count-down shows 40:00 until a whole second has gone, and 0:00 only
 * at the end, as a kitchen timer does: the remaining time rounds up. */
static gint64
round_up_to_second (gint64 us)
{
  if (us <= 0)
    return 0;
  if (us > G_MAXINT64 - G_USEC_PER_SEC)
    return us;
  return ((us - 1) / G_USEC_PER_SEC + 1) * G_USEC_PER_SEC;
}

static void
update_accessible (VigilRingTimer *self)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf ("%s %s %s %s",
                                 self->title != NULL ? self->title : "",
                                 self->digits_text,
                                 self->secondary_text,
                                 self->paused ? _("PAUSED") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, g_strstrip (description),
                                  -1);
}

/* Recomputes what the ring says; notifies overtime when it flips. */
static void
update_texts (VigilRingTimer *self)
{
  g_autofree char *digits = NULL;
  g_autofree char *secondary = NULL;
  g_autofree char *total = vigil_ring_timer_format_duration (self->total);
  gint64 elapsed = MAX (self->elapsed, 0);
  gboolean overtime = self->total > 0 && elapsed > self->total;
  gboolean changed;

  if (overtime)
    {
      g_autofree char *over = vigil_ring_timer_format_duration (elapsed - self->total);

      digits = g_strconcat ("+", over, NULL);
    }
  else if (self->mode == VIGIL_RING_TIMER_COUNT_DOWN && self->total > 0)
    digits = vigil_ring_timer_format_duration (round_up_to_second (self->total - elapsed));
  else
    digits = vigil_ring_timer_format_duration (elapsed);

  if (self->paused)
    {
      g_autofree char *paused_for = vigil_ring_timer_format_duration (MAX (self->paused_for, 0));

      /* TRANSLATORS: under the timer's digits: how long it has been paused, "paused 3:30" */
      secondary = g_strdup_printf (_("paused %s"), paused_for);
    }
  else if (overtime)
    /* TRANSLATORS: under "+2:10": the time planned, "over 40:00" */
    secondary = g_strdup_printf (_("over %s"), total);
  else if (self->total > 0 && self->minimum > 0 && self->minimum < self->total)
    {
      g_autofree char *minimum = vigil_ring_timer_format_duration (self->minimum);

      /* TRANSLATORS: under the timer's digits: the planned time and the minimum, "of 45:00 · min 30:00" */
      secondary = g_strdup_printf (_("of %s · min %s"), total, minimum);
    }
  else if (self->total > 0)
    /* TRANSLATORS: under the timer's digits: the planned time, "of 40:00" */
    secondary = g_strdup_printf (_("of %s"), total);
  else
    secondary = g_strdup ("");

  changed = set_str (&self->digits_text, digits);
  changed |= set_str (&self->secondary_text, secondary);

  if (self->overtime != overtime)
    {
      self->overtime = overtime;
      set_css_class (GTK_WIDGET (self), "overtime", overtime);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERTIME]);
      changed = TRUE;
    }

  if (changed)
    update_accessible (self);
}

/* Returns: whether a colour changed */
static gboolean
update_colors (VigilRingTimer *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean changed = FALSE;

  for (guint i = 0; i < N_COLORS; i++)
    {
      GdkRGBA color;

      if (!gtk_style_context_lookup_color (context, ring_colors[i].name, &color))
        color = ring_colors[i].fallback;
      if (!gdk_rgba_equal (&color, &self->colors[i]))
        {
          self->colors[i] = color;
          changed = TRUE;
        }
    }

  return changed;
}

static void
drop_layouts (VigilRingTimer *self)
{
  g_clear_object (&self->title_layout);
  g_clear_object (&self->digits_layout);
  g_clear_object (&self->secondary_layout);
  g_clear_object (&self->pill_layout);
  self->layout_diameter = 0;
}

/* Returns: whether the font changed since the last call */
static gboolean
update_font (VigilRingTimer *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);

  if (self->font != NULL && font != NULL && pango_font_description_equal (self->font, font))
    return FALSE;

  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = font != NULL ? pango_font_description_copy (font) : NULL;
  return TRUE;
}

static PangoLayout *
create_layout (VigilRingTimer *self,
               double          size_px,
               PangoWeight     weight,
               int             letter_spacing_px)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_size_new_absolute ((int) (MAX (size_px, 6.0) * PANGO_SCALE)));
  pango_attr_list_insert (attrs, pango_attr_weight_new (weight));
  /* Digits of equal width: the numbers do not jitter as seconds pass. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  if (letter_spacing_px != 0)
    pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (letter_spacing_px * PANGO_SCALE));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);

  return layout;
}

static void
ensure_layouts (VigilRingTimer *self,
                int             diameter)
{
  if (self->layout_diameter == diameter && self->digits_layout != NULL)
    return;

  drop_layouts (self);
  self->title_layout = create_layout (self, diameter * TITLE_SIZE, PANGO_WEIGHT_BOLD, 0);
  self->digits_layout = create_layout (self, diameter * DIGITS_SIZE, PANGO_WEIGHT_BOLD, 0);
  self->secondary_layout = create_layout (self, diameter * SECONDARY_SIZE, PANGO_WEIGHT_NORMAL, 0);
  self->pill_layout = create_layout (self, diameter * PILL_SIZE, PANGO_WEIGHT_HEAVY,
                                     MAX (1, (int) round (diameter * 0.004)));
  pango_layout_set_text (self->pill_layout, _("PAUSED"), -1);
  self->layout_diameter = diameter;
}

/* A new second only sets new text: the layout keeps its attributes. */
static void
set_layout_text (PangoLayout *layout,
                 const char  *text)
{
  if (g_strcmp0 (pango_layout_get_text (layout), text) != 0)
    pango_layout_set_text (layout, text, -1);
}

static void
append_layout_at (GtkSnapshot   *snapshot,
                  PangoLayout   *layout,
                  double         x,
                  double         y,
                  const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static const GdkRGBA *
arc_color (VigilRingTimer *self)
{
  if (self->paused)
    return &self->colors[COLOR_PAUSED];
  if (self->phase == VIGIL_RING_TIMER_PHASE_RECOVERY)
    return &self->colors[COLOR_RECOVERY];
  return &self->colors[COLOR_INFUSION];
}

static const GdkRGBA *
digits_color (VigilRingTimer *self)
{
  if (self->paused)
    return &self->colors[COLOR_PAUSED];
  if (self->overtime)
    return &self->colors[COLOR_OVERTIME];
  return &self->colors[COLOR_TEXT];
}

static void
draw_ring (VigilRingTimer *self,
           GtkSnapshot    *snapshot,
           double          cx,
           double          cy,
           double          diameter,
           double          radius,
           double          track)
{
  cairo_t *cr;
  double fraction = 0;
  double start = -G_PI / 2;

  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT ((float) (cx - diameter / 2), (float) (cy - diameter / 2),
                                                       (float) diameter, (float) diameter));

  cairo_set_line_width (cr, track);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  if (self->total > 0)
    fraction = CLAMP ((double) self->elapsed / (double) self->total, 0.0, 1.0);

  /* The track only where the arc is not: antialiased edges of one over
   * the other would leave a grey fringe on a full ring. */
  if (fraction < 1.0)
    {
      gdk_cairo_set_source_rgba (cr, &self->colors[COLOR_TRACK]);
      if (fraction > 0)
        cairo_arc (cr, cx, cy, radius, start + 2 * G_PI * fraction, start + 2 * G_PI);
      else
        cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
      cairo_stroke (cr);
    }

  if (fraction > 0)
    {
      gdk_cairo_set_source_rgba (cr, arc_color (self));
      if (fraction >= 1.0)
        cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
      else
        cairo_arc (cr, cx, cy, radius, start, start + 2 * G_PI * fraction);
      cairo_stroke (cr);
    }

  /* Overtime: a second lap, narrower, in the overtime colour, so the ring
   * keeps moving past the total. */
  if (self->overtime)
    {
      double lap = MIN ((double) (self->elapsed - self->total) / (double) self->total, 1.0);

      cairo_new_path (cr);
      cairo_set_line_width (cr, round (track * 0.45));
      gdk_cairo_set_source_rgba (cr, &self->colors[COLOR_OVERTIME]);
      if (lap >= 1.0)
        cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
      else
        cairo_arc (cr, cx, cy, radius, start, start + 2 * G_PI * lap);
      cairo_stroke (cr);
    }

  /* The minimum: a tick across the track, outlined in the background so
   * it shows on the arc as well as on the track. */
  if (self->total > 0 && self->minimum > 0 && self->minimum < self->total)
    {
      double angle = start + 2 * G_PI * (double) self->minimum / (double) self->total;
      double inner = radius - track / 2 - track * TICK_OVERHANG;
      double outer = radius + track / 2 + track * TICK_OVERHANG;
      double width = MAX (3.0, round (diameter * 0.011));
      double dx = cos (angle);
      double dy = sin (angle);

      cairo_move_to (cr, cx + inner * dx, cy + inner * dy);
      cairo_line_to (cr, cx + outer * dx, cy + outer * dy);
      /* Butt ends keep it inside the ring's square (the Cairo bounds). */
      cairo_set_line_width (cr, width + 4);
      gdk_cairo_set_source_rgba (cr, &self->colors[COLOR_BG]);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, width);
      gdk_cairo_set_source_rgba (cr, &self->colors[COLOR_TICK]);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
}

static void
draw_text (VigilRingTimer *self,
           GtkSnapshot    *snapshot,
           double          cx,
           double          cy,
           double          inner_radius,
           double          diameter)
{
  PangoRectangle digits_ink, title_rect, secondary_rect, pill_rect;
  double gap = diameter * TEXT_GAP;
  double pill_pad_x = diameter * 0.030;
  double pill_pad_y = diameter * 0.010;
  double digits_scale = 1.0;
  double digits_height, height, y, max_width;
  gboolean has_title = self->title != NULL && self->title[0] != '\0';
  gboolean has_secondary = self->secondary_text[0] != '\0';

  set_layout_text (self->title_layout, has_title ? self->title : "");
  set_layout_text (self->digits_layout, self->digits_text);
  set_layout_text (self->secondary_layout, self->secondary_text);

  pango_layout_get_pixel_extents (self->digits_layout, &digits_ink, NULL);
  pango_layout_get_pixel_extents (self->title_layout, NULL, &title_rect);
  pango_layout_get_pixel_extents (self->secondary_layout, NULL, &secondary_rect);
  pango_layout_get_pixel_extents (self->pill_layout, NULL, &pill_rect);

  /* "1:05:00" or "+12:34" must stay inside the ring. */
  max_width = 2 * sqrt (MAX (0, inner_radius * inner_radius - pow (digits_ink.height / 2.0, 2))) * 0.88;
  if (digits_ink.width > max_width && digits_ink.width > 0)
    digits_scale = max_width / digits_ink.width;
  digits_height = digits_ink.height * digits_scale;

  /* The stack, centred: title, digits, secondary line, PAUSED. */
  height = digits_height;
  if (has_title)
    height += title_rect.height + gap;
  if (has_secondary)
    height += secondary_rect.height + gap;
  if (self->paused)
    height += pill_rect.height + 2 * pill_pad_y + gap;
  y = round (cy - height / 2);

  if (has_title)
    {
      append_layout_at (snapshot, self->title_layout,
                        round (cx - title_rect.width / 2.0 - title_rect.x), y - title_rect.y,
                        &self->colors[COLOR_LABEL]);
      y += title_rect.height + gap;
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) cx, (float) y));
  gtk_snapshot_scale (snapshot, (float) digits_scale, (float) digits_scale);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT ((float) (-digits_ink.x - digits_ink.width / 2.0),
                                                (float) -digits_ink.y));
  gtk_snapshot_append_layout (snapshot, self->digits_layout, digits_color (self));
  gtk_snapshot_restore (snapshot);
  y += digits_height;

  if (has_secondary)
    {
      y += gap;
      append_layout_at (snapshot, self->secondary_layout,
                        round (cx - secondary_rect.width / 2.0 - secondary_rect.x), y - secondary_rect.y,
                        self->paused ? &self->colors[COLOR_PAUSED]
                                     : self->overtime ? &self->colors[COLOR_OVERTIME]
                                                      : &self->colors[COLOR_LABEL]);
      y += secondary_rect.height;
    }

  if (self->paused)
    {
      double w = pill_rect.width + 2 * pill_pad_x;
      double h = pill_rect.height + 2 * pill_pad_y;
      GskRoundedRect pill;

      y += gap;
      gsk_rounded_rect_init_from_rect (&pill,
                                       &GRAPHENE_RECT_INIT ((float) round (cx - w / 2), (float) y,
                                                            (float) round (w), (float) round (h)),
                                       (float) (h / 2));
      gtk_snapshot_push_rounded_clip (snapshot, &pill);
      gtk_snapshot_append_color (snapshot, &self->colors[COLOR_PAUSED], &pill.bounds);
      gtk_snapshot_pop (snapshot);
      append_layout_at (snapshot, self->pill_layout,
                        round (cx - pill_rect.width / 2.0 - pill_rect.x), y + pill_pad_y - pill_rect.y,
                        &self->colors[COLOR_BG]);
    }
}

static void
vigil_ring_timer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  VigilRingTimer *self = VIGIL_RING_TIMER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int diameter = MIN (width, height);
  double track, radius, cx, cy;

  if (diameter < 16)
    return;

  track = MAX (6.0, round (diameter * TRACK_WIDTH));
  /* Room for the tick's overhang outside the track. */
  radius = diameter / 2.0 - track / 2 - track * TICK_OVERHANG - 1;
  cx = width / 2.0;
  cy = height / 2.0;

  ensure_layouts (self, diameter);
  draw_ring (self, snapshot, cx, cy, diameter, radius, track);
  draw_text (self, snapshot, cx, cy, radius - track / 2, diameter);
}

static void
vigil_ring_timer_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = MINIMUM_SIZE;
  *natural = NATURAL_SIZE;

  /* A ring is round: as tall as it is wide, so that a narrow column does
   * not leave empty space above and below it. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    *natural = CLAMP (for_size, MINIMUM_SIZE, NATURAL_SIZE);
}

static GtkSizeRequestMode
vigil_ring_timer_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
vigil_ring_timer_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  VigilRingTimer *self = VIGIL_RING_TIMER (widget);
  gboolean font_changed, colors_changed;

  GTK_WIDGET_CLASS (vigil_ring_timer_parent_class)->css_changed (widget, change);

  /* State changes (a window losing focus) also land here: only a new
   * font or colour needs new layouts or a redraw. */
  font_changed = update_font (self);
  colors_changed = update_colors (self);
  if (font_changed)
    drop_layouts (self);
  if (font_changed || colors_changed)
    gtk_widget_queue_draw (widget);
}

static void
vigil_ring_timer_dispose (GObject *object)
{
  VigilRingTimer *self = VIGIL_RING_TIMER (object);

  drop_layouts (self);

  G_OBJECT_CLASS (vigil_ring_timer_parent_class)->dispose (object);
}

static void
vigil_ring_timer_finalize (GObject *object)
{
  VigilRingTimer *self = VIGIL_RING_TIMER (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->digits_text, g_free);
  g_clear_pointer (&self->secondary_text, g_free);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (vigil_ring_timer_parent_class)->finalize (object);
}

static void
vigil_ring_timer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilRingTimer *self = VIGIL_RING_TIMER (object);

  switch (prop_id)
    {
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    case PROP_ELAPSED:
      g_value_set_int64 (value, self->elapsed);
      break;

    case PROP_MINIMUM:
      g_value_set_int64 (value, self->minimum);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_PAUSED_FOR:
      g_value_set_int64 (value, self->paused_for);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;

    case PROP_OVERTIME:
      g_value_set_boolean (value, self->overtime);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_ring_timer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VigilRingTimer *self = VIGIL_RING_TIMER (object);

  switch (prop_id)
    {
    case PROP_TOTAL:
      vigil_ring_timer_set_total (self, g_value_get_int64 (value));
      break;

    case PROP_ELAPSED:
      vigil_ring_timer_set_elapsed (self, g_value_get_int64 (value));
      break;

    case PROP_MINIMUM:
      vigil_ring_timer_set_minimum (self, g_value_get_int64 (value));
      break;

    case PROP_PAUSED:
      vigil_ring_timer_set_paused (self, g_value_get_boolean (value));
      break;

    case PROP_PAUSED_FOR:
      vigil_ring_timer_set_paused_for (self, g_value_get_int64 (value));
      break;

    case PROP_TITLE:
      vigil_ring_timer_set_title (self, g_value_get_string (value));
      break;

    case PROP_MODE:
      vigil_ring_timer_set_mode (self, g_value_get_enum (value));
      break;

    case PROP_PHASE:
      vigil_ring_timer_set_phase (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_ring_timer_class_init (VigilRingTimerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_ring_timer_dispose;
  object_class->finalize = vigil_ring_timer_finalize;
  object_class->get_property = vigil_ring_timer_get_property;
  object_class->set_property = vigil_ring_timer_set_property;

  widget_class->snapshot = vigil_ring_timer_snapshot;
  widget_class->measure = vigil_ring_timer_measure;
  widget_class->get_request_mode = vigil_ring_timer_get_request_mode;
  widget_class->css_changed = vigil_ring_timer_css_changed;

  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, "Length of the phase, µs (the full ring); 0 for none",
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ELAPSED] =
    g_param_spec_int64 ("elapsed", NULL, "Time gone in the phase, µs, pauses excluded",
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MINIMUM] =
    g_param_spec_int64 ("minimum", NULL, "A minimum time marked by a tick on the ring, µs; 0 for none",
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, "Whether the phase is paused (amber, with the word PAUSED)",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PAUSED_FOR] =
    g_param_spec_int64 ("paused-for", NULL, "Length of the current pause, µs, shown while paused",
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, "Name of the phase, above the digits",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, "Whether the digits show the time remaining or elapsed",
                       VIGIL_TYPE_RING_TIMER_MODE, VIGIL_RING_TIMER_COUNT_DOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, "Which phase colour the arc has",
                       VIGIL_TYPE_RING_TIMER_PHASE, VIGIL_RING_TIMER_PHASE_INFUSION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_OVERTIME] =
    g_param_spec_boolean ("overtime", NULL, "Whether the elapsed time is past the total",
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vigil-ring-timer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TIMER);
}

static void
vigil_ring_timer_init (VigilRingTimer *self)
{
  for (guint i = 0; i < N_COLORS; i++)
    self->colors[i] = ring_colors[i].fallback;

  set_css_class (GTK_WIDGET (self), "infusion", TRUE);
  update_texts (self);
}

/**
 * vigil_ring_timer_new:
 *
 * Returns: (transfer floating): a count-down ring with no total
 */
GtkWidget *
vigil_ring_timer_new (void)
{
  return g_object_new (VIGIL_TYPE_RING_TIMER, NULL);
}

/* Setters: compare, store, notify, recompute the texts, redraw. */
static gboolean
set_time (VigilRingTimer *self,
          gint64         *field,
          gint64          value,
          guint           prop_id)
{
  value = MAX (value, 0);
  if (*field == value)
    return FALSE;

  *field = value;
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

gint64
vigil_ring_timer_get_total (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), 0);

  return self->total;
}

/**
 * vigil_ring_timer_set_total:
 * @total_us: the phase's planned length, µs: the full ring; 0 for none
 */
void
vigil_ring_timer_set_total (VigilRingTimer *self,
                            gint64          total_us)
{
  g_return_if_fail (VIGIL_IS_RING_TIMER (self));

  set_time (self, &self->total, total_us, PROP_TOTAL);
}

gint64
vigil_ring_timer_get_elapsed (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), 0);

  return self->elapsed;
}

/**
 * vigil_ring_timer_set_elapsed:
 * @elapsed_us: how long the phase has run, µs, pauses excluded
 *
 * The app sets it once a second; the ring does not run a clock itself.
 */
void
vigil_ring_timer_set_elapsed (VigilRingTimer *self,
                              gint64          elapsed_us)
{
  g_return_if_fail (VIGIL_IS_RING_TIMER (self));

  set_time (self, &self->elapsed, elapsed_us, PROP_ELAPSED);
}

gint64
vigil_ring_timer_get_minimum (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), 0);

  return self->minimum;
}

/**
 * vigil_ring_timer_set_minimum:
 * @minimum_us: a minimum within the total (the 30 min of a recovery in a
 *   45 min ring), marked by a tick; 0 for none
 */
void
vigil_ring_timer_set_minimum (VigilRingTimer *self,
                              gint64          minimum_us)
{
  g_return_if_fail (VIGIL_IS_RING_TIMER (self));

  set_time (self, &self->minimum, minimum_us, PROP_MINIMUM);
}

gboolean
vigil_ring_timer_get_paused (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), FALSE);

  return self->paused;
}

/**
 * vigil_ring_timer_set_paused:
 *
 * Paused, the arc and the digits are amber, the word PAUSED shows under
 * them and the secondary line gives #VigilRingTimer:paused-for.
 */
void
vigil_ring_timer_set_paused (VigilRingTimer *self,
                             gboolean        paused)
{
  g_return_if_fail (VIGIL_IS_RING_TIMER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  set_css_class (GTK_WIDGET (self), "paused", paused);
  update_texts (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
vigil_ring_timer_get_paused_for (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), 0);

  return self->paused_for;
}

void
vigil_ring_timer_set_paused_for (VigilRingTimer *self,
                                 gint64          paused_for_us)
{
  g_return_if_fail (VIGIL_IS_RING_TIMER (self));

  set_time (self, &self->paused_for, paused_for_us, PROP_PAUSED_FOR);
}

const char *
vigil_ring_timer_get_title (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), NULL);

  return self->title;
}

/**
 * vigil_ring_timer_set_title:
 * @title: (nullable): the phase as staff name it, translated: "Infusion"
 */
void
vigil_ring_timer_set_title (VigilRingTimer *self,
                            const char     *title)
{
  g_return_if_fail (VIGIL_IS_RING_TIMER (self));

  if (!set_str (&self->title, title))
    return;

  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

VigilRingTimerMode
vigil_ring_timer_get_mode (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), VIGIL_RING_TIMER_COUNT_DOWN);

  return self->mode;
}

void
vigil_ring_timer_set_mode (VigilRingTimer     *self,
                           VigilRingTimerMode  mode)
{
  g_return_if_fail (VIGIL_IS_RING_TIMER (self));
  g_return_if_fail (mode <= VIGIL_RING_TIMER_COUNT_UP);

  if (self->mode == mode)
    return;

  self->mode = mode;
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

VigilRingTimerPhase
vigil_ring_timer_get_phase (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), VIGIL_RING_TIMER_PHASE_INFUSION);

  return self->phase;
}

/**
 * vigil_ring_timer_set_phase:
 *
 * Chooses the arc's colour, and the style class .infusion or .recovery.
 */
void
vigil_ring_timer_set_phase (VigilRingTimer      *self,
                            VigilRingTimerPhase  phase)
{
  g_return_if_fail (VIGIL_IS_RING_TIMER (self));
  g_return_if_fail (phase <= VIGIL_RING_TIMER_PHASE_RECOVERY);

  if (self->phase == phase)
    return;

  self->phase = phase;
  set_css_class (GTK_WIDGET (self), "infusion", phase == VIGIL_RING_TIMER_PHASE_INFUSION);
  set_css_class (GTK_WIDGET (self), "recovery", phase == VIGIL_RING_TIMER_PHASE_RECOVERY);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * vigil_ring_timer_get_overtime:
 *
 * Returns: whether the elapsed time is past a non-zero total (the digits
 *   read "+MM:SS")
 */
gboolean
vigil_ring_timer_get_overtime (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), FALSE);

  return self->overtime;
}

/**
 * vigil_ring_timer_get_digits_text:
 *
 * Returns: the big digits as drawn: "27:26" remaining, "12:34" elapsed,
 *   "+2:10" past the total
 */
const char *
vigil_ring_timer_get_digits_text (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), NULL);

  return self->digits_text;
}

/**
 * vigil_ring_timer_get_secondary_text:
 *
 * Returns: the line under the digits as drawn: "of 40:00",
 *   "of 45:00 · min 30:00", "over 40:00", "paused 3:30", or ""
 */
const char *
vigil_ring_timer_get_secondary_text (VigilRingTimer *self)
{
  g_return_val_if_fail (VIGIL_IS_RING_TIMER (self), NULL);

  return self->secondary_text;
}
