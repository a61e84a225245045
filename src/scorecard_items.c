/* One scorecard item from JSON: indicator, weight, method and the method's
 * parameters, validated (doc/formats/score.md). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "score_internal.h"

#define PATH_CAP 256

static const char *const ops[] = {"<", "<=", ">", ">=", "==", "!=", NULL};

static const char *const method_keys[7][4] = {
  {NULL}, {NULL}, {"points", "unit", "whole", NULL}, {"zero", "full", NULL},
  {"bands", NULL}, {"levels", NULL}, {"condition", "cap", NULL},
};

const char *ygt__op_name(int op) { return op >= 0 && op <= SC_OP_NE ? ops[op] : "?"; }

int ygt__op_holds(int op, double x, double v) {
  switch (op) {
  case SC_OP_LT: return x < v;
  case SC_OP_LE: return x <= v;
  case SC_OP_GT: return x > v;
  case SC_OP_GE: return x >= v;
  case SC_OP_EQ: return x == v;
  default: return x != v;
  }
}

void ygt__scorecard_item_clear(sc_item *it) {
  for (size_t i = 0; i < it->nlevels; i++) ygt__free(it->level_names[i]);
  ygt__free(it->level_names);
  ygt__free(it->level_points);
  ygt__free(it->bands);
  ygt__free(it->id);
  memset(it, 0, sizeof *it);
}

static int known_keys(const char *file, json_t *obj, const char *path, int method) {
  const char *keys[16] = {"id", "indicator", "weight", "method", "direction", "target", "floor", "note"};
  size_t n = 8;
  for (size_t k = 0; method_keys[method][k]; k++) keys[n++] = method_keys[method][k];
  keys[n] = NULL;
  return ygt__sj_known_keys(file, obj, path, keys);
}

static void sub(char *out, const char *path, const char *key) { ygt__sj_path(out, "%s.%s", path, key); }

/* ---- bands and levels ------------------------------------------------------ */

static int band_row(const char *file, json_t *row, const char *p, double weight, int *upper, sc_band *b) {
  if (!json_is_object(row)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be an object");
  int has_min = json_object_get(row, "min") != NULL, has_max = json_object_get(row, "max") != NULL;
  if (has_min == has_max) return ygt__sj_fail(file, p, YGT_EPARSE, "a band has exactly one of 'min' and 'max'");
  if (*upper >= 0 && *upper != has_max)
    return ygt__sj_fail(file, p, YGT_EVALIDATE, "bands mix 'min' and 'max'");
  *upper = has_max;
  static const char *const keys[] = {"min", "max", "points", NULL};
  int rc = ygt__sj_known_keys(file, row, p, keys);
  if (!rc) rc = ygt__sj_number(file, row, p, has_max ? "max" : "min", 1, &b->bound);
  if (!rc) rc = ygt__sj_number(file, row, p, "points", 1, &b->out);
  if (!rc && (b->out < 0 || b->out > weight))
    rc = ygt__sj_fail(file, p, YGT_EVALIDATE, "points %g outside [0, weight %g]", b->out, weight);
  return rc;
}

static int parse_bands(const char *file, json_t *obj, const char *path, sc_item *it) {
  char p[PATH_CAP];
  sub(p, path, "bands");
  json_t *a = json_object_get(obj, "bands");
  if (!a) return ygt__sj_fail(file, p, YGT_EPARSE, "missing required key");
  if (!json_is_array(a) || !json_array_size(a)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be a non-empty array");
  it->bands = ygt__calloc(json_array_size(a), sizeof *it->bands);
  if (!it->bands) return YGT_ENOMEM;
  int upper = -1;
  for (size_t i = 0; i < json_array_size(a); i++) {
    char q[PATH_CAP];
    ygt__sj_path(q, "%s[%zu]", p, i);
    int rc = band_row(file, json_array_get(a, i), q, it->weight, &upper, &it->bands[i]);
    if (rc) return rc;
    it->nbands = i + 1;
    if (i && (upper ? it->bands[i].bound <= it->bands[i - 1].bound : it->bands[i].bound >= it->bands[i - 1].bound))
      return ygt__sj_fail(file, q, YGT_EVALIDATE, "bands must be ordered by strictly %s '%s' without overlap",
                          upper ? "increasing" : "decreasing", upper ? "max" : "min");
  }
  it->upper = upper;
  return 0;
}

static int level_row(const char *file, json_t *row, const char *q, sc_item *it, size_t i) {
  const char *name;
  if (!json_is_object(row)) return ygt__sj_fail(file, q, YGT_EPARSE, "must be an object");
  static const char *const keys[] = {"name", "points", NULL};
  int rc = ygt__sj_known_keys(file, row, q, keys);
  if (!rc) rc = ygt__sj_string(file, row, q, "name", 1, &name);
  if (!rc) rc = ygt__sj_number(file, row, q, "points", 1, &it->level_points[i]);
  if (rc) return rc;
  if (it->level_points[i] < 0 || it->level_points[i] > it->weight)
    return ygt__sj_fail(file, q, YGT_EVALIDATE, "points %g outside [0, weight %g]", it->level_points[i], it->weight);
  for (size_t k = 0; k < i; k++)
    if (strcmp(it->level_names[k], name) == 0) return ygt__sj_fail(file, q, YGT_EEXISTS, "level '%s' given twice", name);
  it->level_names[i] = ygt__strdup(name);
  if (!it->level_names[i]) return YGT_ENOMEM;
  it->nlevels = i + 1;
  return 0;
}

static int parse_levels(const char *file, json_t *obj, const char *path, sc_item *it) {
  char p[PATH_CAP];
  sub(p, path, "levels");
  json_t *a = json_object_get(obj, "levels");
  if (!a) return ygt__sj_fail(file, p, YGT_EPARSE, "missing required key");
  if (!json_is_array(a) || !json_array_size(a)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be a non-empty array");
  size_t n = json_array_size(a);
  it->level_names = ygt__calloc(n, sizeof(char *));
  it->level_points = ygt__calloc(n, sizeof(double));
  if (!it->level_names || !it->level_points) return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    char q[PATH_CAP];
    ygt__sj_path(q, "%s[%zu]", p, i);
    int rc = level_row(file, json_array_get(a, i), q, it, i);
    if (rc) return rc;
  }
  return 0;
}

/* ---- per-method parameters -------------------------------------------------- */

static int need(const char *file, const char *path, const char *key, double v) {
  char p[PATH_CAP];
  sub(p, path, key);
  return isnan(v) ? ygt__sj_fail(file, p, YGT_EVALIDATE, "required by this method (neither the item nor the "
                                                         "indicator gives it)") : 0;
}

static int check_linear(const char *file, const char *path, const sc_item *it) {
  int rc = need(file, path, "target", it->target);
  if (!rc) rc = need(file, path, "floor", it->floor);
  if (rc) return rc;
  int wrong = it->direction == YGT_HIGHER_BETTER ? it->floor >= it->target : it->floor <= it->target;
  char p[PATH_CAP];
  sub(p, path, "floor");
  return wrong ? ygt__sj_fail(file, p, YGT_EVALIDATE, "floor %g must lie %s target %g", it->floor,
                              it->direction == YGT_HIGHER_BETTER ? "below the" : "above the", it->target)
               : 0;
}

static int parse_deduction(const char *file, json_t *obj, const char *path, sc_item *it) {
  char p[PATH_CAP];
  it->unit = 1;
  it->whole = 1;
  it->per_unit = NAN;
  int rc = need(file, path, "target", it->target);
  if (!rc) rc = ygt__sj_number(file, obj, path, "points", 1, &it->per_unit);
  if (!rc) rc = ygt__sj_number(file, obj, path, "unit", 0, &it->unit);
  if (!rc) rc = ygt__sj_bool(file, obj, path, "whole", &it->whole);
  if (rc) return rc;
  if (!(it->per_unit > 0)) return sub(p, path, "points"), ygt__sj_fail(file, p, YGT_EVALIDATE, "must be > 0");
  if (!(it->unit > 0)) return sub(p, path, "unit"), ygt__sj_fail(file, p, YGT_EVALIDATE, "must be > 0");
  return 0;
}

static int parse_proportional(const char *file, json_t *obj, const char *path, sc_item *it) {
  it->zero = 0;
  it->full = 100;
  int rc = ygt__sj_number(file, obj, path, "zero", 0, &it->zero);
  if (!rc) rc = ygt__sj_number(file, obj, path, "full", 0, &it->full);
  char p[PATH_CAP];
  sub(p, path, "full");
  if (!rc && it->full == it->zero) rc = ygt__sj_fail(file, p, YGT_EVALIDATE, "full must differ from zero");
  return rc;
}

static const char *sub_op(char *q, const char *p) {
  ygt__sj_path(q, "%s.op", p);
  return q;
}

static int parse_veto(const char *file, json_t *obj, const char *path, sc_item *it) {
  char p[PATH_CAP], q[PATH_CAP];
  const char *op;
  sub(p, path, "condition");
  json_t *c = json_object_get(obj, "condition");
  if (!c) return ygt__sj_fail(file, p, YGT_EVALIDATE, "a veto item needs a condition");
  if (!json_is_object(c)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be an object");
  static const char *const keys[] = {"op", "value", NULL};
  int rc = ygt__sj_known_keys(file, c, p, keys);
  if (!rc) rc = ygt__sj_string(file, c, p, "op", 1, &op);
  if (!rc) rc = ygt__sj_number(file, c, p, "value", 1, &it->cond);
  if (rc) return rc;
  if ((it->op = ygt__name_index(ops, op)) < 0)
    return ygt__sj_fail(file, sub_op(q, p), YGT_ENOTFOUND, "unknown operator '%s' (<, <=, >, >=, ==, !=)", op);
  it->cap = 0;
  rc = ygt__sj_number(file, obj, path, "cap", 0, &it->cap);
  sub(p, path, "cap");
  if (!rc && (it->cap < 0 || it->cap > 100)) rc = ygt__sj_fail(file, p, YGT_EVALIDATE, "cap must lie in [0, 100]");
  return rc;
}

static int parse_method(const char *file, json_t *obj, const char *path, sc_item *it) {
  switch (it->method) {
  case YGT_METHOD_ATTAINMENT: {
    int rc = need(file, path, "target", it->target);
    char p[PATH_CAP];
    sub(p, path, "target");
    return rc ? rc : it->target > 0 ? 0 : ygt__sj_fail(file, p, YGT_EVALIDATE, "attainment needs a target > 0");
  }
  case YGT_METHOD_LINEAR: return check_linear(file, path, it);
  case YGT_METHOD_DEDUCTION: return parse_deduction(file, obj, path, it);
  case YGT_METHOD_PROPORTIONAL: return parse_proportional(file, obj, path, it);
  case YGT_METHOD_BANDS: return parse_bands(file, obj, path, it);
  case YGT_METHOD_LEVELS: return parse_levels(file, obj, path, it);
  default: return parse_veto(file, obj, path, it);
  }
}

/* ---- the item ------------------------------------------------------------------ */

static int parse_head(const char *file, const ygt_indicators *reg, json_t *obj, const char *path, sc_item *it) {
  const char *ind, *method, *dir = NULL, *id = NULL;
  char p[PATH_CAP];
  int rc = ygt__sj_string(file, obj, path, "indicator", 1, &ind);
  if (!rc) rc = ygt__sj_string(file, obj, path, "method", 1, &method);
  if (!rc) rc = ygt__sj_string(file, obj, path, "direction", 0, &dir);
  if (!rc) rc = ygt__sj_string(file, obj, path, "id", 0, &id);
  if (rc) return rc;
  if ((it->method = ygt__name_index(ygt__method_names, method)) < 0)
    return sub(p, path, "method"), ygt__sj_fail(file, p, YGT_ENOTFOUND, "unknown scoring method '%s'", method);
  it->ind = ygt_indicators_find(reg, ind);
  if (it->ind < 0) return sub(p, path, "indicator"), ygt__sj_fail(file, p, YGT_ENOTFOUND, "unknown indicator '%s'", ind);
  const sc_indicator *x = &reg->items[it->ind];
  it->direction = x->direction;
  if (dir && (it->direction = ygt__name_index(ygt__direction_names, dir)) < 0)
    return sub(p, path, "direction"), ygt__sj_fail(file, p, YGT_EPARSE, "unknown direction '%s' (higher, lower)", dir);
  it->id = ygt__strdup(id ? id : ind);
  it->target = x->target;
  it->floor = x->floor;
  return it->id ? 0 : YGT_ENOMEM;
}

static int parse_weight(const char *file, json_t *obj, const char *path, sc_item *it) {
  char p[PATH_CAP];
  sub(p, path, "weight");
  it->weight = 0;
  int rc = ygt__sj_number(file, obj, path, "weight", it->method != YGT_METHOD_VETO, &it->weight);
  if (rc) return rc;
  if (it->method == YGT_METHOD_VETO && it->weight != 0)
    return ygt__sj_fail(file, p, YGT_EVALIDATE, "a veto item carries no weight");
  return it->weight < 0 || it->weight > 100 ? ygt__sj_fail(file, p, YGT_EVALIDATE, "weight must lie in [0, 100]") : 0;
}

int ygt__sj_item(const char *file, const ygt_indicators *reg, json_t *obj, const char *path, sc_item *it) {
  if (!json_is_object(obj)) return ygt__sj_fail(file, path, YGT_EPARSE, "must be an object");
  int rc = parse_head(file, reg, obj, path, it);
  if (!rc) rc = known_keys(file, obj, path, it->method);
  if (!rc) rc = parse_weight(file, obj, path, it);
  if (!rc) rc = ygt__sj_number(file, obj, path, "target", 0, &it->target);
  if (!rc) rc = ygt__sj_number(file, obj, path, "floor", 0, &it->floor);
  return rc ? rc : parse_method(file, obj, path, it);
}
