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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilPixels, vigil_pixels_free)

G_END_DECLS
