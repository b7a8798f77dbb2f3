/* vigil-history-page.h — patients, their sessions and series, looked back on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-clinic-config.h"
#include "vigil-session-report.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* The patients list's entry for sessions without a patient (monitoring
 * only, demo). */
#define VIGIL_HISTORY_NO_PATIENT 0

#define VIGIL_TYPE_HISTORY_PAGE (vigil_history_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilHistoryPage, vigil_history_page, VIGIL, HISTORY_PAGE, GtkWidget)

void              vigil_history_page_set_store          (VigilHistoryPage  *self,
                                                         VigilStore        *store,
                                                         gint64             current_session_id);
void              vigil_history_page_refresh            (VigilHistoryPage  *self);

/* The patients list, and the sessions of the chosen patient. */
guint             vigil_history_page_get_n_patients     (VigilHistoryPage  *self);
char             *vigil_history_page_get_patient_text   (VigilHistoryPage  *self,
                                                         guint              index);
gboolean          vigil_history_page_select_patient     (VigilHistoryPage  *self,
                                                         gint64             patient_id);
guint             vigil_history_page_get_n_sessions     (VigilHistoryPage  *self);
char             *vigil_history_page_get_session_text   (VigilHistoryPage  *self,
                                                         guint              index);

/* The chosen patient's series: PHQ-9 summary and flags, and the physician
 * review prompt (NULL when not shown). */
const char       *vigil_history_page_get_series_text    (VigilHistoryPage  *self);
const char       *vigil_history_page_get_review_prompt  (VigilHistoryPage  *self);

/* One session's view. */
gboolean          vigil_history_page_open_session       (VigilHistoryPage  *self,
                                                         gint64             session_id,
                                                         GError           **error);
gint64            vigil_history_page_get_open_session   (VigilHistoryPage  *self);
GtkWidget        *vigil_history_page_get_chart          (VigilHistoryPage  *self);
guint             vigil_history_page_get_n_records      (VigilHistoryPage  *self);
char             *vigil_history_page_get_record_text    (VigilHistoryPage  *self,
                                                         guint              index);

/* What the Print / Save PDF and Export CSV buttons do once a file is
 * chosen; the outcome is shown in the page too. */
/* The clinic's name and logo for the reports it exports. */
void              vigil_history_page_set_clinic_config  (VigilHistoryPage  *self,
                                                         VigilClinicConfig *config);
gboolean          vigil_history_page_export_pdf         (VigilHistoryPage  *self,
                                                         const char        *path,
                                                         VigilReportPaper   paper,
                                                         GError           **error);
gboolean          vigil_history_page_export_csv         (VigilHistoryPage  *self,
                                                         const char        *path,
                                                         GError           **error);
const char       *vigil_history_page_get_export_status  (VigilHistoryPage  *self);

VigilReportPaper  vigil_history_page_paper_for_locale   (const char        *locale);

G_END_DECLS
