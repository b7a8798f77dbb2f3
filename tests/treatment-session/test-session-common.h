/* test-session-common.h — shared pieces of the treatment-session tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Header-only (static functions) so each test program compiles its own copy.
 */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-treatment-session.h"

#define WHO_NURSE     "Nurse Ngozi Okafor"
#define WHO_PHYSICIAN "Dr. Lena Brandt"

/* A temporary folder holding one database file. */
typedef struct
{
  char *dir;
  char *path;
} TestDatabase;

G_GNUC_UNUSED static void
test_database_init (TestDatabase *db)
{
  g_autoptr(GError) error = NULL;

  db->dir = g_dir_make_tmp ("vigil-treatment-session-XXXXXX", &error);
  g_assert_no_error (error);
  db->path = g_build_filename (db->dir, "vigil.db", NULL);
}

G_GNUC_UNUSED static void
test_database_clear (TestDatabase *db)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (db->path, suffixes[i], NULL);

      g_remove (file);
    }
  g_assert_cmpint (g_rmdir (db->dir), ==, 0);
  g_clear_pointer (&db->path, g_free);
  g_clear_pointer (&db->dir, g_free);
}

G_GNUC_UNUSED static VigilStore *
test_open_store (const TestDatabase *db)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store = vigil_store_open (db->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

G_GNUC_UNUSED static gint64
test_create_patient (VigilStore *store)
{
  g_autoptr(GError) error = NULL;
  VigilStorePatient patient = { 0, (char *) "Ada Lovelace", (char *) "MRN-1815", (char *) "1985-12-10",
                                72.5, (char *) "Dr. Karen Horney", 0 };
  gint64 id = vigil_store_create_patient (store, &patient, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The database as another program sees it: the first column of the first
 * row of @sql, as an integer. */
G_GNUC_UNUSED static gint64
test_query_int (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

G_GNUC_UNUSED static char *
test_query_text (const char *path,
                 const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* An ISO 8601 time @ago_us before the clock's wall time. */
G_GNUC_UNUSED static char *
test_iso_before (VigilClock *clock,
                 gint64      ago_us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc ((vigil_clock_get_wall (clock) - ago_us)
                                                          / G_USEC_PER_SEC);

  return g_date_time_format_iso8601 (t);
}

G_GNUC_UNUSED static guint
test_n_missing (VigilChecklist *checklist)
{
  g_auto(GStrv) missing = vigil_checklist_list_missing (checklist);

  return g_strv_length (missing);
}

G_GNUC_UNUSED static gboolean
test_missing_contains (VigilChecklist *checklist,
                       const char     *title)
{
  g_auto(GStrv) missing = vigil_checklist_list_missing (checklist);

  return g_strv_contains ((const char * const *) missing, title);
}

G_GNUC_UNUSED static void
test_answer (VigilChecklist *checklist,
             const char     *key,
             const char     *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_checklist_answer (checklist, key, value, WHO_NURSE, &error));
  g_assert_no_error (error);
}

/* 100 mg in 100 mL, 0.5 mg/kg over 40 min for 72.5 kg. */
G_GNUC_UNUSED static void
test_dose_input (VigilDoseInput *input)
{
  vigil_dose_input_init (input);
  input->weight = 72.5;
  input->weight_unit = VIGIL_WEIGHT_UNIT_KG;
  input->bag_mg = 100;
  input->bag_ml = 100;
}
