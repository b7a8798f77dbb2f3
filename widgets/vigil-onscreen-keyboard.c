/* vigil-onscreen-keyboard.c — an on-screen text keyboard with Spanish letters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Five rows on a 15-column grid:
 *
 *   1 2 3 4 5 6 7 8 9 0 ' ¿ ¡ [ ⌫ ]
 *   q w e r t y u i o p á é í ó ú
 *   a s d f g h j k l ñ ü @ [ Enter ]
 *   [⇧] z x c v b n m , . - / [⇧]
 *         [       space       ]
 *
 * Every Spanish letter and mark has its own key, so nothing needs a
 * long-press (which a gloved finger does by accident and a hurried one
 * never finds). Shift is one-shot: it shows the capitals on the keys, and
 * the next character typed turns it off.
 *
 * Keys are at least 48 × 48 px, 8 px apart, and the whole keyboard fits a
 * 1280 px window. Like the keypad, no key takes focus: the entry keeps its
 * cursor and the keys edit it there. Every key goes through the widget
 * action "keyboard.press" (a string: the key's lower-case character, or
 * "shift", "space", "backspace", "enter").
 */

#include "vigil-onscreen-keyboard.h"
#include "vigil-keypad-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  const char *key;       /* the press name; the character for a character key */
  int         column;
  int         row;
  int         width;     /* in columns */
} KeyPlace;

static const KeyPlace key_places[] = {
  { "1", 0, 0, 1 }, { "2", 1, 0, 1 }, { "3", 2, 0, 1 }, { "4", 3, 0, 1 }, { "5", 4, 0, 1 },
  { "6", 5, 0, 1 }, { "7", 6, 0, 1 }, { "8", 7, 0, 1 }, { "9", 8, 0, 1 }, { "0", 9, 0, 1 },
  { "'", 10, 0, 1 }, { "¿", 11, 0, 1 }, { "¡", 12, 0, 1 }, { "backspace", 13, 0, 2 },

  { "q", 0, 1, 1 }, { "w", 1, 1, 1 }, { "e", 2, 1, 1 }, { "r", 3, 1, 1 }, { "t", 4, 1, 1 },
  { "y", 5, 1, 1 }, { "u", 6, 1, 1 }, { "i", 7, 1, 1 }, { "o", 8, 1, 1 }, { "p", 9, 1, 1 },
  { "á", 10, 1, 1 }, { "é", 11, 1, 1 }, { "í", 12, 1, 1 }, { "ó", 13, 1, 1 }, { "ú", 14, 1, 1 },

  { "a", 0, 2, 1 }, { "s", 1, 2, 1 }, { "d", 2, 2, 1 }, { "f", 3, 2, 1 }, { "g", 4, 2, 1 },
  { "h", 5, 2, 1 }, { "j", 6, 2, 1 }, { "k", 7, 2, 1 }, { "l", 8, 2, 1 }, { "ñ", 9, 2, 1 },
  { "ü", 10, 2, 1 }, { "@", 11, 2, 1 }, { "enter", 12, 2, 3 },

  { "shift", 0, 3, 2 }, { "z", 2, 3, 1 }, { "x", 3, 3, 1 }, { "c", 4, 3, 1 }, { "v", 5, 3, 1 },
  { "b", 6, 3, 1 }, { "n", 7, 3, 1 }, { "m", 8, 3, 1 }, { ",", 9, 3, 1 }, { ".", 10, 3, 1 },
  { "-", 11, 3, 1 }, { "/", 12, 3, 1 }, { "shift", 13, 3, 2 },

  { "space", 3, 4, 9 },
};

struct _VigilOnscreenKeyboard
{
  GtkWidget    parent_instance;

  GtkWidget   *grid;
  GPtrArray   *letter_buttons;   /* the keys whose label follows shift */
  GPtrArray   *shift_buttons;

  GtkEditable *target;           /* weak */
  gboolean     shift;
};

G_DEFINE_FINAL_TYPE (VigilOnscreenKeyboard, vigil_onscreen_keyboard, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TARGET,
  PROP_SHIFT,
  N_PROPS
};

enum {
  KEY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_special_key (const char *key)
{
  return g_str_equal (key, "shift") || g_str_equal (key, "space") ||
         g_str_equal (key, "backspace") || g_str_equal (key, "enter");
}

/* A key that has a capital: its label follows shift. */
static gboolean
is_letter_key (const char *key)
{
  return !is_special_key (key) && g_unichar_isalpha (g_utf8_get_char (key));
}

static const KeyPlace *
find_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_places); i++)
    if (g_str_equal (key_places[i].key, key))
      return &key_places[i];

  return NULL;
}

static void
set_shift (VigilOnscreenKeyboard *self,
           gboolean               shift)
{
  shift = !!shift;
  if (self->shift == shift)
    return;

  self->shift = shift;

  for (guint i = 0; i < self->letter_buttons->len; i++)
    {
      GtkButton *button = g_ptr_array_index (self->letter_buttons, i);
      const char *key = g_object_get_data (G_OBJECT (button), "vigil-key");
      g_autofree char *label = shift ? g_utf8_strup (key, -1) : g_strdup (key);

      gtk_button_set_label (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  for (guint i = 0; i < self->shift_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->shift_buttons, i);

      if (shift)
        gtk_widget_add_css_class (button, "latched");
      else
        gtk_widget_remove_css_class (button, "latched");
      gtk_accessible_update_state (GTK_ACCESSIBLE (button),
                                   GTK_ACCESSIBLE_STATE_PRESSED, shift,
                                   -1);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIFT]);
}

static void
press_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  vigil_onscreen_keyboard_press (VIGIL_ONSCREEN_KEYBOARD (widget),
                                 g_variant_get_string (parameter, NULL));
}

static const char *
key_label (const char *key)
{
  /* U+232B ERASE TO THE LEFT, U+21E7 UPWARDS WHITE ARROW */
  if (g_str_equal (key, "backspace"))
    return "⌫";
  if (g_str_equal (key, "shift"))
    return "⇧";
  if (g_str_equal (key, "enter"))
    return _("Enter");
  if (g_str_equal (key, "space"))
    return _("space");
  return key;
}

static const char *
key_accessible_label (const char *key)
{
  if (g_str_equal (key, "backspace"))
    return _("Delete");
  if (g_str_equal (key, "shift"))
    return _("Shift");
  if (g_str_equal (key, "enter"))
    return _("Enter");
  if (g_str_equal (key, "space"))
    return _("Space");
  return key;
}

static void
add_key (VigilOnscreenKeyboard *self,
         const KeyPlace        *place)
{
  GtkWidget *button = gtk_button_new_with_label (key_label (place->key));
  g_autofree char *key_class = NULL;

  gtk_widget_add_css_class (button, "key");
  if (is_special_key (place->key))
    {
      key_class = g_strdup (place->key);
    }
  else
    {
      /* "key-ñ" is no CSS identifier; the code point is. */
      key_class = g_strdup_printf ("key-u%04x", g_utf8_get_char (place->key));
      gtk_widget_add_css_class (button, "char");
    }
  gtk_widget_add_css_class (button, key_class);

  /* The target entry keeps the focus and its cursor. */
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_can_focus (button, FALSE);
  gtk_widget_set_focusable (button, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "keyboard.press");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", place->key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, key_accessible_label (place->key),
                                  -1);
  g_object_set_data (G_OBJECT (button), "vigil-key", (gpointer) place->key);

  if (is_letter_key (place->key))
    g_ptr_array_add (self->letter_buttons, button);
  if (g_str_equal (place->key, "shift"))
    g_ptr_array_add (self->shift_buttons, button);

  gtk_grid_attach (GTK_GRID (self->grid), button, place->column, place->row, place->width, 1);
}

/* GObject */

static void
vigil_onscreen_keyboard_dispose (GObject *object)
{
  VigilOnscreenKeyboard *self = VIGIL_ONSCREEN_KEYBOARD (object);

  g_clear_weak_pointer (&self->target);
  if (self->letter_buttons != NULL)
    g_ptr_array_set_size (self->letter_buttons, 0);
  if (self->shift_buttons != NULL)
    g_ptr_array_set_size (self->shift_buttons, 0);
  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (vigil_onscreen_keyboard_parent_class)->dispose (object);
}

static void
vigil_onscreen_keyboard_finalize (GObject *object)
{
  VigilOnscreenKeyboard *self = VIGIL_ONSCREEN_KEYBOARD (object);

  g_clear_pointer (&self->letter_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->shift_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_onscreen_keyboard_parent_class)->finalize (object);
}

static void
vigil_onscreen_keyboard_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  VigilOnscreenKeyboard *self = VIGIL_ONSCREEN_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    case PROP_SHIFT:
      g_value_set_boolean (value, self->shift);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_onscreen_keyboard_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  VigilOnscreenKeyboard *self = VIGIL_ONSCREEN_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      vigil_onscreen_keyboard_set_target (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_onscreen_keyboard_class_init (VigilOnscreenKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_onscreen_keyboard_dispose;
  object_class->finalize = vigil_onscreen_keyboard_finalize;
  object_class->get_property = vigil_onscreen_keyboard_get_property;
  object_class->set_property = vigil_onscreen_keyboard_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, "The editable the keys type into",
                         GTK_TYPE_EDITABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHIFT] =
    g_param_spec_boolean ("shift", NULL, "Whether the next letter is a capital",
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilOnscreenKeyboard::key:
   * @key: the text a character key types (with shift applied: "Ñ"), or
   *   "shift", "space", "backspace", "enter"
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

  gtk_widget_class_install_action (widget_class, "keyboard.press", "s", press_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-onscreen-keyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vigil_onscreen_keyboard_init (VigilOnscreenKeyboard *self)
{
  self->letter_buttons = g_ptr_array_new ();
  self->shift_buttons = g_ptr_array_new ();

  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("On-screen keyboard"),
                                  -1);

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (key_places); i++)
    add_key (self, &key_places[i]);
}

/**
 * vigil_onscreen_keyboard_new:
 *
 * Returns: (transfer floating): a keyboard with no target
 */
GtkWidget *
vigil_onscreen_keyboard_new (void)
{
  return g_object_new (VIGIL_TYPE_ONSCREEN_KEYBOARD, NULL);
}

/**
 * vigil_onscreen_keyboard_set_target:
 * @target: (nullable): the entry to type into
 *
 * The keyboard does not keep @target alive: when it goes, the target is
 * unset.
 */
void
vigil_onscreen_keyboard_set_target (VigilOnscreenKeyboard *self,
                                    GtkEditable           *target)
{
  g_return_if_fail (VIGIL_IS_ONSCREEN_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target));

  if (g_set_weak_pointer (&self->target, target))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

GtkEditable *
vigil_onscreen_keyboard_get_target (VigilOnscreenKeyboard *self)
{
  g_return_val_if_fail (VIGIL_IS_ONSCREEN_KEYBOARD (self), NULL);

  return self->target;
}

/* Whether the next letter is a capital (shift is latched). */
gboolean
vigil_onscreen_keyboard_get_shift (VigilOnscreenKeyboard *self)
{
  g_return_val_if_fail (VIGIL_IS_ONSCREEN_KEYBOARD (self), FALSE);

  return self->shift;
}

/**
 * vigil_onscreen_keyboard_press:
 * @key: a key's character in lower case ("a", "ñ", "¿", "1"), or "shift",
 *   "space", "backspace", "enter"
 *
 * Does what a tap on the key does: emits "key", then edits the target.
 * Shift latches for the next character; pressed again, it lets go.
 */
void
vigil_onscreen_keyboard_press (VigilOnscreenKeyboard *self,
                               const char            *key)
{
  g_autoptr(GtkEditable) target = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (VIGIL_IS_ONSCREEN_KEYBOARD (self));
  g_return_if_fail (key != NULL);

  if (find_key (key) == NULL)
    {
      g_critical ("%s: no key “%s” on the on-screen keyboard", G_STRFUNC, key);
      return;
    }

  if (g_str_equal (key, "shift"))
    {
      g_signal_emit (self, signals[KEY], 0, key);
      set_shift (self, !self->shift);
      return;
    }

  if (g_str_equal (key, "space"))
    text = g_strdup (" ");
  else if (!is_special_key (key))
    text = self->shift ? g_utf8_strup (key, -1) : g_strdup (key);

  /* One-shot: the character it capitalises uses it up. */
  if (text != NULL)
    set_shift (self, FALSE);

  g_signal_emit (self, signals[KEY], 0, text != NULL && !g_str_equal (key, "space") ? text : key);

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
