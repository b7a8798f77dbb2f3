/* test-clinic-config.c — the clinic's configuration file, as IT writes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real files in a temporary folder, read through vigil_clinic_config_load().
 */
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vigil-clinic-config.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vigil-clinic-config-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A real PNG: @width × @height of one colour. */
static char *
write_png (Fixture    *fixture,
           const char *name,
           int         width,
           int         height)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  g_mkdir_with_parents (parent, 0700);
  cairo_set_source_rgb (cr, 1, 0, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static VigilClinicConfig *
load_one (const char *path)
{
  const char *paths[] = { path, NULL };

  return vigil_clinic_config_load (paths);
}

static const VigilClinicConfigProblem *
find_problem (VigilClinicConfig *config,
              const char        *key)
{
  GPtrArray *problems = vigil_clinic_config_get_problems (config);

  for (guint i = 0; i < problems->len; i++)
    {
      const VigilClinicConfigProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->key, key) == 0)
        return p;
    }
  return NULL;
}

/* The problem for @key names the file, the key, the bad value and the
 * value used instead. */
static void
assert_problem (VigilClinicConfig *config,
                const char        *file,
                const char        *key,
                const char        *value,
                const char        *used)
{
  const VigilClinicConfigProblem *p = find_problem (config, key);
  g_autofree char *used_text = g_strdup_printf ("Vigil uses %s instead", used);
  const char *slash = strchr (key, '/');

  if (p == NULL)
    g_error ("no problem reported for %s", key);
  g_assert_cmpstr (p->file, ==, file);
  g_assert_cmpstr (p->value, ==, value);
  g_assert_nonnull (strstr (p->message, file));
  g_assert_nonnull (strstr (p->message, slash != NULL ? slash + 1 : key));
  g_assert_nonnull (strstr (p->message, value));
  if (used != NULL && strstr (p->message, used_text) == NULL)
    g_error ("the message for %s does not say “%s”: %s", key, used_text, p->message);
}

static void
dump_problems (VigilClinicConfig *config)
{
  GPtrArray *problems = vigil_clinic_config_get_problems (config);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", ((VigilClinicConfigProblem *) g_ptr_array_index (problems, i))->message);
}

static void
assert_no_problems (VigilClinicConfig *config)
{
  dump_problems (config);
  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 0);
}

static void
assert_factory_defaults (VigilClinicConfig *config)
{
  g_autoptr(VigilAlarmLimits) factory = vigil_alarm_limits_new_default ();
  g_autoptr(VigilAlarmLimits) limits = vigil_clinic_config_dup_alarm_limits (config);
  VigilTreatmentConfig treatment;
  VigilChecklistSettings checks;

  vigil_treatment_config_init (&treatment);
  vigil_checklist_settings_init (&checks);
  g_assert_null (vigil_clinic_config_get_clinic_name (config));
  g_assert_null (vigil_clinic_config_get_logo_path (config));
  g_assert_cmpint (vigil_clinic_config_get_weight_unit (config), ==, VIGIL_WEIGHT_UNIT_KG);
  g_assert_cmpfloat (vigil_clinic_config_get_dose_mg_per_kg (config), ==, VIGIL_DOSE_DEFAULT_MG_PER_KG);
  g_assert_cmpint (vigil_clinic_config_get_discharge_scale (config), ==, VIGIL_STORE_SCALE_ALDRETE);
  g_assert_cmpmem (vigil_clinic_config_get_treatment (config), sizeof treatment, &treatment, sizeof treatment);
  g_assert_cmpmem (vigil_clinic_config_get_checklist (config), sizeof checks, &checks, sizeof checks);
  for (VigilAlarmId id = 0; id < VIGIL_N_ALARMS; id++)
    g_assert_true (vigil_alarm_setting_equal (vigil_alarm_limits_get (limits, id),
                                              vigil_alarm_limits_get (factory, id)));
}

/* ---- defaults, missing files ------------------------------------------- */

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VigilClinicConfig) config = vigil_clinic_config_new ();
  g_autofree char *missing = g_build_filename (fixture->dir, "nowhere", "clinic.conf", NULL);
  g_autoptr(VigilClinicConfig) loaded = load_one (missing);
  /* The test environment points VIGIL_CLINIC_CONFIG at a file that does
   * not exist, so the standard load is the factory configuration too. */
  g_autoptr(VigilClinicConfig) standard = vigil_clinic_config_load (NULL);

  assert_factory_defaults (config);
  assert_no_problems (config);
  g_assert_null (vigil_clinic_config_get_files_read (config)[0]);

  /* A missing file is not a problem; it is just not read. */
  assert_factory_defaults (loaded);
  assert_no_problems (loaded);
  g_assert_null (vigil_clinic_config_get_files_read (loaded)[0]);

  assert_factory_defaults (standard);
  assert_no_problems (standard);
  g_assert_null (vigil_clinic_config_get_files_read (standard)[0]);
}

/* ---- every key ------------------------------------------------------------- */

static const char every_key[] =
  "# Every key, none at its default.\n"
  "[clinic]\n"
  "name=Clínica Sol — Sede Norte\n"
  "logo=images/logo.png\n"
  "weight-unit=lb\n"
  "dose-mg-per-kg=0.75\n"
  "discharge-score=padss\n"
  "\n"
  "[treatment]\n"
  "infusion-min=35\n"
  "recovery-minimum-min=25\n"
  "recovery-default-min=50\n"
  "nibp-infusion-min=5\n"
  "nibp-recovery-min=20\n"
  "moaas-min=15\n"
  "cadss-at-min=30\n"
  "due-grace-min=4\n"
  "early-reading-min=2\n"
  "\n"
  "[checks]\n"
  "food-fasting-h=6\n"
  "liquid-fasting-min=60\n"
  "sys-review-above=150\n"
  "dia-review-above=95\n"
  "hr-min=45\n"
  "hr-max=130\n"
  "spo2-min=92.5\n"
  "\n"
  "[alarms]\n"
  "spo2-low-threshold=92\n"
  "spo2-low-sat-seconds=50\n"
  "spo2-low-count=4\n"
  "spo2-low-window-s=90\n"
  "spo2-low-priority=high\n"
  "spo2-low-latching=true\n"
  "spo2-desaturation-threshold=86\n"
  "spo2-desaturation-priority=medium\n"
  "spo2-desaturation-latching=false\n"
  "hr-high-threshold=110\n"
  "hr-high-delay-s=15\n"
  "hr-high-priority=high\n"
  "hr-high-latching=true\n"
  "hr-very-high-threshold=140\n"
  "hr-very-high-delay-s=2.5\n"
  "hr-very-high-priority=medium\n"
  "hr-very-high-latching=false\n"
  "hr-low-threshold=55\n"
  "hr-low-delay-s=12\n"
  "hr-low-priority=high\n"
  "hr-low-latching=true\n"
  "hr-very-low-threshold=45\n"
  "hr-very-low-delay-s=4\n"
  "hr-very-low-priority=medium\n"
  "hr-very-low-latching=false\n"
  "nibp-high-threshold=150\n"
  "nibp-high-threshold2=95\n"
  "nibp-high-repeat-s=180\n"
  "nibp-high-priority=high\n"
  "nibp-high-latching=true\n"
  "nibp-severe-threshold=175\n"
  "nibp-severe-threshold2=105\n"
  "nibp-severe-repeat-s=90\n"
  "nibp-severe-priority=medium\n"
  "nibp-severe-latching=false\n"
  "nibp-low-threshold=95\n"
  "nibp-low-priority=high\n"
  "nibp-low-latching=true\n"
  "nibp-severe-low-threshold=85\n"
  "nibp-severe-low-threshold2=65\n"
  "nibp-severe-low-priority=medium\n"
  "nibp-severe-low-latching=false\n"
  "nibp-rise-threshold=30\n"
  "nibp-rise-threshold2=20\n"
  "nibp-rise-priority=medium\n"
  "nibp-rise-latching=true\n"
  "link-lost-delay-s=20\n"
  "link-lost-priority=high\n"
  "link-lost-latching=true\n"
  "spo2-sensor-off-delay-s=5\n"
  "spo2-sensor-off-priority=high\n"
  "spo2-sensor-off-latching=true\n"
  "nibp-failed-priority=medium\n"
  "nibp-failed-latching=true\n"
  "nibp-overdue-delay-s=120\n"
  "nibp-overdue-interval-s=300\n"
  "nibp-overdue-priority=medium\n"
  "nibp-overdue-latching=true\n"
  "sound-unavailable-priority=medium\n"
  "sound-unavailable-latching=false\n";

#define SEC(s) ((gint64) ((s) * G_USEC_PER_SEC))
#define MINUTES(m) ((gint64) (m) * G_TIME_SPAN_MINUTE)

static void
assert_every_key_values (VigilClinicConfig *config,
                         const char        *logo)
{
  g_autoptr(VigilAlarmLimits) limits = vigil_clinic_config_dup_alarm_limits (config);
  const VigilTreatmentConfig *t = vigil_clinic_config_get_treatment (config);
  const VigilChecklistSettings *c = vigil_clinic_config_get_checklist (config);
  const VigilAlarmSetting *s;

  g_assert_cmpstr (vigil_clinic_config_get_clinic_name (config), ==, "Clínica Sol — Sede Norte");
  g_assert_cmpstr (vigil_clinic_config_get_logo_path (config), ==, logo);
  g_assert_cmpint (vigil_clinic_config_get_weight_unit (config), ==, VIGIL_WEIGHT_UNIT_LB);
  g_assert_cmpfloat (vigil_clinic_config_get_dose_mg_per_kg (config), ==, 0.75);
  g_assert_cmpint (vigil_clinic_config_get_discharge_scale (config), ==, VIGIL_STORE_SCALE_PADSS);

  g_assert_cmpint (t->infusion_duration_us, ==, MINUTES (35));
  g_assert_cmpint (t->recovery_minimum_us, ==, MINUTES (25));
  g_assert_cmpint (t->recovery_default_us, ==, MINUTES (50));
  g_assert_cmpint (t->nibp_infusion_interval_us, ==, MINUTES (5));
  g_assert_cmpint (t->nibp_recovery_interval_us, ==, MINUTES (20));
  g_assert_cmpint (t->moaas_interval_us, ==, MINUTES (15));
  g_assert_cmpint (t->cadss_at_us, ==, MINUTES (30));
  g_assert_cmpint (t->due_grace_us, ==, MINUTES (4));
  g_assert_cmpint (t->early_reading_us, ==, MINUTES (2));

  g_assert_cmpint (c->food_fasting_us, ==, 6 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (c->liquid_fasting_us, ==, MINUTES (60));
  g_assert_cmpfloat (c->sys_review_above, ==, 150);
  g_assert_cmpfloat (c->dia_review_above, ==, 95);
  g_assert_cmpfloat (c->hr_min, ==, 45);
  g_assert_cmpfloat (c->hr_max, ==, 130);
  g_assert_cmpfloat (c->spo2_min, ==, 92.5);

  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW);
  g_assert_cmpfloat (s->threshold, ==, 92);
  g_assert_cmpfloat (s->sat_seconds, ==, 50);
  g_assert_cmpuint (s->count, ==, 4);
  g_assert_cmpint (s->window_us, ==, SEC (90));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_DESATURATION);
  g_assert_cmpfloat (s->threshold, ==, 86);
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_false (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpfloat (s->threshold, ==, 110);
  g_assert_cmpint (s->delay_us, ==, SEC (15));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_VERY_HIGH);
  g_assert_cmpfloat (s->threshold, ==, 140);
  g_assert_cmpint (s->delay_us, ==, SEC (2.5));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_false (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_LOW);
  g_assert_cmpfloat (s->threshold, ==, 55);
  g_assert_cmpint (s->delay_us, ==, SEC (12));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_VERY_LOW);
  g_assert_cmpfloat (s->threshold, ==, 45);
  g_assert_cmpint (s->delay_us, ==, SEC (4));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_false (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_HIGH);
  g_assert_cmpfloat (s->threshold, ==, 150);
  g_assert_cmpfloat (s->threshold2, ==, 95);
  g_assert_cmpint (s->repeat_us, ==, SEC (180));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_SEVERE);
  g_assert_cmpfloat (s->threshold, ==, 175);
  g_assert_cmpfloat (s->threshold2, ==, 105);
  g_assert_cmpint (s->repeat_us, ==, SEC (90));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_false (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_LOW);
  g_assert_cmpfloat (s->threshold, ==, 95);
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_SEVERE_LOW);
  g_assert_cmpfloat (s->threshold, ==, 85);
  g_assert_cmpfloat (s->threshold2, ==, 65);
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_false (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_RISE);
  g_assert_cmpfloat (s->threshold, ==, 30);
  g_assert_cmpfloat (s->threshold2, ==, 20);
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_LINK_LOST);
  g_assert_cmpint (s->delay_us, ==, SEC (20));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_SENSOR_OFF);
  g_assert_cmpint (s->delay_us, ==, SEC (5));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_FAILED);
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_OVERDUE);
  g_assert_cmpint (s->delay_us, ==, SEC (120));
  g_assert_cmpint (s->interval_us, ==, SEC (300));
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_true (s->latching);
  s = vigil_alarm_limits_get (limits, VIGIL_ALARM_SOUND_UNAVAILABLE);
  g_assert_cmpint (s->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_false (s->latching);
}

static void
test_every_key (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *logo = write_png (fixture, "images/logo.png", 40, 20);
  g_autofree char *path = write_file (fixture, "clinic.conf", every_key);
  g_autoptr(VigilClinicConfig) config = load_one (path);
  g_autoptr(VigilClinicConfig) factory = vigil_clinic_config_new ();
  g_autofree char *factory_data = vigil_clinic_config_to_data (factory);
  g_autoptr(GKeyFile) written = g_key_file_new ();
  g_autoptr(GKeyFile) exported = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  assert_no_problems (config);
  g_assert_cmpstr (vigil_clinic_config_get_files_read (config)[0], ==, path);
  g_assert_null (vigil_clinic_config_get_files_read (config)[1]);
  assert_every_key_values (config, logo);

  /* The test file covers every key there is (the export lists them all),
   * each with a value that is not the default. */
  g_assert_true (g_key_file_load_from_data (written, every_key, -1, G_KEY_FILE_NONE, &error));
  g_assert_true (g_key_file_load_from_data (exported, factory_data, -1, G_KEY_FILE_NONE, &error));
  groups = g_key_file_get_groups (exported, NULL);
  g_assert_cmpuint (g_strv_length (groups), ==, 4);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (exported, groups[g], NULL, NULL);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *mine = g_key_file_get_value (written, groups[g], keys[k], NULL);
          g_autofree char *factory_value = g_key_file_get_value (exported, groups[g], keys[k], NULL);

          if (mine == NULL)
            g_error ("the test file does not set [%s] %s", groups[g], keys[k]);
          g_assert_cmpstr (mine, !=, factory_value);
        }
    }
}

/* ---- bad values ---------------------------------------------------------- */

static void
test_wrong_types (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "clinic.conf",
                                      "[clinic]\n"
                                      "weight-unit=stone\n"
                                      "dose-mg-per-kg=half\n"
                                      "discharge-score=ramsay\n"
                                      "[treatment]\n"
                                      "infusion-min=forty\n"
                                      "moaas-min=10 min\n"
                                      "[checks]\n"
                                      "spo2-min=\n"
                                      "[alarms]\n"
                                      "spo2-low-threshold=ninety\n"
                                      "spo2-low-count=3.5\n"
                                      "hr-high-latching=yes\n"
                                      "hr-high-priority=none\n"
                                      "hr-low-delay-s=10 # seconds\n"
                                      "hr-low-threshold=48\n");
  g_autoptr(VigilClinicConfig) config = load_one (path);
  g_autoptr(VigilAlarmLimits) limits = vigil_clinic_config_dup_alarm_limits (config);

  dump_problems (config);
  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 11);
  assert_problem (config, path, "clinic/weight-unit", "stone", "kg");
  assert_problem (config, path, "clinic/dose-mg-per-kg", "half", "0.5");
  assert_problem (config, path, "clinic/discharge-score", "ramsay", "aldrete");
  assert_problem (config, path, "treatment/infusion-min", "forty", "40");
  assert_problem (config, path, "treatment/moaas-min", "10 min", "10");
  assert_problem (config, path, "checks/spo2-min", "", "94");
  assert_problem (config, path, "alarms/spo2-low-threshold", "ninety", "90");
  assert_problem (config, path, "alarms/spo2-low-count", "3.5", "3");
  assert_problem (config, path, "alarms/hr-high-latching", "yes", "false");
  assert_problem (config, path, "alarms/hr-high-priority", "none", "medium");
  assert_problem (config, path, "alarms/hr-low-delay-s", "10 # seconds", "10");
  g_assert_nonnull (strstr (find_problem (config, "alarms/hr-high-priority")->message, "cannot be switched off"));
  g_assert_nonnull (strstr (find_problem (config, "alarms/spo2-low-count")->message, "whole number"));

  /* Nothing bad got in; the good key next to them did. */
  g_assert_cmpint (vigil_clinic_config_get_weight_unit (config), ==, VIGIL_WEIGHT_UNIT_KG);
  g_assert_cmpint (vigil_clinic_config_get_treatment (config)->infusion_duration_us, ==, MINUTES (40));
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->threshold, ==, 90);
  g_assert_cmpuint (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->count, ==, 3);
  g_assert_cmpint (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->priority, ==, VIGIL_ALARM_PRIORITY_MEDIUM);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_LOW)->threshold, ==, 48);
}

static void
test_out_of_range (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "clinic.conf",
                                      "[clinic]\n"
                                      "dose-mg-per-kg=3\n"
                                      "[treatment]\n"
                                      "infusion-min=0\n"
                                      "nibp-infusion-min=90\n"
                                      "recovery-default-min=-5\n"
                                      "[checks]\n"
                                      "spo2-min=101\n"
                                      "food-fasting-h=48\n"
                                      "[alarms]\n"
                                      "spo2-low-threshold=40\n"
                                      "spo2-low-sat-seconds=30\n"
                                      "hr-high-delay-s=600\n"
                                      "nibp-high-repeat-s=1e300\n");
  g_autoptr(VigilClinicConfig) config = load_one (path);

  dump_problems (config);
  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 10);
  assert_problem (config, path, "clinic/dose-mg-per-kg", "3", "0.5");
  assert_problem (config, path, "treatment/infusion-min", "0", "40");
  assert_problem (config, path, "treatment/nibp-infusion-min", "90", "10");
  assert_problem (config, path, "treatment/recovery-default-min", "-5", "45");
  assert_problem (config, path, "checks/spo2-min", "101", "94");
  assert_problem (config, path, "checks/food-fasting-h", "48", "2");
  assert_problem (config, path, "alarms/spo2-low-threshold", "40", "90");
  assert_problem (config, path, "alarms/spo2-low-sat-seconds", "30", "25");
  assert_problem (config, path, "alarms/hr-high-delay-s", "600", "10");
  assert_problem (config, path, "alarms/nibp-high-repeat-s", "1e300", "120");
  /* The alarm's own rule says what is allowed. */
  g_assert_nonnull (strstr (find_problem (config, "alarms/spo2-low-threshold")->message, "80–99"));
  g_assert_nonnull (strstr (find_problem (config, "clinic/dose-mg-per-kg")->message, "0.1 and 1 mg/kg"));

  assert_factory_defaults (config);
}

/* Unknown keys and groups are reported; the rest of the file applies. */
static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "clinic.conf",
                                      "[clinic]\n"
                                      "colour=blue\n"
                                      "name=Clínica Luna\n"
                                      "[alarm]\n"
                                      "spo2-low-threshold=92\n"
                                      "[alarms]\n"
                                      "spo2-lo-threshold=85\n"
                                      "nibp-high-delay-s=5\n"
                                      "hr-high-threshold=110\n"
                                      "[treatment]\n"
                                      "infusion-mins=30\n");
  g_autoptr(VigilClinicConfig) config = load_one (path);
  g_autoptr(VigilAlarmLimits) limits = vigil_clinic_config_dup_alarm_limits (config);
  const VigilClinicConfigProblem *p;

  dump_problems (config);
  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 5);
  assert_problem (config, path, "clinic/colour", "blue", NULL);
  assert_problem (config, path, "alarms/spo2-lo-threshold", "85", NULL);
  /* NIBP is judged per reading: it has no delay to set. */
  assert_problem (config, path, "alarms/nibp-high-delay-s", "5", NULL);
  assert_problem (config, path, "treatment/infusion-mins", "30", NULL);
  g_assert_nonnull (strstr (find_problem (config, "clinic/colour")->message, "not a setting Vigil knows"));

  p = find_problem (config, "alarm");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->file, ==, path);
  g_assert_null (p->value);
  g_assert_nonnull (strstr (p->message, "[alarm]"));
  g_assert_nonnull (strstr (p->message, "[alarms]"));

  g_assert_cmpstr (vigil_clinic_config_get_clinic_name (config), ==, "Clínica Luna");
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 110);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->threshold, ==, 90);
  g_assert_cmpint (vigil_clinic_config_get_treatment (config)->infusion_duration_us, ==, MINUTES (40));
}

/* Limits that contradict each other: one of them is refused, with the
 * rule; a pair moved together works in any order. */
static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "clinic.conf",
                                      "[alarms]\n"
                                      "hr-very-low-threshold=70\n"
                                      "hr-low-threshold=60\n"
                                      /* raised together: the plain one first */
                                      "hr-high-threshold=160\n"
                                      "hr-very-high-threshold=200\n"
                                      "[treatment]\n"
                                      "recovery-minimum-min=50\n"
                                      "recovery-default-min=40\n"
                                      /* a longer recovery: minimum above the old default */
                                      "[checks]\n"
                                      "hr-min=100\n"
                                      "hr-max=90\n");
  g_autofree char *raise_path = write_file (fixture, "raise.conf",
                                            "[treatment]\n"
                                            "recovery-minimum-min=60\n"
                                            "recovery-default-min=90\n");
  g_autoptr(VigilClinicConfig) config = load_one (path);
  g_autoptr(VigilClinicConfig) raised = load_one (raise_path);
  g_autoptr(VigilAlarmLimits) limits = vigil_clinic_config_dup_alarm_limits (config);
  const VigilTreatmentConfig *t = vigil_clinic_config_get_treatment (config);

  dump_problems (config);
  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 3);
  assert_problem (config, path, "alarms/hr-very-low-threshold", "70", "40");
  g_assert_nonnull (strstr (find_problem (config, "alarms/hr-very-low-threshold")->message, "must stay below"));
  assert_problem (config, path, "treatment/recovery-minimum-min", "50", "30");
  assert_problem (config, path, "checks/hr-max", "90", "120");
  g_assert_nonnull (strstr (find_problem (config, "checks/hr-max")->message, "below hr-max"));

  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_LOW)->threshold, ==, 60);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_VERY_LOW)->threshold, ==, 40);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 160);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_VERY_HIGH)->threshold, ==, 200);
  g_assert_cmpint (t->recovery_minimum_us, ==, MINUTES (30));
  g_assert_cmpint (t->recovery_default_us, ==, MINUTES (40));
  g_assert_cmpfloat (vigil_clinic_config_get_checklist (config)->hr_min, ==, 100);
  g_assert_cmpfloat (vigil_clinic_config_get_checklist (config)->hr_max, ==, 120);

  assert_no_problems (raised);
  g_assert_cmpint (vigil_clinic_config_get_treatment (raised)->recovery_minimum_us, ==, MINUTES (60));
  g_assert_cmpint (vigil_clinic_config_get_treatment (raised)->recovery_default_us, ==, MINUTES (90));
}

/* The CADSS-6 follows the end of the infusion unless the clinic sets it. */
static void
test_cadss_follows_infusion (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "clinic.conf", "[treatment]\ninfusion-min=30\n");
  g_autoptr(VigilClinicConfig) config = load_one (path);

  assert_no_problems (config);
  g_assert_cmpint (vigil_clinic_config_get_treatment (config)->cadss_at_us, ==, MINUTES (30));
}

static void
test_garbage (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "clinic.conf",
                                      "This is not a configuration file.\n"
                                      "[clinic]\nname=Never applied\n");
  g_autofree char *binary = g_build_filename (fixture->dir, "binary.conf", NULL);
  const char *paths[] = { path, binary, NULL };
  g_autoptr(VigilClinicConfig) config = NULL;
  const VigilClinicConfigProblem *p;
  static const char noise[] = { 'x', '=', '\xff', '\xfe', '\0', '\n' };

  g_assert_true (g_file_set_contents (binary, noise, sizeof noise, NULL));
  config = vigil_clinic_config_load (paths);
  dump_problems (config);
  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 2);
  p = g_ptr_array_index (vigil_clinic_config_get_problems (config), 0);
  g_assert_cmpstr (p->file, ==, path);
  g_assert_null (p->key);
  g_assert_null (p->value);
  g_assert_nonnull (strstr (p->message, path));
  g_assert_nonnull (strstr (p->message, "factory settings"));
  p = g_ptr_array_index (vigil_clinic_config_get_problems (config), 1);
  g_assert_cmpstr (p->file, ==, binary);
  g_assert_null (vigil_clinic_config_get_files_read (config)[0]);
  assert_factory_defaults (config);
}

/* Later files override earlier ones key by key. */
static void
test_later_overrides (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *system = write_file (fixture, "etc/vigil/clinic.conf",
                                        "[clinic]\nname=Clínica Sol\nweight-unit=lb\n"
                                        "[treatment]\ninfusion-min=30\n"
                                        "[alarms]\nspo2-low-threshold=92\nhr-high-threshold=110\n");
  g_autofree char *missing = g_build_filename (fixture->dir, "xdg", "vigil", "clinic.conf", NULL);
  g_autofree char *user = write_file (fixture, "home/vigil/clinic.conf",
                                      "[clinic]\nname=Clínica Sol, sala 2\n"
                                      "[treatment]\ninfusion-min=0\n"
                                      "[alarms]\nspo2-low-threshold=93\n");
  const char *paths[] = { system, missing, user, NULL };
  g_autoptr(VigilClinicConfig) config = vigil_clinic_config_load (paths);
  g_autoptr(VigilAlarmLimits) limits = vigil_clinic_config_dup_alarm_limits (config);
  const char * const *read = vigil_clinic_config_get_files_read (config);

  dump_problems (config);
  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 1);
  /* The bad later value keeps the earlier file's, and says so. */
  assert_problem (config, user, "treatment/infusion-min", "0", "30");
  g_assert_cmpint (vigil_clinic_config_get_treatment (config)->infusion_duration_us, ==, MINUTES (30));

  g_assert_cmpstr (vigil_clinic_config_get_clinic_name (config), ==, "Clínica Sol, sala 2");
  g_assert_cmpint (vigil_clinic_config_get_weight_unit (config), ==, VIGIL_WEIGHT_UNIT_LB);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->threshold, ==, 93);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 110);

  g_assert_cmpstr (read[0], ==, system);
  g_assert_cmpstr (read[1], ==, user);
  g_assert_null (read[2]);
}

/* ---- export ------------------------------------------------------------- */

static void
assert_same_config (VigilClinicConfig *a,
                    VigilClinicConfig *b)
{
  g_autoptr(VigilAlarmLimits) la = vigil_clinic_config_dup_alarm_limits (a);
  g_autoptr(VigilAlarmLimits) lb = vigil_clinic_config_dup_alarm_limits (b);

  g_assert_cmpstr (vigil_clinic_config_get_clinic_name (a), ==, vigil_clinic_config_get_clinic_name (b));
  g_assert_cmpstr (vigil_clinic_config_get_logo_path (a), ==, vigil_clinic_config_get_logo_path (b));
  g_assert_cmpint (vigil_clinic_config_get_weight_unit (a), ==, vigil_clinic_config_get_weight_unit (b));
  g_assert_cmpfloat (vigil_clinic_config_get_dose_mg_per_kg (a), ==, vigil_clinic_config_get_dose_mg_per_kg (b));
  g_assert_cmpint (vigil_clinic_config_get_discharge_scale (a), ==, vigil_clinic_config_get_discharge_scale (b));
  g_assert_cmpmem (vigil_clinic_config_get_treatment (a), sizeof (VigilTreatmentConfig),
                   vigil_clinic_config_get_treatment (b), sizeof (VigilTreatmentConfig));
  g_assert_cmpmem (vigil_clinic_config_get_checklist (a), sizeof (VigilChecklistSettings),
                   vigil_clinic_config_get_checklist (b), sizeof (VigilChecklistSettings));
  for (VigilAlarmId id = 0; id < VIGIL_N_ALARMS; id++)
    g_assert_true (vigil_alarm_setting_equal (vigil_alarm_limits_get (la, id), vigil_alarm_limits_get (lb, id)));
}

static void
test_export_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *logo = write_png (fixture, "images/logo.png", 40, 20);
  g_autofree char *path = write_file (fixture, "clinic.conf", every_key);
  g_autofree char *exported = g_build_filename (fixture->dir, "export", "clinic.conf", NULL);
  g_autofree char *factory_path = g_build_filename (fixture->dir, "factory.conf", NULL);
  g_autofree char *unwritable = g_build_filename (fixture->dir, "no-such-folder", "clinic.conf", NULL);
  g_autoptr(VigilClinicConfig) config = load_one (path);
  g_autoptr(VigilClinicConfig) again = NULL;
  g_autoptr(VigilClinicConfig) factory = vigil_clinic_config_new ();
  g_autoptr(VigilClinicConfig) factory_again = NULL;
  g_autofree char *data1 = NULL;
  g_autofree char *data2 = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr(GError) error = NULL;

  assert_no_problems (config);
  {
    g_autofree char *parent = g_path_get_dirname (exported);

    g_mkdir_with_parents (parent, 0700);
  }
  g_assert_true (vigil_clinic_config_export (config, exported, &error));
  g_assert_no_error (error);

  /* What IT sees: commented, every key. */
  g_assert_true (g_file_get_contents (exported, &data1, NULL, NULL));
  out_path = g_build_filename (g_getenv ("VIGIL_TEST_OUTPUT") != NULL ? g_getenv ("VIGIL_TEST_OUTPUT") : ".",
                               "clinic-config-export.conf", NULL);
  g_file_set_contents (out_path, data1, -1, NULL);
  g_assert_nonnull (strstr (data1, "# A1 SpO₂ low"));
  g_assert_nonnull (strstr (data1, "hr-very-high-delay-s=2.5\n"));
  g_assert_nonnull (strstr (data1, path));

  again = load_one (exported);
  assert_no_problems (again);
  assert_same_config (config, again);
  assert_every_key_values (again, logo);
  /* And once more: the export of the export says the same (bar the
   * "read from" line). */
  data2 = vigil_clinic_config_to_data (again);
  g_assert_cmpstr (strstr (data1, "[clinic]"), ==, strstr (data2, "[clinic]"));

  /* The factory configuration too. */
  g_assert_true (vigil_clinic_config_export (factory, factory_path, &error));
  factory_again = load_one (factory_path);
  assert_no_problems (factory_again);
  assert_factory_defaults (factory_again);

  /* A place that cannot be written says where and what to do. */
  g_assert_false (vigil_clinic_config_export (config, unwritable, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, unwritable));
}

/* The example installed for IT (app/data/clinic.conf) loads as the factory
 * configuration, and still does with every key uncommented: the defaults
 * it documents are the real ones, and it names every key. */
static const char *example_path;

static void
test_example (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VigilClinicConfig) as_shipped = load_one (example_path);
  g_autoptr(VigilClinicConfig) factory = vigil_clinic_config_new ();
  g_autofree char *text = NULL;
  g_autofree char *factory_data = vigil_clinic_config_to_data (factory);
  g_autofree char *factory_out = NULL;
  g_autoptr(GString) uncommented = g_string_new (NULL);
  g_autoptr(GRegex) key_line = g_regex_new ("^#([a-z0-9-]+=.*)$", 0, 0, NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VigilClinicConfig) every = NULL;
  g_autoptr(GKeyFile) listed = g_key_file_new ();
  g_autoptr(GKeyFile) all = g_key_file_new ();
  g_auto(GStrv) groups = NULL;
  guint n_keys = 0;

  /* The factory export, to compare the example with by eye. */
  factory_out = g_build_filename (g_getenv ("VIGIL_TEST_OUTPUT") != NULL ? g_getenv ("VIGIL_TEST_OUTPUT") : fixture->dir,
                                  "clinic-config-factory.conf", NULL);
  g_file_set_contents (factory_out, factory_data, -1, NULL);

  assert_no_problems (as_shipped);
  assert_factory_defaults (as_shipped);
  g_assert_null (vigil_clinic_config_get_files_read (as_shipped)[1]);

  g_assert_true (g_file_get_contents (example_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (key_line, lines[i], 0, &match))
        {
          g_autofree char *line = g_match_info_fetch (match, 1);

          g_string_append_printf (uncommented, "%s\n", line);
          n_keys++;
        }
      else
        g_string_append_printf (uncommented, "%s\n", lines[i]);
    }
  path = write_file (fixture, "uncommented.conf", uncommented->str);
  every = load_one (path);
  assert_no_problems (every);
  assert_factory_defaults (every);

  g_assert_true (g_key_file_load_from_data (listed, uncommented->str, -1, G_KEY_FILE_NONE, NULL));
  g_assert_true (g_key_file_load_from_data (all, factory_data, -1, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (all, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (all, groups[g], NULL, NULL);

      for (guint k = 0; keys[k] != NULL; k++)
        if (!g_key_file_has_key (listed, groups[g], keys[k], NULL))
          g_error ("the example does not document [%s] %s", groups[g], keys[k]);
    }
  g_assert_cmpuint (n_keys, >, 80);
}

/* ---- the logo ------------------------------------------------------------- */

static void
test_logo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *logo = write_png (fixture, "conf.d/logo.png", 30, 10);
  g_autofree char *absolute = write_png (fixture, "elsewhere/brand.png", 30, 10);
  g_autofree char *not_png = write_file (fixture, "conf.d/logo.txt", "not an image\n");
  g_autofree char *relative = write_file (fixture, "conf.d/relative.conf", "[clinic]\nlogo=logo.png\n");
  g_autofree char *up = write_file (fixture, "conf.d/up.conf", "[clinic]\nlogo=../elsewhere/brand.png\n");
  g_autofree char *abs_text = g_strdup_printf ("[clinic]\nlogo=%s\n", absolute);
  g_autofree char *abs_conf = write_file (fixture, "abs.conf", abs_text);
  g_autofree char *missing = write_file (fixture, "conf.d/missing.conf", "[clinic]\nlogo=gone.png\n");
  g_autofree char *text = write_file (fixture, "conf.d/text.conf", "[clinic]\nlogo=logo.txt\n");
  g_autofree char *cleared = write_file (fixture, "cleared.conf", "[clinic]\nlogo=\n");
  g_autoptr(VigilClinicConfig) a = load_one (relative);
  g_autoptr(VigilClinicConfig) b = load_one (up);
  g_autoptr(VigilClinicConfig) c = load_one (abs_conf);
  g_autoptr(VigilClinicConfig) d = load_one (missing);
  g_autoptr(VigilClinicConfig) e = load_one (text);
  const char *both[] = { relative, missing, NULL };
  const char *clear[] = { relative, cleared, NULL };
  g_autoptr(VigilClinicConfig) f = vigil_clinic_config_load (both);
  g_autoptr(VigilClinicConfig) g = vigil_clinic_config_load (clear);

  assert_no_problems (a);
  g_assert_cmpstr (vigil_clinic_config_get_logo_path (a), ==, logo);
  assert_no_problems (b);
  g_assert_cmpstr (vigil_clinic_config_get_logo_path (b), ==, absolute);
  assert_no_problems (c);
  g_assert_cmpstr (vigil_clinic_config_get_logo_path (c), ==, absolute);

  assert_problem (d, missing, "clinic/logo", "gone.png", "no logo");
  g_assert_null (vigil_clinic_config_get_logo_path (d));
  assert_problem (e, text, "clinic/logo", "logo.txt", "no logo");
  g_assert_nonnull (strstr (find_problem (e, "clinic/logo")->message, "not a PNG"));
  g_assert_null (vigil_clinic_config_get_logo_path (e));

  /* A later file's bad logo keeps the earlier one; an empty one clears it. */
  assert_problem (f, missing, "clinic/logo", "gone.png", logo);
  g_assert_cmpstr (vigil_clinic_config_get_logo_path (f), ==, logo);
  assert_no_problems (g);
  g_assert_null (vigil_clinic_config_get_logo_path (g));
}

/* ---- the standard places --------------------------------------------------- */

static void
test_default_paths (void)
{
  if (g_test_subprocess ())
    {
      g_auto(GStrv) paths = NULL;

      /* A fresh process: GLib reads the XDG variables on first use. */
      g_setenv ("XDG_CONFIG_DIRS", "/opt/first:/opt/second", TRUE);
      g_setenv ("XDG_CONFIG_HOME", "/home/nurse/.config", TRUE);
      g_unsetenv ("VIGIL_CLINIC_CONFIG");
      paths = vigil_clinic_config_default_paths ();
      g_assert_cmpuint (g_strv_length (paths), ==, 4);
      g_assert_cmpstr (paths[0], ==, "/opt/second/vigil/clinic.conf");
      g_assert_cmpstr (paths[1], ==, "/opt/first/vigil/clinic.conf");
      g_assert_cmpstr (paths[2], ==, "/etc/vigil/clinic.conf");
      g_assert_cmpstr (paths[3], ==, "/home/nurse/.config/vigil/clinic.conf");
      g_clear_pointer (&paths, g_strfreev);

      g_setenv ("VIGIL_CLINIC_CONFIG", "/srv/clinic.conf", TRUE);
      paths = vigil_clinic_config_default_paths ();
      g_assert_cmpuint (g_strv_length (paths), ==, 1);
      g_assert_cmpstr (paths[0], ==, "/srv/clinic.conf");
      g_clear_pointer (&paths, g_strfreev);

      g_setenv ("VIGIL_CLINIC_CONFIG", "", TRUE);
      paths = vigil_clinic_config_default_paths ();
      g_assert_cmpuint (g_strv_length (paths), ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ---- applied to limits in use ----------------------------------------------- */

static void
count_changed (VigilAlarmLimits *limits,
               VigilAlarmId      id,
               guint            *n)
{
  (*n)++;
}

static void
test_apply_alarm_limits (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "clinic.conf",
                                      "[alarms]\n"
                                      "hr-high-threshold=160\n"
                                      "hr-very-high-threshold=200\n"
                                      "nibp-low-threshold=100\n"
                                      "nibp-severe-low-threshold=95\n");
  g_autoptr(VigilClinicConfig) config = load_one (path);
  g_autoptr(VigilAlarmLimits) clinic = vigil_clinic_config_dup_alarm_limits (config);
  g_autoptr(VigilAlarmLimits) in_use = vigil_alarm_limits_new_default ();
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;

  assert_no_problems (config);
  g_signal_connect (in_use, "changed", G_CALLBACK (count_changed), &n_changed);
  /* "HR high" 160 is above the old "very high" 150: the order matters. */
  g_assert_true (vigil_clinic_config_apply_alarm_limits (config, in_use, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 4);
  for (VigilAlarmId id = 0; id < VIGIL_N_ALARMS; id++)
    g_assert_true (vigil_alarm_setting_equal (vigil_alarm_limits_get (in_use, id),
                                              vigil_alarm_limits_get (clinic, id)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The example's path; a re-executed subprocess test is not given it. */
  g_assert_true (argc == 2 || g_test_subprocess ());
  example_path = argc == 2 ? argv[1] : NULL;

#define ADD(name, func) \
  g_test_add ("/vigil/clinic-config/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("defaults", test_defaults);
  ADD ("every-key", test_every_key);
  ADD ("wrong-types", test_wrong_types);
  ADD ("out-of-range", test_out_of_range);
  ADD ("unknown", test_unknown);
  ADD ("order", test_order);
  ADD ("cadss-follows-infusion", test_cadss_follows_infusion);
  ADD ("garbage", test_garbage);
  ADD ("later-overrides", test_later_overrides);
  ADD ("export-round-trip", test_export_round_trip);
  ADD ("logo", test_logo);
  ADD ("example", test_example);
  ADD ("apply-alarm-limits", test_apply_alarm_limits);
  g_test_add_func ("/vigil/clinic-config/default-paths", test_default_paths);

  return g_test_run ();
}
