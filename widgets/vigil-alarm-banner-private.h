/* vigil-alarm-banner-private.h — hooks the tests use to drive the flash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-alarm-banner.h"

G_BEGIN_DECLS

/* What the tick callback does for a frame at @time_us (frame-clock time). */
void     vigil_alarm_banner_update_for_time      (VigilAlarmBanner *self,
                                                  gint64            time_us);
/* The tick uses @time_us instead of the frame time; -1 for the frame clock. */
void     vigil_alarm_banner_set_time_override    (VigilAlarmBanner *self,
                                                  gint64            time_us);
/* Whether a tick callback is installed (only while mapped and flashing). */
gboolean vigil_alarm_banner_is_ticking           (VigilAlarmBanner *self);
/* The flash state the last snapshot drew, and how many snapshots there were. */
gboolean vigil_alarm_banner_get_drawn_flash_on   (VigilAlarmBanner *self);
guint    vigil_alarm_banner_get_snapshot_count   (VigilAlarmBanner *self);

G_END_DECLS
