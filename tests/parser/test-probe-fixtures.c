/* test-probe-fixtures.c — vigil-probe on every device protocol's captures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage (from meson): test-probe-fixtures PATH-TO-vigil-probe
 *
 * Each tests/data/PROTOCOL/NAME.bin has a NAME.jsonl beside it, written by
 * that folder's make-fixtures.py from its own model of the bytes: exactly
 * what `vigil-probe --protocol PROTOCOL --file NAME.bin` must print, without
 * the host times (which are the probe's clock). --raw must print one frame
 * object per frame, marked valid or not.
 */
#include <string.h>

#include <gio/gio.h>

static const char *probe_path;

static const char * const protocols[] = { "datex", "masimo", "nonin", "intellivue" };

static char *
run_probe (const char * const *args,
           int                *out_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (gpointer) probe_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* Device clocks without a zone (Masimo) are read as local time. */
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *out_status = g_subprocess_get_exit_status (process);
  return out;
}

static char *
strip_host_times (const char *output)
{
  g_autoptr(GRegex) times =
    g_regex_new (",\"host_wall_us\":-?[0-9]+,\"host_monotonic_us\":-?[0-9]+", 0, 0, NULL);

  return g_regex_replace_literal (times, output, -1, 0, "", 0, NULL);
}

static void
test_fixture (gconstpointer data)
{
  const char *jsonl_path = data;
  g_autofree char *dir = g_path_get_dirname (jsonl_path);
  g_autofree char *protocol = g_path_get_basename (dir);
  g_autofree char *stem = g_strndup (jsonl_path, strlen (jsonl_path) - strlen (".jsonl"));
  g_autofree char *capture = g_strconcat (stem, ".bin", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *output = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_file_test (capture, G_FILE_TEST_IS_REGULAR));
  g_file_get_contents (jsonl_path, &expected, NULL, &error);
  g_assert_no_error (error);

  {
    const char *args[] = { "--protocol", protocol, "--file", capture, NULL };

    output = run_probe (args, &status);
  }
  g_assert_cmpint (status, ==, 0);
  stripped = strip_host_times (output);
  g_assert_cmpstr (stripped, ==, expected);

  /* --raw: frames only, each with its status and its bytes. */
  {
    const char *args[] = { "--protocol", protocol, "--file", capture, "--raw", NULL };
    g_auto(GStrv) lines = NULL;

    raw = run_probe (args, &status);
    g_assert_cmpint (status, ==, 0);
    lines = g_strsplit (raw, "\n", -1);
    for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
      {
        g_assert_true (g_str_has_prefix (lines[i], "{\"type\":\"frame\",\"valid\":"));
        g_assert_nonnull (strstr (lines[i], "\"hex\":\""));
      }
  }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  const char *data_dir = g_getenv ("VIGIL_TEST_DATA");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  if (argc < 2 || data_dir == NULL)
    g_error ("usage: test-probe-fixtures PATH-TO-vigil-probe, with VIGIL_TEST_DATA set");
  probe_path = argv[1];

  for (guint p = 0; p < G_N_ELEMENTS (protocols); p++)
    {
      g_autofree char *dir_path = g_build_filename (data_dir, protocols[p], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".jsonl"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      /* Every protocol has captures to check. */
      g_assert_cmpuint (names->len, >, 0);

      for (guint i = 0; i < names->len; i++)
        {
          const char *file = g_ptr_array_index (names, i);
          g_autofree char *stem = g_strndup (file, strlen (file) - strlen (".jsonl"));
          g_autofree char *test_path = g_strdup_printf ("/vigil/probe-fixtures/%s/%s",
                                                        protocols[p], stem);
          char *path = g_build_filename (dir_path, file, NULL);

          g_ptr_array_add (paths, path);
          g_test_add_data_func (test_path, path, test_fixture);
        }
    }

  return g_test_run ();
}
