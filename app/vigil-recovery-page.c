/* vigil-recovery-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recovery and discharge. The ring counts UP: a nurse documents "in
 * recovery for 18 minutes", and the gate that matters (the minimum, 30 min)
 * is the tick on the ring and a criterion with its minutes left, whereas a
 * countdown to the 45 min default would suggest a deadline that is none.
 *
 * The page decides nothing itself: the session evaluates the criteria and
 * takes every step; the page shows its answers, one row per criterion, and
 * shows its refusals in the error label. Every action is a GAction on the
 * page ("recovery.*") so a test or the window can trigger it.
 */
#include "vigil-recovery-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigil-ring-timer.h"
#include "vigil-scores.h"

#define N_CHOICES 3

static const struct
{
  VigilDischargeCriterion  criterion;
  const char              *name;
} criteria[] = {
  { VIGIL_DISCHARGE_CRITERION_SCORE, N_("Discharge score passes") },
  { VIGIL_DISCHARGE_CRITERION_BP_BASELINE, N_("BP within 20 % of baseline") },
  { VIGIL_DISCHARGE_CRITERION_BP_BELOW_A7, N_("BP below the high limit") },
  { VIGIL_DISCHARGE_CRITERION_ESCORT, N_("Escort present") },
  { VIGIL_DISCHARGE_CRITERION_MIN_TIME, N_("Minimum recovery time") },
};

#define N_CRITERIA G_N_ELEMENTS (criteria)

struct _VigilRecoveryPage
{
  GtkWidget              parent_instance;

  VigilTreatmentSession *session;
  VigilTreatment        *treatment;
  VigilMonitor          *monitor;
  char                  *user_name;
  char                  *error_text;

  int                    choices[VIGIL_N_ALDRETE_ITEMS];   /* -1: not chosen */
  gboolean               circulation_touched;              /* the nurse chose, not the BP */
  gboolean               updating;                         /* the page sets a toggle itself */
  GtkWidget             *choice_buttons[VIGIL_N_ALDRETE_ITEMS][N_CHOICES];
  GtkWidget             *circulation_hint;
  GtkWidget             *hints[VIGIL_N_ALDRETE_ITEMS];    /* per row; one shown: the BP row */
  GtkWidget             *item_names[VIGIL_N_ALDRETE_ITEMS];
  GtkWidget             *choice_labels[VIGIL_N_ALDRETE_ITEMS][N_CHOICES];
  GtkLabel              *score_heading;
  VigilStoreScale        scale;                            /* aldrete or padss, the clinic's */
  GtkWidget             *criterion_labels[N_CRITERIA];
  GtkLabel              *criteria_other;
  gint64                 recorded_at;                      /* of the score recorded on this page */

  /* template children */
  GtkWidget             *root;
  GtkWidget             *ring;
  GtkLabel              *nibp_label;
  GtkLabel              *bp_label;
  GtkWidget             *criteria_box;
  GtkStack              *right_stack;
  GtkLabel              *status_label;
  GtkGrid               *aldrete_grid;
  GtkLabel              *score_label;
  GtkWidget             *record_button;
  GtkLabel              *error_label;
  GtkWidget             *escort_button;
  GtkLabel              *escort_button_label;
  GtkWidget             *ready_button;
  GtkWidget             *discharge_button;
  GtkToggleButton       *override_toggle;
  GtkWidget             *override_box;
  GtkLabel              *override_intro;
  GtkEntry              *override_entry;
  GtkWidget             *override_confirm;
  GtkLabel              *summary_label;
  GtkLabel              *summary_detail;
};

G_DEFINE_FINAL_TYPE (VigilRecoveryPage, vigil_recovery_page, GTK_TYPE_WIDGET)

static void
set_error (VigilRecoveryPage *self,
           const char        *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static char *
format_clock (gint64 wall_us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  return g_date_time_format (t, "%H:%M");
}

static gboolean
have_user (VigilRecoveryPage *self)
{
  g_autofree char *who = g_strstrip (g_strdup (self->user_name != NULL ? self->user_name : ""));

  if (who[0] != '\0')
    return TRUE;
  set_error (self, _("No staff name is set on this monitor: enter your name before recording."));
  return FALSE;
}

static gboolean
all_chosen (VigilRecoveryPage *self)
{
  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    if (self->choices[i] < 0)
      return FALSE;
  return TRUE;
}

/* The latest NIBP taken since recovery started, if the monitor has one. */
static const VigilObservation *
recovery_nibp (VigilRecoveryPage *self)
{
  const VigilObservation *nibp;
  gint64 started;

  if (self->monitor == NULL || self->treatment == NULL)
    return NULL;
  started = vigil_treatment_get_recovery_started_at (self->treatment);
  nibp = vigil_monitor_get_latest (self->monitor, VIGIL_PARAMETER_NIBP);
  if (started == 0 || nibp == NULL || !vigil_observation_is_present (nibp)
      || !isfinite (nibp->value) || nibp->host_wall_us < started)
    return NULL;
  return nibp;
}

static void
set_choice (VigilRecoveryPage *self,
            VigilAldreteItem   item,
            int                choice)
{
  self->updating = TRUE;
  if (choice >= 0 && choice < N_CHOICES)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->choice_buttons[item][choice]), TRUE);
  self->choices[item] = choice;
  self->updating = FALSE;
}

/* The circulation item follows the BP against the baseline until the
 * nurse taps it; the hint says where the suggestion came from. */
G_STATIC_ASSERT ((int) VIGIL_N_ALDRETE_ITEMS == (int) VIGIL_N_PADSS_ITEMS);

/* The row the blood pressure speaks to: Aldrete's circulation or PADSS's
 * vital signs. */
static guint
bp_item (VigilRecoveryPage *self)
{
  return self->scale == VIGIL_STORE_SCALE_PADSS ? VIGIL_PADSS_VITAL_SIGNS : VIGIL_ALDRETE_CIRCULATION;
}

static gboolean
score_from_bp (VigilRecoveryPage *self,
               double             baseline_sys,
               double             sys,
               int               *out)
{
  if (self->scale == VIGIL_STORE_SCALE_PADSS)
    return vigil_padss_vital_signs_from_bp (baseline_sys, sys, out, NULL);
  return vigil_aldrete_circulation_from_bp (baseline_sys, sys, out, NULL);
}

static gboolean
score_items (VigilRecoveryPage   *self,
             const int           *items,
             VigilDischargeScore *out)
{
  if (self->scale == VIGIL_STORE_SCALE_PADSS)
    return vigil_padss_score (items, VIGIL_DISCHARGE_PASS_TOTAL, VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO, out, NULL);
  return vigil_aldrete_score (items, VIGIL_DISCHARGE_PASS_TOTAL, out, NULL);
}

static const char *
item_label (VigilRecoveryPage *self,
            guint              item)
{
  return self->scale == VIGIL_STORE_SCALE_PADSS ? vigil_padss_item_label (item) : vigil_aldrete_item_label (item);
}

static const char *
choice_label (VigilRecoveryPage *self,
              guint              item,
              int                choice)
{
  return self->scale == VIGIL_STORE_SCALE_PADSS ? vigil_padss_choice_label (item, choice)
                                                : vigil_aldrete_choice_label (item, choice);
}

/* Writes the rows' words for the scale in use. */
static void
label_rows (VigilRecoveryPage *self)
{
  gtk_label_set_label (self->score_heading,
                       self->scale == VIGIL_STORE_SCALE_PADSS
                       ? _("PADSS score — tap one per row")
                       : _("Modified Aldrete score — tap one per row"));
  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    {
      gtk_label_set_label (GTK_LABEL (self->item_names[i]), item_label (self, i));
      gtk_widget_set_visible (self->hints[i], i == bp_item (self));
      for (int c = 0; c < N_CHOICES; c++)
        {
          g_autofree char *markup = g_markup_printf_escaped ("<b>%d</b>  %s", c, choice_label (self, i, c));

          gtk_label_set_markup (GTK_LABEL (self->choice_labels[i][c]), markup);
        }
    }
  self->circulation_hint = self->hints[bp_item (self)];
}

static void
refresh_circulation_suggestion (VigilRecoveryPage *self)
{
  const VigilObservation *nibp = recovery_nibp (self);
  double base_sys = 0, base_dia = 0;
  int suggested = -1;
  g_autofree char *hint = NULL;

  if (nibp != NULL && self->session != NULL
      && vigil_treatment_session_get_baseline_nibp (self->session, &base_sys, &base_dia)
      && score_from_bp (self, base_sys, nibp->value, &suggested))
    {
      /* TRANSLATORS: under "Circulation": the score the latest systolic suggests */
      hint = g_strdup_printf (_("BP suggests %d (%.0f vs baseline %.0f)"),
                              suggested, nibp->value, base_sys);
      if (!self->circulation_touched && self->choices[bp_item (self)] != suggested)
        set_choice (self, bp_item (self), suggested);
    }
  else
    hint = g_strdup (_("No BP in recovery yet to suggest from"));
  gtk_label_set_label (GTK_LABEL (self->circulation_hint), hint);
}

static void
refresh_score_label (VigilRecoveryPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;
  VigilDischargeScore score;
  guint n = 0;

  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    n += self->choices[i] >= 0;

  gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), "pass");
  gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), "fail");
  if (n < VIGIL_N_ALDRETE_ITEMS)
    text = g_strdup_printf (_("Choose one answer in each row (%u of %d chosen)"), n, VIGIL_N_ALDRETE_ITEMS);
  else if (score_items (self, self->choices, &score))
    {
      if (self->recorded_at != 0)
        when = format_clock (self->recorded_at);
      if (score.pass)
        text = g_strdup_printf (_("Total %u of 10 — passes"), score.total);
      else if (score.n_zero_items > 0)
        text = g_strdup_printf (_("Total %u of 10 — does not pass: an item is at 0"), score.total);
      else
        text = g_strdup_printf (_("Total %u of 10 — does not pass: %d needed"),
                                score.total, VIGIL_DISCHARGE_PASS_TOTAL);
      if (when != NULL)
        {
          g_autofree char *with_time = NULL;

          /* TRANSLATORS: "Total 9 of 10 — passes · recorded 09:12" */
          with_time = g_strdup_printf (_("%s · recorded %s"), text, when);
          g_free (text);
          text = g_steal_pointer (&with_time);
        }
      gtk_widget_add_css_class (GTK_WIDGET (self->score_label), score.pass ? "pass" : "fail");
    }
  else
    text = g_strdup ("");
  gtk_label_set_label (self->score_label, text);
}

/* The session gives one reason per failed criterion, in the order of
 * criteria[], except that a missing recovery BP is one reason for both BP
 * criteria. */
static void
refresh_criteria (VigilRecoveryPage   *self,
                  VigilDischargeCheck *check)
{
  const char *reason_for[N_CRITERIA] = { NULL };
  guint n_reasons = check->reasons != NULL ? g_strv_length (check->reasons) : 0;
  guint n_failed = 0;
  guint next = 0;
  gboolean shared_bp;

  for (guint i = 0; i < N_CRITERIA; i++)
    n_failed += (check->failed & criteria[i].criterion) != 0;
  shared_bp = n_reasons + 1 == n_failed
              && (check->failed & VIGIL_DISCHARGE_CRITERION_BP_BASELINE)
              && (check->failed & VIGIL_DISCHARGE_CRITERION_BP_BELOW_A7);
  if (n_reasons == n_failed || shared_bp)
    for (guint i = 0; i < N_CRITERIA; i++)
      {
        if (!(check->failed & criteria[i].criterion))
          continue;
        /* A shared reason is said once, on the first BP row. */
        if (shared_bp && criteria[i].criterion == VIGIL_DISCHARGE_CRITERION_BP_BELOW_A7)
          continue;
        reason_for[i] = check->reasons[next++];
      }

  for (guint i = 0; i < N_CRITERIA; i++)
    {
      GtkWidget *label = self->criterion_labels[i];
      gboolean met = (check->met & criteria[i].criterion) != 0;
      g_autofree char *markup = NULL;

      if (met)
        markup = g_markup_printf_escaped ("✓  %s", _(criteria[i].name));
      else if (reason_for[i] != NULL)
        markup = g_markup_printf_escaped ("✗  %s\n<small>%s</small>", _(criteria[i].name), reason_for[i]);
      else
        markup = g_markup_printf_escaped ("✗  %s", _(criteria[i].name));
      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_widget_set_css_classes (label, (const char *[]) { "recovery-criterion", met ? "met" : "unmet", NULL });
    }

  /* Reasons the rows could not place (the core changed its list) are
   * still shown, all of them, never dropped. */
  if (n_reasons != n_failed && !shared_bp)
    {
      g_autofree char *all = g_strjoinv ("\n", check->reasons);

      gtk_label_set_text (self->criteria_other, all);
      gtk_widget_set_visible (GTK_WIDGET (self->criteria_other), n_reasons > 0);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->criteria_other), FALSE);
}

static void
refresh_nibp (VigilRecoveryPage *self,
              gboolean           in_recovery)
{
  g_autofree char *text = NULL;
  g_autofree char *bp = NULL;
  VigilTreatmentDue state = VIGIL_TREATMENT_DUE_NOT_DUE;
  gint64 due = 0;
  const VigilObservation *nibp;
  double base_sys = 0, base_dia = 0;
  gboolean has_baseline;

  if (in_recovery)
    {
      state = vigil_treatment_get_nibp_state (self->treatment);
      due = vigil_treatment_get_next_nibp_due (self->treatment);
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->nibp_label), "due");
  gtk_widget_remove_css_class (GTK_WIDGET (self->nibp_label), "overdue");
  if (!in_recovery || due == 0)
    text = g_strdup (_("No blood pressure reading scheduled"));
  else if (state == VIGIL_TREATMENT_DUE_NOT_DUE)
    {
      g_autofree char *at = format_clock (due);
      gint64 now = vigil_clock_get_wall (vigil_treatment_get_clock (self->treatment));
      gint64 minutes = MAX (due - now + G_TIME_SPAN_MINUTE - 1, 0) / G_TIME_SPAN_MINUTE;

      text = g_strdup_printf (ngettext ("Next BP due at %s (in %d minute)",
                                     "Next BP due at %s (in %d minutes)", (gulong) minutes),
                              at, (int) minutes);
    }
  else if (state == VIGIL_TREATMENT_DUE_DUE)
    {
      text = g_strdup (_("BP due now — take a reading"));
      gtk_widget_add_css_class (GTK_WIDGET (self->nibp_label), "due");
    }
  else
    {
      g_autofree char *at = format_clock (due);

      text = g_strdup_printf (_("BP overdue since %s — take a reading"), at);
      gtk_widget_add_css_class (GTK_WIDGET (self->nibp_label), "overdue");
    }
  gtk_label_set_label (self->nibp_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->nibp_label), in_recovery);

  has_baseline = self->session != NULL
                 && vigil_treatment_session_get_baseline_nibp (self->session, &base_sys, &base_dia);
  nibp = recovery_nibp (self);
  if (nibp != NULL && isfinite (nibp->diastolic))
    {
      g_autofree char *at = format_clock (nibp->host_wall_us);

      if (has_baseline)
        bp = g_strdup_printf (_("BP %.0f/%.0f at %s · baseline %.0f/%.0f"),
                              nibp->value, nibp->diastolic, at, base_sys, base_dia);
      else
        bp = g_strdup_printf (_("BP %.0f/%.0f at %s · no baseline"),
                              nibp->value, nibp->diastolic, at);
    }
  else if (has_baseline)
    bp = g_strdup_printf (_("No BP in recovery yet · baseline %.0f/%.0f"), base_sys, base_dia);
  else
    bp = g_strdup (_("No BP in recovery yet · no baseline"));
  gtk_label_set_label (self->bp_label, bp);
}

static const VigilTreatmentStep *
find_discharge_step (VigilRecoveryPage *self)
{
  GPtrArray *steps = vigil_treatment_get_steps (self->treatment);

  for (guint i = steps->len; i > 0; i--)
    {
      const VigilTreatmentStep *step = g_ptr_array_index (steps, i - 1);

      if (step->kind == VIGIL_TREATMENT_STEP_DISCHARGE)
        return step;
    }
  return NULL;
}

static void
refresh_summary (VigilRecoveryPage *self)
{
  const VigilTreatmentStep *step = find_discharge_step (self);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *at = NULL;
  g_autofree char *duration = NULL;

  if (step == NULL)
    return;
  at = format_clock (step->wall_us);
  /* TRANSLATORS: "Discharged 09:47 by Nurse Ana" */
  title = g_strdup_printf (_("Discharged %s by %s"), at, step->who);
  duration = vigil_ring_timer_format_duration (vigil_treatment_get_recovery_elapsed (self->treatment));
  if (step->override)
    detail = g_strdup_printf (_("After %s of recovery, as an override against the criteria.\nReason: %s"),
                              duration, step->reason != NULL ? step->reason : "");
  else
    detail = g_strdup_printf (_("After %s of recovery, with every discharge criterion met."), duration);
  gtk_label_set_label (self->summary_label, title);
  gtk_label_set_label (self->summary_detail, detail);
}

static void
refresh_status (VigilRecoveryPage   *self,
                VigilTreatmentPhase  phase)
{
  const char *text;

  switch (phase)
    {
    case VIGIL_TREATMENT_PHASE_BEFORE:
    case VIGIL_TREATMENT_PHASE_INFUSION:
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:
      text = _("Recovery starts when the infusion ends.");
      break;
    case VIGIL_TREATMENT_PHASE_RECOVERY:
      /* The criteria on the left say it all. */
      text = "";
      break;
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE:
      text = _("Ready for discharge: every criterion holds. Take a last BP if one is due, then discharge.");
      break;
    case VIGIL_TREATMENT_PHASE_CANCELLED:
      text = _("This treatment was cancelled before the infusion.");
      break;
    case VIGIL_TREATMENT_PHASE_ABORTED:
      text = _("This treatment was stopped (aborted).");
      break;
    case VIGIL_TREATMENT_PHASE_DISCHARGED:
    case VIGIL_N_TREATMENT_PHASES:
    default:
      text = "";
      break;
    }
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text[0] != '\0');
}

/**
 * vigil_recovery_page_refresh:
 *
 * Reads the session again: the ring, the NIBP schedule, the criteria and
 * which actions are possible. The window calls it once a second.
 */
void
vigil_recovery_page_refresh (VigilRecoveryPage *self)
{
  VigilDischargeCheck check = { 0 };
  VigilTreatmentPhase phase;
  const VigilTreatmentConfig *config;
  VigilRingTimer *ring;
  gboolean in_recovery, ready, scoring, all_met, escort_met;

  g_return_if_fail (VIGIL_IS_RECOVERY_PAGE (self));

  ring = VIGIL_RING_TIMER (self->ring);
  if (self->session == NULL)
    {
      for (guint i = 0; i < N_CRITERIA; i++)
        gtk_label_set_text (GTK_LABEL (self->criterion_labels[i]), "");
      gtk_label_set_label (self->nibp_label, "");
      gtk_label_set_label (self->bp_label, "");
      gtk_widget_set_sensitive (self->root, FALSE);
      return;
    }
  gtk_widget_set_sensitive (self->root, TRUE);

  phase = vigil_treatment_get_phase (self->treatment);
  config = vigil_treatment_get_config (self->treatment);
  in_recovery = phase == VIGIL_TREATMENT_PHASE_RECOVERY;
  ready = phase == VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE;
  scoring = in_recovery || ready;

  vigil_ring_timer_set_total (ring, config->recovery_default_us);
  vigil_ring_timer_set_minimum (ring, config->recovery_minimum_us);
  vigil_ring_timer_set_elapsed (ring, vigil_treatment_get_recovery_elapsed (self->treatment));
  vigil_ring_timer_set_title (ring, phase == VIGIL_TREATMENT_PHASE_DISCHARGED ? _("Discharged") : _("Recovery"));

  all_met = vigil_treatment_session_check_discharge (self->session, &check);
  escort_met = (check.met & VIGIL_DISCHARGE_CRITERION_ESCORT) != 0;
  refresh_criteria (self, &check);
  vigil_discharge_check_clear (&check);

  refresh_nibp (self, scoring);
  if (scoring)
    refresh_circulation_suggestion (self);
  refresh_score_label (self);
  refresh_status (self, phase);

  gtk_label_set_label (self->escort_button_label,
                       escort_met ? _("Escort present ✓") : _("Escort present"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recovery.score", scoring);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recovery.escort", scoring && !escort_met);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recovery.ready", in_recovery && all_met);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recovery.discharge", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recovery.override", in_recovery);
  gtk_widget_set_sensitive (self->record_button, scoring && all_chosen (self));
  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    for (guint c = 0; c < N_CHOICES; c++)
      gtk_widget_set_sensitive (self->choice_buttons[i][c], scoring);
  gtk_widget_set_sensitive (GTK_WIDGET (self->override_toggle), in_recovery);
  if (!in_recovery)
    gtk_toggle_button_set_active (self->override_toggle, FALSE);

  if (phase == VIGIL_TREATMENT_PHASE_DISCHARGED)
    {
      refresh_summary (self);
      gtk_stack_set_visible_child_name (self->right_stack, "discharged");
    }
  else
    gtk_stack_set_visible_child_name (self->right_stack, "checklist");
}

static void
on_choice_toggled (GtkToggleButton   *button,
                   VigilRecoveryPage *self)
{
  guint item = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "vigil-item"));
  int choice = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "vigil-choice"));

  if (!gtk_toggle_button_get_active (button) || self->updating)
    return;
  self->choices[item] = choice;
  if (item == bp_item (self))
    self->circulation_touched = TRUE;
  /* A new answer is not yet the recorded score. */
  self->recorded_at = 0;
  refresh_score_label (self);
  gtk_widget_set_sensitive (self->record_button,
                            gtk_widget_get_sensitive (self->choice_buttons[0][0]) && all_chosen (self));
}

static void
on_record_clicked (VigilRecoveryPage *self)
{
  GVariantBuilder builder;

  if (!all_chosen (self))
    return;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("ai"));
  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    g_variant_builder_add (&builder, "i", self->choices[i]);
  gtk_widget_activate_action_variant (GTK_WIDGET (self), "recovery.score", g_variant_builder_end (&builder));
}

static void
on_override_toggled (VigilRecoveryPage *self)
{
  gboolean open = gtk_toggle_button_get_active (self->override_toggle);

  gtk_widget_set_visible (self->override_box, open);
  if (open)
    gtk_widget_grab_focus (GTK_WIDGET (self->override_entry));
}

static void
on_override_confirm (VigilRecoveryPage *self)
{
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->override_entry));

  gtk_widget_activate_action (GTK_WIDGET (self), "recovery.override", "s", reason);
}

static void
score_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VigilRecoveryPage *self = VIGIL_RECOVERY_PAGE (widget);
  g_autoptr(GError) error = NULL;
  VigilDischargeScore score;
  int items[VIGIL_N_ALDRETE_ITEMS];
  gsize n = 0;
  const gint32 *values = g_variant_get_fixed_array (parameter, &n, sizeof (gint32));

  if (self->session == NULL || !have_user (self))
    return;
  if (n != VIGIL_N_ALDRETE_ITEMS)
    {
      set_error (self, _("The discharge score needs an answer in each of its five rows."));
      return;
    }
  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    items[i] = values[i];
  if (!vigil_treatment_session_record_discharge_score (self->session, self->scale, items,
                                                       self->user_name, &score, &error))
    {
      set_error (self, error->message);
      vigil_recovery_page_refresh (self);
      return;
    }
  set_error (self, NULL);
  /* The page shows what was recorded, also when a caller gave it directly. */
  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    {
      set_choice (self, i, items[i]);
      if (i == bp_item (self))
        self->circulation_touched = TRUE;
    }
  self->recorded_at = vigil_clock_get_wall (vigil_treatment_get_clock (self->treatment));
  vigil_recovery_page_refresh (self);
}

static void
escort_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilRecoveryPage *self = VIGIL_RECOVERY_PAGE (widget);

  if (self->session == NULL || !have_user (self))
    return;
  vigil_treatment_session_confirm_escort_present (self->session, self->user_name);
  set_error (self, NULL);
  vigil_recovery_page_refresh (self);
}

static void
ready_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VigilRecoveryPage *self = VIGIL_RECOVERY_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->session == NULL || !have_user (self))
    return;
  if (!vigil_treatment_session_ready (self->session, self->user_name, &error))
    set_error (self, error->message);
  else
    set_error (self, NULL);
  vigil_recovery_page_refresh (self);
}

static void
discharge_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilRecoveryPage *self = VIGIL_RECOVERY_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->session == NULL || !have_user (self))
    return;
  if (!vigil_treatment_session_discharge (self->session, self->user_name, NULL, &error))
    set_error (self, error->message);
  else
    set_error (self, NULL);
  vigil_recovery_page_refresh (self);
}

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VigilRecoveryPage *self = VIGIL_RECOVERY_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = g_strstrip (g_variant_dup_string (parameter, NULL));

  if (self->session == NULL || !have_user (self))
    return;
  if (reason[0] == '\0')
    {
      set_error (self, _("An override discharge needs a reason: type why the patient leaves before the criteria hold."));
      gtk_toggle_button_set_active (self->override_toggle, TRUE);
      return;
    }
  if (!vigil_treatment_session_discharge (self->session, self->user_name, reason, &error))
    set_error (self, error->message);
  else
    {
      set_error (self, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->override_entry), "");
    }
  vigil_recovery_page_refresh (self);
}

static void
on_treatment_changed (VigilRecoveryPage *self)
{
  vigil_recovery_page_refresh (self);
}

static void
update_override_intro (VigilRecoveryPage *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Discharge before every criterion holds. It is recorded as an override "
                            "by %s, with the time and this reason."),
                          self->user_name != NULL && self->user_name[0] != '\0'
                          ? self->user_name : _("(no staff name set)"));
  gtk_label_set_label (self->override_intro, text);
}

GtkWidget *
vigil_recovery_page_new (void)
{
  return g_object_new (VIGIL_TYPE_RECOVERY_PAGE, NULL);
}

void
vigil_recovery_page_set_session (VigilRecoveryPage     *self,
                                 VigilTreatmentSession *session)
{
  g_return_if_fail (VIGIL_IS_RECOVERY_PAGE (self));
  g_return_if_fail (session == NULL || VIGIL_IS_TREATMENT_SESSION (session));

  if (self->session == session)
    return;
  if (self->treatment != NULL)
    g_signal_handlers_disconnect_by_data (self->treatment, self);
  g_clear_object (&self->treatment);
  g_set_object (&self->session, session);

  /* A new treatment starts with a blank score. */
  self->circulation_touched = FALSE;
  self->recorded_at = 0;
  self->updating = TRUE;
  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    {
      self->choices[i] = -1;
      for (guint c = 0; c < N_CHOICES; c++)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->choice_buttons[i][c]), FALSE);
    }
  self->updating = FALSE;
  set_error (self, NULL);

  if (session != NULL)
    {
      self->treatment = g_object_ref (vigil_treatment_session_get_treatment (session));
      g_signal_connect_object (self->treatment, "notify::phase",
                               G_CALLBACK (on_treatment_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->treatment, "information",
                               G_CALLBACK (on_treatment_changed), self, G_CONNECT_SWAPPED);
    }
  vigil_recovery_page_refresh (self);
}

void
vigil_recovery_page_set_monitor (VigilRecoveryPage *self,
                                 VigilMonitor      *monitor)
{
  g_return_if_fail (VIGIL_IS_RECOVERY_PAGE (self));
  g_return_if_fail (monitor == NULL || VIGIL_IS_MONITOR (monitor));

  if (g_set_object (&self->monitor, monitor))
    vigil_recovery_page_refresh (self);
}

void
vigil_recovery_page_set_user_name (VigilRecoveryPage *self,
                                   const char        *who)
{
  g_return_if_fail (VIGIL_IS_RECOVERY_PAGE (self));

  g_free (self->user_name);
  self->user_name = g_strdup (who);
  update_override_intro (self);
}

/* The last refusal shown on the page, or %NULL. */
const char *
vigil_recovery_page_get_error (VigilRecoveryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_RECOVERY_PAGE (self), NULL);
  return self->error_text;
}

GtkWidget *
vigil_recovery_page_get_ring (VigilRecoveryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_RECOVERY_PAGE (self), NULL);
  return self->ring;
}

const char *
vigil_recovery_page_get_criterion_text (VigilRecoveryPage       *self,
                                        VigilDischargeCriterion  criterion)
{
  g_return_val_if_fail (VIGIL_IS_RECOVERY_PAGE (self), NULL);

  for (guint i = 0; i < N_CRITERIA; i++)
    if (criteria[i].criterion == criterion)
      return gtk_label_get_text (GTK_LABEL (self->criterion_labels[i]));
  g_return_val_if_reached (NULL);
}

const char *
vigil_recovery_page_get_nibp_text (VigilRecoveryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_RECOVERY_PAGE (self), NULL);
  return gtk_label_get_label (self->nibp_label);
}

const char *
vigil_recovery_page_get_score_text (VigilRecoveryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_RECOVERY_PAGE (self), NULL);
  return gtk_label_get_label (self->score_label);
}

/* "Discharged 09:47 by Nurse Ana" once discharged, else "". */
const char *
vigil_recovery_page_get_summary (VigilRecoveryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_RECOVERY_PAGE (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

int
vigil_recovery_page_get_choice (VigilRecoveryPage *self,
                                VigilAldreteItem   item)
{
  g_return_val_if_fail (VIGIL_IS_RECOVERY_PAGE (self), -1);
  g_return_val_if_fail (item < VIGIL_N_ALDRETE_ITEMS, -1);
  return self->choices[item];
}

static void
vigil_recovery_page_dispose (GObject *object)
{
  VigilRecoveryPage *self = VIGIL_RECOVERY_PAGE (object);
  GtkWidget *child;

  if (self->treatment != NULL)
    g_signal_handlers_disconnect_by_data (self->treatment, self);
  g_clear_object (&self->treatment);
  g_clear_object (&self->session);
  g_clear_object (&self->monitor);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_RECOVERY_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vigil_recovery_page_parent_class)->dispose (object);
}

static void
vigil_recovery_page_finalize (GObject *object)
{
  VigilRecoveryPage *self = VIGIL_RECOVERY_PAGE (object);

  g_free (self->user_name);
  g_free (self->error_text);

  G_OBJECT_CLASS (vigil_recovery_page_parent_class)->finalize (object);
}

static void
vigil_recovery_page_class_init (VigilRecoveryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_recovery_page_dispose;
  object_class->finalize = vigil_recovery_page_finalize;

  g_type_ensure (VIGIL_TYPE_RING_TIMER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-recovery-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-recovery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, root);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, ring);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, nibp_label);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, bp_label);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, criteria_box);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, right_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, aldrete_grid);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, score_heading);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, escort_button);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, escort_button_label);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, ready_button);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, discharge_button);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, override_toggle);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, override_box);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, override_intro);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, override_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, override_confirm);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VigilRecoveryPage, summary_detail);
  gtk_widget_class_bind_template_callback (widget_class, on_record_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_override_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_override_confirm);

  gtk_widget_class_install_action (widget_class, "recovery.score", "ai", score_action);
  gtk_widget_class_install_action (widget_class, "recovery.escort", NULL, escort_action);
  gtk_widget_class_install_action (widget_class, "recovery.ready", NULL, ready_action);
  gtk_widget_class_install_action (widget_class, "recovery.discharge", NULL, discharge_action);
  gtk_widget_class_install_action (widget_class, "recovery.override", "s", override_action);
}

static void
vigil_recovery_page_init (VigilRecoveryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    {
      GtkWidget *name_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (NULL);
      GtkWidget *hint = gtk_label_new (NULL);

      self->choices[i] = -1;
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_widget_add_css_class (name, "aldrete-item");
      gtk_widget_set_size_request (name_box, 104, -1);
      gtk_widget_set_valign (name_box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (name_box), name);
      /* Under the row the blood pressure speaks to: what it suggests. */
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "aldrete-hint");
      gtk_box_append (GTK_BOX (name_box), hint);
      self->item_names[i] = name;
      self->hints[i] = hint;
      gtk_grid_attach (self->aldrete_grid, name_box, 0, i, 1, 1);

      /* Best first, read left to right as a nurse scans for "2". */
      for (int c = N_CHOICES - 1; c >= 0; c--)
        {
          g_autofree char *css = g_strdup_printf ("aldrete-%u-%d", i, c);
          GtkWidget *button = gtk_toggle_button_new ();
          GtkWidget *label = gtk_label_new (NULL);

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_width_chars (GTK_LABEL (label), 8);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
          gtk_button_set_child (GTK_BUTTON (button), label);
          gtk_widget_set_hexpand (button, TRUE);
          gtk_widget_add_css_class (button, "aldrete-choice");
          gtk_widget_add_css_class (button, css);
          if (c != N_CHOICES - 1)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                         GTK_TOGGLE_BUTTON (self->choice_buttons[i][N_CHOICES - 1]));
          g_object_set_data (G_OBJECT (button), "vigil-item", GUINT_TO_POINTER (i));
          g_object_set_data (G_OBJECT (button), "vigil-choice", GINT_TO_POINTER (c));
          g_signal_connect (button, "toggled", G_CALLBACK (on_choice_toggled), self);
          self->choice_buttons[i][c] = button;
          self->choice_labels[i][c] = label;
          gtk_grid_attach (self->aldrete_grid, button, 1 + (N_CHOICES - 1 - c), i, 1, 1);
        }
    }
  self->scale = VIGIL_STORE_SCALE_ALDRETE;
  label_rows (self);

  for (guint i = 0; i < N_CRITERIA; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "recovery-criterion");
      self->criterion_labels[i] = label;
      gtk_box_append (GTK_BOX (self->criteria_box), label);
    }
  self->criteria_other = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->criteria_other, 0);
  gtk_label_set_wrap (self->criteria_other, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->criteria_other), "recovery-criterion");
  gtk_widget_add_css_class (GTK_WIDGET (self->criteria_other), "unmet");
  gtk_widget_set_visible (GTK_WIDGET (self->criteria_other), FALSE);
  gtk_box_append (GTK_BOX (self->criteria_box), GTK_WIDGET (self->criteria_other));

  update_override_intro (self);
  vigil_recovery_page_refresh (self);
}

/**
 * vigil_recovery_page_set_scale:
 * @scale: %VIGIL_STORE_SCALE_ALDRETE (the default) or %VIGIL_STORE_SCALE_PADSS,
 *   as the clinic prefers
 *
 * Chooses the discharge score the page asks for; answers given so far are
 * cleared, since the rows mean other things.
 */
void
vigil_recovery_page_set_scale (VigilRecoveryPage *self,
                               VigilStoreScale    scale)
{
  g_return_if_fail (VIGIL_IS_RECOVERY_PAGE (self));
  g_return_if_fail (scale == VIGIL_STORE_SCALE_ALDRETE || scale == VIGIL_STORE_SCALE_PADSS);

  if (self->scale == scale)
    return;
  self->scale = scale;
  self->updating = TRUE;
  for (guint i = 0; i < VIGIL_N_ALDRETE_ITEMS; i++)
    {
      self->choices[i] = -1;
      for (int c = 0; c < N_CHOICES; c++)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->choice_buttons[i][c]), FALSE);
    }
  self->updating = FALSE;
  self->circulation_touched = FALSE;
  label_rows (self);
  vigil_recovery_page_refresh (self);
}

VigilStoreScale
vigil_recovery_page_get_scale (VigilRecoveryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_RECOVERY_PAGE (self), VIGIL_STORE_SCALE_ALDRETE);
  return self->scale;
}
