/* vigil-port-list.h — the serial ports present now, kept up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-port-info.h"

G_BEGIN_DECLS

#define VIGIL_PORT_LIST_DEFAULT_INTERVAL_MS 2000
#define VIGIL_PORT_LIST_DEFAULT_BY_ID_DIR   "/dev/serial/by-id"

#define VIGIL_TYPE_PORT_LIST (vigil_port_list_get_type ())

G_DECLARE_FINAL_TYPE (VigilPortList, vigil_port_list, VIGIL, PORT_LIST, GObject)

VigilPortList *vigil_port_list_new          (void);
void           vigil_port_list_refresh      (VigilPortList *self);
void           vigil_port_list_add_path     (VigilPortList *self,
                                             const char    *path);
void           vigil_port_list_remove_path  (VigilPortList *self,
                                             const char    *path);
VigilPortInfo *vigil_port_list_find         (VigilPortList *self,
                                             const char    *path);
guint          vigil_port_list_get_refresh_count (VigilPortList *self);
void           vigil_port_list_set_watching (VigilPortList *self,
                                             gboolean       watching);

G_END_DECLS
