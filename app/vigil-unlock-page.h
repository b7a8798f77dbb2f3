/* vigil-unlock-page.h — choose your name, enter your PIN on the keypad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-keypad.h"
#include "vigil-staff.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_UNLOCK_PAGE (vigil_unlock_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilUnlockPage, vigil_unlock_page, VIGIL, UNLOCK_PAGE, GtkWidget)

/* Lists the staff whose role allows the privilege asked for as large
 * buttons; a tap asks that person's PIN, verified off the main loop.
 * Signals: "unlocked" (VigilStaffMember *person) once a PIN is right,
 * "cancelled" when the person goes back to the monitor. */
GtkWidget   *vigil_unlock_page_new            (void);
void         vigil_unlock_page_set_staff      (VigilUnlockPage     *self,
                                               VigilStaff          *staff);
/* Starts over at the names, for @privilege; @title says what for. */
void         vigil_unlock_page_begin          (VigilUnlockPage     *self,
                                               VigilStaffPrivilege  privilege,
                                               const char          *title);
/* As a tap on a name: asks that person's PIN. */
void         vigil_unlock_page_choose         (VigilUnlockPage     *self,
                                               gint64               id);
/* As Enter: verifies the PIN typed. */
void         vigil_unlock_page_submit         (VigilUnlockPage     *self);
/* Touch only (kiosk): the PIN field takes no keyboard focus, so the page's
 * keypad is the one way in and no other on-screen keypad comes up. */
void         vigil_unlock_page_set_touch_only (VigilUnlockPage     *self,
                                               gboolean             touch_only);
/* "people" or "pin". */
const char  *vigil_unlock_page_get_step       (VigilUnlockPage     *self);
/* The error shown (wrong PIN, tries left, the lock-out countdown), "" if none. */
const char  *vigil_unlock_page_get_error      (VigilUnlockPage     *self);
const char  *vigil_unlock_page_get_notice     (VigilUnlockPage     *self);
gboolean     vigil_unlock_page_is_busy        (VigilUnlockPage     *self);
/* The names offered, in order. */
GStrv        vigil_unlock_page_dup_names      (VigilUnlockPage     *self);
GtkEditable *vigil_unlock_page_get_pin_entry  (VigilUnlockPage     *self);
VigilKeypad *vigil_unlock_page_get_keypad     (VigilUnlockPage     *self);

G_END_DECLS
