/* vigil-pty.h — a pseudo-terminal pair, with a stable symlink to its far end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_PTY (vigil_pty_get_type ())

G_DECLARE_FINAL_TYPE (VigilPty, vigil_pty, VIGIL, PTY, GObject)

VigilPty   *vigil_pty_new             (const char  *link_path,
                                       GError     **error);
int         vigil_pty_get_master_fd   (VigilPty    *self);
const char *vigil_pty_get_slave_path  (VigilPty    *self);
const char *vigil_pty_get_link_path   (VigilPty    *self);
const char *vigil_pty_get_path        (VigilPty    *self);
gboolean    vigil_pty_write_all       (VigilPty    *self,
                                       const void  *data,
                                       gsize        length,
                                       GError     **error);
void        vigil_pty_hang_up         (VigilPty    *self);
gboolean    vigil_pty_reopen          (VigilPty    *self,
                                       GError     **error);
gboolean    vigil_pty_is_open         (VigilPty    *self);

G_END_DECLS
