/* vigil-treatment-step.h — one recorded step of a treatment (a transition)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A treatment's state is never stored as such: it is the replay of its
 * steps, each with its wall-clock time, who took it and why. The timers
 * derive from those times, so a crash or a restart resumes them exactly.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_TREATMENT_PHASE_BEFORE,               /* pre-infusion checks */
  VIGIL_TREATMENT_PHASE_INFUSION,             /* running */
  VIGIL_TREATMENT_PHASE_INFUSION_PAUSED,      /* held, with a reason */
  VIGIL_TREATMENT_PHASE_RECOVERY,
  VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE,  /* minimum recovery passed, criteria met */
  VIGIL_TREATMENT_PHASE_DISCHARGED,
  VIGIL_TREATMENT_PHASE_CANCELLED,            /* stopped before the infusion started */
  VIGIL_TREATMENT_PHASE_ABORTED,              /* stopped after it started */
  VIGIL_N_TREATMENT_PHASES
} VigilTreatmentPhase;

typedef enum
{
  VIGIL_TREATMENT_STEP_START_INFUSION,   /* BEFORE → INFUSION */
  VIGIL_TREATMENT_STEP_PAUSE,            /* INFUSION → INFUSION_PAUSED (reason required) */
  VIGIL_TREATMENT_STEP_RESUME,           /* INFUSION_PAUSED → INFUSION */
  VIGIL_TREATMENT_STEP_END_INFUSION,     /* INFUSION(_PAUSED) → RECOVERY (reason required if early) */
  VIGIL_TREATMENT_STEP_READY,            /* RECOVERY → READY_FOR_DISCHARGE (criteria met) */
  VIGIL_TREATMENT_STEP_NOT_READY,        /* READY_FOR_DISCHARGE → RECOVERY (criteria lost) */
  VIGIL_TREATMENT_STEP_DISCHARGE,        /* READY_FOR_DISCHARGE → DISCHARGED; or RECOVERY →
                                          * DISCHARGED as an override (named clinician + reason) */
  VIGIL_TREATMENT_STEP_CANCEL,           /* BEFORE → CANCELLED (reason required) */
  VIGIL_TREATMENT_STEP_ABORT,            /* any started, not ended phase → ABORTED (reason required) */
  VIGIL_N_TREATMENT_STEPS
} VigilTreatmentStepKind;

typedef struct
{
  VigilTreatmentStepKind kind;
  gint64                 wall_us;    /* when, on the monitor's wall clock */
  char                  *who;        /* the person (required) */
  char                  *reason;     /* NULL unless the step needs one */
  gboolean               override;   /* taken against a gate, by a named clinician */
} VigilTreatmentStep;

#define VIGIL_TYPE_TREATMENT_STEP      (vigil_treatment_step_get_type ())
#define VIGIL_TYPE_TREATMENT_PHASE     (vigil_treatment_phase_get_type ())
#define VIGIL_TYPE_TREATMENT_STEP_KIND (vigil_treatment_step_kind_get_type ())

GType               vigil_treatment_step_get_type        (void) G_GNUC_CONST;
GType               vigil_treatment_phase_get_type       (void) G_GNUC_CONST;
GType               vigil_treatment_step_kind_get_type   (void) G_GNUC_CONST;
VigilTreatmentStep *vigil_treatment_step_new             (VigilTreatmentStepKind    kind,
                                                          gint64                    wall_us,
                                                          const char               *who,
                                                          const char               *reason);
VigilTreatmentStep *vigil_treatment_step_copy            (const VigilTreatmentStep *self);
void                vigil_treatment_step_free            (VigilTreatmentStep       *self);
const char         *vigil_treatment_step_kind_to_string  (VigilTreatmentStepKind    kind);
gboolean            vigil_treatment_step_kind_from_string (const char              *name,
                                                          VigilTreatmentStepKind   *out_kind);
const char         *vigil_treatment_phase_to_string      (VigilTreatmentPhase       phase);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTreatmentStep, vigil_treatment_step_free)

G_END_DECLS
