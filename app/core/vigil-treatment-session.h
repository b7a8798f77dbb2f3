/* vigil-treatment-session.h — one treatment of one patient, at the bedside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ties a VigilTreatment (the state machine), a VigilChecklist, the store
 * and the monitor together: every step, checklist answer, dose, one-tap
 * event and score is persisted as it happens, the baseline vitals come
 * from the monitor's observations, and the open treatment can be rebuilt
 * from the database after a crash.
 */
#pragma once

#include <glib-object.h>

#include "vigil-checklist.h"
#include "vigil-dose.h"
#include "vigil-scores.h"
#include "vigil-monitor.h"
#include "vigil-store.h"
#include "vigil-treatment.h"

G_BEGIN_DECLS

#define VIGIL_TREATMENT_SESSION_ERROR (vigil_treatment_session_error_quark ())

typedef enum
{
  VIGIL_TREATMENT_SESSION_ERROR_CHECKLIST,   /* Start infusion with checklist items missing */
  VIGIL_TREATMENT_SESSION_ERROR_CRITERIA,    /* READY with discharge criteria unmet */
  VIGIL_TREATMENT_SESSION_ERROR_INVALID,     /* a bad argument (event, score, stored record) */
} VigilTreatmentSessionError;

/* The discharge criteria, one flag each (TRUE: holds). */
typedef enum
{
  VIGIL_DISCHARGE_CRITERION_SCORE        = 1 << 0,  /* latest Aldrete/PADSS passes */
  VIGIL_DISCHARGE_CRITERION_BP_BASELINE  = 1 << 1,  /* latest NIBP within 20 % of the baseline */
  VIGIL_DISCHARGE_CRITERION_BP_BELOW_A7  = 1 << 2,  /* latest NIBP below the A7 limits */
  VIGIL_DISCHARGE_CRITERION_ESCORT       = 1 << 3,  /* escort present, confirmed */
  VIGIL_DISCHARGE_CRITERION_MIN_TIME     = 1 << 4,  /* minimum recovery time passed */
} VigilDischargeCriterion;

#define VIGIL_DISCHARGE_CRITERIA_ALL 0x1f

typedef struct
{
  guint  met;        /* VigilDischargeCriterion flags that hold */
  guint  failed;     /* … and those that do not */
  char **reasons;    /* translated, one per failed criterion; NULL-terminated */
} VigilDischargeCheck;

#define VIGIL_TYPE_TREATMENT_SESSION (vigil_treatment_session_get_type ())

G_DECLARE_FINAL_TYPE (VigilTreatmentSession, vigil_treatment_session, VIGIL, TREATMENT_SESSION, GObject)

GQuark                 vigil_treatment_session_error_quark       (void);
void                   vigil_discharge_check_clear               (VigilDischargeCheck        *check);

/* Creates the treatment row (simulated when the monitor runs a demo) and
 * starts listening to the monitor. @config may be NULL for the defaults. */
VigilTreatmentSession *vigil_treatment_session_new               (VigilStore                 *store,
                                                                  VigilMonitor               *monitor,
                                                                  const VigilTreatmentConfig *config,
                                                                  gint64                      patient_id,
                                                                  guint                       series_number,
                                                                  guint                       planned_count,
                                                                  gboolean                    maintenance,
                                                                  gint64                      monitoring_session_id,
                                                                  GError                    **error);
/* Rebuilds the open treatment after a crash: its steps replayed, its
 * checklist answers, dose, baseline and MOAA/S schedule restored. NULL with
 * no error when there is none. */
VigilTreatmentSession *vigil_treatment_session_resume            (VigilStore                 *store,
                                                                  VigilMonitor               *monitor,
                                                                  GError                    **error);

gint64                 vigil_treatment_session_get_id            (VigilTreatmentSession      *self);
gint64                 vigil_treatment_session_get_patient_id    (VigilTreatmentSession      *self);
VigilTreatment        *vigil_treatment_session_get_treatment     (VigilTreatmentSession      *self);
VigilChecklist        *vigil_treatment_session_get_checklist     (VigilTreatmentSession      *self);

/* The baseline blood pressure: the mean of the last two readings at least
 * 2 min apart taken before the infusion. FALSE while there is none. */
gboolean               vigil_treatment_session_get_baseline_nibp (VigilTreatmentSession      *self,
                                                                  double                     *out_systolic,
                                                                  double                     *out_diastolic);

/* Dose: computes, persists the inputs and results, answers "weight" and
 * "dose-confirmed" (by @confirmed_by). Only before the infusion. */
gboolean               vigil_treatment_session_set_dose          (VigilTreatmentSession      *self,
                                                                  const VigilDoseInput       *input,
                                                                  const char                 *confirmed_by,
                                                                  GError                    **error);
gboolean               vigil_treatment_session_get_dose          (VigilTreatmentSession      *self,
                                                                  VigilDoseResult            *out_result);

/* Scores: validated, persisted. A MOAA/S during the infusion or recovery
 * also counts for the MOAA/S schedule. */
gboolean               vigil_treatment_session_record_moaas      (VigilTreatmentSession      *self,
                                                                  int                         score,
                                                                  const char                 *who,
                                                                  GError                    **error);
gboolean               vigil_treatment_session_record_cadss6     (VigilTreatmentSession      *self,
                                                                  const int                   items[VIGIL_CADSS6_N_ITEMS],
                                                                  const char                 *who,
                                                                  GError                    **error);
gboolean               vigil_treatment_session_record_phq9       (VigilTreatmentSession      *self,
                                                                  const int                   items[VIGIL_PHQ9_N_ITEMS],
                                                                  const char                 *who,
                                                                  VigilPhq9Result            *out_result,
                                                                  GError                    **error);
/* @scale: VIGIL_STORE_SCALE_ALDRETE (5 items) or VIGIL_STORE_SCALE_PADSS
 * (5 items); passes at VIGIL_DISCHARGE_PASS_TOTAL with no item at 0. */
gboolean               vigil_treatment_session_record_discharge_score (VigilTreatmentSession *self,
                                                                  VigilStoreScale             scale,
                                                                  const int                  *items,
                                                                  const char                 *who,
                                                                  VigilDischargeScore        *out_score,
                                                                  GError                    **error);

/* One-tap events, persisted; emits "event" (VigilStoreEventKind kind,
 * gint64 wall_us, const char *label) for a chart marker. */
gboolean               vigil_treatment_session_add_event         (VigilTreatmentSession      *self,
                                                                  VigilStoreEventKind         kind,
                                                                  const char                 *drug_name,
                                                                  const char                 *drug_dose,
                                                                  const char                 *note,
                                                                  const char                 *who,
                                                                  GError                    **error);

/* Steps. Start is refused, naming the missing checklist items, unless the
 * checklist is complete; the _override variant lets a named clinician
 * start against the checklist with a reason (recorded on the step). */
gboolean               vigil_treatment_session_start_infusion    (VigilTreatmentSession      *self,
                                                                  const char                 *who,
                                                                  GError                    **error);
gboolean               vigil_treatment_session_start_infusion_override (VigilTreatmentSession *self,
                                                                  const char                 *who,
                                                                  const char                 *reason,
                                                                  GError                    **error);
gboolean               vigil_treatment_session_pause             (VigilTreatmentSession      *self,
                                                                  const char                 *who,
                                                                  const char                 *reason,
                                                                  GError                    **error);
gboolean               vigil_treatment_session_resume_infusion   (VigilTreatmentSession      *self,
                                                                  const char                 *who,
                                                                  GError                    **error);
/* @reason: required before the set duration. */
gboolean               vigil_treatment_session_end_infusion      (VigilTreatmentSession      *self,
                                                                  const char                 *who,
                                                                  const char                 *reason,
                                                                  GError                    **error);

void                   vigil_treatment_session_confirm_escort_present (VigilTreatmentSession *self,
                                                                  const char                 *who);
/* Evaluates the discharge criteria now; clear @out with
 * vigil_discharge_check_clear(). TRUE when all hold. */
gboolean               vigil_treatment_session_check_discharge   (VigilTreatmentSession      *self,
                                                                  VigilDischargeCheck        *out);
/* READY only when every criterion holds (the error lists those that fail). */
gboolean               vigil_treatment_session_ready             (VigilTreatmentSession      *self,
                                                                  const char                 *who,
                                                                  GError                    **error);
/* From READY_FOR_DISCHARGE; or from RECOVERY with @override_reason by a
 * named clinician. */
gboolean               vigil_treatment_session_discharge         (VigilTreatmentSession      *self,
                                                                  const char                 *who,
                                                                  const char                 *override_reason,
                                                                  GError                    **error);
gboolean               vigil_treatment_session_cancel            (VigilTreatmentSession      *self,
                                                                  const char                 *who,
                                                                  const char                 *reason,
                                                                  GError                    **error);
gboolean               vigil_treatment_session_abort             (VigilTreatmentSession      *self,
                                                                  const char                 *who,
                                                                  const char                 *reason,
                                                                  GError                    **error);

/* Records the store could not write at once stay queued in the store
 * (vigil_store_is_healthy()); the session goes on. */

G_END_DECLS
