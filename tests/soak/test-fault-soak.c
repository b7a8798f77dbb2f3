/* test-fault-soak.c — 1,000 random device faults through real ptys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five simulated bedside devices, one of each protocol family (vigil,
 * datex, masimo, nonin, intellivue), run side by side in this process,
 * each on its own pty and with its own VigilMonitor (its own alarm
 * engine: T1 treats a monitor's links as one, so one monitor per device
 * keeps each fault's alarm attributable). One manual VigilClock drives
 * them all, one second per step; after each step the main loop runs until
 * every pty's input has been read, so arrival times are exact.
 *
 * The soak runs in rounds: in each round every device goes through one
 * fault cycle at the same time (five cycles per round, 200 rounds =
 * 1,000 cycles), each cycle one random fault:
 *
 *  - garbage: a burst of random bytes put on the line between two frames
 *    (up to 1 KiB, well under the quiet time at the line's speed). The
 *    frames around it are sent intact, but the parser may lose the frame
 *    the garbage runs into while it resynchronises; that is part of the
 *    test.
 *  - cable: the pty hangs up and its link is removed (an unplugged USB
 *    adapter); re-plugged later as a new pty behind the same link.
 *  - frozen: the device stops sending and answering; the port stays open.
 *  - wrong baud: the device is set to another standard speed. A pty has
 *    no speed, so the simulator passes every byte, both ways, through a
 *    model of the receiving UART at the host's speed (start-edge search,
 *    mid-bit sampling, even parity for the S/5, bad stop or parity bit
 *    delivered as NUL as Linux does in raw mode): the host gets the
 *    framing garbage a real mis-set line gives. Not modelled: line
 *    noise, break conditions, the exact phase of a real line's idle gaps.
 *  - reboot: the device sends the start of a frame and dies (the rest of
 *    the frame never comes), stays silent while it boots, then starts
 *    again from scratch with its port still there: a polled device
 *    (datex, intellivue) has forgotten the host's request.
 *
 * After each cycle: T1 (link lost) appeared when it had to (a pulled
 * cable for longer than T1's delay, a frozen or mis-set device for longer
 * than its quiet time) and never when it must not (a garbage burst or a
 * reboot whose gap stays clearly under the quiet time); while T1 was shown
 * SpO2 was never shown live, and after the absent time it was absent;
 * and once the fault ended the device recovered by itself: receiving,
 * SpO2 live, T1 over and not back. Every 100 cycles and at the end, no file
 * descriptor leaked (/proc/self/fd, counted with every device connected)
 * and VmRSS did not grow more than RSS_SLACK_KB over its value after the
 * first 100 cycles (not under AddressSanitizer, whose quarantine holds
 * freed memory on purpose; there LeakSanitizer checks leaks at exit).
 *
 * A fresh monitor's trend rings are allocated up front but their pages
 * become resident only as samples arrive, which would look like growth:
 * the set-up fills every ring once with a day of past samples, so the
 * pages are resident before the baseline.
 *
 * A Nonin's data format 8 has no checksum: a line at the wrong speed once
 * read as format 8 frames here and showed SpO2 numbers as live; the
 * parser now also requires format 8's once-a-second pace, and this test
 * holds the Nonin to the same rule as every other device.
 *
 * The seed is printed; VIGIL_SOAK_SEED=N replays a run, VIGIL_SOAK_CYCLES
 * changes the number of cycles (a multiple of five).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vigil-monitor.h"
#include "vigil-protocol.h"
#include "vigil-scenario.h"
#include "vigil-simulator.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* 2026-11-28 08:00 UTC */
#define WALL_START_US        ((gint64) 1795852800 * G_USEC_PER_SEC)
#define SEC                  G_USEC_PER_SEC
#define N_BEDS               5
#define DEFAULT_CYCLES       1000
#define CHECK_EVERY_CYCLES   100
/* Allocator noise (arena fragmentation, GLib's slices and caches). */
#define RSS_SLACK_KB         (4 * 1024)
/* A device that has not recovered 60 s after its fault ended never will. */
#define RECOVERY_LIMIT_S     60
/* The longest a step may wait for pty bytes to be read, in real time. */
#define PUMP_GUARD_US        (2 * G_USEC_PER_SEC)

typedef enum
{
  FAULT_GARBAGE,
  FAULT_CABLE,
  FAULT_FROZEN,
  FAULT_WRONG_BAUD,
  FAULT_REBOOT,
  N_FAULTS
} Fault;

static const char *fault_names[N_FAULTS] = {
  "garbage", "cable", "frozen", "wrong-baud", "reboot",
};

typedef enum
{
  EXPECT_NO,     /* T1 must not appear */
  EXPECT_MAYBE,  /* too close to the quiet time to say */
  EXPECT_YES,    /* T1 must appear */
} Expect;

typedef enum
{
  PHASE_WAIT,     /* before the fault starts */
  PHASE_FAULT,
  PHASE_RECOVER,  /* fault over, waiting for live values and no T1 */
  PHASE_DONE,
} Phase;

typedef struct
{
  guint  cycles;
  guint  with_t1;
  guint  absent;
  gint64 max_recovery_s;
  gint64 total_recovery_s;
} Stats;

typedef struct
{
  const VigilProtocolInfo *info;
  VigilSimulator          *sim;
  VigilMonitor            *monitor;
  GBytes                  *last_frame;
  Stats                    stats[N_FAULTS];

  /* The current cycle. */
  Fault   fault;
  Phase   phase;
  Expect  expect;
  gint64  start_s;     /* round step at which the fault starts */
  gint64  end_s;       /* … and ends */
  gint64  ended_at_s;
  guint   wrong_baud;
  gsize   garbage_len;
  gboolean saw_t1;
  gboolean saw_absent;
  gint64  healthy_since_s;  /* first step of the current healthy run, -1: none */
  gboolean t1_cleared;      /* T1 shown, then a healthy step */
} Bed;

typedef struct
{
  VigilClock *clock;
  GRand      *rand;
  char       *dir;
  Bed         beds[N_BEDS];
  gint64      step;     /* steps of the current round */
  guint       pump_timeouts;
} Soak;

static const char *protocols[N_BEDS] = { "vigil", "datex", "masimo", "nonin", "intellivue" };
static const guint standard_bauds[] = { 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200 };

/* Every technical event is logged by the monitor (g_message) for the
 * service journal: thousands here. Keep warnings and worse. */
static void
quiet_log (const char     *domain,
           GLogLevelFlags  level,
           const char     *message,
           gpointer        data)
{
  if (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG))
    return;
  g_log_default_handler (domain, level, message, data);
}

/* VIGIL_SOAK_DEBUG=1: every technical event, to study a replayed seed. */
static void
on_technical_event (VigilMonitor              *monitor,
                    VigilDevice               *device,
                    const VigilTechnicalEvent *event,
                    Bed                       *bed)
{
  g_printerr ("#   %" G_GINT64_FORMAT " s %s: %s %s\n",
              vigil_clock_get_monotonic (vigil_device_get_clock (device)) / SEC,
              bed->info->name, vigil_technical_kind_to_string (event->kind),
              event->message != NULL ? event->message : "");
}

static void
on_bytes_written (VigilSimulator *sim,
                  GBytes         *bytes,
                  Bed            *bed)
{
  g_clear_pointer (&bed->last_frame, g_bytes_unref);
  bed->last_frame = g_bytes_ref (bytes);
}

/* Whether every pty this process reads (the devices' ends) is drained. */
static gboolean
ptys_drained (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  gboolean drained = TRUE;

  g_assert_nonnull (dir);
  while (drained && (name = g_dir_read_name (dir)) != NULL)
    {
      int fd = atoi (name);
      g_autofree char *link = NULL;
      g_autofree char *target = NULL;
      int pending = 0;

      if (fd <= 2)
        continue;
      link = g_strdup_printf ("/proc/self/fd/%s", name);
      target = g_file_read_link (link, NULL);
      if (target == NULL || !g_str_has_prefix (target, "/dev/pts/"))
        continue;
      if (ioctl (fd, FIONREAD, &pending) == 0 && pending > 0)
        drained = FALSE;
    }
  return drained;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until what the simulators wrote has been read. */
static void
pump (Soak *soak)
{
  gint64 deadline = g_get_monotonic_time () + PUMP_GUARD_US;

  for (;;)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (ptys_drained ())
        break;
      if (g_get_monotonic_time () > deadline)
        {
          soak->pump_timeouts++;
          break;
        }
      g_timeout_add (1, wake, NULL);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n - 1;  /* the directory's own */
}

static guint64
read_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}

/* A day of past samples in every ring, so that its pages are resident. */
static void
fill_trends (VigilMonitor *monitor)
{
  VigilTrendSet *trends = vigil_monitor_get_trends (monitor);
  static const VigilParameter parameters[] = {
    VIGIL_PARAMETER_HR, VIGIL_PARAMETER_SPO2, VIGIL_PARAMETER_PULSE_RATE, VIGIL_PARAMETER_NIBP,
  };

  for (gint64 s = VIGIL_TREND_STORE_DEFAULT_CAPACITY; s > 0; s--)
    for (guint p = 0; p < G_N_ELEMENTS (parameters); p++)
      {
        VigilObservation observation;

        vigil_observation_init (&observation, parameters[p]);
        observation.quality = VIGIL_QUALITY_VALID;
        observation.value = 80;
        observation.diastolic = 60;
        observation.mean = 70;
        observation.host_wall_us = WALL_START_US - s * SEC;
        vigil_trend_set_push (trends, &observation);
      }
}

static void
bed_set_up (Soak       *soak,
            Bed        *bed,
            const char *protocol,
            guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenario) scenario = NULL;
  g_autoptr(VigilDeviceSpec) spec = NULL;
  g_autofree char *link = g_build_filename (soak->dir, protocol, NULL);

  bed->info = vigil_protocol_lookup (protocol);
  g_assert_nonnull (bed->info);
  scenario = vigil_scenario_new ("normal", seed, &error);
  g_assert_no_error (error);
  bed->sim = vigil_simulator_new_for_protocol (scenario, soak->clock, protocol, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_simulator_open_pty (bed->sim, link, &error));
  g_assert_no_error (error);
  vigil_simulator_set_line_baud (bed->sim, bed->info->settings.baud);
  g_signal_connect (bed->sim, "bytes-written", G_CALLBACK (on_bytes_written), bed);

  bed->monitor = vigil_monitor_new (soak->clock);
  if (g_getenv ("VIGIL_SOAK_DEBUG") != NULL)
    g_signal_connect (bed->monitor, "technical-event", G_CALLBACK (on_technical_event), bed);
  fill_trends (bed->monitor);
  spec = vigil_device_spec_new (protocol, link, 0);
  g_assert_true (vigil_monitor_add_device (bed->monitor, spec, &error));
  g_assert_no_error (error);
  vigil_simulator_start (bed->sim);
  bed->phase = PHASE_DONE;
}

static void
bed_tear_down (Bed *bed)
{
  vigil_monitor_stop (bed->monitor);
  vigil_simulator_close (bed->sim);
  g_signal_handlers_disconnect_by_data (bed->sim, bed);
  g_clear_pointer (&bed->last_frame, g_bytes_unref);
  g_assert_finalize_object (bed->monitor);
  g_assert_finalize_object (bed->sim);
}

static VigilDevice *
bed_device (Bed *bed)
{
  return vigil_monitor_get_device (bed->monitor, 0);
}

static gboolean
bed_t1_shown (Bed *bed)
{
  VigilAlarmState state = vigil_alarm_engine_get_state (vigil_monitor_get_alarms (bed->monitor),
                                                        VIGIL_ALARM_LINK_LOST);

  return state != VIGIL_ALARM_STATE_INACTIVE && state != VIGIL_ALARM_STATE_PENDING;
}

static gboolean
bed_healthy (Bed *bed)
{
  return vigil_device_get_state (bed_device (bed)) == VIGIL_DEVICE_STATE_RECEIVING
         && vigil_monitor_get_data_state (bed->monitor, VIGIL_PARAMETER_SPO2) == VIGIL_DATA_STATE_LIVE
         && vigil_alarm_engine_get_state (vigil_monitor_get_alarms (bed->monitor),
                                          VIGIL_ALARM_LINK_LOST) == VIGIL_ALARM_STATE_INACTIVE;
}

static gint64
quiet_s (Bed *bed)
{
  return vigil_device_get_quiet_time (bed_device (bed)) / SEC;
}

static gint64
period_s (Bed *bed)
{
  return MAX (1, bed->info->update_period_us / SEC);
}

/* Plans this bed's cycle in the round that starts now. */
static void
bed_plan (Soak *soak,
          Bed  *bed)
{
  gint64 quiet = quiet_s (bed);
  gint64 t1_delay = vigil_alarm_limits_get (vigil_alarm_engine_get_limits (vigil_monitor_get_alarms (bed->monitor)),
                                            VIGIL_ALARM_LINK_LOST)->delay_us / SEC;
  gint64 duration = 0;
  gboolean polled = g_str_equal (bed->info->name, "datex") || g_str_equal (bed->info->name, "intellivue");

  bed->fault = (Fault) g_rand_int_range (soak->rand, 0, N_FAULTS);
  bed->start_s = g_rand_int_range (soak->rand, 1, 4);
  bed->saw_t1 = FALSE;
  bed->saw_absent = FALSE;
  bed->t1_cleared = FALSE;
  bed->healthy_since_s = -1;
  bed->phase = PHASE_WAIT;

  switch (bed->fault)
    {
    case FAULT_GARBAGE:
      bed->garbage_len = (gsize) g_rand_int_range (soak->rand, 1, 1025);
      /* Watch for a quiet time and more after it. */
      duration = quiet + 3;
      /* The burst costs at most the frame it runs into: a gap of two
       * update periods. Where that reaches the quiet time, a link-lost
       * alarm is a fair call. */
      bed->expect = 2 * period_s (bed) < quiet ? EXPECT_NO : EXPECT_MAYBE;
      break;

    case FAULT_CABLE:
      duration = g_rand_int_range (soak->rand, (gint32) t1_delay + 2, (gint32) t1_delay + 30);
      bed->expect = EXPECT_YES;
      break;

    case FAULT_FROZEN:
      duration = g_rand_int_range (soak->rand, (gint32) quiet + 2, (gint32) quiet + 30);
      bed->expect = EXPECT_YES;
      break;

    case FAULT_WRONG_BAUD:
      do
        bed->wrong_baud = standard_bauds[g_rand_int_range (soak->rand, 0, G_N_ELEMENTS (standard_bauds))];
      while (bed->wrong_baud == bed->info->settings.baud);
      duration = g_rand_int_range (soak->rand, (gint32) quiet + 2, (gint32) quiet + 20);
      bed->expect = EXPECT_YES;
      break;

    case FAULT_REBOOT:
      duration = g_rand_int_range (soak->rand, 1, (gint32) quiet + 8);
      /* The gap in valid frames: the boot, the frame the partial one
       * spoils, and the first new frame's period. A polled device
       * restarts waiting for a request the host only repeats after its
       * quiet time: T1 is due whatever the boot time. */
      if (polled || duration >= quiet)
        bed->expect = EXPECT_YES;
      else if (duration + 2 * period_s (bed) < quiet)
        bed->expect = EXPECT_NO;
      else
        bed->expect = EXPECT_MAYBE;
      break;

    case N_FAULTS:
    default:
      g_assert_not_reached ();
    }
  bed->end_s = bed->start_s + duration;
}

static void
bed_fault_begin (Soak *soak,
                 Bed  *bed)
{
  if (g_getenv ("VIGIL_SOAK_DEBUG") != NULL)
    g_printerr ("#   %" G_GINT64_FORMAT " s %s: %s fault for %" G_GINT64_FORMAT " s\n",
                vigil_clock_get_monotonic (soak->clock) / SEC, bed->info->name,
                fault_names[bed->fault], bed->end_s - bed->start_s);
  switch (bed->fault)
    {
    case FAULT_GARBAGE:
      {
        g_autofree guint8 *garbage = g_malloc (bed->garbage_len);

        for (gsize i = 0; i < bed->garbage_len; i++)
          garbage[i] = (guint8) g_rand_int_range (soak->rand, 0, 256);
        vigil_simulator_inject (bed->sim, garbage, bed->garbage_len);
      }
      break;

    case FAULT_CABLE:
      vigil_simulator_set_cable_pulled (bed->sim, TRUE);
      break;

    case FAULT_FROZEN:
      vigil_simulator_set_frozen (bed->sim, TRUE);
      break;

    case FAULT_WRONG_BAUD:
      vigil_simulator_set_baud (bed->sim, bed->wrong_baud);
      break;

    case FAULT_REBOOT:
      if (bed->last_frame != NULL && g_bytes_get_size (bed->last_frame) > 1)
        {
          gsize length = 0;
          const guint8 *frame = g_bytes_get_data (bed->last_frame, &length);

          vigil_simulator_inject (bed->sim, frame,
                                  (gsize) g_rand_int_range (soak->rand, 1, (gint32) length));
        }
      vigil_simulator_set_frozen (bed->sim, TRUE);
      break;

    case N_FAULTS:
    default:
      g_assert_not_reached ();
    }
}

static void
bed_fault_end (Bed *bed)
{
  switch (bed->fault)
    {
    case FAULT_GARBAGE:
      break;
    case FAULT_CABLE:
      vigil_simulator_set_cable_pulled (bed->sim, FALSE);
      break;
    case FAULT_FROZEN:
      vigil_simulator_set_frozen (bed->sim, FALSE);
      break;
    case FAULT_WRONG_BAUD:
      vigil_simulator_set_baud (bed->sim, bed->info->settings.baud);
      break;
    case FAULT_REBOOT:
      vigil_simulator_reboot (bed->sim);
      vigil_simulator_set_frozen (bed->sim, FALSE);
      break;
    case N_FAULTS:
    default:
      g_assert_not_reached ();
    }
}

#define bed_assert(bed, cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        g_autofree char *detail = g_strdup_printf (__VA_ARGS__); \
        g_error ("%s, %s fault (step %" G_GINT64_FORMAT " of its round): %s", \
                 (bed)->info->name, fault_names[(bed)->fault], soak->step, detail); \
      } \
  } G_STMT_END

/* After each step: what the bed shows, against what its fault allows. */
static void
bed_check (Soak *soak,
           Bed  *bed)
{
  VigilDataState spo2 = vigil_monitor_get_data_state (bed->monitor, VIGIL_PARAMETER_SPO2);
  gboolean t1 = bed_t1_shown (bed);

  if (bed->phase == PHASE_DONE || bed->phase == PHASE_WAIT)
    return;

  bed->saw_t1 = bed->saw_t1 || t1;
  bed->saw_absent = bed->saw_absent || spo2 == VIGIL_DATA_STATE_ABSENT;

  /* A lost link never shows a number as live. */
  bed_assert (bed, !t1 || spo2 != VIGIL_DATA_STATE_LIVE,
              "link lost (T1) shown but SpO2 still live");
  bed_assert (bed, !(bed->expect == EXPECT_NO && t1),
              "false link-lost alarm (T1) during a fault that must not raise it "
              "(garbage %zu bytes, duration %" G_GINT64_FORMAT " s, quiet time %" G_GINT64_FORMAT " s)",
              bed->garbage_len, bed->end_s - bed->start_s, quiet_s (bed));
  if (bed->expect == EXPECT_NO && bed->fault == FAULT_GARBAGE)
    bed_assert (bed, spo2 == VIGIL_DATA_STATE_LIVE,
                "SpO2 not live (state %d) during a fault that must not interrupt it", spo2);
  /* Garbled bytes never make a live number: once the last good value has
   * had time to age out, nothing from a mis-set line may look live. */
  if (bed->fault == FAULT_WRONG_BAUD && bed->phase == PHASE_FAULT
      && soak->step - bed->start_s > quiet_s (bed) + period_s (bed)
                                     + vigil_monitor_get_stale_after (bed->monitor) / SEC + 1)
    {
      bed_assert (bed, spo2 != VIGIL_DATA_STATE_LIVE,
                  "SpO2 %.0f shown live %" G_GINT64_FORMAT " s into a wrong baud rate (device at %u)",
                  vigil_monitor_get_latest (bed->monitor, VIGIL_PARAMETER_SPO2)->value,
                  soak->step - bed->start_s, bed->wrong_baud);
    }

  if (bed->phase == PHASE_RECOVER)
    {
      gint64 since = soak->step - bed->ended_at_s;

      /* Healthy for longer than the quiet time (and an update period):
       * right after the fault, values can still look fresh before the
       * watchdog has had time to notice, and a device may drop the link
       * once more as it comes back. */
      if (!bed_healthy (bed))
        {
          /* Once over, T1 stays over: a device that comes back must not
           * drop the link again on its way (an IntelliVue that ended the
           * export after its hang once did, for a second T1). */
          bed_assert (bed, !(bed->t1_cleared && t1),
                      "the link-lost alarm (T1) came back %" G_GINT64_FORMAT " s after the fault ended",
                      since);
          bed->healthy_since_s = -1;
        }
      else
        {
          bed->t1_cleared = bed->t1_cleared || bed->saw_t1;
          if (bed->healthy_since_s < 0)
            bed->healthy_since_s = soak->step;
        }

      if (bed->healthy_since_s >= 0
          && soak->step - bed->healthy_since_s >= quiet_s (bed) + period_s (bed) + 1)
        {
          since = bed->healthy_since_s - bed->ended_at_s;
          Stats *stats = &bed->stats[bed->fault];

          bed_assert (bed, bed->expect != EXPECT_YES || bed->saw_t1,
                      "the fault lasted %" G_GINT64_FORMAT " s (quiet time %" G_GINT64_FORMAT
                      " s%s%u) but no link-lost alarm (T1) was shown",
                      bed->end_s - bed->start_s, quiet_s (bed),
                      bed->fault == FAULT_WRONG_BAUD ? ", device at baud " : "",
                      bed->fault == FAULT_WRONG_BAUD ? bed->wrong_baud : 0);
          /* Values older than the absent time are blanked. */
          if (bed->fault != FAULT_GARBAGE
              && bed->end_s - bed->start_s > vigil_monitor_get_absent_after (bed->monitor) / SEC + quiet_s (bed) + 1)
            bed_assert (bed, bed->saw_absent,
                        "%" G_GINT64_FORMAT " s without data but SpO2 never went absent",
                        bed->end_s - bed->start_s);
          stats->cycles++;
          stats->with_t1 += bed->saw_t1;
          stats->absent += bed->saw_absent;
          stats->max_recovery_s = MAX (stats->max_recovery_s, since);
          stats->total_recovery_s += since;
          bed->phase = PHASE_DONE;
        }
      else
        bed_assert (bed, since <= RECOVERY_LIMIT_S,
                    "not recovered %" G_GINT64_FORMAT " s after the fault ended: device %s, SpO2 state %d, T1 %s",
                    since, vigil_device_state_to_string (vigil_device_get_state (bed_device (bed))),
                    spo2, t1 ? "shown" : "not shown");
    }
}

/* Before each step: start and end faults on time. */
static void
bed_advance_plan (Soak *soak,
                  Bed  *bed)
{
  if (bed->phase == PHASE_WAIT && soak->step >= bed->start_s)
    {
      bed_assert (bed, bed_healthy (bed), "device not healthy before its fault");
      bed_fault_begin (soak, bed);
      bed->phase = PHASE_FAULT;
    }
  if (bed->phase == PHASE_FAULT && soak->step >= bed->end_s)
    {
      bed_fault_end (bed);
      bed->ended_at_s = soak->step;
      bed->phase = PHASE_RECOVER;
    }
}

static void
step (Soak *soak)
{
  for (guint b = 0; b < N_BEDS; b++)
    bed_advance_plan (soak, &soak->beds[b]);
  vigil_clock_advance (soak->clock, SEC);
  soak->step++;
  pump (soak);
  for (guint b = 0; b < N_BEDS; b++)
    bed_check (soak, &soak->beds[b]);
}

static gboolean
round_done (Soak *soak)
{
  for (guint b = 0; b < N_BEDS; b++)
    if (soak->beds[b].phase != PHASE_DONE)
      return FALSE;
  return TRUE;
}

static void
test_fault_soak (void)
{
  Soak soak = { 0 };
  g_autoptr(GError) error = NULL;
  const char *seed_env = g_getenv ("VIGIL_SOAK_SEED");
  const char *cycles_env = g_getenv ("VIGIL_SOAK_CYCLES");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : g_random_int ();
  guint n_cycles = cycles_env != NULL ? (guint) g_ascii_strtoull (cycles_env, NULL, 10) : DEFAULT_CYCLES;
  guint n_rounds = MAX (n_cycles / N_BEDS, 1);
  guint64 rss_base = 0;
  guint fds_base = 0;
  gint64 real_start = g_get_monotonic_time ();
  gint64 simulated_s = 0;

  g_printerr ("# fault soak: seed %u (replay with VIGIL_SOAK_SEED=%u), %u cycles\n",
              seed, seed, n_rounds * N_BEDS);
  soak.rand = g_rand_new_with_seed (seed);
  soak.clock = vigil_clock_new_manual (WALL_START_US);
  soak.dir = g_dir_make_tmp ("vigil-soak-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint b = 0; b < N_BEDS; b++)
    bed_set_up (&soak, &soak.beds[b], protocols[b], seed + b);

  /* Every device connected and live before the first fault. */
  for (guint i = 0; i < 30; i++)
    step (&soak);
  for (guint b = 0; b < N_BEDS; b++)
    g_assert_true (bed_healthy (&soak.beds[b]));

  for (guint round = 0; round < n_rounds; round++)
    {
      guint cycles_done = (round + 1) * N_BEDS;

      simulated_s += soak.step;
      soak.step = 0;
      for (guint b = 0; b < N_BEDS; b++)
        bed_plan (&soak, &soak.beds[b]);
      while (!round_done (&soak))
        step (&soak);
      /* Let the last recovery settle: one quiet step for everyone. */
      step (&soak);

      if (cycles_done % CHECK_EVERY_CYCLES == 0 || round == n_rounds - 1)
        {
          guint fds = count_fds ();
          guint64 rss = read_rss_kb ();

          g_printerr ("# %4u cycles: %u fds, VmRSS %" G_GUINT64_FORMAT " kB\n", cycles_done, fds, rss);
          if (fds_base == 0)
            {
              fds_base = fds;
              rss_base = rss;
            }
          else
            {
              g_assert_cmpuint (fds, <=, fds_base);
              if (!UNDER_ASAN)
                g_assert_cmpuint (rss, <=, rss_base + RSS_SLACK_KB);
            }
        }
    }
  simulated_s += soak.step;

  g_printerr ("# %-10s %-11s %6s %6s %7s %14s %14s\n",
              "device", "fault", "cycles", "T1", "absent", "mean recovery", "max recovery");
  for (guint b = 0; b < N_BEDS; b++)
    for (guint f = 0; f < N_FAULTS; f++)
      {
        Stats *s = &soak.beds[b].stats[f];

        g_printerr ("# %-10s %-11s %6u %6u %7u %12.1f s %12" G_GINT64_FORMAT " s\n",
                    protocols[b], fault_names[f], s->cycles, s->with_t1, s->absent,
                    s->cycles > 0 ? (double) s->total_recovery_s / s->cycles : 0.0,
                    s->max_recovery_s);
      }
  g_printerr ("# %u cycles, %" G_GINT64_FORMAT " simulated s in %.1f real s; "
              "%u steps waited %d s for pty bytes; seed %u\n",
              n_rounds * N_BEDS, simulated_s,
              (g_get_monotonic_time () - real_start) / (double) G_USEC_PER_SEC,
              soak.pump_timeouts, (int) (PUMP_GUARD_US / G_USEC_PER_SEC), seed);
  g_assert_cmpuint (soak.pump_timeouts, ==, 0);

  for (guint b = 0; b < N_BEDS; b++)
    bed_tear_down (&soak.beds[b]);
  g_assert_cmpint (g_rmdir (soak.dir), ==, 0);
  g_free (soak.dir);
  g_rand_free (soak.rand);
  g_assert_finalize_object (soak.clock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_default_handler (quiet_log, NULL);
  g_test_add_func ("/vigil/soak/faults", test_fault_soak);
  return g_test_run ();
}
