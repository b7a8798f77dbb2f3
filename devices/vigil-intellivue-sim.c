/* vigil-intellivue-sim.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-intellivue-sim.h"

struct _VigilIntellivueSim
{
  VigilSimProtocol parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilIntellivueSim, vigil_intellivue_sim, VIGIL_TYPE_SIM_PROTOCOL)

static void
tick (VigilSimProtocol *sim, const VigilScenarioSample *sample, gint64 wall_ms)
{
}

static void
vigil_intellivue_sim_class_init (VigilIntellivueSimClass *klass)
{
  VIGIL_SIM_PROTOCOL_CLASS (klass)->tick = tick;
}

static void
vigil_intellivue_sim_init (VigilIntellivueSim *self)
{
}

VigilSimProtocol *
vigil_intellivue_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_INTELLIVUE_SIM, NULL);
}
