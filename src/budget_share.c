/* Year-end sharing by bands of the balance ratio, and the exact split of an
 * amount of fen over parties (largest remainder). */
#include <math.h>
#include <stdlib.h>

#include "alloc_internal.h"
#include "budget_internal.h"
#include "error_internal.h"

int ygt__budget_group(int tier) {
  return tier <= YGT_TIER_TOWNSHIP ? tier : 2;
}

/* Fen at a ratio of the budget: the band boundaries, rounded once. */
static int64_t bound(double ratio, int64_t budget) {
  return (int64_t)roundl((long double)ratio * (long double)budget);
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
    share += (int64_t)roundl((long double)slice * bands[k].community);
    prev = hi;
  }
  int64_t rest = amount - min64(amount, prev);
  *out = share + (int64_t)roundl((long double)rest * beyond);
  return YGT_OK;
}

typedef struct frac {
  long double f;
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
    fr[i] = (frac){q - fl, i};
  }
  qsort(fr, n, sizeof *fr, by_frac);
  for (size_t k = 0; given < abs_total; k = (k + 1) % n, given++) out[fr[k].i]++;
  for (size_t i = 0; total < 0 && i < n; i++) out[i] = -out[i];
  ygt__free(fr);
  return YGT_OK;
}
