/* bench-store.c — writing vitals and opening a patient's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two figures the issue asks for, on a real file in a temporary folder:
 *
 * 1. An 8-hour session at 1 Hz for 6 parameters (172 800 vitals), through
 *    vigil_store_append_vital(): in bulk (the store's buffer filling up, as
 *    when the main loop stalls or a queue is written back), and as Vigil
 *    really writes them, a commit of about three rows every half second,
 *    measured over a sample of batches and scaled to the 8 hours.
 * 2. The history of a patient with 50 sessions of an hour each: the
 *    session list (vigil_store_list_sessions()) and one session's vitals
 *    (vigil_store_list_vitals()).
 *
 * Each is printed with its ratio to a baseline measured in the same run
 * with sqlite3 directly: one INSERT loop in one transaction into the same
 * table, and one SELECT of the same rows. None of this asserts a time.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>

#include "bench-stats.h"
#include "vigil-store.h"

#define T0_US          G_GINT64_CONSTANT (1700000000000000)
#define N_PARAMETERS   6
#define SESSION_S      (8 * 3600)
#define N_ROWS         (SESSION_S * N_PARAMETERS)
#define N_BATCHES      600          /* sampled real-time batches */
#define BATCH_ROWS     3            /* 6 rows/s, a commit every 0.5 s */
#define HISTORY_N      50
#define HISTORY_S      3600
#define REPEATS        15

static char *dir;

static VigilObservation
vital (guint  i,
       gint64 wall_us)
{
  VigilObservation o;

  vigil_observation_init (&o, (VigilParameter) ((i % N_PARAMETERS) % VIGIL_N_PARAMETERS));
  o.value = 60 + i % 40;
  if (o.parameter == VIGIL_PARAMETER_NIBP)
    {
      o.diastolic = 70;
      o.mean = 85;
    }
  o.quality = VIGIL_QUALITY_VALID;
  o.host_wall_us = wall_us;
  return o;
}

static gint64
wall_of (guint i)
{
  return T0_US + (gint64) (i / N_PARAMETERS) * G_USEC_PER_SEC + (i % N_PARAMETERS) * 1000;
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

static VigilStore *
open_store (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  VigilStore *store;

  remove_database (path);
  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

/* The baseline: the same rows into the same table (a store creates the
 * file, so schema and pragmas match), one prepared INSERT, one transaction. */
static double
baseline_insert_s (void)
{
  g_autoptr(VigilStore) store = open_store ("baseline.db");
  g_autofree char *path = g_strdup (vigil_store_get_path (store));
  gint64 session = vigil_store_begin_session (store, T0_US, TRUE, "bench");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;

  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO vitals (session_id, wall_us, device_time_us, parameter,"
                                       " value, diastolic, mean, quality) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < N_ROWS; i++)
    {
      VigilObservation o = vital (i, wall_of (i));

      sqlite3_bind_int64 (stmt, 1, session);
      sqlite3_bind_int64 (stmt, 2, o.host_wall_us);
      sqlite3_bind_null (stmt, 3);
      sqlite3_bind_text (stmt, 4, vigil_parameter_to_string (o.parameter), -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 5, o.value);
      if (isnan (o.diastolic))
        sqlite3_bind_null (stmt, 6);
      else
        sqlite3_bind_double (stmt, 6, o.diastolic);
      if (isnan (o.mean))
        sqlite3_bind_null (stmt, 7);
      else
        sqlite3_bind_double (stmt, 7, o.mean);
      sqlite3_bind_int (stmt, 8, o.quality);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  start = g_get_monotonic_time () - start;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return start / 1e6;
}

static double
store_bulk_s (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = open_store ("bulk.db");
  gint64 session = vigil_store_begin_session (store, T0_US, TRUE, "bench");
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < N_ROWS; i++)
    {
      VigilObservation o = vital (i, wall_of (i));

      vigil_store_append_vital (store, session, &o, NULL);
    }
  g_assert_true (vigil_store_flush_vitals (store, &error));
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Seconds per commit of one half-second batch, as in real time. */
static double
store_batch_s (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = open_store ("batches.db");
  gint64 session = vigil_store_begin_session (store, T0_US, TRUE, "bench");
  gint64 start = g_get_monotonic_time ();
  guint i = 0;

  for (guint b = 0; b < N_BATCHES; b++)
    {
      for (guint r = 0; r < BATCH_ROWS; r++, i++)
        {
          VigilObservation o = vital (i, wall_of (i));

          vigil_store_append_vital (store, session, &o, NULL);
        }
      g_assert_true (vigil_store_flush_vitals (store, &error));
    }
  return (g_get_monotonic_time () - start) / 1e6 / N_BATCHES;
}

static void
bench_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = open_store ("history.db");
  g_autofree char *path = g_strdup (vigil_store_get_path (store));
  VigilStorePatient patient = { 0, (char *) "Bench Patient", (char *) "MRN-BENCH", NULL, 70, NULL, T0_US };
  double list_s[REPEATS], vitals_s[REPEATS], base_s[REPEATS];
  gint64 patient_id, middle = 0;
  guint n_vitals = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  patient_id = vigil_store_create_patient (store, &patient, &error);
  g_assert_no_error (error);

  /* Another patient's sessions in between, as in a clinic's file. */
  for (guint s = 0; s < HISTORY_N * 2; s++)
    {
      gint64 start = T0_US + (gint64) s * 86400 * G_USEC_PER_SEC;
      gint64 session = vigil_store_begin_session (store, start, TRUE, "bench");

      if (s % 2 == 0)
        {
          gint64 t = vigil_store_create_treatment (store, patient_id, session, s / 2 + 1, 6,
                                                   s / 2 >= 6, TRUE, NULL, start, &error);
          VigilStoreScore phq9 = { 0, t, start + 1, VIGIL_STORE_SCALE_PHQ9,
                                   (char *) "1,1,1,1,1,1,1,1,1", 9, (char *) "Nurse" };

          g_assert_no_error (error);
          vigil_store_append_score (store, &phq9, NULL);
          if (s / 2 == HISTORY_N / 2)
            middle = session;
        }
      for (guint k = 0; k < 4; k++)
        {
          g_autoptr(VigilAlarmLogEntry) e = vigil_alarm_log_entry_new (VIGIL_ALARM_LOG_START, VIGIL_ALARM_HR_HIGH);

          e->wall_us = start + (gint64) k * 600 * G_USEC_PER_SEC;
          e->priority = VIGIL_ALARM_PRIORITY_MEDIUM;
          vigil_store_append_alarm (store, session, e, NULL);
        }
      for (guint i = 0; i < HISTORY_S * N_PARAMETERS; i++)
        {
          VigilObservation o = vital (i, wall_of (i) - T0_US + start);

          vigil_store_append_vital (store, session, &o, NULL);
        }
      g_assert_true (vigil_store_end_session (store, session, start + (gint64) HISTORY_S * G_USEC_PER_SEC, &error));
    }
  g_clear_object (&store);

  /* Opened afresh, as the history page finds it. */
  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT wall_us, device_time_us, parameter, value, diastolic, mean, quality"
                                       " FROM vitals WHERE session_id = ?1 ORDER BY wall_us",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint r = 0; r < REPEATS; r++)
    {
      g_autoptr(GPtrArray) sessions = NULL;
      g_autoptr(GArray) vitals = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double sum = 0;

      sessions = vigil_store_list_sessions (store, patient_id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sessions->len, ==, HISTORY_N);
      list_s[r] = (g_get_monotonic_time () - t0) / 1e6;

      t0 = g_get_monotonic_time ();
      vitals = vigil_store_list_vitals (store, middle, 0, G_MAXINT64, &error);
      g_assert_no_error (error);
      vitals_s[r] = (g_get_monotonic_time () - t0) / 1e6;
      n_vitals = vitals->len;

      t0 = g_get_monotonic_time ();
      sqlite3_bind_int64 (stmt, 1, middle);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          sum += sqlite3_column_int64 (stmt, 0) + sqlite3_column_int64 (stmt, 1) + sqlite3_column_double (stmt, 3)
                 + sqlite3_column_double (stmt, 4) + sqlite3_column_double (stmt, 5) + sqlite3_column_int (stmt, 6);
          (void) sqlite3_column_text (stmt, 2);
        }
      sqlite3_reset (stmt);
      base_s[r] = (g_get_monotonic_time () - t0) / 1e6;
      g_assert_cmpfloat (sum, >, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (n_vitals, ==, HISTORY_S * N_PARAMETERS);

  {
    double list = bench_stats_median (list_s, REPEATS);
    double vitals = bench_stats_median (vitals_s, REPEATS);
    double base = bench_stats_median (base_s, REPEATS);

    printf ("history: a patient with %d sessions (of %d in the file, %d vitals each)\n",
            HISTORY_N, HISTORY_N * 2, HISTORY_S * N_PARAMETERS);
    printf ("  list_sessions                %8.2f ms\n", list * 1e3);
    printf ("  list_vitals of one session   %8.2f ms  (%u rows)\n", vitals * 1e3, n_vitals);
    printf ("  baseline SELECT of the rows  %8.2f ms\n", base * 1e3);
    printf ("  list_vitals / baseline       %8.2f x\n", vitals / base);
    printf ("  opening the history (both) / baseline %5.2f x\n", (list + vitals) / base);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  double base_s, bulk_s, batch_s;

  dir = g_dir_make_tmp ("vigil-bench-store-XXXXXX", &error);
  g_assert_no_error (error);

  base_s = baseline_insert_s ();
  bulk_s = store_bulk_s ();
  batch_s = store_batch_s ();

  printf ("8-hour session, 1 Hz x %d parameters = %d vitals\n", N_PARAMETERS, N_ROWS);
  printf ("  baseline (one sqlite3 INSERT loop, one transaction) %7.3f s  %9.0f rows/s\n",
          base_s, N_ROWS / base_s);
  printf ("  store, bulk (buffer of 720 rows per commit)          %7.3f s  %9.0f rows/s  %5.2f x baseline time\n",
          bulk_s, N_ROWS / bulk_s, bulk_s / base_s);
  printf ("  store, real time (%d rows per commit, fsync each)     %7.3f ms per commit\n",
          BATCH_ROWS, batch_s * 1e3);
  printf ("    8 hours of commits (%d) take %.1f s in all: %.2f%% of the session's time, %5.1f x baseline\n",
          N_ROWS / BATCH_ROWS, batch_s * (N_ROWS / BATCH_ROWS),
          100 * batch_s / 0.5, batch_s * (N_ROWS / BATCH_ROWS) / base_s);

  bench_history ();

  {
    const char *names[] = { "baseline.db", "bulk.db", "batches.db", "history.db" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);

        remove_database (path);
      }
    g_rmdir (dir);
  }
  return 0;
}
