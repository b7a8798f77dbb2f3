/* vigil-session-report.c — the exports of a session: PDF and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both load the whole record first and write the file in one go
 * (g_file_set_contents: a temporary file renamed over the target), so a
 * failed export never leaves half a report where a clinic expects a
 * whole one. The files hold a patient's data: mode 0600.
 */
#include "vigil-session-report.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vigil-report-csv.h"
#include "vigil-report-pdf.h"
#include "vigil-session-record.h"

static gboolean
write_file (const char  *path,
            const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("The report could not be saved as %s: %s. Choose a folder you can write to "
                     "and check that the disk is not full."),
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_session_report_write_pdf:
 *
 * Returns: TRUE when @path holds the whole report
 */
gboolean
vigil_session_report_write_pdf (VigilStore        *store,
                                gint64             session_id,
                                VigilReportPaper   paper,
                                const char        *clinic_name,
                                const char        *path,
                                GError           **error)
{
  return vigil_session_report_write_pdf_full (store, session_id, paper, clinic_name, NULL, path, error);
}

/**
 * vigil_session_report_write_pdf_full:
 * @clinic_name: (nullable): the name at the top ("Vigil" when NULL)
 * @logo_path: (nullable): the clinic's PNG logo, drawn beside the name
 *
 * Returns: TRUE when @path holds the whole report
 */
gboolean
vigil_session_report_write_pdf_full (VigilStore        *store,
                                     gint64             session_id,
                                     VigilReportPaper   paper,
                                     const char        *clinic_name,
                                     const char        *logo_path,
                                     const char        *path,
                                     GError           **error)
{
  g_autoptr(VigilSessionRecord) record = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (paper == VIGIL_REPORT_PAPER_A4 || paper == VIGIL_REPORT_PAPER_LETTER, FALSE);

  record = vigil_session_record_load (store, session_id, error);
  if (record == NULL)
    return FALSE;
  bytes = vigil_report_pdf_render (record, paper, clinic_name, logo_path, g_get_real_time (), error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  return write_file (path, data, length, error);
}

/**
 * vigil_session_report_write_csv:
 *
 * Returns: TRUE when @path holds the whole export
 */
gboolean
vigil_session_report_write_csv (VigilStore  *store,
                                gint64       session_id,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(VigilSessionRecord) record = NULL;
  g_autoptr(GString) csv = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  record = vigil_session_record_load (store, session_id, error);
  if (record == NULL)
    return FALSE;
  csv = vigil_report_csv_build (record);
  return write_file (path, csv->str, csv->len, error);
}
