/* test-store.c — the SQLite store: files, schema, alarm log, failures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-store PATH-TO-docs/database.md
 *
 * Every test works on a real file in a fresh temporary folder. Failures are
 * real ones: another connection holding the write lock, a full and a
 * read-only tmpfs mounted in a private mount namespace (skipped where
 * mounting is not permitted), garbage and damaged pages written into files.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sched.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vigil-store.h"

#define T0_US G_GINT64_CONSTANT (1700000000000000)

static const char *doc_path;

/* Fixture: a temporary folder */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vigil-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "vigil.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Helpers */

static VigilAlarmLogEntry *
make_entry (VigilAlarmLogKind   kind,
            VigilAlarmId        id,
            VigilAlarmPriority  priority,
            gint64              wall_us,
            double              value,
            double              limit,
            double              old_limit,
            const char         *message,
            const char         *who)
{
  VigilAlarmLogEntry *entry = vigil_alarm_log_entry_new (kind, id);

  entry->priority = priority;
  entry->wall_us = wall_us;
  entry->value = value;
  entry->limit = limit;
  entry->old_limit = old_limit;
  entry->message = g_strdup (message);
  entry->who = g_strdup (who);
  return entry;
}

static void
append_ok (VigilStore         *store,
           gint64              session,
           VigilAlarmLogEntry *entry)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_append_alarm (store, session, entry, &error));
  g_assert_no_error (error);
  vigil_alarm_log_entry_free (entry);
}

static VigilAlarmLogEntry *
simple_entry (gint64      wall_us,
              const char *message)
{
  return make_entry (VIGIL_ALARM_LOG_START, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_PRIORITY_MEDIUM,
                     wall_us, 130, 120, NAN, message, NULL);
}

static char *
run_sqlite3 (const char *path,
             const char *sql)
{
  const char *argv[] = { "sqlite3", "-batch", "-bail", "-noheader", "-nullvalue", "NULL",
                         "-separator", "|", path, sql, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("sqlite3 %s \"%s\" failed: %s\n%s", path, sql, error->message, err);
  return out;
}

static void
assert_sqlite3 (const char *path,
                const char *sql,
                const char *expected)
{
  g_autofree char *out = run_sqlite3 (path, sql);

  g_assert_cmpstr (out, ==, expected);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
assert_same_double (double got,
                    double want)
{
  if (isnan (want))
    g_assert_true (isnan (got));
  else
    g_assert_cmpfloat (got, ==, want);
}

/* Open, create, schema */

static void
test_default_path (void)
{
  g_autofree char *path = vigil_store_default_path ();
  g_autofree char *want = g_build_filename (g_get_user_data_dir (), "vigil", "vigil.db", NULL);

  g_assert_cmpstr (path, ==, want);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *nested = g_build_filename (fixture->dir, "data", "vigil", "vigil.db", NULL);
  g_autofree char *folder = g_path_get_dirname (nested);
  g_autofree char *wal = g_strconcat (nested, "-wal", NULL);
  g_autofree char *shm = g_strconcat (nested, "-shm", NULL);
  g_autofree char *id_line = g_strdup_printf ("%d\n", VIGIL_STORE_APPLICATION_ID);

  store = vigil_store_open (nested, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* Folders 0700, the file and its WAL companions 0600. */
  g_assert_cmpuint (file_mode (folder), ==, 0700);
  g_assert_cmpuint (file_mode (nested), ==, 0600);
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);

  g_assert_cmpstr (vigil_store_get_path (store), ==, nested);
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_null (vigil_store_get_moved_aside_path (store));
  g_assert_null (vigil_store_get_warning (store));
  g_assert_true (vigil_store_is_healthy (store));
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  g_assert_null (vigil_store_get_health_error (store));

  /* Seen from outside, while open. */
  assert_sqlite3 (nested, "PRAGMA journal_mode", "wal\n");
  assert_sqlite3 (nested, "PRAGMA application_id", id_line);
  assert_sqlite3 (nested, "PRAGMA user_version", "4\n");
  assert_sqlite3 (nested, "SELECT version, app_version, description FROM schema_version ORDER BY version",
                  "1|" VIGIL_VERSION "|monitoring sessions and the alarm log\n"
                  "2|" VIGIL_VERSION "|sound self-test of a session; patients, treatments and their records\n"
                  "3|" VIGIL_VERSION "|vitals\n"
                  "4|" VIGIL_VERSION "|staff roster and audit log\n");
  g_clear_object (&store);

  /* Reopening runs no migration again. */
  store = vigil_store_open (nested, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, 4);
  g_assert_cmpint (count_rows (nested, "SELECT count(*) FROM schema_version"), ==, 4);
  g_assert_true (vigil_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

/* Every earlier version migrates forward: version 0 is an empty file (as a
 * crash right after creating it leaves); 1 and 2 are built below from
 * their released SQL. */
static void
test_migrate_from_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;

  g_assert_true (g_file_set_contents (fixture->path, "", 0, &error));
  g_assert_no_error (error);

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, 4);
  g_assert_null (vigil_store_get_moved_aside_path (store));
  assert_sqlite3 (fixture->path,
                  "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                  "alarm_log\naudit_log\nchecklist_answers\ndose_inputs\nmonitoring_sessions\npatients\n"
                  "schema_version\nsqlite_sequence\nstaff\ntreatment_events\ntreatment_scores\n"
                  "treatment_steps\ntreatments\nvitals\n");
  assert_sqlite3 (fixture->path, "SELECT group_concat(version) FROM schema_version", "1,2,3,4\n");
}

/* Schema version 1 exactly as it was released (never edit): the file an
 * earlier Vigil left, built here with its SQL and its bookkeeping. */
static const char v1_sql[] =
  "CREATE TABLE schema_version (\n"
  "  version        INTEGER PRIMARY KEY,\n"
  "  applied_at_us  INTEGER NOT NULL,\n"
  "  app_version    TEXT NOT NULL,\n"
  "  description    TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE monitoring_sessions (\n"
  "  id             INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  started_at_us  INTEGER NOT NULL,\n"
  "  ended_at_us    INTEGER,\n"
  "  simulated      INTEGER NOT NULL CHECK (simulated IN (0, 1)),\n"
  "  scenario       TEXT,\n"
  "  app_version    TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE alarm_log (\n"
  "  id             INTEGER PRIMARY KEY,\n"
  "  session_id     INTEGER NOT NULL REFERENCES monitoring_sessions (id),\n"
  "  wall_us        INTEGER NOT NULL,\n"
  "  kind           TEXT NOT NULL,\n"
  "  condition      TEXT NOT NULL,\n"
  "  condition_key  TEXT NOT NULL,\n"
  "  priority       TEXT NOT NULL\n"
  "                 CHECK (priority IN ('none', 'low', 'medium', 'high')),\n"
  "  value          REAL,\n"
  "  limit_value    REAL,\n"
  "  old_limit      REAL,\n"
  "  message        TEXT,\n"
  "  who            TEXT\n"
  ");\n"
  "CREATE INDEX alarm_log_time ON alarm_log (wall_us);\n"
  "CREATE INDEX alarm_log_session ON alarm_log (session_id, wall_us);\n"
  "CREATE INDEX alarm_log_condition ON alarm_log (condition, wall_us);\n"
  "INSERT INTO schema_version VALUES (1, 1690000000000000, '0.1.0',"
  " 'monitoring sessions and the alarm log');\n"
  "PRAGMA application_id = 1449748332;\n"
  "PRAGMA user_version = 1;\n"
  "PRAGMA journal_mode = WAL;\n";

static void
make_v1_file (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v1_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  /* Two sessions of an earlier Vigil, one ended, one not; their alarms. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO monitoring_sessions VALUES (1, 1700000000000000, 1700000000004400, 1, 'desaturation', '0.1.0');"
                                 "INSERT INTO monitoring_sessions VALUES (2, 1700000000004500, NULL, 0, NULL, '0.1.0');"
                                 "INSERT INTO alarm_log VALUES (1, 1, 1700000000001000, 'start', 'A1', 'spo2-low', 'medium', 88, 90, NULL, '!! SpO₂ 88 < 90', NULL);"
                                 "INSERT INTO alarm_log VALUES (2, 1, 1700000000002000, 'acknowledge', 'A1', 'spo2-low', 'medium', NULL, NULL, NULL, NULL, 'Nurse Ana');"
                                 "INSERT INTO alarm_log VALUES (3, 2, 1700000000005000, 'limit-change', 'A3', 'hr-high', 'none', NULL, 130, 120, NULL, 'Dr. O''Brien');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A file at version 1, with data, migrates to 4: the rows are intact, the
 * new columns NULL, and the schema is the one a new file gets. */
static void
test_migrate_from_v1 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilStore) fresh = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *fresh_path = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autofree char *migrated_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  g_autofree char *alarms_before = NULL;
  g_autofree char *sessions_before = NULL;
  g_autofree char *alarms_after = NULL;
  g_autofree char *sessions_after = NULL;
  gint64 session, patient, treatment;

  make_v1_file (fixture->path);
  assert_sqlite3 (fixture->path, "PRAGMA user_version", "1\n");
  alarms_before = run_sqlite3 (fixture->path, "SELECT * FROM alarm_log ORDER BY id");
  sessions_before = run_sqlite3 (fixture->path, "SELECT * FROM monitoring_sessions ORDER BY id");

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_store_get_moved_aside_path (store));
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, 4);
  assert_sqlite3 (fixture->path, "PRAGMA user_version", "4\n");
  assert_sqlite3 (fixture->path, "SELECT version, app_version FROM schema_version ORDER BY version",
                  "1|0.1.0\n2|" VIGIL_VERSION "\n3|" VIGIL_VERSION "\n4|" VIGIL_VERSION "\n");

  /* Every old row as it was; the new columns NULL. */
  alarms_after = run_sqlite3 (fixture->path, "SELECT * FROM alarm_log ORDER BY id");
  g_assert_cmpstr (alarms_after, ==, alarms_before);
  sessions_after = run_sqlite3 (fixture->path,
                                "SELECT id, started_at_us, ended_at_us, simulated, scenario, app_version"
                                " FROM monitoring_sessions ORDER BY id");
  g_assert_cmpstr (sessions_after, ==, sessions_before);
  assert_sqlite3 (fixture->path, "SELECT sound_self_test, sound_output FROM monitoring_sessions",
                  "NULL|NULL\nNULL|NULL\n");
  list = vigil_store_list_alarms (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((VigilAlarmLogEntry *) g_ptr_array_index (list, 0))->who, ==, "Dr. O'Brien");

  /* The same schema as a file created new. */
  fresh = vigil_store_open (fresh_path, &error);
  g_assert_no_error (error);
  migrated_schema = run_sqlite3 (fixture->path, ".schema");
  fresh_schema = run_sqlite3 (fresh_path, ".schema");
  g_assert_cmpstr (migrated_schema, ==, fresh_schema);
  assert_sqlite3 (fixture->path, "PRAGMA integrity_check", "ok\n");
  assert_sqlite3 (fixture->path, "PRAGMA foreign_key_check", "");

  /* And it works on: ids continue, the new tables take rows. */
  session = vigil_store_begin_session (store, T0_US + 9000, FALSE, NULL);
  g_assert_cmpint (session, ==, 3);
  g_assert_true (vigil_store_set_session_sound (store, session, TRUE, "Built-in Audio", &error));
  g_assert_no_error (error);
  {
    VigilStorePatient p = { 0, "Ada", "MRN-1", NULL, NAN, NULL, T0_US };

    patient = vigil_store_create_patient (store, &p, &error);
    g_assert_no_error (error);
    g_assert_cmpint (patient, ==, 1);
  }
  treatment = vigil_store_create_treatment (store, patient, session, 1, 6, FALSE, FALSE, NULL,
                                            T0_US + 9001, &error);
  g_assert_no_error (error);
  g_assert_cmpint (treatment, ==, 1);
  assert_sqlite3 (fixture->path, "SELECT id, sound_self_test, sound_output FROM monitoring_sessions WHERE id = 3",
                  "3|passed|Built-in Audio\n");
  assert_sqlite3 (fixture->path, "SELECT patient_id, monitoring_session_id FROM treatments", "1|3\n");
  {
    VigilObservation o;

    vigil_observation_init (&o, VIGIL_PARAMETER_SPO2);
    o.value = 97;
    o.quality = VIGIL_QUALITY_VALID;
    o.host_wall_us = T0_US + 9002;
    g_assert_true (vigil_store_append_vital (store, session, &o, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&store);
  assert_sqlite3 (fixture->path, "SELECT session_id, wall_us, parameter, value FROM vitals",
                  "3|1700000000009002|spo2|97.0\n");

  /* Opening again runs nothing. */
  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM schema_version"), ==, 4);

  /* An earlier run's session, through the new reads. */
  {
    g_autoptr(VigilStoreSessionSummary) s = NULL;

    g_assert_true (vigil_store_get_session (store, 1, &s, &error));
    g_assert_no_error (error);
    g_assert_cmpint (s->started_at_us, ==, 1700000000000000);
    g_assert_cmpint (s->ended_at_us, ==, 1700000000004400);
    g_assert_true (s->simulated);
    g_assert_cmpstr (s->scenario, ==, "desaturation");
    g_assert_cmpuint (s->n_alarms, ==, 1);
    g_assert_cmpint (s->treatment_id, ==, 0);
    g_assert_null (s->patient_name);
    g_assert_cmpint (s->phq9, ==, -1);
    g_assert_cmpint (s->last_vital_us, ==, 0);
  }
}

static void
test_foreign (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;
  GDir *dir;
  guint n_files = 0;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (x); INSERT INTO notes VALUES (42)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (fixture->path, &before, &before_len, NULL));

  store = vigil_store_open (fixture->path, &error);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FOREIGN);
  g_assert_null (store);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fixture->path));

  /* Untouched, and nothing moved aside. */
  g_assert_true (g_file_get_contents (fixture->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_dir_close (dir);
  g_assert_cmpuint (n_files, ==, 1);
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  sqlite3 *db = NULL;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO schema_version VALUES (5, 0, '9.0', 'from the future')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = vigil_store_open (fixture->path, &error);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_test_message ("%s", error->message);
  g_assert_cmpint (count_rows (fixture->path, "SELECT max(version) FROM schema_version"), ==, 5);
}

static void
test_not_a_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;

  store = vigil_store_open (fixture->dir, &error);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN);
  g_assert_null (store);
}

/* Damaged files */

static void
assert_fresh_store_after_move (VigilStore *store,
                               const char *path,
                               const char *garbage,
                               gsize       garbage_len)
{
  const char *moved = vigil_store_get_moved_aside_path (store);
  g_autofree char *prefix = g_strconcat (path, ".corrupt-", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_nonnull (moved);
  g_test_message ("moved to %s; warning: %s", moved, vigil_store_get_warning (store));
  g_assert_true (g_str_has_prefix (moved, prefix));
  g_assert_nonnull (vigil_store_get_warning (store));
  g_assert_nonnull (strstr (vigil_store_get_warning (store), moved));
  g_assert_nonnull (strstr (vigil_store_get_warning (store), path));

  /* The damaged bytes are kept as they were. */
  if (garbage != NULL)
    {
      g_assert_true (g_file_get_contents (moved, &contents, &len, NULL));
      g_assert_cmpmem (contents, len, garbage, garbage_len);
    }

  /* A new, working database in its place. */
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_true (vigil_store_check_integrity (store, NULL));
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM alarm_log"), ==, 0);
}

static void
test_corrupt_garbage (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *garbage = g_malloc (65536);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *moved_wal = NULL;
  g_autofree char *wal_contents = NULL;
  gint64 session;

  for (guint i = 0; i < 65536; i++)
    garbage[i] = (char) g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (fixture->path, garbage, 65536, NULL));
  /* A stale WAL beside it must go with it, not into the new file. */
  g_assert_true (g_file_set_contents (wal, "stale wal", -1, NULL));

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  assert_fresh_store_after_move (store, fixture->path, garbage, 65536);

  moved_wal = g_strconcat (vigil_store_get_moved_aside_path (store), "-wal", NULL);
  g_assert_true (g_file_get_contents (moved_wal, &wal_contents, NULL, NULL));
  g_assert_cmpstr (wal_contents, ==, "stale wal");

  /* And it records. */
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  append_ok (store, session, simple_entry (T0_US, "after the move"));
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM alarm_log"), ==, 1);
}

static void
test_corrupt_pages (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *moved_contents = NULL;
  gsize len, moved_len;
  gint64 session;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *message = g_strdup_printf ("row %u with some text to fill pages", i);

      append_ok (store, session, simple_entry (T0_US + i, message));
    }
  g_clear_object (&store);  /* the last close folds the WAL into the file */

  /* Keep page 1 (the header and the schema) intact; scribble over the
   * b-tree headers of every other page. */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >=, 4 * 4096);
  for (gsize page = 1; page < len / 4096; page++)
    memset (contents + page * 4096, 0x5a, 16);
  g_assert_true (g_file_set_contents (fixture->path, contents, len, NULL));

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  assert_fresh_store_after_move (store, fixture->path, NULL, 0);
  g_assert_true (g_file_get_contents (vigil_store_get_moved_aside_path (store),
                                      &moved_contents, &moved_len, NULL));
  g_assert_cmpmem (moved_contents, moved_len, contents, len);
}

/* Appending and listing */

typedef struct
{
  gint64             wall_us;
  VigilAlarmLogKind  kind;
} Expect;

static void
assert_list (VigilStore                  *store,
             const VigilStoreAlarmFilter *filter,
             const Expect                *expected,
             guint                        n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = vigil_store_list_alarms (store, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    {
      VigilAlarmLogEntry *e = g_ptr_array_index (list, i);

      g_test_message ("  [%u] %" G_GINT64_FORMAT " %s %s", i, e->wall_us - T0_US,
                      vigil_alarm_log_kind_to_string (e->kind), vigil_alarm_get_info (e->id)->code);
    }
  g_assert_cmpuint (list->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      VigilAlarmLogEntry *e = g_ptr_array_index (list, i);

      g_assert_cmpint (e->wall_us, ==, T0_US + expected[i].wall_us);
      g_assert_cmpint (e->kind, ==, expected[i].kind);
    }
}

/* Two sessions, every kind, NULLs, a tie in time and a late older entry. */
static void
fill_log (VigilStore *store,
          gint64     *out_a,
          gint64     *out_b)
{
  gint64 a = vigil_store_begin_session (store, T0_US, TRUE, "desaturation");
  gint64 b = vigil_store_begin_session (store, T0_US + 4500, FALSE, NULL);

  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (b, >, a);

  append_ok (store, a, make_entry (VIGIL_ALARM_LOG_START, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_PRIORITY_MEDIUM,
                                   T0_US + 1000, 88, 90, NAN, "!! SpO₂ 88 < 90", NULL));
  append_ok (store, a, make_entry (VIGIL_ALARM_LOG_ACKNOWLEDGE, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_PRIORITY_MEDIUM,
                                   T0_US + 2000, NAN, NAN, NAN, "SpO₂ low acknowledged", "Nurse Ana"));
  append_ok (store, a, make_entry (VIGIL_ALARM_LOG_LIMIT_CHANGE, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_PRIORITY_NONE,
                                   T0_US + 3000, NAN, 130, 120, "HR high limit 120 → 130", "Dr. O'Brien"));
  append_ok (store, a, make_entry (VIGIL_ALARM_LOG_ESCALATE, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_PRIORITY_HIGH,
                                   T0_US + 3000, 87, 90, NAN, "!!! SpO₂ 87 < 90", NULL));
  append_ok (store, a, make_entry (VIGIL_ALARM_LOG_END, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_PRIORITY_HIGH,
                                   T0_US + 4000, 93, 90, NAN, NULL, NULL));
  append_ok (store, b, make_entry (VIGIL_ALARM_LOG_START, VIGIL_ALARM_LINK_LOST, VIGIL_ALARM_PRIORITY_LOW,
                                   T0_US + 5000, NAN, NAN, NAN, NULL, NULL));
  append_ok (store, b, make_entry (VIGIL_ALARM_LOG_AUDIO_PAUSE, VIGIL_ALARM_SPO2_DESATURATION,
                                   VIGIL_ALARM_PRIORITY_HIGH, T0_US + 6000, NAN, NAN, NAN, "Audio paused 2:00", "Nurse Ana"));
  append_ok (store, b, make_entry (VIGIL_ALARM_LOG_START, VIGIL_ALARM_HR_LOW, VIGIL_ALARM_PRIORITY_MEDIUM,
                                   T0_US + 500, 45, 50, NAN, "!! HR 45 < 50", NULL));
  append_ok (store, b, make_entry (VIGIL_ALARM_LOG_AUDIO_RESUME, VIGIL_ALARM_SPO2_DESATURATION,
                                   VIGIL_ALARM_PRIORITY_HIGH, T0_US + 7000, NAN, NAN, NAN, NULL, NULL));
  append_ok (store, b, make_entry (VIGIL_ALARM_LOG_RESET, VIGIL_ALARM_NIBP_SEVERE,
                                   VIGIL_ALARM_PRIORITY_HIGH, T0_US + 8000, 150, 180, NAN, "NIBP severe reset", "Nurse Ben"));
  *out_a = a;
  *out_b = b;
}

static void
test_append_list (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  VigilStoreAlarmFilter filter;
  VigilAlarmLogEntry *e;
  gint64 a, b;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fill_log (store, &a, &b);

  /* Everything, newest first; the two at 3000 in reverse call order. */
  {
    static const Expect all[] = {
      { 8000, VIGIL_ALARM_LOG_RESET }, { 7000, VIGIL_ALARM_LOG_AUDIO_RESUME },
      { 6000, VIGIL_ALARM_LOG_AUDIO_PAUSE }, { 5000, VIGIL_ALARM_LOG_START },
      { 4000, VIGIL_ALARM_LOG_END }, { 3000, VIGIL_ALARM_LOG_ESCALATE },
      { 3000, VIGIL_ALARM_LOG_LIMIT_CHANGE }, { 2000, VIGIL_ALARM_LOG_ACKNOWLEDGE },
      { 1000, VIGIL_ALARM_LOG_START }, { 500, VIGIL_ALARM_LOG_START },
    };
    assert_list (store, NULL, all, G_N_ELEMENTS (all));
  }

  /* Every field comes back, NULLs as NULL/NAN. */
  list = vigil_store_list_alarms (store, NULL, &error);
  g_assert_no_error (error);
  e = g_ptr_array_index (list, 6);  /* the limit change */
  g_assert_cmpint (e->id, ==, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpint (e->priority, ==, VIGIL_ALARM_PRIORITY_NONE);
  assert_same_double (e->value, NAN);
  assert_same_double (e->limit, 130);
  assert_same_double (e->old_limit, 120);
  g_assert_cmpstr (e->message, ==, "HR high limit 120 → 130");
  g_assert_cmpstr (e->who, ==, "Dr. O'Brien");
  e = g_ptr_array_index (list, 8);  /* the first start */
  g_assert_cmpint (e->id, ==, VIGIL_ALARM_SPO2_LOW);
  g_assert_cmpint (e->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  assert_same_double (e->value, 88);
  assert_same_double (e->limit, 90);
  assert_same_double (e->old_limit, NAN);
  g_assert_cmpstr (e->message, ==, "!! SpO₂ 88 < 90");
  g_assert_null (e->who);
  e = g_ptr_array_index (list, 3);  /* link lost: nothing but the condition */
  g_assert_cmpint (e->id, ==, VIGIL_ALARM_LINK_LOST);
  g_assert_cmpint (e->priority, ==, VIGIL_ALARM_PRIORITY_LOW);
  assert_same_double (e->value, NAN);
  assert_same_double (e->limit, NAN);
  g_assert_null (e->message);
  g_assert_null (e->who);

  /* By session. */
  vigil_store_alarm_filter_init (&filter);
  filter.session_id = a;
  {
    static const Expect want[] = {
      { 4000, VIGIL_ALARM_LOG_END }, { 3000, VIGIL_ALARM_LOG_ESCALATE },
      { 3000, VIGIL_ALARM_LOG_LIMIT_CHANGE }, { 2000, VIGIL_ALARM_LOG_ACKNOWLEDGE },
      { 1000, VIGIL_ALARM_LOG_START },
    };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }
  filter.session_id = b;
  {
    static const Expect want[] = {
      { 8000, VIGIL_ALARM_LOG_RESET }, { 7000, VIGIL_ALARM_LOG_AUDIO_RESUME },
      { 6000, VIGIL_ALARM_LOG_AUDIO_PAUSE }, { 5000, VIGIL_ALARM_LOG_START },
      { 500, VIGIL_ALARM_LOG_START },
    };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }
  filter.session_id = b + 100;  /* no such session */
  assert_list (store, &filter, NULL, 0);

  /* By condition. */
  vigil_store_alarm_filter_init (&filter);
  filter.condition = VIGIL_ALARM_SPO2_LOW;
  {
    static const Expect want[] = {
      { 4000, VIGIL_ALARM_LOG_END }, { 3000, VIGIL_ALARM_LOG_ESCALATE },
      { 2000, VIGIL_ALARM_LOG_ACKNOWLEDGE }, { 1000, VIGIL_ALARM_LOG_START },
    };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }
  filter.condition = VIGIL_ALARM_NIBP_SEVERE_LOW;
  assert_list (store, &filter, NULL, 0);

  /* By kinds. */
  vigil_store_alarm_filter_init (&filter);
  filter.kinds = VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_START) | VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_END);
  {
    static const Expect want[] = {
      { 5000, VIGIL_ALARM_LOG_START }, { 4000, VIGIL_ALARM_LOG_END },
      { 1000, VIGIL_ALARM_LOG_START }, { 500, VIGIL_ALARM_LOG_START },
    };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }
  filter.kinds = VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_LIMIT_CHANGE);
  {
    static const Expect want[] = { { 3000, VIGIL_ALARM_LOG_LIMIT_CHANGE } };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }

  /* By minimum priority. */
  vigil_store_alarm_filter_init (&filter);
  filter.min_priority = VIGIL_ALARM_PRIORITY_HIGH;
  {
    static const Expect want[] = {
      { 8000, VIGIL_ALARM_LOG_RESET }, { 7000, VIGIL_ALARM_LOG_AUDIO_RESUME },
      { 6000, VIGIL_ALARM_LOG_AUDIO_PAUSE }, { 4000, VIGIL_ALARM_LOG_END },
      { 3000, VIGIL_ALARM_LOG_ESCALATE },
    };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }
  filter.min_priority = VIGIL_ALARM_PRIORITY_LOW;  /* all but the limit change (none) */
  {
    g_autoptr(GPtrArray) some = vigil_store_list_alarms (store, &filter, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (some->len, ==, 9);
  }

  /* By time: [2000, 5000). */
  vigil_store_alarm_filter_init (&filter);
  filter.from_us = T0_US + 2000;
  filter.until_us = T0_US + 5000;
  {
    static const Expect want[] = {
      { 4000, VIGIL_ALARM_LOG_END }, { 3000, VIGIL_ALARM_LOG_ESCALATE },
      { 3000, VIGIL_ALARM_LOG_LIMIT_CHANGE }, { 2000, VIGIL_ALARM_LOG_ACKNOWLEDGE },
    };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }

  /* Pages: limit and offset. */
  vigil_store_alarm_filter_init (&filter);
  filter.limit = 3;
  {
    static const Expect want[] = {
      { 8000, VIGIL_ALARM_LOG_RESET }, { 7000, VIGIL_ALARM_LOG_AUDIO_RESUME },
      { 6000, VIGIL_ALARM_LOG_AUDIO_PAUSE },
    };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }
  filter.offset = 3;
  {
    static const Expect want[] = {
      { 5000, VIGIL_ALARM_LOG_START }, { 4000, VIGIL_ALARM_LOG_END },
      { 3000, VIGIL_ALARM_LOG_ESCALATE },
    };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }
  filter.limit = 0;
  filter.offset = 8;
  {
    static const Expect want[] = { { 1000, VIGIL_ALARM_LOG_START }, { 500, VIGIL_ALARM_LOG_START } };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }

  /* Everything at once. */
  vigil_store_alarm_filter_init (&filter);
  filter.session_id = a;
  filter.condition = VIGIL_ALARM_SPO2_LOW;
  filter.kinds = VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_ESCALATE) | VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_END) |
                 VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_START);
  filter.min_priority = VIGIL_ALARM_PRIORITY_MEDIUM;
  filter.from_us = T0_US + 1000;
  filter.until_us = T0_US + 4000;
  filter.limit = 1;
  filter.offset = 1;
  {
    static const Expect want[] = { { 1000, VIGIL_ALARM_LOG_START } };
    assert_list (store, &filter, want, G_N_ELEMENTS (want));
  }

  /* The rows survive closing and are the same from a new store. */
  g_clear_object (&store);
  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) again = vigil_store_list_alarms (store, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, 10);
    for (guint i = 0; i < again->len; i++)
      {
        VigilAlarmLogEntry *x = g_ptr_array_index (list, i);
        VigilAlarmLogEntry *y = g_ptr_array_index (again, i);

        g_assert_cmpint (x->wall_us, ==, y->wall_us);
        g_assert_cmpint (x->kind, ==, y->kind);
        g_assert_cmpint (x->id, ==, y->id);
        g_assert_cmpint (x->priority, ==, y->priority);
        assert_same_double (y->value, x->value);
        assert_same_double (y->limit, x->limit);
        assert_same_double (y->old_limit, x->old_limit);
        g_assert_cmpstr (x->message, ==, y->message);
        g_assert_cmpstr (x->who, ==, y->who);
      }
  }
  /* An earlier run's session can still be listed. */
  vigil_store_alarm_filter_init (&filter);
  filter.session_id = b;
  {
    g_autoptr(GPtrArray) old = vigil_store_list_alarms (store, &filter, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (old->len, ==, 5);
  }
  /* And a new session never reuses an id. */
  g_assert_cmpint (vigil_store_begin_session (store, T0_US + 9000, FALSE, NULL), ==, b + 1);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlarmLogEntry) entry = simple_entry (T0_US, "x");
  VigilStoreAlarmFilter filter;
  gint64 session;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);

  /* Unknown session: refused, not queued. */
  g_assert_false (vigil_store_append_alarm (store, session + 1, entry, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_store_end_session (store, 0, T0_US, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* An entry that is not one. */
  entry->kind = VIGIL_N_ALARM_LOG_KINDS;
  g_assert_false (vigil_store_append_alarm (store, session, entry, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  entry->kind = VIGIL_ALARM_LOG_START;
  entry->priority = VIGIL_ALARM_PRIORITY_HIGH + 1;
  g_assert_false (vigil_store_append_alarm (store, session, entry, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  g_assert_true (vigil_store_is_healthy (store));

  /* A filter that is not one. */
  vigil_store_alarm_filter_init (&filter);
  filter.condition = VIGIL_N_ALARMS;
  g_assert_null (vigil_store_list_alarms (store, &filter, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  vigil_store_alarm_filter_init (&filter);
  filter.kinds = VIGIL_STORE_KIND_BIT (VIGIL_N_ALARM_LOG_KINDS);
  g_assert_null (vigil_store_list_alarms (store, &filter, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

/* Treatments (schema version 2) */

/* The nicks the docs and the SQL of find_open_treatment rely on. */
static const char *step_nicks[VIGIL_N_TREATMENT_STEPS] = {
  "start-infusion", "pause", "resume", "end-infusion", "ready", "not-ready",
  "discharge", "cancel", "abort",
};

static gint64
create_patient_ok (VigilStore *store,
                   const char *name,
                   const char *clinic_id)
{
  g_autoptr(GError) error = NULL;
  VigilStorePatient p = { 0, (char *) name, (char *) clinic_id, (char *) "1980-02-29", 72.5,
                          (char *) "Dr. Rivera, Bayside Clinic", T0_US };
  gint64 id = vigil_store_create_patient (store, &p, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
append_step_ok (VigilStore             *store,
                gint64                  treatment,
                VigilTreatmentStepKind  kind,
                gint64                  wall_us,
                const char             *who,
                const char             *reason,
                gboolean                override)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilTreatmentStep) step = vigil_treatment_step_new (kind, wall_us, who, reason);

  step->override = override;
  g_assert_true (vigil_store_append_treatment_step (store, treatment, step, &error));
  g_assert_no_error (error);
}

static gboolean
append_step (VigilStore             *store,
             gint64                  treatment,
             VigilTreatmentStepKind  kind,
             gint64                  wall_us,
             GError                **error)
{
  g_autoptr(VigilTreatmentStep) step = vigil_treatment_step_new (kind, wall_us, "Nurse Ana", NULL);

  return vigil_store_append_treatment_step (store, treatment, step, error);
}

static void
test_session_sound (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  gint64 a, b, c;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  a = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  b = vigil_store_begin_session (store, T0_US + 1, FALSE, NULL);
  c = vigil_store_begin_session (store, T0_US + 2, TRUE, "demo");

  g_assert_true (vigil_store_set_session_sound (store, a, TRUE, "alsa_output.pci-0000_00_1f.3.analog-stereo", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_session_sound (store, b, FALSE, "No sound output: PulseAudio is not running", &error));
  g_assert_no_error (error);
  assert_sqlite3 (fixture->path, "SELECT id, sound_self_test, sound_output FROM monitoring_sessions ORDER BY id",
                  "1|passed|alsa_output.pci-0000_00_1f.3.analog-stereo\n"
                  "2|failed|No sound output: PulseAudio is not running\n"
                  "3|NULL|NULL\n");
  /* Run again: the latest result counts. */
  g_assert_true (vigil_store_set_session_sound (store, b, TRUE, NULL, &error));
  g_assert_no_error (error);
  assert_sqlite3 (fixture->path, "SELECT sound_self_test, sound_output FROM monitoring_sessions WHERE id = 2",
                  "passed|NULL\n");

  g_assert_false (vigil_store_set_session_sound (store, c + 1, TRUE, "x", &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
}

static void
assert_patient (const VigilStorePatient *p,
                gint64                   id,
                const char              *name,
                const char              *clinic_id,
                const char              *dob,
                double                   weight,
                const char              *provider)
{
  g_assert_cmpint (p->id, ==, id);
  g_assert_cmpstr (p->name, ==, name);
  g_assert_cmpstr (p->clinic_id, ==, clinic_id);
  g_assert_cmpstr (p->date_of_birth, ==, dob);
  assert_same_double (p->weight_kg, weight);
  g_assert_cmpstr (p->mental_health_provider, ==, provider);
}

static void
test_patients (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(VigilStorePatient) got = NULL;
  VigilStorePatient bare = { 0, (char *) "Zoë Bare", NULL, NULL, NAN, NULL, T0_US + 5 };
  gint64 ada, zoe, bob;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);

  ada = create_patient_ok (store, "Ada Lovelace", "MRN-0001");
  zoe = vigil_store_create_patient (store, &bare, &error);
  g_assert_no_error (error);
  bob = create_patient_ok (store, "Bob Stone", "MRN-0002");
  g_assert_cmpint (ada, ==, 1);
  g_assert_cmpint (zoe, ==, 2);
  g_assert_cmpint (bob, ==, 3);

  g_assert_true (vigil_store_get_patient (store, ada, &got, &error));
  g_assert_no_error (error);
  assert_patient (got, ada, "Ada Lovelace", "MRN-0001", "1980-02-29", 72.5, "Dr. Rivera, Bayside Clinic");
  g_assert_cmpint (got->created_at_us, ==, T0_US);
  g_clear_pointer (&got, vigil_store_patient_free);
  g_assert_true (vigil_store_get_patient (store, zoe, &got, &error));
  assert_patient (got, zoe, "Zoë Bare", NULL, NULL, NAN, NULL);
  g_clear_pointer (&got, vigil_store_patient_free);
  assert_sqlite3 (fixture->path, "SELECT id, name, clinic_id, date_of_birth, weight_kg FROM patients ORDER BY id",
                  "1|Ada Lovelace|MRN-0001|1980-02-29|72.5\n2|Zoë Bare|NULL|NULL|NULL\n"
                  "3|Bob Stone|MRN-0002|1980-02-29|72.5\n");

  /* Mistakes are refused, not queued. */
  {
    static const struct { const char *name, *clinic_id, *dob; double kg; } bad[] = {
      { NULL, NULL, NULL, NAN },             /* no name */
      { "  ", NULL, NULL, NAN },             /* blank name */
      { "X", " ", NULL, NAN },               /* blank clinic id */
      { "X", "MRN-0001", NULL, NAN },        /* clinic id taken */
      { "X", NULL, "1981-02-29", NAN },      /* not a leap year */
      { "X", NULL, "29/02/1980", NAN },      /* not ISO */
      { "X", NULL, "1980-2-9", NAN },
      { "X", NULL, NULL, 0 },                /* weight 0 */
      { "X", NULL, NULL, 700 },
      { "X", NULL, NULL, -70 },
      { "X", NULL, NULL, INFINITY },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        VigilStorePatient p = { 0, (char *) bad[i].name, (char *) bad[i].clinic_id,
                                (char *) bad[i].dob, bad[i].kg, NULL, T0_US };

        g_assert_cmpint (vigil_store_create_patient (store, &p, &error), ==, 0);
        g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
        g_test_message ("refused: %s", error->message);
        g_clear_error (&error);
      }
  }
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  g_assert_false (vigil_store_get_patient (store, 99, &got, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Listed by name. */
  list = vigil_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (((VigilStorePatient *) g_ptr_array_index (list, 0))->id, ==, ada);
  g_assert_cmpint (((VigilStorePatient *) g_ptr_array_index (list, 1))->id, ==, bob);
  g_assert_cmpint (((VigilStorePatient *) g_ptr_array_index (list, 2))->id, ==, zoe);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* From a new store: the same, and ids go on. */
  g_clear_object (&store);
  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_get_patient (store, bob, &got, &error));
  assert_patient (got, bob, "Bob Stone", "MRN-0002", "1980-02-29", 72.5, "Dr. Rivera, Bayside Clinic");
  g_assert_cmpint (create_patient_ok (store, "Cy", "MRN-0003"), ==, 4);
  {
    VigilStorePatient dup = { 0, (char *) "Bob again", (char *) "MRN-0002", NULL, NAN, NULL, T0_US };

    g_assert_cmpint (vigil_store_create_patient (store, &dup, &error), ==, 0);
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "MRN-0002"));
  }
}

/* One full treatment with every kind of record: used by several tests. */
static gint64
fill_treatment (VigilStore *store,
                gint64      session)
{
  g_autoptr(GError) error = NULL;
  gint64 patient = create_patient_ok (store, "Ada Lovelace", "MRN-0001");
  gint64 t;

  t = vigil_store_create_treatment (store, patient, session, 2, 6, FALSE, session == 0,
                                    "infusion_min=40\nrecovery_min=45\n", T0_US + 100, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t, >, 0);

  append_step_ok (store, t, VIGIL_TREATMENT_STEP_START_INFUSION, T0_US + 1000, "Nurse Ana", NULL, FALSE);
  append_step_ok (store, t, VIGIL_TREATMENT_STEP_PAUSE, T0_US + 2000, "Nurse Ana", "nausea", FALSE);
  append_step_ok (store, t, VIGIL_TREATMENT_STEP_RESUME, T0_US + 3000, "Nurse Ana", NULL, FALSE);
  append_step_ok (store, t, VIGIL_TREATMENT_STEP_END_INFUSION, T0_US + 4000, "Nurse Ana", NULL, FALSE);
  append_step_ok (store, t, VIGIL_TREATMENT_STEP_READY, T0_US + 5000, "Nurse Ben", NULL, FALSE);
  append_step_ok (store, t, VIGIL_TREATMENT_STEP_NOT_READY, T0_US + 5500, "Nurse Ben", "BP rose", FALSE);
  append_step_ok (store, t, VIGIL_TREATMENT_STEP_DISCHARGE, T0_US + 6000, "Dr. O'Brien", "escort waiting, BP steady", TRUE);

  {
    VigilStoreTreatmentEvent events[] = {
      { 0, t, T0_US + 2000, VIGIL_STORE_EVENT_NAUSEA, NULL, NULL, NULL, (char *) "Nurse Ana" },
      { 0, t, T0_US + 2100, VIGIL_STORE_EVENT_DRUG, (char *) "ondansetron", (char *) "4 mg", NULL, (char *) "Nurse Ana" },
      { 0, t, T0_US + 2200, VIGIL_STORE_EVENT_VOMITING, NULL, NULL, NULL, (char *) "Nurse Ana" },
      { 0, t, T0_US + 2300, VIGIL_STORE_EVENT_ANXIETY, NULL, NULL, (char *) "reassured", (char *) "Nurse Ana" },
      { 0, t, T0_US + 2400, VIGIL_STORE_EVENT_HEADACHE, NULL, NULL, NULL, (char *) "Nurse Ana" },
      { 0, t, T0_US + 2500, VIGIL_STORE_EVENT_NOTE, NULL, NULL, (char *) "asked for a blanket", (char *) "Nurse Ana" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (events); i++)
      {
        g_assert_true (vigil_store_append_treatment_event (store, &events[i], &error));
        g_assert_no_error (error);
      }
  }
  {
    VigilStoreScore scores[] = {
      { 0, t, T0_US + 900, VIGIL_STORE_SCALE_PHQ9, (char *) "2,2,3,1,2,1,2,1,1", 15, (char *) "Nurse Ana" },
      { 0, t, T0_US + 950, VIGIL_STORE_SCALE_MOAAS, (char *) "5", 5, (char *) "Nurse Ana" },
      { 0, t, T0_US + 1600, VIGIL_STORE_SCALE_MOAAS, (char *) "4", 4, (char *) "Nurse Ana" },
      { 0, t, T0_US + 3900, VIGIL_STORE_SCALE_CADSS6, (char *) "1,0,2,0,1,0", 4, (char *) "Nurse Ana" },
      { 0, t, T0_US + 5000, VIGIL_STORE_SCALE_ALDRETE, (char *) "2,2,2,2,2", 10, (char *) "Nurse Ben" },
      { 0, t, T0_US + 5001, VIGIL_STORE_SCALE_PADSS, (char *) "2,2,1,2,2", 9, (char *) "Nurse Ben" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
      {
        g_assert_true (vigil_store_append_score (store, &scores[i], &error));
        g_assert_no_error (error);
      }
  }
  {
    VigilStoreChecklistAnswer answers[] = {
      { 0, t, (char *) "consent", (char *) "yes", T0_US + 200, (char *) "Nurse Ana" },
      { 0, t, (char *) "escort-name", (char *) "Grace Hopper", T0_US + 210, (char *) "Nurse Ana" },
      { 0, t, (char *) "fasting-food-since", (char *) "2023-11-14T20:30", T0_US + 220, (char *) "Nurse Ana" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
      {
        g_assert_true (vigil_store_append_checklist_answer (store, &answers[i], &error));
        g_assert_no_error (error);
      }
  }
  {
    VigilStoreDoseInput dose = { 0, t, 72.5, 0.5, 1.0, 40, 36.25, 36.25, 54.375,
                                 (char *) "Dr. O'Brien", T0_US + 300 };

    g_assert_true (vigil_store_append_dose_input (store, &dose, &error));
    g_assert_no_error (error);
  }
  return t;
}

static void
test_treatment_records (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilStoreTreatment) treatment = NULL;
  gint64 session, t;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  t = fill_treatment (store, session);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);

  /* Read back from a new store, as after a restart. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GPtrArray) steps = vigil_store_list_treatment_steps (store, t, &error);
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(GPtrArray) scores = NULL;
      g_autoptr(GPtrArray) answers = NULL;
      g_autoptr(GPtrArray) doses = NULL;
      VigilTreatmentStep *step;
      VigilStoreTreatmentEvent *e;
      VigilStoreScore *sc;
      VigilStoreChecklistAnswer *a;
      VigilStoreDoseInput *d;

      g_assert_no_error (error);
      g_assert_cmpuint (steps->len, ==, 7);
      for (guint i = 0; i < steps->len; i++)
        g_assert_cmpint (((VigilTreatmentStep *) g_ptr_array_index (steps, i))->kind, ==,
                         i == 6 ? VIGIL_TREATMENT_STEP_DISCHARGE : (VigilTreatmentStepKind) i);
      step = g_ptr_array_index (steps, 1);
      g_assert_cmpint (step->wall_us, ==, T0_US + 2000);
      g_assert_cmpstr (step->who, ==, "Nurse Ana");
      g_assert_cmpstr (step->reason, ==, "nausea");
      g_assert_false (step->override);
      step = g_ptr_array_index (steps, 6);
      g_assert_cmpstr (step->who, ==, "Dr. O'Brien");
      g_assert_cmpstr (step->reason, ==, "escort waiting, BP steady");
      g_assert_true (step->override);
      g_assert_null (((VigilTreatmentStep *) g_ptr_array_index (steps, 0))->reason);

      events = vigil_store_list_treatment_events (store, t, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (events->len, ==, 6);
      e = g_ptr_array_index (events, 1);
      g_assert_cmpint (e->id, >, 0);
      g_assert_cmpint (e->treatment_id, ==, t);
      g_assert_cmpint (e->kind, ==, VIGIL_STORE_EVENT_DRUG);
      g_assert_cmpint (e->wall_us, ==, T0_US + 2100);
      g_assert_cmpstr (e->drug_name, ==, "ondansetron");
      g_assert_cmpstr (e->drug_dose, ==, "4 mg");
      g_assert_null (e->note);
      e = g_ptr_array_index (events, 5);
      g_assert_cmpint (e->kind, ==, VIGIL_STORE_EVENT_NOTE);
      g_assert_cmpstr (e->note, ==, "asked for a blanket");

      scores = vigil_store_list_scores (store, t, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (scores->len, ==, 6);
      sc = g_ptr_array_index (scores, 0);
      g_assert_cmpint (sc->scale, ==, VIGIL_STORE_SCALE_PHQ9);
      g_assert_cmpstr (sc->items, ==, "2,2,3,1,2,1,2,1,1");
      g_assert_cmpint (sc->total, ==, 15);
      sc = g_ptr_array_index (scores, 5);
      g_assert_cmpint (sc->scale, ==, VIGIL_STORE_SCALE_PADSS);
      g_assert_cmpint (sc->total, ==, 9);
      g_assert_cmpstr (sc->who, ==, "Nurse Ben");

      answers = vigil_store_list_checklist_answers (store, t, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (answers->len, ==, 3);
      a = g_ptr_array_index (answers, 1);
      g_assert_cmpstr (a->item_key, ==, "escort-name");
      g_assert_cmpstr (a->value, ==, "Grace Hopper");
      g_assert_cmpint (a->wall_us, ==, T0_US + 210);

      doses = vigil_store_list_dose_inputs (store, t, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (doses->len, ==, 1);
      d = g_ptr_array_index (doses, 0);
      g_assert_cmpfloat (d->weight_kg, ==, 72.5);
      g_assert_cmpfloat (d->dose_mg_per_kg, ==, 0.5);
      g_assert_cmpfloat (d->concentration_mg_per_ml, ==, 1.0);
      g_assert_cmpfloat (d->duration_min, ==, 40);
      g_assert_cmpfloat (d->dose_mg, ==, 36.25);
      g_assert_cmpfloat (d->volume_ml, ==, 36.25);
      g_assert_cmpfloat (d->rate_ml_per_h, ==, 54.375);
      g_assert_cmpstr (d->confirmed_by, ==, "Dr. O'Brien");
      g_assert_cmpint (d->wall_us, ==, T0_US + 300);

      g_assert_true (vigil_store_get_treatment (store, t, &treatment, &error));
      g_assert_no_error (error);
      g_assert_cmpint (treatment->id, ==, t);
      g_assert_cmpint (treatment->patient_id, ==, 1);
      g_assert_cmpint (treatment->monitoring_session_id, ==, session);
      g_assert_cmpuint (treatment->series_number, ==, 2);
      g_assert_cmpuint (treatment->planned_count, ==, 6);
      g_assert_false (treatment->maintenance);
      g_assert_false (treatment->simulated);
      g_assert_cmpstr (treatment->config, ==, "infusion_min=40\nrecovery_min=45\n");
      g_assert_cmpint (treatment->created_at_us, ==, T0_US + 100);
      g_clear_pointer (&treatment, vigil_store_treatment_free);

      g_clear_object (&store);
      store = vigil_store_open (fixture->path, &error);
      g_assert_no_error (error);
    }

  /* From outside: seq 1…7 and the step names of the docs. */
  assert_sqlite3 (fixture->path, "SELECT group_concat(seq || ':' || kind, ' ') FROM"
                  " (SELECT seq, kind FROM treatment_steps WHERE treatment_id = 1 ORDER BY seq)",
                  "1:start-infusion 2:pause 3:resume 4:end-infusion 5:ready 6:not-ready 7:discharge\n");
  assert_sqlite3 (fixture->path, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM treatment_events ORDER BY id)",
                  "nausea drug vomiting anxiety headache note\n");
  assert_sqlite3 (fixture->path, "SELECT group_concat(scale, ' ') FROM (SELECT scale FROM treatment_scores ORDER BY id)",
                  "phq9 moaas moaas cadss6 aldrete padss\n");
  assert_sqlite3 (fixture->path, "PRAGMA foreign_key_check", "");
}

/* Every step kind is stored under its documented nick and read back. */
static void
test_step_kinds (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GString) want = g_string_new (NULL);
  g_autofree char *got = NULL;
  gint64 t;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  t = vigil_store_create_treatment (store, create_patient_ok (store, "Ada", NULL), 0, 1, 6, FALSE, TRUE,
                                    NULL, T0_US, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < VIGIL_N_TREATMENT_STEPS; k++)
    {
      append_step_ok (store, t, k, T0_US + k, "Nurse Ana", NULL, FALSE);
      g_string_append_printf (want, "%s%u:%s", k > 0 ? " " : "", k + 1, step_nicks[k]);
    }
  g_string_append_c (want, '\n');
  got = run_sqlite3 (fixture->path, "SELECT group_concat(seq || ':' || kind, ' ') FROM"
                     " (SELECT seq, kind FROM treatment_steps ORDER BY seq)");
  g_assert_cmpstr (got, ==, want->str);

  steps = vigil_store_list_treatment_steps (store, t, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, VIGIL_N_TREATMENT_STEPS);
  for (guint k = 0; k < VIGIL_N_TREATMENT_STEPS; k++)
    g_assert_cmpint (((VigilTreatmentStep *) g_ptr_array_index (steps, k))->kind, ==, k);
}

static void
test_treatment_invalid (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilTreatmentStep) step = NULL;
  gint64 patient, session, t;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  patient = create_patient_ok (store, "Ada", NULL);
  t = vigil_store_create_treatment (store, patient, session, 1, 6, FALSE, FALSE, NULL, T0_US, &error);
  g_assert_no_error (error);

#define REFUSED(call) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID); \
    g_test_message ("refused: %s", error->message); \
    g_clear_error (&error); \
  } G_STMT_END

  /* Unknown treatment, patient, session. */
  REFUSED (append_step (store, t + 1, VIGIL_TREATMENT_STEP_START_INFUSION, T0_US, &error));
  REFUSED (append_step (store, 0, VIGIL_TREATMENT_STEP_START_INFUSION, T0_US, &error));
  REFUSED (vigil_store_create_treatment (store, patient + 1, session, 1, 6, FALSE, FALSE, NULL, T0_US, &error));
  REFUSED (vigil_store_create_treatment (store, patient, session + 1, 1, 6, FALSE, FALSE, NULL, T0_US, &error));
  REFUSED (vigil_store_create_treatment (store, patient, session, 0, 6, FALSE, FALSE, NULL, T0_US, &error));

  /* Steps without a kind or a person. */
  step = vigil_treatment_step_new (VIGIL_TREATMENT_STEP_PAUSE, T0_US, "Nurse Ana", "nausea");
  step->kind = VIGIL_N_TREATMENT_STEPS;
  REFUSED (vigil_store_append_treatment_step (store, t, step, &error));
  step->kind = VIGIL_TREATMENT_STEP_PAUSE;
  g_clear_pointer (&step->who, g_free);
  REFUSED (vigil_store_append_treatment_step (store, t, step, &error));
  step->who = g_strdup (" ");
  REFUSED (vigil_store_append_treatment_step (store, t, step, &error));

  /* Events, scores, answers, doses that are not right. */
  {
    VigilStoreTreatmentEvent drug = { 0, t, T0_US, VIGIL_STORE_EVENT_DRUG, NULL, (char *) "4 mg", NULL, (char *) "Ana" };
    VigilStoreTreatmentEvent note = { 0, t, T0_US, VIGIL_STORE_EVENT_NOTE, NULL, NULL, (char *) "", (char *) "Ana" };
    VigilStoreTreatmentEvent nobody = { 0, t, T0_US, VIGIL_STORE_EVENT_NAUSEA, NULL, NULL, NULL, NULL };
    VigilStoreTreatmentEvent bad_kind = { 0, t, T0_US, VIGIL_STORE_N_EVENT_KINDS, NULL, NULL, NULL, (char *) "Ana" };
    VigilStoreTreatmentEvent elsewhere = { 0, t + 7, T0_US, VIGIL_STORE_EVENT_NAUSEA, NULL, NULL, NULL, (char *) "Ana" };

    REFUSED (vigil_store_append_treatment_event (store, &drug, &error));
    REFUSED (vigil_store_append_treatment_event (store, &note, &error));
    REFUSED (vigil_store_append_treatment_event (store, &nobody, &error));
    REFUSED (vigil_store_append_treatment_event (store, &bad_kind, &error));
    REFUSED (vigil_store_append_treatment_event (store, &elsewhere, &error));
  }
  {
    static const struct { VigilStoreScale scale; const char *items; int total; } bad[] = {
      { VIGIL_STORE_SCALE_ALDRETE, "2,2,2,2,2", 9 },      /* total is not the sum */
      { VIGIL_STORE_SCALE_ALDRETE, "2,2,2,2", 8 },        /* 4 items, not 5 */
      { VIGIL_STORE_SCALE_ALDRETE, "2,2,2,2,3", 11 },     /* item above 2 */
      { VIGIL_STORE_SCALE_PHQ9, "0,0,0,0,0,0,0,0,4", 4 }, /* item above 3 */
      { VIGIL_STORE_SCALE_MOAAS, "6", 6 },
      { VIGIL_STORE_SCALE_MOAAS, "-1", -1 },
      { VIGIL_STORE_SCALE_CADSS6, "1,1,1,,1,1", 5 },
      { VIGIL_STORE_SCALE_CADSS6, "1,1,1,a,1,1", 5 },
      { VIGIL_STORE_SCALE_PADSS, "", 0 },
      { VIGIL_STORE_SCALE_PADSS, NULL, 0 },
      { VIGIL_STORE_N_SCALES, "1", 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        VigilStoreScore score = { 0, t, T0_US, bad[i].scale, (char *) bad[i].items, bad[i].total, (char *) "Ana" };

        REFUSED (vigil_store_append_score (store, &score, &error));
      }
  }
  {
    VigilStoreChecklistAnswer no_key = { 0, t, (char *) "", (char *) "yes", T0_US, (char *) "Ana" };
    VigilStoreChecklistAnswer no_value = { 0, t, (char *) "consent", NULL, T0_US, (char *) "Ana" };
    VigilStoreChecklistAnswer nobody = { 0, t, (char *) "consent", (char *) "yes", T0_US, NULL };

    REFUSED (vigil_store_append_checklist_answer (store, &no_key, &error));
    REFUSED (vigil_store_append_checklist_answer (store, &no_value, &error));
    REFUSED (vigil_store_append_checklist_answer (store, &nobody, &error));
  }
  {
    const VigilStoreDoseInput good = { 0, t, 70, 0.5, 1, 40, 35, 35, 52.5, (char *) "Dr. O", T0_US };
    VigilStoreDoseInput d;

    d = good; d.weight_kg = 0;
    REFUSED (vigil_store_append_dose_input (store, &d, &error));
    d = good; d.weight_kg = 700;
    REFUSED (vigil_store_append_dose_input (store, &d, &error));
    d = good; d.concentration_mg_per_ml = -1;
    REFUSED (vigil_store_append_dose_input (store, &d, &error));
    d = good; d.rate_ml_per_h = NAN;
    REFUSED (vigil_store_append_dose_input (store, &d, &error));
    d = good; d.confirmed_by = NULL;
    REFUSED (vigil_store_append_dose_input (store, &d, &error));
    d = good; d.treatment_id = t + 1;
    REFUSED (vigil_store_append_dose_input (store, &d, &error));
    d = good;
    g_assert_true (vigil_store_append_dose_input (store, &d, &error));
    g_assert_no_error (error);
  }
#undef REFUSED

  /* Nothing was queued, nothing but the good dose written. */
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  g_assert_true (vigil_store_is_healthy (store));
  assert_sqlite3 (fixture->path,
                  "SELECT (SELECT count(*) FROM treatments), (SELECT count(*) FROM treatment_steps),"
                  " (SELECT count(*) FROM treatment_events), (SELECT count(*) FROM treatment_scores),"
                  " (SELECT count(*) FROM checklist_answers), (SELECT count(*) FROM dose_inputs)",
                  "1|0|0|0|0|1\n");
  g_assert_null (vigil_store_list_treatment_steps (store, t + 1, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

/* The CHECKs catch what a program other than Vigil gets wrong. */
static void
test_treatment_checks (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  static const char *refused[] = {
    "INSERT INTO treatment_steps (treatment_id, seq, kind, wall_us, who, override) VALUES (99, 1, 'pause', 0, 'x', 0)",
    "INSERT INTO treatment_steps (treatment_id, seq, kind, wall_us, who, override) VALUES (1, 1, 'pause', 0, 'x', 0)",
    "INSERT INTO treatment_steps (treatment_id, seq, kind, wall_us, who, override) VALUES (1, 0, 'pause', 0, 'x', 0)",
    "INSERT INTO treatment_steps (treatment_id, seq, kind, wall_us, who, override) VALUES (1, 9, 'pause', 0, ' ', 0)",
    "INSERT INTO treatment_steps (treatment_id, seq, kind, wall_us, who, override) VALUES (1, 9, 'pause', 0, 'x', 2)",
    "INSERT INTO patients (name, date_of_birth, created_at_us) VALUES ('x', '1981-02-29', 0)",
    "INSERT INTO patients (name, weight_kg, created_at_us) VALUES ('x', 0, 0)",
    "INSERT INTO patients (name, clinic_id, created_at_us) VALUES ('x', 'MRN-0001', 0)",
    "INSERT INTO treatments (patient_id, series_number, planned_count, maintenance, simulated, created_at_us)"
    " VALUES (1, 0, 6, 0, 0, 0)",
    "INSERT INTO treatment_events (treatment_id, wall_us, kind, who) VALUES (1, 0, 'drug', 'x')",
    "INSERT INTO dose_inputs (treatment_id, weight_kg, dose_mg_per_kg, concentration_mg_per_ml, duration_min,"
    " dose_mg, volume_ml, rate_ml_per_h, confirmed_by, wall_us) VALUES (1, 70, 0.5, -1, 40, 35, 35, 52.5, 'x', 0)",
    "UPDATE monitoring_sessions SET sound_self_test = 'maybe'",
  };
  sqlite3 *db = NULL;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fill_treatment (store, vigil_store_begin_session (store, T0_US, FALSE, NULL));

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      int rc = sqlite3_exec (db, refused[i], NULL, NULL, NULL);

      g_test_message ("%s → %s", refused[i], sqlite3_errmsg (db));
      g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
    }

  /* A step kind this Vigil does not know (a newer one's, or typed by
   * hand) is reported, never guessed. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO treatment_steps (treatment_id, seq, kind, wall_us, who, override)"
                                 " VALUES (1, 8, 'teleport', 0, 'x', 0)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_null (vigil_store_list_treatment_steps (store, 1, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
}

static void
test_find_open_treatment (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  gint64 patient, t1, t2, t3;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, 0);
  g_assert_no_error (error);

  patient = create_patient_ok (store, "Ada", NULL);
  t1 = vigil_store_create_treatment (store, patient, 0, 1, 6, FALSE, FALSE, NULL, T0_US, &error);
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, t1);  /* no step yet: open */
  append_step_ok (store, t1, VIGIL_TREATMENT_STEP_START_INFUSION, T0_US + 1, "Ana", NULL, FALSE);
  append_step_ok (store, t1, VIGIL_TREATMENT_STEP_END_INFUSION, T0_US + 2, "Ana", NULL, FALSE);
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, t1);
  append_step_ok (store, t1, VIGIL_TREATMENT_STEP_READY, T0_US + 3, "Ana", NULL, FALSE);
  append_step_ok (store, t1, VIGIL_TREATMENT_STEP_DISCHARGE, T0_US + 4, "Ana", NULL, FALSE);
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, 0);

  t2 = vigil_store_create_treatment (store, patient, 0, 2, 6, FALSE, FALSE, NULL, T0_US + 10, &error);
  append_step_ok (store, t2, VIGIL_TREATMENT_STEP_START_INFUSION, T0_US + 11, "Ana", NULL, FALSE);
  append_step_ok (store, t2, VIGIL_TREATMENT_STEP_PAUSE, T0_US + 12, "Ana", "anxiety", FALSE);
  t3 = vigil_store_create_treatment (store, patient, 0, 3, 6, FALSE, FALSE, NULL, T0_US + 20, &error);
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, t3);
  append_step_ok (store, t3, VIGIL_TREATMENT_STEP_CANCEL, T0_US + 21, "Ana", "entered twice", FALSE);
  /* The latest one is closed: the one before is still open. */
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, t2);
  g_assert_no_error (error);

  /* After a restart (a crash during the pause): found, and its steps go on. */
  g_clear_object (&store);
  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, t2);
  steps = vigil_store_list_treatment_steps (store, t2, &error);
  g_assert_cmpuint (steps->len, ==, 2);
  g_assert_cmpint (((VigilTreatmentStep *) g_ptr_array_index (steps, 1))->kind, ==, VIGIL_TREATMENT_STEP_PAUSE);
  append_step_ok (store, t2, VIGIL_TREATMENT_STEP_RESUME, T0_US + 30, "Ana", NULL, FALSE);
  append_step_ok (store, t2, VIGIL_TREATMENT_STEP_ABORT, T0_US + 31, "Dr. O", "BP 190/110", FALSE);
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, 0);
  assert_sqlite3 (fixture->path, "SELECT group_concat(seq || ':' || kind, ' ') FROM"
                  " (SELECT seq, kind FROM treatment_steps WHERE treatment_id = 2 ORDER BY seq)",
                  "1:start-infusion 2:pause 3:resume 4:abort\n");
}

/* The file from outside, through the sqlite3 program */

/* The text between two marker lines of docs/database.md, without fences. */
static char *
doc_section (const char *begin,
             const char *end)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = NULL;
  const char *from, *to;
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *section = NULL;

  g_file_get_contents (doc_path, &doc, NULL, &error);
  g_assert_no_error (error);
  from = strstr (doc, begin);
  g_assert_nonnull (from);
  from += strlen (begin);
  to = strstr (from, end);
  g_assert_nonnull (to);

  section = g_strndup (from, to - from);
  lines = g_strsplit (section, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "```"))
      g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
squash_spaces (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_sqlite3_cli (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *documented = NULL;
  g_autofree char *schema_squashed = NULL;
  g_autofree char *documented_squashed = NULL;
  g_autofree char *examples = NULL;
  g_auto(GStrv) queries = NULL;
  guint n_queries = 0;
  gint64 a, b;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fill_log (store, &a, &b);
  g_assert_true (vigil_store_end_session (store, a, T0_US + 4400, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_session_sound (store, b, TRUE, "Built-in Audio Analog Stereo", &error));
  g_assert_no_error (error);
  fill_treatment (store, b);

  /* The schema is exactly the one docs/database.md shows. */
  schema = run_sqlite3 (fixture->path, ".schema");
  documented = doc_section ("<!-- schema:begin -->", "<!-- schema:end -->");
  schema_squashed = squash_spaces (schema);
  documented_squashed = squash_spaces (documented);
  if (g_strcmp0 (schema_squashed, documented_squashed) != 0)
    g_test_message ("sqlite3 .schema prints:\n%s", schema);
  g_assert_cmpstr (schema_squashed, ==, documented_squashed);

  /* The rows, as another program sees them. */
  assert_sqlite3 (fixture->path,
                  "SELECT id, started_at_us - 1700000000000000, ended_at_us - 1700000000000000,"
                  " simulated, scenario, app_version FROM monitoring_sessions ORDER BY id",
                  "1|0|4400|1|desaturation|" VIGIL_VERSION "\n"
                  "2|4500|NULL|0|NULL|" VIGIL_VERSION "\n");
  assert_sqlite3 (fixture->path,
                  "SELECT session_id, wall_us - 1700000000000000, kind, condition, condition_key,"
                  " priority, value, limit_value, old_limit, message, who FROM alarm_log ORDER BY id",
                  "1|1000|start|A1|spo2-low|medium|88.0|90.0|NULL|!! SpO₂ 88 < 90|NULL\n"
                  "1|2000|acknowledge|A1|spo2-low|medium|NULL|NULL|NULL|SpO₂ low acknowledged|Nurse Ana\n"
                  "1|3000|limit-change|A3|hr-high|none|NULL|130.0|120.0|HR high limit 120 → 130|Dr. O'Brien\n"
                  "1|3000|escalate|A1|spo2-low|high|87.0|90.0|NULL|!!! SpO₂ 87 < 90|NULL\n"
                  "1|4000|end|A1|spo2-low|high|93.0|90.0|NULL|NULL|NULL\n"
                  "2|5000|start|T1|link-lost|low|NULL|NULL|NULL|NULL|NULL\n"
                  "2|6000|audio-pause|A2|spo2-desaturation|high|NULL|NULL|NULL|Audio paused 2:00|Nurse Ana\n"
                  "2|500|start|A5|hr-low|medium|45.0|50.0|NULL|!! HR 45 < 50|NULL\n"
                  "2|7000|audio-resume|A2|spo2-desaturation|high|NULL|NULL|NULL|NULL|NULL\n"
                  "2|8000|reset|A8|nibp-severe|high|150.0|180.0|NULL|NIBP severe reset|Nurse Ben\n");
  assert_sqlite3 (fixture->path, "PRAGMA integrity_check", "ok\n");
  assert_sqlite3 (fixture->path, "PRAGMA foreign_key_check", "");

  /* The kinds stored are the engine's names. */
  for (guint k = 0; k < VIGIL_N_ALARM_LOG_KINDS; k++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT count(*) > 0 FROM alarm_log WHERE kind = '%s'",
                         vigil_alarm_log_kind_to_string (k));

      assert_sqlite3 (fixture->path, sql, "1\n");
    }

  /* Every example query of the documentation runs. */
  examples = doc_section ("<!-- examples:begin -->", "<!-- examples:end -->");
  queries = g_strsplit (examples, ";\n", -1);
  for (guint i = 0; queries[i] != NULL; i++)
    {
      g_autofree char *sql = g_strstrip (g_strdup (queries[i]));
      g_autofree char *out = NULL;
      g_autoptr(GString) code = g_string_new (NULL);
      g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);

      /* Drop the comment lines that explain each query. */
      for (guint j = 0; lines[j] != NULL; j++)
        if (!g_str_has_prefix (g_strstrip (lines[j]), "--"))
          g_string_append_printf (code, "%s\n", lines[j]);
      if (code->len == 0 || *g_strstrip (code->str) == '\0')
        continue;
      /* run_sqlite3 fails the test if sqlite3 reports an error. */
      out = run_sqlite3 (fixture->path, code->str);
      g_test_message ("%s\n→\n%s", code->str, out);
      n_queries++;
    }
  g_assert_cmpuint (n_queries, ==, 18);
}

/* Durability: a row is on the disk when the call returns */

/* A pass-through VFS that watches the WAL: a write not followed by an
 * fsync before append_alarm() returns is a row a power loss could take. */
typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  gboolean      is_wal;
} ShimFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static sqlite3_io_methods shim_io;
static guint wal_writes;
static guint wal_syncs;
static guint wal_unsynced;  /* writes since the last sync */

#define REAL(f) (((ShimFile *) (f))->real)

static int
shim_close (sqlite3_file *f)
{
  return REAL (f)->pMethods->xClose (REAL (f));
}

static int
shim_read (sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
  return REAL (f)->pMethods->xRead (REAL (f), buf, n, off);
}

static int
shim_write (sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
  if (((ShimFile *) f)->is_wal)
    {
      wal_writes++;
      wal_unsynced++;
    }
  return REAL (f)->pMethods->xWrite (REAL (f), buf, n, off);
}

static int
shim_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  return REAL (f)->pMethods->xTruncate (REAL (f), size);
}

static int
shim_sync (sqlite3_file *f, int flags)
{
  int rc = REAL (f)->pMethods->xSync (REAL (f), flags);

  if (rc == SQLITE_OK && ((ShimFile *) f)->is_wal)
    {
      wal_syncs++;
      wal_unsynced = 0;
    }
  return rc;
}

static int
shim_file_size (sqlite3_file *f, sqlite3_int64 *size)
{
  return REAL (f)->pMethods->xFileSize (REAL (f), size);
}

static int
shim_lock (sqlite3_file *f, int level)
{
  return REAL (f)->pMethods->xLock (REAL (f), level);
}

static int
shim_unlock (sqlite3_file *f, int level)
{
  return REAL (f)->pMethods->xUnlock (REAL (f), level);
}

static int
shim_check_reserved_lock (sqlite3_file *f, int *out)
{
  return REAL (f)->pMethods->xCheckReservedLock (REAL (f), out);
}

static int
shim_file_control (sqlite3_file *f, int op, void *arg)
{
  return REAL (f)->pMethods->xFileControl (REAL (f), op, arg);
}

static int
shim_sector_size (sqlite3_file *f)
{
  return REAL (f)->pMethods->xSectorSize (REAL (f));
}

static int
shim_device_characteristics (sqlite3_file *f)
{
  return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f));
}

static int
shim_shm_map (sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
  return REAL (f)->pMethods->xShmMap (REAL (f), region, size, extend, out);
}

static int
shim_shm_lock (sqlite3_file *f, int offset, int n, int flags)
{
  return REAL (f)->pMethods->xShmLock (REAL (f), offset, n, flags);
}

static void
shim_shm_barrier (sqlite3_file *f)
{
  REAL (f)->pMethods->xShmBarrier (REAL (f));
}

static int
shim_shm_unmap (sqlite3_file *f, int delete_flag)
{
  return REAL (f)->pMethods->xShmUnmap (REAL (f), delete_flag);
}

static int
shim_fetch (sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
  return REAL (f)->pMethods->xFetch (REAL (f), off, n, out);
}

static int
shim_unfetch (sqlite3_file *f, sqlite3_int64 off, void *p)
{
  return REAL (f)->pMethods->xUnfetch (REAL (f), off, p);
}

static int
shim_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
  ShimFile *shim = (ShimFile *) f;
  int rc;

  shim->real = (sqlite3_file *) (shim + 1);
  shim->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
  rc = real_vfs->xOpen (real_vfs, name, shim->real, flags, out_flags);
  shim->base.pMethods = shim->real->pMethods != NULL ? &shim_io : NULL;
  return rc;
}

static void
shim_register (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 3);

  shim_vfs = *real_vfs;
  shim_vfs.zName = "vigil-test-shim";
  shim_vfs.szOsFile = sizeof (ShimFile) + real_vfs->szOsFile;
  shim_vfs.xOpen = shim_open;

  shim_io = (sqlite3_io_methods) {
    .iVersion = 3,
    .xClose = shim_close,
    .xRead = shim_read,
    .xWrite = shim_write,
    .xTruncate = shim_truncate,
    .xSync = shim_sync,
    .xFileSize = shim_file_size,
    .xLock = shim_lock,
    .xUnlock = shim_unlock,
    .xCheckReservedLock = shim_check_reserved_lock,
    .xFileControl = shim_file_control,
    .xSectorSize = shim_sector_size,
    .xDeviceCharacteristics = shim_device_characteristics,
    .xShmMap = shim_shm_map,
    .xShmLock = shim_shm_lock,
    .xShmBarrier = shim_shm_barrier,
    .xShmUnmap = shim_shm_unmap,
    .xFetch = shim_fetch,
    .xUnfetch = shim_unfetch,
  };
  g_assert_cmpint (sqlite3_vfs_register (&shim_vfs, 1), ==, SQLITE_OK);
}

static void
test_durable (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  gint64 session;

  shim_register ();

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  g_assert_cmpuint (wal_unsynced, ==, 0);

  for (guint i = 0; i < 5; i++)
    {
      guint writes = wal_writes, syncs = wal_syncs;

      append_ok (store, session, simple_entry (T0_US + i, "durable"));
      g_test_message ("append %u: %u WAL writes, %u WAL syncs", i,
                      wal_writes - writes, wal_syncs - syncs);
      g_assert_cmpuint (wal_writes, >, writes);
      g_assert_cmpuint (wal_syncs, >, syncs);
      g_assert_cmpuint (wal_unsynced, ==, 0);
    }
  /* Treatment records likewise: on disk when the call returns. */
  {
    gint64 t = vigil_store_create_treatment (store, create_patient_ok (store, "Ada", NULL), session,
                                             1, 6, FALSE, FALSE, NULL, T0_US, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (wal_unsynced, ==, 0);
    for (guint k = 0; k < 3; k++)
      {
        guint syncs = wal_syncs;

        append_step_ok (store, t, k, T0_US + k, "Nurse Ana", k == 1 ? "nausea" : NULL, FALSE);
        g_assert_cmpuint (wal_syncs, >, syncs);
        g_assert_cmpuint (wal_unsynced, ==, 0);
      }
  }
  g_assert_true (vigil_store_end_session (store, session, T0_US + 10, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wal_unsynced, ==, 0);

  g_clear_object (&store);
  g_assert_cmpint (sqlite3_vfs_unregister (&shim_vfs), ==, SQLITE_OK);
}

/* Failures: a lock held by another connection */

typedef struct
{
  guint    n_changes;
  gboolean last;
} HealthLog;

static void
on_health_changed (VigilStore *store,
                   gboolean    healthy,
                   HealthLog  *log)
{
  log->n_changes++;
  log->last = healthy;
  g_assert_cmpint (healthy, ==, vigil_store_is_healthy (store));
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static sqlite3 *
lock_database (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

static void
unlock_database (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  HealthLog health = { 0, TRUE };
  guint pending_notifies = 0;
  sqlite3 *other;
  gint64 session;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "health-changed", G_CALLBACK (on_health_changed), &health);
  g_signal_connect_swapped (store, "notify::pending-count", G_CALLBACK (count_notify), &pending_notifies);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  append_ok (store, session, simple_entry (T0_US + 1, "one"));

  other = lock_database (fixture->path);

  /* The append fails, says why, and keeps the entry. */
  {
    g_autoptr(VigilAlarmLogEntry) two = simple_entry (T0_US + 2, "two");

    g_assert_false (vigil_store_append_alarm (store, session, two, &error));
  }
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 1);
  g_assert_false (vigil_store_is_healthy (store));
  g_assert_error (vigil_store_get_health_error (store), VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
  g_assert_cmpuint (health.n_changes, ==, 1);
  g_assert_false (health.last);

  {
    g_autoptr(VigilAlarmLogEntry) three = simple_entry (T0_US + 3, "three");

    g_assert_false (vigil_store_append_alarm (store, session, three, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
    g_clear_error (&error);
  }
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 2);
  g_assert_cmpuint (health.n_changes, ==, 1);
  g_assert_false (vigil_store_retry_pending (store, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 2);

  /* The log page still sees everything (readers are not blocked in WAL
   * mode; the queued entries are merged in). */
  list = vigil_store_list_alarms (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((VigilAlarmLogEntry *) g_ptr_array_index (list, 0))->message, ==, "three");
  g_assert_cmpstr (((VigilAlarmLogEntry *) g_ptr_array_index (list, 1))->message, ==, "two");
  g_assert_cmpstr (((VigilAlarmLogEntry *) g_ptr_array_index (list, 2))->message, ==, "one");
  g_clear_pointer (&list, g_ptr_array_unref);
  {
    VigilStoreAlarmFilter filter;

    vigil_store_alarm_filter_init (&filter);
    filter.limit = 1;
    filter.offset = 1;
    list = vigil_store_list_alarms (store, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (((VigilAlarmLogEntry *) g_ptr_array_index (list, 0))->message, ==, "two");
    g_clear_pointer (&list, g_ptr_array_unref);
  }
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM alarm_log"), ==, 1);

  /* Released: the next append writes the queue first, in order. */
  unlock_database (other);
  append_ok (store, session, simple_entry (T0_US + 4, "four"));
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  g_assert_true (vigil_store_is_healthy (store));
  g_assert_null (vigil_store_get_health_error (store));
  g_assert_cmpuint (health.n_changes, ==, 2);
  g_assert_true (health.last);
  g_assert_cmpuint (pending_notifies, ==, 3);  /* 1, 2, 0 */

  assert_sqlite3 (fixture->path, "SELECT message FROM alarm_log ORDER BY id",
                  "one\ntwo\nthree\nfour\n");
}

/* Sessions begun while the database is locked, and an id taken meanwhile
 * by another program. */
static void
test_locked_session (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  VigilStoreAlarmFilter filter;
  sqlite3 *other;
  gint64 first, second;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  first = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  g_assert_cmpint (first, ==, 1);

  /* Another program holds the lock and takes the next id itself. */
  other = lock_database (fixture->path);
  g_assert_cmpint (sqlite3_exec (other,
                                 "INSERT INTO monitoring_sessions (started_at_us, simulated, app_version)"
                                 " VALUES (0, 1, 'other')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  second = vigil_store_begin_session (store, T0_US + 10, TRUE, "queued");
  g_assert_cmpint (second, ==, 2);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 1);
  g_assert_false (vigil_store_is_healthy (store));
  {
    g_autoptr(VigilAlarmLogEntry) e = simple_entry (T0_US + 11, "in the queued session");

    g_assert_false (vigil_store_append_alarm (store, second, e, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
    g_clear_error (&error);
  }
  g_assert_false (vigil_store_end_session (store, second, T0_US + 12, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 3);

  /* Listing by a session none of whose rows is on disk yet. */
  vigil_store_alarm_filter_init (&filter);
  filter.session_id = second;
  list = vigil_store_list_alarms (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  unlock_database (other);
  g_assert_true (vigil_store_retry_pending (store, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_is_healthy (store));

  /* Our session got the next free id; its rows follow it. */
  assert_sqlite3 (fixture->path,
                  "SELECT id, simulated, scenario, app_version, ended_at_us - 1700000000000000"
                  " FROM monitoring_sessions ORDER BY id",
                  "1|0|NULL|" VIGIL_VERSION "|NULL\n"
                  "2|1|NULL|other|NULL\n"
                  "3|1|queued|" VIGIL_VERSION "|12\n");
  assert_sqlite3 (fixture->path, "SELECT session_id, message FROM alarm_log",
                  "3|in the queued session\n");

  /* The handle we gave out still means our session. */
  list = vigil_store_list_alarms (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((VigilAlarmLogEntry *) g_ptr_array_index (list, 0))->message, ==,
                   "in the queued session");
  append_ok (store, second, simple_entry (T0_US + 13, "after"));
  assert_sqlite3 (fixture->path, "SELECT session_id, message FROM alarm_log ORDER BY id",
                  "3|in the queued session\n3|after\n");
  g_assert_cmpint (vigil_store_begin_session (store, T0_US + 20, FALSE, NULL), ==, 4);
}

/* Treatment records while another program holds the lock: queued in
 * order, ids valid at once, listed, then written in one go; a patient id
 * taken meanwhile by another program is mapped. */
static void
test_locked_treatment (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(VigilStorePatient) got = NULL;
  g_autoptr(VigilStoreTreatment) treatment = NULL;
  HealthLog health = { 0, TRUE };
  sqlite3 *other;
  gint64 session, patient, t;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "health-changed", G_CALLBACK (on_health_changed), &health);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);

  other = lock_database (fixture->path);
  g_assert_cmpint (sqlite3_exec (other,
                                 "INSERT INTO patients (name, created_at_us) VALUES ('Other program', 0)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  /* Ids at once, though nothing can be written. */
  patient = create_patient_ok (store, "Ada", "MRN-9");
  g_assert_cmpint (patient, ==, 1);
  g_assert_false (vigil_store_is_healthy (store));
  g_assert_error (vigil_store_get_health_error (store), VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
  g_assert_cmpuint (health.n_changes, ==, 1);
  t = vigil_store_create_treatment (store, patient, session, 1, 6, FALSE, FALSE, "cfg", T0_US + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t, ==, 1);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 2);

  for (guint k = VIGIL_TREATMENT_STEP_START_INFUSION; k <= VIGIL_TREATMENT_STEP_RESUME; k++)
    {
      g_assert_false (append_step (store, t, k, T0_US + 10 + k, &error));
      g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
      g_clear_error (&error);
    }
  {
    VigilStoreTreatmentEvent e = { 0, t, T0_US + 11, VIGIL_STORE_EVENT_NAUSEA, NULL, NULL, NULL, (char *) "Ana" };
    VigilStoreScore sc = { 0, t, T0_US + 12, VIGIL_STORE_SCALE_MOAAS, (char *) "4", 4, (char *) "Ana" };
    VigilStoreChecklistAnswer a = { 0, t, (char *) "consent", (char *) "yes", T0_US + 13, (char *) "Ana" };
    VigilStoreDoseInput d = { 0, t, 70, 0.5, 1, 40, 35, 35, 52.5, (char *) "Dr. O", T0_US + 14 };

    g_assert_false (vigil_store_append_treatment_event (store, &e, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_false (vigil_store_append_score (store, &sc, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_false (vigil_store_append_checklist_answer (store, &a, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_false (vigil_store_append_dose_input (store, &d, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_false (vigil_store_set_session_sound (store, session, FALSE, "no sink", &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
    g_clear_error (&error);
  }
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 10);
  g_assert_cmpuint (health.n_changes, ==, 1);

  /* Everything readable from the queue meanwhile. */
  g_assert_true (vigil_store_get_patient (store, patient, &got, &error));
  g_assert_cmpstr (got->name, ==, "Ada");
  g_assert_true (vigil_store_get_treatment (store, t, &treatment, &error));
  g_assert_cmpstr (treatment->config, ==, "cfg");
  g_assert_cmpint (vigil_store_find_open_treatment (store, &error), ==, t);
  steps = vigil_store_list_treatment_steps (store, t, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 3);
  g_assert_cmpint (((VigilTreatmentStep *) g_ptr_array_index (steps, 2))->kind, ==, VIGIL_TREATMENT_STEP_RESUME);
  list = vigil_store_list_scores (store, t, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((VigilStoreScore *) g_ptr_array_index (list, 0))->id, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vigil_store_list_patients (store, &error);
  g_assert_cmpuint (list->len, ==, 1);  /* the other program's row is not committed yet */
  g_clear_pointer (&list, g_ptr_array_unref);
  /* A duplicate clinic id is caught against the queue too. */
  {
    VigilStorePatient dup = { 0, (char *) "Ada again", (char *) "MRN-9", NULL, NAN, NULL, T0_US };

    g_assert_cmpint (vigil_store_create_patient (store, &dup, &error), ==, 0);
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  unlock_database (other);
  append_step_ok (store, t, VIGIL_TREATMENT_STEP_END_INFUSION, T0_US + 20, "Ana", NULL, FALSE);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  g_assert_true (vigil_store_is_healthy (store));
  g_assert_cmpuint (health.n_changes, ==, 2);

  /* Our patient got the next free id; the treatment follows it. */
  assert_sqlite3 (fixture->path, "SELECT id, name FROM patients ORDER BY id", "1|Other program\n2|Ada\n");
  assert_sqlite3 (fixture->path, "SELECT id, patient_id, monitoring_session_id FROM treatments", "1|2|1\n");
  assert_sqlite3 (fixture->path, "SELECT group_concat(seq || ':' || kind, ' ') FROM"
                  " (SELECT seq, kind FROM treatment_steps ORDER BY id)",
                  "1:start-infusion 2:pause 3:resume 4:end-infusion\n");
  assert_sqlite3 (fixture->path,
                  "SELECT (SELECT count(*) FROM treatment_events), (SELECT count(*) FROM treatment_scores),"
                  " (SELECT count(*) FROM checklist_answers), (SELECT count(*) FROM dose_inputs),"
                  " (SELECT sound_self_test || ' ' || sound_output FROM monitoring_sessions)",
                  "1|1|1|1|failed no sink\n");
  /* The handles given out still mean our rows. */
  g_clear_pointer (&got, vigil_store_patient_free);
  g_assert_true (vigil_store_get_patient (store, patient, &got, &error));
  g_assert_cmpstr (got->name, ==, "Ada");
  g_assert_cmpint (got->id, ==, patient);
  g_clear_pointer (&treatment, vigil_store_treatment_free);
  g_assert_true (vigil_store_get_treatment (store, t, &treatment, &error));
  g_assert_cmpint (treatment->patient_id, ==, patient);
  g_clear_pointer (&steps, g_ptr_array_unref);
  steps = vigil_store_list_treatment_steps (store, t, &error);
  g_assert_cmpuint (steps->len, ==, 4);
  g_assert_cmpint (create_patient_ok (store, "Next", NULL), ==, 3);
}

static void
on_notify_healthy (GObject    *object,
                   GParamSpec *pspec,
                   gboolean   *notified)
{
  *notified = TRUE;
}

/* Nobody appends after the lock goes: the store retries by itself. */
static void
test_auto_retry (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlarmLogEntry) entry = simple_entry (T0_US, "retried");
  gboolean notified = FALSE;
  gint64 deadline;
  sqlite3 *other;
  gint64 session;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  g_signal_connect (store, "notify::healthy", G_CALLBACK (on_notify_healthy), &notified);

  other = lock_database (fixture->path);
  g_assert_false (vigil_store_append_alarm (store, session, entry, &error));
  g_clear_error (&error);
  g_assert_true (notified);
  notified = FALSE;
  unlock_database (other);

  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!vigil_store_is_healthy (store) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (vigil_store_is_healthy (store));
  g_assert_true (notified);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  assert_sqlite3 (fixture->path, "SELECT message FROM alarm_log", "retried\n");
}

/* Vitals (schema version 3) */

static VigilObservation
make_vital (VigilParameter parameter,
            gint64         wall_us,
            double         value)
{
  VigilObservation o;

  vigil_observation_init (&o, parameter);
  o.value = value;
  o.quality = isnan (value) ? VIGIL_QUALITY_SENSOR_OFF : VIGIL_QUALITY_VALID;
  o.host_wall_us = wall_us;
  o.host_monotonic_us = wall_us - T0_US;
  return o;
}

static void
append_vital_ok (VigilStore             *store,
                 gint64                  session,
                 const VigilObservation *o)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_append_vital (store, session, o, &error));
  g_assert_no_error (error);
}

static void
assert_vital (const VigilStoreVital *v,
              gint64                 session,
              VigilParameter         parameter,
              gint64                 wall_us,
              double                 value,
              double                 diastolic,
              double                 mean)
{
  g_assert_cmpint (v->session_id, ==, session);
  g_assert_cmpint (v->parameter, ==, parameter);
  g_assert_cmpint (v->wall_us, ==, wall_us);
  assert_same_double (v->value, value);
  assert_same_double (v->diastolic, diastolic);
  assert_same_double (v->mean, mean);
}

/* The four vitals used below: HR with a device time, SpO2 absent, an NIBP
 * reading that was 1.5 s old when it arrived, a pulse rate. */
static void
append_four_vitals (VigilStore *store,
                    gint64      session)
{
  VigilObservation hr = make_vital (VIGIL_PARAMETER_HR, T0_US + 1000000, 72);
  VigilObservation spo2 = make_vital (VIGIL_PARAMETER_SPO2, T0_US + 1000000, NAN);
  VigilObservation nibp = make_vital (VIGIL_PARAMETER_NIBP, T0_US + 3000000, 121);
  VigilObservation pr = make_vital (VIGIL_PARAMETER_PULSE_RATE, T0_US + 2000000, 71);

  hr.device_time_us = 555000;
  nibp.diastolic = 79;
  nibp.mean = 93;
  nibp.age_us = 1500000;
  append_vital_ok (store, session, &hr);
  append_vital_ok (store, session, &spo2);
  append_vital_ok (store, session, &nibp);
  append_vital_ok (store, session, &pr);
}

static void
assert_four_vitals (GArray *vitals,
                    gint64  session)
{
  g_assert_cmpuint (vitals->len, ==, 4);
  /* In time order: NIBP is dated when measured, 1.5 s before it arrived. */
  assert_vital (&g_array_index (vitals, VigilStoreVital, 0), session, VIGIL_PARAMETER_HR,
                T0_US + 1000000, 72, NAN, NAN);
  g_assert_cmpint (g_array_index (vitals, VigilStoreVital, 0).device_time_us, ==, 555000);
  g_assert_cmpuint (g_array_index (vitals, VigilStoreVital, 0).quality, ==, VIGIL_QUALITY_VALID);
  assert_vital (&g_array_index (vitals, VigilStoreVital, 1), session, VIGIL_PARAMETER_SPO2,
                T0_US + 1000000, NAN, NAN, NAN);
  g_assert_cmpuint (g_array_index (vitals, VigilStoreVital, 1).quality, ==, VIGIL_QUALITY_SENSOR_OFF);
  assert_vital (&g_array_index (vitals, VigilStoreVital, 2), session, VIGIL_PARAMETER_NIBP,
                T0_US + 1500000, 121, 79, 93);
  assert_vital (&g_array_index (vitals, VigilStoreVital, 3), session, VIGIL_PARAMETER_PULSE_RATE,
                T0_US + 2000000, 71, NAN, NAN);
}

static void
test_vitals (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GArray) vitals = NULL;
  gint64 session;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  append_four_vitals (store, session);

  /* Buffered: not on disk yet, but listed. */
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 0);
  g_assert_true (vigil_store_is_healthy (store));
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  vitals = vigil_store_list_vitals (store, session, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  assert_four_vitals (vitals, session);
  g_clear_pointer (&vitals, g_array_unref);

  g_assert_true (vigil_store_flush_vitals (store, &error));
  g_assert_no_error (error);

  /* As another program sees them: absent values are NULL, never 0. */
  assert_sqlite3 (fixture->path,
                  "SELECT session_id, wall_us - 1700000000000000, device_time_us, parameter,"
                  " value, diastolic, mean, quality FROM vitals ORDER BY id",
                  "1|1000000|555000|hr|72.0|NULL|NULL|1\n"
                  "1|1000000|NULL|spo2|NULL|NULL|NULL|4\n"
                  "1|1500000|NULL|nibp|121.0|79.0|93.0|1\n"
                  "1|2000000|NULL|pr|71.0|NULL|NULL|1\n");
  vitals = vigil_store_list_vitals (store, session, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  assert_four_vitals (vitals, session);
  g_clear_pointer (&vitals, g_array_unref);

  /* A time window: from inclusive, until exclusive. */
  vitals = vigil_store_list_vitals (store, session, T0_US + 1500000, T0_US + 2000000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vitals->len, ==, 1);
  g_assert_cmpint (g_array_index (vitals, VigilStoreVital, 0).parameter, ==, VIGIL_PARAMETER_NIBP);
  g_clear_pointer (&vitals, g_array_unref);

  /* The caller's mistakes are refused, not kept. */
  {
    VigilObservation bad = make_vital (VIGIL_PARAMETER_HR, T0_US, 60);

    g_assert_false (vigil_store_append_vital (store, session + 7, &bad, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
    bad.parameter = VIGIL_N_PARAMETERS;
    g_assert_false (vigil_store_append_vital (store, session, &bad, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  vitals = vigil_store_list_vitals (store, session + 7, 0, G_MAXINT64, &error);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_assert_null (vitals);
  g_clear_error (&error);
  g_assert_true (vigil_store_flush_vitals (store, &error));
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 4);

  /* An earlier run's session reads back the same. */
  g_clear_object (&store);
  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  vitals = vigil_store_list_vitals (store, session, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  assert_four_vitals (vitals, session);
}

/* Polls the file from outside while the main loop runs, until @n vitals
 * are on disk; returns how long that took. Every count seen is 0 or @n:
 * a batch is one transaction. */
static gint64
wait_for_vitals (const char *path,
                 gint64      n)
{
  gint64 start = g_get_monotonic_time ();

  for (;;)
    {
      gint64 seen = count_rows (path, "SELECT count(*) FROM vitals");

      if (seen == n)
        return g_get_monotonic_time () - start;
      g_assert_cmpint (seen, ==, 0);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

/* Real time: the timer is the store's own main-loop source. */
static void
test_vitals_batching (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  gint64 session, waited, before_alarm;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);

  /* One second of six parameters lands within a second, all at once. */
  for (guint i = 0; i < 6; i++)
    {
      VigilObservation o = make_vital (i % VIGIL_N_PARAMETERS, T0_US + i, 60 + i);

      append_vital_ok (store, session, &o);
    }
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 0);
  waited = wait_for_vitals (fixture->path, 6);
  g_test_message ("6 vitals on disk after %.0f ms", waited / 1000.0);
  g_assert_cmpint (waited, <=, G_USEC_PER_SEC);

  /* An alarm takes the buffered vitals with it, before it, in its own
   * transaction. */
  {
    VigilObservation o = make_vital (VIGIL_PARAMETER_SPO2, T0_US + 10, 87);

    append_vital_ok (store, session, &o);
  }
  before_alarm = count_rows (fixture->path, "SELECT count(*) FROM vitals");
  g_assert_cmpint (before_alarm, ==, 6);
  append_ok (store, session, simple_entry (T0_US + 11, "SpO2 low"));
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 7);

  /* A large buffer (the main loop did not run) is written at once. */
  for (guint i = 0; i < 720; i++)
    {
      VigilObservation o = make_vital (VIGIL_PARAMETER_HR, T0_US + 100 + i, 70);

      append_vital_ok (store, session, &o);
    }
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 727);

  /* end_session writes them, and so does closing. */
  {
    VigilObservation o = make_vital (VIGIL_PARAMETER_HR, T0_US + 900, 71);

    append_vital_ok (store, session, &o);
  }
  g_assert_true (vigil_store_end_session (store, session, T0_US + 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 728);

  session = vigil_store_begin_session (store, T0_US + 2000, FALSE, NULL);
  {
    VigilObservation o = make_vital (VIGIL_PARAMETER_HR, T0_US + 2001, 72);

    append_vital_ok (store, session, &o);
  }
  g_clear_object (&store);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 729);
  assert_sqlite3 (fixture->path, "PRAGMA integrity_check", "ok\n");
}

/* A lock: the batch stays queued with the other records, in order, and
 * everything lands when it goes. */
static void
test_vitals_locked (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GArray) vitals = NULL;
  g_autoptr(VigilStoreSessionSummary) summary = NULL;
  sqlite3 *other;
  gint64 session;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  {
    VigilObservation o = make_vital (VIGIL_PARAMETER_HR, T0_US + 1, 70);

    append_vital_ok (store, session, &o);
    g_assert_true (vigil_store_flush_vitals (store, &error));
  }

  other = lock_database (fixture->path);
  append_four_vitals (store, session);
  g_assert_false (vigil_store_flush_vitals (store, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (vigil_store_is_healthy (store));
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 4);

  /* While unhealthy, append says so and keeps the row. */
  {
    VigilObservation o = make_vital (VIGIL_PARAMETER_HR, T0_US + 2500000, 75);

    g_assert_false (vigil_store_append_vital (store, session, &o, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_BUSY);
    g_clear_error (&error);
  }
  {
    g_autoptr(VigilAlarmLogEntry) e = simple_entry (T0_US + 2600000, "while locked");

    g_assert_false (vigil_store_append_alarm (store, session, e, &error));
    g_clear_error (&error);
  }
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 6);

  /* Everything is listed. */
  vitals = vigil_store_list_vitals (store, session, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vitals->len, ==, 6);
  g_assert_cmpint (g_array_index (vitals, VigilStoreVital, 0).wall_us, ==, T0_US + 1);
  g_assert_cmpint (g_array_index (vitals, VigilStoreVital, 5).wall_us, ==, T0_US + 2500000);
  g_assert_true (vigil_store_get_session (store, session, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary->last_vital_us, ==, T0_US + 2500000);
  g_assert_cmpuint (summary->n_alarms, ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 1);

  unlock_database (other);
  g_assert_true (vigil_store_retry_pending (store, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_is_healthy (store));
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 0);
  assert_sqlite3 (fixture->path, "SELECT parameter, wall_us - 1700000000000000 FROM vitals ORDER BY id",
                  "hr|1\nhr|1000000\nspo2|1000000\nnibp|1500000\npr|2000000\nhr|2500000\n");
  assert_sqlite3 (fixture->path, "SELECT message FROM alarm_log", "while locked\n");
}

/* Schema version 2 exactly as it was released (never edit). */
static const char v2_sql[] =
  "ALTER TABLE monitoring_sessions ADD COLUMN sound_self_test TEXT\n"
  "  CHECK (sound_self_test IN ('passed', 'failed'));\n"
  "ALTER TABLE monitoring_sessions ADD COLUMN sound_output TEXT;\n"
  "CREATE TABLE patients (\n"
  "  id                      INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  name                    TEXT NOT NULL CHECK (length(trim(name)) > 0),\n"
  "  clinic_id               TEXT CHECK (length(trim(clinic_id)) > 0),\n"
  "  date_of_birth           TEXT CHECK (date(date_of_birth, '+0 days') IS date_of_birth),\n"
  "  weight_kg               REAL CHECK (weight_kg > 0 AND weight_kg < 700),\n"
  "  mental_health_provider  TEXT,\n"
  "  created_at_us           INTEGER NOT NULL\n"
  ");\n"
  "CREATE UNIQUE INDEX patients_clinic_id ON patients (clinic_id);\n"
  "CREATE INDEX patients_name ON patients (name);\n"
  "CREATE TABLE treatments (\n"
  "  id                     INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  patient_id             INTEGER NOT NULL REFERENCES patients (id),\n"
  "  monitoring_session_id  INTEGER REFERENCES monitoring_sessions (id),\n"
  "  series_number          INTEGER NOT NULL CHECK (series_number >= 1),\n"
  "  planned_count          INTEGER NOT NULL CHECK (planned_count >= 0),\n"
  "  maintenance            INTEGER NOT NULL CHECK (maintenance IN (0, 1)),\n"
  "  simulated              INTEGER NOT NULL CHECK (simulated IN (0, 1)),\n"
  "  created_at_us          INTEGER NOT NULL,\n"
  "  config                 TEXT\n"
  ");\n"
  "CREATE INDEX treatments_patient ON treatments (patient_id, created_at_us);\n"
  "CREATE INDEX treatments_session ON treatments (monitoring_session_id);\n"
  "CREATE TABLE treatment_steps (\n"
  "  id            INTEGER PRIMARY KEY,\n"
  "  treatment_id  INTEGER NOT NULL REFERENCES treatments (id),\n"
  "  seq           INTEGER NOT NULL CHECK (seq >= 1),\n"
  "  kind          TEXT NOT NULL,\n"
  "  wall_us       INTEGER NOT NULL,\n"
  "  who           TEXT NOT NULL CHECK (length(trim(who)) > 0),\n"
  "  reason        TEXT,\n"
  "  override      INTEGER NOT NULL CHECK (override IN (0, 1)),\n"
  "  UNIQUE (treatment_id, seq)\n"
  ");\n"
  "CREATE TABLE treatment_events (\n"
  "  id            INTEGER PRIMARY KEY,\n"
  "  treatment_id  INTEGER NOT NULL REFERENCES treatments (id),\n"
  "  wall_us       INTEGER NOT NULL,\n"
  "  kind          TEXT NOT NULL,\n"
  "  drug_name     TEXT,\n"
  "  drug_dose     TEXT,\n"
  "  note          TEXT,\n"
  "  who           TEXT NOT NULL CHECK (length(trim(who)) > 0),\n"
  "  CHECK (kind <> 'drug' OR coalesce(length(trim(drug_name)), 0) > 0)\n"
  ");\n"
  "CREATE INDEX treatment_events_treatment ON treatment_events (treatment_id, wall_us);\n"
  "CREATE TABLE treatment_scores (\n"
  "  id            INTEGER PRIMARY KEY,\n"
  "  treatment_id  INTEGER NOT NULL REFERENCES treatments (id),\n"
  "  wall_us       INTEGER NOT NULL,\n"
  "  scale         TEXT NOT NULL,\n"
  "  items         TEXT NOT NULL,\n"
  "  total         INTEGER NOT NULL CHECK (total >= 0),\n"
  "  who           TEXT NOT NULL CHECK (length(trim(who)) > 0)\n"
  ");\n"
  "CREATE INDEX treatment_scores_treatment ON treatment_scores (treatment_id, scale, wall_us);\n"
  "CREATE TABLE checklist_answers (\n"
  "  id            INTEGER PRIMARY KEY,\n"
  "  treatment_id  INTEGER NOT NULL REFERENCES treatments (id),\n"
  "  item_key      TEXT NOT NULL CHECK (length(trim(item_key)) > 0),\n"
  "  value         TEXT NOT NULL,\n"
  "  wall_us       INTEGER NOT NULL,\n"
  "  who           TEXT NOT NULL CHECK (length(trim(who)) > 0)\n"
  ");\n"
  "CREATE INDEX checklist_answers_treatment ON checklist_answers (treatment_id, item_key, wall_us);\n"
  "CREATE TABLE dose_inputs (\n"
  "  id                       INTEGER PRIMARY KEY,\n"
  "  treatment_id             INTEGER NOT NULL REFERENCES treatments (id),\n"
  "  weight_kg                REAL NOT NULL CHECK (weight_kg > 0 AND weight_kg < 700),\n"
  "  dose_mg_per_kg           REAL NOT NULL CHECK (dose_mg_per_kg > 0),\n"
  "  concentration_mg_per_ml  REAL NOT NULL CHECK (concentration_mg_per_ml > 0),\n"
  "  duration_min             REAL NOT NULL CHECK (duration_min > 0),\n"
  "  dose_mg                  REAL NOT NULL CHECK (dose_mg > 0),\n"
  "  volume_ml                REAL NOT NULL CHECK (volume_ml > 0),\n"
  "  rate_ml_per_h            REAL NOT NULL CHECK (rate_ml_per_h > 0),\n"
  "  confirmed_by             TEXT NOT NULL CHECK (length(trim(confirmed_by)) > 0),\n"
  "  wall_us                  INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX dose_inputs_treatment ON dose_inputs (treatment_id, wall_us);\n"
  "INSERT INTO schema_version VALUES (2, 1695000000000000, '0.2.0',"
  " 'sound self-test of a session; patients, treatments and their records');\n"
  "PRAGMA user_version = 2;\n";

static const char *v2_tables[] = {
  "monitoring_sessions", "alarm_log", "patients", "treatments", "treatment_steps",
  "treatment_events", "treatment_scores", "checklist_answers", "dose_inputs",
};

/* A file at version 2 (built from the released SQL of 1 and 2), with a
 * patient's treatment and each of its records, migrates to 4. */
static void
test_migrate_from_v2 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilStore) fresh = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GArray) vitals = NULL;
  g_autofree char *fresh_path = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autofree char *migrated_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  char *before[G_N_ELEMENTS (v2_tables)];
  sqlite3 *db = NULL;

  make_v1_file (fixture->path);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v2_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE monitoring_sessions SET sound_self_test = 'passed', sound_output = 'Speakers' WHERE id = 2;"
                                 "INSERT INTO patients VALUES (1, 'Zoë Ñúñez, \"Z\"', 'MRN-7', '1975-05-05', 64.0, NULL, 1700000000004500);"
                                 "INSERT INTO treatments VALUES (1, 1, 2, 3, 6, 0, 0, 1700000000004600, 'infusion_min=40');"
                                 "INSERT INTO treatment_steps VALUES (1, 1, 1, 'start-infusion', 1700000000004700, 'Nurse Ana', NULL, 0);"
                                 "INSERT INTO treatment_events VALUES (1, 1, 1700000000004800, 'drug', 'ondansetron', '4 mg', NULL, 'Nurse Ana');"
                                 "INSERT INTO treatment_scores VALUES (1, 1, 1700000000004550, 'phq9', '2,2,2,2,2,2,2,1,1', 16, 'Nurse Ana');"
                                 "INSERT INTO checklist_answers VALUES (1, 1, 'consent', 'yes', 1700000000004560, 'Nurse Ana');"
                                 "INSERT INTO dose_inputs VALUES (1, 1, 64, 0.5, 1, 40, 32, 32, 48, 'Dr. O''Brien', 1700000000004570);"
                                 "INSERT INTO alarm_log VALUES (4, 2, 1700000000005500, 'start', 'A5', 'hr-low', 'medium', 45, 50, NULL, '!! HR 45 < 50', NULL);"
                                 "COMMIT;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_sqlite3 (fixture->path, "PRAGMA user_version", "2\n");
  for (guint i = 0; i < G_N_ELEMENTS (v2_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", v2_tables[i]);

      before[i] = run_sqlite3 (fixture->path, sql);
    }

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_store_get_moved_aside_path (store));
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, 4);
  assert_sqlite3 (fixture->path, "PRAGMA user_version", "4\n");
  assert_sqlite3 (fixture->path, "SELECT version, app_version FROM schema_version ORDER BY version",
                  "1|0.1.0\n2|0.2.0\n3|" VIGIL_VERSION "\n4|" VIGIL_VERSION "\n");

  /* Every row as it was. */
  for (guint i = 0; i < G_N_ELEMENTS (v2_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", v2_tables[i]);
      g_autofree char *after = run_sqlite3 (fixture->path, sql);

      g_assert_cmpstr (after, ==, before[i]);
      g_free (before[i]);
    }
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM vitals"), ==, 0);

  /* The same schema as a new file. */
  fresh = vigil_store_open (fresh_path, &error);
  g_assert_no_error (error);
  migrated_schema = run_sqlite3 (fixture->path, ".schema");
  fresh_schema = run_sqlite3 (fresh_path, ".schema");
  g_assert_cmpstr (migrated_schema, ==, fresh_schema);
  assert_sqlite3 (fixture->path, "PRAGMA integrity_check", "ok\n");
  assert_sqlite3 (fixture->path, "PRAGMA foreign_key_check", "");

  /* The old sessions through the new reads. */
  sessions = vigil_store_list_sessions (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  {
    VigilStoreSessionSummary *s = g_ptr_array_index (sessions, 0);

    g_assert_cmpint (s->session_id, ==, 2);
    g_assert_cmpint (s->treatment_id, ==, 1);
    g_assert_cmpint (s->patient_id, ==, 1);
    g_assert_cmpstr (s->patient_name, ==, "Zoë Ñúñez, \"Z\"");
    g_assert_cmpuint (s->series_number, ==, 3);
    g_assert_cmpuint (s->planned_count, ==, 6);
    g_assert_cmpuint (s->n_alarms, ==, 1);
    g_assert_cmpint (s->phq9, ==, 16);
    g_assert_cmpint (s->ended_at_us, ==, 0);
  }
  vitals = vigil_store_list_vitals (store, 2, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vitals->len, ==, 0);

  /* And it works on. */
  {
    gint64 session = vigil_store_begin_session (store, T0_US + 9000, FALSE, NULL);
    VigilObservation o = make_vital (VIGIL_PARAMETER_HR, T0_US + 9001, 66);

    g_assert_cmpint (session, ==, 3);
    append_vital_ok (store, session, &o);
    g_assert_true (vigil_store_flush_vitals (store, &error));
    g_assert_no_error (error);
    assert_sqlite3 (fixture->path, "SELECT session_id, parameter, value FROM vitals", "3|hr|66.0\n");
  }
}

/* Schema version 3 exactly as it was released (never edit). */
static const char v3_sql[] =
  "CREATE TABLE vitals (\n"
  "  id              INTEGER PRIMARY KEY,\n"
  "  session_id      INTEGER NOT NULL REFERENCES monitoring_sessions (id),\n"
  "  wall_us         INTEGER NOT NULL,\n"
  "  device_time_us  INTEGER,\n"
  "  parameter       TEXT NOT NULL,\n"
  "  value           REAL,\n"
  "  diastolic       REAL,\n"
  "  mean            REAL,\n"
  "  quality         INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX vitals_session ON vitals (session_id, wall_us);\n"
  "INSERT INTO schema_version VALUES (3, 1698000000000000, '0.3.0', 'vitals');\n"
  "PRAGMA user_version = 3;\n";

/* A file at version 3 (built from the released SQL of 1, 2 and 3), with
 * sessions, alarms, a treatment and vitals, migrates to 4: every row as it
 * was, the staff list and the audit log empty and working. */
static void
test_migrate_from_v3 (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char *tables[] = {
    "monitoring_sessions", "alarm_log", "patients", "treatments", "treatment_steps", "vitals",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilStore) fresh = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GArray) vitals = NULL;
  g_autofree char *fresh_path = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autofree char *migrated_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  char *before[G_N_ELEMENTS (tables)];
  sqlite3 *db = NULL;
  gint64 id;

  make_v1_file (fixture->path);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v2_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v3_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO patients VALUES (1, 'Zoë', NULL, NULL, NULL, NULL, 1700000000004500);"
                                 "INSERT INTO treatments VALUES (1, 1, 2, 1, 6, 0, 0, 1700000000004600, NULL);"
                                 "INSERT INTO treatment_steps VALUES (1, 1, 1, 'start-infusion', 1700000000004700, 'Nurse Ana', NULL, 0);"
                                 "INSERT INTO vitals VALUES (1, 2, 1700000000004800, NULL, 'spo2', 97, NULL, NULL, 1);"
                                 "INSERT INTO vitals VALUES (2, 2, 1700000000004900, 1700000000004000, 'nibp', 120, 80, 93, 1);"
                                 "COMMIT;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_sqlite3 (fixture->path, "PRAGMA user_version", "3\n");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", tables[i]);

      before[i] = run_sqlite3 (fixture->path, sql);
    }

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_store_get_moved_aside_path (store));
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, 4);
  assert_sqlite3 (fixture->path, "PRAGMA user_version", "4\n");
  assert_sqlite3 (fixture->path, "SELECT version, app_version FROM schema_version ORDER BY version",
                  "1|0.1.0\n2|0.2.0\n3|0.3.0\n4|" VIGIL_VERSION "\n");

  /* Every row as it was; the new tables empty. */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", tables[i]);
      g_autofree char *after = run_sqlite3 (fixture->path, sql);

      g_assert_cmpstr (after, ==, before[i]);
      g_free (before[i]);
    }
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM staff"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM audit_log"), ==, 0);
  vitals = vigil_store_list_vitals (store, 2, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vitals->len, ==, 2);

  /* The same schema as a new file. */
  fresh = vigil_store_open (fresh_path, &error);
  g_assert_no_error (error);
  migrated_schema = run_sqlite3 (fixture->path, ".schema");
  fresh_schema = run_sqlite3 (fresh_path, ".schema");
  g_assert_cmpstr (migrated_schema, ==, fresh_schema);
  assert_sqlite3 (fixture->path, "PRAGMA integrity_check", "ok\n");
  assert_sqlite3 (fixture->path, "PRAGMA foreign_key_check", "");

  /* And it works on: a person, an audit line. */
  {
    VigilStoreStaff s = { 0, (char *) "Ana", (char *) "admin",
                          (char *) "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaA", T0_US, 0 };
    VigilStoreAuditEntry a = { 0, T0_US, 0, NULL, NULL, (char *) "staff-added", (char *) "Ana (admin)" };

    id = vigil_store_add_staff (store, &s, &a, &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, ==, 1);
  }
  staff = vigil_store_list_staff (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 1);
  audit = vigil_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  assert_sqlite3 (fixture->path, "SELECT name, role, removed_us FROM staff", "Ana|admin|NULL\n");
  assert_sqlite3 (fixture->path, "SELECT person_id, action, detail FROM audit_log",
                  "NULL|staff-added|Ana (admin)\n");
}

/* Staff and audit lines through the store: what it refuses before
 * writing (the twins of the CHECKs), and that roster changes are atomic
 * with their audit line. */
static void
test_staff_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilStoreStaff) got = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  const char *hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaA";
  VigilStoreStaff ana = { 0, (char *) "Ana", (char *) "admin", (char *) hash, T0_US, 0 };
  VigilStoreAuditEntry line = { 0, T0_US, 0, NULL, NULL, (char *) "staff-added", NULL };
  gint64 id;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);

  /* Refused before writing: a clear PIN, a blank or long name, no role,
   * a blank action, a person id without a name. */
  {
    VigilStoreStaff bad = ana;

    bad.pin_hash = (char *) "73914052";
    g_assert_cmpint (vigil_store_add_staff (store, &bad, NULL, &error), ==, 0);
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
    bad = ana;
    bad.name = (char *) "  ";
    g_assert_cmpint (vigil_store_add_staff (store, &bad, NULL, &error), ==, 0);
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
    bad = ana;
    bad.name = (char *) "12345678901234567890123456789012345678901234567890123456789012345";
    g_assert_cmpint (vigil_store_add_staff (store, &bad, NULL, &error), ==, 0);
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
    bad = ana;
    bad.role = NULL;
    g_assert_cmpint (vigil_store_add_staff (store, &bad, NULL, &error), ==, 0);
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    VigilStoreAuditEntry bad = line;

    bad.action = (char *) " ";
    g_assert_false (vigil_store_append_audit (store, &bad, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
    bad = line;
    bad.person_id = 3;
    g_assert_false (vigil_store_append_audit (store, &bad, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM staff"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM audit_log"), ==, 0);
  g_assert_true (vigil_store_is_healthy (store));

  id = vigil_store_add_staff (store, &ana, &line, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 1);

  /* The same name in another case, while Ana is active: refused by the
   * file's unique index, and the audit line of the attempt rolled back
   * with it. */
  {
    VigilStoreStaff twin = ana;

    twin.name = (char *) "ANA";
    g_assert_cmpint (vigil_store_add_staff (store, &twin, &line, &error), ==, 0);
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM audit_log"), ==, 1);
  g_assert_true (vigil_store_is_healthy (store));

  /* Updates: only an active person, only what is given. */
  g_assert_true (vigil_store_update_staff (store, id, "nurse", NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_get_staff (store, id, &got, &error));
  g_assert_cmpstr (got->role, ==, "nurse");
  g_assert_cmpstr (got->pin_hash, ==, hash);
  g_assert_cmpint (got->removed_us, ==, 0);
  g_clear_pointer (&got, vigil_store_staff_free);
  g_assert_true (vigil_store_update_staff (store, id, NULL, NULL, T0_US + 5, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_store_update_staff (store, id, "admin", NULL, 0, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_store_update_staff (store, 42, "admin", NULL, 0, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_store_get_staff (store, 42, &got, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_sqlite3 (fixture->path, "SELECT id, name, role, removed_us - 1700000000000000 FROM staff",
                  "1|Ana|nurse|5\n");

  /* Removed, her name is free again; the old row stays. */
  id = vigil_store_add_staff (store, &ana, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 2);

  /* Audit lines: newest first, ties the later written first. */
  for (guint i = 0; i < 3; i++)
    {
      VigilStoreAuditEntry a = { 0, T0_US + (i == 2 ? 1 : 2), 2, (char *) "Ana", (char *) "admin",
                                 (char *) (i == 0 ? "first" : i == 1 ? "second" : "earlier"), NULL };

      g_assert_true (vigil_store_append_audit (store, &a, &error));
      g_assert_no_error (error);
    }
  audit = vigil_store_list_audit (store, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 3);
  g_assert_cmpstr (((VigilStoreAuditEntry *) g_ptr_array_index (audit, 0))->action, ==, "second");
  g_assert_cmpstr (((VigilStoreAuditEntry *) g_ptr_array_index (audit, 1))->action, ==, "first");
  g_assert_cmpstr (((VigilStoreAuditEntry *) g_ptr_array_index (audit, 2))->action, ==, "earlier");
}

static void
add_score_ok (VigilStore      *store,
              gint64           treatment,
              VigilStoreScale  scale,
              gint64           wall_us,
              const char      *items,
              int              total)
{
  g_autoptr(GError) error = NULL;
  VigilStoreScore score = { 0, treatment, wall_us, scale, (char *) items, total, (char *) "Nurse Ana" };

  g_assert_true (vigil_store_append_score (store, &score, &error));
  g_assert_no_error (error);
}

static void
check_history (VigilStore *store,
               gint64      ada,
               gint64      ben,
               gint64      s1,
               gint64      s2,
               gint64      s3,
               gint64      t1,
               gint64      t3)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_ada = NULL;
  g_autoptr(VigilStoreSessionSummary) s = NULL;
  VigilStoreSessionSummary *row;

  all = vigil_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  /* Newest first. */
  g_assert_cmpint (((VigilStoreSessionSummary *) g_ptr_array_index (all, 0))->session_id, ==, s3);
  g_assert_cmpint (((VigilStoreSessionSummary *) g_ptr_array_index (all, 1))->session_id, ==, s2);
  g_assert_cmpint (((VigilStoreSessionSummary *) g_ptr_array_index (all, 2))->session_id, ==, s1);

  row = g_ptr_array_index (all, 0);
  g_assert_cmpint (row->treatment_id, ==, t3);
  g_assert_cmpint (row->patient_id, ==, ben);
  g_assert_cmpstr (row->patient_name, ==, "Ben");
  g_assert_cmpuint (row->series_number, ==, 7);
  g_assert_true (row->maintenance);
  g_assert_cmpint (row->phq9, ==, -1);
  g_assert_cmpuint (row->n_alarms, ==, 1);
  g_assert_cmpint (row->ended_at_us, ==, 0);

  row = g_ptr_array_index (all, 1);
  g_assert_true (row->simulated);
  g_assert_cmpstr (row->scenario, ==, "desaturation");
  g_assert_cmpint (row->treatment_id, ==, 0);
  g_assert_cmpint (row->patient_id, ==, 0);
  g_assert_null (row->patient_name);
  g_assert_cmpuint (row->series_number, ==, 0);
  g_assert_cmpuint (row->n_alarms, ==, 0);
  g_assert_cmpint (row->phq9, ==, -1);
  g_assert_cmpint (row->last_vital_us, ==, 0);

  of_ada = vigil_store_list_sessions (store, ada, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_ada->len, ==, 1);

  g_assert_true (vigil_store_get_session (store, s1, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpint (s->session_id, ==, s1);
  g_assert_cmpint (s->started_at_us, ==, T0_US);
  g_assert_cmpint (s->ended_at_us, ==, T0_US + 3600000000);
  g_assert_false (s->simulated);
  g_assert_null (s->scenario);
  g_assert_cmpint (s->treatment_id, ==, t1);
  g_assert_cmpint (s->patient_id, ==, ada);
  g_assert_cmpstr (s->patient_name, ==, "Ada");
  g_assert_cmpuint (s->series_number, ==, 2);
  g_assert_cmpuint (s->planned_count, ==, 6);
  g_assert_false (s->maintenance);
  g_assert_cmpuint (s->n_alarms, ==, 2);       /* two starts; the acknowledge is not one */
  g_assert_cmpint (s->phq9, ==, 12);           /* the latest of 18, 12 */
  g_assert_cmpint (s->last_vital_us, ==, T0_US + 3000000);

  g_assert_cmpint (vigil_store_find_session_treatment (store, s1, &error), ==, t1);
  g_assert_cmpint (vigil_store_find_session_treatment (store, s2, &error), ==, 0);
  g_assert_no_error (error);

  g_clear_pointer (&s, vigil_store_session_summary_free);
  g_assert_false (vigil_store_get_session (store, 999, &s, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_assert_null (s);
}

static void
test_list_sessions (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  gint64 ada, ben, s1, s2, s3, t1, t3;

  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  ada = create_patient_ok (store, "Ada", "MRN-A");
  ben = create_patient_ok (store, "Ben", "MRN-B");

  s1 = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  t1 = vigil_store_create_treatment (store, ada, s1, 2, 6, FALSE, FALSE, NULL, T0_US + 1, &error);
  g_assert_no_error (error);
  add_score_ok (store, t1, VIGIL_STORE_SCALE_PHQ9, T0_US + 2, "2,2,2,2,2,2,2,2,2", 18);
  add_score_ok (store, t1, VIGIL_STORE_SCALE_MOAAS, T0_US + 3, "5", 5);
  add_score_ok (store, t1, VIGIL_STORE_SCALE_PHQ9, T0_US + 4, "2,2,2,2,1,1,1,1,0", 12);
  append_ok (store, s1, simple_entry (T0_US + 10, "one"));
  append_ok (store, s1, make_entry (VIGIL_ALARM_LOG_ACKNOWLEDGE, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_PRIORITY_MEDIUM,
                                    T0_US + 11, NAN, NAN, NAN, NULL, "Nurse Ana"));
  append_ok (store, s1, simple_entry (T0_US + 12, "two"));
  append_four_vitals (store, s1);
  {
    VigilObservation o = make_vital (VIGIL_PARAMETER_HR, T0_US + 3000000, 80);

    append_vital_ok (store, s1, &o);
  }
  g_assert_true (vigil_store_end_session (store, s1, T0_US + 3600000000, &error));
  g_assert_no_error (error);

  s2 = vigil_store_begin_session (store, T0_US + 4000000000, TRUE, "desaturation");
  g_assert_true (vigil_store_end_session (store, s2, T0_US + 4100000000, &error));

  s3 = vigil_store_begin_session (store, T0_US + 5000000000, FALSE, NULL);
  t3 = vigil_store_create_treatment (store, ben, s3, 7, 6, TRUE, FALSE, NULL, T0_US + 5000000001, &error);
  g_assert_no_error (error);
  append_ok (store, s3, simple_entry (T0_US + 5000000010, "three"));

  check_history (store, ada, ben, s1, s2, s3, t1, t3);

  /* The same from an earlier run's file. */
  g_clear_object (&store);
  store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  check_history (store, ada, ben, s1, s2, s3, t1, t3);
}

/* Failures: a full disk and a read-only disk, for real */

/* Runs @body in a child with its own mount namespace and a small tmpfs at
 * @dir: nothing outlives the child. 77 from the child means "cannot mount
 * here" and skips the test. */
static void
run_in_tmpfs (const char *size,
              int       (*body) (const char *dir))
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-store-mnt-XXXXXX", &error);
  int status = 0;
  pid_t pid;

  g_assert_no_error (error);
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);

      if (unshare (CLONE_NEWNS) != 0 ||
          mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
          mount ("vigil-test", dir, "tmpfs", 0, options) != 0)
        {
          g_printerr ("cannot mount a tmpfs here: %s\n", g_strerror (errno));
          _exit (77);
        }
      _exit (body (dir));
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_rmdir (dir);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip ("mounting a tmpfs is not permitted here");
      return;
    }
  if (WIFSIGNALED (status))
    g_error ("the tmpfs child died of signal %d", WTERMSIG (status));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static int
disk_full_body (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  char block[4096];
  gint64 session, treatment;
  int fd;

  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  append_ok (store, session, simple_entry (T0_US + 1, "before"));
  treatment = vigil_store_create_treatment (store, create_patient_ok (store, "Ada", NULL), session,
                                            1, 6, FALSE, FALSE, NULL, T0_US, &error);
  g_assert_no_error (error);
  append_step_ok (store, treatment, VIGIL_TREATMENT_STEP_START_INFUSION, T0_US + 2, "Ana", NULL, FALSE);
  for (guint i = 0; i < 2; i++)
    {
      VigilObservation o = make_vital (VIGIL_PARAMETER_SPO2, T0_US + 3 + i, 98);

      append_vital_ok (store, session, &o);
    }
  g_assert_true (vigil_store_flush_vitals (store, &error));
  g_assert_no_error (error);

  /* Fill the disk to the last byte. */
  memset (block, 'x', sizeof block);
  fd = open (filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  for (;;)
    {
      ssize_t n = write (fd, block, sizeof block);

      if (n < 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          break;
        }
    }
  close (fd);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *message = g_strdup_printf ("while full %u", i);
      g_autoptr(VigilAlarmLogEntry) e = simple_entry (T0_US + 10 + i, message);

      g_assert_false (vigil_store_append_alarm (store, session, e, &error));
      g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FULL);
      if (i == 0)
        g_printerr ("disk full: %s\n", error->message);
      g_clear_error (&error);
      g_assert_cmpuint (vigil_store_get_pending_count (store), ==, i + 1);
      g_assert_false (vigil_store_is_healthy (store));
    }
  /* A pause while the disk is full: kept, and listed. */
  g_assert_false (append_step (store, treatment, VIGIL_TREATMENT_STEP_PAUSE, T0_US + 15, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 4);
  /* Vitals while the disk is full: kept in order with the rest, listed. */
  for (guint i = 0; i < 3; i++)
    {
      VigilObservation o = make_vital (VIGIL_PARAMETER_SPO2, T0_US + 16 + i, 90 - i);

      g_assert_false (vigil_store_append_vital (store, session, &o, &error));
      g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FULL);
      g_clear_error (&error);
    }
  g_assert_false (vigil_store_flush_vitals (store, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_store_get_pending_count (store), ==, 7);
  {
    g_autoptr(GArray) vitals = vigil_store_list_vitals (store, session, 0, G_MAXINT64, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (vitals->len, ==, 5);
  }
  {
    g_autoptr(GPtrArray) steps = vigil_store_list_treatment_steps (store, treatment, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (steps->len, ==, 2);
  }
  list = vigil_store_list_alarms (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);

  /* Space again: everything lands, in order. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (vigil_store_retry_pending (store, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_is_healthy (store));
  append_ok (store, session, simple_entry (T0_US + 20, "after"));
  g_assert_true (vigil_store_check_integrity (store, &error));
  g_assert_no_error (error);
  assert_sqlite3 (path, "SELECT message FROM alarm_log ORDER BY id",
                  "before\nwhile full 0\nwhile full 1\nwhile full 2\nafter\n");
  assert_sqlite3 (path, "SELECT seq, kind FROM treatment_steps ORDER BY id",
                  "1|start-infusion\n2|pause\n");
  assert_sqlite3 (path, "SELECT wall_us - 1700000000000000, value FROM vitals ORDER BY id",
                  "3|98.0\n4|98.0\n16|90.0\n17|89.0\n18|88.0\n");
  return 0;
}

static void
test_disk_full (void)
{
  run_in_tmpfs ("1m", disk_full_body);
}

static int
read_only_body (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "new", "vigil.db", NULL);
  gint64 session;

  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  append_ok (store, session, simple_entry (T0_US, "kept"));
  /* Still buffered: closing writes them. */
  for (guint i = 0; i < 3; i++)
    {
      VigilObservation o = make_vital (VIGIL_PARAMETER_HR, T0_US + 1 + i, 60 + i);

      append_vital_ok (store, session, &o);
    }
  g_clear_object (&store);

  /* Root ignores file modes, not a read-only mount. */
  if (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0)
    {
      g_printerr ("cannot remount read-only: %s\n", g_strerror (errno));
      return 77;
    }

  store = vigil_store_open (path, &error);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY);
  g_printerr ("read-only file: %s\n", error->message);
  g_assert_null (store);
  g_clear_error (&error);

  store = vigil_store_open (missing, &error);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY);
  g_printerr ("read-only folder: %s\n", error->message);
  g_assert_null (store);
  g_clear_error (&error);

  /* Nothing was lost or moved (read as immutable: a WAL database on a
   * read-only disk cannot get its -shm file). */
  {
    g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", path);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT message FROM alarm_log", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "kept");
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat(value) FROM vitals", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "60.0,61.0,62.0");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  return 0;
}

static void
test_read_only (void)
{
  run_in_tmpfs ("1m", read_only_body);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-docs/database.md\n", argv[0]);
      return 1;
    }
  doc_path = argv[1];

#define ADD(name, func) \
  g_test_add ("/vigil/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/vigil/store/default-path", test_default_path);
  ADD ("create", test_create);
  ADD ("migrate-from-empty", test_migrate_from_empty);
  ADD ("migrate-from-v1", test_migrate_from_v1);
  ADD ("foreign", test_foreign);
  ADD ("too-new", test_too_new);
  ADD ("not-a-file", test_not_a_file);
  ADD ("corrupt-garbage", test_corrupt_garbage);
  ADD ("corrupt-pages", test_corrupt_pages);
  ADD ("append-list", test_append_list);
  ADD ("invalid", test_invalid);
  ADD ("session-sound", test_session_sound);
  ADD ("patients", test_patients);
  ADD ("treatment-records", test_treatment_records);
  ADD ("step-kinds", test_step_kinds);
  ADD ("treatment-invalid", test_treatment_invalid);
  ADD ("treatment-checks", test_treatment_checks);
  ADD ("find-open-treatment", test_find_open_treatment);
  ADD ("sqlite3-cli", test_sqlite3_cli);
  ADD ("durable", test_durable);
  ADD ("locked", test_locked);
  ADD ("locked-session", test_locked_session);
  ADD ("locked-treatment", test_locked_treatment);
  ADD ("auto-retry", test_auto_retry);
  ADD ("vitals", test_vitals);
  ADD ("vitals-batching", test_vitals_batching);
  ADD ("vitals-locked", test_vitals_locked);
  ADD ("migrate-from-v2", test_migrate_from_v2);
  ADD ("migrate-from-v3", test_migrate_from_v3);
  ADD ("staff-rows", test_staff_rows);
  ADD ("list-sessions", test_list_sessions);
  g_test_add_func ("/vigil/store/disk-full", test_disk_full);
  g_test_add_func ("/vigil/store/read-only", test_read_only);

#undef ADD

  return g_test_run ();
}
