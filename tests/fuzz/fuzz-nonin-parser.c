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
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-nonin-parser.h"
#include "vigil-nonin-protocol.h"

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

/* JSON is costly: only the first few items of an input are serialised. */
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
  guint64 n_samples;
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
  CHECK (obs->unit == vigil_parameter_get_unit (obs->parameter));
  CHECK ((obs->quality & ~known) == 0);
  CHECK (obs->host_wall_us == 0 && obs->host_monotonic_us == 0);
  CHECK (obs->device_time_us == 0);
  CHECK (isnan (obs->diastolic) && isnan (obs->mean) && isnan (obs->perfusion_index));

  if (obs->quality & VIGIL_QUALITY_VALID)
    {
      /* A whole number in range, never together with sensor off. */
      CHECK (isfinite (obs->value) && obs->value == floor (obs->value));
      CHECK (obs->value >= 0);
      if (obs->parameter == VIGIL_PARAMETER_SPO2)
        CHECK (obs->value <= 100);
      else
        CHECK (obs->value <= 350);
      CHECK ((obs->quality & VIGIL_QUALITY_SENSOR_OFF) == 0);
    }
  else
    {
      CHECK (isnan (obs->value));
      CHECK ((obs->quality & VIGIL_QUALITY_QUESTIONABLE) == 0);
    }

  digest_bytes (tally, &obs->parameter, sizeof obs->parameter);
  digest_bytes (tally, &obs->quality, sizeof obs->quality);
  digest_double (tally, obs->value);
  if (tally->n_observations + tally->n_events < MAX_JSON_ITEMS)
    check_json (vigil_observation_to_json (obs));
  tally->n_observations++;
}

static void
on_technical_event (VigilParser               *parser,
                    const VigilTechnicalEvent *event,
                    Tally                     *tally)
{
  CHECK (event->message != NULL && g_utf8_validate (event->message, -1, NULL));
  switch (event->kind)
    {
    case VIGIL_TECHNICAL_FRAME_ERROR:
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

  digest_bytes (tally, &event->kind, sizeof event->kind);
  digest_bytes (tally, event->message, strlen (event->message));
  if (tally->n_observations + tally->n_events < MAX_JSON_ITEMS)
    check_json (vigil_technical_event_to_json (event));
  tally->n_events++;
}

static void
on_waveform (VigilParser               *parser,
             const VigilWaveformSample *sample,
             Tally                     *tally)
{
  CHECK (sample->rate_hz == VIGIL_NONIN_DF7_RATE_HZ);
  CHECK (isnan (sample->value) || (sample->value >= 0.0 && sample->value <= 1.0));
  CHECK (sample->host_wall_us == 0 && sample->host_monotonic_us == 0);
  digest_double (tally, sample->value);
  digest_bytes (tally, &sample->artifact, sizeof sample->artifact);
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
  Tally chunked_tally = { 0, 0, 0, 0, 2166136261u };
  Tally whole_tally = { 0, 0, 0, 0, 2166136261u };
  gboolean connected;
  guint32 state;
  gsize max_chunk;
  gsize offset = 0;
  guint64 n_frames;

  if (size == 0)
    return 0;

  connected = (data[0] & 0x80) != 0;
  max_chunk = (data[0] % 64) + 1;
  state = data[0] * 2654435761u + 1;
  data++;
  size--;

  chunked = new_parser (&chunked_tally, connected);
  while (offset < size)
    {
      gsize chunk;

      /* xorshift32 */
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      chunk = MIN (1 + state % max_chunk, size - offset);
      vigil_parser_feed (VIGIL_PARSER (chunked), data + offset, chunk);
      offset += chunk;
    }

  whole = new_parser (&whole_tally, connected);
  vigil_parser_feed (VIGIL_PARSER (whole), data, size);

  /* The split of the bytes never changes what they mean. */
  CHECK (chunked_tally.n_observations == whole_tally.n_observations);
  CHECK (chunked_tally.n_events == whole_tally.n_events);
  CHECK (chunked_tally.n_samples == whole_tally.n_samples);
  CHECK (chunked_tally.digest == whole_tally.digest);
  CHECK (vigil_parser_get_frames_ok (VIGIL_PARSER (chunked)) ==
         vigil_parser_get_frames_ok (VIGIL_PARSER (whole)));
  CHECK (vigil_parser_get_frames_bad (VIGIL_PARSER (chunked)) ==
         vigil_parser_get_frames_bad (VIGIL_PARSER (whole)));
  CHECK (vigil_nonin_parser_get_bad_frames (chunked) ==
         vigil_nonin_parser_get_bad_frames (whole));
  CHECK (vigil_nonin_parser_get_format (chunked) == vigil_nonin_parser_get_format (whole));

  /* Feeding sends nothing; connected() sends one command. */
  CHECK (whole_tally.n_transmits == (connected ? 1 : 0));

  /* Numbers come in pairs, at most one pair a frame; a pleth sample
   * needs a 5-byte frame; every reported error is also counted. */
  n_frames = vigil_parser_get_frames_ok (VIGIL_PARSER (whole));
  CHECK (n_frames <= size);
  CHECK (whole_tally.n_observations % 2 == 0);
  CHECK (whole_tally.n_observations <= 2 * n_frames);
  CHECK (whole_tally.n_samples * VIGIL_NONIN_DF7_FRAME_LENGTH <= size);
  CHECK (vigil_parser_get_frames_bad (VIGIL_PARSER (whole)) <=
         vigil_nonin_parser_get_bad_frames (whole));
  CHECK (vigil_nonin_parser_get_bad_frames (whole) <= size);

  /* A reset in the middle leaves a parser that still reads frames. */
  vigil_parser_reset (VIGIL_PARSER (whole));
  CHECK (vigil_nonin_parser_get_format (whole) == 0);

  return 0;
}
