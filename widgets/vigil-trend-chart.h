/* vigil-trend-chart.h — stacked trend lanes on one time axis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-trend-store.h"

G_BEGIN_DECLS

/**
 * VigilTrendWindow:
 * @VIGIL_TREND_WINDOW_15_MIN: the last 15 minutes
 * @VIGIL_TREND_WINDOW_1_HOUR: the last hour
 * @VIGIL_TREND_WINDOW_4_HOURS: the last 4 hours
 * @VIGIL_TREND_WINDOW_SESSION: from the session start to the end time
 *   (at least 15 minutes wide, so a new session fills in from the left)
 */
typedef enum
{
  VIGIL_TREND_WINDOW_15_MIN,
  VIGIL_TREND_WINDOW_1_HOUR,
  VIGIL_TREND_WINDOW_4_HOURS,
  VIGIL_TREND_WINDOW_SESSION,
} VigilTrendWindow;

#define VIGIL_TYPE_TREND_WINDOW (vigil_trend_window_get_type ())
#define VIGIL_TYPE_TREND_CHART  (vigil_trend_chart_get_type ())

GType vigil_trend_window_get_type (void);

G_DECLARE_FINAL_TYPE (VigilTrendChart, vigil_trend_chart, VIGIL, TREND_CHART, GtkWidget)

GtkWidget        *vigil_trend_chart_new               (void);

guint             vigil_trend_chart_add_lane          (VigilTrendChart  *self,
                                                       const char       *title,
                                                       const char       *unit,
                                                       double            y_min,
                                                       double            y_max);
guint             vigil_trend_chart_get_n_lanes       (VigilTrendChart  *self);
void              vigil_trend_chart_add_line          (VigilTrendChart  *self,
                                                       guint             lane,
                                                       VigilTrendStore  *store,
                                                       const char       *label,
                                                       const char       *color_name);
void              vigil_trend_chart_add_nibp          (VigilTrendChart  *self,
                                                       guint             lane,
                                                       VigilTrendStore  *systolic,
                                                       VigilTrendStore  *diastolic,
                                                       VigilTrendStore  *mean,
                                                       const char       *color_name);
void              vigil_trend_chart_remove_all        (VigilTrendChart  *self);

void              vigil_trend_chart_add_marker        (VigilTrendChart  *self,
                                                       gint64            time_us,
                                                       const char       *text,
                                                       const char       *color_name);
guint             vigil_trend_chart_get_n_markers     (VigilTrendChart  *self);
void              vigil_trend_chart_clear_markers     (VigilTrendChart  *self);

VigilTrendWindow  vigil_trend_chart_get_window        (VigilTrendChart  *self);
void              vigil_trend_chart_set_window        (VigilTrendChart  *self,
                                                       VigilTrendWindow  window);
gint64            vigil_trend_chart_get_session_start (VigilTrendChart  *self);
void              vigil_trend_chart_set_session_start (VigilTrendChart  *self,
                                                       gint64            session_start_us);
gint64            vigil_trend_chart_get_end_time      (VigilTrendChart  *self);
void              vigil_trend_chart_set_end_time      (VigilTrendChart  *self,
                                                       gint64            end_time_us);

/* Geometry, for tests and for hit-testing by the app. */
gboolean          vigil_trend_chart_get_visible_range (VigilTrendChart  *self,
                                                       gint64           *start_us,
                                                       gint64           *end_us);
gint64            vigil_trend_chart_get_label_step    (VigilTrendChart  *self);
gboolean          vigil_trend_chart_get_plot_area     (VigilTrendChart  *self,
                                                       guint             lane,
                                                       graphene_rect_t  *area);
double            vigil_trend_chart_time_to_x         (VigilTrendChart  *self,
                                                       gint64            time_us);
double            vigil_trend_chart_value_to_y        (VigilTrendChart  *self,
                                                       guint             lane,
                                                       double            value);

G_END_DECLS
