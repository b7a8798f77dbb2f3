/* touch-walk.c — every touch target on screen: big enough, far enough apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sizes are the widgets' border boxes as laid out (gtk_widget_compute_bounds,
 * margins excluded: a margin is not a target). Spacing is the gap between
 * two targets' boxes, in both directions, so a diagonal neighbour counts
 * too. The parts of one composite control (a spin button's entry and
 * steppers, a drop-down's button) are one control: each part must be big
 * enough, but they may touch each other.
 */
#include "touch-walk.h"

void
vigil_touch_offence_free (VigilTouchOffence *offence)
{
  g_free (offence->page);
  g_free (offence->type);
  g_free (offence->label);
  g_free (offence->problem);
  g_free (offence);
}

char *
vigil_touch_offence_to_string (const VigilTouchOffence *offence)
{
  return g_strdup_printf ("%s: %s “%s” %.0f×%.0f at %.0f,%.0f: %s",
                          offence->page, offence->type, offence->label,
                          offence->bounds.size.width, offence->bounds.size.height,
                          offence->bounds.origin.x, offence->bounds.origin.y,
                          offence->problem);
}

gboolean
vigil_touch_is_interactive (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget));
  return GTK_IS_BUTTON (widget) ||          /* toggle, link, the popover and drop-down buttons */
         GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) ||
         GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_COMBO_BOX (widget) ||
         GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_ENTRY (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) ||
         GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_TEXT_VIEW (widget) ||
         GTK_IS_SCALE (widget);
}

/* A control made of other controls: its parts are one target. */
static gboolean
is_composite (GtkWidget *widget)
{
  return GTK_IS_SPIN_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_COMBO_BOX (widget) || GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget) ||
         GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_LIST_BOX_ROW (widget);
}

static const char *
first_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child))
        return gtk_label_get_text (GTK_LABEL (child));
      if ((text = first_label (child)) != NULL)
        return text;
    }
  return NULL;
}

char *
vigil_touch_describe (GtkWidget *widget)
{
  const char *text = NULL;
  const char *tooltip;

  if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  if (text == NULL && GTK_IS_CHECK_BUTTON (widget))
    text = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (text == NULL && GTK_IS_EDITABLE (widget))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  if (text == NULL || text[0] == '\0')
    text = first_label (widget);
  if ((text == NULL || text[0] == '\0') && GTK_IS_BUTTON (widget))
    text = gtk_button_get_icon_name (GTK_BUTTON (widget));
  if (text != NULL && text[0] != '\0')
    return g_strdup (text);
  tooltip = gtk_widget_get_tooltip_text (widget);
  if (tooltip != NULL)
    return g_strdup (tooltip);
  return g_strdup_printf ("<%s>", gtk_widget_get_css_name (widget));
}

typedef struct
{
  GtkWidget       *widget;
  GtkWidget       *composite;   /* the outermost composite it is part of, or NULL */
  GtkWidget       *scroller;    /* the nearest scrolled window around it, or NULL */
  graphene_rect_t  bounds;
} Target;

static void
collect (GtkWidget *widget,
         GtkWidget *root,
         GtkWidget *composite,
         GtkWidget *scroller,
         GArray    *targets)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  /* Insensitive controls are not targets, nor is anything inside them. */
  if (!gtk_widget_is_sensitive (widget))
    return;

  if (vigil_touch_is_interactive (widget))
    {
      Target target = { widget, composite, scroller, GRAPHENE_RECT_INIT (0, 0, 0, 0) };

      /* Text inside an entry is the entry's own part, not a target. */
      if (gtk_widget_compute_bounds (widget, root, &target.bounds) &&
          !(GTK_IS_TEXT_VIEW (widget) && composite != NULL))
        g_array_append_val (targets, target);
      if (composite == NULL && is_composite (widget))
        composite = widget;
    }

  if (GTK_IS_SCROLLED_WINDOW (widget))
    scroller = widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, root, composite, scroller, targets);
}

static gboolean
related (const Target *a,
         const Target *b)
{
  GtkWidget *ca = a->composite != NULL ? a->composite : a->widget;
  GtkWidget *cb = b->composite != NULL ? b->composite : b->widget;

  if (ca == cb ||
      gtk_widget_is_ancestor (a->widget, b->widget) ||
      gtk_widget_is_ancestor (b->widget, a->widget))
    return TRUE;
  /* Scrolled content slides under what is around it: its laid-out boxes
   * are not where a finger finds them. Only compare within one scroller. */
  if (a->scroller != b->scroller)
    return TRUE;
  /* Rows of one list are one stack of full-width targets, separated by
   * their dividers, as in every touch list; each must still be 48 px. */
  return GTK_IS_LIST_BOX_ROW (a->widget) && GTK_IS_LIST_BOX_ROW (b->widget) &&
         gtk_widget_get_parent (a->widget) == gtk_widget_get_parent (b->widget);
}

/* The gap between two boxes: the larger of the horizontal and vertical
 * gaps (negative when they overlap in that direction). */
static float
gap (const graphene_rect_t *a,
     const graphene_rect_t *b)
{
  float gx = MAX (b->origin.x - (a->origin.x + a->size.width), a->origin.x - (b->origin.x + b->size.width));
  float gy = MAX (b->origin.y - (a->origin.y + a->size.height), a->origin.y - (b->origin.y + b->size.height));

  return MAX (gx, gy);
}

static void
add_offence (GPtrArray       *offences,
             const char      *page,
             const Target    *target,
             char            *problem)
{
  VigilTouchOffence *offence = g_new0 (VigilTouchOffence, 1);

  offence->page = g_strdup (page);
  offence->type = g_strdup (G_OBJECT_TYPE_NAME (target->widget));
  offence->label = vigil_touch_describe (target->widget);
  offence->bounds = target->bounds;
  offence->problem = problem;
  g_ptr_array_add (offences, offence);
}

GPtrArray *
vigil_touch_walk (GtkWidget  *root,
                  const char *page,
                  guint      *n_checked)
{
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (Target));
  GPtrArray *offences = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_touch_offence_free);

  g_return_val_if_fail (GTK_IS_WIDGET (root), offences);

  collect (root, root, NULL, NULL, targets);
  if (n_checked != NULL)
    *n_checked = targets->len;

  for (guint i = 0; i < targets->len; i++)
    {
      const Target *t = &g_array_index (targets, Target, i);

      /* Half a pixel of slack for fractional layouts. */
      if (t->bounds.size.width < VIGIL_TOUCH_MIN_SIZE - 0.5 || t->bounds.size.height < VIGIL_TOUCH_MIN_SIZE - 0.5)
        add_offence (offences, page, t, g_strdup_printf ("smaller than %d×%d px",
                                                         VIGIL_TOUCH_MIN_SIZE, VIGIL_TOUCH_MIN_SIZE));
      for (guint j = i + 1; j < targets->len; j++)
        {
          const Target *u = &g_array_index (targets, Target, j);
          float d;

          if (related (t, u))
            continue;
          d = gap (&t->bounds, &u->bounds);
          if (d < VIGIL_TOUCH_MIN_SPACING - 0.5)
            {
              g_autofree char *other = vigil_touch_describe (u->widget);

              add_offence (offences, page, t,
                           g_strdup_printf ("%.0f px from %s “%s” (at least %d)", MAX (d, 0),
                                            G_OBJECT_TYPE_NAME (u->widget), other, VIGIL_TOUCH_MIN_SPACING));
            }
        }
    }
  return offences;
}

static guint
count_swipes (GtkWidget *widget,
              GString   *report)
{
  g_autoptr(GListModel) controllers = NULL;
  guint n = 0;

  /* A scrolled window's kinetic scrolling and a text field's selection
   * handles are swipes that do no action of their own. */
  if (!GTK_IS_SCROLLED_WINDOW (widget) && !GTK_IS_TEXT (widget))
    {
      controllers = gtk_widget_observe_controllers (widget);
      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (GTK_IS_GESTURE_SWIPE (controller))
            {
              g_autofree char *name = vigil_touch_describe (widget);

              g_string_append_printf (report, "%s “%s” has a swipe gesture\n", G_OBJECT_TYPE_NAME (widget), name);
              n++;
            }
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_swipes (child, report);
  return n;
}

guint
vigil_touch_count_swipe_only (GtkWidget *root,
                              GString   *report)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), 0);
  return count_swipes (root, report);
}
