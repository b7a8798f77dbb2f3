/* vigil-vital-tile.h — one vital sign as a large numeric with its limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-alarm.h"
#include "vigil-data-state.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_VITAL_TILE (vigil_vital_tile_get_type ())

G_DECLARE_FINAL_TYPE (VigilVitalTile, vigil_vital_tile, VIGIL, VITAL_TILE, GtkWidget)

GtkWidget         *vigil_vital_tile_new                    (void);

const char        *vigil_vital_tile_get_label              (VigilVitalTile     *self);
void               vigil_vital_tile_set_label              (VigilVitalTile     *self,
                                                            const char         *label);
const char        *vigil_vital_tile_get_unit               (VigilVitalTile     *self);
void               vigil_vital_tile_set_unit               (VigilVitalTile     *self,
                                                            const char         *unit);
const char        *vigil_vital_tile_get_accent             (VigilVitalTile     *self);
void               vigil_vital_tile_set_accent             (VigilVitalTile     *self,
                                                            const char         *accent);
gboolean           vigil_vital_tile_get_pressure           (VigilVitalTile     *self);
void               vigil_vital_tile_set_pressure           (VigilVitalTile     *self,
                                                            gboolean            pressure);
guint              vigil_vital_tile_get_decimals           (VigilVitalTile     *self);
void               vigil_vital_tile_set_decimals           (VigilVitalTile     *self,
                                                            guint               decimals);

double             vigil_vital_tile_get_value              (VigilVitalTile     *self);
void               vigil_vital_tile_set_value              (VigilVitalTile     *self,
                                                            double              value);
double             vigil_vital_tile_get_diastolic          (VigilVitalTile     *self);
void               vigil_vital_tile_set_diastolic          (VigilVitalTile     *self,
                                                            double              diastolic);
double             vigil_vital_tile_get_mean               (VigilVitalTile     *self);
void               vigil_vital_tile_set_mean               (VigilVitalTile     *self,
                                                            double              mean);
void               vigil_vital_tile_set_pressure_values    (VigilVitalTile     *self,
                                                            double              systolic,
                                                            double              diastolic,
                                                            double              mean);
VigilDataState     vigil_vital_tile_get_data_state         (VigilVitalTile     *self);
void               vigil_vital_tile_set_data_state         (VigilVitalTile     *self,
                                                            VigilDataState      state);

double             vigil_vital_tile_get_low_limit          (VigilVitalTile     *self);
void               vigil_vital_tile_set_low_limit          (VigilVitalTile     *self,
                                                            double              low_limit);
double             vigil_vital_tile_get_high_limit         (VigilVitalTile     *self);
void               vigil_vital_tile_set_high_limit         (VigilVitalTile     *self,
                                                            double              high_limit);
void               vigil_vital_tile_set_limits             (VigilVitalTile     *self,
                                                            double              low_limit,
                                                            double              high_limit);
gboolean           vigil_vital_tile_get_low_alarm          (VigilVitalTile     *self);
void               vigil_vital_tile_set_low_alarm          (VigilVitalTile     *self,
                                                            gboolean            low_alarm);
gboolean           vigil_vital_tile_get_high_alarm         (VigilVitalTile     *self);
void               vigil_vital_tile_set_high_alarm         (VigilVitalTile     *self,
                                                            gboolean            high_alarm);

gint64             vigil_vital_tile_get_measurement_time   (VigilVitalTile     *self);
void               vigil_vital_tile_set_measurement_time   (VigilVitalTile     *self,
                                                            gint64              measurement_time_us);
gint64             vigil_vital_tile_get_now                (VigilVitalTile     *self);
void               vigil_vital_tile_set_now                (VigilVitalTile     *self,
                                                            gint64              now_us);

/* The alarm on this parameter: high and medium flash the value in step
 * with the banner given the same onset (frame-clock time base). */
VigilAlarmPriority vigil_vital_tile_get_flash_priority     (VigilVitalTile     *self);
void               vigil_vital_tile_set_flash_priority     (VigilVitalTile     *self,
                                                            VigilAlarmPriority  priority);
gint64             vigil_vital_tile_get_alarm_onset        (VigilVitalTile     *self);
void               vigil_vital_tile_set_alarm_onset        (VigilVitalTile     *self,
                                                            gint64              onset_us);
void               vigil_vital_tile_set_alarm              (VigilVitalTile     *self,
                                                            VigilAlarmPriority  priority,
                                                            gint64              onset_us);

/* What is on screen, for tests and accessibility. */
gboolean           vigil_vital_tile_get_flash_on           (VigilVitalTile     *self);
const char        *vigil_vital_tile_get_value_text         (VigilVitalTile     *self);
const char        *vigil_vital_tile_get_mean_text          (VigilVitalTile     *self);
const char        *vigil_vital_tile_get_status_text        (VigilVitalTile     *self);
const char        *vigil_vital_tile_get_low_limit_text     (VigilVitalTile     *self);
const char        *vigil_vital_tile_get_high_limit_text    (VigilVitalTile     *self);

/* "just now", "3 min ago", "1 h 05 min ago"; empty when unknown. */
char              *vigil_vital_tile_format_age             (gint64              measurement_time_us,
                                                            gint64              now_us);

G_END_DECLS
