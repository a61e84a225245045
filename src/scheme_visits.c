/* Settling the visits of a year: the out-patient line (fee for service or
 * capitation pools with charges for visits away from home) and the
 * primary-care line (workload equivalents of the visits' service items). */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"
#include "scheme_internal.h"

/* Visits are tallied in blocks, so that the scratch space stays small. */
#define BLOCK ((size_t)1 << 14)

static int valid_visit(const ygt_scheme_input *in, size_t v) {
  return in->visit_cost[v] >= 0 && in->visit_fund[v] >= 0;
}

static int insured_visit(const ygt_scheme_input *in, size_t v) {
  return in->visit_insurance[v] >= 0 && in->visit_insurance[v] < SCH_INS;
}

/* The pool a visit draws on: its home when the visit is valid and insured
 * and the home is in the model; -1 otherwise. */
static int32_t pool_of(const ygt_scheme_result *r, const ygt_scheme_input *in, size_t v) {
  int32_t h = in->visit_home ? in->visit_home[v] : -1;
  return valid_visit(in, v) && insured_visit(in, v) && h >= 0 && (size_t)h < r->ninst ? h : -1;
}

/* Whether the line's method settles an insured visit (capitation: it has a pool). */
static int settles(int method, const ygt_scheme_result *r, const ygt_scheme_input *in, size_t v, int32_t pool) {
  if (method == YGT_PAY_FFS) return sch_slot(r, in->visit_institution[v]) < r->ninst;
  return method == YGT_PAY_CAPITATION && pool >= 0;
}

/* What one visit adds to the out-patient cell of its institution.  Under
 * capitation the amount collects the patients' share here; the money the
 * institution receives is added to it once the pools are known.  A visit
 * with a negative cost or fund payment carries no money. */
static void visit_sums(int64_t v[SCH_FIELDS], int method, const ygt_scheme_result *r, const ygt_scheme_input *in,
                       size_t k, int32_t pool) {
  int64_t cost = in->visit_cost[k], fund = in->visit_fund[k];
  int ffs = method == YGT_PAY_FFS;
  sch_row row = {cost, fund, cost - fund, ffs ? cost : cost - fund, ffs || pool != in->visit_institution[k] ? fund : 0,
                 insured_visit(in, k), settles(method, r, in, k, pool)};
  if (valid_visit(in, k)) {
    ygt__scheme_row_sums(v, &row);
    return;
  }
  memset(v, 0, SCH_FIELDS * sizeof *v);
  v[YGT_SCHEME_CASES] = v[YGT_SCHEME_UNSETTLED] = 1;
}

/* Every institution's pool, paid to it less what its residents' visits
 * elsewhere were charged to it (ygt_capitation_charges() over a view of
 * the visit columns). */
static int pay_pools(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in, const int32_t *pool) {
  const sch_line *l = &s->lines[YGT_LINE_OUTPATIENT];
  int64_t *charged = ygt__calloc(r->ninst ? r->ninst : 1, sizeof *charged);
  if (!charged) return YGT_ENOMEM;
  /* A batch that only points at the caller's columns: the charges read the
   * institution and the fund payment, nothing else. */
  ygt_cases view;
  memset(&view, 0, sizeof view);
  view.count = in->nvisits;
  view.cols[YGT_CASE_INSTITUTION].data = in->visit_institution;
  view.cols[YGT_CASE_TOTAL_COST].data64 = in->visit_cost;
  view.cols[YGT_CASE_FUND_PAID].data64 = in->visit_fund;
  int rc = in->nvisits ? ygt_capitation_charges(charged, r->ninst, &view, pool, 0, in->nvisits) : YGT_OK;
  for (size_t i = 0; !rc && i < r->ninst; i++) {
    int64_t persons = 0, amount = 0, balance = 0, *cell = sch_cell(r, i, YGT_LINE_OUTPATIENT);
    rc = ygt_capitation_persons(&persons, s->model, (int32_t)i, l->basis, -1);
    if (!rc && in->person_scale > 0) persons = llround((double)persons * in->person_scale);
    if (!rc) rc = ygt_capitation_pool(&amount, l->rate, persons, l->eligible, l->months, l->factor ? l->factor[i] : 1);
    if (!rc) rc = ygt_capitation_balance(&balance, amount, charged[i]);
    if (!rc) rc = ygt__scheme_add(cell, YGT_SCHEME_FUND, balance);
    cell[YGT_SCHEME_POOL] = amount;
    cell[YGT_SCHEME_CHARGED] = charged[i];
  }
  ygt__free(charged);
  return rc;
}

static int settle_outpatient(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in) {
  int method = s->lines[YGT_LINE_OUTPATIENT].method, cap = method == YGT_PAY_CAPITATION;
  int32_t *pool = cap ? ygt__malloc((in->nvisits ? in->nvisits : 1) * sizeof *pool) : NULL;
  if (cap && !pool) return YGT_ENOMEM;
  int rc = YGT_OK;
  for (size_t k = 0; !rc && k < in->nvisits; k++) {
    int64_t v[SCH_FIELDS];
    int32_t p = pool_of(r, in, k);
    if (pool) pool[k] = p;
    visit_sums(v, method, r, in, k, p);
    rc = ygt__scheme_add_row(sch_cell(r, sch_slot(r, in->visit_institution[k]), YGT_LINE_OUTPATIENT), v);
  }
  if (!rc && cap) rc = pay_pools(r, s, in, pool);
  for (size_t i = 0; !rc && cap && i <= r->ninst; i++) {
    int64_t *cell = sch_cell(r, i, YGT_LINE_OUTPATIENT);
    rc = ygt__scheme_add(cell, YGT_SCHEME_AMOUNT, cell[YGT_SCHEME_FUND]);
  }
  ygt__free(pool);
  return rc;
}

/* ---- primary care ------------------------------------------------------------------ */

typedef struct tally {
  const ygt_scheme_input *in;
  const sch_line *l;
  const uint8_t *primary;     /* per institution: village or township tier */
  int64_t *units;             /* per institution, 10^-6 equivalents */
  int32_t inst[BLOCK], item[BLOCK];
  int64_t qty[BLOCK];
} tally;

static int tallied(const tally *t, size_t ninst, size_t v) {
  int32_t i = t->in->visit_institution[v];
  int64_t q = t->in->visit_quantity ? t->in->visit_quantity[v] : 1;
  return i >= 0 && (size_t)i < ninst && t->primary[i] && q >= 0;
}

/* Tallies visits begin .. end - 1 and counts them on the primary-care line. */
static int tally_block(tally *t, ygt_scheme_result *r, size_t begin, size_t end) {
  size_t n = 0;
  for (size_t v = begin; v < end; v++) {
    int32_t it = t->in->visit_item[v];
    if (it < 0) continue;
    if ((size_t)it >= t->l->nitems)
      return ygt__error(YGT_EINVAL, "visit %zu: workload item %d is not in the table (%zu items)", v, it, t->l->nitems);
    int ok = tallied(t, r->ninst, v);
    int64_t *cell = sch_cell(r, sch_slot(r, t->in->visit_institution[v]), YGT_LINE_PRIMARY_CARE);
    cell[YGT_SCHEME_CASES]++;
    cell[ok ? YGT_SCHEME_SETTLED : YGT_SCHEME_UNSETTLED]++;
    if (!ok) continue;
    t->inst[n] = t->in->visit_institution[v];
    t->item[n] = it;
    t->qty[n++] = t->in->visit_quantity ? t->in->visit_quantity[v] : 1;
  }
  return ygt_workload_tally(t->units, r->ninst, t->l->workload, t->inst, t->item, t->qty, n);
}

/* The line's budget shared by the equivalents; nothing is paid when there are none. */
static int compensate(ygt_scheme_result *r, const sch_line *l, const int64_t *units) {
  int64_t total = 0, *paid = ygt__calloc(r->ninst ? r->ninst : 1, sizeof *paid);
  if (!paid) return YGT_ENOMEM;
  for (size_t i = 0; i < r->ninst; i++) total |= units[i];
  int rc = total ? ygt_workload_compensate(paid, &r->unit_value, units, l->factor, r->ninst, l->budget) : YGT_OK;
  for (size_t i = 0; !rc && i < r->ninst; i++) {
    int64_t *cell = sch_cell(r, i, YGT_LINE_PRIMARY_CARE);
    cell[YGT_SCHEME_FUND] = cell[YGT_SCHEME_AMOUNT] = paid[i];
    cell[YGT_SCHEME_SCORE_UNITS] = units[i];
  }
  ygt__free(paid);
  return rc;
}

static int settle_primary_care(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in) {
  tally *t = ygt__calloc(1, sizeof *t);
  int64_t *units = ygt__calloc(r->ninst ? r->ninst : 1, sizeof *units);
  uint8_t *primary = ygt__calloc(r->ninst ? r->ninst : 1, 1);
  int rc = t && units && primary ? YGT_OK : YGT_ENOMEM;
  for (size_t i = 0; !rc && i < r->ninst; i++) {
    int tier = ygt_model_institution_tier(s->model, (int32_t)i);
    primary[i] = tier == YGT_TIER_VILLAGE || tier == YGT_TIER_TOWNSHIP;
  }
  if (!rc) {
    t->in = in;
    t->l = &s->lines[YGT_LINE_PRIMARY_CARE];
    t->primary = primary;
    t->units = units;
  }
  for (size_t b = 0; !rc && in->visit_item && b < in->nvisits; b += BLOCK)
    rc = tally_block(t, r, b, in->nvisits - b < BLOCK ? in->nvisits : b + BLOCK);
  if (!rc) rc = compensate(r, &s->lines[YGT_LINE_PRIMARY_CARE], units);
  ygt__free(t);
  ygt__free(units);
  ygt__free(primary);
  return rc;
}

int ygt__scheme_settle_visits(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in) {
  int rc = settle_outpatient(r, s, in);
  if (!rc && s->lines[YGT_LINE_PRIMARY_CARE].method == YGT_PAY_WORKLOAD) rc = settle_primary_care(r, s, in);
  return rc;
}
