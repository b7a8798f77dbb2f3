/* vigil-protocol.c — the table of device protocols
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Quiet times follow each device's send rate (PROTOCOLS.md): long enough
 * that a healthy link never trips them, short enough that a pulled cable
 * is an alarm within seconds.
 */
#include "vigil-protocol.h"

#include <glib/gi18n.h>

#include "vigil-datex-parser.h"
#include "vigil-datex-sim.h"
#include "vigil-intellivue-parser.h"
#include "vigil-intellivue-sim.h"
#include "vigil-line-parser.h"
#include "vigil-line-sim.h"
#include "vigil-masimo-parser.h"
#include "vigil-masimo-sim.h"
#include "vigil-nonin-parser.h"
#include "vigil-nonin-sim.h"

static VigilParser *
new_line_parser (void)
{
  return VIGIL_PARSER (vigil_line_parser_new ());
}

#define SEC G_USEC_PER_SEC

static const VigilProtocolInfo protocols[] = {
  {
    .name = "vigil",
    .label = N_("Vigil line protocol"),
    .devices = "Vigil's simulator, bench tools",
    .settings = { 115200, VIGIL_SERIAL_PARITY_NONE, VIGIL_SERIAL_FLOW_CONTROL_NONE },
    .quiet_time_us = 10 * SEC,
    .update_period_us = 1 * SEC,
    .new_parser = new_line_parser,
    .new_simulator = vigil_line_sim_new,
  },
  {
    /* Displayed values every 5 s: quiet after 2 × 5 s + 2 s. */
    .name = "datex",
    .label = N_("GE Datex-Ohmeda S/5"),
    .devices = "GE CARESCAPE B450/B650/B850, B20/B40/B105/B125, S/5, Cardiocap 5",
    .settings = { 19200, VIGIL_SERIAL_PARITY_EVEN, VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS },
    .quiet_time_us = 12 * SEC,
    .update_period_us = 5 * SEC,
    .new_parser = vigil_datex_parser_new,
    .new_simulator = vigil_datex_sim_new,
  },
  {
    /* One line a second. */
    .name = "masimo",
    .label = N_("Masimo ASCII 1"),
    .devices = "Masimo Rad-8, Radical-7, Radical-5, Root",
    .settings = { 9600, VIGIL_SERIAL_PARITY_NONE, VIGIL_SERIAL_FLOW_CONTROL_NONE },
    .quiet_time_us = 2 * SEC,
    .update_period_us = 1 * SEC,
    .new_parser = vigil_masimo_parser_new,
    .new_simulator = vigil_masimo_sim_new,
  },
  {
    /* Data format 7: 75 frames a second, numbers once a second. */
    .name = "nonin",
    .label = N_("Nonin data format 7/8"),
    .devices = "Nonin 9560 and OEM modules",
    .settings = { 9600, VIGIL_SERIAL_PARITY_NONE, VIGIL_SERIAL_FLOW_CONTROL_NONE },
    .quiet_time_us = 3 * SEC,
    .update_period_us = 1 * SEC,
    .has_waveform = TRUE,
    .new_parser = vigil_nonin_parser_new,
    .new_simulator = vigil_nonin_sim_new,
  },
  {
    /* Polled numerics every second; re-associate after 5 s of silence. */
    .name = "intellivue",
    .label = N_("Philips IntelliVue Data Export"),
    .devices = "Philips IntelliVue MP and MX series (MIB/RS-232 port)",
    .settings = { 115200, VIGIL_SERIAL_PARITY_NONE, VIGIL_SERIAL_FLOW_CONTROL_NONE },
    .quiet_time_us = 5 * SEC,
    .update_period_us = 1 * SEC,
    .new_parser = vigil_intellivue_parser_new,
    .new_simulator = vigil_intellivue_sim_new,
  },
  { NULL }
};

/**
 * vigil_protocol_lookup:
 * @name: "vigil", "datex", "masimo", "nonin" or "intellivue"
 *
 * Returns: (nullable): the protocol's row, or %NULL if unknown
 */
const VigilProtocolInfo *
vigil_protocol_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (const VigilProtocolInfo *p = protocols; p->name != NULL; p++)
    if (g_str_equal (p->name, name))
      return p;
  return NULL;
}

const VigilProtocolInfo *
vigil_protocol_list (void)
{
  return protocols;
}

/* "19200 8E1 RTS/CTS", as the devices' manuals write it. */
char *
vigil_protocol_describe_settings (const VigilSerialSettings *settings)
{
  g_return_val_if_fail (settings != NULL, NULL);

  return g_strdup_printf ("%u 8%c1%s", settings->baud,
                          settings->parity == VIGIL_SERIAL_PARITY_EVEN ? 'E' : 'N',
                          settings->flow_control == VIGIL_SERIAL_FLOW_CONTROL_RTS_CTS
                            ? " RTS/CTS" : "");
}
