/* vigil-simulator.c — a simulated bedside device on a pty or a serial port
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At its protocol's pace (a line a second for the Vigil protocol, 25 ticks
 * a second for the Nonin pleth) the simulator asks its scenario what the
 * device shows and hands it to the protocol's device side
 * (VigilSimProtocol), which encodes real frames and answers the host's
 * requests. The bytes go into a pseudo-terminal (demo mode, tests) or a
 * real serial port (bench tests of a real cable); bytes the host sends
 * come back the same way. The
 * host end opens the pty's slave side exactly as it would open a USB
 * adapter, so demo mode runs the same code path as a real device.
 *
 * A cable pulled by the scenario hangs the pty up and removes its link, as
 * an unplugged USB adapter's node disappears; re-plugging makes a new pty
 * behind the same link path. A real port cannot be unplugged from here,
 * so it just goes quiet for that time.
 *
 * Bytes written to a pty that no one has open are kept by the kernel and
 * handed to the next reader in one burst: minutes of old vitals arriving
 * as if live. A wire would have dropped them, so this simulator drops
 * them too: it opens and closes the slave itself once (after that the
 * master reports POLLHUP whenever no reader is there), and writes only
 * while a reader is present.
 */
#include "vigil-simulator.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>

#include "vigil-line-protocol.h"
#include "vigil-observation.h"
#include "vigil-protocol.h"
#include "vigil-pty.h"

#define READ_SIZE 512

struct _VigilSimulator
{
  GObject        parent_instance;

  VigilScenario *scenario;
  VigilClock    *clock;
  char          *protocol;
  VigilSimProtocol *device_side; /* encodes frames, answers the host */
  guint          read_id;       /* watch for bytes from the host */

  /* Exactly one of these when open. */
  VigilPty      *pty;
  int            port_fd;
  char          *port_path;
  guint          baud;

  guint          timer_id;
  gint64         start_us;      /* clock monotonic time of elapsed 0 */
  gint64         previous_ms;   /* elapsed time of the last tick, -1 before the first */
  gint64         next_due_ms;   /* elapsed time of the next period */
  gboolean       cable_in;
  gboolean       hung;          /* the scenario has the device silent: it neither sends nor answers */
  gboolean       reader_present;
  gboolean       write_failing; /* report a failing port once, not every second */
  guint64        lines_sent;

  /* Faults a test injects on top of the scenario's (soak tests). */
  gboolean       fault_cable_out;
  gboolean       fault_frozen;
  guint          line_baud;     /* the host end's speed on a pty; 0: not modelled */
};

G_DEFINE_FINAL_TYPE (VigilSimulator, vigil_simulator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_CLOCK,
  PROP_PROTOCOL,
  PROP_PATH,
  PROP_BAUD,
  PROP_RUNNING,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LINE_WRITTEN,
  BYTES_WRITTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vigil_simulator_dispose (GObject *object)
{
  VigilSimulator *self = VIGIL_SIMULATOR (object);

  vigil_simulator_close (self);
  vigil_simulator_stop (self);
  if (self->device_side != NULL)
    g_signal_handlers_disconnect_by_data (self->device_side, self);
  g_clear_object (&self->device_side);
  g_clear_object (&self->scenario);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vigil_simulator_parent_class)->dispose (object);
}

static void
vigil_simulator_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilSimulator *self = VIGIL_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_PROTOCOL:
      g_value_set_string (value, self->protocol);
      break;
    case PROP_PATH:
      g_value_set_string (value, vigil_simulator_get_path (self));
      break;
    case PROP_BAUD:
      g_value_set_uint (value, self->baud);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, vigil_simulator_is_running (self));
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, vigil_simulator_get_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_simulator_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilSimulator *self = VIGIL_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      self->scenario = g_value_dup_object (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_PROTOCOL:
      self->protocol = g_value_dup_string (value);
      break;
    case PROP_BAUD:
      vigil_simulator_set_baud (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void on_device_side_transmit (VigilSimProtocol *device_side,
                                     GBytes           *bytes,
                                     VigilSimulator   *self);

static void
vigil_simulator_constructed (GObject *object)
{
  VigilSimulator *self = VIGIL_SIMULATOR (object);
  const VigilProtocolInfo *info;

  G_OBJECT_CLASS (vigil_simulator_parent_class)->constructed (object);

  if (self->protocol == NULL)
    self->protocol = g_strdup ("vigil");
  info = vigil_protocol_lookup (self->protocol);
  if (info == NULL)
    {
      g_critical ("VigilSimulator: unknown protocol “%s”", self->protocol);
      g_free (self->protocol);
      self->protocol = g_strdup ("vigil");
      info = vigil_protocol_lookup (self->protocol);
    }
  self->device_side = info->new_simulator ();
  self->baud = info->settings.baud;
  g_signal_connect (self->device_side, "transmit",
                    G_CALLBACK (on_device_side_transmit), self);
}

static void
vigil_simulator_finalize (GObject *object)
{
  VigilSimulator *self = VIGIL_SIMULATOR (object);

  g_free (self->protocol);
  G_OBJECT_CLASS (vigil_simulator_parent_class)->finalize (object);
}

static void
vigil_simulator_class_init (VigilSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_simulator_constructed;
  object_class->finalize = vigil_simulator_finalize;
  object_class->dispose = vigil_simulator_dispose;
  object_class->get_property = vigil_simulator_get_property;
  object_class->set_property = vigil_simulator_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, VIGIL_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, VIGIL_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Which device it simulates: a name from vigil_protocol_list(). */
  properties[PROP_PROTOCOL] =
    g_param_spec_string ("protocol", NULL, NULL, "vigil",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The path a device should open; changes when an unlinked pty is re-plugged. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BAUD] =
    g_param_spec_uint ("baud", NULL, NULL, 1, G_MAXUINT, VIGIL_SIMULATOR_DEFAULT_BAUD,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* FALSE while the scenario has the cable pulled. */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilSimulator::line-written:
   * @line: the whole line, `$` to `\n`
   *
   * A line left the device. On a pty nobody has open it is dropped on the
   * way, as on an unconnected cable, but it was still sent.
   */
  signals[LINE_WRITTEN] =
    g_signal_new ("line-written",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * VigilSimulator::bytes-written:
   * @bytes: one frame or reply, as it left the device
   *
   * Every protocol's frames, as "line-written" is the Vigil protocol's lines.
   */
  signals[BYTES_WRITTEN] =
    g_signal_new ("bytes-written",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
vigil_simulator_init (VigilSimulator *self)
{
  self->port_fd = -1;
  self->baud = VIGIL_SIMULATOR_DEFAULT_BAUD;
  self->previous_ms = -1;
  self->cable_in = TRUE;
}

/**
 * vigil_simulator_new:
 * @scenario: the patient to simulate
 * @clock: paces the lines and stamps them
 *
 * Returns: (transfer full): a simulator of a Vigil line-protocol device
 *   with no port yet
 */
VigilSimulator *
vigil_simulator_new (VigilScenario *scenario,
                     VigilClock    *clock)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (VIGIL_IS_CLOCK (clock), NULL);

  return g_object_new (VIGIL_TYPE_SIMULATOR,
                       "scenario", scenario,
                       "clock", clock,
                       NULL);
}

/**
 * vigil_simulator_new_for_protocol:
 * @protocol: which device to simulate, a name from vigil_protocol_list()
 *
 * Returns: (transfer full): a simulator with no port yet, or %NULL with
 *   @error set when the protocol is unknown
 */
VigilSimulator *
vigil_simulator_new_for_protocol (VigilScenario  *scenario,
                                  VigilClock     *clock,
                                  const char     *protocol,
                                  GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (VIGIL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (protocol != NULL, NULL);

  if (vigil_protocol_lookup (protocol) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown device protocol “%s”. Known protocols: %s.",
                   protocol, "vigil, datex, masimo, nonin, intellivue");
      return NULL;
    }
  return g_object_new (VIGIL_TYPE_SIMULATOR,
                       "scenario", scenario,
                       "clock", clock,
                       "protocol", protocol,
                       NULL);
}

const char *
vigil_simulator_get_protocol (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), NULL);
  return self->protocol;
}

/**
 * vigil_simulator_get_device_side:
 *
 * Returns: (transfer none): the protocol's simulated device, for tests
 */
VigilSimProtocol *
vigil_simulator_get_device_side (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), NULL);
  return self->device_side;
}

/* Open and close the slave once, flushing what it holds: from then on the
 * master reports POLLHUP until a real reader opens it. */
static void
prime_pty (VigilSimulator *self)
{
  const char *slave = vigil_pty_get_slave_path (self->pty);
  int fd;

  self->reader_present = FALSE;
  if (!vigil_pty_is_open (self->pty) || slave == NULL)
    return;
  fd = open (slave, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return;
  tcflush (fd, TCIFLUSH);
  close (fd);
}

static int
host_fd (VigilSimulator *self)
{
  if (self->pty != NULL)
    return vigil_pty_get_master_fd (self->pty);
  return self->port_fd;
}

/* The sender's line at @bit_time (in its own bit times): 0 or 1. */
static guint
line_level (const guint8 *data,
            gsize         length,
            guint         frame_bits,
            gboolean      parity,
            double        bit_time)
{
  gsize frame;
  guint bit;

  if (bit_time < 0)
    return 1;
  frame = (gsize) bit_time / frame_bits;
  bit = (guint) ((gsize) bit_time % frame_bits);
  if (frame >= length)
    return 1;
  if (bit == 0)
    return 0;                                  /* start */
  if (bit <= 8)
    return (data[frame] >> (bit - 1)) & 1;     /* data, LSB first */
  if (parity && bit == 9)
    return (guint) __builtin_parity (data[frame]);  /* even parity */
  return 1;                                    /* stop */
}

/* A wrong baud rate, on a pty (which carries bytes whatever the speed):
 * what a UART listening at @rx_baud receives from one sending @data at
 * @tx_baud, 8 data bits LSB first (+ the protocol's even parity), 1 stop
 * bit, back to back, the line idle (mark) before and after. The receiver
 * waits for a start edge, samples the middle of each of its own bit times
 * and hands on a byte with a bad stop or parity bit as NUL, as Linux does
 * in raw mode (no IGNPAR, no PARMRK). Returns %NULL when the speeds match
 * or no line speed is modelled. */
static GBytes *
line_garble (VigilSimulator *self,
             GBytes         *bytes,
             guint           tx_baud,
             guint           rx_baud)
{
  const VigilProtocolInfo *info;
  const guint8 *data;
  gsize length = 0;
  guint frame_bits;
  gboolean parity;
  double tx_bit, rx_bit, end, t;
  g_autoptr(GByteArray) out = NULL;

  if (self->pty == NULL || self->line_baud == 0 || tx_baud == rx_baud)
    return NULL;

  info = vigil_protocol_lookup (self->protocol);
  parity = info != NULL && info->settings.parity == VIGIL_SERIAL_PARITY_EVEN;
  frame_bits = parity ? 11 : 10;
  data = g_bytes_get_data (bytes, &length);
  tx_bit = 1.0 / tx_baud;
  rx_bit = 1.0 / rx_baud;
  end = length * frame_bits * tx_bit;
  out = g_byte_array_new ();

#define LEVEL(at) line_level (data, length, frame_bits, parity, (at) / tx_bit)
  /* Oversample 16× to find the start edge, as a UART does. */
  for (t = 0; t < end; t += rx_bit / 16)
    {
      guint8 byte = 0;
      guint ones = 0;
      gboolean ok;

      if (LEVEL (t) != 0 || LEVEL (t + rx_bit / 2) != 0)
        continue;  /* idle, or a glitch rather than a start bit */
      for (guint bit = 0; bit < 8; bit++)
        if (LEVEL (t + (1.5 + bit) * rx_bit))
          {
            byte |= (guint8) (1u << bit);
            ones++;
          }
      ok = TRUE;
      if (parity)
        ok = (ones + LEVEL (t + 9.5 * rx_bit)) % 2 == 0;
      ok = ok && LEVEL (t + (frame_bits - 0.5) * rx_bit) == 1;
      g_byte_array_append (out, ok ? &byte : (const guint8 *) "", 1);
      t += (frame_bits - 0.5) * rx_bit - rx_bit / 16;
    }
#undef LEVEL

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
stop_reading (VigilSimulator *self)
{
  g_clear_handle_id (&self->read_id, g_source_remove);
}

/* Bytes from the host (a request, a poll) go to the simulated device. A
 * pty whose reader left reports a hang-up: stop watching until one is back,
 * or the loop would spin. */
static gboolean
on_host_bytes (int           fd,
               GIOCondition  condition,
               gpointer      user_data)
{
  VigilSimulator *self = user_data;
  G_GNUC_UNUSED g_autoptr(VigilSimulator) hold = g_object_ref (self);
  guint8 buffer[READ_SIZE];
  ssize_t n;

  if ((condition & G_IO_IN) == 0)
    {
      self->read_id = 0;
      return G_SOURCE_REMOVE;
    }

  n = read (fd, buffer, sizeof buffer);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      self->read_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* Only a plugged-in, running device that is not hung hears the host. */
  if (self->cable_in && self->timer_id != 0 && !self->hung)
    {
      g_autoptr(GBytes) heard = g_bytes_new (buffer, (gsize) n);
      g_autoptr(GBytes) garbled = line_garble (self, heard, self->line_baud, self->baud);
      const guint8 *data;
      gsize length = 0;

      data = g_bytes_get_data (garbled != NULL ? garbled : heard, &length);
      if (length > 0)
        vigil_sim_protocol_receive (self->device_side, data, length);
    }
  return self->read_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
start_reading (VigilSimulator *self)
{
  int fd = host_fd (self);

  if (self->read_id != 0 || fd < 0)
    return;
  self->read_id = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_host_bytes, self);
}

static gboolean
pty_has_reader (VigilSimulator *self)
{
  struct pollfd pfd = { vigil_pty_get_master_fd (self->pty), POLLOUT, 0 };
  gboolean present;

  if (pfd.fd < 0)
    return FALSE;
  if (poll (&pfd, 1, 0) < 0)
    return TRUE;  /* cannot tell: write, and let the pty drop what it must */
  present = (pfd.revents & POLLHUP) == 0;

  /* The reader went away: throw out what it left unread, so the next one
   * does not get it as news. */
  if (self->reader_present && !present)
    prime_pty (self);
  self->reader_present = present;
  if (present)
    start_reading (self);
  return present;
}

/**
 * vigil_simulator_open_pty:
 * @link_path: (nullable): where to keep a stable symlink to the device end
 *
 * Makes a pseudo-terminal whose slave side (or @link_path) a device opens
 * like a serial port. Closes any port opened before.
 */
gboolean
vigil_simulator_open_pty (VigilSimulator  *self,
                          const char      *link_path,
                          GError         **error)
{
  g_autoptr(VigilPty) pty = NULL;

  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pty = vigil_pty_new (link_path, error);
  if (pty == NULL)
    return FALSE;

  vigil_simulator_close (self);
  self->pty = g_steal_pointer (&pty);
  prime_pty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  return TRUE;
}

static speed_t
baud_to_speed (guint baud)
{
  switch (baud)
    {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    default: return B0;
    }
}

/**
 * vigil_simulator_open_port:
 * @path: a serial port or another terminal device, such as /dev/ttyUSB0
 *
 * Writes into an existing terminal instead of a pty of its own, raw, with
 * the protocol's parity and flow control, at the simulator's baud rate
 * (the protocol's unless set).
 * Closes any port opened before.
 */
gboolean
vigil_simulator_open_port (VigilSimulator  *self,
                           const char      *path,
                           GError         **error)
{
  struct termios tio;
  speed_t speed;
  int fd;

  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  speed = baud_to_speed (self->baud);
  if (speed == B0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%u baud is not a standard serial speed. Use 9600, 19200, 38400, 57600 or 115200.",
                   self->baud);
      return FALSE;
    }

  fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open %s: %s. Check that the port exists and that "
                   "you may use it (the dialout group).",
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  if (tcgetattr (fd, &tio) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s is not a serial port or terminal (%s).",
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  cfmakeraw (&tio);
  tio.c_cflag &= ~(CSTOPB | PARENB | PARODD | CRTSCTS | CSIZE);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  /* The simulated device's own framing (8E1 RTS/CTS for the S/5). */
  {
    const VigilProtocolInfo *info = vigil_protocol_lookup (self->protocol);

    if (info->settings.parity == VIGIL_SERIAL_PARITY_EVEN)
      tio.c_cflag |= PARENB;
    if (info->settings.flow_control == VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS)
      tio.c_cflag |= CRTSCTS;
  }
  tio.c_iflag &= ~(IXON | IXOFF | IXANY);
  cfsetispeed (&tio, speed);
  cfsetospeed (&tio, speed);
  if (tcsetattr (fd, TCSANOW, &tio) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not set %s to %u baud, 8N1: %s.",
                   path, self->baud, g_strerror (saved_errno));
      return FALSE;
    }

  vigil_simulator_close (self);
  self->port_fd = fd;
  self->port_path = g_strdup (path);
  start_reading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  return TRUE;
}

/**
 * vigil_simulator_close:
 *
 * Closes the pty or port; a running simulator keeps ticking and sends
 * nothing until another is opened.
 */
void
vigil_simulator_close (VigilSimulator *self)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));

  if (self->pty == NULL && self->port_fd < 0)
    return;
  stop_reading (self);
  g_clear_object (&self->pty);
  if (self->port_fd >= 0)
    {
      close (self->port_fd);
      self->port_fd = -1;
    }
  g_clear_pointer (&self->port_path, g_free);
  self->reader_present = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

/**
 * vigil_simulator_get_path:
 *
 * Returns: (nullable): the path a device should open: the pty's link if it
 *   has one, else its slave side, or the port
 */
const char *
vigil_simulator_get_path (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), NULL);

  if (self->pty != NULL)
    return vigil_pty_get_path (self->pty);
  return self->port_path;
}

VigilScenario *
vigil_simulator_get_scenario (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), NULL);
  return self->scenario;
}

VigilClock *
vigil_simulator_get_clock (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), NULL);
  return self->clock;
}

guint
vigil_simulator_get_baud (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), 0);
  return self->baud;
}

/**
 * vigil_simulator_set_baud:
 *
 * The speed vigil_simulator_open_port() sets; a pty has none.
 */
void
vigil_simulator_set_baud (VigilSimulator *self,
                          guint           baud)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));
  g_return_if_fail (baud > 0);

  if (self->baud == baud)
    return;
  self->baud = baud;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BAUD]);
}

gboolean
vigil_simulator_is_running (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), FALSE);
  return self->timer_id != 0;
}

/* FALSE while the scenario holds the cable out. */
gboolean
vigil_simulator_get_connected (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), FALSE);
  return self->cable_in;
}

/* Clock milliseconds since vigil_simulator_start(), 0 before it. */
gint64
vigil_simulator_get_elapsed (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), 0);

  if (self->timer_id == 0)
    return MAX (self->previous_ms, 0);
  return (vigil_clock_get_monotonic (self->clock) - self->start_us) / 1000;
}

guint64
vigil_simulator_get_lines_sent (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), 0);
  return self->lines_sent;
}

static void
append_rate (GString        *body,
             VigilParameter  parameter,
             int             value,
             gboolean        sensor_off)
{
  VigilObservation observation;

  vigil_observation_init (&observation, parameter);
  if (sensor_off)
    observation.quality = VIGIL_QUALITY_SENSOR_OFF;
  else if (value != VIGIL_SCENARIO_ABSENT)
    {
      observation.quality = VIGIL_QUALITY_VALID;
      observation.value = value;
    }
  vigil_line_protocol_append_field (body, &observation);
}

/**
 * vigil_simulator_format_line:
 * @device_time_ms: the device clock, Unix milliseconds
 * @sample: what the device shows
 *
 * Encodes one record the way the simulated device sends it:
 * `$VGL,T=…,HR=…,SPO2=…,PR=…[,NIBP=sys/dia/mean|FAIL]*CS\r\n`.
 *
 * Returns: (transfer full): the sealed line
 */
char *
vigil_simulator_format_line (gint64                     device_time_ms,
                             const VigilScenarioSample *sample)
{
  g_autoptr(GString) body = g_string_new (VIGIL_LINE_PROTOCOL_RECORD);

  g_return_val_if_fail (sample != NULL, NULL);

  g_string_append_printf (body, ",%s=%" G_GINT64_FORMAT,
                          VIGIL_LINE_PROTOCOL_KEY_TIME, device_time_ms);
  append_rate (body, VIGIL_PARAMETER_HR, sample->hr, FALSE);
  append_rate (body, VIGIL_PARAMETER_SPO2, sample->spo2, sample->spo2_sensor_off);
  append_rate (body, VIGIL_PARAMETER_PULSE_RATE, sample->pr, sample->spo2_sensor_off);

  if (sample->nibp == VIGIL_SCENARIO_NIBP_READING)
    {
      VigilObservation nibp;

      vigil_observation_init (&nibp, VIGIL_PARAMETER_NIBP);
      nibp.quality = VIGIL_QUALITY_VALID;
      nibp.value = sample->nibp_sys;
      nibp.diastolic = sample->nibp_dia;
      nibp.mean = sample->nibp_mean;
      vigil_line_protocol_append_field (body, &nibp);
    }
  else if (sample->nibp == VIGIL_SCENARIO_NIBP_FAILED)
    g_string_append_printf (body, ",%s=%s",
                            VIGIL_LINE_PROTOCOL_KEY_NIBP, VIGIL_LINE_PROTOCOL_FAIL);

  return vigil_line_protocol_seal (body->str);
}

static void
set_cable (VigilSimulator *self,
           gboolean        cable_in)
{
  if (self->cable_in == cable_in)
    return;

  if (self->pty != NULL)
    {
      g_autofree char *before = g_strdup (vigil_simulator_get_path (self));

      if (!cable_in)
        {
          const char *link = vigil_pty_get_link_path (self->pty);

          stop_reading (self);
          vigil_pty_hang_up (self->pty);
          /* An unplugged adapter's device node goes away. A link left
           * dangling would find whichever pty gets the freed number next. */
          if (link != NULL)
            g_unlink (link);
        }
      else
        {
          g_autoptr(GError) error = NULL;

          if (!vigil_pty_reopen (self->pty, &error))
            {
              /* Stay unplugged and try again on the next tick. */
              g_message ("Simulator: could not re-plug the simulated cable: %s",
                         error->message);
              return;
            }
          prime_pty (self);
        }
      if (g_strcmp0 (before, vigil_simulator_get_path (self)) != 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
    }

  /* A device whose cable was out forgets what the host asked for: the host
   * must ask again, as with a real device that was unplugged. */
  if (!cable_in)
    vigil_sim_protocol_reset (self->device_side);
  self->cable_in = cable_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
write_port (VigilSimulator  *self,
            const char      *line,
            gsize            length,
            GError         **error)
{
  while (length > 0)
    {
      ssize_t n = write (self->port_fd, line, length);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          /* The port's buffer is full (flow control, a slow reader):
           * drop the rest, the receiver resynchronises on `$`. */
          if (saved_errno == EAGAIN)
            return TRUE;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not write to %s: %s. Check the cable and the adapter.",
                       self->port_path, g_strerror (saved_errno));
          return FALSE;
        }
      line += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static void
send_bytes (VigilSimulator *self,
            GBytes         *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) garbled = line_garble (self, bytes, self->baud, self->line_baud);
  gsize length = 0;
  const char *line;
  gboolean ok = TRUE;

  if (garbled != NULL)
    bytes = garbled;
  line = g_bytes_get_data (bytes, &length);

  if (self->pty != NULL)
    {
      if (pty_has_reader (self))
        ok = vigil_pty_write_all (self->pty, line, length, &error);
    }
  else if (self->port_fd >= 0)
    ok = write_port (self, line, length, &error);
  else
    return;

  if (!ok)
    {
      if (!self->write_failing)
        g_message ("Simulator: %s", error->message);
      self->write_failing = TRUE;
      return;
    }
  self->write_failing = FALSE;
  self->lines_sent++;
  g_signal_emit (self, signals[BYTES_WRITTEN], 0, bytes);
  if (g_str_equal (self->protocol, "vigil"))
    {
      g_autofree char *text = g_strndup (line, length);

      g_signal_emit (self, signals[LINE_WRITTEN], 0, text);
    }
}

static void
on_device_side_transmit (VigilSimProtocol *device_side,
                         GBytes           *bytes,
                         VigilSimulator   *self)
{
  if (!self->cable_in)
    return;
  send_bytes (self, bytes);
}

/* One period of the device: the scenario at @at_ms, encoded and sent. */
static void
tick_once (VigilSimulator *self,
           gint64          at_ms,
           gint64          late_ms)
{
  VigilScenarioSample sample;

  vigil_scenario_sample (self->scenario, self->previous_ms, at_ms, &sample);
  self->previous_ms = at_ms;
  sample.cable_pulled = sample.cable_pulled || self->fault_cable_out;
  sample.silent = sample.silent || self->fault_frozen;

  set_cable (self, !sample.cable_pulled);
  self->hung = sample.silent;
  if (!self->cable_in || sample.silent)
    return;

  /* Pick up a host that opened the port since the last frame. */
  if (self->pty != NULL)
    pty_has_reader (self);
  vigil_sim_protocol_tick (self->device_side, &sample,
                           vigil_clock_get_wall (self->clock) / 1000 - late_ms);
}

/* A busy main loop (a window drawing, an accelerated demo clock) runs the
 * timer late; the device's own clock does not wait, so the periods missed
 * are caught up, up to a second of them: a 75 Hz pleth stays 75 Hz of
 * clock time. A longer stall is skipped, as a dropout. */
static gboolean
tick (gpointer data)
{
  VigilSimulator *self = data;
  gint64 period_ms = vigil_sim_protocol_get_period_ms (self->device_side);
  gint64 elapsed_ms = (vigil_clock_get_monotonic (self->clock) - self->start_us) / 1000;
  gint64 max_periods = MAX (1, 1000 / period_ms);

  for (gint64 n = 0; self->next_due_ms <= elapsed_ms && n < max_periods; n++)
    {
      tick_once (self, self->next_due_ms, elapsed_ms - self->next_due_ms);
      self->next_due_ms += period_ms;
      if (self->timer_id == 0)
        return G_SOURCE_REMOVE;
    }
  if (self->next_due_ms <= elapsed_ms)
    self->next_due_ms = elapsed_ms + period_ms;
  return G_SOURCE_CONTINUE;
}

/**
 * vigil_simulator_start:
 *
 * Starts the scenario at time 0 (again, after a stop): one line per
 * second of clock time, the first one second from now.
 */
void
vigil_simulator_start (VigilSimulator *self)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));

  if (self->timer_id != 0)
    return;

  self->start_us = vigil_clock_get_monotonic (self->clock);
  self->previous_ms = -1;
  self->next_due_ms = vigil_sim_protocol_get_period_ms (self->device_side);
  self->timer_id = vigil_clock_timeout_add (self->clock,
                                            vigil_sim_protocol_get_period_ms (self->device_side),
                                            tick, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * vigil_simulator_stop:
 *
 * Stops sending. A cable pulled by the scenario is plugged back in, so a
 * stopped simulator leaves its port where a device can find it.
 */
void
vigil_simulator_stop (VigilSimulator *self)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));

  if (self->timer_id == 0)
    return;

  vigil_clock_timeout_remove (self->clock, self->timer_id);
  self->timer_id = 0;
  set_cable (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * vigil_simulator_inject:
 * @data: bytes to put on the line now, as they are
 *
 * For fault tests: noise on the line, or the start of a frame a device
 * sent as it lost power. Goes where the frames go (nowhere while the
 * cable is out or nobody has the port open); not counted as a frame.
 */
void
vigil_simulator_inject (VigilSimulator *self,
                        const guint8   *data,
                        gsize           length)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_SIMULATOR (self));
  g_return_if_fail (data != NULL || length == 0);

  if (length == 0 || !self->cable_in)
    return;
  if (self->pty != NULL)
    {
      if (pty_has_reader (self) && !vigil_pty_write_all (self->pty, data, length, &error))
        g_debug ("Simulator: injected bytes lost: %s", error->message);
    }
  else if (self->port_fd >= 0 && !write_port (self, (const char *) data, length, &error))
    g_debug ("Simulator: injected bytes lost: %s", error->message);
}

/**
 * vigil_simulator_set_cable_pulled:
 *
 * For fault tests: pulls the cable (or plugs it back) now, whatever the
 * scenario says; the pty hangs up and its link goes, as with the
 * "cable-pulled" scenario.
 */
void
vigil_simulator_set_cable_pulled (VigilSimulator *self,
                                  gboolean        pulled)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));

  self->fault_cable_out = pulled;
  if (self->timer_id != 0)
    set_cable (self, !pulled);
}

/**
 * vigil_simulator_set_frozen:
 *
 * For fault tests: the device hangs with its port open: it neither sends
 * nor answers, as in the "silent" scenario, until unfrozen.
 */
void
vigil_simulator_set_frozen (VigilSimulator *self,
                            gboolean        frozen)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));

  self->fault_frozen = frozen;
  self->hung = frozen;
}

/**
 * vigil_simulator_reboot:
 *
 * For fault tests: the device starts again from scratch: it forgets what
 * the host asked for (a polled device must be asked again) and its
 * scenario restarts at 0. Freeze it first for the time it takes to boot.
 */
void
vigil_simulator_reboot (VigilSimulator *self)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));

  vigil_sim_protocol_reset (self->device_side);
  if (self->timer_id == 0)
    return;
  self->start_us = vigil_clock_get_monotonic (self->clock);
  self->previous_ms = -1;
  self->next_due_ms = vigil_sim_protocol_get_period_ms (self->device_side);
}

/**
 * vigil_simulator_set_line_baud:
 * @baud: the speed the host's end of the pty is set to, or 0
 *
 * A pty carries bytes whatever its speed. With a line baud set, a
 * simulator whose own baud (vigil_simulator_set_baud()) differs passes
 * every byte, both ways, through a model of the receiving UART: the host
 * gets what a wrong baud rate gives on a real line (framing errors as NUL,
 * wrong, missing and extra bytes). 0, the default, models nothing.
 */
void
vigil_simulator_set_line_baud (VigilSimulator *self,
                               guint           baud)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));

  self->line_baud = baud;
}
