/* Point values from merged totals, pricing of cases into ledgers, monthly
 * prepayment and year-end clearing.  Every amount is rounded once per case
 * (or per ledger cell for prepayments) and totals are sums of those. */
#include "settle_internal.h"

#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"

static int64_t total(const ygt_settle_accum *a, int field, int ins) {
  int64_t v = 0;
  ygt_settle_accum_total(&v, a, field, -1, ins, -1);
  return v;
}

static void finalise_insurance(ygt_settle_values *v, const ygt_settle_accum *a, const ygt_settle_params *p, int ins) {
  const ygt__ins_params *ip = &p->ins[ins];
  if (!ip->present) return;
  v->points[ins] = (double)total(a, YGT_FIELD_SCORE_UNITS, ins) / YGT_SETTLE_SCORE_UNIT;
  v->fund_base[ins] = (double)ip->fund / ip->ratio;
  v->pv_fen[ins] = v->points[ins] > 0 ? v->fund_base[ins] / v->points[ins] : 0;
  if (ip->nhist == 0) {
    v->bpv_fen[ins] = v->pv_fen[ins];
    return;
  }
  double wc = 0, w = 0;
  for (int i = 0; i < ip->nhist; i++) {
    wc += ip->hist_w[i] * (double)ip->hist_cost[i];
    w += ip->hist_w[i];
  }
  double cost = w > 0 ? wc / w * (1 + ip->growth) : 0;
  double scores = ip->budget_scores > 0 ? ip->budget_scores
                                        : (double)total(a, YGT_FIELD_BASE_UNITS, ins) / YGT_SETTLE_SCORE_UNIT;
  v->bpv_fen[ins] = scores > 0 ? cost / scores : 0;
}

int ygt_settle_finalise(ygt_settle_values **out, const ygt_settle_accum *a, const ygt_settle_params *p) {
  if (out) *out = NULL;
  if (!out || !a || !p) return ygt__error(YGT_EINVAL, "ygt_settle_finalise: NULL argument");
  ygt_settle_values *v = ygt__calloc(1, sizeof *v);
  if (!v || !(v->params_id = ygt__strdup(p->id))) {
    ygt__free(v);
    return YGT_ENOMEM;
  }
  for (int ins = 0; ins < YGT__NINS; ins++) finalise_insurance(v, a, p, ins);
  v->prepay_ratio = p->num[YGT_PARAM_PREPAY_RATIO];
  v->cases = total(a, YGT_FIELD_CASES, -1);
  v->special = total(a, YGT_FIELD_SPECIAL_REVIEW, -1);
  v->allowed = (int64_t)floor(p->num[YGT_PARAM_SPECIAL_QUOTA] * (double)v->cases);
  *out = v;
  return YGT_OK;
}

void ygt__settle_values_refund(ygt_settle_values *v, int ins, double fund_base_fen) {
  double old = v->fund_base[ins];
  /* The budget value was sized from the file's history, which goes with the
   * file's fund: resized by the same factor it stays consistent with the
   * settlement (without history it is the settlement value itself). */
  v->bpv_fen[ins] = old > 0 ? v->bpv_fen[ins] * (fund_base_fen / old) : 0;
  v->fund_base[ins] = fund_base_fen;
  v->pv_fen[ins] = v->points[ins] > 0 ? fund_base_fen / v->points[ins] : 0;
  if (old <= 0) v->bpv_fen[ins] = v->pv_fen[ins];
}

void ygt_settle_values_free(ygt_settle_values *v) {
  if (!v) return;
  ygt__free(v->params_id);
  ygt__free(v);
}

int ygt_settle_values_get(double *out, const ygt_settle_values *v, int what, int ins) {
  if (!out || !v || ins < 0 || ins >= YGT__NINS) return ygt__error(YGT_EINVAL, "bad argument");
  switch (what) {
  case YGT_VALUE_POINT_VALUE: *out = v->pv_fen[ins] / 100; return YGT_OK;
  case YGT_VALUE_BUDGET_POINT_VALUE: *out = v->bpv_fen[ins] / 100; return YGT_OK;
  case YGT_VALUE_TOTAL_POINTS: *out = v->points[ins]; return YGT_OK;
  case YGT_VALUE_FUND_BASE: *out = v->fund_base[ins] / 100; return YGT_OK;
  case YGT_VALUE_POINT_VALUE_FEN: *out = v->pv_fen[ins]; return YGT_OK;
  default: return ygt__error(YGT_EINVAL, "unknown value %d", what);
  }
}

const char *ygt_settle_values_params_id(const ygt_settle_values *v) { return v->params_id; }

int ygt_settle_values_special_review(int64_t *count, int64_t *allowed, const ygt_settle_values *v) {
  *count = v->special;
  *allowed = v->allowed;
  return v->special > v->allowed;
}

int ygt__settle_price_row(int64_t out[4], const ygt_settle_values *v, const ygt_cases *c, const int8_t *status,
                          const int64_t *units, size_t r) {
  memset(out, 0, 4 * sizeof *out);
  int ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r);
  if (status[r] != YGT_SETTLE_OK || ins < 0 || ins >= YGT__NINS) return YGT_OK;
  int64_t share = ygt__patient_share(c, r);
  if (share < 0) share = 0;
  int rc = ygt__price_units(units[r], v->pv_fen[ins], &out[0]);
  if (rc || (rc = ygt__price_units(units[r], v->bpv_fen[ins], &out[2])))
    return ygt__case_overflow(rc, c, r, "amount");
  if (__builtin_sub_overflow(out[0], share, &out[1]) || __builtin_sub_overflow(out[2], share, &out[3]))
    return ygt__case_overflow(ygt__error(YGT_EOVERFLOW, "amount less patient share overflows"), c, r, "fund");
  return YGT_OK;
}

int ygt__ledger_overflow(int field) {
  return ygt__error(YGT_EOVERFLOW, "ledger total %s overflows int64", ygt_settle_field_name(field));
}

void ygt__settle_price_undo(ygt_settle_accum *l, const ygt_settle_values *v, const ygt_cases *c,
                            const int8_t *status, const int64_t *units, size_t begin, size_t r) {
  for (size_t k = begin; l && k < r; k++) {
    int64_t a[4];
    if (ygt__settle_price_row(a, v, c, status, units, k) == YGT_OK) ygt__ledger_add(l, c, k, a, -1);
  }
}

int ygt_settle_price(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                     const ygt_cases *c, const int8_t *status, const int64_t *units, size_t begin, size_t end) {
  if (!v || !c || !status || !units) return ygt__error(YGT_EINVAL, "ygt_settle_price: NULL argument");
  if (begin > end || end > c->count) return ygt__error(YGT_ERANGE, "rows %zu..%zu outside the batch", begin, end);
  return ygt__settle_price_batch(ledger, amount, fund, v, c, status, units, begin, end);
}

/* Sums over ledger cells: the prepayments (each cell floored at 0), the
 * fund at the settlement value, and the floors that were applied. */
typedef struct cell_sums {
  int64_t prepaid, fund, floored, raised;
} cell_sums;

/* One cell's prepayment, rounded once; a negative one is raised to 0 and
 * counted, because the fund prepays an institution and never bills it
 * monthly: the year-end clearing settles what the month did not. */
static int add_cell(cell_sums *t, const int64_t *cell, double ratio) {
  int64_t pre = 0;
  int rc = ygt__round_fen(ratio * (double)cell[YGT_FIELD_BUDGET_FUND], &pre);
  if (rc) return rc;
  int neg = pre < 0;
  if (__builtin_add_overflow(t->raised, neg ? -pre : 0, &t->raised) ||
      __builtin_add_overflow(t->prepaid, neg ? 0 : pre, &t->prepaid) ||
      __builtin_add_overflow(t->fund, cell[YGT_FIELD_FUND], &t->fund))
    return ygt__error(YGT_EOVERFLOW, "prepayment total overflows");
  t->floored += neg;
  return YGT_OK;
}

static int cell_sum(cell_sums *t, const ygt_settle_accum *l, const ygt_settle_values *v, int32_t inst, int ins,
                    int month) {
  memset(t, 0, sizeof *t);
  if (!l || !v) return ygt__error(YGT_EINVAL, "NULL argument");
  if (inst < -1 || inst >= (int32_t)l->ninst || ins < -1 || ins >= YGT__NINS || month < -1 || month > 12)
    return ygt__error(YGT_ERANGE, "institution %d, insurance %d or month %d out of range", inst, ins, month);
  for (int32_t i = inst < 0 ? 0 : inst; i <= (inst < 0 ? (int32_t)l->ninst : inst); i++)
    for (int s = ins < 0 ? 0 : ins; s <= (ins < 0 ? YGT__NINS - 1 : ins); s++)
      for (int m = month < 0 ? 0 : month; m <= (month < 0 ? 12 : month); m++) {
        int rc = add_cell(t, l->cells + ygt__accum_cell(l, (size_t)i, s, m), v->prepay_ratio);
        if (rc) return rc;
      }
  return YGT_OK;
}

int ygt_settle_prepayment(int64_t *out, const ygt_settle_accum *l, const ygt_settle_values *v, int32_t inst,
                          int ins, int month) {
  cell_sums t;
  if (!out) return ygt__error(YGT_EINVAL, "NULL argument");
  int rc = cell_sum(&t, l, v, inst, ins, month);
  if (!rc) *out = t.prepaid;
  return rc;
}

int ygt_settle_clearing(int64_t *out, const ygt_settle_accum *l, const ygt_settle_values *v, int32_t inst, int ins) {
  cell_sums t;
  if (!out) return ygt__error(YGT_EINVAL, "NULL argument");
  int rc = cell_sum(&t, l, v, inst, ins, -1);
  if (!rc && __builtin_sub_overflow(t.fund, t.prepaid, out)) rc = ygt__error(YGT_EOVERFLOW, "clearing overflows");
  return rc;
}

int ygt_settle_prepayment_floors(int64_t *cells, int64_t *raised, const ygt_settle_accum *l,
                                 const ygt_settle_values *v, int32_t inst, int ins, int month) {
  cell_sums t;
  if (!cells || !raised) return ygt__error(YGT_EINVAL, "NULL argument");
  int rc = cell_sum(&t, l, v, inst, ins, month);
  if (!rc) *cells = t.floored, *raised = t.raised;
  return rc;
}
