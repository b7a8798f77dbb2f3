/* test-protocol-links.c — every device protocol end to end through a pty
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each protocol, a simulated device (VigilSimulator) on a real
 * pseudo-terminal and a VigilDevice on its link path, both on one manual
 * clock: the host side must ask before a polled device sends anything, a
 * pulled cable must be noticed and the request re-sent after the re-plug,
 * and a device gone quiet must raise link-lost within its quiet time.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <termios.h>
#include <unistd.h>

#include "devices-test-util.h"
#include "vigil-device.h"
#include "vigil-protocol.h"
#include "vigil-simulator.h"

#define WALL_START_US G_GINT64_CONSTANT (1700000000000000)
#define STEP_MS       50

typedef struct
{
  gint64              at_us;   /* clock monotonic */
  VigilObservation    observation;
} Seen;

typedef struct
{
  const char         *protocol;
  char               *dir;
  char               *link;
  VigilClock         *clock;
  VigilScenario      *scenario;
  VigilSimulator     *simulator;
  VigilDevice        *device;
  GArray             *observations;    /* Seen */
  GPtrArray          *events;          /* VigilTechnicalEvent*, stamped */
  gint64              start_us;        /* clock monotonic when the scenario started */
  guint               n_waveform;
} Link;

static void
on_observation (VigilDevice            *device,
                const VigilObservation *observation,
                Link                   *link)
{
  Seen seen = { observation->host_monotonic_us, *observation };

  g_array_append_val (link->observations, seen);
}

static void
on_event (VigilDevice               *device,
          const VigilTechnicalEvent *event,
          Link                      *link)
{
  g_test_message ("%s at %.2f s: %s", vigil_technical_kind_to_string (event->kind),
                  event->host_monotonic_us / 1e6, event->message);
  g_ptr_array_add (link->events, vigil_technical_event_copy (event));
}

static void
on_waveform (VigilDevice               *device,
             const VigilWaveformSample *sample,
             Link                      *link)
{
  g_assert_true (isnan (sample->value) || (sample->value >= 0.0 && sample->value <= 1.0));
  link->n_waveform++;
}

static void
link_init (Link       *link,
           const char *protocol,
           const char *scenario)
{
  g_autoptr(GError) error = NULL;

  link->protocol = protocol;
  link->dir = test_tmpdir_new ();
  link->link = g_build_filename (link->dir, protocol, NULL);
  link->clock = vigil_clock_new_manual (WALL_START_US);
  link->scenario = vigil_scenario_new (scenario, 7, &error);
  g_assert_no_error (error);
  link->simulator = vigil_simulator_new_for_protocol (link->scenario, link->clock, protocol, &error);
  g_assert_no_error (error);
  vigil_simulator_open_pty (link->simulator, link->link, &error);
  g_assert_no_error (error);
  link->observations = g_array_new (FALSE, FALSE, sizeof (Seen));
  link->events = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_technical_event_free);
  link->start_us = vigil_clock_get_monotonic (link->clock);
}

static void
link_start_device (Link *link)
{
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new (link->protocol, link->link, 0);
  g_autoptr(GError) error = NULL;

  link->device = vigil_device_new (spec, link->clock, &error);
  g_assert_no_error (error);
  g_signal_connect (link->device, "observation", G_CALLBACK (on_observation), link);
  g_signal_connect (link->device, "technical-event", G_CALLBACK (on_event), link);
  g_signal_connect (link->device, "waveform", G_CALLBACK (on_waveform), link);
  vigil_device_start (link->device, &error);
  g_assert_no_error (error);
}

static void
link_clear (Link *link)
{
  if (link->device != NULL)
    vigil_device_stop (link->device);
  g_clear_object (&link->device);
  if (link->simulator != NULL)
    {
      vigil_simulator_stop (link->simulator);
      vigil_simulator_close (link->simulator);
    }
  g_clear_object (&link->simulator);
  g_clear_object (&link->scenario);
  g_clear_object (&link->clock);
  g_clear_pointer (&link->observations, g_array_unref);
  g_clear_pointer (&link->events, g_ptr_array_unref);
  test_tmpdir_remove (link->dir);
  g_clear_pointer (&link->dir, g_free);
  g_clear_pointer (&link->link, g_free);
}

/* Lets the bytes in flight through the ptys: the kernel has them as soon
 * as write() returns, the main loop only needs to dispatch. */
static void
drain (void)
{
  for (int round = 0; round < 4; round++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (200);
    }
}

/* Runs the clock up to @until_ms of the scenario's time, in small steps. */
static void
run_to (Link   *link,
        gint64  until_ms)
{
  while (vigil_simulator_get_elapsed (link->simulator) < until_ms)
    {
      vigil_clock_advance (link->clock, STEP_MS * 1000);
      drain ();
    }
}

/* The clock's monotonic time at @elapsed_ms of the scenario. */
static gint64
scenario_us (Link   *link,
             gint64  elapsed_ms)
{
  return link->start_us + elapsed_ms * 1000;
}

static guint
count_present (Link           *link,
               VigilParameter  parameter,
               gint64          from_us,
               gint64          to_us)
{
  guint n = 0;

  for (guint i = 0; i < link->observations->len; i++)
    {
      Seen *seen = &g_array_index (link->observations, Seen, i);

      if (seen->observation.parameter == parameter
          && seen->at_us >= from_us && seen->at_us < to_us
          && vigil_observation_is_present (&seen->observation))
        n++;
    }
  return n;
}

static const VigilTechnicalEvent *
first_event (Link               *link,
             VigilTechnicalKind  kind,
             gint64              from_us)
{
  for (guint i = 0; i < link->events->len; i++)
    {
      const VigilTechnicalEvent *event = g_ptr_array_index (link->events, i);

      if (event->kind == kind && event->host_monotonic_us >= from_us)
        return event;
    }
  return NULL;
}

static gboolean
is_polled (const char *protocol)
{
  return g_str_equal (protocol, "datex") || g_str_equal (protocol, "intellivue");
}

/* What each family measures: a monitor has ECG HR and NIBP, an oximeter
 * the pulse rate. */
static VigilParameter
rate_parameter (const char *protocol)
{
  return is_polled (protocol) ? VIGIL_PARAMETER_HR : VIGIL_PARAMETER_PULSE_RATE;
}

/* A reader that never writes: a polled device must stay silent. */
static void
test_no_data_until_asked (gconstpointer data)
{
  const char *protocol = data;
  Link link = { 0 };
  struct termios tio;
  guint8 buffer[4096];
  gsize total = 0;
  int fd;

  link_init (&link, protocol, "normal");
  vigil_simulator_start (link.simulator);

  fd = open (link.link, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (tcgetattr (fd, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (fd, TCSANOW, &tio), ==, 0);

  for (int step = 0; step < 20000 / STEP_MS; step++)
    {
      ssize_t n;

      vigil_clock_advance (link.clock, STEP_MS * 1000);
      drain ();
      while ((n = read (fd, buffer, sizeof buffer)) > 0)
        total += (gsize) n;
    }
  close (fd);

  g_test_message ("%s: %zu bytes in 20 s without a request", protocol, total);
  if (is_polled (protocol))
    {
      g_assert_cmpuint (total, ==, 0);
      g_assert_false (vigil_sim_protocol_get_streaming (vigil_simulator_get_device_side (link.simulator)));
      g_assert_cmpuint (vigil_sim_protocol_get_requests (vigil_simulator_get_device_side (link.simulator)), ==, 0);
    }
  else
    g_assert_cmpuint (total, >, 0);

  link_clear (&link);
}

/* Normal data: the host side asks, numbers arrive and match the patient. */
static void
test_streams (gconstpointer data)
{
  const char *protocol = data;
  const VigilProtocolInfo *info = vigil_protocol_lookup (protocol);
  VigilSimProtocol *device_side;
  Link link = { 0 };
  guint n_spo2;
  guint n_rate;

  link_init (&link, protocol, "normal");
  vigil_simulator_start (link.simulator);
  link_start_device (&link);
  run_to (&link, 30 * 1000);

  device_side = vigil_simulator_get_device_side (link.simulator);
  n_spo2 = count_present (&link, VIGIL_PARAMETER_SPO2, 0, G_MAXINT64);
  n_rate = count_present (&link, rate_parameter (protocol), 0, G_MAXINT64);
  if (g_str_equal (protocol, "vigil"))
    n_rate = MIN (n_rate, count_present (&link, VIGIL_PARAMETER_HR, 0, G_MAXINT64));
  g_test_message ("%s: %u SpO2, %u rates, %u waveform samples in 30 s, %" G_GUINT64_FORMAT " requests",
                  protocol, n_spo2, n_rate, link.n_waveform,
                  vigil_sim_protocol_get_requests (device_side));

  g_assert_cmpint (vigil_device_get_state (link.device), ==, VIGIL_DEVICE_STATE_RECEIVING);
  g_assert_true (vigil_sim_protocol_get_streaming (device_side));
  if (is_polled (protocol) || g_str_equal (protocol, "nonin"))
    g_assert_cmpuint (vigil_sim_protocol_get_requests (device_side), >=, 1);

  /* At least one fresh number per update period after the first. */
  g_assert_cmpuint (n_spo2, >=, 25 * G_USEC_PER_SEC / info->update_period_us);
  g_assert_cmpuint (n_rate, >=, 25 * G_USEC_PER_SEC / info->update_period_us);
  for (guint i = 0; i < link.observations->len; i++)
    {
      Seen *seen = &g_array_index (link.observations, Seen, i);

      if (seen->observation.parameter == VIGIL_PARAMETER_SPO2
          && vigil_observation_is_present (&seen->observation))
        g_assert_cmpfloat_with_epsilon (seen->observation.value, 97.0, 4.0);
      if (seen->observation.parameter == rate_parameter (protocol)
          && vigil_observation_is_present (&seen->observation))
        g_assert_cmpfloat_with_epsilon (seen->observation.value, 80.0, 30.0);
    }

  /* The monitors measure the cuff at 0:00. */
  if (is_polled (protocol))
    g_assert_cmpuint (count_present (&link, VIGIL_PARAMETER_NIBP, 0, G_MAXINT64), >=, 1);
  if (info->has_waveform)
    g_assert_cmpuint (link.n_waveform, >=, 20 * 75);

  g_assert_null (first_event (&link, VIGIL_TECHNICAL_STALE, 0));
  g_assert_null (first_event (&link, VIGIL_TECHNICAL_FRAME_ERROR, 0));

  link_clear (&link);
}

/* The cable is out from 2:00 to 2:30: the host notices, reconnects by
 * itself when it is back, and asks again. */
static void
test_cable_pull (gconstpointer data)
{
  const char *protocol = data;
  VigilSimProtocol *device_side;
  const VigilTechnicalEvent *event;
  guint64 requests_before;
  Link link = { 0 };

  link_init (&link, protocol, "cable-pulled");
  vigil_simulator_start (link.simulator);
  link_start_device (&link);
  device_side = vigil_simulator_get_device_side (link.simulator);

  run_to (&link, 115 * 1000);
  g_assert_cmpint (vigil_device_get_state (link.device), ==, VIGIL_DEVICE_STATE_RECEIVING);
  requests_before = vigil_sim_protocol_get_requests (device_side);

  run_to (&link, 125 * 1000);
  event = first_event (&link, VIGIL_TECHNICAL_DISCONNECTED, scenario_us (&link, 119 * 1000));
  g_assert_nonnull (event);
  g_assert_cmpint (event->host_monotonic_us, <=, scenario_us (&link, 121 * 1000));
  g_assert_cmpuint (count_present (&link, VIGIL_PARAMETER_SPO2, scenario_us (&link, 121 * 1000),
                                   scenario_us (&link, 150 * 1000)), ==, 0);

  run_to (&link, 165 * 1000);
  g_assert_cmpint (vigil_device_get_state (link.device), ==, VIGIL_DEVICE_STATE_RECEIVING);
  g_assert_cmpuint (count_present (&link, VIGIL_PARAMETER_SPO2, scenario_us (&link, 150 * 1000),
                                   G_MAXINT64), >, 0);
  if (is_polled (protocol) || g_str_equal (protocol, "nonin"))
    g_assert_cmpuint (vigil_sim_protocol_get_requests (device_side), >, requests_before);

  link_clear (&link);
}

/* The device goes quiet at 2:00 with the port open: link lost within its
 * quiet time, data again after 2:20. */
static void
test_link_lost (gconstpointer data)
{
  const char *protocol = data;
  const VigilProtocolInfo *info = vigil_protocol_lookup (protocol);
  const VigilTechnicalEvent *stale;
  const VigilTechnicalEvent *resumed;
  Link link = { 0 };

  link_init (&link, protocol, "silent");
  vigil_simulator_start (link.simulator);
  link_start_device (&link);

  run_to (&link, 119 * 1000);
  g_assert_cmpint (vigil_device_get_state (link.device), ==, VIGIL_DEVICE_STATE_RECEIVING);
  g_assert_null (first_event (&link, VIGIL_TECHNICAL_STALE, 0));

  run_to (&link, 150 * 1000);
  stale = first_event (&link, VIGIL_TECHNICAL_STALE, 0);
  g_assert_nonnull (stale);
  g_test_message ("%s: link lost %.2f s after the device went quiet (quiet time %.0f s)",
                  protocol, (stale->host_monotonic_us - scenario_us (&link, 120 * 1000)) / 1e6,
                  info->quiet_time_us / 1e6);
  /* The last frame came up to one update period before 2:00. */
  g_assert_cmpint (stale->host_monotonic_us, <=,
                   scenario_us (&link, 120 * 1000) + info->quiet_time_us + 500 * 1000);
  g_assert_cmpint (stale->host_monotonic_us, >=,
                   scenario_us (&link, 120 * 1000) - info->update_period_us + info->quiet_time_us - 500 * 1000);

  resumed = first_event (&link, VIGIL_TECHNICAL_DATA_RESUMED, stale->host_monotonic_us);
  g_assert_nonnull (resumed);
  g_assert_cmpint (resumed->host_monotonic_us, >=, scenario_us (&link, 140 * 1000));
  g_assert_cmpint (vigil_device_get_state (link.device), ==, VIGIL_DEVICE_STATE_RECEIVING);

  link_clear (&link);
}

int
main (int    argc,
      char **argv)
{
  static const char * const protocols[] = { "vigil", "datex", "masimo", "nonin", "intellivue" };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      g_autofree char *quiet = g_strdup_printf ("/vigil/protocol-links/%s/no-data-until-asked", protocols[i]);
      g_autofree char *streams = g_strdup_printf ("/vigil/protocol-links/%s/streams", protocols[i]);
      g_autofree char *cable = g_strdup_printf ("/vigil/protocol-links/%s/cable-pull", protocols[i]);
      g_autofree char *lost = g_strdup_printf ("/vigil/protocol-links/%s/link-lost", protocols[i]);

      g_test_add_data_func (quiet, protocols[i], test_no_data_until_asked);
      g_test_add_data_func (streams, protocols[i], test_streams);
      g_test_add_data_func (cable, protocols[i], test_cable_pull);
      g_test_add_data_func (lost, protocols[i], test_link_lost);
    }

  return g_test_run ();
}
