/* vigil-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-parser.h"

#include "vigil-protocol.h"

typedef struct
{
  guint64  frames_ok;
  guint64  frames_bad;
  char    *identity;
  gint64   now_us;      /* the link's clock at the last feed or tick; -1: none */
} VigilParserPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VigilParser, vigil_parser, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-parser-error-quark, vigil_parser_error)

enum {
  SIGNAL_OBSERVATION,
  SIGNAL_TECHNICAL_EVENT,
  SIGNAL_WAVEFORM,
  SIGNAL_TRANSMIT,
  SIGNAL_FRAME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_IDENTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const protocols[] = { "vigil", "datex", "masimo", "nonin", "intellivue", NULL };

static void
vigil_parser_finalize (GObject *object)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (VIGIL_PARSER (object));

  g_free (priv->identity);
  G_OBJECT_CLASS (vigil_parser_parent_class)->finalize (object);
}

static void
vigil_parser_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (VIGIL_PARSER (object));

  switch (prop_id)
    {
    case PROP_IDENTITY:
      g_value_set_string (value, priv->identity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_parser_class_init (VigilParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_parser_finalize;
  object_class->get_property = vigil_parser_get_property;

  /* What the device says it is ("Masimo SN 0000093112"), or NULL. */
  properties[PROP_IDENTITY] =
    g_param_spec_string ("identity", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilParser::observation:
   * @observation: (type VigilObservation): the decoded value
   */
  signals[SIGNAL_OBSERVATION] =
    g_signal_new ("observation",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VIGIL_TYPE_OBSERVATION | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilParser::technical-event:
   * @event: (type VigilTechnicalEvent): sensor off, a dropped frame, …
   */
  signals[SIGNAL_TECHNICAL_EVENT] =
    g_signal_new ("technical-event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VIGIL_TYPE_TECHNICAL_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilParser::waveform:
   * @sample: (type VigilWaveformSample): one point of the pleth
   */
  signals[SIGNAL_WAVEFORM] =
    g_signal_new ("waveform",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VIGIL_TYPE_WAVEFORM_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilParser::transmit:
   * @bytes: what the host side must send to the device, as on the wire
   */
  signals[SIGNAL_TRANSMIT] =
    g_signal_new ("transmit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * VigilParser::frame:
   * @bytes: one whole frame as it came off the wire
   * @valid: whether its framing and checksum are right
   * @note: (nullable): what is wrong with it, or what kind of frame it is
   *
   * For field service (vigil-probe --raw): every frame the parser cut from
   * the stream, good or bad.
   */
  signals[SIGNAL_FRAME] =
    g_signal_new ("frame",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_BYTES, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
vigil_parser_init (VigilParser *self)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  priv->now_us = -1;
}

/**
 * vigil_parser_new_for_protocol:
 * @protocol: a name from vigil_parser_list_protocols()
 *
 * Returns: (transfer full): a new parser, or %NULL with @error set
 */
VigilParser *
vigil_parser_new_for_protocol (const char  *protocol,
                               GError     **error)
{

  const VigilProtocolInfo *info;
  g_autofree char *known = NULL;

  g_return_val_if_fail (protocol != NULL, NULL);

  info = vigil_protocol_lookup (protocol);
  if (info != NULL)
    return info->new_parser ();

  known = g_strjoinv (", ", (char **) protocols);
  g_set_error (error, VIGIL_PARSER_ERROR, VIGIL_PARSER_ERROR_UNKNOWN_PROTOCOL,
               "Unknown device protocol “%s”. Known protocols: %s.",
               protocol, known);
  return NULL;
}

const char * const *
vigil_parser_list_protocols (void)
{
  return protocols;
}

void
vigil_parser_feed (VigilParser  *self,
                   const guint8 *data,
                   gsize         length)
{
  g_return_if_fail (VIGIL_IS_PARSER (self));
  g_return_if_fail (data != NULL || length == 0);

  if (length == 0)
    return;
  VIGIL_PARSER_GET_CLASS (self)->feed (self, data, length);
}

/**
 * vigil_parser_set_now:
 * @now_us: the monotonic time of the link's clock
 *
 * Tells the parser when the bytes of the next vigil_parser_feed() arrived.
 * A live link sets it before every feed; bytes replayed from a capture
 * have no time, and a parser then judges them by their bytes alone.
 */
void
vigil_parser_set_now (VigilParser *self,
                      gint64       now_us)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_PARSER (self));

  priv->now_us = now_us;
}

/**
 * vigil_parser_get_now:
 *
 * Returns: the time given by vigil_parser_set_now(), vigil_parser_tick()
 *   or vigil_parser_connected(), whichever came last; -1 if none was
 */
gint64
vigil_parser_get_now (VigilParser *self)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_PARSER (self), -1);

  return priv->now_us;
}

void
vigil_parser_reset (VigilParser *self)
{
  g_return_if_fail (VIGIL_IS_PARSER (self));

  if (VIGIL_PARSER_GET_CLASS (self)->reset != NULL)
    VIGIL_PARSER_GET_CLASS (self)->reset (self);
}

/**
 * vigil_parser_connected:
 * @now_us: the monotonic time
 *
 * A link is new or has been quiet for the quiet time: protocols that must
 * ask for data start asking (again).
 */
void
vigil_parser_connected (VigilParser *self,
                        gint64       now_us)
{
  g_return_if_fail (VIGIL_IS_PARSER (self));

  vigil_parser_set_now (self, now_us);
  if (VIGIL_PARSER_GET_CLASS (self)->connected != NULL)
    VIGIL_PARSER_GET_CLASS (self)->connected (self, now_us);
}

/**
 * vigil_parser_tick:
 * @now_us: the monotonic time
 *
 * Called about every 250 ms while the link is open.
 */
void
vigil_parser_tick (VigilParser *self,
                   gint64       now_us)
{
  g_return_if_fail (VIGIL_IS_PARSER (self));

  vigil_parser_set_now (self, now_us);
  if (VIGIL_PARSER_GET_CLASS (self)->tick != NULL)
    VIGIL_PARSER_GET_CLASS (self)->tick (self, now_us);
}

guint64
vigil_parser_get_frames_ok (VigilParser *self)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_PARSER (self), 0);
  return priv->frames_ok;
}

guint64
vigil_parser_get_frames_bad (VigilParser *self)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_PARSER (self), 0);
  return priv->frames_bad;
}

void
vigil_parser_emit_observation (VigilParser            *self,
                               const VigilObservation *observation)
{
  g_return_if_fail (VIGIL_IS_PARSER (self));
  g_return_if_fail (observation != NULL);

  g_signal_emit (self, signals[SIGNAL_OBSERVATION], 0, observation);
}

/* Counts one well-formed frame; the device's watchdog is fed by these. */
void
vigil_parser_count_frame (VigilParser *self)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_PARSER (self));
  priv->frames_ok++;
}

void
vigil_parser_count_bad_frame (VigilParser *self)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_PARSER (self));
  priv->frames_bad++;
}

/**
 * vigil_parser_get_pending_length:
 *
 * Returns: how many bytes of an unfinished frame the parser holds, for
 *   example at the end of a capture file; 0 for parsers that do not say
 */
gsize
vigil_parser_get_pending_length (VigilParser *self)
{
  g_return_val_if_fail (VIGIL_IS_PARSER (self), 0);

  if (VIGIL_PARSER_GET_CLASS (self)->get_pending_length == NULL)
    return 0;
  return VIGIL_PARSER_GET_CLASS (self)->get_pending_length (self);
}

void
vigil_parser_emit_frame_error (VigilParser *self,
                               const char  *reason)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);
  g_autoptr(VigilTechnicalEvent) event = NULL;

  g_return_if_fail (VIGIL_IS_PARSER (self));

  priv->frames_bad++;
  event = vigil_technical_event_new (VIGIL_TECHNICAL_FRAME_ERROR, -1, reason);
  g_signal_emit (self, signals[SIGNAL_TECHNICAL_EVENT], 0, event);
}

void
vigil_parser_emit_event (VigilParser               *self,
                         const VigilTechnicalEvent *event)
{
  g_return_if_fail (VIGIL_IS_PARSER (self));
  g_return_if_fail (event != NULL);

  g_signal_emit (self, signals[SIGNAL_TECHNICAL_EVENT], 0, event);
}

void
vigil_parser_emit_waveform (VigilParser               *self,
                            const VigilWaveformSample *sample)
{
  g_return_if_fail (VIGIL_IS_PARSER (self));
  g_return_if_fail (sample != NULL);

  g_signal_emit (self, signals[SIGNAL_WAVEFORM], 0, sample);
}

/* For the host side: bytes the device object must write to the port. */
void
vigil_parser_transmit (VigilParser  *self,
                       const guint8 *data,
                       gsize         length)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (VIGIL_IS_PARSER (self));
  g_return_if_fail (data != NULL && length > 0);

  bytes = g_bytes_new (data, length);
  g_signal_emit (self, signals[SIGNAL_TRANSMIT], 0, bytes);
}

/* Announces a frame cut from the stream, for vigil-probe --raw. Cheap when
 * nobody listens: the bytes are copied only for a connected handler. */
void
vigil_parser_emit_frame (VigilParser  *self,
                         const guint8 *data,
                         gsize         length,
                         gboolean      valid,
                         const char   *note)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (VIGIL_IS_PARSER (self));
  g_return_if_fail (data != NULL || length == 0);

  if (!g_signal_has_handler_pending (self, signals[SIGNAL_FRAME], 0, TRUE))
    return;
  bytes = g_bytes_new (data, length);
  g_signal_emit (self, signals[SIGNAL_FRAME], 0, bytes, valid, note);
}

/**
 * vigil_parser_get_identity:
 *
 * Returns: (nullable): what the device says it is, from its own frames
 */
const char *
vigil_parser_get_identity (VigilParser *self)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_PARSER (self), NULL);
  return priv->identity;
}

void
vigil_parser_set_identity (VigilParser *self,
                           const char  *identity)
{
  VigilParserPrivate *priv = vigil_parser_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_PARSER (self));

  if (g_strcmp0 (priv->identity, identity) == 0)
    return;
  g_free (priv->identity);
  priv->identity = g_strdup (identity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
}
