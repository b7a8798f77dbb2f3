/* vigil-probe.c — decode a device's bytes and print what Vigil understands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   vigil-probe --protocol NAME (--port PATH | --file CAPTURE) [--raw] [--waveform]
 *
 * One JSON object per line on stdout for each observation or technical
 * event; with --raw, one per frame instead, with its bytes and whether its
 * framing and checksum are right (for field service); with --waveform, the
 * pleth samples too. A summary of frames on stderr at the end.
 *
 * On a port, the probe is the host: it sends the protocol's request
 * (the S/5 transmission request, the IntelliVue association and polls, the
 * Nonin format command) and keeps the link alive, as Vigil itself would.
 * Exit status: 0 done, 1 the port or file failed while reading, 2 bad
 * arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>

#include "vigil-parser.h"
#include "vigil-protocol.h"

#define EXIT_USAGE 2
#define READ_SIZE  4096

static volatile sig_atomic_t interrupted;

static void
on_sigint (int signum)
{
  interrupted = 1;
}

static void
print_line (char *json)
{
  fputs (json, stdout);
  fputc ('\n', stdout);
  /* Someone may be watching a live port through a pipe. */
  fflush (stdout);
}

static void
on_observation (VigilParser            *parser,
                const VigilObservation *observation,
                gpointer                user_data)
{
  VigilObservation stamped = *observation;
  g_autofree char *json = NULL;

  stamped.host_wall_us = g_get_real_time ();
  stamped.host_monotonic_us = g_get_monotonic_time ();
  json = vigil_observation_to_json (&stamped);
  print_line (json);
}

static void
on_technical_event (VigilParser               *parser,
                    const VigilTechnicalEvent *event,
                    gpointer                   user_data)
{
  VigilTechnicalEvent stamped = *event;
  g_autofree char *json = NULL;

  stamped.host_wall_us = g_get_real_time ();
  stamped.host_monotonic_us = g_get_monotonic_time ();
  json = vigil_technical_event_to_json (&stamped);
  print_line (json);
}

static void
on_waveform (VigilParser               *parser,
             const VigilWaveformSample *sample,
             gpointer                   user_data)
{
  VigilWaveformSample stamped = *sample;
  g_autofree char *json = NULL;

  stamped.host_wall_us = g_get_real_time ();
  stamped.host_monotonic_us = g_get_monotonic_time ();
  json = vigil_waveform_sample_to_json (&stamped);
  print_line (json);
}

static void
append_json_text (GString    *out,
                  const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_printf (out, "\\%c", *c);
      else if ((guchar) *c < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *c);
      else
        g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

/* --raw: the frame's bytes in hex and whether it checked out. */
static void
on_frame (VigilParser *parser,
          GBytes      *bytes,
          gboolean     valid,
          const char  *note,
          gpointer     user_data)
{
  g_autoptr(GString) out = g_string_new ("{\"type\":\"frame\"");
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_string_append_printf (out, ",\"valid\":%s,\"length\":%" G_GSIZE_FORMAT,
                          valid ? "true" : "false", length);
  if (note != NULL)
    {
      g_string_append (out, ",\"note\":");
      append_json_text (out, note);
    }
  g_string_append (out, ",\"hex\":\"");
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x", data[i]);
  g_string_append (out, "\"}");
  print_line (out->str);
}

/* The host side speaks: write the request to the port. */
static void
on_transmit (VigilParser *parser,
             GBytes      *bytes,
             gpointer     user_data)
{
  int fd = GPOINTER_TO_INT (user_data);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          fprintf (stderr, "vigil-probe: could not send to the device: %s\n",
                   n < 0 ? g_strerror (errno) : "nothing written");
          return;
        }
      data += n;
      length -= (gsize) n;
    }
}

static speed_t
baud_to_speed (int baud)
{
  switch (baud)
    {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    default: return 0;
    }
}

/* Raw 8N1 on a terminal; a pseudo-terminal ignores the speed. Anything that
 * is not a terminal (a FIFO) is read as it is. */
static int
open_port (const char                *path,
           int                        baud,
           const VigilSerialSettings *settings,
           GError                   **error)
{
  struct termios tio;
  int fd;

  /* Read and write: polled protocols need the host to ask. */
  fd = open (path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot open port %s: %s. Check the path and that you may "
                   "use it (group dialout).", path, g_strerror (saved));
      return -1;
    }

  if (tcgetattr (fd, &tio) == 0)
    {
      cfmakeraw (&tio);
      tio.c_cflag |= CLOCAL | CREAD;
      tio.c_cflag &= ~(PARENB | PARODD | CRTSCTS);
      if (settings->parity == VIGIL_SERIAL_PARITY_EVEN)
        tio.c_cflag |= PARENB;
      if (settings->flow_control == VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS)
        tio.c_cflag |= CRTSCTS;
      tio.c_cc[VMIN] = 1;
      tio.c_cc[VTIME] = 0;
      cfsetispeed (&tio, baud_to_speed (baud));
      cfsetospeed (&tio, baud_to_speed (baud));
      if (tcsetattr (fd, TCSANOW, &tio) != 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Cannot configure port %s: %s.", path, g_strerror (saved));
          close (fd);
          return -1;
        }
    }

  return fd;
}

/* Reads until end of file, hang-up (EIO on a pty whose far end closed) or
 * Ctrl-C, driving the host side as the device object does: connected()
 * at the start and after every quiet time, tick() four times a second. */
static gboolean
read_port (VigilParser  *parser,
           int           fd,
           const char   *path,
           gint64        quiet_time_us,
           GError      **error)
{
  struct sigaction action = { 0 };
  guint8 buffer[READ_SIZE];
  guint64 frames_seen = 0;
  gint64 last_frame_us;

  /* No SA_RESTART: Ctrl-C interrupts poll() and read(). */
  action.sa_handler = on_sigint;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);

  /* Also tells a script that the port is open and being read. */
  fprintf (stderr, "vigil-probe: reading %s until it closes (Ctrl-C to stop)\n", path);
  fflush (stderr);

  last_frame_us = g_get_monotonic_time ();
  vigil_parser_connected (parser, last_frame_us);

  while (!interrupted)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      gint64 now = g_get_monotonic_time ();
      ssize_t n;
      int ready;

      if (vigil_parser_get_frames_ok (parser) != frames_seen)
        {
          frames_seen = vigil_parser_get_frames_ok (parser);
          last_frame_us = now;
        }
      else if (now - last_frame_us >= quiet_time_us)
        {
          fprintf (stderr, "vigil-probe: no valid frame for %.0f s, asking the device again\n",
                   (now - last_frame_us) / (double) G_USEC_PER_SEC);
          last_frame_us = now;
          vigil_parser_connected (parser, now);
        }
      vigil_parser_tick (parser, now);

      /* A short timeout closes the race between checking the flag and
       * blocking in read(), and paces tick(). */
      ready = poll (&pfd, 1, 250);
      if (ready == 0 || (ready < 0 && errno == EINTR))
        continue;
      n = read (fd, buffer, sizeof buffer);

      if (n > 0)
        {
          vigil_parser_set_now (parser, g_get_monotonic_time ());
          vigil_parser_feed (parser, buffer, (gsize) n);
        }
      else if (n == 0)
        break;
      else if (errno == EINTR)
        continue;
      else if (errno == EIO)
        break;
      else
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Reading port %s failed: %s. Check the cable.",
                       path, g_strerror (saved));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_file (VigilParser  *parser,
           const char   *path,
           GError      **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  /* In reads of a port's size, as the bytes would have come. */
  for (gsize offset = 0; offset < length; offset += READ_SIZE)
    vigil_parser_feed (parser, (const guint8 *) contents + offset,
                       MIN (READ_SIZE, length - offset));
  return TRUE;
}

static void
print_summary (VigilParser *parser)
{
  gsize pending = vigil_parser_get_pending_length (parser);

  fprintf (stderr, "vigil-probe: %" G_GUINT64_FORMAT " frames ok, %"
           G_GUINT64_FORMAT " bad",
           vigil_parser_get_frames_ok (parser),
           vigil_parser_get_frames_bad (parser));
  if (pending > 0)
    fprintf (stderr, ", an unfinished line of %" G_GSIZE_FORMAT " bytes at the end",
             pending);
  fputc ('\n', stderr);
}

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  va_list args;

  fputs ("vigil-probe: ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  return EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *protocol = NULL;
  g_autofree char *port = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VigilParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  gboolean version = FALSE;
  gboolean list_protocols = FALSE;
  gboolean raw = FALSE;
  gboolean waveform = FALSE;
  const VigilProtocolInfo *info;
  int baud = 0;
  gboolean ok;
  int fd;
  const GOptionEntry entries[] = {
    { "protocol", 0, 0, G_OPTION_ARG_STRING, &protocol,
      "The device protocol (see --list-protocols)", "NAME" },
    { "port", 0, 0, G_OPTION_ARG_FILENAME, &port,
      "Read a serial port or pseudo-terminal until it closes or Ctrl-C", "PATH" },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file,
      "Decode a capture file of raw bytes", "CAPTURE" },
    { "baud", 0, 0, G_OPTION_ARG_INT, &baud,
      "Speed of a real serial port (default: the protocol's, see --list-protocols)", "BAUD" },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &raw,
      "Print every frame's bytes and checksum status instead of the values", NULL },
    { "waveform", 0, 0, G_OPTION_ARG_NONE, &waveform,
      "Also print the pleth waveform's samples", NULL },
    { "list-protocols", 0, 0, G_OPTION_ARG_NONE, &list_protocols,
      "List the known protocols and exit", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      "Print the version and exit", NULL },
    { NULL }
  };

  /* Messages in the user's charset, but JSON numbers always with a "." */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");

  context = g_option_context_new ("— decode a device's bytes into JSON lines");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Prints one JSON object per observation or technical event on stdout,\n"
    "and a summary of good and bad frames on stderr.\n"
    "Exit status: 0 done, 1 reading failed, 2 bad arguments.");

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s (see --help)", error->message);

  if (version)
    {
      printf ("vigil-probe %s\n", VIGIL_VERSION);
      return 0;
    }

  if (list_protocols)
    {
      for (const VigilProtocolInfo *p = vigil_protocol_list (); p->name != NULL; p++)
        {
          g_autofree char *settings = vigil_protocol_describe_settings (&p->settings);

          printf ("%-10s  %-32s  %-18s  %s\n", p->name, p->label, settings, p->devices);
        }
      return 0;
    }

  if (argc > 1)
    return usage_error ("unexpected argument “%s” (see --help)", argv[1]);
  if (protocol == NULL)
    return usage_error ("choose a protocol with --protocol NAME (see --list-protocols)");
  if ((port == NULL) == (file == NULL))
    return usage_error ("give exactly one of --port PATH or --file CAPTURE");
  if (port != NULL && baud != 0 && baud_to_speed (baud) == 0)
    return usage_error ("unsupported baud rate %d (use 9600, 19200, 38400, 57600, "
                        "115200, 230400, …)", baud);

  parser = vigil_parser_new_for_protocol (protocol, &error);
  if (parser == NULL)
    return usage_error ("%s", error->message);

  info = vigil_protocol_lookup (protocol);
  if (raw)
    g_signal_connect (parser, "frame", G_CALLBACK (on_frame), NULL);
  else
    {
      g_signal_connect (parser, "observation", G_CALLBACK (on_observation), NULL);
      g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), NULL);
      if (waveform)
        g_signal_connect (parser, "waveform", G_CALLBACK (on_waveform), NULL);
    }

  if (file != NULL)
    {
      /* A capture that cannot be read is a bad argument, not a failed run. */
      if (!read_file (parser, file, &error))
        return usage_error ("%s", error->message);
      print_summary (parser);
      return 0;
    }

  fd = open_port (port, baud != 0 ? baud : (int) info->settings.baud, &info->settings, &error);
  if (fd < 0)
    return usage_error ("%s", error->message);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_transmit), GINT_TO_POINTER (fd));
  ok = read_port (parser, fd, port, info->quiet_time_us, &error);
  close (fd);
  print_summary (parser);
  if (!ok)
    {
      fprintf (stderr, "vigil-probe: %s\n", error->message);
      return 1;
    }
  return 0;
}
