/* vigil-intellivue-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_INTELLIVUE_PARSER (vigil_intellivue_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilIntellivueParser, vigil_intellivue_parser, VIGIL, INTELLIVUE_PARSER, VigilParser)

VigilParser *vigil_intellivue_parser_new (void);

G_END_DECLS
