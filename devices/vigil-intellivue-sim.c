/* vigil-intellivue-sim.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replies to what the host sends are prepared in receive() and leave with
 * the next tick(): the simulator stops ticking while the scenario keeps the
 * device silent, and a silent monitor must not answer polls either. A tick
 * is at most period_ms away, well inside the host's poll interval.
 */
#include "vigil-intellivue-sim.h"

#include <string.h>

#include "vigil-intellivue-frame.h"
#include "vigil-intellivue-message.h"

#define MODEL "MP50"

/* Object handles of the simulated numerics. */
enum
{
  HANDLE_HR = 0x0101,
  HANDLE_SPO2,
  HANDLE_PR,
  HANDLE_NIBP,
};

typedef enum
{
  SIM_IDLE,            /* not associated: silent */
  SIM_WAIT_CONFIRM,    /* accepted, MDS create sent */
  SIM_ASSOCIATED,      /* MDS create confirmed: answers polls */
} SimState;

struct _VigilIntellivueSim
{
  VigilSimProtocol             parent_instance;

  VigilIntellivueFrameDecoder  decoder;
  GByteArray                  *pending;    /* framed replies for the next tick */

  SimState   state;
  gboolean   have_sample;
  VigilScenarioSample sample;
  gint64     now_ms;
  gint64     wall_ms;

  gint64     associated_ms;
  gint64     mds_sent_ms;
  gint64     last_poll_ms;
  guint16    mds_invoke_id;
  guint16    next_invoke_id;
  guint16    sequence_no;
  guint      n_results;

  gboolean   have_nibp;
  int        nibp_sys;
  int        nibp_dia;
  int        nibp_mean;
  gint64     nibp_wall_ms;
};

G_DEFINE_FINAL_TYPE (VigilIntellivueSim, vigil_intellivue_sim, VIGIL_TYPE_SIM_PROTOCOL)

static void
queue_message (VigilIntellivueSim *self,
               GByteArray         *message)
{
  vigil_intellivue_frame_encode (self->pending, message->data, message->len);
}

/* Sends what is queued, one frame per transmit. */
static void
flush (VigilIntellivueSim *self)
{
  gsize start = 0;

  for (gsize i = 0; i < self->pending->len; i++)
    {
      if (self->pending->data[i] == VIGIL_INTELLIVUE_EOF)
        {
          vigil_sim_protocol_transmit (VIGIL_SIM_PROTOCOL (self),
                                       self->pending->data + start, i + 1 - start);
          start = i + 1;
        }
    }
  g_byte_array_set_size (self->pending, 0);
}

static void
queue_mds_create (VigilIntellivueSim *self)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();
  guint8 abs_time[VIGIL_INTELLIVUE_ABS_TIME_SIZE];

  vigil_intellivue_abs_time_from_unix_ms (self->wall_ms, abs_time);
  vigil_intellivue_build_mds_create (message, self->mds_invoke_id,
                                     (guint32) (self->now_ms * 8), abs_time, MODEL);
  queue_message (self, message);
  self->mds_sent_ms = self->now_ms;
}

static void
end_association (VigilIntellivueSim *self,
                 gboolean            send_abort)
{
  if (send_abort)
    {
      g_autoptr(GByteArray) message = g_byte_array_new ();

      vigil_intellivue_build_abort (message);
      queue_message (self, message);
    }
  self->state = SIM_IDLE;
  vigil_sim_protocol_set_streaming (VIGIL_SIM_PROTOCOL (self), FALSE);
}

static void
set_value (VigilIntellivueNumeric *nu,
           guint16                 handle,
           guint16                 physio_id,
           guint16                 unit,
           int                     value,
           gboolean                off)
{
  memset (nu, 0, sizeof *nu);
  nu->handle = handle;
  nu->n_values = 1;
  nu->values[0].physio_id = physio_id;
  nu->values[0].unit = unit;
  if (off || value == VIGIL_SCENARIO_ABSENT)
    {
      nu->values[0].state = VIGIL_INTELLIVUE_STATE_INVALID | VIGIL_INTELLIVUE_STATE_UNAVAILABLE;
      nu->values[0].value = VIGIL_INTELLIVUE_FLOAT_NAN;
    }
  else
    nu->values[0].value = vigil_intellivue_float_from_int (value);
}

static guint
collect_numerics (VigilIntellivueSim     *self,
                  VigilIntellivueNumeric *numerics)
{
  const VigilScenarioSample *s = &self->sample;
  guint n = 0;

  if (!self->have_sample)
    return 0;

  set_value (&numerics[n++], HANDLE_HR, VIGIL_INTELLIVUE_ID_HR,
             VIGIL_INTELLIVUE_UNIT_BPM, s->hr, FALSE);
  set_value (&numerics[n++], HANDLE_SPO2, VIGIL_INTELLIVUE_ID_SPO2,
             VIGIL_INTELLIVUE_UNIT_PERCENT, s->spo2, s->spo2_sensor_off);
  set_value (&numerics[n++], HANDLE_PR, VIGIL_INTELLIVUE_ID_PULSE_RATE,
             VIGIL_INTELLIVUE_UNIT_BPM, s->pr, s->spo2_sensor_off);

  /* The monitor keeps showing the last reading, with its time. */
  if (self->have_nibp)
    {
      VigilIntellivueNumeric *nu = &numerics[n++];
      const guint16 ids[3] = {
        VIGIL_INTELLIVUE_ID_NIBP_SYS, VIGIL_INTELLIVUE_ID_NIBP_DIA, VIGIL_INTELLIVUE_ID_NIBP_MEAN,
      };
      const int values[3] = { self->nibp_sys, self->nibp_dia, self->nibp_mean };

      memset (nu, 0, sizeof *nu);
      nu->handle = HANDLE_NIBP;
      nu->compound = TRUE;
      nu->n_values = 3;
      for (guint i = 0; i < 3; i++)
        {
          nu->values[i].physio_id = ids[i];
          nu->values[i].unit = VIGIL_INTELLIVUE_UNIT_MMHG;
          nu->values[i].value = vigil_intellivue_float_from_int (values[i]);
        }
      nu->has_time = TRUE;
      vigil_intellivue_abs_time_from_unix_ms (self->nibp_wall_ms, nu->abs_time);
    }
  return n;
}

static void
answer_poll (VigilIntellivueSim *self,
             guint16             invoke_id,
             guint16             poll_number,
             guint16             partition,
             guint16             code)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();
  VigilIntellivueNumeric numerics[4];
  VigilIntellivuePollReply reply = {
    .poll_number = poll_number,
    .sequence_no = self->sequence_no++,
    .rel_time = (guint32) (self->now_ms * 8),
    .obj_partition = partition,
    .obj_code = code,
  };
  guint n = 0;

  vigil_intellivue_abs_time_from_unix_ms (self->wall_ms, reply.abs_time);
  if (partition == VIGIL_INTELLIVUE_PART_OBJ && code == VIGIL_INTELLIVUE_MOC_VMO_METRIC_NU)
    n = collect_numerics (self, numerics);

  /* Now and then a result too big for one message: HR, then SpO2 and
   * PR, then the rest. */
  if (n >= 3 && ++self->n_results % VIGIL_INTELLIVUE_SIM_LINKED_EVERY == 0)
    {
      vigil_intellivue_build_poll_result (message, VIGIL_INTELLIVUE_ROLRS,
                                          VIGIL_INTELLIVUE_LINKED_FIRST, 1, invoke_id,
                                          &reply, numerics, 1);
      queue_message (self, message);
      g_byte_array_set_size (message, 0);
      vigil_intellivue_build_poll_result (message, VIGIL_INTELLIVUE_ROLRS,
                                          VIGIL_INTELLIVUE_LINKED_MIDDLE, 2, invoke_id,
                                          &reply, numerics + 1, 2);
      queue_message (self, message);
      g_byte_array_set_size (message, 0);
      vigil_intellivue_build_poll_result (message, VIGIL_INTELLIVUE_ROLRS,
                                          VIGIL_INTELLIVUE_LINKED_LAST, 3, invoke_id,
                                          &reply, numerics + 3, n - 3);
      queue_message (self, message);
      return;
    }

  vigil_intellivue_build_poll_result (message, VIGIL_INTELLIVUE_RORS, 0, 0, invoke_id,
                                      &reply, numerics, n);
  queue_message (self, message);
}

static void
handle_session (VigilIntellivueSim *self,
                guint8              type)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();

  switch (type)
    {
    case VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST:
      /* A new association replaces any old one. */
      g_byte_array_set_size (self->pending, 0);
      vigil_intellivue_build_association_accept (message);
      queue_message (self, message);
      self->state = SIM_WAIT_CONFIRM;
      self->associated_ms = self->now_ms;
      self->mds_invoke_id = self->next_invoke_id++;
      self->sequence_no = 0;
      self->n_results = 0;
      vigil_sim_protocol_set_streaming (VIGIL_SIM_PROTOCOL (self), FALSE);
      vigil_sim_protocol_note_request (VIGIL_SIM_PROTOCOL (self));
      queue_mds_create (self);
      break;

    case VIGIL_INTELLIVUE_SPDU_RELEASE_REQUEST:
      if (self->state != SIM_IDLE)
        {
          vigil_intellivue_build_release_response (message);
          queue_message (self, message);
          end_association (self, FALSE);
        }
      break;

    case VIGIL_INTELLIVUE_SPDU_ABORT:
      end_association (self, FALSE);
      break;

    default:
      break;
    }
}

static void
handle_remote_op (VigilIntellivueSim *self,
                  const guint8       *data,
                  gsize               length)
{
  VigilIntellivueRemoteOp op;
  const char *reason = NULL;

  if (self->state == SIM_IDLE ||
      !vigil_intellivue_parse_remote_op (data, length, &op, &reason))
    return;

  if (op.ro_type == VIGIL_INTELLIVUE_RORS &&
      op.command_type == VIGIL_INTELLIVUE_CMD_CONFIRMED_EVENT_REPORT &&
      self->state == SIM_WAIT_CONFIRM && op.invoke_id == self->mds_invoke_id)
    {
      self->state = SIM_ASSOCIATED;
      self->last_poll_ms = self->now_ms;
      return;
    }

  if (op.ro_type == VIGIL_INTELLIVUE_ROIV &&
      op.command_type == VIGIL_INTELLIVUE_CMD_CONFIRMED_ACTION &&
      self->state == SIM_ASSOCIATED)
    {
      guint16 poll_number, partition, code;
      guint32 period;

      if (!vigil_intellivue_parse_poll_request (op.body, op.body_length, &poll_number,
                                                &partition, &code, &period, &reason))
        return;
      self->last_poll_ms = self->now_ms;
      vigil_sim_protocol_set_streaming (VIGIL_SIM_PROTOCOL (self), TRUE);
      answer_poll (self, op.invoke_id, poll_number, partition, code);
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
  VigilIntellivueSim *self = callback_data;
  const char *reason = NULL;
  guint8 type;

  /* The monitor drops what it cannot read. */
  if (status != VIGIL_INTELLIVUE_FRAME_OK || user_length == 0)
    return;

  if (user_data[0] == (VIGIL_INTELLIVUE_SESSION_ID >> 8))
    handle_remote_op (self, user_data, user_length);
  else if (vigil_intellivue_parse_spdu (user_data, user_length, &type, &reason))
    handle_session (self, type);
}

static void
vigil_intellivue_sim_receive (VigilSimProtocol *sim,
                              const guint8     *data,
                              gsize             length)
{
  VigilIntellivueSim *self = VIGIL_INTELLIVUE_SIM (sim);

  vigil_intellivue_frame_decoder_feed (&self->decoder, data, length, on_frame, self);
}

static void
vigil_intellivue_sim_tick (VigilSimProtocol          *sim,
                           const VigilScenarioSample *sample,
                           gint64                     wall_ms)
{
  VigilIntellivueSim *self = VIGIL_INTELLIVUE_SIM (sim);

  self->sample = *sample;
  self->have_sample = TRUE;
  self->now_ms = sample->elapsed_ms;
  self->wall_ms = wall_ms;

  if (sample->nibp == VIGIL_SCENARIO_NIBP_READING)
    {
      self->have_nibp = TRUE;
      self->nibp_sys = sample->nibp_sys;
      self->nibp_dia = sample->nibp_dia;
      self->nibp_mean = sample->nibp_mean;
      self->nibp_wall_ms = wall_ms - (sample->elapsed_ms - sample->nibp_ms);
    }

  switch (self->state)
    {
    case SIM_IDLE:
      break;

    case SIM_WAIT_CONFIRM:
      if (self->now_ms - self->associated_ms >= VIGIL_INTELLIVUE_SIM_CONFIRM_TIMEOUT_MS)
        end_association (self, TRUE);
      else if (self->now_ms - self->mds_sent_ms >= VIGIL_INTELLIVUE_SIM_MDS_REPEAT_MS)
        queue_mds_create (self);
      break;

    case SIM_ASSOCIATED:
      if (self->now_ms - self->last_poll_ms > VIGIL_INTELLIVUE_SIM_ASSOC_TIMEOUT_MS)
        end_association (self, TRUE);
      break;

    default:
      g_assert_not_reached ();
    }

  flush (self);
}

static void
vigil_intellivue_sim_reset (VigilSimProtocol *sim)
{
  VigilIntellivueSim *self = VIGIL_INTELLIVUE_SIM (sim);

  vigil_intellivue_frame_decoder_init (&self->decoder);
  g_byte_array_set_size (self->pending, 0);
  self->state = SIM_IDLE;
  vigil_sim_protocol_set_streaming (sim, FALSE);
}

static void
vigil_intellivue_sim_finalize (GObject *object)
{
  VigilIntellivueSim *self = VIGIL_INTELLIVUE_SIM (object);

  g_clear_pointer (&self->pending, g_byte_array_unref);

  G_OBJECT_CLASS (vigil_intellivue_sim_parent_class)->finalize (object);
}

static void
vigil_intellivue_sim_class_init (VigilIntellivueSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilSimProtocolClass *sim_class = VIGIL_SIM_PROTOCOL_CLASS (klass);

  object_class->finalize = vigil_intellivue_sim_finalize;

  sim_class->period_ms = 250;
  sim_class->receive = vigil_intellivue_sim_receive;
  sim_class->tick = vigil_intellivue_sim_tick;
  sim_class->reset = vigil_intellivue_sim_reset;
}

static void
vigil_intellivue_sim_init (VigilIntellivueSim *self)
{
  vigil_intellivue_frame_decoder_init (&self->decoder);
  self->pending = g_byte_array_new ();
  self->state = SIM_IDLE;
  self->next_invoke_id = 1;
}

VigilSimProtocol *
vigil_intellivue_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_INTELLIVUE_SIM, NULL);
}
