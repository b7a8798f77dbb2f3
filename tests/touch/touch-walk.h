/* touch-walk.h — every touch target on screen: big enough, far enough apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reusable check for GUI tests: walk a window (or any widget) as it is
 * shown, and list each visible, sensitive interactive widget smaller than
 * 48 × 48 px or closer than 8 px to another one. Pages added later (unlock,
 * first run, admin, keypad) call vigil_touch_walk () on their own screen.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TOUCH_MIN_SIZE    48
#define VIGIL_TOUCH_MIN_SPACING 8

typedef struct
{
  char            *page;
  char            *type;
  char            *label;
  graphene_rect_t  bounds;    /* in the walked root's coordinates */
  char            *problem;   /* "too small", "3 px from GtkButton “1 h”" */
} VigilTouchOffence;

void          vigil_touch_offence_free        (VigilTouchOffence *offence);
char         *vigil_touch_offence_to_string   (const VigilTouchOffence *offence);

/* Buttons (toggle, check, menu, link…), switches, drop-downs, combo
 * boxes, spin buttons, entries, scales, activatable list rows. */
gboolean      vigil_touch_is_interactive      (GtkWidget   *widget);
/* What a person would call it: its label, icon, tooltip or CSS name. */
char         *vigil_touch_describe            (GtkWidget   *widget);

/* The offences under @root, named @page; a GPtrArray of VigilTouchOffence
 * (free function set). @n_checked, when not NULL, gets the number of
 * targets checked, so a test can show the walk saw something. */
GPtrArray    *vigil_touch_walk                (GtkWidget   *root,
                                               const char  *page,
                                               guint       *n_checked);
/* Swipe gestures under @root that are not a scrolled window's own kinetic
 * scrolling: an action reachable only by swiping. Each one is appended
 * to @report. */
guint         vigil_touch_count_swipe_only    (GtkWidget   *root,
                                               GString     *report);

G_END_DECLS
