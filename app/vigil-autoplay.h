/* vigil-autoplay.h — a whole treatment played by simulated staff, for demos and checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives a demo bedside through a treatment on the monitor's clock: the
 * checklist, the dose, the infusion with its scores, an event, a pause and
 * a resume, the end, the recovery checks and the discharge. Each action
 * goes through the treatment session's API under a named person, so it is
 * recorded exactly as a nurse's would be. The next action is decided from
 * the treatment's state at every tick, so any clock speed works.
 *
 * Signals: "step-done" (const char *description) after each action;
 * "finished" once the treatment is discharged (or was stopped by someone
 * else).
 */
#pragma once

#include <glib-object.h>

#include "vigil-bedside.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_AUTOPLAY (vigil_autoplay_get_type ())

G_DECLARE_FINAL_TYPE (VigilAutoplay, vigil_autoplay, VIGIL, AUTOPLAY, GObject)

VigilAutoplay *vigil_autoplay_new        (VigilBedside  *bedside,
                                          const char    *staff_name);
void           vigil_autoplay_start      (VigilAutoplay *self);
void           vigil_autoplay_stop       (VigilAutoplay *self);
gboolean       vigil_autoplay_is_running (VigilAutoplay *self);
const char    *vigil_autoplay_get_status (VigilAutoplay *self);

G_END_DECLS
