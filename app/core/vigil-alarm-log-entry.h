/* vigil-alarm-log-entry.h — one line of the alarm log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_ALARM_LOG_START,         /* the condition became active */
  VIGIL_ALARM_LOG_END,           /* the cause is gone (and, if latching, it was reset) */
  VIGIL_ALARM_LOG_ACKNOWLEDGE,
  VIGIL_ALARM_LOG_AUDIO_PAUSE,
  VIGIL_ALARM_LOG_AUDIO_RESUME,  /* the pause ran out, or a higher priority broke through */
  VIGIL_ALARM_LOG_RESET,         /* a person reset a latched alarm */
  VIGIL_ALARM_LOG_ESCALATE,      /* medium unacknowledged for 2 min → high */
  VIGIL_ALARM_LOG_LIMIT_CHANGE,
  VIGIL_N_ALARM_LOG_KINDS
} VigilAlarmLogKind;

typedef struct
{
  gint64              wall_us;     /* when, on the monitor's clock */
  VigilAlarmLogKind   kind;
  VigilAlarmId        id;          /* the condition */
  VigilAlarmPriority  priority;    /* its priority at that moment */
  double              value;       /* the value at that moment, NAN if none */
  double              limit;       /* the limit, NAN if none; the new limit for a change */
  double              old_limit;   /* LIMIT_CHANGE only, NAN otherwise */
  char               *message;     /* the banner text then, e.g. "SpO₂ 88 < 90" */
  char               *who;         /* the person, NULL for the system */
} VigilAlarmLogEntry;

#define VIGIL_TYPE_ALARM_LOG_ENTRY (vigil_alarm_log_entry_get_type ())
#define VIGIL_TYPE_ALARM_LOG_KIND  (vigil_alarm_log_kind_get_type ())

GType               vigil_alarm_log_entry_get_type  (void) G_GNUC_CONST;
GType               vigil_alarm_log_kind_get_type   (void) G_GNUC_CONST;
VigilAlarmLogEntry *vigil_alarm_log_entry_new       (VigilAlarmLogKind          kind,
                                                     VigilAlarmId               id);
VigilAlarmLogEntry *vigil_alarm_log_entry_copy      (const VigilAlarmLogEntry  *self);
void                vigil_alarm_log_entry_free      (VigilAlarmLogEntry        *self);
const char         *vigil_alarm_log_kind_to_string  (VigilAlarmLogKind          kind);
const char         *vigil_alarm_log_kind_to_label   (VigilAlarmLogKind          kind);
gboolean            vigil_alarm_log_kind_from_string (const char               *name,
                                                     VigilAlarmLogKind         *out_kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAlarmLogEntry, vigil_alarm_log_entry_free)

G_END_DECLS
