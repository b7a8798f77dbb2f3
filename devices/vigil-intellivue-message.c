/* vigil-intellivue-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Readers go through a bounds-checked cursor: every multi-byte field is
 * read with explicit big-endian helpers, every nested list is a cursor
 * limited to its declared length, and a list must fill its length exactly.
 */
#include "vigil-intellivue-message.h"

#include <math.h>
#include <string.h>

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
} Cursor;

static void
cursor_init (Cursor       *c,
             const guint8 *data,
             gsize         length)
{
  c->data = data;
  c->length = length;
  c->pos = 0;
}

static gsize
cursor_left (const Cursor *c)
{
  return c->length - c->pos;
}

static gboolean
read_u8 (Cursor *c,
         guint8 *out)
{
  if (cursor_left (c) < 1)
    return FALSE;
  *out = c->data[c->pos++];
  return TRUE;
}

static gboolean
read_u16 (Cursor  *c,
          guint16 *out)
{
  if (cursor_left (c) < 2)
    return FALSE;
  *out = (guint16) (c->data[c->pos] << 8 | c->data[c->pos + 1]);
  c->pos += 2;
  return TRUE;
}

static gboolean
read_u32 (Cursor  *c,
          guint32 *out)
{
  if (cursor_left (c) < 4)
    return FALSE;
  *out = (guint32) c->data[c->pos] << 24 | (guint32) c->data[c->pos + 1] << 16 |
         (guint32) c->data[c->pos + 2] << 8 | (guint32) c->data[c->pos + 3];
  c->pos += 4;
  return TRUE;
}

static gboolean
read_bytes (Cursor        *c,
            gsize          n,
            const guint8 **out)
{
  if (cursor_left (c) < n)
    return FALSE;
  *out = c->data + c->pos;
  c->pos += n;
  return TRUE;
}

/* A sub-cursor over the next @n bytes. */
static gboolean
read_sub (Cursor *c,
          gsize   n,
          Cursor *out)
{
  const guint8 *bytes;

  if (!read_bytes (c, n, &bytes))
    return FALSE;
  cursor_init (out, bytes, n);
  return TRUE;
}

/* {count, length} then a cursor over exactly @length bytes. */
static gboolean
read_list (Cursor  *c,
           guint16 *out_count,
           Cursor  *out)
{
  guint16 length;

  return read_u16 (c, out_count) && read_u16 (c, &length) && read_sub (c, length, out);
}

static void
put_u8 (GByteArray *out,
        guint8      value)
{
  g_byte_array_append (out, &value, 1);
}

static void
put_u16 (GByteArray *out,
         guint16     value)
{
  guint8 bytes[2] = { value >> 8, value & 0xFF };

  g_byte_array_append (out, bytes, 2);
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF };

  g_byte_array_append (out, bytes, 4);
}

static void
set_u16 (GByteArray *out,
         guint       offset,
         gsize       value)
{
  g_assert (offset + 2 <= out->len);
  g_assert (value <= G_MAXUINT16);
  out->data[offset] = (value >> 8) & 0xFF;
  out->data[offset + 1] = value & 0xFF;
}

/* Reserves a u16 length to be patched by end_length(). */
static guint
begin_length (GByteArray *out)
{
  guint offset = out->len;

  put_u16 (out, 0);
  return offset;
}

static void
end_length (GByteArray *out,
            guint       offset)
{
  set_u16 (out, offset, out->len - offset - 2);
}

/* ---- FLOAT-Type and AbsoluteTime ---- */

/**
 * vigil_intellivue_float_to_double:
 * @raw: FLOAT-Type: signed 8-bit exponent, signed 24-bit mantissa
 *
 * Returns: mantissa × 10^exponent, or NAN for NaN, NRes and ±INF
 */
double
vigil_intellivue_float_to_double (guint32 raw)
{
  guint32 bits = raw & 0xFFFFFF;
  gint32 mantissa;
  int exponent = (gint8) (raw >> 24);

  if (bits == (VIGIL_INTELLIVUE_FLOAT_NAN & 0xFFFFFF) ||
      bits == (VIGIL_INTELLIVUE_FLOAT_NRES & 0xFFFFFF) ||
      bits == (VIGIL_INTELLIVUE_FLOAT_PLUS_INF & 0xFFFFFF) ||
      bits == (VIGIL_INTELLIVUE_FLOAT_MINUS_INF & 0xFFFFFF))
    return NAN;

  mantissa = (bits & 0x800000) ? (gint32) bits - 0x1000000 : (gint32) bits;

  /* Dividing by an exact power of ten keeps 32000e-3 exactly 32. */
  if (exponent >= 0)
    return mantissa * pow (10.0, exponent);
  return mantissa / pow (10.0, -exponent);
}

guint32
vigil_intellivue_float_from_int (gint32 value)
{
  g_return_val_if_fail (value > -0x800000 + 2 && value < 0x7FFFFE, VIGIL_INTELLIVUE_FLOAT_NAN);

  return (guint32) value & 0xFFFFFF;
}

static int
bcd (guint8 byte)
{
  if ((byte >> 4) > 9 || (byte & 0x0F) > 9)
    return -1;
  return (byte >> 4) * 10 + (byte & 0x0F);
}

static guint8
to_bcd (int value)
{
  return (guint8) ((value / 10) << 4 | (value % 10));
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  gint64 era;
  int yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/**
 * vigil_intellivue_abs_time_to_unix_us:
 * @abs_time: AbsoluteTime, 8 BCD bytes: century, year, month, day, hour,
 *   minute, second, hundredths
 *
 * The monitor's clock has no time zone; it is read as UTC.
 *
 * Returns: FALSE when the time is unset (0xFF) or not a date
 */
gboolean
vigil_intellivue_abs_time_to_unix_us (const guint8 *abs_time,
                                      gint64       *out_us)
{
  int f[VIGIL_INTELLIVUE_ABS_TIME_SIZE];
  int year;
  static const int days_in_month[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  for (int i = 0; i < VIGIL_INTELLIVUE_ABS_TIME_SIZE; i++)
    if ((f[i] = bcd (abs_time[i])) < 0)
      return FALSE;

  year = f[0] * 100 + f[1];
  if (year < 1970 || f[2] < 1 || f[2] > 12 || f[3] < 1 ||
      f[3] > days_in_month[f[2] - 1] || f[4] > 23 || f[5] > 59 || f[6] > 59)
    return FALSE;
  if (f[2] == 2 && f[3] == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    return FALSE;

  *out_us = ((days_from_civil (year, f[2], f[3]) * 86400 +
              f[4] * 3600 + f[5] * 60 + f[6]) * 100 + f[7]) * 10000;
  return TRUE;
}

void
vigil_intellivue_abs_time_from_unix_ms (gint64  unix_ms,
                                        guint8 *abs_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_ms / 1000);
  int year;

  if (time == NULL)
    {
      memset (abs_time, 0xFF, VIGIL_INTELLIVUE_ABS_TIME_SIZE);
      return;
    }
  year = g_date_time_get_year (time);
  abs_time[0] = to_bcd (year / 100 % 100);
  abs_time[1] = to_bcd (year % 100);
  abs_time[2] = to_bcd (g_date_time_get_month (time));
  abs_time[3] = to_bcd (g_date_time_get_day_of_month (time));
  abs_time[4] = to_bcd (g_date_time_get_hour (time));
  abs_time[5] = to_bcd (g_date_time_get_minute (time));
  abs_time[6] = to_bcd (g_date_time_get_second (time));
  abs_time[7] = to_bcd ((int) (unix_ms % 1000 / 10));
}

/* ---- Session SPDUs ---- */

/* type, LI (one byte, or 0xFF and a u16), body. */
static void
put_spdu (GByteArray   *out,
          guint8        type,
          const guint8 *body,
          gsize         length)
{
  put_u8 (out, type);
  if (length < 0xFF)
    put_u8 (out, (guint8) length);
  else
    {
      put_u8 (out, 0xFF);
      put_u16 (out, (guint16) length);
    }
  g_byte_array_append (out, body, length);
}

static const guint8 session_data[] = {
  0x05, 0x08, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x80, 0x00, 0x14, 0x02, 0x00, 0x02,
};

/* The presentation layer (BER) of the association request up to the
 * length of the MDSE user information, as the guide gives it. */
static const guint8 aarq_presentation[] = {
  0x31, 0x80, 0xA0, 0x80, 0x80, 0x01, 0x01, 0x00, 0x00, 0xA2, 0x80, 0xA0,
  0x03, 0x00, 0x00, 0x01, 0xA4, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0x06,
  0x04, 0x52, 0x01, 0x00, 0x01, 0x30, 0x80, 0x06, 0x02, 0x51, 0x01, 0x00,
  0x00, 0x00, 0x00, 0x30, 0x80, 0x02, 0x01, 0x02, 0x06, 0x0C, 0x2A, 0x86,
  0x48, 0xCE, 0x14, 0x02, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x30, 0x80,
  0x06, 0x0C, 0x2A, 0x86, 0x48, 0xCE, 0x14, 0x02, 0x01, 0x00, 0x00, 0x00,
  0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x61, 0x80, 0x30, 0x80,
  0x02, 0x01, 0x01, 0xA0, 0x80, 0x60, 0x80, 0xA1, 0x80, 0x06, 0x0C, 0x2A,
  0x86, 0x48, 0xCE, 0x14, 0x02, 0x01, 0x00, 0x00, 0x00, 0x03, 0x01, 0x00,
  0x00, 0xBE, 0x80, 0x28, 0x80, 0x06, 0x0C, 0x2A, 0x86, 0x48, 0xCE, 0x14,
  0x02, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x01, 0x02, 0x81,
};

/* The same for the monitor's association response. */
static const guint8 aare_presentation[] = {
  0x31, 0x80, 0xA0, 0x80, 0x80, 0x01, 0x01, 0x00, 0x00, 0xA2, 0x80, 0xA0,
  0x03, 0x00, 0x00, 0x01, 0xA5, 0x80, 0x30, 0x80, 0x80, 0x01, 0x00, 0x81,
  0x02, 0x51, 0x01, 0x00, 0x00, 0x30, 0x80, 0x80, 0x01, 0x00, 0x81, 0x0C,
  0x2A, 0x86, 0x48, 0xCE, 0x14, 0x02, 0x01, 0x00, 0x00, 0x00, 0x02, 0x01,
  0x00, 0x00, 0x00, 0x00, 0x61, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0xA0,
  0x80, 0x61, 0x80, 0xA1, 0x80, 0x06, 0x0C, 0x2A, 0x86, 0x48, 0xCE, 0x14,
  0x02, 0x01, 0x00, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0xA2, 0x03, 0x02,
  0x01, 0x00, 0xA3, 0x05, 0xA1, 0x03, 0x02, 0x01, 0x00, 0xBE, 0x80, 0x28,
  0x80, 0x02, 0x01, 0x02, 0x81,
};

#define PRESENTATION_TRAILER 16

/* MDSEUserInfoStd with the poll profile: the 1-second numerics option. */
static void
put_user_info (GByteArray *out,
               guint32     system_type,
               guint32     min_poll_period)
{
  guint length_at;
  guint profiles_at;
  guint packages_at;

  put_u32 (out, 0x80000000);  /* protocol version */
  put_u32 (out, 0x40000000);  /* nomenclature version */
  put_u32 (out, 0);           /* functional units */
  put_u32 (out, system_type);
  put_u32 (out, 0x20000000);  /* startup mode: hot start */
  put_u16 (out, 0);           /* option list: empty */
  put_u16 (out, 0);
  put_u16 (out, 1);           /* supported profiles: one */
  profiles_at = begin_length (out);
  put_u16 (out, 0x0001);      /* NOM_POLL_PROFILE_SUPPORT */
  length_at = begin_length (out);
  put_u32 (out, 0x80000000);  /* poll profile revision */
  put_u32 (out, min_poll_period);
  put_u32 (out, 0x00003000);  /* max receive MTU */
  put_u32 (out, 0x00003000);  /* max transmit MTU */
  put_u32 (out, 0xFFFFFFFF);  /* max transmit bandwidth */
  put_u32 (out, 0x60000000);  /* dynamic create/delete of objects */
  put_u16 (out, 1);           /* optional packages: one */
  packages_at = begin_length (out);
  put_u16 (out, 0xF001);      /* NOM_ATTR_POLL_PROFILE_EXT */
  put_u16 (out, 8);
  put_u32 (out, VIGIL_INTELLIVUE_POLL_EXT_PERIOD_NU_1SEC | 0x08000000);
  put_u16 (out, 0);           /* extended attributes: none */
  put_u16 (out, 0);
  end_length (out, packages_at);
  end_length (out, length_at);
  end_length (out, profiles_at);
}

static void
build_association (GByteArray   *out,
                   guint8        type,
                   const guint8 *presentation,
                   gsize         presentation_length,
                   guint32       system_type)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GByteArray) pres = g_byte_array_new ();
  g_autoptr(GByteArray) user = g_byte_array_new ();
  guint8 zeros[PRESENTATION_TRAILER] = { 0 };

  put_user_info (user, system_type, 0x000FDE80);

  g_byte_array_append (pres, presentation, presentation_length);
  put_u8 (pres, (guint8) user->len);
  g_byte_array_append (pres, user->data, user->len);
  g_byte_array_append (pres, zeros, sizeof zeros);

  g_byte_array_append (body, session_data, sizeof session_data);
  put_spdu (body, 0xC1, pres->data, pres->len);
  put_spdu (out, type, body->data, body->len);
}

/**
 * vigil_intellivue_build_association_request:
 *
 * Appends the Association Request (session SPDU 0x0D) that asks for the
 * extended poll profile with 1-second numerics.
 */
void
vigil_intellivue_build_association_request (GByteArray *out)
{
  build_association (out, VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST,
                     aarq_presentation, sizeof aarq_presentation, 0x80000000);
}

void
vigil_intellivue_build_association_accept (GByteArray *out)
{
  build_association (out, VIGIL_INTELLIVUE_SPDU_ASSOC_ACCEPT,
                     aare_presentation, sizeof aare_presentation, 0x00800000);
}

void
vigil_intellivue_build_association_refuse (GByteArray *out)
{
  /* Reason parameter 0x32: 0 = refused by the user (export not enabled). */
  static const guint8 body[] = { 0x32, 0x01, 0x00 };

  put_spdu (out, VIGIL_INTELLIVUE_SPDU_ASSOC_REFUSE, body, sizeof body);
}

static const guint8 release_body[] = {
  0xC1, 0x16, 0x61, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0xA0, 0x80, 0x62,
  0x80, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

void
vigil_intellivue_build_release_request (GByteArray *out)
{
  put_spdu (out, VIGIL_INTELLIVUE_SPDU_RELEASE_REQUEST, release_body, sizeof release_body);
}

void
vigil_intellivue_build_release_response (GByteArray *out)
{
  guint8 body[sizeof release_body];

  memcpy (body, release_body, sizeof body);
  body[11] = 0x63;  /* RLRE instead of RLRQ */
  put_spdu (out, VIGIL_INTELLIVUE_SPDU_RELEASE_RESPONSE, body, sizeof body);
}

void
vigil_intellivue_build_abort (GByteArray *out)
{
  static const guint8 body[] = {
    0x11, 0x01, 0x03, 0xC1, 0x29, 0xA0, 0x80, 0xA0, 0x80, 0x30, 0x80, 0x02,
    0x01, 0x01, 0x06, 0x02, 0x51, 0x01, 0x00, 0x00, 0x00, 0x00, 0x61, 0x80,
    0x30, 0x80, 0x02, 0x01, 0x01, 0xA0, 0x80, 0x64, 0x80, 0x80, 0x01, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };

  put_spdu (out, VIGIL_INTELLIVUE_SPDU_ABORT, body, sizeof body);
}

/**
 * vigil_intellivue_parse_spdu:
 *
 * Checks a session message: a known SPDU type and a length indicator that
 * matches what follows.
 */
gboolean
vigil_intellivue_parse_spdu (const guint8  *data,
                             gsize          length,
                             guint8        *out_type,
                             const char   **reason)
{
  Cursor c;
  guint8 type, li;
  guint16 li16;
  gsize body_length;

  cursor_init (&c, data, length);
  if (!read_u8 (&c, &type) || !read_u8 (&c, &li))
    {
      *reason = "session message too short";
      return FALSE;
    }
  switch (type)
    {
    case VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST:
    case VIGIL_INTELLIVUE_SPDU_ASSOC_ACCEPT:
    case VIGIL_INTELLIVUE_SPDU_ASSOC_REFUSE:
    case VIGIL_INTELLIVUE_SPDU_RELEASE_REQUEST:
    case VIGIL_INTELLIVUE_SPDU_RELEASE_RESPONSE:
    case VIGIL_INTELLIVUE_SPDU_ABORT:
      break;
    default:
      *reason = "unknown session message";
      return FALSE;
    }
  body_length = li;
  if (li == 0xFF)
    {
      if (!read_u16 (&c, &li16))
        {
          *reason = "session message too short";
          return FALSE;
        }
      body_length = li16;
    }
  if (cursor_left (&c) != body_length)
    {
      *reason = "session message length does not match";
      return FALSE;
    }
  *out_type = type;
  return TRUE;
}

/* ---- Remote operations ---- */

static guint
begin_remote_op (GByteArray *out,
                 guint16     ro_type,
                 guint8      linked_state,
                 guint8      linked_count,
                 guint16     invoke_id,
                 guint16     command_type,
                 guint      *out_ro_length_at)
{
  put_u16 (out, VIGIL_INTELLIVUE_SESSION_ID);
  put_u16 (out, VIGIL_INTELLIVUE_CONTEXT_ID);
  put_u16 (out, ro_type);
  *out_ro_length_at = begin_length (out);
  if (ro_type == VIGIL_INTELLIVUE_ROLRS)
    {
      put_u8 (out, linked_state);
      put_u8 (out, linked_count);
    }
  put_u16 (out, invoke_id);
  put_u16 (out, command_type);
  return begin_length (out);
}

static void
put_object (GByteArray                    *out,
            const VigilIntellivueObjectId *object)
{
  put_u16 (out, object->obj_class);
  put_u16 (out, object->context_id);
  put_u16 (out, object->handle);
}

void
vigil_intellivue_build_event_report_result (GByteArray                    *out,
                                            guint16                        invoke_id,
                                            const VigilIntellivueObjectId *object,
                                            guint32                        current_time,
                                            guint16                        event_type)
{
  guint ro_at, op_at;

  op_at = begin_remote_op (out, VIGIL_INTELLIVUE_RORS, 0, 0, invoke_id,
                           VIGIL_INTELLIVUE_CMD_CONFIRMED_EVENT_REPORT, &ro_at);
  put_object (out, object);
  put_u32 (out, current_time);
  put_u16 (out, event_type);
  put_u16 (out, 0);
  end_length (out, op_at);
  end_length (out, ro_at);
}

/**
 * vigil_intellivue_build_poll_request:
 * @period_ticks: NOM_ATTR_TIME_PD_POLL, in 1/8 ms
 *
 * Appends an extended poll (action 0xF13B on the MDS) for all numerics.
 */
void
vigil_intellivue_build_poll_request (GByteArray *out,
                                     guint16     invoke_id,
                                     guint16     poll_number,
                                     guint32     period_ticks)
{
  const VigilIntellivueObjectId mds = { VIGIL_INTELLIVUE_MOC_VMS_MDS, 0, 0 };
  guint ro_at, op_at, action_at, attr_at;

  op_at = begin_remote_op (out, VIGIL_INTELLIVUE_ROIV, 0, 0, invoke_id,
                           VIGIL_INTELLIVUE_CMD_CONFIRMED_ACTION, &ro_at);
  put_object (out, &mds);
  put_u32 (out, 0);  /* scope */
  put_u16 (out, VIGIL_INTELLIVUE_ACT_POLL_MDIB_DATA_EXT);
  action_at = begin_length (out);
  put_u16 (out, poll_number);
  put_u16 (out, VIGIL_INTELLIVUE_PART_OBJ);
  put_u16 (out, VIGIL_INTELLIVUE_MOC_VMO_METRIC_NU);
  put_u16 (out, 0);  /* all attribute groups */
  put_u16 (out, 1);
  attr_at = begin_length (out);
  put_u16 (out, VIGIL_INTELLIVUE_ATTR_TIME_PD_POLL);
  put_u16 (out, 4);
  put_u32 (out, period_ticks);
  end_length (out, attr_at);
  end_length (out, action_at);
  end_length (out, op_at);
  end_length (out, ro_at);
}

/**
 * vigil_intellivue_build_mds_create:
 * @abs_time: AbsoluteTime (8 bytes)
 * @model: (nullable): the model number for NOM_ATTR_ID_MODEL
 *
 * Appends the MDS Create Event Report (a confirmed event report).
 */
void
vigil_intellivue_build_mds_create (GByteArray   *out,
                                   guint16       invoke_id,
                                   guint32       rel_time,
                                   const guint8 *abs_time,
                                   const char   *model)
{
  const VigilIntellivueObjectId mds = { VIGIL_INTELLIVUE_MOC_VMS_MDS, 0, 0 };
  static const char manufacturer[] = "Philips Medical Systems";
  guint ro_at, op_at, info_at, list_at, ava_at;
  guint16 count = 2;

  op_at = begin_remote_op (out, VIGIL_INTELLIVUE_ROIV, 0, 0, invoke_id,
                           VIGIL_INTELLIVUE_CMD_CONFIRMED_EVENT_REPORT, &ro_at);
  put_object (out, &mds);
  put_u32 (out, rel_time);
  put_u16 (out, VIGIL_INTELLIVUE_NOTI_MDS_CREATE);
  info_at = begin_length (out);
  put_object (out, &mds);
  if (model != NULL)
    count++;
  put_u16 (out, count);
  list_at = begin_length (out);
  put_u16 (out, VIGIL_INTELLIVUE_ATTR_TIME_ABS);
  put_u16 (out, VIGIL_INTELLIVUE_ABS_TIME_SIZE);
  g_byte_array_append (out, abs_time, VIGIL_INTELLIVUE_ABS_TIME_SIZE);
  put_u16 (out, VIGIL_INTELLIVUE_ATTR_TIME_REL);
  put_u16 (out, 4);
  put_u32 (out, rel_time);
  if (model != NULL)
    {
      gsize n = strlen (model);
      /* Strings are padded to an even length. */
      gsize padded_m = (sizeof manufacturer - 1 + 1) & ~(gsize) 1;
      gsize padded_n = (n + 1) & ~(gsize) 1;
      guint8 zero = 0;

      put_u16 (out, VIGIL_INTELLIVUE_ATTR_ID_MODEL);
      ava_at = begin_length (out);
      put_u16 (out, (guint16) padded_m);
      g_byte_array_append (out, (const guint8 *) manufacturer, sizeof manufacturer - 1);
      for (gsize i = sizeof manufacturer - 1; i < padded_m; i++)
        g_byte_array_append (out, &zero, 1);
      put_u16 (out, (guint16) padded_n);
      g_byte_array_append (out, (const guint8 *) model, n);
      for (gsize i = n; i < padded_n; i++)
        g_byte_array_append (out, &zero, 1);
      end_length (out, ava_at);
    }
  end_length (out, list_at);
  end_length (out, info_at);
  end_length (out, op_at);
  end_length (out, ro_at);
}

static void
put_nu_value (GByteArray                   *out,
              const VigilIntellivueNuValue *value)
{
  put_u16 (out, value->physio_id);
  put_u16 (out, value->state);
  put_u16 (out, value->unit);
  put_u32 (out, value->value);
}

/**
 * vigil_intellivue_build_poll_result:
 * @ro_type: %VIGIL_INTELLIVUE_RORS, or %VIGIL_INTELLIVUE_ROLRS for one part
 *   of a linked result
 *
 * Appends a poll result carrying @numerics, one object each, in a single
 * context.
 */
void
vigil_intellivue_build_poll_result (GByteArray                     *out,
                                    guint16                         ro_type,
                                    guint8                          linked_state,
                                    guint8                          linked_count,
                                    guint16                         invoke_id,
                                    const VigilIntellivuePollReply *reply,
                                    const VigilIntellivueNumeric   *numerics,
                                    guint                           n_numerics)
{
  const VigilIntellivueObjectId mds = { VIGIL_INTELLIVUE_MOC_VMS_MDS, 0, 0 };
  guint ro_at, op_at, action_at, info_at, context_at;

  op_at = begin_remote_op (out, ro_type, linked_state, linked_count, invoke_id,
                           VIGIL_INTELLIVUE_CMD_CONFIRMED_ACTION, &ro_at);
  put_object (out, &mds);
  put_u16 (out, VIGIL_INTELLIVUE_ACT_POLL_MDIB_DATA_EXT);
  action_at = begin_length (out);
  put_u16 (out, reply->poll_number);
  put_u16 (out, reply->sequence_no);
  put_u32 (out, reply->rel_time);
  g_byte_array_append (out, reply->abs_time, VIGIL_INTELLIVUE_ABS_TIME_SIZE);
  put_u16 (out, reply->obj_partition);
  put_u16 (out, reply->obj_code);
  put_u16 (out, reply->attr_group);
  put_u16 (out, n_numerics > 0 ? 1 : 0);
  info_at = begin_length (out);
  if (n_numerics > 0)
    {
      put_u16 (out, 0);  /* context id */
      put_u16 (out, n_numerics);
      context_at = begin_length (out);
      for (guint i = 0; i < n_numerics; i++)
        {
          const VigilIntellivueNumeric *nu = &numerics[i];
          guint attrs_at;

          put_u16 (out, nu->handle);
          put_u16 (out, nu->has_time ? 2 : 1);
          attrs_at = begin_length (out);
          if (nu->compound)
            {
              put_u16 (out, VIGIL_INTELLIVUE_ATTR_NU_CMPD_VAL_OBS);
              put_u16 (out, 4 + 10 * nu->n_values);
              put_u16 (out, nu->n_values);
              put_u16 (out, 10 * nu->n_values);
              for (guint v = 0; v < nu->n_values; v++)
                put_nu_value (out, &nu->values[v]);
            }
          else
            {
              put_u16 (out, VIGIL_INTELLIVUE_ATTR_NU_VAL_OBS);
              put_u16 (out, 10);
              put_nu_value (out, &nu->values[0]);
            }
          if (nu->has_time)
            {
              put_u16 (out, VIGIL_INTELLIVUE_ATTR_TIME_STAMP_ABS);
              put_u16 (out, VIGIL_INTELLIVUE_ABS_TIME_SIZE);
              g_byte_array_append (out, nu->abs_time, VIGIL_INTELLIVUE_ABS_TIME_SIZE);
            }
          end_length (out, attrs_at);
        }
      end_length (out, context_at);
    }
  end_length (out, info_at);
  end_length (out, action_at);
  end_length (out, op_at);
  end_length (out, ro_at);
}

/**
 * vigil_intellivue_parse_remote_op:
 *
 * Decodes SPpdu, ROapdus and the ROIV/RORS/ROER/ROLRS header; @out->body
 * is what the header's length covers, which must be the rest exactly.
 */
gboolean
vigil_intellivue_parse_remote_op (const guint8             *data,
                                  gsize                     length,
                                  VigilIntellivueRemoteOp  *out,
                                  const char              **reason)
{
  Cursor c, ro, body;
  guint16 session_id, context_id, ro_length, op_length;

  memset (out, 0, sizeof *out);
  cursor_init (&c, data, length);
  if (!read_u16 (&c, &session_id) || !read_u16 (&c, &context_id) ||
      !read_u16 (&c, &out->ro_type) || !read_u16 (&c, &ro_length))
    {
      *reason = "message header too short";
      return FALSE;
    }
  if (session_id != VIGIL_INTELLIVUE_SESSION_ID)
    {
      *reason = "unknown session id";
      return FALSE;
    }
  if (ro_length != cursor_left (&c) || !read_sub (&c, ro_length, &ro))
    {
      *reason = "remote operation length does not match";
      return FALSE;
    }

  switch (out->ro_type)
    {
    case VIGIL_INTELLIVUE_ROLRS:
      if (!read_u8 (&ro, &out->linked_state) || !read_u8 (&ro, &out->linked_count))
        {
          *reason = "linked result header too short";
          return FALSE;
        }
      if (out->linked_state < VIGIL_INTELLIVUE_LINKED_FIRST ||
          out->linked_state > VIGIL_INTELLIVUE_LINKED_LAST)
        {
          *reason = "unknown linked result state";
          return FALSE;
        }
      G_GNUC_FALLTHROUGH;
    case VIGIL_INTELLIVUE_ROIV:
    case VIGIL_INTELLIVUE_RORS:
    case VIGIL_INTELLIVUE_ROER:
      break;
    default:
      *reason = "unknown remote operation type";
      return FALSE;
    }

  if (!read_u16 (&ro, &out->invoke_id) || !read_u16 (&ro, &out->command_type) ||
      !read_u16 (&ro, &op_length))
    {
      *reason = "remote operation header too short";
      return FALSE;
    }
  if (op_length != cursor_left (&ro) || !read_sub (&ro, op_length, &body))
    {
      *reason = "operation length does not match";
      return FALSE;
    }
  out->body = body.data;
  out->body_length = body.length;
  return TRUE;
}

gboolean
vigil_intellivue_parse_event_report (const guint8             *body,
                                     gsize                     length,
                                     VigilIntellivueObjectId  *out_object,
                                     guint32                  *out_event_time,
                                     guint16                  *out_event_type,
                                     const guint8            **out_info,
                                     gsize                    *out_info_length,
                                     const char              **reason)
{
  Cursor c, info;
  guint16 info_length;

  cursor_init (&c, body, length);
  if (!read_u16 (&c, &out_object->obj_class) || !read_u16 (&c, &out_object->context_id) ||
      !read_u16 (&c, &out_object->handle) || !read_u32 (&c, out_event_time) ||
      !read_u16 (&c, out_event_type) || !read_u16 (&c, &info_length))
    {
      *reason = "event report too short";
      return FALSE;
    }
  if (info_length != cursor_left (&c) || !read_sub (&c, info_length, &info))
    {
      *reason = "event report length does not match";
      return FALSE;
    }
  *out_info = info.data;
  *out_info_length = info.length;
  return TRUE;
}

/* A String {length, bytes}: printable ASCII up to the first NUL. */
static gboolean
read_string (Cursor  *c,
             char   **out)
{
  guint16 n;
  const guint8 *bytes;
  GString *s;

  if (!read_u16 (c, &n) || !read_bytes (c, n, &bytes))
    return FALSE;
  s = g_string_new (NULL);
  for (guint i = 0; i < n && bytes[i] != 0; i++)
    g_string_append_c (s, (bytes[i] >= 0x20 && bytes[i] < 0x7F) ? (char) bytes[i] : '?');
  *out = g_string_free (s, FALSE);
  return TRUE;
}

/**
 * vigil_intellivue_parse_mds_create:
 * @out_model: (out) (transfer full) (nullable): the model number, if sent
 */
gboolean
vigil_intellivue_parse_mds_create (const guint8  *info,
                                   gsize          length,
                                   char         **out_model,
                                   const char   **reason)
{
  Cursor c, list;
  guint16 obj_class, context_id, handle, count;

  *out_model = NULL;
  cursor_init (&c, info, length);
  if (!read_u16 (&c, &obj_class) || !read_u16 (&c, &context_id) ||
      !read_u16 (&c, &handle) || !read_list (&c, &count, &list) || cursor_left (&c) != 0)
    {
      *reason = "MDS create malformed";
      return FALSE;
    }
  for (guint i = 0; i < count; i++)
    {
      guint16 id, ava_length;
      Cursor value;

      if (!read_u16 (&list, &id) || !read_u16 (&list, &ava_length) ||
          !read_sub (&list, ava_length, &value))
        {
          g_clear_pointer (out_model, g_free);
          *reason = "MDS create attribute list malformed";
          return FALSE;
        }
      if (id == VIGIL_INTELLIVUE_ATTR_ID_MODEL)
        {
          g_autofree char *manufacturer = NULL;
          char *model = NULL;

          if (!read_string (&value, &manufacturer) || !read_string (&value, &model))
            {
              g_clear_pointer (out_model, g_free);
              *reason = "MDS create model attribute malformed";
              return FALSE;
            }
          g_free (*out_model);
          *out_model = model;
        }
    }
  if (cursor_left (&list) != 0)
    {
      g_clear_pointer (out_model, g_free);
      *reason = "MDS create attribute list length does not match";
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_intellivue_parse_action_result (const guint8  *body,
                                      gsize          length,
                                      guint16       *out_action_type,
                                      const guint8 **out_reply,
                                      gsize         *out_reply_length,
                                      const char   **reason)
{
  Cursor c, reply;
  guint16 obj_class, context_id, handle, reply_length;

  cursor_init (&c, body, length);
  if (!read_u16 (&c, &obj_class) || !read_u16 (&c, &context_id) ||
      !read_u16 (&c, &handle) || !read_u16 (&c, out_action_type) ||
      !read_u16 (&c, &reply_length))
    {
      *reason = "action result too short";
      return FALSE;
    }
  if (reply_length != cursor_left (&c) || !read_sub (&c, reply_length, &reply))
    {
      *reason = "action result length does not match";
      return FALSE;
    }
  *out_reply = reply.data;
  *out_reply_length = reply.length;
  return TRUE;
}

static gboolean
read_nu_value (Cursor                 *c,
               VigilIntellivueNuValue *out)
{
  return read_u16 (c, &out->physio_id) && read_u16 (c, &out->state) &&
         read_u16 (c, &out->unit) && read_u32 (c, &out->value);
}

/* One ObservationPoll's attributes; FALSE if malformed. An object without a
 * numeric value is left out (*out_found FALSE). */
static gboolean
parse_observation (Cursor                 *attrs,
                   guint16                 count,
                   VigilIntellivueNumeric *nu,
                   gboolean               *out_found,
                   const char            **reason)
{
  *out_found = FALSE;

  for (guint i = 0; i < count; i++)
    {
      guint16 id, ava_length;
      Cursor value;

      if (!read_u16 (attrs, &id) || !read_u16 (attrs, &ava_length) ||
          !read_sub (attrs, ava_length, &value))
        {
          *reason = "attribute list malformed";
          return FALSE;
        }

      switch (id)
        {
        case VIGIL_INTELLIVUE_ATTR_NU_VAL_OBS:
          if (ava_length != 10 || !read_nu_value (&value, &nu->values[0]))
            {
              *reason = "numeric value malformed";
              return FALSE;
            }
          nu->compound = FALSE;
          nu->n_values = 1;
          *out_found = TRUE;
          break;

        case VIGIL_INTELLIVUE_ATTR_NU_CMPD_VAL_OBS:
          {
            guint16 n;
            Cursor list;

            if (!read_list (&value, &n, &list) || cursor_left (&value) != 0 ||
                list.length != (gsize) n * 10)
              {
                *reason = "compound numeric value malformed";
                return FALSE;
              }
            nu->compound = TRUE;
            nu->n_values = 0;
            for (guint v = 0; v < n; v++)
              {
                VigilIntellivueNuValue element;

                if (!read_nu_value (&list, &element))
                  {
                    *reason = "compound numeric value malformed";
                    return FALSE;
                  }
                /* More than sys/dia/mean: nothing Vigil uses. */
                if (nu->n_values < VIGIL_INTELLIVUE_MAX_CMPD_VALUES)
                  nu->values[nu->n_values++] = element;
              }
            *out_found = TRUE;
          }
          break;

        case VIGIL_INTELLIVUE_ATTR_TIME_STAMP_ABS:
          if (ava_length != VIGIL_INTELLIVUE_ABS_TIME_SIZE)
            {
              *reason = "time stamp malformed";
              return FALSE;
            }
          memcpy (nu->abs_time, value.data, VIGIL_INTELLIVUE_ABS_TIME_SIZE);
          nu->has_time = TRUE;
          break;

        default:
          /* Labels, ranges, colours: not needed here. */
          break;
        }
    }
  if (cursor_left (attrs) != 0)
    {
      *reason = "attribute list length does not match";
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_intellivue_parse_poll_reply:
 * @numerics: (element-type VigilIntellivueNumeric): where the numeric
 *   objects are appended
 *
 * Decodes a PollMdibDataReplyExt: PollInfoList → SingleContextPoll →
 * ObservationPoll → AVA. On failure @numerics may hold part of the reply.
 */
gboolean
vigil_intellivue_parse_poll_reply (const guint8             *data,
                                   gsize                     length,
                                   VigilIntellivuePollReply *out_reply,
                                   GArray                   *numerics,
                                   const char              **reason)
{
  Cursor c, contexts;
  const guint8 *abs_time;
  guint16 n_contexts;

  cursor_init (&c, data, length);
  if (!read_u16 (&c, &out_reply->poll_number) || !read_u16 (&c, &out_reply->sequence_no) ||
      !read_u32 (&c, &out_reply->rel_time) ||
      !read_bytes (&c, VIGIL_INTELLIVUE_ABS_TIME_SIZE, &abs_time) ||
      !read_u16 (&c, &out_reply->obj_partition) || !read_u16 (&c, &out_reply->obj_code) ||
      !read_u16 (&c, &out_reply->attr_group))
    {
      *reason = "poll result header too short";
      return FALSE;
    }
  memcpy (out_reply->abs_time, abs_time, VIGIL_INTELLIVUE_ABS_TIME_SIZE);

  if (!read_list (&c, &n_contexts, &contexts) || cursor_left (&c) != 0)
    {
      *reason = "poll info list length does not match";
      return FALSE;
    }

  for (guint i = 0; i < n_contexts; i++)
    {
      guint16 context_id, n_objects;
      Cursor objects;

      if (!read_u16 (&contexts, &context_id) || !read_list (&contexts, &n_objects, &objects))
        {
          *reason = "context list malformed";
          return FALSE;
        }
      for (guint j = 0; j < n_objects; j++)
        {
          VigilIntellivueNumeric nu = { 0 };
          guint16 n_attrs;
          Cursor attrs;
          gboolean found;

          if (!read_u16 (&objects, &nu.handle) || !read_list (&objects, &n_attrs, &attrs))
            {
              *reason = "observation list malformed";
              return FALSE;
            }
          if (!parse_observation (&attrs, n_attrs, &nu, &found, reason))
            return FALSE;
          if (found)
            g_array_append_val (numerics, nu);
        }
      if (cursor_left (&objects) != 0)
        {
          *reason = "observation list length does not match";
          return FALSE;
        }
    }
  if (cursor_left (&contexts) != 0)
    {
      *reason = "context list length does not match";
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_intellivue_parse_poll_request:
 *
 * Decodes an ActionArgument with a PollMdibDataReqExt (the device side).
 * @out_period_ticks is 0 when the request gives no poll period.
 */
gboolean
vigil_intellivue_parse_poll_request (const guint8  *body,
                                     gsize          length,
                                     guint16       *out_poll_number,
                                     guint16       *out_partition,
                                     guint16       *out_code,
                                     guint32       *out_period_ticks,
                                     const char   **reason)
{
  Cursor c, arg, attrs;
  guint16 obj_class, context_id, handle, action_type, arg_length, attr_group, count;
  guint32 scope;

  *out_period_ticks = 0;
  cursor_init (&c, body, length);
  if (!read_u16 (&c, &obj_class) || !read_u16 (&c, &context_id) ||
      !read_u16 (&c, &handle) || !read_u32 (&c, &scope) ||
      !read_u16 (&c, &action_type) || !read_u16 (&c, &arg_length) ||
      arg_length != cursor_left (&c) || !read_sub (&c, arg_length, &arg))
    {
      *reason = "action argument malformed";
      return FALSE;
    }
  if (obj_class != VIGIL_INTELLIVUE_MOC_VMS_MDS || action_type != VIGIL_INTELLIVUE_ACT_POLL_MDIB_DATA_EXT)
    {
      *reason = "not an extended poll of the MDS";
      return FALSE;
    }
  if (!read_u16 (&arg, out_poll_number) || !read_u16 (&arg, out_partition) ||
      !read_u16 (&arg, out_code) || !read_u16 (&arg, &attr_group) ||
      !read_list (&arg, &count, &attrs) || cursor_left (&arg) != 0)
    {
      *reason = "poll request malformed";
      return FALSE;
    }
  for (guint i = 0; i < count; i++)
    {
      guint16 id, ava_length;
      Cursor value;

      if (!read_u16 (&attrs, &id) || !read_u16 (&attrs, &ava_length) ||
          !read_sub (&attrs, ava_length, &value))
        {
          *reason = "poll request attributes malformed";
          return FALSE;
        }
      if (id == VIGIL_INTELLIVUE_ATTR_TIME_PD_POLL &&
          (ava_length != 4 || !read_u32 (&value, out_period_ticks)))
        {
          *reason = "poll period malformed";
          return FALSE;
        }
    }
  if (cursor_left (&attrs) != 0)
    {
      *reason = "poll request attributes length does not match";
      return FALSE;
    }
  return TRUE;
}
