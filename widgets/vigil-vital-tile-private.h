/* vigil-vital-tile-private.h — hooks the tests use to drive the flash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-vital-tile.h"

G_BEGIN_DECLS

/* What the tick callback does for a frame at @time_us (frame-clock time). */
void     vigil_vital_tile_update_for_time   (VigilVitalTile *self,
                                             gint64          time_us);
/* The tick uses @time_us instead of the frame time; -1 for the frame clock. */
void     vigil_vital_tile_set_time_override (VigilVitalTile *self,
                                             gint64          time_us);
/* Whether a tick callback is installed (only while mapped and flashing). */
gboolean vigil_vital_tile_is_ticking        (VigilVitalTile *self);

/* The screen reader's text, as last written (at most once a second). */
const char *vigil_vital_tile_get_accessible_text (VigilVitalTile *self);

G_END_DECLS
