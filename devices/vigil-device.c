/* vigil-device.c — one bedside device: a transport, a parser, a watchdog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VigilDevice ties a port to a protocol parser on the main loop and keeps
 * watch over it, because the worst thing a monitor can do is show a frozen
 * number as if it were live:
 *
 *  - every observation and parser event is re-emitted with the arrival time
 *    from the injected clock;
 *  - a watchdog on that clock raises STALE when no valid frame came for the
 *    quiet time, and DATA_RESUMED when frames come back;
 *  - a closed port raises DISCONNECTED, and the device reopens the same path
 *    by itself with a short backoff (250 ms, 500 ms, 1 s, then every 2 s),
 *    so a re-plugged cable (or a new pty behind the same symlink) is found
 *    again without anyone touching the screen.
 *
 * All timers run on the clock, so with a manual clock a test drives the
 * watchdog and the reconnects with vigil_clock_advance().
 */
#include "vigil-device.h"

#include <glib/gi18n-lib.h>

#include "vigil-parser.h"
#include "vigil-protocol.h"
#include "vigil-transport.h"

#define WATCHDOG_PERIOD_MS     250
#define BACKOFF_FIRST_MS       250
#define BACKOFF_MAX_MS         2000

typedef struct
{
  VigilDeviceSpec  *spec;
  VigilClock       *clock;
  VigilParser      *parser;
  GError           *parser_error;     /* why no parser could be made */
  VigilTransport   *transport;        /* non-NULL while the port is open */

  VigilDeviceState  state;
  gint64            quiet_time_us;
  gboolean          quiet_time_set;   /* set by the caller rather than the protocol's */
  gint64            last_frame_us;    /* clock monotonic: last valid frame, or the connect */
  gint64            last_request_us;  /* when connected() was last called while stale */
  gboolean          had_frame;        /* a valid frame since this connect */
  guint64           frames_seen;      /* the parser's frames_ok we have accounted for */

  guint             watchdog_id;      /* clock timers */
  guint             reconnect_id;
  guint             backoff_ms;
  gboolean          started;
} VigilDevicePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (VigilDevice, vigil_device, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VigilDeviceState, vigil_device_state,
                    G_DEFINE_ENUM_VALUE (VIGIL_DEVICE_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (VIGIL_DEVICE_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (VIGIL_DEVICE_STATE_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (VIGIL_DEVICE_STATE_RECEIVING, "receiving"),
                    G_DEFINE_ENUM_VALUE (VIGIL_DEVICE_STATE_STALE, "stale"))

enum {
  PROP_0,
  PROP_SPEC,
  PROP_CLOCK,
  PROP_STATE,
  PROP_QUIET_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_OBSERVATION,
  SIGNAL_TECHNICAL_EVENT,
  SIGNAL_WAVEFORM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void     drop_transport     (VigilDevice *self);
static void     schedule_reconnect (VigilDevice *self);
static gboolean open_port          (VigilDevice  *self,
                                    GError      **error);

/* The protocol fixes parity and flow control; the spec may change the
 * speed (a CARESCAPE at 115200, a Root over USB at 19200). */
static void
settings_for_spec (const VigilDeviceSpec *spec,
                   VigilSerialSettings   *settings)
{
  const VigilProtocolInfo *info = vigil_protocol_lookup (spec->protocol);

  if (info != NULL)
    *settings = info->settings;
  else
    *settings = (VigilSerialSettings) VIGIL_SERIAL_SETTINGS_INIT;
  if (spec->baud != 0)
    settings->baud = spec->baud;
}

static char *
format_duration (gint64 us)
{
  if (us >= 10 * G_USEC_PER_SEC || us % G_USEC_PER_SEC == 0)
    return g_strdup_printf (_("%.0f s"), us / (double) G_USEC_PER_SEC);
  return g_strdup_printf (_("%.1f s"), us / (double) G_USEC_PER_SEC);
}

static void
set_state (VigilDevice      *self,
           VigilDeviceState  state)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  if (priv->state == state)
    return;
  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
emit_event (VigilDevice        *self,
            VigilTechnicalKind  kind,
            const char         *message)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  g_autoptr(VigilTechnicalEvent) event = vigil_technical_event_new (kind, -1, message);

  event->host_wall_us = vigil_clock_get_wall (priv->clock);
  event->host_monotonic_us = vigil_clock_get_monotonic (priv->clock);
  g_signal_emit (self, signals[SIGNAL_TECHNICAL_EVENT], 0, event);
}

/* A new link, or one quiet for the quiet time: the host side asks (again). */
static void
call_connected (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  VigilDeviceClass *klass = VIGIL_DEVICE_GET_CLASS (self);

  vigil_parser_connected (priv->parser, vigil_clock_get_monotonic (priv->clock));
  if (priv->transport != NULL && klass->connected != NULL)
    klass->connected (self);
}

/* A valid frame arrived now: leave CONNECTED or STALE. */
static void
note_valid_frame (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  priv->last_frame_us = vigil_clock_get_monotonic (priv->clock);
  priv->had_frame = TRUE;

  if (priv->state == VIGIL_DEVICE_STATE_STALE)
    {
      g_autofree char *message =
        g_strdup_printf (_("Device %s on %s is sending data again."),
                         priv->spec->protocol, priv->spec->path);

      set_state (self, VIGIL_DEVICE_STATE_RECEIVING);
      emit_event (self, VIGIL_TECHNICAL_DATA_RESUMED, message);
    }
  else if (priv->state == VIGIL_DEVICE_STATE_CONNECTED)
    set_state (self, VIGIL_DEVICE_STATE_RECEIVING);
}

static void
on_parser_observation (VigilParser            *parser,
                       const VigilObservation *observation,
                       VigilDevice            *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  VigilObservation stamped;

  /* Stopped by a handler while the parser was still working on a chunk. */
  if (priv->transport == NULL)
    return;

  /* DATA_RESUMED goes out before the first fresh value. */
  note_valid_frame (self);
  if (priv->transport == NULL)
    return;

  stamped = *observation;
  stamped.host_wall_us = vigil_clock_get_wall (priv->clock);
  stamped.host_monotonic_us = vigil_clock_get_monotonic (priv->clock);
  g_signal_emit (self, signals[SIGNAL_OBSERVATION], 0, &stamped);
}

static void
on_parser_waveform (VigilParser               *parser,
                    const VigilWaveformSample *sample,
                    VigilDevice               *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  VigilWaveformSample stamped;

  if (priv->transport == NULL)
    return;

  stamped = *sample;
  stamped.host_wall_us = vigil_clock_get_wall (priv->clock);
  stamped.host_monotonic_us = vigil_clock_get_monotonic (priv->clock);
  g_signal_emit (self, signals[SIGNAL_WAVEFORM], 0, &stamped);
}

/* The host side of the protocol speaks: a request, a poll, a reply. */
static void
on_parser_transmit (VigilParser *parser,
                    GBytes      *bytes,
                    VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  if (priv->transport == NULL)
    return;
  /* A failed write shows up as a closed port or a quiet link; the
   * watchdog deals with both. */
  if (!vigil_transport_write (priv->transport, data, length, &error))
    g_debug ("Device %s on %s: could not send %zu bytes: %s",
             priv->spec->protocol, priv->spec->path, length, error->message);
}

static void
on_parser_event (VigilParser               *parser,
                 const VigilTechnicalEvent *event,
                 VigilDevice               *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  g_autoptr(VigilTechnicalEvent) stamped = NULL;

  if (priv->transport == NULL)
    return;

  stamped = vigil_technical_event_copy (event);
  stamped->host_wall_us = vigil_clock_get_wall (priv->clock);
  stamped->host_monotonic_us = vigil_clock_get_monotonic (priv->clock);
  g_signal_emit (self, signals[SIGNAL_TECHNICAL_EVENT], 0, stamped);
}

/* Frames without any observation (all parameters absent) still prove the
 * device is alive: account for them through the parser's counter. */
static void
account_frames (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  guint64 frames_ok = vigil_parser_get_frames_ok (priv->parser);

  if (frames_ok != priv->frames_seen)
    {
      priv->frames_seen = frames_ok;
      note_valid_frame (self);
    }
}

static void
on_transport_data (VigilTransport *transport,
                   GBytes         *bytes,
                   VigilDevice    *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  G_GNUC_UNUSED g_autoptr(VigilDevice) hold = g_object_ref (self);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  vigil_parser_set_now (priv->parser, vigil_clock_get_monotonic (priv->clock));
  vigil_parser_feed (priv->parser, data, length);
  if (priv->transport == transport)
    account_frames (self);
}

static gboolean
on_watchdog (gpointer user_data)
{
  VigilDevice *self = user_data;
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  G_GNUC_UNUSED g_autoptr(VigilDevice) hold = g_object_ref (self);
  guint id = priv->watchdog_id;
  gint64 now;

  if (priv->transport == NULL)
    return G_SOURCE_REMOVE;

  account_frames (self);
  now = vigil_clock_get_monotonic (priv->clock);
  vigil_parser_tick (priv->parser, now);
  if (priv->watchdog_id != id || priv->transport == NULL)
    return G_SOURCE_REMOVE;

  if ((priv->state == VIGIL_DEVICE_STATE_CONNECTED || priv->state == VIGIL_DEVICE_STATE_RECEIVING)
      && now - priv->last_frame_us >= priv->quiet_time_us)
    {
      g_autofree char *ago = format_duration (now - priv->last_frame_us);
      g_autofree char *message = NULL;

      if (priv->had_frame)
        message = g_strdup_printf (_("Device %s on %s stopped sending data %s ago. "
                                     "Check the cable and that the device is switched on."),
                                   priv->spec->protocol, priv->spec->path, ago);
      else
        message = g_strdup_printf (_("Device %s on %s has sent no valid data in the %s since it connected. "
                                     "Check that the device is switched on and set to the %s protocol "
                                     "and the same baud rate."),
                                   priv->spec->protocol, priv->spec->path, ago,
                                   priv->spec->protocol);

      priv->last_request_us = now;
      set_state (self, VIGIL_DEVICE_STATE_STALE);
      emit_event (self, VIGIL_TECHNICAL_STALE, message);
      /* Protocols that poll ask again. */
      if (priv->watchdog_id == id && priv->transport != NULL)
        call_connected (self);
    }
  else if (priv->state == VIGIL_DEVICE_STATE_STALE
           && now - priv->last_request_us >= priv->quiet_time_us)
    {
      priv->last_request_us = now;
      call_connected (self);
    }

  return priv->watchdog_id == id ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
on_transport_closed (VigilTransport *transport,
                     const GError   *error,
                     VigilDevice    *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  G_GNUC_UNUSED g_autoptr(VigilDevice) hold = g_object_ref (self);
  g_autofree char *message = NULL;

  if (priv->transport != transport)
    return;

  drop_transport (self);

  if (g_error_matches (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_HANGUP))
    message = g_strdup_printf (_("Device %s on %s disconnected: cable unplugged or device switched off. "
                                 "Check the cable and that the device is switched on; "
                                 "Vigil reconnects by itself."),
                               priv->spec->protocol, priv->spec->path);
  else
    message = g_strdup_printf (_("Device %s on %s disconnected (%s). "
                                 "Check the cable and that the device is switched on; "
                                 "Vigil reconnects by itself."),
                               priv->spec->protocol, priv->spec->path,
                               error != NULL ? error->message : _("unknown error"));

  set_state (self, VIGIL_DEVICE_STATE_CONNECTING);
  emit_event (self, VIGIL_TECHNICAL_DISCONNECTED, message);

  priv->backoff_ms = BACKOFF_FIRST_MS;
  if (priv->started && priv->transport == NULL)
    schedule_reconnect (self);
}

static void
drop_transport (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  /* The watchdog only runs while a port is open. */
  if (priv->watchdog_id != 0)
    {
      vigil_clock_timeout_remove (priv->clock, priv->watchdog_id);
      priv->watchdog_id = 0;
    }

  if (priv->transport != NULL)
    {
      g_autoptr(VigilTransport) transport = g_steal_pointer (&priv->transport);

      g_signal_handlers_disconnect_by_data (transport, self);
      vigil_transport_close (transport);
    }
}

static gboolean
on_reconnect (gpointer user_data)
{
  VigilDevice *self = user_data;
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  G_GNUC_UNUSED g_autoptr(VigilDevice) hold = g_object_ref (self);

  priv->reconnect_id = 0;
  if (!priv->started || priv->transport != NULL)
    return G_SOURCE_REMOVE;

  if (!open_port (self, NULL) && priv->started && priv->transport == NULL)
    {
      priv->backoff_ms = MIN (priv->backoff_ms * 2, BACKOFF_MAX_MS);
      schedule_reconnect (self);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  if (priv->reconnect_id != 0)
    return;
  priv->reconnect_id = vigil_clock_timeout_add (priv->clock, priv->backoff_ms,
                                                on_reconnect, self);
}

static gboolean
open_port (VigilDevice  *self,
           GError      **error)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  g_autoptr(VigilTransport) transport = NULL;
  g_autofree char *message = NULL;
  VigilSerialSettings settings;

  g_assert (priv->transport == NULL);

  settings_for_spec (priv->spec, &settings);
  transport = vigil_transport_new (priv->spec->path, &settings);
  if (!vigil_transport_open (transport, error))
    return FALSE;

  priv->transport = g_object_ref (transport);
  g_signal_connect (transport, "data", G_CALLBACK (on_transport_data), self);
  g_signal_connect (transport, "closed", G_CALLBACK (on_transport_closed), self);

  /* Half a frame from before the cable was pulled must not be glued to the
   * first bytes of the new connection. */
  vigil_parser_reset (priv->parser);
  priv->frames_seen = vigil_parser_get_frames_ok (priv->parser);
  priv->had_frame = FALSE;
  priv->last_frame_us = vigil_clock_get_monotonic (priv->clock);
  priv->backoff_ms = BACKOFF_FIRST_MS;
  priv->watchdog_id = vigil_clock_timeout_add (priv->clock, WATCHDOG_PERIOD_MS,
                                               on_watchdog, self);

  message = g_strdup_printf (_("Device %s on %s connected."),
                             priv->spec->protocol, priv->spec->path);
  set_state (self, VIGIL_DEVICE_STATE_CONNECTED);
  emit_event (self, VIGIL_TECHNICAL_CONNECTED, message);

  if (priv->transport == transport)
    call_connected (self);
  return TRUE;
}

static void
cancel_timers (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  if (priv->clock == NULL)
    return;
  if (priv->watchdog_id != 0)
    {
      vigil_clock_timeout_remove (priv->clock, priv->watchdog_id);
      priv->watchdog_id = 0;
    }
  if (priv->reconnect_id != 0)
    {
      vigil_clock_timeout_remove (priv->clock, priv->reconnect_id);
      priv->reconnect_id = 0;
    }
}

static void
vigil_device_constructed (GObject *object)
{
  VigilDevice *self = VIGIL_DEVICE (object);
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  G_OBJECT_CLASS (vigil_device_parent_class)->constructed (object);

  if (priv->clock == NULL)
    priv->clock = vigil_clock_new (1.0);

  if (priv->spec == NULL)
    {
      g_critical ("VigilDevice created without a \"spec\"");
      priv->spec = vigil_device_spec_new ("", "", 0);
    }

  priv->parser = vigil_parser_new_for_protocol (priv->spec->protocol, &priv->parser_error);
  if (vigil_protocol_lookup (priv->spec->protocol) != NULL && !priv->quiet_time_set)
    priv->quiet_time_us = vigil_protocol_lookup (priv->spec->protocol)->quiet_time_us;
  if (priv->parser != NULL)
    {
      g_signal_connect (priv->parser, "observation", G_CALLBACK (on_parser_observation), self);
      g_signal_connect (priv->parser, "technical-event", G_CALLBACK (on_parser_event), self);
      g_signal_connect (priv->parser, "waveform", G_CALLBACK (on_parser_waveform), self);
      g_signal_connect (priv->parser, "transmit", G_CALLBACK (on_parser_transmit), self);
    }
}

static void
vigil_device_dispose (GObject *object)
{
  VigilDevice *self = VIGIL_DEVICE (object);
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  priv->started = FALSE;
  cancel_timers (self);
  drop_transport (self);

  if (priv->parser != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->parser, self);
      g_clear_object (&priv->parser);
    }
  g_clear_object (&priv->clock);

  G_OBJECT_CLASS (vigil_device_parent_class)->dispose (object);
}

static void
vigil_device_finalize (GObject *object)
{
  VigilDevice *self = VIGIL_DEVICE (object);
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_clear_pointer (&priv->spec, vigil_device_spec_free);
  g_clear_error (&priv->parser_error);

  G_OBJECT_CLASS (vigil_device_parent_class)->finalize (object);
}

static void
vigil_device_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilDevice *self = VIGIL_DEVICE (object);
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_boxed (value, priv->spec);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, priv->clock);
      break;

    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;

    case PROP_QUIET_TIME:
      g_value_set_int64 (value, priv->quiet_time_us);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_device_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VigilDevice *self = VIGIL_DEVICE (object);
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_clear_pointer (&priv->spec, vigil_device_spec_free);
      priv->spec = g_value_dup_boxed (value);
      break;

    case PROP_CLOCK:
      g_set_object (&priv->clock, g_value_get_object (value));
      break;

    case PROP_QUIET_TIME:
      vigil_device_set_quiet_time (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_device_class_init (VigilDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_device_constructed;
  object_class->dispose = vigil_device_dispose;
  object_class->finalize = vigil_device_finalize;
  object_class->get_property = vigil_device_get_property;
  object_class->set_property = vigil_device_set_property;

  properties[PROP_SPEC] =
    g_param_spec_boxed ("spec", NULL, NULL,
                        VIGIL_TYPE_DEVICE_SPEC,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* NULL at construction means the system's clock in real time. */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         VIGIL_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       VIGIL_TYPE_DEVICE_STATE, VIGIL_DEVICE_STATE_STOPPED,
                       G_PARAM_READABLE |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Defaults to the protocol's quiet time. */
  properties[PROP_QUIET_TIME] =
    g_param_spec_int64 ("quiet-time", NULL, NULL,
                        1, G_MAXINT64, VIGIL_DEVICE_DEFAULT_QUIET_TIME_US,
                        G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilDevice::observation:
   * @observation: (type VigilObservation): a decoded value, stamped with
   *   the arrival time from the device's clock
   */
  signals[SIGNAL_OBSERVATION] =
    g_signal_new ("observation",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VIGIL_TYPE_OBSERVATION | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilDevice::technical-event:
   * @event: (type VigilTechnicalEvent): the parser's events (sensor off,
   *   bad frames, …) and the device's own (connected, disconnected, stale,
   *   data resumed), stamped with the device's clock
   */
  signals[SIGNAL_TECHNICAL_EVENT] =
    g_signal_new ("technical-event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VIGIL_TYPE_TECHNICAL_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilDevice::waveform:
   * @sample: (type VigilWaveformSample): one pleth point, stamped with the
   *   device's clock
   */
  signals[SIGNAL_WAVEFORM] =
    g_signal_new ("waveform",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VIGIL_TYPE_WAVEFORM_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vigil_device_init (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  priv->state = VIGIL_DEVICE_STATE_STOPPED;
  priv->quiet_time_us = VIGIL_DEVICE_DEFAULT_QUIET_TIME_US;
  priv->backoff_ms = BACKOFF_FIRST_MS;
}

/**
 * vigil_device_new:
 * @spec: which protocol on which port
 * @clock: (nullable): the clock for arrival times and timers; %NULL for
 *   the system's clock
 *
 * Returns: (transfer full): a stopped device, or %NULL with @error set
 *   when the protocol is unknown
 */
VigilDevice *
vigil_device_new (const VigilDeviceSpec  *spec,
                  VigilClock             *clock,
                  GError                **error)
{
  g_autoptr(VigilDevice) self = NULL;
  VigilDevicePrivate *priv;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (clock == NULL || VIGIL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VIGIL_TYPE_DEVICE,
                       "spec", spec,
                       "clock", clock,
                       NULL);
  priv = vigil_device_get_instance_private (self);
  if (priv->parser_error != NULL)
    {
      g_propagate_error (error, g_error_copy (priv->parser_error));
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * vigil_device_start:
 *
 * Opens the port and starts watching it. When the port cannot be opened
 * yet (no cable, device off, pty not created yet), this returns %FALSE
 * with @error saying why, and the device STILL keeps trying in the
 * background (state CONNECTING) until the port opens or
 * vigil_device_stop() is called: show the error, keep the device.
 * Starting a started device does nothing and returns %TRUE.
 *
 * Returns: %TRUE when the port is open
 */
gboolean
vigil_device_start (VigilDevice  *self,
                    GError      **error)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (priv->parser == NULL)
    {
      if (priv->parser_error != NULL)
        g_propagate_error (error, g_error_copy (priv->parser_error));
      return FALSE;
    }
  if (priv->started)
    return TRUE;

  priv->started = TRUE;
  priv->backoff_ms = BACKOFF_FIRST_MS;
  set_state (self, VIGIL_DEVICE_STATE_CONNECTING);

  if (open_port (self, &local_error))
    return TRUE;

  if (priv->started && priv->transport == NULL)
    schedule_reconnect (self);

  g_set_error (error, local_error->domain, local_error->code,
               _("%s Vigil keeps trying to connect in the background."),
               local_error->message);
  return FALSE;
}

/**
 * vigil_device_stop:
 *
 * Closes the port and cancels the watchdog and any pending reconnect.
 * Emits no DISCONNECTED event: stopping is not a fault. Stopping a
 * stopped device does nothing.
 */
void
vigil_device_stop (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_DEVICE (self));

  priv->started = FALSE;
  cancel_timers (self);
  drop_transport (self);
  set_state (self, VIGIL_DEVICE_STATE_STOPPED);
}

const VigilDeviceSpec *
vigil_device_get_spec (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_DEVICE (self), NULL);
  return priv->spec;
}

/**
 * vigil_device_get_clock:
 *
 * Returns: (transfer none): the clock stamping this device's data
 */
VigilClock *
vigil_device_get_clock (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_DEVICE (self), NULL);
  return priv->clock;
}

VigilDeviceState
vigil_device_get_state (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_DEVICE (self), VIGIL_DEVICE_STATE_STOPPED);
  return priv->state;
}

const char *
vigil_device_state_to_string (VigilDeviceState state)
{
  switch (state)
    {
    case VIGIL_DEVICE_STATE_STOPPED:
      return "stopped";
    case VIGIL_DEVICE_STATE_CONNECTING:
      return "connecting";
    case VIGIL_DEVICE_STATE_CONNECTED:
      return "connected";
    case VIGIL_DEVICE_STATE_RECEIVING:
      return "receiving";
    case VIGIL_DEVICE_STATE_STALE:
      return "stale";
    default:
      return "unknown";
    }
}

gint64
vigil_device_get_quiet_time (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_DEVICE (self), 0);
  return priv->quiet_time_us;
}

/**
 * vigil_device_set_quiet_time:
 * @quiet_time_us: how long without a valid frame before STALE
 */
void
vigil_device_set_quiet_time (VigilDevice *self,
                             gint64       quiet_time_us)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_DEVICE (self));
  g_return_if_fail (quiet_time_us > 0);

  priv->quiet_time_set = TRUE;
  if (priv->quiet_time_us == quiet_time_us)
    return;
  priv->quiet_time_us = quiet_time_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUIET_TIME]);
}

/**
 * vigil_device_write:
 *
 * Sends a request to the device (for protocols that poll).
 *
 * Returns: %TRUE when queued; %FALSE with @error set when not connected
 */
gboolean
vigil_device_write (VigilDevice   *self,
                    const guint8  *data,
                    gsize          length,
                    GError       **error)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (priv->transport == NULL)
    {
      g_set_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_OPEN,
                   _("Cannot send to device %s on %s: it is not connected."),
                   priv->spec->protocol, priv->spec->path);
      return FALSE;
    }
  return vigil_transport_write (priv->transport, data, length, error);
}

/**
 * vigil_device_get_identity:
 *
 * Returns: (nullable): what the device says it is ("Masimo SN 0000093112"),
 *   once its frames have said so
 */
const char *
vigil_device_get_identity (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_DEVICE (self), NULL);
  return priv->parser != NULL ? vigil_parser_get_identity (priv->parser) : NULL;
}

/**
 * vigil_device_get_update_period:
 *
 * Returns: how often the protocol sends fresh numbers, in µs (5 s for the
 *   S/5's displayed values, 1 s for most others)
 */
gint64
vigil_device_get_update_period (VigilDevice *self)
{
  VigilDevicePrivate *priv = vigil_device_get_instance_private (self);
  const VigilProtocolInfo *info;

  g_return_val_if_fail (VIGIL_IS_DEVICE (self), G_USEC_PER_SEC);
  info = vigil_protocol_lookup (priv->spec->protocol);
  return info != NULL ? info->update_period_us : G_USEC_PER_SEC;
}
