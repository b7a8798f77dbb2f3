/* vigil-alarm-limits.c — every number of the alarm system, as settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The factory defaults are CLINICAL.md §1's table. A session works on a
 * copy seeded from the clinic's defaults; every change goes through
 * vigil_alarm_limits_set(), which refuses anything implausible with a
 * message the person at the touchscreen can act on, and emits "changed"
 * with the condition's id so the evaluator re-checks it at once.
 *
 * Validation, per condition (see the rules table below):
 * - priority low, medium or high: "none" would be an alarm switched off,
 *   and Vigil has no alarms-off;
 * - each threshold the condition uses within a plausible range for its
 *   parameter; NIBP and A2 take no delay (NIBP is judged per reading, A2
 *   is immediate); A1's SatSeconds is one of 10, 25, 50, 100 %·s;
 * - fields a condition does not use must be NAN or 0 (stored as NAN / 0);
 * - the "very" limits stay beyond the plain ones (A2 below A1, A4 above A3,
 *   A6 below A5, A8 above A7, A10 below A9), so raising a pair means
 *   moving the outer limit first.
 */
#include "vigil-alarm-limits.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#define SEC(s) ((gint64) (s) * G_USEC_PER_SEC)
#define MINUTES(m) ((gint64) (m) * 60 * G_USEC_PER_SEC)

struct _VigilAlarmLimits
{
  GObject           parent_instance;

  VigilAlarmSetting settings[VIGIL_N_ALARMS];
};

G_DEFINE_FINAL_TYPE (VigilAlarmLimits, vigil_alarm_limits, G_TYPE_OBJECT)
G_DEFINE_QUARK (vigil-alarm-limits-error-quark, vigil_alarm_limits_error)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What each field means for a condition and where it may go. A NULL name
 * means the condition does not use the field; a range of {-1, -1} for a
 * duration means the same. */
typedef struct
{
  const char *threshold_name;
  double      threshold_min;
  double      threshold_max;
  const char *threshold2_name;
  double      threshold2_min;
  double      threshold2_max;
  const char *unit;
  const char *delay_name;
  gint64      delay_min;
  gint64      delay_max;
  gint64      repeat_max;     /* -1: not used; else 0 (no prompt) … max */
  gint64      interval_min;   /* -1: not used */
  gint64      interval_max;
  gboolean    uses_sat_seconds;
} Rule;

static const Rule rules[VIGIL_N_ALARMS] = {
  [VIGIL_ALARM_SPO2_LOW] = {
    N_("limit"), 80, 99, NULL, 0, 0, "%",
    NULL, -1, -1, -1, -1, -1, TRUE },
  [VIGIL_ALARM_SPO2_DESATURATION] = {
    N_("limit"), 60, 95, NULL, 0, 0, "%",
    NULL, -1, -1, -1, -1, -1, FALSE },
  [VIGIL_ALARM_HR_HIGH] = {
    N_("limit"), 60, 250, NULL, 0, 0, "/min",
    N_("delay"), 0, SEC (60), -1, -1, -1, FALSE },
  [VIGIL_ALARM_HR_VERY_HIGH] = {
    N_("limit"), 60, 250, NULL, 0, 0, "/min",
    N_("delay"), 0, SEC (60), -1, -1, -1, FALSE },
  [VIGIL_ALARM_HR_LOW] = {
    N_("limit"), 20, 120, NULL, 0, 0, "/min",
    N_("delay"), 0, SEC (60), -1, -1, -1, FALSE },
  [VIGIL_ALARM_HR_VERY_LOW] = {
    N_("limit"), 20, 120, NULL, 0, 0, "/min",
    N_("delay"), 0, SEC (60), -1, -1, -1, FALSE },
  [VIGIL_ALARM_NIBP_HIGH] = {
    N_("systolic limit"), 100, 260, N_("diastolic limit"), 60, 160, "mmHg",
    NULL, -1, -1, MINUTES (60), -1, -1, FALSE },
  [VIGIL_ALARM_NIBP_SEVERE] = {
    N_("systolic limit"), 100, 260, N_("diastolic limit"), 60, 160, "mmHg",
    NULL, -1, -1, MINUTES (60), -1, -1, FALSE },
  [VIGIL_ALARM_NIBP_LOW] = {
    N_("systolic limit"), 50, 140, NULL, 0, 0, "mmHg",
    NULL, -1, -1, -1, -1, -1, FALSE },
  [VIGIL_ALARM_NIBP_SEVERE_LOW] = {
    N_("systolic limit"), 40, 140, N_("mean pressure limit"), 30, 100, "mmHg",
    NULL, -1, -1, -1, -1, -1, FALSE },
  [VIGIL_ALARM_NIBP_RISE] = {
    N_("systolic rise"), 5, 100, N_("diastolic rise"), 5, 80, "mmHg",
    NULL, -1, -1, -1, -1, -1, FALSE },
  [VIGIL_ALARM_LINK_LOST] = {
    NULL, 0, 0, NULL, 0, 0, NULL,
    N_("time without data"), SEC (1), SEC (120), -1, -1, -1, FALSE },
  [VIGIL_ALARM_SPO2_SENSOR_OFF] = {
    NULL, 0, 0, NULL, 0, 0, NULL,
    N_("delay"), 0, SEC (60), -1, -1, -1, FALSE },
  [VIGIL_ALARM_NIBP_FAILED] = {
    NULL, 0, 0, NULL, 0, 0, NULL,
    NULL, -1, -1, -1, -1, -1, FALSE },
  [VIGIL_ALARM_NIBP_OVERDUE] = {
    NULL, 0, 0, NULL, 0, 0, NULL,
    N_("grace time"), 0, MINUTES (60), -1, MINUTES (1), MINUTES (120), FALSE },
  [VIGIL_ALARM_SOUND_UNAVAILABLE] = {
    NULL, 0, 0, NULL, 0, 0, NULL,
    NULL, -1, -1, -1, -1, -1, FALSE },
};

/* The SatSeconds choices of the Nellcor-style integral, %·s. */
static const double sat_seconds_choices[] = { 10, 25, 50, 100 };

#define A1_COUNT_MIN      2
#define A1_COUNT_MAX      10
#define A1_WINDOW_MIN_US  SEC (10)
#define A1_WINDOW_MAX_US  MINUTES (10)

static void
set_defaults (VigilAlarmSetting *s)
{
  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    s[i] = (VigilAlarmSetting) {
      .priority = VIGIL_ALARM_PRIORITY_MEDIUM,
      .latching = FALSE,
      .threshold = NAN,
      .threshold2 = NAN,
      .sat_seconds = NAN,
    };

  s[VIGIL_ALARM_SPO2_LOW].priority = VIGIL_ALARM_PRIORITY_MEDIUM;
  s[VIGIL_ALARM_SPO2_LOW].threshold = 90;
  s[VIGIL_ALARM_SPO2_LOW].sat_seconds = 25;
  s[VIGIL_ALARM_SPO2_LOW].count = 3;
  s[VIGIL_ALARM_SPO2_LOW].window_us = SEC (60);

  s[VIGIL_ALARM_SPO2_DESATURATION].priority = VIGIL_ALARM_PRIORITY_HIGH;
  s[VIGIL_ALARM_SPO2_DESATURATION].latching = TRUE;
  s[VIGIL_ALARM_SPO2_DESATURATION].threshold = 85;

  s[VIGIL_ALARM_HR_HIGH].priority = VIGIL_ALARM_PRIORITY_MEDIUM;
  s[VIGIL_ALARM_HR_HIGH].threshold = 120;
  s[VIGIL_ALARM_HR_HIGH].delay_us = SEC (10);

  s[VIGIL_ALARM_HR_VERY_HIGH].priority = VIGIL_ALARM_PRIORITY_HIGH;
  s[VIGIL_ALARM_HR_VERY_HIGH].latching = TRUE;
  s[VIGIL_ALARM_HR_VERY_HIGH].threshold = 150;
  s[VIGIL_ALARM_HR_VERY_HIGH].delay_us = SEC (5);

  s[VIGIL_ALARM_HR_LOW].priority = VIGIL_ALARM_PRIORITY_MEDIUM;
  s[VIGIL_ALARM_HR_LOW].threshold = 50;
  s[VIGIL_ALARM_HR_LOW].delay_us = SEC (10);

  s[VIGIL_ALARM_HR_VERY_LOW].priority = VIGIL_ALARM_PRIORITY_HIGH;
  s[VIGIL_ALARM_HR_VERY_LOW].latching = TRUE;
  s[VIGIL_ALARM_HR_VERY_LOW].threshold = 40;
  s[VIGIL_ALARM_HR_VERY_LOW].delay_us = SEC (5);

  s[VIGIL_ALARM_NIBP_HIGH].priority = VIGIL_ALARM_PRIORITY_MEDIUM;
  s[VIGIL_ALARM_NIBP_HIGH].threshold = 160;
  s[VIGIL_ALARM_NIBP_HIGH].threshold2 = 100;
  s[VIGIL_ALARM_NIBP_HIGH].repeat_us = MINUTES (2);

  s[VIGIL_ALARM_NIBP_SEVERE].priority = VIGIL_ALARM_PRIORITY_HIGH;
  s[VIGIL_ALARM_NIBP_SEVERE].latching = TRUE;
  s[VIGIL_ALARM_NIBP_SEVERE].threshold = 180;
  s[VIGIL_ALARM_NIBP_SEVERE].threshold2 = 110;
  s[VIGIL_ALARM_NIBP_SEVERE].repeat_us = MINUTES (1);

  s[VIGIL_ALARM_NIBP_LOW].priority = VIGIL_ALARM_PRIORITY_MEDIUM;
  s[VIGIL_ALARM_NIBP_LOW].threshold = 90;

  s[VIGIL_ALARM_NIBP_SEVERE_LOW].priority = VIGIL_ALARM_PRIORITY_HIGH;
  s[VIGIL_ALARM_NIBP_SEVERE_LOW].latching = TRUE;
  s[VIGIL_ALARM_NIBP_SEVERE_LOW].threshold = 80;
  s[VIGIL_ALARM_NIBP_SEVERE_LOW].threshold2 = 60;

  s[VIGIL_ALARM_NIBP_RISE].priority = VIGIL_ALARM_PRIORITY_LOW;
  s[VIGIL_ALARM_NIBP_RISE].threshold = 40;
  s[VIGIL_ALARM_NIBP_RISE].threshold2 = 25;

  s[VIGIL_ALARM_LINK_LOST].priority = VIGIL_ALARM_PRIORITY_MEDIUM;
  s[VIGIL_ALARM_LINK_LOST].delay_us = SEC (10);

  s[VIGIL_ALARM_SPO2_SENSOR_OFF].priority = VIGIL_ALARM_PRIORITY_MEDIUM;
  s[VIGIL_ALARM_SPO2_SENSOR_OFF].delay_us = 0;

  s[VIGIL_ALARM_NIBP_FAILED].priority = VIGIL_ALARM_PRIORITY_LOW;

  /* The infusion's NIBP interval (CLINICAL.md §2: every 10 min); the app
   * sets the phase's interval (recovery: 15 min) as the session moves on. */
  s[VIGIL_ALARM_NIBP_OVERDUE].priority = VIGIL_ALARM_PRIORITY_LOW;
  s[VIGIL_ALARM_NIBP_OVERDUE].delay_us = MINUTES (3);
  s[VIGIL_ALARM_NIBP_OVERDUE].interval_us = MINUTES (10);

  s[VIGIL_ALARM_SOUND_UNAVAILABLE].priority = VIGIL_ALARM_PRIORITY_HIGH;
  s[VIGIL_ALARM_SOUND_UNAVAILABLE].latching = TRUE;
}

static void
vigil_alarm_limits_class_init (VigilAlarmLimitsClass *klass)
{
  /**
   * VigilAlarmLimits::changed:
   * @self: the limits
   * @id: the #VigilAlarmId whose setting changed
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIGIL_TYPE_ALARM_ID);
}

static void
vigil_alarm_limits_init (VigilAlarmLimits *self)
{
  set_defaults (self->settings);
}

/**
 * vigil_alarm_limits_new_default:
 *
 * Returns: (transfer full): limits holding CLINICAL.md's factory defaults
 */
VigilAlarmLimits *
vigil_alarm_limits_new_default (void)
{
  return g_object_new (VIGIL_TYPE_ALARM_LIMITS, NULL);
}

/**
 * vigil_alarm_limits_copy:
 * @self: limits, such as the clinic's defaults
 *
 * Returns: (transfer full): an independent copy (a session's limits), with
 *   no signal handlers
 */
VigilAlarmLimits *
vigil_alarm_limits_copy (VigilAlarmLimits *self)
{
  VigilAlarmLimits *copy;

  g_return_val_if_fail (VIGIL_IS_ALARM_LIMITS (self), NULL);

  copy = g_object_new (VIGIL_TYPE_ALARM_LIMITS, NULL);
  memcpy (copy->settings, self->settings, sizeof self->settings);
  return copy;
}

/**
 * vigil_alarm_limits_get:
 * @id: a condition
 *
 * Returns: (transfer none): the condition's setting, valid until the next
 *   change of that condition
 */
const VigilAlarmSetting *
vigil_alarm_limits_get (VigilAlarmLimits *self,
                        VigilAlarmId      id)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_LIMITS (self), NULL);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, NULL);

  return &self->settings[id];
}

static gboolean
double_equal (double a,
              double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return a == b;
}

/**
 * vigil_alarm_setting_equal:
 *
 * Returns: %TRUE if every field of @a and @b is the same (two NANs are equal)
 */
gboolean
vigil_alarm_setting_equal (const VigilAlarmSetting *a,
                           const VigilAlarmSetting *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->priority == b->priority &&
         !a->latching == !b->latching &&
         double_equal (a->threshold, b->threshold) &&
         double_equal (a->threshold2, b->threshold2) &&
         a->delay_us == b->delay_us &&
         a->repeat_us == b->repeat_us &&
         a->interval_us == b->interval_us &&
         double_equal (a->sat_seconds, b->sat_seconds) &&
         a->count == b->count &&
         a->window_us == b->window_us;
}

/* "10 s", "2 min", "90 s": durations as people set them. */
static char *
format_duration (gint64 us)
{
  /* Settings stay far below INT_MAX seconds; a wild value prints as seconds. */
  if (us >= MINUTES (1) && us % MINUTES (1) == 0 && us / MINUTES (1) <= G_MAXINT)
    return g_strdup_printf (_("%d min"), (int) (us / MINUTES (1)));
  if (us % G_USEC_PER_SEC == 0 && ABS (us / G_USEC_PER_SEC) <= G_MAXINT)
    return g_strdup_printf (_("%d s"), (int) (us / G_USEC_PER_SEC));
  return g_strdup_printf (_("%.1f s"), us / (double) G_USEC_PER_SEC);
}

static char *
condition_name (VigilAlarmId id)
{
  const VigilAlarmInfo *info = vigil_alarm_get_info (id);

  return g_strdup_printf ("%s (%s)", _(info->title), info->code);
}

static gboolean
check_number (VigilAlarmId   id,
              const char    *name,
              double         value,
              double         min,
              double         max,
              const char    *unit,
              GError       **error)
{
  g_autofree char *who = NULL;

  if (isfinite (value) && value >= min && value <= max)
    return TRUE;

  who = condition_name (id);
  if (!isfinite (value))
    g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
                 _("%s: the %s is not set. Choose a value between %g and %g %s."),
                 who, _(name), min, max, unit);
  else
    g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
                 _("%s: the %s %g %s is outside the plausible range %g–%g %s. "
                   "Choose a value in that range."),
                 who, _(name), value, unit, min, max, unit);
  return FALSE;
}

static gboolean
check_duration (VigilAlarmId   id,
                const char    *name,
                gint64         value,
                gint64         min,
                gint64         max,
                GError       **error)
{
  g_autofree char *who = NULL;
  g_autofree char *v = NULL;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  if (value >= min && value <= max)
    return TRUE;

  who = condition_name (id);
  v = format_duration (value);
  lo = format_duration (min);
  hi = format_duration (max);
  g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
               _("%s: the %s %s is outside the allowed range %s–%s. "
                 "Choose a value in that range."),
               who, _(name), v, lo, hi);
  return FALSE;
}

static gboolean
check_unused_number (VigilAlarmId   id,
                     const char    *what,
                     double         value,
                     GError       **error)
{
  g_autofree char *who = NULL;

  if (isnan (value) || value == 0.0)
    return TRUE;

  who = condition_name (id);
  g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
               _("%s has no %s; leave it unset."), who, _(what));
  return FALSE;
}

static gboolean
check_unused_integer (VigilAlarmId   id,
                      const char    *what,
                      gint64         value,
                      GError       **error)
{
  g_autofree char *who = NULL;

  if (value == 0)
    return TRUE;

  who = condition_name (id);
  if (g_str_equal (what, "delay") && vigil_alarm_get_info (id)->parameter == VIGIL_PARAMETER_NIBP)
    g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
                 _("%s takes no delay: blood pressure is judged on each completed reading. "
                   "Set the delay to 0."), who);
  else if (g_str_equal (what, "delay"))
    g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
                 _("%s alarms at once and takes no delay. Set the delay to 0."), who);
  else
    g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
                 _("%s has no %s; leave it unset."), who, _(what));
  return FALSE;
}

/* @inner must stay on the near side of @outer: below it when @below. */
static gboolean
check_order (VigilAlarmId   inner_id,
             const char    *inner_name,
             double         inner,
             VigilAlarmId   outer_id,
             const char    *outer_name,
             double         outer,
             gboolean       below,
             const char    *unit,
             GError       **error)
{
  g_autofree char *inner_who = NULL;
  g_autofree char *outer_who = NULL;

  if (below ? inner < outer : inner > outer)
    return TRUE;

  inner_who = condition_name (inner_id);
  outer_who = condition_name (outer_id);
  if (below)
    g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_ORDER,
                 _("%s: the %s %g %s must stay below the %s of %s, %g %s. "
                   "Raise that one first."),
                 inner_who, _(inner_name), inner, unit, _(outer_name), outer_who, outer, unit);
  else
    g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_ORDER,
                 _("%s: the %s %g %s must stay above the %s of %s, %g %s. "
                   "Lower that one first."),
                 inner_who, _(inner_name), inner, unit, _(outer_name), outer_who, outer, unit);
  return FALSE;
}

/* The plain/"very" pairs, checked whichever side changes. */
static gboolean
check_pairs (const VigilAlarmSetting *s,
             VigilAlarmId             changed,
             GError                 **error)
{
  static const struct {
    VigilAlarmId plain;
    VigilAlarmId very;
    gboolean     second;     /* compare threshold2 */
    gboolean     very_below; /* the "very" limit is the lower one */
  } pairs[] = {
    { VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_SPO2_DESATURATION, FALSE, TRUE },
    { VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_HR_VERY_HIGH, FALSE, FALSE },
    { VIGIL_ALARM_HR_LOW, VIGIL_ALARM_HR_VERY_LOW, FALSE, TRUE },
    { VIGIL_ALARM_NIBP_HIGH, VIGIL_ALARM_NIBP_SEVERE, FALSE, FALSE },
    { VIGIL_ALARM_NIBP_HIGH, VIGIL_ALARM_NIBP_SEVERE, TRUE, FALSE },
    { VIGIL_ALARM_NIBP_LOW, VIGIL_ALARM_NIBP_SEVERE_LOW, FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      VigilAlarmId plain = pairs[i].plain;
      VigilAlarmId very = pairs[i].very;
      const char *name = pairs[i].second ? rules[plain].threshold2_name : rules[plain].threshold_name;
      const char *very_name = pairs[i].second ? rules[very].threshold2_name : rules[very].threshold_name;
      double p = pairs[i].second ? s[plain].threshold2 : s[plain].threshold;
      double v = pairs[i].second ? s[very].threshold2 : s[very].threshold;

      if (changed != plain && changed != very)
        continue;

      /* Report from the side that moved. */
      if (changed == plain &&
          !check_order (plain, name, p, very, very_name, v, !pairs[i].very_below,
                        rules[plain].unit, error))
        return FALSE;
      if (changed == very &&
          !check_order (very, very_name, v, plain, name, p, pairs[i].very_below,
                        rules[very].unit, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate (VigilAlarmLimits        *self,
          VigilAlarmId             id,
          const VigilAlarmSetting *in,
          VigilAlarmSetting       *out,
          GError                 **error)
{
  const Rule *rule = &rules[id];
  VigilAlarmSetting candidate[VIGIL_N_ALARMS];

  *out = *in;
  out->latching = !!in->latching;

  if (in->priority != VIGIL_ALARM_PRIORITY_LOW &&
      in->priority != VIGIL_ALARM_PRIORITY_MEDIUM &&
      in->priority != VIGIL_ALARM_PRIORITY_HIGH)
    {
      g_autofree char *who = condition_name (id);

      g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
                   _("%s: the priority must be low, medium or high. "
                     "An alarm cannot be switched off."), who);
      return FALSE;
    }

  if (rule->threshold_name != NULL)
    {
      if (!check_number (id, rule->threshold_name, in->threshold,
                         rule->threshold_min, rule->threshold_max, rule->unit, error))
        return FALSE;
    }
  else if (!check_unused_number (id, N_("threshold"), in->threshold, error))
    return FALSE;
  else
    out->threshold = NAN;

  if (rule->threshold2_name != NULL)
    {
      if (!check_number (id, rule->threshold2_name, in->threshold2,
                         rule->threshold2_min, rule->threshold2_max, rule->unit, error))
        return FALSE;
    }
  else if (!check_unused_number (id, N_("second threshold"), in->threshold2, error))
    return FALSE;
  else
    out->threshold2 = NAN;

  if (rule->delay_name != NULL)
    {
      if (!check_duration (id, rule->delay_name, in->delay_us,
                           rule->delay_min, rule->delay_max, error))
        return FALSE;
    }
  else if (!check_unused_integer (id, "delay", in->delay_us, error))
    return FALSE;

  if (rule->repeat_max >= 0)
    {
      if (!check_duration (id, N_("repeat-reading time"), in->repeat_us, 0, rule->repeat_max, error))
        return FALSE;
    }
  else if (!check_unused_integer (id, N_("repeat-reading time"), in->repeat_us, error))
    return FALSE;

  if (rule->interval_min >= 0)
    {
      if (!check_duration (id, N_("NIBP interval"), in->interval_us,
                           rule->interval_min, rule->interval_max, error))
        return FALSE;
    }
  else if (!check_unused_integer (id, N_("NIBP interval"), in->interval_us, error))
    return FALSE;

  if (rule->uses_sat_seconds)
    {
      gboolean allowed = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (sat_seconds_choices); i++)
        allowed |= in->sat_seconds == sat_seconds_choices[i];
      if (!allowed)
        {
          g_autofree char *who = condition_name (id);

          g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
                       _("%s: a SatSeconds value of %g is not offered. "
                         "Choose 10, 25, 50 or 100 %%·s."), who, in->sat_seconds);
          return FALSE;
        }
      if (in->count < A1_COUNT_MIN || in->count > A1_COUNT_MAX)
        {
          g_autofree char *who = condition_name (id);

          g_set_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID,
                       _("%s: %u dips below the limit is outside the allowed range %d–%d. "
                         "Choose a value in that range."),
                       who, in->count, A1_COUNT_MIN, A1_COUNT_MAX);
          return FALSE;
        }
      if (!check_duration (id, N_("time window for repeated dips"), in->window_us,
                           A1_WINDOW_MIN_US, A1_WINDOW_MAX_US, error))
        return FALSE;
    }
  else
    {
      if (!check_unused_number (id, N_("SatSeconds setting"), in->sat_seconds, error) ||
          !check_unused_integer (id, N_("dip count"), in->count, error) ||
          !check_unused_integer (id, N_("time window for repeated dips"), in->window_us, error))
        return FALSE;
      out->sat_seconds = NAN;
    }

  memcpy (candidate, self->settings, sizeof candidate);
  candidate[id] = *out;
  return check_pairs (candidate, id, error);
}

/**
 * vigil_alarm_limits_set:
 * @id: a condition
 * @setting: its new setting (copied)
 * @error: why it was refused, for the person who asked
 *
 * Validates @setting (ranges, choices, unused fields, the order of paired
 * limits) and stores it; "changed" is emitted with @id when anything
 * actually changed.
 *
 * Returns: %TRUE if @setting is now in force
 */
gboolean
vigil_alarm_limits_set (VigilAlarmLimits        *self,
                        VigilAlarmId             id,
                        const VigilAlarmSetting *setting,
                        GError                 **error)
{
  VigilAlarmSetting valid;

  g_return_val_if_fail (VIGIL_IS_ALARM_LIMITS (self), FALSE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, FALSE);
  g_return_val_if_fail (setting != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate (self, id, setting, &valid, error))
    return FALSE;

  if (vigil_alarm_setting_equal (&valid, &self->settings[id]))
    return TRUE;

  self->settings[id] = valid;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, id);
  return TRUE;
}

/**
 * vigil_alarm_limits_set_threshold:
 * @id: a condition with a threshold (A1–A11)
 * @threshold: its new (first) threshold
 *
 * Returns: %TRUE if in force; %FALSE with @error set if refused
 */
gboolean
vigil_alarm_limits_set_threshold (VigilAlarmLimits  *self,
                                  VigilAlarmId       id,
                                  double             threshold,
                                  GError           **error)
{
  VigilAlarmSetting setting;

  g_return_val_if_fail (VIGIL_IS_ALARM_LIMITS (self), FALSE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, FALSE);

  setting = self->settings[id];
  setting.threshold = threshold;
  return vigil_alarm_limits_set (self, id, &setting, error);
}

/**
 * vigil_alarm_limits_set_threshold2:
 * @id: a condition with a second threshold (A7, A8, A10, A11)
 * @threshold2: its new second threshold (DIA, MAP or the DIA rise)
 *
 * Returns: %TRUE if in force; %FALSE with @error set if refused
 */
gboolean
vigil_alarm_limits_set_threshold2 (VigilAlarmLimits  *self,
                                   VigilAlarmId       id,
                                   double             threshold2,
                                   GError           **error)
{
  VigilAlarmSetting setting;

  g_return_val_if_fail (VIGIL_IS_ALARM_LIMITS (self), FALSE);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, FALSE);

  setting = self->settings[id];
  setting.threshold2 = threshold2;
  return vigil_alarm_limits_set (self, id, &setting, error);
}

gboolean
vigil_alarm_limits_get_range (VigilAlarmId  id,
                              gboolean      second,
                              double       *out_min,
                              double       *out_max)
{
  const Rule *rule;

  g_return_val_if_fail (id < VIGIL_N_ALARMS, FALSE);

  rule = &rules[id];
  if ((second ? rule->threshold2_name : rule->threshold_name) == NULL)
    return FALSE;
  if (out_min != NULL)
    *out_min = second ? rule->threshold2_min : rule->threshold_min;
  if (out_max != NULL)
    *out_max = second ? rule->threshold2_max : rule->threshold_max;
  return TRUE;
}
