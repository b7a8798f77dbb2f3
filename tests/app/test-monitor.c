/* test-monitor.c — simulator → pty → device → monitor → trend store, end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo mode takes exactly the path of a real device: the simulator writes
 * line-protocol bytes into a pseudo-terminal and a VigilDevice reads them.
 * A manual clock drives both, so minutes of a scenario run in moments; each
 * second's line is then delivered through the real main loop.
 */
#include <math.h>

#include "vigil-monitor.h"
#include "vigil-scenario.h"

#define WALL_START_US ((gint64) 1795852800 * G_USEC_PER_SEC)  /* 2026-11-28 08:00 UTC */
#define SEED 7

typedef struct
{
  VigilClock   *clock;
  VigilMonitor *monitor;
  guint         n_observations;
  guint         kinds[VIGIL_N_TECHNICAL_KINDS];
} Fixture;

static void
on_observation (VigilMonitor           *monitor,
                const VigilObservation *observation,
                Fixture                *fixture)
{
  fixture->n_observations++;
}

static void
on_technical_event (VigilMonitor              *monitor,
                    VigilDevice               *device,
                    const VigilTechnicalEvent *event,
                    Fixture                   *fixture)
{
  fixture->kinds[event->kind]++;
}

static gboolean
guard_fired (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Moves the clock one second at a time; after each, lets the main loop read
 * what the simulator wrote (up to 200 ms of real time when a line is due). */
static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      guint before = fixture->n_observations;
      gboolean timed_out = FALSE;
      guint guard;

      vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
      guard = g_timeout_add (200, guard_fired, &timed_out);
      while (fixture->n_observations == before && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (guard);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
fixture_set_up (Fixture    *fixture,
                const char *scenario)
{
  g_autoptr(GError) error = NULL;

  fixture->clock = vigil_clock_new_manual (WALL_START_US);
  fixture->monitor = vigil_monitor_new (fixture->clock);
  g_signal_connect (fixture->monitor, "observation", G_CALLBACK (on_observation), fixture);
  g_signal_connect (fixture->monitor, "technical-event", G_CALLBACK (on_technical_event), fixture);

  g_assert_true (vigil_monitor_start_demo (fixture->monitor, scenario, SEED, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_monitor_is_simulated (fixture->monitor));
  g_assert_cmpuint (vigil_monitor_get_n_devices (fixture->monitor), ==, 1);
}

static void
fixture_tear_down (Fixture *fixture)
{
  vigil_monitor_stop (fixture->monitor);
  g_assert_finalize_object (fixture->monitor);
  g_assert_finalize_object (fixture->clock);
}

static VigilTrendStore *
store (Fixture          *fixture,
       VigilTrendSeries  series)
{
  return vigil_trend_set_get_store (vigil_monitor_get_trends (fixture->monitor), series);
}

/* Every second's HR, SpO2 and NIBP reach the trend store exactly as the
 * scenario model produced them, stamped on the host's (simulated) clock. */
static void
test_normal_end_to_end (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilScenario) model = vigil_scenario_new ("normal", SEED, NULL);
  VigilTrendStore *hr, *spo2, *sys;
  gint64 previous_ms = -1;
  guint nibp_readings = 0;
  const guint seconds = 12 * 60;

  fixture_set_up (&fixture, "normal");
  run_seconds (&fixture, seconds);

  hr = store (&fixture, VIGIL_TREND_SERIES_HR);
  spo2 = store (&fixture, VIGIL_TREND_SERIES_SPO2);
  sys = store (&fixture, VIGIL_TREND_SERIES_NIBP_SYSTOLIC);
  g_assert_cmpuint (vigil_trend_store_get_length (hr), ==, seconds);
  g_assert_cmpuint (vigil_trend_store_get_length (spo2), ==, seconds);

  for (guint i = 0; i < seconds; i++)
    {
      VigilScenarioSample sample;
      gint64 elapsed_ms = (gint64) (i + 1) * 1000;
      gint64 time_us;
      double value;

      vigil_scenario_sample (model, previous_ms, elapsed_ms, &sample);
      previous_ms = elapsed_ms;

      g_assert_true (vigil_trend_store_get_sample (hr, i, &time_us, &value));
      g_assert_cmpint (time_us, ==, WALL_START_US + elapsed_ms * 1000);
      g_assert_cmpfloat (value, ==, sample.hr);
      g_assert_true (vigil_trend_store_get_sample (spo2, i, &time_us, &value));
      g_assert_cmpfloat (value, ==, sample.spo2);

      if (sample.nibp == VIGIL_SCENARIO_NIBP_READING)
        {
          g_assert_true (vigil_trend_store_get_sample (sys, nibp_readings, &time_us, &value));
          g_assert_cmpfloat (value, ==, sample.nibp_sys);
          g_assert_cmpint (time_us, ==, WALL_START_US + elapsed_ms * 1000);
          nibp_readings++;
        }
    }
  /* Readings at 0:00, 5:00 and 10:00. */
  g_assert_cmpuint (nibp_readings, ==, 3);
  g_assert_cmpuint (vigil_trend_store_get_length (sys), ==, nibp_readings);

  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_SPO2), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_NIBP), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_CONNECTED], ==, 1);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_FRAME_ERROR], ==, 0);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_DISCONNECTED], ==, 0);

  fixture_tear_down (&fixture);
}

/* A sensor that falls off makes SpO2 absent at once (and a gap in its
 * trend) while HR stays live; the value comes back with the sensor. */
static void
test_sensor_off (void)
{
  Fixture fixture = { 0 };
  VigilTrendStore *spo2;
  gint64 time_us;
  double value;

  fixture_set_up (&fixture, "sensor-off");
  run_seconds (&fixture, 2 * 60 + 10);

  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_SPO2), ==, VIGIL_DATA_STATE_ABSENT);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_SENSOR_OFF], >=, 1);
  spo2 = store (&fixture, VIGIL_TREND_SERIES_SPO2);
  g_assert_true (vigil_trend_store_get_last (spo2, &time_us, &value));
  g_assert_true (isnan (value));

  run_seconds (&fixture, 100);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_SPO2), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_SENSOR_ON], >=, 1);

  fixture_tear_down (&fixture);
}

/* A pulled cable greys the numbers at once, blanks them once they are too
 * old, and the device finds the re-plugged port by itself. */
static void
test_cable_pulled (void)
{
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, "cable-pulled");
  vigil_monitor_set_absent_after (fixture.monitor, 20 * G_USEC_PER_SEC);
  run_seconds (&fixture, 2 * 60 + 3);

  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_DISCONNECTED], ==, 1);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_STALE);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_NIBP), ==, VIGIL_DATA_STATE_STALE);

  run_seconds (&fixture, 20);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_ABSENT);

  /* Re-plugged at 2:30; the device retries every 2 s at most. */
  run_seconds (&fixture, 20);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_CONNECTED], ==, 2);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);

  fixture_tear_down (&fixture);
}

/* A device that goes quiet with its port open: the values grey after
 * stale-after, the device raises STALE after its quiet time, and the values
 * blank after absent-after. */
static void
test_silent_device (void)
{
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, "silent");
  vigil_monitor_set_absent_after (fixture.monitor, 15 * G_USEC_PER_SEC);
  run_seconds (&fixture, 2 * 60 + 4);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);

  run_seconds (&fixture, 4);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_STALE);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_STALE], ==, 0);

  run_seconds (&fixture, 5);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_STALE], ==, 1);

  run_seconds (&fixture, 5);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_ABSENT);

  run_seconds (&fixture, 10);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_DATA_RESUMED], ==, 1);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);

  fixture_tear_down (&fixture);
}

static void
test_unknown_scenario (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (WALL_START_US);
  g_autoptr(VigilMonitor) monitor = vigil_monitor_new (clock);
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_monitor_start_demo (monitor, "no-such-scenario", 1, &error));
  g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_UNKNOWN);
  g_assert_false (vigil_monitor_is_simulated (monitor));
  g_assert_cmpuint (vigil_monitor_get_n_devices (monitor), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/monitor/normal-end-to-end", test_normal_end_to_end);
  g_test_add_func ("/vigil/monitor/sensor-off", test_sensor_off);
  g_test_add_func ("/vigil/monitor/cable-pulled", test_cable_pulled);
  g_test_add_func ("/vigil/monitor/silent-device", test_silent_device);
  g_test_add_func ("/vigil/monitor/unknown-scenario", test_unknown_scenario);

  return g_test_run ();
}
