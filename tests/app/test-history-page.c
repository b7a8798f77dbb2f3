/* test-history-page.c — the History page on a real database, in a real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A store file is filled through the store's own API with two patients
 * (one responding, one not improving after three infusions), a demo
 * session for the first, a demo session without a patient, vitals,
 * events and alarms. The window is opened on it as the application does,
 * the History page is driven as a clinician would, and the lists, the
 * series flags, the review prompt, the session's trend and the exports
 * are checked; screenshots are saved and looked at.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vigil-bedside.h"
#include "vigil-history-page.h"
#include "vigil-monitor-test.h"
#include "vigil-trend-chart.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define DAY ((gint64) 24 * 60 * MINUTE)

typedef struct
{
  char         *dir;
  char         *db_path;
  gint64        ana;                 /* responds: PHQ-9 22 → 10 */
  gint64        ben;                 /* 3 infusions, 20 → 18 */
  gint64        ana_latest_session;  /* full vitals, events, alarms */
  gint64        demo_session;        /* simulated, no patient */
  VigilClock   *clock;
  VigilMonitor *monitor;
  GSettings    *settings;
  VigilBedside *bedside;
  VigilWindow  *window;
  VigilHistoryPage *page;
} Fixture;

/* PHQ-9 items that add up to @total, as "a,b,…". */
static char *
phq9_items (int total)
{
  GString *items = g_string_new (NULL);

  for (int i = 0; i < 9; i++)
    {
      int item = MIN (3, total);

      total -= item;
      g_string_append_printf (items, "%s%d", i > 0 ? "," : "", item);
    }
  g_assert_cmpint (total, ==, 0);
  return g_string_free (items, FALSE);
}

static void
push_vital (VigilStore     *store,
            gint64          session,
            VigilParameter  parameter,
            gint64          wall_us,
            double          value,
            double          diastolic,
            double          mean)
{
  VigilObservation observation;
  g_autoptr(GError) error = NULL;

  vigil_observation_init (&observation, parameter);
  observation.quality = VIGIL_QUALITY_VALID;
  observation.value = value;
  observation.diastolic = diastolic;
  observation.mean = mean;
  observation.host_wall_us = wall_us;
  g_assert_true (vigil_store_append_vital (store, session, &observation, &error));
  g_assert_no_error (error);
}

/* An hour at 1 Hz (HR, SpO₂), NIBP every 5 min; HR rises over 120 for a
 * while and SpO₂ dips, as the alarms below say. */
static void
add_vitals (VigilStore *store,
            gint64      session,
            gint64      start_us,
            guint       minutes)
{
  g_autoptr(GError) error = NULL;

  for (guint s = 0; s < minutes * 60; s++)
    {
      gint64 t = start_us + (gint64) s * G_USEC_PER_SEC;
      double hr = 72 + 10 * sin (s / 300.0) + (s >= 1500 && s < 1700 ? 55 : 0);
      double spo2 = 97 - (s >= 2000 && s < 2100 ? 8 : 0) + 0.5 * sin (s / 40.0);

      push_vital (store, session, VIGIL_PARAMETER_HR, t, hr, NAN, NAN);
      push_vital (store, session, VIGIL_PARAMETER_SPO2, t, spo2, NAN, NAN);
      if (s % 300 == 0)
        push_vital (store, session, VIGIL_PARAMETER_NIBP, t,
                    128 + 20 * sin (s / 1200.0), 80 + 8 * sin (s / 1200.0), 96);
    }
  g_assert_true (vigil_store_flush_vitals (store, &error));
  g_assert_no_error (error);
}

static void
add_alarm (VigilStore        *store,
           gint64             session,
           VigilAlarmLogKind  kind,
           VigilAlarmId       id,
           VigilAlarmPriority priority,
           gint64             wall_us,
           double             value,
           double             limit,
           const char        *message,
           const char        *who)
{
  g_autoptr(VigilAlarmLogEntry) entry = vigil_alarm_log_entry_new (kind, id);
  g_autoptr(GError) error = NULL;

  entry->wall_us = wall_us;
  entry->priority = priority;
  entry->value = value;
  entry->limit = limit;
  entry->message = g_strdup (message);
  entry->who = g_strdup (who);
  g_assert_true (vigil_store_append_alarm (store, session, entry, &error));
  g_assert_no_error (error);
}

static void
add_step (VigilStore             *store,
          gint64                  treatment,
          VigilTreatmentStepKind  kind,
          gint64                  wall_us)
{
  g_autoptr(VigilTreatmentStep) step = vigil_treatment_step_new (kind, wall_us, "RN Okafor", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_append_treatment_step (store, treatment, step, &error));
  g_assert_no_error (error);
}

/* One infusion of a series, 85 minutes long, discharged. Returns the
 * monitoring session. */
static gint64
add_infusion (VigilStore *store,
              gint64      patient,
              guint       number,
              gboolean    simulated,
              gint64      start_us,
              int         phq9,
              gint64     *out_treatment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *items = phq9_items (phq9);
  VigilStoreScore score = { 0 };
  gint64 session, treatment;

  session = vigil_store_begin_session (store, start_us, simulated, simulated ? "baseline" : NULL);
  treatment = vigil_store_create_treatment (store, patient, session, number, 6, FALSE, simulated,
                                            NULL, start_us, &error);
  g_assert_no_error (error);
  g_assert_cmpint (treatment, >, 0);

  score.treatment_id = treatment;
  score.wall_us = start_us + 2 * MINUTE;
  score.scale = VIGIL_STORE_SCALE_PHQ9;
  score.items = items;
  score.total = phq9;
  score.who = (char *) "RN Okafor";
  g_assert_true (vigil_store_append_score (store, &score, &error));
  g_assert_no_error (error);

  add_step (store, treatment, VIGIL_TREATMENT_STEP_START_INFUSION, start_us + 10 * MINUTE);
  add_step (store, treatment, VIGIL_TREATMENT_STEP_END_INFUSION, start_us + 50 * MINUTE);
  add_step (store, treatment, VIGIL_TREATMENT_STEP_READY, start_us + 80 * MINUTE);
  add_step (store, treatment, VIGIL_TREATMENT_STEP_DISCHARGE, start_us + 84 * MINUTE);
  g_assert_true (vigil_store_end_session (store, session, start_us + 85 * MINUTE, &error));
  g_assert_no_error (error);

  if (out_treatment != NULL)
    *out_treatment = treatment;
  return session;
}

static gint64
add_patient (VigilStore *store,
             const char *name,
             const char *clinic_id)
{
  VigilStorePatient patient = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  patient.name = (char *) name;
  patient.clinic_id = (char *) clinic_id;
  patient.weight_kg = 70;
  patient.created_at_us = VIGIL_TEST_WALL_START_US - 30 * DAY;
  id = vigil_store_create_patient (store, &patient, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fill_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (fixture->db_path, &error);
  static const int ana_phq9[] = { 22, 17, 13, 10 };
  static const int ben_phq9[] = { 20, 19, 18 };
  gint64 start = VIGIL_TEST_WALL_START_US - 20 * DAY;
  gint64 treatment = 0, latest_start;
  VigilStoreTreatmentEvent event = { 0 };

  g_assert_no_error (error);
  fixture->ana = add_patient (store, "Ana García-Núñez", "MRN-0001");
  fixture->ben = add_patient (store, "Ben O'Connor", "MRN-0002");

  for (guint i = 0; i < G_N_ELEMENTS (ana_phq9); i++)
    {
      latest_start = start + i * 3 * DAY;
      fixture->ana_latest_session = add_infusion (store, fixture->ana, i + 1, FALSE, latest_start,
                                                  ana_phq9[i], &treatment);
    }
  /* The last infusion, recorded in full. */
  add_vitals (store, fixture->ana_latest_session, latest_start, 85);
  event.treatment_id = treatment;
  event.wall_us = latest_start + 22 * MINUTE;
  event.kind = VIGIL_STORE_EVENT_NAUSEA;
  event.who = (char *) "RN Okafor";
  g_assert_true (vigil_store_append_treatment_event (store, &event, &error));
  g_assert_no_error (error);
  event.wall_us = latest_start + 24 * MINUTE;
  event.kind = VIGIL_STORE_EVENT_DRUG;
  event.drug_name = (char *) "ondansetron";
  event.drug_dose = (char *) "4 mg";
  g_assert_true (vigil_store_append_treatment_event (store, &event, &error));
  g_assert_no_error (error);
  add_alarm (store, fixture->ana_latest_session, VIGIL_ALARM_LOG_START, VIGIL_ALARM_HR_HIGH,
             VIGIL_ALARM_PRIORITY_MEDIUM, latest_start + 25 * MINUTE + 10 * G_USEC_PER_SEC,
             127, 120, "HR 127 > 120", NULL);
  add_alarm (store, fixture->ana_latest_session, VIGIL_ALARM_LOG_ACKNOWLEDGE, VIGIL_ALARM_HR_HIGH,
             VIGIL_ALARM_PRIORITY_MEDIUM, latest_start + 26 * MINUTE, 126, 120, NULL, "RN Okafor");
  add_alarm (store, fixture->ana_latest_session, VIGIL_ALARM_LOG_END, VIGIL_ALARM_HR_HIGH,
             VIGIL_ALARM_PRIORITY_MEDIUM, latest_start + 28 * MINUTE + 20 * G_USEC_PER_SEC,
             NAN, NAN, NULL, NULL);
  add_alarm (store, fixture->ana_latest_session, VIGIL_ALARM_LOG_START, VIGIL_ALARM_SPO2_LOW,
             VIGIL_ALARM_PRIORITY_MEDIUM, latest_start + 33 * MINUTE + 30 * G_USEC_PER_SEC,
             89, 90, "SpO₂ 89 < 90", NULL);
  add_alarm (store, fixture->ana_latest_session, VIGIL_ALARM_LOG_END, VIGIL_ALARM_SPO2_LOW,
             VIGIL_ALARM_PRIORITY_MEDIUM, latest_start + 35 * MINUTE, NAN, NAN, NULL, NULL);

  /* A training run on Ana's record: simulated, so it never counts in her
   * series (its PHQ-9 of 2 would otherwise read as a remission). */
  add_infusion (store, fixture->ana, 5, TRUE, latest_start + DAY, 2, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ben_phq9); i++)
    add_infusion (store, fixture->ben, i + 1, FALSE, start + MINUTE * 200 + i * 4 * DAY, ben_phq9[i], NULL);

  /* Demo mode with no patient: monitoring only. */
  fixture->demo_session = vigil_store_begin_session (store, VIGIL_TEST_WALL_START_US - 2 * DAY, TRUE, "desaturation");
  add_vitals (store, fixture->demo_session, VIGIL_TEST_WALL_START_US - 2 * DAY, 20);
  g_assert_true (vigil_store_end_session (store, fixture->demo_session,
                                          VIGIL_TEST_WALL_START_US - 2 * DAY + 20 * MINUTE, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  GtkWidget *found;

  fixture->dir = g_dir_make_tmp ("vigil-history-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "vigil.db", NULL);
  fill_store (fixture);

  /* The application's path: the store opened at start-up, a bedside on a
   * monitor, the window given the bedside. */
  store = vigil_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->clock = vigil_clock_new_manual (VIGIL_TEST_WALL_START_US);
  fixture->monitor = vigil_monitor_new (fixture->clock);
  fixture->settings = g_settings_new (VIGIL_APP_ID);
  fixture->bedside = vigil_bedside_new (fixture->monitor, store, NULL, fixture->settings);
  vigil_bedside_start (fixture->bedside);

  fixture->window = vigil_window_new (NULL, fixture->monitor, fixture->settings);
  vigil_window_set_bedside (fixture->window, fixture->bedside);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));

  found = vigil_widget_test_find_child (GTK_WIDGET (fixture->window), "history-page");
  g_assert_nonnull (found);
  fixture->page = VIGIL_HISTORY_PAGE (gtk_widget_get_ancestor (found, VIGIL_TYPE_HISTORY_PAGE));
  g_assert_nonnull (fixture->page);
}

static void
fixture_tear_down (Fixture *fixture)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  vigil_bedside_stop (fixture->bedside);
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->bedside);
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->clock);
  g_clear_object (&fixture->settings);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, suffixes[i], NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static GdkTexture *
screenshot (Fixture    *fixture,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (fixture->window));
  vigil_widget_test_save (texture, basename);
  /* Whatever the page shows, the window keeps to a 1280 × 800 screen. */
  g_assert_cmpint (gdk_texture_get_width (texture), <=, 1280);
  g_assert_cmpint (gdk_texture_get_height (texture), <=, 800);
  return texture;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

static void
assert_not_contains (const char *text,
                     const char *part)
{
  if (text != NULL && strstr (text, part) != NULL)
    g_error ("“%s” contains “%s”", text, part);
}

static gboolean
is_prompt_blue (guint8 r,
                guint8 g,
                guint8 b)
{
  return b >= 150 && b > r + 40 && g >= 80 && g < b;
}

static void
test_history (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *chart, *prompt;
  graphene_rect_t area;
  int min_width = 0;

  fixture_set_up (&fixture);

  /* Six pages on the page bar, and the window still fits 1280 px. */
  gtk_widget_measure (GTK_WIDGET (fixture.window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 1280);
  g_object_set (fixture.window, "page", "history", NULL);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture.page)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture.window)), <=, 1280);

  /* Patients by name, then the sessions without one: the demo and the
   * session running now. */
  g_assert_cmpuint (vigil_history_page_get_n_patients (fixture.page), ==, 3);
  {
    g_autofree char *ana = vigil_history_page_get_patient_text (fixture.page, 0);
    g_autofree char *ben = vigil_history_page_get_patient_text (fixture.page, 1);
    g_autofree char *none = vigil_history_page_get_patient_text (fixture.page, 2);

    assert_contains (ana, "Ana García-Núñez — MRN-0001 · 5 sessions");
    assert_not_contains (ana, "SIMULATED");
    assert_contains (ben, "Ben O'Connor — MRN-0002 · 3 sessions");
    assert_contains (none, "Monitoring only — 2 sessions");
  }

  /* Ana: newest first; the training run is marked and left out of the
   * series. */
  g_assert_true (vigil_history_page_select_patient (fixture.page, fixture.ana));
  g_assert_cmpuint (vigil_history_page_get_n_sessions (fixture.page), ==, 5);
  {
    g_autofree char *row0 = vigil_history_page_get_session_text (fixture.page, 0);
    g_autofree char *row1 = vigil_history_page_get_session_text (fixture.page, 1);
    g_autofree char *row4 = vigil_history_page_get_session_text (fixture.page, 4);

    assert_contains (row0, "SIMULATED ");
    assert_contains (row0, "Infusion 5 of 6");
    assert_contains (row0, "PHQ-9 2");
    assert_not_contains (row0, "%");
    assert_not_contains (row1, "SIMULATED");
    assert_contains (row1, "Infusion 4 of 6 · 1 h 25 min · 2 alarms · PHQ-9 10 (-55 %)");
    assert_contains (row4, "Infusion 1 of 6 · 1 h 25 min · no alarms · PHQ-9 22 (+0 %)");
  }
  assert_contains (vigil_history_page_get_series_text (fixture.page),
                   "PHQ-9 22 → 10 (-55 % from the first) over 4 infusions.");
  assert_contains (vigil_history_page_get_series_text (fixture.page), "Response");
  assert_not_contains (vigil_history_page_get_series_text (fixture.page), "Remission");
  assert_not_contains (vigil_history_page_get_series_text (fixture.page), "SIMULATED");
  g_assert_null (vigil_history_page_get_review_prompt (fixture.page));
  shot = screenshot (&fixture, "history-patient-response.png");
  g_clear_object (&shot);

  /* Ben: three infusions, 20 → 18: the physician review prompt. */
  g_assert_true (vigil_history_page_select_patient (fixture.page, fixture.ben));
  g_assert_cmpuint (vigil_history_page_get_n_sessions (fixture.page), ==, 3);
  assert_contains (vigil_history_page_get_series_text (fixture.page), "PHQ-9 20 → 18 (-10 % from the first) over 3 infusions.");
  assert_not_contains (vigil_history_page_get_series_text (fixture.page), "Response");
  assert_contains (vigil_history_page_get_review_prompt (fixture.page), "No meaningful improvement after 3 infusions");
  assert_contains (vigil_history_page_get_review_prompt (fixture.page), "Physician review");
  shot = screenshot (&fixture, "history-patient-review.png");
  prompt = vigil_widget_test_find_child (GTK_WIDGET (fixture.page), "review-prompt");
  g_assert_nonnull (prompt);
  g_assert_true (gtk_widget_get_mapped (prompt));
  area = vigil_widget_test_area (prompt, GTK_WIDGET (fixture.window));
  pixels = vigil_pixels_new (shot);
  /* The prompt's frame is drawn in the information blue. */
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, is_prompt_blue), >, 100);
  g_clear_pointer (&pixels, vigil_pixels_free);
  g_clear_object (&shot);

  /* Sessions without a patient. */
  g_assert_true (vigil_history_page_select_patient (fixture.page, VIGIL_HISTORY_NO_PATIENT));
  g_assert_cmpuint (vigil_history_page_get_n_sessions (fixture.page), ==, 2);
  {
    g_autofree char *running = vigil_history_page_get_session_text (fixture.page, 0);
    g_autofree char *demo = vigil_history_page_get_session_text (fixture.page, 1);

    assert_contains (running, "Monitoring only");
    assert_contains (running, "in progress");
    assert_contains (demo, "SIMULATED ");
    assert_contains (demo, "Monitoring only · 20 min · no alarms · PHQ-9 —");
  }
  g_assert_null (vigil_history_page_get_series_text (fixture.page));

  /* Ana's last infusion: the row's action opens it. */
  g_assert_true (vigil_history_page_select_patient (fixture.page, fixture.ana));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "history.open-session", "x",
                                             fixture.ana_latest_session));
  g_assert_cmpint (vigil_history_page_get_open_session (fixture.page), ==, fixture.ana_latest_session);
  chart = vigil_history_page_get_chart (fixture.page);
  g_assert_true (gtk_widget_get_mapped (chart));
  g_assert_cmpuint (vigil_trend_chart_get_n_lanes (VIGIL_TREND_CHART (chart)), ==, 3);
  /* Two events, two alarm onsets, three phase steps. */
  g_assert_cmpuint (vigil_trend_chart_get_n_markers (VIGIL_TREND_CHART (chart)), ==, 7);
  {
    gint64 start_us, end_us;

    g_assert_true (vigil_trend_chart_get_visible_range (VIGIL_TREND_CHART (chart), &start_us, &end_us));
    g_assert_cmpint (end_us - start_us, ==, 85 * MINUTE);
  }
  /* PHQ-9, 4 steps, 2 events, 5 alarm entries, in time order. */
  g_assert_cmpuint (vigil_history_page_get_n_records (fixture.page), ==, 12);
  {
    g_autofree char *first = vigil_history_page_get_record_text (fixture.page, 0);
    g_autofree char *nausea = vigil_history_page_get_record_text (fixture.page, 2);
    g_autofree char *drug = vigil_history_page_get_record_text (fixture.page, 3);
    g_autofree char *alarm = vigil_history_page_get_record_text (fixture.page, 4);
    g_autofree char *ack = vigil_history_page_get_record_text (fixture.page, 5);

    assert_contains (first, "PHQ-9 10 — RN Okafor");
    assert_contains (nausea, "Nausea — RN Okafor");
    assert_contains (drug, "Drug given: ondansetron 4 mg");
    assert_contains (alarm, "!! A3 HR 127 > 120 — started");
    assert_contains (ack, "acknowledged — RN Okafor");
  }

  shot = screenshot (&fixture, "history-session.png");
  pixels = vigil_pixels_new (shot);
  area = vigil_widget_test_area (chart, GTK_WIDGET (fixture.window));
  /* The stored HR (green) and SpO₂ (cyan) traces are drawn. */
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_green), >, 300);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), >, 300);
  g_clear_pointer (&pixels, vigil_pixels_free);
  g_clear_object (&shot);

  /* The buttons' path once a file is chosen. */
  {
    g_autofree char *pdf = g_build_filename (fixture.dir, "report.pdf", NULL);
    g_autofree char *csv = g_build_filename (fixture.dir, "session.csv", NULL);
    g_autofree char *bad = g_build_filename (fixture.dir, "no-such-folder", "report.pdf", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (vigil_history_page_export_pdf (fixture.page, pdf, VIGIL_REPORT_PAPER_A4, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    assert_contains (vigil_history_page_get_export_status (fixture.page), "Report saved to");
    g_clear_pointer (&contents, g_free);

    g_assert_true (vigil_history_page_export_csv (fixture.page, csv, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv, &contents, &length, NULL));
    /* A header row, then the session's rows: 85 min of HR and SpO₂ at
     * least. */
    {
      g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

      g_assert_cmpuint (g_strv_length (lines), >, 2 * 85 * 60);
    }
    assert_contains (vigil_history_page_get_export_status (fixture.page), "CSV saved to");
    g_clear_pointer (&contents, g_free);

    /* A failure is said in the page, not swallowed. */
    g_assert_false (vigil_history_page_export_pdf (fixture.page, bad, VIGIL_REPORT_PAPER_LETTER, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    assert_contains (vigil_history_page_get_export_status (fixture.page), "no-such-folder");
    shot = screenshot (&fixture, "history-session-export-error.png");
    g_clear_object (&shot);
    g_unlink (pdf);
    g_unlink (csv);
  }

  /* Back to the sessions; a refresh (the page shown again) keeps them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "history.back", NULL));
  g_assert_cmpint (vigil_history_page_get_open_session (fixture.page), ==, 0);
  vigil_history_page_refresh (fixture.page);
  g_assert_cmpuint (vigil_history_page_get_n_sessions (fixture.page), ==, 5);
  g_assert_nonnull (vigil_history_page_get_series_text (fixture.page));

  fixture_tear_down (&fixture);
}

/* The demo session: SIMULATED on the session view too. */
static void
test_simulated_session (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *mark;

  fixture_set_up (&fixture);
  g_object_set (fixture.window, "page", "history", NULL);
  g_assert_true (vigil_history_page_open_session (fixture.page, fixture.demo_session, &error));
  g_assert_no_error (error);
  mark = vigil_widget_test_find_child (GTK_WIDGET (fixture.page), "simulated-mark");
  g_assert_nonnull (mark);
  g_assert_true (gtk_widget_get_mapped (mark));
  g_assert_cmpuint (vigil_trend_chart_get_n_markers (VIGIL_TREND_CHART (vigil_history_page_get_chart (fixture.page))), ==, 0);
  shot = screenshot (&fixture, "history-simulated-session.png");

  /* An unknown session is an error, not a crash or an empty view. */
  g_assert_false (vigil_history_page_open_session (fixture.page, 9999, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  fixture_tear_down (&fixture);
}

static void
test_paper (void)
{
  g_assert_cmpint (vigil_history_page_paper_for_locale ("en_US.UTF-8"), ==, VIGIL_REPORT_PAPER_LETTER);
  g_assert_cmpint (vigil_history_page_paper_for_locale ("fr_CA.UTF-8"), ==, VIGIL_REPORT_PAPER_LETTER);
  g_assert_cmpint (vigil_history_page_paper_for_locale ("en_CA"), ==, VIGIL_REPORT_PAPER_LETTER);
  g_assert_cmpint (vigil_history_page_paper_for_locale ("es_US@x"), ==, VIGIL_REPORT_PAPER_LETTER);
  g_assert_cmpint (vigil_history_page_paper_for_locale ("en_GB.UTF-8"), ==, VIGIL_REPORT_PAPER_A4);
  g_assert_cmpint (vigil_history_page_paper_for_locale ("es_ES.UTF-8"), ==, VIGIL_REPORT_PAPER_A4);
  g_assert_cmpint (vigil_history_page_paper_for_locale ("de_DE@euro"), ==, VIGIL_REPORT_PAPER_A4);
  g_assert_cmpint (vigil_history_page_paper_for_locale ("en_USA"), ==, VIGIL_REPORT_PAPER_A4);
  g_assert_cmpint (vigil_history_page_paper_for_locale ("C.UTF-8"), ==, VIGIL_REPORT_PAPER_A4);
  /* The tests run under C.UTF-8. */
  g_assert_cmpint (vigil_history_page_paper_for_locale (NULL), ==, VIGIL_REPORT_PAPER_A4);
}

/* The page alone: its template loads, and nothing leaks without a store. */
static void
test_no_store (void)
{
  GtkWidget *page = g_object_new (VIGIL_TYPE_HISTORY_PAGE, NULL);

  g_object_ref_sink (page);
  g_assert_cmpuint (vigil_history_page_get_n_patients (VIGIL_HISTORY_PAGE (page)), ==, 0);
  vigil_history_page_set_store (VIGIL_HISTORY_PAGE (page), NULL, 0);
  g_assert_cmpuint (vigil_history_page_get_n_patients (VIGIL_HISTORY_PAGE (page)), ==, 0);
  g_assert_false (vigil_history_page_open_session (VIGIL_HISTORY_PAGE (page), 1, NULL));
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the history page test\n");
      return VIGIL_TEST_SKIP;
    }
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/vigil/history-page/no-store", test_no_store);
  g_test_add_func ("/vigil/history-page/paper", test_paper);
  g_test_add_func ("/vigil/history-page/history", test_history);
  g_test_add_func ("/vigil/history-page/simulated-session", test_simulated_session);

  return g_test_run ();
}
