/* vigil-masimo-parser.c — Masimo ASCII 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A byte-at-a-time state machine like vigil-line-parser.c: a line is
 * buffered in a fixed array and decoded only when its LF arrives, checked
 * whole before anything is emitted, so a bad line never yields a number.
 *
 * Lines are read by tokens, never by position: models differ in which
 * fields they send and how wide. Unknown keys are skipped; a token that is
 * neither the date, the time nor KEY=VALUE, or a known key with a value we
 * cannot read, drops the whole line as a frame error.
 *
 * The date and time are the oximeter's local clock with no zone, so they
 * are read as local time of this computer (GLib's idea of it, the TZ
 * variable included). That is right when both clocks are set to the same
 * zone, the usual case at a bedside; the host's own arrival times are what
 * Vigil plots anyway.
 *
 * The first line after start or reset() may be the tail of a line the
 * device was already sending: if it cannot be read it is dropped quietly
 * rather than counted as a bad frame.
 */
#include "vigil-masimo-parser.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-masimo-protocol.h"

typedef enum
{
  STATE_IDLE,     /* between lines */
  STATE_LINE,     /* inside a line, buffering */
  STATE_DISCARD,  /* inside a line already dropped, up to its LF */
} State;

typedef enum
{
  VALUE_NONE,     /* the key was not in the line */
  VALUE_NUMBER,
  VALUE_ABSENT,   /* dashes */
} ValueKind;

typedef struct
{
  ValueKind kind;
  double    number;  /* SPO2, BPM, PI */
  guint32   bits;    /* ALARM, EXC */
} Value;

typedef struct
{
  gboolean    has_date;
  gboolean    has_time;
  int         year, month, day;
  int         hour, minute, second;

  Value       spo2;
  Value       bpm;
  Value       pi;
  Value       alarm;
  Value       exc;
  const char *serial;    /* into the line buffer, NULL when absent */
  gsize       serial_length;
  gboolean    has_serial;

  guint       n_known;   /* keys of ASCII 1, used or not */
} Record;

struct _VigilMasimoParser
{
  VigilParser parent_instance;

  State       state;
  /* FALSE until the first LF: the first line may be a tail. */
  gboolean    synced;
  gsize       length;
  char        line[VIGIL_MASIMO_MAX_LINE];

  /* Kept across reset(): the first line after a reconnect still ends a
   * sensor-off or poor-signal episode for whoever raised an alarm. */
  guint32     exceptions;
  gboolean    low_battery;
};

G_DEFINE_FINAL_TYPE (VigilMasimoParser, vigil_masimo_parser, VIGIL_TYPE_PARSER)

/* How much of a token a message quotes. */
#define MAX_QUOTE 24
/* Longest serial number taken as an identity. */
#define MAX_SERIAL 24

#define SPO2_MAX 100.0
/* As the Vigil line protocol: above any pulse a patient can have. */
#define PULSE_RATE_MAX 350.0
#define PI_MAX 100.0

/* Keys of ASCII 1 that Vigil reads nothing from but that prove the line is
 * the oximeter's: carboxy- and methaemoglobin, desaturation index, PI
 * delta, pleth variability index (no parameters for them in Vigil). */
static const char * const ignored_keys[] = {
  "SPCO", "SPMET", "DESAT", "PIDELTA", "PVI",
};

typedef struct
{
  guint32     bit;
  const char *message;
} Condition;

/* Most specific first: one event names the first new condition. */
static const Condition sensor_off_conditions[] = {
  { VIGIL_MASIMO_EXC_NO_CABLE,
    N_("SpO2: no patient cable connected to the oximeter. Connect the cable.") },
  { VIGIL_MASIMO_EXC_CABLE_EXPIRED,
    N_("SpO2: the oximeter's patient cable has expired. Replace the cable.") },
  { VIGIL_MASIMO_EXC_NO_SENSOR,
    N_("SpO2: no sensor connected to the oximeter. Connect a sensor.") },
  { VIGIL_MASIMO_EXC_SENSOR_EXPIRED,
    N_("SpO2: the sensor has expired. Replace the sensor.") },
  { VIGIL_MASIMO_EXC_DEFECTIVE_SENSOR,
    N_("SpO2: the oximeter reports a defective sensor. Replace the sensor.") },
  { VIGIL_MASIMO_EXC_UNRECOGNISED_SENSOR,
    N_("SpO2: the oximeter does not recognise the sensor. Use a compatible Masimo sensor.") },
  { VIGIL_MASIMO_EXC_SENSOR_OFF,
    N_("SpO2: the sensor is off the patient. Check the finger probe.") },
};

static const Condition signal_poor_conditions[] = {
  { VIGIL_MASIMO_EXC_PULSE_SEARCH,
    N_("SpO2: the oximeter is searching for a pulse. Check the sensor site.") },
  { VIGIL_MASIMO_EXC_LOW_PERFUSION,
    N_("SpO2: low perfusion, readings may be unreliable. Check the sensor site and warm the hand.") },
  { VIGIL_MASIMO_EXC_LOW_SIGNAL_IQ,
    N_("SpO2: low signal quality, readings may be unreliable. Check the sensor and reduce patient motion.") },
  { VIGIL_MASIMO_EXC_INTERFERENCE,
    N_("SpO2: interference on the sensor signal, readings may be unreliable. Check for nearby equipment and motion.") },
  { VIGIL_MASIMO_EXC_AMBIENT_LIGHT,
    N_("SpO2: too much ambient light on the sensor, readings may be unreliable. Cover the sensor.") },
};

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_alpha (char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
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

/* Reports why the current line is dropped: a frame error once in sync, a
 * quiet note before (the tail of a line the device was already sending). */
static void
drop_line (VigilMasimoParser *self,
           const char        *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
drop_line (VigilMasimoParser *self,
           const char        *format,
           ...)
{
  VigilParser *parser = VIGIL_PARSER (self);
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (self->synced)
    {
      vigil_parser_emit_frame (parser, (const guint8 *) self->line, self->length,
                               FALSE, reason);
      vigil_parser_emit_frame_error (parser, reason);
    }
  else
    {
      g_autofree char *note = g_strconcat ("before sync, ignored: ", reason, NULL);

      vigil_parser_emit_frame (parser, (const guint8 *) self->line, self->length,
                               FALSE, note);
    }
}

/* Dashes, maybe signed, with a decimal point or "%": "---", "--", "+--",
 * "---%", "--.--%" (how models blank a value they cannot measure). */
static gboolean
is_dashes (const char *text,
           gsize       length)
{
  gboolean dash = FALSE;

  if (length > 0 && text[length - 1] == '%')
    length--;
  if (length > 0 && text[0] == '+')
    {
      text++;
      length--;
    }
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '-')
        dash = TRUE;
      else if (text[i] != '.')
        return FALSE;
    }
  return dash;
}

/* 1*3DIGIT ["." 1*3DIGIT] ["%"] when @percent, else without "%"; the
 * value must lie in [0, @max]. Decimals are kept exact: 11.82 stays 11.82. */
static gboolean
parse_number (const char *text,
              gsize       length,
              gboolean    percent,
              gboolean    fraction,
              double      max,
              double     *out_value)
{
  gint64 whole = 0;
  gint64 scale = 1;
  gsize digits = 0;
  gsize i = 0;
  double value;

  if (percent && length > 0 && text[length - 1] == '%')
    length--;

  while (i < length && is_digit (text[i]))
    {
      if (++digits > 3)
        return FALSE;
      whole = whole * 10 + (text[i] - '0');
      i++;
    }
  if (digits == 0)
    return FALSE;

  if (i < length && text[i] == '.' && fraction)
    {
      gsize decimals = 0;

      i++;
      while (i < length && is_digit (text[i]))
        {
          if (++decimals > 3)
            return FALSE;
          whole = whole * 10 + (text[i] - '0');
          scale *= 10;
          i++;
        }
      if (decimals == 0)
        return FALSE;
    }
  if (i != length)
    return FALSE;

  value = (double) whole / (double) scale;
  if (value > max)
    return FALSE;
  *out_value = value;
  return TRUE;
}

static gboolean
parse_hex (const char *text,
           gsize       length,
           gsize       min_digits,
           gsize       max_digits,
           guint32    *out_bits)
{
  guint32 bits = 0;

  if (length < min_digits || length > max_digits)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      int v = hex_value (text[i]);
      if (v < 0)
        return FALSE;
      bits = (bits << 4) | (guint32) v;
    }
  *out_bits = bits;
  return TRUE;
}

/* "NN?NN?NN" with @separator: a date (MM/DD/YY) or a time (HH:MM:SS). */
static gboolean
parse_triplet (const char *text,
               gsize       length,
               char        separator,
               int        *a,
               int        *b,
               int        *c)
{
  if (length != 8 || text[2] != separator || text[5] != separator)
    return FALSE;
  for (gsize i = 0; i < 8; i++)
    if (i != 2 && i != 5 && !is_digit (text[i]))
      return FALSE;
  *a = (text[0] - '0') * 10 + (text[1] - '0');
  *b = (text[3] - '0') * 10 + (text[4] - '0');
  *c = (text[6] - '0') * 10 + (text[7] - '0');
  return TRUE;
}

/* ALPHA *(ALPHA / DIGIT / "_") */
static gboolean
is_valid_key (const char *key,
              gsize       length)
{
  if (length == 0 || !is_alpha (key[0]))
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if (!is_alpha (key[i]) && !is_digit (key[i]) && key[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_valid_serial (const char *text,
                 gsize       length)
{
  if (length == 0 || length > MAX_SERIAL)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!is_alpha (text[i]) && !is_digit (text[i]))
      return FALSE;
  return TRUE;
}

/* One KEY=VALUE token into @record. */
static gboolean
parse_field (VigilMasimoParser *self,
             const char        *token,
             gsize              length,
             const char        *equals,
             Record            *record)
{
  gsize key_length = equals - token;
  const char *value = equals + 1;
  gsize value_length = length - key_length - 1;
  int quote = (int) MIN (length, MAX_QUOTE);
  Value *target = NULL;
  gboolean ok;

  if (!is_valid_key (token, key_length))
    {
      drop_line (self, _("Dropped a line with a malformed field “%.*s”. "
                         "Check that the pulse oximeter's serial output is set to ASCII 1."),
                 quote, token);
      return FALSE;
    }

  if (span_equal (token, key_length, "SPO2"))
    target = &record->spo2;
  else if (span_equal (token, key_length, "BPM"))
    target = &record->bpm;
  else if (span_equal (token, key_length, "PI"))
    target = &record->pi;
  else if (span_equal (token, key_length, "ALARM"))
    target = &record->alarm;
  else if (span_equal (token, key_length, "EXC"))
    target = &record->exc;
  else if (span_equal (token, key_length, "SN"))
    {
      if (record->has_serial)
        goto twice;
      record->has_serial = TRUE;
      record->n_known++;
      if (is_dashes (value, value_length))
        return TRUE;
      if (!is_valid_serial (value, value_length))
        goto malformed;
      record->serial = value;
      record->serial_length = value_length;
      return TRUE;
    }
  else
    {
      for (gsize i = 0; i < G_N_ELEMENTS (ignored_keys); i++)
        if (span_equal (token, key_length, ignored_keys[i]))
          record->n_known++;
      /* Any other key is a model's or a newer version's: skipped. */
      return TRUE;
    }

  if (target->kind != VALUE_NONE)
    goto twice;
  record->n_known++;

  if (is_dashes (value, value_length))
    {
      target->kind = VALUE_ABSENT;
      return TRUE;
    }

  if (target == &record->spo2)
    ok = parse_number (value, value_length, TRUE, TRUE, SPO2_MAX, &target->number);
  else if (target == &record->bpm)
    ok = parse_number (value, value_length, FALSE, FALSE, PULSE_RATE_MAX, &target->number);
  else if (target == &record->pi)
    ok = parse_number (value, value_length, TRUE, TRUE, PI_MAX, &target->number);
  else if (target == &record->alarm)
    ok = parse_hex (value, value_length, VIGIL_MASIMO_ALARM_MIN_DIGITS,
                    VIGIL_MASIMO_ALARM_MAX_DIGITS, &target->bits);
  else
    ok = parse_hex (value, value_length, VIGIL_MASIMO_EXC_MIN_DIGITS,
                    VIGIL_MASIMO_EXC_MAX_DIGITS, &target->bits);
  if (!ok)
    goto malformed;
  target->kind = VALUE_NUMBER;
  return TRUE;

malformed:
  drop_line (self, _("Dropped a line with a malformed or impossible value “%.*s”. "
                     "Check that the pulse oximeter's serial output is set to ASCII 1."),
             quote, token);
  return FALSE;

twice:
  drop_line (self, _("Dropped a line with %.*s given twice. "
                     "Check the cable and the baud rate."),
             (int) MIN (key_length, MAX_QUOTE), token);
  return FALSE;
}

/* Splits @line on spaces into @record; reports the first problem. */
static gboolean
parse_tokens (VigilMasimoParser *self,
              const char        *line,
              gsize              length,
              Record            *record)
{
  gsize i = 0;

  while (i < length)
    {
      const char *token;
      const char *equals;
      gsize token_length = 0;
      int quote;

      if (line[i] == ' ')
        {
          i++;
          continue;
        }

      token = line + i;
      while (i + token_length < length && token[token_length] != ' ')
        token_length++;
      i += token_length;
      quote = (int) MIN (token_length, MAX_QUOTE);

      equals = memchr (token, '=', token_length);
      if (equals != NULL)
        {
          if (!parse_field (self, token, token_length, equals, record))
            return FALSE;
        }
      else if (token_length == 8 && token[2] == '/')
        {
          if (record->has_date)
            {
              drop_line (self, _("Dropped a line with the date given twice. "
                                 "Check the cable and the baud rate."));
              return FALSE;
            }
          if (!parse_triplet (token, token_length, '/',
                              &record->month, &record->day, &record->year))
            goto malformed;
          record->has_date = TRUE;
        }
      else if (token_length == 8 && token[2] == ':')
        {
          if (record->has_time)
            {
              drop_line (self, _("Dropped a line with the time given twice. "
                                 "Check the cable and the baud rate."));
              return FALSE;
            }
          if (!parse_triplet (token, token_length, ':',
                              &record->hour, &record->minute, &record->second))
            goto malformed;
          record->has_time = TRUE;
        }
      else
        goto malformed;
      continue;

    malformed:
      drop_line (self, _("Dropped a line with a malformed field “%.*s”. "
                         "Check that the pulse oximeter's serial output is set to ASCII 1."),
                 quote, token);
      return FALSE;
    }

  return TRUE;
}

/* The device's local clock, read as this computer's local time. */
static gboolean
record_device_time (const Record *record,
                    gint64       *out_us)
{
  g_autoptr(GDateTime) time = NULL;

  if (record->month < 1 || record->month > 12 || record->day < 1 ||
      record->hour > 23 || record->minute > 59 || record->second > 59)
    return FALSE;
  /* Two-digit years: ASCII 1 devices date from this century. */
  time = g_date_time_new_local (2000 + record->year, record->month, record->day,
                                record->hour, record->minute, record->second);
  if (time == NULL)
    return FALSE;
  *out_us = g_date_time_to_unix (time) * G_USEC_PER_SEC;
  return TRUE;
}

static void
emit_technical (VigilMasimoParser  *self,
                VigilTechnicalKind  kind,
                int                 parameter,
                const char         *message)
{
  g_autoptr(VigilTechnicalEvent) event = vigil_technical_event_new (kind, parameter, message);

  vigil_parser_emit_event (VIGIL_PARSER (self), event);
}

/* One event when a new condition of @conditions begins, naming the most
 * specific one; @end_kind when the last one ends. */
static void
update_conditions (VigilMasimoParser  *self,
                   guint32             previous,
                   guint32             current,
                   const Condition    *conditions,
                   gsize               n_conditions,
                   VigilTechnicalKind  begin_kind,
                   VigilTechnicalKind  end_kind,
                   const char         *end_message)
{
  guint32 mask = 0;

  for (gsize i = 0; i < n_conditions; i++)
    mask |= conditions[i].bit;
  previous &= mask;
  current &= mask;

  for (gsize i = 0; i < n_conditions; i++)
    {
      if ((current & ~previous) & conditions[i].bit)
        {
          emit_technical (self, begin_kind, VIGIL_PARAMETER_SPO2,
                          _(conditions[i].message));
          return;
        }
    }
  if (previous != 0 && current == 0)
    emit_technical (self, end_kind, VIGIL_PARAMETER_SPO2, end_message);
}

static void
update_state (VigilMasimoParser *self,
              guint32            exceptions,
              guint32            alarms)
{
  guint32 previous = self->exceptions;
  gboolean low_battery = (alarms & VIGIL_MASIMO_ALARM_LOW_BATTERY) != 0;

  update_conditions (self, previous, exceptions,
                     sensor_off_conditions, G_N_ELEMENTS (sensor_off_conditions),
                     VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_TECHNICAL_SENSOR_ON,
                     _("SpO2: the oximeter's sensor is working again."));
  update_conditions (self, previous, exceptions,
                     signal_poor_conditions, G_N_ELEMENTS (signal_poor_conditions),
                     VIGIL_TECHNICAL_SIGNAL_POOR, VIGIL_TECHNICAL_SIGNAL_GOOD,
                     _("SpO2: the oximeter's signal is good again."));

  if ((exceptions & VIGIL_MASIMO_EXC_CALIBRATING) &&
      !(previous & VIGIL_MASIMO_EXC_CALIBRATING))
    emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, VIGIL_PARAMETER_SPO2,
                    _("SpO2: the oximeter is calibrating the sensor; "
                      "values follow when it is done."));

  if (low_battery && !self->low_battery)
    emit_technical (self, VIGIL_TECHNICAL_DEVICE_NOTICE, -1,
                    _("The pulse oximeter's battery is low. "
                      "Connect it to mains power."));

  self->exceptions = exceptions;
  self->low_battery = low_battery;
}

static void
emit_value (VigilMasimoParser *self,
            VigilParameter     parameter,
            const Value       *value,
            const Value       *pi,
            guint32            exceptions,
            gint64             device_time_us)
{
  VigilObservation obs;

  if (value->kind == VALUE_NONE)
    return;

  vigil_observation_init (&obs, parameter);
  obs.device_time_us = device_time_us;

  if (exceptions & VIGIL_MASIMO_EXC_SENSOR_OFF_MASK)
    obs.quality = VIGIL_QUALITY_SENSOR_OFF;
  else if (value->kind == VALUE_ABSENT || (exceptions & VIGIL_MASIMO_EXC_CALIBRATING))
    obs.quality = 0;   /* absent: NAN, never a number */
  else
    {
      obs.quality = VIGIL_QUALITY_VALID;
      if (exceptions & VIGIL_MASIMO_EXC_SIGNAL_POOR_MASK)
        obs.quality |= VIGIL_QUALITY_QUESTIONABLE;
      obs.value = value->number;
      /* PI belongs to a reading, not to dashes. */
      if (pi != NULL && pi->kind == VALUE_NUMBER)
        obs.perfusion_index = pi->number;
    }

  vigil_parser_emit_observation (VIGIL_PARSER (self), &obs);
}

/* self->line holds the line without its LF. */
static void
process_line (VigilMasimoParser *self)
{
  const char *line = self->line;
  gsize length = self->length;
  Record record = { 0 };
  gint64 device_time_us = 0;
  guint32 exceptions;
  guint32 alarms;

  if (length > 0 && line[length - 1] == '\r')
    length--;
  if (memchr (line, '\r', length) != NULL)
    {
      drop_line (self, _("Dropped a line with a stray carriage return. "
                         "Check the cable and the baud rate."));
      return;
    }

  /* Blank lines carry nothing and harm nothing. */
  {
    gsize i = 0;
    while (i < length && line[i] == ' ')
      i++;
    if (i == length)
      return;
  }

  if (!parse_tokens (self, line, length, &record))
    return;

  if (record.n_known == 0)
    {
      drop_line (self, _("Dropped a line without any Masimo field (SPO2, BPM, EXC). "
                         "Check that the pulse oximeter's serial output is set to ASCII 1."));
      return;
    }

  if (record.has_date != record.has_time)
    {
      drop_line (self, _("Dropped a line with a date but no time, or a time but no date. "
                         "Check the cable and the baud rate."));
      return;
    }
  if (record.has_date && !record_device_time (&record, &device_time_us))
    {
      drop_line (self, _("Dropped a line with an impossible date or time "
                         "%02d/%02d/%02d %02d:%02d:%02d. Check the pulse oximeter's clock."),
                 record.month, record.day, record.year,
                 record.hour, record.minute, record.second);
      return;
    }

  /* A sound line proves the device is alive; the watchdog counts it. */
  vigil_parser_count_frame (VIGIL_PARSER (self));
  vigil_parser_emit_frame (VIGIL_PARSER (self), (const guint8 *) self->line,
                           self->length, TRUE, "ASCII 1 line");

  if (record.serial != NULL)
    {
      g_autofree char *identity = g_strdup_printf (VIGIL_MASIMO_IDENTITY_PREFIX "%.*s",
                                                   (int) record.serial_length,
                                                   record.serial);
      vigil_parser_set_identity (VIGIL_PARSER (self), identity);
    }

  /* A line without EXC or ALARM (or with dashes) reports no condition. */
  exceptions = record.exc.kind == VALUE_NUMBER ? record.exc.bits : 0;
  alarms = record.alarm.kind == VALUE_NUMBER ? record.alarm.bits : 0;
  update_state (self, exceptions, alarms);

  emit_value (self, VIGIL_PARAMETER_SPO2, &record.spo2, &record.pi,
              exceptions, device_time_us);
  emit_value (self, VIGIL_PARAMETER_PULSE_RATE, &record.bpm, NULL,
              exceptions, device_time_us);
}

static void
vigil_masimo_parser_feed (VigilParser  *parser,
                          const guint8 *data,
                          gsize         length)
{
  VigilMasimoParser *self = VIGIL_MASIMO_PARSER (parser);

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      switch (self->state)
        {
        case STATE_IDLE:
          if (c == '\n')
            {
              self->synced = TRUE;
              break;
            }
          self->state = STATE_LINE;
          self->length = 0;
          G_GNUC_FALLTHROUGH;

        case STATE_LINE:
          if (c == '\n')
            {
              process_line (self);
              self->length = 0;
              self->state = STATE_IDLE;
              self->synced = TRUE;
            }
          else if ((c < 0x20 && c != '\r') || c >= 0x7f)
            {
              drop_line (self, _("Dropped a line with a byte that is not text (0x%02X). "
                                 "Check the baud rate (9600 for ASCII 1) and the cable."),
                         (guint) c);
              self->length = 0;
              self->state = STATE_DISCARD;
            }
          else if (self->length >= VIGIL_MASIMO_MAX_LINE)
            {
              drop_line (self, _("Dropped a line longer than %d bytes. "
                                 "Check that the pulse oximeter's serial output is set to ASCII 1."),
                         VIGIL_MASIMO_MAX_LINE);
              self->length = 0;
              self->state = STATE_DISCARD;
            }
          else
            self->line[self->length++] = (char) c;
          break;

        case STATE_DISCARD:
          if (c == '\n')
            {
              self->state = STATE_IDLE;
              self->synced = TRUE;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
vigil_masimo_parser_reset (VigilParser *parser)
{
  VigilMasimoParser *self = VIGIL_MASIMO_PARSER (parser);

  self->state = STATE_IDLE;
  self->synced = FALSE;
  self->length = 0;
}

static gsize
pending_length (VigilParser *parser)
{
  return vigil_masimo_parser_get_pending_length (VIGIL_MASIMO_PARSER (parser));
}

static void
vigil_masimo_parser_class_init (VigilMasimoParserClass *klass)
{
  VigilParserClass *parser_class = VIGIL_PARSER_CLASS (klass);

  parser_class->feed = vigil_masimo_parser_feed;
  parser_class->reset = vigil_masimo_parser_reset;
  parser_class->get_pending_length = pending_length;
}

static void
vigil_masimo_parser_init (VigilMasimoParser *self)
{
  self->state = STATE_IDLE;
}

/**
 * vigil_masimo_parser_new:
 *
 * A parser of Masimo ASCII 1. The device is passive: the parser never
 * transmits. vigil_parser_reset() drops any partial line and forgets
 * being in sync, but keeps the exception state.
 *
 * Returns: (transfer full): a new parser
 */
VigilParser *
vigil_masimo_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_MASIMO_PARSER, NULL);
}

/**
 * vigil_masimo_parser_get_pending_length:
 * @self: a parser
 *
 * Returns: how many bytes of an unfinished line are buffered, for example
 *   at the end of a capture file
 */
gsize
vigil_masimo_parser_get_pending_length (VigilMasimoParser *self)
{
  g_return_val_if_fail (VIGIL_IS_MASIMO_PARSER (self), 0);

  return self->state == STATE_LINE ? self->length : 0;
}
