/* vigil-line-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-line-protocol.h"

#include <math.h>
#include <string.h>

/**
 * vigil_line_protocol_checksum:
 * @body: the bytes strictly between `$` and `*`
 * @length: how many bytes of @body to use
 *
 * Returns: the XOR of the @length bytes of @body
 */
guint8
vigil_line_protocol_checksum (const char *body,
                              gsize       length)
{
  guint8 sum = 0;

  g_return_val_if_fail (body != NULL || length == 0, 0);

  for (gsize i = 0; i < length; i++)
    sum ^= (guint8) body[i];
  return sum;
}

/**
 * vigil_line_protocol_seal:
 * @body: a body such as `VGL,T=1700000000000,HR=72`
 *
 * Frames @body as a complete line: `$` + @body + `*` + checksum + CR LF.
 * The body is not checked, so a simulator can also seal deliberately
 * overlong or odd lines; a well-behaved sender keeps it printable ASCII
 * without `$` or `*`, at most %VIGIL_LINE_PROTOCOL_MAX_BODY bytes.
 *
 * Returns: (transfer full): the line, NUL-terminated
 */
char *
vigil_line_protocol_seal (const char *body)
{
  gsize length;

  g_return_val_if_fail (body != NULL, NULL);

  length = strlen (body);
  return g_strdup_printf ("$%s*%02X\r\n", body,
                          vigil_line_protocol_checksum (body, length));
}

/**
 * vigil_line_protocol_parameter_key:
 * @parameter: a parameter
 *
 * Returns: the key that carries @parameter on the wire, such as "SPO2"
 */
const char *
vigil_line_protocol_parameter_key (VigilParameter parameter)
{
  switch (parameter)
    {
    case VIGIL_PARAMETER_HR:
      return VIGIL_LINE_PROTOCOL_KEY_HR;
    case VIGIL_PARAMETER_SPO2:
      return VIGIL_LINE_PROTOCOL_KEY_SPO2;
    case VIGIL_PARAMETER_PULSE_RATE:
      return VIGIL_LINE_PROTOCOL_KEY_PR;
    case VIGIL_PARAMETER_NIBP:
      return VIGIL_LINE_PROTOCOL_KEY_NIBP;
    case VIGIL_N_PARAMETERS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * vigil_line_protocol_parameter_range:
 * @parameter: a parameter
 * @out_min: (out) (optional): the lowest valid value
 * @out_max: (out) (optional): the highest valid value
 *
 * The range a receiver accepts; a value outside it is dropped as a frame
 * error. For NIBP the range applies to each of sys, dia and mean.
 */
void
vigil_line_protocol_parameter_range (VigilParameter  parameter,
                                     double         *out_min,
                                     double         *out_max)
{
  double max;

  switch (parameter)
    {
    case VIGIL_PARAMETER_HR:
    case VIGIL_PARAMETER_PULSE_RATE:
      max = VIGIL_LINE_PROTOCOL_RATE_MAX;
      break;
    case VIGIL_PARAMETER_SPO2:
      max = VIGIL_LINE_PROTOCOL_SPO2_MAX;
      break;
    case VIGIL_PARAMETER_NIBP:
      max = VIGIL_LINE_PROTOCOL_PRESSURE_MAX;
      break;
    case VIGIL_N_PARAMETERS:
    default:
      g_return_if_reached ();
    }

  if (out_min != NULL)
    *out_min = 0.0;
  if (out_max != NULL)
    *out_max = max;
}

/* Integer or one decimal, never locale-dependent. */
static void
append_number (GString *out,
               double   value)
{
  double scaled = round (fabs (value) * 10.0);
  guint64 tenths;

  /* Far beyond any valid range anyway; keep the cast defined. */
  if (scaled > 1e15)
    scaled = 1e15;
  tenths = (guint64) scaled;

  if (value < 0 && tenths != 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, tenths / 10);
  if (tenths % 10 != 0)
    g_string_append_printf (out, ".%u", (guint) (tenths % 10));
}

/**
 * vigil_line_protocol_append_field:
 * @body: a body being built, starting with "VGL"
 * @observation: the value to encode
 *
 * Appends `,KEY=VALUE` for @observation: `OFF` when its quality says
 * sensor off, `---` when it is absent (not valid, or NAN), else the number
 * (NIBP as sys/dia/mean, an empty mean when NAN) with a `?` suffix when
 * questionable. Device time is not encoded here: append `,T=<ms>` yourself.
 */
void
vigil_line_protocol_append_field (GString                *body,
                                  const VigilObservation *observation)
{
  const char *key;

  g_return_if_fail (body != NULL);
  g_return_if_fail (observation != NULL);
  g_return_if_fail (observation->parameter < VIGIL_N_PARAMETERS);

  key = vigil_line_protocol_parameter_key (observation->parameter);
  g_string_append_printf (body, ",%s=", key);

  if ((observation->quality & VIGIL_QUALITY_SENSOR_OFF) != 0 &&
      observation->parameter != VIGIL_PARAMETER_NIBP)
    {
      g_string_append (body, VIGIL_LINE_PROTOCOL_OFF);
      return;
    }

  if ((observation->quality & VIGIL_QUALITY_VALID) == 0 ||
      !isfinite (observation->value) ||
      (observation->parameter == VIGIL_PARAMETER_NIBP &&
       !isfinite (observation->diastolic)))
    {
      g_string_append (body, VIGIL_LINE_PROTOCOL_ABSENT);
      return;
    }

  append_number (body, observation->value);
  if (observation->parameter == VIGIL_PARAMETER_NIBP)
    {
      g_string_append_c (body, '/');
      append_number (body, observation->diastolic);
      g_string_append_c (body, '/');
      if (isfinite (observation->mean))
        append_number (body, observation->mean);
    }
  if (observation->quality & VIGIL_QUALITY_QUESTIONABLE)
    g_string_append_c (body, VIGIL_LINE_PROTOCOL_QUESTIONABLE);
}
