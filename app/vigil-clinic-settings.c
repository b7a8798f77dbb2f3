/* vigil-clinic-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is still read from GSettings for the person at the bedside. The
 * clinic's alarm limits and treatment settings moved to the clinic
 * configuration file (vigil-clinic-config.c), which IT provisions once
 * for every tablet.
 */
#include "vigil-clinic-settings.h"

/* Who is at the bedside, for the log: the configured name or the login. */
char *
vigil_clinic_settings_get_user_name (GSettings *settings)
{
  g_autofree char *name = NULL;

  if (settings != NULL)
    name = g_settings_get_string (settings, "user-name");
  if (name == NULL || *name == '\0')
    return g_strdup (g_get_user_name ());
  return g_steal_pointer (&name);
}
