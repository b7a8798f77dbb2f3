/* test-alarm-tone.c — the synthesised alarm sounds, measured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every sound is analysed from its samples alone (pulse envelope, Goertzel
 * scan) and checked against IEC 60601-1-8 and CLINICAL.md. IEC measures the
 * effective pulse duration td and the pulse spacing ts between the 90 %
 * points of the envelope; onset-to-onset is printed too.
 */
#include <math.h>

#include "sound-analysis.h"
#include "vigil-alarm-tone.h"

typedef struct
{
  VigilAlarmTone *tone;
  double         *samples;
  guint           n_samples;
  guint           rate;
  GArray         *pulses;
} Analysis;

static void
analysis_clear (Analysis *a)
{
  g_clear_object (&a->tone);
  g_clear_pointer (&a->samples, g_free);
  g_clear_pointer (&a->pulses, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Analysis, analysis_clear)

static void
analyse (Analysis           *a,
         VigilAlarmTone     *tone,
         VigilAlarmToneKind  kind)
{
  GBytes *pcm = vigil_alarm_tone_get_pcm (tone, kind);
  gsize size;
  const guint8 *data = g_bytes_get_data (pcm, &size);

  a->tone = g_object_ref (tone);
  a->rate = vigil_alarm_tone_get_rate (tone);
  a->samples = sound_samples_from_s16le (data, size, &a->n_samples);
  a->pulses = sound_find_pulses (a->samples, a->n_samples, a->rate);
  g_assert_cmpuint (a->n_samples, ==, vigil_alarm_tone_get_n_samples (tone, kind));
}

static const SoundPulse *
pulse_at (Analysis *a,
          guint     i)
{
  g_assert_cmpuint (i, <, a->pulses->len);
  return &g_array_index (a->pulses, SoundPulse, i);
}

static double
ms (Analysis *a,
    double    samples)
{
  return samples * 1000.0 / a->rate;
}

/* IEC spacing: from the 90 % point of one pulse's fall to the 90 % point of
 * the next one's rise. */
static double
spacing_ms (Analysis *a,
            guint     i)
{
  return ms (a, (double) pulse_at (a, i + 1)->r90 - pulse_at (a, i)->f90);
}

static double
onset_to_onset_ms (Analysis *a,
                   guint     i)
{
  return ms (a, (double) pulse_at (a, i + 1)->first - pulse_at (a, i)->first);
}

/* No sample at full scale, and the sound ends in silence: no continuous tone. */
static void
check_no_clipping_and_silent_end (Analysis   *a,
                                  const char *name)
{
  guint clipped = 0;
  double peak = 0.0;

  for (guint i = 0; i < a->n_samples; i++)
    {
      double v = fabs (a->samples[i]);

      peak = MAX (peak, v);
      if (v >= 32767.0 / 32768.0)
        clipped++;
    }
  g_assert_cmpuint (clipped, ==, 0);
  g_assert_cmpfloat (a->samples[a->n_samples - 1], ==, 0.0);
  for (guint i = 0; i < a->pulses->len; i++)
    g_assert_cmpfloat (ms (a, pulse_at (a, i)->last - pulse_at (a, i)->first), <, 1500.0);
  g_test_message ("%s: peak %.3f of full scale (%.1f dBFS), %u clipped samples, "
                  "%.0f ms of silence at the end",
                  name, peak, 20.0 * log10 (peak), clipped,
                  ms (a, a->n_samples - 1 - pulse_at (a, a->pulses->len - 1)->last));
}

/* One alarm pulse against IEC 60601-1-8 table 4 and CLINICAL.md. */
static void
check_alarm_pulse (Analysis   *a,
                   const char *name,
                   guint       index,
                   double      expected_hz,
                   double      td_min,
                   double      td_max)
{
  const SoundPulse *p = pulse_at (a, index);
  guint plateau_lo = p->r90, plateau_hi = p->f90;
  double f0, td, rise, fall, ramp_in, ramp_out, full, levels[16];
  guint n_levels, harmonics;
  g_autoptr(GString) level_text = g_string_new (NULL);

  g_assert_cmpuint (p->r90, !=, G_MAXUINT);
  g_assert_cmpuint (p->r99, !=, G_MAXUINT);

  f0 = sound_find_fundamental (a->samples + plateau_lo, plateau_hi - plateau_lo, a->rate, 100.0, 2000.0);
  harmonics = sound_count_harmonics (a->samples + plateau_lo, plateau_hi - plateau_lo, a->rate, f0,
                                     levels, G_N_ELEMENTS (levels), &n_levels);
  for (guint k = 0; k < n_levels; k++)
    if (levels[k] > -60.0)
      g_string_append_printf (level_text, "%s%uf %+.1f dB", k ? ", " : "", k + 2, levels[k]);
    else
      g_string_append_printf (level_text, "%s%uf absent", k ? ", " : "", k + 2);

  td = ms (a, p->f90 - p->r90);
  rise = ms (a, p->r90 - p->r10);
  fall = ms (a, p->f10 - p->f90);
  full = ms (a, p->last - p->first + 1);
  ramp_in = ms (a, p->r99 - p->first);
  ramp_out = ms (a, p->last - p->f99);

  if (index == 0)
    g_test_message ("%s pulse: fundamental %.1f Hz; %u harmonics in 300–4000 Hz within ±15 dB (%s); "
                    "td (90 %%→90 %%) %.1f ms, whole pulse %.1f ms; rise 10→90 %% %.1f ms = %.1f %% of td, "
                    "fall %.1f ms; ramps (silence→plateau) %.1f / %.1f ms = %.0f %% / %.0f %% of the pulse",
                    name, f0, harmonics, level_text->str, td, full, rise, 100.0 * rise / td,
                    fall, ramp_in, ramp_out, 100.0 * ramp_in / full, 100.0 * ramp_out / full);

  g_assert_cmpfloat (f0, >=, 150.0);
  g_assert_cmpfloat (f0, <=, 1000.0);
  g_assert_cmpfloat_with_epsilon (f0, expected_hz, expected_hz * 0.005);
  g_assert_cmpfloat_with_epsilon (p->frequency, expected_hz, expected_hz * 0.01);
  g_assert_cmpuint (harmonics, >=, 4);

  g_assert_cmpfloat (td, >=, td_min);
  g_assert_cmpfloat (td, <=, td_max);
  /* IEC: rise time 10–20 % of td; CLINICAL.md: ramps about 20 % of the pulse. */
  g_assert_cmpfloat (rise / td, >=, 0.10);
  g_assert_cmpfloat (rise / td, <=, 0.20);
  g_assert_cmpfloat (fall / td, >=, 0.10);
  g_assert_cmpfloat (fall / td, <=, 0.20);
  g_assert_cmpfloat_with_epsilon (ramp_in / full, 0.20, 0.04);
  g_assert_cmpfloat_with_epsilon (ramp_out / full, 0.20, 0.04);

  /* It starts and ends from silence: the first and last samples are tiny. */
  g_assert_cmpfloat (a->samples[p->first - 1], ==, 0.0);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (fabs (a->samples[p->first + i]), <, 0.01 * p->peak);
      g_assert_cmpfloat (fabs (a->samples[p->last - i]), <, 0.01 * p->peak);
    }
}

static void
check_same_level (Analysis *a)
{
  double lo = G_MAXDOUBLE, hi = 0.0;

  /* IEC: at most 10 dB between any two pulses of a burst. */
  for (guint i = 0; i < a->pulses->len; i++)
    {
      lo = MIN (lo, pulse_at (a, i)->peak);
      hi = MAX (hi, pulse_at (a, i)->peak);
    }
  g_assert_cmpfloat (20.0 * log10 (hi / lo), <=, 1.0);
}

static void
check_schedule (Analysis           *a,
                VigilAlarmToneKind  kind)
{
  guint n_onsets;
  const guint *onsets = vigil_alarm_tone_get_onsets (a->tone, kind, &n_onsets);

  g_assert_cmpuint (n_onsets, ==, a->pulses->len);
  for (guint i = 0; i < n_onsets; i++)
    {
      /* The first audible sample comes a few samples into the ramp. */
      g_assert_cmpuint (pulse_at (a, i)->first, >=, onsets[i]);
      g_assert_cmpuint (pulse_at (a, i)->first, <=, onsets[i] + 12);
    }
}

static VigilAlarmTone *
default_tone (void)
{
  g_autoptr(GError) error = NULL;
  VigilAlarmTone *tone = vigil_alarm_tone_new (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tone);
  return tone;
}

static void
test_high (void)
{
  g_autoptr(VigilAlarmTone) tone = default_tone ();
  g_auto(Analysis) a = { 0 };
  double x[6], split[2], pause, onset[9], td;
  const guint regular[6] = { 0, 1, 3, 5, 6, 8 };

  analyse (&a, tone, VIGIL_ALARM_TONE_HIGH);
  g_assert_cmpuint (a.rate, ==, 48000);

  /* 10 pulses: 3 + 2, the pause, 3 + 2. */
  g_assert_cmpuint (a.pulses->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    check_alarm_pulse (&a, "HIGH", i, 660.0, 75.0, 200.0);
  check_same_level (&a);
  check_schedule (&a, VIGIL_ALARM_TONE_HIGH);
  check_no_clipping_and_silent_end (&a, "HIGH");

  for (guint i = 0; i < 9; i++)
    onset[i] = onset_to_onset_ms (&a, i);
  for (guint i = 0; i < G_N_ELEMENTS (regular); i++)
    x[i] = spacing_ms (&a, regular[i]);
  split[0] = spacing_ms (&a, 2);
  split[1] = spacing_ms (&a, 7);
  pause = spacing_ms (&a, 4);
  td = ms (&a, pulse_at (&a, 0)->f90 - pulse_at (&a, 0)->r90);

  g_test_message ("HIGH burst: 10 pulses as 5 + pause + 5 (each 5 as 3 + 2); "
                  "pulse spacing ts (90 %% fall → 90 %% rise) x = %.1f ms; 3rd→4th %.1f ms "
                  "(IEC 2x + td = %.1f); 5th→6th %.1f ms; onset to onset %.1f ms (3rd→4th %.1f, "
                  "5th→6th %.1f); burst %.0f ms of sound, %.0f ms with the tail",
                  x[0], split[0], 2 * x[0] + td, pause, onset[0], onset[2], onset[4],
                  ms (&a, pulse_at (&a, 9)->last - pulse_at (&a, 0)->first + 1),
                  vigil_alarm_tone_get_duration_us (tone, VIGIL_ALARM_TONE_HIGH) / 1000.0);

  /* IEC table 3: x 50–125 ms, the same within ±5 % through the burst. */
  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    {
      g_assert_cmpfloat (x[i], >=, 50.0);
      g_assert_cmpfloat (x[i], <=, 125.0);
      g_assert_cmpfloat_with_epsilon (x[i], x[0], 0.05 * x[0]);
    }
  /* Between the 3rd and 4th pulse: 2x + td; between the 5th and 6th:
   * 0.35–1.30 s, the longest silence, so the burst is heard as 5 + 5. */
  for (guint i = 0; i < 2; i++)
    g_assert_cmpfloat_with_epsilon (split[i], 2 * x[0] + td, 0.05 * (2 * x[0] + td));
  g_assert_cmpfloat (pause, >=, 350.0);
  g_assert_cmpfloat (pause, <=, 1300.0);
  for (guint i = 0; i < 9; i++)
    if (i != 4)
      g_assert_cmpfloat (spacing_ms (&a, i), <, pause);

  /* The engine repeats high bursts every 5 s; IEC wants ≥ 2.5 s between
   * the end of one burst and the start of the next. */
  g_assert_cmpfloat (5000.0 - ms (&a, pulse_at (&a, 9)->last - pulse_at (&a, 0)->first), >=, 2500.0);
}

static void
test_medium (void)
{
  g_autoptr(VigilAlarmTone) tone = default_tone ();
  g_auto(Analysis) a = { 0 };

  analyse (&a, tone, VIGIL_ALARM_TONE_MEDIUM);

  g_assert_cmpuint (a.pulses->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    check_alarm_pulse (&a, "MEDIUM", i, 523.0, 125.0, 200.0);
  check_same_level (&a);
  check_schedule (&a, VIGIL_ALARM_TONE_MEDIUM);
  check_no_clipping_and_silent_end (&a, "MEDIUM");

  g_test_message ("MEDIUM burst: 3 pulses; pulse spacing ts (90 %% → 90 %%) y = %.1f / %.1f ms; "
                  "onset to onset %.1f ms; burst %.0f ms of sound",
                  spacing_ms (&a, 0), spacing_ms (&a, 1), onset_to_onset_ms (&a, 0),
                  ms (&a, pulse_at (&a, 2)->last - pulse_at (&a, 0)->first + 1));
  for (guint i = 0; i < 2; i++)
    {
      /* IEC table 3: y 125–250 ms. */
      g_assert_cmpfloat (spacing_ms (&a, i), >=, 125.0);
      g_assert_cmpfloat (spacing_ms (&a, i), <=, 250.0);
    }
  g_assert_cmpfloat_with_epsilon (spacing_ms (&a, 1), spacing_ms (&a, 0), 0.05 * spacing_ms (&a, 0));
}

static void
test_low (void)
{
  g_autoptr(VigilAlarmTone) tone = default_tone ();
  g_auto(Analysis) a = { 0 };

  analyse (&a, tone, VIGIL_ALARM_TONE_LOW);

  g_assert_cmpuint (a.pulses->len, ==, 1);
  check_alarm_pulse (&a, "LOW", 0, 440.0, 125.0, 250.0);
  check_schedule (&a, VIGIL_ALARM_TONE_LOW);
  check_no_clipping_and_silent_end (&a, "LOW");
  g_test_message ("LOW burst: 1 pulse");
}

static void
test_self_test (void)
{
  g_autoptr(VigilAlarmTone) tone = default_tone ();
  g_auto(Analysis) a = { 0 };
  g_auto(Analysis) high = { 0 };

  analyse (&a, tone, VIGIL_ALARM_TONE_SELF_TEST);
  analyse (&high, tone, VIGIL_ALARM_TONE_HIGH);

  /* One short pulse, softer than the alarms. */
  g_assert_cmpuint (a.pulses->len, ==, 1);
  g_assert_cmpfloat (ms (&a, pulse_at (&a, 0)->last - pulse_at (&a, 0)->first), <=, 200.0);
  g_assert_cmpfloat (pulse_at (&a, 0)->peak, <, pulse_at (&high, 0)->peak);
  g_assert_cmpfloat_with_epsilon (pulse_at (&a, 0)->frequency, 587.0, 587.0 * 0.01);
  check_no_clipping_and_silent_end (&a, "SELF_TEST");
  g_test_message ("SELF_TEST: 1 pulse of %.0f ms at %.1f Hz, peak %.1f dBFS; %.0f ms in all",
                  ms (&a, pulse_at (&a, 0)->last - pulse_at (&a, 0)->first + 1),
                  pulse_at (&a, 0)->frequency, 20.0 * log10 (pulse_at (&a, 0)->peak),
                  vigil_alarm_tone_get_duration_us (tone, VIGIL_ALARM_TONE_SELF_TEST) / 1000.0);
}

/* The share of 10 ms windows in [first, last] whose level is within 2 dB
 * of the loudest one's. */
static double
share_near_peak (Analysis *a,
                 guint     first,
                 guint     last)
{
  guint window = a->rate / 100, n = (last - first + 1) / window, near = 0;
  g_autofree double *rms = g_new0 (double, MAX (n, 1));
  double max = 0.0;

  for (guint w = 0; w < n; w++)
    {
      for (guint i = 0; i < window; i++)
        rms[w] += a->samples[first + w * window + i] * a->samples[first + w * window + i];
      rms[w] = sqrt (rms[w] / window);
      max = MAX (max, rms[w]);
    }
  for (guint w = 0; w < n; w++)
    if (rms[w] >= 0.794 * max)
      near++;
  return n > 0 ? (double) near / n : 0.0;
}

/* The information chime must not pass for an alarm: no harmonics, no
 * plateau, at least 6 dB softer, and pitches none of the alarms use. */
static void
test_info (void)
{
  g_autoptr(VigilAlarmTone) tone = default_tone ();
  g_auto(Analysis) a = { 0 };
  g_auto(Analysis) high = { 0 };
  const VigilAlarmToneKind alarms[] = { VIGIL_ALARM_TONE_HIGH, VIGIL_ALARM_TONE_MEDIUM, VIGIL_ALARM_TONE_LOW };
  guint window = 48000 / 20, n_notes = 0, harmonics_max = 0;
  double notes[8], alarm_peak, plateau_share;
  const SoundPulse *p;

  analyse (&a, tone, VIGIL_ALARM_TONE_INFO);
  analyse (&high, tone, VIGIL_ALARM_TONE_HIGH);
  check_no_clipping_and_silent_end (&a, "INFO");

  /* One stretch of sound whose pitch changes once: two notes. */
  g_assert_cmpuint (a.pulses->len, ==, 1);
  p = pulse_at (&a, 0);
  for (guint start = p->first; start + window <= p->last; start += window)
    {
      double f = sound_find_fundamental (a.samples + start, window, a.rate, 100.0, 2000.0);
      guint harmonics = sound_count_harmonics (a.samples + start, window, a.rate, f, NULL, 0, NULL);

      harmonics_max = MAX (harmonics_max, harmonics);
      if (n_notes == 0 || fabs (f - notes[n_notes - 1]) > 0.03 * f)
        {
          g_assert_cmpuint (n_notes, <, G_N_ELEMENTS (notes));
          notes[n_notes++] = f;
        }
    }
  g_assert_cmpuint (n_notes, ==, 2);
  g_assert_cmpfloat_with_epsilon (notes[0], 1047.0, 1047.0 * 0.01);
  g_assert_cmpfloat_with_epsilon (notes[1], 784.0, 784.0 * 0.01);
  g_assert_cmpuint (harmonics_max, <, 4);
  g_assert_cmpuint (harmonics_max, ==, 0);

  for (guint k = 0; k < G_N_ELEMENTS (alarms); k++)
    for (guint n = 0; n < n_notes; n++)
      {
        double f = vigil_alarm_tone_get_frequency (tone, alarms[k]);

        g_assert_cmpfloat (fabs (notes[n] - f), >, 0.03 * f);
      }

  alarm_peak = pulse_at (&high, 0)->peak;
  g_assert_cmpfloat (20.0 * log10 (p->peak / alarm_peak), <=, -6.0);

  /* Alarm pulses hold their level for most of their length; the chime
   * decays at once. */
  plateau_share = share_near_peak (&a, p->first, p->last);
  g_assert_cmpfloat (share_near_peak (&high, pulse_at (&high, 0)->first, pulse_at (&high, 0)->last), >, 0.5);
  g_assert_cmpfloat (plateau_share, <, 0.15);

  g_test_message ("INFO chime: 2 notes, %.1f Hz then %.1f Hz, pure sine (harmonics within ±15 dB: %u), "
                  "peak %.1f dB relative to the alarms (%.1f dBFS), within 2 dB of its peak for %.0f %% of its "
                  "%.0f ms (an alarm pulse: %.0f %%)",
                  notes[0], notes[1], harmonics_max, 20.0 * log10 (p->peak / alarm_peak),
                  20.0 * log10 (p->peak), 100.0 * plateau_share, ms (&a, p->last - p->first + 1),
                  100.0 * share_near_peak (&high, pulse_at (&high, 0)->first, pulse_at (&high, 0)->last));
}

/* The analysis must be able to fail: a sine switched on and off with no
 * ramp has no rise time, and a pure sine has no harmonics. */
static void
test_detector (void)
{
  guint rate = 48000, n = rate / 2;
  g_autofree double *samples = g_new0 (double, n);
  g_autoptr(GArray) pulses = NULL;
  const SoundPulse *p;
  double rise, td;

  for (guint i = rate / 10; i < rate / 10 + rate / 5; i++)
    samples[i] = 0.5 * sin (2.0 * G_PI * 660.0 * i / rate);
  pulses = sound_find_pulses (samples, n, rate);
  g_assert_cmpuint (pulses->len, ==, 1);
  p = &g_array_index (pulses, SoundPulse, 0);
  rise = sound_samples_to_ms (p->r90 - p->r10, rate);
  td = sound_samples_to_ms (p->f90 - p->r90, rate);
  g_assert_cmpfloat (rise / td, <, 0.10);
  g_assert_cmpuint (sound_count_harmonics (samples + p->r90, p->f90 - p->r90, rate, 660.0, NULL, 0, NULL), ==, 0);
  g_assert_cmpfloat_with_epsilon (p->frequency, 660.0, 1.0);
}

static void
test_config (void)
{
  VigilAlarmToneConfig config;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilAlarmTone) tone = NULL;
  struct {
    const char *what;
    gsize       offset;
    double      value;
  } bad[] = {
    { "fundamental above 1000 Hz", G_STRUCT_OFFSET (VigilAlarmToneConfig, medium_frequency_hz), 1200.0 },
    { "fundamental below 150 Hz", G_STRUCT_OFFSET (VigilAlarmToneConfig, low_frequency_hz), 120.0 },
    { "only 3 harmonics below 4000 Hz", G_STRUCT_OFFSET (VigilAlarmToneConfig, high_frequency_hz), 900.0 },
    { "high pulse too short", G_STRUCT_OFFSET (VigilAlarmToneConfig, high_pulse_ms), 90.0 },
    { "medium pulse too long", G_STRUCT_OFFSET (VigilAlarmToneConfig, medium_pulse_ms), 400.0 },
    { "high spacing too wide", G_STRUCT_OFFSET (VigilAlarmToneConfig, high_gap_ms), 120.0 },
    { "medium spacing too close", G_STRUCT_OFFSET (VigilAlarmToneConfig, medium_gap_ms), 40.0 },
    { "5th–6th pause too short", G_STRUCT_OFFSET (VigilAlarmToneConfig, high_pause_ms), 150.0 },
    { "3rd–4th split wrong", G_STRUCT_OFFSET (VigilAlarmToneConfig, high_split_gap_ms), 40.0 },
    { "ramps too short", G_STRUCT_OFFSET (VigilAlarmToneConfig, ramp_fraction), 0.05 },
    { "ramps too long", G_STRUCT_OFFSET (VigilAlarmToneConfig, ramp_fraction), 0.30 },
    { "chime as loud as an alarm", G_STRUCT_OFFSET (VigilAlarmToneConfig, info_level), 0.70 },
    { "not a number", G_STRUCT_OFFSET (VigilAlarmToneConfig, high_pulse_ms), NAN },
  };

  vigil_alarm_tone_config_init (&config);
  g_assert_true (vigil_alarm_tone_config_validate (&config, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      vigil_alarm_tone_config_init (&config);
      G_STRUCT_MEMBER (double, &config, bad[i].offset) = bad[i].value;
      tone = vigil_alarm_tone_new (&config, &error);
      g_assert_null (tone);
      g_assert_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG);
      g_test_message ("rejected (%s): %s", bad[i].what, error->message);
      g_clear_error (&error);
    }

  vigil_alarm_tone_config_init (&config);
  config.n_harmonics = 3;
  g_assert_false (vigil_alarm_tone_config_validate (&config, &error));
  g_assert_error (error, VIGIL_ALARM_TONE_ERROR, VIGIL_ALARM_TONE_ERROR_INVALID_CONFIG);
  g_clear_error (&error);

  vigil_alarm_tone_config_init (&config);
  config.rate_hz = 8000;
  g_assert_false (vigil_alarm_tone_config_validate (&config, &error));
  g_clear_error (&error);

  g_assert_cmpint (vigil_alarm_tone_kind_for_priority (VIGIL_ALARM_PRIORITY_HIGH), ==, VIGIL_ALARM_TONE_HIGH);
  g_assert_cmpint (vigil_alarm_tone_kind_for_priority (VIGIL_ALARM_PRIORITY_MEDIUM), ==, VIGIL_ALARM_TONE_MEDIUM);
  g_assert_cmpint (vigil_alarm_tone_kind_for_priority (VIGIL_ALARM_PRIORITY_LOW), ==, VIGIL_ALARM_TONE_LOW);
  g_assert_cmpint (vigil_alarm_tone_kind_get_urgency (VIGIL_ALARM_TONE_HIGH), >,
                   vigil_alarm_tone_kind_get_urgency (VIGIL_ALARM_TONE_MEDIUM));
  g_assert_cmpint (vigil_alarm_tone_kind_get_urgency (VIGIL_ALARM_TONE_MEDIUM), >,
                   vigil_alarm_tone_kind_get_urgency (VIGIL_ALARM_TONE_LOW));
  g_assert_cmpint (vigil_alarm_tone_kind_get_urgency (VIGIL_ALARM_TONE_LOW), >,
                   vigil_alarm_tone_kind_get_urgency (VIGIL_ALARM_TONE_INFO));
}

/* The sounds follow the settings, not fixed numbers. */
static void
test_settings (void)
{
  VigilAlarmToneConfig config;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilAlarmTone) tone = NULL;
  g_auto(Analysis) high = { 0 };
  g_auto(Analysis) medium = { 0 };
  guint n_onsets;

  vigil_alarm_tone_config_init (&config);
  config.rate_hz = 44100;
  config.high_frequency_hz = 500.0;
  config.high_pulse_ms = 150.0;
  config.high_gap_ms = 60.0;
  config.high_split_gap_ms = 2 * 60.0 + 150.0;
  config.high_pause_ms = 700.0;
  config.medium_frequency_hz = 400.0;
  config.medium_gap_ms = 150.0;
  tone = vigil_alarm_tone_new (&config, &error);
  g_assert_no_error (error);

  analyse (&high, tone, VIGIL_ALARM_TONE_HIGH);
  analyse (&medium, tone, VIGIL_ALARM_TONE_MEDIUM);
  g_assert_cmpuint (high.rate, ==, 44100);
  g_assert_cmpuint (high.pulses->len, ==, 10);
  g_assert_cmpuint (medium.pulses->len, ==, 3);
  for (guint i = 0; i < 10; i++)
    check_alarm_pulse (&high, "HIGH (custom)", i, 500.0, 75.0, 200.0);
  for (guint i = 0; i < 3; i++)
    check_alarm_pulse (&medium, "MEDIUM (custom)", i, 400.0, 125.0, 200.0);

  /* Onset to onset is the pulse plus the gap, to the sample. */
  vigil_alarm_tone_get_onsets (tone, VIGIL_ALARM_TONE_HIGH, &n_onsets);
  g_assert_cmpuint (n_onsets, ==, 10);
  g_assert_cmpfloat_with_epsilon (onset_to_onset_ms (&high, 0), 150.0 + 60.0, 0.1);
  g_assert_cmpfloat_with_epsilon (onset_to_onset_ms (&high, 2), 150.0 + 270.0, 0.1);
  g_assert_cmpfloat_with_epsilon (onset_to_onset_ms (&high, 4), 150.0 + 700.0, 0.1);
  g_assert_cmpfloat_with_epsilon (onset_to_onset_ms (&medium, 0), 200.0 + 150.0, 0.1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/alarm-tone/config", test_config);
  g_test_add_func ("/vigil/alarm-tone/detector", test_detector);
  g_test_add_func ("/vigil/alarm-tone/high", test_high);
  g_test_add_func ("/vigil/alarm-tone/medium", test_medium);
  g_test_add_func ("/vigil/alarm-tone/low", test_low);
  g_test_add_func ("/vigil/alarm-tone/self-test", test_self_test);
  g_test_add_func ("/vigil/alarm-tone/info", test_info);
  g_test_add_func ("/vigil/alarm-tone/settings", test_settings);

  return g_test_run ();
}
