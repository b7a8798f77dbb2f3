/* vigil-intellivue-message.h — IntelliVue Data Export messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Encode and decode of the session SPDUs (association, release, abort) and
 * of the remote operations carried after association (SPpdu → ROapdus →
 * ROIV/RORS/ROER/ROLRS → event report or action), as laid out by the
 * Philips Data Export Interface Programming Guide. All fields big-endian.
 * Decoders check every length against what encloses it and fail, with a
 * reason for people, on any inconsistency.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Session SPDU types (first byte of a session message). */
#define VIGIL_INTELLIVUE_SPDU_ASSOC_REQUEST    0x0D
#define VIGIL_INTELLIVUE_SPDU_ASSOC_ACCEPT     0x0E
#define VIGIL_INTELLIVUE_SPDU_ASSOC_REFUSE     0x0C
#define VIGIL_INTELLIVUE_SPDU_RELEASE_REQUEST  0x09
#define VIGIL_INTELLIVUE_SPDU_RELEASE_RESPONSE 0x0A
#define VIGIL_INTELLIVUE_SPDU_ABORT            0x19

/* SPpdu of every data export message. */
#define VIGIL_INTELLIVUE_SESSION_ID            0xE100
#define VIGIL_INTELLIVUE_CONTEXT_ID            2

/* ROapdus.ro_type */
#define VIGIL_INTELLIVUE_ROIV                  1
#define VIGIL_INTELLIVUE_RORS                  2
#define VIGIL_INTELLIVUE_ROER                  3
#define VIGIL_INTELLIVUE_ROLRS                 5

/* ROLRSapdu linked state */
#define VIGIL_INTELLIVUE_LINKED_FIRST          1
#define VIGIL_INTELLIVUE_LINKED_MIDDLE         2
#define VIGIL_INTELLIVUE_LINKED_LAST           3

/* command_type */
#define VIGIL_INTELLIVUE_CMD_EVENT_REPORT      0
#define VIGIL_INTELLIVUE_CMD_CONFIRMED_EVENT_REPORT 1
#define VIGIL_INTELLIVUE_CMD_CONFIRMED_ACTION  7

/* Nomenclature */
#define VIGIL_INTELLIVUE_MOC_VMS_MDS           0x0021
#define VIGIL_INTELLIVUE_NOTI_MDS_CREATE       0x0D06
#define VIGIL_INTELLIVUE_ACT_POLL_MDIB_DATA_EXT 0xF13B
#define VIGIL_INTELLIVUE_PART_OBJ              1
#define VIGIL_INTELLIVUE_MOC_VMO_METRIC_NU     6
#define VIGIL_INTELLIVUE_ATTR_TIME_PD_POLL     0xF13E
#define VIGIL_INTELLIVUE_ATTR_NU_VAL_OBS       0x0950
#define VIGIL_INTELLIVUE_ATTR_NU_CMPD_VAL_OBS  0x094B
#define VIGIL_INTELLIVUE_ATTR_TIME_STAMP_ABS   0x0990
#define VIGIL_INTELLIVUE_ATTR_ID_MODEL         0x0928
#define VIGIL_INTELLIVUE_ATTR_TIME_ABS         0x0987
#define VIGIL_INTELLIVUE_ATTR_TIME_REL         0x098F
#define VIGIL_INTELLIVUE_POLL_EXT_PERIOD_NU_1SEC 0x80000000u

/* Physiological ids (partition SCADA) and units. */
#define VIGIL_INTELLIVUE_ID_HR                 0x4182
#define VIGIL_INTELLIVUE_ID_SPO2               0x4BB8
#define VIGIL_INTELLIVUE_ID_PULSE_RATE         0x4822
#define VIGIL_INTELLIVUE_ID_NIBP               0x4A04
#define VIGIL_INTELLIVUE_ID_NIBP_SYS           0x4A05
#define VIGIL_INTELLIVUE_ID_NIBP_DIA           0x4A06
#define VIGIL_INTELLIVUE_ID_NIBP_MEAN          0x4A07
#define VIGIL_INTELLIVUE_UNIT_BPM              0x0AA0
#define VIGIL_INTELLIVUE_UNIT_PERCENT          0x0220
#define VIGIL_INTELLIVUE_UNIT_MMHG             0x0F20
#define VIGIL_INTELLIVUE_UNIT_KPA              0x0F03
#define VIGIL_INTELLIVUE_KPA_TO_MMHG           7.50062

/* MeasurementState bits */
#define VIGIL_INTELLIVUE_STATE_INVALID         0x8000
#define VIGIL_INTELLIVUE_STATE_QUESTIONABLE    0x4000
#define VIGIL_INTELLIVUE_STATE_UNAVAILABLE     0x2000
#define VIGIL_INTELLIVUE_STATE_DEMO_DATA       0x0400

/* FLOAT-Type specials */
#define VIGIL_INTELLIVUE_FLOAT_NAN             0x007FFFFFu
#define VIGIL_INTELLIVUE_FLOAT_NRES            0x00800000u
#define VIGIL_INTELLIVUE_FLOAT_PLUS_INF        0x007FFFFEu
#define VIGIL_INTELLIVUE_FLOAT_MINUS_INF       0x00800002u

/* RelativeTime ticks: 1/8 ms. */
#define VIGIL_INTELLIVUE_TICKS_PER_SECOND      8000

#define VIGIL_INTELLIVUE_ABS_TIME_SIZE         8
#define VIGIL_INTELLIVUE_MAX_CMPD_VALUES       3

typedef struct
{
  guint16 physio_id;
  guint16 state;
  guint16 unit;
  guint32 value;        /* FLOAT-Type */
} VigilIntellivueNuValue;

/* One numeric object of a poll result: a simple value (0x0950) or a
 * compound (0x094B), with the object's absolute time stamp if it has one. */
typedef struct
{
  guint16                handle;
  gboolean               compound;
  guint                  n_values;
  VigilIntellivueNuValue values[VIGIL_INTELLIVUE_MAX_CMPD_VALUES];
  gboolean               has_time;
  guint8                 abs_time[VIGIL_INTELLIVUE_ABS_TIME_SIZE];
} VigilIntellivueNumeric;

typedef struct
{
  guint16 poll_number;
  guint16 sequence_no;
  guint32 rel_time;
  guint8  abs_time[VIGIL_INTELLIVUE_ABS_TIME_SIZE];
  guint16 obj_partition;
  guint16 obj_code;
  guint16 attr_group;
} VigilIntellivuePollReply;

/* A remote operation after association. */
typedef struct
{
  guint16       ro_type;
  guint16       invoke_id;
  guint16       command_type;   /* ROER: the error value */
  guint8        linked_state;   /* ROLRS only */
  guint8        linked_count;
  const guint8 *body;
  gsize         body_length;
} VigilIntellivueRemoteOp;

typedef struct
{
  guint16 obj_class;
  guint16 context_id;
  guint16 handle;
} VigilIntellivueObjectId;

double   vigil_intellivue_float_to_double      (guint32        raw);
guint32  vigil_intellivue_float_from_int       (gint32         value);
gboolean vigil_intellivue_abs_time_to_unix_us  (const guint8  *abs_time,
                                                gint64        *out_us);
void     vigil_intellivue_abs_time_from_unix_ms (gint64        unix_ms,
                                                 guint8       *abs_time);

/* Host → monitor */
void     vigil_intellivue_build_association_request (GByteArray *out);
void     vigil_intellivue_build_release_request     (GByteArray *out);
void     vigil_intellivue_build_abort               (GByteArray *out);
void     vigil_intellivue_build_event_report_result (GByteArray                   *out,
                                                     guint16                       invoke_id,
                                                     const VigilIntellivueObjectId *object,
                                                     guint32                       current_time,
                                                     guint16                       event_type);
void     vigil_intellivue_build_poll_request        (GByteArray *out,
                                                     guint16     invoke_id,
                                                     guint16     poll_number,
                                                     guint32     period_ticks);

/* Monitor → host */
void     vigil_intellivue_build_association_accept  (GByteArray *out);
void     vigil_intellivue_build_association_refuse  (GByteArray *out);
void     vigil_intellivue_build_release_response    (GByteArray *out);
void     vigil_intellivue_build_mds_create          (GByteArray   *out,
                                                     guint16       invoke_id,
                                                     guint32       rel_time,
                                                     const guint8 *abs_time,
                                                     const char   *model);
void     vigil_intellivue_build_poll_result         (GByteArray                     *out,
                                                     guint16                         ro_type,
                                                     guint8                          linked_state,
                                                     guint8                          linked_count,
                                                     guint16                         invoke_id,
                                                     const VigilIntellivuePollReply *reply,
                                                     const VigilIntellivueNumeric   *numerics,
                                                     guint                           n_numerics);

/* Decoders: FALSE with *reason (static, untranslated detail) when malformed. */
gboolean vigil_intellivue_parse_spdu           (const guint8  *data,
                                                gsize          length,
                                                guint8        *out_type,
                                                const char   **reason);
gboolean vigil_intellivue_parse_remote_op      (const guint8             *data,
                                                gsize                     length,
                                                VigilIntellivueRemoteOp  *out,
                                                const char              **reason);
gboolean vigil_intellivue_parse_event_report   (const guint8             *body,
                                                gsize                     length,
                                                VigilIntellivueObjectId  *out_object,
                                                guint32                  *out_event_time,
                                                guint16                  *out_event_type,
                                                const guint8            **out_info,
                                                gsize                    *out_info_length,
                                                const char              **reason);
gboolean vigil_intellivue_parse_mds_create     (const guint8  *info,
                                                gsize          length,
                                                char         **out_model,
                                                const char   **reason);
gboolean vigil_intellivue_parse_action_result  (const guint8  *body,
                                                gsize          length,
                                                guint16       *out_action_type,
                                                const guint8 **out_reply,
                                                gsize         *out_reply_length,
                                                const char   **reason);
gboolean vigil_intellivue_parse_poll_reply     (const guint8             *data,
                                                gsize                     length,
                                                VigilIntellivuePollReply *out_reply,
                                                GArray                   *numerics,
                                                const char              **reason);
gboolean vigil_intellivue_parse_poll_request   (const guint8  *body,
                                                gsize          length,
                                                guint16       *out_poll_number,
                                                guint16       *out_partition,
                                                guint16       *out_code,
                                                guint32       *out_period_ticks,
                                                const char   **reason);

G_END_DECLS
