/* vigil-alarm-log-page.h — review and filter the alarm log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ALARM_LOG_PAGE (vigil_alarm_log_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilAlarmLogPage, vigil_alarm_log_page, VIGIL, ALARM_LOG_PAGE, GtkWidget)

void   vigil_alarm_log_page_set_store      (VigilAlarmLogPage *self,
                                            VigilStore        *store,
                                            gint64             session_id);
void   vigil_alarm_log_page_refresh        (VigilAlarmLogPage *self);
void   vigil_alarm_log_page_set_condition  (VigilAlarmLogPage *self,
                                            int                condition);
guint  vigil_alarm_log_page_get_n_rows     (VigilAlarmLogPage *self);
char  *vigil_alarm_log_page_get_row_text   (VigilAlarmLogPage *self,
                                            guint              index);

G_END_DECLS
