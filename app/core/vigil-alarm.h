/* vigil-alarm.h — the alarm conditions Vigil knows (CLINICAL.md, A1–A11, T1–T5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-observation.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_ALARM_SPO2_LOW,           /* A1  SpO2 < 90 %, SatSeconds or 3 in 60 s */
  VIGIL_ALARM_SPO2_DESATURATION,  /* A2  SpO2 ≤ 85 %, immediate, latching */
  VIGIL_ALARM_HR_HIGH,            /* A3  HR > 120 for 10 s */
  VIGIL_ALARM_HR_VERY_HIGH,       /* A4  HR > 150 for 5 s, latching */
  VIGIL_ALARM_HR_LOW,             /* A5  HR < 50 for 10 s */
  VIGIL_ALARM_HR_VERY_LOW,        /* A6  HR < 40 for 5 s, latching */
  VIGIL_ALARM_NIBP_HIGH,          /* A7  SYS ≥ 160 or DIA ≥ 100, on reading */
  VIGIL_ALARM_NIBP_SEVERE,        /* A8  SYS ≥ 180 or DIA ≥ 110, on reading, latching */
  VIGIL_ALARM_NIBP_LOW,           /* A9  SYS < 90, on reading */
  VIGIL_ALARM_NIBP_SEVERE_LOW,    /* A10 SYS < 80 or MAP < 60, on reading, latching */
  VIGIL_ALARM_NIBP_RISE,          /* A11 SYS +40 or DIA +25 from the session baseline */
  VIGIL_ALARM_LINK_LOST,          /* T1  no valid frame for 10 s */
  VIGIL_ALARM_SPO2_SENSOR_OFF,    /* T2  sensor off / no pulse */
  VIGIL_ALARM_NIBP_FAILED,        /* T3  measurement failed */
  VIGIL_ALARM_NIBP_OVERDUE,       /* T4  none for interval + 3 min */
  VIGIL_ALARM_SOUND_UNAVAILABLE,  /* T5  audio output fails, latching */
  VIGIL_N_ALARMS
} VigilAlarmId;

/* Ordered: a higher value is more urgent. */
typedef enum
{
  VIGIL_ALARM_PRIORITY_NONE,
  VIGIL_ALARM_PRIORITY_LOW,
  VIGIL_ALARM_PRIORITY_MEDIUM,
  VIGIL_ALARM_PRIORITY_HIGH,
} VigilAlarmPriority;

typedef struct
{
  VigilAlarmId  id;
  const char   *code;       /* "A1" … "T5", as in CLINICAL.md and the log */
  const char   *key;        /* "spo2-low", for settings and the database */
  const char   *title;      /* for people, untranslated: use _() when shown */
  gboolean      technical;  /* a device or system problem, not the patient */
  int           parameter;  /* the VigilParameter it watches, or -1 */
} VigilAlarmInfo;

#define VIGIL_TYPE_ALARM_ID       (vigil_alarm_id_get_type ())
#define VIGIL_TYPE_ALARM_PRIORITY (vigil_alarm_priority_get_type ())

GType                 vigil_alarm_id_get_type          (void) G_GNUC_CONST;
GType                 vigil_alarm_priority_get_type    (void) G_GNUC_CONST;
const VigilAlarmInfo *vigil_alarm_get_info             (VigilAlarmId        id);
gboolean              vigil_alarm_from_key             (const char         *key_or_code,
                                                        VigilAlarmId       *out_id);
const char           *vigil_alarm_priority_to_string   (VigilAlarmPriority  priority);
const char           *vigil_alarm_priority_get_marker  (VigilAlarmPriority  priority);

G_END_DECLS
