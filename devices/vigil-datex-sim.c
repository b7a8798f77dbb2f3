/* vigil-datex-sim.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-datex-sim.h"

struct _VigilDatexSim
{
  VigilSimProtocol parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilDatexSim, vigil_datex_sim, VIGIL_TYPE_SIM_PROTOCOL)

static void
tick (VigilSimProtocol *sim, const VigilScenarioSample *sample, gint64 wall_ms)
{
}

static void
vigil_datex_sim_class_init (VigilDatexSimClass *klass)
{
  VIGIL_SIM_PROTOCOL_CLASS (klass)->tick = tick;
}

static void
vigil_datex_sim_init (VigilDatexSim *self)
{
}

VigilSimProtocol *
vigil_datex_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_DATEX_SIM, NULL);
}
