/* vigil-intellivue-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frames are cut by VigilIntellivueFrameDecoder and decoded whole before
 * anything is emitted: a malformed message (any length that does not fit
 * what encloses it) is one frame error and yields no value. Linked poll
 * results (first/middle/last) are merged and used only once the last part
 * arrives.
 *
 * Measurement state: a value is used only when the high byte of its state
 * is 0, with one exception: "questionable" alone (0x4000) keeps the value,
 * flagged QUESTIONABLE, as the monitor itself shows it with a "?". Invalid,
 * unavailable, calibrating or test values are absent; demo data is
 * rejected (absent) and reported once per episode.
 *
 * The host side runs on the times given to connected() and tick(); feed()
 * uses the latest of them. The monitor cannot tell SpO2 sensor-off apart
 * in a numeric: it comes as an invalid value and is shown absent.
 */
#include "vigil-intellivue-parser.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vigil-intellivue-frame.h"
#include "vigil-intellivue-message.h"
#include "vigil-line-protocol.h"

typedef enum
{
  HOST_IDLE,         /* nothing asked: wait for connected() */
  HOST_ASSOCIATING,  /* association request sent */
  HOST_WAIT_MDS,     /* accepted: waiting for the MDS create event report */
  HOST_POLLING,      /* MDS create confirmed: polling numerics */
  HOST_ENDED,        /* the monitor aborted or released: re-associate when quiet */
} HostState;

/* A monitor that ends the export (its own timeout after it hung, while
 * the host was already asking again; a restart of the export) is asked
 * again after this, well inside the link's quiet time, so the link-lost
 * alarm does not come back for it. Once only until polling works again:
 * a monitor that keeps ending it is asked after the silence time. */
#define REASSOCIATE_AFTER_END_US VIGIL_INTELLIVUE_POLL_INTERVAL_US

struct _VigilIntellivueParser
{
  VigilParser                  parent_instance;

  VigilIntellivueFrameDecoder  decoder;

  /* Host side. */
  HostState  host_state;
  gint64     now_us;
  gint64     last_rx_us;
  gint64     last_request_us;  /* the last association request */
  gint64     last_poll_us;
  gboolean   quick_retry_used; /* since polling last worked */
  guint16    invoke_id;
  guint16    poll_number;

  /* Linked result being merged. */
  gboolean                  linked_pending;
  guint16                   linked_invoke_id;
  guint8                    linked_count;
  VigilIntellivuePollReply  linked_reply;
  GArray                   *linked_numerics;

  GArray    *numerics;   /* scratch */

  gboolean   have_sequence;
  guint16    last_sequence;

  gboolean   demo;

  gboolean   have_nibp;
  double     nibp_sys;
  double     nibp_dia;
  double     nibp_mean;
  gint64     nibp_time_us;
};

G_DEFINE_FINAL_TYPE (VigilIntellivueParser, vigil_intellivue_parser, VIGIL_TYPE_PARSER)

static void
emit_technical (VigilIntellivueParser *self,
                VigilTechnicalKind     kind,
                int                    parameter,
                const char            *message)
{
  g_autoptr(VigilTechnicalEvent) event = vigil_technical_event_new (kind, parameter, message);

  vigil_parser_emit_event (VIGIL_PARSER (self), event);
}

static void
frame_error (VigilIntellivueParser *self,
             const char            *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
frame_error (VigilIntellivueParser *self,
             const char            *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  vigil_parser_emit_frame_error (VIGIL_PARSER (self), reason);
}

static void
malformed (VigilIntellivueParser *self,
           const char            *detail)
{
  frame_error (self, _("Dropped a malformed message from the monitor (%s). "
                       "Check that the port is the monitor's MIB/RS-232 data export port."),
               detail);
}

/* ---- Host side ---- */

static void
send_message (VigilIntellivueParser *self,
              GByteArray            *message)
{
  g_autoptr(GByteArray) frame = g_byte_array_new ();

  vigil_intellivue_frame_encode (frame, message->data, message->len);
  vigil_parser_transmit (VIGIL_PARSER (self), frame->data, frame->len);
}

static void
send_abort (VigilIntellivueParser *self)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();

  vigil_intellivue_build_abort (message);
  send_message (self, message);
}

static void
send_association_request (VigilIntellivueParser *self)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();

  vigil_intellivue_build_association_request (message);
  send_message (self, message);
  self->host_state = HOST_ASSOCIATING;
  self->last_request_us = self->now_us;
}

static void
send_poll (VigilIntellivueParser *self)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();

  vigil_intellivue_build_poll_request (message, ++self->invoke_id, ++self->poll_number,
                                       VIGIL_INTELLIVUE_TICKS_PER_SECOND);
  send_message (self, message);
  self->last_poll_us = self->now_us;
}

/* A new session: nothing of the old one's numbering carries over. */
static void
forget_session (VigilIntellivueParser *self)
{
  self->have_sequence = FALSE;
  self->linked_pending = FALSE;
  g_array_set_size (self->linked_numerics, 0);
}

static void
reassociate (VigilIntellivueParser *self)
{
  /* The monitor may still hold the old association. */
  if (self->host_state != HOST_IDLE && self->host_state != HOST_ENDED)
    send_abort (self);
  forget_session (self);
  send_association_request (self);
}

static void
vigil_intellivue_parser_connected (VigilParser *parser,
                                   gint64       now_us)
{
  VigilIntellivueParser *self = VIGIL_INTELLIVUE_PARSER (parser);

  self->now_us = now_us;
  /* tick() may have asked again at this very moment. */
  if (self->host_state == HOST_ASSOCIATING &&
      now_us - self->last_request_us < VIGIL_INTELLIVUE_POLL_INTERVAL_US)
    return;
  reassociate (self);
}

static void
vigil_intellivue_parser_tick (VigilParser *parser,
                              gint64       now_us)
{
  VigilIntellivueParser *self = VIGIL_INTELLIVUE_PARSER (parser);
  gint64 last_activity;

  self->now_us = now_us;
  if (self->host_state == HOST_IDLE)
    return;

  if (self->host_state == HOST_ENDED && !self->quick_retry_used &&
      now_us - self->last_rx_us >= REASSOCIATE_AFTER_END_US)
    {
      self->quick_retry_used = TRUE;
      reassociate (self);
      return;
    }

  /* Polls are not activity: only the monitor's frames are. */
  last_activity = MAX (self->last_rx_us, self->last_request_us);
  if (now_us - last_activity >= VIGIL_INTELLIVUE_SILENCE_US)
    {
      reassociate (self);
      return;
    }

  /* Each poll also keeps the association alive. */
  if (self->host_state == HOST_POLLING &&
      now_us - self->last_poll_us >= VIGIL_INTELLIVUE_POLL_INTERVAL_US)
    send_poll (self);
}

/* ---- Values ---- */

static gboolean
state_usable (guint16   state,
              gboolean *out_questionable)
{
  guint16 high = state & 0xFF00;

  *out_questionable = high == VIGIL_INTELLIVUE_STATE_QUESTIONABLE;
  return high == 0 || *out_questionable;
}

static const char *
parameter_label (VigilParameter parameter)
{
  switch (parameter)
    {
    case VIGIL_PARAMETER_HR:
      return _("Heart rate");
    case VIGIL_PARAMETER_SPO2:
      return _("SpO2");
    case VIGIL_PARAMETER_PULSE_RATE:
      return _("Pulse rate");
    case VIGIL_PARAMETER_NIBP:
    case VIGIL_N_PARAMETERS:
    default:
      return _("Blood pressure");
    }
}

/* Converts to the parameter's canonical unit; FALSE for a unit that does
 * not belong to it. */
static gboolean
to_canonical (VigilParameter  parameter,
              guint16         unit,
              double         *value)
{
  switch (parameter)
    {
    case VIGIL_PARAMETER_HR:
    case VIGIL_PARAMETER_PULSE_RATE:
      return unit == VIGIL_INTELLIVUE_UNIT_BPM;
    case VIGIL_PARAMETER_SPO2:
      return unit == VIGIL_INTELLIVUE_UNIT_PERCENT;
    case VIGIL_PARAMETER_NIBP:
      if (unit == VIGIL_INTELLIVUE_UNIT_KPA)
        {
          *value *= VIGIL_INTELLIVUE_KPA_TO_MMHG;
          return TRUE;
        }
      return unit == VIGIL_INTELLIVUE_UNIT_MMHG;
    case VIGIL_N_PARAMETERS:
    default:
      return FALSE;
    }
}

static gboolean
in_range (VigilParameter parameter,
          double         value)
{
  double min, max;

  vigil_line_protocol_parameter_range (parameter, &min, &max);
  return value >= min && value <= max;
}

static void
emit_simple (VigilIntellivueParser        *self,
             VigilParameter                parameter,
             const VigilIntellivueNuValue *nu,
             gint64                        device_time_us)
{
  VigilObservation obs;
  gboolean questionable;
  double value;

  vigil_observation_init (&obs, parameter);
  obs.device_time_us = device_time_us;

  value = vigil_intellivue_float_to_double (nu->value);
  if (!(nu->state & VIGIL_INTELLIVUE_STATE_DEMO_DATA) &&
      state_usable (nu->state, &questionable) && isfinite (value))
    {
      if (!to_canonical (parameter, nu->unit, &value))
        {
          frame_error (self, _("%s came in an unexpected unit (code 0x%04X): value dropped. "
                               "Check the monitor's unit settings."),
                       parameter_label (parameter), (guint) nu->unit);
          return;
        }
      if (!in_range (parameter, value))
        {
          frame_error (self, _("%s %g is impossible: value dropped."),
                       parameter_label (parameter), value);
          return;
        }
      obs.value = value;
      obs.quality = VIGIL_QUALITY_VALID;
      if (questionable)
        obs.quality |= VIGIL_QUALITY_QUESTIONABLE;
    }
  /* Otherwise absent: NAN, quality 0. */

  vigil_parser_emit_observation (VIGIL_PARSER (self), &obs);
}

/* NIBP is episodic: a reading is emitted once, when its values or its time
 * stamp change. An invalid compound (no reading yet, or one that failed)
 * says nothing new. */
static void
handle_nibp (VigilIntellivueParser        *self,
             const VigilIntellivueNumeric *nu,
             gint64                        reply_time_us)
{
  double v[3] = { NAN, NAN, NAN };
  gboolean questionable = FALSE;
  gint64 time_us = 0;
  VigilObservation obs;

  for (guint i = 0; i < nu->n_values; i++)
    {
      const VigilIntellivueNuValue *element = &nu->values[i];
      int slot = element->physio_id - VIGIL_INTELLIVUE_ID_NIBP_SYS;
      gboolean q;
      double value;

      if (slot < 0 || slot > 2)
        continue;
      value = vigil_intellivue_float_to_double (element->value);
      if ((element->state & VIGIL_INTELLIVUE_STATE_DEMO_DATA) ||
          !state_usable (element->state, &q) || !isfinite (value))
        continue;
      if (!to_canonical (VIGIL_PARAMETER_NIBP, element->unit, &value))
        {
          frame_error (self, _("Blood pressure came in an unexpected unit (code 0x%04X): "
                               "value dropped. Check the monitor's unit settings."),
                       (guint) element->unit);
          return;
        }
      questionable |= q;
      v[slot] = value;
    }

  if (isnan (v[0]) || isnan (v[1]))
    return;
  if (!in_range (VIGIL_PARAMETER_NIBP, v[0]) || !in_range (VIGIL_PARAMETER_NIBP, v[1]) ||
      (!isnan (v[2]) && !in_range (VIGIL_PARAMETER_NIBP, v[2])) || v[0] < v[1])
    {
      frame_error (self, _("Blood pressure %g/%g is impossible: value dropped."), v[0], v[1]);
      return;
    }

  if (nu->has_time && !vigil_intellivue_abs_time_to_unix_us (nu->abs_time, &time_us))
    time_us = 0;

  if (self->have_nibp && self->nibp_sys == v[0] && self->nibp_dia == v[1] &&
      ((isnan (self->nibp_mean) && isnan (v[2])) || self->nibp_mean == v[2]) &&
      self->nibp_time_us == time_us)
    return;

  self->have_nibp = TRUE;
  self->nibp_sys = v[0];
  self->nibp_dia = v[1];
  self->nibp_mean = v[2];
  self->nibp_time_us = time_us;

  vigil_observation_init (&obs, VIGIL_PARAMETER_NIBP);
  obs.value = v[0];
  obs.diastolic = v[1];
  obs.mean = v[2];
  obs.device_time_us = time_us;
  /* Both on the monitor's clock: the reading's age when the poll answered. */
  if (time_us != 0 && reply_time_us > time_us)
    obs.age_us = reply_time_us - time_us;
  obs.quality = VIGIL_QUALITY_VALID;
  if (questionable)
    obs.quality |= VIGIL_QUALITY_QUESTIONABLE;
  vigil_parser_emit_observation (VIGIL_PARSER (self), &obs);
}

static gboolean
is_demo (const VigilIntellivueNumeric *nu)
{
  for (guint i = 0; i < nu->n_values; i++)
    if (nu->values[i].state & VIGIL_INTELLIVUE_STATE_DEMO_DATA)
      return TRUE;
  return FALSE;
}

static void
check_sequence (VigilIntellivueParser *self,
                guint16                sequence_no)
{
  if (self->have_sequence)
    {
      guint16 lost = (guint16) (sequence_no - self->last_sequence - 1);

      /* A jump backwards is a restarted count, not a loss. */
      if (lost > 0 && lost < 0x8000)
        frame_error (self, g_dngettext (GETTEXT_PACKAGE, "%u poll result lost. Check the cable.",
                                        "%u poll results lost. Check the cable.", lost),
                     (guint) lost);
    }
  self->have_sequence = TRUE;
  self->last_sequence = sequence_no;
}

static void
handle_poll_result (VigilIntellivueParser          *self,
                    const VigilIntellivuePollReply *reply,
                    GArray                         *numerics)
{
  gint64 device_time_us = 0;
  gboolean demo = FALSE;

  check_sequence (self, reply->sequence_no);

  /* Only numerics are asked for; anything else is not for us. */
  if (reply->obj_partition != VIGIL_INTELLIVUE_PART_OBJ ||
      reply->obj_code != VIGIL_INTELLIVUE_MOC_VMO_METRIC_NU)
    return;

  if (!vigil_intellivue_abs_time_to_unix_us (reply->abs_time, &device_time_us))
    device_time_us = 0;

  for (guint i = 0; i < numerics->len; i++)
    demo |= is_demo (&g_array_index (numerics, VigilIntellivueNumeric, i));
  if (demo && !self->demo)
    emit_technical (self, VIGIL_TECHNICAL_DEMO_DATA, -1,
                    _("The monitor sends demo data: Vigil ignores it. "
                      "Switch the monitor out of demo mode to see the patient's values."));
  if (numerics->len > 0)
    self->demo = demo;

  for (guint i = 0; i < numerics->len; i++)
    {
      const VigilIntellivueNumeric *nu = &g_array_index (numerics, VigilIntellivueNumeric, i);

      if (nu->compound)
        {
          handle_nibp (self, nu, device_time_us);
          continue;
        }
      switch (nu->values[0].physio_id)
        {
        case VIGIL_INTELLIVUE_ID_HR:
          emit_simple (self, VIGIL_PARAMETER_HR, &nu->values[0], device_time_us);
          break;
        case VIGIL_INTELLIVUE_ID_SPO2:
          emit_simple (self, VIGIL_PARAMETER_SPO2, &nu->values[0], device_time_us);
          break;
        case VIGIL_INTELLIVUE_ID_PULSE_RATE:
          emit_simple (self, VIGIL_PARAMETER_PULSE_RATE, &nu->values[0], device_time_us);
          break;
        default:
          /* Another measurement: not monitored by Vigil. */
          break;
        }
    }
}

/* ---- Messages ---- */

static void
drop_linked (VigilIntellivueParser *self,
             const char            *detail)
{
  self->linked_pending = FALSE;
  g_array_set_size (self->linked_numerics, 0);
  malformed (self, detail);
}

/* Returns FALSE after reporting a malformed message. */
static gboolean
handle_action_result (VigilIntellivueParser         *self,
                      const VigilIntellivueRemoteOp *op)
{
  VigilIntellivuePollReply reply;
  const guint8 *data;
  gsize length;
  guint16 action_type;
  const char *reason = NULL;

  if (!vigil_intellivue_parse_action_result (op->body, op->body_length, &action_type,
                                             &data, &length, &reason))
    {
      malformed (self, reason);
      return FALSE;
    }
  if (action_type != VIGIL_INTELLIVUE_ACT_POLL_MDIB_DATA_EXT)
    return TRUE;

  g_array_set_size (self->numerics, 0);
  if (!vigil_intellivue_parse_poll_reply (data, length, &reply, self->numerics, &reason))
    {
      if (op->ro_type == VIGIL_INTELLIVUE_ROLRS)
        drop_linked (self, reason);
      else
        malformed (self, reason);
      return FALSE;
    }

  if (op->ro_type == VIGIL_INTELLIVUE_RORS)
    {
      if (self->linked_pending)
        drop_linked (self, "a linked result ended without its last part");
      handle_poll_result (self, &reply, self->numerics);
      return TRUE;
    }

  /* A linked part. */
  if (op->linked_state == VIGIL_INTELLIVUE_LINKED_FIRST)
    {
      if (self->linked_pending)
        drop_linked (self, "a linked result ended without its last part");
      self->linked_pending = TRUE;
      self->linked_invoke_id = op->invoke_id;
      self->linked_count = op->linked_count;
      self->linked_reply = reply;
      g_array_append_vals (self->linked_numerics, self->numerics->data, self->numerics->len);
      return TRUE;
    }

  if (!self->linked_pending)
    {
      malformed (self, "a linked result part without its first part");
      return FALSE;
    }
  if (op->invoke_id != self->linked_invoke_id ||
      op->linked_count != (guint8) (self->linked_count + 1) ||
      reply.sequence_no != self->linked_reply.sequence_no)
    {
      drop_linked (self, "linked result parts out of order");
      return FALSE;
    }
  self->linked_count = op->linked_count;
  g_array_append_vals (self->linked_numerics, self->numerics->data, self->numerics->len);

  if (op->linked_state == VIGIL_INTELLIVUE_LINKED_LAST)
    {
      self->linked_pending = FALSE;
      handle_poll_result (self, &self->linked_reply, self->linked_numerics);
      g_array_set_size (self->linked_numerics, 0);
    }
  return TRUE;
}

static gboolean
handle_event_report (VigilIntellivueParser         *self,
                     const VigilIntellivueRemoteOp *op)
{
  VigilIntellivueObjectId object;
  guint32 event_time;
  guint16 event_type;
  const guint8 *info;
  gsize info_length;
  const char *reason = NULL;
  g_autofree char *model = NULL;
  g_autofree char *identity = NULL;
  g_autoptr(GByteArray) message = NULL;

  if (!vigil_intellivue_parse_event_report (op->body, op->body_length, &object, &event_time,
                                            &event_type, &info, &info_length, &reason))
    {
      malformed (self, reason);
      return FALSE;
    }
  if (event_type != VIGIL_INTELLIVUE_NOTI_MDS_CREATE)
    return TRUE;
  if (!vigil_intellivue_parse_mds_create (info, info_length, &model, &reason))
    {
      malformed (self, reason);
      return FALSE;
    }

  identity = (model != NULL && model[0] != '\0')
             ? g_strdup_printf ("Philips IntelliVue %s", model)
             : g_strdup ("Philips IntelliVue");
  vigil_parser_set_identity (VIGIL_PARSER (self), identity);

  /* Confirm, echoing the invoke id, or the monitor repeats and aborts. */
  message = g_byte_array_new ();
  vigil_intellivue_build_event_report_result (message, op->invoke_id, &object, event_time,
                                              event_type);
  send_message (self, message);

  if (self->host_state != HOST_POLLING)
    {
      self->host_state = HOST_POLLING;
      self->quick_retry_used = FALSE;
      forget_session (self);
      send_poll (self);
    }
  return TRUE;
}

static void
handle_remote_op (VigilIntellivueParser *self,
                  const guint8          *data,
                  gsize                  length)
{
  VigilIntellivueRemoteOp op;
  const char *reason = NULL;
  gboolean ok = TRUE;

  if (!vigil_intellivue_parse_remote_op (data, length, &op, &reason))
    {
      malformed (self, reason);
      return;
    }

  switch (op.ro_type)
    {
    case VIGIL_INTELLIVUE_ROIV:
      if (op.command_type == VIGIL_INTELLIVUE_CMD_CONFIRMED_EVENT_REPORT ||
          op.command_type == VIGIL_INTELLIVUE_CMD_EVENT_REPORT)
        ok = handle_event_report (self, &op);
      break;

    case VIGIL_INTELLIVUE_RORS:
    case VIGIL_INTELLIVUE_ROLRS:
      if (op.command_type == VIGIL_INTELLIVUE_CMD_CONFIRMED_ACTION)
        ok = handle_action_result (self, &op);
      break;

    case VIGIL_INTELLIVUE_ROER:
      frame_error (self, _("The monitor rejected a request (error %u). "
                           "If values do not come, check the monitor's data export settings."),
                   (guint) op.command_type);
      ok = FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  if (ok)
    vigil_parser_count_frame (VIGIL_PARSER (self));
}

static void
handle_session (VigilIntellivueParser *self,
                const guint8          *data,
                gsize                  length)
{
  const char *reason = NULL;
  guint8 type;

  if (!vigil_intellivue_parse_spdu (data, length, &type, &reason))
    {
      malformed (self, reason);
      return;
    }
  vigil_parser_count_frame (VIGIL_PARSER (self));

  switch (type)
    {
    case VIGIL_INTELLIVUE_SPDU_ASSOC_ACCEPT:
      if (vigil_parser_get_identity (VIGIL_PARSER (self)) == NULL)
        vigil_parser_set_identity (VIGIL_PARSER (self), "Philips IntelliVue");
      forget_session (self);
      if (self->host_state != HOST_POLLING)
        self->host_state = HOST_WAIT_MDS;
      break;

    case VIGIL_INTELLIVUE_SPDU_ASSOC_REFUSE:
      self->host_state = HOST_IDLE;
      emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                      _("The IntelliVue monitor refused the data export connection. "
                        "Ask IT to enable data export on the MIB/RS-232 port in the "
                        "monitor's service mode."));
      break;

    case VIGIL_INTELLIVUE_SPDU_ABORT:
      self->host_state = HOST_ENDED;
      forget_session (self);
      emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                      _("The IntelliVue monitor ended the data export connection. "
                        "Vigil connects again in a few seconds."));
      break;

    case VIGIL_INTELLIVUE_SPDU_RELEASE_REQUEST:
      {
        g_autoptr(GByteArray) message = g_byte_array_new ();

        vigil_intellivue_build_release_response (message);
        send_message (self, message);
        self->host_state = HOST_ENDED;
        forget_session (self);
        emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                        _("The IntelliVue monitor ended the data export connection. "
                          "Vigil connects again in a few seconds."));
      }
      break;

    default:
      /* A release response, or an echo of the host's own request. */
      break;
    }
}

static void
on_frame (VigilIntellivueFrameStatus  status,
          const guint8               *data,
          gsize                       length,
          const guint8               *user_data,
          gsize                       user_length,
          gpointer                    callback_data)
{
  VigilIntellivueParser *self = callback_data;
  VigilParser *parser = VIGIL_PARSER (self);

  switch (status)
    {
    case VIGIL_INTELLIVUE_FRAME_OK:
      vigil_parser_emit_frame (parser, data, length, TRUE, "frame");
      self->last_rx_us = self->now_us;
      if (user_length >= 1 && user_data[0] == (VIGIL_INTELLIVUE_SESSION_ID >> 8))
        handle_remote_op (self, user_data, user_length);
      else
        handle_session (self, user_data, user_length);
      break;

    case VIGIL_INTELLIVUE_FRAME_ABORTED:
      /* The monitor gave up on the frame on purpose: not an error. */
      vigil_parser_emit_frame (parser, data, length, FALSE, "aborted by the sender");
      break;

    case VIGIL_INTELLIVUE_FRAME_NOISE:
      vigil_parser_emit_frame (parser, data, length, FALSE, "bytes between frames");
      frame_error (self, _("Ignored bytes between frames. Check the baud rate (115200) "
                           "and that the port is the monitor's MIB/RS-232 data export port."));
      break;

    case VIGIL_INTELLIVUE_FRAME_UNFINISHED:
      vigil_parser_emit_frame (parser, data, length, FALSE, "unfinished");
      frame_error (self, _("Dropped an unfinished frame (a new frame began before it ended). "
                           "Check the cable."));
      break;

    case VIGIL_INTELLIVUE_FRAME_TOO_LONG:
      vigil_parser_emit_frame (parser, data, length, FALSE, "too long");
      frame_error (self, _("Dropped a frame longer than %d bytes. Check the cable and the baud rate."),
                   VIGIL_INTELLIVUE_MAX_DATA);
      break;

    case VIGIL_INTELLIVUE_FRAME_BAD_ESCAPE:
      vigil_parser_emit_frame (parser, data, length, FALSE, "bad escape");
      frame_error (self, _("Dropped a frame with a broken escape sequence. Check the cable."));
      break;

    case VIGIL_INTELLIVUE_FRAME_TOO_SHORT:
      vigil_parser_emit_frame (parser, data, length, FALSE, "too short");
      frame_error (self, _("Dropped a frame too short to hold a header and checksum. "
                           "Check the cable and the baud rate."));
      break;

    case VIGIL_INTELLIVUE_FRAME_BAD_FCS:
      vigil_parser_emit_frame (parser, data, length, FALSE, "bad FCS");
      frame_error (self, _("Dropped a frame with a bad checksum. Check the cable and the baud rate."));
      break;

    case VIGIL_INTELLIVUE_FRAME_BAD_HEADER:
      vigil_parser_emit_frame (parser, data, length, FALSE, "bad header");
      frame_error (self, _("Dropped a frame with an unknown header. "
                           "Check that the port is the monitor's MIB/RS-232 data export port."));
      break;

    case VIGIL_INTELLIVUE_FRAME_BAD_LENGTH:
      vigil_parser_emit_frame (parser, data, length, FALSE, "bad length");
      frame_error (self, _("Dropped a frame whose length field does not match its size. "
                           "Check the cable."));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
vigil_intellivue_parser_feed (VigilParser  *parser,
                              const guint8 *data,
                              gsize         length)
{
  VigilIntellivueParser *self = VIGIL_INTELLIVUE_PARSER (parser);

  vigil_intellivue_frame_decoder_feed (&self->decoder, data, length, on_frame, self);
}

static void
vigil_intellivue_parser_reset (VigilParser *parser)
{
  VigilIntellivueParser *self = VIGIL_INTELLIVUE_PARSER (parser);

  /* The session itself is renewed by connected(). */
  vigil_intellivue_frame_decoder_init (&self->decoder);
  self->linked_pending = FALSE;
  g_array_set_size (self->linked_numerics, 0);
}

static void
vigil_intellivue_parser_finalize (GObject *object)
{
  VigilIntellivueParser *self = VIGIL_INTELLIVUE_PARSER (object);

  g_clear_pointer (&self->numerics, g_array_unref);
  g_clear_pointer (&self->linked_numerics, g_array_unref);

  G_OBJECT_CLASS (vigil_intellivue_parser_parent_class)->finalize (object);
}

static void
vigil_intellivue_parser_class_init (VigilIntellivueParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilParserClass *parser_class = VIGIL_PARSER_CLASS (klass);

  object_class->finalize = vigil_intellivue_parser_finalize;

  parser_class->feed = vigil_intellivue_parser_feed;
  parser_class->reset = vigil_intellivue_parser_reset;
  parser_class->connected = vigil_intellivue_parser_connected;
  parser_class->tick = vigil_intellivue_parser_tick;
}

static void
vigil_intellivue_parser_init (VigilIntellivueParser *self)
{
  vigil_intellivue_frame_decoder_init (&self->decoder);
  self->host_state = HOST_IDLE;
  self->numerics = g_array_new (FALSE, FALSE, sizeof (VigilIntellivueNumeric));
  self->linked_numerics = g_array_new (FALSE, FALSE, sizeof (VigilIntellivueNumeric));
  self->nibp_mean = NAN;
}

/**
 * vigil_intellivue_parser_new:
 *
 * Returns: (transfer full): a parser for the IntelliVue Data Export protocol
 */
VigilParser *
vigil_intellivue_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_INTELLIVUE_PARSER, NULL);
}

gsize
vigil_intellivue_parser_get_pending_length (VigilIntellivueParser *self)
{
  g_return_val_if_fail (VIGIL_IS_INTELLIVUE_PARSER (self), 0);

  return vigil_intellivue_frame_decoder_get_pending (&self->decoder);
}

/**
 * vigil_intellivue_parser_is_polling:
 *
 * Returns: whether the host side has confirmed the MDS create and polls
 */
gboolean
vigil_intellivue_parser_is_polling (VigilIntellivueParser *self)
{
  g_return_val_if_fail (VIGIL_IS_INTELLIVUE_PARSER (self), FALSE);

  return self->host_state == HOST_POLLING;
}
