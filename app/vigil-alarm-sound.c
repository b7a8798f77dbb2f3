/* vigil-alarm-sound.c — plays the alarm bursts, and knows whether it can
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GStreamer pipeline of our own:
 *
 *   appsrc (S16LE mono, live) ! audioconvert ! audioresample ! SINK
 *
 * where SINK is autoaudiosink, or a description given for tests
 * ("wavenc ! filesink location=…"). Each burst is pushed whole, as one
 * buffer holding pulses and silences, stamped with the running time at
 * which it must start: the rhythm inside a burst does not depend on the
 * main loop. A burst asked for while another is still sounding waits and
 * starts exactly when that one ends (its tail of silence included); only
 * one waits, and a more urgent one (high over medium over low over the
 * chime) takes its place, while a less urgent one is dropped, as the more
 * urgent alarm owns the loudspeaker. A sound already playing is never cut
 * short (flushing would upset some sinks, wavenc for one): the longest a
 * burst waits is one medium burst or chime, about a second.
 *
 * Between sounds the player keeps pushing short chunks of silence. An
 * output that is not written to may not notice that its device went away
 * (pulsesink does not, when its server dies), and T5 must not wait for the
 * next alarm to find out. It also keeps the device awake, so a burst's
 * first pulse is not lost to a sleeping USB speaker.
 *
 * With no sound device autoaudiosink quietly falls back to a fake sink
 * that "plays" everything, and PulseAudio or PipeWire with no card offer a
 * placeholder sink, auto_null. Neither is a loudspeaker: both make the
 * sound unavailable, which the application turns into technical alarm T5.
 * So does any error on the bus, at start or later (a device unplugged).
 *
 * start() also plays a short self-test tone; it passes once the tone has
 * reached the output and its time is over and, for an audio device, the
 * device has played past its end, with no error meanwhile.
 */
#include "vigil-alarm-sound.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>
#include <gst/gst.h>

/* Headroom between "now" and the first sample of a burst, so the buffer
 * is in the sink before it is due. */
#define START_LEAD        (30 * GST_MSECOND)
/* A waiting burst is pushed this long before the sound ahead of it ends. */
#define PUSH_AHEAD        (250 * GST_MSECOND)
/* Between sounds, silence keeps the output writing (see above): checked
 * every KEEPALIVE_MS, a chunk of SILENCE pushed when less than
 * SILENCE_AHEAD is queued. A burst waits behind at most one chunk. */
#define KEEPALIVE_MS      50
#define SILENCE           (100 * GST_MSECOND)
#define SILENCE_AHEAD     (80 * GST_MSECOND)
/* How long the output may take to reach PLAYING. */
#define START_TIMEOUT     (5 * GST_SECOND)
/* How long after the self-test tone's end it may take to be played. */
#define SELF_TEST_GRACE_US (3 * G_USEC_PER_SEC)
#define SELF_TEST_POLL_MS 50

struct _VigilAlarmSound
{
  GObject                  parent_instance;

  char                    *sink_description;
  VigilAlarmTone          *tone;

  GstElement              *pipeline;
  GstElement              *appsrc;
  GstElement              *sink;       /* what the pipeline links to */
  GstElement              *output;     /* the element that really plays */
  guint                    bus_watch;
  gboolean                 running;    /* PLAYING, not failed, not stopped */

  gboolean                 available;
  char                    *problem;
  char                    *sink_name;

  VigilAlarmSoundSelfTest  self_test;
  char                    *self_test_message;
  char                    *logged_self_test;   /* the last line written to the journal */
  GDateTime               *self_test_time;
  guint                    self_test_poll;
  gint64                   self_test_deadline;  /* monotonic µs */
  GstClockTime             self_test_end;       /* running time the tone ends at */

  /* Written by the streaming thread's pad probe. */
  GMutex                   probe_lock;
  GstClockTime             delivered_end;

  /* The end of what has been pushed (running time), and the one burst
   * waiting for it to end. */
  GstClockTime             queue_end;
  gboolean                 has_waiting;
  VigilAlarmToneKind       waiting;
  guint                    waiting_timer;
  gboolean                 draining;
  guint                    keepalive;
  GBytes                  *silence;
  guint                    n_played[VIGIL_ALARM_TONE_N_KINDS];
};

G_DEFINE_FINAL_TYPE (VigilAlarmSound, vigil_alarm_sound, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VigilAlarmSoundSelfTest, vigil_alarm_sound_self_test,
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_SOUND_SELF_TEST_NOT_RUN, "not-run"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_SOUND_SELF_TEST_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_SOUND_SELF_TEST_PASSED, "passed"),
  G_DEFINE_ENUM_VALUE (VIGIL_ALARM_SOUND_SELF_TEST_FAILED, "failed"))

G_DEFINE_QUARK (vigil-alarm-sound-error-quark, vigil_alarm_sound_error)

enum {
  PROP_0,
  PROP_SINK_DESCRIPTION,
  PROP_TONE,
  PROP_AVAILABLE,
  PROP_PROBLEM,
  PROP_SINK_NAME,
  PROP_SELF_TEST,
  N_PROPS
};

enum {
  DRAINED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define NOT_HEARD _("Alarms will be shown but not heard: connect speakers or check the sound settings.")

/**
 * vigil_alarm_sound_init_gstreamer:
 * @error: why GStreamer could not start
 *
 * Initialises GStreamer if nobody has yet. vigil_alarm_sound_start() calls
 * it; an application that has its own GStreamer options calls gst_init()
 * first.
 *
 * Returns: %TRUE if GStreamer is ready
 */
gboolean
vigil_alarm_sound_init_gstreamer (GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (gst_is_initialized ())
    return TRUE;
  if (!gst_init_check (NULL, NULL, &local_error))
    {
      g_set_error (error, VIGIL_ALARM_SOUND_ERROR, VIGIL_ALARM_SOUND_ERROR_GSTREAMER,
                   _("The sound system (GStreamer) could not start: %s. %s"),
                   local_error->message, NOT_HEARD);
      return FALSE;
    }
  return TRUE;
}

static void
set_available (VigilAlarmSound *self,
               gboolean         available,
               const char      *problem)
{
  available = !!available;
  if (available)
    problem = NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->problem, problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
  if (self->available != available)
    {
      self->available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_self_test (VigilAlarmSound         *self,
               VigilAlarmSoundSelfTest  result,
               const char              *message)
{
  g_free (self->self_test_message);
  self->self_test_message = g_strdup (message);
  g_clear_pointer (&self->self_test_time, g_date_time_unref);
  self->self_test_time = g_date_time_new_now_local ();
  self->self_test = result;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELF_TEST]);

  if (result == VIGIL_ALARM_SOUND_SELF_TEST_PASSED || result == VIGIL_ALARM_SOUND_SELF_TEST_FAILED)
    {
      g_autofree char *line = NULL;

      if (result == VIGIL_ALARM_SOUND_SELF_TEST_PASSED)
        line = g_strdup_printf ("Alarm sound self-test passed on %s", self->sink_name);
      else
        line = g_strdup_printf ("Alarm sound self-test failed: %s", message);

      /* A retry that ends the same way is not news for the journal. */
      if (g_strcmp0 (line, self->logged_self_test) != 0)
        g_message ("%s", line);
      g_free (self->logged_self_test);
      self->logged_self_test = g_steal_pointer (&line);
    }
}

static void
set_sink_name (VigilAlarmSound *self,
               const char      *name)
{
  if (g_strcmp0 (self->sink_name, name) == 0)
    return;
  g_free (self->sink_name);
  self->sink_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINK_NAME]);
}

/* Stops the pipeline, and everything waiting to be pushed or checked. */
static void
halt (VigilAlarmSound *self)
{
  self->running = FALSE;
  g_clear_handle_id (&self->self_test_poll, g_source_remove);
  g_clear_handle_id (&self->waiting_timer, g_source_remove);
  g_clear_handle_id (&self->keepalive, g_source_remove);
  self->has_waiting = FALSE;
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
}

/* Takes the pipeline down; the last sink name and the results stay. */
static void
teardown (VigilAlarmSound *self)
{
  halt (self);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_object (&self->output);
  self->sink = NULL;
  self->appsrc = NULL;
  g_clear_object (&self->pipeline);
  self->queue_end = 0;
  self->draining = FALSE;
}

/* start() failed: nothing will be heard; say so everywhere. */
static gboolean
fail_start (VigilAlarmSound  *self,
            GError          **error,
            int               code,
            const char       *problem,
            const char       *details)
{
  g_autofree char *message = NULL;

  message = details != NULL && *details != '\0'
          ? g_strdup_printf ("%s (%s)", problem, details)
          : g_strdup (problem);
  teardown (self);
  set_available (self, FALSE, problem);
  set_self_test (self, VIGIL_ALARM_SOUND_SELF_TEST_FAILED, message);
  g_set_error_literal (error, VIGIL_ALARM_SOUND_ERROR, code, problem);
  return FALSE;
}

/* Empties the bus of errors and warnings: returns the first error's text,
 * or the warnings' if there was no error. */
static char *
pop_bus_problems (GstElement *pipeline,
                  gboolean   *had_error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GString) warnings = g_string_new (NULL);
  g_autofree char *first_error = NULL;
  GstMessage *message;

  while ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR | GST_MESSAGE_WARNING)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        gst_message_parse_error (message, &error, &debug);
      else
        gst_message_parse_warning (message, &error, &debug);
      g_debug ("Alarm sound: %s from %s: %s (%s)",
               GST_MESSAGE_TYPE_NAME (message), GST_MESSAGE_SRC_NAME (message),
               error->message, debug ? debug : "");
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          if (first_error == NULL)
            first_error = g_strdup (error->message);
        }
      else
        g_string_append_printf (warnings, "%s%s", warnings->len ? "; " : "", error->message);
      gst_message_unref (message);
    }

  if (had_error)
    *had_error = first_error != NULL;
  if (first_error != NULL)
    return g_steal_pointer (&first_error);
  return g_string_free (g_steal_pointer (&warnings), FALSE);
}

/* The leaf sink that plays: autoaudiosink's choice, or the sink at the
 * end of a test description. */
static GstElement *
find_output (GstElement *element)
{
  g_autoptr(GstIterator) iter = NULL;
  g_auto(GValue) item = G_VALUE_INIT;
  GstElement *found = NULL;

  if (!GST_IS_BIN (element))
    return gst_object_ref (element);

  iter = gst_bin_iterate_sinks (GST_BIN (element));
  if (gst_iterator_next (iter, &item) == GST_ITERATOR_OK)
    found = find_output (g_value_get_object (&item));
  return found;
}

static const char *
element_factory_name (GstElement *element)
{
  GstElementFactory *factory = element ? gst_element_get_factory (element) : NULL;

  return factory ? gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)) : NULL;
}

static gboolean
is_fake_output (GstElement *output)
{
  const char *name = element_factory_name (output);

  return name == NULL || g_str_has_prefix (name, "fake");
}

/* PulseAudio and PipeWire with no sound card play into "auto_null". */
static char *
placeholder_device (GstElement *output)
{
  g_autofree char *device = NULL;

  if (output == NULL ||
      g_object_class_find_property (G_OBJECT_GET_CLASS (output), "current-device") == NULL)
    return NULL;
  g_object_get (output, "current-device", &device, NULL);
  if (g_strcmp0 (device, "auto_null") == 0)
    return g_steal_pointer (&device);
  return NULL;
}

static GstPadProbeReturn
delivered_probe (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  VigilAlarmSound *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (buffer != NULL &&
      GST_BUFFER_PTS_IS_VALID (buffer) && GST_BUFFER_DURATION_IS_VALID (buffer))
    {
      GstClockTime end = GST_BUFFER_PTS (buffer) + GST_BUFFER_DURATION (buffer);

      g_mutex_lock (&self->probe_lock);
      if (!GST_CLOCK_TIME_IS_VALID (self->delivered_end) || end > self->delivered_end)
        self->delivered_end = end;
      g_mutex_unlock (&self->probe_lock);
    }
  return GST_PAD_PROBE_OK;
}

/* For the debug log. */
static const char *
kind_name (VigilAlarmToneKind kind)
{
  static const char * const names[VIGIL_ALARM_TONE_N_KINDS] = {
    "high", "medium", "low", "info", "self-test",
  };

  return (guint) kind < G_N_ELEMENTS (names) ? names[kind] : "?";
}

static GstClockTime
running_time (VigilAlarmSound *self)
{
  GstClockTime now = gst_element_get_current_running_time (self->pipeline);

  return GST_CLOCK_TIME_IS_VALID (now) ? now : 0;
}

static void
runtime_failure (VigilAlarmSound *self,
                 const char      *details)
{
  g_autofree char *problem = NULL;

  problem = g_strdup_printf (_("The audio output %s stopped working (%s). %s"),
                             self->sink_name ? self->sink_name : "", details, NOT_HEARD);
  g_message ("Alarm sound: %s", problem);
  halt (self);
  set_available (self, FALSE, problem);
  if (self->self_test == VIGIL_ALARM_SOUND_SELF_TEST_RUNNING)
    set_self_test (self, VIGIL_ALARM_SOUND_SELF_TEST_FAILED, problem);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  VigilAlarmSound *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Alarm sound: error from %s: %s (%s)",
                 GST_MESSAGE_SRC_NAME (message), error->message, debug ? debug : "");
        if (self->running)
          runtime_failure (self, error->message);
      }
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &error, &debug);
        g_debug ("Alarm sound: warning from %s: %s (%s)",
                 GST_MESSAGE_SRC_NAME (message), error->message, debug ? debug : "");
      }
      break;

    case GST_MESSAGE_EOS:
      /* Only vigil_alarm_sound_drain() ends the stream. */
      halt (self);
      set_available (self, FALSE, _("The alarm sound was switched off."));
      g_signal_emit (self, signals[DRAINED], 0);
      break;

    case GST_MESSAGE_CLOCK_LOST:
      /* The device that gave the clock went away: pick another one. */
      if (self->running)
        {
          gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
          gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
        }
      break;

    case GST_MESSAGE_LATENCY:
      gst_bin_recalculate_latency (GST_BIN (self->pipeline));
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Pushes @pcm whole, stamped with the running time it must start at:
 * right after what is queued, or now if that is over. */
static gboolean
push_pcm (VigilAlarmSound *self,
          GBytes          *pcm,
          const char      *what)
{
  guint rate = vigil_alarm_tone_get_rate (self->tone);
  GstClockTime now = running_time (self);
  GstClockTime duration, start;
  GstBuffer *buffer;
  GstFlowReturn ret;

  duration = gst_util_uint64_scale_int (g_bytes_get_size (pcm) / 2, GST_SECOND, rate);
  start = MAX (self->queue_end, now + START_LEAD);

  buffer = gst_buffer_new_wrapped_bytes (pcm);
  GST_BUFFER_PTS (buffer) = start;
  GST_BUFFER_DURATION (buffer) = duration;
  /* An audio sink that sees a gap without this flag may close it by
   * playing the burst early. */
  if (start != self->queue_end)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);

  ret = gst_app_src_push_buffer (GST_APP_SRC (self->appsrc), buffer);
  if (ret != GST_FLOW_OK)
    {
      g_debug ("Alarm sound: %s not queued: %s", what, gst_flow_get_name (ret));
      return FALSE;
    }
  self->queue_end = start + duration;
  return TRUE;
}

static void
push_sound (VigilAlarmSound    *self,
            VigilAlarmToneKind  kind)
{
  if (!push_pcm (self, vigil_alarm_tone_get_pcm (self->tone, kind),
                 kind_name (kind)))
    return;
  self->n_played[kind]++;
  if (kind == VIGIL_ALARM_TONE_SELF_TEST)
    self->self_test_end = self->queue_end;
}

static gboolean
keepalive_cb (gpointer user_data)
{
  VigilAlarmSound *self = user_data;
  gsize size;

  /* A waiting burst goes next; silence would only delay it. */
  if (self->draining || self->has_waiting ||
      self->queue_end >= running_time (self) + SILENCE_AHEAD)
    return G_SOURCE_CONTINUE;

  size = 2 * gst_util_uint64_scale (vigil_alarm_tone_get_rate (self->tone), SILENCE, GST_SECOND);
  if (self->silence == NULL || g_bytes_get_size (self->silence) != size)
    {
      g_clear_pointer (&self->silence, g_bytes_unref);
      self->silence = g_bytes_new_take (g_malloc0 (size), size);
    }
  push_pcm (self, self->silence, "silence");
  return G_SOURCE_CONTINUE;
}

static gboolean
push_waiting_cb (gpointer user_data)
{
  VigilAlarmSound *self = user_data;

  self->waiting_timer = 0;
  if (self->has_waiting)
    {
      self->has_waiting = FALSE;
      push_sound (self, self->waiting);
    }
  if (self->draining)
    gst_app_src_end_of_stream (GST_APP_SRC (self->appsrc));
  return G_SOURCE_REMOVE;
}

static void
queue_sound (VigilAlarmSound    *self,
             VigilAlarmToneKind  kind)
{
  GstClockTime now = running_time (self);
  guint delay_ms;

  if (self->has_waiting)
    {
      if (vigil_alarm_tone_kind_get_urgency (kind) > vigil_alarm_tone_kind_get_urgency (self->waiting))
        {
          g_debug ("Alarm sound: %s takes the place of %s",
                   kind_name (kind),
                   kind_name (self->waiting));
          self->waiting = kind;
        }
      else
        g_debug ("Alarm sound: %s dropped, %s is waiting",
                 kind_name (kind),
                 kind_name (self->waiting));
      return;
    }

  if (self->queue_end <= now + PUSH_AHEAD)
    {
      push_sound (self, kind);
      return;
    }

  self->has_waiting = TRUE;
  self->waiting = kind;
  delay_ms = (guint) ((self->queue_end - now - PUSH_AHEAD) / GST_MSECOND);
  self->waiting_timer = g_timeout_add (delay_ms, push_waiting_cb, self);
}

static gboolean
self_test_poll_cb (gpointer user_data)
{
  VigilAlarmSound *self = user_data;
  GstClockTime delivered, position = GST_CLOCK_TIME_NONE;
  gboolean reached, played;
  g_autofree char *message = NULL;

  g_mutex_lock (&self->probe_lock);
  delivered = self->delivered_end;
  g_mutex_unlock (&self->probe_lock);

  /* Arrived at the output and had the time to play; an audio device must
   * also have played past its end (its position runs on the samples it
   * has played). */
  reached = GST_CLOCK_TIME_IS_VALID (delivered) && delivered + GST_MSECOND >= self->self_test_end;
  played = reached && running_time (self) >= self->self_test_end;
  if (played && GST_IS_AUDIO_BASE_SINK (self->output))
    played = gst_element_query_position (self->output, GST_FORMAT_TIME, (gint64 *) &position) &&
             GST_CLOCK_TIME_IS_VALID (position) && position >= self->self_test_end;

  if (played)
    {
      self->self_test_poll = 0;
      message = g_strdup_printf (_("The test tone played on %s."), self->sink_name);
      set_self_test (self, VIGIL_ALARM_SOUND_SELF_TEST_PASSED, message);
      return G_SOURCE_REMOVE;
    }

  if (g_get_monotonic_time () < self->self_test_deadline)
    return G_SOURCE_CONTINUE;

  message = g_strdup_printf (reached
                             ? _("The audio output %s took the start-up test tone but did not play it. %s")
                             : _("The start-up test tone did not reach the audio output %s. %s"),
                             self->sink_name, NOT_HEARD);
  self->self_test_poll = 0;
  halt (self);
  set_available (self, FALSE, message);
  set_self_test (self, VIGIL_ALARM_SOUND_SELF_TEST_FAILED, message);
  return G_SOURCE_REMOVE;
}

static gboolean
make_element (const char  *factory,
              GstElement **out,
              GError     **error)
{
  *out = gst_element_factory_make (factory, NULL);
  if (*out == NULL)
    {
      g_set_error (error, VIGIL_ALARM_SOUND_ERROR, VIGIL_ALARM_SOUND_ERROR_GSTREAMER,
                   _("The GStreamer element “%s” is missing: install gstreamer1.0-plugins-base "
                     "and gstreamer1.0-plugins-good. %s"), factory, NOT_HEARD);
      return FALSE;
    }
  return TRUE;
}

static gboolean
build_pipeline (VigilAlarmSound  *self,
                GError          **error)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) sink_pad = NULL;
  GstElement *appsrc = NULL, *convert = NULL, *resample = NULL, *sink = NULL;

  if (!make_element ("appsrc", &appsrc, error) ||
      !make_element ("audioconvert", &convert, error) ||
      !make_element ("audioresample", &resample, error))
    goto failed;

  if (self->sink_description != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      sink = gst_parse_bin_from_description_full (self->sink_description, TRUE, NULL,
                                                  GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
      if (sink == NULL)
        {
          g_set_error (error, VIGIL_ALARM_SOUND_ERROR, VIGIL_ALARM_SOUND_ERROR_GSTREAMER,
                       _("The sound output “%s” cannot be used: %s. %s"),
                       self->sink_description, local_error->message, NOT_HEARD);
          goto failed;
        }
    }
  else if (!make_element ("autoaudiosink", &sink, error))
    goto failed;

  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, "S16LE",
                              "rate", G_TYPE_INT, (int) vigil_alarm_tone_get_rate (self->tone),
                              "channels", G_TYPE_INT, 1,
                              "layout", G_TYPE_STRING, "interleaved",
                              NULL);
  g_object_set (appsrc,
                "caps", caps,
                "format", GST_FORMAT_TIME,
                "is-live", TRUE,
                "do-timestamp", FALSE,
                "max-bytes", (guint64) 0,  /* at most two bursts are ever queued */
                /* Bursts are pushed ahead of time and may wait in the
                 * queue: sinks may buffer that long. */
                "min-latency", (gint64) 0,
                "max-latency", (gint64) (10 * GST_SECOND),
                "stream-type", GST_APP_STREAM_TYPE_STREAM,
                NULL);

  self->pipeline = gst_pipeline_new ("vigil-alarm-sound");
  gst_bin_add_many (GST_BIN (self->pipeline), appsrc, convert, resample, sink, NULL);
  if (!gst_element_link_many (appsrc, convert, resample, sink, NULL))
    {
      g_set_error (error, VIGIL_ALARM_SOUND_ERROR, VIGIL_ALARM_SOUND_ERROR_GSTREAMER,
                   _("The sound output “%s” does not accept audio. %s"),
                   self->sink_description ? self->sink_description : "autoaudiosink", NOT_HEARD);
      return FALSE;
    }
  self->appsrc = appsrc;
  self->sink = sink;

  sink_pad = gst_element_get_static_pad (sink, "sink");
  if (sink_pad != NULL)
    gst_pad_add_probe (sink_pad, GST_PAD_PROBE_TYPE_BUFFER, delivered_probe, self, NULL);
  return TRUE;

failed:
  /* Not yet in a bin: floating references. */
  g_clear_pointer (&appsrc, gst_object_unref);
  g_clear_pointer (&convert, gst_object_unref);
  g_clear_pointer (&resample, gst_object_unref);
  g_clear_pointer (&sink, gst_object_unref);
  return FALSE;
}

/**
 * vigil_alarm_sound_start:
 * @self: the player
 * @error: why alarms cannot be heard
 *
 * Builds the pipeline, opens the output and plays the self-test tone.
 * Returns %FALSE, with vigil_alarm_sound_is_available() %FALSE and the
 * self-test recorded as failed, when the output could not be opened, is a
 * fake or a placeholder, or did not start. When it returns %TRUE the sound
 * is available and the self-test is running: it ends within a few seconds,
 * and if it fails, "available" turns %FALSE.
 *
 * Calling it again restarts the player (after an error, say).
 *
 * Returns: %TRUE if the alarms can be heard
 */
gboolean
vigil_alarm_sound_start (VigilAlarmSound  *self,
                         GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *details = NULL;
  g_autofree char *placeholder = NULL;
  GstStateChangeReturn ret;
  GstState state = GST_STATE_NULL;
  gboolean had_error = FALSE;

  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  teardown (self);
  set_self_test (self, VIGIL_ALARM_SOUND_SELF_TEST_RUNNING, NULL);
  self->delivered_end = GST_CLOCK_TIME_NONE;

  if (!vigil_alarm_sound_init_gstreamer (&local_error))
    return fail_start (self, error, local_error->code, local_error->message, NULL);

  if (self->tone == NULL)
    self->tone = vigil_alarm_tone_new (NULL, NULL);
  g_assert (self->tone != NULL);

  if (!build_pipeline (self, &local_error))
    return fail_start (self, error, local_error->code, local_error->message, NULL);

  /* autoaudiosink chooses its output going to READY, and audio sinks open
   * their device there. */
  ret = gst_element_set_state (self->pipeline, GST_STATE_READY);
  details = pop_bus_problems (self->pipeline, &had_error);
  self->output = find_output (self->sink);
  set_sink_name (self, self->output ? element_factory_name (self->output) : NULL);
  if (ret == GST_STATE_CHANGE_FAILURE || had_error)
    {
      g_autofree char *problem = g_strdup_printf (_("The audio output could not be opened (%s). %s"),
                                                  *details ? details : _("no reason given"), NOT_HEARD);

      return fail_start (self, error, VIGIL_ALARM_SOUND_ERROR_DEVICE_FAILED, problem, NULL);
    }
  if (is_fake_output (self->output))
    return fail_start (self, error, VIGIL_ALARM_SOUND_ERROR_NO_DEVICE,
                       _("No audio output device was found (the sound system chose a silent fake "
                         "output). Alarms will be shown but not heard: connect speakers or check the "
                         "sound settings."),
                       details);

  /* A live pipeline's sink completes its change to PLAYING only with data
   * in hand: the self-test tone goes in first. Its time stamp is counted
   * from the start of PLAYING. */
  self->running = TRUE;
  push_sound (self, VIGIL_ALARM_TONE_SELF_TEST);
  ret = gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  if (ret != GST_STATE_CHANGE_FAILURE)
    ret = gst_element_get_state (self->pipeline, &state, NULL, START_TIMEOUT);
  g_clear_pointer (&details, g_free);
  details = pop_bus_problems (self->pipeline, &had_error);
  if (ret == GST_STATE_CHANGE_FAILURE || had_error || state != GST_STATE_PLAYING)
    {
      g_autofree char *problem = NULL;

      problem = g_strdup_printf (_("The audio output %s did not start (%s). %s"),
                                 self->sink_name,
                                 *details ? details : _("it did not answer within 5 seconds"),
                                 NOT_HEARD);
      return fail_start (self, error, VIGIL_ALARM_SOUND_ERROR_DEVICE_FAILED, problem, NULL);
    }

  placeholder = placeholder_device (self->output);
  if (placeholder != NULL)
    {
      g_autofree char *problem = NULL;

      problem = g_strdup_printf (_("No audio output device was found (the sound server offers only "
                                   "its silent placeholder “%s”). %s"), placeholder, NOT_HEARD);
      return fail_start (self, error, VIGIL_ALARM_SOUND_ERROR_NO_DEVICE, problem, NULL);
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  self->keepalive = g_timeout_add (KEEPALIVE_MS, keepalive_cb, self);
  set_available (self, TRUE, NULL);

  self->self_test_deadline = g_get_monotonic_time ()
                           + vigil_alarm_tone_get_duration_us (self->tone, VIGIL_ALARM_TONE_SELF_TEST)
                           + SELF_TEST_GRACE_US;
  self->self_test_poll = g_timeout_add (SELF_TEST_POLL_MS, self_test_poll_cb, self);
  return TRUE;
}

/**
 * vigil_alarm_sound_stop:
 * @self: the player
 *
 * Stops at once, dropping whatever is queued. The sound is then
 * unavailable (disconnect from notify::available first when quitting).
 */
void
vigil_alarm_sound_stop (VigilAlarmSound *self)
{
  g_return_if_fail (VIGIL_IS_ALARM_SOUND (self));

  if (self->pipeline == NULL)
    return;
  teardown (self);
  if (self->self_test == VIGIL_ALARM_SOUND_SELF_TEST_RUNNING)
    set_self_test (self, VIGIL_ALARM_SOUND_SELF_TEST_NOT_RUN, NULL);
  set_available (self, FALSE, _("The alarm sound was switched off."));
}

/**
 * vigil_alarm_sound_drain:
 * @self: the player
 *
 * Ends the stream after what is queued (a waiting burst included);
 * "drained" is emitted once it has all been played (for a file output:
 * written and the file closed). The output is then stopped, as by
 * vigil_alarm_sound_stop().
 */
void
vigil_alarm_sound_drain (VigilAlarmSound *self)
{
  g_return_if_fail (VIGIL_IS_ALARM_SOUND (self));

  if (!self->running || self->draining)
    return;
  self->draining = TRUE;
  /* A waiting burst is pushed first. */
  if (!self->has_waiting)
    gst_app_src_end_of_stream (GST_APP_SRC (self->appsrc));
}

/**
 * vigil_alarm_sound_play:
 * @self: the player
 * @kind: the sound
 *
 * Starts @kind now, or exactly when the sound still playing ends. One
 * burst can wait so: a more urgent one takes its place, a less urgent one
 * is dropped. Does nothing when the output is not running (the sound is
 * then unavailable, and T5 is up).
 */
void
vigil_alarm_sound_play (VigilAlarmSound    *self,
                        VigilAlarmToneKind  kind)
{
  g_return_if_fail (VIGIL_IS_ALARM_SOUND (self));
  g_return_if_fail ((guint) kind < VIGIL_ALARM_TONE_N_KINDS);

  if (!self->running)
    {
      g_debug ("Alarm sound: %s not played: %s",
               kind_name (kind),
               self->problem ? self->problem : "not started");
      return;
    }
  if (self->draining)
    return;
  queue_sound (self, kind);
}

/**
 * vigil_alarm_sound_play_burst:
 * @self: the player
 * @priority: the priority that sounds
 * @reminder: whether it is the reminder of an acknowledged alarm
 *
 * The handler for VigilAlarmEngine::burst, with the same arguments:
 * `g_signal_connect_swapped (engine, "burst", G_CALLBACK (vigil_alarm_sound_play_burst), sound)`.
 * A reminder plays the same burst as the alarm, so it is recognised.
 */
void
vigil_alarm_sound_play_burst (VigilAlarmSound    *self,
                              VigilAlarmPriority  priority,
                              gboolean            reminder)
{
  g_return_if_fail (VIGIL_IS_ALARM_SOUND (self));

  if (priority == VIGIL_ALARM_PRIORITY_NONE)
    return;
  vigil_alarm_sound_play (self, vigil_alarm_tone_kind_for_priority (priority));
}

guint
vigil_alarm_sound_get_n_played (VigilAlarmSound    *self,
                                VigilAlarmToneKind  kind)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), 0);
  g_return_val_if_fail ((guint) kind < VIGIL_ALARM_TONE_N_KINDS, 0);

  return self->n_played[kind];
}

gboolean
vigil_alarm_sound_is_available (VigilAlarmSound *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), FALSE);

  return self->available;
}

/**
 * vigil_alarm_sound_get_problem:
 * @self: the player
 *
 * Returns: (nullable): why the alarms cannot be heard, for people, or
 *   %NULL when they can
 */
const char *
vigil_alarm_sound_get_problem (VigilAlarmSound *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), NULL);

  if (!self->available && self->problem == NULL)
    return _("The alarm sound has not been started.");
  return self->problem;
}

/**
 * vigil_alarm_sound_get_sink_name:
 * @self: the player
 *
 * Returns: (nullable): the GStreamer element that plays (pulsesink,
 *   alsasink, fakesink, filesink…), once started
 */
const char *
vigil_alarm_sound_get_sink_name (VigilAlarmSound *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), NULL);

  return self->sink_name;
}

const char *
vigil_alarm_sound_get_sink_description (VigilAlarmSound *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), NULL);

  return self->sink_description;
}

VigilAlarmSoundSelfTest
vigil_alarm_sound_get_self_test (VigilAlarmSound *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), VIGIL_ALARM_SOUND_SELF_TEST_NOT_RUN);

  return self->self_test;
}

/**
 * vigil_alarm_sound_get_self_test_message:
 * @self: the player
 *
 * Returns: (nullable): what the last self-test found, for people and the
 *   log; %NULL while it runs or before it ran
 */
const char *
vigil_alarm_sound_get_self_test_message (VigilAlarmSound *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), NULL);

  return self->self_test_message;
}

/**
 * vigil_alarm_sound_get_self_test_time:
 * @self: the player
 *
 * Returns: (transfer none) (nullable): when the self-test last started,
 *   passed or failed
 */
GDateTime *
vigil_alarm_sound_get_self_test_time (VigilAlarmSound *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), NULL);

  return self->self_test_time;
}

VigilAlarmTone *
vigil_alarm_sound_get_tone (VigilAlarmSound *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_SOUND (self), NULL);

  return self->tone;
}

/**
 * vigil_alarm_sound_set_tone:
 * @self: the player
 * @tone: (nullable): the sounds to play, %NULL for the factory ones
 *
 * Takes effect at the next burst; a different sample rate restarts a
 * running output (and its self-test).
 */
void
vigil_alarm_sound_set_tone (VigilAlarmSound *self,
                            VigilAlarmTone  *tone)
{
  g_autoptr(VigilAlarmTone) factory = NULL;
  gboolean restart;

  g_return_if_fail (VIGIL_IS_ALARM_SOUND (self));
  g_return_if_fail (tone == NULL || VIGIL_IS_ALARM_TONE (tone));

  if (tone == NULL)
    tone = factory = vigil_alarm_tone_new (NULL, NULL);
  if (self->tone == tone)
    return;

  restart = self->running && self->tone != NULL &&
            vigil_alarm_tone_get_rate (tone) != vigil_alarm_tone_get_rate (self->tone);
  g_set_object (&self->tone, tone);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TONE]);
  if (restart)
    vigil_alarm_sound_start (self, NULL);
}

VigilAlarmSound *
vigil_alarm_sound_new (const char *sink_description)
{
  return g_object_new (VIGIL_TYPE_ALARM_SOUND,
                       "sink-description", sink_description,
                       NULL);
}

static void
vigil_alarm_sound_dispose (GObject *object)
{
  VigilAlarmSound *self = VIGIL_ALARM_SOUND (object);

  teardown (self);
  g_clear_object (&self->tone);

  G_OBJECT_CLASS (vigil_alarm_sound_parent_class)->dispose (object);
}

static void
vigil_alarm_sound_finalize (GObject *object)
{
  VigilAlarmSound *self = VIGIL_ALARM_SOUND (object);

  g_free (self->sink_description);
  g_clear_pointer (&self->silence, g_bytes_unref);
  g_free (self->problem);
  g_free (self->sink_name);
  g_free (self->self_test_message);
  g_free (self->logged_self_test);
  g_clear_pointer (&self->self_test_time, g_date_time_unref);
  g_mutex_clear (&self->probe_lock);

  G_OBJECT_CLASS (vigil_alarm_sound_parent_class)->finalize (object);
}

static void
vigil_alarm_sound_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilAlarmSound *self = VIGIL_ALARM_SOUND (object);

  switch (prop_id)
    {
    case PROP_SINK_DESCRIPTION:
      g_value_set_string (value, self->sink_description);
      break;
    case PROP_TONE:
      g_value_set_object (value, self->tone);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, vigil_alarm_sound_get_problem (self));
      break;
    case PROP_SINK_NAME:
      g_value_set_string (value, self->sink_name);
      break;
    case PROP_SELF_TEST:
      g_value_set_enum (value, self->self_test);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alarm_sound_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilAlarmSound *self = VIGIL_ALARM_SOUND (object);

  switch (prop_id)
    {
    case PROP_SINK_DESCRIPTION:
      self->sink_description = g_value_dup_string (value);
      break;
    case PROP_TONE:
      vigil_alarm_sound_set_tone (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alarm_sound_class_init (VigilAlarmSoundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_alarm_sound_dispose;
  object_class->finalize = vigil_alarm_sound_finalize;
  object_class->get_property = vigil_alarm_sound_get_property;
  object_class->set_property = vigil_alarm_sound_set_property;

  /* A GStreamer sink description such as "wavenc ! filesink location=x.wav";
   * NULL for autoaudiosink. */
  properties[PROP_SINK_DESCRIPTION] =
    g_param_spec_string ("sink-description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TONE] =
    g_param_spec_object ("tone", NULL, NULL, VIGIL_TYPE_ALARM_TONE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SINK_NAME] =
    g_param_spec_string ("sink-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELF_TEST] =
    g_param_spec_enum ("self-test", NULL, NULL, VIGIL_TYPE_ALARM_SOUND_SELF_TEST,
                       VIGIL_ALARM_SOUND_SELF_TEST_NOT_RUN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DRAINED] =
    g_signal_new ("drained",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vigil_alarm_sound_init (VigilAlarmSound *self)
{
  g_mutex_init (&self->probe_lock);
  self->delivered_end = GST_CLOCK_TIME_NONE;
}
