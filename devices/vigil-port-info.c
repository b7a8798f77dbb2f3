/* vigil-port-info.c — one serial port: its path and what the system knows of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Filled in by VigilPortList from libserialport (description, USB ids,
 * serial number) and from /dev/serial/by-id (the stable path a USB adapter
 * keeps whichever ttyUSBn it gets). An IT person matches a row to the
 * cable in their hand by the USB serial number; the device configuration
 * stores the stable path, so a replug keeps the assignment.
 */
#include "vigil-port-info.h"

#include <stdlib.h>

struct _VigilPortInfo
{
  GObject             parent_instance;

  char               *path;
  char               *description;
  VigilPortTransport  transport;
  int                 usb_vid;
  int                 usb_pid;
  char               *serial_number;
  char               *manufacturer;
  char               *product;
  char               *stable_path;
  gboolean            manual;
};

G_DEFINE_ENUM_TYPE (VigilPortTransport, vigil_port_transport,
  G_DEFINE_ENUM_VALUE (VIGIL_PORT_TRANSPORT_NATIVE, "native"),
  G_DEFINE_ENUM_VALUE (VIGIL_PORT_TRANSPORT_USB, "usb"),
  G_DEFINE_ENUM_VALUE (VIGIL_PORT_TRANSPORT_BLUETOOTH, "bluetooth"),
  G_DEFINE_ENUM_VALUE (VIGIL_PORT_TRANSPORT_PSEUDO, "pseudo"))

G_DEFINE_FINAL_TYPE (VigilPortInfo, vigil_port_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_DESCRIPTION,
  PROP_TRANSPORT,
  PROP_USB_VID,
  PROP_USB_PID,
  PROP_SERIAL_NUMBER,
  PROP_MANUFACTURER,
  PROP_PRODUCT,
  PROP_STABLE_PATH,
  PROP_MANUAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_port_info_finalize (GObject *object)
{
  VigilPortInfo *self = VIGIL_PORT_INFO (object);

  g_free (self->path);
  g_free (self->description);
  g_free (self->serial_number);
  g_free (self->manufacturer);
  g_free (self->product);
  g_free (self->stable_path);

  G_OBJECT_CLASS (vigil_port_info_parent_class)->finalize (object);
}

static void
vigil_port_info_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilPortInfo *self = VIGIL_PORT_INFO (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_TRANSPORT:
      g_value_set_enum (value, self->transport);
      break;
    case PROP_USB_VID:
      g_value_set_int (value, self->usb_vid);
      break;
    case PROP_USB_PID:
      g_value_set_int (value, self->usb_pid);
      break;
    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;
    case PROP_MANUFACTURER:
      g_value_set_string (value, self->manufacturer);
      break;
    case PROP_PRODUCT:
      g_value_set_string (value, self->product);
      break;
    case PROP_STABLE_PATH:
      g_value_set_string (value, self->stable_path);
      break;
    case PROP_MANUAL:
      g_value_set_boolean (value, self->manual);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_port_info_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilPortInfo *self = VIGIL_PORT_INFO (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_TRANSPORT:
      self->transport = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_port_info_class_init (VigilPortInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_port_info_finalize;
  object_class->get_property = vigil_port_info_get_property;
  object_class->set_property = vigil_port_info_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, "The device node, e.g. /dev/ttyUSB0",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, "What the system calls it, e.g. “FT232R USB UART”",
                         NULL, ro);
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL,
                       VIGIL_TYPE_PORT_TRANSPORT, VIGIL_PORT_TRANSPORT_NATIVE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USB_VID] =
    g_param_spec_int ("usb-vid", NULL, "USB vendor id, -1 when not USB",
                      -1, 0xffff, -1, ro);
  properties[PROP_USB_PID] =
    g_param_spec_int ("usb-pid", NULL, "USB product id, -1 when not USB",
                      -1, 0xffff, -1, ro);
  properties[PROP_SERIAL_NUMBER] =
    g_param_spec_string ("serial-number", NULL, "The USB adapter's serial number",
                         NULL, ro);
  properties[PROP_MANUFACTURER] =
    g_param_spec_string ("manufacturer", NULL, "The USB adapter's manufacturer string",
                         NULL, ro);
  properties[PROP_PRODUCT] =
    g_param_spec_string ("product", NULL, "The USB adapter's product string",
                         NULL, ro);
  properties[PROP_STABLE_PATH] =
    g_param_spec_string ("stable-path", NULL, "A /dev/serial/by-id link to the port, if any",
                         NULL, ro);
  properties[PROP_MANUAL] =
    g_param_spec_boolean ("manual", NULL, "Added by hand rather than found",
                          FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_port_info_init (VigilPortInfo *self)
{
  self->usb_vid = -1;
  self->usb_pid = -1;
}

VigilPortInfo *
vigil_port_info_new (const char         *path,
                     VigilPortTransport  transport)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (VIGIL_TYPE_PORT_INFO,
                       "path", path,
                       "transport", transport,
                       NULL);
}

const char *
vigil_port_info_get_path (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), NULL);
  return self->path;
}

const char *
vigil_port_info_get_description (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), NULL);
  return self->description;
}

VigilPortTransport
vigil_port_info_get_transport (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), VIGIL_PORT_TRANSPORT_NATIVE);
  return self->transport;
}

int
vigil_port_info_get_usb_vid (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), -1);
  return self->usb_vid;
}

int
vigil_port_info_get_usb_pid (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), -1);
  return self->usb_pid;
}

/**
 * vigil_port_info_dup_vid_pid_text:
 *
 * Returns: (transfer full) (nullable): "0403:6001", as lsusb writes it, or
 *   %NULL when the port is not a USB adapter
 */
char *
vigil_port_info_dup_vid_pid_text (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), NULL);

  if (self->usb_vid < 0 || self->usb_pid < 0)
    return NULL;
  return g_strdup_printf ("%04x:%04x", self->usb_vid, self->usb_pid);
}

const char *
vigil_port_info_get_serial_number (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), NULL);
  return self->serial_number;
}

const char *
vigil_port_info_get_manufacturer (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), NULL);
  return self->manufacturer;
}

const char *
vigil_port_info_get_product (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), NULL);
  return self->product;
}

const char *
vigil_port_info_get_stable_path (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), NULL);
  return self->stable_path;
}

/**
 * vigil_port_info_get_preferred_path:
 *
 * Returns: the path to store in a configuration: the stable by-id link
 *   when there is one, else the path
 */
const char *
vigil_port_info_get_preferred_path (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), NULL);
  return self->stable_path != NULL ? self->stable_path : self->path;
}

gboolean
vigil_port_info_get_manual (VigilPortInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), FALSE);
  return self->manual;
}

static gboolean
same_file (const char *a,
           const char *b)
{
  g_autofree char *real_a = NULL;
  g_autofree char *real_b = NULL;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;

  real_a = realpath (a, NULL);
  real_b = realpath (b, NULL);
  return real_a != NULL && real_b != NULL && g_str_equal (real_a, real_b);
}

/**
 * vigil_port_info_matches_path:
 * @path: a path from a configuration: the port, its stable link, or any
 *   other link to it
 *
 * Returns: whether @path names this port
 */
gboolean
vigil_port_info_matches_path (VigilPortInfo *self,
                              const char    *path)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_strcmp0 (path, self->path) == 0
         || g_strcmp0 (path, self->stable_path) == 0
         || same_file (path, self->path);
}

/* Whether two infos describe the same port the same way (the list keeps
 * the old object then). */
gboolean
vigil_port_info_equal (VigilPortInfo *a,
                       VigilPortInfo *b)
{
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (a), FALSE);
  g_return_val_if_fail (VIGIL_IS_PORT_INFO (b), FALSE);

  return g_strcmp0 (a->path, b->path) == 0
         && g_strcmp0 (a->description, b->description) == 0
         && a->transport == b->transport
         && a->usb_vid == b->usb_vid
         && a->usb_pid == b->usb_pid
         && g_strcmp0 (a->serial_number, b->serial_number) == 0
         && g_strcmp0 (a->manufacturer, b->manufacturer) == 0
         && g_strcmp0 (a->product, b->product) == 0
         && g_strcmp0 (a->stable_path, b->stable_path) == 0
         && a->manual == b->manual;
}

static void
set_string (VigilPortInfo  *self,
            char          **field,
            const char     *value,
            guint           prop)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
vigil_port_info_set_description (VigilPortInfo *self,
                                 const char    *description)
{
  g_return_if_fail (VIGIL_IS_PORT_INFO (self));
  set_string (self, &self->description, description, PROP_DESCRIPTION);
}

void
vigil_port_info_set_usb (VigilPortInfo *self,
                         int            vid,
                         int            pid,
                         const char    *serial_number,
                         const char    *manufacturer,
                         const char    *product)
{
  g_return_if_fail (VIGIL_IS_PORT_INFO (self));

  vid = CLAMP (vid, -1, 0xffff);
  pid = CLAMP (pid, -1, 0xffff);
  if (self->usb_vid != vid)
    {
      self->usb_vid = vid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USB_VID]);
    }
  if (self->usb_pid != pid)
    {
      self->usb_pid = pid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USB_PID]);
    }
  set_string (self, &self->serial_number, serial_number, PROP_SERIAL_NUMBER);
  set_string (self, &self->manufacturer, manufacturer, PROP_MANUFACTURER);
  set_string (self, &self->product, product, PROP_PRODUCT);
}

void
vigil_port_info_set_stable_path (VigilPortInfo *self,
                                 const char    *stable_path)
{
  g_return_if_fail (VIGIL_IS_PORT_INFO (self));
  set_string (self, &self->stable_path, stable_path, PROP_STABLE_PATH);
}

void
vigil_port_info_set_manual (VigilPortInfo *self,
                            gboolean       manual)
{
  g_return_if_fail (VIGIL_IS_PORT_INFO (self));

  manual = !!manual;
  if (self->manual == manual)
    return;
  self->manual = manual;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUAL]);
}
