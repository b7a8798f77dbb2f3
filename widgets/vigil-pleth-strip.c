/* vigil-pleth-strip.c — a live waveform drawn in sweep mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Sweep mode, as on a bedside monitor: the trace is written left to right
 * at a fixed speed (one sweep, 6 s by default, crosses the strip), wraps
 * to the left edge, and writes over the previous pass. Just ahead of the
 * write position an erase bar (0.2 s wide) clears the old trace, so the
 * eye finds the newest sample at the edge of the gap.
 *
 * Time: devices deliver samples in bursts (a Nonin sends 25 pleth points
 * per frame, three frames a second), and the host stamps a burst with one
 * arrival time. With a known rate the strip spaces samples by 1/rate and
 * only falls back on the host time when the two drift apart by more than
 * RESYNC_US (a dropout): then the sweep jumps ahead and leaves a gap.
 *
 * Data: a ring of the last sweep's samples (time, value); older samples
 * are dropped as new ones arrive, so memory and the cost of a frame are
 * bounded by one sweep. A frame draws only the samples not yet erased:
 * joined into a line while there are fewer than two per pixel column, as
 * one min/max bar per column above that.
 *
 * Scale: the trace is fitted to the amplitude of what is on screen (the
 * device's own scale is arbitrary: a pleth's height is perfusion, not a
 * number to read), with a minimum span so a flat line does not turn its
 * noise into waves.
 *
 * Redraws: push() never queues a draw. A tick callback, while mapped,
 * compares the buffer's generation with the one last drawn, so the strip
 * redraws at most once per frame whatever the sample rate.
 */

#include "vigil-pleth-strip.h"
#include "vigil-pleth-strip-private.h"

#include <glib/gi18n.h>
#include <math.h>

#define DEFAULT_SWEEP_US  (6 * G_USEC_PER_SEC)
#define MIN_SWEEP_US      (G_USEC_PER_SEC)
#define ERASE_US          (G_USEC_PER_SEC / 5)
#define RESYNC_US         (G_USEC_PER_SEC / 2)
#define NO_SIGNAL_US      (2 * G_USEC_PER_SEC)
#define MAX_SAMPLES       (1 << 16)
#define MIN_SPAN          0.05
#define SCALE_MARGIN      0.08     /* of the plot height, above and below */
#define LINE_WIDTH        2.0
#define DENSE_PER_COLUMN  2.0
#define JOIN_PERIODS      3.0      /* samples further apart than this many periods are not joined */
#define DEFAULT_JOIN_US   (G_USEC_PER_SEC / 4)

/* Layout, in px, inside the CSS content box. */
#define PAD               4
#define TITLE_GAP         2

typedef struct
{
  gint64 time_us;
  double value;
} Sample;

struct _VigilPlethStrip
{
  GtkWidget     parent_instance;

  /* Ring of samples, oldest first from head. */
  Sample       *samples;
  guint         capacity;
  guint         head;
  guint         len;

  gboolean      have_origin;
  gint64        origin_us;          /* the left edge of the first sweep */
  gint64        last_finite_us;
  gboolean      have_finite;
  gboolean      has_signal;

  double        rate_hz;
  gint64        sweep_us;
  char         *title;

  guint64       generation;
  guint64       drawn_generation;

  /* Theme */
  GdkRGBA       trace_color;
  GdkRGBA       text_color;
  GdkRGBA       title_color;
  GdkRGBA       backdrop_color;
  PangoFontDescription *font;
  PangoLayout  *title_layout;
  PangoLayout  *no_signal_layout;

  /* Geometry */
  int           width;
  int           height;
  graphene_rect_t plot;
  double       *col_min;
  double       *col_max;
  int           n_columns;

  guint         tick_id;
  guint         snapshot_count;
};

G_DEFINE_FINAL_TYPE (VigilPlethStrip, vigil_pleth_strip, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RATE_HZ,
  PROP_SWEEP_DURATION,
  PROP_TITLE,
  PROP_HAS_SIGNAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline Sample *
sample_at (VigilPlethStrip *self,
           guint            i)
{
  return &self->samples[(self->head + i) % self->capacity];
}

/* Theme */

static void
lookup_color (VigilPlethStrip *self,
              const char      *name,
              const GdkRGBA   *fallback,
              GdkRGBA         *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  if (!gtk_style_context_lookup_color (context, name, color))
    *color = *fallback;
}

static void
update_colors (VigilPlethStrip *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg;
  GdkRGBA fallback;

  gtk_style_context_get_color (context, &fg);
  lookup_color (self, "vigil_pleth", &fg, &self->trace_color);
  lookup_color (self, "vigil_pleth_title", &self->trace_color, &self->title_color);
  fallback = fg;
  fallback.alpha *= 0.6f;
  lookup_color (self, "vigil_pleth_text", &fallback, &self->text_color);
  fallback = (GdkRGBA) { 0, 0, 0, 0.85f };
  lookup_color (self, "vigil_pleth_backdrop", &fallback, &self->backdrop_color);
}

/* Returns: whether the font changed since the last call */
static gboolean
update_font (VigilPlethStrip *self)
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
create_layout (VigilPlethStrip *self,
               const char      *text,
               double           scale,
               gboolean         bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);

  return layout;
}

static void
ensure_layouts (VigilPlethStrip *self)
{
  if (self->title_layout == NULL)
    self->title_layout = create_layout (self, self->title != NULL ? self->title : "", 1.15, TRUE);
  if (self->no_signal_layout == NULL)
    self->no_signal_layout = create_layout (self, _("No signal"), 1.15, FALSE);
}

static void
drop_layouts (VigilPlethStrip *self)
{
  g_clear_object (&self->title_layout);
  g_clear_object (&self->no_signal_layout);
}

/* Geometry */

static void
update_geometry (VigilPlethStrip *self)
{
  int title_height = 0;
  int n_columns;

  ensure_layouts (self);
  pango_layout_get_pixel_size (self->title_layout, NULL, &title_height);

  graphene_rect_init (&self->plot,
                      PAD,
                      PAD + title_height + TITLE_GAP,
                      MAX (1, self->width - 2 * PAD),
                      MAX (1, self->height - 2 * PAD - title_height - TITLE_GAP));

  n_columns = (int) ceil (self->plot.size.width);
  if (n_columns != self->n_columns)
    {
      self->n_columns = n_columns;
      self->col_min = g_renew (double, self->col_min, n_columns);
      self->col_max = g_renew (double, self->col_max, n_columns);
    }
}

static inline double
x_for_time (VigilPlethStrip *self,
            gint64           time_us)
{
  gint64 offset = (time_us - self->origin_us) % self->sweep_us;

  if (offset < 0)
    offset += self->sweep_us;
  return self->plot.origin.x + (double) offset * self->plot.size.width / (double) self->sweep_us;
}

static inline double
y_for_value (VigilPlethStrip *self,
             double           lo,
             double           hi,
             double           value)
{
  double margin = self->plot.size.height * SCALE_MARGIN;
  double f = (value - lo) / (hi - lo);

  f = CLAMP (f, 0.0, 1.0);
  return self->plot.origin.y + margin + (1.0 - f) * (self->plot.size.height - 2.0 * margin);
}

static gint64
newest_time (VigilPlethStrip *self)
{
  return self->len > 0 ? sample_at (self, self->len - 1)->time_us : 0;
}

/* The first sample still on screen: everything older is under the erase
 * bar or was erased by it. */
static guint
first_visible (VigilPlethStrip *self)
{
  gint64 oldest_shown = newest_time (self) - (self->sweep_us - ERASE_US);
  guint lo = 0, hi = self->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (sample_at (self, mid)->time_us <= oldest_shown)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The range the trace is scaled to: what is on screen, padded to
 * MIN_SPAN. Returns FALSE when nothing on screen is finite. */
static gboolean
compute_scale (VigilPlethStrip *self,
               guint            first,
               double          *out_lo,
               double          *out_hi)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = first; i < self->len; i++)
    {
      double v = sample_at (self, i)->value;

      if (isnan (v))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }

  if (!(lo <= hi))
    return FALSE;

  if (hi - lo < MIN_SPAN)
    {
      double mid = (lo + hi) / 2.0;

      lo = mid - MIN_SPAN / 2.0;
      hi = mid + MIN_SPAN / 2.0;
    }

  *out_lo = lo;
  *out_hi = hi;
  return TRUE;
}

static gint64
join_limit (VigilPlethStrip *self)
{
  if (self->rate_hz > 0)
    return (gint64) ceil (JOIN_PERIODS * G_USEC_PER_SEC / self->rate_hz);
  return DEFAULT_JOIN_US;
}

/* Fewer than two samples per column: one polyline, broken at NAN, at the
 * wrap to the left edge and wherever samples are too far apart. */
static void
draw_line (VigilPlethStrip *self,
           cairo_t         *cr,
           guint            first,
           double           lo,
           double           hi)
{
  gint64 max_join = join_limit (self);
  gboolean have_previous = FALSE;
  gint64 previous_t = 0;
  double previous_x = 0, previous_y = 0;
  gboolean previous_drawn = FALSE;

  for (guint i = first; i < self->len; i++)
    {
      const Sample *sample = sample_at (self, i);
      double x, y;

      if (isnan (sample->value))
        {
          have_previous = FALSE;
          continue;
        }

      x = x_for_time (self, sample->time_us);
      y = y_for_value (self, lo, hi, sample->value);

      if (have_previous && x >= previous_x && sample->time_us - previous_t <= max_join)
        {
          if (!previous_drawn)
            cairo_move_to (cr, previous_x, previous_y);
          cairo_line_to (cr, x, y);
          previous_drawn = TRUE;
        }
      else
        previous_drawn = FALSE;

      have_previous = TRUE;
      previous_t = sample->time_us;
      previous_x = x;
      previous_y = y;
    }

  cairo_set_line_width (cr, LINE_WIDTH);
  /* Bevel joins: the peaks stay sharp without the miter's spikes, and
   * cost a fraction of round ones. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_stroke (cr);
}

/* Two or more samples per column: each column is one bar from its lowest
 * to its highest sample, stretched to meet its neighbour so the trace
 * stays continuous. The cost is O(samples on screen + columns). */
static void
draw_columns (VigilPlethStrip *self,
              cairo_t         *cr,
              guint            first,
              double           lo,
              double           hi)
{
  double half = LINE_WIDTH / 2.0;
  gboolean previous_valid = FALSE;
  double previous_min = 0, previous_max = 0;

  for (int c = 0; c < self->n_columns; c++)
    {
      self->col_min[c] = INFINITY;
      self->col_max[c] = -INFINITY;
    }

  for (guint i = first; i < self->len; i++)
    {
      const Sample *sample = sample_at (self, i);
      int c;

      if (isnan (sample->value))
        continue;

      c = (int) (x_for_time (self, sample->time_us) - self->plot.origin.x);
      c = CLAMP (c, 0, self->n_columns - 1);
      self->col_min[c] = MIN (self->col_min[c], sample->value);
      self->col_max[c] = MAX (self->col_max[c], sample->value);
    }

  for (int c = 0; c < self->n_columns; c++)
    {
      double vmin = self->col_min[c];
      double vmax = self->col_max[c];
      double y_top, y_bottom;

      if (!(vmin <= vmax))
        {
          previous_valid = FALSE;
          continue;
        }

      if (previous_valid)
        {
          vmin = MIN (vmin, previous_max);
          vmax = MAX (vmax, previous_min);
        }
      previous_valid = TRUE;
      previous_min = self->col_min[c];
      previous_max = self->col_max[c];

      y_top = y_for_value (self, lo, hi, vmax) - half;
      y_bottom = y_for_value (self, lo, hi, vmin) + half;
      cairo_rectangle (cr, self->plot.origin.x + c, y_top, 1.0, y_bottom - y_top);
    }

  cairo_fill (cr);
}

static void
vigil_pleth_strip_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (widget);
  double lo = 0, hi = 1;
  guint first;
  gboolean have_scale;

  self->snapshot_count++;
  self->drawn_generation = self->generation;

  if (self->width <= 0 || self->height <= 0)
    return;

  ensure_layouts (self);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PAD, PAD));
  gtk_snapshot_append_layout (snapshot, self->title_layout, &self->title_color);
  gtk_snapshot_restore (snapshot);

  first = first_visible (self);
  have_scale = self->len > 0 && compute_scale (self, first, &lo, &hi);

  if (have_scale)
    {
      /* Bounds a line-width wider than the plot so the trace at its edges
       * is not cut; the erase bar is simply not drawn on. */
      graphene_rect_t bounds = self->plot;
      cairo_t *cr;

      graphene_rect_inset (&bounds, -LINE_WIDTH, -LINE_WIDTH);
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      gdk_cairo_set_source_rgba (cr, &self->trace_color);
      if ((self->len - first) >= DENSE_PER_COLUMN * self->plot.size.width)
        draw_columns (self, cr, first, lo, hi);
      else
        draw_line (self, cr, first, lo, hi);
      cairo_destroy (cr);
    }

  if (!self->has_signal)
    {
      int w, h;
      double x, y;

      /* Over what is left of the last trace, on a backdrop to stay
       * readable. */
      pango_layout_get_pixel_size (self->no_signal_layout, &w, &h);
      x = floor (self->plot.origin.x + (self->plot.size.width - w) / 2.0);
      y = floor (self->plot.origin.y + (self->plot.size.height - h) / 2.0);
      gtk_snapshot_append_color (snapshot, &self->backdrop_color,
                                 &GRAPHENE_RECT_INIT (x - 8, y - 2, w + 16, h + 4));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gtk_snapshot_append_layout (snapshot, self->no_signal_layout, &self->text_color);
      gtk_snapshot_restore (snapshot);
    }
}

static gboolean
vigil_pleth_strip_tick (GtkWidget     *widget,
                        GdkFrameClock *frame_clock,
                        gpointer       user_data)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (widget);

  if (self->generation != self->drawn_generation)
    gtk_widget_queue_draw (widget);

  return G_SOURCE_CONTINUE;
}

static void
vigil_pleth_strip_map (GtkWidget *widget)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (widget);

  GTK_WIDGET_CLASS (vigil_pleth_strip_parent_class)->map (widget);

  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, vigil_pleth_strip_tick, NULL, NULL);
}

static void
vigil_pleth_strip_unmap (GtkWidget *widget)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (vigil_pleth_strip_parent_class)->unmap (widget);
}

static void
vigil_pleth_strip_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (widget);

  if (width == self->width && height == self->height)
    return;

  self->width = width;
  self->height = height;
  update_geometry (self);
}

static void
vigil_pleth_strip_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (widget);
  int title_height = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 360;
      return;
    }

  ensure_layouts (self);
  pango_layout_get_pixel_size (self->title_layout, NULL, &title_height);
  *minimum = 2 * PAD + title_height + TITLE_GAP + 40;
  *natural = 2 * PAD + title_height + TITLE_GAP + 80;
}

static void
vigil_pleth_strip_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (widget);

  GTK_WIDGET_CLASS (vigil_pleth_strip_parent_class)->css_changed (widget, change);

  update_colors (self);
  if (update_font (self))
    {
      drop_layouts (self);
      gtk_widget_queue_resize (widget);
      if (self->width > 0)
        update_geometry (self);
    }
  gtk_widget_queue_draw (widget);
}

static void
vigil_pleth_strip_dispose (GObject *object)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (object);

  drop_layouts (self);

  G_OBJECT_CLASS (vigil_pleth_strip_parent_class)->dispose (object);
}

static void
vigil_pleth_strip_finalize (GObject *object)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (object);

  g_clear_pointer (&self->samples, g_free);
  g_clear_pointer (&self->col_min, g_free);
  g_clear_pointer (&self->col_max, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (vigil_pleth_strip_parent_class)->finalize (object);
}

static void
vigil_pleth_strip_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (object);

  switch (prop_id)
    {
    case PROP_RATE_HZ:
      g_value_set_double (value, self->rate_hz);
      break;

    case PROP_SWEEP_DURATION:
      g_value_set_int64 (value, self->sweep_us);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_HAS_SIGNAL:
      g_value_set_boolean (value, self->has_signal);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_pleth_strip_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilPlethStrip *self = VIGIL_PLETH_STRIP (object);

  switch (prop_id)
    {
    case PROP_RATE_HZ:
      vigil_pleth_strip_set_rate_hz (self, g_value_get_double (value));
      break;

    case PROP_SWEEP_DURATION:
      vigil_pleth_strip_set_sweep_duration (self, g_value_get_int64 (value));
      break;

    case PROP_TITLE:
      vigil_pleth_strip_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_pleth_strip_class_init (VigilPlethStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_pleth_strip_dispose;
  object_class->finalize = vigil_pleth_strip_finalize;
  object_class->get_property = vigil_pleth_strip_get_property;
  object_class->set_property = vigil_pleth_strip_set_property;

  widget_class->snapshot = vigil_pleth_strip_snapshot;
  widget_class->map = vigil_pleth_strip_map;
  widget_class->unmap = vigil_pleth_strip_unmap;
  widget_class->size_allocate = vigil_pleth_strip_size_allocate;
  widget_class->measure = vigil_pleth_strip_measure;
  widget_class->css_changed = vigil_pleth_strip_css_changed;

  properties[PROP_RATE_HZ] =
    g_param_spec_double ("rate-hz", NULL,
                         "The device's sample rate; 0 to place samples at their host times",
                         0, 10000, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SWEEP_DURATION] =
    g_param_spec_int64 ("sweep-duration", NULL,
                        "How long the trace takes to cross the strip, µs",
                        MIN_SWEEP_US, 60 * G_USEC_PER_SEC, DEFAULT_SWEEP_US,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL,
                         "The label at the top left",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HAS_SIGNAL] =
    g_param_spec_boolean ("has-signal", NULL,
                          "Whether a real value arrived in the last 2 s of samples",
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vigil-pleth-strip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_pleth_strip_init (VigilPlethStrip *self)
{
  self->sweep_us = DEFAULT_SWEEP_US;
  self->title = g_strdup (_("Pleth"));
  self->capacity = 512;
  self->samples = g_new (Sample, self->capacity);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pleth waveform: no signal"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The pulse oximeter's plethysmographic waveform, sweeping left to right"),
                                  -1);

  update_colors (self);
}

/**
 * vigil_pleth_strip_new:
 *
 * Returns: (transfer floating): an empty strip, showing "No signal"
 */
GtkWidget *
vigil_pleth_strip_new (void)
{
  return g_object_new (VIGIL_TYPE_PLETH_STRIP, NULL);
}

static void
set_has_signal (VigilPlethStrip *self,
                gboolean         has_signal)
{
  if (self->has_signal == has_signal)
    return;

  self->has_signal = has_signal;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  has_signal ? _("Pleth waveform") : _("Pleth waveform: no signal"),
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SIGNAL]);
}

static void
append_sample (VigilPlethStrip *self,
               gint64           time_us,
               double           value)
{
  if (self->len == self->capacity)
    {
      if (self->capacity < MAX_SAMPLES)
        {
          /* Unroll the ring into a bigger array, oldest first. */
          Sample *samples = g_new (Sample, self->capacity * 2);

          for (guint i = 0; i < self->len; i++)
            samples[i] = *sample_at (self, i);
          g_free (self->samples);
          self->samples = samples;
          self->head = 0;
          self->capacity *= 2;
        }
      else
        {
          self->head = (self->head + 1) % self->capacity;
          self->len--;
        }
    }

  self->samples[(self->head + self->len) % self->capacity] = (Sample) { time_us, value };
  self->len++;
}

/**
 * vigil_pleth_strip_push:
 * @value: the sample, 0 (bottom) to 1 (top), or NAN for no signal (a gap)
 * @monotonic_us: when it arrived, monotonic µs
 *
 * Adds a sample at the write position. With a rate set, samples are
 * spaced 1/rate apart and @monotonic_us only resynchronises the sweep
 * after a dropout. Does not queue a draw: the next frame picks it up.
 */
void
vigil_pleth_strip_push (VigilPlethStrip *self,
                        double           value,
                        gint64           monotonic_us)
{
  gint64 time_us = monotonic_us;

  g_return_if_fail (VIGIL_IS_PLETH_STRIP (self));

  if (!isnan (value) && !isfinite (value))
    value = value > 0 ? 1.0 : 0.0;

  if (self->len > 0)
    {
      gint64 previous = newest_time (self);

      if (self->rate_hz > 0)
        {
          time_us = previous + (gint64) llround (G_USEC_PER_SEC / self->rate_hz);
          /* Too far behind the host: samples were lost. Jump, leaving a
           * gap; running ahead of the host is only a rate a little off. */
          if (monotonic_us - time_us > RESYNC_US)
            time_us = monotonic_us;
        }
      /* Time never runs backwards on the strip. */
      time_us = MAX (time_us, previous + 1);
    }

  if (!self->have_origin)
    {
      self->have_origin = TRUE;
      self->origin_us = time_us;
    }

  append_sample (self, time_us, value);

  /* Keep one sweep: older samples were erased. */
  while (self->len > 1 && sample_at (self, 0)->time_us <= time_us - self->sweep_us)
    {
      self->head = (self->head + 1) % self->capacity;
      self->len--;
    }

  if (!isnan (value))
    {
      self->have_finite = TRUE;
      self->last_finite_us = time_us;
    }

  self->generation++;
  set_has_signal (self, self->have_finite && time_us - self->last_finite_us < NO_SIGNAL_US);
}

/**
 * vigil_pleth_strip_clear:
 *
 * Forgets every sample; the next one starts a new sweep at the left edge.
 */
void
vigil_pleth_strip_clear (VigilPlethStrip *self)
{
  g_return_if_fail (VIGIL_IS_PLETH_STRIP (self));

  self->head = 0;
  self->len = 0;
  self->have_origin = FALSE;
  self->have_finite = FALSE;
  self->generation++;
  set_has_signal (self, FALSE);
}

double
vigil_pleth_strip_get_rate_hz (VigilPlethStrip *self)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), 0);

  return self->rate_hz;
}

/**
 * vigil_pleth_strip_set_rate_hz:
 * @rate_hz: the device's sample rate (75 for a Nonin pleth), or 0 to
 *   place each sample at its own host time
 */
void
vigil_pleth_strip_set_rate_hz (VigilPlethStrip *self,
                               double           rate_hz)
{
  g_return_if_fail (VIGIL_IS_PLETH_STRIP (self));

  if (!(rate_hz >= 0) || !isfinite (rate_hz))
    rate_hz = 0;
  if (self->rate_hz == rate_hz)
    return;

  self->rate_hz = rate_hz;
  self->generation++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE_HZ]);
}

gint64
vigil_pleth_strip_get_sweep_duration (VigilPlethStrip *self)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), 0);

  return self->sweep_us;
}

/**
 * vigil_pleth_strip_set_sweep_duration:
 * @duration_us: how long one pass across the strip takes (at least 1 s)
 *
 * Clears the strip: the old trace was drawn at another speed.
 */
void
vigil_pleth_strip_set_sweep_duration (VigilPlethStrip *self,
                                      gint64           duration_us)
{
  g_return_if_fail (VIGIL_IS_PLETH_STRIP (self));

  duration_us = CLAMP (duration_us, MIN_SWEEP_US, 60 * G_USEC_PER_SEC);
  if (self->sweep_us == duration_us)
    return;

  self->sweep_us = duration_us;
  vigil_pleth_strip_clear (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SWEEP_DURATION]);
}

const char *
vigil_pleth_strip_get_title (VigilPlethStrip *self)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), NULL);

  return self->title;
}

void
vigil_pleth_strip_set_title (VigilPlethStrip *self,
                             const char      *title)
{
  g_return_if_fail (VIGIL_IS_PLETH_STRIP (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_clear_object (&self->title_layout);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * vigil_pleth_strip_has_signal:
 *
 * Returns: whether a real (non-NAN) sample arrived within the last 2 s of
 *   samples; %FALSE shows "No signal"
 */
gboolean
vigil_pleth_strip_has_signal (VigilPlethStrip *self)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), FALSE);

  return self->has_signal;
}

/**
 * vigil_pleth_strip_get_plot_area:
 * @area: (out): where the trace is drawn, in widget coordinates
 *
 * Returns: %FALSE before the strip has a size
 */
gboolean
vigil_pleth_strip_get_plot_area (VigilPlethStrip *self,
                                 graphene_rect_t *area)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (self->width <= 0 || self->height <= 0)
    return FALSE;

  *area = self->plot;
  return TRUE;
}

/**
 * vigil_pleth_strip_time_to_x:
 * @time_us: a time on the strip's own time line (the first sample's
 *   host time, then 1/rate per sample)
 *
 * Returns: where a sample of that time is drawn, or NAN before the first
 *   sample or the first allocation
 */
double
vigil_pleth_strip_time_to_x (VigilPlethStrip *self,
                             gint64           time_us)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), NAN);

  if (!self->have_origin || self->width <= 0)
    return NAN;

  return x_for_time (self, time_us);
}

/**
 * vigil_pleth_strip_get_write_x:
 *
 * Returns: the x of the newest sample, where the erase bar starts; NAN
 *   when there is none
 */
double
vigil_pleth_strip_get_write_x (VigilPlethStrip *self)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), NAN);

  if (self->len == 0)
    return NAN;

  return vigil_pleth_strip_time_to_x (self, newest_time (self));
}

/**
 * vigil_pleth_strip_value_to_y:
 *
 * Returns: the y at which @value is drawn with the current scale (that of
 *   the samples on screen), or NAN when there is nothing to scale to
 */
double
vigil_pleth_strip_value_to_y (VigilPlethStrip *self,
                              double           value)
{
  double lo, hi;

  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), NAN);

  if (self->width <= 0 || self->len == 0 || !compute_scale (self, first_visible (self), &lo, &hi))
    return NAN;

  return y_for_value (self, lo, hi, value);
}

gint64
vigil_pleth_strip_get_erase_duration (VigilPlethStrip *self)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), 0);

  return ERASE_US;
}

guint
vigil_pleth_strip_get_snapshot_count (VigilPlethStrip *self)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), 0);

  return self->snapshot_count;
}

guint
vigil_pleth_strip_get_n_samples (VigilPlethStrip *self)
{
  g_return_val_if_fail (VIGIL_IS_PLETH_STRIP (self), 0);

  return self->len;
}
