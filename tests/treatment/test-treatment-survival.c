/* test-treatment-survival.c — timers survive a killed process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-treatment-survival PATH-TO-treatment-survival-helper
 *
 * The helper runs a treatment on a real SQLite store with a manual clock
 * whose wall time is given on its command line, so the truth is known. It
 * is killed with SIGKILL during the infusion, then during a pause; each
 * restart (a fresh process, and finally this process) rebuilds the
 * treatment from the database at a later wall time, and its phase and
 * times must match the truth within 1 s.
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "vigil-store.h"
#include "vigil-treatment.h"

#define T0     G_GINT64_CONSTANT (1700000000000000)
#define SEC    G_USEC_PER_SEC
#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static const char *helper_path;

typedef struct
{
  char   *phase;
  gint64  elapsed;
  gint64  remaining;
  gint64  paused;
  gint64  pause;
  gint64  recovery;
  gint64  recovery_minimum;
} State;

typedef struct
{
  GPtrArray *steps;    /* "KIND WALL_US" as printed once committed */
  State      states[2];/* after the replay, after the actions */
  guint      n_states;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->steps, g_ptr_array_unref);
  for (guint i = 0; i < run->n_states; i++)
    g_free (run->states[i].phase);
}

static gint64
field (const char *line,
       const char *name)
{
  g_autofree char *key = g_strconcat (" ", name, "=", NULL);
  const char *at = strstr (line, key);

  g_assert_nonnull (at);
  return g_ascii_strtoll (at + strlen (key), NULL, 10);
}

/* Runs the helper until it sleeps, then kills it with SIGKILL. */
static void
run_helper (const char  *db,
            gint64       wall,
            const char  *const *actions,
            Run         *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  gboolean slept = FALSE;
  char *line;

  memset (run, 0, sizeof *run);
  run->steps = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (helper_path));
  g_ptr_array_add (argv, g_strdup (db));
  g_ptr_array_add (argv, g_strdup_printf ("%" G_GINT64_FORMAT, wall));
  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (actions[i]));
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));

  while (!slept && (line = g_data_input_stream_read_line (out, NULL, NULL, &error)) != NULL)
    {
      g_test_message ("helper: %s", line);
      if (g_str_has_prefix (line, "step "))
        g_ptr_array_add (run->steps, g_strdup (line + 5));
      else if (g_str_has_prefix (line, "state "))
        {
          State *s = &run->states[run->n_states++];
          const char *end = strchr (line + 6, ' ');

          g_assert_cmpuint (run->n_states, <=, 2);
          s->phase = g_strndup (line + 6, end - (line + 6));
          s->elapsed = field (line, "elapsed");
          s->remaining = field (line, "remaining");
          s->paused = field (line, "paused");
          s->pause = field (line, "pause");
          s->recovery = field (line, "recovery");
          s->recovery_minimum = field (line, "recovery-minimum");
        }
      else if (g_str_equal (line, "sleeping"))
        slept = TRUE;
      g_free (line);
    }
  g_assert_no_error (error);
  /* It reached its sleep (a failure would have ended it with a message). */
  g_assert_true (slept);
  g_assert_cmpuint (run->n_states, ==, 2);

  g_subprocess_send_signal (proc, SIGKILL);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
}

#define assert_near(got, want) \
  G_STMT_START { \
    gint64 _g = (got), _w = (want); \
    if (ABS (_g - _w) > SEC) \
      g_error ("%s = %" G_GINT64_FORMAT " us, the truth is %" G_GINT64_FORMAT " us", #got, _g, _w); \
  } G_STMT_END

static void
assert_state (const State *s,
              const char  *phase,
              gint64       elapsed,
              gint64       paused,
              gint64       pause)
{
  g_assert_cmpstr (s->phase, ==, phase);
  assert_near (s->elapsed, elapsed);
  assert_near (s->remaining, MAX (40 * MINUTE - elapsed, 0));
  assert_near (s->paused, paused);
  assert_near (s->pause, pause);
}

static void
test_survival (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-treatment-survival-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(VigilClock) clock = NULL;
  g_autoptr(VigilTreatment) t = NULL;
  gint64 id;
  Run run;

  g_assert_no_error (error);

  /* 1. Started at T0, killed 10 min into the infusion. */
  {
    const char *const actions[] = { "start", "advance=600", NULL };

    run_helper (db, T0, actions, &run);
    g_assert_cmpuint (run.steps->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (run.steps, 0), ==, "start-infusion 1700000000000000");
    assert_state (&run.states[1], "infusion", 10 * MINUTE, 0, 0);
    run_clear (&run);
  }

  /* 2. Restarted at T0 + 25 min: the pump ran on while the monitor was
   * down, so 25 min have been given. Paused, killed 2 min into the pause. */
  {
    const char *const actions[] = { "pause=blood pressure 168/97", "advance=120", NULL };

    run_helper (db, T0 + 25 * MINUTE, actions, &run);
    assert_state (&run.states[0], "infusion", 25 * MINUTE, 0, 0);
    g_assert_cmpuint (run.steps->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (run.steps, 0), ==, "pause 1700001500000000");
    assert_state (&run.states[1], "infusion-paused", 25 * MINUTE, 2 * MINUTE, 2 * MINUTE);
    run_clear (&run);
  }

  /* 3. Restarted at T0 + 31 min: still paused, the infusion clock stopped
   * at 25:00 and the pause has lasted 6 min. Resumed, killed 5 min later. */
  {
    const char *const actions[] = { "resume", "advance=300", NULL };

    run_helper (db, T0 + 31 * MINUTE, actions, &run);
    assert_state (&run.states[0], "infusion-paused", 25 * MINUTE, 6 * MINUTE, 6 * MINUTE);
    g_assert_cmpuint (run.steps->len, ==, 1);
    assert_state (&run.states[1], "infusion", 30 * MINUTE, 6 * MINUTE, 0);
    run_clear (&run);
  }

  /* 4. Restarted at T0 + 52 min: 25 + 21 = 46 min given, the 40 are over;
   * ended without a reason; killed in recovery. */
  {
    const char *const actions[] = { "end", "advance=60", NULL };

    run_helper (db, T0 + 52 * MINUTE, actions, &run);
    assert_state (&run.states[0], "infusion", 46 * MINUTE, 6 * MINUTE, 0);
    g_assert_cmpstr (g_ptr_array_index (run.steps, 0), ==, "end-infusion 1700003120000000");
    g_assert_cmpstr (run.states[1].phase, ==, "recovery");
    assert_near (run.states[1].recovery, 1 * MINUTE);
    run_clear (&run);
  }

  /* 5. Rebuilt in this process at T0 + 70 min, from the same file. */
  store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_check_integrity (store, &error));
  id = vigil_store_find_open_treatment (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  steps = vigil_store_list_treatment_steps (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 4);

  clock = vigil_clock_new_manual (T0 + 70 * MINUTE);
  t = vigil_treatment_new (NULL, clock);
  g_assert_true (vigil_treatment_replay (t, steps, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_treatment_get_phase (t), ==, VIGIL_TREATMENT_PHASE_RECOVERY);
  assert_near (vigil_treatment_get_infusion_elapsed (t), 46 * MINUTE);
  assert_near (vigil_treatment_get_infusion_remaining (t), 0);
  assert_near (vigil_treatment_get_paused_total (t), 6 * MINUTE);
  assert_near (vigil_treatment_get_recovery_elapsed (t), 18 * MINUTE);
  assert_near (vigil_treatment_get_recovery_remaining_minimum (t), 12 * MINUTE);
  assert_near (vigil_treatment_get_recovery_remaining_default (t), 27 * MINUTE);
  {
    VigilTreatmentStep *pause = g_ptr_array_index (steps, 1);

    g_assert_cmpint (pause->kind, ==, VIGIL_TREATMENT_STEP_PAUSE);
    g_assert_cmpstr (pause->reason, ==, "blood pressure 168/97");
    g_assert_cmpstr (pause->who, ==, "Nurse Ana");
  }

  g_clear_object (&store);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *name = g_strconcat (db, suffixes[i], NULL);

      g_remove (name);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-treatment-survival-helper\n", argv[0]);
      return 2;
    }
  helper_path = argv[1];

  g_test_add_func ("/vigil/treatment/survival", test_survival);

  return g_test_run ();
}
