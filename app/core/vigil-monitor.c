/* vigil-monitor.c — devices in, latest values and trends out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The monitor is where observations fan out: each device's observations
 * become the latest value per parameter (for the tiles) and a trend sample
 * (for the chart). It also decides how far a shown value can be trusted:
 * a number that stopped updating must never look live.
 */
#include "vigil-monitor.h"

#include <math.h>

#include <glib/gstdio.h>

#include "vigil-scenario.h"
#include "vigil-simulator.h"
#include "vigil-waveform-sample.h"

#define DEFAULT_STALE_AFTER_US   (5 * G_USEC_PER_SEC)
#define DEFAULT_ABSENT_AFTER_US  (30 * G_USEC_PER_SEC)
#define NIBP_ABSENT_AFTER_US     ((gint64) 60 * 60 * G_USEC_PER_SEC)

typedef struct
{
  VigilObservation  observation;
  VigilDevice      *device;       /* the device that sent it (not owned) */
  gboolean          seen;
} LatestValue;

struct _VigilMonitor
{
  GObject          parent_instance;

  VigilClock      *clock;
  VigilTrendSet   *trends;
  VigilAlarmEngine *alarms;
  GPtrArray       *devices;
  VigilSimulator  *simulator;
  char            *demo_dir;
  char            *scenario;
  gint64           start_time_us;
  gint64           stale_after_us;
  gint64           absent_after_us;
  gboolean         ecg_hr_seen;   /* some device sends an ECG heart rate */
  LatestValue      latest[VIGIL_N_PARAMETERS];
};

G_DEFINE_FINAL_TYPE (VigilMonitor, vigil_monitor, G_TYPE_OBJECT)

enum {
  SIGNAL_OBSERVATION,
  SIGNAL_TECHNICAL_EVENT,
  SIGNAL_DEVICES_CHANGED,
  SIGNAL_WAVEFORM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vigil_monitor_dispose (GObject *object)
{
  VigilMonitor *self = VIGIL_MONITOR (object);

  vigil_monitor_stop (self);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_object (&self->simulator);
  if (self->demo_dir != NULL)
    {
      /* The simulator's link, whoever still holds the simulator. */
      g_autofree char *link_path = g_build_filename (self->demo_dir, "monitor", NULL);

      g_unlink (link_path);
      g_rmdir (self->demo_dir);
    }
  g_clear_pointer (&self->demo_dir, g_free);
  g_clear_object (&self->trends);
  g_clear_object (&self->alarms);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vigil_monitor_parent_class)->dispose (object);
}

static void
vigil_monitor_finalize (GObject *object)
{
  VigilMonitor *self = VIGIL_MONITOR (object);

  g_free (self->scenario);

  G_OBJECT_CLASS (vigil_monitor_parent_class)->finalize (object);
}

static void
vigil_monitor_class_init (VigilMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_monitor_dispose;
  object_class->finalize = vigil_monitor_finalize;

  signals[SIGNAL_OBSERVATION] =
    g_signal_new ("observation",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VIGIL_TYPE_OBSERVATION | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_TECHNICAL_EVENT] =
    g_signal_new ("technical-event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  VIGIL_TYPE_DEVICE,
                  VIGIL_TYPE_TECHNICAL_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_DEVICES_CHANGED] =
    g_signal_new ("devices-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * VigilMonitor::waveform:
   * @device: the device that sent it
   * @sample: (type VigilWaveformSample): one pleth point
   *
   * Waveforms are for drawing only: not trended, not alarmed on, not stored.
   */
  signals[SIGNAL_WAVEFORM] =
    g_signal_new ("waveform",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  VIGIL_TYPE_DEVICE,
                  VIGIL_TYPE_WAVEFORM_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vigil_monitor_init (VigilMonitor *self)
{
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
  self->trends = vigil_trend_set_new (VIGIL_TREND_STORE_DEFAULT_CAPACITY);
  self->stale_after_us = DEFAULT_STALE_AFTER_US;
  self->absent_after_us = DEFAULT_ABSENT_AFTER_US;
}

/**
 * vigil_monitor_new:
 * @clock: the clock every device, timer and trend of this bedside uses
 *
 * Returns: (transfer full): a monitor with no devices yet
 */
VigilMonitor *
vigil_monitor_new (VigilClock *clock)
{
  VigilMonitor *self;
  g_autoptr(VigilAlarmLimits) limits = NULL;

  g_return_val_if_fail (VIGIL_IS_CLOCK (clock), NULL);

  self = g_object_new (VIGIL_TYPE_MONITOR, NULL);
  self->clock = g_object_ref (clock);
  self->start_time_us = vigil_clock_get_wall (clock);

  /* This bedside's limits start as the factory defaults; the app seeds them
   * from the clinic's configuration before the first observation. */
  limits = vigil_alarm_limits_new_default ();
  self->alarms = vigil_alarm_engine_new (limits, clock);
  return self;
}

VigilClock *
vigil_monitor_get_clock (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), NULL);
  return self->clock;
}

VigilTrendSet *
vigil_monitor_get_trends (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), NULL);
  return self->trends;
}

VigilAlarmEngine *
vigil_monitor_get_alarms (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), NULL);
  return self->alarms;
}

static void
take_observation (VigilMonitor           *self,
                  VigilDevice            *device,
                  const VigilObservation *observation)
{
  LatestValue *latest = &self->latest[observation->parameter];

  /* A failed or absent NIBP attempt does not erase the last good reading:
   * the reading keeps its age, and the failure is a technical event. */
  if (observation->parameter != VIGIL_PARAMETER_NIBP
      || vigil_observation_is_present (observation)
      || !latest->seen)
    {
      latest->observation = *observation;
      latest->device = device;
      latest->seen = TRUE;
    }

  vigil_trend_set_push (self->trends, observation);
  vigil_alarm_engine_observe (self->alarms, observation);
  g_signal_emit (self, signals[SIGNAL_OBSERVATION], 0, observation);
}

static void
on_device_observation (VigilDevice            *device,
                       const VigilObservation *observation,
                       VigilMonitor           *self)
{
  if (observation->parameter == VIGIL_PARAMETER_HR)
    self->ecg_hr_seen = TRUE;

  /* A cuff reading the device already held when it sent it (the S/5's
   * last NIBP after Vigil connects) is dated when it was measured, on the
   * host's clock: its age shows, and it lands on the chart where it
   * belongs rather than now. */
  if (observation->parameter == VIGIL_PARAMETER_NIBP && observation->age_us > 0)
    {
      VigilObservation measured = *observation;
      gint64 age_us = MIN (observation->age_us, NIBP_ABSENT_AFTER_US);

      measured.host_wall_us -= age_us;
      measured.host_monotonic_us -= age_us;
      take_observation (self, device, &measured);
      return;
    }

  take_observation (self, device, observation);

  /* With an oximeter alone (a Masimo, a Nonin) the pulse rate is the only
   * heart rate there is: it takes the HR tile, trend and alarms, as a
   * monitor switches its HR source to the pleth. As soon as any device
   * sends an ECG heart rate, that is the HR again. */
  if (observation->parameter == VIGIL_PARAMETER_PULSE_RATE && !self->ecg_hr_seen)
    {
      VigilObservation as_hr = *observation;

      as_hr.parameter = VIGIL_PARAMETER_HR;
      as_hr.perfusion_index = NAN;
      take_observation (self, device, &as_hr);
    }
}

static void
on_device_technical_event (VigilDevice               *device,
                           const VigilTechnicalEvent *event,
                           VigilMonitor              *self)
{
  /* Leave a trace in the journal for whoever services the bedside; frame
   * errors are counted by the parser rather than logged one by one. */
  if (event->kind != VIGIL_TECHNICAL_FRAME_ERROR && event->message != NULL)
    g_message ("%s", event->message);

  vigil_alarm_engine_technical (self->alarms, event);
  g_signal_emit (self, signals[SIGNAL_TECHNICAL_EVENT], 0, device, event);
}

static void
on_device_waveform (VigilDevice               *device,
                    const VigilWaveformSample *sample,
                    VigilMonitor              *self)
{
  g_signal_emit (self, signals[SIGNAL_WAVEFORM], 0, device, sample);
}

static void
on_device_state_changed (VigilDevice  *device,
                         GParamSpec   *pspec,
                         VigilMonitor *self)
{
  g_signal_emit (self, signals[SIGNAL_DEVICES_CHANGED], 0);
}

/**
 * vigil_monitor_add_device:
 *
 * Adds and starts a device. A port that cannot be opened yet is not an
 * error here: the device keeps retrying and shows as connecting, as a
 * monitor whose cable is not yet plugged in would. Only a spec that can
 * never work (an unknown protocol) fails.
 */
gboolean
vigil_monitor_add_device (VigilMonitor           *self,
                          const VigilDeviceSpec  *spec,
                          GError                **error)
{
  g_autoptr(VigilDevice) device = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_MONITOR (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  device = vigil_device_new (spec, self->clock, error);
  if (device == NULL)
    return FALSE;

  g_signal_connect_object (device, "observation",
                           G_CALLBACK (on_device_observation), self, 0);
  g_signal_connect_object (device, "technical-event",
                           G_CALLBACK (on_device_technical_event), self, 0);
  g_signal_connect_object (device, "waveform",
                           G_CALLBACK (on_device_waveform), self, 0);
  g_signal_connect_object (device, "notify::state",
                           G_CALLBACK (on_device_state_changed), self, 0);
  g_ptr_array_add (self->devices, g_object_ref (device));

  if (!vigil_device_start (device, &local_error))
    g_message ("%s", local_error->message);

  g_signal_emit (self, signals[SIGNAL_DEVICES_CHANGED], 0);
  return TRUE;
}

/**
 * vigil_monitor_start_demo:
 * @scenario: a scenario name, see vigil_scenario_list()
 * @seed: the simulator's random seed
 *
 * Starts a simulator that writes real protocol bytes into a pseudo-terminal
 * and adds a device on it: demo mode takes exactly the path a real device
 * takes.
 */
gboolean
vigil_monitor_start_demo (VigilMonitor  *self,
                          const char    *scenario,
                          guint32        seed,
                          GError       **error)
{
  return vigil_monitor_start_demo_device (self, "vigil", scenario, seed, error);
}

/**
 * vigil_monitor_start_demo_device:
 * @protocol: which device family to simulate: vigil, datex, masimo, nonin
 *   or intellivue
 *
 * As vigil_monitor_start_demo(), with a simulated device of that family
 * speaking its own protocol (and waiting for Vigil's requests, as the real
 * one does).
 */
gboolean
vigil_monitor_start_demo_device (VigilMonitor  *self,
                                 const char    *protocol,
                                 const char    *scenario,
                                 guint32        seed,
                                 GError       **error)
{
  g_autoptr(VigilScenario) model = NULL;
  g_autoptr(VigilSimulator) simulator = NULL;
  g_autoptr(VigilDeviceSpec) spec = NULL;
  g_autofree char *link_path = NULL;

  g_return_val_if_fail (VIGIL_IS_MONITOR (self), FALSE);
  g_return_val_if_fail (protocol != NULL, FALSE);
  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (self->simulator == NULL, FALSE);

  model = vigil_scenario_new (scenario, seed, error);
  if (model == NULL)
    return FALSE;

  self->demo_dir = g_dir_make_tmp ("vigil-demo-XXXXXX", error);
  if (self->demo_dir == NULL)
    return FALSE;
  link_path = g_build_filename (self->demo_dir, "monitor", NULL);

  simulator = vigil_simulator_new_for_protocol (model, self->clock, protocol, error);
  if (simulator == NULL || !vigil_simulator_open_pty (simulator, link_path, error))
    return FALSE;

  spec = vigil_device_spec_new (protocol, vigil_simulator_get_path (simulator), 0);
  if (!vigil_monitor_add_device (self, spec, error))
    return FALSE;

  /* An accelerated demo clock turns a few milliseconds of main-loop work
   * (drawing a frame) into simulated seconds the simulator could not send.
   * Its link watchdog then waits at least one real second, so that training
   * screens do not flicker with link-lost alarms a real device would never
   * raise. At real speed this is the device's usual quiet time. */
  {
    double speed = vigil_clock_get_speed (self->clock);
    VigilDevice *device = g_ptr_array_index (self->devices, self->devices->len - 1);

    if (speed > 1.0)
      {
        vigil_device_set_quiet_time (device, MAX (vigil_device_get_quiet_time (device),
                                                  (gint64) (G_USEC_PER_SEC * speed)));
        /* Likewise the greying and blanking of the numbers. */
        self->stale_after_us = MAX (self->stale_after_us, (gint64) (G_USEC_PER_SEC / 2 * speed));
        self->absent_after_us = MAX (self->absent_after_us, (gint64) (3 * G_USEC_PER_SEC * speed));
      }
  }

  vigil_simulator_start (simulator);
  self->simulator = g_steal_pointer (&simulator);
  self->scenario = g_strdup (scenario);
  return TRUE;
}

gboolean
vigil_monitor_is_simulated (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), FALSE);
  return self->simulator != NULL;
}

const char *
vigil_monitor_get_scenario (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), NULL);
  return self->scenario;
}

guint
vigil_monitor_get_n_devices (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), 0);
  return self->devices->len;
}

VigilDevice *
vigil_monitor_get_device (VigilMonitor *self,
                          guint         index)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), NULL);
  g_return_val_if_fail (index < self->devices->len, NULL);
  return g_ptr_array_index (self->devices, index);
}

gint64
vigil_monitor_get_start_time (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), 0);
  return self->start_time_us;
}

/**
 * vigil_monitor_get_latest:
 *
 * Returns: (nullable): the last observation of @parameter, present or not,
 *   or %NULL if none ever arrived
 */
const VigilObservation *
vigil_monitor_get_latest (VigilMonitor   *self,
                          VigilParameter  parameter)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), NULL);
  g_return_val_if_fail (parameter < VIGIL_N_PARAMETERS, NULL);

  if (!self->latest[parameter].seen)
    return NULL;
  return &self->latest[parameter].observation;
}

/**
 * vigil_monitor_get_data_state:
 *
 * Continuous parameters are live while values keep coming from a receiving
 * device, stale (greyed) once the last one is older than stale-after, and
 * absent (---) after absent-after or as soon as the device says the value
 * is gone. An NIBP reading is episodic: it stays shown with its age while
 * its device is receiving, greyed when the device is not, and absent after
 * an hour.
 */
VigilDataState
vigil_monitor_get_data_state (VigilMonitor   *self,
                              VigilParameter  parameter)
{
  LatestValue *latest;
  gint64 age;
  gboolean receiving;

  g_return_val_if_fail (VIGIL_IS_MONITOR (self), VIGIL_DATA_STATE_ABSENT);
  g_return_val_if_fail (parameter < VIGIL_N_PARAMETERS, VIGIL_DATA_STATE_ABSENT);

  latest = &self->latest[parameter];
  if (!latest->seen || !vigil_observation_is_present (&latest->observation))
    return VIGIL_DATA_STATE_ABSENT;

  age = vigil_clock_get_monotonic (self->clock) - latest->observation.host_monotonic_us;
  receiving = latest->device != NULL
              && vigil_device_get_state (latest->device) == VIGIL_DEVICE_STATE_RECEIVING;

  if (parameter == VIGIL_PARAMETER_NIBP)
    {
      if (age > NIBP_ABSENT_AFTER_US)
        return VIGIL_DATA_STATE_ABSENT;
      return receiving ? VIGIL_DATA_STATE_LIVE : VIGIL_DATA_STATE_STALE;
    }

  if (age > self->absent_after_us)
    return VIGIL_DATA_STATE_ABSENT;
  /* A device that sends every 5 s (the S/5) has 5 s old numbers that are
   * still its latest. */
  if (!receiving
      || age > self->stale_after_us + MAX (0, vigil_device_get_update_period (latest->device) - G_USEC_PER_SEC))
    return VIGIL_DATA_STATE_STALE;
  return VIGIL_DATA_STATE_LIVE;
}

gint64
vigil_monitor_get_stale_after (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), 0);
  return self->stale_after_us;
}

void
vigil_monitor_set_stale_after (VigilMonitor *self,
                               gint64        age_us)
{
  g_return_if_fail (VIGIL_IS_MONITOR (self));
  g_return_if_fail (age_us > 0);
  self->stale_after_us = age_us;
}

gint64
vigil_monitor_get_absent_after (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), 0);
  return self->absent_after_us;
}

void
vigil_monitor_set_absent_after (VigilMonitor *self,
                                gint64        age_us)
{
  g_return_if_fail (VIGIL_IS_MONITOR (self));
  g_return_if_fail (age_us > 0);
  self->absent_after_us = age_us;
}

/**
 * vigil_monitor_heart_rate_is_pulse_rate:
 *
 * Returns: %TRUE when the heart rate comes from an oximeter's pulse rate,
 *   because no device sends an ECG heart rate
 */
gboolean
vigil_monitor_heart_rate_is_pulse_rate (VigilMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), FALSE);
  return !self->ecg_hr_seen && self->latest[VIGIL_PARAMETER_PULSE_RATE].seen;
}

/**
 * vigil_monitor_remove_devices:
 *
 * Stops and forgets every real device, for a new set from the setup page.
 * Their last values stay in the table but are no longer anyone's: they
 * grey out and then go blank, as a pulled cable's would. The simulator is
 * not touched: demo mode never mixes with real devices.
 */
void
vigil_monitor_remove_devices (VigilMonitor *self)
{
  g_return_if_fail (VIGIL_IS_MONITOR (self));

  if (self->simulator != NULL)
    return;

  for (guint p = 0; p < VIGIL_N_PARAMETERS; p++)
    self->latest[p].device = NULL;
  for (guint i = 0; i < self->devices->len; i++)
    {
      VigilDevice *device = g_ptr_array_index (self->devices, i);

      g_signal_handlers_disconnect_by_data (device, self);
      vigil_device_stop (device);
    }
  g_ptr_array_set_size (self->devices, 0);
  self->ecg_hr_seen = FALSE;
  g_signal_emit (self, signals[SIGNAL_DEVICES_CHANGED], 0);
}

/* Stops the simulator and every device; idempotent. */
void
vigil_monitor_stop (VigilMonitor *self)
{
  g_return_if_fail (VIGIL_IS_MONITOR (self));

  if (self->simulator != NULL)
    vigil_simulator_stop (self->simulator);
  if (self->devices != NULL)
    for (guint i = 0; i < self->devices->len; i++)
      vigil_device_stop (g_ptr_array_index (self->devices, i));
}
