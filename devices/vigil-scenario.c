/* vigil-scenario.c — the simulated patient: vitals as a function of time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An adult receiving IV ketamine 0.5 mg/kg over 40 min, as the devices at
 * the bedside would show it. Time 0 is the start of the infusion.
 *
 * The model is a pure function of (seed, time): the seed draws the patient
 * (baselines within a few units of 72 /min and 124/78 mmHg, the phases and
 * periods of slow drifts) and a key for hashed noise, so the value at a
 * given time never depends on which times were asked before. A simulator
 * that skips a tick at high --speed, or a test that jumps straight to
 * 30:00, sees the same patient.
 *
 * Physiology:
 * - ketamine effect e(t): smoothstep rise over the 40-min infusion, peak at
 *   its end, then exponential decay with a 12-min time constant (back near
 *   baseline by about 90 min, as in the large cohorts);
 * - HR = baseline + 10·e + slow drift (±2) + beat-to-beat noise (±1);
 *   the oximeter's pulse rate tracks it within ±1;
 * - SpO2 97–99 (slow drift) with occasional 1-point dips of a few seconds;
 * - NIBP is episodic: a reading completes at 0:00 and every 5 min; SYS =
 *   baseline + 18·e + drift (±1.5) + reading noise (±2), DIA = baseline +
 *   10·e + drift (±1) + noise (±2), MAP = DIA + (SYS − DIA)/3 as measured.
 *
 * The alarm scenarios replace parts of this with their own phase (the
 * table below): each one crosses its CLINICAL.md threshold with margins
 * larger than any noise, whatever the seed.
 */
#include "vigil-scenario.h"

#include <math.h>

typedef enum
{
  SCENARIO_NORMAL,
  SCENARIO_HYPERTENSIVE,
  SCENARIO_DESATURATION,
  SCENARIO_BRADYCARDIA,
  SCENARIO_TACHYCARDIA,
  SCENARIO_HYPOTENSION,
  SCENARIO_SENSOR_OFF,
  SCENARIO_CABLE_PULLED,
  SCENARIO_NIBP_FAIL,
  SCENARIO_SILENT,
  SCENARIO_NIBP_OVERDUE,
  N_SCENARIOS
} ScenarioKind;

#define MIN_S(m, s) ((gint64) (m) * 60 + (s))
#define MS(m, s)    (MIN_S (m, s) * 1000)

/* Indexed by ScenarioKind; names and times are the interface. */
static const VigilScenarioInfo scenario_table[N_SCENARIOS + 1] = {
  { "normal",
    "Uneventful infusion: HR +10 /min and SYS +18 mmHg at 30-40 min, then recovery; nothing alarms",
    "0:00 infusion starts, NIBP ~124/78, HR ~72; a NIBP reading every 5:00; "
    "30:00-40:00 peak ~142/88, HR ~82; 40:00 infusion ends; 90:00 back near baseline",
    -1, -1 },
  { "hypertensive",
    "Hypertensive response: SYS >= 160 by 20 min, >= 180 (DIA >= 110) at 30-40 min, then eases",
    "0:00 ~124/78; 20:00 reading ~168/106 (A7); 30:00, 35:00, 40:00 readings "
    "~188-190/116-118 (A8); 45:00 ~179/111; 55:00 ~157/100; 90:00 ~128/80",
    MS (30, 0), MS (45, 0) },
  { "desaturation",
    "SpO2 falls from ~98 % to ~84 % over 2 min from 3:00, stays low 2 min, recovers by 8:00",
    "3:00 SpO2 starts falling; ~4:10 < 90 % (A1); ~4:50 <= 85 % (A2); "
    "5:00-7:00 ~84 % (83-85), HR +8; 7:00 recovery starts; 8:00 back to 97-99 %",
    MS (5, 0), MS (7, 0) },
  { "bradycardia",
    "HR sags to ~45 /min from 4:00, then ~38 /min at 7:30-9:30, recovers by 11:00",
    "4:00 HR starts falling; ~4:40 < 50 (A5); 5:00-7:00 ~45 (44-46); "
    "7:30-9:30 ~38 (37-39, A6); 11:00 back to baseline",
    MS (7, 30), MS (9, 30) },
  { "tachycardia",
    "HR climbs past 125 /min from 4:00, past 155 /min at 7:30-9:30, recovers by 11:00",
    "4:00 HR starts rising; ~4:40 > 120 (A3); 5:00-7:00 ~128 (127-129); "
    "7:30-9:30 ~158 (157-159, A4); 11:00 back to baseline",
    MS (7, 30), MS (9, 30) },
  { "hypotension",
    "SYS falls to ~85 at the 10:00 reading, ~76 with MAP < 60 at 15:00 and 20:00, recovers by 30:00",
    "4:00 BP starts falling; 10:00 reading ~85/55 (A9); 15:00, 20:00 readings "
    "~76/47, MAP ~57 (A10), HR +14; 25:00 ~106/68; 30:00 back on the normal course",
    MS (15, 0), MS (25, 0) },
  { "sensor-off",
    "The SpO2 sensor falls off at 2:00 (SPO2=OFF, PR=OFF) for 90 s, then finds the pulse again",
    "2:00 SPO2=OFF, PR=OFF (T2), HR still from the ECG; 3:30 sensor back on, "
    "SPO2 and PR --- while it searches for the pulse; 3:36 values again",
    MS (2, 0), MS (3, 30) },
  { "cable-pulled",
    "The cable is pulled at 2:00 for 30 s: the pty hangs up, then comes back at the same path",
    "2:00 hang-up, nothing is sent (a real port just goes quiet); 2:30 re-plugged: "
    "a new pty behind the same link path, lines again",
    MS (2, 0), MS (2, 30) },
  { "nibp-fail",
    "The 5:00 NIBP reading fails (NIBP=FAIL); the retry at 6:00 succeeds",
    "0:00 reading; 5:00 NIBP=FAIL (T3); 6:00 retry reading; 10:00 the 5-min schedule goes on",
    MS (5, 0), MS (6, 0) },
  { "silent",
    "The device goes quiet at 2:00 for 20 s with the port still open, then resumes",
    "2:00 nothing sent, the port stays open; ~2:10 link lost on the host (T1); 2:20 lines again",
    MS (2, 0), MS (2, 20) },
  { "nibp-overdue",
    "The cuff stops measuring after the 5:00 reading (tubing off) until 25:00: NIBP overdue",
    "0:00, 5:00 readings; then none (the cuff is disconnected); 18:00 no reading for the "
    "10:00 interval + 3:00 grace (T4); 25:00 readings again every 5:00",
    MS (18, 0), MS (25, 0) },
  { NULL, NULL, NULL, -1, -1 },
};

typedef enum
{
  DRIFT_HR,
  DRIFT_SPO2,
  DRIFT_BP,
  N_DRIFTS
} Drift;

typedef enum
{
  NOISE_HR,
  NOISE_PR,
  NOISE_SPO2,
  NOISE_DIP,
  NOISE_DIP_START,
  NOISE_DIP_LENGTH,
  NOISE_SYS,
  NOISE_DIA,
  NOISE_PATIENT,
} Noise;

#define N_HARMONICS 3

struct _VigilScenario
{
  GObject       parent_instance;

  ScenarioKind  kind;
  guint32       seed;
  gint64        nibp_interval_ms;

  /* The patient, drawn from the seed. */
  guint64       noise_key;
  double        hr0;
  double        sys0;
  double        dia0;
  double        period_s[N_DRIFTS][N_HARMONICS];
  double        phase[N_DRIFTS][N_HARMONICS];
};

G_DEFINE_FINAL_TYPE (VigilScenario, vigil_scenario, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-scenario-error-quark, vigil_scenario_error)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SEED,
  PROP_NIBP_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_scenario_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilScenario *self = VIGIL_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, vigil_scenario_get_name (self));
      break;
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;
    case PROP_NIBP_INTERVAL:
      g_value_set_int64 (value, self->nibp_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_scenario_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VigilScenario *self = VIGIL_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_NIBP_INTERVAL:
      vigil_scenario_set_nibp_interval (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_scenario_class_init (VigilScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vigil_scenario_get_property;
  object_class->set_property = vigil_scenario_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NIBP_INTERVAL] =
    g_param_spec_int64 ("nibp-interval", NULL, NULL,
                        1000, G_MAXINT64, VIGIL_SCENARIO_DEFAULT_NIBP_INTERVAL_MS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_scenario_init (VigilScenario *self)
{
  self->nibp_interval_ms = VIGIL_SCENARIO_DEFAULT_NIBP_INTERVAL_MS;
}

/* splitmix64: a good 64-bit mix, so noise is a pure function of its inputs. */
static guint64
mix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

/* Uniform in [0, 1), the same for the same (channel, index). */
static double
noise (const VigilScenario *self,
       Noise                channel,
       gint64               index)
{
  guint64 h = mix64 (self->noise_key ^ mix64 (((guint64) channel << 56) ^ (guint64) index));

  return (double) (h >> 11) * (1.0 / 9007199254740992.0);
}

/* A whole number in [-amplitude, amplitude], uniform. */
static int
noise_int (const VigilScenario *self,
           Noise                channel,
           gint64               index,
           int                  amplitude)
{
  int n = (int) floor (noise (self, channel, index) * (2 * amplitude + 1));

  return MIN (n, 2 * amplitude) - amplitude;
}

/* -1, 0 or +1, with 0 the most likely: small beat-to-beat variation. */
static int
noise_step (const VigilScenario *self,
            Noise                channel,
            gint64               index,
            double               p_off)
{
  double u = noise (self, channel, index);

  if (u < p_off / 2)
    return -1;
  if (u < p_off)
    return 1;
  return 0;
}

/* Smooth and slow, in [-1, 1]: the sum of three seeded sinusoids. */
static double
drift (const VigilScenario *self,
       Drift                which,
       double               t_s)
{
  static const double weight[N_HARMONICS] = { 1.0, 0.5, 0.25 };
  double sum = 0.0;

  for (guint i = 0; i < N_HARMONICS; i++)
    sum += weight[i] * sin (2 * G_PI * t_s / self->period_s[which][i] + self->phase[which][i]);
  return sum / 1.75;
}

typedef struct
{
  double t_s;
  double value;
} Knot;

/* Piecewise linear through the knots, held flat outside them. */
static double
knots (const Knot *k,
       gsize       n,
       double      t_s)
{
  if (t_s <= k[0].t_s)
    return k[0].value;
  for (gsize i = 1; i < n; i++)
    if (t_s <= k[i].t_s)
      {
        double f = (t_s - k[i - 1].t_s) / (k[i].t_s - k[i - 1].t_s);
        return k[i - 1].value + f * (k[i].value - k[i - 1].value);
      }
  return k[n - 1].value;
}

#define KNOTS(k, t) knots ((k), G_N_ELEMENTS (k), (t))

static double
lerp (double a,
      double b,
      double w)
{
  return a + (b - a) * w;
}

/* The ketamine effect, 0..1: rises over the 40-min infusion, then decays. */
static double
ketamine_effect (double t_s)
{
  const double infusion_s = 40 * 60;

  if (t_s <= 0)
    return 0.0;
  if (t_s < infusion_s)
    {
      double x = t_s / infusion_s;
      return x * x * (3 - 2 * x);
    }
  return exp (-(t_s - infusion_s) / (12 * 60));
}

/* Phases of the alarm scenarios (seconds since start). */

static const Knot rate_event_weight[] = {
  { MIN_S (4, 0), 0 }, { MIN_S (5, 0), 1 }, { MIN_S (9, 30), 1 }, { MIN_S (11, 0), 0 },
};
static const Knot bradycardia_hr[] = {
  { MIN_S (7, 0), 45 }, { MIN_S (7, 30), 38 },
};
static const Knot tachycardia_hr[] = {
  { MIN_S (7, 0), 128 }, { MIN_S (7, 30), 158 },
};

static const Knot desaturation_weight[] = {
  { MIN_S (3, 0), 0 }, { MIN_S (5, 0), 1 }, { MIN_S (7, 0), 1 }, { MIN_S (8, 0), 0 },
};
#define DESATURATION_SPO2 84.0

/* Hypertensive response: the rise above baseline replaces the usual 18·e. */
static const Knot hypertensive_sys[] = {
  { MIN_S (0, 0), 0 }, { MIN_S (10, 0), 20 }, { MIN_S (20, 0), 44 }, { MIN_S (30, 0), 64 },
  { MIN_S (40, 0), 66 }, { MIN_S (50, 0), 44 }, { MIN_S (60, 0), 24 }, { MIN_S (75, 0), 10 },
  { MIN_S (90, 0), 4 }, { MIN_S (120, 0), 0 },
};
static const Knot hypertensive_dia[] = {
  { MIN_S (0, 0), 0 }, { MIN_S (10, 0), 12 }, { MIN_S (20, 0), 28 }, { MIN_S (30, 0), 38 },
  { MIN_S (40, 0), 40 }, { MIN_S (50, 0), 27 }, { MIN_S (60, 0), 14 }, { MIN_S (75, 0), 6 },
  { MIN_S (90, 0), 2 }, { MIN_S (120, 0), 0 },
};

static const Knot hypotension_weight[] = {
  { MIN_S (4, 0), 0 }, { MIN_S (10, 0), 1 }, { MIN_S (20, 0), 1 }, { MIN_S (30, 0), 0 },
};
static const Knot hypotension_sys[] = {
  { MIN_S (10, 0), 85 }, { MIN_S (15, 0), 76 },
};
static const Knot hypotension_dia[] = {
  { MIN_S (10, 0), 55 }, { MIN_S (15, 0), 47 },
};

#define SENSOR_SEARCH_MS 6000
#define NIBP_RETRY_MS    (60 * 1000)

static gboolean
in_event (const VigilScenario *self,
          gint64               elapsed_ms)
{
  const VigilScenarioInfo *info = &scenario_table[self->kind];

  return elapsed_ms >= info->onset_ms && elapsed_ms < info->end_ms;
}

/* Continuous heart rate before rounding and noise. */
static double
heart_rate (const VigilScenario *self,
            double               t_s)
{
  double e = ketamine_effect (t_s);
  double hr = self->hr0 + 10 * e + 2.0 * drift (self, DRIFT_HR, t_s);

  switch (self->kind)
    {
    case SCENARIO_BRADYCARDIA:
      return lerp (hr, KNOTS (bradycardia_hr, t_s), KNOTS (rate_event_weight, t_s));
    case SCENARIO_TACHYCARDIA:
      return lerp (hr, KNOTS (tachycardia_hr, t_s), KNOTS (rate_event_weight, t_s));
    case SCENARIO_DESATURATION:
      /* Hypoxia speeds the heart a little. */
      return hr + 8 * KNOTS (desaturation_weight, t_s);
    case SCENARIO_HYPOTENSION:
      /* The baroreflex answers a falling pressure. */
      return hr + 14 * KNOTS (hypotension_weight, t_s);
    case SCENARIO_HYPERTENSIVE:
      return hr + 8 * KNOTS (hypertensive_sys, t_s) / 66.0;
    case SCENARIO_NORMAL:
    case SCENARIO_SENSOR_OFF:
    case SCENARIO_CABLE_PULLED:
    case SCENARIO_NIBP_FAIL:
    case SCENARIO_SILENT:
    case SCENARIO_NIBP_OVERDUE:
    case N_SCENARIOS:
    default:
      return hr;
    }
}

/* Beat-to-beat noise is ±1 at most, so a scenario's plateau stays within
 * one unit of its target. */
static int
rounded_heart_rate (const VigilScenario *self,
                    gint64               second)
{
  double hr = heart_rate (self, (double) second);

  hr += noise_step (self, NOISE_HR, second, 0.5);
  return CLAMP ((int) lround (hr), 25, 250);
}

static double
spo2_level (const VigilScenario *self,
            gint64               second)
{
  double t_s = (double) second;
  double spo2 = 98.0 + 0.9 * drift (self, DRIFT_SPO2, t_s);
  gint64 block = second / 30;

  /* Now and then a 1-point dip of 3–8 s, as a finger moves. */
  if (noise (self, NOISE_DIP, block) < 0.15)
    {
      gint64 start = block * 30 + (gint64) (noise (self, NOISE_DIP_START, block) * 20);
      gint64 length = 3 + (gint64) (noise (self, NOISE_DIP_LENGTH, block) * 6);

      if (second >= start && second < start + length)
        spo2 -= 1.0;
    }

  if (self->kind == SCENARIO_DESATURATION)
    {
      double w = KNOTS (desaturation_weight, t_s);

      spo2 = lerp (spo2, DESATURATION_SPO2, w);
      spo2 += w * noise_step (self, NOISE_SPO2, second, 0.4);
    }
  return CLAMP (spo2, 50.0, 100.0);
}

/* One cuff reading completed at @t_ms. */
static void
nibp_reading (const VigilScenario *self,
              gint64               t_ms,
              int                 *out_sys,
              int                 *out_dia,
              int                 *out_mean)
{
  double t_s = t_ms / 1000.0;
  double e = ketamine_effect (t_s);
  double d = drift (self, DRIFT_BP, t_s);
  double sys = self->sys0 + 18 * e + 1.5 * d;
  double dia = self->dia0 + 10 * e + 1.0 * d;
  gint64 index = t_ms / 1000;
  int s, di;

  switch (self->kind)
    {
    case SCENARIO_HYPERTENSIVE:
      sys = self->sys0 + KNOTS (hypertensive_sys, t_s) + 1.5 * d;
      dia = self->dia0 + KNOTS (hypertensive_dia, t_s) + 1.0 * d;
      break;
    case SCENARIO_HYPOTENSION:
      {
        double w = KNOTS (hypotension_weight, t_s);

        sys = lerp (sys, KNOTS (hypotension_sys, t_s), w);
        dia = lerp (dia, KNOTS (hypotension_dia, t_s), w);
      }
      break;
    case SCENARIO_NORMAL:
    case SCENARIO_DESATURATION:
    case SCENARIO_BRADYCARDIA:
    case SCENARIO_TACHYCARDIA:
    case SCENARIO_SENSOR_OFF:
    case SCENARIO_CABLE_PULLED:
    case SCENARIO_NIBP_FAIL:
    case SCENARIO_SILENT:
    case SCENARIO_NIBP_OVERDUE:
    case N_SCENARIOS:
    default:
      break;
    }

  s = CLAMP ((int) lround (sys) + noise_int (self, NOISE_SYS, index, 2), 40, 300);
  di = CLAMP ((int) lround (dia) + noise_int (self, NOISE_DIA, index, 2), 20, s - 10);
  *out_sys = s;
  *out_dia = di;
  *out_mean = (int) lround (di + (s - di) / 3.0);
}

/* The latest cuff event in (previous_ms, elapsed_ms], if any. */
static VigilScenarioNibp
nibp_event (const VigilScenario *self,
            gint64               previous_ms,
            gint64               elapsed_ms,
            gint64              *out_t_ms)
{
  VigilScenarioNibp kind = VIGIL_SCENARIO_NIBP_NONE;
  gint64 slot;
  gint64 t_ms;

  if (elapsed_ms < 0)
    return kind;

  slot = elapsed_ms / self->nibp_interval_ms;
  t_ms = slot * self->nibp_interval_ms;
  if (t_ms > previous_ms)
    {
      kind = VIGIL_SCENARIO_NIBP_READING;
      *out_t_ms = t_ms;
    }

  /* Tubing off: the readings between 5:00 and 25:00 never happen. */
  if (self->kind == SCENARIO_NIBP_OVERDUE
      && kind != VIGIL_SCENARIO_NIBP_NONE
      && *out_t_ms > MS (5, 0) && *out_t_ms < MS (25, 0))
    kind = VIGIL_SCENARIO_NIBP_NONE;

  if (self->kind == SCENARIO_NIBP_FAIL)
    {
      /* The second scheduled reading fails and is retried a minute later,
       * unless the schedule itself comes first. */
      gint64 failed_ms = self->nibp_interval_ms;
      gint64 retry_ms = failed_ms + NIBP_RETRY_MS;

      if (kind != VIGIL_SCENARIO_NIBP_NONE && *out_t_ms == failed_ms)
        kind = VIGIL_SCENARIO_NIBP_FAILED;
      if (retry_ms < 2 * self->nibp_interval_ms &&
          retry_ms > previous_ms && retry_ms <= elapsed_ms &&
          (kind == VIGIL_SCENARIO_NIBP_NONE || *out_t_ms < retry_ms))
        {
          kind = VIGIL_SCENARIO_NIBP_READING;
          *out_t_ms = retry_ms;
        }
    }
  return kind;
}

/**
 * vigil_scenario_list:
 *
 * Returns: (array zero-terminated=1) (transfer none): every scenario, in
 *   the order --list-scenarios shows them, ended by an entry whose name is
 *   %NULL
 */
const VigilScenarioInfo *
vigil_scenario_list (void)
{
  return scenario_table;
}

/**
 * vigil_scenario_lookup:
 * @name: a scenario name such as "desaturation"
 *
 * Returns: (nullable) (transfer none): its row of the table, or %NULL
 */
const VigilScenarioInfo *
vigil_scenario_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < N_SCENARIOS; i++)
    if (g_str_equal (scenario_table[i].name, name))
      return &scenario_table[i];
  return NULL;
}

/**
 * vigil_scenario_new:
 * @name: a name from vigil_scenario_list()
 * @seed: draws the patient and the noise; the same seed gives the same values
 *
 * Returns: (transfer full): the scenario, or %NULL with @error set
 */
VigilScenario *
vigil_scenario_new (const char  *name,
                    guint32      seed,
                    GError     **error)
{
  const VigilScenarioInfo *info;
  g_autoptr(GRand) rand = NULL;
  VigilScenario *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = vigil_scenario_lookup (name);
  if (info == NULL)
    {
      g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_UNKNOWN,
                   "Unknown scenario “%s”. List the scenarios with --list-scenarios.",
                   name);
      return NULL;
    }

  self = g_object_new (VIGIL_TYPE_SCENARIO, NULL);
  self->kind = (ScenarioKind) (info - scenario_table);
  self->seed = seed;

  rand = g_rand_new_with_seed (seed);
  self->noise_key = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
  self->hr0 = g_rand_double_range (rand, 70.0, 74.0);
  self->sys0 = g_rand_double_range (rand, 122.0, 126.0);
  self->dia0 = g_rand_double_range (rand, 76.0, 80.0);
  for (guint d = 0; d < N_DRIFTS; d++)
    {
      /* Minutes-long swings, with faster ripples on top. */
      static const double base_period_s[N_HARMONICS] = { 420.0, 170.0, 65.0 };

      for (guint h = 0; h < N_HARMONICS; h++)
        {
          self->period_s[d][h] = base_period_s[h] * g_rand_double_range (rand, 0.8, 1.25);
          self->phase[d][h] = g_rand_double_range (rand, 0.0, 2 * G_PI);
        }
    }

  return self;
}

const char *
vigil_scenario_get_name (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), NULL);
  return scenario_table[self->kind].name;
}

const VigilScenarioInfo *
vigil_scenario_get_info (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), NULL);
  return &scenario_table[self->kind];
}

guint32
vigil_scenario_get_seed (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0);
  return self->seed;
}

gint64
vigil_scenario_get_nibp_interval (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0);
  return self->nibp_interval_ms;
}

/**
 * vigil_scenario_set_nibp_interval:
 * @interval_ms: time between scheduled cuff readings, at least 1000
 *
 * The scenarios' phases are documented for the default of 5 minutes; with
 * another interval the NIBP scenarios are sampled at other times.
 */
void
vigil_scenario_set_nibp_interval (VigilScenario *self,
                                  gint64         interval_ms)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));
  g_return_if_fail (interval_ms >= 1000);

  if (self->nibp_interval_ms == interval_ms)
    return;
  self->nibp_interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NIBP_INTERVAL]);
}

/**
 * vigil_scenario_sample:
 * @previous_ms: the time of the previous sample, or -1 for the first one
 * @elapsed_ms: now, in clock milliseconds since the scenario started
 * @out: (out caller-allocates): what the device shows now
 *
 * Continuous values are those at @elapsed_ms; a NIBP reading (or failure)
 * is reported when one completed in (@previous_ms, @elapsed_ms], the
 * latest if several did. The result depends only on the seed, the NIBP
 * interval and the two times.
 */
void
vigil_scenario_sample (VigilScenario       *self,
                       gint64               previous_ms,
                       gint64               elapsed_ms,
                       VigilScenarioSample *out)
{
  gint64 second;
  gint64 nibp_ms = 0;

  g_return_if_fail (VIGIL_IS_SCENARIO (self));
  g_return_if_fail (out != NULL);

  *out = (VigilScenarioSample) {
    .elapsed_ms = elapsed_ms,
    .hr = VIGIL_SCENARIO_ABSENT,
    .spo2 = VIGIL_SCENARIO_ABSENT,
    .pr = VIGIL_SCENARIO_ABSENT,
    .nibp = VIGIL_SCENARIO_NIBP_NONE,
    .nibp_ms = -1,
  };

  /* Continuous values change once a second, as a monitor's display does. */
  second = MAX (elapsed_ms, 0) / 1000;
  out->hr = rounded_heart_rate (self, second);

  if (self->kind == SCENARIO_SENSOR_OFF && in_event (self, elapsed_ms))
    out->spo2_sensor_off = TRUE;
  else if (self->kind == SCENARIO_SENSOR_OFF &&
           elapsed_ms >= scenario_table[self->kind].end_ms &&
           elapsed_ms < scenario_table[self->kind].end_ms + SENSOR_SEARCH_MS)
    {
      /* Pulse search: the sensor is on but has no numbers yet. */
    }
  else
    {
      out->spo2 = (int) lround (spo2_level (self, second));
      out->pr = CLAMP (out->hr + noise_step (self, NOISE_PR, second, 0.3), 25, 250);
    }

  out->nibp = nibp_event (self, previous_ms, elapsed_ms, &nibp_ms);
  if (out->nibp != VIGIL_SCENARIO_NIBP_NONE)
    out->nibp_ms = nibp_ms;
  if (out->nibp == VIGIL_SCENARIO_NIBP_READING)
    nibp_reading (self, nibp_ms, &out->nibp_sys, &out->nibp_dia, &out->nibp_mean);

  out->cable_pulled = self->kind == SCENARIO_CABLE_PULLED && in_event (self, elapsed_ms);
  out->silent = self->kind == SCENARIO_SILENT && in_event (self, elapsed_ms);
}
