/* test-line-parser.c — the Vigil line protocol: encoder helpers and parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixtures are tests/data/line/NAME.vgl (raw bytes) with hand-written
 * NAME.expected (see tests/data/line/README.md). Each fixture is fed whole,
 * byte by byte and split in two at every byte boundary; all must agree.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil-line-parser.h"
#include "vigil-line-protocol.h"

typedef struct
{
  GPtrArray *items;     /* compact strings, see format_observation() */
  GPtrArray *json;      /* vigil_*_to_json() with host times at 0 */
  GArray    *observations;
} Collector;

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("nan");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", value));
}

static char *
format_observation (const VigilObservation *obs)
{
  GString *out = g_string_new (vigil_parameter_to_string (obs->parameter));
  g_autofree char *value = format_number (obs->value);
  const char *sep = "";

  g_string_append_printf (out, " %s", value);
  if (obs->parameter == VIGIL_PARAMETER_NIBP)
    {
      g_autofree char *dia = format_number (obs->diastolic);
      g_autofree char *mean = format_number (obs->mean);
      g_string_append_printf (out, "/%s/%s", dia, mean);
    }
  else
    {
      g_assert_true (isnan (obs->diastolic));
      g_assert_true (isnan (obs->mean));
    }

  g_string_append_c (out, ' ');
  if (obs->quality == 0)
    g_string_append_c (out, '-');
  if (obs->quality & VIGIL_QUALITY_VALID)
    { g_string_append_printf (out, "%svalid", sep); sep = ","; }
  if (obs->quality & VIGIL_QUALITY_QUESTIONABLE)
    { g_string_append_printf (out, "%squestionable", sep); sep = ","; }
  if (obs->quality & VIGIL_QUALITY_SENSOR_OFF)
    { g_string_append_printf (out, "%ssensor-off", sep); sep = ","; }
  if (obs->quality & VIGIL_QUALITY_STALE)
    { g_string_append_printf (out, "%sstale", sep); sep = ","; }

  if (obs->device_time_us != 0)
    g_string_append_printf (out, " t=%" G_GINT64_FORMAT, obs->device_time_us);

  return g_string_free (out, FALSE);
}

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Collector              *collector)
{
  /* The parser leaves host times to the device. */
  g_assert_cmpint (obs->host_wall_us, ==, 0);
  g_assert_cmpint (obs->host_monotonic_us, ==, 0);
  g_assert_cmpuint (obs->unit, ==, vigil_parameter_get_unit (obs->parameter));
  /* Absent is never a number. */
  if (!(obs->quality & VIGIL_QUALITY_VALID))
    g_assert_true (isnan (obs->value));

  g_ptr_array_add (collector->items, format_observation (obs));
  g_ptr_array_add (collector->json, vigil_observation_to_json (obs));
  g_array_append_val (collector->observations, *obs);
}

static void
on_technical_event (VigilParser               *parser,
                    const VigilTechnicalEvent *event,
                    Collector                 *collector)
{
  if (event->kind == VIGIL_TECHNICAL_FRAME_ERROR)
    {
      g_assert_cmpint (event->parameter, ==, -1);
      g_assert_nonnull (event->message);
      g_ptr_array_add (collector->items, g_strdup_printf ("error\t%s", event->message));
    }
  else
    {
      g_assert_cmpint (event->parameter, >=, 0);
      g_assert_cmpint (event->parameter, <, VIGIL_N_PARAMETERS);
      g_ptr_array_add (collector->items,
                       g_strdup_printf ("event %s %s",
                                        vigil_technical_kind_to_string (event->kind),
                                        vigil_parameter_to_string (event->parameter)));
    }
  g_ptr_array_add (collector->json, vigil_technical_event_to_json (event));
}

static void
collector_init (Collector   *collector,
                VigilParser *parser)
{
  collector->items = g_ptr_array_new_with_free_func (g_free);
  collector->json = g_ptr_array_new_with_free_func (g_free);
  collector->observations = g_array_new (FALSE, FALSE, sizeof (VigilObservation));
  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), collector);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), collector);
}

static void
collector_clear (Collector *collector)
{
  g_clear_pointer (&collector->items, g_ptr_array_unref);
  g_clear_pointer (&collector->json, g_ptr_array_unref);
  g_clear_pointer (&collector->observations, g_array_unref);
}

typedef struct
{
  GPtrArray *items;
  GPtrArray *json;
  guint64    frames_ok;
  guint64    frames_bad;
  gsize      pending;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_clear_pointer (&result->json, g_ptr_array_unref);
}

/* Feeds @data as chunks ending at each offset of @cuts, then the rest. */
static void
decode (const guint8 *data,
        gsize         length,
        const gsize  *cuts,
        guint         n_cuts,
        Result       *result)
{
  g_autoptr(VigilLineParser) parser = vigil_line_parser_new ();
  Collector collector;
  gsize start = 0;

  collector_init (&collector, VIGIL_PARSER (parser));
  for (guint i = 0; i < n_cuts; i++)
    {
      g_assert_cmpuint (cuts[i], >=, start);
      vigil_parser_feed (VIGIL_PARSER (parser), data + start, cuts[i] - start);
      start = cuts[i];
    }
  vigil_parser_feed (VIGIL_PARSER (parser), data + start, length - start);

  result->items = g_steal_pointer (&collector.items);
  result->json = g_steal_pointer (&collector.json);
  result->frames_ok = vigil_parser_get_frames_ok (VIGIL_PARSER (parser));
  result->frames_bad = vigil_parser_get_frames_bad (VIGIL_PARSER (parser));
  result->pending = vigil_line_parser_get_pending_length (parser);
  collector_clear (&collector);
}

static void
assert_same_result (const Result *a,
                    const Result *b,
                    const char   *how)
{
  if (a->items->len != b->items->len)
    g_error ("%s: %u items instead of %u", how, b->items->len, a->items->len);
  for (guint i = 0; i < a->items->len; i++)
    if (!g_str_equal (a->json->pdata[i], b->json->pdata[i]))
      g_error ("%s: item %u is %s instead of %s", how, i,
               (char *) b->json->pdata[i], (char *) a->json->pdata[i]);
  g_assert_cmpuint (a->frames_ok, ==, b->frames_ok);
  g_assert_cmpuint (a->frames_bad, ==, b->frames_bad);
  g_assert_cmpuint (a->pending, ==, b->pending);
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("VIGIL_TEST_DATA");

  if (dir == NULL)
    g_error ("VIGIL_TEST_DATA is not set: run the tests with meson test");
  return g_build_filename (dir, "line", name, NULL);
}

static void
load_file (const char  *name,
           char       **out_contents,
           gsize       *out_length)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, out_contents, out_length, &error);
  g_assert_no_error (error);
}

/* Checks @result against NAME.expected. */
static void
assert_expected (const char   *name,
                 const Result *result)
{
  g_autofree char *expected_name = g_strconcat (name, ".expected", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint item = 0;
  guint64 frames_ok = G_MAXUINT64, frames_bad = G_MAXUINT64;
  gsize pending = 0;

  load_file (expected_name, &contents, NULL);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *actual;

      if (*line == '\0' || *line == '#')
        continue;
      if (g_str_has_prefix (line, "frames "))
        {
          g_assert_cmpint (sscanf (line, "frames %" G_GUINT64_FORMAT " ok %"
                                   G_GUINT64_FORMAT " bad", &frames_ok, &frames_bad), ==, 2);
          continue;
        }
      if (g_str_has_prefix (line, "pending "))
        {
          pending = (gsize) g_ascii_strtoull (line + 8, NULL, 10);
          continue;
        }

      if (item >= result->items->len)
        g_error ("%s line %u: expected “%s”, got nothing more", expected_name, i + 1, line);
      actual = result->items->pdata[item++];

      if (g_str_has_prefix (line, "error "))
        {
          if (!g_str_has_prefix (actual, "error\t") || strstr (actual, line + 6) == NULL)
            g_error ("%s line %u: expected a frame error with “%s”, got “%s”",
                     expected_name, i + 1, line + 6, actual);
        }
      else if (!g_str_equal (line, actual))
        g_error ("%s line %u: expected “%s”, got “%s”", expected_name, i + 1, line, actual);
    }

  if (item != result->items->len)
    g_error ("%s: %u more items than expected, the first “%s”",
             expected_name, result->items->len - item, (char *) result->items->pdata[item]);
  g_assert_cmpuint (frames_ok, !=, G_MAXUINT64);
  g_assert_cmpuint (result->frames_ok, ==, frames_ok);
  g_assert_cmpuint (result->frames_bad, ==, frames_bad);
  g_assert_cmpuint (result->pending, ==, pending);
}

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *file = g_strconcat (name, ".vgl", NULL);
  g_autofree char *contents = NULL;
  g_autofree gsize *cuts = NULL;
  gsize length = 0;
  Result whole = { 0 };
  Result bytewise = { 0 };
  guint n_frame_errors = 0;

  load_file (file, &contents, &length);
  g_assert_cmpuint (length, >, 0);

  decode ((const guint8 *) contents, length, NULL, 0, &whole);
  assert_expected (name, &whole);

  /* Every frame error is counted once, and only frame errors count. */
  for (guint i = 0; i < whole.items->len; i++)
    if (g_str_has_prefix (whole.items->pdata[i], "error\t"))
      n_frame_errors++;
  g_assert_cmpuint (whole.frames_bad, ==, n_frame_errors);

  /* Bad lines in the fixtures carry HR=13: none may ever be decoded. */
  for (guint i = 0; i < whole.items->len; i++)
    g_assert_false (g_str_has_prefix (whole.items->pdata[i], "hr 13 "));

  cuts = g_new (gsize, length);
  for (gsize i = 0; i < length; i++)
    cuts[i] = i + 1;
  decode ((const guint8 *) contents, length, cuts, (guint) length, &bytewise);
  assert_same_result (&whole, &bytewise, "byte by byte");
  result_clear (&bytewise);

  for (gsize cut = 0; cut <= length; cut++)
    {
      Result split = { 0 };
      g_autofree char *how = g_strdup_printf ("split at %" G_GSIZE_FORMAT, cut);

      decode ((const guint8 *) contents, length, &cut, 1, &split);
      assert_same_result (&whole, &split, how);
      result_clear (&split);
    }

  result_clear (&whole);
}

static void
test_checksum (void)
{
  const char *body = "VGL,T=1700000000000,HR=72,SPO2=98";
  g_autofree char *line = NULL;

  g_assert_cmpuint (vigil_line_protocol_checksum ("", 0), ==, 0);
  g_assert_cmpuint (vigil_line_protocol_checksum ("V", 1), ==, 'V');
  g_assert_cmpuint (vigil_line_protocol_checksum ("AB", 2), ==, 'A' ^ 'B');
  /* The worked example of PROTOCOL.md. */
  g_assert_cmpuint (vigil_line_protocol_checksum (body, strlen (body)), ==, 0x4E);
  /* Only @length bytes count. */
  g_assert_cmpuint (vigil_line_protocol_checksum (body, 3), ==, 'V' ^ 'G' ^ 'L');

  line = vigil_line_protocol_seal (body);
  g_assert_cmpstr (line, ==, "$VGL,T=1700000000000,HR=72,SPO2=98*4E\r\n");
  g_clear_pointer (&line, g_free);

  line = vigil_line_protocol_seal ("VGL");
  g_assert_cmpstr (line, ==, "$VGL*5D\r\n");
  g_clear_pointer (&line, g_free);

  /* Upper-case hex always. */
  line = vigil_line_protocol_seal ("VGL,HR=80");
  g_assert_cmpstr (line, ==, "$VGL,HR=80*5E\r\n");
}

static void
test_keys_and_ranges (void)
{
  double min, max;

  g_assert_cmpstr (vigil_line_protocol_parameter_key (VIGIL_PARAMETER_HR), ==, "HR");
  g_assert_cmpstr (vigil_line_protocol_parameter_key (VIGIL_PARAMETER_SPO2), ==, "SPO2");
  g_assert_cmpstr (vigil_line_protocol_parameter_key (VIGIL_PARAMETER_PULSE_RATE), ==, "PR");
  g_assert_cmpstr (vigil_line_protocol_parameter_key (VIGIL_PARAMETER_NIBP), ==, "NIBP");

  vigil_line_protocol_parameter_range (VIGIL_PARAMETER_HR, &min, &max);
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, ==, 350);
  vigil_line_protocol_parameter_range (VIGIL_PARAMETER_SPO2, &min, &max);
  g_assert_cmpfloat (max, ==, 100);
  vigil_line_protocol_parameter_range (VIGIL_PARAMETER_PULSE_RATE, NULL, &max);
  g_assert_cmpfloat (max, ==, 350);
  vigil_line_protocol_parameter_range (VIGIL_PARAMETER_NIBP, &min, NULL);
  g_assert_cmpfloat (min, ==, 0);
}

static char *
encode (const VigilObservation *obs)
{
  g_autoptr(GString) body = g_string_new (VIGIL_LINE_PROTOCOL_RECORD);

  vigil_line_protocol_append_field (body, obs);
  return g_strdup (body->str);
}

static void
test_append_field (void)
{
  VigilObservation obs;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;

  vigil_observation_init (&obs, VIGIL_PARAMETER_HR);
  obs.quality = VIGIL_QUALITY_VALID;
  obs.value = 72;
  a = encode (&obs);
  g_assert_cmpstr (a, ==, "VGL,HR=72");

  vigil_observation_init (&obs, VIGIL_PARAMETER_SPO2);
  obs.quality = VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE;
  obs.value = 97.46;
  b = encode (&obs);
  g_assert_cmpstr (b, ==, "VGL,SPO2=97.5?");

  vigil_observation_init (&obs, VIGIL_PARAMETER_PULSE_RATE);
  obs.quality = VIGIL_QUALITY_SENSOR_OFF;
  c = encode (&obs);
  g_assert_cmpstr (c, ==, "VGL,PR=OFF");

  vigil_observation_init (&obs, VIGIL_PARAMETER_HR);
  obs.quality = VIGIL_QUALITY_VALID;  /* valid but NAN: still absent */
  d = encode (&obs);
  g_assert_cmpstr (d, ==, "VGL,HR=---");

  vigil_observation_init (&obs, VIGIL_PARAMETER_NIBP);
  obs.quality = VIGIL_QUALITY_VALID;
  obs.value = 120;
  obs.diastolic = 80;
  e = encode (&obs);
  g_assert_cmpstr (e, ==, "VGL,NIBP=120/80/");

  obs.mean = 93.3;
  obs.quality |= VIGIL_QUALITY_QUESTIONABLE;
  f = encode (&obs);
  g_assert_cmpstr (f, ==, "VGL,NIBP=120/80/93.3?");
}

/* Whatever append_field writes, the parser reads back. */
static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  g_autoptr(VigilLineParser) parser = vigil_line_parser_new ();
  Collector collector;

  collector_init (&collector, VIGIL_PARSER (parser));

  for (guint i = 0; i < 5000; i++)
    {
      VigilObservation sent[VIGIL_N_PARAMETERS];
      g_autoptr(GString) body = g_string_new (VIGIL_LINE_PROTOCOL_RECORD);
      g_autofree char *line = NULL;
      gint64 time_ms = 1700000000000 + i * 1000;
      guint n_before;

      g_string_append_printf (body, ",T=%" G_GINT64_FORMAT, time_ms);
      for (guint p = 0; p < VIGIL_N_PARAMETERS; p++)
        {
          double max;
          int kind = g_rand_int_range (rand, 0, 10);

          vigil_line_protocol_parameter_range (p, NULL, &max);
          vigil_observation_init (&sent[p], p);
          if (kind == 0)
            sent[p].quality = 0;
          else if (kind == 1 && p != VIGIL_PARAMETER_NIBP)
            sent[p].quality = VIGIL_QUALITY_SENSOR_OFF;
          else
            {
              sent[p].quality = VIGIL_QUALITY_VALID;
              if (kind == 2)
                sent[p].quality |= VIGIL_QUALITY_QUESTIONABLE;
              sent[p].value = g_rand_int_range (rand, 0, (int) max * 10 + 1) / 10.0;
              if (p == VIGIL_PARAMETER_NIBP)
                {
                  sent[p].diastolic = g_rand_int_range (rand, 0, (int) (sent[p].value * 10) + 1) / 10.0;
                  if (kind != 3)
                    sent[p].mean = g_rand_int_range (rand, 0, (int) max * 10 + 1) / 10.0;
                }
            }
          vigil_line_protocol_append_field (body, &sent[p]);
        }

      g_assert_cmpuint (body->len, <=, VIGIL_LINE_PROTOCOL_MAX_BODY);
      line = vigil_line_protocol_seal (body->str);
      n_before = collector.observations->len;
      vigil_parser_feed (VIGIL_PARSER (parser), (const guint8 *) line, strlen (line));

      g_assert_cmpuint (collector.observations->len, ==, n_before + VIGIL_N_PARAMETERS);
      for (guint p = 0; p < VIGIL_N_PARAMETERS; p++)
        {
          const VigilObservation *got =
            &g_array_index (collector.observations, VigilObservation, n_before + p);

          g_assert_cmpuint (got->parameter, ==, p);
          g_assert_cmpuint (got->quality, ==, sent[p].quality);
          g_assert_cmpint (got->device_time_us, ==, time_ms * 1000);
          if (isnan (sent[p].value))
            g_assert_true (isnan (got->value));
          else
            g_assert_cmpfloat (got->value, ==, sent[p].value);
          if (isnan (sent[p].diastolic))
            g_assert_true (isnan (got->diastolic));
          else
            g_assert_cmpfloat (got->diastolic, ==, sent[p].diastolic);
          if (isnan (sent[p].mean))
            g_assert_true (isnan (got->mean));
          else
            g_assert_cmpfloat (got->mean, ==, sent[p].mean);
        }
    }

  g_assert_cmpuint (vigil_parser_get_frames_ok (VIGIL_PARSER (parser)), ==, 5000);
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 0);
  collector_clear (&collector);
}

/* 1 MB of random bytes with valid lines in between: nothing crashes and
 * every valid line after a newline is decoded, in order. */
static void
test_random_noise (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(VigilLineParser) parser = vigil_line_parser_new ();
  Collector collector;
  guint n_hr = 0;
  gsize offset = 0;

  while (stream->len < 1024 * 1024)
    {
      guint noise = g_rand_int_range (rand, 0, 2000);
      gint64 time_ms = 1700000000000 + (gint64) sent->len;
      g_autofree char *body = NULL;
      g_autofree char *line = NULL;

      for (guint i = 0; i < noise; i++)
        {
          guint8 byte = (guint8) g_rand_int_range (rand, 0, 256);
          g_byte_array_append (stream, &byte, 1);
        }
      g_byte_array_append (stream, (const guint8 *) "\n", 1);

      body = g_strdup_printf ("VGL,T=%" G_GINT64_FORMAT ",HR=%u", time_ms,
                              (guint) (sent->len % 351));
      line = vigil_line_protocol_seal (body);
      g_byte_array_append (stream, (const guint8 *) line, strlen (line));
      g_array_append_val (sent, time_ms);
    }

  collector_init (&collector, VIGIL_PARSER (parser));
  while (offset < stream->len)
    {
      gsize wanted = g_rand_int_range (rand, 1, 4097);
      gsize chunk = MIN (wanted, stream->len - offset);

      vigil_parser_feed (VIGIL_PARSER (parser), stream->data + offset, chunk);
      offset += chunk;
    }

  for (guint i = 0; i < collector.observations->len; i++)
    {
      const VigilObservation *obs = &g_array_index (collector.observations, VigilObservation, i);

      if (obs->parameter != VIGIL_PARAMETER_HR)
        continue;
      g_assert_cmpuint (n_hr, <, sent->len);
      g_assert_cmpint (obs->device_time_us, ==, g_array_index (sent, gint64, n_hr) * 1000);
      g_assert_cmpfloat (obs->value, ==, (double) (n_hr % 351));
      n_hr++;
    }
  g_assert_cmpuint (n_hr, ==, sent->len);
  g_assert_cmpuint (vigil_parser_get_frames_ok (VIGIL_PARSER (parser)), ==, sent->len);
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), >, 0);
  g_test_message ("%u lines in %u bytes of noise, %" G_GUINT64_FORMAT " frame errors",
                  sent->len, stream->len,
                  vigil_parser_get_frames_bad (VIGIL_PARSER (parser)));
  collector_clear (&collector);
}

static void
feed_string (VigilLineParser *parser,
             const char      *text)
{
  vigil_parser_feed (VIGIL_PARSER (parser), (const guint8 *) text, strlen (text));
}

static void
test_reset (void)
{
  g_autoptr(VigilLineParser) parser = vigil_line_parser_new ();
  g_autofree char *off = vigil_line_protocol_seal ("VGL,SPO2=OFF");
  g_autofree char *on = vigil_line_protocol_seal ("VGL,SPO2=97");
  g_autofree char *hr = vigil_line_protocol_seal ("VGL,HR=60");
  Collector collector;

  collector_init (&collector, VIGIL_PARSER (parser));

  feed_string (parser, off);
  g_assert_cmpuint (collector.items->len, ==, 2);
  g_assert_cmpstr (collector.items->pdata[0], ==, "event sensor-off spo2");

  /* A partial line, then a reset (a reconnect): the partial is gone. */
  feed_string (parser, "$VGL,HR=1");
  g_assert_cmpuint (vigil_line_parser_get_pending_length (parser), ==, 9);
  vigil_parser_reset (VIGIL_PARSER (parser));
  g_assert_cmpuint (vigil_line_parser_get_pending_length (parser), ==, 0);

  /* After a reset the receiver may be mid-line: the tail is skipped
   * quietly until the line ends. */
  feed_string (parser, "3*00\r\n");
  g_assert_cmpuint (collector.items->len, ==, 2);
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 0);

  feed_string (parser, hr);
  g_assert_cmpuint (collector.items->len, ==, 3);
  g_assert_cmpstr (collector.items->pdata[2], ==, "hr 60 valid");

  /* The sensor-off episode outlives the reset: the next value ends it. */
  feed_string (parser, on);
  g_assert_cmpuint (collector.items->len, ==, 5);
  g_assert_cmpstr (collector.items->pdata[3], ==, "event sensor-on spo2");
  g_assert_cmpstr (collector.items->pdata[4], ==, "spo2 97 valid");

  g_assert_cmpuint (vigil_parser_get_frames_ok (VIGIL_PARSER (parser)), ==, 3);
  collector_clear (&collector);
}

/* Noise at the very start is quiet; noise after sync counts once per burst. */
static void
test_noise_bursts (void)
{
  g_autoptr(VigilLineParser) parser = vigil_line_parser_new ();
  g_autofree char *hr = vigil_line_protocol_seal ("VGL,HR=60");
  Collector collector;

  collector_init (&collector, VIGIL_PARSER (parser));
  feed_string (parser, "xyz");
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 0);
  feed_string (parser, hr);
  feed_string (parser, "noise\nnoise\n\n");
  feed_string (parser, "more noise");
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 1);
  feed_string (parser, hr);
  feed_string (parser, "\r\n\r\n \t");
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 1);
  feed_string (parser, "\x01");
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 2);
  g_assert_cmpuint (vigil_parser_get_frames_ok (VIGIL_PARSER (parser)), ==, 2);
  collector_clear (&collector);
}

static void
test_new_for_protocol (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilParser) parser = vigil_parser_new_for_protocol ("vigil", &error);
  g_autoptr(VigilParser) unknown = NULL;

  g_assert_no_error (error);
  g_assert_true (VIGIL_IS_LINE_PARSER (parser));
  g_assert_true (g_strv_contains (vigil_parser_list_protocols (), "vigil"));

  unknown = vigil_parser_new_for_protocol ("nmea", &error);
  g_assert_null (unknown);
  g_assert_error (error, VIGIL_PARSER_ERROR, VIGIL_PARSER_ERROR_UNKNOWN_PROTOCOL);
}

/* Every example line of devices/PROTOCOL.md is a good frame. */
static void
test_documented_examples (void)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLineParser) parser = vigil_line_parser_new ();
  g_auto(GStrv) lines = NULL;
  gboolean in_examples = FALSE;
  guint n_examples = 0;
  Collector collector;

  path = g_build_filename (g_getenv ("VIGIL_TEST_DATA"), "..", "..", "devices",
                           "PROTOCOL.md", NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  collector_init (&collector, VIGIL_PARSER (parser));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "## "))
        in_examples = g_str_equal (lines[i], "## Examples");
      else if (in_examples && lines[i][0] == '$')
        {
          guint64 before = vigil_parser_get_frames_ok (VIGIL_PARSER (parser));

          feed_string (parser, lines[i]);
          feed_string (parser, "\r\n");
          if (vigil_parser_get_frames_ok (VIGIL_PARSER (parser)) != before + 1)
            g_error ("PROTOCOL.md example “%s” is not a good frame", lines[i]);
          n_examples++;
        }
    }

  g_assert_cmpuint (n_examples, >=, 10);
  g_assert_cmpuint (vigil_parser_get_frames_bad (VIGIL_PARSER (parser)), ==, 0);
  /* The worked example, first of the section. */
  g_assert_cmpstr (collector.items->pdata[0], ==, "hr 72 valid t=1700000000000000");
  collector_clear (&collector);
}

static const char *fixtures[] = {
  "valid",
  "bad-checksum",
  "missing-checksum",
  "truncated",
  "overlong",
  "control-bytes",
  "noise",
  "malformed-field",
  "out-of-range",
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/line-protocol/checksum", test_checksum);
  g_test_add_func ("/vigil/line-protocol/keys-and-ranges", test_keys_and_ranges);
  g_test_add_func ("/vigil/line-protocol/append-field", test_append_field);
  g_test_add_func ("/vigil/line-protocol/round-trip", test_round_trip);
  g_test_add_func ("/vigil/line-protocol/documented-examples", test_documented_examples);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/line-parser/fixture/%s", fixtures[i]);
      g_test_add_data_func (path, fixtures[i], test_fixture);
    }
  g_test_add_func ("/vigil/line-parser/random-noise", test_random_noise);
  g_test_add_func ("/vigil/line-parser/reset", test_reset);
  g_test_add_func ("/vigil/line-parser/noise-bursts", test_noise_bursts);
  g_test_add_func ("/vigil/line-parser/new-for-protocol", test_new_for_protocol);

  return g_test_run ();
}
