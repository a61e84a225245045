/* The targets' figures under a set of settings: every year that has targets
 * generated (with the year before when a target is a growth), paid,
 * and its indicators computed at county scope. */
#include <math.h>
#include <stdlib.h>

#include "calibrate_internal.h"
#include "yigongti/year.h"

/* Whether a target of `year` is a growth, which needs the year before. */
static int needs_previous(const ygt_targets *t, int32_t year) {
  const ygt_indicators *reg = ygt_targets_indicators(t);
  for (size_t i = 0; i < ygt_targets_count(t); i++) {
    int32_t ind, y;
    ygt_targets_get(&ind, &y, NULL, NULL, NULL, t, i);
    if (y == year && ygt_indicators_formula(reg, ind) == YGT_FORMULA_GROWTH) return 1;
  }
  return 0;
}

/* The year (its events), or the year before (its totals: all a year run needs of it). */
static int generate(ygt_county **out, const ygt_calibration_inputs *in, const ygt_county_settings *s, int32_t year,
                    uint64_t seed, int totals) {
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.seed = seed;
  o.population_scale = in->population_scale;
  int rc = ygt_county_settings_options(&o, s, year);
  if (rc) return rc;
  return (totals ? ygt_county_generate_totals : ygt_county_generate)(out, in->model, in->rules, in->casemix, &o);
}

static void read_targets(const ygt_calibration_inputs *in, const ygt_year *y, int32_t year, double *sim) {
  for (size_t i = 0; i < ygt_targets_count(in->targets); i++) {
    int32_t ty;
    ygt_targets_get(NULL, &ty, NULL, NULL, NULL, in->targets, i);
    if (ty == year)
      ygt_targets_evaluate(&sim[i], in->targets, i, ygt_year_indicator_values(y), in->population_scale);
  }
}

/* The scheme pays from the year its period starts; earlier years are fee for service (before the reform). */
static const ygt_scheme *scheme_of(const ygt_scheme *scheme, int32_t year) {
  const char *from = scheme ? ygt_scheme_provenance(scheme, "period_from") : NULL;
  return from && strtol(from, NULL, 10) <= year ? scheme : NULL;
}

static int run_year(const ygt_calibration_inputs *in, const ygt_county_settings *s, int32_t year, double *sim) {
  ygt_county *county = NULL, *before = NULL;
  ygt_year *y = NULL;
  int rc = generate(&county, in, s, year, in->seed, 0);
  if (!rc && needs_previous(in->targets, year)) rc = generate(&before, in, s, year - 1, in->seed + 1, 1);
  if (!rc) {
    ygt_year_inputs yi = YGT_YEAR_INPUTS_INIT;
    yi.model = in->model, yi.county = county, yi.previous = before, yi.scheme = scheme_of(in->scheme, year);
    yi.indicators = ygt_targets_indicators(in->targets);
    rc = ygt_year_run(&y, &yi);
  }
  if (!rc) read_targets(in, y, year, sim);
  ygt_year_free(y);
  ygt_county_free(before);
  ygt_county_free(county);
  return rc;
}

/* Each year once, in the order of first appearance in the targets. */
static int seen_before(const ygt_targets *t, size_t i, int32_t year) {
  for (size_t k = 0; k < i; k++) {
    int32_t y;
    ygt_targets_get(NULL, &y, NULL, NULL, NULL, t, k);
    if (y == year) return 1;
  }
  return 0;
}

int ygt__calibrate_eval(const ygt_calibration_inputs *in, const ygt_county_settings *s, double *sim) {
  size_t n = ygt_targets_count(in->targets);
  for (size_t i = 0; i < n; i++) sim[i] = NAN;
  for (size_t i = 0; i < n; i++) {
    int32_t year;
    ygt_targets_get(NULL, &year, NULL, NULL, NULL, in->targets, i);
    int rc = seen_before(in->targets, i, year) ? 0 : run_year(in, s, year, sim);
    if (rc) return rc;
  }
  return 0;
}
