/* vigil-scores.c — the clinical scales of a treatment (CLINICAL.md §2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions: items in, totals and verdicts out. Every item is checked
 * against its scale; one out of range refuses the whole score, so a bad tap
 * can never produce a passing total.
 *
 * Boundaries: a blood pressure exactly 20 % from baseline counts as within
 * 20 % (the better score), likewise at 40 % (PADSS) and 50 % (Aldrete).
 *
 * PHQ-9 series: the change is (latest − first) / first. Response is a drop
 * of at least 50 %, remission a latest total below 5. From the third
 * session on, a drop of less than 20 % from the first prompts a physician
 * review ("no meaningful improvement after 3 infusions"), unless the
 * patient is in remission; the 50, 5, 3 and 20 are clinic settings with
 * those defaults. A first total of 0 has no percentage (NAN), so neither
 * response nor the prompt.
 *
 * CADSS-6 labels name the item numbers only: the item wording comes from
 * the clinic's own CADSS form.
 */
#include "vigil-scores.h"

#include <math.h>

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (vigil-scores-error-quark, vigil_scores_error)

#define BP_MIN 20.0
#define BP_MAX 300.0

static gboolean
check_item (const char  *scale,
            guint        item_number,
            int          value,
            int          max,
            GError     **error)
{
  if (value < 0 || value > max)
    {
      g_set_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE,
                   _("%s item %u is %d, outside its scale of 0–%d. Tap the item again."),
                   scale, item_number, value, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sum_items (const char *scale,
           const int  *items,
           guint       n_items,
           int         max,
           guint      *out_total,
           guint      *out_zeros,
           GError    **error)
{
  guint total = 0;
  guint zeros = 0;

  for (guint i = 0; i < n_items; i++)
    {
      if (!check_item (scale, i + 1, items[i], max, error))
        return FALSE;
      total += (guint) items[i];
      if (items[i] == 0)
        zeros++;
    }
  *out_total = total;
  if (out_zeros != NULL)
    *out_zeros = zeros;
  return TRUE;
}

/* MOAA/S */

static const char *const moaas_descriptions[VIGIL_MOAAS_MAX + 1] = {
  N_("No response"),
  N_("Responds only to a painful squeeze"),
  N_("Responds only to mild prodding or shaking"),
  N_("Responds only after the name is called loudly or repeatedly"),
  N_("Lethargic response to the name spoken in a normal tone"),
  N_("Responds readily to the name spoken in a normal tone"),
};

gboolean
vigil_moaas_check (int      score,
                   GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (score < 0 || score > VIGIL_MOAAS_MAX)
    {
      g_set_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE,
                   _("MOAA/S %d is outside its scale of 0–5. Tap the score again."), score);
      return FALSE;
    }
  return TRUE;
}

const char *
vigil_moaas_describe (int score)
{
  g_return_val_if_fail (score >= 0 && score <= VIGIL_MOAAS_MAX, NULL);

  return _(moaas_descriptions[score]);
}

/* Blood pressure */

static gboolean
check_pressure (double   value,
                GError **error)
{
  if (!(isfinite (value) && value >= BP_MIN && value <= BP_MAX))
    {
      g_set_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_BP,
                   _("A blood pressure of %g mmHg is not plausible. Take the reading again."),
                   value);
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_bp_deviation_percent (double   baseline,
                            double   current,
                            double  *out_percent,
                            GError **error)
{
  g_return_val_if_fail (out_percent != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_pressure (baseline, error) || !check_pressure (current, error))
    return FALSE;
  *out_percent = fabs (current - baseline) * 100.0 / baseline;
  return TRUE;
}

/* |current − baseline| ≤ percent % of baseline, compared without a
 * division so that 96 against 120 is exactly 20 %. */
static gboolean
within (double baseline,
        double current,
        double percent)
{
  return fabs (current - baseline) * 100.0 <= percent * baseline;
}

gboolean
vigil_bp_within_baseline (double    baseline_sys,
                          double    baseline_dia,
                          double    current_sys,
                          double    current_dia,
                          double    max_percent,
                          gboolean *out_within,
                          GError  **error)
{
  g_return_val_if_fail (out_within != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(isfinite (max_percent) && max_percent > 0.0 && max_percent <= 100.0))
    {
      g_set_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SETTINGS,
                   _("The blood pressure margin of %g %% must be above 0 and at most 100 %%. "
                     "Correct the clinic configuration."),
                   max_percent);
      return FALSE;
    }
  if (!check_pressure (baseline_sys, error) || !check_pressure (baseline_dia, error)
      || !check_pressure (current_sys, error) || !check_pressure (current_dia, error))
    return FALSE;

  *out_within = within (baseline_sys, current_sys, max_percent)
                && within (baseline_dia, current_dia, max_percent);
  return TRUE;
}

static gboolean
score_from_bp (double   baseline,
               double   current,
               double   best_within,
               double   middle_within,
               int     *out_score,
               GError **error)
{
  g_return_val_if_fail (out_score != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_pressure (baseline, error) || !check_pressure (current, error))
    return FALSE;
  if (within (baseline, current, best_within))
    *out_score = 2;
  else if (within (baseline, current, middle_within))
    *out_score = 1;
  else
    *out_score = 0;
  return TRUE;
}

/* Modified Aldrete */

static const char *const aldrete_items[VIGIL_N_ALDRETE_ITEMS] = {
  N_("Activity"),
  N_("Respiration"),
  N_("Circulation"),
  N_("Consciousness"),
  N_("Oxygen saturation"),
};

static const char *const aldrete_choices[VIGIL_N_ALDRETE_ITEMS][3] = {
  [VIGIL_ALDRETE_ACTIVITY] = {
    N_("Moves no limbs"),
    N_("Moves 2 limbs"),
    N_("Moves 4 limbs"),
  },
  [VIGIL_ALDRETE_RESPIRATION] = {
    N_("Apnoea"),
    N_("Dyspnoea or limited breathing"),
    N_("Breathes deeply and coughs freely"),
  },
  [VIGIL_ALDRETE_CIRCULATION] = {
    /* xgettext:no-c-format */
    N_("Blood pressure more than 50 % from baseline"),
    /* xgettext:no-c-format */
    N_("Blood pressure 20–50 % from baseline"),
    /* xgettext:no-c-format */
    N_("Blood pressure within 20 % of baseline"),
  },
  [VIGIL_ALDRETE_CONSCIOUSNESS] = {
    N_("Not responding"),
    N_("Arousable on calling"),
    N_("Fully awake"),
  },
  [VIGIL_ALDRETE_SPO2] = {
    /* xgettext:no-c-format */
    N_("SpO2 below 90 % even with oxygen"),
    /* xgettext:no-c-format */
    N_("Needs oxygen to keep SpO2 above 90 %"),
    /* xgettext:no-c-format */
    N_("SpO2 above 92 % on room air"),
  },
};

static gboolean
check_pass_total (guint    pass_total,
                  GError **error)
{
  if (pass_total < 1 || pass_total > 10)
    {
      g_set_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SETTINGS,
                   _("A discharge pass mark of %u is outside the scale of 1–10. Ask the "
                     "medical director to correct the clinic configuration."),
                   pass_total);
      return FALSE;
    }
  return TRUE;
}

static void
discharge_verdict (guint                total,
                   guint                zeros,
                   guint                pass_total,
                   gboolean             require_no_zero,
                   VigilDischargeScore *out)
{
  out->total = total;
  out->n_zero_items = zeros;
  out->pass = total >= pass_total && (!require_no_zero || zeros == 0);
}

gboolean
vigil_aldrete_score (const int            items[VIGIL_N_ALDRETE_ITEMS],
                     guint                pass_total,
                     VigilDischargeScore *out,
                     GError             **error)
{
  guint total, zeros;

  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_pass_total (pass_total, error)
      || !sum_items (_("Aldrete"), items, VIGIL_N_ALDRETE_ITEMS, 2, &total, &zeros, error))
    return FALSE;
  discharge_verdict (total, zeros, pass_total, TRUE, out);
  return TRUE;
}

const char *
vigil_aldrete_item_label (VigilAldreteItem item)
{
  g_return_val_if_fail (item < VIGIL_N_ALDRETE_ITEMS, NULL);

  return _(aldrete_items[item]);
}

const char *
vigil_aldrete_choice_label (VigilAldreteItem item,
                            int              score)
{
  g_return_val_if_fail (item < VIGIL_N_ALDRETE_ITEMS, NULL);
  g_return_val_if_fail (score >= 0 && score <= 2, NULL);

  return _(aldrete_choices[item][score]);
}

gboolean
vigil_aldrete_circulation_from_bp (double   baseline_sys,
                                   double   current_sys,
                                   int     *out_score,
                                   GError **error)
{
  return score_from_bp (baseline_sys, current_sys, 20.0, 50.0, out_score, error);
}

/* PADSS */

static const char *const padss_items[VIGIL_N_PADSS_ITEMS] = {
  N_("Vital signs"),
  N_("Activity and orientation"),
  N_("Pain and nausea"),
  N_("Bleeding at the IV site"),
  N_("Intake and output"),
};

static const char *const padss_choices[VIGIL_N_PADSS_ITEMS][3] = {
  [VIGIL_PADSS_VITAL_SIGNS] = {
    /* xgettext:no-c-format */
    N_("More than 40 % from baseline"),
    /* xgettext:no-c-format */
    N_("20–40 % from baseline"),
    /* xgettext:no-c-format */
    N_("Within 20 % of baseline"),
  },
  [VIGIL_PADSS_ACTIVITY] = {
    N_("Cannot walk, or disoriented"),
    N_("Walks with help, or dizzy"),
    N_("Steady gait, oriented, no dizziness"),
  },
  [VIGIL_PADSS_PAIN_NAUSEA] = {
    N_("Severe"),
    N_("Moderate"),
    N_("Minimal"),
  },
  [VIGIL_PADSS_BLEEDING] = {
    N_("Severe"),
    N_("Moderate"),
    N_("Minimal"),
  },
  [VIGIL_PADSS_INTAKE_OUTPUT] = {
    N_("Neither drinks nor voids"),
    N_("Drinks or voids"),
    N_("Drinks and voids"),
  },
};

gboolean
vigil_padss_score (const int            items[VIGIL_N_PADSS_ITEMS],
                   guint                pass_total,
                   gboolean             require_no_zero,
                   VigilDischargeScore *out,
                   GError             **error)
{
  guint total, zeros;

  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_pass_total (pass_total, error)
      || !sum_items (_("PADSS"), items, VIGIL_N_PADSS_ITEMS, 2, &total, &zeros, error))
    return FALSE;
  discharge_verdict (total, zeros, pass_total, require_no_zero, out);
  return TRUE;
}

const char *
vigil_padss_item_label (VigilPadssItem item)
{
  g_return_val_if_fail (item < VIGIL_N_PADSS_ITEMS, NULL);

  return _(padss_items[item]);
}

const char *
vigil_padss_choice_label (VigilPadssItem item,
                          int            score)
{
  g_return_val_if_fail (item < VIGIL_N_PADSS_ITEMS, NULL);
  g_return_val_if_fail (score >= 0 && score <= 2, NULL);

  return _(padss_choices[item][score]);
}

gboolean
vigil_padss_vital_signs_from_bp (double   baseline_sys,
                                 double   current_sys,
                                 int     *out_score,
                                 GError **error)
{
  return score_from_bp (baseline_sys, current_sys, 20.0, 40.0, out_score, error);
}

/* PHQ-9 */

static const char *const phq9_items[VIGIL_PHQ9_N_ITEMS] = {
  N_("Little interest or pleasure in doing things"),
  N_("Feeling down, depressed or hopeless"),
  N_("Sleeping too little or too much"),
  N_("Feeling tired or having little energy"),
  N_("Poor appetite or overeating"),
  N_("Feeling bad about oneself"),
  N_("Trouble concentrating"),
  N_("Moving or speaking slowly, or being restless"),
  N_("Thoughts of being better off dead or of self-harm"),
};

static const char *const phq9_choices[4] = {
  N_("Not at all"),
  N_("Several days"),
  N_("More than half the days"),
  N_("Nearly every day"),
};

static const char *const phq9_bands[] = {
  [VIGIL_PHQ9_MINIMAL] = N_("Minimal"),
  [VIGIL_PHQ9_MILD] = N_("Mild"),
  [VIGIL_PHQ9_MODERATE] = N_("Moderate"),
  [VIGIL_PHQ9_MODERATELY_SEVERE] = N_("Moderately severe"),
  [VIGIL_PHQ9_SEVERE] = N_("Severe"),
};

static gboolean
check_phq9_total (int      total,
                  GError **error)
{
  if (total < 0 || total > VIGIL_PHQ9_MAX)
    {
      g_set_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE,
                   _("A PHQ-9 total of %d is outside its scale of 0–27. Check the questionnaire."),
                   total);
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_phq9_band_for_total (int             total,
                           VigilPhq9Band  *out_band,
                           GError        **error)
{
  g_return_val_if_fail (out_band != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_phq9_total (total, error))
    return FALSE;
  if (total <= 4)
    *out_band = VIGIL_PHQ9_MINIMAL;
  else if (total <= 9)
    *out_band = VIGIL_PHQ9_MILD;
  else if (total <= 14)
    *out_band = VIGIL_PHQ9_MODERATE;
  else if (total <= 19)
    *out_band = VIGIL_PHQ9_MODERATELY_SEVERE;
  else
    *out_band = VIGIL_PHQ9_SEVERE;
  return TRUE;
}

gboolean
vigil_phq9_score (const int        items[VIGIL_PHQ9_N_ITEMS],
                  VigilPhq9Result *out,
                  GError         **error)
{
  guint total;

  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sum_items (_("PHQ-9"), items, VIGIL_PHQ9_N_ITEMS, 3, &total, NULL, error))
    return FALSE;
  out->total = total;
  vigil_phq9_band_for_total ((int) total, &out->band, NULL);
  out->needs_review = items[VIGIL_PHQ9_N_ITEMS - 1] > 0;
  return TRUE;
}

const char *
vigil_phq9_band_label (VigilPhq9Band band)
{
  g_return_val_if_fail (band <= VIGIL_PHQ9_SEVERE, NULL);

  return _(phq9_bands[band]);
}

const char *
vigil_phq9_item_label (guint index)
{
  g_return_val_if_fail (index < VIGIL_PHQ9_N_ITEMS, NULL);

  return _(phq9_items[index]);
}

const char *
vigil_phq9_choice_label (int score)
{
  g_return_val_if_fail (score >= 0 && score <= 3, NULL);

  return _(phq9_choices[score]);
}

void
vigil_phq9_series_settings_init (VigilPhq9SeriesSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->response_drop_percent = 50.0;
  settings->remission_below = 5;
  settings->review_after_sessions = 3;
  settings->meaningful_drop_percent = 20.0;
}

static gboolean
check_series_settings (const VigilPhq9SeriesSettings *settings,
                       GError                       **error)
{
  if (!(settings->response_drop_percent > 0.0 && settings->response_drop_percent <= 100.0)
      || !(settings->meaningful_drop_percent > 0.0 && settings->meaningful_drop_percent <= 100.0)
      || settings->remission_below < 1 || settings->remission_below > VIGIL_PHQ9_MAX
      || settings->review_after_sessions < 2 || settings->review_after_sessions > 20)
    {
      g_set_error_literal (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SETTINGS,
                           _("The clinic’s PHQ-9 series settings are out of range (percentages "
                             "above 0 and at most 100, remission below 1–27, review after 2–20 "
                             "sessions). Ask the medical director to correct the clinic "
                             "configuration."));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_phq9_series_evaluate (const int                     *totals,
                            gsize                          n_totals,
                            const VigilPhq9SeriesSettings *settings,
                            VigilPhq9Trend                *out,
                            GError                       **error)
{
  VigilPhq9SeriesSettings defaults;
  int first, latest;
  gboolean has_change;

  g_return_val_if_fail (totals != NULL || n_totals == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (settings == NULL)
    {
      vigil_phq9_series_settings_init (&defaults);
      settings = &defaults;
    }
  if (!check_series_settings (settings, error))
    return FALSE;
  if (n_totals == 0)
    {
      g_set_error_literal (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SERIES,
                           _("There is no PHQ-9 in this series yet. Record one before the "
                             "infusion."));
      return FALSE;
    }
  for (gsize i = 0; i < n_totals; i++)
    if (!check_phq9_total (totals[i], error))
      return FALSE;

  first = totals[0];
  latest = totals[n_totals - 1];
  has_change = first > 0;

  /* Compared as products, so that 20 → 10 is exactly a 50 % drop. */
  out->change_percent = has_change ? (latest - first) * 100.0 / first : NAN;
  out->response = has_change
                  && (first - latest) * 100.0 >= settings->response_drop_percent * first;
  out->remission = (guint) latest < settings->remission_below;
  out->no_improvement = has_change
                        && n_totals >= settings->review_after_sessions
                        && !out->remission
                        && (first - latest) * 100.0 < settings->meaningful_drop_percent * first;
  return TRUE;
}

/* CADSS-6 */

static const guint cadss6_numbers[VIGIL_CADSS6_N_ITEMS] = { 1, 2, 6, 7, 15, 22 };

static const char *const cadss6_items[VIGIL_CADSS6_N_ITEMS] = {
  N_("CADSS item 1"),
  N_("CADSS item 2"),
  N_("CADSS item 6"),
  N_("CADSS item 7"),
  N_("CADSS item 15"),
  N_("CADSS item 22"),
};

static const char *const cadss6_choices[5] = {
  N_("Not at all"),
  N_("Slightly"),
  N_("Moderately"),
  N_("Considerably"),
  N_("Extremely"),
};

gboolean
vigil_cadss6_score (const int   items[VIGIL_CADSS6_N_ITEMS],
                    guint      *out_total,
                    GError    **error)
{
  guint total = 0;

  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (out_total != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Errors name the CADSS’s own item numbers, as on the form. */
  for (guint i = 0; i < VIGIL_CADSS6_N_ITEMS; i++)
    {
      if (!check_item (_("CADSS"), cadss6_numbers[i], items[i], 4, error))
        return FALSE;
      total += (guint) items[i];
    }
  *out_total = total;
  return TRUE;
}

guint
vigil_cadss6_item_number (guint index)
{
  g_return_val_if_fail (index < VIGIL_CADSS6_N_ITEMS, 0);

  return cadss6_numbers[index];
}

const char *
vigil_cadss6_item_label (guint index)
{
  g_return_val_if_fail (index < VIGIL_CADSS6_N_ITEMS, NULL);

  return _(cadss6_items[index]);
}

const char *
vigil_cadss6_choice_label (int score)
{
  g_return_val_if_fail (score >= 0 && score <= 4, NULL);

  return _(cadss6_choices[score]);
}
