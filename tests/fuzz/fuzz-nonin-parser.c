/* fuzz-nonin-parser.c — PLACEHOLDER being written in this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "vigil-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VigilParser) parser = vigil_parser_new_for_protocol ("nonin", NULL);

  vigil_parser_feed (parser, data, size);
  return 0;
}
