/* vigil-store.c — the project's database: one SQLite file, one schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Durability. Every write is its own transaction, committed before the call
 * returns, in WAL mode with synchronous=FULL: the WAL is fsynced at each
 * commit, so a committed alarm row survives a killed process and a power
 * loss. Today every write is a clinical record, so there is nothing to gain
 * from NORMAL. docs/database.md has the reasons and the checkpoint policy.
 *
 * Failures. A write that fails for a reason outside the caller (disk full,
 * read-only, locked, damaged, I/O) leaves its record in an in-memory queue.
 * Every write first writes the whole queue, in order, then itself, in one
 * transaction: either all of them land or none does, so the order on disk is
 * the order of the calls. A timer retries while the queue is not empty. The
 * store is healthy exactly when the queue is empty.
 *
 * Sessions. begin_session hands out an id even when its row cannot be
 * written yet, so alarms can be recorded from the first second. The id is
 * the row's id: a queued session row is inserted with it, unless another
 * program took that id in the meantime; then the row gets a new id and the
 * store maps the handle it gave out onto it. Patients and treatments work
 * the same way; a treatment of an earlier run (resumed after a crash) is
 * looked up on disk once and then known like one created here.
 *
 * Staff. Roster changes are not queued: the PINs that open the monitor
 * must be the ones on disk, so a change is committed (with its audit line,
 * after the queue) or refused. Audit lines themselves queue like alarms.
 *
 * Treatments. Their state is never stored: the store keeps their steps
 * (seq 1, 2, … assigned inside the writing transaction, so queued steps
 * keep their order) and the treatment module replays them.
 *
 * Start-up. The file is created with mode 0600 (SQLite gives its -wal and
 * -shm files the same mode). PRAGMA quick_check runs before anything is
 * written: a damaged file (or one that is not a database at all) is moved
 * aside with its -wal and -shm, never overwritten, and a new one is started.
 * A valid database of another program, or one written by a newer Vigil, is
 * refused and left untouched.
 */
#include "vigil-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes run on the main thread: never stall it for long behind another
 * program's lock; the queue and the retry timer cover the rest. */
#define WRITE_BUSY_TIMEOUT_MS 250
/* At start-up nothing is live yet: wait longer for a lock to go away. */
#define OPEN_BUSY_TIMEOUT_MS 2000
#define RETRY_INTERVAL_S 2
/* Vitals wait in memory at most this long before their transaction: the
 * issue asks for a commit at least every second, and half of that leaves
 * room for a busy main loop and the fsync itself. */
#define FLUSH_INTERVAL_MS 500
/* …or until this many are buffered (two minutes of six parameters). */
#define FLUSH_MAX_VITALS 720
/* After a checkpoint, a WAL that grew larger than this is truncated. */
#define JOURNAL_SIZE_LIMIT (4 * 1024 * 1024)

G_DEFINE_QUARK (vigil-store-error-quark, vigil_store_error)

/* Migrations: append only, never edit a released one. Each runs in its own
 * transaction together with its schema_version row. */
typedef struct
{
  int         version;
  const char *description;
  const char *sql;
} Migration;

static const Migration migrations[] = {
  {
    1, "monitoring sessions and the alarm log",
    "CREATE TABLE schema_version (\n"
    "  version        INTEGER PRIMARY KEY,\n"
    "  applied_at_us  INTEGER NOT NULL,\n"
    "  app_version    TEXT NOT NULL,\n"
    "  description    TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE monitoring_sessions (\n"
    "  id             INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  started_at_us  INTEGER NOT NULL,\n"
    "  ended_at_us    INTEGER,\n"
    "  simulated      INTEGER NOT NULL CHECK (simulated IN (0, 1)),\n"
    "  scenario       TEXT,\n"
    "  app_version    TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE alarm_log (\n"
    "  id             INTEGER PRIMARY KEY,\n"
    "  session_id     INTEGER NOT NULL REFERENCES monitoring_sessions (id),\n"
    "  wall_us        INTEGER NOT NULL,\n"
    "  kind           TEXT NOT NULL,\n"
    "  condition      TEXT NOT NULL,\n"
    "  condition_key  TEXT NOT NULL,\n"
    "  priority       TEXT NOT NULL\n"
    "                 CHECK (priority IN ('none', 'low', 'medium', 'high')),\n"
    "  value          REAL,\n"
    "  limit_value    REAL,\n"
    "  old_limit      REAL,\n"
    "  message        TEXT,\n"
    "  who            TEXT\n"
    ");\n"
    "CREATE INDEX alarm_log_time ON alarm_log (wall_us);\n"
    "CREATE INDEX alarm_log_session ON alarm_log (session_id, wall_us);\n"
    "CREATE INDEX alarm_log_condition ON alarm_log (condition, wall_us);\n"
  },
  {
    /* Every CHECK here has its twin in the C entry points, which refuse
     * the record (INVALID) before it is queued: a queued record that the
     * database refuses would block the queue. */
    2, "sound self-test of a session; patients, treatments and their records",
    "ALTER TABLE monitoring_sessions ADD COLUMN sound_self_test TEXT\n"
    "  CHECK (sound_self_test IN ('passed', 'failed'));\n"
    "ALTER TABLE monitoring_sessions ADD COLUMN sound_output TEXT;\n"
    "CREATE TABLE patients (\n"
    "  id                      INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  name                    TEXT NOT NULL CHECK (length(trim(name)) > 0),\n"
    "  clinic_id               TEXT CHECK (length(trim(clinic_id)) > 0),\n"
    "  date_of_birth           TEXT CHECK (date(date_of_birth, '+0 days') IS date_of_birth),\n"
    "  weight_kg               REAL CHECK (weight_kg > 0 AND weight_kg < 700),\n"
    "  mental_health_provider  TEXT,\n"
    "  created_at_us           INTEGER NOT NULL\n"
    ");\n"
    "CREATE UNIQUE INDEX patients_clinic_id ON patients (clinic_id);\n"
    "CREATE INDEX patients_name ON patients (name);\n"
    "CREATE TABLE treatments (\n"
    "  id                     INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  patient_id             INTEGER NOT NULL REFERENCES patients (id),\n"
    "  monitoring_session_id  INTEGER REFERENCES monitoring_sessions (id),\n"
    "  series_number          INTEGER NOT NULL CHECK (series_number >= 1),\n"
    "  planned_count          INTEGER NOT NULL CHECK (planned_count >= 0),\n"
    "  maintenance            INTEGER NOT NULL CHECK (maintenance IN (0, 1)),\n"
    "  simulated              INTEGER NOT NULL CHECK (simulated IN (0, 1)),\n"
    "  created_at_us          INTEGER NOT NULL,\n"
    "  config                 TEXT\n"
    ");\n"
    "CREATE INDEX treatments_patient ON treatments (patient_id, created_at_us);\n"
    "CREATE INDEX treatments_session ON treatments (monitoring_session_id);\n"
    "CREATE TABLE treatment_steps (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  treatment_id  INTEGER NOT NULL REFERENCES treatments (id),\n"
    "  seq           INTEGER NOT NULL CHECK (seq >= 1),\n"
    "  kind          TEXT NOT NULL,\n"
    "  wall_us       INTEGER NOT NULL,\n"
    "  who           TEXT NOT NULL CHECK (length(trim(who)) > 0),\n"
    "  reason        TEXT,\n"
    "  override      INTEGER NOT NULL CHECK (override IN (0, 1)),\n"
    "  UNIQUE (treatment_id, seq)\n"
    ");\n"
    "CREATE TABLE treatment_events (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  treatment_id  INTEGER NOT NULL REFERENCES treatments (id),\n"
    "  wall_us       INTEGER NOT NULL,\n"
    "  kind          TEXT NOT NULL,\n"
    "  drug_name     TEXT,\n"
    "  drug_dose     TEXT,\n"
    "  note          TEXT,\n"
    "  who           TEXT NOT NULL CHECK (length(trim(who)) > 0),\n"
    "  CHECK (kind <> 'drug' OR coalesce(length(trim(drug_name)), 0) > 0)\n"
    ");\n"
    "CREATE INDEX treatment_events_treatment ON treatment_events (treatment_id, wall_us);\n"
    "CREATE TABLE treatment_scores (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  treatment_id  INTEGER NOT NULL REFERENCES treatments (id),\n"
    "  wall_us       INTEGER NOT NULL,\n"
    "  scale         TEXT NOT NULL,\n"
    "  items         TEXT NOT NULL,\n"
    "  total         INTEGER NOT NULL CHECK (total >= 0),\n"
    "  who           TEXT NOT NULL CHECK (length(trim(who)) > 0)\n"
    ");\n"
    "CREATE INDEX treatment_scores_treatment ON treatment_scores (treatment_id, scale, wall_us);\n"
    "CREATE TABLE checklist_answers (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  treatment_id  INTEGER NOT NULL REFERENCES treatments (id),\n"
    "  item_key      TEXT NOT NULL CHECK (length(trim(item_key)) > 0),\n"
    "  value         TEXT NOT NULL,\n"
    "  wall_us       INTEGER NOT NULL,\n"
    "  who           TEXT NOT NULL CHECK (length(trim(who)) > 0)\n"
    ");\n"
    "CREATE INDEX checklist_answers_treatment ON checklist_answers (treatment_id, item_key, wall_us);\n"
    "CREATE TABLE dose_inputs (\n"
    "  id                       INTEGER PRIMARY KEY,\n"
    "  treatment_id             INTEGER NOT NULL REFERENCES treatments (id),\n"
    "  weight_kg                REAL NOT NULL CHECK (weight_kg > 0 AND weight_kg < 700),\n"
    "  dose_mg_per_kg           REAL NOT NULL CHECK (dose_mg_per_kg > 0),\n"
    "  concentration_mg_per_ml  REAL NOT NULL CHECK (concentration_mg_per_ml > 0),\n"
    "  duration_min             REAL NOT NULL CHECK (duration_min > 0),\n"
    "  dose_mg                  REAL NOT NULL CHECK (dose_mg > 0),\n"
    "  volume_ml                REAL NOT NULL CHECK (volume_ml > 0),\n"
    "  rate_ml_per_h            REAL NOT NULL CHECK (rate_ml_per_h > 0),\n"
    "  confirmed_by             TEXT NOT NULL CHECK (length(trim(confirmed_by)) > 0),\n"
    "  wall_us                  INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX dose_inputs_treatment ON dose_inputs (treatment_id, wall_us);\n"
  },
  {
    /* Vitals arrive at about 1 Hz per parameter: no CHECK beyond what the
     * C entry point already refuses, and one index for a session's time
     * line, which is how every reader (history, reports) asks. */
    3, "vitals",
    "CREATE TABLE vitals (\n"
    "  id              INTEGER PRIMARY KEY,\n"
    "  session_id      INTEGER NOT NULL REFERENCES monitoring_sessions (id),\n"
    "  wall_us         INTEGER NOT NULL,\n"
    "  device_time_us  INTEGER,\n"
    "  parameter       TEXT NOT NULL,\n"
    "  value           REAL,\n"
    "  diastolic       REAL,\n"
    "  mean            REAL,\n"
    "  quality         INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX vitals_session ON vitals (session_id, wall_us);\n"
  },
  {
    /* A PIN is only ever kept as its Argon2id hash: the CHECK refuses
     * anything else, so a clear PIN can never land in the file. Names are
     * unique among the people still on the list (removed ones keep their
     * row for the audit log). Roles have no CHECK: a vocabulary that may
     * grow (VigilStaff checks it). audit_log.person_id has no foreign key
     * on purpose: an audit line may wait in the queue like an alarm, and a
     * queued record must never be refused later; staff rows are never
     * deleted, and the line keeps the name as it was anyway. */
    4, "staff roster and audit log",
    "CREATE TABLE staff (\n"
    "  id          INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  name        TEXT NOT NULL CHECK (length(trim(name)) > 0 AND length(name) <= 64),\n"
    "  role        TEXT NOT NULL,\n"
    "  pin_hash    TEXT NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),\n"
    "  created_us  INTEGER NOT NULL,\n"
    "  removed_us  INTEGER\n"
    ");\n"
    "CREATE UNIQUE INDEX staff_active_name ON staff (name COLLATE NOCASE)\n"
    "  WHERE removed_us IS NULL;\n"
    "CREATE TABLE audit_log (\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  wall_us      INTEGER NOT NULL,\n"
    "  person_id    INTEGER,\n"
    "  person_name  TEXT,\n"
    "  role         TEXT,\n"
    "  action       TEXT NOT NULL CHECK (length(trim(action)) > 0),\n"
    "  detail       TEXT\n"
    ");\n"
    "CREATE INDEX audit_log_time ON audit_log (wall_us);\n"
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VIGIL_STORE_SCHEMA_VERSION);

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_SESSION_EXISTS,
  STMT_INSERT_SESSION,
  STMT_END_SESSION,
  STMT_INSERT_ALARM,
  STMT_SET_SESSION_SOUND,
  STMT_PATIENT_EXISTS,
  STMT_INSERT_PATIENT,
  STMT_PATIENT_BY_CLINIC_ID,
  STMT_TREATMENT_EXISTS,
  STMT_INSERT_TREATMENT,
  STMT_INSERT_STEP,
  STMT_INSERT_EVENT,
  STMT_INSERT_SCORE,
  STMT_INSERT_ANSWER,
  STMT_INSERT_DOSE,
  STMT_INSERT_VITAL,
  STMT_LIST_VITALS,
  STMT_INSERT_STAFF,
  STMT_UPDATE_STAFF,
  STMT_INSERT_AUDIT,
  N_STMTS
} StmtId;

static const char *stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_SESSION_EXISTS] = "SELECT 1 FROM monitoring_sessions WHERE id = ?1",
  [STMT_INSERT_SESSION] =
    "INSERT INTO monitoring_sessions"
    " (id, started_at_us, ended_at_us, simulated, scenario, app_version)"
    " VALUES (?1, ?2, NULL, ?3, ?4, ?5)",
  [STMT_END_SESSION] = "UPDATE monitoring_sessions SET ended_at_us = ?2 WHERE id = ?1",
  [STMT_INSERT_ALARM] =
    "INSERT INTO alarm_log"
    " (session_id, wall_us, kind, condition, condition_key, priority,"
    "  value, limit_value, old_limit, message, who)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  [STMT_SET_SESSION_SOUND] =
    "UPDATE monitoring_sessions SET sound_self_test = ?2, sound_output = ?3 WHERE id = ?1",
  [STMT_PATIENT_EXISTS] = "SELECT 1 FROM patients WHERE id = ?1",
  [STMT_INSERT_PATIENT] =
    "INSERT INTO patients"
    " (id, name, clinic_id, date_of_birth, weight_kg, mental_health_provider, created_at_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_PATIENT_BY_CLINIC_ID] = "SELECT id FROM patients WHERE clinic_id = ?1",
  [STMT_TREATMENT_EXISTS] = "SELECT 1 FROM treatments WHERE id = ?1",
  [STMT_INSERT_TREATMENT] =
    "INSERT INTO treatments"
    " (id, patient_id, monitoring_session_id, series_number, planned_count,"
    "  maintenance, simulated, created_at_us, config)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  /* seq is assigned inside the transaction, so queued steps keep their
   * order and the numbers stay contiguous. */
  [STMT_INSERT_STEP] =
    "INSERT INTO treatment_steps"
    " (treatment_id, seq, kind, wall_us, who, reason, override)"
    " VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM treatment_steps"
    "              WHERE treatment_id = ?1), ?2, ?3, ?4, ?5, ?6)",
  [STMT_INSERT_EVENT] =
    "INSERT INTO treatment_events"
    " (treatment_id, wall_us, kind, drug_name, drug_dose, note, who)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_INSERT_SCORE] =
    "INSERT INTO treatment_scores (treatment_id, wall_us, scale, items, total, who)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_INSERT_ANSWER] =
    "INSERT INTO checklist_answers (treatment_id, item_key, value, wall_us, who)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_INSERT_DOSE] =
    "INSERT INTO dose_inputs"
    " (treatment_id, weight_kg, dose_mg_per_kg, concentration_mg_per_ml, duration_min,"
    "  dose_mg, volume_ml, rate_ml_per_h, confirmed_by, wall_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
  [STMT_INSERT_VITAL] =
    "INSERT INTO vitals"
    " (session_id, wall_us, device_time_us, parameter, value, diastolic, mean, quality)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [STMT_LIST_VITALS] =
    "SELECT wall_us, device_time_us, parameter, value, diastolic, mean, quality"
    " FROM vitals WHERE session_id = ?1 AND wall_us >= ?2 AND wall_us < ?3"
    " ORDER BY wall_us, id",
  [STMT_INSERT_STAFF] =
    "INSERT INTO staff (name, role, pin_hash, created_us) VALUES (?1, ?2, ?3, ?4)",
  /* NULL leaves a column as it is; a removed person is never changed. */
  [STMT_UPDATE_STAFF] =
    "UPDATE staff SET role = coalesce(?2, role), pin_hash = coalesce(?3, pin_hash),"
    " removed_us = coalesce(?4, removed_us) WHERE id = ?1 AND removed_us IS NULL",
  [STMT_INSERT_AUDIT] =
    "INSERT INTO audit_log (wall_us, person_id, person_name, role, action, detail)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

/* A row whose id is handed out before it is written: a session, a
 * patient, a treatment. */
typedef struct
{
  gint64 handle;      /* the id given to the caller */
  gint64 db_id;       /* its row's id; 0 while the row is queued */
  gint64 written_id;  /* its row's id in the transaction being written */
} Row;

typedef enum
{
  OP_BEGIN_SESSION,
  OP_END_SESSION,
  OP_APPEND_ALARM,
  OP_SET_SESSION_SOUND,
  OP_CREATE_PATIENT,
  OP_CREATE_TREATMENT,
  OP_APPEND_STEP,
  OP_APPEND_EVENT,
  OP_APPEND_SCORE,
  OP_APPEND_ANSWER,
  OP_APPEND_DOSE,
  OP_APPEND_VITALS,
  OP_APPEND_AUDIT,
} OpKind;

/* A vital waiting in memory: its session by the row handed out, so a
 * session whose id had to change is followed. */
typedef struct
{
  Row             *session;  /* owned by self->sessions */
  VigilStoreVital  vital;
} BufferedVital;

typedef struct
{
  OpKind              kind;
  Row                *session;        /* owned by self->sessions */
  gint64              session_db_id;  /* a treatment's session of an earlier run */
  Row                *row;            /* the patient or treatment created, or the
                                       * treatment appended to; owned by self */
  Row                *patient;        /* a treatment's patient */
  gint64              time_us;        /* started or ended */
  gboolean            simulated;      /* also: the sound self-test passed */
  char               *scenario;       /* also: the sound output or problem */
  VigilAlarmLogEntry *entry;
  gpointer            record;         /* the copied record of the other kinds;
                                       * vitals: a GArray of BufferedVital */
} Op;

struct _VigilStore
{
  GObject       parent_instance;

  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  char         *path;
  char         *moved_aside_path;
  char         *warning;
  int           schema_version;

  GHashTable   *sessions;      /* handle → Row */
  gint64        next_handle;
  GHashTable   *patients;      /* handle → Row, created or looked up */
  gint64        next_patient;
  GHashTable   *treatments;    /* handle → Row, created or looked up */
  gint64        next_treatment;
  GQueue        pending;       /* Op*, oldest first */
  guint         notified_pending;
  GError       *health_error;  /* why the queue is not empty */
  guint         n_pending;     /* records in the queue; a vitals batch counts its rows */
  GMainContext *context;
  GSource      *retry_source;

  GArray       *vitals;        /* BufferedVital, not yet tried */
  GSource      *flush_source;  /* writes them FLUSH_INTERVAL_MS after the first */
};

G_DEFINE_FINAL_TYPE (VigilStore, vigil_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_HEALTHY,
  PROP_PENDING_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  HEALTH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
op_free (Op *op)
{
  g_free (op->scenario);
  g_clear_pointer (&op->entry, vigil_alarm_log_entry_free);
  if (op->record != NULL)
    {
      switch (op->kind)
        {
        case OP_CREATE_PATIENT:
          vigil_store_patient_free (op->record);
          break;
        case OP_CREATE_TREATMENT:
          vigil_store_treatment_free (op->record);
          break;
        case OP_APPEND_STEP:
          vigil_treatment_step_free (op->record);
          break;
        case OP_APPEND_EVENT:
          vigil_store_treatment_event_free (op->record);
          break;
        case OP_APPEND_SCORE:
          vigil_store_score_free (op->record);
          break;
        case OP_APPEND_ANSWER:
          vigil_store_checklist_answer_free (op->record);
          break;
        case OP_APPEND_DOSE:
          vigil_store_dose_input_free (op->record);
          break;
        case OP_APPEND_VITALS:
          g_array_unref (op->record);
          break;
        case OP_APPEND_AUDIT:
          vigil_store_audit_entry_free (op->record);
          break;
        case OP_BEGIN_SESSION:
        case OP_END_SESSION:
        case OP_APPEND_ALARM:
        case OP_SET_SESSION_SOUND:
        default:
          g_assert_not_reached ();
        }
    }
  g_free (op);
}

/* Errors */

static VigilStoreError
classify (int rc,
          int sys_errno)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return VIGIL_STORE_ERROR_BUSY;
    case SQLITE_FULL:
      return VIGIL_STORE_ERROR_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return VIGIL_STORE_ERROR_READ_ONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return VIGIL_STORE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      if (sys_errno == ENOSPC || sys_errno == EDQUOT)
        return VIGIL_STORE_ERROR_FULL;
      if (sys_errno == EROFS || sys_errno == EACCES || sys_errno == EPERM)
        return VIGIL_STORE_ERROR_READ_ONLY;
      return (rc & 0xff) == SQLITE_CANTOPEN ? VIGIL_STORE_ERROR_OPEN : VIGIL_STORE_ERROR_IO;
    default:
      return VIGIL_STORE_ERROR_IO;
    }
}

/* What went wrong and what to do about it, for a nurse or an IT person. */
static char *
describe (VigilStoreError  code,
          const char      *path)
{
  switch (code)
    {
    case VIGIL_STORE_ERROR_BUSY:
      return g_strdup_printf (_("The database %s is locked by another program. "
                                "Close other programs that use this file."), path);
    case VIGIL_STORE_ERROR_FULL:
      return g_strdup_printf (_("The disk that holds the database %s is full. "
                                "Free some disk space."), path);
    case VIGIL_STORE_ERROR_READ_ONLY:
      return g_strdup_printf (_("The database %s cannot be written: the file, its folder "
                                "or its disk is read-only. Check its permissions and the disk."),
                              path);
    case VIGIL_STORE_ERROR_CORRUPT:
      return g_strdup_printf (_("The database %s is damaged. Call your IT staff; when Vigil "
                                "starts next, it moves the damaged file aside and starts a new one."),
                              path);
    case VIGIL_STORE_ERROR_OPEN:
      return g_strdup_printf (_("The database %s cannot be opened. Check that its folder "
                                "exists and can be written."), path);
    case VIGIL_STORE_ERROR_FOREIGN:
    case VIGIL_STORE_ERROR_TOO_NEW:
    case VIGIL_STORE_ERROR_INVALID:
    case VIGIL_STORE_ERROR_IO:
    default:
      return g_strdup_printf (_("The database %s cannot be read or written "
                                "(input/output error). Check the disk."), path);
    }
}

/* @what: the first sentence, e.g. "An alarm record could not be saved." */
static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *path,
                  const char  *what,
                  const char  *then)
{
  VigilStoreError code = classify (rc, db != NULL ? sqlite3_system_errno (db) : 0);
  g_autofree char *cause = describe (code, path);
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_set_error (error, VIGIL_STORE_ERROR, code, "%s %s%s%s (SQLite: %s)",
               what, cause, then != NULL ? " " : "", then != NULL ? then : "", detail);
}

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path,
                 const char  *what)
{
  VigilStoreError code = classify (SQLITE_CANTOPEN, saved_errno);
  g_autofree char *cause = describe (code, path);

  g_set_error (error, VIGIL_STORE_ERROR, code, "%s %s (%s)",
               what, cause, g_strerror (saved_errno));
}

/* Files */

static gboolean
fsync_directory (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Creates @path with mode 0600 (and its folder with 0700) unless it exists. */
static gboolean
ensure_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat st;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *what = g_strdup_printf (_("The folder %s cannot be created."), dir);

      set_errno_error (error, saved_errno, path, what);
      return FALSE;
    }

  fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      /* The new name must survive a power loss like its contents. */
      fsync (fd);
      close (fd);
      fsync_directory (path);
      return TRUE;
    }

  if (errno != EEXIST)
    {
      set_errno_error (error, errno, path, _("The database file cannot be created."));
      return FALSE;
    }

  if (stat (path, &st) != 0)
    {
      set_errno_error (error, errno, path, _("The database file cannot be opened."));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("%s is not a file. Give a file name for the database."), path);
      return FALSE;
    }
  return TRUE;
}

/* "<path>.corrupt-YYYYmmdd-HHMMSS", with "-N" if that exists already. */
static char *
moved_aside_name (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *name = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint n = 2; g_file_test (name, G_FILE_TEST_EXISTS); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }
  return name;
}

/* Moves the database and its companions aside together, so the pair stays
 * readable where it lands and no stale WAL is replayed into a new file. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  static const char *suffixes[] = { "-wal", "-shm", "-journal" };
  g_autofree char *target = moved_aside_name (path);

  if (g_rename (path, target) != 0)
    {
      set_errno_error (error, errno, path,
                       _("The damaged database file cannot be moved aside."));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        {
          set_errno_error (error, errno, path,
                           _("A companion file of the damaged database cannot be moved aside."));
          return NULL;
        }
    }
  fsync_directory (path);
  return g_steal_pointer (&target);
}

/* SQLite helpers */

static int
exec_int (sqlite3    *db,
          const char *sql,
          gint64     *out_value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        {
          *out_value = 0;
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

static int
exec_text (sqlite3     *db,
           const char  *sql,
           char       **out_text)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  *out_text = NULL;
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

static void
rollback_quietly (sqlite3 *db)
{
  /* SQLite may already have rolled back (after FULL, IOERR, BUSY …). */
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

typedef enum
{
  CHECK_OK,
  CHECK_DAMAGED,
  CHECK_FAILED,
} CheckResult;

/* quick_check or integrity_check; tells a damaged file from one that
 * cannot be read right now (locked, I/O), which must never be moved. */
static CheckResult
check_database (sqlite3     *db,
                const char  *pragma,
                char       **out_problem,
                int         *out_rc)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;
  guint n = 0;

  *out_problem = NULL;
  *out_rc = SQLITE_OK;

  rc = sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      rc = SQLITE_OK;
      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (n++ < 3)
        g_string_append_printf (problems, "%s%s", problems->len > 0 ? "; " : "", line);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      int primary = rc & 0xff;

      *out_rc = rc;
      if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        {
          *out_problem = g_strdup (sqlite3_errstr (rc));
          return CHECK_DAMAGED;
        }
      return CHECK_FAILED;
    }
  if (n > 0)
    {
      *out_problem = g_string_free (g_steal_pointer (&problems), FALSE);
      return CHECK_DAMAGED;
    }
  return CHECK_OK;
}

static sqlite3 *
open_connection (const char  *path,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, path, _("The database cannot be opened."), NULL);
      sqlite3_close_v2 (db);
      return NULL;
    }

  /* SQLite falls back to read-only when it may not write: say so now
   * rather than at the first alarm. */
  if (sqlite3_db_readonly (db, "main") == 1)
    {
      set_sqlite_error (error, NULL, SQLITE_READONLY, path,
                        _("The database cannot be opened for writing."), NULL);
      sqlite3_close_v2 (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, OPEN_BUSY_TIMEOUT_MS);
  /* No schema tricks through SQL (writable_schema and the like), and no
   * functions with side effects run from inside the schema. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  /* Until the file has passed its check, closing must not fold the WAL
   * into it (nor delete the WAL): a damaged file is moved aside as found. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  return db;
}

/* A file that does not even start like an SQLite database is damaged; it
 * is moved aside before SQLite touches it or its companions. */
static gboolean
has_sqlite_header (const char *path)
{
  static const char magic[16] = "SQLite format 3";  /* with its NUL */
  char header[16];
  struct stat st;
  ssize_t n;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return TRUE;  /* let SQLite report why it cannot be opened */
  if (fstat (fd, &st) != 0 || st.st_size == 0)
    {
      close (fd);
      return TRUE;  /* a new file */
    }
  n = read (fd, header, sizeof header);
  close (fd);
  return n == (ssize_t) sizeof header && memcmp (header, magic, sizeof magic) == 0;
}

/* Pragmas that belong to a connection, after the file has been checked. */
static gboolean
configure_connection (sqlite3     *db,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *mode = NULL;
  g_autofree char *sql = NULL;
  gint64 value = 0;
  int rc;

  rc = exec_text (db, "PRAGMA journal_mode = WAL", &mode);
  if (rc != SQLITE_OK)
    goto fail;
  if (g_ascii_strcasecmp (mode != NULL ? mode : "", "wal") != 0)
    {
      /* WAL needs shared memory: not on network file systems. */
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("The database %s cannot use write-ahead logging (journal mode “%s”). "
                     "Put it on a local disk."), path, mode != NULL ? mode : "");
      return FALSE;
    }

  sql = g_strdup_printf ("PRAGMA synchronous = FULL;"
                         "PRAGMA foreign_keys = ON;"
                         "PRAGMA journal_size_limit = %d;"
                         "PRAGMA wal_autocheckpoint = 1000;",
                         JOURNAL_SIZE_LIMIT);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail;

  /* foreign_keys is silently a no-op inside a transaction or in builds
   * without it: check that it took. */
  rc = exec_int (db, "PRAGMA foreign_keys", &value);
  if (rc != SQLITE_OK)
    goto fail;
  if (value != 1)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("The SQLite library does not enforce foreign keys; "
                     "the database %s cannot be used safely."), path);
      return FALSE;
    }
  return TRUE;

fail:
  set_sqlite_error (error, db, rc, path, _("The database cannot be set up."), NULL);
  return FALSE;
}

static int
read_schema_version (sqlite3 *db,
                     gint64  *out_version)
{
  gint64 has_table = 0;
  int rc;

  rc = exec_int (db,
                 "SELECT count(*) FROM sqlite_schema"
                 " WHERE type = 'table' AND name = 'schema_version'",
                 &has_table);
  if (rc != SQLITE_OK)
    return rc;
  if (!has_table)
    {
      *out_version = 0;
      return SQLITE_OK;
    }
  return exec_int (db, "SELECT coalesce(max(version), 0) FROM schema_version", out_version);
}

/* Refuses files that are valid databases of another program. */
static gboolean
check_ownership (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  gint64 application_id = 0;
  gint64 n_objects = 0;
  gint64 version = 0;
  int rc;

  if ((rc = exec_int (db, "PRAGMA application_id", &application_id)) != SQLITE_OK ||
      (rc = exec_int (db, "SELECT count(*) FROM sqlite_schema", &n_objects)) != SQLITE_OK ||
      (rc = read_schema_version (db, &version)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, path, _("The database cannot be read."), NULL);
      return FALSE;
    }

  if ((application_id != 0 && application_id != VIGIL_STORE_APPLICATION_ID) ||
      (application_id == 0 && n_objects > 0))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FOREIGN,
                   _("%s is a database of another program, not a Vigil database. "
                     "It was left untouched; choose another file with --db."), path);
      return FALSE;
    }
  if (version > VIGIL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW,
                   _("The database %s was written by a newer Vigil (schema version %lld, "
                     "this Vigil knows up to %d). It was left untouched; "
                     "update Vigil or choose another file with --db."),
                   path, (long long) version, VIGIL_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_migrations (sqlite3     *db,
                const char  *path,
                int         *out_version,
                GError     **error)
{
  gint64 version = 0;
  int rc;

  rc = read_schema_version (db, &version);
  if (rc != SQLITE_OK)
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];
      g_autofree char *pragmas = NULL;
      sqlite3_stmt *stmt = NULL;

      if (m->version <= version)
        continue;

      rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        goto fail;

      /* Another Vigil may have migrated while we waited for the lock. */
      rc = read_schema_version (db, &version);
      if (rc != SQLITE_OK)
        goto fail_rollback;
      if (m->version <= version)
        {
          sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
          continue;
        }

      rc = sqlite3_exec (db, m->sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        goto fail_rollback;

      rc = sqlite3_prepare_v2 (db,
                               "INSERT INTO schema_version"
                               " (version, applied_at_us, app_version, description)"
                               " VALUES (?1, ?2, ?3, ?4)",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int (stmt, 1, m->version);
          sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
          sqlite3_bind_text (stmt, 3, VIGIL_VERSION, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, m->description, -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_OK)
        goto fail_rollback;

      /* application_id marks the file as ours; user_version mirrors the
       * schema version for tools that only read the header. */
      pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                 VIGIL_STORE_APPLICATION_ID, m->version);
      rc = sqlite3_exec (db, pragmas, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        goto fail_rollback;

      rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        goto fail_rollback;
      version = m->version;
    }

  *out_version = (int) version;
  return TRUE;

fail_rollback:
  {
    /* Keep the error of the failing step, not of the rollback. */
    g_autofree char *what = g_strdup_printf (_("The database could not be updated to schema version %d."),
                                             (int) version + 1);

    set_sqlite_error (error, db, rc, path, what, NULL);
    rollback_quietly (db);
    return FALSE;
  }

fail:
  set_sqlite_error (error, db, rc, path, _("The database could not be updated."), NULL);
  return FALSE;
}

/* Health */

static void
set_healthy (VigilStore   *self,
             const GError *cause)
{
  gboolean was_healthy = self->health_error == NULL;
  gboolean healthy = cause == NULL;

  g_clear_error (&self->health_error);
  if (cause != NULL)
    self->health_error = g_error_copy (cause);

  if (self->notified_pending != self->n_pending)
    {
      self->notified_pending = self->n_pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
    }
  if (was_healthy != healthy)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTHY]);
      g_signal_emit (self, signals[HEALTH_CHANGED], 0, healthy);
    }
}

/* Writing the queue */

static int
step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gint64
row_db_id (const Row *row)
{
  return row->db_id != 0 ? row->db_id : row->written_id;
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           index,
                     double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Whether a row with @id exists, through one of the *_EXISTS statements. */
static int
row_exists (VigilStore *self,
            StmtId      exists_stmt,
            gint64      id,
            gboolean   *out_exists)
{
  sqlite3_stmt *stmt = self->stmts[exists_stmt];
  int rc;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *out_exists = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void
bind_session_ref (sqlite3_stmt *stmt,
                  int           index,
                  const Op     *op)
{
  if (op->session != NULL)
    sqlite3_bind_int64 (stmt, index, row_db_id (op->session));
  else if (op->session_db_id != 0)
    sqlite3_bind_int64 (stmt, index, op->session_db_id);
  else
    sqlite3_bind_null (stmt, index);
}

static int
write_audit (VigilStore                 *self,
             const VigilStoreAuditEntry *a)
{
  sqlite3_stmt *stmt = self->stmts[STMT_INSERT_AUDIT];

  sqlite3_bind_int64 (stmt, 1, a->wall_us);
  if (a->person_id != 0)
    sqlite3_bind_int64 (stmt, 2, a->person_id);
  bind_text_or_null (stmt, 3, a->person_name);
  bind_text_or_null (stmt, 4, a->role);
  sqlite3_bind_text (stmt, 5, a->action, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 6, a->detail);
  return step_done (stmt);
}

static int
write_record (VigilStore *self,
              Op         *op)
{
  gint64 treatment = op->row != NULL ? row_db_id (op->row) : 0;
  sqlite3_stmt *stmt;
  gboolean taken = FALSE;
  int rc;

  switch (op->kind)
    {
    case OP_SET_SESSION_SOUND:
      stmt = self->stmts[STMT_SET_SESSION_SOUND];
      sqlite3_bind_int64 (stmt, 1, row_db_id (op->session));
      sqlite3_bind_text (stmt, 2, op->simulated ? "passed" : "failed", -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 3, op->scenario);
      rc = step_done (stmt);
      if (rc == SQLITE_OK && sqlite3_changes (self->db) != 1)
        rc = SQLITE_CORRUPT;
      return rc;

    case OP_CREATE_PATIENT:
      {
        const VigilStorePatient *p = op->record;

        rc = row_exists (self, STMT_PATIENT_EXISTS, op->row->handle, &taken);
        if (rc != SQLITE_OK)
          return rc;
        stmt = self->stmts[STMT_INSERT_PATIENT];
        if (!taken)
          sqlite3_bind_int64 (stmt, 1, op->row->handle);
        sqlite3_bind_text (stmt, 2, p->name, -1, SQLITE_TRANSIENT);
        bind_text_or_null (stmt, 3, p->clinic_id);
        bind_text_or_null (stmt, 4, p->date_of_birth);
        bind_double_or_null (stmt, 5, p->weight_kg);
        bind_text_or_null (stmt, 6, p->mental_health_provider);
        sqlite3_bind_int64 (stmt, 7, p->created_at_us);
        rc = step_done (stmt);
        if (rc == SQLITE_OK)
          op->row->written_id = sqlite3_last_insert_rowid (self->db);
        return rc;
      }

    case OP_CREATE_TREATMENT:
      {
        const VigilStoreTreatment *t = op->record;

        rc = row_exists (self, STMT_TREATMENT_EXISTS, op->row->handle, &taken);
        if (rc != SQLITE_OK)
          return rc;
        stmt = self->stmts[STMT_INSERT_TREATMENT];
        if (!taken)
          sqlite3_bind_int64 (stmt, 1, op->row->handle);
        sqlite3_bind_int64 (stmt, 2, row_db_id (op->patient));
        bind_session_ref (stmt, 3, op);
        sqlite3_bind_int64 (stmt, 4, t->series_number);
        sqlite3_bind_int64 (stmt, 5, t->planned_count);
        sqlite3_bind_int (stmt, 6, t->maintenance ? 1 : 0);
        sqlite3_bind_int (stmt, 7, t->simulated ? 1 : 0);
        sqlite3_bind_int64 (stmt, 8, t->created_at_us);
        bind_text_or_null (stmt, 9, t->config);
        rc = step_done (stmt);
        if (rc == SQLITE_OK)
          op->row->written_id = sqlite3_last_insert_rowid (self->db);
        return rc;
      }

    case OP_APPEND_STEP:
      {
        const VigilTreatmentStep *step = op->record;

        stmt = self->stmts[STMT_INSERT_STEP];
        sqlite3_bind_int64 (stmt, 1, treatment);
        sqlite3_bind_text (stmt, 2, vigil_treatment_step_kind_to_string (step->kind), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, step->wall_us);
        sqlite3_bind_text (stmt, 4, step->who, -1, SQLITE_TRANSIENT);
        bind_text_or_null (stmt, 5, step->reason);
        sqlite3_bind_int (stmt, 6, step->override ? 1 : 0);
        return step_done (stmt);
      }

    case OP_APPEND_EVENT:
      {
        const VigilStoreTreatmentEvent *e = op->record;

        stmt = self->stmts[STMT_INSERT_EVENT];
        sqlite3_bind_int64 (stmt, 1, treatment);
        sqlite3_bind_int64 (stmt, 2, e->wall_us);
        sqlite3_bind_text (stmt, 3, vigil_store_event_kind_to_string (e->kind), -1, SQLITE_STATIC);
        bind_text_or_null (stmt, 4, e->drug_name);
        bind_text_or_null (stmt, 5, e->drug_dose);
        bind_text_or_null (stmt, 6, e->note);
        sqlite3_bind_text (stmt, 7, e->who, -1, SQLITE_TRANSIENT);
        return step_done (stmt);
      }

    case OP_APPEND_SCORE:
      {
        const VigilStoreScore *sc = op->record;

        stmt = self->stmts[STMT_INSERT_SCORE];
        sqlite3_bind_int64 (stmt, 1, treatment);
        sqlite3_bind_int64 (stmt, 2, sc->wall_us);
        sqlite3_bind_text (stmt, 3, vigil_store_scale_to_string (sc->scale), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, sc->items, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 5, sc->total);
        sqlite3_bind_text (stmt, 6, sc->who, -1, SQLITE_TRANSIENT);
        return step_done (stmt);
      }

    case OP_APPEND_ANSWER:
      {
        const VigilStoreChecklistAnswer *a = op->record;

        stmt = self->stmts[STMT_INSERT_ANSWER];
        sqlite3_bind_int64 (stmt, 1, treatment);
        sqlite3_bind_text (stmt, 2, a->item_key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, a->value, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 4, a->wall_us);
        sqlite3_bind_text (stmt, 5, a->who, -1, SQLITE_TRANSIENT);
        return step_done (stmt);
      }

    case OP_APPEND_DOSE:
      {
        const VigilStoreDoseInput *d = op->record;

        stmt = self->stmts[STMT_INSERT_DOSE];
        sqlite3_bind_int64 (stmt, 1, treatment);
        sqlite3_bind_double (stmt, 2, d->weight_kg);
        sqlite3_bind_double (stmt, 3, d->dose_mg_per_kg);
        sqlite3_bind_double (stmt, 4, d->concentration_mg_per_ml);
        sqlite3_bind_double (stmt, 5, d->duration_min);
        sqlite3_bind_double (stmt, 6, d->dose_mg);
        sqlite3_bind_double (stmt, 7, d->volume_ml);
        sqlite3_bind_double (stmt, 8, d->rate_ml_per_h);
        sqlite3_bind_text (stmt, 9, d->confirmed_by, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 10, d->wall_us);
        return step_done (stmt);
      }

    case OP_APPEND_VITALS:
      {
        GArray *vitals = op->record;

        stmt = self->stmts[STMT_INSERT_VITAL];
        for (guint i = 0; i < vitals->len; i++)
          {
            const BufferedVital *b = &g_array_index (vitals, BufferedVital, i);
            const VigilStoreVital *v = &b->vital;

            sqlite3_bind_int64 (stmt, 1, row_db_id (b->session));
            sqlite3_bind_int64 (stmt, 2, v->wall_us);
            if (v->device_time_us != 0)
              sqlite3_bind_int64 (stmt, 3, v->device_time_us);
            sqlite3_bind_text (stmt, 4, vigil_parameter_to_string (v->parameter), -1, SQLITE_STATIC);
            bind_double_or_null (stmt, 5, v->value);
            bind_double_or_null (stmt, 6, v->diastolic);
            bind_double_or_null (stmt, 7, v->mean);
            sqlite3_bind_int64 (stmt, 8, v->quality);
            rc = step_done (stmt);
            if (rc != SQLITE_OK)
              return rc;
          }
        return SQLITE_OK;
      }

    case OP_APPEND_AUDIT:
      return write_audit (self, op->record);

    case OP_BEGIN_SESSION:
    case OP_END_SESSION:
    case OP_APPEND_ALARM:
    default:
      g_assert_not_reached ();
    }
}

static int
write_op (VigilStore *self,
          Op         *op)
{
  Row *session = op->session;
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;
  int rc;

  switch (op->kind)
    {
    case OP_BEGIN_SESSION:
      /* Keep the id we gave out unless another program took it. */
      rc = row_exists (self, STMT_SESSION_EXISTS, session->handle, &exists);
      if (rc != SQLITE_OK)
        return rc;

      stmt = self->stmts[STMT_INSERT_SESSION];
      if (!exists)
        sqlite3_bind_int64 (stmt, 1, session->handle);
      sqlite3_bind_int64 (stmt, 2, op->time_us);
      sqlite3_bind_int (stmt, 3, op->simulated ? 1 : 0);
      bind_text_or_null (stmt, 4, op->scenario);
      sqlite3_bind_text (stmt, 5, VIGIL_VERSION, -1, SQLITE_STATIC);
      rc = step_done (stmt);
      if (rc == SQLITE_OK)
        session->written_id = sqlite3_last_insert_rowid (self->db);
      return rc;

    case OP_END_SESSION:
      stmt = self->stmts[STMT_END_SESSION];
      sqlite3_bind_int64 (stmt, 1, row_db_id (session));
      sqlite3_bind_int64 (stmt, 2, op->time_us);
      rc = step_done (stmt);
      /* The row was deleted behind our back: keep the record queued. */
      if (rc == SQLITE_OK && sqlite3_changes (self->db) != 1)
        rc = SQLITE_CORRUPT;
      return rc;

    case OP_APPEND_ALARM:
      {
        const VigilAlarmLogEntry *e = op->entry;
        const VigilAlarmInfo *info = vigil_alarm_get_info (e->id);

        stmt = self->stmts[STMT_INSERT_ALARM];
        sqlite3_bind_int64 (stmt, 1, row_db_id (session));
        sqlite3_bind_int64 (stmt, 2, e->wall_us);
        sqlite3_bind_text (stmt, 3, vigil_alarm_log_kind_to_string (e->kind), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, info->code, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, info->key, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 6, vigil_alarm_priority_to_string (e->priority), -1, SQLITE_STATIC);
        bind_double_or_null (stmt, 7, e->value);
        bind_double_or_null (stmt, 8, e->limit);
        bind_double_or_null (stmt, 9, e->old_limit);
        bind_text_or_null (stmt, 10, e->message);
        bind_text_or_null (stmt, 11, e->who);
        return step_done (stmt);
      }

    default:
      return write_record (self, op);
    }
}

/* The row an op creates, if any. */
static Row *
op_created_row (Op *op)
{
  switch (op->kind)
    {
    case OP_BEGIN_SESSION:
      return op->session;
    case OP_CREATE_PATIENT:
    case OP_CREATE_TREATMENT:
      return op->row;
    case OP_END_SESSION:
    case OP_APPEND_ALARM:
    case OP_SET_SESSION_SOUND:
    case OP_APPEND_STEP:
    case OP_APPEND_EVENT:
    case OP_APPEND_SCORE:
    case OP_APPEND_ANSWER:
    case OP_APPEND_DOSE:
    case OP_APPEND_VITALS:
    case OP_APPEND_AUDIT:
    default:
      return NULL;
    }
}

static void
forget_written_ids (VigilStore *self)
{
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Row *row = op_created_row (l->data);

      if (row != NULL)
        row->written_id = 0;
    }
}

/* Writes the whole queue in one transaction; on success empties it. */
static gboolean
write_pending (VigilStore  *self,
               GError     **error)
{
  Op *op;
  int rc;

  if (g_queue_is_empty (&self->pending))
    return TRUE;

  rc = step_done (self->stmts[STMT_BEGIN]);
  if (rc != SQLITE_OK)
    goto fail;

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      rc = write_op (self, l->data);
      if (rc != SQLITE_OK)
        goto fail;
    }

  rc = step_done (self->stmts[STMT_COMMIT]);
  if (rc != SQLITE_OK)
    goto fail;

  while ((op = g_queue_pop_head (&self->pending)) != NULL)
    {
      Row *row = op_created_row (op);

      if (row != NULL)
        {
          gint64 *next = op->kind == OP_BEGIN_SESSION ? &self->next_handle :
                         op->kind == OP_CREATE_PATIENT ? &self->next_patient :
                         &self->next_treatment;

          row->db_id = row->written_id;
          row->written_id = 0;
          *next = MAX (*next, row->db_id + 1);
        }
      op_free (op);
    }
  self->n_pending = 0;
  return TRUE;

fail:
  {
    guint n = self->n_pending;
    g_autofree char *then =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "%u record is kept in memory and will be saved as soon as the database accepts it.",
                                    "%u records are kept in memory and will be saved as soon as the database accepts them.",
                                    n), n);

    set_sqlite_error (error, self->db, rc, self->path, _("Records cannot be saved."), then);
    rollback_quietly (self->db);
    forget_written_ids (self);
    return FALSE;
  }
}

static gboolean
retry_cb (gpointer data)
{
  VigilStore *self = data;

  vigil_store_retry_pending (self, NULL);
  if (self->health_error == NULL)
    {
      self->retry_source = NULL;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
push_op (VigilStore *self,
         Op         *op)
{
  g_queue_push_tail (&self->pending, op);
  self->n_pending += op->kind == OP_APPEND_VITALS ? ((GArray *) op->record)->len : 1;
}

/* Moves the buffered vitals to the end of the queue, so they are written
 * before any record that comes after them, in the same transaction. */
static void
queue_vitals (VigilStore *self)
{
  Op *tail = g_queue_peek_tail (&self->pending);

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      self->flush_source = NULL;
    }
  if (self->vitals->len == 0)
    return;

  /* While the disk fails, keep one batch per run of vitals, not one per
   * flush. */
  if (tail != NULL && tail->kind == OP_APPEND_VITALS)
    {
      g_array_append_vals (tail->record, self->vitals->data, self->vitals->len);
      self->n_pending += self->vitals->len;
      g_array_set_size (self->vitals, 0);
    }
  else
    {
      Op *op = g_new0 (Op, 1);

      op->kind = OP_APPEND_VITALS;
      op->record = g_steal_pointer (&self->vitals);
      self->vitals = g_array_new (FALSE, FALSE, sizeof (BufferedVital));
      push_op (self, op);
    }
}

/* Queues @op (if any) after the buffered vitals and writes the queue. */
static gboolean
submit (VigilStore  *self,
        Op          *op,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  queue_vitals (self);
  if (op != NULL)
    push_op (self, op);
  if (write_pending (self, &local_error))
    {
      set_healthy (self, NULL);
      return TRUE;
    }

  set_healthy (self, local_error);
  if (self->retry_source == NULL)
    {
      self->retry_source = g_timeout_source_new_seconds (RETRY_INTERVAL_S);
      g_source_set_callback (self->retry_source, retry_cb, self, NULL);
      g_source_set_static_name (self->retry_source, "[vigil] store retry");
      g_source_attach (self->retry_source, self->context);
      g_source_unref (self->retry_source);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* GObject */

static void
vigil_store_dispose (GObject *object)
{
  VigilStore *self = (VigilStore *) object;

  /* Closing: the buffered vitals go to disk now (finalize makes the last
   * attempt for whatever is still queued). */
  if (self->db != NULL && self->vitals->len > 0)
    {
      queue_vitals (self);
      if (write_pending (self, NULL))
        set_healthy (self, NULL);
    }
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      self->flush_source = NULL;
    }
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      self->retry_source = NULL;
    }

  G_OBJECT_CLASS (vigil_store_parent_class)->dispose (object);
}

static void
vigil_store_finalize (GObject *object)
{
  VigilStore *self = (VigilStore *) object;

  if (self->db != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* A last attempt; what still fails is lost, and must be said. */
      queue_vitals (self);
      if (!g_queue_is_empty (&self->pending) && !write_pending (self, &error))
        g_warning ("%u records could not be saved to %s before closing and are lost: %s",
                   self->n_pending, self->path, error->message);

      for (guint i = 0; i < N_STMTS; i++)
        sqlite3_finalize (self->stmts[i]);
      /* The last connection checkpoints and removes the WAL on close. */
      sqlite3_close_v2 (self->db);
    }

  g_queue_clear_full (&self->pending, (GDestroyNotify) op_free);
  g_clear_pointer (&self->vitals, g_array_unref);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->patients, g_hash_table_unref);
  g_clear_pointer (&self->treatments, g_hash_table_unref);
  g_clear_error (&self->health_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);
  g_free (self->moved_aside_path);
  g_free (self->warning);

  G_OBJECT_CLASS (vigil_store_parent_class)->finalize (object);
}

static void
vigil_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VigilStore *self = VIGIL_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_HEALTHY:
      g_value_set_boolean (value, vigil_store_is_healthy (self));
      break;

    case PROP_PENDING_COUNT:
      g_value_set_uint (value, vigil_store_get_pending_count (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_store_class_init (VigilStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_store_dispose;
  object_class->finalize = vigil_store_finalize;
  object_class->get_property = vigil_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEALTHY] =
    g_param_spec_boolean ("healthy", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilStore::health-changed:
   * @healthy: %FALSE when records cannot be saved and wait in memory
   */
  signals[HEALTH_CHANGED] =
    g_signal_new ("health-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
vigil_store_init (VigilStore *self)
{
  g_queue_init (&self->pending);
  self->vitals = g_array_new (FALSE, FALSE, sizeof (BufferedVital));
  self->sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->patients = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->treatments = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->next_handle = 1;
  self->next_patient = 1;
  self->next_treatment = 1;
}

/* Public API */

/**
 * vigil_store_alarm_filter_init:
 * @filter: a filter to fill
 *
 * Sets @filter to keep every row: every session, condition, kind and
 * priority, all times, no limit.
 */
void
vigil_store_alarm_filter_init (VigilStoreAlarmFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->session_id = 0;
  filter->condition = VIGIL_STORE_ALL_CONDITIONS;
  filter->kinds = 0;
  filter->min_priority = VIGIL_ALARM_PRIORITY_NONE;
  filter->from_us = G_MININT64;
  filter->until_us = G_MAXINT64;
}

/**
 * vigil_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/vigil/vigil.db`
 */
char *
vigil_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigil", "vigil.db", NULL);
}

static gboolean
prepare_statements (VigilStore  *self,
                    GError     **error)
{
  for (guint i = 0; i < N_STMTS; i++)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[i], NULL);

      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, self->db, rc, self->path,
                            _("The database cannot be used."), NULL);
          return FALSE;
        }
    }
  return TRUE;
}

/* Ids are never reused, even after a deletion. @table is a constant. */
static gboolean
read_next_id (VigilStore  *self,
              const char  *table,
              gint64      *out_next,
              GError     **error)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT max(coalesce((SELECT max(id) FROM %s), 0),"
                     " coalesce((SELECT seq FROM sqlite_sequence WHERE name = '%s'), 0))",
                     table, table);
  gint64 max_id = 0;
  int rc = exec_int (self->db, sql, &max_id);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->path, _("The database cannot be read."), NULL);
      return FALSE;
    }
  *out_next = max_id + 1;
  return TRUE;
}

/**
 * vigil_store_open:
 * @path: the database file; created (mode 0600, folders 0700) if missing
 * @error: return location for a #VIGIL_STORE_ERROR
 *
 * Opens the database, checks it (quick_check) and brings its schema up to
 * date. A damaged file is moved aside and a new one started: see
 * vigil_store_get_warning(). A locked, unreadable or read-only file, a
 * database of another program or of a newer Vigil are errors, and are left
 * untouched.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
VigilStore *
vigil_store_open (const char  *path,
                  GError     **error)
{
  g_autoptr(VigilStore) self = NULL;
  g_autofree char *problem = NULL;
  CheckResult check;
  gint64 max_id = 0;
  int rc = SQLITE_OK;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VIGIL_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->context = g_main_context_ref_thread_default ();

  if (!ensure_file (path, error))
    return NULL;

  if (!has_sqlite_header (path))
    {
      check = CHECK_DAMAGED;
      problem = g_strdup (_("it is not an SQLite database"));
    }
  else
    {
      self->db = open_connection (path, error);
      if (self->db == NULL)
        return NULL;
      check = check_database (self->db, "PRAGMA quick_check", &problem, &rc);
      if (check == CHECK_FAILED)
        {
          set_sqlite_error (error, self->db, rc, path, _("The database cannot be checked."), NULL);
          return NULL;
        }
    }

  if (check == CHECK_DAMAGED)
    {
      g_autofree char *moved = NULL;

      g_clear_pointer (&self->db, sqlite3_close_v2);
      moved = move_aside (path, error);
      if (moved == NULL)
        return NULL;
      self->moved_aside_path = g_steal_pointer (&moved);
      self->warning =
        g_strdup_printf (_("The database %s was damaged (%s). It has been moved to %s "
                           "and a new, empty database was started. Earlier records are "
                           "in the moved file; keep it for your IT staff."),
                         path, problem, self->moved_aside_path);

      if (!ensure_file (path, error))
        return NULL;
      self->db = open_connection (path, error);
      if (self->db == NULL)
        return NULL;
    }

  if (!check_ownership (self->db, path, error))
    return NULL;

  /* Sound and ours: from now on the last close checkpoints and removes the
   * WAL. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);

  if (!configure_connection (self->db, path, error) ||
      !run_migrations (self->db, path, &self->schema_version, error) ||
      !prepare_statements (self, error))
    return NULL;

  /* Session ids are never reused, even after a deletion. */
  rc = exec_int (self->db,
                 "SELECT max(coalesce((SELECT max(id) FROM monitoring_sessions), 0),"
                 " coalesce((SELECT seq FROM sqlite_sequence"
                 "  WHERE name = 'monitoring_sessions'), 0))",
                 &max_id);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, path, _("The database cannot be read."), NULL);
      return NULL;
    }
  self->next_handle = max_id + 1;
  if (!read_next_id (self, "patients", &self->next_patient, error) ||
      !read_next_id (self, "treatments", &self->next_treatment, error))
    return NULL;

  sqlite3_busy_timeout (self->db, WRITE_BUSY_TIMEOUT_MS);
  return g_steal_pointer (&self);
}

const char *
vigil_store_get_path (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return self->path;
}

int
vigil_store_get_schema_version (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * vigil_store_get_moved_aside_path:
 *
 * Returns: (nullable): where open moved a damaged file, or %NULL
 */
const char *
vigil_store_get_moved_aside_path (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return self->moved_aside_path;
}

/**
 * vigil_store_get_warning:
 *
 * Returns: (nullable): a message for the user about what open had to do
 *   (a damaged file moved aside), or %NULL
 */
const char *
vigil_store_get_warning (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return self->warning;
}

/**
 * vigil_store_begin_session:
 * @started_at_us: wall-clock start, µs since the epoch
 * @simulated: demo data, never a patient's
 * @scenario: (nullable): the demo scenario
 *
 * Records one run of the monitor. Never fails: if the row cannot be written
 * now it is queued (the store turns unhealthy) and the id is valid all the
 * same.
 *
 * Returns: the session id (> 0)
 */
gint64
vigil_store_begin_session (VigilStore *self,
                           gint64      started_at_us,
                           gboolean    simulated,
                           const char *scenario)
{
  Row *session;
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  session = g_new0 (Row, 1);
  session->handle = self->next_handle++;
  g_hash_table_insert (self->sessions, &session->handle, session);

  op = g_new0 (Op, 1);
  op->kind = OP_BEGIN_SESSION;
  op->session = session;
  op->time_us = started_at_us;
  op->simulated = !!simulated;
  op->scenario = g_strdup (scenario);
  submit (self, op, NULL);

  return session->handle;
}

static Row *
lookup_session (VigilStore  *self,
                gint64       session_id,
                GError     **error)
{
  Row *session = g_hash_table_lookup (self->sessions, &session_id);

  if (session == NULL)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                 "Session %" G_GINT64_FORMAT " was not begun by this store",
                 session_id);
  return session;
}

/**
 * vigil_store_end_session:
 * @session_id: from vigil_store_begin_session() on this store
 * @ended_at_us: wall-clock end
 *
 * Returns: %TRUE when written; %FALSE with @error if queued (or INVALID)
 */
gboolean
vigil_store_end_session (VigilStore  *self,
                         gint64       session_id,
                         gint64       ended_at_us,
                         GError     **error)
{
  Row *session;
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = lookup_session (self, session_id, error);
  if (session == NULL)
    return FALSE;

  op = g_new0 (Op, 1);
  op->kind = OP_END_SESSION;
  op->session = session;
  op->time_us = ended_at_us;
  if (!submit (self, op, error))
    return FALSE;

  /* A quiet moment: fold the WAL back into the file so it stays small and
   * readers stay fast. PASSIVE never waits; a failure loses nothing. */
  sqlite3_wal_checkpoint_v2 (self->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return TRUE;
}

/**
 * vigil_store_append_alarm:
 * @session_id: from vigil_store_begin_session() on this store
 * @entry: the log entry; copied
 *
 * Writes and commits one alarm log row (after any queued records).
 *
 * Returns: %TRUE when on disk; %FALSE with @error when it was queued
 *   instead (the store is then unhealthy), or when the arguments are wrong
 *   (%VIGIL_STORE_ERROR_INVALID, not queued)
 */
gboolean
vigil_store_append_alarm (VigilStore                *self,
                          gint64                     session_id,
                          const VigilAlarmLogEntry  *entry,
                          GError                   **error)
{
  Row *session;
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = lookup_session (self, session_id, error);
  if (session == NULL)
    return FALSE;

  /* Checked here so a queued row can never be refused later. */
  if ((guint) entry->kind >= VIGIL_N_ALARM_LOG_KINDS ||
      (guint) entry->id >= VIGIL_N_ALARMS ||
      (guint) entry->priority > VIGIL_ALARM_PRIORITY_HIGH)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   "Alarm log entry with kind %d, condition %d, priority %d is not valid",
                   (int) entry->kind, (int) entry->id, (int) entry->priority);
      return FALSE;
    }

  op = g_new0 (Op, 1);
  op->kind = OP_APPEND_ALARM;
  op->session = session;
  op->entry = vigil_alarm_log_entry_copy (entry);
  return submit (self, op, error);
}

/**
 * vigil_store_retry_pending:
 *
 * Writes the queued records now (the store also retries by itself every
 * few seconds from the main loop it was opened in).
 *
 * Returns: %TRUE if nothing is left in the queue
 */
gboolean
vigil_store_retry_pending (VigilStore  *self,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (write_pending (self, &local_error))
    {
      if (self->health_error != NULL)
        set_healthy (self, NULL);
      return TRUE;
    }

  set_healthy (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
vigil_store_is_healthy (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  return self->health_error == NULL;
}

guint
vigil_store_get_pending_count (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  return self->n_pending;
}

/**
 * vigil_store_get_health_error:
 *
 * Returns: (nullable) (transfer none): why records cannot be saved, or
 *   %NULL when the store is healthy
 */
const GError *
vigil_store_get_health_error (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return self->health_error;
}

/* Reading the log */

static gboolean
parse_priority (const char         *name,
                VigilAlarmPriority *out_priority)
{
  for (guint p = VIGIL_ALARM_PRIORITY_NONE; p <= VIGIL_ALARM_PRIORITY_HIGH; p++)
    {
      if (g_strcmp0 (vigil_alarm_priority_to_string (p), name) == 0)
        {
          *out_priority = p;
          return TRUE;
        }
    }
  return FALSE;
}

static VigilAlarmLogEntry *
entry_from_row (sqlite3_stmt  *stmt,
                const char    *path,
                GError       **error)
{
  const char *kind_name = (const char *) sqlite3_column_text (stmt, 1);
  const char *key = (const char *) sqlite3_column_text (stmt, 2);
  const char *priority_name = (const char *) sqlite3_column_text (stmt, 3);
  VigilAlarmLogEntry *entry;
  VigilAlarmLogKind kind;
  VigilAlarmPriority priority;
  VigilAlarmId id;

  if (kind_name == NULL || !vigil_alarm_log_kind_from_string (kind_name, &kind) ||
      key == NULL || !vigil_alarm_from_key (key, &id) ||
      !parse_priority (priority_name, &priority))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("Row %lld of the alarm log in %s has an unknown "
                     "kind (“%s”), condition (“%s”) or priority (“%s”)."),
                   (long long) sqlite3_column_int64 (stmt, 0), path,
                   kind_name != NULL ? kind_name : "", key != NULL ? key : "",
                   priority_name != NULL ? priority_name : "");
      return NULL;
    }

  entry = vigil_alarm_log_entry_new (kind, id);
  entry->priority = priority;
  entry->wall_us = sqlite3_column_int64 (stmt, 4);
  entry->value = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 5);
  entry->limit = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 6);
  entry->old_limit = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 7);
  entry->message = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  entry->who = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  return entry;
}

static gboolean
entry_matches (const VigilAlarmLogEntry    *entry,
               const VigilStoreAlarmFilter *filter)
{
  return (filter->condition == VIGIL_STORE_ALL_CONDITIONS || (int) entry->id == filter->condition) &&
         (filter->kinds == 0 || (filter->kinds & VIGIL_STORE_KIND_BIT (entry->kind)) != 0) &&
         entry->priority >= filter->min_priority &&
         entry->wall_us >= filter->from_us &&
         entry->wall_us < filter->until_us;
}

/* Newest first; among equal times the later call first. */
static int
compare_queued (gconstpointer a,
                gconstpointer b)
{
  const VigilAlarmLogEntry *ea = *(VigilAlarmLogEntry * const *) a;
  const VigilAlarmLogEntry *eb = *(VigilAlarmLogEntry * const *) b;

  return (eb->wall_us > ea->wall_us) - (eb->wall_us < ea->wall_us);
}

/**
 * vigil_store_list_alarms:
 * @filter: (nullable): what to list; %NULL for everything
 *
 * Returns: (transfer full) (element-type VigilAlarmLogEntry) (nullable):
 *   the matching entries, newest first (ties: the later written first),
 *   or %NULL with @error set
 */
GPtrArray *
vigil_store_list_alarms (VigilStore                   *self,
                         const VigilStoreAlarmFilter  *filter,
                         GError                      **error)
{
  VigilStoreAlarmFilter all;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean query_db = TRUE;
  gint64 db_session = 0;
  gint64 db_limit = -1;
  gint64 db_offset = 0;
  guint qi = 0, ri = 0;
  int n = 0;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    {
      vigil_store_alarm_filter_init (&all);
      filter = &all;
    }

  if (filter->condition < VIGIL_STORE_ALL_CONDITIONS || filter->condition >= VIGIL_N_ALARMS ||
      (guint) filter->min_priority > VIGIL_ALARM_PRIORITY_HIGH ||
      (filter->kinds >> VIGIL_N_ALARM_LOG_KINDS) != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   "Alarm log filter with condition %d, priority %d, kinds 0x%x is not valid",
                   filter->condition, (int) filter->min_priority, filter->kinds);
      return NULL;
    }

  /* Queued entries that match, newest first. */
  queued = g_ptr_array_new ();
  for (GList *l = self->pending.tail; l != NULL; l = l->prev)
    {
      Op *op = l->data;

      if (op->kind == OP_APPEND_ALARM &&
          (filter->session_id == 0 || op->session->handle == filter->session_id) &&
          entry_matches (op->entry, filter))
        g_ptr_array_add (queued, op->entry);
    }
  g_ptr_array_sort (queued, compare_queued);  /* stable: ties keep newest-call-first */

  if (filter->session_id != 0)
    {
      Row *session = g_hash_table_lookup (self->sessions, &filter->session_id);

      if (session == NULL)
        db_session = filter->session_id;  /* an earlier run's session */
      else if (session->db_id != 0)
        db_session = session->db_id;
      else
        query_db = FALSE;                 /* nothing of it is on disk yet */
    }

  /* With queued rows to merge, fetch the first offset + limit rows and
   * slice after merging. */
  if (queued->len == 0)
    {
      db_limit = filter->limit > 0 ? (gint64) filter->limit : -1;
      db_offset = filter->offset;
    }
  else if (filter->limit > 0)
    db_limit = (gint64) filter->limit + filter->offset;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alarm_log_entry_free);
  if (query_db)
    {
      sql = g_string_new ("SELECT id, kind, condition_key, priority, wall_us,"
                          " value, limit_value, old_limit, message, who"
                          " FROM alarm_log WHERE 1");
      if (filter->session_id != 0)
        g_string_append (sql, " AND session_id = ?");
      if (filter->condition != VIGIL_STORE_ALL_CONDITIONS)
        g_string_append (sql, " AND condition = ?");
      if (filter->kinds != 0)
        {
          g_string_append (sql, " AND kind IN (");
          for (guint k = 0; k < VIGIL_N_ALARM_LOG_KINDS; k++)
            if (filter->kinds & VIGIL_STORE_KIND_BIT (k))
              g_string_append (sql, sql->str[sql->len - 1] == '(' ? "?" : ", ?");
          g_string_append (sql, ")");
        }
      if (filter->min_priority > VIGIL_ALARM_PRIORITY_NONE)
        {
          g_string_append (sql, " AND priority IN (");
          for (guint p = filter->min_priority; p <= VIGIL_ALARM_PRIORITY_HIGH; p++)
            g_string_append (sql, sql->str[sql->len - 1] == '(' ? "?" : ", ?");
          g_string_append (sql, ")");
        }
      if (filter->from_us != G_MININT64)
        g_string_append (sql, " AND wall_us >= ?");
      if (filter->until_us != G_MAXINT64)
        g_string_append (sql, " AND wall_us < ?");
      g_string_append (sql, " ORDER BY wall_us DESC, id DESC LIMIT ? OFFSET ?");

      rc = sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        goto fail;

      if (filter->session_id != 0)
        sqlite3_bind_int64 (stmt, ++n, db_session);
      if (filter->condition != VIGIL_STORE_ALL_CONDITIONS)
        sqlite3_bind_text (stmt, ++n, vigil_alarm_get_info (filter->condition)->code, -1, SQLITE_STATIC);
      for (guint k = 0; k < VIGIL_N_ALARM_LOG_KINDS; k++)
        if (filter->kinds & VIGIL_STORE_KIND_BIT (k))
          sqlite3_bind_text (stmt, ++n, vigil_alarm_log_kind_to_string (k), -1, SQLITE_STATIC);
      if (filter->min_priority > VIGIL_ALARM_PRIORITY_NONE)
        for (guint p = filter->min_priority; p <= VIGIL_ALARM_PRIORITY_HIGH; p++)
          sqlite3_bind_text (stmt, ++n, vigil_alarm_priority_to_string (p), -1, SQLITE_STATIC);
      if (filter->from_us != G_MININT64)
        sqlite3_bind_int64 (stmt, ++n, filter->from_us);
      if (filter->until_us != G_MAXINT64)
        sqlite3_bind_int64 (stmt, ++n, filter->until_us);
      sqlite3_bind_int64 (stmt, ++n, db_limit);
      sqlite3_bind_int64 (stmt, ++n, db_offset);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          VigilAlarmLogEntry *entry = entry_from_row (stmt, self->path, error);

          if (entry == NULL)
            {
              sqlite3_finalize (stmt);
              return NULL;
            }
          g_ptr_array_add (rows, entry);
        }
      if (rc != SQLITE_DONE)
        goto fail;
      sqlite3_finalize (stmt);
      stmt = NULL;
    }

  if (queued->len == 0)
    return g_steal_pointer (&rows);

  /* Merge: queued entries were called after every row on disk, so they
   * come first among equal times. */
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alarm_log_entry_free);
  for (guint i = 0; qi < queued->len || ri < rows->len; i++)
    {
      VigilAlarmLogEntry *q = qi < queued->len ? g_ptr_array_index (queued, qi) : NULL;
      VigilAlarmLogEntry *r = ri < rows->len ? g_ptr_array_index (rows, ri) : NULL;
      gboolean take_queued = r == NULL || (q != NULL && q->wall_us >= r->wall_us);
      VigilAlarmLogEntry *next = take_queued ? q : r;

      if (take_queued)
        qi++;
      else
        ri++;
      if (i < filter->offset)
        continue;
      if (filter->limit > 0 && result->len >= filter->limit)
        break;
      g_ptr_array_add (result, vigil_alarm_log_entry_copy (next));
    }
  return g_steal_pointer (&result);

fail:
  set_sqlite_error (error, self->db, rc, self->path, _("The alarm log cannot be read."), NULL);
  sqlite3_finalize (stmt);
  return NULL;
}

/**
 * vigil_store_check_integrity:
 *
 * Runs PRAGMA integrity_check (slower and more thorough than the
 * quick_check of open).
 *
 * Returns: %TRUE if the database is sound
 */
gboolean
vigil_store_check_integrity (VigilStore  *self,
                             GError     **error)
{
  g_autofree char *problem = NULL;
  CheckResult check;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_busy_timeout (self->db, OPEN_BUSY_TIMEOUT_MS);
  check = check_database (self->db, "PRAGMA integrity_check", &problem, &rc);
  sqlite3_busy_timeout (self->db, WRITE_BUSY_TIMEOUT_MS);
  if (check == CHECK_FAILED)
    {
      set_sqlite_error (error, self->db, rc, self->path, _("The database cannot be checked."), NULL);
      return FALSE;
    }
  if (check == CHECK_DAMAGED)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("The database %s is damaged (%s)."), self->path, problem);
      return FALSE;
    }
  return TRUE;
}

/* Treatment records (schema version 2) */

static const char *event_kind_names[VIGIL_STORE_N_EVENT_KINDS] = {
  [VIGIL_STORE_EVENT_NAUSEA] = "nausea",
  [VIGIL_STORE_EVENT_VOMITING] = "vomiting",
  [VIGIL_STORE_EVENT_ANXIETY] = "anxiety",
  [VIGIL_STORE_EVENT_HEADACHE] = "headache",
  [VIGIL_STORE_EVENT_DRUG] = "drug",
  [VIGIL_STORE_EVENT_NOTE] = "note",
};

/* Each scale's name, number of items and highest item value
 * (CLINICAL.md §2, Scales). */
static const struct
{
  const char *name;
  guint       n_items;
  int         max_item;
} scales[VIGIL_STORE_N_SCALES] = {
  [VIGIL_STORE_SCALE_MOAAS] = { "moaas", 1, 5 },
  [VIGIL_STORE_SCALE_CADSS6] = { "cadss6", 6, 4 },
  [VIGIL_STORE_SCALE_ALDRETE] = { "aldrete", 5, 2 },
  [VIGIL_STORE_SCALE_PADSS] = { "padss", 5, 2 },
  [VIGIL_STORE_SCALE_PHQ9] = { "phq9", 9, 3 },
};

const char *
vigil_store_event_kind_to_string (VigilStoreEventKind kind)
{
  g_return_val_if_fail ((guint) kind < VIGIL_STORE_N_EVENT_KINDS, NULL);

  return event_kind_names[kind];
}

gboolean
vigil_store_event_kind_from_string (const char          *name,
                                    VigilStoreEventKind *out_kind)
{
  for (guint k = 0; k < VIGIL_STORE_N_EVENT_KINDS; k++)
    {
      if (g_strcmp0 (event_kind_names[k], name) == 0)
        {
          if (out_kind != NULL)
            *out_kind = k;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
vigil_store_scale_to_string (VigilStoreScale scale)
{
  g_return_val_if_fail ((guint) scale < VIGIL_STORE_N_SCALES, NULL);

  return scales[scale].name;
}

gboolean
vigil_store_scale_from_string (const char      *name,
                               VigilStoreScale *out_scale)
{
  for (guint k = 0; k < VIGIL_STORE_N_SCALES; k++)
    {
      if (g_strcmp0 (scales[k].name, name) == 0)
        {
          if (out_scale != NULL)
            *out_scale = k;
          return TRUE;
        }
    }
  return FALSE;
}

void
vigil_store_patient_free (VigilStorePatient *patient)
{
  if (patient == NULL)
    return;
  g_free (patient->name);
  g_free (patient->clinic_id);
  g_free (patient->date_of_birth);
  g_free (patient->mental_health_provider);
  g_free (patient);
}

static VigilStorePatient *
patient_copy (const VigilStorePatient *p)
{
  VigilStorePatient *copy = g_memdup2 (p, sizeof *p);

  copy->name = g_strdup (p->name);
  copy->clinic_id = g_strdup (p->clinic_id);
  copy->date_of_birth = g_strdup (p->date_of_birth);
  copy->mental_health_provider = g_strdup (p->mental_health_provider);
  return copy;
}

void
vigil_store_treatment_free (VigilStoreTreatment *treatment)
{
  if (treatment == NULL)
    return;
  g_free (treatment->config);
  g_free (treatment);
}

static VigilStoreTreatment *
treatment_copy (const VigilStoreTreatment *t)
{
  VigilStoreTreatment *copy = g_memdup2 (t, sizeof *t);

  copy->config = g_strdup (t->config);
  return copy;
}

void
vigil_store_treatment_event_free (VigilStoreTreatmentEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->drug_name);
  g_free (event->drug_dose);
  g_free (event->note);
  g_free (event->who);
  g_free (event);
}

static VigilStoreTreatmentEvent *
event_copy (const VigilStoreTreatmentEvent *e)
{
  VigilStoreTreatmentEvent *copy = g_memdup2 (e, sizeof *e);

  copy->drug_name = g_strdup (e->drug_name);
  copy->drug_dose = g_strdup (e->drug_dose);
  copy->note = g_strdup (e->note);
  copy->who = g_strdup (e->who);
  return copy;
}

void
vigil_store_score_free (VigilStoreScore *score)
{
  if (score == NULL)
    return;
  g_free (score->items);
  g_free (score->who);
  g_free (score);
}

static VigilStoreScore *
score_copy (const VigilStoreScore *s)
{
  VigilStoreScore *copy = g_memdup2 (s, sizeof *s);

  copy->items = g_strdup (s->items);
  copy->who = g_strdup (s->who);
  return copy;
}

void
vigil_store_checklist_answer_free (VigilStoreChecklistAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->item_key);
  g_free (answer->value);
  g_free (answer->who);
  g_free (answer);
}

static VigilStoreChecklistAnswer *
answer_copy (const VigilStoreChecklistAnswer *a)
{
  VigilStoreChecklistAnswer *copy = g_memdup2 (a, sizeof *a);

  copy->item_key = g_strdup (a->item_key);
  copy->value = g_strdup (a->value);
  copy->who = g_strdup (a->who);
  return copy;
}

void
vigil_store_dose_input_free (VigilStoreDoseInput *dose)
{
  if (dose == NULL)
    return;
  g_free (dose->confirmed_by);
  g_free (dose);
}

static VigilStoreDoseInput *
dose_copy (const VigilStoreDoseInput *d)
{
  VigilStoreDoseInput *copy = g_memdup2 (d, sizeof *d);

  copy->confirmed_by = g_strdup (d->confirmed_by);
  return copy;
}

/* Validation: at least as strict as the CHECKs of migration 2. */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Sets a VIGIL_STORE_ERROR_INVALID error; returns FALSE (0 as an id). */
static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* "YYYY-MM-DD", a real calendar date from 1900 on. */
static gboolean
is_iso_date (const char *text)
{
  int y, m, d;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  return y >= 1900 && g_date_valid_dmy (d, m, y);
}

static gboolean
is_weight (double kg)
{
  return isfinite (kg) && kg > 0 && kg < 700;
}

/* Rows: created here, or found on disk (from an earlier run) */

static Row *
adopt_row (GHashTable *table,
           gint64      id)
{
  Row *row = g_new0 (Row, 1);

  row->handle = id;
  row->db_id = id;
  g_hash_table_insert (table, &row->handle, row);
  return row;
}

/* The handle of the row written with id @db_id (they differ only when
 * another program took the id handed out). */
static gint64
handle_for_db_id (GHashTable *table,
                  gint64      db_id)
{
  GHashTableIter iter;
  Row *row;

  row = g_hash_table_lookup (table, &db_id);
  if (row != NULL && row->db_id == db_id)
    return db_id;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (row->db_id == db_id)
      return row->handle;
  return db_id;
}

/* A patient or treatment by the id handed out. A miss means an unknown id
 * (INVALID), or one that cannot be checked now: then the record is not
 * queued either, since the database could refuse it later and block the
 * queue. */
static Row *
lookup_row (VigilStore  *self,
            GHashTable  *table,
            StmtId       exists_stmt,
            const char  *what,
            gint64       id,
            GError     **error)
{
  Row *row = g_hash_table_lookup (table, &id);
  gboolean exists = FALSE;
  int rc;

  if (row != NULL)
    return row;

  if (id > 0)
    {
      rc = row_exists (self, exists_stmt, id, &exists);
      if (rc != SQLITE_OK)
        {
          g_autofree char *message =
            g_strdup_printf (_("The %s with id %lld cannot be looked up; nothing was recorded."),
                             what, (long long) id);

          set_sqlite_error (error, self->db, rc, self->path, message, NULL);
          return NULL;
        }
    }
  if (!exists)
    {
      invalid (error, "There is no %s with id %" G_GINT64_FORMAT " in %s", what, id, self->path);
      return NULL;
    }
  return adopt_row (table, id);
}

static Row *
lookup_treatment (VigilStore  *self,
                  gint64       treatment_id,
                  GError     **error)
{
  return lookup_row (self, self->treatments, STMT_TREATMENT_EXISTS, "treatment",
                     treatment_id, error);
}

/* The queued op that creates @row, or NULL if it is on disk. */
static Op *
queued_creation (VigilStore *self,
                 Row        *row)
{
  if (row->db_id != 0)
    return NULL;
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      if ((op->kind == OP_CREATE_PATIENT || op->kind == OP_CREATE_TREATMENT) && op->row == row)
        return op;
    }
  return NULL;
}

static gboolean
submit_record (VigilStore  *self,
               OpKind       kind,
               Row         *treatment,
               gpointer     record,
               GError     **error)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->row = treatment;
  op->record = record;
  return submit (self, op, error);
}

/**
 * vigil_store_set_session_sound:
 * @session_id: from vigil_store_begin_session() on this store
 * @passed: whether the alarm sound self-test passed
 * @detail: (nullable): the sound output's name, or what went wrong
 *
 * Returns: %TRUE when written; %FALSE with @error if queued (or INVALID)
 */
gboolean
vigil_store_set_session_sound (VigilStore  *self,
                               gint64       session_id,
                               gboolean     passed,
                               const char  *detail,
                               GError     **error)
{
  Row *session;
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = lookup_session (self, session_id, error);
  if (session == NULL)
    return FALSE;

  op = g_new0 (Op, 1);
  op->kind = OP_SET_SESSION_SOUND;
  op->session = session;
  op->simulated = !!passed;
  op->scenario = g_strdup (detail);
  return submit (self, op, error);
}

/* Patients */

/* The id of the patient registered with @clinic_id (on disk or queued),
 * 0 if none, -1 with @error if it cannot be read. */
static gint64
find_clinic_id (VigilStore  *self,
                const char  *clinic_id,
                GError     **error)
{
  sqlite3_stmt *stmt = self->stmts[STMT_PATIENT_BY_CLINIC_ID];
  gint64 found = 0;
  int rc;

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      if (op->kind == OP_CREATE_PATIENT &&
          g_strcmp0 (((VigilStorePatient *) op->record)->clinic_id, clinic_id) == 0)
        return op->row->handle;
    }

  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    found = handle_for_db_id (self->patients, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->path,
                        _("The patient list cannot be read; the patient was not registered."), NULL);
      return -1;
    }
  return found;
}

/**
 * vigil_store_create_patient:
 * @patient: the patient; copied, its id ignored
 *
 * Registers a patient. The id is valid at once, even when the row could
 * only be queued (the store is then unhealthy).
 *
 * Returns: the patient id (> 0), or 0 with @error: %VIGIL_STORE_ERROR_INVALID
 *   for a missing name, a clinic id already registered, an impossible date
 *   of birth or weight; another code when the patient list cannot be read
 */
gint64
vigil_store_create_patient (VigilStore               *self,
                            const VigilStorePatient  *patient,
                            GError                  **error)
{
  VigilStorePatient *copy;
  Row *row;
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (patient != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (is_blank (patient->name))
    return invalid (error, "A patient needs a name");
  if (patient->clinic_id != NULL && is_blank (patient->clinic_id))
    return invalid (error, "A patient's clinic id (MRN) may be missing, but not blank");
  if (patient->date_of_birth != NULL && !is_iso_date (patient->date_of_birth))
    return invalid (error, "The date of birth “%s” is not a date in the form YYYY-MM-DD",
                    patient->date_of_birth);
  if (!isnan (patient->weight_kg) && !is_weight (patient->weight_kg))
    return invalid (error, "A weight of %g kg is not possible", patient->weight_kg);

  if (patient->clinic_id != NULL)
    {
      gint64 other = find_clinic_id (self, patient->clinic_id, error);

      if (other < 0)
        return 0;
      if (other > 0)
        return invalid (error, "The clinic id “%s” is already registered to patient %" G_GINT64_FORMAT,
                        patient->clinic_id, other);
    }

  row = g_new0 (Row, 1);
  row->handle = self->next_patient++;
  g_hash_table_insert (self->patients, &row->handle, row);

  copy = patient_copy (patient);
  copy->id = row->handle;
  op = g_new0 (Op, 1);
  op->kind = OP_CREATE_PATIENT;
  op->row = row;
  op->record = copy;
  submit (self, op, NULL);
  return row->handle;
}

#define PATIENT_COLUMNS \
  "id, name, clinic_id, date_of_birth, weight_kg, mental_health_provider, created_at_us"

static VigilStorePatient *
patient_from_row (VigilStore   *self,
                  sqlite3_stmt *stmt)
{
  VigilStorePatient *p = g_new0 (VigilStorePatient, 1);

  p->id = handle_for_db_id (self->patients, sqlite3_column_int64 (stmt, 0));
  p->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  p->clinic_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  p->date_of_birth = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  p->weight_kg = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 4);
  p->mental_health_provider = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  p->created_at_us = sqlite3_column_int64 (stmt, 6);
  return p;
}

/* Runs a read with one bound id and collects its rows. */
static GPtrArray *
read_rows (VigilStore      *self,
           const char      *sql,
           gint64           id,
           gpointer       (*from_row) (VigilStore *, sqlite3_stmt *, gpointer),
           gpointer         user_data,
           GDestroyNotify   free_func,
           const char      *what,
           GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_stmt *stmt = NULL;
  gboolean unknown = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_int64 (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gpointer record = from_row (self, stmt, user_data);

          if (record == NULL)
            {
              unknown = TRUE;
              break;
            }
          g_ptr_array_add (rows, record);
        }
    }
  if (unknown || rc != SQLITE_DONE)
    {
      /* A kind written by a newer Vigil or by hand: say so, never guess. */
      if (unknown)
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                     _("%s in %s holds a value this Vigil does not know."), what, self->path);
      else
        {
          g_autofree char *message = g_strdup_printf (_("%s cannot be read."), what);

          set_sqlite_error (error, self->db, rc, self->path, message, NULL);
        }
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&rows);
}

static gpointer
patient_from_row_cb (VigilStore   *self,
                     sqlite3_stmt *stmt,
                     gpointer      user_data)
{
  return patient_from_row (self, stmt);
}

/**
 * vigil_store_get_patient:
 * @patient_id: from vigil_store_create_patient(), this run or an earlier one
 * @out_patient: (out) (transfer full): the patient
 *
 * Returns: %TRUE with @out_patient set; %FALSE with @error
 *   (%VIGIL_STORE_ERROR_INVALID for an unknown id)
 */
gboolean
vigil_store_get_patient (VigilStore         *self,
                         gint64              patient_id,
                         VigilStorePatient **out_patient,
                         GError            **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  Row *row;
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_patient != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_patient = NULL;
  row = lookup_row (self, self->patients, STMT_PATIENT_EXISTS, "patient", patient_id, error);
  if (row == NULL)
    return FALSE;
  op = queued_creation (self, row);
  if (op != NULL)
    {
      *out_patient = patient_copy (op->record);
      return TRUE;
    }

  rows = read_rows (self, "SELECT " PATIENT_COLUMNS " FROM patients WHERE id = ?1",
                    row->db_id, patient_from_row_cb, NULL,
                    (GDestroyNotify) vigil_store_patient_free, _("The patient"), error);
  if (rows == NULL)
    return FALSE;
  if (rows->len != 1)
    return invalid (error, "There is no patient with id %" G_GINT64_FORMAT " in %s",
                    patient_id, self->path);
  *out_patient = g_ptr_array_steal_index (rows, 0);
  return TRUE;
}

static int
compare_patients (gconstpointer a,
                  gconstpointer b)
{
  const VigilStorePatient *pa = *(VigilStorePatient * const *) a;
  const VigilStorePatient *pb = *(VigilStorePatient * const *) b;
  int by_name = strcmp (pa->name, pb->name);

  if (by_name != 0)
    return by_name;
  return (pa->id > pb->id) - (pa->id < pb->id);
}

/**
 * vigil_store_list_patients:
 *
 * Returns: (transfer full) (element-type VigilStorePatient) (nullable):
 *   every patient, queued ones included, by name then id; %NULL with @error
 */
GPtrArray *
vigil_store_list_patients (VigilStore  *self,
                           GError     **error)
{
  GPtrArray *rows;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rows = read_rows (self, "SELECT " PATIENT_COLUMNS " FROM patients", 0,
                    patient_from_row_cb, NULL, (GDestroyNotify) vigil_store_patient_free,
                    _("The patient list"), error);
  if (rows == NULL)
    return NULL;
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      if (op->kind == OP_CREATE_PATIENT)
        g_ptr_array_add (rows, patient_copy (op->record));
    }
  g_ptr_array_sort (rows, compare_patients);
  return rows;
}

/* Treatments */

/**
 * vigil_store_create_treatment:
 * @patient_id: the patient (created this run or on disk)
 * @monitoring_session_id: the monitoring session it runs in, or 0
 * @series_number: infusion n of the series (from 1)
 * @planned_count: the planned infusions of the induction series
 * @maintenance: a maintenance infusion after the series
 * @simulated: demo mode: never a patient's data
 * @config_text: (nullable): the clinic configuration it runs with, opaque
 * @created_at_us: wall-clock time of creation
 *
 * Returns: the treatment id (> 0), valid at once even if the row could only
 *   be queued; 0 with @error (%VIGIL_STORE_ERROR_INVALID: unknown patient
 *   or session, series number 0)
 */
gint64
vigil_store_create_treatment (VigilStore  *self,
                              gint64       patient_id,
                              gint64       monitoring_session_id,
                              guint        series_number,
                              guint        planned_count,
                              gboolean     maintenance,
                              gboolean     simulated,
                              const char  *config_text,
                              gint64       created_at_us,
                              GError     **error)
{
  VigilStoreTreatment *t;
  Row *patient;
  Row *session = NULL;
  gint64 session_db_id = 0;
  Row *row;
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (series_number < 1 || series_number > G_MAXINT32 || planned_count > G_MAXINT32)
    return invalid (error, "A treatment's series number starts at 1 (got %u of %u)",
                    series_number, planned_count);

  patient = lookup_row (self, self->patients, STMT_PATIENT_EXISTS, "patient", patient_id, error);
  if (patient == NULL)
    return 0;

  if (monitoring_session_id != 0)
    {
      session = g_hash_table_lookup (self->sessions, &monitoring_session_id);
      if (session == NULL)
        {
          gboolean exists = FALSE;
          int rc = row_exists (self, STMT_SESSION_EXISTS, monitoring_session_id, &exists);

          if (rc != SQLITE_OK)
            {
              set_sqlite_error (error, self->db, rc, self->path,
                                _("The monitoring session cannot be looked up; "
                                  "the treatment was not recorded."), NULL);
              return 0;
            }
          if (!exists)
            return invalid (error, "There is no monitoring session with id %" G_GINT64_FORMAT " in %s",
                            monitoring_session_id, self->path);
          session_db_id = monitoring_session_id;
        }
    }

  row = g_new0 (Row, 1);
  row->handle = self->next_treatment++;
  g_hash_table_insert (self->treatments, &row->handle, row);

  t = g_new0 (VigilStoreTreatment, 1);
  t->id = row->handle;
  t->patient_id = patient->handle;
  t->monitoring_session_id = monitoring_session_id;
  t->series_number = series_number;
  t->planned_count = planned_count;
  t->maintenance = !!maintenance;
  t->simulated = !!simulated;
  t->config = g_strdup (config_text);
  t->created_at_us = created_at_us;

  op = g_new0 (Op, 1);
  op->kind = OP_CREATE_TREATMENT;
  op->row = row;
  op->patient = patient;
  op->session = session;
  op->session_db_id = session_db_id;
  op->record = t;
  submit (self, op, NULL);
  return row->handle;
}

static gpointer
treatment_from_row_cb (VigilStore   *self,
                       sqlite3_stmt *stmt,
                       gpointer      user_data)
{
  VigilStoreTreatment *t = g_new0 (VigilStoreTreatment, 1);
  gint64 session = sqlite3_column_int64 (stmt, 2);

  t->id = handle_for_db_id (self->treatments, sqlite3_column_int64 (stmt, 0));
  t->patient_id = handle_for_db_id (self->patients, sqlite3_column_int64 (stmt, 1));
  t->monitoring_session_id = session != 0 ? handle_for_db_id (self->sessions, session) : 0;
  t->series_number = sqlite3_column_int (stmt, 3);
  t->planned_count = sqlite3_column_int (stmt, 4);
  t->maintenance = sqlite3_column_int (stmt, 5) != 0;
  t->simulated = sqlite3_column_int (stmt, 6) != 0;
  t->created_at_us = sqlite3_column_int64 (stmt, 7);
  t->config = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  return t;
}

/**
 * vigil_store_get_treatment:
 * @treatment_id: from vigil_store_create_treatment() or
 *   vigil_store_find_open_treatment()
 * @out_treatment: (out) (transfer full): the treatment
 *
 * Returns: %TRUE with @out_treatment set; %FALSE with @error
 */
gboolean
vigil_store_get_treatment (VigilStore           *self,
                           gint64                treatment_id,
                           VigilStoreTreatment **out_treatment,
                           GError              **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  Row *row;
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_treatment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_treatment = NULL;
  row = lookup_treatment (self, treatment_id, error);
  if (row == NULL)
    return FALSE;
  op = queued_creation (self, row);
  if (op != NULL)
    {
      *out_treatment = treatment_copy (op->record);
      return TRUE;
    }

  rows = read_rows (self,
                    "SELECT id, patient_id, monitoring_session_id, series_number, planned_count,"
                    " maintenance, simulated, created_at_us, config FROM treatments WHERE id = ?1",
                    row->db_id, treatment_from_row_cb, NULL,
                    (GDestroyNotify) vigil_store_treatment_free, _("The treatment"), error);
  if (rows == NULL)
    return FALSE;
  if (rows->len != 1)
    return invalid (error, "There is no treatment with id %" G_GINT64_FORMAT " in %s",
                    treatment_id, self->path);
  *out_treatment = g_ptr_array_steal_index (rows, 0);
  return TRUE;
}

static gboolean
is_final_step (VigilTreatmentStepKind kind)
{
  return kind == VIGIL_TREATMENT_STEP_DISCHARGE ||
         kind == VIGIL_TREATMENT_STEP_CANCEL ||
         kind == VIGIL_TREATMENT_STEP_ABORT;
}

/* The kind of @row's last queued step, or -1 if none is queued. */
static int
last_queued_step (VigilStore *self,
                  Row        *row)
{
  for (GList *l = self->pending.tail; l != NULL; l = l->prev)
    {
      Op *op = l->data;

      if (op->kind == OP_APPEND_STEP && op->row == row)
        return ((VigilTreatmentStep *) op->record)->kind;
    }
  return -1;
}

/**
 * vigil_store_find_open_treatment:
 *
 * The treatment to resume after a crash or a restart: the latest one
 * created whose last step is not discharge, cancel or abort (one with no
 * step yet is open). Queued treatments and steps count.
 *
 * Returns: its id, 0 if none, or -1 with @error
 */
gint64
vigil_store_find_open_treatment (VigilStore  *self,
                                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 found = 0;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* Queued treatments were created after every one on disk. */
  for (GList *l = self->pending.tail; l != NULL; l = l->prev)
    {
      Op *op = l->data;

      if (op->kind == OP_CREATE_TREATMENT)
        {
          int last = last_queued_step (self, op->row);

          if (last < 0 || !is_final_step (last))
            return op->row->handle;
        }
    }

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT t.id, (SELECT s.kind FROM treatment_steps s"
                           "              WHERE s.treatment_id = t.id"
                           "              ORDER BY s.seq DESC LIMIT 1)"
                           " FROM treatments t ORDER BY t.id DESC",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 handle = handle_for_db_id (self->treatments, sqlite3_column_int64 (stmt, 0));
      const char *kind_name = (const char *) sqlite3_column_text (stmt, 1);
      Row *row = g_hash_table_lookup (self->treatments, &handle);
      VigilTreatmentStepKind kind;
      int last = row != NULL ? last_queued_step (self, row) : -1;

      rc = SQLITE_OK;
      if (last >= 0)
        {
          if (is_final_step (last))
            continue;
        }
      else if (kind_name != NULL && vigil_treatment_step_kind_from_string (kind_name, &kind) &&
               is_final_step (kind))
        continue;

      found = handle;
      if (row == NULL)
        adopt_row (self->treatments, handle);
      break;
    }
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->path, _("The treatments cannot be read."), NULL);
      sqlite3_finalize (stmt);
      return -1;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* Appending a treatment's records */

/**
 * vigil_store_append_treatment_step:
 * @treatment_id: the treatment (created this run, or found on disk)
 * @step: the step; copied. Its kind must be known and @step->who given.
 *
 * Writes and commits the next step of the treatment (seq = the previous
 * one's + 1). The store does not judge the transition: the treatment's
 * state machine does.
 *
 * Returns: %TRUE when on disk; %FALSE with @error when queued instead, or
 *   (%VIGIL_STORE_ERROR_INVALID, not queued) for an unknown treatment or a
 *   step without a kind or a person
 */
gboolean
vigil_store_append_treatment_step (VigilStore                *self,
                                   gint64                     treatment_id,
                                   const VigilTreatmentStep  *step,
                                   GError                   **error)
{
  Row *row;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (step != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) step->kind >= VIGIL_N_TREATMENT_STEPS ||
      vigil_treatment_step_kind_to_string (step->kind) == NULL)
    return invalid (error, "Treatment step kind %d is not valid", (int) step->kind);
  if (is_blank (step->who))
    return invalid (error, "A treatment step needs the name of the person who took it");

  row = lookup_treatment (self, treatment_id, error);
  if (row == NULL)
    return FALSE;
  return submit_record (self, OP_APPEND_STEP, row, vigil_treatment_step_copy (step), error);
}

/**
 * vigil_store_append_treatment_event:
 * @event: the event, its treatment_id set; copied, its id ignored
 *
 * Returns: as vigil_store_append_treatment_step(); INVALID also for a drug
 *   without its name or a note without text
 */
gboolean
vigil_store_append_treatment_event (VigilStore                      *self,
                                    const VigilStoreTreatmentEvent  *event,
                                    GError                         **error)
{
  Row *row;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) event->kind >= VIGIL_STORE_N_EVENT_KINDS)
    return invalid (error, "Treatment event kind %d is not valid", (int) event->kind);
  if (is_blank (event->who))
    return invalid (error, "A treatment event needs the name of the person who recorded it");
  if (event->kind == VIGIL_STORE_EVENT_DRUG && is_blank (event->drug_name))
    return invalid (error, "A drug given needs the drug's name");
  if (event->kind == VIGIL_STORE_EVENT_NOTE && is_blank (event->note))
    return invalid (error, "A note needs its text");

  row = lookup_treatment (self, event->treatment_id, error);
  if (row == NULL)
    return FALSE;
  return submit_record (self, OP_APPEND_EVENT, row, event_copy (event), error);
}

/* Items "v1,v2,…": as many as the scale has, each 0…max, summing to
 * @total. */
static gboolean
check_score (const VigilStoreScore  *score,
             GError                **error)
{
  g_auto(GStrv) items = NULL;
  guint n;
  int sum = 0;

  if ((guint) score->scale >= VIGIL_STORE_N_SCALES)
    return invalid (error, "Scale %d is not valid", (int) score->scale);
  if (is_blank (score->who))
    return invalid (error, "A score needs the name of the person who took it");
  if (score->items == NULL)
    return invalid (error, "A %s score needs its items", scales[score->scale].name);

  items = g_strsplit (score->items, ",", -1);
  n = g_strv_length (items);
  if (n != scales[score->scale].n_items)
    return invalid (error, "A %s score has %u items, not %u (“%s”)", scales[score->scale].name,
                    scales[score->scale].n_items, n, score->items);
  for (guint i = 0; i < n; i++)
    {
      guint64 v = 0;

      if (!g_ascii_string_to_unsigned (items[i], 10, 0, scales[score->scale].max_item, &v, NULL))
        return invalid (error, "Item %u of a %s score must be 0 to %d (“%s”)", i + 1,
                        scales[score->scale].name, scales[score->scale].max_item, items[i]);
      sum += (int) v;
    }
  if (sum != score->total)
    return invalid (error, "A %s score's total %d is not the sum of its items (%d)",
                    scales[score->scale].name, score->total, sum);
  return TRUE;
}

/**
 * vigil_store_append_score:
 * @score: the score, its treatment_id set; copied, its id ignored
 *
 * Returns: as vigil_store_append_treatment_step(); INVALID also when the
 *   items do not fit the scale or do not add up to the total
 */
gboolean
vigil_store_append_score (VigilStore             *self,
                          const VigilStoreScore  *score,
                          GError                **error)
{
  Row *row;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_score (score, error))
    return FALSE;
  row = lookup_treatment (self, score->treatment_id, error);
  if (row == NULL)
    return FALSE;
  return submit_record (self, OP_APPEND_SCORE, row, score_copy (score), error);
}

/**
 * vigil_store_append_checklist_answer:
 * @answer: the answer, its treatment_id set; copied, its id ignored
 *
 * Returns: as vigil_store_append_treatment_step()
 */
gboolean
vigil_store_append_checklist_answer (VigilStore                       *self,
                                     const VigilStoreChecklistAnswer  *answer,
                                     GError                          **error)
{
  Row *row;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (answer->item_key))
    return invalid (error, "A checklist answer needs its item");
  if (answer->value == NULL)
    return invalid (error, "The checklist answer for “%s” has no value", answer->item_key);
  if (is_blank (answer->who))
    return invalid (error, "A checklist answer needs the name of the person who gave it");

  row = lookup_treatment (self, answer->treatment_id, error);
  if (row == NULL)
    return FALSE;
  return submit_record (self, OP_APPEND_ANSWER, row, answer_copy (answer), error);
}

/**
 * vigil_store_append_dose_input:
 * @dose: the dose calculation as confirmed, its treatment_id set; copied
 *
 * Returns: as vigil_store_append_treatment_step(); INVALID also for a
 *   number that is not finite and positive, an impossible weight, or no
 *   confirming clinician
 */
gboolean
vigil_store_append_dose_input (VigilStore                 *self,
                               const VigilStoreDoseInput  *dose,
                               GError                    **error)
{
  Row *row;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (dose != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  const double values[] = {
    dose->dose_mg_per_kg, dose->concentration_mg_per_ml, dose->duration_min,
    dose->dose_mg, dose->volume_ml, dose->rate_ml_per_h,
  };

  if (!is_weight (dose->weight_kg))
    return invalid (error, "A weight of %g kg is not possible", dose->weight_kg);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (!isfinite (values[i]) || values[i] <= 0)
      return invalid (error, "A dose calculation needs positive numbers (got %g)", values[i]);
  if (is_blank (dose->confirmed_by))
    return invalid (error, "A dose needs the name of the clinician who confirmed it");

  row = lookup_treatment (self, dose->treatment_id, error);
  if (row == NULL)
    return FALSE;
  return submit_record (self, OP_APPEND_DOSE, row, dose_copy (dose), error);
}

/* Listing a treatment's records */

static gpointer
step_from_row_cb (VigilStore   *self,
                  sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  const char *kind_name = (const char *) sqlite3_column_text (stmt, 0);
  VigilTreatmentStepKind kind;
  VigilTreatmentStep *step;

  if (kind_name == NULL || !vigil_treatment_step_kind_from_string (kind_name, &kind))
    return NULL;
  step = vigil_treatment_step_new (kind, sqlite3_column_int64 (stmt, 1),
                                   (const char *) sqlite3_column_text (stmt, 2),
                                   (const char *) sqlite3_column_text (stmt, 3));
  step->override = sqlite3_column_int (stmt, 4) != 0;
  return step;
}

static gpointer
event_from_row_cb (VigilStore   *self,
                   sqlite3_stmt *stmt,
                   gpointer      user_data)
{
  VigilStoreTreatmentEvent *e;
  VigilStoreEventKind kind;

  if (!vigil_store_event_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind))
    return NULL;
  e = g_new0 (VigilStoreTreatmentEvent, 1);
  e->id = sqlite3_column_int64 (stmt, 0);
  e->treatment_id = *(gint64 *) user_data;
  e->wall_us = sqlite3_column_int64 (stmt, 1);
  e->kind = kind;
  e->drug_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  e->drug_dose = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  e->note = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  e->who = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  return e;
}

static gpointer
score_from_row_cb (VigilStore   *self,
                   sqlite3_stmt *stmt,
                   gpointer      user_data)
{
  VigilStoreScore *s;
  VigilStoreScale scale;

  if (!vigil_store_scale_from_string ((const char *) sqlite3_column_text (stmt, 2), &scale))
    return NULL;
  s = g_new0 (VigilStoreScore, 1);
  s->id = sqlite3_column_int64 (stmt, 0);
  s->treatment_id = *(gint64 *) user_data;
  s->wall_us = sqlite3_column_int64 (stmt, 1);
  s->scale = scale;
  s->items = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  s->total = sqlite3_column_int (stmt, 4);
  s->who = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  return s;
}

static gpointer
answer_from_row_cb (VigilStore   *self,
                    sqlite3_stmt *stmt,
                    gpointer      user_data)
{
  VigilStoreChecklistAnswer *a = g_new0 (VigilStoreChecklistAnswer, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->treatment_id = *(gint64 *) user_data;
  a->item_key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  a->value = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  a->wall_us = sqlite3_column_int64 (stmt, 3);
  a->who = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  return a;
}

static gpointer
dose_from_row_cb (VigilStore   *self,
                  sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  VigilStoreDoseInput *d = g_new0 (VigilStoreDoseInput, 1);

  d->id = sqlite3_column_int64 (stmt, 0);
  d->treatment_id = *(gint64 *) user_data;
  d->weight_kg = sqlite3_column_double (stmt, 1);
  d->dose_mg_per_kg = sqlite3_column_double (stmt, 2);
  d->concentration_mg_per_ml = sqlite3_column_double (stmt, 3);
  d->duration_min = sqlite3_column_double (stmt, 4);
  d->dose_mg = sqlite3_column_double (stmt, 5);
  d->volume_ml = sqlite3_column_double (stmt, 6);
  d->rate_ml_per_h = sqlite3_column_double (stmt, 7);
  d->confirmed_by = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  d->wall_us = sqlite3_column_int64 (stmt, 9);
  return d;
}

typedef struct
{
  OpKind          kind;
  const char     *sql;    /* one treatment's rows, in order; ?1 its id */
  gpointer      (*from_row) (VigilStore *, sqlite3_stmt *, gpointer);
  gpointer      (*copy) (gconstpointer);
  GDestroyNotify  free_func;
  const char     *what;
} RecordList;

/* The rows on disk, then the queued ones (called after all of them). */
static GPtrArray *
list_records (VigilStore        *self,
              const RecordList  *list,
              gint64             treatment_id,
              GError           **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  Row *row;

  row = lookup_treatment (self, treatment_id, error);
  if (row == NULL)
    return NULL;

  if (row->db_id != 0)
    {
      rows = read_rows (self, list->sql, row->db_id, list->from_row, &treatment_id,
                        list->free_func, _(list->what), error);
      if (rows == NULL)
        return NULL;
    }
  else
    rows = g_ptr_array_new_with_free_func (list->free_func);

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      if (op->kind == list->kind && op->row == row)
        {
          gpointer copy = list->copy (op->record);

          /* Not written yet: no row id. */
          if (op->kind == OP_APPEND_EVENT)
            ((VigilStoreTreatmentEvent *) copy)->id = 0;
          else if (op->kind == OP_APPEND_SCORE)
            ((VigilStoreScore *) copy)->id = 0;
          else if (op->kind == OP_APPEND_ANSWER)
            ((VigilStoreChecklistAnswer *) copy)->id = 0;
          else if (op->kind == OP_APPEND_DOSE)
            ((VigilStoreDoseInput *) copy)->id = 0;
          g_ptr_array_add (rows, copy);
        }
    }
  return g_steal_pointer (&rows);
}

static gpointer
step_copy_cb (gconstpointer step)
{
  return vigil_treatment_step_copy (step);
}

static gpointer
event_copy_cb (gconstpointer e)
{
  return event_copy (e);
}

static gpointer
score_copy_cb (gconstpointer s)
{
  return score_copy (s);
}

static gpointer
answer_copy_cb (gconstpointer a)
{
  return answer_copy (a);
}

static gpointer
dose_copy_cb (gconstpointer d)
{
  return dose_copy (d);
}

static const RecordList step_list = {
  OP_APPEND_STEP,
  "SELECT kind, wall_us, who, reason, override FROM treatment_steps"
  " WHERE treatment_id = ?1 ORDER BY seq",
  step_from_row_cb, step_copy_cb, (GDestroyNotify) vigil_treatment_step_free,
  N_("The treatment's steps"),
};

static const RecordList event_list = {
  OP_APPEND_EVENT,
  "SELECT id, wall_us, kind, drug_name, drug_dose, note, who FROM treatment_events"
  " WHERE treatment_id = ?1 ORDER BY id",
  event_from_row_cb, event_copy_cb, (GDestroyNotify) vigil_store_treatment_event_free,
  N_("The treatment's events"),
};

static const RecordList score_list = {
  OP_APPEND_SCORE,
  "SELECT id, wall_us, scale, items, total, who FROM treatment_scores"
  " WHERE treatment_id = ?1 ORDER BY id",
  score_from_row_cb, score_copy_cb, (GDestroyNotify) vigil_store_score_free,
  N_("The treatment's scores"),
};

static const RecordList answer_list = {
  OP_APPEND_ANSWER,
  "SELECT id, item_key, value, wall_us, who FROM checklist_answers"
  " WHERE treatment_id = ?1 ORDER BY id",
  answer_from_row_cb, answer_copy_cb, (GDestroyNotify) vigil_store_checklist_answer_free,
  N_("The treatment's checklist"),
};

static const RecordList dose_list = {
  OP_APPEND_DOSE,
  "SELECT id, weight_kg, dose_mg_per_kg, concentration_mg_per_ml, duration_min,"
  " dose_mg, volume_ml, rate_ml_per_h, confirmed_by, wall_us FROM dose_inputs"
  " WHERE treatment_id = ?1 ORDER BY id",
  dose_from_row_cb, dose_copy_cb, (GDestroyNotify) vigil_store_dose_input_free,
  N_("The treatment's dose calculations"),
};

/**
 * vigil_store_list_treatment_steps:
 * @treatment_id: the treatment
 *
 * Returns: (transfer full) (element-type VigilTreatmentStep) (nullable):
 *   its steps in seq order, queued ones last; %NULL with @error
 */
GPtrArray *
vigil_store_list_treatment_steps (VigilStore  *self,
                                  gint64       treatment_id,
                                  GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_records (self, &step_list, treatment_id, error);
}

/**
 * vigil_store_list_treatment_events:
 *
 * Returns: (transfer full) (element-type VigilStoreTreatmentEvent) (nullable):
 *   in the order appended (queued ones last, with id 0); %NULL with @error
 */
GPtrArray *
vigil_store_list_treatment_events (VigilStore  *self,
                                   gint64       treatment_id,
                                   GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_records (self, &event_list, treatment_id, error);
}

/**
 * vigil_store_list_scores:
 *
 * Returns: (transfer full) (element-type VigilStoreScore) (nullable):
 *   in the order appended (queued ones last, with id 0); %NULL with @error
 */
GPtrArray *
vigil_store_list_scores (VigilStore  *self,
                         gint64       treatment_id,
                         GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_records (self, &score_list, treatment_id, error);
}

/**
 * vigil_store_list_checklist_answers:
 *
 * Returns: (transfer full) (element-type VigilStoreChecklistAnswer) (nullable):
 *   in the order appended (a later answer to an item supersedes an earlier
 *   one); %NULL with @error
 */
GPtrArray *
vigil_store_list_checklist_answers (VigilStore  *self,
                                    gint64       treatment_id,
                                    GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_records (self, &answer_list, treatment_id, error);
}

/**
 * vigil_store_list_dose_inputs:
 *
 * Returns: (transfer full) (element-type VigilStoreDoseInput) (nullable):
 *   in the order appended (the last one is the dose in force); %NULL with
 *   @error
 */
GPtrArray *
vigil_store_list_dose_inputs (VigilStore  *self,
                              gint64       treatment_id,
                              GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_records (self, &dose_list, treatment_id, error);
}

/* Vitals */

static void
notify_pending (VigilStore *self)
{
  if (self->notified_pending != self->n_pending)
    {
      self->notified_pending = self->n_pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
    }
}

/* Writes the buffered vitals in one transaction. While the store is
 * unhealthy they only join the queue: the retry timer writes it, and a
 * write tried here every half second would stall the screen behind a lock
 * each time. */
static void
flush_buffered (VigilStore *self)
{
  if (self->health_error != NULL)
    {
      queue_vitals (self);
      notify_pending (self);
    }
  else
    submit (self, NULL, NULL);
}

static gboolean
flush_cb (gpointer data)
{
  VigilStore *self = data;

  self->flush_source = NULL;
  flush_buffered (self);
  return G_SOURCE_REMOVE;
}

/**
 * vigil_store_append_vital:
 * @session_id: from vigil_store_begin_session() on this store
 * @observation: what the monitor received; copied
 *
 * Buffers one vital; the buffer is committed in one transaction within
 * FLUSH_INTERVAL_MS (or at once when it is large), before any later alarm,
 * event or step, at end_session and at close.
 *
 * Returns: %TRUE when buffered; %FALSE with @error when the store is
 *   unhealthy (the vital is kept and written when the database recovers),
 *   or (%VIGIL_STORE_ERROR_INVALID, not kept) for an unknown session or
 *   parameter
 */
gboolean
vigil_store_append_vital (VigilStore              *self,
                          gint64                   session_id,
                          const VigilObservation  *observation,
                          GError                 **error)
{
  BufferedVital b = { 0 };
  Row *session;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (observation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = lookup_session (self, session_id, error);
  if (session == NULL)
    return FALSE;
  if ((guint) observation->parameter >= VIGIL_N_PARAMETERS)
    return invalid (error, "A vital with parameter %d is not valid", (int) observation->parameter);

  b.session = session;
  b.vital.session_id = session_id;
  /* NIBP is dated when the cuff measured, not when the reading arrived. */
  b.vital.wall_us = observation->host_wall_us - MAX (observation->age_us, 0);
  b.vital.device_time_us = observation->device_time_us;
  b.vital.parameter = observation->parameter;
  b.vital.value = observation->value;
  b.vital.diastolic = observation->parameter == VIGIL_PARAMETER_NIBP ? observation->diastolic : NAN;
  b.vital.mean = observation->parameter == VIGIL_PARAMETER_NIBP ? observation->mean : NAN;
  b.vital.quality = observation->quality;
  g_array_append_val (self->vitals, b);

  if (self->vitals->len >= FLUSH_MAX_VITALS)
    flush_buffered (self);
  else if (self->flush_source == NULL)
    {
      self->flush_source = g_timeout_source_new (FLUSH_INTERVAL_MS);
      g_source_set_callback (self->flush_source, flush_cb, self, NULL);
      g_source_set_static_name (self->flush_source, "[vigil] store vitals");
      g_source_attach (self->flush_source, self->context);
      g_source_unref (self->flush_source);
    }

  if (self->health_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->health_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_store_flush_vitals:
 *
 * Commits the buffered vitals (and anything queued before them) now.
 *
 * Returns: %TRUE when everything is on disk; %FALSE with @error when the
 *   records stay queued (the store is unhealthy)
 */
gboolean
vigil_store_flush_vitals (VigilStore  *self,
                          GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return submit (self, NULL, error);
}

static void
add_queued_vitals (GArray      *out,
                   GArray      *buffered,
                   const Row   *session,
                   gint64       session_id,
                   gint64       from_us,
                   gint64       until_us)
{
  for (guint i = 0; i < buffered->len; i++)
    {
      const BufferedVital *b = &g_array_index (buffered, BufferedVital, i);

      if (b->session == session && b->vital.wall_us >= from_us && b->vital.wall_us < until_us)
        {
          VigilStoreVital v = b->vital;

          v.session_id = session_id;
          g_array_append_val (out, v);
        }
    }
}

static gint
compare_vital_time (gconstpointer a,
                    gconstpointer b)
{
  const VigilStoreVital *va = a;
  const VigilStoreVital *vb = b;

  return (va->wall_us > vb->wall_us) - (va->wall_us < vb->wall_us);
}

static double
column_double_or_nan (sqlite3_stmt *stmt,
                      int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}

/**
 * vigil_store_list_vitals:
 * @session_id: a session of this run or of an earlier one
 * @from_us: first time included
 * @until_us: first time excluded (%G_MAXINT64 for all)
 *
 * Returns: (transfer full): a #GArray of #VigilStoreVital in time order,
 *   buffered and queued ones included; %NULL with @error
 */
GArray *
vigil_store_list_vitals (VigilStore  *self,
                         gint64       session_id,
                         gint64       from_us,
                         gint64       until_us,
                         GError     **error)
{
  g_autoptr(GArray) vitals = g_array_new (FALSE, FALSE, sizeof (VigilStoreVital));
  Row *session;
  gint64 db_id;
  guint n_disk;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  session = g_hash_table_lookup (self->sessions, &session_id);
  db_id = session != NULL ? session->db_id : session_id;
  if (session == NULL)
    {
      gboolean exists = FALSE;

      rc = row_exists (self, STMT_SESSION_EXISTS, session_id, &exists);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, self->db, rc, self->path, _("The vitals cannot be read."), NULL);
          return NULL;
        }
      if (!exists)
        {
          invalid (error, "There is no monitoring session with id %" G_GINT64_FORMAT " in %s",
                   session_id, self->path);
          return NULL;
        }
    }

  if (db_id != 0)
    {
      sqlite3_stmt *stmt = self->stmts[STMT_LIST_VITALS];
      gboolean unknown = FALSE;

      sqlite3_bind_int64 (stmt, 1, db_id);
      sqlite3_bind_int64 (stmt, 2, from_us);
      sqlite3_bind_int64 (stmt, 3, until_us);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          VigilStoreVital v;

          v.session_id = session_id;
          v.wall_us = sqlite3_column_int64 (stmt, 0);
          v.device_time_us = sqlite3_column_int64 (stmt, 1);
          if (!vigil_parameter_from_string ((const char *) sqlite3_column_text (stmt, 2), &v.parameter))
            {
              unknown = TRUE;
              break;
            }
          v.value = column_double_or_nan (stmt, 3);
          v.diastolic = column_double_or_nan (stmt, 4);
          v.mean = column_double_or_nan (stmt, 5);
          v.quality = (guint) sqlite3_column_int64 (stmt, 6);
          g_array_append_val (vitals, v);
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (unknown)
        {
          /* A parameter written by a newer Vigil or by hand: say so, never guess. */
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                       _("The vitals in %s hold a parameter this Vigil does not know."), self->path);
          return NULL;
        }
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (error, self->db, rc, self->path, _("The vitals cannot be read."), NULL);
          return NULL;
        }
    }

  n_disk = vitals->len;
  if (session != NULL)
    {
      for (GList *l = self->pending.head; l != NULL; l = l->next)
        {
          Op *op = l->data;

          if (op->kind == OP_APPEND_VITALS)
            add_queued_vitals (vitals, op->record, session, session_id, from_us, until_us);
        }
      add_queued_vitals (vitals, self->vitals, session, session_id, from_us, until_us);
    }
  /* NIBP readings are dated when measured, so a queued one may precede
   * rows on disk. GLib's sort is a stable merge sort: equal times keep
   * their order of arrival. */
  if (vitals->len > n_disk)
    g_array_sort (vitals, compare_vital_time);

  return g_steal_pointer (&vitals);
}

/* Sessions */

void
vigil_store_session_summary_free (VigilStoreSessionSummary *session)
{
  if (session == NULL)
    return;
  g_free (session->scenario);
  g_free (session->patient_name);
  g_free (session);
}

#define SESSION_SUMMARY_SELECT \
  "SELECT s.id, s.started_at_us, s.ended_at_us, s.simulated, s.scenario," \
  " t.id, t.patient_id, p.name, t.series_number, t.planned_count, t.maintenance," \
  " (SELECT count(*) FROM alarm_log a WHERE a.session_id = s.id AND a.kind = 'start')," \
  " (SELECT sc.total FROM treatment_scores sc" \
  "  WHERE sc.treatment_id = t.id AND sc.scale = 'phq9'" \
  "  ORDER BY sc.wall_us DESC, sc.id DESC LIMIT 1)," \
  " (SELECT max(v.wall_us) FROM vitals v WHERE v.session_id = s.id)" \
  " FROM monitoring_sessions s" \
  " LEFT JOIN treatments t ON t.id = (SELECT max(t2.id) FROM treatments t2" \
  "                                   WHERE t2.monitoring_session_id = s.id)" \
  " LEFT JOIN patients p ON p.id = t.patient_id"

static VigilStoreSessionSummary *
summary_from_row (VigilStore   *self,
                  sqlite3_stmt *stmt)
{
  VigilStoreSessionSummary *s = g_new0 (VigilStoreSessionSummary, 1);

  s->session_id = handle_for_db_id (self->sessions, sqlite3_column_int64 (stmt, 0));
  s->started_at_us = sqlite3_column_int64 (stmt, 1);
  s->ended_at_us = sqlite3_column_int64 (stmt, 2);
  s->simulated = sqlite3_column_int (stmt, 3) != 0;
  s->scenario = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    {
      s->treatment_id = handle_for_db_id (self->treatments, sqlite3_column_int64 (stmt, 5));
      s->patient_id = handle_for_db_id (self->patients, sqlite3_column_int64 (stmt, 6));
      s->patient_name = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      s->series_number = (guint) sqlite3_column_int64 (stmt, 8);
      s->planned_count = (guint) sqlite3_column_int64 (stmt, 9);
      s->maintenance = sqlite3_column_int (stmt, 10) != 0;
    }
  s->n_alarms = (guint) sqlite3_column_int64 (stmt, 11);
  s->phq9 = sqlite3_column_type (stmt, 12) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 12);
  s->last_vital_us = sqlite3_column_int64 (stmt, 13);
  return s;
}

static void
summary_take_treatment (VigilStore                *self,
                        VigilStoreSessionSummary  *s,
                        const Op                  *op)
{
  const VigilStoreTreatment *t = op->record;
  g_autoptr(VigilStorePatient) patient = NULL;

  s->treatment_id = op->row->handle;
  s->patient_id = op->patient->handle;
  s->series_number = t->series_number;
  s->planned_count = t->planned_count;
  s->maintenance = t->maintenance;
  s->phq9 = -1;
  g_clear_pointer (&s->patient_name, g_free);
  if (vigil_store_get_patient (self, op->patient->handle, &patient, NULL))
    s->patient_name = g_strdup (patient->name);
}

/* Adds to a summary what still waits in the queue or the vitals buffer.
 * @session: the session's row if this store knows it. */
static void
summary_add_queued (VigilStore                *self,
                    VigilStoreSessionSummary  *s,
                    const Row                 *session)
{
  gint64 session_db_id = session != NULL ? session->db_id : s->session_id;

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      const Op *op = l->data;

      switch (op->kind)
        {
        case OP_END_SESSION:
          if (session != NULL && op->session == session)
            s->ended_at_us = op->time_us;
          break;
        case OP_APPEND_ALARM:
          if (session != NULL && op->session == session && op->entry->kind == VIGIL_ALARM_LOG_START)
            s->n_alarms++;
          break;
        case OP_CREATE_TREATMENT:
          if ((session != NULL && op->session == session) ||
              (op->session == NULL && session_db_id != 0 && op->session_db_id == session_db_id))
            summary_take_treatment (self, s, op);
          break;
        case OP_APPEND_SCORE:
          {
            const VigilStoreScore *score = op->record;

            if (s->treatment_id != 0 && op->row->handle == s->treatment_id &&
                score->scale == VIGIL_STORE_SCALE_PHQ9)
              s->phq9 = score->total;
            break;
          }
        case OP_APPEND_VITALS:
          {
            GArray *vitals = op->record;

            for (guint i = 0; session != NULL && i < vitals->len; i++)
              {
                const BufferedVital *b = &g_array_index (vitals, BufferedVital, i);

                if (b->session == session)
                  s->last_vital_us = MAX (s->last_vital_us, b->vital.wall_us);
              }
            break;
          }
        case OP_BEGIN_SESSION:
        case OP_SET_SESSION_SOUND:
        case OP_CREATE_PATIENT:
        case OP_APPEND_STEP:
        case OP_APPEND_EVENT:
        case OP_APPEND_ANSWER:
        case OP_APPEND_DOSE:
        case OP_APPEND_AUDIT:
        default:
          break;
        }
    }
  for (guint i = 0; session != NULL && i < self->vitals->len; i++)
    {
      const BufferedVital *b = &g_array_index (self->vitals, BufferedVital, i);

      if (b->session == session)
        s->last_vital_us = MAX (s->last_vital_us, b->vital.wall_us);
    }
}

static VigilStoreSessionSummary *
summary_from_queued_begin (VigilStore *self,
                           const Op   *op)
{
  VigilStoreSessionSummary *s = g_new0 (VigilStoreSessionSummary, 1);

  s->session_id = op->session->handle;
  s->started_at_us = op->time_us;
  s->simulated = op->simulated;
  s->scenario = g_strdup (op->scenario);
  s->phq9 = -1;
  summary_add_queued (self, s, op->session);
  return s;
}

/* Reads summaries with SESSION_SUMMARY_SELECT + @where, ?1 bound to @id. */
static gboolean
read_summaries (VigilStore  *self,
                const char  *where,
                gint64       id,
                GPtrArray   *out,
                GError     **error)
{
  g_autofree char *sql = g_strconcat (SESSION_SUMMARY_SELECT, " ", where, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          VigilStoreSessionSummary *s = summary_from_row (self, stmt);

          summary_add_queued (self, s, g_hash_table_lookup (self->sessions, &s->session_id));
          g_ptr_array_add (out, s);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->path, _("The sessions cannot be read."), NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_store_list_sessions:
 * @patient_id: a patient's id, or 0 for every session
 *
 * Returns: (transfer full) (element-type VigilStoreSessionSummary): the
 *   sessions, newest first, queued ones included; %NULL with @error
 */
GPtrArray *
vigil_store_list_sessions (VigilStore  *self,
                           gint64       patient_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) sessions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_session_summary_free);
  Row *patient = NULL;
  gint64 patient_db_id = 0;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (patient_id != 0)
    {
      patient = g_hash_table_lookup (self->patients, &patient_id);
      patient_db_id = patient != NULL ? patient->db_id : patient_id;
    }

  /* Queued sessions began after every one on disk: newest first. */
  for (GList *l = self->pending.tail; l != NULL; l = l->prev)
    {
      Op *op = l->data;

      if (op->kind == OP_BEGIN_SESSION)
        {
          VigilStoreSessionSummary *s = summary_from_queued_begin (self, op);

          if (patient_id == 0 || s->patient_id == patient_id)
            g_ptr_array_add (sessions, s);
          else
            vigil_store_session_summary_free (s);
        }
    }

  if (patient_id == 0)
    {
      if (!read_summaries (self, "ORDER BY s.started_at_us DESC, s.id DESC", 0, sessions, error))
        return NULL;
    }
  else if (patient_db_id != 0)
    {
      if (!read_summaries (self, "WHERE t.patient_id = ?1 ORDER BY s.started_at_us DESC, s.id DESC",
                           patient_db_id, sessions, error))
        return NULL;
    }

  return g_steal_pointer (&sessions);
}

/**
 * vigil_store_get_session:
 * @session_id: a session of this run or of an earlier one
 * @out_session: (out) (transfer full): its summary
 *
 * Returns: %TRUE, or %FALSE with @error (%VIGIL_STORE_ERROR_INVALID for an
 *   unknown session)
 */
gboolean
vigil_store_get_session (VigilStore                *self,
                         gint64                     session_id,
                         VigilStoreSessionSummary **out_session,
                         GError                   **error)
{
  g_autoptr(GPtrArray) found =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_session_summary_free);
  Row *session;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = g_hash_table_lookup (self->sessions, &session_id);
  if (session != NULL && session->db_id == 0)
    {
      for (GList *l = self->pending.head; l != NULL; l = l->next)
        {
          Op *op = l->data;

          if (op->kind == OP_BEGIN_SESSION && op->session == session)
            {
              *out_session = summary_from_queued_begin (self, op);
              return TRUE;
            }
        }
    }
  else if (!read_summaries (self, "WHERE s.id = ?1",
                            session != NULL ? session->db_id : session_id, found, error))
    return FALSE;

  if (found->len == 0)
    {
      invalid (error, "There is no monitoring session with id %" G_GINT64_FORMAT " in %s",
               session_id, self->path);
      return FALSE;
    }
  *out_session = g_ptr_array_steal_index (found, 0);
  return TRUE;
}

/**
 * vigil_store_find_session_treatment:
 * @session_id: a session of this run or of an earlier one
 *
 * Returns: the latest treatment recorded with the session, 0 if none, -1
 *   with @error
 */
gint64
vigil_store_find_session_treatment (VigilStore  *self,
                                    gint64       session_id,
                                    GError     **error)
{
  Row *session;
  sqlite3_stmt *stmt = NULL;
  gint64 found = 0;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  session = g_hash_table_lookup (self->sessions, &session_id);
  for (GList *l = self->pending.tail; l != NULL; l = l->prev)
    {
      Op *op = l->data;

      if (op->kind == OP_CREATE_TREATMENT &&
          ((session != NULL && op->session == session) ||
           (session == NULL && op->session == NULL && op->session_db_id == session_id)))
        return op->row->handle;
    }
  if (session != NULL && session->db_id == 0)
    return 0;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT max(id) FROM treatments WHERE monitoring_session_id = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, session != NULL ? session->db_id : session_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
            found = handle_for_db_id (self->treatments, sqlite3_column_int64 (stmt, 0));
          rc = SQLITE_DONE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->path, _("The treatments cannot be read."), NULL);
      return -1;
    }
  return found;
}

/* Staff and the audit log (schema version 4) */

void
vigil_store_staff_free (VigilStoreStaff *staff)
{
  if (staff == NULL)
    return;
  g_free (staff->name);
  g_free (staff->role);
  g_free (staff->pin_hash);
  g_free (staff);
}

VigilStoreStaff *
vigil_store_staff_copy (const VigilStoreStaff *staff)
{
  VigilStoreStaff *copy;

  g_return_val_if_fail (staff != NULL, NULL);

  copy = g_memdup2 (staff, sizeof *staff);
  copy->name = g_strdup (staff->name);
  copy->role = g_strdup (staff->role);
  copy->pin_hash = g_strdup (staff->pin_hash);
  return copy;
}

void
vigil_store_audit_entry_free (VigilStoreAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->person_name);
  g_free (entry->role);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry);
}

VigilStoreAuditEntry *
vigil_store_audit_entry_copy (const VigilStoreAuditEntry *entry)
{
  VigilStoreAuditEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->person_name = g_strdup (entry->person_name);
  copy->role = g_strdup (entry->role);
  copy->action = g_strdup (entry->action);
  copy->detail = g_strdup (entry->detail);
  return copy;
}

/* The twin of audit_log's CHECK, and what keeps a queued line from ever
 * being refused. */
static gboolean
check_audit (const VigilStoreAuditEntry  *entry,
             GError                     **error)
{
  if (is_blank (entry->action))
    return invalid (error, "An audit line needs an action");
  if (entry->person_id < 0 || (entry->person_id > 0 && is_blank (entry->person_name)))
    return invalid (error, "An audit line for person %" G_GINT64_FORMAT " needs the person's name",
                    entry->person_id);
  return TRUE;
}

/* Writes the queue (and the buffered vitals) first, so the order on disk
 * stays the order of the calls, then opens the staff change's own
 * transaction. On failure nothing of the change is made. */
static gboolean
begin_staff_change (VigilStore  *self,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  int rc;

  if (!submit (self, NULL, &local_error))
    {
      g_set_error (error, VIGIL_STORE_ERROR, local_error->code, "%s %s",
                   _("The change to the staff list was not saved."), local_error->message);
      return FALSE;
    }
  rc = step_done (self->stmts[STMT_BEGIN]);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->path,
                        _("The change to the staff list was not saved."), NULL);
      return FALSE;
    }
  return TRUE;
}

/* Adds the audit line, commits; or rolls back with @error when @rc or
 * anything after it failed. */
static gboolean
end_staff_change (VigilStore                  *self,
                  int                          rc,
                  const VigilStoreAuditEntry  *audit,
                  GError                     **error)
{
  if (rc == SQLITE_OK && audit != NULL)
    rc = write_audit (self, audit);
  if (rc == SQLITE_OK)
    rc = step_done (self->stmts[STMT_COMMIT]);
  if (rc == SQLITE_OK)
    return TRUE;

  /* A name already on the list that VigilStaff's own check did not see
   * (another Vigil on the same file): the caller's mistake, not the disk's. */
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                 _("The staff list refused the change: that name is already on the list (%s)."),
                 sqlite3_errmsg (self->db));
  else
    set_sqlite_error (error, self->db, rc, self->path,
                      _("The change to the staff list was not saved."), NULL);
  rollback_quietly (self->db);
  return FALSE;
}

static gboolean
is_pin_hash (const char *text)
{
  return text != NULL && g_str_has_prefix (text, "$argon2id$");
}

/**
 * vigil_store_add_staff:
 * @staff: the person; copied; id and removed_us ignored
 * @audit: (nullable): the audit line written in the same transaction
 *
 * Adds a person to the roster, committed before it returns; never queued.
 *
 * Returns: the new id (> 0), or 0 with @error
 */
gint64
vigil_store_add_staff (VigilStore                  *self,
                       const VigilStoreStaff       *staff,
                       const VigilStoreAuditEntry  *audit,
                       GError                     **error)
{
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (staff != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (is_blank (staff->name) || g_utf8_strlen (staff->name, -1) > 64)
    return invalid (error, "A staff member needs a name of 1 to 64 characters");
  if (is_blank (staff->role))
    return invalid (error, "A staff member needs a role");
  if (!is_pin_hash (staff->pin_hash))
    return invalid (error, "A staff member's PIN must be stored as an Argon2id hash");
  if (audit != NULL && !check_audit (audit, error))
    return 0;

  if (!begin_staff_change (self, error))
    return 0;
  stmt = self->stmts[STMT_INSERT_STAFF];
  sqlite3_bind_text (stmt, 1, staff->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, staff->role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, staff->pin_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, staff->created_us);
  rc = step_done (stmt);
  id = sqlite3_last_insert_rowid (self->db);
  if (!end_staff_change (self, rc, audit, error))
    return 0;
  return id;
}

/**
 * vigil_store_update_staff:
 * @staff_id: an active person
 * @role: (nullable): the new role, or %NULL to keep it
 * @pin_hash: (nullable): the new PIN's hash, or %NULL to keep it
 * @removed_us: when the person left the staff list, or 0 to keep them
 * @audit: (nullable): the audit line written in the same transaction
 *
 * Returns: %TRUE when committed; %FALSE with @error, nothing changed
 */
gboolean
vigil_store_update_staff (VigilStore                  *self,
                          gint64                       staff_id,
                          const char                  *role,
                          const char                  *pin_hash,
                          gint64                       removed_us,
                          const VigilStoreAuditEntry  *audit,
                          GError                     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (role != NULL && is_blank (role))
    return invalid (error, "A staff member needs a role");
  if (pin_hash != NULL && !is_pin_hash (pin_hash))
    return invalid (error, "A staff member's PIN must be stored as an Argon2id hash");
  if (audit != NULL && !check_audit (audit, error))
    return FALSE;

  if (!begin_staff_change (self, error))
    return FALSE;
  stmt = self->stmts[STMT_UPDATE_STAFF];
  sqlite3_bind_int64 (stmt, 1, staff_id);
  bind_text_or_null (stmt, 2, role);
  bind_text_or_null (stmt, 3, pin_hash);
  if (removed_us != 0)
    sqlite3_bind_int64 (stmt, 4, removed_us);
  rc = step_done (stmt);
  if (rc == SQLITE_OK && sqlite3_changes (self->db) != 1)
    {
      rollback_quietly (self->db);
      return invalid (error, "There is no one with id %" G_GINT64_FORMAT " on the staff list of %s",
                      staff_id, self->path);
    }
  return end_staff_change (self, rc, audit, error);
}

#define STAFF_COLUMNS "id, name, role, pin_hash, created_us, removed_us"

static gpointer
staff_from_row_cb (VigilStore   *self,
                   sqlite3_stmt *stmt,
                   gpointer      user_data)
{
  VigilStoreStaff *s = g_new0 (VigilStoreStaff, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  s->role = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  s->pin_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  s->created_us = sqlite3_column_int64 (stmt, 4);
  s->removed_us = sqlite3_column_int64 (stmt, 5);
  return s;
}

/**
 * vigil_store_list_staff:
 * @include_removed: list people removed from the staff too
 *
 * Returns: (transfer full) (element-type VigilStoreStaff) (nullable): the
 *   roster by name (case-insensitive) then id, or %NULL with @error
 */
GPtrArray *
vigil_store_list_staff (VigilStore  *self,
                        gboolean     include_removed,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_rows (self,
                    include_removed
                      ? "SELECT " STAFF_COLUMNS " FROM staff ORDER BY name COLLATE NOCASE, id"
                      : "SELECT " STAFF_COLUMNS " FROM staff WHERE removed_us IS NULL"
                        " ORDER BY name COLLATE NOCASE, id",
                    0, staff_from_row_cb, NULL, (GDestroyNotify) vigil_store_staff_free,
                    _("The staff list"), error);
}

/**
 * vigil_store_get_staff:
 * @staff_id: a person's id, active or removed
 * @out_staff: (out) (transfer full): the person
 *
 * Returns: %TRUE with @out_staff set; %FALSE with @error
 *   (%VIGIL_STORE_ERROR_INVALID for an unknown id)
 */
gboolean
vigil_store_get_staff (VigilStore       *self,
                       gint64            staff_id,
                       VigilStoreStaff **out_staff,
                       GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_staff != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_staff = NULL;
  rows = read_rows (self, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?1", staff_id,
                    staff_from_row_cb, NULL, (GDestroyNotify) vigil_store_staff_free,
                    _("The staff list"), error);
  if (rows == NULL)
    return FALSE;
  if (rows->len != 1)
    return invalid (error, "There is no one with id %" G_GINT64_FORMAT " on the staff list of %s",
                    staff_id, self->path);
  *out_staff = g_ptr_array_steal_index (rows, 0);
  return TRUE;
}

/**
 * vigil_store_append_audit:
 * @entry: the line; copied, its id ignored
 *
 * Writes and commits one audit line (after any queued records).
 *
 * Returns: %TRUE when on disk; %FALSE with @error when it was queued
 *   instead (the store is then unhealthy, nothing is lost), or when the
 *   line is wrong (%VIGIL_STORE_ERROR_INVALID, not queued)
 */
gboolean
vigil_store_append_audit (VigilStore                  *self,
                          const VigilStoreAuditEntry  *entry,
                          GError                     **error)
{
  Op *op;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_audit (entry, error))
    return FALSE;

  op = g_new0 (Op, 1);
  op->kind = OP_APPEND_AUDIT;
  op->record = vigil_store_audit_entry_copy (entry);
  ((VigilStoreAuditEntry *) op->record)->id = 0;
  return submit (self, op, error);
}

static gpointer
audit_from_row_cb (VigilStore   *self,
                   sqlite3_stmt *stmt,
                   gpointer      user_data)
{
  VigilStoreAuditEntry *a = g_new0 (VigilStoreAuditEntry, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->wall_us = sqlite3_column_int64 (stmt, 1);
  a->person_id = sqlite3_column_int64 (stmt, 2);
  a->person_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  a->role = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  a->action = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  a->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  return a;
}

/* Newest first; GLib's sort is stable, so equal times keep the
 * newest-call-first order they are collected in. */
static int
compare_audit_newest_first (gconstpointer a,
                            gconstpointer b)
{
  const VigilStoreAuditEntry *ea = *(VigilStoreAuditEntry * const *) a;
  const VigilStoreAuditEntry *eb = *(VigilStoreAuditEntry * const *) b;

  return (eb->wall_us > ea->wall_us) - (eb->wall_us < ea->wall_us);
}

/**
 * vigil_store_list_audit:
 * @limit: at most this many lines; 0 for all
 *
 * Returns: (transfer full) (element-type VigilStoreAuditEntry) (nullable):
 *   the newest lines first (ties: the later written first), queued ones
 *   included with id 0; %NULL with @error
 */
GPtrArray *
vigil_store_list_audit (VigilStore  *self,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rows = read_rows (self,
                    "SELECT id, wall_us, person_id, person_name, role, action, detail"
                    " FROM audit_log ORDER BY wall_us DESC, id DESC LIMIT ?1",
                    limit > 0 ? (gint64) limit : -1,
                    audit_from_row_cb, NULL, (GDestroyNotify) vigil_store_audit_entry_free,
                    _("The audit log"), error);
  if (rows == NULL)
    return NULL;

  /* Queued lines were called after every line on disk: put them first
   * (newest call first), then sort by time; ties keep that order. */
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      if (op->kind == OP_APPEND_AUDIT)
        g_ptr_array_insert (rows, 0, vigil_store_audit_entry_copy (op->record));
    }
  g_ptr_array_sort (rows, compare_audit_newest_first);
  if (limit > 0 && rows->len > limit)
    g_ptr_array_set_size (rows, limit);
  return g_steal_pointer (&rows);
}
