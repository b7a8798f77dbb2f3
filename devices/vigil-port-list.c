/* vigil-port-list.c — the serial ports present now, kept up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of VigilPortInfo, sorted by path. libserialport enumerates
 * the real ports (sp_list_ports, with USB descriptions and ids; 0.1.1 API
 * only); /dev/serial/by-id gives each USB adapter its stable name. Paths
 * added by hand (a simulator's pty, a symlink udev rules made) are listed
 * while they exist: libserialport neither lists nor opens pseudo-terminals.
 *
 * Hot-plug without udev: the list is refreshed every two seconds (sysfs
 * reads, a few milliseconds), and only the rows that changed are signalled,
 * so a list view keeps its selection and scroll position.
 */
#include "vigil-port-list.h"

#include <glib/gi18n-lib.h>
#include <libserialport.h>
#include <stdlib.h>
#include <string.h>

struct _VigilPortList
{
  GObject     parent_instance;

  GPtrArray  *items;          /* VigilPortInfo, sorted by path */
  GPtrArray  *manual_paths;   /* char *, in the order added */
  char       *by_id_dir;
  guint       interval_ms;
  gboolean    enumerate;
  guint       timeout_id;
  guint       refresh_count;
};

static void vigil_port_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilPortList, vigil_port_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, vigil_port_list_model_init))

enum {
  PROP_0,
  PROP_REFRESH_INTERVAL,
  PROP_BY_ID_DIR,
  PROP_ENUMERATE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel */

static GType
vigil_port_list_get_item_type (GListModel *model)
{
  return VIGIL_TYPE_PORT_INFO;
}

static guint
vigil_port_list_get_n_items (GListModel *model)
{
  return VIGIL_PORT_LIST (model)->items->len;
}

static gpointer
vigil_port_list_get_item (GListModel *model,
                          guint       position)
{
  VigilPortList *self = VIGIL_PORT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
vigil_port_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vigil_port_list_get_item_type;
  iface->get_n_items = vigil_port_list_get_n_items;
  iface->get_item = vigil_port_list_get_item;
}

/* Enumeration */

static VigilPortTransport
transport_of (enum sp_transport transport)
{
  switch (transport)
    {
    case SP_TRANSPORT_USB:
      return VIGIL_PORT_TRANSPORT_USB;
    case SP_TRANSPORT_BLUETOOTH:
      return VIGIL_PORT_TRANSPORT_BLUETOOTH;
    case SP_TRANSPORT_NATIVE:
    default:
      return VIGIL_PORT_TRANSPORT_NATIVE;
    }
}

static void
enumerate_serialport (VigilPortList *self,
                      GPtrArray     *found)
{
  struct sp_port **ports = NULL;

  if (sp_list_ports (&ports) != SP_OK)
    {
      char *message = sp_last_error_message ();

      /* No ports at all is not an error; a failure is logged once a
       * refresh and the list keeps the hand-added paths. */
      g_debug ("Listing serial ports failed: %s", message != NULL ? message : "unknown error");
      sp_free_error_message (message);
      return;
    }

  for (guint i = 0; ports != NULL && ports[i] != NULL; i++)
    {
      struct sp_port *port = ports[i];
      const char *name = sp_get_port_name (port);
      enum sp_transport transport;
      VigilPortInfo *info;

      if (name == NULL)
        continue;

      transport = sp_get_port_transport (port);
      info = vigil_port_info_new (name, transport_of (transport));
      vigil_port_info_set_description (info, sp_get_port_description (port));
      if (transport == SP_TRANSPORT_USB)
        {
          int vid = -1, pid = -1;

          if (sp_get_port_usb_vid_pid (port, &vid, &pid) != SP_OK)
            vid = pid = -1;
          vigil_port_info_set_usb (info, vid, pid,
                                   sp_get_port_usb_serial (port),
                                   sp_get_port_usb_manufacturer (port),
                                   sp_get_port_usb_product (port));
        }
      g_ptr_array_add (found, info);
    }

  sp_free_port_list (ports);
}

static gboolean
is_listed (GPtrArray  *found,
           const char *path)
{
  for (guint i = 0; i < found->len; i++)
    if (vigil_port_info_matches_path (g_ptr_array_index (found, i), path))
      return TRUE;
  return FALSE;
}

static void
add_manual_paths (VigilPortList *self,
                  GPtrArray     *found)
{
  for (guint i = 0; i < self->manual_paths->len; i++)
    {
      const char *path = g_ptr_array_index (self->manual_paths, i);
      g_autofree char *real = NULL;
      VigilPortInfo *info;
      gboolean pseudo;

      /* Follows links: a dangling link (a closed pty) is gone. */
      if (!g_file_test (path, G_FILE_TEST_EXISTS) || is_listed (found, path))
        continue;

      real = realpath (path, NULL);
      pseudo = real != NULL && g_str_has_prefix (real, "/dev/pts/");
      info = vigil_port_info_new (path, pseudo ? VIGIL_PORT_TRANSPORT_PSEUDO
                                               : VIGIL_PORT_TRANSPORT_NATIVE);
      vigil_port_info_set_manual (info, TRUE);
      if (pseudo)
        vigil_port_info_set_description (info, _("Pseudo-terminal (simulator or test)"));
      else if (real != NULL && g_strcmp0 (real, path) != 0)
        {
          g_autofree char *text = g_strdup_printf (_("Link to %s"), real);

          vigil_port_info_set_description (info, text);
        }
      g_ptr_array_add (found, info);
    }
}

/* Gives each port the /dev/serial/by-id link that points at it. */
static void
add_stable_paths (VigilPortList *self,
                  GPtrArray     *found)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GHashTable) links = NULL;   /* real path → link */
  const char *name;

  if (self->by_id_dir == NULL || found->len == 0)
    return;

  dir = g_dir_open (self->by_id_dir, 0, NULL);
  if (dir == NULL)
    return;

  links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (self->by_id_dir, name, NULL);
      char *real = realpath (link, NULL);

      if (real == NULL)
        continue;
      /* Several links to one port: keep the first in name order. */
      if (!g_hash_table_contains (links, real)
          || strcmp (link, g_hash_table_lookup (links, real)) < 0)
        g_hash_table_insert (links, real, g_steal_pointer (&link));
      else
        free (real);
    }

  for (guint i = 0; i < found->len; i++)
    {
      VigilPortInfo *info = g_ptr_array_index (found, i);
      g_autofree char *real = realpath (vigil_port_info_get_path (info), NULL);
      const char *link;

      if (real == NULL)
        continue;
      link = g_hash_table_lookup (links, real);
      if (link != NULL && g_strcmp0 (link, vigil_port_info_get_path (info)) != 0)
        vigil_port_info_set_stable_path (info, link);
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  VigilPortInfo *info_a = *(VigilPortInfo * const *) a;
  VigilPortInfo *info_b = *(VigilPortInfo * const *) b;

  return g_strcmp0 (vigil_port_info_get_path (info_a), vigil_port_info_get_path (info_b));
}

/* Replaces the items by @found (sorted), signalling only what changed. */
static void
merge (VigilPortList *self,
       GPtrArray     *found)
{
  guint old_len = self->items->len;
  guint pos = 0, j = 0;

  while (pos < self->items->len || j < found->len)
    {
      VigilPortInfo *old = pos < self->items->len ? g_ptr_array_index (self->items, pos) : NULL;
      VigilPortInfo *new = j < found->len ? g_ptr_array_index (found, j) : NULL;
      int cmp;

      if (old == NULL)
        cmp = 1;
      else if (new == NULL)
        cmp = -1;
      else
        cmp = g_strcmp0 (vigil_port_info_get_path (old), vigil_port_info_get_path (new));

      if (cmp == 0 && vigil_port_info_equal (old, new))
        {
          pos++;
          j++;
        }
      else if (cmp == 0)
        {
          g_ptr_array_index (self->items, pos) = g_object_ref (new);
          g_object_unref (old);
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
          pos++;
          j++;
        }
      else if (cmp < 0)
        {
          g_ptr_array_remove_index (self->items, pos);
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
        }
      else
        {
          g_ptr_array_insert (self->items, pos, g_object_ref (new));
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
          pos++;
          j++;
        }
    }

  if (self->items->len != old_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * vigil_port_list_refresh:
 *
 * Lists the ports again now (the list also does so on its own every
 * refresh-interval).
 */
void
vigil_port_list_refresh (VigilPortList *self)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (VIGIL_IS_PORT_LIST (self));

  if (self->enumerate)
    enumerate_serialport (self, found);
  add_manual_paths (self, found);
  add_stable_paths (self, found);
  g_ptr_array_sort (found, compare_paths);

  /* Two entries for one node (sp lists it, and a link to it was added by
   * hand) were already folded by add_manual_paths. */
  merge (self, found);
  self->refresh_count++;
}

static gboolean
refresh_timeout (gpointer data)
{
  vigil_port_list_refresh (VIGIL_PORT_LIST (data));
  return G_SOURCE_CONTINUE;
}

/**
 * vigil_port_list_set_watching:
 * @watching: %TRUE to list the ports again every refresh-interval (and
 *   once now), %FALSE to stop until asked again
 *
 * A page nobody looks at need not read sysfs every two seconds.
 */
void
vigil_port_list_set_watching (VigilPortList *self,
                              gboolean       watching)
{
  g_return_if_fail (VIGIL_IS_PORT_LIST (self));

  if (!watching)
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      return;
    }
  if (self->timeout_id != 0 || self->interval_ms == 0)
    return;
  vigil_port_list_refresh (self);
  self->timeout_id = g_timeout_add (self->interval_ms, refresh_timeout, self);
}

static void
vigil_port_list_constructed (GObject *object)
{
  VigilPortList *self = VIGIL_PORT_LIST (object);

  G_OBJECT_CLASS (vigil_port_list_parent_class)->constructed (object);

  vigil_port_list_refresh (self);
  if (self->interval_ms > 0)
    self->timeout_id = g_timeout_add (self->interval_ms, refresh_timeout, self);
}

static void
vigil_port_list_dispose (GObject *object)
{
  VigilPortList *self = VIGIL_PORT_LIST (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (vigil_port_list_parent_class)->dispose (object);
}

static void
vigil_port_list_finalize (GObject *object)
{
  VigilPortList *self = VIGIL_PORT_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->manual_paths, g_ptr_array_unref);
  g_clear_pointer (&self->by_id_dir, g_free);

  G_OBJECT_CLASS (vigil_port_list_parent_class)->finalize (object);
}

static void
vigil_port_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilPortList *self = VIGIL_PORT_LIST (object);

  switch (prop_id)
    {
    case PROP_REFRESH_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_BY_ID_DIR:
      g_value_set_string (value, self->by_id_dir);
      break;
    case PROP_ENUMERATE:
      g_value_set_boolean (value, self->enumerate);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_port_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilPortList *self = VIGIL_PORT_LIST (object);

  switch (prop_id)
    {
    case PROP_REFRESH_INTERVAL:
      self->interval_ms = g_value_get_uint (value);
      break;
    case PROP_BY_ID_DIR:
      g_free (self->by_id_dir);
      self->by_id_dir = g_value_dup_string (value);
      break;
    case PROP_ENUMERATE:
      self->enumerate = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_port_list_class_init (VigilPortListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_port_list_constructed;
  object_class->dispose = vigil_port_list_dispose;
  object_class->finalize = vigil_port_list_finalize;
  object_class->get_property = vigil_port_list_get_property;
  object_class->set_property = vigil_port_list_set_property;

  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL,
                       "How often the ports are listed again, ms; 0 only on refresh()",
                       0, G_MAXUINT, VIGIL_PORT_LIST_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BY_ID_DIR] =
    g_param_spec_string ("by-id-dir", NULL,
                         "Where the stable links to USB serial adapters are",
                         VIGIL_PORT_LIST_DEFAULT_BY_ID_DIR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENUMERATE] =
    g_param_spec_boolean ("enumerate", NULL,
                          "Whether the system's ports are listed (else only hand-added paths)",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_port_list_init (VigilPortList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->manual_paths = g_ptr_array_new_with_free_func (g_free);
  self->interval_ms = VIGIL_PORT_LIST_DEFAULT_INTERVAL_MS;
  self->by_id_dir = g_strdup (VIGIL_PORT_LIST_DEFAULT_BY_ID_DIR);
  self->enumerate = TRUE;
}

/**
 * vigil_port_list_new:
 *
 * Returns: (transfer full): the ports present now, listed again every
 *   two seconds while the list exists
 */
VigilPortList *
vigil_port_list_new (void)
{
  return g_object_new (VIGIL_TYPE_PORT_LIST, NULL);
}

static gboolean
has_manual_path (VigilPortList *self,
                 const char    *path,
                 guint         *index)
{
  for (guint i = 0; i < self->manual_paths->len; i++)
    if (g_str_equal (g_ptr_array_index (self->manual_paths, i), path))
      {
        if (index != NULL)
          *index = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * vigil_port_list_add_path:
 * @path: a pty, a symlink, a port the enumeration does not see
 *
 * Lists @path whenever it exists, from now on. Refreshes at once.
 */
void
vigil_port_list_add_path (VigilPortList *self,
                          const char    *path)
{
  g_return_if_fail (VIGIL_IS_PORT_LIST (self));
  g_return_if_fail (path != NULL && *path != '\0');

  if (!has_manual_path (self, path, NULL))
    g_ptr_array_add (self->manual_paths, g_strdup (path));
  vigil_port_list_refresh (self);
}

void
vigil_port_list_remove_path (VigilPortList *self,
                             const char    *path)
{
  guint index;

  g_return_if_fail (VIGIL_IS_PORT_LIST (self));
  g_return_if_fail (path != NULL);

  if (has_manual_path (self, path, &index))
    {
      g_ptr_array_remove_index (self->manual_paths, index);
      vigil_port_list_refresh (self);
    }
}

/**
 * vigil_port_list_find:
 * @path: a port's path, its stable link or any link to it
 *
 * Returns: (transfer none) (nullable): the listed port @path names, or
 *   %NULL when it is not present
 */
VigilPortInfo *
vigil_port_list_find (VigilPortList *self,
                      const char    *path)
{
  g_return_val_if_fail (VIGIL_IS_PORT_LIST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      VigilPortInfo *info = g_ptr_array_index (self->items, i);

      if (vigil_port_info_matches_path (info, path))
        return info;
    }
  return NULL;
}

/* How many times the ports were listed: for tests of the timer. */
guint
vigil_port_list_get_refresh_count (VigilPortList *self)
{
  g_return_val_if_fail (VIGIL_IS_PORT_LIST (self), 0);
  return self->refresh_count;
}
