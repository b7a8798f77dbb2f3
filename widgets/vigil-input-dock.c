/* vigil-input-dock.c — the on-screen keypad or keyboard, following focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The dock sits at the bottom of a window and watches the window's focus
 * widget. On a touchscreen the focus widget of a text field is the GtkText
 * inside it; the field a person sees (a GtkEntry, GtkSpinButton,
 * GtkPasswordEntry or GtkSearchEntry) is the editable ancestor that
 * delegates to it, and that is what the keys edit.
 *
 * A spin button, or a field whose input purpose is a number, digits, a
 * phone number or a PIN, gets the keypad (with a decimal point only where
 * a fraction makes sense); any other field gets the keyboard. Focus
 * anywhere else (a button, nothing) slides the dock away, so it never
 * covers the screen for nothing.
 *
 * "Hide" puts it away until the focus moves, or until the person taps the
 * field again. Disabled (a desktop with a real keyboard), it never shows.
 */

#include "vigil-input-dock.h"

#include <glib/gi18n-lib.h>

#include "vigil-keypad.h"
#include "vigil-onscreen-keyboard.h"

#define TRANSITION_MS 200

struct _VigilInputDock
{
  GtkWidget           parent_instance;

  GtkWidget          *revealer;
  GtkWidget          *stack;
  GtkWidget          *keypad;
  GtkWidget          *keyboard;
  GtkWidget          *hide_button;

  GtkWindow          *window;        /* weak */
  gulong              focus_handler;
  GtkWidget          *focus;         /* weak: the focused GtkText we watch */
  GtkEventController *focus_click;   /* weak: our tap gesture on it */

  GtkEditable        *target;        /* weak */
  gboolean            enabled;
  gboolean            user_hidden;
  gboolean            numeric;
};

G_DEFINE_FINAL_TYPE (VigilInputDock, vigil_input_dock, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_TARGET,
  PROP_NUMERIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (VigilInputDock *self);

/* The field around @focus that the keys should edit, or NULL when @focus
 * is not a text field that takes typing. */
static GtkEditable *
find_target (GtkWidget *focus,
             gboolean  *numeric,
             gboolean  *show_decimal)
{
  GtkEditable *target;
  GtkInputPurpose purpose = GTK_INPUT_PURPOSE_FREE_FORM;

  *numeric = FALSE;
  *show_decimal = TRUE;

  if (focus == NULL || !GTK_IS_EDITABLE (focus))
    return NULL;

  /* Outward from the GtkText, through each editable that delegates to
   * the one inside it: GtkEntry → GtkText, GtkSpinButton → GtkText. */
  target = GTK_EDITABLE (focus);
  for (GtkWidget *ancestor = gtk_widget_get_parent (focus);
       ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      if (GTK_IS_EDITABLE (ancestor) &&
          gtk_editable_get_delegate (GTK_EDITABLE (ancestor)) == target)
        target = GTK_EDITABLE (ancestor);
    }

  if (!gtk_editable_get_editable (target) || !gtk_widget_is_sensitive (GTK_WIDGET (target)))
    return NULL;

  if (GTK_IS_TEXT (focus))
    purpose = gtk_text_get_input_purpose (GTK_TEXT (focus));

  if (GTK_IS_SPIN_BUTTON (target))
    {
      *numeric = TRUE;
      *show_decimal = gtk_spin_button_get_digits (GTK_SPIN_BUTTON (target)) > 0;
    }
  else if (purpose == GTK_INPUT_PURPOSE_NUMBER)
    {
      *numeric = TRUE;
    }
  else if (purpose == GTK_INPUT_PURPOSE_DIGITS ||
           purpose == GTK_INPUT_PURPOSE_PHONE ||
           purpose == GTK_INPUT_PURPOSE_PIN)
    {
      *numeric = TRUE;
      *show_decimal = FALSE;
    }

  return target;
}

/* A tap on the field brings the hidden dock back: the focus is already
 * there, so no focus change would. */
static void
focus_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  VigilInputDock  *self)
{
  if (!self->user_hidden)
    return;

  self->user_hidden = FALSE;
  update (self);
}

static void
unwatch_focus (VigilInputDock *self)
{
  if (self->focus != NULL && self->focus_click != NULL)
    gtk_widget_remove_controller (self->focus, self->focus_click);

  g_clear_weak_pointer (&self->focus_click);
  g_clear_weak_pointer (&self->focus);
}

static void
watch_focus (VigilInputDock *self,
             GtkWidget      *focus)
{
  GtkGesture *click;

  if (focus == self->focus)
    return;

  unwatch_focus (self);
  if (focus == NULL)
    return;

  /* Capture phase, never claimed: the field's own gestures (cursor,
   * selection) still get the tap. */
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "vigil-input-dock-tap");
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (focus_pressed_cb), self, 0);
  gtk_widget_add_controller (focus, GTK_EVENT_CONTROLLER (click));

  g_set_weak_pointer (&self->focus, focus);
  g_set_weak_pointer (&self->focus_click, GTK_EVENT_CONTROLLER (click));
}

static void
update (VigilInputDock *self)
{
  GtkWidget *focus = NULL;
  GtkEditable *target = NULL;
  gboolean numeric = FALSE;
  gboolean show_decimal = TRUE;

  if (self->enabled && self->window != NULL)
    {
      focus = gtk_window_get_focus (self->window);
      target = find_target (focus, &numeric, &show_decimal);
    }

  watch_focus (self, target != NULL ? focus : NULL);

  if (self->user_hidden)
    {
      target = NULL;
      numeric = FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (target != NULL)
    {
      /* The other one lets go of its target, so a stray tap on it (during
       * the switch) cannot type into the field. */
      if (numeric)
        {
          vigil_onscreen_keyboard_set_target (VIGIL_ONSCREEN_KEYBOARD (self->keyboard), NULL);
          vigil_keypad_set_show_decimal (VIGIL_KEYPAD (self->keypad), show_decimal);
          vigil_keypad_set_target (VIGIL_KEYPAD (self->keypad), target);
          gtk_stack_set_visible_child (GTK_STACK (self->stack), self->keypad);
        }
      else
        {
          vigil_keypad_set_target (VIGIL_KEYPAD (self->keypad), NULL);
          vigil_onscreen_keyboard_set_target (VIGIL_ONSCREEN_KEYBOARD (self->keyboard), target);
          gtk_stack_set_visible_child (GTK_STACK (self->stack), self->keyboard);
        }
    }
  else
    {
      vigil_keypad_set_target (VIGIL_KEYPAD (self->keypad), NULL);
      vigil_onscreen_keyboard_set_target (VIGIL_ONSCREEN_KEYBOARD (self->keyboard), NULL);
    }

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), target != NULL);

  if (g_set_weak_pointer (&self->target, target))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);

  if (self->numeric != numeric)
    {
      self->numeric = numeric;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMERIC]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
focus_widget_changed_cb (GtkWindow      *window,
                         GParamSpec     *pspec,
                         VigilInputDock *self)
{
  self->user_hidden = FALSE;
  update (self);
}

static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilInputDock *self = VIGIL_INPUT_DOCK (widget);

  self->user_hidden = TRUE;
  update (self);
}

static void
detach (VigilInputDock *self)
{
  unwatch_focus (self);
  if (self->window != NULL)
    g_clear_signal_handler (&self->focus_handler, self->window);
  self->focus_handler = 0;
  g_clear_weak_pointer (&self->window);
}

/* GObject */

static void
vigil_input_dock_dispose (GObject *object)
{
  VigilInputDock *self = VIGIL_INPUT_DOCK (object);

  detach (self);
  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);
  self->stack = NULL;
  self->keypad = NULL;
  self->keyboard = NULL;
  self->hide_button = NULL;

  G_OBJECT_CLASS (vigil_input_dock_parent_class)->dispose (object);
}

static void
vigil_input_dock_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilInputDock *self = VIGIL_INPUT_DOCK (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    case PROP_NUMERIC:
      g_value_set_boolean (value, self->numeric);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_input_dock_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VigilInputDock *self = VIGIL_INPUT_DOCK (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      vigil_input_dock_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_input_dock_class_init (VigilInputDockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_input_dock_dispose;
  object_class->get_property = vigil_input_dock_get_property;
  object_class->set_property = vigil_input_dock_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, "Whether the dock follows focus (FALSE: never shown)",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, "The editable being edited, or NULL when hidden",
                         GTK_TYPE_EDITABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NUMERIC] =
    g_param_spec_boolean ("numeric", NULL, "Whether the keypad (not the keyboard) is up",
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "dock.hide", NULL, hide_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-input-dock");
}

static void
vigil_input_dock_init (VigilInputDock *self)
{
  GtkWidget *panel;
  GtkWidget *hide_box;
  GtkWidget *label;

  /* Off until the app turns it on (kiosk, touchscreen): on a desktop
   * with a keyboard it would only cover the screen. */
  self->enabled = FALSE;

  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_revealer_set_transition_duration (GTK_REVEALER (self->revealer), TRANSITION_MS);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));

  /* The panel has the background and padding, so a hidden dock takes no
   * room at all. */
  panel = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (panel, "panel");
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), panel);

  /* Sized to the key set shown, not to the bigger of the two. */
  self->stack = gtk_stack_new ();
  gtk_stack_set_hhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_widget_set_hexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (panel), self->stack);

  self->keypad = vigil_keypad_new ();
  gtk_widget_set_halign (self->keypad, GTK_ALIGN_CENTER);
  gtk_stack_add_named (GTK_STACK (self->stack), self->keypad, "keypad");

  self->keyboard = vigil_onscreen_keyboard_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), self->keyboard, "keyboard");

  hide_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  /* U+2328 KEYBOARD, U+25BE BLACK DOWN-POINTING SMALL TRIANGLE */
  label = gtk_label_new ("⌨");
  gtk_widget_add_css_class (label, "glyph");
  gtk_box_append (GTK_BOX (hide_box), label);
  label = gtk_label_new (_("Hide"));
  gtk_box_append (GTK_BOX (hide_box), label);
  label = gtk_label_new ("▾");
  gtk_widget_add_css_class (label, "glyph");
  gtk_box_append (GTK_BOX (hide_box), label);

  self->hide_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->hide_button), hide_box);
  gtk_widget_add_css_class (self->hide_button, "hide");
  gtk_widget_set_valign (self->hide_button, GTK_ALIGN_START);
  gtk_widget_set_focus_on_click (self->hide_button, FALSE);
  gtk_widget_set_can_focus (self->hide_button, FALSE);
  gtk_widget_set_focusable (self->hide_button, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->hide_button), "dock.hide");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->hide_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hide keyboard"),
                                  -1);
  gtk_box_append (GTK_BOX (panel), self->hide_button);
}

/**
 * vigil_input_dock_new:
 *
 * Returns: (transfer floating): a disabled dock: it shows nothing until
 *   vigil_input_dock_set_enabled() turns it on and
 *   vigil_input_dock_attach() gives it a window to watch
 */
GtkWidget *
vigil_input_dock_new (void)
{
  return g_object_new (VIGIL_TYPE_INPUT_DOCK, NULL);
}

/**
 * vigil_input_dock_attach:
 * @window: (nullable): the window whose focus the dock follows, usually
 *   the one it is in; %NULL to stop following
 */
void
vigil_input_dock_attach (VigilInputDock *self,
                         GtkWindow      *window)
{
  g_return_if_fail (VIGIL_IS_INPUT_DOCK (self));
  g_return_if_fail (window == NULL || GTK_IS_WINDOW (window));

  if (window == self->window)
    return;

  detach (self);
  if (window != NULL)
    {
      g_set_weak_pointer (&self->window, window);
      self->focus_handler = g_signal_connect (window, "notify::focus-widget",
                                              G_CALLBACK (focus_widget_changed_cb), self);
    }

  self->user_hidden = FALSE;
  update (self);
}

void
vigil_input_dock_set_enabled (VigilInputDock *self,
                              gboolean        enabled)
{
  g_return_if_fail (VIGIL_IS_INPUT_DOCK (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

gboolean
vigil_input_dock_get_enabled (VigilInputDock *self)
{
  g_return_val_if_fail (VIGIL_IS_INPUT_DOCK (self), FALSE);

  return self->enabled;
}

GtkEditable *
vigil_input_dock_get_target (VigilInputDock *self)
{
  g_return_val_if_fail (VIGIL_IS_INPUT_DOCK (self), NULL);

  return self->target;
}

gboolean
vigil_input_dock_is_numeric (VigilInputDock *self)
{
  g_return_val_if_fail (VIGIL_IS_INPUT_DOCK (self), FALSE);

  return self->numeric;
}
