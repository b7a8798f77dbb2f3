/* fuzz-line-parser.c — libFuzzer target for the Vigil line parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of the input seeds the chunk sizes; the rest is fed to a
 * VigilLineParser in those chunks and, again, in one piece. Whatever the
 * bytes, every observation must be sane and the two feeds must agree.
 * See README.md in this directory.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-line-parser.h"
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

/* JSON is costly: only the first few items of an input are also
 * serialised, the rest are checked field by field. */
#define MAX_JSON_ITEMS 8

/* The harness's own loops are not what the fuzzer should explore. */
#if defined(__clang__) && __clang_major__ >= 13
# define HARNESS __attribute__((no_sanitize ("coverage")))
#else
# define HARNESS
#endif

typedef struct
{
  guint64 n_observations;
  guint64 n_events;
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
  /* All NANs are one. */
  if (isnan (value))
    value = NAN;
  digest_bytes (tally, &value, sizeof value);
}

static void
check_json (Tally *tally,
            char  *json)
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
  const VigilQuality known = VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE |
                             VIGIL_QUALITY_SENSOR_OFF | VIGIL_QUALITY_STALE;
  double min, max;

  CHECK (obs->parameter < VIGIL_N_PARAMETERS);
  CHECK (obs->unit == vigil_parameter_get_unit (obs->parameter));
  CHECK ((obs->quality & ~known) == 0);
  CHECK (obs->host_wall_us == 0 && obs->host_monotonic_us == 0);
  CHECK (obs->device_time_us >= 0);

  vigil_line_protocol_parameter_range (obs->parameter, &min, &max);
  CHECK (in_range_or_nan (obs->value, min, max));

  /* A value is a number only when it is valid; never both valid and off. */
  if (obs->quality & VIGIL_QUALITY_VALID)
    {
      CHECK (isfinite (obs->value));
      CHECK ((obs->quality & VIGIL_QUALITY_SENSOR_OFF) == 0);
    }
  else
    {
      CHECK (isnan (obs->value));
      CHECK ((obs->quality & VIGIL_QUALITY_QUESTIONABLE) == 0);
    }

  if (obs->parameter == VIGIL_PARAMETER_NIBP)
    {
      CHECK (in_range_or_nan (obs->diastolic, min, max));
      CHECK (in_range_or_nan (obs->mean, min, max));
      CHECK (isnan (obs->value) == isnan (obs->diastolic));
      if (obs->quality & VIGIL_QUALITY_VALID)
        CHECK (obs->value >= obs->diastolic);
      CHECK ((obs->quality & VIGIL_QUALITY_SENSOR_OFF) == 0);
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
    check_json (tally, vigil_observation_to_json (obs));
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

  digest_bytes (tally, &event->kind, sizeof event->kind);
  digest_bytes (tally, &event->parameter, sizeof event->parameter);
  digest_bytes (tally, event->message, strlen (event->message));
  if (tally->n_observations + tally->n_events < MAX_JSON_ITEMS)
    check_json (tally, vigil_technical_event_to_json (event));
  tally->n_events++;
}

static VigilLineParser *
new_parser (Tally *tally)
{
  VigilLineParser *parser = vigil_line_parser_new ();

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), tally);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), tally);
  return parser;
}

HARNESS static gsize
count_newlines (const uint8_t *data,
                size_t         size)
{
  gsize n = 0;

  for (gsize i = 0; i < size; i++)
    if (data[i] == '\n')
      n++;
  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VigilLineParser) chunked = NULL;
  g_autoptr(VigilLineParser) whole = NULL;
  Tally chunked_tally = { 0, 0, 2166136261u };
  Tally whole_tally = { 0, 0, 2166136261u };
  guint32 state;
  gsize max_chunk;
  gsize offset = 0;
  gsize n_newlines = 0;
  guint64 n_frames;

  if (size == 0)
    return 0;

  /* Seed 0 feeds byte by byte; larger seeds allow chunks up to 64 bytes. */
  max_chunk = (data[0] % 64) + 1;
  state = data[0] * 2654435761u + 1;
  data++;
  size--;

  chunked = new_parser (&chunked_tally);
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

  whole = new_parser (&whole_tally);
  vigil_parser_feed (VIGIL_PARSER (whole), data, size);

  /* The split of the bytes never changes what they mean. */
  CHECK (chunked_tally.n_observations == whole_tally.n_observations);
  CHECK (chunked_tally.n_events == whole_tally.n_events);
  CHECK (chunked_tally.digest == whole_tally.digest);
  CHECK (vigil_parser_get_frames_ok (VIGIL_PARSER (chunked)) ==
         vigil_parser_get_frames_ok (VIGIL_PARSER (whole)));
  CHECK (vigil_parser_get_frames_bad (VIGIL_PARSER (chunked)) ==
         vigil_parser_get_frames_bad (VIGIL_PARSER (whole)));
  CHECK (vigil_line_parser_get_pending_length (chunked) ==
         vigil_line_parser_get_pending_length (whole));
  CHECK (vigil_line_parser_get_pending_length (whole) < VIGIL_LINE_PROTOCOL_MAX_LINE);

  /* A good frame needs its own line end; at most 4 observations a line. */
  n_newlines = count_newlines (data, size);
  n_frames = vigil_parser_get_frames_ok (VIGIL_PARSER (whole));
  CHECK (n_frames <= n_newlines);
  CHECK (whole_tally.n_observations <= n_frames * VIGIL_N_PARAMETERS);
  CHECK (vigil_parser_get_frames_bad (VIGIL_PARSER (whole)) <= size);

  return 0;
}
