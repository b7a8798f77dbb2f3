/* vigil-admin-page.c — staff, clinic configuration and bedside settings, for admins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three things an admin looks after, side by side so a glance shows all:
 * the staff roster (add a person, reset a PIN, remove a person in two
 * steps so a stray tap cannot do it), the clinic configuration file as it
 * was read (with every value that could not be used, and an export of what
 * is in effect), and the bedside's own settings (GSettings).
 *
 * Every change goes through VigilStaff, which audits it under the person
 * who unlocked the page; settings changes are audited here as
 * "settings-changed" with "key=value". Without an unlocked admin the page
 * shows one line and nothing that can be changed, and its actions are
 * disabled.
 */
#include "vigil-admin-page.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#define NO_ROW (-1)

typedef struct
{
  gint64     id;
  char      *name;
  GtkWidget *row;
  GtkWidget *reset_button;
  GtkWidget *remove_button;
  GtkWidget *reset_box;
  GtkWidget *pin_entry;
  GtkWidget *confirm_entry;
  GtkWidget *set_pin_button;
  GtkWidget *confirm_box;
  GtkWidget *confirm_remove_button;
  GtkWidget *status;
} StaffRow;

struct _VigilAdminPage
{
  GtkWidget          parent_instance;

  VigilStaff        *staff;
  VigilClinicConfig *config;
  GSettings         *settings;
  VigilStaffMember  *person;        /* a copy; NULL: locked */
  char              *export_dir;    /* NULL: the default */
  char              *export_path;   /* the last file written */
  GPtrArray         *rows;          /* StaffRow */
  gint64             resetting_id;  /* the row showing the new-PIN form */
  gint64             removing_id;   /* the row asking to confirm a removal */

  /* template children */
  GtkStack          *stack;
  GtkLabel          *who_label;
  GtkListBox        *roster;
  GtkEditable       *name_entry;
  GtkToggleButton   *nurse_toggle;
  GtkToggleButton   *admin_toggle;
  GtkEditable       *pin_entry;
  GtkEditable       *confirm_entry;
  GtkLabel          *staff_message;
  GtkLabel          *config_files_label;
  GtkBox            *problems_box;
  GtkLabel          *export_status;
  GtkEditable       *night_start_entry;
  GtkEditable       *night_end_entry;
  GtkLabel          *night_message;
  GtkLabel          *lock_after_note;
  GtkLabel          *audio_pause_note;
  GtkLabel          *settings_message;
};

enum {
  PROP_0,
  PROP_LANGUAGE,
  PROP_NIGHT_MODE,
  PROP_REQUIRE_PIN,
  PROP_LOCK_AFTER_S,
  PROP_AUDIO_PAUSE_S,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The settings keys behind the properties, by property id. */
static const char * const setting_keys[N_PROPS] = {
  [PROP_LANGUAGE] = "language",
  [PROP_NIGHT_MODE] = "night-mode",
  [PROP_REQUIRE_PIN] = "require-pin",
  [PROP_LOCK_AFTER_S] = "lock-after-s",
  [PROP_AUDIO_PAUSE_S] = "audio-pause-s",
};

static const char * const staff_actions[] = {
  "admin-page.add-person",
  "admin-page.reset-pin",
  "admin-page.set-pin",
  "admin-page.remove",
  "admin-page.confirm-remove",
  "admin-page.cancel-row",
};

static const char * const settings_actions[] = {
  "admin-page.language",
  "admin-page.night-mode",
  "admin-page.require-pin",
  "admin-page.lock-after-s",
  "admin-page.audio-pause-s",
  "admin-page.set-night-times",
};

G_DEFINE_FINAL_TYPE (VigilAdminPage, vigil_admin_page, GTK_TYPE_WIDGET)

static void rebuild_roster (VigilAdminPage *self);

static void
staff_row_free (gpointer data)
{
  StaffRow *row = data;

  g_free (row->name);
  g_free (row);
}

static StaffRow *
find_row (VigilAdminPage *self,
          gint64          id)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      StaffRow *row = g_ptr_array_index (self->rows, i);

      if (row->id == id)
        return row;
    }
  return NULL;
}

/* An admin is unlocked, and there is a roster to audit under. */
static gboolean
is_unlocked (VigilAdminPage *self)
{
  return self->person != NULL
         && self->staff != NULL
         && vigil_staff_role_allows (self->person->role, VIGIL_STAFF_PRIVILEGE_STAFF)
         && vigil_staff_role_allows (self->person->role, VIGIL_STAFF_PRIVILEGE_SETTINGS);
}

static void
show_message (GtkLabel   *label,
              const char *text,
              gboolean    problem)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (label), "problem");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "problem");
}

static void
clear_entry (GtkEditable *editable)
{
  if (editable != NULL)
    gtk_editable_set_text (editable, "");
}

/* PINs do not stay in entries once they are used, or the page is locked
 * or left. */
static void
clear_pins (VigilAdminPage *self)
{
  clear_entry (self->pin_entry);
  clear_entry (self->confirm_entry);
  for (guint i = 0; i < self->rows->len; i++)
    {
      StaffRow *row = g_ptr_array_index (self->rows, i);

      clear_entry (GTK_EDITABLE (row->pin_entry));
      clear_entry (GTK_EDITABLE (row->confirm_entry));
    }
}

static void
update_enabled (VigilAdminPage *self)
{
  gboolean unlocked = is_unlocked (self);

  for (guint i = 0; i < G_N_ELEMENTS (staff_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), staff_actions[i], unlocked);
  for (guint i = 0; i < G_N_ELEMENTS (settings_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), settings_actions[i],
                                   unlocked && self->settings != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin-page.export",
                                 unlocked && self->config != NULL);

  gtk_stack_set_visible_child_name (self->stack, unlocked ? "admin" : "locked");
}

/* Audit */

static gboolean
audit (VigilAdminPage *self,
       const char     *action,
       const char     *detail,
       GError        **error)
{
  g_assert (is_unlocked (self));
  return vigil_staff_audit (self->staff, self->person, action, detail, error);
}

/* Staff */

static const char *
role_css_class (VigilStaffRole role)
{
  return role == VIGIL_STAFF_ROLE_ADMIN ? "admin" : "nurse";
}

/* @enabled FALSE: shown but inert, and with no action at all (an action
 * would make it sensitive again). */
static GtkWidget *
row_button (const char *label,
            const char *css_class,
            const char *action,
            gint64      id,
            gboolean    enabled)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, css_class);
  if (enabled)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
    }
  else
    gtk_widget_set_sensitive (button, FALSE);
  return button;
}

static GtkWidget *
pin_entry_new (const char *placeholder,
               const char *css_class)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PIN);
  gtk_entry_set_max_length (GTK_ENTRY (entry), VIGIL_STAFF_PIN_MAX_DIGITS);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 7);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_add_css_class (entry, css_class);
  return entry;
}

static void
add_row (VigilAdminPage         *self,
         const VigilStaffMember *member)
{
  StaffRow *row = g_new0 (StaffRow, 1);
  gboolean is_self = self->person != NULL && self->person->id == member->id;
  gboolean resetting = self->resetting_id == member->id;
  gboolean removing = self->removing_id == member->id;
  GtkWidget *box, *line, *text, *name, *role, *cancel;
  g_autofree char *role_text = NULL;

  row->id = member->id;
  row->name = g_strdup (member->name);

  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_widget_add_css_class (row->row, "admin-staff-row");
  gtk_widget_add_css_class (row->row, role_css_class (member->role));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  name = gtk_label_new (member->name);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (name, member->name);
  gtk_widget_add_css_class (name, "staff-name");
  gtk_box_append (GTK_BOX (text), name);

  /* TRANSLATORS: a person's role in the roster, with "(you)" for the
   * admin who unlocked the page */
  role_text = is_self ? g_strdup_printf (_("%s (you)"), vigil_staff_role_to_label (member->role))
                      : g_strdup (vigil_staff_role_to_label (member->role));
  role = gtk_label_new (role_text);
  gtk_label_set_xalign (GTK_LABEL (role), 0);
  gtk_widget_add_css_class (role, "staff-role");
  gtk_widget_add_css_class (role, role_css_class (member->role));
  gtk_box_append (GTK_BOX (text), role);
  gtk_box_append (GTK_BOX (line), text);

  row->reset_button = row_button (_("Reset PIN"), "staff-reset", "admin-page.reset-pin", member->id,
                                  !resetting && !removing);
  gtk_box_append (GTK_BOX (line), row->reset_button);

  row->remove_button = row_button (_("Remove"), "staff-remove", "admin-page.remove", member->id,
                                   !resetting && !removing);
  gtk_box_append (GTK_BOX (line), row->remove_button);
  gtk_box_append (GTK_BOX (box), line);

  /* The new-PIN form, on its own line. */
  row->reset_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (row->reset_box, "staff-reset-form");
  row->pin_entry = pin_entry_new (_("New PIN"), "staff-new-pin");
  gtk_box_append (GTK_BOX (row->reset_box), row->pin_entry);
  row->confirm_entry = pin_entry_new (_("PIN again"), "staff-confirm-pin");
  gtk_box_append (GTK_BOX (row->reset_box), row->confirm_entry);
  cancel = row_button (_("Cancel"), "staff-cancel", "admin-page.cancel-row", member->id, TRUE);
  gtk_box_append (GTK_BOX (row->reset_box), cancel);
  row->set_pin_button = row_button (_("Set PIN"), "staff-set-pin", "admin-page.set-pin", member->id, TRUE);
  gtk_widget_add_css_class (row->set_pin_button, "suggested-action");
  gtk_box_append (GTK_BOX (row->reset_box), row->set_pin_button);
  gtk_widget_set_visible (row->reset_box, resetting);
  gtk_box_append (GTK_BOX (box), row->reset_box);

  /* The confirmation sits on the line below "Remove", not in its place,
   * so a double tap on "Remove" cannot confirm. */
  row->confirm_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (row->confirm_box, "staff-confirm-form");
  {
    g_autofree char *question = g_strdup_printf (_("Remove %s? They can no longer unlock Vigil."), member->name);
    GtkWidget *label = gtk_label_new (question);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_widget_add_css_class (label, "staff-confirm-question");
    gtk_box_append (GTK_BOX (row->confirm_box), label);
  }
  cancel = row_button (_("Keep"), "staff-cancel", "admin-page.cancel-row", member->id, TRUE);
  gtk_box_append (GTK_BOX (row->confirm_box), cancel);
  row->confirm_remove_button = row_button (_("Confirm remove"), "staff-confirm-remove",
                                           "admin-page.confirm-remove", member->id, TRUE);
  gtk_widget_add_css_class (row->confirm_remove_button, "destructive-action");
  gtk_box_append (GTK_BOX (row->confirm_box), row->confirm_remove_button);
  gtk_widget_set_visible (row->confirm_box, removing);
  gtk_box_append (GTK_BOX (box), row->confirm_box);

  row->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->status), 0);
  gtk_label_set_wrap (GTK_LABEL (row->status), TRUE);
  gtk_widget_add_css_class (row->status, "admin-message");
  gtk_widget_add_css_class (row->status, "staff-row-status");
  gtk_widget_set_visible (row->status, FALSE);
  gtk_box_append (GTK_BOX (box), row->status);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
  gtk_list_box_append (self->roster, row->row);
  g_ptr_array_add (self->rows, row);
}

static void
rebuild_roster (VigilAdminPage *self)
{
  GtkWidget *child;
  g_autoptr(GPtrArray) members = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->roster))) != NULL)
    gtk_list_box_remove (self->roster, child);
  g_ptr_array_set_size (self->rows, 0);

  if (self->staff == NULL || !is_unlocked (self))
    return;

  members = vigil_staff_list (self->staff);
  for (guint i = 0; i < members->len; i++)
    add_row (self, g_ptr_array_index (members, i));

  /* A row that went (removed elsewhere) leaves no half-open form. */
  if (find_row (self, self->resetting_id) == NULL)
    self->resetting_id = NO_ROW;
  if (find_row (self, self->removing_id) == NULL)
    self->removing_id = NO_ROW;
}

static void
update_who (VigilAdminPage *self)
{
  g_autofree char *text = NULL;

  if (self->person != NULL)
    /* TRANSLATORS: the audit log records changes under this person's name */
    text = g_strdup_printf (_("Changes are recorded under %s"), self->person->name);
  gtk_label_set_label (self->who_label, text != NULL ? text : "");
}

static VigilStaffRole
chosen_role (VigilAdminPage *self)
{
  return gtk_toggle_button_get_active (self->admin_toggle) ? VIGIL_STAFF_ROLE_ADMIN : VIGIL_STAFF_ROLE_NURSE;
}

static void
add_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);
  g_autofree char *name = NULL;
  const char *pin = gtk_editable_get_text (self->pin_entry);
  const char *confirm = gtk_editable_get_text (self->confirm_entry);
  VigilStaffRole role = chosen_role (self);
  g_autoptr(VigilStaffMember) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!is_unlocked (self))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (self->name_entry)));
  if (*name == '\0')
    {
      show_message (self->staff_message, _("Type the person’s name first."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }
  if (*pin == '\0')
    {
      show_message (self->staff_message, _("Choose a PIN for them: 4 to 12 digits, typed twice."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
      return;
    }
  if (!g_str_equal (pin, confirm))
    {
      show_message (self->staff_message, _("The PINs do not match. Type the same PIN in both boxes."), TRUE);
      clear_entry (self->pin_entry);
      clear_entry (self->confirm_entry);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
      return;
    }

  added = vigil_staff_add (self->staff, name, role, pin, self->person, &error);
  clear_entry (self->pin_entry);
  clear_entry (self->confirm_entry);
  if (added == NULL)
    {
      show_message (self->staff_message, error->message, TRUE);
      return;
    }

  clear_entry (self->name_entry);
  gtk_toggle_button_set_active (self->nurse_toggle, TRUE);
  rebuild_roster (self);

  text = role == VIGIL_STAFF_ROLE_ADMIN
           ? g_strdup_printf (_("Added %s as an admin."), added->name)
           : g_strdup_printf (_("Added %s as a nurse."), added->name);
  show_message (self->staff_message, text, FALSE);
}

static void
close_row_forms (VigilAdminPage *self)
{
  self->resetting_id = NO_ROW;
  self->removing_id = NO_ROW;
}

static void
reset_pin_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  StaffRow *row;

  if (!is_unlocked (self) || find_row (self, id) == NULL)
    return;

  close_row_forms (self);
  self->resetting_id = id;
  show_message (self->staff_message, NULL, FALSE);
  rebuild_roster (self);

  row = find_row (self, id);
  if (row != NULL)
    gtk_widget_grab_focus (row->pin_entry);
}

static void
set_pin_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  StaffRow *row = find_row (self, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  if (!is_unlocked (self) || row == NULL)
    return;

  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->pin_entry)));
  if (!g_str_equal (pin, gtk_editable_get_text (GTK_EDITABLE (row->confirm_entry))))
    {
      clear_entry (GTK_EDITABLE (row->pin_entry));
      clear_entry (GTK_EDITABLE (row->confirm_entry));
      show_message (GTK_LABEL (row->status), _("The PINs do not match. Type the same PIN in both boxes."), TRUE);
      gtk_widget_grab_focus (row->pin_entry);
      return;
    }

  if (!vigil_staff_set_pin (self->staff, id, pin, self->person, &error))
    {
      clear_entry (GTK_EDITABLE (row->pin_entry));
      clear_entry (GTK_EDITABLE (row->confirm_entry));
      show_message (GTK_LABEL (row->status), error->message, TRUE);
      return;
    }

  name = g_strdup (row->name);
  close_row_forms (self);
  rebuild_roster (self);
  text = g_strdup_printf (_("New PIN set for %s."), name);
  show_message (self->staff_message, text, FALSE);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (!is_unlocked (self) || find_row (self, id) == NULL)
    return;

  close_row_forms (self);
  show_message (self->staff_message, NULL, FALSE);

  /* Whoever is unlocked stays on the roster: the changes they make are
   * audited under them. */
  if (id == self->person->id)
    {
      rebuild_roster (self);
      show_message (GTK_LABEL (find_row (self, id)->status),
                    _("You are unlocked as this person. To remove them, lock Vigil and unlock as another admin."),
                    TRUE);
      return;
    }

  self->removing_id = id;
  rebuild_roster (self);
}

static void
confirm_remove_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  StaffRow *row = find_row (self, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  /* Only the second step of a removal that was asked for. */
  if (!is_unlocked (self) || row == NULL || self->removing_id != id)
    return;

  name = g_strdup (row->name);
  if (!vigil_staff_remove (self->staff, id, self->person, &error))
    {
      close_row_forms (self);
      rebuild_roster (self);
      row = find_row (self, id);
      if (row != NULL)
        show_message (GTK_LABEL (row->status), error->message, TRUE);
      else
        show_message (self->staff_message, error->message, TRUE);
      return;
    }

  close_row_forms (self);
  rebuild_roster (self);
  text = g_strdup_printf (_("Removed %s. They can no longer unlock Vigil."), name);
  show_message (self->staff_message, text, FALSE);
}

static void
cancel_row_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);

  close_row_forms (self);
  rebuild_roster (self);
}

/* Clinic configuration */

static GtkWidget *
problem_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
rebuild_config (VigilAdminPage *self)
{
  GtkWidget *child;
  g_autoptr(GString) files = g_string_new (NULL);
  GPtrArray *problems;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_box))) != NULL)
    gtk_box_remove (self->problems_box, child);

  if (self->config == NULL)
    {
      gtk_label_set_label (self->config_files_label, _("No clinic configuration is loaded."));
      return;
    }

  {
    const char * const *read = vigil_clinic_config_get_files_read (self->config);

    if (read == NULL || read[0] == NULL)
      {
        g_auto(GStrv) looked = vigil_clinic_config_default_paths ();
        g_autofree char *list = g_strjoinv (", ", looked);

        g_string_append (files, _("No clinic file: factory defaults."));
        if (list != NULL && *list != '\0')
          {
            g_string_append_c (files, ' ');
            /* TRANSLATORS: %s is a list of file paths */
            g_string_append_printf (files, _("Vigil looks for %s."), list);
          }
      }
    else
      {
        g_string_append (files, g_strv_length ((char **) read) == 1 ? _("Read from:") : _("Read from, in this order:"));
        for (guint i = 0; read[i] != NULL; i++)
          g_string_append_printf (files, "\n%s", read[i]);
      }
  }
  gtk_label_set_label (self->config_files_label, files->str);

  problems = vigil_clinic_config_get_problems (self->config);
  if (problems == NULL || problems->len == 0)
    {
      if (vigil_clinic_config_get_files_read (self->config) != NULL
          && vigil_clinic_config_get_files_read (self->config)[0] != NULL)
        gtk_box_append (self->problems_box,
                        problem_label (_("No problems: every value in the file is used."), "admin-config-ok"));
      return;
    }

  {
    g_autofree char *summary = g_strdup_printf (ngettext ("%u value cannot be used: Vigil uses the default instead.",
                                                          "%u values cannot be used: Vigil uses the defaults instead.",
                                                          problems->len),
                                                problems->len);

    gtk_box_append (self->problems_box, problem_label (summary, "admin-problems-summary"));
  }

  for (guint i = 0; i < problems->len; i++)
    {
      const VigilClinicConfigProblem *problem = g_ptr_array_index (problems, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *head = NULL;

      gtk_widget_add_css_class (box, "config-problem");
      if (problem->key != NULL && problem->value != NULL)
        head = g_strdup_printf ("%s = %s", problem->key, problem->value);
      else if (problem->key != NULL)
        head = g_strdup (problem->key);
      else if (problem->file != NULL)
        head = g_strdup (problem->file);

      if (head != NULL)
        gtk_box_append (GTK_BOX (box), problem_label (head, "problem-key"));
      gtk_box_append (GTK_BOX (box), problem_label (problem->message != NULL ? problem->message : "",
                                                    "problem-message"));
      /* The file, unless the message already names it. */
      if (problem->key != NULL && problem->file != NULL
          && (problem->message == NULL || strstr (problem->message, problem->file) == NULL))
        gtk_box_append (GTK_BOX (box), problem_label (problem->file, "problem-file"));
      gtk_box_append (self->problems_box, box);
    }
}

static char *
default_export_dir (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_strdup (documents);
  return g_build_filename (g_get_user_data_dir (), "vigil", NULL);
}

/* vigil-clinic-2026-11-28.conf, or -2, -3… when that day already has one:
 * an export never overwrites an earlier one. */
static char *
next_export_path (const char *dir)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *base = n == 1 ? g_strdup_printf ("vigil-clinic-%s.conf", date)
                                     : g_strdup_printf ("vigil-clinic-%s-%u.conf", date, n);
      g_autofree char *path = g_build_filename (dir, base, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!is_unlocked (self) || self->config == NULL)
    return;

  dir = self->export_dir != NULL ? g_strdup (self->export_dir) : default_export_dir ();
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      text = g_strdup_printf (_("Cannot create the folder %s (%s). Check the disk, or ask IT."),
                              dir, g_strerror (saved));
      show_message (self->export_status, text, TRUE);
      return;
    }

  path = next_export_path (dir);
  if (path == NULL)
    {
      text = g_strdup_printf (_("Too many exports today in %s. Move some away, then export again."), dir);
      show_message (self->export_status, text, TRUE);
      return;
    }

  if (!vigil_clinic_config_export (self->config, path, &error))
    {
      show_message (self->export_status, error->message, TRUE);
      return;
    }

  g_free (self->export_path);
  self->export_path = g_strdup (path);

  if (!audit (self, "config-exported", path, &error))
    text = g_strdup_printf (_("Written to %s, but the audit log could not record it: %s"), path, error->message);
  else
    /* TRANSLATORS: %s is the file's full path */
    text = g_strdup_printf (_("Written to %s. Copy it to /etc/vigil/clinic.conf on another tablet to use it there."),
                            path);
  show_message (self->export_status, text, error != NULL);
}

/* Bedside settings */

static gboolean
choice_is_one_of (guint        value,
                  const guint *choices,
                  gsize        n)
{
  for (gsize i = 0; i < n; i++)
    if (choices[i] == value)
      return TRUE;
  return FALSE;
}

static char *
describe_seconds (guint seconds)
{
  if (seconds % 60 == 0)
    return g_strdup_printf (ngettext ("%u minute", "%u minutes", seconds / 60), seconds / 60);
  return g_strdup_printf (ngettext ("%u second", "%u seconds", seconds), seconds);
}

/* A value set elsewhere (dconf, an older version) that none of the
 * buttons offers is still said. */
static void
update_note (GtkLabel    *note,
             guint        value,
             const guint *choices,
             gsize        n)
{
  g_autofree char *text = NULL;

  if (!choice_is_one_of (value, choices, n))
    {
      g_autofree char *duration = describe_seconds (value);

      text = g_strdup_printf (_("Now %s, set outside this page."), duration);
    }
  gtk_label_set_label (note, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (note), text != NULL);
}

static const guint lock_choices[] = { 60, 120, 300, 600 };
static const guint pause_choices[] = { 60, 120, 180, 300 };

static void
update_night_entries (VigilAdminPage *self)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (self->settings == NULL)
    return;
  start = g_settings_get_string (self->settings, "night-start");
  end = g_settings_get_string (self->settings, "night-end");
  gtk_editable_set_text (self->night_start_entry, start);
  gtk_editable_set_text (self->night_end_entry, end);
}

static void
update_settings_view (VigilAdminPage *self)
{
  if (self->settings == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->lock_after_note), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->audio_pause_note), FALSE);
      return;
    }
  update_note (self->lock_after_note, g_settings_get_uint (self->settings, "lock-after-s"),
               lock_choices, G_N_ELEMENTS (lock_choices));
  update_note (self->audio_pause_note, g_settings_get_uint (self->settings, "audio-pause-s"),
               pause_choices, G_N_ELEMENTS (pause_choices));
}

static void
on_setting_changed (GSettings      *settings,
                    const char     *key,
                    VigilAdminPage *self)
{
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    if (g_str_equal (key, setting_keys[prop]))
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);

  if (g_str_equal (key, "night-start") || g_str_equal (key, "night-end"))
    update_night_entries (self);
  update_settings_view (self);
}

/* Writes one setting the page's buttons changed, audited; @detail is the
 * value as written to the audit log. */
static void
apply_setting (VigilAdminPage *self,
               guint           prop,
               GVariant       *value)
{
  const char *key = setting_keys[prop];
  g_autoptr(GVariant) sunk = g_variant_ref_sink (value);
  g_autoptr(GVariant) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *text = NULL;

  if (!is_unlocked (self) || self->settings == NULL)
    {
      /* The action's state goes back to what the settings say. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
      return;
    }

  current = g_settings_get_value (self->settings, key);
  if (g_variant_equal (current, sunk))
    return;

  if (!g_settings_set_value (self->settings, key, sunk))
    {
      text = g_strdup_printf (_("Cannot change “%s”: the system administrator has locked this setting."), key);
      show_message (self->settings_message, text, TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
      return;
    }

  if (g_variant_is_of_type (sunk, G_VARIANT_TYPE_STRING))
    detail = g_strdup_printf ("%s=%s", key, g_variant_get_string (sunk, NULL));
  else if (g_variant_is_of_type (sunk, G_VARIANT_TYPE_BOOLEAN))
    detail = g_strdup_printf ("%s=%s", key, g_variant_get_boolean (sunk) ? "true" : "false");
  else
    detail = g_strdup_printf ("%s=%u", key, g_variant_get_uint32 (sunk));

  if (!audit (self, "settings-changed", detail, &error))
    {
      text = g_strdup_printf (_("Saved, but the audit log could not record it: %s"), error->message);
      show_message (self->settings_message, text, TRUE);
    }
  else if (prop == PROP_LANGUAGE)
    show_message (self->settings_message, _("Saved. The new language takes effect at the next start."), FALSE);
  else
    show_message (self->settings_message, _("Saved."), FALSE);
}

static gboolean
is_known (const char        *value,
          const char * const *allowed)
{
  return value != NULL && g_strv_contains (allowed, value);
}

/* @len characters of @text, all digits, as a number. */
static gboolean
parse_digits (const char *text,
              gsize       len,
              guint      *out)
{
  guint value = 0;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint) (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

/**
 * vigil_admin_page_parse_time:
 * @text: what was typed: "20:00", "8:30", "20.00", "2000", "830" or "20"
 *
 * The on-screen keypad has no ':', so digits alone are read as H, HH,
 * HMM or HHMM.
 *
 * Returns: (nullable): the time as "HH:MM", or %NULL if @text is not a
 *   time of day
 */
char *
vigil_admin_page_parse_time (const char *text)
{
  g_autofree char *copy = NULL;
  const char *separator;
  gsize len;
  guint hour = 0, minute = 0;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  len = strlen (copy);
  separator = strpbrk (copy, ":.,h");

  if (separator != NULL)
    {
      gsize hour_len = (gsize) (separator - copy);

      if (hour_len > 2 || strlen (separator + 1) != 2
          || !parse_digits (copy, hour_len, &hour)
          || !parse_digits (separator + 1, 2, &minute))
        return NULL;
    }
  else if (len <= 2)
    {
      if (!parse_digits (copy, len, &hour))
        return NULL;
    }
  else if (len <= 4)
    {
      if (!parse_digits (copy, len - 2, &hour) || !parse_digits (copy + len - 2, 2, &minute))
        return NULL;
    }
  else
    return NULL;

  if (hour > 23 || minute > 59)
    return NULL;
  return g_strdup_printf ("%02u:%02u", hour, minute);
}

static void
set_night_times_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *old_start = NULL;
  g_autofree char *old_end = NULL;
  const char *keys[] = { "night-start", "night-end" };
  const char *values[2];
  const char *olds[2];
  g_autofree char *text = NULL;

  if (!is_unlocked (self) || self->settings == NULL)
    return;

  start = vigil_admin_page_parse_time (gtk_editable_get_text (self->night_start_entry));
  end = vigil_admin_page_parse_time (gtk_editable_get_text (self->night_end_entry));
  if (start == NULL || end == NULL)
    {
      show_message (self->night_message,
                    _("Write each time as hours and minutes, 24-hour, for example 20:00 or 07:30."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (start == NULL ? self->night_start_entry : self->night_end_entry));
      return;
    }
  if (g_str_equal (start, end))
    {
      show_message (self->night_message,
                    _("Night mode would start and end at the same time: choose two different times."), TRUE);
      return;
    }

  old_start = g_settings_get_string (self->settings, "night-start");
  old_end = g_settings_get_string (self->settings, "night-end");
  values[0] = start;
  values[1] = end;
  olds[0] = old_start;
  olds[1] = old_end;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *detail = NULL;
      g_autoptr(GError) error = NULL;

      if (g_str_equal (values[i], olds[i]))
        continue;
      if (!g_settings_set_string (self->settings, keys[i], values[i]))
        {
          show_message (self->night_message,
                        _("Cannot change the night times: the system administrator has locked them."), TRUE);
          update_night_entries (self);
          return;
        }
      detail = g_strdup_printf ("%s=%s", keys[i], values[i]);
      if (!audit (self, "settings-changed", detail, &error))
        {
          text = g_strdup_printf (_("Saved, but the audit log could not record it: %s"), error->message);
          show_message (self->night_message, text, TRUE);
          return;
        }
    }

  update_night_entries (self);
  /* TRANSLATORS: night mode from %s to %s (times of day) */
  text = g_strdup_printf (_("Night mode by clock: from %s to %s."), start, end);
  show_message (self->night_message, text, FALSE);
}

static void
on_time_activate (GtkEntry       *entry,
                  VigilAdminPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "admin-page.set-night-times", NULL);
}

/* Public API */

GtkWidget *
vigil_admin_page_new (void)
{
  return g_object_new (VIGIL_TYPE_ADMIN_PAGE, NULL);
}

void
vigil_admin_page_set_staff (VigilAdminPage *self,
                            VigilStaff     *staff)
{
  g_return_if_fail (VIGIL_IS_ADMIN_PAGE (self));
  g_return_if_fail (staff == NULL || VIGIL_IS_STAFF (staff));

  if (!g_set_object (&self->staff, staff))
    return;
  close_row_forms (self);
  update_enabled (self);
  rebuild_roster (self);
}

void
vigil_admin_page_set_clinic_config (VigilAdminPage    *self,
                                    VigilClinicConfig *config)
{
  g_return_if_fail (VIGIL_IS_ADMIN_PAGE (self));
  g_return_if_fail (config == NULL || VIGIL_IS_CLINIC_CONFIG (config));

  if (!g_set_object (&self->config, config))
    return;
  show_message (self->export_status, NULL, FALSE);
  rebuild_config (self);
  update_enabled (self);
}

void
vigil_admin_page_set_settings (VigilAdminPage *self,
                               GSettings      *settings)
{
  g_return_if_fail (VIGIL_IS_ADMIN_PAGE (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (self->settings != NULL)
    g_signal_connect (self->settings, "changed", G_CALLBACK (on_setting_changed), self);

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  update_night_entries (self);
  update_settings_view (self);
  update_enabled (self);
}

void
vigil_admin_page_set_person (VigilAdminPage         *self,
                             const VigilStaffMember *person)
{
  g_return_if_fail (VIGIL_IS_ADMIN_PAGE (self));

  g_clear_pointer (&self->person, vigil_staff_member_free);
  if (person != NULL)
    self->person = vigil_staff_member_copy (person);

  /* Whatever the last person left half typed goes. */
  clear_pins (self);
  clear_entry (self->name_entry);
  close_row_forms (self);
  show_message (self->staff_message, NULL, FALSE);
  show_message (self->export_status, NULL, FALSE);
  show_message (self->night_message, NULL, FALSE);
  show_message (self->settings_message, NULL, FALSE);
  update_night_entries (self);

  update_who (self);
  update_enabled (self);
  rebuild_roster (self);
}

/**
 * vigil_admin_page_set_export_dir:
 * @dir: (nullable): where "Export configuration" writes; %NULL: the
 *   user's Documents folder, or Vigil's data folder when there is none
 */
void
vigil_admin_page_set_export_dir (VigilAdminPage *self,
                                 const char     *dir)
{
  g_return_if_fail (VIGIL_IS_ADMIN_PAGE (self));

  g_free (self->export_dir);
  self->export_dir = g_strdup (dir);
}

/* The file the last export wrote, or NULL. */
const char *
vigil_admin_page_get_export_path (VigilAdminPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ADMIN_PAGE (self), NULL);
  return self->export_path;
}

/* Whether the page shows its controls (an admin is unlocked). */
gboolean
vigil_admin_page_is_unlocked (VigilAdminPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ADMIN_PAGE (self), FALSE);
  return is_unlocked (self);
}

/* The line under the staff section ("" when none). */
const char *
vigil_admin_page_get_staff_message (VigilAdminPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ADMIN_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->staff_message)) ? gtk_label_get_label (self->staff_message) : "";
}

/**
 * vigil_admin_page_get_row_widget:
 * @id: a person's id
 * @part: "row", "reset", "remove", "new-pin", "confirm-pin", "set-pin",
 *   "confirm-remove" or "status"
 *
 * Returns: (transfer none) (nullable): that part of the person's roster row
 */
GtkWidget *
vigil_admin_page_get_row_widget (VigilAdminPage *self,
                                 gint64          id,
                                 const char     *part)
{
  StaffRow *row;

  g_return_val_if_fail (VIGIL_IS_ADMIN_PAGE (self), NULL);
  g_return_val_if_fail (part != NULL, NULL);

  row = find_row (self, id);
  if (row == NULL)
    return NULL;
  if (g_str_equal (part, "row"))
    return row->row;
  if (g_str_equal (part, "reset"))
    return row->reset_button;
  if (g_str_equal (part, "remove"))
    return row->remove_button;
  if (g_str_equal (part, "new-pin"))
    return row->pin_entry;
  if (g_str_equal (part, "confirm-pin"))
    return row->confirm_entry;
  if (g_str_equal (part, "set-pin"))
    return row->set_pin_button;
  if (g_str_equal (part, "confirm-remove"))
    return row->confirm_remove_button;
  if (g_str_equal (part, "status"))
    return row->status;
  return NULL;
}

/* GObject */

static void
vigil_admin_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (object);
  GSettings *settings = self->settings;

  switch (prop_id)
    {
    case PROP_LANGUAGE:
    case PROP_NIGHT_MODE:
      if (settings != NULL)
        g_value_take_string (value, g_settings_get_string (settings, setting_keys[prop_id]));
      else
        g_value_set_string (value, prop_id == PROP_LANGUAGE ? "" : "off");
      break;

    case PROP_REQUIRE_PIN:
      g_value_set_boolean (value, settings != NULL && g_settings_get_boolean (settings, "require-pin"));
      break;

    case PROP_LOCK_AFTER_S:
    case PROP_AUDIO_PAUSE_S:
      g_value_set_uint (value, settings != NULL ? g_settings_get_uint (settings, setting_keys[prop_id]) : 120);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_admin_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (object);
  static const char * const languages[] = { "", "en", "es", NULL };
  static const char * const night_modes[] = { "off", "on", "by-clock", NULL };

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      if (is_known (g_value_get_string (value), languages))
        apply_setting (self, prop_id, g_variant_new_string (g_value_get_string (value)));
      else
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_NIGHT_MODE:
      if (is_known (g_value_get_string (value), night_modes))
        apply_setting (self, prop_id, g_variant_new_string (g_value_get_string (value)));
      else
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_REQUIRE_PIN:
      apply_setting (self, prop_id, g_variant_new_boolean (g_value_get_boolean (value)));
      break;

    case PROP_LOCK_AFTER_S:
    case PROP_AUDIO_PAUSE_S:
      apply_setting (self, prop_id, g_variant_new_uint32 (g_value_get_uint (value)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_admin_page_map (GtkWidget *widget)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);

  GTK_WIDGET_CLASS (vigil_admin_page_parent_class)->map (widget);

  /* The roster may have changed elsewhere (a first admin created, a PIN
   * changed at the lock screen) while the page was hidden. */
  if (self->staff != NULL && is_unlocked (self))
    rebuild_roster (self);
}

static void
vigil_admin_page_unmap (GtkWidget *widget)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (widget);

  clear_pins (self);
  close_row_forms (self);

  GTK_WIDGET_CLASS (vigil_admin_page_parent_class)->unmap (widget);
}

static void
vigil_admin_page_dispose (GObject *object)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (object);
  GtkWidget *child;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_ADMIN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->staff);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vigil_admin_page_parent_class)->dispose (object);
}

static void
vigil_admin_page_finalize (GObject *object)
{
  VigilAdminPage *self = VIGIL_ADMIN_PAGE (object);

  g_clear_pointer (&self->person, vigil_staff_member_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->export_dir);
  g_free (self->export_path);

  G_OBJECT_CLASS (vigil_admin_page_parent_class)->finalize (object);
}

static void
vigil_admin_page_class_init (VigilAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vigil_admin_page_get_property;
  object_class->set_property = vigil_admin_page_set_property;
  object_class->dispose = vigil_admin_page_dispose;
  object_class->finalize = vigil_admin_page_finalize;
  widget_class->map = vigil_admin_page_map;
  widget_class->unmap = vigil_admin_page_unmap;

  /* The settings as properties, so each row of buttons is one stateful
   * action ("admin-page.lock-after-s" with target 300) and shows which
   * value is in effect. Reading follows GSettings; writing is the page's
   * audited change. */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NIGHT_MODE] =
    g_param_spec_string ("night-mode", NULL, NULL, "off",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUIRE_PIN] =
    g_param_spec_boolean ("require-pin", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCK_AFTER_S] =
    g_param_spec_uint ("lock-after-s", NULL, NULL, 30, 1800, 120,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO_PAUSE_S] =
    g_param_spec_uint ("audio-pause-s", NULL, NULL, 30, 300, 120,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "admin-page.add-person", NULL, add_person_action);
  gtk_widget_class_install_action (widget_class, "admin-page.reset-pin", "x", reset_pin_action);
  gtk_widget_class_install_action (widget_class, "admin-page.set-pin", "x", set_pin_action);
  gtk_widget_class_install_action (widget_class, "admin-page.remove", "x", remove_action);
  gtk_widget_class_install_action (widget_class, "admin-page.confirm-remove", "x", confirm_remove_action);
  gtk_widget_class_install_action (widget_class, "admin-page.cancel-row", "x", cancel_row_action);
  gtk_widget_class_install_action (widget_class, "admin-page.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "admin-page.set-night-times", NULL, set_night_times_action);
  gtk_widget_class_install_property_action (widget_class, "admin-page.language", "language");
  gtk_widget_class_install_property_action (widget_class, "admin-page.night-mode", "night-mode");
  gtk_widget_class_install_property_action (widget_class, "admin-page.require-pin", "require-pin");
  gtk_widget_class_install_property_action (widget_class, "admin-page.lock-after-s", "lock-after-s");
  gtk_widget_class_install_property_action (widget_class, "admin-page.audio-pause-s", "audio-pause-s");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-admin-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, who_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, roster);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, nurse_toggle);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, admin_toggle);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, staff_message);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, config_files_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, problems_box);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, export_status);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, night_start_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, night_end_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, night_message);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, lock_after_note);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, audio_pause_note);
  gtk_widget_class_bind_template_child (widget_class, VigilAdminPage, settings_message);
}

static void
vigil_admin_page_init (VigilAdminPage *self)
{
  self->rows = g_ptr_array_new_with_free_func (staff_row_free);
  self->resetting_id = NO_ROW;
  self->removing_id = NO_ROW;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->night_start_entry, "activate", G_CALLBACK (on_time_activate), self);
  g_signal_connect (self->night_end_entry, "activate", G_CALLBACK (on_time_activate), self);

  {
    GtkWidget *placeholder = gtk_label_new (_("Nobody is on the staff list yet."));

    gtk_widget_add_css_class (placeholder, "admin-note");
    gtk_list_box_set_placeholder (self->roster, placeholder);
  }

  rebuild_config (self);
  update_settings_view (self);
  update_enabled (self);
}
