/* vigil-treatment.c — the treatment's state machine, timers and schedules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state is a fold over the steps (State below); every check a step
 * must pass is in state_check(), which both apply and replay use, so a
 * stored sequence is accepted on restart exactly when it was accepted live.
 *
 * What this object does NOT decide: whether the discharge criteria hold
 * (Aldrete/PADSS, blood pressure against the baseline, escort present) or
 * whether the pre-infusion checklist is complete. Those are evaluated by
 * the caller (vigil-scores.h and the pages); taking READY asserts that the
 * criteria hold, and this object only enforces the time gate (minimum
 * recovery) and that gates are overridden by a named person with a reason.
 *
 * NIBP and MOAA/S readings are not stored here: the caller notes them
 * (vigil_treatment_note_nibp/_moaas), also after a restart, from the
 * observations it already keeps.
 */
#include "vigil-treatment.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define TICK_MS   1000

G_DEFINE_QUARK (vigil-treatment-error-quark, vigil_treatment_error)

G_DEFINE_ENUM_TYPE (VigilTreatmentDue, vigil_treatment_due,
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_DUE_NOT_DUE, "not-due"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_DUE_DUE, "due"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_DUE_OVERDUE, "overdue"))

G_DEFINE_ENUM_TYPE (VigilTreatmentInformation, vigil_treatment_information,
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_INFORMATION_INFUSION_COMPLETE, "infusion-complete"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_INFORMATION_NIBP_DUE, "nibp-due"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_INFORMATION_MOAAS_DUE, "moaas-due"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_INFORMATION_CADSS_DUE, "cadss-due"),
  G_DEFINE_ENUM_VALUE (VIGIL_TREATMENT_INFORMATION_RECOVERY_MINIMUM_REACHED, "recovery-minimum-reached"))

typedef struct
{
  gint64 start;
  gint64 end;
} Pause;

typedef struct
{
  VigilTreatmentPhase phase;
  gint64              last_wall;            /* the latest step's time; 0: none */
  gint64              infusion_started_at;
  gint64              infusion_ended_at;    /* END, or ABORT while infusing */
  gint64              pause_started_at;     /* 0 unless paused now */
  GArray             *pauses;               /* closed Pauses, in order */
  gint64              recovery_started_at;
  gint64              ready_at;             /* 0 unless READY_FOR_DISCHARGE */
  gint64              finished_at;          /* DISCHARGE, CANCEL or ABORT */
} State;

/* How one kind of check is scheduled. */
typedef struct
{
  gint64   infusion_interval;  /* in infusion time */
  gboolean at_end;             /* one at the end of the infusion */
  gint64   recovery_interval;  /* in wall time from the start of recovery */
  gboolean before_discharge;   /* one once the patient is marked ready */
} Schedule;

struct _VigilTreatment
{
  GObject               parent_instance;

  VigilTreatmentConfig  config;
  VigilClock           *clock;
  guint                 tick_id;
  State                 state;
  GPtrArray            *steps;           /* VigilTreatmentStep* */

  gint64                last_nibp;       /* 0: none noted */
  gint64                last_moaas;

  /* What the "information" signal already announced in this process. */
  gboolean              announced_complete;
  gboolean              announced_cadss;
  gboolean              cadss_pending_at_end;
  gboolean              announced_recovery_minimum;
  gint64                announced_nibp;  /* the due time announced last */
  gint64                announced_moaas;
};

G_DEFINE_FINAL_TYPE (VigilTreatment, vigil_treatment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHASE,
  N_PROPS
};

enum {
  STEP,
  INFORMATION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- configuration ---------------------------------------------------- */

/**
 * vigil_treatment_config_init:
 *
 * Fills @config with the defaults of CLINICAL.md §2.
 */
void
vigil_treatment_config_init (VigilTreatmentConfig *config)
{
  g_return_if_fail (config != NULL);

  config->infusion_duration_us = 40 * MINUTE_US;
  config->recovery_minimum_us = 30 * MINUTE_US;
  config->recovery_default_us = 45 * MINUTE_US;
  config->nibp_infusion_interval_us = 10 * MINUTE_US;
  config->nibp_recovery_interval_us = 15 * MINUTE_US;
  config->moaas_interval_us = 10 * MINUTE_US;
  config->cadss_at_us = 40 * MINUTE_US;
  config->due_grace_us = 3 * MINUTE_US;
  config->early_reading_us = 1 * MINUTE_US;
}

/* "40 min", "2 min 30 s", "45 s" */
static char *
format_duration (gint64 us)
{
  gint64 s = us / G_USEC_PER_SEC;
  gint64 m = s / 60;

  s %= 60;
  if (us < 0)
    return g_strdup_printf (_("%.1f s"), us / (double) G_USEC_PER_SEC);
  if (m == 0)
    return g_strdup_printf (_("%d s"), (int) s);
  if (s == 0)
    return g_strdup_printf (_("%d min"), (int) m);
  return g_strdup_printf (_("%d min %d s"), (int) m, (int) s);
}

static gboolean
check_range (const char  *what,
             gint64       value,
             gint64       min,
             gint64       max,
             GError     **error)
{
  g_autofree char *v = NULL;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  if (value >= min && value <= max)
    return TRUE;
  v = format_duration (value);
  lo = format_duration (min);
  hi = format_duration (max);
  g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_INVALID,
               _("The clinic configuration is not valid: %s must be between %s and %s (it is %s)."),
               what, lo, hi, v);
  return FALSE;
}

/**
 * vigil_treatment_config_validate:
 *
 * Returns: FALSE with a message naming the setting and its allowed range
 *   when a duration or interval is impossible
 */
gboolean
vigil_treatment_config_validate (const VigilTreatmentConfig  *config,
                                 GError                     **error)
{
  gint64 shortest;

  g_return_val_if_fail (config != NULL, FALSE);

  if (!check_range (_("the infusion duration"), config->infusion_duration_us,
                    1 * MINUTE_US, 240 * MINUTE_US, error)
      || !check_range (_("the minimum recovery time"), config->recovery_minimum_us,
                       0, 240 * MINUTE_US, error)
      || !check_range (_("the default recovery time"), config->recovery_default_us,
                       config->recovery_minimum_us, 480 * MINUTE_US, error)
      || !check_range (_("the blood-pressure interval during the infusion"),
                       config->nibp_infusion_interval_us, 1 * MINUTE_US, 60 * MINUTE_US, error)
      || !check_range (_("the blood-pressure interval during recovery"),
                       config->nibp_recovery_interval_us, 1 * MINUTE_US, 60 * MINUTE_US, error)
      || !check_range (_("the MOAA/S interval"), config->moaas_interval_us,
                       1 * MINUTE_US, 60 * MINUTE_US, error)
      || !check_range (_("the time of the CADSS-6 (from the start of the infusion)"),
                       config->cadss_at_us, 1 * MINUTE_US, config->infusion_duration_us, error)
      || !check_range (_("the grace before a check counts as overdue"), config->due_grace_us,
                       0, 30 * MINUTE_US, error))
    return FALSE;

  shortest = MIN (config->nibp_infusion_interval_us,
                  MIN (config->nibp_recovery_interval_us, config->moaas_interval_us));
  /* Wider, and one reading would count for two due times. */
  if (!check_range (_("the time before a due check in which a reading counts for it"),
                    config->early_reading_us, 0, shortest - G_USEC_PER_SEC, error))
    return FALSE;
  return TRUE;
}

/* ---- the state: a fold over the steps ---------------------------------- */

static void
state_init (State *state)
{
  memset (state, 0, sizeof *state);
  state->phase = VIGIL_TREATMENT_PHASE_BEFORE;
  state->pauses = g_array_new (FALSE, FALSE, sizeof (Pause));
}

static void
state_clear (State *state)
{
  g_clear_pointer (&state->pauses, g_array_unref);
}

/* Infusion time given by @wall: running time since the start, without
 * pauses, stopped at the end of the infusion. */
static gint64
state_infusion_time_at (const State *state,
                        gint64       wall)
{
  gint64 limit;
  gint64 t;

  if (state->infusion_started_at == 0 || wall <= state->infusion_started_at)
    return 0;
  limit = wall;
  if (state->infusion_ended_at != 0 && state->infusion_ended_at < limit)
    limit = state->infusion_ended_at;
  t = limit - state->infusion_started_at;
  for (guint i = 0; i < state->pauses->len; i++)
    {
      const Pause *p = &g_array_index (state->pauses, Pause, i);

      if (p->start < limit)
        t -= MIN (p->end, limit) - p->start;
    }
  if (state->pause_started_at != 0 && state->pause_started_at < limit)
    t -= limit - state->pause_started_at;
  return MAX (t, 0);
}

static gint64
state_paused_total_at (const State *state,
                       gint64       wall)
{
  gint64 t = 0;

  for (guint i = 0; i < state->pauses->len; i++)
    {
      const Pause *p = &g_array_index (state->pauses, Pause, i);

      if (p->start < wall)
        t += MIN (p->end, wall) - p->start;
    }
  if (state->pause_started_at != 0 && state->pause_started_at < wall)
    t += wall - state->pause_started_at;
  return t;
}

static gint64
state_recovery_elapsed_at (const State *state,
                           gint64       wall)
{
  gint64 limit = wall;

  if (state->recovery_started_at == 0)
    return 0;
  if (state->finished_at != 0 && state->finished_at < limit)
    limit = state->finished_at;
  return MAX (limit - state->recovery_started_at, 0);
}

static void
state_close_pause (State  *state,
                   gint64  wall)
{
  Pause p = { state->pause_started_at, wall };

  if (state->pause_started_at == 0)
    return;
  g_array_append_val (state->pauses, p);
  state->pause_started_at = 0;
}

/* Why a step cannot be taken in @phase, as the end of a sentence. */
static const char *
phase_obstacle (VigilTreatmentPhase phase)
{
  switch (phase)
    {
    case VIGIL_TREATMENT_PHASE_BEFORE:
      return _("the infusion has not started");
    case VIGIL_TREATMENT_PHASE_INFUSION:
      return _("the infusion is running");
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:
      return _("the infusion is paused");
    case VIGIL_TREATMENT_PHASE_RECOVERY:
      return _("the patient is in recovery");
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE:
      return _("the patient is ready for discharge");
    case VIGIL_TREATMENT_PHASE_DISCHARGED:
      return _("the patient has been discharged");
    case VIGIL_TREATMENT_PHASE_CANCELLED:
      return _("the treatment was cancelled");
    case VIGIL_TREATMENT_PHASE_ABORTED:
      return _("the treatment was stopped");
    case VIGIL_N_TREATMENT_PHASES:
    default:
      g_assert_not_reached ();
    }
}

static const char *
step_action (VigilTreatmentStepKind kind)
{
  switch (kind)
    {
    case VIGIL_TREATMENT_STEP_START_INFUSION:
      return _("The infusion cannot be started");
    case VIGIL_TREATMENT_STEP_PAUSE:
      return _("The infusion cannot be paused");
    case VIGIL_TREATMENT_STEP_RESUME:
      return _("The infusion cannot be resumed");
    case VIGIL_TREATMENT_STEP_END_INFUSION:
      return _("The infusion cannot be ended");
    case VIGIL_TREATMENT_STEP_READY:
      return _("The patient cannot be marked ready for discharge");
    case VIGIL_TREATMENT_STEP_NOT_READY:
      return _("The patient cannot be marked not ready for discharge");
    case VIGIL_TREATMENT_STEP_DISCHARGE:
      return _("The patient cannot be discharged");
    case VIGIL_TREATMENT_STEP_CANCEL:
      return _("The treatment cannot be cancelled");
    case VIGIL_TREATMENT_STEP_ABORT:
      return _("The treatment cannot be stopped");
    case VIGIL_N_TREATMENT_STEPS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static gboolean
forbidden (VigilTreatmentStepKind   kind,
           const char              *why,
           GError                 **error)
{
  g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_FORBIDDEN,
               "%s: %s.", step_action (kind), why);
  return FALSE;
}

/* Every rule a step must pass, at its time @wall. */
static gboolean
state_check (const State                 *state,
             const VigilTreatmentConfig  *config,
             VigilTreatmentStepKind       kind,
             gint64                       wall,
             const char                  *who,
             const char                  *reason,
             gboolean                     override,
             GError                     **error)
{
  VigilTreatmentPhase phase = state->phase;
  gboolean needs_reason = FALSE;

  if ((guint) kind >= VIGIL_N_TREATMENT_STEPS)
    {
      g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_INVALID,
                   _("Unknown treatment step %d."), (int) kind);
      return FALSE;
    }

  /* 1. Is the step possible from this phase at all? */
  switch (kind)
    {
    case VIGIL_TREATMENT_STEP_START_INFUSION:
      if (phase != VIGIL_TREATMENT_PHASE_BEFORE)
        return forbidden (kind, phase == VIGIL_TREATMENT_PHASE_INFUSION
                                ? _("it is already running") : phase_obstacle (phase), error);
      break;

    case VIGIL_TREATMENT_STEP_PAUSE:
      if (phase == VIGIL_TREATMENT_PHASE_INFUSION_PAUSED)
        return forbidden (kind, _("it is already paused"), error);
      if (phase != VIGIL_TREATMENT_PHASE_INFUSION)
        return forbidden (kind, _("it is not running"), error);
      needs_reason = TRUE;
      break;

    case VIGIL_TREATMENT_STEP_RESUME:
      if (phase != VIGIL_TREATMENT_PHASE_INFUSION_PAUSED)
        return forbidden (kind, _("it is not paused"), error);
      break;

    case VIGIL_TREATMENT_STEP_END_INFUSION:
      if (phase != VIGIL_TREATMENT_PHASE_INFUSION
          && phase != VIGIL_TREATMENT_PHASE_INFUSION_PAUSED)
        return forbidden (kind, phase == VIGIL_TREATMENT_PHASE_BEFORE
                                ? _("it has not started") : phase_obstacle (phase), error);
      needs_reason = state_infusion_time_at (state, wall) < config->infusion_duration_us;
      break;

    case VIGIL_TREATMENT_STEP_READY:
      if (phase == VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE)
        return forbidden (kind, _("the patient is already marked ready"), error);
      if (phase != VIGIL_TREATMENT_PHASE_RECOVERY)
        return forbidden (kind, _("the patient is not in recovery"), error);
      break;

    case VIGIL_TREATMENT_STEP_NOT_READY:
      if (phase != VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE)
        return forbidden (kind, _("the patient is not marked ready for discharge"), error);
      break;

    case VIGIL_TREATMENT_STEP_DISCHARGE:
      if (phase != VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE
          && phase != VIGIL_TREATMENT_PHASE_RECOVERY)
        return forbidden (kind, phase == VIGIL_TREATMENT_PHASE_INFUSION_PAUSED
                                ? _("the infusion is paused, not finished") : phase_obstacle (phase),
                          error);
      break;

    case VIGIL_TREATMENT_STEP_CANCEL:
      if (phase != VIGIL_TREATMENT_PHASE_BEFORE)
        {
          if (phase == VIGIL_TREATMENT_PHASE_INFUSION
              || phase == VIGIL_TREATMENT_PHASE_INFUSION_PAUSED
              || phase == VIGIL_TREATMENT_PHASE_RECOVERY
              || phase == VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE)
            return forbidden (kind, _("the infusion has already started; use Abort to stop it"), error);
          return forbidden (kind, phase_obstacle (phase), error);
        }
      needs_reason = TRUE;
      break;

    case VIGIL_TREATMENT_STEP_ABORT:
      if (phase == VIGIL_TREATMENT_PHASE_BEFORE)
        return forbidden (kind, _("the infusion has not started; use Cancel instead"), error);
      if (phase != VIGIL_TREATMENT_PHASE_INFUSION
          && phase != VIGIL_TREATMENT_PHASE_INFUSION_PAUSED
          && phase != VIGIL_TREATMENT_PHASE_RECOVERY
          && phase != VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE)
        return forbidden (kind, phase_obstacle (phase), error);
      needs_reason = TRUE;
      break;

    case VIGIL_N_TREATMENT_STEPS:
    default:
      g_assert_not_reached ();
    }

  /* 2. Overrides exist only where there is a gate to override: the
   * pre-infusion checks and the discharge criteria. */
  if (override
      && kind != VIGIL_TREATMENT_STEP_START_INFUSION
      && kind != VIGIL_TREATMENT_STEP_DISCHARGE)
    {
      g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_OVERRIDE_NOT_ALLOWED,
                   _("%s as an override: this step has no gate to override. Take it without override."),
                   step_action (kind));
      return FALSE;
    }

  /* 3. A person, and a reason where one is needed. */
  if (is_blank (who))
    {
      g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_WHO_REQUIRED,
                   _("%s: enter the name of the person taking this step."), step_action (kind));
      return FALSE;
    }

  /* 4. The time gates. */
  if (kind == VIGIL_TREATMENT_STEP_READY
      || (kind == VIGIL_TREATMENT_STEP_DISCHARGE && phase == VIGIL_TREATMENT_PHASE_RECOVERY))
    {
      gint64 elapsed = state_recovery_elapsed_at (state, wall);

      if (elapsed < config->recovery_minimum_us && !override)
        {
          g_autofree char *done = format_duration (elapsed);
          g_autofree char *min = format_duration (config->recovery_minimum_us);

          g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_TOO_EARLY,
                       _("%s yet: %s of the minimum %s of recovery have passed.%s"),
                       step_action (kind), done, min,
                       kind == VIGIL_TREATMENT_STEP_DISCHARGE
                       ? _(" A clinician can override with a reason.") : "");
          return FALSE;
        }
    }
  if (kind == VIGIL_TREATMENT_STEP_DISCHARGE && phase == VIGIL_TREATMENT_PHASE_RECOVERY && !override)
    {
      g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_OVERRIDE_REQUIRED,
                   _("%s yet: the discharge criteria have not been confirmed. Mark the patient "
                   "ready for discharge first, or a clinician can override with a reason."),
                   step_action (kind));
      return FALSE;
    }

  if (override && is_blank (reason))
    {
      g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED,
                   _("%s as an override without a reason: the clinician must say why."),
                   step_action (kind));
      return FALSE;
    }
  if (needs_reason && is_blank (reason))
    {
      if (kind == VIGIL_TREATMENT_STEP_END_INFUSION)
        {
          g_autofree char *given = format_duration (state_infusion_time_at (state, wall));
          g_autofree char *total = format_duration (config->infusion_duration_us);

          g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED,
                       _("The infusion cannot be ended early without a reason: it has run %s of %s."),
                       given, total);
        }
      else
        g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED,
                     _("%s without a reason%s."), step_action (kind),
                     kind == VIGIL_TREATMENT_STEP_PAUSE
                     ? _(" (for example blood pressure, nausea, anxiety, patient request)") : "");
      return FALSE;
    }
  return TRUE;
}

/* Moves @state over a step that passed state_check(). */
static void
state_advance (State                  *state,
               VigilTreatmentStepKind  kind,
               gint64                  wall)
{
  switch (kind)
    {
    case VIGIL_TREATMENT_STEP_START_INFUSION:
      state->infusion_started_at = wall;
      state->phase = VIGIL_TREATMENT_PHASE_INFUSION;
      break;
    case VIGIL_TREATMENT_STEP_PAUSE:
      state->pause_started_at = wall;
      state->phase = VIGIL_TREATMENT_PHASE_INFUSION_PAUSED;
      break;
    case VIGIL_TREATMENT_STEP_RESUME:
      state_close_pause (state, wall);
      state->phase = VIGIL_TREATMENT_PHASE_INFUSION;
      break;
    case VIGIL_TREATMENT_STEP_END_INFUSION:
      state_close_pause (state, wall);
      state->infusion_ended_at = wall;
      state->recovery_started_at = wall;
      state->phase = VIGIL_TREATMENT_PHASE_RECOVERY;
      break;
    case VIGIL_TREATMENT_STEP_READY:
      state->ready_at = wall;
      state->phase = VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE;
      break;
    case VIGIL_TREATMENT_STEP_NOT_READY:
      state->ready_at = 0;
      state->phase = VIGIL_TREATMENT_PHASE_RECOVERY;
      break;
    case VIGIL_TREATMENT_STEP_DISCHARGE:
      state->finished_at = wall;
      state->phase = VIGIL_TREATMENT_PHASE_DISCHARGED;
      break;
    case VIGIL_TREATMENT_STEP_CANCEL:
      state->finished_at = wall;
      state->phase = VIGIL_TREATMENT_PHASE_CANCELLED;
      break;
    case VIGIL_TREATMENT_STEP_ABORT:
      if (state->infusion_ended_at == 0)
        {
          state_close_pause (state, wall);
          state->infusion_ended_at = wall;
        }
      state->finished_at = wall;
      state->phase = VIGIL_TREATMENT_PHASE_ABORTED;
      break;
    case VIGIL_N_TREATMENT_STEPS:
    default:
      g_assert_not_reached ();
    }
  state->last_wall = wall;
}

/* ---- the object -------------------------------------------------------- */

/* Now, never before the latest step: a wall clock set back must not make
 * timers run backwards. */
static gint64
now_wall (VigilTreatment *self)
{
  return MAX (vigil_clock_get_wall (self->clock), self->state.last_wall);
}

/* The wall time at which the infusion time reaches @t: the real moment if
 * it has passed, else a projection from now (moving while paused). */
static gint64
infusion_time_to_wall (VigilTreatment *self,
                       gint64          t)
{
  const State *state = &self->state;
  gint64 now = now_wall (self);
  gint64 elapsed = state_infusion_time_at (state, now);
  gint64 w;

  if (t > elapsed)
    return now + (t - elapsed);
  w = state->infusion_started_at + t;
  for (guint i = 0; i < state->pauses->len; i++)
    {
      const Pause *p = &g_array_index (state->pauses, Pause, i);

      if (p->start >= w)
        break;
      w += p->end - p->start;
    }
  return w;
}

static gint64
next_due (VigilTreatment  *self,
          const Schedule  *schedule,
          gint64           last_note)
{
  const State *state = &self->state;
  gint64 early = self->config.early_reading_us;

  switch (state->phase)
    {
    case VIGIL_TREATMENT_PHASE_INFUSION:
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:
      {
        gint64 duration = self->config.infusion_duration_us;
        gint64 covered = -1;   /* due times up to this infusion time are done */
        gint64 t;

        if (last_note != 0 && last_note >= state->infusion_started_at)
          covered = state_infusion_time_at (state, last_note) + early;
        t = (covered < 0 ? 1 : covered / schedule->infusion_interval + 1) * schedule->infusion_interval;
        if (schedule->at_end && duration > covered && duration < t)
          t = duration;
        return infusion_time_to_wall (self, t);
      }

    case VIGIL_TREATMENT_PHASE_RECOVERY:
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE:
      {
        gint64 rs = state->recovery_started_at;
        gint64 covered = last_note != 0 ? last_note + early : G_MININT64;
        gint64 due;

        if (schedule->at_end && rs > covered)
          due = rs;
        else if (covered < rs)
          due = rs + schedule->recovery_interval;
        else
          due = rs + ((covered - rs) / schedule->recovery_interval + 1) * schedule->recovery_interval;
        if (schedule->before_discharge
            && state->phase == VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE
            && state->ready_at > covered)
          due = MIN (due, state->ready_at);
        return due;
      }

    case VIGIL_TREATMENT_PHASE_BEFORE:
    case VIGIL_TREATMENT_PHASE_DISCHARGED:
    case VIGIL_TREATMENT_PHASE_CANCELLED:
    case VIGIL_TREATMENT_PHASE_ABORTED:
      return 0;

    case VIGIL_N_TREATMENT_PHASES:
    default:
      g_assert_not_reached ();
    }
}

static void
nibp_schedule (VigilTreatment *self,
               Schedule       *schedule)
{
  schedule->infusion_interval = self->config.nibp_infusion_interval_us;
  schedule->at_end = TRUE;
  schedule->recovery_interval = self->config.nibp_recovery_interval_us;
  schedule->before_discharge = TRUE;
}

static void
moaas_schedule (VigilTreatment *self,
                Schedule       *schedule)
{
  schedule->infusion_interval = self->config.moaas_interval_us;
  schedule->at_end = FALSE;
  schedule->recovery_interval = self->config.moaas_interval_us;
  schedule->before_discharge = FALSE;
}

static VigilTreatmentDue
due_state (VigilTreatment *self,
           gint64          due)
{
  gint64 now = now_wall (self);

  if (due == 0 || now < due)
    return VIGIL_TREATMENT_DUE_NOT_DUE;
  if (now < due + self->config.due_grace_us)
    return VIGIL_TREATMENT_DUE_DUE;
  return VIGIL_TREATMENT_DUE_OVERDUE;
}

static void
inform (VigilTreatment            *self,
        VigilTreatmentInformation  what,
        gint64                     at)
{
  g_signal_emit (self, signals[INFORMATION], 0, what, at);
}

/* A due check is announced once; a due time within the early window of
 * the one announced is the same occurrence (the 40-minute reading and the
 * end-of-infusion reading a few seconds later). */
static void
inform_due (VigilTreatment            *self,
            VigilTreatmentInformation  what,
            gint64                     due,
            gint64                    *announced)
{
  if (due == 0 || now_wall (self) < due)
    return;
  if (*announced != 0 && due <= *announced + self->config.early_reading_us)
    return;
  *announced = due;
  inform (self, what, due);
}

static gboolean
tick (gpointer data)
{
  VigilTreatment *self = data;
  const State *state = &self->state;
  gint64 now = now_wall (self);
  gboolean infusing = state->phase == VIGIL_TREATMENT_PHASE_INFUSION
                      || state->phase == VIGIL_TREATMENT_PHASE_INFUSION_PAUSED;
  Schedule schedule;

  g_object_ref (self);

  if (infusing)
    {
      gint64 elapsed = state_infusion_time_at (state, now);

      if (!self->announced_complete && elapsed >= self->config.infusion_duration_us)
        {
          self->announced_complete = TRUE;
          inform (self, VIGIL_TREATMENT_INFORMATION_INFUSION_COMPLETE,
                  infusion_time_to_wall (self, self->config.infusion_duration_us));
        }
      if (!self->announced_cadss && elapsed >= self->config.cadss_at_us)
        {
          self->announced_cadss = TRUE;
          inform (self, VIGIL_TREATMENT_INFORMATION_CADSS_DUE,
                  infusion_time_to_wall (self, self->config.cadss_at_us));
        }
    }
  else if (self->cadss_pending_at_end)
    {
      /* Ended before the CADSS-6 time: ask for it at the end. */
      self->cadss_pending_at_end = FALSE;
      self->announced_cadss = TRUE;
      inform (self, VIGIL_TREATMENT_INFORMATION_CADSS_DUE, state->infusion_ended_at);
    }

  nibp_schedule (self, &schedule);
  inform_due (self, VIGIL_TREATMENT_INFORMATION_NIBP_DUE,
              next_due (self, &schedule, self->last_nibp), &self->announced_nibp);
  moaas_schedule (self, &schedule);
  inform_due (self, VIGIL_TREATMENT_INFORMATION_MOAAS_DUE,
              next_due (self, &schedule, self->last_moaas), &self->announced_moaas);

  if (state->phase == VIGIL_TREATMENT_PHASE_RECOVERY
      && !self->announced_recovery_minimum
      && state_recovery_elapsed_at (state, now) >= self->config.recovery_minimum_us)
    {
      self->announced_recovery_minimum = TRUE;
      inform (self, VIGIL_TREATMENT_INFORMATION_RECOVERY_MINIMUM_REACHED,
              state->recovery_started_at + self->config.recovery_minimum_us);
    }

  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static void
vigil_treatment_dispose (GObject *object)
{
  VigilTreatment *self = VIGIL_TREATMENT (object);

  if (self->tick_id != 0 && self->clock != NULL)
    vigil_clock_timeout_remove (self->clock, self->tick_id);
  self->tick_id = 0;
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vigil_treatment_parent_class)->dispose (object);
}

static void
vigil_treatment_finalize (GObject *object)
{
  VigilTreatment *self = VIGIL_TREATMENT (object);

  state_clear (&self->state);
  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_treatment_parent_class)->finalize (object);
}

static void
vigil_treatment_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilTreatment *self = VIGIL_TREATMENT (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_enum (value, self->state.phase);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_treatment_class_init (VigilTreatmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_treatment_dispose;
  object_class->finalize = vigil_treatment_finalize;
  object_class->get_property = vigil_treatment_get_property;

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       VIGIL_TYPE_TREATMENT_PHASE, VIGIL_TREATMENT_PHASE_BEFORE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilTreatment::step:
   * @step: the step just taken, already in the step list
   *
   * Emitted by vigil_treatment_apply() (never by replay) before
   * "notify::phase": the store persists the step from here.
   */
  signals[STEP] =
    g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  VIGIL_TYPE_TREATMENT_STEP | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilTreatment::information:
   * @what: a VigilTreatmentInformation
   * @at_us: the wall time the moment fell due
   *
   * Emitted from a clock timer, once per occurrence; see
   * VigilTreatmentInformation.
   */
  signals[INFORMATION] =
    g_signal_new ("information", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  VIGIL_TYPE_TREATMENT_INFORMATION, G_TYPE_INT64);
}

static void
vigil_treatment_init (VigilTreatment *self)
{
  vigil_treatment_config_init (&self->config);
  state_init (&self->state);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_treatment_step_free);
}

/**
 * vigil_treatment_new:
 * @config: (nullable): the clinic's durations and schedules (copied);
 *   NULL for the defaults. Must pass vigil_treatment_config_validate().
 * @clock: the time source for steps, timers and the information signal
 *
 * Returns: (transfer full): a treatment in the BEFORE phase
 */
VigilTreatment *
vigil_treatment_new (const VigilTreatmentConfig *config,
                     VigilClock                 *clock)
{
  VigilTreatment *self;

  g_return_val_if_fail (VIGIL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (config == NULL || vigil_treatment_config_validate (config, NULL), NULL);

  self = g_object_new (VIGIL_TYPE_TREATMENT, NULL);
  if (config != NULL)
    self->config = *config;
  self->clock = g_object_ref (clock);
  self->tick_id = vigil_clock_timeout_add (clock, TICK_MS, tick, self);
  return self;
}

const VigilTreatmentConfig *
vigil_treatment_get_config (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), NULL);
  return &self->config;
}

/**
 * vigil_treatment_get_clock:
 *
 * Returns: (transfer none): the clock
 */
VigilClock *
vigil_treatment_get_clock (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), NULL);
  return self->clock;
}

/**
 * vigil_treatment_can_apply:
 *
 * Like vigil_treatment_apply() without taking the step: whether it would
 * be accepted now, and if not, why (for enabling buttons).
 */
gboolean
vigil_treatment_can_apply (VigilTreatment          *self,
                           VigilTreatmentStepKind   kind,
                           const char              *who,
                           const char              *reason,
                           gboolean                 override,
                           GError                 **error)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return state_check (&self->state, &self->config, kind, now_wall (self),
                      who, reason, override, error);
}

/**
 * vigil_treatment_apply:
 * @kind: the step
 * @who: the person taking it (required)
 * @reason: (nullable): why; required for PAUSE, CANCEL, ABORT, an
 *   END_INFUSION before the configured duration, and any override
 * @override: TRUE when a named clinician takes the step against a gate
 *   (DISCHARGE from RECOVERY; START_INFUSION against the pre-infusion checks)
 *
 * Takes a step at the clock's wall time (never earlier than the previous
 * step), appends it to the step list, emits "step", then "notify::phase".
 *
 * Returns: FALSE with a VIGIL_TREATMENT_ERROR saying why it was refused;
 *   the treatment is then unchanged
 */
gboolean
vigil_treatment_apply (VigilTreatment          *self,
                       VigilTreatmentStepKind   kind,
                       const char              *who,
                       const char              *reason,
                       gboolean                 override,
                       GError                 **error)
{
  VigilTreatmentStep *step;
  gint64 wall;
  gboolean infusing;

  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  wall = now_wall (self);
  if (!state_check (&self->state, &self->config, kind, wall, who, reason, override, error))
    return FALSE;

  infusing = self->state.phase == VIGIL_TREATMENT_PHASE_INFUSION
             || self->state.phase == VIGIL_TREATMENT_PHASE_INFUSION_PAUSED;
  state_advance (&self->state, kind, wall);
  if (kind == VIGIL_TREATMENT_STEP_END_INFUSION && infusing && !self->announced_cadss)
    self->cadss_pending_at_end = TRUE;

  step = vigil_treatment_step_new (kind, wall, who, is_blank (reason) ? NULL : reason);
  step->override = override;
  g_ptr_array_add (self->steps, step);

  g_object_ref (self);
  g_signal_emit (self, signals[STEP], 0, step);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
  g_object_unref (self);
  return TRUE;
}

/**
 * vigil_treatment_replay:
 * @steps: (element-type VigilTreatmentStep): stored steps, oldest first
 *
 * Rebuilds a new treatment (one with no steps yet) from stored steps, each
 * checked as if it were taken at its recorded time. Does not emit "step";
 * emits "notify::phase" if the phase changed.
 *
 * Returns: FALSE, leaving the treatment unchanged, if a step could not
 *   have been taken; the message names the step
 */
gboolean
vigil_treatment_replay (VigilTreatment  *self,
                        GPtrArray       *steps,
                        GError         **error)
{
  State state;
  VigilTreatmentPhase old_phase;

  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), FALSE);
  g_return_val_if_fail (steps != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->steps->len != 0)
    {
      g_set_error (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_INVALID,
                   "This treatment already has steps; stored steps can only be replayed "
                   "into a new treatment.");
      return FALSE;
    }

  state_init (&state);
  for (guint i = 0; i < steps->len; i++)
    {
      const VigilTreatmentStep *step = g_ptr_array_index (steps, i);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (step->wall_us / G_USEC_PER_SEC);
      g_autofree char *when = dt != NULL ? g_date_time_format (dt, "%F %T") : g_strdup ("?");
      const char *name = (guint) step->kind < VIGIL_N_TREATMENT_STEPS
                         ? vigil_treatment_step_kind_to_string (step->kind) : "unknown";
      GError *local = NULL;

      if (step->wall_us < state.last_wall)
        g_set_error (&local, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_INVALID,
                     "it is dated before the step that precedes it.");
      else
        state_check (&state, &self->config, step->kind, step->wall_us,
                     step->who, step->reason, step->override, &local);
      if (local != NULL)
        {
          g_propagate_prefixed_error (error, local,
                                      "The stored treatment cannot be restored: step %u of %u "
                                      "(%s at %s by %s): ",
                                      i + 1, steps->len, name, when,
                                      step->who != NULL ? step->who : "nobody");
          state_clear (&state);
          return FALSE;
        }
      state_advance (&state, step->kind, step->wall_us);
    }

  old_phase = self->state.phase;
  state_clear (&self->state);
  self->state = state;
  for (guint i = 0; i < steps->len; i++)
    g_ptr_array_add (self->steps, vigil_treatment_step_copy (g_ptr_array_index (steps, i)));
  if (self->state.phase != old_phase)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
  return TRUE;
}

/**
 * vigil_treatment_get_steps:
 *
 * Returns: (transfer none) (element-type VigilTreatmentStep): the steps,
 *   oldest first
 */
GPtrArray *
vigil_treatment_get_steps (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), NULL);
  return self->steps;
}

VigilTreatmentPhase
vigil_treatment_get_phase (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), VIGIL_TREATMENT_PHASE_BEFORE);
  return self->state.phase;
}

/* Returns: the wall time of START_INFUSION, or 0 */
gint64
vigil_treatment_get_infusion_started_at (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return self->state.infusion_started_at;
}

/* Returns: the wall time of END_INFUSION (or of an ABORT during it), or 0 */
gint64
vigil_treatment_get_infusion_ended_at (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return self->state.infusion_ended_at;
}

/* Returns: the wall time recovery started (END_INFUSION), or 0 */
gint64
vigil_treatment_get_recovery_started_at (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return self->state.recovery_started_at;
}

/* Running time of the infusion, without pauses; stops at its end. */
gint64
vigil_treatment_get_infusion_elapsed (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return state_infusion_time_at (&self->state, now_wall (self));
}

/* The configured duration minus the running time; 0 once it is over
 * (the overrun is get_infusion_elapsed() minus the duration). */
gint64
vigil_treatment_get_infusion_remaining (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return MAX (self->config.infusion_duration_us - vigil_treatment_get_infusion_elapsed (self), 0);
}

/* All paused time, the pause in progress included. */
gint64
vigil_treatment_get_paused_total (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return state_paused_total_at (&self->state, now_wall (self));
}

/* How long the pause in progress has lasted; 0 when not paused. */
gint64
vigil_treatment_get_current_pause_elapsed (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  if (self->state.pause_started_at == 0)
    return 0;
  return now_wall (self) - self->state.pause_started_at;
}

/* Time since the end of the infusion; stops at discharge or abort. */
gint64
vigil_treatment_get_recovery_elapsed (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return state_recovery_elapsed_at (&self->state, now_wall (self));
}

/* The minimum recovery time minus the recovery elapsed, at least 0 (the
 * whole minimum before recovery starts). */
gint64
vigil_treatment_get_recovery_remaining_minimum (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return MAX (self->config.recovery_minimum_us - vigil_treatment_get_recovery_elapsed (self), 0);
}

gint64
vigil_treatment_get_recovery_remaining_default (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  return MAX (self->config.recovery_default_us - vigil_treatment_get_recovery_elapsed (self), 0);
}

/**
 * vigil_treatment_note_nibp:
 * @wall_us: when a blood-pressure reading was taken
 *
 * A reading counts for every due time up to early_reading_us after it.
 * Not stored: after a restart, note the latest reading again.
 */
void
vigil_treatment_note_nibp (VigilTreatment *self,
                           gint64          wall_us)
{
  g_return_if_fail (VIGIL_IS_TREATMENT (self));
  self->last_nibp = MAX (self->last_nibp, wall_us);
}

void
vigil_treatment_note_moaas (VigilTreatment *self,
                            gint64          wall_us)
{
  g_return_if_fail (VIGIL_IS_TREATMENT (self));
  self->last_moaas = MAX (self->last_moaas, wall_us);
}

/**
 * vigil_treatment_get_next_nibp_due:
 *
 * During the infusion: every nibp_infusion_interval_us of infusion time
 * (pauses move it), plus one at the infusion duration. In recovery: one at
 * its start (the end-of-infusion reading), then every
 * nibp_recovery_interval_us, and one as soon as the patient is marked
 * ready (the reading before discharge). While paused, a due time not yet
 * reached is projected as if the infusion resumed now.
 *
 * Returns: the wall time of the first due reading not yet taken (it may be
 *   in the past), or 0 when none is scheduled (before, after the treatment)
 */
gint64
vigil_treatment_get_next_nibp_due (VigilTreatment *self)
{
  Schedule schedule;

  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  nibp_schedule (self, &schedule);
  return next_due (self, &schedule, self->last_nibp);
}

/**
 * vigil_treatment_get_next_moaas_due:
 *
 * Every moaas_interval_us of infusion time, then of recovery time.
 *
 * Returns: as vigil_treatment_get_next_nibp_due()
 */
gint64
vigil_treatment_get_next_moaas_due (VigilTreatment *self)
{
  Schedule schedule;

  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), 0);
  moaas_schedule (self, &schedule);
  return next_due (self, &schedule, self->last_moaas);
}

/* DUE from the due time, OVERDUE from due_grace_us after it. */
VigilTreatmentDue
vigil_treatment_get_nibp_state (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), VIGIL_TREATMENT_DUE_NOT_DUE);
  return due_state (self, vigil_treatment_get_next_nibp_due (self));
}

VigilTreatmentDue
vigil_treatment_get_moaas_state (VigilTreatment *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT (self), VIGIL_TREATMENT_DUE_NOT_DUE);
  return due_state (self, vigil_treatment_get_next_moaas_due (self));
}
