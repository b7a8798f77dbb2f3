/* vigil-dose.h — the weight-based ketamine dose, its volume and pump rate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_DOSE_ERROR (vigil_dose_error_quark ())

typedef enum
{
  VIGIL_DOSE_ERROR_EMPTY,           /* nothing was entered */
  VIGIL_DOSE_ERROR_NOT_A_NUMBER,    /* letters, two decimal points, a sign … */
  VIGIL_DOSE_ERROR_IMPLAUSIBLE,     /* a number outside its plausible range */
  VIGIL_DOSE_ERROR_BAG_TOO_SMALL,   /* the dose is more than the bag holds */
  VIGIL_DOSE_ERROR_INVALID_LIMITS,  /* the clinic's limits make no sense */
} VigilDoseError;

typedef enum
{
  VIGIL_WEIGHT_UNIT_KG,
  VIGIL_WEIGHT_UNIT_LB,
} VigilWeightUnit;

/* The values a keypad can enter, for vigil_dose_parse_value(). */
typedef enum
{
  VIGIL_DOSE_FIELD_MG_PER_KG,      /* the prescribed dose, mg/kg */
  VIGIL_DOSE_FIELD_BAG_MG,         /* the drug in the bag, mg */
  VIGIL_DOSE_FIELD_BAG_ML,         /* the bag's volume, mL */
  VIGIL_DOSE_FIELD_CONCENTRATION,  /* the bag's concentration, mg/mL */
  VIGIL_DOSE_FIELD_DURATION,       /* the infusion's duration, min */
} VigilDoseField;

#define VIGIL_DOSE_DEFAULT_MG_PER_KG    0.5
#define VIGIL_DOSE_DEFAULT_DURATION_MIN 40
#define VIGIL_DOSE_KG_PER_LB            0.45359237  /* exact, by definition */

/* The plausible ranges. The clinic may set its own (its medical director's
 * choice), inside the hard bounds vigil_dose_limits_validate() enforces. */
typedef struct
{
  double mg_per_kg_min;         /* 0.1 */
  double mg_per_kg_max;         /* 1.0 */
  double weight_kg_min;         /* 20 */
  double weight_kg_max;         /* 300 */
  double concentration_max;     /* 50 mg/mL (any value above 0 is allowed below it) */
  guint  duration_min_min;      /* 10 min */
  guint  duration_min_max;      /* 120 min */
} VigilDoseLimits;

/* What the nurse entered. The bag is given either as its totals (bag_mg in
 * bag_ml, e.g. 100 mg in 100 mL) or, with bag_ml = 0, as a concentration
 * (concentration_mg_per_ml). */
typedef struct
{
  double          weight;                   /* in weight_unit */
  VigilWeightUnit weight_unit;
  double          mg_per_kg;                /* 0.5 by default */
  double          bag_mg;
  double          bag_ml;                   /* 0: use concentration_mg_per_ml */
  double          concentration_mg_per_ml;
  guint           duration_min;             /* 40 by default */
} VigilDoseInput;

/* The results, rounded as the pump is programmed (see vigil-dose.c). */
typedef struct
{
  double weight_kg;                 /* to 0.01 kg: the weight the dose is computed from */
  double weight_lb;                 /* to 0.1 lb (or as entered, to 0.01 lb) */
  double concentration_mg_per_ml;   /* not rounded */
  double dose_mg;                   /* to 0.1 mg */
  double volume_ml;                 /* to 0.1 mL */
  double rate_ml_per_h;             /* to 0.1 mL/h */
  guint  duration_min;
} VigilDoseResult;

GQuark    vigil_dose_error_quark        (void);

void      vigil_dose_limits_init        (VigilDoseLimits       *limits);
gboolean  vigil_dose_limits_validate    (const VigilDoseLimits *limits,
                                         GError               **error);

/* Sets the defaults: 0.5 mg/kg over 40 min, kg; weight and bag unset (0). */
void      vigil_dose_input_init         (VigilDoseInput        *input);

/* Keypad text: "72", "72.5", "72,5", "158 lb", "70kg". Without a unit the
 * weight is in default_unit. Checks the plausible range (limits may be
 * NULL for the defaults). */
gboolean  vigil_dose_parse_weight       (const char            *text,
                                         VigilWeightUnit        default_unit,
                                         const VigilDoseLimits *limits,
                                         double                *out_weight,
                                         VigilWeightUnit       *out_unit,
                                         GError               **error);
/* Keypad text for the other fields: a number, optionally followed by the
 * field's unit ("0.5 mg/kg", "100 mg", "100 mL", "1 mg/mL", "40 min").
 * Checks the field's plausible range. */
gboolean  vigil_dose_parse_value        (VigilDoseField         field,
                                         const char            *text,
                                         const VigilDoseLimits *limits,
                                         double                *out_value,
                                         GError               **error);

/* Checks every input against limits (NULL: the defaults) and computes. */
gboolean  vigil_dose_compute            (const VigilDoseInput  *input,
                                         const VigilDoseLimits *limits,
                                         VigilDoseResult       *result,
                                         GError               **error);

/* One line with the inputs and the results, for the confirmation screen
 * and the record; confirmed_by (may be NULL) names the clinician. */
char     *vigil_dose_format_summary     (const VigilDoseInput  *input,
                                         const VigilDoseResult *result,
                                         const char            *confirmed_by);

G_END_DECLS
