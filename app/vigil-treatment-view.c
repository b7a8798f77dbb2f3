/* vigil-treatment-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the page of the treatment's current phase under a header that
 * names the patient, the phase, its timer and the next check. With no
 * treatment it offers the form that begins one; a finished treatment shows
 * how it ended and lets the next one begin.
 */
#include "vigil-treatment-view.h"

#include "vigil-checklist-page.h"
#include "vigil-infusion-page.h"
#include "vigil-recovery-page.h"

#include <glib/gi18n.h>
#include <math.h>

struct _VigilTreatmentView
{
  GtkWidget     parent_instance;

  VigilBedside *bedside;
  char         *user_name;
  char         *error_text;
  char         *patient_name;
  gint64        patient_id;

  GtkWidget    *box;
  GtkLabel     *header;
  GtkStack     *stack;
  GtkLabel     *error_label;
  /* the "new treatment" form */
  GtkEntry     *name_entry;
  GtkEntry     *clinic_id_entry;
  GtkEntry     *birth_entry;
  GtkEntry     *provider_entry;
  GtkSpinButton *series_spin;
  GtkSpinButton *planned_spin;
  GtkCheckButton *maintenance_check;
  /* a finished treatment */
  GtkLabel     *done_label;
  /* stopping a treatment (cancel before the start, abort after) */
  GtkWidget    *stop_bar;
  GtkWidget    *stop_button;
  GtkWidget    *stop_reason_box;
  GtkEntry     *stop_reason;
  /* the phases' pages */
  GtkWidget    *checklist_page;
  GtkWidget    *infusion_page;
  GtkWidget    *recovery_page;
  VigilTreatmentSession *shown_session;
};

G_DEFINE_FINAL_TYPE (VigilTreatmentView, vigil_treatment_view, GTK_TYPE_WIDGET)

static VigilTreatmentSession *
current_session (VigilTreatmentView *self)
{
  return self->bedside != NULL ? vigil_bedside_get_treatment (self->bedside) : NULL;
}

static void
set_error (VigilTreatmentView *self,
           const char         *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static char *
format_minutes (gint64 us)
{
  gint64 seconds = MAX (us, 0) / G_USEC_PER_SEC;

  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static const char *
phase_title (VigilTreatmentPhase phase)
{
  switch (phase)
    {
    case VIGIL_TREATMENT_PHASE_BEFORE:
      return _("Before the infusion");
    case VIGIL_TREATMENT_PHASE_INFUSION:
      return _("Infusion");
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:
      return _("Infusion paused");
    case VIGIL_TREATMENT_PHASE_RECOVERY:
      return _("Recovery");
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE:
      return _("Ready for discharge");
    case VIGIL_TREATMENT_PHASE_DISCHARGED:
      return _("Discharged");
    case VIGIL_TREATMENT_PHASE_CANCELLED:
      return _("Cancelled");
    case VIGIL_TREATMENT_PHASE_ABORTED:
      return _("Stopped");
    case VIGIL_N_TREATMENT_PHASES:
    default:
      return "";
    }
}

static const char *
patient_name (VigilTreatmentView    *self,
              VigilTreatmentSession *session)
{
  gint64 id = vigil_treatment_session_get_patient_id (session);

  if (id != self->patient_id)
    {
      g_autoptr(VigilStorePatient) patient = NULL;

      g_clear_pointer (&self->patient_name, g_free);
      self->patient_id = id;
      if (vigil_store_get_patient (vigil_bedside_get_store (self->bedside), id, &patient, NULL)
          && patient != NULL)
        self->patient_name = g_strdup (patient->name);
    }
  return self->patient_name != NULL ? self->patient_name : "";
}

/* "Ana García · Infusion · 12:34 of 40:00 · next NIBP 08:40" */
static void
update_header (VigilTreatmentView    *self,
               VigilTreatmentSession *session)
{
  VigilTreatment *treatment = vigil_treatment_session_get_treatment (session);
  VigilTreatmentPhase phase = vigil_treatment_get_phase (treatment);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 next_nibp = vigil_treatment_get_next_nibp_due (treatment);

  g_string_append_printf (text, "%s · %s", patient_name (self, session), phase_title (phase));

  if (phase == VIGIL_TREATMENT_PHASE_INFUSION || phase == VIGIL_TREATMENT_PHASE_INFUSION_PAUSED)
    {
      g_autofree char *elapsed = format_minutes (vigil_treatment_get_infusion_elapsed (treatment));
      g_autofree char *total = format_minutes (vigil_treatment_get_config (treatment)->infusion_duration_us);

      g_string_append_printf (text, " · %s", elapsed);
      g_string_append_printf (text, _(" of %s"), total);
    }
  else if (phase == VIGIL_TREATMENT_PHASE_RECOVERY || phase == VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE)
    {
      g_autofree char *elapsed = format_minutes (vigil_treatment_get_recovery_elapsed (treatment));

      g_string_append_printf (text, " · %s", elapsed);
    }

  if (next_nibp > 0 && phase < VIGIL_TREATMENT_PHASE_DISCHARGED)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (next_nibp / G_USEC_PER_SEC);
      g_autofree char *hhmm = g_date_time_format (when, "%H:%M");

      g_string_append_printf (text, _(" · next NIBP %s"), hhmm);
    }

  /* The window shows it above every page (issue: "a visible phase header
   * on every screen"); the view keeps the text. */
  gtk_label_set_label (self->header, text->str);
}

/**
 * vigil_treatment_view_refresh:
 *
 * Shows the page of the current phase; called once a second by the window.
 */
void
vigil_treatment_view_refresh (VigilTreatmentView *self)
{
  VigilTreatmentSession *session;
  VigilTreatmentPhase phase;

  g_return_if_fail (VIGIL_IS_TREATMENT_VIEW (self));

  session = current_session (self);
  if (session == NULL)
    {
      gtk_widget_set_visible (self->stop_bar, FALSE);
      gtk_label_set_label (self->header, "");
      gtk_stack_set_visible_child_name (self->stack, "new");
      return;
    }

  update_header (self, session);
  {
    VigilTreatmentPhase now = vigil_treatment_get_phase (vigil_treatment_session_get_treatment (session));

    gtk_widget_set_visible (self->stop_bar, now < VIGIL_TREATMENT_PHASE_DISCHARGED);
    gtk_button_set_label (GTK_BUTTON (self->stop_button),
                          now == VIGIL_TREATMENT_PHASE_BEFORE ? _("Cancel treatment…") : _("Stop treatment…"));
  }
  if (self->shown_session != session)
    {
      /* A new or resumed treatment: every page follows it. */
      self->shown_session = session;
      vigil_checklist_page_set_session (VIGIL_CHECKLIST_PAGE (self->checklist_page), session);
      vigil_infusion_page_set_session (VIGIL_INFUSION_PAGE (self->infusion_page), session);
      vigil_recovery_page_set_session (VIGIL_RECOVERY_PAGE (self->recovery_page), session);
      vigil_recovery_page_set_monitor (VIGIL_RECOVERY_PAGE (self->recovery_page),
                                       vigil_bedside_get_monitor (self->bedside));
    }

  phase = vigil_treatment_get_phase (vigil_treatment_session_get_treatment (session));
  switch (phase)
    {
    case VIGIL_TREATMENT_PHASE_BEFORE:
      vigil_checklist_page_refresh (VIGIL_CHECKLIST_PAGE (self->checklist_page));
      gtk_stack_set_visible_child_name (self->stack, "checklist");
      return;
    case VIGIL_TREATMENT_PHASE_INFUSION:
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:
      vigil_infusion_page_refresh (VIGIL_INFUSION_PAGE (self->infusion_page));
      gtk_stack_set_visible_child_name (self->stack, "infusion");
      return;
    case VIGIL_TREATMENT_PHASE_RECOVERY:
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE:
      vigil_recovery_page_refresh (VIGIL_RECOVERY_PAGE (self->recovery_page));
      gtk_stack_set_visible_child_name (self->stack, "recovery");
      return;
    case VIGIL_TREATMENT_PHASE_DISCHARGED:
    case VIGIL_TREATMENT_PHASE_CANCELLED:
    case VIGIL_TREATMENT_PHASE_ABORTED:
    case VIGIL_N_TREATMENT_PHASES:
    default:
      break;
    }
  if (phase >= VIGIL_TREATMENT_PHASE_DISCHARGED)
    {
      g_autofree char *text = g_strdup_printf (_("%s: %s."), patient_name (self, session), phase_title (phase));

      gtk_label_set_label (self->done_label, text);
      gtk_stack_set_visible_child_name (self->stack, "done");
    }
}

static char *
entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
begin_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VigilTreatmentView *self = VIGIL_TREATMENT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = entry_text (self->name_entry);
  g_autofree char *clinic_id = entry_text (self->clinic_id_entry);
  g_autofree char *birth = entry_text (self->birth_entry);
  g_autofree char *provider = entry_text (self->provider_entry);
  VigilStorePatient patient = {
    .name = name,
    .clinic_id = clinic_id,
    .date_of_birth = birth,
    .weight_kg = NAN,
    .mental_health_provider = provider,
  };

  if (self->bedside == NULL)
    return;
  if (name == NULL)
    {
      set_error (self, _("Enter the patient's name to begin."));
      return;
    }
  if (vigil_bedside_begin_treatment (self->bedside, &patient,
                                     (guint) gtk_spin_button_get_value_as_int (self->series_spin),
                                     (guint) gtk_spin_button_get_value_as_int (self->planned_spin),
                                     gtk_check_button_get_active (self->maintenance_check),
                                     &error) == NULL)
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  vigil_treatment_view_refresh (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilTreatmentView *self = VIGIL_TREATMENT_VIEW (widget);

  if (self->bedside != NULL)
    vigil_bedside_close_treatment (self->bedside);
  self->shown_session = NULL;
  for (GtkEntry **e = (GtkEntry *[]) { self->name_entry, self->clinic_id_entry, self->birth_entry, self->provider_entry, NULL }; *e != NULL; e++)
    gtk_editable_set_text (GTK_EDITABLE (*e), "");
  vigil_treatment_view_refresh (self);
}

/* The finished session's report: opened on the History page, which has
 * Print / Save PDF and Export CSV. */
static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilTreatmentView *self = VIGIL_TREATMENT_VIEW (widget);

  if (self->bedside == NULL || vigil_bedside_get_session_id (self->bedside) <= 0)
    return;
  gtk_widget_activate_action (widget, "win.show-session", "x",
                              vigil_bedside_get_session_id (self->bedside));
}

/* "treatment.stop" (s reason): cancels a treatment that has not started,
 * stops (aborts) one that has; either way a reason is required. */
static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilTreatmentView *self = VIGIL_TREATMENT_VIEW (widget);
  VigilTreatmentSession *session = current_session (self);
  g_autoptr(GError) error = NULL;
  const char *reason = g_variant_get_string (parameter, NULL);
  gboolean done;

  if (session == NULL)
    return;
  if (vigil_treatment_get_phase (vigil_treatment_session_get_treatment (session)) == VIGIL_TREATMENT_PHASE_BEFORE)
    done = vigil_treatment_session_cancel (session, self->user_name, reason, &error);
  else
    done = vigil_treatment_session_abort (session, self->user_name, reason, &error);
  if (!done)
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->stop_reason), "");
  gtk_widget_set_visible (self->stop_reason_box, FALSE);
  vigil_treatment_view_refresh (self);
}

static void
show_stop_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilTreatmentView *self = VIGIL_TREATMENT_VIEW (widget);

  gtk_widget_set_visible (self->stop_reason_box, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->stop_reason));
}

static void
confirm_stop_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VigilTreatmentView *self = VIGIL_TREATMENT_VIEW (widget);

  gtk_widget_activate_action (widget, "treatment.stop", "s",
                              gtk_editable_get_text (GTK_EDITABLE (self->stop_reason)));
}

static void
on_treatment_changed (VigilBedside       *bedside,
                      VigilTreatmentView *self)
{
  self->shown_session = NULL;
  vigil_treatment_view_refresh (self);
}

void
vigil_treatment_view_set_bedside (VigilTreatmentView *self,
                                  VigilBedside       *bedside)
{
  g_return_if_fail (VIGIL_IS_TREATMENT_VIEW (self));
  g_return_if_fail (VIGIL_IS_BEDSIDE (bedside));

  g_set_object (&self->bedside, bedside);
  vigil_checklist_page_set_clinic_config (VIGIL_CHECKLIST_PAGE (self->checklist_page),
                                          vigil_bedside_get_clinic_config (bedside));
  g_signal_connect_object (bedside, "treatment-changed", G_CALLBACK (on_treatment_changed), self, 0);
  vigil_treatment_view_refresh (self);
}

void
vigil_treatment_view_set_user_name (VigilTreatmentView *self,
                                    const char         *user_name)
{
  g_return_if_fail (VIGIL_IS_TREATMENT_VIEW (self));

  g_free (self->user_name);
  self->user_name = g_strdup (user_name);
  vigil_checklist_page_set_user_name (VIGIL_CHECKLIST_PAGE (self->checklist_page), user_name);
  vigil_infusion_page_set_user_name (VIGIL_INFUSION_PAGE (self->infusion_page), user_name);
  vigil_recovery_page_set_user_name (VIGIL_RECOVERY_PAGE (self->recovery_page), user_name);
}

/* The name of the page shown: "new", "done", or a phase's page. */
const char *
vigil_treatment_view_get_visible (VigilTreatmentView *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
vigil_treatment_view_get_header_text (VigilTreatmentView *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_VIEW (self), NULL);
  return gtk_label_get_label (self->header);
}

const char *
vigil_treatment_view_get_error (VigilTreatmentView *self)
{
  g_return_val_if_fail (VIGIL_IS_TREATMENT_VIEW (self), NULL);
  return self->error_text;
}

static GtkWidget *
form_row (GtkGrid    *grid,
          int         row,
          const char *title,
          GtkWidget  *field)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "form-label");
  gtk_widget_set_hexpand (field, TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, field, 1, row, 1, 1);
  return field;
}

static GtkWidget *
build_new_form (VigilTreatmentView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (_("New treatment"));
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *begin = gtk_button_new_with_label (_("Begin treatment"));

  gtk_widget_add_css_class (box, "treatment-form");
  gtk_widget_add_css_class (title, "page-title");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_grid_set_row_spacing (grid, 10);
  gtk_grid_set_column_spacing (grid, 16);

  self->name_entry = GTK_ENTRY (form_row (grid, 0, _("Patient"), gtk_entry_new ()));
  self->clinic_id_entry = GTK_ENTRY (form_row (grid, 1, _("Clinic id (MRN)"), gtk_entry_new ()));
  self->birth_entry = GTK_ENTRY (form_row (grid, 2, _("Date of birth"), gtk_entry_new ()));
  gtk_entry_set_placeholder_text (self->birth_entry, _("YYYY-MM-DD"));
  self->provider_entry = GTK_ENTRY (form_row (grid, 3, _("Mental-health provider"), gtk_entry_new ()));
  self->series_spin = GTK_SPIN_BUTTON (form_row (grid, 4, _("Infusion number"),
                                                 gtk_spin_button_new_with_range (1, 99, 1)));
  self->planned_spin = GTK_SPIN_BUTTON (form_row (grid, 5, _("Planned infusions"),
                                                  gtk_spin_button_new_with_range (1, 99, 1)));
  gtk_spin_button_set_value (self->planned_spin, 6);
  self->maintenance_check = GTK_CHECK_BUTTON (form_row (grid, 6, _("Maintenance"),
                                                        gtk_check_button_new_with_label (_("This is a maintenance infusion"))));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (begin), "treatment.begin");
  gtk_widget_set_halign (begin, GTK_ALIGN_START);
  gtk_widget_add_css_class (begin, "big-action");

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (grid));
  gtk_box_append (GTK_BOX (box), begin);
  return box;
}

static GtkWidget *
build_done (VigilTreatmentView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  GtkWidget *next = gtk_button_new_with_label (_("Next treatment"));
  GtkWidget *report = gtk_button_new_with_label (_("Session report (Print / Save PDF)"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->done_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->done_label), "page-title");
  gtk_label_set_wrap (self->done_label, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (next), "treatment.next");
  gtk_widget_set_halign (buttons, GTK_ALIGN_START);
  gtk_widget_add_css_class (next, "big-action");
  gtk_widget_add_css_class (box, "treatment-form");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (report), "treatment.report");
  gtk_widget_add_css_class (report, "big-action");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->done_label));
  gtk_box_append (GTK_BOX (buttons), next);
  gtk_box_append (GTK_BOX (buttons), report);
  gtk_box_append (GTK_BOX (box), buttons);
  return box;
}

/* Out of the way at the bottom; asks for the reason before it acts. */
static GtkWidget *
build_stop_bar (VigilTreatmentView *self)
{
  GtkWidget *confirm = gtk_button_new_with_label (_("Confirm"));

  self->stop_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->stop_bar, "stop-bar");
  self->stop_button = gtk_button_new_with_label (_("Stop treatment…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->stop_button), "treatment.show-stop");
  gtk_widget_add_css_class (self->stop_button, "stop-treatment");
  gtk_box_append (GTK_BOX (self->stop_bar), self->stop_button);

  self->stop_reason_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->stop_reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->stop_reason, _("Reason (required)"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->stop_reason), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (confirm), "treatment.confirm-stop");
  gtk_widget_add_css_class (confirm, "stop-treatment");
  gtk_box_append (GTK_BOX (self->stop_reason_box), GTK_WIDGET (self->stop_reason));
  gtk_box_append (GTK_BOX (self->stop_reason_box), confirm);
  gtk_widget_set_visible (self->stop_reason_box, FALSE);
  gtk_widget_set_hexpand (self->stop_reason_box, TRUE);
  gtk_box_append (GTK_BOX (self->stop_bar), self->stop_reason_box);
  gtk_widget_set_visible (self->stop_bar, FALSE);
  return self->stop_bar;
}

static void
vigil_treatment_view_dispose (GObject *object)
{
  VigilTreatmentView *self = VIGIL_TREATMENT_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->bedside);

  G_OBJECT_CLASS (vigil_treatment_view_parent_class)->dispose (object);
}

static void
vigil_treatment_view_finalize (GObject *object)
{
  VigilTreatmentView *self = VIGIL_TREATMENT_VIEW (object);

  g_free (self->user_name);
  g_free (self->error_text);
  g_free (self->patient_name);

  G_OBJECT_CLASS (vigil_treatment_view_parent_class)->finalize (object);
}

static void
vigil_treatment_view_class_init (VigilTreatmentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_treatment_view_dispose;
  object_class->finalize = vigil_treatment_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-treatment-view");
  gtk_widget_class_install_action (widget_class, "treatment.begin", NULL, begin_action);
  gtk_widget_class_install_action (widget_class, "treatment.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "treatment.report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "treatment.stop", "s", stop_action);
  gtk_widget_class_install_action (widget_class, "treatment.show-stop", NULL, show_stop_action);
  gtk_widget_class_install_action (widget_class, "treatment.confirm-stop", NULL, confirm_stop_action);
}

static void
vigil_treatment_view_init (VigilTreatmentView *self)
{
  GtkWidget *scroller;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->header = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->header, 0);
  gtk_label_set_ellipsize (self->header, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->header), "phase-header");
  gtk_widget_set_visible (GTK_WIDGET (self->header), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->header));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "limit-error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->error_label));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->stack), "treatment-pages");
  /* Only the page shown counts for the size: the window must fit 1280 px. */
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  /* A page taller than the screen scrolls; the alarm area and the tiles
   * around the view never move. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_stack_add_named (self->stack, build_new_form (self), "new");
  gtk_stack_add_named (self->stack, build_done (self), "done");
  self->checklist_page = g_object_new (VIGIL_TYPE_CHECKLIST_PAGE, NULL);
  self->infusion_page = g_object_new (VIGIL_TYPE_INFUSION_PAGE, NULL);
  self->recovery_page = g_object_new (VIGIL_TYPE_RECOVERY_PAGE, NULL);
  gtk_stack_add_named (self->stack, self->checklist_page, "checklist");
  gtk_stack_add_named (self->stack, self->infusion_page, "infusion");
  gtk_stack_add_named (self->stack, self->recovery_page, "recovery");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (self->box), scroller);
  gtk_box_append (GTK_BOX (self->box), build_stop_bar (self));
}

GtkWidget *
vigil_treatment_view_new (void)
{
  return g_object_new (VIGIL_TYPE_TREATMENT_VIEW, NULL);
}

/* The clinic's discharge score for the recovery page. */
void
vigil_treatment_view_set_discharge_scale (VigilTreatmentView *self,
                                          VigilStoreScale     scale)
{
  g_return_if_fail (VIGIL_IS_TREATMENT_VIEW (self));

  vigil_recovery_page_set_scale (VIGIL_RECOVERY_PAGE (self->recovery_page), scale);
}
