/* vigil-intellivue-frame.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decoder is a byte-at-a-time state machine over a fixed buffer, so a
 * frame split anywhere decodes the same, and nothing past what was fed is
 * ever read. The FCS is checked through the residue: the CRC over the
 * unescaped header, data and received FCS of a good frame is 0xF0B8.
 */
#include "vigil-intellivue-frame.h"

#include <string.h>

enum
{
  STATE_UNSYNCED,  /* fresh: maybe started mid-frame, skip quietly */
  STATE_IDLE,      /* between frames */
  STATE_FRAME,     /* inside a frame */
  STATE_ESCAPE,    /* inside a frame, after 0x7D */
  STATE_DISCARD,   /* inside a frame already reported as too long */
};

/* PPP FCS-16 (RFC 1662): reflected polynomial 0x8408. */
guint16
vigil_intellivue_fcs_update (guint16       crc,
                             const guint8 *data,
                             gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc & 1) ? (crc >> 1) ^ 0x8408 : crc >> 1;
    }
  return crc;
}

/**
 * vigil_intellivue_fcs:
 *
 * Returns: the CRC-16/X.25 of @data (initial 0xFFFF, result inverted); for
 *   "123456789" it is 0x906E
 */
guint16
vigil_intellivue_fcs (const guint8 *data,
                      gsize         length)
{
  return ~vigil_intellivue_fcs_update (0xFFFF, data, length) & 0xFFFF;
}

static void
append_escaped (GByteArray *out,
                guint8      byte)
{
  if (byte == VIGIL_INTELLIVUE_BOF || byte == VIGIL_INTELLIVUE_EOF ||
      byte == VIGIL_INTELLIVUE_ESCAPE)
    {
      guint8 pair[2] = { VIGIL_INTELLIVUE_ESCAPE, byte ^ 0x20 };
      g_byte_array_append (out, pair, 2);
    }
  else
    g_byte_array_append (out, &byte, 1);
}

/**
 * vigil_intellivue_frame_encode:
 * @out: where the frame is appended
 * @data: the user data, at most %VIGIL_INTELLIVUE_MAX_DATA bytes
 *
 * Appends one whole frame, escaped, from BOF to EOF.
 */
void
vigil_intellivue_frame_encode (GByteArray   *out,
                               const guint8 *data,
                               gsize         length)
{
  guint8 header[VIGIL_INTELLIVUE_HEADER_SIZE];
  guint8 byte;
  guint16 fcs;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (length <= VIGIL_INTELLIVUE_MAX_DATA);

  header[0] = VIGIL_INTELLIVUE_PROTOCOL_ID;
  header[1] = VIGIL_INTELLIVUE_MESSAGE_TYPE;
  header[2] = (length >> 8) & 0xFF;
  header[3] = length & 0xFF;

  fcs = vigil_intellivue_fcs_update (0xFFFF, header, sizeof header);
  fcs = ~vigil_intellivue_fcs_update (fcs, data, length) & 0xFFFF;

  byte = VIGIL_INTELLIVUE_BOF;
  g_byte_array_append (out, &byte, 1);
  for (gsize i = 0; i < sizeof header; i++)
    append_escaped (out, header[i]);
  for (gsize i = 0; i < length; i++)
    append_escaped (out, data[i]);
  append_escaped (out, fcs & 0xFF);
  append_escaped (out, fcs >> 8);
  byte = VIGIL_INTELLIVUE_EOF;
  g_byte_array_append (out, &byte, 1);
}

void
vigil_intellivue_frame_decoder_init (VigilIntellivueFrameDecoder *self)
{
  g_return_if_fail (self != NULL);

  self->state = STATE_UNSYNCED;
  self->length = 0;
}

static void
finish_frame (VigilIntellivueFrameDecoder *self,
              VigilIntellivueFrameFunc     func,
              gpointer                     callback_data)
{
  const guint8 *frame = self->buffer;
  gsize length = self->length;
  gsize user_length;

  if (length < VIGIL_INTELLIVUE_HEADER_SIZE + VIGIL_INTELLIVUE_FCS_SIZE)
    {
      func (VIGIL_INTELLIVUE_FRAME_TOO_SHORT, frame, length, NULL, 0, callback_data);
      return;
    }
  if (vigil_intellivue_fcs_update (0xFFFF, frame, length) != VIGIL_INTELLIVUE_FCS_RESIDUE)
    {
      func (VIGIL_INTELLIVUE_FRAME_BAD_FCS, frame, length, NULL, 0, callback_data);
      return;
    }
  if (frame[0] != VIGIL_INTELLIVUE_PROTOCOL_ID || frame[1] != VIGIL_INTELLIVUE_MESSAGE_TYPE)
    {
      func (VIGIL_INTELLIVUE_FRAME_BAD_HEADER, frame, length, NULL, 0, callback_data);
      return;
    }
  user_length = length - VIGIL_INTELLIVUE_HEADER_SIZE - VIGIL_INTELLIVUE_FCS_SIZE;
  if (((gsize) frame[2] << 8 | frame[3]) != user_length)
    {
      func (VIGIL_INTELLIVUE_FRAME_BAD_LENGTH, frame, length, NULL, 0, callback_data);
      return;
    }

  func (VIGIL_INTELLIVUE_FRAME_OK, frame, length,
        frame + VIGIL_INTELLIVUE_HEADER_SIZE, user_length, callback_data);
}

static void
start_frame (VigilIntellivueFrameDecoder *self)
{
  self->state = STATE_FRAME;
  self->length = 0;
}

/**
 * vigil_intellivue_frame_decoder_feed:
 *
 * Cuts frames from @data, in any split, and calls @func for each (good or
 * not) and once for each run of bytes between frames. Bytes before the
 * first BOF are skipped quietly: the link may have opened mid-frame.
 */
void
vigil_intellivue_frame_decoder_feed (VigilIntellivueFrameDecoder *self,
                                     const guint8                *data,
                                     gsize                        length,
                                     VigilIntellivueFrameFunc     func,
                                     gpointer                     callback_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (func != NULL);

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      switch (self->state)
        {
        case STATE_UNSYNCED:
          if (c == VIGIL_INTELLIVUE_BOF)
            start_frame (self);
          break;

        case STATE_IDLE:
          if (c == VIGIL_INTELLIVUE_BOF)
            start_frame (self);
          else
            {
              /* One report for a whole run of noise. */
              func (VIGIL_INTELLIVUE_FRAME_NOISE, &data[i], 1, NULL, 0, callback_data);
              self->state = STATE_UNSYNCED;
            }
          break;

        case STATE_FRAME:
          if (c == VIGIL_INTELLIVUE_BOF)
            {
              func (VIGIL_INTELLIVUE_FRAME_UNFINISHED, self->buffer, self->length,
                    NULL, 0, callback_data);
              start_frame (self);
            }
          else if (c == VIGIL_INTELLIVUE_EOF)
            {
              finish_frame (self, func, callback_data);
              self->state = STATE_IDLE;
              self->length = 0;
            }
          else if (c == VIGIL_INTELLIVUE_ESCAPE)
            self->state = STATE_ESCAPE;
          else if (self->length >= sizeof self->buffer)
            {
              func (VIGIL_INTELLIVUE_FRAME_TOO_LONG, self->buffer, self->length,
                    NULL, 0, callback_data);
              self->state = STATE_DISCARD;
              self->length = 0;
            }
          else
            self->buffer[self->length++] = c;
          break;

        case STATE_ESCAPE:
          if (c == VIGIL_INTELLIVUE_EOF)
            {
              /* The sender gave up on this frame on purpose. */
              func (VIGIL_INTELLIVUE_FRAME_ABORTED, self->buffer, self->length,
                    NULL, 0, callback_data);
              self->state = STATE_IDLE;
              self->length = 0;
            }
          else if (c == VIGIL_INTELLIVUE_BOF)
            {
              func (VIGIL_INTELLIVUE_FRAME_BAD_ESCAPE, self->buffer, self->length,
                    NULL, 0, callback_data);
              start_frame (self);
            }
          else if (self->length >= sizeof self->buffer)
            {
              func (VIGIL_INTELLIVUE_FRAME_TOO_LONG, self->buffer, self->length,
                    NULL, 0, callback_data);
              self->state = STATE_DISCARD;
              self->length = 0;
            }
          else
            {
              self->buffer[self->length++] = c ^ 0x20;
              self->state = STATE_FRAME;
            }
          break;

        case STATE_DISCARD:
          if (c == VIGIL_INTELLIVUE_BOF)
            start_frame (self);
          else if (c == VIGIL_INTELLIVUE_EOF)
            self->state = STATE_IDLE;
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

gsize
vigil_intellivue_frame_decoder_get_pending (const VigilIntellivueFrameDecoder *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (self->state == STATE_FRAME || self->state == STATE_ESCAPE) ? self->length : 0;
}
