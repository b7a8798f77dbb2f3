/* fuzz-intellivue-parser.c — libFuzzer target for the IntelliVue parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of the input seeds the chunk sizes; the rest is fed to a
 * VigilIntellivueParser in those chunks and, again, in one piece, both
 * after connected() at the same time, so the host side answers too (its
 * transmitted frames are part of what must agree). Whatever the bytes,
 * every observation must be sane and the two feeds must agree; afterwards
 * the host side must still run and send whole frames.
 */
#include "fuzz-common.h"

#include "vigil-intellivue-frame.h"
#include "vigil-intellivue-parser.h"
#include "vigil-line-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  FuzzTally base;
  guint64   n_transmits;
} Tally;

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Tally                  *tally)
{
  const VigilQuality known = VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE;
  double min, max;

  fuzz_check_observation (obs, known);
  CHECK (obs->device_time_us >= 0);
  CHECK (isnan (obs->perfusion_index));

  vigil_line_protocol_parameter_range (obs->parameter, &min, &max);
  CHECK (fuzz_in_range_or_nan (obs->value, min, max));

  /* Nothing is doubted or off without a value. */
  if (!(obs->quality & VIGIL_QUALITY_VALID))
    CHECK (obs->quality == 0);

  if (obs->parameter == VIGIL_PARAMETER_NIBP)
    {
      /* Episodic: only readings, never an absent one. */
      CHECK (obs->quality & VIGIL_QUALITY_VALID);
      CHECK (isfinite (obs->diastolic) && fuzz_in_range_or_nan (obs->diastolic, min, max));
      CHECK (fuzz_in_range_or_nan (obs->mean, min, max));
      CHECK (obs->value >= obs->diastolic);
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
    case VIGIL_TECHNICAL_DEMO_DATA:
    case VIGIL_TECHNICAL_DEVICE_NOTICE:
      CHECK (event->parameter == -1);
      break;
    default:
      CHECK (!"unexpected technical event from the IntelliVue parser");
    }

  fuzz_tally_technical_event (&tally->base, event);
}

static void
on_transmit (VigilParser *parser,
             GBytes      *bytes,
             Tally       *tally)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (bytes, &n);

  /* Whole frames only. */
  CHECK (n >= 8 && p[0] == VIGIL_INTELLIVUE_BOF && p[n - 1] == VIGIL_INTELLIVUE_EOF);
  fuzz_digest_bytes (&tally->base, p, n);
  tally->n_transmits++;
}

static VigilParser *
new_parser (Tally *tally)
{
  VigilParser *parser = vigil_intellivue_parser_new ();

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), tally);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), tally);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_transmit), tally);
  vigil_parser_connected (parser, G_USEC_PER_SEC);
  return parser;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VigilParser) chunked = NULL;
  g_autoptr(VigilParser) whole = NULL;
  Tally chunked_tally = { .base = FUZZ_TALLY_INIT };
  Tally whole_tally = { .base = FUZZ_TALLY_INIT };
  guint8 seed;
  gsize offset = 0;
  guint64 n_frames;
  gboolean framed;
  g_autoptr(GByteArray) stream = NULL;

  if (size == 0)
    return 0;

  seed = data[0];
  framed = (data[0] & 0x80) != 0;
  data++;
  size--;

  /* With the top bit of the seed set, the rest is messages, each after a
   * u16 big-endian length, framed here with a good FCS: random bytes
   * rarely pass the FCS, and the message decoders need exploring too. */
  if (framed)
    {
      stream = g_byte_array_new ();
      while (offset + 2 <= size)
        {
          gsize n = MIN ((gsize) (data[offset] << 8 | data[offset + 1]), size - offset - 2);

          vigil_intellivue_frame_encode (stream, data + offset + 2, n);
          offset += 2 + n;
        }
      data = stream->data;
      size = stream->len;
    }

  chunked = new_parser (&chunked_tally);
  fuzz_feed_in_chunks (chunked, seed, data, size);

  whole = new_parser (&whole_tally);
  vigil_parser_feed (whole, data, size);

  fuzz_check_feeds_agree (chunked, &chunked_tally.base, whole, &whole_tally.base);
  CHECK (chunked_tally.n_transmits == whole_tally.n_transmits);
  CHECK (vigil_intellivue_parser_get_pending_length (VIGIL_INTELLIVUE_PARSER (chunked)) ==
         vigil_intellivue_parser_get_pending_length (VIGIL_INTELLIVUE_PARSER (whole)));

  /* A good frame takes at least BOF, header, FCS and EOF: 8 bytes. */
  n_frames = vigil_parser_get_frames_ok (whole);
  CHECK (n_frames <= size / 8);
  CHECK (vigil_parser_get_frames_bad (whole) <= size + 1);

  /* The host side keeps running after any input. */
  vigil_parser_tick (whole, 2 * G_USEC_PER_SEC);
  vigil_parser_tick (whole, 10 * G_USEC_PER_SEC);
  vigil_parser_connected (whole, 11 * G_USEC_PER_SEC);
  CHECK (whole_tally.n_transmits > chunked_tally.n_transmits);

  return 0;
}
