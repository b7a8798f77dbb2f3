/* main.c — vigil: the bedside monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "vigil-application.h"
#include "vigil-clinic-config.h"
#include "vigil-language.h"
#include "vigil-options.h"
#include "vigil-scenario.h"
#include "vigil-session-report.h"
#include "vigil-store.h"

static void
print_scenarios (void)
{
  for (const VigilScenarioInfo *info = vigil_scenario_list (); info->name != NULL; info++)
    g_print ("%-14s %s\n", info->name, info->description);
}

/* The database for the commands that work without a window. They never
 * create one: a missing or empty file is an error, not a new database.
 * An existing file is migrated forward as at every start. */
static VigilStore *
open_existing_store (const char  *db_path,
                     GError     **error)
{
  g_autofree char *path = db_path != NULL ? g_strdup (db_path) : vigil_store_default_path ();
  g_autoptr(VigilStore) store = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("There is no database at %s. Give the clinic's database with --db PATH."), path);
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || st.st_size == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is not a Vigil database (it is empty or not a file). "
                     "Give the clinic's database with --db PATH."), path);
      return NULL;
    }
  store = vigil_store_open (path, error);
  if (store == NULL)
    return NULL;
  if (vigil_store_get_moved_aside_path (store) != NULL)
    {
      /* Open found it damaged and started a new, empty one: there is
       * nothing left here to list or export. */
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                           vigil_store_get_warning (store));
      return NULL;
    }
  return g_steal_pointer (&store);
}

static char *
format_duration (gint64 us)
{
  gint64 s = MAX (us, 0) / G_USEC_PER_SEC;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
}

/* One tab-separated line per session, newest first (docs/export.md). */
static gboolean
list_sessions (VigilStore  *store,
               GError     **error)
{
  g_autoptr(GPtrArray) sessions = vigil_store_list_sessions (store, 0, error);

  if (sessions == NULL)
    return FALSE;
  for (guint i = 0; i < sessions->len; i++)
    {
      const VigilStoreSessionSummary *s = g_ptr_array_index (sessions, i);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (s->started_at_us / G_USEC_PER_SEC);
      g_autofree char *start_text = start != NULL ? g_date_time_format (start, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
      g_autofree char *duration = NULL;
      g_autofree char *series = NULL;
      g_autofree char *phq9 = NULL;

      if (s->ended_at_us > 0)
        duration = format_duration (s->ended_at_us - s->started_at_us);
      else
        {
          g_autofree char *d = format_duration (MAX (s->last_vital_us, s->started_at_us) - s->started_at_us);

          /* TRANSLATORS: --list-sessions, a session Vigil did not close (crash) */
          duration = g_strdup_printf (_("%s (not closed)"), d);
        }
      if (s->treatment_id == 0)
        series = g_strdup ("-");
      else if (s->maintenance)
        series = g_strdup_printf (_("maintenance %u"), s->series_number);
      else if (s->planned_count > 0)
        series = g_strdup_printf ("%u/%u", s->series_number, s->planned_count);
      else
        series = g_strdup_printf ("%u", s->series_number);
      phq9 = s->phq9 >= 0 ? g_strdup_printf ("%d", s->phq9) : g_strdup ("-");
      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%u\t%s\t%s\n",
               s->session_id, start_text, duration,
               s->patient_name != NULL ? s->patient_name : "-",
               series, s->n_alarms, phq9,
               s->simulated ? "SIMULATED" : "real");
    }
  return TRUE;
}

/* --list-sessions, --export-pdf, --export-csv: exit status 0 or 1. */
static int
run_without_window (const VigilOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = open_existing_store (options->db_path, &error);
  gboolean ok = FALSE;

  if (store != NULL)
    {
      if (options->list_sessions)
        ok = list_sessions (store, &error);
      else if (options->export_pdf > 0)
        {
          /* The clinic's name and logo; --clinic overrides the name. */
          g_autoptr(VigilClinicConfig) config = vigil_clinic_config_load (NULL);
          GPtrArray *problems = vigil_clinic_config_get_problems (config);
          const char *clinic = options->clinic_name != NULL ? options->clinic_name
                                                            : vigil_clinic_config_get_clinic_name (config);

          for (guint i = 0; i < problems->len; i++)
            g_printerr ("vigil: %s\n", ((VigilClinicConfigProblem *) g_ptr_array_index (problems, i))->message);
          ok = vigil_session_report_write_pdf_full (store, options->export_pdf, options->paper, clinic,
                                                    vigil_clinic_config_get_logo_path (config),
                                                    options->export_path, &error);
        }
      else
        ok = vigil_session_report_write_csv (store, options->export_csv, options->export_path, &error);
    }
  if (!ok)
    {
      g_autofree char *line = g_strdelimit (g_strdup (error->message), "\n", ' ');

      if (g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID) &&
          !options->list_sessions)
        g_printerr ("vigil: %s%s %s\n", line, g_str_has_suffix (line, ".") ? "" : ".",
                    _("See vigil --list-sessions."));
      else
        g_printerr ("vigil: %s\n", line);
      return 1;
    }
  return 0;
}

/* Without its schema GSettings aborts; say what to do instead. */
static gboolean
settings_schema_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, VIGIL_APP_ID, TRUE);
  return schema != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilApplication) app = NULL;
  VigilOptions *options;
  char *app_argv[] = { argv[0], NULL };

  vigil_language_apply_setting ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, vigil_language_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  options = vigil_options_parse (&argc, &argv, &error);
  if (options == NULL)
    {
      g_printerr ("vigil: %s\n", error->message);
      return 2;
    }
  if (options->version)
    {
      g_print ("vigil %s\n", VIGIL_VERSION);
      vigil_options_free (options);
      return 0;
    }
  if (options->list_scenarios)
    {
      print_scenarios ();
      vigil_options_free (options);
      return 0;
    }
  if (options->list_sessions || options->export_pdf > 0 || options->export_csv > 0)
    {
      int status = run_without_window (options);

      vigil_options_free (options);
      return status;
    }

  if (!settings_schema_installed ())
    {
      g_printerr ("vigil: ");
      g_printerr (_("The settings schema %s is not installed. Install Vigil (meson install), "
                    "or run it from the build directory with: meson devenv -C _build vigil"),
                  VIGIL_APP_ID);
      g_printerr ("\n");
      vigil_options_free (options);
      return 1;
    }

  app = vigil_application_new (options);
  return g_application_run (G_APPLICATION (app), 1, app_argv);
}
