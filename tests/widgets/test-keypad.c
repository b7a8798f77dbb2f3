/* test-keypad.c — VigilKeypad: editing at the cursor, enter, locale, looks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vigil-keypad.h"
#include "vigil-widget-test.h"

#include <locale.h>

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

/* A tap: the real button in the keypad's tree emits "clicked". */
static void
tap (GtkWidget  *keypad,
     const char *key)
{
  GtkWidget *button = find_key (keypad, key);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  /* What a tap ends in; gtk_widget_activate () clicks only a realized
   * button, 250 ms later. */
  g_signal_emit_by_name (button, "clicked");
}

typedef struct
{
  GPtrArray *keys;
  GPtrArray *text_at_key;   /* the target's text when "key" was emitted */
  guint      activated;
} Record;

static void
key_cb (VigilKeypad *keypad,
        const char  *key,
        Record      *record)
{
  GtkEditable *target = vigil_keypad_get_target (keypad);

  g_ptr_array_add (record->keys, g_strdup (key));
  g_ptr_array_add (record->text_at_key, g_strdup (target != NULL ? gtk_editable_get_text (target) : ""));
}

static void
activate_cb (GtkWidget *widget,
             Record    *record)
{
  record->activated++;
}

static void
record_init (Record *record)
{
  record->keys = g_ptr_array_new_with_free_func (g_free);
  record->text_at_key = g_ptr_array_new_with_free_func (g_free);
  record->activated = 0;
}

static void
record_clear (Record *record)
{
  g_clear_pointer (&record->keys, g_ptr_array_unref);
  g_clear_pointer (&record->text_at_key, g_ptr_array_unref);
}

static const char *
last_key (Record *record)
{
  g_assert_cmpuint (record->keys->len, >, 0);
  return g_ptr_array_index (record->keys, record->keys->len - 1);
}

static void
test_finalize (void)
{
  GtkWidget *keypad = g_object_ref_sink (vigil_keypad_new ());
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());

  g_assert_true (vigil_keypad_get_show_decimal (VIGIL_KEYPAD (keypad)));
  g_assert_null (vigil_keypad_get_target (VIGIL_KEYPAD (keypad)));
  g_assert_finalize_object (keypad);

  /* The keypad does not keep its target alive, nor trip over its end. */
  keypad = g_object_ref_sink (vigil_keypad_new ());
  vigil_keypad_set_target (VIGIL_KEYPAD (keypad), GTK_EDITABLE (entry));
  g_assert_true (vigil_keypad_get_target (VIGIL_KEYPAD (keypad)) == GTK_EDITABLE (entry));
  g_assert_finalize_object (entry);
  g_assert_null (vigil_keypad_get_target (VIGIL_KEYPAD (keypad)));
  vigil_keypad_press (VIGIL_KEYPAD (keypad), "5");
  g_assert_finalize_object (keypad);
}

/* Through the public press API: digits at the cursor, a selection
 * replaced, backspace, the decimal point, enter. */
static void
test_press (void)
{
  GtkWidget *keypad = g_object_ref_sink (vigil_keypad_new ());
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());
  VigilKeypad *pad = VIGIL_KEYPAD (keypad);
  GtkEditable *editable = GTK_EDITABLE (entry);
  Record record;
  guint n_keys;

  record_init (&record);
  g_signal_connect (keypad, "key", G_CALLBACK (key_cb), &record);
  g_signal_connect (entry, "activate", G_CALLBACK (activate_cb), &record);

  /* No target: only the signal. */
  vigil_keypad_press (pad, "7");
  g_assert_cmpstr (last_key (&record), ==, "7");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "");

  vigil_keypad_set_target (pad, editable);
  gtk_editable_set_text (editable, "12");
  gtk_editable_set_position (editable, 1);

  /* At the cursor, and the cursor moves past it. "key" comes first. */
  vigil_keypad_press (pad, "5");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "152");
  g_assert_cmpint (gtk_editable_get_position (editable), ==, 2);
  g_assert_cmpstr (last_key (&record), ==, "5");
  g_assert_cmpstr (g_ptr_array_index (record.text_at_key, record.text_at_key->len - 1), ==, "12");

  /* A selection is replaced. */
  gtk_editable_select_region (editable, 0, 2);
  vigil_keypad_press (pad, "9");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "92");
  g_assert_cmpint (gtk_editable_get_position (editable), ==, 1);

  /* Backspace: the character before the cursor... */
  gtk_editable_set_text (editable, "1234");
  gtk_editable_set_position (editable, 3);
  vigil_keypad_press (pad, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "124");
  g_assert_cmpint (gtk_editable_get_position (editable), ==, 2);
  g_assert_cmpstr (last_key (&record), ==, "backspace");

  /* ...or the selection... */
  gtk_editable_select_region (editable, 1, 3);
  vigil_keypad_press (pad, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "1");
  g_assert_cmpint (gtk_editable_get_position (editable), ==, 1);

  /* ...and nothing at the start. */
  gtk_editable_set_position (editable, 0);
  vigil_keypad_press (pad, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "1");

  /* The decimal point: the C locale's here. */
  g_assert_cmpstr (vigil_keypad_get_decimal_point (pad), ==, ".");
  gtk_editable_set_position (editable, -1);
  vigil_keypad_press (pad, ".");
  vigil_keypad_press (pad, "decimal");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "1..");
  g_assert_cmpstr (last_key (&record), ==, ".");

  /* Hidden, it types nothing and says nothing. */
  vigil_keypad_set_show_decimal (pad, FALSE);
  g_assert_false (gtk_widget_get_visible (find_key (keypad, ".")));
  n_keys = record.keys->len;
  vigil_keypad_press (pad, ".");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "1..");
  g_assert_cmpuint (record.keys->len, ==, n_keys);
  vigil_keypad_set_show_decimal (pad, TRUE);
  g_assert_true (gtk_widget_get_visible (find_key (keypad, ".")));

  /* Enter activates the entry. */
  g_assert_cmpuint (record.activated, ==, 0);
  vigil_keypad_press (pad, "enter");
  g_assert_cmpuint (record.activated, ==, 1);
  g_assert_cmpstr (last_key (&record), ==, "enter");

  /* A read-only field stays as it is. */
  gtk_editable_set_editable (editable, FALSE);
  vigil_keypad_press (pad, "3");
  vigil_keypad_press (pad, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "1..");

  record_clear (&record);
  g_assert_finalize_object (keypad);
  g_assert_finalize_object (entry);
}

/* The real buttons, as a tap clicks them. */
static void
test_buttons (void)
{
  GtkWidget *keypad = g_object_ref_sink (vigil_keypad_new ());
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());
  GtkEditable *editable = GTK_EDITABLE (entry);
  Record record;
  const char *keys[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "backspace", "enter" };

  record_init (&record);
  g_signal_connect (keypad, "key", G_CALLBACK (key_cb), &record);
  g_signal_connect (entry, "activate", G_CALLBACK (activate_cb), &record);

  /* Every key is there, and none can take the focus from the entry. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *button = find_key (keypad, keys[i]);

      g_assert_nonnull (button);
      g_assert_false (gtk_widget_get_focus_on_click (button));
      g_assert_false (gtk_widget_get_can_focus (button));
      g_assert_false (gtk_widget_get_focusable (button));
    }
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_key (keypad, "5"))), ==, "5");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_key (keypad, "."))), ==, ".");

  vigil_keypad_set_target (VIGIL_KEYPAD (keypad), editable);
  tap (keypad, "7");
  tap (keypad, "2");
  tap (keypad, ".");
  tap (keypad, "5");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "72.5");
  g_assert_cmpuint (record.keys->len, ==, 4);

  gtk_editable_set_position (editable, 2);
  tap (keypad, "0");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "720.5");

  gtk_editable_select_region (editable, 3, 5);
  tap (keypad, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "720");
  tap (keypad, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "72");

  tap (keypad, "enter");
  g_assert_cmpuint (record.activated, ==, 1);

  /* The same through the widget action the buttons use. */
  g_assert_true (gtk_widget_activate_action (keypad, "keypad.press", "s", "8"));
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "728");

  record_clear (&record);
  g_assert_finalize_object (keypad);
  g_assert_finalize_object (entry);
}

/* A spin button: the keys type into it, enter takes the value. */
static void
test_spin_button (void)
{
  GtkWidget *keypad = g_object_ref_sink (vigil_keypad_new ());
  GtkWidget *spin = g_object_ref_sink (gtk_spin_button_new_with_range (20, 300, 0.1));
  GtkEditable *editable = GTK_EDITABLE (spin);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 70);
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "70.0");

  vigil_keypad_set_target (VIGIL_KEYPAD (keypad), editable);
  gtk_editable_select_region (editable, 0, -1);
  tap (keypad, "8");
  tap (keypad, "2");
  tap (keypad, ".");
  tap (keypad, "4");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "82.4");
  /* Typed, not yet taken. */
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 70);

  tap (keypad, "enter");
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), 82.4, 1e-9);

  /* Out of range: enter clamps it, as the spin button does for a hardware
   * Enter. */
  gtk_editable_select_region (editable, 0, -1);
  tap (keypad, "9");
  tap (keypad, "9");
  tap (keypad, "9");
  tap (keypad, "enter");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 300);
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "300.0");

  g_assert_finalize_object (keypad);
  g_assert_finalize_object (spin);
}

static void
clicked_cb (GtkButton *button,
            guint     *count)
{
  (*count)++;
}

static gboolean
give_up_cb (gpointer data)
{
  g_error ("The default button was never clicked");
  return G_SOURCE_REMOVE;
}

/* Enter does what a hardware Enter does: with "activates-default", the
 * window's default button too (the form's OK). Also for a password
 * entry, which a PIN may be typed into. */
static void
test_enter_default (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *password = gtk_password_entry_new ();
  GtkWidget *ok = gtk_button_new_with_label ("OK");
  GtkWidget *keypad = vigil_keypad_new ();
  Record record;
  guint ok_clicked = 0;
  guint give_up;

  record_init (&record);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), password);
  gtk_box_append (GTK_BOX (box), ok);
  gtk_box_append (GTK_BOX (box), keypad);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_widget (GTK_WINDOW (window), ok);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_signal_connect (ok, "clicked", G_CALLBACK (clicked_cb), &ok_clicked);
  g_signal_connect (entry, "activate", G_CALLBACK (activate_cb), &record);

  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (ok);
  g_assert_true (gtk_widget_grab_focus (entry));

  vigil_keypad_set_target (VIGIL_KEYPAD (keypad), GTK_EDITABLE (entry));
  tap (keypad, "enter");
  g_assert_cmpuint (record.activated, ==, 1);
  /* The window activates its default button, which clicks once its
   * pressed look has shown: wait for the click, not for a time. */
  give_up = g_timeout_add_seconds (20, give_up_cb, NULL);
  while (ok_clicked == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (give_up);
  g_assert_cmpuint (ok_clicked, ==, 1);

  g_signal_connect (password, "activate", G_CALLBACK (activate_cb), &record);
  vigil_keypad_set_target (VIGIL_KEYPAD (keypad), GTK_EDITABLE (password));
  vigil_keypad_set_show_decimal (VIGIL_KEYPAD (keypad), FALSE);
  tap (keypad, "1");
  tap (keypad, "9");
  tap (keypad, "8");
  tap (keypad, "4");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "1984");
  tap (keypad, "enter");
  g_assert_cmpuint (record.activated, ==, 2);

  record_clear (&record);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The decimal point is the locale's: a comma in Spanish, which the spin
 * button reads back in that locale. */
static void
test_locale (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  GtkWidget *keypad;
  GtkWidget *spin;
  GtkEditable *editable;
  Record record;

  if (setlocale (LC_NUMERIC, "es_ES.UTF-8") == NULL)
    {
      g_test_skip ("The es_ES.UTF-8 locale is not installed");
      return;
    }

  keypad = g_object_ref_sink (vigil_keypad_new ());
  spin = g_object_ref_sink (gtk_spin_button_new_with_range (20, 300, 0.1));
  editable = GTK_EDITABLE (spin);
  record_init (&record);
  g_signal_connect (keypad, "key", G_CALLBACK (key_cb), &record);

  g_assert_cmpstr (vigil_keypad_get_decimal_point (VIGIL_KEYPAD (keypad)), ==, ",");
  g_assert_null (find_key (keypad, "."));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_key (keypad, ","))), ==, ",");

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
  vigil_keypad_set_target (VIGIL_KEYPAD (keypad), editable);
  gtk_editable_select_region (editable, 0, -1);
  tap (keypad, "6");
  tap (keypad, "4");
  tap (keypad, ",");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "64,");
  tap (keypad, "backspace");
  vigil_keypad_press (VIGIL_KEYPAD (keypad), "decimal");
  /* The spin button itself refuses a second decimal point. */
  vigil_keypad_press (VIGIL_KEYPAD (keypad), ",");
  tap (keypad, "5");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "64,5");
  g_assert_cmpstr (g_ptr_array_index (record.keys, 2), ==, ",");
  g_assert_cmpstr (g_ptr_array_index (record.keys, 4), ==, ",");
  tap (keypad, "enter");
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), 64.5, 1e-9);

  record_clear (&record);
  g_assert_finalize_object (keypad);
  g_assert_finalize_object (spin);
  setlocale (LC_NUMERIC, saved);
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

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
  return bounds;
}

static void
test_render (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *keypad = vigil_keypad_new ();
  GtkWidget *five;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) pressed_texture = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  g_autoptr(VigilPixels) pressed_pixels = NULL;
  graphene_rect_t one, two, four, area;
  GdkRGBA key_bg, key_fg, pressed, pressed_fg;
  guint before, after, dark_text;

  gtk_widget_add_css_class (window, "vigil-test");
  gtk_widget_set_margin_start (keypad, 8);
  gtk_widget_set_margin_end (keypad, 8);
  gtk_widget_set_margin_top (keypad, 8);
  gtk_widget_set_margin_bottom (keypad, 8);
  gtk_window_set_child (GTK_WINDOW (window), keypad);
  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (keypad);

  /* Every key is at least 64 × 64 px, for gloved fingers. */
  collect_buttons (keypad, buttons);
  g_assert_cmpuint (buttons->len, ==, 13);
  for (guint i = 0; i < buttons->len; i++)
    {
      graphene_rect_t bounds = bounds_in (g_ptr_array_index (buttons, i), keypad);

      g_assert_cmpfloat (bounds.size.width, >=, 64);
      g_assert_cmpfloat (bounds.size.height, >=, 64);
    }

  /* 8 px between keys, both ways. */
  one = bounds_in (find_key (keypad, "1"), keypad);
  two = bounds_in (find_key (keypad, "2"), keypad);
  four = bounds_in (find_key (keypad, "4"), keypad);
  g_test_message ("keys %.0f×%.0f px, gaps %.0f and %.0f px", one.size.width, one.size.height,
                  two.origin.x - (one.origin.x + one.size.width),
                  four.origin.y - (one.origin.y + one.size.height));
  g_assert_cmpfloat (two.origin.x - (one.origin.x + one.size.width), >=, 8);
  g_assert_cmpfloat (four.origin.y - (one.origin.y + one.size.height), >=, 8);

  /* Light keys on dark read well (WCAG AA for text). */
  five = find_key (keypad, "5");
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (five), "vigil_key_bg", &key_bg));
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (five), "vigil_key_fg", &key_fg));
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (five), "vigil_key_pressed", &pressed));
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (five), "vigil_key_pressed_fg", &pressed_fg));
  g_test_message ("contrast: key %.1f:1, pressed key %.1f:1, pressed vs. released background %.1f:1",
                  vigil_contrast_ratio (&key_fg, &key_bg), vigil_contrast_ratio (&pressed_fg, &pressed),
                  vigil_contrast_ratio (&pressed, &key_bg));
  g_assert_cmpfloat (vigil_contrast_ratio (&key_fg, &key_bg), >=, 7);
  g_assert_cmpfloat (vigil_contrast_ratio (&pressed_fg, &pressed), >=, 7);
  g_assert_cmpfloat (vigil_contrast_ratio (&pressed, &key_bg), >=, 7);

  texture = vigil_widget_test_screenshot (keypad);
  vigil_widget_test_save (texture, "keypad.png");
  pixels = vigil_pixels_new (texture);

  /* The digit is drawn in bright text on the dark key. */
  area = vigil_widget_test_area (five, keypad);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), >, 40);
  g_assert_cmpuint (vigil_pixels_count_color (pixels, &area, &key_bg, 4), >, area.size.width * area.size.height / 2);

  /* Pressed (as under a finger): the key inverts, light with a dark digit. */
  before = vigil_pixels_count_color (pixels, &area, &pressed, 12);
  gtk_widget_set_state_flags (five, GTK_STATE_FLAG_ACTIVE, FALSE);
  vigil_widget_test_wait_frames (keypad, 2);
  pressed_texture = vigil_widget_test_screenshot (keypad);
  vigil_widget_test_save (pressed_texture, "keypad-pressed.png");
  pressed_pixels = vigil_pixels_new (pressed_texture);
  after = vigil_pixels_count_color (pressed_pixels, &area, &pressed, 12);
  dark_text = vigil_pixels_count_color (pressed_pixels, &area, &pressed_fg, 40);
  g_test_message ("pressed colour in the 5 key: %u px released, %u px pressed (of %.0f); %u dark text px",
                  before, after, area.size.width * area.size.height, dark_text);
  g_assert_cmpuint (before, <, area.size.width * area.size.height / 10);
  g_assert_cmpuint (after, >, area.size.width * area.size.height / 2);
  g_assert_cmpuint (dark_text, >, 40);

  /* Only the pressed key changed. */
  area = vigil_widget_test_area (find_key (keypad, "6"), keypad);
  g_assert_cmpuint (vigil_pixels_count_color (pressed_pixels, &area, &pressed, 12), <,
                    area.size.width * area.size.height / 10);
  gtk_widget_unset_state_flags (five, GTK_STATE_FLAG_ACTIVE);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/keypad/finalize", test_finalize);
  g_test_add_func ("/vigil/keypad/press", test_press);
  g_test_add_func ("/vigil/keypad/buttons", test_buttons);
  g_test_add_func ("/vigil/keypad/spin-button", test_spin_button);
  g_test_add_func ("/vigil/keypad/enter-default", test_enter_default);
  g_test_add_func ("/vigil/keypad/locale", test_locale);
  g_test_add_func ("/vigil/keypad/render", test_render);

  return g_test_run ();
}
