/* test-dose.c — weight-based dose, volume and pump rate, and keypad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected numbers are worked out by hand in the comments, with the
 * documented rounding (weight 0.01 kg, dose 0.1 mg, volume 0.1 mL, rate
 * 0.1 mL/h, half up, each from the rounded value before it).
 */
#include <math.h>

#include "vigil-dose.h"

static void
compute_ok (const VigilDoseInput *input,
            VigilDoseResult      *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_dose_compute (input, NULL, result, &error));
  g_assert_no_error (error);
}

static void
input_with_bag (VigilDoseInput  *input,
                double           weight,
                VigilWeightUnit  unit,
                double           bag_mg,
                double           bag_ml)
{
  vigil_dose_input_init (input);
  input->weight = weight;
  input->weight_unit = unit;
  input->bag_mg = bag_mg;
  input->bag_ml = bag_ml;
}

static void
assert_compute_error (const VigilDoseInput  *input,
                      const VigilDoseLimits *limits,
                      VigilDoseError         code,
                      const char            *message)
{
  g_autoptr(GError) error = NULL;
  VigilDoseResult result = { 0 };

  g_assert_false (vigil_dose_compute (input, limits, &result, &error));
  g_assert_error (error, VIGIL_DOSE_ERROR, (int) code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  /* A refused calculation leaves nothing a screen could show as a dose. */
  g_assert_cmpfloat (result.dose_mg, ==, 0.0);
}

static void
test_defaults (void)
{
  VigilDoseInput input;
  VigilDoseLimits limits;
  g_autoptr(GError) error = NULL;

  vigil_dose_input_init (&input);
  g_assert_cmpfloat (input.mg_per_kg, ==, 0.5);
  g_assert_cmpuint (input.duration_min, ==, 40);
  g_assert_cmpint (input.weight_unit, ==, VIGIL_WEIGHT_UNIT_KG);

  vigil_dose_limits_init (&limits);
  g_assert_cmpfloat (limits.mg_per_kg_min, ==, 0.1);
  g_assert_cmpfloat (limits.mg_per_kg_max, ==, 1.0);
  g_assert_cmpfloat (limits.weight_kg_min, ==, 20.0);
  g_assert_cmpfloat (limits.weight_kg_max, ==, 300.0);
  g_assert_cmpfloat (limits.concentration_max, ==, 50.0);
  g_assert_cmpuint (limits.duration_min_min, ==, 10);
  g_assert_cmpuint (limits.duration_min_max, ==, 120);
  g_assert_true (vigil_dose_limits_validate (&limits, &error));
  g_assert_no_error (error);
}

static void
test_kg (void)
{
  VigilDoseInput input;
  VigilDoseResult result;

  /* 70 kg × 0.5 = 35.0 mg; 1 mg/mL → 35.0 mL; × 60 / 40 = 52.5 mL/h;
   * 70 / 0.45359237 = 154.32 → 154.3 lb. */
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, 100, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.weight_kg, ==, 70.0);
  g_assert_cmpfloat (result.weight_lb, ==, 154.3);
  g_assert_cmpfloat (result.concentration_mg_per_ml, ==, 1.0);
  g_assert_cmpfloat (result.dose_mg, ==, 35.0);
  g_assert_cmpfloat (result.volume_ml, ==, 35.0);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 52.5);
  g_assert_cmpuint (result.duration_min, ==, 40);

  /* 72.5 kg → 159.835 lb → 159.8; 36.25 mg → 36.3 (half up);
   * 36.3 mL; 36.3 × 1.5 = 54.45 → 54.5 mL/h. */
  input_with_bag (&input, 72.5, VIGIL_WEIGHT_UNIT_KG, 100, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.weight_lb, ==, 159.8);
  g_assert_cmpfloat (result.dose_mg, ==, 36.3);
  g_assert_cmpfloat (result.volume_ml, ==, 36.3);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 54.5);
}

static void
test_lb (void)
{
  VigilDoseInput input;
  VigilDoseResult result;

  /* 154 lb × 0.45359237 = 69.853 → 69.85 kg; × 0.5 = 34.925 → 34.9 mg;
   * 34.9 mL; 34.9 × 60 / 40 = 52.35 → 52.4 mL/h. */
  input_with_bag (&input, 154, VIGIL_WEIGHT_UNIT_LB, 100, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.weight_kg, ==, 69.85);
  g_assert_cmpfloat (result.weight_lb, ==, 154.0);
  g_assert_cmpfloat (result.dose_mg, ==, 34.9);
  g_assert_cmpfloat (result.volume_ml, ==, 34.9);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 52.4);

  /* 220.5 lb = 100.0171 kg → 100.02 kg; 50.01 mg → 50.0 mg. */
  input_with_bag (&input, 220.5, VIGIL_WEIGHT_UNIT_LB, 100, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.weight_kg, ==, 100.02);
  g_assert_cmpfloat (result.weight_lb, ==, 220.5);
  g_assert_cmpfloat (result.dose_mg, ==, 50.0);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 75.0);
}

static void
test_bags (void)
{
  VigilDoseInput input;
  VigilDoseResult result;

  /* 200 mg in 100 mL (2 mg/mL), 70 kg: 35.0 mg → 17.5 mL → 26.25 → 26.3 mL/h. */
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, 200, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.concentration_mg_per_ml, ==, 2.0);
  g_assert_cmpfloat (result.volume_ml, ==, 17.5);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 26.3);

  /* 100 mg in 250 mL (0.4 mg/mL), 80 kg: 40.0 mg → 100.0 mL → 150.0 mL/h. */
  input_with_bag (&input, 80, VIGIL_WEIGHT_UNIT_KG, 100, 250);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.dose_mg, ==, 40.0);
  g_assert_cmpfloat (result.volume_ml, ==, 100.0);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 150.0);

  /* 100 mg in 30 mL (3.33… mg/mL), 70 kg: 35.0 mg × 30 / 100 = 10.5 mL;
   * 10.5 × 1.5 = 15.75 → 15.8 mL/h. */
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, 100, 30);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.volume_ml, ==, 10.5);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 15.8);

  /* 0.75 mg/kg, 100 kg, 200 mg in 200 mL, over 60 min: 75.0 mg → 75.0 mL → 75.0 mL/h. */
  input_with_bag (&input, 100, VIGIL_WEIGHT_UNIT_KG, 200, 200);
  input.mg_per_kg = 0.75;
  input.duration_min = 60;
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.dose_mg, ==, 75.0);
  g_assert_cmpfloat (result.volume_ml, ==, 75.0);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 75.0);
  g_assert_cmpuint (result.duration_min, ==, 60);

  /* The bag as a concentration: 10 mg/mL, 72.5 kg: 36.3 mg → 3.63 → 3.6 mL;
   * 3.6 × 1.5 = 5.4 mL/h. */
  vigil_dose_input_init (&input);
  input.weight = 72.5;
  input.concentration_mg_per_ml = 10;
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.concentration_mg_per_ml, ==, 10.0);
  g_assert_cmpfloat (result.dose_mg, ==, 36.3);
  g_assert_cmpfloat (result.volume_ml, ==, 3.6);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 5.4);
}

static void
test_rounding_edges (void)
{
  VigilDoseInput input;
  VigilDoseResult result;

  /* A dose exactly on the half: 69.9 × 0.5 = 34.95 → 35.0 (half up);
   * 69.89 × 0.5 = 34.945 → 34.9. */
  input_with_bag (&input, 69.9, VIGIL_WEIGHT_UNIT_KG, 100, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.dose_mg, ==, 35.0);
  input.weight = 69.89;
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.dose_mg, ==, 34.9);

  /* A volume exactly on the half: 34.9 mg at 2 mg/mL = 17.45 → 17.5 mL;
   * rate 17.5 × 1.5 = 26.25 → 26.3. */
  input_with_bag (&input, 154, VIGIL_WEIGHT_UNIT_LB, 200, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.volume_ml, ==, 17.5);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 26.3);

  /* A rate exactly on the half, 52.35 → 52.4 (binary floating point would
   * give 52.349999…), and one just below: 34.7 × 1.5 = 52.05 → 52.1,
   * 34.6 × 1.5 = 51.9. */
  input_with_bag (&input, 69.8, VIGIL_WEIGHT_UNIT_KG, 100, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.dose_mg, ==, 34.9);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 52.4);
  input.weight = 69.4;
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 52.1);
  input.weight = 69.2;
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.rate_ml_per_h, ==, 51.9);

  /* The weight in lb rounded on its half: 44.1 lb = 20.0034 kg → 20.00;
   * 45.2 lb = 20.5024 kg → 20.50. */
  input_with_bag (&input, 44.1, VIGIL_WEIGHT_UNIT_LB, 100, 100);
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.weight_kg, ==, 20.0);
  g_assert_cmpfloat (result.dose_mg, ==, 10.0);
  input.weight = 45.2;
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.weight_kg, ==, 20.5);
  g_assert_cmpfloat (result.dose_mg, ==, 10.3);  /* 10.25 → 10.3 */
}

static void
test_weight_range (void)
{
  VigilDoseInput input;
  VigilDoseResult result;

  input_with_bag (&input, 20, VIGIL_WEIGHT_UNIT_KG, 200, 200);
  compute_ok (&input, &result);
  input.weight = 300;
  input.mg_per_kg = 0.5;
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.dose_mg, ==, 150.0);

  input.weight = 0;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "Weight 0 kg is not plausible. Check the scale and the unit (kg or lb).");
  input.weight = 700;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "Weight 700 kg is not plausible. Check the scale and the unit (kg or lb).");
  input.weight = 19.99;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "Weight 19.99 kg is not plausible. Check the scale and the unit (kg or lb).");
  input.weight = 300.01;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  input.weight = -70;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  input.weight = NAN;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  input.weight = INFINITY;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);

  /* 700 lb = 317.5 kg: too heavy; 44 lb = 19.96 kg: too light. */
  input.weight_unit = VIGIL_WEIGHT_UNIT_LB;
  input.weight = 700;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "Weight 700 lb is not plausible. Check the scale and the unit (kg or lb).");
  input.weight = 44;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  input.weight = 661;  /* 299.82 kg */
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.weight_kg, ==, 299.82);
}

static void
test_impossible_inputs (void)
{
  VigilDoseInput input;
  VigilDoseLimits limits;
  VigilDoseResult result;

  /* A negative or zero concentration, given either way. */
  vigil_dose_input_init (&input);
  input.weight = 70;
  input.concentration_mg_per_ml = -1;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "A concentration of -1 mg/mL is not plausible: it must be above 0 and "
                        "at most 50 mg/mL. Check the bag’s label.");
  input.concentration_mg_per_ml = 0;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  input.concentration_mg_per_ml = 50.001;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, -100, 100);
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "A bag with -100 mg of ketamine is not plausible. Check the bag’s label.");
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, 100, -100);
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "A bag of -100 mL is not plausible: it must hold 1–1000 mL. "
                        "Check the bag’s label.");
  /* 500 mg in 5 mL is 100 mg/mL, over the 50 mg/mL limit. */
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, 500, 5);
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "A concentration of 100 mg/mL is not plausible: it must be above 0 and "
                        "at most 50 mg/mL. Check the bag’s label.");

  /* The dose outside the clinic's range, then inside a clinic's wider one. */
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, 200, 200);
  input.mg_per_kg = 1.5;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "A dose of 1.5 mg/kg is outside the clinic’s range of 0.1–1 mg/kg. "
                        "Check the prescription.");
  input.mg_per_kg = 0.05;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  vigil_dose_limits_init (&limits);
  limits.mg_per_kg_max = 1.5;
  input.mg_per_kg = 1.5;
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (vigil_dose_compute (&input, &limits, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (result.dose_mg, ==, 105.0);
  }

  /* Duration outside 10–120 min. */
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, 100, 100);
  input.duration_min = 5;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "An infusion over 5 min is outside the clinic’s range of 10–120 min. "
                        "Check the protocol.");
  input.duration_min = 121;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  input.duration_min = 0;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);

  /* 100 kg × 1 mg/kg = 100 mg from a 50 mg bag. */
  input_with_bag (&input, 100, VIGIL_WEIGHT_UNIT_KG, 50, 50);
  input.mg_per_kg = 1.0;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_BAG_TOO_SMALL,
                        "The dose of 100.0 mg is more than the bag holds (50 mg). "
                        "Check the bag and the weight.");
  /* Exactly the bag is fine. */
  input.bag_mg = 100;
  input.bag_ml = 100;
  compute_ok (&input, &result);
  g_assert_cmpfloat (result.volume_ml, ==, 100.0);

  /* 20 kg × 0.1 = 2.0 mg at 50 mg/mL = 0.04 mL: too little to program. */
  vigil_dose_input_init (&input);
  input.weight = 20;
  input.mg_per_kg = 0.1;
  input.concentration_mg_per_ml = 50;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);

  /* 150 mg at 0.01 mg/mL = 15000 mL: more than a pump runs. */
  input.weight = 300;
  input.mg_per_kg = 0.5;
  input.concentration_mg_per_ml = 0.01;
  assert_compute_error (&input, NULL, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "The pump rate would be 22500.0 mL/h, more than an infusion pump runs. "
                        "Check the bag’s concentration and the duration.");
}

static void
test_limits (void)
{
  VigilDoseLimits limits;
  VigilDoseInput input;

  vigil_dose_limits_init (&limits);
  limits.mg_per_kg_max = 3.0;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_dose_limits_validate (&limits, &error));
    g_assert_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_INVALID_LIMITS);
  }
  /* A calculation with broken limits is refused, not done with them. */
  input_with_bag (&input, 70, VIGIL_WEIGHT_UNIT_KG, 100, 100);
  assert_compute_error (&input, &limits, VIGIL_DOSE_ERROR_INVALID_LIMITS, NULL);

  vigil_dose_limits_init (&limits);
  limits.weight_kg_min = 200;
  limits.weight_kg_max = 100;
  assert_compute_error (&input, &limits, VIGIL_DOSE_ERROR_INVALID_LIMITS, NULL);

  vigil_dose_limits_init (&limits);
  limits.duration_min_min = 60;
  limits.duration_min_max = 60;
  assert_compute_error (&input, &limits, VIGIL_DOSE_ERROR_INVALID_LIMITS, NULL);

  vigil_dose_limits_init (&limits);
  limits.concentration_max = 0;
  assert_compute_error (&input, &limits, VIGIL_DOSE_ERROR_INVALID_LIMITS, NULL);

  /* A clinic that weighs children from 10 kg. */
  vigil_dose_limits_init (&limits);
  limits.weight_kg_min = 10;
  input.weight = 15;
  {
    g_autoptr(GError) error = NULL;
    VigilDoseResult result;

    g_assert_true (vigil_dose_compute (&input, &limits, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (result.dose_mg, ==, 7.5);
  }
}

static void
assert_weight (const char      *text,
               VigilWeightUnit  default_unit,
               double           want,
               VigilWeightUnit  want_unit)
{
  g_autoptr(GError) error = NULL;
  double weight = -1;
  VigilWeightUnit unit = 99;

  g_assert_true (vigil_dose_parse_weight (text, default_unit, NULL, &weight, &unit, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (weight, ==, want);
  g_assert_cmpint (unit, ==, want_unit);
}

static void
assert_weight_refused (const char     *text,
                       VigilDoseError  code,
                       const char     *message)
{
  g_autoptr(GError) error = NULL;
  double weight = -1;
  VigilWeightUnit unit = 99;

  g_assert_false (vigil_dose_parse_weight (text, VIGIL_WEIGHT_UNIT_KG, NULL, &weight, &unit, &error));
  g_assert_error (error, VIGIL_DOSE_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpfloat (weight, ==, -1);
  g_assert_cmpint (unit, ==, 99);
}

static void
test_parse_weight (void)
{
  const char *not_a_number = "The weight must be a number, such as 72 or 72.5.";

  assert_weight ("72", VIGIL_WEIGHT_UNIT_KG, 72, VIGIL_WEIGHT_UNIT_KG);
  assert_weight ("72.5", VIGIL_WEIGHT_UNIT_KG, 72.5, VIGIL_WEIGHT_UNIT_KG);
  assert_weight (" 72,5 ", VIGIL_WEIGHT_UNIT_KG, 72.5, VIGIL_WEIGHT_UNIT_KG);
  assert_weight ("72.25", VIGIL_WEIGHT_UNIT_KG, 72.25, VIGIL_WEIGHT_UNIT_KG);
  assert_weight ("158 lb", VIGIL_WEIGHT_UNIT_KG, 158, VIGIL_WEIGHT_UNIT_LB);
  assert_weight ("158lbs", VIGIL_WEIGHT_UNIT_KG, 158, VIGIL_WEIGHT_UNIT_LB);
  assert_weight ("158", VIGIL_WEIGHT_UNIT_LB, 158, VIGIL_WEIGHT_UNIT_LB);
  assert_weight ("70 KG", VIGIL_WEIGHT_UNIT_LB, 70, VIGIL_WEIGHT_UNIT_KG);

  assert_weight_refused ("", VIGIL_DOSE_ERROR_EMPTY, "Enter the weight, such as 72 or 72.5.");
  assert_weight_refused ("   ", VIGIL_DOSE_ERROR_EMPTY, "Enter the weight, such as 72 or 72.5.");
  assert_weight_refused ("abc", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused ("7O", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused ("72 stone", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused ("7 2", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused ("72.5.1", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused ("1e2", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused ("kg", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused (".", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused ("72.555", VIGIL_DOSE_ERROR_NOT_A_NUMBER,
                         "Enter the weight with at most 2 decimals, such as 72.5.");
  assert_weight_refused ("0", VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                         "Weight 0 kg is not plausible. Check the scale and the unit (kg or lb).");
  assert_weight_refused ("700", VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                         "Weight 700 kg is not plausible. Check the scale and the unit (kg or lb).");
  assert_weight_refused ("-72", VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                         "Weight -72 kg is not plausible. Check the scale and the unit (kg or lb).");
  assert_weight_refused ("700 lb", VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                         "Weight 700 lb is not plausible. Check the scale and the unit (kg or lb).");
  assert_weight_refused ("99999999999999", VIGIL_DOSE_ERROR_NOT_A_NUMBER, not_a_number);
  assert_weight_refused ("999999999", VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                         "Weight 1e+09 kg is not plausible. Check the scale and the unit (kg or lb).");
}

static void
assert_value (VigilDoseField  field,
              const char     *text,
              double          want)
{
  g_autoptr(GError) error = NULL;
  double value = -1;

  g_assert_true (vigil_dose_parse_value (field, text, NULL, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (value, ==, want);
}

static void
assert_value_refused (VigilDoseField  field,
                      const char     *text,
                      VigilDoseError  code,
                      const char     *message)
{
  g_autoptr(GError) error = NULL;
  double value = -1;

  g_assert_false (vigil_dose_parse_value (field, text, NULL, &value, &error));
  g_assert_error (error, VIGIL_DOSE_ERROR, (int) code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpfloat (value, ==, -1);
}

static void
test_parse_values (void)
{
  assert_value (VIGIL_DOSE_FIELD_MG_PER_KG, "0.5", 0.5);
  assert_value (VIGIL_DOSE_FIELD_MG_PER_KG, "0,75 mg/kg", 0.75);
  assert_value (VIGIL_DOSE_FIELD_BAG_MG, "100 mg", 100);
  assert_value (VIGIL_DOSE_FIELD_BAG_ML, "250 mL", 250);
  assert_value (VIGIL_DOSE_FIELD_CONCENTRATION, "1 mg/mL", 1);
  assert_value (VIGIL_DOSE_FIELD_CONCENTRATION, "0.4", 0.4);
  assert_value (VIGIL_DOSE_FIELD_DURATION, "40 min", 40);
  assert_value (VIGIL_DOSE_FIELD_DURATION, "60", 60);

  assert_value_refused (VIGIL_DOSE_FIELD_MG_PER_KG, "", VIGIL_DOSE_ERROR_EMPTY,
                        "Enter the dose in mg/kg, such as 0.5.");
  assert_value_refused (VIGIL_DOSE_FIELD_MG_PER_KG, "half", VIGIL_DOSE_ERROR_NOT_A_NUMBER,
                        "The dose must be a number of mg/kg, such as 0.5.");
  assert_value_refused (VIGIL_DOSE_FIELD_MG_PER_KG, "0.5 mg", VIGIL_DOSE_ERROR_NOT_A_NUMBER, NULL);
  assert_value_refused (VIGIL_DOSE_FIELD_MG_PER_KG, "5", VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "A dose of 5 mg/kg is outside the clinic’s range of 0.1–1 mg/kg. "
                        "Check the prescription.");
  assert_value_refused (VIGIL_DOSE_FIELD_CONCENTRATION, "-1", VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "A concentration of -1 mg/mL is not plausible: it must be above 0 and "
                        "at most 50 mg/mL. Check the bag’s label.");
  assert_value_refused (VIGIL_DOSE_FIELD_CONCENTRATION, "one", VIGIL_DOSE_ERROR_NOT_A_NUMBER,
                        "The concentration must be a number of mg/mL, such as 1 or 0.5.");
  assert_value_refused (VIGIL_DOSE_FIELD_BAG_ML, "0", VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  assert_value_refused (VIGIL_DOSE_FIELD_BAG_MG, "0", VIGIL_DOSE_ERROR_IMPLAUSIBLE, NULL);
  assert_value_refused (VIGIL_DOSE_FIELD_DURATION, "40.5", VIGIL_DOSE_ERROR_NOT_A_NUMBER,
                        "The duration must be a whole number of minutes, such as 40.");
  assert_value_refused (VIGIL_DOSE_FIELD_DURATION, "400", VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                        "An infusion over 400 min is outside the clinic’s range of 10–120 min. "
                        "Check the protocol.");
}

static void
test_summary (void)
{
  VigilDoseInput input;
  VigilDoseResult result;
  g_autofree char *lb = NULL;
  g_autofree char *kg = NULL;
  g_autofree char *concentration = NULL;

  input_with_bag (&input, 154, VIGIL_WEIGHT_UNIT_LB, 100, 100);
  compute_ok (&input, &result);
  lb = vigil_dose_format_summary (&input, &result, "Dr Ana Ruiz");
  g_assert_cmpstr (lb, ==,
                   "Weight 154 lb (69.85 kg). Ketamine 0.5 mg/kg × 69.85 kg = 34.9 mg. "
                   "Bag 100 mg in 100 mL (1 mg/mL): 34.9 mL over 40 min at 52.4 mL/h. "
                   "Confirmed by Dr Ana Ruiz.");

  input_with_bag (&input, 72.5, VIGIL_WEIGHT_UNIT_KG, 100, 30);
  compute_ok (&input, &result);
  kg = vigil_dose_format_summary (&input, &result, NULL);
  g_assert_cmpstr (kg, ==,
                   "Weight 72.5 kg (159.8 lb). Ketamine 0.5 mg/kg × 72.50 kg = 36.3 mg. "
                   "Bag 100 mg in 30 mL (3.333 mg/mL): 10.9 mL over 40 min at 16.4 mL/h.");

  vigil_dose_input_init (&input);
  input.weight = 80;
  input.mg_per_kg = 0.75;
  input.concentration_mg_per_ml = 2;
  input.duration_min = 60;
  compute_ok (&input, &result);
  concentration = vigil_dose_format_summary (&input, &result, "");
  g_assert_cmpstr (concentration, ==,
                   "Weight 80 kg (176.4 lb). Ketamine 0.75 mg/kg × 80.00 kg = 60.0 mg. "
                   "Bag 2 mg/mL: 30.0 mL over 60 min at 30.0 mL/h.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/dose/defaults", test_defaults);
  g_test_add_func ("/vigil/dose/kg", test_kg);
  g_test_add_func ("/vigil/dose/lb", test_lb);
  g_test_add_func ("/vigil/dose/bags", test_bags);
  g_test_add_func ("/vigil/dose/rounding-edges", test_rounding_edges);
  g_test_add_func ("/vigil/dose/weight-range", test_weight_range);
  g_test_add_func ("/vigil/dose/impossible-inputs", test_impossible_inputs);
  g_test_add_func ("/vigil/dose/limits", test_limits);
  g_test_add_func ("/vigil/dose/parse-weight", test_parse_weight);
  g_test_add_func ("/vigil/dose/parse-values", test_parse_values);
  g_test_add_func ("/vigil/dose/summary", test_summary);

  return g_test_run ();
}
