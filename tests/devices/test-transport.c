/* test-transport.c — VigilTransport through real pseudo-terminals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "devices-test-util.h"
#include "vigil-pty.h"
#include "vigil-transport.h"

typedef struct
{
  GByteArray *received;
  guint       data_signals;
  guint       closed_signals;
  GError     *closed_error;
  gint64      closed_at_us;     /* real monotonic time */
} Recorder;

static void
on_data (VigilTransport *transport,
         GBytes         *bytes,
         Recorder       *rec)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpuint (length, >, 0);
  g_assert_cmpuint (rec->closed_signals, ==, 0);
  rec->data_signals++;
  g_byte_array_append (rec->received, data, (guint) length);
}

static void
on_closed (VigilTransport *transport,
           const GError   *error,
           Recorder       *rec)
{
  /* Already closed when the signal runs. */
  g_assert_false (vigil_transport_is_open (transport));
  rec->closed_signals++;
  rec->closed_at_us = g_get_monotonic_time ();
  g_clear_error (&rec->closed_error);
  rec->closed_error = g_error_copy (error);
}

static void
recorder_init (Recorder       *rec,
               VigilTransport *transport)
{
  memset (rec, 0, sizeof *rec);
  rec->received = g_byte_array_new ();
  g_signal_connect (transport, "data", G_CALLBACK (on_data), rec);
  g_signal_connect (transport, "closed", G_CALLBACK (on_closed), rec);
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->received, g_byte_array_unref);
  g_clear_error (&rec->closed_error);
}

typedef struct
{
  Recorder *rec;
  gsize     length;
} WaitBytes;

static gboolean
has_bytes (gpointer data)
{
  WaitBytes *wait = data;

  return wait->rec->received->len >= wait->length;
}

static gboolean
is_closed (gpointer data)
{
  Recorder *rec = data;

  return rec->closed_signals > 0;
}

static void
test_pty_data (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilTransport) transport = NULL;
  VigilSerialSettings settings = { 9600, VIGIL_SERIAL_PARITY_EVEN, VIGIL_SERIAL_FLOW_CONTROL_NONE };
  VigilSerialSettings got;
  static const char first[] = "$VGL,HR=72";
  static const char second[] = "*00\r\nand more bytes\n";
  guint8 big[20000];
  Recorder rec;
  WaitBytes wait;

  g_assert_no_error (error);

  transport = vigil_transport_new (link, &settings);
  recorder_init (&rec, transport);
  g_assert_cmpstr (vigil_transport_get_path (transport), ==, link);
  vigil_transport_get_settings (transport, &got);
  g_assert_cmpuint (got.baud, ==, 9600);
  g_assert_cmpint (got.parity, ==, VIGIL_SERIAL_PARITY_EVEN);
  g_assert_false (vigil_transport_is_open (transport));
  g_assert_cmpint (vigil_transport_get_backend (transport), ==, VIGIL_TRANSPORT_BACKEND_NONE);

  g_assert_true (vigil_transport_open (transport, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_transport_is_open (transport));
  /* libserialport cannot open ptys: this one must have gone through termios. */
  g_assert_cmpint (vigil_transport_get_backend (transport), ==, VIGIL_TRANSPORT_BACKEND_TERMIOS);
  /* Opening an open transport is a no-op. */
  g_assert_true (vigil_transport_open (transport, &error));

  /* Bytes written in two pieces arrive whole and in order. */
  g_assert_true (vigil_pty_write_all (pty, first, strlen (first), &error));
  g_assert_true (vigil_pty_write_all (pty, second, strlen (second), &error));
  g_assert_no_error (error);
  wait = (WaitBytes) { &rec, strlen (first) + strlen (second) };
  g_assert_true (test_run_until (has_bytes, &wait, 2000));
  g_assert_cmpuint (rec.received->len, ==, wait.length);
  g_assert_cmpmem (rec.received->data, strlen (first), first, strlen (first));
  g_assert_cmpmem (rec.received->data + strlen (first), strlen (second), second, strlen (second));

  /* Binary bytes (every value, including NUL, CR, XON/XOFF) pass untouched. */
  for (guint i = 0; i < sizeof big; i++)
    big[i] = (guint8) (i * 7 + i / 256);
  g_byte_array_set_size (rec.received, 0);
  /* In pieces the pty's 4 KiB buffer can hold: a pty drops what overflows. */
  for (gsize offset = 0; offset < sizeof big; offset += 1000)
    {
      gsize piece = MIN (1000, sizeof big - offset);

      g_assert_true (vigil_pty_write_all (pty, big + offset, piece, &error));
      g_assert_no_error (error);
      wait = (WaitBytes) { &rec, offset + piece };
      g_assert_true (test_run_until (has_bytes, &wait, 2000));
    }
  g_assert_cmpmem (rec.received->data, rec.received->len, big, sizeof big);

  g_assert_cmpuint (rec.closed_signals, ==, 0);

  vigil_transport_close (transport);
  g_clear_object (&transport);
  g_clear_object (&pty);
  recorder_clear (&rec);
  test_tmpdir_remove (dir);
}

typedef struct
{
  int         fd;
  GByteArray *got;
  gsize       want;
} MasterRead;

static gboolean
master_has (gpointer data)
{
  MasterRead *mr = data;
  guint8 buffer[256];
  ssize_t n;

  while ((n = read (mr->fd, buffer, sizeof buffer)) > 0)
    g_byte_array_append (mr->got, buffer, (guint) n);
  return mr->got->len >= mr->want;
}

static gboolean
wake_soon (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_pty_write (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilTransport) transport = vigil_transport_new (link, NULL);
  g_autoptr(GByteArray) got = g_byte_array_new ();
  static const guint8 request[] = { 0x1b, 'R', 'E', 'Q', 0x00, 0xff, '\r', '\n' };
  MasterRead mr = { vigil_pty_get_master_fd (pty), got, sizeof request };
  guint ticker;

  g_assert_no_error (error);
  g_assert_true (vigil_transport_open (transport, &error));
  g_assert_no_error (error);

  g_assert_true (vigil_transport_write (transport, request, sizeof request, &error));
  g_assert_no_error (error);
  /* The master fd is polled by the condition; keep the loop waking up. */
  ticker = g_timeout_add (10, wake_soon, NULL);
  g_assert_true (test_run_until (master_has, &mr, 2000));
  g_source_remove (ticker);
  g_assert_cmpmem (got->data, got->len, request, sizeof request);

  /* Empty writes are fine; writes after close are refused with a reason. */
  g_assert_true (vigil_transport_write (transport, NULL, 0, &error));
  vigil_transport_close (transport);
  vigil_transport_close (transport);
  g_assert_false (vigil_transport_write (transport, request, sizeof request, &error));
  g_assert_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_OPEN);
  g_assert_nonnull (strstr (error->message, link));

  g_clear_object (&transport);
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

static void
test_pty_hang_up (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilTransport) transport = vigil_transport_new (link, NULL);
  static const char last[] = "last words\n";
  Recorder rec;
  WaitBytes wait;
  gint64 hung_up_at;
  gint64 elapsed_us;

  g_assert_no_error (error);
  recorder_init (&rec, transport);
  g_assert_true (vigil_transport_open (transport, &error));
  g_assert_no_error (error);

  g_assert_true (vigil_pty_write_all (pty, last, strlen (last), &error));
  wait = (WaitBytes) { &rec, strlen (last) };
  g_assert_true (test_run_until (has_bytes, &wait, 2000));

  /* Pull the cable. */
  hung_up_at = g_get_monotonic_time ();
  vigil_pty_hang_up (pty);
  g_assert_true (test_run_until (is_closed, &rec, 5000));
  elapsed_us = rec.closed_at_us - hung_up_at;
  g_test_message ("closed %.1f ms after the hang-up", elapsed_us / 1000.0);
  g_assert_cmpint (elapsed_us, <, 2 * G_USEC_PER_SEC);

  g_assert_cmpuint (rec.closed_signals, ==, 1);
  g_assert_error (rec.closed_error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_HANGUP);
  g_assert_nonnull (strstr (rec.closed_error->message, "cable unplugged or device switched off"));
  g_assert_nonnull (strstr (rec.closed_error->message, link));
  g_assert_false (vigil_transport_is_open (transport));
  g_assert_cmpint (vigil_transport_get_backend (transport), ==, VIGIL_TRANSPORT_BACKEND_NONE);

  /* No second "closed", and no busy loop on a dead fd. */
  test_run_for (200);
  g_assert_cmpuint (rec.closed_signals, ==, 1);

  /* Re-plugged: a new pty behind the same link opens again. */
  g_assert_true (vigil_pty_reopen (pty, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_transport_open (transport, &error));
  g_assert_no_error (error);
  g_byte_array_set_size (rec.received, 0);
  rec.closed_signals = 0;
  g_assert_true (vigil_pty_write_all (pty, last, strlen (last), &error));
  wait = (WaitBytes) { &rec, strlen (last) };
  g_assert_true (test_run_until (has_bytes, &wait, 2000));
  g_assert_cmpmem (rec.received->data, rec.received->len, last, strlen (last));

  g_clear_object (&transport);
  g_clear_object (&pty);
  recorder_clear (&rec);
  test_tmpdir_remove (dir);
}

/* A handler that drops the transport from "closed" must not crash it. */
static void
drop_on_closed (VigilTransport  *transport,
                const GError    *error,
                VigilTransport **slot)
{
  g_clear_object (slot);
}

static gboolean
slot_is_empty (gpointer data)
{
  return *(VigilTransport **) data == NULL;
}

static void
test_unref_in_closed (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  VigilTransport *transport = vigil_transport_new (link, NULL);

  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (transport), (gpointer *) &transport);
  g_signal_connect (transport, "closed", G_CALLBACK (drop_on_closed), &transport);
  g_assert_true (vigil_transport_open (transport, &error));

  vigil_pty_hang_up (pty);
  g_assert_true (test_run_until (slot_is_empty, &transport, 5000));
  g_assert_null (transport);

  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

static void
test_missing_serial_port (void)
{
  g_autoptr(VigilTransport) transport = vigil_transport_new ("/dev/ttyUSB99", NULL);
  g_autoptr(GError) error = NULL;

  /* Not a pty: this goes through libserialport, which refuses it. */
  g_assert_false (vigil_transport_open (transport, &error));
  g_assert_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "No device at /dev/ttyUSB99. Check that the cable is plugged in.");
  g_assert_false (vigil_transport_is_open (transport));
}

static void
test_missing_pty_link (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "not-yet", NULL);
  g_autofree char *expected = g_strdup_printf ("No device at %s. Check that the cable is plugged in.", link);
  g_autoptr(VigilTransport) transport = vigil_transport_new (link, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_transport_open (transport, &error));
  g_assert_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* A dangling symlink (pty gone) is the same thing for a nurse. */
  g_assert_cmpint (symlink ("/dev/pts/999999", link), ==, 0);
  g_assert_false (vigil_transport_open (transport, &error));
  g_assert_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);

  g_clear_object (&transport);
  test_tmpdir_remove (dir);
}

static void
test_not_a_serial_port (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *file = g_build_filename (dir, "notes.txt", NULL);
  const char *paths[] = { file, "/dev/null", dir };

  g_assert_true (g_file_set_contents (file, "hello", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(VigilTransport) transport = vigil_transport_new (paths[i], NULL);
      g_autoptr(GError) error = NULL;

      g_test_message ("opening %s", paths[i]);
      g_assert_false (vigil_transport_open (transport, &error));
      g_assert_nonnull (error);
      g_assert_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_SERIAL);
      g_assert_nonnull (strstr (error->message, paths[i]));
      g_test_message ("  %s", error->message);
    }

  test_tmpdir_remove (dir);
}

static void
test_bad_baud (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  VigilSerialSettings settings = { 12345, VIGIL_SERIAL_PARITY_NONE, VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS };
  g_autoptr(VigilTransport) transport = vigil_transport_new (link, &settings);
  g_autofree char *expected =
    g_strdup_printf ("%s refused the settings 12345 baud, 8N1, RTS/CTS (not a standard speed). "
                     "Check the port and the baud rate set on the device.", link);

  g_assert_no_error (error);
  g_assert_false (vigil_transport_open (transport, &error));
  g_assert_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_SETTINGS);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (vigil_transport_is_open (transport));

  g_clear_object (&transport);
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/transport/pty-data", test_pty_data);
  g_test_add_func ("/vigil/transport/pty-write", test_pty_write);
  g_test_add_func ("/vigil/transport/pty-hang-up", test_pty_hang_up);
  g_test_add_func ("/vigil/transport/unref-in-closed", test_unref_in_closed);
  g_test_add_func ("/vigil/transport/missing-serial-port", test_missing_serial_port);
  g_test_add_func ("/vigil/transport/missing-pty-link", test_missing_pty_link);
  g_test_add_func ("/vigil/transport/not-a-serial-port", test_not_a_serial_port);
  g_test_add_func ("/vigil/transport/bad-baud", test_bad_baud);

  return g_test_run ();
}
