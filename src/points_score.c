/* Point method: case points, readmissions, small groups and point values. */
#include "points_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"

/* The difference coefficient of every institution of the model. */
static int inst_coefs(double **out, const ygt_points *p, const ygt_model *m, size_t ninst) {
  double *k = ygt__malloc((ninst ? ninst : 1) * sizeof *k);
  if (!k) return YGT_ENOMEM;
  int mode = (int)p->num[YGT_POINTS_COEF_MODE];
  for (size_t i = 0; i < ninst; i++) {
    int level = ygt_model_institution_level(m, (int32_t)i);
    double own = i < p->ninst_coef ? p->inst_coef[i] : 1.0, lv;
    ygt_points_level_coef(&lv, p, (level >= 0 && level < YGT__NLEVEL) ? level : YGT_LEVEL_UNRATED);
    k[i] = mode == 0 ? own : mode == 1 ? lv : p->num[YGT_POINTS_BLEND_INST] * own + p->num[YGT_POINTS_BLEND_LEVEL] * lv;
  }
  *out = k;
  return YGT_OK;
}

static double high_factor(const ygt_points *p, double base) {
  const double *n = p->num;
  return base <= n[YGT_POINTS_BAND1_MAX] ? n[YGT_POINTS_HIGH_FACTOR1]
       : base <= n[YGT_POINTS_BAND2_MAX] ? n[YGT_POINTS_HIGH_FACTOR2] : n[YGT_POINTS_HIGH_FACTOR3];
}

/* Points of a per-case group stay; sets the reason. */
static double case_points(const ygt_points *p, const ygt__points_group *g, double k, const ygt_cases *c, size_t r,
                          int *reason) {
  const double *n = p->num;
  double cost = (double)ygt__cases_int64(c, YGT_CASE_TOTAL_COST, r), mean = (double)g->mean_cost;
  double full = g->base * k, f = high_factor(p, g->base);
  int32_t leaving = ygt__cases_int(c, YGT_CASE_LEAVING_TYPE, r);
  int incomplete = leaving >= 0 && leaving < 10 && ((int64_t)n[YGT_POINTS_INCOMPLETE_MASK] >> leaving & 1);
  if (cost > f * mean) {
    double area = n[YGT_POINTS_AREA_MEAN_COST] > 0 ? n[YGT_POINTS_AREA_MEAN_COST] * 100 : mean * 100 / g->base;
    double extra = (cost - f * mean) / (area / 100);
    *reason = YGT_REASON_HIGH_COST;
    return full + extra * (n[YGT_POINTS_HIGH_VARIANT] == 1 ? k : 1);
  }
  if (incomplete || cost < n[YGT_POINTS_LOW_RATIO] * mean) {
    double cap = n[YGT_POINTS_LOW_CAP] == 1 ? full : g->base, pts = full * cost / mean;
    *reason = incomplete ? YGT_REASON_INCOMPLETE : YGT_REASON_LOW_COST;
    return pts < cap ? pts : cap;
  }
  *reason = YGT_REASON_NONE;
  return full;
}

typedef ygt__points_ctx ctx;

static double stay_points(const ctx *x, const ygt__points_group *g, const ygt_cases *c, size_t r, ygt__case_sums *s) {
  int32_t los = ygt__cases_int(c, YGT_CASE_LOS_DAYS, r);
  if (g->daily > 0) {
    s->reason = YGT_REASON_PER_DIEM;
    return g->daily * (los == YGT_CASES_NA || los < 0 ? 0 : los);
  }
  int reason;
  double pts = case_points(x->p, g, x->k[s->inst], c, r, &reason);
  s->reason = (int8_t)reason;
  return pts;
}

/* The points in 10^-6 units, rounded as the exact decimal product would be
 * where the rules make them one (daily points × days, base points ×
 * coefficient, × the readmission factor); the factors are gathered only
 * in the rare case the double lies near a half (decimal_internal.h). */
static int points_units(const ctx *x, const ygt__points_group *g, const ygt_cases *c, size_t r,
                        const ygt__case_sums *s, double pts, int readmitted, int64_t *out) {
  double v = pts * YGT_SETTLE_SCORE_UNIT, f[3];
  int n = 0, rc = ygt__round_or_near(v, out);
  if (rc <= 0) return rc;
  int32_t los = ygt__cases_int(c, YGT_CASE_LOS_DAYS, r);
  if (s->reason == YGT_REASON_PER_DIEM) f[n++] = g->daily, f[n++] = los == YGT_CASES_NA || los < 0 ? 0 : los;
  else if (s->reason == YGT_REASON_NONE || s->reason == YGT_REASON_READMISSION) f[n++] = g->base, f[n++] = x->k[s->inst];
  else return 0; /* a share of costs: no decimal stands behind it, the double's rounding stands */
  if (readmitted) f[n++] = x->p->num[YGT_POINTS_READMIT_FACTOR];
  return ygt__round_exact(f, n, YGT_SETTLE_SCORE_UNIT, v, out);
}

int ygt__points_score_row(const ctx *x, const ygt_cases *c, size_t r, ygt__case_sums *s) {
  int8_t why;
  memset(s, 0, sizeof *s);
  s->inst = ygt__cases_int(c, YGT_CASE_INSTITUTION, r);
  s->ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r);
  s->month = ygt__discharge_month(c, r);
  s->status = ygt__pay_check(c, r, x->ninst, &why);
  s->reason = why;
  if (s->status != YGT_SETTLE_OK) return YGT_OK;
  int32_t gi = x->group[r];
  const ygt__points_group *g = (gi >= 0 && (size_t)gi < x->p->ngroups) ? &x->p->groups[gi] : NULL;
  if (!g || (x->counts && (double)x->counts[gi] < x->p->num[YGT_POINTS_MIN_GROUP_CASES])) {
    s->status = YGT_SETTLE_SPECIAL_REVIEW;
    s->reason = g ? YGT_REASON_SMALL_GROUP : YGT_REASON_UNMATCHED;
    return YGT_OK;
  }
  double pts = stay_points(x, g, c, r, s);
  int readmitted = x->earlier && x->earlier[r] && !g->exempt && x->p->num[YGT_POINTS_READMIT_DAYS] > 0;
  if (readmitted) {
    pts *= x->p->num[YGT_POINTS_READMIT_FACTOR];
    if (!s->reason) s->reason = YGT_REASON_READMISSION;
  }
  int64_t share = ygt__patient_share(c, r), paid = ygt__cases_int64(c, YGT_CASE_FUND_PAID, r);
  s->total_cost = ygt__cases_int64(c, YGT_CASE_TOTAL_COST, r);
  s->patient_share = share < 0 ? 0 : share;
  s->fund_paid = paid == YGT_CASES_NA64 ? 0 : paid;
  int rc = ygt__case_overflow(points_units(x, g, c, r, s, pts, readmitted, &s->score_units), c, r, "score_units");
  const double base[] = {g->base, YGT_SETTLE_SCORE_UNIT};
  return rc ? rc : ygt__case_overflow(ygt__round_product(base, 2, &s->base_units), c, r, "base_units");
}

void ygt__points_score_undo(ygt_settle_accum *acc, const ctx *x, const ygt_cases *c, size_t begin, size_t r) {
  for (size_t k = begin; acc && k < r; k++) {
    ygt__case_sums s;
    if (ygt__points_score_row(x, c, k, &s) == YGT_OK) ygt__accum_apply(acc, &s, -1);
  }
}

/* One row at a time through ygt__points_score_row(): the reference. */
static int score_range(const ctx *x, ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units,
                       const ygt_cases *c, size_t begin, size_t end) {
  for (size_t r = begin; r < end; r++) {
    ygt__case_sums s;
    int rc = ygt__points_score_row(x, c, r, &s);
    if (!rc && acc) rc = ygt__accum_apply(acc, &s, 1);
    if (rc) {
      ygt__points_score_undo(acc, x, c, begin, r);
      return rc;
    }
    status[r] = (int8_t)s.status;
    if (reason) reason[r] = (int8_t)s.reason;
    units[r] = s.status == YGT_SETTLE_OK ? s.score_units : 0;
  }
  return YGT_OK;
}

/* Scores rows begin .. end - 1 by the batch path or the reference. */
static int score_with(int batch, ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units,
                      const ygt_points *p, const ygt_model *m, const ygt_cases *c, const int32_t *group,
                      const uint8_t *earlier, const int64_t *counts, size_t begin, size_t end) {
  if (!status || !units || !p || !m || !c || !group) return ygt__error(YGT_EINVAL, "ygt_points_score: NULL argument");
  if (begin > end || end > c->count) return ygt__error(YGT_ERANGE, "rows %zu..%zu outside the batch", begin, end);
  ctx x = {p, NULL, ygt_model_institution_count(m), group, earlier, counts};
  double *k;
  int rc = inst_coefs(&k, p, m, x.ninst);
  if (rc) return rc;
  x.k = k;
  rc = batch ? ygt__points_score_batch(&x, acc, status, reason, units, c, begin, end)
             : score_range(&x, acc, status, reason, units, c, begin, end);
  ygt__free(k);
  return rc;
}

int ygt_points_score(ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units, const ygt_points *p,
                     const ygt_model *m, const ygt_cases *c, const int32_t *group, const uint8_t *earlier,
                     const int64_t *counts, size_t begin, size_t end) {
  return score_with(1, acc, status, reason, units, p, m, c, group, earlier, counts, begin, end);
}

int ygt__points_score_reference(ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units,
                                const ygt_points *p, const ygt_model *m, const ygt_cases *c, const int32_t *group,
                                const uint8_t *earlier, const int64_t *counts, size_t begin, size_t end) {
  return score_with(0, acc, status, reason, units, p, m, c, group, earlier, counts, begin, end);
}

int ygt_points_group_counts(int64_t *counts, const ygt_points *p, const int32_t *group, size_t n) {
  if (!counts || !p || !group) return ygt__error(YGT_EINVAL, "NULL argument");
  for (size_t i = 0; i < n; i++)
    if (group[i] >= 0 && (size_t)group[i] < p->ngroups) counts[group[i]]++;
  return YGT_OK;
}

/* ---- readmissions ------------------------------------------------------ */

typedef struct stay {
  int64_t patient;
  int32_t admit, discharge, group;
  size_t row;
} stay;

/* Days since 1970-01-01 of a YYYYMMDD date (proleptic Gregorian). */
static int32_t day_number(int32_t ymd) {
  int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* Stays of a patient and group by admission, then discharge.  Stays with the
 * same patient, group and days are the same stay as far as the rule can
 * tell, and are treated alike: the input's row order never decides. */
static int stay_cmp(const void *a, const void *b) {
  const stay *x = a, *y = b;
  if (x->patient != y->patient) return x->patient < y->patient ? -1 : 1;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  if (x->admit != y->admit) return x->admit < y->admit ? -1 : 1;
  return (x->discharge > y->discharge) - (x->discharge < y->discharge);
}

static size_t collect(stay *s, const ygt_cases *c, const int64_t *patient, const int32_t *group) {
  size_t n = 0;
  for (size_t r = 0; r < c->count; r++) {
    int32_t dis = ygt__cases_int(c, YGT_CASE_DISCHARGE_DATE, r), adm = ygt__cases_int(c, YGT_CASE_ADMIT_DATE, r);
    int32_t los = ygt__cases_int(c, YGT_CASE_LOS_DAYS, r);
    if (patient[r] < 0 || group[r] < 0 || dis == YGT_CASES_NA) continue;
    int32_t d = day_number(dis);
    int32_t a = adm != YGT_CASES_NA ? day_number(adm) : d - (los == YGT_CASES_NA ? 0 : los);
    s[n++] = (stay){patient[r], a, d, group[r], r};
  }
  return n;
}

/* A stay is the earlier stay of a readmission when the same patient has
 * another stay in the same group that comes later (admitted later, or the
 * same day and discharged later) and is admitted within the window of its
 * discharge (doc/formats/drg-points.md).  In the sorted order the first
 * later stay of the block is the earliest admitted, so it alone decides. */
static void mark_block(uint8_t *earlier, const ygt_points *p, const stay *s, size_t from, size_t to, size_t n) {
  const stay *a = &s[from];
  if (to >= n || s[to].patient != a->patient || s[to].group != a->group) return;
  int exempt = (size_t)a->group < p->ngroups && p->groups[a->group].exempt;
  if (exempt || s[to].admit - a->discharge > p->num[YGT_POINTS_READMIT_DAYS]) return;
  for (size_t k = from; k < to; k++) earlier[s[k].row] = 1;
}

int ygt_points_readmissions(uint8_t *earlier, const ygt_points *p, const ygt_cases *c, const int64_t *patient,
                            const int32_t *group) {
  if (!earlier || !p || !c || !patient || !group) return ygt__error(YGT_EINVAL, "NULL argument");
  memset(earlier, 0, c->count);
  stay *s = ygt__malloc((c->count ? c->count : 1) * sizeof *s);
  if (!s) return YGT_ENOMEM;
  size_t n = collect(s, c, patient, group);
  qsort(s, n, sizeof *s, stay_cmp);
  for (size_t from = 0, to; from < n; from = to) {
    for (to = from + 1; to < n && stay_cmp(&s[from], &s[to]) == 0;) to++;
    mark_block(earlier, p, s, from, to, n);
  }
  ygt__free(s);
  return YGT_OK;
}

/* ---- point values ------------------------------------------------------ */

static int64_t total(const ygt_settle_accum *a, int field, int ins) {
  int64_t v = 0;
  ygt_settle_accum_total(&v, a, field, -1, ins, -1);
  return v;
}

int ygt_points_finalise(ygt_settle_values **out, const ygt_settle_accum *a, const ygt_points *p) {
  if (out) *out = NULL;
  if (!out || !a || !p) return ygt__error(YGT_EINVAL, "ygt_points_finalise: NULL argument");
  ygt_settle_values *v = ygt__calloc(1, sizeof *v);
  if (!v || !(v->params_id = ygt__strdup("points"))) {
    ygt__free(v);
    return YGT_ENOMEM;
  }
  for (int ins = 0; ins < YGT__NINS; ins++) {
    double share = p->num[YGT_POINTS_VALUE_VARIANT] == 0 ? (double)total(a, YGT_FIELD_PATIENT_SHARE, ins) : 0;
    v->points[ins] = (double)total(a, YGT_FIELD_SCORE_UNITS, ins) / YGT_SETTLE_SCORE_UNIT;
    v->fund_base[ins] = p->fund_set[ins] ? (double)p->fund[ins] + share
                        : p->num[YGT_POINTS_FUND_FROM_CASES] ? (double)total(a, YGT_FIELD_FUND_PAID, ins) + share
                                                             : 0;
    v->pv_fen[ins] = v->points[ins] > 0 ? v->fund_base[ins] / v->points[ins] : 0;
    v->bpv_fen[ins] = p->budget_value[ins] > 0 ? p->budget_value[ins] * 100 : v->pv_fen[ins];
  }
  v->prepay_ratio = p->num[YGT_POINTS_PREPAY_RATIO];
  v->cases = total(a, YGT_FIELD_CASES, -1);
  v->special = total(a, YGT_FIELD_SPECIAL_REVIEW, -1);
  v->allowed = (int64_t)floor(p->num[YGT_POINTS_SPECIAL_QUOTA] * (double)v->cases);
  *out = v;
  return YGT_OK;
}
