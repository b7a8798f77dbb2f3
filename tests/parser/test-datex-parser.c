/* test-datex-parser.c — the GE S/5 Computer Interface: parser, host side
 * and simulated monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixtures are tests/data/datex/NAME.bin with NAME.jsonl, both written by
 * make-fixtures.py there (its own encoder): what vigil-probe prints, host
 * times removed. Each fixture is fed whole, byte by byte and split in two
 * at every byte boundary; all must give the same lines.
 */
#include <math.h>
#include <string.h>

#include "vigil-datex-frame.h"
#include "vigil-datex-parser.h"
#include "vigil-datex-sim.h"

#define T0 1700000000u

static const char * const fixtures[] = {
  "request", "displayed", "special-values", "sensor-off", "aux-nibp",
  "damaged", "back-to-back",
};

/* The vendor's own example of a request, as on the wire (PROTOCOLS.md). */
static const guint8 vendor_request[] = {
  0x7e, 0x31, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x0e, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x49, 0x7e,
};

typedef struct
{
  GPtrArray *json;          /* host times removed */
  GArray    *observations;  /* VigilObservation */
  GArray    *events;        /* VigilTechnicalKind */
  GPtrArray *transmitted;   /* GBytes, from the parser's host side */
  guint      frames_valid;
  guint      frames_invalid;
} Collector;

static char *
strip_host_times (char *json)
{
  static const char suffix[] = ",\"host_wall_us\":0,\"host_monotonic_us\":0}";
  gsize length = strlen (json);

  g_assert_true (g_str_has_suffix (json, suffix));
  json[length - strlen (suffix)] = '\0';
  g_strlcat (json, "}", length + 1);
  return json;
}

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Collector              *c)
{
  g_assert_cmpint (obs->host_wall_us, ==, 0);
  g_assert_cmpint (obs->host_monotonic_us, ==, 0);
  /* Absent is never a number, a number always valid. */
  if (obs->quality & VIGIL_QUALITY_VALID)
    g_assert_true (isfinite (obs->value));
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
on_transmit (VigilParser *parser,
             GBytes      *bytes,
             Collector   *c)
{
  g_ptr_array_add (c->transmitted, g_bytes_ref (bytes));
}

static void
on_frame (VigilParser *parser,
          GBytes      *bytes,
          gboolean     valid,
          const char  *note,
          Collector   *c)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  /* As on the wire: from a flag to a flag. */
  g_assert_cmpuint (size, >=, 2);
  g_assert_cmpuint (data[0], ==, VIGIL_DATEX_FLAG);
  g_assert_nonnull (note);
  if (valid)
    {
      g_assert_cmpuint (data[size - 1], ==, VIGIL_DATEX_FLAG);
      c->frames_valid++;
    }
  else
    c->frames_invalid++;
}

static void
collector_init (Collector *c)
{
  c->json = g_ptr_array_new_with_free_func (g_free);
  c->observations = g_array_new (FALSE, FALSE, sizeof (VigilObservation));
  c->events = g_array_new (FALSE, FALSE, sizeof (VigilTechnicalKind));
  c->transmitted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c->frames_valid = 0;
  c->frames_invalid = 0;
}

static void
collector_clear (Collector *c)
{
  g_ptr_array_set_size (c->json, 0);
  g_array_set_size (c->observations, 0);
  g_array_set_size (c->events, 0);
  g_ptr_array_set_size (c->transmitted, 0);
}

static void
collector_free (Collector *c)
{
  g_ptr_array_unref (c->json);
  g_array_unref (c->observations);
  g_array_unref (c->events);
  g_ptr_array_unref (c->transmitted);
}

static VigilParser *
new_parser (Collector *c)
{
  VigilParser *parser = vigil_datex_parser_new ();

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), c);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_event), c);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_transmit), c);
  g_signal_connect (parser, "frame", G_CALLBACK (on_frame), c);
  return parser;
}

static GBytes *
load_data (const char *file)
{
  const char *dir = g_getenv ("VIGIL_TEST_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (dir == NULL)
    g_error ("VIGIL_TEST_DATA is not set: run the tests with meson test");
  path = g_build_filename (dir, "datex", file, NULL);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
assert_lines (GPtrArray *actual,
              char     **expected)
{
  guint n = g_strv_length (expected);

  for (guint i = 0; i < MIN (actual->len, n); i++)
    g_assert_cmpstr (actual->pdata[i], ==, expected[i]);
  g_assert_cmpuint (actual->len, ==, n);
}

/* What a feed emitted, cheaply: the splits are many. */
typedef struct
{
  guint   n;
  guint32 digest;  /* FNV-1a */
} Digest;

static void
digest_add (Digest     *d,
            const void *data,
            gsize       length)
{
  const guint8 *bytes = data;

  for (gsize i = 0; i < length; i++)
    d->digest = (d->digest ^ bytes[i]) * 16777619u;
}

static void
on_observation_digest (VigilParser            *parser,
                       const VigilObservation *obs,
                       Digest                 *d)
{
  /* Field by field: the struct's padding is not part of the value. */
  digest_add (d, &obs->parameter, sizeof obs->parameter);
  digest_add (d, &obs->quality, sizeof obs->quality);
  digest_add (d, &obs->value, sizeof obs->value);
  digest_add (d, &obs->diastolic, sizeof obs->diastolic);
  digest_add (d, &obs->mean, sizeof obs->mean);
  digest_add (d, &obs->device_time_us, sizeof obs->device_time_us);
  digest_add (d, &obs->age_us, sizeof obs->age_us);
  d->n++;
}

static void
on_event_digest (VigilParser               *parser,
                 const VigilTechnicalEvent *event,
                 Digest                    *d)
{
  digest_add (d, &event->kind, sizeof event->kind);
  digest_add (d, event->message, strlen (event->message));
  d->n++;
}

static Digest
decode_digest (const guint8 *data,
               gsize         length,
               gsize         split)
{
  g_autoptr(VigilParser) parser = vigil_datex_parser_new ();
  Digest d = { 0, 2166136261u };

  g_signal_connect (parser, "observation", G_CALLBACK (on_observation_digest), &d);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_event_digest), &d);
  vigil_parser_feed (parser, data, split);
  vigil_parser_feed (parser, data + split, length - split);
  return d;
}

/* Every fixture: whole, byte by byte, and split at every boundary. */
static void
test_fixtures (void)
{
  for (gsize f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      g_autofree char *bin = g_strconcat (fixtures[f], ".bin", NULL);
      g_autofree char *jsonl = g_strconcat (fixtures[f], ".jsonl", NULL);
      g_autoptr(GBytes) bytes = load_data (bin);
      g_autoptr(GBytes) text = load_data (jsonl);
      g_auto(GStrv) expected = NULL;
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);
      Collector c;

      g_test_message ("fixture %s", fixtures[f]);
      expected = g_strsplit (g_bytes_get_data (text, NULL) != NULL
                               ? (const char *) g_bytes_get_data (text, NULL) : "", "\n", -1);
      /* The file ends with a line end: drop the empty last piece. */
      if (expected[0] != NULL)
        {
          guint n = g_strv_length (expected);
          g_assert_cmpstr (expected[n - 1], ==, "");
          g_free (expected[n - 1]);
          expected[n - 1] = NULL;
        }

      collector_init (&c);
      {
        g_autoptr(VigilParser) parser = new_parser (&c);

        vigil_parser_feed (parser, data, length);
        assert_lines (c.json, expected);
      }

      /* Byte by byte. */
      {
        g_autoptr(VigilParser) parser = NULL;

        collector_clear (&c);
        parser = new_parser (&c);
        for (gsize i = 0; i < length; i++)
          vigil_parser_feed (parser, data + i, 1);
        assert_lines (c.json, expected);
      }

      /* Split in two at every boundary: the same items, in order. */
      {
        Digest whole = decode_digest (data, length, length);

        g_assert_cmpuint (whole.n, ==, c.json->len);
        for (gsize split = 0; split < length; split++)
          {
            Digest d = decode_digest (data, length, split);

            g_assert_cmpuint (d.n, ==, whole.n);
            g_assert_cmpuint (d.digest, ==, whole.digest);
          }
      }
      collector_free (&c);
    }
}

/* The request encoder against the vendor's bytes, and the fixture that
 * holds them. */
static void
test_request_vendor_example (void)
{
  g_autoptr(GBytes) request = vigil_datex_encode_request (VIGIL_DATEX_SR_DISPLAYED, 10, 0x0E, 0);
  g_autoptr(GBytes) fixture = load_data ("request.bin");
  g_autoptr(GBytes) vendor = g_bytes_new_static (vendor_request, sizeof vendor_request);
  const guint8 *data;
  gsize size;

  g_assert_true (g_bytes_equal (request, vendor));
  g_assert_true (g_bytes_equal (fixture, vendor));

  /* The end of the list is in sr_desc[1].sr_type, not in its offset. */
  data = g_bytes_get_data (request, &size);
  g_assert_cmpuint (size, ==, 52);
  g_assert_cmpuint (data[1 + VIGIL_DATEX_SR_DESC + 3], ==, 0);
  g_assert_cmpuint (data[1 + VIGIL_DATEX_SR_DESC + 4], ==, 0);
  g_assert_cmpuint (data[1 + VIGIL_DATEX_SR_DESC + 5], ==, VIGIL_DATEX_SR_END);
}

/* Decodes one transmission request from its wire bytes. */
static void
parse_request (GBytes  *bytes,
               guint8  *out_level,
               guint8  *out_type,
               gint16  *out_ival,
               guint32 *out_classes)
{
  VigilDatexDeframer d;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint frames = 0;

  vigil_datex_deframer_reset (&d);
  for (gsize i = 0; i < size; i++)
    if (vigil_datex_deframer_push (&d, data[i]) == VIGIL_DATEX_DEFRAMER_FRAME)
      {
        g_assert_cmpint (vigil_datex_frame_check (d.data, d.length), ==, VIGIL_DATEX_FRAME_OK);
        g_assert_cmpuint (d.length, ==, VIGIL_DATEX_REQUEST_SIZE + 1);
        g_assert_cmpuint (vigil_datex_get_u16 (d.data + VIGIL_DATEX_R_MAINTYPE), ==, 0);
        g_assert_cmpuint (d.data[VIGIL_DATEX_SR_DESC + 2], ==, VIGIL_DATEX_SR_XMIT_REQUEST);
        g_assert_cmpuint (d.data[VIGIL_DATEX_SR_DESC + 5], ==, VIGIL_DATEX_SR_END);
        *out_level = d.data[VIGIL_DATEX_DRI_LEVEL];
        *out_type = d.data[VIGIL_DATEX_REQ_RCRD_TYPE];
        *out_ival = vigil_datex_get_i16 (d.data + VIGIL_DATEX_REQ_TX_IVAL);
        *out_classes = vigil_datex_get_u32 (d.data + VIGIL_DATEX_REQ_CLASSES);
        frames++;
      }
  g_assert_cmpuint (frames, ==, 1);
}

/* connected(): displayed values and aux, every 5 s, basic, at levels 11
 * down to 7; again on every call. tick() sends nothing of its own. */
static void
test_host_side (void)
{
  Collector c;
  g_autoptr(VigilParser) parser = NULL;
  gsize n_levels;
  const guint8 *levels = vigil_datex_parser_get_request_levels (&n_levels);
  static const guint8 expected_levels[] = { 11, 10, 9, 8, 7 };

  g_assert_cmpmem (levels, n_levels, expected_levels, sizeof expected_levels);

  collector_init (&c);
  parser = new_parser (&c);
  vigil_parser_tick (parser, 0);
  g_assert_cmpuint (c.transmitted->len, ==, 0);

  for (guint round = 0; round < 2; round++)
    {
      collector_clear (&c);
      vigil_parser_connected (parser, round * 12 * G_USEC_PER_SEC);
      g_assert_cmpuint (c.transmitted->len, ==, 2 * n_levels);
      for (guint i = 0; i < c.transmitted->len; i++)
        {
          guint8 level, type;
          gint16 ival;
          guint32 classes;

          parse_request (c.transmitted->pdata[i], &level, &type, &ival, &classes);
          g_assert_cmpuint (level, ==, expected_levels[i / 2]);
          g_assert_cmpuint (type, ==, i % 2 == 0 ? VIGIL_DATEX_SR_DISPLAYED : VIGIL_DATEX_SR_AUX);
          g_assert_cmpint (ival, ==, 5);
          g_assert_cmpuint (classes, ==, 0);
        }
      for (guint t = 0; t < 100; t++)
        vigil_parser_tick (parser, (gint64) t * 250000);
      g_assert_cmpuint (c.transmitted->len, ==, 2 * n_levels);
    }
  collector_free (&c);
}

/* ---- records built here, with the shared codec's writers ---- */

typedef struct
{
  int      hr, spo2, pr;          /* raw: 1/min, 1/100 %, 1/min */
  int      sys, dia, mean;        /* raw 1/100 mmHg */
  guint32  ecg_status, spo2_status, nibp_status;
  guint16  nibp_label;
} Values;

static const Values normal = {
  72, 9800, 71, 12000, 8000, 9300,
  VIGIL_DATEX_STATUS_EXISTS | VIGIL_DATEX_STATUS_ACTIVE,
  VIGIL_DATEX_STATUS_EXISTS | VIGIL_DATEX_STATUS_ACTIVE,
  VIGIL_DATEX_STATUS_EXISTS | VIGIL_DATEX_STATUS_ACTIVE,
  0,
};

static void
fill_phdb (guint8       *phdb,
           guint32       time,
           guint         cl,
           const Values *v)
{
  guint8 *data = phdb + VIGIL_DATEX_PHDB_DATA;

  memset (phdb, 0, VIGIL_DATEX_PHDB_SIZE);
  vigil_datex_put_u32 (phdb + VIGIL_DATEX_PHDB_TIME, time);
  vigil_datex_put_u16 (phdb + VIGIL_DATEX_PHDB_CL_SUBT, cl << 8);
  vigil_datex_put_u32 (data + VIGIL_DATEX_ECG_GROUP, v->ecg_status);
  vigil_datex_put_i16 (data + VIGIL_DATEX_ECG_HR, v->hr);
  vigil_datex_put_u32 (data + VIGIL_DATEX_NIBP_GROUP, v->nibp_status);
  vigil_datex_put_u16 (data + VIGIL_DATEX_NIBP_GROUP + VIGIL_DATEX_GROUP_LABEL, v->nibp_label);
  vigil_datex_put_i16 (data + VIGIL_DATEX_NIBP_SYS, v->sys);
  vigil_datex_put_i16 (data + VIGIL_DATEX_NIBP_DIA, v->dia);
  vigil_datex_put_i16 (data + VIGIL_DATEX_NIBP_MEAN, v->mean);
  vigil_datex_put_u32 (data + VIGIL_DATEX_SPO2_GROUP, v->spo2_status);
  vigil_datex_put_i16 (data + VIGIL_DATEX_SPO2_SPO2, v->spo2);
  vigil_datex_put_i16 (data + VIGIL_DATEX_SPO2_PR, v->pr);
}

/* A physiological record of displayed values: one subrecord per class in
 * @classes, in that order (-1 ends), the basic one carrying @v. */
static GBytes *
build_displayed (guint32       time,
                 guint8        dri_level,
                 const int    *classes,
                 const Values *v)
{
  guint n = 0;
  g_autofree guint8 *record = NULL;
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  gsize length;

  while (classes[n] >= 0)
    n++;
  length = VIGIL_DATEX_HEADER_SIZE + n * VIGIL_DATEX_PHDB_SIZE;
  record = g_malloc0 (length);
  vigil_datex_put_u16 (record, length);
  record[VIGIL_DATEX_DRI_LEVEL] = dri_level;
  vigil_datex_put_u32 (record + VIGIL_DATEX_R_TIME, time);
  for (guint i = 0; i < n; i++)
    {
      Values decoy = { 13, 1300, 13, 1300, 1300, 1300, 3, 3, 3, 0 };

      vigil_datex_put_i16 (record + VIGIL_DATEX_SR_DESC + 3 * i, i * VIGIL_DATEX_PHDB_SIZE);
      record[VIGIL_DATEX_SR_DESC + 3 * i + 2] = VIGIL_DATEX_SR_DISPLAYED;
      fill_phdb (record + VIGIL_DATEX_HEADER_SIZE + i * VIGIL_DATEX_PHDB_SIZE, time,
                 classes[i], classes[i] == VIGIL_DATEX_CLASS_BASIC ? v : &decoy);
    }
  record[VIGIL_DATEX_SR_DESC + 3 * n + 2] = VIGIL_DATEX_SR_END;
  vigil_datex_frame_append (wire, record, length);
  return g_byte_array_free_to_bytes (g_steal_pointer (&wire));
}

static GBytes *
build_aux (guint32 time,
           guint32 nibp_time)
{
  guint8 record[VIGIL_DATEX_HEADER_SIZE + 16] = { 0 };
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  vigil_datex_put_u16 (record, sizeof record);
  record[VIGIL_DATEX_DRI_LEVEL] = 10;
  vigil_datex_put_u32 (record + VIGIL_DATEX_R_TIME, time);
  record[VIGIL_DATEX_SR_DESC + 2] = VIGIL_DATEX_SR_AUX;
  record[VIGIL_DATEX_SR_DESC + 5] = VIGIL_DATEX_SR_END;
  vigil_datex_put_u32 (record + VIGIL_DATEX_HEADER_SIZE, nibp_time);
  vigil_datex_frame_append (wire, record, sizeof record);
  return g_byte_array_free_to_bytes (g_steal_pointer (&wire));
}

static void
feed_bytes (VigilParser *parser,
            GBytes      *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  vigil_parser_feed (parser, data, size);
}

static const VigilObservation *
find_observation (Collector      *c,
                  VigilParameter  parameter)
{
  const VigilObservation *found = NULL;

  for (guint i = 0; i < c->observations->len; i++)
    {
      const VigilObservation *obs = &g_array_index (c->observations, VigilObservation, i);

      if (obs->parameter == parameter)
        {
          /* At most one per parameter in what a test looks at. */
          g_assert_null (found);
          found = obs;
        }
    }
  return found;
}

/* The JSON line of the one NIBP observation in @c. */
static const char *
find_nibp_json (Collector *c)
{
  const char *found = NULL;

  for (guint i = 0; i < c->json->len; i++)
    if (strstr (c->json->pdata[i], "\"parameter\":\"nibp\"") != NULL &&
        strstr (c->json->pdata[i], "\"type\":\"observation\"") != NULL)
      {
        g_assert_null (found);
        found = c->json->pdata[i];
      }
  g_assert_nonnull (found);
  return found;
}

static guint
count_events (Collector          *c,
              VigilTechnicalKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < c->events->len; i++)
    if (g_array_index (c->events, VigilTechnicalKind, i) == kind)
      n++;
  return n;
}

/* Dispatch on class, not position; identity from dri_level; frames and
 * counters. */
static void
test_built_frames (void)
{
  static const int basic_only[] = { VIGIL_DATEX_CLASS_BASIC, -1 };
  static const int ext_first[] = { 1, 3, VIGIL_DATEX_CLASS_BASIC, 2, -1 };
  static const int no_basic[] = { 1, 2, -1 };
  Collector c;
  g_autoptr(VigilParser) parser = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  Values v = normal;
  const VigilObservation *obs;

  collector_init (&c);
  parser = new_parser (&c);
  g_assert_null (vigil_parser_get_identity (parser));
  g_assert_cmpint (vigil_datex_parser_get_dri_level (VIGIL_DATEX_PARSER (parser)), ==, -1);

  first = build_displayed (T0, 10, basic_only, &v);
  feed_bytes (parser, first);
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "GE S/5 DRI level 10");
  g_assert_cmpint (vigil_datex_parser_get_dri_level (VIGIL_DATEX_PARSER (parser)), ==, 10);
  obs = find_observation (&c, VIGIL_PARAMETER_HR);
  g_assert_cmpfloat (obs->value, ==, 72);
  g_assert_cmpint (obs->device_time_us, ==, (gint64) T0 * G_USEC_PER_SEC);
  g_assert_cmpfloat (find_observation (&c, VIGIL_PARAMETER_SPO2)->value, ==, 98);
  g_assert_cmpfloat (find_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 71);
  obs = find_observation (&c, VIGIL_PARAMETER_NIBP);
  g_assert_cmpfloat (obs->value, ==, 120);
  g_assert_cmpfloat (obs->diastolic, ==, 80);
  g_assert_cmpfloat (obs->mean, ==, 93);
  g_assert_cmpint (obs->age_us, ==, 0);
  g_assert_cmpuint (c.frames_valid, ==, 1);

  /* Basic in third place, decoys with 13 everywhere else. */
  collector_clear (&c);
  v.hr = 64;
  second = build_displayed (T0 + 5, 11, ext_first, &v);
  feed_bytes (parser, second);
  g_assert_cmpfloat (find_observation (&c, VIGIL_PARAMETER_HR)->value, ==, 64);
  g_assert_cmpfloat (find_observation (&c, VIGIL_PARAMETER_SPO2)->value, ==, 98);
  g_assert_null (find_observation (&c, VIGIL_PARAMETER_NIBP));
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "GE S/5 DRI level 11");

  /* No basic class: a good frame, no numbers. */
  collector_clear (&c);
  third = build_displayed (T0 + 10, 11, no_basic, &v);
  feed_bytes (parser, third);
  g_assert_cmpuint (c.json->len, ==, 0);
  g_assert_cmpuint (vigil_parser_get_frames_ok (parser), ==, 3);
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);

  /* reset() forgets a partial frame: the rest of it is then a bad frame,
   * the next whole one good. */
  collector_clear (&c);
  {
    gsize size;
    const guint8 *data = g_bytes_get_data (first, &size);

    vigil_parser_feed (parser, data, 100);
    g_assert_cmpuint (vigil_datex_parser_get_pending_length (VIGIL_DATEX_PARSER (parser)), >, 90);
    vigil_parser_reset (parser);
    g_assert_cmpuint (vigil_datex_parser_get_pending_length (VIGIL_DATEX_PARSER (parser)), ==, 0);
    vigil_parser_feed (parser, data + 100, size - 100);
    g_assert_cmpuint (c.json->len, ==, 0);
    feed_bytes (parser, first);
    g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);
    g_assert_nonnull (find_observation (&c, VIGIL_PARAMETER_HR));
  }
  collector_free (&c);
}

/* The checksum is the sum of the unescaped record, escaped on the wire
 * like any byte; a sum over the escaped bytes is refused. */
static void
test_checksum_escaping (void)
{
  static const int basic_only[] = { VIGIL_DATEX_CLASS_BASIC, -1 };
  Values v = normal;
  Collector c;
  g_autoptr(VigilParser) parser = NULL;
  gboolean saw_7e_sum = FALSE;

  collector_init (&c);
  parser = new_parser (&c);

  /* HR 126 = 0x7E and PR 125 = 0x7D inside; vary SpO2 until the record
   * sums to 0x7E. */
  v.hr = 126;
  v.pr = 125;
  for (int spo2 = 9000; spo2 < 9256 && !saw_7e_sum; spo2++)
    {
      g_autoptr(GBytes) wire = NULL;
      g_autoptr(GByteArray) unescaped = g_byte_array_new ();
      gsize size;
      const guint8 *data;

      v.spo2 = spo2;
      wire = build_displayed (T0, 10, basic_only, &v);
      data = g_bytes_get_data (wire, &size);
      /* Never a bare 0x7E inside, never the defect 7E 5E. */
      for (gsize i = 1; i + 1 < size; i++)
        g_assert_cmpuint (data[i], !=, VIGIL_DATEX_FLAG);
      if (data[size - 3] == VIGIL_DATEX_ESCAPE && data[size - 2] == 0x5E)
        {
          saw_7e_sum = TRUE;
          collector_clear (&c);
          vigil_parser_feed (parser, data, size);
          g_assert_cmpfloat (find_observation (&c, VIGIL_PARAMETER_HR)->value, ==, 126);
          g_assert_cmpfloat (find_observation (&c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 125);
          g_assert_cmpfloat (find_observation (&c, VIGIL_PARAMETER_SPO2)->value, ==, spo2 / 100.0);
        }
    }
  g_assert_true (saw_7e_sum);

  /* The defect: a checksum over the escaped bytes. */
  {
    g_autoptr(GBytes) wire = build_displayed (T0, 10, basic_only, &v);
    gsize size;
    const guint8 *data = g_bytes_get_data (wire, &size);
    g_autofree guint8 *bad = g_memdup2 (data, size);
    guint8 escaped_sum = vigil_datex_checksum (data + 1, size - 4);
    guint64 bad_before = vigil_parser_get_frames_bad (parser);

    /* Replace the (escaped) checksum pair by the escaped-bytes sum. */
    g_assert_cmpuint (bad[size - 3], ==, VIGIL_DATEX_ESCAPE);
    g_assert_cmpuint (escaped_sum, !=, 0x7E);
    g_assert_cmpuint (escaped_sum, !=, 0x7D);
    bad[size - 3] = escaped_sum;
    bad[size - 2] = VIGIL_DATEX_FLAG;
    collector_clear (&c);
    vigil_parser_feed (parser, bad, size - 1);
    g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, bad_before + 1);
    g_assert_cmpuint (c.observations->len, ==, 0);
    g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_FRAME_ERROR), ==, 1);
    g_assert_true (strstr (c.json->pdata[0], "bad checksum") != NULL);
  }
  collector_free (&c);
}

/* NIBP: once per reading, timed by the aux record whichever comes first,
 * old and cleared readings as events. */
static void
test_nibp (void)
{
  static const int basic_only[] = { VIGIL_DATEX_CLASS_BASIC, -1 };
  Values v = normal;
  Collector c;
  g_autoptr(VigilParser) parser = NULL;
  const VigilObservation *obs;

#define FEED(bytes_expr)                          \
  G_STMT_START {                                  \
    g_autoptr(GBytes) b_ = (bytes_expr);          \
    feed_bytes (parser, b_);                      \
  } G_STMT_END

  collector_init (&c);
  parser = new_parser (&c);

  /* No aux record yet: the displayed record's time, as fresh as its
   * record (no age). */
  FEED (build_displayed (T0, 10, basic_only, &v));
  obs = find_observation (&c, VIGIL_PARAMETER_NIBP);
  g_assert_cmpint (obs->device_time_us, ==, (gint64) T0 * G_USEC_PER_SEC);
  g_assert_cmpint (obs->age_us, ==, 0);
  g_assert_null (strstr (find_nibp_json (&c), "age_us"));
  /* The late aux record dates it: no second observation. */
  collector_clear (&c);
  FEED (build_aux (T0, T0 - 20));
  FEED (build_displayed (T0 + 5, 10, basic_only, &v));
  g_assert_null (find_observation (&c, VIGIL_PARAMETER_NIBP));

  /* Reconnecting keeps the reading: no repeat. */
  vigil_parser_reset (parser);
  FEED (build_displayed (T0 + 10, 10, basic_only, &v));
  g_assert_null (find_observation (&c, VIGIL_PARAMETER_NIBP));

  /* Older than 60 s: one event for the transition. */
  v.nibp_label = VIGIL_DATEX_NIBP_OLD;
  FEED (build_displayed (T0 + 65, 10, basic_only, &v));
  FEED (build_displayed (T0 + 70, 10, basic_only, &v));
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_NIBP_OLD), ==, 1);
  g_assert_null (find_observation (&c, VIGIL_PARAMETER_NIBP));

  /* Aux first, then the new values: the aux time. */
  collector_clear (&c);
  v.nibp_label = 0;
  v.sys = 13000;
  FEED (build_aux (T0 + 300, T0 + 297));
  FEED (build_displayed (T0 + 300, 10, basic_only, &v));
  obs = find_observation (&c, VIGIL_PARAMETER_NIBP);
  g_assert_cmpfloat (obs->value, ==, 130);
  g_assert_cmpint (obs->device_time_us, ==, (gint64) (T0 + 297) * G_USEC_PER_SEC);
  /* Measured at T0 + 297, sent at T0 + 300: 3 s old on the monitor's clock. */
  g_assert_cmpint (obs->age_us, ==, 3 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_suffix (find_nibp_json (&c),
                                   ",\"device_time_us\":1700000297000000,\"age_us\":3000000}"));

  /* The same values measured again: the new aux time tells. */
  collector_clear (&c);
  FEED (build_aux (T0 + 600, T0 + 599));
  FEED (build_displayed (T0 + 600, 10, basic_only, &v));
  obs = find_observation (&c, VIGIL_PARAMETER_NIBP);
  g_assert_cmpint (obs->device_time_us, ==, (gint64) (T0 + 599) * G_USEC_PER_SEC);
  g_assert_cmpint (obs->age_us, ==, 1 * G_USEC_PER_SEC);
  FEED (build_aux (T0 + 605, T0 + 599));
  FEED (build_displayed (T0 + 605, 10, basic_only, &v));
  g_assert_cmpuint (c.observations->len, ==, 4 + 3);

  /* The aux time right at the record's: as fresh as its record, no age. */
  collector_clear (&c);
  v.sys = 14000;
  FEED (build_aux (T0 + 700, T0 + 700));
  FEED (build_displayed (T0 + 700, 10, basic_only, &v));
  obs = find_observation (&c, VIGIL_PARAMETER_NIBP);
  g_assert_cmpint (obs->device_time_us, ==, (gint64) (T0 + 700) * G_USEC_PER_SEC);
  g_assert_cmpint (obs->age_us, ==, 0);
  g_assert_true (g_str_has_suffix (find_nibp_json (&c), ",\"device_time_us\":1700000700000000}"));

  /* An aux time after the record's (odd, never negative): no age. */
  collector_clear (&c);
  v.sys = 14500;
  FEED (build_aux (T0 + 800, T0 + 805));
  FEED (build_displayed (T0 + 800, 10, basic_only, &v));
  obs = find_observation (&c, VIGIL_PARAMETER_NIBP);
  g_assert_cmpint (obs->device_time_us, ==, (gint64) (T0 + 805) * G_USEC_PER_SEC);
  g_assert_cmpint (obs->age_us, ==, 0);
  g_assert_null (strstr (find_nibp_json (&c), "age_us"));

  /* New values without a new aux time: the record's time, no age (the
   * aux time already used is not this reading's). */
  collector_clear (&c);
  v.sys = 15000;
  FEED (build_displayed (T0 + 850, 10, basic_only, &v));
  obs = find_observation (&c, VIGIL_PARAMETER_NIBP);
  g_assert_cmpint (obs->device_time_us, ==, (gint64) (T0 + 850) * G_USEC_PER_SEC);
  g_assert_cmpint (obs->age_us, ==, 0);

  /* Cleared: failed, once; special values in NIBP never make a reading. */
  collector_clear (&c);
  v.sys = v.dia = v.mean = VIGIL_DATEX_INVALID;
  FEED (build_displayed (T0 + 900, 10, basic_only, &v));
  FEED (build_displayed (T0 + 905, 10, basic_only, &v));
  v.sys = v.dia = v.mean = VIGIL_DATEX_NOT_UPDATED;
  FEED (build_displayed (T0 + 910, 10, basic_only, &v));
  g_assert_cmpuint (count_events (&c, VIGIL_TECHNICAL_NIBP_FAILED), ==, 1);
  g_assert_null (find_observation (&c, VIGIL_PARAMETER_NIBP));

#undef FEED
  collector_free (&c);
}

/* ---- the simulated monitor against the parser, in process ---- */

typedef struct
{
  VigilSimProtocol *sim;
  VigilParser      *parser;
  Collector         c;
  guint             sim_bytes;  /* transmissions by the simulated monitor */
} Link;

static void
on_sim_transmit (VigilSimProtocol *sim,
                 GBytes           *bytes,
                 Link             *link)
{
  link->sim_bytes++;
  feed_bytes (link->parser, bytes);
}

static void
on_host_transmit (VigilParser *parser,
                  GBytes      *bytes,
                  Link        *link)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  vigil_sim_protocol_receive (link->sim, data, size);
}

static void
link_init (Link *link)
{
  collector_init (&link->c);
  link->sim = vigil_datex_sim_new ();
  link->parser = new_parser (&link->c);
  link->sim_bytes = 0;
  g_signal_connect (link->sim, "transmit", G_CALLBACK (on_sim_transmit), link);
  g_signal_connect (link->parser, "transmit", G_CALLBACK (on_host_transmit), link);
}

static void
link_clear (Link *link)
{
  g_clear_object (&link->sim);
  g_clear_object (&link->parser);
  collector_free (&link->c);
}

static VigilScenarioSample
sample_at (gint64 elapsed_s)
{
  VigilScenarioSample s = {
    .elapsed_ms = elapsed_s * 1000,
    .hr = 80,
    .spo2 = 97,
    .pr = 79,
    .nibp = VIGIL_SCENARIO_NIBP_NONE,
    .nibp_ms = -1,
  };
  return s;
}

static void
run_seconds (Link                      *link,
             gint64                     from_s,
             gint64                     n,
             const VigilScenarioSample *base)
{
  for (gint64 s = from_s; s < from_s + n; s++)
    {
      VigilScenarioSample sample = base != NULL ? *base : sample_at (s);

      sample.elapsed_ms = s * 1000;
      vigil_sim_protocol_tick (link->sim, &sample, ((gint64) T0 + s) * 1000);
    }
}

/* Silent until asked at its level; data every 5 s after; silent again
 * after a pulled cable until asked again. */
static void
test_sim_request_and_reset (void)
{
  Link link;
  const VigilObservation *obs;
  VigilScenarioSample reading;

  link_init (&link);
  g_assert_cmpuint (vigil_sim_protocol_get_period_ms (link.sim), ==, 1000);

  run_seconds (&link, 0, 30, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 0);
  g_assert_false (vigil_sim_protocol_get_streaming (link.sim));
  g_assert_cmpuint (vigil_sim_protocol_get_requests (link.sim), ==, 0);

  /* Requests at other levels are ignored. */
  {
    g_autoptr(GBytes) r11 = vigil_datex_encode_request (VIGIL_DATEX_SR_DISPLAYED, 5, 0, 11);
    g_autoptr(GBytes) r7 = vigil_datex_encode_request (VIGIL_DATEX_SR_DISPLAYED, 5, 0, 7);

    on_host_transmit (link.parser, r11, &link);
    on_host_transmit (link.parser, r7, &link);
    run_seconds (&link, 30, 10, NULL);
    g_assert_cmpuint (link.sim_bytes, ==, 0);
    g_assert_cmpuint (vigil_sim_protocol_get_requests (link.sim), ==, 0);
  }

  /* The parser asks: level 10 answers, displayed and aux. */
  vigil_parser_connected (link.parser, 0);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (link.sim), ==, 2);
  g_assert_true (vigil_sim_protocol_get_streaming (link.sim));
  run_seconds (&link, 40, 1, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 2);
  obs = find_observation (&link.c, VIGIL_PARAMETER_HR);
  g_assert_cmpfloat (obs->value, ==, 80);
  g_assert_cmpint (obs->device_time_us, ==, ((gint64) T0 + 40) * G_USEC_PER_SEC);
  g_assert_cmpfloat (find_observation (&link.c, VIGIL_PARAMETER_SPO2)->value, ==, 97);
  g_assert_cmpfloat (find_observation (&link.c, VIGIL_PARAMETER_PULSE_RATE)->value, ==, 79);
  g_assert_null (find_observation (&link.c, VIGIL_PARAMETER_NIBP));
  g_assert_cmpstr (vigil_parser_get_identity (link.parser), ==, "GE S/5 DRI level 10");

  /* Every 5 s: 20 s give 4 more of each. */
  run_seconds (&link, 41, 20, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 2 + 8);
  g_assert_cmpuint (vigil_parser_get_frames_bad (link.parser), ==, 0);

  /* A NIBP reading: one observation, dated by the aux record. */
  collector_clear (&link.c);
  reading = sample_at (61);
  reading.nibp = VIGIL_SCENARIO_NIBP_READING;
  reading.nibp_sys = 118;
  reading.nibp_dia = 76;
  reading.nibp_mean = 90;
  reading.nibp_ms = 61000;
  run_seconds (&link, 61, 1, &reading);
  run_seconds (&link, 62, 60, NULL);
  obs = find_observation (&link.c, VIGIL_PARAMETER_NIBP);
  g_assert_nonnull (obs);
  g_assert_cmpfloat (obs->value, ==, 118);
  g_assert_cmpfloat (obs->diastolic, ==, 76);
  g_assert_cmpfloat (obs->mean, ==, 90);
  g_assert_cmpint (obs->device_time_us, ==, ((gint64) T0 + 61) * G_USEC_PER_SEC);
  /* Sent with the next displayed record (every 5 s): already as old as
   * that record's time minus the reading's, by the monitor's clock. */
  {
    gint64 record_us = -1;

    for (guint i = 0; i < link.c.observations->len; i++)
      {
        const VigilObservation *o = &g_array_index (link.c.observations, VigilObservation, i);

        if (o == obs)
          break;
        if (o->parameter == VIGIL_PARAMETER_HR)
          record_us = o->device_time_us;
      }
    g_assert_cmpint (record_us, >, obs->device_time_us);
    g_assert_cmpint (obs->age_us, ==, record_us - obs->device_time_us);
  }
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_NIBP_OLD), ==, 0);
  run_seconds (&link, 122, 10, NULL);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_NIBP_OLD), ==, 1);

  /* A failed measurement, then sensor off and on. */
  collector_clear (&link.c);
  reading = sample_at (132);
  reading.nibp = VIGIL_SCENARIO_NIBP_FAILED;
  reading.nibp_ms = 132000;
  run_seconds (&link, 132, 1, &reading);
  run_seconds (&link, 133, 10, NULL);
  g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_NIBP_FAILED), ==, 1);
  {
    VigilScenarioSample off = sample_at (143);

    off.spo2_sensor_off = TRUE;
    off.spo2 = VIGIL_SCENARIO_ABSENT;
    off.pr = VIGIL_SCENARIO_ABSENT;
    collector_clear (&link.c);
    run_seconds (&link, 143, 10, &off);
    g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_SENSOR_OFF), ==, 1);
    for (guint i = 0; i < link.c.observations->len; i++)
      {
        const VigilObservation *o = &g_array_index (link.c.observations, VigilObservation, i);

        if (o->parameter == VIGIL_PARAMETER_SPO2 || o->parameter == VIGIL_PARAMETER_PULSE_RATE)
          g_assert_cmpuint (o->quality, ==, VIGIL_QUALITY_SENSOR_OFF);
      }
    collector_clear (&link.c);
    run_seconds (&link, 153, 5, NULL);
    g_assert_cmpuint (count_events (&link.c, VIGIL_TECHNICAL_SENSOR_ON), ==, 1);
  }

  /* Cable pulled: the monitor forgets the request. */
  vigil_sim_protocol_reset (link.sim);
  vigil_parser_reset (link.parser);
  g_assert_false (vigil_sim_protocol_get_streaming (link.sim));
  link.sim_bytes = 0;
  run_seconds (&link, 158, 30, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 0);

  /* Asked again: data again. */
  collector_clear (&link.c);
  vigil_parser_connected (link.parser, 0);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (link.sim), ==, 4);
  run_seconds (&link, 188, 1, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 2);
  g_assert_nonnull (find_observation (&link.c, VIGIL_PARAMETER_HR));

  link_clear (&link);
}

/* tx_ival −1 once, 0 stop, level 0 any monitor, extended classes sent as
 * their own subrecords that the parser passes over. */
static void
test_sim_intervals_and_classes (void)
{
  Link link;

  link_init (&link);

  {
    g_autoptr(GBytes) once = vigil_datex_encode_request (VIGIL_DATEX_SR_DISPLAYED, -1, 0, 0);

    on_host_transmit (link.parser, once, &link);
  }
  g_assert_true (vigil_sim_protocol_get_streaming (link.sim));
  run_seconds (&link, 0, 20, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 1);
  g_assert_false (vigil_sim_protocol_get_streaming (link.sim));

  {
    g_autoptr(GBytes) all = vigil_datex_encode_request (VIGIL_DATEX_SR_DISPLAYED, 10, 0x0E, 0);

    link.sim_bytes = 0;
    collector_clear (&link.c);
    on_host_transmit (link.parser, all, &link);
  }
  run_seconds (&link, 20, 30, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 3);   /* at 1 s, 11 s, 21 s */
  g_assert_cmpuint (link.c.observations->len, ==, 3 * 3);
  g_assert_cmpfloat (g_array_index (link.c.observations, VigilObservation, 0).value, ==, 80);

  {
    g_autoptr(GBytes) stop = vigil_datex_encode_request (VIGIL_DATEX_SR_DISPLAYED, 0, 0, 10);

    link.sim_bytes = 0;
    on_host_transmit (link.parser, stop, &link);
  }
  run_seconds (&link, 50, 30, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 0);
  g_assert_false (vigil_sim_protocol_get_streaming (link.sim));

  /* Aux once: nibp_time 0 before any reading. */
  {
    g_autoptr(GBytes) aux = vigil_datex_encode_request (VIGIL_DATEX_SR_AUX, -1, 0, 10);

    on_host_transmit (link.parser, aux, &link);
  }
  run_seconds (&link, 80, 5, NULL);
  g_assert_cmpuint (link.sim_bytes, ==, 1);
  g_assert_cmpuint (vigil_parser_get_frames_bad (link.parser), ==, 0);

  link_clear (&link);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/datex-parser/fixtures", test_fixtures);
  g_test_add_func ("/vigil/datex-parser/request-vendor-example", test_request_vendor_example);
  g_test_add_func ("/vigil/datex-parser/host-side", test_host_side);
  g_test_add_func ("/vigil/datex-parser/built-frames", test_built_frames);
  g_test_add_func ("/vigil/datex-parser/checksum-escaping", test_checksum_escaping);
  g_test_add_func ("/vigil/datex-parser/nibp", test_nibp);
  g_test_add_func ("/vigil/datex-parser/sim-request-and-reset", test_sim_request_and_reset);
  g_test_add_func ("/vigil/datex-parser/sim-intervals-and-classes", test_sim_intervals_and_classes);

  return g_test_run ();
}
