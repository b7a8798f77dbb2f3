/* vigil-alarm-sound.h — plays the alarm bursts, and knows whether it can
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm.h"
#include "vigil-alarm-tone.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_ALARM_SOUND_SELF_TEST_NOT_RUN,
  VIGIL_ALARM_SOUND_SELF_TEST_RUNNING,   /* the tone is playing */
  VIGIL_ALARM_SOUND_SELF_TEST_PASSED,
  VIGIL_ALARM_SOUND_SELF_TEST_FAILED,
} VigilAlarmSoundSelfTest;

#define VIGIL_TYPE_ALARM_SOUND_SELF_TEST (vigil_alarm_sound_self_test_get_type ())
#define VIGIL_TYPE_ALARM_SOUND           (vigil_alarm_sound_get_type ())

GType vigil_alarm_sound_self_test_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (VigilAlarmSound, vigil_alarm_sound, VIGIL, ALARM_SOUND, GObject)

#define VIGIL_ALARM_SOUND_ERROR (vigil_alarm_sound_error_quark ())

typedef enum
{
  VIGIL_ALARM_SOUND_ERROR_GSTREAMER,      /* GStreamer or one of its plugins is missing */
  VIGIL_ALARM_SOUND_ERROR_NO_DEVICE,      /* only a fake or placeholder output exists */
  VIGIL_ALARM_SOUND_ERROR_DEVICE_FAILED,  /* the output could not be opened, or failed */
} VigilAlarmSoundError;

GQuark                   vigil_alarm_sound_error_quark            (void);
gboolean                 vigil_alarm_sound_init_gstreamer         (GError              **error);

VigilAlarmSound         *vigil_alarm_sound_new                    (const char           *sink_description);
const char              *vigil_alarm_sound_get_sink_description   (VigilAlarmSound      *self);
VigilAlarmTone          *vigil_alarm_sound_get_tone               (VigilAlarmSound      *self);
void                     vigil_alarm_sound_set_tone               (VigilAlarmSound      *self,
                                                                   VigilAlarmTone       *tone);

gboolean                 vigil_alarm_sound_start                  (VigilAlarmSound      *self,
                                                                   GError              **error);
void                     vigil_alarm_sound_stop                   (VigilAlarmSound      *self);
void                     vigil_alarm_sound_drain                  (VigilAlarmSound      *self);

gboolean                 vigil_alarm_sound_is_available           (VigilAlarmSound      *self);
const char              *vigil_alarm_sound_get_problem            (VigilAlarmSound      *self);
const char              *vigil_alarm_sound_get_sink_name          (VigilAlarmSound      *self);

VigilAlarmSoundSelfTest  vigil_alarm_sound_get_self_test          (VigilAlarmSound      *self);
const char              *vigil_alarm_sound_get_self_test_message  (VigilAlarmSound      *self);
GDateTime               *vigil_alarm_sound_get_self_test_time     (VigilAlarmSound      *self);

/* Starts the sound now, or exactly when the one playing ends; one sound
 * can wait, a more urgent one takes its place, a less urgent one is dropped. */
void                     vigil_alarm_sound_play                   (VigilAlarmSound      *self,
                                                                   VigilAlarmToneKind    kind);
/* The handler for VigilAlarmEngine::burst (same arguments; connect swapped). */
void                     vigil_alarm_sound_play_burst             (VigilAlarmSound      *self,
                                                                   VigilAlarmPriority    priority,
                                                                   gboolean              reminder);
/* How many times @kind was handed to the output since creation. */
guint                    vigil_alarm_sound_get_n_played           (VigilAlarmSound      *self,
                                                                   VigilAlarmToneKind    kind);

/* Properties (read-only unless said): "sink-description" (construct-only),
 * "tone" (read-write), "available", "problem", "sink-name", "self-test".
 * Signals: notify::available — feed it to vigil_alarm_engine_set_sound_available();
 * "drained" () — everything queued before vigil_alarm_sound_drain() was played. */

G_END_DECLS
