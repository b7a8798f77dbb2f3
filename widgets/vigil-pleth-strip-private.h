/* vigil-pleth-strip-private.h — counters the tests use to prove redraws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-pleth-strip.h"

G_BEGIN_DECLS

/* How many frames were drawn; how many samples the strip holds. */
guint vigil_pleth_strip_get_snapshot_count (VigilPlethStrip *self);
guint vigil_pleth_strip_get_n_samples      (VigilPlethStrip *self);

G_END_DECLS
