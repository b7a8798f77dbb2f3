/* vigil-masimo-sim.c — the device side of Masimo ASCII 1 (a Rad-8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A passive device: one line a second from the moment it is powered,
 * whatever the host sends, as a Rad-8 set to ASCII 1 does:
 *
 *   03/19/16 13:37:12 SN=0000093112 SPO2=097% BPM=064 PI=03.52% SPCO=01.0%
 *   SPMET=00.5% DESAT=00 PIDELTA=+00 PVI=014 ALARM=0000 EXC=000000
 *
 * (one line on the wire). The date and time are the device's local clock.
 * The perfusion index and PVI drift slowly with the scenario's time, so a
 * recording looks alive but stays reproducible.
 */
#include "vigil-masimo-sim.h"

#include <math.h>

#include "vigil-masimo-protocol.h"

#define SERIAL_NUMBER "0000093112"

/* The Rad-8's default alarm limits. */
#define SPO2_LOW_LIMIT 88
#define PR_HIGH_LIMIT  140
#define PR_LOW_LIMIT   50

struct _VigilMasimoSim
{
  VigilSimProtocol parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilMasimoSim, vigil_masimo_sim, VIGIL_TYPE_SIM_PROTOCOL)

/* The device's clock: its local time, two-digit year. */
static char *
format_clock (gint64 wall_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (wall_ms / 1000);

  if (time == NULL)
    return g_strdup ("01/01/00 00:00:00");
  return g_date_time_format (time, "%m/%d/%y %H:%M:%S");
}

static void
vigil_masimo_sim_tick (VigilSimProtocol          *sim,
                       const VigilScenarioSample *sample,
                       gint64                     wall_ms)
{
  g_autofree char *clock = format_clock (wall_ms);
  GString *line = g_string_new (clock);
  double minutes = sample->elapsed_ms / 60000.0;
  guint32 exceptions = 0;
  guint32 alarms = 0;
  gsize length;
  g_autofree char *text = NULL;

  g_string_append (line, " SN=" SERIAL_NUMBER);

  if (sample->spo2_sensor_off)
    {
      /* Everything blanked; only the exception says why. */
      exceptions |= VIGIL_MASIMO_EXC_SENSOR_OFF;
      alarms |= VIGIL_MASIMO_ALARM_ACTIVE;
      g_string_append (line, " SPO2=---% BPM=--- PI=--.--% SPCO=--.-% SPMET=--.-%"
                       " DESAT=-- PIDELTA=+-- PVI=---");
    }
  else
    {
      /* PI wanders between 1.5 and 6 %, PVI between 10 and 20. */
      double pi = 3.75 + 2.0 * sin (2 * G_PI * minutes / 3.0) + 0.25 * sin (2 * G_PI * minutes / 0.7);
      int pvi = 15 + (int) lround (5.0 * sin (2 * G_PI * minutes / 5.0));

      if (sample->spo2 == VIGIL_SCENARIO_ABSENT || sample->pr == VIGIL_SCENARIO_ABSENT)
        exceptions |= VIGIL_MASIMO_EXC_PULSE_SEARCH;

      if (sample->spo2 == VIGIL_SCENARIO_ABSENT)
        g_string_append (line, " SPO2=---%");
      else
        {
          g_string_append_printf (line, " SPO2=%03d%%", CLAMP (sample->spo2, 0, 100));
          if (sample->spo2 < SPO2_LOW_LIMIT)
            alarms |= VIGIL_MASIMO_ALARM_SPO2_LOW;
        }

      if (sample->pr == VIGIL_SCENARIO_ABSENT)
        g_string_append (line, " BPM=---");
      else
        {
          g_string_append_printf (line, " BPM=%03d", CLAMP (sample->pr, 0, 999));
          if (sample->pr > PR_HIGH_LIMIT)
            alarms |= VIGIL_MASIMO_ALARM_PR_HIGH;
          else if (sample->pr < PR_LOW_LIMIT)
            alarms |= VIGIL_MASIMO_ALARM_PR_LOW;
        }

      if (exceptions & VIGIL_MASIMO_EXC_PULSE_SEARCH)
        g_string_append (line, " PI=--.--%");
      else
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          /* A dot whatever the locale, as the device writes it. */
          g_string_append_printf (line, " PI=%s%%",
                                  g_ascii_formatd (buffer, sizeof buffer, "%05.2f", pi));
        }
      g_string_append_printf (line, " SPCO=01.0%% SPMET=00.5%% DESAT=00 PIDELTA=+00 PVI=%03d",
                              pvi);
      if (alarms != 0)
        alarms |= VIGIL_MASIMO_ALARM_ACTIVE;
    }

  g_string_append_printf (line, " ALARM=%04X EXC=%06X\r\n", alarms, exceptions);

  length = line->len;
  text = g_string_free (line, FALSE);
  vigil_sim_protocol_transmit (sim, (const guint8 *) text, length);
}

static void
vigil_masimo_sim_class_init (VigilMasimoSimClass *klass)
{
  VigilSimProtocolClass *sim_class = VIGIL_SIM_PROTOCOL_CLASS (klass);

  sim_class->period_ms = 1000;
  sim_class->tick = vigil_masimo_sim_tick;
  /* No receive(): ASCII 1 has no host side, the device ignores its RX. No
   * reset(): it has nothing to forget when the cable is pulled. */
}

static void
vigil_masimo_sim_init (VigilMasimoSim *self)
{
  vigil_sim_protocol_set_streaming (VIGIL_SIM_PROTOCOL (self), TRUE);
}

/**
 * vigil_masimo_sim_new:
 *
 * A simulated Masimo Rad-8 with serial output set to ASCII 1: it streams
 * from the start and never answers the host.
 *
 * Returns: (transfer full): a new simulated device
 */
VigilSimProtocol *
vigil_masimo_sim_new (void)
{
  return g_object_new (VIGIL_TYPE_MASIMO_SIM, NULL);
}
