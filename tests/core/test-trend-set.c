/* test-trend-set.c — observations land in the right trend stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "vigil-trend-set.h"

#define T0_US G_GINT64_CONSTANT (1700000000000000)

static void
on_changed (VigilTrendSet *set,
            guint         *count)
{
  (*count)++;
}

static VigilObservation
make_observation (VigilParameter parameter,
                  VigilQuality   quality,
                  double         value,
                  gint64         wall_us)
{
  VigilObservation obs;

  vigil_observation_init (&obs, parameter);
  obs.quality = quality;
  obs.value = value;
  obs.host_wall_us = wall_us;
  obs.host_monotonic_us = wall_us - T0_US;
  return obs;
}

static guint
store_length (VigilTrendSet    *set,
              VigilTrendSeries  series)
{
  return vigil_trend_store_get_length (vigil_trend_set_get_store (set, series));
}

static void
assert_last (VigilTrendSet    *set,
             VigilTrendSeries  series,
             gint64            want_time_us,
             double            want_value)
{
  gint64 time_us;
  double value;

  g_assert_true (vigil_trend_store_get_last (vigil_trend_set_get_store (set, series),
                                             &time_us, &value));
  g_assert_cmpint (time_us, ==, want_time_us);
  if (isnan (want_value))
    g_assert_true (isnan (value));
  else
    g_assert_cmpfloat (value, ==, want_value);
}

static void
assert_lengths (VigilTrendSet *set,
                guint          hr,
                guint          spo2,
                guint          pr,
                guint          nibp)
{
  g_assert_cmpuint (store_length (set, VIGIL_TREND_SERIES_HR), ==, hr);
  g_assert_cmpuint (store_length (set, VIGIL_TREND_SERIES_SPO2), ==, spo2);
  g_assert_cmpuint (store_length (set, VIGIL_TREND_SERIES_PULSE_RATE), ==, pr);
  g_assert_cmpuint (store_length (set, VIGIL_TREND_SERIES_NIBP_SYSTOLIC), ==, nibp);
  g_assert_cmpuint (store_length (set, VIGIL_TREND_SERIES_NIBP_DIASTOLIC), ==, nibp);
  g_assert_cmpuint (store_length (set, VIGIL_TREND_SERIES_NIBP_MEAN), ==, nibp);
}

static void
test_routing (void)
{
  VigilTrendSet *set = vigil_trend_set_new (100);
  VigilTrendStore *stores[VIGIL_N_TREND_SERIES];
  VigilObservation obs;
  guint changed = 0;

  g_signal_connect (set, "changed", G_CALLBACK (on_changed), &changed);

  g_assert_cmpuint (vigil_trend_set_get_capacity (set), ==, 100);
  for (guint i = 0; i < VIGIL_N_TREND_SERIES; i++)
    {
      stores[i] = vigil_trend_set_get_store (set, i);
      g_assert_true (VIGIL_IS_TREND_STORE (stores[i]));
      g_assert_cmpuint (vigil_trend_store_get_capacity (stores[i]), ==, 100);
      for (guint j = 0; j < i; j++)
        g_assert_true (stores[i] != stores[j]);
      g_object_add_weak_pointer (G_OBJECT (stores[i]), (gpointer *) &stores[i]);
    }
  assert_lengths (set, 0, 0, 0, 0);

  /* Each continuous parameter lands in its own store, at host_wall_us. */
  obs = make_observation (VIGIL_PARAMETER_HR, VIGIL_QUALITY_VALID, 72, T0_US + 1000);
  obs.device_time_us = 5;
  vigil_trend_set_push (set, &obs);
  assert_lengths (set, 1, 0, 0, 0);
  assert_last (set, VIGIL_TREND_SERIES_HR, T0_US + 1000, 72);
  g_assert_cmpuint (changed, ==, 1);

  obs = make_observation (VIGIL_PARAMETER_SPO2, VIGIL_QUALITY_VALID, 97, T0_US + 2000);
  vigil_trend_set_push (set, &obs);
  assert_lengths (set, 1, 1, 0, 0);
  assert_last (set, VIGIL_TREND_SERIES_SPO2, T0_US + 2000, 97);
  g_assert_cmpuint (changed, ==, 2);

  obs = make_observation (VIGIL_PARAMETER_PULSE_RATE,
                          VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE,
                          74, T0_US + 3000);
  vigil_trend_set_push (set, &obs);
  assert_lengths (set, 1, 1, 1, 0);
  assert_last (set, VIGIL_TREND_SERIES_PULSE_RATE, T0_US + 3000, 74);
  g_assert_cmpuint (changed, ==, 3);

  /* Sensor off, stale, invalid and absent values all become gaps, never
   * a repeated number. */
  obs = make_observation (VIGIL_PARAMETER_SPO2,
                          VIGIL_QUALITY_VALID | VIGIL_QUALITY_SENSOR_OFF,
                          97, T0_US + 4000);
  vigil_trend_set_push (set, &obs);
  assert_last (set, VIGIL_TREND_SERIES_SPO2, T0_US + 4000, NAN);

  obs = make_observation (VIGIL_PARAMETER_HR, VIGIL_QUALITY_VALID | VIGIL_QUALITY_STALE,
                          72, T0_US + 5000);
  vigil_trend_set_push (set, &obs);
  assert_last (set, VIGIL_TREND_SERIES_HR, T0_US + 5000, NAN);

  obs = make_observation (VIGIL_PARAMETER_HR, VIGIL_QUALITY_VALID, NAN, T0_US + 6000);
  vigil_trend_set_push (set, &obs);
  assert_last (set, VIGIL_TREND_SERIES_HR, T0_US + 6000, NAN);

  obs = make_observation (VIGIL_PARAMETER_PULSE_RATE, VIGIL_QUALITY_QUESTIONABLE,
                          80, T0_US + 7000);
  vigil_trend_set_push (set, &obs);
  assert_last (set, VIGIL_TREND_SERIES_PULSE_RATE, T0_US + 7000, NAN);

  assert_lengths (set, 3, 2, 2, 0);
  g_assert_cmpuint (changed, ==, 7);
  {
    double min, max;

    g_assert_true (vigil_trend_store_get_min_max (stores[VIGIL_TREND_SERIES_HR], 0, 3, &min, &max));
    g_assert_cmpfloat (min, ==, 72);
    g_assert_cmpfloat (max, ==, 72);
    g_assert_false (vigil_trend_store_get_min_max (stores[VIGIL_TREND_SERIES_HR], 1, 3, &min, &max));
  }

  /* A NIBP reading fills the three NIBP stores at one time. */
  obs = make_observation (VIGIL_PARAMETER_NIBP, VIGIL_QUALITY_VALID, 121, T0_US + 8000);
  obs.diastolic = 79;
  obs.mean = 93;
  vigil_trend_set_push (set, &obs);
  assert_lengths (set, 3, 2, 2, 1);
  assert_last (set, VIGIL_TREND_SERIES_NIBP_SYSTOLIC, T0_US + 8000, 121);
  assert_last (set, VIGIL_TREND_SERIES_NIBP_DIASTOLIC, T0_US + 8000, 79);
  assert_last (set, VIGIL_TREND_SERIES_NIBP_MEAN, T0_US + 8000, 93);
  g_assert_cmpuint (changed, ==, 8);

  /* Without a mean, the mean line gets a gap, not an estimate. */
  obs = make_observation (VIGIL_PARAMETER_NIBP, VIGIL_QUALITY_VALID, 131, T0_US + 9000);
  obs.diastolic = 85;
  vigil_trend_set_push (set, &obs);
  assert_lengths (set, 3, 2, 2, 2);
  assert_last (set, VIGIL_TREND_SERIES_NIBP_SYSTOLIC, T0_US + 9000, 131);
  assert_last (set, VIGIL_TREND_SERIES_NIBP_DIASTOLIC, T0_US + 9000, 85);
  assert_last (set, VIGIL_TREND_SERIES_NIBP_MEAN, T0_US + 9000, NAN);
  g_assert_cmpuint (changed, ==, 9);

  /* An absent reading (cuff error, invalid, missing diastolic) adds
   * nothing and changes nothing. */
  obs = make_observation (VIGIL_PARAMETER_NIBP, 0, NAN, T0_US + 10000);
  vigil_trend_set_push (set, &obs);
  obs = make_observation (VIGIL_PARAMETER_NIBP, VIGIL_QUALITY_VALID, 140, T0_US + 11000);
  vigil_trend_set_push (set, &obs);
  obs = make_observation (VIGIL_PARAMETER_NIBP, VIGIL_QUALITY_SENSOR_OFF, 140, T0_US + 12000);
  obs.diastolic = 90;
  vigil_trend_set_push (set, &obs);
  assert_lengths (set, 3, 2, 2, 2);
  g_assert_cmpuint (changed, ==, 9);

  vigil_trend_set_clear (set);
  assert_lengths (set, 0, 0, 0, 0);
  g_assert_cmpuint (changed, ==, 10);

  /* The set owns its stores: they go with it. */
  g_assert_finalize_object (set);
  for (guint i = 0; i < VIGIL_N_TREND_SERIES; i++)
    g_assert_null (stores[i]);
}

static void
test_series_names (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < VIGIL_N_TREND_SERIES; i++)
    {
      const char *name = vigil_trend_series_to_string (i);

      g_assert_nonnull (name);
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
    }

  g_assert_cmpint (vigil_trend_series_get_parameter (VIGIL_TREND_SERIES_HR), ==, VIGIL_PARAMETER_HR);
  g_assert_cmpint (vigil_trend_series_get_parameter (VIGIL_TREND_SERIES_SPO2), ==, VIGIL_PARAMETER_SPO2);
  g_assert_cmpint (vigil_trend_series_get_parameter (VIGIL_TREND_SERIES_PULSE_RATE), ==, VIGIL_PARAMETER_PULSE_RATE);
  g_assert_cmpint (vigil_trend_series_get_parameter (VIGIL_TREND_SERIES_NIBP_SYSTOLIC), ==, VIGIL_PARAMETER_NIBP);
  g_assert_cmpint (vigil_trend_series_get_parameter (VIGIL_TREND_SERIES_NIBP_DIASTOLIC), ==, VIGIL_PARAMETER_NIBP);
  g_assert_cmpint (vigil_trend_series_get_parameter (VIGIL_TREND_SERIES_NIBP_MEAN), ==, VIGIL_PARAMETER_NIBP);
}

static void
test_many_observations (void)
{
  g_autoptr(VigilTrendSet) set = vigil_trend_set_new (50);
  VigilTrendStore *hr = vigil_trend_set_get_store (set, VIGIL_TREND_SERIES_HR);
  gint64 time_us;
  double value;

  /* More than the capacity: each store is a ring of its own. */
  for (guint i = 0; i < 120; i++)
    {
      VigilObservation obs = make_observation (VIGIL_PARAMETER_HR, VIGIL_QUALITY_VALID,
                                               60 + i, T0_US + i * 1000000);
      vigil_trend_set_push (set, &obs);
    }
  g_assert_cmpuint (vigil_trend_store_get_length (hr), ==, 50);
  g_assert_true (vigil_trend_store_get_sample (hr, 0, &time_us, &value));
  g_assert_cmpint (time_us, ==, T0_US + 70 * 1000000);
  g_assert_cmpfloat (value, ==, 130);
  g_assert_cmpuint (store_length (set, VIGIL_TREND_SERIES_SPO2), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/trend-set/routing", test_routing);
  g_test_add_func ("/vigil/trend-set/series-names", test_series_names);
  g_test_add_func ("/vigil/trend-set/many-observations", test_many_observations);

  return g_test_run ();
}
