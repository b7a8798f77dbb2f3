/* vigil-alarm-limits.h — every number of the alarm system, as settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm.h"

G_BEGIN_DECLS

/* One condition's configuration. What each field means per condition:
 *
 *   A1  threshold: SpO2 low limit (< 90); sat_seconds: the integral (25 %·s);
 *       count/window_us: violations that alarm on their own (3 in 60 s)
 *   A2  threshold: ≤ 85
 *   A3/A4  threshold: HR > 120 / > 150; delay_us: 10 s / 5 s
 *   A5/A6  threshold: HR < 50 / < 40; delay_us: 10 s / 5 s
 *   A7  threshold: SYS ≥ 160; threshold2: DIA ≥ 100; repeat_us: repeat reading after 2 min
 *   A8  threshold: SYS ≥ 180; threshold2: DIA ≥ 110; repeat_us: 1 min
 *   A9  threshold: SYS < 90
 *   A10 threshold: SYS < 80; threshold2: MAP < 60
 *   A11 threshold: SYS rise ≥ 40; threshold2: DIA rise ≥ 25 (mmHg from baseline)
 *   T1  delay_us: 10 s without a valid frame
 *   T2  delay_us: 0 (as the device says)
 *   T3  (none)
 *   T4  delay_us: grace after the NIBP interval (3 min); interval_us: the NIBP interval
 *   T5  (none)
 *
 * Fields a condition does not use are NAN or 0. */
typedef struct
{
  VigilAlarmPriority priority;
  gboolean           latching;
  double             threshold;
  double             threshold2;
  gint64             delay_us;
  gint64             repeat_us;
  gint64             interval_us;
  double             sat_seconds;
  guint              count;
  gint64             window_us;
} VigilAlarmSetting;

#define VIGIL_TYPE_ALARM_LIMITS (vigil_alarm_limits_get_type ())
#define VIGIL_ALARM_LIMITS_ERROR (vigil_alarm_limits_error_quark ())

typedef enum
{
  VIGIL_ALARM_LIMITS_ERROR_INVALID,  /* a value outside its plausible range or choices */
  VIGIL_ALARM_LIMITS_ERROR_ORDER,    /* e.g. "HR high" above "HR very high" */
} VigilAlarmLimitsError;

G_DECLARE_FINAL_TYPE (VigilAlarmLimits, vigil_alarm_limits, VIGIL, ALARM_LIMITS, GObject)

GQuark                   vigil_alarm_limits_error_quark    (void);

/* The factory defaults of CLINICAL.md. */
VigilAlarmLimits        *vigil_alarm_limits_new_default    (void);
VigilAlarmLimits        *vigil_alarm_limits_copy           (VigilAlarmLimits        *self);
const VigilAlarmSetting *vigil_alarm_limits_get            (VigilAlarmLimits        *self,
                                                            VigilAlarmId             id);
gboolean                 vigil_alarm_limits_set            (VigilAlarmLimits        *self,
                                                            VigilAlarmId             id,
                                                            const VigilAlarmSetting *setting,
                                                            GError                 **error);
gboolean                 vigil_alarm_limits_set_threshold  (VigilAlarmLimits        *self,
                                                            VigilAlarmId             id,
                                                            double                   threshold,
                                                            GError                 **error);
gboolean                 vigil_alarm_limits_set_threshold2 (VigilAlarmLimits        *self,
                                                            VigilAlarmId             id,
                                                            double                   threshold2,
                                                            GError                 **error);
gboolean                 vigil_alarm_setting_equal         (const VigilAlarmSetting *a,
                                                            const VigilAlarmSetting *b);

/* Emitted with the VigilAlarmId whose setting changed. */
/* signal: "changed" (VigilAlarmId id) */

/* The plausible range a threshold may be set in; FALSE if unused. */
gboolean                 vigil_alarm_limits_get_range   (VigilAlarmId             id,
                                                         gboolean                 second,
                                                         double                  *out_min,
                                                         double                  *out_max);

G_END_DECLS
