/* test-alarm-sound.c — the GStreamer alarm player, through its real pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What was played is proved by recording it: the player writes into
 * "wavenc ! filesink", and the WAV file is read back and measured. The
 * no-device case runs the default autoaudiosink with the sound servers
 * made unreachable, so it means the same on every machine: unavailable,
 * with the reason, and the self-test failed.
 */
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "sound-analysis.h"
#include "vigil-alarm-sound.h"

typedef struct
{
  guint8 *file;
  gsize   file_size;
  const guint8 *data;   /* the "data" chunk */
  gsize   data_size;
  guint   rate;
  guint   channels;
  guint   bits;
} Wav;

static void
wav_clear (Wav *wav)
{
  g_clear_pointer (&wav->file, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Wav, wav_clear)

static guint32
read_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
read_le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static void
wav_load (Wav        *wav,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  gsize offset = 12;

  g_file_get_contents (path, (char **) &wav->file, &wav->file_size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wav->file_size, >=, 44);
  g_assert_cmpmem (wav->file, 4, "RIFF", 4);
  g_assert_cmpmem (wav->file + 8, 4, "WAVE", 4);

  while (offset + 8 <= wav->file_size)
    {
      const guint8 *chunk = wav->file + offset;
      guint32 size = read_le32 (chunk + 4);

      g_assert_cmpuint (offset + 8 + size, <=, wav->file_size);
      if (memcmp (chunk, "fmt ", 4) == 0)
        {
          g_assert_cmpuint (read_le16 (chunk + 8), ==, 1);  /* PCM */
          wav->channels = read_le16 (chunk + 10);
          wav->rate = read_le32 (chunk + 12);
          wav->bits = read_le16 (chunk + 22);
        }
      else if (memcmp (chunk, "data", 4) == 0)
        {
          wav->data = chunk + 8;
          wav->data_size = size;
        }
      offset += 8 + size + (size & 1);
    }
  g_assert_nonnull (wav->data);
  g_assert_cmpuint (wav->channels, ==, 1);
  g_assert_cmpuint (wav->rate, ==, 48000);
  g_assert_cmpuint (wav->bits, ==, 16);
}

/* A file of our own in the test output directory (the process id keeps
 * runs side by side apart); removed by the test when it passes, kept for
 * a look when it fails. */
static char *
output_path (const char *name)
{
  const char *dir = g_getenv ("VIGIL_TEST_OUTPUT");
  g_autofree char *file = g_strdup_printf ("%d-%s", (int) getpid (), name);

  return g_build_filename (dir ? dir : g_get_tmp_dir (), file, NULL);
}

/* Runs the main loop until @sound's self-test is over (or 10 s). */
static void
wait_for_self_test (VigilAlarmSound *sound)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (vigil_alarm_sound_get_self_test (sound) == VIGIL_ALARM_SOUND_SELF_TEST_RUNNING &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* Runs the main loop until @kind has been handed to the output. */
static void
wait_for_played (VigilAlarmSound    *sound,
                 VigilAlarmToneKind  kind)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (vigil_alarm_sound_get_n_played (sound, kind) == 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, kind), ==, 1);
}

static void
on_drained (VigilAlarmSound *sound,
            gboolean        *drained)
{
  *drained = TRUE;
}

static void
drain (VigilAlarmSound *sound)
{
  gboolean drained = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gulong id = g_signal_connect (sound, "drained", G_CALLBACK (on_drained), &drained);

  vigil_alarm_sound_drain (sound);
  while (!drained && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_signal_handler_disconnect (sound, id);
  g_assert_true (drained);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* @data holds @sounds, in this order, sample for sample, and nothing but
 * silence around them (the player fills the time between sounds with it). */
static void
check_recording (const guint8 *data,
                 gsize         size,
                 GBytes      **sounds,
                 guint         n_sounds)
{
  gsize position = 0, silent = 0;

  for (guint i = 0; i <= n_sounds; i++)
    {
      const guint8 *found = data + size;
      gsize sound_size = 0;

      if (i < n_sounds)
        {
          const void *sound = g_bytes_get_data (sounds[i], &sound_size);

          found = memmem (data + position, size - position, sound, sound_size);
          g_assert_nonnull (found);
          g_assert_cmpuint ((found - data) % 2, ==, 0);
        }
      for (const guint8 *p = data + position; p < found; p++)
        g_assert_cmpuint (*p, ==, 0);
      silent += found - (data + position);
      position = found - data + sound_size;
    }
  g_test_message ("the recording is the %u sounds, sample for sample, and %.0f ms of silence",
                  n_sounds, silent / 2 * 1000.0 / 48000);
}

/* How many of @pulses, from @from on, are at @frequency (±1 %). */
static guint
count_at (GArray *pulses,
          guint   from,
          guint   to,
          double  frequency)
{
  guint n = 0;

  for (guint i = from; i < to && i < pulses->len; i++)
    if (fabs (g_array_index (pulses, SoundPulse, i).frequency - frequency) < 0.01 * frequency)
      n++;
  return n;
}

static VigilAlarmSound *
start_file_sound (const char *path,
                  gboolean    sync)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  VigilAlarmSound *sound;

  description = g_strdup_printf ("wavenc ! filesink sync=%s location=\"%s\"",
                                 sync ? "true" : "false", path);
  sound = vigil_alarm_sound_new (description);
  g_assert_false (vigil_alarm_sound_is_available (sound));
  g_assert_cmpint (vigil_alarm_sound_get_self_test (sound), ==, VIGIL_ALARM_SOUND_SELF_TEST_NOT_RUN);

  g_assert_true (vigil_alarm_sound_start (sound, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_alarm_sound_is_available (sound));
  g_assert_null (vigil_alarm_sound_get_problem (sound));
  g_assert_cmpstr (vigil_alarm_sound_get_sink_name (sound), ==, "filesink");

  wait_for_self_test (sound);
  g_assert_cmpint (vigil_alarm_sound_get_self_test (sound), ==, VIGIL_ALARM_SOUND_SELF_TEST_PASSED);
  g_assert_nonnull (vigil_alarm_sound_get_self_test_time (sound));
  g_assert_true (vigil_alarm_sound_is_available (sound));
  return sound;
}

/* HIGH then MEDIUM, recorded: the file holds exactly the self-test tone,
 * the high burst and the medium burst, sample for sample, with silence
 * between them, and measuring it finds 1 + 10 + 3 pulses at the right
 * pitches. */
static void
test_file (void)
{
  g_autofree char *path = output_path ("alarm-sound-file.wav");
  g_autoptr(VigilAlarmSound) sound = NULL;
  g_auto(Wav) wav = { 0 };
  g_autofree double *samples = NULL;
  g_autoptr(GArray) pulses = NULL;
  VigilAlarmTone *tone;
  GBytes *sounds[3];
  guint n_samples;

  g_unlink (path);
  sound = start_file_sound (path, FALSE);
  tone = vigil_alarm_sound_get_tone (sound);

  /* The high burst waits for the end of the self-test tone, then the
   * medium one for the end of the high one. */
  vigil_alarm_sound_play_burst (sound, VIGIL_ALARM_PRIORITY_HIGH, FALSE);
  wait_for_played (sound, VIGIL_ALARM_TONE_HIGH);
  vigil_alarm_sound_play_burst (sound, VIGIL_ALARM_PRIORITY_MEDIUM, FALSE);
  wait_for_played (sound, VIGIL_ALARM_TONE_MEDIUM);
  drain (sound);
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_HIGH), ==, 1);
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_MEDIUM), ==, 1);

  wav_load (&wav, path);
  sounds[0] = vigil_alarm_tone_get_pcm (tone, VIGIL_ALARM_TONE_SELF_TEST);
  sounds[1] = vigil_alarm_tone_get_pcm (tone, VIGIL_ALARM_TONE_HIGH);
  sounds[2] = vigil_alarm_tone_get_pcm (tone, VIGIL_ALARM_TONE_MEDIUM);
  check_recording (wav.data, wav.data_size, sounds, 3);

  samples = sound_samples_from_s16le (wav.data, wav.data_size, &n_samples);
  pulses = sound_find_pulses (samples, n_samples, wav.rate);
  g_assert_cmpuint (pulses->len, ==, 1 + 10 + 3);
  g_assert_cmpuint (count_at (pulses, 0, 1, 587.0), ==, 1);
  g_assert_cmpuint (count_at (pulses, 1, 11, 660.0), ==, 10);
  g_assert_cmpuint (count_at (pulses, 11, 14, 523.0), ==, 3);
  g_test_message ("recorded %s: %.0f ms, %u pulses: %u self-test at 587 Hz, %u high at 660 Hz, "
                  "%u medium at 523 Hz",
                  path, sound_samples_to_ms (n_samples, wav.rate), pulses->len,
                  count_at (pulses, 0, 1, 587.0), count_at (pulses, 1, 11, 660.0),
                  count_at (pulses, 11, 14, 523.0));
  g_unlink (path);
}

/* Four bursts asked for at once, into a file written in real time
 * (sync=true): the first medium plays at once; the second waits for it;
 * the high burst takes the waiting one's place; the low one is dropped, as
 * the high alarm owns the loudspeaker. The file holds exactly medium then
 * high, back to back, the high burst written when the medium one ended. */
static void
test_queue (void)
{
  g_autofree char *path = output_path ("alarm-sound-queue.wav");
  g_autoptr(VigilAlarmSound) sound = NULL;
  g_auto(Wav) wav = { 0 };
  g_autofree double *samples = NULL;
  g_autoptr(GArray) pulses = NULL;
  VigilAlarmTone *tone;
  GBytes *sounds[3];
  guint n_samples;
  gint64 started;
  double elapsed_ms, expected_ms;

  g_unlink (path);
  sound = start_file_sound (path, TRUE);
  tone = vigil_alarm_sound_get_tone (sound);

  started = g_get_monotonic_time ();
  vigil_alarm_sound_play (sound, VIGIL_ALARM_TONE_MEDIUM);
  vigil_alarm_sound_play (sound, VIGIL_ALARM_TONE_MEDIUM);
  vigil_alarm_sound_play (sound, VIGIL_ALARM_TONE_HIGH);
  vigil_alarm_sound_play (sound, VIGIL_ALARM_TONE_LOW);
  drain (sound);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000.0;
  /* The file sink writes a buffer when its start is due: the high burst,
   * the last one, when the medium burst has ended. */
  expected_ms = vigil_alarm_tone_get_duration_us (tone, VIGIL_ALARM_TONE_MEDIUM) / 1000.0;

  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_MEDIUM), ==, 1);
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_HIGH), ==, 1);
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_LOW), ==, 0);

  wav_load (&wav, path);
  sounds[0] = vigil_alarm_tone_get_pcm (tone, VIGIL_ALARM_TONE_SELF_TEST);
  sounds[1] = vigil_alarm_tone_get_pcm (tone, VIGIL_ALARM_TONE_MEDIUM);
  sounds[2] = vigil_alarm_tone_get_pcm (tone, VIGIL_ALARM_TONE_HIGH);
  check_recording (wav.data, wav.data_size, sounds, 3);

  samples = sound_samples_from_s16le (wav.data, wav.data_size, &n_samples);
  pulses = sound_find_pulses (samples, n_samples, wav.rate);
  g_assert_cmpuint (pulses->len, ==, 1 + 3 + 10);
  g_assert_cmpuint (count_at (pulses, 1, 4, 523.0), ==, 3);
  g_assert_cmpuint (count_at (pulses, 4, 14, 660.0), ==, 10);

  g_test_message ("medium, medium, high, low asked for at once: recorded 3 medium then 10 high pulses "
                  "and no low one; the high burst was written %.0f ms after the request (the medium "
                  "burst lasts %.0f ms)", elapsed_ms, expected_ms);
  /* Back to back: not before the medium burst ended, and soon after it
   * (the sink's latency and a loaded machine on top). */
  g_assert_cmpfloat (elapsed_ms, >=, expected_ms);
  g_assert_cmpfloat (elapsed_ms, <=, expected_ms + 2000.0);
  g_unlink (path);
}

static void
check_unavailable (VigilAlarmSound *sound,
                   GError          *error,
                   int              code)
{
  g_assert_error (error, VIGIL_ALARM_SOUND_ERROR, code);
  g_assert_false (vigil_alarm_sound_is_available (sound));
  g_assert_cmpstr (vigil_alarm_sound_get_problem (sound), ==, error->message);
  g_assert_cmpint (vigil_alarm_sound_get_self_test (sound), ==, VIGIL_ALARM_SOUND_SELF_TEST_FAILED);
  g_assert_nonnull (vigil_alarm_sound_get_self_test_message (sound));
  g_assert_true (g_str_has_prefix (vigil_alarm_sound_get_self_test_message (sound), error->message));
  g_assert_nonnull (vigil_alarm_sound_get_self_test_time (sound));

  /* Playing into nothing is harmless, and stays unavailable. */
  vigil_alarm_sound_play (sound, VIGIL_ALARM_TONE_HIGH);
  vigil_alarm_sound_play_burst (sound, VIGIL_ALARM_PRIORITY_LOW, TRUE);
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_HIGH), ==, 0);
  g_assert_false (vigil_alarm_sound_is_available (sound));
}

/* The machine has no sound device: autoaudiosink falls back to its fake
 * sink. That must read as unavailable, never as a silent success. */
static void
test_no_device (void)
{
  g_autoptr(VigilAlarmSound) sound = vigil_alarm_sound_new (NULL);
  g_autoptr(GError) error = NULL;
  guint notified = 0;
  g_autofree char *when = NULL;
  g_autofree char *result = NULL;

  g_signal_connect (sound, "notify::available", G_CALLBACK (count_notify), &notified);
  g_assert_false (vigil_alarm_sound_start (sound, &error));
  check_unavailable (sound, error, VIGIL_ALARM_SOUND_ERROR_NO_DEVICE);
  g_assert_cmpstr (vigil_alarm_sound_get_sink_name (sound), ==, "fakesink");
  g_assert_cmpstr (error->message, ==,
                   "No audio output device was found (the sound system chose a silent fake output). "
                   "Alarms will be shown but not heard: connect speakers or check the sound settings.");
  /* It was never available, not even for a moment. */
  g_assert_cmpuint (notified, ==, 0);

  when = g_date_time_format_iso8601 (vigil_alarm_sound_get_self_test_time (sound));
  result = g_enum_to_string (VIGIL_TYPE_ALARM_SOUND_SELF_TEST, vigil_alarm_sound_get_self_test (sound));
  g_test_message ("default output on a machine without sound: sink %s, available %s, self-test %s at %s: %s",
                  vigil_alarm_sound_get_sink_name (sound),
                  vigil_alarm_sound_is_available (sound) ? "yes" : "no",
                  result,
                  when, vigil_alarm_sound_get_self_test_message (sound));

  /* Trying again gives the same answer. */
  g_clear_error (&error);
  g_assert_false (vigil_alarm_sound_start (sound, &error));
  check_unavailable (sound, error, VIGIL_ALARM_SOUND_ERROR_NO_DEVICE);
}

static void
test_fake_sink (void)
{
  g_autoptr(VigilAlarmSound) sound = vigil_alarm_sound_new ("fakesink");
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_alarm_sound_start (sound, &error));
  check_unavailable (sound, error, VIGIL_ALARM_SOUND_ERROR_NO_DEVICE);
  g_assert_cmpstr (vigil_alarm_sound_get_sink_name (sound), ==, "fakesink");
}

static void
test_bad_description (void)
{
  g_autoptr(VigilAlarmSound) sound = vigil_alarm_sound_new ("nosuchelement-vigil");
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_alarm_sound_start (sound, &error));
  check_unavailable (sound, error, VIGIL_ALARM_SOUND_ERROR_GSTREAMER);
  g_test_message ("unknown output: %s", error->message);
}

/* A file that cannot be opened is an output that fails to open. */
static void
test_open_failure (void)
{
  g_autoptr(VigilAlarmSound) sound = NULL;
  g_autoptr(GError) error = NULL;

  sound = vigil_alarm_sound_new ("wavenc ! filesink location=/nonexistent-vigil-dir/x.wav");
  g_assert_false (vigil_alarm_sound_start (sound, &error));
  check_unavailable (sound, error, VIGIL_ALARM_SOUND_ERROR_DEVICE_FAILED);
  g_test_message ("output that cannot be opened: %s", error->message);
}

static void
test_stop (void)
{
  g_autofree char *path = output_path ("alarm-sound-stop.wav");
  g_autoptr(VigilAlarmSound) sound = start_file_sound (path, FALSE);
  guint notified = 0;

  g_signal_connect (sound, "notify::available", G_CALLBACK (count_notify), &notified);
  vigil_alarm_sound_stop (sound);
  g_assert_false (vigil_alarm_sound_is_available (sound));
  g_assert_nonnull (vigil_alarm_sound_get_problem (sound));
  g_assert_cmpuint (notified, ==, 1);
  vigil_alarm_sound_play (sound, VIGIL_ALARM_TONE_HIGH);
  g_assert_cmpuint (vigil_alarm_sound_get_n_played (sound, VIGIL_ALARM_TONE_HIGH), ==, 0);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *alsa_conf = NULL;
  g_autofree char *pulse = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  /* No sound server, no ALSA card, whatever the machine running the test:
   * PulseAudio is pointed at a socket that does not exist (and so does not
   * autospawn), ALSA at an empty configuration. */
  dir = g_dir_make_tmp ("vigil-sound-XXXXXX", &error);
  g_assert_no_error (error);
  alsa_conf = g_build_filename (dir, "asound.conf", NULL);
  g_file_set_contents (alsa_conf, "", 0, &error);
  g_assert_no_error (error);
  pulse = g_strdup_printf ("unix:%s/no-such-socket", dir);
  g_setenv ("PULSE_SERVER", pulse, TRUE);
  g_setenv ("ALSA_CONFIG_PATH", alsa_conf, TRUE);
  g_setenv ("PIPEWIRE_REMOTE", "vigil-no-such-remote", TRUE);

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/vigil/alarm-sound/file", test_file);
  g_test_add_func ("/vigil/alarm-sound/queue", test_queue);
  g_test_add_func ("/vigil/alarm-sound/no-device", test_no_device);
  g_test_add_func ("/vigil/alarm-sound/fake-sink", test_fake_sink);
  g_test_add_func ("/vigil/alarm-sound/bad-description", test_bad_description);
  g_test_add_func ("/vigil/alarm-sound/open-failure", test_open_failure);
  g_test_add_func ("/vigil/alarm-sound/stop", test_stop);

  ret = g_test_run ();

  g_unlink (alsa_conf);
  g_rmdir (dir);
  return ret;
}
