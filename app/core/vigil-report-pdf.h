/* vigil-report-pdf.h — a session record drawn as a PDF document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-session-record.h"
#include "vigil-session-report.h"

G_BEGIN_DECLS

/* The document's bytes, drawn with Cairo and Pango; @clinic_name may be
 * NULL ("Vigil"); @logo_path (a PNG, may be NULL) is drawn beside it;
 * @generated_us is printed in the footer. */
GBytes *vigil_report_pdf_render (const VigilSessionRecord *record,
                                 VigilReportPaper          paper,
                                 const char               *clinic_name,
                                 const char               *logo_path,
                                 gint64                    generated_us,
                                 GError                  **error);

G_END_DECLS
