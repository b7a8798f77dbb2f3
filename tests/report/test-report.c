/* test-report.c — the session report as PDF and CSV, read back from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A realistic simulated treatment is written through the store into a real
 * SQLite file; the exports are then parsed back with other programs:
 * pdftotext/pdfinfo/pdftoppm (poppler-utils) for the PDF, Python's csv
 * module for the CSV. Pages are rendered to PNG in the build dir to be
 * looked at.
 *
 * Usage: test-report pdf|csv CHECK_CSV_PY [GTest options]. A mode whose
 * outside tool is missing exits 77 (skip).
 */
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "report-fixture.h"
#include "vigil-report-csv.h"
#include "vigil-scores.h"
#include "vigil-session-report.h"

static VigilStore *store;
static char *tmp_dir;
static const char *output_dir;
static const char *check_csv_py;
static ReportFixture fixture;
static gint64 monitoring_id;

/* Runs a program; its stdout, or NULL with the failure in the test log. */
static char *
run (const char * const *argv,
     int                *out_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", argv[0], err);
  if (out_status != NULL)
    *out_status = g_spawn_check_wait_status (status, NULL) ? 0 : 1;
  else
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* pdftotext's text with every run of white space made one space, so
 * line breaks chosen by the layout do not matter. */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *text = run (argv, NULL);
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    {
      g_test_message ("missing from the report: “%s”", needle);
      g_test_fail ();
    }
}

static char *
local_clock (gint64 wall_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%H:%M:%S");
}

static guint
pdf_pages (const char *pdf,
           double     *width,
           double     *height)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = run (argv, NULL);
  const char *pages = strstr (info, "Pages:");
  const char *size = strstr (info, "Page size:");

  g_assert_nonnull (pages);
  g_assert_nonnull (size);
  g_assert_cmpint (sscanf (size, "Page size: %lf x %lf", width, height), ==, 2);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

/* Every word pdftotext finds lies inside the page's margins: nothing is
 * drawn past the page or over its edge. The diagonal watermark is the one
 * thing meant to cross them. */
static void
assert_inside_margins (const char *pdf,
                       double      page_w,
                       double      page_h)
{
  g_autofree char *html_path = g_build_filename (tmp_dir, "bbox.html", NULL);
  const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", pdf, html_path, NULL };
  g_autofree char *ignored = run (argv, NULL);
  g_autofree char *html = NULL;
  g_autoptr(GRegex) word = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
                                        "yMax=\"([0-9.]+)\">([^<]*)</word>", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n_words = 0;

  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  for (g_regex_match (word, html, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *x0 = g_match_info_fetch (match, 1);
      g_autofree char *y0 = g_match_info_fetch (match, 2);
      g_autofree char *x1 = g_match_info_fetch (match, 3);
      g_autofree char *y1 = g_match_info_fetch (match, 4);
      g_autofree char *text = g_match_info_fetch (match, 5);

      n_words++;
      if (g_str_equal (text, "SIMULATED"))
        continue;
      if (g_ascii_strtod (x0, NULL) < 40 || g_ascii_strtod (x1, NULL) > page_w - 40 ||
          g_ascii_strtod (y0, NULL) < 30 || g_ascii_strtod (y1, NULL) > page_h - 4)
        {
          g_test_message ("“%s” at x %s–%s, y %s–%s is outside the margins of a %.0f × %.0f page",
                          text, x0, x1, y0, y1, page_w, page_h);
          g_test_fail ();
        }
    }
  g_assert_cmpuint (n_words, >, 100);
}

/* Renders each page to build/tests/NAME-N.png (to look at). Counts the
 * strongly red pixels at the top of page 1 (the SIMULATED banner) and, on
 * the page with the fewest, the pale red pixels of the diagonal watermark. */
static void
render_pages (const char *pdf,
              const char *name,
              guint       n_pages,
              guint      *out_banner,
              guint      *out_watermark)
{
  g_autofree char *prefix = g_build_filename (output_dir, name, NULL);
  const char *argv[] = { "pdftoppm", "-png", "-r", "60", pdf, prefix, NULL };
  g_autofree char *ignored = NULL;
  guint red = 0, least_pink = G_MAXUINT;

  /* No page left over from an earlier, longer run. */
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *old = g_strdup_printf ("%s-%u.png", prefix, i);
      g_autofree char *old2 = g_strdup_printf ("%s-%02u.png", prefix, i);

      g_remove (old);
      g_remove (old2);
    }
  ignored = run (argv, NULL);

  for (guint i = 1; i <= n_pages; i++)
    {
      g_autofree char *png = g_strdup_printf ("%s-%u.png", prefix, i);
      g_autofree char *png2 = g_strdup_printf ("%s-%02u.png", prefix, i);
      const char *path = g_file_test (png, G_FILE_TEST_EXISTS) ? png : png2;
      cairo_surface_t *image = cairo_image_surface_create_from_png (path);
      int h, w, stride;
      const guint8 *data;

      g_test_message ("page %u: %s", i, path);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      w = cairo_image_surface_get_width (image);
      h = cairo_image_surface_get_height (image);
      stride = cairo_image_surface_get_stride (image);
      data = cairo_image_surface_get_data (image);
      g_assert_cmpint (w, >, 400);
      {
        guint pink = 0;

        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++)
            {
              guint32 px = *(const guint32 *) (data + y * stride + x * 4);
              int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

              if (i == 1 && y < h * 15 / 100)
                red += r > 170 && g < 70 && b < 70;
              pink += r >= 235 && r - g >= 12 && ABS (g - b) <= 6;
            }
        least_pink = MIN (least_pink, pink);
      }
      cairo_surface_destroy (image);
    }
  *out_banner = red;
  *out_watermark = least_pink;
}

static void
check_treatment_pdf (VigilReportPaper  paper,
                     const char       *name,
                     double            expect_w,
                     double            expect_h)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", output_dir, name);
  g_autofree char *text = NULL;
  double w, h;
  guint n_pages, banner, watermark;
  gint64 stamps[] = { fixture.infusion_start_us, fixture.pause_us, fixture.resume_us,
                      fixture.infusion_end_us, fixture.discharge_us };

  g_remove (pdf);
  g_assert_true (vigil_session_report_write_pdf (store, fixture.session_id, paper,
                                                 "Clínica Sol — Ketamine Service", pdf, &error));
  g_assert_no_error (error);

  n_pages = pdf_pages (pdf, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, expect_w, 0.5);
  g_assert_cmpfloat_with_epsilon (h, expect_h, 0.5);
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (n_pages, <=, 8);

  text = pdf_text (pdf);
  assert_contains (text, "Clínica Sol — Ketamine Service");
  assert_contains (text, FIXTURE_PATIENT);
  assert_contains (text, FIXTURE_CLINIC_ID);
  assert_contains (text, "1979-03-14");
  assert_contains (text, "Infusion 3 of 6");
  assert_contains (text, "72.0 kg");
  assert_contains (text, "0.50 mg/kg");
  assert_contains (text, "36.0 mg");
  assert_contains (text, "36.0 mL");
  assert_contains (text, "54.0 mL/h");
  assert_contains (text, FIXTURE_DOCTOR);
  /* Phases, with the pause and its duration. */
  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    {
      g_autofree char *t = local_clock (stamps[i]);

      assert_contains (text, t);
    }
  assert_contains (text, "running 40 min 00 s, paused 2 min 30 s (1 pause)");
  assert_contains (text, "Infusion paused");
  assert_contains (text, "Nausea, patient asked to pause");
  assert_contains (text, "Recovery");
  assert_contains (text, "Discharged");
  /* Vitals at the NIBP readings, the alarm log. */
  assert_contains (text, "165/98");
  assert_contains (text, "A1 SpO₂ low");
  assert_contains (text, "A7 NIBP high");
  assert_contains (text, "T3 NIBP measurement failed");
  assert_contains (text, "!! SpO₂ 88 < 90");
  assert_contains (text, "160 → 170");
  assert_contains (text, "Acknowledged");
  /* Events, scores, checklist, people. */
  assert_contains (text, "Ondansetron 4 mg IV");
  assert_contains (text, "Patient says \"I feel like floating\", calm, escort arrived; second line of the note");
  assert_contains (text, "MOAA/S");
  assert_contains (text, "CADSS-6");
  assert_contains (text, "Modified Aldrete");
  assert_contains (text, "PHQ-9");
  assert_contains (text, vigil_phq9_band_label (VIGIL_PHQ9_MODERATE));
  assert_contains (text, "item 9 above 0");
  assert_contains (text, "María Müller (sister)");
  assert_contains (text, "Escort name");
  assert_contains (text, FIXTURE_NURSE);
  assert_contains (text, "Who did what");
  /* A demo session says so on every page: the footer, and the watermark
   * (drawn, so checked in the rendered pages below). */
  g_assert_cmpuint (count_occurrences (text, "SIMULATED — not a patient's record"), ==, n_pages);
  assert_contains (text, "SIMULATED SESSION");
  for (guint i = 1; i <= n_pages; i++)
    {
      g_autofree char *page = g_strdup_printf ("Page %u of %u", i, n_pages);

      assert_contains (text, page);
    }

  assert_inside_margins (pdf, w, h);
  render_pages (pdf, name, n_pages, &banner, &watermark);
  g_assert_cmpuint (banner, >, 500);
  g_assert_cmpuint (watermark, >, 2000);
}

static void
test_pdf_a4 (void)
{
  check_treatment_pdf (VIGIL_REPORT_PAPER_A4, "report-a4", 595.28, 841.89);
}

static void
test_pdf_letter (void)
{
  check_treatment_pdf (VIGIL_REPORT_PAPER_LETTER, "report-letter", 612, 792);
}

static void
test_pdf_monitoring_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_strdup_printf ("%s/report-monitoring.pdf", output_dir);
  g_autofree char *text = NULL;
  double w, h;
  guint n_pages, banner, watermark;

  g_assert_true (vigil_session_report_write_pdf (store, monitoring_id, VIGIL_REPORT_PAPER_A4,
                                                 NULL, pdf, &error));
  g_assert_no_error (error);
  n_pages = pdf_pages (pdf, &w, &h);
  text = pdf_text (pdf);
  assert_contains (text, "Vigil");
  assert_contains (text, "Monitoring session report");
  assert_contains (text, "No patient was recorded");
  assert_contains (text, "T1 Device link lost");
  assert_contains (text, "118/76");
  assert_contains (text, "Bedside devices");
  g_assert_null (strstr (text, "SIMULATED"));
  g_assert_null (strstr (text, "Dose"));
  assert_inside_margins (pdf, w, h);
  render_pages (pdf, "report-monitoring", n_pages, &banner, &watermark);
  g_assert_cmpuint (banner, ==, 0);
  g_assert_cmpuint (watermark, ==, 0);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (tmp_dir, "none.pdf", NULL);
  g_autofree char *csv = g_build_filename (tmp_dir, "none.csv", NULL);
  g_autofree char *bad = g_build_filename (tmp_dir, "no-such-folder", "x.pdf", NULL);

  g_assert_false (vigil_session_report_write_pdf (store, 9999, VIGIL_REPORT_PAPER_A4, NULL, pdf, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (vigil_session_report_write_csv (store, 9999, csv, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (vigil_session_report_write_pdf (store, fixture.session_id, VIGIL_REPORT_PAPER_A4,
                                                  NULL, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, bad));
}

static void
test_csv_field (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rlf", "\"cr\rlf\"" },
    { "José Müller", "José Müller" },
    { " spaces kept ", " spaces kept " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      vigil_report_csv_append_field (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
check_csv (const char *csv,
           gint64      session_id,
           const char *simulated,
           const char *patient,
           const char *counts_json,
           const char *contains[][3],
           guint       n_contains)
{
  g_autoptr(GString) spec = g_string_new ("{\"counts\": ");
  int status;

  g_string_append_printf (spec, "%s, \"simulated\": \"%s\", \"session_id\": %" G_GINT64_FORMAT ", \"patient\": ",
                          counts_json, simulated, session_id);
  append_json_string (spec, patient);
  g_string_append (spec, ", \"contains\": [");
  for (guint i = 0; i < n_contains; i++)
    {
      g_string_append (spec, i > 0 ? ", [" : "[");
      for (guint j = 0; j < 3; j++)
        {
          if (j > 0)
            g_string_append (spec, ", ");
          append_json_string (spec, contains[i][j]);
        }
      g_string_append_c (spec, ']');
    }
  g_string_append (spec, "]}");

  {
    const char *argv[] = { "python3", check_csv_py, csv, spec->str, NULL };
    g_autofree char *out = run (argv, &status);

    g_assert_cmpint (status, ==, 0);
  }
}

static void
test_csv_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_strdup_printf ("%s/report.csv", output_dir);
  g_autofree char *counts = g_strdup_printf ("{\"vital\": %u, \"step\": %u, \"event\": %u, \"alarm\": %u, \"score\": %u}",
                                             fixture.n_vitals, fixture.n_steps, fixture.n_events,
                                             fixture.n_alarms, fixture.n_scores);
  const char *contains[][3] = {
    { "event", "detail", FIXTURE_NOTE },
    { "event", "who", FIXTURE_NURSE },
    { "event", "detail", "Ondansetron 4 mg IV" },
    { "step", "detail", "Nausea, patient asked to pause" },
    { "step", "kind", "pause" },
    { "step", "phase", "infusion-paused" },
    { "alarm", "detail", "!! SpO₂ 88 < 90" },
    { "alarm", "old_limit", "160" },
    { "alarm", "limit", "170" },
    { "alarm", "condition", "A7" },
    { "score", "detail", "2,2,1,2,2,1,1,0,1" },
    { "score", "kind", "phq9" },
    { "vital", "diastolic", "98" },
    { "vital", "kind", "pr" },
  };
  g_autofree char *data = NULL;

  g_assert_true (vigil_session_report_write_csv (store, fixture.session_id, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
  /* The pause phase name must exist in the treatment module's vocabulary. */
  g_assert_cmpstr (vigil_treatment_phase_to_string (VIGIL_TREATMENT_PHASE_INFUSION_PAUSED), ==, "infusion-paused");
  check_csv (csv, fixture.session_id, "1", FIXTURE_PATIENT, counts, contains, G_N_ELEMENTS (contains));
}

static void
test_csv_monitoring_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_strdup_printf ("%s/report-monitoring.csv", output_dir);
  const char *contains[][3] = {
    { "alarm", "condition", "T1" },
    { "vital", "phase", "" },
  };

  g_assert_true (vigil_session_report_write_csv (store, monitoring_id, csv, &error));
  g_assert_no_error (error);
  check_csv (csv, monitoring_id, "0", "",
             "{\"vital\": 1202, \"alarm\": 2, \"step\": 0, \"event\": 0, \"score\": 0}",
             contains, G_N_ELEMENTS (contains));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  const char *mode;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 3);
  mode = argv[1];
  check_csv_py = argv[2];
  output_dir = g_getenv ("VIGIL_TEST_OUTPUT");
  if (output_dir == NULL)
    output_dir = ".";

  if (g_str_equal (mode, "pdf"))
    {
      const char *tools[] = { "pdftotext", "pdfinfo", "pdftoppm" };

      for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
        {
          g_autofree char *found = g_find_program_in_path (tools[i]);

          if (found == NULL)
            {
              g_print ("1..0 # SKIP %s is not installed (apt install poppler-utils)\n", tools[i]);
              return 77;
            }
        }
      g_test_add_func ("/vigil/report/pdf-a4", test_pdf_a4);
      g_test_add_func ("/vigil/report/pdf-letter", test_pdf_letter);
      g_test_add_func ("/vigil/report/pdf-monitoring-only", test_pdf_monitoring_only);
    }
  else
    {
      g_autofree char *python = g_find_program_in_path ("python3");

      if (python == NULL)
        {
          g_print ("1..0 # SKIP python3 is not installed\n");
          return 77;
        }
      g_test_add_func ("/vigil/report/csv-field", test_csv_field);
      g_test_add_func ("/vigil/report/csv-round-trip", test_csv_round_trip);
      g_test_add_func ("/vigil/report/csv-monitoring-only", test_csv_monitoring_only);
      g_test_add_func ("/vigil/report/errors", test_errors);
    }

  tmp_dir = g_dir_make_tmp ("vigil-report-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp_dir, "vigil.db", NULL);
  store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  report_fixture_build_treatment (store, &fixture);
  monitoring_id = report_fixture_build_monitoring (store, fixture.end_us + (gint64) 3600 * G_USEC_PER_SEC);

  status = g_test_run ();

  g_clear_object (&store);
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_remove (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
