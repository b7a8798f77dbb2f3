/* test-touch-targets.c — every page's touch targets at 1280 × 800
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window on a demo bedside (simulator → pty → device, records in
 * a real SQLite file), 1280 × 800. Every page is visited through win.page,
 * and the treatment view's own pages by playing a treatment the way a
 * nurse would (form, checklist, infusion and its panels, recovery, done).
 * On each, every visible, sensitive control must be at least 48 × 48 px
 * and 8 px from the next one (touch-walk.c); no action may need a swipe.
 * Each page is saved as touch-PAGE.png and must fit the screen.
 */
#include <glib/gstdio.h>

#include "touch-walk.h"
#include "vigil-bedside.h"
#include "vigil-input-dock.h"
#include "vigil-unlock-page.h"
#include "vigil-staff.h"
#include "vigil-lock.h"
#include "vigil-monitor-test.h"
#include "vigil-treatment-view.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

typedef struct
{
  VigilMonitorTest    base;
  char               *dir;
  char               *db_path;
  GSettings          *settings;
  VigilBedside       *bedside;
  VigilWindow        *window;
  VigilTreatmentView *view;
  VigilStaff         *staff;     /* kiosk mode only */
  VigilLock          *lock;
  GString            *report;
  guint               n_offences;
  guint               n_pages;
} Fixture;

static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  vigil_monitor_test_run (&fixture->base, seconds);
  vigil_window_refresh (fixture->window);
}

static void
fixture_set_up (Fixture  *fixture,
                gboolean  kiosk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlarmSound) sound = NULL;

  vigil_monitor_test_set_up (&fixture->base, "normal", 5);
  fixture->dir = g_dir_make_tmp ("vigil-touch-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "vigil.db", NULL);
  store = vigil_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->settings = g_settings_new (VIGIL_APP_ID);
  sound = vigil_alarm_sound_new (NULL);
  fixture->bedside = vigil_bedside_new (fixture->base.monitor, store, sound, fixture->settings);
  vigil_bedside_start (fixture->bedside);
  fixture->window = vigil_window_new (NULL, fixture->base.monitor, fixture->settings);
  vigil_window_set_bedside (fixture->window, fixture->bedside);
  if (kiosk)
    {
      /* Before the window is shown, as the application does. */
      fixture->staff = vigil_staff_new (store, fixture->base.clock);
      fixture->lock = vigil_lock_new (fixture->staff, fixture->base.clock);
      vigil_window_set_kiosk (fixture->window, TRUE);
      vigil_window_set_lock (fixture->window, fixture->lock);
    }
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));
  fixture->view = VIGIL_TREATMENT_VIEW (vigil_window_get_treatment_view (fixture->window));
  fixture->report = g_string_new (NULL);
}

static void
fixture_tear_down (Fixture *fixture)
{
  vigil_bedside_stop (fixture->bedside);
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->bedside);
  g_clear_object (&fixture->lock);
  g_clear_object (&fixture->staff);
  g_clear_object (&fixture->settings);
  vigil_monitor_test_tear_down (&fixture->base);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix != NULL; suffix++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, *suffix, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
  g_string_free (fixture->report, TRUE);
}

/* Walks the window as shown now, under @page's name, and saves it. */
static void
check_page (Fixture    *fixture,
            const char *page)
{
  g_autoptr(GPtrArray) offences = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *basename = g_strdup_printf ("touch-%s.png", page);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  guint n_checked = 0;

  vigil_widget_test_wait_frames (window, 3);
  offences = vigil_touch_walk (window, page, &n_checked);
  g_test_message ("%s: %u touch targets, %u offences", page, n_checked, offences->len);
  /* The action bar's buttons at least: the walk sees the screen. */
  g_assert_cmpuint (n_checked, >=, 8);
  for (guint i = 0; i < offences->len; i++)
    {
      g_autofree char *line = vigil_touch_offence_to_string (g_ptr_array_index (offences, i));

      g_string_append_printf (fixture->report, "%s\n", line);
      g_test_message ("%s", line);
    }
  fixture->n_offences += offences->len;
  fixture->n_pages++;

  shot = vigil_widget_test_screenshot (window);
  vigil_widget_test_save (shot, basename);
  /* Nothing widened or lengthened the window past the screen (counted
   * with the rest, so that one run lists every problem). */
  if (gdk_texture_get_width (shot) > 1280 || gdk_texture_get_height (shot) > 800)
    {
      g_string_append_printf (fixture->report, "%s: the window grew to %d×%d, past the 1280×800 screen\n",
                              page, gdk_texture_get_width (shot), gdk_texture_get_height (shot));
      fixture->n_offences++;
    }
}

static void
show (Fixture    *fixture,
      const char *page)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.page", "s", page));
  g_assert_cmpstr (vigil_window_get_page (fixture->window), ==, page);
}

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

static VigilTreatmentPhase
phase (Fixture *fixture)
{
  return vigil_treatment_get_phase (vigil_treatment_session_get_treatment (vigil_bedside_get_treatment (fixture->bedside)));
}

static void
test_touch_targets (void)
{
  Fixture fixture = { 0 };
  GtkWidget *window;
  g_autoptr(GString) swipes = g_string_new (NULL);
  static const char *const pages[] = { "monitor", "limits", "log", "history", "devices" };
  static const char *const panels[] = { "pause", "drug", "note", "end", "cadss" };

  fixture_set_up (&fixture, FALSE);
  window = GTK_WIDGET (fixture.window);
  run_seconds (&fixture, 60);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      show (&fixture, pages[i]);
      check_page (&fixture, pages[i]);
    }

  /* The treatment view's pages, by playing a treatment. */
  show (&fixture, "treatment");
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "new");
  check_page (&fixture, "treatment-new");
  gtk_editable_set_text (first_entry (GTK_WIDGET (fixture.view)), "Ana García");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.begin", NULL));
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "checklist");
  run_seconds (&fixture, 10);
  check_page (&fixture, "treatment-checklist");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.show-stop", NULL));
  check_page (&fixture, "treatment-stop");
  /* Back from the stop question without stopping. */
  show (&fixture, "monitor");
  show (&fixture, "treatment");

  g_assert_true (vigil_treatment_session_start_infusion_override (vigil_bedside_get_treatment (fixture.bedside),
                                                                  "Dr. Ruiz", "Checklist on paper today", NULL));
  run_seconds (&fixture, 60);
  g_assert_cmpstr (vigil_treatment_view_get_visible (fixture.view), ==, "infusion");
  check_page (&fixture, "treatment-infusion");
  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    {
      g_autofree char *name = g_strdup_printf ("treatment-infusion-%s", panels[i]);

      act (&fixture, "infusion.show-panel", g_variant_new_string (panels[i]));
      check_page (&fixture, name);
      act (&fixture, "infusion.show-panel", g_variant_new_string ("events"));
    }
  act (&fixture, "infusion.show-moaas", NULL);
  check_page (&fixture, "treatment-infusion-moaas");

  run_seconds (&fixture, 40 * 60);
  act (&fixture, "infusion.end", g_variant_new_string (""));
  g_assert_cmpint (phase (&fixture), ==, VIGIL_TREATMENT_PHASE_RECOVERY);
  check_page (&fixture, "treatment-recovery");
  act (&fixture, "recovery.score", g_variant_new_parsed ("[2, 2, 2, 2, 2]"));
  act (&fixture, "recovery.escort", NULL);
  run_seconds (&fixture, 31 * 60);
  act (&fixture, "recovery.score", g_variant_new_parsed ("[2, 2, 2, 2, 2]"));
  act (&fixture, "recovery.ready", NULL);
  check_page (&fixture, "treatment-ready");
  act (&fixture, "recovery.discharge", NULL);
  check_page (&fixture, "treatment-discharge");

  /* One session looked back on, from the History page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "treatment.report", NULL));
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "history");
  check_page (&fixture, "history-session");

  /* No action hides behind a swipe: the page stack does not swipe, and
   * the only swipe gestures are the scrolled windows' kinetic scrolling. */
  if (vigil_touch_count_swipe_only (window, swipes) > 0)
    g_printerr ("Actions behind a swipe:\n%s", swipes->str);
  g_assert_cmpuint (vigil_touch_count_swipe_only (window, swipes), ==, 0);

  if (fixture.n_offences > 0)
    g_printerr ("Touch targets too small or too close:\n%s", fixture.report->str);
  g_test_message ("%u pages walked, %u offences", fixture.n_pages, fixture.n_offences);
  g_assert_cmpuint (fixture.n_offences, ==, 0);

  fixture_tear_down (&fixture);
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The input dock is up with the keypad (TRUE) or keyboard (FALSE). */
static void
wait_dock (Fixture  *fixture,
           gboolean  numeric)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  for (guint i = 0; i < 200; i++)
    {
      GtkWidget *dock = find_type (window, VIGIL_TYPE_INPUT_DOCK);

      if (vigil_input_dock_get_target (VIGIL_INPUT_DOCK (dock)) != NULL &&
          vigil_input_dock_is_numeric (VIGIL_INPUT_DOCK (dock)) == numeric)
        {
          /* The slide-in is over. */
          vigil_widget_test_wait_frames (window, 20);
          return;
        }
      vigil_widget_test_wait_frames (window, 1);
    }
  g_error ("the on-screen %s did not come up", numeric ? "keypad" : "keyboard");
}

/* The kiosk's own screens: first start, the unlock page with its names and
 * its keypad, the admin's Settings page, and the on-screen keys. */
static void
test_touch_targets_kiosk (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigilStaffMember) admin = NULL;
  g_autoptr(VigilStaffMember) nurse = NULL;
  g_autoptr(GError) error = NULL;
  VigilUnlockPage *unlock;

  fixture_set_up (&fixture, TRUE);
  run_seconds (&fixture, 10);

  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "first-run");
  check_page (&fixture, "kiosk-first-run");
  gtk_widget_grab_focus (GTK_WIDGET (first_entry (vigil_window_get_first_run_page (fixture.window))));
  wait_dock (&fixture, FALSE);
  check_page (&fixture, "kiosk-keyboard");

  admin = vigil_staff_add (fixture.staff, "Ana Admin", VIGIL_STAFF_ROLE_ADMIN, "2468", NULL, &error);
  g_assert_no_error (error);
  nurse = vigil_staff_add (fixture.staff, "Nico Nurse", VIGIL_STAFF_ROLE_NURSE, "1357", admin, &error);
  g_assert_no_error (error);
  gtk_window_set_focus (GTK_WINDOW (fixture.window), NULL);
  /* The keyboard slides away (200 ms). */
  vigil_widget_test_wait_frames (GTK_WIDGET (fixture.window), 30);
  show (&fixture, "monitor");
  check_page (&fixture, "kiosk-monitor");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "limits"));
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "unlock");
  unlock = VIGIL_UNLOCK_PAGE (vigil_window_get_unlock_page (fixture.window));
  check_page (&fixture, "kiosk-unlock-names");
  vigil_unlock_page_choose (unlock, admin->id);
  check_page (&fixture, "kiosk-unlock-pin");

  vigil_lock_unlock (fixture.lock, admin, "touch targets");
  show (&fixture, "admin");
  check_page (&fixture, "kiosk-settings");
  gtk_widget_grab_focus (GTK_WIDGET (first_entry (vigil_window_get_admin_page (fixture.window))));
  wait_dock (&fixture, FALSE);
  check_page (&fixture, "kiosk-settings-keyboard");

  g_test_message ("%u pages walked, %u offences", fixture.n_pages, fixture.n_offences);
  if (fixture.n_offences > 0)
    g_printerr ("Touch targets too small or too close:\n%s", fixture.report->str);
  g_assert_cmpuint (fixture.n_offences, ==, 0);

  gtk_window_set_focus (GTK_WINDOW (fixture.window), NULL);
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
      g_printerr ("No display: skipping the touch target test\n");
      return VIGIL_TEST_SKIP;
    }
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  if (!vigil_alarm_sound_init_gstreamer (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/vigil/touch/targets", test_touch_targets);
  g_test_add_func ("/vigil/touch/kiosk", test_touch_targets_kiosk);
  return g_test_run ();
}
