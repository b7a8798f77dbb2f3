/* vigil-keypad.c — an on-screen numeric keypad for gloved fingers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A phone-style 3 × 4 grid (1 2 3 / 4 5 6 / 7 8 9 / point 0 ⌫) and a tall
 * Enter key on the right. Keys are at least 64 px for gloved fingers, 8 px
 * apart, and light up (inverted colours) while pressed, so a nurse sees the
 * press land.
 *
 * No key can take focus: the entry being edited keeps the focus and its
 * cursor, and the keypad edits it where the cursor is, as a hardware
 * keyboard would. Every key goes through the widget action
 * "keypad.press" (a string: "0"–"9", the decimal point, "backspace",
 * "enter"), which emits "key" and then edits the target.
 *
 * The decimal point is the locale's (a comma in Spanish), the one
 * GtkSpinButton and vigil_dose_parse_value () accept.
 */

#include "vigil-keypad.h"
#include "vigil-keypad-private.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

struct _VigilKeypad
{
  GtkWidget    parent_instance;

  GtkWidget   *grid;
  GtkWidget   *decimal_button;

  GtkEditable *target;          /* weak */
  char        *decimal_point;
  gboolean     show_decimal;
};

G_DEFINE_FINAL_TYPE (VigilKeypad, vigil_keypad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TARGET,
  PROP_SHOW_DECIMAL,
  N_PROPS
};

enum {
  KEY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Editing, shared with the on-screen keyboard (vigil-keypad-private.h) */

void
vigil_keypad_edit_insert (GtkEditable *target,
                          const char  *text)
{
  int start;
  int end;
  int position;

  g_return_if_fail (GTK_IS_EDITABLE (target));
  g_return_if_fail (text != NULL);

  /* gtk_editable_insert_text () ignores "editable": a read-only field
   * must stay as it is, as it would for a hardware keyboard. */
  if (!gtk_editable_get_editable (target))
    return;

  if (gtk_editable_get_selection_bounds (target, &start, &end))
    {
      gtk_editable_delete_text (target, start, end);
      position = start;
    }
  else
    {
      position = gtk_editable_get_position (target);
    }

  gtk_editable_insert_text (target, text, -1, &position);
  gtk_editable_set_position (target, position);
}

void
vigil_keypad_edit_backspace (GtkEditable *target)
{
  int start;
  int end;

  g_return_if_fail (GTK_IS_EDITABLE (target));

  if (!gtk_editable_get_editable (target))
    return;

  if (gtk_editable_get_selection_bounds (target, &start, &end))
    {
      gtk_editable_delete_text (target, start, end);
      gtk_editable_set_position (target, start);
      return;
    }

  start = gtk_editable_get_position (target);
  if (start > 0)
    {
      gtk_editable_delete_text (target, start - 1, start);
      gtk_editable_set_position (target, start - 1);
    }
}

void
vigil_keypad_edit_enter (GtkEditable *target)
{
  GtkEditable *inner = target;
  GtkEditable *delegate;

  g_return_if_fail (GTK_IS_EDITABLE (target));

  /* A spin button takes the typed value (clamped, rounded) now. */
  if (GTK_IS_SPIN_BUTTON (target))
    gtk_spin_button_update (GTK_SPIN_BUTTON (target));

  /* A hardware Enter is the GtkText's "activate" keybinding signal: the
   * entry around it re-emits it as its own "activate", and the GtkText
   * activates the window's default widget when "activates-default" is
   * set. (GTK 4.8 gives neither an activate_signal for
   * gtk_widget_activate ().) */
  while ((delegate = gtk_editable_get_delegate (inner)) != NULL)
    inner = delegate;

  if (g_signal_lookup ("activate", G_OBJECT_TYPE (inner)) != 0)
    g_signal_emit_by_name (inner, "activate");
  else
    gtk_widget_activate (GTK_WIDGET (inner));
}

/* Keys */

static gboolean
is_digit_key (const char *key)
{
  return key[0] >= '0' && key[0] <= '9' && key[1] == '\0';
}

static gboolean
is_decimal_key (VigilKeypad *self,
                const char  *key)
{
  return g_str_equal (key, "decimal") || g_str_equal (key, self->decimal_point);
}

static void
press_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  vigil_keypad_press (VIGIL_KEYPAD (widget), g_variant_get_string (parameter, NULL));
}

static GtkWidget *
add_key (VigilKeypad *self,
         const char  *label,
         const char  *key,
         const char  *css_class,
         const char  *accessible_label,
         int          column,
         int          row,
         int          height)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "key");
  gtk_widget_add_css_class (button, css_class);
  /* The target entry keeps the focus and its cursor. */
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_can_focus (button, FALSE);
  gtk_widget_set_focusable (button, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "keypad.press");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_grid_attach (GTK_GRID (self->grid), button, column, row, 1, height);

  return button;
}

/* GObject */

static void
vigil_keypad_dispose (GObject *object)
{
  VigilKeypad *self = VIGIL_KEYPAD (object);

  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  self->decimal_button = NULL;

  G_OBJECT_CLASS (vigil_keypad_parent_class)->dispose (object);
}

static void
vigil_keypad_finalize (GObject *object)
{
  VigilKeypad *self = VIGIL_KEYPAD (object);

  g_clear_pointer (&self->decimal_point, g_free);

  G_OBJECT_CLASS (vigil_keypad_parent_class)->finalize (object);
}

static void
vigil_keypad_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilKeypad *self = VIGIL_KEYPAD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    case PROP_SHOW_DECIMAL:
      g_value_set_boolean (value, self->show_decimal);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_keypad_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VigilKeypad *self = VIGIL_KEYPAD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      vigil_keypad_set_target (self, g_value_get_object (value));
      break;

    case PROP_SHOW_DECIMAL:
      vigil_keypad_set_show_decimal (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_keypad_class_init (VigilKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_keypad_dispose;
  object_class->finalize = vigil_keypad_finalize;
  object_class->get_property = vigil_keypad_get_property;
  object_class->set_property = vigil_keypad_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, "The editable the keys type into",
                         GTK_TYPE_EDITABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW_DECIMAL] =
    g_param_spec_boolean ("show-decimal", NULL, "Whether the decimal point key is shown",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilKeypad::key:
   * @key: "0"–"9", the locale's decimal point, "backspace" or "enter"
   *
   * A key was pressed; emitted before the key edits the target.
   */
  signals[KEY] =
    g_signal_new ("key",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "keypad.press", "s", press_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-keypad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vigil_keypad_init (VigilKeypad *self)
{
  static const char * const digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };
  const char *point = localeconv ()->decimal_point;

  self->show_decimal = TRUE;
  self->decimal_point = g_strdup (point != NULL && point[0] != '\0' ? point : ".");

  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Numeric keypad"),
                                  -1);

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    add_key (self, digits[i], digits[i], "digit", digits[i], i % 3, i / 3, 1);

  /* An empty cell when hidden: the 0 stays under the 8. */
  self->decimal_button = add_key (self, self->decimal_point, self->decimal_point, "decimal",
                                  _("Decimal point"), 0, 3, 1);
  add_key (self, "0", "0", "digit", "0", 1, 3, 1);
  /* U+232B ERASE TO THE LEFT */
  add_key (self, "⌫", "backspace", "backspace", _("Delete"), 2, 3, 1);
  add_key (self, _("Enter"), "enter", "enter", _("Enter"), 3, 0, 4);
}

/**
 * vigil_keypad_new:
 *
 * Returns: (transfer floating): a keypad with no target; it only emits
 *   "key" until vigil_keypad_set_target() gives it one
 */
GtkWidget *
vigil_keypad_new (void)
{
  return g_object_new (VIGIL_TYPE_KEYPAD, NULL);
}

/**
 * vigil_keypad_set_target:
 * @target: (nullable): the entry or spin button to type into
 *
 * The keypad does not keep @target alive: when it goes, the target is
 * unset.
 */
void
vigil_keypad_set_target (VigilKeypad *self,
                         GtkEditable *target)
{
  g_return_if_fail (VIGIL_IS_KEYPAD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target));

  if (g_set_weak_pointer (&self->target, target))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

GtkEditable *
vigil_keypad_get_target (VigilKeypad *self)
{
  g_return_val_if_fail (VIGIL_IS_KEYPAD (self), NULL);

  return self->target;
}

void
vigil_keypad_set_show_decimal (VigilKeypad *self,
                               gboolean     show)
{
  g_return_if_fail (VIGIL_IS_KEYPAD (self));

  show = !!show;
  if (self->show_decimal == show)
    return;

  self->show_decimal = show;
  gtk_widget_set_visible (self->decimal_button, show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DECIMAL]);
}

gboolean
vigil_keypad_get_show_decimal (VigilKeypad *self)
{
  g_return_val_if_fail (VIGIL_IS_KEYPAD (self), FALSE);

  return self->show_decimal;
}

const char *
vigil_keypad_get_decimal_point (VigilKeypad *self)
{
  g_return_val_if_fail (VIGIL_IS_KEYPAD (self), NULL);

  return self->decimal_point;
}

/**
 * vigil_keypad_press:
 * @key: "0"–"9", the decimal point (the locale's, or "decimal"),
 *   "backspace" or "enter"
 *
 * Does what a tap on the key does: emits "key", then edits the target.
 * The decimal point does nothing while its key is hidden.
 */
void
vigil_keypad_press (VigilKeypad *self,
                    const char  *key)
{
  g_autoptr(GtkEditable) target = NULL;
  const char *text = NULL;

  g_return_if_fail (VIGIL_IS_KEYPAD (self));
  g_return_if_fail (key != NULL);

  if (is_digit_key (key))
    {
      text = key;
    }
  else if (is_decimal_key (self, key))
    {
      if (!self->show_decimal)
        return;
      text = key = self->decimal_point;
    }
  else if (!g_str_equal (key, "backspace") && !g_str_equal (key, "enter"))
    {
      g_critical ("%s: no key “%s” on the keypad", G_STRFUNC, key);
      return;
    }

  /* A "key" handler may move the target, or destroy it. */
  g_signal_emit (self, signals[KEY], 0, key);

  if (self->target == NULL)
    return;
  target = g_object_ref (self->target);

  if (text != NULL)
    vigil_keypad_edit_insert (target, text);
  else if (g_str_equal (key, "backspace"))
    vigil_keypad_edit_backspace (target);
  else
    vigil_keypad_edit_enter (target);
}
