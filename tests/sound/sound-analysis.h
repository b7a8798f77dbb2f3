/* sound-analysis.h — measure synthesised or recorded alarm sounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written for the tests from the definitions in IEC 60601-1-8, without
 * reference to how the sounds are made: the pulses are found from the
 * envelope, their frequencies by a Goertzel scan.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  first;      /* first non-zero sample */
  guint  last;       /* last non-zero sample */
  guint  r10, r90;   /* envelope reaches 10 % / 90 % of the pulse's plateau */
  guint  f90, f10;   /* envelope last at 90 % / 10 % */
  guint  r99, f99;   /* the plateau (99 %) begins and ends */
  double peak;       /* largest |sample|, full scale = 1 */
  double frequency;  /* fundamental, Hz */
} SoundPulse;

/* Samples as doubles, full scale = 1. */
double     *sound_samples_from_s16le   (const guint8   *data,
                                        gsize           size,
                                        guint          *n_samples);

/* Every pulse (stretch of sound separated from the next by silence). */
GArray     *sound_find_pulses          (const double   *samples,
                                        guint           n_samples,
                                        guint           rate);

/* Amplitude of the component at @frequency (Hann-windowed Goertzel),
 * full scale = 1. */
double      sound_tone_amplitude       (const double   *samples,
                                        guint           n_samples,
                                        guint           rate,
                                        double          frequency);

/* The lowest strong component between @min_hz and @max_hz. */
double      sound_find_fundamental     (const double   *samples,
                                        guint           n_samples,
                                        guint           rate,
                                        double          min_hz,
                                        double          max_hz);

/* Harmonics 2f, 3f, … between 300 and 4000 Hz; their levels relative to
 * the fundamental go to @levels_db (up to @max_levels). Returns how many
 * are within ±15 dB of the fundamental. */
guint       sound_count_harmonics      (const double   *samples,
                                        guint           n_samples,
                                        guint           rate,
                                        double          fundamental,
                                        double         *levels_db,
                                        guint           max_levels,
                                        guint          *n_levels);

double      sound_samples_to_ms        (guint           samples,
                                        guint           rate);

G_END_DECLS
