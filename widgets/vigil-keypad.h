/* vigil-keypad.h — an on-screen numeric keypad for gloved fingers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_KEYPAD (vigil_keypad_get_type ())

G_DECLARE_FINAL_TYPE (VigilKeypad, vigil_keypad, VIGIL, KEYPAD, GtkWidget)

/* Keys: "0"–"9", the decimal point (the locale's), "backspace", "enter".
 * Each press emits "key" (const char *key); with a target editable, the
 * key also edits it (enter activates it). The keypad never takes focus,
 * so the target keeps its cursor. */
GtkWidget   *vigil_keypad_new             (void);
void         vigil_keypad_set_target      (VigilKeypad *self,
                                           GtkEditable *target);
GtkEditable *vigil_keypad_get_target      (VigilKeypad *self);
/* Whether the decimal point key is shown (FALSE for PINs and counts). */
void         vigil_keypad_set_show_decimal (VigilKeypad *self,
                                           gboolean     show);
gboolean     vigil_keypad_get_show_decimal (VigilKeypad *self);
/* The decimal point key's text: the locale's, e.g. "," in es_ES. */
const char  *vigil_keypad_get_decimal_point (VigilKeypad *self);
/* Emits "key" as a press of @key would (for tests and hardware keys). */
void         vigil_keypad_press           (VigilKeypad *self,
                                           const char  *key);

G_END_DECLS
