/* test-clinic-settings.c — the clinic's alarm limits, as IT would set them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "vigil-clinic-settings.h"

static VigilAlarmLimits *
apply (const char  *text,
       GError     **error)
{
  g_autoptr(GVariant) overrides = g_variant_parse (G_VARIANT_TYPE ("a{sa{sv}}"), text, NULL, NULL, NULL);
  VigilAlarmLimits *limits = vigil_alarm_limits_new_default ();

  g_assert_nonnull (overrides);
  vigil_clinic_settings_apply_alarm_limits (overrides, limits, error);
  return limits;
}

/* The README's example, through GSettings' own parser and the real schema. */
static void
test_readme_example (void)
{
  g_autoptr(GSettings) settings = g_settings_new (VIGIL_APP_ID);
  g_autoptr(GVariant) overrides = NULL;
  g_autoptr(VigilAlarmLimits) limits = vigil_alarm_limits_new_default ();
  g_autoptr(GError) error = NULL;

  overrides = g_variant_parse (G_VARIANT_TYPE ("a{sa{sv}}"),
                               "{'spo2-low': {'threshold': <92.0>}, 'hr-high': {'threshold': <110.0>}}",
                               NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_settings_set_value (settings, "alarm-limits", overrides));
  g_clear_pointer (&overrides, g_variant_unref);
  overrides = g_settings_get_value (settings, "alarm-limits");

  g_assert_true (vigil_clinic_settings_apply_alarm_limits (overrides, limits, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->threshold, ==, 92);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 110);
  /* Untouched conditions keep the factory defaults. */
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_LOW)->threshold, ==, 50);
  g_settings_reset (settings, "alarm-limits");
}

static void
test_every_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilAlarmLimits) limits = NULL;
  const VigilAlarmSetting *a1, *a3, *a7;

  limits = apply ("{'spo2-low': {'sat-seconds': <50.0>, 'count': <uint32 4>, 'window-s': <90.0>},"
                  " 'hr-high': {'delay-s': <15>, 'priority': <'high'>, 'latching': <true>},"
                  " 'nibp-high': {'threshold': <150.0>, 'threshold2': <95.0>, 'repeat-s': <180.0>}}",
                  &error);
  g_assert_no_error (error);
  a1 = vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW);
  g_assert_cmpfloat (a1->sat_seconds, ==, 50);
  g_assert_cmpuint (a1->count, ==, 4);
  g_assert_cmpint (a1->window_us, ==, 90 * G_USEC_PER_SEC);
  a3 = vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH);
  g_assert_cmpint (a3->delay_us, ==, 15 * G_USEC_PER_SEC);
  g_assert_cmpint (a3->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (a3->latching);
  a7 = vigil_alarm_limits_get (limits, VIGIL_ALARM_NIBP_HIGH);
  g_assert_cmpfloat (a7->threshold, ==, 150);
  g_assert_cmpfloat (a7->threshold2, ==, 95);
  g_assert_cmpint (a7->repeat_us, ==, 180 * G_USEC_PER_SEC);
}

/* A typo or an unsafe value never weakens an alarm silently: that
 * condition keeps its default, the others still apply, and the error says
 * what was wrong. */
static void
test_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilAlarmLimits) limits = NULL;

  limits = apply ("{'spo2-lo': {'threshold': <85.0>}, 'hr-high': {'threshold': <110.0>}}", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "spo2-lo"));
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 110);
  g_clear_error (&error);
  g_clear_object (&limits);

  limits = apply ("{'spo2-low': {'threshold': <40.0>}}", &error);
  g_assert_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->threshold, ==, 90);
  g_clear_error (&error);
  g_clear_object (&limits);

  limits = apply ("{'spo2-low': {'sat-seconds': <30.0>}}", &error);
  g_assert_error (error, VIGIL_ALARM_LIMITS_ERROR, VIGIL_ALARM_LIMITS_ERROR_INVALID);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->sat_seconds, ==, 25);
}

/* The clinic's treatment durations and gates; a bad one changes nothing. */
static void
test_treatment (void)
{
  g_autoptr(GVariant) good = g_variant_parse (G_VARIANT_TYPE_VARDICT,
                                              "{'infusion-min': <30.0>, 'recovery-minimum-min': <20>, "
                                              "'food-fasting-h': <6.0>, 'spo2-min': <95.0>}",
                                              NULL, NULL, NULL);
  g_autoptr(GVariant) unknown = g_variant_parse (G_VARIANT_TYPE_VARDICT, "{'infusion-mins': <30.0>}",
                                                 NULL, NULL, NULL);
  g_autoptr(GVariant) unsafe = g_variant_parse (G_VARIANT_TYPE_VARDICT, "{'infusion-min': <0.0>}",
                                                NULL, NULL, NULL);
  g_autoptr(GSettings) settings = g_settings_new (VIGIL_APP_ID);
  g_autoptr(GVariant) from_schema = g_settings_get_value (settings, "treatment");
  g_autoptr(GError) error = NULL;
  VigilTreatmentConfig config, defaults;
  VigilChecklistSettings gates, default_gates;

  vigil_treatment_config_init (&defaults);
  vigil_checklist_settings_init (&default_gates);

  g_assert_true (vigil_clinic_settings_read_treatment (from_schema, &config, &gates, &error));
  g_assert_cmpint (config.infusion_duration_us, ==, defaults.infusion_duration_us);

  g_assert_true (vigil_clinic_settings_read_treatment (good, &config, &gates, &error));
  g_assert_no_error (error);
  g_assert_cmpint (config.infusion_duration_us, ==, 30 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (config.recovery_minimum_us, ==, 20 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (config.recovery_default_us, ==, defaults.recovery_default_us);
  g_assert_cmpint (gates.food_fasting_us, ==, 6 * G_TIME_SPAN_HOUR);
  g_assert_cmpfloat (gates.spo2_min, ==, 95);
  g_assert_cmpfloat (gates.hr_max, ==, default_gates.hr_max);

  g_assert_false (vigil_clinic_settings_read_treatment (unknown, &config, &gates, &error));
  g_assert_nonnull (strstr (error->message, "infusion-mins"));
  g_assert_cmpint (config.infusion_duration_us, ==, defaults.infusion_duration_us);
  g_clear_error (&error);

  g_assert_false (vigil_clinic_settings_read_treatment (unsafe, &config, &gates, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (config.infusion_duration_us, ==, defaults.infusion_duration_us);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/clinic-settings/readme-example", test_readme_example);
  g_test_add_func ("/vigil/clinic-settings/every-field", test_every_field);
  g_test_add_func ("/vigil/clinic-settings/refusals", test_refusals);
  g_test_add_func ("/vigil/clinic-settings/treatment", test_treatment);

  return g_test_run ();
}
