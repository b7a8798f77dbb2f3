/* vigil-first-run-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A locked Vigil with nobody on its staff list could never be unlocked:
 * the first start asks for the administrator instead. The PIN is typed
 * twice because nobody can read it back afterwards (only its hash is
 * kept).
 */
#include "vigil-first-run-page.h"

#include <glib/gi18n.h>

struct _VigilFirstRunPage
{
  GtkWidget   parent_instance;

  VigilStaff *staff;
  char       *error;

  /* template children */
  GtkWidget  *scroller;
  GtkEntry   *name_entry;
  GtkLabel   *pin_label;
  GtkEntry   *pin_entry;
  GtkEntry   *pin_again_entry;
  GtkLabel   *error_label;
};

G_DEFINE_FINAL_TYPE (VigilFirstRunPage, vigil_first_run_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_error (VigilFirstRunPage *self,
           const char        *text)
{
  g_free (self->error);
  self->error = g_strdup (text != NULL ? text : "");
  gtk_label_set_label (self->error_label, self->error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), *self->error != '\0');
}

/**
 * vigil_first_run_page_create:
 *
 * Returns: %TRUE when the administrator was added
 */
gboolean
vigil_first_run_page_create (VigilFirstRunPage *self)
{
  g_autoptr(VigilStaffMember) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *pin, *again;

  g_return_val_if_fail (VIGIL_IS_FIRST_RUN_PAGE (self), FALSE);

  if (self->staff == NULL)
    {
      set_error (self, _("The staff list cannot be saved because the database did not open. "
                         "Restart Vigil; if this stays, ask IT to check the database file."));
      return FALSE;
    }

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));
  again = gtk_editable_get_text (GTK_EDITABLE (self->pin_again_entry));

  if (*name == '\0')
    {
      set_error (self, _("Enter your name."));
      return FALSE;
    }
  if (g_strcmp0 (pin, again) != 0)
    {
      set_error (self, _("The two PINs are not the same. Type the same PIN in both fields."));
      gtk_editable_set_text (GTK_EDITABLE (self->pin_again_entry), "");
      return FALSE;
    }

  admin = vigil_staff_add (self->staff, name, VIGIL_STAFF_ROLE_ADMIN, pin, NULL, &error);
  if (admin == NULL)
    {
      set_error (self, error->message);
      return FALSE;
    }

  set_error (self, NULL);
  vigil_first_run_page_reset (self);
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, admin);
  return TRUE;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  vigil_first_run_page_create (VIGIL_FIRST_RUN_PAGE (widget));
}

void
vigil_first_run_page_reset (VigilFirstRunPage *self)
{
  g_return_if_fail (VIGIL_IS_FIRST_RUN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_entry), "");
}

static void
on_name_activate (GtkEntry          *entry,
                  VigilFirstRunPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

static void
on_pin_activate (GtkEntry          *entry,
                 VigilFirstRunPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_again_entry));
}

static void
on_pin_again_activate (GtkEntry          *entry,
                       VigilFirstRunPage *self)
{
  vigil_first_run_page_create (self);
}

static void
vigil_first_run_page_dispose (GObject *object)
{
  VigilFirstRunPage *self = VIGIL_FIRST_RUN_PAGE (object);

  g_clear_object (&self->staff);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_FIRST_RUN_PAGE);

  G_OBJECT_CLASS (vigil_first_run_page_parent_class)->dispose (object);
}

static void
vigil_first_run_page_finalize (GObject *object)
{
  VigilFirstRunPage *self = VIGIL_FIRST_RUN_PAGE (object);

  g_free (self->error);

  G_OBJECT_CLASS (vigil_first_run_page_parent_class)->finalize (object);
}

static void
vigil_first_run_page_class_init (VigilFirstRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_first_run_page_dispose;
  object_class->finalize = vigil_first_run_page_finalize;

  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  VIGIL_TYPE_STAFF_MEMBER | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_install_action (widget_class, "first-run.create", NULL, create_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-first-run-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-first-run-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilFirstRunPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, VigilFirstRunPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilFirstRunPage, pin_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFirstRunPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilFirstRunPage, pin_again_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilFirstRunPage, error_label);
}

static void
vigil_first_run_page_init (VigilFirstRunPage *self)
{
  g_autofree char *rule = NULL;

  self->error = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));

  rule = g_strdup_printf (_("Your PIN: %d to %d digits. Keep it to yourself; it opens the settings and the staff list."),
                          VIGIL_STAFF_PIN_MIN_DIGITS, VIGIL_STAFF_PIN_MAX_DIGITS);
  gtk_label_set_label (self->pin_label, rule);

  g_signal_connect_object (self->name_entry, "activate", G_CALLBACK (on_name_activate), self, 0);
  g_signal_connect_object (self->pin_entry, "activate", G_CALLBACK (on_pin_activate), self, 0);
  g_signal_connect_object (self->pin_again_entry, "activate", G_CALLBACK (on_pin_again_activate), self, 0);
}

GtkWidget *
vigil_first_run_page_new (void)
{
  return g_object_new (VIGIL_TYPE_FIRST_RUN_PAGE, NULL);
}

void
vigil_first_run_page_set_staff (VigilFirstRunPage *self,
                                VigilStaff        *staff)
{
  g_return_if_fail (VIGIL_IS_FIRST_RUN_PAGE (self));
  g_return_if_fail (staff == NULL || VIGIL_IS_STAFF (staff));

  g_set_object (&self->staff, staff);
}

const char *
vigil_first_run_page_get_error (VigilFirstRunPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FIRST_RUN_PAGE (self), NULL);
  return self->error;
}

GtkEditable *
vigil_first_run_page_get_name_entry (VigilFirstRunPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FIRST_RUN_PAGE (self), NULL);
  return GTK_EDITABLE (self->name_entry);
}

GtkEditable *
vigil_first_run_page_get_pin_entry (VigilFirstRunPage *self,
                                    gboolean           again)
{
  g_return_val_if_fail (VIGIL_IS_FIRST_RUN_PAGE (self), NULL);
  return GTK_EDITABLE (again ? self->pin_again_entry : self->pin_entry);
}
