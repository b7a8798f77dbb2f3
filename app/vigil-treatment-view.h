/* vigil-treatment-view.h — the treatment at this bedside, phase by phase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-bedside.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TREATMENT_VIEW (vigil_treatment_view_get_type ())

G_DECLARE_FINAL_TYPE (VigilTreatmentView, vigil_treatment_view, VIGIL, TREATMENT_VIEW, GtkWidget)

GtkWidget  *vigil_treatment_view_new             (void);
void        vigil_treatment_view_set_bedside     (VigilTreatmentView *self,
                                                  VigilBedside       *bedside);
void        vigil_treatment_view_set_user_name   (VigilTreatmentView *self,
                                                  const char         *user_name);
void        vigil_treatment_view_refresh         (VigilTreatmentView *self);
const char *vigil_treatment_view_get_visible     (VigilTreatmentView *self);
const char *vigil_treatment_view_get_header_text (VigilTreatmentView *self);
const char *vigil_treatment_view_get_error       (VigilTreatmentView *self);
void        vigil_treatment_view_set_discharge_scale (VigilTreatmentView *self,
                                                      VigilStoreScale     scale);

G_END_DECLS
