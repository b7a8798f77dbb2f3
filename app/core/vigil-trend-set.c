/* vigil-trend-set.c — the trend stores of one monitor, fed by observations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Routing rules
 *
 * Continuous parameters (HR, SpO2, pulse rate) append one sample per
 * observation: the value when the observation is present
 * (vigil_observation_is_present: valid, not sensor-off, not stale, finite),
 * NAN otherwise, so an absent value or a sensor off breaks the line instead
 * of extending the last number.
 *
 * NIBP is episodic: only a present reading appends, to all three NIBP
 * stores at the same time; a reading without a mean appends NAN to the mean
 * store rather than an estimated value. An absent NIBP observation (cuff
 * error, "---") changes nothing: a gap between two readings is already
 * what the chart shows.
 *
 * Samples are stamped with host_wall_us, the arrival time on the wall
 * clock, so every series shares one time axis.
 */

#include "vigil-trend-set.h"

#include <math.h>

struct _VigilTrendSet
{
  GObject          parent_instance;

  guint            capacity;
  VigilTrendStore *stores[VIGIL_N_TREND_SERIES];
};

G_DEFINE_FINAL_TYPE (VigilTrendSet, vigil_trend_set, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAPACITY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *series_names[VIGIL_N_TREND_SERIES] = {
  [VIGIL_TREND_SERIES_HR] = "hr",
  [VIGIL_TREND_SERIES_SPO2] = "spo2",
  [VIGIL_TREND_SERIES_PULSE_RATE] = "pr",
  [VIGIL_TREND_SERIES_NIBP_SYSTOLIC] = "nibp-systolic",
  [VIGIL_TREND_SERIES_NIBP_DIASTOLIC] = "nibp-diastolic",
  [VIGIL_TREND_SERIES_NIBP_MEAN] = "nibp-mean",
};

static void
vigil_trend_set_constructed (GObject *object)
{
  VigilTrendSet *self = VIGIL_TREND_SET (object);

  G_OBJECT_CLASS (vigil_trend_set_parent_class)->constructed (object);

  for (guint i = 0; i < VIGIL_N_TREND_SERIES; i++)
    self->stores[i] = vigil_trend_store_new (self->capacity);
}

static void
vigil_trend_set_dispose (GObject *object)
{
  VigilTrendSet *self = VIGIL_TREND_SET (object);

  for (guint i = 0; i < VIGIL_N_TREND_SERIES; i++)
    g_clear_object (&self->stores[i]);

  G_OBJECT_CLASS (vigil_trend_set_parent_class)->dispose (object);
}

static void
vigil_trend_set_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilTrendSet *self = VIGIL_TREND_SET (object);

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
vigil_trend_set_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilTrendSet *self = VIGIL_TREND_SET (object);

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
vigil_trend_set_class_init (VigilTrendSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_trend_set_constructed;
  object_class->dispose = vigil_trend_set_dispose;
  object_class->get_property = vigil_trend_set_get_property;
  object_class->set_property = vigil_trend_set_set_property;

  /**
   * VigilTrendSet:capacity:
   *
   * Samples retained by each store.
   */
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       1, G_MAXUINT / 2, VIGIL_TREND_STORE_DEFAULT_CAPACITY,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilTrendSet::changed:
   *
   * Emitted once per vigil_trend_set_push() or vigil_trend_set_clear()
   * that changed at least one store. Views that poll the stores'
   * generation do not need it.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
vigil_trend_set_init (VigilTrendSet *self)
{
  self->capacity = VIGIL_TREND_STORE_DEFAULT_CAPACITY;
}

/**
 * vigil_trend_set_new:
 * @capacity: samples retained by each store, at least 1
 *
 * Returns: (transfer full): a set with one empty store per series
 */
VigilTrendSet *
vigil_trend_set_new (guint capacity)
{
  g_return_val_if_fail (capacity > 0, NULL);
  g_return_val_if_fail (capacity <= G_MAXUINT / 2, NULL);

  return g_object_new (VIGIL_TYPE_TREND_SET,
                       "capacity", capacity,
                       NULL);
}

guint
vigil_trend_set_get_capacity (VigilTrendSet *self)
{
  g_return_val_if_fail (VIGIL_IS_TREND_SET (self), 0);

  return self->capacity;
}

/**
 * vigil_trend_set_get_store:
 *
 * Returns: (transfer none): the store of @series, owned by @self
 */
VigilTrendStore *
vigil_trend_set_get_store (VigilTrendSet    *self,
                           VigilTrendSeries  series)
{
  g_return_val_if_fail (VIGIL_IS_TREND_SET (self), NULL);
  g_return_val_if_fail (series < VIGIL_N_TREND_SERIES, NULL);

  return self->stores[series];
}

/**
 * vigil_trend_set_push:
 * @observation: an observation from any device
 *
 * Appends @observation to the store(s) of its parameter at its
 * host_wall_us, following the routing rules at the top of this file.
 */
void
vigil_trend_set_push (VigilTrendSet          *self,
                      const VigilObservation *observation)
{
  gboolean present;
  gint64 time_us;

  g_return_if_fail (VIGIL_IS_TREND_SET (self));
  g_return_if_fail (observation != NULL);
  g_return_if_fail (observation->parameter < VIGIL_N_PARAMETERS);

  present = vigil_observation_is_present (observation);
  time_us = observation->host_wall_us;

  switch (observation->parameter)
    {
    case VIGIL_PARAMETER_HR:
    case VIGIL_PARAMETER_SPO2:
    case VIGIL_PARAMETER_PULSE_RATE:
      {
        VigilTrendSeries series =
          observation->parameter == VIGIL_PARAMETER_HR ? VIGIL_TREND_SERIES_HR :
          observation->parameter == VIGIL_PARAMETER_SPO2 ? VIGIL_TREND_SERIES_SPO2 :
          VIGIL_TREND_SERIES_PULSE_RATE;

        vigil_trend_store_append (self->stores[series], time_us,
                                  present ? observation->value : NAN);
      }
      break;

    case VIGIL_PARAMETER_NIBP:
      if (!present)
        return;
      vigil_trend_store_append (self->stores[VIGIL_TREND_SERIES_NIBP_SYSTOLIC],
                                time_us, observation->value);
      vigil_trend_store_append (self->stores[VIGIL_TREND_SERIES_NIBP_DIASTOLIC],
                                time_us, observation->diastolic);
      vigil_trend_store_append (self->stores[VIGIL_TREND_SERIES_NIBP_MEAN],
                                time_us, observation->mean);
      break;

    case VIGIL_N_PARAMETERS:
    default:
      g_assert_not_reached ();
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * vigil_trend_set_clear:
 *
 * Empties every store, for a new patient.
 */
void
vigil_trend_set_clear (VigilTrendSet *self)
{
  g_return_if_fail (VIGIL_IS_TREND_SET (self));

  for (guint i = 0; i < VIGIL_N_TREND_SERIES; i++)
    vigil_trend_store_clear (self->stores[i]);

  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
vigil_trend_series_to_string (VigilTrendSeries series)
{
  g_return_val_if_fail (series < VIGIL_N_TREND_SERIES, "unknown");

  return series_names[series];
}

/**
 * vigil_trend_series_get_parameter:
 *
 * Returns: the parameter whose observations feed @series
 */
VigilParameter
vigil_trend_series_get_parameter (VigilTrendSeries series)
{
  switch (series)
    {
    case VIGIL_TREND_SERIES_HR:
      return VIGIL_PARAMETER_HR;
    case VIGIL_TREND_SERIES_SPO2:
      return VIGIL_PARAMETER_SPO2;
    case VIGIL_TREND_SERIES_PULSE_RATE:
      return VIGIL_PARAMETER_PULSE_RATE;
    case VIGIL_TREND_SERIES_NIBP_SYSTOLIC:
    case VIGIL_TREND_SERIES_NIBP_DIASTOLIC:
    case VIGIL_TREND_SERIES_NIBP_MEAN:
      return VIGIL_PARAMETER_NIBP;
    case VIGIL_N_TREND_SERIES:
    default:
      g_return_val_if_reached (VIGIL_N_PARAMETERS);
    }
}
