/* vigil-line-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A byte-at-a-time state machine: nothing is ever read past what was fed,
 * a line is buffered in a fixed array of VIGIL_LINE_PROTOCOL_MAX_LINE bytes,
 * and a line is decoded only when its terminator arrives. A line is checked
 * whole (framing, checksum, every field) before anything is emitted, so a
 * bad line never produces a single observation.
 */
#include "vigil-line-parser.h"

#include <math.h>
#include <string.h>

#include "vigil-line-protocol.h"

typedef enum
{
  STATE_UNSYNCED,  /* fresh: maybe started mid-line, skip quietly */
  STATE_IDLE,      /* between lines */
  STATE_LINE,      /* inside a line, buffering */
  STATE_DISCARD,   /* inside a line already counted as bad */
} State;

typedef enum
{
  FIELD_NONE,      /* the key was not in the line */
  FIELD_NUMBER,
  FIELD_ABSENT,    /* --- */
  FIELD_OFF,       /* OFF */
  FIELD_FAIL,      /* FAIL (NIBP) */
} FieldKind;

typedef struct
{
  FieldKind kind;
  gboolean  questionable;
  double    value;
  double    diastolic;
  double    mean;
} Field;

typedef struct
{
  gboolean has_time;
  gint64   time_ms;
  Field    fields[VIGIL_N_PARAMETERS];
} Record;

struct _VigilLineParser
{
  VigilParser parent_instance;

  State       state;
  gboolean    noise_reported;
  gsize       length;
  char        line[VIGIL_LINE_PROTOCOL_MAX_LINE];

  /* Kept across reset(): the first value after a reconnect still says
   * "sensor on" to whoever raised a sensor-off alarm. */
  gboolean    sensor_off[VIGIL_N_PARAMETERS];
};

G_DEFINE_FINAL_TYPE (VigilLineParser, vigil_line_parser, VIGIL_TYPE_PARSER)

/* Time values: up to 15 digits of milliseconds, so ×1000 fits a gint64. */
#define MAX_TIME_DIGITS 15
/* Integer part of a number: wide enough that 1000 is out of range rather
 * than malformed. */
#define MAX_NUMBER_DIGITS 5
/* How much of a field a message quotes. */
#define MAX_QUOTE 24

static const char *parameter_labels[VIGIL_N_PARAMETERS] = {
  [VIGIL_PARAMETER_HR] = "Heart rate",
  [VIGIL_PARAMETER_SPO2] = "SpO2",
  [VIGIL_PARAMETER_PULSE_RATE] = "Pulse rate",
  [VIGIL_PARAMETER_NIBP] = "Blood pressure",
};

static const char *sensor_off_messages[VIGIL_N_PARAMETERS] = {
  [VIGIL_PARAMETER_HR] = "Heart rate: sensor off or no signal. Check the sensor on the patient.",
  [VIGIL_PARAMETER_SPO2] = "SpO2: sensor off or no pulse. Check the finger probe.",
  [VIGIL_PARAMETER_PULSE_RATE] = "Pulse rate: sensor off or no pulse. Check the finger probe.",
};

static const char *sensor_on_messages[VIGIL_N_PARAMETERS] = {
  [VIGIL_PARAMETER_HR] = "Heart rate: the sensor is sending values again.",
  [VIGIL_PARAMETER_SPO2] = "SpO2: the sensor is sending values again.",
  [VIGIL_PARAMETER_PULSE_RATE] = "Pulse rate: the sensor is sending values again.",
};

static void
frame_error (VigilLineParser *self,
             const char      *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
frame_error (VigilLineParser *self,
             const char      *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  vigil_parser_emit_frame_error (VIGIL_PARSER (self), reason);
}

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

static gboolean
span_equal (const char *text,
            gsize       length,
            const char *literal)
{
  return strlen (literal) == length && memcmp (text, literal, length) == 0;
}

/* ["-"] 1*5DIGIT ["." DIGIT], the whole span. */
static gboolean
parse_number (const char *text,
              gsize       length,
              double     *out_value)
{
  gboolean negative = FALSE;
  gint64 tenths = 0;
  gsize digits = 0;
  gsize i = 0;

  if (i < length && text[i] == '-')
    {
      negative = TRUE;
      i++;
    }
  while (i < length && is_digit (text[i]))
    {
      if (++digits > MAX_NUMBER_DIGITS)
        return FALSE;
      tenths = tenths * 10 + (text[i] - '0');
      i++;
    }
  if (digits == 0)
    return FALSE;
  tenths *= 10;

  if (i < length && text[i] == '.')
    {
      if (i + 2 != length || !is_digit (text[i + 1]))
        return FALSE;
      tenths += text[i + 1] - '0';
      i += 2;
    }
  if (i != length)
    return FALSE;

  /* Never a negative zero. */
  *out_value = (negative && tenths != 0) ? -(tenths / 10.0) : tenths / 10.0;
  return TRUE;
}

/* 1*15DIGIT, milliseconds. */
static gboolean
parse_time (const char *text,
            gsize       length,
            gint64     *out_ms)
{
  gint64 ms = 0;

  if (length == 0 || length > MAX_TIME_DIGITS)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!is_digit (text[i]))
        return FALSE;
      ms = ms * 10 + (text[i] - '0');
    }
  *out_ms = ms;
  return TRUE;
}

static gboolean
parse_value (VigilParameter  parameter,
             const char     *text,
             gsize           length,
             Field          *field)
{
  gboolean questionable = FALSE;

  if (length > 0 && text[length - 1] == VIGIL_LINE_PROTOCOL_QUESTIONABLE)
    {
      questionable = TRUE;
      length--;
    }

  field->questionable = questionable;
  field->value = NAN;
  field->diastolic = NAN;
  field->mean = NAN;

  if (span_equal (text, length, VIGIL_LINE_PROTOCOL_ABSENT))
    {
      field->kind = FIELD_ABSENT;
      return !questionable;
    }

  if (parameter == VIGIL_PARAMETER_NIBP)
    {
      const char *slash1;
      const char *slash2;
      const char *end = text + length;

      if (span_equal (text, length, VIGIL_LINE_PROTOCOL_FAIL))
        {
          field->kind = FIELD_FAIL;
          return !questionable;
        }

      slash1 = memchr (text, '/', length);
      if (slash1 == NULL)
        return FALSE;
      slash2 = memchr (slash1 + 1, '/', end - (slash1 + 1));
      if (slash2 == NULL || memchr (slash2 + 1, '/', end - (slash2 + 1)) != NULL)
        return FALSE;

      if (!parse_number (text, slash1 - text, &field->value) ||
          !parse_number (slash1 + 1, slash2 - (slash1 + 1), &field->diastolic))
        return FALSE;
      /* An empty mean is allowed: not every cuff reports one. */
      if (slash2 + 1 != end &&
          !parse_number (slash2 + 1, end - (slash2 + 1), &field->mean))
        return FALSE;

      field->kind = FIELD_NUMBER;
      return TRUE;
    }

  if (span_equal (text, length, VIGIL_LINE_PROTOCOL_OFF))
    {
      field->kind = FIELD_OFF;
      return !questionable;
    }

  if (!parse_number (text, length, &field->value))
    return FALSE;
  field->kind = FIELD_NUMBER;
  return TRUE;
}

/* [A-Z] *([A-Z] / DIGIT / "_") */
static gboolean
is_valid_key (const char *key,
              gsize       length)
{
  if (length == 0 || !(key[0] >= 'A' && key[0] <= 'Z'))
    return FALSE;
  for (gsize i = 1; i < length; i++)
    {
      char c = key[i];
      if (!((c >= 'A' && c <= 'Z') || is_digit (c) || c == '_'))
        return FALSE;
    }
  return TRUE;
}

static gboolean
key_to_parameter (const char     *key,
                  gsize           length,
                  VigilParameter *out_parameter)
{
  for (guint p = 0; p < VIGIL_N_PARAMETERS; p++)
    {
      if (span_equal (key, length, vigil_line_protocol_parameter_key (p)))
        {
          *out_parameter = p;
          return TRUE;
        }
    }
  return FALSE;
}

/* Fills @record from the fields after "VGL"; on a malformed field, reports
 * it and returns FALSE so that nothing of the line is used. */
static gboolean
parse_fields (VigilLineParser *self,
              const char      *body,
              gsize            length,
              Record          *record)
{
  gsize start = 0;

  while (start <= length)
    {
      const char *field = body + start;
      const char *end = memchr (field, VIGIL_LINE_PROTOCOL_SEPARATOR, length - start);
      gsize field_length = end != NULL ? (gsize) (end - field) : length - start;
      const char *equals = memchr (field, '=', field_length);
      gsize key_length;
      const char *value;
      gsize value_length;
      VigilParameter parameter;
      int quote = (int) MIN (field_length, MAX_QUOTE);

      if (field_length == 0)
        {
          frame_error (self, "Dropped a line with an empty field. "
                       "The device sends a format Vigil does not understand.");
          return FALSE;
        }
      if (equals == NULL || !is_valid_key (field, equals - field))
        {
          frame_error (self, "Dropped a line with a malformed field “%.*s”: "
                       "expected KEY=VALUE with an upper-case key. "
                       "The device sends a format Vigil does not understand.",
                       quote, field);
          return FALSE;
        }

      key_length = equals - field;
      value = equals + 1;
      value_length = field_length - key_length - 1;

      if (span_equal (field, key_length, VIGIL_LINE_PROTOCOL_KEY_TIME))
        {
          if (record->has_time)
            {
              frame_error (self, "Dropped a line with the time given twice.");
              return FALSE;
            }
          if (!parse_time (value, value_length, &record->time_ms))
            {
              frame_error (self, "Dropped a line with a malformed time “%.*s”: "
                           "expected Unix milliseconds.", quote, field);
              return FALSE;
            }
          record->has_time = TRUE;
        }
      else if (key_to_parameter (field, key_length, &parameter))
        {
          if (record->fields[parameter].kind != FIELD_NONE)
            {
              frame_error (self, "Dropped a line with %s given twice.",
                           vigil_line_protocol_parameter_key (parameter));
              return FALSE;
            }
          if (!parse_value (parameter, value, value_length, &record->fields[parameter]))
            {
              record->fields[parameter].kind = FIELD_NONE;
              frame_error (self, "Dropped a line with a malformed value “%.*s”. "
                           "The device sends a format Vigil does not understand.",
                           quote, field);
              return FALSE;
            }
        }
      /* Any other well-formed key belongs to a newer protocol: ignored. */

      if (end == NULL)
        break;
      start += field_length + 1;
    }

  return TRUE;
}

static gboolean
field_in_range (VigilLineParser *self,
                VigilParameter   parameter,
                const Field     *field)
{
  double min, max;

  vigil_line_protocol_parameter_range (parameter, &min, &max);

  if (parameter == VIGIL_PARAMETER_NIBP)
    {
      gboolean ok = field->value >= min && field->value <= max &&
                    field->diastolic >= min && field->diastolic <= max &&
                    (isnan (field->mean) || (field->mean >= min && field->mean <= max));

      if (!ok)
        {
          frame_error (self, "%s %g/%g is impossible (each value must be "
                       "%g to %g mmHg): value dropped, the rest of the line used.",
                       parameter_labels[parameter], field->value, field->diastolic,
                       min, max);
          return FALSE;
        }
      if (field->value < field->diastolic)
        {
          frame_error (self, "%s %g/%g is impossible (systolic below "
                       "diastolic): value dropped, the rest of the line used.",
                       parameter_labels[parameter], field->value, field->diastolic);
          return FALSE;
        }
      return TRUE;
    }

  if (field->value < min || field->value > max)
    {
      frame_error (self, "%s %g is impossible (must be %g to %g %s): "
                   "value dropped, the rest of the line used.",
                   parameter_labels[parameter], field->value, min, max,
                   vigil_unit_to_string (vigil_parameter_get_unit (parameter)));
      return FALSE;
    }
  return TRUE;
}

static void
emit_technical (VigilLineParser    *self,
                VigilTechnicalKind  kind,
                VigilParameter      parameter,
                const char         *message)
{
  g_autoptr(VigilTechnicalEvent) event = vigil_technical_event_new (kind, parameter, message);

  vigil_parser_emit_event (VIGIL_PARSER (self), event);
}

static void
emit_record (VigilLineParser *self,
             const Record    *record)
{
  gint64 device_time_us = record->has_time ? record->time_ms * 1000 : 0;

  for (guint p = 0; p < VIGIL_N_PARAMETERS; p++)
    {
      const Field *field = &record->fields[p];
      VigilObservation obs;

      vigil_observation_init (&obs, p);
      obs.device_time_us = device_time_us;

      switch (field->kind)
        {
        case FIELD_NONE:
          continue;

        case FIELD_NUMBER:
          if (!field_in_range (self, p, field))
            continue;
          if (self->sensor_off[p])
            {
              self->sensor_off[p] = FALSE;
              emit_technical (self, VIGIL_TECHNICAL_SENSOR_ON, p, sensor_on_messages[p]);
            }
          obs.quality = VIGIL_QUALITY_VALID;
          if (field->questionable)
            obs.quality |= VIGIL_QUALITY_QUESTIONABLE;
          obs.value = field->value;
          if (p == VIGIL_PARAMETER_NIBP)
            {
              obs.diastolic = field->diastolic;
              obs.mean = field->mean;
            }
          break;

        case FIELD_ABSENT:
          /* Not valid, NAN: absent, never a number. */
          obs.quality = 0;
          break;

        case FIELD_OFF:
          /* One event per episode, not one per line. */
          if (!self->sensor_off[p])
            {
              self->sensor_off[p] = TRUE;
              emit_technical (self, VIGIL_TECHNICAL_SENSOR_OFF, p, sensor_off_messages[p]);
            }
          obs.quality = VIGIL_QUALITY_SENSOR_OFF;
          break;

        case FIELD_FAIL:
          emit_technical (self, VIGIL_TECHNICAL_NIBP_FAILED, p,
                          "Blood pressure measurement failed. "
                          "Check the cuff and measure again.");
          continue;

        default:
          g_assert_not_reached ();
        }

      vigil_parser_emit_observation (VIGIL_PARSER (self), &obs);
    }
}

/* self->line holds `$` up to, not including, the `\n`. */
static void
process_line (VigilLineParser *self)
{
  const char *line = self->line;
  gsize length = self->length;
  const char *star;
  const char *body;
  gsize body_length;
  const char *fields;
  gsize fields_length;
  int high, low;
  guint8 computed;
  Record record = { 0 };

  g_assert (length >= 1 && line[0] == VIGIL_LINE_PROTOCOL_START);

  if (line[length - 1] == '\r')
    length--;
  if (memchr (line, '\r', length) != NULL)
    {
      frame_error (self, "Dropped a line with a stray carriage return. "
                   "Check the cable and the baud rate.");
      return;
    }

  star = memchr (line, VIGIL_LINE_PROTOCOL_CHECKSUM_MARK, length);
  if (star == NULL)
    {
      frame_error (self, "Dropped a line without a checksum. "
                   "Check that the device speaks the Vigil line protocol.");
      return;
    }

  body = line + 1;
  body_length = star - body;

  if ((gsize) (star - line) + 3 != length ||
      (high = hex_value (star[1])) < 0 ||
      (low = hex_value (star[2])) < 0)
    {
      frame_error (self, "Dropped a line with a malformed checksum "
                   "(expected two hex digits after “*”). "
                   "Check the cable and the baud rate.");
      return;
    }

  computed = vigil_line_protocol_checksum (body, body_length);
  if (computed != (guint8) (high * 16 + low))
    {
      frame_error (self, "Dropped a line with a bad checksum (sent %02X, computed %02X). "
                   "Check the cable and the baud rate.",
                   (guint) (high * 16 + low), (guint) computed);
      return;
    }

  /* The record type, then fields. */
  fields = memchr (body, VIGIL_LINE_PROTOCOL_SEPARATOR, body_length);
  if (!span_equal (body, fields != NULL ? (gsize) (fields - body) : body_length,
                   VIGIL_LINE_PROTOCOL_RECORD))
    {
      frame_error (self, "Dropped a line that is not a Vigil record "
                   "(it must start with “$VGL”). "
                   "Check that the device speaks the Vigil line protocol.");
      return;
    }

  if (fields != NULL)
    {
      fields++;
      fields_length = body_length - (fields - body);
      if (!parse_fields (self, fields, fields_length, &record))
        return;
    }

  /* A sound line, even one without any field (a keep-alive), proves the
   * device is alive; the watchdog counts it. */
  vigil_parser_count_frame (VIGIL_PARSER (self));
  emit_record (self, &record);
}

static void
start_line (VigilLineParser *self)
{
  self->line[0] = VIGIL_LINE_PROTOCOL_START;
  self->length = 1;
  self->state = STATE_LINE;
  self->noise_reported = FALSE;
}

static void
vigil_line_parser_feed (VigilParser  *parser,
                        const guint8 *data,
                        gsize         length)
{
  VigilLineParser *self = VIGIL_LINE_PARSER (parser);

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      /* `$` is reserved: it always begins a new line. */
      if (c == VIGIL_LINE_PROTOCOL_START)
        {
          if (self->state == STATE_LINE)
            frame_error (self, "Dropped an unfinished line (a new line began "
                         "before it ended). Check the cable.");
          start_line (self);
          continue;
        }

      switch (self->state)
        {
        case STATE_UNSYNCED:
          if (c == '\n')
            self->state = STATE_IDLE;
          break;

        case STATE_IDLE:
          if (c == '\r' || c == '\n' || c == ' ' || c == '\t')
            break;
          if (!self->noise_reported)
            {
              self->noise_reported = TRUE;
              frame_error (self, "Ignored bytes outside a line. "
                           "Check the baud rate and that the device speaks "
                           "the Vigil line protocol.");
            }
          break;

        case STATE_LINE:
          if (c == '\n')
            {
              process_line (self);
              self->length = 0;
              self->state = STATE_IDLE;
            }
          else if ((c < 0x20 && c != '\r') || c >= 0x7f)
            {
              frame_error (self, "Dropped a line with a byte that is not printable "
                           "ASCII (0x%02X). Check the baud rate and the cable.", (guint) c);
              self->length = 0;
              self->state = STATE_DISCARD;
            }
          else if (self->length >= VIGIL_LINE_PROTOCOL_MAX_LINE - 1)
            {
              frame_error (self, "Dropped a line longer than %d bytes. "
                           "Check the device's settings.",
                           VIGIL_LINE_PROTOCOL_MAX_LINE);
              self->length = 0;
              self->state = STATE_DISCARD;
            }
          else
            self->line[self->length++] = (char) c;
          break;

        case STATE_DISCARD:
          if (c == '\n')
            self->state = STATE_IDLE;
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
vigil_line_parser_reset (VigilParser *parser)
{
  VigilLineParser *self = VIGIL_LINE_PARSER (parser);

  self->state = STATE_UNSYNCED;
  self->noise_reported = FALSE;
  self->length = 0;
}

static gsize
pending_length (VigilParser *parser)
{
  return vigil_line_parser_get_pending_length (VIGIL_LINE_PARSER (parser));
}

static void
vigil_line_parser_class_init (VigilLineParserClass *klass)
{
  VigilParserClass *parser_class = VIGIL_PARSER_CLASS (klass);

  parser_class->feed = vigil_line_parser_feed;
  parser_class->reset = vigil_line_parser_reset;
  parser_class->get_pending_length = pending_length;
}

static void
vigil_line_parser_init (VigilLineParser *self)
{
  self->state = STATE_UNSYNCED;
}

/**
 * vigil_line_parser_new:
 *
 * A parser of the Vigil line protocol. Bytes before the first `$` or line
 * end are skipped quietly: the receiver may have started mid-line.
 * vigil_parser_reset() drops any partial line and resynchronises that
 * way, but keeps the per-parameter sensor-off state.
 *
 * Returns: (transfer full): a new parser
 */
VigilLineParser *
vigil_line_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_LINE_PARSER, NULL);
}

/**
 * vigil_line_parser_get_pending_length:
 * @self: a parser
 *
 * Returns: how many bytes of an unfinished line are buffered, for example
 *   at the end of a capture file
 */
gsize
vigil_line_parser_get_pending_length (VigilLineParser *self)
{
  g_return_val_if_fail (VIGIL_IS_LINE_PARSER (self), 0);

  return self->state == STATE_LINE ? self->length : 0;
}
