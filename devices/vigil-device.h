/* vigil-device.h — one bedside device: a transport, a parser, a watchdog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-clock.h"
#include "vigil-device-spec.h"
#include "vigil-observation.h"
#include "vigil-technical-event.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DEVICE       (vigil_device_get_type ())
#define VIGIL_TYPE_DEVICE_STATE (vigil_device_state_get_type ())

G_DECLARE_DERIVABLE_TYPE (VigilDevice, vigil_device, VIGIL, DEVICE, GObject)

typedef enum
{
  VIGIL_DEVICE_STATE_STOPPED,      /* not started, or stopped */
  VIGIL_DEVICE_STATE_CONNECTING,   /* trying to open the port (with backoff) */
  VIGIL_DEVICE_STATE_CONNECTED,    /* port open, no valid frame yet */
  VIGIL_DEVICE_STATE_RECEIVING,    /* valid frames arriving */
  VIGIL_DEVICE_STATE_STALE,        /* port open, but no valid frame for the quiet time */
} VigilDeviceState;

/* Protocols that must ask the device for data (GE S/5, IntelliVue) override
 * connected() to send their request; it is called after every (re)connect
 * and after the watchdog fires. */
struct _VigilDeviceClass
{
  GObjectClass parent_class;

  void (*connected) (VigilDevice *self);

  gpointer padding[8];
};

#define VIGIL_DEVICE_DEFAULT_QUIET_TIME_US (10 * G_USEC_PER_SEC)

GType                  vigil_device_state_get_type (void) G_GNUC_CONST;

VigilDevice           *vigil_device_new            (const VigilDeviceSpec  *spec,
                                                    VigilClock             *clock,
                                                    GError                **error);
gboolean               vigil_device_start          (VigilDevice            *self,
                                                    GError                **error);
void                   vigil_device_stop           (VigilDevice            *self);
const VigilDeviceSpec *vigil_device_get_spec       (VigilDevice            *self);
VigilClock            *vigil_device_get_clock      (VigilDevice            *self);
VigilDeviceState       vigil_device_get_state      (VigilDevice            *self);
const char            *vigil_device_state_to_string (VigilDeviceState       state);
gint64                 vigil_device_get_quiet_time (VigilDevice            *self);
void                   vigil_device_set_quiet_time (VigilDevice            *self,
                                                    gint64                  quiet_time_us);
const char            *vigil_device_get_identity   (VigilDevice            *self);
gint64                 vigil_device_get_update_period (VigilDevice         *self);
gboolean               vigil_device_write          (VigilDevice            *self,
                                                    const guint8           *data,
                                                    gsize                   length,
                                                    GError                **error);

G_END_DECLS
