/* vigil-transport.h — a serial port or pseudo-terminal, as bytes on the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SERIAL_PARITY_NONE,  /* 8N1 */
  VIGIL_SERIAL_PARITY_EVEN,  /* 8E1 */
} VigilSerialParity;

typedef enum
{
  VIGIL_SERIAL_FLOW_CONTROL_NONE,
  VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS,
} VigilSerialFlowControl;

/* Always 8 data bits and 1 stop bit: every supported monitor uses them. */
typedef struct
{
  guint                  baud;          /* a standard rate */
  VigilSerialParity      parity;
  VigilSerialFlowControl flow_control;
} VigilSerialSettings;

#define VIGIL_SERIAL_DEFAULT_BAUD 115200
#define VIGIL_SERIAL_SETTINGS_INIT \
  { VIGIL_SERIAL_DEFAULT_BAUD, VIGIL_SERIAL_PARITY_NONE, VIGIL_SERIAL_FLOW_CONTROL_NONE }

typedef enum
{
  VIGIL_TRANSPORT_BACKEND_NONE,        /* not open */
  VIGIL_TRANSPORT_BACKEND_SERIALPORT,  /* a real port, through libserialport */
  VIGIL_TRANSPORT_BACKEND_TERMIOS,     /* a pseudo-terminal (or a tty libserialport refused) */
} VigilTransportBackend;

#define VIGIL_TRANSPORT_ERROR (vigil_transport_error_quark ())

typedef enum
{
  VIGIL_TRANSPORT_ERROR_NOT_FOUND,          /* nothing at the path */
  VIGIL_TRANSPORT_ERROR_PERMISSION_DENIED,  /* not in the dialout group */
  VIGIL_TRANSPORT_ERROR_BUSY,               /* another program holds the port */
  VIGIL_TRANSPORT_ERROR_NOT_READY,          /* a pty whose other end is closed */
  VIGIL_TRANSPORT_ERROR_NOT_SERIAL,         /* the path is not a serial port */
  VIGIL_TRANSPORT_ERROR_SETTINGS,           /* the port refused the speed or framing */
  VIGIL_TRANSPORT_ERROR_HANGUP,             /* cable unplugged or device switched off */
  VIGIL_TRANSPORT_ERROR_IO,                 /* another read/write failure */
  VIGIL_TRANSPORT_ERROR_NOT_OPEN,           /* write() on a closed transport */
  VIGIL_TRANSPORT_ERROR_OVERFLOW,           /* the device does not take our bytes */
} VigilTransportError;

#define VIGIL_TYPE_SERIAL_PARITY       (vigil_serial_parity_get_type ())
#define VIGIL_TYPE_SERIAL_FLOW_CONTROL (vigil_serial_flow_control_get_type ())
#define VIGIL_TYPE_TRANSPORT           (vigil_transport_get_type ())

GType vigil_serial_parity_get_type       (void) G_GNUC_CONST;
GType vigil_serial_flow_control_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (VigilTransport, vigil_transport, VIGIL, TRANSPORT, GObject)

GQuark                 vigil_transport_error_quark   (void);
VigilTransport        *vigil_transport_new           (const char                *path,
                                                      const VigilSerialSettings *settings);
const char            *vigil_transport_get_path      (VigilTransport            *self);
void                   vigil_transport_get_settings  (VigilTransport            *self,
                                                      VigilSerialSettings       *out_settings);
gboolean               vigil_transport_open          (VigilTransport            *self,
                                                      GError                   **error);
void                   vigil_transport_close         (VigilTransport            *self);
gboolean               vigil_transport_is_open       (VigilTransport            *self);
VigilTransportBackend  vigil_transport_get_backend   (VigilTransport            *self);
gboolean               vigil_transport_write         (VigilTransport            *self,
                                                      const guint8              *data,
                                                      gsize                      length,
                                                      GError                   **error);

G_END_DECLS
