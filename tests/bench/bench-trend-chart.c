/* bench-trend-chart.c — what a trend chart frame costs, against a baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Four continuous 1 Hz series (HR and PR in one lane, SpO2, and a fourth
 * dense series standing for a continuous pressure in the NIBP lane) with
 * 24 h of history, drawn at 1280×400 with the session window (the whole
 * 24 h on screen):
 *
 * - widget: a frame of VigilTrendChart as the app gets it (end time moved
 *   by a second, snapshot, rendered to a texture by the window's renderer);
 * - baseline: the naive way, every sample of the same four series as one
 *   Cairo polyline each (2 px wide, default joins), onto a 1280×400 image
 *   surface.
 *
 * Then the widget's frame cost with 1 h and with 24 h of history, both for
 * the whole history on screen and for a fixed 1-hour window: it must not
 * grow with history. Times are medians of N frames after a warm-up.
 */

#include <math.h>
#include <stdlib.h>

#include "vigil-trend-chart.h"
#include "vigil-trend-chart-private.h"
#include "vigil-widget-test.h"

#define SECOND_US ((gint64) G_USEC_PER_SEC)
#define HOUR_US   (3600 * SECOND_US)
#define NOW_US    ((gint64) 1710412200 * SECOND_US)

#define WIDTH       1280
#define HEIGHT      400
#define N_SERIES    4
#define N_FRAMES    50
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

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
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

  cost.frame_ms = median (frame_ms, N_FRAMES);
  cost.snapshot_ms = median (snapshot_ms, N_FRAMES);
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

  return median (frame_ms, N_BASELINE);
}

int
main (int   argc,
      char *argv[])
{
  Series day, hour;
  FrameCost widget_day, widget_hour, window_day, window_hour;
  double baseline_day;

  if (!vigil_widget_test_init_display ())
    return VIGIL_TEST_SKIP;

  series_init (&day, 24 * HOUR_US);
  series_init (&hour, HOUR_US);
  g_assert_cmpuint (vigil_trend_store_get_length (day.store[0]), ==, 24 * 3600);

  widget_day = measure_widget (&day, VIGIL_TREND_WINDOW_SESSION);
  baseline_day = measure_baseline (&day);

  g_print ("trend chart 24h x%d @%dx%d: widget %.2f ms/frame (snapshot %.2f ms), "
           "polyline baseline %.1f ms/frame, ratio %.1fx\n",
           N_SERIES, WIDTH, HEIGHT, widget_day.frame_ms, widget_day.snapshot_ms,
           baseline_day, baseline_day / widget_day.frame_ms);

  widget_hour = measure_widget (&hour, VIGIL_TREND_WINDOW_SESSION);
  g_print ("whole history on screen: 1h %.2f ms/frame, 24h %.2f ms/frame (x%.2f for 24x the samples)\n",
           widget_hour.frame_ms, widget_day.frame_ms, widget_day.frame_ms / widget_hour.frame_ms);

  window_hour = measure_widget (&hour, VIGIL_TREND_WINDOW_1_HOUR);
  window_day = measure_widget (&day, VIGIL_TREND_WINDOW_1_HOUR);
  g_print ("1-hour window: 1h of history %.2f ms/frame, 24h of history %.2f ms/frame (x%.2f)\n",
           window_hour.frame_ms, window_day.frame_ms, window_day.frame_ms / window_hour.frame_ms);

  series_clear (&day);
  series_clear (&hour);
  return EXIT_SUCCESS;
}
