/* DRG rate tables: loading (doc/formats/drg-rates.md), parameters, weights
 * from cost data and base rates from the budget. */
#include "drgpay_internal.h"

#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

static const double param_defaults[YGT__DRGPAY_NPARAM] = {0, 0, 0.05, YGT_LEVEL_1, YGT_DRGPAY_FUND_RATIO};

void ygt_drgpay_free(ygt_drgpay *p) {
  if (!p) return;
  for (size_t i = 0; i < p->ngroups; i++) ygt__free(p->groups[i].code);
  ygt__free(p->groups);
  ygt__free(p);
}

static void free_any(void *p) { ygt_drgpay_free(p); }

static ygt_drgpay *alloc_table(void) {
  ygt_drgpay *p = ygt__calloc(1, sizeof *p);
  if (!p) return NULL;
  memcpy(p->num, param_defaults, sizeof p->num);
  for (int i = 0; i < YGT__NINS; i++) p->fund_ratio[i] = 1.0;
  for (int l = 0; l < YGT__NLEVEL; l++) {
    p->level[l][YGT_DRGPAY_ADJUST] = 1.0;
    p->level[l][YGT_DRGPAY_HIGH_FACTOR] = ygt__level_tier(l) == 3 ? 3.0 : 2.0;
    p->level[l][YGT_DRGPAY_LOW_FACTOR] = 0.4;
  }
  return p;
}

int32_t ygt_drgpay_group_find(const ygt_drgpay *p, const char *code) {
  for (size_t i = 0; p && code && i < p->ngroups; i++)
    if (strcmp(p->groups[i].code, code) == 0) return (int32_t)i;
  return -1;
}

static int add_group(ygt_drgpay *p, const char *code, double rw, int basic) {
  if (ygt__grow((void **)&p->groups, &p->cap, p->ngroups + 1, sizeof *p->groups)) return YGT_ENOMEM;
  ygt__drg_rate_group *g = &p->groups[p->ngroups];
  memset(g, 0, sizeof *g);
  if (!(g->code = ygt__strdup(code))) return YGT_ENOMEM;
  g->rw = rw;
  g->basic = (uint8_t)basic;
  p->ngroups++;
  return YGT_OK;
}

int ygt_drgpay_new(ygt_drgpay **out, const char *const *codes, const double *rw, const uint8_t *basic, size_t n) {
  if (out) *out = NULL;
  if (!out || !codes || !rw || n == 0) return ygt__error(YGT_EINVAL, "ygt_drgpay_new: NULL argument or no group");
  ygt_drgpay *p = alloc_table();
  if (!p) return YGT_ENOMEM;
  int rc = YGT_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    if (!codes[i] || !codes[i][0]) rc = ygt__error(YGT_EINVAL, "group %zu has no code", i);
    else if (!(rw[i] >= 0 && rw[i] <= YGT__RW_MAX))
      rc = ygt__error(YGT_ERANGE, "group %s: RW %g is outside [0, %g]", codes[i], rw[i], YGT__RW_MAX);
    else if (ygt_drgpay_group_find(p, codes[i]) >= 0) rc = ygt__error(YGT_EVALIDATE, "group %s is listed twice", codes[i]);
    else rc = add_group(p, codes[i], rw[i], basic && basic[i]);
  }
  if (rc) {
    ygt_drgpay_free(p);
    return rc;
  }
  *out = p;
  return YGT_OK;
}

/* ---- loading ----------------------------------------------------------- */

/* The name and the columns cities publish beside the weights are informative. */
enum { C_CODE, C_RW, C_BASIC, C_PERDIEM, C_NAME, C_PAY, C_TCM, C_N };
static const char *const columns[C_N + 1] = {"drg_code", "rw", "?basic_group", "?per_diem",
                                             "?drg_name", "~pay_*", "~tcm_advantage_group", NULL};

static int parse_flag(ygt_table *t, int col, uint8_t *out) {
  const char *v = ygt__table_field(t, col);
  if (!v[0] || strcmp(v, "0") == 0) *out = 0;
  else if (strcmp(v, "1") == 0) *out = 1;
  else return ygt__table_error(t, col, YGT_EPARSE, "'%.20s' is not 0 or 1", v);
  return YGT_OK;
}

static int load_row(void *obj, ygt_table *t, const int *idx) {
  ygt_drgpay *p = obj;
  const char *code = ygt__table_field(t, idx[C_CODE]);
  double rw;
  uint8_t basic = 0, per_diem = 0;
  if (!code[0]) return ygt__table_error(t, idx[C_CODE], YGT_EPARSE, "missing (required)");
  if (ygt_drgpay_group_find(p, code) >= 0)
    return ygt__table_error(t, idx[C_CODE], YGT_EVALIDATE, "group '%.40s' is listed twice", code);
  if (ygt__parse_double(ygt__table_field(t, idx[C_RW]), &rw) || !isfinite(rw))
    return ygt__table_error(t, idx[C_RW], YGT_EPARSE, "not a number");
  if (!(rw >= 0 && rw <= YGT__RW_MAX))
    return ygt__table_error(t, idx[C_RW], YGT_ERANGE, "RW %g is outside [0, %g]", rw, YGT__RW_MAX);
  int rc = parse_flag(t, idx[C_BASIC], &basic);
  if (rc || (rc = parse_flag(t, idx[C_PERDIEM], &per_diem))) return rc;
  if ((rc = add_group(p, code, rw, basic))) return rc;
  p->groups[p->ngroups - 1].per_diem = per_diem;
  return YGT_OK;
}

int ygt_drgpay_load(ygt_drgpay **out, const char *path) {
  if (out) *out = NULL;
  if (!out || !path) return ygt__error(YGT_EINVAL, "ygt_drgpay_load: NULL argument");
  ygt_drgpay *p = alloc_table();
  if (!p) return YGT_ENOMEM;
  return ygt__pay_load((void **)out, p, free_any, path, columns, load_row, "group");
}

/* ---- accessors and parameters ------------------------------------------ */

size_t ygt_drgpay_group_count(const ygt_drgpay *p) { return p->ngroups; }

const char *ygt_drgpay_group_code(const ygt_drgpay *p, int32_t g) {
  return (p && g >= 0 && (size_t)g < p->ngroups) ? p->groups[g].code : NULL;
}

int ygt_drgpay_group_info(double *rw, int *basic, int *per_diem, const ygt_drgpay *p, int32_t g) {
  if (!p || g < 0 || (size_t)g >= p->ngroups) return ygt__error(YGT_ERANGE, "group %d out of range", g);
  if (rw) *rw = p->groups[g].rw;
  if (basic) *basic = p->groups[g].basic;
  if (per_diem) *per_diem = p->groups[g].per_diem;
  return YGT_OK;
}

/* Checks a key that may be -1 for "all"; sets [*lo, *hi]. */
static int key_span(int v, int n, int *lo, int *hi, const char *what) {
  if (v == -1) { *lo = 0; *hi = n - 1; return YGT_OK; }
  if (v < 0 || v >= n) return ygt__error(YGT_ERANGE, "%s %d out of range", what, v);
  *lo = *hi = v;
  return YGT_OK;
}

static int bad_value(double v, double hi) { return !isfinite(v) || v < 0 || v > hi; }

int ygt_drgpay_set_base_rate(ygt_drgpay *p, int ins, int level, double yuan) {
  int i0 = 0, i1 = -1, l0 = 0, l1 = -1, rc;
  if (!p) return ygt__error(YGT_EINVAL, "NULL table");
  if ((rc = key_span(ins, YGT__NINS, &i0, &i1, "insurance")) || (rc = key_span(level, YGT__NLEVEL, &l0, &l1, "level")))
    return rc;
  if (bad_value(yuan, 1e12)) return ygt__error(YGT_ERANGE, "base rate %g is not a rate in yuan", yuan);
  for (int i = i0; i <= i1; i++)
    for (int l = l0; l <= l1; l++) p->base[i][l] = yuan;
  return YGT_OK;
}

int ygt_drgpay_base_rate(double *out, const ygt_drgpay *p, int ins, int level) {
  if (!out || !p) return ygt__error(YGT_EINVAL, "NULL argument");
  if (ins < 0 || ins >= YGT__NINS || level < 0 || level >= YGT__NLEVEL)
    return ygt__error(YGT_ERANGE, "insurance %d or level %d out of range", ins, level);
  *out = p->base[ins][level];
  return YGT_OK;
}

int ygt_drgpay_set_fund_ratio(ygt_drgpay *p, int ins, double ratio) {
  int i0 = 0, i1 = -1, rc;
  if (!p) return ygt__error(YGT_EINVAL, "NULL table");
  if ((rc = key_span(ins, YGT__NINS, &i0, &i1, "insurance"))) return rc;
  if (bad_value(ratio, 1)) return ygt__error(YGT_ERANGE, "fund ratio %g is outside [0, 1]", ratio);
  for (int i = i0; i <= i1; i++) p->fund_ratio[i] = ratio;
  return YGT_OK;
}

int ygt_drgpay_set(ygt_drgpay *p, int key, double v) {
  if (!p || key < 0 || key >= YGT__DRGPAY_NPARAM) return ygt__error(YGT_EINVAL, "unknown DRG parameter %d", key);
  double hi = key == YGT_DRGPAY_SPECIAL_QUOTA || key == YGT_DRGPAY_FUND_RULE ? 1
             : key == YGT_DRGPAY_BASIC_LEVEL                                ? YGT__NLEVEL - 1
                                                                            : 1e6;
  int whole = key == YGT_DRGPAY_BASIC_LEVEL || key == YGT_DRGPAY_FUND_RULE;
  if (bad_value(v, hi) || (whole && v != floor(v)))
    return ygt__error(YGT_ERANGE, "DRG parameter %d: %g is out of range", key, v);
  p->num[key] = v;
  return YGT_OK;
}

int ygt_drgpay_get(double *out, const ygt_drgpay *p, int key) {
  if (!out || !p || key < 0 || key >= YGT__DRGPAY_NPARAM) return ygt__error(YGT_EINVAL, "unknown DRG parameter %d", key);
  *out = p->num[key];
  return YGT_OK;
}

int ygt_drgpay_set_level(ygt_drgpay *p, int level, int key, double v) {
  int l0 = 0, l1 = -1, rc;
  if (!p || key < 0 || key >= YGT__DRGPAY_NLEVELP) return ygt__error(YGT_EINVAL, "unknown level parameter %d", key);
  if ((rc = key_span(level, YGT__NLEVEL, &l0, &l1, "level"))) return rc;
  if (bad_value(v, key == YGT_DRGPAY_LOW_FACTOR ? 1 : 1e6))
    return ygt__error(YGT_ERANGE, "level parameter %d: %g is out of range", key, v);
  for (int l = l0; l <= l1; l++) p->level[l][key] = v;
  return YGT_OK;
}

int ygt_drgpay_base_rate_from_budget(double *out, const ygt_drgpay *p, int64_t budget, double ratio,
                                     const int64_t *counts) {
  if (!out || !p || !counts) return ygt__error(YGT_EINVAL, "NULL argument");
  if (budget < 0 || !(ratio > 0 && ratio <= 1)) return ygt__error(YGT_ERANGE, "budget or ratio out of range");
  double w = 0;
  for (size_t g = 0; g < p->ngroups; g++) w += (double)counts[g] * p->groups[g].rw;
  if (!(w > 0)) return ygt__error(YGT_EVALIDATE, "the expected cases weigh nothing (sum of N x RW is 0)");
  *out = (double)budget / 100.0 / ratio / w;
  return YGT_OK;
}
