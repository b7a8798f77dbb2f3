/* vigil-dose.c — the weight-based ketamine dose, its volume and pump rate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dose (mg)       = mg/kg × weight (kg)
 * volume (mL)     = dose / concentration (mg/mL), the bag's mg over its mL
 * rate (mL/h)     = volume × 60 / duration (min)
 *
 * Rounding, as the pump is programmed and the physician reads it: the
 * weight to 0.01 kg (a weight in lb is converted with 1 lb = 0.45359237 kg
 * exactly, then rounded), the dose to 0.1 mg, the volume to 0.1 mL and the
 * rate to 0.1 mL/h, each half up. Each result is computed from the rounded
 * one before it, so the numbers on the screen agree with each other: the
 * volume is the shown dose at the bag's concentration, and the rate runs
 * the shown volume in the set duration. Example: 154 lb → 69.85 kg →
 * 34.925 → 34.9 mg → 34.9 mL (1 mg/mL) → 34.9 × 60 / 40 = 52.35 → 52.4 mL/h.
 *
 * The arithmetic is done in integers (hundredths of kg, thousandths of
 * mg/kg, tenths of mg and mL), so a result exactly on a rounding boundary,
 * like 52.35, is never tipped the wrong way by binary floating point.
 *
 * Keypad text takes a dot or a comma as the decimal mark (the Spanish
 * keypad shows a comma), an optional unit, and at most as many decimals as
 * the field is rounded to; anything else is refused with a message that
 * says what to type.
 */
#include "vigil-dose.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (vigil-dose-error-quark, vigil_dose_error)

/* Fixed plausibility bounds that are not clinic settings: what bags and
 * pumps physically are. */
#define BAG_MG_MAX    5000.0
#define BAG_ML_MIN    1.0
#define BAG_ML_MAX    1000.0
#define RATE_MAX_TENTHS 9999   /* 999.9 mL/h, the top of a volumetric pump's range */

/* The bounds a clinic's own limits must stay within. */
#define HARD_MG_PER_KG_MIN     0.05
#define HARD_MG_PER_KG_MAX     2.0
#define HARD_WEIGHT_KG_MIN     1.0
#define HARD_WEIGHT_KG_MAX     500.0
#define HARD_CONCENTRATION_MAX 100.0
#define HARD_DURATION_MIN      1
#define HARD_DURATION_MAX      240

/* Beyond this, a number is refused before any integer conversion. */
#define SANE_MAX 1.0e6

/* 1 lb = 0.45359237 kg: hundredths of a lb × this / 10^8 = hundredths of a kg. */
#define KG_PER_LB_E8 G_GINT64_CONSTANT (45359237)
#define E8           G_GINT64_CONSTANT (100000000)

/* Internal: the weight is a field too, for the message table. */
enum { FIELD_WEIGHT = VIGIL_DOSE_FIELD_DURATION + 1, N_FIELDS };

typedef struct
{
  const char *const *units;   /* accepted unit suffixes, lower case */
  guint              decimals;
  const char        *empty;
  const char        *not_a_number;
  const char        *too_precise;
} FieldInfo;

static const char *const weight_units[] = { "kg", "kgs", "lb", "lbs", NULL };
static const char *const mg_per_kg_units[] = { "mg/kg", NULL };
static const char *const mg_units[] = { "mg", NULL };
static const char *const ml_units[] = { "ml", NULL };
static const char *const concentration_units[] = { "mg/ml", NULL };
static const char *const duration_units[] = { "min", NULL };

static const FieldInfo fields[N_FIELDS] = {
  [VIGIL_DOSE_FIELD_MG_PER_KG] = {
    mg_per_kg_units, 3,
    N_("Enter the dose in mg/kg, such as 0.5."),
    N_("The dose must be a number of mg/kg, such as 0.5."),
    N_("Enter the dose with at most 3 decimals, such as 0.5 or 0.75."),
  },
  [VIGIL_DOSE_FIELD_BAG_MG] = {
    mg_units, 2,
    N_("Enter the ketamine in the bag in mg, such as 100."),
    N_("The ketamine in the bag must be a number of mg, such as 100."),
    N_("Enter the ketamine in the bag with at most 2 decimals, such as 100 or 62.5."),
  },
  [VIGIL_DOSE_FIELD_BAG_ML] = {
    ml_units, 2,
    N_("Enter the bag’s volume in mL, such as 100."),
    N_("The bag’s volume must be a number of mL, such as 100."),
    N_("Enter the bag’s volume with at most 2 decimals, such as 100 or 250."),
  },
  [VIGIL_DOSE_FIELD_CONCENTRATION] = {
    concentration_units, 3,
    N_("Enter the bag’s concentration in mg/mL, such as 1."),
    N_("The concentration must be a number of mg/mL, such as 1 or 0.5."),
    N_("Enter the concentration with at most 3 decimals, such as 1 or 0.5."),
  },
  [VIGIL_DOSE_FIELD_DURATION] = {
    duration_units, 0,
    N_("Enter the infusion’s duration in minutes, such as 40."),
    N_("The duration must be a whole number of minutes, such as 40."),
    N_("The duration must be a whole number of minutes, such as 40."),
  },
  [FIELD_WEIGHT] = {
    weight_units, 2,
    N_("Enter the weight, such as 72 or 72.5."),
    N_("The weight must be a number, such as 72 or 72.5."),
    N_("Enter the weight with at most 2 decimals, such as 72.5."),
  },
};

static gint64
div_round_half_up (gint64 numerator,
                   gint64 denominator)
{
  g_assert (numerator >= 0);
  g_assert (denominator > 0);
  return (2 * numerator + denominator) / (2 * denominator);
}

/* Callers have checked 0 ≤ |value| ≤ SANE_MAX. */
static gint64
scaled (double value,
        double scale)
{
  return (gint64) llround (value * scale);
}

static const char *
unit_name (VigilWeightUnit unit)
{
  return unit == VIGIL_WEIGHT_UNIT_LB ? "lb" : "kg";
}

void
vigil_dose_limits_init (VigilDoseLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->mg_per_kg_min = 0.1;
  limits->mg_per_kg_max = 1.0;
  limits->weight_kg_min = 20.0;
  limits->weight_kg_max = 300.0;
  limits->concentration_max = 50.0;
  limits->duration_min_min = 10;
  limits->duration_min_max = 120;
}

static gboolean
range_ok (double min,
          double max,
          double hard_min,
          double hard_max)
{
  return isfinite (min) && isfinite (max) && min >= hard_min && max <= hard_max && min < max;
}

gboolean
vigil_dose_limits_validate (const VigilDoseLimits *limits,
                            GError               **error)
{
  g_return_val_if_fail (limits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!range_ok (limits->mg_per_kg_min, limits->mg_per_kg_max,
                 HARD_MG_PER_KG_MIN, HARD_MG_PER_KG_MAX))
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_INVALID_LIMITS,
                   _("The clinic’s dose range must lie within %g–%g mg/kg, its lowest value "
                     "below its highest. Ask the medical director to correct the clinic "
                     "configuration."),
                   HARD_MG_PER_KG_MIN, HARD_MG_PER_KG_MAX);
      return FALSE;
    }
  if (!range_ok (limits->weight_kg_min, limits->weight_kg_max,
                 HARD_WEIGHT_KG_MIN, HARD_WEIGHT_KG_MAX))
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_INVALID_LIMITS,
                   _("The clinic’s weight range must lie within %g–%g kg, its lowest value "
                     "below its highest. Ask the medical director to correct the clinic "
                     "configuration."),
                   HARD_WEIGHT_KG_MIN, HARD_WEIGHT_KG_MAX);
      return FALSE;
    }
  if (!(limits->concentration_max > 0.0 && limits->concentration_max <= HARD_CONCENTRATION_MAX))
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_INVALID_LIMITS,
                   _("The clinic’s highest bag concentration must be above 0 and at most "
                     "%g mg/mL. Ask the medical director to correct the clinic configuration."),
                   HARD_CONCENTRATION_MAX);
      return FALSE;
    }
  if (limits->duration_min_min < HARD_DURATION_MIN
      || limits->duration_min_max > HARD_DURATION_MAX
      || limits->duration_min_min >= limits->duration_min_max)
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_INVALID_LIMITS,
                   _("The clinic’s infusion duration range must lie within %d–%d min, its "
                     "shortest below its longest. Ask the medical director to correct the "
                     "clinic configuration."),
                   HARD_DURATION_MIN, HARD_DURATION_MAX);
      return FALSE;
    }
  return TRUE;
}

void
vigil_dose_input_init (VigilDoseInput *input)
{
  g_return_if_fail (input != NULL);

  memset (input, 0, sizeof *input);
  input->weight_unit = VIGIL_WEIGHT_UNIT_KG;
  input->mg_per_kg = VIGIL_DOSE_DEFAULT_MG_PER_KG;
  input->duration_min = VIGIL_DOSE_DEFAULT_DURATION_MIN;
}

static const VigilDoseLimits *
limits_or_default (const VigilDoseLimits *limits,
                   VigilDoseLimits       *storage)
{
  if (limits != NULL)
    return limits;
  vigil_dose_limits_init (storage);
  return storage;
}

/* Range checks, shared by the parsers and vigil_dose_compute(). */

static gboolean
check_weight (double                 weight,
              VigilWeightUnit        unit,
              const VigilDoseLimits *limits,
              gint64                *out_centikg,
              GError               **error)
{
  gint64 centikg = 0;
  gboolean ok = isfinite (weight) && weight > 0.0 && weight <= SANE_MAX;

  if (ok)
    {
      gint64 centi = scaled (weight, 100.0);

      centikg = unit == VIGIL_WEIGHT_UNIT_LB ? div_round_half_up (centi * KG_PER_LB_E8, E8) : centi;
      ok = centikg >= scaled (limits->weight_kg_min, 100.0)
           && centikg <= scaled (limits->weight_kg_max, 100.0);
    }
  if (!ok)
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                   _("Weight %g %s is not plausible. Check the scale and the unit (kg or lb)."),
                   weight, unit_name (unit));
      return FALSE;
    }
  *out_centikg = centikg;
  return TRUE;
}

static gboolean
check_mg_per_kg (double                 mg_per_kg,
                 const VigilDoseLimits *limits,
                 gint64                *out_milli,
                 GError               **error)
{
  gint64 milli = 0;
  gboolean ok = isfinite (mg_per_kg) && mg_per_kg > 0.0 && mg_per_kg <= SANE_MAX;

  if (ok)
    {
      milli = scaled (mg_per_kg, 1000.0);
      ok = milli >= scaled (limits->mg_per_kg_min, 1000.0)
           && milli <= scaled (limits->mg_per_kg_max, 1000.0);
    }
  if (!ok)
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                   _("A dose of %g mg/kg is outside the clinic’s range of %g–%g mg/kg. "
                     "Check the prescription."),
                   mg_per_kg, limits->mg_per_kg_min, limits->mg_per_kg_max);
      return FALSE;
    }
  *out_milli = milli;
  return TRUE;
}

static gboolean
check_bag_mg (double   bag_mg,
              gint64  *out_centi,
              GError **error)
{
  if (!(isfinite (bag_mg) && bag_mg > 0.0 && bag_mg <= BAG_MG_MAX) || scaled (bag_mg, 100.0) < 1)
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                   _("A bag with %g mg of ketamine is not plausible. Check the bag’s label."),
                   bag_mg);
      return FALSE;
    }
  *out_centi = scaled (bag_mg, 100.0);
  return TRUE;
}

static gboolean
check_bag_ml (double   bag_ml,
              gint64  *out_centi,
              GError **error)
{
  if (!(isfinite (bag_ml) && bag_ml >= BAG_ML_MIN && bag_ml <= BAG_ML_MAX))
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                   _("A bag of %g mL is not plausible: it must hold %g–%g mL. "
                     "Check the bag’s label."),
                   bag_ml, BAG_ML_MIN, BAG_ML_MAX);
      return FALSE;
    }
  *out_centi = scaled (bag_ml, 100.0);
  return TRUE;
}

/* The concentration as the fraction mg_num / ml_den, in any common scale. */
static gboolean
check_concentration (double                 mg_per_ml,
                     gint64                 mg_num,
                     gint64                 ml_den,
                     const VigilDoseLimits *limits,
                     GError               **error)
{
  gint64 max_milli = scaled (limits->concentration_max, 1000.0);

  if (!(isfinite (mg_per_ml) && mg_num > 0 && ml_den > 0 && mg_num * 1000 <= max_milli * ml_den))
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                   _("A concentration of %g mg/mL is not plausible: it must be above 0 and "
                     "at most %g mg/mL. Check the bag’s label."),
                   mg_per_ml, limits->concentration_max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_single_concentration (double                 mg_per_ml,
                            const VigilDoseLimits *limits,
                            gint64                *out_milli,
                            GError               **error)
{
  gint64 milli = 0;

  if (isfinite (mg_per_ml) && mg_per_ml > 0.0 && mg_per_ml <= SANE_MAX)
    milli = scaled (mg_per_ml, 1000.0);
  if (!check_concentration (mg_per_ml, milli, 1000, limits, error))
    return FALSE;
  *out_milli = milli;
  return TRUE;
}

static gboolean
check_duration (double                 duration_min,
                const VigilDoseLimits *limits,
                GError               **error)
{
  if (!(isfinite (duration_min)
        && duration_min >= limits->duration_min_min
        && duration_min <= limits->duration_min_max))
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                   _("An infusion over %g min is outside the clinic’s range of %u–%u min. "
                     "Check the protocol."),
                   duration_min, limits->duration_min_min, limits->duration_min_max);
      return FALSE;
    }
  return TRUE;
}

/* Keypad text. */

static gboolean
has_unit (const char        *text,
          const char *const *units)
{
  for (guint i = 0; units[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, units[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Splits "  -72,5 lb " into -72.5 and "lb" (or "" for no unit). */
static gboolean
parse_number (guint     field,
              const char *text,
              double     *out_value,
              char      **out_unit,
              GError    **error)
{
  const FieldInfo *info = &fields[field];
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GString) number = g_string_new (NULL);
  const char *p = copy;
  guint n_digits = 0;
  guint n_decimals = 0;
  gboolean decimal_mark = FALSE;

  if (*p == '\0')
    {
      g_set_error_literal (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_EMPTY, _(info->empty));
      return FALSE;
    }

  if (*p == '-' || *p == '+')
    g_string_append_c (number, *p++);
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (number, *p);
          n_digits++;
          if (decimal_mark)
            n_decimals++;
        }
      else if ((*p == '.' || *p == ',') && !decimal_mark)
        {
          g_string_append_c (number, '.');
          decimal_mark = TRUE;
        }
      else
        break;
    }
  while (*p == ' ' || *p == '\t')
    p++;

  /* Digits are needed, and whatever follows must be the field's unit. */
  if (n_digits == 0 || n_digits > 12 || (*p != '\0' && !has_unit (p, info->units)))
    {
      g_set_error_literal (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_NOT_A_NUMBER,
                           _(info->not_a_number));
      return FALSE;
    }
  if (n_decimals > info->decimals)
    {
      g_set_error_literal (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_NOT_A_NUMBER,
                           _(info->too_precise));
      return FALSE;
    }

  *out_value = g_ascii_strtod (number->str, NULL);
  *out_unit = g_ascii_strdown (p, -1);
  return TRUE;
}

gboolean
vigil_dose_parse_weight (const char            *text,
                         VigilWeightUnit        default_unit,
                         const VigilDoseLimits *limits,
                         double                *out_weight,
                         VigilWeightUnit       *out_unit,
                         GError               **error)
{
  VigilDoseLimits storage;
  g_autofree char *unit_text = NULL;
  VigilWeightUnit unit = default_unit;
  double weight;
  gint64 centikg;

  g_return_val_if_fail (default_unit == VIGIL_WEIGHT_UNIT_KG || default_unit == VIGIL_WEIGHT_UNIT_LB, FALSE);
  g_return_val_if_fail (out_weight != NULL, FALSE);
  g_return_val_if_fail (out_unit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  limits = limits_or_default (limits, &storage);
  if (!parse_number (FIELD_WEIGHT, text, &weight, &unit_text, error))
    return FALSE;
  if (g_str_has_prefix (unit_text, "kg"))
    unit = VIGIL_WEIGHT_UNIT_KG;
  else if (g_str_has_prefix (unit_text, "lb"))
    unit = VIGIL_WEIGHT_UNIT_LB;

  if (!check_weight (weight, unit, limits, &centikg, error))
    return FALSE;
  *out_weight = weight;
  *out_unit = unit;
  return TRUE;
}

gboolean
vigil_dose_parse_value (VigilDoseField         field,
                        const char            *text,
                        const VigilDoseLimits *limits,
                        double                *out_value,
                        GError               **error)
{
  VigilDoseLimits storage;
  g_autofree char *unit_text = NULL;
  double value;
  gint64 ignored;
  gboolean ok = FALSE;

  g_return_val_if_fail (field <= VIGIL_DOSE_FIELD_DURATION, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  limits = limits_or_default (limits, &storage);
  if (!parse_number (field, text, &value, &unit_text, error))
    return FALSE;

  switch (field)
    {
    case VIGIL_DOSE_FIELD_MG_PER_KG:
      ok = check_mg_per_kg (value, limits, &ignored, error);
      break;
    case VIGIL_DOSE_FIELD_BAG_MG:
      ok = check_bag_mg (value, &ignored, error);
      break;
    case VIGIL_DOSE_FIELD_BAG_ML:
      ok = check_bag_ml (value, &ignored, error);
      break;
    case VIGIL_DOSE_FIELD_CONCENTRATION:
      ok = check_single_concentration (value, limits, &ignored, error);
      break;
    case VIGIL_DOSE_FIELD_DURATION:
      ok = check_duration (value, limits, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    *out_value = value;
  return ok;
}

gboolean
vigil_dose_compute (const VigilDoseInput  *input,
                    const VigilDoseLimits *limits,
                    VigilDoseResult       *result,
                    GError               **error)
{
  VigilDoseLimits storage;
  gint64 centikg, milli_mg_per_kg;
  gint64 mg_num, ml_den;  /* the concentration as a fraction */
  gint64 bag_centimg = 0;
  gint64 dose_tenths, volume_tenths, rate_tenths;
  double concentration;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (input->weight_unit == VIGIL_WEIGHT_UNIT_KG
                        || input->weight_unit == VIGIL_WEIGHT_UNIT_LB, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  limits = limits_or_default (limits, &storage);
  if (!vigil_dose_limits_validate (limits, error))
    return FALSE;

  if (!check_weight (input->weight, input->weight_unit, limits, &centikg, error)
      || !check_mg_per_kg (input->mg_per_kg, limits, &milli_mg_per_kg, error))
    return FALSE;

  if (input->bag_ml != 0.0)
    {
      gint64 bag_centiml;

      if (!check_bag_mg (input->bag_mg, &bag_centimg, error)
          || !check_bag_ml (input->bag_ml, &bag_centiml, error))
        return FALSE;
      mg_num = bag_centimg;
      ml_den = bag_centiml;
      concentration = input->bag_mg / input->bag_ml;
      if (!check_concentration (concentration, mg_num, ml_den, limits, error))
        return FALSE;
    }
  else
    {
      if (!check_single_concentration (input->concentration_mg_per_ml, limits, &mg_num, error))
        return FALSE;
      ml_den = 1000;
      concentration = input->concentration_mg_per_ml;
    }

  if (!check_duration (input->duration_min, limits, error))
    return FALSE;

  /* hundredths of kg × thousandths of mg/kg = 10^-5 mg; to tenths of mg. */
  dose_tenths = div_round_half_up (centikg * milli_mg_per_kg, 10000);
  if (bag_centimg > 0 && dose_tenths * 10 > bag_centimg)
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_BAG_TOO_SMALL,
                   _("The dose of %.1f mg is more than the bag holds (%g mg). "
                     "Check the bag and the weight."),
                   dose_tenths / 10.0, input->bag_mg);
      return FALSE;
    }

  /* tenths of mg ÷ (mg_num / ml_den) = tenths of mL, in the fraction's scale. */
  volume_tenths = div_round_half_up (dose_tenths * ml_den, mg_num);
  if (volume_tenths == 0)
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                   _("The dose of %.1f mg is less than 0.1 mL at %g mg/mL, too little to "
                     "program a pump. Check the bag’s concentration."),
                   dose_tenths / 10.0, concentration);
      return FALSE;
    }

  rate_tenths = div_round_half_up (volume_tenths * 60, input->duration_min);
  if (rate_tenths > RATE_MAX_TENTHS)
    {
      g_set_error (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_IMPLAUSIBLE,
                   _("The pump rate would be %.1f mL/h, more than an infusion pump runs. "
                     "Check the bag’s concentration and the duration."),
                   rate_tenths / 10.0);
      return FALSE;
    }

  result->weight_kg = centikg / 100.0;
  if (input->weight_unit == VIGIL_WEIGHT_UNIT_LB)
    result->weight_lb = scaled (input->weight, 100.0) / 100.0;
  else
    result->weight_lb = div_round_half_up (centikg * (E8 / 10), KG_PER_LB_E8) / 10.0;
  result->concentration_mg_per_ml = concentration;
  result->dose_mg = dose_tenths / 10.0;
  result->volume_ml = volume_tenths / 10.0;
  result->rate_ml_per_h = rate_tenths / 10.0;
  result->duration_min = input->duration_min;
  return TRUE;
}

/* A number with at most `decimals` decimals and no trailing zeros. */
static char *
format_trimmed (double value,
                guint  decimals)
{
  char *text = g_strdup_printf ("%.*f", (int) decimals, value);
  const char *dot = strpbrk (text, ".,");

  if (dot != NULL)
    {
      char *end = text + strlen (text);

      while (end > dot + 1 && end[-1] == '0')
        *--end = '\0';
      if (end == dot + 1)
        end[-1] = '\0';
    }
  return text;
}

char *
vigil_dose_format_summary (const VigilDoseInput  *input,
                           const VigilDoseResult *result,
                           const char            *confirmed_by)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *entered = NULL;
  g_autofree char *mg_per_kg = NULL;
  g_autofree char *concentration = NULL;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);

  out = g_string_new (NULL);
  mg_per_kg = format_trimmed (input->mg_per_kg, 3);
  concentration = format_trimmed (result->concentration_mg_per_ml, 3);

  /* The weight as entered first, the other unit beside it. */
  entered = format_trimmed (input->weight, 2);
  if (input->weight_unit == VIGIL_WEIGHT_UNIT_LB)
    g_string_append_printf (out, _("Weight %s lb (%.2f kg)."), entered, result->weight_kg);
  else
    g_string_append_printf (out, _("Weight %s kg (%.1f lb)."), entered, result->weight_lb);
  g_string_append_c (out, ' ');
  g_string_append_printf (out, _("Ketamine %s mg/kg × %.2f kg = %.1f mg."),
                          mg_per_kg, result->weight_kg, result->dose_mg);
  g_string_append_c (out, ' ');
  if (input->bag_ml != 0.0)
    {
      g_autofree char *bag_mg = format_trimmed (input->bag_mg, 2);
      g_autofree char *bag_ml = format_trimmed (input->bag_ml, 2);

      g_string_append_printf (out, _("Bag %s mg in %s mL (%s mg/mL):"),
                              bag_mg, bag_ml, concentration);
    }
  else
    g_string_append_printf (out, _("Bag %s mg/mL:"), concentration);
  g_string_append_c (out, ' ');
  g_string_append_printf (out, _("%.1f mL over %u min at %.1f mL/h."),
                          result->volume_ml, result->duration_min, result->rate_ml_per_h);
  if (confirmed_by != NULL && *confirmed_by != '\0')
    {
      g_string_append_c (out, ' ');
      g_string_append_printf (out, _("Confirmed by %s."), confirmed_by);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
