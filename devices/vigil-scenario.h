/* vigil-scenario.h — the simulated patient: vitals as a function of time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_SCENARIO (vigil_scenario_get_type ())

G_DECLARE_FINAL_TYPE (VigilScenario, vigil_scenario, VIGIL, SCENARIO, GObject)

#define VIGIL_SCENARIO_ERROR (vigil_scenario_error_quark ())

typedef enum
{
  VIGIL_SCENARIO_ERROR_UNKNOWN,
} VigilScenarioError;

/* A number the device cannot give right now (pulse search): `---` on the wire. */
#define VIGIL_SCENARIO_ABSENT (-1)

/* NIBP readings complete every 5 minutes by default, the first at 0:00. */
#define VIGIL_SCENARIO_DEFAULT_NIBP_INTERVAL_MS (5 * 60 * 1000)

typedef enum
{
  VIGIL_SCENARIO_NIBP_NONE,     /* no reading completed in the interval */
  VIGIL_SCENARIO_NIBP_READING,  /* a reading completed: nibp_sys/dia/mean are set */
  VIGIL_SCENARIO_NIBP_FAILED,   /* the cuff measurement failed */
} VigilScenarioNibp;

/* What the device shows and does at one moment. Numbers are whole, as a
 * monitor displays them. */
typedef struct
{
  gint64            elapsed_ms;       /* since the scenario (the infusion) started */
  int               hr;               /* ECG heart rate, /min */
  int               spo2;             /* %, or VIGIL_SCENARIO_ABSENT */
  int               pr;               /* oximeter pulse rate, /min, or VIGIL_SCENARIO_ABSENT */
  gboolean          spo2_sensor_off;  /* SpO2 and PR are sent as OFF */
  VigilScenarioNibp nibp;
  int               nibp_sys;         /* mmHg, set with VIGIL_SCENARIO_NIBP_READING */
  int               nibp_dia;
  int               nibp_mean;
  gint64            nibp_ms;          /* when that reading (or failure) completed */
  gboolean          cable_pulled;     /* the cable is out: nothing reaches the host */
  gboolean          silent;           /* the port is there but the device sends nothing */
} VigilScenarioSample;

/* One row of the scenario table. Times are since the scenario started.
 * The headline event holds throughout [onset_ms, end_ms): for the NIBP
 * scenarios, every reading completed in that span shows it. Both are -1
 * when the scenario has no event (normal). */
typedef struct
{
  const char *name;         /* the interface: --scenario NAME */
  const char *description;  /* one line, for --list-scenarios */
  const char *timeline;     /* the phases, "m:ss what", for people */
  gint64      onset_ms;
  gint64      end_ms;
} VigilScenarioInfo;

GQuark                   vigil_scenario_error_quark       (void);
const VigilScenarioInfo *vigil_scenario_list              (void);
const VigilScenarioInfo *vigil_scenario_lookup            (const char          *name);
VigilScenario           *vigil_scenario_new               (const char          *name,
                                                           guint32              seed,
                                                           GError             **error);
const char              *vigil_scenario_get_name          (VigilScenario       *self);
const VigilScenarioInfo *vigil_scenario_get_info          (VigilScenario       *self);
guint32                  vigil_scenario_get_seed          (VigilScenario       *self);
gint64                   vigil_scenario_get_nibp_interval (VigilScenario       *self);
void                     vigil_scenario_set_nibp_interval (VigilScenario       *self,
                                                           gint64               interval_ms);
void                     vigil_scenario_sample            (VigilScenario       *self,
                                                           gint64               previous_ms,
                                                           gint64               elapsed_ms,
                                                           VigilScenarioSample *out);

G_END_DECLS
