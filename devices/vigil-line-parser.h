/* vigil-line-parser.h — push parser of the Vigil line protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds on `$VGL,KEY=VALUE,...*CS\r\n` lines (devices/PROTOCOL.md) in any
 * split of bytes and emits the base class's "observation" and
 * "technical-event" signals. Registered as protocol "vigil".
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_LINE_PARSER (vigil_line_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilLineParser, vigil_line_parser, VIGIL, LINE_PARSER, VigilParser)

VigilLineParser *vigil_line_parser_new                (void);
gsize            vigil_line_parser_get_pending_length (VigilLineParser *self);

G_END_DECLS
