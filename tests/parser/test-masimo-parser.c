/* test-masimo-parser.c — Masimo ASCII 1: parser, (absent) host side and
 * simulated device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixtures are tests/data/masimo/NAME.bin with NAME.jsonl, what vigil-probe
 * prints for them without host times (tests/data/masimo/README.md). Each
 * fixture is fed whole, byte by byte and split in two at every byte
 * boundary; all must give the .jsonl exactly. Runs with TZ=UTC: the
 * device's clock is read as local time.
 */
#include <math.h>
#include <string.h>

#include "vigil-masimo-parser.h"
#include "vigil-masimo-protocol.h"
#include "vigil-masimo-sim.h"
#include "vigil-protocol.h"

#define HOST_TIMES ",\"host_wall_us\":0,\"host_monotonic_us\":0}"

typedef struct
{
  GPtrArray *json;          /* probe lines, host times removed */
  GArray    *observations;  /* VigilObservation */
  GPtrArray *events;        /* VigilTechnicalEvent, frame errors included */
  GPtrArray *frames;        /* "ok NOTE" / "bad NOTE" */
  GByteArray *transmitted;
} Collector;

/* The probe's line for an item, without the host times. */
static char *
strip_host_times (char *json)
{
  gsize length = strlen (json);
  gsize suffix = strlen (HOST_TIMES);

  g_assert_cmpuint (length, >, suffix);
  g_assert_cmpstr (json + length - suffix, ==, HOST_TIMES);
  json[length - suffix] = '}';
  json[length - suffix + 1] = '\0';
  return json;
}

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Collector              *collector)
{
  g_assert_cmpint (obs->host_wall_us, ==, 0);
  g_assert_cmpint (obs->host_monotonic_us, ==, 0);
  g_assert_true (obs->parameter == VIGIL_PARAMETER_SPO2 ||
                 obs->parameter == VIGIL_PARAMETER_PULSE_RATE);
  g_assert_cmpuint (obs->unit, ==, vigil_parameter_get_unit (obs->parameter));
  /* A number exactly when valid; never valid and off. */
  g_assert_true (!!(obs->quality & VIGIL_QUALITY_VALID) == !!isfinite (obs->value));
  if (obs->quality & VIGIL_QUALITY_SENSOR_OFF)
    g_assert_false (obs->quality & VIGIL_QUALITY_VALID);
  if (isfinite (obs->perfusion_index))
    {
      g_assert_cmpint (obs->parameter, ==, VIGIL_PARAMETER_SPO2);
      g_assert_true (obs->quality & VIGIL_QUALITY_VALID);
    }

  g_ptr_array_add (collector->json, strip_host_times (vigil_observation_to_json (obs)));
  g_array_append_val (collector->observations, *obs);
}

static void
on_technical_event (VigilParser               *parser,
                    const VigilTechnicalEvent *event,
                    Collector                 *collector)
{
  g_assert_nonnull (event->message);
  g_assert_true (g_utf8_validate (event->message, -1, NULL));
  g_ptr_array_add (collector->json, strip_host_times (vigil_technical_event_to_json (event)));
  g_ptr_array_add (collector->events, vigil_technical_event_copy (event));
}

static void
on_frame (VigilParser *parser,
          GBytes      *bytes,
          gboolean     valid,
          const char  *note,
          Collector   *collector)
{
  g_ptr_array_add (collector->frames, g_strdup_printf ("%s %s", valid ? "ok" : "bad", note));
}

static void
on_transmit (VigilParser *parser,
             GBytes      *bytes,
             Collector   *collector)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_byte_array_append (collector->transmitted, data, (guint) length);
}

static void
collector_init (Collector   *collector,
                VigilParser *parser)
{
  collector->json = g_ptr_array_new_with_free_func (g_free);
  collector->observations = g_array_new (FALSE, FALSE, sizeof (VigilObservation));
  collector->events = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_technical_event_free);
  collector->frames = g_ptr_array_new_with_free_func (g_free);
  collector->transmitted = g_byte_array_new ();
  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), collector);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_technical_event), collector);
  g_signal_connect (parser, "frame", G_CALLBACK (on_frame), collector);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_transmit), collector);
}

static void
collector_clear (Collector *collector)
{
  g_clear_pointer (&collector->json, g_ptr_array_unref);
  g_clear_pointer (&collector->observations, g_array_unref);
  g_clear_pointer (&collector->events, g_ptr_array_unref);
  g_clear_pointer (&collector->frames, g_ptr_array_unref);
  g_clear_pointer (&collector->transmitted, g_byte_array_unref);
}

static void
collector_forget (Collector *collector)
{
  g_ptr_array_set_size (collector->json, 0);
  g_array_set_size (collector->observations, 0);
  g_ptr_array_set_size (collector->events, 0);
  g_ptr_array_set_size (collector->frames, 0);
}

/* A cheap record of what a parser emitted, for the many split feeds:
 * every field that reaches the JSON, in order. */
static void
on_observation_record (VigilParser            *parser,
                       const VigilObservation *obs,
                       GByteArray             *record)
{
  guint8 tag = 'o';
  guint32 fields[2] = { obs->parameter, obs->quality };
  double numbers[2] = { obs->value, obs->perfusion_index };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (isnan (numbers[i]))
      numbers[i] = NAN;   /* one NAN pattern */
  g_byte_array_append (record, &tag, 1);
  g_byte_array_append (record, (const guint8 *) fields, sizeof fields);
  g_byte_array_append (record, (const guint8 *) numbers, sizeof numbers);
  g_byte_array_append (record, (const guint8 *) &obs->device_time_us, sizeof obs->device_time_us);
}

static void
on_event_record (VigilParser               *parser,
                 const VigilTechnicalEvent *event,
                 GByteArray                *record)
{
  guint8 tag = 'e';
  gint32 fields[2] = { event->kind, event->parameter };

  g_byte_array_append (record, &tag, 1);
  g_byte_array_append (record, (const guint8 *) fields, sizeof fields);
  g_byte_array_append (record, (const guint8 *) event->message, strlen (event->message) + 1);
}

static VigilParser *
new_recording_parser (GByteArray *record)
{
  VigilParser *parser = vigil_masimo_parser_new ();

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation_record), record);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_event_record), record);
  return parser;
}

static VigilParser *
new_parser (Collector *collector)
{
  VigilParser *parser = vigil_masimo_parser_new ();

  collector_init (collector, parser);
  return parser;
}

static void
feed_string (VigilParser *parser,
             const char  *text)
{
  vigil_parser_feed (parser, (const guint8 *) text, strlen (text));
}

static const VigilObservation *
observation (Collector *collector,
             guint      index)
{
  g_assert_cmpuint (index, <, collector->observations->len);
  return &g_array_index (collector->observations, VigilObservation, index);
}

static const VigilTechnicalEvent *
event (Collector *collector,
       guint      index)
{
  g_assert_cmpuint (index, <, collector->events->len);
  return collector->events->pdata[index];
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("VIGIL_TEST_DATA");

  if (dir == NULL)
    g_error ("VIGIL_TEST_DATA is not set: run the tests with meson test");
  return g_build_filename (dir, "masimo", name, NULL);
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

static void
assert_same_lines (GPtrArray   *actual,
                   char       **expected,
                   const char  *context)
{
  guint n_expected = g_strv_length (expected);

  for (guint i = 0; i < MIN (actual->len, n_expected); i++)
    {
      if (g_strcmp0 (actual->pdata[i], expected[i]) != 0)
        g_error ("%s, item %u:\n  got      %s\n  expected %s",
                 context, i, (char *) actual->pdata[i], expected[i]);
    }
  if (actual->len != n_expected)
    g_error ("%s: %u items, expected %u", context, actual->len, n_expected);
}

typedef struct
{
  const char *name;
  guint64     frames_ok;
  guint64     frames_bad;
  gsize       pending;
} Fixture;

static const Fixture fixtures[] = {
  { "examples", 3, 0, 0 },
  { "exceptions", 37, 0, 0 },
  { "alarm", 5, 0, 0 },
  { "line-endings", 8, 0, 0 },
  { "bad-lines", 6, 38, 0 },
  { "mid-line", 2, 1, 39 },
  { "mid-line-readable", 2, 0, 0 },
  { "rad8-sensor-off", 5, 0, 0 },
};

static void
test_fixture (gconstpointer data)
{
  const Fixture *fixture = data;
  g_autofree char *bin_name = g_strconcat (fixture->name, ".bin", NULL);
  g_autofree char *jsonl_name = g_strconcat (fixture->name, ".jsonl", NULL);
  g_autoptr(GBytes) bytes = load (bin_name);
  g_autoptr(GBytes) jsonl = load (jsonl_name);
  g_auto(GStrv) expected = NULL;
  gsize length;
  const guint8 *capture = g_bytes_get_data (bytes, &length);
  g_autofree char *text = g_strndup (g_bytes_get_data (jsonl, NULL), g_bytes_get_size (jsonl));

  /* One line per item, each ended by a newline. */
  g_assert_true (text[0] == '\0' || g_str_has_suffix (text, "\n"));
  if (text[0] != '\0')
    text[strlen (text) - 1] = '\0';
  expected = text[0] == '\0' ? g_new0 (char *, 1) : g_strsplit (text, "\n", -1);

  /* Whole. */
  {
    Collector c = { 0 };
    g_autoptr(VigilParser) parser = new_parser (&c);

    vigil_parser_feed (parser, capture, length);
    assert_same_lines (c.json, expected, fixture->name);
    g_assert_cmpuint (vigil_parser_get_frames_ok (parser), ==, fixture->frames_ok);
    g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, fixture->frames_bad);
    g_assert_cmpuint (vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (parser)),
                      ==, fixture->pending);
    /* Every line cut from the stream is announced, good and bad. */
    g_assert_cmpuint (c.frames->len, >=, fixture->frames_ok + fixture->frames_bad);
    /* Passive: nothing is ever sent to the device. */
    g_assert_cmpuint (c.transmitted->len, ==, 0);
    collector_clear (&c);
  }

  /* Byte by byte. */
  {
    Collector c = { 0 };
    g_autoptr(VigilParser) parser = new_parser (&c);

    for (gsize i = 0; i < length; i++)
      vigil_parser_feed (parser, capture + i, 1);
    assert_same_lines (c.json, expected, fixture->name);
    collector_clear (&c);
  }

  /* Split in two at every byte boundary: the same items, field by field,
   * as the whole feed (which matched the .jsonl above). */
  {
    g_autoptr(GByteArray) whole_record = g_byte_array_new ();
    g_autoptr(VigilParser) whole = new_recording_parser (whole_record);

    vigil_parser_feed (whole, capture, length);
    for (gsize split = 1; split < length; split++)
      {
        g_autoptr(GByteArray) record = g_byte_array_new ();
        g_autoptr(VigilParser) parser = new_recording_parser (record);

        vigil_parser_feed (parser, capture, split);
        vigil_parser_feed (parser, capture + split, length - split);
        if (record->len != whole_record->len ||
            memcmp (record->data, whole_record->data, record->len) != 0)
          g_error ("%s: split at %" G_GSIZE_FORMAT " changes what the bytes mean",
                   fixture->name, split);
        g_assert_cmpuint (vigil_parser_get_frames_ok (parser), ==, fixture->frames_ok);
        g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, fixture->frames_bad);
      }
  }
}

/* The three lines of PROTOCOLS.md, value by value. */
static void
test_examples (void)
{
  Collector c = { 0 };
  g_autoptr(VigilParser) parser = new_parser (&c);
  const VigilObservation *obs;

  g_assert_null (vigil_parser_get_identity (parser));

  feed_string (parser, "12/01/05 11:56:29 SN=0123456789 SPO2=098% BPM=240 PI=20.00% "
               "SPCO=01.0% SPMET=00.5% DESAT=01 PIDELTA=-02 PVI=027 ALARM=0000 EXC=000820\r\n");
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Masimo SN 0123456789");
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpint (event (&c, 0)->kind, ==, VIGIL_TECHNICAL_SENSOR_OFF);
  g_assert_cmpint (event (&c, 0)->parameter, ==, VIGIL_PARAMETER_SPO2);
  g_assert_nonnull (strstr (event (&c, 0)->message, "off the patient"));
  g_assert_cmpuint (c.observations->len, ==, 2);
  obs = observation (&c, 0);
  g_assert_cmpint (obs->parameter, ==, VIGIL_PARAMETER_SPO2);
  g_assert_cmpint (obs->quality, ==, VIGIL_QUALITY_SENSOR_OFF);
  g_assert_true (isnan (obs->value));
  g_assert_true (isnan (obs->perfusion_index));
  /* 2005-12-01 11:56:29 UTC */
  g_assert_cmpint (obs->device_time_us, ==, G_GINT64_CONSTANT (1133438189000000));
  g_assert_cmpint (observation (&c, 1)->quality, ==, VIGIL_QUALITY_SENSOR_OFF);
  collector_forget (&c);

  feed_string (parser, "09/15/10 15:10:29 SPO2=097% BPM=064 PI=11.82% ALARM=20 EXC=800\r\n");
  /* No SN on this model: the identity stays. */
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Masimo SN 0123456789");
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpint (event (&c, 0)->kind, ==, VIGIL_TECHNICAL_SENSOR_ON);
  obs = observation (&c, 0);
  g_assert_cmpint (obs->quality, ==, VIGIL_QUALITY_VALID);
  g_assert_cmpfloat (obs->value, ==, 97);
  g_assert_cmpfloat (obs->perfusion_index, ==, 11.82);
  g_assert_cmpint (obs->device_time_us, ==, G_GINT64_CONSTANT (1284563429000000));
  obs = observation (&c, 1);
  g_assert_cmpint (obs->parameter, ==, VIGIL_PARAMETER_PULSE_RATE);
  g_assert_cmpint (obs->quality, ==, VIGIL_QUALITY_VALID);
  g_assert_cmpfloat (obs->value, ==, 64);
  g_assert_true (isnan (obs->perfusion_index));
  collector_forget (&c);

  feed_string (parser, "03/19/16 13:37:12 SN=0000093112 SPO2=---% BPM=--- DESAT=-- "
               "PIDELTA=+-- ALARM=0000 EXC=000001\r\n");
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Masimo SN 0000093112");
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpint (event (&c, 0)->kind, ==, VIGIL_TECHNICAL_SENSOR_OFF);
  g_assert_nonnull (strstr (event (&c, 0)->message, "no sensor"));
  g_assert_cmpint (observation (&c, 0)->quality, ==, VIGIL_QUALITY_SENSOR_OFF);
  g_assert_cmpint (observation (&c, 1)->quality, ==, VIGIL_QUALITY_SENSOR_OFF);

  g_assert_cmpuint (vigil_parser_get_frames_ok (parser), ==, 3);
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);
  collector_clear (&c);
}

typedef struct
{
  guint32             bit;
  VigilTechnicalKind  begin;
  VigilTechnicalKind  end;      /* VIGIL_N_TECHNICAL_KINDS: none */
  VigilQuality        quality;  /* of SPO2=095% BPM=070 on that line */
  const char         *word;     /* in the message */
} ExceptionCase;

static const ExceptionCase exception_cases[] = {
  { VIGIL_MASIMO_EXC_NO_SENSOR, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_ON,
    VIGIL_QUALITY_SENSOR_OFF, "no sensor" },
  { VIGIL_MASIMO_EXC_DEFECTIVE_SENSOR, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_ON,
    VIGIL_QUALITY_SENSOR_OFF, "defective" },
  { VIGIL_MASIMO_EXC_LOW_PERFUSION, VIGIL_TECHNICAL_SIGNAL_POOR, VIGIL_TECHNICAL_SIGNAL_GOOD,
    VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE, "low perfusion" },
  { VIGIL_MASIMO_EXC_PULSE_SEARCH, VIGIL_TECHNICAL_SIGNAL_POOR, VIGIL_TECHNICAL_SIGNAL_GOOD,
    VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE, "searching" },
  { VIGIL_MASIMO_EXC_INTERFERENCE, VIGIL_TECHNICAL_SIGNAL_POOR, VIGIL_TECHNICAL_SIGNAL_GOOD,
    VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE, "interference" },
  { VIGIL_MASIMO_EXC_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_ON,
    VIGIL_QUALITY_SENSOR_OFF, "off the patient" },
  { VIGIL_MASIMO_EXC_AMBIENT_LIGHT, VIGIL_TECHNICAL_SIGNAL_POOR, VIGIL_TECHNICAL_SIGNAL_GOOD,
    VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE, "ambient light" },
  { VIGIL_MASIMO_EXC_UNRECOGNISED_SENSOR, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_ON,
    VIGIL_QUALITY_SENSOR_OFF, "does not recognise" },
  { VIGIL_MASIMO_EXC_LOW_SIGNAL_IQ, VIGIL_TECHNICAL_SIGNAL_POOR, VIGIL_TECHNICAL_SIGNAL_GOOD,
    VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE, "low signal quality" },
  { VIGIL_MASIMO_EXC_SET_MODE, VIGIL_N_TECHNICAL_KINDS, VIGIL_N_TECHNICAL_KINDS,
    VIGIL_QUALITY_VALID, NULL },
  { VIGIL_MASIMO_EXC_NO_CABLE, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_ON,
    VIGIL_QUALITY_SENSOR_OFF, "no patient cable" },
  { VIGIL_MASIMO_EXC_CABLE_EXPIRED, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_ON,
    VIGIL_QUALITY_SENSOR_OFF, "cable has expired" },
  { VIGIL_MASIMO_EXC_CALIBRATING, VIGIL_TECHNICAL_DEVICE_NOTICE, VIGIL_N_TECHNICAL_KINDS,
    0, "calibrating" },
  { VIGIL_MASIMO_EXC_SENSOR_EXPIRED, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_ON,
    VIGIL_QUALITY_SENSOR_OFF, "sensor has expired" },
};

/* Each EXC bit alone: its event once on the way in (not on every line),
 * its quality while present, its end event on the way out. */
static void
test_exception_bits (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (exception_cases); i++)
    {
      const ExceptionCase *ec = &exception_cases[i];
      Collector c = { 0 };
      g_autoptr(VigilParser) parser = new_parser (&c);
      g_autofree char *line = g_strdup_printf ("01/02/20 03:04:05 SPO2=095%% BPM=070 "
                                               "PI=2.50%% EXC=%06X\r\n", ec->bit);

      for (int repeat = 0; repeat < 3; repeat++)
        feed_string (parser, line);

      if (ec->begin == VIGIL_N_TECHNICAL_KINDS)
        g_assert_cmpuint (c.events->len, ==, 0);
      else
        {
          g_assert_cmpuint (c.events->len, ==, 1);
          g_assert_cmpint (event (&c, 0)->kind, ==, ec->begin);
          g_assert_cmpint (event (&c, 0)->parameter, ==, VIGIL_PARAMETER_SPO2);
          g_assert_nonnull (strstr (event (&c, 0)->message, ec->word));
        }
      g_assert_cmpuint (c.observations->len, ==, 6);
      for (guint o = 0; o < c.observations->len; o++)
        {
          const VigilObservation *obs = observation (&c, o);

          g_assert_cmpint (obs->quality, ==, ec->quality);
          if (ec->quality & VIGIL_QUALITY_VALID)
            g_assert_cmpfloat (obs->value, ==, o % 2 == 0 ? 95 : 70);
          else
            g_assert_true (isnan (obs->value));
          if (obs->parameter == VIGIL_PARAMETER_SPO2 && (ec->quality & VIGIL_QUALITY_VALID))
            g_assert_cmpfloat (obs->perfusion_index, ==, 2.5);
          else
            g_assert_true (isnan (obs->perfusion_index));
        }
      collector_forget (&c);

      feed_string (parser, "01/02/20 03:04:06 SPO2=095% BPM=070 EXC=000000\r\n");
      if (ec->end == VIGIL_N_TECHNICAL_KINDS)
        g_assert_cmpuint (c.events->len, ==, 0);
      else
        {
          g_assert_cmpuint (c.events->len, ==, 1);
          g_assert_cmpint (event (&c, 0)->kind, ==, ec->end);
          g_assert_cmpint (event (&c, 0)->parameter, ==, VIGIL_PARAMETER_SPO2);
        }
      g_assert_cmpint (observation (&c, 0)->quality, ==, VIGIL_QUALITY_VALID);
      g_assert_cmpint (observation (&c, 1)->quality, ==, VIGIL_QUALITY_VALID);
      g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);
      collector_clear (&c);
    }
}

static void
test_low_battery (void)
{
  Collector c = { 0 };
  g_autoptr(VigilParser) parser = new_parser (&c);

  feed_string (parser, "SPO2=097% ALARM=40\r\nSPO2=097% ALARM=0040\r\nSPO2=097% ALARM=000040\r\n");
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpint (event (&c, 0)->kind, ==, VIGIL_TECHNICAL_DEVICE_NOTICE);
  g_assert_cmpint (event (&c, 0)->parameter, ==, -1);
  g_assert_nonnull (strstr (event (&c, 0)->message, "battery"));
  /* Vigil's own alarms judge the numbers: the device's alarm bits change
   * nothing. */
  feed_string (parser, "SPO2=080% ALARM=3F\r\n");
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpint (observation (&c, 3)->quality, ==, VIGIL_QUALITY_VALID);
  feed_string (parser, "SPO2=097% ALARM=40\r\n");
  g_assert_cmpuint (c.events->len, ==, 2);
  collector_clear (&c);
}

static void
test_identity (void)
{
  Collector c = { 0 };
  g_autoptr(VigilParser) parser = new_parser (&c);

  feed_string (parser, "SN=---------- SPO2=097%\r\n");
  g_assert_null (vigil_parser_get_identity (parser));
  feed_string (parser, "SN=0000093112 SPO2=097%\r\n");
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Masimo SN 0000093112");
  /* A bad line changes nothing, not even the identity. */
  feed_string (parser, "SN=0000000001 SPO2=197%\r\n");
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Masimo SN 0000093112");
  feed_string (parser, "SN=A1B2 SPO2=097%\r\n");
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Masimo SN A1B2");
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 1);
  collector_clear (&c);
}

/* The device's clock is local: the same line means another instant in
 * another zone. */
static void
test_local_time (void)
{
  Collector c = { 0 };
  g_autoptr(VigilParser) parser = new_parser (&c);

  feed_string (parser, "01/01/00 00:00:00 SPO2=097%\r\n");
  g_assert_cmpint (observation (&c, 0)->device_time_us, ==, G_GINT64_CONSTANT (946684800000000));

  g_setenv ("TZ", "UTC+02", TRUE);
  feed_string (parser, "01/01/00 00:00:00 SPO2=097%\r\n");
  g_setenv ("TZ", "UTC", TRUE);
  g_assert_cmpint (observation (&c, 1)->device_time_us, ==,
                   G_GINT64_CONSTANT (946684800000000) + G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC);

  /* Leap day, end of century. */
  feed_string (parser, "02/29/24 23:59:59 BPM=060\r\n12/31/99 23:59:59 BPM=060\r\n");
  g_assert_cmpint (observation (&c, 2)->device_time_us, ==, G_GINT64_CONSTANT (1709251199000000));
  g_assert_cmpint (observation (&c, 3)->device_time_us, ==, G_GINT64_CONSTANT (4102444799000000));
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);
  collector_clear (&c);
}

/* The first line after start or reset() may be a tail: dropped quietly if
 * unreadable; after that every bad line counts. */
static void
test_sync_and_reset (void)
{
  Collector c = { 0 };
  g_autoptr(VigilParser) parser = new_parser (&c);

  feed_string (parser, "29 SPO2=097% BPM=064 EXC=000020\r\n");
  g_assert_cmpuint (c.json->len, ==, 0);
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);
  g_assert_cmpuint (c.frames->len, ==, 1);
  g_assert_true (g_str_has_prefix (c.frames->pdata[0], "bad before sync"));

  feed_string (parser, "SPO2=097% BPM=064 EXC=000020\r\n");
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpint (event (&c, 0)->kind, ==, VIGIL_TECHNICAL_SENSOR_OFF);
  g_assert_cmpstr (c.frames->pdata[1], ==, "ok ASCII 1 line");

  /* The cable is pulled in the middle of a line. */
  feed_string (parser, "01/02/20 03:04:05 SPO2=09");
  g_assert_cmpuint (vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (parser)), ==, 25);
  /* The same through the base class, as vigil-probe asks. */
  g_assert_cmpuint (vigil_parser_get_pending_length (parser), ==, 25);
  vigil_parser_reset (parser);
  g_assert_cmpuint (vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (parser)), ==, 0);

  /* Reconnected mid-line: the tail is quiet; the sensor-off episode
   * survives the reconnect and ends with the first good line. */
  feed_string (parser, "1 BPM=070 EXC=000000\r\n");
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);
  g_assert_cmpuint (c.events->len, ==, 1);
  feed_string (parser, "SPO2=097% BPM=064 EXC=000000\r\n");
  g_assert_cmpuint (c.events->len, ==, 2);
  g_assert_cmpint (event (&c, 1)->kind, ==, VIGIL_TECHNICAL_SENSOR_ON);

  /* In sync now: a bad line is a frame error. */
  feed_string (parser, "1 BPM=070 EXC=000000\r\n");
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 1);
  g_assert_cmpint (event (&c, 2)->kind, ==, VIGIL_TECHNICAL_FRAME_ERROR);
  g_assert_cmpint (event (&c, 2)->parameter, ==, -1);

  /* An overlong tail after a reset is quiet too, up to its LF. */
  vigil_parser_reset (parser);
  for (int i = 0; i < 100; i++)
    feed_string (parser, "xxxxxxxxxx");
  feed_string (parser, "\r\nSPO2=096%\r\n");
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 1);
  g_assert_cmpfloat (observation (&c, c.observations->len - 1)->value, ==, 96);
  collector_clear (&c);
}

/* ASCII 1 has no host side: connecting and ticking send nothing. */
static void
test_passive_host (void)
{
  Collector c = { 0 };
  g_autoptr(VigilParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  parser = vigil_parser_new_for_protocol ("masimo", &error);
  g_assert_no_error (error);
  g_assert_true (VIGIL_IS_MASIMO_PARSER (parser));
  collector_init (&c, parser);

  vigil_parser_connected (parser, 0);
  for (gint64 t = 0; t < 10 * G_USEC_PER_SEC; t += 250000)
    vigil_parser_tick (parser, t);
  vigil_parser_connected (parser, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (c.transmitted->len, ==, 0);
  g_assert_cmpuint (c.json->len, ==, 0);
  collector_clear (&c);
}

/* Random bytes and random cuts of good lines: no crash, and nothing but
 * sane values. */
static void
test_random_noise (void)
{
  static const char *pieces[] = {
    "SPO2=", "BPM=", "PI=", "EXC=", "ALARM=", "SN=", "---", "%", " ", "\r\n", "\n",
    "12/01/05", "11:56:29", "098", "0000820", "20.00", "=", "+--", "\r",
  };
  Collector c = { 0 };
  g_autoptr(VigilParser) parser = new_parser (&c);
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x4d41);

  for (int round = 0; round < 2000; round++)
    {
      guint8 buffer[64];
      gsize n = g_rand_int_range (rand, 1, sizeof buffer);

      if (g_rand_boolean (rand))
        for (gsize i = 0; i < n; i++)
          buffer[i] = (guint8) g_rand_int_range (rand, 0, 256);
      else
        {
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
          n = strlen (piece);
          memcpy (buffer, piece, n);
        }
      vigil_parser_feed (parser, buffer, n);
    }

  for (guint i = 0; i < c.observations->len; i++)
    {
      const VigilObservation *obs = observation (&c, i);
      if (obs->parameter == VIGIL_PARAMETER_SPO2)
        g_assert_true (isnan (obs->value) || (obs->value >= 0 && obs->value <= 100));
      else
        g_assert_true (isnan (obs->value) || (obs->value >= 0 && obs->value <= 350));
    }
  g_assert_cmpuint (vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (parser)),
                    <=, VIGIL_MASIMO_MAX_LINE);
  collector_clear (&c);
}

/* ---- the simulated device against the parser, in process ---- */

typedef struct
{
  VigilParser *parser;
  GString     *wire;    /* everything the device sent */
} Link;

static void
on_sim_transmit (VigilSimProtocol *sim,
                 GBytes           *bytes,
                 Link             *link)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_string_append_len (link->wire, (const char *) data, (gssize) length);
  vigil_parser_feed (link->parser, data, length);
}

static void
on_parser_transmit (VigilParser      *parser,
                    GBytes           *bytes,
                    VigilSimProtocol *sim)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  vigil_sim_protocol_receive (sim, data, length);
}

static VigilScenarioSample
sample_at (gint64 elapsed_ms,
           int    spo2,
           int    pr,
           gboolean off)
{
  VigilScenarioSample sample = { 0 };

  sample.elapsed_ms = elapsed_ms;
  sample.hr = 75;
  sample.spo2 = spo2;
  sample.pr = pr;
  sample.spo2_sensor_off = off;
  sample.nibp = VIGIL_SCENARIO_NIBP_NONE;
  return sample;
}

static void
test_sim (void)
{
  Collector c = { 0 };
  g_autoptr(VigilParser) parser = new_parser (&c);
  g_autoptr(VigilSimProtocol) sim = vigil_masimo_sim_new ();
  g_autoptr(GRegex) format = NULL;
  g_auto(GStrv) lines = NULL;
  Link link = { parser, g_string_new (NULL) };
  /* 2023-11-14 22:13:20 UTC */
  const gint64 wall0_ms = G_GINT64_CONSTANT (1700000000000);
  VigilScenarioSample sample;
  const guint8 junk[] = "\x02\x10 anything the host says \r\n";
  double pi_min = 100, pi_max = 0;

  g_signal_connect (sim, "transmit", G_CALLBACK (on_sim_transmit), &link);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_parser_transmit), sim);

  g_assert_cmpuint (vigil_sim_protocol_get_period_ms (sim), ==, 1000);
  /* Passive: streaming from power-on, nobody asked. */
  g_assert_true (vigil_sim_protocol_get_streaming (sim));
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 0);

  /* The host talks; the device neither answers nor counts a request. */
  vigil_parser_connected (parser, 0);
  vigil_sim_protocol_receive (sim, junk, sizeof junk - 1);
  g_assert_cmpuint (link.wire->len, ==, 0);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 0);

  sample = sample_at (0, 97, 72, FALSE);
  vigil_sim_protocol_tick (sim, &sample, wall0_ms);
  g_assert_cmpuint (vigil_sim_protocol_get_frames_sent (sim), ==, 1);
  g_assert_cmpuint (c.observations->len, ==, 2);
  g_assert_cmpint (observation (&c, 0)->parameter, ==, VIGIL_PARAMETER_SPO2);
  g_assert_cmpfloat (observation (&c, 0)->value, ==, 97);
  g_assert_cmpint (observation (&c, 0)->quality, ==, VIGIL_QUALITY_VALID);
  g_assert_true (isfinite (observation (&c, 0)->perfusion_index));
  g_assert_cmpint (observation (&c, 0)->device_time_us, ==, wall0_ms * 1000);
  g_assert_cmpint (observation (&c, 1)->parameter, ==, VIGIL_PARAMETER_PULSE_RATE);
  g_assert_cmpfloat (observation (&c, 1)->value, ==, 72);
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Masimo SN 0000093112");
  g_assert_cmpuint (c.events->len, ==, 0);

  /* Sensor off: dashes, EXC=000020. */
  collector_forget (&c);
  sample = sample_at (1000, 97, 72, TRUE);
  vigil_sim_protocol_tick (sim, &sample, wall0_ms + 1000);
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpint (event (&c, 0)->kind, ==, VIGIL_TECHNICAL_SENSOR_OFF);
  g_assert_cmpint (observation (&c, 0)->quality, ==, VIGIL_QUALITY_SENSOR_OFF);
  g_assert_cmpint (observation (&c, 1)->quality, ==, VIGIL_QUALITY_SENSOR_OFF);
  g_assert_nonnull (strstr (link.wire->str, " SPO2=---% BPM=--- "));
  g_assert_true (g_str_has_suffix (link.wire->str, " EXC=000020\r\n"));

  /* Pulse search: the rate is dashes, the saturation doubted. */
  collector_forget (&c);
  sample = sample_at (2000, 93, VIGIL_SCENARIO_ABSENT, FALSE);
  vigil_sim_protocol_tick (sim, &sample, wall0_ms + 2000);
  g_assert_cmpuint (c.events->len, ==, 2);
  g_assert_cmpint (event (&c, 0)->kind, ==, VIGIL_TECHNICAL_SENSOR_ON);
  g_assert_cmpint (event (&c, 1)->kind, ==, VIGIL_TECHNICAL_SIGNAL_POOR);
  g_assert_cmpfloat (observation (&c, 0)->value, ==, 93);
  g_assert_cmpint (observation (&c, 0)->quality, ==, VIGIL_QUALITY_VALID | VIGIL_QUALITY_QUESTIONABLE);
  g_assert_true (isnan (observation (&c, 1)->value));
  g_assert_cmpint (observation (&c, 1)->quality, ==, 0);
  g_assert_true (g_str_has_suffix (link.wire->str, " BPM=--- PI=--.--% SPCO=01.0% SPMET=00.5% "
                                   "DESAT=00 PIDELTA=+00 PVI=015 ALARM=0000 EXC=000008\r\n"));

  /* An hour of normal data: every line reads, PI drifts in 1.5–6 %. */
  collector_forget (&c);
  for (gint64 s = 3; s < 3600; s++)
    {
      sample = sample_at (s * 1000, 90 + (int) (s % 11), 60 + (int) (s % 40), FALSE);
      vigil_sim_protocol_tick (sim, &sample, wall0_ms + s * 1000);
    }
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpint (event (&c, 0)->kind, ==, VIGIL_TECHNICAL_SIGNAL_GOOD);
  g_assert_cmpuint (c.observations->len, ==, 2 * 3597);
  for (guint i = 0; i < c.observations->len; i += 2)
    {
      const VigilObservation *obs = observation (&c, i);
      gint64 s = 3 + i / 2;

      g_assert_cmpint (obs->quality, ==, VIGIL_QUALITY_VALID);
      g_assert_cmpfloat (obs->value, ==, 90 + (int) (s % 11));
      g_assert_cmpfloat (observation (&c, i + 1)->value, ==, 60 + (int) (s % 40));
      g_assert_cmpint (obs->device_time_us, ==, (wall0_ms + s * 1000) * 1000);
      pi_min = MIN (pi_min, obs->perfusion_index);
      pi_max = MAX (pi_max, obs->perfusion_index);
    }
  g_assert_cmpfloat (pi_min, >=, 1.5);
  g_assert_cmpfloat (pi_max, <=, 6.0);
  g_assert_cmpfloat (pi_max - pi_min, >, 2.0);
  g_assert_cmpuint (vigil_parser_get_frames_ok (parser), ==, 3600);
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);

  /* Every line is Rad-8 style: the same keys in the same order. */
  format = g_regex_new ("^\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d SN=0000093112 "
                        "SPO2=(\\d{3}|---)% BPM=(\\d{3}|---) PI=(\\d\\d\\.\\d\\d|--\\.--)% "
                        "SPCO=(01\\.0|--\\.-)% SPMET=(00\\.5|--\\.-)% DESAT=(00|--) "
                        "PIDELTA=\\+(00|--) PVI=(\\d{3}|---) ALARM=[0-9A-F]{4} "
                        "EXC=[0-9A-F]{6}\r$", 0, 0, NULL);
  g_assert_nonnull (format);
  lines = g_strsplit (link.wire->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3601);
  g_assert_cmpstr (lines[3600], ==, "");
  g_assert_true (g_str_has_prefix (lines[0], "11/14/23 22:13:20 "));
  for (guint i = 0; i < 3600; i++)
    if (!g_regex_match (format, lines[i], 0, NULL))
      g_error ("line %u is not ASCII 1 as a Rad-8 sends it: %s", i, lines[i]);

  /* A pulled cable: nothing to forget, still streaming. */
  vigil_sim_protocol_reset (sim);
  g_assert_true (vigil_sim_protocol_get_streaming (sim));
  g_assert_cmpuint (c.transmitted->len, ==, 0);

  g_string_free (link.wire, TRUE);
  collector_clear (&c);
}

/* The scenarios run through the device and the parser: every line is read
 * and what the parser sees is what the scenario showed. */
static void
test_sim_scenarios (void)
{
  for (const VigilScenarioInfo *info = vigil_scenario_list (); info->name != NULL; info++)
    {
      Collector c = { 0 };
      g_autoptr(VigilParser) parser = new_parser (&c);
      g_autoptr(VigilSimProtocol) sim = vigil_masimo_sim_new ();
      g_autoptr(VigilScenario) scenario = NULL;
      g_autoptr(GError) error = NULL;
      Link link = { parser, g_string_new (NULL) };
      gint64 previous = 0;

      scenario = vigil_scenario_new (info->name, 7, &error);
      g_assert_no_error (error);
      g_signal_connect (sim, "transmit", G_CALLBACK (on_sim_transmit), &link);

      for (gint64 ms = 0; ms < 20 * 60 * 1000; ms += 1000)
        {
          VigilScenarioSample sample;
          guint before = c.observations->len;

          vigil_scenario_sample (scenario, previous, ms, &sample);
          previous = ms;
          if (sample.cable_pulled || sample.silent)
            continue;
          vigil_sim_protocol_tick (sim, &sample, G_GINT64_CONSTANT (1700000000000) + ms);

          g_assert_cmpuint (c.observations->len, ==, before + 2);
          if (sample.spo2_sensor_off)
            g_assert_cmpint (observation (&c, before)->quality, ==, VIGIL_QUALITY_SENSOR_OFF);
          else if (sample.spo2 == VIGIL_SCENARIO_ABSENT)
            g_assert_true (isnan (observation (&c, before)->value));
          else
            g_assert_cmpfloat (observation (&c, before)->value, ==, sample.spo2);
          if (!sample.spo2_sensor_off && sample.pr != VIGIL_SCENARIO_ABSENT)
            g_assert_cmpfloat (observation (&c, before + 1)->value, ==, sample.pr);
          else
            g_assert_true (isnan (observation (&c, before + 1)->value));
        }
      g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);
      g_string_free (link.wire, TRUE);
      collector_clear (&c);
    }
}

static void
test_protocol_row (void)
{
  const VigilProtocolInfo *info = vigil_protocol_lookup ("masimo");
  g_autoptr(VigilSimProtocol) sim = NULL;

  g_assert_nonnull (info);
  g_assert_cmpuint (info->settings.baud, ==, 9600);
  sim = info->new_simulator ();
  g_assert_true (VIGIL_IS_MASIMO_SIM (sim));
}

int
main (int   argc,
      char *argv[])
{
  /* The device's clock is read as local time: pin the zone. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/masimo-parser/fixture/%s", fixtures[i].name);
      g_test_add_data_func (path, &fixtures[i], test_fixture);
    }
  g_test_add_func ("/vigil/masimo-parser/examples", test_examples);
  g_test_add_func ("/vigil/masimo-parser/exception-bits", test_exception_bits);
  g_test_add_func ("/vigil/masimo-parser/low-battery", test_low_battery);
  g_test_add_func ("/vigil/masimo-parser/identity", test_identity);
  g_test_add_func ("/vigil/masimo-parser/local-time", test_local_time);
  g_test_add_func ("/vigil/masimo-parser/sync-and-reset", test_sync_and_reset);
  g_test_add_func ("/vigil/masimo-parser/passive-host", test_passive_host);
  g_test_add_func ("/vigil/masimo-parser/random-noise", test_random_noise);
  g_test_add_func ("/vigil/masimo-sim/against-parser", test_sim);
  g_test_add_func ("/vigil/masimo-sim/scenarios", test_sim_scenarios);
  g_test_add_func ("/vigil/masimo-sim/protocol-row", test_protocol_row);

  return g_test_run ();
}
