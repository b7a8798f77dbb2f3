/* vigil-technical-event.h — something about a device rather than the patient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-observation.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_TECHNICAL_CONNECTED,     /* the port opened */
  VIGIL_TECHNICAL_DISCONNECTED,  /* the port closed or vanished (cable pulled) */
  VIGIL_TECHNICAL_STALE,         /* no valid frame for the quiet time */
  VIGIL_TECHNICAL_DATA_RESUMED,  /* valid frames again after STALE */
  VIGIL_TECHNICAL_SENSOR_OFF,    /* the device says its sensor is off / no pulse */
  VIGIL_TECHNICAL_SENSOR_ON,     /* the sensor is back */
  VIGIL_TECHNICAL_NIBP_FAILED,   /* the cuff measurement failed */
  VIGIL_TECHNICAL_FRAME_ERROR,   /* a malformed frame was dropped */
  VIGIL_TECHNICAL_SIGNAL_POOR,   /* low perfusion, low signal quality, artifact, pulse search */
  VIGIL_TECHNICAL_SIGNAL_GOOD,   /* the signal problem above cleared */
  VIGIL_TECHNICAL_NIBP_OLD,      /* the device flags its NIBP reading as older than 60 s */
  VIGIL_TECHNICAL_DEMO_DATA,     /* the device sends demo data: rejected, never shown */
  VIGIL_TECHNICAL_DEVICE_NOTICE, /* anything else the device reports (low battery, sensor expired) */
  VIGIL_N_TECHNICAL_KINDS
} VigilTechnicalKind;

typedef struct
{
  VigilTechnicalKind kind;
  int                parameter;          /* a VigilParameter, or -1 for the whole device */
  char              *message;            /* for people: what happened, what to do */
  gint64             host_wall_us;
  gint64             host_monotonic_us;
} VigilTechnicalEvent;

#define VIGIL_TYPE_TECHNICAL_EVENT (vigil_technical_event_get_type ())

GType                vigil_technical_event_get_type (void) G_GNUC_CONST;
VigilTechnicalEvent *vigil_technical_event_new      (VigilTechnicalKind         kind,
                                                     int                        parameter,
                                                     const char                *message);
VigilTechnicalEvent *vigil_technical_event_copy     (const VigilTechnicalEvent *self);
void                 vigil_technical_event_free     (VigilTechnicalEvent       *self);
char                *vigil_technical_event_to_json  (const VigilTechnicalEvent *self);
const char          *vigil_technical_kind_to_string (VigilTechnicalKind         kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTechnicalEvent, vigil_technical_event_free)

G_END_DECLS
