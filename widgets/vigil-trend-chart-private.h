/* vigil-trend-chart-private.h — counters the tests use to prove caching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-trend-chart.h"

G_BEGIN_DECLS

/* How many frames were drawn, and how many times the static layer (grid,
 * labels, titles) was rebuilt. */
guint vigil_trend_chart_get_snapshot_count     (VigilTrendChart *self);
guint vigil_trend_chart_get_static_build_count (VigilTrendChart *self);

G_END_DECLS
