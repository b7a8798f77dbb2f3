/* vigil-session-report.h — a monitoring session as a clinical document: PDF and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-store.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_REPORT_PAPER_A4,
  VIGIL_REPORT_PAPER_LETTER,
} VigilReportPaper;

/* The whole report of @session_id, drawn with Cairo and Pango: clinic
 * header, patient and series, dose, phases with pauses, trend charts with
 * event and alarm markers, vitals at the NIBP readings, the alarm log,
 * scores, checklist answers, who did what; a SIMULATED watermark on demo
 * sessions. @clinic_name may be NULL. */
gboolean vigil_session_report_write_pdf (VigilStore        *store,
                                         gint64             session_id,
                                         VigilReportPaper   paper,
                                         const char        *clinic_name,
                                         const char        *path,
                                         GError           **error);

/* The same, with the clinic's logo (a PNG; NULL: none) beside its name. */
gboolean vigil_session_report_write_pdf_full (VigilStore        *store,
                                              gint64             session_id,
                                              VigilReportPaper   paper,
                                              const char        *clinic_name,
                                              const char        *logo_path,
                                              const char        *path,
                                              GError           **error);

/* One CSV file (RFC 4180, UTF-8, header row) of the session's vitals,
 * events and alarms, columns documented in docs/export.md. */
gboolean vigil_session_report_write_csv (VigilStore        *store,
                                         gint64             session_id,
                                         const char        *path,
                                         GError           **error);

G_END_DECLS
