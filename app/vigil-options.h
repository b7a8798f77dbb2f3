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
  gboolean   list_scenarios;
  gboolean   version;
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
