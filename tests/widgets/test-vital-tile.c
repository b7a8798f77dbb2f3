/* test-vital-tile.c — VigilVitalTile: states, NIBP age, and how it looks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "vigil-vital-tile.h"
#include "vigil-vital-tile-private.h"
#include "vigil-widget-test.h"

#define MINUTE_US ((gint64) 60 * G_USEC_PER_SEC)

/* 2024-03-14 10:30:00 UTC, an arbitrary fixed "now". */
#define NOW_US ((gint64) 1710412200 * G_USEC_PER_SEC)

static VigilVitalTile *
new_tile (const char *label,
          const char *unit,
          const char *accent)
{
  return g_object_new (VIGIL_TYPE_VITAL_TILE,
                       "label", label,
                       "unit", unit,
                       "accent", accent,
                       NULL);
}

static void
test_finalize (void)
{
  VigilVitalTile *tile = new_tile ("HR", "/min", "hr");

  g_object_ref_sink (tile);
  g_assert_cmpstr (vigil_vital_tile_get_label (tile), ==, "HR");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "hr"));
  g_assert_finalize_object (tile);
}

static void
test_states (void)
{
  VigilVitalTile *tile = g_object_ref_sink (new_tile ("HR", "/min", "hr"));

  /* A new tile has nothing to show. */
  g_assert_cmpint (vigil_vital_tile_get_data_state (tile), ==, VIGIL_DATA_STATE_ABSENT);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "---");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "No data");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "absent"));

  vigil_vital_tile_set_value (tile, 72.4);
  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "72");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "live"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tile), "absent"));

  /* Stale: the number stays readable, but the tile says it is frozen. */
  vigil_vital_tile_set_measurement_time (tile, NOW_US - 2 * MINUTE_US - 5 * G_USEC_PER_SEC);
  vigil_vital_tile_set_now (tile, NOW_US);
  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_STALE);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "72");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "No new data · 2 min ago");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "stale"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tile), "live"));

  /* Absent hides the number even though one is still set. */
  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_ABSENT);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "---");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "No data");
  g_assert_cmpfloat (vigil_vital_tile_get_value (tile), ==, 72.4);

  /* Live without a value is still `---`. */
  vigil_vital_tile_set_value (tile, NAN);
  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "---");

  /* Decimals, and no "-0". */
  vigil_vital_tile_set_decimals (tile, 1);
  vigil_vital_tile_set_value (tile, 36.66);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "36.7");
  vigil_vital_tile_set_decimals (tile, 0);
  vigil_vital_tile_set_value (tile, -0.3);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "0");

  g_assert_finalize_object (tile);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_notify (void)
{
  VigilVitalTile *tile = g_object_ref_sink (new_tile ("SpO₂", "%", "spo2"));
  guint count = 0;

  g_signal_connect (tile, "notify::value", G_CALLBACK (notify_count_cb), &count);

  /* NAN to NAN is no change. */
  vigil_vital_tile_set_value (tile, NAN);
  g_assert_cmpuint (count, ==, 0);
  vigil_vital_tile_set_value (tile, 97);
  vigil_vital_tile_set_value (tile, 97);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (tile, "value", 96.0, NULL);
  g_assert_cmpuint (count, ==, 2);

  g_assert_finalize_object (tile);
}

static void
test_limits (void)
{
  VigilVitalTile *tile = g_object_ref_sink (new_tile ("SpO₂", "%", "spo2"));

  g_assert_cmpstr (vigil_vital_tile_get_low_limit_text (tile), ==, "");
  g_assert_cmpstr (vigil_vital_tile_get_high_limit_text (tile), ==, "");

  vigil_vital_tile_set_limits (tile, 90, NAN);
  g_assert_cmpstr (vigil_vital_tile_get_low_limit_text (tile), ==, "90");
  g_assert_cmpstr (vigil_vital_tile_get_high_limit_text (tile), ==, "");

  vigil_vital_tile_set_limits (tile, 50, 120);
  g_assert_cmpstr (vigil_vital_tile_get_low_limit_text (tile), ==, "50");
  g_assert_cmpstr (vigil_vital_tile_get_high_limit_text (tile), ==, "120");
  g_assert_cmpfloat (vigil_vital_tile_get_high_limit (tile), ==, 120);

  g_assert_finalize_object (tile);
}

static void
test_format_age (void)
{
  struct {
    gint64      age_us;
    const char *text;
  } cases[] = {
    { 0, "just now" },
    { 59 * G_USEC_PER_SEC, "just now" },
    { 60 * G_USEC_PER_SEC, "1 min ago" },
    { 3 * MINUTE_US + 30 * G_USEC_PER_SEC, "3 min ago" },
    { 59 * MINUTE_US + 59 * G_USEC_PER_SEC, "59 min ago" },
    { 65 * MINUTE_US, "1 h 05 min ago" },
    { 25 * 60 * MINUTE_US, "25 h 00 min ago" },
    { -5 * MINUTE_US, "just now" },  /* the clock stepped back */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = vigil_vital_tile_format_age (NOW_US - cases[i].age_us, NOW_US);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *unknown = vigil_vital_tile_format_age (0, NOW_US);
    g_autofree char *no_now = vigil_vital_tile_format_age (NOW_US, 0);

    g_assert_cmpstr (unknown, ==, "");
    g_assert_cmpstr (no_now, ==, "");
  }
}

static void
test_nibp (void)
{
  VigilVitalTile *tile = g_object_ref_sink (new_tile ("NIBP", "mmHg", "nibp"));

  vigil_vital_tile_set_pressure (tile, TRUE);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "---/---");
  g_assert_cmpstr (vigil_vital_tile_get_mean_text (tile), ==, "(---)");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "No reading");

  vigil_vital_tile_set_pressure_values (tile, 124, 78, 93);
  vigil_vital_tile_set_measurement_time (tile, NOW_US);
  vigil_vital_tile_set_now (tile, NOW_US + 10 * G_USEC_PER_SEC);
  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_LIVE);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "124/78");
  g_assert_cmpstr (vigil_vital_tile_get_mean_text (tile), ==, "(93)");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "just now");

  /* The app sets now each second; the age follows. */
  vigil_vital_tile_set_now (tile, NOW_US + 3 * MINUTE_US + 2 * G_USEC_PER_SEC);
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "3 min ago");

  vigil_vital_tile_set_now (tile, NOW_US + 12 * MINUTE_US);
  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_STALE);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "124/78");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "No new data · 12 min ago");

  /* A failed reading without a diastolic. */
  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_LIVE);
  vigil_vital_tile_set_pressure_values (tile, 131, NAN, NAN);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "131/---");
  g_assert_cmpstr (vigil_vital_tile_get_mean_text (tile), ==, "(---)");

  vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_ABSENT);
  g_assert_cmpstr (vigil_vital_tile_get_value_text (tile), ==, "---/---");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tile), ==, "No data");

  /* Out of pressure mode there is no mean. */
  vigil_vital_tile_set_pressure (tile, FALSE);
  g_assert_cmpstr (vigil_vital_tile_get_mean_text (tile), ==, "");

  g_assert_finalize_object (tile);
}

static void
activate_cb (VigilVitalTile *tile,
             guint          *count)
{
  (*count)++;
}

static void
test_activate (void)
{
  VigilVitalTile *tile = g_object_ref_sink (new_tile ("HR", "/min", "hr"));
  guint count = 0;

  g_signal_connect (tile, "activate", G_CALLBACK (activate_cb), &count);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (tile)));
  g_assert_cmpuint (count, ==, 1);

  g_assert_finalize_object (tile);
}

typedef struct
{
  const char     *label;
  const char     *unit;
  const char     *accent;
  gboolean        pressure;
  double          value;
  double          diastolic;
  double          mean;
  double          low;
  double          high;
  gboolean        high_alarm;
  VigilDataState  state;
  gint64          age_us;
} TileSpec;

/* Two rows: the normal picture, then what can go wrong. */
static const TileSpec specs[] = {
  { "HR", "/min", "hr", FALSE, 72, NAN, NAN, 50, 120, FALSE, VIGIL_DATA_STATE_LIVE, 0 },
  { "SpO₂", "%", "spo2", FALSE, 97, NAN, NAN, 90, NAN, FALSE, VIGIL_DATA_STATE_LIVE, 0 },
  { "NIBP", "mmHg", "nibp", TRUE, 124, 78, 93, 90, 160, FALSE, VIGIL_DATA_STATE_LIVE, 3 * MINUTE_US },
  { "HR", "/min", "hr", FALSE, 134, NAN, NAN, 50, 120, TRUE, VIGIL_DATA_STATE_LIVE, 0 },
  { "HR", "/min", "hr", FALSE, 72, NAN, NAN, 50, 120, FALSE, VIGIL_DATA_STATE_STALE, 40 * G_USEC_PER_SEC },
  { "SpO₂", "%", "spo2", FALSE, 97, NAN, NAN, 90, NAN, FALSE, VIGIL_DATA_STATE_ABSENT, 0 },
  { "NIBP", "mmHg", "nibp", TRUE, 124, 78, 93, 90, 160, FALSE, VIGIL_DATA_STATE_STALE, 14 * MINUTE_US },
  { "NIBP", "mmHg", "nibp", TRUE, NAN, NAN, NAN, 90, 160, FALSE, VIGIL_DATA_STATE_ABSENT, -1 },
};

enum {
  HR_LIVE,
  SPO2_LIVE,
  NIBP_LIVE,
  HR_ALARM,
  HR_STALE,
  SPO2_ABSENT,
  NIBP_STALE,
  NIBP_ABSENT,
};

#define N_COLUMNS 4

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
  return bounds;
}

static void
test_screenshot (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  VigilVitalTile *tiles[G_N_ELEMENTS (specs)];
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  graphene_rect_t area;

  gtk_widget_add_css_class (window, "vigil-test");
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_margin_start (grid, 8);
  gtk_widget_set_margin_end (grid, 8);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);
  gtk_window_set_child (GTK_WINDOW (window), grid);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      const TileSpec *spec = &specs[i];
      VigilVitalTile *tile = new_tile (spec->label, spec->unit, spec->accent);

      vigil_vital_tile_set_pressure (tile, spec->pressure);
      if (spec->pressure)
        vigil_vital_tile_set_pressure_values (tile, spec->value, spec->diastolic, spec->mean);
      else
        vigil_vital_tile_set_value (tile, spec->value);
      vigil_vital_tile_set_limits (tile, spec->low, spec->high);
      vigil_vital_tile_set_high_alarm (tile, spec->high_alarm);
      if (spec->age_us >= 0)
        vigil_vital_tile_set_measurement_time (tile, NOW_US - spec->age_us);
      vigil_vital_tile_set_now (tile, NOW_US);
      vigil_vital_tile_set_data_state (tile, spec->state);

      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (tile), i % N_COLUMNS, i / N_COLUMNS, 1, 1);
      tiles[i] = tile;
    }

  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (grid);

  g_assert_cmpstr (vigil_vital_tile_get_status_text (tiles[NIBP_LIVE]), ==, "3 min ago");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tiles[HR_STALE]), ==, "No new data");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tiles[NIBP_STALE]), ==, "No new data · 14 min ago");
  g_assert_cmpstr (vigil_vital_tile_get_status_text (tiles[NIBP_ABSENT]), ==, "No reading");

  /* Touch-friendly: every tile is much bigger than a 48 px button. */
  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      int min_width, min_height;

      gtk_widget_measure (GTK_WIDGET (tiles[i]), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (tiles[i]), GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);
      g_test_message ("%s tile %u: minimum %d×%d px", specs[i].label, i, min_width, min_height);

      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (tiles[i])), >=, 200);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (tiles[i])), >=, 96);
    }

  texture = vigil_widget_test_screenshot (grid);
  vigil_widget_test_save (texture, "tile-states.png");
  pixels = vigil_pixels_new (texture);

  /* A live HR number is green. */
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (tiles[HR_LIVE]), "value"), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_green), >, 300);

  /* The same number, stale: no green in the number, but still readable. */
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (tiles[HR_STALE]), "value"), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_green), ==, 0);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_grey_text), >, 300);

  /* Live SpO2 is cyan; absent SpO2 shows no cyan number at all. */
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (tiles[SPO2_LIVE]), "value"), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), >, 300);
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (tiles[SPO2_ABSENT]), "value"), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_cyan), ==, 0);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_green), ==, 0);

  /* Live NIBP is white; stale NIBP is not. */
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (tiles[NIBP_LIVE]), "value"), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), >, 300);
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (tiles[NIBP_STALE]), "value"), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_white), ==, 0);

  /* The violated high limit is brightened, and only there. */
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (tiles[HR_ALARM]), "limit-high"), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_yellow), >, 100);
  area = bounds_in (GTK_WIDGET (tiles[HR_LIVE]), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_yellow), ==, 0);

  /* No green anywhere in the absent SpO2 tile (a wrong-colour check). */
  area = bounds_in (GTK_WIDGET (tiles[SPO2_ABSENT]), grid);
  g_assert_cmpuint (vigil_pixels_count (pixels, &area, vigil_pixel_is_green), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

#define ONSET_US ((gint64) 555 * G_USEC_PER_SEC + 777)

static gboolean
tile_probe (gpointer data,
            gint64   time_us)
{
  VigilVitalTile *tile = data;

  vigil_vital_tile_update_for_time (tile, time_us);
  return vigil_vital_tile_get_flash_on (tile);
}

/* The tile's own tick handler over 10 s of synthetic 60 fps frame times. */
static void
test_flash_synthetic (void)
{
  VigilVitalTile *tile = g_object_ref_sink (new_tile ("SpO₂", "%", "spo2"));
  GtkWidget *value = vigil_widget_test_find_child (GTK_WIDGET (tile), "value");
  const struct {
    VigilAlarmPriority priority;
    guint              cycles;
    double             hz;
    double             duty;
  } cases[] = {
    { VIGIL_ALARM_PRIORITY_HIGH, 20, 2.0, 0.5 },
    { VIGIL_ALARM_PRIORITY_MEDIUM, 5, 0.5, 0.5 },
    { VIGIL_ALARM_PRIORITY_LOW, 0, 0, 1.0 },
    { VIGIL_ALARM_PRIORITY_NONE, 0, 0, 1.0 },
  };

  g_assert_true (vigil_vital_tile_get_flash_on (tile));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VigilFlashMeasure m;

      vigil_vital_tile_set_alarm (tile, cases[i].priority, ONSET_US);
      g_assert_cmpint (vigil_vital_tile_get_flash_priority (tile), ==, cases[i].priority);
      g_assert_cmpint (vigil_vital_tile_get_alarm_onset (tile), ==, ONSET_US);
      vigil_flash_measure (tile_probe, tile, ONSET_US, 10 * G_USEC_PER_SEC, 60, 0, &m);
      g_test_message ("tile %s, 10 s of synthetic 60 fps frame times: %u cycles, %.3f Hz, duty %.1f %%",
                      vigil_alarm_priority_to_string (cases[i].priority),
                      m.cycles, m.frequency_hz, 100 * m.duty);
      g_assert_cmpuint (m.cycles, ==, cases[i].cycles);
      g_assert_cmpfloat_with_epsilon (m.duty, cases[i].duty, 0.02);
      if (cases[i].cycles > 0)
        g_assert_cmpfloat_with_epsilon (m.frequency_hz, cases[i].hz, 0.01);
    }

  /* The off phase dims the value through .flash-off. */
  vigil_vital_tile_set_alarm (tile, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US);
  vigil_vital_tile_update_for_time (tile, ONSET_US + 300000);
  g_assert_false (vigil_vital_tile_get_flash_on (tile));
  g_assert_true (gtk_widget_has_css_class (value, "flash-off"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "alarm-high"));

  /* The alarm ends in the off phase: the value must not stay dimmed. */
  vigil_vital_tile_set_flash_priority (tile, VIGIL_ALARM_PRIORITY_NONE);
  g_assert_true (vigil_vital_tile_get_flash_on (tile));
  g_assert_false (gtk_widget_has_css_class (value, "flash-off"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tile), "alarm-high"));

  /* Dropping to a steady priority in the off phase, likewise. */
  vigil_vital_tile_set_alarm (tile, VIGIL_ALARM_PRIORITY_MEDIUM, ONSET_US);
  vigil_vital_tile_update_for_time (tile, ONSET_US + 1500000);
  g_assert_false (vigil_vital_tile_get_flash_on (tile));
  g_object_set (tile, "flash-priority", VIGIL_ALARM_PRIORITY_LOW, NULL);
  g_assert_true (vigil_vital_tile_get_flash_on (tile));
  g_assert_false (gtk_widget_has_css_class (value, "flash-off"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "alarm-low"));

  g_assert_finalize_object (tile);
}

/* Dim green: the value in the off phase, dimmed but still there. */
static gboolean
is_dim_green (guint8 r, guint8 g, guint8 b)
{
  return g >= 40 && g < 110 && g >= r + 25 && g >= b + 15;
}

typedef struct
{
  VigilAlarmPriority  priority;
  gboolean            high;        /* which limit is violated */
  const char         *color_name;  /* expected limit background */
} LimitCase;

static void
test_flash_render (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  VigilVitalTile *hr = new_tile ("HR", "/min", "hr");
  VigilVitalTile *steady = new_tile ("HR", "/min", "hr");
  GtkWidget *value;
  g_autoptr(GdkTexture) on_texture = NULL;
  g_autoptr(GdkTexture) off_texture = NULL;
  g_autoptr(VigilPixels) on = NULL;
  g_autoptr(VigilPixels) off = NULL;
  graphene_rect_t area;
  GdkRGBA high_color;
  guint on_green, off_green, off_dim;
  const LimitCase limit_cases[] = {
    { VIGIL_ALARM_PRIORITY_HIGH, TRUE, "vigil_alarm_high" },
    { VIGIL_ALARM_PRIORITY_MEDIUM, TRUE, "vigil_alarm_medium" },
    { VIGIL_ALARM_PRIORITY_LOW, FALSE, "vigil_alarm_low" },
    { VIGIL_ALARM_PRIORITY_NONE, TRUE, "vigil_limit_alarm" },
  };

  gtk_widget_add_css_class (window, "vigil-test");
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_window_set_child (GTK_WINDOW (window), grid);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (hr), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (steady), 1, 0, 1, 1);

  for (guint i = 0; i < 2; i++)
    {
      VigilVitalTile *tile = i == 0 ? hr : steady;

      vigil_vital_tile_set_value (tile, 160);
      vigil_vital_tile_set_limits (tile, 50, 150);
      vigil_vital_tile_set_high_alarm (tile, TRUE);
      vigil_vital_tile_set_data_state (tile, VIGIL_DATA_STATE_LIVE);
    }
  vigil_vital_tile_set_time_override (hr, ONSET_US);
  vigil_vital_tile_set_alarm (hr, VIGIL_ALARM_PRIORITY_HIGH, ONSET_US);

  gtk_window_present (GTK_WINDOW (window));
  vigil_widget_test_wait_mapped (grid);

  /* A tick only for the flashing tile, only while mapped. */
  g_assert_true (vigil_vital_tile_is_ticking (hr));
  g_assert_false (vigil_vital_tile_is_ticking (steady));

  value = vigil_widget_test_find_child (GTK_WIDGET (hr), "value");
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (value),
                                                 "vigil_alarm_high", &high_color));

  /* On phase: the number at full brightness, the limit in red. */
  g_assert_true (vigil_vital_tile_get_flash_on (hr));
  on_texture = vigil_widget_test_screenshot (grid);
  vigil_widget_test_save (on_texture, "tile-flash-on.png");
  on = vigil_pixels_new (on_texture);

  /* Off phase, through the tick with an overridden frame time. */
  vigil_vital_tile_set_time_override (hr, ONSET_US + 300000);
  vigil_widget_test_wait_frames (grid, 2);
  g_assert_false (vigil_vital_tile_get_flash_on (hr));
  off_texture = vigil_widget_test_screenshot (grid);
  vigil_widget_test_save (off_texture, "tile-flash-off.png");
  off = vigil_pixels_new (off_texture);

  area = bounds_in (value, grid);
  on_green = vigil_pixels_count (on, &area, vigil_pixel_is_green);
  off_green = vigil_pixels_count (off, &area, vigil_pixel_is_green);
  off_dim = vigil_pixels_count (off, &area, is_dim_green);
  g_test_message ("HR value: %u bright green px lit, %u bright / %u dim green px in the off phase",
                  on_green, off_green, off_dim);
  g_assert_cmpuint (on_green, >, 300);
  g_assert_cmpuint (off_green, ==, 0);
  g_assert_cmpuint (off_dim, >, 300);  /* dimmed, still readable */

  /* The violated limit stays brightened in the priority colour in both
   * phases; the tile is ringed in it. */
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (hr), "limit-high"), grid);
  g_assert_cmpuint (vigil_pixels_count_color (on, &area, &high_color, 3), >, 100);
  g_assert_cmpuint (vigil_pixels_count_color (off, &area, &high_color, 3), >, 100);
  area = bounds_in (GTK_WIDGET (hr), grid);
  g_assert_cmpuint (vigil_pixels_count (on, &area, vigil_pixel_is_red), >, 600);

  /* The steady tile next to it: no flash, no alarm colour but the old
   * yellow limit. */
  area = bounds_in (vigil_widget_test_find_child (GTK_WIDGET (steady), "value"), grid);
  g_assert_cmpuint (vigil_pixels_count (off, &area, vigil_pixel_is_green), >, 300);
  area = bounds_in (GTK_WIDGET (steady), grid);
  g_assert_cmpuint (vigil_pixels_count (on, &area, vigil_pixel_is_red), ==, 0);

  /* The violated limit in each priority's colour. */
  vigil_vital_tile_set_time_override (hr, -1);
  for (guint i = 0; i < G_N_ELEMENTS (limit_cases); i++)
    {
      const LimitCase *c = &limit_cases[i];
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(VigilPixels) pixels = NULL;
      GdkRGBA color;

      vigil_vital_tile_set_alarm (steady, c->priority, ONSET_US);
      vigil_vital_tile_set_high_alarm (steady, c->high);
      vigil_vital_tile_set_low_alarm (steady, !c->high);
      vigil_widget_test_wait_frames (grid, 2);
      texture = vigil_widget_test_screenshot (GTK_WIDGET (steady));
      pixels = vigil_pixels_new (texture);
      {
        g_autofree char *name = g_strdup_printf ("tile-alarm-%s.png", vigil_alarm_priority_to_string (c->priority));

        vigil_widget_test_save (texture, name);
      }
      g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (steady)),
                                                     c->color_name, &color));
      area = vigil_widget_test_area (vigil_widget_test_find_child (GTK_WIDGET (steady), c->high ? "limit-high" : "limit-low"),
                                     GTK_WIDGET (steady));
      g_assert_cmpuint (vigil_pixels_count_color (pixels, &area, &color, 3), >, 100);
      area = vigil_widget_test_area (vigil_widget_test_find_child (GTK_WIDGET (steady), c->high ? "limit-low" : "limit-high"),
                                     GTK_WIDGET (steady));
      g_assert_cmpuint (vigil_pixels_count_color (pixels, &area, &color, 3), ==, 0);
    }

  /* Unmapped, no tick. */
  gtk_widget_set_visible (GTK_WIDGET (hr), FALSE);
  g_assert_false (vigil_vital_tile_is_ticking (hr));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;

  g_test_add_func ("/vigil/vital-tile/finalize", test_finalize);
  g_test_add_func ("/vigil/vital-tile/states", test_states);
  g_test_add_func ("/vigil/vital-tile/notify", test_notify);
  g_test_add_func ("/vigil/vital-tile/limits", test_limits);
  g_test_add_func ("/vigil/vital-tile/format-age", test_format_age);
  g_test_add_func ("/vigil/vital-tile/nibp", test_nibp);
  g_test_add_func ("/vigil/vital-tile/activate", test_activate);
  g_test_add_func ("/vigil/vital-tile/screenshot", test_screenshot);
  g_test_add_func ("/vigil/vital-tile/flash-synthetic", test_flash_synthetic);
  g_test_add_func ("/vigil/vital-tile/flash-render", test_flash_render);

  return g_test_run ();
}
