/* DIP scoring: engines (catalogue + parameters + model levels) and case
 * scores = RW × auxiliary × level × deviation × assessment × support,
 * rounded once per case to integer score units. */
#include "dip_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "dip_aux.h"
#include "cases_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"

void ygt_dip_engine_free(ygt_dip_engine *e) {
  if (!e) return;
  ygt__free(e->inst_class);
  ygt__free(e->inst_level);
  ygt__free(e->inst_assess);
  ygt__free(e->group_support);
  ygt__free(e->group_const);
  ygt__free(e);
}

static int resolve_coefs(ygt_dip_engine *e, const ygt_model *m) {
  const ygt_settle_params *p = e->params;
  for (size_t i = 0; i < p->nassess; i++) {
    int32_t k = ygt_model_institution_find(m, p->assess[i].code);
    if (k < 0)
      return ygt__error_at(YGT_ENOTFOUND, p->source, 0, 0, "assessment_coefficients",
                           "institution '%s' is not in the model", p->assess[i].code);
    e->inst_assess[k] = p->assess[i].coef;
  }
  for (size_t i = 0; i < p->nsupport; i++) {
    int32_t g = ygt_dip_catalog_group_find(e->cat, p->support[i].code);
    if (g < 0)
      return ygt__error_at(YGT_ENOTFOUND, p->source, 0, 0, "support_coefficients",
                           "group '%s' is not in the catalogue", p->support[i].code);
    e->group_support[g] = p->support[i].coef;
  }
  return YGT_OK;
}

/* The per-group constants (dip_internal.h). */
static void group_consts(ygt_dip_engine *e) {
  for (size_t g = 0; g < e->cat->ngroups; g++) {
    const ygt__dip_group *gr = &e->cat->groups[g];
    ygt__dip_group_const *k = &e->group_const[g];
    for (int cl = 0; cl < YGT__DIP_NLEVELCLASS; cl++) k->std_cost[cl] = gr->std_cost[cl] ? gr->std_cost[cl] : gr->std_cost[0];
    const double base[] = {gr->rw, YGT_SETTLE_SCORE_UNIT};
    k->base_rc = ygt__round_product(base, 2, &k->base_units);
  }
}

int ygt_dip_engine_new(ygt_dip_engine **out, const ygt_dip_catalog *cat, const ygt_settle_params *params,
                       const ygt_model *m) {
  if (out) *out = NULL;
  if (!out || !cat || !params || !m) return ygt__error(YGT_EINVAL, "ygt_dip_engine_new: NULL argument");
  ygt_dip_engine *e = ygt__calloc(1, sizeof *e);
  if (!e) return YGT_ENOMEM;
  e->cat = cat;
  e->params = params;
  e->ninst = ygt_model_institution_count(m);
  size_t ni = e->ninst ? e->ninst : 1;
  e->inst_class = ygt__malloc(ni);
  e->inst_level = ygt__malloc(ni * sizeof *e->inst_level);
  e->inst_assess = ygt__malloc(ni * sizeof *e->inst_assess);
  e->group_support = ygt__malloc(cat->ngroups * sizeof *e->group_support);
  e->group_const = ygt__malloc((cat->ngroups ? cat->ngroups : 1) * sizeof *e->group_const);
  int rc = (e->inst_class && e->inst_level && e->inst_assess && e->group_support && e->group_const) ? YGT_OK
                                                                                                    : YGT_ENOMEM;
  for (size_t i = 0; !rc && i < e->ninst; i++) {
    int level = ygt_model_institution_level(m, (int32_t)i);
    if (level < 0 || level >= YGT__NLEVEL) level = YGT_LEVEL_UNRATED;
    e->inst_class[i] = (uint8_t)ygt__dip_level_class(level);
    e->inst_level[i] = params->level_coef[level];
    e->inst_assess[i] = 1.0;
  }
  for (size_t g = 0; !rc && g < cat->ngroups; g++) e->group_support[g] = 1.0;
  if (!rc) group_consts(e);
  if (!rc) rc = resolve_coefs(e, m);
  if (rc) {
    ygt_dip_engine_free(e);
    return rc;
  }
  *out = e;
  return YGT_OK;
}

/* ---- one case ---------------------------------------------------------- */

typedef struct detail {
  ygt__dip_match_info match;
  int64_t std_cost;
  double ratio, aux, level, dev, assess, support, score;
} detail;

double ygt__dip_aux_coef(const ygt_dip_engine *e, const ygt_cases *c, size_t r) {
  if (e->cat->nbands == 0) return 1.0;
  ygt__dip_aux_cols k;
  ygt__dip_aux_cols_get(&k, c);
  return ygt__dip_aux_of(e, &k, r);
}

/* Status checks before matching; returns the status, sets the reason. */
static int check_record(const ygt_dip_engine *e, const ygt_cases *c, size_t r, ygt__case_sums *s) {
  int64_t cost = ygt__cases_int64(c, YGT_CASE_TOTAL_COST, r);
  int32_t los = ygt__cases_int(c, YGT_CASE_LOS_DAYS, r);
  double max_los = e->params->num[YGT_PARAM_MAX_LOS_DAYS];
  s->reason = c->flags[r] ? YGT_REASON_ROW_PROBLEM
            : ygt__cases_pdx(c, r) < 0 ? YGT_REASON_NO_PDX
            : (s->inst < 0 || (size_t)s->inst >= e->ninst) ? YGT_REASON_NO_INSTITUTION
            : (s->ins < 0 || s->ins >= YGT__NINS || !e->params->ins[s->ins].present) ? YGT_REASON_NO_INSURANCE
            : cost == YGT_CASES_NA64 ? YGT_REASON_NO_COST
            : YGT_REASON_NONE;
  if (s->reason) return YGT_SETTLE_INVALID;
  s->total_cost = cost;
  if (max_los > 0 && los != YGT_CASES_NA && los > max_los) {
    s->reason = YGT_REASON_LONG_STAY;
    return YGT_SETTLE_EXCLUDED;
  }
  return YGT_SETTLE_OK;
}

/* The deviation coefficient, or SPECIAL_REVIEW for an extreme case.  The
 * thresholds compare cost with threshold × standard cost, so a ratio
 * exactly at a threshold is not beyond it. */
static int deviation(const ygt_dip_engine *e, const ygt_cases *c, size_t r, detail *d, ygt__case_sums *s,
                     int no_extreme) {
  const double *n = e->params->num;
  double cost = (double)s->total_cost, std = (double)d->std_cost;
  d->ratio = cost / std;
  d->dev = 1.0;
  if (ygt__cases_int(c, YGT_CASE_DAY_SURGERY, r) == 1) {
    d->dev = n[YGT_PARAM_DAY_SURGERY_COEF];
    s->reason = YGT_REASON_DAY_SURGERY;
  } else if (!no_extreme && cost > n[YGT_PARAM_DEV_EXTREME] * std) {
    s->reason = YGT_REASON_EXTREME_COST;
    return YGT_SETTLE_SPECIAL_REVIEW;
  } else if (cost > n[YGT_PARAM_DEV_HIGH] * std) {
    d->dev = d->ratio - n[YGT_PARAM_DEV_HIGH_OFFSET];
    s->reason = YGT_REASON_HIGH_COST;
  } else if (cost < n[YGT_PARAM_DEV_LOW] * std) {
    d->dev = d->ratio;
    s->reason = YGT_REASON_LOW_COST;
  }
  return YGT_SETTLE_OK;
}

/* no_extreme: score an extreme-cost case by the high-cost rule instead of
 * sending it to special review (what the method would pay it). */

/* The case score in 10^-6 points, rounded as the exact decimal product of
 * its published factors would be (decimal_internal.h); the factors are
 * gathered only in the rare case the double lies near a half. */
static int score_units(const detail *d, double rw, int64_t *out) {
  double x = d->score * YGT_SETTLE_SCORE_UNIT;
  int rc = ygt__round_or_near(x, out);
  if (rc <= 0) return rc;
  const double factors[] = {rw, d->aux, d->level, d->dev, d->assess, d->support};
  return ygt__round_exact(factors, 6, YGT_SETTLE_SCORE_UNIT, x, out);
}

static int score_row(const ygt_dip_engine *e, const ygt_cases *c, size_t r, ygt__case_sums *s, detail *d,
                     int no_extreme) {
  const ygt_dip_catalog *cat = e->cat;
  memset(s, 0, sizeof *s);
  d->match.group = -1;
  d->std_cost = 0;
  d->ratio = d->aux = d->level = d->dev = d->assess = d->support = d->score = 0;
  s->inst = ygt__cases_int(c, YGT_CASE_INSTITUTION, r);
  s->ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r);
  s->month = ygt__discharge_month(c, r);
  if ((s->status = check_record(e, c, r, s)) != YGT_SETTLE_OK) return YGT_OK;
  int32_t g = ygt__dip_match(cat, c, r, &d->match);
  if (g < 0) {
    s->status = YGT_SETTLE_SPECIAL_REVIEW;
    s->reason = d->match.not_grouped ? YGT_REASON_NOT_GROUPED : YGT_REASON_UNMATCHED;
    return YGT_OK;
  }
  const ygt__dip_group *gr = &cat->groups[g];
  int k = e->inst_class[s->inst];
  d->std_cost = gr->std_cost[k] ? gr->std_cost[k] : gr->std_cost[0];
  if ((s->status = deviation(e, c, r, d, s, no_extreme)) != YGT_SETTLE_OK) return YGT_OK;
  d->aux = ygt__dip_aux_coef(e, c, r);
  d->level = gr->grassroots ? e->params->num[YGT_PARAM_GRASSROOTS_COEF] : e->inst_level[s->inst];
  d->assess = e->inst_assess[s->inst];
  d->support = e->group_support[g];
  d->score = gr->rw * d->aux * d->level * d->dev * d->assess * d->support;
  int64_t share = ygt__patient_share(c, r), fund = ygt__cases_int64(c, YGT_CASE_FUND_PAID, r);
  s->patient_share = share < 0 ? 0 : share;
  s->fund_paid = fund == YGT_CASES_NA64 ? 0 : fund;
  int rc = ygt__case_overflow(score_units(d, gr->rw, &s->score_units), c, r, "score_units");
  const double base[] = {gr->rw, YGT_SETTLE_SCORE_UNIT};
  return rc ? rc : ygt__case_overflow(ygt__round_product(base, 2, &s->base_units), c, r, "base_units");
}

int ygt__dip_score_row(const ygt_dip_engine *e, const ygt_cases *c, size_t r, ygt__case_sums *s, int32_t *group,
                       int no_extreme) {
  detail d;
  int rc = score_row(e, c, r, s, &d, no_extreme);
  *group = d.match.group;
  return rc;
}

void ygt__dip_score_undo(ygt_settle_accum *acc, const ygt_dip_engine *e, const ygt_cases *c, size_t begin, size_t r) {
  for (size_t k = begin; k < r; k++) {
    ygt__case_sums s;
    detail d;
    if (score_row(e, c, k, &s, &d, 0) == YGT_OK) ygt__accum_apply(acc, &s, -1);
  }
}

int ygt__dip_score_reference(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason,
                             int64_t *score_units, const ygt_dip_engine *e, const ygt_cases *c, size_t begin,
                             size_t end) {
  for (size_t r = begin; r < end; r++) {
    ygt__case_sums s;
    detail d;
    int rc = score_row(e, c, r, &s, &d, 0);
    if (!rc && acc) rc = ygt__accum_apply(acc, &s, 1);
    if (rc) {
      if (acc) ygt__dip_score_undo(acc, e, c, begin, r);
      return rc;
    }
    if (group) group[r] = d.match.group;
    if (status) status[r] = (int8_t)s.status;
    if (reason) reason[r] = (int8_t)s.reason;
    if (score_units) score_units[r] = s.score_units;
  }
  return YGT_OK;
}

int ygt_dip_score(ygt_settle_accum *acc, int32_t *group, int8_t *status, int8_t *reason, int64_t *score_units,
                  const ygt_dip_engine *e, const ygt_cases *c, size_t begin, size_t end) {
  if (!e || !c) return ygt__error(YGT_EINVAL, "ygt_dip_score: NULL argument");
  if (begin > end || end > c->count) return ygt__error(YGT_ERANGE, "rows %zu..%zu outside the batch", begin, end);
  if (acc && acc->ninst != e->ninst)
    return ygt__error(YGT_EINVAL, "the accumulator has %zu institutions, the model %zu", acc->ninst, e->ninst);
  return ygt__dip_score_batch(acc, group, status, reason, score_units, e, c, begin, end);
}

int ygt__dip_units_no_extreme(int64_t *units, const ygt_dip_engine *e, const ygt_cases *c, size_t r) {
  ygt__case_sums s;
  detail d;
  int rc = score_row(e, c, r, &s, &d, 1);
  *units = !rc && s.status == YGT_SETTLE_OK ? s.score_units : 0;
  return rc;
}

int ygt__dip_settle_extreme(ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units,
                            const ygt_dip_engine *e, const ygt_cases *c, size_t r) {
  ygt__case_sums was, now;
  detail d;
  int rc = score_row(e, c, r, &was, &d, 0);
  if (!rc) rc = score_row(e, c, r, &now, &d, 1);
  if (rc || was.reason != YGT_REASON_EXTREME_COST || now.status != YGT_SETTLE_OK) return rc;
  if ((rc = ygt__accum_apply(acc, &was, -1))) return rc;
  if ((rc = ygt__accum_apply(acc, &now, 1))) {
    ygt__accum_apply(acc, &was, 1);
    return rc;
  }
  status[r] = (int8_t)now.status;
  reason[r] = (int8_t)now.reason;
  units[r] = now.score_units;
  return YGT_OK;
}

int ygt_dip_explain(char *trace, size_t cap, const ygt_dip_engine *e, const ygt_cases *c, size_t row) {
  if (!e || !c || (cap && !trace)) return ygt__error(YGT_EINVAL, "ygt_dip_explain: NULL argument");
  char match[512];
  int32_t g = ygt_dip_match(match, sizeof match, e->cat, c, row);
  if (g == YGT_ERANGE) return g;
  ygt__case_sums s;
  detail d;
  int rc = score_row(e, c, row, &s, &d, 0);
  if (rc) return rc;
  const double *n = e->params->num;
  char buf[1024];
  int len;
  if (s.status == YGT_SETTLE_INVALID || s.status == YGT_SETTLE_EXCLUDED)
    len = snprintf(buf, sizeof buf, "%s: %s", ygt_settle_status_name(s.status), ygt_settle_reason_name(s.reason));
  else if (s.reason == YGT_REASON_NOT_GROUPED)
    len = snprintf(buf, sizeof buf, "%s (%s)", match, ygt_settle_reason_name(s.reason));
  else if (s.reason == YGT_REASON_UNMATCHED || s.reason == YGT_REASON_EXTREME_COST)
    len = snprintf(buf, sizeof buf, "%s; cost ratio %.6g (cost %lld / standard %lld fen, extreme > %g): "
                   "special review (%s)", match, d.ratio, (long long)s.total_cost, (long long)d.std_cost,
                   n[YGT_PARAM_DEV_EXTREME], ygt_settle_reason_name(s.reason));
  else
    len = snprintf(buf, sizeof buf, "%s; cost ratio %.6g (cost %lld / standard %lld fen; low < %g, high > %g, "
                   "extreme > %g): %s, deviation %.6g; RW %.6g × aux %.6g × level %.6g%s × deviation %.6g × "
                   "assessment %.6g × support %.6g = %.6f points = %lld units", match, d.ratio,
                   (long long)s.total_cost, (long long)d.std_cost, n[YGT_PARAM_DEV_LOW], n[YGT_PARAM_DEV_HIGH],
                   n[YGT_PARAM_DEV_EXTREME], ygt_settle_reason_name(s.reason), d.dev, e->cat->groups[g].rw, d.aux,
                   d.level, e->cat->groups[g].grassroots ? " (基层病种)" : "", d.dev, d.assess, d.support, d.score,
                   (long long)s.score_units);
  if (cap) snprintf(trace, cap, "%s", buf);
  return len;
}
