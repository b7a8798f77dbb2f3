/* bench-cpu.c — what vigil --demo costs in CPU, against a minimal GTK 4 window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built vigil with simulated devices at real speed, and the
 * minimal GTK 4 program next to it (minimal-window.c: one 1280×800 window
 * with a plain GtkHeaderBar, as vigil's has client-side decorations, and
 * one label updated once a second — the toolkit's floor), each as a child
 * process on the same display with the same environment (the test setup's
 * GSK_RENDERER, GDK_BACKEND, in-memory GSettings, the build's schemas; vigil
 * gets a temporary --db). Never both at once.
 *
 * 1. vigil --demo (the default device family) against the minimal window:
 *    60 s of each, in 30 s slices ordered vigil, minimal, minimal, vigil so
 *    that a drift in the machine's load falls on both alike.
 * 2. Each other device family (--demo-device) in a shorter slice, as a
 *    rate against the minimal window's rate from 1.
 *
 * A slice starts measuring SETTLE_S after the process starts, once the
 * window is up and the demo devices run: start-up is bench-startup's
 * figure, this one is the steady cost of a monitor left running. CPU time
 * is user + system of every thread of the process, read from its POSIX
 * CPU clock (clock_getcpuclockid(), nanoseconds; /proc/PID/stat counts in
 * 10 ms ticks, too coarse for the minimal window) at both ends of the
 * slice; the user/system split comes from /proc/PID/stat. The window's
 * size is read from the X server, to show that both are 1280×800.
 *
 * Nothing here asserts a time. VIGIL_BENCH_CPU_SLICE_S and
 * VIGIL_BENCH_CPU_FAMILY_S shorten the slices for a quick look.
 *
 * Usage: bench-cpu VIGIL MINIMAL-WINDOW (meson passes both).
 */
#include "bench-process.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>

#define SKIP              77
#define SETTLE_S          2.0
#define SLICE_S           30.0
#define FAMILY_S          5.0

typedef struct
{
  double cpu_s;        /* user + system during the measured time */
  double user_s;
  double sys_s;
  double wall_s;       /* the measured time */
  double start_cpu_s;  /* before it: start-up and settling */
  int    width;
  int    height;
} Slice;

static Display *display;
static char *tmp_dir;
static char **child_env;

static double
env_seconds (const char *name,
             double      fallback)
{
  const char *text = g_getenv (name);
  double value;

  if (text == NULL || *text == '\0')
    return fallback;
  value = g_ascii_strtod (text, NULL);
  return value > 0 ? value : fallback;
}

static GPid
spawn (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  if (!bench_process_spawn (argv, child_env, &pid, &error))
    g_error ("Cannot start %s: %s", argv[0], error->message);
  return pid;
}

static void
check_alive (GPid        pid,
             const char *name)
{
  int status;

  if (bench_process_exited (pid, &status))
    g_error ("%s exited early (status %d); see its messages above", name, status);
}

/* The process's own CPU clock: every thread, user + system, in ns. */
static double
process_cpu_s (GPid pid)
{
  clockid_t clock;
  struct timespec ts;

  if (clock_getcpuclockid (pid, &clock) != 0 || clock_gettime (clock, &ts) != 0)
    g_error ("Cannot read the CPU clock of process %d: %s", pid, g_strerror (errno));
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
process_user_sys_s (GPid    pid,
                    double *user_s,
                    double *sys_s)
{
  if (!bench_process_read_times (pid, user_s, sys_s))
    g_error ("Cannot read /proc/%d/stat", pid);
}

/* The largest viewable top-level window whose _NET_WM_PID is @pid (there
 * is no window manager: GTK's toplevels are children of the root). */
static void
window_size (GPid  pid,
             int  *width,
             int  *height)
{
  Atom wm_pid = XInternAtom (display, "_NET_WM_PID", False);
  Window root, parent, *children = NULL;
  unsigned int n = 0;

  *width = *height = 0;
  if (!XQueryTree (display, DefaultRootWindow (display), &root, &parent, &children, &n))
    return;
  for (unsigned int i = 0; i < n; i++)
    {
      XWindowAttributes attributes;
      Atom type;
      int format;
      unsigned long n_items, remaining;
      unsigned char *value = NULL;
      gboolean ours;

      if (XGetWindowProperty (display, children[i], wm_pid, 0, 1, False, XA_CARDINAL,
                              &type, &format, &n_items, &remaining, &value) != Success)
        continue;
      ours = value != NULL && n_items == 1 && format == 32 && (GPid) *(unsigned long *) value == pid;
      if (value != NULL)
        XFree (value);
      if (ours && XGetWindowAttributes (display, children[i], &attributes)
          && attributes.map_state == IsViewable
          && attributes.width * attributes.height > *width * *height)
        {
          *width = attributes.width;
          *height = attributes.height;
        }
    }
  if (children != NULL)
    XFree (children);
}

static Slice
run_slice (const char * const *argv,
           double              measure_s)
{
  Slice slice = { 0 };
  double user0, sys0, user1, sys1, cpu0;
  gint64 t0;
  GPid pid = spawn (argv);

  g_usleep (SETTLE_S * G_USEC_PER_SEC);
  check_alive (pid, argv[0]);
  window_size (pid, &slice.width, &slice.height);

  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_s (pid);
  process_user_sys_s (pid, &user0, &sys0);
  g_usleep (measure_s * G_USEC_PER_SEC);
  check_alive (pid, argv[0]);
  slice.cpu_s = process_cpu_s (pid) - cpu0;
  slice.wall_s = (g_get_monotonic_time () - t0) / 1e6;
  process_user_sys_s (pid, &user1, &sys1);
  bench_process_stop (pid);

  slice.start_cpu_s = cpu0;
  slice.user_s = user1 - user0;
  slice.sys_s = sys1 - sys0;
  return slice;
}

static void
print_slice (const char  *name,
             const Slice *s)
{
  printf ("  %-34s %4d×%-4d %6.1f %8.3f %7.3f %7.3f %8.2f%% %8.3f\n",
          name, s->width, s->height, s->wall_s, s->cpu_s, s->user_s, s->sys_s,
          100 * s->cpu_s / s->wall_s, s->start_cpu_s);
}

static void
print_header (void)
{
  printf ("  %-34s %-9s %6s %8s %7s %7s %9s %8s\n",
          "program", "window", "wall s", "CPU s", "user s", "sys s", "of a core", "start s");
}

int
main (int   argc,
      char *argv[])
{
  static const char *families[] = { "datex", "masimo", "nonin", "intellivue" };
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  double slice_s = env_seconds ("VIGIL_BENCH_CPU_SLICE_S", SLICE_S);
  double family_s = env_seconds ("VIGIL_BENCH_CPU_FAMILY_S", FAMILY_S);
  Slice vigil[2], minimal[2], family[G_N_ELEMENTS (families)];
  double vigil_cpu, vigil_wall, minimal_cpu, minimal_wall, vigil_rate, minimal_rate;

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

  tmp_dir = g_dir_make_tmp ("vigil-bench-cpu-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp_dir, "bench.db", NULL);
  /* vigil's demo puts its pty link under TMPDIR: keep it in ours. */
  child_env = g_environ_setenv (g_get_environ (), "TMPDIR", tmp_dir, TRUE);

  {
    const char *vigil_argv[] = { argv[1], "--demo", "--db", db, NULL };
    const char *minimal_argv[] = { argv[2], NULL };

    printf ("CPU of vigil --demo (real speed) and of a minimal GTK 4 window, %.0f s slices "
            "after %.0f s to settle, GSK_RENDERER=%s\n",
            slice_s, SETTLE_S, g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(default)");
    print_header ();
    vigil[0] = run_slice (vigil_argv, slice_s);
    print_slice ("vigil --demo (1)", &vigil[0]);
    minimal[0] = run_slice (minimal_argv, slice_s);
    print_slice ("minimal window (1)", &minimal[0]);
    minimal[1] = run_slice (minimal_argv, slice_s);
    print_slice ("minimal window (2)", &minimal[1]);
    vigil[1] = run_slice (vigil_argv, slice_s);
    print_slice ("vigil --demo (2)", &vigil[1]);
  }

  vigil_cpu = vigil[0].cpu_s + vigil[1].cpu_s;
  vigil_wall = vigil[0].wall_s + vigil[1].wall_s;
  minimal_cpu = minimal[0].cpu_s + minimal[1].cpu_s;
  minimal_wall = minimal[0].wall_s + minimal[1].wall_s;
  vigil_rate = vigil_cpu / vigil_wall;
  minimal_rate = minimal_cpu / minimal_wall;

  printf ("\nDevice families (vigil --demo --demo-device FAMILY), %.0f s each, against the minimal window's rate\n",
          family_s);
  print_header ();
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      const char *family_argv[] = { argv[1], "--demo", "--demo-device", families[i], "--db", db, NULL };
      g_autofree char *name = g_strdup_printf ("vigil --demo-device %s", families[i]);

      family[i] = run_slice (family_argv, family_s);
      print_slice (name, &family[i]);
    }

  printf ("\n  %-12s %12s %10s %12s\n", "family", "CPU s/min", "of a core", "x minimal");
  printf ("  %-12s %12.3f %9.2f%% %11.1fx\n", "vigil", 60 * vigil_rate, 100 * vigil_rate,
          vigil_rate / minimal_rate);
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      double rate = family[i].cpu_s / family[i].wall_s;

      printf ("  %-12s %12.3f %9.2f%% %11.1fx\n", families[i], 60 * rate, 100 * rate, rate / minimal_rate);
    }
  printf ("  %-12s %12.3f %9.2f%% %11.1fx\n\n", "(minimal)", 60 * minimal_rate, 100 * minimal_rate, 1.0);

  printf ("cpu: vigil --demo %.3f CPU s in %.0f s, minimal GTK 4 window %.3f CPU s in %.0f s, ratio %.1fx\n",
          vigil_cpu, vigil_wall, minimal_cpu, minimal_wall, vigil_rate / minimal_rate);
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    printf ("cpu: vigil --demo --demo-device %s %.3f CPU s per minute, ratio %.1fx the minimal window\n",
            families[i], 60 * family[i].cpu_s / family[i].wall_s,
            family[i].cpu_s / family[i].wall_s / minimal_rate);

  bench_process_remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&child_env, g_strfreev);
  XCloseDisplay (display);
  return EXIT_SUCCESS;
}
