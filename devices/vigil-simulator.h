/* vigil-simulator.h — a simulated bedside device on a pty or a serial port
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-clock.h"
#include "vigil-scenario.h"
#include "vigil-sim-protocol.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SIMULATOR (vigil_simulator_get_type ())

G_DECLARE_FINAL_TYPE (VigilSimulator, vigil_simulator, VIGIL, SIMULATOR, GObject)

#define VIGIL_SIMULATOR_DEFAULT_BAUD 115200
/* The Vigil protocol: one line per second of clock time. */
#define VIGIL_SIMULATOR_PERIOD_MS    1000

VigilSimulator *vigil_simulator_new            (VigilScenario             *scenario,
                                                VigilClock                *clock);
VigilSimulator *vigil_simulator_new_for_protocol (VigilScenario           *scenario,
                                                VigilClock                *clock,
                                                const char                *protocol,
                                                GError                   **error);
const char     *vigil_simulator_get_protocol   (VigilSimulator            *self);
VigilSimProtocol *vigil_simulator_get_device_side (VigilSimulator          *self);
gboolean        vigil_simulator_open_pty       (VigilSimulator            *self,
                                                const char                *link_path,
                                                GError                   **error);
gboolean        vigil_simulator_open_port      (VigilSimulator            *self,
                                                const char                *path,
                                                GError                   **error);
void            vigil_simulator_close          (VigilSimulator            *self);
const char     *vigil_simulator_get_path       (VigilSimulator            *self);
VigilScenario  *vigil_simulator_get_scenario   (VigilSimulator            *self);
VigilClock     *vigil_simulator_get_clock      (VigilSimulator            *self);
guint           vigil_simulator_get_baud       (VigilSimulator            *self);
void            vigil_simulator_set_baud       (VigilSimulator            *self,
                                                guint                      baud);
void            vigil_simulator_start          (VigilSimulator            *self);
void            vigil_simulator_stop           (VigilSimulator            *self);
gboolean        vigil_simulator_is_running     (VigilSimulator            *self);
gboolean        vigil_simulator_get_connected  (VigilSimulator            *self);
gint64          vigil_simulator_get_elapsed    (VigilSimulator            *self);
guint64         vigil_simulator_get_lines_sent (VigilSimulator            *self);
char           *vigil_simulator_format_line    (gint64                     device_time_ms,
                                                const VigilScenarioSample *sample);

/* Fault injection, for soak tests. */
void            vigil_simulator_inject         (VigilSimulator            *self,
                                                const guint8              *data,
                                                gsize                      length);
void            vigil_simulator_set_cable_pulled (VigilSimulator          *self,
                                                gboolean                   pulled);
void            vigil_simulator_set_frozen     (VigilSimulator            *self,
                                                gboolean                   frozen);
void            vigil_simulator_reboot         (VigilSimulator            *self);
void            vigil_simulator_set_line_baud  (VigilSimulator            *self,
                                                guint                      baud);

G_END_DECLS
