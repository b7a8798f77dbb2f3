/* vigil-options.h — the command line, parsed and checked before any window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean   demo;
  char      *scenario;        /* demo scenario, "normal" unless asked */
  char      *demo_device;     /* demo device family (a protocol name), "vigil" unless asked */
  double     speed;           /* clock speed, 1.0 = real time */
  guint32    seed;            /* simulator seed */
  GPtrArray *devices;         /* VigilDeviceSpec*, from --device */
  char      *db_path;         /* --db, NULL for the default location */
  gboolean   autoplay;        /* with --demo: simulated staff run a whole treatment */
  gboolean   kiosk;           /* full screen, exit and settings behind a staff PIN */
  gboolean   list_scenarios;
  gboolean   version;

  /* Work on the database without a window (docs/export.md). */
  gboolean   list_sessions;
  gint64     export_pdf;      /* session id, 0: none */
  gint64     export_csv;      /* session id, 0: none */
  char      *export_path;     /* the file --export-pdf / --export-csv write */
  int        paper;           /* VigilReportPaper: --paper, else the locale's */
  char      *clinic_name;     /* --clinic, the report's header; NULL: "Vigil" */
} VigilOptions;

#define VIGIL_OPTIONS_ERROR (vigil_options_error_quark ())

typedef enum
{
  VIGIL_OPTIONS_ERROR_INVALID,
} VigilOptionsError;

GQuark        vigil_options_error_quark (void);
VigilOptions *vigil_options_parse       (int            *argc,
                                         char         ***argv,
                                         GError        **error);
void          vigil_options_free        (VigilOptions   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilOptions, vigil_options_free)

G_END_DECLS
