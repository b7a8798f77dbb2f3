/* vigil-device-page.h — which device is on which serial port
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-clock.h"
#include "vigil-monitor.h"
#include "vigil-port-list.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DEVICE_PAGE (vigil_device_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilDevicePage, vigil_device_page, VIGIL, DEVICE_PAGE, GtkWidget)

void           vigil_device_page_set_settings   (VigilDevicePage *self,
                                                 GSettings       *settings);
void           vigil_device_page_set_clock      (VigilDevicePage *self,
                                                 VigilClock      *clock);
void             vigil_device_page_set_monitor  (VigilDevicePage *self,
                                                 VigilMonitor    *monitor);
VigilPortList *vigil_device_page_get_port_list  (VigilDevicePage *self);
void           vigil_device_page_stop_tests     (VigilDevicePage *self);
guint          vigil_device_page_get_n_tests    (VigilDevicePage *self);

/* The row of a port (by its path, stable path or a saved path), for tests
 * and for the window: NULL when the page lists no such port. */
GtkWidget     *vigil_device_page_get_row_widget (VigilDevicePage *self,
                                                 const char      *path,
                                                 const char      *part);
const char    *vigil_device_page_get_status     (VigilDevicePage *self,
                                                 const char      *path);
const char    *vigil_device_page_get_message    (VigilDevicePage *self);

G_END_DECLS
