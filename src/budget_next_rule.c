/* The "next_year" rule of a budget file (doc/formats/budget.md, Next year):
 * which base next year's lines grow from, by how much, and what is carried.
 * Ratios must be decimals of at most 6 places, held as exact millionths, so
 * that ygt_budget_next() computes in integers and rounds once. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "budget_internal.h"
#include "error_internal.h"
#include "decimal_internal.h"
#include "score_internal.h"

#define RULE "next_year"

static const char *const base_names[] = {"", "actual", "budget", "weighted", NULL};
static const char *const carry_names[] = {"none", "fund_overspend", NULL};

/* x (already read) as exact millionths within [lo, hi]. */
static int micro(const char *file, const char *p, double x, double lo, double hi, int64_t *out) {
  int64_t m;
  int e;
  if (!isfinite(x) || x < lo || x > hi) return ygt__sj_fail(file, p, YGT_ERANGE, "%g is outside [%g, %g]", x, lo, hi);
  if (ygt__decimal_of(x, &m, &e) || e > 6)
    return ygt__sj_fail(file, p, YGT_ERANGE, "%.17g has more than 6 decimals", x);
  for (*out = m; e < 6; e++) *out *= 10;
  return 0;
}

/* An optional ratio at obj.key into millionths; absent keeps *out. */
static int ratio(const char *file, json_t *obj, const char *path, const char *key, double lo, double hi,
                 int64_t *out) {
  double x = 0;
  char p[256];
  int rc = ygt__sj_number(file, obj, path, key, 0, &x);
  if (rc || !json_object_get(obj, key)) return rc;
  ygt__sj_path(p, "%s.%s", path, key);
  return micro(file, p, x, lo, hi, out);
}

static int choice(const char *file, json_t *obj, const char *key, int need, const char *const *names, int *out) {
  const char *s = NULL;
  int rc = ygt__sj_string(file, obj, RULE, key, need, &s);
  if (rc || !s) return rc;
  int i = ygt__name_index(names, s);
  if (i < 0 || !s[0]) {
    char p[64];
    snprintf(p, sizeof p, RULE ".%s", key);
    return ygt__sj_fail(file, p, YGT_EPARSE, "unknown value '%s'", s);
  }
  *out = i;
  return 0;
}

/* weights {"actual": a, "budget": b}: only with base weighted, summing to 1. */
static int weights(const char *file, json_t *obj, bg_next *n) {
  static const char *const keys[] = {"actual", "budget", NULL};
  json_t *w = json_object_get(obj, "weights");
  if (n->base != BG_NEXT_WEIGHTED) {
    n->w_actual = n->base == BG_NEXT_ACTUAL ? BG_MICRO : 0;
    n->w_budget = BG_MICRO - n->w_actual;
    return w ? ygt__sj_fail(file, RULE ".weights", YGT_EPARSE, "only with base 'weighted'") : 0;
  }
  if (!json_is_object(w)) return ygt__sj_fail(file, RULE ".weights", YGT_EPARSE, "base 'weighted' needs an object {\"actual\": a, \"budget\": b}");
  int rc = ygt__sj_known_keys(file, w, RULE ".weights", keys);
  for (int k = 0; !rc && k < 2; k++) {
    double x = 0;
    char p[64];
    snprintf(p, sizeof p, RULE ".weights.%s", keys[k]);
    rc = ygt__sj_number(file, w, RULE ".weights", keys[k], 1, &x);
    if (!rc) rc = micro(file, p, x, 0, 1, k ? &n->w_budget : &n->w_actual);
  }
  if (!rc && n->w_actual + n->w_budget != BG_MICRO)
    return ygt__sj_fail(file, RULE ".weights", YGT_EVALIDATE, "actual %g + budget %g do not add up to 1",
                        (double)n->w_actual / BG_MICRO, (double)n->w_budget / BG_MICRO);
  return rc;
}

int ygt__budget_next_rule(const char *file, json_t *root, bg_next *out) {
  static const char *const keys[] = {"base", "weights", "floor", "growth", "carry", "note", NULL};
  json_t *obj = json_object_get(root, RULE);
  bg_next n = {0};
  if (!obj) return 0;
  if (!json_is_object(obj)) return ygt__sj_fail(file, RULE, YGT_EPARSE, "must be an object");
  int rc = ygt__sj_known_keys(file, obj, RULE, keys);
  if (!rc) rc = choice(file, obj, "base", 1, base_names, &n.base);
  if (!rc) rc = weights(file, obj, &n);
  if (!rc) rc = ratio(file, obj, RULE, "floor", 0, 1, &n.floor);
  if (!rc) rc = ratio(file, obj, RULE, "growth", -0.99, 10, &n.growth);
  if (!rc) rc = choice(file, obj, "carry", 0, carry_names, &n.carry);
  if (!rc) *out = n;
  return rc;
}

void ygt__budget_next_describe(char *out, size_t cap, const bg_next *n) {
  int k = snprintf(out, cap, "base %s", base_names[n->base]);
  if (n->base == BG_NEXT_WEIGHTED && k >= 0 && (size_t)k < cap)
    k += snprintf(out + k, cap - (size_t)k, " (actual %g, budget %g)", (double)n->w_actual / BG_MICRO,
                  (double)n->w_budget / BG_MICRO);
  if (n->floor && k >= 0 && (size_t)k < cap)
    k += snprintf(out + k, cap - (size_t)k, ", floor %g", (double)n->floor / BG_MICRO);
  if (k >= 0 && (size_t)k < cap)
    k += snprintf(out + k, cap - (size_t)k, ", growth %g, carry %s", (double)n->growth / BG_MICRO,
                  carry_names[n->carry]);
}
