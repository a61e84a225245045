/* A settled case's price, explained (settle.h): the numbers ygt_settle_price()
 * uses for one case, printed so that an auditor recomputes the amount and the
 * fund payment from them (the point value with 17 significant digits reads
 * back as the same double). */
#include "settle_internal.h"

#include <stdio.h>

#include "error_internal.h"

/* 1 when the case gives one of the share's parts, or both total_cost and fund_paid. */
static int share_given(const ygt_cases *c, size_t row) {
  for (int col = YGT_CASE_SELF_PAID; col <= YGT_CASE_COINSURANCE; col++)
    if (ygt__cases_int64(c, col, row) != YGT_CASES_NA64) return 1;
  return ygt__cases_int64(c, YGT_CASE_TOTAL_COST, row) != YGT_CASES_NA64 &&
         ygt__cases_int64(c, YGT_CASE_FUND_PAID, row) != YGT_CASES_NA64;
}

int ygt_settle_patient_share(int64_t *out, const ygt_cases *c, size_t row) {
  if (!out || !c) return ygt__error(YGT_EINVAL, "ygt_settle_patient_share: NULL argument");
  if (row >= c->count) return ygt__error(YGT_ERANGE, "row %zu outside the batch (%zu rows)", row, c->count);
  int64_t share = ygt__patient_share(c, row);
  *out = !share_given(c, row) ? YGT_CASES_NA64 : share < 0 ? 0 : share;
  return YGT_OK;
}

/* Where the share comes from, as ygt__patient_share() decides. */
static const char *share_source(const ygt_cases *c, size_t row) {
  for (int col = YGT_CASE_SELF_PAID; col <= YGT_CASE_COINSURANCE; col++)
    if (ygt__cases_int64(c, col, row) != YGT_CASES_NA64)
      return "self_paid + first_self_paid + deductible + coinsurance";
  return "total_cost - fund_paid";
}

static int not_priced(char *trace, size_t cap, const char *why) {
  return snprintf(trace, cap, "not priced (%s): amount 0 fen, fund 0 fen", why);
}

int ygt_settle_price_explain(char *trace, size_t cap, const ygt_settle_values *v, const ygt_cases *c, int status,
                             int64_t units, size_t row) {
  if (!v || !c || (cap && !trace)) return ygt__error(YGT_EINVAL, "ygt_settle_price_explain: NULL argument");
  if (row >= c->count) return ygt__error(YGT_ERANGE, "row %zu outside the batch (%zu rows)", row, c->count);
  if (!cap) trace = NULL;
  int ins = ygt__cases_int(c, YGT_CASE_INSURANCE, row);
  const char *status_name = ygt_settle_status_name(status);
  if (status != YGT_SETTLE_OK) return not_priced(trace, cap, status_name ? status_name : "unknown status");
  if (ins < 0 || ins >= YGT__NINS) return not_priced(trace, cap, "no insurance type");
  int64_t amount = 0, share;
  int rc = ygt__price_units(units, v->pv_fen[ins], &amount);
  if (rc) return ygt__case_overflow(rc, c, row, "amount");
  ygt_settle_patient_share(&share, c, row);
  int64_t taken = share == YGT_CASES_NA64 ? 0 : share;
  return snprintf(trace, cap,
                  "%s: %lld units x %.17g fen/point / %d = %.17g fen, half away from zero: amount %lld fen; "
                  "patient share %lld fen (%s); fund %lld fen",
                  ygt_insurance_name(ins), (long long)units, v->pv_fen[ins], YGT_SETTLE_SCORE_UNIT,
                  (double)units * v->pv_fen[ins] / YGT_SETTLE_SCORE_UNIT, (long long)amount, (long long)taken,
                  share == YGT_CASES_NA64 ? "none given" : share_source(c, row), (long long)(amount - taken));
}
