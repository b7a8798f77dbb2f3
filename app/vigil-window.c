/* vigil-window.c — numerics, trends and device status for one bedside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window only draws what the monitor holds. It refreshes on every
 * observation and on a short timer, so that values age and grey out on
 * screen even when nothing arrives — the case that matters most.
 */
#include "vigil-window.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigil-admin-page.h"
#include "vigil-alarm-banner.h"
#include "vigil-alarm-log-page.h"
#include "vigil-bedside.h"
#include "vigil-clinic-settings.h"
#include "vigil-device-page.h"
#include "vigil-first-run-page.h"
#include "vigil-history-page.h"
#include "vigil-input-dock.h"
#include "vigil-kiosk.h"
#include "vigil-limits-page.h"
#include "vigil-lock.h"
#include "vigil-unlock-page.h"
#include "vigil-night-mode.h"
#include "vigil-pleth-strip.h"
#include "vigil-treatment-view.h"
#include "vigil-trend-chart.h"
#include "vigil-vital-tile.h"
#include "vigil-protocol.h"
#include "vigil-waveform-sample.h"

#define REFRESH_INTERVAL_MS 250

/* The pleth strip hides this long after the last waveform sample (monitor
 * clock), and shows again with the next one. */
#define PLETH_HIDE_AFTER_US (5 * G_USEC_PER_SEC)

struct _VigilWindow
{
  GtkApplicationWindow  parent_instance;

  VigilMonitor         *monitor;
  GSettings            *settings;
  char                 *trend_window;
  guint                 refresh_id;
  GString              *device_status;
  GHashTable           *device_messages;   /* VigilDevice* → last problem, owned string */
  char                 *user_name;
  char                 *page;
  VigilBedside         *bedside;
  char                 *shown_problem;
  guint                 log_refresh_id;
  gint64                last_waveform_us;  /* monitor clock, monotonic */
  VigilDevice          *waveform_device;   /* unowned; only compared */
  VigilNightMode       *night_mode;
  VigilLock            *lock;
  VigilKiosk           *kiosk;             /* kiosk mode, else NULL */
  char                 *pending;           /* a gated page or "quit", waiting for a PIN */
  char                 *kiosk_problem;     /* for the status strip, or NULL */

  /* template children */
  GtkLabel             *simulated_mark;
  GtkLabel             *simulated_banner;
  GtkLabel             *clock_label;
  VigilTrendChart      *chart;
  VigilVitalTile       *hr_tile;
  VigilVitalTile       *spo2_tile;
  VigilVitalTile       *nibp_tile;
  VigilPlethStrip      *pleth_strip;
  GtkBox               *device_strip;
  VigilAlarmBanner     *alarm_banner;
  VigilAlarmBanner     *technical_banner;
  GtkStack             *pages;
  VigilLimitsPage      *limits_page;
  VigilAlarmLogPage    *log_page;
  VigilDevicePage      *device_page;
  VigilHistoryPage     *history_page;
  VigilTreatmentView   *treatment_view;
  GtkWidget            *phase_strip;
  GtkLabel             *phase_label;
  GtkLabel             *pause_label;
  GtkWidget            *person_box;
  GtkLabel             *person_label;
  GtkWidget            *quit_button;
  VigilAdminPage       *admin_page;
  VigilUnlockPage      *unlock_page;
  VigilFirstRunPage    *first_run_page;
  VigilInputDock       *input_dock;
  GtkScrolledWindow    *page_scroller;
  GtkWidget            *tiles;
  guint                 keep_focus_tick;
  gint64                keep_focus_until;   /* frame time, µs */
};

G_DEFINE_FINAL_TYPE (VigilWindow, vigil_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_MONITOR,
  PROP_SETTINGS,
  PROP_TREND_WINDOW,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char       *nick;
  VigilTrendWindow  window;
} trend_windows[] = {
  { "15min", VIGIL_TREND_WINDOW_15_MIN },
  { "1h", VIGIL_TREND_WINDOW_1_HOUR },
  { "4h", VIGIL_TREND_WINDOW_4_HOURS },
  { "session", VIGIL_TREND_WINDOW_SESSION },
};

static void
update_tile (VigilWindow    *self,
             VigilVitalTile *tile,
             VigilParameter  parameter,
             gint64          now_us)
{
  const VigilObservation *latest = vigil_monitor_get_latest (self->monitor, parameter);
  VigilDataState state = vigil_monitor_get_data_state (self->monitor, parameter);
  gboolean shown = latest != NULL && state != VIGIL_DATA_STATE_ABSENT;

  if (parameter == VIGIL_PARAMETER_NIBP)
    {
      if (shown)
        {
          vigil_vital_tile_set_pressure_values (tile, latest->value, latest->diastolic, latest->mean);
          vigil_vital_tile_set_measurement_time (tile, latest->host_wall_us);
        }
      else
        vigil_vital_tile_set_pressure_values (tile, NAN, NAN, NAN);
    }
  else
    vigil_vital_tile_set_value (tile, shown ? latest->value : NAN);

  vigil_vital_tile_set_now (tile, now_us);
  vigil_vital_tile_set_data_state (tile, state);
}

static const char *
device_state_text (VigilDeviceState state)
{
  switch (state)
    {
    case VIGIL_DEVICE_STATE_STOPPED:
      return _("stopped");
    case VIGIL_DEVICE_STATE_CONNECTING:
      return _("not connected — retrying");
    case VIGIL_DEVICE_STATE_CONNECTED:
      return _("connected — waiting for data");
    case VIGIL_DEVICE_STATE_RECEIVING:
      return _("receiving");
    case VIGIL_DEVICE_STATE_STALE:
      return _("no data");
    default:
      return "";
    }
}

static const char *
device_state_class (VigilDeviceState state)
{
  switch (state)
    {
    case VIGIL_DEVICE_STATE_RECEIVING:
      return "ok";
    case VIGIL_DEVICE_STATE_CONNECTED:
      return "waiting";
    default:
      return "problem";
    }
}

static void
rebuild_device_strip (VigilWindow *self)
{
  GtkWidget *child;
  guint n = vigil_monitor_get_n_devices (self->monitor);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->device_strip))) != NULL)
    gtk_box_remove (self->device_strip, child);
  g_string_truncate (self->device_status, 0);

  /* Not an alarm: the monitor works; the screen may blank, which IT fixes. */
  if (self->kiosk_problem != NULL)
    {
      GtkWidget *label = gtk_label_new (self->kiosk_problem);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "notice");
      gtk_box_append (self->device_strip, label);
      g_string_append (self->device_status, self->kiosk_problem);
      g_string_append (self->device_status, "\n");
    }

  if (self->shown_problem != NULL)
    {
      GtkWidget *label = gtk_label_new (self->shown_problem);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "problem");
      gtk_box_append (self->device_strip, label);
      g_string_append (self->device_status, self->shown_problem);
      g_string_append (self->device_status, "\n");
    }

  if (n == 0)
    {
      GtkWidget *label = gtk_label_new (_("No devices. Set them up on the Devices page, or start Vigil with --device PROTOCOL:PATH (--demo for simulated devices)."));

      gtk_widget_add_css_class (label, "problem");
      gtk_box_append (self->device_strip, label);
      g_string_append (self->device_status, gtk_label_get_label (GTK_LABEL (label)));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      VigilDevice *device = vigil_monitor_get_device (self->monitor, i);
      const VigilDeviceSpec *spec = vigil_device_get_spec (device);
      VigilDeviceState state = vigil_device_get_state (device);
      const char *problem = g_hash_table_lookup (self->device_messages, device);
      g_autofree char *text = NULL;
      GtkWidget *label;

      /* What the device says it is, else its protocol's name. */
      {
        const VigilProtocolInfo *info = vigil_protocol_lookup (spec->protocol);
        const char *name = vigil_device_get_identity (device);

        if (name == NULL)
          name = info != NULL ? _(info->label) : spec->protocol;
        /* TRANSLATORS: "● Masimo SN 0000093112 on /dev/ttyUSB0 — receiving" */
        text = g_strdup_printf (_("● %s on %s — %s"), name, spec->path, device_state_text (state));
      }
      label = gtk_label_new (text);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (label, device_state_class (state));
      if (problem != NULL && state != VIGIL_DEVICE_STATE_RECEIVING)
        gtk_widget_set_tooltip_text (label, problem);
      gtk_box_append (self->device_strip, label);
      if (problem != NULL && state != VIGIL_DEVICE_STATE_RECEIVING)
        {
          GtkWidget *hint = gtk_label_new (problem);

          gtk_label_set_ellipsize (GTK_LABEL (hint), PANGO_ELLIPSIZE_END);
          gtk_widget_set_hexpand (hint, TRUE);
          gtk_label_set_xalign (GTK_LABEL (hint), 0);
          gtk_widget_add_css_class (hint, "hint");
          gtk_box_append (self->device_strip, hint);
        }

      if (self->device_status->len > 0)
        g_string_append (self->device_status, "\n");
      g_string_append (self->device_status, text);
      if (problem != NULL && state != VIGIL_DEVICE_STATE_RECEIVING)
        g_string_append_printf (self->device_status, " (%s)", problem);
    }
}

static void
update_clock (VigilWindow *self,
              gint64       now_us)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format (now, "%H:%M:%S");

  gtk_label_set_label (self->clock_label, text);
}

/* Which alarms a tile shows, and on which side of its limits. */
static const struct {
  VigilParameter parameter;
  VigilAlarmId   id;
  gboolean       high;
} tile_alarms[] = {
  { VIGIL_PARAMETER_HR, VIGIL_ALARM_HR_HIGH, TRUE },
  { VIGIL_PARAMETER_HR, VIGIL_ALARM_HR_VERY_HIGH, TRUE },
  { VIGIL_PARAMETER_HR, VIGIL_ALARM_HR_LOW, FALSE },
  { VIGIL_PARAMETER_HR, VIGIL_ALARM_HR_VERY_LOW, FALSE },
  { VIGIL_PARAMETER_SPO2, VIGIL_ALARM_SPO2_LOW, FALSE },
  { VIGIL_PARAMETER_SPO2, VIGIL_ALARM_SPO2_DESATURATION, FALSE },
  { VIGIL_PARAMETER_NIBP, VIGIL_ALARM_NIBP_HIGH, TRUE },
  { VIGIL_PARAMETER_NIBP, VIGIL_ALARM_NIBP_SEVERE, TRUE },
  { VIGIL_PARAMETER_NIBP, VIGIL_ALARM_NIBP_RISE, TRUE },
  { VIGIL_PARAMETER_NIBP, VIGIL_ALARM_NIBP_LOW, FALSE },
  { VIGIL_PARAMETER_NIBP, VIGIL_ALARM_NIBP_SEVERE_LOW, FALSE },
};

static gboolean
alarm_is_shown (VigilAlarmState state)
{
  return state != VIGIL_ALARM_STATE_INACTIVE && state != VIGIL_ALARM_STATE_PENDING;
}

static void
update_tile_alarms (VigilWindow    *self,
                    VigilVitalTile *tile,
                    VigilParameter  parameter)
{
  VigilAlarmEngine *alarms = vigil_monitor_get_alarms (self->monitor);
  VigilAlarmPriority flash = VIGIL_ALARM_PRIORITY_NONE;
  gint64 onset = 0;
  gboolean low = FALSE, high = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (tile_alarms); i++)
    {
      VigilAlarmId id = tile_alarms[i].id;
      VigilConditionStatus status;
      VigilAlarmPriority priority;

      if (tile_alarms[i].parameter != parameter
          || !alarm_is_shown (vigil_alarm_engine_get_state (alarms, id)))
        continue;

      if (tile_alarms[i].high)
        high = TRUE;
      else
        low = TRUE;
      priority = vigil_alarm_engine_get_priority (alarms, id);
      if (priority > flash && vigil_alarm_engine_get_status (alarms, id, &status))
        {
          flash = priority;
          onset = status.since_us;
        }
    }

  vigil_vital_tile_set_low_alarm (tile, low);
  vigil_vital_tile_set_high_alarm (tile, high);
  vigil_vital_tile_set_alarm_onset (tile, onset);
  vigil_vital_tile_set_flash_priority (tile, flash);
}

static void
update_banner (VigilWindow      *self,
               VigilAlarmBanner *banner,
               gboolean          technical)
{
  VigilAlarmEngine *alarms = vigil_monitor_get_alarms (self->monitor);
  g_autoptr(GArray) shown = vigil_alarm_engine_list_shown (alarms, technical);
  g_autofree char *text = NULL;
  VigilConditionStatus status;
  VigilAlarmId id;

  if (!vigil_alarm_engine_get_banner (alarms, technical, &id))
    {
      vigil_alarm_banner_clear (banner);
      return;
    }

  /* The banner draws the priority marker itself, apart from the text. */
  if (!vigil_alarm_engine_get_status (alarms, id, &status))
    return;
  text = vigil_alarm_format_message (id, &status);
  if (vigil_alarm_engine_get_state (alarms, id) == VIGIL_ALARM_STATE_LATCHED)
    {
      /* The numbers are the occurrence's, not now's: say it is over. */
      char *latched = g_strdup_printf (_("%s — over: Reset"), text);

      g_free (text);
      text = latched;
    }
  vigil_alarm_banner_set_alarm (banner, vigil_alarm_engine_get_priority (alarms, id),
                                text, status.since_us);
  vigil_alarm_banner_set_extra_count (banner, shown->len > 0 ? shown->len - 1 : 0);
}

/* The alarm an action bar button acts on: the one the main banner shows,
 * else the technical one. */
static gboolean
shown_alarm (VigilWindow  *self,
             VigilAlarmId *out_id)
{
  VigilAlarmEngine *alarms = vigil_monitor_get_alarms (self->monitor);

  return vigil_alarm_engine_get_banner (alarms, FALSE, out_id)
         || vigil_alarm_engine_get_banner (alarms, TRUE, out_id);
}

static void
update_alarm_actions (VigilWindow *self)
{
  VigilAlarmEngine *alarms = vigil_monitor_get_alarms (self->monitor);
  gint64 remaining = vigil_alarm_engine_get_pause_remaining (alarms);
  gint64 pause_us = 0;
  g_autofree char *pause_text = NULL;
  gboolean any_shown = FALSE, can_acknowledge = FALSE, can_reset = FALSE;
  VigilAlarmId id;

  for (VigilAlarmId i = 0; i < VIGIL_N_ALARMS; i++)
    any_shown |= alarm_is_shown (vigil_alarm_engine_get_state (alarms, i));

  if (shown_alarm (self, &id))
    {
      VigilAlarmState state = vigil_alarm_engine_get_state (alarms, id);

      can_acknowledge = state == VIGIL_ALARM_STATE_ACTIVE
                        || state == VIGIL_ALARM_STATE_AUDIO_PAUSED
                        || (state == VIGIL_ALARM_STATE_LATCHED && vigil_alarm_engine_is_audible (alarms, id));
      can_reset = state == VIGIL_ALARM_STATE_LATCHED;
    }

  if (remaining > 0)
    {
      gint64 seconds = (remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

      pause_text = g_strdup_printf (_("Audio paused %d:%02d"),
                                    (int) (seconds / 60), (int) (seconds % 60));
    }
  else
    {
      g_object_get (alarms, "audio-pause-duration", &pause_us, NULL);
      pause_us /= G_USEC_PER_SEC;
      pause_text = g_strdup_printf (_("Pause audio %d:%02d"),
                                    (int) (pause_us / 60), (int) (pause_us % 60));
    }
  gtk_label_set_label (self->pause_label, pause_text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pause-audio", any_shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.acknowledge-shown", can_acknowledge);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset-shown", can_reset);
}

static void
update_alarm_area (VigilWindow *self)
{
  update_banner (self, self->alarm_banner, FALSE);
  update_banner (self, self->technical_banner, TRUE);
  update_tile_alarms (self, self->hr_tile, VIGIL_PARAMETER_HR);
  update_tile_alarms (self, self->spo2_tile, VIGIL_PARAMETER_SPO2);
  update_tile_alarms (self, self->nibp_tile, VIGIL_PARAMETER_NIBP);
  update_alarm_actions (self);
}

static void
on_alarms_changed (VigilAlarmEngine *alarms,
                   VigilWindow      *self)
{
  update_alarm_area (self);
}

static gboolean
refresh_log_idle (gpointer data)
{
  VigilWindow *self = data;

  self->log_refresh_id = 0;
  vigil_alarm_log_page_refresh (self->log_page);
  return G_SOURCE_REMOVE;
}

/* The store writes the entry first (the application connected before us);
 * the page then reads it back, once per burst of entries. */
static const char *
marker_color (VigilAlarmId       id,
              VigilAlarmPriority priority)
{
  if (vigil_alarm_get_info (id)->technical)
    return "vigil_technical";
  switch (priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:
      return "vigil_alarm_high";
    case VIGIL_ALARM_PRIORITY_MEDIUM:
      return "vigil_alarm_medium";
    case VIGIL_ALARM_PRIORITY_LOW:
    case VIGIL_ALARM_PRIORITY_NONE:
    default:
      return "vigil_alarm_low";
    }
}

static void
on_alarm_log (VigilAlarmEngine         *alarms,
              const VigilAlarmLogEntry *entry,
              VigilWindow              *self)
{
  /* Each alarm's onset is marked on the trends, where it can be read
   * against the values around it. */
  if (entry->kind == VIGIL_ALARM_LOG_START)
    {
      g_autofree char *text = g_strdup_printf ("%s %s",
                                               vigil_alarm_priority_get_marker (entry->priority),
                                               entry->message != NULL ? entry->message : "");

      vigil_trend_chart_add_marker (self->chart, entry->wall_us, text,
                                    marker_color (entry->id, entry->priority));
    }

  if (self->log_refresh_id == 0)
    self->log_refresh_id = g_idle_add (refresh_log_idle, self);
}

static void
pause_audio_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  vigil_alarm_engine_pause_audio (vigil_monitor_get_alarms (self->monitor), self->user_name);
  update_alarm_area (self);
}

typedef gboolean (*AlarmAction) (VigilAlarmEngine  *engine,
                                 VigilAlarmId       id,
                                 const char        *who,
                                 GError           **error);

/* Acts on the alarm the banners show, as the person at the bedside. */
static void
act_on_shown (VigilWindow *self,
              AlarmAction  action)
{
  g_autoptr(GError) error = NULL;
  VigilAlarmId id;

  if (shown_alarm (self, &id)
      && !action (vigil_monitor_get_alarms (self->monitor), id, self->user_name, &error))
    g_message ("%s", error->message);
  update_alarm_area (self);
}

static void
acknowledge_shown_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  act_on_shown (VIGIL_WINDOW (widget), vigil_alarm_engine_acknowledge);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  VigilAlarmId id;

  if (!vigil_alarm_from_key (g_variant_get_string (parameter, NULL), &id))
    return;
  if (!vigil_alarm_engine_acknowledge (vigil_monitor_get_alarms (self->monitor), id,
                                       self->user_name, &error))
    g_message ("%s", error->message);
  update_alarm_area (self);
}

static void
reset_shown_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  act_on_shown (VIGIL_WINDOW (widget), vigil_alarm_engine_reset);
}

/* The numbers and the chart's right edge: all a new observation changes.
 * Returns the monitor's wall time. */
static gint64
refresh_vitals (VigilWindow *self)
{
  gint64 now_us = vigil_clock_get_wall (vigil_monitor_get_clock (self->monitor));

  /* An oximeter alone: the heart rate shown is its pulse rate, and says so. */
  vigil_vital_tile_set_label (self->hr_tile, vigil_monitor_heart_rate_is_pulse_rate (self->monitor)
                                             ? _("PR") : _("HR"));
  update_tile (self, self->hr_tile, VIGIL_PARAMETER_HR, now_us);
  update_tile (self, self->spo2_tile, VIGIL_PARAMETER_SPO2, now_us);
  update_tile (self, self->nibp_tile, VIGIL_PARAMETER_NIBP, now_us);
  vigil_trend_chart_set_end_time (self->chart, now_us);
  return now_us;
}

/* Hides the pleth strip once its device has stopped sending a waveform. */
static void
update_pleth_visibility (VigilWindow *self)
{
  gint64 now_us;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->pleth_strip)))
    return;

  now_us = vigil_clock_get_monotonic (vigil_monitor_get_clock (self->monitor));
  if (now_us - self->last_waveform_us > PLETH_HIDE_AFTER_US)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->pleth_strip), FALSE);
      vigil_pleth_strip_clear (self->pleth_strip);
      self->waveform_device = NULL;
    }
}

/**
 * vigil_window_refresh:
 *
 * Brings every tile, the chart's time axis and the clock up to the
 * monitor's clock. Called by the window's own timer; public for tests.
 */
void
vigil_window_refresh (VigilWindow *self)
{
  gint64 now_us;

  g_return_if_fail (VIGIL_IS_WINDOW (self));

  now_us = refresh_vitals (self);
  update_clock (self, now_us);
  update_pleth_visibility (self);
  update_alarm_actions (self);
  if (self->bedside != NULL)
    {
      const char *header;

      vigil_treatment_view_refresh (self->treatment_view);
      header = vigil_treatment_view_get_header_text (self->treatment_view);
      gtk_label_set_label (self->phase_label, header);
      gtk_widget_set_visible (self->phase_strip, header != NULL && *header != '\0');
    }

  if (self->bedside != NULL
      && g_strcmp0 (self->shown_problem, vigil_bedside_get_problem (self->bedside)) != 0)
    {
      g_free (self->shown_problem);
      self->shown_problem = g_strdup (vigil_bedside_get_problem (self->bedside));
      rebuild_device_strip (self);
    }
}

static gboolean
refresh_timeout (gpointer data)
{
  vigil_window_refresh (VIGIL_WINDOW (data));
  return G_SOURCE_CONTINUE;
}

static void
on_observation (VigilMonitor           *monitor,
                const VigilObservation *observation,
                VigilWindow            *self)
{
  /* Per sample: only what a sample changes. The pages, the clock and the
   * status follow on the window's own timer. */
  refresh_vitals (self);
}

/* Per waveform point (75 a second from a Nonin): stored in the strip,
 * which draws at the frame rate. One device's waveform at a time: the
 * first to send keeps the strip until it has been quiet for
 * PLETH_HIDE_AFTER_US. */
static void
on_waveform (VigilMonitor              *monitor,
             VigilDevice               *device,
             const VigilWaveformSample *sample,
             VigilWindow               *self)
{
  gint64 now_us = vigil_clock_get_monotonic (vigil_monitor_get_clock (self->monitor));

  if (self->waveform_device != NULL && self->waveform_device != device
      && now_us - self->last_waveform_us <= PLETH_HIDE_AFTER_US)
    return;

  if (self->waveform_device != device)
    {
      vigil_pleth_strip_clear (self->pleth_strip);
      self->waveform_device = device;
    }

  self->last_waveform_us = now_us;
  vigil_pleth_strip_set_rate_hz (self->pleth_strip, sample->rate_hz);
  vigil_pleth_strip_push (self->pleth_strip, sample->value, sample->host_monotonic_us);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->pleth_strip)))
    gtk_widget_set_visible (GTK_WIDGET (self->pleth_strip), TRUE);
}

static void
on_technical_event (VigilMonitor              *monitor,
                    VigilDevice               *device,
                    const VigilTechnicalEvent *event,
                    VigilWindow               *self)
{
  if (event->kind == VIGIL_TECHNICAL_FRAME_ERROR || event->message == NULL)
    return;
  g_hash_table_insert (self->device_messages, device, g_strdup (event->message));
  rebuild_device_strip (self);
}

static void setup_demo_marks (VigilWindow *self);

static void
on_devices_changed (VigilMonitor *monitor,
                    VigilWindow  *self)
{
  setup_demo_marks (self);
  rebuild_device_strip (self);
  vigil_window_refresh (self);
}

static void
set_trend_window (VigilWindow *self,
                  const char  *nick)
{
  for (guint i = 0; i < G_N_ELEMENTS (trend_windows); i++)
    {
      if (g_strcmp0 (nick, trend_windows[i].nick) != 0)
        continue;

      vigil_trend_chart_set_window (self->chart, trend_windows[i].window);
      if (g_strcmp0 (self->trend_window, nick) == 0)
        return;

      g_free (self->trend_window);
      self->trend_window = g_strdup (nick);
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "trend-window", nick);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TREND_WINDOW]);
      return;
    }
  g_warning ("Unknown trend window “%s”", nick);
}

/* Shows a page, past the gates. */
static void
show_page (VigilWindow *self,
           const char  *name)
{
  gtk_stack_set_visible_child_name (self->pages, name);
  if (g_strcmp0 (self->page, name) == 0)
    return;
  g_free (self->page);
  self->page = g_strdup (name);
  if (g_str_equal (name, "log"))
    vigil_alarm_log_page_refresh (self->log_page);
  else if (g_str_equal (name, "history"))
    vigil_history_page_refresh (self->history_page);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* ---- The staff lock ------------------------------------------------------
 * In kiosk mode, or with "require-pin", the pages that change how the
 * patient is watched (limits, devices, settings) and quitting wait for a
 * PIN. The alarm banners, Acknowledge and Pause audio are never gated: a
 * locked screen must not stop anyone silencing or acknowledging. */

static gboolean
lock_required (VigilWindow *self)
{
  return self->kiosk != NULL
         || (self->settings != NULL && g_settings_get_boolean (self->settings, "require-pin"));
}

static gboolean
page_privilege (const char          *name,
                VigilStaffPrivilege *out_privilege)
{
  static const struct {
    const char          *page;
    VigilStaffPrivilege  privilege;
  } gated[] = {
    { "limits", VIGIL_STAFF_PRIVILEGE_ALARM_LIMITS },
    { "devices", VIGIL_STAFF_PRIVILEGE_DEVICES },
    { "admin", VIGIL_STAFF_PRIVILEGE_SETTINGS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (gated); i++)
    if (g_str_equal (name, gated[i].page))
      {
        *out_privilege = gated[i].privilege;
        return TRUE;
      }
  return FALSE;
}

static const char *
unlock_title (const char *target)
{
  if (g_str_equal (target, "quit"))
    return _("Enter a staff PIN to quit Vigil");
  if (g_str_equal (target, "limits"))
    return _("Enter a staff PIN to change the alarm limits");
  if (g_str_equal (target, "devices"))
    return _("Enter a staff PIN to change the devices");
  return _("Enter an admin PIN to open the settings");
}

/* Whether @target ("quit" or a page) may go ahead now. If not, it waits
 * in self->pending and the PIN (or, on a first start, the
 * administrator's creation) is asked for instead. */
static gboolean
pass_gate (VigilWindow         *self,
           const char          *target,
           VigilStaffPrivilege  privilege)
{
  if (!lock_required (self)
      || (self->lock != NULL && vigil_lock_allows (self->lock, privilege)))
    return TRUE;

  g_free (self->pending);
  self->pending = g_strdup (target);
  if (self->lock != NULL && vigil_lock_needs_first_admin (self->lock))
    {
      show_page (self, "first-run");
      return FALSE;
    }
  vigil_unlock_page_begin (self->unlock_page, privilege, unlock_title (target));
  show_page (self, "unlock");
  return FALSE;
}

static void
set_page (VigilWindow *self,
          const char  *name)
{
  VigilStaffPrivilege privilege;

  if (name == NULL || gtk_stack_get_child_by_name (self->pages, name) == NULL)
    {
      g_warning ("Unknown page “%s”", name);
      return;
    }
  /* Reached only through a gate. */
  if (g_str_equal (name, "unlock") || g_str_equal (name, "first-run"))
    return;
  if (page_privilege (name, &privilege))
    {
      if (!pass_gate (self, name, privilege))
        return;
      if (self->lock != NULL && vigil_lock_get_person (self->lock) != NULL)
        vigil_lock_audit (self->lock, "open-page", name);
    }
  g_clear_pointer (&self->pending, g_free);
  show_page (self, name);
}

static void
really_quit (VigilWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->lock != NULL && vigil_lock_get_person (self->lock) != NULL)
    vigil_lock_audit (self->lock, "quit", NULL);
  if (self->kiosk != NULL)
    vigil_kiosk_set_allow_close (self->kiosk, TRUE);
  /* The application outlives this call: the window may go first. */
  if (application != NULL)
    g_application_quit (G_APPLICATION (application));
  gtk_window_close (GTK_WINDOW (self));
}

/* "win.quit": Ctrl+Q outside kiosk mode, the header's Quit in it. */
static void
quit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (pass_gate (self, "quit", VIGIL_STAFF_PRIVILEGE_QUIT))
    really_quit (self);
}

/* What was asked for before the PIN, now that someone is unlocked. */
static void
resume_pending (VigilWindow *self,
                const char  *otherwise)
{
  g_autofree char *pending = g_steal_pointer (&self->pending);

  if (g_strcmp0 (pending, "quit") == 0)
    {
      if (vigil_lock_allows (self->lock, VIGIL_STAFF_PRIVILEGE_QUIT))
        really_quit (self);
      return;
    }
  set_page (self, pending != NULL ? pending : otherwise);
}

static void
on_unlocked (VigilUnlockPage        *page,
             const VigilStaffMember *person,
             VigilWindow            *self)
{
  if (self->lock == NULL)
    return;
  vigil_lock_unlock (self->lock, person, self->pending);
  resume_pending (self, "monitor");
}

static void
on_unlock_cancelled (VigilUnlockPage *page,
                     VigilWindow     *self)
{
  g_clear_pointer (&self->pending, g_free);
  show_page (self, "monitor");
}

/* The first start's administrator is the one at the screen: unlocked,
 * and on to what they asked for, else to Settings to add the staff. */
static void
on_first_admin_created (VigilFirstRunPage      *page,
                        const VigilStaffMember *admin,
                        VigilWindow            *self)
{
  if (self->lock == NULL)
    return;
  vigil_lock_unlock (self->lock, admin, "first start");
  resume_pending (self, "admin");
}

static void
update_person (VigilWindow *self)
{
  const VigilStaffMember *person = self->lock != NULL ? vigil_lock_get_person (self->lock) : NULL;
  VigilStaffPrivilege privilege;

  g_free (self->user_name);
  /* Acknowledgements and limit changes carry the name of who is unlocked. */
  if (person != NULL)
    self->user_name = g_strdup (person->name);
  else
    self->user_name = vigil_clinic_settings_get_user_name (self->settings);
  vigil_limits_page_set_user_name (self->limits_page, self->user_name);
  vigil_treatment_view_set_user_name (self->treatment_view, self->user_name);
  vigil_admin_page_set_person (self->admin_page, person);

  if (person != NULL)
    {
      /* TRANSLATORS: the header while someone is unlocked: "Ana García (nurse)" */
      g_autofree char *text = g_strdup_printf (_("%s (%s)"), person->name,
                                               vigil_staff_role_to_label (person->role));

      gtk_label_set_label (self->person_label, text);
    }
  gtk_widget_set_visible (self->person_box, person != NULL);

  /* Locked again: a gated page closes. */
  if (page_privilege (self->page, &privilege) && lock_required (self)
      && (self->lock == NULL || !vigil_lock_allows (self->lock, privilege)))
    show_page (self, "monitor");
}

static void
on_person_changed (VigilLock   *lock,
                   GParamSpec  *pspec,
                   VigilWindow *self)
{
  update_person (self);
}

static void
on_auto_locked (VigilLock   *lock,
                VigilWindow *self)
{
  g_clear_pointer (&self->pending, g_free);
  show_page (self, "monitor");
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (self->lock != NULL)
    vigil_lock_lock (self->lock);
}

static void
update_lock_active (VigilWindow *self)
{
  gboolean required = lock_required (self);

  if (self->lock != NULL)
    vigil_lock_set_active (self->lock, required);
  gtk_widget_set_visible (self->quit_button, required);
  update_person (self);
  if (self->lock != NULL && vigil_lock_needs_first_admin (self->lock)
      && !g_str_equal (self->page, "first-run"))
    show_page (self, "first-run");
}

static void
on_require_pin_changed (GSettings   *settings,
                        const char  *key,
                        VigilWindow *self)
{
  update_lock_active (self);
}

/* Asked once the window is on screen: the session needs the window. */
static void
inhibit_idle (VigilWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->kiosk == NULL || application == NULL || vigil_kiosk_get_inhibited (self->kiosk))
    return;
  g_clear_pointer (&self->kiosk_problem, g_free);
  if (!vigil_kiosk_inhibit (self->kiosk, application))
    self->kiosk_problem = g_strdup (_("Screen blanking could not be turned off: turn it off in the system (see README, Kiosk)."));
  rebuild_device_strip (self);
}

static void
on_kiosk_map (GtkWidget   *widget,
              VigilWindow *self)
{
  inhibit_idle (self);
}

/* "win.show-session" (x session id): the History page, on that session. */
static void
show_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  gtk_widget_activate_action (widget, "win.page", "s", "history");
  if (!vigil_history_page_open_session (self->history_page, g_variant_get_int64 (parameter), &error))
    g_message ("%s", error->message);
}

static void
setup_chart (VigilWindow *self)
{
  VigilTrendSet *trends = vigil_monitor_get_trends (self->monitor);
  guint lane;

  lane = vigil_trend_chart_add_lane (self->chart, _("HR"), _("/min"), 0, 200);
  vigil_trend_chart_add_line (self->chart, lane,
                              vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_PULSE_RATE),
                              _("PR"), "vigil_pr");
  vigil_trend_chart_add_line (self->chart, lane,
                              vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_HR),
                              _("HR"), "vigil_hr");

  lane = vigil_trend_chart_add_lane (self->chart, _("SpO₂"), _("%"), 70, 100);
  vigil_trend_chart_add_line (self->chart, lane,
                              vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_SPO2),
                              _("SpO₂"), "vigil_spo2");

  lane = vigil_trend_chart_add_lane (self->chart, _("NIBP"), _("mmHg"), 0, 250);
  vigil_trend_chart_add_nibp (self->chart, lane,
                              vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_NIBP_SYSTOLIC),
                              vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_NIBP_DIASTOLIC),
                              vigil_trend_set_get_store (trends, VIGIL_TREND_SERIES_NIBP_MEAN),
                              "vigil_nibp");

  vigil_trend_chart_set_session_start (self->chart, vigil_monitor_get_start_time (self->monitor));
}

static double
threshold_of (VigilAlarmLimits *limits,
              VigilAlarmId      id)
{
  return vigil_alarm_limits_get (limits, id)->threshold;
}

/* The tiles show this session's limits: the ones the alarms really use. */
static void
update_tile_limits (VigilWindow *self)
{
  VigilAlarmLimits *limits = vigil_alarm_engine_get_limits (vigil_monitor_get_alarms (self->monitor));

  vigil_vital_tile_set_limits (self->hr_tile,
                               threshold_of (limits, VIGIL_ALARM_HR_LOW),
                               threshold_of (limits, VIGIL_ALARM_HR_HIGH));
  vigil_vital_tile_set_limits (self->spo2_tile,
                               threshold_of (limits, VIGIL_ALARM_SPO2_LOW), NAN);
  vigil_vital_tile_set_limits (self->nibp_tile,
                               threshold_of (limits, VIGIL_ALARM_NIBP_LOW),
                               threshold_of (limits, VIGIL_ALARM_NIBP_HIGH));
}

static void
on_limits_changed (VigilAlarmLimits *limits,
                   VigilAlarmId      id,
                   VigilWindow      *self)
{
  update_tile_limits (self);
}

static void
setup_tiles (VigilWindow *self)
{
  vigil_vital_tile_set_label (self->hr_tile, _("HR"));
  vigil_vital_tile_set_unit (self->hr_tile, _("/min"));
  vigil_vital_tile_set_accent (self->hr_tile, "hr");

  vigil_vital_tile_set_label (self->spo2_tile, _("SpO₂"));
  vigil_vital_tile_set_unit (self->spo2_tile, _("%"));
  vigil_vital_tile_set_accent (self->spo2_tile, "spo2");

  vigil_vital_tile_set_label (self->nibp_tile, _("NIBP"));
  vigil_vital_tile_set_unit (self->nibp_tile, _("mmHg"));
  vigil_vital_tile_set_accent (self->nibp_tile, "nibp");
  vigil_vital_tile_set_pressure (self->nibp_tile, TRUE);

  update_tile_limits (self);
}

static void
setup_demo_marks (VigilWindow *self)
{
  g_autofree char *banner = NULL;
  double speed = vigil_clock_get_speed (vigil_monitor_get_clock (self->monitor));

  if (!vigil_monitor_is_simulated (self->monitor))
    return;

  if (speed != 1.0)
    banner = g_strdup_printf (_("SIMULATED DATA — scenario “%s” at %g× speed — not a patient"),
                              vigil_monitor_get_scenario (self->monitor), speed);
  else
    banner = g_strdup_printf (_("SIMULATED DATA — scenario “%s” — not a patient"),
                              vigil_monitor_get_scenario (self->monitor));
  gtk_label_set_label (self->simulated_banner, banner);
  gtk_widget_set_visible (GTK_WIDGET (self->simulated_banner), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->simulated_mark), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), _("Vigil — SIMULATED"));
}

/* "win.night" (boolean state): the header's Night toggle. Pressing it sets
 * "night-mode" to "on" or "off" (ending "by-clock"); the state follows
 * what is shown, the clock's choice too. */
static void
on_night_change_state (GSimpleAction *action,
                       GVariant      *state,
                       VigilWindow   *self)
{
  g_settings_set_string (self->settings, "night-mode", g_variant_get_boolean (state) ? "on" : "off");
  g_simple_action_set_state (action, g_variant_new_boolean (vigil_night_mode_get_active (self->night_mode)));
}

static void
on_night_active (VigilNightMode *night_mode,
                 GParamSpec     *pspec,
                 GSimpleAction  *action)
{
  g_simple_action_set_state (action, g_variant_new_boolean (vigil_night_mode_get_active (night_mode)));
}

static void
setup_night_mode (VigilWindow *self)
{
  g_autoptr(GSimpleAction) action = NULL;

  if (self->settings == NULL)
    return;
  self->night_mode = vigil_night_mode_new (self->settings);
  vigil_night_mode_attach (self->night_mode, GTK_WIDGET (self));
  action = g_simple_action_new_stateful ("night", NULL,
                                         g_variant_new_boolean (vigil_night_mode_get_active (self->night_mode)));
  g_signal_connect_object (action, "change-state", G_CALLBACK (on_night_change_state), self, 0);
  g_signal_connect_object (self->night_mode, "notify::active", G_CALLBACK (on_night_active), action, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
}

/* Scrolls @scroller so that @target is inside its visible part. Measured
 * against the scrolled window itself, where the visible part starts at 0
 * whatever the scrolled content's padding. */
static void
scroll_into_view (GtkScrolledWindow *scroller,
                  GtkWidget         *target)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (target, GTK_WIDGET (scroller), &bounds))
    return;
  if (bounds.origin.y < 0)
    gtk_adjustment_set_value (adjustment, value + bounds.origin.y - 8);
  else if (bounds.origin.y + bounds.size.height > page)
    gtk_adjustment_set_value (adjustment, value + bounds.origin.y + bounds.size.height + 8 - page);
}

/* While the dock slides in, keep the field being edited in sight, in
 * every scrolled window around it (a page's own, then the page area). */
static gboolean
keep_focus_visible (GtkWidget     *widget,
                    GdkFrameClock *frame_clock,
                    gpointer       data)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  GtkWidget *target = GTK_WIDGET (vigil_input_dock_get_target (self->input_dock));

  if (target == NULL || gdk_frame_clock_get_frame_time (frame_clock) > self->keep_focus_until)
    {
      self->keep_focus_tick = 0;
      return G_SOURCE_REMOVE;
    }
  for (GtkWidget *w = gtk_widget_get_parent (target); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      scroll_into_view (GTK_SCROLLED_WINDOW (w), target);
  return G_SOURCE_CONTINUE;
}

/* The on-screen keyboard takes about 300 px of an 800 px kiosk screen:
 * while it is up the tiles step aside (the alarm area, Pause audio and
 * Acknowledge stay) and the page scrolls, so the field and the keys both
 * fit. The tick follows the dock's slide and stops when it is gone. */
static void
on_input_dock_target (VigilInputDock *dock,
                      GParamSpec     *pspec,
                      VigilWindow    *self)
{
  gboolean typing = vigil_input_dock_get_target (dock) != NULL;

  gtk_widget_set_visible (self->tiles, !typing);
  /* Longer than the dock's slide; then the nurse may scroll freely. */
  self->keep_focus_until = g_get_monotonic_time () + 600 * 1000;
  if (typing && self->keep_focus_tick == 0)
    self->keep_focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), keep_focus_visible, NULL, NULL);
}

static void
vigil_window_constructed (GObject *object)
{
  VigilWindow *self = VIGIL_WINDOW (object);
  g_autofree char *nick = NULL;

  G_OBJECT_CLASS (vigil_window_parent_class)->constructed (object);

  g_assert (self->monitor != NULL);

  setup_tiles (self);
  g_signal_connect_object (vigil_alarm_engine_get_limits (vigil_monitor_get_alarms (self->monitor)),
                           "changed", G_CALLBACK (on_limits_changed), self, 0);
  setup_chart (self);
  setup_demo_marks (self);
  setup_night_mode (self);

  nick = self->settings != NULL ? g_settings_get_string (self->settings, "trend-window")
                                : g_strdup ("15min");
  set_trend_window (self, nick);

  g_signal_connect_object (self->monitor, "observation",
                           G_CALLBACK (on_observation), self, 0);
  g_signal_connect_object (self->monitor, "technical-event",
                           G_CALLBACK (on_technical_event), self, 0);
  g_signal_connect_object (self->monitor, "waveform",
                           G_CALLBACK (on_waveform), self, 0);
  g_signal_connect_object (self->monitor, "devices-changed",
                           G_CALLBACK (on_devices_changed), self, 0);
  g_signal_connect_object (vigil_monitor_get_alarms (self->monitor), "changed",
                           G_CALLBACK (on_alarms_changed), self, 0);
  g_signal_connect_object (vigil_monitor_get_alarms (self->monitor), "log",
                           G_CALLBACK (on_alarm_log), self, 0);

  self->user_name = vigil_clinic_settings_get_user_name (self->settings);
  vigil_limits_page_set_engine (self->limits_page, vigil_monitor_get_alarms (self->monitor));
  vigil_limits_page_set_user_name (self->limits_page, self->user_name);
  vigil_device_page_set_clock (self->device_page, vigil_monitor_get_clock (self->monitor));
  vigil_device_page_set_monitor (self->device_page, self->monitor);
  vigil_device_page_set_settings (self->device_page, self->settings);
  vigil_treatment_view_set_user_name (self->treatment_view, self->user_name);
  update_alarm_area (self);

  vigil_input_dock_attach (self->input_dock, GTK_WINDOW (self));
  g_signal_connect_object (self->input_dock, "notify::target",
                           G_CALLBACK (on_input_dock_target), self, 0);
  vigil_admin_page_set_settings (self->admin_page, self->settings);
  g_signal_connect_object (self->unlock_page, "unlocked", G_CALLBACK (on_unlocked), self, 0);
  g_signal_connect_object (self->unlock_page, "cancelled", G_CALLBACK (on_unlock_cancelled), self, 0);
  g_signal_connect_object (self->first_run_page, "created", G_CALLBACK (on_first_admin_created), self, 0);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::require-pin",
                             G_CALLBACK (on_require_pin_changed), self, 0);
  update_lock_active (self);

  rebuild_device_strip (self);
  vigil_window_refresh (self);
  self->refresh_id = g_timeout_add (REFRESH_INTERVAL_MS, refresh_timeout, self);
}

static void
vigil_window_dispose (GObject *object)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->log_refresh_id, g_source_remove);
  if (self->keep_focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->keep_focus_tick);
  self->keep_focus_tick = 0;
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_signal_handlers_disconnect_by_data (vigil_monitor_get_alarms (self->monitor), self);
    }
  g_clear_object (&self->monitor);
  g_clear_object (&self->bedside);
  g_clear_object (&self->night_mode);
  if (self->kiosk != NULL)
    vigil_kiosk_release (self->kiosk);
  g_clear_object (&self->kiosk);
  if (self->lock != NULL)
    g_signal_handlers_disconnect_by_data (self->lock, self);
  g_clear_object (&self->lock);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->device_messages, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WINDOW);

  G_OBJECT_CLASS (vigil_window_parent_class)->dispose (object);
}

static void
vigil_window_finalize (GObject *object)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  g_free (self->trend_window);
  g_free (self->user_name);
  g_free (self->page);
  g_free (self->shown_problem);
  g_free (self->pending);
  g_free (self->kiosk_problem);
  if (self->device_status != NULL)
    g_string_free (self->device_status, TRUE);

  G_OBJECT_CLASS (vigil_window_parent_class)->finalize (object);
}

static void
vigil_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_TREND_WINDOW:
      g_value_set_string (value, self->trend_window);
      break;
    case PROP_PAGE:
      g_value_set_string (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_TREND_WINDOW:
      set_trend_window (self, g_value_get_string (value));
      break;
    case PROP_PAGE:
      set_page (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_window_class_init (VigilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vigil_window_constructed;
  object_class->dispose = vigil_window_dispose;
  object_class->finalize = vigil_window_finalize;
  object_class->get_property = vigil_window_get_property;
  object_class->set_property = vigil_window_set_property;

  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         VIGIL_TYPE_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TREND_WINDOW] =
    g_param_spec_string ("trend-window", NULL, NULL,
                         "15min",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         "monitor",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "win.trend-window", "trend-window");
  gtk_widget_class_install_property_action (widget_class, "win.page", "page");
  gtk_widget_class_install_action (widget_class, "win.show-session", "x", show_session_action);
  gtk_widget_class_install_action (widget_class, "win.pause-audio", NULL, pause_audio_action);
  gtk_widget_class_install_action (widget_class, "win.acknowledge-shown", NULL, acknowledge_shown_action);
  gtk_widget_class_install_action (widget_class, "win.acknowledge", "s", acknowledge_action);
  gtk_widget_class_install_action (widget_class, "win.reset-shown", NULL, reset_shown_action);
  gtk_widget_class_install_action (widget_class, "win.quit", NULL, quit_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);

  g_type_ensure (VIGIL_TYPE_ADMIN_PAGE);
  g_type_ensure (VIGIL_TYPE_FIRST_RUN_PAGE);
  g_type_ensure (VIGIL_TYPE_INPUT_DOCK);
  g_type_ensure (VIGIL_TYPE_UNLOCK_PAGE);
  g_type_ensure (VIGIL_TYPE_ALARM_BANNER);
  g_type_ensure (VIGIL_TYPE_ALARM_LOG_PAGE);
  g_type_ensure (VIGIL_TYPE_LIMITS_PAGE);
  g_type_ensure (VIGIL_TYPE_DEVICE_PAGE);
  g_type_ensure (VIGIL_TYPE_HISTORY_PAGE);
  g_type_ensure (VIGIL_TYPE_PLETH_STRIP);
  g_type_ensure (VIGIL_TYPE_TREATMENT_VIEW);
  g_type_ensure (VIGIL_TYPE_TREND_CHART);
  g_type_ensure (VIGIL_TYPE_VITAL_TILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, simulated_mark);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, simulated_banner);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, hr_tile);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, spo2_tile);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, nibp_tile);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, pleth_strip);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, device_strip);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, alarm_banner);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, technical_banner);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, limits_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, log_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, device_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, treatment_view);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, phase_strip);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, phase_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, pause_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, person_box);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, person_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, quit_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, admin_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, first_run_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, input_dock);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, tiles);
}

static void
vigil_window_init (VigilWindow *self)
{
  /* The property action reads the state before construction ends. */
  self->trend_window = g_strdup ("15min");
  self->page = g_strdup ("monitor");
  self->device_status = g_string_new (NULL);
  self->device_messages = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilWindow *
vigil_window_new (GtkApplication *application,
                  VigilMonitor   *monitor,
                  GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VIGIL_IS_MONITOR (monitor), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (VIGIL_TYPE_WINDOW,
                       "application", application,
                       "monitor", monitor,
                       "settings", settings,
                       NULL);
}

VigilMonitor *
vigil_window_get_monitor (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->monitor;
}

GtkWidget *
vigil_window_get_tile (VigilWindow    *self,
                       VigilParameter  parameter)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  switch (parameter)
    {
    case VIGIL_PARAMETER_HR:
      return GTK_WIDGET (self->hr_tile);
    case VIGIL_PARAMETER_SPO2:
      return GTK_WIDGET (self->spo2_tile);
    case VIGIL_PARAMETER_NIBP:
      return GTK_WIDGET (self->nibp_tile);
    case VIGIL_PARAMETER_PULSE_RATE:
    case VIGIL_N_PARAMETERS:
    default:
      return NULL;
    }
}

/* The pleth strip under the tiles: visible while a device sends a
 * waveform. */
GtkWidget *
vigil_window_get_pleth_strip (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->pleth_strip);
}

GtkWidget *
vigil_window_get_chart (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->chart);
}

/* The device strip as text, for tests and screen readers. */
const char *
vigil_window_get_device_status_text (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->device_status->str;
}

/* One-tap events of the treatment land on the trend chart as markers. */
static void
on_treatment_event (VigilTreatmentSession *session,
                    int                    kind,
                    gint64                 wall_us,
                    const char            *label,
                    VigilWindow           *self)
{
  vigil_trend_chart_add_marker (self->chart, wall_us, label, "vigil_marker_event");
}

static void
on_treatment_changed (VigilBedside *bedside,
                      VigilWindow  *self)
{
  VigilTreatmentSession *session = vigil_bedside_get_treatment (bedside);

  if (session != NULL)
    g_signal_connect_object (session, "event", G_CALLBACK (on_treatment_event), self, 0);
}

/**
 * vigil_window_set_bedside:
 *
 * The records behind the alarm log page, and the problems (records that
 * cannot be saved, a bad clinic setting) the status strip must show.
 */
void
vigil_window_set_bedside (VigilWindow  *self,
                          VigilBedside *bedside)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (VIGIL_IS_BEDSIDE (bedside));

  g_set_object (&self->bedside, bedside);
  vigil_alarm_log_page_set_store (self->log_page, vigil_bedside_get_store (bedside),
                                  vigil_bedside_get_session_id (bedside));
  vigil_history_page_set_store (self->history_page, vigil_bedside_get_store (bedside),
                                vigil_bedside_get_session_id (bedside));
  vigil_history_page_set_clinic_config (self->history_page, vigil_bedside_get_clinic_config (bedside));
  vigil_treatment_view_set_discharge_scale (self->treatment_view,
                                            vigil_clinic_config_get_discharge_scale (
                                              vigil_bedside_get_clinic_config (bedside)));
  vigil_treatment_view_set_bedside (self->treatment_view, bedside);
  vigil_admin_page_set_clinic_config (self->admin_page, vigil_bedside_get_clinic_config (bedside));
  g_signal_connect_object (bedside, "treatment-changed", G_CALLBACK (on_treatment_changed), self, 0);
  on_treatment_changed (bedside, self);
  vigil_window_refresh (self);
}

GtkWidget *
vigil_window_get_alarm_banner (VigilWindow *self,
                               gboolean     technical)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (technical ? self->technical_banner : self->alarm_banner);
}

GtkWidget *
vigil_window_get_limits_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->limits_page);
}

GtkWidget *
vigil_window_get_device_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->device_page);
}

GtkWidget *
vigil_window_get_history_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->history_page);
}

/* The page shown: "monitor", "treatment", "limits", "log", "history", "devices". */
const char *
vigil_window_get_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->page;
}

GtkWidget *
vigil_window_get_log_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->log_page);
}

const char *
vigil_window_get_pause_text (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return gtk_label_get_label (self->pause_label);
}

GtkWidget *
vigil_window_get_treatment_view (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->treatment_view);
}

/* The phase header shown above every page, "" when no treatment. */
const char *
vigil_window_get_phase_text (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return gtk_widget_get_visible (self->phase_strip) ? gtk_label_get_label (self->phase_label) : "";
}

/**
 * vigil_window_set_kiosk:
 *
 * Kiosk mode: full screen with its header inside the screen, no way out
 * without a staff PIN, the on-screen keypad and keyboard, and the screen
 * kept on. Set once, before or after the window is shown.
 */
void
vigil_window_set_kiosk (VigilWindow *self,
                        gboolean     kiosk)
{
  g_autoptr(GtkWidget) header = NULL;
  GtkWidget *screen;

  g_return_if_fail (VIGIL_IS_WINDOW (self));

  if (!kiosk || self->kiosk != NULL)
    {
      g_return_if_fail (kiosk || self->kiosk == NULL);
      return;
    }

  /* Full screen hides a window's titlebar, and with it the clock, the
   * SIMULATED mark and who is unlocked: the header moves into the screen.
   * (Neither is a bound template child: the window itself unparents them.) */
  header = g_object_ref (gtk_window_get_titlebar (GTK_WINDOW (self)));
  screen = gtk_window_get_child (GTK_WINDOW (self));
  gtk_window_set_titlebar (GTK_WINDOW (self), NULL);
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_box_prepend (GTK_BOX (screen), header);

  self->kiosk = vigil_kiosk_new (GTK_WINDOW (self));
  vigil_input_dock_set_enabled (self->input_dock, TRUE);
  vigil_unlock_page_set_touch_only (self->unlock_page, TRUE);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    inhibit_idle (self);
  else
    g_signal_connect (self, "map", G_CALLBACK (on_kiosk_map), self);
  update_lock_active (self);
}

gboolean
vigil_window_get_kiosk (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), FALSE);
  return self->kiosk != NULL;
}

/* Escape keys and close requests refused in kiosk mode. */
guint
vigil_window_get_kiosk_refused (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->kiosk != NULL ? vigil_kiosk_get_refused_count (self->kiosk) : 0;
}

/**
 * vigil_window_set_lock:
 *
 * The staff lock and, through it, the staff list. It is made active here
 * in kiosk mode or with the "require-pin" setting; "lock-after-s" follows
 * the setting.
 */
void
vigil_window_set_lock (VigilWindow *self,
                       VigilLock   *lock)
{
  VigilStaff *staff;

  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (VIGIL_IS_LOCK (lock));

  if (self->lock != NULL)
    g_signal_handlers_disconnect_by_data (self->lock, self);
  g_set_object (&self->lock, lock);

  staff = vigil_lock_get_staff (lock);
  vigil_unlock_page_set_staff (self->unlock_page, staff);
  vigil_first_run_page_set_staff (self->first_run_page, staff);
  vigil_admin_page_set_staff (self->admin_page, staff);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "lock-after-s", lock, "lock-after-s", G_SETTINGS_BIND_GET);
  g_signal_connect_object (lock, "notify::person", G_CALLBACK (on_person_changed), self, 0);
  g_signal_connect_object (lock, "auto-locked", G_CALLBACK (on_auto_locked), self, 0);
  vigil_lock_watch_input (lock, GTK_WIDGET (self));
  update_lock_active (self);
}

VigilLock *
vigil_window_get_lock (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->lock;
}

GtkWidget *
vigil_window_get_unlock_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->unlock_page);
}

GtkWidget *
vigil_window_get_first_run_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->first_run_page);
}

GtkWidget *
vigil_window_get_admin_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->admin_page);
}

/* The name acknowledgements and limit changes are recorded under. */
const char *
vigil_window_get_user_name (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->user_name;
}
