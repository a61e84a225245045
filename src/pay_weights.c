/* Relative weights from cost data with trimming (DRG RW; the point
 * method's base points are the same weights × 100).  Sums are int64, so
 * the result does not depend on the order of the cases. */
#include "pay_internal.h"

#include <math.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "yigongti/drgpay.h"

typedef struct sums {
  int64_t cost, n;
} sums;

static int usable(int32_t g, size_t ngroups, int64_t cost) {
  return g >= 0 && (size_t)g < ngroups && cost != YGT_CASES_NA64 && cost >= 0;
}

/* Group sums over the cases kept; the first pass (mean == NULL) keeps all. */
static int group_sums(sums *s, size_t ngroups, const int32_t *group, const int64_t *cost, size_t n,
                      const sums *all, double lo, double hi) {
  for (size_t i = 0; i < n; i++) {
    int32_t g = group[i];
    if (!usable(g, ngroups, cost[i])) continue;
    if (all) {
      double mean = (double)all[g].cost / (double)all[g].n, c = (double)cost[i];
      if ((lo > 0 && c < lo * mean) || (hi > 0 && c > hi * mean)) continue;
    }
    if (__builtin_add_overflow(s[g].cost, cost[i], &s[g].cost))
      return ygt__error(YGT_EOVERFLOW, "the costs of group %d overflow int64", g);
    s[g].n++;
  }
  return YGT_OK;
}

static int weights(double *rw, const sums *s, size_t ngroups) {
  int64_t cost = 0, n = 0;
  for (size_t g = 0; g < ngroups; g++) {
    if (__builtin_add_overflow(cost, s[g].cost, &cost)) return ygt__error(YGT_EOVERFLOW, "total cost overflows int64");
    n += s[g].n;
  }
  if (n == 0 || cost == 0) return ygt__error(YGT_EVALIDATE, "no case with a cost is left after trimming");
  double mean = (double)cost / (double)n;
  for (size_t g = 0; g < ngroups; g++) rw[g] = s[g].n ? (double)s[g].cost / (double)s[g].n / mean : 0;
  return YGT_OK;
}

int ygt_drgpay_weights_from_costs(double *rw, size_t ngroups, const int32_t *group, const int64_t *cost, size_t n,
                                  double lo, double hi) {
  if (!rw || !group || !cost || ngroups == 0) return ygt__error(YGT_EINVAL, "NULL argument or no group");
  if (!isfinite(lo) || !isfinite(hi) || lo < 0 || lo > 1 || (hi != 0 && hi < 1))
    return ygt__error(YGT_ERANGE, "trimming factors %g, %g: low must be 0 or in (0, 1], high 0 or >= 1", lo, hi);
  sums *all = ygt__calloc(ngroups, sizeof *all), *kept = ygt__calloc(ngroups, sizeof *kept);
  int rc = (all && kept) ? YGT_OK : YGT_ENOMEM;
  if (!rc) rc = group_sums(all, ngroups, group, cost, n, NULL, 0, 0);
  if (!rc) rc = group_sums(kept, ngroups, group, cost, n, all, lo, hi);
  if (!rc) rc = weights(rw, kept, ngroups);
  ygt__free(all);
  ygt__free(kept);
  return rc;
}
