/* vigil-application.c — one bedside, one window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-application.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "vigil-autoplay.h"
#include "vigil-bedside.h"
#include "vigil-clinic-settings.h"
#include "vigil-lock.h"
#include "vigil-monitor.h"
#include "vigil-staff.h"
#include "vigil-window.h"

struct _VigilApplication
{
  GtkApplication  parent_instance;

  VigilOptions   *options;
  GSettings      *settings;
  VigilMonitor   *monitor;
  VigilBedside   *bedside;
  VigilAutoplay  *autoplay;
  VigilLock      *lock;
  guint           sigterm_id;
  guint           sigint_id;
};

G_DEFINE_FINAL_TYPE (VigilApplication, vigil_application, GTK_TYPE_APPLICATION)

static void
vigil_application_finalize (GObject *object)
{
  VigilApplication *self = VIGIL_APPLICATION (object);

  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_object (&self->autoplay);
  g_clear_object (&self->lock);
  if (self->bedside != NULL)
    vigil_bedside_stop (self->bedside);
  g_clear_object (&self->bedside);
  if (self->monitor != NULL)
    vigil_monitor_stop (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->options, vigil_options_free);

  G_OBJECT_CLASS (vigil_application_parent_class)->finalize (object);
}

static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* "app.quit": asks the window, which asks for a PIN when locked. */
static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  VigilApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.quit", NULL);
  else
    g_application_quit (G_APPLICATION (self));
}

/* systemd stopping the kiosk unit, a shutdown, or Ctrl+C in a terminal:
 * no PIN is asked (the system, not a patient, is asking), but Vigil stops
 * the normal way, so the session's end is recorded and the demo's
 * pseudo-terminals are removed. */
static gboolean
on_terminate_signal (gpointer data)
{
  GApplication *application = data;

  g_message ("Stopping: the system asked Vigil to quit.");
  g_application_quit (application);
  return G_SOURCE_CONTINUE;
}

static void
vigil_application_startup (GApplication *application)
{
  VigilApplication *self = VIGIL_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  const GActionEntry actions[] = {
    { .name = "quit", .activate = quit_activated },
  };

  G_APPLICATION_CLASS (vigil_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, on_terminate_signal, self);
  self->sigint_id = g_unix_signal_add (SIGINT, on_terminate_signal, self);
  /* A kiosk has no keyboard way out: its window swallows Ctrl+Q. */
  if (!self->options->kiosk)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                           (const char *[]) { "<Control>q", NULL });

  if (!vigil_alarm_sound_init_gstreamer (&error))
    g_message ("%s", error->message);

  /* A monitor is read across a dim room: dark, whatever the desktop says. */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  load_style ();
  gtk_window_set_default_icon_name (VIGIL_APP_ID);
}

static void
add_devices (VigilApplication  *self,
             GPtrArray         *specs)
{
  for (guint i = 0; i < specs->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!vigil_monitor_add_device (self->monitor, g_ptr_array_index (specs, i), &error))
        g_warning ("%s", error->message);
    }
}

static void
add_configured_devices (VigilApplication *self)
{
  g_auto(GStrv) configured = g_settings_get_strv (self->settings, "devices");
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_device_spec_free);

  for (guint i = 0; configured[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      VigilDeviceSpec *spec = vigil_device_spec_parse (configured[i], &error);

      if (spec == NULL)
        g_warning ("Ignoring the configured device “%s”: %s", configured[i], error->message);
      else
        g_ptr_array_add (specs, spec);
    }
  add_devices (self, specs);
}

/* The Devices page saved a new set: use it now. */
static void
apply_devices (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  VigilApplication *self = user_data;

  g_message ("Using the devices saved on the Devices page.");
  vigil_monitor_remove_devices (self->monitor);
  add_configured_devices (self);
}

static VigilStore *
open_store (VigilApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  VigilStore *store;

  path = self->options->db_path != NULL ? g_strdup (self->options->db_path)
                                        : vigil_store_default_path ();
  store = vigil_store_open (path, &error);
  if (store == NULL)
    g_printerr ("vigil: %s\n", error->message);
  return store;
}

static void
vigil_application_shutdown (GApplication *application)
{
  VigilApplication *self = VIGIL_APPLICATION (application);

  if (self->autoplay != NULL)
    vigil_autoplay_stop (self->autoplay);
  if (self->bedside != NULL)
    vigil_bedside_stop (self->bedside);
  /* The window holds the monitor and the bedside: destroying it lets them
   * go, so the database is closed (its WAL folded back) and the demo's
   * pseudo-terminal folder removed before the process ends. A kiosk
   * window refuses to close, but it can be destroyed. */
  for (GList *windows; (windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL;)
    gtk_window_destroy (windows->data);

  G_APPLICATION_CLASS (vigil_application_parent_class)->shutdown (application);
}

/* Devices, records and sound start once the window has drawn its first
 * frame: building the window blocks the main loop for a moment, and an
 * accelerated demo clock would count that moment as a silent device. */
static gboolean
start_bedside (gpointer data)
{
  VigilApplication *self = data;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlarmSound) sound = NULL;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->options->demo)
    {
      g_autoptr(GError) error = NULL;

      if (!vigil_monitor_start_demo_device (self->monitor, self->options->demo_device,
                                            self->options->scenario,
                                            self->options->seed, &error))
        {
          g_printerr ("vigil: %s\n", error->message);
          g_application_quit (G_APPLICATION (self));
          return G_SOURCE_REMOVE;
        }
    }
  else if (self->options->devices->len > 0)
    add_devices (self, self->options->devices);
  else
    {
      /* Only devices that came from the settings follow the settings:
       * --device and --demo keep what they were asked for. */
      g_autoptr(GSimpleAction) apply = g_simple_action_new ("apply-devices", NULL);

      g_signal_connect (apply, "activate", G_CALLBACK (apply_devices), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (apply));
      add_configured_devices (self);
    }

  store = open_store (self);
  sound = vigil_alarm_sound_new (NULL);
  self->bedside = vigil_bedside_new (self->monitor, store, sound, self->settings);
  vigil_bedside_start (self->bedside);
  if (window != NULL)
    vigil_window_set_bedside (VIGIL_WINDOW (window), self->bedside);

  /* The staff list lives in the bedside's database. Its lock-outs and the
   * inactivity lock run in real time, whatever the demo's speed. */
  if (store != NULL)
    {
      g_autoptr(VigilClock) real_time = vigil_clock_new (1.0);
      g_autoptr(VigilStaff) staff = vigil_staff_new (store, real_time);

      self->lock = vigil_lock_new (staff, real_time);
      if (window != NULL)
        vigil_window_set_lock (VIGIL_WINDOW (window), self->lock);
    }

  if (self->options->autoplay)
    {
      g_autofree char *staff = vigil_clinic_settings_get_user_name (self->settings);

      self->autoplay = vigil_autoplay_new (self->bedside, staff);
      vigil_autoplay_start (self->autoplay);
      if (window != NULL)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "treatment");
    }

  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
vigil_application_activate (GApplication *application)
{
  VigilApplication *self = VIGIL_APPLICATION (application);
  g_autoptr(VigilClock) clock = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  clock = vigil_clock_new (self->options->speed);
  self->monitor = vigil_monitor_new (clock);

  window = GTK_WINDOW (vigil_window_new (GTK_APPLICATION (self), self->monitor, self->settings));
  vigil_window_set_kiosk (VIGIL_WINDOW (window), self->options->kiosk);
  gtk_window_present (window);

  g_application_hold (application);
  g_idle_add_full (G_PRIORITY_LOW, start_bedside, self, NULL);
}

static void
vigil_application_class_init (VigilApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vigil_application_finalize;
  app_class->startup = vigil_application_startup;
  app_class->activate = vigil_application_activate;
  app_class->shutdown = vigil_application_shutdown;
}

static void
vigil_application_init (VigilApplication *self)
{
  self->settings = g_settings_new (VIGIL_APP_ID);
}

/**
 * vigil_application_new:
 * @options: (transfer full): the parsed command line
 */
VigilApplication *
vigil_application_new (VigilOptions *options)
{
  VigilApplication *self;

  g_return_val_if_fail (options != NULL, NULL);

  /* Non-unique: each bedside process owns its ports; there is no session
   * bus on a kiosk to negotiate uniqueness over. */
  self = g_object_new (VIGIL_TYPE_APPLICATION,
                       "application-id", VIGIL_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/vigilmonitor/Vigil",
                       NULL);
  self->options = options;
  return self;
}
