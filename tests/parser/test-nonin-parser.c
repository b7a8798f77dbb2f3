/* test-nonin-parser.c — Nonin data formats 8 and 7: parser, host side, simulated device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixtures are tests/data/nonin/X.bin with X.jsonl, written by
 * make-fixtures.py there: each capture is decoded whole, byte by byte,
 * split in two at every byte boundary and in random chunks, and must print
 * exactly X.jsonl. Frames built here cover the rest; the simulated device
 * is wired to the parser in-process.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil-nonin-parser.h"
#include "vigil-nonin-protocol.h"
#include "vigil-nonin-sim.h"

#define HOST_TIMES ",\"host_wall_us\":0,\"host_monotonic_us\":0"

typedef struct
{
  GPtrArray *json;         /* observations and events, host times removed */
  GArray    *observations;
  GArray    *events;       /* VigilTechnicalKind */
  GArray    *waveform;     /* VigilWaveformSample */
  GByteArray *sent;        /* what the host side transmitted */
  guint      n_transmits;
} Collector;

static char *
strip_host_times (char *json)
{
  char *at = strstr (json, HOST_TIMES);

  g_assert_nonnull (at);
  memmove (at, at + strlen (HOST_TIMES), strlen (at + strlen (HOST_TIMES)) + 1);
  return json;
}

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Collector              *c)
{
  g_assert_cmpint (obs->host_wall_us, ==, 0);
  g_assert_cmpint (obs->host_monotonic_us, ==, 0);
  g_assert_true (obs->parameter == VIGIL_PARAMETER_SPO2 ||
                 obs->parameter == VIGIL_PARAMETER_PULSE_RATE);
  /* Absent is never a number; a number is never sensor-off. */
  if (obs->quality & VIGIL_QUALITY_VALID)
    {
      g_assert_true (isfinite (obs->value));
      g_assert_false (obs->quality & VIGIL_QUALITY_SENSOR_OFF);
    }
  else
    g_assert_true (isnan (obs->value));

  g_ptr_array_add (c->json, strip_host_times (vigil_observation_to_json (obs)));
  g_array_append_val (c->observations, *obs);
}

static void
on_event (VigilParser               *parser,
          const VigilTechnicalEvent *event,
          Collector                 *c)
{
  g_assert_nonnull (event->message);
  g_ptr_array_add (c->json, strip_host_times (vigil_technical_event_to_json (event)));
  g_array_append_val (c->events, event->kind);
}

static void
on_waveform (VigilParser               *parser,
             const VigilWaveformSample *sample,
             Collector                 *c)
{
  g_array_append_val (c->waveform, *sample);
}

static void
on_transmit (VigilParser *parser,
             GBytes      *bytes,
             Collector   *c)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_byte_array_append (c->sent, data, (guint) length);
  c->n_transmits++;
}

static void
collector_init (Collector   *c,
                VigilParser *parser,
                gboolean     with_waveform)
{
  c->json = g_ptr_array_new_with_free_func (g_free);
  c->observations = g_array_new (FALSE, FALSE, sizeof (VigilObservation));
  c->events = g_array_new (FALSE, FALSE, sizeof (VigilTechnicalKind));
  c->waveform = g_array_new (FALSE, FALSE, sizeof (VigilWaveformSample));
  c->sent = g_byte_array_new ();
  c->n_transmits = 0;
  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), c);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_event), c);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_transmit), c);
  /* Only where needed: a waveform handler makes every frame cost more. */
  if (with_waveform)
    g_signal_connect (parser, "waveform", G_CALLBACK (on_waveform), c);
}

static void
collector_clear (Collector *c)
{
  g_clear_pointer (&c->json, g_ptr_array_unref);
  g_clear_pointer (&c->observations, g_array_unref);
  g_clear_pointer (&c->events, g_array_unref);
  g_clear_pointer (&c->waveform, g_array_unref);
  g_clear_pointer (&c->sent, g_byte_array_unref);
}

static guint
count_events (const Collector    *c,
              VigilTechnicalKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < c->events->len; i++)
    if (g_array_index (c->events, VigilTechnicalKind, i) == kind)
      n++;
  return n;
}

static const VigilObservation *
last_observation (const Collector *c,
                  VigilParameter   parameter)
{
  for (guint i = c->observations->len; i > 0; i--)
    {
      const VigilObservation *obs = &g_array_index (c->observations, VigilObservation, i - 1);
      if (obs->parameter == parameter)
        return obs;
    }
  return NULL;
}

static VigilNoninParser *
new_parser (void)
{
  return VIGIL_NONIN_PARSER (vigil_nonin_parser_new ());
}

static void
feed (VigilNoninParser *parser,
      const guint8     *data,
      gsize             length)
{
  vigil_parser_feed (VIGIL_PARSER (parser), data, length);
}

/* ---- frames built here, independently of the C encoder ---- */

static void
append_df8 (GByteArray *out,
            guint       hr,
            guint       spo2,
            guint8      status_bits,
            guint8      status2)
{
  guint8 frame[4] = {
    (guint8) (0x80 | status_bits | ((hr >> 7) & 0x03)),
    (guint8) (hr & 0x7f),
    (guint8) spo2,
    status2,
  };

  g_byte_array_append (out, frame, sizeof frame);
}

static void
append_df7 (GByteArray *out,
            guint8      status,
            guint       pleth,
            guint8      float_byte)
{
  guint8 frame[5] = { status, (guint8) (pleth >> 8), (guint8) pleth, float_byte, 0 };

  frame[4] = (guint8) (frame[0] + frame[1] + frame[2] + frame[3]);
  g_byte_array_append (out, frame, sizeof frame);
}

/* A whole packet; @pleth gives the sample of frame n (0-based from @start). */
static void
append_packet (GByteArray *out,
               guint       hr,
               guint       spo2,
               guint8      status_bits,
               guint       start,
               guint     (*pleth) (guint n))
{
  for (guint number = 1; number <= 25; number++)
    {
      guint8 status = 0x80 | status_bits | (number == 1 ? 0x01 : 0);
      guint8 value = 0;

      switch (number)
        {
        case 1: case 20: value = (hr >> 7) & 0x03; break;
        case 2: case 21: value = hr & 0x7f; break;
        case 3: case 9: value = (guint8) spo2; break;
        default: break;
        }
      append_df7 (out, status, pleth (start + number - 1), value);
    }
}

/* Crosses the 0x8000 line often, so that its bytes can pass for format 8
 * frames. */
static guint
zigzag_pleth (guint n)
{
  static const guint values[] = { 0x9000, 0x7000, 0x8800, 0x2000, 0xF000, 0x0100, 0x8001, 0x7FFF };

  return values[n % G_N_ELEMENTS (values)];
}

/* ---- fixtures ---- */

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("VIGIL_TEST_DATA");

  if (dir == NULL)
    g_error ("VIGIL_TEST_DATA is not set: run the tests with meson test");
  return g_build_filename (dir, "nonin", name, NULL);
}

static GBytes *
load (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Decodes @data fed in pieces ending at @cuts (then the rest). */
static GPtrArray *
decode (const guint8 *data,
        gsize         length,
        const gsize  *cuts,
        guint         n_cuts,
        guint64      *out_bad)
{
  g_autoptr(VigilNoninParser) parser = new_parser ();
  Collector c = { 0 };
  GPtrArray *json;
  gsize offset = 0;

  collector_init (&c, VIGIL_PARSER (parser), FALSE);
  for (guint i = 0; i < n_cuts; i++)
    {
      g_assert_cmpuint (cuts[i], >=, offset);
      feed (parser, data + offset, cuts[i] - offset);
      offset = cuts[i];
    }
  feed (parser, data + offset, length - offset);

  if (out_bad != NULL)
    *out_bad = vigil_parser_get_frames_bad (VIGIL_PARSER (parser));
  json = g_ptr_array_ref (c.json);
  collector_clear (&c);
  return json;
}

static void
assert_same_lines (GPtrArray  *expected,
                   GPtrArray  *actual,
                   const char *what)
{
  for (guint i = 0; i < MIN (expected->len, actual->len); i++)
    if (!g_str_equal (expected->pdata[i], actual->pdata[i]))
      g_error ("%s, line %u: expected\n  %s\ngot\n  %s", what, i + 1,
               (char *) expected->pdata[i], (char *) actual->pdata[i]);
  if (expected->len != actual->len)
    g_error ("%s: expected %u lines, got %u", what, expected->len, actual->len);
}

static guint64
expected_bad_frames (const char *name)
{
  g_autoptr(GBytes) bytes = load ("bad-frames.txt");
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 2);

      if (fields[0] != NULL && fields[1] != NULL && g_str_equal (fields[0], name))
        return g_ascii_strtoull (fields[1], NULL, 10);
    }
  g_error ("%s is not in bad-frames.txt", name);
}

static void
test_fixture (gconstpointer user_data)
{
  const char *name = user_data;
  g_autofree char *bin = g_strconcat (name, ".bin", NULL);
  g_autofree char *jsonl = g_strconcat (name, ".jsonl", NULL);
  g_autoptr(GBytes) capture = load (bin);
  g_autoptr(GBytes) expected_bytes = load (jsonl);
  g_autofree char *expected_text = g_strndup (g_bytes_get_data (expected_bytes, NULL),
                                              g_bytes_get_size (expected_bytes));
  g_auto(GStrv) lines = g_strsplit (expected_text, "\n", -1);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) bytewise = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree gsize *cuts = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (capture, &length);
  guint64 bad = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (expected, lines[i]);

  whole = decode (data, length, NULL, 0, &bad);
  assert_same_lines (expected, whole, name);
  g_assert_cmpuint (bad, ==, expected_bad_frames (name));

  cuts = g_new (gsize, length);
  for (gsize i = 0; i < length; i++)
    cuts[i] = i + 1;
  bytewise = decode (data, length, cuts, (guint) length, NULL);
  assert_same_lines (expected, bytewise, "byte by byte");

  for (gsize cut = 0; cut <= length; cut++)
    {
      g_autoptr(GPtrArray) split = decode (data, length, &cut, 1, NULL);
      assert_same_lines (expected, split, "split in two");
    }

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GPtrArray) chunked = NULL;
      guint n = 0;
      gsize at = 0;

      while (at < length)
        {
          gsize step = (gsize) g_rand_int_range (rand, 1, 40);

          at = MIN (length, at + step);
          cuts[n++] = at;
        }
      chunked = decode (data, length, cuts, n, NULL);
      assert_same_lines (expected, chunked, "random chunks");
    }
}

static void
test_pleth_fixture (void)
{
  g_autoptr(GBytes) capture = load ("df7-packets.bin");
  g_autoptr(GBytes) listing = load ("df7-packets.pleth");
  g_autofree char *text = g_strndup (g_bytes_get_data (listing, NULL), g_bytes_get_size (listing));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(VigilNoninParser) parser = new_parser ();
  Collector c = { 0 };
  guint n = 0;
  gsize length;
  const guint8 *data = g_bytes_get_data (capture, &length);

  collector_init (&c, VIGIL_PARSER (parser), TRUE);
  feed (parser, data, length);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const VigilWaveformSample *sample;
      g_auto(GStrv) fields = NULL;

      if (*lines[i] == '\0' || *lines[i] == '#')
        continue;
      fields = g_strsplit (lines[i], " ", 2);
      g_assert_cmpuint (n, <, c.waveform->len);
      sample = &g_array_index (c.waveform, VigilWaveformSample, n++);
      g_assert_cmpfloat (sample->rate_hz, ==, 75.0);
      g_assert_cmpint (sample->artifact, ==, g_str_equal (fields[1], "1"));
      if (g_str_equal (fields[0], "nan"))
        g_assert_true (isnan (sample->value));
      else
        {
          g_assert_cmpfloat_with_epsilon (sample->value, g_ascii_strtod (fields[0], NULL), 1e-6);
          g_assert_cmpfloat (sample->value, >=, 0.0);
          g_assert_cmpfloat (sample->value, <=, 1.0);
        }
    }
  g_assert_cmpuint (n, ==, c.waveform->len);
  g_assert_cmpuint (n, ==, length / 5);
  collector_clear (&c);
}

/* ---- frames built here ---- */

static void
test_high_rates (void)
{
  static const guint rates[] = { 128, 150, 200, 255, 256, 300, 127, 129 };

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      g_autoptr(VigilNoninParser) df8 = new_parser ();
      g_autoptr(VigilNoninParser) df7 = new_parser ();
      g_autoptr(GByteArray) bytes8 = g_byte_array_new ();
      g_autoptr(GByteArray) bytes7 = g_byte_array_new ();
      Collector c8 = { 0 }, c7 = { 0 };

      collector_init (&c8, VIGIL_PARSER (df8), FALSE);
      collector_init (&c7, VIGIL_PARSER (df7), FALSE);
      for (guint k = 0; k < 3; k++)
        append_df8 (bytes8, rates[i], 95, 0, 0);
      append_packet (bytes7, rates[i], 95, 0, 0, zigzag_pleth);
      feed (df8, bytes8->data, bytes8->len);
      feed (df7, bytes7->data, bytes7->len);

      g_assert_cmpuint (c8.observations->len, ==, 6);
      g_assert_cmpfloat (last_observation (&c8, VIGIL_PARAMETER_PULSE_RATE)->value, ==, rates[i]);
      g_assert_cmpuint (c7.observations->len, ==, 2);
      g_assert_cmpfloat (last_observation (&c7, VIGIL_PARAMETER_PULSE_RATE)->value, ==, rates[i]);
      g_assert_cmpfloat (last_observation (&c7, VIGIL_PARAMETER_SPO2)->value, ==, 95);
      g_assert_cmpuint (vigil_nonin_parser_get_format (df7), ==, 7);
      g_assert_cmpuint (vigil_nonin_parser_get_format (df8), ==, 8);
      collector_clear (&c8);
      collector_clear (&c7);
    }
}

/* Started at every offset of a format 7 stream whose pleth bytes mimic
 * format 8, the parser finds format 7 and never reports a wrong number. */
static void
test_df7_never_read_as_df8 (void)
{
  g_autoptr(GByteArray) stream = g_byte_array_new ();

  for (guint p = 0; p < 6; p++)
    append_packet (stream, 150, 96, 0x02, p * 25, zigzag_pleth);

  for (guint offset = 0; offset < 60; offset++)
    {
      g_autoptr(VigilNoninParser) parser = new_parser ();
      Collector c = { 0 };

      collector_init (&c, VIGIL_PARSER (parser), FALSE);
      feed (parser, stream->data + offset, stream->len - offset);
      g_assert_cmpuint (vigil_nonin_parser_get_format (parser), ==, 7);
      g_assert_cmpuint (c.observations->len, >=, 8);
      for (guint i = 0; i < c.observations->len; i++)
        {
          const VigilObservation *obs = &g_array_index (c.observations, VigilObservation, i);
          g_assert_cmpfloat (obs->value, ==, obs->parameter == VIGIL_PARAMETER_SPO2 ? 96 : 150);
        }
      /* Starting mid-frame is not an error. */
      g_assert_cmpuint (c.events->len, ==, 0);
      g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 0);
      collector_clear (&c);
    }
}

static void
test_df8_any_start (void)
{
  g_autoptr(GByteArray) stream = g_byte_array_new ();

  for (guint k = 0; k < 6; k++)
    append_df8 (stream, 60 + k, 90 + k, 0, 0);

  for (guint offset = 0; offset < 4; offset++)
    {
      g_autoptr(VigilNoninParser) parser = new_parser ();
      Collector c = { 0 };

      collector_init (&c, VIGIL_PARSER (parser), FALSE);
      feed (parser, stream->data + offset, stream->len - offset);
      g_assert_cmpuint (c.events->len, ==, 0);
      /* Every whole frame is read, the last one too. */
      g_assert_cmpuint (c.observations->len, ==, offset == 0 ? 12 : 10);
      g_assert_cmpfloat (last_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 65);
      g_assert_cmpfloat (last_observation (&c, VIGIL_PARAMETER_SPO2)->value, ==, 95);
      collector_clear (&c);
    }
}

/* Format 8 on a live link is four bytes and a second of silence. The
 * pattern a Nonin at 1200 or 2400 baud makes on a 9600 baud port (a
 * status-like byte, then zeros) reads as format 8 frames back to back:
 * with arrival times, it never locks and gives no numbers, whether it
 * comes byte by byte or in batches a second apart. Real frames a second
 * apart lock; two that come together (a stalled reader) lose the framing
 * until the pace is back. */
static void
test_df8_pace (void)
{
  static const guint8 garble[] = { 0x80, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00,
                                   0x80, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x00, 0x00, 0x00 };
  gint64 t = 100 * G_USEC_PER_SEC;

  for (guint batched = 0; batched < 2; batched++)
    {
      g_autoptr(VigilNoninParser) parser = new_parser ();
      Collector c = { 0 };

      collector_init (&c, VIGIL_PARSER (parser), FALSE);
      for (guint second = 0; second < 20; second++)
        {
          if (batched)
            {
              /* The whole second at once, as a reader woken once a second. */
              vigil_parser_set_now (VIGIL_PARSER (parser), t += G_USEC_PER_SEC);
              for (guint k = 0; k < 10; k++)
                feed (parser, garble, sizeof garble);
            }
          else
            for (guint k = 0; k < 10; k++)
              {
                vigil_parser_set_now (VIGIL_PARSER (parser), t += G_USEC_PER_SEC / 10);
                feed (parser, garble, sizeof garble);
              }
        }
      g_assert_cmpuint (c.observations->len, ==, 0);
      g_assert_cmpuint (vigil_parser_get_frames_ok (VIGIL_PARSER (parser)), ==, 0);
      g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), >, 0);
      g_assert_cmpuint (vigil_nonin_parser_get_format (parser), ==, 0);
      collector_clear (&c);
    }

  /* Real format 8, a frame a second. */
  {
    g_autoptr(VigilNoninParser) parser = new_parser ();
    g_autoptr(GByteArray) frame = g_byte_array_new ();
    Collector c = { 0 };

    collector_init (&c, VIGIL_PARSER (parser), FALSE);
    for (guint k = 0; k < 5; k++)
      {
        g_byte_array_set_size (frame, 0);
        append_df8 (frame, 150 + k, 97, 0, 0);
        vigil_parser_set_now (VIGIL_PARSER (parser), t += G_USEC_PER_SEC);
        feed (parser, frame->data, frame->len);
      }
    g_assert_cmpuint (vigil_nonin_parser_get_format (parser), ==, 8);
    g_assert_cmpfloat (last_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 154);
    g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 0);

    /* Two frames at once after a stall: not format 8's pace. */
    g_byte_array_set_size (frame, 0);
    append_df8 (frame, 160, 97, 0, 0);
    append_df8 (frame, 161, 97, 0, 0);
    vigil_parser_set_now (VIGIL_PARSER (parser), t += 2 * G_USEC_PER_SEC);
    feed (parser, frame->data, frame->len);
    g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), >, 0);
    g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_FRAME_ERROR), ==, 1);
    g_assert_cmpfloat (last_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, !=, 161);

    /* The pace back: locked again within three frames. */
    for (guint k = 0; k < 3; k++)
      {
        g_byte_array_set_size (frame, 0);
        append_df8 (frame, 170 + k, 97, 0, 0);
        vigil_parser_set_now (VIGIL_PARSER (parser), t += G_USEC_PER_SEC);
        feed (parser, frame->data, frame->len);
      }
    g_assert_cmpuint (vigil_nonin_parser_get_format (parser), ==, 8);
    g_assert_cmpfloat (last_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, >=, 170);
    collector_clear (&c);
  }
}

static void
test_reset (void)
{
  g_autoptr(VigilNoninParser) parser = new_parser ();
  g_autoptr(GByteArray) off = g_byte_array_new ();
  g_autoptr(GByteArray) on = g_byte_array_new ();
  Collector c = { 0 };

  collector_init (&c, VIGIL_PARSER (parser), FALSE);
  for (guint k = 0; k < 3; k++)
    append_df8 (off, 511, 127, 0, 0x08);
  feed (parser, off->data, off->len);
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_SENSOR_OFF), ==, 1);

  /* Half a frame, then the cable is pulled: the half is forgotten. */
  feed (parser, (const guint8 *) "\x80\x48", 2);
  vigil_parser_reset (VIGIL_PARSER (parser));
  g_assert_cmpuint (vigil_nonin_parser_get_format (parser), ==, 0);
  for (guint k = 0; k < 3; k++)
    append_df8 (on, 72, 98, 0, 0);
  feed (parser, on->data, on->len);

  /* The sensor-off state survived: its end is told. */
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_SENSOR_ON), ==, 1);
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_FRAME_ERROR), ==, 0);
  g_assert_cmpfloat (last_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 72);
  collector_clear (&c);
}

/* Ten bad frames in a row: all counted, one event. */
static void
test_burst (void)
{
  g_autoptr(VigilNoninParser) parser = new_parser ();
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  Collector c = { 0 };

  collector_init (&c, VIGIL_PARSER (parser), FALSE);
  append_packet (stream, 70, 97, 0, 0, zigzag_pleth);
  append_packet (stream, 70, 97, 0, 25, zigzag_pleth);
  append_packet (stream, 70, 97, 0, 50, zigzag_pleth);
  append_packet (stream, 70, 97, 0, 75, zigzag_pleth);
  for (guint k = 0; k < 10; k++)
    {
      /* A bad frame, then three good ones (not a second's worth). */
      static const guint8 bad[] = { 0x80, 0x90, 0x00, 0x00, 0x33 };

      g_byte_array_append (stream, bad, sizeof bad);
      for (guint j = 0; j < 3; j++)
        append_df7 (stream, 0x80, 0x9100 + j, 0);
    }
  feed (parser, stream->data, stream->len);
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 10);
  /* Every bad frame counted, one event for the burst. */
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_FRAME_ERROR), ==, 1);
  collector_clear (&c);
}

/* ---- host side ---- */

static void
assert_sent (Collector  *c,
             const char *command_file)
{
  g_autoptr(GBytes) expected = load (command_file);
  gsize length;
  const guint8 *data = g_bytes_get_data (expected, &length);

  g_assert_cmpuint (length, ==, VIGIL_NONIN_COMMAND_LENGTH);
  g_assert_cmpmem (c->sent->data, c->sent->len, data, length);
  g_byte_array_set_size (c->sent, 0);
}

static void
test_host_fallback (void)
{
  g_autoptr(VigilNoninParser) parser = new_parser ();
  g_autoptr(GByteArray) frames = g_byte_array_new ();
  static const guint8 nak[] = { VIGIL_NONIN_NAK };
  static const guint8 ack[] = { VIGIL_NONIN_ACK };
  gint64 t = 10 * G_USEC_PER_SEC;
  Collector c = { 0 };

  collector_init (&c, VIGIL_PARSER (parser), FALSE);
  vigil_parser_reset (VIGIL_PARSER (parser));
  vigil_parser_connected (VIGIL_PARSER (parser), t);
  assert_sent (&c, "format-7.cmd");

  /* NAK, then the device goes on in format 8. */
  feed (parser, nak, 1);
  append_df8 (frames, 72, 98, 0, 0);
  feed (parser, frames->data, frames->len);
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_DEVICE_NOTICE), ==, 1);

  /* Not at once: a NAK seen while the framing is unknown may be a pleth
   * byte. */
  vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  g_assert_cmpuint (c.sent->len, ==, 0);
  vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  assert_sent (&c, "format-8.cmd");

  feed (parser, ack, 1);
  /* A live link: format 8 once a second, each frame with its time. */
  for (guint k = 0; k < 3; k++)
    {
      g_byte_array_set_size (frames, 0);
      append_df8 (frames, 73 + k, 97, 0, 0);
      vigil_parser_set_now (VIGIL_PARSER (parser), t += G_USEC_PER_SEC);
      feed (parser, frames->data, frames->len);
    }
  g_assert_cmpuint (vigil_nonin_parser_get_format (parser), ==, 8);
  g_assert_cmpfloat (last_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 75);

  /* Answered: nothing more is sent. */
  for (guint k = 0; k < 40; k++)
    vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  g_assert_cmpuint (c.sent->len, ==, 0);

  /* A reconnect asks for format 7 again; a second refusal is not told
   * again. */
  vigil_parser_connected (VIGIL_PARSER (parser), t);
  assert_sent (&c, "format-7.cmd");
  feed (parser, nak, 1);
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_DEVICE_NOTICE), ==, 1);
  feed (parser, frames->data, frames->len);
  vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  vigil_parser_tick (VIGIL_PARSER (parser), t += 500000);
  assert_sent (&c, "format-8.cmd");

  /* The device refuses format 8 too: told, and nothing more to try. */
  feed (parser, nak, 1);
  feed (parser, frames->data, frames->len);
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_DEVICE_NOTICE), ==, 2);
  for (guint k = 0; k < 40; k++)
    vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  g_assert_cmpuint (c.sent->len, ==, 0);
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_FRAME_ERROR), ==, 0);
  collector_clear (&c);
}

/* A NAK that turns out to be followed by format 7 frames changes nothing. */
static void
test_host_nak_then_df7 (void)
{
  g_autoptr(VigilNoninParser) parser = new_parser ();
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  gint64 t = G_USEC_PER_SEC;
  Collector c = { 0 };

  collector_init (&c, VIGIL_PARSER (parser), FALSE);
  vigil_parser_connected (VIGIL_PARSER (parser), t);
  g_byte_array_set_size (c.sent, 0);

  g_byte_array_append (stream, (const guint8 *) "\x15", 1);
  append_packet (stream, 80, 97, 0, 0, zigzag_pleth);
  feed (parser, stream->data, stream->len);
  for (guint k = 0; k < 6; k++)
    vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  g_assert_cmpuint (c.sent->len, ==, 0);
  g_assert_cmpuint (vigil_nonin_parser_get_format (parser), ==, 7);
  collector_clear (&c);
}

static void
test_host_retry (void)
{
  g_autoptr(VigilNoninParser) parser = new_parser ();
  gint64 t = 0;
  Collector c = { 0 };

  collector_init (&c, VIGIL_PARSER (parser), FALSE);
  vigil_parser_connected (VIGIL_PARSER (parser), t);
  g_assert_cmpuint (c.n_transmits, ==, 1);

  /* No answer: asked again every 2 s, three times in all. */
  for (guint k = 0; k < 7; k++)
    vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  g_assert_cmpuint (c.n_transmits, ==, 1);
  vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  g_assert_cmpuint (c.n_transmits, ==, 2);
  for (guint k = 0; k < 40; k++)
    vigil_parser_tick (VIGIL_PARSER (parser), t += 250000);
  g_assert_cmpuint (c.n_transmits, ==, 3);
  g_assert_cmpuint (c.sent->len, ==, 3 * VIGIL_NONIN_COMMAND_LENGTH);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpmem (c.sent->data + k * VIGIL_NONIN_COMMAND_LENGTH, VIGIL_NONIN_COMMAND_LENGTH,
                     "\x02\x70\x02\x02\x07\x03", VIGIL_NONIN_COMMAND_LENGTH);
  collector_clear (&c);
}

/* Asking again for the format already being sent loses no packet. */
static void
test_host_ack_keeps_framing (void)
{
  g_autoptr(VigilNoninParser) parser = new_parser ();
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  Collector c = { 0 };

  collector_init (&c, VIGIL_PARSER (parser), FALSE);
  append_packet (stream, 70, 97, 0, 0, zigzag_pleth);
  feed (parser, stream->data, stream->len);
  g_assert_cmpuint (c.observations->len, ==, 2);

  vigil_parser_connected (VIGIL_PARSER (parser), 0);
  g_byte_array_set_size (stream, 0);
  append_packet (stream, 71, 97, 0, 25, zigzag_pleth);
  feed (parser, stream->data, 50);
  feed (parser, (const guint8 *) "\x06", 1);
  feed (parser, stream->data + 50, stream->len - 50);
  g_assert_cmpuint (c.observations->len, ==, 4);
  g_assert_cmpfloat (last_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 71);
  collector_clear (&c);
}

/* ---- the simulated device ---- */

typedef struct
{
  GByteArray *bytes;
  guint       n;
} Wire;

static void
on_sim_transmit (VigilSimProtocol *sim,
                 GBytes           *bytes,
                 Wire             *wire)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_byte_array_append (wire->bytes, data, (guint) length);
  wire->n++;
}

static VigilScenarioSample
make_sample (gint64 elapsed_ms,
             int    pr,
             int    spo2,
             gboolean sensor_off)
{
  VigilScenarioSample s = { 0 };

  s.elapsed_ms = elapsed_ms;
  s.hr = pr;
  s.pr = pr;
  s.spo2 = spo2;
  s.spo2_sensor_off = sensor_off;
  return s;
}

static void
test_sim_df8 (void)
{
  g_autoptr(VigilSimProtocol) sim = vigil_nonin_sim_new ();
  Wire wire = { g_byte_array_new (), 0 };

  g_signal_connect (sim, "transmit", G_CALLBACK (on_sim_transmit), &wire);
  g_assert_cmpuint (vigil_sim_protocol_get_period_ms (sim), ==, 40);
  g_assert_true (vigil_sim_protocol_get_streaming (sim));

  /* Streams format 8 from the start: a frame a second. */
  for (gint64 ms = 40; ms <= 3000; ms += 40)
    {
      VigilScenarioSample s = make_sample (ms, 150, 96, FALSE);
      vigil_sim_protocol_tick (sim, &s, 1700000000000 + ms);
    }
  g_assert_cmpuint (wire.n, ==, 4);
  g_assert_cmpuint (wire.bytes->len, ==, 16);
  /* HR 150 = 1 << 7 | 22. */
  g_assert_cmpmem (wire.bytes->data, 4, "\x81\x16\x60\x00", 4);

  /* Sensor off: the fault bit and the missing values. */
  g_byte_array_set_size (wire.bytes, 0);
  {
    VigilScenarioSample s = make_sample (4000, 150, 96, TRUE);
    vigil_sim_protocol_tick (sim, &s, 0);
  }
  g_assert_cmpmem (wire.bytes->data, wire.bytes->len, "\x83\x7f\x7f\x08", 4);

  /* Pulse search: missing values and out of track. */
  g_byte_array_set_size (wire.bytes, 0);
  {
    VigilScenarioSample s = make_sample (5000, VIGIL_SCENARIO_ABSENT, VIGIL_SCENARIO_ABSENT, FALSE);
    vigil_sim_protocol_tick (sim, &s, 0);
  }
  g_assert_cmpmem (wire.bytes->data, wire.bytes->len, "\xa3\x7f\x7f\x00", 4);
  g_byte_array_unref (wire.bytes);
}

static void
send_command (VigilSimProtocol *sim,
              const char       *file)
{
  g_autoptr(GBytes) bytes = load (file);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  vigil_sim_protocol_receive (sim, data, length);
}

static void
test_sim_commands (void)
{
  g_autoptr(VigilSimProtocol) sim = vigil_nonin_sim_new ();
  Wire wire = { g_byte_array_new (), 0 };
  static const guint8 bad_format[] = { 0x02, 0x70, 0x02, 0x02, 0x09, 0x03 };
  static const guint8 bad_etx[] = { 0x02, 0x70, 0x02, 0x02, 0x07, 0x04 };
  static const guint8 stray[] = { 0x41 };
  static const guint8 restart[] = { 0x02, 0x70, 0x02, 0x02, 0x07, 0x03 };

  g_signal_connect (sim, "transmit", G_CALLBACK (on_sim_transmit), &wire);

  vigil_sim_protocol_receive (sim, bad_format, sizeof bad_format);
  vigil_sim_protocol_receive (sim, bad_etx, sizeof bad_etx);
  vigil_sim_protocol_receive (sim, stray, sizeof stray);
  g_assert_cmpmem (wire.bytes->data, wire.bytes->len, "\x15\x15\x15", 3);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 0);
  g_assert_cmpuint (vigil_nonin_sim_get_format (VIGIL_NONIN_SIM (sim)), ==, 8);

  /* Split across reads, as a serial line delivers it. */
  g_byte_array_set_size (wire.bytes, 0);
  for (guint i = 0; i < sizeof restart; i++)
    vigil_sim_protocol_receive (sim, restart + i, 1);
  g_assert_cmpmem (wire.bytes->data, wire.bytes->len, "\x06", 1);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 1);
  g_assert_cmpuint (vigil_nonin_sim_get_format (VIGIL_NONIN_SIM (sim)), ==, 7);

  /* Format 7: three frames a tick, SYNC every 25, checksums right. */
  g_byte_array_set_size (wire.bytes, 0);
  for (guint k = 0; k < 50; k++)
    {
      VigilScenarioSample s = make_sample (k * 40, 60, 97, FALSE);
      vigil_sim_protocol_tick (sim, &s, 0);
    }
  g_assert_cmpuint (wire.bytes->len, ==, 150 * 5);
  for (guint f = 0; f < 150; f++)
    {
      const guint8 *frame = wire.bytes->data + f * 5;
      g_assert_cmpuint (frame[0] & 0x80, ==, 0x80);
      g_assert_cmpuint (frame[0] & 0x01, ==, f % 25 == 0 ? 1 : 0);
      g_assert_cmpuint ((guint8) (frame[0] + frame[1] + frame[2] + frame[3]), ==, frame[4]);
      if (f % 25 == 8)
        g_assert_cmpuint (frame[3], ==, 97);  /* frame 9: SpO2 shown */
      if (f % 25 == 20)
        g_assert_cmpuint (frame[3], ==, 60);  /* frame 21: HR shown, low bits */
    }

  /* The cable is pulled mid-command: that command is forgotten, the
   * format is kept. */
  g_byte_array_set_size (wire.bytes, 0);
  vigil_sim_protocol_receive (sim, restart, 3);
  vigil_sim_protocol_reset (sim);
  g_assert_cmpuint (vigil_nonin_sim_get_format (VIGIL_NONIN_SIM (sim)), ==, 7);
  send_command (sim, "format-8.cmd");
  g_assert_cmpmem (wire.bytes->data, wire.bytes->len, "\x06", 1);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 2);
  g_assert_cmpuint (vigil_nonin_sim_get_format (VIGIL_NONIN_SIM (sim)), ==, 8);

  /* Asking again for the same format is accepted too. */
  send_command (sim, "format-8.cmd");
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 3);
  g_byte_array_unref (wire.bytes);
}

/* One beat of the synthetic pleth: an upstroke to the systolic peak, a
 * dicrotic notch, a smaller dicrotic wave; flat with the sensor off. */
static void
test_sim_pleth (void)
{
  g_autoptr(VigilSimProtocol) sim = vigil_nonin_sim_new ();
  Wire wire = { g_byte_array_new (), 0 };
  guint values[150];
  guint peak = 0, notch = 0, dicrotic = 0;

  g_signal_connect (sim, "transmit", G_CALLBACK (on_sim_transmit), &wire);
  send_command (sim, "format-7.cmd");
  g_byte_array_set_size (wire.bytes, 0);
  for (guint k = 0; k < 50; k++)
    {
      VigilScenarioSample s = make_sample (k * 40, 60, 97, FALSE);
      vigil_sim_protocol_tick (sim, &s, 0);
    }
  for (guint f = 0; f < 150; f++)
    values[f] = (guint) wire.bytes->data[f * 5 + 1] << 8 | wire.bytes->data[f * 5 + 2];

  /* At 60/min a beat is 75 frames: look at the second one. */
  for (guint f = 75; f < 150; f++)
    if (values[f] > values[peak])
      peak = f;
  g_assert_cmpuint (peak, >, 75);
  /* After the peak the pleth falls, turns up again (the notch), and
   * peaks again lower (the dicrotic wave). */
  for (guint f = peak + 1; f < 149 && notch == 0; f++)
    if (values[f] < values[f - 1] && values[f] <= values[f + 1])
      notch = f;
  g_assert_cmpuint (notch, >, 0);
  for (guint f = notch + 1; f < 149 && dicrotic == 0; f++)
    if (values[f] >= values[f - 1] && values[f] > values[f + 1])
      dicrotic = f;
  g_assert_cmpuint (dicrotic, >, 0);
  g_assert_cmpuint (values[dicrotic], <, values[peak]);
  g_assert_cmpuint (values[dicrotic], >, values[notch]);
  g_assert_cmpuint (values[peak] - values[75], >, 20000);

  g_byte_array_set_size (wire.bytes, 0);
  for (guint k = 0; k < 10; k++)
    {
      VigilScenarioSample s = make_sample (k * 40, 60, 97, TRUE);
      vigil_sim_protocol_tick (sim, &s, 0);
    }
  for (guint f = 0; f < 30; f++)
    {
      g_assert_cmpuint (wire.bytes->data[f * 5] & 0x08, ==, 0x08);
      g_assert_cmpuint (wire.bytes->data[f * 5 + 1], ==, 0);
      g_assert_cmpuint (wire.bytes->data[f * 5 + 2], ==, 0);
    }
  g_byte_array_unref (wire.bytes);
}

/* The simulated device and the parser, wired back to back. */
typedef struct
{
  VigilSimProtocol *sim;
  VigilNoninParser *parser;
  Collector         c;
  gint64            elapsed_ms;
  gboolean          corrupt_next_command;
} Link;

static void
link_sim_to_parser (VigilSimProtocol *sim,
                    GBytes           *bytes,
                    Link             *link)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  feed (link->parser, data, length);
}

static void
link_parser_to_sim (VigilParser *parser,
                    GBytes      *bytes,
                    Link        *link)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree guint8 *copy = g_memdup2 (data, length);

  if (link->corrupt_next_command)
    {
      copy[1] ^= 0x10;
      link->corrupt_next_command = FALSE;
    }
  vigil_sim_protocol_receive (link->sim, copy, length);
}

static void
link_init (Link *link)
{
  link->sim = vigil_nonin_sim_new ();
  link->parser = new_parser ();
  link->elapsed_ms = 0;
  link->corrupt_next_command = FALSE;
  collector_init (&link->c, VIGIL_PARSER (link->parser), TRUE);
  g_signal_connect (link->sim, "transmit", G_CALLBACK (link_sim_to_parser), link);
  g_signal_connect (link->parser, "transmit", G_CALLBACK (link_parser_to_sim), link);
}

static void
link_clear (Link *link)
{
  collector_clear (&link->c);
  g_clear_object (&link->sim);
  g_clear_object (&link->parser);
}

/* Runs @ms of simulator ticks (40 ms) and parser ticks (250 ms). */
static void
link_run (Link     *link,
          gint64    ms,
          int       pr,
          int       spo2,
          gboolean  sensor_off)
{
  for (gint64 end = link->elapsed_ms + ms; link->elapsed_ms < end;)
    {
      VigilScenarioSample s;

      link->elapsed_ms += 40;
      s = make_sample (link->elapsed_ms, pr, spo2, sensor_off);
      vigil_sim_protocol_tick (link->sim, &s, 1700000000000 + link->elapsed_ms);
      if (link->elapsed_ms % 250 < 40)
        vigil_parser_tick (VIGIL_PARSER (link->parser), link->elapsed_ms * 1000);
    }
}

static void
test_sim_against_parser (void)
{
  Link link;
  guint n_waveform;

  link_init (&link);

  /* A second of format 8 before the host opens the port. */
  link_run (&link, 1000, 72, 98, FALSE);
  vigil_parser_reset (VIGIL_PARSER (link.parser));
  vigil_parser_connected (VIGIL_PARSER (link.parser), link.elapsed_ms * 1000);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (link.sim), ==, 1);
  g_assert_cmpuint (vigil_nonin_sim_get_format (VIGIL_NONIN_SIM (link.sim)), ==, 7);

  link_run (&link, 3000, 150, 96, FALSE);
  g_assert_cmpuint (vigil_nonin_parser_get_format (link.parser), ==, 7);
  g_assert_cmpfloat (last_observation (&link.c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 150);
  g_assert_cmpfloat (last_observation (&link.c, VIGIL_PARAMETER_SPO2)->value, ==, 96);
  g_assert_cmpint (last_observation (&link.c, VIGIL_PARAMETER_SPO2)->quality, ==,
                   VIGIL_QUALITY_VALID);
  /* 75 samples a second, all inside 0..1. */
  n_waveform = link.c.waveform->len;
  g_assert_cmpuint (n_waveform, >=, 220);
  for (guint i = 0; i < n_waveform; i++)
    {
      const VigilWaveformSample *sample = &g_array_index (link.c.waveform, VigilWaveformSample, i);
      g_assert_true (sample->value >= 0.0 && sample->value <= 1.0);
    }
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_FRAME_ERROR), ==, 0);

  /* Sensor off, and back. */
  link_run (&link, 1000, 150, 96, TRUE);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_SENSOR_OFF), ==, 1);
  g_assert_cmpint (last_observation (&link.c, VIGIL_PARAMETER_SPO2)->quality, ==,
                   VIGIL_QUALITY_SENSOR_OFF);
  g_assert_true (isnan (g_array_index (link.c.waveform, VigilWaveformSample,
                                       link.c.waveform->len - 1).value));
  link_run (&link, 1000, 200, 95, FALSE);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_SENSOR_ON), ==, 1);
  g_assert_cmpfloat (last_observation (&link.c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 200);

  /* Pulse search: absent, signal poor; then good again. */
  link_run (&link, 1000, VIGIL_SCENARIO_ABSENT, VIGIL_SCENARIO_ABSENT, FALSE);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_SIGNAL_POOR), ==, 1);
  g_assert_true (isnan (last_observation (&link.c, VIGIL_PARAMETER_PULSE_RATE)->value));
  link_run (&link, 1000, 128, 97, FALSE);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_SIGNAL_GOOD), ==, 1);
  g_assert_cmpfloat (last_observation (&link.c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 128);

  /* The cable is pulled and put back: the host asks again, the device
   * still sends format 7, the numbers go on. */
  vigil_sim_protocol_reset (link.sim);
  vigil_parser_reset (VIGIL_PARSER (link.parser));
  vigil_parser_connected (VIGIL_PARSER (link.parser), link.elapsed_ms * 1000);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (link.sim), ==, 2);
  link_run (&link, 1000, 100, 94, FALSE);
  g_assert_cmpfloat (last_observation (&link.c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 100);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_FRAME_ERROR), ==, 0);
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (link.parser)), ==, 0);

  link_clear (&link);
}

/* A command garbled on the line: the device NAKs, the host falls back to
 * format 8 and the numbers come once a second. */
static void
test_sim_nak_fallback (void)
{
  Link link;

  link_init (&link);
  link.corrupt_next_command = TRUE;
  vigil_parser_connected (VIGIL_PARSER (link.parser), 0);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (link.sim), ==, 0);

  link_run (&link, 4000, 72, 98, FALSE);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_DEVICE_NOTICE), ==, 1);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (link.sim), ==, 1);
  g_assert_cmpuint (vigil_nonin_sim_get_format (VIGIL_NONIN_SIM (link.sim)), ==, 8);
  g_assert_cmpuint (vigil_nonin_parser_get_format (link.parser), ==, 8);
  g_assert_cmpfloat (last_observation (&link.c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 72);
  g_assert_cmpuint (link.c.waveform->len, ==, 0);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_FRAME_ERROR), ==, 0);
  link_clear (&link);
}

static void
test_new_for_protocol (void)
{
  g_autoptr(VigilParser) parser = vigil_parser_new_for_protocol ("nonin", NULL);

  g_assert_true (VIGIL_IS_NONIN_PARSER (parser));
  g_assert_null (vigil_parser_get_identity (parser));
}

int
main (int   argc,
      char *argv[])
{
  static const char *fixtures[] = {
    "df8-values", "df8-status", "df7-packets", "df7-status",
    "df7-errors", "df8-errors", "replies",
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/nonin-parser/fixture/%s", fixtures[i]);
      g_test_add_data_func (path, fixtures[i], test_fixture);
    }
  g_test_add_func ("/vigil/nonin-parser/pleth", test_pleth_fixture);
  g_test_add_func ("/vigil/nonin-parser/high-rates", test_high_rates);
  g_test_add_func ("/vigil/nonin-parser/df7-never-read-as-df8", test_df7_never_read_as_df8);
  g_test_add_func ("/vigil/nonin-parser/df8-any-start", test_df8_any_start);
  g_test_add_func ("/vigil/nonin-parser/df8-pace", test_df8_pace);
  g_test_add_func ("/vigil/nonin-parser/reset", test_reset);
  g_test_add_func ("/vigil/nonin-parser/burst", test_burst);
  g_test_add_func ("/vigil/nonin-parser/new-for-protocol", test_new_for_protocol);
  g_test_add_func ("/vigil/nonin-parser/host/fallback", test_host_fallback);
  g_test_add_func ("/vigil/nonin-parser/host/nak-then-df7", test_host_nak_then_df7);
  g_test_add_func ("/vigil/nonin-parser/host/retry", test_host_retry);
  g_test_add_func ("/vigil/nonin-parser/host/ack-keeps-framing", test_host_ack_keeps_framing);
  g_test_add_func ("/vigil/nonin-sim/df8", test_sim_df8);
  g_test_add_func ("/vigil/nonin-sim/commands", test_sim_commands);
  g_test_add_func ("/vigil/nonin-sim/pleth", test_sim_pleth);
  g_test_add_func ("/vigil/nonin-sim/against-parser", test_sim_against_parser);
  g_test_add_func ("/vigil/nonin-sim/nak-fallback", test_sim_nak_fallback);

  return g_test_run ();
}
