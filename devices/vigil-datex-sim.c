/* vigil-datex-sim.c — a simulated GE S/5 monitor (DRI level 10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Silent until the host sends a transmission request at level 0 or 10
 * (requests at other levels are ignored, as some monitors do). Then it
 * sends what was asked: displayed values (phdb_rcrd_type 1) with the basic
 * class, plus an empty subrecord per extended class requested, and aux
 * records (type 4) with the NIBP time; every tx_ival s, once (−1), or no
 * more (0). Trend records are not simulated: such requests are ignored.
 *
 * NIBP as a monitor shows it: the last reading stays, flagged older than
 * 60 s (label bit 8) once it is; a failed measurement clears the values
 * to "invalid" and keeps nibp_time at the last good reading.
 */
#include "vigil-datex-sim.h"

#include <string.h>

#include "vigil-datex-frame.h"

#define SIM_DRI_LEVEL 10
#define AUX_SIZE      16  /* nibp_time, then fields Vigil does not simulate */
#define N_CLASSES     4

typedef struct
{
  int      ival;       /* every N s, 0 not periodic */
  int      countdown;  /* ticks (seconds) to the next record */
  gboolean once;       /* one record on the next tick */
  guint32  classes;
} Request;

struct _VigilDatexSim
{
  VigilSimProtocol   parent_instance;

  VigilDatexDeframer deframer;
  Request            displayed;
  Request            aux;
  guint8             r_nbr;

  /* The monitor's NIBP, whatever the host asked. */
  gboolean           nibp_have;
  int                nibp_sys;
  int                nibp_dia;
  int                nibp_mean;
  guint32            nibp_time;
};

G_DEFINE_FINAL_TYPE (VigilDatexSim, vigil_datex_sim, VIGIL_TYPE_SIM_PROTOCOL)

static void
update_streaming (VigilDatexSim *self)
{
  gboolean streaming = self->displayed.ival > 0 || self->displayed.once ||
                       self->aux.ival > 0 || self->aux.once;

  vigil_sim_protocol_set_streaming (VIGIL_SIM_PROTOCOL (self), streaming);
}

static void
accept_request (VigilDatexSim *self,
                guint8         phdb_rcrd_type,
                gint16         tx_ival,
                guint32        classes)
{
  Request *request;

  if (phdb_rcrd_type == VIGIL_DATEX_SR_DISPLAYED)
    request = &self->displayed;
  else if (phdb_rcrd_type == VIGIL_DATEX_SR_AUX)
    request = &self->aux;
  else
    return;

  if (tx_ival == VIGIL_DATEX_TX_IVAL_STOP)
    {
      request->ival = 0;
      request->once = FALSE;
    }
  else if (tx_ival == VIGIL_DATEX_TX_IVAL_ONCE)
    request->once = TRUE;
  else if (tx_ival > 0)
    {
      /* Faster than 5 s is not offered: the monitor sends every 5 s. */
      request->ival = MAX (tx_ival, VIGIL_DATEX_TX_IVAL_MIN);
      request->countdown = 1;
    }
  else
    return;

  request->classes = classes;
  vigil_sim_protocol_note_request (VIGIL_SIM_PROTOCOL (self));
  update_streaming (self);
}

static void
handle_frame (VigilDatexSim *self)
{
  const guint8 *record = self->deframer.data;
  gsize length = self->deframer.length;

  if (vigil_datex_frame_check (record, length) != VIGIL_DATEX_FRAME_OK)
    return;
  length--;
  if (vigil_datex_get_u16 (record + VIGIL_DATEX_R_MAINTYPE) != VIGIL_DATEX_MAINTYPE_PHYSIOLOGICAL)
    return;
  /* Level 0 means any monitor. */
  if (record[VIGIL_DATEX_DRI_LEVEL] != 0 && record[VIGIL_DATEX_DRI_LEVEL] != SIM_DRI_LEVEL)
    return;

  for (guint i = 0; i < VIGIL_DATEX_N_SR_DESC; i++)
    {
      const guint8 *desc = record + VIGIL_DATEX_SR_DESC + i * VIGIL_DATEX_SR_DESC_SIZE;
      gint16 offset = vigil_datex_get_i16 (desc);
      const guint8 *body;

      if (desc[2] == VIGIL_DATEX_SR_END)
        break;
      if (desc[2] != VIGIL_DATEX_SR_XMIT_REQUEST || offset < 0 ||
          VIGIL_DATEX_REQUEST_SIZE + (gsize) offset > length)
        continue;

      body = record + VIGIL_DATEX_HEADER_SIZE + offset;
      accept_request (self, body[0], vigil_datex_get_i16 (body + 1),
                      vigil_datex_get_u32 (body + 3));
    }
}

static void
vigil_datex_sim_receive (VigilSimProtocol *sim,
                         const guint8     *data,
                         gsize             length)
{
  VigilDatexSim *self = VIGIL_DATEX_SIM (sim);

  for (gsize i = 0; i < length; i++)
    if (vigil_datex_deframer_push (&self->deframer, data[i]) == VIGIL_DATEX_DEFRAMER_FRAME)
      handle_frame (self);
}

static gboolean
request_due (Request *request)
{
  gboolean due = FALSE;

  if (request->once)
    {
      request->once = FALSE;
      due = TRUE;
    }
  if (request->ival > 0 && --request->countdown <= 0)
    {
      request->countdown = request->ival;
      due = TRUE;
    }
  return due;
}

/* Header with @n_sub subrecords of the given types and sizes, in a record
 * of exactly the right length. */
static guint8 *
new_record (VigilDatexSim *self,
            guint32        now_s,
            const guint8  *types,
            const gsize   *sizes,
            guint          n_sub,
            gsize         *out_length)
{
  gsize length = VIGIL_DATEX_HEADER_SIZE;
  guint8 *record;
  guint i;

  g_assert (n_sub < VIGIL_DATEX_N_SR_DESC);

  for (i = 0; i < n_sub; i++)
    length += sizes[i];
  record = g_malloc0 (length);

  vigil_datex_put_u16 (record + VIGIL_DATEX_R_LEN, length);
  record[VIGIL_DATEX_R_NBR] = self->r_nbr++;
  record[VIGIL_DATEX_DRI_LEVEL] = SIM_DRI_LEVEL;
  vigil_datex_put_u32 (record + VIGIL_DATEX_R_TIME, now_s);
  vigil_datex_put_u16 (record + VIGIL_DATEX_R_MAINTYPE, VIGIL_DATEX_MAINTYPE_PHYSIOLOGICAL);

  length = 0;
  for (i = 0; i < n_sub; i++)
    {
      guint8 *desc = record + VIGIL_DATEX_SR_DESC + i * VIGIL_DATEX_SR_DESC_SIZE;

      vigil_datex_put_i16 (desc, length);
      desc[2] = types[i];
      length += sizes[i];
    }
  record[VIGIL_DATEX_SR_DESC + i * VIGIL_DATEX_SR_DESC_SIZE + 2] = VIGIL_DATEX_SR_END;

  *out_length = VIGIL_DATEX_HEADER_SIZE + length;
  return record;
}

static void
send_record (VigilDatexSim *self,
             const guint8  *record,
             gsize          length)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  vigil_datex_frame_append (wire, record, length);
  vigil_sim_protocol_transmit (VIGIL_SIM_PROTOCOL (self), wire->data, wire->len);
}

static gint16
rate_or_invalid (int value)
{
  return value >= 0 ? (gint16) value : VIGIL_DATEX_INVALID;
}

static gint16
hundredths_or_invalid (int value)
{
  if (value < 0)
    return VIGIL_DATEX_INVALID;
  return value <= G_MAXINT16 / 100 ? (gint16) (value * 100) : VIGIL_DATEX_OVER_RANGE;
}

static void
put_group (guint8  *data,
           gsize    group,
           guint32  status,
           guint16  label)
{
  vigil_datex_put_u32 (data + group + VIGIL_DATEX_GROUP_STATUS, status);
  vigil_datex_put_u16 (data + group + VIGIL_DATEX_GROUP_LABEL, label);
}

/* The basic class: ECG, NIBP and SpO2 groups with values; the other
 * groups up to CO2 absent (status 0) with invalid values. */
static void
fill_basic (VigilDatexSim             *self,
            guint8                    *data,
            const VigilScenarioSample *sample,
            guint32                    now_s)
{
  const guint32 measuring = VIGIL_DATEX_STATUS_EXISTS | VIGIL_DATEX_STATUS_ACTIVE;
  guint16 nibp_label = VIGIL_DATEX_NIBP_AUTO;

  for (gsize offset = 0; offset < VIGIL_DATEX_CO2_GROUP + 14; offset += 2)
    vigil_datex_put_i16 (data + offset, VIGIL_DATEX_INVALID);
  /* Group headers of ECG, P1–P4, NIBP, T1–T4, SpO2, CO2. */
  {
    static const gsize groups[] = { 0, 16, 30, 44, 58, 72, 86, 94, 102, 110, 118, 132 };

    for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
      put_group (data, groups[i], 0, 0);
  }

  put_group (data, VIGIL_DATEX_ECG_GROUP, measuring, 0);
  vigil_datex_put_i16 (data + VIGIL_DATEX_ECG_HR, rate_or_invalid (sample->hr));

  if (self->nibp_have && now_s > self->nibp_time + 60)
    nibp_label |= VIGIL_DATEX_NIBP_OLD;
  put_group (data, VIGIL_DATEX_NIBP_GROUP, measuring, nibp_label);
  if (self->nibp_have)
    {
      vigil_datex_put_i16 (data + VIGIL_DATEX_NIBP_SYS, hundredths_or_invalid (self->nibp_sys));
      vigil_datex_put_i16 (data + VIGIL_DATEX_NIBP_DIA, hundredths_or_invalid (self->nibp_dia));
      vigil_datex_put_i16 (data + VIGIL_DATEX_NIBP_MEAN, hundredths_or_invalid (self->nibp_mean));
    }

  if (sample->spo2_sensor_off)
    put_group (data, VIGIL_DATEX_SPO2_GROUP, VIGIL_DATEX_STATUS_EXISTS, 0);
  else
    {
      put_group (data, VIGIL_DATEX_SPO2_GROUP, measuring, 0);
      vigil_datex_put_i16 (data + VIGIL_DATEX_SPO2_SPO2, hundredths_or_invalid (sample->spo2));
      vigil_datex_put_i16 (data + VIGIL_DATEX_SPO2_PR, rate_or_invalid (sample->pr));
    }
}

static void
send_displayed (VigilDatexSim             *self,
                const VigilScenarioSample *sample,
                guint32                    now_s)
{
  guint8 types[N_CLASSES];
  gsize sizes[N_CLASSES];
  guint8 classes[N_CLASSES];
  guint n = 0;
  g_autofree guint8 *record = NULL;
  gsize length;

  for (guint cl = VIGIL_DATEX_CLASS_BASIC; cl < N_CLASSES; cl++)
    {
      if (cl != VIGIL_DATEX_CLASS_BASIC && !(self->displayed.classes & VIGIL_DATEX_CLASS_BIT (cl)))
        continue;
      types[n] = VIGIL_DATEX_SR_DISPLAYED;
      sizes[n] = VIGIL_DATEX_PHDB_SIZE;
      classes[n] = cl;
      n++;
    }

  record = new_record (self, now_s, types, sizes, n, &length);
  for (guint i = 0; i < n; i++)
    {
      guint8 *phdb = record + VIGIL_DATEX_HEADER_SIZE + i * VIGIL_DATEX_PHDB_SIZE;

      vigil_datex_put_u32 (phdb + VIGIL_DATEX_PHDB_TIME, now_s);
      vigil_datex_put_u16 (phdb + VIGIL_DATEX_PHDB_CL_SUBT, classes[i] << 8);
      /* Extended classes go out with every module absent (zeros). */
      if (classes[i] == VIGIL_DATEX_CLASS_BASIC)
        fill_basic (self, phdb + VIGIL_DATEX_PHDB_DATA, sample, now_s);
    }
  send_record (self, record, length);
}

static void
send_aux (VigilDatexSim *self,
          guint32        now_s)
{
  static const guint8 types[] = { VIGIL_DATEX_SR_AUX };
  static const gsize sizes[] = { AUX_SIZE };
  g_autofree guint8 *record = NULL;
  gsize length;

  record = new_record (self, now_s, types, sizes, 1, &length);
  vigil_datex_put_u32 (record + VIGIL_DATEX_HEADER_SIZE + VIGIL_DATEX_AUX_NIBP_TIME,
                       self->nibp_time);
  send_record (self, record, length);
}

static void
vigil_datex_sim_tick (VigilSimProtocol          *sim,
                      const VigilScenarioSample *sample,
                      gint64                     wall_ms)
{
  VigilDatexSim *self = VIGIL_DATEX_SIM (sim);
  guint32 now_s = (guint32) CLAMP (wall_ms / 1000, 0, G_MAXUINT32);
  gboolean aux_due, displayed_due;

  /* The cuff measures whether or not anyone listens. */
  if (sample->nibp == VIGIL_SCENARIO_NIBP_READING)
    {
      gint64 age_s = MAX (sample->elapsed_ms - sample->nibp_ms, 0) / 1000;

      self->nibp_have = TRUE;
      self->nibp_sys = sample->nibp_sys;
      self->nibp_dia = sample->nibp_dia;
      self->nibp_mean = sample->nibp_mean;
      self->nibp_time = (guint32) MAX ((gint64) now_s - age_s, 0);
    }
  else if (sample->nibp == VIGIL_SCENARIO_NIBP_FAILED)
    self->nibp_have = FALSE;

  aux_due = request_due (&self->aux);
  displayed_due = request_due (&self->displayed);
  /* The NIBP time before the values that it dates. */
  if (aux_due)
    send_aux (self, now_s);
  if (displayed_due)
    send_displayed (self, sample, now_s);
  update_streaming (self);
}

static void
vigil_datex_sim_reset (VigilSimProtocol *sim)
{
  VigilDatexSim *self = VIGIL_DATEX_SIM (sim);

  vigil_datex_deframer_reset (&self->deframer);
  memset (&self->displayed, 0, sizeof self->displayed);
  memset (&self->aux, 0, sizeof self->aux);
  update_streaming (self);
}

static void
vigil_datex_sim_class_init (VigilDatexSimClass *klass)
{
  VigilSimProtocolClass *sim_class = VIGIL_SIM_PROTOCOL_CLASS (klass);

  sim_class->period_ms = 1000;
  sim_class->receive = vigil_datex_sim_receive;
  sim_class->tick = vigil_datex_sim_tick;
  sim_class->reset = vigil_datex_sim_reset;
}

static void
vigil_datex_sim_init (VigilDatexSim *self)
{
  vigil_datex_deframer_reset (&self->deframer);
}

VigilSimProtocol *
vigil_datex_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_DATEX_SIM, NULL);
}
