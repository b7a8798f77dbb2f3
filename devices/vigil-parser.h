/* vigil-parser.h — base class of the push parsers: bytes in, observations out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-observation.h"
#include "vigil-technical-event.h"
#include "vigil-waveform-sample.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PARSER (vigil_parser_get_type ())

G_DECLARE_DERIVABLE_TYPE (VigilParser, vigil_parser, VIGIL, PARSER, GObject)

/* A parser does no I/O and keeps no global state. It is fed bytes in any
 * split and emits "observation", "technical-event", "waveform" and "frame"
 * signals synchronously from vigil_parser_feed(). Host times are left at 0:
 * the device stamps them with its clock.
 *
 * The host side of a protocol (a request to send data, an association, a
 * poll) lives here too, still without I/O: the parser asks for bytes to be
 * sent with the "transmit" signal, and the device writes them. connected()
 * is called when a link is new (after every open, and again while the link
 * stays quiet for the protocol's quiet time); tick() every quarter second
 * with the monotonic time, for keep-alives and re-polls. */
struct _VigilParserClass
{
  GObjectClass parent_class;

  void (*feed)      (VigilParser  *self,
                     const guint8 *data,
                     gsize         length);
  void (*reset)     (VigilParser  *self);
  void (*connected) (VigilParser  *self,
                     gint64        now_us);
  void (*tick)      (VigilParser  *self,
                     gint64        now_us);
  /* Bytes of an unfinished frame held at the end of the input. */
  gsize (*get_pending_length) (VigilParser *self);

  gpointer padding[5];
};

#define VIGIL_PARSER_ERROR (vigil_parser_error_quark ())

typedef enum
{
  VIGIL_PARSER_ERROR_UNKNOWN_PROTOCOL,
} VigilParserError;

GQuark       vigil_parser_error_quark        (void);
VigilParser *vigil_parser_new_for_protocol   (const char                *protocol,
                                              GError                   **error);
const char * const *vigil_parser_list_protocols (void);
void         vigil_parser_feed               (VigilParser               *self,
                                              const guint8              *data,
                                              gsize                      length);
void         vigil_parser_reset              (VigilParser               *self);
void         vigil_parser_connected          (VigilParser               *self,
                                              gint64                     now_us);
void         vigil_parser_tick               (VigilParser               *self,
                                              gint64                     now_us);
void         vigil_parser_set_now            (VigilParser               *self,
                                              gint64                     now_us);
gint64       vigil_parser_get_now            (VigilParser               *self);
guint64      vigil_parser_get_frames_ok      (VigilParser               *self);
guint64      vigil_parser_get_frames_bad     (VigilParser               *self);
gsize        vigil_parser_get_pending_length (VigilParser               *self);
const char  *vigil_parser_get_identity       (VigilParser               *self);

/* For subclasses. */
void         vigil_parser_emit_observation   (VigilParser               *self,
                                              const VigilObservation    *observation);
void         vigil_parser_emit_frame_error   (VigilParser               *self,
                                              const char                *reason);
void         vigil_parser_emit_event         (VigilParser               *self,
                                              const VigilTechnicalEvent *event);
void         vigil_parser_count_frame        (VigilParser               *self);
/* A bad frame counted without its own event (a burst reports once). */
void         vigil_parser_count_bad_frame    (VigilParser               *self);
/* What the device says it is, for the setup page: "Masimo SN 0000093112". */
void         vigil_parser_set_identity       (VigilParser               *self,
                                              const char                *identity);
void         vigil_parser_emit_waveform      (VigilParser               *self,
                                              const VigilWaveformSample *sample);
void         vigil_parser_transmit           (VigilParser               *self,
                                              const guint8              *data,
                                              gsize                      length);
void         vigil_parser_emit_frame         (VigilParser               *self,
                                              const guint8              *data,
                                              gsize                      length,
                                              gboolean                   valid,
                                              const char                *note);

G_END_DECLS
