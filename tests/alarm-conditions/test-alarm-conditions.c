/* test-alarm-conditions.c — every condition A1–A11, T1–T5 against a manual clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core is a table: each row names a condition, a scripted sequence of
 * observations and device events at clock times (seconds since the
 * evaluator was made), and checkpoints with the expected state and the
 * exact second it began. Around it: SatSeconds arithmetic against
 * hand-computed figures, the "3 dips in 60 s" rule, absent values, limit
 * changes, the NIBP repeat prompt and the messages.
 */
#include <math.h>
#include <string.h>

#include "vigil-alarm-evaluator.h"

#define S(sec) ((gint64) llround ((sec) * G_USEC_PER_SEC))

/* ---- the script language ---------------------------------------------- */

typedef enum
{
  STEP_END,
  IN_HR,          /* a: HR */
  IN_SPO2,        /* a: SpO₂ */
  IN_NIBP,        /* a/b/c: SYS/DIA/MAP (MAP may be NAN) */
  IN_RAW,         /* a: parameter, b: quality, c: value — for absent values */
  IN_EVENT,       /* a: VigilTechnicalKind, b: parameter */
  IN_SOUND,       /* a: available */
  IN_BASELINE,    /* a/b: SYS/DIA */
  CHECK,          /* a: state, b: since (s, NAN = any), c: value (NAN = any) */
  CHECK_QUIET,    /* no patient condition (A1–A11) is PENDING or MET */
} StepKind;

typedef struct
{
  double   t;      /* seconds since the evaluator was made */
  double   until;  /* runs: repeat every second up to this time (inclusive) */
  StepKind kind;
  double   a, b, c;
  int      id;     /* CHECK: the condition; -1: the row's */
} Step;

#define HR(t, v)               { t, -1, IN_HR, v, 0, 0, -1 }
#define HR_RUN(t0, t1, v)      { t0, t1, IN_HR, v, 0, 0, -1 }
#define SPO2(t, v)             { t, -1, IN_SPO2, v, 0, 0, -1 }
#define SPO2_RUN(t0, t1, v)    { t0, t1, IN_SPO2, v, 0, 0, -1 }
#define NIBP(t, s, d, m)       { t, -1, IN_NIBP, s, d, m, -1 }
#define RAW(t, p, q, v)        { t, -1, IN_RAW, p, q, v, -1 }
#define RAW_RUN(t0, t1, p, q, v) { t0, t1, IN_RAW, p, q, v, -1 }
#define EVENT(t, k, p)         { t, -1, IN_EVENT, k, p, 0, -1 }
#define SOUND(t, on)           { t, -1, IN_SOUND, on, 0, 0, -1 }
#define BASELINE(t, s, d)      { t, -1, IN_BASELINE, s, d, 0, -1 }
#define EXPECT(t, st, since)   { t, -1, CHECK, VIGIL_CONDITION_##st, since, NAN, -1 }
#define EXPECT_V(t, st, since, v) { t, -1, CHECK, VIGIL_CONDITION_##st, since, v, -1 }
#define EXPECT_ID(t, i, st, since) { t, -1, CHECK, VIGIL_CONDITION_##st, since, NAN, i }
#define QUIET(t)               { t, -1, CHECK_QUIET, 0, 0, 0, -1 }
#define ANY                    NAN
#define END                    { 0, -1, STEP_END, 0, 0, 0, -1 }

#define P_HR    VIGIL_PARAMETER_HR
#define P_SPO2  VIGIL_PARAMETER_SPO2
#define P_NIBP  VIGIL_PARAMETER_NIBP
#define Q_VALID VIGIL_QUALITY_VALID

typedef struct
{
  const char         *name;
  VigilAlarmId        id;
  VigilAlarmPriority  priority;  /* expected from the default limits */
  gboolean            latching;
  Step                steps[40];
} Row;

typedef struct
{
  double       t;
  guint        order;  /* inputs before checks at the same time, then table order */
  const Step  *step;
} Action;

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const Action *x = a;
  const Action *y = b;

  if (S (x->t) != S (y->t))
    return S (x->t) < S (y->t) ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

typedef struct
{
  VigilClock          *clock;
  VigilAlarmLimits    *limits;
  VigilAlarmEvaluator *evaluator;
  gint64               t0;
  VigilConditionState  signalled[VIGIL_N_ALARMS];
  guint                n_signals[VIGIL_N_ALARMS];
} Fixture;

static void
on_changed (VigilAlarmEvaluator *evaluator,
            VigilAlarmId         id,
            Fixture             *f)
{
  VigilConditionStatus st;

  vigil_alarm_evaluator_get_status (evaluator, id, &st);
  g_assert_cmpint (st.state, !=, f->signalled[id]);
  f->signalled[id] = st.state;
  f->n_signals[id]++;
}

static void
fixture_init (Fixture *f)
{
  memset (f, 0, sizeof *f);
  f->clock = vigil_clock_new_manual ((gint64) 1700000000 * G_USEC_PER_SEC);
  f->limits = vigil_alarm_limits_new_default ();
  f->evaluator = vigil_alarm_evaluator_new (f->limits, f->clock);
  f->t0 = vigil_clock_get_monotonic (f->clock);
  g_signal_connect (f->evaluator, "changed", G_CALLBACK (on_changed), f);
}

static void
fixture_clear (Fixture *f)
{
  g_assert_finalize_object (f->evaluator);
  g_assert_finalize_object (f->limits);
  g_assert_finalize_object (f->clock);
}

static void
advance_to (Fixture *f,
            double   t)
{
  gint64 target = f->t0 + S (t);
  gint64 now = vigil_clock_get_monotonic (f->clock);

  g_assert_cmpint (target, >=, now);
  if (target > now)
    vigil_clock_advance (f->clock, target - now);
}

static void
feed_value (Fixture        *f,
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
  obs.host_monotonic_us = vigil_clock_get_monotonic (f->clock);
  obs.host_wall_us = vigil_clock_get_wall (f->clock);
  vigil_alarm_evaluator_observe (f->evaluator, &obs);
}

static void
feed_event (Fixture            *f,
            VigilTechnicalKind  kind,
            int                 parameter)
{
  g_autoptr(VigilTechnicalEvent) event = vigil_technical_event_new (kind, parameter, "test");

  event->host_monotonic_us = vigil_clock_get_monotonic (f->clock);
  vigil_alarm_evaluator_technical (f->evaluator, event);
}

static VigilConditionStatus
status_of (Fixture      *f,
           VigilAlarmId  id)
{
  VigilConditionStatus st;

  vigil_alarm_evaluator_get_status (f->evaluator, id, &st);
  return st;
}

static const char *
state_name (VigilConditionState state)
{
  switch (state)
    {
    case VIGIL_CONDITION_CLEAR:
      return "CLEAR";
    case VIGIL_CONDITION_PENDING:
      return "PENDING";
    case VIGIL_CONDITION_MET:
      return "MET";
    default:
      return "?";
    }
}

static void
expect_state (Fixture             *f,
              VigilAlarmId         id,
              double               t,
              VigilConditionState  state,
              double               since,
              double               value)
{
  VigilConditionStatus st = status_of (f, id);
  const VigilAlarmInfo *info = vigil_alarm_get_info (id);

  if (st.state != state || (!isnan (since) && st.since_us != f->t0 + S (since)))
    g_error ("%s at %.1f s: expected %s since %.1f s, got %s since %.1f s",
             info->code, t, state_name (state), since, state_name (st.state),
             (st.since_us - f->t0) / (double) G_USEC_PER_SEC);
  if (!isnan (value))
    g_assert_cmpfloat_with_epsilon (st.value, value, 1e-9);
  /* Every state change was signalled. */
  g_assert_cmpint (f->signalled[id], ==, st.state);
}

static void
expect_quiet (Fixture *f,
              double   t)
{
  for (VigilAlarmId id = VIGIL_ALARM_SPO2_LOW; id <= VIGIL_ALARM_NIBP_RISE; id++)
    {
      VigilConditionStatus st = status_of (f, id);

      if (st.state != VIGIL_CONDITION_CLEAR)
        g_error ("%s at %.1f s: %s, expected CLEAR (absent values never alarm)",
                 vigil_alarm_get_info (id)->code, t, state_name (st.state));
    }
}

static void
run_steps (Fixture      *f,
           VigilAlarmId  row_id,
           const Step   *steps)
{
  g_autoptr(GArray) actions = g_array_new (FALSE, FALSE, sizeof (Action));

  for (guint i = 0; steps[i].kind != STEP_END; i++)
    {
      const Step *step = &steps[i];
      guint order = (step->kind == CHECK || step->kind == CHECK_QUIET ? 100000 : 0) + i;

      if (step->until >= 0)
        for (double t = step->t; t <= step->until + 1e-9; t += 1.0)
          g_array_append_val (actions, ((Action) { t, order, step }));
      else
        g_array_append_val (actions, ((Action) { step->t, order, step }));
    }
  g_array_sort (actions, compare_actions);

  for (guint i = 0; i < actions->len; i++)
    {
      const Action *action = &g_array_index (actions, Action, i);
      const Step *step = action->step;

      advance_to (f, action->t);
      switch (step->kind)
        {
        case IN_HR:
          feed_value (f, VIGIL_PARAMETER_HR, Q_VALID, step->a, NAN, NAN);
          break;
        case IN_SPO2:
          feed_value (f, VIGIL_PARAMETER_SPO2, Q_VALID, step->a, NAN, NAN);
          break;
        case IN_NIBP:
          feed_value (f, VIGIL_PARAMETER_NIBP, Q_VALID, step->a, step->b, step->c);
          break;
        case IN_RAW:
          feed_value (f, (VigilParameter) step->a, (VigilQuality) step->b, step->c, step->c, NAN);
          break;
        case IN_EVENT:
          feed_event (f, (VigilTechnicalKind) step->a, (int) step->b);
          break;
        case IN_SOUND:
          vigil_alarm_evaluator_set_sound_available (f->evaluator, step->a != 0);
          break;
        case IN_BASELINE:
          vigil_alarm_evaluator_set_nibp_baseline (f->evaluator, step->a, step->b);
          break;
        case CHECK:
          /* What the engine does about once a second. */
          vigil_alarm_evaluator_update (f->evaluator);
          expect_state (f, step->id >= 0 ? (VigilAlarmId) step->id : row_id, action->t,
                        (VigilConditionState) step->a, step->b, step->c);
          break;
        case CHECK_QUIET:
          vigil_alarm_evaluator_update (f->evaluator);
          expect_quiet (f, action->t);
          break;
        case STEP_END:
        default:
          g_assert_not_reached ();
        }
    }
}

/* ---- the table ---------------------------------------------------------- */

#define T_STALE        VIGIL_TECHNICAL_STALE
#define T_RESUMED      VIGIL_TECHNICAL_DATA_RESUMED
#define T_CONNECTED    VIGIL_TECHNICAL_CONNECTED
#define T_DISCONNECTED VIGIL_TECHNICAL_DISCONNECTED
#define T_SENSOR_OFF   VIGIL_TECHNICAL_SENSOR_OFF
#define T_SENSOR_ON    VIGIL_TECHNICAL_SENSOR_ON
#define T_NIBP_FAILED  VIGIL_TECHNICAL_NIBP_FAILED
#define T_FRAME_ERROR  VIGIL_TECHNICAL_FRAME_ERROR

#define HIGH   VIGIL_ALARM_PRIORITY_HIGH
#define MEDIUM VIGIL_ALARM_PRIORITY_MEDIUM
#define LOW    VIGIL_ALARM_PRIORITY_LOW

static const Row rows[] = {
  /* A1: SatSeconds at 1 Hz, limit 90, 25 %·s: 2, 6, 12, 18, 24, 30 → MET at 6 s. */
  { "a1-satseconds", VIGIL_ALARM_SPO2_LOW, MEDIUM, FALSE, {
      SPO2 (0, 95), EXPECT (0, CLEAR, 0),
      SPO2 (1, 88), SPO2 (2, 86), SPO2_RUN (3, 6, 84), SPO2 (7, 92),
      EXPECT_V (1, PENDING, 1, 88), EXPECT (5, PENDING, 1), EXPECT_V (6, MET, 6, 84),
      EXPECT (7, CLEAR, 7), END } },
  /* A2: immediate at ≤ 85, until > 85. */
  { "a2-desaturation", VIGIL_ALARM_SPO2_DESATURATION, HIGH, TRUE, {
      SPO2_RUN (0, 4, 95), SPO2 (5, 86), SPO2 (6, 85), SPO2 (7, 80), SPO2 (8, 86),
      EXPECT (5, CLEAR, 0), EXPECT_V (6, MET, 6, 85), EXPECT_V (7, MET, 6, 80),
      EXPECT (8, CLEAR, 8), END } },
  /* A3: > 120 for 10 s; 120 itself is inside. */
  { "a3-hr-high", VIGIL_ALARM_HR_HIGH, MEDIUM, FALSE, {
      HR_RUN (0, 4, 100), HR_RUN (5, 20, 121), HR (21, 120),
      EXPECT (4, CLEAR, 0), EXPECT (5, PENDING, 5), EXPECT (14, PENDING, 5),
      EXPECT_V (15, MET, 15, 121), EXPECT (20, MET, 15), EXPECT (21, CLEAR, 21), END } },
  /* A3 onset found by update() between sparse samples, still exact. */
  { "a3-hr-high-update", VIGIL_ALARM_HR_HIGH, MEDIUM, FALSE, {
      HR (0, 130), HR (6, 130), EXPECT (9, PENDING, 0), EXPECT (13, MET, 10), END } },
  /* A4: > 150 for 5 s. */
  { "a4-hr-very-high", VIGIL_ALARM_HR_VERY_HIGH, HIGH, TRUE, {
      HR_RUN (0, 9, 110), HR_RUN (10, 30, 151), HR (31, 150),
      EXPECT (10, PENDING, 10), EXPECT (14, PENDING, 10), EXPECT (15, MET, 15),
      EXPECT_ID (15, VIGIL_ALARM_HR_HIGH, PENDING, 10), EXPECT_ID (20, VIGIL_ALARM_HR_HIGH, MET, 20),
      EXPECT (31, CLEAR, 31), EXPECT_ID (31, VIGIL_ALARM_HR_HIGH, MET, 20), END } },
  /* A5: < 50 for 10 s; a sample back inside restarts the delay. */
  { "a5-hr-low", VIGIL_ALARM_HR_LOW, MEDIUM, FALSE, {
      HR_RUN (0, 6, 49), HR (7, 55), HR_RUN (8, 25, 49), HR (26, 50),
      EXPECT (6, PENDING, 0), EXPECT (7, CLEAR, 7), EXPECT (17, PENDING, 8),
      EXPECT (18, MET, 18), EXPECT (26, CLEAR, 26), END } },
  /* A6: < 40 for 5 s. */
  { "a6-hr-very-low", VIGIL_ALARM_HR_VERY_LOW, HIGH, TRUE, {
      HR_RUN (0, 3, 39), HR (4, 45), HR_RUN (5, 12, 38), HR (13, 41),
      EXPECT (3, PENDING, 0), EXPECT (4, CLEAR, 4), EXPECT (9, PENDING, 5),
      EXPECT_V (10, MET, 10, 38), EXPECT (13, CLEAR, 13), END } },
  /* A7: on reading, no delay; stays MET until a reading shows it gone. */
  { "a7-nibp-high", VIGIL_ALARM_NIBP_HIGH, MEDIUM, FALSE, {
      NIBP (0, 125, 80, 95), NIBP (300, 165, 95, 118), NIBP (420, 150, 105, 120),
      NIBP (540, 159, 99, 119),
      EXPECT (0, CLEAR, 0), EXPECT_V (300, MET, 300, 165), EXPECT (419, MET, 300),
      EXPECT (420, MET, 300), EXPECT (540, CLEAR, 540), END } },
  /* A8: SYS ≥ 180 or DIA ≥ 110. */
  { "a8-nibp-severe", VIGIL_ALARM_NIBP_SEVERE, HIGH, TRUE, {
      NIBP (0, 185, 100, 128), NIBP (60, 170, 112, 131), NIBP (120, 179, 109, 132),
      EXPECT (0, MET, 0), EXPECT (60, MET, 0), EXPECT (120, CLEAR, 120),
      EXPECT_ID (120, VIGIL_ALARM_NIBP_HIGH, MET, 0), END } },
  /* A9: SYS < 90. */
  { "a9-nibp-low", VIGIL_ALARM_NIBP_LOW, MEDIUM, FALSE, {
      NIBP (0, 110, 70, 83), NIBP (300, 89, 60, 70), NIBP (600, 90, 60, 70),
      EXPECT (0, CLEAR, 0), EXPECT (300, MET, 300), EXPECT (599, MET, 300),
      EXPECT (600, CLEAR, 600), END } },
  /* A10: SYS < 80 or MAP < 60; a missing MAP is estimated (45 + 39/3 = 58). */
  { "a10-nibp-severe-low", VIGIL_ALARM_NIBP_SEVERE_LOW, HIGH, TRUE, {
      NIBP (0, 85, 50, 62), NIBP (300, 79, 50, 60), NIBP (600, 85, 45, 58),
      NIBP (900, 95, 60, 72), NIBP (1200, 84, 45, NAN), NIBP (1500, 84, 50, NAN),
      EXPECT (0, CLEAR, 0), EXPECT (300, MET, 300), EXPECT (600, MET, 300),
      EXPECT (900, CLEAR, 900), EXPECT (1200, MET, 1200), EXPECT (1500, CLEAR, 1500), END } },
  /* A11: the first reading is the baseline; +40 SYS or +25 DIA. */
  { "a11-nibp-rise", VIGIL_ALARM_NIBP_RISE, LOW, FALSE, {
      NIBP (0, 120, 80, 93), NIBP (300, 155, 95, 115), NIBP (600, 160, 85, 110),
      NIBP (900, 150, 105, 120), NIBP (1200, 130, 85, 100),
      EXPECT (0, CLEAR, 0), EXPECT (300, CLEAR, 0), EXPECT_V (600, MET, 600, 40),
      EXPECT (900, MET, 600), EXPECT (1200, CLEAR, 1200), END } },
  /* A11 with the session baseline set by the app. */
  { "a11-explicit-baseline", VIGIL_ALARM_NIBP_RISE, LOW, FALSE, {
      BASELINE (0, 110, 70), NIBP (10, 140, 80, 100), NIBP (20, 150, 80, 103),
      BASELINE (30, 100, 70), BASELINE (40, 115, 70),
      EXPECT (10, CLEAR, 0), EXPECT (20, MET, 20), EXPECT (30, MET, 20),
      EXPECT (40, CLEAR, 40), END } },
  /* T1 on STALE: at once (the device already waited its quiet time). */
  { "t1-stale", VIGIL_ALARM_LINK_LOST, MEDIUM, FALSE, {
      HR_RUN (0, 5, 70), EVENT (15, T_STALE, -1), EVENT (30, T_RESUMED, -1),
      EXPECT (14, CLEAR, 0), EXPECT (15, MET, 15), EXPECT (29, MET, 15),
      EXPECT (30, CLEAR, 30), END } },
  /* T1 after DISCONNECTED: 10 s unless data comes back; CONNECTED is not data. */
  { "t1-disconnected", VIGIL_ALARM_LINK_LOST, MEDIUM, FALSE, {
      HR_RUN (0, 5, 70), EVENT (6, T_DISCONNECTED, -1), EVENT (9, T_CONNECTED, -1),
      EVENT (12, T_DISCONNECTED, -1), EVENT (14, T_CONNECTED, -1), HR (20, 70),
      EXPECT (6, PENDING, 6), EXPECT (15, PENDING, 6), EXPECT (17, MET, 16),
      EXPECT (20, CLEAR, 20), END } },
  /* T1: reconnected with data inside the delay: never MET. */
  { "t1-brief-disconnect", VIGIL_ALARM_LINK_LOST, MEDIUM, FALSE, {
      HR_RUN (0, 5, 70), EVENT (6, T_DISCONNECTED, -1), EVENT (8, T_CONNECTED, -1),
      HR_RUN (9, 30, 70), EXPECT (8, PENDING, 6), EXPECT (9, CLEAR, 9), EXPECT (30, CLEAR, 9), END } },
  /* T2 from the device's event, ended by SENSOR_ON. */
  { "t2-sensor-off-event", VIGIL_ALARM_SPO2_SENSOR_OFF, MEDIUM, FALSE, {
      SPO2_RUN (0, 9, 97), EVENT (10, T_SENSOR_OFF, P_SPO2),
      RAW_RUN (11, 19, P_SPO2, VIGIL_QUALITY_SENSOR_OFF, NAN), EVENT (20, T_SENSOR_ON, P_SPO2),
      EXPECT (10, MET, 10), EXPECT (19, MET, 10), EXPECT (20, CLEAR, 20), END } },
  /* T2 from the observation's flag, ended by a present value. */
  { "t2-sensor-off-flag", VIGIL_ALARM_SPO2_SENSOR_OFF, MEDIUM, FALSE, {
      SPO2_RUN (0, 4, 97), RAW (5, P_SPO2, VIGIL_QUALITY_SENSOR_OFF, NAN),
      RAW (6, P_SPO2, 0, NAN), SPO2 (8, 97),
      EXPECT (5, MET, 5), EXPECT (7, MET, 5), EXPECT (8, CLEAR, 8), END } },
  /* T3 on failure, cleared by the next reading. */
  { "t3-nibp-failed", VIGIL_ALARM_NIBP_FAILED, LOW, FALSE, {
      NIBP (0, 120, 80, 93), EVENT (300, T_NIBP_FAILED, P_NIBP), NIBP (360, 122, 79, 93),
      EXPECT (299, CLEAR, 0), EXPECT (300, MET, 300), EXPECT (359, MET, 300),
      EXPECT (360, CLEAR, 360), END } },
  /* T4: due after the 10-min interval, overdue 3 min later. */
  { "t4-nibp-overdue", VIGIL_ALARM_NIBP_OVERDUE, LOW, FALSE, {
      NIBP (0, 120, 80, 93), NIBP (800, 121, 80, 94),
      EXPECT (599, CLEAR, 0), EXPECT (600, PENDING, 600), EXPECT (779, PENDING, 600),
      EXPECT (785, MET, 780), EXPECT (800, CLEAR, 800), EXPECT (1400, PENDING, 1400),
      EXPECT (1600, MET, 1580), END } },
  /* T4 with no reading at all: counted from the start. */
  { "t4-no-reading", VIGIL_ALARM_NIBP_OVERDUE, LOW, FALSE, {
      EXPECT (600, PENDING, 600), EXPECT (900, MET, 780), END } },
  /* T5 follows the sound output. */
  { "t5-sound", VIGIL_ALARM_SOUND_UNAVAILABLE, HIGH, TRUE, {
      SOUND (1, TRUE), SOUND (3, FALSE), SOUND (10, TRUE),
      EXPECT (2, CLEAR, 0), EXPECT (3, MET, 3), EXPECT (9, MET, 3), EXPECT (10, CLEAR, 10), END } },

  /* Absent values never alarm. */
  { "absent-never-alarm", VIGIL_ALARM_HR_VERY_HIGH, HIGH, TRUE, {
      RAW_RUN (0, 30, P_HR, Q_VALID, NAN),                          /* valid flag, NAN */
      RAW_RUN (0, 30, P_HR, VIGIL_QUALITY_QUESTIONABLE, 200),       /* not valid */
      RAW_RUN (0, 30, P_HR, VIGIL_QUALITY_VALID | VIGIL_QUALITY_STALE, 20),
      RAW_RUN (0, 30, P_SPO2, VIGIL_QUALITY_VALID | VIGIL_QUALITY_SENSOR_OFF, 50),
      RAW_RUN (0, 30, P_SPO2, VIGIL_QUALITY_VALID | VIGIL_QUALITY_STALE, 60),
      RAW_RUN (0, 30, P_SPO2, 0, 70),
      RAW (0, P_NIBP, 0, 250), RAW (10, P_NIBP, VIGIL_QUALITY_VALID | VIGIL_QUALITY_STALE, 60),
      RAW (20, P_NIBP, VIGIL_QUALITY_VALID, NAN),
      QUIET (5), QUIET (15), QUIET (25), QUIET (30), END } },
  /* A continuous condition whose parameter goes absent becomes CLEAR; the
   * delay restarts with the next present value. */
  { "absent-clears", VIGIL_ALARM_HR_LOW, MEDIUM, FALSE, {
      HR_RUN (0, 8, 45), RAW (9, P_HR, 0, NAN), HR_RUN (10, 25, 45),
      EXPECT (8, PENDING, 0), EXPECT (9, CLEAR, 9), EXPECT (10, PENDING, 10),
      EXPECT (20, MET, 20), END } },
  /* A value that stops arriving is not kept alive: older than T1's 10 s,
   * its condition clears. */
  { "frozen-value-clears", VIGIL_ALARM_HR_LOW, MEDIUM, FALSE, {
      HR_RUN (0, 3, 45), EXPECT (10, MET, 10), EXPECT (13, MET, 10), EXPECT (14, CLEAR, 14), END } },
  /* Link lost: continuous conditions clear, NIBP conditions stay. */
  { "link-lost-clears-continuous", VIGIL_ALARM_SPO2_DESATURATION, HIGH, TRUE, {
      SPO2_RUN (0, 5, 80), NIBP (0, 185, 100, 128), EVENT (6, T_STALE, -1),
      EXPECT (5, MET, 0), EXPECT (6, CLEAR, 6),
      EXPECT_ID (6, VIGIL_ALARM_NIBP_SEVERE, MET, 0), EXPECT_ID (6, VIGIL_ALARM_LINK_LOST, MET, 6), END } },
  /* Frame errors and other parameters' events change nothing. */
  { "unrelated-events", VIGIL_ALARM_SPO2_SENSOR_OFF, MEDIUM, FALSE, {
      EVENT (1, T_FRAME_ERROR, -1), EVENT (2, T_SENSOR_OFF, P_NIBP), EVENT (3, T_NIBP_FAILED, P_HR),
      EXPECT (4, CLEAR, 0), EXPECT_ID (4, VIGIL_ALARM_NIBP_FAILED, CLEAR, 0),
      EXPECT_ID (4, VIGIL_ALARM_LINK_LOST, CLEAR, 0), END } },
};

static void
test_table (gconstpointer data)
{
  const Row *row = data;
  const VigilAlarmSetting *s;
  Fixture f;

  fixture_init (&f);

  s = vigil_alarm_limits_get (f.limits, row->id);
  g_assert_cmpint (s->priority, ==, row->priority);
  g_assert_cmpint (s->latching, ==, row->latching);

  run_steps (&f, row->id, row->steps);
  fixture_clear (&f);
}

/* Every condition has at least one row. */
static void
test_table_covers_all (void)
{
  gboolean seen[VIGIL_N_ALARMS] = { FALSE, };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    seen[rows[i].id] = TRUE;
  for (guint id = 0; id < VIGIL_N_ALARMS; id++)
    if (!seen[id])
      g_error ("no table row for %s", vigil_alarm_get_info (id)->code);
}

/* ---- SatSeconds against hand-computed figures --------------------------- */

typedef struct
{
  const char *name;
  double      sat_seconds;
  double      period;       /* s between samples */
  double      values[24];   /* 0 ends; NAN = an absent sample */
  double      integral[24]; /* expected after each sample, %·s */
  int         met_at;       /* index of the sample that makes A1 MET, -1 never */
} SatCase;

static const SatCase sat_cases[] = {
  /* The example: limit 90, 25 %·s, 1 Hz. */
  { "88-86-84", 25, 1.0,
    { 95, 88, 86, 84, 84, 84, 84, 92 },
    { 0, 2, 6, 12, 18, 24, 30, 0 }, 6 },
  /* A dip that recovers before 25: never alarms. */
  { "dip-recovers", 25, 1.0,
    { 95, 88, 87, 86, 89, 91, 89, 95 },
    { 0, 2, 5, 9, 10, 0, 1, 0 }, -1 },
  /* 10 %·s: 2 + 3 + 4 = 9, then 11 ≥ 10. */
  { "setting-10", 10, 1.0,
    { 95, 88, 87, 86, 88, 95 },
    { 0, 2, 5, 9, 11, 0 }, 4 },
  /* 50 %·s at 86 %: 4 per second, 48 after 12 s, 52 at the 13th. */
  { "setting-50", 50, 1.0,
    { 95, 86, 86, 86, 86, 86, 86, 86, 86, 86, 86, 86, 86, 86, 95 },
    { 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 0 }, 13 },
  /* 2 Hz: each sample stands for 0.5 s, 4 × 0.5 = 2 per sample; 26 at the 13th. */
  { "2hz-half-seconds", 25, 0.5,
    { 95, 86, 86, 86, 86, 86, 86, 86, 86, 86, 86, 86, 86, 86, 95 },
    { 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 0 }, 13 },
  /* 100 %·s is run to its end in test_sat_seconds_100_exact. */
  /* An absent sample resets the integral; the next one counts 1 s. */
  { "absent-resets", 25, 1.0,
    { 95, 84, 84, NAN, 84, 84, 84, 84, 84 },
    { 0, 6, 12, 0, 6, 12, 18, 24, 30 }, 8 },
};

static void
test_sat_seconds (gconstpointer data)
{
  const SatCase *c = data;
  VigilAlarmSetting s;
  Fixture f;
  int met_at = -1;

  fixture_init (&f);
  s = *vigil_alarm_limits_get (f.limits, VIGIL_ALARM_SPO2_LOW);
  s.sat_seconds = c->sat_seconds;
  g_assert_true (vigil_alarm_limits_set (f.limits, VIGIL_ALARM_SPO2_LOW, &s, NULL));

  for (guint i = 0; c->values[i] != 0; i++)
    {
      VigilConditionStatus st;

      advance_to (&f, i * c->period);
      if (isnan (c->values[i]))
        feed_value (&f, VIGIL_PARAMETER_SPO2, 0, NAN, NAN, NAN);
      else
        feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, c->values[i], NAN, NAN);
      g_assert_cmpfloat_with_epsilon (vigil_alarm_evaluator_get_sat_seconds (f.evaluator),
                                      c->integral[i], 1e-9);
      st = status_of (&f, VIGIL_ALARM_SPO2_LOW);
      if (st.state == VIGIL_CONDITION_MET && met_at < 0)
        {
          met_at = (int) i;
          g_assert_cmpint (st.since_us, ==, f.t0 + S (i * c->period));
        }
    }
  g_assert_cmpint (met_at, ==, c->met_at);
  fixture_clear (&f);
}

/* The 100 %·s case to its end: 25 samples of 86 % at 1 Hz make exactly 100. */
static void
test_sat_seconds_100_exact (void)
{
  VigilAlarmSetting s;
  Fixture f;

  fixture_init (&f);
  s = *vigil_alarm_limits_get (f.limits, VIGIL_ALARM_SPO2_LOW);
  s.sat_seconds = 100;
  g_assert_true (vigil_alarm_limits_set (f.limits, VIGIL_ALARM_SPO2_LOW, &s, NULL));

  feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, 95, NAN, NAN);
  for (int i = 1; i <= 25; i++)
    {
      advance_to (&f, i);
      feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, 86, NAN, NAN);
      g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_LOW).state, ==,
                       i < 25 ? VIGIL_CONDITION_PENDING : VIGIL_CONDITION_MET);
    }
  g_assert_cmpfloat (vigil_alarm_evaluator_get_sat_seconds (f.evaluator), ==, 100.0);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_LOW).since_us, ==, f.t0 + S (25));
  fixture_clear (&f);
}

/* A gap between samples counts at most 2 s. */
static void
test_sat_seconds_gap_capped (void)
{
  Fixture f;

  fixture_init (&f);
  feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, 95, NAN, NAN);
  advance_to (&f, 1);
  feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, 88, NAN, NAN);
  g_assert_cmpfloat (vigil_alarm_evaluator_get_sat_seconds (f.evaluator), ==, 2.0);
  advance_to (&f, 6);  /* 5 s later: counts 2 s */
  feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, 88, NAN, NAN);
  g_assert_cmpfloat (vigil_alarm_evaluator_get_sat_seconds (f.evaluator), ==, 6.0);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_LOW).state, ==, VIGIL_CONDITION_PENDING);
  fixture_clear (&f);
}

/* ---- 3 violations in 60 s --------------------------------------------- */

/* One-second dips to 88 % (2 %·s each) at the given seconds, 95 % otherwise. */
static int
run_dips (Fixture      *f,
          const double *dips,
          guint         n_dips,
          double        end)
{
  int met_at = -1;

  for (double t = 0; t <= end; t += 1)
    {
      gboolean dip = FALSE;
      VigilConditionStatus st;

      for (guint i = 0; i < n_dips; i++)
        dip |= dips[i] == t;
      advance_to (f, t);
      feed_value (f, VIGIL_PARAMETER_SPO2, Q_VALID, dip ? 88 : 95, NAN, NAN);
      st = status_of (f, VIGIL_ALARM_SPO2_LOW);
      g_assert_cmpfloat (vigil_alarm_evaluator_get_sat_seconds (f->evaluator), <=, 2.0);
      if (st.state == VIGIL_CONDITION_MET && met_at < 0)
        {
          met_at = (int) t;
          g_assert_cmpint (st.since_us, ==, f->t0 + S (t));
        }
      if (!dip)
        g_assert_cmpint (st.state, ==, VIGIL_CONDITION_CLEAR);
    }
  return met_at;
}

static void
test_three_in_sixty (void)
{
  static const double dips[] = { 10, 30, 50 };
  Fixture f;

  fixture_init (&f);
  g_assert_cmpint (run_dips (&f, dips, G_N_ELEMENTS (dips), 70), ==, 50);
  fixture_clear (&f);
}

static void
test_three_in_seventy (void)
{
  static const double spread[] = { 5, 40, 75 };
  static const double then_more[] = { 5, 40, 75, 90 };
  static const double boundary[] = { 10, 40, 70 };
  Fixture f;

  /* Spread over 70 s: never. */
  fixture_init (&f);
  g_assert_cmpint (run_dips (&f, spread, G_N_ELEMENTS (spread), 100), ==, -1);
  fixture_clear (&f);

  /* A fourth dip at 90 s: 40, 75 and 90 are within 60 s. */
  fixture_init (&f);
  g_assert_cmpint (run_dips (&f, then_more, G_N_ELEMENTS (then_more), 100), ==, 90);
  fixture_clear (&f);

  /* Exactly 60 s from first to third counts ("within" is inclusive). */
  fixture_init (&f);
  g_assert_cmpint (run_dips (&f, boundary, G_N_ELEMENTS (boundary), 80), ==, 70);
  fixture_clear (&f);
}

/* A MET reached by the dip count holds for the rest of the excursion,
 * even when the first dip leaves the window. */
static void
test_three_in_sixty_holds (void)
{
  Fixture f;

  fixture_init (&f);
  for (int t = 0; t <= 200; t++)
    {
      double v = 95;

      advance_to (&f, t);
      if (t == 0 || t == 20)
        v = 89;
      else if (t >= 40 && t < 190)
        v = 89.9;  /* 0.1 %·s per second: the integral alone would need 250 s */
      feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, v, NAN, NAN);
      if (t >= 40 && t < 190)
        {
          VigilConditionStatus st = status_of (&f, VIGIL_ALARM_SPO2_LOW);

          g_assert_cmpint (st.state, ==, VIGIL_CONDITION_MET);
          g_assert_cmpint (st.since_us, ==, f.t0 + S (40));
        }
    }
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_LOW).state, ==, VIGIL_CONDITION_CLEAR);
  fixture_clear (&f);
}

/* A flickering sensor (absent between samples below the limit) is one
 * excursion, not many violations. */
static void
test_absent_is_not_a_new_dip (void)
{
  Fixture f;

  fixture_init (&f);
  feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, 95, NAN, NAN);
  for (int t = 1; t <= 9; t++)
    {
      advance_to (&f, t);
      if (t % 2 == 0)
        feed_value (&f, VIGIL_PARAMETER_SPO2, 0, NAN, NAN, NAN);
      else
        feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, 89, NAN, NAN);
      g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_LOW).state, ==,
                       t % 2 == 0 ? VIGIL_CONDITION_CLEAR : VIGIL_CONDITION_PENDING);
    }
  fixture_clear (&f);
}

/* ---- limits changes take effect ---------------------------------------- */

static void
test_limit_changes (void)
{
  g_autoptr(GError) error = NULL;
  VigilAlarmSetting s;
  Fixture f;

  fixture_init (&f);

  /* HR 125: A3 MET after 10 s. */
  for (int t = 0; t <= 12; t++)
    {
      advance_to (&f, t);
      feed_value (&f, VIGIL_PARAMETER_HR, Q_VALID, 125, NAN, NAN);
    }
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_HR_HIGH).state, ==, VIGIL_CONDITION_MET);

  /* Raised above the value: CLEAR at once, without a new sample. */
  g_assert_true (vigil_alarm_limits_set_threshold (f.limits, VIGIL_ALARM_HR_HIGH, 130, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_HR_HIGH).state, ==, VIGIL_CONDITION_CLEAR);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_HR_HIGH).since_us, ==, f.t0 + S (12));
  g_assert_cmpfloat (status_of (&f, VIGIL_ALARM_HR_HIGH).limit, ==, 130);

  /* Lowered again at 13 s: the delay starts from the change. */
  advance_to (&f, 13);
  g_assert_true (vigil_alarm_limits_set_threshold (f.limits, VIGIL_ALARM_HR_HIGH, 120, &error));
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_HR_HIGH).state, ==, VIGIL_CONDITION_PENDING);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_HR_HIGH).since_us, ==, f.t0 + S (13));

  /* A shorter delay applies to the running one: crossed at 13 s + 5 s. */
  advance_to (&f, 19);
  feed_value (&f, VIGIL_PARAMETER_HR, Q_VALID, 125, NAN, NAN);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_HR_HIGH).state, ==, VIGIL_CONDITION_PENDING);
  s = *vigil_alarm_limits_get (f.limits, VIGIL_ALARM_HR_HIGH);
  s.delay_us = 5 * G_USEC_PER_SEC;
  g_assert_true (vigil_alarm_limits_set (f.limits, VIGIL_ALARM_HR_HIGH, &s, &error));
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_HR_HIGH).state, ==, VIGIL_CONDITION_MET);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_HR_HIGH).since_us, ==, f.t0 + S (18));

  /* NIBP: the last reading is judged again against the new limit. */
  feed_value (&f, VIGIL_PARAMETER_NIBP, Q_VALID, 165, 95, 118);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_HIGH).state, ==, VIGIL_CONDITION_MET);
  g_assert_true (vigil_alarm_limits_set_threshold (f.limits, VIGIL_ALARM_NIBP_HIGH, 170, &error));
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_HIGH).state, ==, VIGIL_CONDITION_CLEAR);
  g_assert_true (vigil_alarm_limits_set_threshold2 (f.limits, VIGIL_ALARM_NIBP_HIGH, 95, &error));
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_HIGH).state, ==, VIGIL_CONDITION_MET);

  /* A1: a smaller SatSeconds setting applies to the running integral. */
  for (int t = 20; t <= 23; t++)
    {
      advance_to (&f, t);
      feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, t == 20 ? 95 : 86, NAN, NAN);
    }
  g_assert_cmpfloat (vigil_alarm_evaluator_get_sat_seconds (f.evaluator), ==, 12.0);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_LOW).state, ==, VIGIL_CONDITION_PENDING);
  s = *vigil_alarm_limits_get (f.limits, VIGIL_ALARM_SPO2_LOW);
  s.sat_seconds = 10;
  g_assert_true (vigil_alarm_limits_set (f.limits, VIGIL_ALARM_SPO2_LOW, &s, &error));
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_LOW).state, ==, VIGIL_CONDITION_MET);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_LOW).since_us, ==, f.t0 + S (23));

  /* A2 lowered below the value: CLEAR; A2 at 87 with A1 at 90: MET. */
  g_assert_true (vigil_alarm_limits_set_threshold (f.limits, VIGIL_ALARM_SPO2_DESATURATION, 87, &error));
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_DESATURATION).state, ==, VIGIL_CONDITION_MET);
  g_assert_true (vigil_alarm_limits_set_threshold (f.limits, VIGIL_ALARM_SPO2_DESATURATION, 80, &error));
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_SPO2_DESATURATION).state, ==, VIGIL_CONDITION_CLEAR);

  /* T4: a shorter interval makes the last reading overdue now. */
  advance_to (&f, 400);
  vigil_alarm_evaluator_update (f.evaluator);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_OVERDUE).state, ==, VIGIL_CONDITION_CLEAR);
  s = *vigil_alarm_limits_get (f.limits, VIGIL_ALARM_NIBP_OVERDUE);
  s.interval_us = 5 * 60 * G_USEC_PER_SEC;
  s.delay_us = 60 * G_USEC_PER_SEC;
  g_assert_true (vigil_alarm_limits_set (f.limits, VIGIL_ALARM_NIBP_OVERDUE, &s, &error));
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_OVERDUE).state, ==, VIGIL_CONDITION_MET);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_OVERDUE).since_us, ==, f.t0 + S (19 + 360));

  /* A lower priority or latching changes no state (the engine's business). */
  s = *vigil_alarm_limits_get (f.limits, VIGIL_ALARM_HR_HIGH);
  s.priority = VIGIL_ALARM_PRIORITY_HIGH;
  s.latching = TRUE;
  g_assert_true (vigil_alarm_limits_set (f.limits, VIGIL_ALARM_HR_HIGH, &s, &error));
  g_assert_cmpint (vigil_alarm_limits_get (f.limits, VIGIL_ALARM_HR_HIGH)->priority, ==,
                   VIGIL_ALARM_PRIORITY_HIGH);

  fixture_clear (&f);
}

/* ---- the NIBP repeat prompt ------------------------------------------- */

static void
test_repeat_reading (void)
{
  Fixture f;

  fixture_init (&f);
  g_assert_cmpint (vigil_alarm_evaluator_get_nibp_repeat_at (f.evaluator), ==, 0);

  advance_to (&f, 300);
  feed_value (&f, VIGIL_PARAMETER_NIBP, Q_VALID, 165, 95, 118);
  g_assert_cmpint (vigil_alarm_evaluator_get_nibp_repeat_at (f.evaluator), ==, f.t0 + S (300 + 120));

  advance_to (&f, 420);
  feed_value (&f, VIGIL_PARAMETER_NIBP, Q_VALID, 185, 112, 136);
  g_assert_cmpint (vigil_alarm_evaluator_get_nibp_repeat_at (f.evaluator), ==, f.t0 + S (420 + 60));

  /* It never changes a state: long past it, A8 is still MET from 420 s. */
  advance_to (&f, 900);
  vigil_alarm_evaluator_update (f.evaluator);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_SEVERE).state, ==, VIGIL_CONDITION_MET);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_SEVERE).since_us, ==, f.t0 + S (420));

  feed_value (&f, VIGIL_PARAMETER_NIBP, Q_VALID, 130, 85, 100);
  g_assert_cmpint (vigil_alarm_evaluator_get_nibp_repeat_at (f.evaluator), ==, 0);
  fixture_clear (&f);
}

static void
test_baseline (void)
{
  double sys, dia;
  Fixture f;

  fixture_init (&f);
  g_assert_false (vigil_alarm_evaluator_get_nibp_baseline (f.evaluator, &sys, &dia));
  g_assert_true (isnan (sys) && isnan (dia));

  feed_value (&f, VIGIL_PARAMETER_NIBP, Q_VALID, 124, 78, 93);
  g_assert_true (vigil_alarm_evaluator_get_nibp_baseline (f.evaluator, &sys, &dia));
  g_assert_cmpfloat (sys, ==, 124);
  g_assert_cmpfloat (dia, ==, 78);

  /* Forgotten: the next reading becomes the baseline. */
  vigil_alarm_evaluator_set_nibp_baseline (f.evaluator, NAN, NAN);
  g_assert_false (vigil_alarm_evaluator_get_nibp_baseline (f.evaluator, NULL, NULL));
  advance_to (&f, 60);
  feed_value (&f, VIGIL_PARAMETER_NIBP, Q_VALID, 170, 90, 117);
  g_assert_true (vigil_alarm_evaluator_get_nibp_baseline (f.evaluator, &sys, NULL));
  g_assert_cmpfloat (sys, ==, 170);
  g_assert_cmpint (status_of (&f, VIGIL_ALARM_NIBP_RISE).state, ==, VIGIL_CONDITION_CLEAR);
  fixture_clear (&f);
}

/* ---- messages --------------------------------------------------------- */

typedef struct
{
  VigilAlarmId id;
  double       value, value2, limit, limit2, diastolic;
  const char  *expected;
} MessageCase;

static const MessageCase message_cases[] = {
  { VIGIL_ALARM_SPO2_LOW, 88, NAN, 90, NAN, NAN, "SpO₂ 88 < 90" },
  { VIGIL_ALARM_SPO2_LOW, 88.4, NAN, 90, NAN, NAN, "SpO₂ 88 < 90" },
  { VIGIL_ALARM_SPO2_DESATURATION, 84, NAN, 85, NAN, NAN, "SpO₂ 84 ≤ 85" },
  { VIGIL_ALARM_HR_HIGH, 131, NAN, 120, NAN, NAN, "HR 131 > 120" },
  { VIGIL_ALARM_HR_VERY_HIGH, 158, NAN, 150, NAN, NAN, "HR 158 > 150" },
  { VIGIL_ALARM_HR_LOW, 45, NAN, 50, NAN, NAN, "HR 45 < 50" },
  { VIGIL_ALARM_HR_VERY_LOW, 38, NAN, 40, NAN, NAN, "HR 38 < 40" },
  { VIGIL_ALARM_NIBP_HIGH, 165, 95, 160, 100, 95, "NIBP 165/95 ≥ 160/100" },
  { VIGIL_ALARM_NIBP_HIGH, 150, 105, 160, 100, 105, "NIBP 150/105, DIA ≥ 100" },
  { VIGIL_ALARM_NIBP_SEVERE, 188, 116, 180, 110, 116, "NIBP 188/116 ≥ 180/110" },
  { VIGIL_ALARM_NIBP_LOW, 85, 55, 90, NAN, 55, "NIBP 85/55 < 90" },
  { VIGIL_ALARM_NIBP_SEVERE_LOW, 85, 57, 80, 60, 50, "MAP 57 < 60" },
  { VIGIL_ALARM_NIBP_SEVERE_LOW, 76, 57, 80, 60, 47, "NIBP 76/47 < 80, MAP 57 < 60" },
  { VIGIL_ALARM_NIBP_SEVERE_LOW, 78, 61, 80, 60, 52, "NIBP 78/52 < 80" },
  { VIGIL_ALARM_NIBP_RISE, 42, 20, 40, 25, 100, "BP rise +42/+20 mmHg" },
  { VIGIL_ALARM_NIBP_RISE, 30, 26, 40, 25, 104, "BP rise +30/+26 mmHg" },
  { VIGIL_ALARM_LINK_LOST, NAN, NAN, NAN, NAN, NAN, "Device link lost" },
  { VIGIL_ALARM_SPO2_SENSOR_OFF, NAN, NAN, NAN, NAN, NAN, "SpO₂ sensor off" },
  { VIGIL_ALARM_NIBP_FAILED, NAN, NAN, NAN, NAN, NAN, "NIBP measurement failed" },
  { VIGIL_ALARM_NIBP_OVERDUE, NAN, NAN, NAN, NAN, NAN, "NIBP overdue" },
  { VIGIL_ALARM_SOUND_UNAVAILABLE, NAN, NAN, NAN, NAN, NAN, "Alarm sound unavailable" },
  /* No value: the title, never "nan". */
  { VIGIL_ALARM_HR_HIGH, NAN, NAN, 120, NAN, NAN, "HR high" },
};

static void
test_messages (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (message_cases); i++)
    {
      const MessageCase *c = &message_cases[i];
      VigilConditionStatus st = {
        .state = VIGIL_CONDITION_MET,
        .value = c->value,
        .value2 = c->value2,
        .limit = c->limit,
        .limit2 = c->limit2,
        .diastolic = c->diastolic,
      };
      g_autofree char *message = vigil_alarm_format_message (c->id, &st);

      g_assert_cmpstr (message, ==, c->expected);
    }
}

/* The statuses the evaluator produces format as the issue shows. */
static void
test_messages_from_evaluator (void)
{
  static const struct {
    VigilAlarmId id;
    double       sys, dia, mean;
    const char  *expected;
  } readings[] = {
    { VIGIL_ALARM_NIBP_HIGH, 165, 95, 118, "NIBP 165/95 ≥ 160/100" },
    { VIGIL_ALARM_NIBP_LOW, 85, 55, 65, "NIBP 85/55 < 90" },
    { VIGIL_ALARM_NIBP_SEVERE_LOW, 85, 45, 57, "MAP 57 < 60" },
    { VIGIL_ALARM_NIBP_SEVERE_LOW, 76, 47, 57, "NIBP 76/47 < 80, MAP 57 < 60" },
  };
  Fixture f;

  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      g_autofree char *message = NULL;
      VigilConditionStatus st;

      fixture_init (&f);
      feed_value (&f, VIGIL_PARAMETER_NIBP, Q_VALID, readings[i].sys, readings[i].dia, readings[i].mean);
      st = status_of (&f, readings[i].id);
      g_assert_cmpint (st.state, ==, VIGIL_CONDITION_MET);
      message = vigil_alarm_format_message (readings[i].id, &st);
      g_assert_cmpstr (message, ==, readings[i].expected);
      fixture_clear (&f);
    }

  /* A11 from a baseline of 120/80: +42/+20. */
  {
    g_autofree char *message = NULL;
    VigilConditionStatus st;

    fixture_init (&f);
    vigil_alarm_evaluator_set_nibp_baseline (f.evaluator, 120, 80);
    feed_value (&f, VIGIL_PARAMETER_NIBP, Q_VALID, 162, 100, 121);
    st = status_of (&f, VIGIL_ALARM_NIBP_RISE);
    g_assert_cmpint (st.state, ==, VIGIL_CONDITION_MET);
    message = vigil_alarm_format_message (VIGIL_ALARM_NIBP_RISE, &st);
    g_assert_cmpstr (message, ==, "BP rise +42/+20 mmHg");
    fixture_clear (&f);
  }

  /* HR and SpO₂. */
  {
    g_autofree char *hr = NULL;
    g_autofree char *spo2 = NULL;
    VigilConditionStatus st;

    fixture_init (&f);
    feed_value (&f, VIGIL_PARAMETER_HR, Q_VALID, 131, NAN, NAN);
    feed_value (&f, VIGIL_PARAMETER_SPO2, Q_VALID, 84, NAN, NAN);
    st = status_of (&f, VIGIL_ALARM_HR_HIGH);
    hr = vigil_alarm_format_message (VIGIL_ALARM_HR_HIGH, &st);
    st = status_of (&f, VIGIL_ALARM_SPO2_DESATURATION);
    spo2 = vigil_alarm_format_message (VIGIL_ALARM_SPO2_DESATURATION, &st);
    g_assert_cmpstr (hr, ==, "HR 131 > 120");
    g_assert_cmpstr (spo2, ==, "SpO₂ 84 ≤ 85");
    fixture_clear (&f);
  }
}

/* ---- the condition table ---------------------------------------------- */

static void
test_info (void)
{
  static const char *codes[VIGIL_N_ALARMS] = {
    "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "A11",
    "T1", "T2", "T3", "T4", "T5",
  };
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (VIGIL_TYPE_ALARM_ID);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (enum_class->n_values, ==, VIGIL_N_ALARMS);

  for (guint id = 0; id < VIGIL_N_ALARMS; id++)
    {
      const VigilAlarmInfo *info = vigil_alarm_get_info (id);
      g_autofree char *lower = NULL;
      VigilAlarmId found = VIGIL_N_ALARMS;

      g_assert_cmpint (info->id, ==, id);
      g_assert_cmpstr (info->code, ==, codes[id]);
      g_assert_true (info->technical == (codes[id][0] == 'T'));
      g_assert_nonnull (info->title);
      g_assert_true (g_hash_table_add (keys, (gpointer) info->key));
      g_assert_cmpstr (g_enum_get_value (enum_class, id)->value_nick, ==, info->key);

      g_assert_true (vigil_alarm_from_key (info->key, &found));
      g_assert_cmpint (found, ==, id);
      found = VIGIL_N_ALARMS;
      g_assert_true (vigil_alarm_from_key (info->code, &found));
      g_assert_cmpint (found, ==, id);
      lower = g_ascii_strdown (info->code, -1);
      g_assert_true (vigil_alarm_from_key (lower, NULL));
    }

  g_assert_false (vigil_alarm_from_key ("A12", NULL));
  g_assert_false (vigil_alarm_from_key ("", NULL));
  g_assert_false (vigil_alarm_from_key ("spo2", NULL));

  g_assert_cmpstr (vigil_alarm_get_info (VIGIL_ALARM_SPO2_LOW)->key, ==, "spo2-low");
  g_assert_cmpstr (vigil_alarm_get_info (VIGIL_ALARM_SPO2_LOW)->title, ==, "SpO₂ low");
  g_assert_cmpint (vigil_alarm_get_info (VIGIL_ALARM_SPO2_LOW)->parameter, ==, VIGIL_PARAMETER_SPO2);
  g_assert_cmpint (vigil_alarm_get_info (VIGIL_ALARM_HR_VERY_LOW)->parameter, ==, VIGIL_PARAMETER_HR);
  g_assert_cmpint (vigil_alarm_get_info (VIGIL_ALARM_NIBP_RISE)->parameter, ==, VIGIL_PARAMETER_NIBP);
  g_assert_cmpint (vigil_alarm_get_info (VIGIL_ALARM_LINK_LOST)->parameter, ==, -1);
  g_assert_cmpint (vigil_alarm_get_info (VIGIL_ALARM_SOUND_UNAVAILABLE)->parameter, ==, -1);
}

static void
test_priorities (void)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (VIGIL_TYPE_ALARM_PRIORITY);

  g_assert_cmpstr (vigil_alarm_priority_get_marker (VIGIL_ALARM_PRIORITY_HIGH), ==, "!!!");
  g_assert_cmpstr (vigil_alarm_priority_get_marker (VIGIL_ALARM_PRIORITY_MEDIUM), ==, "!!");
  g_assert_cmpstr (vigil_alarm_priority_get_marker (VIGIL_ALARM_PRIORITY_LOW), ==, "!");
  g_assert_cmpstr (vigil_alarm_priority_get_marker (VIGIL_ALARM_PRIORITY_NONE), ==, "");
  g_assert_true (VIGIL_ALARM_PRIORITY_HIGH > VIGIL_ALARM_PRIORITY_MEDIUM &&
                 VIGIL_ALARM_PRIORITY_MEDIUM > VIGIL_ALARM_PRIORITY_LOW &&
                 VIGIL_ALARM_PRIORITY_LOW > VIGIL_ALARM_PRIORITY_NONE);
  for (int p = VIGIL_ALARM_PRIORITY_NONE; p <= VIGIL_ALARM_PRIORITY_HIGH; p++)
    g_assert_cmpstr (vigil_alarm_priority_to_string (p), ==, g_enum_get_value (enum_class, p)->value_nick);
  g_assert_cmpstr (vigil_alarm_priority_to_string (VIGIL_ALARM_PRIORITY_MEDIUM), ==, "medium");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/alarm-conditions/table/%s-%s",
                                               vigil_alarm_get_info (rows[i].id)->code, rows[i].name);

      g_test_add_data_func (path, &rows[i], test_table);
    }
  g_test_add_func ("/vigil/alarm-conditions/table-covers-all", test_table_covers_all);

  for (guint i = 0; i < G_N_ELEMENTS (sat_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/alarm-conditions/sat-seconds/%s", sat_cases[i].name);

      g_test_add_data_func (path, &sat_cases[i], test_sat_seconds);
    }
  g_test_add_func ("/vigil/alarm-conditions/sat-seconds/100-exact", test_sat_seconds_100_exact);
  g_test_add_func ("/vigil/alarm-conditions/sat-seconds/gap-capped", test_sat_seconds_gap_capped);
  g_test_add_func ("/vigil/alarm-conditions/dips/three-in-sixty", test_three_in_sixty);
  g_test_add_func ("/vigil/alarm-conditions/dips/spread-over-seventy", test_three_in_seventy);
  g_test_add_func ("/vigil/alarm-conditions/dips/met-holds", test_three_in_sixty_holds);
  g_test_add_func ("/vigil/alarm-conditions/dips/absent-is-not-a-dip", test_absent_is_not_a_new_dip);
  g_test_add_func ("/vigil/alarm-conditions/limit-changes", test_limit_changes);
  g_test_add_func ("/vigil/alarm-conditions/nibp-repeat", test_repeat_reading);
  g_test_add_func ("/vigil/alarm-conditions/nibp-baseline", test_baseline);
  g_test_add_func ("/vigil/alarm-conditions/messages", test_messages);
  g_test_add_func ("/vigil/alarm-conditions/messages-from-evaluator", test_messages_from_evaluator);
  g_test_add_func ("/vigil/alarm-conditions/info", test_info);
  g_test_add_func ("/vigil/alarm-conditions/priorities", test_priorities);

  return g_test_run ();
}
