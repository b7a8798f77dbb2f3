/* vigil-clinic-settings.h — the clinic's configuration applied to a bedside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alarm-limits.h"
#include "vigil-checklist.h"
#include "vigil-treatment.h"

G_BEGIN_DECLS

gboolean vigil_clinic_settings_apply_alarm_limits (GVariant          *overrides,
                                                   VigilAlarmLimits  *limits,
                                                   GError           **error);
char    *vigil_clinic_settings_get_user_name      (GSettings         *settings);
gboolean vigil_clinic_settings_read_treatment     (GVariant               *overrides,
                                                   VigilTreatmentConfig   *config,
                                                   VigilChecklistSettings *gates,
                                                   GError                **error);

G_END_DECLS
