/* DIP scoring of a batch, the hot path of ygt_dip_score(): the columns are
 * looked up once, the per-group constants come from the engine, and the
 * common case (a valid, matched, not extreme row whose score does not lie
 * near a half, day surgery included) is computed inline with the same double
 * operations, in the same order, as ygt__dip_score_row().  Any other row is
 * scored by ygt__dip_score_row() itself, so both paths give the same bits
 * (tests/test_identical.c compares them over every row).  In a large batch
 * the sums go to the accumulator in blocks (accum_pending.h), which gives
 * the same totals and the same overflow errors, and the rows are scored
 * in column passes over blocks of BLOCK rows (score_blocks()): the same
 * operations per row, without the row loop's unpredictable branches;
 * doc/performance.md ("DIP, third round") says why the bits cannot
 * differ.  Elsewhere (a small batch) the common row is scored, added and
 * written from locals. */
#include "dip_internal.h"

#include <string.h>

#include "accum_book.h"
#include "alloc_internal.h"
#include "decimal_internal.h"
#include "dip_aux_table.h"
#include "dip_match_cache.h"
#include "dip_score_avx512.h"
#include "settle_cols.h"

#include "error_internal.h"

/* The columns of a batch the common case reads (NULL when absent), and the batch's tables. */
typedef struct cols {
  ygt__settle_cols m;
  ygt__dip_aux_cols aux;
  const int32_t *pdx, *los, *day;
  ygt__dip_match_cache *cache;
  const ygt__dip_aux_table *aux_table;
  const double *n; /* the parameters */
  unsigned ins_present; /* bit i: insurance type i has parameters */
} cols;

/* The result columns (each may be NULL). */
typedef struct outs {
  int32_t *group;
  int8_t *status, *reason;
  int64_t *units;
} outs;

static void get_cols(cols *k, const ygt_dip_engine *e, const ygt_cases *c) {
  k->n = e->params->num, k->ins_present = 0;
  for (int i = 0; i < YGT__NINS; i++) k->ins_present |= (unsigned)(e->params->ins[i].present != 0) << i;
  ygt__settle_cols_get(&k->m, c);
  ygt__dip_aux_cols_get(&k->aux, c);
  k->pdx = c->cols[YGT_CASE_PDX].data;
  k->los = c->cols[YGT_CASE_LOS_DAYS].data;
  k->day = c->cols[YGT_CASE_DAY_SURGERY].data;
}

/* Whether row r is valid and not excluded (check_record in dip_score.c). */
static inline int plain_record(const ygt_dip_engine *e, const cols *k, size_t r, double max_los) {
  int32_t inst = k->m.inst[r], ins = k->m.ins[r], los = k->los ? k->los[r] : YGT_CASES_NA;
  return !k->m.flags[r] && k->pdx[r] >= 0 && inst >= 0 && (size_t)inst < e->ninst && ins >= 0 && ins < YGT__NINS &&
         (k->ins_present >> ins & 1) && k->m.cost[r] != YGT_CASES_NA64 &&
         !(max_los > 0 && los != YGT_CASES_NA && los > max_los);
}

/* The deviation coefficient of row r's cost against its standard, with its reason (deviation() in dip_score.c);
 * 0 for an extreme cost. */
static inline int deviation(const double *n, const cols *k, size_t r, double std, double *dev, int *reason) {
  double cost = (double)k->m.cost[r];
  *dev = 1.0, *reason = YGT_REASON_NONE;
  if (k->day && k->day[r] == 1) {
    *dev = n[YGT_PARAM_DAY_SURGERY_COEF], *reason = YGT_REASON_DAY_SURGERY;
    return 1;
  }
  if (cost > n[YGT_PARAM_DEV_EXTREME] * std) return 0;
  if (cost > n[YGT_PARAM_DEV_HIGH] * std) {
    *dev = cost / std - n[YGT_PARAM_DEV_HIGH_OFFSET];
    *reason = YGT_REASON_HIGH_COST;
  } else if (cost < n[YGT_PARAM_DEV_LOW] * std) {
    *dev = cost / std;
    *reason = YGT_REASON_LOW_COST;
  }
  return 1;
}

static inline double aux_coef(const ygt_dip_engine *e, const cols *k, size_t r) {
  if (!e->cat->nbands) return 1.0;
  return k->aux_table->on ? ygt__dip_aux_table_of(k->aux_table, e->cat, &k->aux, r) : ygt__dip_aux_of(e, &k->aux, r);
}

/* Row r's group, reason and score units when it is a common case; 0 when not (the row path scores it). */
static inline __attribute__((always_inline)) int common_units(const ygt_dip_engine *e, const ygt_cases *c,
                                                              const cols *k, size_t r, int32_t *group, int *reason,
                                                              int64_t *units) {
  const double *n = k->n;
  if (!plain_record(e, k, r, n[YGT_PARAM_MAX_LOS_DAYS])) return 0;
  /* not grouped or unmatched: the row path says why */
  int32_t g = ygt__dip_match_cached(k->cache, e->cat, c, r, k->pdx[r]);
  if (g < 0 || e->group_const[g].base_rc) return 0;
  int32_t inst = k->m.inst[r];
  double dev;
  if (!deviation(n, k, r, (double)e->group_const[g].std_cost[e->inst_class[inst]], &dev, reason))
    return 0;
  const ygt__dip_group *gr = &e->cat->groups[g];
  double aux = aux_coef(e, k, r);
  double level = gr->grassroots ? n[YGT_PARAM_GRASSROOTS_COEF] : e->inst_level[inst];
  double score = gr->rw * aux * level * dev * e->inst_assess[inst] * e->group_support[g];
  *group = g;
  return ygt__round_or_near(score * YGT_SETTLE_SCORE_UNIT, units) == 0;
}

/* The common case of row r into s and *group; 0 when the row is not
 * common (the caller then scores it by ygt__dip_score_row()). */
static inline int score_common(const ygt_dip_engine *e, const ygt_cases *c, const cols *k, size_t r,
                               ygt__case_sums *s, int32_t *group) {
  int reason;
  int64_t units = 0, share, fund;
  if (!common_units(e, c, k, r, group, &reason, &units)) return 0;
  ygt__settle_cols_ok_money(&k->m, r, &share, &fund);
  *s = (ygt__case_sums){k->m.inst[r], k->m.ins[r], ygt__settle_cols_month(&k->m, r), YGT_SETTLE_OK, reason, units,
                        e->group_const[*group].base_units, k->m.cost[r], share, fund};
  return 1;
}

/* The common OK row r scored, added to p and written, without the case sums of the general path; 0 when it is not
 * such a row or its values lie beyond the pending bound (nothing done: the general path takes it). */
static inline int score_pending(const ygt_dip_engine *e, const ygt_cases *c, const cols *k, ygt__pending *p,
                                const outs *o, size_t r) {
  int32_t g;
  int why;
  int64_t su = 0, share, fund;
  if (!common_units(e, c, k, r, &g, &why, &su)) return 0;
  ygt__settle_cols_ok_money(&k->m, r, &share, &fund);
  const int64_t v[YGT__PENDING_LANES] = {1, why == YGT_REASON_LOW_COST, why == YGT_REASON_HIGH_COST, su,
                                         e->group_const[g].base_units, k->m.cost[r], share, fund};
  /* the keys are in range: the institution and insurance were checked, the month is 0 to 12 */
  int month = ygt__settle_cols_month(&k->m, r);
  size_t cell = ygt__accum_cell(p->acc, (size_t)k->m.inst[r], k->m.ins[r], month) / YGT__NFIELD;
  if (!ygt__pending_add(p, cell, v, 3)) return 0;
  if (o->group) o->group[r] = g;
  if (o->status) o->status[r] = YGT_SETTLE_OK;
  if (o->reason) o->reason[r] = (int8_t)why;
  if (o->units) o->units[r] = su;
  return 1;
}

/* One row by either path, into the accumulator. */
static inline int score_one(ygt__pending *p, ygt_settle_accum *acc, const ygt_dip_engine *e, const ygt_cases *c,
                            const cols *k, size_t r, ygt__case_sums *s, int32_t *g) {
  int rc = score_common(e, c, k, r, s, g) ? YGT_OK : ygt__dip_score_row(e, c, r, s, g, 0);
  return rc ? rc : ygt__pending_book(p, acc, s);
}

/* Row r by the general path, booked and written; after an error rows begin .. r - 1 are taken back out. */
static int score_general(ygt__pending *p, ygt_settle_accum *acc, const outs *o, const ygt_dip_engine *e,
                         const ygt_cases *c, const cols *k, size_t begin, size_t r) {
  ygt__case_sums s;
  int32_t g;
  int rc = score_one(p, acc, e, c, k, r, &s, &g);
  if (rc) {
    if (p) ygt__pending_flush(p);
    if (acc) ygt__dip_score_undo(acc, e, c, begin, r);
    return rc;
  }
  if (o->group) o->group[r] = g;
  if (o->status) o->status[r] = (int8_t)s.status;
  if (o->reason) o->reason[r] = (int8_t)s.reason;
  if (o->units) o->units[r] = s.score_units;
  return YGT_OK;
}

static int score_rows(ygt__pending *p, ygt_settle_accum *acc, const outs *out, const ygt_dip_engine *e_in,
                      const ygt_cases *c, const cols *cols_in, size_t begin, size_t end) {
  const cols kk = *cols_in, *k = &kk; /* local copies: the int8_t stores below cannot change them */
  const outs oo = *out, *o = &oo;
  const ygt_dip_engine ee = *e_in, *e = &ee;
  for (size_t r = begin; r < end; r++) {
    if (p && p->on && score_pending(e, c, k, p, o, r)) continue;
    int rc = score_general(p, acc, o, e, c, k, begin, r);
    if (rc) return rc;
  }
  return YGT_OK;
}

/* ---- column passes over blocks of rows --------------------------------- */

#define BLOCK 1024
#define AHEAD 16 /* rows between a pending line's prefetch and its use */
enum { LIST_HIGH, LIST_LOW, NLIST };
typedef ygt__dip_pgroup dgroup;
typedef ygt__dip_pinst dinst;
typedef ygt__dip_pconsts consts;


/* What the passes over one block leave for its rows (i: row - first row of the block). */
typedef struct block {
  double score[BLOCK], dev[BLOCK], std[BLOCK], aux[BLOCK];
  int64_t units[BLOCK];
  uint32_t group[BLOCK], inst[BLOCK]; /* ngroups, ninst: none */
  uint32_t cell[BLOCK];               /* the pending line of each row */
  int32_t probe[BLOCK];               /* the group the vector probe of the match cache found */
  uint16_t list[NLIST][BLOCK];        /* the rows of high and low cost, whose deviation is a ratio */
  size_t nlist[NLIST];
  int8_t why[BLOCK];  /* the reason of a fast row */
  uint8_t fast[BLOCK]; /* 1: the common OK row, booked by book_fast() */
} block;

static int consts_new(consts *t, const ygt_dip_engine *e) {
  t->ngroups = (uint32_t)e->cat->ngroups, t->ninst = (uint32_t)e->ninst;
  t->g = ygt__calloc(t->ngroups + 1, sizeof *t->g), t->in = ygt__calloc(t->ninst + 1, sizeof *t->in);
  if (!t->g || !t->in) return ygt__free(t->g), ygt__free(t->in), YGT_ENOMEM;
  for (uint32_t i = 0; i < t->ngroups; i++) {
    const ygt__dip_group *gr = &e->cat->groups[i];
    const ygt__dip_group_const *gc = &e->group_const[i];
    dgroup *o = &t->g[i];
    o->rw = gr->rw, o->support = e->group_support[i], o->grassroots = gr->grassroots;
    memcpy(o->std_cost, gc->std_cost, sizeof o->std_cost);
    o->base_units = gc->base_units, o->usable = !gc->base_rc;
  }
  for (uint32_t i = 0; i < t->ninst; i++)
    t->in[i] = (dinst){{e->inst_level[i], e->params->num[YGT_PARAM_GRASSROOTS_COEF]}, e->inst_assess[i], e->inst_class[i]};
  return YGT_OK;
}

/* Pass 1: whether each row is valid and not excluded (plain_record()), without a branch. */
static void valid_pass(block *o, const cols *k, const consts *t, double max_los, size_t r0, size_t n) {
  const int32_t *restrict inst = k->m.inst + r0, *restrict ins = k->m.ins + r0, *restrict pdx = k->pdx + r0;
  const int64_t *restrict cost = k->m.cost + r0;
  const uint8_t *flags = k->m.flags ? k->m.flags + r0 : NULL;
  const int32_t *los = k->los ? k->los + r0 : NULL;
  unsigned present = k->ins_present;
  for (size_t i = 0; i < n; i++) {
    uint32_t in = (uint32_t)inst[i], t_ = (uint32_t)ins[i];
    int32_t l = los ? los[i] : YGT_CASES_NA;
    int ok = !(flags && flags[i]) & (pdx[i] >= 0) & (in < t->ninst) & (t_ < YGT__NINS) &
             (int)(present >> (t_ & 31) & 1) & (cost[i] != YGT_CASES_NA64) &
             !((max_los > 0) & (l != YGT_CASES_NA) & (l > max_los));
    o->fast[i] = (uint8_t)ok, o->inst[i] = ok ? in : t->ninst;
  }
}

/* The group of fast row r through the batch's match cache (k->cache->slots not NULL). */
static inline int32_t match_one(const ygt_dip_engine *e, const ygt_cases *c, const cols *k, const int32_t *vals,
                                size_t r) {
  const int64_t *off = c->cols[YGT_CASE_PROCS].off;
  int64_t at = off ? off[r] : 0, np = off ? off[r + 1] - at : 0;
  int32_t p[3]; /* without a branch: past the list's end, -1 (read at place 0) */
  for (int j = 0; j < 3; j++) p[j] = vals[(at + j) & -(int64_t)(j < np)] | -(int32_t)(j >= np);
  return np <= YGT__DIP_CACHE_PROCS ? ygt__dip_match_cached_short(k->cache, e->cat, c, r, k->pdx[r], p, (size_t)np)
                                    : ygt__dip_match_cached(k->cache, e->cat, c, r, k->pdx[r]);
}

/* Pass 2: the group of each valid row through the batch's match cache (on AVX-512 the slots that hold their rows'
 * keys read on vectors first); a row without a usable group is no longer fast (the row path says why). */
static void match_pass(block *o, const ygt_dip_engine *e, const ygt_cases *c, const cols *k, const consts *t,
                       size_t r0, size_t n) {
  static const int32_t empty = -1;
  const int64_t *off = c->cols[YGT_CASE_PROCS].off;
  /* the lists are read at place 0 past their end, so a value must exist there (else every list is empty) */
  const int32_t *vals = off && off[r0 + n] > 0 ? c->cols[YGT_CASE_PROCS].vals : &empty;
  int vec = k->cache->slots && ygt__avx512();
  if (vec) ygt__dip_match_probe_avx512(o->probe, o->fast, k->cache, k->pdx, off, c->cols[YGT_CASE_PROCS].vals, r0, n);
  for (size_t i = 0; i < n; i++) {
    size_t r = r0 + i;
    int32_t g = !o->fast[i]                                   ? -1
              : vec && o->probe[i] != YGT__DIP_NOT_PROBED     ? o->probe[i]
              : k->cache->slots                               ? match_one(e, c, k, vals, r)
                                                              : ygt__dip_match_cached(k->cache, e->cat, c, r, k->pdx[r]);
    int ok = g >= 0 && t->g[g].usable;
    o->group[i] = ok ? (uint32_t)g : t->ngroups, o->fast[i] = (uint8_t)ok;
  }
}

/* Pass 3: the deviation class of each row as deviation() finds it, without a branch: day surgery first, then
 * extreme (no longer fast), high and low cost; the rows of high and low cost listed for pass 4. */
static void class_pass(block *o, const cols *k, const consts *t, size_t r0, size_t n) {
  const double *nm = k->n, ext = nm[YGT_PARAM_DEV_EXTREME], high = nm[YGT_PARAM_DEV_HIGH],
               low = nm[YGT_PARAM_DEV_LOW], day_coef = nm[YGT_PARAM_DAY_SURGERY_COEF];
  const int64_t *restrict cost = k->m.cost + r0;
  const int32_t *day = k->day ? k->day + r0 : NULL;
  size_t nl[NLIST] = {0};
  for (size_t i = 0; i < n; i++) {
    double std = (double)t->g[o->group[i]].std_cost[t->in[o->inst[i]].cls], c = (double)cost[i];
    int ds = day ? day[i] == 1 : 0, x = !ds & (c > ext * std), hi = !ds & !x & (c > high * std);
    int lo = !ds & !x & !hi & (c < low * std), fast = o->fast[i] & !x;
    o->std[i] = std, o->dev[i] = ds ? day_coef : 1.0, o->fast[i] = (uint8_t)fast;
    o->why[i] = (int8_t)(ds ? YGT_REASON_DAY_SURGERY : hi ? YGT_REASON_HIGH_COST : lo ? YGT_REASON_LOW_COST
                                                                                     : YGT_REASON_NONE);
    o->list[LIST_HIGH][nl[LIST_HIGH]] = (uint16_t)i, nl[LIST_HIGH] += fast & hi;
    o->list[LIST_LOW][nl[LIST_LOW]] = (uint16_t)i, nl[LIST_LOW] += fast & lo;
  }
  memcpy(o->nlist, nl, sizeof nl);
}

/* Pass 4: the deviation of the listed rows, the cost ratio as deviation() forms it. */
static void ratio_pass(block *o, const cols *k, size_t r0) {
  double offset = k->n[YGT_PARAM_DEV_HIGH_OFFSET];
  for (size_t j = 0; j < o->nlist[LIST_HIGH]; j++) {
    size_t i = o->list[LIST_HIGH][j];
    o->dev[i] = (double)k->m.cost[r0 + i] / o->std[i] - offset;
  }
  for (size_t j = 0; j < o->nlist[LIST_LOW]; j++) {
    size_t i = o->list[LIST_LOW][j];
    o->dev[i] = (double)k->m.cost[r0 + i] / o->std[i];
  }
}

/* Pass 5: the auxiliary coefficient of every row (of an invalid row too: reading its columns is harmless). */
static void aux_pass(block *o, const ygt_dip_engine *e, const cols *k, size_t r0, size_t n) {
  if (!e->cat->nbands)
    for (size_t i = 0; i < n; i++) o->aux[i] = 1.0;
  else if (k->aux_table->on)
    ygt__dip_aux_table_block(o->aux, k->aux_table, e->cat, &k->aux, r0, n);
  else
    for (size_t i = 0; i < n; i++) o->aux[i] = ygt__dip_aux_of(e, &k->aux, r0 + i);
}

/* Pass 6: each row's score, the product common_units() forms in its order. */
static void score_pass(block *o, const consts *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const dgroup *g = &t->g[o->group[i]];
    const dinst *in = &t->in[o->inst[i]];
    double level = in->level[g->grassroots != 0]; /* not a branch: which groups are grassroots is a coin toss */
    o->score[i] = g->rw * o->aux[i] * level * o->dev[i] * in->assess * g->support;
  }
}

/* Pass 6b: the score units rounded as ygt__round_or_near() rounds (on AVX-512 vectors where the CPU has them: the
 * same operations); a row near a half or beyond ±9e18 units is no longer fast. */
static void units_pass(block *o, size_t n) {
  if (ygt__avx512()) ygt__points_units_avx512(o->units, o->fast, o->score, n);
  else
    for (size_t i = 0; i < n; i++)
      o->fast[i] = (uint8_t)(o->fast[i] & ygt__round_plain(o->score[i] * YGT_SETTLE_SCORE_UNIT, &o->units[i]));
}

/* The fast row r (block index i) added to p and written; 0 when a value lies beyond the pending bound or blocks
 * are off (nothing done: the general path takes it). */
static inline int book_fast(const block *o, const consts *t, const cols *k, ygt__pending *p, const outs *out,
                            size_t i, size_t r) {
  int64_t share, fund;
  int why = o->why[i];
  uint32_t g = o->group[i];
  ygt__settle_cols_ok_money(&k->m, r, &share, &fund);
  const int64_t v[YGT__PENDING_LANES] = {1, why == YGT_REASON_LOW_COST, why == YGT_REASON_HIGH_COST, o->units[i],
                                         t->g[g].base_units, k->m.cost[r], share, fund};
  if (!ygt__pending_add(p, o->cell[i], v, 3)) return 0;
  if (out->group) out->group[r] = (int32_t)g;
  if (out->status) out->status[r] = YGT_SETTLE_OK;
  if (out->reason) out->reason[r] = (int8_t)why;
  if (out->units) out->units[r] = o->units[i];
  return 1;
}

/* Pass 8: the rows of the block booked and written in order, the fast ones inline, the others by the general
 * path; an error undoes rows begin .. r - 1 as score_rows() does. */
static int book_pass(const block *o, const consts *t, ygt__pending *p, ygt_settle_accum *acc, const outs *out,
                     const ygt_dip_engine *e, const ygt_cases *c, const cols *k, size_t begin, size_t r0, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t r = r0 + i;
    if (i + AHEAD < n) __builtin_prefetch(&p->lines[o->cell[i + AHEAD]], 1);
    if (o->fast[i] && book_fast(o, t, k, p, out, i, r)) continue;
    int rc = score_general(p, acc, out, e, c, k, begin, r);
    if (rc) return rc;
  }
  return YGT_OK;
}

/* One block of n rows from r0, pass by pass. */
static int score_block(block *o, const consts *t, ygt__pending *p, ygt_settle_accum *acc, const outs *out,
                       const ygt_dip_engine *e, const ygt_cases *c, const cols *k, size_t begin, size_t r0,
                       size_t n) {
  if (ygt__avx512()) {
    const ygt__dip_valid_cols v = {k->m.inst, k->m.ins, k->pdx, k->los, k->m.cost, k->m.flags, k->ins_present,
                                   t->ninst, k->n[YGT_PARAM_MAX_LOS_DAYS]};
    ygt__dip_valid_avx512(o->fast, o->inst, &v, r0, n);
  } else
    valid_pass(o, k, t, k->n[YGT_PARAM_MAX_LOS_DAYS], r0, n);
  match_pass(o, e, c, k, t, r0, n);
  aux_pass(o, e, k, r0, n);
  if (ygt__avx512()) /* passes 3, 4 and 6's product on vectors */
    ygt__dip_class_score_avx512(o->score, o->why, o->fast, o->group, o->inst, o->aux, k->m.cost + r0,
                                k->day ? k->day + r0 : NULL, t, k->n, n);
  else {
    class_pass(o, k, t, r0, n);
    ratio_pass(o, k, r0);
    score_pass(o, t, n);
  }
  units_pass(o, n);
  ygt__pending_cells(o->cell, p, &k->m, r0, n); /* pass 7: the pending line of each row */
  return book_pass(o, t, p, acc, out, e, c, k, begin, r0, n);
}

/* score_rows() over blocks of rows, column pass by column pass (p open, institutions in the model). */
static int score_blocks(ygt__pending *p, ygt_settle_accum *acc, const outs *out, const ygt_dip_engine *e_in,
                        const ygt_cases *c, const cols *cols_in, size_t begin, size_t end) {
  const cols kk = *cols_in, *k = &kk;
  const outs oo = *out, *o = &oo;
  const ygt_dip_engine ee = *e_in, *e = &ee;
  consts t;
  block *b = ygt__malloc(sizeof *b);
  if (!b || consts_new(&t, e)) return ygt__free(b), YGT_ENOMEM;
  int rc = YGT_OK;
  for (size_t r0 = begin; !rc && r0 < end; r0 += BLOCK)
    rc = score_block(b, &t, p, acc, o, e, c, k, begin, r0, end - r0 < BLOCK ? end - r0 : BLOCK);
  ygt__free(b), ygt__free(t.g), ygt__free(t.in);
  return rc;
}

/* score_rows() with the batch's pending sums open when they pay. */
static int score_pending_rows(ygt_settle_accum *acc, const outs *o, const ygt_dip_engine *e, const ygt_cases *c,
                              const cols *k, size_t begin, size_t end) {
  ygt__pending p;
  int open = ygt__pending_open_ok(&p, acc, end - begin);
  if (open < 0) return open;
  int rc = open && e->ninst ? score_blocks(&p, acc, o, e, c, k, begin, end)
                            : score_rows(open ? &p : NULL, acc, o, e, c, k, begin, end);
  if (open) ygt__pending_close(&p);
  return rc;
}

int ygt__dip_score_batch(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason, int64_t *score_units,
                         const ygt_dip_engine *e, const ygt_cases *c, size_t begin, size_t end) {
  cols k;
  get_cols(&k, e, c);
  if (!k.m.inst || !k.m.ins || !k.pdx || !k.m.cost)
    return ygt__dip_score_reference(acc, group, status, reason, score_units, e, c, begin, end);
  ygt__dip_match_cache cache;
  ygt__dip_match_cache_new(&cache, e->cat, end - begin);
  ygt__dip_aux_table aux;
  ygt__dip_aux_table_new(&aux, e, end - begin);
  k.cache = &cache, k.aux_table = &aux;
  const outs o = {group, status, reason, score_units};
  int rc = score_pending_rows(acc, &o, e, c, &k, begin, end);
  ygt__dip_match_cache_free(&cache);
  return rc;
}
