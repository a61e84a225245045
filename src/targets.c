/* A bundle's targets: accessors, the comparison of a year's figure with a
 * target, and the distance calibration minimises. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "targets_internal.h"

void ygt_targets_free(ygt_targets *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++)
    for (int k = 0; k < 4; k++) ygt__free(t->t[i].text[k]);
  ygt__free(t->t);
  ygt__free(t);
}

size_t ygt_targets_count(const ygt_targets *t) { return t ? t->n : 0; }

const ygt_indicators *ygt_targets_indicators(const ygt_targets *t) { return t ? t->reg : NULL; }

int ygt_targets_get(int32_t *indicator, int32_t *year, int *relation, double *value, double *tolerance,
                    const ygt_targets *t, size_t i) {
  if (!t || i >= t->n) return ygt__error(YGT_EINVAL, "ygt_targets_get: NULL targets or index %zu out of range", i);
  const tg_target *g = &t->t[i];
  if (indicator) *indicator = g->indicator;
  if (year) *year = g->year;
  if (relation) *relation = g->relation;
  if (value) *value = g->value;
  if (tolerance) *tolerance = g->tolerance;
  return 0;
}

const char *ygt_targets_text(const ygt_targets *t, size_t i, int field) {
  return t && i < t->n && field >= 0 && field < 4 ? t->t[i].text[field] : NULL;
}

/* A zero tolerance still needs a unit to measure distances in. */
static double unit_of(const tg_target *g) {
  if (g->tolerance > 0) return g->tolerance;
  return g->value != 0 ? fabs(g->value) * 0.01 : 1e-9;
}

double ygt_targets_distance(const ygt_targets *t, size_t i, double simulated) {
  if (!t || i >= t->n || isnan(simulated)) return NAN;
  const tg_target *g = &t->t[i];
  double d = (simulated - g->value) / unit_of(g);
  if (g->relation == YGT_TARGET_AT_LEAST) return d >= -1 ? 0 : d + 1;
  if (g->relation == YGT_TARGET_AT_MOST) return d <= 1 ? 0 : d - 1;
  return d;
}

/* A count of the county (formula value, unit count) grows with the scale. */
int ygt__target_is_count(const ygt_indicators *reg, int32_t i) {
  const char *unit = ygt_indicators_unit(reg, i);
  return ygt_indicators_formula(reg, i) == YGT_FORMULA_VALUE && unit && !strcmp(unit, "count");
}

static int holds(const tg_target *g, double x) {
  if (g->relation == YGT_TARGET_AT_LEAST) return x >= g->value - g->tolerance;
  if (g->relation == YGT_TARGET_AT_MOST) return x <= g->value + g->tolerance;
  return fabs(x - g->value) <= g->tolerance;
}

int ygt_targets_evaluate(double *simulated, const ygt_targets *t, size_t i, const ygt_indicator_values *values,
                         double scale) {
  if (!t || !values || i >= t->n || !(scale > 0))
    return ygt__error(YGT_EINVAL, "ygt_targets_evaluate: NULL argument, index %zu out of range or scale %g", i, scale);
  const tg_target *g = &t->t[i];
  double x = NAN;
  int status = ygt_indicator_values_get(&x, values, g->indicator, YGT_SCOPE_COUNTY, 0);
  if (status < 0) return status;
  if (status != YGT_VALUE_OK) x = NAN;
  else if (ygt__target_is_count(t->reg, g->indicator)) x /= scale;
  if (simulated) *simulated = x;
  return !isnan(x) && holds(g, x);
}
