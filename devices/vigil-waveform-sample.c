/* vigil-waveform-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-waveform-sample.h"

#include <math.h>

G_DEFINE_BOXED_TYPE (VigilWaveformSample, vigil_waveform_sample,
                     vigil_waveform_sample_copy, vigil_waveform_sample_free)

VigilWaveformSample *
vigil_waveform_sample_copy (const VigilWaveformSample *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
vigil_waveform_sample_free (VigilWaveformSample *self)
{
  g_free (self);
}

char *
vigil_waveform_sample_to_json (const VigilWaveformSample *self)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  char rate[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("{\"type\":\"waveform\",\"value\":%s,\"rate_hz\":%s,"
                          "\"artifact\":%s,\"host_wall_us\":%" G_GINT64_FORMAT
                          ",\"host_monotonic_us\":%" G_GINT64_FORMAT "}",
                          isfinite (self->value)
                            ? g_ascii_formatd (value, sizeof value, "%.4f", self->value)
                            : "null",
                          g_ascii_formatd (rate, sizeof rate, "%g", self->rate_hz),
                          self->artifact ? "true" : "false",
                          self->host_wall_us, self->host_monotonic_us);
}
