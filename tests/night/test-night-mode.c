/* test-night-mode.c — night mode: the schedule, the setting, the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schedule is a pure function (run with --unit, no display). Under a
 * display: the setting drives the "night" class and the header toggle, and
 * a real window with a high-priority alarm (desaturation through a pty,
 * records in a real SQLite file) is rendered by day and by night. The
 * alarm banners must be the same pixels in both; the rest must be darker.
 */
#include <glib/gstdio.h>

#include "vigil-alarm-banner.h"
#include "vigil-alarm-banner-private.h"
#include "vigil-bedside.h"
#include "vigil-monitor-test.h"
#include "vigil-night-mode.h"
#include "vigil-vital-tile.h"
#include "vigil-vital-tile-private.h"
#include "vigil-widget-test.h"
#include "vigil-window.h"

static GDateTime *
local_at (int hour,
          int minute)
{
  return g_date_time_new_local (2026, 11, 28, hour, minute, 30);
}

static gboolean
night_at (const char *start,
          const char *end,
          int         hour,
          int         minute)
{
  g_autoptr(GDateTime) now = local_at (hour, minute);

  return vigil_night_mode_is_night_at (start, end, now);
}

static void
test_is_night_at (void)
{
  /* Same day. */
  g_assert_true (night_at ("13:00", "15:30", 13, 0));
  g_assert_true (night_at ("13:00", "15:30", 15, 29));
  g_assert_false (night_at ("13:00", "15:30", 15, 30));
  g_assert_false (night_at ("13:00", "15:30", 12, 59));
  /* Wrapping past midnight: the factory 20:00–07:00. */
  g_assert_true (night_at ("20:00", "07:00", 20, 0));
  g_assert_true (night_at ("20:00", "07:00", 23, 59));
  g_assert_true (night_at ("20:00", "07:00", 0, 0));
  g_assert_true (night_at ("20:00", "07:00", 6, 59));
  g_assert_false (night_at ("20:00", "07:00", 7, 0));
  g_assert_false (night_at ("20:00", "07:00", 12, 0));
  g_assert_false (night_at ("20:00", "07:00", 19, 59));
  /* One-digit hours are fine. */
  g_assert_true (night_at ("22:15", "6:05", 6, 4));
  /* An empty span is never night. */
  g_assert_false (night_at ("08:00", "08:00", 8, 0));
  /* Bad strings: never night, whatever the other end says. */
  g_assert_false (night_at ("", "07:00", 3, 0));
  g_assert_false (night_at ("24:00", "07:00", 3, 0));
  g_assert_false (night_at ("20:60", "07:00", 21, 0));
  g_assert_false (night_at ("20", "07:00", 21, 0));
  g_assert_false (night_at ("20:0", "07:00", 21, 0));
  g_assert_false (night_at ("20:00 ", "07:00", 21, 0));
  g_assert_false (night_at ("8 pm", "07:00", 21, 0));
  g_assert_false (night_at ("-1:00", "07:00", 3, 0));
  g_assert_false (night_at ("20:00", "7h", 21, 0));
  g_assert_false (night_at ("020:00", "07:00", 21, 0));
  g_assert_false (night_at (NULL, "07:00", 21, 0));
}

static char *
hhmm_from_now (int minutes)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_minutes (now, minutes);

  return g_date_time_format (then, "%H:%M");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The setting decides, the class follows; by the clock it is the time of
 * day that decides. */
static void
test_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (VIGIL_APP_ID);
  g_autoptr(VigilNightMode) night = NULL;
  g_autofree char *start = hhmm_from_now (-60);
  g_autofree char *end = hhmm_from_now (60);
  g_autofree char *later = hhmm_from_now (120);
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  guint notified = 0;

  g_settings_reset (settings, "night-mode");
  night = vigil_night_mode_new (settings);
  g_signal_connect (night, "notify::active", G_CALLBACK (count_notify), &notified);
  vigil_night_mode_attach (night, box);
  g_assert_false (vigil_night_mode_get_active (night));
  g_assert_false (gtk_widget_has_css_class (box, "night"));

  g_settings_set_string (settings, "night-mode", "on");
  g_assert_true (vigil_night_mode_get_active (night));
  g_assert_true (gtk_widget_has_css_class (box, "night"));
  g_assert_cmpuint (notified, ==, 1);

  /* By the clock, inside the span: still on, no change to notify. */
  g_settings_set_string (settings, "night-start", start);
  g_settings_set_string (settings, "night-end", end);
  g_settings_set_string (settings, "night-mode", "by-clock");
  g_assert_true (vigil_night_mode_get_active (night));
  g_assert_cmpuint (notified, ==, 1);

  /* The span moved to later today: off now. */
  g_settings_set_string (settings, "night-start", end);
  g_settings_set_string (settings, "night-end", later);
  g_assert_false (vigil_night_mode_get_active (night));
  g_assert_false (gtk_widget_has_css_class (box, "night"));
  g_assert_cmpuint (notified, ==, 2);

  /* A schedule that does not parse is day. */
  g_settings_set_string (settings, "night-start", "late");
  g_assert_false (vigil_night_mode_get_active (night));

  g_settings_set_string (settings, "night-mode", "on");
  g_assert_true (gtk_widget_has_css_class (box, "night"));
  /* Detached: the widget loses the class. */
  vigil_night_mode_attach (night, NULL);
  g_assert_false (gtk_widget_has_css_class (box, "night"));

  g_settings_reset (settings, "night-mode");
  g_settings_reset (settings, "night-start");
  g_settings_reset (settings, "night-end");
  g_assert_finalize_object (g_steal_pointer (&night));
  g_assert_finalize_object (box);
}

typedef struct
{
  VigilMonitorTest  base;
  char             *dir;
  char             *db_path;
  GSettings        *settings;
  VigilBedside     *bedside;
  VigilWindow      *window;
} Fixture;

static void
run_seconds (Fixture *fixture,
             guint    seconds)
{
  vigil_monitor_test_run (&fixture->base, seconds);
  vigil_window_refresh (fixture->window);
}

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlarmSound) sound = NULL;

  vigil_monitor_test_set_up (&fixture->base, "desaturation", 3);
  fixture->dir = g_dir_make_tmp ("vigil-night-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "vigil.db", NULL);
  store = vigil_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  sound = vigil_alarm_sound_new (NULL);
  fixture->settings = g_settings_new (VIGIL_APP_ID);
  g_settings_reset (fixture->settings, "night-mode");

  fixture->bedside = vigil_bedside_new (fixture->base.monitor, store, sound, fixture->settings);
  vigil_bedside_start (fixture->bedside);
  fixture->window = vigil_window_new (NULL, fixture->base.monitor, fixture->settings);
  vigil_window_set_bedside (fixture->window, fixture->bedside);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture)
{
  vigil_bedside_stop (fixture->bedside);
  g_object_ref (fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->bedside);
  g_settings_reset (fixture->settings, "night-mode");
  g_clear_object (&fixture->settings);
  vigil_monitor_test_tear_down (&fixture->base);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix != NULL; suffix++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, *suffix, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static GdkTexture *
screenshot (Fixture    *fixture,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  texture = vigil_widget_test_screenshot (GTK_WIDGET (fixture->window));
  vigil_widget_test_save (texture, basename);
  return texture;
}

/* Largest difference of one channel between two shots over @area, and
 * the sum of all channels of each (brightness). */
static int
max_difference (VigilPixels           *a,
                VigilPixels           *b,
                const graphene_rect_t *area,
                guint64               *sum_a,
                guint64               *sum_b)
{
  int worst = 0;
  int x0 = (int) area->origin.x, y0 = (int) area->origin.y;
  int x1 = MIN ((int) (area->origin.x + area->size.width), a->width);
  int y1 = MIN ((int) (area->origin.y + area->size.height), a->height);

  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  *sum_a = *sum_b = 0;
  for (int y = MAX (y0, 0); y < y1; y++)
    for (int x = MAX (x0, 0); x < x1; x++)
      {
        guint32 pa = *(guint32 *) (a->data + y * a->stride + x * 4);
        guint32 pb = *(guint32 *) (b->data + y * b->stride + x * 4);

        for (int shift = 0; shift < 24; shift += 8)
          {
            int ca = (pa >> shift) & 0xff, cb = (pb >> shift) & 0xff;

            worst = MAX (worst, ABS (ca - cb));
            *sum_a += ca;
            *sum_b += cb;
          }
      }
  return worst;
}

static graphene_rect_t
inset (graphene_rect_t area,
       float           by)
{
  graphene_rect_t r;

  graphene_rect_inset_r (&area, by, by, &r);
  return r;
}

/* Freezes every flash at its lit phase, so both shots show the same one. */
static void
freeze_flash (Fixture *fixture)
{
  for (int technical = 0; technical < 2; technical++)
    {
      VigilAlarmBanner *banner = VIGIL_ALARM_BANNER (vigil_window_get_alarm_banner (fixture->window, technical));

      vigil_alarm_banner_set_time_override (banner, vigil_alarm_banner_get_onset (banner));
    }
  for (VigilParameter p = VIGIL_PARAMETER_HR; p <= VIGIL_PARAMETER_NIBP; p++)
    {
      GtkWidget *tile = vigil_window_get_tile (fixture->window, p);

      if (tile != NULL)
        vigil_vital_tile_set_time_override (VIGIL_VITAL_TILE (tile),
                                            vigil_vital_tile_get_alarm_onset (VIGIL_VITAL_TILE (tile)));
    }
}

/* The header's toggle, found by its style class. */
static GtkToggleButton *
find_night_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_has_css_class (widget, "night-toggle"))
    return GTK_TOGGLE_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *found = find_night_toggle (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_day_and_night (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GdkTexture) day = NULL;
  g_autoptr(GdkTexture) night = NULL;
  g_autoptr(VigilPixels) day_pixels = NULL;
  g_autoptr(VigilPixels) night_pixels = NULL;
  VigilAlarmBanner *banner, *technical;
  GtkWidget *hr_tile, *spo2_tile, *chart;
  graphene_rect_t area;
  guint64 sum_day, sum_night;
  GtkWidget *window;
  GVariant *state;

  fixture_set_up (&fixture);
  window = GTK_WIDGET (fixture.window);
  banner = VIGIL_ALARM_BANNER (vigil_window_get_alarm_banner (fixture.window, FALSE));
  technical = VIGIL_ALARM_BANNER (vigil_window_get_alarm_banner (fixture.window, TRUE));
  hr_tile = vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_HR);
  spo2_tile = vigil_window_get_tile (fixture.window, VIGIL_PARAMETER_SPO2);
  chart = vigil_window_get_chart (fixture.window);

  /* SpO2 ≤ 85 % from about 4:45: a high-priority alarm (A2). */
  run_seconds (&fixture, 5 * 60 + 2);
  for (guint i = 0; i < 4 && vigil_alarm_banner_get_priority (banner) != VIGIL_ALARM_PRIORITY_HIGH; i++)
    run_seconds (&fixture, 1);
  g_assert_cmpint (vigil_alarm_banner_get_priority (banner), ==, VIGIL_ALARM_PRIORITY_HIGH);
  g_assert_true (vigil_vital_tile_get_low_alarm (VIGIL_VITAL_TILE (spo2_tile)));
  freeze_flash (&fixture);

  g_assert_false (gtk_widget_has_css_class (window, "night"));
  day = screenshot (&fixture, "night-mode-day.png");

  /* The header's Night toggle: a stateful action that writes the setting. */
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "night");
  g_assert_false (g_variant_get_boolean (state));
  g_variant_unref (state);
  g_assert_true (gtk_widget_activate_action (window, "win.night", NULL));
  g_assert_cmpint (g_settings_get_enum (fixture.settings, "night-mode"), ==, 1);
  g_assert_true (gtk_widget_has_css_class (window, "night"));
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "night");
  g_assert_true (g_variant_get_boolean (state));
  g_variant_unref (state);
  g_assert_true (gtk_toggle_button_get_active (find_night_toggle (window)));
  night = screenshot (&fixture, "night-mode-night.png");
  g_assert_cmpint (vigil_alarm_banner_get_priority (banner), ==, VIGIL_ALARM_PRIORITY_HIGH);

  day_pixels = vigil_pixels_new (day);
  night_pixels = vigil_pixels_new (night);

  /* Both alarm banners: the same pixels, within one level. The rounded
   * corners show the window behind, so a few pixels in from the edge. */
  area = inset (vigil_widget_test_area (GTK_WIDGET (banner), window), 6);
  g_assert_cmpint (max_difference (day_pixels, night_pixels, &area, &sum_day, &sum_night), <=, 1);
  g_assert_cmpuint (sum_day, >, 0);
  area = inset (vigil_widget_test_area (GTK_WIDGET (technical), window), 6);
  g_assert_cmpint (max_difference (day_pixels, night_pixels, &area, &sum_day, &sum_night), <=, 1);

  /* The HR tile (no alarm) and the trend chart are darker by night. */
  area = vigil_widget_test_area (hr_tile, window);
  max_difference (day_pixels, night_pixels, &area, &sum_day, &sum_night);
  g_test_message ("HR tile brightness day %" G_GUINT64_FORMAT " night %" G_GUINT64_FORMAT, sum_day, sum_night);
  g_assert_cmpuint (sum_night * 10, <, sum_day * 7);
  area = vigil_widget_test_area (chart, window);
  max_difference (day_pixels, night_pixels, &area, &sum_day, &sum_night);
  g_test_message ("chart brightness day %" G_GUINT64_FORMAT " night %" G_GUINT64_FORMAT, sum_day, sum_night);
  g_assert_cmpuint (sum_night * 10, <, sum_day * 7);

  /* The SpO2 tile in alarm keeps its numbers and its ring at full
   * strength: only its title, unit and status are dimmed. */
  area = vigil_widget_test_area (vigil_widget_test_find_child (spo2_tile, "value"), window);
  g_assert_cmpint (max_difference (day_pixels, night_pixels, &area, &sum_day, &sum_night), <=, 1);
  area = vigil_widget_test_area (spo2_tile, window);
  area.size.width = 4;
  area = inset (area, 0);
  area.origin.y += 20;
  area.size.height -= 40;
  g_assert_cmpint (max_difference (day_pixels, night_pixels, &area, &sum_day, &sum_night), <=, 1);

  /* And back to day from the toggle. */
  g_assert_true (gtk_widget_activate_action (window, "win.night", NULL));
  g_assert_cmpint (g_settings_get_enum (fixture.settings, "night-mode"), ==, 0);
  g_assert_false (gtk_widget_has_css_class (window, "night"));

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) provider = NULL;
  gboolean unit = FALSE;

  for (int i = 1; i < argc; i++)
    unit |= g_str_equal (argv[i], "--unit");
  if (unit)
    {
      /* The schedule alone: no display. */
      char *unit_argv[] = { argv[0], NULL };
      char **p = unit_argv;
      int n = 1;

      g_test_init (&n, &p, NULL);
      g_test_add_func ("/vigil/night/is-night-at", test_is_night_at);
      return g_test_run ();
    }

  if (!vigil_widget_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the night mode window tests\n");
      return VIGIL_TEST_SKIP;
    }
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  if (!vigil_alarm_sound_init_gstreamer (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/vigil/night/is-night-at", test_is_night_at);
  g_test_add_func ("/vigil/night/setting", test_setting);
  g_test_add_func ("/vigil/night/window-day-and-night", test_window_day_and_night);
  return g_test_run ();
}
