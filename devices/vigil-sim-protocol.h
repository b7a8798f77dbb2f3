/* vigil-sim-protocol.h — the device side of a protocol, for the simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-scenario.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SIM_PROTOCOL (vigil_sim_protocol_get_type ())

G_DECLARE_DERIVABLE_TYPE (VigilSimProtocol, vigil_sim_protocol, VIGIL, SIM_PROTOCOL, GObject)

/* A simulated device speaks like the real one: it encodes what the
 * scenario's patient shows into the device's own frames, and answers the
 * host side (requests, associations, polls) exactly as the device would,
 * sending nothing that the real device would not send. No I/O here: bytes
 * go out through the "transmit" signal and come in through receive().
 *
 * tick() is called every period_ms of the simulator's clock with the
 * scenario's sample for that moment and the device's wall-clock time. */
struct _VigilSimProtocolClass
{
  GObjectClass parent_class;

  guint period_ms;

  void (*receive) (VigilSimProtocol          *self,
                   const guint8              *data,
                   gsize                      length);
  void (*tick)    (VigilSimProtocol          *self,
                   const VigilScenarioSample *sample,
                   gint64                     wall_ms);
  /* The cable was pulled: forget what the host asked for. */
  void (*reset)   (VigilSimProtocol          *self);

  gpointer padding[8];
};

guint    vigil_sim_protocol_get_period_ms (VigilSimProtocol          *self);
void     vigil_sim_protocol_receive       (VigilSimProtocol          *self,
                                           const guint8              *data,
                                           gsize                      length);
void     vigil_sim_protocol_tick          (VigilSimProtocol          *self,
                                           const VigilScenarioSample *sample,
                                           gint64                     wall_ms);
void     vigil_sim_protocol_reset         (VigilSimProtocol          *self);
guint64  vigil_sim_protocol_get_frames_sent (VigilSimProtocol        *self);

guint64  vigil_sim_protocol_get_requests  (VigilSimProtocol          *self);
gboolean vigil_sim_protocol_get_streaming (VigilSimProtocol          *self);

/* For subclasses: one frame (or reply) leaves the device. */
void     vigil_sim_protocol_transmit      (VigilSimProtocol          *self,
                                           const guint8              *data,
                                           gsize                      length);
/* For subclasses: the host's request to send data (the S/5 transmission
 * request, the IntelliVue association, the Nonin format command) was
 * accepted; tests check that every reconnect asks again. */
void     vigil_sim_protocol_note_request  (VigilSimProtocol          *self);
/* For subclasses: whether the device sends data now. A passive device
 * (Masimo) streams from the start; the S/5 only once asked. */
void     vigil_sim_protocol_set_streaming (VigilSimProtocol          *self,
                                           gboolean                   streaming);

G_END_DECLS
