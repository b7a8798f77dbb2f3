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
#include "fuzz-common.h"

#include "vigil-datex-frame.h"
#include "vigil-datex-parser.h"
#include "vigil-datex-sim.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  FuzzTally base;
  gboolean  sensor_off;  /* SENSOR_OFF and SENSOR_ON alternate */
} Tally;

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Tally                  *tally)
{
  const VigilQuality known = VIGIL_QUALITY_VALID | VIGIL_QUALITY_SENSOR_OFF;
  double max;

  fuzz_check_observation (obs, known);
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
  CHECK (fuzz_in_range_or_nan (obs->value, 0, max));

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
      CHECK (fuzz_in_range_or_nan (obs->diastolic, 0, max));
      CHECK (fuzz_in_range_or_nan (obs->mean, 0, max));
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

  fuzz_tally_technical_event (&tally->base, event);
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
  Tally tally = { .base = FUZZ_TALLY_INIT };
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
  Tally chunked_tally = { .base = FUZZ_TALLY_INIT };
  Tally whole_tally = { .base = FUZZ_TALLY_INIT };
  guint8 seed;
  gsize n_flags;
  guint64 n_ok, n_bad;

  if (size == 0)
    return 0;

  seed = data[0];
  data++;
  size--;

  chunked = new_parser (&chunked_tally);
  fuzz_feed_in_chunks (chunked, seed, data, size);

  whole = new_parser (&whole_tally);
  vigil_parser_feed (whole, data, size);

  fuzz_check_feeds_agree (chunked, &chunked_tally.base, whole, &whole_tally.base);
  CHECK (vigil_datex_parser_get_pending_length (VIGIL_DATEX_PARSER (chunked)) ==
         vigil_datex_parser_get_pending_length (VIGIL_DATEX_PARSER (whole)));
  CHECK (vigil_datex_parser_get_pending_length (VIGIL_DATEX_PARSER (whole)) <= VIGIL_DATEX_MAX_FRAME);

  /* Every frame, good or bad, is closed by a flag or is overlong; a good
   * frame has at most 4 observations. */
  n_flags = fuzz_count_byte (data, size, VIGIL_DATEX_FLAG);
  n_ok = vigil_parser_get_frames_ok (whole);
  n_bad = vigil_parser_get_frames_bad (whole);
  CHECK (n_ok + n_bad <= n_flags + size / VIGIL_DATEX_MAX_FRAME);
  CHECK (whole_tally.base.n_observations <= n_ok * VIGIL_N_PARAMETERS);
  if (n_ok == 0)
    CHECK (whole_tally.base.n_observations == 0);

  check_sim (data, size);
  return 0;
}
