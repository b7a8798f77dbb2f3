/* vigil-intellivue-parser.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-intellivue-parser.h"

struct _VigilIntellivueParser
{
  VigilParser parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilIntellivueParser, vigil_intellivue_parser, VIGIL_TYPE_PARSER)

static void
feed (VigilParser *parser, const guint8 *data, gsize length)
{
}

static void
vigil_intellivue_parser_class_init (VigilIntellivueParserClass *klass)
{
  VIGIL_PARSER_CLASS (klass)->feed = feed;
}

static void
vigil_intellivue_parser_init (VigilIntellivueParser *self)
{
}

VigilParser *
vigil_intellivue_parser_new (void)
{
  return g_object_new (VIGIL_TYPE_INTELLIVUE_PARSER, NULL);
}
