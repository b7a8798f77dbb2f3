/* vigil-input-dock.h — the on-screen keypad or keyboard, following focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_INPUT_DOCK (vigil_input_dock_get_type ())

G_DECLARE_FINAL_TYPE (VigilInputDock, vigil_input_dock, VIGIL, INPUT_DOCK, GtkWidget)

/* Placed at the bottom of a window. While enabled, it watches the window's
 * focus: a numeric entry (a GtkSpinButton, or an entry whose input purpose
 * is number, digits, phone or PIN) brings up the keypad, any other text
 * entry the keyboard; focus elsewhere hides it. Disabled, it stays hidden. */
GtkWidget   *vigil_input_dock_new         (void);
void         vigil_input_dock_attach      (VigilInputDock *self,
                                           GtkWindow      *window);
void         vigil_input_dock_set_enabled (VigilInputDock *self,
                                           gboolean        enabled);
gboolean     vigil_input_dock_get_enabled (VigilInputDock *self);
/* The editable being edited, or NULL when hidden. */
GtkEditable *vigil_input_dock_get_target  (VigilInputDock *self);
/* Whether the keypad (TRUE) or the keyboard (FALSE) is up. */
gboolean     vigil_input_dock_is_numeric  (VigilInputDock *self);

G_END_DECLS
