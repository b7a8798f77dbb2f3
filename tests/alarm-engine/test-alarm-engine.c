/* test-alarm-engine.c — alarm signal states, actions and presentation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test drives the real evaluator with observations and device events
 * on a manual clock, so each transition happens at an exact clock time.
 */
#include <math.h>

#include "vigil-alarm-engine.h"

#define T0_WALL_US G_GINT64_CONSTANT (1700000000000000)
#define SEC(s)     ((gint64) ((s) * (double) G_USEC_PER_SEC))

typedef struct
{
  gint64             mono_us;
  VigilAlarmPriority priority;
  gboolean           reminder;
  VigilAlarmPriority sound_then;
} Burst;

typedef struct
{
  VigilClock       *clock;
  VigilAlarmLimits *limits;
  VigilAlarmEngine *engine;
  GPtrArray        *log;     /* VigilAlarmLogEntry copies, in order */
  GArray           *bursts;  /* Burst */
  guint             changed;
  double            hr;      /* what run() feeds every second; NAN: nothing */
  double            spo2;
} Fixture;

static void
on_log (VigilAlarmEngine         *engine,
        const VigilAlarmLogEntry *entry,
        Fixture                  *f)
{
  g_ptr_array_add (f->log, vigil_alarm_log_entry_copy (entry));
}

static void
on_burst (VigilAlarmEngine   *engine,
          VigilAlarmPriority  priority,
          gboolean            reminder,
          Fixture            *f)
{
  Burst burst = {
    .mono_us = vigil_clock_get_monotonic (f->clock),
    .priority = priority,
    .reminder = reminder,
    .sound_then = vigil_alarm_engine_get_sound_priority (engine),
  };

  g_array_append_val (f->bursts, burst);
}

static void
on_changed (VigilAlarmEngine *engine,
            Fixture          *f)
{
  f->changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->clock = vigil_clock_new_manual (T0_WALL_US);
  f->limits = vigil_alarm_limits_new_default ();
  f->engine = vigil_alarm_engine_new (f->limits, f->clock);
  f->log = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alarm_log_entry_free);
  f->bursts = g_array_new (FALSE, FALSE, sizeof (Burst));
  f->hr = NAN;
  f->spo2 = NAN;
  g_signal_connect (f->engine, "log", G_CALLBACK (on_log), f);
  g_signal_connect (f->engine, "burst", G_CALLBACK (on_burst), f);
  g_signal_connect (f->engine, "changed", G_CALLBACK (on_changed), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Nothing may keep the engine, its limits or its clock alive. */
  g_assert_finalize_object (f->engine);
  g_assert_finalize_object (f->limits);
  g_assert_finalize_object (f->clock);
  g_ptr_array_unref (f->log);
  g_array_unref (f->bursts);
}

static gint64
now_us (Fixture *f)
{
  return vigil_clock_get_monotonic (f->clock);
}

/* The manual clock's monotonic time starts at 1 s, its wall time at T0. */
static gint64
wall_to_mono (gint64 wall_us)
{
  return wall_us - T0_WALL_US + G_USEC_PER_SEC;
}

static void
feed (Fixture        *f,
      VigilParameter  parameter,
      double          value)
{
  VigilObservation obs;

  vigil_observation_init (&obs, parameter);
  obs.value = value;
  obs.quality = isfinite (value) ? VIGIL_QUALITY_VALID : 0;
  obs.host_wall_us = vigil_clock_get_wall (f->clock);
  obs.host_monotonic_us = now_us (f);
  vigil_alarm_engine_observe (f->engine, &obs);
}

static void
feed_nibp (Fixture *f,
           double   systolic,
           double   diastolic)
{
  VigilObservation obs;

  vigil_observation_init (&obs, VIGIL_PARAMETER_NIBP);
  obs.value = systolic;
  obs.diastolic = diastolic;
  obs.quality = VIGIL_QUALITY_VALID;
  obs.host_wall_us = vigil_clock_get_wall (f->clock);
  obs.host_monotonic_us = now_us (f);
  vigil_alarm_engine_observe (f->engine, &obs);
}

static void
technical (Fixture            *f,
           VigilTechnicalKind  kind,
           int                 parameter)
{
  g_autoptr(VigilTechnicalEvent) event = vigil_technical_event_new (kind, parameter, "test");

  event->host_wall_us = vigil_clock_get_wall (f->clock);
  event->host_monotonic_us = now_us (f);
  vigil_alarm_engine_technical (f->engine, event);
}

/* Feeds the patient's current values now. */
static void
feed_patient (Fixture *f)
{
  if (!isnan (f->hr))
    feed (f, VIGIL_PARAMETER_HR, f->hr);
  if (!isnan (f->spo2))
    feed (f, VIGIL_PARAMETER_SPO2, f->spo2);
}

/* Lets @seconds pass, the monitors sending HR and SpO₂ once a second. */
static void
run (Fixture *f,
     guint    seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      vigil_clock_advance (f->clock, G_USEC_PER_SEC);
      feed_patient (f);
    }
}

static const VigilAlarmLogEntry *
log_at (Fixture *f,
        guint    i)
{
  g_assert_cmpuint (i, <, f->log->len);
  return g_ptr_array_index (f->log, i);
}

/* The index of the first entry of @kind for @id at or after @from, or -1. */
static int
find_log (Fixture           *f,
          guint              from,
          VigilAlarmLogKind  kind,
          VigilAlarmId       id)
{
  for (guint i = from; i < f->log->len; i++)
    {
      const VigilAlarmLogEntry *e = log_at (f, i);

      if (e->kind == kind && e->id == id)
        return (int) i;
    }
  return -1;
}

static guint
count_log (Fixture           *f,
           VigilAlarmLogKind  kind,
           VigilAlarmId       id)
{
  guint n = 0;

  for (guint i = 0; i < f->log->len; i++)
    if (log_at (f, i)->kind == kind && log_at (f, i)->id == id)
      n++;
  return n;
}

static gint64
onset_of (Fixture      *f,
          VigilAlarmId  id)
{
  int i = find_log (f, 0, VIGIL_ALARM_LOG_START, id);

  g_assert_cmpint (i, >=, 0);
  return wall_to_mono (log_at (f, i)->wall_us);
}

static const Burst *
burst_at (Fixture *f,
          guint    i)
{
  g_assert_cmpuint (i, <, f->bursts->len);
  return &g_array_index (f->bursts, Burst, i);
}

static void
assert_state (Fixture         *f,
              VigilAlarmId     id,
              VigilAlarmState  want)
{
  VigilAlarmState got = vigil_alarm_engine_get_state (f->engine, id);
  g_autoptr(GEnumClass) states = NULL;

  if (got == want)
    return;
  states = g_type_class_ref (VIGIL_TYPE_ALARM_STATE);
  g_error ("%s: state %s, expected %s", vigil_alarm_get_info (id)->code,
           g_enum_get_value (states, got)->value_nick,
           g_enum_get_value (states, want)->value_nick);
}

/* ---- the log entry ---------------------------------------------------- */

static void
test_log_entry (void)
{
  static const char *names[] = {
    "start", "end", "acknowledge", "audio-pause", "audio-resume", "reset",
    "escalate", "limit-change",
  };
  g_autoptr(VigilAlarmLogEntry) entry = NULL;
  g_autoptr(VigilAlarmLogEntry) copy = NULL;
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (VIGIL_TYPE_ALARM_LOG_KIND);

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == VIGIL_N_ALARM_LOG_KINDS);
  for (guint i = 0; i < VIGIL_N_ALARM_LOG_KINDS; i++)
    {
      VigilAlarmLogKind kind = VIGIL_N_ALARM_LOG_KINDS;

      g_assert_cmpstr (vigil_alarm_log_kind_to_string (i), ==, names[i]);
      g_assert_true (vigil_alarm_log_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
      /* The GEnum nick is the stored name too. */
      g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==, names[i]);
    }
  g_assert_false (vigil_alarm_log_kind_from_string ("silence", NULL));
  g_assert_false (vigil_alarm_log_kind_from_string ("Start", NULL));

  entry = vigil_alarm_log_entry_new (VIGIL_ALARM_LOG_LIMIT_CHANGE, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpint (entry->kind, ==, VIGIL_ALARM_LOG_LIMIT_CHANGE);
  g_assert_cmpint (entry->id, ==, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpint (entry->priority, ==, VIGIL_ALARM_PRIORITY_NONE);
  g_assert_true (isnan (entry->value) && isnan (entry->limit) && isnan (entry->old_limit));
  g_assert_null (entry->message);
  g_assert_null (entry->who);

  entry->message = g_strdup ("HR high limit 120 → 130");
  entry->who = g_strdup ("dr-lee");
  entry->old_limit = 120;
  entry->limit = 130;
  copy = vigil_alarm_log_entry_copy (entry);
  g_assert_true (copy->message != entry->message);
  g_assert_cmpstr (copy->message, ==, entry->message);
  g_assert_cmpstr (copy->who, ==, "dr-lee");
  g_assert_cmpfloat (copy->old_limit, ==, 120);
  g_assert_cmpfloat (copy->limit, ==, 130);
  g_assert_true (G_TYPE_IS_BOXED (VIGIL_TYPE_ALARM_LOG_ENTRY));
}

/* ---- escalation ------------------------------------------------------- */

static void
test_escalation (Fixture       *f,
                 gconstpointer  data)
{
  gint64 onset;
  int i;

  f->hr = 130;
  feed_patient (f);
  run (f, 10);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  onset = onset_of (f, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpint (onset, ==, now_us (f));

  run (f, 119);
  vigil_clock_advance (f->clock, SEC (0.75));
  g_assert_cmpint (now_us (f), ==, onset + SEC (119.75));
  g_assert_cmpint (vigil_alarm_engine_get_priority (f->engine, VIGIL_ALARM_HR_HIGH), ==,
                   VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_cmpint (find_log (f, 0, VIGIL_ALARM_LOG_ESCALATE, VIGIL_ALARM_HR_HIGH), ==, -1);

  vigil_clock_advance (f->clock, SEC (0.25));
  g_assert_cmpint (vigil_alarm_engine_get_priority (f->engine, VIGIL_ALARM_HR_HIGH), ==,
                   VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  i = find_log (f, 0, VIGIL_ALARM_LOG_ESCALATE, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (wall_to_mono (log_at (f, i)->wall_us), ==, onset + SEC (120));
  g_assert_cmpint (log_at (f, i)->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_null (log_at (f, i)->who);
  /* The escalated alarm sounds as high at once. */
  g_assert_cmpint (burst_at (f, f->bursts->len - 1)->mono_us, ==, onset + SEC (120));
  g_assert_cmpint (burst_at (f, f->bursts->len - 1)->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  {
    g_autofree char *banner = vigil_alarm_engine_format_banner (f->engine, VIGIL_ALARM_HR_HIGH);
    g_assert_cmpstr (banner, ==, "!!! HR 130 > 120");
  }

  /* Escalation is for this occurrence: the next one starts medium again. */
  f->hr = 80;
  run (f, 1);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_INACTIVE);
  g_assert_cmpint (vigil_alarm_engine_get_priority (f->engine, VIGIL_ALARM_HR_HIGH), ==,
                   VIGIL_ALARM_PRIORITY_MEDIUM);
  f->hr = 130;
  run (f, 11);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpint (vigil_alarm_engine_get_priority (f->engine, VIGIL_ALARM_HR_HIGH), ==,
                   VIGIL_ALARM_PRIORITY_MEDIUM);
}

static void
test_escalation_acknowledged (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->hr = 130;
  feed_patient (f);
  run (f, 10);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  run (f, 60);
  g_assert_true (vigil_alarm_engine_acknowledge (f->engine, VIGIL_ALARM_HR_HIGH, "nurse", &error));
  g_assert_no_error (error);

  run (f, 240);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACKNOWLEDGED);
  g_assert_cmpint (vigil_alarm_engine_get_priority (f->engine, VIGIL_ALARM_HR_HIGH), ==,
                   VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_cmpuint (count_log (f, VIGIL_ALARM_LOG_ESCALATE, VIGIL_ALARM_HR_HIGH), ==, 0);
}

/* With a coarse tick the engine notices a delay that ran out between two
 * ticks late, but the onset (log, escalation) is the evaluator's exact
 * time, and escalation fires at exactly 2 min from it. */
static void
test_escalation_between_ticks (Fixture       *f,
                               gconstpointer  data)
{
  gint64 t0 = now_us (f);
  int i;

  g_object_set (f->engine, "tick-interval", 1000u, NULL);
  vigil_clock_advance (f->clock, SEC (0.5));
  f->hr = 130;
  feed_patient (f);
  run (f, 9);
  vigil_clock_advance (f->clock, SEC (0.75));
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_PENDING);
  vigil_clock_advance (f->clock, SEC (0.75));
  /* Noticed at the tick of t0 + 11 s; the delay ran out at t0 + 10.5 s. */
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpint (onset_of (f, VIGIL_ALARM_HR_HIGH), ==, t0 + SEC (10.5));
  g_assert_cmpint (burst_at (f, 0)->mono_us, ==, t0 + SEC (11));
  vigil_clock_advance (f->clock, SEC (0.5));
  feed_patient (f);

  run (f, 118);
  vigil_clock_advance (f->clock, SEC (0.999));
  g_assert_cmpint (vigil_alarm_engine_get_priority (f->engine, VIGIL_ALARM_HR_HIGH), ==,
                   VIGIL_ALARM_PRIORITY_MEDIUM);
  vigil_clock_advance (f->clock, SEC (0.001));
  g_assert_cmpint (now_us (f), ==, t0 + SEC (130.5));
  g_assert_cmpint (vigil_alarm_engine_get_priority (f->engine, VIGIL_ALARM_HR_HIGH), ==,
                   VIGIL_ALARM_PRIORITY_HIGH);
  i = find_log (f, 0, VIGIL_ALARM_LOG_ESCALATE, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (wall_to_mono (log_at (f, i)->wall_us), ==, t0 + SEC (130.5));
}

/* An audio pause is not an acknowledgement: the paused medium alarm
 * escalates on time and sounds as high. */
static void
test_escalation_paused (Fixture       *f,
                        gconstpointer  data)
{
  gint64 onset;
  int i;

  g_object_set (f->engine, "audio-pause-duration", (gint64) SEC (300), NULL);
  f->hr = 130;
  feed_patient (f);
  run (f, 10);
  onset = onset_of (f, VIGIL_ALARM_HR_HIGH);
  run (f, 30);
  vigil_alarm_engine_pause_audio (f->engine, "nurse");
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_AUDIO_PAUSED);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);

  run (f, 90);
  g_assert_cmpint (now_us (f), ==, onset + SEC (120));
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  i = find_log (f, 0, VIGIL_ALARM_LOG_ESCALATE, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (find_log (f, i, VIGIL_ALARM_LOG_AUDIO_RESUME, VIGIL_ALARM_HR_HIGH), ==, i + 1);
  g_assert_cmpint (burst_at (f, f->bursts->len - 1)->mono_us, ==, onset + SEC (120));
  /* Nothing else was paused: the countdown is over. */
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, 0);
}

/* ---- audio pause ------------------------------------------------------ */

static void
test_breakthrough (Fixture       *f,
                   gconstpointer  data)
{
  guint bursts_before;
  gint64 arrival;
  int i;

  f->hr = 130;
  feed_patient (f);
  run (f, 11);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  vigil_alarm_engine_pause_audio (f->engine, "nurse");
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_AUDIO_PAUSED);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_MEDIUM);

  run (f, 4);
  bursts_before = f->bursts->len;
  arrival = now_us (f);
  f->spo2 = 84;
  feed_patient (f);

  /* The desaturation (high) breaks through the pause of the medium. */
  assert_state (f, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_STATE_ACTIVE);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_AUDIO_PAUSED);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpuint (f->bursts->len, ==, bursts_before + 1);
  g_assert_cmpint (burst_at (f, bursts_before)->mono_us, ==, arrival);
  g_assert_cmpint (burst_at (f, bursts_before)->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  i = find_log (f, 0, VIGIL_ALARM_LOG_START, VIGIL_ALARM_SPO2_DESATURATION);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (find_log (f, i, VIGIL_ALARM_LOG_AUDIO_RESUME, VIGIL_ALARM_SPO2_DESATURATION), ==, i + 1);
  g_assert_null (log_at (f, i + 1)->who);
  /* The paused alarm was not resumed by it. */
  g_assert_cmpint (find_log (f, 0, VIGIL_ALARM_LOG_AUDIO_RESUME, VIGIL_ALARM_HR_HIGH), ==, -1);
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, SEC (116));
}

/* Rule: every condition that starts during an audio pause sounds, even of
 * lower priority than the paused ones (IEC 60601-1-8: new alarm
 * conditions are annunciated); "new-conditions-break-pause" = FALSE keeps
 * it silent unless it is of higher priority. */
static void
test_pause_low_arrives (Fixture       *f,
                        gconstpointer  data)
{
  gboolean break_pause = GPOINTER_TO_INT (data);
  guint bursts_before;
  int i;

  g_object_set (f->engine, "new-conditions-break-pause", break_pause, NULL);
  vigil_alarm_engine_set_sound_available (f->engine, FALSE);
  assert_state (f, VIGIL_ALARM_SOUND_UNAVAILABLE, VIGIL_ALARM_STATE_ACTIVE);
  run (f, 1);
  vigil_alarm_engine_pause_audio (f->engine, "nurse");
  assert_state (f, VIGIL_ALARM_SOUND_UNAVAILABLE, VIGIL_ALARM_STATE_AUDIO_PAUSED);
  run (f, 10);

  bursts_before = f->bursts->len;
  technical (f, VIGIL_TECHNICAL_NIBP_FAILED, VIGIL_PARAMETER_NIBP);
  i = find_log (f, 0, VIGIL_ALARM_LOG_START, VIGIL_ALARM_NIBP_FAILED);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (log_at (f, i)->priority, ==, VIGIL_ALARM_PRIORITY_LOW);
  /* Not a breakthrough in any case: nothing of higher priority. */
  g_assert_cmpint (find_log (f, 0, VIGIL_ALARM_LOG_AUDIO_RESUME, VIGIL_ALARM_NIBP_FAILED), ==, -1);
  assert_state (f, VIGIL_ALARM_SOUND_UNAVAILABLE, VIGIL_ALARM_STATE_AUDIO_PAUSED);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);

  if (break_pause)
    {
      assert_state (f, VIGIL_ALARM_NIBP_FAILED, VIGIL_ALARM_STATE_ACTIVE);
      g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_LOW);
      g_assert_cmpuint (f->bursts->len, ==, bursts_before + 1);
      g_assert_cmpint (burst_at (f, bursts_before)->priority, ==, VIGIL_ALARM_PRIORITY_LOW);
      g_assert_cmpint (find_log (f, 0, VIGIL_ALARM_LOG_AUDIO_PAUSE, VIGIL_ALARM_NIBP_FAILED), ==, -1);
    }
  else
    {
      assert_state (f, VIGIL_ALARM_NIBP_FAILED, VIGIL_ALARM_STATE_AUDIO_PAUSED);
      g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);
      g_assert_cmpuint (f->bursts->len, ==, bursts_before);
      g_assert_cmpint (find_log (f, i, VIGIL_ALARM_LOG_AUDIO_PAUSE, VIGIL_ALARM_NIBP_FAILED), ==, i + 1);
      g_assert_null (log_at (f, i + 1)->who);
      /* Both resume together when the pause runs out. */
      run (f, 109);
      g_assert_cmpuint (f->bursts->len, ==, bursts_before);
      run (f, 1);
      assert_state (f, VIGIL_ALARM_NIBP_FAILED, VIGIL_ALARM_STATE_ACTIVE);
      assert_state (f, VIGIL_ALARM_SOUND_UNAVAILABLE, VIGIL_ALARM_STATE_ACTIVE);
      g_assert_cmpuint (f->bursts->len, ==, bursts_before + 1);
      g_assert_cmpint (burst_at (f, bursts_before)->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
    }
}

static void
test_pause_countdown (Fixture       *f,
                      gconstpointer  data)
{
  gint64 duration, maximum, paused_at;
  guint bursts_before;
  int i;

  /* Nothing shown: nothing to pause, no countdown. */
  vigil_alarm_engine_pause_audio (f->engine, "nurse");
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, 0);
  g_assert_cmpuint (f->log->len, ==, 0);

  vigil_alarm_engine_set_sound_available (f->engine, FALSE);
  run (f, 2);
  vigil_alarm_engine_pause_audio (f->engine, "nurse");
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, SEC (120));
  i = find_log (f, 0, VIGIL_ALARM_LOG_AUDIO_PAUSE, VIGIL_ALARM_SOUND_UNAVAILABLE);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpstr (log_at (f, i)->who, ==, "nurse");

  run (f, 30);
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, SEC (90));
  vigil_clock_advance (f->clock, SEC (0.5));
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, SEC (89.5));
  run (f, 1);

  /* Pausing again restarts the countdown at the duration, not on top. */
  vigil_alarm_engine_pause_audio (f->engine, "nurse");
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, SEC (120));

  /* The duration never exceeds the maximum (5 min). */
  g_object_set (f->engine, "audio-pause-duration", (gint64) SEC (600), NULL);
  g_object_get (f->engine, "audio-pause-duration", &duration, "audio-pause-maximum", &maximum, NULL);
  g_assert_cmpint (duration, ==, SEC (300));
  g_assert_cmpint (maximum, ==, SEC (300));
  vigil_alarm_engine_pause_audio (f->engine, "nurse");
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, SEC (300));

  /* Lowering the maximum shortens a running pause and the duration. */
  g_object_set (f->engine, "audio-pause-maximum", (gint64) SEC (180), NULL);
  g_object_get (f->engine, "audio-pause-duration", &duration, NULL);
  g_assert_cmpint (duration, ==, SEC (180));
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, SEC (180));
  paused_at = now_us (f);

  /* Silence until it runs out, then audio resumes at once. */
  bursts_before = f->bursts->len;
  run (f, 179);
  g_assert_cmpuint (f->bursts->len, ==, bursts_before);
  assert_state (f, VIGIL_ALARM_SOUND_UNAVAILABLE, VIGIL_ALARM_STATE_AUDIO_PAUSED);
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, SEC (1));
  run (f, 1);
  assert_state (f, VIGIL_ALARM_SOUND_UNAVAILABLE, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpint (vigil_alarm_engine_get_pause_remaining (f->engine), ==, 0);
  g_assert_cmpuint (f->bursts->len, ==, bursts_before + 1);
  g_assert_cmpint (burst_at (f, bursts_before)->mono_us, ==, paused_at + SEC (180));
  g_assert_cmpint (burst_at (f, bursts_before)->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  i = find_log (f, 0, VIGIL_ALARM_LOG_AUDIO_RESUME, VIGIL_ALARM_SOUND_UNAVAILABLE);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (wall_to_mono (log_at (f, i)->wall_us), ==, paused_at + SEC (180));
  g_assert_null (log_at (f, i)->who);
  run (f, 5);
  g_assert_cmpuint (f->bursts->len, ==, bursts_before + 2);
}

/* ---- occurrences, acknowledge, latching -------------------------------- */

static void
test_acknowledge_recurrence (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint bursts_before;

  g_assert_false (vigil_alarm_engine_acknowledge (f->engine, VIGIL_ALARM_HR_HIGH, "nurse", &error));
  g_assert_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE);
  g_clear_error (&error);

  f->hr = 130;
  feed_patient (f);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_PENDING);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);
  run (f, 10);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpuint (f->bursts->len, ==, 1);

  g_assert_true (vigil_alarm_engine_acknowledge (f->engine, VIGIL_ALARM_HR_HIGH, "nurse", &error));
  g_assert_no_error (error);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACKNOWLEDGED);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);
  /* Still shown: the visual stays while the condition lasts. */
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  /* A second tap changes nothing. */
  g_assert_true (vigil_alarm_engine_acknowledge (f->engine, VIGIL_ALARM_HR_HIGH, "nurse", NULL));
  g_assert_cmpuint (count_log (f, VIGIL_ALARM_LOG_ACKNOWLEDGE, VIGIL_ALARM_HR_HIGH), ==, 1);

  run (f, 30);
  g_assert_cmpuint (f->bursts->len, ==, 1);

  f->hr = 80;
  run (f, 1);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_INACTIVE);
  g_assert_cmpuint (count_log (f, VIGIL_ALARM_LOG_END, VIGIL_ALARM_HR_HIGH), ==, 1);

  /* A new occurrence alarms again, sound and all. */
  bursts_before = f->bursts->len;
  f->hr = 128;
  feed_patient (f);
  run (f, 10);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_cmpuint (count_log (f, VIGIL_ALARM_LOG_START, VIGIL_ALARM_HR_HIGH), ==, 2);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_cmpuint (f->bursts->len, ==, bursts_before + 1);
  g_assert_false (burst_at (f, bursts_before)->reminder);
}

static void
test_latched (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n;
  int i;

  f->spo2 = 84;
  feed_patient (f);
  assert_state (f, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_STATE_ACTIVE);

  /* Refused while the cause persists. */
  g_assert_false (vigil_alarm_engine_reset (f->engine, VIGIL_ALARM_SPO2_DESATURATION, "nurse", &error));
  g_assert_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_CAUSE_PRESENT);
  g_clear_error (&error);
  assert_state (f, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_STATE_ACTIVE);

  run (f, 2);
  f->spo2 = 97;
  run (f, 1);
  /* The cause is gone; the alarm stays, still sounding, until reset. */
  assert_state (f, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_STATE_LATCHED);
  assert_state (f, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_STATE_INACTIVE);
  g_assert_true (vigil_alarm_engine_is_audible (f->engine, VIGIL_ALARM_SPO2_DESATURATION));
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpuint (count_log (f, VIGIL_ALARM_LOG_END, VIGIL_ALARM_SPO2_DESATURATION), ==, 0);
  {
    g_autofree char *banner = vigil_alarm_engine_format_banner (f->engine, VIGIL_ALARM_SPO2_DESATURATION);
    /* The banner keeps the value that alarmed. */
    g_assert_cmpstr (banner, ==, "!!! SpO₂ 84 ≤ 85");
  }
  n = f->bursts->len;
  run (f, 10);
  g_assert_cmpuint (f->bursts->len, ==, n + 2);

  /* Acknowledge silences the latched alarm; it stays shown. */
  g_assert_true (vigil_alarm_engine_acknowledge (f->engine, VIGIL_ALARM_SPO2_DESATURATION, "nurse", NULL));
  assert_state (f, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_STATE_LATCHED);
  g_assert_false (vigil_alarm_engine_is_audible (f->engine, VIGIL_ALARM_SPO2_DESATURATION));
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);

  /* The cause returns before the reset: the same occurrence, still
   * acknowledged, and reset refused again. */
  f->spo2 = 83;
  run (f, 1);
  assert_state (f, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_STATE_ACKNOWLEDGED);
  g_assert_cmpuint (count_log (f, VIGIL_ALARM_LOG_START, VIGIL_ALARM_SPO2_DESATURATION), ==, 1);
  g_assert_false (vigil_alarm_engine_reset (f->engine, VIGIL_ALARM_SPO2_DESATURATION, "nurse", &error));
  g_assert_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_CAUSE_PRESENT);
  g_clear_error (&error);

  f->spo2 = 98;
  run (f, 1);
  assert_state (f, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_STATE_LATCHED);
  g_assert_true (vigil_alarm_engine_reset (f->engine, VIGIL_ALARM_SPO2_DESATURATION, "rn-kim", &error));
  g_assert_no_error (error);
  assert_state (f, VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_STATE_INACTIVE);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);
  i = find_log (f, 0, VIGIL_ALARM_LOG_RESET, VIGIL_ALARM_SPO2_DESATURATION);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpstr (log_at (f, i)->who, ==, "rn-kim");
  g_assert_cmpint (log_at (f, i + 1)->kind, ==, VIGIL_ALARM_LOG_END);
  g_assert_cmpint (log_at (f, i + 1)->id, ==, VIGIL_ALARM_SPO2_DESATURATION);
  g_assert_cmpuint (i + 2, ==, f->log->len);

  /* Nothing left to reset; a non-latching alarm clears by itself. */
  g_assert_false (vigil_alarm_engine_reset (f->engine, VIGIL_ALARM_SPO2_DESATURATION, "nurse", &error));
  g_assert_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE);
  g_clear_error (&error);
  f->hr = 130;
  feed_patient (f);
  run (f, 10);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACTIVE);
  g_assert_false (vigil_alarm_engine_reset (f->engine, VIGIL_ALARM_HR_HIGH, "nurse", &error));
  g_assert_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_NOT_ACTIVE);
}

/* ---- sound ------------------------------------------------------------ */

static void
assert_bursts (Fixture            *f,
               guint               first,
               gint64              start_us,
               gint64              period_us,
               guint               count,
               VigilAlarmPriority  priority,
               gboolean            reminder)
{
  g_assert_cmpuint (f->bursts->len, ==, first + count);
  for (guint k = 0; k < count; k++)
    {
      const Burst *b = burst_at (f, first + k);

      g_assert_cmpint (b->mono_us, ==, start_us + k * period_us);
      g_assert_cmpint (b->priority, ==, priority);
      g_assert_cmpint (b->reminder, ==, reminder);
    }
}

static void
test_burst_high (Fixture       *f,
                 gconstpointer  data)
{
  gint64 t0 = now_us (f);

  f->spo2 = 84;
  feed_patient (f);
  run (f, 60);
  /* A1 (medium) joined on the way; the high one owns the loudspeaker. */
  assert_state (f, VIGIL_ALARM_SPO2_LOW, VIGIL_ALARM_STATE_ACTIVE);
  assert_bursts (f, 0, t0, SEC (5), 13, VIGIL_ALARM_PRIORITY_HIGH, FALSE);
}

static void
test_burst_medium (Fixture       *f,
                   gconstpointer  data)
{
  gint64 t0 = now_us (f);

  f->hr = 130;
  feed_patient (f);
  run (f, 70);
  assert_bursts (f, 0, t0 + SEC (10), SEC (10), 7, VIGIL_ALARM_PRIORITY_MEDIUM, FALSE);
}

static void
test_burst_low (Fixture       *f,
                gconstpointer  data)
{
  gint64 t0 = now_us (f);

  technical (f, VIGIL_TECHNICAL_NIBP_FAILED, VIGIL_PARAMETER_NIBP);
  assert_state (f, VIGIL_ALARM_NIBP_FAILED, VIGIL_ALARM_STATE_ACTIVE);
  run (f, 60);
  vigil_clock_advance (f->clock, SEC (29.5));
  assert_bursts (f, 0, t0, SEC (30), 3, VIGIL_ALARM_PRIORITY_LOW, FALSE);
}

static void
test_burst_reminder (Fixture       *f,
                     gconstpointer  data)
{
  gint64 acked;

  f->hr = 130;
  feed_patient (f);
  run (f, 12);
  g_assert_cmpuint (f->bursts->len, ==, 1);
  vigil_alarm_engine_acknowledge (f->engine, VIGIL_ALARM_HR_HIGH, "nurse", NULL);
  acked = now_us (f);
  run (f, 400);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_ACKNOWLEDGED);
  assert_bursts (f, 1, acked + SEC (180), SEC (180), 2, VIGIL_ALARM_PRIORITY_MEDIUM, TRUE);
}

static void
test_burst_paused (Fixture       *f,
                   gconstpointer  data)
{
  gint64 t0 = now_us (f);
  gint64 paused;

  vigil_alarm_engine_set_sound_available (f->engine, FALSE);
  run (f, 7);
  assert_bursts (f, 0, t0, SEC (5), 2, VIGIL_ALARM_PRIORITY_HIGH, FALSE);
  vigil_alarm_engine_pause_audio (f->engine, "nurse");
  paused = now_us (f);
  run (f, 119);
  g_assert_cmpuint (f->bursts->len, ==, 2);
  run (f, 11);
  /* The rhythm starts again from the end of the pause. */
  assert_bursts (f, 2, paused + SEC (120), SEC (5), 3, VIGIL_ALARM_PRIORITY_HIGH, FALSE);
}

/* ---- presentation ----------------------------------------------------- */

static void
test_banner_rotation (Fixture       *f,
                      gconstpointer  data)
{
  static const VigilAlarmId cycle[] = {
    VIGIL_ALARM_SPO2_DESATURATION, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_SPO2_LOW,
  };
  g_autoptr(GArray) shown = NULL;
  gint64 t0 = now_us (f);
  VigilAlarmId id;
  guint changed_before;

  f->spo2 = 84;
  f->hr = 130;
  feed_patient (f);
  run (f, 10);
  g_assert_cmpint (onset_of (f, VIGIL_ALARM_SPO2_LOW), ==, t0 + SEC (4));
  g_assert_cmpint (onset_of (f, VIGIL_ALARM_HR_HIGH), ==, t0 + SEC (10));

  /* High first, then the newest. */
  shown = vigil_alarm_engine_list_shown (f->engine, FALSE);
  g_assert_cmpuint (shown->len, ==, 3);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpint (g_array_index (shown, VigilAlarmId, k), ==, cycle[k]);
  g_clear_pointer (&shown, g_array_unref);
  shown = vigil_alarm_engine_list_shown (f->engine, TRUE);
  g_assert_cmpuint (shown->len, ==, 0);
  g_assert_false (vigil_alarm_engine_get_banner (f->engine, TRUE, NULL));

  {
    g_autofree char *a2 = vigil_alarm_engine_format_banner (f->engine, VIGIL_ALARM_SPO2_DESATURATION);
    g_autofree char *a3 = vigil_alarm_engine_format_banner (f->engine, VIGIL_ALARM_HR_HIGH);
    g_autofree char *a1 = vigil_alarm_engine_format_banner (f->engine, VIGIL_ALARM_SPO2_LOW);

    g_assert_cmpstr (a2, ==, "!!! SpO₂ 84 ≤ 85");
    g_assert_cmpstr (a3, ==, "!! HR 130 > 120");
    g_assert_cmpstr (a1, ==, "!! SpO₂ 84 < 90");
  }

  /* The list last changed at t0 + 10 s: each alarm for 2 s, in order. */
  changed_before = f->changed;
  for (guint step = 0; step < 48; step++)
    {
      guint expected = (step / 8) % 3;

      g_assert_true (vigil_alarm_engine_get_banner (f->engine, FALSE, &id));
      if (id != cycle[expected])
        g_error ("at t0 + %.2f s the banner shows %s, expected %s",
                 (now_us (f) - t0) / 1e6, vigil_alarm_get_info (id)->code,
                 vigil_alarm_get_info (cycle[expected])->code);
      vigil_clock_advance (f->clock, SEC (0.25));
      if (step % 4 == 3)
        feed_patient (f);
    }
  /* One "changed" per rotation (12, 14, … 22 s), nothing else changed. */
  g_assert_cmpuint (f->changed - changed_before, ==, 6);
}

static void
test_lamp_ownership (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GArray) technical_list = NULL;
  VigilAlarmId id;

  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);
  f->hr = 130;
  feed_patient (f);
  run (f, 10);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_MEDIUM);

  /* A technical high alarm owns the lamp and the sound, in its own area. */
  vigil_alarm_engine_set_sound_available (f->engine, FALSE);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  technical_list = vigil_alarm_engine_list_shown (f->engine, TRUE);
  g_assert_cmpuint (technical_list->len, ==, 1);
  g_assert_cmpint (g_array_index (technical_list, VigilAlarmId, 0), ==, VIGIL_ALARM_SOUND_UNAVAILABLE);
  g_assert_true (vigil_alarm_engine_get_banner (f->engine, TRUE, &id));
  g_assert_cmpint (id, ==, VIGIL_ALARM_SOUND_UNAVAILABLE);
  g_assert_true (vigil_alarm_engine_get_banner (f->engine, FALSE, &id));
  g_assert_cmpint (id, ==, VIGIL_ALARM_HR_HIGH);

  /* Acknowledged: the medium one sounds again, the lamp stays red. */
  vigil_alarm_engine_acknowledge (f->engine, VIGIL_ALARM_SOUND_UNAVAILABLE, "nurse", NULL);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_MEDIUM);

  vigil_alarm_engine_set_sound_available (f->engine, TRUE);
  assert_state (f, VIGIL_ALARM_SOUND_UNAVAILABLE, VIGIL_ALARM_STATE_LATCHED);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (vigil_alarm_engine_reset (f->engine, VIGIL_ALARM_SOUND_UNAVAILABLE, "nurse", NULL));
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_false (vigil_alarm_engine_get_banner (f->engine, TRUE, NULL));

  f->hr = 75;
  run (f, 1);
  g_assert_cmpint (vigil_alarm_engine_get_lamp_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);
  g_assert_cmpint (vigil_alarm_engine_get_sound_priority (f->engine), ==, VIGIL_ALARM_PRIORITY_NONE);
  g_assert_false (vigil_alarm_engine_get_banner (f->engine, FALSE, NULL));
}

/* ---- the log ---------------------------------------------------------- */

typedef struct
{
  VigilAlarmLogKind kind;
  VigilAlarmId      id;
  const char       *who;
} ExpectedEntry;

static void
test_log_order (Fixture       *f,
                gconstpointer  data)
{
  static const ExpectedEntry expected[] = {
    { VIGIL_ALARM_LOG_START, VIGIL_ALARM_HR_HIGH, NULL },
    { VIGIL_ALARM_LOG_ACKNOWLEDGE, VIGIL_ALARM_HR_HIGH, "rn-ada" },
    { VIGIL_ALARM_LOG_AUDIO_PAUSE, VIGIL_ALARM_HR_HIGH, "rn-bo" },
    { VIGIL_ALARM_LOG_LIMIT_CHANGE, VIGIL_ALARM_HR_HIGH, "dr-cy" },
    { VIGIL_ALARM_LOG_END, VIGIL_ALARM_HR_HIGH, NULL },
    { VIGIL_ALARM_LOG_LIMIT_CHANGE, VIGIL_ALARM_NIBP_HIGH, "dr-cy" },
    { VIGIL_ALARM_LOG_LIMIT_CHANGE, VIGIL_ALARM_SPO2_LOW, NULL },
  };
  g_autoptr(GError) error = NULL;
  const VigilAlarmLogEntry *e;
  gint64 previous_wall = 0;

  f->hr = 130;
  feed_patient (f);
  run (f, 10);
  run (f, 3);
  g_assert_true (vigil_alarm_engine_acknowledge (f->engine, VIGIL_ALARM_HR_HIGH, "rn-ada", NULL));
  run (f, 5);
  vigil_alarm_engine_pause_audio (f->engine, "rn-bo");
  run (f, 7);

  /* Refused limits change nothing and log nothing. */
  g_assert_false (vigil_alarm_engine_set_threshold (f->engine, VIGIL_ALARM_HR_HIGH, FALSE, 500, "dr-cy", &error));
  g_assert_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_INVALID_LIMIT);
  g_clear_error (&error);
  g_assert_false (vigil_alarm_engine_set_threshold (f->engine, VIGIL_ALARM_HR_HIGH, TRUE, 100, "dr-cy", &error));
  g_assert_error (error, VIGIL_ALARM_ENGINE_ERROR, VIGIL_ALARM_ENGINE_ERROR_INVALID_LIMIT);
  g_clear_error (&error);
  g_assert_cmpuint (f->log->len, ==, 3);

  /* Raising the limit above the value ends the alarm at once. */
  g_assert_true (vigil_alarm_engine_set_threshold (f->engine, VIGIL_ALARM_HR_HIGH, FALSE, 140, "dr-cy", &error));
  g_assert_no_error (error);
  assert_state (f, VIGIL_ALARM_HR_HIGH, VIGIL_ALARM_STATE_INACTIVE);
  g_assert_cmpfloat (vigil_alarm_limits_get (f->limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 140);

  run (f, 2);
  g_assert_true (vigil_alarm_engine_set_threshold (f->engine, VIGIL_ALARM_NIBP_HIGH, TRUE, 95, "dr-cy", &error));
  g_assert_no_error (error);
  /* A change made on the limits directly is logged too, by the system. */
  g_assert_true (vigil_alarm_limits_set_threshold (f->limits, VIGIL_ALARM_SPO2_LOW, 92, NULL));

  g_assert_cmpuint (f->log->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      e = log_at (f, i);
      g_assert_cmpint (e->kind, ==, expected[i].kind);
      g_assert_cmpint (e->id, ==, expected[i].id);
      g_assert_cmpstr (e->who, ==, expected[i].who);
      g_assert_cmpint (e->wall_us, >=, previous_wall);
      g_assert_nonnull (e->message);
      previous_wall = e->wall_us;
    }

  e = log_at (f, 0);
  g_assert_cmpint (wall_to_mono (e->wall_us), ==, onset_of (f, VIGIL_ALARM_HR_HIGH));
  g_assert_cmpint (e->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_cmpfloat (e->value, ==, 130);
  g_assert_cmpfloat (e->limit, ==, 120);
  g_assert_cmpstr (e->message, ==, "HR 130 > 120");
  g_assert_true (isnan (e->old_limit));

  e = log_at (f, 3);
  g_assert_cmpfloat (e->old_limit, ==, 120);
  g_assert_cmpfloat (e->limit, ==, 140);
  g_assert_cmpstr (e->message, ==, "A3 HR high limit: 120 → 140");
  g_assert_cmpint (e->wall_us, ==, log_at (f, 4)->wall_us);

  e = log_at (f, 5);
  g_assert_cmpfloat (e->old_limit, ==, 100);
  g_assert_cmpfloat (e->limit, ==, 95);

  e = log_at (f, 6);
  g_assert_cmpfloat (e->old_limit, ==, 90);
  g_assert_cmpfloat (e->limit, ==, 92);
}

/* ---- property: random streams never leave the engine inconsistent ------ */

typedef struct
{
  Fixture  *f;
  int       last_start[VIGIL_N_ALARMS];
  int       last_end[VIGIL_N_ALARMS];
  int       last_ack[VIGIL_N_ALARMS];
  int       last_escalate[VIGIL_N_ALARMS];
  int       last_lifecycle[VIGIL_N_ALARMS];
  int       previous_kind[VIGIL_N_ALARMS];
  gint64    start_wall[VIGIL_N_ALARMS];
  guint     n_entries;
  guint     n_bursts;
  guint     n_shown_max;
  guint     n_kinds[VIGIL_N_ALARM_LOG_KINDS];
} Tracker;

static void
track_log (VigilAlarmEngine         *engine,
           const VigilAlarmLogEntry *entry,
           Tracker                  *t)
{
  int index = (int) t->n_entries++;

  t->n_kinds[entry->kind]++;
  if (entry->kind == VIGIL_ALARM_LOG_LIMIT_CHANGE)
    return;
  t->previous_kind[entry->id] = t->last_lifecycle[entry->id];
  t->last_lifecycle[entry->id] = entry->kind;
  switch (entry->kind)
    {
    case VIGIL_ALARM_LOG_START:
      g_assert_cmpint (t->last_start[entry->id], <=, t->last_end[entry->id]);
      t->last_start[entry->id] = index;
      t->start_wall[entry->id] = entry->wall_us;
      break;
    case VIGIL_ALARM_LOG_END:
      g_assert_cmpint (t->last_start[entry->id], >, t->last_end[entry->id]);
      /* A latching alarm ends only when a person resets it. */
      if (vigil_alarm_limits_get (t->f->limits, entry->id)->latching)
        g_assert_cmpint (t->previous_kind[entry->id], ==, VIGIL_ALARM_LOG_RESET);
      t->last_end[entry->id] = index;
      break;
    case VIGIL_ALARM_LOG_ESCALATE:
      /* Once per occurrence, never after an acknowledgement, medium only. */
      g_assert_cmpint (t->last_start[entry->id], >, t->last_end[entry->id]);
      g_assert_cmpint (t->last_ack[entry->id], <, t->last_start[entry->id]);
      g_assert_cmpint (t->last_escalate[entry->id], <, t->last_start[entry->id]);
      g_assert_cmpint (vigil_alarm_limits_get (t->f->limits, entry->id)->priority, ==,
                       VIGIL_ALARM_PRIORITY_MEDIUM);
      t->last_escalate[entry->id] = index;
      break;
    case VIGIL_ALARM_LOG_ACKNOWLEDGE:
      t->last_ack[entry->id] = index;
      break;
    default:
      /* Every other entry is about an occurrence under way. */
      g_assert_cmpint (t->last_start[entry->id], >, t->last_end[entry->id]);
      break;
    }
}

static void
track_burst (VigilAlarmEngine   *engine,
             VigilAlarmPriority  priority,
             gboolean            reminder,
             Tracker            *t)
{
  VigilAlarmPriority sound = vigil_alarm_engine_get_sound_priority (engine);

  t->n_bursts++;
  /* One owner: an alarm burst is the owner's; a reminder only in silence. */
  if (reminder)
    g_assert_cmpint (sound, ==, VIGIL_ALARM_PRIORITY_NONE);
  else
    g_assert_cmpint (priority, ==, sound);
  g_assert_cmpint (priority, !=, VIGIL_ALARM_PRIORITY_NONE);
}

static gboolean
state_is_shown (VigilAlarmState state)
{
  return state == VIGIL_ALARM_STATE_ACTIVE
         || state == VIGIL_ALARM_STATE_ACKNOWLEDGED
         || state == VIGIL_ALARM_STATE_AUDIO_PAUSED
         || state == VIGIL_ALARM_STATE_LATCHED;
}

static void
check_consistent (Tracker *t,
                  guint    step)
{
  VigilAlarmEngine *engine = t->f->engine;
  VigilAlarmEvaluator *evaluator = vigil_alarm_engine_get_evaluator (engine);
  VigilAlarmPriority max_shown = VIGIL_ALARM_PRIORITY_NONE;
  VigilAlarmPriority max_audible = VIGIL_ALARM_PRIORITY_NONE;
  VigilAlarmPriority lamp = vigil_alarm_engine_get_lamp_priority (engine);
  VigilAlarmPriority sound = vigil_alarm_engine_get_sound_priority (engine);
  gint64 wall = vigil_clock_get_wall (t->f->clock);
  gint64 remaining = vigil_alarm_engine_get_pause_remaining (engine);
  gint64 maximum, escalation;
  guint n_shown = 0, n_owners = 0, n_listed = 0;

  g_object_get (engine, "audio-pause-maximum", &maximum, "escalation-delay", &escalation, NULL);

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      VigilAlarmState state = vigil_alarm_engine_get_state (engine, i);
      VigilAlarmPriority priority = vigil_alarm_engine_get_priority (engine, i);
      const VigilAlarmSetting *setting = vigil_alarm_limits_get (t->f->limits, i);
      VigilConditionStatus status;
      gboolean shown = state_is_shown (state);

      vigil_alarm_evaluator_get_status (evaluator, i, &status);

      if (shown != vigil_alarm_engine_get_status (engine, i, &(VigilConditionStatus) { 0 }))
        g_error ("step %u: %s: get_status disagrees with the state", step, vigil_alarm_get_info (i)->code);

      if (shown)
        {
          /* A START with no END after it. */
          if (t->last_start[i] <= t->last_end[i])
            g_error ("step %u: %s shown without an open START", step, vigil_alarm_get_info (i)->code);
          n_shown++;
          max_shown = MAX (max_shown, priority);
          /* Only an active alarm, or a latched one nobody silenced, sounds. */
          if (state == VIGIL_ALARM_STATE_ACTIVE)
            g_assert_true (vigil_alarm_engine_is_audible (engine, i));
          else if (state != VIGIL_ALARM_STATE_LATCHED)
            g_assert_false (vigil_alarm_engine_is_audible (engine, i));
          else if (t->last_ack[i] > t->last_start[i])
            g_assert_false (vigil_alarm_engine_is_audible (engine, i));
          if (vigil_alarm_engine_is_audible (engine, i))
            max_audible = MAX (max_audible, priority);

          /* Present states need the cause; latched needs latching and no cause. */
          if (state == VIGIL_ALARM_STATE_LATCHED)
            {
              g_assert_true (setting->latching);
              g_assert_cmpint (status.state, !=, VIGIL_CONDITION_MET);
            }
          else if (status.state != VIGIL_CONDITION_MET)
            g_error ("step %u: %s is %d while the evaluator says %d", step,
                     vigil_alarm_get_info (i)->code, state, status.state);

          /* Medium, unacknowledged for the escalation delay: high by now. */
          if (setting->priority == VIGIL_ALARM_PRIORITY_MEDIUM
              && t->last_ack[i] < t->last_start[i]
              && wall - t->start_wall[i] >= escalation)
            g_assert_cmpint (priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
          /* Escalation only ever raises medium to high. */
          if (priority != setting->priority)
            {
              g_assert_cmpint (setting->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
              g_assert_cmpint (priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
            }
        }
      else
        {
          if (t->last_start[i] > t->last_end[i])
            g_error ("step %u: %s not shown after START without END", step, vigil_alarm_get_info (i)->code);
          /* The last entry about its occurrences, if any, is END. */
          if (t->last_lifecycle[i] >= 0)
            g_assert_cmpint (t->last_lifecycle[i], ==, VIGIL_ALARM_LOG_END);
          g_assert_false (vigil_alarm_engine_is_audible (engine, i));
          if (state == VIGIL_ALARM_STATE_PENDING)
            g_assert_cmpint (status.state, ==, VIGIL_CONDITION_PENDING);
          else
            g_assert_cmpint (status.state, ==, VIGIL_CONDITION_CLEAR);
        }
    }

  /* Exactly one lamp colour: the highest shown priority, owned by a shown alarm. */
  g_assert_cmpint (lamp, ==, max_shown);
  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    if (state_is_shown (vigil_alarm_engine_get_state (engine, i))
        && vigil_alarm_engine_get_priority (engine, i) == lamp)
      n_owners++;
  g_assert_true ((lamp == VIGIL_ALARM_PRIORITY_NONE) == (n_owners == 0));

  g_assert_cmpint (sound, ==, max_audible);
  g_assert_cmpint (sound, <=, lamp);

  g_assert_cmpint (remaining, >=, 0);
  g_assert_cmpint (remaining, <=, maximum);

  /* The two areas list exactly the shown alarms, high first. */
  for (guint area = 0; area < 2; area++)
    {
      g_autoptr(GArray) list = vigil_alarm_engine_list_shown (engine, area == 1);
      VigilAlarmId banner;

      for (guint k = 0; k < list->len; k++)
        {
          VigilAlarmId id = g_array_index (list, VigilAlarmId, k);

          g_assert_true (state_is_shown (vigil_alarm_engine_get_state (engine, id)));
          g_assert_cmpint (vigil_alarm_get_info (id)->technical, ==, area == 1);
          if (k > 0)
            g_assert_cmpint (vigil_alarm_engine_get_priority (engine, g_array_index (list, VigilAlarmId, k - 1)),
                             >=, vigil_alarm_engine_get_priority (engine, id));
        }
      n_listed += list->len;
      if (list->len == 0)
        g_assert_false (vigil_alarm_engine_get_banner (engine, area == 1, NULL));
      else
        {
          gboolean found = FALSE;

          g_assert_true (vigil_alarm_engine_get_banner (engine, area == 1, &banner));
          for (guint k = 0; k < list->len; k++)
            found |= g_array_index (list, VigilAlarmId, k) == banner;
          g_assert_true (found);
        }
    }
  g_assert_cmpuint (n_listed, ==, n_shown);
  t->n_shown_max = MAX (t->n_shown_max, n_shown);
}

static double
random_value (GRand  *rand,
              double  low,
              double  high)
{
  /* One in eight is absent. */
  if (g_rand_int_range (rand, 0, 8) == 0)
    return NAN;
  return g_rand_int_range (rand, (gint32) low, (gint32) high + 1);
}

static void
random_step (Fixture *f,
             GRand   *rand)
{
  static const char *people[] = { "rn-ada", "rn-bo", "dr-cy", NULL };
  const char *who = people[g_rand_int_range (rand, 0, G_N_ELEMENTS (people))];
  VigilAlarmId id = g_rand_int_range (rand, 0, VIGIL_N_ALARMS);
  int action = g_rand_int_range (rand, 0, 100);

  if (action < 30)
    {
      /* Time passes: mostly short steps, sometimes minutes. */
      gint64 step = g_rand_int_range (rand, 0, 8) == 0
                    ? g_rand_int_range (rand, 0, 240 * 1000) * G_GINT64_CONSTANT (1000)
                    : g_rand_int_range (rand, 0, 2500) * G_GINT64_CONSTANT (1000);

      vigil_clock_advance (f->clock, step);
    }
  else if (action < 50)
    feed (f, VIGIL_PARAMETER_HR, random_value (rand, 25, 190));
  else if (action < 68)
    {
      if (g_rand_int_range (rand, 0, 12) == 0)
        {
          VigilObservation obs;

          vigil_observation_init (&obs, VIGIL_PARAMETER_SPO2);
          obs.quality = VIGIL_QUALITY_SENSOR_OFF;
          obs.host_monotonic_us = vigil_clock_get_monotonic (f->clock);
          vigil_alarm_engine_observe (f->engine, &obs);
        }
      else
        feed (f, VIGIL_PARAMETER_SPO2, random_value (rand, 75, 100));
    }
  else if (action < 74)
    {
      double sys = random_value (rand, 60, 210);
      double dia = g_rand_int_range (rand, 35, 125);

      if (isnan (sys))
        feed (f, VIGIL_PARAMETER_NIBP, NAN);
      else
        feed_nibp (f, sys, MIN (dia, sys - 10));
    }
  else if (action < 80)
    technical (f, g_rand_int_range (rand, 0, VIGIL_N_TECHNICAL_KINDS),
               g_rand_int_range (rand, -1, VIGIL_N_PARAMETERS));
  else if (action < 82)
    vigil_alarm_engine_set_sound_available (f->engine, g_rand_boolean (rand));
  else if (action < 88)
    vigil_alarm_engine_acknowledge (f->engine, id, who, NULL);
  else if (action < 91)
    vigil_alarm_engine_pause_audio (f->engine, who);
  else if (action < 96)
    vigil_alarm_engine_reset (f->engine, id, who, NULL);
  else if (action < 99)
    {
      const VigilAlarmSetting *s = vigil_alarm_limits_get (f->limits, id);
      gboolean second = g_rand_boolean (rand);
      double old = second ? s->threshold2 : s->threshold;

      if (!isnan (old))
        vigil_alarm_engine_set_threshold (f->engine, id, second,
                                          old + g_rand_int_range (rand, -15, 16), who, NULL);
    }
  else
    g_object_set (f->engine, "audio-pause-duration",
                  (gint64) g_rand_int_range (rand, 10, 600) * G_USEC_PER_SEC, NULL);
}

static void
test_property_random (Fixture       *f,
                      gconstpointer  data)
{
  guint seed = GPOINTER_TO_UINT (data);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Tracker t = { .f = f };
  guint steps = g_test_slow () ? 50000 : 6000;

  for (guint i = 0; i < VIGIL_N_ALARMS; i++)
    {
      t.last_start[i] = -1;
      t.last_end[i] = -1;
      t.last_ack[i] = -1;
      t.last_escalate[i] = -1;
      t.last_lifecycle[i] = -1;
      t.previous_kind[i] = -1;
    }
  g_signal_connect (f->engine, "log", G_CALLBACK (track_log), &t);
  g_signal_connect (f->engine, "burst", G_CALLBACK (track_burst), &t);
  /* Odd seeds try the stricter pause rule. */
  g_object_set (f->engine, "new-conditions-break-pause", seed % 2 == 0, NULL);

  for (guint step = 0; step < steps; step++)
    {
      random_step (f, rand);
      check_consistent (&t, step);
    }

  g_test_message ("seed %u: %u steps, %u log entries (%u start, %u end, %u ack, %u pause, "
                  "%u resume, %u reset, %u escalate, %u limit), %u bursts, up to %u shown at once",
                  seed, steps, t.n_entries,
                  t.n_kinds[VIGIL_ALARM_LOG_START], t.n_kinds[VIGIL_ALARM_LOG_END],
                  t.n_kinds[VIGIL_ALARM_LOG_ACKNOWLEDGE], t.n_kinds[VIGIL_ALARM_LOG_AUDIO_PAUSE],
                  t.n_kinds[VIGIL_ALARM_LOG_AUDIO_RESUME], t.n_kinds[VIGIL_ALARM_LOG_RESET],
                  t.n_kinds[VIGIL_ALARM_LOG_ESCALATE], t.n_kinds[VIGIL_ALARM_LOG_LIMIT_CHANGE],
                  t.n_bursts, t.n_shown_max);
  /* The stream must actually exercise the machine. */
  for (guint k = 0; k < VIGIL_N_ALARM_LOG_KINDS; k++)
    g_assert_cmpuint (t.n_kinds[k], >, 0);
  g_assert_cmpuint (t.n_shown_max, >=, 4);

  g_signal_handlers_disconnect_by_data (f->engine, &t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/vigil/alarm-engine/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/vigil/alarm-engine/log-entry", test_log_entry);
  ADD ("escalation", test_escalation, NULL);
  ADD ("escalation-acknowledged", test_escalation_acknowledged, NULL);
  ADD ("escalation-paused", test_escalation_paused, NULL);
  ADD ("escalation-between-ticks", test_escalation_between_ticks, NULL);
  ADD ("breakthrough", test_breakthrough, NULL);
  ADD ("pause-low-arrives/sounds", test_pause_low_arrives, GINT_TO_POINTER (TRUE));
  ADD ("pause-low-arrives/joins-pause", test_pause_low_arrives, GINT_TO_POINTER (FALSE));
  ADD ("pause-countdown", test_pause_countdown, NULL);
  ADD ("acknowledge-recurrence", test_acknowledge_recurrence, NULL);
  ADD ("latched", test_latched, NULL);
  ADD ("burst/high", test_burst_high, NULL);
  ADD ("burst/medium", test_burst_medium, NULL);
  ADD ("burst/low", test_burst_low, NULL);
  ADD ("burst/reminder", test_burst_reminder, NULL);
  ADD ("burst/paused", test_burst_paused, NULL);
  ADD ("banner-rotation", test_banner_rotation, NULL);
  ADD ("lamp-ownership", test_lamp_ownership, NULL);
  ADD ("log-order", test_log_order, NULL);
  ADD ("property/seed-1", test_property_random, GUINT_TO_POINTER (1));
  ADD ("property/seed-2", test_property_random, GUINT_TO_POINTER (2));
  ADD ("property/seed-3", test_property_random, GUINT_TO_POINTER (3));
  ADD ("property/seed-4", test_property_random, GUINT_TO_POINTER (4));

#undef ADD

  return g_test_run ();
}
