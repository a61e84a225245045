/* DRG rate method: payment standards and case settlement. */
#include "drgpay_internal.h"

#include <math.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"
#include "yigongti/model.h"

static ygt__drg_standard standard_factors(const ygt_drgpay *p, int32_t g, int ins, int level, double coef) {
  const ygt__drg_rate_group *gr = &p->groups[g];
  int rate_level = gr->basic ? (int)p->num[YGT_DRGPAY_BASIC_LEVEL] : level;
  ygt__drg_standard s = {{gr->rw, gr->basic ? 1.0 : p->level[level][YGT_DRGPAY_ADJUST], gr->basic ? 1.0 : coef,
                          p->base[ins][rate_level]},
                         level, rate_level, 0};
  return s;
}

/* The first n factors × unit, rounded as their exact decimal product would be. */
static inline int round_factors(const ygt__drg_standard *s, int n, double unit, int64_t *out) {
  double x = unit;
  for (int k = 0; k < n; k++) x *= s->f[k];
  int rc = ygt__round_or_near(x, out);
  return rc <= 0 ? rc : ygt__round_exact(s->f, n, unit, x, out);
}

int ygt_drgpay_standard(int64_t *out, const ygt_drgpay *p, int32_t g, int ins, int level, double coef) {
  if (!out || !p) return ygt__error(YGT_EINVAL, "NULL argument");
  if (g < 0 || (size_t)g >= p->ngroups || ins < 0 || ins >= YGT__NINS || level < 0 || level >= YGT__NLEVEL)
    return ygt__error(YGT_ERANGE, "group %d, insurance %d or level %d out of range", g, ins, level);
  if (!isfinite(coef) || coef < 0) return ygt__error(YGT_ERANGE, "coefficient %g is not >= 0", coef);
  ygt__drg_standard f = standard_factors(p, g, ins, level, coef);
  return round_factors(&f, 4, 100, out);
}

int ygt_drgpay_map_pack(int32_t *out, const ygt_drgpay *p, const ygt_drg_pack *pack, const int32_t *ids, size_t n) {
  if (!out || !p || !pack || !ids) return ygt__error(YGT_EINVAL, "ygt_drgpay_map_pack: NULL argument");
  for (size_t i = 0; i < n; i++) {
    const char *code = ids[i] >= 0 ? ygt_drg_pack_drg_code(pack, ids[i]) : NULL;
    out[i] = code ? ygt_drgpay_group_find(p, code) : -1;
  }
  return YGT_OK;
}

static int exclusion(const ygt_drgpay *p, const ygt_cases *c, size_t r, int32_t g, int8_t *reason) {
  int32_t los = ygt__cases_int(c, YGT_CASE_LOS_DAYS, r);
  double lo = p->num[YGT_DRGPAY_MIN_LOS], hi = p->num[YGT_DRGPAY_MAX_LOS];
  *reason = p->groups[g].per_diem                            ? YGT_REASON_PER_DIEM
          : los != YGT_CASES_NA && lo > 0 && los <= lo     ? YGT_REASON_SHORT_STAY
          : los != YGT_CASES_NA && hi > 0 && los >= hi     ? YGT_REASON_LONG_STAY
          : YGT_REASON_NONE;
  return *reason ? YGT_SETTLE_EXCLUDED : YGT_SETTLE_OK;
}

/* The fund's part of a case's amount (ygt_drgpay_fund_rule): under
 * FUND_LESS_SHARE what the patient did not pay of it, so that the hospital
 * gets the amount and fund + patient = amount; else the ratio rule. */
static int fund_of(const ygt_drgpay *p, const ygt_cases *c, size_t r, ygt__pay_row *row) {
  int64_t share = ygt__patient_share(c, r);
  if (p->num[YGT_DRGPAY_FUND_RULE] == YGT_DRGPAY_FUND_LESS_SHARE && share >= 0) {
    row->fund = row->amount > share ? row->amount - share : 0;
    return YGT_OK;
  }
  return ygt__pay_fund(c, r, row->amount, p->fund_ratio[ygt__cases_int(c, YGT_CASE_INSURANCE, r)], &row->fund);
}

/* The level of a case's institution (unrated when the model has none). */
static int case_level(const ygt_model *m, const ygt_cases *c, size_t r) {
  int level = ygt_model_institution_level(m, ygt__cases_int(c, YGT_CASE_INSTITUTION, r));
  return level < 0 || level >= YGT__NLEVEL ? YGT_LEVEL_UNRATED : level;
}

/* The amount of an OK case: the standard, or the cost for an outlier. */
static int price(const ygt_drgpay *p, const ygt_cases *c, size_t r, ygt__pay_row *row, ygt__drg_standard *std) {
  int64_t cost = ygt__cases_int64(c, YGT_CASE_TOTAL_COST, r);
  int rc = round_factors(std, 4, 100, &std->fen);
  if (rc || (rc = round_factors(std, 3, YGT_SETTLE_SCORE_UNIT, &row->units)) ||
      (rc = round_factors(std, 1, YGT_SETTLE_SCORE_UNIT, &row->base_units)))
    return rc;
  double high = p->level[std->level][YGT_DRGPAY_HIGH_FACTOR], low = p->level[std->level][YGT_DRGPAY_LOW_FACTOR];
  row->reason = (high > 0 && (double)cost > high * (double)std->fen) ? YGT_REASON_HIGH_COST
              : (low > 0 && (double)cost < low * (double)std->fen)  ? YGT_REASON_LOW_COST
              : YGT_REASON_NONE;
  row->amount = row->reason ? cost : std->fen;
  return fund_of(p, c, r, row);
}

/* The status before pricing: the record checks, the group, the exclusions
 * and (a rate of 0 meaning "no parameters", not "pay nothing") the rate. */
static void check_row(ygt__pay_row *row, const ygt_drgpay *p, const ygt_model *m, const ygt_cases *c, int32_t g,
                      size_t r, const ygt__drg_standard *std) {
  row->status = (int8_t)ygt__pay_check(c, r, ygt_model_institution_count(m), &row->reason);
  if (row->status != YGT_SETTLE_OK) return;
  if (g < 0 || (size_t)g >= p->ngroups) {
    row->status = YGT_SETTLE_SPECIAL_REVIEW;
    row->reason = YGT_REASON_UNMATCHED;
  } else if ((row->status = (int8_t)exclusion(p, c, r, g, &row->reason)) == YGT_SETTLE_OK && !(std->f[3] > 0)) {
    row->status = YGT_SETTLE_INVALID;
    row->reason = YGT_REASON_NO_INSURANCE;
  }
}

int ygt__drgpay_row(ygt__pay_row *row, ygt__drg_standard *std, const ygt_drgpay *p, const ygt_model *m,
                    const double *inst_coef, const ygt_cases *c, int32_t g, size_t r) {
  *row = (ygt__pay_row){0};
  *std = (ygt__drg_standard){{0}, 0, 0, 0};
  int32_t inst = ygt__cases_int(c, YGT_CASE_INSTITUTION, r);
  int ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r);
  int known = g >= 0 && (size_t)g < p->ngroups && ins >= 0 && ins < YGT__NINS && inst >= 0 &&
              (size_t)inst < ygt_model_institution_count(m);
  if (known) *std = standard_factors(p, g, ins, case_level(m, c, r), inst_coef ? inst_coef[inst] : 1.0);
  check_row(row, p, m, c, g, r, std);
  return row->status == YGT_SETTLE_OK ? price(p, c, r, row, std) : YGT_OK;
}

typedef struct ctx {
  const ygt_drgpay *p;
  const ygt_model *m;
  const double *inst_coef;
  const int32_t *group;
} ctx;

static int settle_row(const void *vx, const ygt_cases *c, size_t r, ygt__pay_row *row) {
  const ctx *x = vx;
  ygt__drg_standard std;
  return ygt__drgpay_row(row, &std, x->p, x->m, x->inst_coef, c, x->group[r], r);
}

int ygt__drgpay_settle_out(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt__pay_out *out,
                           const ygt_drgpay *p, const ygt_model *m, const double *inst_coef, const ygt_cases *c,
                           const int32_t *group, size_t begin, size_t end) {
  if (!p || !m || !c || !group) return ygt__error(YGT_EINVAL, "ygt_drgpay_settle: NULL argument");
  ctx x = {p, m, inst_coef, group};
  return ygt__pay_run(acc, ledger, out, c, begin, end, settle_row, &x);
}

int ygt_drgpay_settle(ygt_settle_accum *acc, ygt_settle_accum *ledger, int8_t *status, int8_t *reason,
                      int64_t *amount, int64_t *fund, const ygt_drgpay *p, const ygt_model *m,
                      const double *inst_coef, const ygt_cases *c, const int32_t *group, size_t begin, size_t end) {
  ygt__pay_out out = {status, reason, amount, fund, NULL};
  return ygt__drgpay_settle_out(acc, ledger, &out, p, m, inst_coef, c, group, begin, end);
}

int ygt_drgpay_special_review(int64_t *count, int64_t *allowed, const ygt_settle_accum *acc, const ygt_drgpay *p) {
  if (!count || !allowed || !acc || !p) return ygt__error(YGT_EINVAL, "NULL argument");
  int64_t cases = 0;
  int rc = ygt_settle_accum_total(&cases, acc, YGT_FIELD_CASES, -1, -1, -1);
  if (!rc) rc = ygt_settle_accum_total(count, acc, YGT_FIELD_SPECIAL_REVIEW, -1, -1, -1);
  if (rc) return rc;
  *allowed = (int64_t)floor(p->num[YGT_DRGPAY_SPECIAL_QUOTA] * (double)cases);
  return *count > *allowed;
}
