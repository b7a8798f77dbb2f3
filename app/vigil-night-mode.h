/* vigil-night-mode.h — the dimmed look for a darkened treatment room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_NIGHT_MODE (vigil_night_mode_get_type ())

G_DECLARE_FINAL_TYPE (VigilNightMode, vigil_night_mode, VIGIL, NIGHT_MODE, GObject)

/* Follows the "night-mode", "night-start" and "night-end" settings and
 * keeps the CSS class "night" on the attached widget (the window) while
 * night mode is on. Property "active" (gboolean, read-only) notifies. */
VigilNightMode *vigil_night_mode_new             (GSettings      *settings);
void            vigil_night_mode_attach          (VigilNightMode *self,
                                                  GtkWidget      *widget);
gboolean        vigil_night_mode_get_active      (VigilNightMode *self);
/* Whether @now is inside [@start, @end) ("HH:MM", may wrap past
 * midnight); FALSE for a time that does not parse. */
gboolean        vigil_night_mode_is_night_at     (const char     *start,
                                                  const char     *end,
                                                  GDateTime      *now);

G_END_DECLS
