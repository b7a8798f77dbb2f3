/* vigil-language.c — the language setting, applied before setlocale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "language" key chooses the language of the screens and reports
 * whatever the system's locale is. gettext follows LANGUAGE, except that
 * glibc ignores LANGUAGE while LC_MESSAGES is the plain "C" locale (the
 * usual state of a kiosk or a service). Then LC_MESSAGES alone is moved to
 * an installed UTF-8 locale of that language; numbers, dates and sorting
 * keep the system's locale. Machine formats never depend on any of this:
 * they use the g_ascii_* functions.
 */
#include "vigil-language.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <locale.h>

/* Regions tried for a bare language code, after the language's own
 * ("es" → es_ES): the Americas first, where most Spanish speakers are. */
static const char *const regions[] = {
  "US", "MX", "AR", "CO", "CL", "PE", "VE", "GB", "CA", "AU", "BR", "PT", NULL,
};

/* The other categories that LC_ALL would also have set. */
static const char *const other_categories[] = {
  "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY",
  "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT",
  "LC_IDENTIFICATION", NULL,
};

static gboolean
locale_installed (const char *name)
{
  locale_t loc = newlocale (LC_MESSAGES_MASK, name, (locale_t) 0);

  if (loc == (locale_t) 0)
    return FALSE;
  freelocale (loc);
  return TRUE;
}

static gboolean
is_c_locale (const char *name)
{
  return name == NULL || name[0] == '\0' || g_str_equal (name, "C") || g_str_equal (name, "POSIX");
}

/* A locale name such as "es", "es_MX", "pt_BR" or "sr@latin": letters,
 * an underscore, '@'; nothing a shell or a path could misread. */
static gboolean
valid_language (const char *language)
{
  if (!g_ascii_isalpha (language[0]))
    return FALSE;
  for (const char *p = language; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '@' && *p != '-' && *p != ':')
      return FALSE;
  return TRUE;
}

char *
vigil_language_find_locale (const char *language)
{
  g_autofree char *lang = NULL;
  g_autofree char *own = NULL;
  const char *region;

  g_return_val_if_fail (language != NULL, NULL);

  /* "es_MX:es" (a LANGUAGE list): its first entry decides. */
  lang = g_strndup (language, strcspn (language, ":@."));
  if (lang[0] == '\0')
    return NULL;
  if (strchr (lang, '_') != NULL)
    {
      g_autofree char *name = g_strconcat (lang, ".UTF-8", NULL);

      if (locale_installed (name))
        return g_steal_pointer (&name);
      /* es_XX not installed: any es_* below. */
      *strchr (lang, '_') = '\0';
    }

  own = g_ascii_strup (lang, -1);
  region = own;
  for (guint i = 0; region != NULL; region = regions[i++])
    {
      g_autofree char *name = g_strdup_printf ("%s_%s.UTF-8", lang, region);

      if (locale_installed (name))
        return g_steal_pointer (&name);
    }
  return NULL;
}

/* The LC_MESSAGES locale setlocale (LC_ALL, "") would choose, by the
 * POSIX precedence; "C" for a name that is not installed. */
static const char *
environment_messages_locale (void)
{
  const char *names[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);

      if (value != NULL && value[0] != '\0')
        return locale_installed (value) ? value : "C";
    }
  return "C";
}

gboolean
vigil_language_apply (const char  *language,
                      GError     **error)
{
  g_autofree char *chosen = NULL;
  const char *all;

  g_return_val_if_fail (language != NULL, FALSE);

  if (language[0] == '\0')
    return TRUE;
  if (!valid_language (language))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The language setting “%s” is not a language name such as “es” or “en”. "
                     "The system's language is used."), language);
      return FALSE;
    }

  g_setenv ("LANGUAGE", language, TRUE);
  if (!is_c_locale (environment_messages_locale ()))
    return TRUE;
  /* English is the source language: the C locale shows it already. */
  if (g_str_has_prefix (language, "en") || is_c_locale (language))
    return TRUE;

  chosen = vigil_language_find_locale (language);
  if (chosen == NULL)
    {
      g_unsetenv ("LANGUAGE");
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The language “%s” is set, but no UTF-8 locale for it is installed "
                     "on this computer, so the screens stay in English. "
                     "Install one (for example with dpkg-reconfigure locales) and restart Vigil."),
                   language);
      return FALSE;
    }

  /* LC_ALL would override LC_MESSAGES: hand its value to each other
   * category instead, so that only the messages change. */
  all = g_getenv ("LC_ALL");
  if (all != NULL && all[0] != '\0')
    {
      g_autofree char *value = g_strdup (all);

      g_unsetenv ("LC_ALL");
      if (locale_installed (value))
        for (guint i = 0; other_categories[i] != NULL; i++)
          g_setenv (other_categories[i], value, TRUE);
    }
  g_setenv ("LC_MESSAGES", chosen, TRUE);
  return TRUE;
}

void
vigil_language_apply_setting (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *language = NULL;

  /* Without the schema GSettings would abort; main () says what to do. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, VIGIL_APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "language"))
    return;

  settings = g_settings_new (VIGIL_APP_ID);
  language = g_settings_get_string (settings, "language");
  if (!vigil_language_apply (g_strstrip (language), &error))
    g_printerr ("vigil: %s\n", error->message);
}

const char *
vigil_language_get_localedir (void)
{
  const char *dir = g_getenv ("VIGIL_LOCALEDIR");

  return dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR;
}
