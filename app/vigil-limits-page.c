/* vigil-limits-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One large stepper per limit. A change goes through the alarm engine, which
 * validates it, logs it with the person's name and re-evaluates at once; a
 * refused value puts the stepper back and says why. There is deliberately no
 * switch to turn an alarm off.
 */
#include "vigil-limits-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigil-limit-stepper.h"

/* Ranges come from the limits themselves (vigil_alarm_limits_get_range),
 * so the page can never offer a value the alarm system would refuse. */
typedef struct
{
  VigilAlarmId  id;
  gboolean      second;     /* threshold2 rather than threshold */
  const char   *title;
  const char   *unit;
  double        step;
} LimitRow;

static const LimitRow limit_rows[] = {
  { VIGIL_ALARM_HR_HIGH, FALSE, N_("HR high"), N_("/min"), 5 },
  { VIGIL_ALARM_HR_VERY_HIGH, FALSE, N_("HR very high"), N_("/min"), 5 },
  { VIGIL_ALARM_HR_LOW, FALSE, N_("HR low"), N_("/min"), 5 },
  { VIGIL_ALARM_HR_VERY_LOW, FALSE, N_("HR very low"), N_("/min"), 5 },
  { VIGIL_ALARM_SPO2_LOW, FALSE, N_("SpO₂ low"), N_("%"), 1 },
  { VIGIL_ALARM_SPO2_DESATURATION, FALSE, N_("SpO₂ desaturation"), N_("%"), 1 },
  { VIGIL_ALARM_NIBP_HIGH, FALSE, N_("Systolic high"), N_("mmHg"), 5 },
  { VIGIL_ALARM_NIBP_HIGH, TRUE, N_("Diastolic high"), N_("mmHg"), 5 },
  { VIGIL_ALARM_NIBP_SEVERE, FALSE, N_("Systolic severe"), N_("mmHg"), 5 },
  { VIGIL_ALARM_NIBP_SEVERE, TRUE, N_("Diastolic severe"), N_("mmHg"), 5 },
  { VIGIL_ALARM_NIBP_LOW, FALSE, N_("Systolic low"), N_("mmHg"), 5 },
  { VIGIL_ALARM_NIBP_SEVERE_LOW, FALSE, N_("Systolic severe low"), N_("mmHg"), 5 },
  { VIGIL_ALARM_NIBP_SEVERE_LOW, TRUE, N_("MAP severe low"), N_("mmHg"), 5 },
  { VIGIL_ALARM_NIBP_RISE, FALSE, N_("Systolic rise"), N_("mmHg"), 5 },
  { VIGIL_ALARM_NIBP_RISE, TRUE, N_("Diastolic rise"), N_("mmHg"), 5 },
};

struct _VigilLimitsPage
{
  GtkWidget         parent_instance;

  VigilAlarmEngine *engine;
  char             *user_name;
  char             *error_text;
  GtkWidget        *steppers[G_N_ELEMENTS (limit_rows)];
  gboolean          refreshing;

  /* template children */
  GtkWidget        *scroller;
  GtkLabel         *intro_label;
  GtkLabel         *error_label;
  GtkGrid          *grid;
};

G_DEFINE_FINAL_TYPE (VigilLimitsPage, vigil_limits_page, GTK_TYPE_WIDGET)

static double
current_value (VigilLimitsPage *self,
               const LimitRow  *row)
{
  const VigilAlarmSetting *setting;

  setting = vigil_alarm_limits_get (vigil_alarm_engine_get_limits (self->engine), row->id);
  return row->second ? setting->threshold2 : setting->threshold;
}

static void
refresh_steppers (VigilLimitsPage *self)
{
  if (self->engine == NULL)
    return;

  /* Programmatic values do not emit value-changed, but be explicit. */
  self->refreshing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (limit_rows); i++)
    vigil_limit_stepper_set_value (VIGIL_LIMIT_STEPPER (self->steppers[i]),
                                   current_value (self, &limit_rows[i]));
  self->refreshing = FALSE;
}

static void
set_error (VigilLimitsPage *self,
           const char      *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
on_stepper_changed (VigilLimitStepper *stepper,
                    VigilLimitsPage   *self)
{
  g_autoptr(GError) error = NULL;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (stepper), "vigil-row"));
  const LimitRow *row = &limit_rows[index];

  if (self->refreshing || self->engine == NULL)
    return;

  if (!vigil_alarm_engine_set_threshold (self->engine, row->id, row->second,
                                         vigil_limit_stepper_get_value (stepper),
                                         self->user_name, &error))
    {
      set_error (self, error->message);
      refresh_steppers (self);
      return;
    }
  set_error (self, NULL);
}

static void
on_limits_changed (VigilAlarmLimits *limits,
                   VigilAlarmId      id,
                   VigilLimitsPage  *self)
{
  refresh_steppers (self);
}

static void
update_intro (VigilLimitsPage *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Alarm limits for this session, starting from the clinic's settings. "
                            "Every change takes effect at once and is logged with your name (%s) and the time."),
                          self->user_name != NULL ? self->user_name : "");
  gtk_label_set_label (self->intro_label, text);
}

void
vigil_limits_page_set_engine (VigilLimitsPage  *self,
                              VigilAlarmEngine *engine)
{
  g_return_if_fail (VIGIL_IS_LIMITS_PAGE (self));
  g_return_if_fail (engine == NULL || VIGIL_IS_ALARM_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (vigil_alarm_engine_get_limits (self->engine), self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (vigil_alarm_engine_get_limits (engine), "changed",
                             G_CALLBACK (on_limits_changed), self, 0);
  refresh_steppers (self);
}

void
vigil_limits_page_set_user_name (VigilLimitsPage *self,
                                 const char      *user_name)
{
  g_return_if_fail (VIGIL_IS_LIMITS_PAGE (self));

  g_free (self->user_name);
  self->user_name = g_strdup (user_name);
  update_intro (self);
}

GtkWidget *
vigil_limits_page_get_stepper (VigilLimitsPage *self,
                               VigilAlarmId     id,
                               gboolean         second)
{
  g_return_val_if_fail (VIGIL_IS_LIMITS_PAGE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (limit_rows); i++)
    if (limit_rows[i].id == id && limit_rows[i].second == second)
      return self->steppers[i];
  return NULL;
}

/* The last refusal shown on the page, or %NULL. */
const char *
vigil_limits_page_get_error (VigilLimitsPage *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMITS_PAGE (self), NULL);
  return self->error_text;
}

static void
vigil_limits_page_dispose (GObject *object)
{
  VigilLimitsPage *self = VIGIL_LIMITS_PAGE (object);
  GtkWidget *child;

  vigil_limits_page_set_engine (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_LIMITS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vigil_limits_page_parent_class)->dispose (object);
}

static void
vigil_limits_page_finalize (GObject *object)
{
  VigilLimitsPage *self = VIGIL_LIMITS_PAGE (object);

  g_free (self->user_name);
  g_free (self->error_text);

  G_OBJECT_CLASS (vigil_limits_page_parent_class)->finalize (object);
}

static void
vigil_limits_page_class_init (VigilLimitsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_limits_page_dispose;
  object_class->finalize = vigil_limits_page_finalize;

  g_type_ensure (VIGIL_TYPE_LIMIT_STEPPER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-limits-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-limits-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilLimitsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, VigilLimitsPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, VigilLimitsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilLimitsPage, grid);
}

static void
vigil_limits_page_init (VigilLimitsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (limit_rows); i++)
    {
      const LimitRow *row = &limit_rows[i];
      double min = 0, max = 0;
      GtkWidget *stepper;

      if (!vigil_alarm_limits_get_range (row->id, row->second, &min, &max))
        g_assert_not_reached ();
      stepper = vigil_limit_stepper_new (_(row->title), _(row->unit), min, max, row->step, 0);

      g_object_set_data (G_OBJECT (stepper), "vigil-row", GUINT_TO_POINTER (i));
      g_signal_connect (stepper, "value-changed", G_CALLBACK (on_stepper_changed), self);
      gtk_grid_attach (self->grid, stepper, i % 2, i / 2, 1, 1);
      self->steppers[i] = stepper;
    }
  set_error (self, NULL);
  update_intro (self);
}
