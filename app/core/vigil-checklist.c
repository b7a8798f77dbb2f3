/* vigil-checklist.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-checklist.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-scores.h"

#define OVERRIDE_SUFFIX ".override"
/* A time entered this far in the future is a typing mistake. */
#define FUTURE_SLACK_US (G_USEC_PER_SEC * 60)

typedef enum
{
  KIND_TEXT,
  KIND_WEIGHT,
  KIND_FOOD,
  KIND_LIQUID,
  KIND_PHQ9,
  KIND_MOAAS,
  KIND_BP,
  KIND_HR,
  KIND_SPO2,
  KIND_SOUND,
} ItemKind;

typedef struct
{
  const char *key;
  const char *title;
  ItemKind    kind;
} ItemSpec;

static const ItemSpec item_specs[] = {
  { "identity",          N_("Identity confirmed"),                                 KIND_TEXT },
  { "weight",            N_("Weight entered"),                                     KIND_WEIGHT },
  { "dose-confirmed",    N_("Dose confirmed by a physician"),                      KIND_TEXT },
  { "consent",           N_("Consent"),                                            KIND_TEXT },
  { "escort-name",       N_("Escort name"),                                        KIND_TEXT },
  { "escort-phone",      N_("Escort phone"),                                       KIND_TEXT },
  { "transport",         N_("Transport confirmed, no driving until the next day"), KIND_TEXT },
  { "medications",       N_("Concomitant medicines reviewed"),                     KIND_TEXT },
  { "last-food",         N_("Fasting from food"),                                  KIND_FOOD },
  { "last-liquid",       N_("Fasting from clear liquids"),                         KIND_LIQUID },
  { "phq9",              N_("PHQ-9 entered"),                                      KIND_PHQ9 },
  { "phq9-review",       N_("PHQ-9 item 9 reviewed by a clinician"),               KIND_TEXT },
  { "baseline-moaas",    N_("Baseline MOAA/S 5"),                                  KIND_MOAAS },
  { "baseline-nibp",     N_("Baseline blood pressure (two readings 2 min apart)"), KIND_BP },
  { "baseline-hr",       N_("Baseline heart rate"),                                KIND_HR },
  { "baseline-spo2",     N_("Baseline SpO₂ on room air"),                          KIND_SPO2 },
  { "sound-self-test",   N_("Alarm sound self-test passed"),                       KIND_SOUND },
  { "devices-connected", N_("Devices connected"),                                  KIND_TEXT },
};

#define N_ITEMS G_N_ELEMENTS (item_specs)

static const char * const item_keys[N_ITEMS + 1] = {
  "identity", "weight", "dose-confirmed", "consent", "escort-name", "escort-phone",
  "transport", "medications", "last-food", "last-liquid", "phq9", "phq9-review",
  "baseline-moaas", "baseline-nibp", "baseline-hr", "baseline-spo2",
  "sound-self-test", "devices-connected", NULL
};

typedef struct
{
  char   *value;
  char   *who;
  gint64  wall_us;
  double  number;        /* the parsed value: kg, MOAA/S, HR, SpO2, SYS, a time (µs) */
  double  number2;       /* DIA */
  int     phq9_item9;
  char   *override_reason;
  char   *override_who;
  char   *problem;       /* cache for vigil_checklist_get_item() */
} ItemState;

struct _VigilChecklist
{
  GObject                 parent_instance;

  VigilClock             *clock;
  VigilChecklistSettings  settings;
  ItemState               items[N_ITEMS];
};

G_DEFINE_FINAL_TYPE (VigilChecklist, vigil_checklist, G_TYPE_OBJECT)

enum
{
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (vigil-checklist-error-quark, vigil_checklist_error)

void
vigil_checklist_settings_init (VigilChecklistSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->food_fasting_us = 2 * G_TIME_SPAN_HOUR;
  settings->liquid_fasting_us = 30 * G_TIME_SPAN_MINUTE;
  settings->sys_review_above = 140;
  settings->dia_review_above = 90;
  settings->hr_min = 50;
  settings->hr_max = 120;
  settings->spo2_min = 94;
}

static void
item_state_clear (ItemState *item)
{
  g_clear_pointer (&item->value, g_free);
  g_clear_pointer (&item->who, g_free);
  g_clear_pointer (&item->override_reason, g_free);
  g_clear_pointer (&item->override_who, g_free);
  g_clear_pointer (&item->problem, g_free);
  item->wall_us = 0;
  item->number = NAN;
  item->number2 = NAN;
  item->phq9_item9 = 0;
}

static void
vigil_checklist_finalize (GObject *object)
{
  VigilChecklist *self = VIGIL_CHECKLIST (object);

  for (guint i = 0; i < N_ITEMS; i++)
    item_state_clear (&self->items[i]);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vigil_checklist_parent_class)->finalize (object);
}

static void
vigil_checklist_class_init (VigilChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_checklist_finalize;

  /**
   * VigilChecklist::answered:
   * @key: the item's key, or "KEY.override"
   * @value: the answer, or the override's reason
   * @who: the person
   * @wall_us: when
   */
  signals[ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
}

static void
vigil_checklist_init (VigilChecklist *self)
{
  vigil_checklist_settings_init (&self->settings);
  for (guint i = 0; i < N_ITEMS; i++)
    item_state_clear (&self->items[i]);
}

VigilChecklist *
vigil_checklist_new (VigilClock                   *clock,
                     const VigilChecklistSettings *settings)
{
  VigilChecklist *self;

  g_return_val_if_fail (VIGIL_IS_CLOCK (clock), NULL);

  self = g_object_new (VIGIL_TYPE_CHECKLIST, NULL);
  self->clock = g_object_ref (clock);
  if (settings != NULL)
    self->settings = *settings;
  return self;
}

const VigilChecklistSettings *
vigil_checklist_get_settings (VigilChecklist *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKLIST (self), NULL);

  return &self->settings;
}

/**
 * vigil_checklist_set_settings:
 *
 * The clinic's gates; answers already given are judged again against them.
 */
void
vigil_checklist_set_settings (VigilChecklist               *self,
                              const VigilChecklistSettings *settings)
{
  g_return_if_fail (VIGIL_IS_CHECKLIST (self));
  g_return_if_fail (settings != NULL);

  self->settings = *settings;
}

const char * const *
vigil_checklist_get_keys (void)
{
  return item_keys;
}

static int
find_item (const char *key)
{
  for (guint i = 0; i < N_ITEMS; i++)
    if (g_strcmp0 (item_specs[i].key, key) == 0)
      return (int) i;
  return -1;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
item_required (VigilChecklist *self,
               guint           index)
{
  /* The review is an item of its own only when item 9 asks for it. */
  if (g_str_equal (item_specs[index].key, "phq9-review"))
    {
      const ItemState *phq9 = &self->items[find_item ("phq9")];

      return phq9->value != NULL && phq9->phq9_item9 > 0;
    }
  return TRUE;
}

static char *
format_minutes (gint64 us)
{
  gint64 min = us / G_TIME_SPAN_MINUTE;

  if (min >= 60)
    return g_strdup_printf (_("%d h %02d min"), (int) (min / 60), (int) (min % 60));
  return g_strdup_printf (_("%d min"), (int) min);
}

/* Why an answer does not count (translated, newly allocated), or NULL. */
static char *
item_problem (VigilChecklist *self,
              guint           index)
{
  const ItemState *item = &self->items[index];
  const VigilChecklistSettings *s = &self->settings;

  if (item->value == NULL)
    return NULL;

  switch (item_specs[index].kind)
    {
    case KIND_FOOD:
    case KIND_LIQUID:
      {
        gint64 needed = item_specs[index].kind == KIND_FOOD ? s->food_fasting_us
                                                            : s->liquid_fasting_us;
        gint64 since = vigil_clock_get_wall (self->clock) - (gint64) item->number;

        if (since < needed)
          {
            g_autofree char *ago = format_minutes (MAX (since, 0));
            g_autofree char *need = format_minutes (needed);

            return g_strdup_printf (item_specs[index].kind == KIND_FOOD
                                    ? _("Last food %s ago; %s needed")
                                    : _("Last clear liquid %s ago; %s needed"),
                                    ago, need);
          }
        return NULL;
      }

    case KIND_MOAAS:
      if (item->number != VIGIL_MOAAS_MAX)
        return g_strdup_printf (_("MOAA/S is %d, not 5"), (int) item->number);
      return NULL;

    case KIND_BP:
      if (item->number > s->sys_review_above || item->number2 > s->dia_review_above)
        return g_strdup_printf (_("Blood pressure %.0f/%.0f is above %.0f/%.0f: "
                                  "prescriber review with a reason needed"),
                                item->number, item->number2,
                                s->sys_review_above, s->dia_review_above);
      return NULL;

    case KIND_HR:
      if (item->number < s->hr_min || item->number > s->hr_max)
        return g_strdup_printf (_("Heart rate %.0f is outside %.0f–%.0f: review needed"),
                                item->number, s->hr_min, s->hr_max);
      return NULL;

    case KIND_SPO2:
      if (item->number < s->spo2_min)
        return g_strdup_printf (_("SpO₂ %.0f %% is below %.0f %%: review needed"),
                                item->number, s->spo2_min);
      return NULL;

    case KIND_SOUND:
      /* Answered by the monitor from its real self-test: "passed", or
       * "failed: why". Alarms that cannot be heard need a clinician's
       * override with a reason, never a tick. */
      if (g_strcmp0 (item->value, VIGIL_CHECKLIST_SOUND_PASSED) != 0)
        return g_strdup_printf (_("The alarm sound self-test did not pass (%s): alarms would not be heard"),
                                item->value);
      return NULL;

    case KIND_TEXT:
    case KIND_WEIGHT:
    case KIND_PHQ9:
    default:
      return NULL;
    }
}

static VigilChecklistState
item_state (VigilChecklist *self,
            guint           index)
{
  const ItemState *item = &self->items[index];
  g_autofree char *problem = NULL;

  if (item->override_who != NULL)
    return VIGIL_CHECKLIST_STATE_OVERRIDDEN;
  if (item->value == NULL)
    return VIGIL_CHECKLIST_STATE_NOT_DONE;
  problem = item_problem (self, index);
  return problem == NULL ? VIGIL_CHECKLIST_STATE_DONE : VIGIL_CHECKLIST_STATE_NOT_DONE;
}

gboolean
vigil_checklist_get_item (VigilChecklist     *self,
                          const char         *key,
                          VigilChecklistItem *out_item)
{
  ItemState *item;
  int index;

  g_return_val_if_fail (VIGIL_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (out_item != NULL, FALSE);

  index = find_item (key);
  if (index < 0)
    return FALSE;

  item = &self->items[index];
  g_free (item->problem);
  item->problem = item_problem (self, index);

  out_item->key = item_specs[index].key;
  out_item->title = _(item_specs[index].title);
  out_item->required = item_required (self, index);
  out_item->state = item_state (self, index);
  out_item->value = item->value;
  out_item->who = item->who;
  out_item->wall_us = item->wall_us;
  out_item->problem = item->problem;
  out_item->override_reason = item->override_reason;
  out_item->override_who = item->override_who;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              double      min,
              double      max,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  g_strdelimit (copy, ",", '.');
  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (value) || value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

/* Parses @text for item @index into @parsed (value fields only). */
static gboolean
parse_value (VigilChecklist *self,
             guint           index,
             const char     *text,
             ItemState      *parsed,
             GError        **error)
{
  const char *title = _(item_specs[index].title);

  if (is_blank (text))
    {
      g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                   _("%s: nothing was entered."), title);
      return FALSE;
    }

  switch (item_specs[index].kind)
    {
    case KIND_TEXT:
    case KIND_SOUND:
      return TRUE;

    case KIND_WEIGHT:
      if (!parse_number (text, 1, 699, &parsed->number))
        {
          g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                       _("Weight “%s” is not a weight in kg. Enter it again."), text);
          return FALSE;
        }
      return TRUE;

    case KIND_FOOD:
    case KIND_LIQUID:
      {
        g_autoptr(GTimeZone) local = g_time_zone_new_local ();
        g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, local);
        gint64 us;

        if (when == NULL)
          {
            g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                         _("%s: “%s” is not a date and time. Enter it again."), title, text);
            return FALSE;
          }
        us = g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
        if (us > vigil_clock_get_wall (self->clock) + FUTURE_SLACK_US)
          {
            g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                         _("%s: %s is in the future. Enter the time of the last intake."),
                         title, text);
            return FALSE;
          }
        parsed->number = (double) us;
        return TRUE;
      }

    case KIND_PHQ9:
      {
        g_auto(GStrv) parts = g_strsplit (text, ",", -1);
        int items[VIGIL_PHQ9_N_ITEMS];
        VigilPhq9Result result;

        if (g_strv_length (parts) != VIGIL_PHQ9_N_ITEMS)
          {
            g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                         _("PHQ-9: nine item scores are needed; %u were entered."),
                         g_strv_length (parts));
            return FALSE;
          }
        for (guint i = 0; i < VIGIL_PHQ9_N_ITEMS; i++)
          {
            double v;

            if (!parse_number (parts[i], 0, 3, &v) || v != floor (v))
              {
                g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                             _("PHQ-9 item %u: “%s” is not a score of 0–3."), i + 1, parts[i]);
                return FALSE;
              }
            items[i] = (int) v;
          }
        if (!vigil_phq9_score (items, &result, error))
          return FALSE;
        parsed->number = result.total;
        parsed->phq9_item9 = items[VIGIL_PHQ9_N_ITEMS - 1];
        return TRUE;
      }

    case KIND_MOAAS:
      if (!parse_number (text, 0, VIGIL_MOAAS_MAX, &parsed->number)
          || parsed->number != floor (parsed->number))
        {
          g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                       _("MOAA/S “%s” is not a score of 0–5."), text);
          return FALSE;
        }
      return TRUE;

    case KIND_BP:
      {
        g_auto(GStrv) parts = g_strsplit (text, "/", -1);

        if (g_strv_length (parts) != 2
            || !parse_number (parts[0], 20, 300, &parsed->number)
            || !parse_number (parts[1], 20, 300, &parsed->number2)
            || parsed->number2 >= parsed->number)
          {
            g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                         _("Blood pressure “%s” is not a plausible SYS/DIA reading."), text);
            return FALSE;
          }
        return TRUE;
      }

    case KIND_HR:
      if (!parse_number (text, 20, 300, &parsed->number))
        {
          g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                       _("Heart rate “%s” is not plausible."), text);
          return FALSE;
        }
      return TRUE;

    case KIND_SPO2:
      if (!parse_number (text, 50, 100, &parsed->number))
        {
          g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_INVALID_VALUE,
                       _("SpO₂ “%s” is not plausible."), text);
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
set_answer (VigilChecklist *self,
            const char     *key,
            const char     *value_text,
            const char     *who,
            gint64          wall_us,
            gboolean        emit,
            GError        **error)
{
  ItemState parsed = { .number = NAN, .number2 = NAN };
  ItemState *item;
  int index;

  index = find_item (key);
  if (index < 0)
    {
      g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_UNKNOWN_ITEM,
                   _("The checklist has no item “%s”."), key);
      return FALSE;
    }
  if (is_blank (who))
    {
      g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_WHO_REQUIRED,
                   _("%s: enter the name of the person answering."), _(item_specs[index].title));
      return FALSE;
    }
  if (!parse_value (self, index, value_text, &parsed, error))
    return FALSE;

  item = &self->items[index];
  item_state_clear (item);
  item->value = g_strdup (value_text);
  item->who = g_strdup (who);
  item->wall_us = wall_us;
  item->number = parsed.number;
  item->number2 = parsed.number2;
  item->phq9_item9 = parsed.phq9_item9;

  if (emit)
    g_signal_emit (self, signals[ANSWERED], 0, key, value_text, who, wall_us);
  return TRUE;
}

static gboolean
set_override (VigilChecklist *self,
              const char     *key,
              const char     *reason,
              const char     *who,
              gint64          wall_us,
              gboolean        emit,
              GError        **error)
{
  ItemState *item;
  int index;

  index = find_item (key);
  if (index < 0)
    {
      g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_UNKNOWN_ITEM,
                   _("The checklist has no item “%s”."), key);
      return FALSE;
    }
  if (is_blank (who))
    {
      g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_WHO_REQUIRED,
                   _("%s: an override needs the name of the clinician."),
                   _(item_specs[index].title));
      return FALSE;
    }
  if (is_blank (reason))
    {
      g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_REASON_REQUIRED,
                   _("%s: an override needs a reason."), _(item_specs[index].title));
      return FALSE;
    }

  item = &self->items[index];
  /* Only an answer that fails its gate can be overridden: an item nobody
   * answered is not checked by an override. */
  if (emit && (!item_required (self, index) || item->value == NULL
               || item_state (self, index) != VIGIL_CHECKLIST_STATE_NOT_DONE))
    {
      g_set_error (error, VIGIL_CHECKLIST_ERROR, VIGIL_CHECKLIST_ERROR_NOT_NEEDED,
                   item->value == NULL
                   ? _("%s: answer the item first; only an answer that fails its limit can be overridden.")
                   : _("%s: nothing to override."),
                   _(item_specs[index].title));
      return FALSE;
    }

  g_free (item->override_reason);
  g_free (item->override_who);
  item->override_reason = g_strdup (reason);
  item->override_who = g_strdup (who);

  if (emit)
    {
      g_autofree char *okey = g_strconcat (key, OVERRIDE_SUFFIX, NULL);

      g_signal_emit (self, signals[ANSWERED], 0, okey, reason, who, wall_us);
    }
  return TRUE;
}

gboolean
vigil_checklist_answer (VigilChecklist  *self,
                        const char      *key,
                        const char      *value_text,
                        const char      *who,
                        GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_answer (self, key, value_text, who, vigil_clock_get_wall (self->clock), TRUE, error);
}

gboolean
vigil_checklist_override (VigilChecklist  *self,
                          const char      *key,
                          const char      *reason,
                          const char      *who,
                          GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_override (self, key, reason, who, vigil_clock_get_wall (self->clock), TRUE, error);
}

gboolean
vigil_checklist_restore (VigilChecklist  *self,
                         const char      *key,
                         const char      *value_text,
                         const char      *who,
                         gint64           wall_us,
                         GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_has_suffix (key, OVERRIDE_SUFFIX))
    {
      g_autofree char *base = g_strndup (key, strlen (key) - strlen (OVERRIDE_SUFFIX));

      return set_override (self, base, value_text, who, wall_us, FALSE, error);
    }
  return set_answer (self, key, value_text, who, wall_us, FALSE, error);
}

gboolean
vigil_checklist_is_complete (VigilChecklist *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKLIST (self), FALSE);

  for (guint i = 0; i < N_ITEMS; i++)
    if (item_required (self, i) && item_state (self, i) == VIGIL_CHECKLIST_STATE_NOT_DONE)
      return FALSE;
  return TRUE;
}

char **
vigil_checklist_list_missing (VigilChecklist *self)
{
  GStrvBuilder *builder;
  char **missing;

  g_return_val_if_fail (VIGIL_IS_CHECKLIST (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < N_ITEMS; i++)
    if (item_required (self, i) && item_state (self, i) == VIGIL_CHECKLIST_STATE_NOT_DONE)
      g_strv_builder_add (builder, _(item_specs[i].title));
  missing = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return missing;
}
