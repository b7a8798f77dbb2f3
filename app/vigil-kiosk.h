/* vigil-kiosk.h — a window made into a bedside kiosk: full screen, no way out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_KIOSK (vigil_kiosk_get_type ())

G_DECLARE_FINAL_TYPE (VigilKiosk, vigil_kiosk, VIGIL, KIOSK, GObject)

/* Makes @window full screen and undecorated, hides the pointer, refuses
 * Escape, Alt+F4, Ctrl+Q, Ctrl+W (and the inspector's keys) and every
 * close request, and goes back to full screen when the window manager
 * takes it away. The window must outlive the kiosk (it owns it and
 * disposes it). "refused" (const char *what) is emitted for each escape
 * attempt refused. */
VigilKiosk *vigil_kiosk_new               (GtkWindow      *window);
/* Lets the next close request through: set once quitting was allowed. */
void        vigil_kiosk_set_allow_close   (VigilKiosk     *self,
                                           gboolean        allow);
gboolean    vigil_kiosk_get_allow_close   (VigilKiosk     *self);
/* Escape keys and close requests refused so far. */
guint       vigil_kiosk_get_refused_count (VigilKiosk     *self);
/* Asks the session to keep the screen on and the machine awake while
 * the window lives. FALSE when nothing on this system honours it (no
 * session manager, a compositor without idle-inhibit). */
gboolean    vigil_kiosk_inhibit           (VigilKiosk     *self,
                                           GtkApplication *application);
gboolean    vigil_kiosk_get_inhibited     (VigilKiosk     *self);
/* Undoes it all; also done by dispose. */
void        vigil_kiosk_release           (VigilKiosk     *self);

G_END_DECLS
