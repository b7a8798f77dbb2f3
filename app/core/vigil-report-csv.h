/* vigil-report-csv.h — a session record as one CSV file (docs/export.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-session-record.h"

G_BEGIN_DECLS

/* The whole file, RFC 4180, UTF-8, with its header row. */
GString  *vigil_report_csv_build        (const VigilSessionRecord *record);
/* One field as RFC 4180 wants it: quoted (quotes doubled) when it holds a
 * comma, a quote, CR or LF; as is otherwise. */
void      vigil_report_csv_append_field (GString                  *out,
                                         const char               *field);

G_END_DECLS
