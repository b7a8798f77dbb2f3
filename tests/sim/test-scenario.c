/* test-scenario.c — the simulated patient crosses the right lines at the right times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-scenario.h"

#define MS(m, s)       (((gint64) (m) * 60 + (s)) * 1000)
#define N_SEEDS        20
#define NINETY_MINUTES MS (90, 0)

/* The names are the interface: --scenario NAME, --list-scenarios. */
static const char * const required_names[] = {
  "normal", "hypertensive", "desaturation", "bradycardia", "tachycardia",
  "hypotension", "sensor-off", "cable-pulled", "nibp-fail",
};

typedef struct
{
  gint64 t_ms;
  int    sys;
  int    dia;
  int    mean;
} Reading;

static VigilScenario *
new_scenario (const char *name,
              guint32     seed)
{
  g_autoptr(GError) error = NULL;
  VigilScenario *scenario = vigil_scenario_new (name, seed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

/* Plays @scenario one sample a second, as the simulator does, up to @until_ms,
 * and collects every completed NIBP reading. */
static GArray *
collect_readings (VigilScenario *scenario,
                  gint64         until_ms)
{
  GArray *readings = g_array_new (FALSE, FALSE, sizeof (Reading));
  gint64 previous = -1;

  for (gint64 t = 1000; t <= until_ms; t += 1000)
    {
      VigilScenarioSample s;

      vigil_scenario_sample (scenario, previous, t, &s);
      previous = t;
      g_assert_cmpint (s.nibp, !=, VIGIL_SCENARIO_NIBP_FAILED);
      if (s.nibp == VIGIL_SCENARIO_NIBP_READING)
        {
          Reading r = { s.nibp_ms, s.nibp_sys, s.nibp_dia, s.nibp_mean };
          g_array_append_val (readings, r);
        }
    }
  return readings;
}

static void
sample_at (VigilScenario       *scenario,
           gint64               t_ms,
           VigilScenarioSample *out)
{
  vigil_scenario_sample (scenario, t_ms - 1000, t_ms, out);
}

static double
mean_hr (VigilScenario *scenario,
         gint64         from_ms,
         gint64         to_ms)
{
  double sum = 0;
  guint n = 0;

  for (gint64 t = from_ms; t < to_ms; t += 1000, n++)
    {
      VigilScenarioSample s;

      sample_at (scenario, t, &s);
      sum += s.hr;
    }
  return sum / n;
}

static void
test_list (void)
{
  const VigilScenarioInfo *list = vigil_scenario_list ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenario) unknown = NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (required_names); i++)
    {
      const VigilScenarioInfo *info = vigil_scenario_lookup (required_names[i]);
      g_autoptr(VigilScenario) scenario = new_scenario (required_names[i], 1);

      g_assert_nonnull (info);
      g_assert_cmpstr (info->name, ==, required_names[i]);
      g_assert_cmpstr (vigil_scenario_get_name (scenario), ==, required_names[i]);
      g_assert_true (vigil_scenario_get_info (scenario) == info);
    }

  for (const VigilScenarioInfo *i = list; i->name != NULL; i++, n++)
    {
      g_assert_nonnull (i->description);
      g_assert_null (strchr (i->description, '\n'));
      g_assert_nonnull (i->timeline);
      /* Every scenario but normal has an event, and it ends after it starts. */
      if (g_str_equal (i->name, "normal"))
        g_assert_cmpint (i->onset_ms, ==, -1);
      else
        g_assert_cmpint (i->onset_ms, <, i->end_ms);
    }
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (required_names));

  unknown = vigil_scenario_new ("asystole", 1, &error);
  g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_UNKNOWN);
  g_assert_null (unknown);
  g_assert_nonnull (strstr (error->message, "asystole"));
}

static void
test_normal_ranges (void)
{
  for (guint32 seed = 1; seed <= N_SEEDS; seed++)
    {
      g_autoptr(VigilScenario) scenario = new_scenario ("normal", seed);
      g_autoptr(GArray) readings = NULL;
      int hr_min = G_MAXINT, hr_max = 0, spo2_min = G_MAXINT, spo2_max = 0;
      gint64 previous = -1;

      for (gint64 t = 1000; t <= NINETY_MINUTES; t += 1000)
        {
          VigilScenarioSample s;

          vigil_scenario_sample (scenario, previous, t, &s);
          previous = t;
          g_assert_cmpint (s.elapsed_ms, ==, t);
          g_assert_false (s.spo2_sensor_off);
          g_assert_false (s.cable_pulled);
          g_assert_false (s.silent);
          g_assert_cmpint (s.hr, >=, 55);
          g_assert_cmpint (s.hr, <=, 110);
          g_assert_cmpint (s.spo2, >=, 94);
          g_assert_cmpint (s.spo2, <=, 100);
          /* The oximeter's pulse tracks the ECG. */
          g_assert_cmpint (ABS (s.pr - s.hr), <=, 1);
          hr_min = MIN (hr_min, s.hr);
          hr_max = MAX (hr_max, s.hr);
          spo2_min = MIN (spo2_min, s.spo2);
          spo2_max = MAX (spo2_max, s.spo2);
        }

      /* Alive: it moves, but within a normal patient's range. */
      g_assert_cmpint (hr_max - hr_min, >=, 6);
      g_assert_cmpint (spo2_min, >=, 96);
      g_assert_cmpint (spo2_max, >=, 98);
      g_assert_cmpint (spo2_max, <=, 99);

      readings = collect_readings (scenario, NINETY_MINUTES);
      for (guint i = 0; i < readings->len; i++)
        {
          Reading *r = &g_array_index (readings, Reading, i);

          g_assert_cmpint (r->sys, <, 160);
          g_assert_cmpint (r->sys, >=, 95);
          g_assert_cmpint (r->dia, <, 100);
          g_assert_cmpint (r->dia, >=, 60);
          g_assert_cmpint (r->mean, >, r->dia);
          g_assert_cmpint (r->mean, <, r->sys);
        }
    }
}

static void
test_normal_course (void)
{
  for (guint32 seed = 1; seed <= N_SEEDS; seed++)
    {
      g_autoptr(VigilScenario) scenario = new_scenario ("normal", seed);
      g_autoptr(GArray) readings = collect_readings (scenario, NINETY_MINUTES);
      Reading *first = &g_array_index (readings, Reading, 0);
      Reading *last = &g_array_index (readings, Reading, readings->len - 1);
      Reading *peak = first;

      for (guint i = 1; i < readings->len; i++)
        if (g_array_index (readings, Reading, i).sys > peak->sys)
          peak = &g_array_index (readings, Reading, i);

      /* Baseline ~124/78, a peak of +15–20 at 30–40 min, back by 90. */
      g_assert_cmpint (first->t_ms, ==, 0);
      g_assert_cmpint (ABS (first->sys - 124), <=, 6);
      g_assert_cmpint (ABS (first->dia - 78), <=, 6);
      g_assert_cmpint (peak->t_ms, >=, MS (25, 0));
      g_assert_cmpint (peak->t_ms, <=, MS (45, 0));
      g_assert_cmpint (peak->sys - first->sys, >=, 10);
      g_assert_cmpint (peak->sys - first->sys, <=, 26);
      g_assert_cmpint (last->t_ms, ==, NINETY_MINUTES);
      g_assert_cmpint (ABS (last->sys - first->sys), <=, 8);

      /* HR about +10 while the drug runs (4-min means, drift averages out). */
      g_assert_cmpfloat (mean_hr (scenario, MS (36, 0), MS (40, 0)) -
                         mean_hr (scenario, MS (0, 10), MS (4, 10)), >=, 5.0);
      g_assert_cmpfloat (mean_hr (scenario, MS (36, 0), MS (40, 0)) -
                         mean_hr (scenario, MS (0, 10), MS (4, 10)), <=, 15.0);
    }
}

static void
check_schedule (VigilScenario *scenario,
                gint64         interval_ms,
                gint64         step_ms)
{
  gint64 previous = -1;
  gint64 expected = 0;

  for (gint64 t = step_ms; previous < NINETY_MINUTES; t += step_ms)
    {
      VigilScenarioSample s;

      vigil_scenario_sample (scenario, previous, t, &s);
      if (s.nibp == VIGIL_SCENARIO_NIBP_READING)
        {
          /* Each reading is reported once, in the tick it completes. */
          g_assert_cmpint (s.nibp_ms, ==, expected);
          g_assert_cmpint (s.nibp_ms, >, previous);
          g_assert_cmpint (s.nibp_ms, <=, t);
          expected += interval_ms;
        }
      else
        g_assert_cmpint (expected, >, t);
      g_assert_cmpint (s.nibp, !=, VIGIL_SCENARIO_NIBP_FAILED);
      previous = t;
    }
  /* None missing at the end either. */
  g_assert_cmpint (expected, >, previous);
  g_assert_cmpint (expected - interval_ms, >=, NINETY_MINUTES - step_ms);
}

static void
test_nibp_schedule (void)
{
  g_autoptr(VigilScenario) scenario = new_scenario ("normal", 7);
  g_autoptr(GArray) readings = collect_readings (scenario, NINETY_MINUTES);

  g_assert_cmpint (vigil_scenario_get_nibp_interval (scenario), ==, MS (5, 0));
  g_assert_cmpuint (readings->len, ==, 19);
  for (guint i = 0; i < readings->len; i++)
    g_assert_cmpint (g_array_index (readings, Reading, i).t_ms, ==, i * MS (5, 0));

  check_schedule (scenario, MS (5, 0), 1000);
  /* A tick that is late or coarse (high --speed) loses no reading. */
  check_schedule (scenario, MS (5, 0), 7000);

  vigil_scenario_set_nibp_interval (scenario, MS (2, 0));
  g_assert_cmpint (vigil_scenario_get_nibp_interval (scenario), ==, MS (2, 0));
  check_schedule (scenario, MS (2, 0), 1000);
}

static void
test_hypertensive (void)
{
  const VigilScenarioInfo *info = vigil_scenario_lookup ("hypertensive");

  for (guint32 seed = 1; seed <= N_SEEDS; seed++)
    {
      g_autoptr(VigilScenario) scenario = new_scenario ("hypertensive", seed);
      g_autoptr(GArray) readings = collect_readings (scenario, NINETY_MINUTES);
      guint severe = 0;

      for (guint i = 0; i < readings->len; i++)
        {
          Reading *r = &g_array_index (readings, Reading, i);

          if (r->t_ms == 0)
            g_assert_cmpint (r->sys, <, 140);
          if (r->t_ms < MS (15, 0))
            g_assert_cmpint (r->sys, <, 160);
          /* A7 by 20 min, A8 from 30 min. */
          if (r->t_ms == MS (20, 0))
            {
              g_assert_cmpint (r->sys, >=, 160);
              g_assert_cmpint (r->dia, >=, 100);
            }
          if (r->t_ms >= info->onset_ms && r->t_ms < info->end_ms)
            {
              g_assert_cmpint (r->sys, >=, 180);
              g_assert_cmpint (r->dia, >=, 110);
              severe++;
            }
          /* Then it eases. */
          if (r->t_ms >= MS (60, 0))
            g_assert_cmpint (r->sys, <, 160);
        }
      g_assert_cmpuint (severe, ==, 3);
      g_assert_cmpint (info->onset_ms, ==, MS (30, 0));
    }
}

static void
test_desaturation (void)
{
  const VigilScenarioInfo *info = vigil_scenario_lookup ("desaturation");

  g_assert_cmpint (info->onset_ms, ==, MS (5, 0));
  for (guint32 seed = 1; seed <= N_SEEDS; seed++)
    {
      g_autoptr(VigilScenario) scenario = new_scenario ("desaturation", seed);
      int lowest = 100;

      for (gint64 t = 1000; t <= MS (12, 0); t += 1000)
        {
          VigilScenarioSample s;

          sample_at (scenario, t, &s);
          lowest = MIN (lowest, s.spo2);
          if (t < MS (3, 0) || t >= MS (8, 0))
            g_assert_cmpint (s.spo2, >=, 96);
          if (t >= info->onset_ms && t < info->end_ms)
            {
              g_assert_cmpint (s.spo2, <=, 85);
              g_assert_cmpint (s.spo2, >=, 82);
            }
          if (t >= MS (4, 30) && t < MS (7, 15))
            g_assert_cmpint (s.spo2, <, 90);
        }
      g_assert_cmpint (lowest, >=, 82);
    }
}

static void
check_rate_event (const char *name,
                  gboolean    fast)
{
  const VigilScenarioInfo *info = vigil_scenario_lookup (name);

  g_assert_cmpint (info->onset_ms, ==, MS (7, 30));
  g_assert_cmpint (info->end_ms, ==, MS (9, 30));
  for (guint32 seed = 1; seed <= N_SEEDS; seed++)
    {
      g_autoptr(VigilScenario) scenario = new_scenario (name, seed);

      for (gint64 t = 1000; t <= MS (15, 0); t += 1000)
        {
          VigilScenarioSample s;

          sample_at (scenario, t, &s);
          if (t < MS (4, 0) || t >= MS (11, 0))
            {
              g_assert_cmpint (s.hr, >=, 55);
              g_assert_cmpint (s.hr, <=, 110);
            }
          else if (t >= MS (5, 0) && t < MS (7, 0))
            {
              /* The medium alarm, not yet the high one. */
              if (fast)
                {
                  g_assert_cmpint (s.hr, >, 125);
                  g_assert_cmpint (s.hr, <=, 150);
                }
              else
                {
                  g_assert_cmpint (s.hr, <, 50);
                  g_assert_cmpint (s.hr, >=, 40);
                }
            }
          else if (t >= info->onset_ms && t < info->end_ms)
            {
              if (fast)
                g_assert_cmpint (s.hr, >, 150);
              else
                g_assert_cmpint (s.hr, <, 40);
            }
        }
    }
}

static void
test_bradycardia (void)
{
  check_rate_event ("bradycardia", FALSE);
}

static void
test_tachycardia (void)
{
  check_rate_event ("tachycardia", TRUE);
}

static void
test_hypotension (void)
{
  const VigilScenarioInfo *info = vigil_scenario_lookup ("hypotension");

  g_assert_cmpint (info->onset_ms, ==, MS (15, 0));
  for (guint32 seed = 1; seed <= N_SEEDS; seed++)
    {
      g_autoptr(VigilScenario) scenario = new_scenario ("hypotension", seed);
      g_autoptr(GArray) readings = collect_readings (scenario, MS (45, 0));
      guint severe = 0;

      for (guint i = 0; i < readings->len; i++)
        {
          Reading *r = &g_array_index (readings, Reading, i);

          if (r->t_ms == 0)
            g_assert_cmpint (r->sys, >=, 110);
          if (r->t_ms == MS (10, 0))
            {
              /* A9, not yet A10. */
              g_assert_cmpint (r->sys, <, 90);
              g_assert_cmpint (r->sys, >=, 80);
              g_assert_cmpint (r->mean, >=, 60);
            }
          if (r->t_ms >= info->onset_ms && r->t_ms < info->end_ms)
            {
              g_assert_cmpint (r->sys, <, 80);
              g_assert_cmpint (r->mean, <, 60);
              g_assert_cmpint (r->dia, <, r->mean);
              severe++;
            }
          if (r->t_ms >= MS (30, 0))
            g_assert_cmpint (r->sys, >=, 110);
        }
      g_assert_cmpuint (severe, ==, 2);
    }
}

static void
test_sensor_off (void)
{
  g_autoptr(VigilScenario) scenario = new_scenario ("sensor-off", 3);
  const VigilScenarioInfo *info = vigil_scenario_get_info (scenario);

  g_assert_cmpint (info->onset_ms, ==, MS (2, 0));
  g_assert_cmpint (info->end_ms, ==, MS (3, 30));
  for (gint64 t = 1000; t <= MS (6, 0); t += 1000)
    {
      VigilScenarioSample s;

      sample_at (scenario, t, &s);
      /* The ECG goes on regardless. */
      g_assert_cmpint (s.hr, >=, 55);
      if (t >= MS (2, 0) && t < MS (3, 30))
        {
          g_assert_true (s.spo2_sensor_off);
          g_assert_cmpint (s.spo2, ==, VIGIL_SCENARIO_ABSENT);
          g_assert_cmpint (s.pr, ==, VIGIL_SCENARIO_ABSENT);
        }
      else if (t >= MS (3, 30) && t < MS (3, 36))
        {
          /* Searching for the pulse: no numbers yet, but not "off". */
          g_assert_false (s.spo2_sensor_off);
          g_assert_cmpint (s.spo2, ==, VIGIL_SCENARIO_ABSENT);
          g_assert_cmpint (s.pr, ==, VIGIL_SCENARIO_ABSENT);
        }
      else
        {
          g_assert_false (s.spo2_sensor_off);
          g_assert_cmpint (s.spo2, >=, 96);
          g_assert_cmpint (ABS (s.pr - s.hr), <=, 1);
        }
    }
}

static void
check_device_state (const char *name,
                    gint64      from_ms,
                    gint64      to_ms)
{
  g_autoptr(VigilScenario) scenario = new_scenario (name, 5);
  gboolean cable = g_str_equal (name, "cable-pulled");

  g_assert_cmpint (vigil_scenario_get_info (scenario)->onset_ms, ==, from_ms);
  g_assert_cmpint (vigil_scenario_get_info (scenario)->end_ms, ==, to_ms);
  for (gint64 t = 1000; t <= MS (5, 0); t += 1000)
    {
      VigilScenarioSample s;
      gboolean inside = t >= from_ms && t < to_ms;

      sample_at (scenario, t, &s);
      g_assert_cmpint (s.cable_pulled, ==, cable && inside);
      g_assert_cmpint (s.silent, ==, !cable && inside);
      g_assert_false (s.spo2_sensor_off);
    }
}

static void
test_cable_pulled (void)
{
  check_device_state ("cable-pulled", MS (2, 0), MS (2, 30));
}

static void
test_silent (void)
{
  check_device_state ("silent", MS (2, 0), MS (2, 20));
}

static void
test_nibp_fail (void)
{
  g_autoptr(VigilScenario) scenario = new_scenario ("nibp-fail", 9);
  gint64 previous = -1;
  g_autoptr(GString) events = g_string_new (NULL);

  for (gint64 t = 1000; t <= MS (16, 0); t += 1000)
    {
      VigilScenarioSample s;

      vigil_scenario_sample (scenario, previous, t, &s);
      previous = t;
      if (s.nibp == VIGIL_SCENARIO_NIBP_FAILED)
        g_string_append_printf (events, "fail@%" G_GINT64_FORMAT " ", s.nibp_ms / 1000);
      else if (s.nibp == VIGIL_SCENARIO_NIBP_READING)
        {
          g_assert_cmpint (s.nibp_sys, >, s.nibp_dia);
          g_string_append_printf (events, "ok@%" G_GINT64_FORMAT " ", s.nibp_ms / 1000);
        }
    }
  g_assert_cmpstr (events->str, ==, "ok@0 fail@300 ok@360 ok@600 ok@900 ");
}

static gboolean
samples_equal (const VigilScenarioSample *a,
               const VigilScenarioSample *b)
{
  return a->elapsed_ms == b->elapsed_ms && a->hr == b->hr && a->spo2 == b->spo2 &&
         a->pr == b->pr && a->spo2_sensor_off == b->spo2_sensor_off &&
         a->nibp == b->nibp && a->nibp_sys == b->nibp_sys &&
         a->nibp_dia == b->nibp_dia && a->nibp_mean == b->nibp_mean &&
         a->nibp_ms == b->nibp_ms && a->cable_pulled == b->cable_pulled &&
         a->silent == b->silent;
}

static void
test_determinism (void)
{
  for (const VigilScenarioInfo *info = vigil_scenario_list (); info->name != NULL; info++)
    {
      g_autoptr(VigilScenario) a = new_scenario (info->name, 42);
      g_autoptr(VigilScenario) b = new_scenario (info->name, 42);
      g_autoptr(VigilScenario) other = new_scenario (info->name, 43);
      guint differences = 0;
      gint64 previous = -1;

      g_assert_cmpuint (vigil_scenario_get_seed (a), ==, 42);
      for (gint64 t = 1000; t <= MS (45, 0); t += 1000)
        {
          VigilScenarioSample sa, sb, so, direct;

          vigil_scenario_sample (a, previous, t, &sa);
          vigil_scenario_sample (b, previous, t, &sb);
          vigil_scenario_sample (other, previous, t, &so);
          g_assert_true (samples_equal (&sa, &sb));
          differences += !samples_equal (&sa, &so);
          previous = t;

          /* No hidden state: asking out of order gives the same answer. */
          if (t % MS (3, 7) == 0)
            {
              vigil_scenario_sample (b, t - 1000, t, &direct);
              g_assert_true (samples_equal (&sa, &direct));
            }
        }
      /* Another seed is another patient. */
      g_assert_cmpuint (differences, >, 100);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/scenario/list", test_list);
  g_test_add_func ("/vigil/scenario/normal-ranges", test_normal_ranges);
  g_test_add_func ("/vigil/scenario/normal-course", test_normal_course);
  g_test_add_func ("/vigil/scenario/nibp-schedule", test_nibp_schedule);
  g_test_add_func ("/vigil/scenario/hypertensive", test_hypertensive);
  g_test_add_func ("/vigil/scenario/desaturation", test_desaturation);
  g_test_add_func ("/vigil/scenario/bradycardia", test_bradycardia);
  g_test_add_func ("/vigil/scenario/tachycardia", test_tachycardia);
  g_test_add_func ("/vigil/scenario/hypotension", test_hypotension);
  g_test_add_func ("/vigil/scenario/sensor-off", test_sensor_off);
  g_test_add_func ("/vigil/scenario/cable-pulled", test_cable_pulled);
  g_test_add_func ("/vigil/scenario/silent", test_silent);
  g_test_add_func ("/vigil/scenario/nibp-fail", test_nibp_fail);
  g_test_add_func ("/vigil/scenario/determinism", test_determinism);

  return g_test_run ();
}
