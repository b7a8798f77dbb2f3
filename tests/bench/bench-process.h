/* bench-process.h — the benchmarks' child processes: start, stop, /proc
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bench_process_spawn       (const char * const  *argv,
                                    char               **envp,
                                    GPid                *pid,
                                    GError             **error);
gboolean bench_process_exited      (GPid                 pid,
                                    int                 *status);
void     bench_process_stop        (GPid                 pid);
gboolean bench_process_read_times  (GPid                 pid,
                                    double              *user_s,
                                    double              *sys_s);
void     bench_process_remove_tree (const char          *path);

G_END_DECLS
