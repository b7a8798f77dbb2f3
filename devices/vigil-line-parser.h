/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once
#include "vigil-parser.h"
G_BEGIN_DECLS
#define VIGIL_TYPE_LINE_PARSER (vigil_line_parser_get_type ())
G_DECLARE_FINAL_TYPE (VigilLineParser, vigil_line_parser, VIGIL, LINE_PARSER, VigilParser)
VigilLineParser *vigil_line_parser_new (void);
G_END_DECLS
