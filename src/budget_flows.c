/* Money follows the patient: one pass over a year of encounters into exact
 * sums by the patient's community, insurance type, destination (the
 * treating institution's community, in county without community, out of
 * county) and referral, plus each institution's actual and workload. */
#include "alloc_internal.h"
#include "budget_internal.h"
#include "error_internal.h"
#include "score_internal.h"

typedef struct cols {
  const int32_t *inst, *grid, *period;
  const int8_t *ins, *ref;
  const int64_t *fund, *count;
} cols;

typedef struct pass {
  ygt_budget_report *r;
  const ygt_budget *b;
  int32_t *grid_comm;
  int32_t *dest;     /* destination of each institution */
  size_t ngrid;
  int ovf;
} pass;

static int32_t year_of(int32_t period) {
  return period > 9999 ? period / 100 : period;
}

/* An institution of no community is "in the county, in no community" inside
 * the pooling area: the rules' own test (ygt_referral_rules_inside()), or
 * without rules the tiers up to the county. */
static int inside(const ygt_budget_report *r, const ygt_referral_rules *rules, int32_t i) {
  return rules ? ygt_referral_rules_inside(rules, i) == 1 : r->inst_tier[i] <= YGT_TIER_COUNTY;
}

static int prepare(pass *p, const ygt_model *m, const ygt_referral_rules *rules) {
  ygt_budget_report *r = p->r;
  p->ngrid = ygt_model_grid_count(m);
  p->grid_comm = ygt__calloc(p->ngrid + 1, sizeof *p->grid_comm);
  p->dest = ygt__calloc(r->ninst + 1, sizeof *p->dest);
  if (!p->grid_comm || !p->dest) return YGT_ENOMEM;
  for (size_t g = 0; g < p->ngrid; g++) p->grid_comm[g] = ygt_model_grid_community(m, (int32_t)g);
  for (size_t i = 0; i < r->ninst; i++) {
    int32_t c = r->inst_comm[i];
    p->dest[i] = c >= 0 ? c : (int32_t)(inside(r, rules, (int32_t)i) ? r->ncomm : r->ncomm + 1);
  }
  return 0;
}

static void add(int64_t *a, int64_t x, int *ovf) {
  *ovf |= __builtin_add_overflow(*a, x, a);
}

static void row(pass *p, const cols *k, size_t i) {
  ygt_budget_report *r = p->r;
  int32_t inst = k->inst[i], g = k->grid[i];
  int ins = k->ins ? k->ins[i] : -1, ref = k->ref ? k->ref[i] : 0;
  int64_t fund = k->fund ? k->fund[i] : 0, cnt = k->count ? k->count[i] : 1;
  if ((uint32_t)inst >= r->ninst || g < -1 || (int64_t)g >= (int64_t)p->ngrid || cnt < 0) {
    r->skipped++;
    return;
  }
  add(&r->inst[(size_t)inst * BG_NINST + YGT_BUDGET_INST_WORKLOAD], p->b->workload == BG_WORK_FUND ? fund : cnt, &p->ovf);
  int32_t c = g < 0 ? -1 : p->grid_comm[g];
  if (c < 0 || ins < 0 || ins >= BG_INS || !p->b->has[(size_t)c * BG_INS + (size_t)ins]) {
    add(&r->unattributed, fund, &p->ovf);
    return;
  }
  size_t at = (((size_t)c * BG_INS + (size_t)ins) * r->ndest + (size_t)p->dest[inst]) * 2 + (ref != 0);
  add(&r->flows[at], fund, &p->ovf);
  if (r->inst_comm[inst] == c) add(&r->inst[(size_t)inst * BG_NINST + YGT_BUDGET_INST_ACTUAL], fund, &p->ovf);
}

int ygt__budget_flows(ygt_budget_report *r, const ygt_budget *b, const ygt_model *m, const ygt_referral_rules *rules,
                      const ygt_encounters *e) {
  cols k = {e->cols[YGT_ENC_INSTITUTION], e->cols[YGT_ENC_GRID], e->cols[YGT_ENC_PERIOD], e->cols[YGT_ENC_INSURANCE],
            e->cols[YGT_ENC_REFERRAL], e->cols[YGT_ENC_FUND], e->cols[YGT_ENC_COUNT]};
  if (e->n && (!k.inst || !k.grid || !k.period))
    return ygt__error(YGT_EINVAL, "ygt_budget_settle: the encounters need institution, grid and period columns");
  pass p = {r, b, NULL, NULL, 0, 0};
  int rc = prepare(&p, m, rules);
  for (size_t i = 0; !rc && i < e->n; i++) {
    if (year_of(k.period[i]) == b->year) row(&p, &k, i);
    else r->skipped++;
  }
  ygt__free(p.grid_comm);
  ygt__free(p.dest);
  if (!rc && p.ovf) rc = ygt__error(YGT_EOVERFLOW, "ygt_budget_settle: a fund total does not fit 64 bits");
  return rc;
}
