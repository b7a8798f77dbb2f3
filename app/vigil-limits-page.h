/* vigil-limits-page.h — this session's alarm limits, changed by touch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-alarm-engine.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_LIMITS_PAGE (vigil_limits_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilLimitsPage, vigil_limits_page, VIGIL, LIMITS_PAGE, GtkWidget)

void        vigil_limits_page_set_engine    (VigilLimitsPage  *self,
                                             VigilAlarmEngine *engine);
void        vigil_limits_page_set_user_name (VigilLimitsPage  *self,
                                             const char       *user_name);
GtkWidget  *vigil_limits_page_get_stepper   (VigilLimitsPage  *self,
                                             VigilAlarmId      id,
                                             gboolean          second);
const char *vigil_limits_page_get_error     (VigilLimitsPage  *self);

G_END_DECLS
