/* test-window.c — the bedside window in demo mode, through the real path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Simulator → pty → device → monitor → a real window under a display. A
 * manual clock plays the scenario; every line still crosses a pty and the
 * main loop. The renderings are saved as PNG in the build directory and
 * checked from the widgets and from the pixels.
 */
#include <math.h>

#include "vigil-monitor-test.h"
#include "vigil-trend-chart.h"
#include "vigil-vital-tile.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

typedef struct
{
  VigilMonitorTest  base;
  VigilMonitor     *monitor;
  GSettings        *settings;
  VigilWindow      *window;
} Fixture;

static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  vigil_monitor_test_run (&fixture->base, seconds);
  vigil_window_refresh (fixture->window);
}

static void
fixture_set_up (Fixture    *fixture,
                const char *scenario)
{
  vigil_monitor_test_set_up (&fixture->base, scenario, 3);
  fixture->monitor = fixture->base.monitor;
  fixture->settings = g_settings_new (VIGIL_APP_ID);

  fixture->window = vigil_window_new (NULL, fixture->monitor, fixture->settings);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture)
{
  vigil_monitor_stop (fixture->monitor);
  /* The window goes with its last reference: proves nothing leaks it. */
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->settings);
  vigil_monitor_test_tear_down (&fixture->base);
}

static GdkTexture *
screenshot (Fixture    *fixture,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (fixture->window));
  vigil_widget_test_save (texture, basename);
  return texture;
}

static VigilVitalTile *
tile (Fixture        *fixture,
      VigilParameter  parameter)
{
  return VIGIL_VITAL_TILE (vigil_window_get_tile (fixture->window, parameter));
}

/* The rectangle of a lane's plot area, in window coordinates. */
static graphene_rect_t
plot_area (Fixture *fixture,
           guint    lane)
{
  GtkWidget *chart = vigil_window_get_chart (fixture->window);
  graphene_rect_t area;
  graphene_point_t origin;

  g_assert_true (vigil_trend_chart_get_plot_area (VIGIL_TREND_CHART (chart), lane, &area));
  g_assert_true (gtk_widget_compute_point (chart, GTK_WIDGET (fixture->window),
                                           &area.origin, &origin));
  area.origin = origin;
  return area;
}

static graphene_rect_t
widget_area (Fixture   *fixture,
             GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->window), &bounds));
  return bounds;
}

static gboolean
is_amber (guint8 r,
          guint8 g,
          guint8 b)
{
  return r > 200 && g > 140 && g < 215 && b < 80;
}

/* Twenty minutes of the normal scenario: the tiles show exactly the
 * simulated values, live; the chart has drawn the HR and SpO2 traces; the
 * SIMULATED mark is on screen. */
static void
test_demo_window (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  const VigilObservation *hr, *spo2, *nibp;
  g_autofree char *hr_text = NULL, *spo2_text = NULL, *nibp_text = NULL;
  graphene_rect_t area;

  fixture_set_up (&fixture, "normal");
  run_seconds (&fixture, 20 * 60);

  hr = vigil_monitor_get_latest (fixture.monitor, VIGIL_PARAMETER_HR);
  spo2 = vigil_monitor_get_latest (fixture.monitor, VIGIL_PARAMETER_SPO2);
  nibp = vigil_monitor_get_latest (fixture.monitor, VIGIL_PARAMETER_NIBP);
  g_assert_nonnull (hr);
  g_assert_nonnull (spo2);
  g_assert_nonnull (nibp);
  hr_text = g_strdup_printf ("%.0f", hr->value);
  spo2_text = g_strdup_printf ("%.0f", spo2->value);
  nibp_text = g_strdup_printf ("%.0f/%.0f", nibp->value, nibp->diastolic);

  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile (&fixture, VIGIL_PARAMETER_HR)), ==, hr_text);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile (&fixture, VIGIL_PARAMETER_SPO2)), ==, spo2_text);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile (&fixture, VIGIL_PARAMETER_NIBP)), ==, nibp_text);
  g_assert_cmpint (vigil_vital_tile_get_data_state (tile (&fixture, VIGIL_PARAMETER_HR)), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpint (vigil_vital_tile_get_data_state (tile (&fixture, VIGIL_PARAMETER_SPO2)), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpint (vigil_vital_tile_get_data_state (tile (&fixture, VIGIL_PARAMETER_NIBP)), ==, VIGIL_DATA_STATE_LIVE);
  /* Limits are the session's alarm limits (factory defaults here). */
  g_assert_cmpfloat (vigil_vital_tile_get_low_limit (tile (&fixture, VIGIL_PARAMETER_HR)), ==, 50);
  g_assert_cmpfloat (vigil_vital_tile_get_high_limit (tile (&fixture, VIGIL_PARAMETER_HR)), ==, 120);
  g_assert_nonnull (strstr (vigil_window_get_device_status_text (fixture.window), "receiving"));

  texture = screenshot (&fixture, "window-demo.png");
  pixels = vigil_pixels_new (texture);

  /* Traces: HR green in lane 0, SpO2 cyan in lane 1, NIBP white in lane 2. */
  area = plot_area (&fixture, 0);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_green), >, 300);
  area = plot_area (&fixture, 1);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), >, 300);
  area = plot_area (&fixture, 2);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), >, 20);

  /* The tiles are in their parameter colours. */
  area = widget_area (&fixture, GTK_WIDGET (tile (&fixture, VIGIL_PARAMETER_HR)));
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_green), >, 500);
  area = widget_area (&fixture, GTK_WIDGET (tile (&fixture, VIGIL_PARAMETER_SPO2)));
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), >, 500);

  /* Demo mode is marked on screen, in amber. */
  area = GRAPHENE_RECT_INIT (0, 0, gdk_texture_get_width (texture), 120);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, is_amber), >, 200);

  fixture_tear_down (&fixture);
}

/* A pulled cable greys the numbers at once and blanks them once they are
 * too old; the chart keeps the gap; the strip says what happened. */
static void
test_cable_pulled_window (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) live = NULL;
  g_autoptr(GdkTexture) stale = NULL;
  g_autoptr(GdkTexture) absent = NULL;
  g_autoptr(VigilPixels) live_pixels = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  VigilVitalTile *hr_tile;
  graphene_rect_t area;
  guint live_green;

  fixture_set_up (&fixture, "cable-pulled");
  vigil_monitor_set_absent_after (fixture.monitor, 20 * G_USEC_PER_SEC);
  hr_tile = tile (&fixture, VIGIL_PARAMETER_HR);
  area = widget_area (&fixture, GTK_WIDGET (hr_tile));

  run_seconds (&fixture, 110);
  g_assert_cmpint (vigil_vital_tile_get_data_state (hr_tile), ==, VIGIL_DATA_STATE_LIVE);
  live = screenshot (&fixture, "window-cable-live.png");
  live_pixels = vigil_pixels_new (live);
  live_green = vigil_pixels_count (live_pixels, &area, vigil_pixel_is_green);

  run_seconds (&fixture, 13);
  g_assert_cmpint (vigil_vital_tile_get_data_state (hr_tile), ==, VIGIL_DATA_STATE_STALE);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (hr_tile), !=, "---");
  g_assert_cmpint (vigil_vital_tile_get_data_state (tile (&fixture, VIGIL_PARAMETER_NIBP)), ==, VIGIL_DATA_STATE_STALE);
  g_assert_nonnull (strstr (vigil_window_get_device_status_text (fixture.window), "not connected"));
  stale = screenshot (&fixture, "window-cable-pulled-stale.png");
  pixels = vigil_pixels_new (stale);
  /* Greyed: the big number has lost its live green; only the label and
   * the limits keep the parameter colour. */
  g_test_message ("HR tile green pixels: live %u, stale %u", live_green,
                  vigil_pixels_count (pixels, &area, vigil_pixel_is_green));
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_green), <, live_green / 3);

  run_seconds (&fixture, 20);
  g_assert_cmpint (vigil_vital_tile_get_data_state (hr_tile), ==, VIGIL_DATA_STATE_ABSENT);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (hr_tile), ==, "---");
  absent = screenshot (&fixture, "window-cable-pulled-absent.png");

  run_seconds (&fixture, 20);
  g_assert_cmpint (vigil_vital_tile_get_data_state (hr_tile), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_nonnull (strstr (vigil_window_get_device_status_text (fixture.window), "receiving"));

  fixture_tear_down (&fixture);
}

/* The trend window buttons are one stateful action; the choice is kept. */
static void
test_trend_window_action (void)
{
  Fixture fixture = { 0 };
  VigilTrendChart *chart;
  g_autofree char *saved = NULL;

  fixture_set_up (&fixture, "normal");
  chart = VIGIL_TREND_CHART (vigil_window_get_chart (fixture.window));
  g_assert_cmpint (vigil_trend_chart_get_window (chart), ==, VIGIL_TREND_WINDOW_15_MIN);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.trend-window", "s", "1h"));
  g_assert_cmpint (vigil_trend_chart_get_window (chart), ==, VIGIL_TREND_WINDOW_1_HOUR);
  saved = g_settings_get_string (fixture.settings, "trend-window");
  g_assert_cmpstr (saved, ==, "1h");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.trend-window", "s", "session"));
  g_assert_cmpint (vigil_trend_chart_get_window (chart), ==, VIGIL_TREND_WINDOW_SESSION);
  g_settings_set_string (fixture.settings, "trend-window", "15min");

  fixture_tear_down (&fixture);
}

static void
load_app_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the window tests\n");
      return VIGIL_TEST_SKIP;
    }
  load_app_style ();

  g_test_add_func ("/vigil/window/demo", test_demo_window);
  g_test_add_func ("/vigil/window/cable-pulled", test_cable_pulled_window);
  g_test_add_func ("/vigil/window/trend-window-action", test_trend_window_action);

  return g_test_run ();
}
