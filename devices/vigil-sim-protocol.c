/* vigil-sim-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-sim-protocol.h"

typedef struct
{
  guint64  frames_sent;
  guint64  requests;
  gboolean streaming;
} VigilSimProtocolPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VigilSimProtocol, vigil_sim_protocol, G_TYPE_OBJECT)

enum {
  SIGNAL_TRANSMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vigil_sim_protocol_class_init (VigilSimProtocolClass *klass)
{
  klass->period_ms = 1000;

  /**
   * VigilSimProtocol::transmit:
   * @bytes: what the simulated device sends, as on the wire
   */
  signals[SIGNAL_TRANSMIT] =
    g_signal_new ("transmit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
vigil_sim_protocol_init (VigilSimProtocol *self)
{
}

/* How often tick() wants to be called, in clock milliseconds. */
guint
vigil_sim_protocol_get_period_ms (VigilSimProtocol *self)
{
  g_return_val_if_fail (VIGIL_IS_SIM_PROTOCOL (self), 1000);
  return MAX (VIGIL_SIM_PROTOCOL_GET_CLASS (self)->period_ms, 1);
}

/* Bytes the host sent to the simulated device. */
void
vigil_sim_protocol_receive (VigilSimProtocol *self,
                            const guint8     *data,
                            gsize             length)
{
  g_return_if_fail (VIGIL_IS_SIM_PROTOCOL (self));
  g_return_if_fail (data != NULL || length == 0);

  if (length > 0 && VIGIL_SIM_PROTOCOL_GET_CLASS (self)->receive != NULL)
    VIGIL_SIM_PROTOCOL_GET_CLASS (self)->receive (self, data, length);
}

void
vigil_sim_protocol_tick (VigilSimProtocol          *self,
                         const VigilScenarioSample *sample,
                         gint64                     wall_ms)
{
  g_return_if_fail (VIGIL_IS_SIM_PROTOCOL (self));
  g_return_if_fail (sample != NULL);

  VIGIL_SIM_PROTOCOL_GET_CLASS (self)->tick (self, sample, wall_ms);
}

void
vigil_sim_protocol_reset (VigilSimProtocol *self)
{
  g_return_if_fail (VIGIL_IS_SIM_PROTOCOL (self));

  if (VIGIL_SIM_PROTOCOL_GET_CLASS (self)->reset != NULL)
    VIGIL_SIM_PROTOCOL_GET_CLASS (self)->reset (self);
}

guint64
vigil_sim_protocol_get_frames_sent (VigilSimProtocol *self)
{
  VigilSimProtocolPrivate *priv = vigil_sim_protocol_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SIM_PROTOCOL (self), 0);
  return priv->frames_sent;
}

void
vigil_sim_protocol_transmit (VigilSimProtocol *self,
                             const guint8     *data,
                             gsize             length)
{
  VigilSimProtocolPrivate *priv = vigil_sim_protocol_get_instance_private (self);
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (VIGIL_IS_SIM_PROTOCOL (self));
  g_return_if_fail (data != NULL && length > 0);

  priv->frames_sent++;
  bytes = g_bytes_new (data, length);
  g_signal_emit (self, signals[SIGNAL_TRANSMIT], 0, bytes);
}

guint64
vigil_sim_protocol_get_requests (VigilSimProtocol *self)
{
  VigilSimProtocolPrivate *priv = vigil_sim_protocol_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SIM_PROTOCOL (self), 0);
  return priv->requests;
}

gboolean
vigil_sim_protocol_get_streaming (VigilSimProtocol *self)
{
  VigilSimProtocolPrivate *priv = vigil_sim_protocol_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SIM_PROTOCOL (self), FALSE);
  return priv->streaming;
}

void
vigil_sim_protocol_note_request (VigilSimProtocol *self)
{
  VigilSimProtocolPrivate *priv = vigil_sim_protocol_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_SIM_PROTOCOL (self));
  priv->requests++;
}

void
vigil_sim_protocol_set_streaming (VigilSimProtocol *self,
                                  gboolean          streaming)
{
  VigilSimProtocolPrivate *priv = vigil_sim_protocol_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_SIM_PROTOCOL (self));
  priv->streaming = !!streaming;
}
