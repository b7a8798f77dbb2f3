/* vigil-intellivue-sim.h — a simulated Philips IntelliVue monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The monitor's side of Data Export over MIB/RS-232: silent until an
 * association request, then accept, MDS create (repeated until confirmed),
 * and poll results of the scenario's numerics.
 */
#pragma once

#include "vigil-sim-protocol.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_INTELLIVUE_SIM (vigil_intellivue_sim_get_type ())

G_DECLARE_FINAL_TYPE (VigilIntellivueSim, vigil_intellivue_sim, VIGIL, INTELLIVUE_SIM, VigilSimProtocol)

/* The monitor's timers. */
#define VIGIL_INTELLIVUE_SIM_MDS_REPEAT_MS   3000
#define VIGIL_INTELLIVUE_SIM_CONFIRM_TIMEOUT_MS 10000
#define VIGIL_INTELLIVUE_SIM_ASSOC_TIMEOUT_MS 10000
/* Every this many poll results is sent as three linked parts. */
#define VIGIL_INTELLIVUE_SIM_LINKED_EVERY    4

VigilSimProtocol *vigil_intellivue_sim_new (void);

G_END_DECLS
