/* vigil-masimo-parser.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-masimo-parser.h"

struct _VigilMasimoParser
{
  VigilParser parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilMasimoParser, vigil_masimo_parser, VIGIL_TYPE_PARSER)

static void
feed (VigilParser *parser, const guint8 *data, gsize length)
{
}

static void
vigil_masimo_parser_class_init (VigilMasimoParserClass *klass)
{
  VIGIL_PARSER_CLASS (klass)->feed = feed;
}

static void
vigil_masimo_parser_init (VigilMasimoParser *self)
{
}

VigilParser *
vigil_masimo_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_MASIMO_PARSER, NULL);
}
