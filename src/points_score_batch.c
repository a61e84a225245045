/* Point-method scoring of a batch, the hot path of ygt_points_score(): the
 * columns are looked up once, each group's constants (the cost thresholds,
 * the high-cost divisor, the base units) are computed once per call, and
 * the common row (valid, in a group of enough cases that is not per-diem,
 * points not within noise of a half) is scored inline with the same double
 * operations, in the same order, as ygt__points_score_row().  Any other row
 * goes through ygt__points_score_row() itself, so both paths give the same
 * bits (tests/test_identical.c compares them over every row).  In a large
 * batch the sums go to the accumulator in blocks (accum_pending.h), which
 * gives the same totals and the same overflow errors, and the rows are
 * scored in column passes over blocks of BLOCK rows (score_blocks()): the
 * same operations per row, without the row loop's per-row branches;
 * doc/performance.md ("Point method, third round") says why the bits
 * cannot differ. */
#include "points_internal.h"

#include <string.h>

#include "accum_book.h"
#include "alloc_internal.h"
#include "error_internal.h"
#include "settle_avx512.h"
#include "settle_cols.h"

/* A group's constants: the products and quotients case_points() forms. */
typedef struct pgroup {
  double base, daily, mean, high_at, low_at, area; /* f × mean, low ratio × mean, area / 100 */
  int64_t base_units;
  int exempt; /* no readmission reduction */
  int plain;  /* 0: small, unusable base units: by the row path */
} pgroup;

typedef struct batch {
  const ygt__points_ctx *x;
  const pgroup *g;
  ygt__settle_cols k;
  const int32_t *leaving, *los;
  int64_t incomplete_mask;
  int cols, high_times_k, low_cap_full, readmit; /* cols: institution, insurance and cost present */
  double readmit_factor;
} batch;

static double high_factor(const double *n, double base) {
  return base <= n[YGT_POINTS_BAND1_MAX] ? n[YGT_POINTS_HIGH_FACTOR1]
       : base <= n[YGT_POINTS_BAND2_MAX] ? n[YGT_POINTS_HIGH_FACTOR2] : n[YGT_POINTS_HIGH_FACTOR3];
}

static void group_const(pgroup *o, const ygt__points_ctx *x, size_t gi) {
  const ygt__points_group *g = &x->p->groups[gi];
  const double *n = x->p->num, units[] = {g->base, YGT_SETTLE_SCORE_UNIT};
  double mean = (double)g->mean_cost, area = n[YGT_POINTS_AREA_MEAN_COST] > 0 ? n[YGT_POINTS_AREA_MEAN_COST] * 100
                                                                              : mean * 100 / g->base;
  o->base = g->base, o->daily = g->daily, o->mean = mean, o->area = area / 100, o->exempt = g->exempt;
  o->high_at = high_factor(n, g->base) * mean;
  o->low_at = n[YGT_POINTS_LOW_RATIO] * mean;
  int small = x->counts && (double)x->counts[gi] < n[YGT_POINTS_MIN_GROUP_CASES];
  o->plain = !small && ygt__round_product(units, 2, &o->base_units) == 0;
}

/* Every group's constants and, after them, a sentinel that is not plain (the group of no group). */
static pgroup *group_consts(const ygt__points_ctx *x) {
  pgroup *g = ygt__calloc(x->p->ngroups + 1, sizeof *g);
  for (size_t i = 0; g && i < x->p->ngroups; i++) group_const(&g[i], x, i);
  return g;
}

static void batch_init(batch *b, const ygt__points_ctx *x, const pgroup *g, const ygt_cases *c) {
  const double *n = x->p->num;
  b->x = x, b->g = g;
  ygt__settle_cols_get(&b->k, c);
  b->cols = b->k.inst && b->k.ins && b->k.cost;
  b->leaving = c->cols[YGT_CASE_LEAVING_TYPE].data;
  b->los = c->cols[YGT_CASE_LOS_DAYS].data;
  b->incomplete_mask = (int64_t)n[YGT_POINTS_INCOMPLETE_MASK];
  b->high_times_k = n[YGT_POINTS_HIGH_VARIANT] == 1;
  b->low_cap_full = n[YGT_POINTS_LOW_CAP] == 1;
  b->readmit = x->earlier && n[YGT_POINTS_READMIT_DAYS] > 0;
  b->readmit_factor = n[YGT_POINTS_READMIT_FACTOR];
}

/* stay_points() and case_points() in points_score.c with the group's constants. */
static inline double case_points(const batch *b, const pgroup *g, double k, double cost, size_t r, int *reason) {
  double full = g->base * k;
  if (g->daily > 0) { /* stay_points() */
    int32_t los = b->los ? b->los[r] : YGT_CASES_NA;
    *reason = YGT_REASON_PER_DIEM;
    return g->daily * (los == YGT_CASES_NA || los < 0 ? 0 : los);
  }
  int32_t leaving = b->leaving ? b->leaving[r] : YGT_CASES_NA;
  int incomplete = leaving >= 0 && leaving < 10 && (b->incomplete_mask >> leaving & 1);
  if (cost > g->high_at) {
    *reason = YGT_REASON_HIGH_COST;
    return full + (cost - g->high_at) / g->area * (b->high_times_k ? k : 1);
  }
  if (incomplete || cost < g->low_at) {
    double cap = b->low_cap_full ? full : g->base, pts = full * cost / g->mean;
    *reason = incomplete ? YGT_REASON_INCOMPLETE : YGT_REASON_LOW_COST;
    return pts < cap ? pts : cap;
  }
  *reason = YGT_REASON_NONE;
  return full;
}

/* Why row r is invalid, as ygt__pay_check() says; YGT_REASON_NONE when valid. */
static inline int invalid(const batch *b, size_t r) {
  const ygt__settle_cols *k = &b->k;
  int32_t inst = k->inst[r], ins = k->ins[r];
  return k->flags[r] ? YGT_REASON_ROW_PROBLEM
       : (inst < 0 || (size_t)inst >= b->x->ninst) ? YGT_REASON_NO_INSTITUTION
       : (ins < 0 || ins >= YGT__NINS) ? YGT_REASON_NO_INSURANCE
       : k->cost[r] == YGT_CASES_NA64 ? YGT_REASON_NO_COST : YGT_REASON_NONE;
}

/* The plain group of row r, NULL when it has none. */
static inline const pgroup *plain_group(const batch *b, size_t r) {
  int32_t gi = b->x->group[r];
  return gi >= 0 && (size_t)gi < b->x->p->ngroups && b->g[gi].plain ? &b->g[gi] : NULL;
}

/* A valid row r's group, reason and score units when its group is plain and its points not near a half; NULL
 * otherwise (the row path scores it). */
static inline const pgroup *common_units(const batch *b, size_t r, int *reason, int64_t *units) {
  const pgroup *g = plain_group(b, r);
  if (!g) return NULL;
  double pts = case_points(b, g, b->x->k[b->k.inst[r]], (double)b->k.cost[r], r, reason);
  if (b->readmit && b->x->earlier[r] && !g->exempt) {
    pts *= b->readmit_factor;
    if (!*reason) *reason = YGT_REASON_READMISSION;
  }
  return ygt__round_or_near(pts * YGT_SETTLE_SCORE_UNIT, units) == 0 ? g : NULL;
}

/* The common row r into s; 0 when it is not common (the row path scores it). */
static inline int score_common(const batch *b, size_t r, ygt__case_sums *s) {
  if (!b->cols) return 0; /* no row is valid: the row path says why */
  const ygt__settle_cols *k = &b->k;
  int32_t inst = k->inst[r];
  int why = invalid(b, r), reason;
  if (why) {
    *s = (ygt__case_sums){inst, k->ins[r], ygt__settle_cols_month(k, r), YGT_SETTLE_INVALID, why, 0, 0, 0, 0, 0};
    return 1;
  }
  int64_t units = 0, share, paid;
  const pgroup *g = common_units(b, r, &reason, &units);
  if (!g) return 0;
  ygt__settle_cols_ok_money(k, r, &share, &paid);
  *s = (ygt__case_sums){inst, k->ins[r], ygt__settle_cols_month(k, r), YGT_SETTLE_OK, reason, units,
                        g->base_units, k->cost[r], share, paid};
  return 1;
}

/* The common OK row r scored, added to p and written, without the case sums of the general path; 0 when it is not
 * such a row or its values lie beyond the pending bound (nothing done: the general path takes it). */
static inline int score_pending(const batch *b, ygt__pending *p, int8_t *status, int8_t *reason, int64_t *units,
                                size_t r) {
  const ygt__settle_cols *k = &b->k;
  int why;
  int64_t su = 0, share, paid;
  const pgroup *g = b->cols && !invalid(b, r) ? common_units(b, r, &why, &su) : NULL;
  if (!g) return 0;
  ygt__settle_cols_ok_money(k, r, &share, &paid);
  const int64_t v[YGT__PENDING_LANES] = {1, why == YGT_REASON_LOW_COST, why == YGT_REASON_HIGH_COST, su,
                                         g->base_units, k->cost[r], share, paid};
  if (!ygt__pending_add(p, ygt__pending_cell(p, k->inst[r], k->ins[r], ygt__settle_cols_month(k, r)), v, 3)) return 0;
  status[r] = YGT_SETTLE_OK;
  if (reason) reason[r] = (int8_t)why;
  units[r] = su;
  return 1;
}

static inline int score_one(const batch *b, ygt__pending *p, ygt_settle_accum *acc, const ygt_cases *c, size_t r,
                            ygt__case_sums *s) {
  int rc = score_common(b, r, s) ? YGT_OK : ygt__points_score_row(b->x, c, r, s);
  return rc ? rc : ygt__pending_book(p, acc, s);
}

/* Row r by the general path, booked and written; after an error rows begin .. r - 1 are taken back out. */
static int score_general(const batch *b, ygt__pending *p, ygt_settle_accum *acc, int8_t *status, int8_t *reason,
                         int64_t *units, const ygt_cases *c, size_t begin, size_t r) {
  ygt__case_sums s;
  int rc = score_one(b, p, acc, c, r, &s);
  if (rc) {
    if (p) ygt__pending_flush(p);
    ygt__points_score_undo(acc, b->x, c, begin, r);
    return rc;
  }
  status[r] = (int8_t)s.status;
  if (reason) reason[r] = (int8_t)s.reason;
  units[r] = s.status == YGT_SETTLE_OK ? s.score_units : 0;
  return YGT_OK;
}

static int score_rows(const batch *b, ygt__pending *p, ygt_settle_accum *acc, int8_t *status, int8_t *reason,
                      int64_t *units, const ygt_cases *c, size_t begin, size_t end) {
  for (size_t r = begin; r < end; r++) {
    if (p && p->on && score_pending(b, p, status, reason, units, r)) continue;
    int rc = score_general(b, p, acc, status, reason, units, c, begin, r);
    if (rc) return rc;
  }
  return YGT_OK;
}

/* ---- column passes over blocks of rows --------------------------------- */

#define BLOCK 1024
enum { KIND_STAY, KIND_HIGH, KIND_LOW, NKIND };
#define AHEAD 16 /* rows between a pending line's prefetch and its use */

/* What the passes over one block leave for its rows (i: row - first row of the block). */
typedef struct block {
  double pts[BLOCK];
  double k[BLOCK]; /* the institution's coefficient */
  int64_t units[BLOCK], base_units[BLOCK];
  uint32_t group[BLOCK]; /* the group's constants (ngroups: none) */
  uint16_t kind[NKIND][BLOCK]; /* the rows of each kind whose points are not B × k */
  size_t nkind[NKIND];
  uint32_t cell[BLOCK]; /* the pending line of each row */
  int why[BLOCK];       /* the reason of a fast row */
  uint8_t fast[BLOCK]; /* 1: the common OK row, booked by book_fast() */
} block;

/* Pass 1: whether each row is common (valid, of a plain group: group index ngroups is the sentinel of no group)
 * and its full points B × k; the rows whose points are not the full points (per diem, high cost, low cost or
 * incomplete, in case_points()'s order of precedence) listed by kind, without a branch on the kind. */
static void points_pass(block *o, const batch *b, const pgroup *g, size_t r0, size_t n) {
  const ygt__settle_cols *k = &b->k;
  const int32_t *restrict inst = k->inst, *restrict ins = k->ins, *restrict grp = b->x->group, *leaving = b->leaving;
  const int64_t *restrict cost = k->cost;
  const uint8_t *restrict flags = k->flags;
  const double *restrict kc = b->x->k;
  uint32_t ninst = (uint32_t)b->x->ninst, ngroups = (uint32_t)b->x->p->ngroups;
  uint64_t mask = (uint64_t)b->incomplete_mask;
  size_t nk[NKIND] = {0};
  for (size_t i = 0; i < n; i++) {
    size_t r = r0 + i;
    uint32_t in = (uint32_t)inst[r], gs = (uint32_t)grp[r] < ngroups ? (uint32_t)grp[r] : ngroups;
    int fast = !(flags && flags[r]) && in < ninst && (uint32_t)ins[r] < YGT__NINS && cost[r] != YGT_CASES_NA64 &&
               g[gs].plain;
    uint32_t lv = leaving ? (uint32_t)leaving[r] : (uint32_t)YGT_CASES_NA;
    double c = (double)cost[r], kk = kc[fast ? in : 0];
    int incomplete = (lv < 10) & (int)(mask >> (lv & 15) & 1), per_diem = g[gs].daily > 0;
    int over = !per_diem & (c > g[gs].high_at), under = !per_diem & !over & (incomplete | (c < g[gs].low_at));
    o->fast[i] = (uint8_t)fast, o->k[i] = kk, o->group[i] = gs;
    o->pts[i] = g[gs].base * kk, o->why[i] = YGT_REASON_NONE, o->base_units[i] = g[gs].base_units;
    o->kind[KIND_STAY][nk[KIND_STAY]] = (uint16_t)i, nk[KIND_STAY] += fast & per_diem;
    o->kind[KIND_HIGH][nk[KIND_HIGH]] = (uint16_t)i, nk[KIND_HIGH] += fast & over;
    o->kind[KIND_LOW][nk[KIND_LOW]] = (uint16_t)i, nk[KIND_LOW] += fast & under;
  }
  memcpy(o->nkind, nk, sizeof nk);
}

/* Pass 2: the points of the listed rows, as case_points() computes them. */
static void kinds_pass(block *o, const batch *b, const pgroup *g, size_t r0) {
  for (size_t j = 0; j < o->nkind[KIND_STAY]; j++) {
    size_t i = o->kind[KIND_STAY][j];
    o->pts[i] = case_points(b, &g[o->group[i]], o->k[i], 0, r0 + i, &o->why[i]);
  }
  for (size_t j = 0; j < o->nkind[KIND_HIGH]; j++) {
    size_t i = o->kind[KIND_HIGH][j];
    o->pts[i] = case_points(b, &g[o->group[i]], o->k[i], (double)b->k.cost[r0 + i], r0 + i, &o->why[i]);
  }
  for (size_t j = 0; j < o->nkind[KIND_LOW]; j++) {
    size_t i = o->kind[KIND_LOW][j];
    o->pts[i] = case_points(b, &g[o->group[i]], o->k[i], (double)b->k.cost[r0 + i], r0 + i, &o->why[i]);
  }
}

/* Pass 3: the readmission factor on the points of readmitted rows (earlier stays), as common_units() applies it. */
static void readmit_pass(block *o, const batch *b, const pgroup *g, size_t r0, size_t n) {
  if (!b->readmit) return;
  for (size_t i = 0; i < n; i++)
    if (b->x->earlier[r0 + i] && !g[o->group[i]].exempt) {
      o->pts[i] *= b->readmit_factor;
      if (!o->why[i]) o->why[i] = YGT_REASON_READMISSION;
    }
}

/* Pass 4: the score units of each common row, rounded as ygt__round_or_near() rounds; a row whose points lie
 * near a half or beyond ±9e18 units is no longer fast (the row path rounds it). */
static void units_pass(block *o, size_t n) {
  if (ygt__avx512()) {
    ygt__points_units_avx512(o->units, o->fast, o->pts, n);
    return;
  }
  for (size_t i = 0; i < n; i++) { /* no branch: whether a row lies near a half is a coin toss */
    int64_t units;
    int plain = ygt__round_plain(o->pts[i] * YGT_SETTLE_SCORE_UNIT, &units);
    o->units[i] = units;
    o->fast[i] = (uint8_t)(o->fast[i] & plain);
  }
}

/* Pass 5: the pending line of each row (p is open: the accumulator has fewer cells than the batch rows). */
static void cell_pass(block *o, const batch *b, const ygt__pending *p, size_t r0, size_t n) {
  ygt__pending_cells(o->cell, p, &b->k, r0, n);
}

/* The fast row r (block index i) added to p and written; 0 when a value lies beyond the pending bound or blocks
 * are off (nothing done: the general path takes it). */
static inline int book_fast(const batch *b, ygt__pending *p, const block *o, size_t i, int8_t *status,
                            int8_t *reason, int64_t *units, size_t r) {
  const ygt__settle_cols *k = &b->k;
  int64_t share, paid;
  int why = o->why[i];
  ygt__settle_cols_ok_money(k, r, &share, &paid);
  const int64_t v[YGT__PENDING_LANES] = {1, why == YGT_REASON_LOW_COST, why == YGT_REASON_HIGH_COST, o->units[i],
                                         o->base_units[i], k->cost[r], share, paid};
  if (!ygt__pending_add(p, o->cell[i], v, 3)) return 0;
  status[r] = YGT_SETTLE_OK;
  if (reason) reason[r] = (int8_t)why;
  units[r] = o->units[i];
  return 1;
}

/* Pass 6: the rows of the block booked and written in order, the fast ones inline, the others by the general
 * path; an error undoes rows begin .. r - 1 as score_rows() does. */
static int book_pass(const batch *b, ygt__pending *p, ygt_settle_accum *acc, const block *o, int8_t *status,
                     int8_t *reason, int64_t *units, const ygt_cases *c, size_t begin, size_t r0, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t r = r0 + i;
    if (i + AHEAD < n) __builtin_prefetch(&p->lines[o->cell[i + AHEAD]], 1);
    if (o->fast[i] && book_fast(b, p, o, i, status, reason, units, r)) continue;
    int rc = score_general(b, p, acc, status, reason, units, c, begin, r);
    if (rc) return rc;
  }
  return YGT_OK;
}

/* score_rows() over blocks of rows, column pass by column pass (p open, every column present, institutions). */
static int score_blocks(const batch *b, const pgroup *g, ygt__pending *p, ygt_settle_accum *acc, int8_t *status,
                        int8_t *reason, int64_t *units, const ygt_cases *c, size_t begin, size_t end) {
  block *o = ygt__malloc(sizeof *o);
  if (!o) return YGT_ENOMEM;
  int rc = YGT_OK;
  for (size_t r0 = begin; !rc && r0 < end; r0 += BLOCK) {
    size_t n = end - r0 < BLOCK ? end - r0 : BLOCK;
    points_pass(o, b, g, r0, n);
    kinds_pass(o, b, g, r0);
    readmit_pass(o, b, g, r0, n);
    units_pass(o, n);
    cell_pass(o, b, p, r0, n);
    rc = book_pass(b, p, acc, o, status, reason, units, c, begin, r0, n);
  }
  ygt__free(o);
  return rc;
}

int ygt__points_score_batch(const ygt__points_ctx *x, ygt_settle_accum *acc, int8_t *status, int8_t *reason,
                            int64_t *units, const ygt_cases *c, size_t begin, size_t end) {
  batch b;
  pgroup *g = group_consts(x);
  if (!g) return YGT_ENOMEM;
  batch_init(&b, x, g, c);
  ygt__pending p;
  int open = ygt__pending_open_ok(&p, acc, end - begin);
  int rc = open < 0 ? open
         : open && b.cols && x->ninst ? score_blocks(&b, g, &p, acc, status, reason, units, c, begin, end)
                                      : score_rows(&b, open ? &p : NULL, acc, status, reason, units, c, begin, end);
  if (open > 0) ygt__pending_close(&p);
  ygt__free(g);
  return rc;
}
