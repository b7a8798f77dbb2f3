/* vigil-observation.h — one measured value, as every consumer sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_PARAMETER_HR,          /* heart rate, /min */
  VIGIL_PARAMETER_SPO2,        /* functional oxygen saturation, % */
  VIGIL_PARAMETER_PULSE_RATE,  /* pulse rate from the oximeter, /min */
  VIGIL_PARAMETER_NIBP,        /* episodic cuff pressure: sys/dia/mean, mmHg */
  VIGIL_N_PARAMETERS
} VigilParameter;

typedef enum
{
  VIGIL_UNIT_NONE,
  VIGIL_UNIT_PER_MINUTE,
  VIGIL_UNIT_PERCENT,
  VIGIL_UNIT_MMHG,
} VigilUnit;

typedef enum
{
  VIGIL_QUALITY_VALID        = 1 << 0,
  VIGIL_QUALITY_QUESTIONABLE = 1 << 1,
  VIGIL_QUALITY_SENSOR_OFF   = 1 << 2,
  VIGIL_QUALITY_STALE        = 1 << 3,
} VigilQuality;

/* Values are in the parameter's canonical unit. An absent value (a sentinel,
 * a sensor off, "---" on the wire) is NAN and never a number: it is never
 * drawn and never fed to alarms. */
typedef struct
{
  VigilParameter parameter;
  VigilUnit      unit;
  VigilQuality   quality;
  double         value;             /* NIBP: systolic */
  double         diastolic;         /* NIBP only, NAN otherwise */
  double         mean;              /* NIBP only, NAN otherwise */
  double         perfusion_index;   /* SpO2 only, %, when the oximeter sends it; NAN otherwise */
  gint64         device_time_us;    /* the device's own clock, 0 when it sends none;
                                     * NIBP: when the cuff measured, if the device says */
  gint64         age_us;            /* NIBP: how old the reading already was when the device
                                     * sent it, by the device's own clock (so its clock's
                                     * offset does not matter); 0 when fresh or unknown */
  gint64         host_wall_us;      /* arrival, wall clock (µs since the epoch) */
  gint64         host_monotonic_us; /* arrival, monotonic clock */
} VigilObservation;

#define VIGIL_TYPE_OBSERVATION (vigil_observation_get_type ())

GType             vigil_observation_get_type   (void) G_GNUC_CONST;
void              vigil_observation_init       (VigilObservation       *self,
                                                VigilParameter          parameter);
VigilObservation *vigil_observation_copy       (const VigilObservation *self);
void              vigil_observation_free       (VigilObservation       *self);
gboolean          vigil_observation_is_present (const VigilObservation *self);
char             *vigil_observation_to_json    (const VigilObservation *self);

const char       *vigil_parameter_to_string    (VigilParameter          parameter);
gboolean          vigil_parameter_from_string  (const char             *name,
                                                VigilParameter         *out_parameter);
VigilUnit         vigil_parameter_get_unit     (VigilParameter          parameter);
const char       *vigil_unit_to_string         (VigilUnit               unit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilObservation, vigil_observation_free)

G_END_DECLS
