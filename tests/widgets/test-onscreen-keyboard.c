/* test-onscreen-keyboard.c — VigilOnscreenKeyboard: Spanish text, shift, looks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vigil-onscreen-keyboard.h"
#include "vigil-widget-test.h"

/* The key button whose action target is @key (the first, for shift). */
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

/* A tap: the real button in the keyboard's tree emits "clicked". */
static void
tap (GtkWidget  *keyboard,
     const char *key)
{
  GtkWidget *button = find_key (keyboard, key);

  g_assert_nonnull (button);
  /* What a tap ends in; gtk_widget_activate () clicks only a realized
   * button, 250 ms later. */
  g_signal_emit_by_name (button, "clicked");
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

typedef struct
{
  GString *keys;      /* "key" signals, joined by "|" */
  guint    activated;
} Record;

static void
key_cb (VigilOnscreenKeyboard *keyboard,
        const char            *key,
        Record                *record)
{
  if (record->keys->len > 0)
    g_string_append_c (record->keys, '|');
  g_string_append (record->keys, key);
}

static void
activate_cb (GtkWidget *widget,
             Record    *record)
{
  record->activated++;
}

static void
test_finalize (void)
{
  GtkWidget *keyboard = g_object_ref_sink (vigil_onscreen_keyboard_new ());
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());

  g_assert_false (vigil_onscreen_keyboard_get_shift (VIGIL_ONSCREEN_KEYBOARD (keyboard)));
  g_assert_finalize_object (keyboard);

  keyboard = g_object_ref_sink (vigil_onscreen_keyboard_new ());
  vigil_onscreen_keyboard_set_target (VIGIL_ONSCREEN_KEYBOARD (keyboard), GTK_EDITABLE (entry));
  vigil_onscreen_keyboard_press (VIGIL_ONSCREEN_KEYBOARD (keyboard), "shift");
  g_assert_finalize_object (entry);
  g_assert_null (vigil_onscreen_keyboard_get_target (VIGIL_ONSCREEN_KEYBOARD (keyboard)));
  vigil_onscreen_keyboard_press (VIGIL_ONSCREEN_KEYBOARD (keyboard), "a");
  g_assert_finalize_object (keyboard);
}

/* Every Spanish letter and mark has its own key: no long-press needed. */
static void
test_keys (void)
{
  GtkWidget *keyboard = g_object_ref_sink (vigil_onscreen_keyboard_new ());
  const char *keys[] = {
    "ñ", "á", "é", "í", "ó", "ú", "ü", "¿", "¡",
    ".", ",", "-", "'", "@", "/",
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    "shift", "space", "backspace", "enter",
  };
  const char *letters = "qwertyuiopasdfghjklzxcvbnm";
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_nonnull (find_key (keyboard, keys[i]));
  for (const char *c = letters; *c != '\0'; c++)
    {
      char key[2] = { *c, '\0' };

      g_assert_nonnull (find_key (keyboard, key));
    }

  /* None of them can take the focus from the entry. */
  collect_buttons (keyboard, buttons);
  /* 26 + ñ á é í ó ú ü + 10 digits + ' ¿ ¡ , . - / @ + 5 others (two shifts) */
  g_assert_cmpuint (buttons->len, ==, 26 + 7 + 10 + 8 + 5);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      g_assert_false (gtk_widget_get_focus_on_click (button));
      g_assert_false (gtk_widget_get_can_focus (button));
    }

  g_assert_finalize_object (keyboard);
}

/* Through the public press API. */
static void
test_press (void)
{
  GtkWidget *keyboard = g_object_ref_sink (vigil_onscreen_keyboard_new ());
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());
  VigilOnscreenKeyboard *kb = VIGIL_ONSCREEN_KEYBOARD (keyboard);
  GtkEditable *editable = GTK_EDITABLE (entry);
  GtkWidget *enye = find_key (keyboard, "ñ");
  Record record = { g_string_new (NULL), 0 };

  g_signal_connect (keyboard, "key", G_CALLBACK (key_cb), &record);
  g_signal_connect (entry, "activate", G_CALLBACK (activate_cb), &record);
  vigil_onscreen_keyboard_set_target (kb, editable);

  vigil_onscreen_keyboard_press (kb, "¿");
  vigil_onscreen_keyboard_press (kb, "a");
  vigil_onscreen_keyboard_press (kb, "ñ");
  vigil_onscreen_keyboard_press (kb, "o");
  vigil_onscreen_keyboard_press (kb, "space");
  vigil_onscreen_keyboard_press (kb, "s");
  vigil_onscreen_keyboard_press (kb, "í");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¿año sí");
  g_assert_cmpstr (record.keys->str, ==, "¿|a|ñ|o|space|s|í");

  /* Shift: one-shot, and the keys show capitals while it is on. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (enye)), ==, "ñ");
  vigil_onscreen_keyboard_press (kb, "shift");
  g_assert_true (vigil_onscreen_keyboard_get_shift (kb));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (enye)), ==, "Ñ");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_key (keyboard, "é"))), ==, "É");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_key (keyboard, "q"))), ==, "Q");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_key (keyboard, "¿"))), ==, "¿");
  g_assert_true (gtk_widget_has_css_class (find_key (keyboard, "shift"), "latched"));
  vigil_onscreen_keyboard_press (kb, "ñ");
  vigil_onscreen_keyboard_press (kb, "u");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¿año síÑu");
  g_assert_false (vigil_onscreen_keyboard_get_shift (kb));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (enye)), ==, "ñ");
  g_assert_false (gtk_widget_has_css_class (find_key (keyboard, "shift"), "latched"));
  g_assert_true (g_str_has_suffix (record.keys->str, "|shift|Ñ|u"));

  /* Pressed twice, it lets go. */
  vigil_onscreen_keyboard_press (kb, "shift");
  vigil_onscreen_keyboard_press (kb, "shift");
  vigil_onscreen_keyboard_press (kb, "ü");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¿año síÑuü");

  /* Backspace removes one character, not one byte. */
  vigil_onscreen_keyboard_press (kb, "backspace");
  vigil_onscreen_keyboard_press (kb, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¿año síÑ");

  /* At the cursor; a selection is replaced. */
  gtk_editable_set_position (editable, 1);
  vigil_onscreen_keyboard_press (kb, "e");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¿eaño síÑ");
  g_assert_cmpint (gtk_editable_get_position (editable), ==, 2);
  gtk_editable_select_region (editable, 1, 5);
  vigil_onscreen_keyboard_press (kb, "@");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¿@ síÑ");
  g_assert_cmpint (gtk_editable_get_position (editable), ==, 2);
  gtk_editable_select_region (editable, 0, 2);
  vigil_onscreen_keyboard_press (kb, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, " síÑ");

  g_assert_cmpuint (record.activated, ==, 0);
  vigil_onscreen_keyboard_press (kb, "enter");
  g_assert_cmpuint (record.activated, ==, 1);

  g_string_free (record.keys, TRUE);
  g_assert_finalize_object (keyboard);
  g_assert_finalize_object (entry);
}

/* The real buttons, as a tap clicks them. */
static void
test_buttons (void)
{
  GtkWidget *keyboard = g_object_ref_sink (vigil_onscreen_keyboard_new ());
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());
  GtkEditable *editable = GTK_EDITABLE (entry);
  Record record = { g_string_new (NULL), 0 };

  g_signal_connect (entry, "activate", G_CALLBACK (activate_cb), &record);
  vigil_onscreen_keyboard_set_target (VIGIL_ONSCREEN_KEYBOARD (keyboard), editable);

  tap (keyboard, "¡");
  tap (keyboard, "shift");
  tap (keyboard, "n");
  tap (keyboard, "o");
  tap (keyboard, "space");
  tap (keyboard, "ñ");
  tap (keyboard, "¿");
  tap (keyboard, "shift");
  tap (keyboard, "ñ");
  tap (keyboard, "backspace");
  tap (keyboard, "2");
  tap (keyboard, "'");
  tap (keyboard, "-");
  tap (keyboard, "/");
  tap (keyboard, ".");
  tap (keyboard, ",");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¡No ñ¿2'-/.,");

  gtk_editable_set_position (editable, 4);
  tap (keyboard, "shift");
  tap (keyboard, "ñ");
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¡No Ññ¿2'-/.,");

  /* The right-hand shift key is a shift key too. */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkWidget *right_shift = NULL;

    collect_buttons (keyboard, buttons);
    for (guint i = 0; i < buttons->len; i++)
      {
        GtkWidget *button = g_ptr_array_index (buttons, i);

        if (gtk_widget_has_css_class (button, "shift") && button != find_key (keyboard, "shift"))
          right_shift = button;
      }
    g_assert_nonnull (right_shift);
    g_signal_emit_by_name (right_shift, "clicked");
    g_assert_true (vigil_onscreen_keyboard_get_shift (VIGIL_ONSCREEN_KEYBOARD (keyboard)));
    g_assert_true (gtk_widget_has_css_class (right_shift, "latched"));
    tap (keyboard, "á");
    g_assert_cmpstr (gtk_editable_get_text (editable), ==, "¡No ÑÁñ¿2'-/.,");
  }

  tap (keyboard, "enter");
  g_assert_cmpuint (record.activated, ==, 1);

  g_string_free (record.keys, TRUE);
  g_assert_finalize_object (keyboard);
  g_assert_finalize_object (entry);
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
  return bounds;
}

/* All keys ≥ 48 × 48 px and 8 px apart, in a 1280 px window. */
static void
check_sizes (GtkWidget *keyboard)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  graphene_rect_t q, w, a;
  float min_width = G_MAXFLOAT;
  float min_height = G_MAXFLOAT;

  collect_buttons (keyboard, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      graphene_rect_t bounds = bounds_in (g_ptr_array_index (buttons, i), keyboard);

      min_width = MIN (min_width, bounds.size.width);
      min_height = MIN (min_height, bounds.size.height);
      g_assert_cmpfloat (bounds.size.width, >=, 48);
      g_assert_cmpfloat (bounds.size.height, >=, 48);
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (keyboard));
    }

  q = bounds_in (find_key (keyboard, "q"), keyboard);
  w = bounds_in (find_key (keyboard, "w"), keyboard);
  a = bounds_in (find_key (keyboard, "a"), keyboard);
  g_test_message ("keyboard %d×%d px; smallest key %.0f×%.0f px; gaps %.0f and %.0f px",
                  gtk_widget_get_width (keyboard), gtk_widget_get_height (keyboard),
                  min_width, min_height,
                  w.origin.x - (q.origin.x + q.size.width), a.origin.y - (q.origin.y + q.size.height));
  g_assert_cmpfloat (w.origin.x - (q.origin.x + q.size.width), >=, 8);
  g_assert_cmpfloat (a.origin.y - (q.origin.y + q.size.height), >=, 8);
}

static void
test_render (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *keyboard = vigil_onscreen_keyboard_new ();
  GtkWidget *key;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) shift_texture = NULL;
  g_autoptr(GdkTexture) pressed_texture = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  g_autoptr(VigilPixels) pressed_pixels = NULL;
  graphene_rect_t area;
  GdkRGBA pressed;
  GdkRGBA accent;
  int minimum;
  guint before, after;

  /* It fits a 1280 px window with room to spare (margins, a hide button). */
  gtk_widget_measure (keyboard, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("keyboard minimum width %d px", minimum);
  g_assert_cmpint (minimum, <=, 1280 - 100);

  gtk_widget_add_css_class (window, "vigil-test");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 300);
  gtk_widget_set_margin_start (keyboard, 8);
  gtk_widget_set_margin_end (keyboard, 8);
  gtk_widget_set_margin_top (keyboard, 8);
  gtk_widget_set_margin_bottom (keyboard, 8);
  gtk_window_set_child (GTK_WINDOW (window), keyboard);
  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (keyboard);

  check_sizes (keyboard);

  texture = vigil_widget_test_screenshot (keyboard);
  vigil_widget_test_save (texture, "onscreen-keyboard.png");
  pixels = vigil_pixels_new (texture);

  /* Bright letters on every character key: none is clipped away. */
  key = find_key (keyboard, "ñ");
  area = vigil_widget_test_area (key, keyboard);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), >, 20);

  /* Shift latched: capitals on the keys, shift lit in the accent colour. */
  vigil_onscreen_keyboard_press (VIGIL_ONSCREEN_KEYBOARD (keyboard), "shift");
  vigil_widget_test_wait_frames (keyboard, 2);
  shift_texture = vigil_widget_test_screenshot (keyboard);
  vigil_widget_test_save (shift_texture, "onscreen-keyboard-shift.png");
  {
    g_autoptr(VigilPixels) shift_pixels = vigil_pixels_new (shift_texture);
    GtkWidget *shift = find_key (keyboard, "shift");
    graphene_rect_t shift_area = vigil_widget_test_area (shift, keyboard);

    g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (shift),
                                                   "vigil_key_accent", &accent));
    g_assert_cmpuint (vigil_pixels_count_color (pixels, &shift_area, &accent, 4), <,
                      shift_area.size.width * shift_area.size.height / 10);
    g_assert_cmpuint (vigil_pixels_count_color (shift_pixels, &shift_area, &accent, 4), >,
                      shift_area.size.width * shift_area.size.height / 2);
    /* "Ñ" is taller than "ñ": more bright pixels in the key. */
    g_assert_cmpuint (vigil_pixels_count (shift_pixels, &area, vigil_pixel_is_white), >,
                      vigil_pixels_count (pixels, &area, vigil_pixel_is_white));
  }
  vigil_onscreen_keyboard_press (VIGIL_ONSCREEN_KEYBOARD (keyboard), "shift");

  /* A pressed key lights up. */
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (key),
                                                 "vigil_key_pressed", &pressed));
  before = vigil_pixels_count_color (pixels, &area, &pressed, 12);
  gtk_widget_set_state_flags (key, GTK_STATE_FLAG_ACTIVE, FALSE);
  vigil_widget_test_wait_frames (keyboard, 2);
  pressed_texture = vigil_widget_test_screenshot (keyboard);
  vigil_widget_test_save (pressed_texture, "onscreen-keyboard-pressed.png");
  pressed_pixels = vigil_pixels_new (pressed_texture);
  after = vigil_pixels_count_color (pressed_pixels, &area, &pressed, 12);
  g_test_message ("pressed colour in the ñ key: %u px released, %u px pressed (of %.0f)",
                  before, after, area.size.width * area.size.height);
  g_assert_cmpuint (before, <, area.size.width * area.size.height / 10);
  g_assert_cmpuint (after, >, area.size.width * area.size.height / 2);
  gtk_widget_unset_state_flags (key, GTK_STATE_FLAG_ACTIVE);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/onscreen-keyboard/finalize", test_finalize);
  g_test_add_func ("/vigil/onscreen-keyboard/keys", test_keys);
  g_test_add_func ("/vigil/onscreen-keyboard/press", test_press);
  g_test_add_func ("/vigil/onscreen-keyboard/buttons", test_buttons);
  g_test_add_func ("/vigil/onscreen-keyboard/render", test_render);

  return g_test_run ();
}
