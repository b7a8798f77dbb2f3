/* test-cli.c — vigil's command line, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every mistake gets one line on stderr and exit status 2, before any
 * window or port is opened; so none of these cases needs a display.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static const char *vigil_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static Run
run_vigil_env (const char  *args,
               char       **envp)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *command = g_strdup_printf ("'%s' %s", vigil_path, args);
  Run run = { 0 };
  int wait_status;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &run.out, &run.err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}

static Run
run_vigil (const char *args)
{
  return run_vigil_env (args, NULL);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_bad_arguments (void)
{
  static const struct {
    const char *args;
    const char *says;
  } cases[] = {
    { "--bogus", "Unknown option" },
    { "extra", "Unexpected argument" },
    { "--speed 0 --demo", "--speed must be" },
    { "--speed -3 --demo", "--speed must be" },
    { "--speed 5000 --demo", "--speed must be" },
    { "--speed nan --demo", "" },
    { "--speed 5", "only works with --demo" },
    { "--scenario normal", "only works with --demo" },
    { "--demo --scenario nope", "Unknown scenario" },
    { "--demo --device vigil:/dev/ttyUSB0", "not both" },
    { "--demo-device masimo", "only works with --demo" },
    { "--demo --demo-device ge-s5", "Unknown device family" },
    { "--device foo:/dev/ttyUSB0", "Unknown device protocol" },
    { "--device vigil:", "" },
    { "--device /dev/ttyUSB0", "" },
    { "--device vigil:/dev/ttyUSB0@abc", "not a number" },
    { "--device vigil:/dev/ttyUSB0@0", "" },
    { "--seed -1 --demo", "--seed must be" },
    { "--autoplay", "only works with --demo" },
    { "--list-sessions extra", "Unexpected argument" },
    { "--export-pdf 7", "needs the file to write" },
    { "--export-pdf seven out.pdf", "needs a session number" },
    { "--export-csv 7 a.csv b.csv", "Unexpected argument" },
    { "--export-pdf 7 out.pdf --paper a3", "Unknown paper size" },
    { "--paper letter --export-csv 7 out.csv", "--paper only works with --export-pdf" },
    { "--list-sessions --export-pdf 7 out.pdf", "Choose one of" },
    { "--demo --export-csv 7 out.csv", "leave out --demo" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Run run = run_vigil (cases[i].args);

      g_test_message ("vigil %s → %d: %s", cases[i].args, run.status, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "vigil: "));
      g_assert_nonnull (strstr (run.err, cases[i].says));
      g_assert_cmpstr (run.out, ==, "");
      run_clear (&run);
    }
}

static void
test_version (void)
{
  Run run = run_vigil ("--version");

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "vigil " VIGIL_VERSION "\n");
  run_clear (&run);
}

static void
test_list_scenarios (void)
{
  static const char *names[] = {
    "normal", "hypertensive", "desaturation", "bradycardia", "tachycardia",
    "hypotension", "sensor-off", "cable-pulled", "nibp-fail",
  };
  Run run = run_vigil ("--list-scenarios");
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; lines[j] != NULL && !found; j++)
        found = g_str_has_prefix (lines[j], names[i]) && strlen (lines[j]) > strlen (names[i]) + 10;
      g_assert_true (found);
    }
  run_clear (&run);
}

/* Run from a build tree without meson devenv: a clear way out, no abort. */
static void
test_missing_schema (void)
{
  g_auto(GStrv) envp = g_get_environ ();
  Run run;

  envp = g_environ_unsetenv (envp, "GSETTINGS_SCHEMA_DIR");
  envp = g_environ_setenv (envp, "XDG_DATA_DIRS", "/nonexistent", TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", "/nonexistent", TRUE);
  run = run_vigil_env ("--demo", envp);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "meson devenv"));
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  run_clear (&run);
}

/* The commands without a window never create a database: a missing one
 * is one line on stderr and status 1, and the file is still not there. */
static void
test_missing_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-cli-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
  const char *commands[] = { "--list-sessions", "--export-pdf 1", "--export-csv 1" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *args = g_strdup_printf ("--db '%s' %s%s%s%s", db, commands[i],
                                               i > 0 ? " '" : "", i > 0 ? out : "", i > 0 ? "'" : "");
      Run run = run_vigil (args);

      g_test_message ("vigil %s → %d: %s", args, run.status, run.err);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "vigil: "));
      g_assert_nonnull (strstr (run.err, db));
      g_assert_cmpstr (run.out, ==, "");
      g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      run_clear (&run);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (argc, ==, 2);
  vigil_path = argv[1];

  g_test_add_func ("/vigil/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/vigil/cli/version", test_version);
  g_test_add_func ("/vigil/cli/list-scenarios", test_list_scenarios);
  g_test_add_func ("/vigil/cli/missing-schema", test_missing_schema);
  g_test_add_func ("/vigil/cli/missing-database", test_missing_database);

  return g_test_run ();
}
