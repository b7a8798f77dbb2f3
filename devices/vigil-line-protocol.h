/* vigil-line-protocol.h — what both ends of the Vigil line protocol share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One ASCII line per record: `$VGL,KEY=VALUE,...*CS\r\n`, where CS is the
 * XOR of every byte strictly between `$` and `*`, as two upper-case hex
 * digits. devices/PROTOCOL.md is the full description.
 */
#pragma once

#include <glib.h>

#include "vigil-observation.h"

G_BEGIN_DECLS

/* The whole line, from `$` to `\n` inclusive, is at most this many bytes. */
#define VIGIL_LINE_PROTOCOL_MAX_LINE      200
/* The body (between `$` and `*`) is at most this many bytes with `\r\n`. */
#define VIGIL_LINE_PROTOCOL_MAX_BODY      (VIGIL_LINE_PROTOCOL_MAX_LINE - 6)

#define VIGIL_LINE_PROTOCOL_START         '$'
#define VIGIL_LINE_PROTOCOL_CHECKSUM_MARK '*'
#define VIGIL_LINE_PROTOCOL_SEPARATOR     ','
#define VIGIL_LINE_PROTOCOL_RECORD        "VGL"

/* Keys (case-sensitive). */
#define VIGIL_LINE_PROTOCOL_KEY_TIME      "T"     /* device clock, Unix milliseconds */
#define VIGIL_LINE_PROTOCOL_KEY_HR        "HR"    /* heart rate, /min */
#define VIGIL_LINE_PROTOCOL_KEY_SPO2      "SPO2"  /* SpO2, % */
#define VIGIL_LINE_PROTOCOL_KEY_PR        "PR"    /* pulse rate, /min */
#define VIGIL_LINE_PROTOCOL_KEY_NIBP      "NIBP"  /* sys/dia/mean, mmHg */

/* Special values. */
#define VIGIL_LINE_PROTOCOL_ABSENT        "---"   /* no value right now */
#define VIGIL_LINE_PROTOCOL_OFF           "OFF"   /* sensor off / no pulse (HR, SPO2, PR) */
#define VIGIL_LINE_PROTOCOL_FAIL          "FAIL"  /* the cuff measurement failed (NIBP) */
#define VIGIL_LINE_PROTOCOL_QUESTIONABLE  '?'     /* suffix of a doubtful number */

/* Valid ranges, inclusive, in the parameter's unit. */
#define VIGIL_LINE_PROTOCOL_RATE_MAX      350.0   /* HR and PR, /min */
#define VIGIL_LINE_PROTOCOL_SPO2_MAX      100.0   /* % */
#define VIGIL_LINE_PROTOCOL_PRESSURE_MAX  350.0   /* each NIBP value, mmHg */

guint8      vigil_line_protocol_checksum        (const char             *body,
                                                 gsize                   length);
char       *vigil_line_protocol_seal            (const char             *body);
const char *vigil_line_protocol_parameter_key   (VigilParameter          parameter);
void        vigil_line_protocol_parameter_range (VigilParameter          parameter,
                                                 double                 *out_min,
                                                 double                 *out_max);
void        vigil_line_protocol_append_field    (GString                *body,
                                                 const VigilObservation *observation);

G_END_DECLS
