/* main.c — vigil: the bedside monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <locale.h>

#include "vigil-application.h"
#include "vigil-options.h"
#include "vigil-scenario.h"

static void
print_scenarios (void)
{
  for (const VigilScenarioInfo *info = vigil_scenario_list (); info->name != NULL; info++)
    g_print ("%-14s %s\n", info->name, info->description);
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

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
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
