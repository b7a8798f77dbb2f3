/* vigil-alarm.c — the alarm conditions Vigil knows (CLINICAL.md, A1–A11, T1–T5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per condition: the code people and the log use, the key used in
 * settings and the database (also the GEnum nick), the title, whether it is
 * a technical condition, and the parameter it watches. The order of the
 * table is the order of VigilAlarmId.
 */
#include "vigil-alarm.h"

#include <glib/gi18n-lib.h>

G_DEFINE_ENUM_TYPE (VigilAlarmId, vigil_alarm_id,
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_SPO2_LOW, "spo2-low"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_SPO2_DESATURATION, "spo2-desaturation"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_HR_HIGH, "hr-high"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_HR_VERY_HIGH, "hr-very-high"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_HR_LOW, "hr-low"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_HR_VERY_LOW, "hr-very-low"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_NIBP_HIGH, "nibp-high"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_NIBP_SEVERE, "nibp-severe"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_NIBP_LOW, "nibp-low"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_NIBP_SEVERE_LOW, "nibp-severe-low"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_NIBP_RISE, "nibp-rise"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_LINK_LOST, "link-lost"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_SPO2_SENSOR_OFF, "spo2-sensor-off"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_NIBP_FAILED, "nibp-failed"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_NIBP_OVERDUE, "nibp-overdue"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_SOUND_UNAVAILABLE, "sound-unavailable"))

G_DEFINE_ENUM_TYPE (VigilAlarmPriority, vigil_alarm_priority,
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_PRIORITY_NONE, "none"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_PRIORITY_LOW, "low"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_PRIORITY_MEDIUM, "medium"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_PRIORITY_HIGH, "high"))

/* Titles are marked for translation here and translated where shown. */
static const VigilAlarmInfo alarm_table[VIGIL_N_ALARMS] = {
  { VIGIL_ALARM_SPO2_LOW,          "A1",  "spo2-low",          N_("SpO₂ low"),                FALSE, VIGIL_PARAMETER_SPO2 },
  { VIGIL_ALARM_SPO2_DESATURATION, "A2",  "spo2-desaturation", N_("SpO₂ desaturation"),       FALSE, VIGIL_PARAMETER_SPO2 },
  { VIGIL_ALARM_HR_HIGH,           "A3",  "hr-high",           N_("HR high"),                 FALSE, VIGIL_PARAMETER_HR },
  { VIGIL_ALARM_HR_VERY_HIGH,      "A4",  "hr-very-high",      N_("HR very high"),            FALSE, VIGIL_PARAMETER_HR },
  { VIGIL_ALARM_HR_LOW,            "A5",  "hr-low",            N_("HR low"),                  FALSE, VIGIL_PARAMETER_HR },
  { VIGIL_ALARM_HR_VERY_LOW,       "A6",  "hr-very-low",       N_("HR very low"),             FALSE, VIGIL_PARAMETER_HR },
  { VIGIL_ALARM_NIBP_HIGH,         "A7",  "nibp-high",         N_("NIBP high"),               FALSE, VIGIL_PARAMETER_NIBP },
  { VIGIL_ALARM_NIBP_SEVERE,       "A8",  "nibp-severe",       N_("NIBP severe"),             FALSE, VIGIL_PARAMETER_NIBP },
  { VIGIL_ALARM_NIBP_LOW,          "A9",  "nibp-low",          N_("NIBP low"),                FALSE, VIGIL_PARAMETER_NIBP },
  { VIGIL_ALARM_NIBP_SEVERE_LOW,   "A10", "nibp-severe-low",   N_("NIBP severe low"),         FALSE, VIGIL_PARAMETER_NIBP },
  { VIGIL_ALARM_NIBP_RISE,         "A11", "nibp-rise",         N_("BP rise from baseline"),   FALSE, VIGIL_PARAMETER_NIBP },
  { VIGIL_ALARM_LINK_LOST,         "T1",  "link-lost",         N_("Device link lost"),        TRUE,  -1 },
  { VIGIL_ALARM_SPO2_SENSOR_OFF,   "T2",  "spo2-sensor-off",   N_("SpO₂ sensor off"),         TRUE,  VIGIL_PARAMETER_SPO2 },
  { VIGIL_ALARM_NIBP_FAILED,       "T3",  "nibp-failed",       N_("NIBP measurement failed"), TRUE,  VIGIL_PARAMETER_NIBP },
  { VIGIL_ALARM_NIBP_OVERDUE,      "T4",  "nibp-overdue",      N_("NIBP overdue"),            TRUE,  VIGIL_PARAMETER_NIBP },
  { VIGIL_ALARM_SOUND_UNAVAILABLE, "T5",  "sound-unavailable", N_("Alarm sound unavailable"), TRUE,  -1 },
};

/**
 * vigil_alarm_get_info:
 * @id: a condition
 *
 * Returns: (transfer none): its row of the condition table, or %NULL if
 *   @id is not a condition
 */
const VigilAlarmInfo *
vigil_alarm_get_info (VigilAlarmId id)
{
  g_return_val_if_fail ((guint) id < VIGIL_N_ALARMS, NULL);

  g_assert (alarm_table[id].id == id);
  return &alarm_table[id];
}

/**
 * vigil_alarm_from_key:
 * @key_or_code: a key such as "spo2-low" or a code such as "A1" (codes
 *   in either case)
 * @out_id: (out) (optional): the condition
 *
 * Returns: %TRUE if @key_or_code names a condition
 */
gboolean
vigil_alarm_from_key (const char   *key_or_code,
                      VigilAlarmId *out_id)
{
  g_return_val_if_fail (key_or_code != NULL, FALSE);

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      if (g_str_equal (alarm_table[i].key, key_or_code) ||
          g_ascii_strcasecmp (alarm_table[i].code, key_or_code) == 0)
        {
          if (out_id != NULL)
            *out_id = alarm_table[i].id;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * vigil_alarm_priority_to_string:
 * @priority: a priority
 *
 * Returns: "none", "low", "medium" or "high" (the GEnum nick, for settings,
 *   the log and the database)
 */
const char *
vigil_alarm_priority_to_string (VigilAlarmPriority priority)
{
  switch (priority)
    {
    case VIGIL_ALARM_PRIORITY_NONE:
      return "none";
    case VIGIL_ALARM_PRIORITY_LOW:
      return "low";
    case VIGIL_ALARM_PRIORITY_MEDIUM:
      return "medium";
    case VIGIL_ALARM_PRIORITY_HIGH:
      return "high";
    default:
      g_return_val_if_reached ("none");
    }
}

/**
 * vigil_alarm_priority_get_marker:
 * @priority: a priority
 *
 * IEC 60601-1-8 markers, so priority is never told by colour alone.
 *
 * Returns: "!!!" (high), "!!" (medium), "!" (low) or "" (none)
 */
const char *
vigil_alarm_priority_get_marker (VigilAlarmPriority priority)
{
  switch (priority)
    {
    case VIGIL_ALARM_PRIORITY_NONE:
      return "";
    case VIGIL_ALARM_PRIORITY_LOW:
      return "!";
    case VIGIL_ALARM_PRIORITY_MEDIUM:
      return "!!";
    case VIGIL_ALARM_PRIORITY_HIGH:
      return "!!!";
    default:
      g_return_val_if_reached ("");
    }
}
