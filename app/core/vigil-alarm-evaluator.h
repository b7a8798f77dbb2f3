/* vigil-alarm-evaluator.h — is each alarm condition's cause present?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm-limits.h"
#include "vigil-clock.h"
#include "vigil-observation.h"
#include "vigil-technical-event.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_CONDITION_CLEAR,    /* the cause is absent */
  VIGIL_CONDITION_PENDING,  /* a threshold is crossed and its delay is running */
  VIGIL_CONDITION_MET,      /* the cause is present: the alarm condition exists */
} VigilConditionState;

typedef struct
{
  VigilConditionState state;
  double              value;     /* the value that crossed (SpO2, HR, SYS or the SYS rise); NAN if none */
  double              value2;    /* NIBP: DIA (or the DIA rise, or MAP for A10); NAN if none */
  double              limit;     /* the limit crossed */
  double              limit2;    /* the second limit, NAN if none */
  gint64              since_us;  /* clock monotonic time the state began */
  double              diastolic; /* NIBP conditions: the reading's DIA (A10 and A11 keep
                                  * MAP / the DIA rise in value2); NAN otherwise */
} VigilConditionStatus;

#define VIGIL_TYPE_ALARM_EVALUATOR (vigil_alarm_evaluator_get_type ())

G_DECLARE_FINAL_TYPE (VigilAlarmEvaluator, vigil_alarm_evaluator, VIGIL, ALARM_EVALUATOR, GObject)

/* Deterministic: its output is a function of the observations and events
 * fed, the limits, and the clock's time — nothing else. */
VigilAlarmEvaluator *vigil_alarm_evaluator_new                 (VigilAlarmLimits          *limits,
                                                                VigilClock                *clock);
VigilAlarmLimits    *vigil_alarm_evaluator_get_limits          (VigilAlarmEvaluator       *self);
void                 vigil_alarm_evaluator_observe             (VigilAlarmEvaluator       *self,
                                                                const VigilObservation    *observation);
void                 vigil_alarm_evaluator_technical           (VigilAlarmEvaluator       *self,
                                                                const VigilTechnicalEvent *event);
void                 vigil_alarm_evaluator_set_sound_available (VigilAlarmEvaluator       *self,
                                                                gboolean                   available);
void                 vigil_alarm_evaluator_set_nibp_baseline   (VigilAlarmEvaluator       *self,
                                                                double                     systolic,
                                                                double                     diastolic);
void                 vigil_alarm_evaluator_update              (VigilAlarmEvaluator       *self);
void                 vigil_alarm_evaluator_get_status          (VigilAlarmEvaluator       *self,
                                                                VigilAlarmId               id,
                                                                VigilConditionStatus      *out_status);
double               vigil_alarm_evaluator_get_sat_seconds     (VigilAlarmEvaluator       *self);
gboolean             vigil_alarm_evaluator_get_nibp_baseline   (VigilAlarmEvaluator       *self,
                                                                double                    *out_systolic,
                                                                double                    *out_diastolic);
gint64               vigil_alarm_evaluator_get_nibp_repeat_at  (VigilAlarmEvaluator       *self);

/* Signal: "changed" (VigilAlarmId id) — a condition's state (CLEAR, PENDING,
 * MET) changed. Values within a state are updated without a signal: read
 * them with vigil_alarm_evaluator_get_status(). */

/* "SpO₂ 88 < 90", "NIBP 165/95 ≥ 160/100", "SpO₂ sensor off": the text after
 * the priority marker. Untranslated units and numbers; technical conditions
 * (and statuses without a value) give the condition's title, through gettext. */
char                *vigil_alarm_format_message                (VigilAlarmId               id,
                                                                const VigilConditionStatus *status);

G_END_DECLS
