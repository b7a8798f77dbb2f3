/* vigil-kiosk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bedside tablet is left alone with patients and visitors: nothing on
 * it may lead out of Vigil. The keys that usually do are swallowed in the
 * capture phase, before any widget (or the application's accelerators)
 * sees them; the window manager's close requests are refused; and if
 * something takes full screen away, it is taken back.
 */
#include "vigil-kiosk.h"

#include <glib/gi18n.h>

struct _VigilKiosk
{
  GObject             parent_instance;

  GtkWindow          *window;        /* unowned: it owns us */
  GtkEventController *shortcuts;
  gulong              close_id;
  gulong              fullscreen_id;
  guint               refullscreen_id;
  GtkApplication     *application;   /* while inhibiting */
  guint               inhibit_cookie;
  guint               refused;
  gboolean            allow_close;
};

G_DEFINE_FINAL_TYPE (VigilKiosk, vigil_kiosk, G_TYPE_OBJECT)

enum {
  SIGNAL_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The ways out of a full-screen application, and the inspector. */
static const char *const escape_keys[] = {
  "Escape",
  "<Alt>F4",
  "<Control>q",
  "<Control>w",
  "<Control><Shift>i",
  "<Control><Shift>d",
  "F10",
};

static void
refuse (VigilKiosk *self,
        const char *what)
{
  self->refused++;
  g_debug ("Kiosk: refused %s", what);
  g_signal_emit (self, signals[SIGNAL_REFUSED], 0, what);
}

static gboolean
swallow_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  VigilKiosk *self = user_data;

  refuse (self, g_variant_get_string (args, NULL));
  return TRUE;
}

static gboolean
on_close_request (GtkWindow  *window,
                  VigilKiosk *self)
{
  if (self->allow_close)
    return FALSE;
  refuse (self, "close-request");
  return TRUE;
}

static gboolean
refullscreen_idle (gpointer data)
{
  VigilKiosk *self = data;

  self->refullscreen_id = 0;
  if (self->window != NULL && !gtk_window_is_fullscreen (self->window))
    gtk_window_fullscreen (self->window);
  return G_SOURCE_REMOVE;
}

static void
on_fullscreened (GtkWindow  *window,
                 GParamSpec *pspec,
                 VigilKiosk *self)
{
  if (gtk_window_is_fullscreen (window) || self->refullscreen_id != 0)
    return;
  /* Not from inside the notification: the window manager is still
   * finishing its own change. */
  self->refullscreen_id = g_idle_add (refullscreen_idle, self);
}

void
vigil_kiosk_release (VigilKiosk *self)
{
  g_return_if_fail (VIGIL_IS_KIOSK (self));

  g_clear_handle_id (&self->refullscreen_id, g_source_remove);
  if (self->application != NULL && self->inhibit_cookie != 0)
    gtk_application_uninhibit (self->application, self->inhibit_cookie);
  self->inhibit_cookie = 0;
  g_clear_object (&self->application);

  if (self->window == NULL)
    return;
  g_clear_signal_handler (&self->close_id, self->window);
  g_clear_signal_handler (&self->fullscreen_id, self->window);
  if (self->shortcuts != NULL)
    gtk_widget_remove_controller (GTK_WIDGET (self->window), self->shortcuts);
  self->shortcuts = NULL;
  gtk_widget_set_cursor (GTK_WIDGET (self->window), NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->window), "kiosk");
  g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
}

static void
vigil_kiosk_dispose (GObject *object)
{
  vigil_kiosk_release (VIGIL_KIOSK (object));

  G_OBJECT_CLASS (vigil_kiosk_parent_class)->dispose (object);
}

static void
vigil_kiosk_class_init (VigilKioskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_kiosk_dispose;

  signals[SIGNAL_REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vigil_kiosk_init (VigilKiosk *self)
{
}

VigilKiosk *
vigil_kiosk_new (GtkWindow *window)
{
  VigilKiosk *self;
  GtkEventController *controller;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  self = g_object_new (VIGIL_TYPE_KIOSK, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);

  /* The shortcuts point at us unowned: release() removes them, and the
   * window's own end takes them with it. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_name (controller, "vigil-kiosk-escapes");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (escape_keys); i++)
    {
      GtkShortcut *shortcut =
        gtk_shortcut_new_with_arguments (gtk_shortcut_trigger_parse_string (escape_keys[i]),
                                         gtk_callback_action_new (swallow_key, self, NULL),
                                         "s", escape_keys[i]);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  self->shortcuts = controller;

  self->close_id = g_signal_connect (window, "close-request", G_CALLBACK (on_close_request), self);
  self->fullscreen_id = g_signal_connect (window, "notify::fullscreened",
                                          G_CALLBACK (on_fullscreened), self);

  /* On a touch kiosk the pointer is useless, and a cursor left in the
   * middle of the numbers hides them. */
  gtk_widget_set_cursor_from_name (GTK_WIDGET (window), "none");
  gtk_widget_add_css_class (GTK_WIDGET (window), "kiosk");
  gtk_window_set_decorated (window, FALSE);
  gtk_window_fullscreen (window);
  return self;
}

void
vigil_kiosk_set_allow_close (VigilKiosk *self,
                             gboolean    allow)
{
  g_return_if_fail (VIGIL_IS_KIOSK (self));
  self->allow_close = !!allow;
}

gboolean
vigil_kiosk_get_allow_close (VigilKiosk *self)
{
  g_return_val_if_fail (VIGIL_IS_KIOSK (self), FALSE);
  return self->allow_close;
}

guint
vigil_kiosk_get_refused_count (VigilKiosk *self)
{
  g_return_val_if_fail (VIGIL_IS_KIOSK (self), 0);
  return self->refused;
}

/**
 * vigil_kiosk_inhibit:
 *
 * Returns: %TRUE when the session agreed to keep the screen on
 */
gboolean
vigil_kiosk_inhibit (VigilKiosk     *self,
                     GtkApplication *application)
{
  g_return_val_if_fail (VIGIL_IS_KIOSK (self), FALSE);
  g_return_val_if_fail (GTK_IS_APPLICATION (application), FALSE);

  if (self->inhibit_cookie != 0)
    return TRUE;
  if (self->window == NULL)
    return FALSE;

  self->inhibit_cookie =
    gtk_application_inhibit (application, self->window,
                             GTK_APPLICATION_INHIBIT_IDLE | GTK_APPLICATION_INHIBIT_SUSPEND,
                             _("A patient is being monitored"));
  if (self->inhibit_cookie != 0)
    g_set_object (&self->application, application);
  return self->inhibit_cookie != 0;
}

gboolean
vigil_kiosk_get_inhibited (VigilKiosk *self)
{
  g_return_val_if_fail (VIGIL_IS_KIOSK (self), FALSE);
  return self->inhibit_cookie != 0;
}
