/* Capitation pools in a year run: whose out-patient care a pool covers,
 * and what the fund spent on those residents' out-patient care.
 *
 * A pool on the "signed" basis covers the residents signed with its
 * holder's family-doctor teams (the county's resident_signed column; the
 * holder is the township institution of the resident's grid); one on the
 * "insured" basis covers the insured residents of the holder's grids.
 * Anyone else's visits are paid fee for service.  The fund pays a pool
 * once for all its residents' out-patient care, so the budget sees the
 * pool, spread over the (grid, insurance) cells of the residents it covers,
 * in place of those visits' fee-for-service value. */
#include "alloc_internal.h"
#include "error_internal.h"
#include "scheme_internal.h"
#include "year_internal.h"

enum { NINS = 3 };

int ygt__year_pool_basis(const ygt_year *y) {
  if (!y->in.scheme) return -1;
  const sch_line *l = &y->in.scheme->lines[YGT_LINE_OUTPATIENT];
  return l->method == YGT_PAY_CAPITATION ? l->basis : -1;
}

static size_t share_cell(size_t ngrid, int64_t h, int64_t grid, int64_t ins) {
  return ((size_t)h * (ngrid + 1) + (size_t)(grid + 1)) * NINS + (size_t)(ins + 1);
}

/* Covered residents per (holder, grid, insurance). */
static int count_covered(int64_t *count, const ygt_year *y, int basis, size_t ngrid) {
  yr_events ev;
  int rc = ygt__year_events(&ev, y->in.county);
  for (size_t r = 0; !rc && r < ev.nres; r++) {
    int64_t g = ev.grid[r], i = ev.insurance[r];
    int32_t h = ygt__year_pool_home(y, basis, g, i, ev.signed_[r]);
    if (h >= 0) count[share_cell(ngrid, h, g, i)]++;
  }
  return rc;
}

/* Cumulative rounding: cell k gets floor(P·c_k/N) − floor(P·c_{k−1}/N),
 * c the running count, so the shares sum to the pool P exactly. */
static int spread(int64_t *cell, size_t n, int64_t pool) {
  int64_t total = 0, cum = 0, before = 0, at;
  for (size_t k = 0; k < n; k++) total += cell[k];
  if (!total) return 0;
  for (size_t k = 0; k < n; k++) {
    cum += cell[k];
    if (__builtin_mul_overflow(pool, cum, &at))
      return ygt__error(YGT_EOVERFLOW, "ygt_year_run: a capitation pool does not fit 64 bits when spread");
    at /= total;
    cell[k] = at - before;
    before = at;
  }
  return 0;
}

/* One holder's pool over its cells; a pool without covered residents in the
 * county stays whole on (no grid, uninsured): unattributed in the budget. */
static int spread_pool(int64_t *shares, const ygt_year *y, size_t h, size_t ngrid) {
  int64_t pool = 0, *cell = shares + share_cell(ngrid, (int64_t)h, -1, -1), any = 0;
  int rc = ygt_scheme_result_get(&pool, y->scheme, (int32_t)h, YGT_LINE_OUTPATIENT, YGT_SCHEME_POOL);
  for (size_t k = 0; !rc && k < (ngrid + 1) * NINS; k++) any |= cell[k];
  if (!rc && !any) cell[0] = pool;
  return rc ? rc : spread(cell, (ngrid + 1) * NINS, pool);
}

int ygt__year_pool_shares(int64_t **out, const ygt_year *y) {
  int basis = ygt__year_pool_basis(y);
  size_t ngrid = ygt_model_grid_count(y->in.model), n = y->ninst * (ngrid + 1) * NINS;
  *out = NULL;
  if (basis < 0 || !y->scheme) return 0;
  int64_t *shares = ygt__calloc(n ? n : 1, sizeof *shares);
  if (!shares) return YGT_ENOMEM;
  int rc = count_covered(shares, y, basis, ngrid);
  for (size_t h = 0; !rc && h < y->ninst; h++) rc = spread_pool(shares, y, h, ngrid);
  if (rc) ygt__free(shares);
  else *out = shares;
  return rc;
}

/* 按人头包干: a capitation pool's holder pays its covered residents' care
 * elsewhere out of the pool and bears what exceeds it, so the holder's
 * out-patient money may be negative by that much (the report counts the
 * overdrawn pools).  The overdraft (<= 0) of institution i's pool. */
int64_t ygt__year_pool_overdraft(const ygt_year *y, int32_t i) {
  if (!y->scheme || ygt_scheme_method(y->in.scheme, YGT_LINE_OUTPATIENT) != YGT_PAY_CAPITATION) return 0;
  int64_t pool = yr_scheme_figure(y, i, YGT_LINE_OUTPATIENT, YGT_SCHEME_POOL);
  int64_t charged = yr_scheme_figure(y, i, YGT_LINE_OUTPATIENT, YGT_SCHEME_CHARGED);
  return pool < charged ? pool - charged : 0;
}
