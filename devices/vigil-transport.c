/* vigil-transport.c — a serial port or pseudo-terminal, as bytes on the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two ways in, one way out. Real ports (USB adapters, on-board UARTs) are
 * opened and configured through libserialport; pseudo-terminals, which
 * libserialport 0.1.1 cannot open, are opened with open() and termios. Both
 * end as one non-blocking fd watched with g_unix_fd_add(), so the device
 * above sees the same "data" and "closed" signals whichever it is.
 *
 * A pulled cable shows up as a hang-up: read() returns 0 or EIO, or the
 * watch reports G_IO_HUP/G_IO_ERR. Bytes still buffered are delivered
 * first, then the transport closes itself and emits "closed".
 */
#include "vigil-transport.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <libserialport.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "vigil-device-spec.h"

/* One dispatch reads at most this much, so a flooding device cannot starve
 * the rest of the main loop; the watch is level-triggered and comes back. */
#define READ_BUDGET   (64 * 1024)
#define READ_CHUNK    4096
/* Requests to devices are tens of bytes; more than this pending means the
 * device is not taking them (flow control held, or a wrong cable). */
#define WRITE_LIMIT   (64 * 1024)

/* Linux: UNIX98 pty slaves use majors 136–143. */
#define PTY_SLAVE_MAJOR_FIRST 136
#define PTY_SLAVE_MAJOR_LAST  143

struct _VigilTransport
{
  GObject                parent_instance;

  char                  *path;
  VigilSerialSettings    settings;

  VigilTransportBackend  backend;
  struct sp_port        *port;        /* SERIALPORT backend only */
  int                    fd;
  guint                  read_watch;
  guint                  write_watch;
  GByteArray            *out_queue;
};

G_DEFINE_FINAL_TYPE (VigilTransport, vigil_transport, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-transport-error-quark, vigil_transport_error)

G_DEFINE_ENUM_TYPE (VigilSerialParity, vigil_serial_parity,
                    G_DEFINE_ENUM_VALUE (VIGIL_SERIAL_PARITY_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (VIGIL_SERIAL_PARITY_EVEN, "even"))

G_DEFINE_ENUM_TYPE (VigilSerialFlowControl, vigil_serial_flow_control,
                    G_DEFINE_ENUM_VALUE (VIGIL_SERIAL_FLOW_CONTROL_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS, "rts-cts"))

enum {
  PROP_0,
  PROP_PATH,
  PROP_BAUD,
  PROP_PARITY,
  PROP_FLOW_CONTROL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DATA,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void close_internal (VigilTransport *self);

static void
vigil_transport_dispose (GObject *object)
{
  close_internal (VIGIL_TRANSPORT (object));

  G_OBJECT_CLASS (vigil_transport_parent_class)->dispose (object);
}

static void
vigil_transport_finalize (GObject *object)
{
  VigilTransport *self = VIGIL_TRANSPORT (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->out_queue, g_byte_array_unref);

  G_OBJECT_CLASS (vigil_transport_parent_class)->finalize (object);
}

static void
vigil_transport_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilTransport *self = VIGIL_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_BAUD:
      g_value_set_uint (value, self->settings.baud);
      break;

    case PROP_PARITY:
      g_value_set_enum (value, self->settings.parity);
      break;

    case PROP_FLOW_CONTROL:
      g_value_set_enum (value, self->settings.flow_control);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_transport_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilTransport *self = VIGIL_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    case PROP_BAUD:
      self->settings.baud = g_value_get_uint (value);
      break;

    case PROP_PARITY:
      self->settings.parity = g_value_get_enum (value);
      break;

    case PROP_FLOW_CONTROL:
      self->settings.flow_control = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_transport_class_init (VigilTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_transport_dispose;
  object_class->finalize = vigil_transport_finalize;
  object_class->get_property = vigil_transport_get_property;
  object_class->set_property = vigil_transport_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BAUD] =
    g_param_spec_uint ("baud", NULL, NULL,
                       1, G_MAXUINT, VIGIL_SERIAL_DEFAULT_BAUD,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PARITY] =
    g_param_spec_enum ("parity", NULL, NULL,
                       VIGIL_TYPE_SERIAL_PARITY, VIGIL_SERIAL_PARITY_NONE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FLOW_CONTROL] =
    g_param_spec_enum ("flow-control", NULL, NULL,
                       VIGIL_TYPE_SERIAL_FLOW_CONTROL, VIGIL_SERIAL_FLOW_CONTROL_NONE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilTransport::data:
   * @bytes: (type GBytes): what arrived, in arrival order
   */
  signals[SIGNAL_DATA] =
    g_signal_new ("data",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_BYTES);

  /**
   * VigilTransport::closed:
   * @error: (type GError): why the port closed by itself
   *
   * Emitted once when the port closes without vigil_transport_close():
   * a hang-up (%VIGIL_TRANSPORT_ERROR_HANGUP) or a read error. The
   * transport is already closed when handlers run; they may open it again
   * or drop their last reference.
   */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_ERROR);
}

static void
vigil_transport_init (VigilTransport *self)
{
  self->settings = (VigilSerialSettings) VIGIL_SERIAL_SETTINGS_INIT;
  self->fd = -1;
  self->out_queue = g_byte_array_new ();
}

/**
 * vigil_transport_new:
 * @path: /dev/ttyUSB0, /dev/pts/3 or a symlink to either
 * @settings: (nullable): speed and framing; %NULL for 115200 8N1, no flow control
 *
 * Returns: (transfer full): a closed transport; call vigil_transport_open()
 */
VigilTransport *
vigil_transport_new (const char                *path,
                     const VigilSerialSettings *settings)
{
  VigilSerialSettings defaults = VIGIL_SERIAL_SETTINGS_INIT;

  g_return_val_if_fail (path != NULL, NULL);

  if (settings == NULL)
    settings = &defaults;
  g_return_val_if_fail (settings->baud > 0, NULL);

  return g_object_new (VIGIL_TYPE_TRANSPORT,
                       "path", path,
                       "baud", settings->baud,
                       "parity", settings->parity,
                       "flow-control", settings->flow_control,
                       NULL);
}

const char *
vigil_transport_get_path (VigilTransport *self)
{
  g_return_val_if_fail (VIGIL_IS_TRANSPORT (self), NULL);
  return self->path;
}

void
vigil_transport_get_settings (VigilTransport      *self,
                              VigilSerialSettings *out_settings)
{
  g_return_if_fail (VIGIL_IS_TRANSPORT (self));
  g_return_if_fail (out_settings != NULL);

  *out_settings = self->settings;
}

gboolean
vigil_transport_is_open (VigilTransport *self)
{
  g_return_val_if_fail (VIGIL_IS_TRANSPORT (self), FALSE);
  return self->fd >= 0;
}

VigilTransportBackend
vigil_transport_get_backend (VigilTransport *self)
{
  g_return_val_if_fail (VIGIL_IS_TRANSPORT (self), VIGIL_TRANSPORT_BACKEND_NONE);
  return self->backend;
}

static gboolean
baud_to_speed (guint    baud,
               speed_t *out_speed)
{
  static const struct { guint baud; speed_t speed; } table[] = {
    { 50, B50 }, { 75, B75 }, { 110, B110 }, { 134, B134 }, { 150, B150 },
    { 200, B200 }, { 300, B300 }, { 600, B600 }, { 1200, B1200 },
    { 1800, B1800 }, { 2400, B2400 }, { 4800, B4800 }, { 9600, B9600 },
    { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 },
    { 115200, B115200 }, { 230400, B230400 }, { 460800, B460800 },
    { 500000, B500000 }, { 576000, B576000 }, { 921600, B921600 },
    { 1000000, B1000000 }, { 1152000, B1152000 }, { 1500000, B1500000 },
    { 2000000, B2000000 }, { 2500000, B2500000 }, { 3000000, B3000000 },
    { 3500000, B3500000 }, { 4000000, B4000000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].baud == baud)
      {
        *out_speed = table[i].speed;
        return TRUE;
      }
  return FALSE;
}

static char
parity_letter (VigilSerialParity parity)
{
  return parity == VIGIL_SERIAL_PARITY_EVEN ? 'E' : 'N';
}

/* Turns an errno from opening the port into a message someone can act on. */
static gboolean
set_open_error (VigilTransport  *self,
                int              saved_errno,
                GError         **error)
{
  switch (saved_errno)
    {
    case ENOENT:
    case ENOTDIR:
    case ENODEV:
    case ENXIO:
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_FOUND,
                   _("No device at %s. Check that the cable is plugged in."),
                   self->path);
      break;

    case EACCES:
    case EPERM:
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_PERMISSION_DENIED,
                   _("Permission denied opening %s. Add this user to the “dialout” group "
                     "(sudo usermod -aG dialout USER), then log out and in again."),
                   self->path);
      break;

    case EBUSY:
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_BUSY,
                   _("%s is in use by another program. Close the other program "
                     "(another Vigil, a terminal program) and try again."),
                   self->path);
      break;

    case EIO:
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_READY,
                   _("The device at %s is not ready: the other end of the line is closed. "
                     "Check that the device is switched on."),
                   self->path);
      break;

    default:
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_IO,
                   _("Could not open %s: %s. Check the cable and the device path."),
                   self->path, g_strerror (saved_errno));
      break;
    }
  return FALSE;
}

static gboolean
set_settings_error (VigilTransport  *self,
                    const char      *detail,
                    GError         **error)
{
  g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_SETTINGS,
               _("%s refused the settings %u baud, 8%c1%s (%s). "
                 "Check the port and the baud rate set on the device."),
               self->path, self->settings.baud, parity_letter (self->settings.parity),
               self->settings.flow_control == VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS ? ", RTS/CTS" : "",
               detail);
  return FALSE;
}

/* Raw bytes, the requested framing, and read() that waits for at least one
 * byte, so that read() returning 0 always means a hang-up. Also applied
 * after libserialport's configuration, which in 0.1.1 leaves CRTSCTS
 * clear when asked for RTS/CTS (seen on a 16550) and does not set VMIN. */
static gboolean
apply_termios (VigilTransport  *self,
               int              fd,
               GError         **error)
{
  struct termios tio;
  speed_t speed;

  if (!baud_to_speed (self->settings.baud, &speed))
    return set_settings_error (self, _("not a standard speed"), error);
  if (tcgetattr (fd, &tio) != 0)
    return set_settings_error (self, g_strerror (errno), error);

  cfmakeraw (&tio);
  tio.c_iflag &= ~(IXON | IXOFF | IXANY);
  tio.c_cflag &= ~(CSIZE | CSTOPB | PARENB | PARODD | CRTSCTS);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  if (self->settings.parity == VIGIL_SERIAL_PARITY_EVEN)
    tio.c_cflag |= PARENB;
  if (self->settings.flow_control == VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS)
    tio.c_cflag |= CRTSCTS;
  if (cfsetspeed (&tio, speed) != 0)
    return set_settings_error (self, g_strerror (errno), error);

  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;

  if (tcsetattr (fd, TCSANOW, &tio) != 0)
    return set_settings_error (self, g_strerror (errno), error);

  /* A second reader would steal half of every frame: keep others out
   * (they get EBUSY, "in use by another program"). Best effort. */
  (void) ioctl (fd, TIOCEXCL);
  return TRUE;
}

static gboolean
open_termios (VigilTransport  *self,
              const char      *path,
              GError         **error)
{
  int fd;

  do
    fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);

  if (fd < 0)
    return set_open_error (self, errno, error);

  if (!isatty (fd))
    {
      close (fd);
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_SERIAL,
                   _("%s is not a serial port. Check the device path, for example /dev/ttyUSB0."),
                   self->path);
      return FALSE;
    }

  if (!apply_termios (self, fd, error))
    {
      close (fd);
      return FALSE;
    }

  self->fd = fd;
  self->backend = VIGIL_TRANSPORT_BACKEND_TERMIOS;
  return TRUE;
}

static gboolean
configure_serialport (VigilTransport  *self,
                      struct sp_port  *port,
                      GError         **error)
{
  enum sp_parity parity = self->settings.parity == VIGIL_SERIAL_PARITY_EVEN
                          ? SP_PARITY_EVEN : SP_PARITY_NONE;
  enum sp_flowcontrol flow = self->settings.flow_control == VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS
                             ? SP_FLOWCONTROL_RTSCTS : SP_FLOWCONTROL_NONE;

  if (!vigil_device_spec_is_standard_baud (self->settings.baud))
    return set_settings_error (self, _("not a standard speed"), error);

  if (sp_set_baudrate (port, (int) self->settings.baud) != SP_OK
      || sp_set_bits (port, 8) != SP_OK
      || sp_set_parity (port, parity) != SP_OK
      || sp_set_stopbits (port, 1) != SP_OK
      || sp_set_flowcontrol (port, flow) != SP_OK)
    {
      char *message = sp_last_error_message ();
      g_autofree char *detail = g_strdup (message != NULL ? message : "");

      sp_free_error_message (message);
      return set_settings_error (self, detail, error);
    }
  return TRUE;
}

static gboolean
open_serialport (VigilTransport  *self,
                 GError         **error)
{
  struct sp_port *port = NULL;
  struct stat st;
  int fd = -1;

  if (sp_get_port_by_name (self->path, &port) != SP_OK)
    {
      /* libserialport's own error text is unreliable here (it reports a
       * stale errno), so find out ourselves why it refused. */
      if (stat (self->path, &st) != 0)
        return set_open_error (self, errno, error);
      /* A tty it cannot describe (a pty under another name, a gadget
       * serial): termios still works and open_termios() checks isatty. */
      if (S_ISCHR (st.st_mode))
        return open_termios (self, self->path, error);
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_SERIAL,
                   _("%s is not a serial port. Check the device path, for example /dev/ttyUSB0."),
                   self->path);
      return FALSE;
    }

  if (sp_open (port, SP_MODE_READ_WRITE) != SP_OK)
    {
      int saved_errno = sp_last_error_code ();

      sp_free_port (port);
      return set_open_error (self, saved_errno != 0 ? saved_errno : EIO, error);
    }

  if (!configure_serialport (self, port, error)
      || sp_get_port_handle (port, &fd) != SP_OK
      || fd < 0
      || !apply_termios (self, fd, error))
    {
      if (error != NULL && *error == NULL)
        set_settings_error (self, _("no file descriptor"), error);
      sp_close (port);
      sp_free_port (port);
      return FALSE;
    }

  if (!g_unix_set_fd_nonblocking (fd, TRUE, NULL))
    {
      sp_close (port);
      sp_free_port (port);
      return set_settings_error (self, g_strerror (errno), error);
    }

  self->port = port;
  self->fd = fd;
  self->backend = VIGIL_TRANSPORT_BACKEND_SERIALPORT;
  return TRUE;
}

static gboolean
is_pty_slave (const char *resolved)
{
  struct stat st;

  if (g_str_has_prefix (resolved, "/dev/pts/"))
    return TRUE;
  if (stat (resolved, &st) != 0 || !S_ISCHR (st.st_mode))
    return FALSE;
  return major (st.st_rdev) >= PTY_SLAVE_MAJOR_FIRST
         && major (st.st_rdev) <= PTY_SLAVE_MAJOR_LAST;
}

static void
emit_closed (VigilTransport *self,
             GError         *error)
{
  G_GNUC_UNUSED g_autoptr(VigilTransport) hold = g_object_ref (self);

  close_internal (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
}

static gboolean
on_readable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  VigilTransport *self = user_data;
  G_GNUC_UNUSED g_autoptr(VigilTransport) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  guint watch = self->read_watch;
  gsize total = 0;
  gboolean drained = FALSE;

  while (total < READ_BUDGET)
    {
      guint8 buffer[READ_CHUNK];
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n > 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (buffer, (gsize) n);

          total += (gsize) n;
          g_signal_emit (self, signals[SIGNAL_DATA], 0, bytes);
          /* A handler closed us (or closed and reopened): this watch is gone. */
          if (self->read_watch != watch)
            return G_SOURCE_REMOVE;
          continue;
        }

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          drained = TRUE;
          break;
        }

      /* 0 (a tty in VMIN=1 mode only returns 0 when hung up) or EIO: the
       * other end is gone. */
      if (n == 0 || errno == EIO)
        g_set_error (&error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_HANGUP,
                     _("The connection to %s was lost: cable unplugged or device switched off."),
                     self->path);
      else
        g_set_error (&error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_IO,
                     _("Reading from %s failed: %s. Check the cable."),
                     self->path, g_strerror (errno));
      break;
    }

  /* Everything readable was read and the fd still reports a hang-up:
   * without closing we would spin on a level-triggered HUP. */
  if (error == NULL && drained && (condition & (G_IO_HUP | G_IO_ERR)) != 0)
    g_set_error (&error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_HANGUP,
                 _("The connection to %s was lost: cable unplugged or device switched off."),
                 self->path);

  if (error != NULL)
    {
      /* close_internal() removes this very source; returning REMOVE too is fine. */
      emit_closed (self, error);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
flush_output (VigilTransport  *self,
              GError         **error)
{
  while (self->out_queue->len > 0)
    {
      ssize_t n = write (self->fd, self->out_queue->data, self->out_queue->len);

      if (n > 0)
        {
          g_byte_array_remove_range (self->out_queue, 0, (guint) n);
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return TRUE;

      {
        int saved_errno = n < 0 ? errno : EIO;

        g_byte_array_set_size (self->out_queue, 0);
        g_set_error (error, VIGIL_TRANSPORT_ERROR,
                     saved_errno == EIO ? VIGIL_TRANSPORT_ERROR_HANGUP : VIGIL_TRANSPORT_ERROR_IO,
                     _("Sending to %s failed: %s. Check the cable and that the device is switched on."),
                     self->path, g_strerror (saved_errno));
        return FALSE;
      }
    }
  return TRUE;
}

static gboolean
on_writable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  VigilTransport *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed write is reported by the read watch as a hang-up; here the
   * pending bytes are simply dropped. */
  if (!flush_output (self, &error) || self->out_queue->len == 0)
    {
      self->write_watch = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * vigil_transport_open:
 *
 * Opens and configures the port and starts delivering "data" on the
 * thread-default main context. Pseudo-terminals (/dev/pts/N, or a symlink
 * to one) go through termios; everything else through libserialport,
 * falling back to termios for a tty libserialport does not recognise.
 * Opening an open transport does nothing.
 *
 * Returns: %TRUE when open, or %FALSE with @error set (a %VIGIL_TRANSPORT_ERROR)
 */
gboolean
vigil_transport_open (VigilTransport  *self,
                      GError         **error)
{
  g_autofree char *resolved = NULL;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->fd >= 0)
    return TRUE;

  resolved = realpath (self->path, NULL);
  if (resolved != NULL && is_pty_slave (resolved))
    ok = open_termios (self, resolved, error);
  else
    ok = open_serialport (self, error);

  if (!ok)
    return FALSE;

  self->read_watch = g_unix_fd_add (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                    on_readable, self);
  return TRUE;
}

static void
close_internal (VigilTransport *self)
{
  g_clear_handle_id (&self->read_watch, g_source_remove);
  g_clear_handle_id (&self->write_watch, g_source_remove);
  if (self->out_queue != NULL)
    g_byte_array_set_size (self->out_queue, 0);

  if (self->port != NULL)
    {
      /* sp_close() closes the fd it gave us. */
      sp_close (self->port);
      g_clear_pointer (&self->port, sp_free_port);
    }
  else if (self->fd >= 0)
    close (self->fd);

  self->fd = -1;
  self->backend = VIGIL_TRANSPORT_BACKEND_NONE;
}

/**
 * vigil_transport_close:
 *
 * Closes the port and drops unsent bytes. Does not emit "closed"; closing
 * a closed transport does nothing.
 */
void
vigil_transport_close (VigilTransport *self)
{
  g_return_if_fail (VIGIL_IS_TRANSPORT (self));

  close_internal (self);
}

/**
 * vigil_transport_write:
 *
 * Queues @data for the device and sends what the port takes now; the rest
 * goes out from the main loop as the port drains.
 *
 * Returns: %TRUE when queued, %FALSE with @error set when the port is
 *   closed, has failed, or is not taking data
 */
gboolean
vigil_transport_write (VigilTransport  *self,
                       const guint8    *data,
                       gsize            length,
                       GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (self->fd < 0)
    {
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_OPEN,
                   _("Cannot send to %s: the port is not open."), self->path);
      return FALSE;
    }
  if (length == 0)
    return TRUE;
  if (length > WRITE_LIMIT || self->out_queue->len > WRITE_LIMIT - length)
    {
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_OVERFLOW,
                   _("The device on %s is not accepting data. "
                     "Check the cable and the flow-control setting."),
                   self->path);
      return FALSE;
    }

  g_byte_array_append (self->out_queue, data, (guint) length);
  if (!flush_output (self, error))
    return FALSE;

  if (self->out_queue->len > 0 && self->write_watch == 0)
    self->write_watch = g_unix_fd_add (self->fd, G_IO_OUT, on_writable, self);
  return TRUE;
}
