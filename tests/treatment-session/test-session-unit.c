/* test-session-unit.c — the checklist, the baseline gates and crash resume
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A monitor without devices on a manual clock: observations are injected
 * through its "observation" signal, exactly as a device's reach the session.
 */
#include <math.h>
#include <string.h>

#include "test-session-common.h"

/* 2026-11-28 08:00 UTC */
#define T0_US ((gint64) 1795852800 * G_USEC_PER_SEC)

static void
inject (VigilMonitor   *monitor,
        VigilParameter  parameter,
        double          value,
        double          diastolic)
{
  VigilObservation observation;

  vigil_observation_init (&observation, parameter);
  observation.quality = VIGIL_QUALITY_VALID;
  observation.value = value;
  observation.diastolic = diastolic;
  if (parameter == VIGIL_PARAMETER_NIBP)
    observation.mean = diastolic + (value - diastolic) / 3;
  observation.host_wall_us = vigil_clock_get_wall (vigil_monitor_get_clock (monitor));
  g_signal_emit_by_name (monitor, "observation", &observation);
}

/* ---- the checklist alone ---------------------------------------------------- */

static void
test_checklist_items (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0_US);
  g_autoptr(VigilChecklist) checklist = vigil_checklist_new (clock, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *food = NULL, *liquid = NULL;
  VigilChecklistItem item;
  guint n_keys = g_strv_length ((char **) vigil_checklist_get_keys ());
  guint missing;

  /* Every item but the PHQ-9 review (not required while item 9 is 0). */
  g_assert_cmpuint (n_keys, ==, 18);
  g_assert_cmpuint (test_n_missing (checklist), ==, n_keys - 1);
  g_assert_false (vigil_checklist_is_complete (checklist));
  g_assert_true (vigil_checklist_get_item (checklist, "phq9-review", &item));
  g_assert_false (item.required);
  g_assert_false (vigil_checklist_get_item (checklist, "no-such-item", &item));

  /* Refusals. */
  g_assert_false (vigil_checklist_answer (checklist, "no-such-item", "x", WHO_NURSE, &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_UNKNOWN_ITEM);
  g_clear_error (&error);
  g_assert_false (vigil_checklist_answer (checklist, "consent", "signed", "  ", &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_WHO_REQUIRED);
  g_clear_error (&error);
  g_assert_false (vigil_checklist_answer (checklist, "consent", "", WHO_NURSE, &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  {
    const char *bad[][2] = {
      { "weight", "seventy" }, { "weight", "0" }, { "weight", "700" },
      { "phq9", "1,2,3" }, { "phq9", "0,0,0,0,0,0,0,0,4" }, { "phq9", "0,0,0,0,0,0,0,0,x" },
      { "baseline-moaas", "6" }, { "baseline-moaas", "4.5" },
      { "baseline-nibp", "120" }, { "baseline-nibp", "80/120" }, { "baseline-nibp", "400/80" },
      { "baseline-hr", "fast" }, { "baseline-spo2", "101" },
      { "last-food", "yesterday" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (vigil_checklist_answer (checklist, bad[i][0], bad[i][1], WHO_NURSE, &error));
        g_assert_nonnull (error);
        g_clear_error (&error);
      }
  }
  /* A last intake in the future is a typing mistake. */
  food = test_iso_before (clock, -G_TIME_SPAN_HOUR);
  g_assert_false (vigil_checklist_answer (checklist, "last-food", food, WHO_NURSE, &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_clear_pointer (&food, g_free);
  g_assert_cmpuint (test_n_missing (checklist), ==, n_keys - 1);

  /* Fasting is computed against the clock: 1 h 30 min since food is not
   * enough, 30 min later it is; the liquid's 20 min become 30 after 10. */
  food = test_iso_before (clock, 90 * G_TIME_SPAN_MINUTE);
  liquid = test_iso_before (clock, 20 * G_TIME_SPAN_MINUTE);
  test_answer (checklist, "last-food", food);
  test_answer (checklist, "last-liquid", liquid);
  missing = test_n_missing (checklist);
  g_assert_cmpuint (missing, ==, n_keys - 1);
  g_assert_true (test_missing_contains (checklist, "Fasting from food"));
  g_assert_true (vigil_checklist_get_item (checklist, "last-food", &item));
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_NOT_DONE);
  g_assert_cmpstr (item.problem, ==, "Last food 1 h 30 min ago; 2 h 00 min needed");
  vigil_clock_advance (clock, 10 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (test_n_missing (checklist), ==, missing - 1);
  g_assert_false (test_missing_contains (checklist, "Fasting from clear liquids"));
  vigil_clock_advance (clock, 20 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (test_n_missing (checklist), ==, missing - 2);
  g_assert_true (vigil_checklist_get_item (checklist, "last-food", &item));
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_null (item.problem);

  /* PHQ-9 item 9 above 0 makes the review an item of its own. */
  missing = test_n_missing (checklist);
  test_answer (checklist, "phq9", "1,1,2,1,0,1,1,0,1");
  g_assert_cmpuint (test_n_missing (checklist), ==, missing);
  g_assert_true (test_missing_contains (checklist, "PHQ-9 item 9 reviewed by a clinician"));
  test_answer (checklist, "phq9", "1,1,2,1,0,1,1,0,0");
  g_assert_cmpuint (test_n_missing (checklist), ==, missing - 1);
  g_assert_false (test_missing_contains (checklist, "PHQ-9 item 9 reviewed by a clinician"));

  /* Overrides: only of an answer failing its gate, with a reason and a name. */
  g_assert_false (vigil_checklist_override (checklist, "consent", "no time", WHO_PHYSICIAN, &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_NOT_NEEDED);
  g_clear_error (&error);
  g_assert_false (vigil_checklist_override (checklist, "last-food", "fasting is met", WHO_PHYSICIAN, &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_NOT_NEEDED);
  g_clear_error (&error);
  test_answer (checklist, "baseline-moaas", "4");
  g_assert_true (test_missing_contains (checklist, "Baseline MOAA/S 5"));
  g_assert_false (vigil_checklist_override (checklist, "baseline-moaas", " ", WHO_PHYSICIAN, &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_false (vigil_checklist_override (checklist, "baseline-moaas", "sleepy", NULL, &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_WHO_REQUIRED);
  g_clear_error (&error);
  g_assert_true (vigil_checklist_override (checklist, "baseline-moaas",
                                           "Tired after a night shift; rousable, oriented",
                                           WHO_PHYSICIAN, &error));
  g_assert_no_error (error);
  g_assert_false (test_missing_contains (checklist, "Baseline MOAA/S 5"));
  g_assert_true (vigil_checklist_get_item (checklist, "baseline-moaas", &item));
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_OVERRIDDEN);
  g_assert_cmpstr (item.override_who, ==, WHO_PHYSICIAN);
  /* A new answer replaces the override. */
  test_answer (checklist, "baseline-moaas", "3");
  g_assert_true (test_missing_contains (checklist, "Baseline MOAA/S 5"));
  test_answer (checklist, "baseline-moaas", "5");
  g_assert_true (vigil_checklist_get_item (checklist, "baseline-moaas", &item));
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_null (item.override_reason);
}

/* ---- a session without a demo ------------------------------------------------ */

typedef struct
{
  TestDatabase   db;
  VigilClock    *clock;
  VigilMonitor  *monitor;
  VigilStore    *store;
  gint64         patient_id;
} Fixture;

static void
fixture_set_up (Fixture *f)
{
  test_database_init (&f->db);
  f->clock = vigil_clock_new_manual (T0_US);
  f->monitor = vigil_monitor_new (f->clock);
  f->store = test_open_store (&f->db);
  f->patient_id = test_create_patient (f->store);
}

/* Drops every object, as a crash would (the file stays). */
static void
fixture_drop (Fixture *f)
{
  g_assert_finalize_object (f->store);
  vigil_monitor_stop (f->monitor);
  g_assert_finalize_object (f->monitor);
  g_assert_finalize_object (f->clock);
  f->store = NULL;
  f->monitor = NULL;
  f->clock = NULL;
}

static void
fixture_tear_down (Fixture *f)
{
  if (f->store != NULL)
    fixture_drop (f);
  test_database_clear (&f->db);
}

static void
fill_checklist (Fixture               *f,
                VigilTreatmentSession *session)
{
  VigilChecklist *checklist = vigil_treatment_session_get_checklist (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *food = test_iso_before (f->clock, 3 * G_TIME_SPAN_HOUR);
  g_autofree char *liquid = test_iso_before (f->clock, G_TIME_SPAN_HOUR);
  VigilDoseInput input;
  const int phq9[VIGIL_PHQ9_N_ITEMS] = { 2, 2, 1, 2, 1, 2, 1, 1, 0 };

  test_dose_input (&input);
  g_assert_true (vigil_treatment_session_set_dose (session, &input, WHO_PHYSICIAN, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_treatment_session_record_phq9 (session, phq9, WHO_NURSE, NULL, &error));
  g_assert_no_error (error);
  test_answer (checklist, "identity", "name and date of birth");
  test_answer (checklist, "consent", "signed");
  test_answer (checklist, "escort-name", "Charles Babbage");
  test_answer (checklist, "escort-phone", "+44 20 7946 0000");
  test_answer (checklist, "transport", "driven home by the escort");
  test_answer (checklist, "medications", "none of the listed");
  test_answer (checklist, "last-food", food);
  test_answer (checklist, "last-liquid", liquid);
  test_answer (checklist, "baseline-moaas", "5");
  test_answer (checklist, "baseline-hr", "72");
  test_answer (checklist, "baseline-spo2", "98");
  test_answer (checklist, "sound-self-test", "passed");
  test_answer (checklist, "devices-connected", "yes");
  inject (f->monitor, VIGIL_PARAMETER_NIBP, 122, 76);
  vigil_clock_advance (f->clock, 2 * G_TIME_SPAN_MINUTE);
  inject (f->monitor, VIGIL_PARAMETER_NIBP, 126, 80);
  g_assert_true (vigil_checklist_is_complete (checklist));
}

/* Baseline BP above the review limit: the two readings' mean is the
 * baseline (and A11's), the item needs a prescriber's override. */
static void
test_baseline_gate (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilTreatmentSession) session = NULL;
  g_autoptr(GError) error = NULL;
  VigilAlarmEvaluator *evaluator;
  VigilChecklist *checklist;
  VigilChecklistItem item;
  double sys, dia;

  fixture_set_up (&f);
  session = vigil_treatment_session_new (f.store, f.monitor, NULL, f.patient_id, 1, 6, FALSE, 0, &error);
  g_assert_no_error (error);
  checklist = vigil_treatment_session_get_checklist (session);
  evaluator = vigil_alarm_engine_get_evaluator (vigil_monitor_get_alarms (f.monitor));

  /* Two readings less than 2 min apart make no baseline. */
  inject (f.monitor, VIGIL_PARAMETER_NIBP, 148, 92);
  vigil_clock_advance (f.clock, 119 * G_USEC_PER_SEC);
  inject (f.monitor, VIGIL_PARAMETER_NIBP, 150, 94);
  g_assert_false (vigil_treatment_session_get_baseline_nibp (session, NULL, NULL));
  g_assert_true (test_missing_contains (checklist, "Baseline blood pressure (two readings 2 min apart)"));

  /* A third, 2 min after the first: mean of the first and the third. */
  vigil_clock_advance (f.clock, G_USEC_PER_SEC);
  inject (f.monitor, VIGIL_PARAMETER_NIBP, 152, 96);
  g_assert_true (vigil_treatment_session_get_baseline_nibp (session, &sys, &dia));
  g_assert_cmpfloat (sys, ==, 150);
  g_assert_cmpfloat (dia, ==, 94);
  g_assert_true (vigil_alarm_evaluator_get_nibp_baseline (evaluator, &sys, &dia));
  g_assert_cmpfloat (sys, ==, 150);
  g_assert_cmpfloat (dia, ==, 94);

  g_assert_true (vigil_checklist_get_item (checklist, "baseline-nibp", &item));
  g_assert_cmpstr (item.value, ==, "150.0/94.0");
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_NOT_DONE);
  g_assert_cmpstr (item.problem, ==,
                   "Blood pressure 150/94 is above 140/90: prescriber review with a reason needed");
  g_assert_true (test_missing_contains (checklist, "Baseline blood pressure (two readings 2 min apart)"));

  /* HR and SpO2 gates, entered by hand. */
  test_answer (checklist, "baseline-hr", "45");
  test_answer (checklist, "baseline-spo2", "93");
  g_assert_true (test_missing_contains (checklist, "Baseline heart rate"));
  g_assert_true (test_missing_contains (checklist, "Baseline SpO₂ on room air"));
  test_answer (checklist, "baseline-hr", "50");
  test_answer (checklist, "baseline-spo2", "94");
  g_assert_false (test_missing_contains (checklist, "Baseline heart rate"));
  g_assert_false (test_missing_contains (checklist, "Baseline SpO₂ on room air"));

  g_assert_false (vigil_checklist_override (checklist, "baseline-nibp", NULL, WHO_PHYSICIAN, &error));
  g_assert_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_true (vigil_checklist_override (checklist, "baseline-nibp",
                                           "White-coat hypertension, usual 145/92 at home",
                                           WHO_PHYSICIAN, &error));
  g_assert_no_error (error);
  g_assert_false (test_missing_contains (checklist, "Baseline blood pressure (two readings 2 min apart)"));

  /* The override is persisted as its own answer. */
  g_assert_cmpint (test_query_int (f.db.path, "SELECT count(*) FROM checklist_answers "
                                   "WHERE item_key = 'baseline-nibp.override' "
                                   "AND who = 'Dr. Lena Brandt'"), ==, 1);

  /* Cancelling needs a reason. */
  g_assert_false (vigil_treatment_session_cancel (session, WHO_NURSE, NULL, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_true (vigil_treatment_session_cancel (session, WHO_NURSE, "Patient declined today", &error));
  g_assert_no_error (error);

  g_clear_object (&session);
  fixture_tear_down (&f);
}

/* Start is refused, naming what is missing; a clinician can override. */
static void
test_start_override (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilTreatmentSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  const VigilTreatmentStep *step;

  fixture_set_up (&f);
  session = vigil_treatment_session_new (f.store, f.monitor, NULL, f.patient_id, 1, 6, FALSE, 0, &error);
  g_assert_no_error (error);
  test_answer (vigil_treatment_session_get_checklist (session), "consent", "signed");

  g_assert_false (vigil_treatment_session_start_infusion (session, WHO_NURSE, &error));
  g_assert_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_CHECKLIST);
  g_assert_nonnull (strstr (error->message, "Identity confirmed"));
  g_assert_null (strstr (error->message, "Consent"));
  g_clear_error (&error);
  g_assert_false (vigil_treatment_session_start_infusion_override (session, WHO_PHYSICIAN, "", &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_true (vigil_treatment_session_start_infusion_override (session, WHO_PHYSICIAN,
                                                                  "Checklist on paper (tablet broken)",
                                                                  &error));
  g_assert_no_error (error);

  steps = vigil_store_list_treatment_steps (f.store, vigil_treatment_session_get_id (session), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 1);
  step = g_ptr_array_index (steps, 0);
  g_assert_cmpint (step->kind, ==, VIGIL_TREATMENT_STEP_START_INFUSION);
  g_assert_true (step->override);
  g_assert_cmpstr (step->reason, ==, "Checklist on paper (tablet broken)");
  g_assert_cmpstr (step->who, ==, WHO_PHYSICIAN);

  g_clear_object (&session);
  fixture_tear_down (&f);
}

/* After a crash the open treatment comes back from the file: the same
 * phase and remaining time, to the microsecond, at a later clock time. */
static void
test_resume (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  VigilTreatmentSession *session;
  VigilTreatment *treatment;
  gint64 id, remaining, paused_total, pause_elapsed, crash_wall;
  double sys, dia;

  fixture_set_up (&f);

  /* Nothing open: NULL without an error. */
  session = vigil_treatment_session_resume (f.store, f.monitor, &error);
  g_assert_no_error (error);
  g_assert_null (session);

  session = vigil_treatment_session_new (f.store, f.monitor, NULL, f.patient_id, 2, 6, FALSE, 0, &error);
  g_assert_no_error (error);
  id = vigil_treatment_session_get_id (session);
  fill_checklist (&f, session);
  g_assert_true (vigil_treatment_session_start_infusion (session, WHO_NURSE, &error));
  g_assert_no_error (error);
  vigil_clock_advance (f.clock, 10 * G_TIME_SPAN_MINUTE + 7 * G_USEC_PER_SEC);
  g_assert_true (vigil_treatment_session_record_moaas (session, 4, WHO_NURSE, &error));
  g_assert_no_error (error);
  vigil_clock_advance (f.clock, 3 * G_TIME_SPAN_MINUTE + 333);
  g_assert_true (vigil_treatment_session_pause (session, WHO_NURSE, "Nausea", &error));
  g_assert_no_error (error);
  vigil_clock_advance (f.clock, 90 * G_USEC_PER_SEC);

  treatment = vigil_treatment_session_get_treatment (session);
  remaining = vigil_treatment_get_infusion_remaining (treatment);
  paused_total = vigil_treatment_get_paused_total (treatment);
  pause_elapsed = vigil_treatment_get_current_pause_elapsed (treatment);
  g_assert_cmpint (remaining, ==, 40 * G_TIME_SPAN_MINUTE - (13 * G_TIME_SPAN_MINUTE + 7 * G_USEC_PER_SEC + 333));
  g_assert_cmpint (pause_elapsed, ==, 90 * G_USEC_PER_SEC);
  crash_wall = vigil_clock_get_wall (f.clock);

  /* The crash: every object goes, only the file stays. */
  g_assert_finalize_object (session);
  fixture_drop (&f);

  /* The restart, 4 min 12 s later. */
  f.clock = vigil_clock_new_manual (crash_wall + 252 * G_USEC_PER_SEC);
  f.monitor = vigil_monitor_new (f.clock);
  f.store = test_open_store (&f.db);
  session = vigil_treatment_session_resume (f.store, f.monitor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpint (vigil_treatment_session_get_id (session), ==, id);
  g_assert_cmpint (vigil_treatment_session_get_patient_id (session), ==, f.patient_id);
  treatment = vigil_treatment_session_get_treatment (session);
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_INFUSION_PAUSED);
  g_assert_cmpint (vigil_treatment_get_infusion_remaining (treatment), ==, remaining);
  g_assert_cmpint (vigil_treatment_get_paused_total (treatment), ==, paused_total + 252 * G_USEC_PER_SEC);
  g_assert_cmpint (vigil_treatment_get_current_pause_elapsed (treatment), ==, pause_elapsed + 252 * G_USEC_PER_SEC);
  g_assert_true (vigil_checklist_is_complete (vigil_treatment_session_get_checklist (session)));
  g_assert_true (vigil_treatment_session_get_baseline_nibp (session, &sys, &dia));
  g_assert_cmpfloat (sys, ==, 124);
  g_assert_cmpfloat (dia, ==, 78);
  g_assert_true (vigil_alarm_evaluator_get_nibp_baseline (
                   vigil_alarm_engine_get_evaluator (vigil_monitor_get_alarms (f.monitor)), &sys, &dia));
  g_assert_cmpfloat (sys, ==, 124);
  g_assert_true (vigil_treatment_session_get_dose (session, NULL));
  /* It goes on from there, and a second crash while running resumes too. */
  g_assert_true (vigil_treatment_session_resume_infusion (session, WHO_NURSE, &error));
  g_assert_no_error (error);
  /* The MOAA/S at 10:07 still counts for the 10:00 check: the next one is
   * due at 20:00 of infusion time, after 90 + 252 s of pause. */
  g_assert_cmpint (vigil_treatment_get_next_moaas_due (treatment), ==,
                   vigil_treatment_get_infusion_started_at (treatment) + 20 * G_TIME_SPAN_MINUTE
                   + 342 * G_USEC_PER_SEC);
  vigil_clock_advance (f.clock, 5 * G_TIME_SPAN_MINUTE);
  remaining = vigil_treatment_get_infusion_remaining (treatment);
  g_assert_cmpint (remaining, ==, 40 * G_TIME_SPAN_MINUTE - (18 * G_TIME_SPAN_MINUTE + 7 * G_USEC_PER_SEC + 333));
  crash_wall = vigil_clock_get_wall (f.clock);
  g_assert_finalize_object (session);
  fixture_drop (&f);

  f.clock = vigil_clock_new_manual (crash_wall + 30 * G_USEC_PER_SEC);
  f.monitor = vigil_monitor_new (f.clock);
  f.store = test_open_store (&f.db);
  session = vigil_treatment_session_resume (f.store, f.monitor, &error);
  g_assert_no_error (error);
  treatment = vigil_treatment_session_get_treatment (session);
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_INFUSION);
  g_assert_cmpint (vigil_treatment_get_infusion_remaining (treatment), ==, remaining - 30 * G_USEC_PER_SEC);
  g_assert_true (vigil_checklist_is_complete (vigil_treatment_session_get_checklist (session)));

  /* A finished treatment is not resumed. */
  g_assert_true (vigil_treatment_session_abort (session, WHO_PHYSICIAN, "Patient asked to stop", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (session);
  session = vigil_treatment_session_resume (f.store, f.monitor, &error);
  g_assert_no_error (error);
  g_assert_null (session);

  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/checklist/items", test_checklist_items);
  g_test_add_func ("/vigil/treatment-session/baseline-gate", test_baseline_gate);
  g_test_add_func ("/vigil/treatment-session/start-override", test_start_override);
  g_test_add_func ("/vigil/treatment-session/resume", test_resume);

  return g_test_run ();
}
