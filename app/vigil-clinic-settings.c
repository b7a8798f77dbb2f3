/* vigil-clinic-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clinic's medical director sets alarm limits once (the "alarm-limits"
 * GSettings key); every session starts from them. Only what differs from
 * the factory defaults is stored, so a new Vigil version's defaults still
 * reach the clinic where it changed nothing.
 */
#include "vigil-clinic-settings.h"

#include <glib/gi18n.h>
#include <math.h>

static gboolean
read_double (GVariantDict *dict,
             const char   *name,
             double       *out)
{
  GVariant *value = g_variant_dict_lookup_value (dict, name, NULL);
  gboolean found = FALSE;

  if (value == NULL)
    return FALSE;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      *out = g_variant_get_double (value);
      found = TRUE;
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    {
      *out = g_variant_get_int32 (value);
      found = TRUE;
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    {
      *out = g_variant_get_uint32 (value);
      found = TRUE;
    }
  g_variant_unref (value);
  return found;
}

static gboolean
read_priority (GVariantDict       *dict,
               VigilAlarmPriority *out)
{
  const char *name = NULL;

  if (!g_variant_dict_lookup (dict, "priority", "&s", &name))
    return FALSE;
  for (VigilAlarmPriority p = VIGIL_ALARM_PRIORITY_LOW; p <= VIGIL_ALARM_PRIORITY_HIGH; p++)
    if (g_strcmp0 (name, vigil_alarm_priority_to_string (p)) == 0)
      {
        *out = p;
        return TRUE;
      }
  return FALSE;
}

static gboolean
apply_one (VigilAlarmLimits  *limits,
           const char        *key,
           GVariant          *fields,
           GError           **error)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (fields);
  VigilAlarmSetting setting;
  VigilAlarmId id;
  double number;
  gboolean latching;

  if (!vigil_alarm_from_key (key, &id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown alarm condition “%s” in the clinic's alarm limits."), key);
      return FALSE;
    }

  setting = *vigil_alarm_limits_get (limits, id);
  if (read_double (&dict, "threshold", &number))
    setting.threshold = number;
  if (read_double (&dict, "threshold2", &number))
    setting.threshold2 = number;
  if (read_double (&dict, "delay-s", &number))
    setting.delay_us = (gint64) (number * G_USEC_PER_SEC);
  if (read_double (&dict, "repeat-s", &number))
    setting.repeat_us = (gint64) (number * G_USEC_PER_SEC);
  if (read_double (&dict, "interval-s", &number))
    setting.interval_us = (gint64) (number * G_USEC_PER_SEC);
  if (read_double (&dict, "window-s", &number))
    setting.window_us = (gint64) (number * G_USEC_PER_SEC);
  if (read_double (&dict, "sat-seconds", &number))
    setting.sat_seconds = number;
  if (read_double (&dict, "count", &number))
    setting.count = (guint) number;
  if (g_variant_dict_lookup (&dict, "latching", "b", &latching))
    setting.latching = latching;
  read_priority (&dict, &setting.priority);

  return vigil_alarm_limits_set (limits, id, &setting, error);
}

/**
 * vigil_clinic_settings_apply_alarm_limits:
 * @overrides: an `a{sa{sv}}` dictionary, condition key → fields
 *
 * Applies every valid override. A wrong one leaves that condition at its
 * factory default and is reported in @error (the first one), so a typo in
 * the configuration never silently weakens an alarm.
 */
gboolean
vigil_clinic_settings_apply_alarm_limits (GVariant          *overrides,
                                          VigilAlarmLimits  *limits,
                                          GError           **error)
{
  g_autoptr(GError) first_error = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *fields;

  g_return_val_if_fail (g_variant_is_of_type (overrides, G_VARIANT_TYPE ("a{sa{sv}}")), FALSE);
  g_return_val_if_fail (VIGIL_IS_ALARM_LIMITS (limits), FALSE);

  g_variant_iter_init (&iter, overrides);
  while (g_variant_iter_next (&iter, "{&s@a{sv}}", &key, &fields))
    {
      g_autoptr(GError) local_error = NULL;

      if (!apply_one (limits, key, fields, &local_error) && first_error == NULL)
        first_error = g_steal_pointer (&local_error);
      g_variant_unref (fields);
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

/* Who is at the bedside, for the log: the configured name or the login. */
char *
vigil_clinic_settings_get_user_name (GSettings *settings)
{
  g_autofree char *name = NULL;

  if (settings != NULL)
    name = g_settings_get_string (settings, "user-name");
  if (name == NULL || *name == '\0')
    return g_strdup (g_get_user_name ());
  return g_steal_pointer (&name);
}

/**
 * vigil_clinic_settings_read_treatment:
 * @overrides: the `a{sv}` "treatment" setting
 * @config: (out): the treatment's durations and schedules
 * @gates: (out): the pre-infusion checklist's gates
 *
 * Fills both from the factory defaults and the clinic's overrides. An
 * unknown name or an unsafe value leaves everything at the factory defaults
 * and says what was wrong, so that a typo never shortens an infusion.
 */
gboolean
vigil_clinic_settings_read_treatment (GVariant               *overrides,
                                      VigilTreatmentConfig   *config,
                                      VigilChecklistSettings *gates,
                                      GError                **error)
{
  static const struct {
    const char *name;
    gboolean    gate;      /* a checklist gate, else a treatment duration */
    gsize       offset;
    gint64      unit_us;   /* minutes or hours for durations; 0: a plain number */
  } fields[] = {
    { "infusion-min", FALSE, G_STRUCT_OFFSET (VigilTreatmentConfig, infusion_duration_us), G_TIME_SPAN_MINUTE },
    { "recovery-minimum-min", FALSE, G_STRUCT_OFFSET (VigilTreatmentConfig, recovery_minimum_us), G_TIME_SPAN_MINUTE },
    { "recovery-default-min", FALSE, G_STRUCT_OFFSET (VigilTreatmentConfig, recovery_default_us), G_TIME_SPAN_MINUTE },
    { "nibp-infusion-min", FALSE, G_STRUCT_OFFSET (VigilTreatmentConfig, nibp_infusion_interval_us), G_TIME_SPAN_MINUTE },
    { "nibp-recovery-min", FALSE, G_STRUCT_OFFSET (VigilTreatmentConfig, nibp_recovery_interval_us), G_TIME_SPAN_MINUTE },
    { "moaas-min", FALSE, G_STRUCT_OFFSET (VigilTreatmentConfig, moaas_interval_us), G_TIME_SPAN_MINUTE },
    { "food-fasting-h", TRUE, G_STRUCT_OFFSET (VigilChecklistSettings, food_fasting_us), G_TIME_SPAN_HOUR },
    { "liquid-fasting-min", TRUE, G_STRUCT_OFFSET (VigilChecklistSettings, liquid_fasting_us), G_TIME_SPAN_MINUTE },
    { "sys-review-above", TRUE, G_STRUCT_OFFSET (VigilChecklistSettings, sys_review_above), 0 },
    { "dia-review-above", TRUE, G_STRUCT_OFFSET (VigilChecklistSettings, dia_review_above), 0 },
    { "hr-min", TRUE, G_STRUCT_OFFSET (VigilChecklistSettings, hr_min), 0 },
    { "hr-max", TRUE, G_STRUCT_OFFSET (VigilChecklistSettings, hr_max), 0 },
    { "spo2-min", TRUE, G_STRUCT_OFFSET (VigilChecklistSettings, spo2_min), 0 },
  };
  VigilTreatmentConfig read_config;
  VigilChecklistSettings read_gates;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_return_val_if_fail (g_variant_is_of_type (overrides, G_VARIANT_TYPE_VARDICT), FALSE);

  vigil_treatment_config_init (config);
  vigil_checklist_settings_init (gates);
  read_config = *config;
  read_gates = *gates;

  g_variant_iter_init (&iter, overrides);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      g_autoptr(GVariant) owned = value;
      g_auto(GVariantDict) one = G_VARIANT_DICT_INIT (NULL);
      double number = NAN;
      guint i;

      g_variant_dict_insert_value (&one, name, value);
      for (i = 0; i < G_N_ELEMENTS (fields); i++)
        if (g_str_equal (fields[i].name, name))
          break;
      if (i == G_N_ELEMENTS (fields) || !read_double (&one, name, &number)
          || !isfinite (number) || number < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The clinic's treatment setting “%s” is unknown or not a number; "
                         "the factory settings are used."), name);
          return FALSE;
        }

      if (fields[i].gate)
        {
          guint8 *base = (guint8 *) &read_gates;

          if (fields[i].unit_us != 0)
            *(gint64 *) (base + fields[i].offset) = (gint64) (number * fields[i].unit_us);
          else
            *(double *) (base + fields[i].offset) = number;
        }
      else
        *(gint64 *) ((guint8 *) &read_config + fields[i].offset) = (gint64) (number * fields[i].unit_us);
    }

  /* CADSS-6 comes at the end of the infusion, however long the clinic's. */
  if (read_config.cadss_at_us > read_config.infusion_duration_us)
    read_config.cadss_at_us = read_config.infusion_duration_us;
  if (!vigil_treatment_config_validate (&read_config, error))
    return FALSE;
  if (read_gates.hr_min >= read_gates.hr_max || read_gates.spo2_min > 100)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The clinic's checklist gates are not consistent (heart rate range or "
                             "SpO₂ minimum); the factory settings are used."));
      return FALSE;
    }

  *config = read_config;
  *gates = read_gates;
  return TRUE;
}
