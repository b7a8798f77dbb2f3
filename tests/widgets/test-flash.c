/* test-flash.c — the flash schedule: 2 Hz / 0.5 Hz at 50 %, low steady
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pure function, so no display: 10 s of simulated frame times at 60 fps
 * (and other rates, jittered, misaligned), counting on → off transitions
 * and the fraction of frames lit.
 */

#include <math.h>
#include <string.h>

#include "vigil-flash.h"
#include "vigil-widget-test.h"

#define SECOND_US  G_USEC_PER_SEC
#define TEN_S_US   (10 * G_USEC_PER_SEC)
/* An arbitrary monotonic onset, as the frame clock would give. */
#define ONSET_US   ((gint64) 4321 * G_USEC_PER_SEC + 123457)

typedef struct
{
  const VigilFlashSchedule *schedule;
  VigilAlarmPriority        priority;
  gint64                    onset_us;
} Probe;

static gboolean
schedule_probe (gpointer data,
                gint64   time_us)
{
  Probe *probe = data;

  if (probe->schedule != NULL)
    return vigil_flash_schedule_is_on (probe->schedule, probe->priority, time_us, probe->onset_us);
  return vigil_flash_is_on (probe->priority, time_us, probe->onset_us);
}

static void
measure (const VigilFlashSchedule *schedule,
         VigilAlarmPriority        priority,
         gint64                    start_us,
         double                    fps,
         gint64                    jitter_us,
         VigilFlashMeasure        *out)
{
  Probe probe = { schedule, priority, ONSET_US };

  vigil_flash_measure (schedule_probe, &probe, start_us, TEN_S_US, fps, jitter_us, out);
  g_test_message ("%s, %.0f fps%s, from onset %+.3f s: %u cycles in 10 s, %.3f Hz, duty %.1f %% (%u/%u frames)",
                  vigil_alarm_priority_to_string (priority), fps,
                  jitter_us > 0 ? " jittered" : "",
                  (start_us - ONSET_US) / (double) SECOND_US,
                  out->cycles, out->frequency_hz, 100 * out->duty, out->on_frames, out->frames);
}

static void
test_default_60fps (void)
{
  VigilFlashMeasure m;

  /* IEC high: 2 Hz, 50 % duty. */
  measure (NULL, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US, 60, 0, &m);
  g_assert_cmpuint (m.frames, ==, 600);
  g_assert_cmpuint (m.cycles, ==, 20);
  g_assert_cmpfloat_with_epsilon (m.frequency_hz, 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (m.duty, 0.5, 0.02);

  /* Medium: 0.5 Hz, 50 %. */
  measure (NULL, VIGIL_ALARM_PRIORITY_MEDIUM, ONSET_US, 60, 0, &m);
  g_assert_cmpuint (m.cycles, ==, 5);
  g_assert_cmpfloat_with_epsilon (m.frequency_hz, 0.5, 0.005);
  g_assert_cmpfloat_with_epsilon (m.duty, 0.5, 0.02);

  /* Low and none: steady, never off. */
  measure (NULL, VIGIL_ALARM_PRIORITY_LOW, ONSET_US, 60, 0, &m);
  g_assert_cmpuint (m.cycles, ==, 0);
  g_assert_cmpuint (m.on_frames, ==, m.frames);
  measure (NULL, VIGIL_ALARM_PRIORITY_NONE, ONSET_US, 60, 0, &m);
  g_assert_cmpuint (m.cycles, ==, 0);
  g_assert_cmpuint (m.on_frames, ==, m.frames);
}

/* The rate is the clock's, not the frame rate's: slow, fast, jittered
 * frames and a start in mid-period give the same figures. */
static void
test_frame_rates (void)
{
  const double rates[] = { 24, 50, 59.94, 144 };
  VigilFlashMeasure m;

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      measure (NULL, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US + 300000, rates[i], 4000, &m);
      g_assert_cmpuint (m.cycles, >=, 19);
      g_assert_cmpuint (m.cycles, <=, 21);
      g_assert_cmpfloat_with_epsilon (m.frequency_hz, 2.0, 0.04);
      g_assert_cmpfloat_with_epsilon (m.duty, 0.5, 0.04);

      measure (NULL, VIGIL_ALARM_PRIORITY_MEDIUM, ONSET_US + 1300000, rates[i], 4000, &m);
      g_assert_cmpuint (m.cycles, >=, 4);
      g_assert_cmpuint (m.cycles, <=, 6);
      g_assert_cmpfloat_with_epsilon (m.frequency_hz, 0.5, 0.01);
      g_assert_cmpfloat_with_epsilon (m.duty, 0.5, 0.04);
    }
}

/* Lit at onset, so a new alarm is seen at once; the edges are exact. */
static void
test_phase (void)
{
  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_HIGH, ONSET_US, ONSET_US));
  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_HIGH, ONSET_US + 249999, ONSET_US));
  g_assert_false (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_HIGH, ONSET_US + 250000, ONSET_US));
  g_assert_false (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_HIGH, ONSET_US + 499999, ONSET_US));
  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_HIGH, ONSET_US + 500000, ONSET_US));

  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_MEDIUM, ONSET_US, ONSET_US));
  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_MEDIUM, ONSET_US + 999999, ONSET_US));
  g_assert_false (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_MEDIUM, ONSET_US + SECOND_US, ONSET_US));
  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_MEDIUM, ONSET_US + 2 * SECOND_US, ONSET_US));

  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_LOW, ONSET_US + 250000, ONSET_US));
  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_NONE, ONSET_US + 250000, ONSET_US));
}

/* An onset in another time base (wall clock by mistake) must not freeze a
 * flashing signal: before the onset it still flashes at the right rate. */
static void
test_before_onset (void)
{
  VigilFlashMeasure m;

  measure (NULL, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US - 60 * SECOND_US, 60, 0, &m);
  g_assert_cmpuint (m.cycles, ==, 20);
  g_assert_cmpfloat_with_epsilon (m.duty, 0.5, 0.02);

  g_assert_false (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_HIGH, ONSET_US - 1, ONSET_US));
  g_assert_true (vigil_flash_is_on (VIGIL_ALARM_PRIORITY_HIGH, ONSET_US - 250001, ONSET_US));
}

/* The frequencies are settings: another schedule within the IEC ranges is
 * measured as configured. */
static void
test_custom_schedule (void)
{
  VigilFlashSchedule schedule = { 1.4, 0.3, 0.8, 0.6 };
  VigilFlashMeasure m;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_flash_schedule_validate (&schedule, &error));
  g_assert_no_error (error);

  measure (&schedule, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US, 60, 0, &m);
  g_assert_cmpuint (m.cycles, ==, 14);
  g_assert_cmpfloat_with_epsilon (m.frequency_hz, 1.4, 0.02);
  g_assert_cmpfloat_with_epsilon (m.duty, 0.3, 0.02);

  measure (&schedule, VIGIL_ALARM_PRIORITY_MEDIUM, ONSET_US, 60, 0, &m);
  g_assert_cmpuint (m.cycles, ==, 8);
  g_assert_cmpfloat_with_epsilon (m.frequency_hz, 0.8, 0.01);
  g_assert_cmpfloat_with_epsilon (m.duty, 0.6, 0.02);

  /* The process-wide schedule: vigil_flash_is_on () follows it. */
  g_assert_true (vigil_flash_set_schedule (&schedule, &error));
  g_assert_no_error (error);
  measure (NULL, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US, 60, 0, &m);
  g_assert_cmpuint (m.cycles, ==, 14);

  vigil_flash_schedule_init_default (&schedule);
  g_assert_true (vigil_flash_set_schedule (&schedule, &error));
  measure (NULL, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US, 60, 0, &m);
  g_assert_cmpuint (m.cycles, ==, 20);
}

static void
test_validate (void)
{
  VigilFlashSchedule schedule;
  g_autoptr(GError) error = NULL;

  vigil_flash_schedule_init_default (&schedule);
  g_assert_cmpfloat (schedule.high_frequency_hz, ==, 2.0);
  g_assert_cmpfloat (schedule.medium_frequency_hz, ==, 0.5);
  g_assert_cmpfloat (schedule.high_duty_cycle, ==, 0.5);
  g_assert_cmpfloat (schedule.medium_duty_cycle, ==, 0.5);
  g_assert_true (vigil_flash_schedule_validate (&schedule, NULL));

  /* Outside IEC 60601-1-8: refused, with a message saying what to fix. */
  schedule.high_frequency_hz = 3.0;
  g_assert_false (vigil_flash_schedule_validate (&schedule, &error));
  g_assert_error (error, VIGIL_FLASH_ERROR, VIGIL_FLASH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "high-priority flash frequency 3 Hz"));
  g_assert_nonnull (strstr (error->message, "1.4–2.8 Hz"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Refused by the setter too, and the schedule in use is unchanged. */
  g_assert_false (vigil_flash_set_schedule (&schedule, &error));
  g_assert_error (error, VIGIL_FLASH_ERROR, VIGIL_FLASH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpfloat (vigil_flash_get_schedule ()->high_frequency_hz, ==, 2.0);

  vigil_flash_schedule_init_default (&schedule);
  schedule.medium_duty_cycle = 0.7;
  g_assert_false (vigil_flash_schedule_validate (&schedule, &error));
  g_assert_nonnull (strstr (error->message, "medium-priority flash duty cycle 70 %"));
  g_clear_error (&error);

  vigil_flash_schedule_init_default (&schedule);
  schedule.medium_frequency_hz = NAN;
  g_assert_false (vigil_flash_schedule_validate (&schedule, &error));
  g_clear_error (&error);

  vigil_flash_schedule_init_default (&schedule);
  schedule.medium_frequency_hz = 0.4;
  schedule.high_frequency_hz = 2.8;
  schedule.high_duty_cycle = 0.2;
  g_assert_true (vigil_flash_schedule_validate (&schedule, NULL));

  /* Even an unchecked, unusable schedule shows the signal (steady) rather
   * than hiding it. */
  schedule.high_frequency_hz = 0;
  g_assert_true (vigil_flash_schedule_is_on (&schedule, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US + 300000, ONSET_US));
}

static void
test_flashes (void)
{
  g_assert_true (vigil_flash_priority_flashes (VIGIL_ALARM_PRIORITY_HIGH));
  g_assert_true (vigil_flash_priority_flashes (VIGIL_ALARM_PRIORITY_MEDIUM));
  g_assert_false (vigil_flash_priority_flashes (VIGIL_ALARM_PRIORITY_LOW));
  g_assert_false (vigil_flash_priority_flashes (VIGIL_ALARM_PRIORITY_NONE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/flash/default-60fps", test_default_60fps);
  g_test_add_func ("/vigil/flash/frame-rates", test_frame_rates);
  g_test_add_func ("/vigil/flash/phase", test_phase);
  g_test_add_func ("/vigil/flash/before-onset", test_before_onset);
  g_test_add_func ("/vigil/flash/custom-schedule", test_custom_schedule);
  g_test_add_func ("/vigil/flash/validate", test_validate);
  g_test_add_func ("/vigil/flash/flashes", test_flashes);

  return g_test_run ();
}
