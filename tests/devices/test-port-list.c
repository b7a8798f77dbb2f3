/* test-port-list.c — VigilPortList: enumeration, hand-added ptys, hot-plug
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real pseudo-terminals (VigilPty) stand for the cable: created, the port
 * appears on the next refresh; hung up, it goes. libserialport's own
 * enumeration runs on whatever this machine has, often nothing.
 */
#include <glib/gstdio.h>
#include <unistd.h>

#include "devices-test-util.h"
#include "vigil-port-list.h"
#include "vigil-pty.h"

typedef struct
{
  guint added;
  guint removed;
  guint signals;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  g_assert_cmpuint (position + added, <=, g_list_model_get_n_items (model));
  changes->added += added;
  changes->removed += removed;
  changes->signals++;
}

static VigilPortList *
new_list (guint       interval_ms,
          const char *by_id_dir,
          gboolean    enumerate)
{
  return g_object_new (VIGIL_TYPE_PORT_LIST,
                       "refresh-interval", interval_ms,
                       "by-id-dir", by_id_dir,
                       "enumerate", enumerate,
                       NULL);
}

typedef struct
{
  VigilPortList *list;
  const char    *path;
} FindData;

static gboolean
is_listed (gpointer data)
{
  FindData *find = data;

  return vigil_port_list_find (find->list, find->path) != NULL;
}

static gboolean
is_gone (gpointer data)
{
  return !is_listed (data);
}

/* Whatever this machine has (in a container, usually no port at all):
 * listing does not crash, every row is complete, and listing again with
 * nothing plugged or unplugged signals nothing. */
static void
test_enumerate (void)
{
  g_autoptr(VigilPortList) list = vigil_port_list_new ();
  Changes changes = { 0 };
  guint n;
  guint interval;

  g_object_get (list, "refresh-interval", &interval, NULL);
  g_assert_cmpuint (interval, ==, 2000);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == VIGIL_TYPE_PORT_INFO);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_test_message ("%u serial ports on this machine", n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilPortInfo) info = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *vid_pid = vigil_port_info_dup_vid_pid_text (info);

      g_assert_nonnull (vigil_port_info_get_path (info));
      g_assert_false (vigil_port_info_get_manual (info));
      g_test_message ("%s: %s (%s) %s", vigil_port_info_get_path (info),
                      vigil_port_info_get_description (info),
                      vid_pid != NULL ? vid_pid : "not USB",
                      vigil_port_info_get_preferred_path (info));
      if (vigil_port_info_get_transport (info) != VIGIL_PORT_TRANSPORT_USB)
        g_assert_null (vid_pid);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);
  vigil_port_list_refresh (list);
  vigil_port_list_refresh (list);
  g_assert_cmpuint (changes.signals, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  g_signal_handlers_disconnect_by_data (list, &changes);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* A pty added by hand through a symlink: listed at once, gone within a
 * refresh of the cable being pulled (the link goes with it), back within a
 * refresh of it being plugged in again. */
static void
test_pty_hotplug (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "oximeter", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = NULL;
  g_autoptr(VigilPortList) list = new_list (100, NULL, TRUE);
  Changes changes = { 0 };
  FindData find = { list, link };
  guint n_system = g_list_model_get_n_items (G_LIST_MODEL (list));
  VigilPortInfo *info;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* Added before it exists: not listed. */
  vigil_port_list_add_path (list, link);
  g_assert_null (vigil_port_list_find (list, link));
  g_assert_cmpuint (changes.signals, ==, 0);

  /* Plugged in: appears on the next refresh. */
  pty = vigil_pty_new (link, &error);
  g_assert_no_error (error);
  g_assert_true (test_run_until (is_listed, &find, 2000));
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_system + 1);
  info = vigil_port_list_find (list, link);
  g_assert_cmpstr (vigil_port_info_get_path (info), ==, link);
  g_assert_cmpint (vigil_port_info_get_transport (info), ==, VIGIL_PORT_TRANSPORT_PSEUDO);
  g_assert_true (vigil_port_info_get_manual (info));
  g_assert_nonnull (vigil_port_info_get_description (info));
  g_assert_cmpstr (vigil_port_info_get_preferred_path (info), ==, link);
  /* The node behind the link names the same port. */
  g_assert_true (vigil_port_list_find (list, vigil_pty_get_slave_path (pty)) == info);

  /* Nothing changed: refreshing keeps the same object and says nothing. */
  changes = (Changes) { 0 };
  test_run_for (350);
  g_assert_cmpuint (changes.signals, ==, 0);
  g_assert_true (vigil_port_list_find (list, link) == info);

  /* Pulled. */
  vigil_pty_hang_up (pty);
  g_assert_true (test_run_until (is_gone, &find, 2000));
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_system);

  /* Plugged in again (a new pty behind the same link). */
  g_assert_true (vigil_pty_reopen (pty, &error));
  g_assert_no_error (error);
  g_assert_true (test_run_until (is_listed, &find, 2000));
  g_assert_cmpuint (changes.added, ==, 1);

  /* Removed by hand: no longer listed though it exists. */
  vigil_port_list_remove_path (list, link);
  g_assert_null (vigil_port_list_find (list, link));

  g_signal_handlers_disconnect_by_data (list, &changes);
  g_assert_finalize_object (g_steal_pointer (&list));
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

/* The pty's own node, without a link: listed while the pty is open. */
static void
test_pty_node (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (NULL, &error);
  g_autoptr(VigilPortList) list = new_list (100, NULL, FALSE);
  g_autofree char *slave = NULL;
  FindData find = { list, NULL };

  g_assert_no_error (error);
  slave = g_strdup (vigil_pty_get_slave_path (pty));
  find.path = slave;
  vigil_port_list_add_path (list, slave);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpint (vigil_port_info_get_transport (vigil_port_list_find (list, slave)), ==,
                   VIGIL_PORT_TRANSPORT_PSEUDO);

  vigil_pty_hang_up (pty);
  g_assert_true (test_run_until (is_gone, &find, 2000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* A /dev/serial/by-id style link to the port is its stable path: the one
 * a configuration stores, and one find() accepts. */
static void
test_stable_path (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *by_id = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "ttyUSB7", NULL);
  g_autofree char *stable = g_build_filename (by_id, "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilPortList) list = NULL;
  VigilPortInfo *info;

  g_assert_no_error (error);
  g_assert_cmpint (symlink (vigil_pty_get_slave_path (pty), stable), ==, 0);

  list = new_list (0, by_id, FALSE);
  vigil_port_list_add_path (list, link);
  info = vigil_port_list_find (list, link);
  g_assert_nonnull (info);
  g_assert_cmpstr (vigil_port_info_get_stable_path (info), ==, stable);
  g_assert_cmpstr (vigil_port_info_get_preferred_path (info), ==, stable);
  g_assert_true (vigil_port_list_find (list, stable) == info);
  g_assert_true (vigil_port_info_matches_path (info, stable));
  g_assert_false (vigil_port_info_matches_path (info, "/dev/ttyUSB99"));

  /* No timer: nothing changes until refresh(). */
  g_assert_cmpuint (vigil_port_list_get_refresh_count (list), ==, 2);
  test_run_for (100);
  g_assert_cmpuint (vigil_port_list_get_refresh_count (list), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&list));
  g_clear_object (&pty);
  test_tmpdir_remove (by_id);
  test_tmpdir_remove (dir);
}

static void
test_usb_info (void)
{
  g_autoptr(VigilPortInfo) info = vigil_port_info_new ("/dev/ttyUSB0", VIGIL_PORT_TRANSPORT_USB);
  g_autofree char *vid_pid = NULL;

  vigil_port_info_set_usb (info, 0x0403, 0x6001, "A50285BI", "FTDI", "FT232R USB UART");
  vid_pid = vigil_port_info_dup_vid_pid_text (info);
  g_assert_cmpstr (vid_pid, ==, "0403:6001");
  g_assert_cmpstr (vigil_port_info_get_serial_number (info), ==, "A50285BI");
  g_assert_cmpstr (vigil_port_info_get_manufacturer (info), ==, "FTDI");
  g_assert_cmpstr (vigil_port_info_get_product (info), ==, "FT232R USB UART");
  g_assert_cmpstr (vigil_port_info_get_preferred_path (info), ==, "/dev/ttyUSB0");
  vigil_port_info_set_description (info, "");
  g_assert_null (vigil_port_info_get_description (info));
}

/* Not watched, the list is not read again; watched, it is at once and
 * then every interval. */
static void
test_watching (void)
{
  g_autofree char *by_id = test_tmpdir_new ();
  g_autoptr(VigilPortList) list = new_list (20, by_id, FALSE);
  guint count;

  vigil_port_list_set_watching (list, FALSE);
  count = vigil_port_list_get_refresh_count (list);
  test_run_for (150);
  g_assert_cmpuint (vigil_port_list_get_refresh_count (list), ==, count);

  vigil_port_list_set_watching (list, TRUE);
  g_assert_cmpuint (vigil_port_list_get_refresh_count (list), ==, count + 1);
  test_run_for (150);
  g_assert_cmpuint (vigil_port_list_get_refresh_count (list), >, count + 1);

  vigil_port_list_set_watching (list, FALSE);
  g_assert_finalize_object (g_steal_pointer (&list));
  test_tmpdir_remove (by_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/port-list/enumerate", test_enumerate);
  g_test_add_func ("/vigil/port-list/pty-hotplug", test_pty_hotplug);
  g_test_add_func ("/vigil/port-list/pty-node", test_pty_node);
  g_test_add_func ("/vigil/port-list/stable-path", test_stable_path);
  g_test_add_func ("/vigil/port-list/usb-info", test_usb_info);
  g_test_add_func ("/vigil/port-list/watching", test_watching);

  return g_test_run ();
}
