/* vigil-lock.h — who is unlocked, for how long, and what they may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-clock.h"
#include "vigil-staff.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_LOCK (vigil_lock_get_type ())

G_DECLARE_FINAL_TYPE (VigilLock, vigil_lock, VIGIL, LOCK, GObject)

#define VIGIL_LOCK_DEFAULT_AFTER_S 120

/* Inactive (the default), everything is open, as on a desktop or in a
 * demo. Active (kiosk mode, or the "require-pin" setting), privileges
 * belong to the person unlocked, until they lock or stay away
 * "lock-after-s" seconds of @clock; that inactivity lock is audited as
 * "auto-lock" and announced by "auto-locked".
 * Properties: "active", "person" (VigilStaffMember, read-only),
 * "lock-after-s". */
VigilLock              *vigil_lock_new              (VigilStaff             *staff,
                                                     VigilClock             *clock);
VigilStaff             *vigil_lock_get_staff        (VigilLock              *self);
void                    vigil_lock_set_active       (VigilLock              *self,
                                                     gboolean                active);
gboolean                vigil_lock_get_active       (VigilLock              *self);
void                    vigil_lock_set_lock_after   (VigilLock              *self,
                                                     guint                   seconds);
guint                   vigil_lock_get_lock_after   (VigilLock              *self);
/* Who is unlocked; NULL when locked. */
const VigilStaffMember *vigil_lock_get_person       (VigilLock              *self);
/* Whether @privilege is open now: always when inactive; else when the
 * person unlocked has a role that allows it. */
gboolean                vigil_lock_allows           (VigilLock              *self,
                                                     VigilStaffPrivilege     privilege);
/* Whether the roster must first get its administrator (active, and no
 * admin yet): nothing can be unlocked before. */
gboolean                vigil_lock_needs_first_admin (VigilLock             *self);
/* @person was verified (vigil_staff_verify, which audits it) or has just
 * been created: unlocks. @reason is what for, for the debug log. */
void                    vigil_lock_unlock           (VigilLock              *self,
                                                     const VigilStaffMember *person,
                                                     const char             *reason);
/* Locks now, audited as "lock". */
void                    vigil_lock_lock             (VigilLock              *self);
/* Input happened: the inactivity count starts again. */
void                    vigil_lock_touch            (VigilLock              *self);
/* Every input on @widget (a window), in the capture phase, counts as
 * activity. */
void                    vigil_lock_watch_input      (VigilLock              *self,
                                                     GtkWidget              *widget);
/* One audit line under the person unlocked (the system when none);
 * failures are logged, never shown: the action itself went through. */
void                    vigil_lock_audit            (VigilLock              *self,
                                                     const char             *action,
                                                     const char             *detail);
/* What a role lacking @privilege is told, translated. */
const char             *vigil_lock_describe_denied  (VigilStaffPrivilege     privilege);

G_END_DECLS
