/* store-crash-helper.c — appends alarm rows or treatment steps until it is killed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: store-crash-helper PATH [steps]
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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  gboolean steps;
  gint64 session;

  if (argc < 2 || argc > 3 || (argc == 3 && g_strcmp0 (argv[2], "steps") != 0))
    {
      g_printerr ("usage: %s PATH [steps]\n", argv[0]);
      return 2;
    }
  steps = argc == 3;

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

  return steps ? append_steps (store, session) : append_alarms (store, session);
}
