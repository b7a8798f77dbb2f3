/* fuzz-datex-parser.c — libFuzzer target for the GE S/5 parser and the
 * simulated monitor's request handling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of the input seeds the chunk sizes; the rest is fed to a
 * VigilDatexParser in those chunks and, again, in one piece. Whatever the
 * bytes, every observation and event must be sane and the two feeds must
 * agree. The same bytes also go to a simulated monitor as if the host had
 * sent them: whatever it then sends must decode without a single bad
 * frame. See README.md in this directory.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-datex-frame.h"
#include "vigil-datex-parser.h"
#include "vigil-datex-sim.h"

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
  guint64  n_observations;
  guint64  n_events;
  gboolean sensor_off;  /* SENSOR_OFF and SENSOR_ON alternate */
  guint32  digest;      /* FNV-1a over every emitted item */
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
                 double max)
{
  return isnan (value) || (value >= 0 && value <= max);
}

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Tally                  *tally)
{
  const VigilQuality known = VIGIL_QUALITY_VALID | VIGIL_QUALITY_SENSOR_OFF;
  double max;

  CHECK (obs->parameter < VIGIL_N_PARAMETERS);
  CHECK (obs->unit == vigil_parameter_get_unit (obs->parameter));
  CHECK ((obs->quality & ~known) == 0);
  CHECK (obs->host_wall_us == 0 && obs->host_monotonic_us == 0);
  /* Unix seconds of a uint32, in µs. */
  CHECK (obs->device_time_us >= 0 && obs->device_time_us <= (gint64) G_MAXUINT32 * G_USEC_PER_SEC);
  CHECK (obs->device_time_us % G_USEC_PER_SEC == 0);
  CHECK (isnan (obs->perfusion_index));

  switch (obs->parameter)
    {
    case VIGIL_PARAMETER_SPO2:
      max = 100;
      break;
    case VIGIL_PARAMETER_NIBP:
      max = 350;
      break;
    case VIGIL_PARAMETER_HR:
    case VIGIL_PARAMETER_PULSE_RATE:
    case VIGIL_N_PARAMETERS:
    default:
      max = 350;
      break;
    }
  CHECK (in_range_or_nan (obs->value, max));

  if (obs->quality & VIGIL_QUALITY_VALID)
    {
      CHECK (isfinite (obs->value));
      CHECK ((obs->quality & VIGIL_QUALITY_SENSOR_OFF) == 0);
    }
  else
    CHECK (isnan (obs->value));

  if (obs->quality & VIGIL_QUALITY_SENSOR_OFF)
    {
      CHECK (obs->parameter == VIGIL_PARAMETER_SPO2 || obs->parameter == VIGIL_PARAMETER_PULSE_RATE);
      CHECK (tally->sensor_off);
    }

  if (obs->parameter == VIGIL_PARAMETER_NIBP)
    {
      /* Only readings are sent: episodic, never absent. */
      CHECK (obs->quality == VIGIL_QUALITY_VALID);
      CHECK (isfinite (obs->diastolic) && obs->value >= obs->diastolic);
      CHECK (in_range_or_nan (obs->diastolic, max));
      CHECK (in_range_or_nan (obs->mean, max));
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
      CHECK (event->parameter == -1);
      break;
    case VIGIL_TECHNICAL_SENSOR_OFF:
      CHECK (event->parameter == VIGIL_PARAMETER_SPO2);
      CHECK (!tally->sensor_off);
      tally->sensor_off = TRUE;
      break;
    case VIGIL_TECHNICAL_SENSOR_ON:
      CHECK (event->parameter == VIGIL_PARAMETER_SPO2);
      CHECK (tally->sensor_off);
      tally->sensor_off = FALSE;
      break;
    case VIGIL_TECHNICAL_NIBP_FAILED:
    case VIGIL_TECHNICAL_NIBP_OLD:
      CHECK (event->parameter == VIGIL_PARAMETER_NIBP);
      break;
    case VIGIL_TECHNICAL_CONNECTED:
    case VIGIL_TECHNICAL_DISCONNECTED:
    case VIGIL_TECHNICAL_STALE:
    case VIGIL_TECHNICAL_DATA_RESUMED:
    case VIGIL_TECHNICAL_SIGNAL_POOR:
    case VIGIL_TECHNICAL_SIGNAL_GOOD:
    case VIGIL_TECHNICAL_DEMO_DATA:
    case VIGIL_TECHNICAL_DEVICE_NOTICE:
    case VIGIL_N_TECHNICAL_KINDS:
    default:
      CHECK (!"unexpected technical event from the S/5 parser");
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
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  CHECK (size >= 2 && size <= VIGIL_DATEX_MAX_RAW);
  CHECK (data[0] == VIGIL_DATEX_FLAG);
  CHECK (note != NULL);
  if (valid)
    CHECK (data[size - 1] == VIGIL_DATEX_FLAG);
}

static VigilParser *
new_parser (Tally *tally)
{
  VigilParser *parser = vigil_datex_parser_new ();

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), tally);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), tally);
  g_signal_connect (parser, "frame", G_CALLBACK (on_frame), tally);
  return parser;
}

HARNESS static gsize
count_flags (const uint8_t *data,
             size_t         size)
{
  gsize n = 0;

  for (gsize i = 0; i < size; i++)
    if (data[i] == VIGIL_DATEX_FLAG)
      n++;
  return n;
}

static void
on_sim_transmit (VigilSimProtocol *sim,
                 GBytes           *bytes,
                 VigilParser      *parser)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  vigil_parser_feed (parser, data, size);
}

/* The fuzz input as bytes from the host: the simulated monitor may
 * answer or not, but what it sends is always well formed. */
static void
check_sim (const uint8_t *data,
           size_t         size)
{
  g_autoptr(VigilSimProtocol) sim = vigil_datex_sim_new ();
  g_autoptr(VigilParser) parser = NULL;
  Tally tally = { 0, 0, FALSE, 2166136261u };
  VigilScenarioSample sample = {
    .hr = 70, .spo2 = 97, .pr = 69, .nibp = VIGIL_SCENARIO_NIBP_READING,
    .nibp_sys = 120, .nibp_dia = 80, .nibp_mean = 93,
  };

  parser = new_parser (&tally);
  g_signal_connect (sim, "transmit", G_CALLBACK (on_sim_transmit), parser);
  vigil_sim_protocol_receive (sim, data, size);
  for (gint64 s = 0; s < 12; s++)
    {
      sample.elapsed_ms = s * 1000;
      sample.nibp_ms = s * 1000;
      sample.spo2_sensor_off = s >= 6;
      vigil_sim_protocol_tick (sim, &sample, (1700000000 + s) * 1000);
      sample.nibp = VIGIL_SCENARIO_NIBP_NONE;
    }
  CHECK (vigil_parser_get_frames_bad (parser) == 0);
  CHECK (vigil_parser_get_frames_ok (parser) == vigil_sim_protocol_get_frames_sent (sim));
  CHECK (vigil_sim_protocol_get_frames_sent (sim) == 0 || vigil_sim_protocol_get_requests (sim) > 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VigilParser) chunked = NULL;
  g_autoptr(VigilParser) whole = NULL;
  Tally chunked_tally = { 0, 0, FALSE, 2166136261u };
  Tally whole_tally = { 0, 0, FALSE, 2166136261u };
  guint32 state;
  gsize max_chunk;
  gsize offset = 0;
  gsize n_flags;
  guint64 n_ok, n_bad;

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
      vigil_parser_feed (chunked, data + offset, chunk);
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
  CHECK (vigil_datex_parser_get_pending_length (VIGIL_DATEX_PARSER (chunked)) ==
         vigil_datex_parser_get_pending_length (VIGIL_DATEX_PARSER (whole)));
  CHECK (vigil_datex_parser_get_pending_length (VIGIL_DATEX_PARSER (whole)) <= VIGIL_DATEX_MAX_FRAME);

  /* Every frame, good or bad, is closed by a flag or is overlong; a good
   * frame has at most 4 observations. */
  n_flags = count_flags (data, size);
  n_ok = vigil_parser_get_frames_ok (whole);
  n_bad = vigil_parser_get_frames_bad (whole);
  CHECK (n_ok + n_bad <= n_flags + size / VIGIL_DATEX_MAX_FRAME);
  CHECK (whole_tally.n_observations <= n_ok * VIGIL_N_PARAMETERS);
  if (n_ok == 0)
    CHECK (whole_tally.n_observations == 0);

  check_sim (data, size);
  return 0;
}
