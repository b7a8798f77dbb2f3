/* vigil-unlock-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page of the window, not a dialog: kiosk compositors place separate
 * windows badly, and the vital signs and alarm buttons around the page
 * must stay on screen and usable while someone types a PIN.
 */
#include "vigil-unlock-page.h"

#include <glib/gi18n.h>

#include "vigil-lock.h"

struct _VigilUnlockPage
{
  GtkWidget            parent_instance;

  VigilStaff          *staff;
  VigilStaffPrivilege  privilege;
  gint64               chosen_id;      /* 0: none */
  GPtrArray           *names;          /* char*, the names offered */
  GCancellable        *cancellable;    /* the verification running */
  guint                countdown_id;
  char                *error;
  gboolean             touch_only;

  /* template children */
  GtkWidget           *scroller;
  GtkLabel            *title_label;
  GtkLabel            *notice_label;
  GtkStack            *steps;
  GtkLabel            *people_label;
  GtkFlowBox          *people_box;
  GtkLabel            *person_label;
  GtkEntry            *pin_entry;
  GtkLabel            *error_label;
  VigilKeypad         *keypad;
};

G_DEFINE_FINAL_TYPE (VigilUnlockPage, vigil_unlock_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_UNLOCKED,
  SIGNAL_CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_error (VigilUnlockPage *self,
           const char      *text)
{
  g_free (self->error);
  self->error = g_strdup (text != NULL ? text : "");
  gtk_label_set_label (self->error_label, self->error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), *self->error != '\0');
}

static void
set_busy (VigilUnlockPage *self,
          gboolean         busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->keypad), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->pin_entry), !busy);
}

static gint64
lockout_seconds (VigilUnlockPage *self)
{
  gint64 remaining_us = self->staff != NULL ? vigil_staff_get_lockout_remaining (self->staff) : 0;

  return (remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
}

/* The lock-out, counted down on screen once a second. */
static gboolean
countdown_tick (gpointer data)
{
  VigilUnlockPage *self = data;
  gint64 seconds = lockout_seconds (self);
  g_autofree char *text = NULL;

  if (seconds <= 0)
    {
      self->countdown_id = 0;
      set_error (self, _("You can try your PIN again now."));
      return G_SOURCE_REMOVE;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Too many wrong PINs. Entry is locked: try again in %lld second.",
                                       "Too many wrong PINs. Entry is locked: try again in %lld seconds.",
                                       (gulong) seconds),
                          (long long) seconds);
  set_error (self, text);
  return G_SOURCE_CONTINUE;
}

static void
show_lockout (VigilUnlockPage *self)
{
  if (countdown_tick (self) == G_SOURCE_CONTINUE && self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, countdown_tick, self);
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilUnlockPage) self = user_data;
  g_autoptr(VigilStaffMember) person = NULL;
  g_autoptr(GError) error = NULL;

  person = vigil_staff_verify_finish (VIGIL_STAFF (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");

  if (person != NULL)
    {
      set_error (self, NULL);
      g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0, person);
      return;
    }

  if (g_error_matches (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_LOCKED_OUT)
      || lockout_seconds (self) > 0)
    show_lockout (self);
  else if (g_error_matches (error, VIGIL_STAFF_ERROR, VIGIL_STAFF_ERROR_WRONG_PIN))
    {
      guint failed = vigil_staff_get_failed_tries (self->staff);
      guint left = failed < VIGIL_STAFF_MAX_TRIES ? VIGIL_STAFF_MAX_TRIES - failed : 0;
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Wrong PIN. %u try left before entry locks for %u seconds.",
                                           "Wrong PIN. %u tries left before entry locks for %u seconds.",
                                           left),
                              left, (guint) (VIGIL_STAFF_LOCKOUT_US / G_USEC_PER_SEC));
      set_error (self, text);
    }
  else
    set_error (self, error->message);
}

void
vigil_unlock_page_submit (VigilUnlockPage *self)
{
  const char *pin;

  g_return_if_fail (VIGIL_IS_UNLOCK_PAGE (self));

  if (self->cancellable != NULL || self->staff == NULL || self->chosen_id == 0)
    return;
  if (lockout_seconds (self) > 0)
    {
      show_lockout (self);
      gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
      return;
    }

  pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));
  if (*pin == '\0')
    {
      set_error (self, _("Enter your PIN, then press ✓."));
      return;
    }

  /* Hashing takes a noticeable moment: off the main loop, so the numbers
   * and the alarms keep moving meanwhile. */
  set_error (self, _("Checking…"));
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  vigil_staff_verify_async (self->staff, self->chosen_id, pin, self->cancellable,
                            on_verified, g_object_ref (self));
}

static void
cancel_verification (VigilUnlockPage *self)
{
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
}

static GtkWidget *
person_button (const VigilStaffMember *member)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (member->name);
  GtkWidget *role = gtk_label_new (vigil_staff_role_to_label (member->role));

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "staff-name");
  gtk_widget_add_css_class (role, "staff-role");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), role);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "staff-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "unlock.choose");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (member->id));
  return button;
}

static void
fill_people (VigilUnlockPage *self)
{
  g_autoptr(GPtrArray) members = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->people_box))) != NULL)
    gtk_flow_box_remove (self->people_box, child);
  g_ptr_array_set_size (self->names, 0);

  if (self->staff == NULL)
    {
      gtk_label_set_label (self->people_label,
                           _("The staff list cannot be read because the database did not open. "
                             "Restart Vigil; if this stays, ask IT to check the database file."));
      return;
    }

  members = vigil_staff_list (self->staff);
  for (guint i = 0; i < members->len; i++)
    {
      const VigilStaffMember *member = g_ptr_array_index (members, i);

      if (!vigil_staff_role_allows (member->role, self->privilege))
        continue;
      gtk_flow_box_append (self->people_box, person_button (member));
      g_ptr_array_add (self->names, g_strdup (member->name));
    }

  gtk_label_set_label (self->people_label,
                       self->names->len > 0 ? _("Who are you? Tap your name.")
                                            : _("No one on the staff list may do this. "
                                                "An admin adds staff in Settings."));
}

void
vigil_unlock_page_begin (VigilUnlockPage     *self,
                         VigilStaffPrivilege  privilege,
                         const char          *title)
{
  const char *notice = NULL;

  g_return_if_fail (VIGIL_IS_UNLOCK_PAGE (self));

  cancel_verification (self);
  self->privilege = privilege;
  self->chosen_id = 0;
  gtk_label_set_label (self->title_label, title != NULL ? title : _("Staff PIN"));

  /* Nurses are not offered what only an admin may do: say why. */
  if (!vigil_staff_role_allows (VIGIL_STAFF_ROLE_NURSE, privilege))
    notice = vigil_lock_describe_denied (privilege);
  gtk_label_set_label (self->notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  set_error (self, NULL);
  fill_people (self);
  gtk_stack_set_visible_child_name (self->steps, "people");
  if (lockout_seconds (self) > 0)
    show_lockout (self);
}

void
vigil_unlock_page_choose (VigilUnlockPage *self,
                          gint64           id)
{
  g_autoptr(VigilStaffMember) member = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (VIGIL_IS_UNLOCK_PAGE (self));

  if (self->staff == NULL || (member = vigil_staff_lookup (self->staff, id)) == NULL)
    return;

  cancel_verification (self);
  self->chosen_id = id;
  /* TRANSLATORS: "Ana García, nurse: enter your PIN" */
  text = g_strdup_printf (_("%s, %s: enter your PIN"),
                          member->name, vigil_staff_role_to_label (member->role));
  gtk_label_set_label (self->person_label, text);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  set_error (self, NULL);
  gtk_stack_set_visible_child_name (self->steps, "pin");
  if (lockout_seconds (self) > 0)
    show_lockout (self);
  if (!self->touch_only)
    gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  vigil_unlock_page_choose (VIGIL_UNLOCK_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilUnlockPage *self = VIGIL_UNLOCK_PAGE (widget);

  cancel_verification (self);
  self->chosen_id = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_stack_set_visible_child_name (self->steps, "people");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilUnlockPage *self = VIGIL_UNLOCK_PAGE (widget);

  cancel_verification (self);
  self->chosen_id = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  vigil_unlock_page_submit (VIGIL_UNLOCK_PAGE (widget));
}

static void
on_keypad_key (VigilKeypad     *keypad,
               const char      *key,
               VigilUnlockPage *self)
{
  if (g_strcmp0 (key, "enter") == 0)
    vigil_unlock_page_submit (self);
}

static void
on_entry_activate (GtkEntry        *entry,
                   VigilUnlockPage *self)
{
  vigil_unlock_page_submit (self);
}

static void
vigil_unlock_page_dispose (GObject *object)
{
  VigilUnlockPage *self = VIGIL_UNLOCK_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_object (&self->staff);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_UNLOCK_PAGE);

  G_OBJECT_CLASS (vigil_unlock_page_parent_class)->dispose (object);
}

static void
vigil_unlock_page_finalize (GObject *object)
{
  VigilUnlockPage *self = VIGIL_UNLOCK_PAGE (object);

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_free (self->error);

  G_OBJECT_CLASS (vigil_unlock_page_parent_class)->finalize (object);
}

static void
vigil_unlock_page_class_init (VigilUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_unlock_page_dispose;
  object_class->finalize = vigil_unlock_page_finalize;

  signals[SIGNAL_UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  VIGIL_TYPE_STAFF_MEMBER | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "unlock.choose", "x", choose_action);
  gtk_widget_class_install_action (widget_class, "unlock.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "unlock.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "unlock.submit", NULL, submit_action);

  g_type_ensure (VIGIL_TYPE_KEYPAD);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-unlock-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, steps);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, people_label);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, people_box);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, person_label);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilUnlockPage, keypad);
}

static void
vigil_unlock_page_init (VigilUnlockPage *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->error = g_strdup ("");
  self->privilege = VIGIL_STAFF_PRIVILEGE_QUIT;
  gtk_widget_init_template (GTK_WIDGET (self));

  vigil_keypad_set_target (self->keypad, GTK_EDITABLE (self->pin_entry));
  vigil_keypad_set_show_decimal (self->keypad, FALSE);
  g_signal_connect_object (self->keypad, "key", G_CALLBACK (on_keypad_key), self, 0);
  g_signal_connect_object (self->pin_entry, "activate", G_CALLBACK (on_entry_activate), self, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

GtkWidget *
vigil_unlock_page_new (void)
{
  return g_object_new (VIGIL_TYPE_UNLOCK_PAGE, NULL);
}

void
vigil_unlock_page_set_staff (VigilUnlockPage *self,
                             VigilStaff      *staff)
{
  g_return_if_fail (VIGIL_IS_UNLOCK_PAGE (self));
  g_return_if_fail (staff == NULL || VIGIL_IS_STAFF (staff));

  cancel_verification (self);
  g_set_object (&self->staff, staff);
  fill_people (self);
}

void
vigil_unlock_page_set_touch_only (VigilUnlockPage *self,
                                  gboolean         touch_only)
{
  g_return_if_fail (VIGIL_IS_UNLOCK_PAGE (self));

  self->touch_only = !!touch_only;
  gtk_widget_set_can_focus (GTK_WIDGET (self->pin_entry), !self->touch_only);
}

const char *
vigil_unlock_page_get_step (VigilUnlockPage *self)
{
  g_return_val_if_fail (VIGIL_IS_UNLOCK_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->steps);
}

const char *
vigil_unlock_page_get_error (VigilUnlockPage *self)
{
  g_return_val_if_fail (VIGIL_IS_UNLOCK_PAGE (self), NULL);
  return self->error;
}

const char *
vigil_unlock_page_get_notice (VigilUnlockPage *self)
{
  g_return_val_if_fail (VIGIL_IS_UNLOCK_PAGE (self), NULL);
  return gtk_label_get_label (self->notice_label);
}

gboolean
vigil_unlock_page_is_busy (VigilUnlockPage *self)
{
  g_return_val_if_fail (VIGIL_IS_UNLOCK_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

GStrv
vigil_unlock_page_dup_names (VigilUnlockPage *self)
{
  GStrvBuilder *builder;
  GStrv names;

  g_return_val_if_fail (VIGIL_IS_UNLOCK_PAGE (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->names, i));
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

GtkEditable *
vigil_unlock_page_get_pin_entry (VigilUnlockPage *self)
{
  g_return_val_if_fail (VIGIL_IS_UNLOCK_PAGE (self), NULL);
  return GTK_EDITABLE (self->pin_entry);
}

VigilKeypad *
vigil_unlock_page_get_keypad (VigilUnlockPage *self)
{
  g_return_val_if_fail (VIGIL_IS_UNLOCK_PAGE (self), NULL);
  return self->keypad;
}
