/* vigil-bedside.h — one bedside's parts wired together: monitor, alarms, sound, records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alarm-sound.h"
#include "vigil-clinic-config.h"
#include "vigil-monitor.h"
#include "vigil-store.h"
#include "vigil-treatment-session.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_BEDSIDE (vigil_bedside_get_type ())

G_DECLARE_FINAL_TYPE (VigilBedside, vigil_bedside, VIGIL, BEDSIDE, GObject)

VigilBedside    *vigil_bedside_new            (VigilMonitor     *monitor,
                                               VigilStore       *store,
                                               VigilAlarmSound  *sound,
                                               GSettings        *settings);
void             vigil_bedside_start          (VigilBedside     *self);
void             vigil_bedside_stop           (VigilBedside     *self);
VigilMonitor    *vigil_bedside_get_monitor    (VigilBedside     *self);
VigilStore      *vigil_bedside_get_store      (VigilBedside     *self);
VigilAlarmSound *vigil_bedside_get_sound      (VigilBedside     *self);
gint64           vigil_bedside_get_session_id (VigilBedside     *self);
const char      *vigil_bedside_get_problem    (VigilBedside     *self);
VigilClinicConfig *vigil_bedside_get_clinic_config (VigilBedside  *self);
/* Replaces the configuration read at creation (a test's, an admin's
 * reload); call before vigil_bedside_start(). */
void             vigil_bedside_set_clinic_config (VigilBedside  *self,
                                                  VigilClinicConfig *config);
VigilTreatmentSession *vigil_bedside_get_treatment (VigilBedside            *self);
VigilTreatmentSession *vigil_bedside_begin_treatment (VigilBedside          *self,
                                                      const VigilStorePatient *patient,
                                                      guint                  series_number,
                                                      guint                  planned_count,
                                                      gboolean               maintenance,
                                                      GError               **error);
void             vigil_bedside_close_treatment (VigilBedside    *self);

G_END_DECLS
