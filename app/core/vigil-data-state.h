/* vigil-data-state.h — how fresh a displayed number is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * VigilDataState:
 * @VIGIL_DATA_STATE_ABSENT: no value to show: `---` in place of the number
 * @VIGIL_DATA_STATE_STALE: a value is known but is no longer being
 *   confirmed by its device: shown greyed with a hint, never as live
 * @VIGIL_DATA_STATE_LIVE: a current value from a working device
 */
typedef enum
{
  VIGIL_DATA_STATE_ABSENT,
  VIGIL_DATA_STATE_STALE,
  VIGIL_DATA_STATE_LIVE,
} VigilDataState;

#define VIGIL_TYPE_DATA_STATE (vigil_data_state_get_type ())

GType vigil_data_state_get_type (void);

G_END_DECLS
