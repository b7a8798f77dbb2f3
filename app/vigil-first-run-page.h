/* vigil-first-run-page.h — the first start: create the administrator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-staff.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FIRST_RUN_PAGE (vigil_first_run_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilFirstRunPage, vigil_first_run_page, VIGIL, FIRST_RUN_PAGE, GtkWidget)

/* A name and a PIN typed twice; "first-run.create" adds that person as
 * the roster's first admin and emits "created" (VigilStaffMember *). */
GtkWidget   *vigil_first_run_page_new           (void);
void         vigil_first_run_page_set_staff     (VigilFirstRunPage *self,
                                                 VigilStaff        *staff);
/* As the Create button. */
gboolean     vigil_first_run_page_create        (VigilFirstRunPage *self);
/* Empties the fields. */
void         vigil_first_run_page_reset         (VigilFirstRunPage *self);
const char  *vigil_first_run_page_get_error     (VigilFirstRunPage *self);
GtkEditable *vigil_first_run_page_get_name_entry (VigilFirstRunPage *self);
GtkEditable *vigil_first_run_page_get_pin_entry (VigilFirstRunPage *self,
                                                 gboolean           again);

G_END_DECLS
