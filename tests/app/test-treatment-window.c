/* test-treatment-window.c — a whole treatment through the window's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A demo bedside (simulator → pty → device) on a manual clock, with its
 * records in a real SQLite file: the nurse begins a treatment from the
 * form, completes the checklist, starts, pauses and resumes the infusion,
 * records an event, ends it, scores the recovery and discharges. Each
 * page is saved as PNG; the phase, the timers and the records are checked.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-bedside.h"
#include "vigil-monitor-test.h"
#include "vigil-ring-timer.h"
#include "vigil-infusion-page.h"
#include "vigil-trend-chart.h"
#include "vigil-treatment-view.h"
#include "vigil-widget-test.h"
#include "vigil-history-page.h"
#include "vigil-window.h"

typedef struct
{
  VigilMonitorTest  base;
  char             *dir;
  char             *db_path;
  GSettings        *settings;
  VigilBedside     *bedside;
  VigilWindow      *window;
  VigilTreatmentView *view;
  char             *wav_path;
} Fixture;

static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  vigil_monitor_test_run (&fixture->base, seconds);
  vigil_window_refresh (fixture->window);
}

static GdkTexture *
screenshot (Fixture    *fixture,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (fixture->window));
  vigil_widget_test_save (texture, basename);
  g_assert_cmpint (gdk_texture_get_width (texture), <=, 1280);
  g_assert_cmpint (gdk_texture_get_height (texture), <=, 800);
  return texture;
}

static int
count_rows (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return count;
}

/* The first GtkEntry under @widget, depth first: the form's patient name. */
static GtkEditable *
first_entry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found;

      if (GTK_IS_ENTRY (child) && gtk_widget_get_mapped (child))
        return GTK_EDITABLE (child);
      if ((found = first_entry (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The page widget the treatment view shows now. */
static GtkWidget *
shown_page (Fixture *fixture)
{
  GtkWidget *stack = vigil_widget_test_find_child (GTK_WIDGET (fixture->view), "treatment-pages");

  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

static void
act (Fixture    *fixture,
     const char *action,
     GVariant   *parameter)
{
  GtkWidget *page = shown_page (fixture);

  if (parameter != NULL)
    g_variant_ref_sink (parameter);
  g_assert_true (gtk_widget_activate_action_variant (page, action, parameter));
  g_clear_pointer (&parameter, g_variant_unref);
  vigil_window_refresh (fixture->window);
}

static char *
hhmm_before (Fixture *fixture,
             gint64   ago_us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local ((vigil_clock_get_wall (fixture->base.clock) - ago_us)
                                                            / G_USEC_PER_SEC);
  return g_date_time_format (t, "%H:%M");
}

static VigilTreatmentPhase
phase (Fixture *fixture)
{
  return vigil_treatment_get_phase (vigil_treatment_session_get_treatment (vigil_bedside_get_treatment (fixture->bedside)));
}

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlarmSound) sound = NULL;
  g_autofree char *sink = NULL;

  vigil_monitor_test_set_up (&fixture->base, "normal", 5);
  fixture->dir = g_dir_make_tmp ("vigil-treatment-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "vigil.db", NULL);
  store = vigil_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->settings = g_settings_new (VIGIL_APP_ID);
  g_settings_set_string (fixture->settings, "user-name", "Nurse Ana");
  /* The loudspeaker is a WAV file here: what was played can be counted. */
  fixture->wav_path = g_build_filename (fixture->dir, "sound.wav", NULL);
  sink = g_strdup_printf ("wavenc ! filesink location=\"%s\"", fixture->wav_path);
  sound = vigil_alarm_sound_new (sink);
  fixture->bedside = vigil_bedside_new (fixture->base.monitor, store, sound, fixture->settings);
  /* This clinic scores discharge with PADSS (its clinic.conf). */
  {
    g_autofree char *conf = g_build_filename (fixture->dir, "clinic.conf", NULL);
    const char *paths[] = { conf, NULL };
    g_autoptr(VigilClinicConfig) config = NULL;

    g_assert_true (g_file_set_contents (conf, "[clinic]\ndischarge-score=padss\n", -1, NULL));
    config = vigil_clinic_config_load (paths);
    g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 0);
    vigil_bedside_set_clinic_config (fixture->bedside, config);
    g_unlink (conf);
  }
  vigil_bedside_start (fixture->bedside);
  fixture->window = vigil_window_new (NULL, fixture->base.monitor, fixture->settings);
  vigil_window_set_bedside (fixture->window, fixture->bedside);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));
  fixture->view = VIGIL_TREATMENT_VIEW (vigil_window_get_treatment_view (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture)
{
  vigil_bedside_stop (fixture->bedside);
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->bedside);
  g_settings_reset (fixture->settings, "user-name");
  g_clear_object (&fixture->settings);
  vigil_monitor_test_tear_down (&fixture->base);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix != NULL; suffix++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, *suffix, NULL);
      g_unlink (path);
    }
  g_unlink (fixture->wav_path);
  g_free (fixture->wav_path);
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static void
test_whole_treatment (void)
{
  Fixture fixture = { 0 };
  VigilAlarmSound *sound;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *food = NULL;
  g_autofree char *liquid = NULL;
  VigilRingTimer *ring;
  static const char *confirm[] = {
    "identity", "consent", "transport", "medications", "devices-connected",
  };

  fixture_set_up (&fixture);
  sound = g_object_ref (vigil_bedside_get_sound (fixture.bedside));

  /* The form: no treatment yet. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "treatment"));
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "new");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.begin", NULL));
  g_assert_nonnull (vigil_treatment_view_get_error (fixture.view));
  gtk_editable_set_text (first_entry (GTK_WIDGET (fixture.view)), "Ana García");
  shot = screenshot (&fixture, "treatment-new.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.begin", NULL));
  g_assert_null (vigil_treatment_view_get_error (fixture.view));
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "checklist");
  g_assert_nonnull (strstr (vigil_treatment_view_get_header_text (fixture.view), "Ana García"));

  /* The checklist: the baseline comes from the devices' first two NIBP
   * readings, 5 minutes apart; the rest is answered on the page. */
  run_seconds (&fixture, 302);
  for (guint i = 0; i < G_N_ELEMENTS (confirm); i++)
    act (&fixture, "checklist.answer", g_variant_new ("(ss)", confirm[i], "confirmed"));
  act (&fixture, "checklist.answer", g_variant_new ("(ss)", "escort-name", "Carmen Ruiz"));
  act (&fixture, "checklist.answer", g_variant_new ("(ss)", "escort-phone", "+34 600 000 000"));
  food = hhmm_before (&fixture, 4 * G_TIME_SPAN_HOUR);
  liquid = hhmm_before (&fixture, 2 * G_TIME_SPAN_HOUR);
  act (&fixture, "checklist.answer", g_variant_new ("(ss)", "last-food", food));
  act (&fixture, "checklist.answer", g_variant_new ("(ss)", "last-liquid", liquid));
  act (&fixture, "checklist.answer", g_variant_new ("(ss)", "phq9", "2,2,2,1,1,2,1,1,0"));
  act (&fixture, "checklist.answer", g_variant_new ("(ss)", "baseline-moaas", "5"));
  /* The sound item is the monitor's own self-test result (here a WAV
   * file, which passes), answered without a person. */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    VigilChecklistItem item;

    while (vigil_alarm_sound_get_self_test (sound) == VIGIL_ALARM_SOUND_SELF_TEST_RUNNING
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpint (vigil_alarm_sound_get_self_test (sound), ==, VIGIL_ALARM_SOUND_SELF_TEST_PASSED);
    g_assert_true (vigil_checklist_get_item (vigil_treatment_session_get_checklist (vigil_bedside_get_treatment (fixture.bedside)),
                                             "sound-self-test", &item));
    g_assert_cmpint (item.state, ==, VIGIL_CHECKLIST_STATE_DONE);
    g_assert_cmpstr (item.who, ==, "Vigil monitor");
  }
  act (&fixture, "checklist.set-dose", g_variant_new ("(sssss)", "70", "kg", "0.5", "100", "100"));
  g_clear_object (&shot);
  shot = screenshot (&fixture, "treatment-checklist.png");
  act (&fixture, "checklist.start", NULL);
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_INFUSION);
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "infusion");

  /* Infusion: 12 minutes, a pause for nausea, an event. */
  run_seconds (&fixture, 12 * 60);
  ring = VIGIL_RING_TIMER (vigil_infusion_page_get_ring_timer (VIGIL_INFUSION_PAGE (shown_page (&fixture))));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "28:00");
  g_assert_nonnull (strstr (vigil_treatment_view_get_header_text (fixture.view), "12:00"));
  /* The phase header stays on every page, the monitor's too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "monitor"));
  vigil_window_refresh (fixture.window);
  g_assert_nonnull (strstr (vigil_window_get_phase_text (fixture.window), "Infusion"));
  g_assert_nonnull (strstr (vigil_window_get_phase_text (fixture.window), "Ana García"));
  g_clear_object (&shot);
  shot = screenshot (&fixture, "treatment-monitor-page.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "treatment"));
  g_clear_object (&shot);
  shot = screenshot (&fixture, "treatment-infusion.png");
  act (&fixture, "infusion.pause", g_variant_new_string ("Nausea"));
  run_seconds (&fixture, 150);
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_INFUSION_PAUSED);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "28:00");
  g_clear_object (&shot);
  shot = screenshot (&fixture, "treatment-paused.png");
  act (&fixture, "infusion.resume", NULL);
  act (&fixture, "infusion.event", g_variant_new_string ("vomiting"));
  /* The event is a marker on the trend chart. */
  g_assert_cmpuint (vigil_trend_chart_get_n_markers (VIGIL_TREND_CHART (vigil_window_get_chart (fixture.window))), >=, 1);

  /* The 40 minutes end (infusion time: the pause does not count). */
  run_seconds (&fixture, 28 * 60 + 5);
  /* The end of the 40 minutes is an information signal: the soft chime. */
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_INFO), >=, 1);
  act (&fixture, "infusion.end", g_variant_new_string (""));
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_RECOVERY);
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "recovery");

  /* Recovery: score, escort, the minimum time, ready, discharge. */
  act (&fixture, "recovery.score", g_variant_new_parsed ("[2, 2, 2, 2, 2]"));
  act (&fixture, "recovery.escort", NULL);
  g_assert_false (gtk_widget_activate_action (shown_page (&fixture), "recovery.ready", NULL)
                  && phase (&fixture) == VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE);
  run_seconds (&fixture, 31 * 60);
  g_clear_object (&shot);
  shot = screenshot (&fixture, "treatment-recovery.png");
  act (&fixture, "recovery.score", g_variant_new_parsed ("[2, 2, 2, 2, 2]"));
  act (&fixture, "recovery.ready", NULL);
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE);
  act (&fixture, "recovery.discharge", NULL);
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_DISCHARGED);
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "done");
  g_clear_object (&shot);
  shot = screenshot (&fixture, "treatment-done.png");

  /* The record, as another program reads it. */
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM treatment_steps"), ==, 6);
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM treatment_steps WHERE kind = 'pause' AND reason = 'Nausea' AND who = 'Nurse Ana'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM treatment_events WHERE kind = 'vomiting'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM dose_inputs WHERE dose_mg = 35"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM treatments WHERE simulated = 1"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM treatment_scores WHERE scale = 'padss' AND total = 10"), >=, 1);
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM treatment_scores WHERE scale = 'aldrete'"), ==, 0);

  /* The session's report: the History page opens on this session, with
   * Print / Save PDF; then back to the treatment. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.report", NULL));
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "history");
  g_assert_cmpint (vigil_history_page_get_open_session (VIGIL_HISTORY_PAGE (vigil_window_get_history_page (fixture.window))),
                   ==, vigil_bedside_get_session_id (fixture.bedside));
  g_clear_object (&shot);
  shot = screenshot (&fixture, "treatment-done-report.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "treatment"));

  /* Ready for the next patient. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.next", NULL));
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "new");

  g_clear_object (&sound);
  fixture_tear_down (&fixture);
}

/* A treatment can be cancelled before the start and stopped after it,
 * never without a reason. */
static void
test_cancel_and_stop (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) shot = NULL;

  fixture_set_up (&fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "treatment"));
  gtk_editable_set_text (first_entry (GTK_WIDGET (fixture.view)), "Ana García");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.begin", NULL));
  run_seconds (&fixture, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.show-stop", NULL));
  shot = screenshot (&fixture, "treatment-cancel.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.stop", "s", ""));
  g_assert_nonnull (vigil_treatment_view_get_error (fixture.view));
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_BEFORE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.stop", "s", "Patient unwell today"));
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_CANCELLED);
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "done");
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM treatment_steps "
                                         "WHERE kind = 'cancel' AND reason = 'Patient unwell today' AND who = 'Nurse Ana'"), ==, 1);

  /* The next patient's infusion, started with a clinician's override, is
   * stopped: an abort, with its reason. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.next", NULL));
  gtk_editable_set_text (first_entry (GTK_WIDGET (fixture.view)), "Luis Pérez");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.begin", NULL));
  g_assert_true (vigil_treatment_session_start_infusion_override (vigil_bedside_get_treatment (fixture.bedside),
                                                                  "Dr. Ruiz", "Checklist on paper today", NULL));
  run_seconds (&fixture, 60);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.stop", "s", "Severe anxiety"));
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_ABORTED);
  g_assert_cmpint (count_rows (&fixture, "SELECT count(*) FROM treatment_steps "
                                         "WHERE kind = 'abort' AND reason = 'Severe anxiety'"), ==, 1);

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the treatment window test\n");
      return VIGIL_TEST_SKIP;
    }
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  if (!vigil_alarm_sound_init_gstreamer (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/vigil/treatment-window/whole-treatment", test_whole_treatment);
  g_test_add_func ("/vigil/treatment-window/cancel-and-stop", test_cancel_and_stop);

  return g_test_run ();
}
