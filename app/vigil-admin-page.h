/* vigil-admin-page.h — staff, clinic configuration and bedside settings, for admins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-clinic-config.h"
#include "vigil-staff.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ADMIN_PAGE (vigil_admin_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilAdminPage, vigil_admin_page, VIGIL, ADMIN_PAGE, GtkWidget)

GtkWidget *vigil_admin_page_new               (void);
void       vigil_admin_page_set_staff         (VigilAdminPage         *self,
                                               VigilStaff             *staff);
void       vigil_admin_page_set_clinic_config (VigilAdminPage         *self,
                                               VigilClinicConfig      *config);
void       vigil_admin_page_set_settings      (VigilAdminPage         *self,
                                               GSettings              *settings);
/* Who is unlocked; changes are audited under this person. NULL: locked,
 * nothing on the page can be changed. */
void       vigil_admin_page_set_person        (VigilAdminPage         *self,
                                               const VigilStaffMember *person);

/* Where "Export configuration" writes (NULL: the user's Documents folder,
 * or Vigil's data folder when there is none), and the last file written. */
void        vigil_admin_page_set_export_dir   (VigilAdminPage         *self,
                                               const char             *dir);
const char *vigil_admin_page_get_export_path  (VigilAdminPage         *self);
gboolean    vigil_admin_page_is_unlocked      (VigilAdminPage         *self);
const char *vigil_admin_page_get_staff_message (VigilAdminPage        *self);
/* @part: "row", "reset", "remove", "new-pin", "confirm-pin", "set-pin",
 * "confirm-remove" or "status". */
GtkWidget  *vigil_admin_page_get_row_widget   (VigilAdminPage         *self,
                                               gint64                  id,
                                               const char             *part);
/* "20:00", "8:30", "2000", "830", "20" → "HH:MM"; NULL if not a time. */
char       *vigil_admin_page_parse_time       (const char             *text);

G_END_DECLS
