/* bench-stats.c — the benchmarks' order statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Medians and percentiles, not means: one frame delayed by the machine
 * would move a mean, and the figures are compared run against run.
 */
#include "bench-stats.h"

#include <math.h>
#include <stdlib.h>

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Ascending, in place. */
void
bench_stats_sort (double *values,
                  gsize   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
}

/* Sorts @values in place; for an even @n, the mean of the middle two. */
double
bench_stats_median (double *values,
                    gsize   n)
{
  g_assert (n > 0);
  bench_stats_sort (values, n);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Nearest rank: the smallest value at or above @p of the samples (doubles;
 * sorted in place). */
double
bench_stats_percentile (GArray *values,
                        double  p)
{
  guint rank;

  g_assert_cmpuint (values->len, >, 0);
  bench_stats_sort ((double *) (gpointer) values->data, values->len);
  rank = (guint) ceil (p * values->len);
  return g_array_index (values, double, MAX (rank, 1) - 1);
}
