/* vigil-alarm-engine.h — alarm signal states, people's actions, presentation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm-evaluator.h"
#include "vigil-alarm-limits.h"
#include "vigil-alarm-log-entry.h"
#include "vigil-clock.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_ALARM_STATE_INACTIVE,      /* nothing to show */
  VIGIL_ALARM_STATE_PENDING,       /* the condition's delay is running: not shown yet */
  VIGIL_ALARM_STATE_ACTIVE,        /* shown and sounding */
  VIGIL_ALARM_STATE_ACKNOWLEDGED,  /* shown, silenced for this occurrence, reminder tone */
  VIGIL_ALARM_STATE_AUDIO_PAUSED,  /* shown, silenced until the pause runs out */
  VIGIL_ALARM_STATE_LATCHED,       /* the cause is gone; shown until a person resets it */
} VigilAlarmState;

#define VIGIL_TYPE_ALARM_STATE  (vigil_alarm_state_get_type ())
#define VIGIL_TYPE_ALARM_ENGINE (vigil_alarm_engine_get_type ())

GType vigil_alarm_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (VigilAlarmEngine, vigil_alarm_engine, VIGIL, ALARM_ENGINE, GObject)

#define VIGIL_ALARM_ENGINE_ERROR (vigil_alarm_engine_error_quark ())

typedef enum
{
  VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE,      /* nothing to acknowledge */
  VIGIL_ALARM_ENGINE_ERROR_CAUSE_PRESENT,   /* a latched alarm whose cause persists */
  VIGIL_ALARM_ENGINE_ERROR_INVALID_LIMIT,
} VigilAlarmEngineError;

GQuark               vigil_alarm_engine_error_quark        (void);
VigilAlarmEngine    *vigil_alarm_engine_new                (VigilAlarmLimits          *limits,
                                                            VigilClock                *clock);
VigilAlarmEvaluator *vigil_alarm_engine_get_evaluator      (VigilAlarmEngine          *self);
VigilAlarmLimits    *vigil_alarm_engine_get_limits         (VigilAlarmEngine          *self);
VigilClock          *vigil_alarm_engine_get_clock          (VigilAlarmEngine          *self);

/* Inputs: forwarded to the evaluator, then the states are updated at once. */
void                 vigil_alarm_engine_observe            (VigilAlarmEngine          *self,
                                                            const VigilObservation    *observation);
void                 vigil_alarm_engine_technical          (VigilAlarmEngine          *self,
                                                            const VigilTechnicalEvent *event);
void                 vigil_alarm_engine_set_sound_available (VigilAlarmEngine         *self,
                                                            gboolean                   available);
void                 vigil_alarm_engine_update             (VigilAlarmEngine          *self);

/* People's actions; @who is the staff member, logged with the action. */
gboolean             vigil_alarm_engine_acknowledge        (VigilAlarmEngine          *self,
                                                            VigilAlarmId               id,
                                                            const char                *who,
                                                            GError                   **error);
void                 vigil_alarm_engine_pause_audio        (VigilAlarmEngine          *self,
                                                            const char                *who);
gboolean             vigil_alarm_engine_reset              (VigilAlarmEngine          *self,
                                                            VigilAlarmId               id,
                                                            const char                *who,
                                                            GError                   **error);
gboolean             vigil_alarm_engine_set_threshold      (VigilAlarmEngine          *self,
                                                            VigilAlarmId               id,
                                                            gboolean                   second,
                                                            double                     value,
                                                            const char                *who,
                                                            GError                   **error);

/* Per-condition state. */
VigilAlarmState      vigil_alarm_engine_get_state          (VigilAlarmEngine          *self,
                                                            VigilAlarmId               id);
VigilAlarmPriority   vigil_alarm_engine_get_priority       (VigilAlarmEngine          *self,
                                                            VigilAlarmId               id);
gboolean             vigil_alarm_engine_is_audible         (VigilAlarmEngine          *self,
                                                            VigilAlarmId               id);
gboolean             vigil_alarm_engine_get_status         (VigilAlarmEngine          *self,
                                                            VigilAlarmId               id,
                                                            VigilConditionStatus      *out_status);
gint64               vigil_alarm_engine_get_pause_remaining (VigilAlarmEngine         *self);

/* Presentation: what the lamp, the message areas and the loudspeaker show. */
VigilAlarmPriority   vigil_alarm_engine_get_lamp_priority  (VigilAlarmEngine          *self);
VigilAlarmPriority   vigil_alarm_engine_get_sound_priority (VigilAlarmEngine          *self);
GArray              *vigil_alarm_engine_list_shown         (VigilAlarmEngine          *self,
                                                            gboolean                   technical);
gboolean             vigil_alarm_engine_get_banner         (VigilAlarmEngine          *self,
                                                            gboolean                   technical,
                                                            VigilAlarmId              *out_id);
char                *vigil_alarm_engine_format_banner      (VigilAlarmEngine          *self,
                                                            VigilAlarmId               id);

/* Properties (every number of CLINICAL.md §1 that is not a per-condition
 * limit; durations are gint64 clock µs — pass them to g_object_set() as
 * (gint64) values):
 *   "tick-interval" (guint ms, 250)         re-evaluation period without input
 *   "audio-pause-duration" (2 min)          clamped to "audio-pause-maximum"
 *   "audio-pause-maximum" (5 min)
 *   "escalation-delay" (2 min)              medium unacknowledged → high
 *   "reminder-interval" (3 min)             reminder burst for acknowledged alarms
 *   "high-repeat-interval" (5 s), "medium-repeat-interval" (10 s),
 *   "low-repeat-interval" (30 s)            burst periods
 *   "banner-rotation-interval" (2 s)
 *   "new-conditions-break-pause" (TRUE)     every new condition sounds during a
 *                                           pause; FALSE: only one of higher
 *                                           priority than every paused alarm
 *
 * Signals:
 *   "changed" ()                              any state or presentation change
 *   "log" (VigilAlarmLogEntry *entry)         every start/end/ack/pause/reset/escalation/limit change
 *   "burst" (VigilAlarmPriority, gboolean reminder)  start one audio burst now */

G_END_DECLS
