/* vigil-alarm-log-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The log as the database holds it — not as the engine remembers it — so
 * what a nurse reviews here is exactly what survives a crash.
 */
#include "vigil-alarm-log-page.h"

#include <glib/gi18n.h>
#include <math.h>

#define MAX_ROWS 500

/* The kind filter's choices, in the drop-down's order. */
static const struct {
  const char *label;
  guint       kinds;
} kind_choices[] = {
  { N_("All entries"), 0 },
  { N_("Alarms"), VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_START)
                  | VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_END)
                  | VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_ESCALATE) },
  { N_("Staff actions"), VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_ACKNOWLEDGE)
                         | VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_AUDIO_PAUSE)
                         | VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_AUDIO_RESUME)
                         | VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_RESET) },
  { N_("Limit changes"), VIGIL_STORE_KIND_BIT (VIGIL_ALARM_LOG_LIMIT_CHANGE) },
};

struct _VigilAlarmLogPage
{
  GtkWidget    parent_instance;

  VigilStore  *store;
  gint64       session_id;
  GPtrArray   *rows_text;

  /* template children */
  GtkDropDown *condition_filter;
  GtkDropDown *kind_filter;
  GtkLabel    *count_label;
  GtkListBox  *list;
};

G_DEFINE_FINAL_TYPE (VigilAlarmLogPage, vigil_alarm_log_page, GTK_TYPE_WIDGET)

static const char *
priority_class (VigilAlarmPriority priority)
{
  switch (priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:
      return "high";
    case VIGIL_ALARM_PRIORITY_MEDIUM:
      return "medium";
    case VIGIL_ALARM_PRIORITY_LOW:
      return "low";
    case VIGIL_ALARM_PRIORITY_NONE:
    default:
      return "none";
    }
}

static char *
describe (const VigilAlarmLogEntry *entry)
{
  const VigilAlarmInfo *info = vigil_alarm_get_info (entry->id);

  if (entry->kind == VIGIL_ALARM_LOG_LIMIT_CHANGE)
    return g_strdup_printf (_("%s limit %g → %g"), _(info->title), entry->old_limit, entry->limit);
  if (entry->message != NULL && *entry->message != '\0')
    return g_strdup (entry->message);
  return g_strdup (_(info->title));
}

static GtkWidget *
make_label (const char *text,
            const char *css_class,
            int         width_chars)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (width_chars > 0)
    gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
make_row (VigilAlarmLogPage        *self,
          const VigilAlarmLogEntry *entry)
{
  const VigilAlarmInfo *info = vigil_alarm_get_info (entry->id);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->wall_us / G_USEC_PER_SEC);
  g_autofree char *time_text = g_date_time_format (when, "%H:%M:%S");
  g_autofree char *what = describe (entry);
  const char *marker = vigil_alarm_priority_get_marker (entry->priority);
  const char *who = entry->who != NULL ? entry->who : "";
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *message;

  gtk_widget_add_css_class (box, "log-row");
  gtk_widget_add_css_class (box, priority_class (entry->priority));
  gtk_box_append (GTK_BOX (box), make_label (time_text, "numeric", 9));
  gtk_box_append (GTK_BOX (box), make_label (marker, "marker", 4));
  gtk_box_append (GTK_BOX (box), make_label (info->code, "code", 4));
  message = make_label (what, "message", 0);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (message), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (box), make_label (vigil_alarm_log_kind_to_label (entry->kind), "kind", 14));
  gtk_box_append (GTK_BOX (box), make_label (who, "who", 12));

  g_ptr_array_add (self->rows_text,
                   g_strdup_printf ("%s %s %s %s — %s%s%s", time_text, marker, info->code,
                                    what, vigil_alarm_log_kind_to_label (entry->kind),
                                    *who != '\0' ? " — " : "", who));
  return box;
}

/**
 * vigil_alarm_log_page_refresh:
 *
 * Reloads the newest entries that match the filters from the database.
 */
void
vigil_alarm_log_page_refresh (VigilAlarmLogPage *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  VigilStoreAlarmFilter filter;
  guint condition, kind;
  GtkWidget *child;

  g_return_if_fail (VIGIL_IS_ALARM_LOG_PAGE (self));


  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->rows_text, 0);
  if (self->store == NULL)
    {
      gtk_label_set_label (self->count_label, _("The alarm log is not available: no database is open."));
      return;
    }

  vigil_store_alarm_filter_init (&filter);
  filter.session_id = self->session_id;
  filter.limit = MAX_ROWS;
  condition = gtk_drop_down_get_selected (self->condition_filter);
  filter.condition = condition == 0 || condition == GTK_INVALID_LIST_POSITION
                     ? VIGIL_STORE_ALL_CONDITIONS : (int) condition - 1;
  kind = gtk_drop_down_get_selected (self->kind_filter);
  filter.kinds = kind < G_N_ELEMENTS (kind_choices) ? kind_choices[kind].kinds : 0;

  entries = vigil_store_list_alarms (self->store, &filter, &error);
  if (entries == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The alarm log cannot be read: %s"), error->message);
      gtk_label_set_label (self->count_label, text);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (entries, i)));

  if (entries->len == 0)
    count = g_strdup (_("No entries"));
  else if (entries->len >= MAX_ROWS)
    count = g_strdup_printf (_("The newest %u entries"), entries->len);
  else
    count = g_strdup_printf (ngettext ("%u entry", "%u entries", entries->len), entries->len);
  gtk_label_set_label (self->count_label, count);
}

void
vigil_alarm_log_page_set_store (VigilAlarmLogPage *self,
                                VigilStore        *store,
                                gint64             session_id)
{
  g_return_if_fail (VIGIL_IS_ALARM_LOG_PAGE (self));
  g_return_if_fail (store == NULL || VIGIL_IS_STORE (store));

  g_set_object (&self->store, store);
  self->session_id = session_id;
  vigil_alarm_log_page_refresh (self);
}

/* @condition: a VigilAlarmId, or -1 for every condition. */
void
vigil_alarm_log_page_set_condition (VigilAlarmLogPage *self,
                                    int                condition)
{
  g_return_if_fail (VIGIL_IS_ALARM_LOG_PAGE (self));
  g_return_if_fail (condition >= -1 && condition < VIGIL_N_ALARMS);

  gtk_drop_down_set_selected (self->condition_filter, (guint) (condition + 1));
}

guint
vigil_alarm_log_page_get_n_rows (VigilAlarmLogPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_LOG_PAGE (self), 0);
  return self->rows_text->len;
}

/* A row as one line of text, for tests and screen readers. */
char *
vigil_alarm_log_page_get_row_text (VigilAlarmLogPage *self,
                                   guint              index)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_LOG_PAGE (self), NULL);
  g_return_val_if_fail (index < self->rows_text->len, NULL);
  return g_strdup (g_ptr_array_index (self->rows_text, index));
}

static void
on_filter_changed (GtkDropDown       *drop_down,
                   GParamSpec        *pspec,
                   VigilAlarmLogPage *self)
{
  vigil_alarm_log_page_refresh (self);
}

static void
vigil_alarm_log_page_dispose (GObject *object)
{
  VigilAlarmLogPage *self = VIGIL_ALARM_LOG_PAGE (object);

  g_clear_object (&self->store);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_ALARM_LOG_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vigil_alarm_log_page_parent_class)->dispose (object);
}

static void
vigil_alarm_log_page_finalize (GObject *object)
{
  VigilAlarmLogPage *self = VIGIL_ALARM_LOG_PAGE (object);

  g_ptr_array_unref (self->rows_text);

  G_OBJECT_CLASS (vigil_alarm_log_page_parent_class)->finalize (object);
}

static void
vigil_alarm_log_page_class_init (VigilAlarmLogPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_alarm_log_page_dispose;
  object_class->finalize = vigil_alarm_log_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-alarm-log-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-alarm-log-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAlarmLogPage, condition_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilAlarmLogPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilAlarmLogPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlarmLogPage, list);
}

static void
vigil_alarm_log_page_init (VigilAlarmLogPage *self)
{
  g_autoptr(GtkStringList) conditions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  self->rows_text = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (conditions, _("All conditions"));
  for (VigilAlarmId id = 0; id < VIGIL_N_ALARMS; id++)
    {
      const VigilAlarmInfo *info = vigil_alarm_get_info (id);
      g_autofree char *text = g_strdup_printf ("%s %s", info->code, _(info->title));

      gtk_string_list_append (conditions, text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kind_choices); i++)
    gtk_string_list_append (kinds, _(kind_choices[i].label));

  gtk_drop_down_set_model (self->condition_filter, G_LIST_MODEL (conditions));
  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (kinds));
  g_signal_connect (self->condition_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->kind_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
}
