/* vigil-protocol.h — what Vigil knows about each device protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-parser.h"
#include "vigil-sim-protocol.h"
#include "vigil-transport.h"

G_BEGIN_DECLS

/* One row per protocol: the line settings come with the protocol, so
 * "datex:/dev/ttyUSB0" needs nothing more. */
typedef struct
{
  const char          *name;              /* on the command line: "datex" */
  const char          *label;             /* for people, untranslated brand names */
  const char          *devices;           /* which devices speak it */
  VigilSerialSettings  settings;          /* the device's fixed line settings */
  gint64               quiet_time_us;     /* no valid frame for this long: link lost */
  gint64               update_period_us;  /* how often fresh numbers arrive */
  gboolean             has_waveform;      /* sends a pleth to draw */
  VigilParser       *(*new_parser)        (void);
  VigilSimProtocol  *(*new_simulator)     (void);
} VigilProtocolInfo;

const VigilProtocolInfo *vigil_protocol_lookup (const char *name);
/* All protocols, ending with a row whose name is NULL. */
const VigilProtocolInfo *vigil_protocol_list   (void);
char                    *vigil_protocol_describe_settings (const VigilSerialSettings *settings);

G_END_DECLS
