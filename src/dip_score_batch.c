/* DIP scoring of a batch, the hot path of ygt_dip_score(): the columns are
 * looked up once, the per-group constants come from the engine, and the
 * common case (a valid, matched, not extreme row whose score does not lie
 * near a half, day surgery included) is computed inline with the same double
 * operations, in the same order, as ygt__dip_score_row().  Any other row is
 * scored by ygt__dip_score_row() itself, so both paths give the same bits
 * (tests/test_identical.c compares them over every row).  In a large batch
 * the sums go to the accumulator in blocks (accum_pending.h), which gives
 * the same totals and the same overflow errors, and the common row is
 * scored, added and written from locals. */
#include "dip_internal.h"

#include "accum_book.h"
#include "dip_aux_table.h"
#include "dip_match_cache.h"
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

static int score_rows(ygt__pending *p, ygt_settle_accum *acc, const outs *out, const ygt_dip_engine *e_in,
                      const ygt_cases *c, const cols *cols_in, size_t begin, size_t end) {
  const cols kk = *cols_in, *k = &kk; /* local copies: the int8_t stores below cannot change them */
  const outs oo = *out, *o = &oo;
  const ygt_dip_engine ee = *e_in, *e = &ee;
  for (size_t r = begin; r < end; r++) {
    if (p && p->on && score_pending(e, c, k, p, o, r)) continue;
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
  }
  return YGT_OK;
}

/* score_rows() with the batch's pending sums open when they pay. */
static int score_pending_rows(ygt_settle_accum *acc, const outs *o, const ygt_dip_engine *e, const ygt_cases *c,
                              const cols *k, size_t begin, size_t end) {
  ygt__pending p;
  int open = ygt__pending_open_ok(&p, acc, end - begin);
  if (open < 0) return open;
  int rc = score_rows(open ? &p : NULL, acc, o, e, c, k, begin, end);
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
