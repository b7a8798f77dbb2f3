/* vigil-device-page.c — which device is on which serial port
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per serial port the system has (VigilPortList, refreshed every
 * two seconds, so a USB adapter plugged in while the page is open appears),
 * plus one per port saved in the settings but not plugged in ("not
 * connected"). Each row: the port as an IT person recognises it (name,
 * USB description, VID:PID, serial number), the protocol of the device on
 * it ("Not used" by default), an optional baud rate, and "Test link":
 * a temporary VigilDevice on the port that shows live what arrives, or
 * what is wrong. Tests stop when the page is left (unmapped) and before a
 * save, so they never hold a port the monitor is about to open.
 *
 * Save writes the "devices" key (PROTOCOL:PATH[@BAUD], the stable
 * /dev/serial/by-id path when there is one) and activates
 * "app.apply-devices", which restarts the monitor's devices.
 */
#include "vigil-device-page.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "vigil-device.h"
#include "vigil-device-spec.h"
#include "vigil-protocol.h"

static const guint bauds[] = { 0, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200 };

typedef struct
{
  char  *protocol;   /* NULL: not used */
  guint  baud;       /* 0: the protocol's default */
} Assignment;

typedef struct
{
  char          *key;          /* the path saved for this port */
  VigilPortInfo *info;         /* NULL: saved, not connected */
  GtkWidget     *row;
  GtkWidget     *protocol;
  GtkWidget     *baud;
  GtkWidget     *test_button;
  GtkWidget     *status;
} PortRow;

typedef struct _TestLink TestLink;

struct _VigilDevicePage
{
  GtkWidget      parent_instance;

  VigilPortList *ports;
  GSettings     *settings;
  VigilClock    *clock;
  VigilMonitor  *monitor;      /* its devices' ports are not tested again */
  GHashTable    *assignments;  /* key → Assignment */
  GPtrArray     *rows;         /* PortRow */
  GHashTable    *tests;        /* key → TestLink */
  char          *message;
  gboolean       building;

  /* template children */
  GtkListBox    *port_rows;
  GtkLabel      *message_label;
};

struct _TestLink
{
  VigilDevicePage *page;
  char            *key;
  VigilDevice     *device;
  const VigilProtocolInfo *protocol;
  double           values[VIGIL_N_PARAMETERS];
  double           diastolic;
  gboolean         received;
  char            *problem;
  char            *status;
};

G_DEFINE_FINAL_TYPE (VigilDevicePage, vigil_device_page, GTK_TYPE_WIDGET)

static void rebuild_rows (VigilDevicePage *self);

static void
assignment_free (gpointer data)
{
  Assignment *assignment = data;

  g_free (assignment->protocol);
  g_free (assignment);
}

static void
port_row_free (gpointer data)
{
  PortRow *row = data;

  g_free (row->key);
  g_clear_object (&row->info);
  g_free (row);
}

static void
test_link_free (gpointer data)
{
  TestLink *test = data;

  if (test->device != NULL)
    {
      g_signal_handlers_disconnect_by_data (test->device, test);
      vigil_device_stop (test->device);
      g_clear_object (&test->device);
    }
  g_free (test->key);
  g_free (test->problem);
  g_free (test->status);
  g_free (test);
}

static const VigilProtocolInfo *
protocol_at (guint index)
{
  const VigilProtocolInfo *list = vigil_protocol_list ();

  /* Index 0 is "Not used". */
  for (guint i = 1; list->name != NULL; list++, i++)
    if (i == index)
      return list;
  return NULL;
}

static guint
protocol_index (const char *name)
{
  const VigilProtocolInfo *list = vigil_protocol_list ();

  if (name == NULL)
    return 0;
  for (guint i = 1; list->name != NULL; list++, i++)
    if (g_str_equal (list->name, name))
      return i;
  return 0;
}

static guint
baud_index (guint baud)
{
  for (guint i = 0; i < G_N_ELEMENTS (bauds); i++)
    if (bauds[i] == baud)
      return i;
  return 0;
}

static PortRow *
find_row (VigilDevicePage *self,
          const char      *path)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      PortRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->key, path) == 0
          || (row->info != NULL && vigil_port_info_matches_path (row->info, path)))
        return row;
    }
  return NULL;
}

static void
set_message (VigilDevicePage *self,
             const char      *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_label (self->message_label, text != NULL ? text : "");
}

/* Test link */

static const char *
device_name (TestLink *test)
{
  const char *identity = vigil_device_get_identity (test->device);

  return identity != NULL ? identity : _(test->protocol->label);
}

static char *
format_values (TestLink *test)
{
  GString *text = g_string_new (NULL);
  double hr = test->values[VIGIL_PARAMETER_HR];
  double pr = test->values[VIGIL_PARAMETER_PULSE_RATE];
  double spo2 = test->values[VIGIL_PARAMETER_SPO2];
  double sys = test->values[VIGIL_PARAMETER_NIBP];

  if (!isnan (hr))
    g_string_append_printf (text, _("HR %.0f"), hr);
  else if (!isnan (pr))
    g_string_append_printf (text, _("PR %.0f"), pr);
  if (!isnan (spo2))
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, _("SpO₂ %.0f"), spo2);
    }
  if (!isnan (sys))
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, _("NIBP %.0f/%.0f"), sys, test->diastolic);
    }
  return g_string_free (text, FALSE);
}

static char *
compute_status (TestLink *test)
{
  VigilDeviceState state = vigil_device_get_state (test->device);
  g_autofree char *settings = vigil_protocol_describe_settings (&test->protocol->settings);
  const VigilDeviceSpec *spec = vigil_device_get_spec (test->device);
  g_autofree char *speed = NULL;

  if (spec->baud != 0 && spec->baud != test->protocol->settings.baud)
    {
      VigilSerialSettings chosen = test->protocol->settings;

      chosen.baud = spec->baud;
      g_free (settings);
      settings = vigil_protocol_describe_settings (&chosen);
    }

  switch (state)
    {
    case VIGIL_DEVICE_STATE_RECEIVING:
      {
        g_autofree char *values = format_values (test);

        if (*values == '\0')
          return g_strdup_printf (_("Receiving data from %s; no numbers yet (is the sensor on the patient?)"),
                                  device_name (test));
        return g_strdup_printf (_("Receiving %s from %s"), values, device_name (test));
      }

    case VIGIL_DEVICE_STATE_CONNECTED:
      return g_strdup (_("Port open. Waiting for data…"));

    case VIGIL_DEVICE_STATE_STALE:
      if (test->received)
        return g_strdup_printf (_("Data stopped. %s"), test->problem != NULL ? test->problem : "");
      return g_strdup_printf (_("No data yet: check that the device is set to %s at %s, and the cable."),
                              _(test->protocol->label), settings);

    case VIGIL_DEVICE_STATE_CONNECTING:
      if (test->problem != NULL)
        return g_strdup (test->problem);
      return g_strdup (_("Opening the port…"));

    case VIGIL_DEVICE_STATE_STOPPED:
    default:
      return g_strdup (_("Test stopped."));
    }
}

static void
show_status (VigilDevicePage *self,
             const char      *key,
             const char      *text,
             gboolean         problem)
{
  PortRow *row = find_row (self, key);

  if (row == NULL || row->status == NULL)
    return;

  gtk_label_set_label (GTK_LABEL (row->status), text != NULL ? text : "");
  gtk_widget_set_visible (row->status, text != NULL && *text != '\0');
  if (problem)
    gtk_widget_add_css_class (row->status, "problem");
  else
    gtk_widget_remove_css_class (row->status, "problem");
}

static void
update_test (TestLink *test)
{
  VigilDeviceState state = vigil_device_get_state (test->device);

  g_free (test->status);
  test->status = compute_status (test);
  show_status (test->page, test->key, test->status,
               state != VIGIL_DEVICE_STATE_RECEIVING && state != VIGIL_DEVICE_STATE_CONNECTED);
}

static void
on_test_observation (VigilDevice            *device,
                     const VigilObservation *observation,
                     TestLink               *test)
{
  if (observation->parameter < VIGIL_N_PARAMETERS)
    {
      test->values[observation->parameter] = observation->value;
      if (observation->parameter == VIGIL_PARAMETER_NIBP)
        test->diastolic = observation->diastolic;
    }
  test->received = TRUE;
  update_test (test);
}

static void
on_test_technical_event (VigilDevice               *device,
                         const VigilTechnicalEvent *event,
                         TestLink                  *test)
{
  if (event->kind == VIGIL_TECHNICAL_FRAME_ERROR || event->message == NULL)
    return;

  if (event->kind == VIGIL_TECHNICAL_CONNECTED || event->kind == VIGIL_TECHNICAL_DATA_RESUMED)
    g_clear_pointer (&test->problem, g_free);
  else
    {
      g_free (test->problem);
      test->problem = g_strdup (event->message);
    }
  update_test (test);
}

static void
on_test_state (VigilDevice *device,
               GParamSpec  *pspec,
               TestLink    *test)
{
  update_test (test);
}

static void
set_test_button (PortRow  *row,
                 gboolean  running)
{
  if (row == NULL || row->test_button == NULL)
    return;

  gtk_button_set_label (GTK_BUTTON (row->test_button), running ? _("Stop test") : _("Test link"));
  if (running)
    gtk_widget_add_css_class (row->test_button, "running");
  else
    gtk_widget_remove_css_class (row->test_button, "running");
}

/* Copies of the keys of the running tests, safe to stop them by. */
static GPtrArray *
test_keys (VigilDevicePage *self)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->tests);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, g_strdup (key));
  return keys;
}

static void
stop_test (VigilDevicePage *self,
           const char      *key)
{
  g_autofree char *owned = g_strdup (key);

  if (!g_hash_table_remove (self->tests, owned))
    return;

  set_test_button (find_row (self, owned), FALSE);
  show_status (self, owned, NULL, FALSE);
}

/* Both names resolved: the monitor may hold /dev/serial/by-id/… while the
 * list shows /dev/ttyUSB0. */
static gboolean
same_port (const char *a,
           const char *b)
{
  g_autofree char *real_a = realpath (a, NULL);
  g_autofree char *real_b = realpath (b, NULL);

  if (real_a == NULL || real_b == NULL)
    return g_strcmp0 (a, b) == 0;
  return g_str_equal (real_a, real_b);
}

/* The monitor's device on @path, if it has one open or is opening it. */
static VigilDevice *
monitor_device_on (VigilDevicePage *self,
                   const char      *path)
{
  if (self->monitor == NULL)
    return NULL;
  for (guint i = 0; i < vigil_monitor_get_n_devices (self->monitor); i++)
    {
      VigilDevice *device = vigil_monitor_get_device (self->monitor, i);

      if (vigil_device_get_state (device) != VIGIL_DEVICE_STATE_STOPPED
          && same_port (vigil_device_get_spec (device)->path, path))
        return device;
    }
  return NULL;
}

static void
start_test (VigilDevicePage *self,
            PortRow         *row)
{
  Assignment *assignment = g_hash_table_lookup (self->assignments, row->key);
  g_autoptr(VigilDeviceSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  TestLink *test;

  if (assignment == NULL || assignment->protocol == NULL)
    {
      show_status (self, row->key, _("Choose the device’s protocol first."), TRUE);
      return;
    }
  if (row->info == NULL)
    {
      show_status (self, row->key, _("This port is not connected. Plug in the cable first."), TRUE);
      return;
    }
  /* A second reader would take bytes from the monitor's own. */
  {
    VigilDevice *in_use = monitor_device_on (self, vigil_port_info_get_path (row->info));

    if (in_use != NULL)
      {
        const VigilProtocolInfo *info = vigil_protocol_lookup (vigil_device_get_spec (in_use)->protocol);
        const char *name = vigil_device_get_identity (in_use);
        g_autofree char *text = NULL;

        if (name == NULL)
          name = info != NULL ? _(info->label) : vigil_device_get_spec (in_use)->protocol;
        text = g_strdup_printf (_("The monitor is using this port for %s: its numbers are on the Monitor page."),
                                name);
        show_status (self, row->key, text, FALSE);
        return;
      }
  }

  if (self->clock == NULL)
    self->clock = vigil_clock_new (1.0);

  test = g_new0 (TestLink, 1);
  test->page = self;
  test->key = g_strdup (row->key);
  test->protocol = vigil_protocol_lookup (assignment->protocol);
  for (guint i = 0; i < VIGIL_N_PARAMETERS; i++)
    test->values[i] = NAN;
  test->diastolic = NAN;

  spec = vigil_device_spec_new (assignment->protocol, vigil_port_info_get_path (row->info), assignment->baud);
  test->device = vigil_device_new (spec, self->clock, &error);
  if (test->device == NULL || test->protocol == NULL)
    {
      show_status (self, row->key, error != NULL ? error->message : _("Unknown protocol."), TRUE);
      test_link_free (test);
      return;
    }

  g_signal_connect (test->device, "observation", G_CALLBACK (on_test_observation), test);
  g_signal_connect (test->device, "technical-event", G_CALLBACK (on_test_technical_event), test);
  g_signal_connect (test->device, "notify::state", G_CALLBACK (on_test_state), test);
  g_hash_table_replace (self->tests, g_strdup (row->key), test);
  set_test_button (row, TRUE);

  if (!vigil_device_start (test->device, &error))
    {
      g_free (test->problem);
      test->problem = g_strdup (error->message);
    }
  update_test (test);
}

static void
test_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilDevicePage *self = VIGIL_DEVICE_PAGE (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  PortRow *row = find_row (self, key);

  if (row == NULL)
    return;

  if (g_hash_table_contains (self->tests, row->key))
    stop_test (self, row->key);
  else
    start_test (self, row);
}

/**
 * vigil_device_page_stop_tests:
 *
 * Closes every port a "Test link" opened. The page does this itself when
 * it is left and before saving.
 */
void
vigil_device_page_stop_tests (VigilDevicePage *self)
{
  g_autoptr(GPtrArray) keys = NULL;

  g_return_if_fail (VIGIL_IS_DEVICE_PAGE (self));

  keys = test_keys (self);
  for (guint i = 0; i < keys->len; i++)
    stop_test (self, g_ptr_array_index (keys, i));
}

guint
vigil_device_page_get_n_tests (VigilDevicePage *self)
{
  g_return_val_if_fail (VIGIL_IS_DEVICE_PAGE (self), 0);
  return g_hash_table_size (self->tests);
}

/* Assignments */

static Assignment *
ensure_assignment (VigilDevicePage *self,
                   const char      *key)
{
  Assignment *assignment = g_hash_table_lookup (self->assignments, key);

  if (assignment == NULL)
    {
      assignment = g_new0 (Assignment, 1);
      g_hash_table_insert (self->assignments, g_strdup (key), assignment);
    }
  return assignment;
}

static void
on_protocol_selected (GtkDropDown *dropdown,
                      GParamSpec  *pspec,
                      PortRow     *row)
{
  VigilDevicePage *self = g_object_get_data (G_OBJECT (dropdown), "vigil-page");
  const VigilProtocolInfo *protocol = protocol_at (gtk_drop_down_get_selected (dropdown));
  Assignment *assignment;

  if (self->building)
    return;

  assignment = ensure_assignment (self, row->key);
  g_free (assignment->protocol);
  assignment->protocol = protocol != NULL ? g_strdup (protocol->name) : NULL;
  gtk_widget_set_sensitive (row->baud, protocol != NULL);

  /* A running test was for the old protocol. */
  stop_test (self, row->key);
  set_message (self, _("Not saved yet."));
}

static void
on_baud_selected (GtkDropDown *dropdown,
                  GParamSpec  *pspec,
                  PortRow     *row)
{
  VigilDevicePage *self = g_object_get_data (G_OBJECT (dropdown), "vigil-page");
  guint index = gtk_drop_down_get_selected (dropdown);

  if (self->building)
    return;

  ensure_assignment (self, row->key)->baud = index < G_N_ELEMENTS (bauds) ? bauds[index] : 0;
  stop_test (self, row->key);
  set_message (self, _("Not saved yet."));
}

static GtkStringList *
protocol_model (void)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _("Not used"));
  for (const VigilProtocolInfo *p = vigil_protocol_list (); p->name != NULL; p++)
    {
      g_autofree char *settings = vigil_protocol_describe_settings (&p->settings);
      g_autofree char *text = g_strdup_printf ("%s — %s", _(p->label), settings);

      gtk_string_list_append (model, text);
    }
  return model;
}

static GtkStringList *
baud_model (void)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _("Protocol’s baud"));
  for (guint i = 1; i < G_N_ELEMENTS (bauds); i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", bauds[i]);

      gtk_string_list_append (model, text);
    }
  return model;
}

/* Drop-down items: the button's label may ellipsize (so a long protocol
 * name cannot widen the page past the screen), the list shows them whole. */
static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

static GtkListItemFactory *
item_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), GINT_TO_POINTER (ellipsize));
  return factory;
}

static GtkWidget *
drop_down_new (GListModel *model)
{
  GtkWidget *dropdown = gtk_drop_down_new (model, NULL);
  g_autoptr(GtkListItemFactory) factory = item_factory (TRUE);
  g_autoptr(GtkListItemFactory) list_factory = item_factory (FALSE);

  gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), factory);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), list_factory);
  return dropdown;
}

static char *
describe_port (VigilPortInfo *info)
{
  GString *text = g_string_new (NULL);
  g_autofree char *vid_pid = vigil_port_info_dup_vid_pid_text (info);
  const char *description = vigil_port_info_get_description (info);
  const char *serial = vigil_port_info_get_serial_number (info);
  const char *stable = vigil_port_info_get_stable_path (info);

  if (description != NULL)
    g_string_append (text, description);
  else if (vigil_port_info_get_product (info) != NULL)
    g_string_append (text, vigil_port_info_get_product (info));

  if (vid_pid != NULL)
    g_string_append_printf (text, "%s%s %s", text->len > 0 ? " · " : "", _("USB"), vid_pid);
  if (serial != NULL)
    g_string_append_printf (text, "%s%s %s", text->len > 0 ? " · " : "", _("serial no."), serial);
  if (stable != NULL)
    {
      g_autofree char *base = g_path_get_basename (stable);

      g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", base);
    }

  if (text->len == 0)
    g_string_append (text, _("Serial port"));
  return g_string_free (text, FALSE);
}

static PortRow *
add_row (VigilDevicePage *self,
         const char      *key,
         VigilPortInfo   *info)
{
  g_autoptr(GtkStringList) protocols = protocol_model ();
  g_autoptr(GtkStringList) speeds = baud_model ();
  Assignment *assignment = g_hash_table_lookup (self->assignments, key);
  PortRow *row = g_new0 (PortRow, 1);
  GtkWidget *line, *text, *name, *details;
  g_autofree char *details_text = NULL;

  row->key = g_strdup (key);
  row->info = info != NULL ? g_object_ref (info) : NULL;

  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_widget_add_css_class (row->row, "device-row");
  if (info == NULL)
    gtk_widget_add_css_class (row->row, "not-connected");

  /* First line: the port as people recognise it. Second: the choices. */
  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);

  name = gtk_label_new (info != NULL ? vigil_port_info_get_path (info) : key);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_START);
  gtk_label_set_selectable (GTK_LABEL (name), FALSE);
  gtk_widget_add_css_class (name, "port-name");
  gtk_box_append (GTK_BOX (line), name);

  details_text = info != NULL ? describe_port (info)
                              : g_strdup (_("Saved for this port, which is not plugged in"));
  details = gtk_label_new (details_text);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (details, TRUE);
  gtk_widget_set_tooltip_text (details, details_text);
  gtk_widget_add_css_class (details, "port-details");
  gtk_box_append (GTK_BOX (line), details);
  gtk_box_append (GTK_BOX (text), line);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  row->protocol = drop_down_new (G_LIST_MODEL (g_object_ref (protocols)));
  gtk_widget_set_size_request (row->protocol, 380, -1);
  gtk_widget_set_valign (row->protocol, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->protocol, "protocol");
  gtk_widget_set_tooltip_text (row->protocol, _("The protocol the device on this port speaks, with its line settings"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (row->protocol),
                              protocol_index (assignment != NULL ? assignment->protocol : NULL));
  g_object_set_data (G_OBJECT (row->protocol), "vigil-page", self);
  g_signal_connect (row->protocol, "notify::selected", G_CALLBACK (on_protocol_selected), row);
  gtk_box_append (GTK_BOX (line), row->protocol);

  row->baud = drop_down_new (G_LIST_MODEL (g_object_ref (speeds)));
  gtk_widget_set_size_request (row->baud, 180, -1);
  gtk_widget_set_valign (row->baud, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->baud, "baud");
  gtk_widget_set_tooltip_text (row->baud, _("Only if the device was set to another speed than its protocol’s"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (row->baud), baud_index (assignment != NULL ? assignment->baud : 0));
  gtk_widget_set_sensitive (row->baud, assignment != NULL && assignment->protocol != NULL);
  g_object_set_data (G_OBJECT (row->baud), "vigil-page", self);
  g_signal_connect (row->baud, "notify::selected", G_CALLBACK (on_baud_selected), row);
  gtk_box_append (GTK_BOX (line), row->baud);

  if (info != NULL)
    {
      row->test_button = gtk_button_new_with_label (_("Test link"));
      gtk_widget_set_size_request (row->test_button, 160, -1);
      gtk_widget_set_halign (row->test_button, GTK_ALIGN_END);
      gtk_widget_set_hexpand (row->test_button, TRUE);
      gtk_widget_set_valign (row->test_button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (row->test_button, "test-link");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row->test_button), "device-page.test-link");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->test_button), g_variant_new_string (key));
      gtk_box_append (GTK_BOX (line), row->test_button);
    }
  else
    {
      GtkWidget *absent = gtk_label_new (_("Not connected"));

      gtk_widget_set_size_request (absent, 160, -1);
      gtk_widget_set_halign (absent, GTK_ALIGN_END);
      gtk_widget_set_hexpand (absent, TRUE);
      gtk_widget_add_css_class (absent, "not-connected-mark");
      gtk_box_append (GTK_BOX (line), absent);
    }

  gtk_box_append (GTK_BOX (text), line);
  row->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->status), 0);
  gtk_label_set_wrap (GTK_LABEL (row->status), TRUE);
  gtk_widget_add_css_class (row->status, "link-status");
  gtk_widget_set_visible (row->status, FALSE);
  gtk_box_append (GTK_BOX (text), row->status);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), text);
  gtk_list_box_append (self->port_rows, row->row);
  g_ptr_array_add (self->rows, row);
  return row;
}

/* An assignment saved under another name of a port (its /dev/ttyUSBn
 * path, or any link) moves to the port's preferred path. */
static void
adopt_assignment (VigilDevicePage *self,
                  VigilPortInfo   *info,
                  const char      *key)
{
  GHashTableIter iter;
  gpointer old_key, value;

  if (g_hash_table_contains (self->assignments, key))
    return;

  g_hash_table_iter_init (&iter, self->assignments);
  while (g_hash_table_iter_next (&iter, &old_key, &value))
    {
      if (!vigil_port_info_matches_path (info, old_key))
        continue;

      g_hash_table_iter_steal (&iter);
      g_free (old_key);
      g_hash_table_insert (self->assignments, g_strdup (key), value);
      return;
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
rebuild_rows (VigilDevicePage *self)
{
  GtkWidget *child;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ports));
  g_autoptr(GPtrArray) absent = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  self->building = TRUE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->port_rows))) != NULL)
    gtk_list_box_remove (self->port_rows, child);
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilPortInfo) info = g_list_model_get_item (G_LIST_MODEL (self->ports), i);
      const char *preferred = vigil_port_info_get_preferred_path (info);

      adopt_assignment (self, info, preferred);
      add_row (self, preferred, info);
    }

  /* Saved ports that are not plugged in stay listed. */
  g_hash_table_iter_init (&iter, self->assignments);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Assignment *assignment = value;

      if (assignment->protocol != NULL && find_row (self, key) == NULL)
        g_ptr_array_add (absent, key);
    }
  g_ptr_array_sort (absent, compare_strings);
  for (guint i = 0; i < absent->len; i++)
    add_row (self, g_ptr_array_index (absent, i), NULL);

  /* Tests whose port went: stopped. The others keep their status. */
  {
    g_autoptr(GPtrArray) keys = test_keys (self);

    for (guint i = 0; i < keys->len; i++)
      {
        const char *test_key = g_ptr_array_index (keys, i);
        PortRow *row = find_row (self, test_key);

        if (row == NULL || row->info == NULL)
          g_hash_table_remove (self->tests, test_key);
        else
          {
            TestLink *test = g_hash_table_lookup (self->tests, test_key);

            set_test_button (row, TRUE);
            update_test (test);
          }
      }
  }

  self->building = FALSE;
}

static void
on_ports_changed (GListModel      *model,
                  guint            position,
                  guint            removed,
                  guint            added,
                  VigilDevicePage *self)
{
  rebuild_rows (self);
}

/* Save */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilDevicePage *self = VIGIL_DEVICE_PAGE (widget);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) specs = NULL;
  guint n = 0;

  /* A test holds its port open: the monitor is about to open it. */
  vigil_device_page_stop_tests (self);

  for (guint i = 0; i < self->rows->len; i++)
    {
      PortRow *row = g_ptr_array_index (self->rows, i);
      Assignment *assignment = g_hash_table_lookup (self->assignments, row->key);
      g_autoptr(VigilDeviceSpec) spec = NULL;

      if (assignment == NULL || assignment->protocol == NULL)
        continue;

      g_autofree char *text = NULL;

      spec = vigil_device_spec_new (assignment->protocol, row->key, assignment->baud);
      text = vigil_device_spec_to_string (spec);
      g_strv_builder_add (builder, text);
      n++;
    }
  specs = g_strv_builder_end (builder);

  if (self->settings == NULL)
    {
      set_message (self, _("Cannot save: this window has no settings."));
      return;
    }

  if (!g_settings_set_strv (self->settings, "devices", (const char * const *) specs))
    {
      set_message (self, _("Cannot save the devices: the settings are read-only (set by the administrator)."));
      return;
    }

  if (gtk_widget_activate_action (widget, "app.apply-devices", NULL))
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Saved %u device. It starts now.",
                                                          "Saved %u devices. They start now.", n),
                                               n);

      set_message (self, n > 0 ? text : _("Saved: no devices are used."));
    }
  else
    set_message (self, _("Saved. Restart Vigil to use the new devices."));
}

/* Settings */

static void
load_settings (VigilDevicePage *self)
{
  g_auto(GStrv) specs = NULL;

  g_hash_table_remove_all (self->assignments);
  if (self->settings != NULL)
    {
      specs = g_settings_get_strv (self->settings, "devices");
      for (guint i = 0; specs[i] != NULL; i++)
        {
          g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_parse (specs[i], NULL);
          Assignment *assignment;

          if (spec == NULL || vigil_protocol_lookup (spec->protocol) == NULL)
            continue;

          assignment = ensure_assignment (self, spec->path);
          g_free (assignment->protocol);
          assignment->protocol = g_strdup (spec->protocol);
          assignment->baud = spec->baud;
        }
    }
  rebuild_rows (self);
}

void
vigil_device_page_set_settings (VigilDevicePage *self,
                                GSettings       *settings)
{
  g_return_if_fail (VIGIL_IS_DEVICE_PAGE (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings))
    return;
  load_settings (self);
}

/**
 * vigil_device_page_set_clock:
 *
 * The clock the test links run on (the monitor's); without one the page
 * uses a real-time clock.
 */
void
vigil_device_page_set_clock (VigilDevicePage *self,
                             VigilClock      *clock)
{
  g_return_if_fail (VIGIL_IS_DEVICE_PAGE (self));
  g_return_if_fail (clock == NULL || VIGIL_IS_CLOCK (clock));

  g_set_object (&self->clock, clock);
}

/**
 * vigil_device_page_set_monitor:
 *
 * The monitor whose ports "Test link" leaves alone.
 */
void
vigil_device_page_set_monitor (VigilDevicePage *self,
                               VigilMonitor    *monitor)
{
  g_return_if_fail (VIGIL_IS_DEVICE_PAGE (self));
  g_return_if_fail (monitor == NULL || VIGIL_IS_MONITOR (monitor));

  g_set_object (&self->monitor, monitor);
}

VigilPortList *
vigil_device_page_get_port_list (VigilDevicePage *self)
{
  g_return_val_if_fail (VIGIL_IS_DEVICE_PAGE (self), NULL);
  return self->ports;
}

/**
 * vigil_device_page_get_row_widget:
 * @path: a port's path, its stable path, or a saved path
 * @part: "row", "protocol", "baud", "test" or "status"
 *
 * Returns: (transfer none) (nullable): that part of the port's row
 */
GtkWidget *
vigil_device_page_get_row_widget (VigilDevicePage *self,
                                  const char      *path,
                                  const char      *part)
{
  PortRow *row;

  g_return_val_if_fail (VIGIL_IS_DEVICE_PAGE (self), NULL);
  g_return_val_if_fail (path != NULL && part != NULL, NULL);

  row = find_row (self, path);
  if (row == NULL)
    return NULL;
  if (g_str_equal (part, "row"))
    return row->row;
  if (g_str_equal (part, "protocol"))
    return row->protocol;
  if (g_str_equal (part, "baud"))
    return row->baud;
  if (g_str_equal (part, "test"))
    return row->test_button;
  if (g_str_equal (part, "status"))
    return row->status;
  return NULL;
}

/**
 * vigil_device_page_get_status:
 *
 * Returns: what the port's row says about its link ("" when nothing)
 */
const char *
vigil_device_page_get_status (VigilDevicePage *self,
                              const char      *path)
{
  PortRow *row;

  g_return_val_if_fail (VIGIL_IS_DEVICE_PAGE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  row = find_row (self, path);
  return row != NULL ? gtk_label_get_label (GTK_LABEL (row->status)) : NULL;
}

/* The line beside Save ("Saved 1 device…"). */
const char *
vigil_device_page_get_message (VigilDevicePage *self)
{
  g_return_val_if_fail (VIGIL_IS_DEVICE_PAGE (self), NULL);
  return self->message != NULL ? self->message : "";
}

static void
vigil_device_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vigil_device_page_parent_class)->map (widget);

  /* Hot-plug is watched only while someone looks. */
  vigil_port_list_set_watching (VIGIL_DEVICE_PAGE (widget)->ports, TRUE);
}

static void
vigil_device_page_unmap (GtkWidget *widget)
{
  /* Leaving the page ends every test: it must not hold a port. */
  vigil_device_page_stop_tests (VIGIL_DEVICE_PAGE (widget));
  vigil_port_list_set_watching (VIGIL_DEVICE_PAGE (widget)->ports, FALSE);

  GTK_WIDGET_CLASS (vigil_device_page_parent_class)->unmap (widget);
}

static void
vigil_device_page_dispose (GObject *object)
{
  VigilDevicePage *self = VIGIL_DEVICE_PAGE (object);
  GtkWidget *child;

  if (self->tests != NULL)
    g_hash_table_remove_all (self->tests);
  if (self->ports != NULL)
    g_signal_handlers_disconnect_by_data (self->ports, self);
  g_clear_object (&self->ports);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_DEVICE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vigil_device_page_parent_class)->dispose (object);
}

static void
vigil_device_page_finalize (GObject *object)
{
  VigilDevicePage *self = VIGIL_DEVICE_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->assignments, g_hash_table_unref);
  g_clear_pointer (&self->tests, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->message);

  G_OBJECT_CLASS (vigil_device_page_parent_class)->finalize (object);
}

static void
vigil_device_page_class_init (VigilDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_device_page_dispose;
  object_class->finalize = vigil_device_page_finalize;
  widget_class->map = vigil_device_page_map;
  widget_class->unmap = vigil_device_page_unmap;

  gtk_widget_class_install_action (widget_class, "device-page.test-link", "s", test_link_action);
  gtk_widget_class_install_action (widget_class, "device-page.save", NULL, save_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-device-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDevicePage, port_rows);
  gtk_widget_class_bind_template_child (widget_class, VigilDevicePage, message_label);
}

static void
vigil_device_page_init (VigilDevicePage *self)
{
  GtkWidget *placeholder;

  self->assignments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, assignment_free);
  self->tests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, test_link_free);
  self->rows = g_ptr_array_new_with_free_func (port_row_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No serial ports found. Plug in the device’s USB serial adapter: it appears here within a few seconds."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "device-placeholder");
  gtk_list_box_set_placeholder (self->port_rows, placeholder);

  self->ports = vigil_port_list_new ();
  vigil_port_list_set_watching (self->ports, FALSE);
  g_signal_connect (self->ports, "items-changed", G_CALLBACK (on_ports_changed), self);
  rebuild_rows (self);
}
