/* vigil-treatment-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-treatment-session.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "vigil-scores.h"

/* The person recorded for answers the monitor itself provides. */
#define MONITOR_WHO "Vigil monitor"
/* The two baseline readings must be at least this far apart. */
#define BASELINE_NIBP_SPACING_US (2 * G_TIME_SPAN_MINUTE)
/* A checklist-answer key outside the checklist: the escort is present. */
#define ESCORT_PRESENT_KEY "escort-present"
#define CONFIG_GROUP "treatment"
#define MAX_BEFORE_READINGS 16

struct _VigilTreatmentSession
{
  GObject               parent_instance;

  VigilStore           *store;
  VigilMonitor         *monitor;
  VigilTreatment       *treatment;
  VigilChecklist       *checklist;
  gint64                treatment_id;
  gint64                patient_id;

  GArray               *before_nibp;      /* gint64 wall, double sys, double dia: readings before the infusion */
  gboolean              has_baseline;
  double                baseline_sys;
  double                baseline_dia;

  gboolean              has_dose;
  VigilDoseResult       dose;

  gboolean              has_discharge_score;
  VigilDischargeScore   discharge_score;
  VigilStoreScale       discharge_scale;

  gboolean              escort_present;
};

typedef struct
{
  gint64 wall_us;
  double sys;
  double dia;
} NibpReading;

G_DEFINE_FINAL_TYPE (VigilTreatmentSession, vigil_treatment_session, G_TYPE_OBJECT)

enum
{
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (vigil-treatment-session-error-quark, vigil_treatment_session_error)

static void
vigil_treatment_session_dispose (GObject *object)
{
  VigilTreatmentSession *self = VIGIL_TREATMENT_SESSION (object);

  g_clear_object (&self->treatment);
  g_clear_object (&self->checklist);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_treatment_session_parent_class)->dispose (object);
}

static void
vigil_treatment_session_finalize (GObject *object)
{
  VigilTreatmentSession *self = VIGIL_TREATMENT_SESSION (object);

  g_clear_pointer (&self->before_nibp, g_array_unref);

  G_OBJECT_CLASS (vigil_treatment_session_parent_class)->finalize (object);
}

static void
vigil_treatment_session_class_init (VigilTreatmentSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_treatment_session_dispose;
  object_class->finalize = vigil_treatment_session_finalize;

  /**
   * VigilTreatmentSession::event:
   * @kind: a VigilStoreEventKind
   * @wall_us: when
   * @label: what to write at the chart marker (untranslated drug names
   *   and notes as entered)
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT, G_TYPE_INT64, G_TYPE_STRING);
}

static void
vigil_treatment_session_init (VigilTreatmentSession *self)
{
  self->before_nibp = g_array_new (FALSE, FALSE, sizeof (NibpReading));
}

void
vigil_discharge_check_clear (VigilDischargeCheck *check)
{
  g_return_if_fail (check != NULL);

  g_clear_pointer (&check->reasons, g_strfreev);
  check->met = 0;
  check->failed = 0;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gint64
now_wall (VigilTreatmentSession *self)
{
  return vigil_clock_get_wall (vigil_monitor_get_clock (self->monitor));
}

/* A record the store could not write now stays in its queue and the store
 * turns unhealthy (the technical alarm area says so): the treatment goes
 * on. Only a record the store refuses as wrong is a failure. */
static gboolean
store_result (gboolean   written,
              GError    *local,
              GError   **error)
{
  if (written)
    return TRUE;
  if (g_error_matches (local, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID))
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  g_debug ("Treatment record queued: %s", local != NULL ? local->message : "?");
  g_clear_error (&local);
  return TRUE;
}

/* GStrvBuilder takes ownership only from GLib 2.80 on. */
static void
builder_take (GStrvBuilder *builder,
              char         *text)
{
  g_strv_builder_add (builder, text);
  g_free (text);
}

/* ---- configuration text --------------------------------------------- */

typedef struct
{
  const char *key;
  gsize       offset;
} ConfigField;

static const ConfigField config_fields[] = {
  { "infusion-duration-us",      G_STRUCT_OFFSET (VigilTreatmentConfig, infusion_duration_us) },
  { "recovery-minimum-us",       G_STRUCT_OFFSET (VigilTreatmentConfig, recovery_minimum_us) },
  { "recovery-default-us",       G_STRUCT_OFFSET (VigilTreatmentConfig, recovery_default_us) },
  { "nibp-infusion-interval-us", G_STRUCT_OFFSET (VigilTreatmentConfig, nibp_infusion_interval_us) },
  { "nibp-recovery-interval-us", G_STRUCT_OFFSET (VigilTreatmentConfig, nibp_recovery_interval_us) },
  { "moaas-interval-us",         G_STRUCT_OFFSET (VigilTreatmentConfig, moaas_interval_us) },
  { "cadss-at-us",               G_STRUCT_OFFSET (VigilTreatmentConfig, cadss_at_us) },
  { "due-grace-us",              G_STRUCT_OFFSET (VigilTreatmentConfig, due_grace_us) },
  { "early-reading-us",          G_STRUCT_OFFSET (VigilTreatmentConfig, early_reading_us) },
};

static char *
config_to_text (const VigilTreatmentConfig *config)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  for (guint i = 0; i < G_N_ELEMENTS (config_fields); i++)
    g_key_file_set_int64 (file, CONFIG_GROUP, config_fields[i].key,
                          G_STRUCT_MEMBER (gint64, config, config_fields[i].offset));
  return g_key_file_to_data (file, NULL, NULL);
}

/* Keys missing from the text keep their defaults. */
static gboolean
config_from_text (const char            *text,
                  VigilTreatmentConfig  *config,
                  GError               **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  vigil_treatment_config_init (config);
  if (text == NULL)
    return TRUE;
  if (!g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (config_fields); i++)
    {
      g_autoptr(GError) local = NULL;
      gint64 value = g_key_file_get_int64 (file, CONFIG_GROUP, config_fields[i].key, &local);

      if (local == NULL)
        G_STRUCT_MEMBER (gint64, config, config_fields[i].offset) = value;
    }
  return vigil_treatment_config_validate (config, error);
}

/* ---- persistence of what happens ---------------------------------------- */

static void
on_step (VigilTreatment           *treatment,
         const VigilTreatmentStep *step,
         VigilTreatmentSession    *self)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_store_append_treatment_step (self->store, self->treatment_id, step, &error))
    store_result (FALSE, g_steal_pointer (&error), NULL);
}

static gboolean
append_answer (VigilTreatmentSession  *self,
               const char             *key,
               const char             *value,
               const char             *who,
               gint64                  wall_us,
               GError                **error)
{
  VigilStoreChecklistAnswer answer = {
    .treatment_id = self->treatment_id,
    .item_key = (char *) key,
    .value = (char *) value,
    .wall_us = wall_us,
    .who = (char *) who,
  };
  GError *local = NULL;
  gboolean written;

  written = vigil_store_append_checklist_answer (self->store, &answer, &local);
  return store_result (written, local, error);
}

static void
on_answered (VigilChecklist        *checklist,
             const char            *key,
             const char            *value,
             const char            *who,
             gint64                 wall_us,
             VigilTreatmentSession *self)
{
  g_autoptr(GError) error = NULL;

  if (!append_answer (self, key, value, who, wall_us, &error))
    g_warning ("The checklist answer %s could not be recorded: %s", key, error->message);
}

/* ---- baseline vitals ------------------------------------------------------ */

static void
set_baseline (VigilTreatmentSession *self,
              double                 sys,
              double                 dia)
{
  VigilAlarmEngine *alarms = vigil_monitor_get_alarms (self->monitor);

  self->has_baseline = TRUE;
  self->baseline_sys = sys;
  self->baseline_dia = dia;
  vigil_alarm_evaluator_set_nibp_baseline (vigil_alarm_engine_get_evaluator (alarms), sys, dia);
}

/* Answers @key with @value unless that is already its answer. */
static void
answer_from_monitor (VigilTreatmentSession *self,
                     const char            *key,
                     const char            *value)
{
  g_autoptr(GError) error = NULL;
  VigilChecklistItem item;

  if (vigil_checklist_get_item (self->checklist, key, &item) && g_strcmp0 (item.value, value) == 0)
    return;
  if (!vigil_checklist_answer (self->checklist, key, value, MONITOR_WHO, &error))
    g_debug ("Baseline %s not taken from the monitor: %s", key, error->message);
}

static void
answer_number (VigilTreatmentSession *self,
               const char            *key,
               double                 value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  answer_from_monitor (self, key, g_ascii_formatd (text, sizeof text, "%.0f", value));
}

/* A NIBP reading before the infusion: the baseline is the mean of it and
 * the latest earlier reading at least 2 min before it; HR and SpO2 are
 * taken with it, so the baseline vitals are one set. */
static void
baseline_nibp_reading (VigilTreatmentSession  *self,
                       const VigilObservation *observation)
{
  NibpReading reading = { observation->host_wall_us, observation->value, observation->diastolic };
  const VigilObservation *hr = vigil_monitor_get_latest (self->monitor, VIGIL_PARAMETER_HR);
  const VigilObservation *spo2 = vigil_monitor_get_latest (self->monitor, VIGIL_PARAMETER_SPO2);

  for (guint i = self->before_nibp->len; i > 0; i--)
    {
      const NibpReading *earlier = &g_array_index (self->before_nibp, NibpReading, i - 1);

      if (reading.wall_us - earlier->wall_us >= BASELINE_NIBP_SPACING_US)
        {
          double sys = (earlier->sys + reading.sys) / 2;
          double dia = (earlier->dia + reading.dia) / 2;
          char s[G_ASCII_DTOSTR_BUF_SIZE], d[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *text = g_strdup_printf ("%s/%s",
                                                   g_ascii_formatd (s, sizeof s, "%.1f", sys),
                                                   g_ascii_formatd (d, sizeof d, "%.1f", dia));

          set_baseline (self, sys, dia);
          answer_from_monitor (self, "baseline-nibp", text);
          break;
        }
    }
  g_array_append_val (self->before_nibp, reading);
  /* A reading 2 min back is all a pair needs; a long wait keeps a few. */
  if (self->before_nibp->len > MAX_BEFORE_READINGS)
    g_array_remove_index (self->before_nibp, 0);

  if (hr != NULL && vigil_observation_is_present (hr) && (hr->quality & VIGIL_QUALITY_VALID))
    answer_number (self, "baseline-hr", hr->value);
  if (spo2 != NULL && vigil_observation_is_present (spo2) && (spo2->quality & VIGIL_QUALITY_VALID))
    answer_number (self, "baseline-spo2", spo2->value);
}

static void
on_observation (VigilMonitor           *monitor,
                const VigilObservation *observation,
                VigilTreatmentSession  *self)
{
  VigilTreatmentPhase phase;

  if (observation->parameter != VIGIL_PARAMETER_NIBP
      || !vigil_observation_is_present (observation)
      || !(observation->quality & VIGIL_QUALITY_VALID)
      || !isfinite (observation->diastolic))
    return;

  phase = vigil_treatment_get_phase (self->treatment);
  if (phase == VIGIL_TREATMENT_PHASE_BEFORE)
    baseline_nibp_reading (self, observation);
  else
    vigil_treatment_note_nibp (self->treatment, observation->host_wall_us);
}

/* ---- construction ---------------------------------------------------------- */

static VigilTreatmentSession *
session_build (VigilStore                 *store,
               VigilMonitor               *monitor,
               const VigilTreatmentConfig *config,
               gint64                      treatment_id,
               gint64                      patient_id)
{
  VigilTreatmentSession *self = g_object_new (VIGIL_TYPE_TREATMENT_SESSION, NULL);
  VigilClock *clock = vigil_monitor_get_clock (monitor);

  self->store = g_object_ref (store);
  self->monitor = g_object_ref (monitor);
  self->treatment = vigil_treatment_new (config, clock);
  self->checklist = vigil_checklist_new (clock, NULL);
  self->treatment_id = treatment_id;
  self->patient_id = patient_id;
  return self;
}

static void
session_connect (VigilTreatmentSession *self)
{
  g_signal_connect_object (self->treatment, "step", G_CALLBACK (on_step), self, 0);
  g_signal_connect_object (self->checklist, "answered", G_CALLBACK (on_answered), self, 0);
  g_signal_connect_object (self->monitor, "observation", G_CALLBACK (on_observation), self, 0);
}

VigilTreatmentSession *
vigil_treatment_session_new (VigilStore                 *store,
                             VigilMonitor               *monitor,
                             const VigilTreatmentConfig *config,
                             gint64                      patient_id,
                             guint                       series_number,
                             guint                       planned_count,
                             gboolean                    maintenance,
                             gint64                      monitoring_session_id,
                             GError                    **error)
{
  VigilTreatmentConfig defaults;
  VigilTreatmentSession *self;
  g_autofree char *config_text = NULL;
  gint64 id;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (VIGIL_IS_MONITOR (monitor), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config == NULL)
    {
      vigil_treatment_config_init (&defaults);
      config = &defaults;
    }
  if (!vigil_treatment_config_validate (config, error))
    return NULL;

  config_text = config_to_text (config);
  /* Linked to the monitoring session, so its report has the vitals and
   * alarms of the same hours. */
  id = vigil_store_create_treatment (store, patient_id, monitoring_session_id,
                                     series_number, planned_count,
                                     maintenance, vigil_monitor_is_simulated (monitor),
                                     config_text,
                                     vigil_clock_get_wall (vigil_monitor_get_clock (monitor)),
                                     error);
  if (id <= 0)
    return NULL;

  self = session_build (store, monitor, config, id, patient_id);
  session_connect (self);
  return self;
}

static gboolean
parse_items (const char *text,
             int        *items,
             guint       n_items)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  if (g_strv_length (parts) != n_items)
    return FALSE;
  for (guint i = 0; i < n_items; i++)
    {
      gint64 value;

      if (!g_ascii_string_to_signed (parts[i], 10, G_MININT, G_MAXINT, &value, NULL))
        return FALSE;
      items[i] = (int) value;
    }
  return TRUE;
}

static gboolean
evaluate_discharge_score (VigilStoreScale       scale,
                          const int            *items,
                          VigilDischargeScore  *out,
                          GError              **error)
{
  if (scale == VIGIL_STORE_SCALE_ALDRETE)
    return vigil_aldrete_score (items, VIGIL_DISCHARGE_PASS_TOTAL, out, error);
  return vigil_padss_score (items, VIGIL_DISCHARGE_PASS_TOTAL,
                            VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO, out, error);
}

static gboolean
session_restore_records (VigilTreatmentSession  *self,
                         GError                **error)
{
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) doses = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  VigilChecklistItem item;
  gint64 infusion_started = vigil_treatment_get_infusion_started_at (self->treatment);

  answers = vigil_store_list_checklist_answers (self->store, self->treatment_id, error);
  if (answers == NULL)
    return FALSE;
  for (guint i = 0; i < answers->len; i++)
    {
      const VigilStoreChecklistAnswer *answer = g_ptr_array_index (answers, i);

      if (g_strcmp0 (answer->item_key, ESCORT_PRESENT_KEY) == 0)
        self->escort_present = TRUE;
      else if (!vigil_checklist_restore (self->checklist, answer->item_key, answer->value,
                                         answer->who, answer->wall_us, error))
        return FALSE;
    }

  if (vigil_checklist_get_item (self->checklist, "baseline-nibp", &item) && item.value != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (item.value, "/", 2);

      if (g_strv_length (parts) == 2)
        set_baseline (self, g_ascii_strtod (parts[0], NULL), g_ascii_strtod (parts[1], NULL));
    }

  doses = vigil_store_list_dose_inputs (self->store, self->treatment_id, error);
  if (doses == NULL)
    return FALSE;
  if (doses->len > 0)
    {
      const VigilStoreDoseInput *dose = g_ptr_array_index (doses, doses->len - 1);

      self->has_dose = TRUE;
      self->dose = (VigilDoseResult) {
        .weight_kg = dose->weight_kg,
        .weight_lb = dose->weight_kg / VIGIL_DOSE_KG_PER_LB,
        .concentration_mg_per_ml = dose->concentration_mg_per_ml,
        .dose_mg = dose->dose_mg,
        .volume_ml = dose->volume_ml,
        .rate_ml_per_h = dose->rate_ml_per_h,
        .duration_min = (guint) dose->duration_min,
      };
    }

  scores = vigil_store_list_scores (self->store, self->treatment_id, error);
  if (scores == NULL)
    return FALSE;
  for (guint i = 0; i < scores->len; i++)
    {
      const VigilStoreScore *score = g_ptr_array_index (scores, i);

      if (score->scale == VIGIL_STORE_SCALE_MOAAS
          && infusion_started != 0 && score->wall_us >= infusion_started)
        vigil_treatment_note_moaas (self->treatment, score->wall_us);
      else if (score->scale == VIGIL_STORE_SCALE_ALDRETE || score->scale == VIGIL_STORE_SCALE_PADSS)
        {
          int items[5];

          if (!parse_items (score->items, items, 5)
              || !evaluate_discharge_score (score->scale, items, &self->discharge_score, error))
            {
              if (error != NULL && *error == NULL)
                g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR,
                             VIGIL_TREATMENT_SESSION_ERROR_INVALID,
                             _("A stored discharge score (“%s”) cannot be read."),
                             score->items != NULL ? score->items : "");
              return FALSE;
            }
          self->has_discharge_score = TRUE;
          self->discharge_scale = score->scale;
        }
    }
  return TRUE;
}

VigilTreatmentSession *
vigil_treatment_session_resume (VigilStore    *store,
                                VigilMonitor  *monitor,
                                GError       **error)
{
  g_autoptr(VigilTreatmentSession) self = NULL;
  g_autoptr(VigilStoreTreatment) row = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  VigilTreatmentConfig config;
  gint64 id;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (VIGIL_IS_MONITOR (monitor), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = vigil_store_find_open_treatment (store, error);
  if (id <= 0)
    return NULL;
  if (!vigil_store_get_treatment (store, id, &row, error))
    return NULL;
  if (!config_from_text (row->config, &config, error))
    {
      g_prefix_error (error, _("The open treatment’s configuration cannot be read: "));
      return NULL;
    }

  self = session_build (store, monitor, &config, id, row->patient_id);
  steps = vigil_store_list_treatment_steps (store, id, error);
  if (steps == NULL || !vigil_treatment_replay (self->treatment, steps, error))
    return NULL;
  if (!session_restore_records (self, error))
    return NULL;
  session_connect (self);
  return g_steal_pointer (&self);
}

/* ---- accessors ---------------------------------------------------------- */

gint64
vigil_treatment_session_get_id (VigilTreatmentSession *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), 0);
  return self->treatment_id;
}

gint64
vigil_treatment_session_get_patient_id (VigilTreatmentSession *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), 0);
  return self->patient_id;
}

VigilTreatment *
vigil_treatment_session_get_treatment (VigilTreatmentSession *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), NULL);
  return self->treatment;
}

VigilChecklist *
vigil_treatment_session_get_checklist (VigilTreatmentSession *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), NULL);
  return self->checklist;
}

gboolean
vigil_treatment_session_get_baseline_nibp (VigilTreatmentSession *self,
                                           double                *out_systolic,
                                           double                *out_diastolic)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);

  if (!self->has_baseline)
    return FALSE;
  if (out_systolic != NULL)
    *out_systolic = self->baseline_sys;
  if (out_diastolic != NULL)
    *out_diastolic = self->baseline_dia;
  return TRUE;
}

/* ---- dose ------------------------------------------------------------------ */

static gboolean
require_before (VigilTreatmentSession  *self,
                const char             *what,
                GError                **error)
{
  if (vigil_treatment_get_phase (self->treatment) == VIGIL_TREATMENT_PHASE_BEFORE)
    return TRUE;
  g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID,
               _("%s: only possible before the infusion starts."), what);
  return FALSE;
}

gboolean
vigil_treatment_session_set_dose (VigilTreatmentSession  *self,
                                  const VigilDoseInput   *input,
                                  const char             *confirmed_by,
                                  GError                **error)
{
  VigilDoseResult result;
  VigilStoreDoseInput row;
  g_autofree char *summary = NULL;
  char weight[G_ASCII_DTOSTR_BUF_SIZE];
  GError *local = NULL;
  gboolean written;

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_before (self, _("Changing the dose"), error))
    return FALSE;
  if (is_blank (confirmed_by))
    {
      g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID,
                   _("The dose must be confirmed by a named physician: enter the name."));
      return FALSE;
    }
  if (!vigil_dose_compute (input, NULL, &result, error))
    return FALSE;

  row = (VigilStoreDoseInput) {
    .treatment_id = self->treatment_id,
    .weight_kg = result.weight_kg,
    .dose_mg_per_kg = input->mg_per_kg,
    .concentration_mg_per_ml = result.concentration_mg_per_ml,
    .duration_min = result.duration_min,
    .dose_mg = result.dose_mg,
    .volume_ml = result.volume_ml,
    .rate_ml_per_h = result.rate_ml_per_h,
    .confirmed_by = (char *) confirmed_by,
    .wall_us = now_wall (self),
  };
  written = vigil_store_append_dose_input (self->store, &row, &local);
  if (!store_result (written, local, error))
    return FALSE;

  self->has_dose = TRUE;
  self->dose = result;

  summary = vigil_dose_format_summary (input, &result, confirmed_by);
  g_ascii_formatd (weight, sizeof weight, "%.2f", result.weight_kg);
  return vigil_checklist_answer (self->checklist, "weight", weight, confirmed_by, error)
         && vigil_checklist_answer (self->checklist, "dose-confirmed", summary, confirmed_by, error);
}

gboolean
vigil_treatment_session_get_dose (VigilTreatmentSession *self,
                                  VigilDoseResult       *out_result)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);

  if (!self->has_dose)
    return FALSE;
  if (out_result != NULL)
    *out_result = self->dose;
  return TRUE;
}

/* ---- scores ----------------------------------------------------------------- */

static gboolean
require_who (const char  *who,
             const char  *what,
             GError     **error)
{
  if (!is_blank (who))
    return TRUE;
  g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID,
               _("%s: enter the name of the person recording it."), what);
  return FALSE;
}

static gboolean
append_score (VigilTreatmentSession  *self,
              VigilStoreScale         scale,
              const int              *items,
              guint                   n_items,
              int                     total,
              const char             *who,
              gint64                  wall_us,
              GError                **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  VigilStoreScore score;
  GError *local = NULL;
  gboolean written;

  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (text, "%s%d", i > 0 ? "," : "", items[i]);
  score = (VigilStoreScore) {
    .treatment_id = self->treatment_id,
    .wall_us = wall_us,
    .scale = scale,
    .items = text->str,
    .total = total,
    .who = (char *) who,
  };
  written = vigil_store_append_score (self->store, &score, &local);
  return store_result (written, local, error);
}

gboolean
vigil_treatment_session_record_moaas (VigilTreatmentSession  *self,
                                      int                     score,
                                      const char             *who,
                                      GError                **error)
{
  gint64 wall;

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_who (who, "MOAA/S", error) || !vigil_moaas_check (score, error))
    return FALSE;
  wall = now_wall (self);
  if (!append_score (self, VIGIL_STORE_SCALE_MOAAS, &score, 1, score, who, wall, error))
    return FALSE;
  if (vigil_treatment_get_infusion_started_at (self->treatment) != 0)
    vigil_treatment_note_moaas (self->treatment, wall);
  else if (vigil_treatment_get_phase (self->treatment) == VIGIL_TREATMENT_PHASE_BEFORE)
    {
      char text[16];

      /* Before the infusion it is the checklist's baseline MOAA/S. */
      g_snprintf (text, sizeof text, "%d", score);
      return vigil_checklist_answer (self->checklist, "baseline-moaas", text, who, error);
    }
  return TRUE;
}

gboolean
vigil_treatment_session_record_cadss6 (VigilTreatmentSession  *self,
                                       const int               items[VIGIL_CADSS6_N_ITEMS],
                                       const char             *who,
                                       GError                **error)
{
  guint total;

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_who (who, "CADSS-6", error) || !vigil_cadss6_score (items, &total, error))
    return FALSE;
  return append_score (self, VIGIL_STORE_SCALE_CADSS6, items, VIGIL_CADSS6_N_ITEMS,
                       (int) total, who, now_wall (self), error);
}

gboolean
vigil_treatment_session_record_phq9 (VigilTreatmentSession  *self,
                                     const int               items[VIGIL_PHQ9_N_ITEMS],
                                     const char             *who,
                                     VigilPhq9Result        *out_result,
                                     GError                **error)
{
  VigilPhq9Result result;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_who (who, "PHQ-9", error) || !vigil_phq9_score (items, &result, error))
    return FALSE;
  if (!append_score (self, VIGIL_STORE_SCALE_PHQ9, items, VIGIL_PHQ9_N_ITEMS,
                     (int) result.total, who, now_wall (self), error))
    return FALSE;

  /* Before the infusion it is also the checklist's PHQ-9 item. */
  if (vigil_treatment_get_phase (self->treatment) == VIGIL_TREATMENT_PHASE_BEFORE)
    {
      for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
        g_string_append_printf (text, "%s%d", i > 0 ? "," : "", items[i]);
      if (!vigil_checklist_answer (self->checklist, "phq9", text->str, who, error))
        return FALSE;
    }
  if (out_result != NULL)
    *out_result = result;
  return TRUE;
}

gboolean
vigil_treatment_session_record_discharge_score (VigilTreatmentSession  *self,
                                                VigilStoreScale         scale,
                                                const int              *items,
                                                const char             *who,
                                                VigilDischargeScore    *out_score,
                                                GError                **error)
{
  VigilDischargeScore score;

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (scale != VIGIL_STORE_SCALE_ALDRETE && scale != VIGIL_STORE_SCALE_PADSS)
    {
      g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID,
                   _("A discharge score is a modified Aldrete or a PADSS score."));
      return FALSE;
    }
  if (!require_who (who, scale == VIGIL_STORE_SCALE_ALDRETE ? "Aldrete" : "PADSS", error)
      || !evaluate_discharge_score (scale, items, &score, error))
    return FALSE;
  if (!append_score (self, scale, items, 5, (int) score.total, who, now_wall (self), error))
    return FALSE;

  self->has_discharge_score = TRUE;
  self->discharge_score = score;
  self->discharge_scale = scale;
  if (out_score != NULL)
    *out_score = score;
  return TRUE;
}

/* ---- events ------------------------------------------------------------------ */

gboolean
vigil_treatment_session_add_event (VigilTreatmentSession  *self,
                                   VigilStoreEventKind     kind,
                                   const char             *drug_name,
                                   const char             *drug_dose,
                                   const char             *note,
                                   const char             *who,
                                   GError                **error)
{
  VigilStoreTreatmentEvent event;
  g_autofree char *label = NULL;
  GError *local = NULL;
  gboolean written;

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) kind >= VIGIL_STORE_N_EVENT_KINDS)
    {
      g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID,
                   _("Unknown event kind %d."), (int) kind);
      return FALSE;
    }
  if (!require_who (who, _("An event"), error))
    return FALSE;
  if (kind == VIGIL_STORE_EVENT_DRUG && (is_blank (drug_name) || is_blank (drug_dose)))
    {
      g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID,
                   _("A drug given needs the drug’s name and its dose."));
      return FALSE;
    }
  if (kind == VIGIL_STORE_EVENT_NOTE && is_blank (note))
    {
      g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_INVALID,
                   _("A note needs its text."));
      return FALSE;
    }

  event = (VigilStoreTreatmentEvent) {
    .treatment_id = self->treatment_id,
    .wall_us = now_wall (self),
    .kind = kind,
    .drug_name = kind == VIGIL_STORE_EVENT_DRUG ? (char *) drug_name : NULL,
    .drug_dose = kind == VIGIL_STORE_EVENT_DRUG ? (char *) drug_dose : NULL,
    .note = is_blank (note) ? NULL : (char *) note,
    .who = (char *) who,
  };
  written = vigil_store_append_treatment_event (self->store, &event, &local);
  if (!store_result (written, local, error))
    return FALSE;

  if (kind == VIGIL_STORE_EVENT_DRUG)
    label = g_strdup_printf ("%s %s", drug_name, drug_dose);
  else if (kind == VIGIL_STORE_EVENT_NOTE)
    label = g_strdup (note);
  else
    label = g_strdup (vigil_store_event_kind_to_string (kind));
  g_signal_emit (self, signals[EVENT], 0, (int) kind, event.wall_us, label);
  return TRUE;
}

/* ---- steps ---------------------------------------------------------------------- */

static gboolean
start_infusion (VigilTreatmentSession  *self,
                const char             *who,
                const char             *override_reason,
                GError                **error)
{
  g_auto(GStrv) missing = vigil_checklist_list_missing (self->checklist);
  gboolean override = missing[0] != NULL && override_reason != NULL;

  /* The state machine's phase and person come first: its messages say
   * more than a list of items when the infusion already runs. */
  if (!vigil_treatment_can_apply (self->treatment, VIGIL_TREATMENT_STEP_START_INFUSION,
                                  who, override_reason, override, error))
    return FALSE;
  if (missing[0] != NULL && override_reason == NULL)
    {
      g_autofree char *list = g_strjoinv (", ", missing);

      g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_CHECKLIST,
                   _("The infusion cannot start: the checklist is not complete. Missing: %s."),
                   list);
      return FALSE;
    }
  return vigil_treatment_apply (self->treatment, VIGIL_TREATMENT_STEP_START_INFUSION,
                                who, override ? override_reason : NULL, override, error);
}

gboolean
vigil_treatment_session_start_infusion (VigilTreatmentSession  *self,
                                        const char             *who,
                                        GError                **error)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return start_infusion (self, who, NULL, error);
}

gboolean
vigil_treatment_session_start_infusion_override (VigilTreatmentSession  *self,
                                                 const char             *who,
                                                 const char             *reason,
                                                 GError                **error)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* An empty reason is refused by the state machine, naming it. */
  return start_infusion (self, who, reason != NULL ? reason : "", error);
}

gboolean
vigil_treatment_session_pause (VigilTreatmentSession  *self,
                               const char             *who,
                               const char             *reason,
                               GError                **error)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);

  return vigil_treatment_apply (self->treatment, VIGIL_TREATMENT_STEP_PAUSE, who, reason, FALSE, error);
}

gboolean
vigil_treatment_session_resume_infusion (VigilTreatmentSession  *self,
                                         const char             *who,
                                         GError                **error)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);

  return vigil_treatment_apply (self->treatment, VIGIL_TREATMENT_STEP_RESUME, who, NULL, FALSE, error);
}

gboolean
vigil_treatment_session_end_infusion (VigilTreatmentSession  *self,
                                      const char             *who,
                                      const char             *reason,
                                      GError                **error)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);

  return vigil_treatment_apply (self->treatment, VIGIL_TREATMENT_STEP_END_INFUSION,
                                who, reason, FALSE, error);
}

gboolean
vigil_treatment_session_cancel (VigilTreatmentSession  *self,
                                const char             *who,
                                const char             *reason,
                                GError                **error)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);

  return vigil_treatment_apply (self->treatment, VIGIL_TREATMENT_STEP_CANCEL, who, reason, FALSE, error);
}

gboolean
vigil_treatment_session_abort (VigilTreatmentSession  *self,
                               const char             *who,
                               const char             *reason,
                               GError                **error)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);

  return vigil_treatment_apply (self->treatment, VIGIL_TREATMENT_STEP_ABORT, who, reason, FALSE, error);
}

void
vigil_treatment_session_confirm_escort_present (VigilTreatmentSession *self,
                                                const char            *who)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_TREATMENT_SESSION (self));
  g_return_if_fail (!is_blank (who));

  self->escort_present = TRUE;
  if (!append_answer (self, ESCORT_PRESENT_KEY, "yes", who, now_wall (self), &error))
    g_warning ("The escort's presence could not be recorded: %s", error->message);
}

gboolean
vigil_treatment_session_check_discharge (VigilTreatmentSession *self,
                                         VigilDischargeCheck   *out)
{
  GStrvBuilder *reasons;
  const VigilObservation *nibp;
  gint64 recovery_started;
  guint met = 0;

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  reasons = g_strv_builder_new ();
  recovery_started = vigil_treatment_get_recovery_started_at (self->treatment);

  if (self->has_discharge_score && self->discharge_score.pass)
    met |= VIGIL_DISCHARGE_CRITERION_SCORE;
  else if (self->has_discharge_score)
    builder_take (reasons,
                         g_strdup_printf (_("The latest %s score (%u) does not pass"),
                                          self->discharge_scale == VIGIL_STORE_SCALE_ALDRETE
                                          ? _("Aldrete") : _("PADSS"),
                                          self->discharge_score.total));
  else
    g_strv_builder_add (reasons, _("No discharge score (Aldrete or PADSS) has been recorded"));

  /* The blood pressure criteria need a reading taken in recovery. */
  nibp = vigil_monitor_get_latest (self->monitor, VIGIL_PARAMETER_NIBP);
  if (nibp == NULL || !vigil_observation_is_present (nibp) || !isfinite (nibp->diastolic)
      || recovery_started == 0 || nibp->host_wall_us < recovery_started)
    g_strv_builder_add (reasons, _("No blood pressure reading since recovery started"));
  else
    {
      VigilAlarmLimits *limits = vigil_alarm_engine_get_limits (vigil_monitor_get_alarms (self->monitor));
      const VigilAlarmSetting *a7 = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_HIGH);
      gboolean within = FALSE;

      if (!self->has_baseline)
        g_strv_builder_add (reasons, _("There is no baseline blood pressure to compare with"));
      else if (vigil_bp_within_baseline (self->baseline_sys, self->baseline_dia,
                                         nibp->value, nibp->diastolic,
                                         VIGIL_BP_DISCHARGE_MAX_PERCENT, &within, NULL)
               && within)
        met |= VIGIL_DISCHARGE_CRITERION_BP_BASELINE;
      else
        builder_take (reasons,
                             g_strdup_printf (_("Blood pressure %.0f/%.0f is not within 20 %% of "
                                                "the baseline %.0f/%.0f"),
                                              nibp->value, nibp->diastolic,
                                              self->baseline_sys, self->baseline_dia));

      if (nibp->value < a7->threshold && nibp->diastolic < a7->threshold2)
        met |= VIGIL_DISCHARGE_CRITERION_BP_BELOW_A7;
      else
        builder_take (reasons,
                             g_strdup_printf (_("Blood pressure %.0f/%.0f is at or above the "
                                                "high limit %.0f/%.0f"),
                                              nibp->value, nibp->diastolic,
                                              a7->threshold, a7->threshold2));
    }

  if (self->escort_present)
    met |= VIGIL_DISCHARGE_CRITERION_ESCORT;
  else
    g_strv_builder_add (reasons, _("The escort’s presence has not been confirmed"));

  if (recovery_started != 0 && vigil_treatment_get_recovery_remaining_minimum (self->treatment) <= 0)
    met |= VIGIL_DISCHARGE_CRITERION_MIN_TIME;
  else if (recovery_started == 0)
    g_strv_builder_add (reasons, _("Recovery has not started"));
  else
    {
      gint64 left = vigil_treatment_get_recovery_remaining_minimum (self->treatment);
      gint64 min = (left + G_TIME_SPAN_MINUTE - 1) / G_TIME_SPAN_MINUTE;

      builder_take (reasons,
                           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "The minimum recovery time has not passed: %d minute left",
                                                         "The minimum recovery time has not passed: %d minutes left",
                                                         (gulong) min),
                                            (int) min));
    }

  out->met = met;
  out->failed = VIGIL_DISCHARGE_CRITERIA_ALL & ~met;
  out->reasons = g_strv_builder_end (reasons);
  g_strv_builder_unref (reasons);
  return out->failed == 0;
}

gboolean
vigil_treatment_session_ready (VigilTreatmentSession  *self,
                               const char             *who,
                               GError                **error)
{
  VigilDischargeCheck check = { 0 };

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* In recovery, every unmet criterion is named at once (the minimum time
   * among them); elsewhere the state machine says why not. */
  if (vigil_treatment_get_phase (self->treatment) == VIGIL_TREATMENT_PHASE_RECOVERY
      && !vigil_treatment_session_check_discharge (self, &check))
    {
      g_autofree char *list = g_strjoinv ("; ", check.reasons);

      g_set_error (error, VIGIL_TREATMENT_SESSION_ERROR, VIGIL_TREATMENT_SESSION_ERROR_CRITERIA,
                   _("Not ready for discharge: %s."), list);
      vigil_discharge_check_clear (&check);
      return FALSE;
    }
  vigil_discharge_check_clear (&check);
  return vigil_treatment_apply (self->treatment, VIGIL_TREATMENT_STEP_READY, who, NULL, FALSE, error);
}

gboolean
vigil_treatment_session_discharge (VigilTreatmentSession  *self,
                                   const char             *who,
                                   const char             *override_reason,
                                   GError                **error)
{
  gboolean override;

  g_return_val_if_fail (VIGIL_IS_TREATMENT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  override = override_reason != NULL
             && vigil_treatment_get_phase (self->treatment) == VIGIL_TREATMENT_PHASE_RECOVERY;
  return vigil_treatment_apply (self->treatment, VIGIL_TREATMENT_STEP_DISCHARGE, who,
                                override ? override_reason : NULL, override, error);
}
