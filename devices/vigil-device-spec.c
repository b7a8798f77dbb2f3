/* vigil-device-spec.c — "PROTOCOL:PATH[@BAUD]", as typed on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same text is used by `vigil --device`, the settings page and the
 * stored configuration, so parse errors must tell an IT person exactly what
 * to type instead.
 */
#include "vigil-device-spec.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-parser.h"

G_DEFINE_BOXED_TYPE (VigilDeviceSpec, vigil_device_spec,
                     vigil_device_spec_copy, vigil_device_spec_free)

G_DEFINE_QUARK (vigil-device-spec-error-quark, vigil_device_spec_error)

#define SPEC_EXAMPLE "vigil:/dev/ttyUSB0@115200"

/* The rates termios can set on Linux (B50 … B4000000). */
static const guint standard_bauds[] = {
  50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600,
  19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600,
  1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000,
};

gboolean
vigil_device_spec_is_standard_baud (guint baud)
{
  for (guint i = 0; i < G_N_ELEMENTS (standard_bauds); i++)
    if (standard_bauds[i] == baud)
      return TRUE;
  return FALSE;
}

/**
 * vigil_device_spec_new:
 * @protocol: a protocol name, not checked here
 * @path: the port's path
 * @baud: the speed, or 0 for the protocol's default
 *
 * Returns: (transfer full): a new spec
 */
VigilDeviceSpec *
vigil_device_spec_new (const char *protocol,
                       const char *path,
                       guint       baud)
{
  VigilDeviceSpec *self;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (VigilDeviceSpec, 1);
  self->protocol = g_strdup (protocol);
  self->path = g_strdup (path);
  self->baud = baud;
  return self;
}

VigilDeviceSpec *
vigil_device_spec_copy (const VigilDeviceSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return vigil_device_spec_new (self->protocol, self->path, self->baud);
}

void
vigil_device_spec_free (VigilDeviceSpec *self)
{
  if (self == NULL)
    return;
  g_free (self->protocol);
  g_free (self->path);
  g_free (self);
}

gboolean
vigil_device_spec_equal (const VigilDeviceSpec *a,
                         const VigilDeviceSpec *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return g_strcmp0 (a->protocol, b->protocol) == 0
         && g_strcmp0 (a->path, b->path) == 0
         && a->baud == b->baud;
}

static gboolean
is_known_protocol (const char *protocol)
{
  const char * const *known = vigil_parser_list_protocols ();

  return known != NULL && g_strv_contains (known, protocol);
}

static char *
list_protocols (void)
{
  const char * const *known = vigil_parser_list_protocols ();

  return g_strjoinv (", ", (char **) known);
}

static gboolean
parse_baud (const char  *text,
            const char  *whole,
            guint       *out_baud,
            GError     **error)
{
  guint64 value = 0;

  if (*text == '\0')
    {
      g_set_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID,
                   _("“%s” has an “@” but no baud rate after it. "
                     "Write the speed in bits per second, for example %s, or leave out “@”."),
                   whole, SPEC_EXAMPLE);
      return FALSE;
    }

  /* Digits only: g_ascii_string_to_unsigned() would accept a sign. */
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_set_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID,
                     _("Baud rate “%s” in “%s” is not a number. "
                       "Write the speed in bits per second, for example %s."),
                     text, whole, SPEC_EXAMPLE);
        return FALSE;
      }

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL)
      || !vigil_device_spec_is_standard_baud ((guint) value))
    {
      g_set_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID,
                   _("Baud rate %s in “%s” is not a standard serial speed. "
                     "Use the speed set on the device, for example 9600, 19200, 38400, "
                     "57600 or 115200."),
                   text, whole);
      return FALSE;
    }

  *out_baud = (guint) value;
  return TRUE;
}

/**
 * vigil_device_spec_parse:
 * @text: "PROTOCOL:PATH[@BAUD]", for example "vigil:/dev/ttyUSB0@115200"
 *
 * The protocol is matched without regard to case and must be one of
 * vigil_parser_list_protocols(). The last “@” starts the baud rate, so a
 * path may not end in “@something”. Surrounding blanks are ignored.
 *
 * Returns: (transfer full): the spec, or %NULL with @error set
 */
VigilDeviceSpec *
vigil_device_spec_parse (const char  *text,
                         GError     **error)
{
  g_autofree char *whole = NULL;
  g_autofree char *protocol = NULL;
  g_autofree char *path = NULL;
  const char *colon;
  const char *rest;
  const char *at;
  guint baud = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  whole = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*whole == '\0')
    {
      g_set_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID,
                   _("No device given. Write it as PROTOCOL:PATH[@BAUD], for example %s."),
                   SPEC_EXAMPLE);
      return NULL;
    }

  colon = strchr (whole, ':');
  if (colon == NULL || colon == whole)
    {
      g_autofree char *known = list_protocols ();

      g_set_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID,
                   _("“%s” does not say which protocol the device speaks. "
                     "Write it as PROTOCOL:PATH[@BAUD], for example %s (known protocols: %s)."),
                   whole, SPEC_EXAMPLE, known);
      return NULL;
    }

  protocol = g_ascii_strdown (whole, colon - whole);
  if (!is_known_protocol (protocol))
    {
      g_autofree char *known = list_protocols ();

      g_set_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID,
                   _("Unknown device protocol “%s” in “%s”. Known protocols: %s."),
                   protocol, whole, known);
      return NULL;
    }

  rest = colon + 1;
  at = strrchr (rest, '@');
  path = at != NULL ? g_strndup (rest, at - rest) : g_strdup (rest);

  if (*path == '\0')
    {
      g_set_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID,
                   _("“%s” has no port path after the protocol. "
                     "Write it as PROTOCOL:PATH[@BAUD], for example %s."),
                   whole, SPEC_EXAMPLE);
      return NULL;
    }

  if (at != NULL && !parse_baud (at + 1, whole, &baud, error))
    return NULL;

  return vigil_device_spec_new (protocol, path, baud);
}

/**
 * vigil_device_spec_to_string:
 *
 * Returns: (transfer full): the text vigil_device_spec_parse() reads back
 */
char *
vigil_device_spec_to_string (const VigilDeviceSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->baud == 0)
    return g_strdup_printf ("%s:%s", self->protocol, self->path);
  return g_strdup_printf ("%s:%s@%u", self->protocol, self->path, self->baud);
}
