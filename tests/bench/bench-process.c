/* bench-process.c — the benchmarks' child processes: start, stop, /proc
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-cpu, bench-startup and bench-memory run the built vigil (and the
 * minimal window) as child processes they reap themselves, and leave its
 * files in a temporary folder removed at the end.
 */
#include "bench-process.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define STOP_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define STOP_POLL_US    (10 * 1000)

/* A child must not outlive the benchmark if it is killed. */
static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts @argv with @envp, not reaped: the caller stops it with
 * bench_process_stop() or sees it end with bench_process_exited(). */
gboolean
bench_process_spawn (const char * const  *argv,
                     char               **envp,
                     GPid                *pid,
                     GError             **error)
{
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);
  g_return_val_if_fail (pid != NULL, FALSE);

  return g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                        child_setup, NULL, pid, error);
}

/* Whether the child has ended, without waiting; then it is reaped and
 * @status holds its wait status. */
gboolean
bench_process_exited (GPid  pid,
                      int  *status)
{
  return waitpid (pid, status, WNOHANG) != 0;
}

/* SIGTERM, so that vigil closes its database and removes its pty link;
 * SIGKILL if it has not ended in 5 s. */
void
bench_process_stop (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + STOP_TIMEOUT_US;
  int status;

  kill (pid, SIGTERM);
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          break;
        }
      g_usleep (STOP_POLL_US);
    }
  g_spawn_close_pid (pid);
}

/* utime and stime, fields 14 and 15 of /proc/PID/stat, in seconds (10 ms
 * ticks). They come after the command name, which may hold spaces and
 * parentheses, hence the last ')'. */
gboolean
bench_process_read_times (GPid    pid,
                          double *user_s,
                          double *sys_s)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  unsigned long utime = 0, stime = 0;
  const char *after_name;
  double tick = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || (after_name = strrchr (text, ')')) == NULL
      || sscanf (after_name + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                 &utime, &stime) != 2)
    return FALSE;
  *user_s = utime / tick;
  *sys_s = stime / tick;
  return TRUE;
}

/* Removes a temporary folder and what vigil left in it (its database, and
 * the demo's pty folder, should a run end by SIGKILL). */
void
bench_process_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bench_process_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
