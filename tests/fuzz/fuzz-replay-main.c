/* fuzz-replay-main.c — runs a libFuzzer target without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   fuzz-line-parser-replay CORPUS-DIR [MUTATIONS]
 *
 * Runs every file of CORPUS-DIR through LLVMFuzzerTestOneInput, then
 * MUTATIONS (default 20000) deterministic pseudo-random mutations of them,
 * so that every gcc build and CI run exercises the target. The real,
 * coverage-guided fuzzer is the clang build (-Dfuzzing=true).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define MAX_INPUT_SIZE 4096

/* Bytes that mean something to the line protocol. */
static const char interesting[] = "$*\r\n,=?/-.0123456789ABCDEFVGLHRSPONIBTFAUx\x00\x7f\xff";

static const char * const tokens[] = {
  "$VGL,", "*", "\r\n", "\n", ",HR=", ",SPO2=", ",PR=", ",NIBP=", ",T=",
  "---", "OFF", "FAIL", "?", "120/80/93", "350", "351", "100.0", "-1", "$",
};

/* @data must not point into @buffer. */
static void
insert_bytes (GByteArray   *buffer,
              guint         pos,
              const guint8 *data,
              guint         n)
{
  guint old_len = buffer->len;

  g_assert (pos <= old_len);
  g_byte_array_set_size (buffer, old_len + n);
  memmove (buffer->data + pos + n, buffer->data + pos, old_len - pos);
  memcpy (buffer->data + pos, data, n);
}

static void
append_random_line (GRand      *rand,
                    GByteArray *buffer)
{
  static const char *fields[] = {
    "HR=72", "SPO2=98", "PR=71", "NIBP=120/80/93", "NIBP=118/76/", "T=1700000000000",
    "HR=---", "SPO2=OFF", "NIBP=FAIL", "HR=65.5?", "HR=400", "X=1",
  };
  GString *body = g_string_new ("VGL");
  guint n = g_rand_int_range (rand, 0, 5);
  guint8 sum = 0;
  char *line;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (body, ",%s", fields[g_rand_int_range (rand, 0, G_N_ELEMENTS (fields))]);
  for (gsize i = 0; i < body->len; i++)
    sum ^= (guint8) body->str[i];
  line = g_strdup_printf ("$%s*%02X\r\n", body->str, sum);
  g_byte_array_append (buffer, (const guint8 *) line, strlen (line));
  g_free (line);
  g_string_free (body, TRUE);
}

static void
mutate (GRand            *rand,
        GByteArray       *buffer,
        const GPtrArray  *corpus)
{
  guint n_mutations = g_rand_int_range (rand, 1, 9);

  for (guint m = 0; m < n_mutations; m++)
    {
      guint len = buffer->len;
      guint pos = len > 0 ? (guint) g_rand_int_range (rand, 0, (gint32) len) : 0;

      switch (g_rand_int_range (rand, 0, 9))
        {
        case 0: /* flip a bit */
          if (len > 0)
            buffer->data[pos] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
          break;
        case 1: /* any byte */
          if (len > 0)
            buffer->data[pos] = (guint8) g_rand_int_range (rand, 0, 256);
          break;
        case 2: /* a byte that means something */
          {
            guint8 byte = (guint8) interesting[g_rand_int_range (rand, 0, sizeof interesting - 1)];
            insert_bytes (buffer, pos, &byte, 1);
          }
          break;
        case 3: /* a token */
          {
            const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
            insert_bytes (buffer, pos, (const guint8 *) token, strlen (token));
          }
          break;
        case 4: /* delete a range */
          if (len > 0)
            g_byte_array_remove_range (buffer, pos,
                                       g_rand_int_range (rand, 1, (gint32) MIN (len - pos, 64) + 1));
          break;
        case 5: /* duplicate a range */
          if (len > 0)
            {
              guint n = g_rand_int_range (rand, 1, (gint32) MIN (len - pos, 256) + 1);
              guint8 *copy = g_memdup2 (buffer->data + pos, n);
              insert_bytes (buffer, g_rand_int_range (rand, 0, (gint32) len + 1), copy, n);
              g_free (copy);
            }
          break;
        case 6: /* splice in a piece of another input */
          {
            const GBytes *other = corpus->pdata[g_rand_int_range (rand, 0, (gint32) corpus->len)];
            gsize other_len;
            const guint8 *other_data = g_bytes_get_data ((GBytes *) other, &other_len);

            if (other_len > 0)
              {
                gsize start = g_rand_int_range (rand, 0, (gint32) other_len);
                gsize wanted = g_rand_int_range (rand, 1, 256);
                gsize n = MIN (other_len - start, wanted);
                insert_bytes (buffer, pos, other_data + start, (guint) n);
              }
          }
          break;
        case 7: /* a fresh, well-formed line */
          {
            g_autoptr(GByteArray) line = g_byte_array_new ();
            append_random_line (rand, line);
            insert_bytes (buffer, pos, line->data, line->len);
          }
          break;
        case 8: /* a long run of one byte: overlong lines */
          {
            guint n = g_rand_int_range (rand, 150, 450);
            guint8 byte = (guint8) interesting[g_rand_int_range (rand, 0, sizeof interesting - 1)];
            guint8 *run = g_malloc (n);
            memset (run, byte == '$' || byte == '\n' ? 'x' : byte, n);
            insert_bytes (buffer, pos, run, n);
            g_free (run);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (buffer->len > MAX_INPUT_SIZE)
    g_byte_array_set_size (buffer, MAX_INPUT_SIZE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GRand) rand = NULL;
  guint64 n_mutations = 20000;
  const char *name;

  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: %s CORPUS-DIR [MUTATIONS]\n", argv[0]);
      return 2;
    }
  if (argc == 3)
    n_mutations = g_ascii_strtoull (argv[2], NULL, 10);

  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 2;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* The directory's order is the file system's: sort for determinism. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (argv[1], names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          fprintf (stderr, "%s: %s\n", argv[0], error->message);
          return 2;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
      g_ptr_array_add (corpus, g_bytes_new (contents, length));
    }
  if (corpus->len == 0)
    {
      fprintf (stderr, "%s: no input in %s\n", argv[0], argv[1]);
      return 2;
    }

  rand = g_rand_new_with_seed (0x56474c);
  for (guint64 i = 0; i < n_mutations; i++)
    {
      g_autoptr(GByteArray) buffer = g_byte_array_new ();
      GBytes *seed = corpus->pdata[g_rand_int_range (rand, 0, (gint32) corpus->len)];
      gsize seed_len;
      const guint8 *seed_data = g_bytes_get_data (seed, &seed_len);

      g_byte_array_append (buffer, seed_data, (guint) seed_len);
      mutate (rand, buffer, corpus);
      LLVMFuzzerTestOneInput (buffer->data, buffer->len);
    }

  printf ("%u corpus files and %" G_GUINT64_FORMAT " mutations: no invariant broken\n",
          corpus->len, n_mutations);
  return 0;
}
