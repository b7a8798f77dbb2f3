/* vigil-ring-timer.h — a large ring timer for a timed phase of a treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * VigilRingTimerMode:
 * @VIGIL_RING_TIMER_COUNT_DOWN: the digits show the time remaining
 * @VIGIL_RING_TIMER_COUNT_UP: the digits show the time elapsed
 *
 * Past the total both show the overtime, "+MM:SS".
 */
typedef enum
{
  VIGIL_RING_TIMER_COUNT_DOWN,
  VIGIL_RING_TIMER_COUNT_UP,
} VigilRingTimerMode;

/**
 * VigilRingTimerPhase:
 * @VIGIL_RING_TIMER_PHASE_INFUSION: the arc in vigil_ring_infusion
 * @VIGIL_RING_TIMER_PHASE_RECOVERY: the arc in vigil_ring_recovery
 *
 * Only chooses the colour of the arc; the words are #VigilRingTimer:title.
 */
typedef enum
{
  VIGIL_RING_TIMER_PHASE_INFUSION,
  VIGIL_RING_TIMER_PHASE_RECOVERY,
} VigilRingTimerPhase;

#define VIGIL_TYPE_RING_TIMER_MODE  (vigil_ring_timer_mode_get_type ())
#define VIGIL_TYPE_RING_TIMER_PHASE (vigil_ring_timer_phase_get_type ())
#define VIGIL_TYPE_RING_TIMER       (vigil_ring_timer_get_type ())

GType vigil_ring_timer_mode_get_type  (void) G_GNUC_CONST;
GType vigil_ring_timer_phase_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (VigilRingTimer, vigil_ring_timer, VIGIL, RING_TIMER, GtkWidget)

GtkWidget           *vigil_ring_timer_new                (void);

gint64               vigil_ring_timer_get_total          (VigilRingTimer      *self);
void                 vigil_ring_timer_set_total          (VigilRingTimer      *self,
                                                          gint64               total_us);
gint64               vigil_ring_timer_get_elapsed        (VigilRingTimer      *self);
void                 vigil_ring_timer_set_elapsed        (VigilRingTimer      *self,
                                                          gint64               elapsed_us);
gint64               vigil_ring_timer_get_minimum        (VigilRingTimer      *self);
void                 vigil_ring_timer_set_minimum        (VigilRingTimer      *self,
                                                          gint64               minimum_us);
gboolean             vigil_ring_timer_get_paused         (VigilRingTimer      *self);
void                 vigil_ring_timer_set_paused         (VigilRingTimer      *self,
                                                          gboolean             paused);
gint64               vigil_ring_timer_get_paused_for     (VigilRingTimer      *self);
void                 vigil_ring_timer_set_paused_for     (VigilRingTimer      *self,
                                                          gint64               paused_for_us);
const char          *vigil_ring_timer_get_title          (VigilRingTimer      *self);
void                 vigil_ring_timer_set_title          (VigilRingTimer      *self,
                                                          const char          *title);
VigilRingTimerMode   vigil_ring_timer_get_mode           (VigilRingTimer      *self);
void                 vigil_ring_timer_set_mode           (VigilRingTimer      *self,
                                                          VigilRingTimerMode   mode);
VigilRingTimerPhase  vigil_ring_timer_get_phase          (VigilRingTimer      *self);
void                 vigil_ring_timer_set_phase          (VigilRingTimer      *self,
                                                          VigilRingTimerPhase  phase);

/* What is on screen, for tests and accessibility. */
gboolean             vigil_ring_timer_get_overtime       (VigilRingTimer      *self);
const char          *vigil_ring_timer_get_digits_text    (VigilRingTimer      *self);
const char          *vigil_ring_timer_get_secondary_text (VigilRingTimer      *self);

/* "0:59", "40:00", "1:05:00", "-2:10"; whole seconds, truncated. */
char                *vigil_ring_timer_format_duration    (gint64               us);

G_END_DECLS
