/* test-monitor.c — simulator → pty → device → monitor → trend store, end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "vigil-monitor-test.h"
#include "vigil-scenario.h"
#include "vigil-simulator.h"

#define WALL_START_US VIGIL_TEST_WALL_START_US
#define SEED 7

typedef VigilMonitorTest Fixture;

static void
fixture_set_up (Fixture    *fixture,
                const char *scenario)
{
  vigil_monitor_test_set_up (fixture, scenario, SEED);
}

static void
fixture_set_up_device (Fixture    *fixture,
                       const char *protocol,
                       const char *scenario)
{
  vigil_monitor_test_set_up_device (fixture, protocol, scenario, SEED);
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
  vigil_monitor_test_run (&fixture, seconds);

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
  g_assert_false (vigil_monitor_heart_rate_is_pulse_rate (fixture.monitor));
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_DISCONNECTED], ==, 0);

  vigil_monitor_test_tear_down (&fixture);
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
  vigil_monitor_test_run (&fixture, 2 * 60 + 10);

  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_SPO2), ==, VIGIL_DATA_STATE_ABSENT);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_SENSOR_OFF], >=, 1);
  spo2 = store (&fixture, VIGIL_TREND_SERIES_SPO2);
  g_assert_true (vigil_trend_store_get_last (spo2, &time_us, &value));
  g_assert_true (isnan (value));

  vigil_monitor_test_run (&fixture, 100);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_SPO2), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_SENSOR_ON], >=, 1);

  vigil_monitor_test_tear_down (&fixture);
}

/* A pulled cable greys the numbers at once, blanks them once they are too
 * old, and the device finds the re-plugged port by itself. */
static void
test_cable_pulled (void)
{
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, "cable-pulled");
  vigil_monitor_set_absent_after (fixture.monitor, 20 * G_USEC_PER_SEC);
  vigil_monitor_test_run (&fixture, 2 * 60 + 3);

  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_DISCONNECTED], ==, 1);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_STALE);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_NIBP), ==, VIGIL_DATA_STATE_STALE);

  vigil_monitor_test_run (&fixture, 20);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_ABSENT);

  /* Re-plugged at 2:30; the device retries every 2 s at most. */
  vigil_monitor_test_run (&fixture, 20);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_CONNECTED], ==, 2);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);

  vigil_monitor_test_tear_down (&fixture);
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
  vigil_monitor_test_run (&fixture, 2 * 60 + 4);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);

  vigil_monitor_test_run (&fixture, 4);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_STALE);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_STALE], ==, 0);

  vigil_monitor_test_run (&fixture, 5);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_STALE], ==, 1);

  vigil_monitor_test_run (&fixture, 5);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_ABSENT);

  vigil_monitor_test_run (&fixture, 10);
  g_assert_cmpuint (fixture.kinds[VIGIL_TECHNICAL_DATA_RESUMED], ==, 1);
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);

  vigil_monitor_test_tear_down (&fixture);
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

/* A Masimo alone sends no ECG heart rate: its pulse rate is the HR, for
 * the tile, the trend and the alarms. */
static void
test_oximeter_pulse_as_heart_rate (void)
{
  Fixture fixture = { 0 };
  const VigilObservation *hr;
  const VigilObservation *pr;

  fixture_set_up_device (&fixture, "masimo", "normal");
  vigil_monitor_test_run (&fixture, 20);

  hr = vigil_monitor_get_latest (fixture.monitor, VIGIL_PARAMETER_HR);
  pr = vigil_monitor_get_latest (fixture.monitor, VIGIL_PARAMETER_PULSE_RATE);
  g_assert_nonnull (hr);
  g_assert_nonnull (pr);
  g_assert_true (vigil_observation_is_present (pr));
  g_assert_cmpfloat (hr->value, ==, pr->value);
  g_assert_true (isnan (hr->perfusion_index));
  g_assert_true (vigil_monitor_heart_rate_is_pulse_rate (fixture.monitor));
  g_assert_cmpint (vigil_monitor_get_data_state (fixture.monitor, VIGIL_PARAMETER_HR), ==, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpuint (vigil_trend_store_get_length (store (&fixture, VIGIL_TREND_SERIES_HR)), >=, 18);

  vigil_monitor_test_tear_down (&fixture);
}

/* The Devices page's new set replaces the old: the old device is stopped
 * and its last numbers are no longer shown as live. A demo's simulated
 * device is never removed. */
static void
test_remove_devices (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilScenario) model = vigil_scenario_new ("normal", SEED, NULL);
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (WALL_START_US);
  g_autoptr(VigilMonitor) monitor = vigil_monitor_new (clock);
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new_for_protocol (model, clock, "masimo", NULL);
  g_autoptr(VigilDeviceSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  VigilDevice *device;

  /* Demo: nothing to remove. */
  fixture_set_up (&fixture, "normal");
  vigil_monitor_remove_devices (fixture.monitor);
  g_assert_cmpuint (vigil_monitor_get_n_devices (fixture.monitor), ==, 1);
  vigil_monitor_test_tear_down (&fixture);

  g_assert_true (vigil_simulator_open_pty (simulator, NULL, &error));
  g_assert_no_error (error);
  spec = vigil_device_spec_new ("masimo", vigil_simulator_get_path (simulator), 0);
  g_assert_true (vigil_monitor_add_device (monitor, spec, &error));
  g_assert_no_error (error);
  vigil_simulator_start (simulator);
  for (guint i = 0; i < 10 * 20; i++)
    {
      vigil_clock_advance (clock, 50 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (500);
    }
  g_assert_cmpint (vigil_monitor_get_data_state (monitor, VIGIL_PARAMETER_SPO2), ==, VIGIL_DATA_STATE_LIVE);

  device = g_object_ref (vigil_monitor_get_device (monitor, 0));
  vigil_monitor_remove_devices (monitor);
  g_assert_cmpuint (vigil_monitor_get_n_devices (monitor), ==, 0);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_STOPPED);
  g_assert_cmpint (vigil_monitor_get_data_state (monitor, VIGIL_PARAMETER_SPO2), ==, VIGIL_DATA_STATE_STALE);
  g_object_unref (device);
  vigil_simulator_stop (simulator);
}

static void
advance (VigilClock *clock,
         guint       seconds)
{
  for (guint i = 0; i < seconds * 20; i++)
    {
      vigil_clock_advance (clock, 50 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (300);
    }
}

/* Vigil connects to an S/5 two minutes after its cuff measured: the
 * reading is shown with its real age and charted when it was measured,
 * not as if taken now. */
static void
test_nibp_measured_before_connect (void)
{
  g_autoptr(VigilScenario) model = vigil_scenario_new ("normal", SEED, NULL);
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (WALL_START_US);
  g_autoptr(VigilMonitor) monitor = vigil_monitor_new (clock);
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new_for_protocol (model, clock, "datex", NULL);
  g_autoptr(VigilDeviceSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  const VigilObservation *nibp;
  gint64 connected_wall_us;
  gint64 time_us;
  double value;

  g_assert_true (vigil_simulator_open_pty (simulator, NULL, &error));
  g_assert_no_error (error);
  vigil_simulator_start (simulator);
  advance (clock, 120);

  connected_wall_us = vigil_clock_get_wall (clock);
  spec = vigil_device_spec_new ("datex", vigil_simulator_get_path (simulator), 0);
  g_assert_true (vigil_monitor_add_device (monitor, spec, &error));
  g_assert_no_error (error);
  advance (clock, 15);

  nibp = vigil_monitor_get_latest (monitor, VIGIL_PARAMETER_NIBP);
  g_assert_nonnull (nibp);
  g_assert_true (vigil_observation_is_present (nibp));
  g_test_message ("NIBP measured %.0f s before the connect",
                  (connected_wall_us - nibp->host_wall_us) / 1e6);
  /* The cuff measured at 0:00-0:01 of the scenario. */
  g_assert_cmpint (nibp->host_wall_us, <=, WALL_START_US + 2 * G_USEC_PER_SEC);
  g_assert_cmpint (nibp->host_wall_us, >=, WALL_START_US);
  g_assert_true (vigil_trend_store_get_last (vigil_trend_set_get_store (vigil_monitor_get_trends (monitor),
                                                                        VIGIL_TREND_SERIES_NIBP_SYSTOLIC),
                                             &time_us, &value));
  g_assert_cmpint (time_us, ==, nibp->host_wall_us);

  vigil_monitor_stop (monitor);
  vigil_simulator_stop (simulator);
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
  g_test_add_func ("/vigil/monitor/oximeter-pulse-as-heart-rate", test_oximeter_pulse_as_heart_rate);
  g_test_add_func ("/vigil/monitor/remove-devices", test_remove_devices);
  g_test_add_func ("/vigil/monitor/nibp-measured-before-connect", test_nibp_measured_before_connect);

  return g_test_run ();
}
