/* vigil-clock.h — the one source of time, injectable for tests and training
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_CLOCK (vigil_clock_get_type ())

G_DECLARE_FINAL_TYPE (VigilClock, vigil_clock, VIGIL, CLOCK, GObject)

VigilClock *vigil_clock_new            (double       speed);
VigilClock *vigil_clock_new_manual     (gint64       wall_start_us);
gint64      vigil_clock_get_monotonic  (VigilClock  *self);
gint64      vigil_clock_get_wall       (VigilClock  *self);
double      vigil_clock_get_speed      (VigilClock  *self);
gboolean    vigil_clock_is_manual      (VigilClock  *self);
void        vigil_clock_advance        (VigilClock  *self,
                                        gint64       delta_us);
guint       vigil_clock_timeout_add    (VigilClock  *self,
                                        guint        interval_ms,
                                        GSourceFunc  function,
                                        gpointer     data);
void        vigil_clock_timeout_remove (VigilClock  *self,
                                        guint        id);

G_END_DECLS
