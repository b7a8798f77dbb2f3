/* vigil-infusion-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 40-minute infusion at the bedside: a large count-down ring, pause
 * and resume with a reason, one-tap events, the NIBP schedule, the MOAA/S
 * prompt, CADSS-6 and the end of the infusion. Every tap goes through a
 * GAction ("infusion.*") into the treatment session, which validates and
 * persists it; a refusal is shown on the page in words, a success with a
 * confirmation line so a gloved tap is visibly registered. The timer is
 * always derived from the treatment's stored steps, never counted here.
 */
#include "vigil-infusion-page.h"

#include <glib/gi18n.h>

#include "vigil-ring-timer.h"

#define N_CADSS_CHOICES 5

struct _VigilInfusionPage
{
  GtkWidget              parent_instance;

  VigilTreatmentSession *session;
  VigilTreatment        *treatment;     /* the session's */
  char                  *user_name;
  char                  *error_text;
  char                  *confirmation_text;
  char                  *nibp_text;
  gboolean               moaas_on_demand;
  GtkWidget             *cadss_buttons[VIGIL_CADSS6_N_ITEMS][N_CADSS_CHOICES];

  /* template children */
  GtkStack              *main_stack;
  VigilRingTimer        *ring;
  GtkWidget             *pause_button;
  GtkWidget             *resume_button;
  GtkWidget             *end_button;
  GtkLabel              *phase_label;
  GtkLabel              *nibp_label;
  GtkLabel              *confirm_label;
  GtkLabel              *error_label;
  GtkStack              *panel_stack;
  GtkWidget             *moaas_box;
  GtkLabel              *moaas_title;
  GtkGrid               *moaas_grid;
  GtkWidget             *pause_bp_button;
  GtkWidget             *pause_nausea_button;
  GtkWidget             *pause_anxiety_button;
  GtkWidget             *pause_request_button;
  GtkToggleButton       *pause_other_button;
  GtkWidget             *pause_other_box;
  GtkEditable           *pause_other_entry;
  GtkEditable           *drug_name_entry;
  GtkEditable           *drug_dose_entry;
  GtkEditable           *note_entry;
  GtkLabel              *end_title;
  GtkEditable           *end_reason_entry;
  GtkLabel              *cadss_error_label;
  GtkGrid               *cadss_grid;
  GtkWidget             *cadss_save_button;
};

G_DEFINE_FINAL_TYPE (VigilInfusionPage, vigil_infusion_page, GTK_TYPE_WIDGET)

/* ---- helpers ------------------------------------------------------------ */

static void
set_label_text (GtkLabel    *label,
                char       **store,
                const char  *text)
{
  if (store != NULL)
    {
      g_free (*store);
      *store = g_strdup (text);
    }
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
set_error (VigilInfusionPage *self,
           const char        *text)
{
  set_label_text (self->error_label, &self->error_text, text);
  /* The CADSS form covers the page: it shows the same refusal. */
  set_label_text (self->cadss_error_label, NULL, text);
}

static gint64
now_wall (VigilInfusionPage *self)
{
  return vigil_clock_get_wall (vigil_treatment_get_clock (self->treatment));
}

/* "08:12", local time, as on the monitor's clock. */
static char *
format_clock (gint64 wall_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%H:%M") : g_strdup ("--:--");
}

/* A success: the error goes, a line says what was recorded and when. */
static void
confirm (VigilInfusionPage *self,
         const char        *what)
{
  g_autofree char *at = format_clock (now_wall (self));
  /* TRANSLATORS: confirmation of a tap: "Nausea recorded 08:12" */
  g_autofree char *text = g_strdup_printf (_("%s recorded %s"), what, at);

  set_error (self, NULL);
  set_label_text (self->confirm_label, &self->confirmation_text, text);
}

static gboolean
has_session (VigilInfusionPage *self)
{
  if (self->session != NULL)
    return TRUE;
  set_error (self, _("No treatment is open on this monitor."));
  return FALSE;
}

static void
show_panel (VigilInfusionPage *self,
            const char        *name)
{
  if (g_str_equal (name, "cadss"))
    {
      gtk_stack_set_visible_child_name (self->main_stack, "cadss");
      return;
    }
  gtk_stack_set_visible_child_name (self->main_stack, "infusion");
  gtk_stack_set_visible_child_name (self->panel_stack, name);
  if (!g_str_equal (name, "pause"))
    gtk_toggle_button_set_active (self->pause_other_button, FALSE);
}

static const char *
event_label (VigilStoreEventKind kind)
{
  switch (kind)
    {
    case VIGIL_STORE_EVENT_NAUSEA:
      return _("Nausea");
    case VIGIL_STORE_EVENT_VOMITING:
      return _("Vomiting");
    case VIGIL_STORE_EVENT_ANXIETY:
      return _("Anxiety");
    case VIGIL_STORE_EVENT_HEADACHE:
      return _("Headache");
    case VIGIL_STORE_EVENT_DRUG:
      return _("Drug");
    case VIGIL_STORE_EVENT_NOTE:
      return _("Note");
    case VIGIL_STORE_N_EVENT_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The reason of the pause in force, from the stored steps. */
static const char *
current_pause_reason (VigilInfusionPage *self)
{
  GPtrArray *steps = vigil_treatment_get_steps (self->treatment);

  for (guint i = steps->len; i > 0; i--)
    {
      const VigilTreatmentStep *step = g_ptr_array_index (steps, i - 1);

      if (step->kind == VIGIL_TREATMENT_STEP_PAUSE)
        return step->reason;
    }
  return NULL;
}

/* ---- refresh ------------------------------------------------------------ */

static void
refresh_nibp (VigilInfusionPage *self,
              gboolean           running)
{
  GtkWidget *label = GTK_WIDGET (self->nibp_label);
  VigilTreatmentDue due = vigil_treatment_get_nibp_state (self->treatment);
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (label, "due");
  gtk_widget_remove_css_class (label, "overdue");
  if (!running)
    {
      set_label_text (self->nibp_label, &self->nibp_text, NULL);
      return;
    }
  switch (due)
    {
    case VIGIL_TREATMENT_DUE_DUE:
      text = g_strdup (_("NIBP due now"));
      gtk_widget_add_css_class (label, "due");
      break;
    case VIGIL_TREATMENT_DUE_OVERDUE:
      text = g_strdup (_("NIBP overdue"));
      gtk_widget_add_css_class (label, "overdue");
      break;
    case VIGIL_TREATMENT_DUE_NOT_DUE:
    default:
      {
        gint64 next = vigil_treatment_get_next_nibp_due (self->treatment);
        g_autofree char *at = format_clock (next);

        /* TRANSLATORS: the next scheduled blood pressure, "Next NIBP 08:30" */
        text = next > 0 ? g_strdup_printf (_("Next NIBP %s"), at) : NULL;
      }
      break;
    }
  set_label_text (self->nibp_label, &self->nibp_text, text);
}

static void
refresh_moaas (VigilInfusionPage *self,
               gboolean           running)
{
  VigilTreatmentDue due = vigil_treatment_get_moaas_state (self->treatment);
  gboolean visible = running && (due != VIGIL_TREATMENT_DUE_NOT_DUE || self->moaas_on_demand);

  gtk_widget_set_visible (self->moaas_box, visible);
  if (!visible)
    return;
  gtk_label_set_label (self->moaas_title,
                       due == VIGIL_TREATMENT_DUE_OVERDUE ? _("MOAA/S overdue: tap the patient’s response")
                       : due == VIGIL_TREATMENT_DUE_DUE ? _("MOAA/S due: tap the patient’s response")
                       : _("MOAA/S: tap the patient’s response"));
}

/**
 * vigil_infusion_page_refresh:
 *
 * Reads the phase and the timers from the treatment at the clock's
 * current wall time. The window calls this once a second.
 */
void
vigil_infusion_page_refresh (VigilInfusionPage *self)
{
  VigilTreatmentPhase phase;
  const VigilTreatmentConfig *config;
  gboolean running, paused, ended;
  gint64 elapsed;

  g_return_if_fail (VIGIL_IS_INFUSION_PAGE (self));

  if (self->treatment == NULL)
    {
      gtk_label_set_label (self->phase_label, _("No treatment is open on this monitor."));
      gtk_widget_set_visible (self->pause_button, FALSE);
      gtk_widget_set_visible (self->resume_button, FALSE);
      gtk_widget_set_visible (self->end_button, FALSE);
      gtk_widget_set_visible (self->moaas_box, FALSE);
      set_label_text (self->nibp_label, &self->nibp_text, NULL);
      return;
    }

  phase = vigil_treatment_get_phase (self->treatment);
  config = vigil_treatment_get_config (self->treatment);
  paused = phase == VIGIL_TREATMENT_PHASE_INFUSION_PAUSED;
  running = phase == VIGIL_TREATMENT_PHASE_INFUSION || paused;
  ended = phase > VIGIL_TREATMENT_PHASE_INFUSION_PAUSED;
  elapsed = vigil_treatment_get_infusion_elapsed (self->treatment);

  vigil_ring_timer_set_total (self->ring, config->infusion_duration_us);
  vigil_ring_timer_set_elapsed (self->ring, elapsed);
  vigil_ring_timer_set_paused (self->ring, paused);
  vigil_ring_timer_set_paused_for (self->ring, paused ? vigil_treatment_get_current_pause_elapsed (self->treatment) : 0);

  gtk_widget_set_visible (self->pause_button, !paused);
  gtk_widget_set_sensitive (self->pause_button, phase == VIGIL_TREATMENT_PHASE_INFUSION);
  gtk_widget_set_visible (self->resume_button, paused);
  gtk_widget_set_visible (self->end_button, TRUE);
  gtk_widget_set_sensitive (self->end_button, running);
  /* Once the set time is over, ending is the next thing to do. */
  if (running && elapsed >= config->infusion_duration_us)
    gtk_widget_add_css_class (self->end_button, "complete");
  else
    gtk_widget_remove_css_class (self->end_button, "complete");

  if (paused)
    {
      const char *reason = current_pause_reason (self);
      /* TRANSLATORS: the phase line while paused, "Infusion paused: Nausea" */
      g_autofree char *text = g_strdup_printf (_("Infusion paused: %s"), reason != NULL ? reason : "");

      gtk_label_set_label (self->phase_label, text);
    }
  else if (phase == VIGIL_TREATMENT_PHASE_INFUSION)
    gtk_label_set_label (self->phase_label,
                         elapsed > config->infusion_duration_us ? _("Infusion time complete: end the infusion")
                                                                : _("Infusion running"));
  else if (phase == VIGIL_TREATMENT_PHASE_BEFORE)
    gtk_label_set_label (self->phase_label, _("The infusion has not started"));
  else if (ended)
    gtk_label_set_label (self->phase_label, _("The infusion has ended"));

  {
    g_autofree char *total = vigil_ring_timer_format_duration (config->infusion_duration_us);
    g_autofree char *end_text = NULL;

    if (elapsed < config->infusion_duration_us)
      /* TRANSLATORS: %s is the set duration, "40:00" */
      end_text = g_strdup_printf (_("Ending before %s needs a reason. Type it, then end the infusion."), total);
    else
      end_text = g_strdup (_("The set time is complete. A reason is optional."));
    gtk_label_set_label (self->end_title, end_text);
  }

  refresh_nibp (self, running);
  refresh_moaas (self, running);

  /* Panels for a running infusion make no sense once it has ended. */
  if (!running && gtk_stack_get_visible_child_name (self->main_stack) != NULL)
    {
      const char *panel = gtk_stack_get_visible_child_name (self->panel_stack);

      if (g_strcmp0 (panel, "pause") == 0 || g_strcmp0 (panel, "end") == 0)
        show_panel (self, "events");
    }
}

/* ---- actions ------------------------------------------------------------ */

static void
do_pause (VigilInfusionPage *self,
          const char        *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;

  if (!has_session (self))
    return;
  if (!vigil_treatment_session_pause (self->session, self->user_name, reason, &error))
    {
      set_error (self, error->message);
      vigil_infusion_page_refresh (self);
      return;
    }
  /* TRANSLATORS: the confirmation's subject, "Pause (Nausea)" */
  what = g_strdup_printf (_("Pause (%s)"), reason);
  confirm (self, what);
  gtk_editable_set_text (self->pause_other_entry, "");
  show_panel (self, "events");
  vigil_infusion_page_refresh (self);
}

static void
action_pause (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  do_pause (VIGIL_INFUSION_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
action_pause_other (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (self->pause_other_entry)));

  do_pause (self, reason);
}

static void
action_resume (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!has_session (self))
    return;
  if (!vigil_treatment_session_resume_infusion (self->session, self->user_name, &error))
    set_error (self, error->message);
  else
    confirm (self, _("Resume"));
  vigil_infusion_page_refresh (self);
}

static void
do_event (VigilInfusionPage   *self,
          VigilStoreEventKind  kind,
          const char          *drug_name,
          const char          *drug_dose,
          const char          *note)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;

  if (!has_session (self))
    return;
  if (!vigil_treatment_session_add_event (self->session, kind, drug_name, drug_dose, note,
                                          self->user_name, &error))
    {
      set_error (self, error->message);
      return;
    }
  if (kind == VIGIL_STORE_EVENT_DRUG)
    what = g_strdup_printf ("%s %s", drug_name, drug_dose);
  else
    what = g_strdup (event_label (kind));
  confirm (self, what);
  if (kind == VIGIL_STORE_EVENT_DRUG)
    {
      gtk_editable_set_text (self->drug_name_entry, "");
      gtk_editable_set_text (self->drug_dose_entry, "");
    }
  else if (kind == VIGIL_STORE_EVENT_NOTE)
    gtk_editable_set_text (self->note_entry, "");
  show_panel (self, "events");
}

static char *
entry_text (GtkEditable *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}

static void
action_event (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);
  const char *nick = g_variant_get_string (parameter, NULL);
  VigilStoreEventKind kind;

  if (!vigil_store_event_kind_from_string (nick, &kind))
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not an event this page knows."), nick);

      set_error (self, text);
      return;
    }
  /* The two events that need words take them from their entries. */
  if (kind == VIGIL_STORE_EVENT_NOTE)
    {
      g_autofree char *note = entry_text (self->note_entry);

      do_event (self, kind, NULL, NULL, note);
    }
  else if (kind == VIGIL_STORE_EVENT_DRUG)
    {
      g_autofree char *name = entry_text (self->drug_name_entry);
      g_autofree char *dose = entry_text (self->drug_dose_entry);

      do_event (self, kind, name, dose, NULL);
    }
  else
    do_event (self, kind, NULL, NULL, NULL);
}

static void
action_drug (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  const char *name = NULL, *dose = NULL;

  g_variant_get (parameter, "(&s&s)", &name, &dose);
  do_event (VIGIL_INFUSION_PAGE (widget), VIGIL_STORE_EVENT_DRUG, name, dose, NULL);
}

static void
action_drug_entered (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);
  g_autofree char *name = entry_text (self->drug_name_entry);
  g_autofree char *dose = entry_text (self->drug_dose_entry);

  if (*name == '\0' || *dose == '\0')
    {
      set_error (self, _("Enter the drug’s name and the dose given, then tap Record drug."));
      return;
    }
  do_event (self, VIGIL_STORE_EVENT_DRUG, name, dose, NULL);
}

static void
action_moaas (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  int score = g_variant_get_int32 (parameter);

  if (!has_session (self))
    return;
  if (!vigil_treatment_session_record_moaas (self->session, score, self->user_name, &error))
    {
      set_error (self, error->message);
      return;
    }
  /* TRANSLATORS: the confirmation's subject, "MOAA/S 4" */
  what = g_strdup_printf (_("MOAA/S %d"), score);
  self->moaas_on_demand = FALSE;
  confirm (self, what);
  vigil_infusion_page_refresh (self);
}

static void
action_show_moaas (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);

  self->moaas_on_demand = TRUE;
  show_panel (self, "events");
  vigil_infusion_page_refresh (self);
}

static void
clear_cadss_form (VigilInfusionPage *self)
{
  for (guint i = 0; i < VIGIL_CADSS6_N_ITEMS; i++)
    for (guint j = 0; j < N_CADSS_CHOICES; j++)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->cadss_buttons[i][j]), FALSE);
}

static void
record_cadss (VigilInfusionPage *self,
              const int          items[VIGIL_CADSS6_N_ITEMS])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  guint total = 0;

  if (!has_session (self))
    return;
  if (!vigil_treatment_session_record_cadss6 (self->session, items, self->user_name, &error))
    {
      set_error (self, error->message);
      return;
    }
  if (!vigil_cadss6_score (items, &total, NULL))
    g_return_if_reached ();
  /* TRANSLATORS: the confirmation's subject, "CADSS-6 total 5" */
  what = g_strdup_printf (_("CADSS-6 total %u"), total);
  confirm (self, what);
  clear_cadss_form (self);
  show_panel (self, "events");
}

static void
action_cadss (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  int items[VIGIL_CADSS6_N_ITEMS];

  g_variant_get (parameter, "(iiiiii)", &items[0], &items[1], &items[2],
                 &items[3], &items[4], &items[5]);
  record_cadss (VIGIL_INFUSION_PAGE (widget), items);
}

/* The answer tapped in row @i, or -1. */
static int
cadss_answer (VigilInfusionPage *self,
              guint              i)
{
  for (guint j = 0; j < N_CADSS_CHOICES; j++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->cadss_buttons[i][j])))
      return (int) j;
  return -1;
}

static void
action_cadss_entered (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);
  int items[VIGIL_CADSS6_N_ITEMS];

  for (guint i = 0; i < VIGIL_CADSS6_N_ITEMS; i++)
    {
      items[i] = cadss_answer (self, i);
      if (items[i] < 0)
        {
          g_autofree char *text = g_strdup_printf (_("Answer every item: %s has no answer yet."),
                                                   vigil_cadss6_item_label (i));

          set_error (self, text);
          return;
        }
    }
  record_cadss (self, items);
}

static void
do_end (VigilInfusionPage *self,
        const char        *reason)
{
  g_autoptr(GError) error = NULL;

  if (!has_session (self))
    return;
  if (!vigil_treatment_session_end_infusion (self->session, self->user_name,
                                             reason != NULL && *reason != '\0' ? reason : NULL,
                                             &error))
    {
      /* Before the set time the refusal asks for the reason: ask inline. */
      set_error (self, error->message);
      if (g_error_matches (error, VIGIL_TREATMENT_ERROR, VIGIL_TREATMENT_ERROR_REASON_REQUIRED))
        {
          show_panel (self, "end");
          gtk_widget_grab_focus (GTK_WIDGET (self->end_reason_entry));
        }
      vigil_infusion_page_refresh (self);
      return;
    }
  confirm (self, _("End of infusion"));
  gtk_editable_set_text (self->end_reason_entry, "");
  show_panel (self, "events");
  vigil_infusion_page_refresh (self);
}

static void
action_end (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  g_autofree char *reason = g_strstrip (g_variant_dup_string (parameter, NULL));

  do_end (VIGIL_INFUSION_PAGE (widget), reason);
}

static void
action_end_entered (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);
  g_autofree char *reason = entry_text (self->end_reason_entry);

  do_end (self, reason);
}

static void
action_show_panel (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (!g_str_equal (name, "cadss") && gtk_stack_get_child_by_name (self->panel_stack, name) == NULL)
    g_return_if_reached ();
  set_error (self, NULL);
  show_panel (self, name);
}

/* ---- session ------------------------------------------------------------ */

static void
on_information (VigilTreatment            *treatment,
                VigilTreatmentInformation  what,
                gint64                     at_us,
                VigilInfusionPage         *self)
{
  /* CADSS-6 is announced at the end of the infusion time: open the form. */
  if (what == VIGIL_TREATMENT_INFORMATION_CADSS_DUE)
    show_panel (self, "cadss");
  vigil_infusion_page_refresh (self);
}

static void
on_phase_changed (VigilTreatment    *treatment,
                  GParamSpec        *pspec,
                  VigilInfusionPage *self)
{
  vigil_infusion_page_refresh (self);
}

void
vigil_infusion_page_set_session (VigilInfusionPage     *self,
                                 VigilTreatmentSession *session)
{
  g_return_if_fail (VIGIL_IS_INFUSION_PAGE (self));
  g_return_if_fail (session == NULL || VIGIL_IS_TREATMENT_SESSION (session));

  if (self->session == session)
    return;
  if (self->treatment != NULL)
    g_signal_handlers_disconnect_by_data (self->treatment, self);
  g_clear_object (&self->treatment);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      self->treatment = g_object_ref (vigil_treatment_session_get_treatment (session));
      g_signal_connect_object (self->treatment, "information", G_CALLBACK (on_information), self, 0);
      g_signal_connect_object (self->treatment, "notify::phase", G_CALLBACK (on_phase_changed), self, 0);
    }
  self->moaas_on_demand = FALSE;
  set_error (self, NULL);
  set_label_text (self->confirm_label, &self->confirmation_text, NULL);
  clear_cadss_form (self);
  show_panel (self, "events");
  vigil_infusion_page_refresh (self);
}

void
vigil_infusion_page_set_user_name (VigilInfusionPage *self,
                                   const char        *who)
{
  g_return_if_fail (VIGIL_IS_INFUSION_PAGE (self));

  g_free (self->user_name);
  self->user_name = g_strdup (who);
}

GtkWidget *
vigil_infusion_page_new (void)
{
  return g_object_new (VIGIL_TYPE_INFUSION_PAGE, NULL);
}

GtkWidget *
vigil_infusion_page_get_ring_timer (VigilInfusionPage *self)
{
  g_return_val_if_fail (VIGIL_IS_INFUSION_PAGE (self), NULL);
  return GTK_WIDGET (self->ring);
}

/* The refusal shown on the page, or %NULL. */
const char *
vigil_infusion_page_get_error (VigilInfusionPage *self)
{
  g_return_val_if_fail (VIGIL_IS_INFUSION_PAGE (self), NULL);
  return self->error_text;
}

/* The last "… recorded 08:12" line, or %NULL. */
const char *
vigil_infusion_page_get_confirmation (VigilInfusionPage *self)
{
  g_return_val_if_fail (VIGIL_IS_INFUSION_PAGE (self), NULL);
  return self->confirmation_text;
}

const char *
vigil_infusion_page_get_nibp_text (VigilInfusionPage *self)
{
  g_return_val_if_fail (VIGIL_IS_INFUSION_PAGE (self), NULL);
  return self->nibp_text;
}

const char *
vigil_infusion_page_get_panel (VigilInfusionPage *self)
{
  g_return_val_if_fail (VIGIL_IS_INFUSION_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "cadss") == 0)
    return "cadss";
  return gtk_stack_get_visible_child_name (self->panel_stack);
}

gboolean
vigil_infusion_page_get_moaas_visible (VigilInfusionPage *self)
{
  g_return_val_if_fail (VIGIL_IS_INFUSION_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->moaas_box)
         && g_strcmp0 (vigil_infusion_page_get_panel (self), "events") == 0;
}

/* ---- GObject ------------------------------------------------------------ */

static void
vigil_infusion_page_dispose (GObject *object)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (object);
  GtkWidget *child;

  vigil_infusion_page_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_INFUSION_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vigil_infusion_page_parent_class)->dispose (object);
}

static void
vigil_infusion_page_finalize (GObject *object)
{
  VigilInfusionPage *self = VIGIL_INFUSION_PAGE (object);

  g_free (self->user_name);
  g_free (self->error_text);
  g_free (self->confirmation_text);
  g_free (self->nibp_text);

  G_OBJECT_CLASS (vigil_infusion_page_parent_class)->finalize (object);
}

static void
vigil_infusion_page_class_init (VigilInfusionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_infusion_page_dispose;
  object_class->finalize = vigil_infusion_page_finalize;

  g_type_ensure (VIGIL_TYPE_RING_TIMER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-infusion-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-infusion-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, ring);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, end_button);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, phase_label);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, nibp_label);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, panel_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, moaas_box);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, moaas_title);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, moaas_grid);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, pause_bp_button);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, pause_nausea_button);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, pause_anxiety_button);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, pause_request_button);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, pause_other_button);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, pause_other_box);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, pause_other_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, drug_name_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, drug_dose_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, note_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, end_title);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, end_reason_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, cadss_error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, cadss_grid);
  gtk_widget_class_bind_template_child (widget_class, VigilInfusionPage, cadss_save_button);

  gtk_widget_class_install_action (widget_class, "infusion.pause", "s", action_pause);
  gtk_widget_class_install_action (widget_class, "infusion.pause-other", NULL, action_pause_other);
  gtk_widget_class_install_action (widget_class, "infusion.resume", NULL, action_resume);
  gtk_widget_class_install_action (widget_class, "infusion.event", "s", action_event);
  gtk_widget_class_install_action (widget_class, "infusion.drug", "(ss)", action_drug);
  gtk_widget_class_install_action (widget_class, "infusion.drug-entered", NULL, action_drug_entered);
  gtk_widget_class_install_action (widget_class, "infusion.moaas", "i", action_moaas);
  gtk_widget_class_install_action (widget_class, "infusion.show-moaas", NULL, action_show_moaas);
  gtk_widget_class_install_action (widget_class, "infusion.cadss", "(iiiiii)", action_cadss);
  gtk_widget_class_install_action (widget_class, "infusion.cadss-entered", NULL, action_cadss_entered);
  gtk_widget_class_install_action (widget_class, "infusion.end", "s", action_end);
  gtk_widget_class_install_action (widget_class, "infusion.end-entered", NULL, action_end_entered);
  gtk_widget_class_install_action (widget_class, "infusion.show-panel", "s", action_show_panel);
}

/* One toggle per answer; tapping one clears the others in its row. */
static void
on_cadss_toggled (GtkToggleButton   *button,
                  VigilInfusionPage *self)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "vigil-row"));

  if (!gtk_toggle_button_get_active (button))
    return;
  for (guint j = 0; j < N_CADSS_CHOICES; j++)
    if (self->cadss_buttons[row][j] != GTK_WIDGET (button))
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->cadss_buttons[row][j]), FALSE);
}

static void
build_moaas_buttons (VigilInfusionPage *self)
{
  /* 5 (alert) first, as on the scale's form. */
  for (int score = VIGIL_MOAAS_MAX; score >= 0; score--)
    {
      guint index = (guint) (VIGIL_MOAAS_MAX - score);
      g_autofree char *text = g_strdup_printf ("%d  %s", score, vigil_moaas_describe (score));
      GtkWidget *button = gtk_button_new ();
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "infusion.moaas");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", score);
      gtk_widget_add_css_class (button, "moaas-choice");
      gtk_grid_attach (self->moaas_grid, button, index % 2, index / 2, 1, 1);
    }
}

static void
build_cadss_form (VigilInfusionPage *self)
{
  for (guint i = 0; i < VIGIL_CADSS6_N_ITEMS; i++)
    {
      GtkWidget *label = gtk_label_new (vigil_cadss6_item_label (i));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "cadss-item");
      gtk_grid_attach (self->cadss_grid, label, 0, (int) i, 1, 1);
      for (guint j = 0; j < N_CADSS_CHOICES; j++)
        {
          g_autofree char *text = g_strdup_printf ("%u %s", j, vigil_cadss6_choice_label ((int) j));
          GtkWidget *button = gtk_toggle_button_new_with_label (text);

          gtk_widget_set_hexpand (button, TRUE);
          gtk_widget_add_css_class (button, "cadss-choice");
          g_object_set_data (G_OBJECT (button), "vigil-row", GUINT_TO_POINTER (i));
          g_signal_connect (button, "toggled", G_CALLBACK (on_cadss_toggled), self);
          gtk_grid_attach (self->cadss_grid, button, (int) j + 1, (int) i, 1, 1);
          self->cadss_buttons[i][j] = button;
        }
    }
}

static void
vigil_infusion_page_init (VigilInfusionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The stored reason is the words on the button, in the nurse's language. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->pause_bp_button), "s", _("Blood pressure"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->pause_nausea_button), "s", _("Nausea"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->pause_anxiety_button), "s", _("Anxiety"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->pause_request_button), "s", _("Patient request"));
  g_object_bind_property (self->pause_other_button, "active", self->pause_other_box, "visible",
                          G_BINDING_SYNC_CREATE);
  gtk_button_set_label (GTK_BUTTON (self->cadss_save_button), _("Record CADSS-6"));
  vigil_ring_timer_set_title (self->ring, _("Infusion"));

  build_moaas_buttons (self);
  build_cadss_form (self);

  set_error (self, NULL);
  set_label_text (self->confirm_label, &self->confirmation_text, NULL);
  vigil_infusion_page_refresh (self);
}
