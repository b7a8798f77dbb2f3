/* vigil-intellivue-parser.h — Philips IntelliVue Data Export (MIB/RS-232)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Push parser of the monitor's frames and the host side of the session:
 * association, MDS create confirmation, extended polls of the numerics,
 * keep-alive and re-association. Registered as protocol "intellivue".
 */
#pragma once

#include "vigil-parser.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_INTELLIVUE_PARSER (vigil_intellivue_parser_get_type ())

G_DECLARE_FINAL_TYPE (VigilIntellivueParser, vigil_intellivue_parser, VIGIL, INTELLIVUE_PARSER, VigilParser)

/* Host side timing. */
#define VIGIL_INTELLIVUE_POLL_INTERVAL_US   (G_USEC_PER_SEC)
#define VIGIL_INTELLIVUE_SILENCE_US         (5 * G_USEC_PER_SEC)

VigilParser *vigil_intellivue_parser_new                 (void);
gsize        vigil_intellivue_parser_get_pending_length  (VigilIntellivueParser *self);
gboolean     vigil_intellivue_parser_is_polling          (VigilIntellivueParser *self);

G_END_DECLS
