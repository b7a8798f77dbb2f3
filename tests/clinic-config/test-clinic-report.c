/* test-clinic-report.c — the clinic's name and logo on the session report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real database with a whole treatment, a clinic.conf with a name and a
 * PNG logo; the PDF is read back with pdftotext and rendered with pdftoppm
 * (poppler-utils; SKIP without them). The rendered first pages are saved
 * in the build folder as clinic-report-logo-1.png / -no-logo-1.png. Then
 * the same through `vigil --export-pdf`, where --clinic overrides the name.
 */
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "report-fixture.h"
#include "vigil-clinic-config.h"
#include "vigil-session-report.h"

#define CLINIC_NAME "Clínica Prueba del Sol"

static const char *vigil_path;
static const char *output_dir;

typedef struct
{
  char              *dir;
  char              *db_path;
  char              *conf_path;
  VigilStore        *store;
  ReportFixture      report;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *logo = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  fixture->dir = g_dir_make_tmp ("vigil-clinic-report-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "vigil.db", NULL);
  fixture->store = vigil_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  report_fixture_build_treatment (fixture->store, &fixture->report);
  g_assert_true (vigil_store_flush_vitals (fixture->store, &error));

  /* A 3:1 magenta logo: no other ink on the report has that colour. */
  logo = g_build_filename (fixture->dir, "logo.png", NULL);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 100);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 0, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, logo), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  fixture->conf_path = g_build_filename (fixture->dir, "clinic.conf", NULL);
  g_assert_true (g_file_set_contents (fixture->conf_path,
                                      "[clinic]\nname=" CLINIC_NAME "\nlogo=logo.png\n", -1, NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_clear_object (&fixture->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->conf_path);
}

static char *
run (const char * const *argv,
     char * const       *envp)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The text with every run of white space made one space. */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *text = run (argv, NULL);
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t\f", -1);
  GString *joined = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  return g_string_free (joined, FALSE);
}

/* Renders page 1 to the build folder as NAME-1.png and finds the
 * magenta pixels: how many, and their bounding box. */
static guint
find_logo (const char *pdf,
           const char *name,
           int        *out_w,
           int        *out_h,
           int        *out_top)
{
  g_autofree char *prefix = g_build_filename (output_dir, name, NULL);
  g_autofree char *png = g_strdup_printf ("%s-1.png", prefix);
  const char *argv[] = { "pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", pdf, prefix, NULL };
  g_autofree char *ignored = NULL;
  cairo_surface_t *image;
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
  guint n = 0;

  g_remove (png);
  ignored = run (argv, NULL);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  for (int y = 0; y < cairo_image_surface_get_height (image); y++)
    for (int x = 0; x < cairo_image_surface_get_width (image); x++)
      {
        const guint8 *row = cairo_image_surface_get_data (image) + y * cairo_image_surface_get_stride (image);
        guint32 px = *(const guint32 *) (row + x * 4);
        int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

        if (r > 200 && b > 200 && g < 60)
          {
            n++;
            x0 = MIN (x0, x);
            y0 = MIN (y0, y);
            x1 = MAX (x1, x);
            y1 = MAX (y1, y);
          }
      }
  cairo_surface_destroy (image);
  *out_w = x1 - x0 + 1;
  *out_h = y1 - y0 + 1;
  *out_top = y0;
  g_test_message ("%s: %u logo pixels, %d × %d from y %d", png, n, *out_w, *out_h, y0);
  return n;
}

static void
test_pdf_header (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *paths[] = { fixture->conf_path, NULL };
  g_autoptr(VigilClinicConfig) config = vigil_clinic_config_load (paths);
  g_autofree char *with_logo = g_build_filename (fixture->dir, "with-logo.pdf", NULL);
  g_autofree char *without = g_build_filename (fixture->dir, "without.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int w, h, top;
  guint n;

  g_assert_cmpuint (vigil_clinic_config_get_problems (config)->len, ==, 0);
  g_assert_true (vigil_session_report_write_pdf_full (fixture->store, fixture->report.session_id,
                                                      VIGIL_REPORT_PAPER_A4,
                                                      vigil_clinic_config_get_clinic_name (config),
                                                      vigil_clinic_config_get_logo_path (config),
                                                      with_logo, &error));
  g_assert_no_error (error);
  text = pdf_text (with_logo);
  g_assert_nonnull (strstr (text, CLINIC_NAME));

  /* The logo is drawn in the header, scaled to 40 pt high, 3:1 kept. */
  n = find_logo (with_logo, "clinic-report-logo", &w, &h, &top);
  g_assert_cmpuint (n, >, 3000);
  g_assert_cmpint (h, >=, 38);
  g_assert_cmpint (h, <=, 42);
  g_assert_cmpfloat (fabs ((double) w / h - 3.0), <, 0.15);
  g_assert_cmpint (top, <, 100);

  /* The same report without the logo has none of its ink. */
  g_assert_true (vigil_session_report_write_pdf_full (fixture->store, fixture->report.session_id,
                                                      VIGIL_REPORT_PAPER_A4,
                                                      vigil_clinic_config_get_clinic_name (config),
                                                      NULL, without, &error));
  g_assert_cmpuint (find_logo (without, "clinic-report-no-logo", &w, &h, &top), ==, 0);
}

typedef struct
{
  int   status;
  char *err;
} Run;

static Run
run_vigil (const char *db,
           const char *conf,
           const char *out,
           gint64      session_id,
           const char *clinic)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "VIGIL_CLINIC_CONFIG", conf, TRUE);
  g_autofree char *id = g_strdup_printf ("%lld", (long long) session_id);
  const char *argv[] = { vigil_path, "--db", db, "--export-pdf", id, out,
                         clinic != NULL ? "--clinic" : NULL, clinic, NULL };
  Run result = { 0 };
  int wait_status;

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &result.err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result.status = WEXITSTATUS (wait_status);
  g_test_message ("vigil --export-pdf %s → %d %s", id, result.status, result.err);
  return result;
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "cli.pdf", NULL);
  g_autofree char *bad_conf = g_build_filename (fixture->dir, "bad.conf", NULL);
  g_autofree char *text = NULL;
  int w, h, top;
  Run result;

  g_clear_object (&fixture->store);   /* vigil opens the database itself */

  /* The configuration's name and logo. */
  result = run_vigil (fixture->db_path, fixture->conf_path, out, fixture->report.session_id, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_free (result.err);
  text = pdf_text (out);
  g_assert_nonnull (strstr (text, CLINIC_NAME));
  g_assert_cmpuint (find_logo (out, "clinic-report-cli", &w, &h, &top), >, 3000);
  g_clear_pointer (&text, g_free);

  /* --clinic overrides the name, not the logo. */
  result = run_vigil (fixture->db_path, fixture->conf_path, out, fixture->report.session_id, "Centro Norte");
  g_assert_cmpint (result.status, ==, 0);
  g_free (result.err);
  text = pdf_text (out);
  g_assert_nonnull (strstr (text, "Centro Norte"));
  g_assert_null (strstr (text, CLINIC_NAME));
  g_assert_cmpuint (find_logo (out, "clinic-report-cli", &w, &h, &top), >, 3000);
  g_clear_pointer (&text, g_free);

  /* A configuration problem is said on stderr; the report is still made. */
  g_assert_true (g_file_set_contents (bad_conf, "[clinic]\nname=Sol\nlogo=gone.png\n", -1, NULL));
  result = run_vigil (fixture->db_path, bad_conf, out, fixture->report.session_id, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.err, "gone.png"));
  g_free (result.err);
  text = pdf_text (out);
  g_assert_nonnull (strstr (text, "Sol"));
  g_assert_cmpuint (find_logo (out, "clinic-report-cli", &w, &h, &top), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *tools[] = { "pdftotext", "pdftoppm" };

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  vigil_path = argv[1];
  output_dir = g_getenv ("VIGIL_TEST_OUTPUT");
  if (output_dir == NULL)
    output_dir = ".";

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (tools[i]);

      if (found == NULL)
        {
          g_print ("1..0 # SKIP %s is not installed (apt install poppler-utils)\n", tools[i]);
          return 77;
        }
    }

  g_test_add ("/vigil/clinic-config/report-header", Fixture, NULL, fixture_set_up, test_pdf_header, fixture_tear_down);
  g_test_add ("/vigil/clinic-config/report-cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
