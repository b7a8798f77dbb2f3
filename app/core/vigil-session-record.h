/* vigil-session-record.h — everything the store holds about one session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loaded once, read by the PDF and the CSV exports, so both show the same
 * records. Plain data: no signals, no references back to the store.
 */
#pragma once

#include <glib.h>

#include "vigil-store.h"

G_BEGIN_DECLS

typedef struct
{
  VigilStoreSessionSummary *session;
  VigilStorePatient        *patient;     /* NULL: no patient */
  VigilStoreTreatment      *treatment;   /* NULL: monitoring only */
  GPtrArray                *steps;       /* VigilTreatmentStep*, in order */
  GPtrArray                *events;      /* VigilStoreTreatmentEvent* */
  GPtrArray                *scores;      /* VigilStoreScore* */
  GPtrArray                *answers;     /* VigilStoreChecklistAnswer* */
  GPtrArray                *doses;       /* VigilStoreDoseInput*; the last one counts */
  GPtrArray                *alarms;      /* VigilAlarmLogEntry*, oldest first */
  GArray                   *vitals;      /* VigilStoreVital, in time order */
  gint64                    start_us;
  gint64                    end_us;      /* ended_at_us, or the last record after a crash */
  gboolean                  ended_cleanly;
} VigilSessionRecord;

VigilSessionRecord  *vigil_session_record_load      (VigilStore               *store,
                                                     gint64                    session_id,
                                                     GError                  **error);
void                 vigil_session_record_free      (VigilSessionRecord       *self);

/* The treatment phase at @wall_us, replayed from the steps (BEFORE until
 * the first one). */
VigilTreatmentPhase  vigil_session_record_phase_at  (const VigilSessionRecord *self,
                                                     gint64                    wall_us);
/* The phase a step leads to. */
VigilTreatmentPhase  vigil_session_record_step_target (VigilTreatmentStepKind    kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSessionRecord, vigil_session_record_free)

G_END_DECLS
