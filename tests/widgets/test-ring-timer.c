/* test-ring-timer.c — VigilRingTimer: texts, states, how it looks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "vigil-ring-timer.h"
#include "vigil-widget-test.h"

#define SEC_US(s) ((gint64) (s) * G_USEC_PER_SEC)
#define MIN_US(m) ((gint64) (m) * 60 * G_USEC_PER_SEC)

#define RING_SIZE 360

/* Per channel, of a solid fill: the ring's colours are flat. */
#define TOLERANCE 16

static void
test_finalize (void)
{
  VigilRingTimer *timer = VIGIL_RING_TIMER (vigil_ring_timer_new ());

  g_object_ref_sink (timer);
  g_assert_cmpint (vigil_ring_timer_get_mode (timer), ==, VIGIL_RING_TIMER_COUNT_DOWN);
  g_assert_cmpint (vigil_ring_timer_get_total (timer), ==, 0);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "0:00");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "");
  g_assert_finalize_object (timer);

  /* Everything set, through properties. */
  timer = g_object_ref_sink (g_object_new (VIGIL_TYPE_RING_TIMER,
                                           "title", "Recovery",
                                           "phase", VIGIL_RING_TIMER_PHASE_RECOVERY,
                                           "mode", VIGIL_RING_TIMER_COUNT_UP,
                                           "total", MIN_US (45),
                                           "minimum", MIN_US (30),
                                           "elapsed", MIN_US (32),
                                           "paused", TRUE,
                                           "paused-for", SEC_US (12),
                                           NULL));
  g_assert_cmpstr (vigil_ring_timer_get_title (timer), ==, "Recovery");
  g_assert_cmpint (vigil_ring_timer_get_minimum (timer), ==, MIN_US (30));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "32:00");
  g_assert_finalize_object (timer);
}

static void
check_format (gint64      us,
              const char *expected)
{
  g_autofree char *text = vigil_ring_timer_format_duration (us);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format (void)
{
  check_format (0, "0:00");
  check_format (999999, "0:00");
  check_format (SEC_US (59), "0:59");
  check_format (SEC_US (60) - 1, "0:59");
  check_format (SEC_US (754), "12:34");
  check_format (MIN_US (40), "40:00");
  check_format (MIN_US (60) - 1, "59:59");
  check_format (MIN_US (60), "1:00:00");
  check_format (MIN_US (65), "1:05:00");
  check_format (MIN_US (600) + SEC_US (7), "10:00:07");

  /* Negative: a sign, and no "-0:00" for less than a second. */
  check_format (-SEC_US (130), "-2:10");
  check_format (-MIN_US (65), "-1:05:00");
  check_format (-500000, "0:00");
  check_format (G_MININT64, "-2562047788:00:54");
  check_format (G_MAXINT64, "2562047788:00:54");
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_count (void)
{
  VigilRingTimer *timer = g_object_ref_sink (VIGIL_RING_TIMER (vigil_ring_timer_new ()));
  guint elapsed_notifies = 0;
  guint overtime_notifies = 0;

  g_signal_connect (timer, "notify::elapsed", G_CALLBACK (notify_count_cb), &elapsed_notifies);
  g_signal_connect (timer, "notify::overtime", G_CALLBACK (notify_count_cb), &overtime_notifies);

  vigil_ring_timer_set_title (timer, "Infusion");
  vigil_ring_timer_set_total (timer, MIN_US (40));

  /* Count down: the remaining time, rounded up to the second. */
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "40:00");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "of 40:00");
  vigil_ring_timer_set_elapsed (timer, 500000);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "40:00");
  vigil_ring_timer_set_elapsed (timer, SEC_US (754));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "27:26");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "of 40:00");
  g_assert_cmpuint (elapsed_notifies, ==, 2);

  /* The app sets it every second: the same value is no change. */
  vigil_ring_timer_set_elapsed (timer, SEC_US (754));
  g_assert_cmpuint (elapsed_notifies, ==, 2);

  /* Count up: the elapsed time, truncated. */
  vigil_ring_timer_set_mode (timer, VIGIL_RING_TIMER_COUNT_UP);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "12:34");
  vigil_ring_timer_set_elapsed (timer, SEC_US (754) + 999999);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "12:34");
  vigil_ring_timer_set_mode (timer, VIGIL_RING_TIMER_COUNT_DOWN);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "27:26");

  /* At the total: 0:00, not yet overtime. */
  vigil_ring_timer_set_elapsed (timer, MIN_US (40));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "0:00");
  g_assert_false (vigil_ring_timer_get_overtime (timer));
  g_assert_cmpuint (overtime_notifies, ==, 0);

  /* Past it: "+MM:SS" in both modes. */
  vigil_ring_timer_set_elapsed (timer, MIN_US (40) + SEC_US (130));
  g_assert_true (vigil_ring_timer_get_overtime (timer));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (timer), "overtime"));
  g_assert_cmpuint (overtime_notifies, ==, 1);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "+2:10");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "over 40:00");
  vigil_ring_timer_set_mode (timer, VIGIL_RING_TIMER_COUNT_UP);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "+2:10");
  vigil_ring_timer_set_elapsed (timer, MIN_US (40) + MIN_US (65));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "+1:05:00");

  /* A longer total ends the overtime. */
  vigil_ring_timer_set_total (timer, MIN_US (120));
  g_assert_false (vigil_ring_timer_get_overtime (timer));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (timer), "overtime"));
  g_assert_cmpuint (overtime_notifies, ==, 2);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "1:45:00");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "of 2:00:00");

  /* A minimum inside the ring is named under the digits. */
  vigil_ring_timer_set_total (timer, MIN_US (45));
  vigil_ring_timer_set_minimum (timer, MIN_US (30));
  vigil_ring_timer_set_elapsed (timer, MIN_US (32));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "32:00");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "of 45:00 · min 30:00");

  /* A minimum that is not inside the ring is ignored. */
  vigil_ring_timer_set_minimum (timer, MIN_US (45));
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "of 45:00");

  /* No total: the elapsed time whatever the mode, no overtime. */
  vigil_ring_timer_set_total (timer, 0);
  vigil_ring_timer_set_mode (timer, VIGIL_RING_TIMER_COUNT_DOWN);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "32:00");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "");
  g_assert_false (vigil_ring_timer_get_overtime (timer));

  /* A negative time from a clock stepped back reads as zero. */
  vigil_ring_timer_set_elapsed (timer, -SEC_US (5));
  g_assert_cmpint (vigil_ring_timer_get_elapsed (timer), ==, 0);
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "0:00");

  g_assert_finalize_object (timer);
}

static void
test_paused (void)
{
  VigilRingTimer *timer = g_object_ref_sink (VIGIL_RING_TIMER (vigil_ring_timer_new ()));
  guint paused_notifies = 0;

  g_signal_connect (timer, "notify::paused", G_CALLBACK (notify_count_cb), &paused_notifies);

  vigil_ring_timer_set_total (timer, MIN_US (40));
  vigil_ring_timer_set_elapsed (timer, SEC_US (754));
  vigil_ring_timer_set_paused_for (timer, SEC_US (210));
  /* Not paused: the pause's length is not shown. */
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "of 40:00");

  vigil_ring_timer_set_paused (timer, TRUE);
  vigil_ring_timer_set_paused (timer, TRUE);
  g_assert_cmpuint (paused_notifies, ==, 1);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (timer), "paused"));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "27:26");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "paused 3:30");

  vigil_ring_timer_set_paused_for (timer, MIN_US (61));
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "paused 1:01:00");

  /* Paused in overtime: the overtime digits, the pause below them. */
  vigil_ring_timer_set_elapsed (timer, MIN_US (41));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (timer), ==, "+1:00");
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "paused 1:01:00");

  vigil_ring_timer_set_paused (timer, FALSE);
  g_assert_cmpuint (paused_notifies, ==, 2);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (timer), "paused"));
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (timer), ==, "over 40:00");

  g_assert_finalize_object (timer);
}

/* Screenshots */

typedef struct
{
  GtkWidget      *window;
  VigilRingTimer *timer;
  GdkRGBA         infusion;
  GdkRGBA         recovery;
  GdkRGBA         paused;
  GdkRGBA         overtime;
  GdkRGBA         track;
  GdkRGBA         alarm_high;
  GdkRGBA         alarm_medium;
} Fixture;

static void
lookup (GtkWidget  *widget,
        const char *name,
        GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    g_error ("widgets.css does not define @%s", name);
}

static void
fixture_init_sized (Fixture *f,
                    int      size)
{
  GtkWidget *widget;

  f->timer = VIGIL_RING_TIMER (vigil_ring_timer_new ());
  widget = GTK_WIDGET (f->timer);
  gtk_widget_set_size_request (widget, size, size);

  f->window = gtk_window_new ();
  gtk_widget_add_css_class (f->window, "vigil-test");
  gtk_window_set_child (GTK_WINDOW (f->window), widget);
  /* Not the natural size: exactly @size. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), size, size);
  gtk_window_present (GTK_WINDOW (f->window));
  vigil_widget_test_wait_mapped (widget);

  lookup (widget, "vigil_ring_infusion", &f->infusion);
  lookup (widget, "vigil_ring_recovery", &f->recovery);
  lookup (widget, "vigil_ring_paused", &f->paused);
  lookup (widget, "vigil_ring_overtime", &f->overtime);
  lookup (widget, "vigil_ring_track", &f->track);
  lookup (widget, "vigil_alarm_high", &f->alarm_high);
  lookup (widget, "vigil_alarm_medium", &f->alarm_medium);
}

static void
fixture_init (Fixture *f)
{
  fixture_init_sized (f, RING_SIZE);
}

static void
fixture_clear (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

typedef struct
{
  guint left;
  guint right;
} Halves;

/* Pixels of @color in the left and right halves of the ring: outside
 * 0.38 of the diameter from the centre, so the text's antialiased edges
 * (which pass through the track's dark grey) are not counted. */
static Halves
count_halves (VigilPixels   *pixels,
              const GdkRGBA *color)
{
  double cx = pixels->width / 2.0;
  double cy = pixels->height / 2.0;
  double inner = 0.38 * MIN (pixels->width, pixels->height);
  Halves h = { 0, 0 };

  for (int y = 0; y < pixels->height; y++)
    for (int x = 0; x < pixels->width; x++)
      {
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;

        if (dx * dx + dy * dy < inner * inner)
          continue;
        if (vigil_pixels_count_color (pixels, &GRAPHENE_RECT_INIT (x, y, 1, 1), color, TOLERANCE) == 0)
          continue;
        if (dx < 0)
          h.left++;
        else
          h.right++;
      }

  return h;
}

static guint
count_all (VigilPixels   *pixels,
           const GdkRGBA *color,
           int            tolerance)
{
  return vigil_pixels_count_color (pixels, &GRAPHENE_RECT_INIT (0, 0, pixels->width, pixels->height),
                                   color, tolerance);
}

/* Never an alarm's colour: nothing red, nothing near the high or medium
 * alarm colours. */
static void
assert_no_alarm_colours (Fixture     *f,
                         VigilPixels *pixels)
{
  graphene_rect_t all = GRAPHENE_RECT_INIT (0, 0, pixels->width, pixels->height);

  g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_red), ==, 0);
  g_assert_cmpuint (count_all (pixels, &f->alarm_high, 40), ==, 0);
  g_assert_cmpuint (count_all (pixels, &f->alarm_medium, 40), ==, 0);
}

/* Whether any white pixel lies on the ray from the centre at @degrees
 * clockwise from twelve o'clock, between @from and @to (fractions of the
 * ring's diameter): where the minimum tick is, or is not. */
static gboolean
white_on_ray (VigilPixels *pixels,
              double       degrees,
              double       from,
              double       to)
{
  double angle = (degrees - 90) * G_PI / 180;
  double cx = pixels->width / 2.0;
  double cy = pixels->height / 2.0;
  int diameter = MIN (pixels->width, pixels->height);

  for (double t = from * diameter; t <= to * diameter; t += 0.5)
    {
      int x = (int) floor (cx + t * cos (angle));
      int y = (int) floor (cy + t * sin (angle));

      if (x < 0 || y < 0 || x >= pixels->width || y >= pixels->height)
        continue;
      if (vigil_pixels_count (pixels, &GRAPHENE_RECT_INIT (x, y, 1, 1), vigil_pixel_is_white) > 0)
        return TRUE;
    }

  return FALSE;
}

static VigilPixels *
shoot_sized (Fixture    *f,
             const char *basename,
             int         size)
{
  g_autoptr(GdkTexture) texture = NULL;

  vigil_widget_test_wait_frames (GTK_WIDGET (f->timer), 1);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (f->timer));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, size);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, size);
  vigil_widget_test_save (texture, basename);

  return vigil_pixels_new (texture);
}

static VigilPixels *
shoot (Fixture    *f,
       const char *basename)
{
  return shoot_sized (f, basename, RING_SIZE);
}

static void
test_screenshot_infusion (void)
{
  Fixture f;
  g_autoptr(VigilPixels) pixels = NULL;
  graphene_rect_t all;
  Halves arc, track;
  double fraction;

  fixture_init (&f);
  vigil_ring_timer_set_title (f.timer, "Infusion");
  vigil_ring_timer_set_total (f.timer, MIN_US (40));
  vigil_ring_timer_set_elapsed (f.timer, SEC_US (754));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (f.timer), ==, "27:26");

  pixels = shoot (&f, "ring-timer-infusion.png");
  all = GRAPHENE_RECT_INIT (0, 0, pixels->width, pixels->height);
  arc = count_halves (pixels, &f.infusion);
  track = count_halves (pixels, &f.track);
  fraction = (double) (arc.left + arc.right) / (arc.left + arc.right + track.left + track.right);
  g_test_message ("infusion 12:34 of 40:00: arc %u left + %u right px, track %u + %u px, arc fraction %.3f (expected %.3f)",
                  arc.left, arc.right, track.left, track.right, fraction, 754.0 / 2400);

  /* 31 % of the ring, from twelve o'clock clockwise: all in the right half. */
  g_assert_cmpuint (arc.right, >, 3000);
  g_assert_cmpuint (arc.left, <, arc.right / 100);
  g_assert_cmpfloat_with_epsilon (fraction, 754.0 / 2400, 0.03);
  g_assert_cmpuint (count_all (pixels, &f.paused, TOLERANCE), ==, 0);
  g_assert_cmpuint (count_all (pixels, &f.recovery, TOLERANCE), ==, 0);
  g_assert_cmpuint (count_all (pixels, &f.overtime, TOLERANCE), ==, 0);
  /* The digits, white. */
  g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_white), >, 1500);
  assert_no_alarm_colours (&f, pixels);

  fixture_clear (&f);
}

static void
test_screenshot_paused (void)
{
  Fixture f;
  g_autoptr(VigilPixels) pixels = NULL;
  graphene_rect_t ring_top_right;
  Halves paused, track;
  double fraction;

  fixture_init (&f);
  vigil_ring_timer_set_title (f.timer, "Infusion");
  vigil_ring_timer_set_total (f.timer, MIN_US (40));
  vigil_ring_timer_set_elapsed (f.timer, SEC_US (754));
  vigil_ring_timer_set_paused (f.timer, TRUE);
  vigil_ring_timer_set_paused_for (f.timer, SEC_US (210));
  g_assert_cmpstr (vigil_ring_timer_get_secondary_text (f.timer), ==, "paused 3:30");

  pixels = shoot (&f, "ring-timer-paused.png");
  paused = count_halves (pixels, &f.paused);
  track = count_halves (pixels, &f.track);
  /* The arc's quadrant only: the ring from twelve to three o'clock,
   * outside the text. */
  ring_top_right = GRAPHENE_RECT_INIT (RING_SIZE * 0.5f, 0, RING_SIZE * 0.5f, RING_SIZE * 0.15f);
  fraction = (double) (paused.left + paused.right) / (paused.left + paused.right + track.left + track.right);
  g_test_message ("paused 3:30 at 12:34 of 40:00: amber arc %u left + %u right px, track %u + %u px, "
                  "arc fraction %.3f; amber in the whole image %u px (arc, digits, PAUSED)",
                  paused.left, paused.right, track.left, track.right, fraction,
                  count_all (pixels, &f.paused, TOLERANCE));

  /* The arc is amber now, not the phase colour, and it is still 31 %;
   * the digits and the PAUSED label are amber too. */
  g_assert_cmpuint (count_all (pixels, &f.infusion, TOLERANCE), ==, 0);
  g_assert_cmpuint (vigil_pixels_count_color (pixels, &ring_top_right, &f.paused, TOLERANCE), >, 1000);
  g_assert_cmpuint (paused.left, <, paused.right / 100);
  g_assert_cmpfloat_with_epsilon (fraction, 754.0 / 2400, 0.03);
  g_assert_cmpuint (count_all (pixels, &f.paused, TOLERANCE), >, paused.right + 1500);
  assert_no_alarm_colours (&f, pixels);

  fixture_clear (&f);
}

static void
test_screenshot_recovery (void)
{
  Fixture f;
  g_autoptr(VigilPixels) pixels = NULL;
  Halves arc, track;
  double left_fraction;

  fixture_init (&f);
  vigil_ring_timer_set_title (f.timer, "Recovery");
  vigil_ring_timer_set_phase (f.timer, VIGIL_RING_TIMER_PHASE_RECOVERY);
  vigil_ring_timer_set_mode (f.timer, VIGIL_RING_TIMER_COUNT_UP);
  vigil_ring_timer_set_total (f.timer, MIN_US (45));
  vigil_ring_timer_set_minimum (f.timer, MIN_US (30));
  vigil_ring_timer_set_elapsed (f.timer, MIN_US (32));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (f.timer), ==, "32:00");

  pixels = shoot (&f, "ring-timer-recovery.png");
  arc = count_halves (pixels, &f.recovery);
  track = count_halves (pixels, &f.track);
  left_fraction = (double) arc.left / (arc.left + track.left);
  g_test_message ("recovery 32:00 of 45:00: arc %u left + %u right px, track %u + %u px, "
                  "left half %.3f covered (expected %.3f)",
                  arc.left, arc.right, track.left, track.right, left_fraction, (32.0 / 45 - 0.5) * 2);

  /* 71 %: the right half full, 42 % of the left half. */
  g_assert_cmpuint (track.right, <, arc.right / 50);
  g_assert_cmpfloat_with_epsilon (left_fraction, (32.0 / 45 - 0.5) * 2, 0.04);
  g_assert_cmpuint (count_all (pixels, &f.infusion, TOLERANCE), ==, 0);
  g_assert_cmpuint (count_all (pixels, &f.paused, TOLERANCE), ==, 0);

  /* The 30 min tick at 240°, across the ring; none elsewhere on it. */
  g_assert_true (white_on_ray (pixels, 240, 0.40, 0.5));
  g_assert_false (white_on_ray (pixels, 200, 0.40, 0.5));
  g_assert_false (white_on_ray (pixels, 300, 0.40, 0.5));
  assert_no_alarm_colours (&f, pixels);

  fixture_clear (&f);
}

static void
test_screenshot_overtime (void)
{
  Fixture f;
  g_autoptr(VigilPixels) pixels = NULL;
  Halves arc, track;
  graphene_rect_t ring_top_right = GRAPHENE_RECT_INIT (RING_SIZE * 0.5f, 0, RING_SIZE * 0.5f, RING_SIZE * 0.15f);
  graphene_rect_t ring_top_left = GRAPHENE_RECT_INIT (0, 0, RING_SIZE * 0.5f, RING_SIZE * 0.15f);

  fixture_init (&f);
  vigil_ring_timer_set_title (f.timer, "Infusion");
  vigil_ring_timer_set_total (f.timer, MIN_US (40));
  vigil_ring_timer_set_elapsed (f.timer, MIN_US (40) + SEC_US (130));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (f.timer), ==, "+2:10");

  pixels = shoot (&f, "ring-timer-overtime.png");
  arc = count_halves (pixels, &f.infusion);
  track = count_halves (pixels, &f.track);
  g_test_message ("overtime +2:10: arc %u left + %u right px, track %u + %u px, overtime-coloured %u px",
                  arc.left, arc.right, track.left, track.right, count_all (pixels, &f.overtime, TOLERANCE));

  /* The ring is full, the digits in the overtime colour, and a second
   * lap of 2:10 / 40:00 = 5.4 % from twelve o'clock, clockwise. */
  g_assert_cmpuint (track.left + track.right, <, (arc.left + arc.right) / 100);
  g_assert_cmpuint (arc.left, >, arc.right * 9 / 10);
  g_assert_cmpuint (count_all (pixels, &f.overtime, TOLERANCE), >, 1000);
  g_assert_cmpuint (vigil_pixels_count_color (pixels, &ring_top_right, &f.overtime, TOLERANCE), >, 300);
  g_assert_cmpuint (vigil_pixels_count_color (pixels, &ring_top_left, &f.overtime, TOLERANCE), ==, 0);
  g_assert_cmpuint (count_all (pixels, &f.paused, TOLERANCE), ==, 0);
  assert_no_alarm_colours (&f, pixels);

  fixture_clear (&f);
}

/* Pixels accepted by @func farther than @radius (a fraction of the
 * diameter) from the centre. */
static guint
count_outside (VigilPixels    *pixels,
               double          radius,
               VigilPixelFunc  func)
{
  double cx = pixels->width / 2.0;
  double cy = pixels->height / 2.0;
  double r = radius * MIN (pixels->width, pixels->height);
  guint count = 0;

  for (int y = 0; y < pixels->height; y++)
    for (int x = 0; x < pixels->width; x++)
      {
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;

        if (dx * dx + dy * dy >= r * r &&
            vigil_pixels_count (pixels, &GRAPHENE_RECT_INIT (x, y, 1, 1), func) > 0)
          count++;
      }

  return count;
}

/* The smallest ring (the CSS minimum) with the widest digits: they shrink
 * to stay inside the ring. */
static void
test_screenshot_small_long (void)
{
  Fixture f;
  g_autoptr(VigilPixels) long_pixels = NULL;
  g_autoptr(VigilPixels) over_pixels = NULL;
  guint white_outside, grey_outside, white_inside;

  fixture_init_sized (&f, 240);
  vigil_ring_timer_set_title (f.timer, "Recovery");
  vigil_ring_timer_set_phase (f.timer, VIGIL_RING_TIMER_PHASE_RECOVERY);
  vigil_ring_timer_set_mode (f.timer, VIGIL_RING_TIMER_COUNT_UP);
  vigil_ring_timer_set_total (f.timer, MIN_US (120));
  vigil_ring_timer_set_elapsed (f.timer, MIN_US (65) + SEC_US (43));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (f.timer), ==, "1:05:43");

  long_pixels = shoot_sized (&f, "ring-timer-small-long.png", 240);
  /* The track's inner edge is at about 0.40 of the diameter. */
  white_outside = count_outside (long_pixels, 0.38, vigil_pixel_is_white);
  grey_outside = count_outside (long_pixels, 0.38, vigil_pixel_is_grey_text);
  white_inside = count_outside (long_pixels, 0, vigil_pixel_is_white) - white_outside;
  g_test_message ("240 px, 1:05:43 of 2:00:00: %u white px inside the ring, %u white and %u grey outside it",
                  white_inside, white_outside, grey_outside);
  g_assert_cmpuint (white_inside, >, 500);
  g_assert_cmpuint (white_outside, ==, 0);
  g_assert_cmpuint (grey_outside, ==, 0);
  assert_no_alarm_colours (&f, long_pixels);

  /* More than a whole total over: a full second lap. */
  vigil_ring_timer_set_total (f.timer, MIN_US (45));
  vigil_ring_timer_set_elapsed (f.timer, MIN_US (45) + MIN_US (65) + SEC_US (43));
  g_assert_cmpstr (vigil_ring_timer_get_digits_text (f.timer), ==, "+1:05:43");
  over_pixels = shoot_sized (&f, "ring-timer-small-overtime.png", 240);
  g_assert_cmpuint (count_halves (over_pixels, &f.overtime).left, >, 500);
  g_assert_cmpuint (count_halves (over_pixels, &f.overtime).right, >, 500);
  g_assert_cmpuint (count_outside (over_pixels, 0.38, vigil_pixel_is_grey_text), ==, 0);
  assert_no_alarm_colours (&f, over_pixels);

  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/ring-timer/finalize", test_finalize);
  g_test_add_func ("/vigil/ring-timer/format", test_format);
  g_test_add_func ("/vigil/ring-timer/count", test_count);
  g_test_add_func ("/vigil/ring-timer/paused", test_paused);
  g_test_add_func ("/vigil/ring-timer/screenshot-infusion", test_screenshot_infusion);
  g_test_add_func ("/vigil/ring-timer/screenshot-paused", test_screenshot_paused);
  g_test_add_func ("/vigil/ring-timer/screenshot-recovery", test_screenshot_recovery);
  g_test_add_func ("/vigil/ring-timer/screenshot-overtime", test_screenshot_overtime);
  g_test_add_func ("/vigil/ring-timer/screenshot-small-long", test_screenshot_small_long);

  return g_test_run ();
}
