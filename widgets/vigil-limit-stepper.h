/* vigil-limit-stepper.h — a large touch stepper for one alarm limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_LIMIT_STEPPER (vigil_limit_stepper_get_type ())

G_DECLARE_FINAL_TYPE (VigilLimitStepper, vigil_limit_stepper, VIGIL, LIMIT_STEPPER, GtkWidget)

GtkWidget  *vigil_limit_stepper_new             (const char        *title,
                                                 const char        *unit,
                                                 double             min,
                                                 double             max,
                                                 double             step,
                                                 guint              digits);

const char *vigil_limit_stepper_get_title       (VigilLimitStepper *self);
void        vigil_limit_stepper_set_title       (VigilLimitStepper *self,
                                                 const char        *title);
const char *vigil_limit_stepper_get_unit        (VigilLimitStepper *self);
void        vigil_limit_stepper_set_unit        (VigilLimitStepper *self,
                                                 const char        *unit);
double      vigil_limit_stepper_get_value       (VigilLimitStepper *self);
void        vigil_limit_stepper_set_value       (VigilLimitStepper *self,
                                                 double             value);
double      vigil_limit_stepper_get_min         (VigilLimitStepper *self);
void        vigil_limit_stepper_set_min         (VigilLimitStepper *self,
                                                 double             min);
double      vigil_limit_stepper_get_max         (VigilLimitStepper *self);
void        vigil_limit_stepper_set_max         (VigilLimitStepper *self,
                                                 double             max);
void        vigil_limit_stepper_set_range       (VigilLimitStepper *self,
                                                 double             min,
                                                 double             max);
double      vigil_limit_stepper_get_step        (VigilLimitStepper *self);
void        vigil_limit_stepper_set_step        (VigilLimitStepper *self,
                                                 double             step);
guint       vigil_limit_stepper_get_digits      (VigilLimitStepper *self);
void        vigil_limit_stepper_set_digits      (VigilLimitStepper *self,
                                                 guint              digits);

/* What is on screen, for tests and accessibility. */
const char *vigil_limit_stepper_get_value_text  (VigilLimitStepper *self);

G_END_DECLS
