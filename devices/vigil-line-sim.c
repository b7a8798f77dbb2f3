/* vigil-line-sim.c — the device side of the Vigil line protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A passive device: one sealed line per second, whatever the host says.
 */
#include "vigil-line-sim.h"

#include <string.h>

#include "vigil-simulator.h"

struct _VigilLineSim
{
  VigilSimProtocol parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilLineSim, vigil_line_sim, VIGIL_TYPE_SIM_PROTOCOL)

static void
vigil_line_sim_tick (VigilSimProtocol          *sim,
                     const VigilScenarioSample *sample,
                     gint64                     wall_ms)
{
  g_autofree char *line = vigil_simulator_format_line (wall_ms, sample);

  vigil_sim_protocol_transmit (sim, (const guint8 *) line, strlen (line));
}

static void
vigil_line_sim_class_init (VigilLineSimClass *klass)
{
  VigilSimProtocolClass *sim_class = VIGIL_SIM_PROTOCOL_CLASS (klass);

  sim_class->period_ms = 1000;
  sim_class->tick = vigil_line_sim_tick;
}

static void
vigil_line_sim_init (VigilLineSim *self)
{
  vigil_sim_protocol_set_streaming (VIGIL_SIM_PROTOCOL (self), TRUE);
}

VigilSimProtocol *
vigil_line_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_LINE_SIM, NULL);
}
