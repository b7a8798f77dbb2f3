/* vigil-datex-sim.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-sim-protocol.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DATEX_SIM (vigil_datex_sim_get_type ())

G_DECLARE_FINAL_TYPE (VigilDatexSim, vigil_datex_sim, VIGIL, DATEX_SIM, VigilSimProtocol)

VigilSimProtocol *vigil_datex_sim_new (void);

G_END_DECLS
