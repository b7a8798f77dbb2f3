/* test-alarm-banner.c — VigilAlarmBanner: content, flashing, how it looks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "vigil-alarm-banner.h"
#include "vigil-alarm-banner-private.h"
#include "vigil-flash.h"
#include "vigil-vital-tile.h"
#include "vigil-widget-test.h"

#define SECOND_US  G_USEC_PER_SEC
#define TEN_S_US   (10 * G_USEC_PER_SEC)
#define ONSET_US   ((gint64) 987 * G_USEC_PER_SEC + 4321)

#define BANNER_WIDTH 900

static void
test_finalize (void)
{
  VigilAlarmBanner *banner = VIGIL_ALARM_BANNER (vigil_alarm_banner_new ());

  g_object_ref_sink (banner);
  g_assert_cmpint (vigil_alarm_banner_get_priority (banner), ==, VIGIL_ALARM_PRIORITY_NONE);
  g_assert_finalize_object (banner);

  /* With an alarm, extra alarms and in technical mode. */
  banner = g_object_ref_sink (g_object_new (VIGIL_TYPE_ALARM_BANNER, "technical", TRUE, NULL));
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_HIGH, "Alarm sound unavailable", ONSET_US);
  vigil_alarm_banner_set_extra_count (banner, 3);
  g_assert_true (vigil_alarm_banner_get_technical (banner));
  g_assert_finalize_object (banner);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_content (void)
{
  VigilAlarmBanner *banner = g_object_ref_sink (VIGIL_ALARM_BANNER (vigil_alarm_banner_new ()));
  GtkWidget *widget = GTK_WIDGET (banner);
  guint priority_notifies = 0;
  guint text_notifies = 0;

  g_signal_connect (banner, "notify::priority", G_CALLBACK (notify_count_cb), &priority_notifies);
  g_signal_connect (banner, "notify::text", G_CALLBACK (notify_count_cb), &text_notifies);

  /* Idle: nothing alarming, and it says so. */
  g_assert_true (gtk_widget_has_css_class (widget, "idle"));
  g_assert_cmpstr (vigil_alarm_banner_get_marker_text (banner), ==, "");
  g_assert_null (vigil_alarm_banner_get_text (banner));
  g_assert_false (vigil_alarm_banner_get_flash_on (banner));

  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_HIGH, "SpO₂ 84 ≤ 85", ONSET_US);
  g_assert_cmpint (vigil_alarm_banner_get_priority (banner), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_cmpstr (vigil_alarm_banner_get_text (banner), ==, "SpO₂ 84 ≤ 85");
  g_assert_cmpstr (vigil_alarm_banner_get_marker_text (banner), ==, "!!!");
  g_assert_cmpint (vigil_alarm_banner_get_onset (banner), ==, ONSET_US);
  g_assert_true (gtk_widget_has_css_class (widget, "alarm-high"));
  g_assert_false (gtk_widget_has_css_class (widget, "idle"));
  g_assert_true (vigil_alarm_banner_get_flash_on (banner));  /* lit at onset */
  g_assert_cmpuint (priority_notifies, ==, 1);
  g_assert_cmpuint (text_notifies, ==, 1);

  /* The app calls it on every engine change: the same alarm is no change. */
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_HIGH, "SpO₂ 84 ≤ 85", ONSET_US);
  g_assert_cmpuint (priority_notifies, ==, 1);
  g_assert_cmpuint (text_notifies, ==, 1);

  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_MEDIUM, "SpO₂ 88 < 90", ONSET_US + SECOND_US);
  g_assert_cmpstr (vigil_alarm_banner_get_marker_text (banner), ==, "!!");
  g_assert_true (gtk_widget_has_css_class (widget, "alarm-medium"));
  g_assert_false (gtk_widget_has_css_class (widget, "alarm-high"));

  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_LOW, "BP rise from baseline", ONSET_US);
  g_assert_cmpstr (vigil_alarm_banner_get_marker_text (banner), ==, "!");
  g_assert_true (gtk_widget_has_css_class (widget, "alarm-low"));

  /* Rotation through several: "2 more". */
  g_assert_cmpstr (vigil_alarm_banner_get_extra_text (banner), ==, "");
  vigil_alarm_banner_set_extra_count (banner, 2);
  g_assert_cmpstr (vigil_alarm_banner_get_extra_text (banner), ==, "2 more");
  vigil_alarm_banner_set_extra_count (banner, 1);
  g_assert_cmpstr (vigil_alarm_banner_get_extra_text (banner), ==, "1 more");
  g_object_set (banner, "extra-count", 0, NULL);
  g_assert_cmpstr (vigil_alarm_banner_get_extra_text (banner), ==, "");

  /* Idle hides the count even if the app leaves it set. */
  vigil_alarm_banner_set_extra_count (banner, 4);
  vigil_alarm_banner_clear (banner);
  g_assert_cmpint (vigil_alarm_banner_get_priority (banner), ==, VIGIL_ALARM_PRIORITY_NONE);
  g_assert_null (vigil_alarm_banner_get_text (banner));
  g_assert_cmpstr (vigil_alarm_banner_get_marker_text (banner), ==, "");
  g_assert_cmpstr (vigil_alarm_banner_get_extra_text (banner), ==, "");
  g_assert_true (gtk_widget_has_css_class (widget, "idle"));
  g_assert_false (gtk_widget_has_css_class (widget, "alarm-low"));
  g_assert_false (vigil_alarm_banner_get_flash_on (banner));

  /* Priority none is a clear, whatever the text. */
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_HIGH, "HR 160 > 150", ONSET_US);
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_NONE, "ignored", ONSET_US);
  g_assert_null (vigil_alarm_banner_get_text (banner));
  g_assert_true (gtk_widget_has_css_class (widget, "idle"));

  /* Technical mode keeps the priority marker. */
  vigil_alarm_banner_set_technical (banner, TRUE);
  g_assert_true (gtk_widget_has_css_class (widget, "technical"));
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_MEDIUM, "Pulse oximeter link lost", ONSET_US);
  g_assert_cmpstr (vigil_alarm_banner_get_marker_text (banner), ==, "!!");

  g_assert_finalize_object (banner);
}

typedef struct
{
  VigilAlarmBanner *banner;
} BannerProbe;

/* What the banner's tick does on a frame at @time_us, then what it shows. */
static gboolean
banner_probe (gpointer data,
              gint64   time_us)
{
  BannerProbe *probe = data;

  vigil_alarm_banner_update_for_time (probe->banner, time_us);
  return vigil_alarm_banner_get_flash_on (probe->banner);
}

static void
measure_banner (VigilAlarmBanner   *banner,
                VigilAlarmPriority  priority,
                VigilFlashMeasure  *m)
{
  BannerProbe probe = { banner };

  vigil_alarm_banner_set_alarm (banner, priority, "test", ONSET_US);
  vigil_flash_measure (banner_probe, &probe, ONSET_US, TEN_S_US, 60, 0, m);
  g_test_message ("banner %s, 10 s of synthetic 60 fps frame times: %u cycles, %.3f Hz, duty %.1f %%",
                  vigil_alarm_priority_to_string (priority), m->cycles, m->frequency_hz, 100 * m->duty);
}

/* The banner's own tick handler over 10 s of synthetic frame times. */
static void
test_flash_synthetic (void)
{
  VigilAlarmBanner *banner = g_object_ref_sink (VIGIL_ALARM_BANNER (vigil_alarm_banner_new ()));
  VigilFlashMeasure m;

  measure_banner (banner, VIGIL_ALARM_PRIORITY_HIGH, &m);
  g_assert_cmpuint (m.cycles, ==, 20);
  g_assert_cmpfloat_with_epsilon (m.frequency_hz, 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (m.duty, 0.5, 0.02);

  measure_banner (banner, VIGIL_ALARM_PRIORITY_MEDIUM, &m);
  g_assert_cmpuint (m.cycles, ==, 5);
  g_assert_cmpfloat_with_epsilon (m.frequency_hz, 0.5, 0.005);
  g_assert_cmpfloat_with_epsilon (m.duty, 0.5, 0.02);

  measure_banner (banner, VIGIL_ALARM_PRIORITY_LOW, &m);
  g_assert_cmpuint (m.cycles, ==, 0);
  g_assert_cmpuint (m.on_frames, ==, m.frames);

  /* Technical alarms flash by their priority too (in their own colour). */
  vigil_alarm_banner_set_technical (banner, TRUE);
  measure_banner (banner, VIGIL_ALARM_PRIORITY_HIGH, &m);
  g_assert_cmpuint (m.cycles, ==, 20);

  /* Idle: nothing lit. */
  vigil_alarm_banner_clear (banner);
  for (gint64 t = ONSET_US; t < ONSET_US + SECOND_US; t += 16667)
    {
      vigil_alarm_banner_update_for_time (banner, t);
      g_assert_false (vigil_alarm_banner_get_flash_on (banner));
    }

  g_assert_finalize_object (banner);
}

static GtkWidget *
new_test_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_widget_add_css_class (window, "vigil-test");
  gtk_window_set_child (GTK_WINDOW (window), child);
  return window;
}

typedef struct
{
  VigilAlarmBanner *banner;
  VigilVitalTile   *tile;
  gint64            onset;
  guint             frames;
  guint             mismatches;
  guint             tile_mismatches;
  guint             cycles;
  guint             on_frames;
  guint             starts;
  gint64            first_start;
  gint64            last_start;
  gboolean          previous;
} FrameLog;

static void
after_paint_cb (GdkFrameClock *clock,
                FrameLog      *log)
{
  gint64 time = gdk_frame_clock_get_frame_time (clock);
  VigilAlarmPriority priority = vigil_alarm_banner_get_priority (log->banner);
  gboolean expected = vigil_flash_is_on (priority, time, log->onset);
  gboolean drawn = vigil_alarm_banner_get_drawn_flash_on (log->banner);

  /* What was drawn in this frame is what the schedule says for its time. */
  if (drawn != expected)
    log->mismatches++;
  if (log->tile != NULL && vigil_vital_tile_get_flash_on (log->tile) != drawn)
    log->tile_mismatches++;

  if (drawn)
    log->on_frames++;
  if (drawn && (log->frames == 0 || !log->previous))
    {
      if (log->starts == 0)
        log->first_start = time;
      log->last_start = time;
      log->starts++;
    }
  if (!drawn && log->frames > 0 && log->previous)
    log->cycles++;

  log->previous = drawn;
  log->frames++;
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @duration_ms with the real frame clock driving
 * the banner: no redraws are forced, the banner's tick does it all. */
static void
record_frames (FrameLog *log,
               guint     duration_ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (log->banner));
  gboolean done = FALSE;
  gulong handler;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), log);
  g_timeout_add (duration_ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

static void
report_frames (const char *what,
               FrameLog   *log,
               guint       duration_ms)
{
  double frequency = log->starts >= 2
                       ? (log->starts - 1) * (double) SECOND_US / (log->last_start - log->first_start)
                       : 0;

  g_test_message ("%s, real frame clock for %.1f s: %u frames, %u cycles, %.3f Hz, duty %.1f %%, "
                  "%u frames drawn against the schedule",
                  what, duration_ms / 1000.0, log->frames, log->cycles, frequency,
                  log->frames > 0 ? 100.0 * log->on_frames / log->frames : 0,
                  log->mismatches);
}

/* The real thing: a mapped banner, the real frame clock, no hooks. */
static void
test_frame_clock (void)
{
  VigilAlarmBanner *banner = VIGIL_ALARM_BANNER (vigil_alarm_banner_new ());
  GtkWidget *window = new_test_window (GTK_WIDGET (banner));
  GdkFrameClock *clock;
  FrameLog log = { banner };
  double frequency;

  gtk_widget_set_size_request (GTK_WIDGET (banner), BANNER_WIDTH, -1);
  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (banner));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (banner));

  /* Idle: no tick, the clock may rest. */
  g_assert_false (vigil_alarm_banner_is_ticking (banner));

  log.onset = gdk_frame_clock_get_frame_time (clock);
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_HIGH, "SpO₂ 84 ≤ 85", log.onset);
  g_assert_true (vigil_alarm_banner_is_ticking (banner));
  record_frames (&log, 2600);
  report_frames ("banner high", &log, 2600);

  /* The exact check: every frame drew the phase the schedule gives for
   * its frame time. The rate checks allow for a busy machine's stalls. */
  g_assert_cmpuint (log.mismatches, ==, 0);
  g_assert_cmpuint (log.frames, >=, 30);
  /* 2.6 s at 2 Hz: 5 cycles. */
  g_assert_cmpuint (log.cycles, >=, 3);
  g_assert_cmpuint (log.cycles, <=, 6);
  frequency = (log.starts - 1) * (double) SECOND_US / (log.last_start - log.first_start);
  g_assert_cmpfloat_with_epsilon (frequency, 2.0, 0.3);
  g_assert_cmpfloat_with_epsilon ((double) log.on_frames / log.frames, 0.5, 0.15);

  /* Medium: 0.5 Hz, one full cycle in 2.2 s. */
  memset (&log, 0, sizeof log);
  log.banner = banner;
  log.onset = gdk_frame_clock_get_frame_time (clock);
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_MEDIUM, "HR 125 > 120", log.onset);
  record_frames (&log, 2200);
  report_frames ("banner medium", &log, 2200);
  g_assert_cmpuint (log.mismatches, ==, 0);
  g_assert_cmpuint (log.cycles, ==, 1);

  /* Low is steady: no tick at all, and lit. */
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_LOW, "BP rise", log.onset);
  g_assert_false (vigil_alarm_banner_is_ticking (banner));
  vigil_widget_test_wait_frames (GTK_WIDGET (banner), 2);
  g_assert_true (vigil_alarm_banner_get_drawn_flash_on (banner));

  /* Unmapped: the tick goes; mapped again: it comes back. */
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_HIGH, "HR 160 > 150", log.onset);
  g_assert_true (vigil_alarm_banner_is_ticking (banner));
  gtk_widget_set_visible (GTK_WIDGET (banner), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (banner)));
  g_assert_false (vigil_alarm_banner_is_ticking (banner));
  gtk_widget_set_visible (GTK_WIDGET (banner), TRUE);
  vigil_widget_test_wait_mapped (GTK_WIDGET (banner));
  g_assert_true (vigil_alarm_banner_is_ticking (banner));

  vigil_alarm_banner_clear (banner);
  g_assert_false (vigil_alarm_banner_is_ticking (banner));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A banner and the alarm's tile given the same onset flash together,
 * frame for frame, on the real frame clock. */
static void
test_in_step (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  VigilAlarmBanner *banner = VIGIL_ALARM_BANNER (vigil_alarm_banner_new ());
  VigilVitalTile *tile = g_object_new (VIGIL_TYPE_VITAL_TILE,
                                       "label", "SpO₂", "unit", "%", "accent", "spo2",
                                       NULL);
  GtkWidget *window = new_test_window (box);
  FrameLog log = { banner, tile };

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (banner));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (tile));
  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (box);

  vigil_vital_tile_set_value (tile, 84);
  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_LIVE);
  vigil_vital_tile_set_low_limit (tile, 85);
  vigil_vital_tile_set_low_alarm (tile, TRUE);

  log.onset = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (box));
  vigil_alarm_banner_set_alarm (banner, VIGIL_ALARM_PRIORITY_HIGH, "SpO₂ 84 ≤ 85", log.onset);
  vigil_vital_tile_set_alarm (tile, VIGIL_ALARM_PRIORITY_HIGH, log.onset);

  record_frames (&log, 1600);
  report_frames ("banner + tile high", &log, 1600);
  g_test_message ("tile out of step with the banner in %u of %u frames", log.tile_mismatches, log.frames);
  g_assert_cmpuint (log.mismatches, ==, 0);
  g_assert_cmpuint (log.tile_mismatches, ==, 0);
  g_assert_cmpuint (log.cycles, >=, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static GdkRGBA
lookup_color (GtkWidget  *widget,
              const char *name)
{
  GdkRGBA color;

  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &color));
  return color;
}

static GdkRGBA
text_color (GtkWidget *label)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (label), &color);
  return color;
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
  return bounds;
}

typedef struct
{
  const char         *name;        /* PNG basename */
  VigilAlarmPriority  priority;
  const char         *text;
  gboolean            technical;
  gboolean            on;          /* flash phase */
  guint               extra;
  const char         *bg_name;     /* expected background colour */
  const char         *fg_name;     /* expected text colour, NULL: grey */
} BannerCase;

static const BannerCase banner_cases[] = {
  { "banner-high-on.png", VIGIL_ALARM_PRIORITY_HIGH, "SpO₂ 84 ≤ 85", FALSE, TRUE, 2,
    "vigil_alarm_high", "vigil_alarm_high_fg" },
  { "banner-high-off.png", VIGIL_ALARM_PRIORITY_HIGH, "SpO₂ 84 ≤ 85", FALSE, FALSE, 2,
    "vigil_alarm_high_dim", "vigil_alarm_high_fg" },
  { "banner-medium.png", VIGIL_ALARM_PRIORITY_MEDIUM, "SpO₂ 88 < 90", FALSE, TRUE, 0,
    "vigil_alarm_medium", "vigil_alarm_medium_fg" },
  { "banner-medium-off.png", VIGIL_ALARM_PRIORITY_MEDIUM, "SpO₂ 88 < 90", FALSE, FALSE, 0,
    "vigil_alarm_medium_dim", "vigil_alarm_medium_fg" },
  { "banner-low.png", VIGIL_ALARM_PRIORITY_LOW, "BP rise 172/96 from 128/80", FALSE, TRUE, 0,
    "vigil_alarm_low", "vigil_alarm_low_fg" },
  { "banner-technical.png", VIGIL_ALARM_PRIORITY_MEDIUM, "Pulse oximeter link lost", TRUE, TRUE, 1,
    "vigil_technical", "vigil_technical_fg" },
  { "banner-technical-off.png", VIGIL_ALARM_PRIORITY_MEDIUM, "Pulse oximeter link lost", TRUE, FALSE, 1,
    "vigil_technical_dim", "vigil_technical_fg" },
  { "banner-technical-high.png", VIGIL_ALARM_PRIORITY_HIGH, "Alarm sound unavailable", TRUE, TRUE, 0,
    "vigil_technical", "vigil_technical_fg" },
  { "banner-idle.png", VIGIL_ALARM_PRIORITY_NONE, NULL, FALSE, FALSE, 0,
    "vigil_banner_idle", NULL },
};

/* @frame: a plain box holding only the banner, screenshot whole so the
 * banner's padding is in the picture. */
static void
check_banner_case (const BannerCase *c,
                   VigilAlarmBanner *banner,
                   GtkWidget        *frame)
{
  GtkWidget *widget = GTK_WIDGET (banner);
  GtkWidget *text_label = vigil_widget_test_find_child (widget, "text");
  GtkWidget *marker_label = vigil_widget_test_find_child (widget, "marker");
  GtkWidget *extra_label = vigil_widget_test_find_child (widget, "extra");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  graphene_rect_t all, area;
  GdkRGBA bg = lookup_color (widget, c->bg_name);
  GdkRGBA fg = { 0, 0, 0, 1 };
  guint total, bg_count, text_count;

  vigil_alarm_banner_set_technical (banner, c->technical);
  vigil_alarm_banner_set_alarm (banner, c->priority, c->text, ONSET_US);
  vigil_alarm_banner_set_extra_count (banner, c->extra);
  /* Lit at onset; dark three quarters of a period later (2 Hz, 0.5 Hz). */
  vigil_alarm_banner_set_time_override (banner,
                                        c->on ? ONSET_US :
                                        c->priority == VIGIL_ALARM_PRIORITY_HIGH ? ONSET_US + 375000 :
                                        ONSET_US + 1500000);
  g_assert_cmpint (vigil_alarm_banner_get_flash_on (banner), ==, c->on);

  vigil_widget_test_wait_frames (widget, 2);
  g_assert_cmpint (vigil_alarm_banner_get_drawn_flash_on (banner), ==, c->on);

  texture = vigil_widget_test_screenshot (frame);
  vigil_widget_test_save (texture, c->name);
  pixels = vigil_pixels_new (texture);
  all = bounds_in (widget, frame);
  total = pixels->width * pixels->height;
  g_assert_cmpfloat (all.size.width * all.size.height, ==, total);

  /* Most of the banner is its background colour, padding included: the
   * corners too. */
  bg_count = vigil_pixels_count_color (pixels, &all, &bg, 2);
  g_test_message ("%s: %d×%d px, %.0f %% %s", c->name, pixels->width, pixels->height,
                  100.0 * bg_count / total, c->bg_name);
  g_assert_cmpuint (bg_count, >, total * 8 / 10);
  area = GRAPHENE_RECT_INIT (0, 0, 3, 3);
  g_assert_cmpuint (vigil_pixels_count_color (pixels, &area, &bg, 2), ==, 9);
  area = GRAPHENE_RECT_INIT (pixels->width - 3, pixels->height - 3, 3, 3);
  g_assert_cmpuint (vigil_pixels_count_color (pixels, &area, &bg, 2), ==, 9);

  /* The text is there, in its colour, on both phases. */
  area = bounds_in (text_label, frame);
  if (c->fg_name != NULL)
    {
      GdkRGBA expected = lookup_color (widget, c->fg_name);

      fg = text_color (text_label);
      g_assert_true (gdk_rgba_equal (&fg, &expected));
      text_count = vigil_pixels_count_color (pixels, &area, &fg, 40);
      g_test_message ("%s: %u text pixels, contrast %.1f:1", c->name, text_count,
                      vigil_contrast_ratio (&fg, &bg));
      g_assert_cmpuint (text_count, >, 400);
      /* At least 4.5:1 in both phases (WCAG AA for any text size). */
      g_assert_cmpfloat (vigil_contrast_ratio (&fg, &bg), >=, 4.5);

      area = bounds_in (marker_label, frame);
      g_assert_cmpuint (vigil_pixels_count_color (pixels, &area, &fg, 40), >, 60);
    }
  else
    {
      text_count = vigil_pixels_count (pixels, &area, vigil_pixel_is_grey_text);
      g_test_message ("%s: %u grey text pixels", c->name, text_count);
      g_assert_cmpuint (text_count, >, 40);
      g_assert_false (gtk_widget_get_visible (marker_label));
    }

  if (c->extra > 0)
    {
      g_assert_true (gtk_widget_get_visible (extra_label));
      area = bounds_in (extra_label, frame);
      g_assert_cmpuint (vigil_pixels_count_color (pixels, &area, &fg, 40), >, 40);
    }
  else
    g_assert_false (gtk_widget_get_visible (extra_label));

  /* Colour classes across the whole banner. */
  switch (c->technical ? VIGIL_ALARM_PRIORITY_NONE : c->priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:
      if (c->on)
        g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_red), >, total / 2);
      else
        {
          GdkRGBA full = lookup_color (widget, "vigil_alarm_high");

          /* Dimmed: no full red left, yet a red hue. */
          g_assert_cmpuint (vigil_pixels_count_color (pixels, &all, &full, 8), ==, 0);
          g_assert_cmpfloat (bg.red, >, 2.5 * bg.green);
        }
      g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_yellow), ==, 0);
      break;

    case VIGIL_ALARM_PRIORITY_MEDIUM:
      if (c->on)
        g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_yellow), >, total / 2);
      else
        {
          GdkRGBA full = lookup_color (widget, "vigil_alarm_medium");

          g_assert_cmpuint (vigil_pixels_count_color (pixels, &all, &full, 8), ==, 0);
        }
      g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_red), ==, 0);
      break;

    case VIGIL_ALARM_PRIORITY_LOW:
      g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_cyan), >, total / 2);
      g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_red), ==, 0);
      g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_yellow), ==, 0);
      break;

    case VIGIL_ALARM_PRIORITY_NONE:
    default:
      /* Technical or idle: never an alarm's red or yellow. */
      g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_red), ==, 0);
      g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_yellow), ==, 0);
      if (c->technical && c->on)
        g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_cyan), >, total / 2);
      if (!c->technical)
        g_assert_cmpuint (vigil_pixels_count (pixels, &all, vigil_pixel_is_cyan), ==, 0);
      break;
    }
}

static void
test_render (void)
{
  VigilAlarmBanner *banner = VIGIL_ALARM_BANNER (vigil_alarm_banner_new ());
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *window = new_test_window (frame);
  int idle_height;

  gtk_box_append (GTK_BOX (frame), GTK_WIDGET (banner));
  gtk_widget_set_size_request (GTK_WIDGET (banner), BANNER_WIDTH, -1);
  vigil_alarm_banner_set_time_override (banner, ONSET_US);
  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (banner));
  idle_height = gtk_widget_get_height (GTK_WIDGET (banner));

  for (guint i = 0; i < G_N_ELEMENTS (banner_cases); i++)
    {
      check_banner_case (&banner_cases[i], banner, frame);

      /* An alarm appearing moves nothing below the banner. */
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (banner)), ==, idle_height);
    }
  g_test_message ("banner height %d px in every state", idle_height);
  g_assert_cmpint (idle_height, >=, 48);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/alarm-banner/finalize", test_finalize);
  g_test_add_func ("/vigil/alarm-banner/content", test_content);
  g_test_add_func ("/vigil/alarm-banner/flash-synthetic", test_flash_synthetic);
  g_test_add_func ("/vigil/alarm-banner/frame-clock", test_frame_clock);
  g_test_add_func ("/vigil/alarm-banner/in-step", test_in_step);
  g_test_add_func ("/vigil/alarm-banner/render", test_render);

  return g_test_run ();
}
