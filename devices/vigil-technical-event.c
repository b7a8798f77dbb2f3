/* vigil-technical-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-technical-event.h"

G_DEFINE_BOXED_TYPE (VigilTechnicalEvent, vigil_technical_event,
                     vigil_technical_event_copy, vigil_technical_event_free)

static const char *kind_names[VIGIL_N_TECHNICAL_KINDS] = {
  [VIGIL_TECHNICAL_CONNECTED] = "connected",
  [VIGIL_TECHNICAL_DISCONNECTED] = "disconnected",
  [VIGIL_TECHNICAL_STALE] = "stale",
  [VIGIL_TECHNICAL_DATA_RESUMED] = "data-resumed",
  [VIGIL_TECHNICAL_SENSOR_OFF] = "sensor-off",
  [VIGIL_TECHNICAL_SENSOR_ON] = "sensor-on",
  [VIGIL_TECHNICAL_NIBP_FAILED] = "nibp-failed",
  [VIGIL_TECHNICAL_FRAME_ERROR] = "frame-error",
  [VIGIL_TECHNICAL_SIGNAL_POOR] = "signal-poor",
  [VIGIL_TECHNICAL_SIGNAL_GOOD] = "signal-good",
  [VIGIL_TECHNICAL_NIBP_OLD] = "nibp-old",
  [VIGIL_TECHNICAL_DEMO_DATA] = "demo-data",
  [VIGIL_TECHNICAL_DEVICE_NOTICE] = "device-notice",
};

VigilTechnicalEvent *
vigil_technical_event_new (VigilTechnicalKind  kind,
                           int                 parameter,
                           const char         *message)
{
  VigilTechnicalEvent *self;

  g_return_val_if_fail (kind < VIGIL_N_TECHNICAL_KINDS, NULL);

  self = g_new0 (VigilTechnicalEvent, 1);
  self->kind = kind;
  self->parameter = parameter;
  self->message = g_strdup (message);
  return self;
}

VigilTechnicalEvent *
vigil_technical_event_copy (const VigilTechnicalEvent *self)
{
  VigilTechnicalEvent *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->message = g_strdup (self->message);
  return copy;
}

void
vigil_technical_event_free (VigilTechnicalEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->message);
  g_free (self);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

char *
vigil_technical_event_to_json (const VigilTechnicalEvent *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new ("{\"type\":\"technical\",\"event\":");
  append_json_string (out, vigil_technical_kind_to_string (self->kind));
  if (self->parameter >= 0 && self->parameter < VIGIL_N_PARAMETERS)
    {
      g_string_append (out, ",\"parameter\":");
      append_json_string (out, vigil_parameter_to_string (self->parameter));
    }
  if (self->message != NULL)
    {
      g_string_append (out, ",\"message\":");
      append_json_string (out, self->message);
    }
  g_string_append_printf (out, ",\"host_wall_us\":%" G_GINT64_FORMAT
                          ",\"host_monotonic_us\":%" G_GINT64_FORMAT "}",
                          self->host_wall_us, self->host_monotonic_us);
  return g_string_free (out, FALSE);
}

const char *
vigil_technical_kind_to_string (VigilTechnicalKind kind)
{
  g_return_val_if_fail (kind < VIGIL_N_TECHNICAL_KINDS, "unknown");
  return kind_names[kind];
}
