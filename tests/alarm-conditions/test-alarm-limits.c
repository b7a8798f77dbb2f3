/* test-alarm-limits.c — factory defaults, validation, copies, "changed"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "vigil-alarm-limits.h"

#define SEC(s) ((gint64) (s) * G_USEC_PER_SEC)
#define MINUTES(m) ((gint64) (m) * 60 * G_USEC_PER_SEC)

/* CLINICAL.md §1, "Default limits", written out again by hand. */
static const struct {
  VigilAlarmId       id;
  VigilAlarmPriority priority;
  gboolean           latching;
  double             threshold, threshold2;
  gint64             delay_us, repeat_us, interval_us;
  double             sat_seconds;
  guint              count;
  gint64             window_us;
} defaults[] = {
  { VIGIL_ALARM_SPO2_LOW,          VIGIL_ALARM_PRIORITY_MEDIUM, FALSE, 90, NAN, 0, 0, 0, 25, 3, SEC (60) },
  { VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_PRIORITY_HIGH,   TRUE,  85, NAN, 0, 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_HR_HIGH,           VIGIL_ALARM_PRIORITY_MEDIUM, FALSE, 120, NAN, SEC (10), 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_HR_VERY_HIGH,      VIGIL_ALARM_PRIORITY_HIGH,   TRUE,  150, NAN, SEC (5), 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_HR_LOW,            VIGIL_ALARM_PRIORITY_MEDIUM, FALSE, 50, NAN, SEC (10), 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_HR_VERY_LOW,       VIGIL_ALARM_PRIORITY_HIGH,   TRUE,  40, NAN, SEC (5), 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_NIBP_HIGH,         VIGIL_ALARM_PRIORITY_MEDIUM, FALSE, 160, 100, 0, MINUTES (2), 0, NAN, 0, 0 },
  { VIGIL_ALARM_NIBP_SEVERE,       VIGIL_ALARM_PRIORITY_HIGH,   TRUE,  180, 110, 0, MINUTES (1), 0, NAN, 0, 0 },
  { VIGIL_ALARM_NIBP_LOW,          VIGIL_ALARM_PRIORITY_MEDIUM, FALSE, 90, NAN, 0, 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_NIBP_SEVERE_LOW,   VIGIL_ALARM_PRIORITY_HIGH,   TRUE,  80, 60, 0, 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_NIBP_RISE,         VIGIL_ALARM_PRIORITY_LOW,    FALSE, 40, 25, 0, 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_LINK_LOST,         VIGIL_ALARM_PRIORITY_MEDIUM, FALSE, NAN, NAN, SEC (10), 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_SPO2_SENSOR_OFF,   VIGIL_ALARM_PRIORITY_MEDIUM, FALSE, NAN, NAN, 0, 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_NIBP_FAILED,       VIGIL_ALARM_PRIORITY_LOW,    FALSE, NAN, NAN, 0, 0, 0, NAN, 0, 0 },
  { VIGIL_ALARM_NIBP_OVERDUE,      VIGIL_ALARM_PRIORITY_LOW,    FALSE, NAN, NAN, MINUTES (3), 0, MINUTES (10), NAN, 0, 0 },
  { VIGIL_ALARM_SOUND_UNAVAILABLE, VIGIL_ALARM_PRIORITY_HIGH,   TRUE,  NAN, NAN, 0, 0, 0, NAN, 0, 0 },
};

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (b))
    g_assert_true (isnan (a));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
test_defaults (void)
{
  g_autoptr(VigilAlarmLimits) limits = vigil_alarm_limits_new_default ();

  g_assert_cmpuint (G_N_ELEMENTS (defaults), ==, VIGIL_N_ALARMS);
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      const VigilAlarmSetting *s = vigil_alarm_limits_get (limits, defaults[i].id);

      g_test_message ("%s", vigil_alarm_get_info (defaults[i].id)->code);
      g_assert_cmpint (defaults[i].id, ==, i);
      g_assert_cmpint (s->priority, ==, defaults[i].priority);
      g_assert_cmpint (s->latching, ==, defaults[i].latching);
      assert_same_double (s->threshold, defaults[i].threshold);
      assert_same_double (s->threshold2, defaults[i].threshold2);
      g_assert_cmpint (s->delay_us, ==, defaults[i].delay_us);
      g_assert_cmpint (s->repeat_us, ==, defaults[i].repeat_us);
      g_assert_cmpint (s->interval_us, ==, defaults[i].interval_us);
      assert_same_double (s->sat_seconds, defaults[i].sat_seconds);
      g_assert_cmpuint (s->count, ==, defaults[i].count);
      g_assert_cmpint (s->window_us, ==, defaults[i].window_us);

      /* The defaults pass their own validation. */
      g_assert_true (vigil_alarm_limits_set (limits, defaults[i].id, s, NULL));
    }
}

typedef struct
{
  guint        n;
  VigilAlarmId last;
} Changes;

static void
on_changed (VigilAlarmLimits *limits,
            VigilAlarmId      id,
            Changes          *changes)
{
  changes->n++;
  changes->last = id;
}

static void
test_changed_signal (void)
{
  g_autoptr(VigilAlarmLimits) limits = vigil_alarm_limits_new_default ();
  g_autoptr(GError) error = NULL;
  Changes changes = { 0, VIGIL_N_ALARMS };
  VigilAlarmSetting s;

  g_signal_connect (limits, "changed", G_CALLBACK (on_changed), &changes);

  g_assert_true (vigil_alarm_limits_set_threshold (limits, VIGIL_ALARM_HR_HIGH, 125, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.n, ==, 1);
  g_assert_cmpint (changes.last, ==, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 125);

  /* The same value again: nothing changed, no signal. */
  g_assert_true (vigil_alarm_limits_set_threshold (limits, VIGIL_ALARM_HR_HIGH, 125, &error));
  g_assert_cmpuint (changes.n, ==, 1);

  g_assert_true (vigil_alarm_limits_set_threshold2 (limits, VIGIL_ALARM_NIBP_SEVERE_LOW, 55, &error));
  g_assert_cmpuint (changes.n, ==, 2);
  g_assert_cmpint (changes.last, ==, VIGIL_ALARM_NIBP_SEVERE_LOW);

  s = *vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW);
  s.sat_seconds = 50;
  s.count = 4;
  s.window_us = SEC (90);
  g_assert_true (vigil_alarm_limits_set (limits, VIGIL_ALARM_SPO2_LOW, &s, &error));
  g_assert_cmpuint (changes.n, ==, 3);
  g_assert_cmpint (changes.last, ==, VIGIL_ALARM_SPO2_LOW);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->sat_seconds, ==, 50);

  /* Refused: no signal, nothing stored. */
  g_assert_false (vigil_alarm_limits_set_threshold (limits, VIGIL_ALARM_HR_HIGH, 400, &error));
  g_assert_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID);
  g_assert_cmpuint (changes.n, ==, 3);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 125);
}

static void
test_copy (void)
{
  g_autoptr(VigilAlarmLimits) clinic = vigil_alarm_limits_new_default ();
  g_autoptr(VigilAlarmLimits) session = NULL;
  Changes changes = { 0, VIGIL_N_ALARMS };

  g_assert_true (vigil_alarm_limits_set_threshold (clinic, VIGIL_ALARM_SPO2_LOW, 92, NULL));
  g_signal_connect (clinic, "changed", G_CALLBACK (on_changed), &changes);

  session = vigil_alarm_limits_copy (clinic);
  for (guint id = 0; id < VIGIL_N_ALARMS; id++)
    g_assert_true (vigil_alarm_setting_equal (vigil_alarm_limits_get (clinic, id),
                                              vigil_alarm_limits_get (session, id)));
  g_assert_cmpfloat (vigil_alarm_limits_get (session, VIGIL_ALARM_SPO2_LOW)->threshold, ==, 92);

  /* Independent both ways; the copy has no handlers of the original. */
  g_assert_true (vigil_alarm_limits_set_threshold (session, VIGIL_ALARM_SPO2_LOW, 88, NULL));
  g_assert_cmpfloat (vigil_alarm_limits_get (clinic, VIGIL_ALARM_SPO2_LOW)->threshold, ==, 92);
  g_assert_cmpuint (changes.n, ==, 0);
  g_assert_true (vigil_alarm_limits_set_threshold (clinic, VIGIL_ALARM_HR_LOW, 45, NULL));
  g_assert_cmpfloat (vigil_alarm_limits_get (session, VIGIL_ALARM_HR_LOW)->threshold, ==, 50);
  g_assert_cmpuint (changes.n, ==, 1);

  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_setting_equal (void)
{
  g_autoptr(VigilAlarmLimits) limits = vigil_alarm_limits_new_default ();
  VigilAlarmSetting a = *vigil_alarm_limits_get (limits, VIGIL_ALARM_LINK_LOST);
  VigilAlarmSetting b = a;

  g_assert_true (isnan (a.threshold));
  g_assert_true (vigil_alarm_setting_equal (&a, &b));
  b.delay_us++;
  g_assert_false (vigil_alarm_setting_equal (&a, &b));
  b = a;
  b.threshold = 1;
  g_assert_false (vigil_alarm_setting_equal (&a, &b));
}

/* Unused fields may be given as 0 and are stored as NAN / 0. */
static void
test_unused_normalised (void)
{
  g_autoptr(VigilAlarmLimits) limits = vigil_alarm_limits_new_default ();
  VigilAlarmSetting s = {
    .priority = VIGIL_ALARM_PRIORITY_HIGH,
    .latching = 7,
    .delay_us = SEC (15),
  };

  g_assert_true (vigil_alarm_limits_set (limits, VIGIL_ALARM_LINK_LOST, &s, NULL));
  g_assert_true (isnan (vigil_alarm_limits_get (limits, VIGIL_ALARM_LINK_LOST)->threshold));
  g_assert_true (isnan (vigil_alarm_limits_get (limits, VIGIL_ALARM_LINK_LOST)->sat_seconds));
  g_assert_cmpint (vigil_alarm_limits_get (limits, VIGIL_ALARM_LINK_LOST)->latching, ==, TRUE);
  g_assert_cmpint (vigil_alarm_limits_get (limits, VIGIL_ALARM_LINK_LOST)->delay_us, ==, SEC (15));
}

/* ---- refused settings ------------------------------------------------- */

typedef enum
{
  F_PRIORITY,
  F_THRESHOLD,
  F_THRESHOLD2,
  F_DELAY,
  F_REPEAT,
  F_INTERVAL,
  F_SAT,
  F_COUNT,
  F_WINDOW,
} Field;

typedef struct
{
  VigilAlarmId           id;
  Field                  field;
  double                 value;
  int                    code;   /* a VigilAlarmLimitsError */
  const char            *message;  /* a part of the message people read */
} Invalid;

static const Invalid invalid[] = {
  { VIGIL_ALARM_SPO2_LOW, F_THRESHOLD, 45, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "SpO₂ low (A1): the limit 45 % is outside the plausible range 80–99 %. Choose a value in that range." },
  { VIGIL_ALARM_SPO2_LOW, F_THRESHOLD, 100, VIGIL_ALARM_LIMITS_ERROR_INVALID, "80–99 %" },
  { VIGIL_ALARM_SPO2_LOW, F_THRESHOLD, NAN, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "SpO₂ low (A1): the limit is not set. Choose a value between 80 and 99 %." },
  { VIGIL_ALARM_SPO2_LOW, F_SAT, 30, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "a SatSeconds value of 30 is not offered. Choose 10, 25, 50 or 100 %·s." },
  { VIGIL_ALARM_SPO2_LOW, F_SAT, 0, VIGIL_ALARM_LIMITS_ERROR_INVALID, "Choose 10, 25, 50 or 100" },
  { VIGIL_ALARM_SPO2_LOW, F_SAT, NAN, VIGIL_ALARM_LIMITS_ERROR_INVALID, "Choose 10, 25, 50 or 100" },
  { VIGIL_ALARM_SPO2_LOW, F_COUNT, 1, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "1 dips below the limit is outside the allowed range 2–10" },
  { VIGIL_ALARM_SPO2_LOW, F_WINDOW, 0, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "the time window for repeated dips 0 s is outside the allowed range 10 s–10 min" },
  { VIGIL_ALARM_SPO2_LOW, F_DELAY, 5, VIGIL_ALARM_LIMITS_ERROR_INVALID, "takes no delay" },
  { VIGIL_ALARM_SPO2_DESATURATION, F_DELAY, 5, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "SpO₂ desaturation (A2) alarms at once and takes no delay. Set the delay to 0." },
  { VIGIL_ALARM_SPO2_DESATURATION, F_THRESHOLD, 91, VIGIL_ALARM_LIMITS_ERROR_ORDER,
    "SpO₂ desaturation (A2): the limit 91 % must stay below the limit of SpO₂ low (A1), 90 %. Raise that one first." },
  { VIGIL_ALARM_SPO2_DESATURATION, F_SAT, 25, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "has no SatSeconds setting" },
  { VIGIL_ALARM_HR_HIGH, F_THRESHOLD, 400, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "HR high (A3): the limit 400 /min is outside the plausible range 60–250 /min" },
  { VIGIL_ALARM_HR_HIGH, F_THRESHOLD, 155, VIGIL_ALARM_LIMITS_ERROR_ORDER,
    "HR high (A3): the limit 155 /min must stay below the limit of HR very high (A4), 150 /min. Raise that one first." },
  { VIGIL_ALARM_HR_HIGH, F_DELAY, -1, VIGIL_ALARM_LIMITS_ERROR_INVALID, "outside the allowed range 0 s–1 min" },
  { VIGIL_ALARM_HR_HIGH, F_DELAY, 120, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "HR high (A3): the delay 2 min is outside the allowed range 0 s–1 min" },
  { VIGIL_ALARM_HR_HIGH, F_THRESHOLD2, 130, VIGIL_ALARM_LIMITS_ERROR_INVALID, "has no second threshold" },
  { VIGIL_ALARM_HR_VERY_HIGH, F_THRESHOLD, 110, VIGIL_ALARM_LIMITS_ERROR_ORDER,
    "HR very high (A4): the limit 110 /min must stay above the limit of HR high (A3), 120 /min. Lower that one first." },
  { VIGIL_ALARM_HR_LOW, F_THRESHOLD, 35, VIGIL_ALARM_LIMITS_ERROR_ORDER, "must stay above" },
  { VIGIL_ALARM_HR_VERY_LOW, F_THRESHOLD, 55, VIGIL_ALARM_LIMITS_ERROR_ORDER, "must stay below" },
  { VIGIL_ALARM_HR_VERY_LOW, F_THRESHOLD, 10, VIGIL_ALARM_LIMITS_ERROR_INVALID, "20–120 /min" },
  { VIGIL_ALARM_NIBP_HIGH, F_DELAY, 10, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "NIBP high (A7) takes no delay: blood pressure is judged on each completed reading." },
  { VIGIL_ALARM_NIBP_HIGH, F_THRESHOLD2, 40, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "NIBP high (A7): the diastolic limit 40 mmHg is outside the plausible range 60–160 mmHg" },
  { VIGIL_ALARM_NIBP_HIGH, F_THRESHOLD2, 115, VIGIL_ALARM_LIMITS_ERROR_ORDER,
    "NIBP high (A7): the diastolic limit 115 mmHg must stay below the diastolic limit of NIBP severe (A8), 110 mmHg" },
  { VIGIL_ALARM_NIBP_HIGH, F_REPEAT, 7200, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "the repeat-reading time 120 min is outside the allowed range 0 s–60 min" },
  { VIGIL_ALARM_NIBP_SEVERE, F_THRESHOLD, 150, VIGIL_ALARM_LIMITS_ERROR_ORDER, "must stay above" },
  { VIGIL_ALARM_NIBP_LOW, F_THRESHOLD2, 50, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "NIBP low (A9) has no second threshold; leave it unset." },
  { VIGIL_ALARM_NIBP_LOW, F_THRESHOLD, 75, VIGIL_ALARM_LIMITS_ERROR_ORDER, "must stay above" },
  { VIGIL_ALARM_NIBP_SEVERE_LOW, F_THRESHOLD2, 10, VIGIL_ALARM_LIMITS_ERROR_INVALID, "30–100 mmHg" },
  { VIGIL_ALARM_NIBP_RISE, F_THRESHOLD, 0, VIGIL_ALARM_LIMITS_ERROR_INVALID, "5–100 mmHg" },
  { VIGIL_ALARM_NIBP_RISE, F_PRIORITY, VIGIL_ALARM_PRIORITY_NONE, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "BP rise from baseline (A11): the priority must be low, medium or high. An alarm cannot be switched off." },
  { VIGIL_ALARM_NIBP_RISE, F_PRIORITY, 9, VIGIL_ALARM_LIMITS_ERROR_INVALID, "cannot be switched off" },
  { VIGIL_ALARM_LINK_LOST, F_THRESHOLD, 5, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "Device link lost (T1) has no threshold; leave it unset." },
  { VIGIL_ALARM_LINK_LOST, F_DELAY, 0, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "Device link lost (T1): the time without data 0 s is outside the allowed range 1 s–2 min" },
  { VIGIL_ALARM_SPO2_SENSOR_OFF, F_DELAY, 300, VIGIL_ALARM_LIMITS_ERROR_INVALID, "0 s–1 min" },
  { VIGIL_ALARM_NIBP_FAILED, F_INTERVAL, 600, VIGIL_ALARM_LIMITS_ERROR_INVALID, "has no NIBP interval" },
  { VIGIL_ALARM_NIBP_OVERDUE, F_INTERVAL, 0, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "NIBP overdue (T4): the NIBP interval 0 s is outside the allowed range 1 min–120 min" },
  { VIGIL_ALARM_NIBP_OVERDUE, F_INTERVAL, 5 * 3600, VIGIL_ALARM_LIMITS_ERROR_INVALID, "1 min–120 min" },
  { VIGIL_ALARM_NIBP_OVERDUE, F_DELAY, 2 * 3600, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "the grace time 120 min is outside the allowed range 0 s–60 min" },
  { VIGIL_ALARM_SOUND_UNAVAILABLE, F_PRIORITY, VIGIL_ALARM_PRIORITY_NONE, VIGIL_ALARM_LIMITS_ERROR_INVALID,
    "cannot be switched off" },
  { VIGIL_ALARM_SOUND_UNAVAILABLE, F_COUNT, 3, VIGIL_ALARM_LIMITS_ERROR_INVALID, "has no dip count" },
};

static void
test_invalid (void)
{
  g_autoptr(VigilAlarmLimits) limits = vigil_alarm_limits_new_default ();
  g_autoptr(VigilAlarmLimits) pristine = vigil_alarm_limits_new_default ();
  Changes changes = { 0, VIGIL_N_ALARMS };

  g_signal_connect (limits, "changed", G_CALLBACK (on_changed), &changes);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      const Invalid *c = &invalid[i];
      VigilAlarmSetting s = *vigil_alarm_limits_get (limits, c->id);
      g_autoptr(GError) error = NULL;

      switch (c->field)
        {
        case F_PRIORITY:
          s.priority = (VigilAlarmPriority) c->value;
          break;
        case F_THRESHOLD:
          s.threshold = c->value;
          break;
        case F_THRESHOLD2:
          s.threshold2 = c->value;
          break;
        case F_DELAY:
          s.delay_us = (gint64) c->value * G_USEC_PER_SEC;
          break;
        case F_REPEAT:
          s.repeat_us = (gint64) c->value * G_USEC_PER_SEC;
          break;
        case F_INTERVAL:
          s.interval_us = (gint64) c->value * G_USEC_PER_SEC;
          break;
        case F_SAT:
          s.sat_seconds = c->value;
          break;
        case F_COUNT:
          s.count = (guint) c->value;
          break;
        case F_WINDOW:
          s.window_us = (gint64) c->value * G_USEC_PER_SEC;
          break;
        default:
          g_assert_not_reached ();
        }

      g_assert_false (vigil_alarm_limits_set (limits, c->id, &s, &error));
      g_assert_error (error, VIGIL_ALARM_LIMITS_ERROR, c->code);
      g_test_message ("%s", error->message);
      if (strstr (error->message, c->message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, c->message);
      g_assert_true (vigil_alarm_setting_equal (vigil_alarm_limits_get (limits, c->id),
                                                vigil_alarm_limits_get (pristine, c->id)));
    }
  g_assert_cmpuint (changes.n, ==, 0);
}

/* Moving a pair the right way round works: outer limit first. */
static void
test_pair_order (void)
{
  g_autoptr(VigilAlarmLimits) limits = vigil_alarm_limits_new_default ();
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_alarm_limits_set_threshold (limits, VIGIL_ALARM_HR_HIGH, 160, NULL));
  g_assert_true (vigil_alarm_limits_set_threshold (limits, VIGIL_ALARM_HR_VERY_HIGH, 170, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_alarm_limits_set_threshold (limits, VIGIL_ALARM_HR_HIGH, 160, &error));
  g_assert_no_error (error);

  /* Equal is refused: "very" must be beyond. */
  g_assert_false (vigil_alarm_limits_set_threshold (limits, VIGIL_ALARM_SPO2_DESATURATION, 90, &error));
  g_assert_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_ORDER);
  g_clear_error (&error);
  g_assert_true (vigil_alarm_limits_set_threshold (limits, VIGIL_ALARM_SPO2_DESATURATION, 89, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/alarm-limits/defaults", test_defaults);
  g_test_add_func ("/vigil/alarm-limits/changed", test_changed_signal);
  g_test_add_func ("/vigil/alarm-limits/copy", test_copy);
  g_test_add_func ("/vigil/alarm-limits/setting-equal", test_setting_equal);
  g_test_add_func ("/vigil/alarm-limits/unused-normalised", test_unused_normalised);
  g_test_add_func ("/vigil/alarm-limits/invalid", test_invalid);
  g_test_add_func ("/vigil/alarm-limits/pair-order", test_pair_order);

  return g_test_run ();
}
