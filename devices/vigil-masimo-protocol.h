/* vigil-masimo-protocol.h — Masimo ASCII 1: the facts shared by the parser
 * and the simulated device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One text line a second, CR LF, KEY=VALUE tokens separated by spaces after
 * the device's local date and time (docs: PROTOCOLS.md §2):
 *
 *   09/15/10 15:10:29 SPO2=097% BPM=064 PI=11.82% ALARM=20 EXC=800
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest line the parser buffers, not counting its LF. Real lines are
 * under 200 bytes; longer ones are noise or a wrong baud rate. */
#define VIGIL_MASIMO_MAX_LINE 512

/* ALARM=, hexadecimal, 2 to 6 digits. */
#define VIGIL_MASIMO_ALARM_MIN_DIGITS 2
#define VIGIL_MASIMO_ALARM_MAX_DIGITS 6

typedef enum
{
  VIGIL_MASIMO_ALARM_SPO2_HIGH    = 0x01,
  VIGIL_MASIMO_ALARM_SPO2_LOW     = 0x02,
  VIGIL_MASIMO_ALARM_PR_HIGH      = 0x04,
  VIGIL_MASIMO_ALARM_PR_LOW       = 0x08,
  VIGIL_MASIMO_ALARM_ACTIVE       = 0x10,
  VIGIL_MASIMO_ALARM_SILENCED     = 0x20,
  VIGIL_MASIMO_ALARM_LOW_BATTERY  = 0x40,
} VigilMasimoAlarm;

/* EXC=, hexadecimal, 3 to 7 digits. */
#define VIGIL_MASIMO_EXC_MIN_DIGITS 3
#define VIGIL_MASIMO_EXC_MAX_DIGITS 7

typedef enum
{
  VIGIL_MASIMO_EXC_NO_SENSOR           = 0x00001,
  VIGIL_MASIMO_EXC_DEFECTIVE_SENSOR    = 0x00002,
  VIGIL_MASIMO_EXC_LOW_PERFUSION       = 0x00004,
  VIGIL_MASIMO_EXC_PULSE_SEARCH        = 0x00008,
  VIGIL_MASIMO_EXC_INTERFERENCE        = 0x00010,
  VIGIL_MASIMO_EXC_SENSOR_OFF          = 0x00020,
  VIGIL_MASIMO_EXC_AMBIENT_LIGHT       = 0x00040,
  VIGIL_MASIMO_EXC_UNRECOGNISED_SENSOR = 0x00080,
  VIGIL_MASIMO_EXC_LOW_SIGNAL_IQ       = 0x00400,
  VIGIL_MASIMO_EXC_SET_MODE            = 0x00800, /* a setting, not a fault */
  VIGIL_MASIMO_EXC_NO_CABLE            = 0x01000,
  VIGIL_MASIMO_EXC_CABLE_EXPIRED       = 0x02000,
  VIGIL_MASIMO_EXC_CALIBRATING         = 0x20000,
  VIGIL_MASIMO_EXC_SENSOR_EXPIRED      = 0x40000,
} VigilMasimoException;

/* No usable reading from the sensor: values are OFF. */
#define VIGIL_MASIMO_EXC_SENSOR_OFF_MASK                                  \
  (VIGIL_MASIMO_EXC_NO_SENSOR | VIGIL_MASIMO_EXC_DEFECTIVE_SENSOR |       \
   VIGIL_MASIMO_EXC_SENSOR_OFF | VIGIL_MASIMO_EXC_UNRECOGNISED_SENSOR |   \
   VIGIL_MASIMO_EXC_NO_CABLE | VIGIL_MASIMO_EXC_CABLE_EXPIRED |           \
   VIGIL_MASIMO_EXC_SENSOR_EXPIRED)

/* A reading, but one to doubt: values are QUESTIONABLE. */
#define VIGIL_MASIMO_EXC_SIGNAL_POOR_MASK                                 \
  (VIGIL_MASIMO_EXC_LOW_PERFUSION | VIGIL_MASIMO_EXC_PULSE_SEARCH |       \
   VIGIL_MASIMO_EXC_INTERFERENCE | VIGIL_MASIMO_EXC_AMBIENT_LIGHT |       \
   VIGIL_MASIMO_EXC_LOW_SIGNAL_IQ)

/* What the parser reports in an identity, before the serial number. */
#define VIGIL_MASIMO_IDENTITY_PREFIX "Masimo SN "

G_END_DECLS
