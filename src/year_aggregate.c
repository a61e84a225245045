/* Step 3 of a year run: the encounter batch that the budget and the
 * indicators read.  Events are summed into dense cells keyed by
 * institution × grid × setting × insurance × referral × year (a county has
 * tens of thousands of cells, not millions of rows), then the non-empty
 * cells become rows in key order, so the batch does not depend on the order
 * of the events.  The fund column is what the fund paid for the care
 * (fund_of(), add_pools()): the budget settles on it.  The year's visits
 * come summed already (year_visits.c), its stays one by one. */
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "year_internal.h"

enum { NSET = 3, NINS = 3, NREF = 4, NSLOT = 2 };

typedef struct cell {
  int64_t cost, fund, count;
} cell;

typedef struct cells {
  size_t ninst, ngrid, n;
  cell *at;
} cells;


typedef struct source {
  yr_events ev;
  const int64_t *stay_fund;  /* the scheme's payment per stay (YR_UNSETTLED: none); NULL: fee for service */
  int basis;                 /* capitation basis of the pools, -1: no pools */
} source;

static size_t cell_of(const cells *c, size_t inst, size_t grid, size_t set, size_t ins, size_t ref, size_t slot) {
  return ((((inst * c->ngrid + grid) * NSET + set) * NINS + ins) * NREF + ref) * NSLOT + slot;
}

/* The fund as the budget sees it: the scheme's payment for a stay it
 * settled (even a negative one), else the fee-for-service payment. */
static int64_t fund_of(const source *s, size_t e) {
  int64_t row = s->ev.row[e];
  return s->stay_fund && row >= 0 && s->stay_fund[row] != YR_UNSETTLED ? s->stay_fund[row] : s->ev.fund[e];
}

static int add_cell(cells *c, size_t k, int64_t cost, int64_t fund, int64_t count) {
  cell *x = &c->at[k];
  if (__builtin_add_overflow(x->cost, cost, &x->cost) || __builtin_add_overflow(x->fund, fund, &x->fund))
    return ygt__error(YGT_EOVERFLOW, "ygt_year_run: an encounter total does not fit 64 bits");
  x->count += count;
  return 0;
}

/* The institution whose capitation pool covers these visits, -1 none. */
static int32_t holder_of(const ygt_year *y, const source *s, const yr_visits_cell *v) {
  if (s->basis < 0 || v->set != YGT_SETTING_OUTPATIENT) return -1;
  return ygt__year_pool_home(y, s->basis, v->grid, v->ins, v->signed_);
}

/* Visits their capitation pool covers: the fund paid nothing for them
 * where the pool's holder treated them (the pool pays); elsewhere it paid
 * the treating institution fee for service and took it back from the
 * holder's pool (ygt_capitation_charges()), so the holder's cell is debited
 * by as much.  add_pools() then credits the holder with its pool. */
static int add_covered(cells *c, const yr_visits_cell *v, size_t k, int32_t holder, size_t slot) {
  if (holder == v->inst) return add_cell(c, k, v->cost, 0, v->count);
  size_t h = cell_of(c, (size_t)holder, (size_t)(v->grid + 1), YGT_SETTING_OUTPATIENT, (size_t)(v->ins + 1), 0, slot);
  int rc = add_cell(c, k, v->cost, v->fund, v->count);
  return rc ? rc : add_cell(c, h, 0, -v->fund, 0);
}

/* Events of one key, their cost, fee-for-service fund and count summed;
 * fund: what the budget sees the fund pay for them when no pool covers them. */
static int add_group(cells *c, const source *s, const ygt_year *y, const yr_visits_cell *v, int64_t fund, size_t slot) {
  size_t k = cell_of(c, (size_t)v->inst, (size_t)(v->grid + 1), (size_t)v->set, (size_t)(v->ins + 1), (size_t)v->ref,
                     slot);
  int32_t holder = holder_of(y, s, v);
  return holder >= 0 ? add_covered(c, v, k, holder, slot) : add_cell(c, k, v->cost, fund, v->count);
}

/* Events one by one: the n listed in list, or all when list is NULL. */
static int add_events(cells *c, const source *s, const ygt_year *y, size_t slot, const uint32_t *list, size_t n) {
  const yr_events *ev = &s->ev;
  for (size_t k = 0; k < n; k++) {
    size_t e = list ? list[k] : k;
    int64_t p = ev->patient[e], set = ev->setting[e], ref = ev->referral[e];
    int64_t inst = ev->inst[e];
    if (inst < 0 || (size_t)inst >= c->ninst)
      return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu has institution %lld, not in the model", e, (long long)inst);
    int64_t grid = ev->grid[p] + 1, ins = ev->insurance[p] + 1;
    if (set < 0 || set >= NSET || ref < 0 || ref >= NREF || ins < 0 || ins >= NINS || grid < 0 ||
        (size_t)grid >= c->ngrid)
      return ygt__error(YGT_EINVAL, "ygt_year_run: event %zu has a setting, referral, insurance or grid out of range", e);
    yr_visits_cell v = {ev->cost[e], ev->fund[e], 1, (int32_t)inst, ev->grid[p], ev->cond[e], ev->insurance[p],
                        ev->signed_[p], (int8_t)set, (int8_t)ref};
    int rc = add_group(c, s, y, &v, fund_of(s, e), slot);
    if (rc) return rc;
  }
  return 0;
}

/* Each holder's pool, spread over the (grid, insurance) cells of the
 * residents it covers, credited to its out-patient cells of the year. */
static int add_pools(cells *c, const ygt_year *y) {
  int64_t *share = NULL;
  int rc = ygt__year_pool_shares(&share, y);
  for (size_t h = 0; !rc && share && h < c->ninst; h++)
    for (size_t g = 0; !rc && g < c->ngrid; g++)
      for (size_t i = 0; !rc && i < NINS; i++) {
        int64_t v = share[(h * c->ngrid + g) * NINS + i];
        if (v) rc = add_cell(c, cell_of(c, h, g, YGT_SETTING_OUTPATIENT, i, 0, 0), 0, v, 0);
      }
  ygt__free(share);
  return rc;
}

/* Decode a cell index into the row's key columns. */
static void put_row(yr_batch *b, size_t r, const cells *c, size_t k, int32_t year) {
  size_t slot = k % NSLOT, ref = k / NSLOT % NREF, ins = k / (NSLOT * NREF) % NINS;
  size_t set = k / (NSLOT * NREF * NINS) % NSET, rest = k / (NSLOT * NREF * NINS * NSET);
  b->inst[r] = (int32_t)(rest / c->ngrid);
  b->grid[r] = (int32_t)(rest % c->ngrid) - 1;
  b->period[r] = year - (int32_t)slot;
  b->setting[r] = (int8_t)set;
  b->insurance[r] = (int8_t)((int)ins - 1);
  b->referral[r] = (int8_t)ref;
  b->cost[r] = c->at[k].cost;
  b->fund[r] = c->at[k].fund;
  b->count[r] = c->at[k].count;
}

static int emit(yr_batch *b, const cells *c, int32_t year) {
  size_t rows = 0;
  for (size_t k = 0; k < c->n; k++) rows += c->at[k].count != 0 || c->at[k].fund != 0; /* a pool: money, no visit */
  int rc = ygt__enc_rows_alloc(b, rows);
  if (rc) return rc;
  for (size_t k = 0, r = 0; k < c->n; k++)
    if (c->at[k].count || c->at[k].fund) put_row(b, r++, c, k, year);
  return ygt__enc_rows_attach(b);
}

/* The year before as a totals-only county (ygt_county_generate_totals()):
 * its rows are the sums add_events() makes of its events. */
static int add_totals(cells *c, const ygt__enc_rows *t) {
  int rc = 0;
  for (size_t r = 0; r < t->n && !rc; r++) {
    size_t k = cell_of(c, (size_t)t->inst[r], (size_t)t->grid[r] + 1, (size_t)t->setting[r],
                       (size_t)(t->insurance[r] + 1), (size_t)t->referral[r], 1);
    rc = add_cell(c, k, t->cost[r], t->fund[r], t->count[r]);
  }
  return rc;
}

/* The year before (slot 1): it was not run through the scheme, so fee for service. */
static int add_previous(cells *c, const ygt_year *y) {
  const cy_totals *t = ygt__county_totals(y->in.previous);
  if (t) return add_totals(c, &t->rows);
  source s;
  int rc = ygt__year_events(&s.ev, y->in.previous);
  s.stay_fund = NULL;
  s.basis = -1;
  return rc ? rc : add_events(c, &s, y, 1, NULL, s.ev.n);
}

static int open_year(source *s, const ygt_year *y) {
  s->stay_fund = y->stay_fund;
  s->basis = y->scheme ? ygt__year_pool_basis(y) : -1;
  return ygt__year_events(&s->ev, y->in.county);
}

/* The year's visits from their cells (year_visits.c), its stays, the
 * pools and the year before. */
static int fill(cells *c, const ygt_year *y) {
  source s;
  int rc = open_year(&s, y);
  for (size_t v = 0; !rc && v < y->visits.n; v++) rc = add_group(c, &s, y, &y->visits.at[v], y->visits.at[v].fund, 0);
  if (!rc) rc = add_events(c, &s, y, 0, y->visits.stay, y->visits.nstay);
  if (!rc && y->in.previous) rc = add_previous(c, y);
  return rc;
}

int ygt__year_aggregate(ygt_year *y) {
  cells c = {y->ninst, y->ngrid + 1, 0, NULL};
  c.n = c.ninst * c.ngrid * NSET * NINS * NREF * NSLOT;
  c.at = ygt__calloc(c.n ? c.n : 1, sizeof *c.at);
  int rc = c.at ? fill(&c, y) : YGT_ENOMEM;
  if (!rc) rc = add_pools(&c, y);
  if (!rc) rc = emit(&y->batch, &c, y->year);
  ygt__free(c.at);
  return rc;
}
