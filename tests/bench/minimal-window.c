/* minimal-window.c — the toolkit's floor for the CPU and start-up benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The least a GTK 4 application showing something live can cost: a
 * GtkApplication (non-unique, like vigil) with one 1280×800 window holding
 * one label that shows the time, updated once a second. bench-cpu and
 * bench-startup run it next to vigil, on the same display and renderer, so
 * that vigil's figures are ratios to what any GTK 4 program pays.
 *
 * The window has a plain GtkHeaderBar (the title and the window buttons,
 * nothing packed in it): vigil's window draws its own title bar by design,
 * so the floor must pay for client-side decorations too.
 */
#include <gtk/gtk.h>

#define WIDTH  1280
#define HEIGHT 800

static gboolean
update_label (gpointer data)
{
  GtkLabel *label = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%H:%M:%S");

  gtk_label_set_text (label, text);
  return G_SOURCE_CONTINUE;
}

static void
activate (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_window_set_title (GTK_WINDOW (window), "Minimal GTK 4 window");
  gtk_window_set_titlebar (GTK_WINDOW (window), gtk_header_bar_new ());
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), label);
  update_label (label);
  /* The timeout keeps its own reference; both last as long as the process. */
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 1, update_label,
                              g_object_ref (label), g_object_unref);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app =
    gtk_application_new ("io.github.vigilmonitor.Vigil.BenchMinimal", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
