/* bench-memory.c — does vigil --demo's memory grow over a long session?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the built vigil --demo (memory GSettings, a fresh --db in a
 * temporary folder, the benchmark's display) with an accelerated clock
 * (--speed, 600 by default: 12 simulated hours in 72 s) and reads its
 * /proc/PID/status at simulated checkpoints from 10 minutes to 12 hours:
 * peak RSS (VmHWM), RSS now, and its anonymous part (the heap; the rest
 * is mapped libraries and fonts). The baseline is the same process after
 * 10 simulated minutes; the figures are the ratio 12 h / 10 min and the
 * growth per simulated hour.
 *
 * What is expected: the six trend rings (VigilTrendSet, 24 h at 1 Hz,
 * 2.43 MB each) are allocated at start but malloc maps their pages lazily,
 * so their RSS grows with the samples written until the rings wrap at
 * 24 h: about 24 bytes per sample (16 in the ring, 8 in the min/max
 * pyramid), printed as "expected" from the samples the session stored.
 * SQLite's page cache is bounded (2 MB); the store's write queue is
 * emptied every half second. Anything beyond is growth to explain.
 *
 * That the demo kept up is checked from the database it wrote: vitals
 * stored per simulated minute in each interval, against the 180 a minute
 * the demo device sends at real time, and link-lost technical alarms (a
 * device the monitor found silent). At high speeds the simulator skips the
 * periods its timer runs late for (it catches up at most one second of
 * clock time), so fewer samples arrive than in a real 12 hours and the
 * data-driven part of the growth is understated by that ratio; the last
 * summary line says so. --speed and --hours change the run, e.g.
 * --speed 20 --hours 1 to see the full rate. None of this asserts a time
 * or a size: it prints them.
 */
#include "bench-process.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#define VIGIL_TEST_SKIP 77
#define TREND_BYTES_PER_SAMPLE 24.0   /* ring sample + pyramid share */
#define POLL_US (50 * 1000)
/* The default demo device at real time: HR, SpO2 and PR once a second,
 * NIBP every 5 minutes (measured at --speed 5). */
#define NOMINAL_VITALS_PER_MIN (3 * 60 + 0.2)

typedef struct
{
  double sim_min;       /* the simulated time actually reached */
  double hwm_mb;        /* VmHWM */
  double rss_mb;        /* VmRSS */
  double anon_mb;       /* RssAnon */
  double cpu_s;         /* user + system time of vigil */
  double real_s;        /* since the clock started */
  double spawn_s;       /* since vigil was started */
  gint64 wall_us;       /* the simulated wall clock then */
  gint64 n_vitals;
  gint64 n_trend;       /* vitals that land in a 1 Hz trend ring */
  gint64 n_link_lost;
} Sample;

static const double checkpoints_min[] = { 10, 30, 60, 120, 240, 480, 720 };

static double speed = 600.0;
static double hours = 12.0;

/* ---------------------------------------------------------------- /proc */

static gboolean
read_status (GPid    pid,
             Sample *sample)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      double kb = 0;

      if (sscanf (lines[i], "VmHWM: %lf kB", &kb) == 1)
        sample->hwm_mb = kb / 1024;
      else if (sscanf (lines[i], "VmRSS: %lf kB", &kb) == 1)
        sample->rss_mb = kb / 1024;
      else if (sscanf (lines[i], "RssAnon: %lf kB", &kb) == 1)
        sample->anon_mb = kb / 1024;
    }
  return sample->hwm_mb > 0;
}

/* user + system time, from /proc/PID/stat; 0 if it cannot be read. */
static double
read_cpu_s (GPid pid)
{
  double user_s, sys_s;

  if (!bench_process_read_times (pid, &user_s, &sys_s))
    return 0;
  return user_s + sys_s;
}

/* -------------------------------------------------------------- database */

static sqlite3 *
open_db (const char *path)
{
  sqlite3 *db = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 2000);
  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           gint64      session_id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 result = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, session_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return result;
}

/* The demo's monitoring session: its id, and its start on the wall clock,
 * which is the real time its accelerated clock started from. */
static gboolean
find_session (const char *db_path,
              gint64     *session_id,
              gint64     *started_us)
{
  sqlite3 *db = open_db (db_path);

  if (db == NULL)
    return FALSE;
  *session_id = query_int (db, "SELECT max(id) FROM monitoring_sessions", 0);
  if (*session_id > 0)
    *started_us = query_int (db, "SELECT started_at_us FROM monitoring_sessions WHERE id = ?1", *session_id);
  sqlite3_close (db);
  return *session_id > 0 && *started_us > 0;
}

static gint64
query_until (sqlite3    *db,
             const char *sql,
             gint64      session_id,
             gint64      until_us)
{
  sqlite3_stmt *stmt = NULL;
  gint64 result = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_int64 (stmt, 2, until_us);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return result;
}

/* What the session had stored up to each checkpoint's simulated time:
 * read once at the end, as the store writes in batches every half a real
 * second (minutes of simulated time at this speed). */
static void
read_database (const char *db_path,
               gint64      session_id,
               GArray     *samples)
{
  sqlite3 *db = open_db (db_path);

  if (db == NULL)
    return;
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = &g_array_index (samples, Sample, i);

      s->n_vitals = query_until (db, "SELECT count(*) FROM vitals WHERE session_id = ?1 AND wall_us < ?2",
                                 session_id, s->wall_us);
      s->n_trend = query_until (db, "SELECT count(*) FROM vitals WHERE session_id = ?1 AND wall_us < ?2"
                                    " AND parameter IN ('hr', 'spo2', 'pr')", session_id, s->wall_us);
      s->n_link_lost = query_until (db, "SELECT count(*) FROM alarm_log WHERE session_id = ?1"
                                        " AND wall_us < ?2 AND kind = 'start' AND condition = 'T1'",
                                    session_id, s->wall_us);
    }
  sqlite3_close (db);
}

/* ------------------------------------------------------------------ run */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *speed_arg = NULL;
  g_auto(GStrv) env = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (Sample));
  const GOptionEntry entries[] = {
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "The demo's --speed (600)", "N" },
    { "hours", 0, 0, G_OPTION_ARG_DOUBLE, &hours, "Simulated hours to run (12)", "H" },
    { NULL }
  };
  const char *xdg[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  gint64 session_id = 0, started_us = 0, spawned_us;
  const Sample *first, *last, *hour = NULL;
  GPid pid;
  int status = 0;
  gboolean died = FALSE;
  double growth_mb_h, steady_mb_h = 0, expected_mb_h, vitals_per_min, delivered;

  context = g_option_context_new ("VIGIL — peak memory of vigil --demo over an accelerated session");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2
      || speed <= 0 || hours * 60 <= checkpoints_min[0])
    {
      g_printerr ("usage: bench-memory [--speed N] [--hours H] PATH-TO-VIGIL\n");
      return EXIT_FAILURE;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display (set DISPLAY, or run under xvfb-run): skipping\n");
      return VIGIL_TEST_SKIP;
    }

  /* Nothing of the user's: settings in memory (the test environment), the
   * database and every XDG folder in a temporary one. */
  tmp = g_dir_make_tmp ("vigil-bench-memory-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp, "vigil.db", NULL);
  env = g_get_environ ();
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (tmp, xdg[i], NULL);

      g_mkdir (dir, 0700);
      env = g_environ_setenv (env, xdg[i], dir, TRUE);
    }

  /* The demo's pty link too, which a killed vigil cannot remove. */
  env = g_environ_setenv (env, "TMPDIR", tmp, TRUE);

  speed_arg = g_strdup_printf ("%g", speed);
  {
    const char *args[] = { argv[1], "--demo", "--speed", speed_arg, "--db", db_path, NULL };

    spawned_us = g_get_real_time ();
    if (!bench_process_spawn (args, env, &pid, &error))
      {
        g_printerr ("bench-memory: %s\n", error->message);
        bench_process_remove_tree (tmp);
        return EXIT_FAILURE;
      }
  }

  /* The session row carries the clock's start; simulated time is
   * measured from it, not from the spawn, so start-up is not counted. */
  while (!find_session (db_path, &session_id, &started_us))
    {
      if (bench_process_exited (pid, &status))
        {
          died = TRUE;
          break;
        }
      if (g_get_real_time () - spawned_us > 60 * G_USEC_PER_SEC)
        {
          g_printerr ("bench-memory: vigil started no monitoring session in 60 s\n");
          bench_process_stop (pid);
          bench_process_remove_tree (tmp);
          return EXIT_FAILURE;
        }
      g_usleep (POLL_US);
    }
  if (!died)
    g_print ("vigil --demo --speed %g: clock started %.2f s after spawn\n",
             speed, (started_us - spawned_us) / (double) G_USEC_PER_SEC);

  /* The fixed checkpoints below the end, then the end itself. */
  for (guint i = 0; !died && i <= G_N_ELEMENTS (checkpoints_min); i++)
    {
      double at_min = i < G_N_ELEMENTS (checkpoints_min) ? checkpoints_min[i] : hours * 60;
      gint64 due_us = started_us + (gint64) (at_min * 60 * G_USEC_PER_SEC / speed);
      Sample sample = { 0 };

      if (i < G_N_ELEMENTS (checkpoints_min) && at_min >= hours * 60)
        continue;
      while (g_get_real_time () < due_us)
        {
          if (bench_process_exited (pid, &status))
            {
              died = TRUE;
              break;
            }
          g_usleep (MIN (POLL_US, MAX (due_us - g_get_real_time (), 1)));
        }
      if (died || !read_status (pid, &sample))
        {
          died = TRUE;
          break;
        }
      sample.real_s = (g_get_real_time () - started_us) / (double) G_USEC_PER_SEC;
      sample.sim_min = sample.real_s * speed / 60;
      sample.spawn_s = (g_get_real_time () - spawned_us) / (double) G_USEC_PER_SEC;
      sample.wall_us = started_us + (gint64) (sample.real_s * speed * G_USEC_PER_SEC);
      sample.cpu_s = read_cpu_s (pid);
      g_array_append_val (samples, sample);
    }
  /* Lets the store write the last checkpoint's vitals. */
  for (guint i = 0; !died && i < 30; i++)
    {
      died = bench_process_exited (pid, &status);
      g_usleep (POLL_US);
    }
  if (died)
    {
      if (WIFSIGNALED (status))
        g_printerr ("bench-memory: vigil --demo --speed %g died of signal %d\n", speed, WTERMSIG (status));
      else
        g_printerr ("bench-memory: vigil --demo --speed %g exited with status %d\n", speed, WEXITSTATUS (status));
      bench_process_remove_tree (tmp);
      return EXIT_FAILURE;
    }
  bench_process_stop (pid);
  read_database (db_path, session_id, samples);

  g_print ("\n%10s %9s %9s %9s %10s %10s %10s %9s\n",
           "simulated", "VmHWM MB", "VmRSS MB", "anon MB", "vitals", "vitals/min", "vigil CPU", "link-lost");
  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *s = &g_array_index (samples, Sample, i);
      const Sample *p = i > 0 ? &g_array_index (samples, Sample, i - 1) : NULL;
      double per_min = p != NULL ? (s->n_vitals - p->n_vitals) / (s->sim_min - p->sim_min)
                                 : s->n_vitals / s->sim_min;
      double cpu = p != NULL ? (s->cpu_s - p->cpu_s) / (s->real_s - p->real_s) : s->cpu_s / s->spawn_s;
      g_autofree char *when = s->sim_min < 60 ? g_strdup_printf ("%.0f min", s->sim_min)
                                              : g_strdup_printf ("%.2f h", s->sim_min / 60);

      g_print ("%10s %9.1f %9.1f %9.1f %10" G_GINT64_FORMAT " %10.1f %9.0f%% %9" G_GINT64_FORMAT "\n",
               when, s->hwm_mb, s->rss_mb, s->anon_mb, s->n_vitals, per_min, 100 * cpu, s->n_link_lost);
      if (hour == NULL && s->sim_min >= 59)
        hour = s;
    }

  first = &g_array_index (samples, Sample, 0);
  last = &g_array_index (samples, Sample, samples->len - 1);
  growth_mb_h = (last->hwm_mb - first->hwm_mb) / ((last->sim_min - first->sim_min) / 60);
  if (hour != NULL && hour != last)
    steady_mb_h = (last->anon_mb - hour->anon_mb) / ((last->sim_min - hour->sim_min) / 60);
  expected_mb_h = (last->n_trend - first->n_trend) * TREND_BYTES_PER_SAMPLE / (1024 * 1024)
                  / ((last->sim_min - first->sim_min) / 60);
  vitals_per_min = (last->n_vitals - first->n_vitals) / (last->sim_min - first->sim_min);

  delivered = vitals_per_min / NOMINAL_VITALS_PER_MIN;
  g_print ("\nExpected: the 6 trend rings (24 h at 1 Hz, 14.6 MB) are allocated at start and become\n"
           "resident as they fill, %.0f bytes a sample: %.3f MB per hour at the device's full rate\n"
           "(HR, SpO2 and PR each second), until they wrap at 24 h; SQLite's page cache is bounded.\n"
           "Nothing else should grow.\n\n",
           TREND_BYTES_PER_SAMPLE, TREND_BYTES_PER_SAMPLE * 3 * 3600 / (1024 * 1024));
  g_print ("memory: peak RSS after 10 min %.1f MB, after %.3g h %.1f MB, ratio %.3gh/10min %.3fx (vigil --demo --speed %g)\n",
           first->hwm_mb, last->sim_min / 60, last->hwm_mb, last->sim_min / 60,
           last->hwm_mb / first->hwm_mb, speed);
  g_print ("memory: peak RSS growth %.3f MB per simulated hour (10 min to %.3g h); trend rings filling at the "
           "rate delivered account for %.3f MB/h, ratio %.2fx\n",
           growth_mb_h, last->sim_min / 60, expected_mb_h,
           expected_mb_h > 0 ? growth_mb_h / expected_mb_h : 0.0);
  if (hour != NULL && hour != last)
    g_print ("memory: anonymous RSS growth %.3f MB per simulated hour from 1 h to %.3g h (start-up settled)\n",
             steady_mb_h, last->sim_min / 60);
  g_print ("memory: demo pace: %.1f vitals per simulated minute stored, %.0f at real time, ratio %.2fx; "
           "link-lost alarms %" G_GINT64_FORMAT "%s\n",
           vitals_per_min, NOMINAL_VITALS_PER_MIN, delivered, last->n_link_lost,
           delivered < 0.95 ? " (the simulator skips periods it runs late for: growth from data is"
                              " understated by that ratio; run with a lower --speed to check)" : "");

  bench_process_remove_tree (tmp);
  return EXIT_SUCCESS;
}
