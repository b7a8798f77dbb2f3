/* vigil-trend-set.h — the trend stores of one monitor, fed by observations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-observation.h"
#include "vigil-trend-store.h"

G_BEGIN_DECLS

/* One trend line each; NIBP gives three. */
typedef enum
{
  VIGIL_TREND_SERIES_HR,
  VIGIL_TREND_SERIES_SPO2,
  VIGIL_TREND_SERIES_PULSE_RATE,
  VIGIL_TREND_SERIES_NIBP_SYSTOLIC,
  VIGIL_TREND_SERIES_NIBP_DIASTOLIC,
  VIGIL_TREND_SERIES_NIBP_MEAN,
  VIGIL_N_TREND_SERIES
} VigilTrendSeries;

#define VIGIL_TYPE_TREND_SET (vigil_trend_set_get_type ())

G_DECLARE_FINAL_TYPE (VigilTrendSet, vigil_trend_set, VIGIL, TREND_SET, GObject)

VigilTrendSet   *vigil_trend_set_new              (guint                   capacity);
guint            vigil_trend_set_get_capacity     (VigilTrendSet          *self);
VigilTrendStore *vigil_trend_set_get_store        (VigilTrendSet          *self,
                                                   VigilTrendSeries        series);
void             vigil_trend_set_push             (VigilTrendSet          *self,
                                                   const VigilObservation *observation);
void             vigil_trend_set_clear            (VigilTrendSet          *self);

const char      *vigil_trend_series_to_string     (VigilTrendSeries        series);
VigilParameter   vigil_trend_series_get_parameter (VigilTrendSeries        series);

G_END_DECLS
