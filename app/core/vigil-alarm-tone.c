/* vigil-alarm-tone.c — the alarm and information sounds, synthesised as PCM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every sound is computed once, at start-up, into a block of S16LE samples
 * that holds the whole burst: pulses and the silences between them. The
 * player pushes one block per burst, so the rhythm inside a burst is exact
 * whatever the main loop is doing.
 *
 * Alarm pulses follow IEC 60601-1-8 (tables 3 and 4): fundamental
 * 150–1000 Hz, at least 4 harmonics between 300 and 4000 Hz within ±15 dB
 * of it, raised-cosine rise and fall, high priority 10 pulses (3 + 2, a
 * pause, 3 + 2), medium 3, low 1. The information chime is two decaying
 * sine notes, softer and without harmonics, so it cannot pass for an alarm.
 */
#include "vigil-alarm-tone.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Where a raised-cosine ramp of length R crosses 10 % and 90 % of full
 * amplitude: 0.5 (1 − cos (π t / R)) = p  ⇔  t = R acos (1 − 2p) / π. */
#define RAMP_P10 0.2048327646991335  /* acos (0.8) / π */
#define RAMP_P90 0.7951672353008665  /* acos (-0.8) / π */

#define MAX_PULSES 10

typedef struct
{
  GBytes *pcm;
  guint   n_samples;
  guint   onsets[MAX_PULSES];
  guint   n_onsets;
  guint   pulse_samples;
  double  frequency;
} Sound;

struct _VigilAlarmTone
{
  GObject               parent_instance;

  VigilAlarmToneConfig  config;
  Sound                 sounds[VIGIL_ALARM_TONE_N_KINDS];
};

G_DEFINE_FINAL_TYPE (VigilAlarmTone, vigil_alarm_tone, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VigilAlarmToneKind, vigil_alarm_tone_kind,
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_TONE_HIGH, "high"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_TONE_MEDIUM, "medium"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_TONE_LOW, "low"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_TONE_INFO, "info"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_TONE_SELF_TEST, "self-test"))

G_DEFINE_QUARK (vigil-alarm-tone-error-quark, vigil_alarm_tone_error)

/**
 * vigil_alarm_tone_config_init:
 * @config: (out caller-allocates): the configuration to fill in
 *
 * Fills @config with the factory settings. Measured the IEC way (90 %
 * points): high td 82 ms, x 78 ms, 3–4 spacing 238 ms, 5–6 spacing 438 ms;
 * medium td 136 ms, y 184 ms; low td 150 ms; rise 10→90 % is 17 % of td.
 * The high burst lasts 2.24 s, so it fits the engine's 5 s repeat with the
 * 2.5 s interval IEC asks between bursts.
 */
void
vigil_alarm_tone_config_init (VigilAlarmToneConfig *config)
{
  g_return_if_fail (config != NULL);

  *config = (VigilAlarmToneConfig) {
    .rate_hz = 48000,

    .n_harmonics = 5,
    .harmonic_step_db = -2.0,
    .ramp_fraction = 0.20,
    .alarm_level = 0.70,

    .high_frequency_hz = 660.0,
    .high_pulse_ms = 120.0,
    .high_gap_ms = 40.0,
    .high_split_gap_ms = 200.0,
    .high_pause_ms = 400.0,

    .medium_frequency_hz = 523.0,
    .medium_pulse_ms = 200.0,
    .medium_gap_ms = 120.0,

    .low_frequency_hz = 440.0,
    .low_pulse_ms = 220.0,

    .tail_ms = 200.0,

    .info_frequency_hz = { 1047.0, 784.0 },
    .info_note_ms = 700.0,
    .info_offset_ms = 350.0,
    .info_decay_ms = 150.0,
    .info_level = 0.22,

    .self_test_frequency_hz = 587.0,
    .self_test_ms = 150.0,
    .self_test_level = 0.35,
  };
}

static gboolean
in_range (double value,
          double min,
          double max)
{
  return isfinite (value) && value >= min && value <= max;
}

static guint
count_harmonics (const VigilAlarmToneConfig *config,
                 double                      fundamental)
{
  guint n = 0;

  for (guint k = 2; k <= config->n_harmonics + 1; k++)
    {
      double f = k * fundamental;
      double db = (k - 1) * config->harmonic_step_db;

      if (f >= 300.0 && f <= 4000.0 && fabs (db) <= 15.0 && 2.0 * f < config->rate_hz)
        n++;
    }
  return n;
}

static gboolean
check_alarm_pulse (const VigilAlarmToneConfig  *config,
                   const char                  *name,
                   double                       frequency,
                   double                       pulse_ms,
                   double                       td_min,
                   double                       td_max,
                   GError                     **error)
{
  double td = pulse_ms - 2.0 * RAMP_P90 * config->ramp_fraction * pulse_ms;
  guint harmonics;

  if (!in_range (frequency, 150.0, 1000.0))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The %s alarm tone's pitch %.0f Hz is outside the 150–1000 Hz "
                     "that IEC 60601-1-8 allows. Correct the alarm sound settings."),
                   name, frequency);
      return FALSE;
    }
  harmonics = count_harmonics (config, frequency);
  if (harmonics < 4)
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The %s alarm tone at %.0f Hz has only %u harmonics between 300 and "
                     "4000 Hz within 15 dB of the fundamental; IEC 60601-1-8 asks for 4. "
                     "Lower the pitch or add harmonics in the alarm sound settings."),
                   name, frequency, harmonics);
      return FALSE;
    }
  if (!in_range (pulse_ms, 0.0, 1000.0) || !in_range (td, td_min, td_max))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The %s alarm pulse of %.0f ms has an effective duration of %.0f ms; "
                     "IEC 60601-1-8 asks for %.0f–%.0f ms. Correct the alarm sound settings."),
                   name, pulse_ms, td, td_min, td_max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_spacing (const VigilAlarmToneConfig  *config,
               const char                  *name,
               double                       pulse_ms,
               double                       gap_ms,
               double                       ts_min,
               double                       ts_max,
               GError                     **error)
{
  double ts = gap_ms + 2.0 * RAMP_P90 * config->ramp_fraction * pulse_ms;

  if (!in_range (gap_ms, 0.0, 5000.0) || !in_range (ts, ts_min, ts_max))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The %s gap of %.0f ms gives a pulse spacing of %.0f ms; "
                     "IEC 60601-1-8 asks for %.0f–%.0f ms. Correct the alarm sound settings."),
                   name, gap_ms, ts, ts_min, ts_max);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_alarm_tone_config_validate:
 * @config: a configuration
 * @error: the first problem found, in words the person editing the
 *   settings can act on
 *
 * Checks @config against IEC 60601-1-8 (tables 3 and 4), measuring
 * durations and spacings between the 90 % points of the envelope as the
 * standard does. The pause between the fifth and sixth high-priority pulse
 * and the 3 + 2 split are checked too; the interval between bursts is the
 * alarm engine's.
 *
 * Returns: %TRUE if @config can be used for alarms
 */
gboolean
vigil_alarm_tone_config_validate (const VigilAlarmToneConfig  *config,
                                  GError                     **error)
{
  double r, rise_share, x, td, split_ts, split_want;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (config->rate_hz < 16000 || config->rate_hz > 192000)
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The alarm sound sample rate %u Hz is outside 16000–192000 Hz. "
                     "Correct the alarm sound settings."), config->rate_hz);
      return FALSE;
    }

  /* IEC: rise time (10 → 90 %) between 10 and 20 % of td. */
  r = config->ramp_fraction;
  rise_share = in_range (r, 0.0, 0.3)
             ? (RAMP_P90 - RAMP_P10) * r / (1.0 - 2.0 * RAMP_P90 * r)
             : NAN;
  if (!in_range (rise_share, 0.10, 0.20))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("Alarm pulse ramps of %.0f %% of the pulse give a rise time outside "
                     "the 10–20 %% of the pulse duration that IEC 60601-1-8 asks for; "
                     "use about 20 %%."), r * 100.0);
      return FALSE;
    }
  if (!in_range (config->alarm_level, 0.01, 1.0))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The alarm level %.2f is outside 0.01–1 of full scale. "
                     "Correct the alarm sound settings."), config->alarm_level);
      return FALSE;
    }

  /* The standard gives medium and low 125–250 ms; medium stays at or under
   * 200 ms so its bursts stay short next to the high priority's. */
  if (!check_alarm_pulse (config, _("high-priority"), config->high_frequency_hz,
                          config->high_pulse_ms, 75.0, 200.0, error) ||
      !check_alarm_pulse (config, _("medium-priority"), config->medium_frequency_hz,
                          config->medium_pulse_ms, 125.0, 200.0, error) ||
      !check_alarm_pulse (config, _("low-priority"), config->low_frequency_hz,
                          config->low_pulse_ms, 125.0, 250.0, error))
    return FALSE;

  if (!check_spacing (config, _("high-priority"), config->high_pulse_ms,
                      config->high_gap_ms, 50.0, 125.0, error) ||
      !check_spacing (config, _("high-priority pause"), config->high_pulse_ms,
                      config->high_pause_ms, 350.0, 1300.0, error) ||
      !check_spacing (config, _("medium-priority"), config->medium_pulse_ms,
                      config->medium_gap_ms, 125.0, 250.0, error))
    return FALSE;

  /* Between the third and fourth pulse IEC asks for 2x + td: the place of
   * one missing pulse. */
  x = config->high_gap_ms + 2.0 * RAMP_P90 * r * config->high_pulse_ms;
  td = config->high_pulse_ms - 2.0 * RAMP_P90 * r * config->high_pulse_ms;
  split_ts = config->high_split_gap_ms + 2.0 * RAMP_P90 * r * config->high_pulse_ms;
  split_want = 2.0 * x + td;
  if (!in_range (split_ts, 0.95 * split_want, 1.05 * split_want))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The high-priority gap between the third and fourth pulse is %.0f ms; "
                     "IEC 60601-1-8 asks for twice the gap plus one pulse, %.0f ms."),
                   config->high_split_gap_ms, 2.0 * config->high_gap_ms + config->high_pulse_ms);
      return FALSE;
    }

  if (!in_range (config->tail_ms, 0.0, 5000.0))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The silence after a burst, %.0f ms, is outside 0–5000 ms. "
                     "Correct the alarm sound settings."), config->tail_ms);
      return FALSE;
    }

  /* The chime must stay clearly softer than any alarm (6 dB at least). */
  if (!in_range (config->info_frequency_hz[0], 150.0, 5000.0) ||
      !in_range (config->info_frequency_hz[1], 150.0, 5000.0) ||
      !in_range (config->info_note_ms, 50.0, 3000.0) ||
      !in_range (config->info_offset_ms, 0.0, config->info_note_ms) ||
      !in_range (config->info_decay_ms, 10.0, 3000.0) ||
      !in_range (config->info_level, 0.01, config->alarm_level / 2.0))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The information chime settings are out of range: pitches 150–5000 Hz, "
                     "notes 50–3000 ms, and a level at most half the alarm level (%.2f). "
                     "Correct the alarm sound settings."), config->alarm_level / 2.0);
      return FALSE;
    }

  if (!in_range (config->self_test_frequency_hz, 150.0, 1000.0) ||
      !in_range (config->self_test_ms, 20.0, 1000.0) ||
      !in_range (config->self_test_level, 0.01, 1.0))
    {
      g_set_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG,
                   _("The start-up test tone settings are out of range: pitch 150–1000 Hz, "
                     "20–1000 ms, level 0.01–1. Correct the alarm sound settings."));
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_alarm_tone_kind_for_priority:
 * @priority: an alarm priority other than NONE
 *
 * Returns: the burst that sounds for @priority
 */
VigilAlarmToneKind
vigil_alarm_tone_kind_for_priority (VigilAlarmPriority priority)
{
  switch (priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:
      return VIGIL_ALARM_TONE_HIGH;
    case VIGIL_ALARM_PRIORITY_MEDIUM:
      return VIGIL_ALARM_TONE_MEDIUM;
    case VIGIL_ALARM_PRIORITY_LOW:
      return VIGIL_ALARM_TONE_LOW;
    case VIGIL_ALARM_PRIORITY_NONE:
    default:
      g_return_val_if_reached (VIGIL_ALARM_TONE_LOW);
    }
}

/**
 * vigil_alarm_tone_kind_get_urgency:
 * @kind: a sound
 *
 * Returns: a rank, higher for the more urgent sound: a burst of a more
 *   urgent sound may cut a less urgent one short
 */
int
vigil_alarm_tone_kind_get_urgency (VigilAlarmToneKind kind)
{
  switch (kind)
    {
    case VIGIL_ALARM_TONE_HIGH:
      return 4;
    case VIGIL_ALARM_TONE_MEDIUM:
      return 3;
    case VIGIL_ALARM_TONE_LOW:
      return 2;
    case VIGIL_ALARM_TONE_INFO:
      return 1;
    case VIGIL_ALARM_TONE_SELF_TEST:
    default:
      return 0;
    }
}

static guint
ms_to_samples (const VigilAlarmToneConfig *config,
               double                      ms)
{
  return (guint) lround (ms * config->rate_hz / 1000.0);
}

static double
raised_cosine (guint i,
               guint ramp)
{
  return 0.5 * (1.0 - cos (G_PI * i / ramp));
}

/* One alarm pulse: the fundamental and its harmonics, each harmonic_step_db
 * below the one before, under a raised-cosine rise and fall; the peak is
 * scaled to @level of full scale. */
static gint16 *
synthesise_pulse (const VigilAlarmToneConfig *config,
                  double                      frequency,
                  guint                       n_samples,
                  double                      level)
{
  g_autofree double *wave = g_new0 (double, n_samples);
  gint16 *pulse = g_new0 (gint16, n_samples);
  guint ramp = MAX (1, (guint) lround (config->ramp_fraction * n_samples));
  double peak = 0.0;

  for (guint k = 1; k <= config->n_harmonics + 1; k++)
    {
      double f = k * frequency;
      double amplitude = pow (10.0, (k - 1) * config->harmonic_step_db / 20.0);

      /* A partial at or above Nyquist would alias into a wrong pitch. */
      if (2.0 * f >= config->rate_hz)
        break;
      for (guint i = 0; i < n_samples; i++)
        wave[i] += amplitude * sin (2.0 * G_PI * f * i / config->rate_hz);
    }

  for (guint i = 0; i < n_samples; i++)
    {
      double envelope = 1.0;

      if (i < ramp)
        envelope = raised_cosine (i, ramp);
      else if (i >= n_samples - ramp)
        envelope = raised_cosine (n_samples - 1 - i, ramp);
      wave[i] *= envelope;
      peak = MAX (peak, fabs (wave[i]));
    }

  for (guint i = 0; i < n_samples && peak > 0.0; i++)
    pulse[i] = GINT16_TO_LE ((gint16) lround (CLAMP (wave[i] * level * G_MAXINT16 / peak,
                                                     -G_MAXINT16, G_MAXINT16)));
  return pulse;
}

static void
build_burst (VigilAlarmTone *self,
             Sound          *sound,
             double          frequency,
             double          pulse_ms,
             double          level,
             const double   *gaps_ms,
             guint           n_pulses)
{
  const VigilAlarmToneConfig *config = &self->config;
  guint pulse_samples = ms_to_samples (config, pulse_ms);
  g_autofree gint16 *pulse = synthesise_pulse (config, frequency, pulse_samples, level);
  guint position = 0;
  gint16 *samples;
  guint n_samples;

  g_assert (n_pulses >= 1 && n_pulses <= MAX_PULSES);

  for (guint i = 0; i < n_pulses; i++)
    {
      sound->onsets[i] = position;
      position += pulse_samples;
      if (i + 1 < n_pulses)
        position += ms_to_samples (config, gaps_ms[i]);
    }
  n_samples = position + ms_to_samples (config, config->tail_ms);

  samples = g_new0 (gint16, n_samples);
  for (guint i = 0; i < n_pulses; i++)
    memcpy (samples + sound->onsets[i], pulse, pulse_samples * sizeof (gint16));

  sound->n_onsets = n_pulses;
  sound->pulse_samples = pulse_samples;
  sound->frequency = frequency;
  sound->n_samples = n_samples;
  sound->pcm = g_bytes_new_take (samples, n_samples * sizeof (gint16));
}

/* Two sine notes, a fast raised-cosine attack and an exponential decay that
 * a raised-cosine fade takes to zero at the end of the note: a chime, with
 * no harmonics and no plateau, so nobody takes it for an alarm. */
static void
build_info (VigilAlarmTone *self,
            Sound          *sound)
{
  const VigilAlarmToneConfig *config = &self->config;
  guint note = ms_to_samples (config, config->info_note_ms);
  guint offset = ms_to_samples (config, config->info_offset_ms);
  guint attack = MAX (1, ms_to_samples (config, 8.0));
  guint fade = MAX (1, note / 5);
  guint end = offset + note;
  guint n_samples = end + ms_to_samples (config, config->tail_ms);
  g_autofree double *wave = g_new0 (double, n_samples);
  gint16 *samples = g_new0 (gint16, n_samples);
  double peak = 0.0;

  for (guint n = 0; n < 2; n++)
    {
      guint start = n * offset;
      double f = config->info_frequency_hz[n];

      for (guint i = 0; i < note; i++)
        {
          double envelope = exp (-(i / (double) config->rate_hz) * 1000.0 / config->info_decay_ms);

          if (i < attack)
            envelope *= raised_cosine (i, attack);
          if (i >= note - fade)
            envelope *= raised_cosine (note - 1 - i, fade);
          wave[start + i] += envelope * sin (2.0 * G_PI * f * i / config->rate_hz);
        }
      sound->onsets[n] = start;
    }

  for (guint i = 0; i < n_samples; i++)
    peak = MAX (peak, fabs (wave[i]));
  for (guint i = 0; i < n_samples && peak > 0.0; i++)
    samples[i] = GINT16_TO_LE ((gint16) lround (wave[i] * config->info_level * G_MAXINT16 / peak));

  sound->n_onsets = 2;
  sound->pulse_samples = note;
  sound->frequency = config->info_frequency_hz[0];
  sound->n_samples = n_samples;
  sound->pcm = g_bytes_new_take (samples, n_samples * sizeof (gint16));
}

static void
vigil_alarm_tone_finalize (GObject *object)
{
  VigilAlarmTone *self = VIGIL_ALARM_TONE (object);

  for (guint i = 0; i < VIGIL_ALARM_TONE_N_KINDS; i++)
    g_clear_pointer (&self->sounds[i].pcm, g_bytes_unref);

  G_OBJECT_CLASS (vigil_alarm_tone_parent_class)->finalize (object);
}

static void
vigil_alarm_tone_class_init (VigilAlarmToneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_alarm_tone_finalize;
}

static void
vigil_alarm_tone_init (VigilAlarmTone *self)
{
}

/**
 * vigil_alarm_tone_new:
 * @config: (nullable): the settings, or %NULL for the factory settings
 * @error: why @config cannot be used
 *
 * Validates @config and synthesises every sound.
 *
 * Returns: (transfer full) (nullable): the sounds, or %NULL if @config
 *   breaks IEC 60601-1-8
 */
VigilAlarmTone *
vigil_alarm_tone_new (const VigilAlarmToneConfig  *config,
                      GError                     **error)
{
  g_autoptr(VigilAlarmTone) self = NULL;
  VigilAlarmToneConfig defaults;
  const VigilAlarmToneConfig *c;
  double high_gaps[9];   /* 3 + 2, pause, 3 + 2 */
  double medium_gaps[2];

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config == NULL)
    {
      vigil_alarm_tone_config_init (&defaults);
      config = &defaults;
    }
  if (!vigil_alarm_tone_config_validate (config, error))
    return NULL;

  self = g_object_new (VIGIL_TYPE_ALARM_TONE, NULL);
  self->config = *config;
  c = &self->config;

  high_gaps[0] = high_gaps[1] = high_gaps[3] = c->high_gap_ms;
  high_gaps[2] = c->high_split_gap_ms;
  high_gaps[4] = c->high_pause_ms;
  memcpy (high_gaps + 5, high_gaps, 4 * sizeof (double));
  medium_gaps[0] = medium_gaps[1] = c->medium_gap_ms;

  build_burst (self, &self->sounds[VIGIL_ALARM_TONE_HIGH], c->high_frequency_hz,
               c->high_pulse_ms, c->alarm_level, high_gaps, 10);
  build_burst (self, &self->sounds[VIGIL_ALARM_TONE_MEDIUM], c->medium_frequency_hz,
               c->medium_pulse_ms, c->alarm_level, medium_gaps, 3);
  build_burst (self, &self->sounds[VIGIL_ALARM_TONE_LOW], c->low_frequency_hz,
               c->low_pulse_ms, c->alarm_level, NULL, 1);
  build_burst (self, &self->sounds[VIGIL_ALARM_TONE_SELF_TEST], c->self_test_frequency_hz,
               c->self_test_ms, c->self_test_level, NULL, 1);
  build_info (self, &self->sounds[VIGIL_ALARM_TONE_INFO]);

  return g_steal_pointer (&self);
}

/**
 * vigil_alarm_tone_get_config:
 * @self: the sounds
 *
 * Returns: (transfer none): the settings the sounds were made from
 */
const VigilAlarmToneConfig *
vigil_alarm_tone_get_config (VigilAlarmTone *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), NULL);

  return &self->config;
}

guint
vigil_alarm_tone_get_rate (VigilAlarmTone *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), 0);

  return self->config.rate_hz;
}

static Sound *
get_sound (VigilAlarmTone     *self,
           VigilAlarmToneKind  kind)
{
  g_assert ((guint) kind < VIGIL_ALARM_TONE_N_KINDS);
  return &self->sounds[kind];
}

/**
 * vigil_alarm_tone_get_pcm:
 * @self: the sounds
 * @kind: which sound
 *
 * Returns: (transfer none): the whole burst as mono S16LE samples at
 *   vigil_alarm_tone_get_rate(), from the first pulse's first sample to the
 *   end of the tail of silence
 */
GBytes *
vigil_alarm_tone_get_pcm (VigilAlarmTone     *self,
                          VigilAlarmToneKind  kind)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), NULL);
  g_return_val_if_fail ((guint) kind < VIGIL_ALARM_TONE_N_KINDS, NULL);

  return get_sound (self, kind)->pcm;
}

guint
vigil_alarm_tone_get_n_samples (VigilAlarmTone     *self,
                                VigilAlarmToneKind  kind)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), 0);
  g_return_val_if_fail ((guint) kind < VIGIL_ALARM_TONE_N_KINDS, 0);

  return get_sound (self, kind)->n_samples;
}

gint64
vigil_alarm_tone_get_duration_us (VigilAlarmTone     *self,
                                  VigilAlarmToneKind  kind)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), 0);
  g_return_val_if_fail ((guint) kind < VIGIL_ALARM_TONE_N_KINDS, 0);

  return (gint64) get_sound (self, kind)->n_samples * G_USEC_PER_SEC / self->config.rate_hz;
}

/**
 * vigil_alarm_tone_get_onsets:
 * @self: the sounds
 * @kind: which sound
 * @n_onsets: (out): the number of pulses
 *
 * Returns: (transfer none) (array length=n_onsets): the sample index at
 *   which every pulse (or chime note) starts
 */
const guint *
vigil_alarm_tone_get_onsets (VigilAlarmTone     *self,
                             VigilAlarmToneKind  kind,
                             guint              *n_onsets)
{
  Sound *sound;

  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), NULL);
  g_return_val_if_fail ((guint) kind < VIGIL_ALARM_TONE_N_KINDS, NULL);
  g_return_val_if_fail (n_onsets != NULL, NULL);

  sound = get_sound (self, kind);
  *n_onsets = sound->n_onsets;
  return sound->onsets;
}

guint
vigil_alarm_tone_get_pulse_samples (VigilAlarmTone     *self,
                                    VigilAlarmToneKind  kind)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), 0);
  g_return_val_if_fail ((guint) kind < VIGIL_ALARM_TONE_N_KINDS, 0);

  return get_sound (self, kind)->pulse_samples;
}

/**
 * vigil_alarm_tone_get_frequency:
 * @self: the sounds
 * @kind: which sound
 *
 * Returns: the fundamental in Hz (for the chime, its first note)
 */
double
vigil_alarm_tone_get_frequency (VigilAlarmTone     *self,
                                VigilAlarmToneKind  kind)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), 0.0);
  g_return_val_if_fail ((guint) kind < VIGIL_ALARM_TONE_N_KINDS, 0.0);

  return get_sound (self, kind)->frequency;
}
