/* fuzz-masimo-parser.c — libFuzzer target for the Masimo ASCII 1 parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of the input seeds the chunk sizes; the rest is fed to a
 * VigilMasimoParser in those chunks and, again, in one piece. Whatever the
 * bytes, every observation and event must be sane, episodes must open
 * before they close, and the two feeds must agree. The device's clock is
 * read in UTC (TZ is pinned on the first call). See README.md here.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-masimo-parser.h"
#include "vigil-masimo-protocol.h"

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

/* Device times: two-digit years are 2000–2099, give or take a day of
 * time zone. */
#define MIN_DEVICE_TIME_US (G_GINT64_CONSTANT (946684800) * G_USEC_PER_SEC - G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define MAX_DEVICE_TIME_US (G_GINT64_CONSTANT (4102444800) * G_USEC_PER_SEC + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* The harness's own loops are not what the fuzzer should explore. */
#if defined(__clang__) && __clang_major__ >= 13
# define HARNESS __attribute__((no_sanitize ("coverage")))
#else
# define HARNESS
#endif

typedef struct
{
  guint64  n_observations;
  guint64  n_events;
  guint64  n_frame_errors;
  guint32  digest;        /* FNV-1a over every emitted item */
  gboolean sensor_off;    /* an episode is open */
  gboolean signal_poor;
  guint64  frames_seen;   /* "frame" signals with valid TRUE */
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

  /* An oximeter: SpO2 and its pulse rate, nothing else. */
  CHECK (obs->parameter == VIGIL_PARAMETER_SPO2 ||
         obs->parameter == VIGIL_PARAMETER_PULSE_RATE);
  CHECK (obs->unit == vigil_parameter_get_unit (obs->parameter));
  CHECK ((obs->quality & ~known) == 0);
  CHECK (obs->host_wall_us == 0 && obs->host_monotonic_us == 0);
  CHECK (obs->device_time_us == 0 ||
         (obs->device_time_us >= MIN_DEVICE_TIME_US &&
          obs->device_time_us <= MAX_DEVICE_TIME_US));
  CHECK (obs->device_time_us % G_USEC_PER_SEC == 0);
  CHECK (isnan (obs->diastolic) && isnan (obs->mean));

  /* A number exactly when valid; never valid and off; off only within a
   * sensor-off episode. */
  if (obs->quality & VIGIL_QUALITY_VALID)
    {
      CHECK (isfinite (obs->value));
      CHECK ((obs->quality & VIGIL_QUALITY_SENSOR_OFF) == 0);
      CHECK (obs->value >= 0);
      CHECK (obs->value <= (obs->parameter == VIGIL_PARAMETER_SPO2 ? 100 : 350));
      CHECK (!tally->sensor_off);
      /* Doubted exactly while the signal is poor. */
      CHECK (!!(obs->quality & VIGIL_QUALITY_QUESTIONABLE) == tally->signal_poor);
    }
  else
    {
      CHECK (isnan (obs->value));
      CHECK ((obs->quality & VIGIL_QUALITY_QUESTIONABLE) == 0);
    }
  if (obs->quality & VIGIL_QUALITY_SENSOR_OFF)
    CHECK (tally->sensor_off);

  /* PI only on a valid SpO2. */
  if (!isnan (obs->perfusion_index))
    {
      CHECK (obs->parameter == VIGIL_PARAMETER_SPO2);
      CHECK (obs->quality & VIGIL_QUALITY_VALID);
      CHECK (obs->perfusion_index >= 0 && obs->perfusion_index <= 100);
    }

  digest_bytes (tally, &obs->parameter, sizeof obs->parameter);
  digest_bytes (tally, &obs->quality, sizeof obs->quality);
  digest_bytes (tally, &obs->device_time_us, sizeof obs->device_time_us);
  digest_double (tally, obs->value);
  digest_double (tally, obs->perfusion_index);
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
  CHECK (event->message != NULL && event->message[0] != '\0');
  CHECK (g_utf8_validate (event->message, -1, NULL));
  switch (event->kind)
    {
    case VIGIL_TECHNICAL_FRAME_ERROR:
      CHECK (event->parameter == -1);
      tally->n_frame_errors++;
      break;
    case VIGIL_TECHNICAL_SENSOR_OFF:
      /* Again for a new cause within an episode is allowed. */
      CHECK (event->parameter == VIGIL_PARAMETER_SPO2);
      tally->sensor_off = TRUE;
      break;
    case VIGIL_TECHNICAL_SENSOR_ON:
      CHECK (event->parameter == VIGIL_PARAMETER_SPO2);
      CHECK (tally->sensor_off);
      tally->sensor_off = FALSE;
      break;
    case VIGIL_TECHNICAL_SIGNAL_POOR:
      CHECK (event->parameter == VIGIL_PARAMETER_SPO2);
      tally->signal_poor = TRUE;
      break;
    case VIGIL_TECHNICAL_SIGNAL_GOOD:
      CHECK (event->parameter == VIGIL_PARAMETER_SPO2);
      CHECK (tally->signal_poor);
      tally->signal_poor = FALSE;
      break;
    case VIGIL_TECHNICAL_DEVICE_NOTICE:
      CHECK (event->parameter == -1 || event->parameter == VIGIL_PARAMETER_SPO2);
      break;
    case VIGIL_TECHNICAL_NIBP_FAILED:
    case VIGIL_TECHNICAL_NIBP_OLD:
    case VIGIL_TECHNICAL_DEMO_DATA:
    case VIGIL_TECHNICAL_CONNECTED:
    case VIGIL_TECHNICAL_DISCONNECTED:
    case VIGIL_TECHNICAL_STALE:
    case VIGIL_TECHNICAL_DATA_RESUMED:
    case VIGIL_N_TECHNICAL_KINDS:
    default:
      /* No cuff, no demo mode in ASCII 1; a parser knows nothing of ports. */
      CHECK (!"unexpected technical event from the Masimo parser");
    }

  digest_bytes (tally, &event->kind, sizeof event->kind);
  digest_bytes (tally, &event->parameter, sizeof event->parameter);
  digest_bytes (tally, event->message, strlen (event->message));
  if (tally->n_observations + tally->n_events < MAX_JSON_ITEMS)
    check_json (vigil_technical_event_to_json (event));
  tally->n_events++;
}

static void
on_frame (VigilParser *parser,
          GBytes      *bytes,
          gboolean     valid,
          const char  *note,
          Tally       *tally)
{
  CHECK (note != NULL);
  CHECK (g_bytes_get_size (bytes) <= VIGIL_MASIMO_MAX_LINE);
  if (valid)
    tally->frames_seen++;
}

static void
on_transmit (VigilParser *parser,
             GBytes      *bytes,
             Tally       *tally)
{
  CHECK (!"ASCII 1 is passive: the parser must never transmit");
}

static VigilParser *
new_parser (Tally *tally)
{
  VigilParser *parser = vigil_masimo_parser_new ();

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), tally);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), tally);
  g_signal_connect (parser, "frame", G_CALLBACK (on_frame), tally);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_transmit), tally);
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
  static gboolean tz_pinned;
  g_autoptr(VigilParser) chunked = NULL;
  g_autoptr(VigilParser) whole = NULL;
  Tally chunked_tally = { .digest = 2166136261u };
  Tally whole_tally = { .digest = 2166136261u };
  guint32 state;
  gsize max_chunk;
  gsize offset = 0;
  guint64 n_frames;
  const char *identity;

  if (!tz_pinned)
    {
      g_setenv ("TZ", "UTC", TRUE);
      tz_pinned = TRUE;
    }

  if (size == 0)
    return 0;

  /* Seed 0 feeds byte by byte; larger seeds allow chunks up to 64 bytes. */
  max_chunk = (data[0] % 64) + 1;
  state = data[0] * 2654435761u + 1;
  data++;
  size--;

  chunked = new_parser (&chunked_tally);
  vigil_parser_connected (chunked, 0);
  while (offset < size)
    {
      gsize chunk;

      /* xorshift32 */
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      chunk = MIN (1 + state % max_chunk, size - offset);
      vigil_parser_feed (chunked, data + offset, chunk);
      vigil_parser_tick (chunked, (gint64) offset * 1000);
      offset += chunk;
    }

  whole = new_parser (&whole_tally);
  vigil_parser_feed (whole, data, size);

  /* The split of the bytes never changes what they mean. */
  CHECK (chunked_tally.n_observations == whole_tally.n_observations);
  CHECK (chunked_tally.n_events == whole_tally.n_events);
  CHECK (chunked_tally.digest == whole_tally.digest);
  CHECK (vigil_parser_get_frames_ok (chunked) == vigil_parser_get_frames_ok (whole));
  CHECK (vigil_parser_get_frames_bad (chunked) == vigil_parser_get_frames_bad (whole));
  CHECK (vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (chunked)) ==
         vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (whole)));
  CHECK (vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (whole)) <=
         VIGIL_MASIMO_MAX_LINE);
  CHECK (g_strcmp0 (vigil_parser_get_identity (chunked),
                    vigil_parser_get_identity (whole)) == 0);

  /* A good line needs its own LF; two observations at most a line; every
   * bad frame was reported once; every good one announced. */
  n_frames = vigil_parser_get_frames_ok (whole);
  CHECK (n_frames + vigil_parser_get_frames_bad (whole) <= count_newlines (data, size) + 1);
  CHECK (n_frames <= count_newlines (data, size));
  CHECK (whole_tally.n_observations <= n_frames * 2);
  CHECK (whole_tally.n_frame_errors == vigil_parser_get_frames_bad (whole));
  CHECK (whole_tally.frames_seen == n_frames);

  identity = vigil_parser_get_identity (whole);
  if (identity != NULL)
    {
      CHECK (g_str_has_prefix (identity, VIGIL_MASIMO_IDENTITY_PREFIX));
      CHECK (strlen (identity) > strlen (VIGIL_MASIMO_IDENTITY_PREFIX));
      for (const char *p = identity + strlen (VIGIL_MASIMO_IDENTITY_PREFIX); *p != '\0'; p++)
        CHECK (g_ascii_isalnum (*p));
    }

  /* After a reset, a good line is read whatever came before. */
  vigil_parser_reset (whole);
  {
    static const char line[] = "\n01/02/20 03:04:05 SPO2=097% BPM=070 EXC=000000\r\n";
    guint64 before = whole_tally.n_observations;

    vigil_parser_feed (whole, (const guint8 *) line, sizeof line - 1);
    CHECK (whole_tally.n_observations == before + 2);
    CHECK (!whole_tally.sensor_off && !whole_tally.signal_poor);
  }

  return 0;
}
