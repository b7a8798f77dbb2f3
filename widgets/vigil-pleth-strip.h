/* vigil-pleth-strip.h — a live waveform drawn in sweep mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_PLETH_STRIP (vigil_pleth_strip_get_type ())

G_DECLARE_FINAL_TYPE (VigilPlethStrip, vigil_pleth_strip, VIGIL, PLETH_STRIP, GtkWidget)

GtkWidget  *vigil_pleth_strip_new                (void);

void        vigil_pleth_strip_push               (VigilPlethStrip  *self,
                                                  double            value,
                                                  gint64            monotonic_us);
void        vigil_pleth_strip_clear              (VigilPlethStrip  *self);

double      vigil_pleth_strip_get_rate_hz        (VigilPlethStrip  *self);
void        vigil_pleth_strip_set_rate_hz        (VigilPlethStrip  *self,
                                                  double            rate_hz);
gint64      vigil_pleth_strip_get_sweep_duration (VigilPlethStrip  *self);
void        vigil_pleth_strip_set_sweep_duration (VigilPlethStrip  *self,
                                                  gint64            duration_us);
const char *vigil_pleth_strip_get_title          (VigilPlethStrip  *self);
void        vigil_pleth_strip_set_title          (VigilPlethStrip  *self,
                                                  const char       *title);
gboolean    vigil_pleth_strip_has_signal         (VigilPlethStrip  *self);

/* Geometry, for tests and benchmarks. */
gboolean    vigil_pleth_strip_get_plot_area      (VigilPlethStrip  *self,
                                                  graphene_rect_t  *area);
double      vigil_pleth_strip_get_write_x        (VigilPlethStrip  *self);
double      vigil_pleth_strip_time_to_x          (VigilPlethStrip  *self,
                                                  gint64            time_us);
double      vigil_pleth_strip_value_to_y         (VigilPlethStrip  *self,
                                                  double            value);
gint64      vigil_pleth_strip_get_erase_duration (VigilPlethStrip  *self);

G_END_DECLS
