/* vigil-waveform-sample.h — one point of a waveform (the oximeter's pleth)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Waveforms are drawn, never alarmed on or stored as vitals, so a sample is
 * just a height: the device's raw number scaled into 0..1 by the parser. */
typedef struct
{
  double   value;             /* 0 (bottom) .. 1 (top); NAN while the device has no signal */
  double   rate_hz;           /* the device's sample rate (75 for the Nonin pleth) */
  gboolean artifact;          /* the device flags this stretch as unreliable */
  gint64   host_wall_us;      /* arrival, stamped by the device object */
  gint64   host_monotonic_us;
} VigilWaveformSample;

#define VIGIL_TYPE_WAVEFORM_SAMPLE (vigil_waveform_sample_get_type ())

GType                vigil_waveform_sample_get_type (void) G_GNUC_CONST;
VigilWaveformSample *vigil_waveform_sample_copy     (const VigilWaveformSample *self);
void                 vigil_waveform_sample_free     (VigilWaveformSample       *self);
char                *vigil_waveform_sample_to_json  (const VigilWaveformSample *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilWaveformSample, vigil_waveform_sample_free)

G_END_DECLS
