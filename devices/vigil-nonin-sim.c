/* vigil-nonin-sim.c — the device side of Nonin data formats 8 and 7
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams from power-on in data format 8 (a frame a second). A valid
 * format command `02 70 02 02 <07|08> 03` is answered with ACK and switches
 * the format (format 7: 75 frames a second, 3 frames every 40 ms tick, 25
 * to a packet); anything else the host sends is answered with NAK. Pulling
 * the cable forgets a half-received command but not the format, which the
 * device keeps.
 *
 * Format 7 carries a synthetic pleth at the scenario's pulse rate: a steep
 * systolic upstroke, a dicrotic notch and a smaller dicrotic wave, flat
 * while the sensor is off. The FLOAT byte of frames other than 1-3, 8, 9,
 * 20 and 21 is sent as 0, and STAT2 (frame 8) is always 0.
 */
#include "vigil-nonin-sim.h"

#include <math.h>

#include "vigil-nonin-protocol.h"

#define PERIOD_MS             40
#define DF7_FRAMES_PER_TICK   (VIGIL_NONIN_DF7_RATE_HZ * PERIOD_MS / 1000)
/* The perfusion bits light for about 160 ms from each beat. */
#define PERFUSION_FRAMES      12
/* Pleth counts: a baseline and a beat's height in the 16-bit range. */
#define PLETH_BASE            12000.0
#define PLETH_HEIGHT          40000.0
#define DEFAULT_RATE          60.0

struct _VigilNoninSim
{
  VigilSimProtocol parent_instance;

  guint    format;
  guint8   command[VIGIL_NONIN_COMMAND_LENGTH];
  gsize    command_length;

  guint    frame_number;       /* of the next format 7 frame, 1..25 */
  gint64   last_second;        /* of the last format 8 frame, -1 for none */
  double   phase;              /* 0..1 through the current beat */
  double   rate;               /* the pleth's beat rate, /min */
  guint    frames_since_beat;
};

G_DEFINE_FINAL_TYPE (VigilNoninSim, vigil_nonin_sim, VIGIL_TYPE_SIM_PROTOCOL)

typedef struct
{
  guint    hr;
  guint    spo2;
  gboolean sensor_off;
  gboolean searching;  /* sensor on but no pulse found: out of track */
} Reading;

static void
read_sample (const VigilScenarioSample *sample,
             Reading                   *out)
{
  out->sensor_off = sample->spo2_sensor_off;
  out->searching = !out->sensor_off &&
                   (sample->pr == VIGIL_SCENARIO_ABSENT || sample->spo2 == VIGIL_SCENARIO_ABSENT);
  if (out->sensor_off || sample->pr == VIGIL_SCENARIO_ABSENT)
    out->hr = VIGIL_NONIN_MISSING_HR;
  else
    out->hr = (guint) CLAMP (sample->pr, 0, VIGIL_NONIN_MISSING_HR - 1);
  if (out->sensor_off || sample->spo2 == VIGIL_SCENARIO_ABSENT)
    out->spo2 = VIGIL_NONIN_MISSING_SPO2;
  else
    out->spo2 = (guint) CLAMP (sample->spo2, 0, 100);
}

/* One beat's shape at phase 0..1, about 0..1 high. */
static double
pleth_shape (double phase)
{
  double rise = phase < 0.16 ? 0.06 : 0.14;  /* steep up, slower down */
  double systolic = exp (-pow ((phase - 0.16) / rise, 2));
  double dicrotic = 0.3 * exp (-pow ((phase - 0.45) / 0.07, 2));

  return systolic + dicrotic;
}

static void
send_df8_frame (VigilNoninSim *self,
                const Reading *reading)
{
  guint8 frame[VIGIL_NONIN_DF8_FRAME_LENGTH];

  frame[0] = VIGIL_NONIN_FRAME_BIT | vigil_nonin_hr_high_bits (reading->hr);
  if (reading->searching)
    frame[0] |= VIGIL_NONIN_DF8_OOT;
  frame[1] = vigil_nonin_hr_low_bits (reading->hr);
  frame[2] = (guint8) reading->spo2;
  frame[3] = reading->sensor_off ? VIGIL_NONIN_DF8_SNSF : 0;
  vigil_sim_protocol_transmit (VIGIL_SIM_PROTOCOL (self), frame, sizeof frame);
}

static guint8
df7_float (guint          frame_number,
           const Reading *reading)
{
  switch (frame_number)
    {
    case VIGIL_NONIN_DF7_HR_MSB:
    case VIGIL_NONIN_DF7_HR_DISPLAY_MSB:
      return vigil_nonin_hr_high_bits (reading->hr);
    case VIGIL_NONIN_DF7_HR_LSB:
    case VIGIL_NONIN_DF7_HR_DISPLAY_LSB:
      return vigil_nonin_hr_low_bits (reading->hr);
    case VIGIL_NONIN_DF7_SPO2:
    case VIGIL_NONIN_DF7_SPO2_DISPLAY:
      return (guint8) reading->spo2;
    default:
      return 0;
    }
}

static void
send_df7_frame (VigilNoninSim *self,
                const Reading *reading)
{
  guint8 frame[VIGIL_NONIN_DF7_FRAME_LENGTH];
  guint pleth = 0;

  /* The beat runs on even while the pulse is lost, so it resumes smoothly. */
  self->phase += self->rate / 60.0 / VIGIL_NONIN_DF7_RATE_HZ;
  self->frames_since_beat++;
  if (self->phase >= 1.0)
    {
      self->phase -= floor (self->phase);
      self->frames_since_beat = 0;
    }

  frame[0] = VIGIL_NONIN_FRAME_BIT;
  if (self->frame_number == 1)
    frame[0] |= VIGIL_NONIN_DF7_SYNC;
  if (reading->sensor_off)
    frame[0] |= VIGIL_NONIN_DF7_SNSA;
  else if (reading->searching)
    {
      frame[0] |= VIGIL_NONIN_DF7_OOT;
      pleth = (guint) PLETH_BASE;
    }
  else
    {
      if (self->frames_since_beat < PERFUSION_FRAMES)
        frame[0] |= VIGIL_NONIN_DF7_PERFUSION_GREEN;
      pleth = (guint) CLAMP (PLETH_BASE + PLETH_HEIGHT * pleth_shape (self->phase), 0.0, 65535.0);
    }
  frame[1] = (guint8) (pleth >> 8);
  frame[2] = (guint8) (pleth & 0xff);
  frame[3] = df7_float (self->frame_number, reading);
  frame[4] = vigil_nonin_checksum (frame);
  vigil_sim_protocol_transmit (VIGIL_SIM_PROTOCOL (self), frame, sizeof frame);

  self->frame_number = self->frame_number % VIGIL_NONIN_DF7_FRAMES_PER_PACKET + 1;
}

static void
vigil_nonin_sim_tick (VigilSimProtocol          *sim,
                      const VigilScenarioSample *sample,
                      gint64                     wall_ms)
{
  VigilNoninSim *self = VIGIL_NONIN_SIM (sim);
  Reading reading;

  read_sample (sample, &reading);
  if (reading.hr != VIGIL_NONIN_MISSING_HR && reading.hr > 0)
    self->rate = reading.hr;

  if (self->format == VIGIL_NONIN_FORMAT_8)
    {
      gint64 second = sample->elapsed_ms / 1000;

      if (second != self->last_second)
        {
          self->last_second = second;
          send_df8_frame (self, &reading);
        }
      return;
    }

  for (guint i = 0; i < DF7_FRAMES_PER_TICK; i++)
    send_df7_frame (self, &reading);
}

static void
reply (VigilNoninSim *self,
       guint8         byte)
{
  vigil_sim_protocol_transmit (VIGIL_SIM_PROTOCOL (self), &byte, 1);
}

static void
accept_format (VigilNoninSim *self,
               guint          format)
{
  reply (self, VIGIL_NONIN_ACK);
  vigil_sim_protocol_note_request (VIGIL_SIM_PROTOCOL (self));
  if (format == self->format)
    return;
  self->format = format;
  /* A new format starts cleanly: a packet from its SYNC frame, a format 8
   * frame at the next tick. */
  self->frame_number = 1;
  self->last_second = -1;
}

static void
vigil_nonin_sim_receive (VigilSimProtocol *sim,
                         const guint8     *data,
                         gsize             length)
{
  VigilNoninSim *self = VIGIL_NONIN_SIM (sim);
  static const guint8 expected[VIGIL_NONIN_COMMAND_LENGTH] = {
    VIGIL_NONIN_STX, VIGIL_NONIN_OP_DATA_FORMAT, 0x02, 0x02, 0x00, VIGIL_NONIN_ETX,
  };

  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = data[i];
      gsize pos = self->command_length;
      gboolean ok;

      /* Byte 4 is the format, checked once the command is complete. */
      ok = pos == 4 || byte == expected[pos];
      if (!ok)
        {
          reply (self, VIGIL_NONIN_NAK);
          self->command_length = 0;
          /* A new command may begin right here. */
          if (byte == VIGIL_NONIN_STX)
            self->command[self->command_length++] = byte;
          continue;
        }

      self->command[self->command_length++] = byte;
      if (self->command_length < VIGIL_NONIN_COMMAND_LENGTH)
        continue;

      self->command_length = 0;
      if (self->command[4] == VIGIL_NONIN_FORMAT_7 || self->command[4] == VIGIL_NONIN_FORMAT_8)
        accept_format (self, self->command[4]);
      else
        reply (self, VIGIL_NONIN_NAK);
    }
}

static void
vigil_nonin_sim_reset (VigilSimProtocol *sim)
{
  VigilNoninSim *self = VIGIL_NONIN_SIM (sim);

  /* The format survives: the device keeps the host's choice. */
  self->command_length = 0;
}

static void
vigil_nonin_sim_class_init (VigilNoninSimClass *klass)
{
  VigilSimProtocolClass *sim_class = VIGIL_SIM_PROTOCOL_CLASS (klass);

  sim_class->period_ms = PERIOD_MS;
  sim_class->tick = vigil_nonin_sim_tick;
  sim_class->receive = vigil_nonin_sim_receive;
  sim_class->reset = vigil_nonin_sim_reset;
}

static void
vigil_nonin_sim_init (VigilNoninSim *self)
{
  self->format = VIGIL_NONIN_FORMAT_8;
  self->frame_number = 1;
  self->last_second = -1;
  self->rate = DEFAULT_RATE;
  vigil_sim_protocol_set_streaming (VIGIL_SIM_PROTOCOL (self), TRUE);
}

/**
 * vigil_nonin_sim_new:
 *
 * A simulated Nonin oximeter, streaming data format 8 from power-on.
 *
 * Returns: (transfer full): a new simulated device
 */
VigilSimProtocol *
vigil_nonin_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_NONIN_SIM, NULL);
}

/**
 * vigil_nonin_sim_get_format:
 *
 * Returns: the data format the device sends now, 7 or 8
 */
guint
vigil_nonin_sim_get_format (VigilNoninSim *self)
{
  g_return_val_if_fail (VIGIL_IS_NONIN_SIM (self), 0);

  return self->format;
}
