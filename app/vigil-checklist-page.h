/* vigil-checklist-page.h — the "Before" page: the pre-infusion checklist by touch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-clinic-config.h"
#include "vigil-treatment-session.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHECKLIST_PAGE (vigil_checklist_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilChecklistPage, vigil_checklist_page, VIGIL, CHECKLIST_PAGE, GtkWidget)

GtkWidget  *vigil_checklist_page_new               (void);
void        vigil_checklist_page_set_session       (VigilChecklistPage    *self,
                                                    VigilTreatmentSession *session);
void        vigil_checklist_page_set_user_name     (VigilChecklistPage    *self,
                                                    const char            *who);
/* The dose and weight unit the dose form starts with. */
void        vigil_checklist_page_set_clinic_config (VigilChecklistPage    *self,
                                                    VigilClinicConfig     *config);
void        vigil_checklist_page_refresh           (VigilChecklistPage    *self);
const char *vigil_checklist_page_get_error         (VigilChecklistPage    *self);
const char *vigil_checklist_page_get_missing_text  (VigilChecklistPage    *self);
GtkWidget  *vigil_checklist_page_get_answer_button (VigilChecklistPage    *self,
                                                    const char            *key);

G_END_DECLS
