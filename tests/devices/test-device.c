/* test-device.c — VigilDevice through real pseudo-terminals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real clock where the point is real time (a hang-up noticed within 2 s, a
 * new pty found by itself); a manual clock where the point is the watchdog
 * and the backoff, so a 10 s quiet time takes no time at all.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "devices-test-util.h"
#include "vigil-device.h"
#include "vigil-parser.h"
#include "vigil-pty.h"
#include "vigil-transport.h"

#define MANUAL_WALL_START_US G_GINT64_CONSTANT (1700000000000000)

/* ── what a device emitted ─────────────────────────────────────────────── */

typedef struct
{
  GArray    *observations;  /* VigilObservation */
  GPtrArray *events;        /* VigilTechnicalEvent */
  GArray    *event_after;   /* guint: observations received before each event */
  GArray    *states;        /* VigilDeviceState, from notify::state */
} Collector;

static void
on_observation (VigilDevice            *device,
                const VigilObservation *observation,
                Collector              *col)
{
  g_array_append_val (col->observations, *observation);
}

static void
on_event (VigilDevice               *device,
          const VigilTechnicalEvent *event,
          Collector                 *col)
{
  guint before = col->observations->len;

  g_test_message ("event %s: %s", vigil_technical_kind_to_string (event->kind), event->message);
  g_ptr_array_add (col->events, vigil_technical_event_copy (event));
  g_array_append_val (col->event_after, before);
}

static void
on_state (VigilDevice *device,
          GParamSpec  *pspec,
          Collector   *col)
{
  VigilDeviceState state = vigil_device_get_state (device);

  g_array_append_val (col->states, state);
}

static void
collector_init (Collector   *col,
                VigilDevice *device)
{
  col->observations = g_array_new (FALSE, TRUE, sizeof (VigilObservation));
  col->events = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_technical_event_free);
  col->event_after = g_array_new (FALSE, TRUE, sizeof (guint));
  col->states = g_array_new (FALSE, TRUE, sizeof (VigilDeviceState));
  g_signal_connect (device, "observation", G_CALLBACK (on_observation), col);
  g_signal_connect (device, "technical-event", G_CALLBACK (on_event), col);
  g_signal_connect (device, "notify::state", G_CALLBACK (on_state), col);
}

static void
collector_clear (Collector *col)
{
  g_clear_pointer (&col->observations, g_array_unref);
  g_clear_pointer (&col->events, g_ptr_array_unref);
  g_clear_pointer (&col->event_after, g_array_unref);
  g_clear_pointer (&col->states, g_array_unref);
}

static guint
count_events (Collector          *col,
              VigilTechnicalKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < col->events->len; i++)
    if (((VigilTechnicalEvent *) g_ptr_array_index (col->events, i))->kind == kind)
      n++;
  return n;
}

/* The index of the last event of @kind, or -1. */
static int
last_event (Collector          *col,
            VigilTechnicalKind  kind)
{
  for (guint i = col->events->len; i > 0; i--)
    if (((VigilTechnicalEvent *) g_ptr_array_index (col->events, i - 1))->kind == kind)
      return (int) i - 1;
  return -1;
}

static VigilTechnicalEvent *
event_at (Collector *col,
          int        index)
{
  g_assert_cmpint (index, >=, 0);
  return g_ptr_array_index (col->events, index);
}

static guint
count_observations (Collector      *col,
                    VigilParameter  parameter)
{
  guint n = 0;

  for (guint i = 0; i < col->observations->len; i++)
    if (g_array_index (col->observations, VigilObservation, i).parameter == parameter)
      n++;
  return n;
}

typedef struct
{
  Collector          *col;
  VigilTechnicalKind  kind;
  guint               count;
} WaitEvent;

static gboolean
has_events (gpointer data)
{
  WaitEvent *wait = data;

  return count_events (wait->col, wait->kind) >= wait->count;
}

static gboolean
wait_event (Collector          *col,
            VigilTechnicalKind  kind,
            guint               count,
            guint               timeout_ms)
{
  WaitEvent wait = { col, kind, count };

  return test_run_until (has_events, &wait, timeout_ms);
}

typedef struct
{
  Collector      *col;
  VigilParameter  parameter;
  guint           count;
} WaitObservation;

static gboolean
has_observations (gpointer data)
{
  WaitObservation *wait = data;

  return count_observations (wait->col, wait->parameter) >= wait->count;
}

static gboolean
wait_heart_rates (Collector *col,
                  guint      count,
                  guint      timeout_ms)
{
  WaitObservation wait = { col, VIGIL_PARAMETER_HR, count };

  return test_run_until (has_observations, &wait, timeout_ms);
}

static void
write_line (VigilPty *pty,
            gint64    device_time_ms,
            int       heart_rate)
{
  g_autofree char *line = test_make_line (device_time_ms, heart_rate);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_pty_write_all (pty, line, strlen (line), &error));
  g_assert_no_error (error);
}

static void
write_text (VigilPty   *pty,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_pty_write_all (pty, text, strlen (text), &error));
  g_assert_no_error (error);
}

static const VigilObservation *
last_heart_rate (Collector *col)
{
  for (guint i = col->observations->len; i > 0; i--)
    {
      const VigilObservation *obs = &g_array_index (col->observations, VigilObservation, i - 1);

      if (obs->parameter == VIGIL_PARAMETER_HR)
        return obs;
    }
  g_assert_not_reached ();
  return NULL;
}

/* ── a device through a pty on the real clock ──────────────────────────── */

static void
test_pty_real_clock (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("vigil", link, 0);
  g_autoptr(VigilDevice) device = NULL;
  g_autofree char *expected = NULL;
  const VigilObservation *obs;
  Collector col;
  gint64 before_wall, after_wall, before_mono, after_mono;
  gint64 hung_up_at, disconnected_in;
  static const VigilDeviceState expected_states[] = {
    VIGIL_DEVICE_STATE_CONNECTING, VIGIL_DEVICE_STATE_CONNECTED, VIGIL_DEVICE_STATE_RECEIVING,
    VIGIL_DEVICE_STATE_CONNECTING, VIGIL_DEVICE_STATE_CONNECTED, VIGIL_DEVICE_STATE_RECEIVING,
  };

  g_assert_no_error (error);
  device = vigil_device_new (spec, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vigil_device_get_clock (device));
  g_assert_false (vigil_clock_is_manual (vigil_device_get_clock (device)));
  g_assert_true (vigil_device_spec_equal (vigil_device_get_spec (device), spec));
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_STOPPED);
  g_assert_cmpint (vigil_device_get_quiet_time (device), ==, VIGIL_DEVICE_DEFAULT_QUIET_TIME_US);
  collector_init (&col, device);

  g_assert_true (vigil_device_start (device, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_CONNECTED);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 1);
  expected = g_strdup_printf ("Device vigil on %s connected.", link);
  g_assert_cmpstr (event_at (&col, 0)->message, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* Lines become observations, stamped on arrival with the device's clock. */
  before_wall = g_get_real_time ();
  before_mono = g_get_monotonic_time ();
  write_line (pty, 1700000000000, 72);
  write_line (pty, 1700000001000, 75);
  g_assert_true (wait_heart_rates (&col, 2, 2000));
  after_wall = g_get_real_time ();
  after_mono = g_get_monotonic_time ();

  g_assert_cmpuint (count_observations (&col, VIGIL_PARAMETER_SPO2), ==, 2);
  g_assert_cmpuint (count_observations (&col, VIGIL_PARAMETER_NIBP), ==, 2);
  for (guint i = 0; i < col.observations->len; i++)
    {
      obs = &g_array_index (col.observations, VigilObservation, i);
      g_assert_cmpint (obs->host_wall_us, >=, before_wall);
      g_assert_cmpint (obs->host_wall_us, <=, after_wall);
      g_assert_cmpint (obs->host_monotonic_us, >=, before_mono);
      g_assert_cmpint (obs->host_monotonic_us, <=, after_mono);
    }
  obs = last_heart_rate (&col);
  g_assert_cmpfloat (obs->value, ==, 75.0);
  g_assert_cmpint (obs->device_time_us, ==, G_GINT64_CONSTANT (1700000001000000));
  g_assert_true (vigil_observation_is_present (obs));
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_RECEIVING);

  /* Pull the cable in the middle of a line: DISCONNECTED within 2 s, with
   * what to do. */
  write_text (pty, "$VGL,T=1700000001500,HR=7");
  test_run_for (200);
  hung_up_at = g_get_monotonic_time ();
  vigil_pty_hang_up (pty);
  g_assert_true (wait_event (&col, VIGIL_TECHNICAL_DISCONNECTED, 1, 5000));
  disconnected_in = event_at (&col, last_event (&col, VIGIL_TECHNICAL_DISCONNECTED))->host_monotonic_us - hung_up_at;
  g_test_message ("DISCONNECTED %.1f ms after the hang-up", disconnected_in / 1000.0);
  g_assert_cmpint (disconnected_in, <, 2 * G_USEC_PER_SEC);
  expected = g_strdup_printf ("Device vigil on %s disconnected: cable unplugged or device "
                              "switched off. Check the cable and that the device is switched "
                              "on; Vigil reconnects by itself.", link);
  g_assert_cmpstr (event_at (&col, last_event (&col, VIGIL_TECHNICAL_DISCONNECTED))->message, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_CONNECTING);

  /* The kernel hands a freed pty number to the next pty anyone opens, so a
   * pulled cable takes its link with it: no dangling link to follow. */
  g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK));

  /* Nothing at the path for a while: the device keeps trying, quietly. */
  test_run_for (600);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 1);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_DISCONNECTED), ==, 1);

  /* Plug it in again (a new pty behind the same link): found by itself. */
  g_assert_true (vigil_pty_reopen (pty, &error));
  g_assert_no_error (error);
  g_assert_true (wait_event (&col, VIGIL_TECHNICAL_CONNECTED, 2, 5000));
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_CONNECTED);

  write_line (pty, 1700000002000, 80);
  g_assert_true (wait_heart_rates (&col, 3, 2000));
  g_assert_cmpfloat (last_heart_rate (&col)->value, ==, 80.0);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_RECEIVING);

  g_assert_cmpuint (col.states->len, ==, G_N_ELEMENTS (expected_states));
  for (guint i = 0; i < G_N_ELEMENTS (expected_states); i++)
    g_assert_cmpint (g_array_index (col.states, VigilDeviceState, i), ==, expected_states[i]);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 0);
  /* The half line from before the hang-up was dropped on reconnect, not
   * glued to the new line (which would be reported as a broken frame). */
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_FRAME_ERROR), ==, 0);

  vigil_device_stop (device);
  g_assert_finalize_object (g_steal_pointer (&device));
  collector_clear (&col);
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

/* ── the watchdog on a manual clock ────────────────────────────────────── */

static void
test_stale_manual_clock (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (MANUAL_WALL_START_US);
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("vigil", link, 115200);
  g_autoptr(VigilDevice) device = NULL;
  g_autofree char *expected = NULL;
  gint64 t0 = vigil_clock_get_monotonic (clock);
  const VigilObservation *obs;
  VigilTechnicalEvent *event;
  guint hr_before;
  int resumed;
  Collector col;

  g_assert_no_error (error);
  device = vigil_device_new (spec, clock, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_device_get_clock (device) == clock);
  collector_init (&col, device);
  g_assert_true (vigil_device_start (device, &error));
  g_assert_no_error (error);

  write_line (pty, 1700000000000, 72);
  g_assert_true (wait_heart_rates (&col, 1, 2000));

  /* The clock has not moved: the stamps are exactly the clock's. */
  obs = last_heart_rate (&col);
  g_assert_cmpint (obs->host_wall_us, ==, MANUAL_WALL_START_US);
  g_assert_cmpint (obs->host_monotonic_us, ==, t0);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_RECEIVING);

  /* 9 s of silence is still inside the quiet time. */
  vigil_clock_advance (clock, 9 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 0);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_RECEIVING);

  /* 11 s: STALE, raised exactly when the 10 s ran out. */
  vigil_clock_advance (clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 1);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_STALE);
  event = event_at (&col, last_event (&col, VIGIL_TECHNICAL_STALE));
  g_assert_cmpint (event->parameter, ==, -1);
  g_assert_cmpint (event->host_monotonic_us, ==, t0 + 10 * G_USEC_PER_SEC);
  g_assert_cmpint (event->host_wall_us, ==, MANUAL_WALL_START_US + 10 * G_USEC_PER_SEC);
  expected = g_strdup_printf ("Device vigil on %s stopped sending data 10 s ago. "
                              "Check the cable and that the device is switched on.", link);
  g_assert_cmpstr (event->message, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* Staying silent does not repeat the event. */
  vigil_clock_advance (clock, 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 1);

  /* Bad lines are not data: the device stays STALE. */
  write_text (pty, "$VGL,HR=72*00\r\n");
  g_assert_true (wait_event (&col, VIGIL_TECHNICAL_FRAME_ERROR, 1, 2000));
  event = event_at (&col, last_event (&col, VIGIL_TECHNICAL_FRAME_ERROR));
  g_assert_cmpint (event->host_wall_us, ==, vigil_clock_get_wall (clock));
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_STALE);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_DATA_RESUMED), ==, 0);

  /* A good line: DATA_RESUMED, before the first fresh value. */
  hr_before = count_observations (&col, VIGIL_PARAMETER_HR);
  write_line (pty, 1700000041000, 90);
  g_assert_true (wait_heart_rates (&col, hr_before + 1, 2000));
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_DATA_RESUMED), ==, 1);
  resumed = last_event (&col, VIGIL_TECHNICAL_DATA_RESUMED);
  g_assert_cmpuint (g_array_index (col.event_after, guint, resumed), <,
                    col.observations->len);
  g_assert_cmpuint (g_array_index (col.event_after, guint, resumed), ==,
                    col.observations->len - 4);
  expected = g_strdup_printf ("Device vigil on %s is sending data again.", link);
  g_assert_cmpstr (event_at (&col, resumed)->message, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_RECEIVING);
  g_assert_cmpfloat (last_heart_rate (&col)->value, ==, 90.0);

  /* The quiet time restarts from the last frame. A keep-alive (a sound
   * line without fields, so no observation) also counts as a frame. */
  vigil_clock_advance (clock, 6 * G_USEC_PER_SEC);
  {
    g_autofree char *keepalive = vigil_line_protocol_seal ("VGL");
    guint observations = col.observations->len;

    write_text (pty, keepalive);
    test_run_for (300);
    g_assert_cmpuint (col.observations->len, ==, observations);
  }
  vigil_clock_advance (clock, 6 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 1);
  vigil_clock_advance (clock, 4 * G_USEC_PER_SEC + 250000);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 2);

  vigil_device_stop (device);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_STOPPED);
  g_assert_finalize_object (g_steal_pointer (&device));
  collector_clear (&col);
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

/* A device that connects but never sends a valid line is STALE too, with a
 * message pointing at the protocol and speed. */
static void
test_never_sent (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (MANUAL_WALL_START_US);
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("vigil", link, 0);
  g_autoptr(VigilDevice) device = NULL;
  g_autofree char *expected = NULL;
  Collector col;

  g_assert_no_error (error);
  device = vigil_device_new (spec, clock, &error);
  g_assert_no_error (error);
  collector_init (&col, device);

  vigil_device_set_quiet_time (device, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (vigil_device_get_quiet_time (device), ==, 3 * G_USEC_PER_SEC);
  g_assert_true (vigil_device_start (device, &error));

  /* Noise at the wrong speed is not a frame. (The first line after a
   * connect may be a partial one and is skipped quietly.) */
  write_text (pty, "\x8f\x13garbage at the wrong baud rate\xff\r\n");
  write_text (pty, "\x8f\x13garbage at the wrong baud rate\xff\r\n");
  g_assert_true (wait_event (&col, VIGIL_TECHNICAL_FRAME_ERROR, 1, 2000));

  vigil_clock_advance (clock, 2750000);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 0);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_CONNECTED);
  vigil_clock_advance (clock, 250000);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 1);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_STALE);
  expected = g_strdup_printf ("Device vigil on %s has sent no valid data in the 3 s since it "
                              "connected. Check that the device is switched on and set to the "
                              "vigil protocol and the same baud rate.", link);
  g_assert_cmpstr (event_at (&col, last_event (&col, VIGIL_TECHNICAL_STALE))->message, ==, expected);

  vigil_device_stop (device);
  g_assert_finalize_object (g_steal_pointer (&device));
  collector_clear (&col);
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

/* ── connecting later ──────────────────────────────────────────────────── */

static void
test_start_missing_path (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "later", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = NULL;
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("vigil", link, 0);
  g_autoptr(VigilDevice) device = vigil_device_new (spec, NULL, &error);
  g_autofree char *expected = NULL;
  Collector col;

  g_assert_no_error (error);
  collector_init (&col, device);

  g_assert_false (vigil_device_start (device, &error));
  g_assert_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_FOUND);
  expected = g_strdup_printf ("No device at %s. Check that the cable is plugged in. "
                              "Vigil keeps trying to connect in the background.", link);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_CONNECTING);
  g_assert_cmpuint (col.events->len, ==, 0);

  /* Starting again while trying changes nothing. */
  g_assert_true (vigil_device_start (device, &error));
  g_assert_no_error (error);

  test_run_for (300);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 0);

  /* The device appears: found by itself. */
  pty = vigil_pty_new (link, &error);
  g_assert_no_error (error);
  g_assert_true (wait_event (&col, VIGIL_TECHNICAL_CONNECTED, 1, 5000));
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_CONNECTED);

  write_line (pty, 1700000000000, 66);
  g_assert_true (wait_heart_rates (&col, 1, 2000));
  g_assert_cmpfloat (last_heart_rate (&col)->value, ==, 66.0);

  vigil_device_stop (device);
  g_assert_finalize_object (g_steal_pointer (&device));
  collector_clear (&col);
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

/* Retries after 250 ms, then 500 ms, 1 s and 2 s, and every 2 s after that. */
static void
test_backoff_manual_clock (void)
{
  static const struct { gint64 appear_ms; gint64 connect_ms; } cases[] = {
    { 2000, 3750 },  /* attempts at 250, 750, 1750 fail; 3750 succeeds */
    { 4000, 5750 },  /* … 3750 fails; capped: next at 5750, not 7750 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = test_tmpdir_new ();
      g_autofree char *link = g_build_filename (dir, "later", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilPty) pty = NULL;
      g_autoptr(VigilClock) clock = vigil_clock_new_manual (MANUAL_WALL_START_US);
      g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("vigil", link, 0);
      g_autoptr(VigilDevice) device = vigil_device_new (spec, clock, &error);
      gint64 t0 = vigil_clock_get_monotonic (clock);
      Collector col;

      g_assert_no_error (error);
      collector_init (&col, device);
      g_assert_false (vigil_device_start (device, &error));
      g_clear_error (&error);

      vigil_clock_advance (clock, cases[i].appear_ms * 1000);
      pty = vigil_pty_new (link, &error);
      g_assert_no_error (error);

      vigil_clock_advance (clock, (cases[i].connect_ms - cases[i].appear_ms - 1) * 1000);
      g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 0);
      vigil_clock_advance (clock, 1000);
      g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 1);
      g_assert_cmpint (event_at (&col, 0)->host_monotonic_us, ==, t0 + cases[i].connect_ms * 1000);

      vigil_device_stop (device);
      g_assert_finalize_object (g_steal_pointer (&device));
      collector_clear (&col);
      g_clear_object (&pty);
      test_tmpdir_remove (dir);
    }
}

/* ── protocols that ask for data ───────────────────────────────────────── */

#define TEST_TYPE_POLL_DEVICE (test_poll_device_get_type ())
G_DECLARE_FINAL_TYPE (TestPollDevice, test_poll_device, TEST, POLL_DEVICE, VigilDevice)

struct _TestPollDevice
{
  VigilDevice parent_instance;
  guint       requests;
};

G_DEFINE_FINAL_TYPE (TestPollDevice, test_poll_device, VIGIL_TYPE_DEVICE)

#define POLL_REQUEST "?VGL\r\n"

static void
test_poll_device_connected (VigilDevice *device)
{
  TestPollDevice *self = TEST_POLL_DEVICE (device);
  g_autoptr(GError) error = NULL;

  self->requests++;
  g_assert_true (vigil_device_write (device, (const guint8 *) POLL_REQUEST,
                                     strlen (POLL_REQUEST), &error));
  g_assert_no_error (error);
}

static void
test_poll_device_class_init (TestPollDeviceClass *klass)
{
  VIGIL_DEVICE_CLASS (klass)->connected = test_poll_device_connected;
}

static void
test_poll_device_init (TestPollDevice *self)
{
}

typedef struct
{
  int      fd;
  GString *got;
  gsize    want;
} MasterRead;

static gboolean
master_has (gpointer data)
{
  MasterRead *mr = data;
  char buffer[256];
  ssize_t n;

  while ((n = read (mr->fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (mr->got, buffer, n);
  return mr->got->len >= mr->want;
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Reads what the device sent into the pty, until @count requests arrived. */
static void
expect_requests (VigilPty *pty,
                 GString  *got,
                 guint     count)
{
  MasterRead mr = { vigil_pty_get_master_fd (pty), got, count * strlen (POLL_REQUEST) };
  guint ticker = g_timeout_add (10, keep_waking, NULL);

  g_assert_true (test_run_until (master_has, &mr, 2000));
  g_source_remove (ticker);
  g_assert_cmpuint (got->len, ==, count * strlen (POLL_REQUEST));
  for (guint i = 0; i < count; i++)
    g_assert_cmpmem (got->str + i * strlen (POLL_REQUEST), strlen (POLL_REQUEST),
                     POLL_REQUEST, strlen (POLL_REQUEST));
}

static void
test_connected_vfunc (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (MANUAL_WALL_START_US);
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("vigil", link, 0);
  g_autoptr(GString) got = g_string_new (NULL);
  TestPollDevice *poll;
  Collector col;

  g_assert_no_error (error);
  poll = g_object_new (TEST_TYPE_POLL_DEVICE, "spec", spec, "clock", clock, NULL);
  collector_init (&col, VIGIL_DEVICE (poll));

  /* On connect: one request, and it reaches the device. */
  g_assert_true (vigil_device_start (VIGIL_DEVICE (poll), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (poll->requests, ==, 1);
  expect_requests (pty, got, 1);

  write_line (pty, 1700000000000, 70);
  g_assert_true (wait_heart_rates (&col, 1, 2000));
  g_assert_cmpuint (poll->requests, ==, 1);

  /* After the watchdog fires: ask again, and again each quiet time. */
  vigil_clock_advance (clock, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 1);
  g_assert_cmpuint (poll->requests, ==, 2);
  vigil_clock_advance (clock, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (poll->requests, ==, 3);
  g_string_truncate (got, 0);
  expect_requests (pty, got, 2);

  /* On reconnect (first retry 250 ms of clock time after the hang-up). */
  vigil_pty_hang_up (pty);
  g_assert_true (wait_event (&col, VIGIL_TECHNICAL_DISCONNECTED, 1, 5000));
  g_assert_true (vigil_pty_reopen (pty, &error));
  g_assert_no_error (error);
  vigil_clock_advance (clock, 249000);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 1);
  vigil_clock_advance (clock, 1000);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 2);
  g_assert_cmpuint (poll->requests, ==, 4);
  g_string_truncate (got, 0);
  expect_requests (pty, got, 1);

  vigil_device_stop (VIGIL_DEVICE (poll));
  g_assert_finalize_object (poll);
  collector_clear (&col);
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

/* ── stop, dispose, bad protocol ───────────────────────────────────────── */

static void
test_stop_and_dispose (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *link = g_build_filename (dir, "monitor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPty) pty = vigil_pty_new (link, &error);
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (MANUAL_WALL_START_US);
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("vigil", link, 0);
  VigilDevice *device;
  Collector col;

  g_assert_no_error (error);
  device = vigil_device_new (spec, clock, &error);
  g_assert_no_error (error);
  collector_init (&col, device);

  g_assert_true (vigil_device_start (device, &error));
  vigil_device_stop (device);
  vigil_device_stop (device);
  g_assert_cmpint (vigil_device_get_state (device), ==, VIGIL_DEVICE_STATE_STOPPED);

  /* Stopping is not a fault, and it cancels the watchdog. */
  vigil_clock_advance (clock, 60 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_DISCONNECTED), ==, 0);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_STALE), ==, 0);
  g_assert_false (vigil_device_write (device, (const guint8 *) "x", 1, &error));
  g_assert_error (error, VIGIL_TRANSPORT_ERROR, VIGIL_TRANSPORT_ERROR_NOT_OPEN);
  g_clear_error (&error);

  /* It starts again. */
  g_assert_true (vigil_device_start (device, &error));
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 2);

  /* Disconnected, a retry pending on the clock, then dropped: the pending
   * timer must go with the device, even though the pty comes back. */
  vigil_pty_hang_up (pty);
  g_assert_true (wait_event (&col, VIGIL_TECHNICAL_DISCONNECTED, 1, 5000));
  g_assert_true (vigil_pty_reopen (pty, &error));
  g_signal_handlers_disconnect_by_data (device, &col);
  g_assert_finalize_object (device);
  vigil_clock_advance (clock, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_events (&col, VIGIL_TECHNICAL_CONNECTED), ==, 2);

  collector_clear (&col);
  g_clear_object (&pty);
  test_tmpdir_remove (dir);
}

static void
test_unknown_protocol (void)
{
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("nmea", "/dev/ttyUSB0", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDevice) device = vigil_device_new (spec, NULL, &error);

  g_assert_null (device);
  g_assert_error (error, VIGIL_PARSER_ERROR, VIGIL_PARSER_ERROR_UNKNOWN_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "nmea"));
}

static void
test_state_names (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (VIGIL_TYPE_DEVICE_STATE);

  g_assert_cmpstr (vigil_device_state_to_string (VIGIL_DEVICE_STATE_STOPPED), ==, "stopped");
  g_assert_cmpstr (vigil_device_state_to_string (VIGIL_DEVICE_STATE_STALE), ==, "stale");
  for (guint i = 0; i < klass->n_values; i++)
    g_assert_cmpstr (vigil_device_state_to_string (klass->values[i].value), ==,
                     klass->values[i].value_nick);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/device/pty-real-clock", test_pty_real_clock);
  g_test_add_func ("/vigil/device/stale-manual-clock", test_stale_manual_clock);
  g_test_add_func ("/vigil/device/never-sent", test_never_sent);
  g_test_add_func ("/vigil/device/start-missing-path", test_start_missing_path);
  g_test_add_func ("/vigil/device/backoff-manual-clock", test_backoff_manual_clock);
  g_test_add_func ("/vigil/device/connected-vfunc", test_connected_vfunc);
  g_test_add_func ("/vigil/device/stop-and-dispose", test_stop_and_dispose);
  g_test_add_func ("/vigil/device/unknown-protocol", test_unknown_protocol);
  g_test_add_func ("/vigil/device/state-names", test_state_names);

  return g_test_run ();
}
