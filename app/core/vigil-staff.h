/* vigil-staff.h — the people who may unlock Vigil: names, roles, PINs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-clock.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_STAFF_ERROR (vigil_staff_error_quark ())

typedef enum
{
  VIGIL_STAFF_ERROR_WRONG_PIN,      /* the PIN does not match (a try is counted) */
  VIGIL_STAFF_ERROR_LOCKED_OUT,     /* too many wrong tries: wait */
  VIGIL_STAFF_ERROR_INVALID,        /* an empty name, a PIN that is not 4–12 digits */
  VIGIL_STAFF_ERROR_UNKNOWN,        /* no such person */
  VIGIL_STAFF_ERROR_NOT_ALLOWED,    /* the role may not do this, or it would remove the last admin */
  VIGIL_STAFF_ERROR_FAILED,         /* hashing or the database failed */
} VigilStaffError;

typedef enum
{
  VIGIL_STAFF_ROLE_NURSE,
  VIGIL_STAFF_ROLE_ADMIN,
} VigilStaffRole;

/* What a privilege opens. Nurses: quit, alarm limits, devices.
 * Admins: everything. */
typedef enum
{
  VIGIL_STAFF_PRIVILEGE_QUIT,
  VIGIL_STAFF_PRIVILEGE_ALARM_LIMITS,
  VIGIL_STAFF_PRIVILEGE_DEVICES,
  VIGIL_STAFF_PRIVILEGE_SETTINGS,   /* clinic settings, language, night schedule */
  VIGIL_STAFF_PRIVILEGE_STAFF,      /* add, remove people, reset PINs */
} VigilStaffPrivilege;

#define VIGIL_STAFF_MAX_TRIES      5
#define VIGIL_STAFF_LOCKOUT_US     (60 * G_USEC_PER_SEC)
#define VIGIL_STAFF_PIN_MIN_DIGITS 4
#define VIGIL_STAFF_PIN_MAX_DIGITS 12

typedef struct
{
  gint64          id;
  char           *name;
  VigilStaffRole  role;
  gint64          created_us;   /* wall clock */
} VigilStaffMember;

#define VIGIL_TYPE_STAFF_MEMBER (vigil_staff_member_get_type ())
#define VIGIL_TYPE_STAFF (vigil_staff_get_type ())

G_DECLARE_FINAL_TYPE (VigilStaff, vigil_staff, VIGIL, STAFF, GObject)

GQuark            vigil_staff_error_quark       (void);
GType             vigil_staff_member_get_type   (void) G_GNUC_CONST;
VigilStaffMember *vigil_staff_member_copy       (const VigilStaffMember *member);
void              vigil_staff_member_free       (VigilStaffMember       *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStaffMember, vigil_staff_member_free)

const char       *vigil_staff_role_to_string    (VigilStaffRole          role);   /* "nurse", "admin" */
const char       *vigil_staff_role_to_label     (VigilStaffRole          role);   /* translated */
gboolean          vigil_staff_role_allows       (VigilStaffRole          role,
                                                 VigilStaffPrivilege     privilege);

/* The roster lives in @store (tables staff and audit_log); PINs are kept
 * only as Argon2id hashes (libsodium's crypto_pwhash_str). @clock times
 * the lock-out. */
VigilStaff       *vigil_staff_new               (VigilStore             *store,
                                                 VigilClock             *clock);

/* FALSE until the first admin exists: the first start creates one. */
gboolean          vigil_staff_has_admin         (VigilStaff             *self);
/* VigilStaffMember*, by name. */
GPtrArray        *vigil_staff_list              (VigilStaff             *self);
VigilStaffMember *vigil_staff_lookup            (VigilStaff             *self,
                                                 gint64                  id);

/* @by is who does it (audited); NULL only for the first admin, when
 * vigil_staff_has_admin() is FALSE. */
VigilStaffMember *vigil_staff_add               (VigilStaff             *self,
                                                 const char             *name,
                                                 VigilStaffRole          role,
                                                 const char             *pin,
                                                 const VigilStaffMember *by,
                                                 GError                **error);
gboolean          vigil_staff_remove            (VigilStaff             *self,
                                                 gint64                  id,
                                                 const VigilStaffMember *by,
                                                 GError                **error);
gboolean          vigil_staff_set_pin           (VigilStaff             *self,
                                                 gint64                  id,
                                                 const char             *pin,
                                                 const VigilStaffMember *by,
                                                 GError                **error);

/* Added with the implementation: an admin changes a person's role; the
 * last admin cannot be made a nurse (NOT_ALLOWED). Audited. */
gboolean          vigil_staff_set_role          (VigilStaff             *self,
                                                 gint64                  id,
                                                 VigilStaffRole          role,
                                                 const VigilStaffMember *by,
                                                 GError                **error);

/* Checks @pin for person @id. A wrong PIN counts a try; the fifth wrong try
 * in a row locks every entry for VIGIL_STAFF_LOCKOUT_US; a right one resets
 * the count. Success and failure are audited. Hashing takes a noticeable
 * fraction of a second: the async form runs it in a thread so the monitor
 * keeps drawing. */
VigilStaffMember *vigil_staff_verify            (VigilStaff             *self,
                                                 gint64                  id,
                                                 const char             *pin,
                                                 GError                **error);
void              vigil_staff_verify_async      (VigilStaff             *self,
                                                 gint64                  id,
                                                 const char             *pin,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
VigilStaffMember *vigil_staff_verify_finish     (VigilStaff             *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

/* Microseconds until entry opens again; 0 when not locked out. */
gint64            vigil_staff_get_lockout_remaining (VigilStaff         *self);
guint             vigil_staff_get_failed_tries  (VigilStaff             *self);

/* One line in the audit log: who did what. @who may be NULL for the
 * system (e.g. an inactivity lock). */
gboolean          vigil_staff_audit             (VigilStaff             *self,
                                                 const VigilStaffMember *who,
                                                 const char             *action,
                                                 const char             *detail,
                                                 GError                **error);

G_END_DECLS
