/* vigil-intellivue-sim.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-sim-protocol.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_INTELLIVUE_SIM (vigil_intellivue_sim_get_type ())

G_DECLARE_FINAL_TYPE (VigilIntellivueSim, vigil_intellivue_sim, VIGIL, INTELLIVUE_SIM, VigilSimProtocol)

VigilSimProtocol *vigil_intellivue_sim_new (void);

G_END_DECLS
