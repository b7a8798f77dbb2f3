/* test-admin-page.c — the admin page driven as a clinic's admin would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real store (SQLite file in a temporary folder) under a real
 * VigilStaff, a clinic file with two values that cannot be used, and the
 * memory GSettings backend. Everything is done through the page's widgets
 * (entries filled, buttons activated as a tap does); what happened is
 * checked from outside: the roster through VigilStaff, the audit log by
 * reading the database file with SQLite, the export by loading it back.
 * Screenshots go to the build dir.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "vigil-admin-page.h"
#include "vigil-widget-test.h"

#define ADMIN_NAME "Dr. Lena Brandt"
#define ADMIN_PIN  "482913"
#define NURSE_NAME "Marta Quintero"

#define CLINIC_FILE \
  "[clinic]\n" \
  "name=Clínica Norte\n" \
  "weight-unit=stone\n" \
  "[treatment]\n" \
  "infusion-min=forty\n"

typedef struct
{
  char              *dir;
  char              *db_path;
  char              *conf_path;
  char              *export_dir;
  VigilClock        *clock;
  VigilStore        *store;
  VigilStaff        *staff;
  VigilClinicConfig *config;
  GSettings         *settings;
  VigilStaffMember  *admin;
  VigilStaffMember  *nurse;
  GtkWidget         *window;
  VigilAdminPage    *page;
} Fixture;

/* The application loads style.css for the whole display; so does this test. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/vigilmonitor/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };

  f->dir = g_dir_make_tmp ("vigil-admin-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "vigil.db", NULL);
  f->conf_path = g_build_filename (f->dir, "clinic.conf", NULL);
  f->export_dir = g_build_filename (f->dir, "exports", NULL);

  f->clock = vigil_clock_new (1.0);
  f->store = vigil_store_open (f->db_path, &error);
  g_assert_no_error (error);
  f->staff = vigil_staff_new (f->store, f->clock);
  g_assert_false (vigil_staff_has_admin (f->staff));
  f->admin = vigil_staff_add (f->staff, ADMIN_NAME, VIGIL_STAFF_ROLE_ADMIN, ADMIN_PIN, NULL, &error);
  g_assert_no_error (error);
  f->nurse = vigil_staff_add (f->staff, NURSE_NAME, VIGIL_STAFF_ROLE_NURSE, "1357", f->admin, &error);
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (f->conf_path, CLINIC_FILE, -1, &error));
  g_assert_no_error (error);
  paths[0] = f->conf_path;
  f->config = vigil_clinic_config_load (paths);
  g_assert_cmpuint (vigil_clinic_config_get_problems (f->config)->len, ==, 2);

  f->settings = g_settings_new (VIGIL_APP_ID);

  f->page = VIGIL_ADMIN_PAGE (vigil_admin_page_new ());
  g_object_ref_sink (f->page);
  vigil_admin_page_set_staff (f->page, f->staff);
  vigil_admin_page_set_clinic_config (f->page, f->config);
  vigil_admin_page_set_settings (f->page, f->settings);
  vigil_admin_page_set_export_dir (f->page, f->export_dir);
  vigil_admin_page_set_person (f->page, f->admin);

  /* The room the window leaves a page: below the header, above the bar. */
  f->window = gtk_window_new ();
  gtk_widget_add_css_class (f->window, "vigil-test");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 560);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  vigil_widget_test_wait_mapped (GTK_WIDGET (f->page));
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_remove (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *keys[] = { "language", "night-mode", "night-start", "night-end",
                         "require-pin", "lock-after-s", "audio-pause-s" };

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->page);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (f->settings, keys[i]);
  g_assert_finalize_object (f->settings);
  g_assert_finalize_object (f->config);
  g_assert_finalize_object (f->staff);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->clock);
  vigil_staff_member_free (f->admin);
  vigil_staff_member_free (f->nurse);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->conf_path);
  g_free (f->export_dir);
}

/* Helpers */

static GdkTexture *
screenshot (Fixture    *f,
            const char *basename)
{
  GdkTexture *texture;

  vigil_widget_test_wait_frames (f->window, 3);
  texture = vigil_widget_test_screenshot (f->window);
  vigil_widget_test_save (texture, basename);
  return texture;
}

static GtkWidget *
find (Fixture    *f,
      const char *css_class)
{
  GtkWidget *widget = vigil_widget_test_find_child (GTK_WIDGET (f->page), css_class);

  g_assert_nonnull (widget);
  return widget;
}

static void
on_clicked (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

/* A tap: the button's own activation, which shows it pressed for a
 * moment and then emits "clicked" (→ its action). */
static void
tap (GtkWidget *button)
{
  gboolean clicked = FALSE;
  gulong handler;

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  /* Its action may rebuild the row the button was in. */
  g_object_ref (button);
  handler = g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), &clicked);
  g_assert_true (gtk_widget_activate (button));
  while (!clicked)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (button, handler);
  g_object_unref (button);
}

static void
type_into (GtkWidget  *entry,
           const char *text)
{
  g_assert_true (gtk_widget_get_mapped (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* The page's labels, all of them, one per line. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
page_text (Fixture *f)
{
  GString *out = g_string_new (NULL);

  collect_labels (GTK_WIDGET (f->page), out);
  return g_string_free (out, FALSE);
}

static const VigilStaffMember *
find_member (GPtrArray  *members,
             const char *name)
{
  for (guint i = 0; i < members->len; i++)
    {
      const VigilStaffMember *member = g_ptr_array_index (members, i);

      if (g_str_equal (member->name, name))
        return member;
    }
  return NULL;
}

/* The audit log as the database file has it, read with a connection of
 * its own: "who|action|detail" per line, oldest first. */
static GPtrArray *
read_audit (Fixture    *f,
            const char *action)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT coalesce(person_name, ''), action, coalesce(detail, '')"
                                       " FROM audit_log WHERE action = ?1 ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (lines, g_strdup_printf ("%s|%s|%s",
                                             (const char *) sqlite3_column_text (stmt, 0),
                                             (const char *) sqlite3_column_text (stmt, 1),
                                             (const char *) sqlite3_column_text (stmt, 2)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return lines;
}

static gboolean
audit_has (Fixture    *f,
           const char *action,
           const char *line)
{
  g_autoptr(GPtrArray) lines = read_audit (f, action);

  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (g_ptr_array_index (lines, i), line))
      return TRUE;
  return FALSE;
}

static gboolean
is_target (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SWITCH (widget)
         || GTK_IS_DROP_DOWN (widget);
}

/* Touch targets a finger can reach: shown, sensitive, not inside another. */
static void
collect_targets (GtkWidget *widget,
                 GPtrArray *out)
{
  if (!gtk_widget_is_drawable (widget))
    return;
  if (is_target (widget))
    {
      g_ptr_array_add (out, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_targets (child, out);
}

static const char *
describe (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_ENTRY (widget))
    return gtk_entry_get_placeholder_text (GTK_ENTRY (widget));
  return G_OBJECT_TYPE_NAME (widget);
}

/* Every target at least 48×48 px, and at least 8 px from every other. */
static guint
assert_touch_targets (Fixture *f)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();

  collect_targets (GTK_WIDGET (f->page), targets);
  for (guint i = 0; i < targets->len; i++)
    {
      GtkWidget *a = g_ptr_array_index (targets, i);
      graphene_rect_t ra;

      g_assert_true (gtk_widget_compute_bounds (a, f->window, &ra));
      if (ra.size.width < 48 || ra.size.height < 48)
        g_error ("“%s” is %.0f×%.0f px, smaller than a 48×48 touch target",
                 describe (a), ra.size.width, ra.size.height);

      for (guint j = i + 1; j < targets->len; j++)
        {
          GtkWidget *b = g_ptr_array_index (targets, j);
          graphene_rect_t rb;
          float gap_x, gap_y;

          g_assert_true (gtk_widget_compute_bounds (b, f->window, &rb));
          gap_x = MAX (rb.origin.x - (ra.origin.x + ra.size.width), ra.origin.x - (rb.origin.x + rb.size.width));
          gap_y = MAX (rb.origin.y - (ra.origin.y + ra.size.height), ra.origin.y - (rb.origin.y + rb.size.height));
          if (MAX (gap_x, gap_y) < 8)
            g_error ("“%s” and “%s” are %.0f px apart, less than 8",
                     describe (a), describe (b), MAX (gap_x, gap_y));
        }
    }
  return targets->len;
}

/* Tests */

/* A string setting's value (g_settings_get_string returns a copy). */
static void
assert_setting (GSettings  *settings,
                const char *key,
                const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_parse_time (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "20:00", "20:00" }, { "8:30", "08:30" }, { "20.15", "20:15" }, { "7,05", "07:05" },
    { "2000", "20:00" }, { "830", "08:30" }, { "20", "20:00" }, { "7", "07:00" },
    { " 06:45 ", "06:45" }, { "00:00", "00:00" }, { "23:59", "23:59" },
    { "24:00", NULL }, { "12:60", NULL }, { "2400", NULL }, { "12345", NULL }, { "", NULL },
    { "ab:cd", NULL }, { "12:3", NULL }, { "123:45", NULL }, { "-1", NULL }, { "12:34:56", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *parsed = vigil_admin_page_parse_time (cases[i].in);

      g_assert_cmpstr (parsed, ==, cases[i].out);
    }
}

/* The roster, the problems and the settings, in 1280×560, touch-sized. */
static void
test_overview (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(VigilPixels) pixels = NULL;
  g_autofree char *text = page_text (f);
  GtkWidget *problems = find (f, "admin-problems");
  GtkWidget *problem = find (f, "config-problem");
  graphene_rect_t area;
  guint amber;

  g_assert_true (vigil_admin_page_is_unlocked (f->page));

  /* Each person, with their role. */
  g_assert_nonnull (vigil_admin_page_get_row_widget (f->page, f->admin->id, "row"));
  g_assert_nonnull (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "row"));
  g_assert_nonnull (strstr (text, ADMIN_NAME "\n"));
  g_assert_nonnull (strstr (text, NURSE_NAME "\n"));
  g_assert_nonnull (strstr (text, "Admin (you)\n"));
  g_assert_nonnull (strstr (text, "Nurse\n"));

  /* The file read, and both problems with key and bad value. */
  g_assert_nonnull (strstr (text, f->conf_path));
  g_assert_nonnull (strstr (text, "clinic/weight-unit = stone\n"));
  g_assert_nonnull (strstr (text, "treatment/infusion-min = forty\n"));
  g_assert_nonnull (strstr (text, "2 values cannot be used"));
  for (guint i = 0; i < 2; i++)
    {
      const VigilClinicConfigProblem *p = g_ptr_array_index (vigil_clinic_config_get_problems (f->config), i);

      g_assert_nonnull (strstr (text, p->message));
    }

  g_assert_cmpuint (assert_touch_targets (f), >=, 20);

  shot = screenshot (f, "admin-page.png");
  g_assert_cmpint (gdk_texture_get_width (shot), ==, 1280);
  g_assert_cmpint (gdk_texture_get_height (shot), ==, 560);

  /* The problems are warning-coloured: amber text and frame, which
   * nothing else on the page uses. */
  pixels = vigil_pixels_new (shot);
  area = vigil_widget_test_area (problem, f->window);
  amber = vigil_pixels_count (pixels, &area, vigil_pixel_is_yellow);
  g_assert_cmpuint (amber, >, 200);
  g_assert_true (gtk_widget_get_mapped (problems));

  /* A pressed target looks pressed: the same spot, another colour. */
  {
    const char *buttons[] = { "admin-export", "language-en", "role-admin", "admin-add" };

    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
      {
        GtkWidget *button = find (f, buttons[i]);
        graphene_rect_t r = vigil_widget_test_area (button, f->window);
        int x = (int) (r.origin.x + 6), y = (int) (r.origin.y + r.size.height / 2);
        g_autoptr(GdkTexture) pressed = NULL;
        g_autoptr(VigilPixels) down = NULL;
        guint32 before, after;

        /* A texel at the button's left edge, inside the border, clear of the label. */
        g_assert_cmpint (x, <, pixels->width);
        g_assert_cmpint (y, <, pixels->height);
        before = *(guint32 *) (pixels->data + y * pixels->stride + x * 4);
        gtk_widget_set_state_flags (button, GTK_STATE_FLAG_ACTIVE, FALSE);
        pressed = screenshot (f, "admin-page-pressed.png");
        down = vigil_pixels_new (pressed);
        after = *(guint32 *) (down->data + y * down->stride + x * 4);
        gtk_widget_unset_state_flags (button, GTK_STATE_FLAG_ACTIVE);
        if (before == after)
          g_error ("“%s” looks the same pressed (%08x)", buttons[i], before);
      }
  }
}

/* Adding a nurse as an admin would: name, role, PIN twice, "Add person". */
static void
test_add_nurse (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(VigilStaffMember) verified = NULL;
  g_autoptr(GError) error = NULL;
  const VigilStaffMember *added;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;

  type_into (find (f, "admin-name"), "Ana Ruiz");
  tap (find (f, "role-admin"));
  tap (find (f, "role-nurse"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find (f, "role-nurse"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find (f, "role-admin"))));
  type_into (find (f, "admin-pin"), "2468");
  type_into (find (f, "admin-confirm-pin"), "2468");
  tap (find (f, "admin-add"));

  members = vigil_staff_list (f->staff);
  g_assert_cmpuint (members->len, ==, 3);
  added = find_member (members, "Ana Ruiz");
  g_assert_nonnull (added);
  g_assert_cmpint (added->role, ==, VIGIL_STAFF_ROLE_NURSE);
  g_assert_nonnull (vigil_admin_page_get_row_widget (f->page, added->id, "row"));
  g_assert_cmpstr (vigil_admin_page_get_staff_message (f->page), ==, "Added Ana Ruiz as a nurse.");

  /* The PIN typed is hers, and it does not stay on the screen. */
  verified = vigil_staff_verify (f->staff, added->id, "2468", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (verified->name, ==, "Ana Ruiz");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, "admin-pin"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, "admin-confirm-pin"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, "admin-name"))), ==, "");

  /* Audited under the admin who unlocked the page. */
  {
    g_autoptr(GPtrArray) lines = read_audit (f, "staff-added");
    gboolean found = FALSE;

    for (guint i = 0; i < lines->len; i++)
      {
        const char *l = g_ptr_array_index (lines, i);

        if (g_str_has_prefix (l, ADMIN_NAME "|staff-added|") && strstr (l, "Ana Ruiz") != NULL)
          found = TRUE;
      }
    g_assert_true (found);
  }

  text = page_text (f);
  g_assert_nonnull (strstr (text, "Ana Ruiz\n"));
  g_object_unref (screenshot (f, "admin-page-added.png"));
}

/* Different PINs: said in words, nobody added, nothing audited. */
static void
test_mismatch (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) lines_before = read_audit (f, "staff-added");
  g_autoptr(GPtrArray) lines_after = NULL;
  GtkWidget *message = find (f, "admin-staff-message");

  type_into (find (f, "admin-name"), "Ana Ruiz");
  type_into (find (f, "admin-pin"), "2468");
  type_into (find (f, "admin-confirm-pin"), "2469");
  tap (find (f, "admin-add"));

  members = vigil_staff_list (f->staff);
  g_assert_cmpuint (members->len, ==, 2);
  g_assert_null (find_member (members, "Ana Ruiz"));
  lines_after = read_audit (f, "staff-added");
  g_assert_cmpuint (lines_after->len, ==, lines_before->len);

  g_assert_true (gtk_widget_get_mapped (message));
  g_assert_true (gtk_widget_has_css_class (message, "problem"));
  g_assert_nonnull (strstr (vigil_admin_page_get_staff_message (f->page), "The PINs do not match"));
  /* The name stays for the retry; the PINs are typed again. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, "admin-name"))), ==, "Ana Ruiz");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, "admin-pin"))), ==, "");

  /* VigilStaff's own refusal (a PIN too short) is shown as it says it. */
  type_into (find (f, "admin-pin"), "12");
  type_into (find (f, "admin-confirm-pin"), "12");
  tap (find (f, "admin-add"));
  g_clear_pointer (&members, g_ptr_array_unref);
  members = vigil_staff_list (f->staff);
  g_assert_cmpuint (members->len, ==, 2);
  g_assert_true (gtk_widget_has_css_class (message, "problem"));
  g_assert_cmpstr (vigil_admin_page_get_staff_message (f->page), !=, "");
  g_test_message ("Short PIN: %s", vigil_admin_page_get_staff_message (f->page));

  g_object_unref (screenshot (f, "admin-page-mismatch.png"));
}

/* Reset a PIN from the roster; remove takes two separate taps. */
static void
test_reset_and_remove (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VigilStaffMember) verified = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  GtkWidget *confirm;
  GtkWidget *remove;

  /* Reset: the form opens in the nurse's row; mismatched first. */
  tap (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "reset"));
  type_into (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "new-pin"), "97531");
  type_into (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "confirm-pin"), "97530");
  tap (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "set-pin"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "status"))),
                            "The PINs do not match"));
  verified = vigil_staff_verify (f->staff, f->nurse->id, "1357", &error);
  g_assert_no_error (error);
  g_clear_pointer (&verified, vigil_staff_member_free);

  type_into (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "new-pin"), "97531");
  type_into (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "confirm-pin"), "97531");
  g_object_unref (screenshot (f, "admin-page-reset.png"));
  tap (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "set-pin"));
  verified = vigil_staff_verify (f->staff, f->nurse->id, "97531", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_admin_page_get_staff_message (f->page), ==, "New PIN set for " NURSE_NAME ".");
  /* The form closed. */
  g_assert_false (gtk_widget_get_mapped (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "new-pin")));

  /* Remove: the first tap only asks; the confirmation is elsewhere, and
   * "Remove" itself no longer answers, so a double tap does nothing. */
  remove = vigil_admin_page_get_row_widget (f->page, f->nurse->id, "remove");
  confirm = vigil_admin_page_get_row_widget (f->page, f->nurse->id, "confirm-remove");
  g_assert_false (gtk_widget_get_mapped (confirm));
  tap (remove);
  members = vigil_staff_list (f->staff);
  g_assert_nonnull (find_member (members, NURSE_NAME));
  remove = vigil_admin_page_get_row_widget (f->page, f->nurse->id, "remove");
  confirm = vigil_admin_page_get_row_widget (f->page, f->nurse->id, "confirm-remove");
  g_assert_false (gtk_widget_is_sensitive (remove));
  g_assert_true (gtk_widget_get_mapped (confirm));
  g_object_unref (screenshot (f, "admin-page-remove.png"));
  {
    graphene_rect_t r1, r2;

    g_assert_true (gtk_widget_compute_bounds (remove, f->window, &r1));
    g_assert_true (gtk_widget_compute_bounds (confirm, f->window, &r2));
    g_assert_cmpfloat (r2.size.height, >=, 48);
    g_assert_false (graphene_rect_intersection (&r1, &r2, NULL));
  }
  /* The confirmation applies only to the row asked about. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "admin-page.confirm-remove", "x", f->admin->id);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = vigil_staff_list (f->staff);
  g_assert_cmpuint (members->len, ==, 2);

  tap (confirm);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = vigil_staff_list (f->staff);
  g_assert_cmpuint (members->len, ==, 1);
  g_assert_null (find_member (members, NURSE_NAME));
  g_assert_null (vigil_admin_page_get_row_widget (f->page, f->nurse->id, "row"));
  g_assert_nonnull (strstr (vigil_admin_page_get_staff_message (f->page), "Removed " NURSE_NAME));

  /* Whoever is unlocked cannot remove themselves from here. */
  tap (vigil_admin_page_get_row_widget (f->page, f->admin->id, "remove"));
  g_assert_false (gtk_widget_get_mapped (vigil_admin_page_get_row_widget (f->page, f->admin->id, "confirm-remove")));
  g_assert_true (gtk_widget_get_mapped (vigil_admin_page_get_row_widget (f->page, f->admin->id, "status")));
  g_clear_pointer (&members, g_ptr_array_unref);
  members = vigil_staff_list (f->staff);
  g_assert_cmpuint (members->len, ==, 1);
}

/* Export: a dated file in the folder shown, loaded back without problems. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VigilClinicConfig) again = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *base = g_strdup_printf ("vigil-clinic-%s.conf", date);
  g_autofree char *second_base = g_strdup_printf ("vigil-clinic-%s-2.conf", date);
  g_autofree char *expected = g_build_filename (f->export_dir, base, NULL);
  g_autofree char *expected2 = g_build_filename (f->export_dir, second_base, NULL);
  g_autofree char *line = NULL;
  const char *paths[2] = { NULL, NULL };
  GtkWidget *status = find (f, "admin-export-status");

  tap (find (f, "admin-export"));
  g_assert_cmpstr (vigil_admin_page_get_export_path (f->page), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_false (gtk_widget_has_css_class (status, "problem"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (status)), expected));

  paths[0] = expected;
  again = vigil_clinic_config_load (paths);
  g_assert_cmpuint (vigil_clinic_config_get_problems (again)->len, ==, 0);
  /* What is in effect: the good value kept, the bad ones as defaults. */
  g_assert_cmpstr (vigil_clinic_config_get_clinic_name (again), ==, "Clínica Norte");
  g_assert_cmpint (vigil_clinic_config_get_weight_unit (again), ==, vigil_clinic_config_get_weight_unit (f->config));
  g_assert_cmpint (vigil_clinic_config_get_treatment (again)->infusion_duration_us, ==,
                   vigil_clinic_config_get_treatment (f->config)->infusion_duration_us);

  line = g_strdup_printf (ADMIN_NAME "|config-exported|%s", expected);
  g_assert_true (audit_has (f, "config-exported", line));

  g_object_unref (screenshot (f, "admin-page-export.png"));

  /* A second export the same day does not overwrite the first. */
  tap (find (f, "admin-export"));
  g_assert_cmpstr (vigil_admin_page_get_export_path (f->page), ==, expected2);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
}

/* Settings: written to GSettings through the buttons, each audited. */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *lock5 = find (f, "lock-300");
  GtkWidget *night_message = find (f, "night-message");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  g_assert_cmpuint (g_settings_get_uint (f->settings, "lock-after-s"), ==, 120);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find (f, "lock-120"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (lock5)));

  tap (lock5);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "lock-after-s"), ==, 300);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (lock5)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find (f, "lock-120"))));
  g_assert_true (audit_has (f, "settings-changed", ADMIN_NAME "|settings-changed|lock-after-s=300"));

  tap (find (f, "language-es"));
  assert_setting (f->settings, "language", "es");
  g_assert_true (audit_has (f, "settings-changed", ADMIN_NAME "|settings-changed|language=es"));

  tap (find (f, "night-by-clock"));
  assert_setting (f->settings, "night-mode", "by-clock");
  g_assert_true (audit_has (f, "settings-changed", ADMIN_NAME "|settings-changed|night-mode=by-clock"));

  tap (find (f, "pause-180"));
  g_assert_cmpuint (g_settings_get_uint (f->settings, "audio-pause-s"), ==, 180);
  g_assert_true (audit_has (f, "settings-changed", ADMIN_NAME "|settings-changed|audio-pause-s=180"));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "admin-page.require-pin", NULL);
  g_assert_true (g_settings_get_boolean (f->settings, "require-pin"));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find (f, "require-pin"))));
  g_assert_true (audit_has (f, "settings-changed", ADMIN_NAME "|settings-changed|require-pin=true"));

  /* Times: typed from the keypad (no ':'), then a wrong one refused. */
  type_into (find (f, "night-start"), "2130");
  type_into (find (f, "night-end"), "6:45");
  tap (find (f, "admin-set-times"));
  assert_setting (f->settings, "night-start", "21:30");
  assert_setting (f->settings, "night-end", "06:45");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, "night-start"))), ==, "21:30");
  g_assert_true (audit_has (f, "settings-changed", ADMIN_NAME "|settings-changed|night-start=21:30"));
  g_assert_true (audit_has (f, "settings-changed", ADMIN_NAME "|settings-changed|night-end=06:45"));
  g_assert_false (gtk_widget_has_css_class (night_message, "problem"));

  before = read_audit (f, "settings-changed");
  type_into (find (f, "night-start"), "25:00");
  tap (find (f, "admin-set-times"));
  assert_setting (f->settings, "night-start", "21:30");
  g_assert_true (gtk_widget_get_mapped (night_message));
  g_assert_true (gtk_widget_has_css_class (night_message, "problem"));

  /* Tapping the value already in effect changes and audits nothing. */
  tap (lock5);
  after = read_audit (f, "settings-changed");
  g_assert_cmpuint (after->len, ==, before->len);

  /* A change made elsewhere shows on the page. */
  g_settings_set_uint (f->settings, "lock-after-s", 600);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find (f, "lock-600"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (lock5)));

  /* The settings are further down: scrolled there for the screenshot. */
  {
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (find (f, "admin-settings-grid"),
                                                                                GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  g_object_unref (screenshot (f, "admin-page-settings.png"));
}

/* Locked (nobody, or a nurse): one line, nothing that can be changed. */
static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  GtkWidget *pin = find (f, "admin-pin");

  /* Something half typed when the page locks does not survive it. */
  gtk_editable_set_text (GTK_EDITABLE (pin), "9999");
  vigil_admin_page_set_person (f->page, NULL);
  g_assert_false (vigil_admin_page_is_unlocked (f->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pin)), ==, "");
  vigil_widget_test_wait_frames (f->window, 2);

  collect_targets (GTK_WIDGET (f->page), targets);
  for (guint i = 0; i < targets->len; i++)
    if (gtk_widget_is_sensitive (g_ptr_array_index (targets, i)))
      g_error ("“%s” can be used on a locked page", describe (g_ptr_array_index (targets, i)));
  text = page_text (f);
  g_assert_nonnull (strstr (text, "Unlock as an admin to change settings"));
  g_assert_null (strstr (text, NURSE_NAME));
  g_assert_null (strstr (text, "clinic/weight-unit"));

  /* The actions refuse too (a shortcut or a stale button). */
  gtk_editable_set_text (GTK_EDITABLE (find (f, "admin-name")), "Intruder");
  gtk_editable_set_text (GTK_EDITABLE (pin), "1111");
  gtk_editable_set_text (GTK_EDITABLE (find (f, "admin-confirm-pin")), "1111");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "admin-page.add-person", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "admin-page.lock-after-s", "u", 600);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "admin-page.export", NULL);
  g_object_set (f->page, "language", "es", NULL);
  members = vigil_staff_list (f->staff);
  g_assert_cmpuint (members->len, ==, 2);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "lock-after-s"), ==, 120);
  assert_setting (f->settings, "language", "");
  g_assert_false (g_file_test (f->export_dir, G_FILE_TEST_EXISTS));
  lines = read_audit (f, "settings-changed");
  g_assert_cmpuint (lines->len, ==, 0);

  g_object_unref (screenshot (f, "admin-page-locked.png"));

  /* A nurse's unlock does not open it either. */
  vigil_admin_page_set_person (f->page, f->nurse);
  g_assert_false (vigil_admin_page_is_unlocked (f->page));
  g_ptr_array_set_size (targets, 0);
  collect_targets (GTK_WIDGET (f->page), targets);
  for (guint i = 0; i < targets->len; i++)
    g_assert_false (gtk_widget_is_sensitive (g_ptr_array_index (targets, i)));

  /* And an admin's does. */
  vigil_admin_page_set_person (f->page, f->admin);
  g_assert_true (vigil_admin_page_is_unlocked (f->page));
  vigil_widget_test_wait_frames (f->window, 2);
  g_assert_true (gtk_widget_get_mapped (find (f, "admin-add")));
}

/* No clinic file: says so, and where Vigil looked. */
static void
test_no_clinic_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "absent.conf", NULL);
  const char *paths[2] = { missing, NULL };
  g_autoptr(VigilClinicConfig) factory = vigil_clinic_config_load (paths);
  g_autofree char *text = NULL;

  vigil_admin_page_set_clinic_config (f->page, factory);
  vigil_widget_test_wait_frames (f->window, 2);
  text = page_text (f);
  g_assert_nonnull (strstr (text, "No clinic file: factory defaults."));
  g_assert_null (strstr (text, "clinic/weight-unit"));
  g_assert_null (vigil_widget_test_find_child (GTK_WIDGET (f->page), "config-problem"));
  vigil_admin_page_set_clinic_config (f->page, NULL);
}

int
main (int   argc,
      char *argv[])
{
  if (!vigil_widget_test_init (&argc, &argv))
    return VIGIL_TEST_SKIP;
  load_style ();

  g_test_add_func ("/vigil/admin-page/parse-time", test_parse_time);
#define ADD(path, func) g_test_add ("/vigil/admin-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("overview", test_overview);
  ADD ("add-nurse", test_add_nurse);
  ADD ("mismatch", test_mismatch);
  ADD ("reset-and-remove", test_reset_and_remove);
  ADD ("export", test_export);
  ADD ("settings", test_settings);
  ADD ("locked", test_locked);
  ADD ("no-clinic-file", test_no_clinic_file);
#undef ADD
  return g_test_run ();
}
