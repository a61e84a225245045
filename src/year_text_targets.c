/* The report's calibration table: each target of the year (targets.tsv),
 * what the year gives, and whether it is within tolerance. */
#include <math.h>

#include "year_internal.h"

static const char *const relation_signs[] = {"=", ">=", "<="};

static double scale_of(const ygt_year *y) {
  return y->in.population_scale > 0 ? y->in.population_scale : 1.0;
}

/* Counts without decimals, rates with two. */
static int decimals(double v) { return fabs(v) >= 1000 ? 0 : 2; }

static void target_line(yr_sink *s, const ygt_year *y, size_t i) {
  const ygt_targets *t = y->in.targets;
  int relation;
  double value, tol, sim = NAN;
  ygt_targets_get(NULL, NULL, &relation, &value, &tol, t, i);
  int within = ygt_targets_evaluate(&sim, t, i, y->values, scale_of(y));
  ygt__yr_put(s, "  %-28s %2s %12.*f ± %-9.*f %12.*f  %-17s %s\n", ygt_targets_text(t, i, YGT_TARGET_INDICATOR),
              relation_signs[relation], decimals(value), value, decimals(tol), tol, decimals(value), sim,
              within == 1 ? "within tolerance" : "NOT within", ygt_targets_text(t, i, YGT_TARGET_SOURCE));
}

void ygt__year_text_targets(yr_sink *s, const ygt_year *y) {
  const ygt_targets *t = y->in.targets;
  size_t n = ygt_targets_count(t), others = 0;
  if (!n) return;
  ygt__yr_put(s, "\nCalibration: the documents' figures for %d (targets; counts at scale 1)\n", (int)y->year);
  ygt__yr_put(s, "  %-28s %2s %12s   %-9s %12s  %-17s %s\n", "indicator", "", "target", "tolerance", "simulated", "",
              "source");
  for (size_t i = 0; i < n; i++) {
    int32_t year;
    ygt_targets_get(NULL, &year, NULL, NULL, NULL, t, i);
    if (year == y->year) target_line(s, y, i);
    else others++;
  }
  if (others) ygt__yr_put(s, "  (%zu targets of other years: run those years)\n", others);
}
