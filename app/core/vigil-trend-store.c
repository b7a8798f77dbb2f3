/* vigil-trend-store.c — one parameter's history, drawable at any zoom
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Layout
 *
 * Samples live in one ring of `capacity` (time, value) pairs; a time and
 * its value share a cache line, which is what an envelope's edge search
 * and ragged ends touch. Every sample also has an absolute number: the
 * count of samples appended before it since creation or the last clear.
 * Index 0 of the public API is the oldest retained sample, absolute number
 * `total - length`.
 *
 * The pyramid is binary: level k holds, for every block of 2^k samples
 * whose first absolute number is a multiple of 2^k, the min and max of its
 * finite values (+inf/-inf when it has none). Levels start at k = 2 (blocks
 * of 4): the ragged ends below that are read from the raw samples (at most
 * 3 per end), which saves storing 3/4 of the pyramid. The top level is the
 * largest k with 2^k <= capacity.
 *
 * Because blocks are aligned to absolute numbers and not to ring slots, a
 * block keeps its meaning when the ring wraps: level k is itself a ring of
 * (a power of two >= capacity / 2^k + 2) blocks, indexed by
 * (absolute >> k) & mask, so every block that lies wholly inside the
 * retained samples is still stored. A block straddling the oldest retained
 * sample may include overwritten samples, but a query only ever uses blocks
 * that lie wholly inside its range, so it never sees them.
 *
 * Appending touches one block per level: O(levels), not amortised.
 * A min/max query over [begin, end) reads at most 3 raw samples at each
 * end, then one block per level at each end: O(log n).
 *
 * For the default 86400 samples: 1.38 MB of samples + 1.05 MB of pyramid
 * (levels rounded up to powers of two) = 2.43 MB per store.
 *
 * Non-finite values (NAN, ±inf) are stored as NAN: a gap. Comparisons with
 * NAN are false, so folding a NAN into a running min/max leaves it
 * unchanged; the code relies on that instead of testing isnan everywhere.
 *
 * Times must not go backwards. If the caller passes an older time than the
 * last sample's (a wall clock stepped back), the sample is kept and stamped
 * with the last sample's time, so the value is never lost and the ring stays
 * sorted for binary search.
 */

#include "vigil-trend-store.h"

#include <math.h>

#define LEAF_SHIFT 2
#define LEAF_MASK  ((G_GUINT64_CONSTANT (1) << LEAF_SHIFT) - 1)

/* Up to this many samples per column, an envelope walks the samples: at
 * that density a pyramid has little to skip (measured crossover ~12). */
#define WALK_FACTOR 8

/* Keeps slot arithmetic (first + index < 2 * capacity) inside a guint. */
#define MAX_CAPACITY (G_MAXUINT / 2)

typedef struct
{
  gint64 time_us;
  double value;
} Sample;

typedef struct
{
  double min;
  double max;
} Extent;

typedef struct
{
  Extent  *blocks;
  guint64  mask;
  guint    shift;
} Level;

struct _VigilTrendStore
{
  GObject  parent_instance;

  guint    capacity;
  guint    length;
  guint    first;      /* ring slot of index 0 */
  guint64  total;      /* absolute number of the next sample */
  guint64  generation;

  Sample  *samples;    /* the ring */

  Level   *levels;     /* levels[i] holds blocks of 2^(i + LEAF_SHIFT) */
  guint    n_levels;
};

G_DEFINE_FINAL_TYPE (VigilTrendStore, vigil_trend_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAPACITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline guint
slot_of (VigilTrendStore *self,
         guint            index)
{
  guint slot = self->first + index;

  if (slot >= self->capacity)
    slot -= self->capacity;
  return slot;
}

static inline gint64
time_at (VigilTrendStore *self,
         guint            index)
{
  return self->samples[slot_of (self, index)].time_us;
}

/* Fold a new value a into a running extreme b: a NAN a compares false and
 * leaves b as it was. Compiles to minsd / maxsd, without a branch. */
static inline double
min2 (double a,
      double b)
{
  return a < b ? a : b;
}

static inline double
max2 (double a,
      double b)
{
  return a > b ? a : b;
}

static void
reset_pyramid (VigilTrendStore *self)
{
  for (guint i = 0; i < self->n_levels; i++)
    for (guint64 b = 0; b <= self->levels[i].mask; b++)
      self->levels[i].blocks[b] = (Extent) { INFINITY, -INFINITY };
}

static void
vigil_trend_store_constructed (GObject *object)
{
  VigilTrendStore *self = VIGIL_TREND_STORE (object);
  guint shift;

  G_OBJECT_CLASS (vigil_trend_store_parent_class)->constructed (object);

  self->samples = g_new (Sample, self->capacity);

  self->n_levels = 0;
  for (shift = LEAF_SHIFT; shift < 32 && (G_GUINT64_CONSTANT (1) << shift) <= self->capacity; shift++)
    self->n_levels++;

  self->levels = g_new0 (Level, MAX (self->n_levels, 1));
  for (guint i = 0; i < self->n_levels; i++)
    {
      Level *level = &self->levels[i];
      guint64 n_blocks = ((guint64) self->capacity >> (i + LEAF_SHIFT)) + 2;
      guint64 size = 1;

      while (size < n_blocks)
        size <<= 1;

      level->shift = i + LEAF_SHIFT;
      level->mask = size - 1;
      level->blocks = g_new (Extent, size);
    }

  reset_pyramid (self);
}

static void
vigil_trend_store_finalize (GObject *object)
{
  VigilTrendStore *self = VIGIL_TREND_STORE (object);

  for (guint i = 0; i < self->n_levels; i++)
    g_free (self->levels[i].blocks);
  g_clear_pointer (&self->levels, g_free);
  g_clear_pointer (&self->samples, g_free);

  G_OBJECT_CLASS (vigil_trend_store_parent_class)->finalize (object);
}

static void
vigil_trend_store_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilTrendStore *self = VIGIL_TREND_STORE (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_trend_store_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilTrendStore *self = VIGIL_TREND_STORE (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_trend_store_class_init (VigilTrendStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_trend_store_constructed;
  object_class->finalize = vigil_trend_store_finalize;
  object_class->get_property = vigil_trend_store_get_property;
  object_class->set_property = vigil_trend_store_set_property;

  /**
   * VigilTrendStore:capacity:
   *
   * How many samples the ring retains; older ones are overwritten.
   */
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       1, MAX_CAPACITY, VIGIL_TREND_STORE_DEFAULT_CAPACITY,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_trend_store_init (VigilTrendStore *self)
{
  self->capacity = VIGIL_TREND_STORE_DEFAULT_CAPACITY;
}

/**
 * vigil_trend_store_new:
 * @capacity: samples retained, at least 1 (use
 *   %VIGIL_TREND_STORE_DEFAULT_CAPACITY for 24 h at 1 Hz)
 *
 * Returns: (transfer full): a new, empty store
 */
VigilTrendStore *
vigil_trend_store_new (guint capacity)
{
  g_return_val_if_fail (capacity > 0, NULL);
  g_return_val_if_fail (capacity <= MAX_CAPACITY, NULL);

  return g_object_new (VIGIL_TYPE_TREND_STORE,
                       "capacity", capacity,
                       NULL);
}

guint
vigil_trend_store_get_capacity (VigilTrendStore *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), 0);

  return self->capacity;
}

guint
vigil_trend_store_get_length (VigilTrendStore *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), 0);

  return self->length;
}

/**
 * vigil_trend_store_get_generation:
 *
 * A counter bumped by every append and clear: a view redraws only when it
 * differs from the value it last drew.
 */
guint64
vigil_trend_store_get_generation (VigilTrendStore *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), 0);

  return self->generation;
}

/**
 * vigil_trend_store_append:
 * @time_us: the sample's time; if older than the last sample's, the last
 *   sample's time is used instead (the value is kept, the order preserved)
 * @value: the value, or NAN for a gap (absent data); ±inf is stored as NAN
 *
 * Appends one sample, overwriting the oldest one when the store is full.
 */
void
vigil_trend_store_append (VigilTrendStore *self,
                          gint64           time_us,
                          double           value)
{
  guint slot;

  g_return_if_fail (VIGIL_IS_TREND_STORE (self));

  if (!isfinite (value))
    value = NAN;

  if (self->length > 0)
    {
      gint64 last_us = time_at (self, self->length - 1);

      if (time_us < last_us)
        time_us = last_us;
    }

  if (self->length < self->capacity)
    {
      slot = slot_of (self, self->length);
      self->length++;
    }
  else
    {
      slot = self->first;
      self->first = slot_of (self, 1);
    }

  self->samples[slot] = (Sample) { time_us, value };

  for (guint i = 0; i < self->n_levels; i++)
    {
      Level *level = &self->levels[i];
      Extent *block = &level->blocks[(self->total >> level->shift) & level->mask];

      /* The first sample of a block recycles the slot of an older block. */
      if ((self->total & ((G_GUINT64_CONSTANT (1) << level->shift) - 1)) == 0)
        *block = (Extent) { INFINITY, -INFINITY };
      block->min = min2 (value, block->min);
      block->max = max2 (value, block->max);
    }

  self->total++;
  self->generation++;
}

/**
 * vigil_trend_store_clear:
 *
 * Drops every sample; the capacity is kept.
 */
void
vigil_trend_store_clear (VigilTrendStore *self)
{
  g_return_if_fail (VIGIL_IS_TREND_STORE (self));

  self->length = 0;
  self->first = 0;
  self->total = 0;
  reset_pyramid (self);
  self->generation++;
}

/**
 * vigil_trend_store_get_sample:
 * @index: 0 for the oldest retained sample
 * @time_us: (out) (optional):
 * @value: (out) (optional): NAN for a gap
 *
 * Returns: %FALSE if @index is not below the length
 */
gboolean
vigil_trend_store_get_sample (VigilTrendStore *self,
                              guint            index,
                              gint64          *time_us,
                              double          *value)
{
  guint slot;

  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), FALSE);

  if (index >= self->length)
    return FALSE;

  slot = slot_of (self, index);
  if (time_us != NULL)
    *time_us = self->samples[slot].time_us;
  if (value != NULL)
    *value = self->samples[slot].value;
  return TRUE;
}

/**
 * vigil_trend_store_get_last:
 * @time_us: (out) (optional):
 * @value: (out) (optional): NAN if the newest sample is a gap
 *
 * Returns: %FALSE if the store is empty
 */
gboolean
vigil_trend_store_get_last (VigilTrendStore *self,
                            gint64          *time_us,
                            double          *value)
{
  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), FALSE);

  if (self->length == 0)
    return FALSE;

  return vigil_trend_store_get_sample (self, self->length - 1, time_us, value);
}

/**
 * vigil_trend_store_get_time_range:
 * @first_us: (out) (optional): time of the oldest retained sample
 * @last_us: (out) (optional): time of the newest sample
 *
 * Gaps count: the range covers every retained sample.
 *
 * Returns: %FALSE if the store is empty
 */
gboolean
vigil_trend_store_get_time_range (VigilTrendStore *self,
                                  gint64          *first_us,
                                  gint64          *last_us)
{
  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), FALSE);

  if (self->length == 0)
    return FALSE;

  if (first_us != NULL)
    *first_us = time_at (self, 0);
  if (last_us != NULL)
    *last_us = time_at (self, self->length - 1);
  return TRUE;
}

/* First index in [lo, hi] whose time is >= time_us, knowing that every
 * index below lo is older and that hi is the length or not older. */
static guint
bisect (VigilTrendStore *self,
        gint64           time_us,
        guint            lo,
        guint            hi)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (time_at (self, mid) < time_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Like bisect over [lo, length], but starts from a guess and gallops
 * outwards, so a good guess costs O(1) and a bad one O(log distance). */
static guint
lower_bound_near (VigilTrendStore *self,
                  gint64           time_us,
                  guint            lo,
                  guint            guess)
{
  guint length = self->length;
  guint step = 1;

  guess = CLAMP (guess, lo, length);

  if (guess < length && time_at (self, guess) < time_us)
    {
      guint above = guess + 1;

      for (;;)
        {
          guint probe;

          if (length - above < step)
            return bisect (self, time_us, above, length);
          probe = above + step - 1;
          if (time_at (self, probe) >= time_us)
            return bisect (self, time_us, above, probe);
          above = probe + 1;
          step *= 2;
        }
    }
  else
    {
      guint below = guess;

      for (;;)
        {
          guint probe;

          if (below - lo < step)
            return bisect (self, time_us, lo, below);
          probe = below - step;
          if (time_at (self, probe) < time_us)
            return bisect (self, time_us, probe + 1, below);
          below = probe;
          step *= 2;
        }
    }
}

/**
 * vigil_trend_store_lower_bound:
 *
 * Returns: the first index whose time is >= @time_us, or the length if
 *   every sample is older
 */
guint
vigil_trend_store_lower_bound (VigilTrendStore *self,
                               gint64           time_us)
{
  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), 0);

  return bisect (self, time_us, 0, self->length);
}

/* Min and max of the finite values in [begin, end) (indices, begin < end
 * <= length) folded into *min / *max.
 *
 * Min and max are idempotent: folding a sample twice changes nothing. So
 * instead of testing how ragged each end is and which blocks are odd, it
 * folds every sample and block that is certainly inside the range, which
 * leaves no data-dependent branch for the envelope's inner loop to
 * mispredict. Four independent min/max chains let the two ends and the two
 * sides of the pyramid overlap instead of queueing. */
static void
fold_range (VigilTrendStore *self,
            guint            begin,
            guint            end,
            double          *min,
            double          *max)
{
  const Sample *samples = self->samples;
  guint64 head = self->total - self->length;
  guint64 lo = head + begin;
  guint64 hi = head + end;
  double mn_left = INFINITY, mx_left = -INFINITY;
  double mn_right = INFINITY, mx_right = -INFINITY;
  double mn_low = INFINITY, mx_low = -INFINITY;
  double mn_high = INFINITY, mx_high = -INFINITY;
  guint64 lo_block;
  guint64 hi_block;
  guint slot;

  if (self->n_levels == 0 || hi - lo < 2 * (LEAF_MASK + 1))
    {
      double mn = *min;
      double mx = *max;

      slot = slot_of (self, begin);
      for (guint i = begin; i < end; i++)
        {
          mn = min2 (samples[slot].value, mn);
          mx = max2 (samples[slot].value, mx);
          if (++slot == self->capacity)
            slot = 0;
        }
      *min = mn;
      *max = mx;
      return;
    }

  /* Ragged ends: the range is at least two leaves long, so its first and
   * last LEAF_MASK samples are inside it and cover both ragged ends. */
  slot = slot_of (self, begin);
  for (guint j = 0; j < LEAF_MASK; j++)
    {
      mn_left = min2 (samples[slot].value, mn_left);
      mx_left = max2 (samples[slot].value, mx_left);
      if (++slot == self->capacity)
        slot = 0;
    }

  slot = slot_of (self, end - 1);
  for (guint j = 0; j < LEAF_MASK; j++)
    {
      mn_right = min2 (samples[slot].value, mn_right);
      mx_right = max2 (samples[slot].value, mx_right);
      slot = slot == 0 ? self->capacity - 1 : slot - 1;
    }

  /* Whole blocks: at each level, fold the first and last blocks inside
   * the range (one of them may be folded again at the next level, which
   * is harmless), drop the odd ones, go up. The top level has at most a
   * couple of blocks left. */
  lo_block = (lo + LEAF_MASK) >> LEAF_SHIFT;
  hi_block = hi >> LEAF_SHIFT;
  for (guint i = 0; lo_block < hi_block; i++)
    {
      const Level *level = &self->levels[i];
      const Extent *e;

      if (i + 1 == self->n_levels)
        {
          for (guint64 b = lo_block; b < hi_block; b++)
            {
              e = &level->blocks[b & level->mask];
              mn_low = min2 (e->min, mn_low);
              mx_low = max2 (e->max, mx_low);
            }
          break;
        }

      e = &level->blocks[lo_block & level->mask];
      mn_low = min2 (e->min, mn_low);
      mx_low = max2 (e->max, mx_low);

      e = &level->blocks[(hi_block - 1) & level->mask];
      mn_high = min2 (e->min, mn_high);
      mx_high = max2 (e->max, mx_high);

      lo_block = (lo_block + 1) >> 1;
      hi_block >>= 1;
    }

  mn_left = min2 (mn_left, mn_right);
  mx_left = max2 (mx_left, mx_right);
  mn_low = min2 (mn_low, mn_high);
  mx_low = max2 (mx_low, mx_high);
  *min = min2 (min2 (mn_left, mn_low), *min);
  *max = max2 (max2 (mx_left, mx_low), *max);
}

/**
 * vigil_trend_store_get_min_max:
 * @begin: first index
 * @end: one past the last index; clamped to the length
 * @min: (out) (optional):
 * @max: (out) (optional):
 *
 * The extremes of the finite values in [@begin, @end), in O(log n).
 *
 * Returns: %FALSE (and NAN extremes) if the range holds no finite value
 */
gboolean
vigil_trend_store_get_min_max (VigilTrendStore *self,
                               guint            begin,
                               guint            end,
                               double          *min,
                               double          *max)
{
  double lo = INFINITY;
  double hi = -INFINITY;
  gboolean found;

  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), FALSE);

  end = MIN (end, self->length);
  if (begin < end)
    fold_range (self, begin, end, &lo, &hi);

  found = lo <= hi;
  if (min != NULL)
    *min = found ? lo : NAN;
  if (max != NULL)
    *max = found ? hi : NAN;
  return found;
}

/* The column edges of a window: edge c = start + ceil (c × span / n),
 * computed as c × (span / n) + ceil (c × (span % n) / n) so nothing
 * overflows (c × (span % n) < n²). Each edge is computed on its own, with
 * no chain from one to the next, so consecutive columns overlap. */
typedef struct
{
  gint64  start_us;
  gint64  end_us;
  guint64 quotient;
  guint64 remainder;
  guint64 n;
} Edges;

static inline void
edges_init (Edges  *edges,
            gint64  start_us,
            gint64  end_us,
            guint   n_columns)
{
  guint64 span = (guint64) end_us - (guint64) start_us;

  edges->start_us = start_us;
  edges->end_us = end_us;
  edges->n = n_columns;
  edges->quotient = span / n_columns;
  edges->remainder = span % n_columns;
}

/* The end of column c, which is the start of column c + 1. */
static inline gint64
edges_end (const Edges *edges,
           guint        c)
{
  guint64 k = (guint64) c + 1;

  if (k >= edges->n)
    return edges->end_us;
  return (gint64) ((guint64) edges->start_us
                   + k * edges->quotient
                   + (k * edges->remainder + edges->n - 1) / edges->n);
}

static inline void
store_column (double *mins,
              double *maxs,
              guint   c,
              double  lo,
              double  hi)
{
  gboolean found = lo <= hi;

  mins[c] = found ? lo : NAN;
  maxs[c] = found ? hi : NAN;
}

/**
 * vigil_trend_store_get_envelope:
 * @start_us: start of the window (inclusive)
 * @end_us: end of the window (exclusive)
 * @n_columns: number of equal slices of the window
 * @mins: (array length=n_columns): filled with each slice's minimum
 * @maxs: (array length=n_columns): filled with each slice's maximum
 *
 * A sample at time t belongs to column
 * floor ((t - @start_us) × @n_columns / (@end_us - @start_us)). Each
 * column gets the min and max of its finite samples, or NAN in both when
 * it has none (including columns before the oldest or after the newest
 * sample, and every column when @end_us <= @start_us).
 *
 * Costs O(@n_columns × log n) whatever the window and the history length:
 * a window with few samples per column is walked sample by sample (at
 * most 8 × @n_columns of them), a denser one is cut into columns by
 * searching each edge and reading the pyramid.
 */
void
vigil_trend_store_get_envelope (VigilTrendStore *self,
                                gint64           start_us,
                                gint64           end_us,
                                guint            n_columns,
                                double          *mins,
                                double          *maxs)
{
  Edges edges;
  guint index;
  guint last;

  g_return_if_fail (VIGIL_IS_TREND_STORE (self));
  g_return_if_fail (n_columns == 0 || (mins != NULL && maxs != NULL));

  if (n_columns == 0)
    return;

  if (end_us <= start_us || self->length == 0)
    {
      for (guint c = 0; c < n_columns; c++)
        mins[c] = maxs[c] = NAN;
      return;
    }

  index = bisect (self, start_us, 0, self->length);
  last = bisect (self, end_us, index, self->length);
  edges_init (&edges, start_us, end_us, n_columns);

  if (last - index <= WALK_FACTOR * (guint64) n_columns)
    {
      const Sample *samples = self->samples;
      guint slot = slot_of (self, index);

      for (guint c = 0; c < n_columns; c++)
        {
          gint64 next_us = edges_end (&edges, c);
          double lo = INFINITY;
          double hi = -INFINITY;

          for (; index < last && samples[slot].time_us < next_us; index++)
            {
              lo = min2 (samples[slot].value, lo);
              hi = max2 (samples[slot].value, hi);
              if (++slot == self->capacity)
                slot = 0;
            }
          store_column (mins, maxs, c, lo, hi);
        }
      return;
    }

  {
    /* The mean sample rate turns an edge into a good first guess of its
     * index; galloping from the guess absorbs irregular spacing. */
    gint64 first_us = time_at (self, index);
    gint64 last_us = time_at (self, last - 1);
    double per_column = last_us > first_us
      ? (double) (last - 1 - index) * ((double) edges.quotient / ((double) last_us - (double) first_us))
      : 0.0;
    guint expected = (guint) MIN (per_column, (double) self->length);

    for (guint c = 0; c < n_columns; c++)
      {
        gint64 next_us = edges_end (&edges, c);
        double lo = INFINITY;
        double hi = -INFINITY;
        guint next;

        if (index == last)
          next = last;
        else if (next_us > last_us)
          next = last;
        else
          next = lower_bound_near (self, next_us, index,
                                   index + MIN (expected, last - index));

        if (index < next)
          fold_range (self, index, next, &lo, &hi);
        store_column (mins, maxs, c, lo, hi);
        index = next;
      }
  }
}

/**
 * vigil_trend_store_get_n_bytes:
 *
 * Returns: the heap bytes held by the store: the object, the sample ring
 *   and the pyramid
 */
gsize
vigil_trend_store_get_n_bytes (VigilTrendStore *self)
{
  gsize n_bytes;

  g_return_val_if_fail (VIGIL_IS_TREND_STORE (self), 0);

  n_bytes = sizeof *self;
  n_bytes += (gsize) self->capacity * sizeof (Sample);
  n_bytes += MAX (self->n_levels, 1) * sizeof (Level);
  for (guint i = 0; i < self->n_levels; i++)
    n_bytes += (gsize) (self->levels[i].mask + 1) * sizeof (Extent);
  return n_bytes;
}
