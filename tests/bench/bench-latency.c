/* bench-latency.c — from bytes on the wire to the monitor, the alarm and the screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything goes through the real path, on the real clock: the benchmark
 * writes Vigil line-protocol lines into the master side of a pty, and a
 * real VigilMonitor (a VigilDevice: transport, parser, watchdog) reads the
 * slave side on this process's main loop.
 *
 * `bench-latency device` (no display needed):
 *  (a) write() of a line → the monitor's "observation" signal for it;
 *  (b) write() of a line → its alarm condition START (active), with HR high
 *      and HR low set to delay 0 and the values alternating 130 / 45, so
 *      that every sample ends one condition and starts the other;
 *  baseline: the same write → read of a whole line on a bare pty watched
 *      with g_unix_fd_add() (no parser, no device), interleaved sample by
 *      sample with (a) so both see the same load.
 *
 * `bench-latency frame` (a display; exits 77 without one):
 *  (c) write() → the first frame of a real VigilWindow whose HR tile shows
 *      the new value: the after-paint phase of the window's GdkFrameClock,
 *      the first one reached with the tile's text already the new number
 *      (text set before a frame's paint is in that frame's snapshot);
 *  baseline: the frame interval, measured on the same window in the same
 *      run with the clock kept running. One frame is the physical floor.
 *
 * A sample is only written once the previous one has fully arrived (no
 * queueing), after a random pause of 5–15 ms (device) or 5–20 ms (frame),
 * so that samples fall at every phase of the frame clock and of the app's
 * timers. Figures
 * are p50/p99/max; none is asserted.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <math.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "bench-stats.h"
#include "vigil-line-protocol.h"
#include "vigil-monitor.h"
#include "vigil-pty.h"
#include "vigil-vital-tile.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

#define N_SAMPLES        1000
#define N_WARMUP         20
#define MAX_EXTRA        100       /* retries for samples that never arrived */
/* The pause after a sample has fully arrived, before the next write: a
 * frame sample has already taken about a frame by then, so samples are
 * written every 5–20 ms (device) or 20–40 ms (frame). */
#define DEVICE_GAP_MIN_MS 5
#define DEVICE_GAP_MAX_MS 15
#define FRAME_GAP_MIN_MS  5
#define FRAME_GAP_MAX_MS  20
#define GUARD_MS         2000      /* a sample lost for good, not a slow one */
#define N_INTERVAL       120       /* frames for the frame interval */
#define HR_HIGH_VALUE    130       /* > 120 (A3), not > 150 (A4) */
#define HR_LOW_VALUE     45        /* < 50 (A5), not < 40 (A6) */

typedef enum
{
  TARGET_DEVICE,
  TARGET_BARE,
} Target;

typedef struct
{
  GMainLoop      *loop;
  GRand          *rand;
  gboolean        frame_mode;

  VigilClock     *clock;
  VigilMonitor   *monitor;
  VigilPty       *pty;

  /* The baseline: a bare pty and an fd watch. */
  VigilPty       *bare_pty;
  int             bare_fd;
  guint           bare_watch;

  /* Frame mode. */
  VigilWindow    *window;
  VigilVitalTile *tile;
  GdkFrameClock  *frame_clock;
  gint64          last_paint_us;
  gint64          last_frame_time;
  gint64          last_counter;
  GArray         *intervals;      /* ms, after-paint to after-paint */
  GArray         *frame_times;    /* ms, frame time to frame time */

  /* The sample in flight. */
  gboolean        in_flight;
  Target          target;
  guint           device_index;   /* device samples written, warm-up included */
  char            text[16];       /* the number the tile must show */
  int             expect_alarm;   /* a VigilAlarmId, or -1 */
  gint64          t_write;
  gint64          t_observation;
  gint64          t_alarm;
  gint64          t_frame;
  gint64          t_frame_clock;
  gboolean        bare_line;
  guint           guard_id;
  guint           next_id;
  guint           attempts;
  guint           lost;

  /* Results, ms. */
  GArray         *bare;
  GArray         *observation;
  GArray         *alarm;
  GArray         *frame;
  GArray         *frame_clock_lat;
  GArray         *paint;          /* that frame: frame time → after-paint */
} Bench;

static void schedule_next (Bench *bench);

static GArray *
samples_new (void)
{
  return g_array_sized_new (FALSE, FALSE, sizeof (double), N_SAMPLES);
}

static void
add_ms (GArray *array,
        gint64  us)
{
  double ms = us / 1000.0;

  g_array_append_val (array, ms);
}

typedef struct
{
  guint  n;
  double p50;
  double p99;
  double max;
} Stats;

static Stats
stats_of (GArray *array)
{
  return (Stats) {
    .n = array->len,
    .p50 = bench_stats_percentile (array, 0.50),
    .p99 = bench_stats_percentile (array, 0.99),
    .max = bench_stats_percentile (array, 1.0),
  };
}

static void
print_header (void)
{
  g_print ("%-48s %6s %9s %9s %9s\n", "latency, ms", "n", "p50", "p99", "max");
}

static void
print_row (const char  *name,
           const Stats *stats)
{
  g_print ("%-48s %6u %9.3f %9.3f %9.3f\n", name, stats->n, stats->p50, stats->p99, stats->max);
}

/* ---- the wire ---------------------------------------------------------- */

static void
write_line (VigilPty *pty,
            double    hr,
            gint64   *t_write)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_strdup_printf ("VGL,T=%" G_GINT64_FORMAT ",HR=%.0f",
                                           g_get_real_time () / 1000, hr);
  g_autofree char *line = vigil_line_protocol_seal (body);

  *t_write = g_get_monotonic_time ();
  g_assert_true (vigil_pty_write_all (pty, line, strlen (line), &error));
  g_assert_no_error (error);
}

/* As the transport does for a pty: raw, read() waits for one byte. */
static int
open_bare_slave (VigilPty *pty)
{
  struct termios tio;
  int fd = open (vigil_pty_get_slave_path (pty), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (tcgetattr (fd, &tio), ==, 0);
  cfmakeraw (&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  g_assert_cmpint (tcsetattr (fd, TCSANOW, &tio), ==, 0);
  return fd;
}

/* ---- one sample at a time ---------------------------------------------- */

static gboolean
is_warmup (Bench *bench)
{
  return bench->device_index <= N_WARMUP;
}

static gboolean
sample_complete (Bench *bench)
{
  if (bench->target == TARGET_BARE)
    return bench->bare_line;
  if (bench->t_observation == 0)
    return FALSE;
  if (bench->frame_mode)
    return bench->t_frame != 0;
  return bench->expect_alarm < 0 || bench->t_alarm != 0;
}

static void
finish_sample (Bench    *bench,
               gboolean  arrived)
{
  g_clear_handle_id (&bench->guard_id, g_source_remove);
  bench->in_flight = FALSE;

  if (!arrived)
    bench->lost++;
  else if (bench->target == TARGET_BARE)
    add_ms (bench->bare, bench->t_observation - bench->t_write);
  else if (!is_warmup (bench))
    {
      add_ms (bench->observation, bench->t_observation - bench->t_write);
      if (bench->frame_mode)
        {
          add_ms (bench->frame, bench->t_frame - bench->t_write);
          add_ms (bench->frame_clock_lat, bench->t_frame_clock - bench->t_write);
          add_ms (bench->paint, bench->t_frame - bench->t_frame_clock);
        }
      else
        add_ms (bench->alarm, bench->t_alarm - bench->t_write);
    }

  schedule_next (bench);
}

static void
maybe_finish (Bench *bench)
{
  if (bench->in_flight && sample_complete (bench))
    finish_sample (bench, TRUE);
}

static gboolean
guard_fired (gpointer data)
{
  Bench *bench = data;

  bench->guard_id = 0;
  finish_sample (bench, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
device_done (Bench *bench)
{
  return bench->observation->len >= N_SAMPLES;
}

static gboolean
bare_done (Bench *bench)
{
  return bench->frame_mode || bench->bare->len >= N_SAMPLES;
}

static gboolean
write_sample (gpointer data)
{
  Bench *bench = data;
  double hr;

  bench->next_id = 0;
  bench->attempts++;

  /* Alternate the two paths while both still need samples. */
  if (device_done (bench))
    bench->target = TARGET_BARE;
  else if (bare_done (bench))
    bench->target = TARGET_DEVICE;
  else
    bench->target = bench->target == TARGET_DEVICE ? TARGET_BARE : TARGET_DEVICE;

  bench->in_flight = TRUE;
  bench->t_observation = bench->t_alarm = bench->t_frame = bench->t_frame_clock = 0;
  bench->bare_line = FALSE;
  bench->expect_alarm = -1;
  bench->guard_id = g_timeout_add (GUARD_MS, guard_fired, bench);

  if (bench->target == TARGET_BARE)
    {
      write_line (bench->bare_pty, 72, &bench->t_write);
      return G_SOURCE_REMOVE;
    }

  bench->device_index++;
  if (bench->frame_mode)
    /* Within every limit, and never the number already shown. */
    hr = 60 + (bench->device_index * 13) % 40;
  else if (bench->device_index % 2 == 1)
    {
      hr = HR_HIGH_VALUE;
      bench->expect_alarm = VIGIL_ALARM_HR_HIGH;
    }
  else
    {
      hr = HR_LOW_VALUE;
      bench->expect_alarm = VIGIL_ALARM_HR_LOW;
    }
  g_snprintf (bench->text, sizeof bench->text, "%.0f", hr);
  write_line (bench->pty, hr, &bench->t_write);
  return G_SOURCE_REMOVE;
}

static void
schedule_next (Bench *bench)
{
  gint32 gap_ms;

  if ((device_done (bench) && bare_done (bench))
      || bench->attempts >= (bench->frame_mode ? 1 : 2) * (N_SAMPLES + N_WARMUP) + MAX_EXTRA)
    {
      g_main_loop_quit (bench->loop);
      return;
    }
  if (bench->frame_mode)
    gap_ms = g_rand_int_range (bench->rand, FRAME_GAP_MIN_MS, FRAME_GAP_MAX_MS + 1);
  else
    gap_ms = g_rand_int_range (bench->rand, DEVICE_GAP_MIN_MS, DEVICE_GAP_MAX_MS + 1);
  bench->next_id = g_timeout_add ((guint) gap_ms, write_sample, bench);
}

/* ---- what arrives ------------------------------------------------------ */

static gboolean
on_bare_readable (int           fd,
                  GIOCondition  condition,
                  gpointer      data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();
  char buffer[256];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    if (memchr (buffer, '\n', (size_t) n) != NULL && bench->in_flight
        && bench->target == TARGET_BARE && !bench->bare_line)
      {
        bench->bare_line = TRUE;
        bench->t_observation = now;
      }
  g_assert_true (n < 0 && (errno == EAGAIN || errno == EINTR));

  maybe_finish (bench);
  return G_SOURCE_CONTINUE;
}

static void
on_observation (VigilMonitor           *monitor,
                const VigilObservation *observation,
                Bench                  *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (observation->parameter != VIGIL_PARAMETER_HR || !bench->in_flight
      || bench->target != TARGET_DEVICE || bench->t_observation != 0)
    return;
  g_assert_cmpfloat (observation->value, ==, g_ascii_strtod (bench->text, NULL));
  bench->t_observation = now;
  maybe_finish (bench);
}

static void
on_alarm_log (VigilAlarmEngine         *engine,
              const VigilAlarmLogEntry *entry,
              Bench                    *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (entry->kind != VIGIL_ALARM_LOG_START || !bench->in_flight
      || bench->target != TARGET_DEVICE || (int) entry->id != bench->expect_alarm
      || bench->t_alarm != 0)
    return;
  g_assert_cmpint (vigil_alarm_engine_get_state (engine, entry->id), ==, VIGIL_ALARM_STATE_ACTIVE);
  bench->t_alarm = now;
  maybe_finish (bench);
}

/* The paint phase of this frame is done: whatever the tile's label said
 * when it began is what this frame shows. */
static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  gint64 counter = gdk_frame_clock_get_frame_counter (clock);
  gint64 frame_time = gdk_frame_clock_get_frame_time (clock);

  if (bench->intervals != NULL && counter == bench->last_counter + 1)
    {
      add_ms (bench->intervals, now - bench->last_paint_us);
      add_ms (bench->frame_times, frame_time - bench->last_frame_time);
    }
  bench->last_paint_us = now;
  bench->last_frame_time = frame_time;
  bench->last_counter = counter;

  if (bench->in_flight && bench->target == TARGET_DEVICE && bench->t_observation != 0
      && bench->t_frame == 0
      && g_str_equal (vigil_vital_tile_get_value_text (bench->tile), bench->text))
    {
      bench->t_frame = now;
      bench->t_frame_clock = frame_time;
      maybe_finish (bench);
    }
}

/* ---- set-up ------------------------------------------------------------ */

static void
bench_init (Bench    *bench,
            gboolean  frame_mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDeviceSpec) spec = NULL;
  VigilAlarmEngine *engine;
  VigilAlarmLimits *limits;

  *bench = (Bench) { 0 };
  bench->frame_mode = frame_mode;
  bench->loop = g_main_loop_new (NULL, FALSE);
  bench->rand = g_rand_new_with_seed (8);
  bench->bare_fd = -1;
  bench->last_counter = -2;
  bench->bare = samples_new ();
  bench->observation = samples_new ();
  bench->alarm = samples_new ();
  bench->frame = samples_new ();
  bench->frame_clock_lat = samples_new ();
  bench->paint = samples_new ();

  /* The real clock: every timer and watchdog runs as at the bedside. */
  bench->clock = vigil_clock_new (1.0);
  bench->monitor = vigil_monitor_new (bench->clock);
  engine = vigil_monitor_get_alarms (bench->monitor);
  limits = vigil_alarm_engine_get_limits (engine);

  /* Delay 0: a crossing value makes its condition active at once. */
  for (VigilAlarmId id = VIGIL_ALARM_HR_HIGH; id <= VIGIL_ALARM_HR_LOW; id++)
    {
      VigilAlarmSetting setting = *vigil_alarm_limits_get (limits, id);

      if (id == VIGIL_ALARM_HR_VERY_HIGH)
        continue;
      setting.delay_us = 0;
      g_assert_true (vigil_alarm_limits_set (limits, id, &setting, &error));
      g_assert_no_error (error);
    }

  bench->pty = vigil_pty_new (NULL, &error);
  g_assert_no_error (error);
  spec = vigil_device_spec_new ("vigil", vigil_pty_get_slave_path (bench->pty), 0);
  g_assert_true (vigil_monitor_add_device (bench->monitor, spec, &error));
  g_assert_no_error (error);

  g_signal_connect (bench->monitor, "observation", G_CALLBACK (on_observation), bench);
  g_signal_connect (engine, "log", G_CALLBACK (on_alarm_log), bench);

  if (!frame_mode)
    {
      bench->bare_pty = vigil_pty_new (NULL, &error);
      g_assert_no_error (error);
      bench->bare_fd = open_bare_slave (bench->bare_pty);
      bench->bare_watch = g_unix_fd_add (bench->bare_fd, G_IO_IN, on_bare_readable, bench);
    }
}

static void
bench_clear (Bench *bench)
{
  g_clear_handle_id (&bench->guard_id, g_source_remove);
  g_clear_handle_id (&bench->next_id, g_source_remove);
  g_clear_handle_id (&bench->bare_watch, g_source_remove);
  if (bench->bare_fd >= 0)
    close (bench->bare_fd);
  g_clear_object (&bench->bare_pty);

  g_signal_handlers_disconnect_by_data (vigil_monitor_get_alarms (bench->monitor), bench);
  g_signal_handlers_disconnect_by_data (bench->monitor, bench);
  vigil_monitor_stop (bench->monitor);
  g_assert_finalize_object (bench->monitor);
  g_clear_object (&bench->pty);
  g_assert_finalize_object (bench->clock);

  g_clear_pointer (&bench->bare, g_array_unref);
  g_clear_pointer (&bench->observation, g_array_unref);
  g_clear_pointer (&bench->alarm, g_array_unref);
  g_clear_pointer (&bench->frame, g_array_unref);
  g_clear_pointer (&bench->frame_clock_lat, g_array_unref);
  g_clear_pointer (&bench->paint, g_array_unref);
  g_clear_pointer (&bench->rand, g_rand_free);
  g_clear_pointer (&bench->loop, g_main_loop_unref);
}

static gboolean
run (Bench *bench)
{
  schedule_next (bench);
  g_main_loop_run (bench->loop);

  if (bench->lost > 0)
    g_print ("%u sample(s) never arrived within %d ms and were written again\n",
             bench->lost, GUARD_MS);
  if (!device_done (bench) || !bare_done (bench))
    {
      g_printerr ("Only %u of %d samples arrived: the path is broken\n",
                  bench->observation->len, N_SAMPLES);
      return FALSE;
    }
  return TRUE;
}

/* ---- device: (a), (b) and the bare pty --------------------------------- */

static int
bench_device (void)
{
  Bench bench;
  Stats bare, observation, alarm;

  bench_init (&bench, FALSE);
  if (!run (&bench))
    return EXIT_FAILURE;

  bare = stats_of (bench.bare);
  observation = stats_of (bench.observation);
  alarm = stats_of (bench.alarm);

  g_print ("\nwrite() into a pty master, real clock, samples %d-%d ms apart\n",
           DEVICE_GAP_MIN_MS, DEVICE_GAP_MAX_MS);
  print_header ();
  print_row ("baseline: bare pty -> g_unix_fd_add read", &bare);
  print_row ("(a) pty -> VigilMonitor \"observation\"", &observation);
  print_row ("(b) pty -> alarm active (HR high/low, delay 0)", &alarm);
  g_print ("\n");
  g_print ("latency (a) write->observation: p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
           "bare pty p50 %.3f ms; ratio p50(a)/p50(bare) %.2fx (p99 %.2fx)\n",
           observation.p50, observation.p99, observation.max, bare.p50,
           observation.p50 / bare.p50, observation.p99 / bare.p99);
  g_print ("latency (b) write->alarm active: p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
           "ratio p50(b)/p50(bare) %.2fx, p50(b)/p50(a) %.2fx\n",
           alarm.p50, alarm.p99, alarm.max, alarm.p50 / bare.p50, alarm.p50 / observation.p50);

  bench_clear (&bench);
  return EXIT_SUCCESS;
}

/* ---- frame: (c) -------------------------------------------------------- */

static void
load_app_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static gboolean
stop_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* The frame interval with the clock kept running, as it runs while
 * something on screen moves. */
static double
measure_frame_interval (Bench *bench)
{
  g_autoptr(GArray) intervals = samples_new ();
  g_autoptr(GArray) frame_times = samples_new ();
  double interval;

  bench->intervals = intervals;
  bench->frame_times = frame_times;
  gdk_frame_clock_begin_updating (bench->frame_clock);
  while (intervals->len < N_INTERVAL)
    g_main_context_iteration (NULL, TRUE);
  gdk_frame_clock_end_updating (bench->frame_clock);
  bench->intervals = NULL;
  bench->frame_times = NULL;

  interval = bench_stats_percentile (intervals, 0.5);
  g_print ("frame interval over %u frames: after-paint to after-paint p50 %.3f ms, p99 %.3f ms; "
           "frame time to frame time p50 %.3f ms\n",
           intervals->len, interval, bench_stats_percentile (intervals, 0.99), bench_stats_percentile (frame_times, 0.5));
  return interval;
}

static int
bench_frame (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  Bench bench;
  Stats observation, frame, frame_clock_lat, paint;
  double interval_before, interval_after, interval;
  gint64 refresh_us = 0;

  if (!vigil_widget_test_init_display ())
    return VIGIL_TEST_SKIP;
  load_app_style ();

  bench_init (&bench, TRUE);
  settings = g_settings_new (VIGIL_APP_ID);
  bench.window = vigil_window_new (NULL, bench.monitor, settings);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (bench.window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (bench.window));
  bench.tile = VIGIL_VITAL_TILE (vigil_window_get_tile (bench.window, VIGIL_PARAMETER_HR));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (bench.tile)));
  bench.frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench.window));
  g_signal_connect (bench.frame_clock, "after-paint", G_CALLBACK (on_after_paint), &bench);
  gdk_frame_clock_get_refresh_info (bench.frame_clock, g_get_monotonic_time (), &refresh_us, NULL);

  interval_before = measure_frame_interval (&bench);
  if (!run (&bench))
    return EXIT_FAILURE;
  interval_after = measure_frame_interval (&bench);
  interval = (interval_before + interval_after) / 2;

  /* The last value on screen, for a person to look at. */
  g_assert_cmpstr (vigil_vital_tile_get_value_text (bench.tile), ==, bench.text);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (bench.window));
  vigil_widget_test_save (texture, "bench-latency-window.png");

  observation = stats_of (bench.observation);
  frame = stats_of (bench.frame);
  frame_clock_lat = stats_of (bench.frame_clock_lat);
  paint = stats_of (bench.paint);

  g_print ("\nwrite() into a pty master -> a real VigilWindow's HR tile, real clock, "
           "samples %d-%d ms apart; frame clock refresh interval %.3f ms\n",
           FRAME_GAP_MIN_MS, FRAME_GAP_MAX_MS, refresh_us / 1000.0);
  print_header ();
  print_row ("(a) pty -> VigilMonitor \"observation\"", &observation);
  print_row ("(c) pty -> after-paint of the frame showing it", &frame);
  print_row ("    pty -> that frame's frame-clock time", &frame_clock_lat);
  print_row ("    that frame: frame time -> after-paint", &paint);
  g_print ("\n");
  g_print ("latency (c) write->frame showing HR: p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
           "frame interval %.3f ms (p50, before and after); ratio p50(c)/frame interval %.2f (p99 %.2f, max %.2f)\n",
           frame.p50, frame.p99, frame.max, interval,
           frame.p50 / interval, frame.p99 / interval, frame.max / interval);

  g_signal_handlers_disconnect_by_data (bench.frame_clock, &bench);
  g_object_ref (bench.window);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_assert_finalize_object (bench.window);
  /* Let the destroyed window's sources go before the monitor does. */
  {
    g_autoptr(GMainLoop) settle = g_main_loop_new (NULL, FALSE);

    g_timeout_add (50, stop_loop, settle);
    g_main_loop_run (settle);
  }
  bench_clear (&bench);
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "device"))
    return bench_device ();
  if (argc == 2 && g_str_equal (argv[1], "frame"))
    return bench_frame ();

  g_printerr ("Usage: %s device|frame\n", argv[0]);
  return EXIT_FAILURE;
}
