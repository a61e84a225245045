/* Year-end sharing by bands of the balance ratio, and the exact split of an
 * amount of fen over parties (largest remainder). */
#include <math.h>
#include <stdlib.h>

#include "alloc_internal.h"
#include "budget_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"

int ygt__budget_group(int tier) {
  return tier <= YGT_TIER_TOWNSHIP ? tier : 2;
}

/* Fen at a ratio of the budget: the band boundaries, rounded once. */
static int64_t bound(double ratio, int64_t budget) {
  return ygt__fen_times(budget, ratio);
}

static int64_t min64(int64_t a, int64_t b) {
  return a < b ? a : b;
}

int ygt__budget_band_share(int64_t *out, int64_t amount, int64_t budget, const bg_band *bands, size_t n,
                           double beyond) {
  int64_t share = 0, prev = 0;
  for (size_t k = 0; k < n; k++) {
    int64_t hi = bound(bands[k].to, budget);
    int64_t slice = min64(amount, hi) - min64(amount, prev);
    share += ygt__fen_times(slice, bands[k].community);
    prev = hi;
  }
  int64_t rest = amount - min64(amount, prev);
  *out = share + ygt__fen_times(rest, beyond);
  return YGT_OK;
}

/* A party's fractional fen, in units of 10^-9 fen: binary noise in a share
 * of published decimals (1 − 0.45 is 0.55000000000000004) must not break a
 * tie that the decimals make exact, so nearly equal fractions are equal and
 * the tie goes to the lower index, as documented. */
typedef struct frac {
  int64_t f;
  size_t i;
} frac;

static int by_frac(const void *a, const void *b) {
  const frac *x = a, *y = b;
  if (x->f != y->f) return x->f < y->f ? 1 : -1;
  return x->i < y->i ? -1 : (x->i > y->i);
}

int ygt__budget_split(int64_t *out, const double *w, size_t n, int64_t total) {
  if (!n) return total ? ygt__error(YGT_EINTERNAL, "nobody to give %lld fen to", (long long)total) : YGT_OK;
  long double sum = 0;
  for (size_t i = 0; i < n; i++) sum += w[i] > 0 ? w[i] : 0;
  frac *fr = ygt__calloc(n, sizeof *fr);
  if (!fr) return YGT_ENOMEM;
  int64_t abs_total = total < 0 ? -total : total, given = 0;
  for (size_t i = 0; i < n; i++) {
    long double share = sum > 0 ? (w[i] > 0 ? w[i] : 0) / sum : 1.0L / (long double)n;
    long double q = share * (long double)abs_total, fl = floorl(q);
    out[i] = (int64_t)fl;
    given += out[i];
    fr[i] = (frac){(int64_t)roundl((q - fl) * 1e9L), i};
  }
  qsort(fr, n, sizeof *fr, by_frac);
  for (size_t k = 0; given < abs_total; k = (k + 1) % n, given++) out[fr[k].i]++;
  for (size_t i = 0; total < 0 && i < n; i++) out[i] = -out[i];
  ygt__free(fr);
  return YGT_OK;
}
