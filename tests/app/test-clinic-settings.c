/* test-clinic-settings.c — who is at the bedside, from GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clinic's policy (alarm limits, treatment, discharge score) moved to
 * the clinic configuration file: see tests/clinic-config/.
 */
#include "vigil-clinic-settings.h"

static void
test_user_name (void)
{
  g_autoptr(GSettings) settings = g_settings_new (VIGIL_APP_ID);
  g_autofree char *login = NULL;
  g_autofree char *named = NULL;
  g_autofree char *without = NULL;

  /* Nobody configured: the login name, never an empty "who". */
  login = vigil_clinic_settings_get_user_name (settings);
  g_assert_cmpstr (login, ==, g_get_user_name ());
  without = vigil_clinic_settings_get_user_name (NULL);
  g_assert_cmpstr (without, ==, g_get_user_name ());

  g_settings_set_string (settings, "user-name", "Nurse Ana");
  named = vigil_clinic_settings_get_user_name (settings);
  g_assert_cmpstr (named, ==, "Nurse Ana");
  g_settings_reset (settings, "user-name");
}

/* The keys that moved to the clinic configuration are gone from the
 * schema, so nobody sets one that nothing reads. */
static void
test_moved_keys (void)
{
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                                                       VIGIL_APP_ID, TRUE);

  g_assert_nonnull (schema);
  g_assert_false (g_settings_schema_has_key (schema, "alarm-limits"));
  g_assert_false (g_settings_schema_has_key (schema, "treatment"));
  g_assert_false (g_settings_schema_has_key (schema, "discharge-scale"));
  g_assert_true (g_settings_schema_has_key (schema, "user-name"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/clinic-settings/user-name", test_user_name);
  g_test_add_func ("/vigil/clinic-settings/moved-keys", test_moved_keys);

  return g_test_run ();
}
