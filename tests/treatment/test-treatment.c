/* test-treatment.c — the treatment state machine, its timers and schedules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything runs on a manual clock, so a 40-minute infusion and a 45-minute
 * recovery take milliseconds and every time is known exactly.
 */
#include <string.h>

#include "vigil-treatment.h"

#define T0   G_GINT64_CONSTANT (1700000000000000)
#define SEC  G_USEC_PER_SEC
#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define WHO  "Nurse Ana"

#define A    (-1)   /* allowed, in the transition table */
#define F    VIGIL_TREATMENT_ERROR_FORBIDDEN
#define O    VIGIL_TREATMENT_ERROR_OVERRIDE_REQUIRED
#define X    VIGIL_TREATMENT_ERROR_OVERRIDE_NOT_ALLOWED

static void
apply_ok (VigilTreatment         *t,
          VigilTreatmentStepKind  kind,
          const char             *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_treatment_apply (t, kind, WHO, reason, FALSE, &error));
  g_assert_no_error (error);
}

static void
apply_fails (VigilTreatment         *t,
             VigilTreatmentStepKind  kind,
             const char             *who,
             const char             *reason,
             gboolean                override,
             int                     code)
{
  g_autoptr(GError) error = NULL;
  VigilTreatmentPhase before = vigil_treatment_get_phase (t);
  guint n = vigil_treatment_get_steps (t)->len;

  g_assert_false (vigil_treatment_apply (t, kind, who, reason, override, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 20);
  g_assert_cmpint (vigil_treatment_get_phase (t), ==, before);
  g_assert_cmpuint (vigil_treatment_get_steps (t)->len, ==, n);
}

/* A treatment in @phase, reached through the real steps, with 31 minutes
 * on the clock since (so the recovery time gate is passed). */
static VigilTreatment *
treatment_in (VigilClock          *clock,
              VigilTreatmentPhase  phase)
{
  VigilTreatment *t = vigil_treatment_new (NULL, clock);

  switch (phase)
    {
    case VIGIL_TREATMENT_PHASE_BEFORE:
      break;
    case VIGIL_TREATMENT_PHASE_CANCELLED:
      apply_ok (t, VIGIL_TREATMENT_STEP_CANCEL, "patient unwell");
      break;
    case VIGIL_TREATMENT_PHASE_INFUSION:
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:
    case VIGIL_TREATMENT_PHASE_RECOVERY:
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE:
    case VIGIL_TREATMENT_PHASE_DISCHARGED:
    case VIGIL_TREATMENT_PHASE_ABORTED:
      apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
      if (phase == VIGIL_TREATMENT_PHASE_INFUSION)
        break;
      if (phase == VIGIL_TREATMENT_PHASE_ABORTED)
        {
          apply_ok (t, VIGIL_TREATMENT_STEP_ABORT, "vomiting");
          break;
        }
      if (phase == VIGIL_TREATMENT_PHASE_INFUSION_PAUSED)
        {
          apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "blood pressure");
          break;
        }
      vigil_clock_advance (clock, 40 * MINUTE);
      apply_ok (t, VIGIL_TREATMENT_STEP_END_INFUSION, NULL);
      if (phase == VIGIL_TREATMENT_PHASE_RECOVERY)
        break;
      vigil_clock_advance (clock, 30 * MINUTE);
      apply_ok (t, VIGIL_TREATMENT_STEP_READY, NULL);
      if (phase == VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE)
        break;
      apply_ok (t, VIGIL_TREATMENT_STEP_DISCHARGE, NULL);
      break;
    case VIGIL_N_TREATMENT_PHASES:
    default:
      g_assert_not_reached ();
    }
  g_assert_cmpint (vigil_treatment_get_phase (t), ==, phase);
  vigil_clock_advance (clock, 31 * MINUTE);
  return t;
}

/* phase × step, each step taken by a named person with a reason. */
static const int expected[VIGIL_N_TREATMENT_PHASES][VIGIL_N_TREATMENT_STEPS] = {
  /*                       start pause resume end ready not-ready discharge cancel abort */
  [VIGIL_TREATMENT_PHASE_BEFORE]              = { A, F, F, F, F, F, F, A, F },
  [VIGIL_TREATMENT_PHASE_INFUSION]            = { F, A, F, A, F, F, F, F, A },
  [VIGIL_TREATMENT_PHASE_INFUSION_PAUSED]     = { F, F, A, A, F, F, F, F, A },
  [VIGIL_TREATMENT_PHASE_RECOVERY]            = { F, F, F, F, A, F, O, F, A },
  [VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE] = { F, F, F, F, F, A, A, F, A },
  [VIGIL_TREATMENT_PHASE_DISCHARGED]          = { F, F, F, F, F, F, F, F, F },
  [VIGIL_TREATMENT_PHASE_CANCELLED]           = { F, F, F, F, F, F, F, F, F },
  [VIGIL_TREATMENT_PHASE_ABORTED]             = { F, F, F, F, F, F, F, F, F },
};

/* Where an allowed step leads. */
static const VigilTreatmentPhase target[VIGIL_N_TREATMENT_STEPS] = {
  [VIGIL_TREATMENT_STEP_START_INFUSION] = VIGIL_TREATMENT_PHASE_INFUSION,
  [VIGIL_TREATMENT_STEP_PAUSE] = VIGIL_TREATMENT_PHASE_INFUSION_PAUSED,
  [VIGIL_TREATMENT_STEP_RESUME] = VIGIL_TREATMENT_PHASE_INFUSION,
  [VIGIL_TREATMENT_STEP_END_INFUSION] = VIGIL_TREATMENT_PHASE_RECOVERY,
  [VIGIL_TREATMENT_STEP_READY] = VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE,
  [VIGIL_TREATMENT_STEP_NOT_READY] = VIGIL_TREATMENT_PHASE_RECOVERY,
  [VIGIL_TREATMENT_STEP_DISCHARGE] = VIGIL_TREATMENT_PHASE_DISCHARGED,
  [VIGIL_TREATMENT_STEP_CANCEL] = VIGIL_TREATMENT_PHASE_CANCELLED,
  [VIGIL_TREATMENT_STEP_ABORT] = VIGIL_TREATMENT_PHASE_ABORTED,
};

static void
test_transitions (void)
{
  guint allowed = 0;

  for (guint p = 0; p < VIGIL_N_TREATMENT_PHASES; p++)
    for (guint k = 0; k < VIGIL_N_TREATMENT_STEPS; k++)
      {
        g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
        g_autoptr(VigilTreatment) t = treatment_in (clock, p);
        g_autoptr(GError) error = NULL;
        gboolean ok;

        ok = vigil_treatment_apply (t, k, WHO, "a reason", FALSE, &error);
        if (expected[p][k] == A)
          {
            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpint (vigil_treatment_get_phase (t), ==, target[k]);
            allowed++;
          }
        else
          {
            g_assert_false (ok);
            g_assert_error (error, VIGIL_TREATMENT_ERROR, expected[p][k]);
            g_assert_cmpint (vigil_treatment_get_phase (t), ==, p);
            g_test_message ("%s × %s: %s", vigil_treatment_phase_to_string (p),
                            vigil_treatment_step_kind_to_string (k), error->message);
          }
      }
  g_assert_cmpuint (allowed, ==, 13);
}

/* Overrides: only DISCHARGE and START_INFUSION have a gate to override. */
static void
test_override_table (void)
{
  for (guint p = 0; p < VIGIL_N_TREATMENT_PHASES; p++)
    for (guint k = 0; k < VIGIL_N_TREATMENT_STEPS; k++)
      {
        g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
        g_autoptr(VigilTreatment) t = treatment_in (clock, p);
        g_autoptr(GError) error = NULL;
        int want = expected[p][k];
        gboolean ok;

        if (want == O)
          want = A;
        else if (want == A && k != VIGIL_TREATMENT_STEP_DISCHARGE
                 && k != VIGIL_TREATMENT_STEP_START_INFUSION)
          want = X;
        ok = vigil_treatment_apply (t, k, "Dr Rivera", "clinical judgement", TRUE, &error);
        if (want == A)
          {
            GPtrArray *steps = vigil_treatment_get_steps (t);
            VigilTreatmentStep *last = g_ptr_array_index (steps, steps->len - 1);

            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_true (last->override);
          }
        else
          g_assert_error (error, VIGIL_TREATMENT_ERROR, want);
      }
}

static void
test_messages (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_treatment_apply (t, VIGIL_TREATMENT_STEP_PAUSE, WHO, "nausea", FALSE, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, "The infusion cannot be paused: it is not running.");
  g_clear_error (&error);

  g_assert_false (vigil_treatment_apply (t, VIGIL_TREATMENT_STEP_ABORT, WHO, "x", FALSE, &error));
  g_assert_cmpstr (error->message, ==,
                   "The treatment cannot be stopped: the infusion has not started; use Cancel instead.");
  g_clear_error (&error);

  /* A person is always required; blank does not count. */
  apply_fails (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL, NULL, FALSE,
               VIGIL_TREATMENT_ERROR_WHO_REQUIRED);
  apply_fails (t, VIGIL_TREATMENT_STEP_START_INFUSION, "  ", NULL, FALSE,
               VIGIL_TREATMENT_ERROR_WHO_REQUIRED);
  apply_fails (t, VIGIL_TREATMENT_STEP_CANCEL, WHO, NULL, FALSE,
               VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  apply_fails (t, VIGIL_TREATMENT_STEP_CANCEL, WHO, " ", FALSE,
               VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  apply_fails (t, VIGIL_TREATMENT_STEP_START_INFUSION, "Dr Rivera", NULL, TRUE,
               VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);

  apply_fails (t, VIGIL_TREATMENT_STEP_PAUSE, WHO, NULL, FALSE,
               VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  apply_fails (t, VIGIL_TREATMENT_STEP_ABORT, WHO, NULL, FALSE,
               VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  apply_fails (t, VIGIL_TREATMENT_STEP_START_INFUSION, WHO, NULL, FALSE,
               VIGIL_TREATMENT_ERROR_FORBIDDEN);
  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "nausea");
  apply_fails (t, VIGIL_TREATMENT_STEP_PAUSE, WHO, "nausea", FALSE,
               VIGIL_TREATMENT_ERROR_FORBIDDEN);
  g_assert_false (vigil_treatment_apply (t, VIGIL_TREATMENT_STEP_PAUSE, WHO, "nausea", FALSE, &error));
  g_assert_cmpstr (error->message, ==, "The infusion cannot be paused: it is already paused.");
  g_clear_error (&error);

  /* can_apply answers without taking the step. */
  g_assert_true (vigil_treatment_can_apply (t, VIGIL_TREATMENT_STEP_RESUME, WHO, NULL, FALSE, NULL));
  g_assert_false (vigil_treatment_can_apply (t, VIGIL_TREATMENT_STEP_RESUME, NULL, NULL, FALSE, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_WHO_REQUIRED);
  g_assert_cmpint (vigil_treatment_get_phase (t), ==, VIGIL_TREATMENT_PHASE_INFUSION_PAUSED);
}

static void
assert_times (VigilTreatment *t,
              gint64          elapsed,
              gint64          remaining,
              gint64          paused_total,
              gint64          current_pause)
{
  g_assert_cmpint (vigil_treatment_get_infusion_elapsed (t), ==, elapsed);
  g_assert_cmpint (vigil_treatment_get_infusion_remaining (t), ==, remaining);
  g_assert_cmpint (vigil_treatment_get_paused_total (t), ==, paused_total);
  g_assert_cmpint (vigil_treatment_get_current_pause_elapsed (t), ==, current_pause);
}

static void
test_pause_arithmetic (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);

  assert_times (t, 0, 40 * MINUTE, 0, 0);
  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  g_assert_cmpint (vigil_treatment_get_infusion_started_at (t), ==, T0);
  vigil_clock_advance (clock, 12 * MINUTE);
  assert_times (t, 12 * MINUTE, 28 * MINUTE, 0, 0);

  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "blood pressure");
  vigil_clock_advance (clock, 3 * MINUTE + 30 * SEC);
  /* The pause in progress counts; the infusion clock stands still. */
  assert_times (t, 12 * MINUTE, 28 * MINUTE, 3 * MINUTE + 30 * SEC, 3 * MINUTE + 30 * SEC);
  apply_ok (t, VIGIL_TREATMENT_STEP_RESUME, NULL);
  vigil_clock_advance (clock, 10 * MINUTE);
  assert_times (t, 22 * MINUTE, 18 * MINUTE, 3 * MINUTE + 30 * SEC, 0);

  /* A second pause. */
  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "patient request");
  vigil_clock_advance (clock, 1 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_RESUME, NULL);
  vigil_clock_advance (clock, 5 * MINUTE);
  assert_times (t, 27 * MINUTE, 13 * MINUTE, 4 * MINUTE + 30 * SEC, 0);

  /* A third, in progress, then the infusion ended early while paused. */
  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "anxiety");
  vigil_clock_advance (clock, 2 * MINUTE);
  assert_times (t, 27 * MINUTE, 13 * MINUTE, 6 * MINUTE + 30 * SEC, 2 * MINUTE);
  apply_fails (t, VIGIL_TREATMENT_STEP_END_INFUSION, WHO, NULL, FALSE,
               VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  apply_ok (t, VIGIL_TREATMENT_STEP_END_INFUSION, "persistent anxiety");
  g_assert_cmpint (vigil_treatment_get_infusion_ended_at (t), ==, T0 + 33 * MINUTE + 30 * SEC);
  g_assert_cmpint (vigil_treatment_get_recovery_started_at (t), ==, T0 + 33 * MINUTE + 30 * SEC);

  /* Frozen once ended; recovery runs. */
  vigil_clock_advance (clock, 20 * MINUTE);
  assert_times (t, 27 * MINUTE, 13 * MINUTE, 6 * MINUTE + 30 * SEC, 0);
  g_assert_cmpint (vigil_treatment_get_recovery_elapsed (t), ==, 20 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_recovery_remaining_minimum (t), ==, 10 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_recovery_remaining_default (t), ==, 25 * MINUTE);
  vigil_clock_advance (clock, 40 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_recovery_remaining_minimum (t), ==, 0);
  g_assert_cmpint (vigil_treatment_get_recovery_remaining_default (t), ==, 0);

  /* Recovery stops at discharge. */
  apply_ok (t, VIGIL_TREATMENT_STEP_READY, NULL);
  apply_ok (t, VIGIL_TREATMENT_STEP_DISCHARGE, NULL);
  vigil_clock_advance (clock, 60 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_recovery_elapsed (t), ==, 60 * MINUTE);
}

static void
test_early_end (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);
  g_autoptr(GError) error = NULL;

  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  vigil_clock_advance (clock, 40 * MINUTE - 1 * SEC);
  g_assert_false (vigil_treatment_apply (t, VIGIL_TREATMENT_STEP_END_INFUSION, WHO, NULL, FALSE, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  g_assert_cmpstr (error->message, ==,
                   "The infusion cannot be ended early without a reason: it has run 39 min 59 s of 40 min.");
  vigil_clock_advance (clock, 1 * SEC);
  apply_ok (t, VIGIL_TREATMENT_STEP_END_INFUSION, NULL);
  g_assert_null (((VigilTreatmentStep *) g_ptr_array_index (vigil_treatment_get_steps (t), 1))->reason);
}

static void
test_discharge_gates (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);
  g_autoptr(VigilTreatment) t2 = NULL;
  GPtrArray *steps;
  VigilTreatmentStep *last;

  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  vigil_clock_advance (clock, 40 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_END_INFUSION, NULL);
  vigil_clock_advance (clock, 30 * MINUTE - 1 * SEC);

  /* Before the minimum: neither READY nor a plain discharge. */
  apply_fails (t, VIGIL_TREATMENT_STEP_READY, WHO, NULL, FALSE, VIGIL_TREATMENT_ERROR_TOO_EARLY);
  apply_fails (t, VIGIL_TREATMENT_STEP_DISCHARGE, WHO, NULL, FALSE, VIGIL_TREATMENT_ERROR_TOO_EARLY);
  /* An override needs a reason and a person. */
  apply_fails (t, VIGIL_TREATMENT_STEP_DISCHARGE, "Dr Rivera", NULL, TRUE,
               VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  apply_fails (t, VIGIL_TREATMENT_STEP_DISCHARGE, NULL, "ride waiting, stable", TRUE,
               VIGIL_TREATMENT_ERROR_WHO_REQUIRED);

  vigil_clock_advance (clock, 1 * SEC);
  /* At the minimum: still not without criteria (READY) or an override. */
  apply_fails (t, VIGIL_TREATMENT_STEP_DISCHARGE, WHO, NULL, FALSE,
               VIGIL_TREATMENT_ERROR_OVERRIDE_REQUIRED);
  apply_ok (t, VIGIL_TREATMENT_STEP_READY, NULL);
  apply_ok (t, VIGIL_TREATMENT_STEP_NOT_READY, "blood pressure rose");
  apply_ok (t, VIGIL_TREATMENT_STEP_READY, NULL);
  apply_ok (t, VIGIL_TREATMENT_STEP_DISCHARGE, NULL);
  g_assert_cmpint (vigil_treatment_get_phase (t), ==, VIGIL_TREATMENT_PHASE_DISCHARGED);

  /* The override, recorded as one. */
  t2 = vigil_treatment_new (NULL, clock);
  apply_ok (t2, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  vigil_clock_advance (clock, 40 * MINUTE);
  apply_ok (t2, VIGIL_TREATMENT_STEP_END_INFUSION, NULL);
  vigil_clock_advance (clock, 20 * MINUTE);
  g_assert_true (vigil_treatment_apply (t2, VIGIL_TREATMENT_STEP_DISCHARGE, "Dr Rivera",
                                        "transfer to emergency department", TRUE, NULL));
  steps = vigil_treatment_get_steps (t2);
  last = g_ptr_array_index (steps, steps->len - 1);
  g_assert_cmpint (last->kind, ==, VIGIL_TREATMENT_STEP_DISCHARGE);
  g_assert_true (last->override);
  g_assert_cmpstr (last->who, ==, "Dr Rivera");
  g_assert_cmpstr (last->reason, ==, "transfer to emergency department");
  g_assert_cmpint (last->wall_us, ==, vigil_clock_get_wall (clock));
}

typedef struct
{
  GPtrArray *log;     /* strings: "step:KIND@WALL", "phase:PHASE" */
  GPtrArray *steps;   /* copies of the emitted steps */
} Recorder;

static void
on_step (VigilTreatment     *t,
         VigilTreatmentStep *step,
         Recorder           *r)
{
  GPtrArray *list = vigil_treatment_get_steps (t);

  /* Already in the list when emitted, and the same record. */
  g_assert_true (g_ptr_array_index (list, list->len - 1) == step);
  g_ptr_array_add (r->steps, vigil_treatment_step_copy (step));
  g_ptr_array_add (r->log, g_strdup_printf ("step:%s", vigil_treatment_step_kind_to_string (step->kind)));
}

static void
on_phase (VigilTreatment *t,
          GParamSpec     *pspec,
          Recorder       *r)
{
  g_ptr_array_add (r->log, g_strdup_printf ("phase:%s",
                                            vigil_treatment_phase_to_string (vigil_treatment_get_phase (t))));
}

static void
test_signals (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);
  Recorder r = { g_ptr_array_new_with_free_func (g_free),
                 g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_treatment_step_free) };
  VigilTreatmentStep *s;

  g_signal_connect (t, "step", G_CALLBACK (on_step), &r);
  g_signal_connect (t, "notify::phase", G_CALLBACK (on_phase), &r);

  vigil_clock_advance (clock, 90 * SEC);
  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  apply_fails (t, VIGIL_TREATMENT_STEP_RESUME, WHO, NULL, FALSE, VIGIL_TREATMENT_ERROR_FORBIDDEN);
  vigil_clock_advance (clock, 5 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "nausea");

  g_assert_cmpuint (r.log->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (r.log, 0), ==, "step:start-infusion");
  g_assert_cmpstr (g_ptr_array_index (r.log, 1), ==, "phase:infusion");
  g_assert_cmpstr (g_ptr_array_index (r.log, 2), ==, "step:pause");
  g_assert_cmpstr (g_ptr_array_index (r.log, 3), ==, "phase:infusion-paused");
  s = g_ptr_array_index (r.steps, 1);
  g_assert_cmpint (s->wall_us, ==, T0 + 90 * SEC + 5 * MINUTE);
  g_assert_cmpstr (s->who, ==, WHO);
  g_assert_cmpstr (s->reason, ==, "nausea");
  g_assert_false (s->override);

  g_signal_handlers_disconnect_by_data (t, &r);
  g_ptr_array_unref (r.log);
  g_ptr_array_unref (r.steps);
}

static void
test_step_strings (void)
{
  g_autoptr(GEnumClass) kinds = g_type_class_ref (VIGIL_TYPE_TREATMENT_STEP_KIND);
  g_autoptr(GEnumClass) phases = g_type_class_ref (VIGIL_TYPE_TREATMENT_PHASE);
  g_autoptr(VigilTreatmentStep) step = vigil_treatment_step_new (VIGIL_TREATMENT_STEP_ABORT, T0, WHO, "fall");
  g_autoptr(VigilTreatmentStep) copy = NULL;
  VigilTreatmentStepKind kind = VIGIL_TREATMENT_STEP_PAUSE;

  for (guint k = 0; k < VIGIL_N_TREATMENT_STEPS; k++)
    {
      VigilTreatmentStepKind back;

      g_assert_cmpstr (vigil_treatment_step_kind_to_string (k), ==,
                       g_enum_get_value (kinds, k)->value_nick);
      g_assert_true (vigil_treatment_step_kind_from_string (vigil_treatment_step_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  for (guint p = 0; p < VIGIL_N_TREATMENT_PHASES; p++)
    g_assert_cmpstr (vigil_treatment_phase_to_string (p), ==, g_enum_get_value (phases, p)->value_nick);
  g_assert_cmpstr (vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_END_INFUSION), ==, "end-infusion");
  g_assert_cmpstr (vigil_treatment_phase_to_string (VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE), ==,
                   "ready-for-discharge");
  g_assert_false (vigil_treatment_step_kind_from_string ("stop", &kind));
  g_assert_false (vigil_treatment_step_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, VIGIL_TREATMENT_STEP_PAUSE);

  step->override = TRUE;
  copy = vigil_treatment_step_copy (step);
  g_assert_true (copy->who != step->who);
  g_assert_cmpstr (copy->who, ==, WHO);
  g_assert_cmpstr (copy->reason, ==, "fall");
  g_assert_true (copy->override);
  g_assert_cmpint (copy->wall_us, ==, T0);
}

static void
test_config (void)
{
  VigilTreatmentConfig config;
  g_autoptr(GError) error = NULL;

  vigil_treatment_config_init (&config);
  g_assert_cmpint (config.infusion_duration_us, ==, 40 * MINUTE);
  g_assert_cmpint (config.recovery_minimum_us, ==, 30 * MINUTE);
  g_assert_cmpint (config.recovery_default_us, ==, 45 * MINUTE);
  g_assert_cmpint (config.nibp_infusion_interval_us, ==, 10 * MINUTE);
  g_assert_cmpint (config.nibp_recovery_interval_us, ==, 15 * MINUTE);
  g_assert_cmpint (config.moaas_interval_us, ==, 10 * MINUTE);
  g_assert_cmpint (config.cadss_at_us, ==, 40 * MINUTE);
  g_assert_true (vigil_treatment_config_validate (&config, &error));
  g_assert_no_error (error);

  config.nibp_infusion_interval_us = 5 * MINUTE;
  g_assert_true (vigil_treatment_config_validate (&config, NULL));

  config.infusion_duration_us = 0;
  g_assert_false (vigil_treatment_config_validate (&config, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The clinic configuration is not valid: the infusion duration must be between "
                   "1 min and 240 min (it is 0 s).");
  g_clear_error (&error);

  vigil_treatment_config_init (&config);
  config.recovery_default_us = 20 * MINUTE;
  g_assert_false (vigil_treatment_config_validate (&config, &error));
  g_assert_nonnull (strstr (error->message, "the default recovery time must be between 30 min"));
  g_clear_error (&error);

  vigil_treatment_config_init (&config);
  config.cadss_at_us = 50 * MINUTE;
  g_assert_false (vigil_treatment_config_validate (&config, &error));
  g_assert_nonnull (strstr (error->message, "CADSS-6"));
  g_clear_error (&error);

  vigil_treatment_config_init (&config);
  config.nibp_infusion_interval_us = -5 * MINUTE;
  g_assert_false (vigil_treatment_config_validate (&config, &error));
  g_assert_nonnull (strstr (error->message, "blood-pressure interval during the infusion"));
  g_clear_error (&error);

  vigil_treatment_config_init (&config);
  config.early_reading_us = 10 * MINUTE;
  g_assert_false (vigil_treatment_config_validate (&config, &error));
  g_clear_error (&error);
}

/* Drives a treatment through pauses, then replays its steps into a fresh
 * one on the same clock and compares everything derived, now and later. */
static void
assert_same (VigilTreatment *a,
             VigilTreatment *b)
{
  g_assert_cmpint (vigil_treatment_get_phase (a), ==, vigil_treatment_get_phase (b));
  g_assert_cmpint (vigil_treatment_get_infusion_started_at (a), ==, vigil_treatment_get_infusion_started_at (b));
  g_assert_cmpint (vigil_treatment_get_infusion_elapsed (a), ==, vigil_treatment_get_infusion_elapsed (b));
  g_assert_cmpint (vigil_treatment_get_infusion_remaining (a), ==, vigil_treatment_get_infusion_remaining (b));
  g_assert_cmpint (vigil_treatment_get_paused_total (a), ==, vigil_treatment_get_paused_total (b));
  g_assert_cmpint (vigil_treatment_get_current_pause_elapsed (a), ==,
                   vigil_treatment_get_current_pause_elapsed (b));
  g_assert_cmpint (vigil_treatment_get_recovery_elapsed (a), ==, vigil_treatment_get_recovery_elapsed (b));
  g_assert_cmpint (vigil_treatment_get_recovery_remaining_minimum (a), ==,
                   vigil_treatment_get_recovery_remaining_minimum (b));
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (a), ==, vigil_treatment_get_next_nibp_due (b));
  g_assert_cmpint (vigil_treatment_get_next_moaas_due (a), ==, vigil_treatment_get_next_moaas_due (b));
}

static void
count_step (VigilTreatment     *t,
            VigilTreatmentStep *step,
            guint              *n)
{
  (*n)++;
}

static void
test_replay (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);
  struct { gint64 advance; VigilTreatmentStepKind kind; const char *reason; } script[] = {
    { 2 * MINUTE, VIGIL_TREATMENT_STEP_START_INFUSION, NULL },
    { 7 * MINUTE, VIGIL_TREATMENT_STEP_PAUSE, "blood pressure" },
    { 4 * MINUTE + 10 * SEC, VIGIL_TREATMENT_STEP_RESUME, NULL },
    { 20 * MINUTE, VIGIL_TREATMENT_STEP_PAUSE, "nausea" },
    { 3 * MINUTE, VIGIL_TREATMENT_STEP_RESUME, NULL },
    { 13 * MINUTE, VIGIL_TREATMENT_STEP_END_INFUSION, NULL },
    { 31 * MINUTE, VIGIL_TREATMENT_STEP_READY, NULL },
    { 5 * MINUTE, VIGIL_TREATMENT_STEP_DISCHARGE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (script); i++)
    {
      g_autoptr(VigilTreatment) fresh = vigil_treatment_new (NULL, clock);
      g_autoptr(GError) error = NULL;
      guint emitted = 0;

      vigil_clock_advance (clock, script[i].advance);
      apply_ok (t, script[i].kind, script[i].reason);
      vigil_clock_advance (clock, 90 * SEC);

      g_signal_connect (fresh, "step", G_CALLBACK (count_step), &emitted);
      g_assert_true (vigil_treatment_replay (fresh, vigil_treatment_get_steps (t), &error));
      g_assert_no_error (error);
      g_assert_cmpuint (emitted, ==, 0);
      g_assert_cmpuint (vigil_treatment_get_steps (fresh)->len, ==, i + 1);
      assert_same (t, fresh);
      vigil_clock_advance (clock, 77 * SEC);
      assert_same (t, fresh);
    }
  /* Three running stretches of 7, 20 and 13 min, each 167 s longer. */
  g_assert_cmpint (vigil_treatment_get_infusion_elapsed (t), ==, 40 * MINUTE + 3 * 167 * SEC);
  g_assert_cmpint (vigil_treatment_get_paused_total (t), ==, 7 * MINUTE + 10 * SEC + 2 * 167 * SEC);
}

static GPtrArray *
steps_of (const VigilTreatmentStep *first,
          ...)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_treatment_step_free);
  va_list args;

  va_start (args, first);
  for (const VigilTreatmentStep *s = first; s != NULL; s = va_arg (args, const VigilTreatmentStep *))
    g_ptr_array_add (steps, (gpointer) s);
  va_end (args);
  return steps;
}

static void
test_replay_invalid (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0 + 2 * G_TIME_SPAN_HOUR);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bad_order = NULL;
  g_autoptr(GPtrArray) no_reason = NULL;
  g_autoptr(GPtrArray) bad_kind = NULL;
  g_autoptr(GPtrArray) good = NULL;
  g_autoptr(GPtrArray) early = NULL;
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);
  g_autoptr(GPtrArray) steps =
    steps_of (vigil_treatment_step_new (VIGIL_TREATMENT_STEP_START_INFUSION, T0, WHO, NULL),
              vigil_treatment_step_new (VIGIL_TREATMENT_STEP_RESUME, T0 + MINUTE, WHO, NULL),
              NULL);

  g_assert_false (vigil_treatment_replay (t, steps, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_FORBIDDEN);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The stored treatment cannot be restored: step 2 of 2 (resume at "));
  g_assert_true (g_str_has_suffix (error->message, "by Nurse Ana): The infusion cannot be resumed: it is not paused."));
  g_clear_error (&error);
  /* Unchanged after a refused replay. */
  g_assert_cmpint (vigil_treatment_get_phase (t), ==, VIGIL_TREATMENT_PHASE_BEFORE);
  g_assert_cmpuint (vigil_treatment_get_steps (t)->len, ==, 0);

  bad_order = steps_of (vigil_treatment_step_new (VIGIL_TREATMENT_STEP_START_INFUSION, T0, WHO, NULL),
                        vigil_treatment_step_new (VIGIL_TREATMENT_STEP_PAUSE, T0 - SEC, WHO, "nausea"),
                        NULL);
  g_assert_false (vigil_treatment_replay (t, bad_order, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "step 2 of 2 (pause"));
  g_clear_error (&error);

  no_reason = steps_of (vigil_treatment_step_new (VIGIL_TREATMENT_STEP_START_INFUSION, T0, WHO, NULL),
                        vigil_treatment_step_new (VIGIL_TREATMENT_STEP_PAUSE, T0 + SEC, WHO, NULL),
                        NULL);
  g_assert_false (vigil_treatment_replay (t, no_reason, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED);
  g_clear_error (&error);

  /* The time gates are checked at the recorded times. */
  early = steps_of (vigil_treatment_step_new (VIGIL_TREATMENT_STEP_START_INFUSION, T0, WHO, NULL),
                    vigil_treatment_step_new (VIGIL_TREATMENT_STEP_END_INFUSION, T0 + 40 * MINUTE, WHO, NULL),
                    vigil_treatment_step_new (VIGIL_TREATMENT_STEP_READY, T0 + 69 * MINUTE, WHO, NULL),
                    NULL);
  g_assert_false (vigil_treatment_replay (t, early, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_TOO_EARLY);
  g_assert_nonnull (strstr (error->message, "step 3 of 3 (ready"));
  g_clear_error (&error);

  bad_kind = steps_of (vigil_treatment_step_new (VIGIL_TREATMENT_STEP_START_INFUSION, T0, WHO, NULL), NULL);
  ((VigilTreatmentStep *) g_ptr_array_index (bad_kind, 0))->kind = VIGIL_N_TREATMENT_STEPS;
  g_assert_false (vigil_treatment_replay (t, bad_kind, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_INVALID);
  g_clear_error (&error);

  good = steps_of (vigil_treatment_step_new (VIGIL_TREATMENT_STEP_START_INFUSION, T0, WHO, NULL), NULL);
  g_assert_true (vigil_treatment_replay (t, good, &error));
  g_assert_no_error (error);
  /* Started two hours ago, never ended: the whole 40 min have run. */
  g_assert_cmpint (vigil_treatment_get_infusion_elapsed (t), ==, 2 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (vigil_treatment_get_infusion_remaining (t), ==, 0);
  /* Only into a new treatment. */
  g_assert_false (vigil_treatment_replay (t, good, &error));
  g_assert_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_INVALID);
}

static void
test_nibp_schedule (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);

  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, 0);
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_NOT_DUE);
  /* Baseline readings before the start do not count for the schedule. */
  vigil_treatment_note_nibp (t, T0);
  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 10 * MINUTE);

  vigil_clock_advance (clock, 10 * MINUTE - SEC);
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_NOT_DUE);
  vigil_clock_advance (clock, SEC);
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_DUE);
  vigil_clock_advance (clock, 3 * MINUTE - SEC);
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_DUE);
  vigil_clock_advance (clock, SEC);
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_OVERDUE);
  vigil_treatment_note_nibp (t, vigil_clock_get_wall (clock));      /* at 13:00 */
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_NOT_DUE);
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 20 * MINUTE);

  /* A reading up to a minute early counts for the due time. */
  vigil_clock_advance (clock, 6 * MINUTE + 30 * SEC);                  /* 19:30 */
  vigil_treatment_note_nibp (t, vigil_clock_get_wall (clock));
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 30 * MINUTE);

  /* A pause of 4 min at 22:00 moves the infusion-time schedule. */
  vigil_clock_advance (clock, 2 * MINUTE + 30 * SEC);                  /* 22:00 */
  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "blood pressure");
  vigil_clock_advance (clock, 1 * MINUTE);
  /* While paused, projected as if resumed now: 8 min of infusion to go. */
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 23 * MINUTE + 8 * MINUTE);
  vigil_clock_advance (clock, 3 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_RESUME, NULL);
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 34 * MINUTE);
  vigil_clock_advance (clock, 8 * MINUTE);                             /* infusion time 30:00 */
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_DUE);
  /* A due reading stays due during a pause, at its real time. */
  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "patient request");
  vigil_clock_advance (clock, 5 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 34 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_OVERDUE);
  vigil_treatment_note_nibp (t, vigil_clock_get_wall (clock));
  /* Infusion time 30:00 → the 40:00 reading comes 10 min after resuming. */
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, vigil_clock_get_wall (clock) + 10 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_RESUME, NULL);
  vigil_clock_advance (clock, 10 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_infusion_elapsed (t), ==, 40 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_DUE);
  vigil_treatment_note_nibp (t, vigil_clock_get_wall (clock));

  /* Recovery: the 40-min reading counts as the end reading, then every 15 min. */
  vigil_clock_advance (clock, 30 * SEC);
  apply_ok (t, VIGIL_TREATMENT_STEP_END_INFUSION, NULL);
  {
    gint64 rs = vigil_treatment_get_recovery_started_at (t);

    g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, rs + 15 * MINUTE);
    vigil_clock_advance (clock, 15 * MINUTE);
    g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_DUE);
    vigil_treatment_note_nibp (t, vigil_clock_get_wall (clock));
    g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, rs + 30 * MINUTE);
    vigil_clock_advance (clock, 15 * MINUTE);
    vigil_treatment_note_nibp (t, vigil_clock_get_wall (clock));
    g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, rs + 45 * MINUTE);
    /* Marked ready 5 min later: one reading before discharge, due now. */
    vigil_clock_advance (clock, 5 * MINUTE);
    apply_ok (t, VIGIL_TREATMENT_STEP_READY, NULL);
    g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, rs + 35 * MINUTE);
    g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_DUE);
    vigil_clock_advance (clock, 2 * MINUTE);
    vigil_treatment_note_nibp (t, vigil_clock_get_wall (clock));
    g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, rs + 45 * MINUTE);
    apply_ok (t, VIGIL_TREATMENT_STEP_DISCHARGE, NULL);
    g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, 0);
  }
}

static void
test_nibp_end_reading (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  VigilTreatmentConfig config;
  g_autoptr(VigilTreatment) t = NULL;
  g_autoptr(VigilTreatment) early = NULL;

  /* Every 15 min in a 40-min infusion: 15, 30 and the mandatory 40. */
  vigil_treatment_config_init (&config);
  config.nibp_infusion_interval_us = 15 * MINUTE;
  t = vigil_treatment_new (&config, clock);
  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 15 * MINUTE);
  vigil_treatment_note_nibp (t, T0 + 15 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 30 * MINUTE);
  vigil_treatment_note_nibp (t, T0 + 30 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 40 * MINUTE);
  vigil_treatment_note_nibp (t, T0 + 40 * MINUTE);
  /* An infusion not ended yet keeps its schedule. */
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (t), ==, T0 + 45 * MINUTE);

  /* Ended early at 35:00 (readings at 10, 20, 30): the end reading is due at the end. */
  early = vigil_treatment_new (NULL, clock);
  apply_ok (early, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  vigil_treatment_note_nibp (early, T0 + 10 * MINUTE);
  vigil_treatment_note_nibp (early, T0 + 20 * MINUTE);
  vigil_treatment_note_nibp (early, T0 + 30 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (early), ==, T0 + 40 * MINUTE);
  vigil_clock_advance (clock, 35 * MINUTE);
  apply_ok (early, VIGIL_TREATMENT_STEP_END_INFUSION, "nausea");
  g_assert_cmpint (vigil_treatment_get_next_nibp_due (early), ==, T0 + 35 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_nibp_state (early), ==, VIGIL_TREATMENT_DUE_DUE);
}

static void
test_moaas_schedule (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);

  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  g_assert_cmpint (vigil_treatment_get_next_moaas_due (t), ==, T0 + 10 * MINUTE);
  vigil_clock_advance (clock, 10 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_moaas_state (t), ==, VIGIL_TREATMENT_DUE_DUE);
  vigil_treatment_note_moaas (t, T0 + 10 * MINUTE);
  g_assert_cmpint (vigil_treatment_get_next_moaas_due (t), ==, T0 + 20 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "nausea");
  vigil_clock_advance (clock, 2 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_RESUME, NULL);
  g_assert_cmpint (vigil_treatment_get_next_moaas_due (t), ==, T0 + 22 * MINUTE);
  vigil_treatment_note_moaas (t, T0 + 22 * MINUTE);
  vigil_treatment_note_moaas (t, T0 + 32 * MINUTE);
  vigil_treatment_note_moaas (t, T0 + 42 * MINUTE);
  vigil_clock_advance (clock, 30 * MINUTE);                /* infusion time 40:00 */
  apply_ok (t, VIGIL_TREATMENT_STEP_END_INFUSION, NULL);
  g_assert_cmpint (vigil_treatment_get_next_moaas_due (t), ==, T0 + 52 * MINUTE);
}

typedef struct
{
  VigilClock     *clock;
  VigilTreatment *t;
  gboolean        take_checks;
  GArray         *events;   /* Info */
} InfoLog;

typedef struct
{
  VigilTreatmentInformation what;
  gint64                    at;
  gint64                    emitted;
} Info;

static void
on_information (VigilTreatment            *t,
                VigilTreatmentInformation  what,
                gint64                     at,
                InfoLog                   *log)
{
  Info info = { what, at, vigil_clock_get_wall (log->clock) };

  g_array_append_val (log->events, info);
  /* The nurse takes the check as soon as it is asked for. */
  if (log->take_checks && what == VIGIL_TREATMENT_INFORMATION_NIBP_DUE)
    vigil_treatment_note_nibp (t, info.emitted);
  if (log->take_checks && what == VIGIL_TREATMENT_INFORMATION_MOAAS_DUE)
    vigil_treatment_note_moaas (t, info.emitted);
}

static guint
count_info (InfoLog                   *log,
            VigilTreatmentInformation  what,
            const gint64              *want_at,
            guint                      n_want)
{
  guint n = 0;

  for (guint i = 0; i < log->events->len; i++)
    {
      const Info *info = &g_array_index (log->events, Info, i);

      if (info->what != what)
        continue;
      /* Announced on the first clock tick at or after the moment. */
      g_assert_cmpint (info->emitted, >=, info->at);
      g_assert_cmpint (info->emitted - info->at, <=, SEC);
      if (n < n_want)
        g_assert_cmpint (info->at, ==, want_at[n]);
      n++;
    }
  return n;
}

static void
test_information (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);
  InfoLog log = { clock, t, TRUE, g_array_new (FALSE, FALSE, sizeof (Info)) };
  gint64 rs;

  g_signal_connect (t, "information", G_CALLBACK (on_information), &log);

  /* Nothing before the start. */
  vigil_clock_advance (clock, 5 * MINUTE);
  g_assert_cmpuint (log.events->len, ==, 0);
  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);           /* T0 + 5 */
  vigil_clock_advance (clock, 12 * MINUTE);
  /* A 5-min pause at infusion time 12:00 moves every later moment by 5 min. */
  apply_ok (t, VIGIL_TREATMENT_STEP_PAUSE, "anxiety");
  vigil_clock_advance (clock, 5 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_RESUME, NULL);
  vigil_clock_advance (clock, 28 * MINUTE + 500 * 1000);               /* infusion time 40:00.5 */

  {
    const gint64 nibp[] = { T0 + 15 * MINUTE, T0 + 30 * MINUTE, T0 + 40 * MINUTE, T0 + 50 * MINUTE };
    const gint64 end[] = { T0 + 50 * MINUTE };

    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_NIBP_DUE, nibp, 4), ==, 4);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_MOAAS_DUE, nibp, 4), ==, 4);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_INFUSION_COMPLETE, end, 1), ==, 1);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_CADSS_DUE, end, 1), ==, 1);
  }
  /* Not an automatic transition: the infusion goes on until a person ends it. */
  g_assert_cmpint (vigil_treatment_get_phase (t), ==, VIGIL_TREATMENT_PHASE_INFUSION);
  vigil_clock_advance (clock, 30 * SEC);
  apply_ok (t, VIGIL_TREATMENT_STEP_END_INFUSION, NULL);
  rs = vigil_treatment_get_recovery_started_at (t);
  g_array_set_size (log.events, 0);
  vigil_clock_advance (clock, 50 * MINUTE + SEC);

  {
    /* The reading at 40:00 counts as the end reading: none again at the end. */
    const gint64 nibp[] = { rs + 15 * MINUTE, rs + 30 * MINUTE, rs + 45 * MINUTE };
    const gint64 moaas[] = { rs + 10 * MINUTE, rs + 20 * MINUTE, rs + 30 * MINUTE, rs + 40 * MINUTE, rs + 50 * MINUTE };
    const gint64 minimum[] = { rs + 30 * MINUTE };

    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_NIBP_DUE, nibp, 3), ==, 3);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_MOAAS_DUE, moaas, 5), ==, 5);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_RECOVERY_MINIMUM_REACHED, minimum, 1), ==, 1);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_INFUSION_COMPLETE, NULL, 0), ==, 0);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_CADSS_DUE, NULL, 0), ==, 0);
  }

  g_signal_handlers_disconnect_by_data (t, &log);
  g_array_unref (log.events);
}

/* Unanswered checks are announced once, not at every tick; an early end
 * asks for the CADSS-6 and the end reading at the end. */
static void
test_information_unanswered (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  g_autoptr(VigilTreatment) t = vigil_treatment_new (NULL, clock);
  InfoLog log = { clock, t, FALSE, g_array_new (FALSE, FALSE, sizeof (Info)) };

  g_signal_connect (t, "information", G_CALLBACK (on_information), &log);
  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  vigil_clock_advance (clock, 25 * MINUTE);
  {
    const gint64 first[] = { T0 + 10 * MINUTE };

    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_NIBP_DUE, first, 1), ==, 1);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_MOAAS_DUE, first, 1), ==, 1);
  }
  g_assert_cmpint (vigil_treatment_get_nibp_state (t), ==, VIGIL_TREATMENT_DUE_OVERDUE);
  vigil_treatment_note_nibp (t, T0 + 20 * MINUTE);
  apply_ok (t, VIGIL_TREATMENT_STEP_END_INFUSION, "nausea");
  g_array_set_size (log.events, 0);
  vigil_clock_advance (clock, 1 * SEC);
  {
    const gint64 end[] = { T0 + 25 * MINUTE };

    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_CADSS_DUE, end, 1), ==, 1);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_NIBP_DUE, end, 1), ==, 1);
    g_assert_cmpuint (count_info (&log, VIGIL_TREATMENT_INFORMATION_INFUSION_COMPLETE, NULL, 0), ==, 0);
  }
  g_signal_handlers_disconnect_by_data (t, &log);
  g_array_unref (log.events);
}

static void
test_finalize (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (T0);
  VigilTreatment *t = vigil_treatment_new (NULL, clock);

  apply_ok (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL);
  vigil_clock_advance (clock, 5 * SEC);
  g_assert_finalize_object (t);
  /* Its clock timer went with it. */
  vigil_clock_advance (clock, 60 * MINUTE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/treatment/transitions", test_transitions);
  g_test_add_func ("/vigil/treatment/override-table", test_override_table);
  g_test_add_func ("/vigil/treatment/messages", test_messages);
  g_test_add_func ("/vigil/treatment/pause-arithmetic", test_pause_arithmetic);
  g_test_add_func ("/vigil/treatment/early-end", test_early_end);
  g_test_add_func ("/vigil/treatment/discharge-gates", test_discharge_gates);
  g_test_add_func ("/vigil/treatment/signals", test_signals);
  g_test_add_func ("/vigil/treatment/step-strings", test_step_strings);
  g_test_add_func ("/vigil/treatment/config", test_config);
  g_test_add_func ("/vigil/treatment/replay", test_replay);
  g_test_add_func ("/vigil/treatment/replay-invalid", test_replay_invalid);
  g_test_add_func ("/vigil/treatment/nibp-schedule", test_nibp_schedule);
  g_test_add_func ("/vigil/treatment/nibp-end-reading", test_nibp_end_reading);
  g_test_add_func ("/vigil/treatment/moaas-schedule", test_moaas_schedule);
  g_test_add_func ("/vigil/treatment/information", test_information);
  g_test_add_func ("/vigil/treatment/information-unanswered", test_information_unanswered);
  g_test_add_func ("/vigil/treatment/finalize", test_finalize);

  return g_test_run ();
}
