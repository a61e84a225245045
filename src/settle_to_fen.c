/* Paying a fund base to the fen (settle_internal.h, ygt__settle_to_the_fen):
 * each case is rounded on its own, so the amounts of a year's stays miss
 * the base by up to half a fen a case; the fen left over go to the cases
 * whose rounding lost the most, largest remainder first. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"
#include "settle_internal.h"

typedef struct cand {
  double rem;      /* exact − rounded, × the sign of the fen to move */
  const char *id;  /* ties: by case id, so that row order decides nothing */
  size_t r;
} cand;

static int by_remainder(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->rem != y->rem) return x->rem < y->rem ? 1 : -1;
  int k = strcmp(x->id, y->id);
  return k ? k : (x->r > y->r) - (x->r < y->r);
}

/* The OK rows of insurance ins with their remainders; the sum of their amounts in *sum. */
static size_t gather(cand *cs, int64_t *sum, const ygt_settle_values *v, const ygt_cases *c, const int8_t *status,
                     const int64_t *units, const int64_t *amount, size_t n, int ins) {
  size_t k = 0;
  *sum = 0;
  for (size_t r = 0; r < n; r++) {
    if (status[r] != YGT_SETTLE_OK || ygt__cases_int(c, YGT_CASE_INSURANCE, r) != ins) continue;
    double exact = (double)units[r] * v->pv_fen[ins] / YGT_SETTLE_SCORE_UNIT;
    cs[k++] = (cand){exact - (double)amount[r], ygt__cases_str(c, YGT_CASE_CASE_ID, r), r};
    *sum += amount[r];
  }
  return k;
}

static int move(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_cases *c, const cand *cs,
                int64_t fen, int sign) {
  const int64_t delta[4] = {sign, sign, 0, 0};
  for (int64_t i = 0; i < fen; i++) {
    size_t r = cs[i].r;
    int rc = ledger ? ygt__ledger_add(ledger, c, r, delta, 1) : 0;
    if (rc) return rc;
    amount[r] += sign;
    fund[r] += sign;
  }
  return YGT_OK;
}

int ygt__settle_to_the_fen(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                           const ygt_cases *c, const int8_t *status, const int64_t *units, size_t n, int ins,
                           int64_t target) {
  cand *cs = ygt__malloc((n ? n : 1) * sizeof *cs);
  if (!cs) return YGT_ENOMEM;
  int64_t sum;
  size_t k = gather(cs, &sum, v, c, status, units, amount, n, ins);
  int64_t left = target - sum, fen = left < 0 ? -left : left;
  int sign = left < 0 ? -1 : 1, rc = YGT_OK;
  if ((uint64_t)fen > k)
    rc = ygt__error(YGT_EINTERNAL, "insurance %d: %lld fen to place on %zu cases", ins, (long long)left, k);
  if (!rc && fen) {
    for (size_t i = 0; i < k; i++) cs[i].rem *= sign;
    qsort(cs, k, sizeof *cs, by_remainder);
    rc = move(ledger, amount, fund, c, cs, fen, sign);
  }
  ygt__free(cs);
  return rc;
}
