/* DIP scoring of a batch, the hot path of ygt_dip_score(): the columns are
 * looked up once, the per-group constants come from the engine, and the
 * common case (a valid, matched, not extreme, not day-surgery row whose
 * score does not lie near a half) is computed inline with the same double
 * operations, in the same order, as ygt__dip_score_row().  Any other row is
 * scored by ygt__dip_score_row() itself, so both paths give the same bits
 * (tests/test_identical.c compares them over every row). */
#include "dip_internal.h"

#include "cases_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"

/* The columns of a batch the common case reads; NULL when absent. */
typedef struct cols {
  const int32_t *inst, *ins, *pdx, *date, *los, *day;
  const int64_t *cost, *fund, *share[YGT_CASE_COINSURANCE - YGT_CASE_SELF_PAID + 1];
  const uint8_t *flags;
} cols;

static void get_cols(cols *k, const ygt_cases *c) {
  k->inst = c->cols[YGT_CASE_INSTITUTION].data;
  k->ins = c->cols[YGT_CASE_INSURANCE].data;
  k->pdx = c->cols[YGT_CASE_PDX].data;
  k->date = c->cols[YGT_CASE_DISCHARGE_DATE].data;
  k->los = c->cols[YGT_CASE_LOS_DAYS].data;
  k->day = c->cols[YGT_CASE_DAY_SURGERY].data;
  k->cost = c->cols[YGT_CASE_TOTAL_COST].data64;
  k->fund = c->cols[YGT_CASE_FUND_PAID].data64;
  for (int col = YGT_CASE_SELF_PAID; col <= YGT_CASE_COINSURANCE; col++)
    k->share[col - YGT_CASE_SELF_PAID] = c->cols[col].data64;
  k->flags = c->flags;
}

/* ygt__patient_share() over the columns looked up once. */
static inline int64_t share_of(const cols *k, size_t r) {
  int64_t sum = 0;
  int given = 0;
  for (int j = 0; j <= YGT_CASE_COINSURANCE - YGT_CASE_SELF_PAID; j++) {
    int64_t v = k->share[j] ? k->share[j][r] : YGT_CASES_NA64;
    if (v != YGT_CASES_NA64) { sum += v; given = 1; }
  }
  if (given) return sum;
  int64_t fund = k->fund ? k->fund[r] : YGT_CASES_NA64;
  return fund != YGT_CASES_NA64 ? k->cost[r] - fund : -1;
}

/* Whether row r is valid and not excluded (check_record in dip_score.c). */
static inline int plain_record(const ygt_dip_engine *e, const cols *k, size_t r, double max_los) {
  int32_t inst = k->inst[r], ins = k->ins[r], los = k->los ? k->los[r] : YGT_CASES_NA;
  return !k->flags[r] && k->pdx[r] >= 0 && inst >= 0 && (size_t)inst < e->ninst && ins >= 0 && ins < YGT__NINS &&
         e->params->ins[ins].present && k->cost[r] != YGT_CASES_NA64 &&
         !(max_los > 0 && los != YGT_CASES_NA && los > max_los) && !(k->day && k->day[r] == 1);
}

/* The common case of row r into s and *group; 0 when the row is not
 * common (the caller then scores it by ygt__dip_score_row()). */
static inline int score_common(const ygt_dip_engine *e, const ygt_cases *c, const cols *k, size_t r,
                               ygt__case_sums *s, int32_t *group) {
  const double *n = e->params->num;
  if (!plain_record(e, k, r, n[YGT_PARAM_MAX_LOS_DAYS])) return 0;
  ygt__dip_match_info mi;
  int32_t g = ygt__dip_match(e->cat, c, r, &mi); /* not grouped or unmatched: the row path says why */
  if (g < 0 || e->group_const[g].base_rc) return 0;
  int32_t inst = k->inst[r];
  double cost = (double)k->cost[r], std = (double)e->group_const[g].std_cost[e->inst_class[inst]], dev = 1.0;
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
  double aux = e->cat->nbands ? ygt__dip_aux_coef(e, c, r) : 1.0;
  double level = gr->grassroots ? n[YGT_PARAM_GRASSROOTS_COEF] : e->inst_level[inst];
  double score = gr->rw * aux * level * dev * e->inst_assess[inst] * e->group_support[g];
  if (ygt__round_or_near(score * YGT_SETTLE_SCORE_UNIT, &s->score_units) != 0) return 0;
  int32_t d = k->date ? k->date[r] : YGT_CASES_NA;
  int month = d == YGT_CASES_NA ? 0 : d / 100 % 100;
  int64_t share = share_of(k, r), fund = k->fund ? k->fund[r] : YGT_CASES_NA64;
  s->inst = inst;
  s->ins = k->ins[r];
  s->month = month >= 1 && month <= 12 ? month : 0;
  s->status = YGT_SETTLE_OK;
  s->reason = reason;
  s->base_units = e->group_const[g].base_units;
  s->total_cost = k->cost[r];
  s->patient_share = share < 0 ? 0 : share;
  s->fund_paid = fund == YGT_CASES_NA64 ? 0 : fund;
  *group = g;
  return 1;
}

/* One row by either path, into the accumulator. */
static inline int score_one(ygt_settle_accum *acc, const ygt_dip_engine *e, const ygt_cases *c, const cols *k,
                            size_t r, ygt__case_sums *s, int32_t *g) {
  int rc = score_common(e, c, k, r, s, g) ? YGT_OK : ygt__dip_score_row(e, c, r, s, g, 0);
  return !rc && acc ? ygt__accum_apply(acc, s, 1) : rc;
}

int ygt__dip_score_batch(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason, int64_t *score_units,
                         const ygt_dip_engine *e, const ygt_cases *c, size_t begin, size_t end) {
  cols k;
  get_cols(&k, c);
  if (!k.inst || !k.ins || !k.pdx || !k.cost)
    return ygt__dip_score_reference(acc, group, status, reason, score_units, e, c, begin, end);
  for (size_t r = begin; r < end; r++) {
    ygt__case_sums s;
    int32_t g;
    int rc = score_one(acc, e, c, &k, r, &s, &g);
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
