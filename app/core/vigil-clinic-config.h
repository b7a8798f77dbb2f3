/* vigil-clinic-config.h — the clinic's configuration file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One key file provisioned by the clinic's IT person (system-wide, in
 * $XDG_CONFIG_DIRS/vigil/clinic.conf, normally /etc/xdg/vigil/clinic.conf,
 * and /etc/vigil/clinic.conf), with a per-user override in
 * $XDG_CONFIG_HOME/vigil/clinic.conf. Later files override earlier ones key
 * by key. Every value that cannot be used is reported as a problem naming
 * the key, the bad value and the default used instead; loading never fails.
 * The keys are documented in docs/clinic-config.md and in the example
 * app/data/clinic.conf.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alarm-limits.h"
#include "vigil-checklist.h"
#include "vigil-dose.h"
#include "vigil-store.h"
#include "vigil-treatment.h"

G_BEGIN_DECLS

typedef struct
{
  char *file;      /* the file it came from, or NULL (e.g. a missing file) */
  char *key;       /* "group/key", e.g. "alarms/spo2-low-threshold"; NULL for a whole file */
  char *value;     /* the bad value as written, or NULL */
  char *message;   /* translated, one sentence, names the default used */
} VigilClinicConfigProblem;

void vigil_clinic_config_problem_free (VigilClinicConfigProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilClinicConfigProblem, vigil_clinic_config_problem_free)

#define VIGIL_TYPE_CLINIC_CONFIG (vigil_clinic_config_get_type ())

G_DECLARE_FINAL_TYPE (VigilClinicConfig, vigil_clinic_config, VIGIL, CLINIC_CONFIG, GObject)

/* The factory defaults, no file read. */
VigilClinicConfig *vigil_clinic_config_new                (void);
/* The standard places, in the order they are read (system, then user);
 * VIGIL_CLINIC_CONFIG in the environment, when set, replaces them with
 * that one path. */
GStrv              vigil_clinic_config_default_paths      (void);
/* Reads @paths in order (NULL: the default paths). Missing files are
 * skipped (a missing file is not a problem, but it is listed by
 * get_files_read() as not read). */
VigilClinicConfig *vigil_clinic_config_load               (const char * const *paths);

/* VigilClinicConfigProblem*, in the order found. */
GPtrArray         *vigil_clinic_config_get_problems       (VigilClinicConfig *self);
/* The files that were found and read. */
const char * const *vigil_clinic_config_get_files_read    (VigilClinicConfig *self);

const char        *vigil_clinic_config_get_clinic_name    (VigilClinicConfig *self);   /* NULL: none set */
const char        *vigil_clinic_config_get_logo_path      (VigilClinicConfig *self);   /* PNG; NULL: none */
VigilWeightUnit    vigil_clinic_config_get_weight_unit    (VigilClinicConfig *self);
double             vigil_clinic_config_get_dose_mg_per_kg (VigilClinicConfig *self);
VigilStoreScale    vigil_clinic_config_get_discharge_scale (VigilClinicConfig *self); /* ALDRETE or PADSS */
/* A new copy of the clinic's default alarm limits. */
VigilAlarmLimits  *vigil_clinic_config_dup_alarm_limits   (VigilClinicConfig *self);
/* Sets @limits (e.g. an alarm engine's) to the clinic's, in an order the
 * pair rules accept. */
gboolean           vigil_clinic_config_apply_alarm_limits (VigilClinicConfig *self,
                                                           VigilAlarmLimits  *limits,
                                                           GError           **error);
const VigilTreatmentConfig *
                   vigil_clinic_config_get_treatment      (VigilClinicConfig *self);
const VigilChecklistSettings *
                   vigil_clinic_config_get_checklist      (VigilClinicConfig *self);

/* The configuration in effect, every key written out with its value, as a
 * clinic.conf another tablet can use. */
char              *vigil_clinic_config_to_data            (VigilClinicConfig *self);
gboolean           vigil_clinic_config_export             (VigilClinicConfig *self,
                                                           const char        *path,
                                                           GError           **error);

G_END_DECLS
