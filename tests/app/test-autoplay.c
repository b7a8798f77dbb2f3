/* test-autoplay.c — a whole demo treatment played by simulated staff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A demo bedside (simulator → pty → device) on a manual clock, its records
 * in a real SQLite file, played from begin to discharge by VigilAutoplay.
 * The record is then read back with the sqlite3 API, as another program
 * would: every step in order and by the staff name, the scores, the event,
 * the escort, and the infusion's exact 40:00 with a 2:00 pause.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-autoplay.h"
#include "vigil-bedside.h"
#include "vigil-monitor-test.h"

#define STAFF "Demo Nurse"
/* At most 3 h of clock time, one second at a time. */
#define MAX_SECONDS (3 * 60 * 60)

typedef struct
{
  VigilMonitorTest  base;
  char             *dir;
  char             *db_path;
  guint             n_steps_done;
  gboolean          finished;
} Fixture;

static void
on_step_done (VigilAutoplay *autoplay,
              const char    *description,
              Fixture       *fixture)
{
  g_assert_nonnull (description);
  g_assert_cmpstr (vigil_autoplay_get_status (autoplay), ==, description);
  g_test_message ("%s", description);
  fixture->n_steps_done++;
}

static void
on_finished (VigilAutoplay *autoplay,
             Fixture       *fixture)
{
  g_assert_false (fixture->finished);
  fixture->finished = TRUE;
}

static sqlite3 *
open_db (Fixture *fixture)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *statement = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  if (sqlite3_step (statement) == SQLITE_ROW)
    value = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return value;
}

/* The steps as "kind/who/reason" lines, in their order. */
static char *
read_steps (Fixture *fixture)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *statement = NULL;
  GString *text = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT kind, who, coalesce(reason, ''), override "
                                           "FROM treatment_steps ORDER BY seq", -1, &statement, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_string_append_printf (text, "%s/%s/%s/%d\n",
                            (const char *) sqlite3_column_text (statement, 0),
                            (const char *) sqlite3_column_text (statement, 1),
                            (const char *) sqlite3_column_text (statement, 2),
                            sqlite3_column_int (statement, 3));
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return g_string_free (text, FALSE);
}

static void
test_whole_treatment (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAutoplay) autoplay = NULL;
  g_autofree char *steps = NULL;
  VigilBedside *bedside;
  VigilTreatment *treatment;
  guint seconds = 0;

  vigil_monitor_test_set_up (&fixture.base, "normal", 7);
  fixture.dir = g_dir_make_tmp ("vigil-autoplay-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.db_path = g_build_filename (fixture.dir, "vigil.db", NULL);
  store = vigil_store_open (fixture.db_path, &error);
  g_assert_no_error (error);
  bedside = vigil_bedside_new (fixture.base.monitor, store, NULL, NULL);
  vigil_bedside_start (bedside);

  autoplay = vigil_autoplay_new (bedside, STAFF);
  g_signal_connect (autoplay, "step-done", G_CALLBACK (on_step_done), &fixture);
  g_signal_connect (autoplay, "finished", G_CALLBACK (on_finished), &fixture);
  g_assert_null (vigil_bedside_get_treatment (bedside));
  vigil_autoplay_start (autoplay);
  g_assert_true (vigil_autoplay_is_running (autoplay));

  while (!fixture.finished && seconds < MAX_SECONDS)
    {
      vigil_monitor_test_run (&fixture.base, 60);
      seconds += 60;
    }
  g_test_message ("finished after %u s of clock time, %u steps", seconds, fixture.n_steps_done);
  g_assert_true (fixture.finished);
  g_assert_false (vigil_autoplay_is_running (autoplay));
  g_assert_cmpstr (vigil_autoplay_get_status (autoplay), ==, "Discharged");

  /* The treatment, as the bedside holds it. */
  g_assert_nonnull (vigil_bedside_get_treatment (bedside));
  treatment = vigil_treatment_session_get_treatment (vigil_bedside_get_treatment (bedside));
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_DISCHARGED);
  g_assert_cmpint (vigil_treatment_get_infusion_elapsed (treatment), ==, 40 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (vigil_treatment_get_paused_total (treatment), ==, 2 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (vigil_treatment_get_recovery_started_at (treatment)
                   - vigil_treatment_get_infusion_started_at (treatment),
                   ==, 42 * G_TIME_SPAN_MINUTE);

  /* Every record is written before reading it from outside. */
  vigil_bedside_stop (bedside);
  g_assert_true (vigil_store_is_healthy (store));

  steps = read_steps (&fixture);
  g_assert_cmpstr (steps, ==,
                   "start-infusion/" STAFF "//0\n"
                   "pause/" STAFF "/Nausea/0\n"
                   "resume/" STAFF "//0\n"
                   "end-infusion/" STAFF "//0\n"
                   "ready/" STAFF "//0\n"
                   "discharge/" STAFF "//0\n");
  g_assert_cmpint (query_int (&fixture,
                              "SELECT (SELECT wall_us FROM treatment_steps WHERE kind = 'end-infusion')"
                              " - (SELECT wall_us FROM treatment_steps WHERE kind = 'start-infusion')"),
                   ==, 42 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (query_int (&fixture,
                              "SELECT (SELECT wall_us FROM treatment_steps WHERE kind = 'resume')"
                              " - (SELECT wall_us FROM treatment_steps WHERE kind = 'pause')"),
                   ==, 2 * G_TIME_SPAN_MINUTE);
  /* Ready only after the minimum recovery of 30 min. */
  g_assert_cmpint (query_int (&fixture,
                              "SELECT (SELECT wall_us FROM treatment_steps WHERE kind = 'ready')"
                              " - (SELECT wall_us FROM treatment_steps WHERE kind = 'end-infusion')"),
                   >=, 30 * G_TIME_SPAN_MINUTE);

  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatments WHERE simulated = 1"), ==, 1);
  /* The treatment belongs to the monitoring session, which holds its vitals. */
  g_assert_cmpint (query_int (&fixture, "SELECT monitoring_session_id FROM treatments"), ==,
                   query_int (&fixture, "SELECT max(id) FROM monitoring_sessions"));
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM vitals v JOIN treatments t"
                                        " ON v.session_id = t.monitoring_session_id"), >, 60 * 60);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM patients "
                                        "WHERE name = 'Demo Patient' AND clinic_id = 'DEMO-0001'"), ==, 1);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_events "
                                        "WHERE kind = 'nausea' AND who = '" STAFF "'"), >=, 1);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_scores "
                                        "WHERE scale = 'moaas' AND who = '" STAFF "'"), >=, 2);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_scores "
                                        "WHERE scale = 'aldrete' AND total = 10 AND who = '" STAFF "'"), >=, 1);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_scores "
                                        "WHERE scale = 'cadss6' AND who = '" STAFF "'"), ==, 1);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM checklist_answers "
                                        "WHERE item_key = 'escort-present' AND who = '" STAFF "'"), ==, 1);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM dose_inputs "
                                        "WHERE dose_mg = 35 AND confirmed_by = '" STAFF "'"), ==, 1);
  /* Nobody else acted: every answer is the staff's or the monitor's own
   * (the baseline vitals and the sound self-test, which failed here: no
   * sound output, so the staff overrode it with a reason). */
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM checklist_answers "
                                        "WHERE who <> '" STAFF "' AND item_key NOT LIKE 'baseline-%' "
                                        "AND item_key <> 'sound-self-test'"), ==, 0);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM checklist_answers "
                                        "WHERE item_key = 'sound-self-test' AND who = 'Vigil monitor' "
                                        "AND value LIKE 'failed:%'"), ==, 1);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM checklist_answers "
                                        "WHERE item_key = 'sound-self-test.override' AND who = '" STAFF "'"), ==, 1);

  g_clear_object (&autoplay);
  g_assert_finalize_object (bedside);
  vigil_monitor_test_tear_down (&fixture.base);
  g_clear_object (&store);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix != NULL; suffix++)
    {
      g_autofree char *path = g_strconcat (fixture.db_path, *suffix, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture.dir);
  g_free (fixture.db_path);
  g_free (fixture.dir);
}

/* Simulated staff never act on a real patient's monitor. */
static void
test_refused_without_demo (void)
{
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (VIGIL_TEST_WALL_START_US);
  g_autoptr(VigilMonitor) monitor = vigil_monitor_new (clock);
  g_autoptr(VigilBedside) bedside = vigil_bedside_new (monitor, NULL, NULL, NULL);
  g_autoptr(VigilAutoplay) autoplay = vigil_autoplay_new (bedside, STAFF);

  g_assert_false (vigil_monitor_is_simulated (monitor));
  vigil_autoplay_start (autoplay);
  g_assert_false (vigil_autoplay_is_running (autoplay));
  g_assert_nonnull (strstr (vigil_autoplay_get_status (autoplay), "demo mode"));
  vigil_clock_advance (clock, 10 * G_USEC_PER_SEC);
  g_assert_null (vigil_bedside_get_treatment (bedside));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/autoplay/whole-treatment", test_whole_treatment);
  g_test_add_func ("/vigil/autoplay/refused-without-demo", test_refused_without_demo);

  return g_test_run ();
}
