/* fuzz-line-parser.c — libFuzzer target for the Vigil line parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of the input seeds the chunk sizes; the rest is fed to a
 * VigilLineParser in those chunks and, again, in one piece. Whatever the
 * bytes, every observation must be sane and the two feeds must agree.
 * See README.md in this directory.
 */
#include "fuzz-common.h"

#include "vigil-line-parser.h"
#include "vigil-line-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                FuzzTally              *tally)
{
  const VigilQuality known = VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE |
                             VIGIL_QUALITY_SENSOR_OFF | VIGIL_QUALITY_STALE;
  double min, max;

  fuzz_check_observation (obs, known);
  CHECK (obs->device_time_us >= 0);

  vigil_line_protocol_parameter_range (obs->parameter, &min, &max);
  CHECK (fuzz_in_range_or_nan (obs->value, min, max));

  if (obs->parameter == VIGIL_PARAMETER_NIBP)
    {
      CHECK (fuzz_in_range_or_nan (obs->diastolic, min, max));
      CHECK (fuzz_in_range_or_nan (obs->mean, min, max));
      CHECK (isnan (obs->value) == isnan (obs->diastolic));
      if (obs->quality & VIGIL_QUALITY_VALID)
        CHECK (obs->value >= obs->diastolic);
      CHECK ((obs->quality & VIGIL_QUALITY_SENSOR_OFF) == 0);
    }

  fuzz_tally_observation (tally, obs);
}

static void
on_technical_event (VigilParser               *parser,
                    const VigilTechnicalEvent *event,
                    FuzzTally                 *tally)
{
  fuzz_check_technical_event (event);
  switch (event->kind)
    {
    case VIGIL_TECHNICAL_FRAME_ERROR:
      CHECK (event->parameter == -1);
      break;
    case VIGIL_TECHNICAL_SENSOR_OFF:
    case VIGIL_TECHNICAL_SENSOR_ON:
      CHECK (event->parameter >= 0 && event->parameter < VIGIL_N_PARAMETERS);
      CHECK (event->parameter != VIGIL_PARAMETER_NIBP);
      break;
    case VIGIL_TECHNICAL_NIBP_FAILED:
      CHECK (event->parameter == VIGIL_PARAMETER_NIBP);
      break;
    case VIGIL_TECHNICAL_CONNECTED:
    case VIGIL_TECHNICAL_DISCONNECTED:
    case VIGIL_TECHNICAL_STALE:
    case VIGIL_TECHNICAL_DATA_RESUMED:
    case VIGIL_N_TECHNICAL_KINDS:
    default:
      /* A parser knows nothing of ports and time. */
      CHECK (!"unexpected technical event from a parser");
    }

  fuzz_tally_technical_event (tally, event);
}

static VigilLineParser *
new_parser (FuzzTally *tally)
{
  VigilLineParser *parser = vigil_line_parser_new ();

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), tally);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), tally);
  return parser;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VigilLineParser) chunked = NULL;
  g_autoptr(VigilLineParser) whole = NULL;
  FuzzTally chunked_tally = FUZZ_TALLY_INIT;
  FuzzTally whole_tally = FUZZ_TALLY_INIT;
  guint8 seed;
  gsize n_newlines = 0;
  guint64 n_frames;

  if (size == 0)
    return 0;

  seed = data[0];
  data++;
  size--;

  chunked = new_parser (&chunked_tally);
  fuzz_feed_in_chunks (VIGIL_PARSER (chunked), seed, data, size);

  whole = new_parser (&whole_tally);
  vigil_parser_feed (VIGIL_PARSER (whole), data, size);

  fuzz_check_feeds_agree (VIGIL_PARSER (chunked), &chunked_tally,
                          VIGIL_PARSER (whole), &whole_tally);
  CHECK (vigil_line_parser_get_pending_length (chunked) ==
         vigil_line_parser_get_pending_length (whole));
  CHECK (vigil_line_parser_get_pending_length (whole) < VIGIL_LINE_PROTOCOL_MAX_LINE);

  /* A good frame needs its own line end; at most 4 observations a line. */
  n_newlines = fuzz_count_byte (data, size, '\n');
  n_frames = vigil_parser_get_frames_ok (VIGIL_PARSER (whole));
  CHECK (n_frames <= n_newlines);
  CHECK (whole_tally.n_observations <= n_frames * VIGIL_N_PARAMETERS);
  CHECK (vigil_parser_get_frames_bad (VIGIL_PARSER (whole)) <= size);

  return 0;
}
