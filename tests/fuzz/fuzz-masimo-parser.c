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
#include "fuzz-common.h"

#include "vigil-masimo-parser.h"
#include "vigil-masimo-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Device times: two-digit years are 2000–2099, give or take a day of
 * time zone. */
#define MIN_DEVICE_TIME_US (G_GINT64_CONSTANT (946684800) * G_USEC_PER_SEC - G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define MAX_DEVICE_TIME_US (G_GINT64_CONSTANT (4102444800) * G_USEC_PER_SEC + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

typedef struct
{
  FuzzTally base;
  guint64   n_frame_errors;
  gboolean  sensor_off;    /* an episode is open */
  gboolean  signal_poor;
  guint64   frames_seen;   /* "frame" signals with valid TRUE */
} Tally;

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
  fuzz_check_observation (obs, known);
  CHECK (obs->device_time_us == 0 ||
         (obs->device_time_us >= MIN_DEVICE_TIME_US &&
          obs->device_time_us <= MAX_DEVICE_TIME_US));
  CHECK (obs->device_time_us % G_USEC_PER_SEC == 0);

  /* In range, and not while the sensor is off; off only within a
   * sensor-off episode. */
  if (obs->quality & VIGIL_QUALITY_VALID)
    {
      CHECK (obs->value >= 0);
      CHECK (obs->value <= (obs->parameter == VIGIL_PARAMETER_SPO2 ? 100 : 350));
      CHECK (!tally->sensor_off);
      /* Doubted exactly while the signal is poor. */
      CHECK (!!(obs->quality & VIGIL_QUALITY_QUESTIONABLE) == tally->signal_poor);
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

  fuzz_tally_observation (&tally->base, obs);
}

static void
on_technical_event (VigilParser               *parser,
                    const VigilTechnicalEvent *event,
                    Tally                     *tally)
{
  fuzz_check_technical_event (event);
  CHECK (event->message[0] != '\0');
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

  fuzz_tally_technical_event (&tally->base, event);
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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean tz_pinned;
  g_autoptr(VigilParser) chunked = NULL;
  g_autoptr(VigilParser) whole = NULL;
  Tally chunked_tally = { .base = FUZZ_TALLY_INIT };
  Tally whole_tally = { .base = FUZZ_TALLY_INIT };
  FuzzChunker chunker;
  gsize offset = 0;
  guint64 n_frames;
  gsize n_newlines;
  const char *identity;

  if (!tz_pinned)
    {
      g_setenv ("TZ", "UTC", TRUE);
      tz_pinned = TRUE;
    }

  if (size == 0)
    return 0;

  fuzz_chunker_init (&chunker, data[0]);
  data++;
  size--;

  chunked = new_parser (&chunked_tally);
  vigil_parser_connected (chunked, 0);
  while (offset < size)
    {
      gsize chunk = fuzz_chunker_next (&chunker, size - offset);

      vigil_parser_feed (chunked, data + offset, chunk);
      vigil_parser_tick (chunked, (gint64) offset * 1000);
      offset += chunk;
    }

  whole = new_parser (&whole_tally);
  vigil_parser_feed (whole, data, size);

  fuzz_check_feeds_agree (chunked, &chunked_tally.base, whole, &whole_tally.base);
  CHECK (vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (chunked)) ==
         vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (whole)));
  CHECK (vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (whole)) <=
         VIGIL_MASIMO_MAX_LINE);
  CHECK (g_strcmp0 (vigil_parser_get_identity (chunked),
                    vigil_parser_get_identity (whole)) == 0);

  /* A good line needs its own LF; two observations at most a line; every
   * bad frame was reported once; every good one announced. */
  n_frames = vigil_parser_get_frames_ok (whole);
  n_newlines = fuzz_count_byte (data, size, '\n');
  CHECK (n_frames + vigil_parser_get_frames_bad (whole) <= n_newlines + 1);
  CHECK (n_frames <= n_newlines);
  CHECK (whole_tally.base.n_observations <= n_frames * 2);
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
    guint64 before = whole_tally.base.n_observations;

    vigil_parser_feed (whole, (const guint8 *) line, sizeof line - 1);
    CHECK (whole_tally.base.n_observations == before + 2);
    CHECK (!whole_tally.sensor_off && !whole_tally.signal_poor);
  }

  return 0;
}
