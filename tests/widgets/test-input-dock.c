/* test-input-dock.c — VigilInputDock: following focus in a real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vigil-input-dock.h"
#include "vigil-keypad.h"
#include "vigil-onscreen-keyboard.h"
#include "vigil-widget-test.h"

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The key button whose action target is @key. */
static GtkWidget *
find_key (GtkWidget  *widget,
          const char *key)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "key"))
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), key))
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_key (child, key);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
tap (GtkWidget  *widget,
     const char *key)
{
  GtkWidget *button = find_key (widget, key);

  g_assert_nonnull (button);
  /* What a tap ends in; gtk_widget_activate () clicks only a realized
   * button, 250 ms later. */
  g_signal_emit_by_name (button, "clicked");
}

static void
count_key_cb (GtkWidget  *keys,
              const char *key,
              guint      *count)
{
  (*count)++;
}

static gboolean
give_up_cb (gpointer data)
{
  g_error ("The key was not clicked: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* A mapped button activated as by an accessibility tool: it shows
 * pressed, then clicks. Waits for the click, not for a time. */
static void
activate_and_wait (GtkWidget  *keys,
                   const char *key)
{
  GtkWidget *button = find_key (keys, key);
  guint count = 0;
  gulong handler = g_signal_connect (keys, "key", G_CALLBACK (count_key_cb), &count);
  guint give_up = g_timeout_add_seconds (20, give_up_cb, (gpointer) key);

  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_activate (button));
  while (count == 0)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (give_up);
  g_signal_handler_disconnect (keys, handler);
}

static void
collect_buttons (GtkWidget *widget,
                 GPtrArray *buttons)
{
  if (GTK_IS_BUTTON (widget))
    g_ptr_array_add (buttons, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_buttons (child, buttons);
}

static void
test_finalize (void)
{
  GtkWidget *dock = g_object_ref_sink (vigil_input_dock_new ());

  /* Off by default: a desktop with a keyboard does not want it. */
  g_assert_false (vigil_input_dock_get_enabled (VIGIL_INPUT_DOCK (dock)));
  g_assert_null (vigil_input_dock_get_target (VIGIL_INPUT_DOCK (dock)));
  g_assert_false (vigil_input_dock_is_numeric (VIGIL_INPUT_DOCK (dock)));
  g_assert_finalize_object (dock);

  /* Attached to a window that goes first, with a field focused. */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *entry = gtk_entry_new ();

    dock = g_object_ref_sink (vigil_input_dock_new ());
    gtk_window_set_child (GTK_WINDOW (window), entry);
    vigil_input_dock_set_enabled (VIGIL_INPUT_DOCK (dock), TRUE);
    vigil_input_dock_attach (VIGIL_INPUT_DOCK (dock), GTK_WINDOW (window));
    gtk_window_set_focus (GTK_WINDOW (window), entry);
    g_assert_true (vigil_input_dock_get_target (VIGIL_INPUT_DOCK (dock)) == GTK_EDITABLE (entry));
    gtk_window_destroy (GTK_WINDOW (window));
    g_assert_null (vigil_input_dock_get_target (VIGIL_INPUT_DOCK (dock)));
    g_assert_finalize_object (dock);
  }

  /* And a dock that goes first leaves nothing behind on the field. */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *entry = gtk_entry_new ();
    g_autoptr(GListModel) controllers = NULL;
    guint n_controllers;

    gtk_window_set_child (GTK_WINDOW (window), entry);
    gtk_window_set_focus (GTK_WINDOW (window), entry);
    controllers = gtk_widget_observe_controllers (gtk_window_get_focus (GTK_WINDOW (window)));
    n_controllers = g_list_model_get_n_items (controllers);
    dock = g_object_ref_sink (vigil_input_dock_new ());
    vigil_input_dock_set_enabled (VIGIL_INPUT_DOCK (dock), TRUE);
    vigil_input_dock_attach (VIGIL_INPUT_DOCK (dock), GTK_WINDOW (window));
    g_assert_true (vigil_input_dock_get_target (VIGIL_INPUT_DOCK (dock)) == GTK_EDITABLE (entry));
    g_assert_cmpuint (g_list_model_get_n_items (controllers), ==, n_controllers + 1);
    g_assert_finalize_object (dock);
    g_assert_cmpuint (g_list_model_get_n_items (controllers), ==, n_controllers);
    gtk_window_set_focus (GTK_WINDOW (window), NULL);
    g_clear_object (&controllers);
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *dock;
  GtkWidget *revealer;
  GtkWidget *keypad;
  GtkWidget *keyboard;
  GtkWidget *spin;          /* 0 decimals: a count */
  GtkWidget *weight;        /* 1 decimal */
  GtkWidget *entry;
  GtkWidget *pin;           /* a GtkEntry with input purpose PIN */
  GtkWidget *number;        /* a GtkEntry with input purpose NUMBER */
  GtkWidget *password;
  GtkWidget *search;
  GtkWidget *read_only;
  GtkWidget *button;
} Form;

/* A form like the app's, the dock at the bottom, in a 1280 × 800 window. */
static void
form_init (Form *form)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *fields = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  /* No slide: the state after a focus change is the end state, not a
   * frame of an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  form->window = gtk_window_new ();
  gtk_widget_add_css_class (form->window, "vigil-test");
  gtk_window_set_default_size (GTK_WINDOW (form->window), 1280, 800);

  form->spin = gtk_spin_button_new_with_range (0, 20, 1);
  form->weight = gtk_spin_button_new_with_range (20, 300, 0.1);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (form->weight), 1);
  form->entry = gtk_entry_new ();
  form->pin = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (form->pin), GTK_INPUT_PURPOSE_PIN);
  form->number = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (form->number), GTK_INPUT_PURPOSE_NUMBER);
  form->password = gtk_password_entry_new ();
  form->search = gtk_search_entry_new ();
  form->read_only = gtk_entry_new ();
  gtk_editable_set_editable (GTK_EDITABLE (form->read_only), FALSE);
  form->button = gtk_button_new_with_label ("Save");

  gtk_box_append (GTK_BOX (fields), form->spin);
  gtk_box_append (GTK_BOX (fields), form->weight);
  gtk_box_append (GTK_BOX (fields), form->entry);
  gtk_box_append (GTK_BOX (fields), form->pin);
  gtk_box_append (GTK_BOX (fields), form->number);
  gtk_box_append (GTK_BOX (fields), form->password);
  gtk_box_append (GTK_BOX (fields), form->search);
  gtk_box_append (GTK_BOX (fields), form->read_only);
  gtk_box_append (GTK_BOX (fields), form->button);
  gtk_widget_set_vexpand (fields, TRUE);
  gtk_widget_set_margin_start (fields, 16);
  gtk_widget_set_margin_end (fields, 16);
  gtk_widget_set_margin_top (fields, 16);
  gtk_box_append (GTK_BOX (box), fields);

  form->dock = vigil_input_dock_new ();
  gtk_box_append (GTK_BOX (box), form->dock);
  gtk_window_set_child (GTK_WINDOW (form->window), box);
  vigil_input_dock_attach (VIGIL_INPUT_DOCK (form->dock), GTK_WINDOW (form->window));
  vigil_input_dock_set_enabled (VIGIL_INPUT_DOCK (form->dock), TRUE);

  form->revealer = find_type (form->dock, GTK_TYPE_REVEALER);
  form->keypad = find_type (form->dock, VIGIL_TYPE_KEYPAD);
  form->keyboard = find_type (form->dock, VIGIL_TYPE_ONSCREEN_KEYBOARD);
  g_assert_nonnull (form->revealer);
  g_assert_nonnull (form->keypad);
  g_assert_nonnull (form->keyboard);

  gtk_window_present (GTK_WINDOW (form->window));
  vigil_widget_test_wait_mapped (form->button);
}

static void
form_clear (Form *form)
{
  gtk_window_destroy (GTK_WINDOW (form->window));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
}

static void
focus (Form      *form,
       GtkWidget *widget)
{
  g_assert_true (gtk_widget_grab_focus (widget));
  vigil_widget_test_wait_frames (form->window, 2);
}

/* The dock shows @target with the keypad (numeric) or the keyboard, and
 * that is what is on screen. */
static void
assert_shown (Form      *form,
              GtkWidget *target,
              gboolean   numeric)
{
  VigilInputDock *dock = VIGIL_INPUT_DOCK (form->dock);

  g_assert_true (vigil_input_dock_get_target (dock) == GTK_EDITABLE (target));
  g_assert_cmpint (vigil_input_dock_is_numeric (dock), ==, numeric);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (form->revealer)));
  g_assert_true (gtk_revealer_get_child_revealed (GTK_REVEALER (form->revealer)));
  if (numeric)
    {
      g_assert_true (gtk_widget_get_mapped (form->keypad));
      g_assert_false (gtk_widget_get_mapped (form->keyboard));
      g_assert_true (vigil_keypad_get_target (VIGIL_KEYPAD (form->keypad)) == GTK_EDITABLE (target));
      g_assert_null (vigil_onscreen_keyboard_get_target (VIGIL_ONSCREEN_KEYBOARD (form->keyboard)));
    }
  else
    {
      g_assert_true (gtk_widget_get_mapped (form->keyboard));
      g_assert_false (gtk_widget_get_mapped (form->keypad));
      g_assert_true (vigil_onscreen_keyboard_get_target (VIGIL_ONSCREEN_KEYBOARD (form->keyboard)) == GTK_EDITABLE (target));
      g_assert_null (vigil_keypad_get_target (VIGIL_KEYPAD (form->keypad)));
    }
}

static void
assert_hidden (Form *form)
{
  g_assert_null (vigil_input_dock_get_target (VIGIL_INPUT_DOCK (form->dock)));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (form->revealer)));
  g_assert_false (gtk_widget_get_mapped (form->keypad));
  g_assert_false (gtk_widget_get_mapped (form->keyboard));
  g_assert_null (vigil_keypad_get_target (VIGIL_KEYPAD (form->keypad)));
  g_assert_null (vigil_onscreen_keyboard_get_target (VIGIL_ONSCREEN_KEYBOARD (form->keyboard)));
  /* A hidden dock takes no room. */
  g_assert_cmpint (gtk_widget_get_height (form->dock), ==, 0);
}

static void
test_follow_focus (void)
{
  Form form;

  form_init (&form);

  /* Nothing focused yet that takes typing. */
  focus (&form, form.button);
  assert_hidden (&form);

  focus (&form, form.spin);
  assert_shown (&form, form.spin, TRUE);
  g_assert_false (vigil_keypad_get_show_decimal (VIGIL_KEYPAD (form.keypad)));

  focus (&form, form.weight);
  assert_shown (&form, form.weight, TRUE);
  g_assert_true (vigil_keypad_get_show_decimal (VIGIL_KEYPAD (form.keypad)));

  focus (&form, form.entry);
  assert_shown (&form, form.entry, FALSE);

  focus (&form, form.pin);
  assert_shown (&form, form.pin, TRUE);
  g_assert_false (vigil_keypad_get_show_decimal (VIGIL_KEYPAD (form.keypad)));

  focus (&form, form.number);
  assert_shown (&form, form.number, TRUE);
  g_assert_true (vigil_keypad_get_show_decimal (VIGIL_KEYPAD (form.keypad)));

  focus (&form, form.password);
  assert_shown (&form, form.password, FALSE);

  focus (&form, form.search);
  assert_shown (&form, form.search, FALSE);

  /* Nothing to type into a read-only field. */
  focus (&form, form.read_only);
  assert_hidden (&form);

  focus (&form, form.entry);
  assert_shown (&form, form.entry, FALSE);
  focus (&form, form.button);
  assert_hidden (&form);

  form_clear (&form);
}

/* Typing through the dock: the field keeps the focus and its cursor. */
static void
test_typing (void)
{
  Form form;
  GtkWidget *focus_widget;

  form_init (&form);

  focus (&form, form.weight);
  focus_widget = gtk_window_get_focus (GTK_WINDOW (form.window));
  gtk_editable_select_region (GTK_EDITABLE (form.weight), 0, -1);
  tap (form.keypad, "6");
  tap (form.keypad, "8");
  tap (form.keypad, ".");
  tap (form.keypad, "5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form.weight)), ==, "68.5");
  tap (form.keypad, "enter");
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (form.weight)), 68.5, 1e-9);

  /* The button's own activation on screen: pressed state, then a click.
   * The spin button rewrites its text after Enter; let that settle before
   * selecting, or the rewrite drops the selection. */
  vigil_widget_test_wait_frames (form.window, 3);
  gtk_editable_select_region (GTK_EDITABLE (form.weight), 0, -1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form.weight)), ==, "68.5");
  activate_and_wait (form.keypad, "7");
  activate_and_wait (form.keypad, "1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form.weight)), ==, "71");
  activate_and_wait (form.keypad, "enter");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (form.weight)), ==, 71);
  vigil_widget_test_wait_frames (form.window, 1);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (form.window)) == focus_widget);
  assert_shown (&form, form.weight, TRUE);

  focus (&form, form.entry);
  tap (form.keyboard, "shift");
  tap (form.keyboard, "m");
  tap (form.keyboard, "u");
  tap (form.keyboard, "ñ");
  tap (form.keyboard, "o");
  tap (form.keyboard, "z");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form.entry)), ==, "Muñoz");
  g_assert_true (gtk_widget_has_focus (gtk_window_get_focus (GTK_WINDOW (form.window))));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (form.window)), form.entry));

  /* The PIN keypad has no decimal point. */
  focus (&form, form.pin);
  tap (form.keypad, "4");
  tap (form.keypad, "7");
  g_assert_false (gtk_widget_get_visible (find_key (form.keypad, ".")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form.pin)), ==, "47");

  form_clear (&form);
}

static GtkEventController *
find_controller (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller;  /* the widget keeps it alive */
    }

  return NULL;
}

/* "Hide" puts it away until the focus moves, or the field is tapped. */
static void
test_hide (void)
{
  Form form;
  GtkWidget *hide;
  GtkWidget *text;
  GtkEventController *tap_gesture;

  form_init (&form);
  hide = vigil_widget_test_find_child (form.dock, "hide");
  g_assert_true (GTK_IS_BUTTON (hide));
  g_assert_false (gtk_widget_get_can_focus (hide));

  focus (&form, form.entry);
  assert_shown (&form, form.entry, FALSE);
  g_signal_emit_by_name (hide, "clicked");
  vigil_widget_test_wait_frames (form.window, 2);
  assert_hidden (&form);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (form.window)), form.entry));

  /* A tap on the field it was typing into brings it back. */
  text = gtk_window_get_focus (GTK_WINDOW (form.window));
  tap_gesture = find_controller (text, "vigil-input-dock-tap");
  g_assert_nonnull (tap_gesture);
  g_signal_emit_by_name (tap_gesture, "pressed", 1, 10.0, 10.0);
  vigil_widget_test_wait_frames (form.window, 2);
  assert_shown (&form, form.entry, FALSE);

  /* So does the next field. */
  g_signal_emit_by_name (hide, "clicked");
  vigil_widget_test_wait_frames (form.window, 2);
  assert_hidden (&form);
  focus (&form, form.spin);
  assert_shown (&form, form.spin, TRUE);

  /* The gesture is only on the focused field: none is left behind. */
  g_assert_null (find_controller (text, "vigil-input-dock-tap"));
  g_assert_nonnull (find_controller (gtk_window_get_focus (GTK_WINDOW (form.window)), "vigil-input-dock-tap"));

  form_clear (&form);
}

/* Disabled (a desktop with a keyboard), it never shows. */
static void
test_disabled (void)
{
  Form form;
  VigilInputDock *dock;

  form_init (&form);
  dock = VIGIL_INPUT_DOCK (form.dock);

  focus (&form, form.entry);
  assert_shown (&form, form.entry, FALSE);
  vigil_input_dock_set_enabled (dock, FALSE);
  g_assert_false (vigil_input_dock_get_enabled (dock));
  vigil_widget_test_wait_frames (form.window, 2);
  assert_hidden (&form);

  focus (&form, form.spin);
  assert_hidden (&form);
  focus (&form, form.pin);
  assert_hidden (&form);
  focus (&form, form.search);
  assert_hidden (&form);
  g_assert_null (find_controller (gtk_window_get_focus (GTK_WINDOW (form.window)), "vigil-input-dock-tap"));

  /* Enabled again, it picks up the field that has the focus. */
  g_object_set (dock, "enabled", TRUE, NULL);
  vigil_widget_test_wait_frames (form.window, 2);
  assert_shown (&form, form.search, FALSE);

  form_clear (&form);
}

/* Every key ≥ 48 × 48 px after allocation; the keyboard fits the window. */
static void
check_buttons (GtkWidget *keys,
               GtkWidget *window)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  graphene_rect_t keys_bounds;

  collect_buttons (keys, buttons);
  g_assert_cmpuint (buttons->len, >, 10);
  for (guint i = 0; i < buttons->len; i++)
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (buttons, i), window, &bounds));
      g_assert_cmpfloat (bounds.size.width, >=, 48);
      g_assert_cmpfloat (bounds.size.height, >=, 48);
    }

  g_assert_true (gtk_widget_compute_bounds (keys, window, &keys_bounds));
  g_test_message ("%s at %.0f,%.0f, %.0f×%.0f px in a %d×%d window",
                  G_OBJECT_TYPE_NAME (keys), keys_bounds.origin.x, keys_bounds.origin.y,
                  keys_bounds.size.width, keys_bounds.size.height,
                  gtk_widget_get_width (window), gtk_widget_get_height (window));
  g_assert_cmpfloat (keys_bounds.origin.x, >=, 0);
  g_assert_cmpfloat (keys_bounds.origin.x + keys_bounds.size.width, <=, gtk_widget_get_width (window));
  g_assert_cmpfloat (keys_bounds.origin.y + keys_bounds.size.height, <=, gtk_widget_get_height (window));
}

static void
test_render (void)
{
  Form form;
  GtkWidget *hide;
  graphene_rect_t hide_bounds;
  g_autoptr(GdkTexture) keyboard_texture = NULL;
  g_autoptr(GdkTexture) keypad_texture = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  graphene_rect_t area;

  form_init (&form);
  hide = vigil_widget_test_find_child (form.dock, "hide");

  focus (&form, form.entry);
  check_buttons (form.keyboard, form.window);
  g_assert_true (gtk_widget_compute_bounds (hide, form.window, &hide_bounds));
  g_assert_cmpfloat (hide_bounds.size.width, >=, 48);
  g_assert_cmpfloat (hide_bounds.size.height, >=, 48);
  g_assert_cmpfloat (hide_bounds.origin.x + hide_bounds.size.width, <=, gtk_widget_get_width (form.window));
  keyboard_texture = vigil_widget_test_screenshot (form.window);
  vigil_widget_test_save (keyboard_texture, "input-dock-keyboard.png");

  /* The keys are drawn, bright on dark, where the dock says they are. */
  pixels = vigil_pixels_new (keyboard_texture);
  area = vigil_widget_test_area (find_key (form.keyboard, "ñ"), form.window);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), >, 20);

  focus (&form, form.weight);
  check_buttons (form.keypad, form.window);
  keypad_texture = vigil_widget_test_screenshot (form.window);
  vigil_widget_test_save (keypad_texture, "input-dock-keypad.png");

  form_clear (&form);
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/input-dock/finalize", test_finalize);
  g_test_add_func ("/vigil/input-dock/follow-focus", test_follow_focus);
  g_test_add_func ("/vigil/input-dock/typing", test_typing);
  g_test_add_func ("/vigil/input-dock/hide", test_hide);
  g_test_add_func ("/vigil/input-dock/disabled", test_disabled);
  g_test_add_func ("/vigil/input-dock/render", test_render);

  return g_test_run ();
}
