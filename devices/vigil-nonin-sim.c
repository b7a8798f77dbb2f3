/* vigil-nonin-sim.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-nonin-sim.h"

struct _VigilNoninSim
{
  VigilSimProtocol parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilNoninSim, vigil_nonin_sim, VIGIL_TYPE_SIM_PROTOCOL)

static void
tick (VigilSimProtocol *sim, const VigilScenarioSample *sample, gint64 wall_ms)
{
}

static void
vigil_nonin_sim_class_init (VigilNoninSimClass *klass)
{
  VIGIL_SIM_PROTOCOL_CLASS (klass)->tick = tick;
}

static void
vigil_nonin_sim_init (VigilNoninSim *self)
{
}

VigilSimProtocol *
vigil_nonin_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_NONIN_SIM, NULL);
}
