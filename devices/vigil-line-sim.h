/* vigil-line-sim.h — the device side of the Vigil line protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-sim-protocol.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_LINE_SIM (vigil_line_sim_get_type ())

G_DECLARE_FINAL_TYPE (VigilLineSim, vigil_line_sim, VIGIL, LINE_SIM, VigilSimProtocol)

VigilSimProtocol *vigil_line_sim_new (void);

G_END_DECLS
