/* fuzz-nonin-parser.c — libFuzzer target for the Nonin parser (data formats 8 and 7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of the input seeds the chunk sizes (bit 7: the host side
 * asked for format 7 first, as after connected()); the rest is fed to a
 * VigilNoninParser in those chunks and, again, in one piece. Whatever the
 * bytes, every observation, event and pleth sample must be sane and the
 * two feeds must agree. See README.md in this directory.
 */
#include "fuzz-common.h"

#include "vigil-nonin-parser.h"
#include "vigil-nonin-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  FuzzTally base;
  guint64   n_samples;
  guint64   n_transmits;
  guint64   n_frame_errors;
} Tally;

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Tally                  *tally)
{
  const VigilQuality known = VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE |
                             VIGIL_QUALITY_SENSOR_OFF;

  /* Nonin sends SpO2 and the pulse rate, nothing else. */
  CHECK (obs->parameter == VIGIL_PARAMETER_SPO2 ||
         obs->parameter == VIGIL_PARAMETER_PULSE_RATE);
  fuzz_check_observation (obs, known);
  CHECK (obs->device_time_us == 0);
  CHECK (isnan (obs->perfusion_index));

  if (obs->quality & VIGIL_QUALITY_VALID)
    {
      /* A whole number in range. */
      CHECK (obs->value == floor (obs->value));
      CHECK (obs->value >= 0);
      if (obs->parameter == VIGIL_PARAMETER_SPO2)
        CHECK (obs->value <= 100);
      else
        CHECK (obs->value <= 350);
    }

  fuzz_tally_observation (&tally->base, obs);
}

static void
on_technical_event (VigilParser               *parser,
                    const VigilTechnicalEvent *event,
                    Tally                     *tally)
{
  fuzz_check_technical_event (event);
  switch (event->kind)
    {
    case VIGIL_TECHNICAL_FRAME_ERROR:
      tally->n_frame_errors++;
      CHECK (event->parameter == -1);
      break;
    case VIGIL_TECHNICAL_DEVICE_NOTICE:
      CHECK (event->parameter == -1);
      break;
    case VIGIL_TECHNICAL_SENSOR_OFF:
    case VIGIL_TECHNICAL_SENSOR_ON:
    case VIGIL_TECHNICAL_SIGNAL_POOR:
    case VIGIL_TECHNICAL_SIGNAL_GOOD:
      CHECK (event->parameter == VIGIL_PARAMETER_SPO2);
      break;
    case VIGIL_TECHNICAL_CONNECTED:
    case VIGIL_TECHNICAL_DISCONNECTED:
    case VIGIL_TECHNICAL_STALE:
    case VIGIL_TECHNICAL_DATA_RESUMED:
    case VIGIL_TECHNICAL_NIBP_FAILED:
    case VIGIL_TECHNICAL_NIBP_OLD:
    case VIGIL_TECHNICAL_DEMO_DATA:
    case VIGIL_N_TECHNICAL_KINDS:
    default:
      CHECK (!"unexpected technical event from the Nonin parser");
    }

  fuzz_tally_technical_event (&tally->base, event);
}

static void
on_waveform (VigilParser               *parser,
             const VigilWaveformSample *sample,
             Tally                     *tally)
{
  CHECK (sample->rate_hz == VIGIL_NONIN_DF7_RATE_HZ);
  CHECK (fuzz_in_range_or_nan (sample->value, 0.0, 1.0));
  CHECK (sample->host_wall_us == 0 && sample->host_monotonic_us == 0);
  fuzz_digest_double (&tally->base, sample->value);
  fuzz_digest_bytes (&tally->base, &sample->artifact, sizeof sample->artifact);
  tally->n_samples++;
}

static void
on_transmit (VigilParser *parser,
             GBytes      *bytes,
             Tally       *tally)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  /* Only format commands, and only for format 7 or 8. */
  CHECK (length == VIGIL_NONIN_COMMAND_LENGTH);
  CHECK (data[4] == VIGIL_NONIN_FORMAT_7 || data[4] == VIGIL_NONIN_FORMAT_8);
  tally->n_transmits++;
}

static VigilNoninParser *
new_parser (Tally    *tally,
            gboolean  connected)
{
  VigilNoninParser *parser = VIGIL_NONIN_PARSER (vigil_nonin_parser_new ());

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), tally);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), tally);
  g_signal_connect (parser, "waveform", G_CALLBACK (on_waveform), tally);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_transmit), tally);
  if (connected)
    vigil_parser_connected (VIGIL_PARSER (parser), 0);
  return parser;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VigilNoninParser) chunked = NULL;
  g_autoptr(VigilNoninParser) whole = NULL;
  Tally chunked_tally = { .base = FUZZ_TALLY_INIT };
  Tally whole_tally = { .base = FUZZ_TALLY_INIT };
  gboolean connected;
  guint8 seed;
  guint64 n_frames;

  if (size == 0)
    return 0;

  connected = (data[0] & 0x80) != 0;
  seed = data[0];
  data++;
  size--;

  chunked = new_parser (&chunked_tally, connected);
  fuzz_feed_in_chunks (VIGIL_PARSER (chunked), seed, data, size);

  whole = new_parser (&whole_tally, connected);
  vigil_parser_feed (VIGIL_PARSER (whole), data, size);

  fuzz_check_feeds_agree (VIGIL_PARSER (chunked), &chunked_tally.base,
                          VIGIL_PARSER (whole), &whole_tally.base);
  CHECK (chunked_tally.n_samples == whole_tally.n_samples);
  CHECK (vigil_parser_get_frames_bad (VIGIL_PARSER (chunked)) ==
         vigil_parser_get_frames_bad (VIGIL_PARSER (whole)));
  CHECK (vigil_nonin_parser_get_format (chunked) == vigil_nonin_parser_get_format (whole));

  /* Feeding sends nothing; connected() sends one command. */
  CHECK (whole_tally.n_transmits == (connected ? 1 : 0));

  /* Numbers come in pairs, at most one pair a frame; a pleth sample
   * needs a 5-byte frame; every reported error is also counted. */
  n_frames = vigil_parser_get_frames_ok (VIGIL_PARSER (whole));
  CHECK (n_frames <= size);
  CHECK (whole_tally.base.n_observations % 2 == 0);
  CHECK (whole_tally.base.n_observations <= 2 * n_frames);
  CHECK (whole_tally.n_samples * VIGIL_NONIN_DF7_FRAME_LENGTH <= size);
  CHECK (whole_tally.n_frame_errors <= vigil_parser_get_frames_bad (VIGIL_PARSER (whole)));
  CHECK (vigil_parser_get_frames_bad (VIGIL_PARSER (whole)) <= size);

  /* A reset in the middle leaves a parser that still reads frames. */
  vigil_parser_reset (VIGIL_PARSER (whole));
  CHECK (vigil_nonin_parser_get_format (whole) == 0);

  return 0;
}
