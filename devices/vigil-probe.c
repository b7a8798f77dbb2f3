/* vigil-probe.c — decode a device's bytes and print what Vigil understands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   vigil-probe --protocol NAME (--port PATH | --file CAPTURE)
 *
 * One JSON object per line on stdout for each observation or technical
 * event; a summary of frames on stderr at the end. Exit status: 0 done,
 * 1 the port or file failed while reading, 2 bad arguments.
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

#include "vigil-line-parser.h"
#include "vigil-parser.h"

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
open_port (const char  *path,
           int          baud,
           GError     **error)
{
  struct termios tio;
  int fd;

  fd = open (path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
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
 * Ctrl-C. */
static gboolean
read_port (VigilParser  *parser,
           int           fd,
           const char   *path,
           GError      **error)
{
  struct sigaction action = { 0 };
  guint8 buffer[READ_SIZE];

  /* No SA_RESTART: Ctrl-C interrupts poll() and read(). */
  action.sa_handler = on_sigint;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);

  /* Also tells a script that the port is open and being read. */
  fprintf (stderr, "vigil-probe: reading %s until it closes (Ctrl-C to stop)\n", path);
  fflush (stderr);

  while (!interrupted)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      ssize_t n;
      int ready;

      /* A short timeout closes the race between checking the flag and
       * blocking in read(). */
      ready = poll (&pfd, 1, 250);
      if (ready == 0 || (ready < 0 && errno == EINTR))
        continue;
      n = read (fd, buffer, sizeof buffer);

      if (n > 0)
        vigil_parser_feed (parser, buffer, (gsize) n);
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
  gsize pending = 0;

  if (VIGIL_IS_LINE_PARSER (parser))
    pending = vigil_line_parser_get_pending_length (VIGIL_LINE_PARSER (parser));

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
  int baud = 115200;
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
      "Speed of a real serial port (default 115200, 8N1)", "BAUD" },
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
      for (const char * const *p = vigil_parser_list_protocols (); *p != NULL; p++)
        printf ("%s\n", *p);
      return 0;
    }

  if (argc > 1)
    return usage_error ("unexpected argument “%s” (see --help)", argv[1]);
  if (protocol == NULL)
    return usage_error ("choose a protocol with --protocol NAME (see --list-protocols)");
  if ((port == NULL) == (file == NULL))
    return usage_error ("give exactly one of --port PATH or --file CAPTURE");
  if (port != NULL && baud_to_speed (baud) == 0)
    return usage_error ("unsupported baud rate %d (use 9600, 19200, 38400, 57600, "
                        "115200, 230400, …)", baud);

  parser = vigil_parser_new_for_protocol (protocol, &error);
  if (parser == NULL)
    return usage_error ("%s", error->message);

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), NULL);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), NULL);

  if (file != NULL)
    {
      /* A capture that cannot be read is a bad argument, not a failed run. */
      if (!read_file (parser, file, &error))
        return usage_error ("%s", error->message);
      print_summary (parser);
      return 0;
    }

  fd = open_port (port, baud, &error);
  if (fd < 0)
    return usage_error ("%s", error->message);
  ok = read_port (parser, fd, port, &error);
  close (fd);
  print_summary (parser);
  if (!ok)
    {
      fprintf (stderr, "vigil-probe: %s\n", error->message);
      return 1;
    }
  return 0;
}
