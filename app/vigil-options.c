/* vigil-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsed here rather than by GApplication so that every mistake gets one
 * line on stderr and exit status 2, before a window or a port is opened.
 */
#include "vigil-options.h"

#include <glib/gi18n.h>
#include <langinfo.h>
#include <math.h>
#include <stdint.h>

#include "vigil-device-spec.h"
#include "vigil-protocol.h"
#include "vigil-scenario.h"
#include "vigil-session-report.h"

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
  g_free (self->export_path);
  g_free (self->clinic_name);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_free (self);
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

/* The locale's paper (LC_PAPER): Letter where it is 216 mm wide (the US,
 * Canada …), A4 elsewhere. */
static int
locale_paper (void)
{
  int width_mm = (int) (intptr_t) nl_langinfo (_NL_PAPER_WIDTH);

  return width_mm == 216 ? VIGIL_REPORT_PAPER_LETTER : VIGIL_REPORT_PAPER_A4;
}

/* A session id as --list-sessions prints it; 0 if @text is not one. */
static gint64
parse_session_id (const char *text)
{
  guint64 id = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return (gint64) id;
}

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
  gboolean kiosk = FALSE;
  gboolean list_sessions = FALSE;
  g_autofree char *export_pdf = NULL;
  g_autofree char *export_csv = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *clinic = NULL;
  guint n_exports;
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
    { "kiosk", 0, 0, G_OPTION_ARG_NONE, &kiosk,
      N_("Full screen for a bedside tablet: quitting, limits, devices and settings need a staff PIN"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The database of sessions and alarms (default: in the user's data folder)"), N_("PATH") },
    { "list-scenarios", 0, 0, G_OPTION_ARG_NONE, &list_scenarios,
      N_("List the demo scenarios and exit"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { "list-sessions", 0, 0, G_OPTION_ARG_NONE, &list_sessions,
      N_("List the sessions in the database and exit (no window)"), NULL },
    { "export-pdf", 0, 0, G_OPTION_ARG_STRING, &export_pdf,
      N_("Write the report of a session as a PDF file and exit (no window)"), N_("SESSION OUT.pdf") },
    { "export-csv", 0, 0, G_OPTION_ARG_STRING, &export_csv,
      N_("Write the records of a session as a CSV file and exit (no window)"), N_("SESSION OUT.csv") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper,
      N_("With --export-pdf: the paper size, a4 or letter (default: the locale's)"), N_("SIZE") },
    { "clinic", 0, 0, G_OPTION_ARG_STRING, &clinic,
      N_("With --export-pdf: the clinic's name at the top of the report"), N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Vigil — bedside monitor for IV ketamine clinics"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return NULL;

  n_exports = (list_sessions ? 1 : 0) + (export_pdf != NULL ? 1 : 0) + (export_csv != NULL ? 1 : 0);
  if (n_exports > 1)
    {
      invalid (error, _("Choose one of --list-sessions, --export-pdf and --export-csv."));
      return NULL;
    }
  if (export_pdf != NULL || export_csv != NULL)
    {
      const char *option = export_pdf != NULL ? "--export-pdf" : "--export-csv";
      const char *session = export_pdf != NULL ? export_pdf : export_csv;

      if (parse_session_id (session) == 0)
        {
          invalid (error, _("%s needs a session number (see vigil --list-sessions), not “%s”."),
                   option, session);
          return NULL;
        }
      if (*argc < 2 || *(*argv)[1] == '\0')
        {
          invalid (error, _("%s needs the file to write after the session number, e.g. %s %s out.%s."),
                   option, option, session, export_pdf != NULL ? "pdf" : "csv");
          return NULL;
        }
      if (*argc > 2)
        {
          invalid (error, _("Unexpected argument “%s”. See vigil --help."), (*argv)[2]);
          return NULL;
        }
      self->export_path = g_strdup ((*argv)[1]);
    }
  else if (*argc > 1)
    {
      invalid (error, _("Unexpected argument “%s”. See vigil --help."), (*argv)[1]);
      return NULL;
    }
  if (paper != NULL && export_pdf == NULL)
    {
      invalid (error, _("--paper only works with --export-pdf."));
      return NULL;
    }
  if (clinic != NULL && export_pdf == NULL)
    {
      invalid (error, _("--clinic only works with --export-pdf."));
      return NULL;
    }
  if (paper != NULL && g_ascii_strcasecmp (paper, "a4") != 0 && g_ascii_strcasecmp (paper, "letter") != 0)
    {
      invalid (error, _("Unknown paper size “%s”. Choose a4 or letter."), paper);
      return NULL;
    }
  if (n_exports > 0 && (demo || devices != NULL))
    {
      invalid (error, _("--list-sessions, --export-pdf and --export-csv work on the database only; "
                        "leave out --demo and --device."));
      return NULL;
    }
  if (n_exports > 0 && kiosk)
    {
      invalid (error, _("--list-sessions, --export-pdf and --export-csv open no window; leave out --kiosk."));
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
  self->kiosk = kiosk;
  self->db_path = g_steal_pointer (&db_path);
  self->scenario = scenario != NULL ? g_steal_pointer (&scenario) : g_strdup ("normal");
  self->demo_device = demo_device != NULL ? g_steal_pointer (&demo_device) : g_strdup ("vigil");
  self->speed = speed;
  self->seed = (guint32) seed;
  self->list_scenarios = list_scenarios;
  self->version = version;
  self->list_sessions = list_sessions;
  self->export_pdf = parse_session_id (export_pdf);
  self->export_csv = parse_session_id (export_csv);
  if (paper != NULL)
    self->paper = g_ascii_strcasecmp (paper, "letter") == 0 ? VIGIL_REPORT_PAPER_LETTER : VIGIL_REPORT_PAPER_A4;
  else
    self->paper = locale_paper ();
  self->clinic_name = g_steal_pointer (&clinic);
  return g_steal_pointer (&self);
}
