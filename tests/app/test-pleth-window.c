/* test-pleth-window.c — the pleth strip in the bedside window, from a Nonin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real path: the Nonin simulator writes data format 7 frames into a
 * pty, a VigilDevice parses them, the monitor emits "waveform" for every
 * pleth point and the window draws them. A manual clock plays the
 * scenario "cable-pulled": the cable is pulled at 2:00 for 30 s, so the
 * strip shows, hides 5 s after the last point, and shows again when the
 * cable is back. The window stays 1280×800 with the strip shown (demo
 * banner included). The renderings are saved as PNG in the build
 * directory.
 */
#include <math.h>

#include "vigil-monitor.h"
#include "vigil-pleth-strip.h"
#include "vigil-pleth-strip-private.h"
#include "vigil-waveform-sample.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

/* 2026-11-28 08:00 UTC */
#define WALL_START_US ((gint64) 1795852800 * G_USEC_PER_SEC)

typedef struct
{
  VigilClock   *clock;
  VigilMonitor *monitor;
  GSettings    *settings;
  VigilWindow  *window;
  guint         n_waveform;
  guint         n_observations;
} Fixture;

static void
on_waveform (VigilMonitor              *monitor,
             VigilDevice               *device,
             const VigilWaveformSample *sample,
             Fixture                   *fixture)
{
  fixture->n_waveform++;
}

static void
on_observation (VigilMonitor           *monitor,
                const VigilObservation *observation,
                Fixture                *fixture)
{
  fixture->n_observations++;
}

static gboolean
guard_fired (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* One second of the clock at a time; after each, the main loop reads what
 * the simulator wrote (up to 200 ms of real time when data is due). */
static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      guint before = fixture->n_waveform + fixture->n_observations;
      gboolean timed_out = FALSE;
      guint guard;

      vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
      guard = g_timeout_add (200, guard_fired, &timed_out);
      while (fixture->n_waveform + fixture->n_observations == before && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (guard);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  vigil_window_refresh (fixture->window);
}

static void
fixture_set_up (Fixture    *fixture,
                const char *scenario)
{
  g_autoptr(GError) error = NULL;

  fixture->clock = vigil_clock_new_manual (WALL_START_US);
  fixture->monitor = vigil_monitor_new (fixture->clock);
  g_signal_connect (fixture->monitor, "waveform", G_CALLBACK (on_waveform), fixture);
  g_signal_connect (fixture->monitor, "observation", G_CALLBACK (on_observation), fixture);
  g_assert_true (vigil_monitor_start_demo_device (fixture->monitor, "nonin", scenario, 7, &error));
  g_assert_no_error (error);

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
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->settings);
  g_signal_handlers_disconnect_by_data (fixture->monitor, fixture);
  g_assert_finalize_object (fixture->monitor);
  g_assert_finalize_object (fixture->clock);
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

static graphene_rect_t
widget_area (Fixture   *fixture,
             GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->window), &bounds));
  return bounds;
}

static void
assert_inside_window (Fixture   *fixture,
                      GtkWidget *widget)
{
  graphene_rect_t area = widget_area (fixture, widget);

  g_assert_cmpfloat (area.origin.x, >=, 0);
  g_assert_cmpfloat (area.origin.y, >=, 0);
  g_assert_cmpfloat (area.origin.x + area.size.width, <=, 1280);
  g_assert_cmpfloat (area.origin.y + area.size.height, <=, 800);
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

static void
test_pleth_strip_follows_waveform (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) hidden = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  VigilPlethStrip *strip;
  GtkWidget *strip_widget;
  graphene_rect_t area;
  guint cyan;

  fixture_set_up (&fixture, "cable-pulled");
  strip_widget = vigil_window_get_pleth_strip (fixture.window);
  strip = VIGIL_PLETH_STRIP (strip_widget);

  /* No waveform yet: no strip. */
  g_assert_false (gtk_widget_get_visible (strip_widget));

  run_seconds (&fixture, 20);
  g_test_message ("%u waveform samples in 20 s", fixture.n_waveform);
  g_assert_cmpuint (fixture.n_waveform, >=, 19 * 75);
  g_assert_true (gtk_widget_get_visible (strip_widget));
  g_assert_cmpfloat (vigil_pleth_strip_get_rate_hz (strip), ==, 75.0);
  g_assert_true (vigil_pleth_strip_has_signal (strip));
  g_assert_cmpuint (vigil_pleth_strip_get_n_samples (strip), >, 5 * 75);

  texture = screenshot (&fixture, "window-pleth.png");
  pixels = vigil_pixels_new (texture);

  /* Still 1280×800, with the strip and every tile on screen. */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1280);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 800);
  assert_inside_window (&fixture, strip_widget);
  assert_inside_window (&fixture, vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_HR));
  assert_inside_window (&fixture, vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_SPO2));
  assert_inside_window (&fixture, vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_NIBP));
  area = widget_area (&fixture, strip_widget);
  g_assert_cmpfloat (area.size.height, >=, 100);
  {
    graphene_rect_t chart = widget_area (&fixture, vigil_window_get_chart (fixture.window));
    graphene_rect_t nibp = widget_area (&fixture, vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_NIBP));

    /* Under the trends, as wide as they are, level with the bottom tile. */
    g_assert_cmpfloat (area.origin.y, >=, chart.origin.y + chart.size.height);
    g_assert_cmpfloat (area.size.width, >=, chart.size.width - 1);
    g_assert_cmpfloat (fabs ((area.origin.y + area.size.height) - (nibp.origin.y + nibp.size.height)), <, 2);
  }

  /* The trace is drawn, in the pleth colour, in the strip. */
  cyan = vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan);
  g_test_message ("Pleth strip: %u cyan pixels", cyan);
  g_assert_cmpuint (cyan, >, 400);

  /* The cable is pulled at 2:00: the waveform stops, and 5 s later the
   * strip goes. */
  run_seconds (&fixture, 100);
  g_assert_true (gtk_widget_get_visible (strip_widget));
  run_seconds (&fixture, 4);
  g_assert_true (gtk_widget_get_visible (strip_widget));
  run_seconds (&fixture, 3);
  g_assert_false (gtk_widget_get_visible (strip_widget));
  g_assert_cmpuint (vigil_pleth_strip_get_n_samples (strip), ==, 0);
  hidden = screenshot (&fixture, "window-pleth-hidden.png");

  /* Plugged back at 2:30: it shows again. */
  run_seconds (&fixture, 35);
  g_assert_true (gtk_widget_get_visible (strip_widget));
  g_assert_true (vigil_pleth_strip_has_signal (strip));

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the pleth window test\n");
      return VIGIL_TEST_SKIP;
    }
  load_app_style ();

  g_test_add_func ("/vigil/window/pleth-strip", test_pleth_strip_follows_waveform);

  return g_test_run ();
}
