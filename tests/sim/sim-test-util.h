/* sim-test-util.h — reading the simulator's lines the way a host would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written independently of devices/: the checksum and the field split are
 * computed here from the protocol's description, so a bug shared by the
 * encoder and the parser cannot hide.
 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Opens a terminal device like a serial port: raw, non-blocking. */
static inline int
sim_test_open_raw (const char *path)
{
  struct termios tio;
  int fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (tcgetattr (fd, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (fd, TCSANOW, &tio), ==, 0);
  return fd;
}

/* Moves every complete line ("...\n") from @buffer into @lines. */
static inline void
sim_test_split_lines (GString   *buffer,
                      GPtrArray *lines)
{
  char *nl;

  while ((nl = memchr (buffer->str, '\n', buffer->len)) != NULL)
    {
      gsize n = (gsize) (nl - buffer->str) + 1;

      g_ptr_array_add (lines, g_strndup (buffer->str, n));
      g_string_erase (buffer, 0, (gssize) n);
    }
}

typedef enum
{
  SIM_TEST_READ_OK,       /* @want lines are there */
  SIM_TEST_READ_TIMEOUT,  /* nothing more came in time */
  SIM_TEST_READ_HANGUP,   /* the far end went away (EIO, EOF or POLLHUP) */
} SimTestRead;

/* Reads from @fd until @lines holds @want lines, the far end hangs up, or
 * @timeout_ms passes with nothing new. */
static inline SimTestRead
sim_test_read_lines (int        fd,
                     GString   *buffer,
                     GPtrArray *lines,
                     guint      want,
                     int        timeout_ms)
{
  while (lines->len < want)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char chunk[4096];
      ssize_t n;
      int r = poll (&pfd, 1, timeout_ms);

      if (r < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (r, >=, 0);
      if (r == 0)
        return SIM_TEST_READ_TIMEOUT;
      if ((pfd.revents & POLLIN) == 0 && (pfd.revents & (POLLHUP | POLLERR)) != 0)
        return SIM_TEST_READ_HANGUP;

      n = read (fd, chunk, sizeof chunk);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      if (n < 0 && errno == EIO)
        return SIM_TEST_READ_HANGUP;
      g_assert_cmpint (n, >=, 0);
      if (n == 0)
        return SIM_TEST_READ_HANGUP;
      g_string_append_len (buffer, chunk, n);
      sim_test_split_lines (buffer, lines);
    }
  return SIM_TEST_READ_OK;
}

/* Checks the framing and checksum of one line and returns its fields
 * (KEY → VALUE), or fails the test. */
static inline GHashTable *
sim_test_parse_line (const char *line)
{
  gsize len = strlen (line);
  const char *star;
  guint8 sum = 0;
  unsigned int sent;
  char hex[3];
  g_autofree char *body = NULL;
  g_auto(GStrv) parts = NULL;
  GHashTable *fields;

  g_assert_cmpuint (len, >, 6);
  g_assert_cmpint (line[0], ==, '$');
  g_assert_true (g_str_has_suffix (line, "\r\n"));
  star = line + len - 5;
  g_assert_cmpint (*star, ==, '*');
  g_assert_null (memchr (line + 1, '*', (gsize) (star - line - 1)));

  for (const char *p = line + 1; p < star; p++)
    sum ^= (guint8) *p;
  hex[0] = star[1];
  hex[1] = star[2];
  hex[2] = '\0';
  /* Upper-case hex only. */
  for (int i = 0; i < 2; i++)
    g_assert_true (g_ascii_isdigit (hex[i]) || (hex[i] >= 'A' && hex[i] <= 'F'));
  sent = (unsigned int) g_ascii_strtoull (hex, NULL, 16);
  g_assert_cmpuint (sent, ==, sum);

  body = g_strndup (line + 1, (gsize) (star - line - 1));
  parts = g_strsplit (body, ",", -1);
  g_assert_cmpstr (parts[0], ==, "VGL");

  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');

      g_assert_nonnull (eq);
      g_assert_false (g_hash_table_contains (fields, parts[i]));
      g_hash_table_insert (fields,
                           g_strndup (parts[i], (gsize) (eq - parts[i])),
                           g_strdup (eq + 1));
    }
  return fields;
}

/* A field as a whole number, or fails. */
static inline gint64
sim_test_field_int (GHashTable *fields,
                    const char *key)
{
  const char *text = g_hash_table_lookup (fields, key);
  gint64 value;

  g_assert_nonnull (text);
  g_assert_true (g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL));
  return value;
}
