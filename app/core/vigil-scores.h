/* vigil-scores.h — the clinical scales of a treatment (CLINICAL.md §2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Items are passed as int so that a negative value from a bad caller is
 * refused with an error rather than wrapped into a large one. Labels are
 * translated when returned.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_SCORES_ERROR (vigil_scores_error_quark ())

typedef enum
{
  VIGIL_SCORES_ERROR_ITEM_RANGE,      /* an item outside its scale */
  VIGIL_SCORES_ERROR_BP,              /* a blood pressure that is not plausible */
  VIGIL_SCORES_ERROR_SERIES,          /* an empty or invalid PHQ-9 series */
  VIGIL_SCORES_ERROR_SETTINGS,        /* a clinic setting out of range */
} VigilScoresError;

GQuark       vigil_scores_error_quark          (void);

/* MOAA/S: 0 (no response) … 5 (responds readily to name). */
#define VIGIL_MOAAS_MAX 5

gboolean     vigil_moaas_check                 (int                 score,
                                                GError            **error);
const char  *vigil_moaas_describe              (int                 score);

/* Blood pressure against the session baseline. The percentage is
 * |current − baseline| / baseline × 100; pressures must lie in 20–300 mmHg. */
gboolean     vigil_bp_deviation_percent        (double              baseline,
                                                double              current,
                                                double             *out_percent,
                                                GError            **error);
/* The discharge criterion: systolic and diastolic each within max_percent
 * (20 by default) of the baseline, inclusive. */
#define VIGIL_BP_DISCHARGE_MAX_PERCENT 20.0
gboolean     vigil_bp_within_baseline          (double              baseline_sys,
                                                double              baseline_dia,
                                                double              current_sys,
                                                double              current_dia,
                                                double              max_percent,
                                                gboolean           *out_within,
                                                GError            **error);

/* A discharge scale's result. The pass total is a clinic setting, 9 by
 * default (1–10 allowed). With 5 items of 0–2, an item at 0 caps the total
 * at 8, so the "no item at 0" rule decides only when a clinic passes at 8
 * or less; it is checked all the same. */
#define VIGIL_DISCHARGE_PASS_TOTAL 9

typedef struct
{
  guint    total;
  guint    n_zero_items;   /* items scored 0 */
  gboolean pass;
} VigilDischargeScore;

/* Modified Aldrete: 5 items 0–2, total 0–10; pass = total ≥ pass_total
 * and no item at 0. */
typedef enum
{
  VIGIL_ALDRETE_ACTIVITY,
  VIGIL_ALDRETE_RESPIRATION,
  VIGIL_ALDRETE_CIRCULATION,
  VIGIL_ALDRETE_CONSCIOUSNESS,
  VIGIL_ALDRETE_SPO2,
  VIGIL_N_ALDRETE_ITEMS
} VigilAldreteItem;

gboolean     vigil_aldrete_score               (const int           items[VIGIL_N_ALDRETE_ITEMS],
                                                guint               pass_total,
                                                VigilDischargeScore *out,
                                                GError            **error);
const char  *vigil_aldrete_item_label          (VigilAldreteItem    item);
const char  *vigil_aldrete_choice_label        (VigilAldreteItem    item,
                                                int                 score);
/* Systolic within 20 % of baseline → 2, 20–50 % → 1, more than 50 % → 0
 * (a boundary belongs to the better score). */
gboolean     vigil_aldrete_circulation_from_bp (double              baseline_sys,
                                                double              current_sys,
                                                int                *out_score,
                                                GError            **error);

/* PADSS: 5 items 0–2, total 0–10; pass = total ≥ pass_total and, when
 * require_no_zero (the default, VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO), no
 * item at 0. */
typedef enum
{
  VIGIL_PADSS_VITAL_SIGNS,
  VIGIL_PADSS_ACTIVITY,
  VIGIL_PADSS_PAIN_NAUSEA,
  VIGIL_PADSS_BLEEDING,
  VIGIL_PADSS_INTAKE_OUTPUT,
  VIGIL_N_PADSS_ITEMS
} VigilPadssItem;

#define VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO TRUE

gboolean     vigil_padss_score                 (const int           items[VIGIL_N_PADSS_ITEMS],
                                                guint               pass_total,
                                                gboolean            require_no_zero,
                                                VigilDischargeScore *out,
                                                GError            **error);
const char  *vigil_padss_item_label            (VigilPadssItem      item);
const char  *vigil_padss_choice_label          (VigilPadssItem      item,
                                                int                 score);
/* Systolic within 20 % of baseline → 2, 20–40 % → 1, more than 40 % → 0. */
gboolean     vigil_padss_vital_signs_from_bp   (double              baseline_sys,
                                                double              current_sys,
                                                int                *out_score,
                                                GError            **error);

/* PHQ-9: 9 items 0–3, total 0–27. */
#define VIGIL_PHQ9_N_ITEMS 9
#define VIGIL_PHQ9_MAX     27

typedef enum
{
  VIGIL_PHQ9_MINIMAL,             /* 0–4 */
  VIGIL_PHQ9_MILD,                /* 5–9 */
  VIGIL_PHQ9_MODERATE,            /* 10–14 */
  VIGIL_PHQ9_MODERATELY_SEVERE,   /* 15–19 */
  VIGIL_PHQ9_SEVERE,              /* 20–27 */
} VigilPhq9Band;

typedef struct
{
  guint         total;
  VigilPhq9Band band;
  gboolean      needs_review;     /* item 9 (self-harm) above 0: a clinician reviews */
} VigilPhq9Result;

gboolean     vigil_phq9_score                  (const int           items[VIGIL_PHQ9_N_ITEMS],
                                                VigilPhq9Result    *out,
                                                GError            **error);
gboolean     vigil_phq9_band_for_total         (int                 total,
                                                VigilPhq9Band      *out_band,
                                                GError            **error);
const char  *vigil_phq9_band_label             (VigilPhq9Band       band);
/* index 0–8 (item 1–9) */
const char  *vigil_phq9_item_label             (guint               index);
const char  *vigil_phq9_choice_label           (int                 score);

/* The PHQ-9 series across the sessions, as clinic settings. */
typedef struct
{
  double response_drop_percent;    /* 50: response is a drop of at least this much */
  guint  remission_below;          /* 5: remission is a total below this */
  guint  review_after_sessions;    /* 3: from this many sessions on … */
  double meaningful_drop_percent;  /* 20: … a drop below this prompts a physician review */
} VigilPhq9SeriesSettings;

typedef struct
{
  double   change_percent;   /* latest vs first, negative = better; NAN if the first is 0 */
  gboolean response;
  gboolean remission;
  gboolean no_improvement;   /* prompt a physician review */
} VigilPhq9Trend;

void         vigil_phq9_series_settings_init   (VigilPhq9SeriesSettings       *settings);
/* totals: one PHQ-9 total per session, in order; the first is the baseline
 * before infusion 1. settings may be NULL for the defaults. */
gboolean     vigil_phq9_series_evaluate        (const int                     *totals,
                                                gsize                          n_totals,
                                                const VigilPhq9SeriesSettings *settings,
                                                VigilPhq9Trend                *out,
                                                GError                       **error);

/* CADSS-6: items 1, 2, 6, 7, 15 and 22 of the 23-item CADSS, 0–4 each, total 0–24. */
#define VIGIL_CADSS6_N_ITEMS 6
#define VIGIL_CADSS6_MAX     24

gboolean     vigil_cadss6_score                (const int           items[VIGIL_CADSS6_N_ITEMS],
                                                guint              *out_total,
                                                GError            **error);
/* index 0–5 → 1, 2, 6, 7, 15, 22 */
guint        vigil_cadss6_item_number          (guint               index);
const char  *vigil_cadss6_item_label           (guint               index);
const char  *vigil_cadss6_choice_label         (int                 score);

G_END_DECLS
