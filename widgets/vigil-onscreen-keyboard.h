/* vigil-onscreen-keyboard.h — an on-screen text keyboard with Spanish letters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_ONSCREEN_KEYBOARD (vigil_onscreen_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (VigilOnscreenKeyboard, vigil_onscreen_keyboard, VIGIL, ONSCREEN_KEYBOARD, GtkWidget)

/* Letters (with ñ, á é í ó ú ü, ¿ ¡), digits, shift, space, backspace,
 * enter. Presses edit the target editable; the keyboard never takes focus. */
GtkWidget   *vigil_onscreen_keyboard_new        (void);
void         vigil_onscreen_keyboard_set_target (VigilOnscreenKeyboard *self,
                                                 GtkEditable           *target);
GtkEditable *vigil_onscreen_keyboard_get_target (VigilOnscreenKeyboard *self);
/* Whether shift is latched: the next letter is a capital. */
gboolean     vigil_onscreen_keyboard_get_shift  (VigilOnscreenKeyboard *self);
/* As a press of the key labelled @key would ("a", "ñ", "shift", "space",
 * "backspace", "enter"); for tests. */
void         vigil_onscreen_keyboard_press      (VigilOnscreenKeyboard *self,
                                                 const char            *key);

G_END_DECLS
