/* vigil-datex-parser.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-datex-parser.h"

struct _VigilDatexParser
{
  VigilParser parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilDatexParser, vigil_datex_parser, VIGIL_TYPE_PARSER)

static void
feed (VigilParser *parser, const guint8 *data, gsize length)
{
}

static void
vigil_datex_parser_class_init (VigilDatexParserClass *klass)
{
  VIGIL_PARSER_CLASS (klass)->feed = feed;
}

static void
vigil_datex_parser_init (VigilDatexParser *self)
{
}

VigilParser *
vigil_datex_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_DATEX_PARSER, NULL);
}
