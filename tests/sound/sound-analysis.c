/* sound-analysis.c — measure synthesised or recorded alarm sounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sound-analysis.h"

#include <math.h>

double *
sound_samples_from_s16le (const guint8 *data,
                          gsize         size,
                          guint        *n_samples)
{
  guint n = size / 2;
  double *samples = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      gint16 v = (gint16) (data[2 * i] | (data[2 * i + 1] << 8));

      samples[i] = v / 32768.0;
    }
  *n_samples = n;
  return samples;
}

double
sound_samples_to_ms (guint samples,
                     guint rate)
{
  return samples * 1000.0 / rate;
}

/* Centred moving RMS over 2h + 1 samples: symmetric, so it does not shift
 * the 10 % and 90 % points of a symmetric ramp. */
static double *
rms_envelope (const double *samples,
              guint         n,
              guint         h)
{
  double *envelope = g_new0 (double, MAX (n, 1));
  double sum = 0.0;
  guint lo = 0, hi = 0;  /* the window is [lo, hi) */

  for (guint i = 0; i < n; i++)
    {
      guint want_lo = i > h ? i - h : 0;
      guint want_hi = MIN (n, i + h + 1);

      while (hi < want_hi)
        {
          sum += samples[hi] * samples[hi];
          hi++;
        }
      while (lo < want_lo)
        {
          sum -= samples[lo] * samples[lo];
          lo++;
        }
      envelope[i] = sqrt (MAX (sum, 0.0) / (2 * h + 1));
    }
  return envelope;
}

/* A segment multiplied by a Hann window once, for many Goertzel runs. */
typedef struct
{
  double *x;
  guint   n;
  guint   rate;
  double  window_sum;
} Windowed;

static void
windowed_init (Windowed     *w,
               const double *samples,
               guint         n,
               guint         rate)
{
  w->x = g_new (double, MAX (n, 1));
  w->n = n;
  w->rate = rate;
  w->window_sum = 0.0;
  for (guint i = 0; i < n; i++)
    {
      double window = n > 1 ? 0.5 - 0.5 * cos (2.0 * G_PI * i / (n - 1)) : 1.0;

      w->x[i] = samples[i] * window;
      w->window_sum += window;
    }
}

static void
windowed_clear (Windowed *w)
{
  g_clear_pointer (&w->x, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Windowed, windowed_clear)

static double
goertzel (const Windowed *w,
          double          frequency)
{
  double coeff = 2.0 * cos (2.0 * G_PI * frequency / w->rate);
  double s1 = 0.0, s2 = 0.0, power;

  if (w->n < 2)
    return 0.0;
  for (guint i = 0; i < w->n; i++)
    {
      double s = w->x[i] + coeff * s1 - s2;

      s2 = s1;
      s1 = s;
    }
  power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return 2.0 * sqrt (MAX (power, 0.0)) / w->window_sum;
}

double
sound_tone_amplitude (const double *samples,
                      guint         n,
                      guint         rate,
                      double        frequency)
{
  g_auto(Windowed) w = { 0 };

  windowed_init (&w, samples, n, rate);
  return goertzel (&w, frequency);
}

/* The strongest component near @frequency (±@span Hz), refined. */
static double
refine_peak (const Windowed *w,
             double          frequency,
             double          span,
             double         *amplitude)
{
  double best = frequency, best_amplitude = -1.0;

  for (double step = span / 10.0; step >= 0.01; step /= 10.0)
    {
      double centre = best;

      for (double f = centre - 10 * step; f <= centre + 10 * step; f += step)
        {
          double a = goertzel (w, f);

          if (a > best_amplitude)
            {
              best_amplitude = a;
              best = f;
            }
        }
    }
  if (amplitude)
    *amplitude = best_amplitude;
  return best;
}

double
sound_find_fundamental (const double *samples,
                        guint         n,
                        guint         rate,
                        double        min_hz,
                        double        max_hz)
{
  g_auto(Windowed) w = { 0 };
  double peak_hz = min_hz, peak_amplitude = 0.0;

  windowed_init (&w, samples, n, rate);
  for (double f = min_hz; f <= 4000.0 && f < rate / 2.0; f += 2.0)
    {
      double a = goertzel (&w, f);

      if (a > peak_amplitude)
        {
          peak_amplitude = a;
          peak_hz = f;
        }
    }
  peak_hz = refine_peak (&w, peak_hz, 2.0, &peak_amplitude);

  /* The strongest component may be a harmonic: the fundamental is the
   * lowest sub-multiple still within 15 dB of it. */
  for (guint k = 8; k >= 1; k--)
    {
      double f = peak_hz / k, a;

      if (f < min_hz || f > max_hz)
        continue;
      f = refine_peak (&w, f, 1.0, &a);
      if (a >= peak_amplitude * pow (10.0, -15.0 / 20.0))
        return f;
    }
  return peak_hz;
}

guint
sound_count_harmonics (const double *samples,
                       guint         n,
                       guint         rate,
                       double        fundamental,
                       double       *levels_db,
                       guint         max_levels,
                       guint        *n_levels)
{
  g_auto(Windowed) w = { 0 };
  double a1;
  guint count = 0, n_out = 0;

  windowed_init (&w, samples, n, rate);
  a1 = goertzel (&w, fundamental);
  for (guint k = 2; k * fundamental <= 4000.0 && k * fundamental < rate / 2.0; k++)
    {
      double f = k * fundamental, a, db;

      if (f < 300.0)
        continue;
      refine_peak (&w, f, 2.0, &a);
      db = 20.0 * log10 (MAX (a, 1e-12) / a1);
      if (fabs (db) <= 15.0)
        count++;
      if (levels_db && n_out < max_levels)
        levels_db[n_out] = db;
      n_out++;
    }
  if (n_levels)
    *n_levels = MIN (n_out, max_levels);
  return count;
}

/* From @from, walk in @direction until @run zero samples in a row (or the
 * end); returns the last non-zero sample met. */
static guint
extend_to_silence (const double *samples,
                   guint         n,
                   guint         from,
                   int           direction,
                   guint         run)
{
  guint last_sound = from, zeros = 0;

  for (gint64 j = from; j >= 0 && j < n && zeros < run; j += direction)
    {
      if (samples[j] != 0.0)
        {
          last_sound = (guint) j;
          zeros = 0;
        }
      else
        zeros++;
    }
  return last_sound;
}

/* Two passes: a coarse envelope (window ≥ one period of 150 Hz) finds the
 * stretches of sound; within each, the fundamental gives a one-period
 * window for the fine envelope that the timing is read from. */
GArray *
sound_find_pulses (const double *samples,
                   guint         n,
                   guint         rate)
{
  GArray *pulses = g_array_new (FALSE, TRUE, sizeof (SoundPulse));
  guint coarse_h = rate / 300 + 1;
  g_autofree double *coarse = rms_envelope (samples, n, coarse_h);
  double coarse_max = 0.0;
  guint i = 0;

  for (guint j = 0; j < n; j++)
    coarse_max = MAX (coarse_max, coarse[j]);
  if (coarse_max <= 0.0)
    return pulses;

  while (i < n)
    {
      SoundPulse pulse = { 0 };
      guint a, b, lo, hi, mid_lo, mid_hi, h;
      g_autofree double *fine = NULL;
      double fine_max = 0.0;

      while (i < n && coarse[i] < 0.05 * coarse_max)
        i++;
      if (i >= n)
        break;
      a = i;
      while (i < n && coarse[i] >= 0.05 * coarse_max)
        i++;
      b = i;  /* [a, b) */

      /* The ramps' first and last samples are below the coarse threshold:
       * the sound starts after, and ends before, 2 ms of digital silence. */
      lo = extend_to_silence (samples, n, a, -1, rate / 500);
      hi = extend_to_silence (samples, n, b - 1, +1, rate / 500) + 1;
      i = MAX (i, hi);
      mid_lo = a + (b - a) / 4;
      mid_hi = b - (b - a) / 4;
      pulse.frequency = sound_find_fundamental (samples + mid_lo, mid_hi - mid_lo, rate, 100.0, 2000.0);
      h = MAX (1, (guint) lround (rate / pulse.frequency / 2.0));
      fine = rms_envelope (samples + lo, hi - lo, h);

      for (guint j = 0; j < hi - lo; j++)
        fine_max = MAX (fine_max, fine[j]);

      pulse.first = pulse.r10 = pulse.r90 = pulse.r99 = G_MAXUINT;
      for (guint j = lo; j < hi; j++)
        {
          double e = fine[j - lo] / fine_max;

          if (samples[j] != 0.0)
            {
              pulse.first = MIN (pulse.first, j);
              pulse.last = j;
            }
          pulse.peak = MAX (pulse.peak, fabs (samples[j]));
          if (e >= 0.1)
            {
              if (pulse.r10 == G_MAXUINT)
                pulse.r10 = j;
              pulse.f10 = j;
            }
          if (e >= 0.99)
            {
              if (pulse.r99 == G_MAXUINT)
                pulse.r99 = j;
              pulse.f99 = j;
            }
          if (e >= 0.9)
            {
              if (pulse.r90 == G_MAXUINT)
                pulse.r90 = j;
              pulse.f90 = j;
            }
        }
      g_array_append_val (pulses, pulse);
    }
  return pulses;
}
