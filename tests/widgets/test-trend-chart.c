/* test-trend-chart.c — VigilTrendChart: lanes, gaps, windows, redraws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "vigil-trend-chart.h"
#include "vigil-trend-chart-private.h"
#include "vigil-widget-test.h"

#define SECOND_US ((gint64) G_USEC_PER_SEC)
#define MINUTE_US (60 * SECOND_US)

/* 2024-03-14 10:30:00 UTC, an arbitrary fixed "now". */
#define NOW_US ((gint64) 1710412200 * SECOND_US)

/* A dropout the device reported (a NAN sample, then nothing)... */
#define GAP_A_START (NOW_US - 10 * MINUTE_US)
#define GAP_A_END   (NOW_US - 8 * MINUTE_US)
/* ...and one it did not (samples simply stop). */
#define GAP_B_START (NOW_US - 40 * MINUTE_US)
#define GAP_B_END   (NOW_US - 37 * MINUTE_US)

#define HISTORY_US    (60 * MINUTE_US)
#define SESSION_START (NOW_US - 55 * MINUTE_US)

#define CHART_WIDTH  1280
#define CHART_HEIGHT 400

typedef struct
{
  VigilTrendStore *hr;
  VigilTrendStore *pr;
  VigilTrendStore *spo2;
  VigilTrendStore *sys;
  VigilTrendStore *dia;
  VigilTrendStore *mean;
} Stores;

enum {
  LANE_HR,
  LANE_SPO2,
  LANE_NIBP,
};

static void
stores_init (Stores *stores)
{
  stores->hr = vigil_trend_store_new (VIGIL_TREND_STORE_DEFAULT_CAPACITY);
  stores->pr = vigil_trend_store_new (VIGIL_TREND_STORE_DEFAULT_CAPACITY);
  stores->spo2 = vigil_trend_store_new (VIGIL_TREND_STORE_DEFAULT_CAPACITY);
  stores->sys = vigil_trend_store_new (1024);
  stores->dia = vigil_trend_store_new (1024);
  stores->mean = vigil_trend_store_new (1024);
}

static void
stores_clear (Stores *stores)
{
  g_assert_finalize_object (stores->hr);
  g_assert_finalize_object (stores->pr);
  g_assert_finalize_object (stores->spo2);
  g_assert_finalize_object (stores->sys);
  g_assert_finalize_object (stores->dia);
  g_assert_finalize_object (stores->mean);
}

/* An hour of an infusion at 1 Hz: HR climbing from the low 70s into the
 * 90s, PR following it, SpO2 high with one desaturation, and an NIBP
 * reading every 5 minutes. Seeded, so every run draws the same picture. */
static void
stores_fill (Stores *stores)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240314);
  gint64 start = NOW_US - HISTORY_US;
  gboolean in_gap = FALSE;

  for (gint64 t = start; t <= NOW_US; t += SECOND_US)
    {
      double minutes = (double) (t - start) / MINUTE_US;
      double progress = CLAMP ((minutes - 5.0) / 40.0, 0.0, 1.0);
      double hr, spo2, dip;

      if (t >= GAP_B_START && t < GAP_B_END)
        continue;

      if (t >= GAP_A_START && t < GAP_A_END)
        {
          if (!in_gap)
            {
              vigil_trend_store_append (stores->hr, t, NAN);
              vigil_trend_store_append (stores->pr, t, NAN);
              vigil_trend_store_append (stores->spo2, t, NAN);
            }
          in_gap = TRUE;
          continue;
        }
      in_gap = FALSE;

      hr = 73.0 + 20.0 * progress + 3.0 * sin (minutes * 2.1) + g_rand_double_range (rand, -1.5, 1.5);
      dip = 7.0 * exp (-pow ((minutes - 30.0) / 0.9, 2.0));
      spo2 = 97.6 + 0.8 * sin (minutes / 4.0) - dip + g_rand_double_range (rand, -0.4, 0.4);

      vigil_trend_store_append (stores->hr, t, round (hr));
      vigil_trend_store_append (stores->pr, t, round (hr + g_rand_double_range (rand, -3.0, 3.0)));
      vigil_trend_store_append (stores->spo2, t, round (MIN (spo2, 100.0)));
    }

  for (gint64 t = start + 2 * MINUTE_US; t <= NOW_US; t += 5 * MINUTE_US)
    {
      double minutes = (double) (t - start) / MINUTE_US;
      double progress = CLAMP ((minutes - 5.0) / 40.0, 0.0, 1.0);
      double sys = round (121.0 + 24.0 * progress + g_rand_double_range (rand, -4, 4));
      double dia = round (77.0 + 12.0 * progress + g_rand_double_range (rand, -3, 3));

      vigil_trend_store_append (stores->sys, t, sys);
      vigil_trend_store_append (stores->dia, t, dia);
      vigil_trend_store_append (stores->mean, t, round (dia + (sys - dia) / 3.0));
    }
}

static VigilTrendChart *
new_chart (Stores *stores)
{
  VigilTrendChart *chart = VIGIL_TREND_CHART (vigil_trend_chart_new ());
  guint lane;

  lane = vigil_trend_chart_add_lane (chart, "HR", "/min", 0, 200);
  g_assert_cmpuint (lane, ==, LANE_HR);
  vigil_trend_chart_add_line (chart, lane, stores->hr, "HR", "vigil_hr");
  vigil_trend_chart_add_line (chart, lane, stores->pr, "PR", "vigil_pr");

  lane = vigil_trend_chart_add_lane (chart, "SpO₂", "%", 70, 100);
  g_assert_cmpuint (lane, ==, LANE_SPO2);
  vigil_trend_chart_add_line (chart, lane, stores->spo2, NULL, "vigil_spo2");

  lane = vigil_trend_chart_add_lane (chart, "NIBP", "mmHg", 0, 250);
  g_assert_cmpuint (lane, ==, LANE_NIBP);
  vigil_trend_chart_add_nibp (chart, lane, stores->sys, stores->dia, stores->mean, "vigil_nibp");

  vigil_trend_chart_set_session_start (chart, SESSION_START);
  vigil_trend_chart_set_end_time (chart, NOW_US);
  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_1_HOUR);

  vigil_trend_chart_add_marker (chart, NOW_US - 50 * MINUTE_US, "Infusion start", "vigil_marker_event");
  vigil_trend_chart_add_marker (chart, NOW_US - 30 * MINUTE_US, "!! SpO₂ 89", "vigil_alarm_medium");
  vigil_trend_chart_add_marker (chart, NOW_US - 13 * MINUTE_US, "Nausea", "vigil_marker_event");

  return chart;
}

static GtkWidget *
show_chart (VigilTrendChart *chart)
{
  GtkWidget *window = gtk_window_new ();

  gtk_widget_add_css_class (window, "vigil-test");
  gtk_widget_set_size_request (GTK_WIDGET (chart), CHART_WIDTH, CHART_HEIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), CHART_WIDTH, CHART_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (chart));

  return window;
}

static void
test_finalize (void)
{
  Stores stores;
  VigilTrendChart *chart;

  stores_init (&stores);
  chart = g_object_ref_sink (new_chart (&stores));
  g_assert_cmpuint (vigil_trend_chart_get_n_lanes (chart), ==, 3);
  g_assert_cmpuint (vigil_trend_chart_get_n_markers (chart), ==, 3);
  g_assert_finalize_object (chart);

  /* The chart dropped its references to the stores. */
  stores_clear (&stores);
}

static void
test_range (void)
{
  Stores stores;
  VigilTrendChart *chart;
  gint64 start, end;

  stores_init (&stores);
  chart = g_object_ref_sink (new_chart (&stores));

  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_15_MIN);
  g_assert_true (vigil_trend_chart_get_visible_range (chart, &start, &end));
  g_assert_cmpint (end, ==, NOW_US);
  g_assert_cmpint (end - start, ==, 15 * MINUTE_US);

  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_4_HOURS);
  g_assert_true (vigil_trend_chart_get_visible_range (chart, &start, &end));
  g_assert_cmpint (end - start, ==, 4 * 60 * MINUTE_US);

  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_SESSION);
  g_assert_true (vigil_trend_chart_get_visible_range (chart, &start, &end));
  g_assert_cmpint (start, ==, SESSION_START);
  g_assert_cmpint (end, ==, NOW_US);

  /* A session that just started still shows 15 minutes, from its start. */
  vigil_trend_chart_set_session_start (chart, NOW_US - 2 * MINUTE_US);
  g_assert_true (vigil_trend_chart_get_visible_range (chart, &start, &end));
  g_assert_cmpint (start, ==, NOW_US - 2 * MINUTE_US);
  g_assert_cmpint (end, ==, start + 15 * MINUTE_US);

  /* With no end time the chart follows the newest sample (none yet). */
  vigil_trend_chart_set_end_time (chart, 0);
  g_assert_false (vigil_trend_chart_get_visible_range (chart, NULL, NULL));
  stores_fill (&stores);
  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_1_HOUR);
  g_assert_true (vigil_trend_chart_get_visible_range (chart, &start, &end));
  g_assert_cmpint (end, ==, NOW_US);

  g_assert_finalize_object (chart);
  stores_clear (&stores);
}

typedef gboolean (*PixelFunc) (guint8 r, guint8 g, guint8 b);

/* The plot area of @lane between two times, shrunk by @inset px at each
 * side so antialiased line ends next to the gap do not count. */
static graphene_rect_t
time_band (VigilTrendChart *chart,
           guint            lane,
           gint64           from_us,
           gint64           to_us,
           double           inset)
{
  graphene_rect_t plot;
  double x0 = vigil_trend_chart_time_to_x (chart, from_us) + inset;
  double x1 = vigil_trend_chart_time_to_x (chart, to_us) - inset;

  g_assert_true (vigil_trend_chart_get_plot_area (chart, lane, &plot));
  g_assert_cmpfloat (x1, >, x0);
  return GRAPHENE_RECT_INIT (x0, plot.origin.y, x1 - x0, plot.size.height);
}

static guint
count_in_lane (VigilPixels     *pixels,
               VigilTrendChart *chart,
               guint            lane,
               PixelFunc        func)
{
  graphene_rect_t plot;

  g_assert_true (vigil_trend_chart_get_plot_area (chart, lane, &plot));
  return vigil_pixels_count (pixels, &plot, func);
}

static VigilPixels *
render (VigilTrendChart *chart,
        const char      *basename)
{
  g_autoptr(GdkTexture) texture = NULL;

  /* Lets the tick callback notice the change and draw a frame. */
  vigil_widget_test_wait_frames (GTK_WIDGET (chart), 2);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (chart));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, CHART_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, CHART_HEIGHT);
  vigil_widget_test_save (texture, basename);

  return vigil_pixels_new (texture);
}

static void
test_render (void)
{
  Stores stores;
  VigilTrendChart *chart;
  GtkWidget *window;
  g_autoptr(VigilPixels) hour = NULL;
  g_autoptr(VigilPixels) quarter = NULL;
  g_autoptr(VigilPixels) four = NULL;
  g_autoptr(VigilPixels) session = NULL;
  gint64 step_15, step_1h, step_4h;
  graphene_rect_t band;
  double x;

  stores_init (&stores);
  stores_fill (&stores);
  chart = new_chart (&stores);
  window = show_chart (chart);

  /* 1 hour: about three samples per column, drawn as min/max columns. */
  hour = render (chart, "trend-chart.png");
  step_1h = vigil_trend_chart_get_label_step (chart);

  g_assert_cmpuint (count_in_lane (hour, chart, LANE_HR, vigil_pixel_is_green), >, 1000);
  g_assert_cmpuint (count_in_lane (hour, chart, LANE_SPO2, vigil_pixel_is_cyan), >, 1000);
  g_assert_cmpuint (count_in_lane (hour, chart, LANE_NIBP, vigil_pixel_is_white), >, 100);
  /* Each colour stays in its lane. */
  g_assert_cmpuint (count_in_lane (hour, chart, LANE_SPO2, vigil_pixel_is_green), ==, 0);
  g_assert_cmpuint (count_in_lane (hour, chart, LANE_HR, vigil_pixel_is_cyan), ==, 0);

  /* Both gaps stay empty: never bridged by a line. */
  band = time_band (chart, LANE_HR, GAP_A_START, GAP_A_END, 4);
  g_assert_cmpuint (vigil_pixels_count (hour, &band, vigil_pixel_is_green), ==, 0);
  band = time_band (chart, LANE_SPO2, GAP_A_START, GAP_A_END, 4);
  g_assert_cmpuint (vigil_pixels_count (hour, &band, vigil_pixel_is_cyan), ==, 0);
  band = time_band (chart, LANE_HR, GAP_B_START, GAP_B_END, 4);
  g_assert_cmpuint (vigil_pixels_count (hour, &band, vigil_pixel_is_green), ==, 0);
  band = time_band (chart, LANE_SPO2, GAP_B_START, GAP_B_END, 4);
  g_assert_cmpuint (vigil_pixels_count (hour, &band, vigil_pixel_is_cyan), ==, 0);

  /* ...while the same width of data just before gap A has trace. */
  band = time_band (chart, LANE_HR, GAP_A_START - 2 * MINUTE_US, GAP_A_START, 4);
  g_assert_cmpuint (vigil_pixels_count (hour, &band, vigil_pixel_is_green), >, 20);

  /* An NIBP reading draws its glyph at its time. */
  x = vigil_trend_chart_time_to_x (chart, NOW_US - HISTORY_US + 47 * MINUTE_US);
  band = time_band (chart, LANE_NIBP, NOW_US - HISTORY_US + 47 * MINUTE_US - 15 * SECOND_US,
                    NOW_US - HISTORY_US + 47 * MINUTE_US + 15 * SECOND_US, 0);
  g_assert_cmpfloat (x, >, band.origin.x);
  g_assert_cmpuint (vigil_pixels_count (hour, &band, vigil_pixel_is_white), >, 20);

  /* The medium alarm marker is drawn in its colour. */
  band = time_band (chart, LANE_NIBP, NOW_US - 30 * MINUTE_US - 5 * SECOND_US,
                    NOW_US - 30 * MINUTE_US + 5 * SECOND_US, 0);
  g_assert_cmpuint (vigil_pixels_count (hour, &band, vigil_pixel_is_yellow), >, 10);

  /* 15 minutes: fewer samples than columns, drawn as a joined line. */
  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_15_MIN);
  quarter = render (chart, "trend-chart-15min.png");
  step_15 = vigil_trend_chart_get_label_step (chart);
  g_assert_cmpuint (count_in_lane (quarter, chart, LANE_HR, vigil_pixel_is_green), >, 1000);
  band = time_band (chart, LANE_HR, GAP_A_START, GAP_A_END, 4);
  g_assert_cmpuint (vigil_pixels_count (quarter, &band, vigil_pixel_is_green), ==, 0);
  band = time_band (chart, LANE_SPO2, GAP_A_START, GAP_A_END, 4);
  g_assert_cmpuint (vigil_pixels_count (quarter, &band, vigil_pixel_is_cyan), ==, 0);

  /* 4 hours: the three hours before the data are empty. */
  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_4_HOURS);
  four = render (chart, "trend-chart-4h.png");
  step_4h = vigil_trend_chart_get_label_step (chart);
  band = time_band (chart, LANE_HR, NOW_US - 4 * 60 * MINUTE_US, NOW_US - HISTORY_US - MINUTE_US, 0);
  g_assert_cmpuint (vigil_pixels_count (four, &band, vigil_pixel_is_green), ==, 0);
  g_assert_cmpuint (count_in_lane (four, chart, LANE_HR, vigil_pixel_is_green), >, 300);

  /* Session: from its start (55 min ago) to now. */
  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_SESSION);
  session = render (chart, "trend-chart-session.png");
  x = vigil_trend_chart_time_to_x (chart, SESSION_START);
  g_assert_true (vigil_trend_chart_get_plot_area (chart, LANE_HR, &band));
  g_assert_cmpfloat_with_epsilon (x, band.origin.x, 0.01);

  /* Each window draws something different, with wider label steps. */
  g_assert_false (vigil_pixels_equal (hour, quarter));
  g_assert_false (vigil_pixels_equal (hour, four));
  g_assert_false (vigil_pixels_equal (hour, session));
  g_assert_false (vigil_pixels_equal (quarter, four));
  g_assert_cmpint (step_15, <, step_1h);
  g_assert_cmpint (step_1h, <, step_4h);

  gtk_window_destroy (GTK_WINDOW (window));
  stores_clear (&stores);
}

static gboolean
is_red (guint8 r, guint8 g, guint8 b)
{
  return r >= 200 && g <= 60 && b <= 60;
}

static void
test_redraw (void)
{
  Stores stores;
  VigilTrendChart *chart;
  GtkWidget *window;
  guint frames, builds;

  stores_init (&stores);
  stores_fill (&stores);
  chart = new_chart (&stores);
  window = show_chart (chart);

  vigil_widget_test_wait_frames (GTK_WIDGET (chart), 2);
  frames = vigil_trend_chart_get_snapshot_count (chart);
  builds = vigil_trend_chart_get_static_build_count (chart);
  g_assert_cmpuint (frames, >, 0);
  g_assert_cmpuint (builds, ==, 1);

  /* Nothing changed: the frame clock ticks, the chart is not redrawn. */
  vigil_widget_test_wait_frames (GTK_WIDGET (chart), 5);
  g_assert_cmpuint (vigil_trend_chart_get_snapshot_count (chart), ==, frames);

  /* Many samples between two frames make one redraw, not one each, and
   * leave the static layer alone. */
  for (int i = 1; i <= 10; i++)
    vigil_trend_store_append (stores.hr, NOW_US + i * SECOND_US / 10, 90);
  vigil_widget_test_wait_frames (GTK_WIDGET (chart), 3);
  g_assert_cmpuint (vigil_trend_chart_get_snapshot_count (chart), >, frames);
  g_assert_cmpuint (vigil_trend_chart_get_snapshot_count (chart), <=, frames + 2);
  g_assert_cmpuint (vigil_trend_chart_get_static_build_count (chart), ==, builds);
  frames = vigil_trend_chart_get_snapshot_count (chart);

  /* The end time moving (each second in the app) redraws. */
  vigil_trend_chart_set_end_time (chart, NOW_US + SECOND_US);
  vigil_widget_test_wait_frames (GTK_WIDGET (chart), 3);
  g_assert_cmpuint (vigil_trend_chart_get_snapshot_count (chart), >, frames);
  g_assert_cmpuint (vigil_trend_chart_get_static_build_count (chart), ==, builds);
  frames = vigil_trend_chart_get_snapshot_count (chart);

  /* A state change that leaves fonts and colours alone keeps the cache. */
  gtk_widget_set_state_flags (GTK_WIDGET (chart), GTK_STATE_FLAG_BACKDROP, FALSE);
  vigil_widget_test_wait_frames (GTK_WIDGET (chart), 2);
  gtk_widget_unset_state_flags (GTK_WIDGET (chart), GTK_STATE_FLAG_BACKDROP);
  vigil_widget_test_wait_frames (GTK_WIDGET (chart), 2);
  g_assert_cmpuint (vigil_trend_chart_get_static_build_count (chart), ==, builds);

  /* A style change re-reads the named colours: here a clinic stylesheet
   * turns the grid red for charts with its class. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
    g_autoptr(GdkTexture) texture = NULL;
    g_autoptr(VigilPixels) pixels = NULL;
    GdkDisplay *display = gdk_display_get_default ();
    graphene_rect_t plot;

    gtk_css_provider_load_from_data (provider,
                                     "@define-color vigil_chart_grid #ff0000;"
                                     "vigil-trend-chart.clinic { color: #ffffff; }",
                                     -1);
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_USER);
    gtk_widget_add_css_class (GTK_WIDGET (chart), "clinic");
    vigil_widget_test_wait_frames (GTK_WIDGET (chart), 2);
    g_assert_cmpuint (vigil_trend_chart_get_static_build_count (chart), ==, builds + 1);

    texture = vigil_widget_test_screenshot (GTK_WIDGET (chart));
    pixels = vigil_pixels_new (texture);
    g_assert_true (vigil_trend_chart_get_plot_area (chart, LANE_SPO2, &plot));
    g_assert_cmpuint (vigil_pixels_count (pixels, &plot, is_red), >, 500);

    gtk_widget_remove_css_class (GTK_WIDGET (chart), "clinic");
    gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (provider));
    vigil_widget_test_wait_frames (GTK_WIDGET (chart), 2);
    builds = vigil_trend_chart_get_static_build_count (chart);
  }
  frames = vigil_trend_chart_get_snapshot_count (chart);

  /* So does a window change; the grid and labels are kept. */
  vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_4_HOURS);
  vigil_widget_test_wait_frames (GTK_WIDGET (chart), 3);
  g_assert_cmpuint (vigil_trend_chart_get_snapshot_count (chart), >, frames);
  g_assert_cmpuint (vigil_trend_chart_get_static_build_count (chart), ==, builds);

  /* A new size rebuilds the static layer. */
  gtk_widget_set_size_request (GTK_WIDGET (chart), CHART_WIDTH - 200, CHART_HEIGHT - 100);
  gtk_window_set_default_size (GTK_WINDOW (window), CHART_WIDTH - 200, CHART_HEIGHT - 100);
  while (gtk_widget_get_width (GTK_WIDGET (chart)) != CHART_WIDTH - 200)
    vigil_widget_test_wait_frames (GTK_WIDGET (chart), 1);
  g_assert_cmpuint (vigil_trend_chart_get_static_build_count (chart), >, builds);

  gtk_window_destroy (GTK_WINDOW (window));
  stores_clear (&stores);
}

/* A wave steep enough to need the neighbour reach (a 90 s period, ±50
 * over a 0–200 lane), sampled every @step_us from before the 15-minute
 * window to now. The sample after DROPOUT_US comes DROPOUT_GAP_US later,
 * under the join time (MAX_JOIN_US, 10 s), so the line goes on across it;
 * between LOW_GAP_START and LOW_GAP_END there is nothing but LONE_US, a
 * minute from either side, so it is a lone sample and the rest a real gap. */
#define DROPOUT_US     (NOW_US - 12 * MINUTE_US)
#define DROPOUT_GAP_US (9 * SECOND_US)
#define LOW_GAP_START  (NOW_US - 8 * MINUTE_US)
#define LOW_GAP_END    (NOW_US - 6 * MINUTE_US)
#define LONE_US        (NOW_US - 7 * MINUTE_US)
#define LONE_VALUE     150.0

static double
wave_at (gint64 time_us)
{
  return 100.0 + 50.0 * sin (2.0 * G_PI * (double) (time_us - NOW_US) / (90.0 * SECOND_US));
}

static void
wave_fill (VigilTrendStore *store,
           gint64           step_us)
{
  for (gint64 t = NOW_US - 16 * MINUTE_US; t <= NOW_US; t += t == DROPOUT_US ? DROPOUT_GAP_US : step_us)
    {
      if (t > LOW_GAP_START && t < LOW_GAP_END)
        {
          /* Only the lone sample, instead of the first one due at or
           * after its time. */
          if (t - step_us < LONE_US && t >= LONE_US)
            vigil_trend_store_append (store, LONE_US, LONE_VALUE);
          continue;
        }
      vigil_trend_store_append (store, t, wave_at (t));
    }
}

static guint32
pixel_at (VigilPixels *pixels,
          int          x,
          int          y)
{
  return *(const guint32 *) (pixels->data + y * pixels->stride + x * 4) & 0xffffff;
}

static gboolean
pixel_is_green_at (VigilPixels *pixels,
                   int          x,
                   int          y)
{
  guint32 rgb = pixel_at (pixels, x, y);

  return vigil_pixel_is_green ((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
}

/* The green pixels of column @x between @y0 and @y1: FALSE if there are
 * none or they are not one unbroken run; else the run in *top, *bottom. */
static gboolean
green_run (VigilPixels *pixels,
           int          x,
           int          y0,
           int          y1,
           int         *top,
           int         *bottom)
{
  guint count = 0;

  *top = G_MAXINT;
  *bottom = -1;
  for (int y = y0; y < y1; y++)
    if (pixel_is_green_at (pixels, x, y))
      {
        *top = MIN (*top, y);
        *bottom = MAX (*bottom, y);
        count++;
      }

  return count > 0 && count == (guint) (*bottom - *top + 1);
}

/* From @x0 to @x1 (inclusive) the trace is one connected line: every
 * column has one run of trace, touching the run of the column before. */
static void
assert_continuous (VigilPixels           *pixels,
                   const graphene_rect_t *plot,
                   int                    x0,
                   int                    x1)
{
  int y0 = (int) plot->origin.y;
  int y1 = (int) (plot->origin.y + plot->size.height);
  int prev_top = -1, prev_bottom = -1;

  g_assert_cmpint (x0, <, x1);
  for (int x = x0; x <= x1; x++)
    {
      int top, bottom;

      if (!green_run (pixels, x, y0, y1, &top, &bottom))
        g_error ("Trace broken in column %d", x);
      if (x > x0 && (top > prev_bottom + 1 || bottom < prev_top - 1))
        g_error ("Trace of column %d (%d–%d) does not touch column %d (%d–%d)",
                 x, top, bottom, x - 1, prev_top, prev_bottom);
      prev_top = top;
      prev_bottom = bottom;
    }
}

static gboolean
is_tinted_green (guint8 r, guint8 g, guint8 b)
{
  return g >= r + 24 && g >= b + 16;
}

static void
test_low_density (void)
{
  /* 1 Hz as monitors send trends (0.76 samples per column at 1280 px, so
   * some columns are empty), and every 3 s (0.22 per column: runs of three
   * or four empty columns), still above the least drawn as columns. */
  static const struct {
    gint64      step_us;
    const char *basename;
  } densities[] = {
    { SECOND_US, "trend-chart-low-density-1s.png" },
    { 3 * SECOND_US, "trend-chart-low-density-3s.png" },
  };

  for (guint d = 0; d < G_N_ELEMENTS (densities); d++)
    {
      gint64 step_us = densities[d].step_us;
      VigilTrendStore *store = vigil_trend_store_new (VIGIL_TREND_STORE_DEFAULT_CAPACITY);
      VigilTrendChart *chart = VIGIL_TREND_CHART (vigil_trend_chart_new ());
      g_autoptr(VigilPixels) pixels = NULL;
      GtkWidget *window;
      graphene_rect_t plot, band;
      int left, right, lone_x, lone_y;
      int dot_columns = 0;
      guint32 trace_rgb = 0;
      guint exact = 0;

      wave_fill (store, step_us);
      vigil_trend_chart_add_lane (chart, "Wave", "/min", 0, 200);
      vigil_trend_chart_add_line (chart, 0, store, NULL, "vigil_hr");
      vigil_trend_chart_set_end_time (chart, NOW_US);
      vigil_trend_chart_set_window (chart, VIGIL_TREND_WINDOW_15_MIN);
      window = show_chart (chart);

      pixels = render (chart, densities[d].basename);
      g_assert_true (vigil_trend_chart_get_plot_area (chart, 0, &plot));
      left = (int) plot.origin.x;
      right = (int) (plot.origin.x + plot.size.width) - 1;

      /* One line from the left edge (the data goes on before it) to the
       * gap, across the short dropout, and from the gap to the newest
       * sample: no dashes, however few samples a column gets. */
      assert_continuous (pixels, &plot, left,
                         (int) vigil_trend_chart_time_to_x (chart, LOW_GAP_START - step_us) - 1);
      assert_continuous (pixels, &plot,
                         (int) vigil_trend_chart_time_to_x (chart, LOW_GAP_END + step_us) + 1,
                         MIN (right, (int) vigil_trend_chart_time_to_x (chart, NOW_US - step_us) - 1));

      /* The real gap stays empty on both sides of the lone sample... */
      band = time_band (chart, 0, LOW_GAP_START, LONE_US, 4);
      g_assert_cmpuint (vigil_pixels_count (pixels, &band, vigil_pixel_is_green), ==, 0);
      band = time_band (chart, 0, LONE_US, LOW_GAP_END, 4);
      g_assert_cmpuint (vigil_pixels_count (pixels, &band, vigil_pixel_is_green), ==, 0);

      /* ...which shows as a dot at least as wide and as tall as the line,
       * where it belongs. */
      lone_x = (int) vigil_trend_chart_time_to_x (chart, LONE_US);
      lone_y = (int) round (vigil_trend_chart_value_to_y (chart, 0, LONE_VALUE));
      for (int x = lone_x - 3; x <= lone_x + 3; x++)
        {
          int top, bottom;

          if (!green_run (pixels, x, (int) plot.origin.y, (int) (plot.origin.y + plot.size.height),
                          &top, &bottom))
            continue;
          g_assert_cmpint (bottom - top + 1, >=, 2);
          g_assert_cmpint (top, <=, lone_y);
          g_assert_cmpint (bottom, >=, lone_y - 1);
          dot_columns++;
        }
      g_assert_cmpint (dot_columns, >=, 2);

      /* Crisp like the 1-hour view: whole-pixel columns, so every pixel of
       * the trace has exactly its colour, none is a blend. */
      for (int x = left; x <= right && trace_rgb == 0; x++)
        for (int y = (int) plot.origin.y; y < plot.origin.y + plot.size.height; y++)
          if (pixel_is_green_at (pixels, x, y))
            {
              trace_rgb = pixel_at (pixels, x, y);
              break;
            }
      for (int x = left; x <= right; x++)
        for (int y = (int) plot.origin.y; y < plot.origin.y + plot.size.height; y++)
          exact += pixel_at (pixels, x, y) == trace_rgb;
      g_assert_cmpuint (exact, >, 1000);
      g_assert_cmpuint (vigil_pixels_count (pixels, &plot, is_tinted_green), ==, exact);

      gtk_window_destroy (GTK_WINDOW (window));
      g_assert_finalize_object (store);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/trend-chart/finalize", test_finalize);
  g_test_add_func ("/vigil/trend-chart/range", test_range);
  g_test_add_func ("/vigil/trend-chart/render", test_render);
  g_test_add_func ("/vigil/trend-chart/low-density", test_low_density);
  g_test_add_func ("/vigil/trend-chart/redraw", test_redraw);

  return g_test_run ();
}
