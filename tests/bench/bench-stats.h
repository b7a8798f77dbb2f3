/* bench-stats.h — the benchmarks' order statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void   bench_stats_sort       (double *values,
                               gsize   n);
double bench_stats_median     (double *values,
                               gsize   n);
double bench_stats_percentile (GArray *values,
                               double  p);

G_END_DECLS
