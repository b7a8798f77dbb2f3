/* vigil-nonin-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-nonin-protocol.h"

/**
 * vigil_nonin_checksum:
 * @frame: the first four bytes of a data format 7 frame
 *
 * Returns: their sum modulo 256, which the fifth byte must equal
 */
guint8
vigil_nonin_checksum (const guint8 *frame)
{
  return (guint8) ((frame[0] + frame[1] + frame[2] + frame[3]) & 0xff);
}

/* Nine bits: two from the MSB byte, seven from the LSB byte. Open decoders
 * that shift or mask these wrongly corrupt every rate of 128 and above. */
guint
vigil_nonin_decode_hr (guint8 msb,
                       guint8 lsb)
{
  return ((guint) (msb & 0x03) << 7) | (guint) (lsb & 0x7f);
}

guint8
vigil_nonin_hr_high_bits (guint hr)
{
  return (guint8) ((hr >> 7) & 0x03);
}

guint8
vigil_nonin_hr_low_bits (guint hr)
{
  return (guint8) (hr & 0x7f);
}

/**
 * vigil_nonin_format_command:
 * @format: %VIGIL_NONIN_FORMAT_7 or %VIGIL_NONIN_FORMAT_8
 * @out: (out caller-allocates): the six bytes to send
 */
void
vigil_nonin_format_command (guint8 format,
                            guint8 out[VIGIL_NONIN_COMMAND_LENGTH])
{
  out[0] = VIGIL_NONIN_STX;
  out[1] = VIGIL_NONIN_OP_DATA_FORMAT;
  /* Two fixed bytes, as the specification gives them. */
  out[2] = 0x02;
  out[3] = 0x02;
  out[4] = format;
  out[5] = VIGIL_NONIN_ETX;
}
