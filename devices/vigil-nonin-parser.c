/* vigil-nonin-parser.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-nonin-parser.h"

struct _VigilNoninParser
{
  VigilParser parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilNoninParser, vigil_nonin_parser, VIGIL_TYPE_PARSER)

static void
feed (VigilParser *parser, const guint8 *data, gsize length)
{
}

static void
vigil_nonin_parser_class_init (VigilNoninParserClass *klass)
{
  VIGIL_PARSER_CLASS (klass)->feed = feed;
}

static void
vigil_nonin_parser_init (VigilNoninParser *self)
{
}

VigilParser *
vigil_nonin_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_NONIN_PARSER, NULL);
}
