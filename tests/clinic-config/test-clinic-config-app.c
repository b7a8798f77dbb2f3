/* test-clinic-config-app.c — the clinic configuration where it is used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bedside reads the file named by VIGIL_CLINIC_CONFIG (as it reads the
 * standard places in use): its alarm limits reach the alarm engine, a new
 * treatment gets its durations and gates, and a bad value shows in the
 * status text ("bedside", no display needed). The checklist page's dose
 * form starts with the clinic's dose and weight unit ("pages", under a
 * display; screenshot clinic-config-dose-form.png).
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vigil-bedside.h"
#include "vigil-checklist-page.h"
#include "vigil-widget-test.h"

#define WALL_START_US ((gint64) 1795852800 * G_USEC_PER_SEC)

static char *tmp_dir;

static char *
write_conf (const char *name,
            const char *text)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_bedside (void)
{
  g_autofree char *conf = write_conf ("clinic.conf",
                                      "[clinic]\ndischarge-score=padss\n"
                                      "[treatment]\ninfusion-min=30\nrecovery-default-min=60\n"
                                      "[checks]\nspo2-min=96\n"
                                      "[alarms]\nhr-high-threshold=160\nhr-very-high-threshold=200\n"
                                      "spo2-low-priority=high\n");
  g_autofree char *db = g_build_filename (tmp_dir, "vigil.db", NULL);
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (WALL_START_US);
  g_autoptr(VigilMonitor) monitor = vigil_monitor_new (clock);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilBedside) bedside = NULL;
  g_autoptr(GError) error = NULL;
  VigilAlarmLimits *limits;
  VigilClinicConfig *config;
  VigilTreatmentSession *session;
  const VigilTreatmentConfig *treatment;
  VigilStorePatient patient = { .name = (char *) "Ana Prueba", .weight_kg = NAN };

  g_setenv ("VIGIL_CLINIC_CONFIG", conf, TRUE);
  store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  bedside = vigil_bedside_new (monitor, store, NULL, NULL);

  config = vigil_bedside_get_clinic_config (bedside);
  g_assert_cmpstr (vigil_clinic_config_get_files_read (config)[0], ==, conf);
  g_assert_cmpint (vigil_clinic_config_get_discharge_scale (config), ==, VIGIL_STORE_SCALE_PADSS);

  /* The engine starts from the clinic's limits, a raised pair included. */
  vigil_bedside_start (bedside);
  limits = vigil_alarm_engine_get_limits (vigil_monitor_get_alarms (monitor));
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_HIGH)->threshold, ==, 160);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_VERY_HIGH)->threshold, ==, 200);
  g_assert_cmpint (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->priority, ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_HR_LOW)->threshold, ==, 50);
  g_assert_null (vigil_bedside_get_problem (bedside));

  /* A new treatment gets the clinic's durations and gates. */
  session = vigil_bedside_begin_treatment (bedside, &patient, 1, 6, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  treatment = vigil_treatment_get_config (vigil_treatment_session_get_treatment (session));
  g_assert_cmpint (treatment->infusion_duration_us, ==, 30 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (treatment->recovery_default_us, ==, 60 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (treatment->cadss_at_us, ==, 30 * G_TIME_SPAN_MINUTE);
  g_assert_cmpfloat (vigil_checklist_get_settings (vigil_treatment_session_get_checklist (session))->spo2_min, ==, 96);

  vigil_bedside_stop (bedside);
  g_clear_object (&bedside);
  g_clear_object (&store);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix != NULL; suffix++)
    {
      g_autofree char *path = g_strconcat (db, *suffix, NULL);

      g_unlink (path);
    }
  g_unlink (conf);
  g_setenv ("VIGIL_CLINIC_CONFIG", "", TRUE);
}

/* A value the bedside cannot use is said where the nurse looks, and the
 * alarm keeps its factory limit. */
static void
test_bedside_problem (void)
{
  g_autofree char *conf = write_conf ("bad.conf",
                                      "[alarms]\nspo2-low-threshold=40\n"
                                      "[treatment]\ninfusion-min=forty\n");
  g_autoptr(VigilClock) clock = vigil_clock_new_manual (WALL_START_US);
  g_autoptr(VigilMonitor) monitor = vigil_monitor_new (clock);
  g_autoptr(VigilBedside) bedside = NULL;
  VigilAlarmLimits *limits;
  const char *problem;

  g_setenv ("VIGIL_CLINIC_CONFIG", conf, TRUE);
  bedside = vigil_bedside_new (monitor, NULL, NULL, NULL);
  vigil_bedside_start (bedside);
  limits = vigil_alarm_engine_get_limits (vigil_monitor_get_alarms (monitor));
  g_assert_cmpfloat (vigil_alarm_limits_get (limits, VIGIL_ALARM_SPO2_LOW)->threshold, ==, 90);
  problem = vigil_bedside_get_problem (bedside);
  g_assert_nonnull (problem);
  g_test_message ("status: %s", problem);
  g_assert_nonnull (strstr (problem, "spo2-low-threshold=40"));
  g_assert_nonnull (strstr (problem, "Vigil uses 90 instead"));
  g_assert_nonnull (strstr (problem, "1 more problem"));
  vigil_bedside_stop (bedside);
  g_unlink (conf);
  g_setenv ("VIGIL_CLINIC_CONFIG", "", TRUE);
}

static GtkWidget *
find_entry_with_text (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_ENTRY (widget) && g_str_equal (gtk_editable_get_text (GTK_EDITABLE (widget)), text))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry_with_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_toggle (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_dose_form (void)
{
  g_autofree char *conf = write_conf ("dose.conf", "[clinic]\nweight-unit=lb\ndose-mg-per-kg=0.75\n");
  const char *paths[] = { conf, NULL };
  g_autoptr(VigilClinicConfig) config = vigil_clinic_config_load (paths);
  g_autoptr(VigilClinicConfig) factory = vigil_clinic_config_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = vigil_checklist_page_new ();
  GtkWidget *entry;
  g_autoptr(GdkTexture) shot = NULL;

  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (page);

  /* Before: the factory's 0.5 mg/kg in kg. */
  g_assert_nonnull (find_entry_with_text (page, "0.5"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_toggle (page, "kg"))));

  vigil_checklist_page_set_clinic_config (VIGIL_CHECKLIST_PAGE (page), config);
  g_assert_null (find_entry_with_text (page, "0.5"));
  entry = find_entry_with_text (page, "0.75");
  g_assert_nonnull (entry);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_toggle (page, "lb"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_toggle (page, "kg"))));
  vigil_widget_test_wait_frames (page, 2);
  shot = vigil_widget_test_screenshot (page);
  vigil_widget_test_save (shot, "clinic-config-dose-form.png");

  /* A dose someone typed is theirs: a new configuration does not replace it. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "0.6");
  vigil_checklist_page_set_clinic_config (VIGIL_CHECKLIST_PAGE (page), factory);
  g_assert_nonnull (find_entry_with_text (page, "0.6"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_toggle (page, "kg"))));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (conf);
}

/* "bedside" (suite unit) or "pages" (suite gui: SKIP without a display). */
int
main (int   argc,
      char *argv[])
{
  gboolean display = vigil_widget_test_init (&argc, &argv);
  g_autoptr(GError) error = NULL;
  const char *mode;
  int status;

  g_assert_cmpint (argc, ==, 2);
  mode = argv[1];
  if (g_str_equal (mode, "pages") && !display)
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  tmp_dir = g_dir_make_tmp ("vigil-clinic-app-XXXXXX", &error);
  g_assert_no_error (error);

  if (g_str_equal (mode, "bedside"))
    {
      g_test_add_func ("/vigil/clinic-config/bedside", test_bedside);
      g_test_add_func ("/vigil/clinic-config/bedside-problem", test_bedside_problem);
    }
  else
    g_test_add_func ("/vigil/clinic-config/dose-form", test_dose_form);
  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
