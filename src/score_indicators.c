/* The indicator registry: a table of definitions (doc/formats/score.md),
 * loaded from a file or from the shipped defaults, and its accessors. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "score_internal.h"
#include "table_internal.h"

enum { C_ID, C_NAME, C_FORMULA, C_NUM, C_DEN, C_SCALE, C_DIR, C_UNIT, C_TARGET, C_FLOOR };

static const char *const header[] = {"id", "name", "formula", "numerator", "?denominator", "?scale",
                                     "direction", "?unit", "?target", "?floor", NULL};

static void indicator_clear(sc_indicator *x) {
  ygt__free(x->id);
  ygt__free(x->name);
  ygt__free(x->unit);
  ygt__free(x->definition);
  ygt__measure_clear(&x->num);
  ygt__measure_clear(&x->den);
}

void ygt_indicators_free(ygt_indicators *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n; i++) indicator_clear(&r->items[i]);
  ygt__free(r->items);
  ygt__free(r);
}

static int valid_id(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
  return 1;
}

static int parse_number(const ygt_table *t, int col, double *out, double dflt) {
  const char *s = ygt__table_field(t, col);
  *out = dflt;
  if (col < 0 || !s[0]) return 0;
  return ygt__parse_double(s, out) ? ygt__table_error(t, col, YGT_EPARSE, "'%s' is not a number", s) : 0;
}

static int parse_measure(const ygt_table *t, int col, sc_measure *m) {
  char err[256];
  int rc = ygt__measure_parse(m, ygt__table_field(t, col), err, sizeof err);
  return rc ? ygt__table_error(t, col, rc, "%s", err) : 0;
}

static int parse_kind(const ygt_table *t, const int *idx, sc_indicator *x) {
  const char *id = ygt__table_field(t, idx[C_ID]);
  if (!valid_id(id)) return ygt__table_error(t, idx[C_ID], YGT_EPARSE, "id '%s' must be [a-z0-9_]+", id);
  const char *f = ygt__table_field(t, idx[C_FORMULA]);
  if ((x->formula = ygt__name_index(ygt__formula_names, f)) < 0)
    return ygt__table_error(t, idx[C_FORMULA], YGT_EPARSE, "unknown formula '%s' (ratio, growth, value)", f);
  const char *d = ygt__table_field(t, idx[C_DIR]);
  if ((x->direction = ygt__name_index(ygt__direction_names, d)) < 0)
    return ygt__table_error(t, idx[C_DIR], YGT_EPARSE, "unknown direction '%s' (higher, lower)", d);
  return 0;
}

static int parse_measures(const ygt_table *t, const int *idx, sc_indicator *x) {
  int rc = parse_measure(t, idx[C_NUM], &x->num);
  if (rc) return rc;
  x->has_den = ygt__table_field(t, idx[C_DEN])[0] != '\0';
  if (x->formula == YGT_FORMULA_RATIO && !x->has_den)
    return ygt__table_error(t, idx[C_DEN], YGT_EVALIDATE, "a ratio needs a denominator");
  if (x->formula == YGT_FORMULA_VALUE && x->has_den)
    return ygt__table_error(t, idx[C_DEN], YGT_EVALIDATE, "a value has no denominator");
  return x->has_den ? parse_measure(t, idx[C_DEN], &x->den) : 0;
}

static int parse_numbers(const ygt_table *t, const int *idx, sc_indicator *x) {
  int rc = parse_number(t, idx[C_SCALE], &x->scale, 1.0);
  if (!rc && x->scale == 0) rc = ygt__table_error(t, idx[C_SCALE], YGT_EVALIDATE, "scale must not be 0");
  if (!rc) rc = parse_number(t, idx[C_TARGET], &x->target, NAN);
  if (!rc) rc = parse_number(t, idx[C_FLOOR], &x->floor, NAN);
  if (rc || isnan(x->target) || isnan(x->floor)) return rc;
  int wrong = x->direction == YGT_HIGHER_BETTER ? x->floor >= x->target : x->floor <= x->target;
  if (wrong)
    return ygt__table_error(t, idx[C_FLOOR], YGT_EVALIDATE, "floor %g must lie %s target %g", x->floor,
                            x->direction == YGT_HIGHER_BETTER ? "below the" : "above the", x->target);
  return 0;
}

static int describe(const ygt_table *t, const int *idx, sc_indicator *x) {
  char buf[1024];
  const char *num = ygt__table_field(t, idx[C_NUM]), *den = ygt__table_field(t, idx[C_DEN]);
  if (x->formula == YGT_FORMULA_VALUE) snprintf(buf, sizeof buf, "value: %s × %g", num, x->scale);
  else if (!x->has_den) snprintf(buf, sizeof buf, "growth: %s × %g", num, x->scale);
  else snprintf(buf, sizeof buf, "%s: %s / %s × %g", ygt__formula_names[x->formula], num, den, x->scale);
  x->definition = ygt__strdup(buf);
  x->id = ygt__strdup(ygt__table_field(t, idx[C_ID]));
  x->name = ygt__strdup(ygt__table_field(t, idx[C_NAME]));
  x->unit = ygt__strdup(ygt__table_field(t, idx[C_UNIT]));
  return x->definition && x->id && x->name && x->unit ? 0 : YGT_ENOMEM;
}

static int parse_row(const ygt_table *t, const int *idx, ygt_indicators *r) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->items[i].id, ygt__table_field(t, idx[C_ID])) == 0)
      return ygt__table_error(t, idx[C_ID], YGT_EEXISTS, "indicator '%s' is defined twice",
                              r->items[i].id);
  sc_indicator x;
  memset(&x, 0, sizeof x);
  int rc = parse_kind(t, idx, &x);
  if (!rc) rc = parse_measures(t, idx, &x);
  if (!rc) rc = parse_numbers(t, idx, &x);
  if (!rc) rc = describe(t, idx, &x);
  size_t cap = r->n;
  if (!rc) rc = ygt__grow((void **)&r->items, &cap, r->n + 1, sizeof x);
  if (rc) {
    indicator_clear(&x);
    return rc;
  }
  r->items[r->n++] = x;
  return 0;
}

static int read_table(ygt_indicators **out, ygt_table *t) {
  int idx[10];
  ygt_indicators *r = ygt__calloc(1, sizeof *r);
  int rc = r ? ygt__table_columns(t, header, idx) : YGT_ENOMEM;
  while (!rc && (rc = ygt__table_next(t)) == 1) rc = parse_row(t, idx, r);
  if (!rc && r->n == 0) rc = ygt__error_at(YGT_EVALIDATE, t->source, 0, 0, "", "no indicators");
  ygt__table_close(t);
  if (rc) ygt_indicators_free(r);
  else *out = r;
  return rc;
}

int ygt_indicators_load(ygt_indicators **out, const char *path) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_indicators_load: out is NULL");
  *out = NULL;
  if (!path) return ygt__error(YGT_EINVAL, "ygt_indicators_load: path is NULL");
  ygt_table t;
  int rc = ygt__table_open(&t, path, 0);
  return rc ? rc : read_table(out, &t);
}

int ygt_indicators_defaults(ygt_indicators **out) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_indicators_defaults: out is NULL");
  *out = NULL;
  ygt_table t;
  int rc = ygt__table_open_mem(&t, "<default indicators>", ygt__indicators_default_tsv,
                               strlen(ygt__indicators_default_tsv), '\t');
  return rc ? rc : read_table(out, &t);
}

/* ---- accessors ----------------------------------------------------------- */

static const sc_indicator *at(const ygt_indicators *r, int32_t i) {
  return r && i >= 0 && (size_t)i < r->n ? &r->items[i] : NULL;
}

size_t ygt_indicators_count(const ygt_indicators *r) { return r ? r->n : 0; }

int32_t ygt_indicators_find(const ygt_indicators *r, const char *id) {
  if (!r || !id) return ygt__error(YGT_EINVAL, "ygt_indicators_find: NULL argument");
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->items[i].id, id) == 0) return (int32_t)i;
  return ygt__error(YGT_ENOTFOUND, "unknown indicator '%s'", id);
}

const char *ygt_indicators_id(const ygt_indicators *r, int32_t i) { return at(r, i) ? at(r, i)->id : NULL; }
const char *ygt_indicators_name(const ygt_indicators *r, int32_t i) { return at(r, i) ? at(r, i)->name : NULL; }
const char *ygt_indicators_unit(const ygt_indicators *r, int32_t i) { return at(r, i) ? at(r, i)->unit : NULL; }

const char *ygt_indicators_definition(const ygt_indicators *r, int32_t i) {
  return at(r, i) ? at(r, i)->definition : NULL;
}

static int bad_index(const char *fn, int32_t i) { return ygt__error(YGT_EINVAL, "%s: bad indicator %d", fn, (int)i); }

int ygt_indicators_direction(const ygt_indicators *r, int32_t i) {
  return at(r, i) ? at(r, i)->direction : bad_index("ygt_indicators_direction", i);
}

int ygt_indicators_formula(const ygt_indicators *r, int32_t i) {
  return at(r, i) ? at(r, i)->formula : bad_index("ygt_indicators_formula", i);
}

int ygt_indicators_target(double *target, double *floor, const ygt_indicators *r, int32_t i) {
  const sc_indicator *x = at(r, i);
  if (!x) return bad_index("ygt_indicators_target", i);
  if (target) *target = x->target;
  if (floor) *floor = x->floor;
  return YGT_OK;
}
