/* test-intellivue-parser.c — Philips IntelliVue Data Export: codec, parser,
 * host side and simulated monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixtures are tests/data/intellivue/NAME.bin with NAME.jsonl written by
 * make-fixtures.py (see its README.md). Each is fed whole, byte by byte and
 * split in two at every byte boundary; all must print the same lines.
 */
#include <math.h>
#include <string.h>

#include "vigil-intellivue-frame.h"
#include "vigil-intellivue-message.h"
#include "vigil-intellivue-parser.h"
#include "vigil-intellivue-sim.h"

typedef struct
{
  GPtrArray  *lines;      /* JSON, host times stripped */
  GArray     *observations;
  GPtrArray  *sent;       /* GBytes: what the host side transmitted, one frame each */
} Collector;

static void
on_observation (VigilParser            *parser,
                const VigilObservation *obs,
                Collector              *c)
{
  g_autofree char *json = vigil_observation_to_json (obs);
  char *cut = strstr (json, ",\"host_wall_us\"");

  g_assert_nonnull (cut);
  strcpy (cut, "}");
  g_ptr_array_add (c->lines, g_strdup (json));
  g_array_append_val (c->observations, *obs);
  if (!(obs->quality & VIGIL_QUALITY_VALID))
    g_assert_true (isnan (obs->value));
}

static void
on_event (VigilParser               *parser,
          const VigilTechnicalEvent *event,
          Collector                 *c)
{
  g_autofree char *json = vigil_technical_event_to_json (event);
  char *cut = strstr (json, ",\"host_wall_us\"");

  g_assert_nonnull (cut);
  strcpy (cut, "}");
  g_ptr_array_add (c->lines, g_strdup (json));
}

static void
on_transmit (VigilParser *parser,
             GBytes      *bytes,
             Collector   *c)
{
  g_ptr_array_add (c->sent, g_bytes_ref (bytes));
}

static void
collector_init (Collector   *c,
                VigilParser *parser)
{
  c->lines = g_ptr_array_new_with_free_func (g_free);
  c->observations = g_array_new (FALSE, FALSE, sizeof (VigilObservation));
  c->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_signal_connect (parser, "observation", G_CALLBACK (on_observation), c);
  g_signal_connect (parser, "technical-event", G_CALLBACK (on_event), c);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_transmit), c);
}

static void
collector_clear (Collector *c)
{
  g_clear_pointer (&c->lines, g_ptr_array_unref);
  g_clear_pointer (&c->observations, g_array_unref);
  g_clear_pointer (&c->sent, g_ptr_array_unref);
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("VIGIL_TEST_DATA");

  if (dir == NULL)
    g_error ("VIGIL_TEST_DATA is not set: run the tests with meson test");
  return g_build_filename (dir, "intellivue", name, NULL);
}

/* ---- codec ---- */

static void
test_fcs (void)
{
  const guint8 check[] = "123456789";
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  const guint8 data[] = { 0xE1, 0x00, 0xC0, 0xC1, 0x7D, 0x20 };
  guint8 raw[64];
  gsize n = 0;

  g_assert_cmphex (vigil_intellivue_fcs (check, 9), ==, 0x906E);

  /* The residue over an unescaped good frame, FCS included. */
  vigil_intellivue_frame_encode (frame, data, sizeof data);
  for (guint i = 1; i + 1 < frame->len; i++)
    {
      guint8 b = frame->data[i];

      g_assert_true (b != 0xC0 && b != 0xC1);
      if (b == 0x7D)
        b = frame->data[++i] ^ 0x20;
      raw[n++] = b;
    }
  g_assert_cmpuint (n, ==, 4 + sizeof data + 2);
  g_assert_cmphex (vigil_intellivue_fcs_update (0xFFFF, raw, n), ==, 0xF0B8);
  g_assert_cmpmem (raw + 4, sizeof data, data, sizeof data);
  g_assert_cmphex (raw[0], ==, 0x11);
  g_assert_cmphex (raw[3], ==, sizeof data);
}

static void
test_float (void)
{
  g_assert_cmpfloat (vigil_intellivue_float_to_double (0xFD007D00), ==, 32.0);
  g_assert_cmpfloat (vigil_intellivue_float_to_double (0x02000020), ==, 3200.0);
  g_assert_cmpfloat (vigil_intellivue_float_to_double (0xFF0003D7), ==, 98.3);
  g_assert_cmpfloat (vigil_intellivue_float_to_double (0x00FFFFFB), ==, -5.0);
  g_assert_true (isnan (vigil_intellivue_float_to_double (0x007FFFFF)));
  g_assert_true (isnan (vigil_intellivue_float_to_double (0x00800000)));
  g_assert_true (isnan (vigil_intellivue_float_to_double (0x007FFFFE)));
  g_assert_true (isnan (vigil_intellivue_float_to_double (0x00800002)));
  g_assert_cmpfloat (vigil_intellivue_float_to_double (vigil_intellivue_float_from_int (120)), ==, 120.0);
}

static void
test_abs_time (void)
{
  const guint8 t[8] = { 0x20, 0x26, 0x11, 0x28, 0x10, 0x00, 0x01, 0x50 };
  const guint8 unset[8] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
  const guint8 feb30[8] = { 0x20, 0x26, 0x02, 0x30, 0x00, 0x00, 0x00, 0x00 };
  guint8 back[8];
  gint64 us = 0;

  g_assert_true (vigil_intellivue_abs_time_to_unix_us (t, &us));
  g_assert_cmpint (us, ==, G_GINT64_CONSTANT (1795860001500000));
  g_assert_false (vigil_intellivue_abs_time_to_unix_us (unset, &us));
  g_assert_false (vigil_intellivue_abs_time_to_unix_us (feb30, &us));
  vigil_intellivue_abs_time_from_unix_ms (G_GINT64_CONSTANT (1795860001500), back);
  g_assert_cmpmem (back, 8, t, 8);
}

/* ---- fixtures ---- */

static GPtrArray *
run_chunks (const guint8 *data,
            gsize         length,
            gsize         split,
            gsize         chunk)
{
  g_autoptr(VigilParser) parser = vigil_intellivue_parser_new ();
  Collector c;
  GPtrArray *lines;

  collector_init (&c, parser);
  if (chunk > 0)
    for (gsize i = 0; i < length; i += chunk)
      vigil_parser_feed (parser, data + i, MIN (chunk, length - i));
  else
    {
      vigil_parser_feed (parser, data, split);
      vigil_parser_feed (parser, data + split, length - split);
    }
  lines = g_ptr_array_ref (c.lines);
  collector_clear (&c);
  return lines;
}

static void
assert_lines (GPtrArray  *got,
              GStrv       expected,
              const char *name)
{
  guint n = 0;

  for (guint i = 0; expected[i] != NULL; i++)
    if (expected[i][0] != '\0')
      {
        g_assert_cmpuint (n, <, got->len);
        if (g_strcmp0 (got->pdata[n], expected[i]) != 0)
          g_error ("%s line %u:\n got %s\nwant %s", name, n + 1,
                   (char *) got->pdata[n], expected[i]);
        n++;
      }
  g_assert_cmpuint (n, ==, got->len);
}

static void
test_fixture (gconstpointer user_data)
{
  const char *name = user_data;
  g_autofree char *bin_name = g_strconcat (name, ".bin", NULL);
  g_autofree char *jsonl_name = g_strconcat (name, ".jsonl", NULL);
  g_autofree char *bin_path = data_path (bin_name);
  g_autofree char *jsonl_path = data_path (jsonl_name);
  g_autofree char *data = NULL;
  g_autofree char *expected_text = NULL;
  g_auto(GStrv) expected = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (bin_path, &data, &length, &error);
  g_assert_no_error (error);
  g_file_get_contents (jsonl_path, &expected_text, NULL, &error);
  g_assert_no_error (error);
  expected = g_strsplit (expected_text, "\n", -1);

  {
    g_autoptr(GPtrArray) whole = run_chunks ((guint8 *) data, length, 0, length);
    g_autoptr(GPtrArray) bytes = run_chunks ((guint8 *) data, length, 0, 1);

    assert_lines (whole, expected, name);
    assert_lines (bytes, expected, name);
  }
  for (gsize split = 1; split < length; split++)
    {
      g_autoptr(GPtrArray) lines = run_chunks ((guint8 *) data, length, split, 0);

      assert_lines (lines, expected, name);
    }
}

/* ---- host side ---- */

/* The user data of one transmitted frame. */
static GByteArray *
unframe (GBytes *bytes)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (bytes, &n);
  GByteArray *raw = g_byte_array_new ();

  g_assert_cmpuint (n, >=, 8);
  g_assert_cmphex (p[0], ==, 0xC0);
  g_assert_cmphex (p[n - 1], ==, 0xC1);
  for (gsize i = 1; i + 1 < n; i++)
    {
      guint8 b = p[i];

      g_assert_true (b != 0xC0 && b != 0xC1);
      if (b == 0x7D)
        b = p[++i] ^ 0x20;
      g_byte_array_append (raw, &b, 1);
    }
  g_assert_cmphex (vigil_intellivue_fcs_update (0xFFFF, raw->data, raw->len), ==, 0xF0B8);
  g_assert_cmpuint ((raw->data[2] << 8 | raw->data[3]), ==, raw->len - 6);
  g_byte_array_remove_range (raw, 0, 4);
  g_byte_array_set_size (raw, raw->len - 2);
  return raw;
}

static guint8
sent_spdu (Collector *c,
           guint      index)
{
  g_autoptr(GByteArray) user = unframe (c->sent->pdata[index]);
  const char *reason = NULL;
  guint8 type = 0;

  g_assert_true (vigil_intellivue_parse_spdu (user->data, user->len, &type, &reason));
  return type;
}

static VigilIntellivueRemoteOp
sent_op (Collector   *c,
         guint        index,
         GByteArray **out_user)
{
  VigilIntellivueRemoteOp op;
  const char *reason = NULL;

  *out_user = unframe (c->sent->pdata[index]);
  g_assert_true (vigil_intellivue_parse_remote_op ((*out_user)->data, (*out_user)->len, &op, &reason));
  return op;
}

static void
feed_message (VigilParser *parser,
              GByteArray  *message)
{
  g_autoptr(GByteArray) frame = g_byte_array_new ();

  vigil_intellivue_frame_encode (frame, message->data, message->len);
  vigil_parser_feed (parser, frame->data, frame->len);
}

static void
assert_poll (Collector *c,
             guint      index,
             guint16    expected_poll_number)
{
  g_autoptr(GByteArray) user = NULL;
  VigilIntellivueRemoteOp op = sent_op (c, index, &user);
  guint16 poll_number, partition, code;
  guint32 period;
  const char *reason = NULL;

  g_assert_cmpuint (op.ro_type, ==, VIGIL_INTELLIVUE_ROIV);
  g_assert_cmpuint (op.command_type, ==, VIGIL_INTELLIVUE_CMD_CONFIRMED_ACTION);
  g_assert_true (vigil_intellivue_parse_poll_request (op.body, op.body_length, &poll_number,
                                                      &partition, &code, &period, &reason));
  g_assert_cmpuint (poll_number, ==, expected_poll_number);
  g_assert_cmpuint (partition, ==, 1);
  g_assert_cmpuint (code, ==, 6);
  g_assert_cmpuint (period, ==, 8000);
}

static void
test_host_side (void)
{
  g_autoptr(VigilParser) parser = vigil_intellivue_parser_new ();
  g_autoptr(GByteArray) message = g_byte_array_new ();
  g_autoptr(GByteArray) user = NULL;
  const guint8 no_time[8] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
  const guint8 now[8] = { 0x20, 0x26, 0x11, 0x28, 0x10, 0x00, 0x00, 0x00 };
  VigilIntellivueRemoteOp op;
  VigilIntellivueObjectId object;
  guint32 event_time;
  guint16 event_type;
  const guint8 *info;
  gsize info_length;
  const char *reason = NULL;
  gint64 t = 1000 * G_USEC_PER_SEC;
  Collector c;

  collector_init (&c, parser);

  /* connected(): an association request, nothing else. */
  vigil_parser_connected (parser, t);
  g_assert_cmpuint (c.sent->len, ==, 1);
  g_assert_cmphex (sent_spdu (&c, 0), ==, VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST);
  /* The same moment again (tick and watchdog together): not twice. */
  vigil_parser_connected (parser, t);
  g_assert_cmpuint (c.sent->len, ==, 1);

  /* Accept: wait for the MDS create, no poll yet. */
  vigil_intellivue_build_association_accept (message);
  feed_message (parser, message);
  t += 250000;
  vigil_parser_tick (parser, t);
  g_assert_cmpuint (c.sent->len, ==, 1);
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Philips IntelliVue");

  /* MDS create with invoke id 0x1234: confirmed echoing it, then a poll. */
  g_byte_array_set_size (message, 0);
  vigil_intellivue_build_mds_create (message, 0x1234, 777, now, "MX800");
  feed_message (parser, message);
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Philips IntelliVue MX800");
  g_assert_cmpuint (c.sent->len, ==, 3);
  op = sent_op (&c, 1, &user);
  g_assert_cmpuint (op.ro_type, ==, VIGIL_INTELLIVUE_RORS);
  g_assert_cmpuint (op.invoke_id, ==, 0x1234);
  g_assert_cmpuint (op.command_type, ==, VIGIL_INTELLIVUE_CMD_CONFIRMED_EVENT_REPORT);
  g_assert_true (vigil_intellivue_parse_event_report (op.body, op.body_length, &object,
                                                      &event_time, &event_type, &info,
                                                      &info_length, &reason));
  g_assert_cmpuint (object.obj_class, ==, VIGIL_INTELLIVUE_MOC_VMS_MDS);
  g_assert_cmpuint (event_type, ==, VIGIL_INTELLIVUE_NOTI_MDS_CREATE);
  g_assert_cmpuint (info_length, ==, 0);
  assert_poll (&c, 2, 1);
  g_assert_true (vigil_intellivue_parser_is_polling (VIGIL_INTELLIVUE_PARSER (parser)));

  /* A repeated MDS create is confirmed again without a second first poll. */
  feed_message (parser, message);
  g_assert_cmpuint (c.sent->len, ==, 4);
  g_clear_pointer (&user, g_byte_array_unref);
  op = sent_op (&c, 3, &user);
  g_assert_cmpuint (op.invoke_id, ==, 0x1234);

  /* Re-poll every second while results come. */
  for (int i = 0; i < 3; i++)
    {
      VigilIntellivuePollReply reply = { .sequence_no = i, .obj_partition = 1, .obj_code = 6 };

      memcpy (reply.abs_time, no_time, 8);
      g_byte_array_set_size (message, 0);
      vigil_intellivue_build_poll_result (message, VIGIL_INTELLIVUE_RORS, 0, 0, 1, &reply, NULL, 0);
      t += 250000;
      vigil_parser_tick (parser, t);
      feed_message (parser, message);
      t += 750000;
      vigil_parser_tick (parser, t);
      g_assert_cmpuint (c.sent->len, ==, 5 + i);
      assert_poll (&c, 4 + i, 2 + i);
    }

  /* Silence: polls go on for 5 s, then abort and a new association. */
  for (int i = 0; i < 17; i++)
    {
      t += 250000;
      vigil_parser_tick (parser, t);
    }
  g_assert_cmpuint (c.sent->len, ==, 13);
  for (guint i = 7; i < 11; i++)
    assert_poll (&c, i, i - 2);
  g_assert_cmphex (sent_spdu (&c, 11), ==, VIGIL_INTELLIVUE_SPDU_ABORT);
  g_assert_cmphex (sent_spdu (&c, 12), ==, VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST);
  g_assert_false (vigil_intellivue_parser_is_polling (VIGIL_INTELLIVUE_PARSER (parser)));
  /* No answer: again after 5 s. */
  for (int i = 0; i < 20; i++)
    {
      t += 250000;
      vigil_parser_tick (parser, t);
    }
  g_assert_cmpuint (c.sent->len, ==, 15);
  g_assert_cmphex (sent_spdu (&c, 13), ==, VIGIL_INTELLIVUE_SPDU_ABORT);
  g_assert_cmphex (sent_spdu (&c, 14), ==, VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST);

  /* Refused: a notice for IT, and nothing more until connected(). */
  g_byte_array_set_size (message, 0);
  vigil_intellivue_build_association_refuse (message);
  feed_message (parser, message);
  g_assert_cmpuint (c.lines->len, ==, 1);
  g_assert_nonnull (strstr (c.lines->pdata[0], "\"device-notice\""));
  g_assert_nonnull (strstr (c.lines->pdata[0], "service mode"));
  for (int i = 0; i < 40; i++)
    {
      t += 250000;
      vigil_parser_tick (parser, t);
    }
  g_assert_cmpuint (c.sent->len, ==, 15);
  vigil_parser_connected (parser, t);
  g_assert_cmpuint (c.sent->len, ==, 16);
  g_assert_cmphex (sent_spdu (&c, 15), ==, VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST);

  collector_clear (&c);
}

static void
test_release_by_monitor (void)
{
  g_autoptr(VigilParser) parser = vigil_intellivue_parser_new ();
  g_autoptr(GByteArray) message = g_byte_array_new ();
  Collector c;

  collector_init (&c, parser);
  vigil_parser_connected (parser, G_USEC_PER_SEC);
  vigil_intellivue_build_release_request (message);
  feed_message (parser, message);
  g_assert_cmpuint (c.sent->len, ==, 2);
  g_assert_cmphex (sent_spdu (&c, 1), ==, VIGIL_INTELLIVUE_SPDU_RELEASE_RESPONSE);
  collector_clear (&c);
}

/* A monitor that ends a working export (after a hang of its own, say) is
 * asked again a second later, without an abort of the host's: well inside
 * the link's 5 s quiet time, so the link-lost alarm does not come back. If
 * it ends the export again before polling works, the host waits the
 * silence time. */
static void
test_abort_by_monitor (void)
{
  g_autoptr(VigilParser) parser = vigil_intellivue_parser_new ();
  g_autoptr(GByteArray) message = g_byte_array_new ();
  const guint8 now[8] = { 0x20, 0x26, 0x11, 0x28, 0x10, 0x00, 0x00, 0x00 };
  gint64 t = 1000 * G_USEC_PER_SEC;
  guint sent;
  Collector c;

  collector_init (&c, parser);
  vigil_parser_connected (parser, t);
  vigil_intellivue_build_association_accept (message);
  feed_message (parser, message);
  g_byte_array_set_size (message, 0);
  vigil_intellivue_build_mds_create (message, 0x1234, 777, now, "MX800");
  feed_message (parser, message);
  g_assert_true (vigil_intellivue_parser_is_polling (VIGIL_INTELLIVUE_PARSER (parser)));

  g_byte_array_set_size (message, 0);
  vigil_intellivue_build_abort (message);
  feed_message (parser, message);
  g_assert_false (vigil_intellivue_parser_is_polling (VIGIL_INTELLIVUE_PARSER (parser)));
  sent = c.sent->len;
  vigil_parser_tick (parser, t += 750000);
  g_assert_cmpuint (c.sent->len, ==, sent);
  vigil_parser_tick (parser, t += 250000);
  g_assert_cmpuint (c.sent->len, ==, sent + 1);
  g_assert_cmphex (sent_spdu (&c, sent), ==, VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST);

  /* Ended again before a poll: the silence time, then abort and ask. */
  feed_message (parser, message);
  sent = c.sent->len;
  for (int i = 0; i < 19; i++)
    vigil_parser_tick (parser, t += 250000);
  g_assert_cmpuint (c.sent->len, ==, sent);
  vigil_parser_tick (parser, t += 250000);
  g_assert_cmpuint (c.sent->len, ==, sent + 1);
  g_assert_cmphex (sent_spdu (&c, sent), ==, VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST);
  collector_clear (&c);
}

/* ---- NIBP age ---- */

/* One poll result: a compound NIBP, its own time stamp or none (NULL), in a
 * result stamped @reply_time. */
static void
feed_nibp (VigilParser  *parser,
           guint16       sequence_no,
           const guint8 *reply_time,
           int           sys,
           const guint8 *nibp_time)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();
  VigilIntellivuePollReply reply = { .poll_number = 1, .sequence_no = sequence_no,
                                     .obj_partition = 1, .obj_code = 6 };
  VigilIntellivueNumeric nu = { .handle = 4, .compound = TRUE, .n_values = 3 };
  const guint16 ids[3] = { 0x4A05, 0x4A06, 0x4A07 };
  const int values[3] = { sys, 80, 93 };

  memcpy (reply.abs_time, reply_time, 8);
  for (guint i = 0; i < 3; i++)
    {
      nu.values[i].physio_id = ids[i];
      nu.values[i].unit = 0x0F20;   /* mmHg */
      nu.values[i].value = vigil_intellivue_float_from_int (values[i]);
    }
  if (nibp_time != NULL)
    {
      nu.has_time = TRUE;
      memcpy (nu.abs_time, nibp_time, 8);
    }
  vigil_intellivue_build_poll_result (message, VIGIL_INTELLIVUE_RORS, 0, 0, 1, &reply, &nu, 1);
  feed_message (parser, message);
}

/* The last observation, which must be NIBP, and its JSON line. */
static const VigilObservation *
last_nibp (Collector   *c,
           guint        expected_count,
           const char **out_json)
{
  const VigilObservation *obs;

  g_assert_cmpuint (c->observations->len, ==, expected_count);
  g_assert_cmpuint (c->lines->len, ==, expected_count);
  obs = &g_array_index (c->observations, VigilObservation, expected_count - 1);
  g_assert_cmpint (obs->parameter, ==, VIGIL_PARAMETER_NIBP);
  *out_json = c->lines->pdata[expected_count - 1];
  return obs;
}

/* Age: the poll result's time minus the reading's, both the monitor's. */
static void
test_nibp_age (void)
{
  g_autoptr(VigilParser) parser = vigil_intellivue_parser_new ();
  /* 2026-11-28 10:00:01.00 and 09:58:30.25 */
  const guint8 reply_time[8] = { 0x20, 0x26, 0x11, 0x28, 0x10, 0x00, 0x01, 0x00 };
  const guint8 earlier[8] = { 0x20, 0x26, 0x11, 0x28, 0x09, 0x58, 0x30, 0x25 };
  const guint8 later[8] = { 0x20, 0x26, 0x11, 0x28, 0x10, 0x00, 0x05, 0x00 };
  const guint8 no_time[8] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
  const gint64 reply_us = G_GINT64_CONSTANT (1795860001000000);
  const gint64 earlier_us = G_GINT64_CONSTANT (1795859910250000);
  const VigilObservation *obs;
  const char *json;
  Collector c;

  collector_init (&c, parser);

  /* Measured 90.75 s before the result that carries it. */
  feed_nibp (parser, 0, reply_time, 120, earlier);
  obs = last_nibp (&c, 1, &json);
  g_assert_cmpint (obs->device_time_us, ==, earlier_us);
  g_assert_cmpint (obs->age_us, ==, reply_us - earlier_us);
  g_assert_cmpint (obs->age_us, ==, 90750000);
  g_assert_cmpstr (json, ==, "{\"type\":\"observation\",\"parameter\":\"nibp\","
                   "\"systolic\":120,\"diastolic\":80,\"mean\":93,\"unit\":\"mmHg\","
                   "\"quality\":[\"valid\"],\"device_time_us\":1795859910250000,"
                   "\"age_us\":90750000}");

  /* The same reading in a later result: not repeated. */
  feed_nibp (parser, 1, later, 120, earlier);
  g_assert_cmpuint (c.observations->len, ==, 1);

  /* As fresh as its result: age 0, no field. */
  feed_nibp (parser, 2, reply_time, 121, reply_time);
  obs = last_nibp (&c, 2, &json);
  g_assert_cmpint (obs->device_time_us, ==, reply_us);
  g_assert_cmpint (obs->age_us, ==, 0);
  g_assert_null (strstr (json, "age_us"));
  g_assert_true (g_str_has_suffix (json, ",\"device_time_us\":1795860001000000}"));

  /* A reading stamped after its result (clocks odd): never negative. */
  feed_nibp (parser, 3, reply_time, 122, later);
  obs = last_nibp (&c, 3, &json);
  g_assert_cmpint (obs->age_us, ==, 0);
  g_assert_null (strstr (json, "age_us"));

  /* A result without a time: the age is unknown. */
  feed_nibp (parser, 4, no_time, 123, earlier);
  obs = last_nibp (&c, 4, &json);
  g_assert_cmpint (obs->device_time_us, ==, earlier_us);
  g_assert_cmpint (obs->age_us, ==, 0);
  g_assert_null (strstr (json, "age_us"));

  /* A reading without its own time: neither a time nor an age. */
  feed_nibp (parser, 5, reply_time, 124, NULL);
  obs = last_nibp (&c, 5, &json);
  g_assert_cmpint (obs->device_time_us, ==, 0);
  g_assert_cmpint (obs->age_us, ==, 0);
  g_assert_null (strstr (json, "age_us"));

  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);
  collector_clear (&c);
}

/* ---- the simulated monitor against the parser ---- */

typedef struct
{
  VigilParser      *parser;
  VigilSimProtocol *sim;
  gboolean          wire_to_sim;    /* FALSE: the host's bytes are lost */
  guint             n_linked;
  guint             n_sim_frames;
} Wire;

static void
on_sim_transmit (VigilSimProtocol *sim,
                 GBytes           *bytes,
                 Wire             *w)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (bytes, &n);

  w->n_sim_frames++;
  /* ro_type 5 right after the header and SPpdu: a linked part. */
  if (n > 12 && p[5] == 0xE1 && p[9] == 0x00 && p[10] == 0x05)
    w->n_linked++;
  vigil_parser_feed (w->parser, p, n);
}

static void
on_host_transmit (VigilParser *parser,
                  GBytes      *bytes,
                  Wire        *w)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (bytes, &n);

  if (w->wire_to_sim)
    vigil_sim_protocol_receive (w->sim, p, n);
}

static void
run_for (Wire                *w,
         VigilScenarioSample *sample,
         gint64              *t_ms,
         gint64               duration_ms,
         gboolean             host_ticks)
{
  for (gint64 end = *t_ms + duration_ms; *t_ms < end; *t_ms += 250)
    {
      sample->elapsed_ms = *t_ms;
      if (host_ticks)
        vigil_parser_tick (w->parser, *t_ms * 1000);
      vigil_sim_protocol_tick (w->sim, sample, G_GINT64_CONSTANT (1795860000000) + *t_ms);
      sample->nibp = VIGIL_SCENARIO_NIBP_NONE;
    }
}

static void
test_sim (void)
{
  g_autoptr(VigilParser) parser = vigil_intellivue_parser_new ();
  g_autoptr(VigilSimProtocol) sim = vigil_intellivue_sim_new ();
  VigilScenarioSample sample = {
    .hr = 72, .spo2 = 97, .pr = 71,
    .nibp = VIGIL_SCENARIO_NIBP_READING, .nibp_sys = 121, .nibp_dia = 79, .nibp_mean = 93,
    .nibp_ms = 0,
  };
  Wire w = { parser, sim, TRUE, 0, 0 };
  gint64 t = 0;
  guint n_hr = 0, n_nibp = 0, n_events = 0;
  gint64 reply_us = 0;
  Collector c;

  collector_init (&c, parser);
  g_signal_connect (sim, "transmit", G_CALLBACK (on_sim_transmit), &w);
  g_signal_connect (parser, "transmit", G_CALLBACK (on_host_transmit), &w);

  /* Nothing until asked. */
  run_for (&w, &sample, &t, 3000, FALSE);
  g_assert_cmpuint (w.n_sim_frames, ==, 0);
  g_assert_false (vigil_sim_protocol_get_streaming (sim));

  vigil_parser_connected (parser, t * 1000);
  run_for (&w, &sample, &t, 20000, TRUE);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 1);
  g_assert_true (vigil_sim_protocol_get_streaming (sim));
  g_assert_cmpstr (vigil_parser_get_identity (parser), ==, "Philips IntelliVue MP50");
  g_assert_cmpuint (w.n_linked, >=, 3);
  g_assert_cmpuint (w.n_linked % 3, ==, 0);
  g_assert_cmpuint (vigil_parser_get_frames_bad (parser), ==, 0);

  for (guint i = 0; i < c.observations->len; i++)
    {
      const VigilObservation *o = &g_array_index (c.observations, VigilObservation, i);

      g_assert_true (o->quality & VIGIL_QUALITY_VALID);
      if (o->parameter == VIGIL_PARAMETER_HR)
        {
          g_assert_cmpfloat (o->value, ==, 72);
          reply_us = o->device_time_us;
          n_hr++;
        }
      else if (o->parameter == VIGIL_PARAMETER_SPO2)
        g_assert_cmpfloat (o->value, ==, 97);
      else if (o->parameter == VIGIL_PARAMETER_PULSE_RATE)
        g_assert_cmpfloat (o->value, ==, 71);
      else
        {
          g_assert_cmpfloat (o->value, ==, 121);
          g_assert_cmpfloat (o->diastolic, ==, 79);
          g_assert_cmpfloat (o->mean, ==, 93);
          g_assert_cmpint (o->device_time_us, ==, G_GINT64_CONSTANT (1795860000000000));
          /* Measured before the first poll: as old as the result that
           * carries it (its HR's time) says. */
          g_assert_cmpint (reply_us, >, o->device_time_us);
          g_assert_cmpint (o->age_us, ==, reply_us - o->device_time_us);
          n_nibp++;
        }
    }
  /* About one result a second, the NIBP reading once. */
  g_assert_cmpuint (n_hr, >=, 17);
  g_assert_cmpuint (n_hr, <=, 20);
  g_assert_cmpuint (n_nibp, ==, 1);
  n_events = c.lines->len - c.observations->len;
  g_assert_cmpuint (n_events, ==, 0);

  /* Sensor off: absent SpO2 and PR, HR still there. */
  sample.spo2_sensor_off = TRUE;
  /* A reply may still carry the sample before. */
  run_for (&w, &sample, &t, 500, TRUE);
  g_array_set_size (c.observations, 0);
  run_for (&w, &sample, &t, 2000, TRUE);
  g_assert_cmpuint (c.observations->len, >, 0);
  for (guint i = 0; i < c.observations->len; i++)
    {
      const VigilObservation *o = &g_array_index (c.observations, VigilObservation, i);

      if (o->parameter == VIGIL_PARAMETER_SPO2 || o->parameter == VIGIL_PARAMETER_PULSE_RATE)
        g_assert_false (vigil_observation_is_present (o));
      else
        g_assert_true (vigil_observation_is_present (o));
    }
  sample.spo2_sensor_off = FALSE;

  /* The host stops polling: the monitor aborts after 10 s. */
  w.n_sim_frames = 0;
  run_for (&w, &sample, &t, 12000, FALSE);
  g_assert_false (vigil_sim_protocol_get_streaming (sim));
  g_assert_cmpuint (w.n_sim_frames, ==, 1);

  /* A host that never confirms: the MDS create comes again every 3 s,
   * then the monitor gives up. */
  w.wire_to_sim = TRUE;
  vigil_parser_connected (parser, t * 1000);
  w.wire_to_sim = FALSE;
  w.n_sim_frames = 0;
  run_for (&w, &sample, &t, 11000, FALSE);
  /* accept + MDS create, 3 repeats, abort */
  g_assert_cmpuint (w.n_sim_frames, ==, 6);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 2);

  /* Reconnect: a fresh association, data again. */
  w.wire_to_sim = TRUE;
  vigil_sim_protocol_reset (sim);
  vigil_parser_reset (parser);
  vigil_parser_connected (parser, t * 1000);
  g_array_set_size (c.observations, 0);
  run_for (&w, &sample, &t, 5000, TRUE);
  g_assert_cmpuint (vigil_sim_protocol_get_requests (sim), ==, 3);
  g_assert_true (vigil_sim_protocol_get_streaming (sim));
  g_assert_cmpuint (c.observations->len, >=, 9);

  collector_clear (&c);
}

int
main (int    argc,
      char **argv)
{
  static const char *fixtures[] = {
    "session", "escapes", "aborted", "floats", "states", "linked", "kpa", "errors", "session-end",
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/intellivue/fcs", test_fcs);
  g_test_add_func ("/vigil/intellivue/float", test_float);
  g_test_add_func ("/vigil/intellivue/abs-time", test_abs_time);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/intellivue/fixture/%s", fixtures[i]);
      g_test_add_data_func (path, fixtures[i], test_fixture);
    }
  g_test_add_func ("/vigil/intellivue/nibp-age", test_nibp_age);
  g_test_add_func ("/vigil/intellivue/host-side", test_host_side);
  g_test_add_func ("/vigil/intellivue/release-by-monitor", test_release_by_monitor);
  g_test_add_func ("/vigil/intellivue/abort-by-monitor", test_abort_by_monitor);
  g_test_add_func ("/vigil/intellivue/sim", test_sim);

  return g_test_run ();
}
