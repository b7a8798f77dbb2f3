/* bench-startup.c — from process start to vigil's first frame, against a
 * minimal GTK 4 window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the built vigil (--demo, a temporary --db) and the minimal GTK 4
 * program (minimal-window.c: one label, and a plain GtkHeaderBar as vigil's
 * window has client-side decorations) ten times each, alternately, after one
 * unmeasured start of each (it creates the database and warms the page
 * cache), and times each from the fork to the first frame on the screen.
 *
 * How the first frame is seen, from outside and with no hook in either
 * program: the benchmark is an X client of the same display. Before the
 * start it asks the X server (DAMAGE extension) to report every drawing
 * into the root window, which includes every top-level window (there is no
 * window manager and no compositor, so windows draw straight to the
 * screen), and to tell it when a top-level window is mapped. A window is
 * the program's when its _NET_WM_PID is the child's pid. After it is
 * mapped, each drawing reported after that is checked by reading the
 * window's pixels back (XGetImage): the first frame is the first drawing
 * after which the window is not all one colour — an X server filling the
 * background is one colour; GTK's frame (header, labels, tiles) is not.
 * Mapping alone is not "presented": a mapped window can still be blank.
 *
 * The time of a drawing is the X server's timestamp in its DAMAGE event
 * (milliseconds), put on the benchmark's clock by a round trip just before
 * each start; so neither the benchmark's own scheduling nor the time it
 * takes to read pixels back is counted. The frame is counted when GTK has
 * drawn it into the X server, which under Xvfb is what "presented" means.
 * The time to the map is given too, for information (when the benchmark
 * read the event). If the program drew again before the pixels were read
 * back, the first frame could be either drawing: the earlier time is
 * counted and the run is marked with how much later the other was (vigil
 * redraws soon after its first frame, when its devices start).
 *
 * Prints median, minimum and maximum of each and the ratio of the medians.
 * Nothing here asserts a time. VIGIL_BENCH_STARTUP_TRACE=1 prints every
 * map and drawing seen.
 *
 * Usage: bench-startup VIGIL MINIMAL-WINDOW (meson passes both).
 */
#include "bench-process.h"
#include "bench-stats.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

#define SKIP              77
#define N_RUNS            10
#define RUN_TIMEOUT_US    (30 * G_USEC_PER_SEC)

typedef struct
{
  double map_ms;    /* fork → window mapped (as read) */
  double frame_ms;  /* fork → first frame drawn (server time) */
  double spread_ms; /* > 0: the frame may be up to this much later */
} Start;

static Display *display;
static Window root;
static Window probe;
static Atom wm_pid_atom;
static Atom probe_atom;
static int damage_event_base;
static Damage damage;
static char *tmp_dir;
static char **child_env;
static gboolean trace;

/* XGetImage of a window that just went away, or a property of one, must not
 * end the benchmark. */
static int
ignore_x_error (Display     *d,
                XErrorEvent *event)
{
  return 0;
}

/* One round trip that yields a server timestamp (a PropertyNotify on our
 * own window), bracketed by the local clock: the pair maps server
 * milliseconds onto g_get_monotonic_time(). The fastest of a few. */
static void
calibrate (gint64 *local_us,
           Time   *server_ms)
{
  gint64 best = G_MAXINT64;

  *local_us = g_get_monotonic_time ();
  *server_ms = CurrentTime;
  for (int i = 0; i < 5; i++)
    {
      long zero = 0;
      XEvent event;
      gint64 before = g_get_monotonic_time ();
      gint64 after;

      XChangeProperty (display, probe, probe_atom, XA_INTEGER, 32, PropModeReplace,
                       (unsigned char *) &zero, 1);
      XWindowEvent (display, probe, PropertyChangeMask, &event);
      after = g_get_monotonic_time ();
      if (after - before < best)
        {
          best = after - before;
          *local_us = before + (after - before) / 2;
          *server_ms = event.xproperty.time;
        }
    }
}

static GPid
window_pid (Window window)
{
  Atom type;
  int format;
  unsigned long n_items, remaining;
  unsigned char *value = NULL;
  GPid pid = 0;

  if (XGetWindowProperty (display, window, wm_pid_atom, 0, 1, False, XA_CARDINAL,
                          &type, &format, &n_items, &remaining, &value) == Success
      && value != NULL && n_items == 1 && format == 32)
    pid = (GPid) *(unsigned long *) value;
  if (value != NULL)
    XFree (value);
  return pid;
}

/* Whether the window shows more than one colour (every 3rd pixel of every
 * 3rd row is plenty for text and borders). */
static gboolean
window_has_content (Window window)
{
  XWindowAttributes attributes;
  XImage *image;
  gboolean content = FALSE;
  unsigned long first;

  if (!XGetWindowAttributes (display, window, &attributes) || attributes.map_state != IsViewable)
    return FALSE;
  image = XGetImage (display, window, 0, 0, attributes.width, attributes.height, AllPlanes, ZPixmap);
  if (image == NULL)
    return FALSE;
  first = XGetPixel (image, 0, 0);
  for (int y = 0; y < image->height && !content; y += 3)
    for (int x = 0; x < image->width; x += 3)
      if (XGetPixel (image, x, y) != first)
        {
          content = TRUE;
          break;
        }
  XDestroyImage (image);
  return content;
}

typedef struct
{
  int      left;    /* events still to look at */
  gboolean found;
  Time     last;    /* the latest of their timestamps */
} QueueScan;

/* For XCheckIfEvent(): notes the DAMAGE events among the first scan->left
 * queued events and never takes one out of the queue. */
static Bool
note_damage (Display *d,
             XEvent  *event,
             XPointer data)
{
  QueueScan *scan = (QueueScan *) data;

  if (scan->left > 0)
    {
      scan->left--;
      if (event->type == damage_event_base + XDamageNotify)
        {
          scan->found = TRUE;
          scan->last = ((XDamageNotifyEvent *) event)->timestamp;
        }
    }
  return False;
}

/* Throws away what an earlier child left in the queue. */
static void
drain (void)
{
  XSync (display, False);
  while (XPending (display) > 0)
    {
      XEvent event;

      XNextEvent (display, &event);
    }
  XDamageSubtract (display, damage, None, None);
}

static Start
run_once (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  Start start = { -1, -1, 0 };
  Window target = None;
  gint64 calib_us = 0, spawn_us, deadline;
  Time calib_ms = 0;
  GPid pid = 0;

  drain ();
  calibrate (&calib_us, &calib_ms);

  spawn_us = g_get_monotonic_time ();
  if (!bench_process_spawn (argv, child_env, &pid, &error))
    g_error ("Cannot start %s: %s", argv[0], error->message);
  deadline = spawn_us + RUN_TIMEOUT_US;

  while (start.frame_ms < 0)
    {
      struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };
      int status;

      while (XPending (display) > 0 && start.frame_ms < 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && event.xmap.event == root && target == None
              && window_pid (event.xmap.window) == pid)
            {
              target = event.xmap.window;
              start.map_ms = (g_get_monotonic_time () - spawn_us) / 1e3;
              if (trace)
                printf ("    map 0x%lx at %.1f ms\n", target, start.map_ms);
            }
          else if (event.type == damage_event_base + XDamageNotify)
            {
              XDamageNotifyEvent *notify = (XDamageNotifyEvent *) &event;
              /* Server time on our clock; a 32-bit difference survives the
               * millisecond counter wrapping. */
              double at_ms = (calib_us - spawn_us) / 1e3 + (double) (gint32) (guint32) (notify->timestamp - calib_ms);
              gboolean content = target != None && window_has_content (target);

              if (trace)
                printf ("    damage %dx%d+%d+%d at %.1f ms%s\n", notify->area.width, notify->area.height,
                        notify->area.x, notify->area.y, at_ms, content ? " (content)" : "");
              if (content)
                {
                  /* The pixels were read after this drawing, perhaps after
                   * later ones too: those are in the queue already, ahead
                   * of anything sent after the read. Then the first frame
                   * is one of them, and this drawing's time a lower bound:
                   * the run is marked with the spread. */
                  QueueScan scan = { XEventsQueued (display, QueuedAlready), FALSE, 0 };
                  XEvent unused;

                  XCheckIfEvent (display, &unused, note_damage, (XPointer) &scan);
                  start.frame_ms = at_ms;
                  if (scan.found)
                    start.spread_ms = (gint32) (guint32) (scan.last - notify->timestamp);
                  if (trace && scan.found)
                    printf ("    more drawing before the read-back, up to %.0f ms later\n", start.spread_ms);
                }
            }
        }
      if (start.frame_ms >= 0)
        break;
      if (bench_process_exited (pid, &status))
        g_error ("%s exited before its first frame (status %d); see its messages above", argv[0], status);
      if (g_get_monotonic_time () > deadline)
        g_error ("%s showed no frame in %d s", argv[0], (int) (RUN_TIMEOUT_US / G_USEC_PER_SEC));
      poll (&fd, 1, 50);
    }

  bench_process_stop (pid);
  return start;
}

static void
frame_stats (const Start *runs,
             double      *median,
             double      *min,
             double      *max)
{
  double frames[N_RUNS];

  for (int i = 0; i < N_RUNS; i++)
    frames[i] = runs[i].frame_ms;
  /* The median sorts them: min and max are at the ends. */
  *median = bench_stats_median (frames, N_RUNS);
  *min = frames[0];
  *max = frames[N_RUNS - 1];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  Start vigil[N_RUNS], minimal[N_RUNS];
  double vigil_median, vigil_min, vigil_max, minimal_median, minimal_min, minimal_max;
  int error_base;
  int n_ambiguous = 0;
  double max_spread = 0;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s VIGIL MINIMAL-WINDOW\n", argv[0]);
      return EXIT_FAILURE;
    }
  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      printf ("SKIP: no display (run under xvfb-run)\n");
      return SKIP;
    }
  if (!XDamageQueryExtension (display, &damage_event_base, &error_base))
    {
      printf ("SKIP: the X server has no DAMAGE extension\n");
      return SKIP;
    }
  XSetErrorHandler (ignore_x_error);
  trace = g_strcmp0 (g_getenv ("VIGIL_BENCH_STARTUP_TRACE"), "1") == 0;

  root = DefaultRootWindow (display);
  wm_pid_atom = XInternAtom (display, "_NET_WM_PID", False);
  probe_atom = XInternAtom (display, "VIGIL_BENCH_PROBE", False);
  probe = XCreateWindow (display, root, -10, -10, 1, 1, 0, CopyFromParent, InputOnly,
                         CopyFromParent, 0, NULL);
  XSelectInput (display, probe, PropertyChangeMask);
  XSelectInput (display, root, SubstructureNotifyMask);
  damage = XDamageCreate (display, root, XDamageReportRawRectangles);

  tmp_dir = g_dir_make_tmp ("vigil-bench-startup-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp_dir, "bench.db", NULL);
  /* vigil's demo puts its pty link under TMPDIR: keep it in ours. */
  child_env = g_environ_setenv (g_get_environ (), "TMPDIR", tmp_dir, TRUE);

  {
    const char *vigil_argv[] = { argv[1], "--demo", "--db", db, NULL };
    const char *minimal_argv[] = { argv[2], NULL };

    printf ("Start-up: process start to first frame, %d runs each, alternating, after one unmeasured start of each\n",
            N_RUNS);
    run_once (vigil_argv);
    run_once (minimal_argv);
    printf ("  %-4s %14s %14s %14s %14s\n", "run", "vigil map ms", "vigil frame", "minimal map", "minimal frame");
    for (int i = 0; i < N_RUNS; i++)
      {
        vigil[i] = run_once (vigil_argv);
        minimal[i] = run_once (minimal_argv);
        printf ("  %-4d %14.1f %13.1f%s %14.1f %13.1f%s\n", i + 1,
                vigil[i].map_ms, vigil[i].frame_ms, vigil[i].spread_ms > 0 ? "*" : " ",
                minimal[i].map_ms, minimal[i].frame_ms, minimal[i].spread_ms > 0 ? "*" : " ");
        n_ambiguous += (vigil[i].spread_ms > 0) + (minimal[i].spread_ms > 0);
        max_spread = MAX (max_spread, MAX (vigil[i].spread_ms, minimal[i].spread_ms));
      }
    if (n_ambiguous > 0)
      printf ("  * %d run(s) drew again before the pixels were read back: the first frame is "
              "the time shown or a drawing up to %.0f ms later\n", n_ambiguous, max_spread);
  }

  frame_stats (vigil, &vigil_median, &vigil_min, &vigil_max);
  frame_stats (minimal, &minimal_median, &minimal_min, &minimal_max);
  printf ("startup: vigil --demo first frame median %.1f ms (min %.1f, max %.1f)\n",
          vigil_median, vigil_min, vigil_max);
  printf ("startup: minimal GTK 4 window first frame median %.1f ms (min %.1f, max %.1f)\n",
          minimal_median, minimal_min, minimal_max);
  printf ("startup: vigil / minimal window, ratio of medians %.2fx\n", vigil_median / minimal_median);

  XDamageDestroy (display, damage);
  XDestroyWindow (display, probe);
  XCloseDisplay (display);
  bench_process_remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&child_env, g_strfreev);
  return EXIT_SUCCESS;
}
