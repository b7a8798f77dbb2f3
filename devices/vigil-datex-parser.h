/* vigil-datex-parser.h — push parser and host side of the GE S/5 interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads displayed-values and aux records of the GE Datex-Ohmeda S/5
 * Computer Interface (PROTOCOLS.md §1) in any split of bytes, and asks the
 * monitor for them: connected() sends the transmission requests.
 * Registered as protocol "datex".
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DATEX_PARSER (vigil_datex_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilDatexParser, vigil_datex_parser, VIGIL, DATEX_PARSER, VigilParser)

/* What connected() asks for: displayed values and aux records every
 * VIGIL_DATEX_PARSER_TX_IVAL s, basic class, once per level below. */
#define VIGIL_DATEX_PARSER_TX_IVAL 5

VigilParser *vigil_datex_parser_new                (void);
gsize        vigil_datex_parser_get_pending_length (VigilDatexParser *self);
int          vigil_datex_parser_get_dri_level      (VigilDatexParser *self);
const guint8 *vigil_datex_parser_get_request_levels (gsize           *n_levels);
GBytes      *vigil_datex_encode_request            (guint8            phdb_rcrd_type,
                                                    gint16            tx_ival,
                                                    guint32           classes,
                                                    guint8            dri_level);

G_END_DECLS
