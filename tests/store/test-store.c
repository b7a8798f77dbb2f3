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
  assert_sqlite3 (nested, "PRAGMA user_version", "1\n");
  assert_sqlite3 (nested, "SELECT version, app_version, description FROM schema_version",
                  "1|" VIGIL_VERSION "|monitoring sessions and the alarm log\n");
  g_clear_object (&store);

  /* Reopening runs no migration again. */
  store = vigil_store_open (nested, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, 1);
  g_assert_cmpint (count_rows (nested, "SELECT count(*) FROM schema_version"), ==, 1);
  g_assert_true (vigil_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

/* Every earlier version migrates forward: today the only earlier version
 * is 0, an empty file (as a crash right after creating it leaves). */
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
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, 1);
  g_assert_null (vigil_store_get_moved_aside_path (store));
  assert_sqlite3 (fixture->path,
                  "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                  "alarm_log\nmonitoring_sessions\nschema_version\nsqlite_sequence\n");
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
                                 "INSERT INTO schema_version VALUES (2, 0, '9.0', 'from the future')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = vigil_store_open (fixture->path, &error);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_test_message ("%s", error->message);
  g_assert_cmpint (count_rows (fixture->path, "SELECT max(version) FROM schema_version"), ==, 2);
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
  g_assert_cmpint (vigil_store_get_schema_version (store), ==, 1);
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
  g_assert_cmpuint (n_queries, ==, 6);
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
  gint64 session;
  int fd;

  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  session = vigil_store_begin_session (store, T0_US, FALSE, NULL);
  append_ok (store, session, simple_entry (T0_US + 1, "before"));

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
  return 0;
}

static void
test_disk_full (void)
{
  run_in_tmpfs ("256k", disk_full_body);
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
  ADD ("foreign", test_foreign);
  ADD ("too-new", test_too_new);
  ADD ("not-a-file", test_not_a_file);
  ADD ("corrupt-garbage", test_corrupt_garbage);
  ADD ("corrupt-pages", test_corrupt_pages);
  ADD ("append-list", test_append_list);
  ADD ("invalid", test_invalid);
  ADD ("sqlite3-cli", test_sqlite3_cli);
  ADD ("durable", test_durable);
  ADD ("locked", test_locked);
  ADD ("locked-session", test_locked_session);
  ADD ("auto-retry", test_auto_retry);
  g_test_add_func ("/vigil/store/disk-full", test_disk_full);
  g_test_add_func ("/vigil/store/read-only", test_read_only);

#undef ADD

  return g_test_run ();
}
