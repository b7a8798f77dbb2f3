/* vigil-monitor-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo mode takes exactly the path of a real device: the simulator writes
 * line-protocol bytes into a pseudo-terminal and a VigilDevice reads them.
 * A manual clock drives both, so minutes of a scenario run in moments; each
 * second's line is still delivered through the real main loop.
 */
#include "vigil-monitor-test.h"

static void
on_observation (VigilMonitor           *monitor,
                const VigilObservation *observation,
                VigilMonitorTest       *test)
{
  test->n_observations++;
}

static void
on_technical_event (VigilMonitor              *monitor,
                    VigilDevice               *device,
                    const VigilTechnicalEvent *event,
                    VigilMonitorTest          *test)
{
  test->kinds[event->kind]++;
}

void
vigil_monitor_test_set_up (VigilMonitorTest *test,
                           const char       *scenario,
                           guint32           seed)
{
  vigil_monitor_test_set_up_device (test, "vigil", scenario, seed);
}

/* As vigil_monitor_test_set_up(), with a simulated device of another family. */
void
vigil_monitor_test_set_up_device (VigilMonitorTest *test,
                                  const char       *protocol,
                                  const char       *scenario,
                                  guint32           seed)
{
  g_autoptr(GError) error = NULL;

  *test = (VigilMonitorTest) { 0 };
  test->clock = vigil_clock_new_manual (VIGIL_TEST_WALL_START_US);
  test->monitor = vigil_monitor_new (test->clock);
  g_signal_connect (test->monitor, "observation", G_CALLBACK (on_observation), test);
  g_signal_connect (test->monitor, "technical-event", G_CALLBACK (on_technical_event), test);

  g_assert_true (vigil_monitor_start_demo_device (test->monitor, protocol, scenario, seed, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_monitor_is_simulated (test->monitor));
  g_assert_cmpuint (vigil_monitor_get_n_devices (test->monitor), ==, 1);
}

static gboolean
guard_fired (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Moves the clock one second at a time; after each, lets the main loop read
 * what the simulator wrote (up to 200 ms of real time when a line is due). */
void
vigil_monitor_test_run (VigilMonitorTest *test,
                        guint             seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      guint before = test->n_observations;
      gboolean timed_out = FALSE;
      guint guard;

      vigil_clock_advance (test->clock, G_USEC_PER_SEC);
      guard = g_timeout_add (200, guard_fired, &timed_out);
      while (test->n_observations == before && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (guard);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

void
vigil_monitor_test_tear_down (VigilMonitorTest *test)
{
  vigil_monitor_stop (test->monitor);
  g_assert_finalize_object (test->monitor);
  g_assert_finalize_object (test->clock);
}
