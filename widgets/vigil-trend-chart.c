/* vigil-trend-chart.c — stacked trend lanes on one time axis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Drawing, cheapest first:
 *
 * - The static layer (lane backgrounds, horizontal grid, y labels, titles,
 *   legends) is one cached GskRenderNode, rebuilt only when the size, the
 *   lanes or the theme change. A new sample does not touch it.
 * - The time axis (vertical grid lines and HH:MM labels) scrolls with the
 *   end time, so it is drawn each frame, from PangoLayouts cached per tick.
 * - Traces are Cairo nodes with tight bounds, one per series. From one
 *   sample per six pixel columns (MIN_SAMPLES_PER_COLUMN) up, each column
 *   is one min/max bar from the store's pyramid (get_envelope:
 *   O(columns × log n)), and columns left empty between two samples are
 *   filled with the straight line between them; below that, the few
 *   visible samples are stroked. Either way a frame costs O(width), not
 *   O(history).
 * - A trace is broken wherever there is no data: NAN samples and samples
 *   further apart than MAX_JOIN_US (or two columns) are never joined, so
 *   a dropout never looks like a straight line of real data. A lone sample
 *   still shows, as a dot the width of the line.
 *
 * Redraws come from a tick callback (while mapped) that compares the
 * stores' generations and the end time with those of the last frame:
 * appending samples never queues a draw by itself.
 */

#include "vigil-trend-chart.h"
#include "vigil-trend-chart-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* Layout, in px. */
#define PAD_TOP         6
#define PAD_LEFT        10
#define PAD_RIGHT       12
#define LANE_GAP        10
#define GUTTER_GAP      10   /* title column to tick labels */
#define TICK_LABEL_GAP  6    /* tick labels to the plot */
#define AXIS_GAP        4    /* bottom lane to the time labels */
#define MIN_TICK_PX     20   /* between horizontal grid lines */
#define MIN_LANE_HEIGHT 48
#define LEGEND_SWATCH   14

/* Traces */
#define LINE_WIDTH      2.0
#define HALF_LINE       (LINE_WIDTH / 2.0)
#define MAX_JOIN_US     (10 * G_USEC_PER_SEC)  /* the device-link timeout (T1) */

/* From this many samples per pixel column a line is drawn as columns (a
 * min/max bar each, empty ones bridged), below it stroked sample by
 * sample. Columns cost the same at any density, while a round-joined
 * stroke costs per sample: with bench-trend-chart's four lines at 1280 px
 * the two cost the same at about one sample per six columns. */
#define MIN_SAMPLES_PER_COLUMN (1.0 / 6.0)

/* NIBP glyphs */
#define NIBP_HALF_WIDTH 5.0
#define NIBP_HEAD       8.0
#define NIBP_MIN_SPACING 8   /* px per reading below which readings become bars */
#define NIBP_MATCH_US   (2 * G_USEC_PER_SEC)

/* Marker labels stack in up to this many rows at the top of the chart. */
#define MARKER_ROWS     3

#define MIN_SESSION_SPAN_US ((gint64) 15 * 60 * G_USEC_PER_SEC)

typedef enum
{
  SERIES_LINE,
  SERIES_NIBP,
} SeriesKind;

typedef struct
{
  SeriesKind       kind;
  VigilTrendStore *store;          /* the line, or the systolic */
  VigilTrendStore *diastolic;
  VigilTrendStore *mean;
  char            *label;
  char            *color_name;
  GdkRGBA          color;
  PangoLayout     *label_layout;
  guint64          drawn_generation;
} Series;

typedef struct
{
  double       value;
  PangoLayout *layout;
} YTick;

typedef struct
{
  char            *title;
  char            *unit;
  double           y_min;
  double           y_max;
  GPtrArray       *series;
  PangoLayout     *title_layout;
  PangoLayout     *unit_layout;
  GArray          *ticks;           /* YTick */
  graphene_rect_t  plot;
  double           inset;           /* y_min and y_max lines are this far inside the plot */
} Lane;

typedef struct
{
  gint64       time_us;
  char        *text;
  char        *color_name;
  GdkRGBA      color;
  PangoLayout *layout;
} Marker;

typedef struct
{
  gint64       time_us;
  PangoLayout *layout;
} TimeLabel;

struct _VigilTrendChart
{
  GtkWidget         parent_instance;

  GPtrArray        *lanes;          /* Lane */
  GArray           *markers;        /* Marker, sorted by time */

  VigilTrendWindow  window;
  gint64            session_start;
  gint64            end_time;

  /* Theme */
  PangoFontDescription *font;
  GdkRGBA           fg_color;
  GdkRGBA           text_color;
  GdkRGBA           grid_color;
  GdkRGBA           time_grid_color;
  GdkRGBA           plot_color;
  GdkRGBA           backdrop_color;

  /* Geometry, from size_allocate */
  int               width;
  int               height;
  int               n_columns;
  double            axis_y;
  int               time_label_width;
  int               time_label_height;
  gboolean          layouts_valid;

  GskRenderNode    *static_node;
  GArray           *time_labels;    /* TimeLabel */
  gint64            time_labels_step;

  double           *mins;
  double           *maxs;
  double           *mins2;
  double           *maxs2;
  GArray           *points;         /* Point */

  guint             tick_id;
  gint64            drawn_end_time;

  guint             snapshot_count;
  guint             static_build_count;
};

typedef struct
{
  float    x;
  float    y;
  gboolean starts_segment;
} Point;

G_DEFINE_ENUM_TYPE (VigilTrendWindow, vigil_trend_window,
  G_DEFINE_ENUM_VALUE (VIGIL_TREND_WINDOW_15_MIN, "15-min"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREND_WINDOW_1_HOUR, "1-hour"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREND_WINDOW_4_HOURS, "4-hours"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREND_WINDOW_SESSION, "session"))

G_DEFINE_FINAL_TYPE (VigilTrendChart, vigil_trend_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WINDOW,
  PROP_SESSION_START,
  PROP_END_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Candidate spacings of the time labels, in minutes. */
static const int label_steps_min[] = { 1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440 };

static void
series_free (gpointer data)
{
  Series *series = data;

  g_clear_object (&series->store);
  g_clear_object (&series->diastolic);
  g_clear_object (&series->mean);
  g_clear_object (&series->label_layout);
  g_free (series->label);
  g_free (series->color_name);
  g_free (series);
}

static void
y_tick_clear (gpointer data)
{
  YTick *tick = data;

  g_clear_object (&tick->layout);
}

static void
lane_free (gpointer data)
{
  Lane *lane = data;

  g_clear_pointer (&lane->series, g_ptr_array_unref);
  g_clear_pointer (&lane->ticks, g_array_unref);
  g_clear_object (&lane->title_layout);
  g_clear_object (&lane->unit_layout);
  g_free (lane->title);
  g_free (lane->unit);
  g_free (lane);
}

static void
marker_clear (gpointer data)
{
  Marker *marker = data;

  g_clear_object (&marker->layout);
  g_clear_pointer (&marker->text, g_free);
  g_clear_pointer (&marker->color_name, g_free);
}

static void
time_label_clear (gpointer data)
{
  TimeLabel *label = data;

  g_clear_object (&label->layout);
}

static Lane *
get_lane (VigilTrendChart *self,
          guint            lane)
{
  return g_ptr_array_index (self->lanes, lane);
}

/* Theme */

/* The one place theme colours are read: a CSS named colour, or @fallback
 * when the stylesheet does not define it.
 *
 * Returns: whether *@color changed
 */
static gboolean
lookup_color (VigilTrendChart *self,
              const char      *name,
              const GdkRGBA   *fallback,
              GdkRGBA         *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA found;

  if (name == NULL || !gtk_style_context_lookup_color (context, name, &found))
    found = *fallback;

  if (gdk_rgba_equal (&found, color))
    return FALSE;

  *color = found;
  return TRUE;
}

/* Returns: whether any colour changed */
static gboolean
update_colors (VigilTrendChart *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean changed = FALSE;
  GdkRGBA fg;
  GdkRGBA fallback;

  gtk_style_context_get_color (context, &fg);
  if (!gdk_rgba_equal (&fg, &self->fg_color))
    {
      self->fg_color = fg;
      changed = TRUE;
    }

  fallback = self->fg_color;
  fallback.alpha *= 0.7f;
  changed |= lookup_color (self, "vigil_chart_text", &fallback, &self->text_color);

  fallback = self->fg_color;
  fallback.alpha *= 0.18f;
  changed |= lookup_color (self, "vigil_chart_grid", &fallback, &self->grid_color);

  fallback.alpha *= 0.6f;
  changed |= lookup_color (self, "vigil_chart_time_grid", &fallback, &self->time_grid_color);

  fallback = self->fg_color;
  fallback.alpha *= 0.04f;
  changed |= lookup_color (self, "vigil_chart_plot", &fallback, &self->plot_color);

  fallback = (GdkRGBA) { 0, 0, 0, 0.75f };
  changed |= lookup_color (self, "vigil_chart_backdrop", &fallback, &self->backdrop_color);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = get_lane (self, i);

      for (guint j = 0; j < lane->series->len; j++)
        {
          Series *series = g_ptr_array_index (lane->series, j);

          changed |= lookup_color (self, series->color_name, &self->fg_color, &series->color);
        }
    }

  for (guint i = 0; i < self->markers->len; i++)
    {
      Marker *marker = &g_array_index (self->markers, Marker, i);

      changed |= lookup_color (self, marker->color_name, &self->fg_color, &marker->color);
    }

  return changed;
}

/* Returns: whether the font changed since the last call */
static gboolean
update_font (VigilTrendChart *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);

  if (self->font != NULL && font != NULL && pango_font_description_equal (self->font, font))
    return FALSE;

  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = font != NULL ? pango_font_description_copy (font) : NULL;
  return TRUE;
}

/* Layouts and geometry */

static void
drop_layouts (VigilTrendChart *self)
{
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = get_lane (self, i);

      g_clear_object (&lane->title_layout);
      g_clear_object (&lane->unit_layout);
      g_array_set_size (lane->ticks, 0);
      for (guint j = 0; j < lane->series->len; j++)
        g_clear_object (&((Series *) g_ptr_array_index (lane->series, j))->label_layout);
    }

  for (guint i = 0; i < self->markers->len; i++)
    g_clear_object (&g_array_index (self->markers, Marker, i).layout);

  g_array_set_size (self->time_labels, 0);
  self->layouts_valid = FALSE;
}

static void
invalidate_static (VigilTrendChart *self)
{
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static PangoLayout *
create_layout (VigilTrendChart *self,
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
  /* Digits of equal width keep labels from jittering as they scroll. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);

  return layout;
}

static int
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static int
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static gboolean
lane_shows_legend (Lane *lane)
{
  return lane->series->len > 1;
}

static void
ensure_text_layouts (VigilTrendChart *self)
{
  g_autoptr(PangoLayout) probe = NULL;

  if (self->layouts_valid)
    return;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = get_lane (self, i);

      lane->title_layout = create_layout (self, lane->title, 1.2, TRUE);
      lane->unit_layout = create_layout (self, lane->unit, 0.9, FALSE);
      for (guint j = 0; j < lane->series->len; j++)
        {
          Series *series = g_ptr_array_index (lane->series, j);

          if (series->label != NULL)
            series->label_layout = create_layout (self, series->label, 0.9, FALSE);
        }
    }

  probe = create_layout (self, "00:00", 1.0, FALSE);
  pango_layout_get_pixel_size (probe, &self->time_label_width, &self->time_label_height);

  self->layouts_valid = TRUE;
}

static double
nice_step (double raw)
{
  static const double mantissas[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double magnitude;

  if (!(raw > 0.0) || !isfinite (raw))
    return 1.0;

  magnitude = pow (10.0, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    if (mantissas[i] * magnitude >= raw - 1e-9 * magnitude)
      return mantissas[i] * magnitude;
  return 10.0 * magnitude;
}

static void
build_y_ticks (VigilTrendChart *self,
               Lane            *lane,
               double           lane_height)
{
  double range = lane->y_max - lane->y_min;
  int max_intervals = MAX (1, (int) (lane_height / MIN_TICK_PX));
  double step = nice_step (range / max_intervals);
  int decimals = step >= 1.0 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  double first = ceil (lane->y_min / step - 1e-9) * step;

  g_array_set_size (lane->ticks, 0);
  for (double v = first; v <= lane->y_max + step * 1e-6; v += step)
    {
      YTick tick;
      char text[32];

      g_snprintf (text, sizeof text, "%.*f", decimals, fabs (v) < step * 1e-6 ? 0.0 : v);
      tick.value = v;
      tick.layout = create_layout (self, text, 1.0, FALSE);
      g_array_append_val (lane->ticks, tick);

      /* Guards against a pathological range/step pair. */
      if (lane->ticks->len > 100)
        break;
    }
}

static void
update_geometry (VigilTrendChart *self)
{
  guint n_lanes = self->lanes->len;
  int title_width = 0;
  int tick_width = 0;
  double lanes_top = PAD_TOP;
  double lanes_bottom;
  double lane_height;
  double plot_x;
  double plot_width;
  int n_columns;

  ensure_text_layouts (self);

  lanes_bottom = self->height - self->time_label_height - AXIS_GAP;
  lane_height = n_lanes > 0
    ? floor ((lanes_bottom - lanes_top - LANE_GAP * (n_lanes - 1.0)) / n_lanes)
    : 0.0;
  lane_height = MAX (lane_height, 1.0);

  for (guint i = 0; i < n_lanes; i++)
    {
      Lane *lane = get_lane (self, i);

      build_y_ticks (self, lane, lane_height);
      for (guint t = 0; t < lane->ticks->len; t++)
        tick_width = MAX (tick_width, layout_width (g_array_index (lane->ticks, YTick, t).layout));

      title_width = MAX (title_width, layout_width (lane->title_layout));
      title_width = MAX (title_width, layout_width (lane->unit_layout));
      if (lane_shows_legend (lane))
        for (guint j = 0; j < lane->series->len; j++)
          {
            Series *series = g_ptr_array_index (lane->series, j);

            if (series->label_layout != NULL)
              title_width = MAX (title_width, LEGEND_SWATCH + 4 + layout_width (series->label_layout));
          }
    }

  plot_x = PAD_LEFT + title_width + GUTTER_GAP + tick_width + TICK_LABEL_GAP;
  plot_width = MAX (1.0, self->width - plot_x - PAD_RIGHT);
  n_columns = (int) plot_width;

  for (guint i = 0; i < n_lanes; i++)
    {
      Lane *lane = get_lane (self, i);

      /* Room for the top and bottom y labels to centre on their lines, and
       * a trace at the range's edge stays clear of the lane's border. */
      lane->inset = MIN (ceil (self->time_label_height / 2.0), floor (lane_height / 4.0));
      graphene_rect_init (&lane->plot,
                          plot_x,
                          lanes_top + i * (lane_height + LANE_GAP),
                          n_columns,
                          lane_height);
    }

  self->axis_y = n_lanes > 0
    ? lanes_top + n_lanes * lane_height + (n_lanes - 1) * LANE_GAP + AXIS_GAP
    : lanes_bottom + AXIS_GAP;

  if (n_columns != self->n_columns)
    {
      self->n_columns = n_columns;
      self->mins = g_renew (double, self->mins, n_columns);
      self->maxs = g_renew (double, self->maxs, n_columns);
      self->mins2 = g_renew (double, self->mins2, n_columns);
      self->maxs2 = g_renew (double, self->maxs2, n_columns);
    }
}

static void
geometry_changed (VigilTrendChart *self)
{
  if (self->width > 0 && self->height > 0)
    update_geometry (self);
  invalidate_static (self);
}

/* Coordinates */

static gboolean
compute_range (VigilTrendChart *self,
               gint64          *start_us,
               gint64          *end_us)
{
  gint64 end = self->end_time;
  gint64 start;

  /* Without an end time, follow the newest sample. */
  if (end <= 0)
    {
      for (guint i = 0; i < self->lanes->len; i++)
        {
          Lane *lane = get_lane (self, i);

          for (guint j = 0; j < lane->series->len; j++)
            {
              Series *series = g_ptr_array_index (lane->series, j);
              gint64 last;

              if (vigil_trend_store_get_last (series->store, &last, NULL))
                end = MAX (end, last);
            }
        }
      if (end <= 0)
        return FALSE;
    }

  switch (self->window)
    {
    case VIGIL_TREND_WINDOW_15_MIN:
      start = end - (gint64) 15 * 60 * G_USEC_PER_SEC;
      break;

    case VIGIL_TREND_WINDOW_1_HOUR:
      start = end - (gint64) 60 * 60 * G_USEC_PER_SEC;
      break;

    case VIGIL_TREND_WINDOW_4_HOURS:
      start = end - (gint64) 4 * 60 * 60 * G_USEC_PER_SEC;
      break;

    case VIGIL_TREND_WINDOW_SESSION:
    default:
      start = self->session_start;
      if (start <= 0)
        {
          /* No session yet: from the oldest sample we have. */
          start = end;
          for (guint i = 0; i < self->lanes->len; i++)
            {
              Lane *lane = get_lane (self, i);

              for (guint j = 0; j < lane->series->len; j++)
                {
                  Series *series = g_ptr_array_index (lane->series, j);
                  gint64 first;

                  if (vigil_trend_store_get_time_range (series->store, &first, NULL))
                    start = MIN (start, first);
                }
            }
        }
      end = MAX (end, start + MIN_SESSION_SPAN_US);
      break;
    }

  *start_us = start;
  *end_us = end;
  return TRUE;
}

static inline double
x_for_time (const graphene_rect_t *plot,
            gint64                 start_us,
            gint64                 end_us,
            gint64                 time_us)
{
  return plot->origin.x + (double) (time_us - start_us) * plot->size.width / (double) (end_us - start_us);
}

/* Values outside the lane's range are pinned to its edge rather than
 * clipped away, so a very high rate still shows as a trace along the top. */
static inline double
y_for_value (const Lane *lane,
             double      value)
{
  double f = (value - lane->y_min) / (lane->y_max - lane->y_min);

  f = CLAMP (f, 0.0, 1.0);
  return lane->plot.origin.y + lane->inset + (1.0 - f) * (lane->plot.size.height - 2.0 * lane->inset);
}

static gint64
choose_label_step (VigilTrendChart *self,
                   gint64           start_us,
                   gint64           end_us)
{
  double px_per_min;
  double min_px;

  if (self->n_columns <= 0 || end_us <= start_us)
    return 60 * G_USEC_PER_SEC;

  px_per_min = self->n_columns * 60.0 * G_USEC_PER_SEC / (double) (end_us - start_us);
  min_px = MAX (self->time_label_width * 2.5, 90.0);

  for (guint i = 0; i < G_N_ELEMENTS (label_steps_min); i++)
    if (label_steps_min[i] * px_per_min >= min_px)
      return (gint64) label_steps_min[i] * 60 * G_USEC_PER_SEC;

  return (gint64) label_steps_min[G_N_ELEMENTS (label_steps_min) - 1] * 60 * G_USEC_PER_SEC;
}

/* Static layer */

static void
append_layout_at (GtkSnapshot   *snapshot,
                  PangoLayout   *layout,
                  double         x,
                  double         y,
                  const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static const GdkRGBA *
lane_title_color (VigilTrendChart *self,
                  Lane            *lane)
{
  if (lane->series->len > 0)
    return &((Series *) g_ptr_array_index (lane->series, 0))->color;
  return &self->fg_color;
}

static void
snapshot_lane_static (VigilTrendChart *self,
                      GtkSnapshot     *snapshot,
                      Lane            *lane)
{
  const graphene_rect_t *plot = &lane->plot;
  double lane_bottom = plot->origin.y + plot->size.height;
  double y;

  gtk_snapshot_append_color (snapshot, &self->plot_color, plot);

  for (guint t = 0; t < lane->ticks->len; t++)
    {
      YTick *tick = &g_array_index (lane->ticks, YTick, t);
      int w, h;
      double line_y = floor (y_for_value (lane, tick->value));

      /* The top and bottom lines sit inside the plot. */
      line_y = CLAMP (line_y, plot->origin.y, lane_bottom - 1.0);
      gtk_snapshot_append_color (snapshot, &self->grid_color,
                                 &GRAPHENE_RECT_INIT (plot->origin.x, line_y, plot->size.width, 1));

      pango_layout_get_pixel_size (tick->layout, &w, &h);
      y = CLAMP (line_y - h / 2.0, plot->origin.y, lane_bottom - h);
      append_layout_at (snapshot, tick->layout,
                        plot->origin.x - TICK_LABEL_GAP - w, round (y),
                        &self->text_color);
    }

  /* Title, unit, and a legend when the lane has several series. */
  y = plot->origin.y;
  append_layout_at (snapshot, lane->title_layout, PAD_LEFT, y, lane_title_color (self, lane));
  y += layout_height (lane->title_layout);
  append_layout_at (snapshot, lane->unit_layout, PAD_LEFT, y, &self->text_color);
  y += layout_height (lane->unit_layout) + 4;

  if (lane_shows_legend (lane))
    for (guint j = 0; j < lane->series->len; j++)
      {
        Series *series = g_ptr_array_index (lane->series, j);
        int h;

        if (series->label_layout == NULL)
          continue;

        h = layout_height (series->label_layout);
        if (y + h > lane_bottom)
          break;

        gtk_snapshot_append_color (snapshot, &series->color,
                                   &GRAPHENE_RECT_INIT (PAD_LEFT, round (y + h / 2.0 - 1), LEGEND_SWATCH, 3));
        append_layout_at (snapshot, series->label_layout, PAD_LEFT + LEGEND_SWATCH + 4, y, &series->color);
        y += h;
      }
}

static GskRenderNode *
build_static_node (VigilTrendChart *self)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  for (guint i = 0; i < self->lanes->len; i++)
    snapshot_lane_static (self, snapshot, get_lane (self, i));

  self->static_build_count++;
  return gtk_snapshot_free_to_node (snapshot);
}

/* Time axis */

static gint64
local_offset_us (gint64 time_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_get_utc_offset (dt) : 0;
}

static PangoLayout *
time_label_layout (VigilTrendChart *self,
                   GArray          *old_labels,
                   gint64           time_us)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < old_labels->len; i++)
    {
      TimeLabel *label = &g_array_index (old_labels, TimeLabel, i);

      if (label->time_us == time_us && label->layout != NULL)
        return g_steal_pointer (&label->layout);
    }

  dt = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  text = dt != NULL ? g_date_time_format (dt, "%H:%M") : g_strdup ("");
  return create_layout (self, text, 1.0, FALSE);
}

static void
snapshot_time_axis (VigilTrendChart *self,
                    GtkSnapshot     *snapshot,
                    gint64           start_us,
                    gint64           end_us)
{
  const graphene_rect_t *first_plot;
  g_autoptr(GArray) old_labels = NULL;
  gint64 step = choose_label_step (self, start_us, end_us);
  gint64 offset = local_offset_us (start_us);
  gint64 tick;

  if (self->lanes->len == 0)
    return;
  first_plot = &get_lane (self, 0)->plot;

  /* Layouts are reused while their tick stays on screen. */
  old_labels = self->time_labels;
  self->time_labels = g_array_new (FALSE, TRUE, sizeof (TimeLabel));
  g_array_set_clear_func (self->time_labels, time_label_clear);
  if (step != self->time_labels_step)
    {
      g_array_set_size (old_labels, 0);
      self->time_labels_step = step;
    }

  /* First tick at or after the start, on a multiple of the step in local
   * time (so 5-minute labels read :00, :05 even at a half-hour offset). */
  tick = start_us + offset;
  tick = (tick / step + (tick % step > 0 ? 1 : 0)) * step - offset;

  for (; tick <= end_us; tick += step)
    {
      double x = x_for_time (first_plot, start_us, end_us, tick);
      double line_x = floor (x);
      TimeLabel label;
      int w;

      if (line_x >= first_plot->origin.x && line_x < first_plot->origin.x + first_plot->size.width)
        for (guint i = 0; i < self->lanes->len; i++)
          {
            const graphene_rect_t *plot = &get_lane (self, i)->plot;

            gtk_snapshot_append_color (snapshot, &self->time_grid_color,
                                       &GRAPHENE_RECT_INIT (line_x, plot->origin.y, 1, plot->size.height));
          }

      label.time_us = tick;
      label.layout = time_label_layout (self, old_labels, tick);
      w = layout_width (label.layout);

      /* A label that does not fit whole is left out, not cut. */
      if (x - w / 2.0 >= 0 && x + w / 2.0 <= self->width)
        append_layout_at (snapshot, label.layout, round (x - w / 2.0), self->axis_y, &self->text_color);

      g_array_append_val (self->time_labels, label);
    }
}

/* Traces */

/* Two samples further apart than this are not joined by the line: the
 * data has a gap there. Both ways of drawing a line follow it. */
static gint64
join_time_us (VigilTrendChart *self,
              gint64           start_us,
              gint64           end_us)
{
  gint64 column_us = (end_us - start_us) / MAX (self->n_columns, 1);

  return MAX (MAX_JOIN_US, 2 * column_us);
}

/* Where column @c starts: the store's envelope puts a sample at t in
 * column floor ((t - start) × n / span), so this is
 * start + ceil (c × span / n), split so it cannot overflow. */
static gint64
column_start_us (gint64 start_us,
                 gint64 end_us,
                 int    n_columns,
                 int    c)
{
  gint64 span = end_us - start_us;

  return start_us + c * (span / n_columns) + (c * (span % n_columns) + n_columns - 1) / n_columns;
}

/* Columns @before + 1 … @after - 1 are empty (@before may be -1 and @after
 * n_columns: the data goes on outside the plot). Fills them with the line
 * between the samples on either side, where the stroked path would join
 * those two: both finite and at most @join_us apart. Anything else is a
 * real gap in the data and stays empty. */
static void
bridge_columns (VigilTrendChart *self,
                VigilTrendStore *store,
                gint64           start_us,
                gint64           end_us,
                gint64           join_us,
                int              before,
                int              after)
{
  int n = self->n_columns;
  guint next = vigil_trend_store_lower_bound (store, column_start_us (start_us, end_us, n, after));
  double column_us = (double) (end_us - start_us) / n;
  gint64 t0, t1;
  double v0, v1;

  if (next == 0
      || !vigil_trend_store_get_sample (store, next - 1, &t0, &v0)
      || !vigil_trend_store_get_sample (store, next, &t1, &v1)
      || isnan (v0) || isnan (v1)
      || t1 - t0 > join_us)
    return;

  /* t0 is before column @before + 1 and t1 in or after column @after, so
   * t1 > t0; each column takes the line's value at its middle. */
  for (int c = before + 1; c < after; c++)
    {
      double f = ((double) (start_us - t0) + (c + 0.5) * column_us) / (double) (t1 - t0);

      self->mins[c] = self->maxs[c] = v0 + CLAMP (f, 0.0, 1.0) * (v1 - v0);
    }
}

/* Below two samples per column many columns get none; without this the
 * trace would fall apart into dashes. Only a run of empty columns costs a
 * search (O(log n)), so a dense window pays nothing. */
static void
bridge_empty_columns (VigilTrendChart *self,
                      VigilTrendStore *store,
                      gint64           start_us,
                      gint64           end_us)
{
  int n = self->n_columns;
  gint64 join_us = join_time_us (self, start_us, end_us);
  int before = -1;

  for (int c = 0; c <= n; c++)
    {
      if (c < n && isnan (self->mins[c]))
        continue;
      if (c > before + 1)
        bridge_columns (self, store, start_us, end_us, join_us, before, c);
      before = c;
    }
}

/* A column with nothing on either side holds a lone sample (or a few
 * within a pixel). It is drawn the line's width wide, like the dot the
 * stroked path draws for one, not as a 1-px sliver. */
static inline gboolean
column_is_alone (VigilTrendChart *self,
                 int              i)
{
  return (i == 0 || isnan (self->mins[i - 1]))
         && (i + 1 >= self->n_columns || isnan (self->mins[i + 1]));
}

static void
snapshot_line_columns (VigilTrendChart *self,
                       GtkSnapshot     *snapshot,
                       Lane            *lane,
                       Series          *series,
                       gint64           start_us,
                       gint64           end_us)
{
  const graphene_rect_t *plot = &lane->plot;
  int n = self->n_columns;
  int first = -1;
  int last = -1;
  double top = G_MAXDOUBLE;
  double bottom = -G_MAXDOUBLE;
  double prev_min = NAN;
  double prev_max = NAN;
  cairo_t *cr;

  vigil_trend_store_get_envelope (series->store, start_us, end_us, n, self->mins, self->maxs);
  bridge_empty_columns (self, series->store, start_us, end_us);

  for (int i = 0; i < n; i++)
    {
      if (isnan (self->mins[i]))
        continue;
      if (first < 0)
        first = i;
      last = i;
      top = MIN (top, y_for_value (lane, self->maxs[i]));
      bottom = MAX (bottom, y_for_value (lane, self->mins[i]));
    }

  if (first < 0)
    return;

  top = floor (top - HALF_LINE);
  bottom = ceil (bottom + HALF_LINE);
  /* + LINE_WIDTH, not + 1: the last column may be a lone sample's dot. */
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (plot->origin.x + first, top,
                                                       last - first + LINE_WIDTH, bottom - top));
  gdk_cairo_set_source_rgba (cr, &series->color);

  for (int i = first; i <= last; i++)
    {
      double lo = self->mins[i];
      double hi = self->maxs[i];
      double y_top, y_bottom;

      if (isnan (lo))
        {
          prev_min = prev_max = NAN;
          continue;
        }

      /* Reach the neighbouring column so a steep change stays connected;
       * comparisons with a NAN (no neighbour) are false and change nothing. */
      if (prev_max < lo)
        lo = prev_max;
      if (prev_min > hi)
        hi = prev_min;
      prev_min = self->mins[i];
      prev_max = self->maxs[i];

      /* Whole pixels: columns are one pixel wide anyway, and aligned
       * boxes are Cairo's fastest fill. Rounding keeps every box at least
       * LINE_WIDTH tall. */
      y_top = round (y_for_value (lane, hi) - HALF_LINE);
      y_bottom = round (y_for_value (lane, lo) + HALF_LINE);
      cairo_rectangle (cr, plot->origin.x + i, y_top,
                       column_is_alone (self, i) ? LINE_WIDTH : 1.0,
                       y_bottom - y_top);
    }

  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
snapshot_line_sparse (VigilTrendChart *self,
                      GtkSnapshot     *snapshot,
                      Lane            *lane,
                      Series          *series,
                      gint64           start_us,
                      gint64           end_us,
                      guint            begin,
                      guint            end)
{
  const graphene_rect_t *plot = &lane->plot;
  guint length = vigil_trend_store_get_length (series->store);
  gint64 join_us = join_time_us (self, start_us, end_us);
  gboolean have_prev = FALSE;
  gint64 prev_time = 0;
  graphene_rect_t bounds;
  float left = G_MAXFLOAT, right = -G_MAXFLOAT;
  float top = G_MAXFLOAT, bottom = -G_MAXFLOAT;
  cairo_t *cr;

  /* One sample beyond each edge, so a line leaves the plot instead of
   * stopping short of it. */
  if (begin > 0)
    begin--;
  if (end < length)
    end++;

  g_array_set_size (self->points, 0);
  for (guint i = begin; i < end; i++)
    {
      gint64 time_us;
      double value;
      Point point;

      vigil_trend_store_get_sample (series->store, i, &time_us, &value);
      if (isnan (value))
        {
          have_prev = FALSE;
          continue;
        }

      point.x = x_for_time (plot, start_us, end_us, time_us);
      point.y = y_for_value (lane, value);
      point.starts_segment = !have_prev || time_us - prev_time > join_us;
      g_array_append_val (self->points, point);

      left = MIN (left, point.x);
      right = MAX (right, point.x);
      top = MIN (top, point.y);
      bottom = MAX (bottom, point.y);
      have_prev = TRUE;
      prev_time = time_us;
    }

  if (self->points->len == 0)
    return;

  graphene_rect_init (&bounds,
                      left - LINE_WIDTH, top - LINE_WIDTH,
                      right - left + 2 * LINE_WIDTH, bottom - top + 2 * LINE_WIDTH);
  if (!graphene_rect_intersection (&bounds, plot, &bounds))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  gdk_cairo_set_source_rgba (cr, &series->color);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *point = &g_array_index (self->points, Point, i);

      if (point->starts_segment)
        {
          /* The zero-length segment draws a dot, so a lone sample shows. */
          cairo_move_to (cr, point->x, point->y);
          cairo_line_to (cr, point->x, point->y);
        }
      else
        cairo_line_to (cr, point->x, point->y);
    }

  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
snapshot_line (VigilTrendChart *self,
               GtkSnapshot     *snapshot,
               Lane            *lane,
               Series          *series,
               gint64           start_us,
               gint64           end_us)
{
  guint begin = vigil_trend_store_lower_bound (series->store, start_us);
  guint end = vigil_trend_store_lower_bound (series->store, end_us);

  if ((double) end - (double) begin >= MIN_SAMPLES_PER_COLUMN * self->n_columns)
    snapshot_line_columns (self, snapshot, lane, series, start_us, end_us);
  else
    snapshot_line_sparse (self, snapshot, lane, series, start_us, end_us, begin, end);
}

/* The value of @store at @time_us, if it has a sample that close. */
static double
value_near (VigilTrendStore *store,
            gint64           time_us)
{
  guint index;
  gint64 t;
  double value;

  if (store == NULL)
    return NAN;

  index = vigil_trend_store_lower_bound (store, time_us - NIBP_MATCH_US);
  if (vigil_trend_store_get_sample (store, index, &t, &value) && t <= time_us + NIBP_MATCH_US)
    return value;
  return NAN;
}

static void
snapshot_nibp_bars (VigilTrendChart *self,
                    GtkSnapshot     *snapshot,
                    Lane            *lane,
                    Series          *series,
                    gint64           start_us,
                    gint64           end_us)
{
  const graphene_rect_t *plot = &lane->plot;
  int n = self->n_columns;
  cairo_t *cr;

  /* Too many readings for glyphs: per column, a bar from the lowest
   * diastolic to the highest systolic. */
  vigil_trend_store_get_envelope (series->store, start_us, end_us, n, self->mins, self->maxs);
  if (series->diastolic != NULL)
    vigil_trend_store_get_envelope (series->diastolic, start_us, end_us, n, self->mins2, self->maxs2);
  else
    for (int i = 0; i < n; i++)
      self->mins2[i] = NAN;

  cr = gtk_snapshot_append_cairo (snapshot, plot);
  gdk_cairo_set_source_rgba (cr, &series->color);
  for (int i = 0; i < n; i++)
    {
      double y_top, y_bottom;

      if (isnan (self->maxs[i]))
        continue;

      y_top = round (y_for_value (lane, self->maxs[i]) - HALF_LINE);
      y_bottom = isnan (self->mins2[i]) ? y_top + LINE_WIDTH : round (y_for_value (lane, self->mins2[i]) + HALF_LINE);
      cairo_rectangle (cr, plot->origin.x + i, y_top, 1.0, y_bottom - y_top);
    }
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
snapshot_nibp (VigilTrendChart *self,
               GtkSnapshot     *snapshot,
               Lane            *lane,
               Series          *series,
               gint64           start_us,
               gint64           end_us)
{
  const graphene_rect_t *plot = &lane->plot;
  guint begin = vigil_trend_store_lower_bound (series->store, start_us);
  guint end = vigil_trend_store_lower_bound (series->store, end_us);
  float left = G_MAXFLOAT, right = -G_MAXFLOAT;
  float top = G_MAXFLOAT, bottom = -G_MAXFLOAT;
  graphene_rect_t bounds;
  cairo_t *cr;

  if (begin >= end)
    return;

  if ((end - begin) * NIBP_MIN_SPACING > (guint) self->n_columns)
    {
      snapshot_nibp_bars (self, snapshot, lane, series, start_us, end_us);
      return;
    }

  /* Readings are few here (fewer than one per NIBP_MIN_SPACING px): each
   * gets a glyph. First the bounds, then the drawing. */
  g_array_set_size (self->points, 0);
  for (guint i = begin; i < end; i++)
    {
      gint64 time_us;
      double systolic, diastolic;
      Point point;

      vigil_trend_store_get_sample (series->store, i, &time_us, &systolic);
      if (isnan (systolic))
        continue;

      diastolic = value_near (series->diastolic, time_us);
      point.x = x_for_time (plot, start_us, end_us, time_us);
      point.y = y_for_value (lane, systolic);
      point.starts_segment = FALSE;
      left = MIN (left, point.x);
      right = MAX (right, point.x);
      top = MIN (top, point.y);
      bottom = MAX (bottom, isnan (diastolic) ? point.y : y_for_value (lane, diastolic));
      g_array_append_val (self->points, point);
    }

  if (self->points->len == 0)
    return;

  graphene_rect_init (&bounds,
                      left - NIBP_HALF_WIDTH - 1, top - NIBP_HEAD - 1,
                      right - left + 2 * NIBP_HALF_WIDTH + 2, bottom - top + 2 * NIBP_HEAD + 2);
  if (!graphene_rect_intersection (&bounds, plot, &bounds))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  gdk_cairo_set_source_rgba (cr, &series->color);
  cairo_set_line_width (cr, LINE_WIDTH);

  for (guint i = begin; i < end; i++)
    {
      gint64 time_us;
      double systolic, diastolic, mean;
      double x, ys, yd;

      vigil_trend_store_get_sample (series->store, i, &time_us, &systolic);
      if (isnan (systolic))
        continue;

      diastolic = value_near (series->diastolic, time_us);
      mean = value_near (series->mean, time_us);
      x = round (x_for_time (plot, start_us, end_us, time_us));
      ys = y_for_value (lane, systolic);

      /* ▼ with its tip on the systolic. */
      cairo_move_to (cr, x - NIBP_HALF_WIDTH, ys - NIBP_HEAD);
      cairo_line_to (cr, x + NIBP_HALF_WIDTH, ys - NIBP_HEAD);
      cairo_line_to (cr, x, ys);
      cairo_close_path (cr);
      cairo_fill (cr);

      if (!isnan (diastolic))
        {
          yd = y_for_value (lane, diastolic);

          /* ▲ with its tip on the diastolic, joined to the systolic. */
          cairo_move_to (cr, x - NIBP_HALF_WIDTH, yd + NIBP_HEAD);
          cairo_line_to (cr, x + NIBP_HALF_WIDTH, yd + NIBP_HEAD);
          cairo_line_to (cr, x, yd);
          cairo_close_path (cr);
          cairo_fill (cr);

          cairo_move_to (cr, x, ys);
          cairo_line_to (cr, x, yd);
          cairo_stroke (cr);
        }

      if (!isnan (mean))
        {
          double ym = y_for_value (lane, mean);

          /* The mean: a short bar across the stem. */
          cairo_rectangle (cr, x - NIBP_HALF_WIDTH + 1, ym - 1.5, 2 * NIBP_HALF_WIDTH - 2, 3);
          cairo_fill (cr);
        }
    }

  cairo_destroy (cr);
}

static void
snapshot_markers (VigilTrendChart *self,
                  GtkSnapshot     *snapshot,
                  gint64           start_us,
                  gint64           end_us)
{
  const graphene_rect_t *first_plot;
  const graphene_rect_t *last_plot;
  double row_right[MARKER_ROWS];
  guint lo = 0, hi;

  if (self->lanes->len == 0 || self->markers->len == 0)
    return;

  for (guint r = 0; r < MARKER_ROWS; r++)
    row_right[r] = -G_MAXDOUBLE;

  first_plot = &get_lane (self, 0)->plot;
  last_plot = &get_lane (self, self->lanes->len - 1)->plot;

  /* Markers are sorted: skip to the first visible one. */
  hi = self->markers->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->markers, Marker, mid).time_us < start_us)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i < self->markers->len; i++)
    {
      Marker *marker = &g_array_index (self->markers, Marker, i);
      double x;
      int w, h;
      double label_x;

      if (marker->time_us > end_us)
        break;

      x = floor (x_for_time (first_plot, start_us, end_us, marker->time_us));
      gtk_snapshot_append_color (snapshot, &marker->color,
                                 &GRAPHENE_RECT_INIT (x, first_plot->origin.y, 1,
                                                      last_plot->origin.y + last_plot->size.height - first_plot->origin.y));

      if (marker->layout == NULL)
        marker->layout = create_layout (self, marker->text, 0.9, TRUE);
      pango_layout_get_pixel_size (marker->layout, &w, &h);

      /* The label goes right of the line, or left of it near the edge,
       * on the first row where it overlaps no other label; when all rows
       * are taken near there, the line alone marks the event. */
      label_x = x + 3;
      if (label_x + w + 3 > first_plot->origin.x + first_plot->size.width)
        label_x = x - w - 4;

      for (guint r = 0; r < MARKER_ROWS; r++)
        {
          double label_y = first_plot->origin.y + 1 + r * h;

          if (label_x - 2 < row_right[r] + 4)
            continue;
          if (label_y + h > first_plot->origin.y + first_plot->size.height)
            break;

          gtk_snapshot_append_color (snapshot, &self->backdrop_color,
                                     &GRAPHENE_RECT_INIT (label_x - 2, label_y, w + 4, h));
          append_layout_at (snapshot, marker->layout, label_x, label_y, &marker->color);
          row_right[r] = label_x + w + 2;
          break;
        }
    }
}

static guint64
series_generation (Series *series)
{
  guint64 generation = vigil_trend_store_get_generation (series->store);

  if (series->diastolic != NULL)
    generation += vigil_trend_store_get_generation (series->diastolic);
  if (series->mean != NULL)
    generation += vigil_trend_store_get_generation (series->mean);
  return generation;
}

static void
vigil_trend_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (widget);
  gint64 start_us, end_us;
  gboolean have_range;

  self->snapshot_count++;
  self->drawn_end_time = self->end_time;

  if (self->lanes->len == 0 || self->width <= 0 || self->height <= 0)
    return;

  if (self->static_node == NULL)
    self->static_node = build_static_node (self);
  gtk_snapshot_append_node (snapshot, self->static_node);

  have_range = compute_range (self, &start_us, &end_us);

  if (have_range)
    snapshot_time_axis (self, snapshot, start_us, end_us);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = get_lane (self, i);

      /* Backwards, so the lane's first series ends on top. */
      for (guint j = lane->series->len; j-- > 0;)
        {
          Series *series = g_ptr_array_index (lane->series, j);

          series->drawn_generation = series_generation (series);
          if (!have_range)
            continue;

          gtk_snapshot_push_clip (snapshot, &lane->plot);
          if (series->kind == SERIES_NIBP)
            snapshot_nibp (self, snapshot, lane, series, start_us, end_us);
          else
            snapshot_line (self, snapshot, lane, series, start_us, end_us);
          gtk_snapshot_pop (snapshot);
        }
    }

  if (have_range)
    snapshot_markers (self, snapshot, start_us, end_us);
}

static gboolean
needs_redraw (VigilTrendChart *self)
{
  if (self->end_time != self->drawn_end_time)
    return TRUE;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = get_lane (self, i);

      for (guint j = 0; j < lane->series->len; j++)
        {
          Series *series = g_ptr_array_index (lane->series, j);

          if (series_generation (series) != series->drawn_generation)
            return TRUE;
        }
    }

  return FALSE;
}

static gboolean
vigil_trend_chart_tick (GtkWidget     *widget,
                        GdkFrameClock *frame_clock,
                        gpointer       user_data)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (widget);

  if (needs_redraw (self))
    gtk_widget_queue_draw (widget);

  return G_SOURCE_CONTINUE;
}

static void
vigil_trend_chart_map (GtkWidget *widget)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (widget);

  GTK_WIDGET_CLASS (vigil_trend_chart_parent_class)->map (widget);

  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, vigil_trend_chart_tick, NULL, NULL);
}

static void
vigil_trend_chart_unmap (GtkWidget *widget)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (vigil_trend_chart_parent_class)->unmap (widget);
}

static void
vigil_trend_chart_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (widget);

  if (width == self->width && height == self->height)
    return;

  self->width = width;
  self->height = height;
  geometry_changed (self);
}

static void
vigil_trend_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 800;
    }
  else
    {
      guint n_lanes = MAX (self->lanes->len, 1);
      int axis;

      ensure_text_layouts (self);
      axis = self->time_label_height + AXIS_GAP + PAD_TOP;
      *minimum = n_lanes * MIN_LANE_HEIGHT + (n_lanes - 1) * LANE_GAP + axis;
      *natural = n_lanes * 120 + (n_lanes - 1) * LANE_GAP + axis;
    }
}

static void
vigil_trend_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (widget);

  GTK_WIDGET_CLASS (vigil_trend_chart_parent_class)->css_changed (widget, change);

  /* State changes (a window losing focus) also land here; only a new
   * font or colour invalidates the cached text and static layer. */
  if (update_font (self))
    {
      update_colors (self);
      drop_layouts (self);
      gtk_widget_queue_resize (widget);
      geometry_changed (self);
    }
  else if (update_colors (self))
    invalidate_static (self);
}

static void
vigil_trend_chart_dispose (GObject *object)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (object);

  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  if (self->lanes != NULL)
    g_ptr_array_set_size (self->lanes, 0);
  if (self->markers != NULL)
    g_array_set_size (self->markers, 0);
  if (self->time_labels != NULL)
    g_array_set_size (self->time_labels, 0);

  G_OBJECT_CLASS (vigil_trend_chart_parent_class)->dispose (object);
}

static void
vigil_trend_chart_finalize (GObject *object)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (object);

  g_clear_pointer (&self->lanes, g_ptr_array_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->time_labels, g_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->mins, g_free);
  g_clear_pointer (&self->maxs, g_free);
  g_clear_pointer (&self->mins2, g_free);
  g_clear_pointer (&self->maxs2, g_free);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (vigil_trend_chart_parent_class)->finalize (object);
}

static void
vigil_trend_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (object);

  switch (prop_id)
    {
    case PROP_WINDOW:
      g_value_set_enum (value, self->window);
      break;

    case PROP_SESSION_START:
      g_value_set_int64 (value, self->session_start);
      break;

    case PROP_END_TIME:
      g_value_set_int64 (value, self->end_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_trend_chart_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilTrendChart *self = VIGIL_TREND_CHART (object);

  switch (prop_id)
    {
    case PROP_WINDOW:
      vigil_trend_chart_set_window (self, g_value_get_enum (value));
      break;

    case PROP_SESSION_START:
      vigil_trend_chart_set_session_start (self, g_value_get_int64 (value));
      break;

    case PROP_END_TIME:
      vigil_trend_chart_set_end_time (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_trend_chart_class_init (VigilTrendChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_trend_chart_dispose;
  object_class->finalize = vigil_trend_chart_finalize;
  object_class->get_property = vigil_trend_chart_get_property;
  object_class->set_property = vigil_trend_chart_set_property;

  widget_class->snapshot = vigil_trend_chart_snapshot;
  widget_class->map = vigil_trend_chart_map;
  widget_class->unmap = vigil_trend_chart_unmap;
  widget_class->size_allocate = vigil_trend_chart_size_allocate;
  widget_class->measure = vigil_trend_chart_measure;
  widget_class->css_changed = vigil_trend_chart_css_changed;

  properties[PROP_WINDOW] =
    g_param_spec_enum ("window", NULL, "How much history is shown",
                       VIGIL_TYPE_TREND_WINDOW, VIGIL_TREND_WINDOW_15_MIN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SESSION_START] =
    g_param_spec_int64 ("session-start", NULL,
                        "Left edge of the session window, wall-clock µs; 0 for the oldest sample",
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_END_TIME] =
    g_param_spec_int64 ("end-time", NULL,
                        "Right edge, wall-clock µs (the app sets now each second); 0 follows the newest sample",
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vigil-trend-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_trend_chart_init (VigilTrendChart *self)
{
  self->lanes = g_ptr_array_new_with_free_func (lane_free);
  self->markers = g_array_new (FALSE, TRUE, sizeof (Marker));
  g_array_set_clear_func (self->markers, marker_clear);
  self->time_labels = g_array_new (FALSE, TRUE, sizeof (TimeLabel));
  g_array_set_clear_func (self->time_labels, time_label_clear);
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  self->window = VIGIL_TREND_WINDOW_15_MIN;

  update_colors (self);
}

/**
 * vigil_trend_chart_new:
 *
 * Returns: (transfer floating): a chart with no lanes
 */
GtkWidget *
vigil_trend_chart_new (void)
{
  return g_object_new (VIGIL_TYPE_TREND_CHART, NULL);
}

/**
 * vigil_trend_chart_add_lane:
 * @title: short name shown at the lane's top left, e.g. "HR"
 * @unit: shown under the title, e.g. "/min"
 * @y_min: value at the bottom edge
 * @y_max: value at the top edge; values outside are pinned to the edge
 *
 * Lanes stack top to bottom in the order they are added, with equal
 * heights, and share the time axis.
 *
 * Returns: the lane's index
 */
guint
vigil_trend_chart_add_lane (VigilTrendChart *self,
                            const char      *title,
                            const char      *unit,
                            double           y_min,
                            double           y_max)
{
  Lane *lane;

  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), 0);
  g_return_val_if_fail (title != NULL, 0);
  g_return_val_if_fail (isfinite (y_min) && isfinite (y_max) && y_min < y_max, 0);

  lane = g_new0 (Lane, 1);
  lane->title = g_strdup (title);
  lane->unit = g_strdup (unit != NULL ? unit : "");
  lane->y_min = y_min;
  lane->y_max = y_max;
  lane->series = g_ptr_array_new_with_free_func (series_free);
  lane->ticks = g_array_new (FALSE, TRUE, sizeof (YTick));
  g_array_set_clear_func (lane->ticks, y_tick_clear);
  g_ptr_array_add (self->lanes, lane);

  /* A picture to assistive technologies: say which trends it holds. */
  {
    g_autoptr(GString) titles = g_string_new (NULL);
    g_autofree char *label = NULL;

    for (guint i = 0; i < self->lanes->len; i++)
      g_string_append_printf (titles, "%s%s", i > 0 ? ", " : "",
                              ((Lane *) g_ptr_array_index (self->lanes, i))->title);
    /* TRANSLATORS: screen reader name of the trend chart: "Trends: HR, SpO₂, NIBP" */
    label = g_strdup_printf (_("Trends: %s"), titles->str);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    _("Trend chart of the vital signs over time, with alarm and event markers"),
                                    -1);
  }

  drop_layouts (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  geometry_changed (self);

  return self->lanes->len - 1;
}

guint
vigil_trend_chart_get_n_lanes (VigilTrendChart *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), 0);

  return self->lanes->len;
}

static void
add_series (VigilTrendChart *self,
            guint            lane,
            Series          *series)
{
  lookup_color (self, series->color_name, &self->fg_color, &series->color);
  g_ptr_array_add (get_lane (self, lane)->series, series);

  drop_layouts (self);
  geometry_changed (self);
}

/**
 * vigil_trend_chart_add_line:
 * @lane: a lane index from vigil_trend_chart_add_lane()
 * @store: a continuous series (the chart keeps a reference)
 * @label: (nullable): legend text, shown when the lane has several series
 * @color_name: (nullable): a CSS named colour, e.g. "vigil_hr"; looked
 *   up again whenever the theme changes
 *
 * The first series added to a lane is its main one: it is drawn on top
 * of the others and gives the lane title its colour.
 */
void
vigil_trend_chart_add_line (VigilTrendChart *self,
                            guint            lane,
                            VigilTrendStore *store,
                            const char      *label,
                            const char      *color_name)
{
  Series *series;

  g_return_if_fail (VIGIL_IS_TREND_CHART (self));
  g_return_if_fail (lane < self->lanes->len);
  g_return_if_fail (VIGIL_IS_TREND_STORE (store));

  series = g_new0 (Series, 1);
  series->kind = SERIES_LINE;
  series->store = g_object_ref (store);
  series->label = g_strdup (label);
  series->color_name = g_strdup (color_name);
  add_series (self, lane, series);
}

/**
 * vigil_trend_chart_add_nibp:
 * @lane: a lane index
 * @systolic: the systolic readings
 * @diastolic: (nullable): the diastolic readings, same times as @systolic
 * @mean: (nullable): the mean pressures, same times as @systolic
 * @color_name: (nullable): a CSS named colour, e.g. "vigil_nibp"
 *
 * Each reading is drawn as ▼ on the systolic and ▲ on the diastolic joined
 * by a stem, with a bar across it at the mean. When readings are closer
 * than a few pixels, each column shows a bar from diastolic to systolic.
 */
void
vigil_trend_chart_add_nibp (VigilTrendChart *self,
                            guint            lane,
                            VigilTrendStore *systolic,
                            VigilTrendStore *diastolic,
                            VigilTrendStore *mean,
                            const char      *color_name)
{
  Series *series;

  g_return_if_fail (VIGIL_IS_TREND_CHART (self));
  g_return_if_fail (lane < self->lanes->len);
  g_return_if_fail (VIGIL_IS_TREND_STORE (systolic));
  g_return_if_fail (diastolic == NULL || VIGIL_IS_TREND_STORE (diastolic));
  g_return_if_fail (mean == NULL || VIGIL_IS_TREND_STORE (mean));

  series = g_new0 (Series, 1);
  series->kind = SERIES_NIBP;
  series->store = g_object_ref (systolic);
  series->diastolic = diastolic != NULL ? g_object_ref (diastolic) : NULL;
  series->mean = mean != NULL ? g_object_ref (mean) : NULL;
  series->color_name = g_strdup (color_name);
  add_series (self, lane, series);
}

/**
 * vigil_trend_chart_remove_all:
 *
 * Removes every lane and series (markers stay).
 */
void
vigil_trend_chart_remove_all (VigilTrendChart *self)
{
  g_return_if_fail (VIGIL_IS_TREND_CHART (self));

  g_ptr_array_set_size (self->lanes, 0);
  drop_layouts (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  geometry_changed (self);
}

/**
 * vigil_trend_chart_add_marker:
 * @time_us: wall-clock time of the event, µs
 * @text: a short label, e.g. "Nausea" or "!! SpO2 < 90"
 * @color_name: (nullable): a CSS named colour, e.g. "vigil_marker_event"
 *
 * Draws a vertical line across all lanes at @time_us with @text at its
 * top.
 */
void
vigil_trend_chart_add_marker (VigilTrendChart *self,
                              gint64           time_us,
                              const char      *text,
                              const char      *color_name)
{
  Marker marker = { 0, };
  guint index;

  g_return_if_fail (VIGIL_IS_TREND_CHART (self));
  g_return_if_fail (text != NULL);

  marker.time_us = time_us;
  marker.text = g_strdup (text);
  marker.color_name = g_strdup (color_name);
  lookup_color (self, color_name, &self->fg_color, &marker.color);

  /* Events arrive in time order, so this is usually an append. */
  index = self->markers->len;
  while (index > 0 && g_array_index (self->markers, Marker, index - 1).time_us > time_us)
    index--;
  g_array_insert_val (self->markers, index, marker);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
vigil_trend_chart_get_n_markers (VigilTrendChart *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), 0);

  return self->markers->len;
}

void
vigil_trend_chart_clear_markers (VigilTrendChart *self)
{
  g_return_if_fail (VIGIL_IS_TREND_CHART (self));

  if (self->markers->len == 0)
    return;

  g_array_set_size (self->markers, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

VigilTrendWindow
vigil_trend_chart_get_window (VigilTrendChart *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), VIGIL_TREND_WINDOW_15_MIN);

  return self->window;
}

void
vigil_trend_chart_set_window (VigilTrendChart  *self,
                              VigilTrendWindow  window)
{
  g_return_if_fail (VIGIL_IS_TREND_CHART (self));
  g_return_if_fail (window <= VIGIL_TREND_WINDOW_SESSION);

  if (self->window == window)
    return;

  self->window = window;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
}

gint64
vigil_trend_chart_get_session_start (VigilTrendChart *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), 0);

  return self->session_start;
}

void
vigil_trend_chart_set_session_start (VigilTrendChart *self,
                                     gint64           session_start_us)
{
  g_return_if_fail (VIGIL_IS_TREND_CHART (self));

  session_start_us = MAX (session_start_us, 0);
  if (self->session_start == session_start_us)
    return;

  self->session_start = session_start_us;
  if (self->window == VIGIL_TREND_WINDOW_SESSION)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_START]);
}

gint64
vigil_trend_chart_get_end_time (VigilTrendChart *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), 0);

  return self->end_time;
}

/**
 * vigil_trend_chart_set_end_time:
 * @end_time_us: the right edge, wall-clock µs; 0 to follow the newest
 *   sample
 *
 * The app sets this to now once a second. The next frame picks it up;
 * this does not queue a draw itself.
 */
void
vigil_trend_chart_set_end_time (VigilTrendChart *self,
                                gint64           end_time_us)
{
  g_return_if_fail (VIGIL_IS_TREND_CHART (self));

  end_time_us = MAX (end_time_us, 0);
  if (self->end_time == end_time_us)
    return;

  self->end_time = end_time_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
}

/**
 * vigil_trend_chart_get_visible_range:
 * @start_us: (out) (optional): left edge, wall-clock µs
 * @end_us: (out) (optional): right edge, wall-clock µs
 *
 * Returns: %FALSE when there is nothing to show (no end time and no data)
 */
gboolean
vigil_trend_chart_get_visible_range (VigilTrendChart *self,
                                     gint64          *start_us,
                                     gint64          *end_us)
{
  gint64 start = 0, end = 0;
  gboolean ret;

  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), FALSE);

  ret = compute_range (self, &start, &end);
  if (start_us != NULL)
    *start_us = start;
  if (end_us != NULL)
    *end_us = end;
  return ret;
}

/**
 * vigil_trend_chart_get_label_step:
 *
 * Returns: the time between two time-axis labels at the current size and
 *   window, µs
 */
gint64
vigil_trend_chart_get_label_step (VigilTrendChart *self)
{
  gint64 start_us, end_us;

  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), 0);

  if (!compute_range (self, &start_us, &end_us))
    return 0;
  ensure_text_layouts (self);
  return choose_label_step (self, start_us, end_us);
}

/**
 * vigil_trend_chart_get_plot_area:
 * @area: (out): where @lane's traces are drawn, in widget coordinates
 *
 * Returns: %FALSE if @lane does not exist or the chart has no size yet
 */
gboolean
vigil_trend_chart_get_plot_area (VigilTrendChart *self,
                                 guint            lane,
                                 graphene_rect_t *area)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (lane >= self->lanes->len || self->width <= 0 || self->height <= 0)
    return FALSE;

  *area = get_lane (self, lane)->plot;
  return TRUE;
}

/**
 * vigil_trend_chart_time_to_x:
 *
 * Returns: the x coordinate of @time_us in the current view, or NAN when
 *   nothing is shown
 */
double
vigil_trend_chart_time_to_x (VigilTrendChart *self,
                             gint64           time_us)
{
  gint64 start_us, end_us;

  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), NAN);

  if (self->lanes->len == 0 || self->width <= 0 || !compute_range (self, &start_us, &end_us))
    return NAN;

  return x_for_time (&get_lane (self, 0)->plot, start_us, end_us, time_us);
}

/**
 * vigil_trend_chart_value_to_y:
 *
 * Returns: the y coordinate of @value in @lane (pinned to the lane), or
 *   NAN if the lane does not exist
 */
double
vigil_trend_chart_value_to_y (VigilTrendChart *self,
                              guint            lane,
                              double           value)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), NAN);

  if (lane >= self->lanes->len || self->width <= 0)
    return NAN;

  return y_for_value (get_lane (self, lane), value);
}

guint
vigil_trend_chart_get_snapshot_count (VigilTrendChart *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), 0);

  return self->snapshot_count;
}

guint
vigil_trend_chart_get_static_build_count (VigilTrendChart *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_CHART (self), 0);

  return self->static_build_count;
}
