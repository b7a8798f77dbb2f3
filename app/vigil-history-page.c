/* vigil-history-page.c — patients, their sessions and series, looked back on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is read back from the database, never from what the
 * running monitor remembers: what a clinician reviews is what was stored.
 * Two views: the patients with the chosen one's series and sessions, and
 * one session with its whole trend, its records and its exports.
 */
#include "vigil-history-page.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "vigil-alarm.h"
#include "vigil-trend-chart.h"
#include "vigil-trend-set.h"

/* CLINICAL.md §2, between sessions. Response: PHQ-9 at least 50 % below
 * the first; remission: below 5. A drop of 5 points is the PHQ-9's
 * minimal clinically important difference (Löwe et al. 2004), the
 * "meaningful improvement" the review prompt looks for. */
#define PHQ9_MAX 27
#define PHQ9_REMISSION_BELOW 5
#define PHQ9_RESPONSE_FRACTION 0.5
#define PHQ9_MEANINGFUL_DROP 5
#define REVIEW_AFTER_INFUSIONS 3

/* One PHQ-9 of the series, oldest first. */
typedef struct
{
  guint    series_number;
  gboolean maintenance;
  int      phq9;
} SeriesPoint;

struct _VigilHistoryPage
{
  GtkWidget                 parent_instance;

  VigilStore               *store;
  VigilClinicConfig        *clinic_config;   /* the report header's name and logo; may be NULL */
  gint64                    current_session_id;

  GPtrArray                *all_sessions;    /* VigilStoreSessionSummary*, newest first */
  GArray                   *patient_ids;     /* gint64 per patients list row */
  GPtrArray                *patient_text;
  GPtrArray                *sessions;        /* borrowed from all_sessions: the chosen patient's */
  GPtrArray                *session_text;
  gboolean                  patient_chosen;
  gint64                    patient_id;
  GArray                   *series;          /* SeriesPoint */
  int                       series_first;    /* PHQ-9 the % change is from, -1 if none */
  char                     *series_text;
  char                     *review_text;

  gint64                    open_session;    /* 0: the browse view */
  VigilTrendSet            *trends;
  GPtrArray                *record_text;
  char                     *export_status;
  GtkFileChooserNative     *chooser;
  gboolean                  chooser_pdf;

  /* template children */
  GtkStack                 *views;
  GtkListBox               *patient_list;
  GtkLabel                 *patient_title;
  GtkWidget                *series_box;
  GtkDrawingArea           *phq9_chart;
  GtkLabel                 *series_label;
  GtkWidget                *response_flag;
  GtkWidget                *remission_flag;
  GtkLabel                 *review_label;
  GtkListBox               *session_list;
  GtkLabel                 *browse_status;
  GtkWidget                *session_simulated;
  GtkLabel                 *session_title;
  GtkLabel                 *session_detail;
  VigilTrendChart          *session_chart;
  GtkListBox               *record_list;
  GtkLabel                 *export_label;
};

G_DEFINE_FINAL_TYPE (VigilHistoryPage, vigil_history_page, GTK_TYPE_WIDGET)

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
make_simulated_badge (void)
{
  GtkWidget *badge = gtk_label_new (_("SIMULATED"));

  gtk_widget_add_css_class (badge, "simulated-mark");
  gtk_widget_add_css_class (badge, "small");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (badge, _("Recorded in demo mode from simulated devices: not a patient's data."));
  return badge;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_status (GtkLabel   *label,
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

static char *
format_date (gint64 wall_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  /* TRANSLATORS: a session's date and start time, strftime format */
  return g_date_time_format (when, _("%a %d %b %Y %H:%M"));
}

static char *
format_time (gint64 wall_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  return g_date_time_format (when, "%H:%M:%S");
}

static char *
format_duration (gint64 us)
{
  gint64 minutes = MAX (us, 0) / (60 * G_USEC_PER_SEC);

  if (minutes < 1)
    return g_strdup (_("< 1 min"));
  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
}

/* The session's end as well as it is known: a session that was not closed
 * (a crash, a power loss) ends at its last stored vital. */
static gint64
session_end (VigilHistoryPage               *self,
             const VigilStoreSessionSummary *session,
             gboolean                       *out_closed)
{
  gboolean closed = session->ended_at_us > 0;
  gint64 end = session->ended_at_us;

  if (!closed)
    end = MAX (session->last_vital_us, session->started_at_us);
  if (out_closed != NULL)
    *out_closed = closed;
  return end;
}

static char *
duration_text (VigilHistoryPage               *self,
               const VigilStoreSessionSummary *session)
{
  gboolean closed;
  gint64 end = session_end (self, session, &closed);
  g_autofree char *duration = format_duration (end - session->started_at_us);

  if (closed)
    return g_steal_pointer (&duration);
  if (session->session_id == self->current_session_id)
    /* TRANSLATORS: the duration of the session running now */
    return g_strdup_printf (_("%s, in progress"), duration);
  /* TRANSLATORS: a session Vigil did not close (crash, power loss): its
   * duration up to its last stored record */
  return g_strdup_printf (_("%s, not closed"), duration);
}

static char *
series_position_text (const VigilStoreSessionSummary *session)
{
  if (session->treatment_id == 0)
    return g_strdup (_("Monitoring only"));
  if (session->maintenance)
    return g_strdup_printf (_("Maintenance (infusion %u)"), session->series_number);
  if (session->planned_count > 0)
    return g_strdup_printf (_("Infusion %u of %u"), session->series_number, session->planned_count);
  return g_strdup_printf (_("Infusion %u"), session->series_number);
}

static char *
alarms_text (const VigilStoreSessionSummary *session)
{
  if (session->n_alarms == 0)
    return g_strdup (_("no alarms"));
  return g_strdup_printf (ngettext ("%u alarm", "%u alarms", session->n_alarms), session->n_alarms);
}

/* "PHQ-9 14 (−36 %)", the change from the series' first when there is one. */
static char *
phq9_text (VigilHistoryPage               *self,
           const VigilStoreSessionSummary *session,
           gboolean                        with_change)
{
  if (session->phq9 < 0)
    return g_strdup (_("PHQ-9 —"));
  if (with_change && self->series_first > 0)
    {
      double change = 100.0 * (session->phq9 - self->series_first) / self->series_first;

      /* TRANSLATORS: PHQ-9 total and its change from the series' first */
      return g_strdup_printf (_("PHQ-9 %d (%+.0f %%)"), session->phq9, change);
    }
  return g_strdup_printf (_("PHQ-9 %d"), session->phq9);
}

/* ---- patients ---------------------------------------------------------- */

static GtkWidget *
make_patient_row (VigilHistoryPage *self,
                  const char       *name,
                  const char       *clinic_id,
                  guint             n_sessions,
                  gboolean          all_simulated)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name_label = make_label (name, "patient-name", 0);
  g_autofree char *count = g_strdup_printf (ngettext ("%u session", "%u sessions", n_sessions), n_sessions);
  g_autofree char *sub = clinic_id != NULL ? g_strdup_printf ("%s · %s", clinic_id, count)
                                           : g_strdup (count);

  gtk_widget_add_css_class (box, "patient-row");
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_box_append (GTK_BOX (top), name_label);
  if (all_simulated)
    gtk_box_append (GTK_BOX (top), make_simulated_badge ());
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), make_label (sub, "patient-sub", 0));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_ptr_array_add (self->patient_text,
                   g_strdup_printf ("%s%s — %s", all_simulated ? _("SIMULATED ") : "", name, sub));
  return row;
}

static void
count_sessions (VigilHistoryPage *self,
                gint64            patient_id,
                guint            *out_n,
                gboolean         *out_all_simulated)
{
  guint n = 0, simulated = 0;

  for (guint i = 0; i < self->all_sessions->len; i++)
    {
      const VigilStoreSessionSummary *s = g_ptr_array_index (self->all_sessions, i);

      if (s->patient_id != patient_id)
        continue;
      n++;
      simulated += s->simulated ? 1 : 0;
    }
  *out_n = n;
  *out_all_simulated = n > 0 && simulated == n;
}

/* ---- the series -------------------------------------------------------- */

static void
compute_series (VigilHistoryPage *self)
{
  guint n_infusions = 0, n_real = 0;
  gboolean simulated_only;
  const SeriesPoint *first, *latest;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean response = FALSE, remission = FALSE;

  g_array_set_size (self->series, 0);
  self->series_first = -1;
  g_clear_pointer (&self->series_text, g_free);
  g_clear_pointer (&self->review_text, g_free);

  /* Simulated sessions never count in a patient's series when real ones
   * exist: demo data must not pass for a patient's. */
  for (guint i = 0; i < self->sessions->len; i++)
    {
      const VigilStoreSessionSummary *s = g_ptr_array_index (self->sessions, i);

      if (s->treatment_id != 0 && !s->simulated)
        n_real++;
    }
  simulated_only = n_real == 0;

  for (guint i = self->sessions->len; i-- > 0;)
    {
      const VigilStoreSessionSummary *s = g_ptr_array_index (self->sessions, i);
      SeriesPoint point;

      if (s->treatment_id == 0 || (s->simulated && !simulated_only))
        continue;
      n_infusions++;
      if (s->phq9 < 0)
        continue;
      point.series_number = s->series_number;
      point.maintenance = s->maintenance;
      point.phq9 = s->phq9;
      g_array_append_val (self->series, point);
    }

  if (n_infusions == 0)
    return;

  if (simulated_only)
    g_string_append (text, _("SIMULATED series — "));

  if (self->series->len == 0)
    {
      g_string_append_printf (text, ngettext ("No PHQ-9 recorded in %u infusion.",
                                              "No PHQ-9 recorded in %u infusions.", n_infusions),
                              n_infusions);
      self->series_text = g_string_free (g_steal_pointer (&text), FALSE);
      return;
    }

  first = &g_array_index (self->series, SeriesPoint, 0);
  latest = &g_array_index (self->series, SeriesPoint, self->series->len - 1);
  self->series_first = first->phq9;

  if (self->series->len == 1)
    g_string_append_printf (text, ngettext ("PHQ-9 %d at the first score, over %u infusion.",
                                            "PHQ-9 %d at the first score, over %u infusions.", n_infusions),
                            first->phq9, n_infusions);
  else if (first->phq9 > 0)
    g_string_append_printf (text, ngettext ("PHQ-9 %d → %d (%+.0f %% from the first) over %u infusion.",
                                            "PHQ-9 %d → %d (%+.0f %% from the first) over %u infusions.",
                                            n_infusions),
                            first->phq9, latest->phq9,
                            100.0 * (latest->phq9 - first->phq9) / first->phq9, n_infusions);
  else
    g_string_append_printf (text, ngettext ("PHQ-9 %d → %d over %u infusion.",
                                            "PHQ-9 %d → %d over %u infusions.", n_infusions),
                            first->phq9, latest->phq9, n_infusions);

  if (self->series->len >= 2)
    {
      gboolean meaningful;

      response = first->phq9 > 0 && latest->phq9 <= PHQ9_RESPONSE_FRACTION * first->phq9;
      remission = latest->phq9 < PHQ9_REMISSION_BELOW;
      meaningful = first->phq9 - latest->phq9 >= PHQ9_MEANINGFUL_DROP || response || remission;

      if (response)
        g_string_append (text, _(" Response: at least 50 % below the first."));
      if (remission)
        g_string_append (text, _(" Remission: below 5."));
      if (!meaningful && n_infusions >= REVIEW_AFTER_INFUSIONS)
        self->review_text =
          g_strdup_printf (ngettext ("No meaningful improvement after %u infusion (PHQ-9 %d → %d). Physician review of the treatment plan is due.",
                                     "No meaningful improvement after %u infusions (PHQ-9 %d → %d). Physician review of the treatment plan is due.",
                                     n_infusions),
                           n_infusions, first->phq9, latest->phq9);
    }
  else if (first->phq9 < PHQ9_REMISSION_BELOW)
    {
      remission = TRUE;
      g_string_append (text, _(" Remission: below 5."));
    }

  gtk_widget_set_visible (self->response_flag, response);
  gtk_widget_set_visible (self->remission_flag, remission);
  self->series_text = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *out)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, out))
    gdk_rgba_parse (out, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
draw_dashed_level (cairo_t       *cr,
                   PangoLayout   *layout,
                   const char    *label,
                   double         x0,
                   double         x1,
                   double         y,
                   const GdkRGBA *color)
{
  static const double dash[] = { 6, 4 };
  int w, h;

  /* The level's name at its right end, above the line. */
  pango_layout_set_text (layout, label, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x1 - w, y - h);
  pango_cairo_show_layout (cr, layout);

  cairo_save (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, x0, floor (y) + 0.5);
  cairo_line_to (cr, x1, floor (y) + 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_text (cairo_t       *cr,
           PangoLayout   *layout,
           const char    *text,
           double         cx,
           double         y,
           const GdkRGBA *color)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, cx - w / 2.0, y);
  pango_cairo_show_layout (cr, layout);
}

/* PHQ-9 at each session of the series as bars on the scale's 0–27, with
 * the remission and response levels. */
static void
draw_phq9 (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  VigilHistoryPage *self = data;
  GtkWidget *widget = GTK_WIDGET (area);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoLayout) small = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  GdkRGBA plot, grid, text, bar, remission, response;
  double left = 8, right = width - 8, top = 18, bottom = height - 20;
  double slot;

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_layout_set_attributes (small, attrs);
  lookup_color (widget, "vigil_chart_plot", "#0d1115", &plot);
  lookup_color (widget, "vigil_chart_grid", "#232b33", &grid);
  lookup_color (widget, "vigil_chart_text", "#a3adb6", &text);
  lookup_color (widget, "vigil_phq9_bar", "#5a94d1", &bar);
  lookup_color (widget, "vigil_hr", "#3ee070", &remission);
  lookup_color (widget, "vigil_marker_event", "#c9a8ff", &response);

  gdk_cairo_set_source_rgba (cr, &plot);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  gdk_cairo_set_source_rgba (cr, &grid);
  cairo_rectangle (cr, left, floor (bottom) + 0.5, right - left, 1);
  cairo_fill (cr);

  if (self->series->len == 0)
    return;

#define Y_OF(v) (bottom - (bottom - top) * (double) (v) / PHQ9_MAX)

  draw_dashed_level (cr, small, _("remission"), left, right, Y_OF (PHQ9_REMISSION_BELOW), &remission);
  if (self->series_first > 0)
    draw_dashed_level (cr, small, _("response"), left, right,
                       Y_OF (PHQ9_RESPONSE_FRACTION * self->series_first), &response);

  slot = (right - left) / MAX (self->series->len, 6);
  for (guint i = 0; i < self->series->len; i++)
    {
      const SeriesPoint *point = &g_array_index (self->series, SeriesPoint, i);
      double cx = left + slot * (i + 0.5);
      double bar_w = MIN (slot * 0.6, 36);
      double y = Y_OF (point->phq9);
      g_autofree char *value = g_strdup_printf ("%d", point->phq9);
      g_autofree char *which = point->maintenance ? g_strdup (_("M"))
                                                  : g_strdup_printf ("%u", point->series_number);

      gdk_cairo_set_source_rgba (cr, point->phq9 < PHQ9_REMISSION_BELOW ? &remission : &bar);
      cairo_rectangle (cr, round (cx - bar_w / 2), y, round (bar_w), bottom - y);
      cairo_fill (cr);
      draw_text (cr, layout, value, cx, y - 17, &text);
      draw_text (cr, layout, which, cx, bottom + 2, &text);
    }
#undef Y_OF
}

static void
show_series (VigilHistoryPage *self)
{
  compute_series (self);
  gtk_widget_set_visible (self->series_box, self->series_text != NULL);
  gtk_label_set_label (self->series_label, self->series_text != NULL ? self->series_text : "");
  gtk_label_set_label (self->review_label, self->review_text != NULL ? self->review_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->review_label), self->review_text != NULL);
  if (self->review_text != NULL)
    {
      g_autofree char *why = g_strdup_printf (_("PHQ-9 less than %d points below the first session's, no response and no remission after %d or more infusions (CLINICAL.md, between sessions)."),
                                              PHQ9_MEANINGFUL_DROP, REVIEW_AFTER_INFUSIONS);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->review_label), why);
    }
  if (self->series_text == NULL)
    {
      gtk_widget_set_visible (self->response_flag, FALSE);
      gtk_widget_set_visible (self->remission_flag, FALSE);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->phq9_chart));
}

/* ---- sessions of a patient --------------------------------------------- */

/* Two lines, so a row fits beside the patients list on a bedside screen:
 * the date (and SIMULATED), then where it sits in the series, how long
 * it lasted and its alarms; the PHQ-9 on the right. */
static GtkWidget *
make_session_row (VigilHistoryPage               *self,
                  const VigilStoreSessionSummary *session)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autofree char *date = format_date (session->started_at_us);
  g_autofree char *position = series_position_text (session);
  g_autofree char *duration = duration_text (self, session);
  g_autofree char *alarms = alarms_text (session);
  g_autofree char *phq9 = phq9_text (self, session, self->patient_id != VIGIL_HISTORY_NO_PATIENT
                                                    && !session->simulated);
  g_autofree char *facts = g_strdup_printf ("%s · %s · ", position, duration);
  GtkWidget *facts_label;

  gtk_widget_add_css_class (box, "session-row");
  if (session->simulated)
    gtk_widget_add_css_class (box, "simulated");

  gtk_box_append (GTK_BOX (top), make_label (date, "date", 0));
  if (session->simulated)
    gtk_box_append (GTK_BOX (top), make_simulated_badge ());
  facts_label = make_label (facts, "position", 0);
  gtk_label_set_ellipsize (GTK_LABEL (facts_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_box_append (GTK_BOX (bottom), facts_label);
  gtk_box_append (GTK_BOX (bottom), make_label (alarms, session->n_alarms > 0 ? "alarms" : "dim", 0));
  gtk_box_append (GTK_BOX (lines), top);
  gtk_box_append (GTK_BOX (lines), bottom);
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_box_append (GTK_BOX (box), lines);
  gtk_box_append (GTK_BOX (box), make_label (phq9, "phq9", 0));
  gtk_box_append (GTK_BOX (box), make_label ("›", "chevron", 0));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "history.open-session");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", session->session_id);
  gtk_widget_set_tooltip_text (row, _("Open this session's trends and records"));

  g_ptr_array_add (self->session_text,
                   g_strdup_printf ("%s%s · %s · %s · %s · %s", session->simulated ? _("SIMULATED ") : "",
                                    date, position, duration, alarms, phq9));
  return row;
}

static void
show_patient (VigilHistoryPage *self,
              gint64            patient_id)
{
  g_autoptr(GError) error = NULL;

  self->patient_chosen = TRUE;
  self->patient_id = patient_id;
  g_ptr_array_set_size (self->sessions, 0);
  g_ptr_array_set_size (self->session_text, 0);
  clear_list (self->session_list);

  for (guint i = 0; i < self->all_sessions->len; i++)
    {
      VigilStoreSessionSummary *s = g_ptr_array_index (self->all_sessions, i);

      if (s->patient_id == patient_id)
        g_ptr_array_add (self->sessions, s);
    }

  if (patient_id == VIGIL_HISTORY_NO_PATIENT)
    gtk_label_set_label (self->patient_title, _("Monitoring only, no patient"));
  else
    {
      g_autoptr(VigilStorePatient) patient = NULL;

      if (vigil_store_get_patient (self->store, patient_id, &patient, &error))
        {
          g_autofree char *title = patient->clinic_id != NULL
                                   ? g_strdup_printf ("%s · %s", patient->name, patient->clinic_id)
                                   : g_strdup (patient->name);

          gtk_label_set_label (self->patient_title, title);
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("The patient cannot be read: %s"), error->message);

          show_status (self->browse_status, text, TRUE);
        }
    }

  show_series (self);
  for (guint i = 0; i < self->sessions->len; i++)
    gtk_list_box_append (self->session_list, make_session_row (self, g_ptr_array_index (self->sessions, i)));
  if (self->sessions->len == 0)
    {
      GtkWidget *empty = make_label (_("No sessions recorded yet."), "dim", 0);

      gtk_widget_add_css_class (empty, "session-row");
      gtk_list_box_append (self->session_list, empty);
    }
}

static void
on_patient_selected (GtkListBox       *list,
                     GtkListBoxRow    *row,
                     VigilHistoryPage *self)
{
  int index;

  if (row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->patient_ids->len)
    return;
  show_patient (self, g_array_index (self->patient_ids, gint64, index));
}

/* ---- one session ------------------------------------------------------- */

static const char *
step_text (VigilTreatmentStepKind kind)
{
  switch (kind)
    {
    case VIGIL_TREATMENT_STEP_START_INFUSION:
      return _("Infusion started");
    case VIGIL_TREATMENT_STEP_PAUSE:
      return _("Infusion paused");
    case VIGIL_TREATMENT_STEP_RESUME:
      return _("Infusion resumed");
    case VIGIL_TREATMENT_STEP_END_INFUSION:
      return _("Infusion ended, recovery started");
    case VIGIL_TREATMENT_STEP_READY:
      return _("Ready for discharge");
    case VIGIL_TREATMENT_STEP_NOT_READY:
      return _("No longer ready for discharge");
    case VIGIL_TREATMENT_STEP_DISCHARGE:
      return _("Discharged");
    case VIGIL_TREATMENT_STEP_CANCEL:
      return _("Treatment cancelled");
    case VIGIL_TREATMENT_STEP_ABORT:
      return _("Treatment stopped");
    case VIGIL_N_TREATMENT_STEPS:
    default:
      return "";
    }
}

static const char *
event_text (VigilStoreEventKind kind)
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
      return _("Drug given");
    case VIGIL_STORE_EVENT_NOTE:
      return _("Note");
    case VIGIL_STORE_N_EVENT_KINDS:
    default:
      return "";
    }
}

static const char *
scale_text (VigilStoreScale scale)
{
  switch (scale)
    {
    case VIGIL_STORE_SCALE_MOAAS:
      return _("MOAA/S");
    case VIGIL_STORE_SCALE_CADSS6:
      return _("CADSS-6");
    case VIGIL_STORE_SCALE_ALDRETE:
      return _("Modified Aldrete");
    case VIGIL_STORE_SCALE_PADSS:
      return _("PADSS");
    case VIGIL_STORE_SCALE_PHQ9:
      return _("PHQ-9");
    case VIGIL_STORE_N_SCALES:
    default:
      return "";
    }
}

static const char *
alarm_color (const VigilAlarmLogEntry *entry)
{
  if (vigil_alarm_get_info (entry->id)->technical)
    return "vigil_technical";
  switch (entry->priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:
      return "vigil_alarm_high";
    case VIGIL_ALARM_PRIORITY_MEDIUM:
      return "vigil_alarm_medium";
    case VIGIL_ALARM_PRIORITY_LOW:
    case VIGIL_ALARM_PRIORITY_NONE:
    default:
      return "vigil_alarm_low";
    }
}

static const char *
alarm_class (const VigilAlarmLogEntry *entry)
{
  switch (entry->priority)
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

/* One line of the session's records, in time order. */
typedef struct
{
  gint64      wall_us;
  guint       order;       /* ties keep the order they were read in */
  char       *marker;
  char       *text;
  char       *who;
  const char *css_class;
} Record;

static void
record_clear (gpointer data)
{
  Record *record = data;

  g_free (record->marker);
  g_free (record->text);
  g_free (record->who);
}

static int
record_compare (gconstpointer a,
                gconstpointer b)
{
  const Record *ra = a, *rb = b;

  if (ra->wall_us != rb->wall_us)
    return ra->wall_us < rb->wall_us ? -1 : 1;
  return ra->order < rb->order ? -1 : ra->order > rb->order;
}

static void
add_record (GArray     *records,
            gint64      wall_us,
            const char *marker,
            char       *text,
            const char *who,
            const char *css_class)
{
  Record record = { wall_us, records->len, g_strdup (marker), text, g_strdup (who), css_class };

  g_array_append_val (records, record);
}

static gboolean
read_treatment_records (VigilHistoryPage *self,
                        gint64            treatment_id,
                        GArray           *records,
                        GError          **error)
{
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) scores = NULL;

  steps = vigil_store_list_treatment_steps (self->store, treatment_id, error);
  if (steps == NULL)
    return FALSE;
  events = vigil_store_list_treatment_events (self->store, treatment_id, error);
  if (events == NULL)
    return FALSE;
  scores = vigil_store_list_scores (self->store, treatment_id, error);
  if (scores == NULL)
    return FALSE;

  for (guint i = 0; i < steps->len; i++)
    {
      const VigilTreatmentStep *step = g_ptr_array_index (steps, i);
      char *text = step->reason != NULL
                   ? g_strdup_printf ("%s: %s%s", step_text (step->kind), step->reason,
                                      step->override ? _(" (override)") : "")
                   : g_strdup (step_text (step->kind));

      add_record (records, step->wall_us, "▸", text, step->who, "step");
      if (step->kind == VIGIL_TREATMENT_STEP_START_INFUSION
          || step->kind == VIGIL_TREATMENT_STEP_END_INFUSION
          || step->kind == VIGIL_TREATMENT_STEP_DISCHARGE)
        vigil_trend_chart_add_marker (self->session_chart, step->wall_us, step_text (step->kind),
                                      "vigil_chart_text");
    }

  for (guint i = 0; i < events->len; i++)
    {
      const VigilStoreTreatmentEvent *event = g_ptr_array_index (events, i);
      g_autoptr(GString) text = g_string_new (event_text (event->kind));

      if (event->drug_name != NULL)
        g_string_append_printf (text, ": %s", event->drug_name);
      if (event->drug_dose != NULL)
        g_string_append_printf (text, " %s", event->drug_dose);
      if (event->note != NULL)
        g_string_append_printf (text, event->kind == VIGIL_STORE_EVENT_NOTE ? ": %s" : " (%s)", event->note);
      vigil_trend_chart_add_marker (self->session_chart, event->wall_us, text->str, "vigil_marker_event");
      add_record (records, event->wall_us, "◆", g_string_free (g_steal_pointer (&text), FALSE),
                  event->who, "event");
    }

  for (guint i = 0; i < scores->len; i++)
    {
      const VigilStoreScore *score = g_ptr_array_index (scores, i);

      add_record (records, score->wall_us, "#",
                  g_strdup_printf ("%s %d", scale_text (score->scale), score->total),
                  score->who, "score");
    }
  return TRUE;
}

static gboolean
read_alarm_records (VigilHistoryPage *self,
                    gint64            session_id,
                    GArray           *records,
                    GError          **error)
{
  g_autoptr(GPtrArray) alarms = NULL;
  VigilStoreAlarmFilter filter;

  vigil_store_alarm_filter_init (&filter);
  filter.session_id = session_id;
  alarms = vigil_store_list_alarms (self->store, &filter, error);
  if (alarms == NULL)
    return FALSE;

  /* Newest first from the store: the time line wants them oldest first. */
  for (guint i = alarms->len; i-- > 0;)
    {
      const VigilAlarmLogEntry *entry = g_ptr_array_index (alarms, i);
      const VigilAlarmInfo *info = vigil_alarm_get_info (entry->id);
      const char *what = entry->message != NULL && *entry->message != '\0' ? entry->message : _(info->title);
      char *text;

      if (entry->kind == VIGIL_ALARM_LOG_LIMIT_CHANGE)
        text = g_strdup_printf (_("%s %s limit %g → %g"), info->code, _(info->title),
                                entry->old_limit, entry->limit);
      else
        text = g_strdup_printf ("%s %s — %s", info->code, what, vigil_alarm_log_kind_to_label (entry->kind));

      if (entry->kind == VIGIL_ALARM_LOG_START)
        {
          g_autofree char *marker = g_strdup_printf ("%s %s", vigil_alarm_priority_get_marker (entry->priority), what);

          vigil_trend_chart_add_marker (self->session_chart, entry->wall_us, marker, alarm_color (entry));
        }
      add_record (records, entry->wall_us, vigil_alarm_priority_get_marker (entry->priority), text,
                  entry->who, alarm_class (entry));
    }
  return TRUE;
}

static void
setup_session_chart (VigilHistoryPage *self,
                     GArray           *vitals)
{
  guint lane;

  vigil_trend_chart_remove_all (self->session_chart);
  vigil_trend_chart_clear_markers (self->session_chart);
  g_clear_object (&self->trends);
  self->trends = vigil_trend_set_new (MAX (vitals->len, 1));

  for (guint i = 0; i < vitals->len; i++)
    {
      const VigilStoreVital *vital = &g_array_index (vitals, VigilStoreVital, i);
      VigilObservation observation;

      if (vital->parameter >= VIGIL_N_PARAMETERS)
        continue;
      vigil_observation_init (&observation, vital->parameter);
      observation.quality = vital->quality;
      observation.value = vital->value;
      observation.diastolic = vital->diastolic;
      observation.mean = vital->mean;
      observation.device_time_us = vital->device_time_us;
      observation.host_wall_us = vital->wall_us;
      vigil_trend_set_push (self->trends, &observation);
    }

  lane = vigil_trend_chart_add_lane (self->session_chart, _("HR"), _("/min"), 0, 200);
  vigil_trend_chart_add_line (self->session_chart, lane,
                              vigil_trend_set_get_store (self->trends, VIGIL_TREND_SERIES_PULSE_RATE),
                              _("PR"), "vigil_pr");
  vigil_trend_chart_add_line (self->session_chart, lane,
                              vigil_trend_set_get_store (self->trends, VIGIL_TREND_SERIES_HR),
                              _("HR"), "vigil_hr");

  lane = vigil_trend_chart_add_lane (self->session_chart, _("SpO₂"), _("%"), 70, 100);
  vigil_trend_chart_add_line (self->session_chart, lane,
                              vigil_trend_set_get_store (self->trends, VIGIL_TREND_SERIES_SPO2),
                              _("SpO₂"), "vigil_spo2");

  lane = vigil_trend_chart_add_lane (self->session_chart, _("NIBP"), _("mmHg"), 0, 250);
  vigil_trend_chart_add_nibp (self->session_chart, lane,
                              vigil_trend_set_get_store (self->trends, VIGIL_TREND_SERIES_NIBP_SYSTOLIC),
                              vigil_trend_set_get_store (self->trends, VIGIL_TREND_SERIES_NIBP_DIASTOLIC),
                              vigil_trend_set_get_store (self->trends, VIGIL_TREND_SERIES_NIBP_MEAN),
                              "vigil_nibp");
}

static GtkWidget *
make_record_row (const Record *record)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *time_text = format_time (record->wall_us);
  GtkWidget *text = make_label (record->text, "message", 0);

  gtk_widget_add_css_class (box, "log-row");
  gtk_widget_add_css_class (box, record->css_class);
  gtk_box_append (GTK_BOX (box), make_label (time_text, "numeric", 9));
  gtk_box_append (GTK_BOX (box), make_label (record->marker, "marker", 4));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), make_label (record->who != NULL ? record->who : "", "who", 12));
  return box;
}

static gboolean
load_session (VigilHistoryPage *self,
              gint64            session_id,
              GError          **error)
{
  g_autoptr(VigilStoreSessionSummary) session = NULL;
  g_autoptr(GArray) vitals = NULL;
  g_autoptr(GArray) records = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *end_time = NULL;
  g_autofree char *position = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *alarms = NULL;
  g_autofree char *phq9 = NULL;
  g_autofree char *detail = NULL;
  gint64 end;

  if (!vigil_store_get_session (self->store, session_id, &session, error))
    return FALSE;
  vitals = vigil_store_list_vitals (self->store, session_id, 0, G_MAXINT64, error);
  if (vitals == NULL)
    return FALSE;

  records = g_array_new (FALSE, TRUE, sizeof (Record));
  g_array_set_clear_func (records, record_clear);
  setup_session_chart (self, vitals);
  if (session->treatment_id != 0
      && !read_treatment_records (self, session->treatment_id, records, error))
    return FALSE;
  if (!read_alarm_records (self, session_id, records, error))
    return FALSE;
  g_array_sort (records, record_compare);

  end = session_end (self, session, NULL);
  vigil_trend_chart_set_window (self->session_chart, VIGIL_TREND_WINDOW_SESSION);
  vigil_trend_chart_set_session_start (self->session_chart, session->started_at_us);
  vigil_trend_chart_set_end_time (self->session_chart, MAX (end, session->started_at_us + G_USEC_PER_SEC));

  title = session->patient_name != NULL ? g_strdup (session->patient_name)
                                        : g_strdup (_("Monitoring only"));
  gtk_label_set_label (self->session_title, title);
  gtk_widget_set_visible (self->session_simulated, session->simulated);

  date = format_date (session->started_at_us);
  {
    g_autoptr(GDateTime) end_date = g_date_time_new_from_unix_local (end / G_USEC_PER_SEC);

    end_time = g_date_time_format (end_date, "%H:%M");
  }
  position = series_position_text (session);
  duration = duration_text (self, session);
  alarms = alarms_text (session);
  phq9 = phq9_text (self, session, session->patient_id == self->patient_id && !session->simulated);
  /* TRANSLATORS: date – end time · duration · infusion n of m · alarms · PHQ-9 · session id */
  detail = g_strdup_printf (_("%s – %s · %s · %s · %s · %s · session %lld"),
                            date, end_time, duration, position, alarms, phq9, (long long) session->session_id);
  if (session->simulated && session->scenario != NULL)
    {
      char *with_scenario = g_strdup_printf (_("%s · demo scenario “%s”"), detail, session->scenario);

      g_free (detail);
      detail = with_scenario;
    }
  gtk_label_set_label (self->session_detail, detail);

  clear_list (self->record_list);
  g_ptr_array_set_size (self->record_text, 0);
  for (guint i = 0; i < records->len; i++)
    {
      const Record *record = &g_array_index (records, Record, i);
      g_autofree char *time_text = format_time (record->wall_us);

      gtk_list_box_append (self->record_list, make_record_row (record));
      g_ptr_array_add (self->record_text,
                       g_strdup_printf ("%s %s %s%s%s", time_text, record->marker, record->text,
                                        record->who != NULL ? " — " : "",
                                        record->who != NULL ? record->who : ""));
    }
  if (records->len == 0)
    {
      GtkWidget *empty = make_label (_("No events or alarms were recorded in this session."), "dim", 0);

      gtk_widget_add_css_class (empty, "log-row");
      gtk_list_box_append (self->record_list, empty);
    }

  self->open_session = session_id;
  return TRUE;
}

/* ---- exports ----------------------------------------------------------- */

static void
set_export_status (VigilHistoryPage *self,
                   char             *text,
                   gboolean          problem)
{
  g_free (self->export_status);
  self->export_status = text;
  show_status (self->export_label, text, problem);
}

void
vigil_history_page_set_clinic_config (VigilHistoryPage  *self,
                                      VigilClinicConfig *config)
{
  g_return_if_fail (VIGIL_IS_HISTORY_PAGE (self));
  g_return_if_fail (config == NULL || VIGIL_IS_CLINIC_CONFIG (config));

  g_set_object (&self->clinic_config, config);
}

/**
 * vigil_history_page_export_pdf:
 *
 * Writes the open session's report to @path: what the Print / Save PDF
 * button does once a file and a paper size are chosen.
 */
gboolean
vigil_history_page_export_pdf (VigilHistoryPage  *self,
                               const char        *path,
                               VigilReportPaper   paper,
                               GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->store == NULL || self->open_session == 0)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("Open a session first: there is no session to report on."));
      return FALSE;
    }
  if (!vigil_session_report_write_pdf_full (self->store, self->open_session, paper,
                                            self->clinic_config != NULL
                                            ? vigil_clinic_config_get_clinic_name (self->clinic_config) : NULL,
                                            self->clinic_config != NULL
                                            ? vigil_clinic_config_get_logo_path (self->clinic_config) : NULL,
                                            path, &local_error))
    {
      set_export_status (self, g_strdup (local_error->message), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  set_export_status (self, g_strdup_printf (_("Report saved to %s"), path), FALSE);
  return TRUE;
}

/**
 * vigil_history_page_export_csv:
 *
 * Writes the open session's vitals, events and alarms to @path: what the
 * Export CSV button does once a file is chosen.
 */
gboolean
vigil_history_page_export_csv (VigilHistoryPage  *self,
                               const char        *path,
                               GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->store == NULL || self->open_session == 0)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("Open a session first: there is no session to export."));
      return FALSE;
    }
  if (!vigil_session_report_write_csv (self->store, self->open_session, path, &local_error))
    {
      set_export_status (self, g_strdup (local_error->message), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  set_export_status (self, g_strdup_printf (_("CSV saved to %s"), path), FALSE);
  return TRUE;
}

const char *
vigil_history_page_get_export_status (VigilHistoryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), NULL);
  return self->export_status;
}

/**
 * vigil_history_page_paper_for_locale:
 * @locale: (nullable): a locale name such as "en_US.UTF-8"; %NULL for the
 *   process's paper locale (LC_PAPER)
 *
 * Letter in the United States and Canada, A4 everywhere else.
 */
VigilReportPaper
vigil_history_page_paper_for_locale (const char *locale)
{
  const char *territory;

  if (locale == NULL)
#ifdef LC_PAPER
    locale = setlocale (LC_PAPER, NULL);
#else
    locale = setlocale (LC_ALL, NULL);
#endif
  if (locale == NULL || (territory = strchr (locale, '_')) == NULL)
    return VIGIL_REPORT_PAPER_A4;

  territory++;
  if ((g_str_has_prefix (territory, "US") || g_str_has_prefix (territory, "CA"))
      && (territory[2] == '\0' || territory[2] == '.' || territory[2] == '@'))
    return VIGIL_REPORT_PAPER_LETTER;
  return VIGIL_REPORT_PAPER_A4;
}

static void
on_chooser_response (GtkNativeDialog  *dialog,
                     int               response,
                     VigilHistoryPage *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path == NULL)
        set_export_status (self, g_strdup (_("Choose a folder on this computer: the file could not be saved there.")), TRUE);
      else if (self->chooser_pdf)
        {
          const char *choice = gtk_file_chooser_get_choice (chooser, "paper");
          VigilReportPaper paper = g_strcmp0 (choice, "letter") == 0 ? VIGIL_REPORT_PAPER_LETTER
                                                                    : VIGIL_REPORT_PAPER_A4;

          /* Errors are shown in the page by the export itself. */
          vigil_history_page_export_pdf (self, path, paper, NULL);
        }
      else
        vigil_history_page_export_csv (self, path, NULL);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static char *
suggested_name (VigilHistoryPage *self,
                const char       *extension)
{
  g_autoptr(VigilStoreSessionSummary) session = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *day = NULL;

  if (!vigil_store_get_session (self->store, self->open_session, &session, NULL))
    return g_strdup_printf ("vigil-session-%" G_GINT64_FORMAT ".%s", self->open_session, extension);
  when = g_date_time_new_from_unix_local (session->started_at_us / G_USEC_PER_SEC);
  day = g_date_time_format (when, "%Y-%m-%d");
  return g_strdup_printf ("vigil-session-%" G_GINT64_FORMAT "-%s%s.%s", self->open_session, day,
                          session->simulated ? "-simulated" : "", extension);
}

static void
open_chooser (VigilHistoryPage *self,
              gboolean          pdf)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;

  if (self->store == NULL || self->open_session == 0 || self->chooser != NULL)
    return;

  self->chooser_pdf = pdf;
  self->chooser = gtk_file_chooser_native_new (pdf ? _("Save the session report") : _("Export the session as CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = suggested_name (self, pdf ? "pdf" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (pdf)
    {
      static const char *ids[] = { "a4", "letter", NULL };
      const char *labels[] = { _("A4"), _("Letter"), NULL };

      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "paper", _("Paper size"), ids, labels);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "paper",
                                   vigil_history_page_paper_for_locale (NULL) == VIGIL_REPORT_PAPER_LETTER
                                   ? "letter" : "a4");
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- actions ----------------------------------------------------------- */

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_chooser (VIGIL_HISTORY_PAGE (widget), TRUE);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_chooser (VIGIL_HISTORY_PAGE (widget), FALSE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilHistoryPage *self = VIGIL_HISTORY_PAGE (widget);

  self->open_session = 0;
  set_export_status (self, NULL, FALSE);
  gtk_stack_set_visible_child_name (self->views, "browse");
}

static void
open_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VigilHistoryPage *self = VIGIL_HISTORY_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!vigil_history_page_open_session (self, g_variant_get_int64 (parameter), &error))
    {
      g_autofree char *text = g_strdup_printf (_("The session cannot be read: %s"), error->message);

      show_status (self->browse_status, text, TRUE);
    }
}

/* ---- public ------------------------------------------------------------ */

/**
 * vigil_history_page_open_session:
 *
 * Shows one session: its whole trend from the stored vitals, with its
 * events and alarms as markers and listed below.
 */
gboolean
vigil_history_page_open_session (VigilHistoryPage  *self,
                                 gint64             session_id,
                                 GError           **error)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), FALSE);

  if (self->store == NULL)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                           _("No database is open."));
      return FALSE;
    }
  set_export_status (self, NULL, FALSE);
  if (!load_session (self, session_id, error))
    return FALSE;
  gtk_stack_set_visible_child_name (self->views, "session");
  return TRUE;
}

gint64
vigil_history_page_get_open_session (VigilHistoryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), 0);
  return self->open_session;
}

/**
 * vigil_history_page_refresh:
 *
 * Reads the patients and sessions again, keeping the chosen patient and
 * the open session (whose trend may have grown).
 */
void
vigil_history_page_refresh (VigilHistoryPage *self)
{
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  gboolean keep, unassigned_simulated = FALSE;
  gint64 keep_id;
  guint n_unassigned = 0;

  g_return_if_fail (VIGIL_IS_HISTORY_PAGE (self));

  keep = self->patient_chosen;
  keep_id = self->patient_id;

  /* The lists point into all_sessions: empty them first. */
  g_ptr_array_set_size (self->sessions, 0);
  g_ptr_array_set_size (self->session_text, 0);
  clear_list (self->session_list);
  g_array_set_size (self->patient_ids, 0);
  g_ptr_array_set_size (self->patient_text, 0);
  clear_list (self->patient_list);
  show_status (self->browse_status, NULL, FALSE);
  self->patient_chosen = FALSE;

  if (self->store == NULL)
    {
      g_ptr_array_set_size (self->all_sessions, 0);
      gtk_label_set_label (self->patient_title, "");
      gtk_widget_set_visible (self->series_box, FALSE);
      show_status (self->browse_status, _("The history is not available: no database is open."), TRUE);
      return;
    }

  sessions = vigil_store_list_sessions (self->store, 0, &error);
  if (sessions != NULL)
    patients = vigil_store_list_patients (self->store, &error);
  if (patients == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The history cannot be read: %s"), error->message);

      show_status (self->browse_status, text, TRUE);
      return;
    }
  g_ptr_array_unref (self->all_sessions);
  self->all_sessions = g_steal_pointer (&sessions);

  for (guint i = 0; i < patients->len; i++)
    {
      const VigilStorePatient *patient = g_ptr_array_index (patients, i);
      guint n;
      gboolean all_simulated;

      count_sessions (self, patient->id, &n, &all_simulated);
      g_array_append_val (self->patient_ids, patient->id);
      gtk_list_box_append (self->patient_list,
                           make_patient_row (self, patient->name, patient->clinic_id, n, all_simulated));
    }

  count_sessions (self, VIGIL_HISTORY_NO_PATIENT, &n_unassigned, &unassigned_simulated);
  if (n_unassigned > 0)
    {
      gint64 none = VIGIL_HISTORY_NO_PATIENT;

      g_array_append_val (self->patient_ids, none);
      gtk_list_box_append (self->patient_list,
                           make_patient_row (self, _("Monitoring only"), NULL, n_unassigned,
                                             unassigned_simulated));
    }

  if (keep && !vigil_history_page_select_patient (self, keep_id))
    keep = FALSE;
  if (!keep)
    {
      gtk_label_set_label (self->patient_title,
                           self->patient_ids->len > 0 ? _("Choose a patient") : _("No sessions recorded yet."));
      gtk_widget_set_visible (self->series_box, FALSE);
    }

  if (self->open_session != 0 && !load_session (self, self->open_session, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The session cannot be read: %s"), error->message);

      show_status (self->export_label, text, TRUE);
    }
}

void
vigil_history_page_set_store (VigilHistoryPage *self,
                              VigilStore       *store,
                              gint64            current_session_id)
{
  g_return_if_fail (VIGIL_IS_HISTORY_PAGE (self));
  g_return_if_fail (store == NULL || VIGIL_IS_STORE (store));

  if (self->store != store)
    {
      self->open_session = 0;
      self->patient_chosen = FALSE;
      gtk_stack_set_visible_child_name (self->views, "browse");
    }
  g_set_object (&self->store, store);
  self->current_session_id = current_session_id;
  vigil_history_page_refresh (self);
}

guint
vigil_history_page_get_n_patients (VigilHistoryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), 0);
  return self->patient_text->len;
}

/* A patients list row as one line of text, for tests and screen readers. */
char *
vigil_history_page_get_patient_text (VigilHistoryPage *self,
                                     guint             index)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), NULL);
  g_return_val_if_fail (index < self->patient_text->len, NULL);
  return g_strdup (g_ptr_array_index (self->patient_text, index));
}

/**
 * vigil_history_page_select_patient:
 * @patient_id: a patient's id, or %VIGIL_HISTORY_NO_PATIENT for the
 *   sessions without one
 *
 * Returns: %FALSE if the list has no such entry
 */
gboolean
vigil_history_page_select_patient (VigilHistoryPage *self,
                                   gint64            patient_id)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), FALSE);

  for (guint i = 0; i < self->patient_ids->len; i++)
    {
      if (g_array_index (self->patient_ids, gint64, i) != patient_id)
        continue;
      /* Selecting the selected row again does not notify: show it anyway. */
      gtk_list_box_unselect_all (self->patient_list);
      gtk_list_box_select_row (self->patient_list, gtk_list_box_get_row_at_index (self->patient_list, (int) i));
      return TRUE;
    }
  return FALSE;
}

guint
vigil_history_page_get_n_sessions (VigilHistoryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), 0);
  return self->session_text->len;
}

char *
vigil_history_page_get_session_text (VigilHistoryPage *self,
                                     guint             index)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), NULL);
  g_return_val_if_fail (index < self->session_text->len, NULL);
  return g_strdup (g_ptr_array_index (self->session_text, index));
}

const char *
vigil_history_page_get_series_text (VigilHistoryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), NULL);
  return self->series_text;
}

const char *
vigil_history_page_get_review_prompt (VigilHistoryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), NULL);
  return self->review_text;
}

GtkWidget *
vigil_history_page_get_chart (VigilHistoryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), NULL);
  return GTK_WIDGET (self->session_chart);
}

guint
vigil_history_page_get_n_records (VigilHistoryPage *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), 0);
  return self->record_text->len;
}

char *
vigil_history_page_get_record_text (VigilHistoryPage *self,
                                    guint             index)
{
  g_return_val_if_fail (VIGIL_IS_HISTORY_PAGE (self), NULL);
  g_return_val_if_fail (index < self->record_text->len, NULL);
  return g_strdup (g_ptr_array_index (self->record_text, index));
}

/* ---- GObject ----------------------------------------------------------- */

static void
vigil_history_page_dispose (GObject *object)
{
  VigilHistoryPage *self = VIGIL_HISTORY_PAGE (object);
  GtkWidget *child;

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->store);
  g_clear_object (&self->clinic_config);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_HISTORY_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->trends);

  G_OBJECT_CLASS (vigil_history_page_parent_class)->dispose (object);
}

static void
vigil_history_page_finalize (GObject *object)
{
  VigilHistoryPage *self = VIGIL_HISTORY_PAGE (object);

  g_ptr_array_unref (self->sessions);
  g_ptr_array_unref (self->all_sessions);
  g_array_unref (self->patient_ids);
  g_ptr_array_unref (self->patient_text);
  g_ptr_array_unref (self->session_text);
  g_ptr_array_unref (self->record_text);
  g_array_unref (self->series);
  g_free (self->series_text);
  g_free (self->review_text);
  g_free (self->export_status);

  G_OBJECT_CLASS (vigil_history_page_parent_class)->finalize (object);
}

static void
vigil_history_page_class_init (VigilHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_history_page_dispose;
  object_class->finalize = vigil_history_page_finalize;

  gtk_widget_class_install_action (widget_class, "history.open-session", "x", open_session_action);
  gtk_widget_class_install_action (widget_class, "history.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "history.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "history.export-csv", NULL, export_csv_action);

  g_type_ensure (VIGIL_TYPE_TREND_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-history-page");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilmonitor/Vigil/vigil-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, views);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, patient_list);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, patient_title);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, series_box);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, phq9_chart);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, series_label);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, response_flag);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, remission_flag);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, review_label);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, session_list);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, browse_status);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, session_simulated);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, session_title);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, session_detail);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, session_chart);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, record_list);
  gtk_widget_class_bind_template_child (widget_class, VigilHistoryPage, export_label);
  gtk_widget_class_bind_template_callback (widget_class, on_patient_selected);
}

static void
vigil_history_page_init (VigilHistoryPage *self)
{
  self->all_sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_session_summary_free);
  self->sessions = g_ptr_array_new ();
  self->patient_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->patient_text = g_ptr_array_new_with_free_func (g_free);
  self->session_text = g_ptr_array_new_with_free_func (g_free);
  self->record_text = g_ptr_array_new_with_free_func (g_free);
  self->series = g_array_new (FALSE, FALSE, sizeof (SeriesPoint));
  self->series_first = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->phq9_chart, draw_phq9, self, NULL);
}
