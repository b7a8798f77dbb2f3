/* vigil-checklist-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per checklist item, in the checklist's order: a mark (○ not done,
 * ✓ done, ! overridden), the title, what was recorded or why it does not
 * count yet, and the control that answers it. Every answer goes through the
 * session (which persists it) under the staff name set on the page; a
 * refusal is shown in the error label. The Start bar stays at the bottom
 * and names what is still missing.
 */
#include "vigil-checklist-page.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-scores.h"

/* The recorded value of a confirmation (the record, not the screen). */
#define CONFIRMED_VALUE "confirmed"

typedef enum
{
  ROW_CONFIRM,      /* one big Confirm button */
  ROW_TEXT,         /* an entry + Confirm */
  ROW_TIME,         /* an entry "HH:MM" + Confirm, fasting shown */
  ROW_WEIGHT,       /* the dose form */
  ROW_DOSE,         /* the computed dose + Confirm dose */
  ROW_PHQ9,         /* nine rows of 0–3 */
  ROW_MOAAS,        /* 0–5 */
  ROW_VITAL,        /* filled from the monitor */
} RowKind;

typedef struct
{
  const char *key;
  RowKind     kind;
  gboolean    gated;       /* may be overridden with a reason */
} RowSpec;

static const RowSpec row_specs[] = {
  { "identity",          ROW_CONFIRM, FALSE },
  { "weight",            ROW_WEIGHT,  FALSE },
  { "dose-confirmed",    ROW_DOSE,    FALSE },
  { "consent",           ROW_CONFIRM, FALSE },
  { "escort-name",       ROW_TEXT,    FALSE },
  { "escort-phone",      ROW_TEXT,    FALSE },
  { "transport",         ROW_CONFIRM, FALSE },
  { "medications",       ROW_CONFIRM, FALSE },
  { "last-food",         ROW_TIME,    TRUE },
  { "last-liquid",       ROW_TIME,    TRUE },
  { "phq9",              ROW_PHQ9,    FALSE },
  { "phq9-review",       ROW_CONFIRM, FALSE },
  { "baseline-moaas",    ROW_MOAAS,   TRUE },
  { "baseline-nibp",     ROW_VITAL,   TRUE },
  { "baseline-hr",       ROW_VITAL,   TRUE },
  { "baseline-spo2",     ROW_VITAL,   TRUE },
  { "sound-self-test",   ROW_VITAL,   TRUE },  /* answered by the monitor itself */
  { "devices-connected", ROW_CONFIRM, FALSE },
};

#define N_ROWS G_N_ELEMENTS (row_specs)

typedef struct
{
  const RowSpec *spec;
  GtkWidget     *box;
  GtkLabel      *mark;
  GtkLabel      *title;
  GtkLabel      *detail;
  GtkWidget     *entry;            /* ROW_TEXT, ROW_TIME */
  GtkWidget     *button;           /* Confirm / Confirm dose */
  GtkWidget     *moaas[VIGIL_MOAAS_MAX + 1];
  GtkWidget     *override_box;
  GtkWidget     *override_entry;
} Row;

struct _VigilChecklistPage
{
  GtkWidget              parent_instance;

  VigilTreatmentSession *session;
  char                  *user_name;
  char                  *error_text;
  char                  *missing_text;
  Row                    rows[N_ROWS];
  gboolean               refreshing;

  /* the dose form */
  GtkWidget             *weight_entry;
  GtkWidget             *unit_kg;
  GtkWidget             *unit_lb;
  GtkWidget             *mg_per_kg_entry;
  double                 mg_per_kg_default;   /* the clinic's, shown until someone types */
  GtkWidget             *bag_mg_entry;
  GtkWidget             *bag_ml_entry;
  GtkLabel              *dose_preview;

  /* the PHQ-9 grid */
  GtkWidget             *phq9_buttons[VIGIL_PHQ9_N_ITEMS][4];
  GtkLabel              *phq9_total;
  char                  *phq9_synced;      /* the answer the grid last showed */

  /* template children */
  GtkWidget             *page_box;
  GtkLabel              *intro_label;
  GtkLabel              *error_label;
  GtkWidget             *scroller;
  GtkBox                *rows_box;
  GtkLabel              *missing_label;
  GtkWidget             *start_button;
};

G_DEFINE_FINAL_TYPE (VigilChecklistPage, vigil_checklist_page, GTK_TYPE_WIDGET)

static Row *
find_row (VigilChecklistPage *self,
          const char         *key)
{
  for (guint i = 0; i < N_ROWS; i++)
    if (g_strcmp0 (row_specs[i].key, key) == 0)
      return &self->rows[i];
  return NULL;
}

static void
set_error (VigilChecklistPage *self,
           const char         *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

/* Shows *@error (and frees it) or clears the error label. @error is read
 * only here, after @ok was computed: argument order is unspecified in C. */
static gboolean
report (VigilChecklistPage  *self,
        gboolean             ok,
        GError             **error)
{
  if (ok)
    set_error (self, NULL);
  else
    set_error (self, *error != NULL ? (*error)->message : _("The answer could not be recorded."));
  g_clear_error (error);
  vigil_checklist_page_refresh (self);
  return ok;
}

static gboolean
in_before_phase (VigilChecklistPage *self)
{
  return self->session != NULL
         && vigil_treatment_get_phase (vigil_treatment_session_get_treatment (self->session))
            == VIGIL_TREATMENT_PHASE_BEFORE;
}

static VigilClock *
page_clock (VigilChecklistPage *self)
{
  return vigil_treatment_get_clock (vigil_treatment_session_get_treatment (self->session));
}

/* ---- time entry ------------------------------------------------------------ */

/* "HH:MM", "H:MM", "HHMM" or "HH.MM" → minutes since midnight. */
static gboolean
parse_clock_time (const char *text,
                  int        *out_minutes)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint h = 0, m = 0, digits = 0, before_sep = 0;
  gboolean sep = FALSE;

  for (const char *p = copy; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          digits++;
          if (!sep)
            before_sep++;
        }
      else if ((*p == ':' || *p == '.' || *p == 'h') && !sep && digits > 0)
        sep = TRUE;
      else
        return FALSE;
    }
  if (digits < 3 || digits > 4 || (sep && (before_sep < 1 || before_sep > 2 || digits - before_sep != 2)))
    return FALSE;
  if (!sep)
    before_sep = digits - 2;

  for (const char *p = copy; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      {
        if (before_sep > 0)
          {
            h = h * 10 + (guint) (*p - '0');
            before_sep--;
          }
        else
          m = m * 10 + (guint) (*p - '0');
      }
  if (h > 23 || m > 59)
    return FALSE;
  *out_minutes = (int) (h * 60 + m);
  return TRUE;
}

/* A clock time today in local time (yesterday when it is later than now:
 * a fasting time is always in the past), as ISO 8601 without a zone. */
static char *
clock_time_to_iso (VigilChecklistPage *self,
                   int                 minutes)
{
  gint64 wall = vigil_clock_get_wall (page_clock (self));
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (wall / G_USEC_PER_SEC);
  g_autoptr(GDateTime) when = NULL;

  when = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), minutes / 60, minutes % 60, 0);
  if (g_date_time_compare (when, now) > 0)
    {
      GDateTime *yesterday = g_date_time_add_days (when, -1);

      g_date_time_unref (when);
      when = yesterday;
    }
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%S");
}

static char *
format_span (gint64 us)
{
  gint64 min = MAX (us, 0) / G_TIME_SPAN_MINUTE;

  if (min >= 60)
    return g_strdup_printf (_("%d h %02d min"), (int) (min / 60), (int) (min % 60));
  return g_strdup_printf (_("%d min"), (int) min);
}

/* ---- answering ------------------------------------------------------------- */

static gboolean
answer (VigilChecklistPage *self,
        const char         *key,
        const char         *value)
{
  VigilChecklist *checklist;
  GError *error = NULL;
  Row *row;

  if (self->session == NULL)
    return FALSE;
  row = find_row (self, key);
  if (row == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("There is no checklist item “%s”."), key);

      set_error (self, text);
      return FALSE;
    }
  checklist = vigil_treatment_session_get_checklist (self->session);

  switch (row->spec->kind)
    {
    case ROW_MOAAS:
      {
        char *end = NULL;
        gint64 score = g_ascii_strtoll (value, &end, 10);

        if (end == value || *end != '\0')
          {
            g_autofree char *text = g_strdup_printf (_("MOAA/S “%s” is not a score from 0 to 5."), value);

            set_error (self, text);
            return FALSE;
          }
        return report (self, vigil_treatment_session_record_moaas (self->session, (int) score,
                                                                   self->user_name, &error),
                       &error);
      }

    case ROW_PHQ9:
      {
        g_auto(GStrv) parts = g_strsplit (value, ",", -1);
        int items[VIGIL_PHQ9_N_ITEMS];

        if (g_strv_length (parts) != VIGIL_PHQ9_N_ITEMS)
          {
            set_error (self, _("PHQ-9 needs an answer for each of its nine items."));
            return FALSE;
          }
        for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
          {
            char *end = NULL;
            gint64 v = g_ascii_strtoll (parts[i], &end, 10);

            items[i] = (end == parts[i] || *end != '\0') ? -1 : (int) CLAMP (v, -1, 99);
          }
        return report (self, vigil_treatment_session_record_phq9 (self->session, items,
                                                                  self->user_name, NULL, &error),
                       &error);
      }

    case ROW_WEIGHT:
    case ROW_DOSE:
      set_error (self, _("Enter the weight and the bag below, then press “Confirm dose”."));
      return FALSE;

    case ROW_TIME:
      {
        int minutes;

        if (parse_clock_time (value, &minutes))
          {
            g_autofree char *iso = clock_time_to_iso (self, minutes);

            return report (self, vigil_checklist_answer (checklist, key, iso, self->user_name, &error),
                           &error);
          }
        if (strchr (value, 'T') == NULL)
          {
            g_autofree char *text = g_strdup_printf (_("“%s” is not a time. Enter it as HH:MM, for example 06:30."),
                                                     value);

            set_error (self, text);
            return FALSE;
          }
        return report (self, vigil_checklist_answer (checklist, key, value, self->user_name, &error), &error);
      }

    case ROW_CONFIRM:
    case ROW_TEXT:
    case ROW_VITAL:
    default:
      return report (self, vigil_checklist_answer (checklist, key, value, self->user_name, &error), &error);
    }
}

static void
on_entry_confirm (GtkWidget          *button,
                  VigilChecklistPage *self)
{
  Row *row = g_object_get_data (G_OBJECT (button), "vigil-row");

  answer (self, row->spec->key, gtk_editable_get_text (GTK_EDITABLE (row->entry)));
}

static void
on_entry_activate (GtkEntry           *entry,
                   VigilChecklistPage *self)
{
  Row *row = g_object_get_data (G_OBJECT (entry), "vigil-row");

  answer (self, row->spec->key, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_override_clicked (GtkWidget          *button,
                     VigilChecklistPage *self)
{
  Row *row = g_object_get_data (G_OBJECT (button), "vigil-row");
  g_autoptr(GVariant) target = NULL;

  target = g_variant_ref_sink (g_variant_new ("(ss)", row->spec->key,
                                              gtk_editable_get_text (GTK_EDITABLE (row->override_entry))));
  gtk_widget_activate_action_variant (GTK_WIDGET (self), "checklist.override", target);
}

/* ---- dose --------------------------------------------------------------------- */

static gboolean
read_dose_input (VigilChecklistPage  *self,
                 VigilDoseInput      *input,
                 GError             **error)
{
  VigilWeightUnit unit = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->unit_lb))
                         ? VIGIL_WEIGHT_UNIT_LB : VIGIL_WEIGHT_UNIT_KG;
  const VigilTreatmentConfig *config;

  vigil_dose_input_init (input);
  if (self->session != NULL)
    {
      config = vigil_treatment_get_config (vigil_treatment_session_get_treatment (self->session));
      input->duration_min = (guint) (config->infusion_duration_us / G_TIME_SPAN_MINUTE);
    }
  return vigil_dose_parse_weight (gtk_editable_get_text (GTK_EDITABLE (self->weight_entry)), unit, NULL,
                                  &input->weight, &input->weight_unit, error)
         && vigil_dose_parse_value (VIGIL_DOSE_FIELD_MG_PER_KG,
                                    gtk_editable_get_text (GTK_EDITABLE (self->mg_per_kg_entry)),
                                    NULL, &input->mg_per_kg, error)
         && vigil_dose_parse_value (VIGIL_DOSE_FIELD_BAG_MG,
                                    gtk_editable_get_text (GTK_EDITABLE (self->bag_mg_entry)),
                                    NULL, &input->bag_mg, error)
         && vigil_dose_parse_value (VIGIL_DOSE_FIELD_BAG_ML,
                                    gtk_editable_get_text (GTK_EDITABLE (self->bag_ml_entry)),
                                    NULL, &input->bag_ml, error);
}

/* The dose as it would be confirmed, recomputed as the nurse types. */
static void
update_dose_preview (VigilChecklistPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  VigilDoseInput input;
  VigilDoseResult result;

  if (!read_dose_input (self, &input, &error) || !vigil_dose_compute (&input, NULL, &result, &error))
    {
      /* An empty field is not a mistake yet: say what to enter. */
      if (g_error_matches (error, VIGIL_DOSE_ERROR, VIGIL_DOSE_ERROR_EMPTY))
        {
          gtk_label_set_label (self->dose_preview, _("Enter the weight and the bag: the dose, volume and "
                                                     "pump rate are computed here."));
          gtk_widget_remove_css_class (GTK_WIDGET (self->dose_preview), "checklist-problem");
        }
      else
        {
          gtk_label_set_label (self->dose_preview, error->message);
          gtk_widget_add_css_class (GTK_WIDGET (self->dose_preview), "checklist-problem");
        }
      return;
    }
  summary = vigil_dose_format_summary (&input, &result, NULL);
  gtk_label_set_label (self->dose_preview, summary);
  gtk_widget_remove_css_class (GTK_WIDGET (self->dose_preview), "checklist-problem");
}

static void
on_dose_field_changed (GtkWidget          *widget,
                       VigilChecklistPage *self)
{
  update_dose_preview (self);
  vigil_checklist_page_refresh (self);
}

static gboolean
confirm_dose (VigilChecklistPage *self)
{
  GError *error = NULL;
  VigilDoseInput input;

  if (self->session == NULL)
    return FALSE;
  if (!read_dose_input (self, &input, &error))
    return report (self, FALSE, &error);
  return report (self, vigil_treatment_session_set_dose (self->session, &input, self->user_name, &error),
                 &error);
}

static void
on_confirm_dose_clicked (GtkWidget          *button,
                         VigilChecklistPage *self)
{
  confirm_dose (self);
}

/* ---- PHQ-9 -------------------------------------------------------------------- */

/* The grid's answers; FALSE while an item has none. */
static gboolean
read_phq9 (VigilChecklistPage *self,
           int                 items[VIGIL_PHQ9_N_ITEMS])
{
  gboolean complete = TRUE;

  for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
    {
      items[i] = -1;
      for (int c = 0; c < 4; c++)
        if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->phq9_buttons[i][c])))
          items[i] = c;
      complete = complete && items[i] >= 0;
    }
  return complete;
}

static void
update_phq9_total (VigilChecklistPage *self)
{
  int items[VIGIL_PHQ9_N_ITEMS];
  VigilPhq9Result result;
  g_autofree char *text = NULL;
  guint answered = 0;

  if (!read_phq9 (self, items))
    {
      for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
        answered += items[i] >= 0;
      text = g_strdup_printf (_("%u of 9 items answered"), answered);
    }
  else if (vigil_phq9_score (items, &result, NULL))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->phq9_total), "review");
      if (result.needs_review)
        gtk_widget_add_css_class (GTK_WIDGET (self->phq9_total), "review");
      if (result.needs_review)
        text = g_strdup_printf (_("Total %u — %s. Item 9 is above 0: a clinician must review it."),
                                result.total, vigil_phq9_band_label (result.band));
      else
        text = g_strdup_printf (_("Total %u — %s"), result.total, vigil_phq9_band_label (result.band));
    }
  gtk_label_set_label (self->phq9_total, text != NULL ? text : "");
}

static void
on_phq9_toggled (GtkToggleButton    *button,
                 VigilChecklistPage *self)
{
  update_phq9_total (self);
}

static void
on_record_phq9_clicked (GtkWidget          *button,
                        VigilChecklistPage *self)
{
  int items[VIGIL_PHQ9_N_ITEMS];
  GError *error = NULL;

  if (self->session == NULL)
    return;
  if (!read_phq9 (self, items))
    {
      set_error (self, _("PHQ-9 needs an answer for each of its nine items."));
      return;
    }
  report (self, vigil_treatment_session_record_phq9 (self->session, items, self->user_name, NULL, &error),
          &error);
}

/* Shows a recorded answer in the grid (once per new answer, so the nurse's
 * taps are never overwritten by a refresh). */
static void
sync_phq9 (VigilChecklistPage *self,
           const char         *value)
{
  g_auto(GStrv) parts = NULL;

  if (value == NULL || g_strcmp0 (value, self->phq9_synced) == 0)
    return;
  g_free (self->phq9_synced);
  self->phq9_synced = g_strdup (value);
  parts = g_strsplit (value, ",", -1);
  if (g_strv_length (parts) != VIGIL_PHQ9_N_ITEMS)
    return;
  for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
    {
      gint64 v = g_ascii_strtoll (parts[i], NULL, 10);

      if (v >= 0 && v <= 3)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->phq9_buttons[i][v]), TRUE);
    }
  update_phq9_total (self);
}

/* ---- refresh -------------------------------------------------------------------- */

static char *
format_hhmm (gint64 wall_us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  return g_date_time_format (t, "%H:%M");
}

/* What the row says under its title. */
static char *
row_detail (VigilChecklistPage       *self,
            Row                      *row,
            const VigilChecklistItem *item)
{
  g_autofree char *at = item->wall_us != 0 ? format_hhmm (item->wall_us) : NULL;

  if (item->state == VIGIL_CHECKLIST_STATE_OVERRIDDEN)
    return g_strdup_printf (_("Overridden by %s: %s"), item->override_who, item->override_reason);
  if (item->value == NULL)
    {
      switch (row->spec->kind)
        {
        case ROW_VITAL:
          if (g_str_equal (row->spec->key, "baseline-nibp"))
            return g_strdup (_("Waiting for two NIBP readings at least 2 min apart"));
          return g_strdup (_("Waiting for the monitor (taken with the second NIBP reading)"));
        case ROW_TIME:
          return g_strdup (_("Enter the time as HH:MM"));
        case ROW_WEIGHT:
          return g_strdup (_("Enter the weight and the bag; the dose is computed below"));
        case ROW_DOSE:
          return g_strdup_printf (_("To be confirmed by %s"),
                                  self->user_name != NULL ? self->user_name : _("a named physician"));
        case ROW_CONFIRM:
        case ROW_TEXT:
        case ROW_PHQ9:
        case ROW_MOAAS:
        default:
          return g_strdup (_("Not done"));
        }
    }
  if (item->problem != NULL)
    return g_strdup (item->problem);

  switch (row->spec->kind)
    {
    case ROW_TIME:
      {
        g_autoptr(GTimeZone) local = g_time_zone_new_local ();
        g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (item->value, local);
        const VigilChecklistSettings *s = vigil_checklist_get_settings (
                                            vigil_treatment_session_get_checklist (self->session));
        gint64 needed = g_str_equal (row->spec->key, "last-food") ? s->food_fasting_us : s->liquid_fasting_us;
        g_autofree char *ago = NULL, *need = NULL, *hhmm = NULL;

        if (when == NULL)
          return g_strdup (item->value);
        hhmm = g_date_time_format (when, "%H:%M");
        ago = format_span (vigil_clock_get_wall (page_clock (self))
                           - g_date_time_to_unix (when) * G_USEC_PER_SEC);
        need = format_span (needed);
        return g_strdup_printf (_("At %s: %s ago (%s needed) — fasting holds"), hhmm, ago, need);
      }
    case ROW_VITAL:
      if (g_str_equal (row->spec->key, "baseline-nibp"))
        return g_strdup_printf (_("%s mmHg (mean of two readings) — within the gate"), item->value);
      if (g_str_equal (row->spec->key, "baseline-hr"))
        return g_strdup_printf (_("%s /min — within the gate"), item->value);
      return g_strdup_printf (_("%s %% on room air — within the gate"), item->value);
    case ROW_MOAAS:
      {
        gint64 score = g_ascii_strtoll (item->value, NULL, 10);

        if (score >= 0 && score <= VIGIL_MOAAS_MAX)
          return g_strdup_printf ("%d — %s", (int) score, vigil_moaas_describe ((int) score));
        return g_strdup (item->value);
      }
    case ROW_PHQ9:
      {
        VigilPhq9Result result;
        int items[VIGIL_PHQ9_N_ITEMS];
        g_auto(GStrv) parts = g_strsplit (item->value, ",", -1);

        if (g_strv_length (parts) == VIGIL_PHQ9_N_ITEMS)
          {
            for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
              items[i] = (int) g_ascii_strtoll (parts[i], NULL, 10);
            if (vigil_phq9_score (items, &result, NULL))
              return g_strdup_printf (_("Total %u — %s; recorded by %s at %s"), result.total,
                                      vigil_phq9_band_label (result.band), item->who, at);
          }
        return g_strdup (item->value);
      }
    case ROW_WEIGHT:
      return g_strdup_printf (_("%s kg, entered by %s at %s"), item->value, item->who, at);
    case ROW_DOSE:
      return g_strdup (item->value);
    case ROW_TEXT:
      return g_strdup_printf (_("%s — by %s at %s"), item->value, item->who, at);
    case ROW_CONFIRM:
    default:
      return g_strdup_printf (_("Confirmed by %s at %s"), item->who, at);
    }
}

static void
refresh_row (VigilChecklistPage *self,
             Row                *row)
{
  VigilChecklist *checklist = vigil_treatment_session_get_checklist (self->session);
  VigilChecklistItem item;
  g_autofree char *detail = NULL;
  gboolean before = in_before_phase (self);
  gboolean failed_gate;

  if (!vigil_checklist_get_item (checklist, row->spec->key, &item))
    g_assert_not_reached ();

  gtk_widget_set_visible (row->box, item.required);
  gtk_label_set_label (row->title, item.title);
  gtk_label_set_label (row->mark, item.state == VIGIL_CHECKLIST_STATE_DONE ? "✓"
                                  : item.state == VIGIL_CHECKLIST_STATE_OVERRIDDEN ? "!" : "○");
  gtk_widget_remove_css_class (row->box, "done");
  gtk_widget_remove_css_class (row->box, "overridden");
  gtk_widget_remove_css_class (row->box, "problem");
  failed_gate = item.state == VIGIL_CHECKLIST_STATE_NOT_DONE && item.problem != NULL;
  if (item.state == VIGIL_CHECKLIST_STATE_DONE)
    gtk_widget_add_css_class (row->box, "done");
  else if (item.state == VIGIL_CHECKLIST_STATE_OVERRIDDEN)
    gtk_widget_add_css_class (row->box, "overridden");
  else if (failed_gate)
    gtk_widget_add_css_class (row->box, "problem");

  detail = row_detail (self, row, &item);
  gtk_label_set_label (row->detail, detail);

  if (row->spec->kind == ROW_CONFIRM && row->button != NULL)
    {
      gboolean done = item.state != VIGIL_CHECKLIST_STATE_NOT_DONE;

      gtk_button_set_label (GTK_BUTTON (row->button), done ? _("Confirmed ✓") : _("Confirm"));
      gtk_widget_set_sensitive (row->button, before && !done);
    }
  else if (row->button != NULL)
    gtk_widget_set_sensitive (row->button, before);
  if (row->entry != NULL)
    gtk_widget_set_sensitive (row->entry, before);

  if (row->spec->kind == ROW_MOAAS)
    {
      gint64 score = item.value != NULL ? g_ascii_strtoll (item.value, NULL, 10) : -1;

      for (int s = 0; s <= VIGIL_MOAAS_MAX; s++)
        {
          if (s == score)
            gtk_widget_add_css_class (row->moaas[s], "selected");
          else
            gtk_widget_remove_css_class (row->moaas[s], "selected");
          gtk_widget_set_sensitive (row->moaas[s], before);
        }
    }
  if (row->spec->kind == ROW_PHQ9)
    sync_phq9 (self, item.value);
  /* The live computation is shown until it is the dose confirmed. */
  if (row->spec->kind == ROW_DOSE)
    gtk_widget_set_visible (GTK_WIDGET (self->dose_preview),
                            item.value == NULL
                            || !g_str_has_prefix (item.value, gtk_label_get_label (self->dose_preview)));

  /* A failed gate can be accepted by a named clinician, with a reason. */
  if (row->override_box != NULL)
    gtk_widget_set_visible (row->override_box, before && failed_gate);
}

static void
update_intro (VigilChecklistPage *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Before the infusion. Every answer is recorded with your name (%s) and the time. "
                            "“Start infusion” unlocks when every item is done."),
                          self->user_name != NULL && *self->user_name != '\0' ? self->user_name : _("no name set"));
  gtk_label_set_label (self->intro_label, text);
}

void
vigil_checklist_page_refresh (VigilChecklistPage *self)
{
  VigilChecklist *checklist;
  g_auto(GStrv) missing = NULL;
  gboolean complete, before;

  g_return_if_fail (VIGIL_IS_CHECKLIST_PAGE (self));

  if (self->refreshing)
    return;
  self->refreshing = TRUE;

  g_clear_pointer (&self->missing_text, g_free);
  if (self->session == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.start", FALSE);
      gtk_label_set_label (self->missing_label, _("No treatment is open."));
      self->refreshing = FALSE;
      return;
    }

  checklist = vigil_treatment_session_get_checklist (self->session);
  for (guint i = 0; i < N_ROWS; i++)
    refresh_row (self, &self->rows[i]);

  before = in_before_phase (self);
  complete = vigil_checklist_is_complete (checklist);
  missing = vigil_checklist_list_missing (checklist);
  if (!before)
    self->missing_text = g_strdup (_("The infusion has started."));
  else if (complete)
    self->missing_text = g_strdup (_("Checklist complete."));
  else
    {
      g_autofree char *list = g_strjoinv (" · ", missing);

      self->missing_text = g_strdup_printf (_("Missing (%u): %s"), g_strv_length (missing), list);
    }
  gtk_label_set_label (self->missing_label, self->missing_text);
  if (before && complete)
    gtk_widget_add_css_class (GTK_WIDGET (self->missing_label), "complete");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->missing_label), "complete");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.start", before && complete);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.answer", before);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.override", before);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.set-dose", before);

  self->refreshing = FALSE;
}

/* ---- actions --------------------------------------------------------------------- */

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilChecklistPage *self = VIGIL_CHECKLIST_PAGE (widget);
  const char *key, *value;
  Row *row;

  g_variant_get (parameter, "(&s&s)", &key, &value);
  /* Show what was entered in the row's own entry too. */
  row = find_row (self, key);
  if (row != NULL && row->entry != NULL
      && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->entry)), value) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row->entry), value);
  answer (self, key, value);
}

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VigilChecklistPage *self = VIGIL_CHECKLIST_PAGE (widget);
  const char *key, *reason;
  GError *error = NULL;

  if (self->session == NULL)
    return;
  g_variant_get (parameter, "(&s&s)", &key, &reason);
  if (report (self, vigil_checklist_override (vigil_treatment_session_get_checklist (self->session),
                                              key, reason, self->user_name, &error),
              &error))
    {
      Row *row = find_row (self, key);

      if (row != NULL && row->override_entry != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row->override_entry), "");
    }
}

static void
set_dose_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VigilChecklistPage *self = VIGIL_CHECKLIST_PAGE (widget);
  const char *weight, *unit, *mg_per_kg, *bag_mg, *bag_ml;

  /* The form's own text, as a keypad would enter it; then the same
   * confirmation as the button. */
  g_variant_get (parameter, "(&s&s&s&s&s)", &weight, &unit, &mg_per_kg, &bag_mg, &bag_ml);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (g_str_equal (unit, "lb") ? self->unit_lb : self->unit_kg),
                                TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->weight_entry), weight);
  gtk_editable_set_text (GTK_EDITABLE (self->mg_per_kg_entry), mg_per_kg);
  gtk_editable_set_text (GTK_EDITABLE (self->bag_mg_entry), bag_mg);
  gtk_editable_set_text (GTK_EDITABLE (self->bag_ml_entry), bag_ml);
  confirm_dose (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VigilChecklistPage *self = VIGIL_CHECKLIST_PAGE (widget);
  GError *error = NULL;

  if (self->session == NULL)
    return;
  report (self, vigil_treatment_session_start_infusion (self->session, self->user_name, &error), &error);
}

/* ---- building the rows ----------------------------------------------------------- */

static GtkWidget *
big_button (const char *label,
            const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "checklist-button");
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static GtkWidget *
labelled_entry (const char *placeholder,
                int         width_chars)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (entry, "checklist-entry");
  return entry;
}

static GtkWidget *
field (const char *caption,
       GtkWidget  *child)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "checklist-caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), child);
  return box;
}

static GtkWidget *
build_dose_form (VigilChecklistPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *units = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  self->weight_entry = labelled_entry ("72.5", 6);
  self->unit_kg = gtk_toggle_button_new_with_label (_("kg"));
  self->unit_lb = gtk_toggle_button_new_with_label (_("lb"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->unit_lb), GTK_TOGGLE_BUTTON (self->unit_kg));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->unit_kg), TRUE);
  gtk_widget_add_css_class (self->unit_kg, "checklist-choice");
  gtk_widget_add_css_class (self->unit_lb, "checklist-choice");
  gtk_widget_add_css_class (units, "linked");
  gtk_box_append (GTK_BOX (units), self->unit_kg);
  gtk_box_append (GTK_BOX (units), self->unit_lb);

  self->mg_per_kg_entry = labelled_entry ("0.5", 4);
  self->mg_per_kg_default = VIGIL_DOSE_DEFAULT_MG_PER_KG;
  gtk_editable_set_text (GTK_EDITABLE (self->mg_per_kg_entry),
                         g_ascii_formatd (text, sizeof text, "%g", self->mg_per_kg_default));
  self->bag_mg_entry = labelled_entry ("100", 5);
  self->bag_ml_entry = labelled_entry ("100", 5);

  gtk_box_append (GTK_BOX (box), field (_("Weight"), self->weight_entry));
  gtk_box_append (GTK_BOX (box), field (_("Unit"), units));
  gtk_box_append (GTK_BOX (box), field (_("Dose mg/kg"), self->mg_per_kg_entry));
  gtk_box_append (GTK_BOX (box), field (_("Bag mg"), self->bag_mg_entry));
  gtk_box_append (GTK_BOX (box), field (_("Bag mL"), self->bag_ml_entry));

  g_signal_connect (self->weight_entry, "changed", G_CALLBACK (on_dose_field_changed), self);
  g_signal_connect (self->mg_per_kg_entry, "changed", G_CALLBACK (on_dose_field_changed), self);
  g_signal_connect (self->bag_mg_entry, "changed", G_CALLBACK (on_dose_field_changed), self);
  g_signal_connect (self->bag_ml_entry, "changed", G_CALLBACK (on_dose_field_changed), self);
  g_signal_connect (self->unit_lb, "toggled", G_CALLBACK (on_dose_field_changed), self);
  return box;
}

static GtkWidget *
build_phq9_grid (VigilChecklistPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *record;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_add_css_class (grid, "phq9-grid");
  for (int c = 0; c < 4; c++)
    {
      g_autofree char *head = g_strdup_printf ("%d %s", c, vigil_phq9_choice_label (c));
      GtkWidget *label = gtk_label_new (head);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "checklist-caption");
      gtk_grid_attach (GTK_GRID (grid), label, 1 + c, 0, 1, 1);
    }
  for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u. %s", i + 1, vigil_phq9_item_label (i));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "phq9-item");
      gtk_grid_attach (GTK_GRID (grid), label, 0, (int) i + 1, 1, 1);
      for (int c = 0; c < 4; c++)
        {
          char digit[2] = { (char) ('0' + c), '\0' };
          GtkWidget *button = gtk_toggle_button_new_with_label (digit);

          gtk_widget_add_css_class (button, "checklist-choice");
          gtk_widget_set_tooltip_text (button, vigil_phq9_choice_label (c));
          if (c > 0)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                         GTK_TOGGLE_BUTTON (self->phq9_buttons[i][0]));
          g_signal_connect (button, "toggled", G_CALLBACK (on_phq9_toggled), self);
          gtk_grid_attach (GTK_GRID (grid), button, 1 + c, (int) i + 1, 1, 1);
          self->phq9_buttons[i][c] = button;
        }
    }
  gtk_box_append (GTK_BOX (box), grid);

  self->phq9_total = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->phq9_total, 0);
  gtk_label_set_wrap (self->phq9_total, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->phq9_total), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->phq9_total), "phq9-total");
  record = big_button (_("Record PHQ-9"), NULL);
  g_signal_connect (record, "clicked", G_CALLBACK (on_record_phq9_clicked), self);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->phq9_total));
  gtk_box_append (GTK_BOX (bottom), record);
  gtk_box_append (GTK_BOX (box), bottom);
  return box;
}

static void
build_row (VigilChecklistPage *self,
           Row                *row,
           const RowSpec      *spec)
{
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  row->spec = spec;
  row->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (row->box, "checklist-row");

  row->mark = GTK_LABEL (gtk_label_new ("○"));
  gtk_widget_add_css_class (GTK_WIDGET (row->mark), "checklist-mark");
  gtk_widget_set_valign (GTK_WIDGET (row->mark), GTK_ALIGN_CENTER);
  row->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->title, 0);
  gtk_label_set_wrap (row->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->title), "checklist-title");
  row->detail = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->detail, 0);
  gtk_label_set_wrap (row->detail, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->detail), "checklist-detail");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->title));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->detail));
  gtk_box_append (GTK_BOX (head), GTK_WIDGET (row->mark));
  gtk_box_append (GTK_BOX (head), text);
  gtk_box_append (GTK_BOX (head), controls);
  gtk_box_append (GTK_BOX (row->box), head);

  switch (spec->kind)
    {
    case ROW_CONFIRM:
      row->button = big_button (_("Confirm"), "confirm");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row->button), "checklist.answer");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row->button), "(ss)", spec->key, CONFIRMED_VALUE);
      gtk_box_append (GTK_BOX (controls), row->button);
      break;

    case ROW_TEXT:
    case ROW_TIME:
      row->entry = labelled_entry (spec->kind == ROW_TIME ? _("HH:MM") : "",
                                   spec->kind == ROW_TIME ? 6 : 16);
      row->button = big_button (_("Confirm"), "confirm");
      g_object_set_data (G_OBJECT (row->entry), "vigil-row", row);
      g_object_set_data (G_OBJECT (row->button), "vigil-row", row);
      g_signal_connect (row->entry, "activate", G_CALLBACK (on_entry_activate), self);
      g_signal_connect (row->button, "clicked", G_CALLBACK (on_entry_confirm), self);
      gtk_box_append (GTK_BOX (controls), row->entry);
      gtk_box_append (GTK_BOX (controls), row->button);
      break;

    case ROW_WEIGHT:
      gtk_box_append (GTK_BOX (row->box), build_dose_form (self));
      break;

    case ROW_DOSE:
      self->dose_preview = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->dose_preview, 0);
      gtk_label_set_wrap (self->dose_preview, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->dose_preview), "dose-preview");
      row->button = big_button (_("Confirm dose"), "confirm");
      g_signal_connect (row->button, "clicked", G_CALLBACK (on_confirm_dose_clicked), self);
      gtk_box_append (GTK_BOX (controls), row->button);
      gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (self->dose_preview));
      break;

    case ROW_PHQ9:
      gtk_box_append (GTK_BOX (row->box), build_phq9_grid (self));
      break;

    case ROW_MOAAS:
      {
        GtkWidget *scores = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

        for (int s = 0; s <= VIGIL_MOAAS_MAX; s++)
          {
            char digit[2] = { (char) ('0' + s), '\0' };
            GtkWidget *button = big_button (digit, "checklist-choice");

            gtk_widget_set_size_request (button, 88, -1);
            gtk_widget_set_tooltip_text (button, vigil_moaas_describe (s));
            gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "checklist.answer");
            gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", spec->key, digit);
            gtk_box_append (GTK_BOX (scores), button);
            row->moaas[s] = button;
          }
        /* Below the title: six big targets need the row's full width. */
        gtk_widget_set_halign (scores, GTK_ALIGN_START);
        gtk_widget_set_margin_start (scores, 44);
        gtk_box_append (GTK_BOX (row->box), scores);
      }
      break;

    case ROW_VITAL:
    default:
      break;
    }

  if (spec->gated)
    {
      GtkWidget *accept = big_button (_("Override"), "override");

      row->override_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_widget_add_css_class (row->override_box, "checklist-override");
      row->override_entry = labelled_entry (_("Reason for the override (prescriber review)"), 30);
      gtk_widget_set_hexpand (row->override_entry, TRUE);
      g_object_set_data (G_OBJECT (accept), "vigil-row", row);
      g_signal_connect (accept, "clicked", G_CALLBACK (on_override_clicked), self);
      gtk_box_append (GTK_BOX (row->override_box), row->override_entry);
      gtk_box_append (GTK_BOX (row->override_box), accept);
      gtk_widget_set_visible (row->override_box, FALSE);
      gtk_box_append (GTK_BOX (row->box), row->override_box);
    }
  gtk_box_append (self->rows_box, row->box);
}

/* ---- public API ------------------------------------------------------------------ */

GtkWidget *
vigil_checklist_page_new (void)
{
  return g_object_new (VIGIL_TYPE_CHECKLIST_PAGE, NULL);
}

static void
on_answered (VigilChecklist     *checklist,
             const char         *key,
             const char         *value,
             const char         *who,
             gint64              wall_us,
             VigilChecklistPage *self)
{
  vigil_checklist_page_refresh (self);
}

static void
on_phase_changed (GObject            *treatment,
                  GParamSpec         *pspec,
                  VigilChecklistPage *self)
{
  vigil_checklist_page_refresh (self);
}

void
vigil_checklist_page_set_session (VigilChecklistPage    *self,
                                  VigilTreatmentSession *session)
{
  g_return_if_fail (VIGIL_IS_CHECKLIST_PAGE (self));
  g_return_if_fail (session == NULL || VIGIL_IS_TREATMENT_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (vigil_treatment_session_get_checklist (self->session), self);
      g_signal_handlers_disconnect_by_data (vigil_treatment_session_get_treatment (self->session), self);
    }
  g_set_object (&self->session, session);
  g_clear_pointer (&self->phq9_synced, g_free);
  if (session != NULL)
    {
      g_signal_connect_object (vigil_treatment_session_get_checklist (session), "answered",
                               G_CALLBACK (on_answered), self, 0);
      g_signal_connect_object (vigil_treatment_session_get_treatment (session), "notify::phase",
                               G_CALLBACK (on_phase_changed), self, 0);
    }
  set_error (self, NULL);
  update_dose_preview (self);
  vigil_checklist_page_refresh (self);
}

/**
 * vigil_checklist_page_set_clinic_config:
 * @config: the clinic's configuration
 *
 * The dose form starts with the clinic's dose and weight unit. A dose
 * someone already typed is kept.
 */
void
vigil_checklist_page_set_clinic_config (VigilChecklistPage *self,
                                        VigilClinicConfig  *config)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double dose;

  g_return_if_fail (VIGIL_IS_CHECKLIST_PAGE (self));
  g_return_if_fail (VIGIL_IS_CLINIC_CONFIG (config));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (vigil_clinic_config_get_weight_unit (config)
                                                   == VIGIL_WEIGHT_UNIT_LB ? self->unit_lb : self->unit_kg),
                                TRUE);
  dose = vigil_clinic_config_get_dose_mg_per_kg (config);
  if (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->mg_per_kg_entry)),
                   g_ascii_formatd (text, sizeof text, "%g", self->mg_per_kg_default)))
    gtk_editable_set_text (GTK_EDITABLE (self->mg_per_kg_entry),
                           g_ascii_formatd (text, sizeof text, "%g", dose));
  self->mg_per_kg_default = dose;
  update_dose_preview (self);
}

void
vigil_checklist_page_set_user_name (VigilChecklistPage *self,
                                    const char         *who)
{
  g_return_if_fail (VIGIL_IS_CHECKLIST_PAGE (self));

  if (g_strcmp0 (self->user_name, who) == 0)
    return;
  g_free (self->user_name);
  self->user_name = g_strdup (who);
  update_intro (self);
  vigil_checklist_page_refresh (self);
}

/* The last refusal shown on the page, or %NULL. */
const char *
vigil_checklist_page_get_error (VigilChecklistPage *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKLIST_PAGE (self), NULL);
  return self->error_text;
}

/* The text of the bar beside "Start infusion" (what is missing). */
const char *
vigil_checklist_page_get_missing_text (VigilChecklistPage *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKLIST_PAGE (self), NULL);
  return self->missing_text;
}

/* The row's main button: Confirm, Confirm dose, or MOAA/S 5. */
GtkWidget *
vigil_checklist_page_get_answer_button (VigilChecklistPage *self,
                                        const char         *key)
{
  Row *row;

  g_return_val_if_fail (VIGIL_IS_CHECKLIST_PAGE (self), NULL);

  row = find_row (self, key);
  if (row == NULL)
    return NULL;
  if (row->spec->kind == ROW_MOAAS)
    return row->moaas[VIGIL_MOAAS_MAX];
  return row->button;
}

static void
vigil_checklist_page_dispose (GObject *object)
{
  VigilChecklistPage *self = VIGIL_CHECKLIST_PAGE (object);
  GtkWidget *child;

  vigil_checklist_page_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_CHECKLIST_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vigil_checklist_page_parent_class)->dispose (object);
}

static void
vigil_checklist_page_finalize (GObject *object)
{
  VigilChecklistPage *self = VIGIL_CHECKLIST_PAGE (object);

  g_free (self->user_name);
  g_free (self->error_text);
  g_free (self->missing_text);
  g_free (self->phq9_synced);

  G_OBJECT_CLASS (vigil_checklist_page_parent_class)->finalize (object);
}

static void
vigil_checklist_page_class_init (VigilChecklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_checklist_page_dispose;
  object_class->finalize = vigil_checklist_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-checklist-page");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilmonitor/Vigil/vigil-checklist-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilChecklistPage, page_box);
  gtk_widget_class_bind_template_child (widget_class, VigilChecklistPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, VigilChecklistPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilChecklistPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, VigilChecklistPage, rows_box);
  gtk_widget_class_bind_template_child (widget_class, VigilChecklistPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, VigilChecklistPage, start_button);

  /* (key, value): an answer as the row's control gives it ("HH:MM" for
   * times, "0,1,…" for PHQ-9, 0–5 for MOAA/S). */
  gtk_widget_class_install_action (widget_class, "checklist.answer", "(ss)", answer_action);
  /* (key, reason): a named clinician accepts a failed gate. */
  gtk_widget_class_install_action (widget_class, "checklist.override", "(ss)", override_action);
  /* (weight, "kg"|"lb", mg/kg, bag mg, bag mL) as typed; confirmed by the
   * page's staff name. */
  gtk_widget_class_install_action (widget_class, "checklist.set-dose", "(sssss)", set_dose_action);
  gtk_widget_class_install_action (widget_class, "checklist.start", NULL, start_action);
}

static void
vigil_checklist_page_init (VigilChecklistPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_ROWS; i++)
    build_row (self, &self->rows[i], &row_specs[i]);
  update_intro (self);
  update_dose_preview (self);
  vigil_checklist_page_refresh (self);
}
