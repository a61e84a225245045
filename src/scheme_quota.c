/* Special review (特例单议) over the quota of a DIP line.  The quota (the
 * parameter special_review_quota × the stays seen, 5 per mille by default)
 * bounds how many stays the insurer reviews.  By default (line key "quota":
 * "report") the settlement does not pick which, so the result counts the
 * stays beyond it and prices them two ways: what the fund pays them item by item (fee for service, as the year
 * pays special review) and what the method would have paid them (an
 * extreme-cost stay by the high-cost rule, score × point value − the
 * patients' share; an unmatched stay has no group: 0).
 *
 * Which stays are within the quota: the ones with the largest
 * fee-for-service fund payment (the reviews that matter most for the
 * fund), ties by the larger method payment.  Stays tied on both add the
 * same amounts, so the totals do not depend on the order of the rows.
 *
 * With "quota": "settle" the quota is enforced before the point values are
 * computed: the extreme-cost stays beyond it are settled by the method's
 * high-cost rule.  The stays kept in review are those whose fee-for-service
 * fund payment is above that of the first stay beyond the quota; stays tied
 * with it are all settled (the quota may then be used a little less), so
 * that which stays are settled does not depend on the order of the rows.
 * Unmatched stays have no group and stay in review, counted and priced as
 * above. */
#include <math.h>
#include <stdlib.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "dip_internal.h"
#include "error_internal.h"
#include "scheme_internal.h"
#include "settle_internal.h"

typedef struct priced {
  int64_t ffs, method;
} priced;

/* Largest first. */
static int by_money(const void *a, const void *b) {
  const priced *x = a, *y = b;
  if (x->ffs != y->ffs) return x->ffs < y->ffs ? 1 : -1;
  return (x->method < y->method) - (x->method > y->method);
}

/* What the method would pay row r: 0 unless an extreme-cost stay. */
static int method_fund(int64_t *out, const ygt_dip_engine *e, const ygt_settle_values *v, const ygt_cases *c,
                       size_t r, int reason) {
  int64_t units = 0, amount = 0, share = ygt__patient_share(c, r);
  int ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r);
  *out = 0;
  if (reason != YGT_REASON_EXTREME_COST || ins < 0 || ins >= YGT__NINS) return YGT_OK;
  int rc = ygt__dip_units_no_extreme(&units, e, c, r);
  if (!rc) rc = ygt__case_overflow(ygt__round_fen((double)units * v->pv_fen[ins] / YGT_SETTLE_SCORE_UNIT, &amount), c, r,
                                   "amount");
  if (!rc) *out = amount - (share < 0 ? 0 : share);
  return rc;
}

static int sum_over(ygt_scheme_result *r, int line, const priced *p, size_t n, size_t allowed) {
  int64_t ffs = 0, method = 0;
  for (size_t k = allowed; k < n; k++)
    if (__builtin_add_overflow(ffs, p[k].ffs, &ffs) || __builtin_add_overflow(method, p[k].method, &method))
      return ygt__error(YGT_EOVERFLOW, "special review over the quota: a total overflows");
  r->over[line] = (double)(n - allowed);
  r->over_ffs[line] = (double)ffs / 100;
  r->over_method[line] = (double)method / 100;
  return YGT_OK;
}

int ygt__scheme_dip_over_quota(ygt_scheme_result *r, int line, const ygt_dip_engine *e, const ygt_settle_values *v,
                               const ygt_cases *c, const int8_t *status, const int8_t *reason) {
  int64_t count = 0, allowed = 0;
  ygt_settle_values_special_review(&count, &allowed, v);
  if (count <= allowed) return YGT_OK;
  priced *p = ygt__malloc((size_t)count * sizeof *p);
  if (!p) return YGT_ENOMEM;
  size_t n = 0;
  int rc = YGT_OK;
  for (size_t i = 0; !rc && i < c->count && n < (size_t)count; i++) {
    if (status[i] != YGT_SETTLE_SPECIAL_REVIEW) continue;
    p[n].ffs = ygt__scheme_ffs_fund(c, i);
    rc = method_fund(&p[n++].method, e, v, c, i, reason[i]);
  }
  if (!rc) qsort(p, n, sizeof *p, by_money);
  if (!rc && n > (size_t)allowed) rc = sum_over(r, line, p, n, (size_t)allowed);
  ygt__free(p);
  return rc;
}

static int by_fund(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x < y) - (x > y);
}

/* The fee-for-service fund payment at or below which a stay in review is
 * beyond the quota; INT64_MAX when the quota takes them all. */
static int quota_boundary(int64_t *out, const ygt_cases *c, const int8_t *status, int64_t count, int64_t allowed) {
  *out = INT64_MAX;
  if (count <= allowed) return YGT_OK;
  int64_t *ffs = ygt__malloc((size_t)count * sizeof *ffs);
  if (!ffs) return YGT_ENOMEM;
  size_t n = 0;
  for (size_t i = 0; i < c->count && n < (size_t)count; i++)
    if (status[i] == YGT_SETTLE_SPECIAL_REVIEW) ffs[n++] = ygt__scheme_ffs_fund(c, i);
  qsort(ffs, n, sizeof *ffs, by_fund);
  if (n > (size_t)allowed) *out = ffs[allowed];
  ygt__free(ffs);
  return YGT_OK;
}

int ygt__scheme_dip_enforce_quota(ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units,
                                  const ygt_dip_engine *e, const ygt_settle_params *p, const ygt_cases *c) {
  int64_t count = 0, seen = 0, boundary;
  ygt_settle_accum_total(&count, acc, YGT_FIELD_SPECIAL_REVIEW, -1, -1, -1);
  ygt_settle_accum_total(&seen, acc, YGT_FIELD_CASES, -1, -1, -1);
  int64_t allowed = (int64_t)floor(p->num[YGT_PARAM_SPECIAL_QUOTA] * (double)seen);
  int rc = quota_boundary(&boundary, c, status, count, allowed);
  for (size_t i = 0; !rc && boundary != INT64_MAX && i < c->count; i++)
    if (status[i] == YGT_SETTLE_SPECIAL_REVIEW && reason[i] == YGT_REASON_EXTREME_COST &&
        ygt__scheme_ffs_fund(c, i) <= boundary)
      rc = ygt__dip_settle_extreme(acc, status, reason, units, e, c, i);
  return rc;
}
