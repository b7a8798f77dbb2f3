/* bench-trend-chart.c — what a trend chart frame costs, against a baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Four continuous 1 Hz series (HR and PR in one lane, SpO2, and a fourth
 * dense series standing for a continuous pressure in the NIBP lane) drawn
 * at 1280×400, for 15 min, 1 h, 4 h and 24 h of history (900 to 86 400
 * samples per series). For each history length, on the same data:
 *
 * - widget: a frame of VigilTrendChart as the app gets it (end time moved
 *   by a second, snapshot, rendered to a texture by the window's renderer),
 *   with the session window (the whole history on screen), and again with
 *   a fixed 1-hour window;
 * - polyline: the naive way, every sample of the same four series as one
 *   Cairo polyline each (2 px wide, default joins), onto a 1280×400 image
 *   surface.
 *
 * It prints one row per history length (samples per series, widget and
 * polyline ms/frame, widget/polyline), then the widget's cost with 24 h of
 * history against 15 min (it must not grow with history: the goal is close
 * to 1) and the 24 h widget against its polyline. Times are medians of
 * N_FRAMES (polyline: N_BASELINE) frames after a warm-up; nothing asserts a
 * time, only sample and snapshot counts.
 */

#include <math.h>
#include <stdlib.h>

#include "vigil-trend-chart.h"
#include "vigil-trend-chart-private.h"
#include "bench-stats.h"
#include "vigil-widget-test.h"

#define SECOND_US ((gint64) G_USEC_PER_SEC)
#define HOUR_US   (3600 * SECOND_US)
#define NOW_US    ((gint64) 1710412200 * SECOND_US)

#define WIDTH       1280
#define HEIGHT      400
#define N_SERIES    4
#define N_FRAMES    50
/* The 24 h polyline takes about 0.6 s a frame, so its 23 frames are most
 * of the run (about 15 s); the shorter ones scale down with their samples.
 * 20 is enough for a stable median, so it is the same for every length. */
#define N_BASELINE  20
#define N_WARMUP    3

typedef struct
{
  VigilTrendStore *store[N_SERIES];
  gint64           history_us;
} Series;

static const struct {
  const char *lane_title;
  const char *unit;
  double      y_min;
  double      y_max;
  guint       lane;
  const char *color;
} layout[N_SERIES] = {
  { "HR", "/min", 0, 200, 0, "vigil_hr" },
  { NULL, NULL, 0, 200, 0, "vigil_pr" },
  { "SpO₂", "%", 70, 100, 1, "vigil_spo2" },
  { "NIBP", "mmHg", 0, 250, 2, "vigil_nibp" },
};

static void
series_init (Series *series,
             gint64  history_us)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  gint64 start = NOW_US - history_us;

  series->history_us = history_us;
  for (guint s = 0; s < N_SERIES; s++)
    series->store[s] = vigil_trend_store_new (VIGIL_TREND_STORE_DEFAULT_CAPACITY);

  for (gint64 t = start; t < NOW_US; t += SECOND_US)
    {
      double hours = (double) (t - start) / HOUR_US;
      double hr = 75 + 10 * sin (hours * 3.0) + g_rand_double_range (rand, -3, 3);

      vigil_trend_store_append (series->store[0], t, round (hr));
      vigil_trend_store_append (series->store[1], t, round (hr + g_rand_double_range (rand, -3, 3)));
      vigil_trend_store_append (series->store[2], t, round (97 + 1.5 * sin (hours * 7.0) + g_rand_double_range (rand, -1, 1)));
      vigil_trend_store_append (series->store[3], t, 92 + 8 * sin (hours * 2.0) + g_rand_double_range (rand, -4, 4));
    }
}

static void
series_clear (Series *series)
{
  for (guint s = 0; s < N_SERIES; s++)
    g_clear_object (&series->store[s]);
}

static VigilTrendChart *
chart_new (Series           *series,
           VigilTrendWindow  window)
{
  VigilTrendChart *chart = VIGIL_TREND_CHART (vigil_trend_chart_new ());

  for (guint s = 0; s < N_SERIES; s++)
    {
      if (layout[s].lane_title != NULL)
        vigil_trend_chart_add_lane (chart, layout[s].lane_title, layout[s].unit,
                                    layout[s].y_min, layout[s].y_max);
      vigil_trend_chart_add_line (chart, layout[s].lane, series->store[s], NULL, layout[s].color);
    }

  vigil_trend_chart_set_session_start (chart, NOW_US - series->history_us);
  vigil_trend_chart_set_end_time (chart, NOW_US);
  vigil_trend_chart_set_window (chart, window);
  gtk_widget_set_size_request (GTK_WIDGET (chart), WIDTH, HEIGHT);

  return chart;
}

typedef struct
{
  double frame_ms;     /* snapshot + render to texture */
  double snapshot_ms;  /* the widget's own work */
} FrameCost;

/* Renders @chart N_FRAMES times, each with the end time one second later,
 * as the app does every second. */
static FrameCost
measure_widget (Series           *series,
                VigilTrendWindow  window)
{
  GtkWidget *toplevel = gtk_window_new ();
  VigilTrendChart *chart = chart_new (series, window);
  GskRenderer *renderer;
  double frame_ms[N_FRAMES];
  double snapshot_ms[N_FRAMES];
  guint snapshots;
  FrameCost cost;

  gtk_widget_add_css_class (toplevel, "vigil-test");
  gtk_window_set_default_size (GTK_WINDOW (toplevel), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (toplevel), GTK_WIDGET (chart));
  gtk_window_present (GTK_WINDOW (toplevel));
  vigil_widget_test_wait_mapped (GTK_WIDGET (chart));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (chart)), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), ==, HEIGHT);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (chart)));
  snapshots = vigil_trend_chart_get_snapshot_count (chart);

  for (int i = -N_WARMUP; i < N_FRAMES; i++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GtkSnapshot *snapshot;
      gint64 t0, t1, t2;

      vigil_trend_chart_set_end_time (chart, NOW_US + (i + N_WARMUP + 1) * SECOND_US);
      gtk_widget_queue_draw (GTK_WIDGET (chart));

      t0 = g_get_monotonic_time ();
      /* What the window does for its child in a frame: the chart's
       * snapshot runs again because a draw was queued. */
      snapshot = gtk_snapshot_new ();
      gtk_widget_snapshot_child (toplevel, GTK_WIDGET (chart), snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      t1 = g_get_monotonic_time ();
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      t2 = g_get_monotonic_time ();

      if (i >= 0)
        {
          frame_ms[i] = (t2 - t0) / 1000.0;
          snapshot_ms[i] = (t1 - t0) / 1000.0;
        }
    }

  /* Every frame really ran the chart's snapshot: nothing was cached away. */
  g_assert_cmpuint (vigil_trend_chart_get_snapshot_count (chart) - snapshots, ==, N_FRAMES + N_WARMUP);

  gtk_window_destroy (GTK_WINDOW (toplevel));

  cost.frame_ms = bench_stats_median (frame_ms, N_FRAMES);
  cost.snapshot_ms = bench_stats_median (snapshot_ms, N_FRAMES);
  return cost;
}

/* Every sample of every series as one polyline each, on the same lanes. */
static double
measure_baseline (Series *series)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  const double plot_x = 80, plot_w = WIDTH - plot_x - 12;
  const double lane_h = (HEIGHT - 30 - 20) / 3.0;
  gint64 start = NOW_US - series->history_us;
  double frame_ms[N_BASELINE];
  guint64 n_points = 0;

  for (int i = -N_WARMUP; i < N_BASELINE; i++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();

      cairo_set_source_rgb (cr, 0.03, 0.035, 0.04);
      cairo_paint (cr);
      /* The chart's line width; Cairo's default (miter) joins, which are
       * four times cheaper here than the round joins the chart uses. */
      cairo_set_line_width (cr, 2.0);

      for (guint s = 0; s < N_SERIES; s++)
        {
          VigilTrendStore *store = series->store[s];
          guint length = vigil_trend_store_get_length (store);
          double lane_y = 6 + layout[s].lane * (lane_h + 10);
          double y_scale = lane_h / (layout[s].y_max - layout[s].y_min);
          gboolean pen_down = FALSE;

          for (guint k = 0; k < length; k++)
            {
              gint64 t;
              double v, x, y;

              vigil_trend_store_get_sample (store, k, &t, &v);
              if (isnan (v))
                {
                  pen_down = FALSE;
                  continue;
                }

              x = plot_x + (double) (t - start) * plot_w / (double) series->history_us;
              y = lane_y + lane_h - (v - layout[s].y_min) * y_scale;
              if (pen_down)
                cairo_line_to (cr, x, y);
              else
                cairo_move_to (cr, x, y);
              pen_down = TRUE;
              if (i == 0)
                n_points++;
            }

          cairo_set_source_rgb (cr, 0.25, 0.88, 0.44);
          cairo_stroke (cr);
        }

      cairo_surface_flush (surface);
      cairo_destroy (cr);
      if (i >= 0)
        frame_ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }

  g_assert_cmpuint (n_points, ==, (guint64) N_SERIES * (series->history_us / SECOND_US));
  cairo_surface_destroy (surface);

  return bench_stats_median (frame_ms, N_BASELINE);
}

static const struct {
  const char *name;
  gint64      history_us;
} lengths[] = {
  { "15min", 15 * 60 * SECOND_US },
  { "1h", HOUR_US },
  { "4h", 4 * HOUR_US },
  { "24h", 24 * HOUR_US },
};

#define N_LENGTHS G_N_ELEMENTS (lengths)

typedef struct
{
  guint     samples;   /* per series */
  FrameCost session;   /* whole history on screen */
  FrameCost window;    /* fixed 1-hour window */
  double    polyline_ms;
} Row;

int
main (int   argc,
      char *argv[])
{
  Row rows[N_LENGTHS];
  const Row *first = &rows[0];
  const Row *last = &rows[N_LENGTHS - 1];

  if (!vigil_widget_test_init_display ())
    return VIGIL_TEST_SKIP;

  g_print ("trend chart x%d series at 1 Hz @%dx%d, median of %d frames (polyline %d)\n",
           N_SERIES, WIDTH, HEIGHT, N_FRAMES, N_BASELINE);
  g_print ("%-8s %14s %24s %18s %17s %16s\n", "history", "samples/series",
           "widget ms (snapshot)", "1h-window ms", "polyline ms", "widget/polyline");

  /* One length at a time, so at most one 24 h set of stores is alive. */
  for (guint l = 0; l < N_LENGTHS; l++)
    {
      Row *row = &rows[l];
      Series series;

      series_init (&series, lengths[l].history_us);
      row->samples = vigil_trend_store_get_length (series.store[0]);
      g_assert_cmpuint (row->samples, ==, lengths[l].history_us / SECOND_US);

      row->session = measure_widget (&series, VIGIL_TREND_WINDOW_SESSION);
      row->window = measure_widget (&series, VIGIL_TREND_WINDOW_1_HOUR);
      row->polyline_ms = measure_baseline (&series);
      series_clear (&series);

      g_print ("%-8s %14u %16.2f (%5.2f) %18.2f %17.1f %16.4f\n",
               lengths[l].name, row->samples, row->session.frame_ms,
               row->session.snapshot_ms, row->window.frame_ms, row->polyline_ms,
               row->session.frame_ms / row->polyline_ms);
    }

  g_print ("whole history on screen: 24h / 15min widget %.2f / %.2f ms/frame = x%.2f "
           "for x%u the samples (goal close to 1)\n",
           last->session.frame_ms, first->session.frame_ms,
           last->session.frame_ms / first->session.frame_ms,
           last->samples / first->samples);
  g_print ("1-hour window: 24h / 15min of history %.2f / %.2f ms/frame = x%.2f (goal close to 1)\n",
           last->window.frame_ms, first->window.frame_ms,
           last->window.frame_ms / first->window.frame_ms);
  g_print ("24h widget vs polyline: %.2f / %.1f ms/frame = x%.4f (the polyline costs %.1fx the widget)\n",
           last->session.frame_ms, last->polyline_ms,
           last->session.frame_ms / last->polyline_ms,
           last->polyline_ms / last->session.frame_ms);
  g_print ("polyline: 24h / 15min %.1f / %.1f ms/frame = x%.1f (grows with samples)\n",
           last->polyline_ms, first->polyline_ms, last->polyline_ms / first->polyline_ms);

  return EXIT_SUCCESS;
}
