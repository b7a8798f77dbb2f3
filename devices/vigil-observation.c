/* vigil-observation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-observation.h"

#include <math.h>

G_DEFINE_BOXED_TYPE (VigilObservation, vigil_observation,
                     vigil_observation_copy, vigil_observation_free)

static const char *parameter_names[VIGIL_N_PARAMETERS] = {
  [VIGIL_PARAMETER_HR] = "hr",
  [VIGIL_PARAMETER_SPO2] = "spo2",
  [VIGIL_PARAMETER_PULSE_RATE] = "pr",
  [VIGIL_PARAMETER_NIBP] = "nibp",
};

void
vigil_observation_init (VigilObservation *self,
                        VigilParameter    parameter)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (parameter < VIGIL_N_PARAMETERS);

  *self = (VigilObservation) {
    .parameter = parameter,
    .unit = vigil_parameter_get_unit (parameter),
    .quality = 0,
    .value = NAN,
    .diastolic = NAN,
    .mean = NAN,
    .perfusion_index = NAN,
  };
}

VigilObservation *
vigil_observation_copy (const VigilObservation *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
vigil_observation_free (VigilObservation *self)
{
  g_free (self);
}

gboolean
vigil_observation_is_present (const VigilObservation *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!(self->quality & VIGIL_QUALITY_VALID))
    return FALSE;
  if (self->quality & (VIGIL_QUALITY_SENSOR_OFF | VIGIL_QUALITY_STALE))
    return FALSE;
  if (self->parameter == VIGIL_PARAMETER_NIBP)
    return isfinite (self->value) && isfinite (self->diastolic);
  return isfinite (self->value);
}

static void
append_number (GString    *out,
               const char *key,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON wants a dot whatever the locale's decimal mark. */
  if (isfinite (value))
    g_string_append_printf (out, ",\"%s\":%s", key,
                            g_ascii_formatd (buffer, sizeof buffer, "%g", value));
  else
    g_string_append_printf (out, ",\"%s\":null", key);
}

char *
vigil_observation_to_json (const VigilObservation *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new ("{\"type\":\"observation\"");
  g_string_append_printf (out, ",\"parameter\":\"%s\"",
                          vigil_parameter_to_string (self->parameter));
  if (self->parameter == VIGIL_PARAMETER_NIBP)
    {
      append_number (out, "systolic", self->value);
      append_number (out, "diastolic", self->diastolic);
      append_number (out, "mean", self->mean);
    }
  else
    append_number (out, "value", self->value);
  if (isfinite (self->perfusion_index))
    append_number (out, "perfusion_index", self->perfusion_index);
  g_string_append_printf (out, ",\"unit\":\"%s\"", vigil_unit_to_string (self->unit));
  g_string_append (out, ",\"quality\":[");
  {
    const char *sep = "";
    if (self->quality & VIGIL_QUALITY_VALID)
      { g_string_append_printf (out, "%s\"valid\"", sep); sep = ","; }
    if (self->quality & VIGIL_QUALITY_QUESTIONABLE)
      { g_string_append_printf (out, "%s\"questionable\"", sep); sep = ","; }
    if (self->quality & VIGIL_QUALITY_SENSOR_OFF)
      { g_string_append_printf (out, "%s\"sensor-off\"", sep); sep = ","; }
    if (self->quality & VIGIL_QUALITY_STALE)
      { g_string_append_printf (out, "%s\"stale\"", sep); sep = ","; }
  }
  g_string_append (out, "]");
  if (self->device_time_us != 0)
    g_string_append_printf (out, ",\"device_time_us\":%" G_GINT64_FORMAT, self->device_time_us);
  if (self->age_us > 0)
    g_string_append_printf (out, ",\"age_us\":%" G_GINT64_FORMAT, self->age_us);
  g_string_append_printf (out, ",\"host_wall_us\":%" G_GINT64_FORMAT
                          ",\"host_monotonic_us\":%" G_GINT64_FORMAT "}",
                          self->host_wall_us, self->host_monotonic_us);

  return g_string_free (out, FALSE);
}

const char *
vigil_parameter_to_string (VigilParameter parameter)
{
  g_return_val_if_fail (parameter < VIGIL_N_PARAMETERS, "unknown");
  return parameter_names[parameter];
}

gboolean
vigil_parameter_from_string (const char     *name,
                             VigilParameter *out_parameter)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < VIGIL_N_PARAMETERS; i++)
    {
      if (g_ascii_strcasecmp (name, parameter_names[i]) == 0)
        {
          if (out_parameter != NULL)
            *out_parameter = i;
          return TRUE;
        }
    }
  return FALSE;
}

VigilUnit
vigil_parameter_get_unit (VigilParameter parameter)
{
  switch (parameter)
    {
    case VIGIL_PARAMETER_HR:
    case VIGIL_PARAMETER_PULSE_RATE:
      return VIGIL_UNIT_PER_MINUTE;
    case VIGIL_PARAMETER_SPO2:
      return VIGIL_UNIT_PERCENT;
    case VIGIL_PARAMETER_NIBP:
      return VIGIL_UNIT_MMHG;
    case VIGIL_N_PARAMETERS:
    default:
      return VIGIL_UNIT_NONE;
    }
}

const char *
vigil_unit_to_string (VigilUnit unit)
{
  switch (unit)
    {
    case VIGIL_UNIT_PER_MINUTE:
      return "/min";
    case VIGIL_UNIT_PERCENT:
      return "%";
    case VIGIL_UNIT_MMHG:
      return "mmHg";
    case VIGIL_UNIT_NONE:
    default:
      return "";
    }
}
