/* devices-test-util.h — main-loop waits with a guard, temporary directories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Static inline so that each test program takes only what it uses.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "vigil-line-protocol.h"

G_BEGIN_DECLS

typedef gboolean (*TestCondition) (gpointer data);

static inline gboolean
test_guard_fired (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until @condition holds or @timeout_ms
 * of real time passed, so that a failure cannot hang the test. */
static inline gboolean
test_run_until (TestCondition condition,
                gpointer      data,
                guint         timeout_ms)
{
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add (timeout_ms, test_guard_fired, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (guard);
  return condition (data);
}

/* Lets the main loop run for @ms of real time, for "nothing happens" checks. */
static inline void
test_run_for (guint ms)
{
  gboolean done = FALSE;
  guint guard = g_timeout_add (ms, test_guard_fired, &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  (void) guard;
}

/* A fresh directory for a test's pty links; remove with test_tmpdir_remove(). */
static inline char *
test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vigil-devices-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

/* The directory must hold nothing but files we may delete. */
static inline void
test_tmpdir_remove (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d != NULL)
    {
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_unlink (path);
        }
      g_dir_close (d);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A complete, checksummed line of the Vigil line protocol. */
static inline char *
test_make_line (gint64 device_time_ms,
                int    heart_rate)
{
  g_autofree char *body =
    g_strdup_printf ("VGL,T=%" G_GINT64_FORMAT ",HR=%d,SPO2=98,PR=%d,NIBP=120/80/93",
                     device_time_ms, heart_rate, heart_rate);

  return vigil_line_protocol_seal (body);
}

G_END_DECLS
