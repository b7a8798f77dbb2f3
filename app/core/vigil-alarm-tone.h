/* vigil-alarm-tone.h — the alarm and information sounds, synthesised as PCM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_ALARM_TONE_HIGH,       /* 10 pulses: 3 + 2, pause, 3 + 2 */
  VIGIL_ALARM_TONE_MEDIUM,     /* 3 pulses */
  VIGIL_ALARM_TONE_LOW,        /* 1 pulse */
  VIGIL_ALARM_TONE_INFO,       /* a soft two-note chime: not an alarm */
  VIGIL_ALARM_TONE_SELF_TEST,  /* one short soft pulse at start-up */
} VigilAlarmToneKind;

#define VIGIL_ALARM_TONE_N_KINDS (VIGIL_ALARM_TONE_SELF_TEST + 1)

/* Every field is a setting; vigil_alarm_tone_config_init() fills in the
 * factory values. A "pulse" runs from its first to its last sample, ramps
 * included; a "gap" is the silence between two pulses. IEC 60601-1-8
 * measures the effective pulse duration td and the pulse spacing ts between
 * the 90 % points of the envelope; vigil_alarm_tone_config_validate()
 * converts and checks them. */
typedef struct
{
  guint  rate_hz;                  /* samples per second */

  /* Every alarm pulse: a fundamental and its harmonics, raised-cosine ramps. */
  guint  n_harmonics;              /* partials above the fundamental (2f, 3f, …) */
  double harmonic_step_db;         /* each partial this much below the previous one */
  double ramp_fraction;            /* rise (and fall) as a fraction of the pulse */
  double alarm_level;              /* peak, as a fraction of full scale */

  double high_frequency_hz;
  double high_pulse_ms;
  double high_gap_ms;              /* pulses 1–2, 2–3, 4–5 (IEC x) */
  double high_split_gap_ms;        /* pulses 3–4 (IEC 2x + td) */
  double high_pause_ms;            /* pulses 5–6 (IEC 0.35–1.30 s) */

  double medium_frequency_hz;
  double medium_pulse_ms;
  double medium_gap_ms;            /* IEC y */

  double low_frequency_hz;
  double low_pulse_ms;

  double tail_ms;                  /* silence after every sound, so two never run together */

  /* The information chime: two decaying sine notes, softer than any alarm. */
  double info_frequency_hz[2];
  double info_note_ms;
  double info_offset_ms;           /* the second note starts this long after the first */
  double info_decay_ms;            /* exponential decay time constant */
  double info_level;

  double self_test_frequency_hz;
  double self_test_ms;
  double self_test_level;
} VigilAlarmToneConfig;

#define VIGIL_TYPE_ALARM_TONE_KIND (vigil_alarm_tone_kind_get_type ())
#define VIGIL_TYPE_ALARM_TONE      (vigil_alarm_tone_get_type ())

GType vigil_alarm_tone_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (VigilAlarmTone, vigil_alarm_tone, VIGIL, ALARM_TONE, GObject)

#define VIGIL_ALARM_TONE_ERROR (vigil_alarm_tone_error_quark ())

typedef enum
{
  VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
} VigilAlarmToneError;

GQuark              vigil_alarm_tone_error_quark          (void);
void                vigil_alarm_tone_config_init          (VigilAlarmToneConfig       *config);
gboolean            vigil_alarm_tone_config_validate      (const VigilAlarmToneConfig *config,
                                                           GError                    **error);
VigilAlarmToneKind  vigil_alarm_tone_kind_for_priority    (VigilAlarmPriority          priority);
int                 vigil_alarm_tone_kind_get_urgency     (VigilAlarmToneKind          kind);

VigilAlarmTone     *vigil_alarm_tone_new                  (const VigilAlarmToneConfig *config,
                                                           GError                    **error);
const VigilAlarmToneConfig *
                    vigil_alarm_tone_get_config           (VigilAlarmTone             *self);
guint               vigil_alarm_tone_get_rate             (VigilAlarmTone             *self);

/* Mono signed 16-bit little-endian samples (S16LE), silence between pulses
 * and the tail included. */
GBytes             *vigil_alarm_tone_get_pcm              (VigilAlarmTone             *self,
                                                           VigilAlarmToneKind          kind);
guint               vigil_alarm_tone_get_n_samples        (VigilAlarmTone             *self,
                                                           VigilAlarmToneKind          kind);
gint64              vigil_alarm_tone_get_duration_us      (VigilAlarmTone             *self,
                                                           VigilAlarmToneKind          kind);

/* The schedule the PCM was built from, for tests and documentation: the
 * first sample of every pulse (the INFO chime's notes count as pulses), the
 * length of one pulse in samples, and its fundamental. */
const guint        *vigil_alarm_tone_get_onsets           (VigilAlarmTone             *self,
                                                           VigilAlarmToneKind          kind,
                                                           guint                      *n_onsets);
guint               vigil_alarm_tone_get_pulse_samples    (VigilAlarmTone             *self,
                                                           VigilAlarmToneKind          kind);
double              vigil_alarm_tone_get_frequency        (VigilAlarmTone             *self,
                                                           VigilAlarmToneKind          kind);

G_END_DECLS
