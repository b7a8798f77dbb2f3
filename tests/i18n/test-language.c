/* test-language.c — the language setting and the build's translations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Unit cases (--unit, no display), each in a subprocess because they
 * change the process's locale: the "language" setting turns the messages
 * Spanish even under LC_ALL=C, where glibc ignores LANGUAGE, while
 * numbers stay in the C locale; a language with no installed locale
 * stays English and says why. Under a display: the main window and the
 * checklist page under LANGUAGE=es and LC_ALL=es_US.UTF-8, from the
 * build's .mo (VIGIL_LOCALEDIR), saved as PNG.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "vigil-bedside.h"
#include "vigil-language.h"
#include "vigil-monitor-test.h"
#include "vigil-treatment-view.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

static void
bind_translations (void)
{
  bindtextdomain (GETTEXT_PACKAGE, vigil_language_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* What main () does: the setting, then setlocale, then the domain. */
static void
test_setting_under_c_locale (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GSettings) settings = NULL;
      g_autofree char *number = NULL;
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_setenv ("LC_ALL", "C", TRUE);
      g_unsetenv ("LANGUAGE");
      settings = g_settings_new (VIGIL_APP_ID);
      g_settings_set_string (settings, "language", "es");
      vigil_language_apply_setting ();
      setlocale (LC_ALL, "");
      bind_translations ();

      g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "es");
      g_assert_true (g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "es_"));
      g_assert_cmpstr (setlocale (LC_NUMERIC, NULL), ==, "C");
      g_assert_cmpstr (_("Acknowledge"), ==, "Reconocer");
      /* Numbers are untouched: the decimal point stays a point. */
      number = g_strdup_printf ("%.1f", 36.5);
      g_assert_cmpstr (number, ==, "36.5");
      g_assert_cmpstr (g_ascii_dtostr (buffer, sizeof buffer, 36.5), ==, "36.5");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* An empty setting follows the system; English is never an error. */
static void
test_empty_and_english (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      g_setenv ("LC_ALL", "C", TRUE);
      g_unsetenv ("LANGUAGE");
      g_unsetenv ("LC_MESSAGES");
      g_assert_true (vigil_language_apply ("", &error));
      g_assert_no_error (error);
      g_assert_null (g_getenv ("LANGUAGE"));
      g_assert_true (vigil_language_apply ("en", &error));
      g_assert_no_error (error);
      g_assert_cmpstr (g_getenv ("LC_ALL"), ==, "C");
      setlocale (LC_ALL, "");
      bind_translations ();
      g_assert_cmpstr (_("Acknowledge"), ==, "Acknowledge");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* No locale for the language: English, and an error that says what to do. */
static void
test_language_not_installed (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      g_setenv ("LC_ALL", "C", TRUE);
      g_unsetenv ("LANGUAGE");
      g_assert_null (vigil_language_find_locale ("xq"));
      g_assert_false (vigil_language_apply ("xq", &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "English"));
      g_assert_null (g_getenv ("LANGUAGE"));
      g_assert_cmpstr (g_getenv ("LC_ALL"), ==, "C");
      g_clear_error (&error);
      /* Not a language name at all. */
      g_assert_false (vigil_language_apply ("../../etc", &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_find_locale (void)
{
  g_autofree char *es = vigil_language_find_locale ("es");
  g_autofree char *es_us = vigil_language_find_locale ("es_US");
  g_autofree char *listed = vigil_language_find_locale ("es_MX:es");

  if (es == NULL)
    {
      g_test_skip ("No Spanish locale installed (es_ES.UTF-8 or es_US.UTF-8)");
      return;
    }
  g_assert_true (g_str_has_prefix (es, "es_"));
  g_assert_true (g_str_has_suffix (es, ".UTF-8"));
  g_assert_nonnull (listed);
  g_assert_true (g_str_has_prefix (listed, "es_"));
  if (es_us != NULL)
    g_assert_cmpstr (es_us, ==, "es_US.UTF-8");
}

/* Whether a label with exactly @text is mapped under @widget. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static GtkEditable *
first_entry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found;

      if (GTK_IS_ENTRY (child) && gtk_widget_get_mapped (child))
        return GTK_EDITABLE (child);
      if ((found = first_entry (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
save_shot (GtkWidget  *window,
           const char *basename)
{
  g_autoptr(GdkTexture) shot = NULL;

  vigil_widget_test_wait_frames (window, 3);
  shot = vigil_widget_test_screenshot (window);
  vigil_widget_test_save (shot, basename);
  g_assert_cmpint (gdk_texture_get_width (shot), <=, 1280);
  g_assert_cmpint (gdk_texture_get_height (shot), <=, 800);
}

static void
test_spanish_window (void)
{
  VigilMonitorTest base = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlarmSound) sound = NULL;
  g_autoptr(GSettings) settings = g_settings_new (VIGIL_APP_ID);
  g_autofree char *dir = g_dir_make_tmp ("vigil-i18n-XXXXXX", &error);
  g_autofree char *db_path = NULL;
  VigilBedside *bedside;
  VigilWindow *window;
  VigilTreatmentView *view;

  g_assert_no_error (error);
  db_path = g_build_filename (dir, "vigil.db", NULL);
  vigil_monitor_test_set_up (&base, "normal", 3);
  store = vigil_store_open (db_path, &error);
  g_assert_no_error (error);
  sound = vigil_alarm_sound_new (NULL);
  bedside = vigil_bedside_new (base.monitor, store, sound, settings);
  vigil_bedside_start (bedside);
  window = vigil_window_new (NULL, base.monitor, settings);
  vigil_window_set_bedside (window, bedside);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (window));
  vigil_monitor_test_run (&base, 30);
  vigil_window_refresh (window);

  /* The action bar and the page bar, from the build's vigil.mo. */
  g_assert_true (shows_label (GTK_WIDGET (window), "Reconocer"));
  g_assert_true (shows_label (GTK_WIDGET (window), "Tratamiento"));
  g_assert_true (shows_label (GTK_WIDGET (window), "Dispositivos"));
  g_assert_false (shows_label (GTK_WIDGET (window), "Acknowledge"));
  save_shot (GTK_WIDGET (window), "i18n-es-monitor.png");

  /* The checklist page of a new treatment. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "treatment"));
  view = VIGIL_TREATMENT_VIEW (vigil_window_get_treatment_view (window));
  gtk_editable_set_text (first_entry (GTK_WIDGET (view)), "Ana García");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "treatment.begin", NULL));
  g_assert_cmpstr (vigil_treatment_view_get_visible (view), ==, "checklist");
  vigil_monitor_test_run (&base, 5);
  vigil_window_refresh (window);
  g_assert_true (shows_label (GTK_WIDGET (window), "Iniciar infusión"));
  save_shot (GTK_WIDGET (window), "i18n-es-checklist.png");

  vigil_bedside_stop (bedside);
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_finalize_object (bedside);
  vigil_monitor_test_tear_down (&base);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix != NULL; suffix++)
    {
      g_autofree char *path = g_strconcat (db_path, *suffix, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spanish = NULL;
  gboolean unit = FALSE;

  /* The subprocesses of the unit cases inherit the environment, not the
   * --unit argument. */
  for (int i = 1; i < argc; i++)
    unit |= g_str_equal (argv[i], "--unit");
  unit |= g_getenv ("VIGIL_TEST_LANGUAGE_UNIT") != NULL;
  if (unit)
    {
      g_setenv ("VIGIL_TEST_LANGUAGE_UNIT", "1", TRUE);
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/vigil/i18n/find-locale", test_find_locale);
      g_test_add_func ("/vigil/i18n/setting-under-c-locale", test_setting_under_c_locale);
      g_test_add_func ("/vigil/i18n/empty-and-english", test_empty_and_english);
      g_test_add_func ("/vigil/i18n/not-installed", test_language_not_installed);
      return g_test_run ();
    }

  /* LANGUAGE=es with a Spanish locale, before GTK reads any of it. */
  spanish = vigil_language_find_locale ("es_US");
  if (spanish == NULL)
    {
      g_printerr ("No Spanish UTF-8 locale installed: skipping the Spanish window test\n");
      return VIGIL_TEST_SKIP;
    }
  g_setenv ("LC_ALL", spanish, TRUE);
  g_setenv ("LANGUAGE", "es", TRUE);
  setlocale (LC_ALL, "");
  bind_translations ();

  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the Spanish window test\n");
      return VIGIL_TEST_SKIP;
    }
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  if (!vigil_alarm_sound_init_gstreamer (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/vigil/i18n/spanish-window", test_spanish_window);
  return g_test_run ();
}
