/* ygt_budget_scale: a budget for a scaled population (a synthetic county
 * generated at population_scale s spends about s times the whole county's
 * fund, so its budget is s times the file's). */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "budget_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"

#define MAX_AMOUNT 1.0e17L /* fen; the loader's bound on one budget */

static int copy_array(void **to, const void *from, size_t n, size_t size) {
  *to = ygt__calloc(n ? n : 1, size);
  if (!*to) return YGT_ENOMEM;
  if (n) memcpy(*to, from, n * size);
  return 0;
}

/* Every owned part of @p b into @p c (whose scalars are already a copy). */
static int copy_parts(ygt_budget *c, const ygt_budget *b) {
  c->document = c->locality = c->note = c->derived = NULL;
  c->amount = NULL;
  c->has = NULL;
  c->surplus = c->over = NULL;
  if (!(c->document = ygt__strdup(b->document)) || !(c->locality = ygt__strdup(b->locality)) ||
      !(c->note = ygt__strdup(b->note)) || !(c->derived = ygt__strdup(b->derived)))
    return YGT_ENOMEM;
  int rc = copy_array((void **)&c->amount, b->amount, b->ncomm * BG_INS, sizeof *b->amount);
  if (!rc) rc = copy_array((void **)&c->has, b->has, b->ncomm * BG_INS, sizeof *b->has);
  if (!rc) rc = copy_array((void **)&c->surplus, b->surplus, b->nsurplus, sizeof *b->surplus);
  if (!rc) rc = copy_array((void **)&c->over, b->over, b->nover, sizeof *b->over);
  return rc;
}

/* Every amount × scale, rounded half away from zero to the fen. */
static int scale_amounts(ygt_budget *c, double scale) {
  for (size_t k = 0; k < c->ncomm * BG_INS; k++) {
    long double x = (long double)c->amount[k] * (long double)scale;
    if (x <= MAX_AMOUNT) x = (long double)ygt__fen_times(c->amount[k], scale);
    if (x > MAX_AMOUNT)
      return ygt__error(YGT_EOVERFLOW, "ygt_budget_scale: community %zu's budget × %g exceeds %.0Lf yuan",
                        k / BG_INS, scale, MAX_AMOUNT / 100);
    c->amount[k] = (int64_t)x;
  }
  return 0;
}

int ygt_budget_scale(ygt_budget **out, const ygt_budget *b, double scale) {
  if (out) *out = NULL;
  if (!out || !b) return ygt__error(YGT_EINVAL, "ygt_budget_scale: NULL argument");
  if (!(scale >= 0 && scale <= 1e6))
    return ygt__error(YGT_ERANGE, "ygt_budget_scale: scale %g is not in [0, 1e6]", scale);
  ygt_budget *c = ygt__malloc(sizeof *c);
  if (!c) return YGT_ENOMEM;
  *c = *b;
  c->id = ygt__budget_new_id(); /* a report of b is not one of the copy */
  int rc = copy_parts(c, b);
  if (!rc) rc = scale_amounts(c, scale);
  if (rc) {
    ygt_budget_free(c);
    return rc;
  }
  *out = c;
  return 0;
}
