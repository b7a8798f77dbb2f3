/* vigil-report-pdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session report as a document a clinic files: a flowing layout of
 * sections top to bottom, page breaks wherever the next block would cross
 * the footer, tables that carry their header onto the next page.
 *
 * The document is laid out twice on identical PDF surfaces: the first pass
 * only counts pages (for "Page n of N"), the second draws. Both passes use
 * the same surface type so Pango measures text identically and the page
 * breaks fall in the same places.
 */
#include "vigil-report-pdf.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "vigil-checklist.h"
#include "vigil-scores.h"

/* Points (1/72 in). */
#define MARGIN_X       42.0
#define MARGIN_TOP     40.0
#define FOOTER_HEIGHT  40.0
#define CELL_PAD_X     3.0
#define CELL_PAD_Y     2.2
#define SECTION_GAP    14.0

/* Sizes in points: the layouts run at 72 dpi (see make_layout). */
#define FONT_BODY      "Sans 9.5"
#define FONT_BODY_BOLD "Sans Bold 9.5"
#define FONT_SMALL     "Sans 7.5"
#define FONT_TABLE     "Sans 8"
#define FONT_TABLE_B   "Sans Bold 8"
#define FONT_SECTION   "Sans Bold 13"
#define FONT_TITLE     "Sans Bold 20"
#define LOGO_MAX_H     40.0   /* points: the clinic's logo in the title block */

typedef struct { double r, g, b; } Rgb;

static const Rgb ink         = { 0.12, 0.13, 0.15 };
static const Rgb ink_soft    = { 0.38, 0.40, 0.44 };
static const Rgb rule        = { 0.62, 0.64, 0.68 };
static const Rgb grid        = { 0.86, 0.87, 0.89 };
static const Rgb header_fill = { 0.90, 0.92, 0.94 };
static const Rgb zebra_fill  = { 0.965, 0.97, 0.975 };
static const Rgb accent      = { 0.11, 0.30, 0.52 };
static const Rgb sim_red     = { 0.78, 0.12, 0.12 };
static const Rgb paper_white = { 1, 1, 1 };
static const Rgb caution     = { 0.70, 0.40, 0.00 };  /* pauses, overrides */
/* Parameter colours of CLINICAL.md §3, darkened for paper. */
static const Rgb hr_colour   = { 0.05, 0.55, 0.22 };
static const Rgb spo2_colour = { 0.00, 0.52, 0.68 };
static const Rgb nibp_colour = { 0.75, 0.14, 0.14 };

typedef struct
{
  const VigilSessionRecord *record;
  const char               *clinic;
  cairo_surface_t          *logo;         /* the clinic's PNG, or NULL */
  cairo_surface_t          *surface;
  cairo_t                  *cr;
  PangoContext             *pango;        /* at 72 dpi: a font's points are the page's */
  gboolean                  counting;     /* first pass: only count pages */
  int                       page;         /* 1-based */
  int                       n_pages;      /* known in the second pass */
  double                    page_w, page_h;
  double                    left, right, width;
  double                    top, bottom;  /* the content area */
  double                    y;
  char                     *footer_left;
  char                     *generated;
  char                     *running_head;
} Doc;

typedef struct
{
  const char     *title;
  double          width;    /* points; 0 takes what the others leave */
  PangoAlignment  align;
} Column;

typedef struct
{
  const char   *section;    /* repeated with "(continued)" after a break */
  const Column *columns;
  guint         n_columns;
  double        widths[16];
  guint         n_rows;
} Table;

/* ---- small helpers ---- */

static void
set_colour (cairo_t   *cr,
            const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static char *
format_local (gint64      wall_us,
              const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("?");
}

static char *
clock_time (gint64 wall_us)
{
  return format_local (wall_us, "%H:%M:%S");
}

static char *
duration_text (gint64 us)
{
  gint64 s = (us + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;

  if (s < 0)
    s = 0;
  if (s >= 3600)
    /* TRANSLATORS: a duration, hours and minutes */
    return g_strdup_printf (_("%d h %02d min"), (int) (s / 3600), (int) ((s % 3600) / 60));
  if (s >= 60)
    /* TRANSLATORS: a duration, minutes and seconds */
    return g_strdup_printf (_("%d min %02d s"), (int) (s / 60), (int) (s % 60));
  /* TRANSLATORS: a duration in seconds */
  return g_strdup_printf (_("%d s"), (int) s);
}

static char *
number_text (double value,
             int    decimals)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.*f", decimals, value);
}

static PangoLayout *
make_layout (Doc        *doc,
             const char *font,
             const char *text,
             double      width)
{
  PangoLayout *layout = pango_layout_new (doc->pango);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
show_layout (Doc         *doc,
             PangoLayout *layout,
             double       x,
             double       y,
             const Rgb   *colour)
{
  cairo_move_to (doc->cr, x, y);
  set_colour (doc->cr, colour);
  pango_cairo_show_layout (doc->cr, layout);
}

/* Draws @text at (@x, @y) and returns its height. */
static double
draw_text (Doc        *doc,
           const char *font,
           const char *text,
           double      x,
           double      y,
           double      width,
           const Rgb  *colour)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, font, text, width);

  show_layout (doc, layout, x, y, colour);
  return layout_height (layout);
}

static void
draw_text_right (Doc        *doc,
                 const char *font,
                 const char *text,
                 double      right,
                 double      y,
                 const Rgb  *colour)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, font, text, -1);

  show_layout (doc, layout, right - layout_width (layout), y, colour);
}

static void
hline (Doc       *doc,
       double     y,
       double     width,
       const Rgb *colour)
{
  cairo_set_line_width (doc->cr, width);
  set_colour (doc->cr, colour);
  cairo_move_to (doc->cr, doc->left, y);
  cairo_line_to (doc->cr, doc->right, y);
  cairo_stroke (doc->cr);
}

/* ---- pages ---- */

static void
draw_watermark (Doc *doc)
{
  g_autoptr(PangoLayout) layout = NULL;
  double angle = -atan2 (doc->page_h, doc->page_w);
  char font[64];

  g_snprintf (font, sizeof font, "Sans Bold %d", (int) (doc->page_w / 4.6));
  /* TRANSLATORS: the watermark across every page of a demo session's report */
  layout = make_layout (doc, font, _("SIMULATED"), -1);
  cairo_save (doc->cr);
  cairo_translate (doc->cr, doc->page_w / 2, doc->page_h / 2);
  cairo_rotate (doc->cr, angle);
  cairo_move_to (doc->cr, -layout_width (layout) / 2, -layout_height (layout) / 2);
  cairo_set_source_rgba (doc->cr, sim_red.r, sim_red.g, sim_red.b, 0.13);
  pango_cairo_show_layout (doc->cr, layout);
  cairo_restore (doc->cr);
}

static void
draw_footer (Doc *doc)
{
  double y = doc->page_h - FOOTER_HEIGHT + 10;
  g_autofree char *page = NULL;

  hline (doc, y, 0.5, &rule);
  y += 4;
  draw_text (doc, FONT_SMALL, doc->footer_left, doc->left, y, doc->width * 0.7, &ink_soft);
  if (doc->n_pages > 0)
    /* TRANSLATORS: footer, "Page 2 of 5" */
    page = g_strdup_printf (_("Page %d of %d"), doc->page, doc->n_pages);
  else
    page = g_strdup_printf (_("Page %d of %d"), doc->page, doc->page);
  draw_text_right (doc, FONT_SMALL, page, doc->right, y, &ink);
  y += 9;
  draw_text (doc, FONT_SMALL, doc->generated, doc->left, y, doc->width * 0.6, &ink_soft);
  if (doc->record->session->simulated)
    draw_text_right (doc, "Sans Bold 7.5", _("SIMULATED — not a patient's record"),
                     doc->right, y, &sim_red);
}

static void
finish_page (Doc *doc)
{
  draw_footer (doc);
  if (doc->record->session->simulated)
    draw_watermark (doc);
  cairo_show_page (doc->cr);
}

static void
start_page (Doc *doc)
{
  doc->y = doc->top;
  if (doc->page > 1)
    {
      draw_text (doc, FONT_SMALL, doc->running_head, doc->left, doc->y, doc->width, &ink_soft);
      doc->y += 10;
      hline (doc, doc->y, 0.5, &rule);
      doc->y += 8;
    }
}

static void
page_break (Doc *doc)
{
  finish_page (doc);
  doc->page++;
  start_page (doc);
}

/* Makes room for @height points, on a new page if need be; TRUE if it
 * broke the page. */
static gboolean
ensure_space (Doc    *doc,
              double  height)
{
  if (doc->y + height <= doc->bottom)
    return FALSE;
  page_break (doc);
  return TRUE;
}

static void
add_outline (Doc        *doc,
             const char *title)
{
  g_autofree char *link = NULL;
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

  if (doc->counting)
    return;
  /* Cairo parses this: a decimal comma (es_ES) would break it. */
  link = g_strdup_printf ("page=%d pos=[%s %s]", doc->page,
                          g_ascii_formatd (x, sizeof x, "%g", doc->left),
                          g_ascii_formatd (y, sizeof y, "%g", doc->y));
  cairo_pdf_surface_add_outline (doc->surface, CAIRO_PDF_OUTLINE_ROOT, title, link, 0);
}

/* A section's title, kept on the same page as at least @min_body points
 * of what follows. */
static void
section (Doc        *doc,
         const char *title,
         double      min_body)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, FONT_SECTION, title, doc->width);
  double h = layout_height (layout);

  if (doc->y > doc->top + 20)
    doc->y += SECTION_GAP;
  if (ensure_space (doc, h + 6 + min_body) == FALSE && doc->y > doc->bottom - 1)
    page_break (doc);
  add_outline (doc, title);
  show_layout (doc, layout, doc->left, doc->y, &accent);
  doc->y += h + 2;
  hline (doc, doc->y, 0.8, &accent);
  doc->y += 5;
}

static void
note (Doc        *doc,
      const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, "Sans Italic 9.5", text, doc->width);
  double h = layout_height (layout);

  ensure_space (doc, h);
  show_layout (doc, layout, doc->left, doc->y, &ink_soft);
  doc->y += h + 3;
}

/* ---- tables ---- */

static void
table_draw_header (Doc   *doc,
                   Table *table)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double h = 0, x = doc->left;

  for (guint i = 0; i < table->n_columns; i++)
    {
      PangoLayout *layout = make_layout (doc, FONT_TABLE_B, table->columns[i].title,
                                         table->widths[i] - 2 * CELL_PAD_X);

      pango_layout_set_alignment (layout, table->columns[i].align);
      g_ptr_array_add (layouts, layout);
      h = MAX (h, layout_height (layout));
    }
  h += 2 * CELL_PAD_Y;
  cairo_rectangle (doc->cr, doc->left, doc->y, doc->width, h);
  set_colour (doc->cr, &header_fill);
  cairo_fill (doc->cr);
  for (guint i = 0; i < table->n_columns; i++)
    {
      show_layout (doc, g_ptr_array_index (layouts, i), x + CELL_PAD_X, doc->y + CELL_PAD_Y, &ink);
      x += table->widths[i];
    }
  doc->y += h;
  hline (doc, doc->y, 0.6, &rule);
}

static void
table_begin (Doc          *doc,
             Table        *table,
             const char   *section_title,
             const Column *columns,
             guint         n_columns)
{
  double fixed = 0;
  guint n_flexible = 0;

  g_assert (n_columns <= G_N_ELEMENTS (table->widths));
  table->section = section_title;
  table->columns = columns;
  table->n_columns = n_columns;
  table->n_rows = 0;
  for (guint i = 0; i < n_columns; i++)
    {
      fixed += columns[i].width;
      n_flexible += columns[i].width <= 0 ? 1 : 0;
    }
  for (guint i = 0; i < n_columns; i++)
    table->widths[i] = columns[i].width > 0
      ? columns[i].width
      : MAX (30.0, (doc->width - fixed) / MAX (n_flexible, 1));

  ensure_space (doc, 36);
  table_draw_header (doc, table);
}

/* One row; @colours (may be NULL, entries may be NULL) tint cells. */
static void
table_row (Doc               *doc,
           Table             *table,
           const char *const *cells,
           const Rgb *const  *colours)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double h = 0, x = doc->left;

  for (guint i = 0; i < table->n_columns; i++)
    {
      PangoLayout *layout = make_layout (doc, FONT_TABLE, cells[i],
                                         table->widths[i] - 2 * CELL_PAD_X);

      pango_layout_set_alignment (layout, table->columns[i].align);
      g_ptr_array_add (layouts, layout);
      h = MAX (h, layout_height (layout));
    }
  h += 2 * CELL_PAD_Y;

  if (ensure_space (doc, h))
    {
      g_autofree char *continued = NULL;

      /* TRANSLATORS: a table's title on the next page, e.g. "Alarm log (continued)" */
      continued = g_strdup_printf (_("%s (continued)"), table->section);
      doc->y += draw_text (doc, FONT_BODY_BOLD, continued, doc->left, doc->y, doc->width, &accent) + 3;
      table_draw_header (doc, table);
    }

  if (table->n_rows % 2 == 1)
    {
      cairo_rectangle (doc->cr, doc->left, doc->y, doc->width, h);
      set_colour (doc->cr, &zebra_fill);
      cairo_fill (doc->cr);
    }
  for (guint i = 0; i < table->n_columns; i++)
    {
      const Rgb *colour = colours != NULL && colours[i] != NULL ? colours[i] : &ink;

      show_layout (doc, g_ptr_array_index (layouts, i), x + CELL_PAD_X, doc->y + CELL_PAD_Y, colour);
      x += table->widths[i];
    }
  doc->y += h;
  table->n_rows++;
}

static void
table_end (Doc   *doc,
           Table *table)
{
  hline (doc, doc->y, 0.6, &rule);
  doc->y += 2;
}

/* Label/value pairs in two columns. */
typedef struct
{
  const char *label;
  char       *value;
  gboolean    bold;
} Field;

static double
draw_fields (Doc         *doc,
             const Field *fields,
             guint        n_fields,
             double       x,
             double       y,
             double       width)
{
  const double label_w = 88;

  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(PangoLayout) label = make_layout (doc, FONT_SMALL, fields[i].label, label_w - 4);
      g_autoptr(PangoLayout) value = make_layout (doc, fields[i].bold ? "Sans Bold 11" : FONT_BODY,
                                                  fields[i].value, width - label_w);
      double h = MAX (layout_height (label) + 1.2, layout_height (value));

      show_layout (doc, label, x, y + 1.2, &ink_soft);
      show_layout (doc, value, x + label_w, y, &ink);
      y += h + 2.5;
    }
  return y;
}

static void
fields_clear (Field *fields,
              guint  n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    g_clear_pointer (&fields[i].value, g_free);
}

/* ---- labels ---- */

static const char *
step_label (VigilTreatmentStepKind kind)
{
  switch (kind)
    {
    case VIGIL_TREATMENT_STEP_START_INFUSION: return _("Infusion started");
    case VIGIL_TREATMENT_STEP_PAUSE:          return _("Infusion paused");
    case VIGIL_TREATMENT_STEP_RESUME:         return _("Infusion resumed");
    case VIGIL_TREATMENT_STEP_END_INFUSION:   return _("Infusion ended, recovery started");
    case VIGIL_TREATMENT_STEP_READY:          return _("Discharge criteria met");
    case VIGIL_TREATMENT_STEP_NOT_READY:      return _("Discharge criteria no longer met");
    case VIGIL_TREATMENT_STEP_DISCHARGE:      return _("Discharged");
    case VIGIL_TREATMENT_STEP_CANCEL:         return _("Treatment cancelled");
    case VIGIL_TREATMENT_STEP_ABORT:          return _("Treatment aborted");
    case VIGIL_N_TREATMENT_STEPS:
    default:                                  return "?";
    }
}

static const char *
phase_label (VigilTreatmentPhase phase)
{
  switch (phase)
    {
    case VIGIL_TREATMENT_PHASE_BEFORE:              return _("Before infusion");
    case VIGIL_TREATMENT_PHASE_INFUSION:            return _("Infusion");
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:     return _("Paused");
    case VIGIL_TREATMENT_PHASE_RECOVERY:            return _("Recovery");
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE: return _("Ready for discharge");
    case VIGIL_TREATMENT_PHASE_DISCHARGED:          return _("Discharged");
    case VIGIL_TREATMENT_PHASE_CANCELLED:           return _("Cancelled");
    case VIGIL_TREATMENT_PHASE_ABORTED:             return _("Aborted");
    case VIGIL_N_TREATMENT_PHASES:
    default:                                        return "?";
    }
}

static Rgb
phase_colour (VigilTreatmentPhase phase)
{
  switch (phase)
    {
    case VIGIL_TREATMENT_PHASE_INFUSION:            return (Rgb) { 0.36, 0.56, 0.80 };
    case VIGIL_TREATMENT_PHASE_INFUSION_PAUSED:     return (Rgb) { 0.95, 0.66, 0.25 };
    case VIGIL_TREATMENT_PHASE_RECOVERY:            return (Rgb) { 0.52, 0.75, 0.55 };
    case VIGIL_TREATMENT_PHASE_READY_FOR_DISCHARGE: return (Rgb) { 0.72, 0.86, 0.60 };
    case VIGIL_TREATMENT_PHASE_ABORTED:
    case VIGIL_TREATMENT_PHASE_CANCELLED:           return (Rgb) { 0.80, 0.45, 0.45 };
    case VIGIL_TREATMENT_PHASE_BEFORE:
    case VIGIL_TREATMENT_PHASE_DISCHARGED:
    case VIGIL_N_TREATMENT_PHASES:
    default:                                        return (Rgb) { 0.84, 0.85, 0.87 };
    }
}

static const char *
event_label (VigilStoreEventKind kind)
{
  switch (kind)
    {
    case VIGIL_STORE_EVENT_NAUSEA:   return _("Nausea");
    case VIGIL_STORE_EVENT_VOMITING: return _("Vomiting");
    case VIGIL_STORE_EVENT_ANXIETY:  return _("Anxiety");
    case VIGIL_STORE_EVENT_HEADACHE: return _("Headache");
    case VIGIL_STORE_EVENT_DRUG:     return _("Drug given");
    case VIGIL_STORE_EVENT_NOTE:     return _("Note");
    case VIGIL_STORE_N_EVENT_KINDS:
    default:                         return "?";
    }
}

static const char *
scale_label (VigilStoreScale scale)
{
  switch (scale)
    {
    case VIGIL_STORE_SCALE_MOAAS:   return _("MOAA/S");
    case VIGIL_STORE_SCALE_CADSS6:  return _("CADSS-6");
    case VIGIL_STORE_SCALE_ALDRETE: return _("Modified Aldrete");
    case VIGIL_STORE_SCALE_PADSS:   return _("PADSS");
    case VIGIL_STORE_SCALE_PHQ9:    return _("PHQ-9");
    case VIGIL_STORE_N_SCALES:
    default:                        return "?";
    }
}

static const char *
alarm_kind_label (VigilAlarmLogKind kind)
{
  switch (kind)
    {
    case VIGIL_ALARM_LOG_START:        return _("Alarm");
    case VIGIL_ALARM_LOG_END:          return _("Ended");
    case VIGIL_ALARM_LOG_ACKNOWLEDGE:  return _("Acknowledged");
    case VIGIL_ALARM_LOG_AUDIO_PAUSE:  return _("Audio paused");
    case VIGIL_ALARM_LOG_AUDIO_RESUME: return _("Audio resumed");
    case VIGIL_ALARM_LOG_RESET:        return _("Reset");
    case VIGIL_ALARM_LOG_ESCALATE:     return _("Escalated");
    case VIGIL_ALARM_LOG_LIMIT_CHANGE: return _("Limit changed");
    case VIGIL_N_ALARM_LOG_KINDS:
    default:                           return "?";
    }
}

static const char *
priority_label (VigilAlarmPriority priority)
{
  switch (priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:   return _("high");
    case VIGIL_ALARM_PRIORITY_MEDIUM: return _("medium");
    case VIGIL_ALARM_PRIORITY_LOW:    return _("low");
    case VIGIL_ALARM_PRIORITY_NONE:
    default:                          return "—";
    }
}

static Rgb
priority_colour (VigilAlarmPriority priority)
{
  switch (priority)
    {
    case VIGIL_ALARM_PRIORITY_HIGH:   return (Rgb) { 0.80, 0.10, 0.10 };
    case VIGIL_ALARM_PRIORITY_MEDIUM: return (Rgb) { 0.85, 0.55, 0.00 };
    case VIGIL_ALARM_PRIORITY_LOW:    return (Rgb) { 0.00, 0.60, 0.70 };
    case VIGIL_ALARM_PRIORITY_NONE:
    default:                          return (Rgb) { 0.50, 0.50, 0.50 };
    }
}

static char *
series_text (const VigilStoreTreatment *treatment)
{
  if (treatment->maintenance)
    /* TRANSLATORS: the series number of a maintenance treatment */
    return g_strdup_printf (_("Maintenance infusion (session %u)"), treatment->series_number);
  if (treatment->planned_count > 0)
    /* TRANSLATORS: "Infusion 3 of 6" in an induction series */
    return g_strdup_printf (_("Infusion %u of %u"), treatment->series_number, treatment->planned_count);
  return g_strdup_printf (_("Infusion %u"), treatment->series_number);
}

/* ---- sections ---- */

static void
draw_title_block (Doc *doc)
{
  const VigilSessionRecord *record = doc->record;
  g_autofree char *date = format_local (record->start_us, "%A %-d %B %Y");
  g_autofree char *subtitle = NULL;
  const char *kind = record->treatment != NULL ? _("Treatment session report")
                                               : _("Monitoring session report");
  double h;

  /* TRANSLATORS: under the report's title: "Session 12 · Monday 6 May 2024" */
  subtitle = g_strdup_printf (_("Session %lld · %s"), (long long) record->session->session_id, date);
  {
    g_autoptr(PangoLayout) a = make_layout (doc, "Sans Bold 13", kind, -1);
    g_autoptr(PangoLayout) b = make_layout (doc, FONT_BODY, subtitle, -1);
    double right_w = MAX (layout_width (a), layout_width (b));

    double name_x = doc->left;
    double logo_h = 0;

    if (doc->logo != NULL)
      {
        /* Scaled into the header's height (or a third of the width), its
         * proportions kept. */
        double w = cairo_image_surface_get_width (doc->logo);
        double lh = cairo_image_surface_get_height (doc->logo);
        double scale = MIN (LOGO_MAX_H / lh, (doc->width / 3) / w);

        cairo_save (doc->cr);
        cairo_translate (doc->cr, doc->left, doc->y);
        cairo_scale (doc->cr, scale, scale);
        cairo_set_source_surface (doc->cr, doc->logo, 0, 0);
        cairo_pattern_set_filter (cairo_get_source (doc->cr), CAIRO_FILTER_GOOD);
        cairo_paint (doc->cr);
        cairo_restore (doc->cr);
        name_x += w * scale + 10;
        logo_h = lh * scale;
      }
    h = draw_text (doc, FONT_TITLE, doc->clinic, name_x, doc->y, doc->right - name_x - right_w - 16, &ink);
    h = MAX (h, logo_h);
    show_layout (doc, a, doc->right - layout_width (a), doc->y + 2, &accent);
    show_layout (doc, b, doc->right - layout_width (b), doc->y + 17, &ink_soft);
  }
  doc->y += MAX (h, 30) + 4;
  hline (doc, doc->y, 1.6, &accent);
  doc->y += 8;

  if (record->session->simulated)
    {
      g_autoptr(PangoLayout) layout = NULL;
      g_autofree char *text = NULL;

      if (record->session->scenario != NULL)
        text = g_strdup_printf (_("SIMULATED SESSION — demo data from the scenario “%s”, never a patient's record"),
                                record->session->scenario);
      else
        text = g_strdup (_("SIMULATED SESSION — demo data, never a patient's record"));
      layout = make_layout (doc, "Sans Bold 11", text, doc->width - 16);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      h = layout_height (layout) + 8;
      cairo_rectangle (doc->cr, doc->left, doc->y, doc->width, h);
      set_colour (doc->cr, &sim_red);
      cairo_fill (doc->cr);
      show_layout (doc, layout, doc->left + 8, doc->y + 4, &paper_white);
      doc->y += h + 8;
    }
}

static void
draw_identity (Doc *doc)
{
  const VigilSessionRecord *record = doc->record;
  const VigilStorePatient *patient = record->patient;
  const VigilStoreTreatment *treatment = record->treatment;
  double col_w = (doc->width - 16) / 2;
  Field left[5] = { { 0 } }, right[6] = { { 0 } };
  guint n_left = 0, n_right = 0;
  double y_left, y_right;
  g_autofree char *start = clock_time (record->start_us);
  g_autofree char *end = clock_time (record->end_us);
  g_autofree char *length = duration_text (record->end_us - record->start_us);

  section (doc, _("Patient and session"), 80);

  if (patient != NULL)
    {
      left[n_left++] = (Field) { _("Patient"), g_strdup (patient->name), TRUE };
      left[n_left++] = (Field) { _("Clinic ID"),
                                 g_strdup (patient->clinic_id != NULL ? patient->clinic_id : _("not recorded")), FALSE };
      left[n_left++] = (Field) { _("Date of birth"),
                                 g_strdup (patient->date_of_birth != NULL ? patient->date_of_birth : _("not recorded")), FALSE };
      left[n_left++] = (Field) { _("Mental-health provider"),
                                 g_strdup (patient->mental_health_provider != NULL
                                           ? patient->mental_health_provider : _("not recorded")), FALSE };
    }
  else
    {
      left[n_left++] = (Field) { _("Patient"), g_strdup (_("No patient was recorded: monitoring only.")), TRUE };
    }
  if (treatment != NULL)
    left[n_left++] = (Field) { _("Series"), series_text (treatment), TRUE };

  right[n_right++] = (Field) { _("Date"), format_local (record->start_us, "%Y-%m-%d"), FALSE };
  /* TRANSLATORS: "10:02:11 – 11:34:50 (1 h 32 min)" */
  right[n_right++] = (Field) { _("Monitoring"), g_strdup_printf (_("%s – %s (%s)"), start, end, length), FALSE };
  if (!record->ended_cleanly)
    right[n_right++] = (Field) { _("Ending"),
                                 g_strdup (_("Vigil did not close this session (crash or power loss); "
                                             "the end shown is the last record.")), FALSE };
  right[n_right++] = (Field) { _("Data"),
                               g_strdup (record->session->simulated ? _("SIMULATED (demo mode)")
                                                                   : _("Bedside devices")), record->session->simulated };
  {
    /* TRANSLATORS: counts in the report header, shown as "812 vital-sign records, 4 alarm log entries" */
    g_autofree char *vitals = g_strdup_printf (ngettext ("%u vital-sign record", "%u vital-sign records",
                                                         record->vitals->len), record->vitals->len);
    g_autofree char *alarms = g_strdup_printf (ngettext ("%u alarm log entry", "%u alarm log entries",
                                                         record->alarms->len), record->alarms->len);

    right[n_right++] = (Field) { _("Records"), g_strdup_printf ("%s, %s", vitals, alarms), FALSE };
  }
  if (treatment != NULL)
    right[n_right++] = (Field) { _("Treatment record"),
                                 g_strdup_printf ("#%" G_GINT64_FORMAT, treatment->id), FALSE };

  ensure_space (doc, 16.0 * MAX (n_left, n_right));
  y_left = draw_fields (doc, left, n_left, doc->left, doc->y, col_w);
  y_right = draw_fields (doc, right, n_right, doc->left + col_w + 16, doc->y, col_w);
  doc->y = MAX (y_left, y_right);
  fields_clear (left, n_left);
  fields_clear (right, n_right);
}

static void
draw_dose (Doc *doc)
{
  const VigilSessionRecord *record = doc->record;
  const VigilStoreDoseInput *dose;
  Field left[4] = { { 0 } }, right[4] = { { 0 } };
  double col_w = (doc->width - 16) / 2;
  double y_left, y_right;
  g_autofree char *when = NULL;

  if (record->treatment == NULL)
    return;
  section (doc, _("Dose"), 60);
  if (record->doses->len == 0)
    {
      note (doc, _("No dose was recorded for this treatment."));
      return;
    }

  dose = g_ptr_array_index (record->doses, record->doses->len - 1);
  when = clock_time (dose->wall_us);
  left[0] = (Field) { _("Weight"), g_strdup_printf (_("%.1f kg"), dose->weight_kg), FALSE };
  left[1] = (Field) { _("Dose rate"), g_strdup_printf (_("%.2f mg/kg"), dose->dose_mg_per_kg), FALSE };
  left[2] = (Field) { _("Concentration"), g_strdup_printf (_("%.2f mg/mL"), dose->concentration_mg_per_ml), FALSE };
  left[3] = (Field) { _("Infusion time"), g_strdup_printf (_("%.0f min"), dose->duration_min), FALSE };
  /* TRANSLATORS: the computed dose: "36.3 mg in 36.3 mL" */
  right[0] = (Field) { _("Dose"), g_strdup_printf (_("%.1f mg"), dose->dose_mg), TRUE };
  right[1] = (Field) { _("Volume"), g_strdup_printf (_("%.1f mL"), dose->volume_ml), TRUE };
  right[2] = (Field) { _("Pump rate"), g_strdup_printf (_("%.1f mL/h"), dose->rate_ml_per_h), TRUE };
  /* TRANSLATORS: "Dr Ana Ruiz at 10:02:11" */
  right[3] = (Field) { _("Confirmed by"), g_strdup_printf (_("%s at %s"), dose->confirmed_by, when), FALSE };

  ensure_space (doc, 64);
  y_left = draw_fields (doc, left, 4, doc->left, doc->y, col_w);
  y_right = draw_fields (doc, right, 4, doc->left + col_w + 16, doc->y, col_w);
  doc->y = MAX (y_left, y_right);
  fields_clear (left, 4);
  fields_clear (right, 4);

  if (record->doses->len > 1)
    {
      static const Column columns[] = {
        { N_("Time"), 52, PANGO_ALIGN_LEFT },
        { N_("Weight"), 52, PANGO_ALIGN_RIGHT },
        { N_("mg/kg"), 42, PANGO_ALIGN_RIGHT },
        { N_("mg/mL"), 42, PANGO_ALIGN_RIGHT },
        { N_("Dose"), 52, PANGO_ALIGN_RIGHT },
        { N_("Volume"), 52, PANGO_ALIGN_RIGHT },
        { N_("Rate"), 56, PANGO_ALIGN_RIGHT },
        { N_("Confirmed by"), 0, PANGO_ALIGN_LEFT },
      };
      Column translated[G_N_ELEMENTS (columns)];
      Table table;

      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align };
      doc->y += 4;
      note (doc, _("The dose was entered more than once; the last entry (above) is the one confirmed. All entries:"));
      table_begin (doc, &table, _("Dose"), translated, G_N_ELEMENTS (translated));
      for (guint i = 0; i < record->doses->len; i++)
        {
          const VigilStoreDoseInput *d = g_ptr_array_index (record->doses, i);
          g_autofree char *t = clock_time (d->wall_us);
          g_autofree char *w = g_strdup_printf (_("%.1f kg"), d->weight_kg);
          g_autofree char *r = g_strdup_printf ("%.2f", d->dose_mg_per_kg);
          g_autofree char *c = g_strdup_printf ("%.2f", d->concentration_mg_per_ml);
          g_autofree char *m = g_strdup_printf (_("%.1f mg"), d->dose_mg);
          g_autofree char *v = g_strdup_printf (_("%.1f mL"), d->volume_ml);
          g_autofree char *p = g_strdup_printf (_("%.1f mL/h"), d->rate_ml_per_h);
          const char *cells[] = { t, w, r, c, m, v, p, d->confirmed_by };

          table_row (doc, &table, cells, NULL);
        }
      table_end (doc, &table);
    }
}

/* The phases as a coloured bar over [@t0, @t1] at (@x, @y). */
static void
draw_phase_bar (Doc    *doc,
                double  x,
                double  y,
                double  w,
                double  h,
                gint64  t0,
                gint64  t1,
                gboolean labels)
{
  const VigilSessionRecord *record = doc->record;
  gint64 span = MAX (t1 - t0, 1);
  gint64 seg_start = t0;
  VigilTreatmentPhase phase = VIGIL_TREATMENT_PHASE_BEFORE;

  for (guint i = 0; i <= record->steps->len; i++)
    {
      const VigilTreatmentStep *step = i < record->steps->len ? g_ptr_array_index (record->steps, i) : NULL;
      gint64 seg_end = step != NULL ? CLAMP (step->wall_us, t0, t1) : t1;
      double x0 = x + w * (double) (seg_start - t0) / span;
      double x1 = x + w * (double) (seg_end - t0) / span;
      Rgb c = phase_colour (phase);

      if (x1 > x0)
        {
          cairo_rectangle (doc->cr, x0, y, x1 - x0, h);
          set_colour (doc->cr, &c);
          cairo_fill (doc->cr);
          if (labels)
            {
              g_autoptr(PangoLayout) layout = make_layout (doc, FONT_SMALL, phase_label (phase), -1);

              if (layout_width (layout) < x1 - x0 - 4)
                show_layout (doc, layout, (x0 + x1 - layout_width (layout)) / 2,
                             y + (h - layout_height (layout)) / 2, &ink);
            }
        }
      if (step != NULL)
        {
          phase = vigil_session_record_step_target (step->kind);
          seg_start = seg_end;
        }
    }
  cairo_rectangle (doc->cr, x, y, w, h);
  cairo_set_line_width (doc->cr, 0.5);
  set_colour (doc->cr, &rule);
  cairo_stroke (doc->cr);
}

static void
draw_timeline (Doc *doc)
{
  static const Column columns[] = {
    { N_("Time"), 50, PANGO_ALIGN_LEFT },
    { N_("Step"), 128, PANGO_ALIGN_LEFT },
    { N_("Until next step"), 76, PANGO_ALIGN_RIGHT },
    { N_("By"), 96, PANGO_ALIGN_LEFT },
    { N_("Reason"), 0, PANGO_ALIGN_LEFT },
  };
  const VigilSessionRecord *record = doc->record;
  Column translated[G_N_ELEMENTS (columns)];
  gint64 infusion_start = 0, infusion_end = 0, paused = 0, pause_start = 0, recovery_end = 0;
  guint n_pauses = 0;
  Table table;

  if (record->treatment == NULL)
    return;
  section (doc, _("Timeline"), 90);
  if (record->steps->len == 0)
    {
      note (doc, _("The infusion was never started."));
      return;
    }

  for (guint i = 0; i < record->steps->len; i++)
    {
      const VigilTreatmentStep *step = g_ptr_array_index (record->steps, i);

      switch (step->kind)
        {
        case VIGIL_TREATMENT_STEP_START_INFUSION:
          infusion_start = step->wall_us;
          break;
        case VIGIL_TREATMENT_STEP_PAUSE:
          pause_start = step->wall_us;
          n_pauses++;
          break;
        case VIGIL_TREATMENT_STEP_RESUME:
          if (pause_start > 0)
            paused += step->wall_us - pause_start;
          pause_start = 0;
          break;
        case VIGIL_TREATMENT_STEP_END_INFUSION:
        case VIGIL_TREATMENT_STEP_ABORT:
          if (pause_start > 0)
            paused += step->wall_us - pause_start;
          pause_start = 0;
          if (infusion_start > 0 && infusion_end == 0)
            infusion_end = step->wall_us;
          break;
        case VIGIL_TREATMENT_STEP_DISCHARGE:
          recovery_end = step->wall_us;
          break;
        case VIGIL_TREATMENT_STEP_READY:
        case VIGIL_TREATMENT_STEP_NOT_READY:
        case VIGIL_TREATMENT_STEP_CANCEL:
        case VIGIL_N_TREATMENT_STEPS:
        default:
          break;
        }
    }

  ensure_space (doc, 70);
  draw_phase_bar (doc, doc->left, doc->y, doc->width, 16, record->start_us, record->end_us, TRUE);
  doc->y += 18;
  {
    g_autofree char *a = clock_time (record->start_us);
    g_autofree char *b = clock_time (record->end_us);

    draw_text (doc, FONT_SMALL, a, doc->left, doc->y, -1, &ink_soft);
    draw_text_right (doc, FONT_SMALL, b, doc->right, doc->y, &ink_soft);
    doc->y += 12;
  }

  if (infusion_start > 0)
    {
      g_autofree char *from = clock_time (infusion_start);
      g_autofree char *to = infusion_end > 0 ? clock_time (infusion_end) : g_strdup (_("not ended"));
      g_autofree char *running = duration_text ((infusion_end > 0 ? infusion_end : record->end_us)
                                                - infusion_start - paused);
      g_autofree char *pause_text = duration_text (paused);
      g_autofree char *summary = NULL;

      /* TRANSLATORS: "Infusion 10:05:00 – 10:47:30: running 40 min 00 s, paused 2 min 30 s (1 pause)" */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Infusion %s – %s: running %s, paused %s (%u pause)",
                                              "Infusion %s – %s: running %s, paused %s (%u pauses)",
                                              n_pauses),
                                 from, to, running, pause_text, n_pauses);
      doc->y += draw_text (doc, FONT_BODY_BOLD, summary, doc->left, doc->y, doc->width, &ink) + 2;
      if (infusion_end > 0)
        {
          g_autofree char *rec_to = recovery_end > 0 ? clock_time (recovery_end) : clock_time (record->end_us);
          g_autofree char *rec_len = duration_text ((recovery_end > 0 ? recovery_end : record->end_us)
                                                    - infusion_end);
          g_autofree char *rec = NULL;

          if (recovery_end > 0)
            /* TRANSLATORS: "Recovery 10:47:30 – discharge 11:32:30 (45 min 00 s)" */
            rec = g_strdup_printf (_("Recovery %s – discharge %s (%s)"), to, rec_to, rec_len);
          else
            rec = g_strdup_printf (_("Recovery from %s, no discharge recorded (%s until %s)"), to, rec_len, rec_to);
          doc->y += draw_text (doc, FONT_BODY_BOLD, rec, doc->left, doc->y, doc->width, &ink) + 2;
        }
      doc->y += 4;
    }

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align };
  table_begin (doc, &table, _("Timeline"), translated, G_N_ELEMENTS (translated));
  for (guint i = 0; i < record->steps->len; i++)
    {
      const VigilTreatmentStep *step = g_ptr_array_index (record->steps, i);
      const VigilTreatmentStep *next = i + 1 < record->steps->len ? g_ptr_array_index (record->steps, i + 1) : NULL;
      g_autofree char *t = clock_time (step->wall_us);
      g_autofree char *d = NULL;
      g_autofree char *label = NULL;
      g_autofree char *reason = NULL;
      VigilTreatmentPhase target = vigil_session_record_step_target (step->kind);
      const Rgb *colours[G_N_ELEMENTS (columns)] = { NULL };
      const char *cells[G_N_ELEMENTS (columns)];

      if (next != NULL)
        d = duration_text (next->wall_us - step->wall_us);
      else if (target != VIGIL_TREATMENT_PHASE_DISCHARGED && target != VIGIL_TREATMENT_PHASE_CANCELLED &&
               target != VIGIL_TREATMENT_PHASE_ABORTED)
        d = duration_text (record->end_us - step->wall_us);
      else
        d = g_strdup ("");
      label = step->override ? g_strdup_printf (_("%s (override)"), step_label (step->kind))
                             : g_strdup (step_label (step->kind));
      reason = g_strdup (step->reason != NULL ? step->reason : "");
      if (step->kind == VIGIL_TREATMENT_STEP_PAUSE)
        colours[1] = colours[2] = &caution;
      cells[0] = t; cells[1] = label; cells[2] = d; cells[3] = step->who; cells[4] = reason;
      table_row (doc, &table, cells, colours);
    }
  table_end (doc, &table);
}

/* ---- trend charts ---- */

typedef struct
{
  double x, y, w, h;
  double lo, hi;
  gint64 t0, t1;
} Plot;

static double
plot_x (const Plot *p,
        gint64      t)
{
  return p->x + p->w * (double) (t - p->t0) / (double) MAX (p->t1 - p->t0, 1);
}

static double
plot_y (const Plot *p,
        double      v)
{
  return p->y + p->h - p->h * (CLAMP (v, p->lo, p->hi) - p->lo) / (p->hi - p->lo);
}

static gint64
tick_step_us (gint64 span_us)
{
  static const int minutes[] = { 1, 2, 5, 10, 15, 30, 60, 120, 240 };

  for (guint i = 0; i < G_N_ELEMENTS (minutes); i++)
    if (span_us / ((gint64) minutes[i] * 60 * G_USEC_PER_SEC) <= 12)
      return (gint64) minutes[i] * 60 * G_USEC_PER_SEC;
  return 480LL * 60 * G_USEC_PER_SEC;
}

static void
draw_plot_frame (Doc        *doc,
                 const Plot *p,
                 const char *title,
                 const Rgb  *colour,
                 double      step)
{
  gint64 tick = tick_step_us (p->t1 - p->t0);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (p->t0 / G_USEC_PER_SEC);
  gint64 offset = start != NULL ? g_date_time_get_utc_offset (start) : 0;
  gint64 first = ((p->t0 + offset) / tick + 1) * tick - offset;

  cairo_set_line_width (doc->cr, 0.4);
  set_colour (doc->cr, &grid);
  for (double v = ceil (p->lo / step) * step; v <= p->hi + 1e-9; v += step)
    {
      char label[16];

      cairo_move_to (doc->cr, p->x, plot_y (p, v));
      cairo_line_to (doc->cr, p->x + p->w, plot_y (p, v));
      cairo_stroke (doc->cr);
      g_snprintf (label, sizeof label, "%.0f", v);
      draw_text_right (doc, FONT_SMALL, label, p->x - 3, plot_y (p, v) - 4.5, &ink_soft);
      set_colour (doc->cr, &grid);
    }
  for (gint64 t = first; t < p->t1; t += tick)
    {
      cairo_move_to (doc->cr, plot_x (p, t), p->y);
      cairo_line_to (doc->cr, plot_x (p, t), p->y + p->h);
      cairo_stroke (doc->cr);
    }
  cairo_rectangle (doc->cr, p->x, p->y, p->w, p->h);
  cairo_set_line_width (doc->cr, 0.6);
  set_colour (doc->cr, &rule);
  cairo_stroke (doc->cr);

  /* The title sits in the left margin, rotated, in the trace's colour. */
  {
    g_autoptr(PangoLayout) layout = make_layout (doc, "Sans Bold 8.5", title, -1);

    cairo_save (doc->cr);
    cairo_translate (doc->cr, doc->left, p->y + p->h / 2 + layout_width (layout) / 2);
    cairo_rotate (doc->cr, -G_PI / 2);
    show_layout (doc, layout, 0, 0, colour);
    cairo_restore (doc->cr);
  }
}

static void
draw_time_axis (Doc        *doc,
                const Plot *p)
{
  gint64 tick = tick_step_us (p->t1 - p->t0);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (p->t0 / G_USEC_PER_SEC);
  gint64 offset = start != NULL ? g_date_time_get_utc_offset (start) : 0;
  gint64 first = ((p->t0 + offset) / tick + 1) * tick - offset;

  for (gint64 t = first; t < p->t1; t += tick)
    {
      g_autofree char *label = format_local (t, "%H:%M");
      g_autoptr(PangoLayout) layout = make_layout (doc, FONT_SMALL, label, -1);
      double x = plot_x (p, t) - layout_width (layout) / 2;

      if (x + layout_width (layout) > p->x + p->w + 10)
        continue;
      show_layout (doc, layout, x, p->y + p->h + 2, &ink_soft);
    }
}

/* A continuous trace: per column of about a point, the min–max band and
 * a line through the means; gaps over 15 s in the data break the line. */
static void
draw_trace (Doc            *doc,
            const Plot     *p,
            VigilParameter  parameter,
            const Rgb      *colour)
{
  const GArray *vitals = doc->record->vitals;
  guint n_bins = MAX (1, (guint) (p->w / 1.0));
  g_autofree double *sum = g_new0 (double, n_bins);
  g_autofree double *lo = g_new (double, n_bins);
  g_autofree double *hi = g_new (double, n_bins);
  g_autofree guint *count = g_new0 (guint, n_bins);
  g_autofree gboolean *gap_before = g_new0 (gboolean, n_bins);
  gint64 last_t = 0;
  gboolean drawing = FALSE;

  for (guint i = 0; i < vitals->len; i++)
    {
      const VigilStoreVital *v = &g_array_index (vitals, VigilStoreVital, i);
      double fx;
      guint bin;

      if (v->parameter != parameter || !isfinite (v->value) || v->wall_us < p->t0 || v->wall_us > p->t1)
        continue;
      fx = (double) (v->wall_us - p->t0) / (double) MAX (p->t1 - p->t0, 1);
      bin = MIN ((guint) (fx * n_bins), n_bins - 1);
      if (last_t > 0 && v->wall_us - last_t > 15 * G_USEC_PER_SEC)
        gap_before[bin] = TRUE;
      last_t = v->wall_us;
      if (count[bin] == 0)
        lo[bin] = hi[bin] = v->value;
      lo[bin] = MIN (lo[bin], v->value);
      hi[bin] = MAX (hi[bin], v->value);
      sum[bin] += v->value;
      count[bin]++;
    }

  cairo_save (doc->cr);
  cairo_rectangle (doc->cr, p->x, p->y, p->w, p->h);
  cairo_clip (doc->cr);
  cairo_set_source_rgba (doc->cr, colour->r, colour->g, colour->b, 0.22);
  for (guint b = 0; b < n_bins; b++)
    if (count[b] > 1 && hi[b] > lo[b])
      {
        double x = p->x + p->w * b / n_bins;

        cairo_rectangle (doc->cr, x, plot_y (p, hi[b]), p->w / n_bins, plot_y (p, lo[b]) - plot_y (p, hi[b]));
      }
  cairo_fill (doc->cr);

  cairo_set_line_width (doc->cr, 0.9);
  cairo_set_line_join (doc->cr, CAIRO_LINE_JOIN_ROUND);
  set_colour (doc->cr, colour);
  for (guint b = 0; b < n_bins; b++)
    {
      double x = p->x + p->w * (b + 0.5) / n_bins;

      if (count[b] == 0)
        {
          /* Empty columns inside a 1 Hz trace are only zoom; a long gap
           * is flagged where the data starts again. */
          continue;
        }
      if (!drawing || gap_before[b])
        cairo_move_to (doc->cr, x, plot_y (p, sum[b] / count[b]));
      else
        cairo_line_to (doc->cr, x, plot_y (p, sum[b] / count[b]));
      drawing = TRUE;
    }
  cairo_stroke (doc->cr);
  cairo_restore (doc->cr);
}

/* NIBP: ∨ at systolic and ∧ at diastolic joined by a line, a dot at the mean. */
static void
draw_nibp (Doc        *doc,
           const Plot *p)
{
  const GArray *vitals = doc->record->vitals;

  cairo_set_line_width (doc->cr, 0.8);
  for (guint i = 0; i < vitals->len; i++)
    {
      const VigilStoreVital *v = &g_array_index (vitals, VigilStoreVital, i);
      double x, ys, yd;

      if (v->parameter != VIGIL_PARAMETER_NIBP || !isfinite (v->value) ||
          v->wall_us < p->t0 || v->wall_us > p->t1)
        continue;
      x = plot_x (p, v->wall_us);
      ys = plot_y (p, v->value);
      yd = isfinite (v->diastolic) ? plot_y (p, v->diastolic) : ys;
      set_colour (doc->cr, &nibp_colour);
      cairo_move_to (doc->cr, x, ys);
      cairo_line_to (doc->cr, x, yd);
      cairo_stroke (doc->cr);
      cairo_move_to (doc->cr, x - 3, ys - 4);
      cairo_line_to (doc->cr, x, ys);
      cairo_line_to (doc->cr, x + 3, ys - 4);
      cairo_stroke (doc->cr);
      if (isfinite (v->diastolic))
        {
          cairo_move_to (doc->cr, x - 3, yd + 4);
          cairo_line_to (doc->cr, x, yd);
          cairo_line_to (doc->cr, x + 3, yd + 4);
          cairo_stroke (doc->cr);
        }
      if (isfinite (v->mean))
        {
          cairo_arc (doc->cr, x, plot_y (p, v->mean), 1.4, 0, 2 * G_PI);
          cairo_fill (doc->cr);
        }
    }
}

static void
value_range (const GArray   *vitals,
             VigilParameter  parameter,
             double         *lo,
             double         *hi)
{
  for (guint i = 0; i < vitals->len; i++)
    {
      const VigilStoreVital *v = &g_array_index (vitals, VigilStoreVital, i);

      if (v->parameter != parameter || !isfinite (v->value))
        continue;
      *lo = MIN (*lo, v->value);
      *hi = MAX (*hi, v->value);
      if (isfinite (v->diastolic))
        *lo = MIN (*lo, v->diastolic);
    }
}

/* Alarm spans on the chart of the parameter they watch. */
static void
draw_alarm_spans (Doc        *doc,
                  const Plot *p,
                  int         parameter)
{
  const GPtrArray *alarms = doc->record->alarms;

  for (guint i = 0; i < alarms->len; i++)
    {
      const VigilAlarmLogEntry *start = g_ptr_array_index (alarms, i);
      const VigilAlarmInfo *info = vigil_alarm_get_info (start->id);
      gint64 end_us = doc->record->end_us;
      Rgb c;
      double x0, x1;

      if (start->kind != VIGIL_ALARM_LOG_START || info == NULL || info->parameter != parameter)
        continue;
      for (guint j = i + 1; j < alarms->len; j++)
        {
          const VigilAlarmLogEntry *e = g_ptr_array_index (alarms, j);

          if (e->id == start->id && e->kind == VIGIL_ALARM_LOG_END)
            {
              end_us = e->wall_us;
              break;
            }
        }
      c = priority_colour (start->priority);
      x0 = plot_x (p, MAX (start->wall_us, p->t0));
      x1 = MAX (plot_x (p, MIN (end_us, p->t1)), x0 + 1.5);
      cairo_rectangle (doc->cr, x0, p->y, x1 - x0, p->h);
      cairo_set_source_rgba (doc->cr, c.r, c.g, c.b, 0.14);
      cairo_fill (doc->cr);
    }
}

static void
draw_event_lines (Doc        *doc,
                  const Plot *p,
                  double      y_top)
{
  const GPtrArray *events = doc->record->events;
  static const double dash[] = { 2.0, 2.0 };

  cairo_save (doc->cr);
  cairo_set_dash (doc->cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (doc->cr, 0.6);
  cairo_set_source_rgba (doc->cr, 0.25, 0.25, 0.30, 0.8);
  for (guint i = 0; i < events->len; i++)
    {
      const VigilStoreTreatmentEvent *e = g_ptr_array_index (events, i);
      double x;

      if (e->wall_us < p->t0 || e->wall_us > p->t1)
        continue;
      x = plot_x (p, e->wall_us);
      cairo_move_to (doc->cr, x, y_top);
      cairo_line_to (doc->cr, x, p->y + p->h);
    }
  cairo_stroke (doc->cr);
  cairo_restore (doc->cr);
}

static void
draw_trends (Doc *doc)
{
  const VigilSessionRecord *record = doc->record;
  const double axis_w = 34;
  const double lane_h = 13;
  const double chart_h = 92;
  const double chart_gap = 12;
  gboolean have_treatment = record->treatment != NULL;
  double block_h = 3 * chart_h + 2 * chart_gap + 2 * lane_h + 14 + 36 + (have_treatment ? lane_h + 3 : 0);
  double hr_lo = 50, hr_hi = 110, sp_lo = 90, sp_hi = 100, bp_lo = 60, bp_hi = 160;
  Plot base = { 0 };
  Plot hr, sp, bp;
  double y, lane_y;

  section (doc, _("Trends"), block_h);
  if (record->vitals->len == 0)
    {
      note (doc, _("No vitals were recorded in this session."));
      return;
    }

  value_range (record->vitals, VIGIL_PARAMETER_HR, &hr_lo, &hr_hi);
  value_range (record->vitals, VIGIL_PARAMETER_SPO2, &sp_lo, &sp_hi);
  value_range (record->vitals, VIGIL_PARAMETER_NIBP, &bp_lo, &bp_hi);

  base.x = doc->left + axis_w;
  base.w = doc->width - axis_w - 4;
  base.t0 = record->start_us;
  base.t1 = MAX (record->end_us, record->start_us + 60 * G_USEC_PER_SEC);
  y = doc->y;

  /* Lanes: phases, then events (numbered as in the events table), then alarm starts. */
  if (have_treatment)
    {
      draw_text_right (doc, FONT_SMALL, _("Phase"), base.x - 3, y + 2, &ink_soft);
      draw_phase_bar (doc, base.x, y, base.w, lane_h, base.t0, base.t1, TRUE);
      y += lane_h + 3;
    }
  lane_y = y;
  draw_text_right (doc, FONT_SMALL, _("Events"), base.x - 3, y + 2, &ink_soft);
  for (guint i = 0; i < record->events->len; i++)
    {
      const VigilStoreTreatmentEvent *e = g_ptr_array_index (record->events, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autoptr(PangoLayout) layout = make_layout (doc, "Sans Bold 7", number, -1);
      double x = plot_x (&base, CLAMP (e->wall_us, base.t0, base.t1));

      cairo_arc (doc->cr, x, y + lane_h / 2, 5, 0, 2 * G_PI);
      set_colour (doc->cr, &ink);
      cairo_fill (doc->cr);
      show_layout (doc, layout, x - layout_width (layout) / 2, y + (lane_h - layout_height (layout)) / 2,
                   &paper_white);
    }
  y += lane_h;
  draw_text_right (doc, FONT_SMALL, _("Alarms"), base.x - 3, y + 2, &ink_soft);
  for (guint i = 0; i < record->alarms->len; i++)
    {
      const VigilAlarmLogEntry *a = g_ptr_array_index (record->alarms, i);
      Rgb c = priority_colour (a->priority);
      double x;

      if (a->kind != VIGIL_ALARM_LOG_START)
        continue;
      x = plot_x (&base, CLAMP (a->wall_us, base.t0, base.t1));
      cairo_move_to (doc->cr, x, y + lane_h - 2);
      cairo_line_to (doc->cr, x - 4, y + 2);
      cairo_line_to (doc->cr, x + 4, y + 2);
      cairo_close_path (doc->cr);
      set_colour (doc->cr, &c);
      cairo_fill (doc->cr);
    }
  y += lane_h + 2;

  hr = base;
  hr.y = y;
  hr.h = chart_h;
  hr.lo = floor ((hr_lo - 5) / 10) * 10;
  hr.hi = ceil ((hr_hi + 5) / 10) * 10;
  sp = base;
  sp.y = hr.y + chart_h + chart_gap;
  sp.h = chart_h;
  sp.lo = MIN (85, floor ((sp_lo - 2) / 5) * 5);
  sp.hi = 100;
  bp = base;
  bp.y = sp.y + chart_h + chart_gap;
  bp.h = chart_h;
  bp.lo = floor ((bp_lo - 10) / 20) * 20;
  bp.hi = ceil ((bp_hi + 10) / 20) * 20;

  draw_alarm_spans (doc, &hr, VIGIL_PARAMETER_HR);
  draw_alarm_spans (doc, &sp, VIGIL_PARAMETER_SPO2);
  draw_alarm_spans (doc, &bp, VIGIL_PARAMETER_NIBP);
  draw_plot_frame (doc, &hr, _("HR /min"), &hr_colour, hr.hi - hr.lo > 80 ? 20 : 10);
  draw_plot_frame (doc, &sp, _("SpO₂ %"), &spo2_colour, sp.hi - sp.lo > 20 ? 10 : 5);
  draw_plot_frame (doc, &bp, _("NIBP mmHg"), &nibp_colour, bp.hi - bp.lo > 160 ? 40 : 20);
  draw_trace (doc, &hr, VIGIL_PARAMETER_HR, &hr_colour);
  draw_trace (doc, &sp, VIGIL_PARAMETER_SPO2, &spo2_colour);
  draw_nibp (doc, &bp);
  draw_event_lines (doc, &bp, lane_y + lane_h);
  draw_time_axis (doc, &bp);
  y = bp.y + bp.h + 14;

  /* Legend. */
  {
    g_autofree char *legend = g_strdup_printf (
      "%s   %s   %s   %s",
      _("Lines: the mean of each chart column, the range of the 1 Hz values shaded"),
      _("NIBP: ∨ systolic, ∧ diastolic, • mean"),
      _("▼ alarm start (red high, amber medium, cyan low); shaded: alarm active"),
      _("Numbered circles: events, listed below"));

    y += draw_text (doc, FONT_SMALL, legend, doc->left, y, doc->width, &ink_soft);
  }
  doc->y = y + 4;
}

/* The latest value of @parameter at or before @t, not older than 60 s. */
static double
value_at (const GArray   *vitals,
          VigilParameter  parameter,
          gint64          t)
{
  double found = NAN;

  for (guint i = 0; i < vitals->len; i++)
    {
      const VigilStoreVital *v = &g_array_index (vitals, VigilStoreVital, i);

      if (v->wall_us > t)
        break;
      if (v->parameter == parameter && isfinite (v->value) && t - v->wall_us <= 60 * G_USEC_PER_SEC)
        found = v->value;
    }
  return found;
}

static void
draw_nibp_table (Doc *doc)
{
  static const Column columns[] = {
    { N_("Time"), 52, PANGO_ALIGN_LEFT },
    { N_("Since start"), 56, PANGO_ALIGN_RIGHT },
    { N_("Phase"), 96, PANGO_ALIGN_LEFT },
    { N_("SYS/DIA mmHg"), 72, PANGO_ALIGN_RIGHT },
    { N_("MAP mmHg"), 52, PANGO_ALIGN_RIGHT },
    { N_("HR /min"), 50, PANGO_ALIGN_RIGHT },
    { N_("SpO₂ %"), 50, PANGO_ALIGN_RIGHT },
    { N_("Quality"), 0, PANGO_ALIGN_LEFT },
  };
  const VigilSessionRecord *record = doc->record;
  Column translated[G_N_ELEMENTS (columns)];
  Table table;
  guint n = 0;

  section (doc, _("Vitals at each blood-pressure reading"), 50);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align };

  for (guint i = 0; i < record->vitals->len; i++)
    {
      const VigilStoreVital *v = &g_array_index (record->vitals, VigilStoreVital, i);
      g_autofree char *t = NULL, *since = NULL, *bp = NULL, *map = NULL, *hr = NULL, *sp = NULL;
      const char *phase;
      const char *quality;
      const char *cells[G_N_ELEMENTS (columns)];
      gint64 rel;

      if (v->parameter != VIGIL_PARAMETER_NIBP)
        continue;
      if (n++ == 0)
        table_begin (doc, &table, _("Vitals at each blood-pressure reading"), translated, G_N_ELEMENTS (translated));
      t = clock_time (v->wall_us);
      rel = (v->wall_us - record->start_us) / G_USEC_PER_SEC;
      since = g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", rel / 60, (int) (rel % 60));
      bp = isfinite (v->value) && isfinite (v->diastolic)
        ? g_strdup_printf ("%.0f/%.0f", v->value, v->diastolic) : number_text (v->value, 0);
      map = number_text (v->mean, 0);
      hr = number_text (value_at (record->vitals, VIGIL_PARAMETER_HR, v->wall_us), 0);
      sp = number_text (value_at (record->vitals, VIGIL_PARAMETER_SPO2, v->wall_us), 0);
      phase = record->treatment != NULL ? phase_label (vigil_session_record_phase_at (record, v->wall_us)) : "—";
      quality = (v->quality & VIGIL_QUALITY_QUESTIONABLE) ? _("questionable")
              : (v->quality & VIGIL_QUALITY_VALID) ? _("valid") : _("not valid");
      cells[0] = t; cells[1] = since; cells[2] = phase; cells[3] = bp;
      cells[4] = map; cells[5] = hr; cells[6] = sp; cells[7] = quality;
      table_row (doc, &table, cells, NULL);
    }
  if (n == 0)
    note (doc, _("No blood-pressure reading was recorded."));
  else
    table_end (doc, &table);
}

static void
draw_events (Doc *doc)
{
  static const Column columns[] = {
    { N_("No."), 28, PANGO_ALIGN_RIGHT },
    { N_("Time"), 52, PANGO_ALIGN_LEFT },
    { N_("Event"), 76, PANGO_ALIGN_LEFT },
    { N_("Details"), 0, PANGO_ALIGN_LEFT },
    { N_("By"), 110, PANGO_ALIGN_LEFT },
  };
  const VigilSessionRecord *record = doc->record;
  Column translated[G_N_ELEMENTS (columns)];
  Table table;

  if (record->treatment == NULL)
    return;
  section (doc, _("Events"), 40);
  if (record->events->len == 0)
    {
      note (doc, _("No events were recorded."));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align };
  table_begin (doc, &table, _("Events"), translated, G_N_ELEMENTS (translated));
  for (guint i = 0; i < record->events->len; i++)
    {
      const VigilStoreTreatmentEvent *e = g_ptr_array_index (record->events, i);
      g_autofree char *no = g_strdup_printf ("%u", i + 1);
      g_autofree char *t = clock_time (e->wall_us);
      g_autofree char *details = NULL;
      const char *cells[G_N_ELEMENTS (columns)];

      if (e->kind == VIGIL_STORE_EVENT_DRUG)
        details = e->note != NULL && *e->note != '\0'
          ? g_strdup_printf ("%s %s — %s", e->drug_name, e->drug_dose, e->note)
          : g_strdup_printf ("%s %s", e->drug_name, e->drug_dose);
      else
        details = g_strdup (e->note != NULL ? e->note : "");
      cells[0] = no; cells[1] = t; cells[2] = event_label (e->kind); cells[3] = details; cells[4] = e->who;
      table_row (doc, &table, cells, NULL);
    }
  table_end (doc, &table);
}

static void
draw_alarms (Doc *doc)
{
  static const Column columns[] = {
    { N_("Time"), 50, PANGO_ALIGN_LEFT },
    { N_("What"), 72, PANGO_ALIGN_LEFT },
    { N_("Condition"), 90, PANGO_ALIGN_LEFT },
    { N_("Priority"), 56, PANGO_ALIGN_LEFT },
    { N_("Value"), 36, PANGO_ALIGN_RIGHT },
    { N_("Limit"), 44, PANGO_ALIGN_RIGHT },
    { N_("Message"), 0, PANGO_ALIGN_LEFT },
    { N_("By"), 62, PANGO_ALIGN_LEFT },
  };
  const VigilSessionRecord *record = doc->record;
  Column translated[G_N_ELEMENTS (columns)];
  Table table;

  section (doc, _("Alarm log"), 40);
  if (record->alarms->len == 0)
    {
      note (doc, _("No alarm was raised and no alarm setting was changed in this session."));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align };
  table_begin (doc, &table, _("Alarm log"), translated, G_N_ELEMENTS (translated));
  for (guint i = 0; i < record->alarms->len; i++)
    {
      const VigilAlarmLogEntry *a = g_ptr_array_index (record->alarms, i);
      const VigilAlarmInfo *info = vigil_alarm_get_info (a->id);
      g_autofree char *t = clock_time (a->wall_us);
      g_autofree char *condition = g_strdup_printf ("%s %s", info->code, _(info->title));
      g_autofree char *priority = NULL;
      g_autofree char *value = number_text (a->value, 0);
      g_autofree char *limit = NULL;
      Rgb c = priority_colour (a->priority);
      const Rgb *colours[G_N_ELEMENTS (columns)] = { NULL };
      const char *cells[G_N_ELEMENTS (columns)];

      if (a->kind == VIGIL_ALARM_LOG_LIMIT_CHANGE && isfinite (a->old_limit))
        limit = g_strdup_printf ("%.0f → %.0f", a->old_limit, a->limit);
      else
        limit = number_text (a->limit, 0);
      priority = g_strdup_printf ("%s %s", vigil_alarm_priority_get_marker (a->priority),
                                  priority_label (a->priority));
      colours[3] = &c;
      if (a->kind == VIGIL_ALARM_LOG_START)
        colours[1] = &c;
      cells[0] = t; cells[1] = alarm_kind_label (a->kind); cells[2] = condition; cells[3] = priority;
      cells[4] = value; cells[5] = limit; cells[6] = a->message != NULL ? a->message : "";
      cells[7] = a->who != NULL ? a->who : _("system");
      table_row (doc, &table, cells, colours);
    }
  table_end (doc, &table);
}

static char *
score_result (const VigilStoreScore *score)
{
  g_auto(GStrv) parts = g_strsplit (score->items != NULL ? score->items : "", ",", -1);
  int items[9] = { 0 };
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n && i < G_N_ELEMENTS (items); i++)
    items[i] = (int) g_ascii_strtoll (parts[i], NULL, 10);

  switch (score->scale)
    {
    case VIGIL_STORE_SCALE_MOAAS:
      if (score->total >= 0 && score->total <= VIGIL_MOAAS_MAX)
        return g_strdup (vigil_moaas_describe (score->total));
      break;
    case VIGIL_STORE_SCALE_PHQ9:
      {
        VigilPhq9Band band;

        if (vigil_phq9_band_for_total (score->total, &band, NULL))
          {
            if (n == VIGIL_PHQ9_N_ITEMS && items[8] > 0)
              /* TRANSLATORS: PHQ-9 band, then a warning about item 9 */
              return g_strdup_printf (_("%s; item 9 above 0: clinician review"), vigil_phq9_band_label (band));
            return g_strdup (vigil_phq9_band_label (band));
          }
      }
      break;
    case VIGIL_STORE_SCALE_ALDRETE:
      {
        VigilDischargeScore result;

        if (n == VIGIL_N_ALDRETE_ITEMS &&
            vigil_aldrete_score (items, VIGIL_DISCHARGE_PASS_TOTAL, &result, NULL))
          return g_strdup (result.pass ? _("meets discharge criterion (≥ 9, no item 0)")
                                       : _("does not meet discharge criterion"));
      }
      break;
    case VIGIL_STORE_SCALE_PADSS:
      {
        VigilDischargeScore result;

        if (n == VIGIL_N_PADSS_ITEMS &&
            vigil_padss_score (items, VIGIL_DISCHARGE_PASS_TOTAL, VIGIL_PADSS_DEFAULT_REQUIRE_NO_ZERO,
                               &result, NULL))
          return g_strdup (result.pass ? _("meets discharge criterion (≥ 9, no item 0)")
                                       : _("does not meet discharge criterion"));
      }
      break;
    case VIGIL_STORE_SCALE_CADSS6:
      return g_strdup_printf (_("of %d"), VIGIL_CADSS6_MAX);
    case VIGIL_STORE_N_SCALES:
    default:
      break;
    }
  return g_strdup ("");
}

static char *
score_items (const VigilStoreScore *score)
{
  g_auto(GStrv) parts = g_strsplit (score->items != NULL ? score->items : "", ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = g_strv_length (parts);

  if (score->scale == VIGIL_STORE_SCALE_MOAAS)
    return g_strdup ("");
  for (guint i = 0; i < n; i++)
    {
      const char *label = NULL;
      g_autofree char *number = NULL;

      if (score->scale == VIGIL_STORE_SCALE_ALDRETE && n == VIGIL_N_ALDRETE_ITEMS)
        label = vigil_aldrete_item_label ((VigilAldreteItem) i);
      else if (score->scale == VIGIL_STORE_SCALE_PADSS && n == VIGIL_N_PADSS_ITEMS)
        label = vigil_padss_item_label ((VigilPadssItem) i);
      else if (score->scale == VIGIL_STORE_SCALE_CADSS6 && n == VIGIL_CADSS6_N_ITEMS)
        label = number = g_strdup_printf ("#%u", vigil_cadss6_item_number (i));
      else
        label = number = g_strdup_printf ("#%u", i + 1);
      /* TRANSLATORS: one item of a score, "Activity: 2" or "#3: 1" */
      g_string_append_printf (out, _("%s%s: %s"), i > 0 ? " · " : "", label, parts[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
draw_scores (Doc *doc)
{
  static const Column columns[] = {
    { N_("Time"), 50, PANGO_ALIGN_LEFT },
    { N_("Scale"), 76, PANGO_ALIGN_LEFT },
    { N_("Total"), 34, PANGO_ALIGN_RIGHT },
    { N_("Result"), 118, PANGO_ALIGN_LEFT },
    { N_("Items"), 0, PANGO_ALIGN_LEFT },
    { N_("By"), 80, PANGO_ALIGN_LEFT },
  };
  const VigilSessionRecord *record = doc->record;
  Column translated[G_N_ELEMENTS (columns)];
  Table table;

  if (record->treatment == NULL)
    return;
  section (doc, _("Scores"), 40);
  if (record->scores->len == 0)
    {
      note (doc, _("No scores were recorded."));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align };
  table_begin (doc, &table, _("Scores"), translated, G_N_ELEMENTS (translated));
  for (guint i = 0; i < record->scores->len; i++)
    {
      const VigilStoreScore *s = g_ptr_array_index (record->scores, i);
      g_autofree char *t = clock_time (s->wall_us);
      g_autofree char *total = g_strdup_printf ("%d", s->total);
      g_autofree char *result = score_result (s);
      g_autofree char *items = score_items (s);
      const char *cells[] = { t, scale_label (s->scale), total, result, items, s->who };

      table_row (doc, &table, cells, NULL);
    }
  table_end (doc, &table);
}

static void
draw_checklist (Doc *doc)
{
  static const Column columns[] = {
    { N_("Item"), 170, PANGO_ALIGN_LEFT },
    { N_("Answer"), 0, PANGO_ALIGN_LEFT },
    { N_("Time"), 50, PANGO_ALIGN_LEFT },
    { N_("By"), 96, PANGO_ALIGN_LEFT },
  };
  const VigilSessionRecord *record = doc->record;
  Column translated[G_N_ELEMENTS (columns)];
  g_autoptr(VigilClock) clock = NULL;
  g_autoptr(VigilChecklist) checklist = NULL;
  Table table;

  if (record->treatment == NULL)
    return;
  section (doc, _("Pre-infusion checklist"), 40);
  if (record->answers->len == 0)
    {
      note (doc, _("No checklist answers were recorded."));
      return;
    }
  /* Only for the items' titles, in the language of the report. */
  clock = vigil_clock_new_manual (record->start_us);
  checklist = vigil_checklist_new (clock, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align };
  table_begin (doc, &table, _("Pre-infusion checklist"), translated, G_N_ELEMENTS (translated));
  for (guint i = 0; i < record->answers->len; i++)
    {
      const VigilStoreChecklistAnswer *a = g_ptr_array_index (record->answers, i);
      g_autofree char *key = g_strdup (a->item_key);
      g_autofree char *title = NULL;
      g_autofree char *t = clock_time (a->wall_us);
      VigilChecklistItem item;
      gboolean is_override = g_str_has_suffix (key, ".override");
      const Rgb *colours[G_N_ELEMENTS (columns)] = { NULL };
      const char *cells[G_N_ELEMENTS (columns)];

      if (is_override)
        key[strlen (key) - strlen (".override")] = '\0';
      if (vigil_checklist_get_item (checklist, key, &item))
        title = is_override ? g_strdup_printf (_("%s — override"), item.title) : g_strdup (item.title);
      else
        title = g_strdup (a->item_key);
      if (is_override)
        colours[0] = colours[1] = &caution;
      cells[0] = title; cells[1] = a->value; cells[2] = t; cells[3] = a->who;
      table_row (doc, &table, cells, colours);
    }
  table_end (doc, &table);
}

/* ---- who did what ---- */

typedef struct
{
  char       *who;
  GPtrArray  *actions;  /* char*, in first-seen order */
  GHashTable *counts;   /* action → count */
  gint64      first, last;
} Person;

static void
person_free (Person *p)
{
  g_free (p->who);
  g_ptr_array_unref (p->actions);
  g_hash_table_unref (p->counts);
  g_free (p);
}

static void
note_action (GPtrArray  *people,
             const char *who,
             const char *action,
             gint64      wall_us)
{
  Person *person = NULL;
  guint count;

  if (who == NULL || *who == '\0')
    return;
  for (guint i = 0; i < people->len && person == NULL; i++)
    if (g_str_equal (((Person *) g_ptr_array_index (people, i))->who, who))
      person = g_ptr_array_index (people, i);
  if (person == NULL)
    {
      person = g_new0 (Person, 1);
      person->who = g_strdup (who);
      person->actions = g_ptr_array_new_with_free_func (g_free);
      person->counts = g_hash_table_new (g_str_hash, g_str_equal);
      person->first = person->last = wall_us;
      g_ptr_array_add (people, person);
    }
  count = GPOINTER_TO_UINT (g_hash_table_lookup (person->counts, action));
  if (count == 0)
    {
      char *copy = g_strdup (action);

      g_ptr_array_add (person->actions, copy);
      g_hash_table_insert (person->counts, copy, GUINT_TO_POINTER (1));
    }
  else
    {
      /* The table keeps its own copy of the key: only the count changes. */
      g_hash_table_insert (person->counts, (gpointer) action, GUINT_TO_POINTER (count + 1));
    }
  person->first = MIN (person->first, wall_us);
  person->last = MAX (person->last, wall_us);
}

static void
draw_people (Doc *doc)
{
  static const Column columns[] = {
    { N_("Person"), 110, PANGO_ALIGN_LEFT },
    { N_("What they did"), 0, PANGO_ALIGN_LEFT },
    { N_("From"), 50, PANGO_ALIGN_LEFT },
    { N_("To"), 50, PANGO_ALIGN_LEFT },
  };
  const VigilSessionRecord *record = doc->record;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  Column translated[G_N_ELEMENTS (columns)];
  Table table;

  for (guint i = 0; i < record->doses->len; i++)
    {
      const VigilStoreDoseInput *d = g_ptr_array_index (record->doses, i);
      note_action (people, d->confirmed_by, _("confirmed the dose"), d->wall_us);
    }
  for (guint i = 0; i < record->answers->len; i++)
    {
      const VigilStoreChecklistAnswer *a = g_ptr_array_index (record->answers, i);
      note_action (people, a->who, _("checklist answers"), a->wall_us);
    }
  for (guint i = 0; i < record->steps->len; i++)
    {
      const VigilTreatmentStep *s = g_ptr_array_index (record->steps, i);
      note_action (people, s->who, step_label (s->kind), s->wall_us);
    }
  for (guint i = 0; i < record->scores->len; i++)
    {
      const VigilStoreScore *s = g_ptr_array_index (record->scores, i);
      g_autofree char *what = g_strdup_printf (_("scored %s"), scale_label (s->scale));
      note_action (people, s->who, what, s->wall_us);
    }
  for (guint i = 0; i < record->events->len; i++)
    {
      const VigilStoreTreatmentEvent *e = g_ptr_array_index (record->events, i);
      g_autofree char *what = g_strdup_printf (_("recorded: %s"), event_label (e->kind));
      note_action (people, e->who, what, e->wall_us);
    }
  for (guint i = 0; i < record->alarms->len; i++)
    {
      const VigilAlarmLogEntry *a = g_ptr_array_index (record->alarms, i);
      g_autofree char *what = NULL;

      if (a->who == NULL)
        continue;
      what = g_strdup_printf (_("alarm: %s"), alarm_kind_label (a->kind));
      note_action (people, a->who, what, a->wall_us);
    }

  section (doc, _("Who did what"), 40);
  if (people->len == 0)
    {
      note (doc, _("No staff action was recorded in this session."));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align };
  table_begin (doc, &table, _("Who did what"), translated, G_N_ELEMENTS (translated));
  for (guint i = 0; i < people->len; i++)
    {
      Person *p = g_ptr_array_index (people, i);
      g_autoptr(GString) what = g_string_new (NULL);
      g_autofree char *from = clock_time (p->first);
      g_autofree char *to = clock_time (p->last);
      const char *cells[G_N_ELEMENTS (columns)];

      for (guint j = 0; j < p->actions->len; j++)
        {
          const char *action = g_ptr_array_index (p->actions, j);
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (p->counts, action));

          if (j > 0)
            g_string_append (what, "; ");
          if (count > 1)
            g_string_append_printf (what, "%s (×%u)", action, count);
          else
            g_string_append (what, action);
        }
      cells[0] = p->who; cells[1] = what->str; cells[2] = from; cells[3] = to;
      table_row (doc, &table, cells, NULL);
    }
  table_end (doc, &table);
}

static void
draw_signature (Doc *doc)
{
  const char *labels[] = { _("Reviewed by"), _("Signature"), _("Date") };
  double w = (doc->width - 24) / 3;

  doc->y += SECTION_GAP + 6;
  ensure_space (doc, 34);
  doc->y += 18;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      double x = doc->left + i * (w + 12);

      cairo_set_line_width (doc->cr, 0.6);
      set_colour (doc->cr, &rule);
      cairo_move_to (doc->cr, x, doc->y);
      cairo_line_to (doc->cr, x + w, doc->y);
      cairo_stroke (doc->cr);
      draw_text (doc, FONT_SMALL, labels[i], x, doc->y + 2, w, &ink_soft);
    }
  doc->y += 14;
}

static void
draw_document (Doc *doc)
{
  doc->page = 1;
  start_page (doc);
  draw_title_block (doc);
  draw_identity (doc);
  draw_dose (doc);
  draw_timeline (doc);
  draw_trends (doc);
  draw_nibp_table (doc);
  draw_events (doc);
  draw_alarms (doc);
  draw_scores (doc);
  draw_checklist (doc);
  draw_people (doc);
  draw_signature (doc);
  finish_page (doc);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  if (closure != NULL)
    g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
run_pass (Doc         *doc,
          GByteArray  *out,
          GError     **error)
{
  cairo_status_t status;

  doc->surface = cairo_pdf_surface_create_for_stream (append_bytes, out, doc->page_w, doc->page_h);
  cairo_pdf_surface_restrict_to_version (doc->surface, CAIRO_PDF_VERSION_1_5);
  doc->cr = cairo_create (doc->surface);
  doc->pango = pango_cairo_create_context (doc->cr);
  /* Pango's default of 96 dpi would make every "8 pt" 10.7 points on paper. */
  pango_cairo_context_set_resolution (doc->pango, 72.0);
  if (!doc->counting)
    {
      g_autofree char *title = NULL;
      g_autofree char *date = format_local (doc->record->start_us, "%Y-%m-%d");

      if (doc->record->patient != NULL)
        title = g_strdup_printf (_("Session report — %s — %s"), doc->record->patient->name, date);
      else
        title = g_strdup_printf (_("Session report — session %lld — %s"),
                                 (long long) doc->record->session->session_id, date);
      cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_AUTHOR, doc->clinic);
      cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_CREATOR, "Vigil " VIGIL_VERSION);
    }

  draw_document (doc);

  status = cairo_status (doc->cr);
  g_clear_object (&doc->pango);
  cairo_destroy (doc->cr);
  doc->cr = NULL;
  cairo_surface_finish (doc->surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (doc->surface);
  cairo_surface_destroy (doc->surface);
  doc->surface = NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The report could not be drawn (%s). Please report this as a bug."),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_report_pdf_render:
 *
 * Returns: (transfer full): the PDF's bytes, or %NULL with @error
 */
GBytes *
vigil_report_pdf_render (const VigilSessionRecord *record,
                         VigilReportPaper          paper,
                         const char               *clinic_name,
                         const char               *logo_path,
                         gint64                    generated_us,
                         GError                  **error)
{
  Doc doc = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *generated_at = format_local (generated_us, "%Y-%m-%d %H:%M:%S %Z");
  g_autofree char *date = format_local (record->start_us, "%Y-%m-%d");
  const char *who = record->patient != NULL ? record->patient->name : _("no patient");
  gboolean ok;

  doc.record = record;
  doc.clinic = clinic_name != NULL && *clinic_name != '\0' ? clinic_name : "Vigil";
  if (logo_path != NULL && *logo_path != '\0')
    {
      doc.logo = cairo_image_surface_create_from_png (logo_path);
      /* Checked when the configuration was read; if it went since, the
       * report is still worth more than the logo. */
      if (cairo_surface_status (doc.logo) != CAIRO_STATUS_SUCCESS
          || cairo_image_surface_get_width (doc.logo) == 0
          || cairo_image_surface_get_height (doc.logo) == 0)
        {
          g_message (_("The clinic logo %s could not be read (%s); the report is made without it."),
                     logo_path, cairo_status_to_string (cairo_surface_status (doc.logo)));
          g_clear_pointer (&doc.logo, cairo_surface_destroy);
        }
    }
  if (paper == VIGIL_REPORT_PAPER_LETTER)
    {
      doc.page_w = 612.0;
      doc.page_h = 792.0;
    }
  else
    {
      doc.page_w = 595.276;
      doc.page_h = 841.89;
    }
  doc.left = MARGIN_X;
  doc.right = doc.page_w - MARGIN_X;
  doc.width = doc.right - doc.left;
  doc.top = MARGIN_TOP;
  doc.bottom = doc.page_h - FOOTER_HEIGHT - 6;
  /* TRANSLATORS: the footer: "Vigil 0.1.0 · Session 12 · José Müller" */
  doc.footer_left = g_strdup_printf (_("Vigil %s · Session %lld · %s"),
                                     VIGIL_VERSION, (long long) record->session->session_id, who);
  /* TRANSLATORS: the footer: when the report was made */
  doc.generated = g_strdup_printf (_("Generated %s · times are local"), generated_at);
  doc.running_head = g_strdup_printf ("%s · %s · %s · %s", doc.clinic,
                                      record->treatment != NULL ? _("Treatment session report")
                                                                : _("Monitoring session report"),
                                      who, date);

  doc.counting = TRUE;
  ok = run_pass (&doc, NULL, error);
  if (ok)
    {
      doc.n_pages = doc.page;
      doc.counting = FALSE;
      ok = run_pass (&doc, out, error);
      g_warn_if_fail (!ok || doc.page == doc.n_pages);
    }

  g_free (doc.footer_left);
  g_free (doc.generated);
  g_free (doc.running_head);
  g_clear_pointer (&doc.logo, cairo_surface_destroy);
  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
