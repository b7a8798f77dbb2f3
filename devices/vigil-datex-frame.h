/* vigil-datex-frame.h — the GE S/5 Computer Interface's frames and records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the parser (host side) and the simulated monitor: framing with
 * 0x7E flags and 0x7D escapes, the 8-bit checksum, little-endian field
 * access and the offsets of the records Vigil reads (PROTOCOLS.md §1).
 * No I/O and no GObject here: plain functions and one deframer struct.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_DATEX_FLAG          0x7E
#define VIGIL_DATEX_ESCAPE        0x7D
#define VIGIL_DATEX_ESCAPE_BIT    0x20

/* Unescaped record + checksum byte. Real records stay well below this;
 * beyond it the bytes are noise and the deframer resynchronises. */
#define VIGIL_DATEX_MAX_FRAME     1600
#define VIGIL_DATEX_MAX_RAW       (2 * VIGIL_DATEX_MAX_FRAME + 4)
#define VIGIL_DATEX_HEADER_SIZE   40
#define VIGIL_DATEX_MIN_FRAME     (VIGIL_DATEX_HEADER_SIZE + 1)

/* Record header, little-endian. */
#define VIGIL_DATEX_R_LEN         0
#define VIGIL_DATEX_R_NBR         2
#define VIGIL_DATEX_DRI_LEVEL     3
#define VIGIL_DATEX_PLUG_ID       4
#define VIGIL_DATEX_R_TIME        6
#define VIGIL_DATEX_R_MAINTYPE    14
#define VIGIL_DATEX_SR_DESC       16
#define VIGIL_DATEX_SR_DESC_SIZE  3   /* int16 sr_offset, uint8 sr_type */
#define VIGIL_DATEX_N_SR_DESC     8
#define VIGIL_DATEX_SR_END        0xFF

/* r_maintype */
#define VIGIL_DATEX_MAINTYPE_PHYSIOLOGICAL 0
#define VIGIL_DATEX_MAINTYPE_WAVEFORM      1
#define VIGIL_DATEX_MAINTYPE_ALARM         4

/* sr_type in a physiological record; also phdb_rcrd_type in a request. */
#define VIGIL_DATEX_SR_XMIT_REQUEST 0
#define VIGIL_DATEX_SR_DISPLAYED    1
#define VIGIL_DATEX_SR_TREND_10S    2
#define VIGIL_DATEX_SR_TREND_60S    3
#define VIGIL_DATEX_SR_AUX          4

/* The transmission request, after the header. */
#define VIGIL_DATEX_REQUEST_SIZE      49
#define VIGIL_DATEX_REQ_RCRD_TYPE     40
#define VIGIL_DATEX_REQ_TX_IVAL       41
#define VIGIL_DATEX_REQ_CLASSES       43
#define VIGIL_DATEX_TX_IVAL_STOP      0
#define VIGIL_DATEX_TX_IVAL_ONCE      (-1)
#define VIGIL_DATEX_TX_IVAL_MIN       5
/* Request class bits: basic is always sent; 0x2/0x4/0x8 add ext1/2/3. */
#define VIGIL_DATEX_CLASS_BIT(class)  (1u << (class))

/* A physiological subrecord (dri_phdb). */
#define VIGIL_DATEX_PHDB_SIZE      278
#define VIGIL_DATEX_PHDB_TIME      0
#define VIGIL_DATEX_PHDB_DATA      4
#define VIGIL_DATEX_PHDB_DATA_SIZE 270
#define VIGIL_DATEX_PHDB_MARKER    274
#define VIGIL_DATEX_PHDB_CL_SUBT   276
#define VIGIL_DATEX_CLASS_BASIC    0
#define VIGIL_DATEX_CLASS_EXT1     1
#define VIGIL_DATEX_CLASS_EXT3     3

/* Basic class, offsets inside the 270 data bytes. */
#define VIGIL_DATEX_ECG_GROUP      0
#define VIGIL_DATEX_ECG_HR         6
#define VIGIL_DATEX_NIBP_GROUP     72
#define VIGIL_DATEX_NIBP_SYS       78
#define VIGIL_DATEX_NIBP_DIA       80
#define VIGIL_DATEX_NIBP_MEAN      82
#define VIGIL_DATEX_NIBP_HR        84
#define VIGIL_DATEX_SPO2_GROUP     118
#define VIGIL_DATEX_SPO2_SPO2      124
#define VIGIL_DATEX_SPO2_PR        126
#define VIGIL_DATEX_SPO2_IR_AMP    128
#define VIGIL_DATEX_CO2_GROUP      132

/* Group header: uint32 status, uint16 label. */
#define VIGIL_DATEX_GROUP_STATUS   0
#define VIGIL_DATEX_GROUP_LABEL    4
#define VIGIL_DATEX_STATUS_EXISTS  (1u << 0)
#define VIGIL_DATEX_STATUS_ACTIVE  (1u << 1)
#define VIGIL_DATEX_NIBP_AUTO      (1u << 3)
#define VIGIL_DATEX_NIBP_MEASURING (1u << 5)
#define VIGIL_DATEX_NIBP_OLD       (1u << 8)

/* Special values: anything at or below this is not a number. */
#define VIGIL_DATEX_SPECIAL_MAX    (-32001)
#define VIGIL_DATEX_INVALID        (-32767)
#define VIGIL_DATEX_NOT_UPDATED    (-32766)
#define VIGIL_DATEX_DISCONTINUITY  (-32765)
#define VIGIL_DATEX_UNDER_RANGE    (-32764)
#define VIGIL_DATEX_OVER_RANGE     (-32763)
#define VIGIL_DATEX_NOT_CALIBRATED (-32762)

/* The aux record (sr_type 4): uint32 nibp_time first. */
#define VIGIL_DATEX_AUX_NIBP_TIME  0
#define VIGIL_DATEX_AUX_MIN_SIZE   4

static inline guint16
vigil_datex_get_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline gint16
vigil_datex_get_i16 (const guint8 *p)
{
  return (gint16) vigil_datex_get_u16 (p);
}

static inline guint32
vigil_datex_get_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) |
         ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline void
vigil_datex_put_u16 (guint8  *p,
                     guint16  value)
{
  p[0] = value & 0xFF;
  p[1] = (value >> 8) & 0xFF;
}

static inline void
vigil_datex_put_i16 (guint8 *p,
                     gint16  value)
{
  vigil_datex_put_u16 (p, (guint16) value);
}

static inline void
vigil_datex_put_u32 (guint8  *p,
                     guint32  value)
{
  p[0] = value & 0xFF;
  p[1] = (value >> 8) & 0xFF;
  p[2] = (value >> 16) & 0xFF;
  p[3] = (value >> 24) & 0xFF;
}

typedef enum
{
  VIGIL_DATEX_FRAME_OK,
  VIGIL_DATEX_FRAME_TOO_SHORT,
  VIGIL_DATEX_FRAME_BAD_CHECKSUM,
  VIGIL_DATEX_FRAME_LENGTH_MISMATCH,
} VigilDatexFrameStatus;

guint8                vigil_datex_checksum     (const guint8 *record,
                                                gsize         length);
void                  vigil_datex_frame_append (GByteArray   *out,
                                                const guint8 *record,
                                                gsize         length);
VigilDatexFrameStatus vigil_datex_frame_check  (const guint8 *frame,
                                                gsize         length);

typedef enum
{
  VIGIL_DATEX_DEFRAMER_NONE,        /* consumed; nothing complete yet */
  VIGIL_DATEX_DEFRAMER_FRAME,       /* a candidate frame ended: check it */
  VIGIL_DATEX_DEFRAMER_OVERLONG,    /* too long: dropped up to the next flag */
  VIGIL_DATEX_DEFRAMER_BAD_ESCAPE,  /* an escape byte right before a flag */
} VigilDatexDeframerResult;

/* Cuts frames from a byte stream. After a result other than NONE, data
 * (unescaped) and raw (as on the wire, flags included) hold that frame
 * until the next push. */
typedef struct
{
  gboolean synced;      /* a flag was seen since the start or reset */
  gboolean escaped;     /* the last byte was 0x7D */
  gboolean discarding;  /* an overlong frame: skip to the next flag */
  gboolean complete;    /* a result was returned: start afresh */
  gsize    length;
  gsize    raw_length;
  guint8   data[VIGIL_DATEX_MAX_FRAME];
  guint8   raw[VIGIL_DATEX_MAX_RAW];
} VigilDatexDeframer;

void                     vigil_datex_deframer_reset   (VigilDatexDeframer *self);
VigilDatexDeframerResult vigil_datex_deframer_push    (VigilDatexDeframer *self,
                                                       guint8              byte);
gsize                    vigil_datex_deframer_pending (const VigilDatexDeframer *self);

G_END_DECLS
