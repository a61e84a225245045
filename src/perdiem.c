/* Per-diem payment: band tables and stay amounts. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"
#include "perdiem_internal.h"
#include "table_internal.h"

void ygt_perdiem_free(ygt_perdiem *p) {
  if (!p) return;
  for (size_t i = 0; i < p->nclasses; i++) ygt__free(p->classes[i]);
  ygt__free(p->classes);
  ygt__free(p->bands);
  ygt__free(p);
}

int32_t ygt_perdiem_class_find(const ygt_perdiem *p, const char *name) {
  for (size_t i = 0; p && name && i < p->nclasses; i++)
    if (strcmp(p->classes[i], name) == 0) return (int32_t)i;
  return -1;
}

/* ---- loading ----------------------------------------------------------- */

enum { C_CLASS, C_LEVEL, C_FROM, C_TO, C_RATE, C_N };
static const char *const columns[C_N + 1] = {"class", "level", "from_day", "to_day", "rate", NULL};

static int intern_class(ygt_perdiem *p, const char *name, int32_t *out) {
  if ((*out = ygt_perdiem_class_find(p, name)) >= 0) return YGT_OK;
  char **c = ygt__realloc(p->classes, (p->nclasses + 1) * sizeof *c);
  if (!c) return YGT_ENOMEM;
  p->classes = c;
  if (!(c[p->nclasses] = ygt__strdup(name))) return YGT_ENOMEM;
  *out = (int32_t)p->nclasses++;
  return YGT_OK;
}

static int parse_day(ygt_table *t, int col, int open, int32_t *out) {
  const char *v = ygt__table_field(t, col);
  int64_t d;
  if (!v[0] && open) return (*out = OPEN_END), YGT_OK;
  if (ygt__parse_int64(v, &d)) return ygt__table_error(t, col, YGT_EPARSE, "not a whole number of days");
  if (d < 1 || d > 36500) return ygt__table_error(t, col, YGT_ERANGE, "day %lld is outside 1 .. 36500", (long long)d);
  *out = (int32_t)d;
  return YGT_OK;
}

static int overlaps(const ygt_perdiem *p, const band *b) {
  for (size_t i = 0; i < p->nbands; i++) {
    const band *o = &p->bands[i];
    if (o->cls == b->cls && o->level == b->level && o->from <= b->to && b->from <= o->to) return 1;
  }
  return 0;
}

static int load_band(ygt_perdiem *p, ygt_table *t, const int *idx, band *b) {
  const char *cls = ygt__table_field(t, idx[C_CLASS]), *lv = ygt__table_field(t, idx[C_LEVEL]);
  if (!cls[0]) return ygt__table_error(t, idx[C_CLASS], YGT_EPARSE, "missing (required)");
  int level = ANY_LEVEL, rc;
  if (strcmp(lv, "*") != 0 && ygt_hospital_level_from_name(&level, lv))
    return ygt__table_error(t, idx[C_LEVEL], YGT_ENOTFOUND, "'%.20s' is not a hospital level or *", lv);
  b->level = level;
  if ((rc = parse_day(t, idx[C_FROM], 0, &b->from)) || (rc = parse_day(t, idx[C_TO], 1, &b->to))) return rc;
  if (b->to < b->from) return ygt__table_error(t, idx[C_TO], YGT_EVALIDATE, "the band ends before it starts");
  if (ygt__parse_fen(ygt__table_field(t, idx[C_RATE]), &b->rate))
    return ygt__table_error(t, idx[C_RATE], YGT_EPARSE, "not an amount in yuan");
  if (b->rate < 0) return ygt__table_error(t, idx[C_RATE], YGT_ERANGE, "the rate is negative");
  if ((rc = intern_class(p, cls, &b->cls))) return rc;
  if (overlaps(p, b)) return ygt__table_error(t, idx[C_FROM], YGT_EVALIDATE, "the band overlaps another of its class and level");
  return YGT_OK;
}

static int load_row(void *obj, ygt_table *t, const int *idx) {
  ygt_perdiem *p = obj;
  band b;
  int rc = load_band(p, t, idx, &b);
  if (rc || (rc = ygt__grow((void **)&p->bands, &p->cap, p->nbands + 1, sizeof *p->bands))) return rc;
  p->bands[p->nbands++] = b;
  return YGT_OK;
}

static void free_any(void *p) { ygt_perdiem_free(p); }

int ygt_perdiem_load(ygt_perdiem **out, const char *path) {
  if (out) *out = NULL;
  if (!out || !path) return ygt__error(YGT_EINVAL, "ygt_perdiem_load: NULL argument");
  ygt_perdiem *p = ygt__calloc(1, sizeof *p);
  if (!p) return YGT_ENOMEM;
  for (int i = 0; i < YGT__NINS; i++) p->fund_ratio[i] = 1.0;
  return ygt__pay_load((void **)out, p, free_any, path, columns, load_row, "band");
}

int ygt_perdiem_set_fund_ratio(ygt_perdiem *p, int ins, double ratio) {
  if (!p || ins < -1 || ins >= YGT__NINS) return ygt__error(YGT_EINVAL, "bad table or insurance %d", ins);
  if (!(ratio >= 0 && ratio <= 1)) return ygt__error(YGT_ERANGE, "fund ratio %g is outside [0, 1]", ratio);
  for (int i = 0; i < YGT__NINS; i++)
    if (ins < 0 || ins == i) p->fund_ratio[i] = ratio;
  return YGT_OK;
}

/* ---- amounts ----------------------------------------------------------- */

int ygt__perdiem_band_level(const ygt_perdiem *p, int32_t cls, int level) {
  for (size_t i = 0; i < p->nbands; i++)
    if (p->bands[i].cls == cls && p->bands[i].level == level) return level;
  return ANY_LEVEL;
}

int ygt_perdiem_amount(int64_t *out, const ygt_perdiem *p, int32_t cls, int level, int32_t days) {
  if (!out || !p) return ygt__error(YGT_EINVAL, "NULL argument");
  if (cls < 0 || (size_t)cls >= p->nclasses || level < 0 || level >= YGT__NLEVEL || days < 0)
    return ygt__error(YGT_ERANGE, "class %d, level %d or days %d out of range", cls, level, days);
  int use = ygt__perdiem_band_level(p, cls, level);
  int64_t sum = 0, covered = 0;
  for (size_t i = 0; i < p->nbands; i++) {
    const band *b = &p->bands[i];
    if (b->cls != cls || b->level != use || b->from > days) continue;
    int64_t n = (int64_t)(b->to < days ? b->to : days) - b->from + 1, add;
    covered += n;
    if (__builtin_mul_overflow(n, b->rate, &add) || __builtin_add_overflow(sum, add, &sum))
      return ygt__error(YGT_EOVERFLOW, "per-diem amount overflows int64");
  }
  if (covered < days)
    return ygt__error(YGT_ENOTFOUND, "class %s: no band covers every day of a %d-day stay", p->classes[cls], days);
  *out = sum;
  return YGT_OK;
}

int ygt__perdiem_row(ygt__pay_row *row, const ygt_perdiem *p, const ygt_model *m, const ygt_cases *c, int32_t cls,
                     size_t r) {
  *row = (ygt__pay_row){0};
  row->status = (int8_t)ygt__pay_check(c, r, ygt_model_institution_count(m), &row->reason);
  int32_t los = ygt__cases_int(c, YGT_CASE_LOS_DAYS, r);
  if (row->status == YGT_SETTLE_OK && (los == YGT_CASES_NA || los < 0)) {
    row->status = YGT_SETTLE_INVALID;
    row->reason = YGT_REASON_ROW_PROBLEM;
  }
  if (row->status != YGT_SETTLE_OK) return YGT_OK;
  int level = ygt_model_institution_level(m, ygt__cases_int(c, YGT_CASE_INSTITUTION, r));
  int rc = (cls < 0 || (size_t)cls >= p->nclasses) ? YGT_ENOTFOUND
         : ygt_perdiem_amount(&row->amount, p, cls, level < 0 ? 0 : level, los);
  if (rc == YGT_ENOTFOUND) {
    *row = (ygt__pay_row){YGT_SETTLE_SPECIAL_REVIEW, YGT_REASON_UNMATCHED, 0, 0, 0, 0};
    return YGT_OK;
  }
  if (rc) return rc;
  row->reason = YGT_REASON_PER_DIEM;
  row->units = row->base_units = (int64_t)los * YGT_SETTLE_SCORE_UNIT;
  return ygt__pay_fund(c, r, row->amount, p->fund_ratio[ygt__cases_int(c, YGT_CASE_INSURANCE, r)], &row->fund);
}

typedef struct ctx {
  const ygt_perdiem *p;
  const ygt_model *m;
  const int32_t *cls;
} ctx;

static int settle_row(const void *vx, const ygt_cases *c, size_t r, ygt__pay_row *row) {
  const ctx *x = vx;
  return ygt__perdiem_row(row, x->p, x->m, c, x->cls[r], r);
}

int ygt__perdiem_settle_out(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt__pay_out *out,
                            const ygt_perdiem *p, const ygt_model *m, const ygt_cases *c, const int32_t *cls,
                            size_t begin, size_t end) {
  if (!p || !m || !c || !cls) return ygt__error(YGT_EINVAL, "ygt_perdiem_settle: NULL argument");
  ctx x = {p, m, cls};
  return ygt__pay_run(acc, ledger, out, c, begin, end, settle_row, &x);
}

int ygt_perdiem_settle(ygt_settle_accum *acc, ygt_settle_accum *ledger, int8_t *status, int8_t *reason,
                       int64_t *amount, int64_t *fund, const ygt_perdiem *p, const ygt_model *m, const ygt_cases *c,
                       const int32_t *cls, size_t begin, size_t end) {
  ygt__pay_out out = {status, reason, amount, fund, NULL};
  return ygt__perdiem_settle_out(acc, ledger, &out, p, m, c, cls, begin, end);
}
