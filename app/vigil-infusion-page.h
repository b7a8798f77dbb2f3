/* vigil-infusion-page.h — the page during the infusion: timer, pause, events, scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-treatment-session.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_INFUSION_PAGE (vigil_infusion_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilInfusionPage, vigil_infusion_page, VIGIL, INFUSION_PAGE, GtkWidget)

GtkWidget  *vigil_infusion_page_new               (void);
void        vigil_infusion_page_set_session       (VigilInfusionPage     *self,
                                                   VigilTreatmentSession *session);
void        vigil_infusion_page_set_user_name     (VigilInfusionPage     *self,
                                                   const char            *who);
void        vigil_infusion_page_refresh           (VigilInfusionPage     *self);

/* What is on screen, for tests and the window. */
GtkWidget  *vigil_infusion_page_get_ring_timer    (VigilInfusionPage     *self);
const char *vigil_infusion_page_get_error         (VigilInfusionPage     *self);
const char *vigil_infusion_page_get_confirmation  (VigilInfusionPage     *self);
const char *vigil_infusion_page_get_nibp_text     (VigilInfusionPage     *self);
/* "events", "pause", "drug", "note", "end" or "cadss". */
const char *vigil_infusion_page_get_panel         (VigilInfusionPage     *self);
gboolean    vigil_infusion_page_get_moaas_visible (VigilInfusionPage     *self);

G_END_DECLS
