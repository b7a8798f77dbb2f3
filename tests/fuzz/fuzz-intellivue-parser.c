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
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-intellivue-frame.h"
#include "vigil-intellivue-parser.h"
#include "vigil-line-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Not g_assert: it must also hold in builds with G_DISABLE_ASSERT. */
#define CHECK(condition)                                                   \
  G_STMT_START {                                                           \
    if (G_UNLIKELY (!(condition)))                                         \
      {                                                                    \
        fprintf (stderr, "%s:%d: invariant failed: %s\n",                  \
                 __FILE__, __LINE__, #condition);                          \
        abort ();                                                          \
      }                                                                    \
  } G_STMT_END

#define MAX_JSON_ITEMS 8

#if defined(__clang__) && __clang_major__ >= 13
# define HARNESS __attribute__((no_sanitize ("coverage")))
#else
# define HARNESS
#endif

typedef struct
{
  guint64 n_observations;
  guint64 n_events;
  guint64 n_transmits;
  guint32 digest;   /* FNV-1a over every emitted item */
} Tally;

HARNESS static void
digest_bytes (Tally      *tally,
              const void *data,
              gsize       length)
{
  const guint8 *bytes = data;

  for (gsize i = 0; i < length; i++)
    tally->digest = (tally->digest ^ bytes[i]) * 16777619u;
}

static void
digest_double (Tally  *tally,
               double  value)
{
  if (isnan (value))
    value = NAN;
  digest_bytes (tally, &value, sizeof value);
}

static void
check_json (char *json)
{
  CHECK (json != NULL && g_utf8_validate (json, -1, NULL));
  CHECK (json[0] == '{' && json[strlen (json) - 1] == '}');
  g_free (json);
}

static gboolean
in_range_or_nan (double value,
                 double min,
                 double max)
{
  return isnan (value) || (value >= min && value <= max);
}

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Tally                  *tally)
{
  const VigilQuality known = VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE;
  double min, max;

  CHECK (obs->parameter < VIGIL_N_PARAMETERS);
  CHECK (obs->unit == vigil_parameter_get_unit (obs->parameter));
  CHECK ((obs->quality & ~known) == 0);
  CHECK (obs->host_wall_us == 0 && obs->host_monotonic_us == 0);
  CHECK (obs->device_time_us >= 0);
  CHECK (isnan (obs->perfusion_index));

  vigil_line_protocol_parameter_range (obs->parameter, &min, &max);
  CHECK (in_range_or_nan (obs->value, min, max));

  if (obs->quality & VIGIL_QUALITY_VALID)
    CHECK (isfinite (obs->value));
  else
    {
      CHECK (isnan (obs->value));
      CHECK (obs->quality == 0);
    }

  if (obs->parameter == VIGIL_PARAMETER_NIBP)
    {
      /* Episodic: only readings, never an absent one. */
      CHECK (obs->quality & VIGIL_QUALITY_VALID);
      CHECK (isfinite (obs->diastolic) && in_range_or_nan (obs->diastolic, min, max));
      CHECK (in_range_or_nan (obs->mean, min, max));
      CHECK (obs->value >= obs->diastolic);
    }
  else
    {
      CHECK (isnan (obs->diastolic));
      CHECK (isnan (obs->mean));
    }

  digest_bytes (tally, &obs->parameter, sizeof obs->parameter);
  digest_bytes (tally, &obs->quality, sizeof obs->quality);
  digest_bytes (tally, &obs->device_time_us, sizeof obs->device_time_us);
  digest_double (tally, obs->value);
  digest_double (tally, obs->diastolic);
  digest_double (tally, obs->mean);
  if (tally->n_observations + tally->n_events < MAX_JSON_ITEMS)
    check_json (vigil_observation_to_json (obs));
  tally->n_observations++;
}

static void
on_technical_event (VigilParser               *parser,
                    const VigilTechnicalEvent *event,
                    Tally                     *tally)
{
  CHECK (event->kind < VIGIL_N_TECHNICAL_KINDS);
  CHECK (event->message != NULL && g_utf8_validate (event->message, -1, NULL));
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

  digest_bytes (tally, &event->kind, sizeof event->kind);
  digest_bytes (tally, event->message, strlen (event->message));
  if (tally->n_observations + tally->n_events < MAX_JSON_ITEMS)
    check_json (vigil_technical_event_to_json (event));
  tally->n_events++;
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
  digest_bytes (tally, p, n);
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
  Tally chunked_tally = { 0, 0, 0, 2166136261u };
  Tally whole_tally = { 0, 0, 0, 2166136261u };
  guint32 state;
  gsize max_chunk;
  gsize offset = 0;
  guint64 n_frames;
  gboolean framed;
  g_autoptr(GByteArray) stream = NULL;

  if (size == 0)
    return 0;

  max_chunk = (data[0] % 64) + 1;
  state = data[0] * 2654435761u + 1;
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
      offset = 0;
    }

  chunked = new_parser (&chunked_tally);
  while (offset < size)
    {
      gsize chunk;

      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      chunk = MIN (1 + state % max_chunk, size - offset);
      vigil_parser_feed (chunked, data + offset, chunk);
      offset += chunk;
    }

  whole = new_parser (&whole_tally);
  vigil_parser_feed (whole, data, size);

  /* The split of the bytes never changes what they mean. */
  CHECK (chunked_tally.n_observations == whole_tally.n_observations);
  CHECK (chunked_tally.n_events == whole_tally.n_events);
  CHECK (chunked_tally.n_transmits == whole_tally.n_transmits);
  CHECK (chunked_tally.digest == whole_tally.digest);
  CHECK (vigil_parser_get_frames_ok (chunked) == vigil_parser_get_frames_ok (whole));
  CHECK (vigil_parser_get_frames_bad (chunked) == vigil_parser_get_frames_bad (whole));
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
