/* bench-pleth-strip.c — what a pleth strip frame costs, against a baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A sweep-mode waveform at 830×120 (its size in the window), 6 s across:
 *
 * - widget: a frame of VigilPlethStrip as the app gets it (one frame's
 *   worth of new samples pushed, snapshot, rendered to a texture by the
 *   window's renderer);
 * - baseline: the naive way, the whole sweep's samples as one Cairo
 *   polyline (2 px, default joins) onto a cleared 830×120 image surface.
 *
 * At 75 Hz (a Nonin pleth: under a sample per column, drawn as a line)
 * and 500 Hz (an ECG-rate waveform: min/max columns). Then the frame cost
 * after 6 s and after 10 min of samples: it must not grow with history.
 * Times are medians of N frames after a warm-up; nothing is asserted on
 * time.
 */

#include <math.h>
#include <stdlib.h>

#include "vigil-pleth-strip.h"
#include "vigil-pleth-strip-private.h"
#include "bench-stats.h"
#include "vigil-widget-test.h"

#define SECOND_US  ((gint64) G_USEC_PER_SEC)
#define START_US   ((gint64) 1000 * SECOND_US)
#define WIDTH      830
#define HEIGHT     120
#define FPS        60
#define N_FRAMES   120
#define N_BASELINE 60
#define N_WARMUP   5

static double
wave (double seconds)
{
  double phase = fmod (seconds * 1.2, 1.0);

  return 0.3 + 0.4 * (phase < 0.25 ? sin (phase / 0.25 * G_PI / 2) : exp (-(phase - 0.25) * 4.0));
}

typedef struct
{
  VigilPlethStrip *strip;
  double           rate_hz;
  guint64          n;
} Feed;

static void
feed_seconds (Feed   *feed,
              double  seconds)
{
  guint64 count = (guint64) llround (seconds * feed->rate_hz);

  for (guint64 i = 0; i < count; i++, feed->n++)
    {
      double t = feed->n / feed->rate_hz;

      vigil_pleth_strip_push (feed->strip, wave (t), START_US + (gint64) (t * SECOND_US));
    }
}

/* With @rate_hz 0, an empty strip: what any frame of it costs (the
 * renderer, the CSS box, the title), which the trace adds to. */
static double
measure_widget (double rate_hz,
                double history_s)
{
  GtkWidget *toplevel = gtk_window_new ();
  VigilPlethStrip *strip = VIGIL_PLETH_STRIP (vigil_pleth_strip_new ());
  Feed feed = { strip, rate_hz, 0 };
  GskRenderer *renderer;
  double frame_ms[N_FRAMES];
  guint snapshots;

  vigil_pleth_strip_set_rate_hz (strip, rate_hz);
  gtk_widget_add_css_class (toplevel, "vigil-test");
  gtk_widget_set_size_request (GTK_WIDGET (strip), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (toplevel), GTK_WIDGET (strip));
  gtk_window_present (GTK_WINDOW (toplevel));
  vigil_widget_test_wait_mapped (GTK_WIDGET (strip));

  if (rate_hz > 0)
    feed_seconds (&feed, history_s);
  g_assert_cmpuint (vigil_pleth_strip_get_n_samples (strip), <=, 6 * rate_hz + 1);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (strip)));
  snapshots = vigil_pleth_strip_get_snapshot_count (strip);

  for (int i = -N_WARMUP; i < N_FRAMES; i++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GtkSnapshot *snapshot;
      int w = gtk_widget_get_width (toplevel), h = gtk_widget_get_height (toplevel);
      gint64 t0;

      if (rate_hz > 0)
        feed_seconds (&feed, 1.0 / FPS);
      gtk_widget_queue_draw (GTK_WIDGET (strip));

      t0 = g_get_monotonic_time ();
      snapshot = gtk_snapshot_new ();
      gtk_widget_snapshot_child (toplevel, GTK_WIDGET (strip), snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      if (i >= 0)
        frame_ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }

  g_assert_cmpuint (vigil_pleth_strip_get_snapshot_count (strip) - snapshots, ==, N_FRAMES + N_WARMUP);
  gtk_window_destroy (GTK_WINDOW (toplevel));

  return bench_stats_median (frame_ms, N_FRAMES);
}

/* One sweep of samples as one polyline, redrawn whole each frame. */
static double
measure_baseline (double rate_hz)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  guint n = (guint) llround (6.0 * rate_hz);
  double frame_ms[N_BASELINE];

  for (int i = -N_WARMUP; i < N_BASELINE; i++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();

      cairo_set_source_rgb (cr, 0.06, 0.07, 0.09);
      cairo_paint (cr);
      cairo_set_line_width (cr, 2.0);
      for (guint k = 0; k < n; k++)
        {
          double x = 4 + k * (WIDTH - 8.0) / n;
          double y = HEIGHT - 6 - wave (k / rate_hz) * (HEIGHT - 30);

          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_set_source_rgb (cr, 0.22, 0.85, 0.94);
      cairo_stroke (cr);
      cairo_surface_flush (surface);
      cairo_destroy (cr);
      if (i >= 0)
        frame_ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }

  cairo_surface_destroy (surface);
  return bench_stats_median (frame_ms, N_BASELINE);
}

int
main (int   argc,
      char *argv[])
{
  static const double rates[] = { 75.0, 500.0 };
  double empty;

  if (!vigil_widget_test_init_display ())
    return VIGIL_TEST_SKIP;

  empty = measure_widget (0, 0);
  g_print ("pleth strip empty @%dx%d: %.3f ms/frame (renderer, box, title)\n", WIDTH, HEIGHT, empty);

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      double widget = measure_widget (rates[r], 6.0);
      double baseline = measure_baseline (rates[r]);
      double long_run = measure_widget (rates[r], 600.0);

      g_print ("pleth strip %.0f Hz @%dx%d: widget %.3f ms/frame, of which trace %.3f ms; "
               "polyline baseline %.3f ms/frame, ratio to the trace %.2fx; "
               "after 10 min of samples %.3f ms/frame (x%.2f)\n",
               rates[r], WIDTH, HEIGHT, widget, MAX (widget - empty, 0.001), baseline,
               baseline / MAX (widget - empty, 0.001), long_run, long_run / widget);
    }

  return EXIT_SUCCESS;
}
