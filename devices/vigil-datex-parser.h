/* vigil-datex-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DATEX_PARSER (vigil_datex_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilDatexParser, vigil_datex_parser, VIGIL, DATEX_PARSER, VigilParser)

VigilParser *vigil_datex_parser_new (void);

G_END_DECLS
