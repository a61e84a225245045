/* The scoring methods: points of one item for one value, with the reason
 * written out (formulas in doc/formats/score.md). */
#include <math.h>
#include <stdio.h>

#include "score_internal.h"

typedef struct method_in {
  const sc_item *it;
  double x;
  char *buf;
  size_t cap;
} method_in;

static int higher(const sc_item *it) { return it->direction == YGT_HIGHER_BETTER; }

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

static double attainment(const method_in *m) {
  const sc_item *it = m->it;
  double x = m->x, w = it->weight, t = it->target;
  if (higher(it)) {
    double r = x <= 0 ? 0 : fmin(1.0, x / t);
    snprintf(m->buf, m->cap, "attainment: min(1, %.4g / %g) × %g = %.2f", x, t, w, w * r);
    return w * r;
  }
  double r = x <= t ? 1.0 : t / x;
  snprintf(m->buf, m->cap, "attainment (lower is better): min(1, %g / %.4g) × %g = %.2f", t, x, w, w * r);
  return w * r;
}

static double linear(const method_in *m) {
  const sc_item *it = m->it;
  double x = m->x, w = it->weight, t = it->target, f = it->floor;
  double r = higher(it) ? (x - f) / (t - f) : (f - x) / (f - t);
  if (r >= 1) snprintf(m->buf, m->cap, "linear: %.4g reaches the target %g: full %g", x, t, w);
  else if (r <= 0) snprintf(m->buf, m->cap, "linear: %.4g is at or beyond the floor %g: 0", x, f);
  else if (higher(it)) snprintf(m->buf, m->cap, "linear: (%.4g − %g) / (%g − %g) × %g = %.2f", x, f, t, f, w, w * r);
  else snprintf(m->buf, m->cap, "linear: (%g − %.4g) / (%g − %g) × %g = %.2f", f, x, f, t, w, w * r);
  return w * clamp01(r);
}

static double deduction(const method_in *m) {
  const sc_item *it = m->it;
  double x = m->x, w = it->weight, t = it->target;
  double short_by = higher(it) ? t - m->x : m->x - t;
  if (short_by <= 0) {
    snprintf(m->buf, m->cap, "deduction: %.4g meets the target %g: full %g", x, t, w);
    return w;
  }
  double units = short_by / it->unit;
  if (it->whole) units = floor(units + 1e-9);
  double pts = fmax(0.0, w - units * it->per_unit);
  snprintf(m->buf, m->cap, "deduction: %.4g is %.4g short of %g: %g %s × %g points off %g = %.2f", x, short_by, t,
           units, it->whole ? "whole units" : "units", it->per_unit, w, pts);
  return pts;
}

static double proportional(const method_in *m) {
  const sc_item *it = m->it;
  double x = m->x, w = it->weight;
  double r = higher(it) ? (x - it->zero) / (it->full - it->zero) : (it->full - x) / (it->full - it->zero);
  r = clamp01(r);
  snprintf(m->buf, m->cap, "proportional: %.4g on the scale %g..%g%s × %g = %.2f", x, it->zero, it->full,
           higher(it) ? "" : " (lower is better)", w, w * r);
  return w * r;
}

double ygt__band_lookup(const sc_band *b, size_t n, int upper, double x, double none) {
  for (size_t i = 0; i < n; i++)
    if (upper ? x <= b[i].bound : x >= b[i].bound) return b[i].out;
  return none;
}

static double bands(const method_in *m) {
  const sc_item *it = m->it;
  for (size_t i = 0; i < it->nbands; i++)
    if (it->upper ? m->x <= it->bands[i].bound : m->x >= it->bands[i].bound) {
      snprintf(m->buf, m->cap, "bands: %.4g %s %g: %g points", m->x, it->upper ? "<=" : ">=", it->bands[i].bound,
               it->bands[i].out);
      return it->bands[i].out;
    }
  snprintf(m->buf, m->cap, "bands: %.4g falls in no band: 0", m->x);
  return 0;
}

static double levels(const method_in *m) {
  const sc_item *it = m->it;
  double x = m->x;
  if (x != floor(x) || x < 0 || x >= (double)it->nlevels) {
    snprintf(m->buf, m->cap, "levels: %.4g is not a level (0 .. %zu): 0", x, it->nlevels - 1);
    return 0;
  }
  size_t k = (size_t)x;
  snprintf(m->buf, m->cap, "levels: level %zu '%s': %g points", k, it->level_names[k], it->level_points[k]);
  return it->level_points[k];
}

double ygt__method_points(const sc_item *it, double x, int status, int *vetoed, char *buf, size_t cap) {
  method_in m = {it, x, buf, cap};
  *vetoed = 0;
  if (status != YGT_VALUE_OK) {
    snprintf(buf, cap, "%s: no value (%s): %s", ygt_scoring_method_name(it->method), ygt_value_status_name(status),
             it->method == YGT_METHOD_VETO ? "veto not applied" : "0 points");
    return 0;
  }
  switch (it->method) {
  case YGT_METHOD_ATTAINMENT: return attainment(&m);
  case YGT_METHOD_LINEAR: return linear(&m);
  case YGT_METHOD_DEDUCTION: return deduction(&m);
  case YGT_METHOD_PROPORTIONAL: return proportional(&m);
  case YGT_METHOD_BANDS: return bands(&m);
  case YGT_METHOD_LEVELS: return levels(&m);
  default: break;
  }
  *vetoed = ygt__op_holds(it->op, x, it->cond);
  snprintf(buf, cap, "veto: %.4g %s %g %s", x, ygt__op_name(it->op), it->cond,
           *vetoed ? "holds: the total is capped" : "does not hold");
  return 0;
}
