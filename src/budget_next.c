/* ygt_budget_next: next year's budget from this year's and its settlement
 * (issue 19's multi-year runs).  Each line is base × (1 + growth) computed
 * exactly in integers (ratios are millionths, budget_next_rule.c) and
 * rounded once, half away from zero; the rules are copied unchanged. */
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "budget_internal.h"
#include "error_internal.h"

#define FN "ygt_budget_next"
#define MAX_AMOUNT 100000000000000000LL /* fen; the loader's bound on one budget (1e15 yuan) */

typedef __int128 i128;

/* A report settles the budget it came from: not an equal one, not a copy. */
static int check_report(const ygt_budget *b, const ygt_budget_report *r) {
  if (r->budget_id == b->id) return 0;
  return ygt__error(YGT_EINVAL, FN ": the report settles another budget (its year %d), not this one (%d)",
                    (int)r->year, (int)b->year);
}

/* The base in millionths of a fen: the weighted actual and budget, raised to the floor. */
static i128 base_micro(const bg_next *n, int64_t budget, int64_t actual) {
  i128 base = (i128)n->w_actual * actual + (i128)n->w_budget * budget;
  i128 floor = (i128)n->floor * budget;
  return base < floor ? floor : base;
}

/* round(base × (1 + growth)) − carried, in fen; both factors exact, one rounding. */
static int next_line(int64_t *out, const bg_next *n, const int64_t *cell, size_t c) {
  const i128 unit = (i128)BG_MICRO * BG_MICRO, half = unit / 2;
  i128 x = base_micro(n, cell[YGT_BUDGET_AMOUNT], cell[YGT_BUDGET_ACTUAL]) * (BG_MICRO + n->growth);
  x = (x >= 0 ? x + half : x - half) / unit;
  if (n->carry == BG_CARRY_FUND_OVERSPEND) x -= cell[YGT_BUDGET_OVER_FUND];
  if (x < 0) return ygt__error(YGT_ERANGE, FN ": community %zu's overspend carried exceeds its next budget", c);
  if (x > MAX_AMOUNT) return ygt__error(YGT_EOVERFLOW, FN ": community %zu's next budget exceeds 1e15 yuan", c);
  *out = (int64_t)x;
  return 0;
}

static int next_amounts(ygt_budget *nb, const ygt_budget *b, const ygt_budget_report *r) {
  for (size_t k = 0; k < b->ncomm * BG_INS; k++) {
    if (!b->has[k]) continue;
    int rc = next_line(&nb->amount[k], &b->next, ygt__budget_cell(r, (int32_t)(k / BG_INS), (int)(k % BG_INS)), k / BG_INS);
    if (rc) return rc;
  }
  return 0;
}

static char *derived_text(const ygt_budget *b) {
  char rule[160], text[256];
  ygt__budget_next_describe(rule, sizeof rule, &b->next);
  snprintf(text, sizeof text, "from the %d budget and its settlement: %s", (int)b->year, rule);
  return ygt__strdup(text);
}

int ygt_budget_next(ygt_budget **out, const ygt_budget *b, const ygt_budget_report *r) {
  if (out) *out = NULL;
  if (!out || !b || !r) return ygt__error(YGT_EINVAL, FN ": NULL argument");
  if (b->next.base == BG_NEXT_NONE)
    return ygt__error(YGT_ENOTFOUND, FN ": the budget has no next_year rule (doc/formats/budget.md)");
  if (b->year >= 9999) return ygt__error(YGT_ERANGE, FN ": year %d is the last a budget may have", (int)b->year);
  int rc = check_report(b, r);
  ygt_budget *nb = NULL;
  if (!rc) rc = ygt_budget_scale(&nb, b, 1);
  if (!rc) rc = next_amounts(nb, b, r);
  if (!rc) {
    ygt__free(nb->derived);
    rc = (nb->derived = derived_text(b)) ? 0 : YGT_ENOMEM;
  }
  if (rc) {
    ygt_budget_free(nb);
    return rc;
  }
  nb->year = b->year + 1;
  *out = nb;
  return 0;
}
