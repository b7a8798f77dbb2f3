/* test-alarm-sound-pulse.c — the alarm player on a virtual sound device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test starts its own PulseAudio daemon (Debian package "pulseaudio")
 * in a private directory, with a null sink as the loudspeaker, and points
 * the default autoaudiosink at it. It proves the positive path (a real
 * audio sink chosen, the self-test played and passed, a high burst
 * recorded from the device's monitor with its exact rhythm), the device going
 * away at run time (availability turns FALSE with a reason: T5), a restart
 * once it is back, and PulseAudio's placeholder sink "auto_null" (what a
 * machine without a sound card offers) counting as no device.
 *
 * Without the pulseaudio program the tests are skipped.
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "sound-analysis.h"
#include "vigil-alarm-sound.h"

typedef struct
{
  char        *dir;
  char        *socket;
  GSubprocess *daemon;
} Pulse;

static void
pulse_stop (Pulse *pulse)
{
  if (pulse->daemon != NULL)
    {
      g_subprocess_force_exit (pulse->daemon);
      g_subprocess_wait (pulse->daemon, NULL, NULL);
      g_clear_object (&pulse->daemon);
    }
}

static void
pulse_clear (Pulse *pulse)
{
  pulse_stop (pulse);
  if (pulse->dir != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", pulse->dir);

      /* The daemon leaves its runtime and state files; all of it is ours. */
      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }
  g_clear_pointer (&pulse->dir, g_free);
  g_clear_pointer (&pulse->socket, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pulse, pulse_clear)

static void
print_log (Pulse *pulse)
{
  g_autofree char *path = g_build_filename (pulse->dir, "pulseaudio.log", NULL);
  g_autofree char *log = NULL;

  if (g_file_get_contents (path, &log, NULL, NULL))
    g_test_message ("pulseaudio log:\n%s", log);
}

/* Starts a private daemon that loads @sink_module; FALSE (and the test
 * skipped) if pulseaudio is not installed. */
static gboolean
pulse_start (Pulse      *pulse,
             const char *sink_module)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("pulseaudio");
  g_autofree char *load_socket = NULL;
  g_autofree char *load_sink = NULL;
  g_autofree char *log = NULL;
  g_autofree char *server = NULL;
  gint64 deadline;

  if (program == NULL)
    {
      g_test_skip ("pulseaudio is not installed (Debian package pulseaudio)");
      return FALSE;
    }

  if (pulse->dir == NULL)
    {
      pulse->dir = g_dir_make_tmp ("vigil-pulse-XXXXXX", &error);
      g_assert_no_error (error);
    }
  g_free (pulse->socket);
  pulse->socket = g_build_filename (pulse->dir, "native", NULL);
  g_unlink (pulse->socket);
  log = g_build_filename (pulse->dir, "pulseaudio.log", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_setenv (launcher, "HOME", pulse->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", pulse->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", pulse->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", pulse->dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "PULSE_SERVER");
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);

  load_sink = g_strdup_printf ("--load=%s", sink_module);
  load_socket = g_strdup_printf ("--load=module-native-protocol-unix auth-anonymous=1 socket=%s",
                                 pulse->socket);
  /* -n: no default modules (no hardware detection); it exits by itself
   * 20 s after its last client, should this test die. */
  pulse->daemon = g_subprocess_launcher_spawn (launcher, &error, program,
                                               "-n", "--daemonize=no", "--use-pid-file=no",
                                               "--exit-idle-time=20", "--disable-shm=yes",
                                               "--log-target=stderr",
                                               load_sink, load_socket, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (pulse->socket, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    {
      if (g_subprocess_get_identifier (pulse->daemon) == NULL)
        break;
      g_usleep (20000);
    }
  if (!g_file_test (pulse->socket, G_FILE_TEST_EXISTS))
    {
      print_log (pulse);
      g_error ("pulseaudio did not open %s within 10 s", pulse->socket);
    }

  server = g_strdup_printf ("unix:%s", pulse->socket);
  g_setenv ("PULSE_SERVER", server, TRUE);
  return TRUE;
}

static void
wait_until_self_test_done (VigilAlarmSound *sound)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (vigil_alarm_sound_get_self_test (sound) == VIGIL_ALARM_SOUND_SELF_TEST_RUNNING &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
on_available (VigilAlarmSound *sound,
              GParamSpec      *pspec,
              GString         *changes)
{
  g_string_append_c (changes, vigil_alarm_sound_is_available (sound) ? 'T' : 'F');
}

static void
run_main_loop_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* Plays a high burst on the virtual loudspeaker while recording what the
 * loudspeaker got (its monitor), then measures the recording: the burst
 * went through a real audio device with its rhythm intact. */
static void
record_high_burst (Pulse           *pulse,
                   VigilAlarmSound *sound)
{
  g_autoptr(GstElement) recorder = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *description = NULL;
  g_autofree char *file = NULL;
  g_autofree double *samples = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) pulses = NULL;
  gsize size;
  guint n_samples, rate = 48000;
  double x[6], split, pause;
  const guint regular[6] = { 0, 1, 3, 5, 6, 8 };

  path = g_build_filename (pulse->dir, "monitor.raw", NULL);
  description = g_strdup_printf ("pulsesrc device=vigil_test.monitor ! audioconvert ! audioresample ! "
                                 "audio/x-raw,format=S16LE,rate=%u,channels=1 ! filesink location=\"%s\"",
                                 rate, path);
  recorder = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_element_set_state (recorder, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  run_main_loop_for (300);

  vigil_alarm_sound_play (sound, VIGIL_ALARM_TONE_HIGH);
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_HIGH), ==, 1);
  /* The null sink and its monitor add up to about a second of latency. */
  run_main_loop_for (6000);

  gst_element_send_event (recorder, gst_event_new_eos ());
  bus = gst_element_get_bus (recorder);
  message = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (recorder, GST_STATE_NULL);

  g_file_get_contents (path, &file, &size, &error);
  g_assert_no_error (error);
  samples = sound_samples_from_s16le ((const guint8 *) file, size, &n_samples);
  all = sound_find_pulses (samples, n_samples, rate);
  pulses = g_array_new (FALSE, FALSE, sizeof (SoundPulse));

  /* The end of the self-test tone may still come out of the monitor
   * first: the null sink and its monitor add latency. */
  for (guint i = 0; i < all->len; i++)
    {
      const SoundPulse *p = &g_array_index (all, SoundPulse, i);

      if (fabs (p->frequency - 660.0) < 6.6)
        g_array_append_val (pulses, *p);
      else
        g_assert_cmpfloat_with_epsilon (p->frequency, 587.0, 5.9);
    }
  g_assert_cmpuint (pulses->len, ==, 10);
  for (guint i = 0; i < G_N_ELEMENTS (regular); i++)
    {
      const SoundPulse *a = &g_array_index (pulses, SoundPulse, regular[i]);
      const SoundPulse *b = &g_array_index (pulses, SoundPulse, regular[i] + 1);

      x[i] = sound_samples_to_ms (b->r90 - a->f90, rate);
      g_assert_cmpfloat (x[i], >=, 50.0);
      g_assert_cmpfloat (x[i], <=, 125.0);
      g_assert_cmpfloat_with_epsilon (x[i], x[0], 2.0);
    }
  split = sound_samples_to_ms (g_array_index (pulses, SoundPulse, 3).r90 -
                               g_array_index (pulses, SoundPulse, 2).f90, rate);
  pause = sound_samples_to_ms (g_array_index (pulses, SoundPulse, 5).r90 -
                               g_array_index (pulses, SoundPulse, 4).f90, rate);
  g_assert_cmpfloat (pause, >=, 350.0);
  g_assert_cmpfloat (pause, <=, 1300.0);
  g_test_message ("recorded from the virtual loudspeaker: %u pulses at %.1f Hz, spacing x %.1f–%.1f ms, "
                  "3rd→4th %.1f ms, 5th→6th %.1f ms",
                  pulses->len, g_array_index (pulses, SoundPulse, 0).frequency,
                  MIN (MIN (x[0], x[1]), MIN (x[2], x[3])), MAX (MAX (x[0], x[1]), MAX (x[2], x[3])),
                  split, pause);
  g_unlink (path);
}

static void
test_device (void)
{
  g_auto(Pulse) pulse = { 0 };
  g_autoptr(VigilAlarmSound) sound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  gint64 killed, deadline;

  if (!pulse_start (&pulse, "module-null-sink sink_name=vigil_test rate=48000 channels=1"))
    return;

  sound = vigil_alarm_sound_new (NULL);
  g_signal_connect (sound, "notify::available", G_CALLBACK (on_available), changes);
  if (!vigil_alarm_sound_start (sound, &error))
    print_log (&pulse);
  g_assert_no_error (error);
  g_assert_true (vigil_alarm_sound_is_available (sound));
  g_assert_cmpstr (vigil_alarm_sound_get_sink_name (sound), ==, "pulsesink");
  g_assert_cmpint (vigil_alarm_sound_get_self_test (sound), ==, VIGIL_ALARM_SOUND_SELF_TEST_RUNNING);

  wait_until_self_test_done (sound);
  g_assert_cmpint (vigil_alarm_sound_get_self_test (sound), ==, VIGIL_ALARM_SOUND_SELF_TEST_PASSED);
  g_assert_true (vigil_alarm_sound_is_available (sound));
  g_test_message ("virtual device: sink %s, self-test passed: %s",
                  vigil_alarm_sound_get_sink_name (sound),
                  vigil_alarm_sound_get_self_test_message (sound));

  record_high_burst (&pulse, sound);

  /* The device goes away while nothing is sounding: the silence kept
   * flowing between bursts finds out. */
  pulse_stop (&pulse);
  killed = g_get_monotonic_time ();
  deadline = killed + 5 * G_USEC_PER_SEC;
  while (vigil_alarm_sound_is_available (sound) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_false (vigil_alarm_sound_is_available (sound));
  g_assert_nonnull (vigil_alarm_sound_get_problem (sound));
  g_assert_nonnull (strstr (vigil_alarm_sound_get_problem (sound), "stopped working"));
  g_test_message ("device lost: unavailable after %.0f ms: %s",
                  (g_get_monotonic_time () - killed) / 1000.0, vigil_alarm_sound_get_problem (sound));
  /* Nothing crashes when bursts keep coming; nothing is played. */
  vigil_alarm_sound_play (sound, VIGIL_ALARM_TONE_HIGH);
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_HIGH), ==, 1);

  /* It comes back: starting again finds it, and the self-test passes. */
  g_assert_true (pulse_start (&pulse, "module-null-sink sink_name=vigil_test rate=48000 channels=1"));
  g_assert_true (vigil_alarm_sound_start (sound, &error));
  g_assert_no_error (error);
  wait_until_self_test_done (sound);
  g_assert_cmpint (vigil_alarm_sound_get_self_test (sound), ==, VIGIL_ALARM_SOUND_SELF_TEST_PASSED);
  g_assert_true (vigil_alarm_sound_is_available (sound));
  g_assert_null (vigil_alarm_sound_get_problem (sound));
  g_assert_cmpstr (changes->str, ==, "TFT");

  g_clear_object (&sound);
}

/* A sound server with no card plays into its placeholder, auto_null. */
static void
test_placeholder (void)
{
  g_auto(Pulse) pulse = { 0 };
  g_autoptr(VigilAlarmSound) sound = NULL;
  g_autoptr(GError) error = NULL;

  if (!pulse_start (&pulse, "module-always-sink"))
    return;

  sound = vigil_alarm_sound_new (NULL);
  g_assert_false (vigil_alarm_sound_start (sound, &error));
  g_assert_error (error, VIGIL_ALARM_SOUND_ERROR, VIGIL_ALARM_SOUND_ERROR_NO_DEVICE);
  g_assert_false (vigil_alarm_sound_is_available (sound));
  g_assert_cmpstr (vigil_alarm_sound_get_sink_name (sound), ==, "pulsesink");
  g_assert_nonnull (strstr (error->message, "auto_null"));
  g_assert_cmpint (vigil_alarm_sound_get_self_test (sound), ==, VIGIL_ALARM_SOUND_SELF_TEST_FAILED);
  g_test_message ("placeholder sink: %s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/vigil/alarm-sound/pulse/device", test_device);
  g_test_add_func ("/vigil/alarm-sound/pulse/placeholder", test_placeholder);

  return g_test_run ();
}
