/* vigil-alarm-log-entry.c — one line of the alarm log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain boxed struct: the engine fills one per event and emits it on its
 * "log" signal; the store writes it to SQLite; the log page reads it back.
 * The kind names below are the GEnum nicks and the strings in the
 * database, so they must never change once released.
 */
#include "vigil-alarm-log-entry.h"

#include <glib/gi18n-lib.h>
#include <math.h>

G_DEFINE_BOXED_TYPE (VigilAlarmLogEntry, vigil_alarm_log_entry,
                     vigil_alarm_log_entry_copy, vigil_alarm_log_entry_free)

G_DEFINE_ENUM_TYPE (VigilAlarmLogKind, vigil_alarm_log_kind,
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LOG_START, "start"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LOG_END, "end"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LOG_ACKNOWLEDGE, "acknowledge"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LOG_AUDIO_PAUSE, "audio-pause"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LOG_AUDIO_RESUME, "audio-resume"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LOG_RESET, "reset"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LOG_ESCALATE, "escalate"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LOG_LIMIT_CHANGE, "limit-change"))

static const char *kind_names[VIGIL_N_ALARM_LOG_KINDS] = {
  [VIGIL_ALARM_LOG_START] = "start",
  [VIGIL_ALARM_LOG_END] = "end",
  [VIGIL_ALARM_LOG_ACKNOWLEDGE] = "acknowledge",
  [VIGIL_ALARM_LOG_AUDIO_PAUSE] = "audio-pause",
  [VIGIL_ALARM_LOG_AUDIO_RESUME] = "audio-resume",
  [VIGIL_ALARM_LOG_RESET] = "reset",
  [VIGIL_ALARM_LOG_ESCALATE] = "escalate",
  [VIGIL_ALARM_LOG_LIMIT_CHANGE] = "limit-change",
};

/**
 * vigil_alarm_log_entry_new:
 * @kind: what happened
 * @id: the condition it happened to
 *
 * Returns: (transfer full): an entry with no time, no priority, no value,
 *   no limits (NAN), no message and no person, for the caller to fill
 */
VigilAlarmLogEntry *
vigil_alarm_log_entry_new (VigilAlarmLogKind kind,
                           VigilAlarmId      id)
{
  VigilAlarmLogEntry *self;

  g_return_val_if_fail ((guint) kind < VIGIL_N_ALARM_LOG_KINDS, NULL);
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, NULL);

  self = g_new0 (VigilAlarmLogEntry, 1);
  self->kind = kind;
  self->id = id;
  self->priority = VIGIL_ALARM_PRIORITY_NONE;
  self->value = NAN;
  self->limit = NAN;
  self->old_limit = NAN;
  return self;
}

/**
 * vigil_alarm_log_entry_copy:
 *
 * Returns: (transfer full): a deep copy
 */
VigilAlarmLogEntry *
vigil_alarm_log_entry_copy (const VigilAlarmLogEntry *self)
{
  VigilAlarmLogEntry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->message = g_strdup (self->message);
  copy->who = g_strdup (self->who);
  return copy;
}

void
vigil_alarm_log_entry_free (VigilAlarmLogEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->message);
  g_free (self->who);
  g_free (self);
}

/**
 * vigil_alarm_log_kind_to_string:
 * @kind: a log kind
 *
 * Returns: "start", "end", "acknowledge", "audio-pause", "audio-resume",
 *   "reset", "escalate" or "limit-change": the GEnum nick, as stored
 */
const char *
vigil_alarm_log_kind_to_string (VigilAlarmLogKind kind)
{
  g_return_val_if_fail ((guint) kind < VIGIL_N_ALARM_LOG_KINDS, NULL);

  return kind_names[kind];
}

/**
 * vigil_alarm_log_kind_from_string:
 * @name: a name from vigil_alarm_log_kind_to_string()
 * @out_kind: (out) (optional): the kind
 *
 * Returns: %TRUE if @name is a log kind
 */
gboolean
vigil_alarm_log_kind_from_string (const char        *name,
                                  VigilAlarmLogKind *out_kind)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < VIGIL_N_ALARM_LOG_KINDS; i++)
    {
      if (g_str_equal (kind_names[i], name))
        {
          if (out_kind != NULL)
            *out_kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * vigil_alarm_log_kind_to_label:
 *
 * Returns: what happened, for people ("acknowledged"), translated
 */
const char *
vigil_alarm_log_kind_to_label (VigilAlarmLogKind kind)
{
  switch (kind)
    {
    case VIGIL_ALARM_LOG_START:
      return _("started");
    case VIGIL_ALARM_LOG_END:
      return _("ended");
    case VIGIL_ALARM_LOG_ACKNOWLEDGE:
      return _("acknowledged");
    case VIGIL_ALARM_LOG_AUDIO_PAUSE:
      return _("audio paused");
    case VIGIL_ALARM_LOG_AUDIO_RESUME:
      return _("audio resumed");
    case VIGIL_ALARM_LOG_RESET:
      return _("reset");
    case VIGIL_ALARM_LOG_ESCALATE:
      return _("escalated");
    case VIGIL_ALARM_LOG_LIMIT_CHANGE:
      return _("limit changed");
    case VIGIL_N_ALARM_LOG_KINDS:
    default:
      return "";
    }
}
