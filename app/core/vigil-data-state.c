/* vigil-data-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vigil-data-state.h"

G_DEFINE_ENUM_TYPE (VigilDataState, vigil_data_state,
  G_DEFINE_ENUM_VALUE (VIGIL_DATA_STATE_ABSENT, "absent"),
  G_DEFINE_ENUM_VALUE (VIGIL_DATA_STATE_STALE, "stale"),
  G_DEFINE_ENUM_VALUE (VIGIL_DATA_STATE_LIVE, "live"))
