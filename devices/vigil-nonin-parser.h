/* vigil-nonin-parser.h — push parser and host side of Nonin data formats 8 and 7
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds on a Nonin oximeter's bytes in any split: data format 7 frames
 * (pleth at 75 Hz, numbers once a 25-frame packet) and data format 8
 * frames (numbers once a second), told apart in the stream, plus the
 * device's ACK/NAK replies to the format command. The host side asks for
 * format 7 on every new link and falls back to format 8 on a NAK.
 * Registered as protocol "nonin".
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_NONIN_PARSER (vigil_nonin_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilNoninParser, vigil_nonin_parser, VIGIL, NONIN_PARSER, VigilParser)

VigilParser *vigil_nonin_parser_new             (void);
guint        vigil_nonin_parser_get_format      (VigilNoninParser *self);

G_END_DECLS
