/* test-limit-stepper.c — VigilLimitStepper: steps, signals, keys, looks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vigil-limit-stepper.h"
#include "vigil-widget-test.h"

static void
test_finalize (void)
{
  GtkWidget *stepper = vigil_limit_stepper_new ("SpO₂ low", "%", 80, 95, 1, 0);

  g_object_ref_sink (stepper);
  g_assert_cmpstr (vigil_limit_stepper_get_title (VIGIL_LIMIT_STEPPER (stepper)), ==, "SpO₂ low");
  g_assert_finalize_object (stepper);

  stepper = g_object_ref_sink (g_object_new (VIGIL_TYPE_LIMIT_STEPPER, NULL));
  g_assert_finalize_object (stepper);
}

typedef struct
{
  guint value_changed;
  guint notify_value;
} Counts;

static void
value_changed_cb (VigilLimitStepper *stepper,
                  Counts            *counts)
{
  counts->value_changed++;
}

static void
notify_value_cb (GObject    *object,
                 GParamSpec *pspec,
                 Counts     *counts)
{
  counts->notify_value++;
}

static VigilLimitStepper *
new_counted (const char *title,
             const char *unit,
             double      min,
             double      max,
             double      step,
             guint       digits,
             Counts     *counts)
{
  VigilLimitStepper *stepper = VIGIL_LIMIT_STEPPER (vigil_limit_stepper_new (title, unit, min, max, step, digits));

  g_object_ref_sink (stepper);
  g_signal_connect (stepper, "value-changed", G_CALLBACK (value_changed_cb), counts);
  g_signal_connect (stepper, "notify::value", G_CALLBACK (notify_value_cb), counts);
  return stepper;
}

static void
test_steps (void)
{
  Counts counts = { 0 };
  VigilLimitStepper *stepper = new_counted ("SpO₂ low", "%", 80, 95, 1, 0, &counts);
  GtkWidget *widget = GTK_WIDGET (stepper);

  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 80);

  /* The program setting the value is not a person's change. */
  vigil_limit_stepper_set_value (stepper, 90);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 90);
  g_assert_cmpstr (vigil_limit_stepper_get_value_text (stepper), ==, "90");
  g_assert_cmpuint (counts.notify_value, ==, 1);
  g_assert_cmpuint (counts.value_changed, ==, 0);
  g_object_set (stepper, "value", 91.0, NULL);
  g_assert_cmpuint (counts.notify_value, ==, 2);
  g_assert_cmpuint (counts.value_changed, ==, 0);
  vigil_limit_stepper_set_value (stepper, 91);
  g_assert_cmpuint (counts.notify_value, ==, 2);

  /* A person's steps, through the actions the buttons and keys use. */
  g_assert_true (gtk_widget_activate_action (widget, "stepper.increase", NULL));
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 92);
  g_assert_cmpuint (counts.value_changed, ==, 1);
  g_assert_cmpuint (counts.notify_value, ==, 3);

  gtk_widget_activate_action (widget, "stepper.decrease", NULL);
  gtk_widget_activate_action (widget, "stepper.decrease", NULL);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 90);
  g_assert_cmpuint (counts.value_changed, ==, 3);

  /* Up to the top, and no further. */
  for (guint i = 0; i < 10; i++)
    gtk_widget_activate_action (widget, "stepper.increase", NULL);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 95);
  g_assert_cmpuint (counts.value_changed, ==, 8);

  /* The program cannot go past the range either. */
  vigil_limit_stepper_set_value (stepper, 120);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 95);
  vigil_limit_stepper_set_value (stepper, 10);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 80);
  gtk_widget_activate_action (widget, "stepper.decrease", NULL);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 80);
  g_assert_cmpuint (counts.value_changed, ==, 8);

  /* A narrower range clamps the value: notified, not a person's change. */
  vigil_limit_stepper_set_range (stepper, 85, 92);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 85);
  g_assert_cmpuint (counts.value_changed, ==, 8);

  g_assert_finalize_object (stepper);
}

/* The real buttons, as a tap clicks them; disabled at the ends. */
static void
test_buttons (void)
{
  Counts counts = { 0 };
  VigilLimitStepper *stepper = new_counted ("HR high", "/min", 100, 160, 5, 0, &counts);
  GtkWidget *plus = vigil_widget_test_find_child (GTK_WIDGET (stepper), "increase");
  GtkWidget *minus = vigil_widget_test_find_child (GTK_WIDGET (stepper), "decrease");

  g_assert_true (GTK_IS_BUTTON (plus));
  g_assert_true (GTK_IS_BUTTON (minus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plus)), ==, "+");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (minus)), ==, "−");

  vigil_limit_stepper_set_value (stepper, 120);
  g_signal_emit_by_name (plus, "clicked");
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 125);
  g_signal_emit_by_name (minus, "clicked");
  g_signal_emit_by_name (minus, "clicked");
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 115);
  g_assert_cmpuint (counts.value_changed, ==, 3);

  /* At the top, + is greyed and does nothing. */
  vigil_limit_stepper_set_value (stepper, 160);
  g_assert_false (gtk_widget_is_sensitive (plus));
  g_assert_true (gtk_widget_is_sensitive (minus));
  g_signal_emit_by_name (plus, "clicked");
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 160);
  g_assert_cmpuint (counts.value_changed, ==, 3);

  vigil_limit_stepper_set_value (stepper, 100);
  g_assert_true (gtk_widget_is_sensitive (plus));
  g_assert_false (gtk_widget_is_sensitive (minus));

  g_assert_finalize_object (stepper);
}

/* Steps land on the grid min + k × step; decimals do not drift. */
static void
test_grid (void)
{
  Counts counts = { 0 };
  VigilLimitStepper *stepper = new_counted ("NIBP SYS high", "mmHg", 50, 250, 5, 0, &counts);
  VigilLimitStepper *fine = new_counted ("Temp high", "°C", 35, 40, 0.1, 1, &counts);

  vigil_limit_stepper_set_value (stepper, 152);
  gtk_widget_activate_action (GTK_WIDGET (stepper), "stepper.increase", NULL);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 155);
  vigil_limit_stepper_set_value (stepper, 152);
  gtk_widget_activate_action (GTK_WIDGET (stepper), "stepper.decrease", NULL);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 150);
  gtk_widget_activate_action (GTK_WIDGET (stepper), "stepper.decrease", NULL);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (stepper), ==, 145);

  vigil_limit_stepper_set_value (fine, 37.5);
  g_assert_cmpstr (vigil_limit_stepper_get_value_text (fine), ==, "37.5");
  for (guint i = 0; i < 3; i++)
    gtk_widget_activate_action (GTK_WIDGET (fine), "stepper.increase", NULL);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (fine), ==, 37.8);
  g_assert_cmpstr (vigil_limit_stepper_get_value_text (fine), ==, "37.8");
  for (guint i = 0; i < 8; i++)
    gtk_widget_activate_action (GTK_WIDGET (fine), "stepper.decrease", NULL);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (fine), ==, 37.0);
  g_assert_cmpstr (vigil_limit_stepper_get_value_text (fine), ==, "37.0");

  /* Values are kept to the digits shown. */
  vigil_limit_stepper_set_value (fine, 36.66);
  g_assert_cmpfloat (vigil_limit_stepper_get_value (fine), ==, 36.7);

  g_assert_finalize_object (stepper);
  g_assert_finalize_object (fine);
}

static gboolean
has_key_binding (GtkWidget  *widget,
                 guint       keyval,
                 const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          found = GTK_IS_KEYVAL_TRIGGER (trigger) &&
                  gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
                  gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0 &&
                  GTK_IS_NAMED_ACTION (action) &&
                  g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), action_name) == 0;
        }
    }

  return found;
}

/* Keyboard: the stepper takes focus, Up/Down and +/− step it. */
static void
test_keyboard (void)
{
  GtkWidget *stepper = g_object_ref_sink (vigil_limit_stepper_new ("HR low", "/min", 30, 60, 1, 0));

  g_assert_true (gtk_widget_get_focusable (stepper));
  g_assert_true (gtk_widget_get_focusable (vigil_widget_test_find_child (stepper, "increase")));
  g_assert_true (has_key_binding (stepper, GDK_KEY_Up, "stepper.increase"));
  g_assert_true (has_key_binding (stepper, GDK_KEY_plus, "stepper.increase"));
  g_assert_true (has_key_binding (stepper, GDK_KEY_KP_Add, "stepper.increase"));
  g_assert_true (has_key_binding (stepper, GDK_KEY_Down, "stepper.decrease"));
  g_assert_true (has_key_binding (stepper, GDK_KEY_minus, "stepper.decrease"));
  g_assert_false (has_key_binding (stepper, GDK_KEY_Down, "stepper.increase"));

  g_assert_finalize_object (stepper);
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
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *spo2 = vigil_limit_stepper_new ("SpO₂ low", "%", 80, 95, 1, 0);
  GtkWidget *hr = vigil_limit_stepper_new ("HR high", "/min", 100, 160, 5, 0);
  GtkWidget *plus = vigil_widget_test_find_child (spo2, "increase");
  GtkWidget *minus = vigil_widget_test_find_child (hr, "decrease");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) pressed_texture = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  g_autoptr(VigilPixels) pressed_pixels = NULL;
  graphene_rect_t area;
  GdkRGBA pressed;
  guint before, after;

  gtk_widget_add_css_class (window, "vigil-test");
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_size_request (spo2, 320, -1);
  gtk_widget_set_size_request (hr, 320, -1);
  gtk_box_append (GTK_BOX (box), spo2);
  gtk_box_append (GTK_BOX (box), hr);
  gtk_window_set_child (GTK_WINDOW (window), box);

  vigil_limit_stepper_set_value (VIGIL_LIMIT_STEPPER (spo2), 90);
  vigil_limit_stepper_set_value (VIGIL_LIMIT_STEPPER (hr), 100);  /* − greyed */

  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (box);

  /* Big enough for a gloved finger: at least 48 px each way. */
  g_test_message ("step buttons %d×%d px", gtk_widget_get_width (plus), gtk_widget_get_height (plus));
  g_assert_cmpint (gtk_widget_get_width (plus), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (plus), >=, 48);
  g_assert_cmpint (gtk_widget_get_width (minus), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (minus), >=, 48);

  texture = vigil_widget_test_screenshot (box);
  vigil_widget_test_save (texture, "limit-stepper.png");
  pixels = vigil_pixels_new (texture);

  /* The value is there in large bright text. */
  area = bounds_in (vigil_widget_test_find_child (spo2, "value"), box);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), >, 200);

  /* The greyed − shows no bright symbol; the live + does. */
  area = bounds_in (minus, box);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), ==, 0);
  area = bounds_in (plus, box);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), >, 30);

  /* Pressed: the whole button lights up in the pressed colour. */
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (plus),
                                                 "vigil_step_button_pressed", &pressed));
  before = vigil_pixels_count_color (pixels, &area, &pressed, 4);
  gtk_widget_set_state_flags (plus, GTK_STATE_FLAG_ACTIVE, FALSE);
  vigil_widget_test_wait_frames (box, 2);
  pressed_texture = vigil_widget_test_screenshot (box);
  vigil_widget_test_save (pressed_texture, "limit-stepper-pressed.png");
  pressed_pixels = vigil_pixels_new (pressed_texture);
  after = vigil_pixels_count_color (pressed_pixels, &area, &pressed, 4);
  g_test_message ("pressed colour in the + button: %u px before, %u px pressed (of %.0f)",
                  before, after, area.size.width * area.size.height);
  g_assert_cmpuint (before, ==, 0);
  g_assert_cmpuint (after, >, area.size.width * area.size.height / 2);
  gtk_widget_unset_state_flags (plus, GTK_STATE_FLAG_ACTIVE);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/limit-stepper/finalize", test_finalize);
  g_test_add_func ("/vigil/limit-stepper/steps", test_steps);
  g_test_add_func ("/vigil/limit-stepper/buttons", test_buttons);
  g_test_add_func ("/vigil/limit-stepper/grid", test_grid);
  g_test_add_func ("/vigil/limit-stepper/keyboard", test_keyboard);
  g_test_add_func ("/vigil/limit-stepper/render", test_render);

  return g_test_run ();
}
