/* What the payment methods' explanations share (pay_internal.h): a case
 * not priced, and the fund's part of an amount under the ratio rule of
 * ygt__pay_fund(). */
#include "pay_internal.h"

#include "cases_internal.h"

void ygt__pay_fund_explain(ygt__text *t, const ygt_cases *c, size_t r, int64_t fund, double ratio) {
  int64_t parts = 0;
  for (int col = YGT_CASE_SELF_PAID; col <= YGT_CASE_DEDUCTIBLE; col++) {
    int64_t v = ygt__cases_int64(c, col, r);
    if (v != YGT_CASES_NA64) parts += v;
  }
  ygt__text_add(t, "; fund %lld fen ((amount - self-paid parts %lld fen, not below 0) x fund ratio %.15g, "
                   "half away from zero)",
                (long long)fund, (long long)parts, ratio);
}

int ygt__pay_not_priced(ygt__text *t, const ygt__pay_row *row) {
  ygt__text_add(t, "not priced (%s: %s): amount 0 fen, fund 0 fen", ygt_settle_status_name(row->status),
                ygt_settle_reason_name(row->reason));
  return ygt__text_length(t);
}
