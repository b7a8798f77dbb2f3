/* vigil-masimo-parser.h — push parser of Masimo ASCII 1 (Rad-8, Radical-7,
 * Radical-5, Root)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds on the oximeter's text lines in any split of bytes and emits SpO2
 * (with the perfusion index) and pulse-rate observations, and technical
 * events for the device's exceptions. Passive: the host sends nothing.
 * Registered as protocol "masimo".
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MASIMO_PARSER (vigil_masimo_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilMasimoParser, vigil_masimo_parser, VIGIL, MASIMO_PARSER, VigilParser)

VigilParser *vigil_masimo_parser_new                (void);
gsize        vigil_masimo_parser_get_pending_length (VigilMasimoParser *self);

G_END_DECLS
