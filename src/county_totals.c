/* A year's encounter totals without its events (ygt_county_generate_totals()):
 * each block of events is summed into dense cells keyed by institution ×
 * grid × setting × insurance × referral as soon as it is routed, then the
 * block is dropped; the non-empty cells become the rows of an encounter
 * batch in key order.  Integer sums, so the totals are the events' sums
 * whatever the blocks. */
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

enum { NSET = 3, NINS = 3, NREF = 4 };

static size_t cell_of(const cy_totals *t, size_t inst, size_t grid, size_t set, size_t ins, size_t ref) {
  return (((inst * t->ngrid + grid) * NSET + set) * NINS + ins) * NREF + ref;
}

int ygt__cy_totals_start(ygt_county *c) {
  cy_totals *t = ygt__calloc(1, sizeof *t);
  if (!t) return YGT_ENOMEM;
  c->totals = t;
  t->ninst = ygt_model_institution_count(c->model);
  t->ngrid = ygt_model_grid_count(c->model);
  t->ncell = t->ninst * t->ngrid * NSET * NINS * NREF;
  size_t n = t->ncell ? t->ncell : 1;
  t->cell_cost = ygt__calloc(n, sizeof *t->cell_cost);
  t->cell_fund = ygt__calloc(n, sizeof *t->cell_fund);
  t->cell_count = ygt__calloc(n, sizeof *t->cell_count);
  return t->cell_cost && t->cell_fund && t->cell_count ? YGT_OK : YGT_ENOMEM;
}

/* Adds the events 0 .. nev - 1 (one block) to the cells. */
int ygt__cy_totals_add(ygt_county *c) {
  cy_totals *t = c->totals;
  const int32_t *inst = c->col[YGT_COUNTY_EVENT_INSTITUTION], *patient = c->col[YGT_COUNTY_EVENT_PATIENT];
  const int8_t *set = c->col[YGT_COUNTY_EVENT_SETTING], *ref = c->col[YGT_COUNTY_EVENT_REFERRAL];
  const int64_t *cost = c->col[YGT_COUNTY_EVENT_COST], *fund = c->col[YGT_COUNTY_EVENT_FUND];
  for (size_t e = 0; e < c->nev; e++) {
    size_t r = (size_t)patient[e], grid = (size_t)ygt__cy_resident_grid(c, r);
    size_t k = cell_of(t, (size_t)inst[e], grid, (size_t)set[e], (size_t)(ygt__cy_resident_insurance(c, r) + 1),
                       (size_t)ref[e]);
    if (__builtin_add_overflow(t->cell_cost[k], cost[e], &t->cell_cost[k]) ||
        __builtin_add_overflow(t->cell_fund[k], fund[e], &t->cell_fund[k]))
      return ygt__error(YGT_EOVERFLOW, "ygt_county_generate_totals: an encounter total does not fit 64 bits");
    t->cell_count[k]++;
  }
  return YGT_OK;
}

static void put_row(cy_totals *t, size_t r, size_t k, int32_t year) {
  size_t ref = k % NREF, ins = k / NREF % NINS, set = k / (NREF * NINS) % NSET, rest = k / (NREF * NINS * NSET);
  ygt__enc_rows *b = &t->rows;
  b->inst[r] = (int32_t)(rest / t->ngrid);
  b->grid[r] = (int32_t)(rest % t->ngrid);
  b->period[r] = year;
  b->setting[r] = (int8_t)set;
  b->insurance[r] = (int8_t)((int)ins - 1);
  b->referral[r] = (int8_t)ref;
  b->cost[r] = t->cell_cost[k];
  b->fund[r] = t->cell_fund[k];
  b->count[r] = t->cell_count[k];
}

static void free_cells(cy_totals *t) {
  ygt__free(t->cell_cost);
  ygt__free(t->cell_fund);
  ygt__free(t->cell_count);
  t->cell_cost = t->cell_fund = t->cell_count = NULL;
}

/* The non-empty cells as rows in key order, and the encounter batch over them. */
int ygt__cy_totals_finish(ygt_county *c) {
  cy_totals *t = c->totals;
  size_t rows = 0;
  for (size_t k = 0; k < t->ncell; k++) rows += t->cell_count[k] != 0;
  int rc = ygt__enc_rows_alloc(&t->rows, rows);
  for (size_t k = 0, r = 0; !rc && k < t->ncell; k++)
    if (t->cell_count[k]) put_row(t, r++, k, c->opts.year);
  free_cells(t);
  return rc ? rc : ygt__enc_rows_attach(&t->rows);
}

void ygt__cy_totals_free(cy_totals *t) {
  if (!t) return;
  free_cells(t);
  ygt__enc_rows_free(&t->rows);
  ygt__free(t);
}

const cy_totals *ygt__county_totals(const ygt_county *c) { return c->totals; }
