/* vigil-nonin-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bytes go into a small buffer and a state machine cuts frames from its
 * front. Every decision reads only bytes already fed and waits when it
 * needs more, so the split of the input never changes the result.
 *
 * Finding frames (SEARCH): data format 7 wins when three frames in a row
 * start with bit 7, carry a right checksum and at most one SYNC; otherwise
 * data format 8 when two frames in a row have bit 7 set in byte 1 only,
 * and the bytes around them do not also read as format 7 (a format 7
 * pleth can look like format 8 for a few bytes; the reverse cannot hold
 * over two frames). Reply bytes (ACK, NAK) may sit between two frames.
 * Format 8 is four bytes and then a second of silence, so on a live link
 * (bytes with a time, see vigil_parser_set_now()) each of its frames must
 * also start at least half a second after the one before ended, and the
 * lock waits for the silence after its second frame: a line at the wrong
 * speed turns the bytes into a regular pattern (80 00 00 00 …) that reads
 * as format 8 frames back to back, and its numbers must never show as the
 * patient's.
 *
 * Numbers: format 8 once a frame. Format 7 once a packet, from the
 * display values (frame 9 SpO2, frames 20/21 HR), which are what the
 * device itself shows; the 4-beat averages of frames 1-3 are not used.
 * Status bits of all 25 frames of a packet count for its numbers, since
 * the perfusion and artifact bits light only with the pulse. Nonin's "HR"
 * is the oximeter's pulse, so it is reported as the pulse rate. Frame 8
 * (STAT2) is not decoded: PROTOCOLS.md gives no bits for it.
 *
 * Pleth: one sample a format 7 frame, value = (MSB << 8 | LSB) / 65535,
 * the device's full 16-bit range mapped onto 0..1; NAN while the frame
 * flags a sensor alarm; artifact when it flags artifact or out of track.
 *
 * Bad frames are all counted (vigil_parser_get_frames_bad()) but reported
 * once a burst: a burst ends after a second of good frames.
 */
#include "vigil-nonin-parser.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vigil-nonin-protocol.h"

typedef enum
{
  MODE_SEARCH,
  MODE_DF7,
  MODE_DF8,
} Mode;

typedef enum
{
  CHECK_OK,
  CHECK_BAD,
  CHECK_MORE,  /* cannot tell before more bytes arrive */
} Check;

/* What a frame or a packet says about the measurement. */
typedef enum
{
  COND_SENSOR_OFF       = 1 << 0,
  COND_OUT_OF_TRACK     = 1 << 1,
  COND_LOW_PERFUSION    = 1 << 2,
  COND_ARTIFACT         = 1 << 3,
  COND_MARGINAL         = 1 << 4,
  COND_BATTERY_LOW      = 1 << 5,
  COND_BATTERY_CRITICAL = 1 << 6,
} Condition;

#define COND_SIGNAL_POOR (COND_OUT_OF_TRACK | COND_LOW_PERFUSION | COND_ARTIFACT | COND_MARGINAL)

/* The longest look-ahead is three format 7 frames with two reply bytes
 * between each: 19 bytes. */
#define BUFFER_SIZE        32
#define MAX_GAP_REPLIES    2
#define DF7_LOCK_FRAMES    3
/* Skipped quietly after a reset or a format change: the rest of a frame
 * cut in two, or a format 8 frame whose neighbours looked ambiguous. */
#define QUIET_SKIP         8
/* Format 8 frames come a second apart: a shorter silence between two
 * means they are not format 8. */
#define DF8_MIN_GAP_US     (500 * G_TIME_SPAN_MILLISECOND)
#define NOISE_SIZE         64
/* Nonin's HR is 9 bits; above this no pulse is plausible. */
#define PULSE_RATE_MAX     350
#define SPO2_MAX           100

/* Host side timings. */
#define FALLBACK_DELAY_US  (500 * G_TIME_SPAN_MILLISECOND)
#define REPLY_TIMEOUT_US   (2 * G_TIME_SPAN_SECOND)
#define MAX_ATTEMPTS       3

struct _VigilNoninParser
{
  VigilParser parent_instance;

  Mode        mode;
  guint8      buffer[BUFFER_SIZE];
  gint64      arrival[BUFFER_SIZE];  /* when each byte came; -1: no time */
  gsize       length;
  gint64      last_df8_us;     /* when the last format 8 frame ended; -1: none */
  gboolean    have_previous;   /* the byte just before buffer[0] is known */
  guint8      previous;

  /* Bad-frame accounting. */
  guint       quiet_left;
  gboolean    noise_counted;   /* the bytes being skipped are already counted */
  gboolean    in_burst;        /* an error was reported; the next ones are only counted */
  guint       good_streak;
  guint8      noise[NOISE_SIZE];
  gsize       noise_length;

  /* The format 7 packet being read: frame number 1..25 of the last frame,
   * 0 while waiting for SYNC. */
  guint       frame_number;
  guint8      floats[VIGIL_NONIN_DF7_FRAMES_PER_PACKET + 1];
  guint       packet_conditions;

  /* Kept across reset(): whoever raised an alarm must hear it clear. */
  gboolean    sensor_off;
  gboolean    signal_poor;
  gboolean    battery_low;
  gboolean    battery_critical;
  gboolean    df7_refusal_reported;

  /* Host side. */
  gboolean    commanded;       /* a command was ever sent */
  guint       pending_format;  /* the command awaiting a reply, 0 if none */
  guint       attempts;
  gint64      sent_us;
  gboolean    fallback_due;    /* format 7 was refused: ask for format 8 */
  gint64      fallback_armed_us;
  gboolean    df7_since_nak;
};

G_DEFINE_FINAL_TYPE (VigilNoninParser, vigil_nonin_parser, VIGIL_TYPE_PARSER)

static gboolean
is_reply (guint8 byte)
{
  return byte == VIGIL_NONIN_ACK || byte == VIGIL_NONIN_NAK;
}

static void
emit_technical (VigilNoninParser   *self,
                VigilTechnicalKind  kind,
                int                 parameter,
                const char         *message)
{
  g_autoptr(VigilTechnicalEvent) event = vigil_technical_event_new (kind, parameter, message);

  vigil_parser_emit_event (VIGIL_PARSER (self), event);
}

/* ---- bytes in the buffer ---- */

static void
consume (VigilNoninParser *self,
         gsize             n)
{
  g_assert (n > 0 && n <= self->length);

  self->previous = self->buffer[n - 1];
  self->have_previous = TRUE;
  memmove (self->buffer, self->buffer + n, self->length - n);
  memmove (self->arrival, self->arrival + n, (self->length - n) * sizeof self->arrival[0]);
  self->length -= n;
}

static void
flush_noise (VigilNoninParser *self)
{
  if (self->noise_length == 0)
    return;
  vigil_parser_emit_frame (VIGIL_PARSER (self), self->noise, self->noise_length,
                           FALSE, "skipped bytes");
  self->noise_length = 0;
}

/* ---- bad frames: all counted, one event a burst ---- */

static void
report_bad (VigilNoninParser *self,
            const char       *message)
{
  self->good_streak = 0;
  if (self->in_burst)
    {
      vigil_parser_count_bad_frame (VIGIL_PARSER (self));
      return;
    }
  self->in_burst = TRUE;
  vigil_parser_emit_frame_error (VIGIL_PARSER (self), message);
}

static void
count_good_frame (VigilNoninParser *self)
{
  /* A second's worth of good frames ends a burst of errors. */
  guint per_second = self->mode == MODE_DF7 ? VIGIL_NONIN_DF7_RATE_HZ : 1;

  vigil_parser_count_frame (VIGIL_PARSER (self));
  self->noise_counted = FALSE;
  self->quiet_left = 0;
  self->good_streak++;
  if (self->in_burst && self->good_streak >= per_second)
    self->in_burst = FALSE;
}

static void
lose_sync (VigilNoninParser *self,
           const char       *message)
{
  report_bad (self, message);
  self->mode = MODE_SEARCH;
  self->frame_number = 0;
  /* The bytes about to be skipped belong to this bad frame. */
  self->noise_counted = TRUE;
  self->quiet_left = 0;
}

static void
skip_byte (VigilNoninParser *self)
{
  guint8 byte = self->buffer[0];

  consume (self, 1);
  if (self->noise_length == NOISE_SIZE)
    flush_noise (self);
  self->noise[self->noise_length++] = byte;

  if (self->quiet_left > 0)
    self->quiet_left--;
  else if (!self->noise_counted)
    {
      self->noise_counted = TRUE;
      report_bad (self, _("Ignored bytes from the Nonin oximeter that are not frames. "
                          "Check the cable, that the port runs at 9600 baud and that "
                          "the oximeter sends data format 7 or 8."));
    }
}

static void
start_search (VigilNoninParser *self)
{
  self->mode = MODE_SEARCH;
  self->frame_number = 0;
  self->quiet_left = QUIET_SKIP;
  self->noise_counted = FALSE;
}

/* ---- host side ---- */

static void
send_command (VigilNoninParser *self,
              guint             format,
              gint64            now_us,
              gboolean          retry)
{
  guint8 command[VIGIL_NONIN_COMMAND_LENGTH];

  vigil_nonin_format_command ((guint8) format, command);
  self->commanded = TRUE;
  self->attempts = retry ? self->attempts + 1 : 1;
  self->pending_format = format;
  self->sent_us = now_us;
  vigil_parser_transmit (VIGIL_PARSER (self), command, sizeof command);
}

static void
handle_ack (VigilNoninParser *self)
{
  guint format = self->pending_format;

  self->pending_format = 0;
  /* The stream keeps its framing only when the device confirms the
   * format it is already sending; otherwise it may switch right here. */
  if ((format == VIGIL_NONIN_FORMAT_7 && self->mode == MODE_DF7) ||
      (format == VIGIL_NONIN_FORMAT_8 && self->mode == MODE_DF8))
    return;
  start_search (self);
}

static void
handle_nak (VigilNoninParser *self)
{
  guint format = self->pending_format;

  self->pending_format = 0;
  if (format == VIGIL_NONIN_FORMAT_7)
    {
      /* Asked again on every reconnect: say it once. */
      if (!self->df7_refusal_reported)
        emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                        _("The Nonin oximeter refused data format 7 (numbers with the "
                          "pleth). Vigil asks for data format 8 instead: numbers "
                          "without the pleth."));
      self->df7_refusal_reported = TRUE;
      self->fallback_due = TRUE;
      self->fallback_armed_us = -1;
      self->df7_since_nak = FALSE;
    }
  else if (format == VIGIL_NONIN_FORMAT_8)
    emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                    _("The Nonin oximeter refused data format 8 as well. Set the "
                      "oximeter to send data format 7 or 8 (see its manual)."));
  else if (!self->commanded)
    /* Seen in a capture, or sent by another program. Once this host has
     * asked, only the first answer to each command counts: a garbled
     * command can draw several NAKs. */
    emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                    _("The Nonin oximeter refused a data format command. If no "
                      "numbers appear, set it to send data format 7 or 8."));
}

static void
take_reply (VigilNoninParser *self)
{
  guint8 byte = self->buffer[0];

  flush_noise (self);
  consume (self, 1);
  vigil_parser_emit_frame (VIGIL_PARSER (self), &byte, 1, TRUE,
                           byte == VIGIL_NONIN_ACK ? "ACK" : "NAK");
  /* Not counted as a good frame: the reply proves the wire, not that the
   * oximeter measures, and counting it would end a link-lost alarm every
   * time the host asks a hung device again. */
  self->noise_counted = FALSE;

  if (byte == VIGIL_NONIN_ACK)
    handle_ack (self);
  else
    handle_nak (self);
}

/* ---- numbers ---- */

static const char *
signal_poor_message (guint conditions)
{
  if (conditions & COND_OUT_OF_TRACK)
    return _("SpO2: the Nonin oximeter has lost track of the pulse; its values are "
             "questionable. Check the probe's position and keep the hand still.");
  if (conditions & COND_LOW_PERFUSION)
    return _("SpO2: low perfusion at the Nonin probe; its values are questionable. "
             "Warm the hand or move the probe to another finger.");
  if (conditions & COND_ARTIFACT)
    return _("SpO2: motion or other artifact at the Nonin probe; its values are "
             "questionable. Keep the hand still and check the probe.");
  if (conditions & COND_MARGINAL)
    return _("SpO2: marginal perfusion at the Nonin probe; its values are "
             "questionable. Check the probe's position.");
  return NULL;
}

static void
set_value (VigilObservation *obs,
           gboolean          valid,
           guint             value,
           gboolean          questionable)
{
  /* A sentinel or an impossible number is absent: NAN, not valid. */
  if (!valid)
    return;
  obs->value = value;
  obs->quality = VIGIL_QUALITY_VALID;
  if (questionable)
    obs->quality |= VIGIL_QUALITY_QUESTIONABLE;
}

static void
emit_numbers (VigilNoninParser *self,
              guint             hr,
              guint             spo2,
              guint             conditions,
              gboolean          battery_known)
{
  VigilObservation spo2_obs;
  VigilObservation pr_obs;
  gboolean low = (conditions & COND_BATTERY_LOW) != 0;
  gboolean critical = (conditions & COND_BATTERY_CRITICAL) != 0;

  vigil_observation_init (&spo2_obs, VIGIL_PARAMETER_SPO2);
  vigil_observation_init (&pr_obs, VIGIL_PARAMETER_PULSE_RATE);

  if (conditions & COND_SENSOR_OFF)
    {
      if (!self->sensor_off)
        {
          self->sensor_off = TRUE;
          emit_technical (self, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_PARAMETER_SPO2,
                          _("SpO2: the Nonin oximeter reports its sensor off or faulty. "
                            "Check that the finger probe is on the patient and plugged in."));
        }
      spo2_obs.quality = VIGIL_QUALITY_SENSOR_OFF;
      pr_obs.quality = VIGIL_QUALITY_SENSOR_OFF;
    }
  else
    {
      const char *poor = signal_poor_message (conditions);

      if (self->sensor_off)
        {
          self->sensor_off = FALSE;
          emit_technical (self, VIGIL_TECHNICAL_SENSOR_ON, VIGIL_PARAMETER_SPO2,
                          _("SpO2: the Nonin oximeter's sensor is working again."));
        }
      /* Signal quality means nothing while the sensor is off. */
      if (poor != NULL && !self->signal_poor)
        {
          self->signal_poor = TRUE;
          emit_technical (self, VIGIL_TECHNICAL_SIGNAL_POOR, VIGIL_PARAMETER_SPO2, poor);
        }
      else if (poor == NULL && self->signal_poor)
        {
          self->signal_poor = FALSE;
          emit_technical (self, VIGIL_TECHNICAL_SIGNAL_GOOD, VIGIL_PARAMETER_SPO2,
                          _("SpO2: the Nonin oximeter's signal is good again."));
        }
      set_value (&spo2_obs, spo2 <= SPO2_MAX, spo2, poor != NULL);
      set_value (&pr_obs, hr <= PULSE_RATE_MAX, hr, poor != NULL);
    }

  /* Format 7's STAT2 is not decoded: only format 8 tells the battery. */
  if (battery_known)
    {
      if (critical && !self->battery_critical)
        emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                        _("The Nonin oximeter's battery is almost empty: it is about to "
                          "switch off. Replace or charge its batteries now."));
      else if (low && !critical && !self->battery_low)
        emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                        _("The Nonin oximeter's battery is low. Replace or charge its "
                          "batteries soon."));
      self->battery_critical = critical;
      self->battery_low = low || critical;
    }

  vigil_parser_emit_observation (VIGIL_PARSER (self), &spo2_obs);
  vigil_parser_emit_observation (VIGIL_PARSER (self), &pr_obs);
}

/* ---- data format 8 ---- */

static void
handle_df8_frame (VigilNoninParser *self,
                  const guint8     *frame)
{
  guint8 status = frame[0];
  guint8 status2 = frame[3];
  guint conditions = 0;

  if ((status & VIGIL_NONIN_DF8_SNSD) || (status2 & VIGIL_NONIN_DF8_SNSF))
    conditions |= COND_SENSOR_OFF;
  if (status & VIGIL_NONIN_DF8_OOT)
    conditions |= COND_OUT_OF_TRACK;
  if (status & VIGIL_NONIN_DF8_LPRF)
    conditions |= COND_LOW_PERFUSION;
  if (status & VIGIL_NONIN_DF8_MPRF)
    conditions |= COND_MARGINAL;
  if (status & VIGIL_NONIN_DF8_ARTF)
    conditions |= COND_ARTIFACT;
  if (status2 & VIGIL_NONIN_DF8_BATTERY_LOW)
    conditions |= COND_BATTERY_LOW;
  if (status2 & VIGIL_NONIN_DF8_BATTERY_CRITICAL)
    conditions |= COND_BATTERY_CRITICAL;

  emit_numbers (self, vigil_nonin_decode_hr (status, frame[1]), frame[2], conditions, TRUE);
}

static Check
check_df8_frame (const guint8 *buffer,
                 gsize         length,
                 gsize         pos)
{
  for (gsize i = 0; i < VIGIL_NONIN_DF8_FRAME_LENGTH; i++)
    {
      gboolean frame_bit;

      if (pos + i >= length)
        return CHECK_MORE;
      frame_bit = (buffer[pos + i] & VIGIL_NONIN_FRAME_BIT) != 0;
      if (frame_bit != (i == 0))
        return CHECK_BAD;
    }
  return CHECK_OK;
}

/* Whether bytes that came at @next_us follow a format 8 frame that ended
 * at @end_us too soon; bytes without a time cannot tell. */
static gboolean
too_soon_for_df8 (gint64 end_us,
                  gint64 next_us)
{
  return end_us >= 0 && next_us >= 0 && next_us - end_us < DF8_MIN_GAP_US;
}

static gboolean
df8_step (VigilNoninParser *self)
{
  guint8 frame[VIGIL_NONIN_DF8_FRAME_LENGTH];

  if (self->length == 0)
    return FALSE;
  if (is_reply (self->buffer[0]))
    {
      take_reply (self);
      return TRUE;
    }

  switch (check_df8_frame (self->buffer, self->length, 0))
    {
    case CHECK_MORE:
      return FALSE;
    case CHECK_BAD:
      lose_sync (self, _("Lost the frame boundaries in data format 8 from the Nonin "
                         "oximeter; finding them again. If this keeps happening, check "
                         "the cable and that the port runs at 9600 baud."));
      return TRUE;
    case CHECK_OK:
    default:
      break;
    }

  if (too_soon_for_df8 (self->last_df8_us, self->arrival[0]))
    {
      lose_sync (self, _("Frames in data format 8 from the Nonin oximeter came faster "
                         "than once a second, so they are not data format 8; finding the "
                         "frames again. Check that the port runs at 9600 baud."));
      return TRUE;
    }
  self->last_df8_us = self->arrival[VIGIL_NONIN_DF8_FRAME_LENGTH - 1];

  memcpy (frame, self->buffer, sizeof frame);
  flush_noise (self);
  consume (self, sizeof frame);
  vigil_parser_emit_frame (VIGIL_PARSER (self), frame, sizeof frame, TRUE, "data format 8");
  count_good_frame (self);
  handle_df8_frame (self, frame);
  return TRUE;
}

/* ---- data format 7 ---- */

static guint
df7_conditions (guint8 status)
{
  guint conditions = 0;

  if (status & (VIGIL_NONIN_DF7_SNSA | VIGIL_NONIN_DF7_SNSD))
    conditions |= COND_SENSOR_OFF;
  if (status & VIGIL_NONIN_DF7_OOT)
    conditions |= COND_OUT_OF_TRACK;
  if (status & VIGIL_NONIN_DF7_ARTF)
    conditions |= COND_ARTIFACT;
  switch (status & VIGIL_NONIN_DF7_PERFUSION_MASK)
    {
    case VIGIL_NONIN_DF7_PERFUSION_RED:
      conditions |= COND_LOW_PERFUSION;
      break;
    case VIGIL_NONIN_DF7_PERFUSION_YELLOW:
      conditions |= COND_MARGINAL;
      break;
    default:
      break;
    }
  return conditions;
}

static void
packet_out_of_step (VigilNoninParser *self)
{
  report_bad (self, _("A data packet from the Nonin oximeter was out of step (its "
                      "SYNC frame was missing or early); its numbers were dropped. "
                      "If this keeps happening, check the cable."));
}

static void
handle_df7_frame (VigilNoninParser *self,
                  const guint8     *frame)
{
  guint8 status = frame[0];
  VigilWaveformSample sample = { 0 };
  guint hr;

  sample.rate_hz = VIGIL_NONIN_DF7_RATE_HZ;
  sample.artifact = (status & (VIGIL_NONIN_DF7_ARTF | VIGIL_NONIN_DF7_OOT)) != 0;
  if (status & (VIGIL_NONIN_DF7_SNSA | VIGIL_NONIN_DF7_SNSD))
    sample.value = NAN;
  else
    sample.value = (double) (((guint) frame[1] << 8) | frame[2]) / 65535.0;
  vigil_parser_emit_waveform (VIGIL_PARSER (self), &sample);

  if (status & VIGIL_NONIN_DF7_SYNC)
    {
      if (self->frame_number >= 1 && self->frame_number < VIGIL_NONIN_DF7_FRAMES_PER_PACKET)
        packet_out_of_step (self);
      self->frame_number = 1;
      self->packet_conditions = 0;
      memset (self->floats, 0, sizeof self->floats);
    }
  else if (self->frame_number == 0)
    return;
  else if (self->frame_number == VIGIL_NONIN_DF7_FRAMES_PER_PACKET)
    {
      packet_out_of_step (self);
      self->frame_number = 0;
      return;
    }
  else
    self->frame_number++;

  self->floats[self->frame_number] = frame[3];
  self->packet_conditions |= df7_conditions (status);
  if (self->frame_number < VIGIL_NONIN_DF7_FRAMES_PER_PACKET)
    return;

  hr = vigil_nonin_decode_hr (self->floats[VIGIL_NONIN_DF7_HR_DISPLAY_MSB],
                              self->floats[VIGIL_NONIN_DF7_HR_DISPLAY_LSB]);
  emit_numbers (self, hr, self->floats[VIGIL_NONIN_DF7_SPO2_DISPLAY],
                self->packet_conditions, FALSE);
}

static Check
check_df7_frame (const guint8 *buffer,
                 gsize         length,
                 gsize         pos)
{
  if (pos >= length)
    return CHECK_MORE;
  if (!(buffer[pos] & VIGIL_NONIN_FRAME_BIT))
    return CHECK_BAD;
  if (pos + VIGIL_NONIN_DF7_FRAME_LENGTH > length)
    return CHECK_MORE;
  return vigil_nonin_checksum (buffer + pos) == buffer[pos + 4] ? CHECK_OK : CHECK_BAD;
}

static gboolean
df7_step (VigilNoninParser *self)
{
  guint8 frame[VIGIL_NONIN_DF7_FRAME_LENGTH];

  if (self->length == 0)
    return FALSE;
  if (is_reply (self->buffer[0]))
    {
      take_reply (self);
      return TRUE;
    }

  switch (check_df7_frame (self->buffer, self->length, 0))
    {
    case CHECK_MORE:
      return FALSE;
    case CHECK_BAD:
      if (self->buffer[0] & VIGIL_NONIN_FRAME_BIT)
        lose_sync (self, _("Dropped a frame from the Nonin oximeter with a bad checksum. "
                           "If this keeps happening, check the cable and that the port "
                           "runs at 9600 baud."));
      else
        lose_sync (self, _("Lost the frame boundaries in data format 7 from the Nonin "
                           "oximeter; finding them again. If this keeps happening, check "
                           "the cable and that the port runs at 9600 baud."));
      return TRUE;
    case CHECK_OK:
    default:
      break;
    }

  memcpy (frame, self->buffer, sizeof frame);
  flush_noise (self);
  consume (self, sizeof frame);
  vigil_parser_emit_frame (VIGIL_PARSER (self), frame, sizeof frame, TRUE, "data format 7");
  count_good_frame (self);
  self->df7_since_nak = TRUE;
  handle_df7_frame (self, frame);
  return TRUE;
}

/* ---- finding the frames ---- */

static void
skip_replies (const guint8 *buffer,
              gsize         length,
              gsize        *pos)
{
  for (guint n = 0; n < MAX_GAP_REPLIES && *pos < length && is_reply (buffer[*pos]); n++)
    (*pos)++;
}

static Check
check_df7_lock (VigilNoninParser *self)
{
  gsize pos = 0;
  guint syncs = 0;

  for (guint k = 0; k < DF7_LOCK_FRAMES; k++)
    {
      Check check;

      if (k > 0)
        skip_replies (self->buffer, self->length, &pos);
      check = check_df7_frame (self->buffer, self->length, pos);
      if (check != CHECK_OK)
        return check;
      if (self->buffer[pos] & VIGIL_NONIN_DF7_SYNC)
        syncs++;
      pos += VIGIL_NONIN_DF7_FRAME_LENGTH;
    }

  /* SYNC comes once in 25 frames. */
  return syncs <= 1 ? CHECK_OK : CHECK_BAD;
}

static Check
check_df8_lock (VigilNoninParser *self)
{
  const guint8 *buffer = self->buffer;
  gsize second;
  Check check;

  check = check_df8_frame (buffer, self->length, 0);
  if (check != CHECK_OK)
    return check;
  second = VIGIL_NONIN_DF8_FRAME_LENGTH;
  skip_replies (buffer, self->length, &second);
  check = check_df8_frame (buffer, self->length, second);
  if (check != CHECK_OK)
    return check;
  if (too_soon_for_df8 (self->arrival[VIGIL_NONIN_DF8_FRAME_LENGTH - 1], self->arrival[second]))
    return CHECK_BAD;
  /* On a live link, the silence after the second frame too: what follows
   * it at once is more of a stream that is not format 8. */
  if (self->arrival[second + VIGIL_NONIN_DF8_FRAME_LENGTH - 1] >= 0)
    {
      if (second + VIGIL_NONIN_DF8_FRAME_LENGTH >= self->length)
        return CHECK_MORE;
      if (too_soon_for_df8 (self->arrival[second + VIGIL_NONIN_DF8_FRAME_LENGTH - 1],
                            self->arrival[second + VIGIL_NONIN_DF8_FRAME_LENGTH]))
        return CHECK_BAD;
    }

  /* Format 7 can fake this pattern only with a status byte starting the
   * second frame, so the first frame's last byte would be the checksum of
   * the frame begun by the byte before it. */
  if (self->have_previous && second == VIGIL_NONIN_DF8_FRAME_LENGTH)
    {
      guint8 before[4] = { self->previous, buffer[0], buffer[1], buffer[2] };

      if (!(self->previous & VIGIL_NONIN_FRAME_BIT) ||
          vigil_nonin_checksum (before) != buffer[3])
        return CHECK_OK;
    }

  /* Without that byte, the second frame must not be a format 7 frame. */
  if (second + VIGIL_NONIN_DF8_FRAME_LENGTH >= self->length)
    return CHECK_MORE;
  if (vigil_nonin_checksum (buffer + second) == buffer[second + VIGIL_NONIN_DF8_FRAME_LENGTH])
    return CHECK_BAD;
  return CHECK_OK;
}

static gboolean
search_step (VigilNoninParser *self)
{
  guint8 first;
  Check check;

  if (self->length == 0)
    return FALSE;
  first = self->buffer[0];

  /* A reply between frames: a frame or another reply follows it. */
  if (is_reply (first))
    {
      if (self->length < 2)
        return FALSE;
      if ((self->buffer[1] & VIGIL_NONIN_FRAME_BIT) || is_reply (self->buffer[1]))
        take_reply (self);
      else
        skip_byte (self);
      return TRUE;
    }

  if (!(first & VIGIL_NONIN_FRAME_BIT))
    {
      skip_byte (self);
      return TRUE;
    }

  check = check_df7_lock (self);
  if (check == CHECK_MORE)
    return FALSE;
  if (check == CHECK_OK)
    {
      self->mode = MODE_DF7;
      self->frame_number = 0;
      return TRUE;
    }

  check = check_df8_lock (self);
  if (check == CHECK_MORE)
    return FALSE;
  if (check == CHECK_OK)
    {
      self->mode = MODE_DF8;
      self->last_df8_us = -1;
      return TRUE;
    }

  skip_byte (self);
  return TRUE;
}

/* ---- VigilParser ---- */

static void
process (VigilNoninParser *self)
{
  gboolean progress;

  do
    {
      switch (self->mode)
        {
        case MODE_DF7:
          progress = df7_step (self);
          break;
        case MODE_DF8:
          progress = df8_step (self);
          break;
        case MODE_SEARCH:
        default:
          progress = search_step (self);
          break;
        }
    }
  while (progress);
}

static void
vigil_nonin_parser_feed (VigilParser  *parser,
                         const guint8 *data,
                         gsize         length)
{
  VigilNoninParser *self = VIGIL_NONIN_PARSER (parser);
  gint64 now_us = vigil_parser_get_now (parser);  /* all of this read came at once */

  /* One byte at a time: each decision is taken as soon as the bytes it
   * needs are in, whatever the split. */
  for (gsize i = 0; i < length; i++)
    {
      g_assert (self->length < BUFFER_SIZE);
      self->arrival[self->length] = now_us;
      self->buffer[self->length++] = data[i];
      process (self);
    }
}

static void
vigil_nonin_parser_reset (VigilParser *parser)
{
  VigilNoninParser *self = VIGIL_NONIN_PARSER (parser);

  self->length = 0;
  self->have_previous = FALSE;
  self->noise_length = 0;
  self->in_burst = FALSE;
  self->good_streak = 0;
  self->pending_format = 0;
  self->fallback_due = FALSE;
  start_search (self);
}

static void
vigil_nonin_parser_connected (VigilParser *parser,
                              gint64       now_us)
{
  VigilNoninParser *self = VIGIL_NONIN_PARSER (parser);

  /* Format 7 for the pleth; format 8 only if the device refuses it. */
  self->fallback_due = FALSE;
  send_command (self, VIGIL_NONIN_FORMAT_7, now_us, FALSE);
}

static void
vigil_nonin_parser_tick (VigilParser *parser,
                         gint64       now_us)
{
  VigilNoninParser *self = VIGIL_NONIN_PARSER (parser);

  /* A NAK may be a pleth byte read while the framing was still unknown:
   * fall back only if no format 7 frame follows it. */
  if (self->fallback_due)
    {
      if (self->df7_since_nak)
        self->fallback_due = FALSE;
      else if (self->fallback_armed_us < 0)
        self->fallback_armed_us = now_us;
      else if (now_us - self->fallback_armed_us >= FALLBACK_DELAY_US)
        {
          self->fallback_due = FALSE;
          send_command (self, VIGIL_NONIN_FORMAT_8, now_us, FALSE);
          return;
        }
    }

  /* A command lost on the line is sent again, a few times. */
  if (self->pending_format != 0 && now_us - self->sent_us >= REPLY_TIMEOUT_US)
    {
      if (self->attempts < MAX_ATTEMPTS)
        send_command (self, self->pending_format, now_us, TRUE);
      else
        self->pending_format = 0;
    }
}

static void
vigil_nonin_parser_class_init (VigilNoninParserClass *klass)
{
  VigilParserClass *parser_class = VIGIL_PARSER_CLASS (klass);

  parser_class->feed = vigil_nonin_parser_feed;
  parser_class->reset = vigil_nonin_parser_reset;
  parser_class->connected = vigil_nonin_parser_connected;
  parser_class->tick = vigil_nonin_parser_tick;
}

static void
vigil_nonin_parser_init (VigilNoninParser *self)
{
  self->fallback_armed_us = -1;
  start_search (self);
}

/**
 * vigil_nonin_parser_new:
 *
 * A parser of Nonin data formats 7 and 8, told apart in the stream. Bytes
 * before the first frames are skipped quietly: the receiver may have
 * started mid-frame. vigil_parser_reset() forgets partial frames and the
 * framing, but keeps the sensor, signal and battery states.
 *
 * Returns: (transfer full): a new parser
 */
VigilParser *
vigil_nonin_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_NONIN_PARSER, NULL);
}

/**
 * vigil_nonin_parser_get_format:
 *
 * Returns: 7 or 8 while frames of that format are being read, 0 while the
 *   parser looks for frames
 */
guint
vigil_nonin_parser_get_format (VigilNoninParser *self)
{
  g_return_val_if_fail (VIGIL_IS_NONIN_PARSER (self), 0);

  switch (self->mode)
    {
    case MODE_DF7:
      return VIGIL_NONIN_FORMAT_7;
    case MODE_DF8:
      return VIGIL_NONIN_FORMAT_8;
    case MODE_SEARCH:
    default:
      return 0;
    }
}

