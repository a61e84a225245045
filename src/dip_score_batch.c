/* DIP scoring of a batch, the hot path of ygt_dip_score(): the columns are
 * looked up once, the per-group constants come from the engine, and the
 * common case (a valid, matched, not extreme, not day-surgery row whose
 * score does not lie near a half) is computed inline with the same double
 * operations, in the same order, as ygt__dip_score_row().  Any other row is
 * scored by ygt__dip_score_row() itself, so both paths give the same bits
 * (tests/test_identical.c compares them over every row). */
#include "dip_internal.h"

#include "dip_aux.h"
#include "dip_match_cache.h"
#include "settle_cols.h"

#include "error_internal.h"

/* The columns of a batch the common case reads; NULL when absent. */
typedef struct cols {
  ygt__settle_cols m;
  ygt__dip_aux_cols aux;
  const int32_t *pdx, *los, *day;
  ygt__dip_match_cache *cache;
} cols;

static void get_cols(cols *k, const ygt_cases *c) {
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
         e->params->ins[ins].present && k->m.cost[r] != YGT_CASES_NA64 &&
         !(max_los > 0 && los != YGT_CASES_NA && los > max_los) && !(k->day && k->day[r] == 1);
}

/* The common case of row r into s and *group; 0 when the row is not
 * common (the caller then scores it by ygt__dip_score_row()). */
static inline int score_common(const ygt_dip_engine *e, const ygt_cases *c, const cols *k, size_t r,
                               ygt__case_sums *s, int32_t *group) {
  const double *n = e->params->num;
  if (!plain_record(e, k, r, n[YGT_PARAM_MAX_LOS_DAYS])) return 0;
  /* not grouped or unmatched: the row path says why */
  int32_t g = ygt__dip_match_cached(k->cache, e->cat, c, r, k->pdx[r]);
  if (g < 0 || e->group_const[g].base_rc) return 0;
  int32_t inst = k->m.inst[r];
  double cost = (double)k->m.cost[r], std = (double)e->group_const[g].std_cost[e->inst_class[inst]], dev = 1.0;
  int reason = YGT_REASON_NONE;
  if (cost > n[YGT_PARAM_DEV_EXTREME] * std) return 0;
  if (cost > n[YGT_PARAM_DEV_HIGH] * std) {
    dev = cost / std - n[YGT_PARAM_DEV_HIGH_OFFSET];
    reason = YGT_REASON_HIGH_COST;
  } else if (cost < n[YGT_PARAM_DEV_LOW] * std) {
    dev = cost / std;
    reason = YGT_REASON_LOW_COST;
  }
  const ygt__dip_group *gr = &e->cat->groups[g];
  double aux = e->cat->nbands ? ygt__dip_aux_of(e, &k->aux, r) : 1.0;
  double level = gr->grassroots ? n[YGT_PARAM_GRASSROOTS_COEF] : e->inst_level[inst];
  double score = gr->rw * aux * level * dev * e->inst_assess[inst] * e->group_support[g];
  if (ygt__round_or_near(score * YGT_SETTLE_SCORE_UNIT, &s->score_units) != 0) return 0;
  int64_t share = ygt__settle_cols_share(&k->m, r), fund = k->m.fund ? k->m.fund[r] : YGT_CASES_NA64;
  *s = (ygt__case_sums){inst, k->m.ins[r], ygt__settle_cols_month(&k->m, r), YGT_SETTLE_OK, reason, s->score_units,
                        e->group_const[g].base_units, k->m.cost[r], share < 0 ? 0 : share,
                        fund == YGT_CASES_NA64 ? 0 : fund};
  *group = g;
  return 1;
}

/* One row by either path, into the accumulator. */
static inline int score_one(ygt_settle_accum *acc, const ygt_dip_engine *e, const ygt_cases *c, const cols *k,
                            size_t r, ygt__case_sums *s, int32_t *g) {
  int rc = score_common(e, c, k, r, s, g) ? YGT_OK : ygt__dip_score_row(e, c, r, s, g, 0);
  return !rc && acc ? ygt__accum_apply(acc, s, 1) : rc;
}

static int score_rows(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason, int64_t *score_units,
                      const ygt_dip_engine *e, const ygt_cases *c, const cols *k, size_t begin, size_t end) {
  for (size_t r = begin; r < end; r++) {
    ygt__case_sums s;
    int32_t g;
    int rc = score_one(acc, e, c, k, r, &s, &g);
    if (rc) {
      if (acc) ygt__dip_score_undo(acc, e, c, begin, r);
      return rc;
    }
    if (group) group[r] = g;
    if (status) status[r] = (int8_t)s.status;
    if (reason) reason[r] = (int8_t)s.reason;
    if (score_units) score_units[r] = s.score_units;
  }
  return YGT_OK;
}

int ygt__dip_score_batch(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason, int64_t *score_units,
                         const ygt_dip_engine *e, const ygt_cases *c, size_t begin, size_t end) {
  cols k;
  get_cols(&k, c);
  if (!k.m.inst || !k.m.ins || !k.pdx || !k.m.cost)
    return ygt__dip_score_reference(acc, group, status, reason, score_units, e, c, begin, end);
  ygt__dip_match_cache cache;
  ygt__dip_match_cache_new(&cache, e->cat, end - begin);
  k.cache = &cache;
  int rc = score_rows(acc, group, status, reason, score_units, e, c, &k, begin, end);
  ygt__dip_match_cache_free(&cache);
  return rc;
}
