/* vigil-datex-frame.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Framing of the S/5 Computer Interface. The flag 0x7E both ends a frame
 * and may begin the next one, so every flag closes the bytes since the
 * previous flag; an empty span (back-to-back flags) is no frame at all.
 */
#include "vigil-datex-frame.h"

#include <string.h>

/**
 * vigil_datex_checksum:
 * @record: the unescaped record
 *
 * Returns: the 8-bit sum of the record's bytes, before any escaping
 */
guint8
vigil_datex_checksum (const guint8 *record,
                      gsize         length)
{
  guint8 sum = 0;

  for (gsize i = 0; i < length; i++)
    sum += record[i];
  return sum;
}

static void
append_escaped (GByteArray *out,
                guint8      byte)
{
  if (byte == VIGIL_DATEX_FLAG || byte == VIGIL_DATEX_ESCAPE)
    {
      guint8 pair[2] = { VIGIL_DATEX_ESCAPE, byte & ~VIGIL_DATEX_ESCAPE_BIT };

      g_byte_array_append (out, pair, 2);
    }
  else
    g_byte_array_append (out, &byte, 1);
}

/**
 * vigil_datex_frame_append:
 * @out: where the wire bytes go
 * @record: an unescaped record whose r_len is already set
 *
 * Appends flag, escaped record, escaped checksum, flag. The checksum byte
 * is escaped like any other: a sum of 0x7E goes out as 7D 5E.
 */
void
vigil_datex_frame_append (GByteArray   *out,
                          const guint8 *record,
                          gsize         length)
{
  guint8 flag = VIGIL_DATEX_FLAG;

  g_return_if_fail (out != NULL);
  g_return_if_fail (record != NULL || length == 0);

  g_byte_array_append (out, &flag, 1);
  for (gsize i = 0; i < length; i++)
    append_escaped (out, record[i]);
  append_escaped (out, vigil_datex_checksum (record, length));
  g_byte_array_append (out, &flag, 1);
}

/**
 * vigil_datex_frame_check:
 * @frame: an unescaped frame: record and checksum byte
 *
 * Returns: whether the frame is long enough, its checksum right and its
 *   r_len that of the record
 */
VigilDatexFrameStatus
vigil_datex_frame_check (const guint8 *frame,
                         gsize         length)
{
  if (length < VIGIL_DATEX_MIN_FRAME)
    return VIGIL_DATEX_FRAME_TOO_SHORT;
  if (vigil_datex_checksum (frame, length - 1) != frame[length - 1])
    return VIGIL_DATEX_FRAME_BAD_CHECKSUM;
  if (vigil_datex_get_u16 (frame + VIGIL_DATEX_R_LEN) != length - 1)
    return VIGIL_DATEX_FRAME_LENGTH_MISMATCH;
  return VIGIL_DATEX_FRAME_OK;
}

void
vigil_datex_deframer_reset (VigilDatexDeframer *self)
{
  g_return_if_fail (self != NULL);

  self->synced = FALSE;
  self->escaped = FALSE;
  self->discarding = FALSE;
  self->complete = FALSE;
  self->length = 0;
  self->raw_length = 0;
}

/* A flag was seen: the next frame starts with it. */
static void
start_frame (VigilDatexDeframer *self)
{
  self->synced = TRUE;
  self->escaped = FALSE;
  self->discarding = FALSE;
  self->length = 0;
  self->raw[0] = VIGIL_DATEX_FLAG;
  self->raw_length = 1;
}

static void
append_raw (VigilDatexDeframer *self,
            guint8              byte)
{
  /* Two raw bytes at most per stored byte, plus the flags and one
   * overflowing escape pair: always room. */
  g_assert (self->raw_length < VIGIL_DATEX_MAX_RAW);
  self->raw[self->raw_length++] = byte;
}

VigilDatexDeframerResult
vigil_datex_deframer_push (VigilDatexDeframer *self,
                           guint8              byte)
{
  if (self->complete)
    {
      self->complete = FALSE;
      /* The flag that ended the last frame opens this one. */
      start_frame (self);
    }

  if (!self->synced)
    {
      /* Maybe started mid-frame: skip quietly up to the first flag. */
      if (byte == VIGIL_DATEX_FLAG)
        start_frame (self);
      return VIGIL_DATEX_DEFRAMER_NONE;
    }

  if (byte == VIGIL_DATEX_FLAG)
    {
      if (self->discarding)
        {
          start_frame (self);
          return VIGIL_DATEX_DEFRAMER_NONE;
        }
      append_raw (self, byte);
      if (self->escaped)
        {
          self->complete = TRUE;
          return VIGIL_DATEX_DEFRAMER_BAD_ESCAPE;
        }
      if (self->length == 0)
        {
          /* Back-to-back flags: legal filler, not a frame. */
          start_frame (self);
          return VIGIL_DATEX_DEFRAMER_NONE;
        }
      self->complete = TRUE;
      return VIGIL_DATEX_DEFRAMER_FRAME;
    }

  if (self->discarding)
    return VIGIL_DATEX_DEFRAMER_NONE;

  append_raw (self, byte);
  if (!self->escaped && byte == VIGIL_DATEX_ESCAPE)
    {
      self->escaped = TRUE;
      return VIGIL_DATEX_DEFRAMER_NONE;
    }
  if (self->escaped)
    {
      byte |= VIGIL_DATEX_ESCAPE_BIT;
      self->escaped = FALSE;
    }

  if (self->length == VIGIL_DATEX_MAX_FRAME)
    {
      self->discarding = TRUE;
      return VIGIL_DATEX_DEFRAMER_OVERLONG;
    }
  self->data[self->length++] = byte;
  return VIGIL_DATEX_DEFRAMER_NONE;
}

/* Bytes of an unfinished frame, for example at the end of a capture. */
gsize
vigil_datex_deframer_pending (const VigilDatexDeframer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (!self->synced || self->discarding || self->complete)
    return 0;
  return self->length;
}
