/* vigil-trend-store.h — one parameter's history, drawable at any zoom
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_TREND_STORE (vigil_trend_store_get_type ())

G_DECLARE_FINAL_TYPE (VigilTrendStore, vigil_trend_store, VIGIL, TREND_STORE, GObject)

/* 24 h at 1 Hz. */
#define VIGIL_TREND_STORE_DEFAULT_CAPACITY (24 * 60 * 60)

VigilTrendStore *vigil_trend_store_new            (guint             capacity);
guint            vigil_trend_store_get_capacity   (VigilTrendStore  *self);
guint            vigil_trend_store_get_length     (VigilTrendStore  *self);
guint64          vigil_trend_store_get_generation (VigilTrendStore  *self);
void             vigil_trend_store_append         (VigilTrendStore  *self,
                                                   gint64            time_us,
                                                   double            value);
void             vigil_trend_store_clear          (VigilTrendStore  *self);
gboolean         vigil_trend_store_get_sample     (VigilTrendStore  *self,
                                                   guint             index,
                                                   gint64           *time_us,
                                                   double           *value);
gboolean         vigil_trend_store_get_last       (VigilTrendStore  *self,
                                                   gint64           *time_us,
                                                   double           *value);
gboolean         vigil_trend_store_get_time_range (VigilTrendStore  *self,
                                                   gint64           *first_us,
                                                   gint64           *last_us);
guint            vigil_trend_store_lower_bound    (VigilTrendStore  *self,
                                                   gint64            time_us);
gboolean         vigil_trend_store_get_min_max    (VigilTrendStore  *self,
                                                   guint             begin,
                                                   guint             end,
                                                   double           *min,
                                                   double           *max);
void             vigil_trend_store_get_envelope   (VigilTrendStore  *self,
                                                   gint64            start_us,
                                                   gint64            end_us,
                                                   guint             n_columns,
                                                   double           *mins,
                                                   double           *maxs);

/* Heap bytes held by the store (samples and pyramid), for budgeting. */
gsize            vigil_trend_store_get_n_bytes    (VigilTrendStore  *self);

G_END_DECLS
