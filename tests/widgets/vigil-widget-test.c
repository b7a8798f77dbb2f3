/* vigil-widget-test.c — helpers shared by the widget tests and benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vigil-widget-test.h"

#include <math.h>
#include <string.h>

/* A hung main loop fails the test instead of eating the meson timeout. */
#define WAIT_TIMEOUT_S 20

/**
 * vigil_widget_test_init_display:
 *
 * GTK, the dark theme, and widgets.css from the compiled resources
 * (linked into the program, they register themselves).
 *
 * Returns: %FALSE when there is no display
 */
gboolean
vigil_widget_test_init_display (void)
{
  g_autoptr(GtkCssProvider) provider = NULL;
  g_autoptr(GtkCssProvider) window_provider = NULL;

  if (!gtk_init_check ())
    {
      g_printerr ("No display (set DISPLAY, or run under xvfb-run): skipping\n");
      return FALSE;
    }

  g_object_set (gtk_settings_get_default (),
                "gtk-application-prefer-dark-theme", TRUE,
                NULL);

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/widgets.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* The app's window background, which style.css gives it. */
  window_provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (window_provider,
                                   "window.vigil-test, window.vigil-test > * { background-color: @vigil_bg; }",
                                   -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (window_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  return TRUE;
}

/**
 * vigil_widget_test_init:
 *
 * GTest, then vigil_widget_test_init_display().
 *
 * Returns: %FALSE when there is no display: the caller returns
 *   VIGIL_TEST_SKIP
 */
gboolean
vigil_widget_test_init (int    *argc,
                        char ***argv)
{
  g_test_init (argc, argv, NULL);

  return vigil_widget_test_init_display ();
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out after %d s waiting for %s", WAIT_TIMEOUT_S, (const char *) data);
  return G_SOURCE_REMOVE;
}

void
vigil_widget_test_wait_mapped (GtkWidget *widget)
{
  guint timeout = g_timeout_add_seconds (WAIT_TIMEOUT_S, timeout_cb, (gpointer) "a widget to map");

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);

  /* One painted frame after mapping, so everything is allocated and drawn. */
  vigil_widget_test_wait_frames (widget, 1);
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *count)
{
  (*count)++;
}

/* Waits for @n_frames frame-clock cycles of @widget's surface. It does not
 * queue a draw: it watches what the widget does on its own. */
void
vigil_widget_test_wait_frames (GtkWidget *widget,
                               guint      n_frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint count = 0;
  gulong handler;
  guint timeout;

  g_assert_nonnull (clock);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &count);
  timeout = g_timeout_add_seconds (WAIT_TIMEOUT_S, timeout_cb, (gpointer) "frames");

  /* Keeps the clock running even when nothing needs drawing. */
  gdk_frame_clock_begin_updating (clock);
  while (count < n_frames)
    g_main_context_iteration (NULL, TRUE);
  gdk_frame_clock_end_updating (clock);

  g_source_remove (timeout);
  g_signal_handler_disconnect (clock, handler);
}

/**
 * vigil_widget_test_screenshot:
 *
 * Renders @widget as it is on screen, with its window's renderer.
 *
 * Returns: (transfer full): a texture of the widget's size
 */
GdkTexture *
vigil_widget_test_screenshot (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  /* The border box, unscaled: a widget with CSS padding or a border is
   * bigger than its content size. */
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);

  g_assert_nonnull (renderer);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Saves into VIGIL_TEST_OUTPUT (the build's tests dir) for people and CI
 * artifacts to look at. */
void
vigil_widget_test_save (GdkTexture *texture,
                        const char *basename)
{
  const char *dir = g_getenv ("VIGIL_TEST_OUTPUT");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : ".", basename, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

/**
 * vigil_widget_test_area:
 * @child: @shot or a widget inside it
 * @shot: the widget given to vigil_widget_test_screenshot()
 *
 * Returns: where @child is in the screenshot of @shot, in pixels (the
 *   screenshot starts at @shot's border box, its widget coordinates at
 *   the content box)
 */
graphene_rect_t
vigil_widget_test_area (GtkWidget *child,
                        GtkWidget *shot)
{
  graphene_rect_t bounds;
  graphene_rect_t shot_bounds;

  g_assert_true (gtk_widget_compute_bounds (child, shot, &bounds));
  g_assert_true (gtk_widget_compute_bounds (shot, shot, &shot_bounds));
  bounds.origin.x -= shot_bounds.origin.x;
  bounds.origin.y -= shot_bounds.origin.y;

  return bounds;
}

GtkWidget *
vigil_widget_test_find_child (GtkWidget  *widget,
                              const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vigil_widget_test_find_child (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

VigilPixels *
vigil_pixels_new (GdkTexture *texture)
{
  VigilPixels *pixels = g_new0 (VigilPixels, 1);

  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->stride = (gsize) pixels->width * 4;
  pixels->data = g_malloc ((gsize) pixels->height * pixels->stride);
  gdk_texture_download (texture, pixels->data, pixels->stride);

  return pixels;
}

void
vigil_pixels_free (VigilPixels *pixels)
{
  g_free (pixels->data);
  g_free (pixels);
}

/* Counts the pixels of @area (clamped to the image) that @func accepts. */
guint
vigil_pixels_count (VigilPixels           *pixels,
                    const graphene_rect_t *area,
                    VigilPixelFunc         func)
{
  int x0 = MAX (0, (int) floorf (area->origin.x));
  int y0 = MAX (0, (int) floorf (area->origin.y));
  int x1 = MIN (pixels->width, (int) ceilf (area->origin.x + area->size.width));
  int y1 = MIN (pixels->height, (int) ceilf (area->origin.y + area->size.height));
  guint count = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint32 argb = *(const guint32 *) (pixels->data + y * pixels->stride + x * 4);
        guint8 r = (argb >> 16) & 0xff;
        guint8 g = (argb >> 8) & 0xff;
        guint8 b = argb & 0xff;

        if (func (r, g, b))
          count++;
      }

  return count;
}

gboolean
vigil_pixels_equal (VigilPixels *a,
                    VigilPixels *b)
{
  return a->width == b->width && a->height == b->height &&
         memcmp (a->data, b->data, a->height * a->stride) == 0;
}

gboolean
vigil_pixel_is_green (guint8 r, guint8 g, guint8 b)
{
  return g >= 110 && g >= r + 60 && g >= b + 40;
}

gboolean
vigil_pixel_is_cyan (guint8 r, guint8 g, guint8 b)
{
  return g >= 110 && b >= 110 && g >= r + 60 && b >= r + 60;
}

gboolean
vigil_pixel_is_white (guint8 r, guint8 g, guint8 b)
{
  return r >= 200 && g >= 200 && b >= 200;
}

gboolean
vigil_pixel_is_yellow (guint8 r, guint8 g, guint8 b)
{
  return r >= 200 && g >= 160 && b <= 80;
}

/* Readable grey: bright enough, and no hue. */
gboolean
vigil_pixel_is_grey_text (guint8 r, guint8 g, guint8 b)
{
  return r >= 100 && MAX (MAX (r, g), b) - MIN (MIN (r, g), b) <= 30;
}

gboolean
vigil_pixel_is_red (guint8 r, guint8 g, guint8 b)
{
  return r >= 180 && g <= 110 && b <= 110;
}

/* Counts the pixels of @area within @tolerance (per channel, 0–255) of
 * @color. */
guint
vigil_pixels_count_color (VigilPixels           *pixels,
                          const graphene_rect_t *area,
                          const GdkRGBA         *color,
                          int                    tolerance)
{
  int x0 = MAX (0, (int) floorf (area->origin.x));
  int y0 = MAX (0, (int) floorf (area->origin.y));
  int x1 = MIN (pixels->width, (int) ceilf (area->origin.x + area->size.width));
  int y1 = MIN (pixels->height, (int) ceilf (area->origin.y + area->size.height));
  int cr = (int) lroundf (color->red * 255);
  int cg = (int) lroundf (color->green * 255);
  int cb = (int) lroundf (color->blue * 255);
  guint count = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint32 argb = *(const guint32 *) (pixels->data + y * pixels->stride + x * 4);
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;

        if (ABS (r - cr) <= tolerance && ABS (g - cg) <= tolerance && ABS (b - cb) <= tolerance)
          count++;
      }

  return count;
}

static double
channel_luminance (float channel)
{
  return channel <= 0.03928 ? channel / 12.92 : pow ((channel + 0.055) / 1.055, 2.4);
}

static double
relative_luminance (const GdkRGBA *color)
{
  return 0.2126 * channel_luminance (color->red) +
         0.7152 * channel_luminance (color->green) +
         0.0722 * channel_luminance (color->blue);
}

double
vigil_contrast_ratio (const GdkRGBA *a,
                      const GdkRGBA *b)
{
  double la = relative_luminance (a);
  double lb = relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* Frames at @fps from @start_us for @duration_us, each moved by up to
 * ±@jitter_us (a fixed pseudo-random sequence), as a real frame clock
 * wobbles. */
void
vigil_flash_measure (VigilFlashProbe    probe,
                     gpointer           data,
                     gint64             start_us,
                     gint64             duration_us,
                     double             fps,
                     gint64             jitter_us,
                     VigilFlashMeasure *out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240314);
  gint64 first_start = -1;
  gint64 last_start = -1;
  guint starts = 0;
  gboolean previous = FALSE;

  memset (out, 0, sizeof *out);

  for (guint k = 0; ; k++)
    {
      gint64 offset = (gint64) llround (k * G_USEC_PER_SEC / fps);
      gint64 time_us;
      gboolean on;

      if (offset >= duration_us)
        break;

      time_us = start_us + offset;
      if (jitter_us > 0 && k > 0)
        time_us += g_rand_int_range (rand, (gint32) -jitter_us, (gint32) jitter_us + 1);

      on = probe (data, time_us);
      out->frames++;
      if (on)
        out->on_frames++;
      if (on && (k == 0 || !previous))
        {
          if (first_start < 0)
            first_start = time_us;
          last_start = time_us;
          starts++;
        }
      if (!on && k > 0 && previous)
        out->cycles++;
      previous = on;
    }

  out->duty = out->frames > 0 ? (double) out->on_frames / out->frames : 0;
  out->frequency_hz = starts >= 2 && last_start > first_start
                        ? (starts - 1) * (double) G_USEC_PER_SEC / (last_start - first_start)
                        : 0;
}
