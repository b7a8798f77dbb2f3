/* vigil-clinic-config.c — the clinic's configuration file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clinic's policy (alarm limits, treatment durations and schedules,
 * the pre-infusion gates, the dose default, the discharge score, the name
 * and logo on reports) comes from one key file, documented in
 * docs/clinic-config.md. Loading never fails: every value that cannot be
 * used becomes one VigilClinicConfigProblem and that key keeps the value
 * it had (the factory default, or an earlier file's), so a typo never
 * silently weakens an alarm or shortens an infusion.
 *
 * Each key is applied on its own, never half. Keys that depend on each
 * other (a "very" alarm limit and its plain one, the minimum and default
 * recovery, the heart-rate gates) are applied in whatever order their
 * rules accept: a file that raises both limits of a pair works however it
 * is written; a pair that contradicts itself leaves one key refused.
 */
#include "vigil-clinic-config.h"

#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#define SEC_US    G_USEC_PER_SEC
#define MINUTE_US G_TIME_SPAN_MINUTE
#define HOUR_US   G_TIME_SPAN_HOUR

/* Numbers beyond this are typos, and would overflow as microseconds. */
#define SANE_MAX 1.0e6

struct _VigilClinicConfig
{
  GObject                 parent_instance;

  char                   *clinic_name;
  char                   *logo_path;
  VigilWeightUnit         weight_unit;
  double                  dose_mg_per_kg;
  VigilStoreScale         discharge_scale;
  VigilAlarmLimits       *limits;
  VigilTreatmentConfig    treatment;
  gboolean                cadss_set;   /* else the CADSS-6 follows the end of the infusion */
  VigilChecklistSettings  checks;

  GPtrArray              *problems;
  GPtrArray              *files_read;  /* NULL-terminated */
};

G_DEFINE_FINAL_TYPE (VigilClinicConfig, vigil_clinic_config, G_TYPE_OBJECT)

/* ---- the keys ------------------------------------------------------------ */

typedef enum
{
  STRUCT_TREATMENT,
  STRUCT_CHECKS,
} StructKind;

/* A number of [treatment] or [checks]: a duration (stored in µs, written
 * in @unit_us) or a plain double. */
typedef struct
{
  const char *name;
  StructKind  where;
  gsize       offset;
  gint64      unit_us;      /* 0: a plain double */
  double      min;          /* [checks] only: the allowed range, in the key's unit */
  double      max;
  const char *comment;
} NumberKey;

static const NumberKey treatment_keys[] = {
  { "infusion-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, infusion_duration_us), MINUTE_US, 0, 0,
    N_("The infusion's duration, minutes. Default 40; 1 to 240.") },
  { "recovery-minimum-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, recovery_minimum_us), MINUTE_US, 0, 0,
    N_("Recovery before discharge is allowed, minutes. Default 30; 0 to 240, at most recovery-default-min.") },
  { "recovery-default-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, recovery_default_us), MINUTE_US, 0, 0,
    N_("The usual recovery time, minutes. Default 45; recovery-minimum-min to 480.") },
  { "nibp-infusion-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, nibp_infusion_interval_us), MINUTE_US, 0, 0,
    N_("Blood pressure every this many minutes of infusion. Default 10; 1 to 60.") },
  { "nibp-recovery-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, nibp_recovery_interval_us), MINUTE_US, 0, 0,
    N_("Blood pressure every this many minutes of recovery. Default 15; 1 to 60.") },
  { "moaas-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, moaas_interval_us), MINUTE_US, 0, 0,
    N_("A MOAA/S sedation check every this many minutes. Default 10; 1 to 60.") },
  { "cadss-at-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, cadss_at_us), MINUTE_US, 0, 0,
    N_("The CADSS-6 dissociation check at this minute of infusion. Default: the end of the infusion (40); 1 to infusion-min.") },
  { "due-grace-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, due_grace_us), MINUTE_US, 0, 0,
    N_("A due check becomes overdue after this many minutes. Default 3; 0 to 30.") },
  { "early-reading-min", STRUCT_TREATMENT, G_STRUCT_OFFSET (VigilTreatmentConfig, early_reading_us), MINUTE_US, 0, 0,
    N_("A reading this many minutes before a check is due counts for it. Default 1; 0 to just under the shortest interval above.") },
};

static const NumberKey checks_keys[] = {
  { "food-fasting-h", STRUCT_CHECKS, G_STRUCT_OFFSET (VigilChecklistSettings, food_fasting_us), HOUR_US, 0, 24,
    N_("Hours since the last food. Default 2; 0 to 24.") },
  { "liquid-fasting-min", STRUCT_CHECKS, G_STRUCT_OFFSET (VigilChecklistSettings, liquid_fasting_us), MINUTE_US, 0, 720,
    N_("Minutes since the last clear liquid. Default 30; 0 to 720.") },
  { "sys-review-above", STRUCT_CHECKS, G_STRUCT_OFFSET (VigilChecklistSettings, sys_review_above), 0, 90, 220,
    N_("A baseline systolic pressure above this (mmHg) needs a prescriber's review. Default 140; 90 to 220.") },
  { "dia-review-above", STRUCT_CHECKS, G_STRUCT_OFFSET (VigilChecklistSettings, dia_review_above), 0, 50, 140,
    N_("A baseline diastolic pressure above this (mmHg) needs a prescriber's review. Default 90; 50 to 140.") },
  { "hr-min", STRUCT_CHECKS, G_STRUCT_OFFSET (VigilChecklistSettings, hr_min), 0, 20, 120,
    N_("The lowest baseline heart rate (/min) without review. Default 50; 20 to 120, below hr-max.") },
  { "hr-max", STRUCT_CHECKS, G_STRUCT_OFFSET (VigilChecklistSettings, hr_max), 0, 60, 250,
    N_("The highest baseline heart rate (/min) without review. Default 120; 60 to 250, above hr-min.") },
  { "spo2-min", STRUCT_CHECKS, G_STRUCT_OFFSET (VigilChecklistSettings, spo2_min), 0, 70, 100,
    N_("The lowest baseline SpO2 (%) on room air without review. Default 94; 70 to 100.") },
};

static const char * const clinic_keys[] = {
  "name", "logo", "weight-unit", "dose-mg-per-kg", "discharge-score", NULL
};

/* The fields of an alarm condition, as key suffixes. */
typedef enum
{
  FIELD_THRESHOLD,
  FIELD_THRESHOLD2,
  FIELD_DELAY,
  FIELD_REPEAT,
  FIELD_INTERVAL,
  FIELD_SAT_SECONDS,
  FIELD_COUNT,
  FIELD_WINDOW,
  FIELD_PRIORITY,
  FIELD_LATCHING,
  N_FIELDS
} Field;

static const char * const field_suffixes[N_FIELDS] = {
  "threshold", "threshold2", "delay-s", "repeat-s", "interval-s",
  "sat-seconds", "count", "window-s", "priority", "latching",
};

#define F(f) (1u << (f))
#define ALWAYS (F (FIELD_PRIORITY) | F (FIELD_LATCHING))

/* Which fields each condition uses (the others must stay unset, see
 * vigil-alarm-limits.c), so only these are keys. */
static const guint condition_fields[VIGIL_N_ALARMS] = {
  [VIGIL_ALARM_SPO2_LOW] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_SAT_SECONDS) | F (FIELD_COUNT) | F (FIELD_WINDOW),
  [VIGIL_ALARM_SPO2_DESATURATION] = ALWAYS | F (FIELD_THRESHOLD),
  [VIGIL_ALARM_HR_HIGH] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_DELAY),
  [VIGIL_ALARM_HR_VERY_HIGH] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_DELAY),
  [VIGIL_ALARM_HR_LOW] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_DELAY),
  [VIGIL_ALARM_HR_VERY_LOW] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_DELAY),
  [VIGIL_ALARM_NIBP_HIGH] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_THRESHOLD2) | F (FIELD_REPEAT),
  [VIGIL_ALARM_NIBP_SEVERE] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_THRESHOLD2) | F (FIELD_REPEAT),
  [VIGIL_ALARM_NIBP_LOW] = ALWAYS | F (FIELD_THRESHOLD),
  [VIGIL_ALARM_NIBP_SEVERE_LOW] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_THRESHOLD2),
  [VIGIL_ALARM_NIBP_RISE] = ALWAYS | F (FIELD_THRESHOLD) | F (FIELD_THRESHOLD2),
  [VIGIL_ALARM_LINK_LOST] = ALWAYS | F (FIELD_DELAY),
  [VIGIL_ALARM_SPO2_SENSOR_OFF] = ALWAYS | F (FIELD_DELAY),
  [VIGIL_ALARM_NIBP_FAILED] = ALWAYS,
  [VIGIL_ALARM_NIBP_OVERDUE] = ALWAYS | F (FIELD_DELAY) | F (FIELD_INTERVAL),
  [VIGIL_ALARM_SOUND_UNAVAILABLE] = ALWAYS,
};

static const char *
field_comment (VigilAlarmId id,
               Field        field)
{
  switch (field)
    {
    case FIELD_THRESHOLD:
      switch ((int) id)
        {
        case VIGIL_ALARM_NIBP_HIGH: case VIGIL_ALARM_NIBP_SEVERE: case VIGIL_ALARM_NIBP_LOW:
        case VIGIL_ALARM_NIBP_SEVERE_LOW:
          return N_("The systolic limit, mmHg.");
        case VIGIL_ALARM_NIBP_RISE:
          return N_("The systolic rise from the session's baseline, mmHg.");
        case VIGIL_ALARM_SPO2_LOW: case VIGIL_ALARM_SPO2_DESATURATION:
          return N_("The limit, percent SpO₂.");
        default:
          return N_("The limit, beats per minute.");
        }
    case FIELD_THRESHOLD2:
      switch ((int) id)
        {
        case VIGIL_ALARM_NIBP_SEVERE_LOW:
          return N_("The mean pressure limit, mmHg.");
        case VIGIL_ALARM_NIBP_RISE:
          return N_("The diastolic rise from the session's baseline, mmHg.");
        default:
          return N_("The diastolic limit, mmHg.");
        }
    case FIELD_DELAY:
      /* The ranges are vigil-alarm-limits.c's rules. */
      if (id == VIGIL_ALARM_NIBP_OVERDUE)
        return N_("Grace after a missed reading before it alarms, seconds, 0 to 3600.");
      if (id == VIGIL_ALARM_LINK_LOST)
        return N_("Seconds without valid data before it alarms, 1 to 120.");
      return N_("Seconds the condition must last before it alarms, 0 to 60.");
    case FIELD_REPEAT:
      return N_("Prompt a repeat reading after this many seconds, 0 to 3600; 0: no prompt.");
    case FIELD_INTERVAL:
      return N_("The expected time between readings, seconds, 60 to 7200 (the treatment's schedule replaces it during a treatment).");
    case FIELD_SAT_SECONDS:
      return N_("The SatSeconds integral, %·s: 10, 25, 50 or 100.");
    case FIELD_COUNT:
      return N_("This many dips below the limit within window-s alarm on their own, 2 to 10.");
    case FIELD_WINDOW:
      return N_("The time window for repeated dips, seconds, 10 to 600.");
    case FIELD_PRIORITY:
      return N_("low, medium or high.");
    case FIELD_LATCHING:
      return N_("true: the alarm stays until a person resets it; false.");
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* ---- small helpers ----------------------------------------------------- */

void
vigil_clinic_config_problem_free (VigilClinicConfigProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->key);
  g_free (problem->value);
  g_free (problem->message);
  g_free (problem);
}

/* The shortest text that reads back as exactly @value. */
static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  return g_strdup (buffer);
}

static char *
format_duration (gint64 us,
                 gint64 unit_us)
{
  return format_number ((double) us / (double) unit_us);
}

/* A whole key value as a number; FALSE for anything else ("90 %", "", "nan"). */
static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  if (*copy == '\0')
    return FALSE;
  errno = 0;
  value = g_ascii_strtod (copy, &end);
  if (errno != 0 || end == copy || *end != '\0' || !isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
parse_boolean (const char *text,
               gboolean   *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  if (g_str_equal (copy, "true"))
    *out = TRUE;
  else if (g_str_equal (copy, "false"))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static void
add_problem (VigilClinicConfig *self,
             const char        *file,
             const char        *group,
             const char        *key,
             const char        *value,
             char              *message)   /* (transfer full) */
{
  VigilClinicConfigProblem *problem = g_new0 (VigilClinicConfigProblem, 1);

  problem->file = g_strdup (file);
  if (group != NULL && key != NULL)
    problem->key = g_strdup_printf ("%s/%s", group, key);
  else
    problem->key = g_strdup (group);
  problem->value = g_strdup (value);
  problem->message = message;
  g_ptr_array_add (self->problems, problem);
}

/* One key that was not applied: what, where, what is used instead, why. */
static void
refuse (VigilClinicConfig *self,
        const char        *file,
        const char        *group,
        const char        *key,
        const char        *value,
        const char        *used,
        const char        *reason)
{
  /* TRANSLATORS: "/etc/vigil/clinic.conf: [alarms] spo2-low-threshold=40 was not applied;
   * Vigil uses 90 instead. <why>" */
  add_problem (self, file, group, key, value,
               g_strdup_printf (_("%s: [%s] %s=%s was not applied; Vigil uses %s instead. %s"),
                                file, group, key, value, used, reason));
}

/* ---- [clinic] --------------------------------------------------------------- */

static const char *
weight_unit_to_string (VigilWeightUnit unit)
{
  return unit == VIGIL_WEIGHT_UNIT_LB ? "lb" : "kg";
}

static const char *
scale_to_string (VigilStoreScale scale)
{
  return scale == VIGIL_STORE_SCALE_PADSS ? "padss" : "aldrete";
}

/* The logo is checked now, not when a report is printed: a nurse
 * exporting a report cannot fix a path. */
static gboolean
check_logo (const char  *path,
            char       **out_reason)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      *out_reason = g_strdup_printf (_("There is no file %s."), path);
      return FALSE;
    }
  surface = cairo_image_surface_create_from_png (path);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      *out_reason = g_strdup_printf (_("%s is not a PNG image Vigil can read (%s)."),
                                     path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
read_clinic_key (VigilClinicConfig *self,
                 GKeyFile          *file,
                 const char        *path,
                 const char        *key)
{
  g_autofree char *raw = g_key_file_get_value (file, "clinic", key, NULL);
  g_autofree char *text = g_key_file_get_string (file, "clinic", key, NULL);
  g_autofree char *value = NULL;
  double number;

  if (text == NULL)
    {
      /* Only a bad escape sequence makes the string unreadable. */
      refuse (self, path, "clinic", key, raw, _("the previous value"),
              _("It contains an escape sequence that is not valid."));
      return;
    }
  value = g_strstrip (g_strdup (text));

  if (g_str_equal (key, "name"))
    {
      g_free (self->clinic_name);
      self->clinic_name = *value != '\0' ? g_steal_pointer (&value) : NULL;
    }
  else if (g_str_equal (key, "logo"))
    {
      g_autofree char *dir = NULL;
      g_autofree char *resolved = NULL;
      g_autofree char *reason = NULL;

      if (*value == '\0')
        {
          g_clear_pointer (&self->logo_path, g_free);
          return;
        }
      /* Relative to the file, so a folder with clinic.conf and logo.png
       * can be copied to every tablet as it is. */
      dir = g_path_get_dirname (path);
      resolved = g_canonicalize_filename (value, dir);
      if (!check_logo (resolved, &reason))
        {
          refuse (self, path, "clinic", key, text,
                  self->logo_path != NULL ? self->logo_path : _("no logo"), reason);
          return;
        }
      g_free (self->logo_path);
      self->logo_path = g_steal_pointer (&resolved);
    }
  else if (g_str_equal (key, "weight-unit"))
    {
      if (g_str_equal (value, "kg"))
        self->weight_unit = VIGIL_WEIGHT_UNIT_KG;
      else if (g_str_equal (value, "lb"))
        self->weight_unit = VIGIL_WEIGHT_UNIT_LB;
      else
        refuse (self, path, "clinic", key, text, weight_unit_to_string (self->weight_unit),
                _("It must be kg or lb."));
    }
  else if (g_str_equal (key, "dose-mg-per-kg"))
    {
      VigilDoseLimits limits;

      vigil_dose_limits_init (&limits);
      if (!parse_number (value, &number))
        {
          g_autofree char *used = format_number (self->dose_mg_per_kg);

          refuse (self, path, "clinic", key, text, used, _("It is not a number."));
        }
      else if (number < limits.mg_per_kg_min || number > limits.mg_per_kg_max)
        {
          g_autofree char *used = format_number (self->dose_mg_per_kg);
          g_autofree char *reason = g_strdup_printf (_("It must be between %g and %g mg/kg."),
                                                     limits.mg_per_kg_min, limits.mg_per_kg_max);

          refuse (self, path, "clinic", key, text, used, reason);
        }
      else
        self->dose_mg_per_kg = number;
    }
  else if (g_str_equal (key, "discharge-score"))
    {
      if (g_str_equal (value, "aldrete"))
        self->discharge_scale = VIGIL_STORE_SCALE_ALDRETE;
      else if (g_str_equal (value, "padss"))
        self->discharge_scale = VIGIL_STORE_SCALE_PADSS;
      else
        refuse (self, path, "clinic", key, text, scale_to_string (self->discharge_scale),
                _("It must be aldrete or padss."));
    }
  else
    g_assert_not_reached ();
}

/* ---- [treatment] and [checks] ----------------------------------------------- */

static gboolean
validate_checks (const VigilChecklistSettings  *checks,
                 GError                       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (checks_keys); i++)
    {
      const NumberKey *k = &checks_keys[i];
      const guint8 *base = (const guint8 *) checks;
      double value = k->unit_us != 0 ? (double) *(const gint64 *) (base + k->offset) / (double) k->unit_us
                                     : *(const double *) (base + k->offset);

      if (value < k->min || value > k->max)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("%s must be between %g and %g."), k->name, k->min, k->max);
          return FALSE;
        }
    }
  if (checks->hr_min >= checks->hr_max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("hr-min (%g) must stay below hr-max (%g)."), checks->hr_min, checks->hr_max);
      return FALSE;
    }
  return TRUE;
}

static void
store_number (guint8          *base,
              const NumberKey *k,
              double           value)
{
  if (k->unit_us != 0)
    *(gint64 *) (base + k->offset) = (gint64) llround (value * (double) k->unit_us);
  else
    *(double *) (base + k->offset) = value;
}

static char *
format_key_value (const guint8    *base,
                  const NumberKey *k)
{
  if (k->unit_us != 0)
    return format_duration (*(const gint64 *) (base + k->offset), k->unit_us);
  return format_number (*(const double *) (base + k->offset));
}

typedef struct
{
  const NumberKey *key;
  char            *text;
  double           value;
  char            *reason;   /* why the last try was refused */
} PendingNumber;

static void
pending_number_free (gpointer data)
{
  PendingNumber *p = data;

  g_free (p->text);
  g_free (p->reason);
  g_free (p);
}

/* Tries @p on a copy of the configuration; commits it when the whole is
 * still valid. */
static gboolean
try_number (VigilClinicConfig *self,
            PendingNumber     *p)
{
  g_autoptr(GError) error = NULL;

  if (p->key->where == STRUCT_TREATMENT)
    {
      VigilTreatmentConfig candidate = self->treatment;
      gboolean cadss_set = self->cadss_set || g_str_equal (p->key->name, "cadss-at-min");

      store_number ((guint8 *) &candidate, p->key, p->value);
      if (!cadss_set)
        candidate.cadss_at_us = candidate.infusion_duration_us;
      if (!vigil_treatment_config_validate (&candidate, &error))
        goto refused;
      self->treatment = candidate;
      self->cadss_set = cadss_set;
    }
  else
    {
      VigilChecklistSettings candidate = self->checks;

      store_number ((guint8 *) &candidate, p->key, p->value);
      if (!validate_checks (&candidate, &error))
        goto refused;
      self->checks = candidate;
    }
  return TRUE;

refused:
  g_free (p->reason);
  p->reason = g_strdup (error->message);
  return FALSE;
}

static void
read_number_group (VigilClinicConfig *self,
                   GKeyFile          *file,
                   const char        *path,
                   const char        *group,
                   const NumberKey   *keys,
                   guint              n_keys,
                   char             **names)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_number_free);
  gboolean progress = TRUE;

  for (guint n = 0; names[n] != NULL; n++)
    {
      const NumberKey *k = NULL;
      PendingNumber *p;
      g_autofree char *text = g_key_file_get_value (file, group, names[n], NULL);

      for (guint i = 0; i < n_keys && k == NULL; i++)
        if (g_str_equal (keys[i].name, names[n]))
          k = &keys[i];
      if (k == NULL)
        continue;   /* reported by the caller as unknown */

      p = g_new0 (PendingNumber, 1);
      p->key = k;
      p->text = g_steal_pointer (&text);
      if (!parse_number (p->text, &p->value))
        p->reason = g_strdup (_("It is not a number."));
      else if (p->value < 0 || p->value > SANE_MAX)
        p->reason = g_strdup (_("It must be a positive number of a sensible size."));
      g_ptr_array_add (pending, p);
    }

  /* Parse errors first; they never become valid. */
  for (guint i = 0; i < pending->len; )
    {
      PendingNumber *p = g_ptr_array_index (pending, i);

      if (p->reason != NULL)
        {
          const guint8 *base = p->key->where == STRUCT_TREATMENT ? (const guint8 *) &self->treatment
                                                                  : (const guint8 *) &self->checks;
          g_autofree char *used = format_key_value (base, p->key);

          refuse (self, path, group, p->key->name, p->text, used, p->reason);
          g_ptr_array_remove_index (pending, i);
        }
      else
        i++;
    }

  /* Then in whatever order the rules between the keys accept. */
  while (progress && pending->len > 0)
    {
      progress = FALSE;
      for (guint i = 0; i < pending->len; )
        if (try_number (self, g_ptr_array_index (pending, i)))
          {
            g_ptr_array_remove_index (pending, i);
            progress = TRUE;
          }
        else
          i++;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      PendingNumber *p = g_ptr_array_index (pending, i);
      const guint8 *base = p->key->where == STRUCT_TREATMENT ? (const guint8 *) &self->treatment
                                                              : (const guint8 *) &self->checks;
      g_autofree char *used = format_key_value (base, p->key);

      refuse (self, path, group, p->key->name, p->text, used, p->reason);
    }
}

/* ---- [alarms] ------------------------------------------------------------------ */

static void
copy_field (VigilAlarmSetting       *dst,
            const VigilAlarmSetting *src,
            Field                    field)
{
  switch (field)
    {
    case FIELD_THRESHOLD: dst->threshold = src->threshold; break;
    case FIELD_THRESHOLD2: dst->threshold2 = src->threshold2; break;
    case FIELD_DELAY: dst->delay_us = src->delay_us; break;
    case FIELD_REPEAT: dst->repeat_us = src->repeat_us; break;
    case FIELD_INTERVAL: dst->interval_us = src->interval_us; break;
    case FIELD_SAT_SECONDS: dst->sat_seconds = src->sat_seconds; break;
    case FIELD_COUNT: dst->count = src->count; break;
    case FIELD_WINDOW: dst->window_us = src->window_us; break;
    case FIELD_PRIORITY: dst->priority = src->priority; break;
    case FIELD_LATCHING: dst->latching = src->latching; break;
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
field_equal (const VigilAlarmSetting *a,
             const VigilAlarmSetting *b,
             Field                    field)
{
  VigilAlarmSetting copy = *a;

  copy_field (&copy, b, field);
  return vigil_alarm_setting_equal (&copy, a);
}

static char *
format_field (const VigilAlarmSetting *s,
              Field                    field)
{
  switch (field)
    {
    case FIELD_THRESHOLD: return format_number (s->threshold);
    case FIELD_THRESHOLD2: return format_number (s->threshold2);
    case FIELD_DELAY: return format_duration (s->delay_us, SEC_US);
    case FIELD_REPEAT: return format_duration (s->repeat_us, SEC_US);
    case FIELD_INTERVAL: return format_duration (s->interval_us, SEC_US);
    case FIELD_SAT_SECONDS: return format_number (s->sat_seconds);
    case FIELD_COUNT: return g_strdup_printf ("%u", s->count);
    case FIELD_WINDOW: return format_duration (s->window_us, SEC_US);
    case FIELD_PRIORITY: return g_strdup (vigil_alarm_priority_to_string (s->priority));
    case FIELD_LATCHING: return g_strdup (s->latching ? "true" : "false");
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* Reads @text into @field of @out; FALSE with a reason. */
static gboolean
parse_field (const char         *text,
             Field               field,
             VigilAlarmSetting  *out,
             char              **out_reason)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  double number = 0;

  switch (field)
    {
    case FIELD_PRIORITY:
      for (VigilAlarmPriority p = VIGIL_ALARM_PRIORITY_LOW; p <= VIGIL_ALARM_PRIORITY_HIGH; p++)
        if (g_str_equal (copy, vigil_alarm_priority_to_string (p)))
          {
            out->priority = p;
            return TRUE;
          }
      *out_reason = g_strdup (_("It must be low, medium or high: an alarm cannot be switched off."));
      return FALSE;

    case FIELD_LATCHING:
      if (parse_boolean (copy, &out->latching))
        return TRUE;
      *out_reason = g_strdup (_("It must be true or false."));
      return FALSE;

    case FIELD_THRESHOLD: case FIELD_THRESHOLD2: case FIELD_DELAY: case FIELD_REPEAT:
    case FIELD_INTERVAL: case FIELD_SAT_SECONDS: case FIELD_COUNT: case FIELD_WINDOW:
      if (!parse_number (copy, &number))
        {
          *out_reason = g_strdup (_("It is not a number."));
          return FALSE;
        }
      if (fabs (number) > SANE_MAX)
        {
          *out_reason = g_strdup (_("It must be a number of a sensible size."));
          return FALSE;
        }
      break;

    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }

  switch (field)
    {
    case FIELD_THRESHOLD: out->threshold = number; break;
    case FIELD_THRESHOLD2: out->threshold2 = number; break;
    case FIELD_SAT_SECONDS: out->sat_seconds = number; break;
    case FIELD_DELAY: case FIELD_REPEAT: case FIELD_INTERVAL: case FIELD_WINDOW:
      {
        gint64 us = (gint64) llround (number * SEC_US);

        if (field == FIELD_DELAY)
          out->delay_us = us;
        else if (field == FIELD_REPEAT)
          out->repeat_us = us;
        else if (field == FIELD_INTERVAL)
          out->interval_us = us;
        else
          out->window_us = us;
        break;
      }
    case FIELD_COUNT:
      if (number < 0 || number != floor (number))
        {
          *out_reason = g_strdup (_("It must be a whole number."));
          return FALSE;
        }
      out->count = (guint) number;
      break;
    case FIELD_PRIORITY: case FIELD_LATCHING: case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
find_alarm_key (const char   *name,
                VigilAlarmId *out_id,
                Field        *out_field)
{
  for (guint id = 0; id < VIGIL_N_ALARMS; id++)
    {
      const char *condition = vigil_alarm_get_info (id)->key;
      gsize len = strlen (condition);

      if (strncmp (name, condition, len) != 0 || name[len] != '-')
        continue;
      for (guint f = 0; f < N_FIELDS; f++)
        if ((condition_fields[id] & F (f)) && g_str_equal (name + len + 1, field_suffixes[f]))
          {
            *out_id = id;
            *out_field = f;
            return TRUE;
          }
    }
  return FALSE;
}

typedef struct
{
  VigilAlarmId       id;
  Field              field;
  VigilAlarmSetting  source;   /* only @field is meant */
  char              *key;
  char              *text;
  char              *reason;
} PendingField;

static void
pending_field_free (gpointer data)
{
  PendingField *p = data;

  g_free (p->key);
  g_free (p->text);
  g_free (p->reason);
  g_free (p);
}

static gboolean
try_field (VigilAlarmLimits *limits,
           PendingField     *p)
{
  VigilAlarmSetting setting = *vigil_alarm_limits_get (limits, p->id);
  g_autoptr(GError) error = NULL;

  copy_field (&setting, &p->source, p->field);
  if (vigil_alarm_limits_set (limits, p->id, &setting, &error))
    return TRUE;
  g_free (p->reason);
  p->reason = g_strdup (error->message);
  return FALSE;
}

/* Applies every pending field that the limits' rules accept, in an order
 * that lets pairs move together; returns the ones refused. */
static void
apply_pending_fields (VigilAlarmLimits *limits,
                      GPtrArray        *pending)
{
  gboolean progress = TRUE;

  while (progress && pending->len > 0)
    {
      progress = FALSE;
      for (guint i = 0; i < pending->len; )
        if (try_field (limits, g_ptr_array_index (pending, i)))
          {
            g_ptr_array_remove_index (pending, i);
            progress = TRUE;
          }
        else
          i++;
    }
}

static void
read_alarms (VigilClinicConfig *self,
             GKeyFile          *file,
             const char        *path,
             char             **names,
             GPtrArray         *unknown)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_field_free);

  for (guint n = 0; names[n] != NULL; n++)
    {
      PendingField *p;
      VigilAlarmId id;
      Field field;
      g_autofree char *reason = NULL;

      if (!find_alarm_key (names[n], &id, &field))
        {
          g_ptr_array_add (unknown, names[n]);
          continue;
        }
      p = g_new0 (PendingField, 1);
      p->id = id;
      p->field = field;
      p->source = *vigil_alarm_limits_get (self->limits, id);
      p->key = g_strdup (names[n]);
      p->text = g_key_file_get_value (file, "alarms", names[n], NULL);
      if (!parse_field (p->text, field, &p->source, &reason))
        {
          g_autofree char *used = format_field (vigil_alarm_limits_get (self->limits, id), field);

          refuse (self, path, "alarms", p->key, p->text, used, reason);
          pending_field_free (p);
          continue;
        }
      g_ptr_array_add (pending, p);
    }

  apply_pending_fields (self->limits, pending);
  for (guint i = 0; i < pending->len; i++)
    {
      PendingField *p = g_ptr_array_index (pending, i);
      g_autofree char *used = format_field (vigil_alarm_limits_get (self->limits, p->id), p->field);

      refuse (self, path, "alarms", p->key, p->text, used, p->reason);
    }
}

/* ---- one file ---------------------------------------------------------------- */

static void
report_unknown (VigilClinicConfig *self,
                const char        *path,
                const char        *group,
                const char        *key,
                GKeyFile          *file)
{
  g_autofree char *value = g_key_file_get_value (file, group, key, NULL);

  add_problem (self, path, group, key, value,
               g_strdup_printf (_("%s: [%s] %s=%s is not a setting Vigil knows and was ignored. "
                                  "Check its spelling against docs/clinic-config.md."),
                                path, group, key, value != NULL ? value : ""));
}

static void
read_file (VigilClinicConfig *self,
           const char        *path)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      /* Not there: nothing to say; the standard places are mostly empty. */
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return;
      add_problem (self, path, NULL, NULL, NULL,
                   g_strdup_printf (_("%s could not be read, so none of its settings apply "
                                      "(Vigil uses the factory settings or those of the other files): %s"),
                                    path, error->message));
      return;
    }
  g_ptr_array_insert (self->files_read, (int) self->files_read->len - 1, g_strdup (path));

  groups = g_key_file_get_groups (file, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      const char *group = groups[g];
      g_auto(GStrv) names = g_key_file_get_keys (file, group, NULL, NULL);
      g_autoptr(GPtrArray) unknown = g_ptr_array_new ();

      if (g_str_equal (group, "clinic"))
        {
          for (guint n = 0; names[n] != NULL; n++)
            if (g_strv_contains (clinic_keys, names[n]))
              read_clinic_key (self, file, path, names[n]);
            else
              g_ptr_array_add (unknown, names[n]);
        }
      else if (g_str_equal (group, "treatment") || g_str_equal (group, "checks"))
        {
          gboolean treatment = g_str_equal (group, "treatment");
          const NumberKey *keys = treatment ? treatment_keys : checks_keys;
          guint n_keys = treatment ? G_N_ELEMENTS (treatment_keys) : G_N_ELEMENTS (checks_keys);

          for (guint n = 0; names[n] != NULL; n++)
            {
              gboolean known = FALSE;

              for (guint i = 0; i < n_keys; i++)
                known |= g_str_equal (keys[i].name, names[n]);
              if (!known)
                g_ptr_array_add (unknown, names[n]);
            }
          read_number_group (self, file, path, group, keys, n_keys, names);
        }
      else if (g_str_equal (group, "alarms"))
        read_alarms (self, file, path, names, unknown);
      else
        {
          add_problem (self, path, group, NULL, NULL,
                       g_strdup_printf (_("%s: the group [%s] is not one Vigil knows, so its settings were "
                                          "ignored. The groups are [clinic], [treatment], [checks] and [alarms]."),
                                        path, group));
          continue;
        }

      for (guint i = 0; i < unknown->len; i++)
        report_unknown (self, path, group, g_ptr_array_index (unknown, i), file);
    }
}

/* ---- the object ------------------------------------------------------------- */

static void
vigil_clinic_config_finalize (GObject *object)
{
  VigilClinicConfig *self = VIGIL_CLINIC_CONFIG (object);

  g_free (self->clinic_name);
  g_free (self->logo_path);
  g_clear_object (&self->limits);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->files_read, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_clinic_config_parent_class)->finalize (object);
}

static void
vigil_clinic_config_class_init (VigilClinicConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_clinic_config_finalize;
}

static void
vigil_clinic_config_init (VigilClinicConfig *self)
{
  self->weight_unit = VIGIL_WEIGHT_UNIT_KG;
  self->dose_mg_per_kg = VIGIL_DOSE_DEFAULT_MG_PER_KG;
  self->discharge_scale = VIGIL_STORE_SCALE_ALDRETE;
  self->limits = vigil_alarm_limits_new_default ();
  vigil_treatment_config_init (&self->treatment);
  vigil_checklist_settings_init (&self->checks);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_clinic_config_problem_free);
  self->files_read = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->files_read, NULL);
}

/**
 * vigil_clinic_config_new:
 *
 * Returns: (transfer full): the factory defaults
 */
VigilClinicConfig *
vigil_clinic_config_new (void)
{
  return g_object_new (VIGIL_TYPE_CLINIC_CONFIG, NULL);
}

static void
add_path (GPtrArray  *paths,
          const char *path)
{
  for (guint i = 0; i < paths->len; i++)
    if (g_str_equal (g_ptr_array_index (paths, i), path))
      return;
  g_ptr_array_add (paths, g_strdup (path));
}

/**
 * vigil_clinic_config_default_paths:
 *
 * Returns: (transfer full): the files read in order, the last having the
 *   last word: each of $XDG_CONFIG_DIRS (the first listed read last), then
 *   /etc/vigil/clinic.conf, then the user's; or only $VIGIL_CLINIC_CONFIG
 *   when it is set (empty: no file at all)
 */
GStrv
vigil_clinic_config_default_paths (void)
{
  const char *override = g_getenv ("VIGIL_CLINIC_CONFIG");
  const char * const *system = g_get_system_config_dirs ();
  GPtrArray *paths = g_ptr_array_new ();
  guint n = system != NULL ? g_strv_length ((char **) system) : 0;

  if (override != NULL)
    {
      if (*override != '\0')
        g_ptr_array_add (paths, g_strdup (override));
      g_ptr_array_add (paths, NULL);
      return (GStrv) g_ptr_array_free (paths, FALSE);
    }

  for (guint i = n; i > 0; i--)
    {
      g_autofree char *path = g_build_filename (system[i - 1], "vigil", "clinic.conf", NULL);

      add_path (paths, path);
    }
  add_path (paths, "/etc/vigil/clinic.conf");
  {
    g_autofree char *user = g_build_filename (g_get_user_config_dir (), "vigil", "clinic.conf", NULL);

    add_path (paths, user);
  }
  g_ptr_array_add (paths, NULL);
  return (GStrv) g_ptr_array_free (paths, FALSE);
}

/**
 * vigil_clinic_config_load:
 * @paths: (nullable): the files, in order; %NULL: the default paths
 *
 * Returns: (transfer full): the configuration; never %NULL, see
 *   vigil_clinic_config_get_problems() for what could not be used
 */
VigilClinicConfig *
vigil_clinic_config_load (const char * const *paths)
{
  VigilClinicConfig *self = vigil_clinic_config_new ();
  g_auto(GStrv) defaults = NULL;

  if (paths == NULL)
    {
      defaults = vigil_clinic_config_default_paths ();
      paths = (const char * const *) defaults;
    }
  for (guint i = 0; paths[i] != NULL; i++)
    read_file (self, paths[i]);
  return self;
}

/**
 * vigil_clinic_config_get_problems:
 *
 * Returns: (transfer none) (element-type VigilClinicConfigProblem): in the
 *   order found
 */
GPtrArray *
vigil_clinic_config_get_problems (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), NULL);
  return self->problems;
}

const char * const *
vigil_clinic_config_get_files_read (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), NULL);
  return (const char * const *) self->files_read->pdata;
}

const char *
vigil_clinic_config_get_clinic_name (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), NULL);
  return self->clinic_name;
}

const char *
vigil_clinic_config_get_logo_path (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), NULL);
  return self->logo_path;
}

VigilWeightUnit
vigil_clinic_config_get_weight_unit (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), VIGIL_WEIGHT_UNIT_KG);
  return self->weight_unit;
}

double
vigil_clinic_config_get_dose_mg_per_kg (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), VIGIL_DOSE_DEFAULT_MG_PER_KG);
  return self->dose_mg_per_kg;
}

VigilStoreScale
vigil_clinic_config_get_discharge_scale (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), VIGIL_STORE_SCALE_ALDRETE);
  return self->discharge_scale;
}

VigilAlarmLimits *
vigil_clinic_config_dup_alarm_limits (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), NULL);
  return vigil_alarm_limits_copy (self->limits);
}

/**
 * vigil_clinic_config_apply_alarm_limits:
 * @limits: limits in use, e.g. an alarm engine's
 *
 * Sets @limits to the clinic's, one field at a time in an order the
 * pair rules accept (raising "HR high" above the old "HR very high" needs
 * the latter moved first), emitting "changed" for each condition changed.
 *
 * Returns: %FALSE with @error if some field could not be set (only when
 *   @limits held values the clinic's cannot be reached from)
 */
gboolean
vigil_clinic_config_apply_alarm_limits (VigilClinicConfig  *self,
                                        VigilAlarmLimits   *limits,
                                        GError            **error)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_field_free);

  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ALARM_LIMITS (limits), FALSE);

  for (guint id = 0; id < VIGIL_N_ALARMS; id++)
    for (guint f = 0; f < N_FIELDS; f++)
      {
        const VigilAlarmSetting *want = vigil_alarm_limits_get (self->limits, id);
        PendingField *p;

        if (field_equal (vigil_alarm_limits_get (limits, id), want, f))
          continue;
        p = g_new0 (PendingField, 1);
        p->id = id;
        p->field = f;
        p->source = *want;
        g_ptr_array_add (pending, p);
      }
  apply_pending_fields (limits, pending);
  if (pending->len > 0)
    {
      PendingField *p = g_ptr_array_index (pending, 0);

      g_set_error_literal (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_ORDER, p->reason);
      return FALSE;
    }
  return TRUE;
}

const VigilTreatmentConfig *
vigil_clinic_config_get_treatment (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), NULL);
  return &self->treatment;
}

const VigilChecklistSettings *
vigil_clinic_config_get_checklist (VigilClinicConfig *self)
{
  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), NULL);
  return &self->checks;
}

/* ---- writing it out ------------------------------------------------------------ */

/* "# comment" above @key (or above @group's header when @key is NULL). */
static void
set_comment (GKeyFile   *file,
             const char *group,
             const char *key,
             const char *comment)
{
  g_autofree char *line = g_strconcat (" ", comment, NULL);

  g_key_file_set_comment (file, group, key, line, NULL);
}

static void
set_commented (GKeyFile   *file,
               const char *group,
               const char *key,
               const char *value,
               const char *comment)
{
  g_key_file_set_value (file, group, key, value);
  set_comment (file, group, key, comment);
}

static void
write_numbers (GKeyFile        *file,
               const char      *group,
               const guint8    *base,
               const NumberKey *keys,
               guint            n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    {
      g_autofree char *value = format_key_value (base, &keys[i]);

      set_commented (file, group, keys[i].name, value, _(keys[i].comment));
    }
}

/**
 * vigil_clinic_config_to_data:
 *
 * Returns: (transfer full): every key with the value in effect, commented,
 *   as a clinic.conf that loads to this same configuration
 */
char *
vigil_clinic_config_to_data (VigilClinicConfig *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(VigilAlarmLimits) factory = NULL;
  g_autofree char *dose = NULL;

  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), NULL);

  g_string_append_printf (header, " %s\n", _("Vigil clinic configuration, as in effect on this tablet."));
  g_string_append_printf (header, " %s\n", _("Install it as /etc/vigil/clinic.conf; every key is described in docs/clinic-config.md."));
  if (self->files_read->len > 1)
    {
      g_string_append_printf (header, " %s\n", _("Read from:"));
      for (guint i = 0; i + 1 < self->files_read->len; i++)
        g_string_append_printf (header, "   %s\n", (const char *) g_ptr_array_index (self->files_read, i));
    }
  else
    g_string_append_printf (header, " %s\n", _("Factory settings: no configuration file was read."));
  g_string_append_printf (header, " Vigil %s", VIGIL_VERSION);

  /* [clinic] */
  g_key_file_set_string (file, "clinic", "name", self->clinic_name != NULL ? self->clinic_name : "");
  set_comment (file, "clinic", "name", _("The clinic's name at the top of reports; empty: none."));
  g_key_file_set_string (file, "clinic", "logo", self->logo_path != NULL ? self->logo_path : "");
  set_comment (file, "clinic", "logo",
               _("A PNG image shown beside the name on reports; a relative path is read from "
                 "this file's folder; empty: none."));
  set_commented (file, "clinic", "weight-unit", weight_unit_to_string (self->weight_unit),
                 _("The weight unit the dose form starts with: kg or lb. Default kg."));
  dose = format_number (self->dose_mg_per_kg);
  set_commented (file, "clinic", "dose-mg-per-kg", dose,
                 _("The prescribed ketamine dose the form starts with, mg/kg. Default 0.5; 0.1 to 1."));
  set_commented (file, "clinic", "discharge-score", scale_to_string (self->discharge_scale),
                 _("The discharge score: aldrete (modified Aldrete) or padss. Default aldrete."));

  write_numbers (file, "treatment", (const guint8 *) &self->treatment, treatment_keys, G_N_ELEMENTS (treatment_keys));
  set_comment (file, "treatment", NULL, _("Durations and schedules of every new treatment."));
  write_numbers (file, "checks", (const guint8 *) &self->checks, checks_keys, G_N_ELEMENTS (checks_keys));
  set_comment (file, "checks", NULL, _("The pre-infusion checklist's gates."));

  /* [alarms] */
  factory = vigil_alarm_limits_new_default ();
  for (guint id = 0; id < VIGIL_N_ALARMS; id++)
    {
      const VigilAlarmInfo *info = vigil_alarm_get_info (id);
      const VigilAlarmSetting *setting = vigil_alarm_limits_get (self->limits, id);
      gboolean first = TRUE;

      for (guint f = 0; f < N_FIELDS; f++)
        {
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;
          g_autofree char *comment = NULL;
          g_autofree char *factory_value = NULL;
          double lo, hi;

          if (!(condition_fields[id] & F (f)))
            continue;
          key = g_strdup_printf ("%s-%s", info->key, field_suffixes[f]);
          value = format_field (setting, f);
          factory_value = format_field (vigil_alarm_limits_get (factory, id), f);
          if ((f == FIELD_THRESHOLD || f == FIELD_THRESHOLD2)
              && vigil_alarm_limits_get_range (id, f == FIELD_THRESHOLD2, &lo, &hi))
            /* TRANSLATORS: a comment in the exported clinic.conf: "The limit, % SpO2. Default 90; 80 to 99." */
            comment = g_strdup_printf (_("%s Default %s; %g to %g."), _(field_comment (id, f)), factory_value, lo, hi);
          else
            /* TRANSLATORS: a comment in the exported clinic.conf: "low, medium or high. Default medium." */
            comment = g_strdup_printf (_("%s Default %s."), _(field_comment (id, f)), factory_value);
          if (first)
            {
              char *with_title = g_strdup_printf ("\n %s %s\n %s", info->code, _(info->title), comment);

              g_free (comment);
              comment = with_title;
            }
          else
            {
              char *indented = g_strconcat (" ", comment, NULL);

              g_free (comment);
              comment = indented;
            }
          g_key_file_set_value (file, "alarms", key, value);
          g_key_file_set_comment (file, "alarms", key, comment, NULL);
          first = FALSE;
        }
    }
  set_comment (file, "alarms", NULL,
               _("The alarm limits every session starts from; changes at the bedside apply to that "
                 "session only."));
  g_key_file_set_comment (file, NULL, NULL, header->str, NULL);

  return g_key_file_to_data (file, NULL, NULL);
}

/**
 * vigil_clinic_config_export:
 * @path: where to write the file
 *
 * Returns: %FALSE with @error if it could not be written
 */
gboolean
vigil_clinic_config_export (VigilClinicConfig  *self,
                            const char         *path,
                            GError            **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_CLINIC_CONFIG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = vigil_clinic_config_to_data (self);
  if (!g_file_set_contents (path, data, -1, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("The clinic configuration could not be saved to %s: %s Choose another place "
                     "(a USB stick, your home folder)."),
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
