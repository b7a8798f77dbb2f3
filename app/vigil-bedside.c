/* vigil-bedside.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The alarm engine decides; this object carries its decisions out: every
 * log entry goes to the database at once, every burst to the loudspeaker,
 * and the loudspeaker's health back into the engine as T5; every
 * observation of the session goes to the database's vitals (batched by the
 * store). The clinic's limits are applied before the first observation can
 * arrive.
 *
 * The clinic's policy (alarm limits, treatment durations and gates, dose,
 * discharge score, report header) is the clinic configuration file, read
 * once when the bedside is made; a value it could not use is shown in the
 * status area and logged, never silently dropped.
 */
#include "vigil-bedside.h"

#include <glib/gi18n.h>

struct _VigilBedside
{
  GObject          parent_instance;

  VigilMonitor    *monitor;
  VigilStore      *store;
  VigilAlarmSound *sound;
  GSettings       *settings;
  VigilClinicConfig *config;
  gint64           session_id;
  char            *problem;
  gboolean         started;
  guint            sound_retry_id;
  VigilTreatmentSession *treatment;
};

/* Speakers plugged in after start-up are found within this time, so that
 * T5's cause can end and a person can reset it. */
#define SOUND_RETRY_SECONDS 30

G_DEFINE_FINAL_TYPE (VigilBedside, vigil_bedside, G_TYPE_OBJECT)

enum {
  SIGNAL_TREATMENT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_problem (VigilBedside *self,
             const char   *problem)
{
  if (problem != NULL)
    g_message ("%s", problem);
  g_free (self->problem);
  self->problem = g_strdup (problem);
}

static void
on_alarm_log (VigilAlarmEngine         *alarms,
              const VigilAlarmLogEntry *entry,
              VigilBedside             *self)
{
  g_autoptr(GError) error = NULL;

  /* A failed write is queued by the store and retried; it is never lost. */
  if (self->store != NULL && self->session_id > 0
      && !vigil_store_append_alarm (self->store, self->session_id, entry, &error))
    g_message ("%s", error->message);
}

/* Every observation as the monitor emits it: an oximeter's pulse rate
 * arrives twice while there is no ECG (as pulse rate and again as the HR
 * the monitor shows and alarms on), and both are stored, so the record
 * matches the screen. */
static void
on_observation (VigilMonitor           *monitor,
                const VigilObservation *observation,
                VigilBedside           *self)
{
  g_autoptr(GError) error = NULL;

  /* While the store is unhealthy the vital is kept in memory; the
   * technical alarm already says so, once, not six times a second. */
  if (self->store != NULL && self->session_id > 0
      && !vigil_store_append_vital (self->store, self->session_id, observation, &error)
      && g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID))
    g_warning ("%s", error->message);
}

static void
on_burst (VigilAlarmEngine   *alarms,
          VigilAlarmPriority  priority,
          gboolean            reminder,
          VigilBedside       *self)
{
  vigil_alarm_sound_play_burst (self->sound, priority, reminder);
}

static gboolean
retry_sound (gpointer data)
{
  VigilBedside *self = data;

  if (vigil_alarm_sound_is_available (self->sound))
    {
      self->sound_retry_id = 0;
      return G_SOURCE_REMOVE;
    }
  vigil_alarm_sound_start (self->sound, NULL);
  return G_SOURCE_CONTINUE;
}

static void
sync_sound_availability (VigilBedside *self)
{
  gboolean available = vigil_alarm_sound_is_available (self->sound);

  if (!available && self->sound_retry_id == 0)
    self->sound_retry_id = g_timeout_add_seconds (SOUND_RETRY_SECONDS, retry_sound, self);
  vigil_alarm_engine_set_sound_available (vigil_monitor_get_alarms (self->monitor), available);
}

/* The checklist's "alarm sound self-test passed" is the monitor's own
 * result, never a tick: a failed test needs a clinician's override. */
static void
answer_sound_item (VigilBedside *self)
{
  VigilChecklist *checklist;
  VigilChecklistItem item;
  g_autofree char *value = NULL;

  if (self->treatment == NULL
      || vigil_treatment_get_phase (vigil_treatment_session_get_treatment (self->treatment))
         != VIGIL_TREATMENT_PHASE_BEFORE)
    return;

  if (self->sound == NULL)
    value = g_strdup_printf ("failed: %s", _("no sound output is set up"));
  else
    switch (vigil_alarm_sound_get_self_test (self->sound))
      {
      case VIGIL_ALARM_SOUND_SELF_TEST_PASSED:
        value = g_strdup (VIGIL_CHECKLIST_SOUND_PASSED);
        break;
      case VIGIL_ALARM_SOUND_SELF_TEST_FAILED:
        value = g_strdup_printf ("failed: %s", vigil_alarm_sound_get_self_test_message (self->sound));
        break;
      case VIGIL_ALARM_SOUND_SELF_TEST_NOT_RUN:
      case VIGIL_ALARM_SOUND_SELF_TEST_RUNNING:
      default:
        return;
      }

  checklist = vigil_treatment_session_get_checklist (self->treatment);
  if (vigil_checklist_get_item (checklist, "sound-self-test", &item)
      && g_strcmp0 (item.value, value) == 0)
    return;
  vigil_checklist_answer (checklist, "sound-self-test", value, _("Vigil monitor"), NULL);
}

/* The self-test's outcome goes into this run's record. */
static void
on_sound_self_test (VigilAlarmSound *sound,
                    GParamSpec      *pspec,
                    VigilBedside    *self)
{
  VigilAlarmSoundSelfTest result = vigil_alarm_sound_get_self_test (sound);
  g_autoptr(GError) error = NULL;
  const char *detail;

  answer_sound_item (self);
  if (self->store == NULL || self->session_id <= 0
      || (result != VIGIL_ALARM_SOUND_SELF_TEST_PASSED && result != VIGIL_ALARM_SOUND_SELF_TEST_FAILED))
    return;

  detail = result == VIGIL_ALARM_SOUND_SELF_TEST_PASSED ? vigil_alarm_sound_get_sink_name (sound)
                                                        : vigil_alarm_sound_get_self_test_message (sound);
  if (!vigil_store_set_session_sound (self->store, self->session_id,
                                      result == VIGIL_ALARM_SOUND_SELF_TEST_PASSED, detail, &error))
    g_message ("%s", error->message);
}

static void
on_sound_available (VigilAlarmSound *sound,
                    GParamSpec      *pspec,
                    VigilBedside    *self)
{
  sync_sound_availability (self);
}

static void
on_store_health (VigilStore   *store,
                 gboolean      healthy,
                 VigilBedside *self)
{
  const GError *error = vigil_store_get_health_error (store);
  g_autofree char *text = NULL;

  if (!healthy && error != NULL)
    text = g_strdup_printf (_("Records cannot be saved: %s Monitoring and alarms go on; "
                              "the records are kept and written when the database works again."),
                            error->message);
  set_problem (self, text);
}

/* The first thing the configuration could not use, for the status area;
 * all of them go to the log. */
static void
report_config_problems (VigilBedside *self)
{
  GPtrArray *problems = vigil_clinic_config_get_problems (self->config);
  g_autofree char *text = NULL;

  if (problems->len == 0)
    return;
  for (guint i = 1; i < problems->len; i++)
    g_message ("%s", ((VigilClinicConfigProblem *) g_ptr_array_index (problems, i))->message);
  if (problems->len == 1)
    text = g_strdup (((VigilClinicConfigProblem *) g_ptr_array_index (problems, 0))->message);
  else
    text = g_strdup_printf (ngettext ("%s (and %u more problem in the clinic configuration: see the log)",
                                      "%s (and %u more problems in the clinic configuration: see the log)",
                                      problems->len - 1),
                            ((VigilClinicConfigProblem *) g_ptr_array_index (problems, 0))->message,
                            problems->len - 1);
  set_problem (self, text);
}

static void
apply_clinic_settings (VigilBedside *self)
{
  VigilAlarmEngine *alarms = vigil_monitor_get_alarms (self->monitor);
  g_autoptr(GError) error = NULL;

  report_config_problems (self);
  if (!vigil_clinic_config_apply_alarm_limits (self->config, vigil_alarm_engine_get_limits (alarms), &error))
    set_problem (self, error->message);

  if (self->settings == NULL)
    return;
  g_object_set (alarms, "audio-pause-duration",
                (gint64) g_settings_get_uint (self->settings, "audio-pause-s") * G_USEC_PER_SEC,
                NULL);
}

/* Prompts of the treatment (infusion complete, NIBP or MOAA/S due) are
 * information signals: the soft chime, never an alarm sound. */
static void
on_treatment_information (VigilTreatment *treatment,
                          int             what,
                          gint64          at_us,
                          VigilBedside   *self)
{
  if (self->sound != NULL)
    vigil_alarm_sound_play (self->sound, VIGIL_ALARM_TONE_INFO);
}

static void
watch_treatment (VigilBedside *self)
{
  if (self->treatment != NULL)
    g_signal_connect_object (vigil_treatment_session_get_treatment (self->treatment), "information",
                             G_CALLBACK (on_treatment_information), self, 0);
  answer_sound_item (self);
}

/**
 * vigil_bedside_start:
 *
 * Applies the clinic's settings, opens this run's record in the database
 * and runs the sound self-test. Call before the devices start delivering.
 */
void
vigil_bedside_start (VigilBedside *self)
{
  VigilAlarmEngine *alarms;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_BEDSIDE (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  alarms = vigil_monitor_get_alarms (self->monitor);
  apply_clinic_settings (self);

  if (self->store != NULL)
    {
      if (vigil_store_get_warning (self->store) != NULL)
        set_problem (self, vigil_store_get_warning (self->store));
      self->session_id = vigil_store_begin_session (self->store,
                                                    vigil_monitor_get_start_time (self->monitor),
                                                    vigil_monitor_is_simulated (self->monitor),
                                                    vigil_monitor_get_scenario (self->monitor));
      g_signal_connect_object (self->store, "health-changed", G_CALLBACK (on_store_health), self, 0);

      /* A treatment interrupted by a crash or a restart carries on where
       * it was: its timers derive from the stored steps. */
      self->treatment = vigil_treatment_session_resume (self->store, self->monitor, &error);
      /* Its durations were stored with it; the gates are today's. */
      if (self->treatment != NULL)
        vigil_checklist_set_settings (vigil_treatment_session_get_checklist (self->treatment),
                                      vigil_clinic_config_get_checklist (self->config));
      watch_treatment (self);
      if (error != NULL)
        {
          set_problem (self, error->message);
          g_clear_error (&error);
        }
    }
  g_signal_connect_object (alarms, "log", G_CALLBACK (on_alarm_log), self, 0);
  if (self->store != NULL)
    g_signal_connect_object (self->monitor, "observation", G_CALLBACK (on_observation), self, 0);

  if (self->sound != NULL)
    {
      g_signal_connect_object (alarms, "burst", G_CALLBACK (on_burst), self, 0);
      g_signal_connect_object (self->sound, "notify::available",
                               G_CALLBACK (on_sound_available), self, 0);
      g_signal_connect_object (self->sound, "notify::self-test",
                               G_CALLBACK (on_sound_self_test), self, 0);
      if (!vigil_alarm_sound_start (self->sound, &error))
        g_message ("%s", error->message);
      sync_sound_availability (self);
    }
  else
    vigil_alarm_engine_set_sound_available (alarms, FALSE);
}

/* Closes this run's record; idempotent. */
void
vigil_bedside_stop (VigilBedside *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_BEDSIDE (self));

  if (!self->started)
    return;
  self->started = FALSE;

  vigil_monitor_stop (self->monitor);
  g_signal_handlers_disconnect_by_func (self->monitor, on_observation, self);
  g_clear_handle_id (&self->sound_retry_id, g_source_remove);
  if (self->sound != NULL)
    {
      /* Switching the sound off on purpose is not T5. */
      g_signal_handlers_disconnect_by_data (self->sound, self);
      g_signal_handlers_disconnect_by_func (vigil_monitor_get_alarms (self->monitor), on_burst, self);
      vigil_alarm_sound_stop (self->sound);
    }
  if (self->store != NULL && self->session_id > 0
      && !vigil_store_end_session (self->store, self->session_id,
                                   vigil_clock_get_wall (vigil_monitor_get_clock (self->monitor)),
                                   &error))
    g_message ("%s", error->message);
}

static void
vigil_bedside_dispose (GObject *object)
{
  VigilBedside *self = VIGIL_BEDSIDE (object);

  vigil_bedside_stop (self);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (vigil_monitor_get_alarms (self->monitor), self);
  g_clear_object (&self->treatment);
  g_clear_object (&self->sound);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->config);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (vigil_bedside_parent_class)->dispose (object);
}

static void
vigil_bedside_finalize (GObject *object)
{
  VigilBedside *self = VIGIL_BEDSIDE (object);

  g_free (self->problem);

  G_OBJECT_CLASS (vigil_bedside_parent_class)->finalize (object);
}

static void
vigil_bedside_class_init (VigilBedsideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_bedside_dispose;
  object_class->finalize = vigil_bedside_finalize;

  /**
   * VigilBedside::treatment-changed:
   *
   * A treatment began, was resumed or was closed.
   */
  signals[SIGNAL_TREATMENT_CHANGED] =
    g_signal_new ("treatment-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vigil_bedside_init (VigilBedside *self)
{
}

/**
 * vigil_bedside_new:
 * @store: (nullable): where the records go; without one nothing is recorded
 * @sound: (nullable): the loudspeaker; without one T5 is raised at start
 * @settings: (nullable): the bedside's settings (audio pause)
 *
 * Reads the clinic configuration from its standard places
 * (vigil_clinic_config_load()).
 */
VigilBedside *
vigil_bedside_new (VigilMonitor    *monitor,
                   VigilStore      *store,
                   VigilAlarmSound *sound,
                   GSettings       *settings)
{
  VigilBedside *self;

  g_return_val_if_fail (VIGIL_IS_MONITOR (monitor), NULL);
  g_return_val_if_fail (store == NULL || VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (sound == NULL || VIGIL_IS_ALARM_SOUND (sound), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (VIGIL_TYPE_BEDSIDE, NULL);
  self->monitor = g_object_ref (monitor);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->sound = sound != NULL ? g_object_ref (sound) : NULL;
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->config = vigil_clinic_config_load (NULL);
  return self;
}

VigilMonitor *
vigil_bedside_get_monitor (VigilBedside *self)
{
  g_return_val_if_fail (VIGIL_IS_BEDSIDE (self), NULL);
  return self->monitor;
}

VigilStore *
vigil_bedside_get_store (VigilBedside *self)
{
  g_return_val_if_fail (VIGIL_IS_BEDSIDE (self), NULL);
  return self->store;
}

VigilAlarmSound *
vigil_bedside_get_sound (VigilBedside *self)
{
  g_return_val_if_fail (VIGIL_IS_BEDSIDE (self), NULL);
  return self->sound;
}

gint64
vigil_bedside_get_session_id (VigilBedside *self)
{
  g_return_val_if_fail (VIGIL_IS_BEDSIDE (self), 0);
  return self->session_id;
}

/* The clinic's configuration this bedside works with. */
VigilClinicConfig *
vigil_bedside_get_clinic_config (VigilBedside *self)
{
  g_return_val_if_fail (VIGIL_IS_BEDSIDE (self), NULL);
  return self->config;
}

/**
 * vigil_bedside_set_clinic_config:
 * @config: the configuration to use instead of the one read at creation
 *
 * Its alarm limits are applied at vigil_bedside_start(); its treatment
 * settings to the next treatment begun.
 */
void
vigil_bedside_set_clinic_config (VigilBedside      *self,
                                 VigilClinicConfig *config)
{
  g_return_if_fail (VIGIL_IS_BEDSIDE (self));
  g_return_if_fail (VIGIL_IS_CLINIC_CONFIG (config));

  g_set_object (&self->config, config);
}

/* A problem with the records or the configuration, for the status area. */
const char *
vigil_bedside_get_problem (VigilBedside *self)
{
  g_return_val_if_fail (VIGIL_IS_BEDSIDE (self), NULL);
  return self->problem;
}

/* The treatment at this bedside, or %NULL. */
VigilTreatmentSession *
vigil_bedside_get_treatment (VigilBedside *self)
{
  g_return_val_if_fail (VIGIL_IS_BEDSIDE (self), NULL);
  return self->treatment;
}

/**
 * vigil_bedside_begin_treatment:
 * @patient: who is treated (a new record is made)
 *
 * Returns: (transfer none): the new treatment, or %NULL with @error set
 */
VigilTreatmentSession *
vigil_bedside_begin_treatment (VigilBedside            *self,
                               const VigilStorePatient *patient,
                               guint                    series_number,
                               guint                    planned_count,
                               gboolean                 maintenance,
                               GError                 **error)
{
  VigilTreatmentSession *session;
  VigilTreatmentConfig config;
  VigilChecklistSettings gates;
  gint64 patient_id;

  g_return_val_if_fail (VIGIL_IS_BEDSIDE (self), NULL);
  g_return_val_if_fail (patient != NULL, NULL);

  if (self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("A treatment cannot begin without its records: the database could not be opened."));
      return NULL;
    }
  if (self->treatment != NULL
      && vigil_treatment_get_phase (vigil_treatment_session_get_treatment (self->treatment)) < VIGIL_TREATMENT_PHASE_DISCHARGED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("A treatment is already in progress at this bedside."));
      return NULL;
    }

  /* The clinic's durations, schedules and gates (a bad value in the
   * file was refused when it was read and reported at start). */
  config = *vigil_clinic_config_get_treatment (self->config);
  gates = *vigil_clinic_config_get_checklist (self->config);

  patient_id = vigil_store_create_patient (self->store, patient, error);
  if (patient_id <= 0)
    return NULL;
  session = vigil_treatment_session_new (self->store, self->monitor, &config, patient_id,
                                         series_number, planned_count, maintenance,
                                         self->session_id, error);
  if (session == NULL)
    return NULL;
  vigil_checklist_set_settings (vigil_treatment_session_get_checklist (session), &gates);

  g_clear_object (&self->treatment);
  self->treatment = session;
  watch_treatment (self);
  g_signal_emit (self, signals[SIGNAL_TREATMENT_CHANGED], 0);
  return session;
}

/* Puts a finished treatment away, so that the next one can begin. */
void
vigil_bedside_close_treatment (VigilBedside *self)
{
  g_return_if_fail (VIGIL_IS_BEDSIDE (self));

  if (self->treatment == NULL)
    return;
  g_clear_object (&self->treatment);
  g_signal_emit (self, signals[SIGNAL_TREATMENT_CHANGED], 0);
}
