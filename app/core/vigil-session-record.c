/* vigil-session-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-session-record.h"


void
vigil_session_record_free (VigilSessionRecord *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->session, vigil_store_session_summary_free);
  g_clear_pointer (&self->patient, vigil_store_patient_free);
  g_clear_pointer (&self->treatment, vigil_store_treatment_free);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  g_clear_pointer (&self->doses, g_ptr_array_unref);
  g_clear_pointer (&self->alarms, g_ptr_array_unref);
  g_clear_pointer (&self->vitals, g_array_unref);
  g_free (self);
}

static void
extend_end (gint64 *end_us,
            gint64  wall_us)
{
  if (wall_us > *end_us)
    *end_us = wall_us;
}

/**
 * vigil_session_record_load:
 *
 * Returns: (transfer full): the session's whole record, or %NULL with
 *   @error (%VIGIL_STORE_ERROR_INVALID for an unknown session)
 */
VigilSessionRecord *
vigil_session_record_load (VigilStore  *store,
                           gint64       session_id,
                           GError     **error)
{
  g_autoptr(VigilSessionRecord) self = g_new0 (VigilSessionRecord, 1);
  g_autoptr(GPtrArray) newest_first = NULL;
  VigilStoreAlarmFilter filter;
  gint64 treatment_id;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  if (!vigil_store_get_session (store, session_id, &self->session, error))
    return NULL;

  treatment_id = self->session->treatment_id;
  if (treatment_id <= 0)
    {
      treatment_id = vigil_store_find_session_treatment (store, session_id, error);
      if (treatment_id < 0)
        return NULL;
    }

  if (treatment_id > 0)
    {
      if (!vigil_store_get_treatment (store, treatment_id, &self->treatment, error))
        return NULL;
      if (self->treatment->patient_id > 0 &&
          !vigil_store_get_patient (store, self->treatment->patient_id, &self->patient, error))
        return NULL;
      if ((self->steps = vigil_store_list_treatment_steps (store, treatment_id, error)) == NULL ||
          (self->events = vigil_store_list_treatment_events (store, treatment_id, error)) == NULL ||
          (self->scores = vigil_store_list_scores (store, treatment_id, error)) == NULL ||
          (self->answers = vigil_store_list_checklist_answers (store, treatment_id, error)) == NULL ||
          (self->doses = vigil_store_list_dose_inputs (store, treatment_id, error)) == NULL)
        return NULL;
    }
  else
    {
      /* Monitoring only: empty lists, so readers need no special case. */
      self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_treatment_step_free);
      self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_treatment_event_free);
      self->scores = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_score_free);
      self->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_checklist_answer_free);
      self->doses = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_dose_input_free);
    }

  vigil_store_alarm_filter_init (&filter);
  filter.session_id = session_id;
  newest_first = vigil_store_list_alarms (store, &filter, error);
  if (newest_first == NULL)
    return NULL;
  self->alarms = g_ptr_array_new_full (newest_first->len, (GDestroyNotify) vigil_alarm_log_entry_free);
  for (guint i = newest_first->len; i > 0; i--)
    g_ptr_array_add (self->alarms, vigil_alarm_log_entry_copy (g_ptr_array_index (newest_first, i - 1)));

  self->vitals = vigil_store_list_vitals (store, session_id, 0, G_MAXINT64, error);
  if (self->vitals == NULL)
    return NULL;

  self->start_us = self->session->started_at_us;
  self->ended_cleanly = self->session->ended_at_us > 0;
  if (self->ended_cleanly)
    {
      self->end_us = self->session->ended_at_us;
    }
  else
    {
      /* Vigil did not shut down cleanly: the last record is the best
       * estimate of the end (docs/database.md). */
      self->end_us = self->start_us;
      if (self->vitals->len > 0)
        extend_end (&self->end_us, g_array_index (self->vitals, VigilStoreVital,
                                                  self->vitals->len - 1).wall_us);
      for (guint i = 0; i < self->alarms->len; i++)
        extend_end (&self->end_us, ((VigilAlarmLogEntry *) g_ptr_array_index (self->alarms, i))->wall_us);
      for (guint i = 0; i < self->steps->len; i++)
        extend_end (&self->end_us, ((VigilTreatmentStep *) g_ptr_array_index (self->steps, i))->wall_us);
      for (guint i = 0; i < self->events->len; i++)
        extend_end (&self->end_us, ((VigilStoreTreatmentEvent *) g_ptr_array_index (self->events, i))->wall_us);
      for (guint i = 0; i < self->scores->len; i++)
        extend_end (&self->end_us, ((VigilStoreScore *) g_ptr_array_index (self->scores, i))->wall_us);
    }

  return g_steal_pointer (&self);
}

VigilTreatmentPhase
vigil_session_record_step_target (VigilTreatmentStepKind kind)
{
  switch (kind)
    {
    case VIGIL_TREATMENT_STEP_START_INFUSION:
    case VIGIL_TREATMENT_STEP_RESUME:
      return VIGIL_TREATMENT_PHASE_INFUSION;
    case VIGIL_TREATMENT_STEP_PAUSE:
      return VIGIL_TREATMENT_PHASE_INFUSION_PAUSED;
    case VIGIL_TREATMENT_STEP_END_INFUSION:
    case VIGIL_TREATMENT_STEP_NOT_READY:
      return VIGIL_TREATMENT_PHASE_RECOVERY;
    case VIGIL_TREATMENT_STEP_READY:
      return VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE;
    case VIGIL_TREATMENT_STEP_DISCHARGE:
      return VIGIL_TREATMENT_PHASE_DISCHARGED;
    case VIGIL_TREATMENT_STEP_CANCEL:
      return VIGIL_TREATMENT_PHASE_CANCELLED;
    case VIGIL_TREATMENT_STEP_ABORT:
      return VIGIL_TREATMENT_PHASE_ABORTED;
    case VIGIL_N_TREATMENT_STEPS:
    default:
      break;
    }
  g_return_val_if_reached (VIGIL_TREATMENT_PHASE_BEFORE);
}

VigilTreatmentPhase
vigil_session_record_phase_at (const VigilSessionRecord *self,
                               gint64                    wall_us)
{
  VigilTreatmentPhase phase = VIGIL_TREATMENT_PHASE_BEFORE;

  for (guint i = 0; i < self->steps->len; i++)
    {
      const VigilTreatmentStep *step = g_ptr_array_index (self->steps, i);

      if (step->wall_us > wall_us)
        break;
      phase = vigil_session_record_step_target (step->kind);
    }
  return phase;
}
