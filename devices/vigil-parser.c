/* vigil-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-parser.h"

#include "vigil-line-parser.h"

typedef struct
{
  guint64 frames_ok;
  guint64 frames_bad;
} VigilParserPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VigilParser, vigil_parser, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-parser-error-quark, vigil_parser_error)

enum {
  SIGNAL_OBSERVATION,
  SIGNAL_TECHNICAL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const protocols[] = { "vigil", NULL };

static void
vigil_parser_class_init (VigilParserClass *klass)
{
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
}

static void
vigil_parser_init (VigilParser *self)
{
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
  g_return_val_if_fail (protocol != NULL, NULL);

  if (g_str_equal (protocol, "vigil"))
    return VIGIL_PARSER (vigil_line_parser_new ());

  g_set_error (error, VIGIL_PARSER_ERROR, VIGIL_PARSER_ERROR_UNKNOWN_PROTOCOL,
               "Unknown device protocol “%s”. Known protocols: %s.",
               protocol, "vigil");
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

void
vigil_parser_reset (VigilParser *self)
{
  g_return_if_fail (VIGIL_IS_PARSER (self));

  if (VIGIL_PARSER_GET_CLASS (self)->reset != NULL)
    VIGIL_PARSER_GET_CLASS (self)->reset (self);
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
