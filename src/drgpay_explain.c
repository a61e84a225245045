/* A case's DRG rate payment, explained (drgpay.h, ygt_drgpay_explain): the
 * published decimals its standard is the product of, the outlier test and
 * the fund's part, in numbers an auditor recomputes the amount from. */
#include "drgpay_internal.h"

#include "cases_internal.h"
#include "error_internal.h"
#include "yigongti/model.h"

static void standard(ygt__text *t, const ygt_drgpay *p, int32_t g, int ins, const ygt__drg_standard *s) {
  ygt__text_add(t, "%s (%s, level %s, rate of level %s): RW %.15g x level adjustment %.15g x institution "
                   "coefficient %.15g x base rate %.15g yuan = standard %lld fen (the exact decimal product, "
                   "half away from zero)",
                p->groups[g].code, ygt_insurance_name(ins), ygt_hospital_level_name(s->level),
                ygt_hospital_level_name(s->rate_level), s->f[0], s->f[1], s->f[2], s->f[3], (long long)s->fen);
}

static void outlier(ygt__text *t, const ygt_drgpay *p, const ygt__pay_row *row, const ygt__drg_standard *s,
                    int64_t cost) {
  ygt__text_add(t, "; cost %lld fen, high cost above %.15g x standard, low cost below %.15g x standard (0: no rule)",
                (long long)cost, p->level[s->level][YGT_DRGPAY_HIGH_FACTOR], p->level[s->level][YGT_DRGPAY_LOW_FACTOR]);
  if (row->reason)
    ygt__text_add(t, ": amount %lld fen (%s: the cost)", (long long)row->amount, ygt_settle_reason_name(row->reason));
  else
    ygt__text_add(t, ": amount %lld fen (the standard)", (long long)row->amount);
}

/* The fund's part as fund_of() in drgpay_settle.c computes it. */
static void fund(ygt__text *t, const ygt_drgpay *p, const ygt_cases *c, size_t r, const ygt__pay_row *row) {
  int64_t share = ygt__patient_share(c, r);
  if (p->num[YGT_DRGPAY_FUND_RULE] == YGT_DRGPAY_FUND_LESS_SHARE && share >= 0) {
    ygt__text_add(t, "; fund %lld fen (amount - patient share %lld fen, not below 0)", (long long)row->fund,
                  (long long)share);
    return;
  }
  ygt__pay_fund_explain(t, c, r, row->fund, p->fund_ratio[ygt__cases_int(c, YGT_CASE_INSURANCE, r)]);
}

int ygt_drgpay_explain(char *trace, size_t cap, const ygt_drgpay *p, const ygt_model *m, const double *inst_coef,
                       const ygt_cases *c, int32_t group, size_t row) {
  if (!p || !m || !c || (cap && !trace)) return ygt__error(YGT_EINVAL, "ygt_drgpay_explain: NULL argument");
  if (row >= c->count) return ygt__error(YGT_ERANGE, "row %zu outside the batch (%zu rows)", row, c->count);
  ygt__pay_row r;
  ygt__drg_standard s;
  int rc = ygt__drgpay_row(&r, &s, p, m, inst_coef, c, group, row);
  if (rc) return rc;
  ygt__text t = ygt__text_over(trace, cap);
  if (r.status != YGT_SETTLE_OK) return ygt__pay_not_priced(&t, &r);
  standard(&t, p, group, ygt__cases_int(c, YGT_CASE_INSURANCE, row), &s);
  outlier(&t, p, &r, &s, ygt__cases_int64(c, YGT_CASE_TOTAL_COST, row));
  fund(&t, p, c, row, &r);
  return ygt__text_length(&t);
}
