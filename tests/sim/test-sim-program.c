/* test-sim-program.c — vigil-sim as a program: arguments, pty, port, signals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built binary, whose path meson passes as the first argument.
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>

#include "sim-test-util.h"
#include "vigil-scenario.h"

static const char *sim_path;

static GSubprocess *
spawn (GSubprocessFlags   flags,
       const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) sim_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  return process;
}

/* Runs to completion; returns the exit status. */
static int
run (const char * const  *args,
     char               **out_stdout,
     char               **out_stderr)
{
  g_autoptr(GSubprocess) process =
    spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, args);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The first line vigil-sim prints: the path to open. */
static char *
read_path (GSubprocess *process)
{
  g_autoptr(GDataInputStream) out =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static void
wait_success (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* Every line is well framed, has the four continuous fields and moves on
 * in device time. */
static void
check_lines (GPtrArray *lines)
{
  gint64 previous_t = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(GHashTable) fields = sim_test_parse_line (lines->pdata[i]);
      gint64 t = sim_test_field_int (fields, "T");

      g_assert_cmpint (t, >, previous_t);
      previous_t = t;
      g_assert_cmpint (sim_test_field_int (fields, "HR"), >=, 25);
      g_assert_true (g_hash_table_contains (fields, "SPO2"));
      g_assert_true (g_hash_table_contains (fields, "PR"));
    }
}

static void
test_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const args[] = { "--version", NULL };

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "vigil-sim " VIGIL_VERSION "\n");
  g_assert_cmpstr (err, ==, "");
}

static void
test_list_scenarios (void)
{
  static const char * const required[] = {
    "normal", "hypertensive", "desaturation", "bradycardia", "tachycardia",
    "hypotension", "sensor-off", "cable-pulled", "nibp-fail",
  };
  const char * const args[] = { "--list-scenarios", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n_table = 0;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_suffix (out, "\n"));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *space = strchr (lines[i], ' ');

      /* "name  description" */
      g_assert_nonnull (space);
      g_ptr_array_add (names, g_strndup (lines[i], (gsize) (space - lines[i])));
      g_assert_nonnull (vigil_scenario_lookup (g_ptr_array_index (names, i)));
      g_assert_cmpuint (strspn (space, " "), <, strlen (space));
    }

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (g_ptr_array_find_with_equal_func (names, required[i], g_str_equal, NULL));
  for (const VigilScenarioInfo *info = vigil_scenario_list (); info->name != NULL; info++)
    n_table++;
  g_assert_cmpuint (names->len, ==, n_table);
}

static void
test_bad_arguments (void)
{
  static const char * const cases[][8] = {
    { "--protocol", "ge-s5", "--scenario", "normal", "--pty", NULL },
    { "--protocol", "vigil", "--scenario", "asystole", "--pty", NULL },
    { "--protocol", "vigil", "--scenario", "normal", NULL },
    { "--protocol", "vigil", "--pty", "--port", "/dev/ttyS0", NULL },
    { "--pty", "--speed", "0", NULL },
    { "--pty", "--speed", "-2", NULL },
    { "--pty", "--speed", "fast", NULL },
    { "--pty", "--seed", "-1", NULL },
    { "--pty", "--duration", "-5", NULL },
    { "--pty", "--frobnicate", NULL },
    { "--pty", "stray", NULL },
    { "--port", "/dev/ttyS0", "--link", "/tmp/x", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *joined = g_strjoinv (" ", (char **) cases[i]);

      g_test_message ("vigil-sim %s", joined);
      g_assert_cmpint (run (cases[i], &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      /* One line, saying who complains. */
      g_assert_true (g_str_has_prefix (err, "vigil-sim: "));
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
    }
}

static void
test_pty (void)
{
  const char * const args[] = {
    "--protocol", "vigil", "--scenario", "normal", "--pty",
    "--speed", "60", "--duration", "120", NULL,
  };
  g_autoptr(GSubprocess) process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, args);
  g_autofree char *path = read_path (process);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) buffer = g_string_new (NULL);
  gint64 first_t, last_t;
  int fd;

  g_assert_true (g_str_has_prefix (path, "/dev/pts/"));
  fd = sim_test_open_raw (path);

  /* 120 clock seconds at 60x: about two real seconds of lines, then the
   * program ends and the pty hangs up. */
  g_assert_cmpint (sim_test_read_lines (fd, buffer, lines, G_MAXUINT, 10000),
                   ==, SIM_TEST_READ_HANGUP);
  close (fd);
  wait_success (process);

  g_test_message ("%u lines", lines->len);
  g_assert_cmpuint (lines->len, >=, 60);
  g_assert_cmpuint (lines->len, <=, 130);
  g_assert_cmpuint (buffer->len, ==, 0);
  check_lines (lines);

  {
    g_autoptr(GHashTable) first = sim_test_parse_line (lines->pdata[0]);
    g_autoptr(GHashTable) last = sim_test_parse_line (lines->pdata[lines->len - 1]);

    first_t = sim_test_field_int (first, "T");
    last_t = sim_test_field_int (last, "T");
  }
  /* Device time runs at the clock's speed: the lines span clock minutes. */
  g_assert_cmpint (last_t - first_t, >=, 60 * 1000);
  g_assert_cmpint (last_t - first_t, <=, 121 * 1000);
}

static void
test_link_and_sigterm (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-sim-XXXXXX", &error);
  g_autofree char *link = g_build_filename (dir, "spo2-monitor", NULL);
  const char * const args[] = {
    "--protocol", "vigil", "--scenario", "desaturation", "--pty", "--link", link,
    "--speed", "10", "--seed", "77", NULL,
  };
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) buffer = g_string_new (NULL);
  int fd;

  g_assert_no_error (error);
  process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, args);
  path = read_path (process);
  g_assert_cmpstr (path, ==, link);
  target = g_file_read_link (link, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (target, "/dev/pts/"));

  fd = sim_test_open_raw (link);
  g_assert_cmpint (sim_test_read_lines (fd, buffer, lines, 3, 10000), ==, SIM_TEST_READ_OK);
  check_lines (lines);

  /* Stopped like a service: a clean exit that takes its link away. */
  g_subprocess_send_signal (process, SIGTERM);
  wait_success (process);
  close (fd);
  g_assert_false (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_port (void)
{
  g_autofree char *slave = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const missing[] = { "--port", "/dev/ttyVIGIL-none", NULL };
  int master;

  /* A missing port is not a usage error: status 1 and a line saying why. */
  g_assert_cmpint (run (missing, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/dev/ttyVIGIL-none"));

  /* The far end of a null-modem cable: the master of a pty made here. */
  master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = g_strdup (ptsname (master));
  {
    const char * const args[] = {
      "--protocol", "vigil", "--scenario", "tachycardia", "--port", slave,
      "--baud", "19200", "--speed", "20", "--duration", "10", NULL,
    };

    process = spawn (G_SUBPROCESS_FLAGS_NONE, args);
  }
  g_assert_cmpint (sim_test_read_lines (master, buffer, lines, 5, 10000), ==, SIM_TEST_READ_OK);
  check_lines (lines);
  wait_success (process);
  close (master);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-VIGIL-SIM\n", argv[0]);
      return EXIT_FAILURE;
    }
  sim_path = argv[1];

  g_test_add_func ("/vigil/sim-program/version", test_version);
  g_test_add_func ("/vigil/sim-program/list-scenarios", test_list_scenarios);
  g_test_add_func ("/vigil/sim-program/bad-arguments", test_bad_arguments);
  g_test_add_func ("/vigil/sim-program/pty", test_pty);
  g_test_add_func ("/vigil/sim-program/link-and-sigterm", test_link_and_sigterm);
  g_test_add_func ("/vigil/sim-program/port", test_port);

  return g_test_run ();
}
