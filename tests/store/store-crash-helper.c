/* store-crash-helper.c — appends alarm rows until it is killed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: store-crash-helper PATH
 *
 * Prints "session ID", then the number of each row right after
 * vigil_store_append_alarm() has returned TRUE: a row it printed is one the
 * store promised was saved. test-store-crash kills it with SIGKILL at random
 * moments and checks that every promised row is there.
 */
#include <math.h>
#include <stdio.h>

#include "vigil-store.h"

#define T0_US G_GINT64_CONSTANT (1700000000000000)

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  gint64 session;

  if (argc != 2)
    {
      g_printerr ("usage: %s PATH\n", argv[0]);
      return 2;
    }

  store = vigil_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  session = vigil_store_begin_session (store, T0_US, TRUE, "crash");
  if (!vigil_store_is_healthy (store))
    {
      g_printerr ("%s\n", vigil_store_get_health_error (store)->message);
      return 1;
    }
  printf ("session %" G_GINT64_FORMAT "\n", session);
  fflush (stdout);

  for (guint i = 0; i < 1000000; i++)
    {
      g_autoptr(VigilAlarmLogEntry) entry =
        vigil_alarm_log_entry_new (i % 2 == 0 ? VIGIL_ALARM_LOG_START : VIGIL_ALARM_LOG_END,
                                   (VigilAlarmId) (i % VIGIL_N_ALARMS));

      entry->wall_us = T0_US + i;
      entry->priority = VIGIL_ALARM_PRIORITY_HIGH;
      entry->value = i;
      entry->limit = 90;
      entry->old_limit = NAN;
      entry->message = g_strdup_printf ("row %u", i);

      if (!vigil_store_append_alarm (store, session, entry, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("%u\n", i);
      fflush (stdout);
    }
  return 0;
}
