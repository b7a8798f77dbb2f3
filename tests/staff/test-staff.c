/* test-staff.c — the staff roster, PIN hashes, the lock-out, the audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works on a real SQLite file in a fresh temporary folder, read
 * back through the store and through the sqlite3 C API, with a manual
 * clock for the lock-out. Argon2id (interactive) costs a fraction of a
 * second per hash, so each test hashes only as often as it must; wrong
 * tries that need no hash use a PIN that is not 4–12 digits.
 */
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "vigil-staff.h"

#define T0_US G_GINT64_CONSTANT (1700000000000000)

/* Distinctive PINs: a file that holds one of these strings holds a clear
 * PIN. */
#define PIN_ANA   "73914052"
#define PIN_BEN   "480261"
#define PIN_CARLA "5170938264"
#define PIN_NEW   "96027413"

static const char *all_pins[] = { PIN_ANA, PIN_BEN, PIN_CARLA, PIN_NEW };

typedef struct
{
  char       *dir;
  char       *path;
  VigilStore *store;
  VigilClock *clock;
  VigilStaff *staff;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
open_staff (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->store = vigil_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->staff = vigil_staff_new (fixture->store, fixture->clock);
}

static void
close_staff (Fixture *fixture)
{
  g_assert_finalize_object (fixture->staff);
  fixture->staff = NULL;
  g_assert_finalize_object (fixture->store);
  fixture->store = NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vigil-staff-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "vigil.db", NULL);
  fixture->clock = vigil_clock_new_manual (T0_US);
  open_staff (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->staff != NULL)
    close_staff (fixture);
  g_assert_finalize_object (fixture->clock);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Helpers */

static VigilStaffMember *
add_ok (Fixture                *fixture,
        const char             *name,
        VigilStaffRole          role,
        const char             *pin,
        const VigilStaffMember *by)
{
  g_autoptr(GError) error = NULL;
  VigilStaffMember *member = vigil_staff_add (fixture->staff, name, role, pin, by, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  g_assert_cmpint (member->id, >, 0);
  g_assert_cmpint (member->role, ==, role);
  return member;
}

static void
assert_wrong_pin (VigilStaff *staff,
                  gint64      id,
                  const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaffMember) member = vigil_staff_verify (staff, id, pin, &error);

  g_assert_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_WRONG_PIN);
  g_assert_null (member);
}

static void
assert_locked_out (VigilStaff *staff,
                   gint64      id,
                   const char *pin,
                   const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaffMember) member = vigil_staff_verify (staff, id, pin, &error);

  g_assert_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_LOCKED_OUT);
  g_assert_null (member);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
assert_verifies (VigilStaff *staff,
                 gint64      id,
                 const char *pin,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaffMember) member = vigil_staff_verify (staff, id, pin, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  g_assert_cmpint (member->id, ==, id);
  g_assert_cmpstr (member->name, ==, name);
}

static void
assert_error_code (GError *error,
                   int     code)
{
  g_assert_error (error, VIGIL_STAFF_ERROR, code);
  g_test_message ("%s", error->message);
}

/* Rows of a query from the file, through the sqlite3 C API (a second
 * connection, as any other program would read it): one line per row,
 * columns separated by '|', NULL as "NULL". */
static char *
query_file (const char *path,
            const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", text != NULL ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Tests */

static void
test_roles_table (void)
{
  static const VigilStaffPrivilege nurse_yes[] = {
    VIGIL_STAFF_PRIVILEGE_QUIT, VIGIL_STAFF_PRIVILEGE_ALARM_LIMITS, VIGIL_STAFF_PRIVILEGE_DEVICES,
  };

  for (VigilStaffPrivilege p = VIGIL_STAFF_PRIVILEGE_QUIT; p <= VIGIL_STAFF_PRIVILEGE_STAFF; p++)
    {
      gboolean nurse = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (nurse_yes); i++)
        nurse |= nurse_yes[i] == p;
      g_assert_true (vigil_staff_role_allows (VIGIL_STAFF_ROLE_ADMIN, p));
      g_assert_cmpint (vigil_staff_role_allows (VIGIL_STAFF_ROLE_NURSE, p), ==, nurse);
    }
  g_assert_false (vigil_staff_role_allows (VIGIL_STAFF_ROLE_NURSE, VIGIL_STAFF_PRIVILEGE_SETTINGS));
  g_assert_false (vigil_staff_role_allows (VIGIL_STAFF_ROLE_NURSE, VIGIL_STAFF_PRIVILEGE_STAFF));

  g_assert_cmpstr (vigil_staff_role_to_string (VIGIL_STAFF_ROLE_NURSE), ==, "nurse");
  g_assert_cmpstr (vigil_staff_role_to_string (VIGIL_STAFF_ROLE_ADMIN), ==, "admin");
  g_assert_cmpstr (vigil_staff_role_to_label (VIGIL_STAFF_ROLE_NURSE), ==, "Nurse");
  g_assert_cmpstr (vigil_staff_role_to_label (VIGIL_STAFF_ROLE_ADMIN), ==, "Admin");
}

/* Right PIN in, wrong PIN out; the file holds an Argon2id hash that
 * libsodium itself accepts for the PIN. */
static void
test_hash_verify (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(VigilStoreStaff) row = NULL;
  g_autofree char *from_file = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_false (vigil_staff_has_admin (fixture->staff));
  ana = add_ok (fixture, "Ana Ruiz", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);
  g_assert_true (vigil_staff_has_admin (fixture->staff));
  g_assert_cmpstr (ana->name, ==, "Ana Ruiz");
  g_assert_cmpint (ana->created_us, ==, T0_US);

  assert_verifies (fixture->staff, ana->id, PIN_ANA, "Ana Ruiz");
  assert_wrong_pin (fixture->staff, ana->id, "73914053");
  /* One digit more or less is a different PIN, not a prefix match. */
  assert_wrong_pin (fixture->staff, ana->id, PIN_ANA "0");
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 2);

  /* Through the store, and from the file. */
  g_assert_true (vigil_store_get_staff (fixture->store, ana->id, &row, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (row->pin_hash, "$argon2id$"));
  g_assert_cmpint (crypto_pwhash_str_verify (row->pin_hash, PIN_ANA, strlen (PIN_ANA)), ==, 0);
  g_assert_cmpint (crypto_pwhash_str_needs_rehash (row->pin_hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_MEMLIMIT_INTERACTIVE), ==, 0);
  from_file = query_file (fixture->path, "SELECT id, name, role, pin_hash, created_us, removed_us FROM staff");
  fields = g_strsplit (g_strchomp (from_file), "|", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 6);
  g_assert_cmpstr (fields[1], ==, "Ana Ruiz");
  g_assert_cmpstr (fields[2], ==, "admin");
  g_assert_cmpstr (fields[3], ==, row->pin_hash);
  g_assert_cmpstr (fields[4], ==, "1700000000000000");
  g_assert_cmpstr (fields[5], ==, "NULL");

  /* Unknown people are not a wrong try. */
  {
    g_autoptr(VigilStaffMember) nobody = vigil_staff_verify (fixture->staff, 999, PIN_ANA, &error);

    g_assert_null (nobody);
    assert_error_code (error, VIGIL_STAFF_ERROR_UNKNOWN);
    g_clear_error (&error);
    g_assert_null (vigil_staff_lookup (fixture->staff, 999));
  }
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 2);

  /* A right PIN resets the count. */
  assert_verifies (fixture->staff, ana->id, PIN_ANA, "Ana Ruiz");
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 0);
}

/* PIN and name rules, refused before anything is hashed or written. */
static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char *bad_pins[] = { "", "123", "1234567890123", "12a4", "12 34", "١٢٣٤", "+1234", "1234\n" };
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(VigilStaffMember) carla = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *long_name = NULL;
  g_autofree char *max_name = NULL;

  ana = add_ok (fixture, "Ana", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_pins); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilStaffMember) m =
        vigil_staff_add (fixture->staff, "Ben", VIGIL_STAFF_ROLE_NURSE, bad_pins[i], ana, &error);

      g_assert_null (m);
      assert_error_code (error, VIGIL_STAFF_ERROR_INVALID);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (vigil_staff_add (fixture->staff, "Ben", VIGIL_STAFF_ROLE_NURSE, NULL, ana, &error));
    assert_error_code (error, VIGIL_STAFF_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (vigil_staff_set_pin (fixture->staff, ana->id, "999", ana, &error));
    assert_error_code (error, VIGIL_STAFF_ERROR_INVALID);
  }

  /* 65 characters (two bytes each) is one too many; blank, control
   * characters and duplicates in any case are refused. */
  {
    g_autoptr(GString) s = g_string_new (NULL);

    for (guint i = 0; i < 65; i++)
      g_string_append (s, "é");
    long_name = g_strdup (s->str);
    g_string_truncate (s, s->len - strlen ("é"));
    max_name = g_strdup (s->str);
  }
  g_assert_cmpint (g_utf8_strlen (max_name, -1), ==, 64);
  {
    const char *bad_names[] = { "", "   ", "\t", long_name, "Ben\nSmith", "ana", "  ANA ", NULL };

    for (guint i = 0; bad_names[i] != NULL; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(VigilStaffMember) m =
          vigil_staff_add (fixture->staff, bad_names[i], VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana, &error);

        g_assert_null (m);
        assert_error_code (error, VIGIL_STAFF_ERROR_INVALID);
      }
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (vigil_staff_add (fixture->staff, NULL, VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana, &error));
      assert_error_code (error, VIGIL_STAFF_ERROR_INVALID);
    }
  }

  /* Trimmed, NFC-normalised (e + combining acute is é), and unique
   * case-insensitively beyond ASCII. */
  carla = add_ok (fixture, "  Carla Me\xcc\x81ndez ", VIGIL_STAFF_ROLE_NURSE, PIN_CARLA, ana);
  g_assert_cmpstr (carla->name, ==, "Carla Méndez");
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (vigil_staff_add (fixture->staff, "CARLA MÉNDEZ", VIGIL_STAFF_ROLE_NURSE, PIN_BEN,
                                    ana, &error));
    assert_error_code (error, VIGIL_STAFF_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Carla Méndez"));
  }

  /* Only the people validly added are on the list, by name. */
  list = vigil_staff_list (fixture->staff);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((VigilStaffMember *) g_ptr_array_index (list, 0))->name, ==, "Ana");
  g_assert_cmpstr (((VigilStaffMember *) g_ptr_array_index (list, 1))->name, ==, "Carla Méndez");
  g_assert_cmpint (((VigilStaffMember *) g_ptr_array_index (list, 1))->role, ==, VIGIL_STAFF_ROLE_NURSE);
  {
    g_autofree char *rows = query_file (fixture->path, "SELECT name FROM staff ORDER BY id");

    g_assert_cmpstr (rows, ==, "Ana\nCarla Méndez\n");
  }
}

static void
count_changed (guint *count)
{
  (*count)++;
}

/* Who may do what to the roster; the last admin stays. */
static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(VigilStaffMember) ben = NULL;
  g_autoptr(VigilStaffMember) carla = NULL;
  g_autoptr(VigilStaffMember) ben_again = NULL;
  guint changed = 0;

  g_signal_connect_swapped (fixture->staff, "changed", G_CALLBACK (count_changed), &changed);

  /* The first person: an admin, added by nobody, only once. */
  g_assert_null (vigil_staff_add (fixture->staff, "Ben", VIGIL_STAFF_ROLE_NURSE, PIN_BEN, NULL, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  ana = add_ok (fixture, "Ana", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_null (vigil_staff_add (fixture->staff, "Eve", VIGIL_STAFF_ROLE_ADMIN, PIN_NEW, NULL, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  ben = add_ok (fixture, "Ben", VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana);

  /* A nurse manages nobody, but changes their own PIN. */
  g_assert_null (vigil_staff_add (fixture->staff, "Dan", VIGIL_STAFF_ROLE_NURSE, PIN_NEW, ben, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (vigil_staff_remove (fixture->staff, ana->id, ben, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (vigil_staff_remove (fixture->staff, ben->id, NULL, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (vigil_staff_set_pin (fixture->staff, ana->id, PIN_NEW, ben, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (vigil_staff_set_role (fixture->staff, ben->id, VIGIL_STAFF_ROLE_ADMIN, ben, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_true (vigil_staff_set_pin (fixture->staff, ben->id, PIN_NEW, ben, &error));
  g_assert_no_error (error);
  assert_wrong_pin (fixture->staff, ben->id, PIN_BEN);
  assert_verifies (fixture->staff, ben->id, PIN_NEW, "Ben");

  /* The last admin can be neither removed nor made a nurse. */
  g_assert_false (vigil_staff_remove (fixture->staff, ana->id, ana, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (vigil_staff_set_role (fixture->staff, ana->id, VIGIL_STAFF_ROLE_NURSE, ana, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* With a second admin, the first may go; the member struct the UI
   * still holds for Ana then opens nothing. */
  g_assert_true (vigil_staff_set_role (fixture->staff, ben->id, VIGIL_STAFF_ROLE_ADMIN, ana, &error));
  g_assert_no_error (error);
  {
    g_autoptr(VigilStaffMember) looked_up = vigil_staff_lookup (fixture->staff, ben->id);

    g_assert_cmpint (looked_up->role, ==, VIGIL_STAFF_ROLE_ADMIN);
  }
  g_assert_true (vigil_staff_remove (fixture->staff, ana->id, ben, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_null (vigil_staff_lookup (fixture->staff, ana->id));
  g_assert_true (vigil_staff_has_admin (fixture->staff));
  g_assert_null (vigil_staff_add (fixture->staff, "Dan", VIGIL_STAFF_ROLE_NURSE, PIN_CARLA, ana, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  {
    g_autoptr(VigilStaffMember) none = vigil_staff_verify (fixture->staff, ana->id, PIN_ANA, &error);

    g_assert_null (none);
    assert_error_code (error, VIGIL_STAFF_ERROR_UNKNOWN);
    g_clear_error (&error);
  }
  g_assert_false (vigil_staff_remove (fixture->staff, ana->id, ben, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_UNKNOWN);
  g_clear_error (&error);

  /* An admin resets a nurse's PIN; a removed person's name is free again,
   * and their row stays in the file. */
  ben_again = vigil_staff_lookup (fixture->staff, ben->id);
  carla = add_ok (fixture, "ANA", VIGIL_STAFF_ROLE_NURSE, PIN_CARLA, ben_again);
  g_assert_true (vigil_staff_set_pin (fixture->staff, carla->id, PIN_ANA, ben_again, &error));
  g_assert_no_error (error);
  assert_verifies (fixture->staff, carla->id, PIN_ANA, "ANA");
  {
    g_autofree char *rows =
      query_file (fixture->path, "SELECT name, role, removed_us IS NOT NULL FROM staff ORDER BY id");

    g_assert_cmpstr (rows, ==, "Ana|admin|1\nBen|admin|0\nANA|nurse|0\n");
  }
  {
    g_autoptr(GPtrArray) all = vigil_store_list_staff (fixture->store, TRUE, &error);
    g_autoptr(GPtrArray) active = vigil_store_list_staff (fixture->store, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 3);
    g_assert_cmpuint (active->len, ==, 2);
    g_assert_cmpint (((VigilStoreStaff *) g_ptr_array_index (all, 0))->removed_us, ==, T0_US);
  }
}

/* Five wrong tries in a row, any person, lock every entry for 60 s of
 * the clock; the PIN is not even checked meanwhile. */
static void
test_lockout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(VigilStaffMember) ben = NULL;
  g_autofree char *audit = NULL;

  ana = add_ok (fixture, "Ana", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);
  ben = add_ok (fixture, "Ben", VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana);

  /* A right PIN in between starts the count again: three wrong (not 4–12
   * digits: no hash needed), right, then four wrong is not yet five. */
  for (guint i = 0; i < 3; i++)
    assert_wrong_pin (fixture->staff, ben->id, "0");
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 3);
  assert_verifies (fixture->staff, ben->id, PIN_BEN, "Ben");
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 0);

  /* Real wrong PINs, on two people: the count is the bedside's. */
  assert_wrong_pin (fixture->staff, ana->id, "11112222");
  assert_wrong_pin (fixture->staff, ben->id, "480262");
  assert_wrong_pin (fixture->staff, ana->id, "73914051");
  assert_wrong_pin (fixture->staff, ben->id, "0480261");
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 4);
  g_assert_cmpint (vigil_staff_get_lockout_remaining (fixture->staff), ==, 0);

  /* The fifth locks, and says so. */
  assert_locked_out (fixture->staff, ana->id, "11113333", "60 seconds");
  g_assert_cmpint (vigil_staff_get_lockout_remaining (fixture->staff), ==, VIGIL_STAFF_LOCKOUT_US);

  /* Even the right PIN is refused, until the last microsecond. */
  vigil_clock_advance (fixture->clock, 30 * G_USEC_PER_SEC);
  assert_locked_out (fixture->staff, ben->id, PIN_BEN, "30 seconds");
  vigil_clock_advance (fixture->clock, 29 * G_USEC_PER_SEC);
  g_assert_cmpint (vigil_staff_get_lockout_remaining (fixture->staff), ==, G_USEC_PER_SEC);
  assert_locked_out (fixture->staff, ana->id, PIN_ANA, "in 1 second.");
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC - 1);
  g_assert_cmpint (vigil_staff_get_lockout_remaining (fixture->staff), ==, 1);
  assert_locked_out (fixture->staff, ana->id, PIN_ANA, "in 1 second.");
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, VIGIL_STAFF_MAX_TRIES);

  /* At 60 s: open, and counting from zero. */
  vigil_clock_advance (fixture->clock, 1);
  g_assert_cmpint (vigil_staff_get_lockout_remaining (fixture->staff), ==, 0);
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 0);
  assert_verifies (fixture->staff, ana->id, PIN_ANA, "Ana");
  assert_wrong_pin (fixture->staff, ben->id, "1");
  g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 1);

  /* Every try is in the audit log, refusals included. */
  audit = query_file (fixture->path,
                      "SELECT person_name, action, coalesce(detail, '') FROM audit_log"
                      " WHERE action NOT IN ('staff-added') ORDER BY id");
  g_test_message ("%s", audit);
  g_assert_cmpstr (audit, ==,
                   "Ben|unlock-failed|wrong PIN 1 of 5 in a row\n"
                   "Ben|unlock-failed|wrong PIN 2 of 5 in a row\n"
                   "Ben|unlock-failed|wrong PIN 3 of 5 in a row\n"
                   "Ben|unlock|\n"
                   "Ana|unlock-failed|wrong PIN 1 of 5 in a row\n"
                   "Ben|unlock-failed|wrong PIN 2 of 5 in a row\n"
                   "Ana|unlock-failed|wrong PIN 3 of 5 in a row\n"
                   "Ben|unlock-failed|wrong PIN 4 of 5 in a row\n"
                   "Ana|locked-out|wrong PIN 5 of 5 in a row: entry locked for 60 s\n"
                   "Ben|unlock-failed|refused without checking the PIN: entry locked for 30 more s\n"
                   "Ana|unlock-failed|refused without checking the PIN: entry locked for 1 more s\n"
                   "Ana|unlock-failed|refused without checking the PIN: entry locked for 1 more s\n"
                   "Ana|unlock|\n"
                   "Ben|unlock-failed|wrong PIN 1 of 5 in a row\n");
}

/* Roster changes, verifications and callers' lines, read back through the
 * store and from the file. */
static void
test_audit (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(VigilStaffMember) ben = NULL;
  g_autoptr(VigilStaffMember) carla = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  g_autofree char *rows = NULL;
  static const char *expected_actions[] = {
    "staff-added", "staff-added", "staff-added", "unlock", "unlock-failed", "quit",
    "limits-changed", "pin-changed", "pin-changed", "role-changed", "staff-removed", "auto-lock",
  };

  ana = add_ok (fixture, "Ana", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  ben = add_ok (fixture, "Ben", VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  carla = add_ok (fixture, "Carla", VIGIL_STAFF_ROLE_NURSE, PIN_CARLA, ana);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  assert_verifies (fixture->staff, ben->id, PIN_BEN, "Ben");
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  assert_wrong_pin (fixture->staff, carla->id, "000000");
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  g_assert_true (vigil_staff_audit (fixture->staff, ben, "quit", NULL, &error));
  g_assert_no_error (error);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  g_assert_true (vigil_staff_audit (fixture->staff, ben, "limits-changed", "spo2-low 90 → 88", &error));
  g_assert_no_error (error);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  g_assert_true (vigil_staff_set_pin (fixture->staff, ben->id, PIN_NEW, ben, &error));
  g_assert_no_error (error);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  g_assert_true (vigil_staff_set_pin (fixture->staff, carla->id, PIN_NEW, ana, &error));
  g_assert_no_error (error);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  g_assert_true (vigil_staff_set_role (fixture->staff, ben->id, VIGIL_STAFF_ROLE_ADMIN, ana, &error));
  g_assert_no_error (error);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  g_assert_true (vigil_staff_remove (fixture->staff, carla->id, ana, &error));
  g_assert_no_error (error);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  g_assert_true (vigil_staff_audit (fixture->staff, NULL, "auto-lock", "5 min without a touch", &error));
  g_assert_no_error (error);

  /* A blank action is refused. */
  g_assert_false (vigil_staff_audit (fixture->staff, ana, " ", NULL, &error));
  assert_error_code (error, VIGIL_STAFF_ERROR_INVALID);
  g_clear_error (&error);

  /* Through the store: newest first. */
  lines = vigil_store_list_audit (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (expected_actions));
  for (guint i = 0; i < lines->len; i++)
    {
      const VigilStoreAuditEntry *e = g_ptr_array_index (lines, lines->len - 1 - i);

      g_assert_cmpstr (e->action, ==, expected_actions[i]);
      g_assert_cmpint (e->wall_us, ==, T0_US + (gint64) i * G_USEC_PER_SEC);
      g_assert_cmpint (e->id, >, 0);
    }
  {
    const VigilStoreAuditEntry *e = g_ptr_array_index (lines, 0);

    g_assert_cmpstr (e->action, ==, "auto-lock");
    g_assert_cmpint (e->person_id, ==, 0);
    g_assert_null (e->person_name);
    g_assert_null (e->role);
    g_assert_cmpstr (e->detail, ==, "5 min without a touch");
  }
  {
    /* The removed person's name stays in the lines about her. */
    const VigilStoreAuditEntry *e = g_ptr_array_index (lines, 1);

    g_assert_cmpstr (e->action, ==, "staff-removed");
    g_assert_cmpint (e->person_id, ==, ana->id);
    g_assert_cmpstr (e->person_name, ==, "Ana");
    g_assert_cmpstr (e->role, ==, "admin");
    g_assert_cmpstr (e->detail, ==, "Carla (nurse)");
  }
  newest = vigil_store_list_audit (fixture->store, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (newest->len, ==, 3);
  g_assert_cmpstr (((VigilStoreAuditEntry *) g_ptr_array_index (newest, 2))->action, ==, "role-changed");

  /* From the file, as another program reads it. */
  rows = query_file (fixture->path,
                     "SELECT wall_us - 1700000000000000, coalesce(person_id, 'NULL'), person_name, role,"
                     " action, detail FROM audit_log ORDER BY id");
  g_test_message ("%s", rows);
  g_assert_cmpstr (rows, ==,
                   "0|NULL|NULL|NULL|staff-added|Ana (admin), the first admin, at first start\n"
                   "1000000|1|Ana|admin|staff-added|Ben (nurse)\n"
                   "2000000|1|Ana|admin|staff-added|Carla (nurse)\n"
                   "3000000|2|Ben|nurse|unlock|NULL\n"
                   "4000000|3|Carla|nurse|unlock-failed|wrong PIN 1 of 5 in a row\n"
                   "5000000|2|Ben|nurse|quit|NULL\n"
                   "6000000|2|Ben|nurse|limits-changed|spo2-low 90 → 88\n"
                   "7000000|2|Ben|nurse|pin-changed|own PIN changed\n"
                   "8000000|1|Ana|admin|pin-changed|PIN of Carla (nurse) reset\n"
                   "9000000|1|Ana|admin|role-changed|Ben: nurse → admin\n"
                   "10000000|1|Ana|admin|staff-removed|Carla (nurse)\n"
                   "11000000|NULL|NULL|NULL|auto-lock|5 min without a touch\n");
}

/* The roster survives a restart: same people, same PINs. */
static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(VigilStaffMember) ben = NULL;
  g_autoptr(GPtrArray) list = NULL;

  ana = add_ok (fixture, "Ana", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);
  ben = add_ok (fixture, "Ben", VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana);
  close_staff (fixture);

  open_staff (fixture);
  g_assert_true (vigil_staff_has_admin (fixture->staff));
  list = vigil_staff_list (fixture->staff);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((VigilStaffMember *) g_ptr_array_index (list, 0))->id, ==, ana->id);
  g_assert_cmpint (((VigilStaffMember *) g_ptr_array_index (list, 0))->role, ==, VIGIL_STAFF_ROLE_ADMIN);
  g_assert_cmpstr (((VigilStaffMember *) g_ptr_array_index (list, 1))->name, ==, "Ben");
  assert_verifies (fixture->staff, ben->id, PIN_BEN, "Ben");
  g_assert_cmpint (vigil_store_get_schema_version (fixture->store), ==, VIGIL_STORE_SCHEMA_VERSION);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  g_file_get_contents (path, &bytes, &len, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes", path, len);
  return memmem (bytes, len, needle, strlen (needle)) != NULL;
}

static void
assert_no_clear_pin (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_pins); i++)
    {
      g_assert_false (file_contains (path, all_pins[i]));
      g_assert_false (file_contains (wal, all_pins[i]));
    }
}

/* No PIN, in any form the code handled it, is in the database file or
 * its WAL: not while Vigil runs, not after it closed. */
static void
test_no_clear_pin (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(VigilStaffMember) ben = NULL;
  g_autoptr(VigilStaffMember) carla = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  ana = add_ok (fixture, "Ana", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);
  ben = add_ok (fixture, "Ben", VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana);
  carla = add_ok (fixture, "Carla", VIGIL_STAFF_ROLE_NURSE, PIN_CARLA, ana);
  assert_verifies (fixture->staff, ben->id, PIN_BEN, "Ben");
  assert_wrong_pin (fixture->staff, carla->id, PIN_NEW);
  g_assert_true (vigil_staff_set_pin (fixture->staff, ana->id, PIN_NEW, ana, &error));
  g_assert_no_error (error);

  /* The test itself can find a PIN in a file: the search is real. */
  {
    g_autofree char *probe = g_build_filename (fixture->dir, "probe", NULL);

    g_assert_true (g_file_set_contents (probe, "xx" PIN_CARLA "yy", -1, &error));
    g_assert_no_error (error);
    g_assert_true (file_contains (probe, PIN_CARLA));
    g_unlink (probe);
  }

  /* While open, the rows are in the WAL. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (file_contains (wal, "Carla") || file_contains (fixture->path, "Carla"));
  assert_no_clear_pin (fixture->path);

  close_staff (fixture);
  g_assert_true (file_contains (fixture->path, "Carla"));
  g_assert_true (file_contains (fixture->path, "$argon2id$"));
  assert_no_clear_pin (fixture->path);
}

typedef struct
{
  GMainLoop        *loop;
  VigilStaffMember *member;
  GError           *error;
  guint             tries_in_callback;
} AsyncResult;

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->member = vigil_staff_verify_finish (VIGIL_STAFF (source), result, &r->error);
  r->tries_in_callback = vigil_staff_get_failed_tries (VIGIL_STAFF (source));
  g_main_loop_quit (r->loop);
}

static void
verify_async_and_wait (VigilStaff   *staff,
                       gint64        id,
                       const char   *pin,
                       GCancellable *cancellable,
                       AsyncResult  *r)
{
  char *copy = g_strdup (pin);

  memset (r, 0, sizeof *r);
  r->loop = g_main_loop_new (NULL, FALSE);
  vigil_staff_verify_async (staff, id, copy, cancellable, verified_cb, r);
  /* The PIN was copied: the caller may wipe its own at once. */
  sodium_memzero (copy, strlen (copy));
  g_free (copy);
  /* Never answered from inside the call. */
  g_assert_null (r->member);
  g_assert_null (r->error);
  g_main_loop_run (r->loop);
  g_main_loop_unref (r->loop);
}

/* The async form, from a main loop: the try is counted in the main
 * context before the callback runs. */
static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult r;

  ana = add_ok (fixture, "Ana", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);

  verify_async_and_wait (fixture->staff, ana->id, PIN_ANA, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.member);
  g_assert_cmpstr (r.member->name, ==, "Ana");
  g_assert_cmpint (r.member->role, ==, VIGIL_STAFF_ROLE_ADMIN);
  g_clear_pointer (&r.member, vigil_staff_member_free);

  verify_async_and_wait (fixture->staff, ana->id, "73914050", NULL, &r);
  g_assert_error (r.error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_WRONG_PIN);
  g_assert_null (r.member);
  g_assert_cmpuint (r.tries_in_callback, ==, 1);
  g_clear_error (&r.error);

  /* Not digits: answered without a thread, still counted. */
  verify_async_and_wait (fixture->staff, ana->id, "ab", NULL, &r);
  g_assert_error (r.error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_WRONG_PIN);
  g_assert_cmpuint (r.tries_in_callback, ==, 2);
  g_clear_error (&r.error);

  /* Cancelled after the start: no answer, no count. */
  {
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

    memset (&r, 0, sizeof r);
    r.loop = loop;
    vigil_staff_verify_async (fixture->staff, ana->id, "11110000", cancellable, verified_cb, &r);
    g_cancellable_cancel (cancellable);
    g_main_loop_run (loop);
    g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (r.member);
    g_assert_cmpuint (vigil_staff_get_failed_tries (fixture->staff), ==, 2);
    g_clear_error (&r.error);
  }

  /* Locked out: refused without a thread. */
  assert_wrong_pin (fixture->staff, ana->id, "1");
  assert_wrong_pin (fixture->staff, ana->id, "1");
  assert_locked_out (fixture->staff, ana->id, "1", "60 seconds");
  g_assert_cmpint (vigil_staff_get_lockout_remaining (fixture->staff), ==, VIGIL_STAFF_LOCKOUT_US);
  verify_async_and_wait (fixture->staff, ana->id, PIN_ANA, NULL, &r);
  g_assert_error (r.error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_LOCKED_OUT);
  g_clear_error (&r.error);

  /* A right PIN after the lock-out, in the main loop again. */
  vigil_clock_advance (fixture->clock, VIGIL_STAFF_LOCKOUT_US);
  verify_async_and_wait (fixture->staff, ana->id, PIN_ANA, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.member->id, ==, ana->id);
  g_assert_cmpuint (r.tries_in_callback, ==, 0);
  g_clear_pointer (&r.member, vigil_staff_member_free);
}

/* While another program holds the write lock: audit lines queue and are
 * listed (nothing lost); roster changes are refused, not queued. */
static void
test_locked_database (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaffMember) ana = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *rows = NULL;
  sqlite3 *other = NULL;

  ana = add_ok (fixture, "Ana", VIGIL_STAFF_ROLE_ADMIN, PIN_ANA, NULL);

  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  g_assert_false (vigil_staff_audit (fixture->staff, ana, "quit", NULL, &error));
  g_assert_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (vigil_store_is_healthy (fixture->store));
  g_assert_cmpuint (vigil_store_get_pending_count (fixture->store), ==, 1);
  /* A verification while the disk fails is still answered and audited. */
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  assert_verifies (fixture->staff, ana->id, PIN_ANA, "Ana");
  g_assert_cmpuint (vigil_store_get_pending_count (fixture->store), ==, 2);

  lines = vigil_store_list_audit (fixture->store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpstr (((VigilStoreAuditEntry *) g_ptr_array_index (lines, 0))->action, ==, "unlock");
  g_assert_cmpint (((VigilStoreAuditEntry *) g_ptr_array_index (lines, 0))->id, ==, 0);
  g_assert_cmpstr (((VigilStoreAuditEntry *) g_ptr_array_index (lines, 1))->action, ==, "quit");

  /* A roster change is refused and nothing of it is kept. */
  g_assert_null (vigil_staff_add (fixture->staff, "Ben", VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana, &error));
  g_assert_error (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "locked by another program"));
  g_clear_error (&error);
  g_assert_cmpuint (vigil_store_get_pending_count (fixture->store), ==, 2);
  list = vigil_staff_list (fixture->staff);
  g_assert_cmpuint (list->len, ==, 1);

  /* The lock goes: the queue is written in order, and a change works. */
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  vigil_clock_advance (fixture->clock, G_USEC_PER_SEC);
  {
    g_autoptr(VigilStaffMember) ben = add_ok (fixture, "Ben", VIGIL_STAFF_ROLE_NURSE, PIN_BEN, ana);
  }
  g_assert_true (vigil_store_is_healthy (fixture->store));
  rows = query_file (fixture->path,
                     "SELECT wall_us - 1700000000000000, person_name, action FROM audit_log ORDER BY id");
  g_assert_cmpstr (rows, ==,
                   "0|NULL|staff-added\n"
                   "1000000|Ana|quit\n"
                   "2000000|Ana|unlock\n"
                   "3000000|Ana|staff-added\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/vigil/staff/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/vigil/staff/roles-table", test_roles_table);
  ADD ("hash-verify", test_hash_verify);
  ADD ("validation", test_validation);
  ADD ("roles", test_roles);
  ADD ("lockout", test_lockout);
  ADD ("audit", test_audit);
  ADD ("reopen", test_reopen);
  ADD ("no-clear-pin", test_no_clear_pin);
  ADD ("async", test_async);
  ADD ("locked-database", test_locked_database);

#undef ADD

  return g_test_run ();
}
