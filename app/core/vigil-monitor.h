/* vigil-monitor.h — the bedside: its devices, their latest values, their trends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm-engine.h"
#include "vigil-clock.h"
#include "vigil-data-state.h"
#include "vigil-device.h"
#include "vigil-device-spec.h"
#include "vigil-observation.h"
#include "vigil-technical-event.h"
#include "vigil-trend-set.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MONITOR (vigil_monitor_get_type ())

G_DECLARE_FINAL_TYPE (VigilMonitor, vigil_monitor, VIGIL, MONITOR, GObject)

VigilMonitor           *vigil_monitor_new               (VigilClock              *clock);
VigilClock             *vigil_monitor_get_clock         (VigilMonitor            *self);
VigilTrendSet          *vigil_monitor_get_trends        (VigilMonitor            *self);
VigilAlarmEngine       *vigil_monitor_get_alarms        (VigilMonitor            *self);
gboolean                vigil_monitor_add_device        (VigilMonitor            *self,
                                                         const VigilDeviceSpec   *spec,
                                                         GError                 **error);
gboolean                vigil_monitor_start_demo        (VigilMonitor            *self,
                                                         const char              *scenario,
                                                         guint32                  seed,
                                                         GError                 **error);
gboolean                vigil_monitor_start_demo_device (VigilMonitor            *self,
                                                         const char              *protocol,
                                                         const char              *scenario,
                                                         guint32                  seed,
                                                         GError                 **error);
gboolean                vigil_monitor_is_simulated      (VigilMonitor            *self);
const char             *vigil_monitor_get_scenario      (VigilMonitor            *self);
guint                   vigil_monitor_get_n_devices     (VigilMonitor            *self);
VigilDevice            *vigil_monitor_get_device        (VigilMonitor            *self,
                                                         guint                    index);
gint64                  vigil_monitor_get_start_time    (VigilMonitor            *self);
const VigilObservation *vigil_monitor_get_latest        (VigilMonitor            *self,
                                                         VigilParameter           parameter);
VigilDataState          vigil_monitor_get_data_state     (VigilMonitor            *self,
                                                         VigilParameter           parameter);
gint64                  vigil_monitor_get_stale_after   (VigilMonitor            *self);
void                    vigil_monitor_set_stale_after   (VigilMonitor            *self,
                                                         gint64                   age_us);
gint64                  vigil_monitor_get_absent_after  (VigilMonitor            *self);
void                    vigil_monitor_set_absent_after  (VigilMonitor            *self,
                                                         gint64                   age_us);
void                    vigil_monitor_remove_devices    (VigilMonitor            *self);
gboolean                vigil_monitor_heart_rate_is_pulse_rate (VigilMonitor     *self);
void                    vigil_monitor_stop              (VigilMonitor            *self);

G_END_DECLS
