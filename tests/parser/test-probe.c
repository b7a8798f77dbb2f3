/* test-probe.c — the vigil-probe program, run as a user would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage (from meson): test-probe PATH-TO-vigil-probe
 */
#include <signal.h>
#include <string.h>

#include <gio/gio.h>

#include "vigil-line-parser.h"
#include "vigil-line-protocol.h"
#include "vigil-pty.h"
#include "vigil-simulator.h"

static const char *probe_path;

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("VIGIL_TEST_DATA");

  if (dir == NULL)
    g_error ("VIGIL_TEST_DATA is not set: run the tests with meson test");
  return g_build_filename (dir, "line", name, NULL);
}

/* Runs the probe to completion. */
static int
run_probe (const char * const  *args,
           char               **out_stdout,
           char               **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) probe_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
on_observation_json (VigilParser            *parser,
                     const VigilObservation *obs,
                     GPtrArray              *json)
{
  g_ptr_array_add (json, vigil_observation_to_json (obs));
}

static void
on_event_json (VigilParser               *parser,
               const VigilTechnicalEvent *event,
               GPtrArray                 *json)
{
  g_ptr_array_add (json, vigil_technical_event_to_json (event));
}

/* What the library itself says about @name, host times removed. */
static GPtrArray *
decode_in_process (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(VigilLineParser) parser = vigil_line_parser_new ();
  g_autoptr(GRegex) times = NULL;
  GPtrArray *json = g_ptr_array_new_with_free_func (g_free);
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation_json), json);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_event_json), json);
  vigil_parser_feed (VIGIL_PARSER (parser), (const guint8 *) contents, length);

  times = g_regex_new (",\"host_wall_us\":0,\"host_monotonic_us\":0}$", 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json->len; i++)
    {
      char *stripped = g_regex_replace_literal (times, json->pdata[i], -1, 0, "}", 0, &error);
      g_assert_no_error (error);
      g_free (json->pdata[i]);
      json->pdata[i] = stripped;
    }
  return json;
}

/* Removes the host times from the probe's JSON lines, checking that each
 * line had them and that they are real clock readings. */
static GPtrArray *
strip_host_times (const char *output)
{
  g_autoptr(GRegex) times = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  GPtrArray *json = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time ();

  times = g_regex_new (",\"host_wall_us\":([0-9]+),\"host_monotonic_us\":([0-9]+)}$",
                       0, 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *wall = NULL;
      g_autofree char *monotonic = NULL;

      if (lines[i][0] == '\0')
        {
          /* Only the end of the output may be empty. */
          g_assert_null (lines[i + 1]);
          break;
        }
      if (!g_regex_match (times, lines[i], 0, &match))
        g_error ("probe line without host times: %s", lines[i]);
      wall = g_match_info_fetch (match, 1);
      monotonic = g_match_info_fetch (match, 2);
      /* Stamped during this test run. */
      g_assert_cmpint (g_ascii_strtoll (wall, NULL, 10), >, now - 60 * G_USEC_PER_SEC);
      g_assert_cmpint (g_ascii_strtoll (wall, NULL, 10), <=, now);
      g_assert_cmpint (g_ascii_strtoll (monotonic, NULL, 10), >, 0);

      g_ptr_array_add (json, g_regex_replace_literal (times, lines[i], -1, 0, "}", 0, &error));
      g_assert_no_error (error);
    }
  return json;
}

static void
assert_same_json (GPtrArray *expected,
                  GPtrArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (actual->pdata[i], ==, expected->pdata[i]);
}

static void
test_file_valid (void)
{
  g_autofree char *path = data_path ("valid.vgl");
  const char *args[] = { "--protocol", "vigil", "--file", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) expected = decode_in_process ("valid.vgl");
  g_autoptr(GPtrArray) actual = NULL;

  g_assert_cmpint (run_probe (args, &out, &err), ==, 0);
  actual = strip_host_times (out);
  assert_same_json (expected, actual);

  /* Checked by hand, not only against the library. */
  g_assert_cmpuint (actual->len, ==, 37);
  g_assert_cmpstr (actual->pdata[0], ==,
                   "{\"type\":\"observation\",\"parameter\":\"hr\",\"value\":72,"
                   "\"unit\":\"/min\",\"quality\":[\"valid\"],"
                   "\"device_time_us\":1700000000000000}");
  g_assert_cmpstr (actual->pdata[4], ==,
                   "{\"type\":\"observation\",\"parameter\":\"nibp\",\"systolic\":118,"
                   "\"diastolic\":76,\"mean\":null,\"unit\":\"mmHg\",\"quality\":[\"valid\"]}");
  g_assert_cmpstr (actual->pdata[7], ==,
                   "{\"type\":\"observation\",\"parameter\":\"hr\",\"value\":null,"
                   "\"unit\":\"/min\",\"quality\":[]}");
  g_assert_true (g_str_has_prefix (actual->pdata[11],
                                   "{\"type\":\"technical\",\"event\":\"sensor-off\","
                                   "\"parameter\":\"spo2\",\"message\":"));

  g_assert_cmpstr (err, ==, "vigil-probe: 18 frames ok, 0 bad\n");
}

static void
test_file_errors (void)
{
  static const struct {
    const char *name;
    const char *summary;
  } cases[] = {
    { "malformed-field.vgl", "vigil-probe: 2 frames ok, 22 bad\n" },
    { "out-of-range.vgl", "vigil-probe: 10 frames ok, 9 bad\n" },
    { "truncated.vgl", "vigil-probe: 3 frames ok, 3 bad, an unfinished line of 11 bytes at the end\n" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *path = data_path (cases[c].name);
      const char *args[] = { "--protocol", "vigil", "--file", path, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GPtrArray) expected = decode_in_process (cases[c].name);
      g_autoptr(GPtrArray) actual = NULL;

      /* Bad data is what the probe is for: still a successful run. */
      g_assert_cmpint (run_probe (args, &out, &err), ==, 0);
      actual = strip_host_times (out);
      assert_same_json (expected, actual);
      g_assert_cmpstr (err, ==, cases[c].summary);
    }
}

static void
test_version (void)
{
  const char *args[] = { "--version", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_probe (args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "vigil-probe " VIGIL_VERSION "\n");
  g_assert_cmpstr (err, ==, "");
}

static void
test_bad_arguments (void)
{
  g_autofree char *valid = data_path ("valid.vgl");
  g_autofree char *missing = data_path ("no-such-capture.vgl");
  const char *cases[][8] = {
    { "--protocol", "nmea", "--file", valid, NULL },
    { "--protocol", "vigil", NULL },
    { "--protocol", "vigil", "--file", valid, "--port", "/dev/null", NULL },
    { "--file", valid, NULL },
    { "--protocol", "vigil", "--file", missing, NULL },
    { "--protocol", "vigil", "--port", "/nonexistent/ttyUSB9", NULL },
    { "--protocol", "vigil", "--port", "/dev/null", "--baud", "12345", NULL },
    { "--protocol", "vigil", "--file", valid, "extra", NULL },
    { "--no-such-option", NULL },
    { "--protocol", NULL },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = run_probe (cases[c], &out, &err);

      g_test_message ("case %u: %s", c, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      /* One line, saying who speaks. */
      g_assert_true (g_str_has_prefix (err, "vigil-probe: "));
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
    }
}

typedef struct
{
  GDataInputStream *stdout_lines;
  GDataInputStream *stderr_lines;
} ProbeStreams;

static char *
read_line (GDataInputStream *stream)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

static GSubprocess *
spawn_on_port_protocol (const char   *protocol,
                        const char   *port,
                        ProbeStreams *streams)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              probe_path, "--protocol", protocol, "--port", port, NULL);
  g_assert_no_error (error);
  streams->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  streams->stderr_lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));

  /* The probe says when the port is open. */
  first = read_line (streams->stderr_lines);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, "vigil-probe: reading "));
  return process;
}

static GSubprocess *
spawn_on_port (const char   *port,
               ProbeStreams *streams)
{
  return spawn_on_port_protocol ("vigil", port, streams);
}

static void
write_line (VigilPty   *pty,
            const char *body)
{
  g_autofree char *line = vigil_line_protocol_seal (body);
  g_autoptr(GError) error = NULL;

  vigil_pty_write_all (pty, line, strlen (line), &error);
  g_assert_no_error (error);
}

/* Through a real pty: lines in, JSON out, ends cleanly on hang-up. */
static void
test_port_hang_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (NULL, &error);
  g_autoptr(GSubprocess) process = NULL;
  ProbeStreams streams = { 0 };
  g_autofree char *hr = NULL;
  g_autofree char *spo2 = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *summary = NULL;

  g_assert_no_error (error);
  process = spawn_on_port (vigil_pty_get_path (pty), &streams);

  write_line (pty, "VGL,T=1700000000000,HR=72,SPO2=98");
  vigil_pty_write_all (pty, "$VGL,HR=13*00\r\n", 15, &error);
  g_assert_no_error (error);

  hr = read_line (streams.stdout_lines);
  spo2 = read_line (streams.stdout_lines);
  bad = read_line (streams.stdout_lines);
  g_assert_true (g_str_has_prefix (hr, "{\"type\":\"observation\",\"parameter\":\"hr\",\"value\":72,"));
  g_assert_true (g_str_has_prefix (spo2, "{\"type\":\"observation\",\"parameter\":\"spo2\",\"value\":98,"));
  g_assert_true (g_str_has_prefix (bad, "{\"type\":\"technical\",\"event\":\"frame-error\","));

  /* Pull the cable. */
  vigil_pty_hang_up (pty);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  rest = read_line (streams.stdout_lines);
  g_assert_null (rest);
  summary = read_line (streams.stderr_lines);
  g_assert_cmpstr (summary, ==, "vigil-probe: 1 frames ok, 1 bad");

  g_clear_object (&streams.stdout_lines);
  g_clear_object (&streams.stderr_lines);
}

/* Ctrl-C on a port that is still open: a clean stop with a summary. */
static void
test_port_interrupt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (NULL, &error);
  g_autoptr(GSubprocess) process = NULL;
  ProbeStreams streams = { 0 };
  g_autofree char *line = NULL;
  g_autofree char *summary = NULL;

  g_assert_no_error (error);
  process = spawn_on_port (vigil_pty_get_path (pty), &streams);

  write_line (pty, "VGL,SPO2=OFF");
  g_free (read_line (streams.stdout_lines));  /* the sensor-off event */
  line = read_line (streams.stdout_lines);
  g_assert_true (g_str_has_prefix (line, "{\"type\":\"observation\",\"parameter\":\"spo2\",\"value\":null,"
                                   "\"unit\":\"%\",\"quality\":[\"sensor-off\"]"));

  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  summary = read_line (streams.stderr_lines);
  g_assert_cmpstr (summary, ==, "vigil-probe: 1 frames ok, 0 bad");

  g_clear_object (&streams.stdout_lines);
  g_clear_object (&streams.stderr_lines);
}

typedef struct
{
  char     *line;
  gboolean  done;
} AsyncLine;

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncLine *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                          result, NULL, NULL);
  read->done = TRUE;
}

/* The next line of output while the main loop (and a simulator on it)
 * runs; NULL at the end or after @timeout_ms. */
static char *
read_line_running (GDataInputStream *stream,
                   guint             timeout_ms)
{
  AsyncLine read = { NULL, FALSE };
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, on_line_read, &read);
  while (!read.done && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (read.done);
  return read.line;
}

/* On a port, the probe is the host: a GE S/5 sends nothing until asked,
 * so numbers on stdout prove the probe sent the transmission request. */
static void
test_port_polled_device (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilClock) clock = vigil_clock_new (10.0);
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ("normal", 1, &error);
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new_for_protocol (scenario, clock, "datex", &error);
  g_autoptr(GSubprocess) process = NULL;
  ProbeStreams streams = { 0 };
  gboolean saw_hr = FALSE;

  g_assert_no_error (error);
  g_assert_true (vigil_simulator_open_pty (simulator, NULL, &error));
  g_assert_no_error (error);
  vigil_simulator_start (simulator);
  process = spawn_on_port_protocol ("datex", vigil_simulator_get_path (simulator), &streams);

  for (guint i = 0; i < 20 && !saw_hr; i++)
    {
      g_autofree char *line = read_line_running (streams.stdout_lines, 10000);

      g_assert_nonnull (line);
      g_test_message ("%s", line);
      saw_hr = g_str_has_prefix (line, "{\"type\":\"observation\",\"parameter\":\"hr\",\"value\":");
    }
  g_assert_true (saw_hr);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (vigil_simulator_get_device_side (simulator)), >=, 1);

  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  vigil_simulator_stop (simulator);

  g_clear_object (&streams.stdout_lines);
  g_clear_object (&streams.stderr_lines);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: %s PATH-TO-vigil-probe", argv[0]);
  probe_path = argv[1];

  g_test_add_func ("/vigil/probe/file-valid", test_file_valid);
  g_test_add_func ("/vigil/probe/file-errors", test_file_errors);
  g_test_add_func ("/vigil/probe/version", test_version);
  g_test_add_func ("/vigil/probe/bad-arguments", test_bad_arguments);
  g_test_add_func ("/vigil/probe/port-hang-up", test_port_hang_up);
  g_test_add_func ("/vigil/probe/port-interrupt", test_port_interrupt);
  g_test_add_func ("/vigil/probe/port-polled-device", test_port_polled_device);

  return g_test_run ();
}
