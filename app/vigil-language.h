/* vigil-language.h — the language setting, applied before setlocale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads the "language" setting (when the schema is installed) and applies
 * it with vigil_language_apply (). Call before setlocale (LC_ALL, ""). */
void         vigil_language_apply_setting   (void);
/* Sets LANGUAGE to @language ("es", "es_MX", "en"; empty does nothing)
 * and, when the environment's LC_MESSAGES locale is "C" (where glibc
 * ignores LANGUAGE), points LC_MESSAGES at an installed UTF-8 locale of
 * that language. FALSE with @error when there is none: then the screens
 * stay in English. Call before setlocale (LC_ALL, ""). */
gboolean     vigil_language_apply           (const char  *language,
                                             GError     **error);
/* An installed UTF-8 locale for @language ("es" → "es_ES.UTF-8" or
 * "es_US.UTF-8"…), or NULL. */
char        *vigil_language_find_locale     (const char  *language);
/* Where the translations are: $VIGIL_LOCALEDIR (the uninstalled build's
 * po directory, set by meson devenv and the tests), else LOCALEDIR. */
const char  *vigil_language_get_localedir   (void);

G_END_DECLS
