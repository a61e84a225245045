/* ygt_targets_load: a targets table (doc/formats/targets.md); errors name
 * the file, line and field. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_settings_internal.h"
#include "error_internal.h"
#include "table_internal.h"
#include "score_internal.h"
#include "targets_internal.h"

enum { C_INDICATOR, C_YEAR, C_RELATION, C_VALUE, C_TOLERANCE, C_FIT, C_SOURCE, C_QUOTE, C_N };
static const char *const columns[C_N + 1] = {"indicator", "year", "?relation", "value", "?tolerance", "?fit",
                                             "source", "quote", NULL};
static const char *const relations[] = {"=", ">=", "<=", NULL};

static int number(const ygt_table *tb, const int *idx, int c, double *out) {
  if (ygt__parse_double(ygt__table_field(tb, idx[c]), out) || !isfinite(*out))
    return ygt__table_error(tb, idx[c], YGT_EPARSE, "must be a number");
  return 0;
}

static int year_of(const ygt_table *tb, const int *idx, tg_target *g) {
  int64_t y;
  if (ygt__parse_int64(ygt__table_field(tb, idx[C_YEAR]), &y)) return ygt__table_error(tb, idx[C_YEAR], YGT_EPARSE, "must be a year");
  if (y < 1900 || y > 9999) return ygt__table_error(tb, idx[C_YEAR], YGT_ERANGE, "must be a year 1900..9999");
  g->year = (int32_t)y;
  return 0;
}

/* "12" is absolute, in the indicator's unit; "2%" is 2 % of the value. */
static int tolerance_of(const ygt_table *tb, const int *idx, tg_target *g) {
  const char *f = ygt__table_field(tb, idx[C_TOLERANCE]);
  char t[64];
  size_t n = strlen(f);
  int relative = n && f[n - 1] == '%';
  if (!n) return g->relation == YGT_TARGET_EQUAL ? ygt__table_error(tb, idx[C_TOLERANCE], YGT_EPARSE, "an '=' target needs a tolerance") : 0;
  if (n >= sizeof t) return ygt__table_error(tb, idx[C_TOLERANCE], YGT_EPARSE, "must be a number or a percentage");
  memcpy(t, f, n - (size_t)relative);
  t[n - (size_t)relative] = '\0';
  if (ygt__parse_double(t, &g->tolerance) || !isfinite(g->tolerance))
    return ygt__table_error(tb, idx[C_TOLERANCE], YGT_EPARSE, "must be a number or a percentage such as 2%%");
  if (g->tolerance < 0) return ygt__table_error(tb, idx[C_TOLERANCE], YGT_ERANGE, "must not be negative");
  if (relative) g->tolerance *= fabs(g->value) / 100;
  return 0;
}

static int texts(const ygt_table *tb, const int *idx, tg_target *g) {
  static const int col[4] = {C_INDICATOR, C_FIT, C_SOURCE, C_QUOTE};
  for (int k = 0; k < 4; k++)
    if (!(g->text[k] = ygt__strdup(ygt__table_field(tb, idx[col[k]])))) return YGT_ENOMEM;
  return 0;
}

/* A fit names a setting or trend.FROM.NAME (checked against the settings when calibrating). */
static int check_fit(const ygt_table *tb, const int *idx, const tg_target *g) {
  const char *fit = g->text[YGT_TARGET_FIT];
  if (!fit[0]) return 0;
  if (g->relation != YGT_TARGET_EQUAL) return ygt__table_error(tb, idx[C_FIT], YGT_EVALIDATE, "only an '=' target can be fitted");
  if (ygt__cs_index(fit) >= 0 || !strncmp(fit, "trend.", 6)) return 0;
  return ygt__table_error(tb, idx[C_FIT], YGT_ENOTFOUND, "'%s' is not a setting (doc/formats/county-settings.md)", fit);
}

static int row_fields(const ygt_targets *t, const ygt_table *tb, const int *idx, tg_target *g) {
  const char *id = ygt__table_field(tb, idx[C_INDICATOR]);
  if ((g->indicator = ygt_indicators_find(t->reg, id)) < 0)
    return ygt__table_error(tb, idx[C_INDICATOR], YGT_ENOTFOUND, "unknown indicator '%s'", id);
  const char *rel = idx[C_RELATION] >= 0 ? ygt__table_field(tb, idx[C_RELATION]) : "";
  g->relation = rel[0] ? ygt__name_index(relations, rel) : YGT_TARGET_EQUAL;
  if (g->relation < 0) return ygt__table_error(tb, idx[C_RELATION], YGT_EPARSE, "must be =, >= or <=");
  int rc = year_of(tb, idx, g);
  if (!rc) rc = number(tb, idx, C_VALUE, &g->value);
  if (!rc) rc = tolerance_of(tb, idx, g);
  if (!rc) rc = texts(tb, idx, g);
  return rc ? rc : check_fit(tb, idx, g);
}

static int check_unique(const ygt_targets *t, const ygt_table *tb, const int *idx, const tg_target *g) {
  for (size_t k = 0; k < t->n; k++) {
    const tg_target *o = &t->t[k];
    if (o->indicator == g->indicator && o->year == g->year && o->relation == g->relation)
      return ygt__table_error(tb, idx[C_INDICATOR], YGT_EEXISTS, "%s in %d is a target twice", o->text[0], (int)g->year);
    if (g->text[YGT_TARGET_FIT][0] && !strcmp(o->text[YGT_TARGET_FIT], g->text[YGT_TARGET_FIT]))
      return ygt__table_error(tb, idx[C_FIT], YGT_EVALIDATE, "setting %s is fitted to two targets", g->text[YGT_TARGET_FIT]);
  }
  return 0;
}

static int add_row(ygt_targets *t, const ygt_table *tb, const int *idx) {
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 8;
    tg_target *p = ygt__realloc(t->t, cap * sizeof *p);
    if (!p) return YGT_ENOMEM;
    t->t = p, t->cap = cap;
  }
  tg_target *g = &t->t[t->n];
  memset(g, 0, sizeof *g);
  int rc = row_fields(t, tb, idx, g);
  if (!rc) rc = check_unique(t, tb, idx, g);
  if (rc) {
    for (int k = 0; k < 4; k++) ygt__free(g->text[k]);
    return rc;
  }
  t->n++;
  return 0;
}

static int read_rows(ygt_targets *t, ygt_table *tb) {
  int idx[C_N], rc = ygt__table_columns(tb, columns, idx);
  while (!rc && (rc = ygt__table_next(tb)) == 1) rc = add_row(t, tb, idx);
  return rc;
}

int ygt_targets_load(ygt_targets **out, const ygt_indicators *indicators, const char *path) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_targets_load: out is NULL");
  *out = NULL;
  if (!indicators || !path) return ygt__error(YGT_EINVAL, "ygt_targets_load: NULL argument");
  ygt_targets *t = ygt__calloc(1, sizeof *t);
  if (!t) return YGT_ENOMEM;
  t->reg = indicators;
  ygt_table tb;
  int rc = ygt__table_open(&tb, path, 0);
  if (!rc) {
    rc = read_rows(t, &tb);
    ygt__table_close(&tb);
  }
  if (rc) ygt_targets_free(t);
  else *out = t;
  return rc;
}
