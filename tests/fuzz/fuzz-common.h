/* fuzz-common.h — what every fuzz target checks and counts alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included by each fuzz-NAME-parser.c; everything is static inline so
 * that each target stays one translation unit. Only the invariants that
 * hold for every parser are here: what a protocol adds stays in its
 * target. See README.md in this directory.
 */
#pragma once

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-parser.h"

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

/* What one feed of the input emitted. The chunked and the whole feed
 * must end with equal tallies; a target with more to count embeds this
 * as its first member. */
typedef struct
{
  guint64 n_observations;
  guint64 n_events;
  guint32 digest;   /* FNV-1a over every emitted item */
} FuzzTally;

#define FUZZ_TALLY_INIT { .digest = 2166136261u }

HARNESS static inline void
fuzz_digest_bytes (FuzzTally  *tally,
                   const void *data,
                   gsize       length)
{
  const guint8 *bytes = data;

  for (gsize i = 0; i < length; i++)
    tally->digest = (tally->digest ^ bytes[i]) * 16777619u;
}

static inline void
fuzz_digest_double (FuzzTally *tally,
                    double     value)
{
  /* All NANs are one. */
  if (isnan (value))
    value = NAN;
  fuzz_digest_bytes (tally, &value, sizeof value);
}

static inline gboolean
fuzz_in_range_or_nan (double value,
                      double min,
                      double max)
{
  return isnan (value) || (value >= min && value <= max);
}

/* Takes @json. */
static inline void
fuzz_check_json (char *json)
{
  CHECK (json != NULL && g_utf8_validate (json, -1, NULL));
  CHECK (json[0] == '{' && json[strlen (json) - 1] == '}');
  g_free (json);
}

/* What holds for any parser's observation; @known is the qualities the
 * protocol can report. */
static inline void
fuzz_check_observation (const VigilObservation *obs,
                        VigilQuality            known)
{
  CHECK (obs->parameter < VIGIL_N_PARAMETERS);
  CHECK (obs->unit == vigil_parameter_get_unit (obs->parameter));
  CHECK ((obs->quality & ~known) == 0);
  /* A parser knows nothing of the host's clocks. */
  CHECK (obs->host_wall_us == 0 && obs->host_monotonic_us == 0);

  /* A value is a number exactly when it is valid; never both valid and
   * off, and only a valid value can be doubted. */
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

  if (obs->parameter != VIGIL_PARAMETER_NIBP)
    {
      CHECK (isnan (obs->diastolic));
      CHECK (isnan (obs->mean));
    }
}

/* What holds for any parser's technical event; which kinds and which
 * parameters are the protocol's to say. */
static inline void
fuzz_check_technical_event (const VigilTechnicalEvent *event)
{
  CHECK (event->kind < VIGIL_N_TECHNICAL_KINDS);
  CHECK (event->message != NULL && g_utf8_validate (event->message, -1, NULL));
}

/* Counts @obs and folds every field into the digest, so that the two
 * feeds must agree on each of them. */
static inline void
fuzz_tally_observation (FuzzTally              *tally,
                        const VigilObservation *obs)
{
  fuzz_digest_bytes (tally, &obs->parameter, sizeof obs->parameter);
  fuzz_digest_bytes (tally, &obs->quality, sizeof obs->quality);
  fuzz_digest_bytes (tally, &obs->device_time_us, sizeof obs->device_time_us);
  fuzz_digest_double (tally, obs->value);
  fuzz_digest_double (tally, obs->diastolic);
  fuzz_digest_double (tally, obs->mean);
  fuzz_digest_double (tally, obs->perfusion_index);
  if (tally->n_observations + tally->n_events < MAX_JSON_ITEMS)
    fuzz_check_json (vigil_observation_to_json (obs));
  tally->n_observations++;
}

static inline void
fuzz_tally_technical_event (FuzzTally                 *tally,
                            const VigilTechnicalEvent *event)
{
  fuzz_digest_bytes (tally, &event->kind, sizeof event->kind);
  fuzz_digest_bytes (tally, &event->parameter, sizeof event->parameter);
  fuzz_digest_bytes (tally, event->message, strlen (event->message));
  if (tally->n_observations + tally->n_events < MAX_JSON_ITEMS)
    fuzz_check_json (vigil_technical_event_to_json (event));
  tally->n_events++;
}

/* Chunk sizes from the input's first byte: seed 0 feeds byte by byte,
 * larger seeds allow chunks up to 64 bytes. */
typedef struct
{
  gsize   max_chunk;
  guint32 state;
} FuzzChunker;

static inline void
fuzz_chunker_init (FuzzChunker *chunker,
                   guint8       seed)
{
  chunker->max_chunk = (seed % 64) + 1;
  chunker->state = seed * 2654435761u + 1;
}

/* The next chunk's size, at most @remaining. */
static inline gsize
fuzz_chunker_next (FuzzChunker *chunker,
                   gsize        remaining)
{
  /* xorshift32 */
  chunker->state ^= chunker->state << 13;
  chunker->state ^= chunker->state >> 17;
  chunker->state ^= chunker->state << 5;
  return MIN (1 + chunker->state % chunker->max_chunk, remaining);
}

/* Feeds @data to @parser in chunks whose sizes @seed decides. */
HARNESS static inline void
fuzz_feed_in_chunks (VigilParser   *parser,
                     guint8         seed,
                     const uint8_t *data,
                     size_t         size)
{
  FuzzChunker chunker;
  gsize offset = 0;

  fuzz_chunker_init (&chunker, seed);
  while (offset < size)
    {
      gsize chunk = fuzz_chunker_next (&chunker, size - offset);

      vigil_parser_feed (parser, data + offset, chunk);
      offset += chunk;
    }
}

/* The split of the bytes never changes what they mean: what the chunked
 * and the whole feed emitted and counted must be the same. */
static inline void
fuzz_check_feeds_agree (VigilParser     *chunked,
                        const FuzzTally *chunked_tally,
                        VigilParser     *whole,
                        const FuzzTally *whole_tally)
{
  CHECK (chunked_tally->n_observations == whole_tally->n_observations);
  CHECK (chunked_tally->n_events == whole_tally->n_events);
  CHECK (chunked_tally->digest == whole_tally->digest);
  CHECK (vigil_parser_get_frames_ok (chunked) == vigil_parser_get_frames_ok (whole));
  CHECK (vigil_parser_get_frames_bad (chunked) == vigil_parser_get_frames_bad (whole));
}

HARNESS static inline gsize
fuzz_count_byte (const uint8_t *data,
                 size_t         size,
                 uint8_t        byte)
{
  gsize n = 0;

  for (gsize i = 0; i < size; i++)
    if (data[i] == byte)
      n++;
  return n;
}
