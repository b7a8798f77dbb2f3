/* report-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "report-fixture.h"

#include <math.h>
#include <string.h>

#define MIN_US ((gint64) 60 * G_USEC_PER_SEC)
#define S_US   ((gint64) G_USEC_PER_SEC)

gint64
report_fixture_start_us (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (2024, 5, 6, 9, 0, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
add_vital (VigilStore     *store,
           gint64          session_id,
           VigilParameter  parameter,
           gint64          wall_us,
           double          value,
           double          diastolic,
           double          mean)
{
  VigilObservation obs;

  vigil_observation_init (&obs, parameter);
  obs.unit = vigil_parameter_get_unit (parameter);
  obs.quality = VIGIL_QUALITY_VALID;
  obs.value = value;
  obs.diastolic = diastolic;
  obs.mean = mean;
  obs.host_wall_us = wall_us;
  g_assert_true (vigil_store_append_vital (store, session_id, &obs, NULL));
}

static void
add_alarm (VigilStore         *store,
           gint64              session_id,
           VigilAlarmLogKind   kind,
           VigilAlarmId        id,
           VigilAlarmPriority  priority,
           gint64              wall_us,
           double              value,
           double              limit,
           const char         *message,
           const char         *who)
{
  g_autoptr(VigilAlarmLogEntry) entry = vigil_alarm_log_entry_new (kind, id);
  g_autoptr(GError) error = NULL;

  entry->wall_us = wall_us;
  entry->priority = priority;
  entry->value = value;
  entry->limit = limit;
  entry->message = g_strdup (message);
  entry->who = g_strdup (who);
  vigil_store_append_alarm (store, session_id, entry, &error);
  g_assert_no_error (error);
}

static void
add_step (VigilStore             *store,
          gint64                  treatment_id,
          VigilTreatmentStepKind  kind,
          gint64                  wall_us,
          const char             *who,
          const char             *reason)
{
  g_autoptr(VigilTreatmentStep) step = vigil_treatment_step_new (kind, wall_us, who, reason);
  g_autoptr(GError) error = NULL;

  vigil_store_append_treatment_step (store, treatment_id, step, &error);
  g_assert_no_error (error);
}

static void
add_score (VigilStore      *store,
           gint64           treatment_id,
           VigilStoreScale  scale,
           gint64           wall_us,
           const char      *items,
           int              total,
           const char      *who)
{
  VigilStoreScore score = { 0 };
  g_autoptr(GError) error = NULL;

  score.treatment_id = treatment_id;
  score.wall_us = wall_us;
  score.scale = scale;
  score.items = (char *) items;
  score.total = total;
  score.who = (char *) who;
  vigil_store_append_score (store, &score, &error);
  g_assert_no_error (error);
}

static void
add_event (VigilStore          *store,
           gint64               treatment_id,
           VigilStoreEventKind  kind,
           gint64               wall_us,
           const char          *drug,
           const char          *dose,
           const char          *note,
           const char          *who)
{
  VigilStoreTreatmentEvent event = { 0 };
  g_autoptr(GError) error = NULL;

  event.treatment_id = treatment_id;
  event.wall_us = wall_us;
  event.kind = kind;
  event.drug_name = (char *) drug;
  event.drug_dose = (char *) dose;
  event.note = (char *) note;
  event.who = (char *) who;
  vigil_store_append_treatment_event (store, &event, &error);
  g_assert_no_error (error);
}

static void
add_answer (VigilStore *store,
            gint64      treatment_id,
            const char *key,
            const char *value,
            gint64      wall_us,
            const char *who)
{
  VigilStoreChecklistAnswer answer = { 0 };
  g_autoptr(GError) error = NULL;

  answer.treatment_id = treatment_id;
  answer.item_key = (char *) key;
  answer.value = (char *) value;
  answer.wall_us = wall_us;
  answer.who = (char *) who;
  vigil_store_append_checklist_answer (store, &answer, &error);
  g_assert_no_error (error);
}

/* Blood pressure over the session: baseline, the peak at 30–40 min of the
 * infusion (CLINICAL.md §2), back down in recovery. */
static void
bp_at (double  minutes,
       double *sys,
       double *dia)
{
  double rise = 0;

  if (minutes > 8 && minutes < 60)
    rise = 43 * sin (G_PI * (minutes - 8) / 52);
  else if (minutes >= 60)
    rise = 43 * exp (-(minutes - 60) / 12) * sin (G_PI * 0.9);
  *sys = round (122 + rise);
  *dia = round (78 + rise * 0.47);
}

void
report_fixture_build_treatment (VigilStore    *store,
                                ReportFixture *out)
{
  g_autoptr(GError) error = NULL;
  VigilStorePatient patient = { 0 };
  VigilStoreDoseInput dose = { 0 };
  gint64 t0 = report_fixture_start_us ();
  gint64 patient_id;
  guint n_answers = 0;

  memset (out, 0, sizeof *out);
  out->start_us = t0;
  out->end_us = t0 + 90 * MIN_US;
  out->session_id = vigil_store_begin_session (store, t0, TRUE, "normal");

  patient.name = (char *) FIXTURE_PATIENT;
  patient.clinic_id = (char *) FIXTURE_CLINIC_ID;
  patient.date_of_birth = (char *) "1979-03-14";
  patient.weight_kg = 72.0;
  patient.mental_health_provider = (char *) "Dr. Lena Vogel, Clínica Norte";
  patient.created_at_us = t0 + 30 * S_US;
  patient_id = vigil_store_create_patient (store, &patient, &error);
  g_assert_no_error (error);
  g_assert_cmpint (patient_id, >, 0);

  out->treatment_id = vigil_store_create_treatment (store, patient_id, out->session_id, 3, 6, FALSE, TRUE,
                                                    "[treatment]\ninfusion-min=40\n", t0 + MIN_US, &error);
  g_assert_no_error (error);
  g_assert_cmpint (out->treatment_id, >, 0);

  {
    static const struct { const char *key; const char *value; } answers[] = {
      { "identity", "Name and date of birth checked against the ID card" },
      { "weight", "72 kg" },
      { "consent", "Signed, form 2024-117" },
      { "escort-name", "María Müller (sister)" },
      { "escort-phone", "+49 170 555 0199" },
      { "transport", "Sister drives, no driving until tomorrow" },
      { "medications", "Sertraline 100 mg; no benzodiazepines" },
      { "last-food", "06:30" },
      { "last-liquid", "08:00" },
      { "phq9", "12" },
      { "phq9-review", "Item 9 = 1: passive thoughts, safety plan in place" },
      { "baseline-moaas", "5" },
      { "baseline-nibp", "122/78, 124/79" },
      { "baseline-hr", "72" },
      { "baseline-spo2", "98" },
      { "sound-self-test", "passed" },
      { "devices-connected", "yes" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
      add_answer (store, out->treatment_id, answers[i].key, answers[i].value,
                  t0 + 2 * MIN_US + i * 10 * S_US, FIXTURE_NURSE);
    n_answers = G_N_ELEMENTS (answers);
  }
  add_answer (store, out->treatment_id, "dose-confirmed", "yes", t0 + 5 * MIN_US, FIXTURE_DOCTOR);
  n_answers++;
  out->n_answers = n_answers;

  dose.treatment_id = out->treatment_id;
  dose.weight_kg = 72.0;
  dose.dose_mg_per_kg = 0.5;
  dose.concentration_mg_per_ml = 1.0;
  dose.duration_min = 40;
  dose.dose_mg = 36.0;
  dose.volume_ml = 36.0;
  dose.rate_ml_per_h = 54.0;
  dose.confirmed_by = (char *) FIXTURE_DOCTOR;
  dose.wall_us = t0 + 5 * MIN_US;
  vigil_store_append_dose_input (store, &dose, &error);
  g_assert_no_error (error);

  add_score (store, out->treatment_id, VIGIL_STORE_SCALE_PHQ9, t0 + 3 * MIN_US, "2,2,1,2,2,1,1,0,1", 12, FIXTURE_NURSE);
  add_score (store, out->treatment_id, VIGIL_STORE_SCALE_MOAAS, t0 + 6 * MIN_US, "5", 5, FIXTURE_NURSE);

  out->infusion_start_us = t0 + 8 * MIN_US;
  out->pause_us = t0 + 23 * MIN_US;
  out->resume_us = out->pause_us + 150 * S_US;
  /* 40 minutes of running infusion plus the pause. */
  out->infusion_end_us = out->infusion_start_us + 40 * MIN_US + 150 * S_US;
  out->discharge_us = t0 + 88 * MIN_US;

  add_step (store, out->treatment_id, VIGIL_TREATMENT_STEP_START_INFUSION, out->infusion_start_us, FIXTURE_NURSE, NULL);
  add_score (store, out->treatment_id, VIGIL_STORE_SCALE_MOAAS, t0 + 18 * MIN_US, "4", 4, FIXTURE_NURSE);
  add_event (store, out->treatment_id, VIGIL_STORE_EVENT_NAUSEA, t0 + 22 * MIN_US, NULL, NULL, NULL, FIXTURE_NURSE);
  add_step (store, out->treatment_id, VIGIL_TREATMENT_STEP_PAUSE, out->pause_us, FIXTURE_NURSE, "Nausea, patient asked to pause");
  add_event (store, out->treatment_id, VIGIL_STORE_EVENT_DRUG, out->pause_us + 60 * S_US,
             "Ondansetron", "4 mg IV", NULL, FIXTURE_DOCTOR);
  add_step (store, out->treatment_id, VIGIL_TREATMENT_STEP_RESUME, out->resume_us, FIXTURE_NURSE, NULL);
  add_score (store, out->treatment_id, VIGIL_STORE_SCALE_MOAAS, t0 + 28 * MIN_US, "3", 3, FIXTURE_NURSE);
  add_event (store, out->treatment_id, VIGIL_STORE_EVENT_ANXIETY, t0 + 33 * MIN_US, NULL, NULL,
             "Reassured, music on", FIXTURE_NURSE);
  add_score (store, out->treatment_id, VIGIL_STORE_SCALE_MOAAS, t0 + 38 * MIN_US, "4", 4, FIXTURE_NURSE);
  add_score (store, out->treatment_id, VIGIL_STORE_SCALE_CADSS6, t0 + 48 * MIN_US, "1,2,0,1,1,0", 5, FIXTURE_NURSE);
  add_step (store, out->treatment_id, VIGIL_TREATMENT_STEP_END_INFUSION, out->infusion_end_us, FIXTURE_NURSE, NULL);
  add_event (store, out->treatment_id, VIGIL_STORE_EVENT_NOTE, t0 + 65 * MIN_US, NULL, NULL, FIXTURE_NOTE, FIXTURE_NURSE);
  add_score (store, out->treatment_id, VIGIL_STORE_SCALE_MOAAS, t0 + 70 * MIN_US, "5", 5, FIXTURE_NURSE);
  add_score (store, out->treatment_id, VIGIL_STORE_SCALE_ALDRETE, t0 + 84 * MIN_US, "2,2,2,2,2", 10, FIXTURE_NURSE);
  add_step (store, out->treatment_id, VIGIL_TREATMENT_STEP_READY, t0 + 84 * MIN_US + 5 * S_US, FIXTURE_NURSE, NULL);
  add_step (store, out->treatment_id, VIGIL_TREATMENT_STEP_DISCHARGE, out->discharge_us, FIXTURE_DOCTOR, NULL);
  out->n_steps = 6;
  out->n_events = 4;
  out->n_scores = 8;

  /* Alarms: a desaturation the nurse acknowledged, a high blood pressure
   * with a limit change by the doctor, a failed cuff measurement. */
  add_alarm (store, out->session_id, VIGIL_ALARM_LOG_START, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_PRIORITY_MEDIUM,
             t0 + 30 * MIN_US + 10 * S_US, 88, 90, "!! SpO₂ 88 < 90", NULL);
  add_alarm (store, out->session_id, VIGIL_ALARM_LOG_ACKNOWLEDGE, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_PRIORITY_MEDIUM,
             t0 + 30 * MIN_US + 25 * S_US, 88, 90, NULL, FIXTURE_NURSE);
  add_alarm (store, out->session_id, VIGIL_ALARM_LOG_END, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_PRIORITY_MEDIUM,
             t0 + 31 * MIN_US + 40 * S_US, 93, 90, NULL, NULL);
  add_alarm (store, out->session_id, VIGIL_ALARM_LOG_START, VIGIL_ALARM_NIBP_HIGH, VIGIL_ALARM_PRIORITY_MEDIUM,
             t0 + 37 * MIN_US + 30 * S_US, 165, 160, "!! NIBP 165/98 ≥ 160", NULL);
  {
    g_autoptr(VigilAlarmLogEntry) change = vigil_alarm_log_entry_new (VIGIL_ALARM_LOG_LIMIT_CHANGE, VIGIL_ALARM_NIBP_HIGH);

    change->wall_us = t0 + 38 * MIN_US;
    change->priority = VIGIL_ALARM_PRIORITY_MEDIUM;
    change->limit = 170;
    change->old_limit = 160;
    change->who = g_strdup (FIXTURE_DOCTOR);
    vigil_store_append_alarm (store, out->session_id, change, &error);
    g_assert_no_error (error);
  }
  add_alarm (store, out->session_id, VIGIL_ALARM_LOG_END, VIGIL_ALARM_NIBP_HIGH, VIGIL_ALARM_PRIORITY_MEDIUM,
             t0 + 42 * MIN_US + 30 * S_US, 158, 170, NULL, NULL);
  add_alarm (store, out->session_id, VIGIL_ALARM_LOG_START, VIGIL_ALARM_NIBP_FAILED, VIGIL_ALARM_PRIORITY_LOW,
             t0 + 57 * MIN_US + 20 * S_US, NAN, NAN, "! NIBP measurement failed", NULL);
  add_alarm (store, out->session_id, VIGIL_ALARM_LOG_END, VIGIL_ALARM_NIBP_FAILED, VIGIL_ALARM_PRIORITY_LOW,
             t0 + 57 * MIN_US + 50 * S_US, NAN, NAN, NULL, NULL);
  out->n_alarms = 8;

  /* Vitals at 1 Hz, the cuff every 5 minutes. */
  for (gint64 s = 0; s < 90 * 60; s++)
    {
      gint64 t = t0 + s * S_US;
      double minutes = s / 60.0;
      double sys, dia;
      double hr = 72 + 16 * exp (-pow ((minutes - 34) / 14, 2)) + 3 * sin (s / 37.0) + 1.5 * sin (s / 5.3);
      double spo2 = 98 - 0.6 * sin (s / 90.0);

      if (minutes >= 29.5 && minutes < 31.8)
        spo2 = 88 + 5 * fabs (minutes - 30.6);
      add_vital (store, out->session_id, VIGIL_PARAMETER_HR, t, round (hr), NAN, NAN);
      add_vital (store, out->session_id, VIGIL_PARAMETER_SPO2, t, round (MIN (spo2, 99)), NAN, NAN);
      add_vital (store, out->session_id, VIGIL_PARAMETER_PULSE_RATE, t, round (hr + 1), NAN, NAN);
      out->n_vitals += 3;
      if (s % 300 == 150 && s != 57 * 60 + 30)
        {
          bp_at (minutes, &sys, &dia);
          if (s == 37 * 60 + 30)
            sys = 165, dia = 98;
          add_vital (store, out->session_id, VIGIL_PARAMETER_NIBP, t, sys, dia, round ((sys + 2 * dia) / 3));
          out->n_vitals++;
          out->n_nibp++;
        }
    }
  g_assert_true (vigil_store_flush_vitals (store, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_end_session (store, out->session_id, out->end_us, &error));
  g_assert_no_error (error);
}

gint64
report_fixture_build_monitoring (VigilStore *store,
                                 gint64      start_us)
{
  g_autoptr(GError) error = NULL;
  gint64 session_id = vigil_store_begin_session (store, start_us, FALSE, NULL);

  for (gint64 s = 0; s < 600; s++)
    {
      gint64 t = start_us + s * S_US;

      add_vital (store, session_id, VIGIL_PARAMETER_HR, t, 64 + (s / 60) % 3, NAN, NAN);
      add_vital (store, session_id, VIGIL_PARAMETER_SPO2, t, 97, NAN, NAN);
      if (s % 300 == 30)
        add_vital (store, session_id, VIGIL_PARAMETER_NIBP, t, 118, 76, 90);
    }
  add_alarm (store, session_id, VIGIL_ALARM_LOG_START, VIGIL_ALARM_LINK_LOST, VIGIL_ALARM_PRIORITY_MEDIUM,
             start_us + 200 * S_US, NAN, NAN, "!! Pulse oximeter link lost", NULL);
  add_alarm (store, session_id, VIGIL_ALARM_LOG_END, VIGIL_ALARM_LINK_LOST, VIGIL_ALARM_PRIORITY_MEDIUM,
             start_us + 215 * S_US, NAN, NAN, NULL, NULL);
  g_assert_true (vigil_store_flush_vitals (store, &error));
  g_assert_true (vigil_store_end_session (store, session_id, start_us + 600 * S_US, &error));
  g_assert_no_error (error);
  return session_id;
}
