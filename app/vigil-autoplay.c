/* vigil-autoplay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A state-driven script: every tick of the monitor's clock looks at the
 * treatment as it stands and takes at most one action, the one a nurse
 * would take next. Nothing is counted in ticks, so the play works at any
 * clock speed and picks up a treatment restored after a restart. A refused
 * action is logged and tried again on a later tick.
 *
 * It only ever plays on a simulated monitor: simulated staff must never
 * write into a real patient's record.
 */
#include "vigil-autoplay.h"

#include <glib/gi18n.h>

struct _VigilAutoplay
{
  GObject         parent_instance;

  VigilBedside   *bedside;
  VigilClock     *clock;
  char           *staff_name;
  char           *status;
  guint           tick_id;

  gboolean        begun;             /* a treatment has been seen at this bedside */
  gboolean        finished;
  gint64          next_answer_us;    /* the clock's monotonic time of the next checklist answer */
  VigilTreatment *listened;          /* whose "information" announces the CADSS-6 */
  gulong          information_id;
  gboolean        cadss_due;
  gboolean        cadss_done;
  gboolean        event_done;
  guint           n_moaas;           /* scored during the infusion, to alternate 5 and 4 */
};

G_DEFINE_FINAL_TYPE (VigilAutoplay, vigil_autoplay, G_TYPE_OBJECT)

enum {
  SIGNAL_STEP_DONE,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define TICK_MS            1000
/* Checklist answers come one at a time, so that a screen shows it filling. */
#define ANSWER_GAP_US      (3 * G_USEC_PER_SEC)
#define EVENT_AT_US        (15 * G_TIME_SPAN_MINUTE)
#define PAUSE_AT_US        (20 * G_TIME_SPAN_MINUTE)
#define PAUSE_FOR_US       (2 * G_TIME_SPAN_MINUTE)
#define PAUSE_REASON       "Nausea"
#define MAX_DEMO_PATIENTS  9999

/* Obviously fictional: 555-01xx numbers are reserved for fiction. */
#define DEMO_PATIENT_NAME  "Demo Patient"
#define DEMO_ESCORT_NAME   "Alex Example (demo)"
#define DEMO_ESCORT_PHONE  "+1 555 0100"

static const int demo_phq9[VIGIL_PHQ9_N_ITEMS] = { 2, 2, 2, 1, 1, 2, 1, 1, 0 };
static const int demo_cadss6[VIGIL_CADSS6_N_ITEMS] = { 1, 0, 1, 0, 0, 0 };
static const int demo_aldrete[] = { 2, 2, 2, 2, 2 };

typedef enum
{
  ANSWER_TEXT,
  ANSWER_SOUND,   /* answered by the monitor; overridden if its self-test failed */
  ANSWER_LAST_FOOD,
  ANSWER_LAST_LIQUID,
  ANSWER_PHQ9,
  ANSWER_MOAAS,
  ANSWER_DOSE,
} AnswerKind;

/* The checklist as the simulated nurse fills it, in this order. Items not
 * listed (the baseline vitals, the dose confirmation) come from the
 * monitor or from another answer. */
static const struct
{
  const char *key;
  AnswerKind  kind;
  const char *value;
  const char *description;
} answers[] = {
  { "identity",          ANSWER_TEXT,        "confirmed",       N_("Checklist: identity confirmed") },
  { "consent",           ANSWER_TEXT,        "confirmed",       N_("Checklist: consent confirmed") },
  { "escort-name",       ANSWER_TEXT,        DEMO_ESCORT_NAME,  N_("Checklist: escort confirmed") },
  { "escort-phone",      ANSWER_TEXT,        DEMO_ESCORT_PHONE, N_("Checklist: escort phone entered") },
  { "transport",         ANSWER_TEXT,        "confirmed",       N_("Checklist: transport confirmed") },
  { "medications",       ANSWER_TEXT,        "confirmed",       N_("Checklist: medicines reviewed") },
  { "last-food",         ANSWER_LAST_FOOD,   NULL,              N_("Checklist: last food 4 h ago") },
  { "last-liquid",       ANSWER_LAST_LIQUID, NULL,              N_("Checklist: last clear liquid 2 h ago") },
  { "phq9",              ANSWER_PHQ9,        NULL,              N_("Checklist: PHQ-9 entered") },
  { "phq9-review",       ANSWER_TEXT,        "reviewed",        N_("Checklist: PHQ-9 item 9 reviewed") },
  { "baseline-moaas",    ANSWER_MOAAS,       NULL,              N_("Checklist: baseline MOAA/S 5") },
  { "sound-self-test",   ANSWER_SOUND,       NULL,              N_("Checklist: alarm sound checked") },
  { "devices-connected", ANSWER_TEXT,        "confirmed",       N_("Checklist: devices connected") },
  { "weight",            ANSWER_DOSE,        NULL,              N_("Checklist: dose 0.5 mg/kg for 70 kg confirmed") },
};

static void
set_status (VigilAutoplay *self,
            const char    *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
}

static void
step_done (VigilAutoplay *self,
           const char    *description)
{
  set_status (self, description);
  g_signal_emit (self, signals[SIGNAL_STEP_DONE], 0, description);
}

/* A refused action is tried again on the next tick. */
static void
step_failed (VigilAutoplay *self,
             const char    *what,
             const GError  *error)
{
  g_autofree char *status = g_strdup_printf (_("%s: refused (%s); trying again"), what, error->message);

  g_message ("Autoplay: %s", status);
  set_status (self, status);
}

static void
on_information (VigilTreatment            *treatment,
                VigilTreatmentInformation  what,
                gint64                     at_us,
                VigilAutoplay             *self)
{
  if (what == VIGIL_TREATMENT_INFORMATION_CADSS_DUE)
    self->cadss_due = TRUE;
}

static void
listen_to (VigilAutoplay  *self,
           VigilTreatment *treatment)
{
  if (self->listened == treatment)
    return;
  if (self->listened != NULL)
    g_clear_signal_handler (&self->information_id, self->listened);
  g_clear_object (&self->listened);
  self->cadss_due = FALSE;
  self->cadss_done = FALSE;
  self->event_done = FALSE;
  self->n_moaas = 0;
  if (treatment == NULL)
    return;
  self->listened = g_object_ref (treatment);
  self->information_id = g_signal_connect (treatment, "information", G_CALLBACK (on_information), self);
}

static char *
free_demo_clinic_id (VigilAutoplay  *self,
                     GError        **error)
{
  g_autoptr(GPtrArray) patients = NULL;
  VigilStore *store = vigil_bedside_get_store (self->bedside);

  if (store == NULL)
    return g_strdup ("DEMO-0001");  /* the bedside refuses to begin and says why */
  patients = vigil_store_list_patients (store, error);
  if (patients == NULL)
    return NULL;
  /* An earlier demo on this database keeps its number: the ids are unique. */
  for (guint n = 1; n <= MAX_DEMO_PATIENTS; n++)
    {
      g_autofree char *id = g_strdup_printf ("DEMO-%04u", n);
      gboolean taken = FALSE;

      for (guint i = 0; i < patients->len && !taken; i++)
        taken = g_strcmp0 (((VigilStorePatient *) g_ptr_array_index (patients, i))->clinic_id, id) == 0;
      if (!taken)
        return g_steal_pointer (&id);
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Every demo patient number is taken in this database."));
  return NULL;
}

static void
begin_treatment (VigilAutoplay *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *clinic_id = free_demo_clinic_id (self, &error);
  VigilStorePatient patient = {
    .name = (char *) DEMO_PATIENT_NAME,
    .date_of_birth = (char *) "1980-01-01",
    .weight_kg = 70,
  };

  if (clinic_id == NULL)
    {
      step_failed (self, _("Begin the demo treatment"), error);
      return;
    }
  patient.clinic_id = clinic_id;
  if (vigil_bedside_begin_treatment (self->bedside, &patient, 1, 6, FALSE, &error) == NULL)
    {
      step_failed (self, _("Begin the demo treatment"), error);
      return;
    }
  self->next_answer_us = vigil_clock_get_monotonic (self->clock) + ANSWER_GAP_US;
  step_done (self, _("Treatment begun for Demo Patient (DEMO)"));
}

static char *
iso_time_before (VigilAutoplay *self,
                 gint64         ago_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc ((vigil_clock_get_wall (self->clock) - ago_us)
                                                             / G_USEC_PER_SEC);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
give_answer (VigilAutoplay          *self,
             VigilTreatmentSession  *session,
             guint                   index,
             GError                **error)
{
  VigilChecklist *checklist = vigil_treatment_session_get_checklist (session);
  VigilTreatment *treatment = vigil_treatment_session_get_treatment (session);
  g_autofree char *when = NULL;

  switch (answers[index].kind)
    {
    case ANSWER_TEXT:
      return vigil_checklist_answer (checklist, answers[index].key, answers[index].value,
                                     self->staff_name, error);
    case ANSWER_LAST_FOOD:
      when = iso_time_before (self, 4 * G_TIME_SPAN_HOUR);
      return vigil_checklist_answer (checklist, answers[index].key, when, self->staff_name, error);
    case ANSWER_LAST_LIQUID:
      when = iso_time_before (self, 2 * G_TIME_SPAN_HOUR);
      return vigil_checklist_answer (checklist, answers[index].key, when, self->staff_name, error);
    case ANSWER_PHQ9:
      return vigil_treatment_session_record_phq9 (session, demo_phq9, self->staff_name, NULL, error);
    case ANSWER_MOAAS:
      return vigil_treatment_session_record_moaas (session, 5, self->staff_name, error);
    case ANSWER_SOUND:
      g_assert_not_reached ();
    case ANSWER_DOSE:
      {
        VigilDoseInput input = {
          .weight = 70,
          .weight_unit = VIGIL_WEIGHT_UNIT_KG,
          .mg_per_kg = 0.5,
          .bag_mg = 100,
          .bag_ml = 100,
          .duration_min = (guint) (vigil_treatment_get_config (treatment)->infusion_duration_us
                                   / G_TIME_SPAN_MINUTE),
        };

        return vigil_treatment_session_set_dose (session, &input, self->staff_name, error);
      }
    default:
      g_assert_not_reached ();
    }
}

/* Before: one answer every few seconds, then the start once the checklist
 * (with the monitor's baseline readings) is complete. */
static void
play_before (VigilAutoplay         *self,
             VigilTreatmentSession *session)
{
  VigilChecklist *checklist = vigil_treatment_session_get_checklist (session);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;

  if (vigil_clock_get_monotonic (self->clock) < self->next_answer_us)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      VigilChecklistItem item;

      if (!vigil_checklist_get_item (checklist, answers[i].key, &item) || !item.required)
        continue;
      if (answers[i].kind == ANSWER_SOUND)
        {
          /* The monitor answers it; a demo machine often has no speaker,
           * and a clinician's override says so, with the reason. */
          if (item.value == NULL || item.state != VIGIL_CHECKLIST_STATE_NOT_DONE)
            continue;
          self->next_answer_us = vigil_clock_get_monotonic (self->clock) + ANSWER_GAP_US;
          if (vigil_checklist_override (checklist, answers[i].key,
                                        _("Demo without a loudspeaker: alarm sound checked by hand"),
                                        self->staff_name, &error))
            step_done (self, _(answers[i].description));
          else
            step_failed (self, _(answers[i].description), error);
          return;
        }
      if (item.value != NULL)
        continue;
      self->next_answer_us = vigil_clock_get_monotonic (self->clock) + ANSWER_GAP_US;
      if (give_answer (self, session, i, &error))
        step_done (self, _(answers[i].description));
      else
        step_failed (self, _(answers[i].description), error);
      return;
    }

  if (!vigil_checklist_is_complete (checklist))
    {
      g_autofree char *status = NULL;

      missing = vigil_checklist_list_missing (checklist);
      status = g_strdup_printf (_("Checklist: waiting for %s"),
                                missing[0] != NULL ? missing[0] : _("the checklist"));
      set_status (self, status);
      return;
    }
  if (vigil_treatment_session_start_infusion (session, self->staff_name, &error))
    step_done (self, _("Infusion started"));
  else
    step_failed (self, _("Start the infusion"), error);
}

static void
play_infusion (VigilAutoplay         *self,
               VigilTreatmentSession *session)
{
  VigilTreatment *treatment = vigil_treatment_session_get_treatment (session);
  const VigilTreatmentConfig *config = vigil_treatment_get_config (treatment);
  gint64 elapsed = vigil_treatment_get_infusion_elapsed (treatment);
  g_autoptr(GError) error = NULL;

  /* The end comes first: the infusion lasts exactly the set time. */
  if (elapsed >= config->infusion_duration_us)
    {
      if (vigil_treatment_session_end_infusion (session, self->staff_name, NULL, &error))
        step_done (self, _("Infusion ended"));
      else
        step_failed (self, _("End the infusion"), error);
    }
  else if (vigil_treatment_get_moaas_state (treatment) != VIGIL_TREATMENT_DUE_NOT_DUE)
    {
      int score = self->n_moaas % 2 == 0 ? 5 : 4;
      g_autofree char *description = g_strdup_printf (_("MOAA/S %d recorded"), score);

      if (vigil_treatment_session_record_moaas (session, score, self->staff_name, &error))
        {
          self->n_moaas++;
          step_done (self, description);
        }
      else
        step_failed (self, description, error);
    }
  else if (!self->event_done && elapsed >= EVENT_AT_US)
    {
      if (vigil_treatment_session_add_event (session, VIGIL_STORE_EVENT_NAUSEA, NULL, NULL, NULL,
                                             self->staff_name, &error))
        {
          self->event_done = TRUE;
          step_done (self, _("Event: nausea"));
        }
      else
        step_failed (self, _("Event: nausea"), error);
    }
  else if (elapsed >= PAUSE_AT_US && vigil_treatment_get_paused_total (treatment) == 0)
    {
      if (vigil_treatment_session_pause (session, self->staff_name, PAUSE_REASON, &error))
        step_done (self, _("Infusion paused: nausea"));
      else
        step_failed (self, _("Pause the infusion"), error);
    }
}

static void
play_paused (VigilAutoplay         *self,
             VigilTreatmentSession *session)
{
  VigilTreatment *treatment = vigil_treatment_session_get_treatment (session);
  g_autoptr(GError) error = NULL;

  if (vigil_treatment_get_current_pause_elapsed (treatment) < PAUSE_FOR_US)
    return;
  if (vigil_treatment_session_resume_infusion (session, self->staff_name, &error))
    step_done (self, _("Infusion resumed"));
  else
    step_failed (self, _("Resume the infusion"), error);
}

#define BP_CRITERIA (VIGIL_DISCHARGE_CRITERION_BP_BASELINE | VIGIL_DISCHARGE_CRITERION_BP_BELOW_A7)

static void
play_recovery (VigilAutoplay         *self,
               VigilTreatmentSession *session)
{
  VigilTreatment *treatment = vigil_treatment_session_get_treatment (session);
  VigilDischargeCheck check = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean all = vigil_treatment_session_check_discharge (session, &check);

  if (self->cadss_due && !self->cadss_done)
    {
      if (vigil_treatment_session_record_cadss6 (session, demo_cadss6, self->staff_name, &error))
        {
          self->cadss_done = TRUE;
          step_done (self, _("CADSS-6 recorded"));
        }
      else
        step_failed (self, _("CADSS-6"), error);
    }
  else if (vigil_treatment_get_moaas_state (treatment) != VIGIL_TREATMENT_DUE_NOT_DUE)
    {
      if (vigil_treatment_session_record_moaas (session, 5, self->staff_name, &error))
        step_done (self, _("MOAA/S 5 recorded"));
      else
        step_failed (self, _("MOAA/S 5 recorded"), error);
    }
  else if (!(check.met & VIGIL_DISCHARGE_CRITERION_SCORE) && (check.met & BP_CRITERIA) == BP_CRITERIA)
    {
      if (vigil_treatment_session_record_discharge_score (session, VIGIL_STORE_SCALE_ALDRETE,
                                                          demo_aldrete, self->staff_name, NULL, &error))
        step_done (self, _("Aldrete 10 recorded"));
      else
        step_failed (self, _("Aldrete score"), error);
    }
  else if (!(check.met & VIGIL_DISCHARGE_CRITERION_ESCORT) && (check.met & VIGIL_DISCHARGE_CRITERION_SCORE))
    {
      vigil_treatment_session_confirm_escort_present (session, self->staff_name);
      step_done (self, _("Escort present, confirmed"));
    }
  else if (all)
    {
      if (vigil_treatment_session_ready (session, self->staff_name, &error))
        step_done (self, _("Ready for discharge"));
      else
        step_failed (self, _("Ready for discharge"), error);
    }
  else if (check.reasons != NULL && check.reasons[0] != NULL)
    {
      g_autofree char *status = g_strdup_printf (_("Recovery: %s"), check.reasons[0]);

      set_status (self, status);
    }
  vigil_discharge_check_clear (&check);
}

static void
finish (VigilAutoplay *self,
        const char    *status)
{
  self->finished = TRUE;
  set_status (self, status);
  listen_to (self, NULL);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static gboolean
tick (gpointer data)
{
  g_autoptr(VigilAutoplay) self = g_object_ref (data);
  VigilTreatmentSession *session = vigil_bedside_get_treatment (self->bedside);
  VigilTreatmentPhase phase;

  if (session == NULL
      || (!self->begun && vigil_treatment_get_phase (vigil_treatment_session_get_treatment (session))
                          >= VIGIL_TREATMENT_PHASE_DISCHARGED))
    {
      if (self->begun)
        {
          /* Someone put the treatment away: nothing left to play. */
          self->tick_id = 0;
          finish (self, _("The treatment was closed"));
          return G_SOURCE_REMOVE;
        }
      begin_treatment (self);
      return G_SOURCE_CONTINUE;
    }

  self->begun = TRUE;
  listen_to (self, vigil_treatment_session_get_treatment (session));
  phase = vigil_treatment_get_phase (self->listened);
  switch (phase)
    {
    case VIGIL_TREATMENT_PHASE_BEFORE:
      play_before (self, session);
      break;
    case VIGIL_TREATMENT_PHASE_INFUSION:
      play_infusion (self, session);
      break;
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:
      play_paused (self, session);
      break;
    case VIGIL_TREATMENT_PHASE_RECOVERY:
      play_recovery (self, session);
      break;
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE:
      {
        g_autoptr(GError) error = NULL;

        if (vigil_treatment_session_discharge (session, self->staff_name, NULL, &error))
          step_done (self, _("Discharged"));
        else
          step_failed (self, _("Discharge"), error);
      }
      break;
    case VIGIL_TREATMENT_PHASE_DISCHARGED:
    case VIGIL_TREATMENT_PHASE_CANCELLED:
    case VIGIL_TREATMENT_PHASE_ABORTED:
    case VIGIL_N_TREATMENT_PHASES:
    default:
      break;
    }

  phase = vigil_treatment_get_phase (self->listened);
  if (phase >= VIGIL_TREATMENT_PHASE_DISCHARGED)
    {
      self->tick_id = 0;
      finish (self, phase == VIGIL_TREATMENT_PHASE_DISCHARGED ? _("Discharged")
                                                              : _("The treatment was stopped"));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
vigil_autoplay_dispose (GObject *object)
{
  VigilAutoplay *self = VIGIL_AUTOPLAY (object);

  vigil_autoplay_stop (self);
  listen_to (self, NULL);
  g_clear_object (&self->clock);
  g_clear_object (&self->bedside);

  G_OBJECT_CLASS (vigil_autoplay_parent_class)->dispose (object);
}

static void
vigil_autoplay_finalize (GObject *object)
{
  VigilAutoplay *self = VIGIL_AUTOPLAY (object);

  g_free (self->staff_name);
  g_free (self->status);

  G_OBJECT_CLASS (vigil_autoplay_parent_class)->finalize (object);
}

static void
vigil_autoplay_class_init (VigilAutoplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_autoplay_dispose;
  object_class->finalize = vigil_autoplay_finalize;

  /**
   * VigilAutoplay::step-done:
   * @description: what was just done, for people
   */
  signals[SIGNAL_STEP_DONE] =
    g_signal_new ("step-done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilAutoplay::finished:
   *
   * The treatment was discharged (or stopped or closed by someone else);
   * the play has stopped.
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vigil_autoplay_init (VigilAutoplay *self)
{
}

/**
 * vigil_autoplay_new:
 * @bedside: a bedside whose monitor runs a demo
 * @staff_name: the simulated person recorded on every action
 */
VigilAutoplay *
vigil_autoplay_new (VigilBedside *bedside,
                    const char   *staff_name)
{
  VigilAutoplay *self;

  g_return_val_if_fail (VIGIL_IS_BEDSIDE (bedside), NULL);
  g_return_val_if_fail (staff_name != NULL && *staff_name != '\0', NULL);

  self = g_object_new (VIGIL_TYPE_AUTOPLAY, NULL);
  self->bedside = g_object_ref (bedside);
  self->clock = g_object_ref (vigil_monitor_get_clock (vigil_bedside_get_monitor (bedside)));
  self->staff_name = g_strdup (staff_name);
  self->status = g_strdup (_("Not started"));
  return self;
}

/**
 * vigil_autoplay_start:
 *
 * Starts playing on the monitor's clock, from wherever the bedside's
 * treatment stands. Refused (with a message) unless the monitor is
 * simulated.
 */
void
vigil_autoplay_start (VigilAutoplay *self)
{
  g_return_if_fail (VIGIL_IS_AUTOPLAY (self));

  if (self->tick_id != 0 || self->finished)
    return;
  if (!vigil_monitor_is_simulated (vigil_bedside_get_monitor (self->bedside)))
    {
      set_status (self, _("Autoplay only runs in demo mode: this monitor shows a real patient."));
      g_message ("%s", self->status);
      return;
    }
  set_status (self, _("Started"));
  self->tick_id = vigil_clock_timeout_add (self->clock, TICK_MS, tick, self);
}

void
vigil_autoplay_stop (VigilAutoplay *self)
{
  g_return_if_fail (VIGIL_IS_AUTOPLAY (self));

  if (self->tick_id != 0)
    vigil_clock_timeout_remove (self->clock, self->tick_id);
  self->tick_id = 0;
}

gboolean
vigil_autoplay_is_running (VigilAutoplay *self)
{
  g_return_val_if_fail (VIGIL_IS_AUTOPLAY (self), FALSE);
  return self->tick_id != 0;
}

/* What it did last (or is waiting for), for people. */
const char *
vigil_autoplay_get_status (VigilAutoplay *self)
{
  g_return_val_if_fail (VIGIL_IS_AUTOPLAY (self), NULL);
  return self->status;
}
