/* vigil-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsed here rather than by GApplication so that every mistake gets one
 * line on stderr and exit status 2, before a window or a port is opened.
 */
#include "vigil-options.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigil-device-spec.h"
#include "vigil-protocol.h"
#include "vigil-scenario.h"

#define MAX_SPEED 1000.0

G_DEFINE_QUARK (vigil-options-error-quark, vigil_options_error)

void
vigil_options_free (VigilOptions *self)
{
  if (self == NULL)
    return;
  g_free (self->scenario);
  g_free (self->demo_device);
  g_free (self->db_path);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_free (self);
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (VIGIL_OPTIONS_ERROR,
                                                VIGIL_OPTIONS_ERROR_INVALID,
                                                format, args));
  va_end (args);
  return FALSE;
}

/**
 * vigil_options_parse:
 *
 * Returns: (transfer full): the options, or %NULL with @error set to a
 *   message fit for one line on stderr
 */
VigilOptions *
vigil_options_parse (int    *argc,
                     char ***argv,
                     GError **error)
{
  g_autoptr(VigilOptions) self = g_new0 (VigilOptions, 1);
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *demo_device = NULL;
  g_auto(GStrv) devices = NULL;
  g_autofree char *db_path = NULL;
  double speed = 1.0;
  gint64 seed = 1;
  gboolean demo = FALSE, autoplay = FALSE, list_scenarios = FALSE, version = FALSE;
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("Run with simulated devices (training and evaluation)"), NULL },
    { "autoplay", 0, 0, G_OPTION_ARG_NONE, &autoplay,
      N_("With --demo: simulated staff run a whole treatment, for training screens"), NULL },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario,
      N_("Demo scenario (see --list-scenarios)"), N_("NAME") },
    { "demo-device", 0, 0, G_OPTION_ARG_STRING, &demo_device,
      N_("With --demo: the device family to simulate: vigil, datex, masimo, nonin or intellivue"),
      N_("PROTOCOL") },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
      N_("Run the demo clock N times faster than real time"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Random seed of the simulated devices"), "N" },
    { "device", 0, 0, G_OPTION_ARG_STRING_ARRAY, &devices,
      N_("A bedside device, e.g. vigil:/dev/ttyUSB0@115200 (repeatable)"),
      N_("PROTOCOL:PATH[@BAUD]") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The database of sessions and alarms (default: in the user's data folder)"), N_("PATH") },
    { "list-scenarios", 0, 0, G_OPTION_ARG_NONE, &list_scenarios,
      N_("List the demo scenarios and exit"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Vigil — bedside monitor for IV ketamine clinics"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return NULL;

  if (*argc > 1)
    {
      invalid (error, _("Unexpected argument “%s”. See vigil --help."), (*argv)[1]);
      return NULL;
    }
  if (!isfinite (speed) || speed <= 0.0 || speed > MAX_SPEED)
    {
      invalid (error, _("--speed must be a number above 0 and at most %g."), MAX_SPEED);
      return NULL;
    }
  if (speed != 1.0 && !demo)
    {
      invalid (error, _("--speed only works with --demo: real devices run in real time."));
      return NULL;
    }
  if (autoplay && !demo)
    {
      invalid (error, _("--autoplay only works with --demo: it plays simulated staff."));
      return NULL;
    }
  if (scenario != NULL && !demo)
    {
      invalid (error, _("--scenario only works with --demo."));
      return NULL;
    }
  if (demo_device != NULL && !demo)
    {
      invalid (error, _("--demo-device only works with --demo; for a real device use --device."));
      return NULL;
    }
  if (demo_device != NULL && vigil_protocol_lookup (demo_device) == NULL)
    {
      invalid (error, _("Unknown device family “%s”. Choose vigil, datex, masimo, nonin or intellivue."),
               demo_device);
      return NULL;
    }
  if (demo && devices != NULL)
    {
      invalid (error, _("Choose --demo or --device, not both: simulated and real data must never mix."));
      return NULL;
    }
  if (seed < 0 || seed > G_MAXUINT32)
    {
      invalid (error, _("--seed must be between 0 and %u."), G_MAXUINT32);
      return NULL;
    }
  if (scenario != NULL && vigil_scenario_lookup (scenario) == NULL)
    {
      invalid (error, _("Unknown scenario “%s”. See vigil --list-scenarios."), scenario);
      return NULL;
    }

  self->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_device_spec_free);
  for (guint i = 0; devices != NULL && devices[i] != NULL; i++)
    {
      VigilDeviceSpec *spec = vigil_device_spec_parse (devices[i], error);

      if (spec == NULL)
        return NULL;
      g_ptr_array_add (self->devices, spec);
    }

  if (db_path != NULL && *db_path == '\0')
    {
      invalid (error, _("--db needs a file name."));
      return NULL;
    }

  self->demo = demo;
  self->autoplay = autoplay;
  self->db_path = g_steal_pointer (&db_path);
  self->scenario = scenario != NULL ? g_steal_pointer (&scenario) : g_strdup ("normal");
  self->demo_device = demo_device != NULL ? g_steal_pointer (&demo_device) : g_strdup ("vigil");
  self->speed = speed;
  self->seed = (guint32) seed;
  self->list_scenarios = list_scenarios;
  self->version = version;
  return g_steal_pointer (&self);
}
