/* vigil-masimo-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MASIMO_PARSER (vigil_masimo_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilMasimoParser, vigil_masimo_parser, VIGIL, MASIMO_PARSER, VigilParser)

VigilParser *vigil_masimo_parser_new (void);

G_END_DECLS
