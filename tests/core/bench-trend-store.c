/* bench-trend-store.c — envelope from the pyramid vs. a brute-force scan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both run in the same process on the same data, in alternating rounds,
 * and each reports its best round: other processes on a busy machine slow
 * down rounds, never speed them up, so the best rounds are the comparable
 * ones. The ratio is the result, not the absolute times.
 */
#include <math.h>
#include <stdio.h>

#include "vigil-trend-store.h"

#define T0_US     G_GINT64_CONSTANT (1700000000000000)
#define SECOND_US G_GINT64_CONSTANT (1000000)
#define N_COLUMNS 1280
#define N_ROUNDS  20
#define N_CALLS   50    /* per round: N_ROUNDS × N_CALLS = 1000 calls */

/* Keeps the timed loops from being optimised away. */
static volatile double sink;

typedef struct
{
  guint   length;
  gint64 *times;
  double *values;
} Samples;

/* The best a store without a pyramid could do: the samples in plain
 * arrays, a binary search for the window's start, then each column scans
 * its own samples. */
static void
brute_envelope (const Samples *samples,
                gint64         start_us,
                gint64         end_us,
                guint          n_columns,
                double        *mins,
                double        *maxs)
{
  guint64 span = (guint64) (end_us - start_us);
  guint i = 0;
  guint upper = samples->length;

  while (i < upper)
    {
      guint mid = i + (upper - i) / 2;

      if (samples->times[mid] < start_us)
        i = mid + 1;
      else
        upper = mid;
    }

  for (guint c = 0; c < n_columns; c++)
    {
      gint64 next_us = c + 1 == n_columns
        ? end_us
        : start_us + (gint64) ((span * (c + 1) + n_columns - 1) / n_columns);
      double lo = INFINITY;
      double hi = -INFINITY;

      for (; i < samples->length && samples->times[i] < next_us; i++)
        {
          double v = samples->values[i];

          lo = v < lo ? v : lo;
          hi = v > hi ? v : hi;
        }
      mins[c] = lo <= hi ? lo : NAN;
      maxs[c] = lo <= hi ? hi : NAN;
    }
}

static gboolean
same (double a,
      double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
run (VigilTrendStore *store,
     const Samples   *samples,
     const char      *label,
     gint64           start_us,
     gint64           end_us)
{
  double mins[N_COLUMNS], maxs[N_COLUMNS];
  double want_mins[N_COLUMNS], want_maxs[N_COLUMNS];
  gint64 best_pyramid = G_MAXINT64;
  gint64 best_brute = G_MAXINT64;

  vigil_trend_store_get_envelope (store, start_us, end_us, N_COLUMNS, mins, maxs);
  brute_envelope (samples, start_us, end_us, N_COLUMNS, want_mins, want_maxs);
  for (guint c = 0; c < N_COLUMNS; c++)
    if (!same (mins[c], want_mins[c]) || !same (maxs[c], want_maxs[c]))
      {
        fprintf (stderr, "%s: column %u differs: pyramid %g..%g, brute force %g..%g\n",
                 label, c, mins[c], maxs[c], want_mins[c], want_maxs[c]);
        return FALSE;
      }

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      gint64 begin;

      begin = g_get_monotonic_time ();
      for (guint r = 0; r < N_CALLS; r++)
        {
          vigil_trend_store_get_envelope (store, start_us, end_us, N_COLUMNS, mins, maxs);
          sink = mins[r % N_COLUMNS];
        }
      best_pyramid = MIN (best_pyramid, g_get_monotonic_time () - begin);

      begin = g_get_monotonic_time ();
      for (guint r = 0; r < N_CALLS; r++)
        {
          brute_envelope (samples, start_us, end_us, N_COLUMNS, want_mins, want_maxs);
          sink = want_mins[r % N_COLUMNS];
        }
      best_brute = MIN (best_brute, g_get_monotonic_time () - begin);
    }

  printf ("envelope %s/%u cols: pyramid %.1f µs, brute force %.1f µs, ratio Y/X = %.1f\n",
          label, N_COLUMNS,
          (double) best_pyramid / N_CALLS, (double) best_brute / N_CALLS,
          (double) best_brute / MAX (best_pyramid, 1));
  return TRUE;
}

/* A heart rate at 1 Hz with 5 % of the samples missing. */
static VigilTrendStore *
fill (guint      capacity,
      guint      count,
      Samples   *samples)
{
  VigilTrendStore *store = vigil_trend_store_new (capacity);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 begin, append_us;

  begin = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      double value = g_rand_int_range (rand, 0, 20) == 0
        ? NAN
        : 70 + 15 * sin (i / 3000.0) + g_rand_int_range (rand, -5, 6);

      vigil_trend_store_append (store, T0_US + i * SECOND_US, value);
    }
  append_us = g_get_monotonic_time () - begin;

  samples->length = vigil_trend_store_get_length (store);
  samples->times = g_new (gint64, samples->length);
  samples->values = g_new (double, samples->length);
  for (guint i = 0; i < samples->length; i++)
    vigil_trend_store_get_sample (store, i, &samples->times[i], &samples->values[i]);

  printf ("store: %u samples, %" G_GSIZE_FORMAT " bytes (%.2f MiB), append %.3f µs/sample\n",
          samples->length, vigil_trend_store_get_n_bytes (store),
          vigil_trend_store_get_n_bytes (store) / (1024.0 * 1024.0),
          (double) append_us / count);
  return store;
}

int
main (int   argc,
      char *argv[])
{
  VigilTrendStore *store;
  Samples samples;
  gint64 first_us, last_us;
  gboolean ok = TRUE;

  /* A day, plus two hours so the ring has wrapped. */
  store = fill (VIGIL_TREND_STORE_DEFAULT_CAPACITY, 86400 + 7200, &samples);
  vigil_trend_store_get_time_range (store, &first_us, &last_us);
  ok &= run (store, &samples, "24h", first_us, last_us + SECOND_US);
  ok &= run (store, &samples, "1h", last_us - 3599 * SECOND_US, last_us + SECOND_US);
  ok &= run (store, &samples, "10min", last_us - 599 * SECOND_US, last_us + SECOND_US);
  g_object_unref (store);
  g_free (samples.times);
  g_free (samples.values);

  /* A week: the brute force grows with the history, the pyramid does not. */
  store = fill (7 * 86400, 7 * 86400, &samples);
  vigil_trend_store_get_time_range (store, &first_us, &last_us);
  ok &= run (store, &samples, "7d", first_us, last_us + SECOND_US);
  g_object_unref (store);
  g_free (samples.times);
  g_free (samples.values);

  return ok ? 0 : 1;
}
