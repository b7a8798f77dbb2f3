/* vigil-treatment-step.c — one recorded step of a treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain boxed struct: the treatment appends one per transition and emits
 * it on its "step" signal; the store writes it; on restart the treatment is
 * rebuilt by replaying them. The kind names below are the GEnum nicks and
 * the strings in the database, so they must never change once released.
 */
#include "vigil-treatment-step.h"

G_DEFINE_BOXED_TYPE (VigilTreatmentStep, vigil_treatment_step,
                     vigil_treatment_step_copy, vigil_treatment_step_free)

G_DEFINE_ENUM_TYPE (VigilTreatmentPhase, vigil_treatment_phase,
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_PHASE_BEFORE, "before"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_PHASE_INFUSION, "infusion"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_PHASE_INFUSION_PAUSED, "infusion-paused"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_PHASE_RECOVERY, "recovery"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE, "ready-for-discharge"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_PHASE_DISCHARGED, "discharged"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_PHASE_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_PHASE_ABORTED, "aborted"))

G_DEFINE_ENUM_TYPE (VigilTreatmentStepKind, vigil_treatment_step_kind,
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_START_INFUSION, "start-infusion"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_PAUSE, "pause"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_RESUME, "resume"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_END_INFUSION, "end-infusion"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_READY, "ready"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_NOT_READY, "not-ready"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_DISCHARGE, "discharge"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_CANCEL, "cancel"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_STEP_ABORT, "abort"))

static const char *kind_names[VIGIL_N_TREATMENT_STEPS] = {
  [VIGIL_TREATMENT_STEP_START_INFUSION] = "start-infusion",
  [VIGIL_TREATMENT_STEP_PAUSE] = "pause",
  [VIGIL_TREATMENT_STEP_RESUME] = "resume",
  [VIGIL_TREATMENT_STEP_END_INFUSION] = "end-infusion",
  [VIGIL_TREATMENT_STEP_READY] = "ready",
  [VIGIL_TREATMENT_STEP_NOT_READY] = "not-ready",
  [VIGIL_TREATMENT_STEP_DISCHARGE] = "discharge",
  [VIGIL_TREATMENT_STEP_CANCEL] = "cancel",
  [VIGIL_TREATMENT_STEP_ABORT] = "abort",
};

static const char *phase_names[VIGIL_N_TREATMENT_PHASES] = {
  [VIGIL_TREATMENT_PHASE_BEFORE] = "before",
  [VIGIL_TREATMENT_PHASE_INFUSION] = "infusion",
  [VIGIL_TREATMENT_PHASE_INFUSION_PAUSED] = "infusion-paused",
  [VIGIL_TREATMENT_PHASE_RECOVERY] = "recovery",
  [VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE] = "ready-for-discharge",
  [VIGIL_TREATMENT_PHASE_DISCHARGED] = "discharged",
  [VIGIL_TREATMENT_PHASE_CANCELLED] = "cancelled",
  [VIGIL_TREATMENT_PHASE_ABORTED] = "aborted",
};

/**
 * vigil_treatment_step_new:
 * @kind: the transition
 * @wall_us: when it was taken, on the monitor's wall clock
 * @who: (nullable): the person who took it
 * @reason: (nullable): why, for the steps that need a reason
 *
 * Returns: (transfer full): a step with override FALSE
 */
VigilTreatmentStep *
vigil_treatment_step_new (VigilTreatmentStepKind  kind,
                          gint64                  wall_us,
                          const char             *who,
                          const char             *reason)
{
  VigilTreatmentStep *self;

  g_return_val_if_fail ((guint) kind < VIGIL_N_TREATMENT_STEPS, NULL);

  self = g_new0 (VigilTreatmentStep, 1);
  self->kind = kind;
  self->wall_us = wall_us;
  self->who = g_strdup (who);
  self->reason = g_strdup (reason);
  self->override = FALSE;
  return self;
}

/**
 * vigil_treatment_step_copy:
 *
 * Returns: (transfer full): a deep copy
 */
VigilTreatmentStep *
vigil_treatment_step_copy (const VigilTreatmentStep *self)
{
  VigilTreatmentStep *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->who = g_strdup (self->who);
  copy->reason = g_strdup (self->reason);
  return copy;
}

void
vigil_treatment_step_free (VigilTreatmentStep *self)
{
  if (self == NULL)
    return;
  g_free (self->who);
  g_free (self->reason);
  g_free (self);
}

/**
 * vigil_treatment_step_kind_to_string:
 *
 * Returns: the stable name of @kind (its GEnum nick), or NULL if unknown
 */
const char *
vigil_treatment_step_kind_to_string (VigilTreatmentStepKind kind)
{
  g_return_val_if_fail ((guint) kind < VIGIL_N_TREATMENT_STEPS, NULL);
  return kind_names[kind];
}

/**
 * vigil_treatment_step_kind_from_string:
 * @name: a name from vigil_treatment_step_kind_to_string()
 * @out_kind: (out) (optional): the kind
 *
 * Returns: FALSE (and leaves @out_kind alone) if @name is not a step name
 */
gboolean
vigil_treatment_step_kind_from_string (const char             *name,
                                       VigilTreatmentStepKind *out_kind)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < VIGIL_N_TREATMENT_STEPS; i++)
    {
      if (g_str_equal (name, kind_names[i]))
        {
          if (out_kind != NULL)
            *out_kind = (VigilTreatmentStepKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * vigil_treatment_phase_to_string:
 *
 * Returns: the stable name of @phase (its GEnum nick), or NULL if unknown
 */
const char *
vigil_treatment_phase_to_string (VigilTreatmentPhase phase)
{
  g_return_val_if_fail ((guint) phase < VIGIL_N_TREATMENT_PHASES, NULL);
  return phase_names[phase];
}
