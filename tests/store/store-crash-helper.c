/* store-crash-helper.c — records alarms, treatment steps or a whole session until it is killed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: store-crash-helper PATH [steps|session]
 *
 * Alarms (the default): prints "session ID", then the number of each row
 * right after vigil_store_append_alarm() has returned TRUE: a row it printed
 * is one the store promised was saved.
 *
 * Steps: resumes the open treatment (vigil_store_find_open_treatment(), as
 * Vigil does after a crash) or creates one, prints "treatment ID", then
 * appends steps (start, then pause/resume, each with the reason "PID:N")
 * and prints N right after vigil_store_append_treatment_step() has
 * returned TRUE.
 *
 * Session: a simulated monitoring session in a main loop, in real time.
 * Six vital streams at 1 Hz each, staggered as independent devices are
 * (one vital every 1/6 s), through vigil_store_append_vital(): it prints
 * "v N WALL_US" when vital N was handed to the store (its value is N;
 * the store commits it later, in a batch). Every 350 ms, alternately, an
 * alarm (value N) and a treatment event (note "N"), printing "a N" or
 * "e N" once the call returned TRUE, i.e. once it was committed.
 *
 * test-store-crash kills it with SIGKILL at random moments and checks that
 * every promised record is there.
 */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "vigil-store.h"

#define T0_US G_GINT64_CONSTANT (1700000000000000)

static int
append_alarms (VigilStore *store,
               gint64      session)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 1000000; i++)
    {
      g_autoptr(VigilAlarmLogEntry) entry =
        vigil_alarm_log_entry_new (i % 2 == 0 ? VIGIL_ALARM_LOG_START : VIGIL_ALARM_LOG_END,
                                   (VigilAlarmId) (i % VIGIL_N_ALARMS));

      entry->wall_us = T0_US + i;
      entry->priority = VIGIL_ALARM_PRIORITY_HIGH;
      entry->value = i;
      entry->limit = 90;
      entry->old_limit = NAN;
      entry->message = g_strdup_printf ("row %u", i);

      if (!vigil_store_append_alarm (store, session, entry, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("%u\n", i);
      fflush (stdout);
    }
  return 0;
}

static int
append_steps (VigilStore *store,
              gint64      session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  gint64 treatment;
  guint n_steps;

  treatment = vigil_store_find_open_treatment (store, &error);
  if (treatment < 0)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (treatment == 0)
    {
      VigilStorePatient patient = { 0, (char *) "Crash Test", NULL, NULL, 70, NULL, T0_US };
      gint64 patient_id = vigil_store_create_patient (store, &patient, &error);

      if (patient_id == 0)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      treatment = vigil_store_create_treatment (store, patient_id, session, 1, 6, FALSE, TRUE,
                                                NULL, T0_US, &error);
      if (treatment == 0 || !vigil_store_is_healthy (store))
        {
          g_printerr ("%s\n", error != NULL ? error->message
                                            : vigil_store_get_health_error (store)->message);
          return 1;
        }
    }
  steps = vigil_store_list_treatment_steps (store, treatment, &error);
  if (steps == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  n_steps = steps->len;
  printf ("treatment %" G_GINT64_FORMAT "\n", treatment);
  fflush (stdout);

  for (guint i = 0; i < 1000000; i++, n_steps++)
    {
      VigilTreatmentStepKind kind = n_steps == 0 ? VIGIL_TREATMENT_STEP_START_INFUSION :
                                    n_steps % 2 == 1 ? VIGIL_TREATMENT_STEP_PAUSE :
                                    VIGIL_TREATMENT_STEP_RESUME;
      g_autofree char *reason = g_strdup_printf ("%d:%u", (int) getpid (), i);
      g_autoptr(VigilTreatmentStep) step =
        vigil_treatment_step_new (kind, T0_US + n_steps, "Nurse Ana", reason);

      if (!vigil_store_append_treatment_step (store, treatment, step, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("%u\n", i);
      fflush (stdout);
    }
  return 0;
}

typedef struct
{
  VigilStore *store;
  gint64      session;
  gint64      treatment;
  guint       n_vitals;
  guint       n_alarms;
  guint       n_events;
  GMainLoop  *loop;
  int         status;
} Session;

static void
fail (Session      *s,
      const GError *error)
{
  g_printerr ("%s\n", error->message);
  s->status = 1;
  g_main_loop_quit (s->loop);
}

static gboolean
vital_cb (gpointer data)
{
  Session *s = data;
  g_autoptr(GError) error = NULL;
  VigilObservation o;
  guint n = s->n_vitals++;

  /* Six streams: ECG HR, SpO2, pulse rate, the pulse rate again as HR
   * (no ECG), and two more of the oximeter's. */
  vigil_observation_init (&o, (VigilParameter) ((n % 6) % VIGIL_N_PARAMETERS));
  o.value = n;
  if (o.parameter == VIGIL_PARAMETER_NIBP)
    {
      o.diastolic = n / 2.0;
      o.mean = NAN;
    }
  o.quality = VIGIL_QUALITY_VALID;
  o.host_wall_us = g_get_real_time ();
  o.host_monotonic_us = g_get_monotonic_time ();
  if (!vigil_store_append_vital (s->store, s->session, &o, &error))
    {
      fail (s, error);
      return G_SOURCE_REMOVE;
    }
  printf ("v %u %" G_GINT64_FORMAT "\n", n, o.host_wall_us);
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

static gboolean
record_cb (gpointer data)
{
  Session *s = data;
  g_autoptr(GError) error = NULL;

  if ((s->n_alarms + s->n_events) % 2 == 0)
    {
      g_autoptr(VigilAlarmLogEntry) entry =
        vigil_alarm_log_entry_new (VIGIL_ALARM_LOG_START, VIGIL_ALARM_HR_HIGH);

      entry->wall_us = g_get_real_time ();
      entry->priority = VIGIL_ALARM_PRIORITY_MEDIUM;
      entry->value = s->n_alarms;
      entry->limit = 120;
      entry->old_limit = NAN;
      if (!vigil_store_append_alarm (s->store, s->session, entry, &error))
        {
          fail (s, error);
          return G_SOURCE_REMOVE;
        }
      printf ("a %u\n", s->n_alarms++);
    }
  else
    {
      g_autofree char *note = g_strdup_printf ("%u", s->n_events);
      VigilStoreTreatmentEvent event = { 0, s->treatment, g_get_real_time (), VIGIL_STORE_EVENT_NOTE,
                                         NULL, NULL, note, (char *) "Nurse Ana" };

      if (!vigil_store_append_treatment_event (s->store, &event, &error))
        {
          fail (s, error);
          return G_SOURCE_REMOVE;
        }
      printf ("e %u\n", s->n_events++);
    }
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

static int
record_session (VigilStore *store,
                gint64      session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  VigilStorePatient patient = { 0, (char *) "Crash Test", NULL, NULL, 70, NULL, T0_US };
  Session s = { store, session, 0, 0, 0, 0, loop, 0 };
  gint64 patient_id;

  patient_id = vigil_store_create_patient (store, &patient, &error);
  if (patient_id != 0)
    s.treatment = vigil_store_create_treatment (store, patient_id, session, 1, 6, FALSE, TRUE,
                                                NULL, g_get_real_time (), &error);
  if (s.treatment == 0 || !vigil_store_is_healthy (store))
    {
      g_printerr ("%s\n", error != NULL ? error->message
                                        : vigil_store_get_health_error (store)->message);
      return 1;
    }
  printf ("treatment %" G_GINT64_FORMAT "\n", s.treatment);
  fflush (stdout);

  g_timeout_add (1000 / 6, vital_cb, &s);
  /* Sparse enough that most vitals are committed by the store's own timer,
   * not by the transaction of a record. */
  g_timeout_add (350, record_cb, &s);
  g_main_loop_run (loop);
  return s.status;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  const char *mode;
  gint64 session;

  mode = argc == 3 ? argv[2] : "alarms";
  if (argc < 2 || argc > 3 ||
      (g_strcmp0 (mode, "alarms") != 0 && g_strcmp0 (mode, "steps") != 0 &&
       g_strcmp0 (mode, "session") != 0))
    {
      g_printerr ("usage: %s PATH [steps|session]\n", argv[0]);
      return 2;
    }

  store = vigil_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  session = vigil_store_begin_session (store, T0_US, TRUE, "crash");
  if (!vigil_store_is_healthy (store))
    {
      g_printerr ("%s\n", vigil_store_get_health_error (store)->message);
      return 1;
    }
  printf ("session %" G_GINT64_FORMAT "\n", session);
  fflush (stdout);

  if (g_str_equal (mode, "session"))
    return record_session (store, session);
  return g_str_equal (mode, "steps") ? append_steps (store, session) : append_alarms (store, session);
}
