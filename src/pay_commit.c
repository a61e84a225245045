/* Committing the results of the payment methods to the settlement
 * accumulators of settle.h (shared by the DRG rate method, the point method
 * and per-diem payment), and the record checks they share. */
#include "pay_internal.h"

#include "alloc_internal.h"
#include "cases_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"

static void case_sums(ygt__case_sums *s, const ygt_cases *c, size_t r, const ygt__pay_row *p) {
  int64_t cost = ygt__cases_int64(c, YGT_CASE_TOTAL_COST, r), paid = ygt__cases_int64(c, YGT_CASE_FUND_PAID, r);
  int64_t share = ygt__patient_share(c, r);
  s->inst = ygt__cases_int(c, YGT_CASE_INSTITUTION, r);
  s->ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r);
  s->month = ygt__discharge_month(c, r);
  s->status = p->status;
  s->reason = p->reason;
  s->score_units = p->units;
  s->base_units = p->base_units;
  s->total_cost = cost == YGT_CASES_NA64 ? 0 : cost;
  s->patient_share = share < 0 ? 0 : share;
  s->fund_paid = paid == YGT_CASES_NA64 ? 0 : paid;
}

static int apply(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt_cases *c, const ygt__pay_row *p,
                 size_t r, int sign) {
  ygt__case_sums s;
  case_sums(&s, c, r, p);
  int rc = acc ? ygt__accum_apply(acc, &s, sign) : YGT_OK;
  if (rc || !ledger || p->status != YGT_SETTLE_OK) return rc;
  int64_t a[4] = {p->amount, p->fund, p->amount, p->fund};
  rc = ygt__ledger_add(ledger, c, r, a, sign);
  if (rc && acc) ygt__accum_apply(acc, &s, -sign);
  return rc;
}

int ygt__pay_commit(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt_cases *c, const ygt__pay_row *rows,
                    size_t begin, size_t end) {
  for (size_t r = begin; r < end; r++) {
    int rc = apply(acc, ledger, c, &rows[r - begin], r, 1);
    if (rc) {
      for (size_t k = begin; k < r; k++) apply(acc, ledger, c, &rows[k - begin], k, -1);
      return rc;
    }
  }
  return YGT_OK;
}

int ygt__pay_check(const ygt_cases *c, size_t r, size_t ninst, int8_t *reason) {
  int32_t inst = ygt__cases_int(c, YGT_CASE_INSTITUTION, r), ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r);
  *reason = c->flags[r] ? YGT_REASON_ROW_PROBLEM
          : (inst < 0 || (size_t)inst >= ninst) ? YGT_REASON_NO_INSTITUTION
          : (ins < 0 || ins >= YGT__NINS) ? YGT_REASON_NO_INSURANCE
          : ygt__cases_int64(c, YGT_CASE_TOTAL_COST, r) == YGT_CASES_NA64 ? YGT_REASON_NO_COST
          : YGT_REASON_NONE;
  return *reason ? YGT_SETTLE_INVALID : YGT_SETTLE_OK;
}

int ygt__pay_fund(const ygt_cases *c, size_t r, int64_t amount, double ratio, int64_t *out) {
  double base = (double)amount;
  for (int col = YGT_CASE_SELF_PAID; col <= YGT_CASE_DEDUCTIBLE; col++) {
    int64_t v = ygt__cases_int64(c, col, r);
    if (v != YGT_CASES_NA64) base -= (double)v;
  }
  const double factors[] = {base > 0 ? base : 0, ratio};
  return ygt__case_overflow(ygt__round_product(factors, 2, out), c, r, "fund");
}

void ygt__pay_store(const ygt__pay_row *row, size_t r, const ygt__pay_out *out) {
  if (out->status) out->status[r] = row->status;
  if (out->reason) out->reason[r] = row->reason;
  if (out->amount) out->amount[r] = row->amount;
  if (out->fund) out->fund[r] = row->fund;
  if (out->units) out->units[r] = row->status == YGT_SETTLE_OK ? row->units : 0;
}

/* Rows are settled in blocks, so that the scratch space stays small. */
#define BLOCK ((size_t)1 << 14)

static void withdraw(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt_cases *c, ygt__pay_row *rows,
                     size_t begin, size_t end, ygt__pay_row_fn fn, const void *ctx) {
  for (size_t b = begin; b < end; b += BLOCK) {
    size_t e = end - b < BLOCK ? end : b + BLOCK;
    for (size_t r = b; r < e; r++) fn(ctx, c, r, &rows[r - b]);
    for (size_t r = b; r < e; r++) apply(acc, ledger, c, &rows[r - b], r, -1);
  }
}

int ygt__pay_run(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt__pay_out *out, const ygt_cases *c,
                 size_t begin, size_t end, ygt__pay_row_fn fn, const void *ctx) {
  if (begin > end || end > c->count) return ygt__error(YGT_ERANGE, "rows %zu..%zu outside the batch", begin, end);
  ygt__pay_row *rows = ygt__malloc(BLOCK * sizeof *rows);
  if (!rows) return YGT_ENOMEM;
  int rc = YGT_OK;
  size_t b;
  for (b = begin; !rc && b < end; b += BLOCK) {
    size_t e = end - b < BLOCK ? end : b + BLOCK;
    for (size_t r = b; !rc && r < e; r++) rc = fn(ctx, c, r, &rows[r - b]);
    if (!rc) rc = ygt__pay_commit(acc, ledger, c, rows, b, e);
    for (size_t r = b; !rc && r < e; r++) ygt__pay_store(&rows[r - b], r, out);
    if (rc) withdraw(acc, ledger, c, rows, begin, b, fn, ctx);
  }
  ygt__free(rows);
  return rc;
}
