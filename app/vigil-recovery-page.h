/* vigil-recovery-page.h — recovery and discharge, at the bedside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-monitor.h"
#include "vigil-treatment-session.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_RECOVERY_PAGE (vigil_recovery_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilRecoveryPage, vigil_recovery_page, VIGIL, RECOVERY_PAGE, GtkWidget)

GtkWidget  *vigil_recovery_page_new           (void);
void        vigil_recovery_page_set_session   (VigilRecoveryPage     *self,
                                               VigilTreatmentSession *session);
/* The monitor whose latest NIBP suggests the Aldrete circulation item and
 * is shown beside the baseline; may stay unset (no suggestion then). */
void        vigil_recovery_page_set_monitor   (VigilRecoveryPage     *self,
                                               VigilMonitor          *monitor);
void        vigil_recovery_page_set_user_name (VigilRecoveryPage     *self,
                                               const char            *who);
void        vigil_recovery_page_refresh       (VigilRecoveryPage     *self);

/* What is on screen, for tests and the window. */
const char *vigil_recovery_page_get_error     (VigilRecoveryPage     *self);
GtkWidget  *vigil_recovery_page_get_ring      (VigilRecoveryPage     *self);
/* The text of one discharge criterion's row (✓/✗, name, reason). */
const char *vigil_recovery_page_get_criterion_text (VigilRecoveryPage      *self,
                                                    VigilDischargeCriterion criterion);
const char *vigil_recovery_page_get_nibp_text (VigilRecoveryPage     *self);
const char *vigil_recovery_page_get_score_text (VigilRecoveryPage    *self);
const char *vigil_recovery_page_get_summary   (VigilRecoveryPage     *self);
/* The choice selected for an Aldrete item on the page, or -1. */
int         vigil_recovery_page_get_choice    (VigilRecoveryPage     *self,
                                               VigilAldreteItem       item);

void             vigil_recovery_page_set_scale (VigilRecoveryPage *self,
                                                VigilStoreScale    scale);
VigilStoreScale  vigil_recovery_page_get_scale (VigilRecoveryPage *self);

G_END_DECLS
