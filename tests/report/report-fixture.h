/* report-fixture.h — a realistic treatment session written through the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-store.h"

G_BEGIN_DECLS

#define FIXTURE_PATIENT     "José Müller, \"Pepe\""
#define FIXTURE_CLINIC_ID   "MRN-0042"
#define FIXTURE_NURSE       "Zoë Ñúñez, RN"
#define FIXTURE_DOCTOR      "Dr. Ana Ruiz"
#define FIXTURE_NOTE        "Patient says \"I feel like floating\", calm, escort arrived;\nsecond line of the note"

typedef struct
{
  gint64 session_id;
  gint64 treatment_id;
  gint64 start_us;
  gint64 end_us;
  gint64 infusion_start_us;
  gint64 pause_us;
  gint64 resume_us;
  gint64 infusion_end_us;
  gint64 discharge_us;
  guint  n_vitals;
  guint  n_nibp;
  guint  n_steps;
  guint  n_events;
  guint  n_alarms;
  guint  n_scores;
  guint  n_answers;
} ReportFixture;

/* A simulated 90-minute treatment: patient, series 3 of 6, checklist,
 * dose, steps with a 2 min 30 s pause, events, scores, alarms, vitals at
 * 1 Hz (HR, SpO2, pulse rate) and NIBP every 5 minutes. */
void report_fixture_build_treatment  (VigilStore    *store,
                                      ReportFixture *out);
/* A real-device session without a treatment: 10 minutes of vitals and one
 * alarm. Returns its id. */
gint64 report_fixture_build_monitoring (VigilStore  *store,
                                        gint64       start_us);
/* 2024-05-06 09:00:00 local time. */
gint64 report_fixture_start_us        (void);

G_END_DECLS
