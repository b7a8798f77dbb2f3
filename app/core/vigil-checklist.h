/* vigil-checklist.h — the pre-infusion checklist (CLINICAL.md §2 "Before"), as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each item has a stable key, a translatable title, a required flag and a
 * state. Some items are gated: their answer is recorded but does not count
 * as done until it passes its gate (fasting times, baseline vitals, MOAA/S
 * 5) or a named clinician overrides it with a reason.
 *
 * Answers (item keys and value formats):
 *   identity, consent, transport, medications, sound-self-test,
 *   devices-connected, phq9-review, dose-confirmed: any text (what was
 *     checked; "passed", "none", a medicine list, the dose summary …)
 *   escort-name, escort-phone: the text
 *   weight: kg, a number ("72.5")
 *   last-food, last-liquid: an ISO 8601 time ("2026-11-28T05:30:00Z"; no
 *     zone: local time); gated by the fasting settings against the clock
 *   phq9: nine item scores 0–3, comma-separated; item 9 above 0 makes
 *     phq9-review required
 *   baseline-moaas: 0–5; gated: 5
 *   baseline-nibp: "SYS/DIA" (the mean of two readings); gated
 *   baseline-hr: /min; gated
 *   baseline-spo2: % on room air; gated
 */
#pragma once

#include <glib-object.h>

#include "vigil-clock.h"

G_BEGIN_DECLS

/* The value the monitor gives "sound-self-test" when its self-test passed;
 * anything else ("failed: …") is a failed gate. */
#define VIGIL_CHECKLIST_SOUND_PASSED "passed"

#define VIGIL_CHECKLIST_ERROR (vigil_checklist_error_quark ())

typedef enum
{
  VIGIL_CHECKLIST_ERROR_UNKNOWN_ITEM,   /* no item has this key */
  VIGIL_CHECKLIST_ERROR_WHO_REQUIRED,   /* no person named */
  VIGIL_CHECKLIST_ERROR_REASON_REQUIRED,/* an override without a reason */
  VIGIL_CHECKLIST_ERROR_INVALID_VALUE,  /* the answer cannot be read or is implausible */
  VIGIL_CHECKLIST_ERROR_NOT_NEEDED,     /* an override of an item that is done or not required */
} VigilChecklistError;

typedef enum
{
  VIGIL_CHECKLIST_STATE_NOT_DONE,
  VIGIL_CHECKLIST_STATE_DONE,
  VIGIL_CHECKLIST_STATE_OVERRIDDEN,     /* done by a clinician's override with a reason */
} VigilChecklistState;

/* The clinic's gates (CLINICAL.md §2 defaults). */
typedef struct
{
  gint64 food_fasting_us;      /* 2 h since the last food */
  gint64 liquid_fasting_us;    /* 30 min since the last clear liquid */
  double sys_review_above;     /* 140: SYS above → prescriber review */
  double dia_review_above;     /* 90: DIA above → prescriber review */
  double hr_min;               /* 50 */
  double hr_max;               /* 120 */
  double spo2_min;             /* 94 % on room air */
} VigilChecklistSettings;

/* One item's state; strings are owned by the checklist and valid until
 * the item is next answered. */
typedef struct
{
  const char          *key;
  const char          *title;            /* translated */
  gboolean             required;
  VigilChecklistState  state;
  const char          *value;            /* NULL: not answered */
  const char          *who;
  gint64               wall_us;
  const char          *problem;          /* translated: why an answer does not count; or NULL */
  const char          *override_reason;
  const char          *override_who;
} VigilChecklistItem;

#define VIGIL_TYPE_CHECKLIST (vigil_checklist_get_type ())

G_DECLARE_FINAL_TYPE (VigilChecklist, vigil_checklist, VIGIL, CHECKLIST, GObject)

GQuark               vigil_checklist_error_quark    (void);
void                 vigil_checklist_settings_init  (VigilChecklistSettings       *settings);

/* @settings may be NULL for the defaults. */
VigilChecklist      *vigil_checklist_new            (VigilClock                   *clock,
                                                     const VigilChecklistSettings *settings);
const VigilChecklistSettings *
                     vigil_checklist_get_settings   (VigilChecklist               *self);
void                 vigil_checklist_set_settings   (VigilChecklist               *self,
                                                     const VigilChecklistSettings *settings);

/* The keys, in the order the page shows them (NULL-terminated). */
const char * const  *vigil_checklist_get_keys       (void);
gboolean             vigil_checklist_get_item       (VigilChecklist               *self,
                                                     const char                   *key,
                                                     VigilChecklistItem           *out_item);

/* Records an answer at the clock's wall time and emits "answered". A new
 * answer replaces the previous one and any override of the item. */
gboolean             vigil_checklist_answer         (VigilChecklist               *self,
                                                     const char                   *key,
                                                     const char                   *value_text,
                                                     const char                   *who,
                                                     GError                      **error);
/* A named clinician accepts an item that is not done (a failed gate, a
 * fasting time not reached) with a reason. Emits "answered" with the key
 * "KEY.override" and the reason as the value. */
gboolean             vigil_checklist_override       (VigilChecklist               *self,
                                                     const char                   *key,
                                                     const char                   *reason,
                                                     const char                   *who,
                                                     GError                      **error);
/* Re-applies a stored answer (or "KEY.override") with its original time,
 * without emitting "answered": for a treatment restored after a crash. */
gboolean             vigil_checklist_restore        (VigilChecklist               *self,
                                                     const char                   *key,
                                                     const char                   *value_text,
                                                     const char                   *who,
                                                     gint64                        wall_us,
                                                     GError                      **error);

/* Evaluated at the clock's current time (fasting depends on it). */
gboolean             vigil_checklist_is_complete    (VigilChecklist               *self);
/* The translated titles of the required items not done, in page order
 * (an empty vector when complete). Free with g_strfreev(). */
char               **vigil_checklist_list_missing   (VigilChecklist               *self);

/* Signal "answered" (const char *key, const char *value, const char *who,
 * gint64 wall_us): an answer or override to persist. */

G_END_DECLS
