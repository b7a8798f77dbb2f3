/* test-recovery-page.c — recovery and discharge, driven as a nurse would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 'normal' demo runs through a real pty into the monitor on a manual
 * clock; a real treatment session on a real SQLite file is taken to
 * recovery, and the page's buttons and actions do the rest. The database
 * is then read from outside through its own connection.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "vigil-monitor-test.h"
#include "vigil-recovery-page.h"
#include "vigil-ring-timer.h"
#include "vigil-widget-test.h"

#define WHO_NURSE     "Nurse Ana"
#define WHO_PHYSICIAN "Dr. Lena Brandt"

typedef struct
{
  VigilMonitorTest       base;
  char                  *dir;
  char                  *db_path;
  VigilStore            *store;
  VigilTreatmentSession *session;
  VigilTreatment        *treatment;
  GtkWindow             *window;
  VigilRecoveryPage     *page;
} Fixture;

static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  vigil_monitor_test_run (&fixture->base, seconds);
  vigil_recovery_page_refresh (fixture->page);
}

/* A session in recovery since one minute of infusion, after a baseline from
 * the demo's first two NIBP readings (0:00 and 5:00). */
static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  VigilStorePatient patient = { 0, (char *) "Ada Lovelace", (char *) "MRN-1815", (char *) "1985-12-10",
                                72.5, (char *) "Dr. Karen Horney", 0 };
  gint64 patient_id;

  vigil_monitor_test_set_up (&fixture->base, "normal", 7);
  fixture->dir = g_dir_make_tmp ("vigil-recovery-page-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "vigil.db", NULL);
  fixture->store = vigil_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  patient_id = vigil_store_create_patient (fixture->store, &patient, &error);
  g_assert_no_error (error);

  fixture->session = vigil_treatment_session_new (fixture->store, fixture->base.monitor, NULL,
                                                  patient_id, 1, 6, FALSE, 0, &error);
  g_assert_no_error (error);
  fixture->treatment = vigil_treatment_session_get_treatment (fixture->session);

  fixture->page = VIGIL_RECOVERY_PAGE (vigil_recovery_page_new ());
  vigil_recovery_page_set_user_name (fixture->page, WHO_NURSE);
  vigil_recovery_page_set_monitor (fixture->page, fixture->base.monitor);
  vigil_recovery_page_set_session (fixture->page, fixture->session);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 880, 620);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));

  run_seconds (fixture, 302);
  g_assert_true (vigil_treatment_session_get_baseline_nibp (fixture->session, NULL, NULL));
  g_assert_true (vigil_treatment_session_start_infusion_override (fixture->session, WHO_PHYSICIAN,
                                                                  "Checklist completed on paper", &error));
  g_assert_no_error (error);
  run_seconds (fixture, 60);
  g_assert_true (vigil_treatment_session_end_infusion (fixture->session, WHO_NURSE,
                                                       "Shortened infusion for this test", &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_treatment_get_phase (fixture->treatment), ==, VIGIL_TREATMENT_PHASE_RECOVERY);
}

static void
fixture_tear_down (Fixture *fixture)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_object_ref (fixture->page);
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->page);
  g_assert_finalize_object (fixture->session);
  g_assert_finalize_object (fixture->store);
  vigil_monitor_test_tear_down (&fixture->base);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, suffixes[i], NULL);

      g_remove (path);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

/* The database as another program sees it. */
static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  if (sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_text (statement, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return value;
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  g_autofree char *text = query_text (fixture, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The button bound to @action_name, found as the window holds it. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
action_button_sensitive (Fixture    *fixture,
                         const char *action_name)
{
  GtkWidget *button = find_action_button (GTK_WIDGET (fixture->page), action_name);

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

/* Taps one Aldrete answer as a finger would: the button itself. */
static void
tap_choice (Fixture          *fixture,
            VigilAldreteItem  item,
            int               choice)
{
  g_autofree char *css = g_strdup_printf ("aldrete-%d-%d", item, choice);
  GtkWidget *button = vigil_widget_test_find_child (GTK_WIDGET (fixture->page), css);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  /* "activate" presses for a moment and clicks later; "clicked" is the tap. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_cmpint (vigil_recovery_page_get_choice (fixture->page, item), ==, choice);
}

static void
tap_record (Fixture *fixture)
{
  GtkWidget *button = NULL;

  /* The "Record score" button is the only plain button beside the total. */
  for (GtkWidget *w = gtk_widget_get_next_sibling (
         vigil_widget_test_find_child (GTK_WIDGET (fixture->page), "recovery-score"));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BUTTON (w))
      button = w;
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
starts_with_check (const char *text,
                   const char *mark)
{
  return text != NULL && g_str_has_prefix (text, mark);
}

static GdkTexture *
screenshot (Fixture    *fixture,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (fixture->window));
  vigil_widget_test_save (texture, basename);
  /* The page fits its place beside the tiles: it never grows the window. */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 880);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 620);
  return texture;
}

/* Alarm colours are the window's business: the page shows none. */
static void
assert_no_alarm_colours (GdkTexture *texture)
{
  g_autoptr(VigilPixels) pixels = vigil_pixels_new (texture);
  graphene_rect_t all = GRAPHENE_RECT_INIT (0, 0, pixels->width, pixels->height);

  g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_red), ==, 0);
  g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_yellow), ==, 0);
}

static char *
clock_text (gint64 wall_us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  return g_date_time_format (t, "%H:%M");
}

static void
test_walk (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) early = NULL;
  g_autoptr(GdkTexture) met = NULL;
  g_autoptr(GdkTexture) discharged = NULL;
  g_autofree char *items = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *expected_kinds = NULL;
  g_autofree char *at = NULL;
  g_autofree char *expected = NULL;
  const VigilObservation *nibp;
  double base_sys, base_dia;
  int circulation = -1;
  const char *text;
  gint64 discharged_at;

  fixture_set_up (&fixture);

  /* 5 min into recovery: nothing recorded, far from the minimum. */
  run_seconds (&fixture, 300);
  g_assert_cmpint (vigil_treatment_get_recovery_elapsed (fixture.treatment), ==, 300 * G_USEC_PER_SEC);
  g_assert_cmpint (vigil_ring_timer_get_elapsed (VIGIL_RING_TIMER (vigil_recovery_page_get_ring (fixture.page))),
                   ==, 300 * G_USEC_PER_SEC);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (VIGIL_RING_TIMER (vigil_recovery_page_get_ring (fixture.page))),
                   ==, "5:00");
  g_assert_false (action_button_sensitive (&fixture, "recovery.ready"));
  g_assert_false (action_button_sensitive (&fixture, "recovery.discharge"));
  g_assert_true (action_button_sensitive (&fixture, "recovery.escort"));
  text = vigil_recovery_page_get_criterion_text (fixture.page, VIGIL_DISCHARGE_CRITERION_MIN_TIME);
  g_assert_true (starts_with_check (text, "✗"));
  g_assert_nonnull (strstr (text, "25 minutes left"));
  text = vigil_recovery_page_get_criterion_text (fixture.page, VIGIL_DISCHARGE_CRITERION_SCORE);
  g_assert_true (starts_with_check (text, "✗"));
  g_assert_nonnull (strstr (text, "No discharge score"));
  text = vigil_recovery_page_get_criterion_text (fixture.page, VIGIL_DISCHARGE_CRITERION_ESCORT);
  g_assert_true (starts_with_check (text, "✗"));
  g_assert_nonnull (strstr (text, "escort"));
  /* The demo's 10:00 reading fell in recovery and is near the baseline. */
  g_assert_true (starts_with_check (vigil_recovery_page_get_criterion_text (fixture.page,
                                                                          VIGIL_DISCHARGE_CRITERION_BP_BASELINE), "✓"));
  g_assert_true (starts_with_check (vigil_recovery_page_get_criterion_text (fixture.page,
                                                                          VIGIL_DISCHARGE_CRITERION_BP_BELOW_A7), "✓"));
  g_assert_true (g_str_has_prefix (vigil_recovery_page_get_nibp_text (fixture.page), "Next BP due at"));
  /* The circulation item is suggested from that reading. */
  nibp = vigil_monitor_get_latest (fixture.base.monitor, VIGIL_PARAMETER_NIBP);
  g_assert_true (vigil_treatment_session_get_baseline_nibp (fixture.session, &base_sys, &base_dia));
  g_assert_true (vigil_aldrete_circulation_from_bp (base_sys, nibp->value, &circulation, NULL));
  g_assert_cmpint (circulation, ==, 2);
  g_assert_cmpint (vigil_recovery_page_get_choice (fixture.page, VIGIL_ALDRETE_CIRCULATION), ==, circulation);
  g_assert_nonnull (strstr (vigil_recovery_page_get_score_text (fixture.page), "1 of 5 chosen"));
  early = screenshot (&fixture, "recovery-early.png");
  assert_no_alarm_colours (early);

  /* An Aldrete with SpO2 at 0: recorded, and shown as failing. */
  tap_choice (&fixture, VIGIL_ALDRETE_ACTIVITY, 2);
  tap_choice (&fixture, VIGIL_ALDRETE_RESPIRATION, 2);
  tap_choice (&fixture, VIGIL_ALDRETE_CONSCIOUSNESS, 2);
  tap_choice (&fixture, VIGIL_ALDRETE_SPO2, 0);
  g_assert_nonnull (strstr (vigil_recovery_page_get_score_text (fixture.page), "does not pass"));
  tap_record (&fixture);
  g_assert_null (vigil_recovery_page_get_error (fixture.page));
  g_assert_nonnull (strstr (vigil_recovery_page_get_score_text (fixture.page), "Total 8 of 10 — does not pass"));
  g_assert_nonnull (strstr (vigil_recovery_page_get_score_text (fixture.page), "recorded"));
  text = vigil_recovery_page_get_criterion_text (fixture.page, VIGIL_DISCHARGE_CRITERION_SCORE);
  g_assert_true (starts_with_check (text, "✗"));
  g_assert_nonnull (strstr (text, "The latest Aldrete score (8) does not pass"));
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_scores WHERE scale = 'aldrete'"), ==, 1);

  /* A passing one, through the action itself this time for SpO2 … */
  tap_choice (&fixture, VIGIL_ALDRETE_SPO2, 2);
  g_assert_nonnull (strstr (vigil_recovery_page_get_score_text (fixture.page), "Total 10 of 10 — passes"));
  tap_record (&fixture);
  g_assert_true (starts_with_check (vigil_recovery_page_get_criterion_text (fixture.page,
                                                                          VIGIL_DISCHARGE_CRITERION_SCORE), "✓"));
  /* … and the escort. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "recovery.escort", NULL));
  g_assert_true (starts_with_check (vigil_recovery_page_get_criterion_text (fixture.page,
                                                                          VIGIL_DISCHARGE_CRITERION_ESCORT), "✓"));
  g_assert_false (action_button_sensitive (&fixture, "recovery.escort"));
  /* Everything but the time: still not ready. */
  g_assert_false (action_button_sensitive (&fixture, "recovery.ready"));

  /* Past 30 min of recovery; the demo's readings stay near the baseline. */
  run_seconds (&fixture, 25 * 60 + 5);
  for (guint i = 0; i < 5; i++)
    {
      VigilDischargeCriterion criterion = 1 << i;

      text = vigil_recovery_page_get_criterion_text (fixture.page, criterion);
      if (!starts_with_check (text, "✓"))
        g_error ("Criterion %u not met after 30 min: %s", i, text);
    }
  g_assert_true (action_button_sensitive (&fixture, "recovery.ready"));
  g_assert_false (action_button_sensitive (&fixture, "recovery.discharge"));
  met = screenshot (&fixture, "recovery-criteria-met.png");
  assert_no_alarm_colours (met);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "recovery.ready", NULL));
  g_assert_null (vigil_recovery_page_get_error (fixture.page));
  g_assert_cmpint (vigil_treatment_get_phase (fixture.treatment), ==, VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE);
  g_assert_false (action_button_sensitive (&fixture, "recovery.ready"));
  g_assert_true (action_button_sensitive (&fixture, "recovery.discharge"));

  run_seconds (&fixture, 30);
  discharged_at = vigil_clock_get_wall (fixture.base.clock);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "recovery.discharge", NULL));
  g_assert_null (vigil_recovery_page_get_error (fixture.page));
  g_assert_cmpint (vigil_treatment_get_phase (fixture.treatment), ==, VIGIL_TREATMENT_PHASE_DISCHARGED);
  at = clock_text (discharged_at);
  expected = g_strdup_printf ("Discharged %s by %s", at, WHO_NURSE);
  g_assert_cmpstr (vigil_recovery_page_get_summary (fixture.page), ==, expected);
  g_assert_false (action_button_sensitive (&fixture, "recovery.discharge"));
  run_seconds (&fixture, 5);
  discharged = screenshot (&fixture, "recovery-discharged.png");
  assert_no_alarm_colours (discharged);

  /* From outside: both scores, the escort, the steps with the page's user. */
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_scores WHERE scale = 'aldrete'"), ==, 2);
  items = query_text (&fixture, "SELECT group_concat(items || '=' || total, ';') FROM "
                      "(SELECT items, total FROM treatment_scores WHERE scale = 'aldrete' "
                      "AND who = 'Nurse Ana' ORDER BY id)");
  g_assert_cmpstr (items, ==, "2,2,2,2,0=8;2,2,2,2,2=10");
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM checklist_answers "
                              "WHERE item_key = 'escort-present' AND who = 'Nurse Ana'"), ==, 1);
  kinds = query_text (&fixture, "SELECT group_concat(kind || ':' || who || ':' || override, ',') FROM "
                      "(SELECT kind, who, override FROM treatment_steps WHERE seq > 2 ORDER BY seq)");
  expected_kinds = g_strdup_printf ("%s:Nurse Ana:0,%s:Nurse Ana:0",
                                    vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_READY),
                                    vigil_treatment_step_kind_to_string (VIGIL_TREATMENT_STEP_DISCHARGE));
  g_assert_cmpstr (kinds, ==, expected_kinds);
  g_assert_cmpint (query_int (&fixture, "SELECT wall_us FROM treatment_steps ORDER BY seq DESC LIMIT 1"),
                   ==, discharged_at);

  fixture_tear_down (&fixture);
}

static void
test_override (void)
{
  Fixture fixture = { 0 };
  g_autofree char *reason = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *at = NULL;
  gint64 discharged_at;
  GtkWidget *entry, *confirm, *text_entry;
  g_autoptr(GdkTexture) start = NULL;
  const char *text;

  fixture_set_up (&fixture);
  /* At the start of recovery nothing holds; the last BP (5:00) was taken
   * before recovery, so both BP rows fail, for one reason said once. */
  run_seconds (&fixture, 1);
  text = vigil_recovery_page_get_criterion_text (fixture.page, VIGIL_DISCHARGE_CRITERION_BP_BASELINE);
  g_assert_true (starts_with_check (text, "✗"));
  g_assert_nonnull (strstr (text, "No blood pressure reading since recovery started"));
  g_assert_cmpstr (vigil_recovery_page_get_criterion_text (fixture.page, VIGIL_DISCHARGE_CRITERION_BP_BELOW_A7),
                   ==, "✗  BP below the high limit");
  for (guint i = 0; i < 5; i++)
    g_assert_true (starts_with_check (vigil_recovery_page_get_criterion_text (fixture.page, 1 << i), "✗"));
  g_assert_nonnull (strstr (vigil_recovery_page_get_criterion_text (fixture.page, VIGIL_DISCHARGE_CRITERION_MIN_TIME),
                            "30 minutes left"));
  start = screenshot (&fixture, "recovery-start.png");
  assert_no_alarm_colours (start);

  run_seconds (&fixture, 299);
  g_assert_true (gtk_widget_is_sensitive (vigil_widget_test_find_child (GTK_WIDGET (fixture.page),
                                                                      "override-toggle")));

  /* Plain discharge is not offered from recovery, and does nothing. */
  g_assert_false (action_button_sensitive (&fixture, "recovery.discharge"));
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "recovery.discharge", NULL);
  g_assert_cmpint (vigil_treatment_get_phase (fixture.treatment), ==, VIGIL_TREATMENT_PHASE_RECOVERY);

  /* The session's refusals are shown, not swallowed: an item out of range. */
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture.page), "recovery.score",
                                                     g_variant_new_parsed ("[2, 2, 3, 2, 2]")));
  g_assert_nonnull (vigil_recovery_page_get_error (fixture.page));
  g_test_message ("Refused score: %s", vigil_recovery_page_get_error (fixture.page));
  g_assert_nonnull (strstr (vigil_recovery_page_get_error (fixture.page), "Aldrete"));

  /* An override without a reason is refused on the page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "recovery.override", "s", "  "));
  g_assert_nonnull (vigil_recovery_page_get_error (fixture.page));
  g_assert_nonnull (strstr (vigil_recovery_page_get_error (fixture.page), "reason"));
  g_assert_cmpint (vigil_treatment_get_phase (fixture.treatment), ==, VIGIL_TREATMENT_PHASE_RECOVERY);
  /* The inline reason row is open for it. */
  entry = vigil_widget_test_find_child (GTK_WIDGET (fixture.page), "recovery-override");
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_get_visible (entry));
  g_object_unref (screenshot (&fixture, "recovery-override.png"));

  /* With a reason, typed into the entry and confirmed there. */
  discharged_at = vigil_clock_get_wall (fixture.base.clock);
  confirm = vigil_widget_test_find_child (entry, "recovery-button");
  g_assert_nonnull (confirm);
  text_entry = gtk_widget_get_prev_sibling (confirm);
  g_assert_true (GTK_IS_ENTRY (text_entry));
  gtk_editable_set_text (GTK_EDITABLE (text_entry), "Patient insists on leaving; escort waiting");
  g_signal_emit_by_name (confirm, "clicked");
  g_assert_null (vigil_recovery_page_get_error (fixture.page));
  g_assert_cmpint (vigil_treatment_get_phase (fixture.treatment), ==, VIGIL_TREATMENT_PHASE_DISCHARGED);
  at = clock_text (discharged_at);
  expected = g_strdup_printf ("Discharged %s by %s", at, WHO_NURSE);
  g_assert_cmpstr (vigil_recovery_page_get_summary (fixture.page), ==, expected);

  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_steps WHERE kind = 'discharge' "
                              "AND override = 1 AND who = 'Nurse Ana'"), ==, 1);
  reason = query_text (&fixture, "SELECT reason FROM treatment_steps WHERE kind = 'discharge'");
  g_assert_cmpstr (reason, ==, "Patient insists on leaving; escort waiting");
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_steps WHERE kind = 'ready'"), ==, 0);
  g_assert_cmpint (query_int (&fixture, "SELECT count(*) FROM treatment_scores"), ==, 0);

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the recovery page tests\n");
      return VIGIL_TEST_SKIP;
    }
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/vigil/recovery-page/walk", test_walk);
  g_test_add_func ("/vigil/recovery-page/override", test_override);

  return g_test_run ();
}
