/* vigil-report-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per record, all kinds in one file told apart by the `record`
 * column, in time order, so a spreadsheet or a script sees the session as
 * it happened. The columns are documented in docs/export.md and never
 * change meaning; new ones are added at the end.
 */
#include "vigil-report-csv.h"

#include <math.h>
#include <string.h>

typedef enum
{
  COL_RECORD,
  COL_SESSION_ID,
  COL_SIMULATED,
  COL_PATIENT,
  COL_TIME,
  COL_TIME_UNIX_US,
  COL_ELAPSED_S,
  COL_PHASE,
  COL_KIND,
  COL_CONDITION,
  COL_VALUE,
  COL_UNIT,
  COL_DIASTOLIC,
  COL_MEAN,
  COL_QUALITY,
  COL_PRIORITY,
  COL_LIMIT,
  COL_OLD_LIMIT,
  COL_OVERRIDE,
  COL_WHO,
  COL_DETAIL,
  N_COLUMNS
} Column;

static const char *column_names[N_COLUMNS] = {
  "record", "session_id", "simulated", "patient", "time", "time_unix_us", "elapsed_s",
  "phase", "kind", "condition", "value", "unit", "diastolic", "mean",
  "quality", "priority", "limit", "old_limit", "override", "who", "detail",
};

/* Where records of the same microsecond go: the order a person reads. */
typedef enum
{
  ORDER_STEP,
  ORDER_VITAL,
  ORDER_ALARM,
  ORDER_EVENT,
  ORDER_SCORE,
} RowOrder;

typedef struct
{
  gint64    wall_us;
  RowOrder  order;
  char     *fields[N_COLUMNS];
} Row;

static void
row_free (Row *row)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    g_free (row->fields[i]);
  g_free (row);
}

void
vigil_report_csv_append_field (GString    *out,
                               const char *field)
{
  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_row (GString           *out,
            const char *const *fields)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      vigil_report_csv_append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

static char *
number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return NULL;
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

/* ISO 8601 in local time with the offset, to the millisecond: a person
 * reads it, and the offset keeps it unambiguous across a DST change. */
static char *
iso_local (gint64 wall_us)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *zone = NULL;

  /* Vigil's times are after 1970: no negative remainders to mind. */
  dt = g_date_time_new_from_unix_local (MAX (wall_us, 0) / G_USEC_PER_SEC);
  if (dt == NULL)
    return NULL;
  seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  zone = g_date_time_format (dt, "%:z");
  return g_strdup_printf ("%s.%03d%s", seconds,
                          (int) ((MAX (wall_us, 0) % G_USEC_PER_SEC) / 1000), zone);
}

static const char *
quality_string (guint quality,
                char  buf[64])
{
  static const struct { guint bit; const char *name; } names[] = {
    { VIGIL_QUALITY_VALID, "valid" },
    { VIGIL_QUALITY_QUESTIONABLE, "questionable" },
    { VIGIL_QUALITY_SENSOR_OFF, "sensor-off" },
    { VIGIL_QUALITY_STALE, "stale" },
  };

  buf[0] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if ((quality & names[i].bit) == 0)
        continue;
      if (buf[0] != '\0')
        g_strlcat (buf, "|", 64);
      g_strlcat (buf, names[i].name, 64);
    }
  return buf;
}

static Row *
row_new (const VigilSessionRecord *record,
         const char               *kind_of_record,
         RowOrder                  order,
         gint64                    wall_us)
{
  Row *row = g_new0 (Row, 1);
  const VigilStoreSessionSummary *session = record->session;
  char elapsed[G_ASCII_DTOSTR_BUF_SIZE];

  row->wall_us = wall_us;
  row->order = order;
  row->fields[COL_RECORD] = g_strdup (kind_of_record);
  row->fields[COL_SESSION_ID] = g_strdup_printf ("%" G_GINT64_FORMAT, session->session_id);
  row->fields[COL_SIMULATED] = g_strdup (session->simulated ? "1" : "0");
  /* On every row, so rows of several exports pasted together stay
   * attributable. */
  if (record->patient != NULL)
    row->fields[COL_PATIENT] = g_strdup (record->patient->name);
  row->fields[COL_TIME] = iso_local (wall_us);
  row->fields[COL_TIME_UNIX_US] = g_strdup_printf ("%" G_GINT64_FORMAT, wall_us);
  row->fields[COL_ELAPSED_S] = g_strdup (g_ascii_formatd (elapsed, sizeof elapsed, "%.3f",
                                                          (wall_us - record->start_us) / 1e6));
  if (record->treatment != NULL)
    row->fields[COL_PHASE] =
      g_strdup (vigil_treatment_phase_to_string (vigil_session_record_phase_at (record, wall_us)));
  return row;
}

static Row *
vital_row (const VigilSessionRecord *record,
           const VigilStoreVital    *vital)
{
  Row *row = row_new (record, "vital", ORDER_VITAL, vital->wall_us);
  char quality[64];

  row->fields[COL_KIND] = g_strdup (vigil_parameter_to_string (vital->parameter));
  row->fields[COL_VALUE] = number (vital->value);
  row->fields[COL_UNIT] = g_strdup (vigil_unit_to_string (vigil_parameter_get_unit (vital->parameter)));
  row->fields[COL_DIASTOLIC] = number (vital->diastolic);
  row->fields[COL_MEAN] = number (vital->mean);
  row->fields[COL_QUALITY] = g_strdup (quality_string (vital->quality, quality));
  return row;
}

static Row *
step_row (const VigilSessionRecord *record,
          const VigilTreatmentStep *step)
{
  Row *row = row_new (record, "step", ORDER_STEP, step->wall_us);

  /* The phase the step leads to, not the one before it. */
  g_free (row->fields[COL_PHASE]);
  row->fields[COL_PHASE] =
    g_strdup (vigil_treatment_phase_to_string (vigil_session_record_step_target (step->kind)));
  row->fields[COL_KIND] = g_strdup (vigil_treatment_step_kind_to_string (step->kind));
  row->fields[COL_OVERRIDE] = g_strdup (step->override ? "1" : "0");
  row->fields[COL_WHO] = g_strdup (step->who);
  row->fields[COL_DETAIL] = g_strdup (step->reason);
  return row;
}

static Row *
event_row (const VigilSessionRecord       *record,
           const VigilStoreTreatmentEvent *event)
{
  Row *row = row_new (record, "event", ORDER_EVENT, event->wall_us);

  row->fields[COL_KIND] = g_strdup (vigil_store_event_kind_to_string (event->kind));
  row->fields[COL_WHO] = g_strdup (event->who);
  if (event->kind == VIGIL_STORE_EVENT_DRUG)
    row->fields[COL_DETAIL] = event->note != NULL && *event->note != '\0'
      ? g_strdup_printf ("%s %s; %s", event->drug_name, event->drug_dose, event->note)
      : g_strdup_printf ("%s %s", event->drug_name, event->drug_dose);
  else
    row->fields[COL_DETAIL] = g_strdup (event->note);
  return row;
}

static Row *
alarm_row (const VigilSessionRecord *record,
           const VigilAlarmLogEntry *entry)
{
  Row *row = row_new (record, "alarm", ORDER_ALARM, entry->wall_us);
  const VigilAlarmInfo *info = vigil_alarm_get_info (entry->id);

  row->fields[COL_KIND] = g_strdup (vigil_alarm_log_kind_to_string (entry->kind));
  row->fields[COL_CONDITION] = g_strdup (info != NULL ? info->code : NULL);
  row->fields[COL_VALUE] = number (entry->value);
  if (info != NULL && info->parameter >= 0)
    row->fields[COL_UNIT] =
      g_strdup (vigil_unit_to_string (vigil_parameter_get_unit ((VigilParameter) info->parameter)));
  row->fields[COL_PRIORITY] = g_strdup (vigil_alarm_priority_to_string (entry->priority));
  row->fields[COL_LIMIT] = number (entry->limit);
  row->fields[COL_OLD_LIMIT] = number (entry->old_limit);
  row->fields[COL_WHO] = g_strdup (entry->who);
  row->fields[COL_DETAIL] = g_strdup (entry->message);
  return row;
}

static Row *
score_row (const VigilSessionRecord *record,
           const VigilStoreScore    *score)
{
  Row *row = row_new (record, "score", ORDER_SCORE, score->wall_us);

  row->fields[COL_KIND] = g_strdup (vigil_store_scale_to_string (score->scale));
  row->fields[COL_VALUE] = g_strdup_printf ("%d", score->total);
  row->fields[COL_WHO] = g_strdup (score->who);
  row->fields[COL_DETAIL] = g_strdup (score->items);
  return row;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = *(const Row * const *) a;
  const Row *rb = *(const Row * const *) b;

  if (ra->wall_us != rb->wall_us)
    return ra->wall_us < rb->wall_us ? -1 : 1;
  return (int) ra->order - (int) rb->order;
}

/**
 * vigil_report_csv_build:
 *
 * Returns: (transfer full): the file's bytes
 */
GString *
vigil_report_csv_build (const VigilSessionRecord *record)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  GString *out = g_string_sized_new (128 + record->vitals->len * 96);
  guint next_row = 0;

  append_row (out, column_names);

  /* The few clinical records are sorted together; the many vitals are
   * already in time order and are merged in as they are formatted. */
  for (guint i = 0; i < record->steps->len; i++)
    g_ptr_array_add (rows, step_row (record, g_ptr_array_index (record->steps, i)));
  for (guint i = 0; i < record->events->len; i++)
    g_ptr_array_add (rows, event_row (record, g_ptr_array_index (record->events, i)));
  for (guint i = 0; i < record->alarms->len; i++)
    g_ptr_array_add (rows, alarm_row (record, g_ptr_array_index (record->alarms, i)));
  for (guint i = 0; i < record->scores->len; i++)
    g_ptr_array_add (rows, score_row (record, g_ptr_array_index (record->scores, i)));
  /* g_ptr_array_sort is stable: equal times keep their recorded order. */
  g_ptr_array_sort (rows, compare_rows);

  for (guint v = 0; v <= record->vitals->len; v++)
    {
      Row *vital = NULL;

      if (v < record->vitals->len)
        vital = vital_row (record, &g_array_index (record->vitals, VigilStoreVital, v));
      while (next_row < rows->len)
        {
          Row *row = g_ptr_array_index (rows, next_row);
          gconstpointer pa = &row, pb = &vital;

          if (vital != NULL && compare_rows (pa, pb) > 0)
            break;
          append_row (out, (const char * const *) row->fields);
          next_row++;
        }
      if (vital != NULL)
        {
          append_row (out, (const char * const *) vital->fields);
          row_free (vital);
        }
    }

  return out;
}
