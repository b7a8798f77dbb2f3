/* vigil-sim.c — the device simulator as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   vigil-sim --protocol NAME --scenario NAME (--pty [--link PATH] | --port PATH)
 *             [--baud N] [--speed N] [--seed N] [--duration SECONDS]
 *   vigil-sim --list-scenarios
 *   vigil-sim --list-protocols
 *   vigil-sim --version
 *
 * NAME is vigil, datex, masimo, nonin or intellivue: the simulated device
 * speaks that protocol, waiting for the host's request or association as
 * the real one does.
 *
 * With --pty the first line on stdout is the path a device should open
 * (the link if one was asked for). Exit status: 0 done, 1 the port could
 * not be opened, 2 bad arguments.
 */
#include <glib-unix.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-clock.h"
#include "vigil-protocol.h"
#include "vigil-scenario.h"
#include "vigil-simulator.h"

#define EXIT_USAGE 2

typedef struct
{
  char     *protocol;
  char     *scenario;
  gboolean  pty;
  char     *link;
  char     *port;
  int       baud;
  double    speed;
  gint64    seed;
  gint64    duration_s;
  gint64    nibp_interval_s;
  gboolean  list_scenarios;
  gboolean  list_protocols;
  gboolean  version;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->protocol, g_free);
  g_clear_pointer (&options->scenario, g_free);
  g_clear_pointer (&options->link, g_free);
  g_clear_pointer (&options->port, g_free);
}

static int
usage_error (const char *message)
{
  g_printerr ("vigil-sim: %s\n", message);
  return EXIT_USAGE;
}

static void
list_scenarios (void)
{
  const VigilScenarioInfo *info = vigil_scenario_list ();
  gsize width = 0;

  for (const VigilScenarioInfo *i = info; i->name != NULL; i++)
    width = MAX (width, strlen (i->name));
  for (const VigilScenarioInfo *i = info; i->name != NULL; i++)
    g_print ("%-*s  %s\n", (int) width, i->name, i->description);
}

static void
list_protocols (void)
{
  for (const VigilProtocolInfo *p = vigil_protocol_list (); p->name != NULL; p++)
    {
      g_autofree char *settings = vigil_protocol_describe_settings (&p->settings);

      g_print ("%-10s  %-32s  %-18s  %s\n", p->name, p->label, settings, p->devices);
    }
}

/* Sources stay until run() removes them. */
static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static int
run (Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenario) scenario = NULL;
  g_autoptr(VigilClock) clock = NULL;
  g_autoptr(VigilSimulator) simulator = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  guint duration_id = 0;
  guint sigint_id;
  guint sigterm_id;

  scenario = vigil_scenario_new (options->scenario, (guint32) options->seed, &error);
  if (scenario == NULL)
    return usage_error (error->message);
  if (options->nibp_interval_s != 0)
    vigil_scenario_set_nibp_interval (scenario, options->nibp_interval_s * 1000);

  clock = vigil_clock_new (options->speed);
  simulator = vigil_simulator_new_for_protocol (scenario, clock, options->protocol, &error);
  if (simulator == NULL)
    return usage_error (error->message);
  if (options->baud > 0)
    vigil_simulator_set_baud (simulator, (guint) options->baud);

  if (options->pty)
    {
      if (!vigil_simulator_open_pty (simulator, options->link, &error))
        {
          g_printerr ("vigil-sim: %s\n", error->message);
          return EXIT_FAILURE;
        }
      /* A script reads this line to find the device. */
      g_print ("%s\n", vigil_simulator_get_path (simulator));
      fflush (stdout);
    }
  else if (!vigil_simulator_open_port (simulator, options->port, &error))
    {
      g_printerr ("vigil-sim: %s\n", error->message);
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_loop, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_loop, loop);
  if (options->duration_s > 0)
    duration_id = vigil_clock_timeout_add (clock, (guint) (options->duration_s * 1000),
                                           quit_loop, loop);

  vigil_simulator_start (simulator);
  g_main_loop_run (loop);
  vigil_simulator_stop (simulator);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (duration_id != 0)
    vigil_clock_timeout_remove (clock, duration_id);

  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  Options options = {
    .baud = 0,
    .speed = 1.0,
    .seed = 1,
  };
  const GOptionEntry entries[] = {
    { "protocol", 0, 0, G_OPTION_ARG_STRING, &options.protocol,
      "Device to simulate: vigil, datex, masimo, nonin or intellivue (default: vigil)", "NAME" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &options.scenario,
      "Scenario to play (default: normal; see --list-scenarios)", "NAME" },
    { "pty", 0, 0, G_OPTION_ARG_NONE, &options.pty,
      "Make a pseudo-terminal and print its path", NULL },
    { "link", 0, 0, G_OPTION_ARG_FILENAME, &options.link,
      "With --pty: keep a symlink to it here, stable across a pulled cable", "PATH" },
    { "port", 0, 0, G_OPTION_ARG_FILENAME, &options.port,
      "Write into this serial port or terminal instead", "PATH" },
    { "baud", 0, 0, G_OPTION_ARG_INT, &options.baud,
      "With --port: line speed (default: the protocol's, see --list-protocols)", "N" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &options.speed,
      "Run N times faster than real time (default: 1)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &options.seed,
      "Seed of the simulated patient; the same seed gives the same values (default: 1)", "N" },
    { "duration", 0, 0, G_OPTION_ARG_INT64, &options.duration_s,
      "Stop after this many clock seconds (default: run until interrupted)", "SECONDS" },
    { "nibp-interval", 0, 0, G_OPTION_ARG_INT64, &options.nibp_interval_s,
      "Seconds between NIBP readings (default: 300)", "SECONDS" },
    { "list-scenarios", 0, 0, G_OPTION_ARG_NONE, &options.list_scenarios,
      "List the scenarios and exit", NULL },
    { "list-protocols", 0, 0, G_OPTION_ARG_NONE, &options.list_protocols,
      "List the protocols with their line settings and exit", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version,
      "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— simulate a bedside monitor on a pty or serial port");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Sends the vital signs of a simulated patient (IV ketamine 0.5 mg/kg over 40 min)\n"
    "in a real device's protocol, answering the host as that device would.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = usage_error (error->message);
      goto out;
    }

  if (options.version)
    {
      g_print ("vigil-sim %s\n", VIGIL_VERSION);
      status = EXIT_SUCCESS;
      goto out;
    }
  if (options.list_scenarios)
    {
      list_scenarios ();
      status = EXIT_SUCCESS;
      goto out;
    }
  if (options.list_protocols)
    {
      list_protocols ();
      status = EXIT_SUCCESS;
      goto out;
    }

  if (argc > 1)
    status = usage_error ("unexpected argument; see --help");
  else if (options.pty == (options.port != NULL))
    status = usage_error ("give exactly one of --pty or --port PATH");
  else if (options.link != NULL && !options.pty)
    status = usage_error ("--link needs --pty");
  else if (!(options.speed > 0.0) || !isfinite (options.speed))
    status = usage_error ("--speed must be a number above 0");
  else if (options.seed < 0 || options.seed > G_MAXUINT32)
    status = usage_error ("--seed must be between 0 and 4294967295");
  else if (options.duration_s < 0 || options.duration_s > G_MAXUINT / 1000)
    status = usage_error ("--duration must be between 0 and 4294967 seconds");
  else if (options.nibp_interval_s < 0 || options.nibp_interval_s > 24 * 3600)
    status = usage_error ("--nibp-interval must be between 1 and 86400 seconds");
  else if (options.baud < 0)
    status = usage_error ("--baud must be above 0");
  else
    {
      if (options.protocol == NULL)
        options.protocol = g_strdup ("vigil");
      if (options.scenario == NULL)
        options.scenario = g_strdup ("normal");
      status = run (&options);
    }

out:
  options_clear (&options);
  return status;
}
