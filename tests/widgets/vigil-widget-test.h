/* vigil-widget-test.h — helpers shared by the widget tests and benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Exit status meson reports as SKIP. */
#define VIGIL_TEST_SKIP 77

typedef struct
{
  guchar *data;    /* ARGB32, native endian, premultiplied */
  int     width;
  int     height;
  gsize   stride;
} VigilPixels;

typedef gboolean (*VigilPixelFunc) (guint8 r,
                                    guint8 g,
                                    guint8 b);

gboolean     vigil_widget_test_init_display  (void);
gboolean     vigil_widget_test_init          (int            *argc,
                                              char         ***argv);
void         vigil_widget_test_wait_mapped   (GtkWidget      *widget);
void         vigil_widget_test_wait_frames   (GtkWidget      *widget,
                                              guint           n_frames);
GdkTexture  *vigil_widget_test_screenshot    (GtkWidget      *widget);
void         vigil_widget_test_save          (GdkTexture     *texture,
                                              const char     *basename);
GtkWidget   *vigil_widget_test_find_child    (GtkWidget      *widget,
                                              const char     *css_class);
graphene_rect_t vigil_widget_test_area       (GtkWidget      *child,
                                              GtkWidget      *shot);

VigilPixels *vigil_pixels_new                (GdkTexture     *texture);
void         vigil_pixels_free               (VigilPixels    *pixels);
guint        vigil_pixels_count              (VigilPixels    *pixels,
                                              const graphene_rect_t *area,
                                              VigilPixelFunc  func);
gboolean     vigil_pixels_equal              (VigilPixels    *a,
                                              VigilPixels    *b);

/* Colour classes for the monitor theme of widgets.css. */
gboolean     vigil_pixel_is_green            (guint8 r, guint8 g, guint8 b);
gboolean     vigil_pixel_is_cyan             (guint8 r, guint8 g, guint8 b);
gboolean     vigil_pixel_is_white            (guint8 r, guint8 g, guint8 b);
gboolean     vigil_pixel_is_yellow           (guint8 r, guint8 g, guint8 b);
gboolean     vigil_pixel_is_grey_text        (guint8 r, guint8 g, guint8 b);

gboolean     vigil_pixel_is_red              (guint8 r, guint8 g, guint8 b);

guint        vigil_pixels_count_color        (VigilPixels    *pixels,
                                              const graphene_rect_t *area,
                                              const GdkRGBA  *color,
                                              int             tolerance);

/* WCAG 2 contrast ratio of two opaque colours, 1 to 21. */
double       vigil_contrast_ratio            (const GdkRGBA  *a,
                                              const GdkRGBA  *b);

/* Flash measurement over simulated frame times: @probe says whether the
 * signal is lit in a frame drawn at @time_us. */
typedef gboolean (*VigilFlashProbe) (gpointer data,
                                     gint64   time_us);

typedef struct
{
  guint  frames;
  guint  on_frames;
  guint  cycles;         /* on → off transitions */
  double frequency_hz;   /* from the first to the last start of an on phase */
  double duty;           /* on frames / frames */
} VigilFlashMeasure;

void         vigil_flash_measure             (VigilFlashProbe    probe,
                                              gpointer           data,
                                              gint64             start_us,
                                              gint64             duration_us,
                                              double             fps,
                                              gint64             jitter_us,
                                              VigilFlashMeasure *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilPixels, vigil_pixels_free)

G_END_DECLS
