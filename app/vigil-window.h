/* vigil-window.h — the bedside screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-bedside.h"
#include "vigil-lock.h"
#include "vigil-monitor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WINDOW (vigil_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilWindow, vigil_window, VIGIL, WINDOW, GtkApplicationWindow)

VigilWindow  *vigil_window_new          (GtkApplication *application,
                                         VigilMonitor   *monitor,
                                         GSettings      *settings);
VigilMonitor *vigil_window_get_monitor  (VigilWindow    *self);
GtkWidget    *vigil_window_get_tile     (VigilWindow    *self,
                                         VigilParameter  parameter);
GtkWidget    *vigil_window_get_chart    (VigilWindow    *self);
GtkWidget    *vigil_window_get_pleth_strip (VigilWindow *self);
void          vigil_window_refresh      (VigilWindow    *self);
const char   *vigil_window_get_device_status_text (VigilWindow *self);
void          vigil_window_set_bedside  (VigilWindow    *self,
                                         VigilBedside   *bedside);
GtkWidget    *vigil_window_get_alarm_banner (VigilWindow *self,
                                             gboolean     technical);
GtkWidget    *vigil_window_get_limits_page  (VigilWindow *self);
GtkWidget    *vigil_window_get_log_page     (VigilWindow *self);
GtkWidget    *vigil_window_get_device_page  (VigilWindow *self);
GtkWidget    *vigil_window_get_history_page (VigilWindow *self);
const char   *vigil_window_get_page         (VigilWindow *self);
const char   *vigil_window_get_pause_text   (VigilWindow *self);
GtkWidget    *vigil_window_get_treatment_view (VigilWindow *self);
const char   *vigil_window_get_phase_text     (VigilWindow *self);

/* Kiosk mode and the staff lock (vigil-kiosk.h, vigil-lock.h). */
void          vigil_window_set_kiosk          (VigilWindow       *self,
                                               gboolean           kiosk);
gboolean      vigil_window_get_kiosk          (VigilWindow       *self);
guint         vigil_window_get_kiosk_refused  (VigilWindow       *self);
void          vigil_window_set_lock           (VigilWindow       *self,
                                               VigilLock         *lock);
VigilLock    *vigil_window_get_lock           (VigilWindow       *self);
GtkWidget    *vigil_window_get_unlock_page    (VigilWindow       *self);
GtkWidget    *vigil_window_get_first_run_page (VigilWindow       *self);
GtkWidget    *vigil_window_get_admin_page     (VigilWindow       *self);
const char   *vigil_window_get_user_name      (VigilWindow       *self);

G_END_DECLS
