/* test-pleth-strip.c — VigilPlethStrip: sweep, erase bar, gaps, scale, redraws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case pushes a known waveform, renders the strip as it is on screen,
 * saves the PNG in the build's tests dir and checks the pixels: the trace
 * is in the columns and at the heights the data puts it, the erase bar
 * ahead of the write position is blank, a NAN stretch is a gap.
 */

#include <math.h>

#include "vigil-pleth-strip.h"
#include "vigil-pleth-strip-private.h"
#include "vigil-widget-test.h"

#define SECOND_US  ((gint64) G_USEC_PER_SEC)
#define START_US   ((gint64) 5000 * SECOND_US)   /* an arbitrary monotonic time */
#define RATE_HZ    75.0

#define STRIP_WIDTH  612
#define STRIP_HEIGHT 140

/* Columns this close to an edge of a checked region are left out: the
 * 2 px line and its anti-aliasing reach a pixel or two across. */
#define EDGE_PX 4

typedef double (*WaveFunc) (double seconds);

typedef struct
{
  GtkWidget       *window;
  VigilPlethStrip *strip;
  guint            n_pushed;
} Fixture;

static void
fixture_set_up (Fixture *fixture,
                double   rate_hz)
{
  fixture->strip = VIGIL_PLETH_STRIP (vigil_pleth_strip_new ());
  vigil_pleth_strip_set_rate_hz (fixture->strip, rate_hz);

  fixture->window = gtk_window_new ();
  gtk_widget_add_css_class (fixture->window, "vigil-test");
  gtk_widget_set_size_request (GTK_WIDGET (fixture->strip), STRIP_WIDTH, STRIP_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->strip));
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->strip));
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_object_ref (fixture->strip);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->strip);
}

/* Pushes @seconds of @wave at @rate_hz, stamped the way a serial device
 * stamps them: a whole burst of 25 samples with the burst's arrival time. */
static void
push_wave (Fixture  *fixture,
           double    rate_hz,
           double    seconds,
           WaveFunc  wave)
{
  guint n = (guint) llround (seconds * rate_hz);

  for (guint i = 0; i < n; i++)
    {
      guint k = fixture->n_pushed + i;
      gint64 burst_us = START_US + (gint64) ((k / 25) * 25 * G_USEC_PER_SEC / rate_hz);

      vigil_pleth_strip_push (fixture->strip, wave (k / rate_hz), burst_us);
    }
  fixture->n_pushed += n;
}

/* The strip's own time of the sample pushed as number @k. */
static gint64
sample_time (double rate_hz,
             guint  k)
{
  return START_US + (gint64) llround (k * G_USEC_PER_SEC / rate_hz);
}

/* Widget (content box) coordinates → screenshot (border box) pixels. */
static graphene_point_t
shot_offset (VigilPlethStrip *strip)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (strip), GTK_WIDGET (strip), &bounds));
  return GRAPHENE_POINT_INIT (-bounds.origin.x, -bounds.origin.y);
}

static graphene_rect_t
plot_in_shot (VigilPlethStrip *strip)
{
  graphene_rect_t plot;
  graphene_point_t offset = shot_offset (strip);

  g_assert_true (vigil_pleth_strip_get_plot_area (strip, &plot));
  plot.origin.x += offset.x;
  plot.origin.y += offset.y;
  return plot;
}

/* The full height of the plot between two widget x coordinates, shrunk by
 * EDGE_PX at both ends, in screenshot pixels. */
static graphene_rect_t
columns (VigilPlethStrip *strip,
         double           x0,
         double           x1)
{
  graphene_rect_t plot = plot_in_shot (strip);
  graphene_point_t offset = shot_offset (strip);

  g_assert_cmpfloat (x1 - x0, >, 2 * EDGE_PX);
  return GRAPHENE_RECT_INIT (x0 + offset.x + EDGE_PX, plot.origin.y,
                             x1 - x0 - 2 * EDGE_PX, plot.size.height);
}

/* A band of ±@half px around widget y @y, between x0 and x1. */
static graphene_rect_t
band (VigilPlethStrip *strip,
      double           x0,
      double           x1,
      double           y,
      double           half)
{
  graphene_point_t offset = shot_offset (strip);

  return GRAPHENE_RECT_INIT (x0 + offset.x + EDGE_PX, y + offset.y - half,
                             x1 - x0 - 2 * EDGE_PX, 2 * half);
}

static VigilPixels *
render (Fixture    *fixture,
        const char *basename)
{
  g_autoptr(GdkTexture) texture = NULL;

  vigil_widget_test_wait_frames (GTK_WIDGET (fixture->strip), 2);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (fixture->strip));
  vigil_widget_test_save (texture, basename);
  return vigil_pixels_new (texture);
}

/* 0.5 s low (0.2), 0.5 s high (0.8): a square wave whose halves are easy
 * to find on screen. */
static double
square_wave (double seconds)
{
  return fmod (seconds, 1.0) < 0.5 ? 0.2 : 0.8;
}

/* A pleth-like pulse at 72/min between 0.3 and 0.7. */
static double
pulse_wave (double seconds)
{
  double phase = fmod (seconds * 1.2, 1.0);

  return 0.3 + 0.4 * (phase < 0.25 ? sin (phase / 0.25 * G_PI / 2) : exp (-(phase - 0.25) * 4.0));
}

static double
nan_wave (double seconds)
{
  return NAN;
}

/* Between 1.5 s and 2.5 s the sensor is off the finger. */
static double
dropout_wave (double seconds)
{
  return seconds >= 1.5 && seconds < 2.5 ? NAN : pulse_wave (seconds);
}

/* A weak signal: 0.45 .. 0.55. */
static double
weak_wave (double seconds)
{
  return 0.5 + 0.05 * sin (seconds * 2 * G_PI * 1.2);
}

static void
test_finalize (void)
{
  VigilPlethStrip *strip = g_object_ref_sink (VIGIL_PLETH_STRIP (vigil_pleth_strip_new ()));

  g_assert_cmpstr (vigil_pleth_strip_get_title (strip), ==, "Pleth");
  g_assert_false (vigil_pleth_strip_has_signal (strip));
  g_assert_cmpint (vigil_pleth_strip_get_sweep_duration (strip), ==, 6 * SECOND_US);
  g_assert_cmpint (vigil_pleth_strip_get_erase_duration (strip), ==, SECOND_US / 5);
  vigil_pleth_strip_push (strip, 0.5, START_US);
  g_assert_true (vigil_pleth_strip_has_signal (strip));
  g_assert_finalize_object (strip);
}

/* Empty: "No signal" in grey in the middle of the plot, no trace. */
static void
test_no_signal (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilPixels) pixels = NULL;
  graphene_rect_t plot;
  guint grey;

  fixture_set_up (&fixture, RATE_HZ);
  pixels = render (&fixture, "pleth-strip-no-signal.png");
  plot = plot_in_shot (fixture.strip);

  grey = vigil_pixels_count (pixels, &plot, vigil_pixel_is_grey_text);
  g_test_message ("No signal: %u grey text pixels", grey);
  g_assert_cmpuint (grey, >, 100);
  g_assert_cmpuint (vigil_pixels_count (pixels, &plot, vigil_pixel_is_cyan), ==, 0);

  fixture_tear_down (&fixture);
}

/* Four seconds of a square wave on a six-second sweep: each half period
 * is drawn where its time puts it and at its height, nothing is drawn
 * right of the write position, and "No signal" is gone. */
static void
test_trace (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilPixels) pixels = NULL;
  VigilPlethStrip *strip;
  graphene_rect_t plot, area;
  double y_low, y_high, write_x;

  fixture_set_up (&fixture, RATE_HZ);
  strip = fixture.strip;
  push_wave (&fixture, RATE_HZ, 4.0, square_wave);
  g_assert_true (vigil_pleth_strip_has_signal (strip));
  pixels = render (&fixture, "pleth-strip-trace.png");
  plot = plot_in_shot (strip);

  /* Sample times are spaced by the rate, not by the bursts' host times. */
  write_x = vigil_pleth_strip_get_write_x (strip);
  g_assert_cmpfloat_with_epsilon (write_x,
                                  vigil_pleth_strip_time_to_x (strip, sample_time (RATE_HZ, 299)),
                                  0.01);
  g_assert_cmpfloat_with_epsilon (vigil_pleth_strip_time_to_x (strip, START_US), plot.origin.x - shot_offset (strip).x, 0.01);
  {
    graphene_rect_t widget_plot;

    g_assert_true (vigil_pleth_strip_get_plot_area (strip, &widget_plot));
    g_assert_cmpfloat_with_epsilon (write_x, widget_plot.origin.x + widget_plot.size.width * 299.0 / 450.0, 0.5);
  }

  /* Autoscaled: 0.2 near the bottom of the plot, 0.8 near its top. */
  y_low = vigil_pleth_strip_value_to_y (strip, 0.2);
  y_high = vigil_pleth_strip_value_to_y (strip, 0.8);
  g_assert_cmpfloat (y_high, <, y_low);
  g_assert_cmpfloat (y_low - y_high, >, plot.size.height * 0.7);

  for (guint half = 0; half < 8; half++)
    {
      double x0 = vigil_pleth_strip_time_to_x (strip, START_US + half * SECOND_US / 2);
      double x1 = vigil_pleth_strip_time_to_x (strip, START_US + (half + 1) * SECOND_US / 2 - SECOND_US / RATE_HZ);
      gboolean high = half % 2 == 1;
      guint on, off;

      area = band (strip, x0, x1, high ? y_high : y_low, 3);
      on = vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan);
      area = band (strip, x0, x1, high ? y_low : y_high, 3);
      off = vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan);
      g_test_message ("Half %u (%s): %u px on its level, %u on the other", half, high ? "high" : "low", on, off);
      /* A 2 px line across the whole half period. */
      g_assert_cmpuint (on, >=, (guint) (x1 - x0 - 2 * EDGE_PX) * 2 - 4);
      g_assert_cmpuint (off, ==, 0);
    }

  /* Nothing was ever written right of the write position. */
  area = columns (strip, write_x, plot.origin.x - shot_offset (strip).x + plot.size.width);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), ==, 0);

  /* "No signal" is gone. */
  g_assert_cmpuint (vigil_pixels_count (pixels, &plot, vigil_pixel_is_grey_text), <, 20);

  fixture_tear_down (&fixture);
}

/* Eight seconds on a six-second sweep: the trace has wrapped; the erase
 * bar right of the write position is blank, the previous pass continues
 * after it, the new pass is left of the write position. */
static void
test_erase_bar (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilPixels) pixels = NULL;
  VigilPlethStrip *strip;
  graphene_rect_t widget_plot, area;
  double write_x, gap_px;
  guint before, gap, after;

  fixture_set_up (&fixture, RATE_HZ);
  strip = fixture.strip;
  push_wave (&fixture, RATE_HZ, 8.0, pulse_wave);
  pixels = render (&fixture, "pleth-strip-erase.png");
  g_assert_true (vigil_pleth_strip_get_plot_area (strip, &widget_plot));

  /* One sweep's worth of samples is kept, no more. */
  g_assert_cmpuint (vigil_pleth_strip_get_n_samples (strip), <=, 6 * RATE_HZ + 1);

  write_x = vigil_pleth_strip_get_write_x (strip);
  g_assert_cmpfloat_with_epsilon (write_x, widget_plot.origin.x + widget_plot.size.width * (599.0 - 450.0) / 450.0, 0.5);
  gap_px = widget_plot.size.width * vigil_pleth_strip_get_erase_duration (strip) / (6.0 * SECOND_US);
  g_assert_cmpfloat (gap_px, >, 2 * EDGE_PX + 4);

  area = columns (strip, write_x - 60, write_x);
  before = vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan);
  area = columns (strip, write_x, write_x + gap_px);
  gap = vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan);
  area = columns (strip, write_x + gap_px, write_x + gap_px + 60);
  after = vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan);
  g_test_message ("Cyan pixels: %u before the write position, %u in the erase bar, %u after it",
                  before, gap, after);
  g_assert_cmpuint (before, >, 100);
  g_assert_cmpuint (gap, ==, 0);
  g_assert_cmpuint (after, >, 100);

  /* The bar moves with the sweep: a second later it is 1/6 further on,
   * and where it was there is new trace. */
  push_wave (&fixture, RATE_HZ, 1.0, pulse_wave);
  g_clear_pointer (&pixels, vigil_pixels_free);
  pixels = render (&fixture, "pleth-strip-erase-later.png");
  area = columns (strip, write_x, write_x + gap_px);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), >, 20);
  write_x = vigil_pleth_strip_get_write_x (strip);
  area = columns (strip, write_x, write_x + gap_px);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), ==, 0);

  fixture_tear_down (&fixture);
}

/* NAN leaves a gap, never a line across it; after two seconds of NAN the
 * strip says "No signal". */
static void
test_nan_gap (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilPixels) pixels = NULL;
  VigilPlethStrip *strip;
  graphene_rect_t plot, area;
  double gap_x0, gap_x1;

  fixture_set_up (&fixture, RATE_HZ);
  strip = fixture.strip;
  push_wave (&fixture, RATE_HZ, 4.0, dropout_wave);
  g_assert_true (vigil_pleth_strip_has_signal (strip));
  pixels = render (&fixture, "pleth-strip-gap.png");
  plot = plot_in_shot (strip);

  gap_x0 = vigil_pleth_strip_time_to_x (strip, START_US + 3 * SECOND_US / 2);
  gap_x1 = vigil_pleth_strip_time_to_x (strip, START_US + 5 * SECOND_US / 2);
  area = columns (strip, gap_x0, gap_x1);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), ==, 0);
  area = columns (strip, gap_x0 - 50, gap_x0);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), >, 50);
  area = columns (strip, gap_x1, gap_x1 + 50);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), >, 50);
  g_assert_cmpuint (vigil_pixels_count (pixels, &plot, vigil_pixel_is_grey_text), <, 20);

  /* The sensor comes off for good. */
  push_wave (&fixture, RATE_HZ, 1.9, nan_wave);
  g_assert_true (vigil_pleth_strip_has_signal (strip));
  push_wave (&fixture, RATE_HZ, 0.2, nan_wave);
  g_assert_false (vigil_pleth_strip_has_signal (strip));
  g_clear_pointer (&pixels, vigil_pixels_free);
  pixels = render (&fixture, "pleth-strip-gap-no-signal.png");
  g_assert_cmpuint (vigil_pixels_count (pixels, &plot, vigil_pixel_is_grey_text), >, 100);

  /* clear() starts again at the left edge. */
  vigil_pleth_strip_clear (strip);
  g_assert_cmpuint (vigil_pleth_strip_get_n_samples (strip), ==, 0);
  g_assert_true (isnan (vigil_pleth_strip_get_write_x (strip)));
  vigil_pleth_strip_push (strip, 0.5, START_US + 60 * SECOND_US);
  g_assert_cmpfloat_with_epsilon (vigil_pleth_strip_get_write_x (strip),
                                  plot.origin.x - shot_offset (strip).x, 0.01);

  fixture_tear_down (&fixture);
}

/* A weak signal (0.45 .. 0.55) still fills most of the strip's height. */
static void
test_autoscale (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilPixels) pixels = NULL;
  graphene_rect_t plot, top, bottom;

  fixture_set_up (&fixture, RATE_HZ);
  push_wave (&fixture, RATE_HZ, 4.0, weak_wave);
  pixels = render (&fixture, "pleth-strip-weak.png");
  plot = plot_in_shot (fixture.strip);

  top = GRAPHENE_RECT_INIT (plot.origin.x, plot.origin.y, plot.size.width, plot.size.height * 0.2);
  bottom = GRAPHENE_RECT_INIT (plot.origin.x, plot.origin.y + plot.size.height * 0.8,
                               plot.size.width, plot.size.height * 0.2);
  g_assert_cmpuint (vigil_pixels_count (pixels, &top, vigil_pixel_is_cyan), >, 20);
  g_assert_cmpuint (vigil_pixels_count (pixels, &bottom, vigil_pixel_is_cyan), >, 20);

  fixture_tear_down (&fixture);
}

/* 500 Hz: more than two samples per column, so each column is a min/max
 * bar; the square wave is still where it belongs. */
static void
test_dense (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilPixels) pixels = NULL;
  VigilPlethStrip *strip;
  graphene_rect_t area;
  double y_low, y_high;

  fixture_set_up (&fixture, 500.0);
  strip = fixture.strip;
  push_wave (&fixture, 500.0, 4.0, square_wave);
  pixels = render (&fixture, "pleth-strip-dense.png");
  y_low = vigil_pleth_strip_value_to_y (strip, 0.2);
  y_high = vigil_pleth_strip_value_to_y (strip, 0.8);

  for (guint half = 0; half < 8; half++)
    {
      double x0 = vigil_pleth_strip_time_to_x (strip, START_US + half * SECOND_US / 2);
      double x1 = vigil_pleth_strip_time_to_x (strip, START_US + (half + 1) * SECOND_US / 2 - SECOND_US / 500);
      gboolean high = half % 2 == 1;

      area = band (strip, x0, x1, high ? y_high : y_low, 3);
      g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), >=, (guint) (x1 - x0 - 2 * EDGE_PX) * 2 - 4);
      area = band (strip, x0, x1, high ? y_low : y_high, 3);
      g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), ==, 0);
    }

  fixture_tear_down (&fixture);
}

/* Samples never draw by themselves: a frame picks up all that arrived
 * since the last one, and with nothing new the strip is not redrawn. */
static void
test_frame_rate (void)
{
  Fixture fixture = { 0 };
  guint frames;

  fixture_set_up (&fixture, RATE_HZ);
  vigil_widget_test_wait_frames (GTK_WIDGET (fixture.strip), 2);
  frames = vigil_pleth_strip_get_snapshot_count (fixture.strip);

  vigil_widget_test_wait_frames (GTK_WIDGET (fixture.strip), 5);
  g_assert_cmpuint (vigil_pleth_strip_get_snapshot_count (fixture.strip), ==, frames);

  push_wave (&fixture, RATE_HZ, 2.0, pulse_wave);
  g_assert_cmpuint (vigil_pleth_strip_get_snapshot_count (fixture.strip), ==, frames);
  vigil_widget_test_wait_frames (GTK_WIDGET (fixture.strip), 3);
  g_test_message ("150 samples: %u frames drawn",
                  vigil_pleth_strip_get_snapshot_count (fixture.strip) - frames);
  g_assert_cmpuint (vigil_pleth_strip_get_snapshot_count (fixture.strip), >, frames);
  g_assert_cmpuint (vigil_pleth_strip_get_snapshot_count (fixture.strip), <=, frames + 2);

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/pleth-strip/finalize", test_finalize);
  g_test_add_func ("/vigil/pleth-strip/no-signal", test_no_signal);
  g_test_add_func ("/vigil/pleth-strip/trace", test_trace);
  g_test_add_func ("/vigil/pleth-strip/erase-bar", test_erase_bar);
  g_test_add_func ("/vigil/pleth-strip/nan-gap", test_nan_gap);
  g_test_add_func ("/vigil/pleth-strip/autoscale", test_autoscale);
  g_test_add_func ("/vigil/pleth-strip/dense", test_dense);
  g_test_add_func ("/vigil/pleth-strip/frame-rate", test_frame_rate);

  return g_test_run ();
}
