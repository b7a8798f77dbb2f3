/* vigil-port-info.h — one serial port: its path and what the system knows of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * VigilPortTransport:
 * @VIGIL_PORT_TRANSPORT_NATIVE: a port on the machine (ttyS*, ttyAMA*)
 * @VIGIL_PORT_TRANSPORT_USB: a USB serial adapter (ttyUSB*, ttyACM*)
 * @VIGIL_PORT_TRANSPORT_BLUETOOTH: a Bluetooth serial link (rfcomm*)
 * @VIGIL_PORT_TRANSPORT_PSEUDO: a pseudo-terminal (a simulator, a test),
 *   added by hand
 */
typedef enum
{
  VIGIL_PORT_TRANSPORT_NATIVE,
  VIGIL_PORT_TRANSPORT_USB,
  VIGIL_PORT_TRANSPORT_BLUETOOTH,
  VIGIL_PORT_TRANSPORT_PSEUDO,
} VigilPortTransport;

#define VIGIL_TYPE_PORT_TRANSPORT (vigil_port_transport_get_type ())
#define VIGIL_TYPE_PORT_INFO      (vigil_port_info_get_type ())

GType vigil_port_transport_get_type (void);

G_DECLARE_FINAL_TYPE (VigilPortInfo, vigil_port_info, VIGIL, PORT_INFO, GObject)

VigilPortInfo      *vigil_port_info_new               (const char         *path,
                                                       VigilPortTransport  transport);
const char         *vigil_port_info_get_path          (VigilPortInfo      *self);
const char         *vigil_port_info_get_description   (VigilPortInfo      *self);
VigilPortTransport  vigil_port_info_get_transport     (VigilPortInfo      *self);
int                 vigil_port_info_get_usb_vid       (VigilPortInfo      *self);
int                 vigil_port_info_get_usb_pid       (VigilPortInfo      *self);
char               *vigil_port_info_dup_vid_pid_text  (VigilPortInfo      *self);
const char         *vigil_port_info_get_serial_number (VigilPortInfo      *self);
const char         *vigil_port_info_get_manufacturer  (VigilPortInfo      *self);
const char         *vigil_port_info_get_product       (VigilPortInfo      *self);
const char         *vigil_port_info_get_stable_path   (VigilPortInfo      *self);
const char         *vigil_port_info_get_preferred_path (VigilPortInfo     *self);
gboolean            vigil_port_info_get_manual        (VigilPortInfo      *self);
gboolean            vigil_port_info_matches_path      (VigilPortInfo      *self,
                                                       const char         *path);
gboolean            vigil_port_info_equal             (VigilPortInfo      *a,
                                                       VigilPortInfo      *b);

/* For VigilPortList, which fills them in. */
void                vigil_port_info_set_description   (VigilPortInfo      *self,
                                                       const char         *description);
void                vigil_port_info_set_usb           (VigilPortInfo      *self,
                                                       int                 vid,
                                                       int                 pid,
                                                       const char         *serial_number,
                                                       const char         *manufacturer,
                                                       const char         *product);
void                vigil_port_info_set_stable_path   (VigilPortInfo      *self,
                                                       const char         *stable_path);
void                vigil_port_info_set_manual        (VigilPortInfo      *self,
                                                       gboolean            manual);

G_END_DECLS
