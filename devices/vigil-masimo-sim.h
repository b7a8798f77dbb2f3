/* vigil-masimo-sim.h — a simulated Masimo Rad-8 speaking ASCII 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The device side of protocol "masimo" for vigil-sim: one line a second
 * from power-on, never a word to the host.
 */
#pragma once

#include "vigil-sim-protocol.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MASIMO_SIM (vigil_masimo_sim_get_type ())

G_DECLARE_FINAL_TYPE (VigilMasimoSim, vigil_masimo_sim, VIGIL, MASIMO_SIM, VigilSimProtocol)

VigilSimProtocol *vigil_masimo_sim_new (void);

G_END_DECLS
