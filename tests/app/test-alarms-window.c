/* test-alarms-window.c — alarms end to end: pty → engine → banner, sound, database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desaturation scenario runs through a real pty into the monitor; the
 * bedside writes the alarm log into a real SQLite file and plays through
 * the real sound path, which has no audio device here, so T5 must show.
 * The window's banners, actions and pages are driven as a nurse would.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "vigil-alarm-log-page.h"
#include "vigil-bedside.h"
#include "vigil-limit-stepper.h"
#include "vigil-limits-page.h"
#include "vigil-monitor-test.h"
#include "vigil-trend-chart.h"
#include "vigil-alarm-banner.h"
#include "vigil-vital-tile.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

typedef struct
{
  VigilMonitorTest  base;
  char             *dir;
  char             *db_path;
  GSettings        *settings;
  VigilBedside     *bedside;
  VigilWindow      *window;
} Fixture;

static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  vigil_monitor_test_run (&fixture->base, seconds);
  vigil_window_refresh (fixture->window);
}

static void
fixture_set_up (Fixture    *fixture,
                const char *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlarmSound) sound = NULL;

  vigil_monitor_test_set_up (&fixture->base, scenario, 3);
  fixture->dir = g_dir_make_tmp ("vigil-alarms-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "vigil.db", NULL);
  store = vigil_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  sound = vigil_alarm_sound_new (NULL);
  fixture->settings = g_settings_new (VIGIL_APP_ID);

  fixture->bedside = vigil_bedside_new (fixture->base.monitor, store, sound, fixture->settings);
  vigil_bedside_start (fixture->bedside);

  fixture->window = vigil_window_new (NULL, fixture->base.monitor, fixture->settings);
  vigil_window_set_bedside (fixture->window, fixture->bedside);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture)
{
  vigil_bedside_stop (fixture->bedside);
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->bedside);
  g_clear_object (&fixture->settings);
  vigil_monitor_test_tear_down (&fixture->base);

  for (const char *suffix = ""; suffix != NULL; suffix = *suffix == '\0' ? "-wal" : (g_str_equal (suffix, "-wal") ? "-shm" : NULL))
    {
      g_autofree char *path = g_strconcat (fixture->db_path, suffix, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

/* Asks the database file itself, through its own connection. */
static int
count_in (Fixture    *fixture,
          const char *table,
          const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", table, where);
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

static int
count_rows (Fixture    *fixture,
            const char *where)
{
  return count_in (fixture, "alarm_log", where);
}

static int
count_session_rows (Fixture    *fixture,
                    const char *where)
{
  return count_in (fixture, "monitoring_sessions", where);
}

static GdkTexture *
screenshot (Fixture    *fixture,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (fixture->window));
  vigil_widget_test_save (texture, basename);
  return texture;
}

/* The priority colour in either flash phase (the off phase is the same
 * hue, dimmed). */
static gboolean
is_alarm_red (guint8 r,
              guint8 g,
              guint8 b)
{
  return r >= 120 && r >= 3 * g && r >= 3 * b;
}

static gboolean
is_technical_cyan (guint8 r,
                   guint8 g,
                   guint8 b)
{
  return g >= 120 && b >= 140 && 2 * r <= g;
}

static void
test_desaturation (void)
{
  Fixture fixture = { 0 };
  VigilAlarmEngine *alarms;
  VigilAlarmBanner *banner, *technical;
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  g_autofree char *who = NULL;
  g_autofree char *where = NULL;
  graphene_rect_t area;
  GtkWidget *stepper;
  VigilAlarmLogPage *log_page;
  gboolean found_a2 = FALSE;

  fixture_set_up (&fixture, "desaturation");
  alarms = vigil_monitor_get_alarms (fixture.base.monitor);
  banner = VIGIL_ALARM_BANNER (vigil_window_get_alarm_banner (fixture.window, FALSE));
  technical = VIGIL_ALARM_BANNER (vigil_window_get_alarm_banner (fixture.window, TRUE));

  /* No audio device on this machine: never a silent success. */
  g_assert_false (vigil_alarm_sound_is_available (vigil_bedside_get_sound (fixture.bedside)));
  run_seconds (&fixture, 2);
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_SOUND_UNAVAILABLE), ==, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpint (vigil_alarm_banner_get_priority (technical), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_nonnull (strstr (vigil_alarm_banner_get_text (technical), "Alarm sound unavailable"));
  g_assert_cmpint (vigil_alarm_banner_get_priority (banner), ==, VIGIL_ALARM_PRIORITY_NONE);

  /* SpO2 falls from 3:00; ≤ 85 % from about 4:45. */
  run_seconds (&fixture, 5 * 60);
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_SPO2_DESATURATION), ==, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_SPO2_LOW), ==, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpuint (vigil_alarm_banner_get_extra_count (banner), ==, 1);
  /* The banner rotates every 2 s through both; wait for the high one. */
  for (guint i = 0; i < 4 && vigil_alarm_banner_get_priority (banner) != VIGIL_ALARM_PRIORITY_HIGH; i++)
    run_seconds (&fixture, 1);
  g_assert_cmpint (vigil_alarm_banner_get_priority (banner), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpstr (vigil_alarm_banner_get_marker_text (banner), ==, "!!!");
  g_assert_nonnull (strstr (vigil_alarm_banner_get_text (banner), "SpO₂"));
  g_assert_nonnull (strstr (vigil_alarm_banner_get_text (banner), "≤ 85"));
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (alarms), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (vigil_vital_tile_get_low_alarm (VIGIL_VITAL_TILE (vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_SPO2))));
  /* Both onsets are marked on the trend chart. */
  g_assert_cmpuint (vigil_trend_chart_get_n_markers (VIGIL_TREND_CHART (vigil_window_get_chart (fixture.window))), ==, 2);

  shot = screenshot (&fixture, "alarms-desaturation.png");
  pixels = vigil_pixels_new (shot);
  area = vigil_widget_test_area (GTK_WIDGET (banner), GTK_WIDGET (fixture.window));
  g_test_message ("red pixels in the banner: %u of %.0f",
                  vigil_pixels_count (pixels, &area, is_alarm_red), area.size.width * area.size.height);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, is_alarm_red), >, area.size.width * area.size.height / 4);
  area = vigil_widget_test_area (GTK_WIDGET (technical), GTK_WIDGET (fixture.window));
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, is_technical_cyan), >, area.size.width * area.size.height / 4);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, is_alarm_red), ==, 0);

  /* The log is in the database file, as another program sees it. */
  g_assert_cmpint (count_rows (&fixture, "kind = 'start' AND condition = 'A1' AND priority = 'medium' AND limit_value = 90"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "kind = 'start' AND condition = 'A2' AND priority = 'high' AND value <= 85"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "kind = 'start' AND condition = 'T5' AND priority = 'high'"), ==, 1);
  /* The start-up self-test's result is in this run's record. */
  g_assert_cmpint (count_session_rows (&fixture, "sound_self_test = 'failed' AND sound_output LIKE '%audio output%' AND simulated = 1"), ==, 1);

  /* Acknowledge what the banner shows: logged with the person's name. */
  who = g_strdup (g_get_user_name ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.acknowledge-shown", NULL));
  where = g_strdup_printf ("kind = 'acknowledge' AND who = '%s'", who);
  g_assert_cmpint (count_rows (&fixture, where), ==, 1);

  /* Pause audio: a visible countdown. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.pause-audio", NULL));
  g_assert_cmpstr (vigil_window_get_pause_text (fixture.window), ==, "Audio paused 2:00");
  run_seconds (&fixture, 30);
  g_assert_cmpstr (vigil_window_get_pause_text (fixture.window), ==, "Audio paused 1:30");
  g_assert_cmpint (count_rows (&fixture, "kind = 'audio-pause'"), >=, 1);

  /* Lower the SpO2 limit from the limits page, by touch. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "limits"));
  stepper = vigil_limits_page_get_stepper (VIGIL_LIMITS_PAGE (vigil_window_get_limits_page (fixture.window)),
                                           VIGIL_ALARM_SPO2_LOW, FALSE);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (VIGIL_LIMIT_STEPPER (stepper)), ==, 90);
  g_assert_true (gtk_widget_activate_action (stepper, "stepper.decrease", NULL));
  g_assert_cmpfloat (vigil_alarm_limits_get (vigil_alarm_engine_get_limits (alarms), VIGIL_ALARM_SPO2_LOW)->threshold, ==, 89);
  g_clear_pointer (&where, g_free);
  where = g_strdup_printf ("kind = 'limit-change' AND condition = 'A1' AND old_limit = 90 AND limit_value = 89 AND who = '%s'", who);
  g_assert_cmpint (count_rows (&fixture, where), ==, 1);
  g_assert_cmpfloat (vigil_vital_tile_get_low_limit (VIGIL_VITAL_TILE (vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_SPO2))), ==, 89);
  g_clear_object (&shot);
  shot = screenshot (&fixture, "alarms-limits-page.png");
  /* Every page fits the 1280 × 800 touchscreen: none widens the window. */
  g_assert_cmpint (gdk_texture_get_width (shot), <=, 1280);

  /* The log page reads the database back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "log"));
  log_page = VIGIL_ALARM_LOG_PAGE (vigil_window_get_log_page (fixture.window));
  g_assert_cmpuint (vigil_alarm_log_page_get_n_rows (log_page), >=, 6);
  for (guint i = 0; i < vigil_alarm_log_page_get_n_rows (log_page); i++)
    {
      g_autofree char *row = vigil_alarm_log_page_get_row_text (log_page, i);

      g_test_message ("log: %s", row);
      found_a2 |= strstr (row, "A2") != NULL && strstr (row, "started") != NULL;
    }
  g_assert_true (found_a2);
  g_clear_object (&shot);
  shot = screenshot (&fixture, "alarms-log-page.png");
  g_assert_cmpint (gdk_texture_get_width (shot), <=, 1280);

  /* Filtered to one condition: T5 started, then was paused with the rest. */
  vigil_alarm_log_page_set_condition (log_page, VIGIL_ALARM_SOUND_UNAVAILABLE);
  g_assert_cmpuint (vigil_alarm_log_page_get_n_rows (log_page), ==, 2);

  /* SpO2 is back by 8:00: A1 ends by itself, A2 is latched until a person
   * resets it from the bedside. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "monitor"));
  run_seconds (&fixture, 3 * 60);
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_SPO2_LOW), ==, VIGIL_ALARM_STATE_INACTIVE);
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_SPO2_DESATURATION), ==, VIGIL_ALARM_STATE_LATCHED);
  g_assert_nonnull (strstr (vigil_alarm_banner_get_text (banner), "≤ 85"));
  g_clear_object (&shot);
  shot = screenshot (&fixture, "alarms-latched.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.reset-shown", NULL));
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_SPO2_DESATURATION), ==, VIGIL_ALARM_STATE_INACTIVE);
  g_assert_cmpint (vigil_alarm_banner_get_priority (banner), ==, VIGIL_ALARM_PRIORITY_NONE);
  g_clear_pointer (&where, g_free);
  where = g_strdup_printf ("condition = 'A2' AND kind = 'reset' AND who = '%s'", who);
  g_assert_cmpint (count_rows (&fixture, where), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "condition = 'A2' AND kind = 'end'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "condition = 'A1' AND kind = 'end'"), ==, 1);

  fixture_tear_down (&fixture);
}

/* A pulled cable: the technical area says the link is lost (T1, medium,
 * cyan), the numbers grey, and both ends are in the database. */
static void
test_link_lost (void)
{
  Fixture fixture = { 0 };
  VigilAlarmEngine *alarms;
  VigilAlarmBanner *technical;
  g_autoptr(GdkTexture) shot = NULL;

  fixture_set_up (&fixture, "cable-pulled");
  alarms = vigil_monitor_get_alarms (fixture.base.monitor);
  technical = VIGIL_ALARM_BANNER (vigil_window_get_alarm_banner (fixture.window, TRUE));

  /* Pulled at 2:00; no valid frame for 10 s makes T1. */
  run_seconds (&fixture, 2 * 60 + 5);
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_LINK_LOST), !=, VIGIL_ALARM_STATE_ACTIVE);
  run_seconds (&fixture, 10);
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_LINK_LOST), ==, VIGIL_ALARM_STATE_ACTIVE);
  /* The technical area shows the most urgent first (T5, high) and rotates. */
  for (guint i = 0; i < 4 && strstr (vigil_alarm_banner_get_text (technical), "link") == NULL; i++)
    run_seconds (&fixture, 1);
  g_assert_nonnull (strstr (vigil_alarm_banner_get_text (technical), "link"));
  g_assert_cmpint (vigil_alarm_banner_get_priority (technical), ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_cmpint (vigil_vital_tile_get_data_state (VIGIL_VITAL_TILE (vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_HR))),
                   !=, VIGIL_DATA_STATE_LIVE);
  shot = screenshot (&fixture, "alarms-link-lost.png");
  g_assert_cmpint (count_rows (&fixture, "kind = 'start' AND condition = 'T1' AND priority = 'medium'"), ==, 1);

  /* Re-plugged at 2:30: the device finds the port, T1 ends by itself. */
  run_seconds (&fixture, 25);
  g_assert_cmpint (vigil_alarm_engine_get_state (alarms, VIGIL_ALARM_LINK_LOST), ==, VIGIL_ALARM_STATE_INACTIVE);
  g_assert_cmpint (count_rows (&fixture, "kind = 'end' AND condition = 'T1'"), ==, 1);

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the alarm window tests\n");
      return VIGIL_TEST_SKIP;
    }
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  if (!vigil_alarm_sound_init_gstreamer (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/vigil/alarms-window/desaturation", test_desaturation);
  g_test_add_func ("/vigil/alarms-window/link-lost", test_link_lost);

  return g_test_run ();
}
