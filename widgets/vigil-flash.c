/* vigil-flash.c — the one flash schedule of visual alarm signals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every flashing thing on screen (the alarm banner, the alarm's tile) asks
 * this file whether it is lit at a given frame time, so they flash in step
 * when they are given the same onset. The answer depends only on the
 * schedule, the priority and the time since onset: no timer, no state.
 *
 * The process-wide schedule starts at the factory settings; the app may
 * replace it from the clinic configuration at start-up (main thread).
 */

#include "vigil-flash.h"

#include <math.h>

G_DEFINE_QUARK (vigil-flash-error-quark, vigil_flash_error)

static VigilFlashSchedule current_schedule = {
  VIGIL_FLASH_HIGH_FREQUENCY_HZ,
  VIGIL_FLASH_HIGH_DUTY_CYCLE,
  VIGIL_FLASH_MEDIUM_FREQUENCY_HZ,
  VIGIL_FLASH_MEDIUM_DUTY_CYCLE,
};

/**
 * vigil_flash_schedule_init_default:
 *
 * Fills @schedule with the factory settings: 2 Hz and 0.5 Hz, 50 % duty.
 */
void
vigil_flash_schedule_init_default (VigilFlashSchedule *schedule)
{
  g_return_if_fail (schedule != NULL);

  schedule->high_frequency_hz = VIGIL_FLASH_HIGH_FREQUENCY_HZ;
  schedule->high_duty_cycle = VIGIL_FLASH_HIGH_DUTY_CYCLE;
  schedule->medium_frequency_hz = VIGIL_FLASH_MEDIUM_FREQUENCY_HZ;
  schedule->medium_duty_cycle = VIGIL_FLASH_MEDIUM_DUTY_CYCLE;
}

static gboolean
check_range (double       value,
             double       min,
             double       max,
             double       scale,
             const char  *what,
             const char  *unit,
             GError     **error)
{
  /* A tiny tolerance, so 0.2 typed in a configuration file is accepted. */
  if (isfinite (value) && value >= min - 1e-9 && value <= max + 1e-9)
    return TRUE;

  g_set_error (error, VIGIL_FLASH_ERROR, VIGIL_FLASH_ERROR_INVALID,
               "The %s %g %s is outside the allowed %g–%g %s (IEC 60601-1-8). "
               "Correct the flash settings in the clinic configuration.",
               what, value * scale, unit, min * scale, max * scale, unit);
  return FALSE;
}

/**
 * vigil_flash_schedule_validate:
 *
 * Returns: %TRUE if every frequency and duty cycle is within the ranges
 *   IEC 60601-1-8 allows for its priority
 */
gboolean
vigil_flash_schedule_validate (const VigilFlashSchedule  *schedule,
                               GError                   **error)
{
  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_range (schedule->high_frequency_hz,
                      VIGIL_FLASH_HIGH_FREQUENCY_MIN, VIGIL_FLASH_HIGH_FREQUENCY_MAX, 1,
                      "high-priority flash frequency", "Hz", error) &&
         check_range (schedule->high_duty_cycle,
                      VIGIL_FLASH_DUTY_CYCLE_MIN, VIGIL_FLASH_DUTY_CYCLE_MAX, 100,
                      "high-priority flash duty cycle", "%", error) &&
         check_range (schedule->medium_frequency_hz,
                      VIGIL_FLASH_MEDIUM_FREQUENCY_MIN, VIGIL_FLASH_MEDIUM_FREQUENCY_MAX, 1,
                      "medium-priority flash frequency", "Hz", error) &&
         check_range (schedule->medium_duty_cycle,
                      VIGIL_FLASH_DUTY_CYCLE_MIN, VIGIL_FLASH_DUTY_CYCLE_MAX, 100,
                      "medium-priority flash duty cycle", "%", error);
}

/**
 * vigil_flash_priority_flashes:
 *
 * Returns: %TRUE for the priorities that flash (high and medium); low and
 *   none are steady
 */
gboolean
vigil_flash_priority_flashes (VigilAlarmPriority priority)
{
  return priority == VIGIL_ALARM_PRIORITY_HIGH || priority == VIGIL_ALARM_PRIORITY_MEDIUM;
}

/**
 * vigil_flash_schedule_is_on:
 * @schedule: the frequencies and duty cycles
 * @priority: the signal's priority
 * @time_us: the time of the frame being drawn, µs
 * @onset_us: when the signal started, µs, in the same time base as @time_us
 *
 * Each period starts "on" at @onset_us. A time before the onset (a clock
 * mix-up) still flashes at the right rate: a signal that should flash
 * never freezes.
 *
 * Returns: whether the signal is lit at @time_us; always %TRUE for low and
 *   none (steady)
 */
gboolean
vigil_flash_schedule_is_on (const VigilFlashSchedule *schedule,
                            VigilAlarmPriority        priority,
                            gint64                    time_us,
                            gint64                    onset_us)
{
  double frequency;
  double duty;
  gint64 period_us;
  gint64 on_us;
  gint64 phase_us;

  g_return_val_if_fail (schedule != NULL, TRUE);

  switch (priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:
      frequency = schedule->high_frequency_hz;
      duty = schedule->high_duty_cycle;
      break;

    case VIGIL_ALARM_PRIORITY_MEDIUM:
      frequency = schedule->medium_frequency_hz;
      duty = schedule->medium_duty_cycle;
      break;

    case VIGIL_ALARM_PRIORITY_LOW:
    case VIGIL_ALARM_PRIORITY_NONE:
    default:
      return TRUE;
    }

  /* An unusable setting shows the signal steadily rather than hiding it. */
  if (!isfinite (frequency) || frequency <= 0 || !isfinite (duty) || duty <= 0)
    return TRUE;

  period_us = MAX ((gint64) llround (G_USEC_PER_SEC / frequency), 2);
  on_us = CLAMP ((gint64) llround ((double) period_us * duty), 1, period_us);

  /* Floor modulo: the phase of a time before the onset is still in
   * [0, period). */
  phase_us = (time_us - onset_us) % period_us;
  if (phase_us < 0)
    phase_us += period_us;

  return phase_us < on_us;
}

/**
 * vigil_flash_get_schedule:
 *
 * Returns: (transfer none): the schedule every widget flashes by
 */
const VigilFlashSchedule *
vigil_flash_get_schedule (void)
{
  return &current_schedule;
}

/**
 * vigil_flash_set_schedule:
 *
 * Replaces the process-wide schedule (from the clinic configuration); the
 * banner and tiles follow it from their next frame. Call from the main
 * thread.
 *
 * Returns: %FALSE, leaving the schedule unchanged, if @schedule is outside
 *   the IEC ranges
 */
gboolean
vigil_flash_set_schedule (const VigilFlashSchedule  *schedule,
                          GError                   **error)
{
  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!vigil_flash_schedule_validate (schedule, error))
    return FALSE;

  current_schedule = *schedule;
  return TRUE;
}

/**
 * vigil_flash_is_on:
 *
 * vigil_flash_schedule_is_on() with the process-wide schedule (the
 * factory settings unless the clinic changed them).
 */
gboolean
vigil_flash_is_on (VigilAlarmPriority priority,
                   gint64             time_us,
                   gint64             onset_us)
{
  return vigil_flash_schedule_is_on (&current_schedule, priority, time_us, onset_us);
}
