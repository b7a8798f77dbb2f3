/* test-device-page.c — the device setup page in the window, with a real pty
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A simulated Masimo writes ASCII 1 lines into a pty; the pty's link is
 * added to the page's port list by hand (libserialport does not list
 * ptys). Through the page: a wrong protocol first (the test link says
 * what to check), then the right one (the live numbers and the device's
 * identity), Save (the settings key, app.apply-devices), leaving the page
 * (the test stops), and the cable pulled (the saved port stays listed as
 * not connected). Everything runs on a real-time clock and the real main
 * loop. Screenshots are saved in the build directory.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vigil-device-page.h"
#include "vigil-monitor.h"
#include "vigil-protocol.h"
#include "vigil-scenario.h"
#include "vigil-simulator.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

#define ABSENT_SPEC "nonin:/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_NONIN42-if00-port0@9600"
#define ABSENT_PATH "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_NONIN42-if00-port0"

typedef struct
{
  char           *dir;
  char           *link;
  VigilClock     *clock;
  VigilMonitor   *monitor;
  VigilSimulator *simulator;
  GSettings      *settings;
  VigilWindow    *window;
  VigilDevicePage *page;
  guint           applied;
} Fixture;

static gboolean
guard_fired (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *fixture);

static gboolean
run_until (Fixture   *fixture,
           Condition  condition,
           guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add (timeout_ms, guard_fired, &timed_out);

  while (!condition (fixture) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (guard);
  return condition (fixture);
}

static void
apply_devices (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  ((Fixture *) data)->applied++;
}

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenario) scenario = NULL;
  g_autoptr(GSimpleActionGroup) app_actions = g_simple_action_group_new ();
  const GActionEntry entries[] = { { "apply-devices", apply_devices, NULL, NULL, NULL } };
  const char *saved[] = { ABSENT_SPEC, NULL };

  fixture->dir = g_dir_make_tmp ("vigil-device-page-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->link = g_build_filename (fixture->dir, "ttyMASIMO", NULL);

  fixture->clock = vigil_clock_new (1.0);
  fixture->monitor = vigil_monitor_new (fixture->clock);

  scenario = vigil_scenario_new ("normal", 11, &error);
  g_assert_no_error (error);
  fixture->simulator = vigil_simulator_new_for_protocol (scenario, fixture->clock, "masimo", &error);
  g_assert_no_error (error);
  g_assert_true (vigil_simulator_open_pty (fixture->simulator, fixture->link, &error));
  g_assert_no_error (error);
  vigil_simulator_start (fixture->simulator);

  /* A Nonin was saved for a port that is not plugged in. */
  fixture->settings = g_settings_new (VIGIL_APP_ID);
  g_settings_set_strv (fixture->settings, "devices", saved);

  fixture->window = vigil_window_new (NULL, fixture->monitor, fixture->settings);
  g_action_map_add_action_entries (G_ACTION_MAP (app_actions), entries, G_N_ELEMENTS (entries), fixture);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "app", G_ACTION_GROUP (app_actions));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));
  fixture->page = VIGIL_DEVICE_PAGE (vigil_window_get_device_page (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture)
{
  const char *none[] = { NULL };

  vigil_monitor_stop (fixture->monitor);
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  vigil_simulator_stop (fixture->simulator);
  g_assert_finalize_object (fixture->simulator);
  g_settings_set_strv (fixture->settings, "devices", none);
  g_clear_object (&fixture->settings);
  g_assert_finalize_object (fixture->monitor);
  g_assert_finalize_object (fixture->clock);
  g_unlink (fixture->link);
  g_rmdir (fixture->dir);
  g_free (fixture->link);
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
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1280);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 800);
  return texture;
}

static void
assert_inside_window (Fixture   *fixture,
                      GtkWidget *widget)
{
  graphene_rect_t area;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->window), &area));
  g_assert_cmpfloat (area.origin.x, >=, 0);
  g_assert_cmpfloat (area.origin.y, >=, 0);
  g_assert_cmpfloat (area.origin.x + area.size.width, <=, 1280);
  g_assert_cmpfloat (area.origin.y + area.size.height, <=, 800);
}

static guint
protocol_position (const char *name)
{
  guint i = 1;

  for (const VigilProtocolInfo *p = vigil_protocol_list (); p->name != NULL; p++, i++)
    if (g_str_equal (p->name, name))
      return i;
  g_assert_not_reached ();
}

static GtkWidget *
part (Fixture    *fixture,
      const char *name)
{
  GtkWidget *widget = vigil_device_page_get_row_widget (fixture->page, fixture->link, name);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
port_listed (Fixture *fixture)
{
  return vigil_device_page_get_row_widget (fixture->page, fixture->link, "test") != NULL;
}

static gboolean
status_receiving (Fixture *fixture)
{
  const char *status = vigil_device_page_get_status (fixture->page, fixture->link);

  /* An oximeter's heart rate is its pulse rate: PR. */
  return status != NULL && g_str_has_prefix (status, "Receiving PR ") && strstr (status, ", SpO₂ ") != NULL
         && strstr (status, " from Masimo SN ") != NULL;
}

static gboolean
status_no_data (Fixture *fixture)
{
  const char *status = vigil_device_page_get_status (fixture->page, fixture->link);

  return status != NULL && g_str_has_prefix (status, "No data yet");
}

static gboolean
port_not_connected (Fixture *fixture)
{
  GtkWidget *row = vigil_device_page_get_row_widget (fixture->page, fixture->link, "row");

  return row != NULL && gtk_widget_has_css_class (row, "not-connected");
}

/* A tap: "clicked", which runs the button's action at once
 * (gtk_widget_activate() would wait for the press animation). */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The whole setup, as staff do it. */
static void
test_device_page (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) texture = NULL;
  g_auto(GStrv) saved = NULL;
  GtkWidget *absent_row;

  fixture_set_up (&fixture);

  /* Reached like the other pages. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "devices"));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture.page));

  /* The saved Nonin is listed, not connected, with its protocol. */
  absent_row = vigil_device_page_get_row_widget (fixture.page, ABSENT_PATH, "row");
  g_assert_nonnull (absent_row);
  g_assert_true (gtk_widget_has_css_class (absent_row, "not-connected"));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (vigil_device_page_get_row_widget (fixture.page, ABSENT_PATH, "protocol"))),
                    ==, protocol_position ("nonin"));
  g_assert_null (vigil_device_page_get_row_widget (fixture.page, ABSENT_PATH, "test"));

  /* The pty, added by hand, appears; "Not used" by default. */
  vigil_port_list_add_path (vigil_device_page_get_port_list (fixture.page), fixture.link);
  g_assert_true (run_until (&fixture, port_listed, 3000));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (part (&fixture, "protocol"))), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (part (&fixture, "baud")));

  /* Test link without a protocol: says what to do. */
  click (part (&fixture, "test"));
  g_assert_cmpuint (vigil_device_page_get_n_tests (fixture.page), ==, 0);
  g_assert_cmpstr (vigil_device_page_get_status (fixture.page, fixture.link), ==,
                   "Choose the device’s protocol first.");

  /* The wrong protocol: no valid data, and the page says what to check. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (&fixture, "protocol")), protocol_position ("nonin"));
  g_assert_true (gtk_widget_get_sensitive (part (&fixture, "baud")));
  click (part (&fixture, "test"));
  g_assert_cmpuint (vigil_device_page_get_n_tests (fixture.page), ==, 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (&fixture, "test"))), ==, "Stop test");
  g_assert_true (run_until (&fixture, status_no_data, 8000));
  g_test_message ("Wrong protocol: %s", vigil_device_page_get_status (fixture.page, fixture.link));
  g_assert_nonnull (strstr (vigil_device_page_get_status (fixture.page, fixture.link), "Nonin"));
  g_assert_nonnull (strstr (vigil_device_page_get_status (fixture.page, fixture.link), "9600"));
  g_clear_object (&texture);
  texture = screenshot (&fixture, "device-page-wrong-protocol.png");

  /* Changing the protocol stops that test. The right one: live numbers
   * and the device's own name. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (&fixture, "protocol")), protocol_position ("masimo"));
  g_assert_cmpuint (vigil_device_page_get_n_tests (fixture.page), ==, 0);
  click (part (&fixture, "test"));
  if (!run_until (&fixture, status_receiving, 10000))
    g_error ("No live numbers: “%s”", vigil_device_page_get_status (fixture.page, fixture.link));
  g_test_message ("Right protocol: %s", vigil_device_page_get_status (fixture.page, fixture.link));
  g_clear_object (&texture);
  texture = screenshot (&fixture, "device-page-test-link.png");
  assert_inside_window (&fixture, part (&fixture, "status"));
  assert_inside_window (&fixture, part (&fixture, "test"));
  assert_inside_window (&fixture, vigil_device_page_get_row_widget (fixture.page, ABSENT_PATH, "row"));

  /* Save: tests stop, the key holds both devices, the app applies them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "device-page.save", NULL));
  g_assert_cmpuint (vigil_device_page_get_n_tests (fixture.page), ==, 0);
  saved = g_settings_get_strv (fixture.settings, "devices");
  g_assert_cmpuint (g_strv_length (saved), ==, 2);
  {
    g_autofree char *expected = g_strdup_printf ("masimo:%s", fixture.link);

    g_assert_true (g_strv_contains ((const char * const *) saved, expected));
    g_assert_true (g_strv_contains ((const char * const *) saved, ABSENT_SPEC));
  }
  g_assert_cmpuint (fixture.applied, ==, 1);
  g_assert_cmpstr (vigil_device_page_get_message (fixture.page), ==, "Saved 2 devices. They start now.");
  g_clear_object (&texture);
  texture = screenshot (&fixture, "device-page-saved.png");

  /* Leaving the page stops a running test. */
  click (part (&fixture, "test"));
  g_assert_cmpuint (vigil_device_page_get_n_tests (fixture.page), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "monitor"));
  vigil_widget_test_wait_frames (GTK_WIDGET (fixture.window), 2);
  g_assert_cmpuint (vigil_device_page_get_n_tests (fixture.page), ==, 0);

  /* A port the monitor already reads is not opened a second time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "devices"));
  {
    g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("masimo", fixture.link, 0);
    g_autoptr(GError) error = NULL;

    g_assert_true (vigil_monitor_add_device (fixture.monitor, spec, &error));
    g_assert_no_error (error);
    click (part (&fixture, "test"));
    g_assert_cmpuint (vigil_device_page_get_n_tests (fixture.page), ==, 0);
    g_test_message ("In use: %s", vigil_device_page_get_status (fixture.page, fixture.link));
    g_assert_true (g_str_has_prefix (vigil_device_page_get_status (fixture.page, fixture.link),
                                     "The monitor is using this port for "));
    vigil_monitor_stop (fixture.monitor);
  }

  /* The cable is pulled: the saved port stays listed, not connected. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.page", "s", "devices"));
  vigil_simulator_close (fixture.simulator);
  g_assert_true (run_until (&fixture, port_not_connected, 5000));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (part (&fixture, "protocol"))), ==,
                    protocol_position ("masimo"));
  g_clear_object (&texture);
  texture = screenshot (&fixture, "device-page-unplugged.png");

  fixture_tear_down (&fixture);
}

/* No settings yet, nothing plugged in (only whatever ports the machine
 * has): the page shows and fits; Save writes what is assigned. */
static void
test_device_page_empty (void)
{
  g_autoptr(VigilDevicePage) page = NULL;

  page = g_object_ref_sink (g_object_new (VIGIL_TYPE_DEVICE_PAGE, NULL));
  g_assert_cmpuint (vigil_device_page_get_n_tests (page), ==, 0);
  g_assert_cmpstr (vigil_device_page_get_message (page), ==, "");
  g_assert_finalize_object (g_steal_pointer (&page));
}

static void
load_app_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the device page tests\n");
      return VIGIL_TEST_SKIP;
    }
  load_app_style ();

  g_test_add_func ("/vigil/device-page/finalize", test_device_page_empty);
  g_test_add_func ("/vigil/device-page/setup", test_device_page);

  return g_test_run ();
}
