/* vigil-alarm-banner.h — the alarm message area at the top of the screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-alarm.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ALARM_BANNER (vigil_alarm_banner_get_type ())

G_DECLARE_FINAL_TYPE (VigilAlarmBanner, vigil_alarm_banner, VIGIL, ALARM_BANNER, GtkWidget)

GtkWidget          *vigil_alarm_banner_new              (void);

void                vigil_alarm_banner_set_alarm        (VigilAlarmBanner   *self,
                                                         VigilAlarmPriority  priority,
                                                         const char         *text,
                                                         gint64              onset_us);
void                vigil_alarm_banner_clear            (VigilAlarmBanner   *self);

VigilAlarmPriority  vigil_alarm_banner_get_priority     (VigilAlarmBanner   *self);
const char         *vigil_alarm_banner_get_text         (VigilAlarmBanner   *self);
gint64              vigil_alarm_banner_get_onset        (VigilAlarmBanner   *self);

guint               vigil_alarm_banner_get_extra_count  (VigilAlarmBanner   *self);
void                vigil_alarm_banner_set_extra_count  (VigilAlarmBanner   *self,
                                                         guint               extra_count);
gboolean            vigil_alarm_banner_get_technical    (VigilAlarmBanner   *self);
void                vigil_alarm_banner_set_technical    (VigilAlarmBanner   *self,
                                                         gboolean            technical);

/* What is on screen, for tests and accessibility. */
gboolean            vigil_alarm_banner_get_flash_on     (VigilAlarmBanner   *self);
const char         *vigil_alarm_banner_get_marker_text  (VigilAlarmBanner   *self);
const char         *vigil_alarm_banner_get_extra_text   (VigilAlarmBanner   *self);

G_END_DECLS
