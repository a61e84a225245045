/* Settling the stays of a year: each stay line's insured rows are gathered
 * into their own batch and settled by the line's method (fee for service,
 * points, DRG, DIP, per diem); the per-row results go back to the stays'
 * order, and the per-institution totals are sums over the rows. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"
#include "pay_internal.h"
#include "points_internal.h"
#include "dip_internal.h"
#include "drgpay_internal.h"
#include "perdiem_internal.h"
#include "scheme_internal.h"
#include "settle_internal.h"

/* One line's rows and their scratch space. */
typedef struct run {
  const ygt_scheme *s;
  const sch_line *l;
  ygt_scheme_result *r;
  int line;
  double scale;               /* the input's person_scale (0: 1) */
  size_t n, *rows;            /* rows[i]: the stay of gathered row i */
  ygt_cases *c;
  int32_t *group;
  int64_t *patient;           /* NULL without patient keys */
  int8_t *status, *reason;
  int64_t *amount, *fund, *units;
  ygt_settle_accum *acc, *ledger;
  ygt_settle_values *values;
  const double *dip_assessment; /* per institution, the year's; NULL: the parameters' */
} run;

static void run_free(run *x) {
  ygt_cases_free(x->c);
  ygt_settle_accum_free(x->acc);
  ygt_settle_accum_free(x->ledger);
  ygt_settle_values_free(x->values);
  void *arrays[] = {x->rows, x->group, x->patient, x->status, x->reason, x->amount, x->fund, x->units};
  for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) ygt__free(arrays[k]);
}

static int insured(const ygt_cases *c, size_t r) {
  int32_t ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r);
  return ins >= 0 && ins < SCH_INS;
}

/* 异地就医: a stay out of the province is settled by the treating place's
 * rules, so the scheme's method leaves it alone and it is paid fee for service. */
static int out_of_area(const ygt_scheme *s, const ygt_cases *c, size_t r) {
  int32_t inst = ygt__cases_int(c, YGT_CASE_INSTITUTION, r);
  return inst >= 0 && (size_t)inst < ygt_model_institution_count(s->model) &&
         ygt_model_institution_tier(s->model, inst) == YGT_TIER_OUT_OF_AREA;
}

/* The fee-for-service fund payment: as given, else total − patients' share. */
int64_t ygt__scheme_ffs_fund(const ygt_cases *c, size_t r) {
  int64_t paid = ygt__cases_int64(c, YGT_CASE_FUND_PAID, r), total = ygt__cases_int64(c, YGT_CASE_TOTAL_COST, r);
  if (paid != YGT_CASES_NA64) return paid;
  int64_t share = ygt__patient_share(c, r);
  return total != YGT_CASES_NA64 && share >= 0 ? total - share : 0;
}

/* ---- the methods ------------------------------------------------------------------- */

static int settle_ffs(run *x) {
  size_t ninst = x->s->ninst;
  for (size_t i = 0; i < x->n; i++) {
    x->status[i] = (int8_t)ygt__pay_check(x->c, i, ninst, &x->reason[i]);
    if (x->status[i] != YGT_SETTLE_OK) continue;
    x->amount[i] = ygt__cases_int64(x->c, YGT_CASE_TOTAL_COST, i);
    x->fund[i] = ygt__scheme_ffs_fund(x->c, i);
  }
  return YGT_OK;
}

/* Point values, special review, prepayment and clearing of a point-valued method. */
static int value_figures(run *x) {
  ygt_scheme_result *r = x->r;
  int64_t count, allowed;
  for (int ins = 0; ins < SCH_INS; ins++) {
    ygt_settle_values_get(&r->point_value[ins], x->values, YGT_VALUE_POINT_VALUE, ins);
    ygt_settle_values_get(&r->budget_value[ins], x->values, YGT_VALUE_BUDGET_POINT_VALUE, ins);
    ygt_settle_values_get(&r->points[ins], x->values, YGT_VALUE_TOTAL_POINTS, ins);
    ygt_settle_values_get(&r->pv_fen[ins], x->values, YGT_VALUE_POINT_VALUE_FEN, ins);
  }
  ygt_settle_values_special_review(&count, &allowed, x->values);
  r->special[x->line] = (double)count;
  r->allowed[x->line] = (double)allowed;
  for (size_t i = 0; i < x->s->ninst; i++) {
    int64_t *cell = sch_cell(r, i, x->line), pre, clear;
    int rc = ygt_settle_prepayment(&pre, x->ledger, x->values, (int32_t)i, -1, -1);
    if (!rc) rc = ygt_settle_clearing(&clear, x->ledger, x->values, (int32_t)i, -1);
    if (rc) return rc;
    cell[YGT_SCHEME_PREPAYMENT] = pre;
    cell[YGT_SCHEME_CLEARING] = clear;
    rc = ygt_settle_prepayment_floors(&cell[YGT_SCHEME_PREPAY_FLOORED], &cell[YGT_SCHEME_PREPAY_RAISED], x->ledger,
                                      x->values, (int32_t)i, -1, -1);
    if (rc) return rc;
  }
  return YGT_OK;
}

/* Prices every stay; the insurance types of from_cases (NULL: none) have a
 * fund base that is what their stays cost, paid to the fen. */
static int price(run *x, const int *from_cases) {
  int rc = ygt_settle_accum_new(&x->ledger, x->s->ninst);
  if (!rc) rc = ygt_settle_price(x->ledger, x->amount, x->fund, x->values, x->c, x->status, x->units, 0, x->n);
  for (int ins = 0; !rc && from_cases && ins < YGT__NINS; ins++)
    if (from_cases[ins])
      rc = ygt__settle_to_the_fen(x->ledger, x->amount, x->fund, x->values, x->c, x->status, x->units, x->n, ins,
                                  llround(x->values->fund_base[ins]));
  return rc ? rc : value_figures(x);
}

/* Readmissions from the patient keys, the small-group rule over the
 * year's counts, points, point values and prices. */
static int settle_points(run *x) {
  const ygt_points *p = x->l->points;
  uint8_t *earlier = x->patient ? ygt__malloc(x->n ? x->n : 1) : NULL;
  int64_t *counts = ygt__calloc(ygt_points_group_count(p) + 1, sizeof *counts);
  int rc = counts && (earlier || !x->patient) ? YGT_OK : YGT_ENOMEM;
  if (!rc) rc = ygt_points_group_counts(counts, p, x->group, x->n);
  if (!rc && earlier) rc = ygt_points_readmissions(earlier, p, x->c, x->patient, x->group);
  if (!rc) rc = ygt_points_score(x->acc, x->status, x->reason, x->units, p, x->s->model, x->c, x->group, earlier,
                                 counts, 0, x->n);
  if (!rc) rc = ygt_points_finalise(&x->values, x->acc, p);
  ygt__free(counts);
  ygt__free(earlier);
  int from_cases[YGT__NINS];
  for (int ins = 0; ins < YGT__NINS; ins++) from_cases[ins] = !p->fund_set[ins] && p->num[YGT_POINTS_FUND_FROM_CASES];
  return rc ? rc : price(x, from_cases);
}

/* fund_from_cases: the point value divides what the scored stays cost the
 * fund and the patients under fee for service (Σ fund paid + patients'
 * share, in place of fund / reimbursement ratio), so DIP shares the same
 * money by scores and the fund pays what it paid before in total — the
 * budget-neutral conversion a simulated year needs, whatever the parameter
 * file's fund was sized for.  The budget point value (from the file's
 * history) is resized by the same factor, so that the monthly prepayments
 * price the same money as the settlement. */
static void fund_from_cases(ygt_settle_values *v, const ygt_settle_accum *acc, const ygt_settle_params *p) {
  for (int ins = 0; ins < YGT__NINS; ins++) {
    int64_t paid = 0, share = 0;
    if (!p->ins[ins].present) continue;
    ygt_settle_accum_total(&paid, acc, YGT_FIELD_FUND_PAID, -1, ins, -1);
    ygt_settle_accum_total(&share, acc, YGT_FIELD_PATIENT_SHARE, -1, ins, -1);
    ygt__settle_values_refund(v, ins, (double)paid + (double)share);
  }
}

/* The parameters' whole-county amounts (fund, history, expected scores)
 * × the population scale of the input, in *scaled (NULL at scale 1). */
static int dip_params(const ygt_settle_params **p, ygt_settle_params **scaled, const run *x) {
  *p = x->l->dip_params;
  *scaled = NULL;
  if (x->scale <= 0 || x->scale == 1) return YGT_OK;
  int rc = ygt_settle_params_scale(scaled, *p, x->scale);
  if (!rc) *p = *scaled;
  return rc;
}

/* The line's engine, or a copy with the year's assessment coefficients when the line asks for them. */
static int dip_engine(const ygt_dip_engine **out, ygt_dip_engine **owned, const run *x) {
  *out = x->l->dip;
  *owned = NULL;
  if (!x->l->dip_assess_scorecard || !x->dip_assessment) return 0;
  int rc = ygt__dip_engine_assessed(owned, x->l->dip, x->dip_assessment);
  if (!rc) *out = *owned;
  return rc;
}

static int settle_dip(run *x) {
  const ygt_settle_params *p;
  ygt_settle_params *scaled = NULL;
  const ygt_dip_engine *engine;
  ygt_dip_engine *owned;
  int rc = dip_engine(&engine, &owned, x);
  if (!rc) rc = ygt_dip_score(x->acc, x->group, x->status, x->reason, x->units, engine, x->c, 0, x->n);
  if (!rc && x->l->dip_quota_settle)
    rc = ygt__scheme_dip_enforce_quota(x->acc, x->status, x->reason, x->units, engine, x->l->dip_params, x->c);
  ygt_dip_engine_free(owned);
  if (!rc) rc = dip_params(&p, &scaled, x);
  if (!rc) rc = ygt_settle_finalise(&x->values, x->acc, p);
  int from_cases[YGT__NINS] = {0};
  for (int ins = 0; ins < YGT__NINS; ins++) from_cases[ins] = !rc && x->l->dip_fund_from_cases && p->ins[ins].present;
  if (!rc && x->l->dip_fund_from_cases) fund_from_cases(x->values, x->acc, p);
  ygt_settle_params_free(scaled);
  if (!rc) rc = price(x, from_cases);
  if (!rc) rc = ygt__scheme_dip_over_quota(x->r, x->line, x->l->dip, x->values, x->c, x->status, x->reason);
  return rc;
}

static int settle_drg(run *x) {
  int64_t count, allowed;
  ygt__pay_out out = {x->status, x->reason, x->amount, x->fund, x->units};
  int rc = ygt__drgpay_settle_out(x->acc, NULL, &out, x->l->drg, x->s->model, x->l->inst_coef, x->c, x->group, 0, x->n);
  if (!rc && (rc = ygt_drgpay_special_review(&count, &allowed, x->acc, x->l->drg)) >= 0) {
    x->r->special[x->line] = (double)count;
    x->r->allowed[x->line] = (double)allowed;
    rc = YGT_OK;
  }
  return rc;
}

static int settle_perdiem(run *x) {
  int64_t count = 0;
  ygt__pay_out out = {x->status, x->reason, x->amount, x->fund, x->units};
  int rc = ygt__perdiem_settle_out(x->acc, NULL, &out, x->l->perdiem, x->s->model, x->c, x->group, 0, x->n);
  if (!rc) rc = ygt_settle_accum_total(&count, x->acc, YGT_FIELD_SPECIAL_REVIEW, -1, -1, -1);
  x->r->special[x->line] = (double)count;
  return rc;
}

/* ---- one line ---------------------------------------------------------------------- */

static int line_of(const ygt_scheme_input *in, size_t r) {
  return in->stay_class && in->stay_class[r] >= 0 ? YGT_LINE_LONG_STAY : YGT_LINE_INPATIENT;
}

static int32_t input_group(const ygt_scheme_input *in, size_t r) {
  if (in->stay_class && in->stay_class[r] >= 0) return in->stay_class[r];
  return in->stay_group && in->stay_group[r] >= 0 ? in->stay_group[r] : -1;
}

static int alloc_rows(run *x) {
  size_t n = x->n ? x->n : 1;
  x->group = ygt__malloc(n * sizeof *x->group);
  x->status = ygt__calloc(n, 1);
  x->reason = ygt__calloc(n, 1);
  x->amount = ygt__calloc(n, sizeof *x->amount);
  x->fund = ygt__calloc(n, sizeof *x->fund);
  x->units = ygt__calloc(n, sizeof *x->units);
  return x->group && x->status && x->reason && x->amount && x->fund && x->units ? YGT_OK : YGT_ENOMEM;
}

/* The insured stays of the line, their groups and patients, as a batch. */
static int prepare(run *x, const ygt_scheme_input *in) {
  const ygt_cases *c = in->stays;
  if (!(x->rows = ygt__malloc((c->count ? c->count : 1) * sizeof *x->rows))) return YGT_ENOMEM;
  for (size_t r = 0; r < c->count; r++)
    if (insured(c, r) && !out_of_area(x->s, c, r) && line_of(in, r) == x->line) x->rows[x->n++] = r;
  int rc = alloc_rows(x);
  if (!rc && in->stay_patient && x->l->method == YGT_PAY_POINTS &&
      !(x->patient = ygt__malloc((x->n ? x->n : 1) * sizeof *x->patient)))
    rc = YGT_ENOMEM;
  for (size_t i = 0; !rc && i < x->n; i++) {
    x->group[i] = input_group(in, x->rows[i]);
    if (x->patient) x->patient[i] = in->stay_patient[x->rows[i]];
  }
  if (!rc) rc = ygt__scheme_gather(&x->c, c, x->rows, x->n);
  if (!rc && x->l->method != YGT_PAY_FFS) rc = ygt_settle_accum_new(&x->acc, x->s->ninst);
  return rc;
}

/* Per-row results back in the stays' order; score units per institution. */
static int scatter(run *x) {
  ygt_scheme_result *r = x->r;
  for (size_t i = 0; i < x->n; i++) {
    size_t o = x->rows[i];
    r->status[o] = x->status[i];
    r->reason[o] = x->reason[i];
    r->group[o] = x->group[i];
    r->amount[o] = x->status[i] == YGT_SETTLE_OK ? x->amount[i] : 0;
    r->fund[o] = x->status[i] == YGT_SETTLE_OK ? x->fund[i] : 0;
    r->units[o] = x->status[i] == YGT_SETTLE_OK ? x->units[i] : 0;
  }
  for (size_t i = 0; x->acc && i <= r->ninst; i++) {
    int rc = ygt_settle_accum_total(&sch_cell(r, i, x->line)[YGT_SCHEME_SCORE_UNITS], x->acc,
                                    YGT_FIELD_SCORE_UNITS, (int32_t)i, -1, -1);
    if (rc) return rc;
  }
  return YGT_OK;
}

static int settle_line(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in, int line,
                       const double *dip_assessment) {
  typedef int (*method_fn)(run *);
  static const method_fn methods[] = {NULL, settle_ffs, settle_points, settle_drg, settle_dip, NULL, settle_perdiem,
                                      NULL};
  run x = {.s = s, .l = &s->lines[line], .r = r, .line = line, .scale = in->person_scale,
           .dip_assessment = dip_assessment};
  int rc = prepare(&x, in);
  if (!rc) rc = methods[x.l->method](&x);
  if (!rc) rc = scatter(&x);
  if (!rc) r->values[line] = x.values; /* kept for ygt_scheme_result_explain() */
  if (!rc) x.values = NULL;
  run_free(&x);
  return rc;
}

/* ---- the stays ------------------------------------------------------------------------ */

/* Checks the group and class indexes and gives every stay its line and a
 * first status: uninsured, no method on its line, or (until settled) OK. */
static int prefill(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in) {
  const ygt_cases *c = in->stays;
  for (size_t o = 0; o < c->count; o++) {
    int line = line_of(in, o), method = s->lines[line].method;
    int32_t g = input_group(in, o);
    int checked = method == YGT_PAY_POINTS || method == YGT_PAY_DRG || method == YGT_PAY_PERDIEM;
    if (checked && g >= 0 && (size_t)g >= ygt_scheme_group_count(s, line))
      return ygt__error(YGT_EINVAL, "stay %zu: %s %d is not in the %s table (%zu entries)", o,
                        line == YGT_LINE_LONG_STAY ? "class" : "group", g, ygt_service_line_name(line),
                        ygt_scheme_group_count(s, line));
    r->line[o] = (int8_t)line;
    r->group[o] = g;
    int away = insured(c, o) && method != YGT_PAY_NONE && out_of_area(s, c, o);
    r->status[o] = !insured(c, o) ? YGT_SETTLE_INVALID
                   : method == YGT_PAY_NONE || away ? YGT_SETTLE_EXCLUDED : YGT_SETTLE_OK;
    r->reason[o] = !insured(c, o) ? YGT_REASON_NO_INSURANCE : away ? YGT_REASON_OUT_OF_AREA : YGT_REASON_NONE;
  }
  return YGT_OK;
}

/* What one stay adds to its institution's cell. */
static void stay_sums(int64_t v[SCH_FIELDS], const ygt_scheme_result *r, const ygt_cases *c, size_t o) {
  int64_t cost = ygt__cases_int64(c, YGT_CASE_TOTAL_COST, o), share = ygt__patient_share(c, o);
  sch_row row = {cost == YGT_CASES_NA64 ? 0 : cost, ygt__scheme_ffs_fund(c, o), 0, r->amount[o], r->fund[o], insured(c, o),
                 r->status[o] == YGT_SETTLE_OK};
  row.patient = share >= 0 ? share : row.cost - row.ffs;
  ygt__scheme_row_sums(v, &row);
}

int ygt__scheme_settle_stays(ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in,
                             const double *dip_assessment) {
  if (!in->stays) return YGT_OK;
  int rc = prefill(r, s, in);
  static const int lines[] = {YGT_LINE_INPATIENT, YGT_LINE_LONG_STAY};
  for (int k = 0; !rc && k < 2; k++)
    if (s->lines[lines[k]].method != YGT_PAY_NONE) rc = settle_line(r, s, in, lines[k], dip_assessment);
  for (size_t o = 0; !rc && o < in->stays->count; o++) {
    int64_t v[SCH_FIELDS];
    stay_sums(v, r, in->stays, o);
    rc = ygt__scheme_add_row(sch_cell(r, sch_slot(r, ygt__cases_int(in->stays, YGT_CASE_INSTITUTION, o)), r->line[o]), v);
  }
  return rc;
}
