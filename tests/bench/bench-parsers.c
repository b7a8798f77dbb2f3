/* bench-parsers.c — how fast each protocol parser decodes, against the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each protocol, the simulated device and the parser's host side talk
 * in memory for ten minutes of a normal scenario; the device's bytes are
 * recorded. A fresh parser then decodes that recording as fast as it can.
 * Printed per protocol: bytes per second, the ratio to the line rate (how
 * many such devices one core could keep up with), and the ratio to the
 * Vigil line parser on its own recording, measured in the same run. None
 * of this asserts a time: the figures are for people and for the notes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil-parser.h"
#include "vigil-protocol.h"
#include "vigil-scenario.h"
#include "vigil-sim-protocol.h"

#define RECORD_MS     (10 * 60 * 1000)
#define CHUNK         4096
#define MIN_RUN_US    (400 * 1000)
#define WALL_START_MS G_GINT64_CONSTANT (1700000000000)

typedef struct
{
  VigilParser *host;
  GByteArray  *recording;
} Conversation;

static void
on_device_bytes (VigilSimProtocol *device,
                 GBytes           *bytes,
                 Conversation     *talk)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_byte_array_append (talk->recording, data, (guint) length);
  vigil_parser_feed (talk->host, data, length);
}

static void
on_host_bytes (VigilParser      *host,
               GBytes           *bytes,
               VigilSimProtocol *device)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  vigil_sim_protocol_receive (device, data, length);
}

/* Ten minutes of what the device sends, host side answering. */
static GByteArray *
record (const VigilProtocolInfo *info)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ("normal", 1, NULL);
  g_autoptr(VigilSimProtocol) device = info->new_simulator ();
  g_autoptr(VigilParser) host = info->new_parser ();
  Conversation talk = { host, g_byte_array_new () };
  guint period_ms = vigil_sim_protocol_get_period_ms (device);
  gint64 previous_ms = -1;

  g_signal_connect (device, "transmit", G_CALLBACK (on_device_bytes), &talk);
  g_signal_connect (host, "transmit", G_CALLBACK (on_host_bytes), device);
  vigil_parser_connected (host, 0);

  for (gint64 elapsed_ms = period_ms; elapsed_ms <= RECORD_MS; elapsed_ms += period_ms)
    {
      VigilScenarioSample sample;

      vigil_scenario_sample (scenario, previous_ms, elapsed_ms, &sample);
      previous_ms = elapsed_ms;
      vigil_sim_protocol_tick (device, &sample, WALL_START_MS + elapsed_ms);
      vigil_parser_tick (host, elapsed_ms * 1000);
    }

  g_signal_handlers_disconnect_by_data (device, &talk);
  return talk.recording;
}

static void
count_item (gpointer  instance,
            gpointer  item,
            guint64  *count)
{
  (*count)++;
}

typedef struct
{
  double  bytes_per_s;
  guint64 observations;
  guint64 frames_ok;
  guint64 frames_bad;
} Result;

static Result
measure (const VigilProtocolInfo *info,
         GByteArray              *recording)
{
  Result result = { 0 };
  guint64 bytes = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 spent;

  do
    {
      g_autoptr(VigilParser) parser = info->new_parser ();
      guint64 observations = 0;

      g_signal_connect (parser, "observation", G_CALLBACK (count_item), &observations);
      /* Polled protocols decode only inside an association they asked for. */
      vigil_parser_connected (parser, 0);
      for (guint offset = 0; offset < recording->len; offset += CHUNK)
        vigil_parser_feed (parser, recording->data + offset, MIN (CHUNK, recording->len - offset));
      bytes += recording->len;
      result.observations = observations;
      result.frames_ok = vigil_parser_get_frames_ok (parser);
      result.frames_bad = vigil_parser_get_frames_bad (parser);
    }
  while ((spent = g_get_monotonic_time () - start) < MIN_RUN_US);

  result.bytes_per_s = bytes / (spent / (double) G_USEC_PER_SEC);
  return result;
}

/* Bytes a second the line carries: start, data, parity and stop bits. */
static double
line_rate (const VigilSerialSettings *settings)
{
  double bits = settings->parity == VIGIL_SERIAL_PARITY_EVEN ? 11.0 : 10.0;

  return settings->baud / bits;
}

int
main (int    argc,
      char **argv)
{
  double baseline = 0.0;

  printf ("%-10s %10s %10s %12s %14s %12s %10s\n",
          "protocol", "recorded", "frames", "observations", "decode MB/s", "× line rate", "× vigil");

  for (const VigilProtocolInfo *info = vigil_protocol_list (); info->name != NULL; info++)
    {
      g_autoptr(GByteArray) recording = record (info);
      g_autofree char *settings = vigil_protocol_describe_settings (&info->settings);
      Result result;

      if (recording->len == 0)
        {
          printf ("%-10s recorded nothing: the simulated device never sent\n", info->name);
          return 1;
        }

      result = measure (info, recording);
      if (g_str_equal (info->name, "vigil"))
        baseline = result.bytes_per_s;

      printf ("%-10s %9uK %10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %14.1f %12.0f %10.2f   (%s%s)\n",
              info->name, recording->len / 1024, result.frames_ok, result.observations,
              result.bytes_per_s / 1e6, result.bytes_per_s / line_rate (&info->settings),
              baseline > 0 ? result.bytes_per_s / baseline : NAN, settings,
              result.frames_bad > 0 ? ", BAD FRAMES IN A CLEAN RECORDING" : "");
      if (result.frames_bad > 0 || result.observations == 0)
        return 1;
    }

  return 0;
}
