/* vigil-flash.h — the one flash schedule of visual alarm signals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-alarm.h"

G_BEGIN_DECLS

/**
 * VigilFlashSchedule:
 * @high_frequency_hz: flash frequency of high-priority signals; factory
 *   setting 2 Hz (IEC 60601-1-8 allows 1.4–2.8 Hz)
 * @high_duty_cycle: fraction of each period a high-priority signal is on;
 *   factory setting 0.5 (IEC: 0.2–0.6)
 * @medium_frequency_hz: flash frequency of medium-priority signals; factory
 *   setting 0.5 Hz (IEC: 0.4–0.8 Hz)
 * @medium_duty_cycle: factory setting 0.5 (IEC: 0.2–0.6)
 *
 * Clinic settings. Low-priority signals never flash (steady on).
 */
typedef struct
{
  double high_frequency_hz;
  double high_duty_cycle;
  double medium_frequency_hz;
  double medium_duty_cycle;
} VigilFlashSchedule;

/* Factory settings (CLINICAL.md §1). */
#define VIGIL_FLASH_HIGH_FREQUENCY_HZ    2.0
#define VIGIL_FLASH_HIGH_DUTY_CYCLE      0.5
#define VIGIL_FLASH_MEDIUM_FREQUENCY_HZ  0.5
#define VIGIL_FLASH_MEDIUM_DUTY_CYCLE    0.5

/* IEC 60601-1-8 ranges a schedule must stay within. */
#define VIGIL_FLASH_HIGH_FREQUENCY_MIN   1.4
#define VIGIL_FLASH_HIGH_FREQUENCY_MAX   2.8
#define VIGIL_FLASH_MEDIUM_FREQUENCY_MIN 0.4
#define VIGIL_FLASH_MEDIUM_FREQUENCY_MAX 0.8
#define VIGIL_FLASH_DUTY_CYCLE_MIN       0.2
#define VIGIL_FLASH_DUTY_CYCLE_MAX       0.6

#define VIGIL_FLASH_ERROR (vigil_flash_error_quark ())

typedef enum
{
  VIGIL_FLASH_ERROR_INVALID,
} VigilFlashError;

GQuark                    vigil_flash_error_quark          (void);

void                      vigil_flash_schedule_init_default (VigilFlashSchedule        *schedule);
gboolean                  vigil_flash_schedule_validate    (const VigilFlashSchedule  *schedule,
                                                            GError                   **error);
gboolean                  vigil_flash_schedule_is_on       (const VigilFlashSchedule  *schedule,
                                                            VigilAlarmPriority         priority,
                                                            gint64                     time_us,
                                                            gint64                     onset_us);

const VigilFlashSchedule *vigil_flash_get_schedule         (void);
gboolean                  vigil_flash_set_schedule         (const VigilFlashSchedule  *schedule,
                                                            GError                   **error);

gboolean                  vigil_flash_priority_flashes     (VigilAlarmPriority         priority);
gboolean                  vigil_flash_is_on                (VigilAlarmPriority         priority,
                                                            gint64                     time_us,
                                                            gint64                     onset_us);

G_END_DECLS
