/* test-alarm-scenarios.c — the simulator's scenarios raise the alarms they were made for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each scenario is sampled second by second, as the simulator's device
 * would show it, and fed to the evaluator the way the line parser reports
 * it (SENSOR_OFF once per episode and OFF-flagged values, SENSOR_ON when a
 * number comes back, NIBP_FAILED for a failed cuff reading). Checked: the
 * expected conditions become MET in the expected order, the headline
 * condition holds through the scenario's event, no other condition ever
 * leaves CLEAR, everything is CLEAR again after recovery — and the normal
 * infusion raises nothing at all in 90 minutes, for several patients
 * (seeds).
 */
#include <math.h>

#include "vigil-alarm-evaluator.h"
#include "vigil-scenario.h"

#define BIT(id) (1u << (id))

typedef struct
{
  const char   *scenario;
  gint64        duration_s;
  int           first;        /* the condition expected first, -1 none */
  int           second;       /* expected strictly after it, -1 none */
  int           held;         /* MET throughout [onset + lag, end) of the scenario's event */
  int           lag_s;
  gboolean      exact;        /* held's first MET is the event's onset, to the second */
  guint32       allowed;      /* conditions that may leave CLEAR */
  gint64        clear_after_s; /* every condition CLEAR from here on */
} ScenarioCase;

static const ScenarioCase cases[] = {
  { "normal", 90 * 60, -1, -1, -1, 0, FALSE, 0, 0 },
  { "desaturation", 15 * 60, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_SPO2_DESATURATION,
    VIGIL_ALARM_SPO2_DESATURATION, 0, FALSE,
    BIT (VIGIL_ALARM_SPO2_LOW) | BIT (VIGIL_ALARM_SPO2_DESATURATION), 8 * 60 + 5 },
  { "hypertensive", 90 * 60, VIGIL_ALARM_NIBP_HIGH, VIGIL_ALARM_NIBP_SEVERE,
    VIGIL_ALARM_NIBP_SEVERE, 0, FALSE,
    BIT (VIGIL_ALARM_NIBP_HIGH) | BIT (VIGIL_ALARM_NIBP_SEVERE) | BIT (VIGIL_ALARM_NIBP_RISE), 60 * 60 },
  { "bradycardia", 15 * 60, VIGIL_ALARM_HR_LOW, VIGIL_ALARM_HR_VERY_LOW,
    VIGIL_ALARM_HR_VERY_LOW, 5, FALSE,
    BIT (VIGIL_ALARM_HR_LOW) | BIT (VIGIL_ALARM_HR_VERY_LOW), 11 * 60 },
  { "tachycardia", 15 * 60, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_HR_VERY_HIGH,
    VIGIL_ALARM_HR_VERY_HIGH, 5, FALSE,
    BIT (VIGIL_ALARM_HR_HIGH) | BIT (VIGIL_ALARM_HR_VERY_HIGH), 11 * 60 },
  { "hypotension", 40 * 60, VIGIL_ALARM_NIBP_LOW, VIGIL_ALARM_NIBP_SEVERE_LOW,
    VIGIL_ALARM_NIBP_SEVERE_LOW, 0, TRUE,
    BIT (VIGIL_ALARM_NIBP_LOW) | BIT (VIGIL_ALARM_NIBP_SEVERE_LOW), 25 * 60 },
  { "sensor-off", 10 * 60, VIGIL_ALARM_SPO2_SENSOR_OFF, -1,
    VIGIL_ALARM_SPO2_SENSOR_OFF, 0, TRUE,
    BIT (VIGIL_ALARM_SPO2_SENSOR_OFF), 3 * 60 + 36 },
  { "nibp-fail", 15 * 60, VIGIL_ALARM_NIBP_FAILED, -1,
    VIGIL_ALARM_NIBP_FAILED, 0, TRUE,
    BIT (VIGIL_ALARM_NIBP_FAILED), 6 * 60 },
  { "nibp-overdue", 40 * 60, VIGIL_ALARM_NIBP_OVERDUE, -1,
    VIGIL_ALARM_NIBP_OVERDUE, 0, TRUE,
    BIT (VIGIL_ALARM_NIBP_OVERDUE), 25 * 60 },
};

static const guint32 seeds[] = { 1, 2, 3, 42, 20240601 };

typedef struct
{
  VigilClock          *clock;
  VigilAlarmEvaluator *evaluator;
  gboolean             sensor_off;  /* what the parser remembers */
} Feeder;

static void
observe (Feeder         *feeder,
         VigilParameter  parameter,
         VigilQuality    quality,
         double          value,
         double          diastolic,
         double          mean)
{
  VigilObservation obs;

  vigil_observation_init (&obs, parameter);
  obs.quality = quality;
  obs.value = value;
  if (parameter == VIGIL_PARAMETER_NIBP)
    {
      obs.diastolic = diastolic;
      obs.mean = mean;
    }
  obs.host_monotonic_us = vigil_clock_get_monotonic (feeder->clock);
  obs.host_wall_us = vigil_clock_get_wall (feeder->clock);
  vigil_alarm_evaluator_observe (feeder->evaluator, &obs);
}

static void
event (Feeder             *feeder,
       VigilTechnicalKind  kind,
       VigilParameter      parameter)
{
  g_autoptr(VigilTechnicalEvent) e = vigil_technical_event_new (kind, parameter, "scenario");

  e->host_monotonic_us = vigil_clock_get_monotonic (feeder->clock);
  vigil_alarm_evaluator_technical (feeder->evaluator, e);
}

/* One line of the device, as the line parser would report it. */
static void
feed_sample (Feeder                    *feeder,
             const VigilScenarioSample *sample)
{
  observe (feeder, VIGIL_PARAMETER_HR, VIGIL_QUALITY_VALID, sample->hr, NAN, NAN);

  if (sample->spo2_sensor_off)
    {
      if (!feeder->sensor_off)
        {
          feeder->sensor_off = TRUE;
          event (feeder, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_PARAMETER_SPO2);
        }
      observe (feeder, VIGIL_PARAMETER_SPO2, VIGIL_QUALITY_SENSOR_OFF, NAN, NAN, NAN);
      observe (feeder, VIGIL_PARAMETER_PULSE_RATE, VIGIL_QUALITY_SENSOR_OFF, NAN, NAN, NAN);
    }
  else if (sample->spo2 == VIGIL_SCENARIO_ABSENT)
    {
      observe (feeder, VIGIL_PARAMETER_SPO2, 0, NAN, NAN, NAN);
      observe (feeder, VIGIL_PARAMETER_PULSE_RATE, 0, NAN, NAN, NAN);
    }
  else
    {
      if (feeder->sensor_off)
        {
          feeder->sensor_off = FALSE;
          event (feeder, VIGIL_TECHNICAL_SENSOR_ON, VIGIL_PARAMETER_SPO2);
        }
      observe (feeder, VIGIL_PARAMETER_SPO2, VIGIL_QUALITY_VALID, sample->spo2, NAN, NAN);
      observe (feeder, VIGIL_PARAMETER_PULSE_RATE, VIGIL_QUALITY_VALID, sample->pr, NAN, NAN);
    }

  if (sample->nibp == VIGIL_SCENARIO_NIBP_READING)
    observe (feeder, VIGIL_PARAMETER_NIBP, VIGIL_QUALITY_VALID,
             sample->nibp_sys, sample->nibp_dia, sample->nibp_mean);
  else if (sample->nibp == VIGIL_SCENARIO_NIBP_FAILED)
    event (feeder, VIGIL_TECHNICAL_NIBP_FAILED, VIGIL_PARAMETER_NIBP);
}

static void
run_case (const ScenarioCase *c,
          guint32             seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenario) scenario = vigil_scenario_new (c->scenario, seed, &error);
  g_autoptr(VigilAlarmLimits) limits = vigil_alarm_limits_new_default ();
  g_autoptr(VigilClock) clock = vigil_clock_new_manual ((gint64) 1700000000 * G_USEC_PER_SEC);
  g_autoptr(VigilAlarmEvaluator) evaluator = NULL;
  const VigilScenarioInfo *info;
  gint64 first_met[VIGIL_N_ALARMS];
  gint64 t0;
  gint64 previous_ms = -1;
  Feeder feeder = { 0, };

  g_assert_no_error (error);
  info = vigil_scenario_get_info (scenario);
  evaluator = vigil_alarm_evaluator_new (limits, clock);
  t0 = vigil_clock_get_monotonic (clock);
  feeder.clock = clock;
  feeder.evaluator = evaluator;
  for (guint id = 0; id < VIGIL_N_ALARMS; id++)
    first_met[id] = -1;

  for (gint64 s = 0; s <= c->duration_s; s++)
    {
      gint64 ms = s * 1000;
      VigilScenarioSample sample;

      if (s > 0)
        vigil_clock_advance (clock, G_USEC_PER_SEC);
      vigil_scenario_sample (scenario, previous_ms, ms, &sample);
      previous_ms = ms;
      feed_sample (&feeder, &sample);
      vigil_alarm_evaluator_update (evaluator);

      for (guint id = 0; id < VIGIL_N_ALARMS; id++)
        {
          VigilConditionStatus st;
          const VigilAlarmInfo *alarm = vigil_alarm_get_info (id);

          vigil_alarm_evaluator_get_status (evaluator, id, &st);
          if (st.state == VIGIL_CONDITION_MET && first_met[id] < 0)
            {
              g_autofree char *message = vigil_alarm_format_message (id, &st);

              first_met[id] = (st.since_us - t0) / G_USEC_PER_SEC;
              g_test_message ("%s seed %u: %s MET at %" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT " (%s)",
                              c->scenario, seed, alarm->code,
                              first_met[id] / 60, first_met[id] % 60, message);
            }

          if (st.state != VIGIL_CONDITION_CLEAR && !(c->allowed & BIT (id)))
            g_error ("%s seed %u: %s is %s at %" G_GINT64_FORMAT " s; it should stay CLEAR",
                     c->scenario, seed, alarm->code,
                     st.state == VIGIL_CONDITION_MET ? "MET" : "PENDING", s);
          if (st.state != VIGIL_CONDITION_CLEAR && c->clear_after_s > 0 && s >= c->clear_after_s)
            g_error ("%s seed %u: %s still not CLEAR at %" G_GINT64_FORMAT " s",
                     c->scenario, seed, alarm->code, s);
          if ((int) id == c->held && ms >= info->onset_ms + c->lag_s * 1000 && ms < info->end_ms &&
              st.state != VIGIL_CONDITION_MET)
            g_error ("%s seed %u: %s not MET at %" G_GINT64_FORMAT " s, inside the scenario's event",
                     c->scenario, seed, alarm->code, s);
        }
    }

  if (c->first >= 0)
    {
      g_assert_cmpint (first_met[c->first], >=, 0);
      g_assert_cmpint (first_met[c->first] * 1000, <=, info->onset_ms + c->lag_s * 1000);
    }
  if (c->second >= 0)
    {
      g_assert_cmpint (first_met[c->second], >=, 0);
      g_assert_cmpint (first_met[c->first], <, first_met[c->second]);
    }
  if (c->held >= 0 && c->exact)
    g_assert_cmpint (first_met[c->held] * 1000, ==, info->onset_ms);
  if (c->first < 0)
    for (guint id = 0; id < VIGIL_N_ALARMS; id++)
      g_assert_cmpint (first_met[id], ==, -1);

  g_clear_object (&evaluator);
}

static void
test_scenario (gconstpointer data)
{
  const ScenarioCase *c = data;

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    run_case (c, seeds[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/alarm-scenarios/%s", cases[i].scenario);

      g_test_add_data_func (path, &cases[i], test_scenario);
    }

  return g_test_run ();
}
