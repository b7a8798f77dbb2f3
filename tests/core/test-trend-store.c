/* test-trend-store.c — ring, pyramid and envelope against brute force
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "vigil-trend-store.h"

#define T0_US     G_GINT64_CONSTANT (1700000000000000)
#define SECOND_US G_GINT64_CONSTANT (1000000)

/* A copy of the retained samples, in index order, for brute force. */
typedef struct
{
  guint   length;
  gint64 *times;
  double *values;
} Snapshot;

static void
snapshot_clear (Snapshot *snap)
{
  g_clear_pointer (&snap->times, g_free);
  g_clear_pointer (&snap->values, g_free);
  snap->length = 0;
}

static void
snapshot_take (Snapshot        *snap,
               VigilTrendStore *store)
{
  snapshot_clear (snap);
  snap->length = vigil_trend_store_get_length (store);
  snap->times = g_new (gint64, MAX (snap->length, 1));
  snap->values = g_new (double, MAX (snap->length, 1));
  for (guint i = 0; i < snap->length; i++)
    g_assert_true (vigil_trend_store_get_sample (store, i, &snap->times[i], &snap->values[i]));
}

static gboolean
brute_min_max (const Snapshot *snap,
               guint           begin,
               guint           end,
               double         *min,
               double         *max)
{
  gboolean found = FALSE;

  *min = NAN;
  *max = NAN;
  for (guint i = begin; i < end && i < snap->length; i++)
    {
      double v = snap->values[i];

      if (isnan (v))
        continue;
      if (!found || v < *min)
        *min = v;
      if (!found || v > *max)
        *max = v;
      found = TRUE;
    }
  return found;
}

/* Straight from the documented definition: column = floor ((t - start) ×
 * n / (end - start)), independent of the store's boundary arithmetic. */
static void
brute_envelope (const Snapshot *snap,
                gint64          start_us,
                gint64          end_us,
                guint           n_columns,
                double         *mins,
                double         *maxs)
{
  for (guint c = 0; c < n_columns; c++)
    mins[c] = maxs[c] = NAN;
  if (end_us <= start_us)
    return;

  for (guint i = 0; i < snap->length; i++)
    {
      gint64 t = snap->times[i];
      double v = snap->values[i];
      guint64 column;

      if (t < start_us || t >= end_us || isnan (v))
        continue;
      column = (guint64) (t - start_us) * n_columns / (guint64) (end_us - start_us);
      g_assert_cmpuint (column, <, n_columns);
      if (isnan (mins[column]) || v < mins[column])
        mins[column] = v;
      if (isnan (maxs[column]) || v > maxs[column])
        maxs[column] = v;
    }
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    {
      g_assert_true (isnan (a));
      g_assert_true (isnan (b));
    }
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
check_envelope (VigilTrendStore *store,
                const Snapshot  *snap,
                gint64           start_us,
                gint64           end_us,
                guint            n_columns)
{
  g_autofree double *mins = g_new (double, n_columns);
  g_autofree double *maxs = g_new (double, n_columns);
  g_autofree double *want_mins = g_new (double, n_columns);
  g_autofree double *want_maxs = g_new (double, n_columns);

  vigil_trend_store_get_envelope (store, start_us, end_us, n_columns, mins, maxs);
  brute_envelope (snap, start_us, end_us, n_columns, want_mins, want_maxs);

  for (guint c = 0; c < n_columns; c++)
    {
      assert_same_double (mins[c], want_mins[c]);
      assert_same_double (maxs[c], want_maxs[c]);
    }
}

static void
check_min_max (VigilTrendStore *store,
               const Snapshot  *snap,
               guint            begin,
               guint            end)
{
  double min, max, want_min, want_max;
  gboolean found, want_found;

  found = vigil_trend_store_get_min_max (store, begin, end, &min, &max);
  want_found = brute_min_max (snap, begin, end, &want_min, &want_max);
  g_assert_cmpint (found, ==, want_found);
  assert_same_double (min, want_min);
  assert_same_double (max, want_max);
}

static void
test_ring_wrap (void)
{
  g_autoptr(VigilTrendStore) store = vigil_trend_store_new (1000);
  gint64 time_us, first_us, last_us;
  double value;

  g_assert_cmpuint (vigil_trend_store_get_capacity (store), ==, 1000);
  g_assert_cmpuint (vigil_trend_store_get_length (store), ==, 0);
  g_assert_false (vigil_trend_store_get_last (store, NULL, NULL));
  g_assert_false (vigil_trend_store_get_time_range (store, NULL, NULL));
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, T0_US), ==, 0);

  for (guint i = 0; i < 3500; i++)
    {
      vigil_trend_store_append (store, T0_US + i * SECOND_US, i);
      g_assert_cmpuint (vigil_trend_store_get_length (store), ==, MIN (i + 1, 1000));
    }

  g_assert_cmpuint (vigil_trend_store_get_length (store), ==, 1000);
  g_assert_cmpuint (vigil_trend_store_get_generation (store), ==, 3500);

  /* Index 0 is sample 2500, and every index follows across the ring seam. */
  for (guint i = 0; i < 1000; i++)
    {
      g_assert_true (vigil_trend_store_get_sample (store, i, &time_us, &value));
      g_assert_cmpint (time_us, ==, T0_US + (2500 + i) * SECOND_US);
      g_assert_cmpfloat (value, ==, 2500 + i);
    }
  g_assert_false (vigil_trend_store_get_sample (store, 1000, &time_us, &value));

  g_assert_true (vigil_trend_store_get_last (store, &time_us, &value));
  g_assert_cmpint (time_us, ==, T0_US + 3499 * SECOND_US);
  g_assert_cmpfloat (value, ==, 3499);

  g_assert_true (vigil_trend_store_get_time_range (store, &first_us, &last_us));
  g_assert_cmpint (first_us, ==, T0_US + 2500 * SECOND_US);
  g_assert_cmpint (last_us, ==, T0_US + 3499 * SECOND_US);

  /* lower_bound at and around both edges and inside. */
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, G_MININT64), ==, 0);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, T0_US), ==, 0);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, first_us - 1), ==, 0);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, first_us), ==, 0);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, first_us + 1), ==, 1);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, T0_US + 2999 * SECOND_US), ==, 499);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, T0_US + 3000 * SECOND_US - 1), ==, 500);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, last_us - 1), ==, 999);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, last_us), ==, 999);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, last_us + 1), ==, 1000);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, G_MAXINT64), ==, 1000);

  g_assert_true (vigil_trend_store_get_min_max (store, 0, 1000, &value, NULL));
  g_assert_cmpfloat (value, ==, 2500);
  g_assert_true (vigil_trend_store_get_min_max (store, 0, 1000, NULL, &value));
  g_assert_cmpfloat (value, ==, 3499);
  g_assert_true (vigil_trend_store_get_min_max (store, 497, 503, &value, NULL));
  g_assert_cmpfloat (value, ==, 2997);

  vigil_trend_store_clear (store);
  g_assert_cmpuint (vigil_trend_store_get_generation (store), ==, 3501);
  g_assert_cmpuint (vigil_trend_store_get_length (store), ==, 0);
  g_assert_false (vigil_trend_store_get_last (store, NULL, NULL));
  g_assert_false (vigil_trend_store_get_min_max (store, 0, 1000, &value, NULL));
  g_assert_true (isnan (value));

  /* Usable again after a clear, with nothing left of the old samples. */
  vigil_trend_store_append (store, T0_US, -5);
  vigil_trend_store_append (store, T0_US + SECOND_US, 7);
  g_assert_true (vigil_trend_store_get_min_max (store, 0, 2, &value, NULL));
  g_assert_cmpfloat (value, ==, -5);
  g_assert_true (vigil_trend_store_get_min_max (store, 0, 2, NULL, &value));
  g_assert_cmpfloat (value, ==, 7);
}

static void
test_gaps_and_order (void)
{
  g_autoptr(VigilTrendStore) store = vigil_trend_store_new (16);
  gint64 time_us;
  double value, min, max;
  double out_min[2], out_max[2];

  vigil_trend_store_append (store, 10, NAN);
  g_assert_cmpuint (vigil_trend_store_get_length (store), ==, 1);
  g_assert_false (vigil_trend_store_get_min_max (store, 0, 1, &min, &max));
  g_assert_true (isnan (min) && isnan (max));

  vigil_trend_store_append (store, 20, INFINITY);
  vigil_trend_store_append (store, 30, -INFINITY);
  g_assert_true (vigil_trend_store_get_sample (store, 1, NULL, &value));
  g_assert_true (isnan (value));
  g_assert_false (vigil_trend_store_get_min_max (store, 0, 3, &min, &max));

  vigil_trend_store_append (store, 40, 98);
  vigil_trend_store_append (store, 50, NAN);
  g_assert_true (vigil_trend_store_get_min_max (store, 0, 5, &min, &max));
  g_assert_cmpfloat (min, ==, 98);
  g_assert_cmpfloat (max, ==, 98);
  g_assert_true (vigil_trend_store_get_last (store, &time_us, &value));
  g_assert_cmpint (time_us, ==, 50);
  g_assert_true (isnan (value));

  /* An older time is stamped with the last time; the value is kept. */
  vigil_trend_store_append (store, 35, 91);
  g_assert_true (vigil_trend_store_get_last (store, &time_us, &value));
  g_assert_cmpint (time_us, ==, 50);
  g_assert_cmpfloat (value, ==, 91);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, 50), ==, 4);
  g_assert_cmpuint (vigil_trend_store_lower_bound (store, 51), ==, 6);

  /* Ranges past the end are clamped; empty ranges find nothing. */
  g_assert_true (vigil_trend_store_get_min_max (store, 0, 1000, &min, &max));
  g_assert_cmpfloat (min, ==, 91);
  g_assert_cmpfloat (max, ==, 98);
  g_assert_false (vigil_trend_store_get_min_max (store, 4, 4, &min, &max));
  g_assert_false (vigil_trend_store_get_min_max (store, 5, 2, &min, &max));

  /* A backwards or empty window gives only gaps. */
  out_min[0] = out_max[0] = out_min[1] = out_max[1] = 0;
  vigil_trend_store_get_envelope (store, 60, 0, 2, out_min, out_max);
  g_assert_true (isnan (out_min[0]) && isnan (out_max[0]) && isnan (out_min[1]) && isnan (out_max[1]));
  vigil_trend_store_get_envelope (store, 0, 60, 2, out_min, out_max);
  g_assert_true (isnan (out_min[0]) && isnan (out_max[0]));
  g_assert_cmpfloat (out_min[1], ==, 91);
  g_assert_cmpfloat (out_max[1], ==, 98);
}

static double
random_value (GRand *rand)
{
  /* Integers and halves make ties likely, which catches off-by-one ranges
   * that random reals would hide. */
  if (g_rand_int_range (rand, 0, 2) == 0)
    return g_rand_int_range (rand, -200, 201) / 2.0;
  return g_rand_double_range (rand, -1000, 1000);
}

/* Appends count samples: 1 Hz with jitter, repeated times, long silences,
 * and ~5 % NAN in runs, as a flaky sensor produces. */
static void
fill_random (VigilTrendStore *store,
             GRand           *rand,
             guint            count,
             gint64          *now_us,
             guint           *gap_left)
{
  for (guint i = 0; i < count; i++)
    {
      guint dice = g_rand_int_range (rand, 0, 1000);
      double value;

      if (dice < 20)
        *now_us += 0;
      else if (dice < 25)
        *now_us += g_rand_int_range (rand, 1, 600) * SECOND_US;
      else
        *now_us += SECOND_US + g_rand_int_range (rand, -200000, 200000);

      if (*gap_left == 0 && g_rand_int_range (rand, 0, 100) == 0)
        *gap_left = g_rand_int_range (rand, 1, 10);

      if (*gap_left > 0)
        {
          value = NAN;
          (*gap_left)--;
        }
      else
        value = random_value (rand);

      vigil_trend_store_append (store, *now_us, value);
    }
}

static void
check_random_queries (VigilTrendStore *store,
                      GRand           *rand,
                      guint            n_queries)
{
  static const guint column_counts[] = { 1, 7, 640, 1280 };
  Snapshot snap = { 0 };
  gint64 first_us = 0, last_us = 0;
  guint length;

  snapshot_take (&snap, store);
  length = snap.length;

  /* The whole store and the ranges touching its ends. */
  check_min_max (store, &snap, 0, length);
  if (length > 0)
    {
      check_min_max (store, &snap, 0, 1);
      check_min_max (store, &snap, length - 1, length);
    }

  for (guint q = 0; q < n_queries; q++)
    {
      guint begin = g_rand_int_range (rand, 0, length + 1);
      guint end = g_rand_int_range (rand, begin, length + 1);

      /* Short ranges too, where the ragged ends dominate. */
      if (q % 3 == 0)
        end = MIN (length, begin + g_rand_int_range (rand, 0, 40));
      check_min_max (store, &snap, begin, end);
    }

  if (vigil_trend_store_get_time_range (store, &first_us, &last_us))
    {
      gint64 data_span = MAX (last_us - first_us, 1);

      check_envelope (store, &snap, first_us, last_us + 1, 640);

      for (guint q = 0; q < n_queries / 10 + 4; q++)
        {
          guint n_columns = column_counts[q % G_N_ELEMENTS (column_counts)];
          gint64 start_us, end_us;

          /* Windows may begin before the oldest and end after the newest. */
          start_us = first_us - data_span / 2
                     + (gint64) (g_rand_double (rand) * 2 * data_span);
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              end_us = start_us + g_rand_int_range (rand, 1, 5000);
              break;
            case 1:
              end_us = start_us + (gint64) (g_rand_double (rand) * data_span / 10);
              break;
            case 2:
              end_us = start_us + (gint64) (g_rand_double (rand) * 2 * data_span);
              break;
            default:
              start_us = first_us - (gint64) (g_rand_double (rand) * data_span);
              end_us = last_us + 1 + (gint64) (g_rand_double (rand) * data_span);
              break;
            }
          check_envelope (store, &snap, start_us, end_us, n_columns);
        }
    }

  snapshot_clear (&snap);
}

static void
test_pyramid_random (void)
{
  static const guint capacities[] = {
    1, 2, 3, 7, 8, 9, 15, 16, 17, 100, 1000, 1023, 1024, 1025, 3001, 4096, 5003,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);

  for (guint k = 0; k < G_N_ELEMENTS (capacities); k++)
    {
      guint capacity = capacities[k];
      g_autoptr(VigilTrendStore) store = vigil_trend_store_new (capacity);
      gint64 now_us = T0_US;
      guint gap_left = 0;
      guint appended = 0;

      check_random_queries (store, rand, 5);

      /* Grow in uneven chunks to 3.5 × capacity, checking after each one,
       * so queries meet partial blocks, a filling ring and several wraps. */
      while (appended < capacity * 7 / 2 + 3)
        {
          guint chunk = g_rand_int_range (rand, 1, MAX (capacity / 3, 2) + 1);

          fill_random (store, rand, chunk, &now_us, &gap_left);
          appended += chunk;
          g_assert_cmpuint (vigil_trend_store_get_length (store), ==, MIN (appended, capacity));
          check_random_queries (store, rand, 60);
        }

      /* After a clear the pyramid starts afresh. */
      vigil_trend_store_clear (store);
      fill_random (store, rand, capacity + capacity / 2 + 1, &now_us, &gap_left);
      check_random_queries (store, rand, 60);
    }
}

/* A plausible heart rate with gaps where the sensor slipped. */
static double
day_value (guint i,
           GRand *rand)
{
  if (g_rand_int_range (rand, 0, 20) == 0)
    return NAN;
  return 70 + 15 * sin (i / 3000.0) + g_rand_int_range (rand, -5, 6);
}

static void
test_day_at_1hz (void)
{
  g_autoptr(VigilTrendStore) store = vigil_trend_store_new (VIGIL_TREND_STORE_DEFAULT_CAPACITY);
  g_autoptr(GRand) rand = g_rand_new_with_seed (86400);
  Snapshot snap = { 0 };
  gint64 first_us, last_us;
  gsize n_bytes;

  for (guint i = 0; i < 86400; i++)
    vigil_trend_store_append (store, T0_US + i * SECOND_US, day_value (i, rand));

  g_assert_cmpuint (vigil_trend_store_get_length (store), ==, 86400);
  g_assert_true (vigil_trend_store_get_time_range (store, &first_us, &last_us));
  g_assert_cmpint (last_us - first_us, ==, 86399 * SECOND_US);

  snapshot_take (&snap, store);
  check_envelope (store, &snap, first_us, last_us + SECOND_US, 1280);
  check_envelope (store, &snap, first_us, last_us + 1, 1280);
  check_envelope (store, &snap, last_us - 3600 * SECOND_US, last_us + SECOND_US, 1280);
  check_min_max (store, &snap, 0, 86400);

  /* Two more hours: the ring wraps and the day slides. */
  for (guint i = 86400; i < 86400 + 7200; i++)
    vigil_trend_store_append (store, T0_US + i * SECOND_US, day_value (i, rand));
  g_assert_cmpuint (vigil_trend_store_get_length (store), ==, 86400);
  g_assert_true (vigil_trend_store_get_time_range (store, &first_us, &last_us));
  g_assert_cmpint (first_us, ==, T0_US + 7200 * SECOND_US);

  snapshot_take (&snap, store);
  check_envelope (store, &snap, first_us, last_us + SECOND_US, 1280);
  check_envelope (store, &snap, first_us - 3600 * SECOND_US, last_us + 3600 * SECOND_US, 1280);
  check_min_max (store, &snap, 0, 86400);
  snapshot_clear (&snap);

  n_bytes = vigil_trend_store_get_n_bytes (store);
  g_test_message ("memory for %u samples: %" G_GSIZE_FORMAT " bytes",
                  VIGIL_TREND_STORE_DEFAULT_CAPACITY, n_bytes);
  g_assert_cmpuint (n_bytes, <, 3 * 1024 * 1024);
  /* The samples themselves need 16 bytes each. */
  g_assert_cmpuint (n_bytes, >=, 86400 * 16);
}

static void
test_construct (void)
{
  VigilTrendStore *store = g_object_new (VIGIL_TYPE_TREND_STORE, NULL);
  guint capacity = 0;

  g_object_get (store, "capacity", &capacity, NULL);
  g_assert_cmpuint (capacity, ==, VIGIL_TREND_STORE_DEFAULT_CAPACITY);
  vigil_trend_store_append (store, T0_US, 1);
  g_assert_finalize_object (store);

  store = vigil_trend_store_new (5);
  g_assert_cmpuint (vigil_trend_store_get_capacity (store), ==, 5);
  g_assert_finalize_object (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/trend-store/construct", test_construct);
  g_test_add_func ("/vigil/trend-store/ring-wrap", test_ring_wrap);
  g_test_add_func ("/vigil/trend-store/gaps-and-order", test_gaps_and_order);
  g_test_add_func ("/vigil/trend-store/pyramid-random", test_pyramid_random);
  g_test_add_func ("/vigil/trend-store/day-at-1hz", test_day_at_1hz);

  return g_test_run ();
}
