/* treatment-survival-helper.c — runs a treatment on a store until killed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: treatment-survival-helper DB WALL_US [ACTION…]
 *
 * Opens the store at DB, resumes its open treatment by replaying the
 * stored steps (or creates a patient and a treatment if there is none),
 * on a manual clock standing at WALL_US, so the test knows the truth. Then
 * takes the ACTIONs in order: "start", "pause=REASON", "resume", "end",
 * "end=REASON", "advance=SECONDS". Each step is written to the store from
 * the treatment's "step" signal, as the app does, and printed as
 * "step KIND WALL_US" once the store has committed it. Prints "state …"
 * after the replay and after the actions, then "sleeping", and sleeps
 * until test-treatment-survival kills it with SIGKILL.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-store.h"
#include "vigil-treatment.h"

#define WHO "Nurse Ana"

typedef struct
{
  VigilStore *store;
  gint64      treatment_id;
} Persist;

static void
on_step (VigilTreatment     *treatment,
         VigilTreatmentStep *step,
         Persist            *persist)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_store_append_treatment_step (persist->store, persist->treatment_id, step, &error))
    {
      g_printerr ("treatment-survival-helper: step not saved: %s\n", error->message);
      exit (1);
    }
  printf ("step %s %" G_GINT64_FORMAT "\n", vigil_treatment_step_kind_to_string (step->kind), step->wall_us);
  fflush (stdout);
}

static void
print_state (VigilTreatment *t)
{
  printf ("state %s elapsed=%" G_GINT64_FORMAT " remaining=%" G_GINT64_FORMAT
          " paused=%" G_GINT64_FORMAT " pause=%" G_GINT64_FORMAT
          " recovery=%" G_GINT64_FORMAT " recovery-minimum=%" G_GINT64_FORMAT "\n",
          vigil_treatment_phase_to_string (vigil_treatment_get_phase (t)),
          vigil_treatment_get_infusion_elapsed (t),
          vigil_treatment_get_infusion_remaining (t),
          vigil_treatment_get_paused_total (t),
          vigil_treatment_get_current_pause_elapsed (t),
          vigil_treatment_get_recovery_elapsed (t),
          vigil_treatment_get_recovery_remaining_minimum (t));
  fflush (stdout);
}

static gboolean
take (VigilTreatment          *t,
      VigilTreatmentStepKind   kind,
      const char              *reason,
      GError                 **error)
{
  return vigil_treatment_apply (t, kind, WHO, reason, FALSE, error);
}

static gboolean
run_action (VigilTreatment  *t,
            VigilClock      *clock,
            const char      *action,
            GError         **error)
{
  const char *eq = strchr (action, '=');
  g_autofree char *verb = eq != NULL ? g_strndup (action, eq - action) : g_strdup (action);
  const char *arg = eq != NULL ? eq + 1 : NULL;

  if (g_str_equal (verb, "start"))
    return take (t, VIGIL_TREATMENT_STEP_START_INFUSION, NULL, error);
  if (g_str_equal (verb, "pause"))
    return take (t, VIGIL_TREATMENT_STEP_PAUSE, arg, error);
  if (g_str_equal (verb, "resume"))
    return take (t, VIGIL_TREATMENT_STEP_RESUME, NULL, error);
  if (g_str_equal (verb, "end"))
    return take (t, VIGIL_TREATMENT_STEP_END_INFUSION, arg, error);
  if (g_str_equal (verb, "advance") && arg != NULL)
    {
      vigil_clock_advance (clock, g_ascii_strtoll (arg, NULL, 10) * G_USEC_PER_SEC);
      return TRUE;
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "unknown action %s", action);
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilClock) clock = NULL;
  g_autoptr(VigilTreatment) treatment = NULL;
  Persist persist = { NULL, 0 };
  gint64 wall;

  if (argc < 3)
    {
      g_printerr ("usage: %s DB WALL_US [ACTION…]\n", argv[0]);
      return 2;
    }
  wall = g_ascii_strtoll (argv[2], NULL, 10);
  clock = vigil_clock_new_manual (wall);
  treatment = vigil_treatment_new (NULL, clock);

  store = vigil_store_open (argv[1], &error);
  if (store == NULL)
    goto fail;
  persist.store = store;
  persist.treatment_id = vigil_store_find_open_treatment (store, &error);
  if (persist.treatment_id < 0)
    goto fail;
  if (persist.treatment_id == 0)
    {
      VigilStorePatient patient = { 0, "Survival Test Patient", NULL, NULL, 70.0, NULL, wall };
      gint64 patient_id = vigil_store_create_patient (store, &patient, &error);

      if (patient_id == 0)
        goto fail;
      persist.treatment_id = vigil_store_create_treatment (store, patient_id, 0, 1, 6, FALSE, TRUE,
                                                           NULL, wall, &error);
      if (persist.treatment_id == 0 || !vigil_store_is_healthy (store))
        {
          if (error == NULL)
            g_set_error_literal (&error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_IO,
                                 vigil_store_get_health_error (store)->message);
          goto fail;
        }
      printf ("treatment %" G_GINT64_FORMAT " created\n", persist.treatment_id);
    }
  else
    {
      g_autoptr(GPtrArray) steps = vigil_store_list_treatment_steps (store, persist.treatment_id, &error);

      if (steps == NULL || !vigil_treatment_replay (treatment, steps, &error))
        goto fail;
      printf ("treatment %" G_GINT64_FORMAT " replayed %u\n", persist.treatment_id, steps->len);
    }
  print_state (treatment);

  g_signal_connect (treatment, "step", G_CALLBACK (on_step), &persist);
  for (int i = 3; i < argc; i++)
    if (!run_action (treatment, clock, argv[i], &error))
      goto fail;
  print_state (treatment);

  printf ("sleeping\n");
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);

fail:
  g_printerr ("treatment-survival-helper: %s\n", error != NULL ? error->message : "failed");
  return 1;
}
