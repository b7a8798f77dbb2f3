/* vigil-nonin-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_NONIN_PARSER (vigil_nonin_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilNoninParser, vigil_nonin_parser, VIGIL, NONIN_PARSER, VigilParser)

VigilParser *vigil_nonin_parser_new (void);

G_END_DECLS
