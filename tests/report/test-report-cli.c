/* test-report-cli.c — vigil --list-sessions / --export-pdf / --export-csv
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real vigil binary on a real database written through the store: no
 * window and no display, exit 0 on success, 1 with one line on stderr on
 * failure, 2 on bad arguments; a missing database is never created.
 *
 * Usage: test-report-cli VIGIL
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "report-fixture.h"

static const char *vigil_path;
static char *tmp_dir;
static char *db_path;
static ReportFixture fixture;
static gint64 monitoring_id;

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
run_vigil (const char *format,
           ...)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *args = NULL;
  g_autofree char *command = NULL;
  Run run = { 0 };
  int wait_status;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  command = g_strdup_printf ("'%s' %s", vigil_path, args);
  /* No display: these commands must not need one. */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &run.out, &run.err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  g_test_message ("vigil %s → %d\n%s%s", args, run.status, run.out, run.err);
  return run;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
assert_one_error_line (const Run  *run,
                       int         status,
                       const char *says)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "vigil: "));
  g_assert_nonnull (strstr (run->err, says));
}

static void
test_list_sessions (void)
{
  Run run = run_vigil ("--db '%s' --list-sessions", db_path);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) treatment = NULL;
  g_auto(GStrv) monitoring = NULL;

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* two sessions and the final newline */
  g_assert_cmpstr (lines[2], ==, "");
  /* Newest first. */
  monitoring = g_strsplit (lines[0], "\t", -1);
  treatment = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpuint (g_strv_length (treatment), ==, 8);
  g_assert_cmpuint (g_strv_length (monitoring), ==, 8);

  g_assert_cmpint (g_ascii_strtoll (treatment[0], NULL, 10), ==, fixture.session_id);
  g_assert_cmpstr (treatment[1], ==, "2024-05-06 09:00:00");
  g_assert_cmpstr (treatment[2], ==, "1:30:00");
  g_assert_cmpstr (treatment[3], ==, FIXTURE_PATIENT);
  g_assert_cmpstr (treatment[4], ==, "3/6");
  g_assert_cmpstr (treatment[5], ==, "3");          /* SpO2 low, NIBP high, NIBP failed */
  g_assert_cmpstr (treatment[6], ==, "12");
  g_assert_cmpstr (treatment[7], ==, "SIMULATED");

  g_assert_cmpint (g_ascii_strtoll (monitoring[0], NULL, 10), ==, monitoring_id);
  g_assert_cmpstr (monitoring[2], ==, "0:10:00");
  g_assert_cmpstr (monitoring[3], ==, "-");
  g_assert_cmpstr (monitoring[4], ==, "-");
  g_assert_cmpstr (monitoring[5], ==, "1");
  g_assert_cmpstr (monitoring[6], ==, "-");
  g_assert_cmpstr (monitoring[7], ==, "real");
  run_clear (&run);
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
test_export_pdf (void)
{
  g_autofree char *a4 = g_build_filename (tmp_dir, "cli-a4.pdf", NULL);
  g_autofree char *letter = g_build_filename (tmp_dir, "cli-letter.pdf", NULL);
  g_autofree char *data = NULL;
  gsize length;
  GStatBuf st;
  Run run;

  run = run_vigil ("--db '%s' --export-pdf %" G_GINT64_FORMAT " '%s' --clinic 'Clínica Sol'",
                   db_path, fixture.session_id, a4);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);
  g_assert_true (g_file_get_contents (a4, &data, &length, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_cmpuint (length, >, 20000);
  /* A patient's data: readable by its owner only. */
  g_assert_cmpint (g_stat (a4, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  run = run_vigil ("--db '%s' --paper letter --export-pdf %" G_GINT64_FORMAT " '%s'",
                   db_path, monitoring_id, letter);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  if (have_program ("pdfinfo"))
    {
      const char *argv[] = { "pdfinfo", letter, NULL };
      g_autofree char *info = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &info, NULL, NULL, NULL));
      g_assert_nonnull (strstr (info, "612 x 792"));
    }
  if (have_program ("pdftotext"))
    {
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", a4, "-", NULL };
      g_autofree char *text = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &text, NULL, NULL, NULL));
      g_assert_nonnull (strstr (text, "Clínica Sol"));
      g_assert_nonnull (strstr (text, FIXTURE_PATIENT));
    }
}

static void
test_export_csv (void)
{
  g_autofree char *csv = g_build_filename (tmp_dir, "cli.csv", NULL);
  g_autofree char *data = NULL;
  g_autofree char *header = NULL;
  Run run = run_vigil ("--db '%s' --export-csv %" G_GINT64_FORMAT " '%s'", db_path, fixture.session_id, csv);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);
  g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
  g_assert_true (g_str_has_prefix (data, "record,session_id,simulated,patient,time,"));
  /* header + every record */
  g_assert_cmpuint (count_lines (data), >=, 1 + fixture.n_vitals + fixture.n_steps + fixture.n_events +
                                            fixture.n_alarms + fixture.n_scores);
  g_assert_nonnull (strstr (data, "\"José Müller, \"\"Pepe\"\"\""));
}

static void
test_failures (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "nowhere", "vigil.db", NULL);
  g_autofree char *missing2 = g_build_filename (tmp_dir, "not-there.db", NULL);
  g_autofree char *empty = g_build_filename (tmp_dir, "empty.db", NULL);
  g_autofree char *out = g_build_filename (tmp_dir, "x.pdf", NULL);
  g_autofree char *unwritable = g_build_filename (tmp_dir, "no-folder", "x.csv", NULL);
  Run run;

  /* A missing database is reported, never created. */
  run = run_vigil ("--db '%s' --list-sessions", missing2);
  assert_one_error_line (&run, 1, missing2);
  g_assert_nonnull (strstr (run.err, "no database"));
  g_assert_false (g_file_test (missing2, G_FILE_TEST_EXISTS));
  run_clear (&run);
  run = run_vigil ("--db '%s' --export-pdf 1 '%s'", missing, out);
  assert_one_error_line (&run, 1, missing);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  run_clear (&run);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  run = run_vigil ("--db '%s' --export-csv 1 '%s'", empty, out);
  assert_one_error_line (&run, 1, "empty");
  run_clear (&run);

  /* A session that is not there. */
  run = run_vigil ("--db '%s' --export-pdf 999 '%s'", db_path, out);
  assert_one_error_line (&run, 1, "--list-sessions");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  run_clear (&run);

  /* A file that cannot be written. */
  run = run_vigil ("--db '%s' --export-csv %" G_GINT64_FORMAT " '%s'", db_path, fixture.session_id, unwritable);
  assert_one_error_line (&run, 1, unwritable);
  run_clear (&run);
}

static void
test_bad_arguments (void)
{
  static const struct {
    const char *args;
    const char *says;
  } cases[] = {
    { "--export-pdf", "Missing argument" },
    { "--export-pdf 3", "needs the file to write" },
    { "--export-pdf abc out.pdf", "needs a session number" },
    { "--export-pdf 0 out.pdf", "needs a session number" },
    { "--export-pdf -2 out.pdf", "needs a session number" },
    { "--export-csv 3", "needs the file to write" },
    { "--export-csv 3 a.csv b.csv", "Unexpected argument" },
    { "--export-pdf 3 out.pdf --paper a5", "Unknown paper size" },
    { "--paper letter --list-sessions", "--paper only works with --export-pdf" },
    { "--export-csv 3 out.csv --paper a4", "--paper only works with --export-pdf" },
    { "--clinic X --export-csv 3 out.csv", "--clinic only works with --export-pdf" },
    { "--list-sessions --export-csv 3 out.csv", "Choose one of" },
    { "--export-pdf 3 out.pdf --export-csv 3", "Choose one of" },
    { "--list-sessions --demo", "leave out --demo" },
    { "--list-sessions extra", "Unexpected argument" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Run run = run_vigil ("--db '%s' %s", db_path, cases[i].args);

      assert_one_error_line (&run, 2, cases[i].says);
      run_clear (&run);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  vigil_path = argv[1];

  tmp_dir = g_dir_make_tmp ("vigil-report-cli-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "clinic.db", NULL);
  store = vigil_store_open (db_path, &error);
  g_assert_no_error (error);
  report_fixture_build_treatment (store, &fixture);
  monitoring_id = report_fixture_build_monitoring (store, fixture.end_us + (gint64) 3600 * G_USEC_PER_SEC);
  /* Closed, as after the clinic's day: the CLI opens it as another program would. */
  g_clear_object (&store);

  g_test_add_func ("/vigil/report-cli/list-sessions", test_list_sessions);
  g_test_add_func ("/vigil/report-cli/export-pdf", test_export_pdf);
  g_test_add_func ("/vigil/report-cli/export-csv", test_export_csv);
  g_test_add_func ("/vigil/report-cli/failures", test_failures);
  g_test_add_func ("/vigil/report-cli/bad-arguments", test_bad_arguments);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_remove (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
