/* vigil-monitor-test.h — a demo bedside on a manual clock, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-monitor.h"

G_BEGIN_DECLS

/* 2026-11-28 08:00 UTC */
#define VIGIL_TEST_WALL_START_US ((gint64) 1795852800 * G_USEC_PER_SEC)

typedef struct
{
  VigilClock   *clock;
  VigilMonitor *monitor;
  guint         n_observations;
  guint         kinds[VIGIL_N_TECHNICAL_KINDS];
} VigilMonitorTest;

void vigil_monitor_test_set_up    (VigilMonitorTest *test,
                                   const char       *scenario,
                                   guint32           seed);
void vigil_monitor_test_set_up_device (VigilMonitorTest *test,
                                       const char       *protocol,
                                       const char       *scenario,
                                       guint32           seed);
void vigil_monitor_test_run       (VigilMonitorTest *test,
                                   guint             seconds);
void vigil_monitor_test_tear_down (VigilMonitorTest *test);

G_END_DECLS
