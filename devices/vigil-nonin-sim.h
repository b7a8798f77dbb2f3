/* vigil-nonin-sim.h — a simulated Nonin oximeter (data formats 8 and 7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-sim-protocol.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_NONIN_SIM (vigil_nonin_sim_get_type ())

G_DECLARE_FINAL_TYPE (VigilNoninSim, vigil_nonin_sim, VIGIL, NONIN_SIM, VigilSimProtocol)

VigilSimProtocol *vigil_nonin_sim_new        (void);
guint             vigil_nonin_sim_get_format (VigilNoninSim *self);

G_END_DECLS
