/* vigil-device-spec.h — "PROTOCOL:PATH[@BAUD]", as typed on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char  *protocol;  /* "vigil", … */
  char  *path;      /* /dev/ttyUSB0, /dev/pts/3, or a symlink to either */
  guint  baud;      /* 0 = the protocol's default */
} VigilDeviceSpec;

#define VIGIL_TYPE_DEVICE_SPEC (vigil_device_spec_get_type ())

#define VIGIL_DEVICE_SPEC_ERROR (vigil_device_spec_error_quark ())

typedef enum
{
  VIGIL_DEVICE_SPEC_ERROR_INVALID,
} VigilDeviceSpecError;

GType            vigil_device_spec_get_type         (void) G_GNUC_CONST;
GQuark           vigil_device_spec_error_quark      (void);
VigilDeviceSpec *vigil_device_spec_new              (const char            *protocol,
                                                     const char            *path,
                                                     guint                  baud);
VigilDeviceSpec *vigil_device_spec_parse            (const char            *text,
                                                     GError               **error);
char            *vigil_device_spec_to_string        (const VigilDeviceSpec *self);
VigilDeviceSpec *vigil_device_spec_copy             (const VigilDeviceSpec *self);
void             vigil_device_spec_free             (VigilDeviceSpec       *self);
gboolean         vigil_device_spec_equal            (const VigilDeviceSpec *a,
                                                     const VigilDeviceSpec *b);
gboolean         vigil_device_spec_is_standard_baud (guint                  baud);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilDeviceSpec, vigil_device_spec_free)

G_END_DECLS
