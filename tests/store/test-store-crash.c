/* test-store-crash.c — alarms, treatment steps, events and vitals survive a killed process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-store-crash PATH-TO-store-crash-helper
 *
 * The helper appends rows and prints each one's number once the store
 * returned; it is killed with SIGKILL at a random moment (sometimes while it
 * is still creating or migrating the file). Then the file must open without
 * being moved aside, pass a full integrity check, and hold every row the
 * helper printed, in order, with at most the one row that was committed but
 * not yet printed. For treatment steps, each run resumes the treatment the
 * last one left open, and its steps must stay numbered 1, 2, … without a
 * gap. For a whole session (vitals batched by the store, alarms and
 * events committed at once), N_SLOTS helpers run side by side, each killed
 * after 1.1–2.2 s: every reported alarm and event must be there, and every
 * vital handed over more than a second before the kill (or before a
 * reported record, whose transaction takes the buffered vitals first).
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vigil-store.h"

#define N_RUNS 100

static const char *helper_path;

static char *
read_all (int fd)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char buf[4096];
  ssize_t n;

  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (out, buf, n);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Row numbers of @session on disk, in id order. */
static GArray *
rows_on_disk (const char *path,
              gint64      session)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT value FROM alarm_log WHERE session_id = ?1 ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, session);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 v = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rows, v);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

static void
remove_database (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

/* Runs the helper on @path and kills it after a random delay (shorter
 * when @early). Returns its output. */
static char *
run_and_kill (const char  *path,
              const char  *mode,
              gboolean     early,
              guint       *out_delay_ms,
              GPid        *out_pid)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { helper_path, path, mode, NULL };
  char *out;
  GPid pid;
  int out_fd;
  int status;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  *out_delay_ms = early ? g_test_rand_int_range (0, 15) : g_test_rand_int_range (5, 250);
  g_usleep (*out_delay_ms * 1000);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  out = read_all (out_fd);
  close (out_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  /* Killed, not finished or failed on its own. */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  *out_pid = pid;
  return out;
}

typedef struct
{
  gint64  seq;
  char   *reason;
} StepRow;

static void
step_row_clear (StepRow *row)
{
  g_free (row->reason);
}

/* The steps of @treatment on disk, in id order. */
static GArray *
steps_on_disk (const char *path,
               gint64      treatment)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (StepRow));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_array_set_clear_func (rows, (GDestroyNotify) step_row_clear);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT seq, reason FROM treatment_steps"
                                       " WHERE treatment_id = ?1 ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, treatment);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      StepRow row = { sqlite3_column_int64 (stmt, 0),
                      g_strdup ((const char *) sqlite3_column_text (stmt, 1)) };

      g_array_append_val (rows, row);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

static void
test_kill_steps (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-store-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  gint64 open_treatment = 0;   /* the one the last run left open */
  guint known_steps = 0;       /* its steps on disk then */
  guint total_reported = 0;
  guint runs_with_steps = 0;
  guint resumed = 0;

  g_assert_no_error (error);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(VigilStore) store = NULL;
      g_autoptr(GArray) rows = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      gint64 treatment = 0;
      guint reported = 0;
      guint base;
      guint delay_ms;
      GPid pid;

      if (run % 10 == 0)
        {
          remove_database (path);
          open_treatment = 0;
          known_steps = 0;
        }

      out = run_and_kill (path, "steps", run % 10 == 0, &delay_ms, &pid);
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (g_str_has_prefix (lines[i], "session "))
            continue;
          if (g_str_has_prefix (lines[i], "treatment "))
            treatment = g_ascii_strtoll (lines[i] + 10, NULL, 10);
          else if (*lines[i] != '\0')
            {
              g_assert_cmpint (g_ascii_strtoll (lines[i], NULL, 10), ==, reported);
              reported++;
            }
        }

      store = vigil_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_null (vigil_store_get_moved_aside_path (store));
      g_assert_true (vigil_store_check_integrity (store, &error));
      g_assert_no_error (error);

      if (treatment == 0)
        {
          g_test_message ("run %u: killed after %u ms, before its treatment was known", run, delay_ms);
          /* It may have created one: the next run resumes whatever is open. */
          open_treatment = vigil_store_find_open_treatment (store, &error);
          g_assert_no_error (error);
          known_steps = 0;
          if (open_treatment > 0)
            {
              g_autoptr(GArray) r = steps_on_disk (path, open_treatment);

              known_steps = r->len;
            }
          continue;
        }

      /* The treatment the last run left open is the one resumed. */
      if (open_treatment != 0)
        {
          g_assert_cmpint (treatment, ==, open_treatment);
          resumed++;
        }
      base = treatment == open_treatment ? known_steps : 0;

      /* Every promised step, numbered without a gap; at most one more. */
      rows = steps_on_disk (path, treatment);
      g_test_message ("run %u: killed after %u ms; treatment %" G_GINT64_FORMAT
                      ", %u steps before, %u reported, %u on disk",
                      run, delay_ms, treatment, base, reported, rows->len);
      g_assert_cmpuint (rows->len, >=, base + reported);
      g_assert_cmpuint (rows->len, <=, base + reported + 1);
      for (guint i = 0; i < rows->len; i++)
        g_assert_cmpint (g_array_index (rows, StepRow, i).seq, ==, i + 1);
      for (guint i = 0; i < rows->len - base; i++)
        {
          g_autofree char *want = g_strdup_printf ("%d:%u", (int) pid, i);

          g_assert_cmpstr (g_array_index (rows, StepRow, base + i).reason, ==, want);
        }

      /* The store reads back the same, and the treatment is still open. */
      {
        g_autoptr(GPtrArray) steps = vigil_store_list_treatment_steps (store, treatment, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (steps->len, ==, rows->len);
      }
      g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, treatment);

      open_treatment = treatment;
      known_steps = rows->len;
      total_reported += reported;
      if (reported > 0)
        runs_with_steps++;
    }

  g_test_message ("%u runs, %u resumed a treatment, %u with steps, %u steps checked",
                  N_RUNS, resumed, runs_with_steps, total_reported);
  g_assert_cmpuint (runs_with_steps, >=, N_RUNS / 2);
  g_assert_cmpuint (resumed, >=, N_RUNS / 3);

  remove_database (path);
  g_rmdir (dir);
}

static void
test_kill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-store-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  guint total_reported = 0;
  guint runs_with_rows = 0;
  guint early_kills = 0;

  g_assert_no_error (error);

  for (guint run = 0; run < N_RUNS; run++)
    {
      const char *argv[] = { helper_path, path, NULL };
      g_autoptr(VigilStore) store = NULL;
      g_autoptr(GArray) rows = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      gint64 session = 0;
      guint reported = 0;
      guint delay_ms;
      GPid pid;
      int out_fd;
      int status;

      /* Every tenth run starts from nothing, so some kills land while the
       * file is being created and migrated. */
      if (run % 10 == 0)
        {
          const char *suffixes[] = { "", "-wal", "-shm" };

          for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

              g_unlink (name);
            }
        }

      g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);

      delay_ms = run % 10 == 0 ? g_test_rand_int_range (0, 15) : g_test_rand_int_range (5, 250);
      g_usleep (delay_ms * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      out = read_all (out_fd);
      close (out_fd);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Killed, not finished or failed on its own. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (g_str_has_prefix (lines[i], "session "))
            session = g_ascii_strtoll (lines[i] + 8, NULL, 10);
          else if (*lines[i] != '\0')
            {
              g_assert_cmpint (g_ascii_strtoll (lines[i], NULL, 10), ==, reported);
              reported++;
            }
        }

      /* Reopen: not damaged, not moved aside, sound. */
      store = vigil_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_null (vigil_store_get_moved_aside_path (store));
      g_assert_true (vigil_store_check_integrity (store, &error));
      g_assert_no_error (error);

      if (session == 0)
        {
          early_kills++;
          g_test_message ("run %u: killed after %u ms, before its session began", run, delay_ms);
          continue;
        }

      /* Every promised row, in order; at most one more. */
      rows = rows_on_disk (path, session);
      g_test_message ("run %u: killed after %u ms; %u rows reported, %u on disk",
                      run, delay_ms, reported, rows->len);
      g_assert_cmpuint (rows->len, >=, reported);
      g_assert_cmpuint (rows->len, <=, reported + 1);
      for (guint i = 0; i < rows->len; i++)
        g_assert_cmpint (g_array_index (rows, gint64, i), ==, i);

      total_reported += reported;
      if (reported > 0)
        runs_with_rows++;
    }

  g_test_message ("%u runs, %u killed before a session, %u with rows, %u rows checked",
                  N_RUNS, early_kills, runs_with_rows, total_reported);
  /* The test proves something only if most kills hit a writing process. */
  g_assert_cmpuint (runs_with_rows, >=, N_RUNS / 2);

  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

        g_unlink (name);
      }
    g_rmdir (dir);
  }
}

/* A whole session: vitals batched, alarms and events at once */

#define N_SLOTS 8

typedef struct
{
  char   *path;
  GPid    pid;
  int     out_fd;
  gint64  kill_at_us;     /* monotonic */
  gint64  killed_wall_us; /* wall clock just before SIGKILL */
  guint   delay_ms;
  gboolean early;
} Slot;

/* The values of @sql's first column (one bound session or treatment id), in order. */
static GArray *
column_on_disk (const char *path,
                const char *sql,
                gint64      id)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 v = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (values, v);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return values;
}

static void
spawn_slot (Slot       *slot,
            gboolean    early)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { helper_path, slot->path, "session", NULL };

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &slot->pid, NULL, &slot->out_fd, NULL, &error);
  g_assert_no_error (error);
  slot->early = early;
  /* Long enough for vitals to be more than a second old at the kill. */
  slot->delay_ms = early ? g_test_rand_int_range (0, 15) : g_test_rand_int_range (1100, 2200);
  slot->kill_at_us = g_get_monotonic_time () + slot->delay_ms * 1000;
}

typedef struct
{
  guint  runs;
  guint  early;
  guint  with_vitals;
  guint  vitals_checked;
  guint  records_checked;
  gint64 max_lag_us;      /* the oldest vital missing at a kill, its age */
} SessionStats;

/* Checks one killed run of the helper on @slot's file. */
static void
check_session_run (Slot         *slot,
                   const char   *out,
                   guint         run,
                   SessionStats *stats)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GArray) vital_wall = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) alarms = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) vitals = NULL;
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gint64 session = 0, treatment = 0;
  guint n_alarms = 0, n_events = 0;
  guint vitals_before_last_record = 0;  /* vitals handed over before the last committed record */
  guint must_have;
  gint64 lag_us = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "session "))
        session = g_ascii_strtoll (line + 8, NULL, 10);
      else if (g_str_has_prefix (line, "treatment "))
        treatment = g_ascii_strtoll (line + 10, NULL, 10);
      else if (g_str_has_prefix (line, "v "))
        {
          char *end = NULL;
          guint n = g_ascii_strtoull (line + 2, &end, 10);
          gint64 wall = g_ascii_strtoll (end, NULL, 10);

          g_assert_cmpuint (n, ==, vital_wall->len);
          g_array_append_val (vital_wall, wall);
        }
      else if (g_str_has_prefix (line, "a "))
        {
          g_assert_cmpuint (g_ascii_strtoull (line + 2, NULL, 10), ==, n_alarms);
          n_alarms++;
          vitals_before_last_record = vital_wall->len;
        }
      else if (g_str_has_prefix (line, "e "))
        {
          g_assert_cmpuint (g_ascii_strtoull (line + 2, NULL, 10), ==, n_events);
          n_events++;
          vitals_before_last_record = vital_wall->len;
        }
      else
        g_assert_cmpstr (line, ==, "");
    }

  /* Opens as it is, passes the full check. */
  store = vigil_store_open (slot->path, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_store_get_moved_aside_path (store));
  g_assert_true (vigil_store_check_integrity (store, &error));
  g_assert_no_error (error);

  stats->runs++;
  if (session == 0 || treatment == 0)
    {
      stats->early++;
      g_test_message ("run %u: killed after %u ms, before its session was recording", run, slot->delay_ms);
      return;
    }

  /* Every alarm and event it reported, in order; at most one more each. */
  alarms = column_on_disk (slot->path, "SELECT value FROM alarm_log WHERE session_id = ?1 ORDER BY id", session);
  events = column_on_disk (slot->path, "SELECT CAST(note AS INTEGER) FROM treatment_events"
                                       " WHERE treatment_id = ?1 ORDER BY id", treatment);
  g_assert_cmpuint (alarms->len, >=, n_alarms);
  g_assert_cmpuint (alarms->len, <=, n_alarms + 1);
  g_assert_cmpuint (events->len, >=, n_events);
  g_assert_cmpuint (events->len, <=, n_events + 1);
  for (guint i = 0; i < alarms->len; i++)
    g_assert_cmpint (g_array_index (alarms, gint64, i), ==, i);
  for (guint i = 0; i < events->len; i++)
    g_assert_cmpint (g_array_index (events, gint64, i), ==, i);

  /* Vitals: a prefix of what was handed over, in order, never one the
   * helper did not send. It holds every vital handed over before a
   * committed record (they share its transaction) and every vital more
   * than a second older than the kill. */
  vitals = column_on_disk (slot->path, "SELECT value FROM vitals WHERE session_id = ?1 ORDER BY id", session);
  for (guint i = 0; i < vitals->len; i++)
    g_assert_cmpint (g_array_index (vitals, gint64, i), ==, i);
  /* A vital whose "v" line was cut by the kill may be on disk. */
  g_assert_cmpuint (vitals->len, <=, vital_wall->len + 1);

  must_have = vitals_before_last_record;
  for (guint i = 0; i < vital_wall->len; i++)
    if (g_array_index (vital_wall, gint64, i) <= slot->killed_wall_us - G_USEC_PER_SEC)
      must_have = MAX (must_have, i + 1);
  if (vitals->len < vital_wall->len)
    lag_us = slot->killed_wall_us - g_array_index (vital_wall, gint64, vitals->len);

  g_test_message ("run %u: killed after %u ms; %u alarms, %u events reported; vitals: %u sent, %u on disk,"
                  " at least %u required; oldest missing %.0f ms old",
                  run, slot->delay_ms, n_alarms, n_events, vital_wall->len, vitals->len, must_have,
                  lag_us / 1000.0);
  g_assert_cmpuint (vitals->len, >=, must_have);
  g_assert_cmpint (lag_us, <=, G_USEC_PER_SEC);

  stats->max_lag_us = MAX (stats->max_lag_us, lag_us);
  stats->records_checked += n_alarms + n_events;
  stats->vitals_checked += vitals->len;
  if (must_have > 0)
    stats->with_vitals++;
}

static void
test_kill_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-store-crash-XXXXXX", &error);
  Slot slots[N_SLOTS] = { 0 };
  SessionStats stats = { 0 };
  guint started = 0;
  guint running = 0;

  g_assert_no_error (error);

  /* N_SLOTS helpers at a time, each on its own file, so 100 runs of more
   * than a second each fit in the test's time. */
  for (guint i = 0; i < N_SLOTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("vigil-%u.db", i);

      slots[i].path = g_build_filename (dir, name, NULL);
    }

  for (guint i = 0; i < N_SLOTS && started < N_RUNS; i++, started++, running++)
    spawn_slot (&slots[i], TRUE);

  while (running > 0)
    {
      Slot *next = NULL;
      g_autofree char *out = NULL;
      gint64 now;
      int status;

      for (guint i = 0; i < N_SLOTS; i++)
        if (slots[i].pid != 0 && (next == NULL || slots[i].kill_at_us < next->kill_at_us))
          next = &slots[i];
      now = g_get_monotonic_time ();
      if (next->kill_at_us > now)
        g_usleep (next->kill_at_us - now);

      next->killed_wall_us = g_get_real_time ();
      g_assert_cmpint (kill (next->pid, SIGKILL), ==, 0);
      out = read_all (next->out_fd);
      close (next->out_fd);
      g_assert_cmpint (waitpid (next->pid, &status, 0), ==, next->pid);
      g_spawn_close_pid (next->pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      next->pid = 0;
      running--;

      check_session_run (next, out, stats.runs, &stats);

      if (started < N_RUNS)
        {
          /* Every tenth run of a slot starts from nothing: some kills land
           * while the file is created and migrated. */
          gboolean fresh = started % (N_SLOTS * 10) < N_SLOTS;

          if (fresh)
            remove_database (next->path);
          spawn_slot (next, fresh);
          started++;
          running++;
        }
    }

  g_test_message ("%u runs, %u killed before recording, %u with vitals due, %u vitals and %u alarms/events"
                  " checked; the oldest vital missing at a kill was %.0f ms old",
                  stats.runs, stats.early, stats.with_vitals, stats.vitals_checked,
                  stats.records_checked, stats.max_lag_us / 1000.0);
  g_printerr ("store-crash session: %u runs, %u kills before recording, max vitals lag %.0f ms\n",
              stats.runs, stats.early, stats.max_lag_us / 1000.0);
  g_assert_cmpuint (stats.runs, ==, N_RUNS);
  /* The test proves something only if most kills hit a recording session
   * with vitals older than a second. */
  g_assert_cmpuint (stats.with_vitals, >=, N_RUNS / 2);

  for (guint i = 0; i < N_SLOTS; i++)
    {
      remove_database (slots[i].path);
      g_free (slots[i].path);
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
      g_printerr ("usage: %s PATH-TO-store-crash-helper\n", argv[0]);
      return 1;
    }
  helper_path = argv[1];

  g_test_add_func ("/vigil/store/crash/kill", test_kill);
  g_test_add_func ("/vigil/store/crash/kill-steps", test_kill_steps);
  g_test_add_func ("/vigil/store/crash/kill-session", test_kill_session);
  return g_test_run ();
}
