/* test-session-walk.c — a whole treatment on a demo bedside, end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "normal" scenario runs through a real pty on a manual clock; the
 * session takes its baseline from the monitor's NIBP readings, and every
 * record lands in a real SQLite file, read back with SQLite from outside.
 */
#include <string.h>

#include "test-session-common.h"
#include "vigil-monitor-test.h"

typedef struct
{
  guint n_events;
  char *last_label;
} EventCounter;

static void
on_event (VigilTreatmentSession *session,
          int                    kind,
          gint64                 wall_us,
          const char            *label,
          EventCounter          *counter)
{
  counter->n_events++;
  g_free (counter->last_label);
  counter->last_label = g_strdup (label);
}

/* Answers @key and checks that the missing list shrank by exactly one and
 * that Start, still refused, names what is left. */
static void
answer_step (VigilTreatmentSession *session,
             const char            *key,
             const char            *value)
{
  VigilChecklist *checklist = vigil_treatment_session_get_checklist (session);
  g_autoptr(GError) error = NULL;
  VigilChecklistItem item;
  guint before = test_n_missing (checklist);

  g_assert_true (vigil_checklist_get_item (checklist, key, &item));
  g_assert_true (test_missing_contains (checklist, item.title));
  test_answer (checklist, key, value);
  g_assert_cmpuint (test_n_missing (checklist), ==, before - 1);
  g_assert_false (test_missing_contains (checklist, item.title));

  if (before - 1 > 0)
    {
      g_auto(GStrv) missing = vigil_checklist_list_missing (checklist);

      g_assert_false (vigil_treatment_session_start_infusion (session, WHO_NURSE, &error));
      g_assert_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_CHECKLIST);
      for (guint i = 0; missing[i] != NULL; i++)
        g_assert_nonnull (strstr (error->message, missing[i]));
      g_assert_null (strstr (error->message, item.title));
    }
}

static gboolean
has_reason (const VigilDischargeCheck *check,
            const char                *text)
{
  for (guint i = 0; check->reasons[i] != NULL; i++)
    if (strstr (check->reasons[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_walk (void)
{
  VigilMonitorTest mt;
  TestDatabase db;
  EventCounter counter = { 0 };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilTreatmentSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *food = NULL, *liquid = NULL, *expected_kinds = NULL, *kinds = NULL;
  VigilChecklist *checklist;
  VigilTreatment *treatment;
  VigilTrendSet *trends;
  VigilTrendStore *sys_store, *dia_store;
  VigilChecklistItem item;
  VigilDischargeCheck check = { 0 };
  VigilDischargeScore dscore;
  VigilDoseInput input;
  VigilDoseResult dose;
  gint64 id, patient_id, t, t_sys, t_dia;
  double sys0, sys1, dia0, dia1, base_sys, base_dia, a11_sys, a11_dia;
  const int phq9[VIGIL_PHQ9_N_ITEMS] = { 2, 2, 2, 1, 1, 2, 1, 1, 0 };
  const int cadss[VIGIL_CADSS6_N_ITEMS] = { 1, 1, 0, 2, 0, 1 };
  const int aldrete_zero[VIGIL_N_ALDRETE_ITEMS] = { 2, 2, 0, 2, 2 };
  const int aldrete_pass[VIGIL_N_ALDRETE_ITEMS] = { 2, 2, 2, 2, 1 };

  test_database_init (&db);
  vigil_monitor_test_set_up (&mt, "normal", 7);
  store = test_open_store (&db);
  patient_id = test_create_patient (store);

  session = vigil_treatment_session_new (store, mt.monitor, NULL, patient_id, 1, 6, FALSE, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (session, "event", G_CALLBACK (on_event), &counter);
  id = vigil_treatment_session_get_id (session);
  checklist = vigil_treatment_session_get_checklist (session);
  treatment = vigil_treatment_session_get_treatment (session);
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_BEFORE);
  g_assert_cmpint (test_query_int (db.path, "SELECT simulated FROM treatments"), ==, 1);

  /* Nothing answered: every required item is missing. */
  g_assert_cmpuint (test_n_missing (checklist), ==, 17);
  g_assert_false (vigil_treatment_session_start_infusion (session, WHO_NURSE, &error));
  g_assert_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_CHECKLIST);
  g_assert_nonnull (strstr (error->message, "Consent"));
  g_clear_error (&error);

  /* Baseline: the demo's readings at 0:00 and 5:00 (300 s apart). */
  vigil_monitor_test_run (&mt, 302);
  trends = vigil_monitor_get_trends (mt.monitor);
  sys_store = vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_NIBP_SYSTOLIC);
  dia_store = vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_NIBP_DIASTOLIC);
  g_assert_cmpuint (vigil_trend_store_get_length (sys_store), ==, 2);
  g_assert_true (vigil_trend_store_get_sample (sys_store, 0, &t_sys, &sys0));
  g_assert_true (vigil_trend_store_get_sample (sys_store, 1, &t, &sys1));
  g_assert_cmpint (t - t_sys, >=, 2 * G_TIME_SPAN_MINUTE);
  g_assert_true (vigil_trend_store_get_sample (dia_store, 0, &t_dia, &dia0));
  g_assert_true (vigil_trend_store_get_sample (dia_store, 1, &t_dia, &dia1));
  g_assert_true (vigil_treatment_session_get_baseline_nibp (session, &base_sys, &base_dia));
  g_assert_cmpfloat (base_sys, ==, (sys0 + sys1) / 2);
  g_assert_cmpfloat (base_dia, ==, (dia0 + dia1) / 2);
  g_assert_true (vigil_alarm_evaluator_get_nibp_baseline (
                   vigil_alarm_engine_get_evaluator (vigil_monitor_get_alarms (mt.monitor)),
                   &a11_sys, &a11_dia));
  g_assert_cmpfloat (a11_sys, ==, base_sys);
  g_assert_cmpfloat (a11_dia, ==, base_dia);
  g_assert_true (vigil_checklist_get_item (checklist, "baseline-nibp", &item));
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_true (vigil_checklist_get_item (checklist, "baseline-hr", &item));
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_DONE);
  /* … the HR of the second NIBP reading's second. */
  {
    VigilTrendStore *hr_store = vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_HR);
    gboolean found = FALSE;

    for (guint i = 0; i < vigil_trend_store_get_length (hr_store); i++)
      {
        gint64 t_hr;
        double hr;

        g_assert_true (vigil_trend_store_get_sample (hr_store, i, &t_hr, &hr));
        if (t_hr == t)
          {
            g_assert_cmpfloat (g_ascii_strtod (item.value, NULL), ==, hr);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  g_assert_true (vigil_checklist_get_item (checklist, "baseline-spo2", &item));
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_cmpuint (test_n_missing (checklist), ==, 14);

  /* Item by item. */
  food = test_iso_before (mt.clock, 3 * G_TIME_SPAN_HOUR);
  liquid = test_iso_before (mt.clock, 45 * G_TIME_SPAN_MINUTE);
  answer_step (session, "identity", "wristband and date of birth");
  answer_step (session, "consent", "signed 2026-11-28");
  answer_step (session, "escort-name", "Charles Babbage");
  answer_step (session, "escort-phone", "+44 20 7946 0000");
  answer_step (session, "transport", "driven home; no driving until tomorrow");
  answer_step (session, "medications", "sertraline; none of the listed classes");
  answer_step (session, "last-food", food);
  answer_step (session, "last-liquid", liquid);
  /* The baseline MOAA/S is a score too: recorded, it answers its item. */
  g_assert_true (vigil_treatment_session_record_moaas (session, 5, WHO_NURSE, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_checklist_get_item (checklist, "baseline-moaas", &item));
  g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_DONE);
  answer_step (session, "sound-self-test", "passed");
  answer_step (session, "devices-connected", "yes");
  g_assert_cmpuint (test_n_missing (checklist), ==, 3);

  g_assert_true (vigil_treatment_session_record_phq9 (session, phq9, WHO_NURSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (test_n_missing (checklist), ==, 2);

  /* A bad dose is refused and answers nothing; the good one both items. */
  test_dose_input (&input);
  input.weight = 0;
  g_assert_false (vigil_treatment_session_set_dose (session, &input, WHO_PHYSICIAN, &error));
  g_assert_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE);
  g_clear_error (&error);
  test_dose_input (&input);
  g_assert_false (vigil_treatment_session_set_dose (session, &input, "", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (test_n_missing (checklist), ==, 2);
  g_assert_true (vigil_treatment_session_set_dose (session, &input, WHO_PHYSICIAN, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_checklist_is_complete (checklist));
  g_assert_true (vigil_checklist_get_item (checklist, "dose-confirmed", &item));
  g_assert_cmpstr (item.who, ==, WHO_PHYSICIAN);
  g_assert_true (vigil_treatment_session_get_dose (session, &dose));

  /* The infusion. */
  g_assert_true (vigil_treatment_session_start_infusion (session, WHO_NURSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_INFUSION);
  g_assert_false (vigil_treatment_session_set_dose (session, &input, WHO_PHYSICIAN, &error));
  g_assert_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  vigil_monitor_test_run (&mt, 600);
  /* The demo's 10:00 reading counted for the NIBP schedule. */
  g_assert_cmpint (vigil_treatment_get_nibp_state (treatment), ==, VIGIL_TREATMENT_DUE_NOT_DUE);

  g_assert_false (vigil_treatment_session_pause (session, WHO_NURSE, NULL, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_true (vigil_treatment_session_pause (session, WHO_NURSE, "Blood pressure", &error));
  g_assert_no_error (error);
  vigil_monitor_test_run (&mt, 120);
  g_assert_cmpint (vigil_treatment_get_infusion_elapsed (treatment), ==, 600 * G_USEC_PER_SEC);
  g_assert_true (vigil_treatment_session_resume_infusion (session, WHO_NURSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_treatment_get_paused_total (treatment), ==, 120 * G_USEC_PER_SEC);

  g_assert_true (vigil_treatment_session_add_event (session, VIGIL_STORE_EVENT_NAUSEA,
                                                    NULL, NULL, NULL, WHO_NURSE, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_treatment_session_add_event (session, VIGIL_STORE_EVENT_DRUG,
                                                     "ondansetron", NULL, NULL, WHO_NURSE, &error));
  g_assert_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (vigil_treatment_session_add_event (session, VIGIL_STORE_EVENT_DRUG,
                                                    "ondansetron", "4 mg", NULL, WHO_PHYSICIAN, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counter.n_events, ==, 2);
  g_assert_cmpstr (counter.last_label, ==, "ondansetron 4 mg");

  g_assert_false (vigil_treatment_session_record_moaas (session, 6, WHO_NURSE, &error));
  g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
  g_clear_error (&error);
  g_assert_true (vigil_treatment_session_record_moaas (session, 4, WHO_NURSE, &error));
  g_assert_no_error (error);

  g_assert_false (vigil_treatment_session_end_infusion (session, WHO_NURSE, NULL, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  g_clear_error (&error);

  /* To the end of the 40 minutes. */
  vigil_monitor_test_run (&mt, (guint) (vigil_treatment_get_infusion_remaining (treatment) / G_USEC_PER_SEC));
  g_assert_cmpint (vigil_treatment_get_infusion_remaining (treatment), ==, 0);
  g_assert_true (vigil_treatment_session_record_cadss6 (session, cadss, WHO_NURSE, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_treatment_session_end_infusion (session, WHO_NURSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_RECOVERY);

  /* Recovery: too early, no score, no escort. */
  vigil_monitor_test_run (&mt, 60);
  g_assert_false (vigil_treatment_session_check_discharge (session, &check));
  g_assert_true (check.failed & VIGIL_DISCHARGE_CRITERION_MIN_TIME);
  g_assert_true (check.failed & VIGIL_DISCHARGE_CRITERION_SCORE);
  g_assert_true (check.failed & VIGIL_DISCHARGE_CRITERION_ESCORT);
  g_assert_true (has_reason (&check, "minimum recovery time has not passed: 29 minutes left"));
  g_assert_true (has_reason (&check, "No discharge score"));
  g_assert_cmpuint (g_strv_length (check.reasons), >=, 3);
  vigil_discharge_check_clear (&check);
  g_assert_false (vigil_treatment_session_ready (session, WHO_NURSE, &error));
  g_assert_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_CRITERIA);
  g_clear_error (&error);
  g_assert_false (vigil_treatment_session_discharge (session, WHO_NURSE, NULL, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_TOO_EARLY);
  g_clear_error (&error);

  g_assert_true (vigil_treatment_session_record_discharge_score (session, VIGIL_STORE_SCALE_ALDRETE,
                                                                 aldrete_zero, WHO_NURSE, &dscore, &error));
  g_assert_no_error (error);
  g_assert_false (dscore.pass);
  vigil_treatment_session_confirm_escort_present (session, WHO_NURSE);

  /* The minimum passes; the score with an item at 0 still fails. */
  vigil_monitor_test_run (&mt, 29 * 60);
  g_assert_false (vigil_treatment_session_check_discharge (session, &check));
  g_assert_cmpuint (check.failed, ==, VIGIL_DISCHARGE_CRITERION_SCORE);
  g_assert_cmpuint (g_strv_length (check.reasons), ==, 1);
  g_assert_cmpstr (check.reasons[0], ==, "The latest Aldrete score (8) does not pass");
  vigil_discharge_check_clear (&check);
  g_assert_false (vigil_treatment_session_ready (session, WHO_NURSE, &error));
  g_assert_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_CRITERIA);
  g_assert_nonnull (strstr (error->message, "Aldrete"));
  g_clear_error (&error);

  g_assert_true (vigil_treatment_session_record_discharge_score (session, VIGIL_STORE_SCALE_ALDRETE,
                                                                 aldrete_pass, WHO_NURSE, &dscore, &error));
  g_assert_no_error (error);
  g_assert_true (dscore.pass);
  g_assert_true (vigil_treatment_session_check_discharge (session, &check));
  g_assert_cmpuint (check.met, ==, VIGIL_DISCHARGE_CRITERIA_ALL);
  g_assert_cmpuint (g_strv_length (check.reasons), ==, 0);
  vigil_discharge_check_clear (&check);

  g_assert_true (vigil_treatment_session_ready (session, WHO_NURSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE);
  g_assert_true (vigil_treatment_session_discharge (session, WHO_NURSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_DISCHARGED);

  /* The database, from outside. */
  expected_kinds = g_strjoin (",",
                              vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_START_INFUSION),
                              vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_PAUSE),
                              vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_RESUME),
                              vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_END_INFUSION),
                              vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_READY),
                              vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_DISCHARGE),
                              NULL);
  kinds = test_query_text (db.path, "SELECT group_concat(kind, ',') FROM "
                           "(SELECT kind FROM treatment_steps ORDER BY seq)");
  g_assert_cmpstr (kinds, ==, expected_kinds);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM treatment_steps WHERE seq = 2 "
                                   "AND reason = 'Blood pressure' AND who = 'Nurse Ngozi Okafor'"), ==, 1);
  /* Resume − pause = 120 s, end − start = 40 min + 2 min of pause. */
  g_assert_cmpint (test_query_int (db.path, "SELECT (SELECT wall_us FROM treatment_steps WHERE seq = 3) "
                                   "- (SELECT wall_us FROM treatment_steps WHERE seq = 2)"), ==,
                   120 * G_USEC_PER_SEC);
  g_assert_cmpint (test_query_int (db.path, "SELECT (SELECT wall_us FROM treatment_steps WHERE seq = 4) "
                                   "- (SELECT wall_us FROM treatment_steps WHERE seq = 1)"), ==,
                   42 * G_TIME_SPAN_MINUTE);
  /* 3 from the monitor, 11 by hand, phq9, weight, dose-confirmed, escort-present. */
  g_assert_cmpint (test_query_int (db.path, "SELECT count(DISTINCT item_key) FROM checklist_answers"), ==, 18);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM checklist_answers "
                                   "WHERE item_key = 'escort-present'"), ==, 1);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM checklist_answers "
                                   "WHERE item_key = 'baseline-nibp' AND who = 'Vigil monitor'"), ==, 1);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM dose_inputs WHERE weight_kg = 72.5 "
                                   "AND dose_mg_per_kg = 0.5 AND concentration_mg_per_ml = 1 "
                                   "AND duration_min = 40 AND confirmed_by = 'Dr. Lena Brandt'"), ==, 1);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM dose_inputs"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM dose_inputs WHERE dose_mg = %g "
                                            "AND volume_ml = %g AND rate_ml_per_h = %g",
                                            dose.dose_mg, dose.volume_ml, dose.rate_ml_per_h);

    g_assert_cmpint (test_query_int (db.path, sql), ==, 1);
  }
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM treatment_events"), ==, 2);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM treatment_events WHERE kind = 'drug' "
                                   "AND drug_name = 'ondansetron' AND drug_dose = '4 mg'"), ==, 1);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM treatment_scores"), ==, 6);
  g_assert_cmpint (test_query_int (db.path, "SELECT total FROM treatment_scores WHERE scale = 'phq9'"), ==, 12);
  {
    g_autofree char *moaas = test_query_text (db.path, "SELECT group_concat(total, ',') FROM "
                                              "(SELECT total FROM treatment_scores "
                                              "WHERE scale = 'moaas' ORDER BY id)");

    g_assert_cmpstr (moaas, ==, "5,4");
  }
  g_assert_cmpint (test_query_int (db.path, "SELECT total FROM treatment_scores WHERE scale = 'cadss6'"), ==, 5);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM treatment_scores WHERE scale = 'aldrete'"), ==, 2);
  g_assert_cmpint (test_query_int (db.path, "SELECT count(*) FROM treatment_scores WHERE treatment_id <> 0 "
                                   "AND treatment_id = (SELECT max(id) FROM treatments)"), ==, 6);
  g_assert_true (vigil_store_is_healthy (store));
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 1);

  g_signal_handlers_disconnect_by_data (session, &counter);
  g_free (counter.last_label);
  g_clear_object (&session);
  g_clear_object (&store);
  vigil_monitor_test_tear_down (&mt);
  test_database_clear (&db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/treatment-session/walk", test_walk);

  return g_test_run ();
}
