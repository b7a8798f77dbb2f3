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

G_BEGIN_DECLS

/* The schema version this build writes; older files are migrated forward
 * at open, newer ones are refused. */
#define VIGIL_STORE_SCHEMA_VERSION 1

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
  VIGIL_STORE_ERROR_INVALID,    /* the caller's mistake (unknown session, bad entry) */
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

#define VIGIL_TYPE_STORE (vigil_store_get_type ())

G_DECLARE_FINAL_TYPE (VigilStore, vigil_store, VIGIL, STORE, GObject)

GQuark        vigil_store_error_quark          (void);
void          vigil_store_alarm_filter_init    (VigilStoreAlarmFilter        *filter);

char         *vigil_store_default_path         (void);
VigilStore   *vigil_store_open                 (const char                   *path,
                                                GError                      **error);
const char   *vigil_store_get_path             (VigilStore                   *self);
int           vigil_store_get_schema_version   (VigilStore                   *self);

/* Set when open found the file damaged, moved it aside and started a new
 * one: where the old file is now, and a sentence to show the user. */
const char   *vigil_store_get_moved_aside_path (VigilStore                   *self);
const char   *vigil_store_get_warning          (VigilStore                   *self);

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
gint64        vigil_store_begin_session        (VigilStore                   *self,
                                                gint64                        started_at_us,
                                                gboolean                      simulated,
                                                const char                   *scenario);
gboolean      vigil_store_end_session          (VigilStore                   *self,
                                                gint64                        session_id,
                                                gint64                        ended_at_us,
                                                GError                      **error);
gboolean      vigil_store_append_alarm         (VigilStore                   *self,
                                                gint64                        session_id,
                                                const VigilAlarmLogEntry     *entry,
                                                GError                      **error);
gboolean      vigil_store_retry_pending        (VigilStore                   *self,
                                                GError                      **error);

/* Health: FALSE while records wait in the queue ("records cannot be saved").
 * Signal "health-changed" (gboolean healthy); properties "healthy" and
 * "pending-count" notify too. The health error is the latest failure's, a
 * message for the technical alarm area; NULL when healthy. */
gboolean      vigil_store_is_healthy           (VigilStore                   *self);
guint         vigil_store_get_pending_count    (VigilStore                   *self);
const GError *vigil_store_get_health_error     (VigilStore                   *self);

/* The alarm log, newest first, as VigilAlarmLogEntry*. Queued entries that
 * match are included, so the log page misses nothing while the disk is
 * failing. @filter may be NULL for everything. */
GPtrArray    *vigil_store_list_alarms          (VigilStore                   *self,
                                                const VigilStoreAlarmFilter  *filter,
                                                GError                      **error);

/* A full PRAGMA integrity_check (open runs the faster quick_check). */
gboolean      vigil_store_check_integrity      (VigilStore                   *self,
                                                GError                      **error);

G_END_DECLS
