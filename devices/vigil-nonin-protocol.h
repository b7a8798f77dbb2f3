/* vigil-nonin-protocol.h — what both ends of the Nonin data formats share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nonin data format 8 (4-byte frames once a second, no checksum) and data
 * format 7 (5-byte frames at 75 a second with a checksum, 25 frames to a
 * packet); the host picks one with `02 70 02 02 <fmt> 03` and the device
 * answers ACK or NAK. Bit names follow Nonin's OEM specification.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_NONIN_ACK                  0x06
#define VIGIL_NONIN_NAK                  0x15
#define VIGIL_NONIN_STX                  0x02
#define VIGIL_NONIN_ETX                  0x03
#define VIGIL_NONIN_OP_DATA_FORMAT       0x70
#define VIGIL_NONIN_COMMAND_LENGTH       6

#define VIGIL_NONIN_FORMAT_7             0x07
#define VIGIL_NONIN_FORMAT_8             0x08

/* Bit 7 marks the first byte of every frame, in both formats. */
#define VIGIL_NONIN_FRAME_BIT            0x80

#define VIGIL_NONIN_MISSING_HR           511
#define VIGIL_NONIN_MISSING_SPO2         127

/* Data format 8: STATUS, HR, SPO2, STATUS2. */
#define VIGIL_NONIN_DF8_FRAME_LENGTH     4
#define VIGIL_NONIN_DF8_SNSD             0x40  /* sensor disconnected (Nonin spec; not in PROTOCOLS.md) */
#define VIGIL_NONIN_DF8_OOT              0x20  /* out of track */
#define VIGIL_NONIN_DF8_LPRF             0x10  /* low perfusion */
#define VIGIL_NONIN_DF8_MPRF             0x08  /* marginal perfusion */
#define VIGIL_NONIN_DF8_ARTF             0x04  /* artifact */
#define VIGIL_NONIN_DF8_HR_HIGH_MASK     0x03  /* HR bits 8-7 */
#define VIGIL_NONIN_DF8_SNSF             0x08  /* STATUS2: sensor fault */
#define VIGIL_NONIN_DF8_BATTERY_CRITICAL 0x02  /* STATUS2 (Nonin spec; not in PROTOCOLS.md) */
#define VIGIL_NONIN_DF8_BATTERY_LOW      0x01  /* STATUS2 */

/* Data format 7: STATUS, PLETH MSB, PLETH LSB, FLOAT, CHK. */
#define VIGIL_NONIN_DF7_FRAME_LENGTH     5
#define VIGIL_NONIN_DF7_FRAMES_PER_PACKET 25
#define VIGIL_NONIN_DF7_RATE_HZ          75
#define VIGIL_NONIN_DF7_SNSD             0x40  /* sensor disconnected (Nonin spec; not in PROTOCOLS.md) */
#define VIGIL_NONIN_DF7_ARTF             0x20  /* artifact */
#define VIGIL_NONIN_DF7_OOT              0x10  /* out of track */
#define VIGIL_NONIN_DF7_SNSA             0x08  /* sensor alarm */
#define VIGIL_NONIN_DF7_PERFUSION_MASK   0x06  /* bits 2-1, see below */
#define VIGIL_NONIN_DF7_SYNC             0x01  /* frame 1 of a packet */

/* The perfusion bits light with the pulse (about 160 ms a beat), like the
 * device's LED: bit 2 alone red (low), bit 1 alone green (good), both
 * yellow (marginal), neither no indication between beats. */
#define VIGIL_NONIN_DF7_PERFUSION_NONE   0x00
#define VIGIL_NONIN_DF7_PERFUSION_GREEN  0x02
#define VIGIL_NONIN_DF7_PERFUSION_RED    0x04
#define VIGIL_NONIN_DF7_PERFUSION_YELLOW 0x06

/* What the FLOAT byte carries, by frame number 1..25 in the packet. */
#define VIGIL_NONIN_DF7_HR_MSB           1   /* 4-beat average */
#define VIGIL_NONIN_DF7_HR_LSB           2
#define VIGIL_NONIN_DF7_SPO2             3
#define VIGIL_NONIN_DF7_STAT2            8
#define VIGIL_NONIN_DF7_SPO2_DISPLAY     9   /* what the device shows */
#define VIGIL_NONIN_DF7_HR_DISPLAY_MSB   20
#define VIGIL_NONIN_DF7_HR_DISPLAY_LSB   21

guint8 vigil_nonin_checksum       (const guint8 *frame);
guint  vigil_nonin_decode_hr      (guint8        msb,
                                   guint8        lsb);
guint8 vigil_nonin_hr_high_bits   (guint         hr);
guint8 vigil_nonin_hr_low_bits    (guint         hr);
void   vigil_nonin_format_command (guint8        format,
                                   guint8        out[VIGIL_NONIN_COMMAND_LENGTH]);

G_END_DECLS
