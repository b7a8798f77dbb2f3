/* vigil-treatment.h — the treatment's state machine, timers and schedules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A treatment is the replay of its steps (vigil-treatment-step.h). Every
 * timer is derived from the steps' wall times and the clock's current wall
 * time, never from counting ticks, so a treatment rebuilt after a crash
 * with vigil_treatment_replay() shows the same phase and times.
 *
 * Whether the discharge criteria hold (Aldrete/PADSS, blood pressure
 * against the baseline, escort) and whether the pre-infusion checklist is
 * complete is evaluated elsewhere (vigil-scores.h, the pages): taking READY
 * asserts the criteria; this object enforces the order of the steps, the
 * time gates, the reasons and who took each step.
 *
 * All durations and times are in microseconds (wall times as in
 * g_get_real_time()).
 */
#pragma once

#include <glib-object.h>

#include "vigil-clock.h"
#include "vigil-treatment-step.h"

G_BEGIN_DECLS

#define VIGIL_TREATMENT_ERROR (vigil_treatment_error_quark ())

typedef enum
{
  VIGIL_TREATMENT_ERROR_FORBIDDEN,           /* the step is not possible in this phase */
  VIGIL_TREATMENT_ERROR_WHO_REQUIRED,        /* no person named */
  VIGIL_TREATMENT_ERROR_REASON_REQUIRED,     /* the step needs a reason */
  VIGIL_TREATMENT_ERROR_TOO_EARLY,           /* a time gate has not passed yet */
  VIGIL_TREATMENT_ERROR_OVERRIDE_REQUIRED,   /* only possible as a clinician override */
  VIGIL_TREATMENT_ERROR_OVERRIDE_NOT_ALLOWED,/* this step has no gate to override */
  VIGIL_TREATMENT_ERROR_INVALID,             /* bad configuration or stored steps out of order */
} VigilTreatmentError;

/* The clinic's durations and schedules (CLINICAL.md §2). */
typedef struct
{
  gint64 infusion_duration_us;       /* 40 min */
  gint64 recovery_minimum_us;        /* 30 min: READY is refused before */
  gint64 recovery_default_us;        /* 45 min */
  gint64 nibp_infusion_interval_us;  /* 10 min (5 allowed), in infusion time */
  gint64 nibp_recovery_interval_us;  /* 15 min from the start of recovery */
  gint64 moaas_interval_us;          /* 10 min: infusion time, then recovery time */
  gint64 cadss_at_us;                /* 40 min of infusion time (or at an early end) */
  gint64 due_grace_us;               /* due → overdue after this long (3 min, as alarm T4) */
  gint64 early_reading_us;           /* a check this much before its due time counts (1 min) */
} VigilTreatmentConfig;

/* Whether a scheduled check (NIBP, MOAA/S) is due now. */
typedef enum
{
  VIGIL_TREATMENT_DUE_NOT_DUE,
  VIGIL_TREATMENT_DUE_DUE,
  VIGIL_TREATMENT_DUE_OVERDUE,
} VigilTreatmentDue;

/* The moments of the "information" signal: each is emitted once when it
 * happens (the app plays the information tone and shows a prompt). After a
 * restart, a moment that is still current (the infusion time is over but
 * nobody ended it, a check is due) is announced once more. */
typedef enum
{
  VIGIL_TREATMENT_INFORMATION_INFUSION_COMPLETE,
  VIGIL_TREATMENT_INFORMATION_NIBP_DUE,
  VIGIL_TREATMENT_INFORMATION_MOAAS_DUE,
  VIGIL_TREATMENT_INFORMATION_CADSS_DUE,
  VIGIL_TREATMENT_INFORMATION_RECOVERY_MINIMUM_REACHED,
} VigilTreatmentInformation;

#define VIGIL_TYPE_TREATMENT_DUE         (vigil_treatment_due_get_type ())
#define VIGIL_TYPE_TREATMENT_INFORMATION (vigil_treatment_information_get_type ())
#define VIGIL_TYPE_TREATMENT             (vigil_treatment_get_type ())

G_DECLARE_FINAL_TYPE (VigilTreatment, vigil_treatment, VIGIL, TREATMENT, GObject)

GQuark                vigil_treatment_error_quark                  (void);
GType                 vigil_treatment_due_get_type                 (void) G_GNUC_CONST;
GType                 vigil_treatment_information_get_type         (void) G_GNUC_CONST;

void                  vigil_treatment_config_init                  (VigilTreatmentConfig       *config);
gboolean              vigil_treatment_config_validate              (const VigilTreatmentConfig *config,
                                                                    GError                    **error);

VigilTreatment       *vigil_treatment_new                          (const VigilTreatmentConfig *config,
                                                                    VigilClock                 *clock);
const VigilTreatmentConfig *
                      vigil_treatment_get_config                   (VigilTreatment             *self);
VigilClock           *vigil_treatment_get_clock                    (VigilTreatment             *self);

/* Steps. */
gboolean              vigil_treatment_apply                        (VigilTreatment             *self,
                                                                    VigilTreatmentStepKind      kind,
                                                                    const char                 *who,
                                                                    const char                 *reason,
                                                                    gboolean                    override,
                                                                    GError                    **error);
gboolean              vigil_treatment_can_apply                    (VigilTreatment             *self,
                                                                    VigilTreatmentStepKind      kind,
                                                                    const char                 *who,
                                                                    const char                 *reason,
                                                                    gboolean                    override,
                                                                    GError                    **error);
gboolean              vigil_treatment_replay                       (VigilTreatment             *self,
                                                                    GPtrArray                  *steps,
                                                                    GError                    **error);
GPtrArray            *vigil_treatment_get_steps                    (VigilTreatment             *self);

/* State and timers, at the clock's current wall time. */
VigilTreatmentPhase   vigil_treatment_get_phase                    (VigilTreatment             *self);
gint64                vigil_treatment_get_infusion_started_at      (VigilTreatment             *self);
gint64                vigil_treatment_get_infusion_ended_at        (VigilTreatment             *self);
gint64                vigil_treatment_get_recovery_started_at      (VigilTreatment             *self);
gint64                vigil_treatment_get_infusion_elapsed         (VigilTreatment             *self);
gint64                vigil_treatment_get_infusion_remaining       (VigilTreatment             *self);
gint64                vigil_treatment_get_paused_total             (VigilTreatment             *self);
gint64                vigil_treatment_get_current_pause_elapsed    (VigilTreatment             *self);
gint64                vigil_treatment_get_recovery_elapsed         (VigilTreatment             *self);
gint64                vigil_treatment_get_recovery_remaining_minimum (VigilTreatment           *self);
gint64                vigil_treatment_get_recovery_remaining_default (VigilTreatment           *self);

/* Schedules. */
void                  vigil_treatment_note_nibp                    (VigilTreatment             *self,
                                                                    gint64                      wall_us);
void                  vigil_treatment_note_moaas                   (VigilTreatment             *self,
                                                                    gint64                      wall_us);
gint64                vigil_treatment_get_next_nibp_due            (VigilTreatment             *self);
gint64                vigil_treatment_get_next_moaas_due           (VigilTreatment             *self);
VigilTreatmentDue     vigil_treatment_get_nibp_state               (VigilTreatment             *self);
VigilTreatmentDue     vigil_treatment_get_moaas_state              (VigilTreatment             *self);

G_END_DECLS
