/* vigil-keypad-private.h — the editing rules the keypad and keyboard share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-keypad.h"

G_BEGIN_DECLS

/* As typing would: @text replaces the selection, or goes in at the cursor,
 * and the cursor moves past it. Nothing happens to a read-only editable. */
void vigil_keypad_edit_insert    (GtkEditable *target,
                                  const char  *text);
/* Deletes the selection, or the character before the cursor. */
void vigil_keypad_edit_backspace (GtkEditable *target);
/* As the Enter key would: a spin button takes its value, an entry emits
 * "activate" (and activates the window's default widget if it is set to). */
void vigil_keypad_edit_enter     (GtkEditable *target);

G_END_DECLS
