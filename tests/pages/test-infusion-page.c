/* test-infusion-page.c — the infusion page driven as a nurse would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real store in a temporary folder, the 'normal' demo through a pty on a
 * manual clock, and a treatment session started against its checklist by a
 * named clinician (the checklist has its own page and test). Every tap goes
 * through the page's actions; the database is then read from outside.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "vigil-infusion-page.h"
#include "vigil-monitor-test.h"
#include "vigil-ring-timer.h"
#include "vigil-widget-test.h"

#define WHO_NURSE     "Nurse Ngozi Okafor"
#define WHO_PHYSICIAN "Dr. Lena Brandt"

typedef struct
{
  VigilMonitorTest       base;
  char                  *dir;
  char                  *db_path;
  VigilStore            *store;
  VigilTreatmentSession *session;
  GtkWindow             *window;
  VigilInfusionPage     *page;
  guint                  n_events;
  int                    last_event_kind;
} Fixture;

static void
on_event (VigilTreatmentSession *session,
          int                    kind,
          gint64                 wall_us,
          const char            *label,
          Fixture               *fixture)
{
  fixture->n_events++;
  fixture->last_event_kind = kind;
}

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  VigilStorePatient patient = { 0, (char *) "Ada Lovelace", (char *) "MRN-1815", (char *) "1985-12-10",
                                72.5, (char *) "Dr. Karen Horney", 0 };
  gint64 patient_id;

  vigil_monitor_test_set_up (&fixture->base, "normal", 3);
  fixture->dir = g_dir_make_tmp ("vigil-infusion-page-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "vigil.db", NULL);
  fixture->store = vigil_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  patient_id = vigil_store_create_patient (fixture->store, &patient, &error);
  g_assert_no_error (error);
  fixture->session = vigil_treatment_session_new (fixture->store, fixture->base.monitor, NULL,
                                                  patient_id, 1, 6, FALSE, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->session, "event", G_CALLBACK (on_event), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 880, 620);
  fixture->page = VIGIL_INFUSION_PAGE (vigil_infusion_page_new ());
  vigil_infusion_page_set_user_name (fixture->page, WHO_NURSE);
  vigil_infusion_page_set_session (fixture->page, fixture->session);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));
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

      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  vigil_monitor_test_run (&fixture->base, seconds);
  vigil_infusion_page_refresh (fixture->page);
}

static void
activate (Fixture    *fixture,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture->page), action, parameter));
}

/* The database as another program sees it. */
static int
count_rows (Fixture    *fixture,
            const char *table,
            const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE treatment_id = %" G_GINT64_FORMAT " AND %s",
                                          table, vigil_treatment_session_get_id (fixture->session), where);
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

/* "… recorded 08:12" at the clock's current time, local as on the page. */
static void
assert_confirmation (Fixture    *fixture,
                     const char *what)
{
  gint64 wall = vigil_clock_get_wall (fixture->base.clock);
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (wall / G_USEC_PER_SEC);
  g_autofree char *at = g_date_time_format (time, "%H:%M");
  g_autofree char *expected = g_strdup_printf ("%s recorded %s", what, at);

  g_assert_cmpstr (vigil_infusion_page_get_confirmation (fixture->page), ==, expected);
  g_assert_null (vigil_infusion_page_get_error (fixture->page));
}

static gboolean
is_ring_teal (guint8 r,
              guint8 g,
              guint8 b)
{
  return g >= 140 && b >= 140 && r <= 90;
}

static gboolean
is_paused_amber (guint8 r,
                 guint8 g,
                 guint8 b)
{
  return r >= 220 && g >= 120 && g <= 190 && b <= 110;
}

/* Alarm red or alarm yellow: the page must show neither. */
static gboolean
is_alarm_colour (guint8 r,
                 guint8 g,
                 guint8 b)
{
  return (r >= 180 && g <= 80 && b <= 80) || (r >= 220 && g >= 190 && b <= 60);
}

static void
test_infusion (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  VigilTreatment *treatment;
  VigilRingTimer *ring;
  g_autoptr(GdkTexture) shot_panel = NULL;
  graphene_rect_t whole;

  fixture_set_up (&fixture);
  treatment = vigil_treatment_session_get_treatment (fixture.session);
  ring = VIGIL_RING_TIMER (vigil_infusion_page_get_ring_timer (fixture.page));

  /* Before the start the ring shows the full 40:00 and nothing runs. */
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "40:00");
  g_assert_null (vigil_infusion_page_get_nibp_text (fixture.page));

  g_assert_true (vigil_treatment_session_start_infusion_override (fixture.session, WHO_PHYSICIAN,
                                                                  "Checklist completed on paper", &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_INFUSION);

  /* 5 min in: running, the MOAA/S not yet due, the next NIBP announced. */
  run_seconds (&fixture, 5 * 60);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "35:00");
  g_assert_false (vigil_ring_timer_get_paused (ring));
  g_assert_false (vigil_infusion_page_get_moaas_visible (fixture.page));
  g_assert_nonnull (vigil_infusion_page_get_nibp_text (fixture.page));
  g_test_message ("NIBP at 5 min: %s", vigil_infusion_page_get_nibp_text (fixture.page));
  {
    g_autoptr(GdkTexture) shot = screenshot (&fixture, "infusion-running.png");
    g_autoptr(VigilPixels) pixels = vigil_pixels_new (shot);
    guint teal, alarm;

    whole = GRAPHENE_RECT_INIT (0, 0, pixels->width, pixels->height);
    teal = vigil_pixels_count (pixels, &whole, is_ring_teal);
    alarm = vigil_pixels_count (pixels, &whole, is_alarm_colour);
    g_test_message ("running: %d×%d, %u teal ring pixels, %u alarm-coloured", pixels->width, pixels->height, teal, alarm);
    g_assert_cmpint (pixels->width, ==, 880);
    g_assert_cmpint (pixels->height, ==, 620);
    g_assert_cmpuint (teal, >, 2000);
    g_assert_cmpuint (alarm, ==, 0);
  }

  /* 12 min in: 28:00 left, and the MOAA/S (due at 10:00) is asked for. */
  run_seconds (&fixture, 7 * 60);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "28:00");
  g_assert_cmpint (vigil_treatment_get_moaas_state (treatment), ==, VIGIL_TREATMENT_DUE_DUE);
  g_assert_true (vigil_infusion_page_get_moaas_visible (fixture.page));
  g_test_message ("NIBP at 12 min: %s", vigil_infusion_page_get_nibp_text (fixture.page));
  {
    g_autoptr(GdkTexture) shot = screenshot (&fixture, "infusion-moaas-due.png");
    g_autoptr(VigilPixels) pixels = vigil_pixels_new (shot);

    g_assert_cmpuint (vigil_pixels_count (pixels, &whole, is_alarm_colour), ==, 0);
  }
  activate (&fixture, "infusion.moaas", g_variant_new_int32 (4));
  assert_confirmation (&fixture, "MOAA/S 4");
  g_assert_false (vigil_infusion_page_get_moaas_visible (fixture.page));
  g_assert_cmpint (vigil_treatment_get_moaas_state (treatment), ==, VIGIL_TREATMENT_DUE_NOT_DUE);

  /* A pause needs a reason: refused, shown, nothing changes. */
  activate (&fixture, "infusion.show-panel", g_variant_new_string ("pause"));
  g_assert_cmpstr (vigil_infusion_page_get_panel (fixture.page), ==, "pause");
  g_clear_object (&shot_panel);
  shot_panel = screenshot (&fixture, "infusion-pause-reasons.png");
  activate (&fixture, "infusion.pause", g_variant_new_string (""));
  g_assert_nonnull (vigil_infusion_page_get_error (fixture.page));
  g_test_message ("pause without a reason: %s", vigil_infusion_page_get_error (fixture.page));
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_INFUSION);

  activate (&fixture, "infusion.pause", g_variant_new_string ("nausea"));
  assert_confirmation (&fixture, "Pause (nausea)");
  g_assert_cmpstr (vigil_infusion_page_get_panel (fixture.page), ==, "events");
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_INFUSION_PAUSED);

  /* 3 min 30 s paused: the timer stood still and says how long. */
  run_seconds (&fixture, 3 * 60 + 30);
  g_assert_true (vigil_ring_timer_get_paused (ring));
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (ring), ==, "paused 3:30");
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "28:00");
  {
    g_autoptr(GdkTexture) shot = screenshot (&fixture, "infusion-paused.png");
    g_autoptr(VigilPixels) pixels = vigil_pixels_new (shot);
    guint amber = vigil_pixels_count (pixels, &whole, is_paused_amber);

    g_test_message ("paused: %u amber pixels", amber);
    g_assert_cmpuint (amber, >, 2000);
    g_assert_cmpuint (vigil_pixels_count (pixels, &whole, is_alarm_colour), ==, 0);
  }

  activate (&fixture, "infusion.resume", NULL);
  assert_confirmation (&fixture, "Resume");
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_INFUSION);
  g_assert_false (vigil_ring_timer_get_paused (ring));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "28:00");
  g_assert_cmpint (vigil_treatment_get_paused_total (treatment), ==, 210 * G_USEC_PER_SEC);

  /* One-tap events, each confirmed and announced for the chart. */
  run_seconds (&fixture, 60);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "27:00");
  activate (&fixture, "infusion.event", g_variant_new_string ("nausea"));
  assert_confirmation (&fixture, "Nausea");
  g_assert_cmpuint (fixture.n_events, ==, 1);
  g_assert_cmpint (fixture.last_event_kind, ==, VIGIL_STORE_EVENT_NAUSEA);

  activate (&fixture, "infusion.event", g_variant_new_string ("no-such-event"));
  g_assert_nonnull (vigil_infusion_page_get_error (fixture.page));
  g_assert_cmpuint (fixture.n_events, ==, 1);

  /* A note needs its words: the empty entry is refused. */
  activate (&fixture, "infusion.show-panel", g_variant_new_string ("note"));
  activate (&fixture, "infusion.event", g_variant_new_string ("note"));
  g_assert_nonnull (vigil_infusion_page_get_error (fixture.page));
  g_test_message ("empty note: %s", vigil_infusion_page_get_error (fixture.page));
  g_assert_cmpuint (fixture.n_events, ==, 1);

  activate (&fixture, "infusion.drug", g_variant_new ("(ss)", "Ondansetron", "4 mg IV"));
  assert_confirmation (&fixture, "Ondansetron 4 mg IV");
  g_assert_cmpuint (fixture.n_events, ==, 2);
  g_assert_cmpint (fixture.last_event_kind, ==, VIGIL_STORE_EVENT_DRUG);
  g_assert_cmpstr (vigil_infusion_page_get_panel (fixture.page), ==, "events");

  /* CADSS-6 on demand; an impossible answer is refused. */
  activate (&fixture, "infusion.show-panel", g_variant_new_string ("cadss"));
  g_assert_cmpstr (vigil_infusion_page_get_panel (fixture.page), ==, "cadss");
  g_clear_object (&shot_panel);
  shot_panel = screenshot (&fixture, "infusion-cadss.png");
  activate (&fixture, "infusion.cadss-entered", NULL);
  g_assert_nonnull (vigil_infusion_page_get_error (fixture.page));
  activate (&fixture, "infusion.cadss", g_variant_new ("(iiiiii)", 1, 0, 2, 0, 5, 0));
  g_assert_nonnull (vigil_infusion_page_get_error (fixture.page));
  g_test_message ("CADSS item at 5: %s", vigil_infusion_page_get_error (fixture.page));
  activate (&fixture, "infusion.cadss", g_variant_new ("(iiiiii)", 1, 0, 2, 0, 1, 0));
  assert_confirmation (&fixture, "CADSS-6 total 4");
  g_assert_cmpstr (vigil_infusion_page_get_panel (fixture.page), ==, "events");

  /* Ending early: refused without a reason, the reason asked for inline. */
  activate (&fixture, "infusion.end", g_variant_new_string (""));
  g_assert_nonnull (vigil_infusion_page_get_error (fixture.page));
  g_test_message ("early end without a reason: %s", vigil_infusion_page_get_error (fixture.page));
  g_assert_cmpstr (vigil_infusion_page_get_panel (fixture.page), ==, "end");
  g_clear_object (&shot_panel);
  shot_panel = screenshot (&fixture, "infusion-end-reason.png");
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_INFUSION);
  activate (&fixture, "infusion.end", g_variant_new_string ("Patient asked to stop"));
  assert_confirmation (&fixture, "End of infusion");
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_RECOVERY);
  g_assert_cmpstr (vigil_infusion_page_get_panel (fixture.page), ==, "events");
  g_assert_false (vigil_infusion_page_get_moaas_visible (fixture.page));
  g_assert_null (vigil_infusion_page_get_nibp_text (fixture.page));
  /* The ring stays at the infusion time given: 13 min. */
  run_seconds (&fixture, 30);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "27:00");

  /* What the database holds, read from outside. */
  g_assert_cmpint (count_rows (&fixture, "treatment_steps", "kind = 'start-infusion' AND override = 1"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_steps",
                               "kind = 'pause' AND reason = 'nausea' AND who = '" WHO_NURSE "'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_steps", "kind = 'pause'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_steps", "kind = 'resume'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_steps",
                               "kind = 'end-infusion' AND reason = 'Patient asked to stop'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_events", "kind = 'nausea'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_events",
                               "kind = 'drug' AND drug_name = 'Ondansetron' AND drug_dose = '4 mg IV'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_events", "1"), ==, 2);
  g_assert_cmpint (count_rows (&fixture, "treatment_scores", "scale = 'moaas' AND total = 4"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_scores",
                               "scale = 'cadss6' AND total = 4 AND items = '1,0,2,0,1,0'"), ==, 1);
  g_assert_cmpint (count_rows (&fixture, "treatment_scores", "1"), ==, 2);

  fixture_tear_down (&fixture);
}

/* Past 40:00: overtime on the ring, the CADSS-6 form opens by itself,
 * and ending needs no reason. */
static void
test_overtime (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  VigilTreatment *treatment;
  VigilRingTimer *ring;

  fixture_set_up (&fixture);
  treatment = vigil_treatment_session_get_treatment (fixture.session);
  ring = VIGIL_RING_TIMER (vigil_infusion_page_get_ring_timer (fixture.page));
  g_assert_true (vigil_treatment_session_start_infusion_override (fixture.session, WHO_PHYSICIAN,
                                                                  "Checklist completed on paper", &error));
  g_assert_no_error (error);

  run_seconds (&fixture, 41 * 60 + 5);
  g_assert_true (vigil_ring_timer_get_overtime (ring));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (ring), ==, "+1:05");
  g_test_message ("at 41:05: panel %s, NIBP %s", vigil_infusion_page_get_panel (fixture.page),
                  vigil_infusion_page_get_nibp_text (fixture.page));
  g_assert_cmpstr (vigil_infusion_page_get_panel (fixture.page), ==, "cadss");
  {
    g_autoptr(GdkTexture) shot = NULL;

    activate (&fixture, "infusion.show-panel", g_variant_new_string ("events"));
    shot = screenshot (&fixture, "infusion-overtime.png");
  }

  activate (&fixture, "infusion.end", g_variant_new_string (""));
  assert_confirmation (&fixture, "End of infusion");
  g_assert_cmpint (vigil_treatment_get_phase (treatment), ==, VIGIL_TREATMENT_PHASE_RECOVERY);
  g_assert_cmpint (count_rows (&fixture, "treatment_steps", "kind = 'end-infusion' AND reason IS NULL"), ==, 1);

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the infusion page tests\n");
      return VIGIL_TEST_SKIP;
    }
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/vigil/infusion-page/infusion", test_infusion);
  g_test_add_func ("/vigil/infusion-page/overtime", test_overtime);

  return g_test_run ();
}
