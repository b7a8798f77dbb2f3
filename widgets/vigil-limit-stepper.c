/* vigil-limit-stepper.c — a large touch stepper for one alarm limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Title on top ("SpO₂ low"), then a big − button, the value with its unit,
 * and a big + button: no slider to drag, no small arrows, nothing a gloved
 * finger can hit by accident on the way past.
 *
 * The buttons and the keyboard (Up/Down, +/−, Page Up/Down while the
 * stepper or a button has focus) go through the widget actions
 * "stepper.increase" and "stepper.decrease"; an action is disabled at its
 * end of the range, which greys its button. Only those actions emit
 * "value-changed": the app's own vigil_limit_stepper_set_value() (loading a
 * session's limits) notifies "value" but is not taken for a person's
 * change, so it is not logged as one.
 *
 * Steps land on the grid min + k × step, so a value loaded off the grid
 * (52 with step 5) goes to 55 or 50, never to 57.
 */

#include "vigil-limit-stepper.h"

#include <glib/gi18n-lib.h>
#include <math.h>

struct _VigilLimitStepper
{
  GtkWidget  parent_instance;

  GtkWidget *title_label;
  GtkWidget *row;
  GtkWidget *decrease_button;
  GtkWidget *value_label;
  GtkWidget *unit_label;
  GtkWidget *increase_button;

  char      *title;
  char      *unit;
  double     value;
  double     min;
  double     max;
  double     step;
  guint      digits;
};

G_DEFINE_FINAL_TYPE (VigilLimitStepper, vigil_limit_stepper, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  PROP_VALUE,
  PROP_MIN,
  PROP_MAX,
  PROP_STEP,
  PROP_DIGITS,
  N_PROPS
};

enum {
  VALUE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Beyond any alarm limit; it bounds the printf and pow (). */
#define MAX_DIGITS 6

/* g_set_str () is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* To the shown precision, so 0.1 + 0.2 does not become 0.30000000000000004
 * and the value stored is the value shown. */
static double
round_to_digits (double value,
                 guint  digits)
{
  double scale = pow (10.0, digits);

  return round (value * scale) / scale;
}

static double
clamp_value (VigilLimitStepper *self,
             double             value)
{
  value = round_to_digits (value, self->digits);
  if (value > self->max)
    value = self->max;
  if (value < self->min)
    value = self->min;
  /* "-0" reads as a sign error. */
  return value == 0 ? 0.0 : value;
}

static void
update_display (VigilLimitStepper *self)
{
  g_autofree char *text = g_strdup_printf ("%.*f", (int) self->digits, self->value);
  g_autofree char *with_unit = NULL;

  gtk_label_set_text (GTK_LABEL (self->value_label), text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stepper.increase", self->value < self->max);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stepper.decrease", self->value > self->min);

  with_unit = self->unit != NULL && self->unit[0] != '\0'
                ? g_strdup_printf ("%s %s", text, self->unit)
                : g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, self->min,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, self->max,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->value,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, with_unit,
                                  -1);
}

/* Returns: whether the value changed */
static gboolean
store_value (VigilLimitStepper *self,
             double             value)
{
  value = clamp_value (self, value);
  if (value == self->value)
    return FALSE;

  self->value = value;
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
  return TRUE;
}

/* The next grid point above (direction > 0) or below the value. */
static double
next_value (VigilLimitStepper *self,
            int                direction)
{
  double k;
  double n;

  if (!(self->step > 0))
    return self->value;

  /* The tolerance keeps a value on the grid (up to rounding) on it. */
  k = (self->value - self->min) / self->step;
  n = direction > 0 ? floor (k + 1e-6) + 1 : ceil (k - 1e-6) - 1;

  return self->min + n * self->step;
}

static void
user_step (VigilLimitStepper *self,
           int                direction)
{
  if (store_value (self, next_value (self, direction)))
    g_signal_emit (self, signals[VALUE_CHANGED], 0);
}

static void
increase_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  user_step (VIGIL_LIMIT_STEPPER (widget), +1);
}

static void
decrease_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  user_step (VIGIL_LIMIT_STEPPER (widget), -1);
}

static void
vigil_limit_stepper_dispose (GObject *object)
{
  VigilLimitStepper *self = VIGIL_LIMIT_STEPPER (object);

  g_clear_pointer (&self->title_label, gtk_widget_unparent);
  g_clear_pointer (&self->row, gtk_widget_unparent);
  self->decrease_button = NULL;
  self->value_label = NULL;
  self->unit_label = NULL;
  self->increase_button = NULL;

  G_OBJECT_CLASS (vigil_limit_stepper_parent_class)->dispose (object);
}

static void
vigil_limit_stepper_finalize (GObject *object)
{
  VigilLimitStepper *self = VIGIL_LIMIT_STEPPER (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (vigil_limit_stepper_parent_class)->finalize (object);
}

static void
vigil_limit_stepper_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilLimitStepper *self = VIGIL_LIMIT_STEPPER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_VALUE:
      g_value_set_double (value, self->value);
      break;

    case PROP_MIN:
      g_value_set_double (value, self->min);
      break;

    case PROP_MAX:
      g_value_set_double (value, self->max);
      break;

    case PROP_STEP:
      g_value_set_double (value, self->step);
      break;

    case PROP_DIGITS:
      g_value_set_uint (value, self->digits);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_limit_stepper_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VigilLimitStepper *self = VIGIL_LIMIT_STEPPER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      vigil_limit_stepper_set_title (self, g_value_get_string (value));
      break;

    case PROP_UNIT:
      vigil_limit_stepper_set_unit (self, g_value_get_string (value));
      break;

    case PROP_VALUE:
      vigil_limit_stepper_set_value (self, g_value_get_double (value));
      break;

    case PROP_MIN:
      vigil_limit_stepper_set_min (self, g_value_get_double (value));
      break;

    case PROP_MAX:
      vigil_limit_stepper_set_max (self, g_value_get_double (value));
      break;

    case PROP_STEP:
      vigil_limit_stepper_set_step (self, g_value_get_double (value));
      break;

    case PROP_DIGITS:
      vigil_limit_stepper_set_digits (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_limit_stepper_class_init (VigilLimitStepperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint up_keys[] = { GDK_KEY_Up, GDK_KEY_KP_Up, GDK_KEY_plus, GDK_KEY_KP_Add,
                                   GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up };
  static const guint down_keys[] = { GDK_KEY_Down, GDK_KEY_KP_Down, GDK_KEY_minus, GDK_KEY_KP_Subtract,
                                     GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down };

  object_class->dispose = vigil_limit_stepper_dispose;
  object_class->finalize = vigil_limit_stepper_finalize;
  object_class->get_property = vigil_limit_stepper_get_property;
  object_class->set_property = vigil_limit_stepper_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, "What the limit is, e.g. “SpO₂ low”",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, "Unit shown after the value",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_VALUE] =
    g_param_spec_double ("value", NULL, "The limit, kept within min and max",
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MIN] =
    g_param_spec_double ("min", NULL, "Lowest value a person can set",
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX] =
    g_param_spec_double ("max", NULL, "Highest value a person can set",
                         -G_MAXDOUBLE, G_MAXDOUBLE, 100,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STEP] =
    g_param_spec_double ("step", NULL, "How much one press changes the value",
                         G_MINDOUBLE, G_MAXDOUBLE, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DIGITS] =
    g_param_spec_uint ("digits", NULL, "Decimals shown, and the precision the value is kept to",
                       0, MAX_DIGITS, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilLimitStepper::value-changed:
   *
   * A person changed the value with a button or the keyboard. Not
   * emitted for vigil_limit_stepper_set_value() or a range change.
   */
  signals[VALUE_CHANGED] =
    g_signal_new ("value-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "stepper.increase", NULL, increase_action);
  gtk_widget_class_install_action (widget_class, "stepper.decrease", NULL, decrease_action);

  for (guint i = 0; i < G_N_ELEMENTS (up_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, up_keys[i], 0, "stepper.increase", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (down_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, down_keys[i], 0, "stepper.decrease", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-limit-stepper");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SPIN_BUTTON);
}

static GtkWidget *
new_step_button (const char *symbol,
                 const char *css_class,
                 const char *action_name,
                 const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_with_label (symbol);

  gtk_widget_add_css_class (button, "step");
  gtk_widget_add_css_class (button, css_class);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  return button;
}

static void
vigil_limit_stepper_init (VigilLimitStepper *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (widget);
  GtkWidget *value_box;

  self->max = 100;
  self->step = 1;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_set_focusable (widget, TRUE);

  self->title_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title_label, "title");
  gtk_widget_set_parent (self->title_label, widget);

  self->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->row, widget);

  /* U+2212 MINUS SIGN: as wide as the plus, unlike a hyphen. */
  self->decrease_button = new_step_button ("−", "decrease", "stepper.decrease", _("Decrease"));
  gtk_box_append (GTK_BOX (self->row), self->decrease_button);

  value_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (value_box, TRUE);
  gtk_widget_set_halign (value_box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (value_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->row), value_box);

  self->value_label = gtk_label_new ("0");
  gtk_label_set_xalign (GTK_LABEL (self->value_label), 1);
  gtk_widget_set_valign (self->value_label, GTK_ALIGN_BASELINE);
  gtk_widget_add_css_class (self->value_label, "value");
  gtk_widget_add_css_class (self->value_label, "numeric");
  gtk_box_append (GTK_BOX (value_box), self->value_label);

  self->unit_label = gtk_label_new (NULL);
  gtk_widget_set_valign (self->unit_label, GTK_ALIGN_BASELINE);
  gtk_widget_add_css_class (self->unit_label, "unit");
  gtk_box_append (GTK_BOX (value_box), self->unit_label);

  self->increase_button = new_step_button ("+", "increase", "stepper.increase", _("Increase"));
  gtk_box_append (GTK_BOX (self->row), self->increase_button);

  update_display (self);
}

/**
 * vigil_limit_stepper_new:
 * @title: what the limit is, e.g. "SpO₂ low"
 * @unit: (nullable): e.g. "%"
 * @min: lowest value a person can set
 * @max: highest value a person can set
 * @step: change per press, > 0
 * @digits: decimals shown
 *
 * Returns: (transfer floating): a stepper at @min; set its value with
 *   vigil_limit_stepper_set_value()
 */
GtkWidget *
vigil_limit_stepper_new (const char *title,
                         const char *unit,
                         double      min,
                         double      max,
                         double      step,
                         guint       digits)
{
  VigilLimitStepper *self;

  g_return_val_if_fail (min <= max, NULL);
  g_return_val_if_fail (step > 0, NULL);
  g_return_val_if_fail (digits <= MAX_DIGITS, NULL);

  self = g_object_new (VIGIL_TYPE_LIMIT_STEPPER,
                       "title", title,
                       "unit", unit,
                       "digits", digits,
                       "step", step,
                       NULL);
  vigil_limit_stepper_set_range (self, min, max);
  vigil_limit_stepper_set_value (self, min);

  return GTK_WIDGET (self);
}

const char *
vigil_limit_stepper_get_title (VigilLimitStepper *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMIT_STEPPER (self), NULL);

  return self->title;
}

void
vigil_limit_stepper_set_title (VigilLimitStepper *self,
                               const char        *title)
{
  g_return_if_fail (VIGIL_IS_LIMIT_STEPPER (self));

  if (!set_str (&self->title, title))
    return;

  gtk_label_set_text (GTK_LABEL (self->title_label), title != NULL ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title != NULL ? title : "",
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
vigil_limit_stepper_get_unit (VigilLimitStepper *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMIT_STEPPER (self), NULL);

  return self->unit;
}

void
vigil_limit_stepper_set_unit (VigilLimitStepper *self,
                              const char        *unit)
{
  g_return_if_fail (VIGIL_IS_LIMIT_STEPPER (self));

  if (!set_str (&self->unit, unit))
    return;

  gtk_label_set_text (GTK_LABEL (self->unit_label), unit != NULL ? unit : "");
  gtk_widget_set_visible (self->unit_label, unit != NULL && unit[0] != '\0');
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

double
vigil_limit_stepper_get_value (VigilLimitStepper *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMIT_STEPPER (self), 0);

  return self->value;
}

/**
 * vigil_limit_stepper_set_value:
 *
 * Sets the value from the program (kept within min and max, rounded to
 * the digits shown). Notifies "value"; does not emit "value-changed".
 */
void
vigil_limit_stepper_set_value (VigilLimitStepper *self,
                               double             value)
{
  g_return_if_fail (VIGIL_IS_LIMIT_STEPPER (self));
  g_return_if_fail (isfinite (value));

  store_value (self, value);
}

double
vigil_limit_stepper_get_min (VigilLimitStepper *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMIT_STEPPER (self), 0);

  return self->min;
}

void
vigil_limit_stepper_set_min (VigilLimitStepper *self,
                             double             min)
{
  g_return_if_fail (VIGIL_IS_LIMIT_STEPPER (self));
  g_return_if_fail (isfinite (min));

  if (self->min == min)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->min = min;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN]);
  if (!store_value (self, self->value))
    update_display (self);
  g_object_thaw_notify (G_OBJECT (self));
}

double
vigil_limit_stepper_get_max (VigilLimitStepper *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMIT_STEPPER (self), 0);

  return self->max;
}

void
vigil_limit_stepper_set_max (VigilLimitStepper *self,
                             double             max)
{
  g_return_if_fail (VIGIL_IS_LIMIT_STEPPER (self));
  g_return_if_fail (isfinite (max));

  if (self->max == max)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->max = max;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX]);
  if (!store_value (self, self->value))
    update_display (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * vigil_limit_stepper_set_range:
 *
 * Sets both ends at once, so no intermediate range clamps the value.
 */
void
vigil_limit_stepper_set_range (VigilLimitStepper *self,
                               double             min,
                               double             max)
{
  g_return_if_fail (VIGIL_IS_LIMIT_STEPPER (self));
  g_return_if_fail (isfinite (min) && isfinite (max) && min <= max);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->min != min)
    {
      self->min = min;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN]);
    }
  if (self->max != max)
    {
      self->max = max;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX]);
    }
  if (!store_value (self, self->value))
    update_display (self);
  g_object_thaw_notify (G_OBJECT (self));
}

double
vigil_limit_stepper_get_step (VigilLimitStepper *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMIT_STEPPER (self), 0);

  return self->step;
}

void
vigil_limit_stepper_set_step (VigilLimitStepper *self,
                              double             step)
{
  g_return_if_fail (VIGIL_IS_LIMIT_STEPPER (self));
  g_return_if_fail (isfinite (step) && step > 0);

  if (self->step == step)
    return;

  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

guint
vigil_limit_stepper_get_digits (VigilLimitStepper *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMIT_STEPPER (self), 0);

  return self->digits;
}

void
vigil_limit_stepper_set_digits (VigilLimitStepper *self,
                                guint              digits)
{
  g_return_if_fail (VIGIL_IS_LIMIT_STEPPER (self));
  g_return_if_fail (digits <= MAX_DIGITS);

  if (self->digits == digits)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->digits = digits;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIGITS]);
  if (!store_value (self, self->value))
    update_display (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * vigil_limit_stepper_get_value_text:
 *
 * Returns: the value as shown, without unit: "90", "36.5"
 */
const char *
vigil_limit_stepper_get_value_text (VigilLimitStepper *self)
{
  g_return_val_if_fail (VIGIL_IS_LIMIT_STEPPER (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->value_label));
}
