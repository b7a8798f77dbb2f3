/* vigil-alarm-evaluator.c — is each alarm condition's cause present?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Condition evaluation only (CLINICAL.md §1, concern 1): CLEAR, PENDING or
 * MET per condition, from the observations and device events fed, the
 * limits, and the clock. Signal states (acknowledge, latching, escalation)
 * are the engine's business. Every number comes from VigilAlarmLimits; a
 * change of limits re-checks the latest values at once.
 *
 * Time: every input is judged at the clock's monotonic time when it is fed
 * (the device stamps observations with the same clock as it emits them).
 * Onset times are exact: a condition whose delay runs out between two
 * calls reports since_us = crossing + delay, not the time of the call
 * that noticed it.
 *
 * Absent values. A NAN, a value whose quality is not valid, a sensor-off or
 * a stale observation is never judged as a number. When a continuous
 * parameter (HR, SpO₂) becomes absent, its conditions become CLEAR and
 * A1's integral is reset: the technical condition (T1 link lost, T2
 * sensor off) is the alarm to show then. The same happens when the link is
 * lost (DISCONNECTED or STALE) and when the latest value is older than T1's
 * delay (10 s) — a frozen number never keeps or starts an alarm. NIBP is
 * episodic: an absent NIBP observation changes nothing, and an NIBP
 * condition stays MET until the next completed reading shows it gone.
 *
 * A1 SpO₂ low, the SatSeconds convention (Nellcor-style):
 * - each present SpO₂ sample v at time t below the limit L adds
 *   (L − v) × dt to the integral, where dt is the time since the previous
 *   present SpO₂ sample, capped at 2 s (so a gap cannot inflate it); the
 *   first sample after start, after an absent value or after a lost link
 *   counts 1 s (the nominal sample period). The sample is taken to stand
 *   for the interval that ends with it, so the first sample below the
 *   limit counts with its own dt;
 * - MET as soon as the integral reaches (≥) the SatSeconds setting, at the
 *   time of that sample; PENDING while below the limit and under it;
 * - the integral resets to 0 when a sample is back at or above L (and when
 *   SpO₂ becomes absent, see above).
 *   Example, L = 90, 25 %·s, 1 Hz: 95 at 0 s, then 88, 86, 84, 84, 84, 84
 *   at 1…6 s: 2, 6, 12, 18, 24, 30 %·s → MET at 6 s (the 6th sample below).
 * - "count violations in window" (3 in 60 s): a violation is the start of
 *   an excursion below L (a sample below L whose previous present sample
 *   was not below, or the first sample). When the count-th start falls
 *   within the window (start times ≥ now − window), A1 is MET at once,
 *   whatever the integral. An absent value ends the integral but not the
 *   excursion, so a flickering sensor cannot make up violations.
 * - Once MET, A1 stays MET until SpO₂ is back ≥ L (or absent).
 *
 * Technical conditions:
 * - T1: MET on STALE (the device already waited its quiet time), or
 *   delay_us after DISCONNECTED unless data came back first (PENDING
 *   meanwhile; CONNECTED alone does not end it). CLEAR on DATA_RESUMED or on
 *   any observation not flagged stale after CONNECTED/STALE. With several
 *   devices the events do not say which device: the link is treated as one.
 * - T2: SENSOR_OFF (SpO₂ or whole device) or an SpO₂ observation flagged
 *   sensor-off starts it (PENDING for delay_us, then MET; delay 0 = MET at
 *   once); SENSOR_ON or a present SpO₂ value ends it. CLINICAL.md's "suppressed
 *   while the cuff inflates on the same arm" is not applicable yet: the line
 *   protocol has no cuff-inflating signal.
 * - T3: MET on NIBP_FAILED, CLEAR on the next present reading.
 * - T4: PENDING ("NIBP due") from interval_us after the last reading (or
 *   after the evaluator was made), MET ("overdue") after interval_us +
 *   delay_us, CLEAR on a reading.
 * - T5: MET while set_sound_available (FALSE); latching is the engine's.
 */
#include "vigil-alarm-evaluator.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

/* A1: the longest a single sample may stand for, and what the first one
 * of a run stands for. */
#define SAMPLE_DT_CAP_US    (2 * G_USEC_PER_SEC)
#define SAMPLE_DT_FIRST_US  (1 * G_USEC_PER_SEC)
#define MAX_EPISODES        16

typedef enum
{
  LINK_UP,           /* data flowing, or nothing known yet */
  LINK_DOWN,         /* DISCONNECTED, no CONNECTED since */
  LINK_RECONNECTED,  /* CONNECTED again, waiting for data */
  LINK_STALE,        /* the device reported no valid frame for its quiet time */
} LinkState;

struct _VigilAlarmEvaluator
{
  GObject               parent_instance;

  VigilAlarmLimits     *limits;
  VigilClock           *clock;
  gulong                limits_changed_id;
  gint64                start_us;

  VigilConditionStatus  status[VIGIL_N_ALARMS];
  gint64                crossed_since_us[VIGIL_N_ALARMS];  /* HR delays; 0 = not crossed */
  guint32               dirty;  /* conditions whose state changed: signals pending */

  /* SpO₂ */
  double                spo2;
  gint64                spo2_us;    /* the latest present sample; 0 = none (absent) */
  gboolean              spo2_below; /* inside an excursion below A1's limit */
  double                sat_integral;
  gint64                episodes[MAX_EPISODES];
  guint                 n_episodes;

  /* HR */
  double                hr;
  gint64                hr_us;

  /* NIBP */
  gboolean              has_reading;
  double                nibp_sys;
  double                nibp_dia;
  double                nibp_map;
  gint64                nibp_us;
  gint64                nibp_reference_us;  /* T4: the last reading, or start */
  gboolean              has_baseline;
  double                base_sys;
  double                base_dia;

  /* Devices */
  LinkState             link;
  gint64                link_down_us;
  gboolean              sensor_off;
  gint64                sensor_off_us;
  gboolean              sound_available;
};

G_DEFINE_FINAL_TYPE (VigilAlarmEvaluator, vigil_alarm_evaluator, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_STATIC_ASSERT (VIGIL_N_ALARMS <= 32);

static const VigilAlarmSetting *
setting (VigilAlarmEvaluator *self,
         VigilAlarmId         id)
{
  return vigil_alarm_limits_get (self->limits, id);
}

static void
set_state (VigilAlarmEvaluator *self,
           VigilAlarmId         id,
           VigilConditionState  state,
           gint64               since_us,
           double               value,
           double               value2,
           double               limit,
           double               limit2)
{
  VigilConditionStatus *st = &self->status[id];

  if (st->state != state)
    {
      st->state = state;
      st->since_us = since_us;
      self->dirty |= 1u << id;
    }
  st->value = value;
  st->value2 = value2;
  st->limit = limit;
  st->limit2 = limit2;
  st->diastolic = NAN;
}

/* Emit "changed" once all the consequences of an input are in place. */
static void
flush (VigilAlarmEvaluator *self)
{
  while (self->dirty != 0)
    {
      guint id = (guint) g_bit_nth_lsf (self->dirty, -1);

      self->dirty &= ~(1u << id);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (VigilAlarmId) id);
    }
}

/* ---- HR: A3–A6, persistence delays ------------------------------------- */

static void
evaluate_hr_condition (VigilAlarmEvaluator *self,
                       VigilAlarmId         id,
                       double               hr,
                       gint64               now)
{
  const VigilAlarmSetting *s = setting (self, id);
  gboolean above = id == VIGIL_ALARM_HR_HIGH || id == VIGIL_ALARM_HR_VERY_HIGH;
  gboolean crossed = above ? hr > s->threshold : hr < s->threshold;
  gint64 onset;

  if (!crossed)
    {
      self->crossed_since_us[id] = 0;
      set_state (self, id, VIGIL_CONDITION_CLEAR, now, hr, NAN, s->threshold, NAN);
      return;
    }

  if (self->crossed_since_us[id] == 0)
    self->crossed_since_us[id] = now;
  onset = self->crossed_since_us[id] + s->delay_us;
  if (now >= onset)
    set_state (self, id, VIGIL_CONDITION_MET, onset, hr, NAN, s->threshold, NAN);
  else
    set_state (self, id, VIGIL_CONDITION_PENDING, self->crossed_since_us[id],
               hr, NAN, s->threshold, NAN);
}

static void
evaluate_hr (VigilAlarmEvaluator *self,
             gint64               now)
{
  for (VigilAlarmId id = VIGIL_ALARM_HR_HIGH; id <= VIGIL_ALARM_HR_VERY_LOW; id++)
    evaluate_hr_condition (self, id, self->hr, now);
}

static void
clear_hr (VigilAlarmEvaluator *self,
          gint64               now)
{
  self->hr = NAN;
  self->hr_us = 0;
  for (VigilAlarmId id = VIGIL_ALARM_HR_HIGH; id <= VIGIL_ALARM_HR_VERY_LOW; id++)
    {
      self->crossed_since_us[id] = 0;
      set_state (self, id, VIGIL_CONDITION_CLEAR, now, NAN, NAN,
                 setting (self, id)->threshold, NAN);
    }
}

/* ---- SpO₂: A1 (SatSeconds + repeated dips), A2 ------------------------- */

static guint
count_episodes (VigilAlarmEvaluator *self,
                gint64               now,
                gint64               window_us)
{
  guint n = 0;

  for (guint i = 0; i < self->n_episodes; i++)
    if (self->episodes[i] >= now - window_us)
      n++;
  return n;
}

static void
add_episode (VigilAlarmEvaluator *self,
             gint64               now,
             gint64               window_us)
{
  guint kept = 0;

  /* Forget starts that left the window; keep the newest if still full. */
  for (guint i = 0; i < self->n_episodes; i++)
    if (self->episodes[i] >= now - window_us)
      self->episodes[kept++] = self->episodes[i];
  if (kept == MAX_EPISODES)
    {
      memmove (self->episodes, self->episodes + 1, (MAX_EPISODES - 1) * sizeof (gint64));
      kept--;
    }
  self->episodes[kept++] = now;
  self->n_episodes = kept;
}

/* @dt_us: how long this sample stands for (0 when re-checking after a
 * change of limits). */
static void
evaluate_spo2 (VigilAlarmEvaluator *self,
               double               spo2,
               gint64               now,
               gint64               dt_us)
{
  const VigilAlarmSetting *low = setting (self, VIGIL_ALARM_SPO2_LOW);
  const VigilAlarmSetting *desat = setting (self, VIGIL_ALARM_SPO2_DESATURATION);

  if (spo2 < low->threshold)
    {
      VigilConditionState state;

      if (!self->spo2_below)
        {
          self->spo2_below = TRUE;
          self->sat_integral = 0;
          add_episode (self, now, low->window_us);
        }
      self->sat_integral += (low->threshold - spo2) * ((double) dt_us / G_USEC_PER_SEC);

      if (self->status[VIGIL_ALARM_SPO2_LOW].state == VIGIL_CONDITION_MET ||
          self->sat_integral >= low->sat_seconds ||
          count_episodes (self, now, low->window_us) >= low->count)
        state = VIGIL_CONDITION_MET;
      else
        state = VIGIL_CONDITION_PENDING;
      set_state (self, VIGIL_ALARM_SPO2_LOW, state, now, spo2, NAN, low->threshold, NAN);
    }
  else
    {
      self->spo2_below = FALSE;
      self->sat_integral = 0;
      set_state (self, VIGIL_ALARM_SPO2_LOW, VIGIL_CONDITION_CLEAR, now,
                 spo2, NAN, low->threshold, NAN);
    }

  set_state (self, VIGIL_ALARM_SPO2_DESATURATION,
             spo2 <= desat->threshold ? VIGIL_CONDITION_MET : VIGIL_CONDITION_CLEAR,
             now, spo2, NAN, desat->threshold, NAN);
}

/* SpO₂ is unknown now: A1's integral restarts, the excursion does not. */
static void
clear_spo2 (VigilAlarmEvaluator *self,
            gint64               now)
{
  self->spo2 = NAN;
  self->spo2_us = 0;
  self->sat_integral = 0;
  set_state (self, VIGIL_ALARM_SPO2_LOW, VIGIL_CONDITION_CLEAR, now, NAN, NAN,
             setting (self, VIGIL_ALARM_SPO2_LOW)->threshold, NAN);
  set_state (self, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_CONDITION_CLEAR, now, NAN, NAN,
             setting (self, VIGIL_ALARM_SPO2_DESATURATION)->threshold, NAN);
}

/* ---- NIBP: A7–A11 on readings ----------------------------------------- */

static void
set_nibp_state (VigilAlarmEvaluator *self,
                VigilAlarmId         id,
                gboolean             crossed,
                gint64               now,
                double               value,
                double               value2,
                double               limit,
                double               limit2)
{
  set_state (self, id, crossed ? VIGIL_CONDITION_MET : VIGIL_CONDITION_CLEAR,
             now, value, value2, limit, limit2);
  self->status[id].diastolic = self->nibp_dia;
}

static void
evaluate_nibp (VigilAlarmEvaluator *self,
               gint64               now)
{
  const VigilAlarmSetting *s;
  double sys = self->nibp_sys;
  double dia = self->nibp_dia;
  double map = self->nibp_map;

  if (!self->has_reading)
    return;

  s = setting (self, VIGIL_ALARM_NIBP_HIGH);
  set_nibp_state (self, VIGIL_ALARM_NIBP_HIGH, sys >= s->threshold || dia >= s->threshold2,
                  now, sys, dia, s->threshold, s->threshold2);

  s = setting (self, VIGIL_ALARM_NIBP_SEVERE);
  set_nibp_state (self, VIGIL_ALARM_NIBP_SEVERE, sys >= s->threshold || dia >= s->threshold2,
                  now, sys, dia, s->threshold, s->threshold2);

  s = setting (self, VIGIL_ALARM_NIBP_LOW);
  set_nibp_state (self, VIGIL_ALARM_NIBP_LOW, sys < s->threshold,
                  now, sys, dia, s->threshold, NAN);

  s = setting (self, VIGIL_ALARM_NIBP_SEVERE_LOW);
  set_nibp_state (self, VIGIL_ALARM_NIBP_SEVERE_LOW, sys < s->threshold || map < s->threshold2,
                  now, sys, map, s->threshold, s->threshold2);

  s = setting (self, VIGIL_ALARM_NIBP_RISE);
  if (self->has_baseline)
    {
      double rise_sys = sys - self->base_sys;
      double rise_dia = dia - self->base_dia;

      set_nibp_state (self, VIGIL_ALARM_NIBP_RISE,
                      rise_sys >= s->threshold || rise_dia >= s->threshold2,
                      now, rise_sys, rise_dia, s->threshold, s->threshold2);
    }
  else
    set_nibp_state (self, VIGIL_ALARM_NIBP_RISE, FALSE, now, NAN, NAN,
                    s->threshold, s->threshold2);
}

/* ---- technical --------------------------------------------------------- */

static void
evaluate_overdue (VigilAlarmEvaluator *self,
                  gint64               now)
{
  const VigilAlarmSetting *s = setting (self, VIGIL_ALARM_NIBP_OVERDUE);
  gint64 due = self->nibp_reference_us + s->interval_us;
  gint64 overdue = due + s->delay_us;

  if (now >= overdue)
    set_state (self, VIGIL_ALARM_NIBP_OVERDUE, VIGIL_CONDITION_MET, overdue, NAN, NAN, NAN, NAN);
  else if (now >= due)
    set_state (self, VIGIL_ALARM_NIBP_OVERDUE, VIGIL_CONDITION_PENDING, due, NAN, NAN, NAN, NAN);
  else
    set_state (self, VIGIL_ALARM_NIBP_OVERDUE, VIGIL_CONDITION_CLEAR, now, NAN, NAN, NAN, NAN);
}

static void
evaluate_link (VigilAlarmEvaluator *self,
               gint64               now)
{
  VigilConditionStatus *st = &self->status[VIGIL_ALARM_LINK_LOST];
  gint64 onset;

  if ((self->link != LINK_DOWN && self->link != LINK_RECONNECTED) ||
      st->state == VIGIL_CONDITION_MET)
    return;

  onset = self->link_down_us + setting (self, VIGIL_ALARM_LINK_LOST)->delay_us;
  if (now >= onset)
    set_state (self, VIGIL_ALARM_LINK_LOST, VIGIL_CONDITION_MET, onset, NAN, NAN, NAN, NAN);
  else
    set_state (self, VIGIL_ALARM_LINK_LOST, VIGIL_CONDITION_PENDING, self->link_down_us,
               NAN, NAN, NAN, NAN);
}

static void
link_alive (VigilAlarmEvaluator *self,
            gint64               now)
{
  if (self->link == LINK_DOWN)
    return;  /* not from the lost link: no CONNECTED yet */
  self->link = LINK_UP;
  set_state (self, VIGIL_ALARM_LINK_LOST, VIGIL_CONDITION_CLEAR, now, NAN, NAN, NAN, NAN);
}

static void
evaluate_sensor (VigilAlarmEvaluator *self,
                 gint64               now)
{
  gint64 onset;

  if (!self->sensor_off)
    {
      set_state (self, VIGIL_ALARM_SPO2_SENSOR_OFF, VIGIL_CONDITION_CLEAR, now, NAN, NAN, NAN, NAN);
      return;
    }
  onset = self->sensor_off_us + setting (self, VIGIL_ALARM_SPO2_SENSOR_OFF)->delay_us;
  if (now >= onset)
    set_state (self, VIGIL_ALARM_SPO2_SENSOR_OFF, VIGIL_CONDITION_MET, onset, NAN, NAN, NAN, NAN);
  else
    set_state (self, VIGIL_ALARM_SPO2_SENSOR_OFF, VIGIL_CONDITION_PENDING, self->sensor_off_us,
               NAN, NAN, NAN, NAN);
}

static void
sensor_off_begin (VigilAlarmEvaluator *self,
                  gint64               now)
{
  if (!self->sensor_off)
    {
      self->sensor_off = TRUE;
      self->sensor_off_us = now;
    }
  evaluate_sensor (self, now);
}

static void
sensor_off_end (VigilAlarmEvaluator *self,
                gint64               now)
{
  self->sensor_off = FALSE;
  evaluate_sensor (self, now);
}

/* Everything that depends on time alone. */
static void
check_time (VigilAlarmEvaluator *self,
            gint64               now)
{
  gint64 fresh_us = setting (self, VIGIL_ALARM_LINK_LOST)->delay_us;

  /* A value that stopped arriving is no longer known. */
  if (self->hr_us != 0 && now - self->hr_us > fresh_us)
    clear_hr (self, now);
  if (self->spo2_us != 0 && now - self->spo2_us > fresh_us)
    clear_spo2 (self, now);

  if (self->hr_us != 0)
    evaluate_hr (self, now);
  evaluate_link (self, now);
  evaluate_sensor (self, now);
  evaluate_overdue (self, now);
}

/* After a change of limits: judge the latest values again, adding no
 * time to A1's integral. */
static void
recheck_all (VigilAlarmEvaluator *self,
             gint64               now)
{
  if (self->spo2_us != 0)
    evaluate_spo2 (self, self->spo2, now, 0);
  evaluate_nibp (self, now);
  check_time (self, now);
}

static void
on_limits_changed (VigilAlarmLimits    *limits,
                   VigilAlarmId         id,
                   VigilAlarmEvaluator *self)
{
  recheck_all (self, vigil_clock_get_monotonic (self->clock));
  flush (self);
}

/* ---- GObject ----------------------------------------------------------- */

static void
vigil_alarm_evaluator_dispose (GObject *object)
{
  VigilAlarmEvaluator *self = VIGIL_ALARM_EVALUATOR (object);

  if (self->limits != NULL)
    g_clear_signal_handler (&self->limits_changed_id, self->limits);
  g_clear_object (&self->limits);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vigil_alarm_evaluator_parent_class)->dispose (object);
}

static void
vigil_alarm_evaluator_class_init (VigilAlarmEvaluatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_alarm_evaluator_dispose;

  /**
   * VigilAlarmEvaluator::changed:
   * @self: the evaluator
   * @id: the #VigilAlarmId whose state (CLEAR, PENDING, MET) changed
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIGIL_TYPE_ALARM_ID);
}

static void
vigil_alarm_evaluator_init (VigilAlarmEvaluator *self)
{
  self->spo2 = NAN;
  self->hr = NAN;
  self->nibp_sys = NAN;
  self->nibp_dia = NAN;
  self->nibp_map = NAN;
  self->base_sys = NAN;
  self->base_dia = NAN;
  self->link = LINK_UP;
  self->sound_available = TRUE;
}

/**
 * vigil_alarm_evaluator_new:
 * @limits: the session's limits (a reference is kept; changes apply at once)
 * @clock: the clock every input is judged by
 *
 * Every condition starts CLEAR; T4's NIBP interval starts now.
 *
 * Returns: (transfer full): a new evaluator
 */
VigilAlarmEvaluator *
vigil_alarm_evaluator_new (VigilAlarmLimits *limits,
                           VigilClock       *clock)
{
  VigilAlarmEvaluator *self;
  gint64 now;

  g_return_val_if_fail (VIGIL_IS_ALARM_LIMITS (limits), NULL);
  g_return_val_if_fail (VIGIL_IS_CLOCK (clock), NULL);

  self = g_object_new (VIGIL_TYPE_ALARM_EVALUATOR, NULL);
  self->limits = g_object_ref (limits);
  self->clock = g_object_ref (clock);
  self->limits_changed_id = g_signal_connect (limits, "changed",
                                              G_CALLBACK (on_limits_changed), self);

  now = vigil_clock_get_monotonic (clock);
  self->start_us = now;
  self->nibp_reference_us = now;
  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      const VigilAlarmSetting *s = setting (self, i);

      self->status[i] = (VigilConditionStatus) {
        .state = VIGIL_CONDITION_CLEAR,
        .value = NAN,
        .value2 = NAN,
        .limit = s->threshold,
        .limit2 = s->threshold2,
        .since_us = now,
        .diastolic = NAN,
      };
    }
  return self;
}

/**
 * vigil_alarm_evaluator_get_limits:
 *
 * Returns: (transfer none): the limits in force
 */
VigilAlarmLimits *
vigil_alarm_evaluator_get_limits (VigilAlarmEvaluator *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_EVALUATOR (self), NULL);
  return self->limits;
}

/**
 * vigil_alarm_evaluator_observe:
 * @observation: a value from a device, present or absent
 *
 * HR and SpO₂ are judged on every observation (absent ones clear their
 * conditions); NIBP only when a reading is present. Pulse rate is not
 * judged (HR comes from the ECG) but, like every observation not flagged
 * stale, it proves the link is alive.
 */
void
vigil_alarm_evaluator_observe (VigilAlarmEvaluator    *self,
                               const VigilObservation *observation)
{
  gboolean present;
  gint64 now;

  g_return_if_fail (VIGIL_IS_ALARM_EVALUATOR (self));
  g_return_if_fail (observation != NULL);

  now = vigil_clock_get_monotonic (self->clock);
  check_time (self, now);

  if (!(observation->quality & VIGIL_QUALITY_STALE))
    link_alive (self, now);

  present = vigil_observation_is_present (observation);

  switch (observation->parameter)
    {
    case VIGIL_PARAMETER_HR:
      if (present)
        {
          self->hr = observation->value;
          self->hr_us = now;
          evaluate_hr (self, now);
        }
      else
        clear_hr (self, now);
      break;

    case VIGIL_PARAMETER_SPO2:
      if (present)
        {
          gint64 dt_us = self->spo2_us != 0 ? MIN (now - self->spo2_us, SAMPLE_DT_CAP_US)
                                            : SAMPLE_DT_FIRST_US;

          self->spo2 = observation->value;
          self->spo2_us = now;
          sensor_off_end (self, now);
          evaluate_spo2 (self, observation->value, now, dt_us);
        }
      else
        {
          if (observation->quality & VIGIL_QUALITY_SENSOR_OFF)
            sensor_off_begin (self, now);
          clear_spo2 (self, now);
        }
      break;

    case VIGIL_PARAMETER_NIBP:
      if (present)
        {
          self->has_reading = TRUE;
          self->nibp_sys = observation->value;
          self->nibp_dia = observation->diastolic;
          /* Without a measured mean, the usual estimate: a low MAP must
           * not go unnoticed because a device does not send one. */
          self->nibp_map = isfinite (observation->mean)
                           ? observation->mean
                           : observation->diastolic + (observation->value - observation->diastolic) / 3.0;
          self->nibp_us = now;
          self->nibp_reference_us = now;
          if (!self->has_baseline)
            {
              self->has_baseline = TRUE;
              self->base_sys = observation->value;
              self->base_dia = observation->diastolic;
            }
          evaluate_nibp (self, now);
          set_state (self, VIGIL_ALARM_NIBP_FAILED, VIGIL_CONDITION_CLEAR, now, NAN, NAN, NAN, NAN);
          evaluate_overdue (self, now);
        }
      break;

    case VIGIL_PARAMETER_PULSE_RATE:
    case VIGIL_N_PARAMETERS:
    default:
      break;
    }

  flush (self);
}

/**
 * vigil_alarm_evaluator_technical:
 * @event: something a device reported about itself
 */
void
vigil_alarm_evaluator_technical (VigilAlarmEvaluator       *self,
                                 const VigilTechnicalEvent *event)
{
  gint64 now;

  g_return_if_fail (VIGIL_IS_ALARM_EVALUATOR (self));
  g_return_if_fail (event != NULL);

  now = vigil_clock_get_monotonic (self->clock);
  check_time (self, now);

  switch (event->kind)
    {
    case VIGIL_TECHNICAL_CONNECTED:
      if (self->link == LINK_DOWN)
        self->link = LINK_RECONNECTED;
      break;

    case VIGIL_TECHNICAL_DISCONNECTED:
      clear_hr (self, now);
      clear_spo2 (self, now);
      /* Reconnection attempts do not restart the wait. */
      if (self->link != LINK_DOWN && self->link != LINK_RECONNECTED)
        self->link_down_us = now;
      self->link = LINK_DOWN;
      evaluate_link (self, now);
      break;

    case VIGIL_TECHNICAL_STALE:
      clear_hr (self, now);
      clear_spo2 (self, now);
      if (self->link != LINK_DOWN && self->link != LINK_RECONNECTED)
        self->link_down_us = now;
      self->link = LINK_STALE;
      set_state (self, VIGIL_ALARM_LINK_LOST, VIGIL_CONDITION_MET, now, NAN, NAN, NAN, NAN);
      break;

    case VIGIL_TECHNICAL_DATA_RESUMED:
      self->link = LINK_UP;
      set_state (self, VIGIL_ALARM_LINK_LOST, VIGIL_CONDITION_CLEAR, now, NAN, NAN, NAN, NAN);
      break;

    case VIGIL_TECHNICAL_SENSOR_OFF:
      if (event->parameter == VIGIL_PARAMETER_SPO2 || event->parameter == -1)
        {
          sensor_off_begin (self, now);
          clear_spo2 (self, now);
        }
      break;

    case VIGIL_TECHNICAL_SENSOR_ON:
      if (event->parameter == VIGIL_PARAMETER_SPO2 || event->parameter == -1)
        sensor_off_end (self, now);
      break;

    case VIGIL_TECHNICAL_NIBP_FAILED:
      if (event->parameter == VIGIL_PARAMETER_NIBP || event->parameter == -1)
        set_state (self, VIGIL_ALARM_NIBP_FAILED, VIGIL_CONDITION_MET, now, NAN, NAN, NAN, NAN);
      break;

    case VIGIL_TECHNICAL_FRAME_ERROR:
    case VIGIL_N_TECHNICAL_KINDS:
    default:
      break;
    }

  flush (self);
}

/**
 * vigil_alarm_evaluator_set_sound_available:
 * @available: whether the alarm sound output works
 *
 * T5 is MET while it does not.
 */
void
vigil_alarm_evaluator_set_sound_available (VigilAlarmEvaluator *self,
                                           gboolean             available)
{
  gint64 now;

  g_return_if_fail (VIGIL_IS_ALARM_EVALUATOR (self));

  now = vigil_clock_get_monotonic (self->clock);
  self->sound_available = !!available;
  check_time (self, now);
  set_state (self, VIGIL_ALARM_SOUND_UNAVAILABLE,
             available ? VIGIL_CONDITION_CLEAR : VIGIL_CONDITION_MET,
             now, NAN, NAN, NAN, NAN);
  flush (self);
}

/**
 * vigil_alarm_evaluator_set_nibp_baseline:
 * @systolic: the session's baseline SYS, mmHg
 * @diastolic: the session's baseline DIA, mmHg
 *
 * A11 measures rises from this baseline. Without one, the first reading
 * seen is the baseline. Both NAN forget it: the next reading becomes the
 * baseline. The latest reading is judged again at once.
 */
void
vigil_alarm_evaluator_set_nibp_baseline (VigilAlarmEvaluator *self,
                                         double               systolic,
                                         double               diastolic)
{
  g_return_if_fail (VIGIL_IS_ALARM_EVALUATOR (self));
  g_return_if_fail ((isfinite (systolic) && isfinite (diastolic)) ||
                    (isnan (systolic) && isnan (diastolic)));

  self->has_baseline = isfinite (systolic);
  self->base_sys = systolic;
  self->base_dia = diastolic;
  evaluate_nibp (self, vigil_clock_get_monotonic (self->clock));
  flush (self);
}

/**
 * vigil_alarm_evaluator_get_nibp_baseline:
 * @out_systolic: (out) (optional):
 * @out_diastolic: (out) (optional):
 *
 * Returns: %TRUE if a baseline is known (set, or the first reading)
 */
gboolean
vigil_alarm_evaluator_get_nibp_baseline (VigilAlarmEvaluator *self,
                                         double              *out_systolic,
                                         double              *out_diastolic)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_EVALUATOR (self), FALSE);

  if (out_systolic != NULL)
    *out_systolic = self->has_baseline ? self->base_sys : NAN;
  if (out_diastolic != NULL)
    *out_diastolic = self->has_baseline ? self->base_dia : NAN;
  return self->has_baseline;
}

/**
 * vigil_alarm_evaluator_get_nibp_repeat_at:
 *
 * While A7 or A8 is MET, CLINICAL.md asks for a repeat reading after their
 * repeat_us (2 min, 1 min) from the reading that showed it. The app
 * prompts for it; it does not change any condition's state.
 *
 * Returns: the clock monotonic time a repeat reading is due (the earliest
 *   of the MET conditions), or 0 if none is asked for
 */
gint64
vigil_alarm_evaluator_get_nibp_repeat_at (VigilAlarmEvaluator *self)
{
  static const VigilAlarmId ids[] = { VIGIL_ALARM_NIBP_HIGH, VIGIL_ALARM_NIBP_SEVERE };
  gint64 at = 0;

  g_return_val_if_fail (VIGIL_IS_ALARM_EVALUATOR (self), 0);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      gint64 repeat_us = setting (self, ids[i])->repeat_us;

      if (self->status[ids[i]].state == VIGIL_CONDITION_MET && repeat_us > 0)
        {
          gint64 due = self->nibp_us + repeat_us;

          if (at == 0 || due < at)
            at = due;
        }
    }
  return at;
}

/**
 * vigil_alarm_evaluator_update:
 *
 * Applies the passage of time: HR delays running out, T1/T2 delays, T4,
 * values that stopped arriving. Call it about once a second; onset times
 * are exact however late it is called.
 */
void
vigil_alarm_evaluator_update (VigilAlarmEvaluator *self)
{
  g_return_if_fail (VIGIL_IS_ALARM_EVALUATOR (self));

  check_time (self, vigil_clock_get_monotonic (self->clock));
  flush (self);
}

/**
 * vigil_alarm_evaluator_get_status:
 * @id: a condition
 * @out_status: (out caller-allocates): its state, values and limits
 */
void
vigil_alarm_evaluator_get_status (VigilAlarmEvaluator  *self,
                                  VigilAlarmId          id,
                                  VigilConditionStatus *out_status)
{
  g_return_if_fail (VIGIL_IS_ALARM_EVALUATOR (self));
  g_return_if_fail ((guint) id < VIGIL_N_ALARMS);
  g_return_if_fail (out_status != NULL);

  *out_status = self->status[id];
}

/**
 * vigil_alarm_evaluator_get_sat_seconds:
 *
 * Returns: A1's integral now, %·s (0 outside an excursion below the limit)
 */
double
vigil_alarm_evaluator_get_sat_seconds (VigilAlarmEvaluator *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_EVALUATOR (self), 0.0);
  return self->sat_integral;
}

/* ---- messages ---------------------------------------------------------- */

static long
whole (double v)
{
  return lround (v);
}

/* "NIBP 165/95" or "NIBP 165" when the DIA is unknown. */
static void
append_reading (GString *out,
                double   sys,
                double   dia)
{
  if (isfinite (dia))
    g_string_append_printf (out, "%s %ld/%ld", _("NIBP"), whole (sys), whole (dia));
  else
    g_string_append_printf (out, "%s %ld", _("NIBP"), whole (sys));
}

/**
 * vigil_alarm_format_message:
 * @id: a condition
 * @status: its status (usually from vigil_alarm_evaluator_get_status())
 *
 * The text after the priority marker, numbers as whole numbers:
 * "SpO₂ 88 < 90", "SpO₂ 84 ≤ 85", "HR 131 > 120", "HR 45 < 50",
 * "NIBP 165/95 ≥ 160/100" (when SYS crossed; "NIBP 150/105, DIA ≥ 100"
 * when only DIA did), "NIBP 85/55 < 90", "NIBP 76/47 < 80, MAP 57 < 60"
 * (or either part alone), "BP rise +42/+20 mmHg"; technical conditions and
 * statuses without a value give the condition's title.
 *
 * Returns: (transfer full): the message
 */
char *
vigil_alarm_format_message (VigilAlarmId                id,
                            const VigilConditionStatus *status)
{
  const VigilAlarmInfo *info;
  GString *out;
  double v, v2, l, l2, dia;

  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, NULL);
  g_return_val_if_fail (status != NULL, NULL);

  info = vigil_alarm_get_info (id);
  v = status->value;
  v2 = status->value2;
  l = status->limit;
  l2 = status->limit2;
  dia = status->diastolic;

  if (info->technical || !isfinite (v))
    return g_strdup (_(info->title));

  out = g_string_new (NULL);
  switch (id)
    {
    case VIGIL_ALARM_SPO2_LOW:
      g_string_append_printf (out, "SpO₂ %ld < %ld", whole (v), whole (l));
      break;

    case VIGIL_ALARM_SPO2_DESATURATION:
      g_string_append_printf (out, "SpO₂ %ld ≤ %ld", whole (v), whole (l));
      break;

    case VIGIL_ALARM_HR_HIGH:
    case VIGIL_ALARM_HR_VERY_HIGH:
      g_string_append_printf (out, "%s %ld > %ld", _("HR"), whole (v), whole (l));
      break;

    case VIGIL_ALARM_HR_LOW:
    case VIGIL_ALARM_HR_VERY_LOW:
      g_string_append_printf (out, "%s %ld < %ld", _("HR"), whole (v), whole (l));
      break;

    case VIGIL_ALARM_NIBP_HIGH:
    case VIGIL_ALARM_NIBP_SEVERE:
      if (!isfinite (dia))
        dia = v2;
      append_reading (out, v, dia);
      if (!isfinite (l2))
        g_string_append_printf (out, " ≥ %ld", whole (l));
      else if (v >= l || !isfinite (v2) || v2 < l2)
        g_string_append_printf (out, " ≥ %ld/%ld", whole (l), whole (l2));
      else
        g_string_append_printf (out, ", %s ≥ %ld", _("DIA"), whole (l2));
      break;

    case VIGIL_ALARM_NIBP_LOW:
      append_reading (out, v, isfinite (dia) ? dia : v2);
      g_string_append_printf (out, " < %ld", whole (l));
      break;

    case VIGIL_ALARM_NIBP_SEVERE_LOW:
      {
        gboolean map_crossed = isfinite (v2) && isfinite (l2) && v2 < l2;
        gboolean sys_crossed = v < l || !map_crossed;

        if (sys_crossed)
          {
            append_reading (out, v, dia);
            g_string_append_printf (out, " < %ld", whole (l));
          }
        if (sys_crossed && map_crossed)
          g_string_append (out, ", ");
        if (map_crossed)
          g_string_append_printf (out, "%s %ld < %ld", _("MAP"), whole (v2), whole (l2));
      }
      break;

    case VIGIL_ALARM_NIBP_RISE:
      if (isfinite (v2))
        g_string_append_printf (out, _("BP rise %+ld/%+ld mmHg"), whole (v), whole (v2));
      else
        g_string_append_printf (out, _("BP rise %+ld mmHg"), whole (v));
      break;

    case VIGIL_ALARM_LINK_LOST:
    case VIGIL_ALARM_SPO2_SENSOR_OFF:
    case VIGIL_ALARM_NIBP_FAILED:
    case VIGIL_ALARM_NIBP_OVERDUE:
    case VIGIL_ALARM_SOUND_UNAVAILABLE:
    case VIGIL_N_ALARMS:
    default:
      g_string_append (out, _(info->title));
      break;
    }

  return g_string_free (out, FALSE);
}
