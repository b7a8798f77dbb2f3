/* vigil-masimo-sim.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-masimo-sim.h"

struct _VigilMasimoSim
{
  VigilSimProtocol parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilMasimoSim, vigil_masimo_sim, VIGIL_TYPE_SIM_PROTOCOL)

static void
tick (VigilSimProtocol *sim, const VigilScenarioSample *sample, gint64 wall_ms)
{
}

static void
vigil_masimo_sim_class_init (VigilMasimoSimClass *klass)
{
  VIGIL_SIM_PROTOCOL_CLASS (klass)->tick = tick;
}

static void
vigil_masimo_sim_init (VigilMasimoSim *self)
{
}

VigilSimProtocol *
vigil_masimo_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_MASIMO_SIM, NULL);
}
