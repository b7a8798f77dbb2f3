/* vigil-clinic-settings.h — who is at the bedside, from the settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clinic's policy (alarm limits, treatment, discharge score) is in the
 * clinic configuration file, see vigil-clinic-config.h.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *vigil_clinic_settings_get_user_name (GSettings *settings);

G_END_DECLS
