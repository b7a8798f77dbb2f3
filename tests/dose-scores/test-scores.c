/* test-scores.c — MOAA/S, modified Aldrete, PADSS, PHQ-9 and CADSS-6
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "vigil-scores.h"

static void
test_moaas (void)
{
  for (int score = 0; score <= VIGIL_MOAAS_MAX; score++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (vigil_moaas_check (score, &error));
      g_assert_no_error (error);
      g_assert_nonnull (vigil_moaas_describe (score));
    }
  g_assert_cmpstr (vigil_moaas_describe (5), ==, "Responds readily to the name spoken in a normal tone");
  g_assert_cmpstr (vigil_moaas_describe (0), ==, "No response");

  for (int score = -1; score <= 6; score += 7)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vigil_moaas_check (score, &error));
      g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
    }
}

static void
assert_discharge (const VigilDischargeScore *score,
                  guint                      total,
                  guint                      zeros,
                  gboolean                   pass)
{
  g_assert_cmpuint (score->total, ==, total);
  g_assert_cmpuint (score->n_zero_items, ==, zeros);
  g_assert_cmpint (score->pass, ==, pass);
}

static void
aldrete_ok (const int            items[VIGIL_N_ALDRETE_ITEMS],
            guint                pass_total,
            VigilDischargeScore *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_aldrete_score (items, pass_total, out, &error));
  g_assert_no_error (error);
}

static void
test_aldrete (void)
{
  VigilDischargeScore score;
  const int all[] = { 2, 2, 2, 2, 2 };
  const int nine[] = { 2, 2, 1, 2, 2 };
  const int eight[] = { 2, 1, 2, 1, 2 };
  const int zero_item[] = { 2, 2, 2, 2, 0 };
  const int none[] = { 0, 0, 0, 0, 0 };
  const int bad_high[] = { 2, 2, 3, 2, 2 };
  const int bad_low[] = { 2, 2, 2, -1, 2 };

  aldrete_ok (all, VIGIL_DISCHARGE_PASS_TOTAL, &score);
  assert_discharge (&score, 10, 0, TRUE);
  aldrete_ok (nine, VIGIL_DISCHARGE_PASS_TOTAL, &score);
  assert_discharge (&score, 9, 0, TRUE);
  aldrete_ok (eight, VIGIL_DISCHARGE_PASS_TOTAL, &score);
  assert_discharge (&score, 8, 0, FALSE);
  aldrete_ok (none, VIGIL_DISCHARGE_PASS_TOTAL, &score);
  assert_discharge (&score, 0, 5, FALSE);

  /* With the default pass mark an item at 0 caps the total at 8; at a
   * clinic's pass mark of 8 the "no item at 0" rule is what refuses it. */
  aldrete_ok (zero_item, VIGIL_DISCHARGE_PASS_TOTAL, &score);
  assert_discharge (&score, 8, 1, FALSE);
  aldrete_ok (zero_item, 8, &score);
  assert_discharge (&score, 8, 1, FALSE);
  aldrete_ok (eight, 8, &score);
  assert_discharge (&score, 8, 0, TRUE);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_aldrete_score (bad_high, VIGIL_DISCHARGE_PASS_TOTAL, &score, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
    g_assert_cmpstr (error->message, ==, "Aldrete item 3 is 3, outside its scale of 0–2. Tap the item again.");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_aldrete_score (bad_low, VIGIL_DISCHARGE_PASS_TOTAL, &score, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_aldrete_score (all, 11, &score, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SETTINGS);
  }

  for (int item = 0; item < VIGIL_N_ALDRETE_ITEMS; item++)
    {
      g_assert_nonnull (vigil_aldrete_item_label (item));
      for (int choice = 0; choice <= 2; choice++)
        g_assert_nonnull (vigil_aldrete_choice_label (item, choice));
    }
  g_assert_cmpstr (vigil_aldrete_item_label (VIGIL_ALDRETE_SPO2), ==, "Oxygen saturation");
  g_assert_cmpstr (vigil_aldrete_choice_label (VIGIL_ALDRETE_SPO2, 2), ==, "SpO2 above 92 % on room air");
}

static int
bp_score (gboolean (*func) (double, double, int *, GError **),
          double   baseline,
          double   current)
{
  g_autoptr(GError) error = NULL;
  int score = -1;

  g_assert_true (func (baseline, current, &score, &error));
  g_assert_no_error (error);
  return score;
}

static void
test_circulation_from_bp (void)
{
  /* Baseline 120: 20 % is 96–144, 50 % is 60–180; a boundary is the better score. */
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 120), ==, 2);
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 96), ==, 2);
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 144), ==, 2);
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 95), ==, 1);
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 145), ==, 1);
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 60), ==, 1);
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 180), ==, 1);
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 59), ==, 0);
  g_assert_cmpint (bp_score (vigil_aldrete_circulation_from_bp, 120, 181), ==, 0);

  /* PADSS vital signs: 20 % → 2, 40 % (72–168) → 1, beyond → 0. */
  g_assert_cmpint (bp_score (vigil_padss_vital_signs_from_bp, 120, 144), ==, 2);
  g_assert_cmpint (bp_score (vigil_padss_vital_signs_from_bp, 120, 145), ==, 1);
  g_assert_cmpint (bp_score (vigil_padss_vital_signs_from_bp, 120, 168), ==, 1);
  g_assert_cmpint (bp_score (vigil_padss_vital_signs_from_bp, 120, 72), ==, 1);
  g_assert_cmpint (bp_score (vigil_padss_vital_signs_from_bp, 120, 169), ==, 0);
  g_assert_cmpint (bp_score (vigil_padss_vital_signs_from_bp, 120, 71), ==, 0);

  {
    g_autoptr(GError) error = NULL;
    int score = -1;

    g_assert_false (vigil_aldrete_circulation_from_bp (0, 120, &score, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_BP);
    g_assert_cmpstr (error->message, ==, "A blood pressure of 0 mmHg is not plausible. Take the reading again.");
    g_assert_cmpint (score, ==, -1);
  }
  {
    g_autoptr(GError) error = NULL;
    int score = -1;

    g_assert_false (vigil_padss_vital_signs_from_bp (120, NAN, &score, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_BP);
    g_assert_cmpint (score, ==, -1);
  }
}

static gboolean
bp_within (double sys0,
           double dia0,
           double sys,
           double dia)
{
  g_autoptr(GError) error = NULL;
  gboolean result = -1;

  g_assert_true (vigil_bp_within_baseline (sys0, dia0, sys, dia, VIGIL_BP_DISCHARGE_MAX_PERCENT,
                                           &result, &error));
  g_assert_no_error (error);
  return result;
}

static void
test_bp_within_baseline (void)
{
  double percent = -1;

  g_assert_true (bp_within (120, 80, 120, 80));
  g_assert_true (bp_within (120, 80, 144, 96));
  g_assert_true (bp_within (120, 80, 96, 64));
  g_assert_false (bp_within (120, 80, 145, 80));
  g_assert_false (bp_within (120, 80, 120, 97));
  g_assert_false (bp_within (120, 80, 95, 80));
  g_assert_false (bp_within (120, 80, 120, 63));

  {
    g_autoptr(GError) error = NULL;

    g_assert_true (vigil_bp_deviation_percent (120, 150, &percent, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (percent, ==, 25.0);
  }
  {
    g_autoptr(GError) error = NULL;
    gboolean result = 7;

    g_assert_false (vigil_bp_within_baseline (120, 80, 500, 80, 20, &result, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_BP);
    g_assert_cmpint (result, ==, 7);
  }
  {
    g_autoptr(GError) error = NULL;
    gboolean result = 7;

    g_assert_false (vigil_bp_within_baseline (120, 80, 120, 80, 0, &result, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SETTINGS);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_bp_deviation_percent (-120, 120, &percent, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_BP);
  }
}

static void
padss_ok (const int            items[VIGIL_N_PADSS_ITEMS],
          guint                pass_total,
          gboolean             require_no_zero,
          VigilDischargeScore *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_padss_score (items, pass_total, require_no_zero, out, &error));
  g_assert_no_error (error);
}

static void
test_padss (void)
{
  VigilDischargeScore score;
  const int all[] = { 2, 2, 2, 2, 2 };
  const int nine[] = { 2, 2, 2, 1, 2 };
  const int eight[] = { 1, 2, 2, 1, 2 };
  const int zero_item[] = { 2, 2, 2, 2, 0 };
  const int bad[] = { 2, 2, 2, 2, 5 };

  padss_ok (all, VIGIL_DISCHARGE_PASS_TOTAL, VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO, &score);
  assert_discharge (&score, 10, 0, TRUE);
  padss_ok (nine, VIGIL_DISCHARGE_PASS_TOTAL, VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO, &score);
  assert_discharge (&score, 9, 0, TRUE);
  padss_ok (eight, VIGIL_DISCHARGE_PASS_TOTAL, VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO, &score);
  assert_discharge (&score, 8, 0, FALSE);
  padss_ok (zero_item, VIGIL_DISCHARGE_PASS_TOTAL, TRUE, &score);
  assert_discharge (&score, 8, 1, FALSE);

  /* The "no item at 0" rule is on by default and a clinic may turn it off. */
  g_assert_true (VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO);
  padss_ok (zero_item, 8, TRUE, &score);
  assert_discharge (&score, 8, 1, FALSE);
  padss_ok (zero_item, 8, FALSE, &score);
  assert_discharge (&score, 8, 1, TRUE);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_padss_score (bad, VIGIL_DISCHARGE_PASS_TOTAL, TRUE, &score, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
    g_assert_cmpstr (error->message, ==, "PADSS item 5 is 5, outside its scale of 0–2. Tap the item again.");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_padss_score (all, 0, TRUE, &score, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SETTINGS);
  }

  for (int item = 0; item < VIGIL_N_PADSS_ITEMS; item++)
    {
      g_assert_nonnull (vigil_padss_item_label (item));
      for (int choice = 0; choice <= 2; choice++)
        g_assert_nonnull (vigil_padss_choice_label (item, choice));
    }
  g_assert_cmpstr (vigil_padss_item_label (VIGIL_PADSS_BLEEDING), ==, "Bleeding at the IV site");
}

/* Items adding up to total, item 9 set to item9. */
static void
phq9_items_for (int  total,
                int  item9,
                int  items[VIGIL_PHQ9_N_ITEMS])
{
  int left = total - item9;

  items[VIGIL_PHQ9_N_ITEMS - 1] = item9;
  for (int i = 0; i < VIGIL_PHQ9_N_ITEMS - 1; i++)
    {
      items[i] = MIN (left, 3);
      left -= items[i];
    }
  g_assert_cmpint (left, ==, 0);
}

static void
test_phq9_bands (void)
{
  const struct { int total; VigilPhq9Band band; } cases[] = {
    { 0, VIGIL_PHQ9_MINIMAL },
    { 4, VIGIL_PHQ9_MINIMAL },
    { 5, VIGIL_PHQ9_MILD },
    { 9, VIGIL_PHQ9_MILD },
    { 10, VIGIL_PHQ9_MODERATE },
    { 14, VIGIL_PHQ9_MODERATE },
    { 15, VIGIL_PHQ9_MODERATELY_SEVERE },
    { 19, VIGIL_PHQ9_MODERATELY_SEVERE },
    { 20, VIGIL_PHQ9_SEVERE },
    { 27, VIGIL_PHQ9_SEVERE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      int items[VIGIL_PHQ9_N_ITEMS];
      VigilPhq9Result result;
      VigilPhq9Band band = 99;
      int item9;

      g_assert_true (vigil_phq9_band_for_total (cases[i].total, &band, &error));
      g_assert_no_error (error);
      g_assert_cmpint (band, ==, cases[i].band);

      /* The same through the items; items 1–8 reach 24 at most, so 27
       * needs item 9 too, which raises the review flag. */
      item9 = cases[i].total > 24 ? 3 : 0;
      phq9_items_for (cases[i].total, item9, items);
      g_assert_true (vigil_phq9_score (items, &result, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (result.total, ==, (guint) cases[i].total);
      g_assert_cmpint (result.band, ==, cases[i].band);
      g_assert_cmpint (result.needs_review, ==, item9 > 0);
    }

  g_assert_cmpstr (vigil_phq9_band_label (VIGIL_PHQ9_MODERATELY_SEVERE), ==, "Moderately severe");
  for (int band = VIGIL_PHQ9_MINIMAL; band <= VIGIL_PHQ9_SEVERE; band++)
    g_assert_nonnull (vigil_phq9_band_label (band));
  for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
    g_assert_nonnull (vigil_phq9_item_label (i));
  for (int c = 0; c <= 3; c++)
    g_assert_nonnull (vigil_phq9_choice_label (c));

  for (int total = -1; total <= 28; total += 29)
    {
      g_autoptr(GError) error = NULL;
      VigilPhq9Band band = 99;

      g_assert_false (vigil_phq9_band_for_total (total, &band, &error));
      g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
      g_assert_cmpint (band, ==, 99);
    }
}

static void
test_phq9_item9 (void)
{
  for (int item9 = 0; item9 <= 3; item9++)
    {
      g_autoptr(GError) error = NULL;
      int items[VIGIL_PHQ9_N_ITEMS];
      VigilPhq9Result result;

      /* A low total does not hide the flag. */
      phq9_items_for (item9, item9, items);
      g_assert_true (vigil_phq9_score (items, &result, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (result.total, ==, (guint) item9);
      g_assert_cmpint (result.band, ==, VIGIL_PHQ9_MINIMAL);
      g_assert_cmpint (result.needs_review, ==, item9 > 0);
    }

  /* Item 8 at 3 is not item 9. */
  {
    g_autoptr(GError) error = NULL;
    const int items[VIGIL_PHQ9_N_ITEMS] = { 0, 0, 0, 0, 0, 0, 0, 3, 0 };
    VigilPhq9Result result;

    g_assert_true (vigil_phq9_score (items, &result, &error));
    g_assert_false (result.needs_review);
  }

  /* Out of range items. */
  {
    g_autoptr(GError) error = NULL;
    const int items[VIGIL_PHQ9_N_ITEMS] = { 0, 0, 0, 0, 0, 0, 0, 0, 4 };
    VigilPhq9Result result = { 0 };

    g_assert_false (vigil_phq9_score (items, &result, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
    g_assert_cmpstr (error->message, ==, "PHQ-9 item 9 is 4, outside its scale of 0–3. Tap the item again.");
    g_assert_false (result.needs_review);
  }
  {
    g_autoptr(GError) error = NULL;
    const int items[VIGIL_PHQ9_N_ITEMS] = { 3, 3, -2, 0, 0, 0, 0, 0, 0 };
    VigilPhq9Result result;

    g_assert_false (vigil_phq9_score (items, &result, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
  }
}

static VigilPhq9Trend
series (const int                     *totals,
        gsize                          n,
        const VigilPhq9SeriesSettings *settings)
{
  g_autoptr(GError) error = NULL;
  VigilPhq9Trend trend;

  g_assert_true (vigil_phq9_series_evaluate (totals, n, settings, &trend, &error));
  g_assert_no_error (error);
  return trend;
}

static void
test_phq9_series (void)
{
  VigilPhq9SeriesSettings settings;
  VigilPhq9Trend t;

  vigil_phq9_series_settings_init (&settings);
  g_assert_cmpfloat (settings.response_drop_percent, ==, 50.0);
  g_assert_cmpuint (settings.remission_below, ==, 5);
  g_assert_cmpuint (settings.review_after_sessions, ==, 3);
  g_assert_cmpfloat (settings.meaningful_drop_percent, ==, 20.0);

  /* One session: the baseline. */
  t = series ((const int[]) { 20 }, 1, NULL);
  g_assert_cmpfloat (t.change_percent, ==, 0.0);
  g_assert_false (t.response);
  g_assert_false (t.remission);
  g_assert_false (t.no_improvement);

  /* Exactly 50 % down is a response; 45 % is not. */
  t = series ((const int[]) { 20, 10 }, 2, NULL);
  g_assert_cmpfloat (t.change_percent, ==, -50.0);
  g_assert_true (t.response);
  g_assert_false (t.remission);
  t = series ((const int[]) { 20, 11 }, 2, NULL);
  g_assert_cmpfloat (t.change_percent, ==, -45.0);
  g_assert_false (t.response);

  /* Remission below 5: 4 is, 5 is not. */
  t = series ((const int[]) { 20, 12, 4 }, 3, NULL);
  g_assert_cmpfloat (t.change_percent, ==, -80.0);
  g_assert_true (t.response);
  g_assert_true (t.remission);
  g_assert_false (t.no_improvement);
  t = series ((const int[]) { 20, 12, 5 }, 3, NULL);
  g_assert_false (t.remission);

  /* No meaningful improvement by the 3rd infusion: 15 % down prompts,
   * exactly 20 % does not, and two sessions are too early to judge. */
  t = series ((const int[]) { 20, 18, 17 }, 3, NULL);
  g_assert_cmpfloat (t.change_percent, ==, -15.0);
  g_assert_true (t.no_improvement);
  t = series ((const int[]) { 20, 18, 16 }, 3, NULL);
  g_assert_false (t.no_improvement);
  t = series ((const int[]) { 20, 20 }, 2, NULL);
  g_assert_false (t.no_improvement);
  t = series ((const int[]) { 20, 12, 22, 21 }, 4, NULL);
  g_assert_cmpfloat (t.change_percent, ==, 5.0);
  g_assert_true (t.no_improvement);

  /* A clinic that wants 30 %. */
  settings.meaningful_drop_percent = 30;
  t = series ((const int[]) { 20, 15, 15 }, 3, &settings);
  g_assert_true (t.no_improvement);
  t = series ((const int[]) { 20, 15, 15 }, 3, NULL);
  g_assert_false (t.no_improvement);

  /* A first total of 0 has no percentage, and remission needs no prompt. */
  t = series ((const int[]) { 0, 0, 0 }, 3, NULL);
  g_assert_true (isnan (t.change_percent));
  g_assert_false (t.response);
  g_assert_true (t.remission);
  g_assert_false (t.no_improvement);
  t = series ((const int[]) { 4, 4, 4 }, 3, NULL);
  g_assert_true (t.remission);
  g_assert_false (t.no_improvement);

  /* Errors: empty, a total out of range, settings out of range. */
  {
    g_autoptr(GError) error = NULL;
    VigilPhq9Trend trend;

    g_assert_false (vigil_phq9_series_evaluate (NULL, 0, NULL, &trend, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SERIES);
  }
  {
    g_autoptr(GError) error = NULL;
    VigilPhq9Trend trend;

    g_assert_false (vigil_phq9_series_evaluate ((const int[]) { 20, 28 }, 2, NULL, &trend, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
  }
  {
    g_autoptr(GError) error = NULL;
    VigilPhq9Trend trend;

    vigil_phq9_series_settings_init (&settings);
    settings.review_after_sessions = 1;
    g_assert_false (vigil_phq9_series_evaluate ((const int[]) { 20 }, 1, &settings, &trend, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_SETTINGS);
  }
}

static void
test_cadss6 (void)
{
  const guint numbers[] = { 1, 2, 6, 7, 15, 22 };
  const struct { int items[VIGIL_CADSS6_N_ITEMS]; guint total; } cases[] = {
    { { 0, 0, 0, 0, 0, 0 }, 0 },
    { { 4, 4, 4, 4, 4, 4 }, 24 },
    { { 1, 2, 3, 4, 0, 1 }, 11 },
    { { 0, 0, 0, 0, 0, 3 }, 3 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint total = 99;

      g_assert_true (vigil_cadss6_score (cases[i].items, &total, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (total, ==, cases[i].total);
    }

  for (guint i = 0; i < VIGIL_CADSS6_N_ITEMS; i++)
    {
      g_assert_cmpuint (vigil_cadss6_item_number (i), ==, numbers[i]);
      g_assert_nonnull (vigil_cadss6_item_label (i));
    }
  g_assert_cmpstr (vigil_cadss6_item_label (5), ==, "CADSS item 22");
  for (int c = 0; c <= 4; c++)
    g_assert_nonnull (vigil_cadss6_choice_label (c));
  g_assert_cmpstr (vigil_cadss6_choice_label (4), ==, "Extremely");

  {
    g_autoptr(GError) error = NULL;
    const int items[VIGIL_CADSS6_N_ITEMS] = { 0, 0, 0, 0, 0, 5 };
    guint total = 99;

    g_assert_false (vigil_cadss6_score (items, &total, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
    g_assert_cmpstr (error->message, ==, "CADSS item 22 is 5, outside its scale of 0–4. Tap the item again.");
    g_assert_cmpuint (total, ==, 99);
  }
  {
    g_autoptr(GError) error = NULL;
    const int items[VIGIL_CADSS6_N_ITEMS] = { -1, 0, 0, 0, 0, 0 };
    guint total = 99;

    g_assert_false (vigil_cadss6_score (items, &total, &error));
    g_assert_error (error, VIGIL_SCORES_ERROR, VIGIL_SCORES_ERROR_ITEM_RANGE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/scores/moaas", test_moaas);
  g_test_add_func ("/vigil/scores/aldrete", test_aldrete);
  g_test_add_func ("/vigil/scores/circulation-from-bp", test_circulation_from_bp);
  g_test_add_func ("/vigil/scores/bp-within-baseline", test_bp_within_baseline);
  g_test_add_func ("/vigil/scores/padss", test_padss);
  g_test_add_func ("/vigil/scores/phq9-bands", test_phq9_bands);
  g_test_add_func ("/vigil/scores/phq9-item9", test_phq9_item9);
  g_test_add_func ("/vigil/scores/phq9-series", test_phq9_series);
  g_test_add_func ("/vigil/scores/cadss6", test_cadss6);

  return g_test_run ();
}
