/* vigil-store.h — the project's database: one SQLite file, one schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema, the pragmas and the migration policy are documented in
 * docs/database.md. Use a store from one thread (the main thread).
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm.h"
#include "vigil-alarm-log-entry.h"
#include "vigil-observation.h"
#include "vigil-treatment-step.h"

G_BEGIN_DECLS

/* The schema version this build writes; older files are migrated forward
 * at open, newer ones are refused. */
#define VIGIL_STORE_SCHEMA_VERSION 4

/* PRAGMA application_id of every Vigil database ("Vigl"). */
#define VIGIL_STORE_APPLICATION_ID 0x5669676c

#define VIGIL_STORE_ERROR (vigil_store_error_quark ())

typedef enum
{
  VIGIL_STORE_ERROR_OPEN,       /* the file or its folder cannot be created or opened */
  VIGIL_STORE_ERROR_READ_ONLY,  /* the file, its folder or its disk does not accept writes */
  VIGIL_STORE_ERROR_BUSY,       /* another program holds a lock on the database */
  VIGIL_STORE_ERROR_FULL,       /* the disk is full */
  VIGIL_STORE_ERROR_CORRUPT,    /* the file is damaged */
  VIGIL_STORE_ERROR_FOREIGN,    /* a database of another program: left untouched */
  VIGIL_STORE_ERROR_TOO_NEW,    /* written by a newer Vigil: left untouched */
  VIGIL_STORE_ERROR_INVALID,    /* the caller's mistake (unknown session or treatment, bad entry) */
  VIGIL_STORE_ERROR_IO,         /* any other input/output failure */
} VigilStoreError;

/* "condition" value of a filter that keeps every condition. */
#define VIGIL_STORE_ALL_CONDITIONS (-1)

/* Bit of VigilStoreAlarmFilter.kinds for one log kind. */
#define VIGIL_STORE_KIND_BIT(kind) (1u << (kind))

typedef struct
{
  gint64              session_id;    /* 0: every session */
  int                 condition;     /* a VigilAlarmId, or VIGIL_STORE_ALL_CONDITIONS */
  guint               kinds;         /* VIGIL_STORE_KIND_BIT()s; 0: every kind */
  VigilAlarmPriority  min_priority;  /* PRIORITY_NONE: every priority */
  gint64              from_us;       /* wall_us >= from_us */
  gint64              until_us;      /* wall_us < until_us */
  guint               limit;         /* at most this many rows; 0: no limit */
  guint               offset;        /* skip this many (newest) rows first */
} VigilStoreAlarmFilter;

/* Treatment records (schema version 2). Ids are the rows' ids; an id of 0
 * in a listed record means the record still waits in the queue. Strings
 * are owned by the record; a NULL string is a NULL column. */

typedef struct
{
  gint64  id;
  char   *name;                    /* required */
  char   *clinic_id;               /* MRN or clinic id; unique when set */
  char   *date_of_birth;           /* "YYYY-MM-DD", or NULL */
  double  weight_kg;               /* NAN: not known; else 0 < kg < 700 */
  char   *mental_health_provider;
  gint64  created_at_us;
} VigilStorePatient;

typedef struct
{
  gint64    id;
  gint64    patient_id;
  gint64    monitoring_session_id;  /* 0: none */
  guint     series_number;          /* infusion n of the series, from 1 */
  guint     planned_count;          /* of the induction series */
  gboolean  maintenance;
  gboolean  simulated;              /* demo: never a patient's data */
  char     *config;                 /* the clinic configuration used, opaque text */
  gint64    created_at_us;
} VigilStoreTreatment;

/* One-tap events; stored as their nicks (nausea … note). */
typedef enum
{
  VIGIL_STORE_EVENT_NAUSEA,
  VIGIL_STORE_EVENT_VOMITING,
  VIGIL_STORE_EVENT_ANXIETY,
  VIGIL_STORE_EVENT_HEADACHE,
  VIGIL_STORE_EVENT_DRUG,          /* drug_name required, drug_dose too */
  VIGIL_STORE_EVENT_NOTE,          /* note required */
  VIGIL_STORE_N_EVENT_KINDS
} VigilStoreEventKind;

typedef struct
{
  gint64               id;
  gint64               treatment_id;
  gint64               wall_us;
  VigilStoreEventKind  kind;
  char                *drug_name;
  char                *drug_dose;     /* as entered, e.g. "4 mg" */
  char                *note;
  char                *who;           /* required */
} VigilStoreTreatmentEvent;

/* Scales; stored as their nicks (moaas … phq9). */
typedef enum
{
  VIGIL_STORE_SCALE_MOAAS,
  VIGIL_STORE_SCALE_CADSS6,
  VIGIL_STORE_SCALE_ALDRETE,
  VIGIL_STORE_SCALE_PADSS,
  VIGIL_STORE_SCALE_PHQ9,
  VIGIL_STORE_N_SCALES
} VigilStoreScale;

typedef struct
{
  gint64           id;
  gint64           treatment_id;
  gint64           wall_us;
  VigilStoreScale  scale;
  char            *items;           /* item values in the scale's order: "2,2,1,2,2" */
  int              total;           /* must be the sum of the items */
  char            *who;             /* required */
} VigilStoreScore;

typedef struct
{
  gint64  id;
  gint64  treatment_id;
  char   *item_key;                 /* e.g. "consent", "escort-name"; required */
  char   *value;                    /* required */
  gint64  wall_us;
  char   *who;                      /* required */
} VigilStoreChecklistAnswer;

typedef struct
{
  gint64  id;
  gint64  treatment_id;
  double  weight_kg;                /* every number finite and > 0 */
  double  dose_mg_per_kg;
  double  concentration_mg_per_ml;
  double  duration_min;
  double  dose_mg;
  double  volume_ml;
  double  rate_ml_per_h;
  char   *confirmed_by;             /* the clinician; required */
  gint64  wall_us;
} VigilStoreDoseInput;

/* Vitals (schema version 3): every observation of a session, as the
 * monitor received it (NIBP dated when measured). Absent values are NAN
 * (NULL columns), never a number. */
typedef struct
{
  gint64          session_id;
  gint64          wall_us;          /* host wall clock */
  gint64          device_time_us;   /* the device's own clock, 0 if none */
  VigilParameter  parameter;
  double          value;            /* NIBP: systolic */
  double          diastolic;        /* NIBP only, else NAN */
  double          mean;             /* NIBP only, else NAN */
  guint           quality;          /* VigilQuality bits */
} VigilStoreVital;

/* One monitoring session for the history page and --list-sessions, with
 * its treatment when it had one. */
typedef struct
{
  gint64    session_id;
  gint64    started_at_us;
  gint64    ended_at_us;      /* 0: still running, or ended by a crash */
  gboolean  simulated;
  char     *scenario;         /* demo scenario, or NULL */
  gint64    treatment_id;     /* 0: monitoring only */
  gint64    patient_id;       /* 0: no patient */
  char     *patient_name;     /* NULL without a patient */
  guint     series_number;    /* 0 without a treatment */
  guint     planned_count;
  gboolean  maintenance;
  guint     n_alarms;         /* alarm conditions raised (log kind "start") */
  int       phq9;             /* the session's latest PHQ-9 total, -1 if none */
  gint64    last_vital_us;    /* the latest stored vital, 0 if none */
} VigilStoreSessionSummary;

/* Staff and the audit log (schema version 4). */
typedef struct
{
  gint64  id;
  char   *name;                     /* trimmed, 1–64 characters */
  char   *role;                     /* "nurse", "admin" (VigilStaff owns the vocabulary) */
  char   *pin_hash;                 /* crypto_pwhash_str's string, "$argon2id$…"; never a PIN */
  gint64  created_us;
  gint64  removed_us;               /* 0 while on the staff list */
} VigilStoreStaff;

typedef struct
{
  gint64  id;                       /* 0 while the line waits in the queue */
  gint64  wall_us;
  gint64  person_id;                /* 0: the system (e.g. an inactivity lock) */
  char   *person_name;              /* the name as it was then; NULL for the system */
  char   *role;                     /* the role then; NULL for the system */
  char   *action;                   /* required: a stable identifier, "unlock", "quit" … */
  char   *detail;                   /* free text, or NULL */
} VigilStoreAuditEntry;

#define VIGIL_TYPE_STORE (vigil_store_get_type ())

G_DECLARE_FINAL_TYPE (VigilStore, vigil_store, VIGIL, STORE, GObject)

GQuark        vigil_store_error_quark             (void);
void          vigil_store_alarm_filter_init       (VigilStoreAlarmFilter            *filter);

char         *vigil_store_default_path            (void);
VigilStore   *vigil_store_open                    (const char                       *path,
                                                   GError                          **error);
const char   *vigil_store_get_path                (VigilStore                       *self);
int           vigil_store_get_schema_version      (VigilStore                       *self);

/* Set when open found the file damaged, moved it aside and started a new
 * one: where the old file is now, and a sentence to show the user. */
const char   *vigil_store_get_moved_aside_path    (VigilStore                       *self);
const char   *vigil_store_get_warning             (VigilStore                       *self);

/* Writes. Each is committed (and synced to disk) before it returns. When the
 * database cannot be written (disk full, read-only, locked, damaged) the
 * record is kept in an in-memory queue, the store turns unhealthy, and every
 * later write (or vigil_store_retry_pending(), also run every few seconds
 * from the main loop) first writes the queue in order. Nothing is dropped.
 *
 * begin_session never fails: the returned id is valid at once, even if its
 * row is still queued. end_session and append_alarm return FALSE with an
 * error when the record was queued instead of written, or (INVALID, not
 * queued) when the arguments are wrong. */
gint64        vigil_store_begin_session           (VigilStore                       *self,
                                                   gint64                            started_at_us,
                                                   gboolean                          simulated,
                                                   const char                       *scenario);
gboolean      vigil_store_end_session             (VigilStore                       *self,
                                                   gint64                            session_id,
                                                   gint64                            ended_at_us,
                                                   GError                          **error);
gboolean      vigil_store_append_alarm            (VigilStore                       *self,
                                                   gint64                            session_id,
                                                   const VigilAlarmLogEntry         *entry,
                                                   GError                          **error);
gboolean      vigil_store_retry_pending           (VigilStore                       *self,
                                                   GError                          **error);

/* Health: FALSE while records wait in the queue ("records cannot be saved").
 * Signal "health-changed" (gboolean healthy); properties "healthy" and
 * "pending-count" notify too. The health error is the latest failure's, a
 * message for the technical alarm area; NULL when healthy. */
gboolean      vigil_store_is_healthy              (VigilStore                       *self);
guint         vigil_store_get_pending_count       (VigilStore                       *self);
const GError *vigil_store_get_health_error        (VigilStore                       *self);

/* The alarm log, newest first, as VigilAlarmLogEntry*. Queued entries that
 * match are included, so the log page misses nothing while the disk is
 * failing. @filter may be NULL for everything. */
GPtrArray    *vigil_store_list_alarms             (VigilStore                       *self,
                                                   const VigilStoreAlarmFilter      *filter,
                                                   GError                          **error);

/* The sound self-test of a session (started by this store): passed with
 * the sink's name as @detail, or failed with the problem's text. Same
 * queue-on-failure semantics as append_alarm. */
gboolean      vigil_store_set_session_sound       (VigilStore                       *self,
                                                   gint64                            session_id,
                                                   gboolean                          passed,
                                                   const char                       *detail,
                                                   GError                          **error);

/* Patients and treatments. create_* return the new id (> 0), valid at once
 * even when the row could only be queued (the store then turns unhealthy,
 * as for begin_session); 0 with %VIGIL_STORE_ERROR_INVALID (not queued)
 * when the arguments are wrong, e.g. an unknown patient or a clinic id
 * already registered. @patient->id is ignored. */
gint64        vigil_store_create_patient          (VigilStore                       *self,
                                                   const VigilStorePatient          *patient,
                                                   GError                          **error);
gboolean      vigil_store_get_patient             (VigilStore                       *self,
                                                   gint64                            patient_id,
                                                   VigilStorePatient               **out_patient,
                                                   GError                          **error);
/* VigilStorePatient*, by name then id. */
GPtrArray    *vigil_store_list_patients           (VigilStore                       *self,
                                                   GError                          **error);
gint64        vigil_store_create_treatment        (VigilStore                       *self,
                                                   gint64                            patient_id,
                                                   gint64                            monitoring_session_id,
                                                   guint                             series_number,
                                                   guint                             planned_count,
                                                   gboolean                          maintenance,
                                                   gboolean                          simulated,
                                                   const char                       *config_text,
                                                   gint64                            created_at_us,
                                                   GError                          **error);
gboolean      vigil_store_get_treatment           (VigilStore                       *self,
                                                   gint64                            treatment_id,
                                                   VigilStoreTreatment             **out_treatment,
                                                   GError                          **error);
/* The latest treatment whose last step is not discharge, cancel or abort
 * (to resume after a crash); 0 if none, -1 with @error if it cannot be
 * read. */
gint64        vigil_store_find_open_treatment     (VigilStore                       *self,
                                                   GError                          **error);

/* Treatment records. Each append is committed before it returns TRUE;
 * FALSE with @error when queued instead, or (INVALID, not queued) when the
 * treatment is unknown or the record is wrong. The treatment may be one
 * created by this store or one on disk from an earlier run. Steps get
 * seq 1, 2, … per treatment in the order of the calls. */
gboolean      vigil_store_append_treatment_step   (VigilStore                       *self,
                                                   gint64                            treatment_id,
                                                   const VigilTreatmentStep         *step,
                                                   GError                          **error);
gboolean      vigil_store_append_treatment_event  (VigilStore                       *self,
                                                   const VigilStoreTreatmentEvent   *event,
                                                   GError                          **error);
gboolean      vigil_store_append_score            (VigilStore                       *self,
                                                   const VigilStoreScore            *score,
                                                   GError                          **error);
gboolean      vigil_store_append_checklist_answer (VigilStore                       *self,
                                                   const VigilStoreChecklistAnswer  *answer,
                                                   GError                          **error);
gboolean      vigil_store_append_dose_input       (VigilStore                       *self,
                                                   const VigilStoreDoseInput        *dose,
                                                   GError                          **error);

/* A treatment's records in the order they were appended (queued ones
 * last), or NULL with @error. Steps are VigilTreatmentStep*; the others
 * the matching VigilStore* records. */
GPtrArray    *vigil_store_list_treatment_steps    (VigilStore                       *self,
                                                   gint64                            treatment_id,
                                                   GError                          **error);
GPtrArray    *vigil_store_list_treatment_events   (VigilStore                       *self,
                                                   gint64                            treatment_id,
                                                   GError                          **error);
GPtrArray    *vigil_store_list_scores             (VigilStore                       *self,
                                                   gint64                            treatment_id,
                                                   GError                          **error);
GPtrArray    *vigil_store_list_checklist_answers  (VigilStore                       *self,
                                                   gint64                            treatment_id,
                                                   GError                          **error);
GPtrArray    *vigil_store_list_dose_inputs        (VigilStore                       *self,
                                                   gint64                            treatment_id,
                                                   GError                          **error);

/* Vitals. append_vital buffers in memory and returns at once; the buffer
 * is written in one transaction at least every second (a timer on the main
 * loop), when it holds many rows, at end_session and at close, and by
 * flush_vitals. A failed write keeps the rows queued (the store turns
 * unhealthy) and writes them when it recovers: nothing is dropped. */
gboolean      vigil_store_append_vital            (VigilStore                       *self,
                                                   gint64                            session_id,
                                                   const VigilObservation           *observation,
                                                   GError                          **error);
gboolean      vigil_store_flush_vitals            (VigilStore                       *self,
                                                   GError                          **error);
/* A session's vitals with from_us <= wall_us < until_us (0 and G_MAXINT64
 * for all), in time order, buffered ones included: a GArray of
 * VigilStoreVital, or NULL with @error. */
GArray       *vigil_store_list_vitals             (VigilStore                       *self,
                                                   gint64                            session_id,
                                                   gint64                            from_us,
                                                   gint64                            until_us,
                                                   GError                          **error);

/* Sessions, newest first: VigilStoreSessionSummary*; @patient_id 0 for
 * every session. get_session: one, or FALSE with @error (INVALID when
 * unknown). */
GPtrArray    *vigil_store_list_sessions           (VigilStore                       *self,
                                                   gint64                            patient_id,
                                                   GError                          **error);
gboolean      vigil_store_get_session             (VigilStore                       *self,
                                                   gint64                            session_id,
                                                   VigilStoreSessionSummary        **out_session,
                                                   GError                          **error);
/* The treatment of a monitoring session, 0 if none (-1 with @error). */
gint64        vigil_store_find_session_treatment  (VigilStore                       *self,
                                                   gint64                            session_id,
                                                   GError                          **error);

/* Staff. A change to the roster is never queued: it is committed (with
 * its audit line, in the same transaction, after anything queued) before
 * the call returns, or refused with @error and not made at all, so the
 * PINs that open the monitor are always the ones on disk. @audit may be
 * NULL; its id is ignored. add_staff returns the new id, 0 with @error
 * (INVALID for a blank or long name, a name already active, a value that
 * is not a hash). update_staff changes what is not NULL / 0 of @role,
 * @pin_hash and @removed_us of an active person (INVALID if there is none
 * with @staff_id). */
gint64        vigil_store_add_staff               (VigilStore                       *self,
                                                   const VigilStoreStaff            *staff,
                                                   const VigilStoreAuditEntry       *audit,
                                                   GError                          **error);
gboolean      vigil_store_update_staff            (VigilStore                       *self,
                                                   gint64                            staff_id,
                                                   const char                       *role,
                                                   const char                       *pin_hash,
                                                   gint64                            removed_us,
                                                   const VigilStoreAuditEntry       *audit,
                                                   GError                          **error);
/* VigilStoreStaff*, by name (case-insensitive) then id; removed people
 * too when @include_removed. get_staff: one, removed or not (INVALID when
 * unknown). */
GPtrArray    *vigil_store_list_staff              (VigilStore                       *self,
                                                   gboolean                          include_removed,
                                                   GError                          **error);
gboolean      vigil_store_get_staff               (VigilStore                       *self,
                                                   gint64                            staff_id,
                                                   VigilStoreStaff                 **out_staff,
                                                   GError                          **error);

/* Audit lines are queued like alarms when the disk fails, so none is lost:
 * TRUE when on disk, FALSE with @error when queued (or INVALID, not
 * queued: a blank action, a person id without a name). list_audit: the
 * newest @limit lines (0: all), newest first, queued ones included (id 0). */
gboolean      vigil_store_append_audit            (VigilStore                       *self,
                                                   const VigilStoreAuditEntry       *entry,
                                                   GError                          **error);
GPtrArray    *vigil_store_list_audit              (VigilStore                       *self,
                                                   guint                             limit,
                                                   GError                          **error);

/* A full PRAGMA integrity_check (open runs the faster quick_check). */
gboolean      vigil_store_check_integrity         (VigilStore                       *self,
                                                   GError                          **error);

/* Records */
const char   *vigil_store_event_kind_to_string    (VigilStoreEventKind               kind);
gboolean      vigil_store_event_kind_from_string  (const char                       *name,
                                                   VigilStoreEventKind              *out_kind);
const char   *vigil_store_scale_to_string         (VigilStoreScale                   scale);
gboolean      vigil_store_scale_from_string       (const char                       *name,
                                                   VigilStoreScale                  *out_scale);

void          vigil_store_patient_free            (VigilStorePatient                *patient);
void          vigil_store_treatment_free          (VigilStoreTreatment              *treatment);
void          vigil_store_treatment_event_free    (VigilStoreTreatmentEvent         *event);
void          vigil_store_score_free              (VigilStoreScore                  *score);
void          vigil_store_checklist_answer_free   (VigilStoreChecklistAnswer        *answer);
void          vigil_store_dose_input_free         (VigilStoreDoseInput              *dose);
void          vigil_store_session_summary_free    (VigilStoreSessionSummary         *session);
void          vigil_store_staff_free              (VigilStoreStaff                  *staff);
VigilStoreStaff *vigil_store_staff_copy           (const VigilStoreStaff            *staff);
void          vigil_store_audit_entry_free        (VigilStoreAuditEntry             *entry);
VigilStoreAuditEntry *vigil_store_audit_entry_copy (const VigilStoreAuditEntry      *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStorePatient, vigil_store_patient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreTreatment, vigil_store_treatment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreTreatmentEvent, vigil_store_treatment_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreScore, vigil_store_score_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreChecklistAnswer, vigil_store_checklist_answer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreDoseInput, vigil_store_dose_input_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreSessionSummary, vigil_store_session_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreStaff, vigil_store_staff_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreAuditEntry, vigil_store_audit_entry_free)

G_END_DECLS
