/* vigil-datex-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bytes go through a deframer (vigil-datex-frame.c) one at a time; a frame
 * is decoded only when its closing flag arrives and after its length,
 * checksum, r_len and subrecord table have all been checked, so a bad
 * frame never yields a single value.
 *
 * What is mapped how:
 * - HR, SpO2, pulse rate: a value from a group whose module does not exist
 *   (status bit 0 clear), a special value (≤ −32001) or a value no patient
 *   can have is absent: NAN, quality 0.
 * - SpO2 sensor off: the SpO2 group exists, its measurement is not active
 *   (status bit 1 clear) and SpO2 is not a number. SpO2 and pulse rate then
 *   carry SENSOR_OFF; SENSOR_OFF/SENSOR_ON events mark the transitions
 *   (back on once the measurement is active again or SpO2 is a number).
 * - NIBP is sent with every record but changes only with a new reading:
 *   an observation is emitted when the values change, or when the aux
 *   record's nibp_time moves on (the same values measured again). Its
 *   device time is nibp_time when the aux record has already told it, else
 *   the displayed record's time; an aux record that arrives late gives
 *   its time to the reading just emitted instead of repeating it.
 * - NIBP values turning to "invalid" (−32767) after a reading: the monitor
 *   cleared it, which it does when a measurement fails: NIBP_FAILED.
 * - NIBP label bit 8 (older than 60 s) turning on: NIBP_OLD.
 */
#include "vigil-datex-parser.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "vigil-datex-frame.h"

#define RATE_MAX     350.0   /* HR and pulse rate, /min */
#define SPO2_MAX     100.0   /* % */
#define PRESSURE_MAX 350.0   /* mmHg */

struct _VigilDatexParser
{
  VigilParser        parent_instance;

  VigilDatexDeframer deframer;
  int                dri_level;        /* of the monitor's records, -1 until one came */

  /* Kept across reset(): the same monitor after a reconnect. */
  gboolean           spo2_sensor_off;
  guint32            aux_nibp_time;    /* the latest aux record's, 0 unknown */
  gboolean           nibp_have;        /* a reading was emitted and is still shown */
  gint16             nibp_sys;
  gint16             nibp_dia;
  gint16             nibp_mean;
  guint32            nibp_aux_used;    /* aux_nibp_time when it was emitted (or told late) */
  gboolean           nibp_timed;       /* its time came from the aux record */
  guint32            nibp_shown_at;    /* time of the record that first showed it */
  gboolean           nibp_old;
};

G_DEFINE_FINAL_TYPE (VigilDatexParser, vigil_datex_parser, VIGIL_TYPE_PARSER)

/* Monitors answer only a request of their own level (or so it seems):
 * ask at each known level, newest first. */
static const guint8 request_levels[] = { 11, 10, 9, 8, 7 };

#define LINE_HINT N_("Check the cable and the line settings (19200 8E1, RTS/CTS).")

static void
frame_error (VigilDatexParser *self,
             const char       *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
frame_error (VigilDatexParser *self,
             const char       *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  vigil_parser_emit_frame_error (VIGIL_PARSER (self), reason);
}

static void
emit_technical (VigilDatexParser   *self,
                VigilTechnicalKind  kind,
                VigilParameter      parameter,
                const char         *message)
{
  g_autoptr(VigilTechnicalEvent) event = vigil_technical_event_new (kind, parameter, message);

  vigil_parser_emit_event (VIGIL_PARSER (self), event);
}

/* NAN for a special value or for one no patient can have. */
static double
decode_value (gint16 raw,
              double scale,
              double max)
{
  double value;

  if (raw <= VIGIL_DATEX_SPECIAL_MAX || raw < 0)
    return NAN;
  value = raw / scale;
  return value <= max ? value : NAN;
}

static void
emit_value (VigilDatexParser *self,
            VigilParameter    parameter,
            double            value,
            gboolean          sensor_off,
            gint64            device_time_us)
{
  VigilObservation obs;

  vigil_observation_init (&obs, parameter);
  obs.device_time_us = device_time_us;
  if (sensor_off)
    obs.quality = VIGIL_QUALITY_SENSOR_OFF;
  else if (isfinite (value))
    {
      obs.quality = VIGIL_QUALITY_VALID;
      obs.value = value;
    }
  vigil_parser_emit_observation (VIGIL_PARSER (self), &obs);
}

static void
decode_hr (VigilDatexParser *self,
           const guint8     *data,
           gint64            device_time_us)
{
  guint32 status = vigil_datex_get_u32 (data + VIGIL_DATEX_ECG_GROUP + VIGIL_DATEX_GROUP_STATUS);
  double hr = NAN;

  if (status & VIGIL_DATEX_STATUS_EXISTS)
    hr = decode_value (vigil_datex_get_i16 (data + VIGIL_DATEX_ECG_HR), 1.0, RATE_MAX);
  emit_value (self, VIGIL_PARAMETER_HR, hr, FALSE, device_time_us);
}

static void
decode_spo2 (VigilDatexParser *self,
             const guint8     *data,
             gint64            device_time_us)
{
  guint32 status = vigil_datex_get_u32 (data + VIGIL_DATEX_SPO2_GROUP + VIGIL_DATEX_GROUP_STATUS);
  gboolean exists = (status & VIGIL_DATEX_STATUS_EXISTS) != 0;
  gboolean active = (status & VIGIL_DATEX_STATUS_ACTIVE) != 0;
  double spo2 = NAN;
  double pr = NAN;
  gboolean off;

  if (exists)
    {
      spo2 = decode_value (vigil_datex_get_i16 (data + VIGIL_DATEX_SPO2_SPO2), 100.0, SPO2_MAX);
      pr = decode_value (vigil_datex_get_i16 (data + VIGIL_DATEX_SPO2_PR), 1.0, RATE_MAX);
    }
  off = exists && !active && isnan (spo2);

  if (off && !self->spo2_sensor_off)
    {
      self->spo2_sensor_off = TRUE;
      emit_technical (self, VIGIL_TECHNICAL_SENSOR_OFF, VIGIL_PARAMETER_SPO2,
                      _("SpO2: the S/5 monitor reports the sensor off or not "
                        "connected. Check the finger sensor and its cable."));
    }
  else if (!off && self->spo2_sensor_off && exists && (active || isfinite (spo2)))
    {
      self->spo2_sensor_off = FALSE;
      emit_technical (self, VIGIL_TECHNICAL_SENSOR_ON, VIGIL_PARAMETER_SPO2,
                      _("SpO2: the sensor on the S/5 monitor is measuring again."));
    }

  emit_value (self, VIGIL_PARAMETER_SPO2, spo2, off, device_time_us);
  emit_value (self, VIGIL_PARAMETER_PULSE_RATE, pr, off, device_time_us);
}

static void
decode_nibp (VigilDatexParser *self,
             const guint8     *data,
             guint32           record_time)
{
  const guint8 *group = data + VIGIL_DATEX_NIBP_GROUP;
  guint32 status = vigil_datex_get_u32 (group + VIGIL_DATEX_GROUP_STATUS);
  guint16 label = vigil_datex_get_u16 (group + VIGIL_DATEX_GROUP_LABEL);
  gint16 raw_sys = vigil_datex_get_i16 (data + VIGIL_DATEX_NIBP_SYS);
  gint16 raw_dia = vigil_datex_get_i16 (data + VIGIL_DATEX_NIBP_DIA);
  gint16 raw_mean = vigil_datex_get_i16 (data + VIGIL_DATEX_NIBP_MEAN);
  double sys, dia, mean;
  gboolean fresh_time, changed, old;

  if (!(status & VIGIL_DATEX_STATUS_EXISTS))
    return;

  if (raw_sys == VIGIL_DATEX_INVALID)
    {
      if (self->nibp_have)
        emit_technical (self, VIGIL_TECHNICAL_NIBP_FAILED, VIGIL_PARAMETER_NIBP,
                        _("Blood pressure: the S/5 monitor cleared its reading "
                          "(the measurement failed or was cancelled). "
                          "Check the cuff and measure again."));
      self->nibp_have = FALSE;
      self->nibp_old = FALSE;
      return;
    }

  sys = decode_value (raw_sys, 100.0, PRESSURE_MAX);
  dia = decode_value (raw_dia, 100.0, PRESSURE_MAX);
  mean = decode_value (raw_mean, 100.0, PRESSURE_MAX);
  /* Not updated, out of range or impossible: no new reading. */
  if (isnan (sys) || isnan (dia) || sys < dia)
    return;

  fresh_time = self->aux_nibp_time != 0 && self->aux_nibp_time != self->nibp_aux_used;
  changed = !self->nibp_have || raw_sys != self->nibp_sys ||
            raw_dia != self->nibp_dia || raw_mean != self->nibp_mean;

  if (changed || fresh_time)
    {
      VigilObservation obs;

      vigil_observation_init (&obs, VIGIL_PARAMETER_NIBP);
      obs.quality = VIGIL_QUALITY_VALID;
      obs.value = sys;
      obs.diastolic = dia;
      obs.mean = mean;
      obs.device_time_us = (gint64) (fresh_time ? self->aux_nibp_time : record_time) * G_USEC_PER_SEC;
      /* Both times on the monitor's clock: the reading's age when sent. */
      if (fresh_time && record_time > self->aux_nibp_time)
        obs.age_us = (gint64) (record_time - self->aux_nibp_time) * G_USEC_PER_SEC;

      self->nibp_have = TRUE;
      self->nibp_sys = raw_sys;
      self->nibp_dia = raw_dia;
      self->nibp_mean = raw_mean;
      self->nibp_aux_used = self->aux_nibp_time;
      self->nibp_timed = fresh_time;
      self->nibp_shown_at = record_time;
      vigil_parser_emit_observation (VIGIL_PARSER (self), &obs);
    }

  old = (label & VIGIL_DATEX_NIBP_OLD) != 0;
  if (old && !self->nibp_old)
    emit_technical (self, VIGIL_TECHNICAL_NIBP_OLD, VIGIL_PARAMETER_NIBP,
                    _("Blood pressure: the S/5 monitor flags its reading as "
                      "older than 60 s. Measure again if a current value is needed."));
  self->nibp_old = old;
}

static void
decode_aux (VigilDatexParser *self,
            const guint8     *aux)
{
  guint32 nibp_time = vigil_datex_get_u32 (aux + VIGIL_DATEX_AUX_NIBP_TIME);

  self->aux_nibp_time = nibp_time;
  /* The time of a reading already emitted without one, not a new reading. */
  if (self->nibp_have && !self->nibp_timed && nibp_time != 0 &&
      nibp_time != self->nibp_aux_used && nibp_time <= self->nibp_shown_at)
    {
      self->nibp_aux_used = nibp_time;
      self->nibp_timed = TRUE;
    }
}

static gsize
subrecord_size (guint8 sr_type)
{
  switch (sr_type)
    {
    case VIGIL_DATEX_SR_DISPLAYED:
    case VIGIL_DATEX_SR_TREND_10S:
    case VIGIL_DATEX_SR_TREND_60S:
      return VIGIL_DATEX_PHDB_SIZE;
    case VIGIL_DATEX_SR_AUX:
      return VIGIL_DATEX_AUX_MIN_SIZE;
    default:
      /* A request or a type Vigil does not read: its size does not matter. */
      return 0;
    }
}

/* Checks that every subrecord Vigil reads lies inside the record. */
static gboolean
check_subrecords (VigilDatexParser *self,
                  const guint8     *record,
                  gsize             length)
{
  for (guint i = 0; i < VIGIL_DATEX_N_SR_DESC; i++)
    {
      const guint8 *desc = record + VIGIL_DATEX_SR_DESC + i * VIGIL_DATEX_SR_DESC_SIZE;
      gint16 offset = vigil_datex_get_i16 (desc);
      guint8 sr_type = desc[2];
      gsize size;

      if (sr_type == VIGIL_DATEX_SR_END)
        break;
      size = subrecord_size (sr_type);
      if (size == 0)
        continue;
      if (offset < 0 || VIGIL_DATEX_HEADER_SIZE + (gsize) offset + size > length)
        {
          frame_error (self, _("Dropped a record from the S/5 monitor whose "
                               "subrecord %u lies outside it. The monitor sends "
                               "a format Vigil does not understand."), i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static void
note_level (VigilDatexParser *self,
            const guint8     *record)
{
  g_autofree char *identity = NULL;

  if (self->dri_level == record[VIGIL_DATEX_DRI_LEVEL])
    return;
  self->dri_level = record[VIGIL_DATEX_DRI_LEVEL];
  identity = g_strdup_printf ("GE S/5 DRI level %d", self->dri_level);
  vigil_parser_set_identity (VIGIL_PARSER (self), identity);
}

static void
decode_physiological (VigilDatexParser *self,
                      const guint8     *record)
{
  const guint8 *basic = NULL;
  gboolean from_monitor = FALSE;

  /* Aux records first: a displayed record's new NIBP then has its time. */
  for (guint i = 0; i < VIGIL_DATEX_N_SR_DESC; i++)
    {
      const guint8 *desc = record + VIGIL_DATEX_SR_DESC + i * VIGIL_DATEX_SR_DESC_SIZE;
      /* Inside the record for the types read here: check_subrecords(). */
      const guint8 *sub;
      guint8 sr_type = desc[2];

      if (sr_type == VIGIL_DATEX_SR_END)
        break;
      if (sr_type == VIGIL_DATEX_SR_AUX || sr_type == VIGIL_DATEX_SR_DISPLAYED)
        sub = record + VIGIL_DATEX_HEADER_SIZE + vigil_datex_get_i16 (desc);
      else
        sub = NULL;

      if (sr_type == VIGIL_DATEX_SR_AUX)
        {
          decode_aux (self, sub);
          from_monitor = TRUE;
        }
      else if (sr_type == VIGIL_DATEX_SR_DISPLAYED)
        {
          guint cl = (vigil_datex_get_u16 (sub + VIGIL_DATEX_PHDB_CL_SUBT) >> 8) & 0xF;

          /* By class, never by position; the first basic one counts. */
          if (cl == VIGIL_DATEX_CLASS_BASIC && basic == NULL)
            basic = sub;
          from_monitor = TRUE;
        }
      else if (sr_type == VIGIL_DATEX_SR_TREND_10S || sr_type == VIGIL_DATEX_SR_TREND_60S)
        from_monitor = TRUE;
      /* A transmission request (a host's) or an unknown type: ignored. */
    }

  if (from_monitor)
    note_level (self, record);

  if (basic != NULL)
    {
      const guint8 *data = basic + VIGIL_DATEX_PHDB_DATA;
      guint32 time_s = vigil_datex_get_u32 (basic + VIGIL_DATEX_PHDB_TIME);
      gint64 device_time_us = (gint64) time_s * G_USEC_PER_SEC;

      decode_hr (self, data, device_time_us);
      decode_spo2 (self, data, device_time_us);
      decode_nibp (self, data, time_s);
    }
}

static void
process_frame (VigilDatexParser *self)
{
  const VigilDatexDeframer *d = &self->deframer;
  gsize length = d->length;
  const guint8 *record = d->data;
  guint16 maintype;
  const char *note;

  switch (vigil_datex_frame_check (d->data, length))
    {
    case VIGIL_DATEX_FRAME_OK:
      break;

    case VIGIL_DATEX_FRAME_TOO_SHORT:
      vigil_parser_emit_frame (VIGIL_PARSER (self), d->raw, d->raw_length, FALSE, "too short");
      frame_error (self, _("Dropped a frame of %u bytes from the S/5 monitor: too "
                           "short for a record (at least 41). %s"),
                   (guint) length, _(LINE_HINT));
      return;

    case VIGIL_DATEX_FRAME_BAD_CHECKSUM:
      vigil_parser_emit_frame (VIGIL_PARSER (self), d->raw, d->raw_length, FALSE, "bad checksum");
      frame_error (self, _("Dropped a frame from the S/5 monitor with a bad checksum "
                           "(sent 0x%02X, computed 0x%02X). %s"),
                   (guint) record[length - 1],
                   (guint) vigil_datex_checksum (record, length - 1), _(LINE_HINT));
      return;

    case VIGIL_DATEX_FRAME_LENGTH_MISMATCH:
      vigil_parser_emit_frame (VIGIL_PARSER (self), d->raw, d->raw_length, FALSE, "length mismatch");
      frame_error (self, _("Dropped a frame from the S/5 monitor whose length field "
                           "says %u bytes but whose record has %u. %s"),
                   (guint) vigil_datex_get_u16 (record + VIGIL_DATEX_R_LEN),
                   (guint) (length - 1), _(LINE_HINT));
      return;

    default:
      g_assert_not_reached ();
    }

  length--;  /* the record, without its checksum */
  maintype = vigil_datex_get_u16 (record + VIGIL_DATEX_R_MAINTYPE);

  if (maintype == VIGIL_DATEX_MAINTYPE_PHYSIOLOGICAL && !check_subrecords (self, record, length))
    {
      vigil_parser_emit_frame (VIGIL_PARSER (self), d->raw, d->raw_length, FALSE,
                               "subrecord outside the record");
      return;
    }

  /* Any sound frame, even one Vigil does not read, proves the link. */
  vigil_parser_count_frame (VIGIL_PARSER (self));

  switch (maintype)
    {
    case VIGIL_DATEX_MAINTYPE_PHYSIOLOGICAL:
      note = "physiological record";
      break;
    case VIGIL_DATEX_MAINTYPE_WAVEFORM:
      note = "waveform record (not read)";
      break;
    case VIGIL_DATEX_MAINTYPE_ALARM:
      note = "alarm record (not read)";
      break;
    default:
      note = "record of an unknown type (not read)";
      break;
    }
  vigil_parser_emit_frame (VIGIL_PARSER (self), d->raw, d->raw_length, TRUE, note);

  if (maintype == VIGIL_DATEX_MAINTYPE_PHYSIOLOGICAL)
    decode_physiological (self, record);
  else if (maintype == VIGIL_DATEX_MAINTYPE_WAVEFORM || maintype == VIGIL_DATEX_MAINTYPE_ALARM)
    note_level (self, record);
}

static void
vigil_datex_parser_feed (VigilParser  *parser,
                         const guint8 *data,
                         gsize         length)
{
  VigilDatexParser *self = VIGIL_DATEX_PARSER (parser);
  VigilDatexDeframer *d = &self->deframer;

  for (gsize i = 0; i < length; i++)
    {
      switch (vigil_datex_deframer_push (d, data[i]))
        {
        case VIGIL_DATEX_DEFRAMER_NONE:
          break;

        case VIGIL_DATEX_DEFRAMER_FRAME:
          process_frame (self);
          break;

        case VIGIL_DATEX_DEFRAMER_OVERLONG:
          vigil_parser_emit_frame (parser, d->raw, d->raw_length, FALSE, "overlong");
          frame_error (self, _("Dropped a frame from the S/5 monitor longer than %u "
                               "bytes. %s"),
                       (guint) VIGIL_DATEX_MAX_FRAME, _(LINE_HINT));
          break;

        case VIGIL_DATEX_DEFRAMER_BAD_ESCAPE:
          vigil_parser_emit_frame (parser, d->raw, d->raw_length, FALSE, "broken escape");
          frame_error (self, _("Dropped a frame from the S/5 monitor that ends in an "
                               "escape byte. %s"), _(LINE_HINT));
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
vigil_datex_parser_reset (VigilParser *parser)
{
  VigilDatexParser *self = VIGIL_DATEX_PARSER (parser);

  vigil_datex_deframer_reset (&self->deframer);
}

/* A new link, or one quiet for 12 s: ask (again) for displayed values and
 * the aux record with the NIBP time, at every level. */
static void
vigil_datex_parser_connected (VigilParser *parser,
                              gint64       now_us)
{
  for (gsize i = 0; i < G_N_ELEMENTS (request_levels); i++)
    {
      static const guint8 types[] = { VIGIL_DATEX_SR_DISPLAYED, VIGIL_DATEX_SR_AUX };

      for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
        {
          g_autoptr(GBytes) request = vigil_datex_encode_request (types[t],
                                                                  VIGIL_DATEX_PARSER_TX_IVAL,
                                                                  0, request_levels[i]);
          gsize size;
          const guint8 *bytes = g_bytes_get_data (request, &size);

          vigil_parser_transmit (parser, bytes, size);
        }
    }
}

static void
vigil_datex_parser_class_init (VigilDatexParserClass *klass)
{
  VigilParserClass *parser_class = VIGIL_PARSER_CLASS (klass);

  parser_class->feed = vigil_datex_parser_feed;
  parser_class->reset = vigil_datex_parser_reset;
  parser_class->connected = vigil_datex_parser_connected;
}

static void
vigil_datex_parser_init (VigilDatexParser *self)
{
  vigil_datex_deframer_reset (&self->deframer);
  self->dri_level = -1;
}

/**
 * vigil_datex_parser_new:
 *
 * A parser of the S/5 Computer Interface with its host side. Bytes before
 * the first flag are skipped quietly; vigil_parser_reset() drops a partial
 * frame and resynchronises that way, but keeps what it knows of the
 * monitor (sensor off, the NIBP reading shown).
 *
 * Returns: (transfer full): a new parser
 */
VigilParser *
vigil_datex_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_DATEX_PARSER, NULL);
}

/**
 * vigil_datex_parser_get_pending_length:
 *
 * Returns: how many (unescaped) bytes of an unfinished frame are buffered
 */
gsize
vigil_datex_parser_get_pending_length (VigilDatexParser *self)
{
  g_return_val_if_fail (VIGIL_IS_DATEX_PARSER (self), 0);

  return vigil_datex_deframer_pending (&self->deframer);
}

/**
 * vigil_datex_parser_get_dri_level:
 *
 * Returns: the DRI level of the monitor's records, or -1 before the first
 */
int
vigil_datex_parser_get_dri_level (VigilDatexParser *self)
{
  g_return_val_if_fail (VIGIL_IS_DATEX_PARSER (self), -1);

  return self->dri_level;
}

/**
 * vigil_datex_parser_get_request_levels:
 * @n_levels: (out): how many
 *
 * Returns: the DRI levels connected() sends each request at, in order
 */
const guint8 *
vigil_datex_parser_get_request_levels (gsize *n_levels)
{
  g_return_val_if_fail (n_levels != NULL, NULL);

  *n_levels = G_N_ELEMENTS (request_levels);
  return request_levels;
}

/**
 * vigil_datex_encode_request:
 * @phdb_rcrd_type: 1 displayed values, 2/3 trends, 4 aux info
 * @tx_ival: every N s (≥ 5), 0 stop, -1 once
 * @classes: 0 basic; 0x2/0x4/0x8 add ext1/2/3
 * @dri_level: the level the monitor must have to answer, 0 any
 *
 * Returns: (transfer full): the 49-byte transmission request framed and
 *   escaped as on the wire
 */
GBytes *
vigil_datex_encode_request (guint8  phdb_rcrd_type,
                            gint16  tx_ival,
                            guint32 classes,
                            guint8  dri_level)
{
  guint8 record[VIGIL_DATEX_REQUEST_SIZE] = { 0 };
  guint8 *end_desc = record + VIGIL_DATEX_SR_DESC + VIGIL_DATEX_SR_DESC_SIZE;
  g_autoptr(GByteArray) wire = g_byte_array_sized_new (2 * sizeof record + 4);

  vigil_datex_put_u16 (record + VIGIL_DATEX_R_LEN, sizeof record);
  record[VIGIL_DATEX_DRI_LEVEL] = dri_level;
  vigil_datex_put_u16 (record + VIGIL_DATEX_R_MAINTYPE, VIGIL_DATEX_MAINTYPE_PHYSIOLOGICAL);
  /* sr_desc[0]: the request at offset 0; sr_desc[1] ends the list in its
   * sr_type, its offset staying 0. */
  vigil_datex_put_i16 (record + VIGIL_DATEX_SR_DESC, 0);
  record[VIGIL_DATEX_SR_DESC + 2] = VIGIL_DATEX_SR_XMIT_REQUEST;
  end_desc[2] = VIGIL_DATEX_SR_END;

  record[VIGIL_DATEX_REQ_RCRD_TYPE] = phdb_rcrd_type;
  vigil_datex_put_i16 (record + VIGIL_DATEX_REQ_TX_IVAL, tx_ival);
  vigil_datex_put_u32 (record + VIGIL_DATEX_REQ_CLASSES, classes);

  vigil_datex_frame_append (wire, record, sizeof record);
  return g_byte_array_free_to_bytes (g_steal_pointer (&wire));
}
