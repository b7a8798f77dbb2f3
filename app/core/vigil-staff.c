/* vigil-staff.c — the people who may unlock Vigil: names, roles, PINs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PINs. A PIN is never stored, logged or kept: it is hashed with Argon2id
 * (libsodium's crypto_pwhash_str, interactive limits) and only the hash
 * string goes to the store. The async verify copies the PIN for its
 * thread and zeroes the copy as soon as it is checked.
 *
 * Lock-out. One counter for the whole bedside, not one per person: a
 * stranger trying PINs would otherwise get five tries per name. Time comes
 * from the injected clock's monotonic time, so tests step through the 60
 * seconds and a changed wall clock cannot shorten it. During the lock-out
 * no hash is computed at all.
 *
 * The roster is read from the store at each call (a few rows), never
 * cached: the store is the one truth about who may unlock the monitor.
 * Whoever acts (@by) is looked up again too, so a member struct kept by
 * the UI after its owner was demoted or removed opens nothing.
 */
#include "vigil-staff.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define NAME_MAX_CHARS 64

struct _VigilStaff
{
  GObject      parent_instance;

  VigilStore  *store;
  VigilClock  *clock;

  guint        failed_tries;  /* wrong PINs in a row, any person */
  gint64       locked_until;  /* monotonic µs; 0: not locked out */
};

G_DEFINE_FINAL_TYPE (VigilStaff, vigil_staff, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (VigilStaffMember, vigil_staff_member,
                     vigil_staff_member_copy, vigil_staff_member_free)
G_DEFINE_QUARK (vigil-staff-error-quark, vigil_staff_error)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_CLOCK,
  PROP_FAILED_TRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* sodium_init() failed: no hash can be made or checked. */
static gboolean sodium_failed;

/* Members */

VigilStaffMember *
vigil_staff_member_copy (const VigilStaffMember *member)
{
  VigilStaffMember *copy;

  g_return_val_if_fail (member != NULL, NULL);

  copy = g_memdup2 (member, sizeof *member);
  copy->name = g_strdup (member->name);
  return copy;
}

void
vigil_staff_member_free (VigilStaffMember *member)
{
  if (member == NULL)
    return;
  g_free (member->name);
  g_free (member);
}

/* Roles */

const char *
vigil_staff_role_to_string (VigilStaffRole role)
{
  switch (role)
    {
    case VIGIL_STAFF_ROLE_NURSE:
      return "nurse";
    case VIGIL_STAFF_ROLE_ADMIN:
      return "admin";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
role_from_string (const char     *name,
                  VigilStaffRole *out_role)
{
  if (g_strcmp0 (name, "nurse") == 0)
    *out_role = VIGIL_STAFF_ROLE_NURSE;
  else if (g_strcmp0 (name, "admin") == 0)
    *out_role = VIGIL_STAFF_ROLE_ADMIN;
  else
    return FALSE;
  return TRUE;
}

const char *
vigil_staff_role_to_label (VigilStaffRole role)
{
  switch (role)
    {
    case VIGIL_STAFF_ROLE_NURSE:
      return _("Nurse");
    case VIGIL_STAFF_ROLE_ADMIN:
      return _("Admin");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * vigil_staff_role_allows:
 *
 * Nurses may quit, change alarm limits and set up devices; admins may do
 * everything, including clinic settings and the staff list.
 */
gboolean
vigil_staff_role_allows (VigilStaffRole      role,
                         VigilStaffPrivilege privilege)
{
  switch (role)
    {
    case VIGIL_STAFF_ROLE_ADMIN:
      return privilege <= VIGIL_STAFF_PRIVILEGE_STAFF;
    case VIGIL_STAFF_ROLE_NURSE:
      return privilege == VIGIL_STAFF_PRIVILEGE_QUIT ||
             privilege == VIGIL_STAFF_PRIVILEGE_ALARM_LIMITS ||
             privilege == VIGIL_STAFF_PRIVILEGE_DEVICES;
    default:
      return FALSE;
    }
}

/* GObject */

static void
vigil_staff_dispose (GObject *object)
{
  VigilStaff *self = VIGIL_STAFF (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vigil_staff_parent_class)->dispose (object);
}

static void
vigil_staff_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VigilStaff *self = VIGIL_STAFF (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_FAILED_TRIES:
      g_value_set_uint (value, vigil_staff_get_failed_tries (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_staff_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VigilStaff *self = VIGIL_STAFF (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_staff_class_init (VigilStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_staff_dispose;
  object_class->get_property = vigil_staff_get_property;
  object_class->set_property = vigil_staff_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, VIGIL_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VigilStaff:failed-tries:
   *
   * Wrong PINs in a row; notifies when a try is counted or the count is
   * reset (a right PIN, the end of a lock-out).
   */
  properties[PROP_FAILED_TRIES] =
    g_param_spec_uint ("failed-tries", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilStaff::changed:
   *
   * The roster changed: someone was added or removed, or a role changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* Once per process, and thread-safe; the verify threads need it done. */
  if (sodium_init () < 0)
    {
      sodium_failed = TRUE;
      g_critical ("libsodium could not be initialised: staff PINs cannot be checked");
    }
}

static void
vigil_staff_init (VigilStaff *self)
{
}

/**
 * vigil_staff_new:
 * @store: where the roster and the audit log live
 * @clock: times the lock-out (monotonic) and dates audit lines (wall)
 *
 * Returns: (transfer full): a new #VigilStaff
 */
VigilStaff *
vigil_staff_new (VigilStore *store,
                 VigilClock *clock)
{
  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (VIGIL_IS_CLOCK (clock), NULL);

  return g_object_new (VIGIL_TYPE_STAFF, "store", store, "clock", clock, NULL);
}

/* Helpers */

static gboolean
pin_is_valid (const char *pin)
{
  gsize len;

  if (pin == NULL)
    return FALSE;
  len = strnlen (pin, VIGIL_STAFF_PIN_MAX_DIGITS + 1);
  if (len < VIGIL_STAFF_PIN_MIN_DIGITS || len > VIGIL_STAFF_PIN_MAX_DIGITS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_pin_rules (const char  *pin,
                 GError     **error)
{
  if (pin_is_valid (pin))
    return TRUE;
  g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_INVALID,
               _("A PIN must be %d to %d digits."),
               VIGIL_STAFF_PIN_MIN_DIGITS, VIGIL_STAFF_PIN_MAX_DIGITS);
  return FALSE;
}

/* The name as it is stored: trimmed and NFC-normalised (so “José” typed
 * two ways is one name), or NULL with @error. */
static char *
clean_name (const char  *name,
            GError     **error)
{
  g_autofree char *normal = NULL;
  glong n_chars;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_INVALID,
                           _("Enter the person’s name."));
      return NULL;
    }
  normal = g_utf8_normalize (name, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  g_strstrip (normal);
  n_chars = g_utf8_strlen (normal, -1);
  if (n_chars == 0)
    {
      g_set_error_literal (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_INVALID,
                           _("Enter the person’s name."));
      return NULL;
    }
  if (n_chars > NAME_MAX_CHARS)
    {
      g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_INVALID,
                   _("A name can have at most %d characters."), NAME_MAX_CHARS);
      return NULL;
    }
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_INVALID,
                             _("A name cannot contain tabs or line breaks."));
        return NULL;
      }
  return g_steal_pointer (&normal);
}

/* A store failure as a staff error a nurse or IT person can act on. */
static void
propagate_store_error (GError **error,
                       GError  *store_error)
{
  g_set_error_literal (error, VIGIL_STAFF_ERROR,
                       store_error->code == VIGIL_STORE_ERROR_INVALID
                         ? VIGIL_STAFF_ERROR_INVALID : VIGIL_STAFF_ERROR_FAILED,
                       store_error->message);
  g_error_free (store_error);
}

static VigilStaffMember *
member_from_row (const VigilStoreStaff *row)
{
  VigilStaffMember *member;
  VigilStaffRole role;

  /* A role written by a newer Vigil: such a person cannot unlock this
   * one, rather than be guessed into a role. */
  if (!role_from_string (row->role, &role))
    return NULL;
  member = g_new0 (VigilStaffMember, 1);
  member->id = row->id;
  member->name = g_strdup (row->name);
  member->role = role;
  member->created_us = row->created_us;
  return member;
}

/* An active person's row, or NULL with @error (UNKNOWN, or FAILED). */
static VigilStoreStaff *
get_active (VigilStaff  *self,
            gint64       id,
            GError     **error)
{
  g_autoptr(VigilStoreStaff) row = NULL;
  g_autoptr(GError) local_error = NULL;
  VigilStaffRole role;

  if (!vigil_store_get_staff (self->store, id, &row, &local_error))
    {
      if (!g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID))
        {
          propagate_store_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  if (row == NULL || row->removed_us != 0 || !role_from_string (row->role, &role))
    {
      g_set_error_literal (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_UNKNOWN,
                           _("This person is not on the staff list (any more)."));
      return NULL;
    }
  return g_steal_pointer (&row);
}

/* The active people, or NULL with @error. */
static GPtrArray *
list_active (VigilStaff  *self,
             GError     **error)
{
  GError *local_error = NULL;
  GPtrArray *rows = vigil_store_list_staff (self->store, FALSE, &local_error);

  if (rows == NULL)
    propagate_store_error (error, local_error);
  return rows;
}

static guint
count_admins (GPtrArray *rows)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += g_strcmp0 (((VigilStoreStaff *) g_ptr_array_index (rows, i))->role, "admin") == 0;
  return n;
}

/* Whether @by is an active admin now (not only when the UI got @by). */
static gboolean
check_admin (VigilStaff              *self,
             const VigilStaffMember  *by,
             const char              *message,
             GError                 **error)
{
  g_autoptr(VigilStoreStaff) row = NULL;
  g_autoptr(GError) local_error = NULL;

  if (by != NULL)
    {
      row = get_active (self, by->id, &local_error);
      if (row == NULL && !g_error_matches (local_error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_UNKNOWN))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (row == NULL || g_strcmp0 (row->role, "admin") != 0)
    {
      g_set_error_literal (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_NOT_ALLOWED, message);
      return FALSE;
    }
  return TRUE;
}

/* Argon2id, libsodium's interactive limits: a fraction of a second and
 * 64 MiB per hash, which is what makes guessing a short PIN from a stolen
 * file slow. */
static char *
hash_pin (const char  *pin,
          GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (sodium_failed ||
      crypto_pwhash_str (out, pin, strlen (pin),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_FAILED,
                           _("The PIN could not be protected: the computer is out of memory. "
                             "Close other programs and try again."));
      return NULL;
    }
  return g_strdup (out);
}

static gboolean
pin_matches (const char *pin_hash,
             const char *pin,
             gsize       pin_len)
{
  return !sodium_failed && pin_hash != NULL &&
         crypto_pwhash_str_verify (pin_hash, pin, pin_len) == 0;
}

static void
audit_entry_init (VigilStaff             *self,
                  VigilStoreAuditEntry   *entry,
                  gint64                  person_id,
                  const char             *person_name,
                  const char             *role,
                  const char             *action,
                  const char             *detail)
{
  memset (entry, 0, sizeof *entry);
  entry->wall_us = vigil_clock_get_wall (self->clock);
  entry->person_id = person_id;
  entry->person_name = (char *) person_name;
  entry->role = (char *) role;
  entry->action = (char *) action;
  entry->detail = (char *) detail;
}

/* For the lines this object writes itself: a line that could only be
 * queued is saved when the disk recovers (the store shows that), so there
 * is nothing more to do here. */
static void
audit_row (VigilStaff            *self,
           const VigilStoreStaff *row,
           const char            *action,
           const char            *detail)
{
  g_autoptr(GError) error = NULL;
  VigilStoreAuditEntry entry;

  audit_entry_init (self, &entry, row != NULL ? row->id : 0, row != NULL ? row->name : NULL,
                    row != NULL ? row->role : NULL, action, detail);
  if (!vigil_store_append_audit (self->store, &entry, &error) &&
      g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID))
    g_critical ("Audit line “%s” refused: %s", action, error->message);
}

/* Lock-out */

/* Ends a lock-out whose time is up: the count starts again. */
static void
expire_lockout (VigilStaff *self)
{
  if (self->locked_until != 0 && vigil_clock_get_monotonic (self->clock) >= self->locked_until)
    {
      self->locked_until = 0;
      self->failed_tries = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_TRIES]);
    }
}

gint64
vigil_staff_get_lockout_remaining (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), 0);

  expire_lockout (self);
  if (self->locked_until == 0)
    return 0;
  return self->locked_until - vigil_clock_get_monotonic (self->clock);
}

guint
vigil_staff_get_failed_tries (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), 0);

  expire_lockout (self);
  return self->failed_tries;
}

/* Whole seconds left, rounded up: "1 second" until it is really over. */
static int
lockout_seconds (VigilStaff *self)
{
  gint64 remaining = vigil_staff_get_lockout_remaining (self);

  return (int) ((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
set_locked_out_error (VigilStaff  *self,
                      gboolean     just_now,
                      GError     **error)
{
  int seconds = lockout_seconds (self);

  if (just_now)
    g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_LOCKED_OUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Wrong PIN. After %d wrong PINs in a row, entry is locked: try again in %d second.",
                              "Wrong PIN. After %d wrong PINs in a row, entry is locked: try again in %d seconds.",
                              seconds),
                 VIGIL_STAFF_MAX_TRIES, seconds);
  else
    g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_LOCKED_OUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Too many wrong PINs. Try again in %d second.",
                              "Too many wrong PINs. Try again in %d seconds.",
                              seconds),
                 seconds);
}

/* Verification: begin (main context) → hash check (any thread) → finish
 * (main context, counts and audits) */

typedef struct
{
  VigilStoreStaff *row;      /* the person, with the hash to check */
  char            *pin;      /* a copy for the thread; zeroed once checked */
  gsize            pin_len;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  if (data->pin != NULL)
    {
      sodium_memzero (data->pin, data->pin_len);
      g_free (data->pin);
    }
  g_clear_pointer (&data->row, vigil_store_staff_free);
  g_free (data);
}

/* Refuses at once during a lock-out (audited), and for an unknown person.
 * Returns the person's row to check the PIN against. */
static VigilStoreStaff *
begin_verify (VigilStaff  *self,
              gint64       id,
              GError     **error)
{
  g_autoptr(VigilStoreStaff) row = NULL;
  g_autoptr(GError) local_error = NULL;

  row = get_active (self, id, &local_error);
  expire_lockout (self);
  if (self->locked_until != 0)
    {
      g_autofree char *detail =
        g_strdup_printf ("refused without checking the PIN: entry locked for %d more s",
                         lockout_seconds (self));

      audit_row (self, row, "unlock-failed", detail);
      set_locked_out_error (self, FALSE, error);
      return NULL;
    }
  if (row == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return g_steal_pointer (&row);
}

/* Counts the try and audits it. */
static VigilStaffMember *
finish_verify (VigilStaff             *self,
               const VigilStoreStaff  *row,
               gboolean                matches,
               GError                **error)
{
  g_autofree char *detail = NULL;
  guint left;

  /* Another try locked entry while this PIN was being checked: its
   * result is not used, nor counted. */
  expire_lockout (self);
  if (self->locked_until != 0)
    {
      audit_row (self, row, "unlock-failed", "refused: entry was locked while the PIN was checked");
      set_locked_out_error (self, FALSE, error);
      return NULL;
    }

  if (matches)
    {
      if (self->failed_tries != 0)
        {
          self->failed_tries = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_TRIES]);
        }
      audit_row (self, row, "unlock", NULL);
      return member_from_row (row);
    }

  self->failed_tries++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_TRIES]);
  if (self->failed_tries >= VIGIL_STAFF_MAX_TRIES)
    {
      self->locked_until = vigil_clock_get_monotonic (self->clock) + VIGIL_STAFF_LOCKOUT_US;
      detail = g_strdup_printf ("wrong PIN %u of %u in a row: entry locked for %d s",
                                self->failed_tries, (guint) VIGIL_STAFF_MAX_TRIES,
                                (int) (VIGIL_STAFF_LOCKOUT_US / G_USEC_PER_SEC));
      audit_row (self, row, "locked-out", detail);
      set_locked_out_error (self, TRUE, error);
      return NULL;
    }

  detail = g_strdup_printf ("wrong PIN %u of %u in a row", self->failed_tries,
                            (guint) VIGIL_STAFF_MAX_TRIES);
  audit_row (self, row, "unlock-failed", detail);
  left = VIGIL_STAFF_MAX_TRIES - self->failed_tries;
  g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_WRONG_PIN,
               g_dngettext (GETTEXT_PACKAGE,
                            "Wrong PIN. %u more wrong PIN locks entry for %d seconds.",
                            "Wrong PIN. %u more wrong PINs lock entry for %d seconds.",
                            left),
               left, (int) (VIGIL_STAFF_LOCKOUT_US / G_USEC_PER_SEC));
  return NULL;
}

/**
 * vigil_staff_verify:
 * @id: the person who is unlocking
 * @pin: what they typed
 *
 * Checks @pin in this thread (a fraction of a second: see
 * vigil_staff_verify_async() for the UI). A PIN that is not 4–12 digits
 * is a wrong PIN. The fifth wrong PIN in a row already answers
 * %VIGIL_STAFF_ERROR_LOCKED_OUT.
 *
 * Returns: (transfer full) (nullable): the person, or %NULL with @error:
 *   %VIGIL_STAFF_ERROR_WRONG_PIN, _LOCKED_OUT, _UNKNOWN or _FAILED
 */
VigilStaffMember *
vigil_staff_verify (VigilStaff  *self,
                    gint64       id,
                    const char  *pin,
                    GError     **error)
{
  g_autoptr(VigilStoreStaff) row = NULL;
  gboolean matches;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  row = begin_verify (self, id, error);
  if (row == NULL)
    return NULL;
  matches = pin_is_valid (pin) && pin_matches (row->pin_hash, pin, strlen (pin));
  return finish_verify (self, row, matches, error);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *data = task_data;
  gboolean matches = pin_matches (data->row->pin_hash, data->pin, data->pin_len);

  sodium_memzero (data->pin, data->pin_len);
  g_task_return_boolean (task, matches);
}

/* Back in the caller's main context: count, audit, answer. */
static void
verify_checked (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VigilStaff *self = VIGIL_STAFF (source_object);
  g_autoptr(GTask) outer = user_data;
  VerifyData *data = g_task_get_task_data (G_TASK (result));
  gboolean matches = g_task_propagate_boolean (G_TASK (result), NULL);
  VigilStaffMember *member;
  GError *error = NULL;

  /* Cancelled: the result is neither shown nor counted. */
  if (g_task_return_error_if_cancelled (outer))
    return;

  member = finish_verify (self, data->row, matches, &error);
  if (member != NULL)
    g_task_return_pointer (outer, member, (GDestroyNotify) vigil_staff_member_free);
  else
    g_task_return_error (outer, error);
}

/**
 * vigil_staff_verify_async:
 * @id: the person who is unlocking
 * @pin: what they typed; copied, and the copy zeroed once checked
 *
 * Like vigil_staff_verify(), with the hash check in a worker thread so the
 * monitor keeps drawing. Refusals that need no hash (a lock-out, an
 * unknown person, a PIN that is not 4–12 digits) are answered at once;
 * the try is counted and audited in the caller's main context, before
 * @callback runs.
 */
void
vigil_staff_verify_async (VigilStaff          *self,
                          gint64               id,
                          const char          *pin,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autoptr(VigilStoreStaff) row = NULL;
  VerifyData *data;
  GError *error = NULL;

  g_return_if_fail (VIGIL_IS_STAFF (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vigil_staff_verify_async);
  g_task_set_name (outer, "[vigil] staff verify");

  row = begin_verify (self, id, &error);
  if (row == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  if (!pin_is_valid (pin))
    {
      VigilStaffMember *member = finish_verify (self, row, FALSE, &error);

      g_assert (member == NULL);
      g_task_return_error (outer, error);
      return;
    }

  data = g_new0 (VerifyData, 1);
  data->row = g_steal_pointer (&row);
  data->pin_len = strlen (pin);
  data->pin = g_memdup2 (pin, data->pin_len + 1);

  inner = g_task_new (self, NULL, verify_checked, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, verify_thread);
  g_task_set_name (inner, "[vigil] staff PIN hash check");
  g_task_set_task_data (inner, data, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (inner, verify_thread);
}

VigilStaffMember *
vigil_staff_verify_finish (VigilStaff    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_staff_verify_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The roster */

/**
 * vigil_staff_has_admin:
 *
 * Returns: %TRUE once an admin is on the staff list. When the list cannot
 *   be read, also %TRUE: the first-start page must never open by accident
 *   (it lets anyone create an admin).
 */
gboolean
vigil_staff_has_admin (VigilStaff *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), TRUE);

  rows = list_active (self, &error);
  if (rows == NULL)
    {
      g_warning ("%s", error->message);
      return TRUE;
    }
  return count_admins (rows) > 0;
}

/**
 * vigil_staff_list:
 *
 * Returns: (transfer full) (element-type VigilStaffMember): the people on
 *   the staff list, by name; empty (with a warning logged) when it cannot
 *   be read
 */
GPtrArray *
vigil_staff_list (VigilStaff *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *members;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);

  members = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_staff_member_free);
  rows = list_active (self, &error);
  if (rows == NULL)
    {
      g_warning ("%s", error->message);
      return members;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      VigilStaffMember *member = member_from_row (g_ptr_array_index (rows, i));

      if (member != NULL)
        g_ptr_array_add (members, member);
    }
  return members;
}

/**
 * vigil_staff_lookup:
 * @id: a person's id
 *
 * Returns: (transfer full) (nullable): the person if still on the staff
 *   list, else %NULL
 */
VigilStaffMember *
vigil_staff_lookup (VigilStaff *self,
                    gint64      id)
{
  g_autoptr(VigilStoreStaff) row = NULL;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);

  row = get_active (self, id, NULL);
  return row != NULL ? member_from_row (row) : NULL;
}

/* The active person other than @except_id who has @name (cleaned),
 * case-insensitively in any script, or NULL. */
static const VigilStoreStaff *
name_taken (GPtrArray  *rows,
            const char *name,
            gint64      except_id)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  for (guint i = 0; i < rows->len; i++)
    {
      const VigilStoreStaff *row = g_ptr_array_index (rows, i);
      g_autofree char *normal = g_utf8_normalize (row->name, -1, G_NORMALIZE_DEFAULT_COMPOSE);
      g_autofree char *other = g_utf8_casefold (normal != NULL ? normal : row->name, -1);

      if (row->id != except_id && strcmp (folded, other) == 0)
        return row;
    }
  return NULL;
}

/**
 * vigil_staff_add:
 * @name: the person's name; trimmed; unique among the people on the list
 *   (case-insensitive)
 * @role: what they may do
 * @pin: 4 to 12 digits; only its hash is kept
 * @by: (nullable): the admin adding them; %NULL only for the first admin
 *   while vigil_staff_has_admin() is %FALSE
 *
 * Hashing takes a fraction of a second in this thread. Audited as
 * "staff-added" under @by.
 *
 * Returns: (transfer full) (nullable): the new person, or %NULL with
 *   @error (%VIGIL_STAFF_ERROR_NOT_ALLOWED, _INVALID, _FAILED)
 */
VigilStaffMember *
vigil_staff_add (VigilStaff              *self,
                 const char              *name,
                 VigilStaffRole           role,
                 const char              *pin,
                 const VigilStaffMember  *by,
                 GError                 **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VigilStoreStaff) by_row = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  VigilStoreStaff staff = { 0 };
  VigilStoreAuditEntry audit;
  const VigilStoreStaff *namesake;
  VigilStaffMember *member;
  GError *store_error = NULL;
  gint64 id;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (role != VIGIL_STAFF_ROLE_NURSE && role != VIGIL_STAFF_ROLE_ADMIN)
    {
      g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_INVALID,
                   "Role %d is not a staff role", (int) role);
      return NULL;
    }

  rows = list_active (self, error);
  if (rows == NULL)
    return NULL;
  if (by == NULL)
    {
      if (count_admins (rows) > 0)
        {
          g_set_error_literal (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_NOT_ALLOWED,
                               _("Vigil already has an admin: an admin must unlock Vigil to add people."));
          return NULL;
        }
      if (role != VIGIL_STAFF_ROLE_ADMIN)
        {
          g_set_error_literal (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_NOT_ALLOWED,
                               _("The first person on the staff list must be an admin."));
          return NULL;
        }
    }
  else
    {
      if (!check_admin (self, by, _("Only an admin can add people to the staff list."), error))
        return NULL;
      by_row = get_active (self, by->id, error);
      if (by_row == NULL)
        return NULL;
    }

  clean = clean_name (name, error);
  if (clean == NULL || !check_pin_rules (pin, error))
    return NULL;
  namesake = name_taken (rows, clean, 0);
  if (namesake != NULL)
    {
      g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_INVALID,
                   _("%s is already on the staff list. Use another name, for example with an initial."),
                   namesake->name);
      return NULL;
    }

  hash = hash_pin (pin, error);
  if (hash == NULL)
    return NULL;

  staff.name = clean;
  staff.role = (char *) vigil_staff_role_to_string (role);
  staff.pin_hash = hash;
  staff.created_us = vigil_clock_get_wall (self->clock);
  detail = by == NULL ? g_strdup_printf ("%s (admin), the first admin, at first start", clean)
                      : g_strdup_printf ("%s (%s)", clean, staff.role);
  audit_entry_init (self, &audit, by_row != NULL ? by_row->id : 0,
                    by_row != NULL ? by_row->name : NULL, by_row != NULL ? by_row->role : NULL,
                    "staff-added", detail);
  id = vigil_store_add_staff (self->store, &staff, &audit, &store_error);
  if (id == 0)
    {
      propagate_store_error (error, store_error);
      return NULL;
    }

  member = g_new0 (VigilStaffMember, 1);
  member->id = id;
  member->name = g_steal_pointer (&clean);
  member->role = role;
  member->created_us = staff.created_us;
  g_signal_emit (self, signals[CHANGED], 0);
  return member;
}

/* Refuses a change that would leave no admin on the list. */
static gboolean
check_not_last_admin (GPtrArray              *rows,
                      const VigilStoreStaff  *target,
                      GError                **error)
{
  if (g_strcmp0 (target->role, "admin") == 0 && count_admins (rows) <= 1)
    {
      g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_NOT_ALLOWED,
                   _("%s is the only admin. Add another admin first."), target->name);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_staff_remove:
 * @id: the person to take off the staff list (their audit lines stay)
 * @by: the admin doing it
 *
 * Returns: %TRUE, or %FALSE with @error (%VIGIL_STAFF_ERROR_NOT_ALLOWED
 *   for a non-admin or the last admin, _UNKNOWN, _FAILED)
 */
gboolean
vigil_staff_remove (VigilStaff              *self,
                    gint64                   id,
                    const VigilStaffMember  *by,
                    GError                 **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VigilStoreStaff) target = NULL;
  g_autoptr(VigilStoreStaff) by_row = NULL;
  g_autofree char *detail = NULL;
  VigilStoreAuditEntry audit;
  GError *store_error = NULL;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_admin (self, by, _("Only an admin can remove people from the staff list."), error))
    return FALSE;
  by_row = get_active (self, by->id, error);
  target = by_row != NULL ? get_active (self, id, error) : NULL;
  rows = target != NULL ? list_active (self, error) : NULL;
  if (rows == NULL || !check_not_last_admin (rows, target, error))
    return FALSE;

  detail = g_strdup_printf ("%s (%s)", target->name, target->role);
  audit_entry_init (self, &audit, by_row->id, by_row->name, by_row->role, "staff-removed", detail);
  if (!vigil_store_update_staff (self->store, id, NULL, NULL, vigil_clock_get_wall (self->clock),
                                 &audit, &store_error))
    {
      propagate_store_error (error, store_error);
      return FALSE;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * vigil_staff_set_pin:
 * @id: whose PIN
 * @pin: the new PIN, 4 to 12 digits
 * @by: the person themselves, or an admin resetting it
 *
 * Audited as "pin-changed". Hashing takes a fraction of a second.
 *
 * Returns: %TRUE, or %FALSE with @error
 */
gboolean
vigil_staff_set_pin (VigilStaff              *self,
                     gint64                   id,
                     const char              *pin,
                     const VigilStaffMember  *by,
                     GError                 **error)
{
  g_autoptr(VigilStoreStaff) target = NULL;
  g_autoptr(VigilStoreStaff) by_row = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  VigilStoreAuditEntry audit;
  GError *store_error = NULL;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (by == NULL || by->id != id)
    {
      if (!check_admin (self, by, _("Only an admin can reset another person’s PIN."), error))
        return FALSE;
    }
  by_row = get_active (self, by->id, error);
  if (by_row == NULL)
    return FALSE;
  target = get_active (self, id, error);
  if (target == NULL || !check_pin_rules (pin, error))
    return FALSE;

  hash = hash_pin (pin, error);
  if (hash == NULL)
    return FALSE;

  detail = by_row->id == id ? g_strdup ("own PIN changed")
                            : g_strdup_printf ("PIN of %s (%s) reset", target->name, target->role);
  audit_entry_init (self, &audit, by_row->id, by_row->name, by_row->role, "pin-changed", detail);
  if (!vigil_store_update_staff (self->store, id, NULL, hash, 0, &audit, &store_error))
    {
      propagate_store_error (error, store_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_staff_set_role:
 * @id: whose role
 * @role: the new role
 * @by: the admin doing it
 *
 * Audited as "role-changed". The last admin cannot be made a nurse.
 *
 * Returns: %TRUE, or %FALSE with @error
 */
gboolean
vigil_staff_set_role (VigilStaff              *self,
                      gint64                   id,
                      VigilStaffRole           role,
                      const VigilStaffMember  *by,
                      GError                 **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VigilStoreStaff) target = NULL;
  g_autoptr(VigilStoreStaff) by_row = NULL;
  g_autofree char *detail = NULL;
  VigilStoreAuditEntry audit;
  GError *store_error = NULL;
  const char *role_name;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (role != VIGIL_STAFF_ROLE_NURSE && role != VIGIL_STAFF_ROLE_ADMIN)
    {
      g_set_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_INVALID,
                   "Role %d is not a staff role", (int) role);
      return FALSE;
    }
  if (!check_admin (self, by, _("Only an admin can change a person’s role."), error))
    return FALSE;
  by_row = get_active (self, by->id, error);
  target = by_row != NULL ? get_active (self, id, error) : NULL;
  if (target == NULL)
    return FALSE;
  role_name = vigil_staff_role_to_string (role);
  if (g_strcmp0 (target->role, role_name) == 0)
    return TRUE;
  rows = list_active (self, error);
  if (rows == NULL || (role != VIGIL_STAFF_ROLE_ADMIN && !check_not_last_admin (rows, target, error)))
    return FALSE;

  detail = g_strdup_printf ("%s: %s → %s", target->name, target->role, role_name);
  audit_entry_init (self, &audit, by_row->id, by_row->name, by_row->role, "role-changed", detail);
  if (!vigil_store_update_staff (self->store, id, role_name, NULL, 0, &audit, &store_error))
    {
      propagate_store_error (error, store_error);
      return FALSE;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * vigil_staff_audit:
 * @who: (nullable): who did it; %NULL for the system (e.g. "auto-lock")
 * @action: a stable identifier, not translated: "quit", "limits-changed",
 *   "devices-saved", "config-exported", "settings-changed", "auto-lock" …
 * @detail: (nullable): free text, e.g. "spo2-low 90 → 88"
 *
 * Writes one line of the audit log with @who's name and role as they are
 * now (kept even if the person is later removed).
 *
 * Returns: %TRUE when on disk; %FALSE with @error when the line could only
 *   be queued (it is written when the disk recovers: nothing is lost) or
 *   when @action is blank
 */
gboolean
vigil_staff_audit (VigilStaff              *self,
                   const VigilStaffMember  *who,
                   const char              *action,
                   const char              *detail,
                   GError                 **error)
{
  VigilStoreAuditEntry entry;
  GError *store_error = NULL;

  g_return_val_if_fail (VIGIL_IS_STAFF (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  audit_entry_init (self, &entry, who != NULL ? who->id : 0, who != NULL ? who->name : NULL,
                    who != NULL ? vigil_staff_role_to_string (who->role) : NULL, action, detail);
  if (!vigil_store_append_audit (self->store, &entry, &store_error))
    {
      propagate_store_error (error, store_error);
      return FALSE;
    }
  return TRUE;
}
