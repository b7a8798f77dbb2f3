/* test-simulator.c — simulator → real pty → bytes, read as a host would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "sim-test-util.h"
#include "vigil-clock.h"
#include "vigil-scenario.h"
#include "vigil-simulator.h"

/* 2023-11-14 22:13:20 UTC: T fields are exact multiples of it plus seconds. */
#define WALL_START_US G_GINT64_CONSTANT (1700000000000000)
#define WALL_START_MS (WALL_START_US / 1000)
#define SECOND_US     G_USEC_PER_SEC

typedef struct
{
  VigilClock     *clock;
  VigilScenario  *scenario;
  VigilSimulator *simulator;
  GPtrArray      *signalled;   /* lines from "line-written" */
  GPtrArray      *lines;       /* lines read from the pty */
  GString        *buffer;
  char           *tmpdir;
  int             fd;          /* the host's end */
} Fixture;

static void
on_line_written (VigilSimulator *simulator,
                 const char     *line,
                 Fixture        *f)
{
  g_ptr_array_add (f->signalled, g_strdup (line));
}

static void
fixture_init (Fixture    *f,
              const char *scenario)
{
  g_autoptr(GError) error = NULL;

  f->clock = vigil_clock_new_manual (WALL_START_US);
  f->scenario = vigil_scenario_new (scenario, 1, &error);
  g_assert_no_error (error);
  f->simulator = vigil_simulator_new (f->scenario, f->clock);
  f->signalled = g_ptr_array_new_with_free_func (g_free);
  f->lines = g_ptr_array_new_with_free_func (g_free);
  f->buffer = g_string_new (NULL);
  f->fd = -1;
  g_signal_connect (f->simulator, "line-written", G_CALLBACK (on_line_written), f);
}

static void
fixture_clear (Fixture *f)
{
  if (f->fd >= 0)
    close (f->fd);
  if (f->simulator != NULL)
    g_assert_finalize_object (f->simulator);
  g_assert_finalize_object (f->scenario);
  g_assert_finalize_object (f->clock);
  g_ptr_array_unref (f->signalled);
  g_ptr_array_unref (f->lines);
  g_string_free (f->buffer, TRUE);
  if (f->tmpdir != NULL)
    {
      g_assert_cmpint (g_rmdir (f->tmpdir), ==, 0);
      g_free (f->tmpdir);
    }
}

/* Advances the clock a second at a time, reading what arrives as it goes
 * (a pty holds only a few kilobytes), and checks every signalled line
 * came out of the slave side intact. */
static void
advance_and_read (Fixture *f,
                  guint    seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      vigil_clock_advance (f->clock, SECOND_US);
      if (f->fd >= 0)
        g_assert_cmpint (sim_test_read_lines (f->fd, f->buffer, f->lines,
                                              f->signalled->len, 2000),
                         ==, SIM_TEST_READ_OK);
    }
  if (f->fd >= 0)
    {
      g_assert_cmpuint (f->lines->len, ==, f->signalled->len);
      for (guint i = 0; i < f->lines->len; i++)
        g_assert_cmpstr (f->lines->pdata[i], ==, f->signalled->pdata[i]);
    }
}

static void
test_pty_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenario) reference = vigil_scenario_new ("normal", 1, &error);
  Fixture f = { 0 };
  gint64 previous = -1;

  fixture_init (&f, "normal");
  g_assert_true (vigil_simulator_open_pty (f.simulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (vigil_simulator_get_path (f.simulator), "/dev/pts/"));
  f.fd = sim_test_open_raw (vigil_simulator_get_path (f.simulator));

  vigil_simulator_start (f.simulator);
  g_assert_true (vigil_simulator_is_running (f.simulator));
  /* Nothing until the first second of clock time has passed. */
  vigil_clock_advance (f.clock, SECOND_US - 1);
  g_assert_cmpuint (f.signalled->len, ==, 0);
  vigil_clock_advance (f.clock, 1);
  g_assert_cmpuint (f.signalled->len, ==, 1);
  advance_and_read (&f, 9);
  g_assert_cmpuint (f.lines->len, ==, 10);
  g_assert_cmpuint (vigil_simulator_get_lines_sent (f.simulator), ==, 10);
  g_assert_cmpint (vigil_simulator_get_elapsed (f.simulator), ==, 10000);

  for (guint i = 0; i < f.lines->len; i++)
    {
      g_autoptr(GHashTable) fields = sim_test_parse_line (f.lines->pdata[i]);
      gint64 t = (i + 1) * 1000;
      VigilScenarioSample expected;

      vigil_scenario_sample (reference, previous, t, &expected);
      previous = t;

      g_assert_cmpint (sim_test_field_int (fields, "T"), ==, WALL_START_MS + t);
      g_assert_cmpint (sim_test_field_int (fields, "HR"), ==, expected.hr);
      g_assert_cmpint (sim_test_field_int (fields, "SPO2"), ==, expected.spo2);
      g_assert_cmpint (sim_test_field_int (fields, "PR"), ==, expected.pr);
      g_assert_cmpint (sim_test_field_int (fields, "HR"), >=, 55);
      g_assert_cmpint (sim_test_field_int (fields, "SPO2"), >=, 94);

      /* The first cuff reading completes at 0:00 and goes out with the
       * first line; no other line carries NIBP. */
      if (i == 0)
        {
          g_autofree char *nibp = g_strdup_printf ("%d/%d/%d", expected.nibp_sys,
                                                   expected.nibp_dia, expected.nibp_mean);

          g_assert_cmpint (expected.nibp, ==, VIGIL_SCENARIO_NIBP_READING);
          g_assert_cmpstr (g_hash_table_lookup (fields, "NIBP"), ==, nibp);
          g_assert_cmpuint (g_hash_table_size (fields), ==, 5);
        }
      else
        {
          g_assert_false (g_hash_table_contains (fields, "NIBP"));
          g_assert_cmpuint (g_hash_table_size (fields), ==, 4);
        }
    }

  vigil_simulator_stop (f.simulator);
  g_assert_false (vigil_simulator_is_running (f.simulator));
  vigil_clock_advance (f.clock, 5 * SECOND_US);
  g_assert_cmpuint (f.signalled->len, ==, 10);
  fixture_clear (&f);
}

static void
test_encoding (void)
{
  VigilScenarioSample sample = {
    .hr = 72, .spo2 = 98, .pr = 71,
    .nibp = VIGIL_SCENARIO_NIBP_READING, .nibp_sys = 124, .nibp_dia = 78, .nibp_mean = 93,
  };
  struct { VigilScenarioSample sample; const char *body; } cases[] = {
    { sample, "VGL,T=1700000000000,HR=72,SPO2=98,PR=71,NIBP=124/78/93" },
    { { .hr = 45, .spo2 = 97, .pr = 46, .nibp = VIGIL_SCENARIO_NIBP_FAILED },
      "VGL,T=1700000000000,HR=45,SPO2=97,PR=46,NIBP=FAIL" },
    { { .hr = 80, .spo2 = VIGIL_SCENARIO_ABSENT, .pr = VIGIL_SCENARIO_ABSENT, .spo2_sensor_off = TRUE },
      "VGL,T=1700000000000,HR=80,SPO2=OFF,PR=OFF" },
    { { .hr = 80, .spo2 = VIGIL_SCENARIO_ABSENT, .pr = VIGIL_SCENARIO_ABSENT },
      "VGL,T=1700000000000,HR=80,SPO2=---,PR=---" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = vigil_simulator_format_line (WALL_START_MS, &cases[i].sample);
      g_autoptr(GHashTable) fields = sim_test_parse_line (line);
      guint8 sum = 0;
      g_autofree char *expected = NULL;

      for (const char *p = cases[i].body; *p != '\0'; p++)
        sum ^= (guint8) *p;
      expected = g_strdup_printf ("$%s*%02X\r\n", cases[i].body, sum);
      g_assert_cmpstr (line, ==, expected);
    }
}

/* Plays @scenario through the pty up to @seconds, returning the fields of
 * every line, in order. */
static GPtrArray *
play_through_pty (Fixture    *f,
                  const char *scenario,
                  guint       seconds)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);

  fixture_init (f, scenario);
  g_assert_true (vigil_simulator_open_pty (f->simulator, NULL, &error));
  g_assert_no_error (error);
  f->fd = sim_test_open_raw (vigil_simulator_get_path (f->simulator));
  vigil_simulator_start (f->simulator);
  advance_and_read (f, seconds);
  for (guint i = 0; i < f->lines->len; i++)
    g_ptr_array_add (fields, sim_test_parse_line (f->lines->pdata[i]));
  return fields;
}

static gint64
line_second (GHashTable *fields)
{
  return (sim_test_field_int (fields, "T") - WALL_START_MS) / 1000;
}

static void
test_sensor_off (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) fields = play_through_pty (&f, "sensor-off", 240);

  g_assert_cmpuint (fields->len, ==, 240);
  for (guint i = 0; i < fields->len; i++)
    {
      GHashTable *line = fields->pdata[i];
      gint64 s = line_second (line);
      const char *spo2 = g_hash_table_lookup (line, "SPO2");
      const char *pr = g_hash_table_lookup (line, "PR");

      g_assert_cmpint (s, ==, i + 1);
      g_assert_cmpint (sim_test_field_int (line, "HR"), >=, 55);
      if (s >= 120 && s < 210)
        {
          g_assert_cmpstr (spo2, ==, "OFF");
          g_assert_cmpstr (pr, ==, "OFF");
        }
      else if (s >= 210 && s < 216)
        {
          g_assert_cmpstr (spo2, ==, "---");
          g_assert_cmpstr (pr, ==, "---");
        }
      else
        {
          g_assert_cmpint (sim_test_field_int (line, "SPO2"), >=, 96);
          g_assert_cmpint (sim_test_field_int (line, "PR"), >=, 55);
        }
    }
  fixture_clear (&f);
}

static void
test_nibp_fail (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) fields = play_through_pty (&f, "nibp-fail", 400);
  g_autoptr(GString) seen = g_string_new (NULL);

  for (guint i = 0; i < fields->len; i++)
    {
      const char *nibp = g_hash_table_lookup (fields->pdata[i], "NIBP");

      if (nibp != NULL)
        g_string_append_printf (seen, "%" G_GINT64_FORMAT ":%s ",
                                line_second (fields->pdata[i]),
                                g_str_equal (nibp, "FAIL") ? "FAIL" : "ok");
    }
  /* Each event goes out on the line of the second in which it completed. */
  g_assert_cmpstr (seen->str, ==, "1:ok 300:FAIL 360:ok ");
  fixture_clear (&f);
}

static void
test_silent (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) fields = play_through_pty (&f, "silent", 150);
  gint64 previous = 0;

  /* 2:00 to 2:20 nothing, the port open all along. */
  g_assert_cmpuint (fields->len, ==, 150 - 20);
  for (guint i = 0; i < fields->len; i++)
    {
      gint64 s = line_second (fields->pdata[i]);

      g_assert_true (s < 120 || s >= 140);
      g_assert_cmpint (s, >, previous);
      previous = s;
    }
  g_assert_true (vigil_simulator_get_connected (f.simulator));
  fixture_clear (&f);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_cable_pulled (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  g_autofree char *old_target = NULL;
  g_autofree char *new_target = NULL;
  Fixture f = { 0 };
  struct pollfd pfd;
  char byte;
  guint lines_before;
  guint path_notifies = 0;
  int new_fd;

  fixture_init (&f, "cable-pulled");
  f.tmpdir = g_dir_make_tmp ("vigil-sim-XXXXXX", &error);
  g_assert_no_error (error);
  link = g_build_filename (f.tmpdir, "monitor", NULL);
  g_assert_true (vigil_simulator_open_pty (f.simulator, link, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_simulator_get_path (f.simulator), ==, link);
  g_signal_connect (f.simulator, "notify::path", G_CALLBACK (count_notify), &path_notifies);

  old_target = g_file_read_link (link, &error);
  g_assert_no_error (error);
  f.fd = sim_test_open_raw (link);
  vigil_simulator_start (f.simulator);
  advance_and_read (&f, 119);
  g_assert_cmpuint (f.lines->len, ==, 119);
  g_assert_true (vigil_simulator_get_connected (f.simulator));
  lines_before = f.signalled->len;

  /* 2:00: pulled. The host sees a hang-up, not silence. */
  vigil_clock_advance (f.clock, SECOND_US);
  g_assert_false (vigil_simulator_get_connected (f.simulator));
  pfd = (struct pollfd) { f.fd, POLLIN, 0 };
  g_assert_cmpint (poll (&pfd, 1, 2000), ==, 1);
  g_assert_true (pfd.revents & POLLHUP);
  errno = 0;
  g_assert_cmpint (read (f.fd, &byte, 1), <=, 0);
  g_assert_true (errno == 0 || errno == EIO);

  /* Nothing is sent while the cable is out, and nothing is at the link:
   * a reconnecting device must not find a stranger's pty there. */
  g_assert_false (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  vigil_clock_advance (f.clock, 29 * SECOND_US);
  g_assert_cmpuint (f.signalled->len, ==, lines_before);
  g_assert_false (vigil_simulator_get_connected (f.simulator));
  g_assert_false (g_file_test (link, G_FILE_TEST_IS_SYMLINK));

  /* 2:30: plugged in again: a new pty behind the same link. */
  vigil_clock_advance (f.clock, SECOND_US);
  g_assert_true (vigil_simulator_get_connected (f.simulator));
  g_assert_cmpstr (vigil_simulator_get_path (f.simulator), ==, link);
  new_target = g_file_read_link (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (new_target, !=, old_target);
  g_assert_true (g_str_has_prefix (new_target, "/dev/pts/"));
  g_assert_cmpuint (path_notifies, ==, 0);

  /* The old end stays dead; the new one gets lines again. */
  pfd = (struct pollfd) { f.fd, POLLIN, 0 };
  g_assert_cmpint (poll (&pfd, 1, 0), ==, 1);
  g_assert_true (pfd.revents & POLLHUP);
  new_fd = sim_test_open_raw (link);
  close (f.fd);
  f.fd = new_fd;
  g_ptr_array_set_size (f.lines, 0);
  g_ptr_array_set_size (f.signalled, 0);
  advance_and_read (&f, 5);
  g_assert_cmpuint (f.lines->len, ==, 5);
  {
    g_autoptr(GHashTable) first = sim_test_parse_line (f.lines->pdata[0]);
    g_assert_cmpint (line_second (first), ==, 151);
  }

  vigil_simulator_stop (f.simulator);
  g_assert_finalize_object (g_steal_pointer (&f.simulator));
  /* The pty removed its link with it. */
  g_assert_false (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  fixture_clear (&f);
}

static void
test_no_reader_drops (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };

  fixture_init (&f, "normal");
  g_assert_true (vigil_simulator_open_pty (f.simulator, NULL, &error));
  g_assert_no_error (error);
  vigil_simulator_start (f.simulator);

  /* Nobody listening: the lines are sent and lost, as on a bare cable. */
  vigil_clock_advance (f.clock, 30 * SECOND_US);
  g_assert_cmpuint (f.signalled->len, ==, 30);

  /* A late reader gets the present, not a burst of the past. */
  f.fd = sim_test_open_raw (vigil_simulator_get_path (f.simulator));
  g_ptr_array_set_size (f.signalled, 0);
  advance_and_read (&f, 2);
  g_assert_cmpuint (f.lines->len, ==, 2);
  {
    g_autoptr(GHashTable) first = sim_test_parse_line (f.lines->pdata[0]);
    g_assert_cmpint (line_second (first), ==, 31);
  }

  /* A reader that leaves lines unread and goes away leaves nothing behind
   * for the next one. */
  vigil_clock_advance (f.clock, 3 * SECOND_US);
  close (f.fd);
  f.fd = -1;
  vigil_clock_advance (f.clock, 2 * SECOND_US);
  f.fd = sim_test_open_raw (vigil_simulator_get_path (f.simulator));
  g_ptr_array_set_size (f.signalled, 0);
  g_ptr_array_set_size (f.lines, 0);
  g_string_truncate (f.buffer, 0);
  advance_and_read (&f, 1);
  g_assert_cmpuint (f.lines->len, ==, 1);
  {
    g_autoptr(GHashTable) first = sim_test_parse_line (f.lines->pdata[0]);
    g_assert_cmpint (line_second (first), ==, 38);
  }
  fixture_clear (&f);
}

static void
test_port (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  int master;

  fixture_init (&f, "normal");

  /* Not a terminal, and not there at all: clear errors, no crash. */
  g_assert_false (vigil_simulator_open_port (f.simulator, "/dev/null", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "/dev/null"));
  g_clear_error (&error);
  g_assert_false (vigil_simulator_open_port (f.simulator, "/dev/ttyVIGIL-none", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  vigil_simulator_set_baud (f.simulator, 12345);
  g_assert_false (vigil_simulator_open_port (f.simulator, "/dev/tty", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  vigil_simulator_set_baud (f.simulator, 9600);
  g_assert_null (vigil_simulator_get_path (f.simulator));

  /* An existing terminal: here the slave of a pty this test made, read
   * from its master, as a null-modem cable would. */
  master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  g_assert_true (vigil_simulator_open_port (f.simulator, ptsname (master), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_simulator_get_path (f.simulator), ==, ptsname (master));
  {
    struct termios tio;
    int slave = open (ptsname (master), O_RDWR | O_NOCTTY);

    g_assert_cmpint (tcgetattr (slave, &tio), ==, 0);
    g_assert_cmpint (cfgetospeed (&tio), ==, B9600);
    g_assert_false (tio.c_lflag & ICANON);
    g_assert_false (tio.c_oflag & OPOST);
    close (slave);
  }
  g_unix_set_fd_nonblocking (master, TRUE, NULL);
  f.fd = master;
  vigil_simulator_start (f.simulator);
  advance_and_read (&f, 3);
  g_assert_cmpuint (f.lines->len, ==, 3);
  for (guint i = 0; i < f.lines->len; i++)
    {
      g_autoptr(GHashTable) fields = sim_test_parse_line (f.lines->pdata[i]);
      g_assert_cmpint (line_second (fields), ==, i + 1);
    }

  vigil_simulator_close (f.simulator);
  g_assert_null (vigil_simulator_get_path (f.simulator));
  /* Closed while running: ticks go on, nothing is sent, nothing breaks. */
  vigil_clock_advance (f.clock, 3 * SECOND_US);
  g_assert_cmpuint (f.signalled->len, ==, 3);
  fixture_clear (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/simulator/pty-lines", test_pty_lines);
  g_test_add_func ("/vigil/simulator/encoding", test_encoding);
  g_test_add_func ("/vigil/simulator/sensor-off", test_sensor_off);
  g_test_add_func ("/vigil/simulator/nibp-fail", test_nibp_fail);
  g_test_add_func ("/vigil/simulator/silent", test_silent);
  g_test_add_func ("/vigil/simulator/cable-pulled", test_cable_pulled);
  g_test_add_func ("/vigil/simulator/no-reader-drops", test_no_reader_drops);
  g_test_add_func ("/vigil/simulator/port", test_port);

  return g_test_run ();
}
