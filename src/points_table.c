/* Point tables: loading (doc/formats/drg-points.md), parameters and
 * difference coefficients with the missing-level rule. */
#include "points_internal.h"

#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"
#include "yigongti/drgpay.h"

/* Defaults: Zhejiang practice and domain.md section 3.5; [inferred] ones
 * are marked in points.h. */
static const double defaults[YGT__POINTS_NPARAM] = {0.4, 100, 300, 3, 2, 1.5, 0, 0, 0, 15, 0.5,
                                                    5, 0.85, 1, 0.5, 0.5, 0.9, 1.1, 20, 0, 0.05, 0};
/* Upper bounds; integers where the key is a variant or mode. */
static const double upper[YGT__POINTS_NPARAM] = {1, 1e9, 1e9, 1e3, 1e3, 1e3, 1, 1e12, 1, 3650, 1,
                                                 1e9, 1, 2, 1, 1, 10, 10, 1023, 1, 1, 1};
static const uint8_t integral[YGT__POINTS_NPARAM] = {0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0,
                                                     1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1};

void ygt_points_free(ygt_points *p) {
  if (!p) return;
  for (size_t i = 0; i < p->ngroups; i++) ygt__free(p->groups[i].code);
  ygt__free(p->groups);
  ygt__free(p->inst_coef);
  ygt__free(p);
}

size_t ygt_points_group_count(const ygt_points *p) { return p->ngroups; }

int32_t ygt_points_group_find(const ygt_points *p, const char *code) {
  for (size_t i = 0; p && code && i < p->ngroups; i++)
    if (strcmp(p->groups[i].code, code) == 0) return (int32_t)i;
  return -1;
}

int ygt_points_base_from_costs(double *points, size_t ngroups, const int32_t *group, const int64_t *cost, size_t n,
                               double lo, double hi) {
  int rc = ygt_drgpay_weights_from_costs(points, ngroups, group, cost, n, lo, hi);
  for (size_t g = 0; !rc && g < ngroups; g++) points[g] *= 100;
  return rc;
}

/* ---- loading ----------------------------------------------------------- */

enum { C_CODE, C_BASE, C_MEAN, C_DAILY, C_EXEMPT, C_NAME, C_N }; /* the name is informative */
static const char *const columns[C_N + 1] = {"group_code", "base_points", "mean_cost", "?per_diem_points",
                                             "?readmit_exempt", "?name", NULL};

static int parse_points(ygt_table *t, int col, int need, double *out) {
  const char *v = ygt__table_field(t, col);
  *out = 0;
  if (!v[0] && !need) return YGT_OK;
  if (ygt__parse_double(v, out) || !isfinite(*out)) return ygt__table_error(t, col, YGT_EPARSE, "not a number");
  if (!(*out >= 0 && *out <= YGT__POINTS_MAX))
    return ygt__table_error(t, col, YGT_ERANGE, "%g is outside [0, %g]", *out, YGT__POINTS_MAX);
  return YGT_OK;
}

static int load_row(void *obj, ygt_table *t, const int *idx) {
  ygt_points *p = obj;
  const char *code = ygt__table_field(t, idx[C_CODE]), *ex = ygt__table_field(t, idx[C_EXEMPT]);
  if (ygt__grow((void **)&p->groups, &p->cap, p->ngroups + 1, sizeof *p->groups)) return YGT_ENOMEM;
  ygt__points_group *g = &p->groups[p->ngroups];
  memset(g, 0, sizeof *g);
  if (!code[0]) return ygt__table_error(t, idx[C_CODE], YGT_EPARSE, "missing (required)");
  if (ygt_points_group_find(p, code) >= 0)
    return ygt__table_error(t, idx[C_CODE], YGT_EVALIDATE, "group '%.40s' is listed twice", code);
  int rc = parse_points(t, idx[C_BASE], 1, &g->base);
  if (rc || (rc = parse_points(t, idx[C_DAILY], 0, &g->daily))) return rc;
  if (ygt__parse_fen(ygt__table_field(t, idx[C_MEAN]), &g->mean_cost))
    return ygt__table_error(t, idx[C_MEAN], YGT_EPARSE, "not an amount in yuan");
  if (g->mean_cost <= 0 && g->daily == 0)
    return ygt__table_error(t, idx[C_MEAN], YGT_ERANGE, "the mean cost must be positive");
  if (ex[0] && strcmp(ex, "0") != 0 && strcmp(ex, "1") != 0)
    return ygt__table_error(t, idx[C_EXEMPT], YGT_EPARSE, "'%.20s' is not 0 or 1", ex);
  g->exempt = ex[0] == '1';
  if (!(g->code = ygt__strdup(code))) return YGT_ENOMEM;
  p->ngroups++;
  return YGT_OK;
}

static void free_any(void *p) { ygt_points_free(p); }

int ygt_points_load(ygt_points **out, const char *path) {
  if (out) *out = NULL;
  if (!out || !path) return ygt__error(YGT_EINVAL, "ygt_points_load: NULL argument");
  ygt_points *p = ygt__calloc(1, sizeof *p);
  if (!p) return YGT_ENOMEM;
  memcpy(p->num, defaults, sizeof p->num);
  return ygt__pay_load((void **)out, p, free_any, path, columns, load_row, "group");
}

/* ---- parameters -------------------------------------------------------- */

int ygt_points_set(ygt_points *p, int key, double v) {
  if (!p || key < 0 || key >= YGT__POINTS_NPARAM) return ygt__error(YGT_EINVAL, "unknown point parameter %d", key);
  if (!isfinite(v) || v < 0 || v > upper[key] || (integral[key] && v != floor(v)))
    return ygt__error(YGT_ERANGE, "point parameter %d: %g is out of range [0, %g]", key, v, upper[key]);
  p->num[key] = v;
  return YGT_OK;
}

int ygt_points_get(double *out, const ygt_points *p, int key) {
  if (!out || !p || key < 0 || key >= YGT__POINTS_NPARAM) return ygt__error(YGT_EINVAL, "unknown point parameter %d", key);
  *out = p->num[key];
  return YGT_OK;
}

int ygt_points_set_level_coef(ygt_points *p, int level, double coef) {
  if (!p || level < 0 || level >= YGT__NLEVEL || !isfinite(coef) || coef < 0 || coef > 100)
    return ygt__error(YGT_ERANGE, "level %d coefficient %g is out of range", level, coef);
  p->level_coef[level] = coef;
  return YGT_OK;
}

int ygt_points_level_coef(double *out, const ygt_points *p, int level) {
  if (!out || !p || level < 0 || level >= YGT__NLEVEL) return ygt__error(YGT_ERANGE, "level %d out of range", level);
  const double *c = p->level_coef;
  *out = c[level];
  if (*out > 0) return YGT_OK;
  for (int l = level + 1; l < YGT__NLEVEL; l++)
    if (c[l] > 0) return (*out = p->num[YGT_POINTS_MISSING_BELOW] * c[l]), YGT_OK;
  for (int l = level - 1; l >= 0; l--)
    if (c[l] > 0) return (*out = p->num[YGT_POINTS_MISSING_ABOVE] * c[l]), YGT_OK;
  *out = 1.0;
  return YGT_OK;
}

int ygt_points_set_institution_coefs(ygt_points *p, const double *coefs, size_t n) {
  if (!p || (n && !coefs)) return ygt__error(YGT_EINVAL, "NULL argument");
  for (size_t i = 0; i < n; i++)
    if (!isfinite(coefs[i]) || coefs[i] <= 0 || coefs[i] > 100)
      return ygt__error(YGT_ERANGE, "institution %zu: coefficient %g is out of range", i, coefs[i]);
  double *copy = NULL;
  if (n && !(copy = ygt__malloc(n * sizeof *copy))) return YGT_ENOMEM;
  if (n) memcpy(copy, coefs, n * sizeof *copy);
  ygt__free(p->inst_coef);
  p->inst_coef = copy;
  p->ninst_coef = n;
  return YGT_OK;
}

int ygt_points_set_fund(ygt_points *p, int ins, int64_t fund, double budget_value) {
  if (!p || ins < 0 || ins >= YGT__NINS || fund < 0 || !isfinite(budget_value) || budget_value < 0)
    return ygt__error(YGT_ERANGE, "insurance %d, fund or budget point value out of range", ins);
  p->fund[ins] = fund;
  p->budget_value[ins] = budget_value;
  p->fund_set[ins] = 1;
  return YGT_OK;
}
