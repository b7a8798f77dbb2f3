/* test-checklist-page.c — the "Before" page driven as a nurse would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real store in a temporary folder, the "normal" demo through a real pty
 * on a manual clock, and a real treatment session. Every item is answered
 * through the page's actions (one by a real button): the missing list
 * shrinks, "Start infusion" stays disabled until the checklist is complete,
 * and then starts the infusion. Screenshots go to the build dir.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "vigil-checklist-page.h"
#include "vigil-monitor-test.h"
#include "vigil-widget-test.h"

#define WHO "Dr. Lena Brandt"

typedef struct
{
  VigilMonitorTest       mt;
  char                  *dir;
  char                  *db_path;
  VigilStore            *store;
  VigilTreatmentSession *session;
  GtkWidget             *window;
  VigilChecklistPage    *page;
  GtkWidget             *start_button;
} Fixture;

/* The application loads style.css for the whole display; so does this test. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  VigilStorePatient patient = { 0, (char *) "Ada Lovelace", (char *) "MRN-1815", (char *) "1985-12-10",
                                72.5, (char *) "Dr. Karen Horney", 0 };
  gint64 patient_id;

  vigil_monitor_test_set_up (&f->mt, "normal", 7);
  f->dir = g_dir_make_tmp ("vigil-checklist-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "vigil.db", NULL);
  f->store = vigil_store_open (f->db_path, &error);
  g_assert_no_error (error);
  patient_id = vigil_store_create_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  f->session = vigil_treatment_session_new (f->store, f->mt.monitor, NULL, patient_id, 1, 6, FALSE, 0, &error);
  g_assert_no_error (error);

  f->page = VIGIL_CHECKLIST_PAGE (vigil_checklist_page_new ());
  g_object_ref_sink (f->page);
  vigil_checklist_page_set_user_name (f->page, WHO);
  vigil_checklist_page_set_session (f->page, f->session);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 880, 620);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (f->page));
  f->start_button = vigil_widget_test_find_child (GTK_WIDGET (f->page), "checklist-start");
  g_assert_nonnull (f->start_button);
}

static void
fixture_tear_down (Fixture *f)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->page);
  g_assert_finalize_object (f->session);
  g_assert_finalize_object (f->store);
  vigil_monitor_test_tear_down (&f->mt);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->db_path, suffixes[i], NULL);

      g_remove (file);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->db_path);
  g_free (f->dir);
}

static VigilChecklist *
checklist (Fixture *f)
{
  return vigil_treatment_session_get_checklist (f->session);
}

static guint
n_missing (Fixture *f)
{
  g_auto(GStrv) missing = vigil_checklist_list_missing (checklist (f));

  return g_strv_length (missing);
}

static VigilChecklistState
state_of (Fixture    *f,
          const char *key)
{
  VigilChecklistItem item;

  g_assert_true (vigil_checklist_get_item (checklist (f), key, &item));
  return item.state;
}

static const char *
title_of (Fixture    *f,
          const char *key)
{
  VigilChecklistItem item;

  g_assert_true (vigil_checklist_get_item (checklist (f), key, &item));
  return item.title;
}

/* The bar names every missing item, and Start is disabled while any is. */
static void
assert_bar (Fixture *f)
{
  g_auto(GStrv) missing = vigil_checklist_list_missing (checklist (f));
  const char *text = vigil_checklist_page_get_missing_text (f->page);

  g_assert_nonnull (text);
  for (guint i = 0; missing[i] != NULL; i++)
    g_assert_nonnull (strstr (text, missing[i]));
  g_assert_cmpint (gtk_widget_get_sensitive (f->start_button), ==, missing[0] == NULL);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->page), action, parameter));
}

/* Answers @key through the page and checks the missing list shrank by
 * @shrink, the item is off the bar, and the page shows no error. */
static void
answer_step (Fixture    *f,
             const char *key,
             const char *value,
             guint       shrink)
{
  guint before = n_missing (f);
  g_autofree char *title = g_strdup (title_of (f, key));

  activate (f, "checklist.answer", g_variant_new ("(ss)", key, value));
  g_assert_null (vigil_checklist_page_get_error (f->page));
  g_assert_cmpint (state_of (f, key), ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_cmpuint (n_missing (f), ==, before - shrink);
  g_assert_null (strstr (vigil_checklist_page_get_missing_text (f->page), title));
  assert_bar (f);
}

/* A refusal is on the page with the session's own message. */
static void
assert_error_shown (Fixture *f)
{
  const char *text = vigil_checklist_page_get_error (f->page);
  GtkWidget *label = vigil_widget_test_find_child (GTK_WIDGET (f->page), "limit-error");

  g_assert_nonnull (text);
  g_assert_cmpstr (text, !=, "The answer could not be recorded.");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, text);
}

static char *
local_hhmm_before (Fixture *f,
                   gint64   ago_us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local ((vigil_clock_get_wall (f->mt.clock) - ago_us)
                                                            / G_USEC_PER_SEC);

  return g_date_time_format (t, "%H:%M");
}

static GdkTexture *
screenshot (Fixture    *f,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (f->window, 3);
  texture = vigil_widget_test_screenshot (f->window);
  vigil_widget_test_save (texture, basename);
  return texture;
}

/* The enabled Start button is green; disabled, it is grey. */
static guint
start_green_pixels (Fixture    *f,
                    GdkTexture *texture)
{
  g_autoptr(VigilPixels) pixels = vigil_pixels_new (texture);
  graphene_rect_t area = vigil_widget_test_area (f->start_button, f->window);

  return vigil_pixels_count (pixels, &area, vigil_pixel_is_green);
}

static void
scroll_to (Fixture    *f,
           const char *key)
{
  GtkWidget *button = vigil_checklist_page_get_answer_button (f->page, key);
  GtkWidget *scroller = gtk_widget_get_ancestor (button, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t p;

  vigil_widget_test_wait_frames (f->window, 2);
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  g_assert_true (gtk_widget_compute_point (button, content, &GRAPHENE_POINT_INIT (0, 0), &p));
  gtk_adjustment_set_value (adj, MAX (p.y - 80, 0));
}

static void
test_walk (void)
{
  Fixture f = { 0 };
  g_autoptr(GdkTexture) empty = NULL, half = NULL, complete = NULL;
  g_autofree char *food = NULL, *liquid_early = NULL, *liquid = NULL;
  GtkWidget *identity;
  gint64 deadline;
  VigilChecklistItem item;
  guint before;

  fixture_set_up (&f);

  /* Nothing answered: 17 required items (the PHQ-9 review is not yet),
   * all named on the bar; Start is disabled and does nothing. */
  g_assert_cmpuint (n_missing (&f), ==, 17);
  assert_bar (&f);
  g_assert_nonnull (strstr (vigil_checklist_page_get_missing_text (f.page), "Consent"));
  g_assert_false (gtk_widget_get_sensitive (f.start_button));
  gtk_widget_activate_action (GTK_WIDGET (f.page), "checklist.start", NULL);
  g_assert_cmpint (vigil_treatment_get_phase (vigil_treatment_session_get_treatment (f.session)), ==,
                   VIGIL_TREATMENT_PHASE_BEFORE);
  empty = screenshot (&f, "checklist-empty.png");
  g_assert_cmpuint (start_green_pixels (&f, empty), ==, 0);

  /* The monitor's two NIBP readings 5 min apart fill the baseline vitals. */
  vigil_monitor_test_run (&f.mt, 302);
  vigil_checklist_page_refresh (f.page);
  g_assert_cmpint (state_of (&f, "baseline-nibp"), ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_cmpint (state_of (&f, "baseline-hr"), ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_cmpint (state_of (&f, "baseline-spo2"), ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_cmpuint (n_missing (&f), ==, 14);
  assert_bar (&f);

  /* A real tap on the identity row's Confirm button. */
  before = n_missing (&f);
  identity = vigil_checklist_page_get_answer_button (f.page, "identity");
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_assert_true (gtk_widget_get_sensitive (identity));
  gtk_widget_activate (identity);
  /* The button shows its pressed state for a moment, then clicks. */
  while (state_of (&f, "identity") == VIGIL_CHECKLIST_STATE_NOT_DONE && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (state_of (&f, "identity"), ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_true (vigil_checklist_get_item (checklist (&f), "identity", &item));
  g_assert_cmpstr (item.who, ==, WHO);
  g_assert_cmpuint (n_missing (&f), ==, before - 1);
  g_assert_false (gtk_widget_get_sensitive (identity));

  answer_step (&f, "consent", "confirmed", 1);
  answer_step (&f, "escort-name", "Charles Babbage", 1);
  answer_step (&f, "escort-phone", "+44 20 7946 0000", 1);
  answer_step (&f, "transport", "confirmed", 1);
  answer_step (&f, "medications", "confirmed", 1);

  /* Food 3 h ago holds; clear liquid 10 min ago does not (30 min needed):
   * answered, but still missing until overridden with a reason. */
  food = local_hhmm_before (&f, 3 * G_TIME_SPAN_HOUR);
  answer_step (&f, "last-food", food, 1);
  liquid_early = local_hhmm_before (&f, 10 * G_TIME_SPAN_MINUTE);
  before = n_missing (&f);
  activate (&f, "checklist.answer", g_variant_new ("(ss)", "last-liquid", liquid_early));
  g_assert_null (vigil_checklist_page_get_error (f.page));
  g_assert_cmpint (state_of (&f, "last-liquid"), ==, VIGIL_CHECKLIST_STATE_NOT_DONE);
  g_assert_true (vigil_checklist_get_item (checklist (&f), "last-liquid", &item));
  g_assert_nonnull (item.problem);
  g_assert_cmpuint (n_missing (&f), ==, before);
  /* A time that is not a time, and an override without a reason, are
   * refused on the page. */
  activate (&f, "checklist.answer", g_variant_new ("(ss)", "last-liquid", "half past six"));
  assert_error_shown (&f);
  activate (&f, "checklist.override", g_variant_new ("(ss)", "last-liquid", ""));
  assert_error_shown (&f);
  g_assert_cmpint (state_of (&f, "last-liquid"), ==, VIGIL_CHECKLIST_STATE_NOT_DONE);
  scroll_to (&f, "last-food");
  half = screenshot (&f, "checklist-half.png");
  g_assert_cmpuint (start_green_pixels (&f, half), ==, 0);
  activate (&f, "checklist.override", g_variant_new ("(ss)", "last-liquid", "sip of water with medication"));
  g_assert_null (vigil_checklist_page_get_error (f.page));
  g_assert_cmpint (state_of (&f, "last-liquid"), ==, VIGIL_CHECKLIST_STATE_OVERRIDDEN);
  g_assert_cmpuint (n_missing (&f), ==, before - 1);
  assert_bar (&f);

  /* PHQ-9 with item 9 above 0: recorded, and the clinician's review becomes
   * a required item of its own (the list shrinks by one, grows by one). */
  before = n_missing (&f);
  activate (&f, "checklist.answer", g_variant_new ("(ss)", "phq9", "2,2,2,1,1,2,1,1,1"));
  g_assert_null (vigil_checklist_page_get_error (f.page));
  g_assert_cmpint (state_of (&f, "phq9"), ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_cmpuint (n_missing (&f), ==, before);
  g_assert_nonnull (strstr (vigil_checklist_page_get_missing_text (f.page), title_of (&f, "phq9-review")));
  answer_step (&f, "phq9-review", "confirmed", 1);

  /* MOAA/S 4 does not pass its gate; 5 does. */
  activate (&f, "checklist.answer", g_variant_new ("(ss)", "baseline-moaas", "4"));
  g_assert_cmpint (state_of (&f, "baseline-moaas"), ==, VIGIL_CHECKLIST_STATE_NOT_DONE);
  answer_step (&f, "baseline-moaas", "5", 1);

  /* The monitor answers the sound item from its real self-test: a failure
   * is a failed gate, not a tick. */
  activate (&f, "checklist.answer", g_variant_new ("(ss)", "sound-self-test", "failed: no audio output"));
  g_assert_cmpint (state_of (&f, "sound-self-test"), ==, VIGIL_CHECKLIST_STATE_NOT_DONE);
  g_assert_true (vigil_checklist_get_item (checklist (&f), "sound-self-test", &item));
  g_assert_nonnull (item.problem);
  scroll_to (&f, "devices-connected");
  g_clear_object (&complete);
  complete = screenshot (&f, "checklist-sound-failed.png");
  answer_step (&f, "sound-self-test", VIGIL_CHECKLIST_SOUND_PASSED, 1);
  answer_step (&f, "devices-connected", "confirmed", 1);
  g_assert_cmpuint (n_missing (&f), ==, 2);
  g_assert_false (gtk_widget_get_sensitive (f.start_button));

  /* The dose: letters are refused; 160 lb confirmed by the page's name
   * answers both the weight and the dose items. */
  activate (&f, "checklist.set-dose", g_variant_new ("(sssss)", "seventy", "kg", "0.5", "100", "100"));
  assert_error_shown (&f);
  g_assert_cmpuint (n_missing (&f), ==, 2);
  activate (&f, "checklist.set-dose", g_variant_new ("(sssss)", "160", "lb", "0.5", "100", "100"));
  g_assert_null (vigil_checklist_page_get_error (f.page));
  g_assert_cmpint (state_of (&f, "weight"), ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_cmpint (state_of (&f, "dose-confirmed"), ==, VIGIL_CHECKLIST_STATE_DONE);
  g_assert_true (vigil_checklist_get_item (checklist (&f), "dose-confirmed", &item));
  g_assert_cmpstr (item.who, ==, WHO);
  g_assert_nonnull (strstr (item.value, "160 lb"));
  g_assert_nonnull (strstr (item.value, WHO));

  /* Complete: the bar says so and Start is enabled. */
  g_assert_cmpuint (n_missing (&f), ==, 0);
  g_assert_true (vigil_checklist_is_complete (checklist (&f)));
  assert_bar (&f);
  g_assert_true (gtk_widget_get_sensitive (f.start_button));
  scroll_to (&f, "phq9-review");
  g_clear_object (&complete);
  complete = screenshot (&f, "checklist-complete-baseline.png");
  g_assert_cmpuint (start_green_pixels (&f, complete), >, 200);
  g_clear_object (&complete);
  scroll_to (&f, "identity");
  complete = screenshot (&f, "checklist-complete.png");
  g_assert_cmpuint (start_green_pixels (&f, complete), >, 200);

  activate (&f, "checklist.start", NULL);
  g_assert_null (vigil_checklist_page_get_error (f.page));
  g_assert_cmpint (vigil_treatment_get_phase (vigil_treatment_session_get_treatment (f.session)), ==,
                   VIGIL_TREATMENT_PHASE_INFUSION);
  g_assert_false (gtk_widget_get_sensitive (f.start_button));
  g_assert_false (gtk_widget_get_sensitive (vigil_checklist_page_get_answer_button (f.page, "consent")));

  fixture_tear_down (&f);
}

static void
test_lifecycle (void)
{
  GtkWidget *page = vigil_checklist_page_new ();

  g_object_ref_sink (page);
  g_assert_null (vigil_checklist_page_get_error (VIGIL_CHECKLIST_PAGE (page)));
  g_assert_nonnull (vigil_checklist_page_get_answer_button (VIGIL_CHECKLIST_PAGE (page), "consent"));
  g_assert_null (vigil_checklist_page_get_answer_button (VIGIL_CHECKLIST_PAGE (page), "no-such-item"));
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;
  load_style ();

  g_test_add_func ("/vigil/checklist-page/lifecycle", test_lifecycle);
  g_test_add_func ("/vigil/checklist-page/walk", test_walk);
  return g_test_run ();
}
