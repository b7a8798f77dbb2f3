/* test-kiosk.c — kiosk mode, the staff lock and the first start, for real
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window on the test's display, under a real window manager
 * (openbox, started here when it is installed) so that full screen and
 * Alt+F4 mean what they mean on a tablet; keys are real X key presses
 * (xdotool); staff, PIN hashes and the audit log are in a real SQLite
 * file, read back from outside. The last case runs the whole application
 * as `vigil --kiosk --demo --db FILE` and quits it with a nurse's PIN.
 */
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "vigil-application.h"
#include "vigil-first-run-page.h"
#include "vigil-input-dock.h"
#include "vigil-keypad.h"
#include "vigil-lock.h"
#include "vigil-monitor-test.h"
#include "vigil-staff.h"
#include "vigil-store.h"
#include "vigil-unlock-page.h"
#include "vigil-vital-tile.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

#define WAIT_S 20
/* Real time for the events a key press brings to arrive. */
#define SETTLE_MS 500

static GPid window_manager;
static char *tmp_dir;

/* ---- waiting, processes, the database ---------------------------------- */

static gboolean
wait_timed_out (gpointer data)
{
  g_error ("Timed out after %d s waiting for %s", WAIT_S, (const char *) data);
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  guint guard = g_timeout_add_seconds (WAIT_S, wait_timed_out, (gpointer) what);

  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
on_process_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error))
    g_error ("%s", error->message);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Runs a program to its end while the main loop keeps the window alive. */
static void
run_program (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  gboolean done = FALSE;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_process_done, &done);
  wait_until (is_true, &done, argv[0]);
}

static gboolean
window_manager_running (void)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "xprop", "-root", "_NET_SUPPORTING_WM_CHECK", NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, NULL))
    return FALSE;
  return out != NULL && strstr (out, "window id") != NULL;
}

/* openbox goes when the test goes, even when an assertion aborts it: left
 * behind, it would manage the windows of every later test on the display. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* openbox on this display, as on a kiosk; without it full screen is only
 * what GTK asks for and cannot be checked. */
static void
start_window_manager (void)
{
  g_autofree char *openbox = g_find_program_in_path ("openbox");
  g_autoptr(GError) error = NULL;
  char *argv[] = { openbox, (char *) "--sm-disable", NULL };
  gint64 deadline;

  if (openbox == NULL || window_manager_running ())
    return;
  if (!g_spawn_async (NULL, argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      die_with_parent, NULL, &window_manager, &error))
    g_error ("openbox: %s", error->message);

  deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
  while (!window_manager_running ())
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("openbox did not start on this display");
      g_usleep (50 * 1000);
    }
}

static void
stop_window_manager (void)
{
  if (window_manager == 0)
    return;
  kill (window_manager, SIGTERM);
  waitpid (window_manager, NULL, 0);
  g_spawn_close_pid (window_manager);
  window_manager = 0;
}

static char *
db_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* One number from the database, read by a connection of its own. */
static gint64
query_int (const char *path,
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

static gint64
audit_count (const char *path,
             const char *action,
             const char *person)
{
  g_autofree char *sql = NULL;

  if (person != NULL)
    sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s' AND person_name = '%s'",
                           action, person);
  else
    sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s'", action);
  return query_int (path, sql);
}

static GdkTexture *
screenshot (GtkWidget  *window,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (window, 3);
  texture = vigil_widget_test_screenshot (window);
  vigil_widget_test_save (texture, basename);
  return texture;
}

static void
type_pin (VigilUnlockPage *page,
          const char      *pin)
{
  VigilKeypad *keypad = vigil_unlock_page_get_keypad (page);

  for (const char *c = pin; *c != '\0'; c++)
    {
      char key[2] = { *c, '\0' };

      vigil_keypad_press (keypad, key);
    }
  g_assert_cmpuint (strlen (gtk_editable_get_text (vigil_unlock_page_get_pin_entry (page))), ==, strlen (pin));
  vigil_keypad_press (keypad, "enter");
}

static gboolean
page_not_busy (gpointer data)
{
  return !vigil_unlock_page_is_busy (data);
}

static gint64
member_id (VigilStaff *staff,
           const char *name)
{
  g_autoptr(GPtrArray) members = vigil_staff_list (staff);

  for (guint i = 0; i < members->len; i++)
    {
      const VigilStaffMember *member = g_ptr_array_index (members, i);

      if (g_str_equal (member->name, name))
        return member->id;
    }
  g_error ("%s is not on the staff list", name);
  return 0;
}

/* The monitor's own geometry, which full screen must cover. */
static void
monitor_size (GtkWidget *window,
              int       *width,
              int       *height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (window), surface);
  GdkRectangle geometry;

  gdk_monitor_get_geometry (monitor, &geometry);
  *width = geometry.width;
  *height = geometry.height;
}

static gboolean
fills_monitor (gpointer data)
{
  GtkWidget *window = data;
  int width, height;

  if (!gtk_window_is_fullscreen (GTK_WINDOW (window)) || !gtk_widget_get_mapped (window))
    return FALSE;
  monitor_size (window, &width, &height);
  return gtk_widget_get_width (window) == width && gtk_widget_get_height (window) == height;
}

/* ---- a kiosk window on a manual clock ----------------------------------- */

typedef struct
{
  VigilMonitorTest  base;
  GSettings        *settings;
  char             *db;
  VigilStore       *store;
  VigilStaff       *staff;
  VigilLock        *lock;
  VigilWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture    *fixture,
                const char *db_name,
                gboolean    with_staff)
{
  g_autoptr(GError) error = NULL;

  vigil_monitor_test_set_up (&fixture->base, "normal", 5);
  fixture->settings = g_settings_new (VIGIL_APP_ID);
  g_settings_set_uint (fixture->settings, "lock-after-s", 30);

  fixture->db = db_path (db_name);
  fixture->store = vigil_store_open (fixture->db, &error);
  g_assert_no_error (error);
  fixture->staff = vigil_staff_new (fixture->store, fixture->base.clock);
  if (with_staff)
    {
      g_autoptr(VigilStaffMember) admin = NULL;
      g_autoptr(VigilStaffMember) nurse = NULL;

      admin = vigil_staff_add (fixture->staff, "Ana Admin", VIGIL_STAFF_ROLE_ADMIN, "2468", NULL, &error);
      g_assert_no_error (error);
      nurse = vigil_staff_add (fixture->staff, "Nico Nurse", VIGIL_STAFF_ROLE_NURSE, "1357", admin, &error);
      g_assert_no_error (error);
    }
  fixture->lock = vigil_lock_new (fixture->staff, fixture->base.clock);

  fixture->window = vigil_window_new (NULL, fixture->base.monitor, fixture->settings);
  vigil_window_set_kiosk (fixture->window, TRUE);
  vigil_window_set_lock (fixture->window, fixture->lock);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));
  if (window_manager != 0)
    wait_until (fills_monitor, fixture->window, "the kiosk window to fill the screen");
}

static void
fixture_tear_down (Fixture *fixture)
{
  vigil_monitor_stop (fixture->base.monitor);
  /* Destroying is not closing: no close request to refuse. */
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->lock);
  g_clear_object (&fixture->staff);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
  g_free (fixture->db);
  vigil_monitor_test_tear_down (&fixture->base);
}

static VigilUnlockPage *
unlock_page (Fixture *fixture)
{
  return VIGIL_UNLOCK_PAGE (vigil_window_get_unlock_page (fixture->window));
}

static gboolean
strv_has (GStrv       strv,
          const char *name)
{
  return g_strv_contains ((const char * const *) strv, name);
}

/* An empty roster in kiosk mode: the first-run page, and nothing gated is
 * reachable until the administrator exists; then the PIN is in the file
 * as an Argon2id hash, and the creator is unlocked. */
static GtkWidget *
find_input_dock (GtkWidget *widget)
{
  if (VIGIL_IS_INPUT_DOCK (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_input_dock (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The keypad is fully up, and the field being edited is whole, above it. */
static gboolean
field_above_keys (gpointer data)
{
  GtkWidget *window = ((gpointer *) data)[0];
  GtkWidget *field = ((gpointer *) data)[1];
  GtkWidget *dock = find_input_dock (window);
  graphene_rect_t field_bounds, dock_bounds;

  if (GTK_WIDGET (vigil_input_dock_get_target (VIGIL_INPUT_DOCK (dock))) != field ||
      !gtk_widget_compute_bounds (field, window, &field_bounds) ||
      !gtk_widget_compute_bounds (dock, window, &dock_bounds))
    return FALSE;
  /* Not clipped by any scrolled window around it either. */
  for (GtkWidget *w = gtk_widget_get_parent (field); w != NULL; w = gtk_widget_get_parent (w))
    {
      graphene_rect_t in_scroller;

      if (!GTK_IS_SCROLLED_WINDOW (w))
        continue;
      if (!gtk_widget_compute_bounds (field, w, &in_scroller) ||
          in_scroller.origin.y < -0.5 ||
          in_scroller.origin.y + in_scroller.size.height > gtk_widget_get_height (w) + 0.5)
        return FALSE;
    }
  return dock_bounds.size.height >= 240 &&
         dock_bounds.origin.y + dock_bounds.size.height <= gtk_widget_get_height (window) + 0.5 &&
         field_bounds.origin.y >= 0 &&
         field_bounds.origin.y + field_bounds.size.height <= dock_bounds.origin.y + 0.5;
}

static gboolean
keys_gone (gpointer data)
{
  GtkWidget *dock = find_input_dock (data);

  return vigil_input_dock_get_target (VIGIL_INPUT_DOCK (dock)) == NULL;
}

static void
test_first_run (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) texture = NULL;
  VigilFirstRunPage *page;
  const VigilStaffMember *person;

  fixture_set_up (&fixture, "first-run.db", FALSE);
  page = VIGIL_FIRST_RUN_PAGE (vigil_window_get_first_run_page (fixture.window));

  g_assert_false (vigil_staff_has_admin (fixture.staff));
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "first-run");
  /* The vital signs stay beside it. */
  g_assert_true (gtk_widget_get_mapped (vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_HR)));

  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "monitor");
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "monitor");
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.quit", NULL);
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "first-run");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.window)));
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "limits");
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "first-run");

  texture = screenshot (GTK_WIDGET (fixture.window), "kiosk-first-run.png");
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (fixture.window)));

  /* Typing on an 800 px kiosk: the keypad comes up for the lowest field,
   * the tiles step aside and the page scrolls, so the field and every key
   * are on screen; the alarm area stays. */
  {
    GtkWidget *field = GTK_WIDGET (vigil_first_run_page_get_pin_entry (page, TRUE));
    gpointer typing[] = { fixture.window, field };

    gtk_widget_grab_focus (field);
    wait_until (field_above_keys, typing, "the keypad, with the PIN field above it");
    g_assert_false (gtk_widget_get_mapped (vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_HR)));
    g_assert_true (gtk_widget_get_mapped (vigil_window_get_alarm_banner (fixture.window, FALSE)));
    g_clear_object (&texture);
    texture = screenshot (GTK_WIDGET (fixture.window), "kiosk-typing.png");
    gtk_window_set_focus (GTK_WINDOW (fixture.window), NULL);
    wait_until (keys_gone, fixture.window, "the keypad to go");
    g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_HR))));
  }

  /* Mistakes say what to do, and add nobody. */
  gtk_editable_set_text (vigil_first_run_page_get_name_entry (page), "Rosa Ruiz");
  gtk_editable_set_text (vigil_first_run_page_get_pin_entry (page, FALSE), "802461");
  gtk_editable_set_text (vigil_first_run_page_get_pin_entry (page, TRUE), "802462");
  gtk_widget_activate_action (GTK_WIDGET (page), "first-run.create", NULL);
  g_assert_nonnull (strstr (vigil_first_run_page_get_error (page), "not the same"));
  g_assert_cmpint (query_int (fixture.db, "SELECT count(*) FROM staff"), ==, 0);

  gtk_editable_set_text (vigil_first_run_page_get_pin_entry (page, FALSE), "12");
  gtk_editable_set_text (vigil_first_run_page_get_pin_entry (page, TRUE), "12");
  gtk_widget_activate_action (GTK_WIDGET (page), "first-run.create", NULL);
  g_assert_cmpstr (vigil_first_run_page_get_error (page), !=, "");
  g_assert_cmpint (query_int (fixture.db, "SELECT count(*) FROM staff"), ==, 0);

  gtk_editable_set_text (vigil_first_run_page_get_pin_entry (page, FALSE), "802461");
  gtk_editable_set_text (vigil_first_run_page_get_pin_entry (page, TRUE), "802461");
  gtk_widget_activate_action (GTK_WIDGET (page), "first-run.create", NULL);
  g_assert_cmpstr (vigil_first_run_page_get_error (page), ==, "");

  g_assert_true (vigil_staff_has_admin (fixture.staff));
  g_assert_cmpint (query_int (fixture.db,
                              "SELECT count(*) FROM staff WHERE name = 'Rosa Ruiz' AND role = 'admin'"
                              " AND pin_hash LIKE '$argon2id$%'"), ==, 1);
  g_assert_cmpint (query_int (fixture.db, "SELECT count(*) FROM staff WHERE pin_hash LIKE '%802461%'"), ==, 0);

  /* The limits were asked for: that is where the new admin lands. */
  person = vigil_lock_get_person (fixture.lock);
  g_assert_nonnull (person);
  g_assert_cmpstr (person->name, ==, "Rosa Ruiz");
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "limits");
  g_assert_cmpstr (vigil_window_get_user_name (fixture.window), ==, "Rosa Ruiz");
  g_assert_cmpint (audit_count (fixture.db, "open-page", "Rosa Ruiz"), ==, 1);

  fixture_tear_down (&fixture);
}

static gboolean
page_is (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  const char *name = ((gpointer *) data)[1];

  return g_strcmp0 (vigil_window_get_page (fixture->window), name) == 0;
}

static void
wait_page (Fixture    *fixture,
           const char *name)
{
  gpointer data[2] = { fixture, (gpointer) name };

  wait_until (page_is, data, name);
}

static gboolean
error_contains (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  const char *text = ((gpointer *) data)[1];

  return strstr (vigil_unlock_page_get_error (unlock_page (fixture)), text) != NULL;
}

static void
wait_error (Fixture    *fixture,
            const char *text)
{
  gpointer data[2] = { fixture, (gpointer) text };

  wait_until (error_contains, data, text);
}

typedef struct
{
  VigilWindow *window;
  guint        refused;
} RefusedWait;

static gboolean
refused_more (gpointer data)
{
  RefusedWait *wait = data;

  return vigil_window_get_kiosk_refused (wait->window) > wait->refused;
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

/* Real time for the events that come with real input to be handled. */
static void
settle_events (VigilWindow *window)
{
  gint64 settled;

  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  settled = g_get_monotonic_time () + SETTLE_MS * 1000;
  while (g_get_monotonic_time () < settled)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

/* A real key press on the focused window, and the kiosk's word that it
 * arrived and was refused. */
static void
press_refused_key (VigilWindow *window,
                   const char  *keys)
{
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", keys, NULL };
  RefusedWait wait = { window, vigil_window_get_kiosk_refused (window) };

  wait_until (window_active, window, "the kiosk window to have the keyboard");
  run_program (argv);
  wait_until (refused_more, &wait, keys);
  /* What else xdotool's key brings (its release, a focus change, the
   * XTEST device's motion) is handled before the test clock moves on:
   * under a sanitizer, GTK can take a while to deliver it, and input
   * arriving later would restart the inactivity lock's count. */
  settle_events (window);
}

typedef struct
{
  double   x, y;
  gboolean seen;
} MotionWait;

static gboolean
motion_seen (gpointer data)
{
  return ((MotionWait *) data)->seen;
}

/* Only watching: returns GDK_EVENT_PROPAGATE, so the window's own
 * controllers (the lock's among them) still get the event. */
static gboolean
watch_motion (GtkEventControllerLegacy *controller,
              GdkEvent                 *event,
              MotionWait               *wait)
{
  double x, y;

  if (gdk_event_get_event_type (event) == GDK_MOTION_NOTIFY
      && gdk_event_get_position (event, &x, &y)
      && fabs (x - wait->x) < 1 && fabs (y - wait->y) < 1)
    wait->seen = TRUE;
  return GDK_EVENT_PROPAGATE;
}

/* A real pointer move to (x, y) of the full-screen window, seen there by
 * the window before going on. */
static void
move_pointer_to (VigilWindow *window,
                 int          x,
                 int          y)
{
  g_autofree char *x_text = g_strdup_printf ("%d", x);
  g_autofree char *y_text = g_strdup_printf ("%d", y);
  const char *argv[] = { "xdotool", "mousemove", x_text, y_text, NULL };
  GtkEventController *watch = gtk_event_controller_legacy_new ();
  MotionWait wait = { x, y, FALSE };

  gtk_event_controller_set_propagation_phase (watch, GTK_PHASE_CAPTURE);
  g_signal_connect (watch, "event", G_CALLBACK (watch_motion), &wait);
  gtk_widget_add_controller (GTK_WIDGET (window), watch);
  run_program (argv);
  wait_until (motion_seen, &wait, "the pointer's motion");
  gtk_widget_remove_controller (GTK_WIDGET (window), watch);
  settle_events (window);
}

/* The pointer moved for real, twice, each move seen before the next: the
 * lock ignores motion where the pointer already was, and the last place
 * it saw the pointer is not known here. The first target is away from
 * where the pointer is now, so that it is a move too. */
static void
move_pointer (VigilWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (GTK_WIDGET (window)));
  double x = 0, y = 0;
  int first_x;

  gdk_surface_get_device_position (surface, gdk_seat_get_pointer (seat), &x, &y, NULL);
  first_x = x < 640 ? 900 : 300;
  move_pointer_to (window, first_x, 300);
  move_pointer_to (window, first_x + 60, 360);
}

/* Gated pages, roles, the wrong-PIN count and lock-out, the name on the
 * records, the Lock button and the inactivity lock. */
static void
test_lock (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) names_shot = NULL;
  g_autoptr(GdkTexture) pin_shot = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  VigilUnlockPage *page;
  gint64 nurse, admin;

  fixture_set_up (&fixture, "lock.db", TRUE);
  page = unlock_page (&fixture);
  nurse = member_id (fixture.staff, "Nico Nurse");
  admin = member_id (fixture.staff, "Ana Admin");
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "monitor");
  g_assert_null (vigil_lock_get_person (fixture.lock));

  /* Locked: limits ask for a PIN; everyone on the list may open them. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "limits");
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "unlock");
  g_assert_cmpstr (vigil_unlock_page_get_step (page), ==, "people");
  names = vigil_unlock_page_dup_names (page);
  g_assert_true (strv_has (names, "Ana Admin"));
  g_assert_true (strv_has (names, "Nico Nurse"));
  g_clear_pointer (&names, g_strfreev);
  /* Silencing never waits for a PIN. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.pause-audio", NULL);
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "unlock");
  g_assert_true (gtk_widget_get_mapped (vigil_window_get_alarm_banner (fixture.window, FALSE)));
  names_shot = screenshot (GTK_WIDGET (fixture.window), "kiosk-unlock.png");

  /* A wrong PIN: said so, counted, audited. */
  vigil_unlock_page_choose (page, nurse);
  g_assert_cmpstr (vigil_unlock_page_get_step (page), ==, "pin");
  type_pin (page, "0000");
  wait_until (page_not_busy, page, "the PIN check");
  g_assert_nonnull (strstr (vigil_unlock_page_get_error (page), "Wrong PIN. 4 tries left"));
  g_assert_cmpstr (gtk_editable_get_text (vigil_unlock_page_get_pin_entry (page)), ==, "");
  g_assert_cmpint (audit_count (fixture.db, "unlock-failed", "Nico Nurse"), ==, 1);
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "unlock");
  /* The keypad shows what the screen shows: dots, never the digits. */
  gtk_editable_set_text (vigil_unlock_page_get_pin_entry (page), "13");
  pin_shot = screenshot (GTK_WIDGET (fixture.window), "kiosk-unlock-pin.png");
  gtk_editable_set_text (vigil_unlock_page_get_pin_entry (page), "");

  /* The right one: the nurse is on the limits page, named on the records. */
  type_pin (page, "1357");
  wait_page (&fixture, "limits");
  g_assert_cmpstr (vigil_lock_get_person (fixture.lock)->name, ==, "Nico Nurse");
  g_assert_cmpstr (vigil_window_get_user_name (fixture.window), ==, "Nico Nurse");
  g_assert_cmpint (audit_count (fixture.db, "unlock", "Nico Nurse"), ==, 1);
  g_assert_cmpint (audit_count (fixture.db, "open-page", "Nico Nurse"), ==, 1);
  g_clear_object (&names_shot);
  names_shot = screenshot (GTK_WIDGET (fixture.window), "kiosk-unlocked.png");

  /* Settings are for admins: the nurse is told, and only admins are offered. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "admin");
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "unlock");
  g_assert_cmpstr (vigil_unlock_page_get_notice (page), ==, "Only an admin can change settings.");
  names = vigil_unlock_page_dup_names (page);
  g_assert_true (strv_has (names, "Ana Admin"));
  g_assert_false (strv_has (names, "Nico Nurse"));
  gtk_widget_activate_action (GTK_WIDGET (page), "unlock.cancel", NULL);
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "monitor");
  g_assert_cmpstr (vigil_lock_get_person (fixture.lock)->name, ==, "Nico Nurse");

  /* The devices page opens at once for her while she is unlocked. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "devices");
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "devices");

  /* Input keeps her unlocked: 20 s, a key press, 20 s more. */
  vigil_monitor_test_run (&fixture.base, 20);
  g_assert_nonnull (vigil_lock_get_person (fixture.lock));
  if (xdotool != NULL)
    press_refused_key (fixture.window, "Escape");
  else
    vigil_lock_touch (fixture.lock);
  vigil_monitor_test_run (&fixture.base, 20);
  g_assert_nonnull (vigil_lock_get_person (fixture.lock));
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "devices");
  /* So does a pointer that moves, 40 s after the key. */
  if (xdotool != NULL)
    {
      move_pointer (fixture.window);
      vigil_monitor_test_run (&fixture.base, 20);
      g_assert_nonnull (vigil_lock_get_person (fixture.lock));
    }

  /* Then nobody for lock-after-s (30 s): locked, back on the monitor,
   * audited; the name on the records is the bedside's again. */
  vigil_monitor_test_run (&fixture.base, 15);
  g_assert_null (vigil_lock_get_person (fixture.lock));
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "monitor");
  g_assert_cmpstr (vigil_window_get_user_name (fixture.window), !=, "Nico Nurse");
  g_assert_cmpint (audit_count (fixture.db, "auto-lock", NULL), ==, 1);
  g_assert_cmpint (query_int (fixture.db, "SELECT count(*) FROM audit_log WHERE action = 'auto-lock'"
                                          " AND detail LIKE 'Nico Nurse%'"), ==, 1);

  /* Five wrong tries lock entry out; the countdown runs on screen. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "admin");
  vigil_unlock_page_choose (page, admin);
  for (guint i = 0; i < VIGIL_STAFF_MAX_TRIES; i++)
    {
      type_pin (page, "1111");
      wait_until (page_not_busy, page, "the PIN check");
    }
  g_assert_nonnull (strstr (vigil_unlock_page_get_error (page), "try again in 60 seconds"));
  vigil_monitor_test_run (&fixture.base, 10);
  wait_error (&fixture, "try again in 50 seconds");
  /* Even the right PIN waits. */
  type_pin (page, "2468");
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "unlock");
  vigil_monitor_test_run (&fixture.base, 51);
  wait_error (&fixture, "try your PIN again now");
  type_pin (page, "2468");
  wait_page (&fixture, "admin");
  g_assert_cmpstr (vigil_lock_get_person (fixture.lock)->name, ==, "Ana Admin");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.window)));

  /* The Lock button. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.lock", NULL);
  g_assert_null (vigil_lock_get_person (fixture.lock));
  g_assert_cmpstr (vigil_window_get_page (fixture.window), ==, "monitor");
  g_assert_cmpint (audit_count (fixture.db, "lock", "Ana Admin"), ==, 1);

  fixture_tear_down (&fixture);
}

/* ---- the whole application ---------------------------------------------- */

typedef struct
{
  VigilApplication *app;
  char             *db;
  GtkWidget        *window;
  gboolean          destroyed;
  guint             notified;
} AppTest;

static gboolean
app_ready (gpointer data)
{
  AppTest *test = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (test->app));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window))
         && vigil_window_get_lock (VIGIL_WINDOW (window)) != NULL;
}

static gboolean
hr_shown (gpointer data)
{
  GtkWidget *tile = vigil_window_get_tile (VIGIL_WINDOW (data), VIGIL_PARAMETER_HR);
  const char *text = vigil_vital_tile_get_value_text (VIGIL_VITAL_TILE (tile));

  return text != NULL && g_ascii_isdigit (text[0]);
}

static gboolean
window_gone (gpointer data)
{
  return ((AppTest *) data)->destroyed;
}

static void
on_destroy (GtkWidget *window,
            AppTest   *test)
{
  test->destroyed = TRUE;
}

static void
on_fullscreened (GtkWindow  *window,
                 GParamSpec *pspec,
                 AppTest    *test)
{
  test->notified++;
}

static gboolean
refullscreened (gpointer data)
{
  AppTest *test = data;

  return test->notified >= 2 && fills_monitor (test->window);
}

static gboolean
drive_application (gpointer data)
{
  AppTest *test = data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkCursor) cursor = NULL;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  VigilWindow *window;
  VigilUnlockPage *page;
  guint refused;

  wait_until (app_ready, test, "the application's window and staff lock");
  window = VIGIL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (test->app)));
  test->window = GTK_WIDGET (window);
  g_signal_connect (window, "destroy", G_CALLBACK (on_destroy), test);
  page = VIGIL_UNLOCK_PAGE (vigil_window_get_unlock_page (window));

  /* Full screen, the size of the monitor, no pointer, no decorations. */
  g_assert_true (vigil_window_get_kiosk (window));
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (window))), ==, "none");
  if (window_manager != 0)
    {
      int width, height;

      wait_until (fills_monitor, window, "the kiosk window to fill the screen");
      monitor_size (GTK_WIDGET (window), &width, &height);
      g_assert_cmpint (width, ==, 1280);
      g_assert_cmpint (height, ==, 800);
    }
  else
    {
      /* build-aux/install-deps installs it: a kiosk check without a
       * window manager would prove nothing about full screen. */
      g_test_message ("openbox is not installed (build-aux/install-deps): full screen cannot be checked");
      g_test_fail ();
    }

  /* Nothing on this display keeps the screen on: said in the status strip. */
  g_assert_nonnull (strstr (vigil_window_get_device_status_text (window), "Screen blanking could not be turned off"));

  wait_until (hr_shown, window, "the demo's heart rate");
  texture = screenshot (GTK_WIDGET (window), "kiosk-monitor.png");
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));

  /* The ways out, as real key presses: each arrives and is refused. */
  if (xdotool != NULL)
    {
      press_refused_key (window, "Escape");
      press_refused_key (window, "alt+F4");
      press_refused_key (window, "ctrl+q");
      press_refused_key (window, "ctrl+w");
    }
  else
    {
      g_test_message ("xdotool is not installed (build-aux/install-deps): the escape keys cannot be pressed");
      g_test_fail ();
    }
  refused = vigil_window_get_kiosk_refused (window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpuint (vigil_window_get_kiosk_refused (window), ==, refused + 1);
  g_assert_false (test->destroyed);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  g_assert_cmpstr (vigil_window_get_page (window), ==, "monitor");

  /* Taken out of full screen: it goes back. */
  if (window_manager != 0)
    {
      g_signal_connect (window, "notify::fullscreened", G_CALLBACK (on_fullscreened), test);
      gtk_window_unfullscreen (GTK_WINDOW (window));
      wait_until (refullscreened, test, "full screen again");
      g_signal_handlers_disconnect_by_func (window, on_fullscreened, test);
    }

  /* Quit without a PIN: refused, the PIN is asked for. */
  g_action_group_activate_action (G_ACTION_GROUP (test->app), "quit", NULL);
  g_assert_false (test->destroyed);
  g_assert_cmpstr (vigil_window_get_page (window), ==, "unlock");

  /* A wrong PIN: an error and an audit line, still running. */
  vigil_unlock_page_choose (page, 2);
  type_pin (page, "9999");
  wait_until (page_not_busy, page, "the PIN check");
  g_assert_nonnull (strstr (vigil_unlock_page_get_error (page), "Wrong PIN"));
  g_assert_cmpint (audit_count (test->db, "unlock-failed", "Nico Nurse"), ==, 1);
  g_assert_false (test->destroyed);

  /* The nurse's PIN: Vigil quits, and says who made it. */
  type_pin (page, "1357");
  wait_until (window_gone, test, "the window to close");
  g_assert_cmpint (audit_count (test->db, "quit", "Nico Nurse"), ==, 1);
  return G_SOURCE_REMOVE;
}

static void
test_application (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilClock) clock = vigil_clock_new (1.0);
  g_autoptr(VigilStaff) staff = NULL;
  g_autoptr(VigilStaffMember) admin = NULL;
  g_autoptr(VigilStaffMember) nurse = NULL;
  AppTest test = { 0 };
  g_autofree char *db_arg = NULL;
  char *argv[6];
  char **args = argv;
  int argc = 5;
  VigilOptions *options;
  int status;

  /* A roster set up beforehand, as the clinic's admin would have. */
  test.db = db_path ("application.db");
  store = vigil_store_open (test.db, &error);
  g_assert_no_error (error);
  staff = vigil_staff_new (store, clock);
  admin = vigil_staff_add (staff, "Ana Admin", VIGIL_STAFF_ROLE_ADMIN, "2468", NULL, &error);
  g_assert_no_error (error);
  nurse = vigil_staff_add (staff, "Nico Nurse", VIGIL_STAFF_ROLE_NURSE, "1357", admin, &error);
  g_assert_no_error (error);
  g_assert_cmpint (nurse->id, ==, 2);
  g_clear_object (&staff);
  g_clear_object (&store);

  db_arg = g_strdup (test.db);
  argv[0] = (char *) "vigil";
  argv[1] = (char *) "--kiosk";
  argv[2] = (char *) "--demo";
  argv[3] = (char *) "--db";
  argv[4] = db_arg;
  argv[5] = NULL;
  options = vigil_options_parse (&argc, &args, &error);
  g_assert_no_error (error);
  g_assert_true (options->kiosk);

  test.app = vigil_application_new (options);
  g_idle_add_full (G_PRIORITY_LOW, drive_application, &test, NULL);
  status = g_application_run (G_APPLICATION (test.app), 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (test.destroyed);
  g_object_unref (test.app);
  g_free (test.db);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkCssProvider) provider = NULL;
  int status;

  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  /* The application's own look, as on the bedside. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  tmp_dir = g_dir_make_tmp ("vigil-kiosk-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  start_window_manager ();

  g_test_add_func ("/vigil/kiosk/first-run", test_first_run);
  g_test_add_func ("/vigil/kiosk/lock", test_lock);
  g_test_add_func ("/vigil/kiosk/application", test_application);
  status = g_test_run ();

  stop_window_manager ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
