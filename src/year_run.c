/* The county year: checking the inputs, running the steps in order, and
 * reading the result. */
#include <stddef.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "year_internal.h"

static const char *const field_names[] = {"visits", "stays", "patients", "referred_up", "referred_out", "cost",
                                          "fund_ffs", "patient_paid", "amount", "fund", "revenue", NULL};

const char *ygt_year_field_name(int field) {
  return field >= 0 && field < YR_NFIELDS ? field_names[field] : NULL;
}

static size_t inputs_size(int version) {
  return version == 1 ? offsetof(ygt_year_inputs, targets) : sizeof(ygt_year_inputs);
}

int ygt_year_inputs_init_version(ygt_year_inputs *in, int version) {
  static const ygt_year_inputs init = YGT_YEAR_INPUTS_INIT;
  if (!in || version < 1 || version > YGT_YEAR_INPUTS_VERSION)
    return ygt__error(YGT_EINVAL, "ygt_year_inputs_init_version: NULL inputs or version %d is not 1..%d", version,
                      YGT_YEAR_INPUTS_VERSION);
  memcpy(in, &init, inputs_size(version));
  in->version = version;
  return 0;
}

/* 0.1's function: a 0.1 caller's struct is version 1, so only that much is written. */
void ygt_year_inputs_init(ygt_year_inputs *in) {
  if (in) ygt_year_inputs_init_version(in, 1);
}

int ygt__year_column(yr_column *out, const ygt_county *c, int column) {
  size_t n;
  int width = ygt_county_column_width(column);
  if (width < 0) return width;
  out->width = width;
  return ygt_county_column(&out->data, &n, c, column);
}

int ygt__year_columns(yr_column *const *dst, const int *cols, size_t n, const ygt_county *c) {
  for (size_t k = 0; k < n; k++) {
    int rc = ygt__year_column(dst[k], c, cols[k]);
    if (rc) return rc;
  }
  return 0;
}

/* A column's data, when its width is the one county.h documents; NULL and
 * *rc set on an error (nothing is read once *rc is set). */
static const void *typed(int *rc, const ygt_county *c, int column, int width) {
  yr_column col = {NULL, 0};
  if (!*rc) *rc = ygt__year_column(&col, c, column);
  if (!*rc && col.width != width)
    *rc = ygt__error(YGT_EINVAL, "ygt_year_run: county column %d is %d bytes wide, not %d", column, col.width, width);
  return *rc ? NULL : col.data;
}

int ygt__year_events(yr_events *ev, const ygt_county *c) {
  int rc = 0;
  ev->n = ygt_county_event_count(c);
  ev->nres = ygt_county_resident_count(c);
  ev->patient = typed(&rc, c, YGT_COUNTY_EVENT_PATIENT, 4);
  ev->cond = typed(&rc, c, YGT_COUNTY_EVENT_CONDITION, 4);
  ev->inst = typed(&rc, c, YGT_COUNTY_EVENT_INSTITUTION, 4);
  ev->row = typed(&rc, c, YGT_COUNTY_EVENT_CASE_ROW, 4);
  ev->setting = typed(&rc, c, YGT_COUNTY_EVENT_SETTING, 1);
  ev->referral = typed(&rc, c, YGT_COUNTY_EVENT_REFERRAL, 1);
  ev->cost = typed(&rc, c, YGT_COUNTY_EVENT_COST, 8);
  ev->fund = typed(&rc, c, YGT_COUNTY_EVENT_FUND, 8);
  ev->grid = typed(&rc, c, YGT_COUNTY_RESIDENT_GRID, 4);
  ev->insurance = typed(&rc, c, YGT_COUNTY_RESIDENT_INSURANCE, 1);
  ev->signed_ = typed(&rc, c, YGT_COUNTY_RESIDENT_SIGNED, 1);
  return rc;
}

static int check_inputs(const ygt_year_inputs *in) {
  if (!in) return ygt__error(YGT_EINVAL, "ygt_year_run: inputs are NULL");
  if (in->version < 1 || in->version > YGT_YEAR_INPUTS_VERSION)
    return ygt__error(YGT_EINVAL, "ygt_year_run: inputs version %d, this library knows 1..%d", in->version,
                      YGT_YEAR_INPUTS_VERSION);
  if (!in->model || !in->county) return ygt__error(YGT_EINVAL, "ygt_year_run: the model and the county are required");
  if (in->scorecard && !in->indicators)
    return ygt__error(YGT_EINVAL, "ygt_year_run: a scorecard needs the indicator registry it was loaded with");
  if (in->version >= 2 && in->targets && ygt_targets_indicators(in->targets) != in->indicators)
    return ygt__error(YGT_EINVAL, "ygt_year_run: targets need the indicator registry they were loaded with");
  if (in->version >= 2 && !(in->population_scale >= 0 && in->population_scale <= 100))
    return ygt__error(YGT_EINVAL, "ygt_year_run: population_scale %g is outside 0..100", in->population_scale);
  if (ygt__county_totals(in->county))
    return ygt__error(YGT_EINVAL, "ygt_year_run: the county holds totals only (ygt_county_generate_totals()); "
                      "the year needs its events (ygt_county_generate())");
  if (ygt_county_model(in->county) != in->model ||
      (in->previous && ygt_county_model(in->previous) != in->model))
    return ygt__error(YGT_EINVAL, "ygt_year_run: the county was generated on another model");
  if (in->previous && ygt_county_year(in->previous) != ygt_county_year(in->county) - 1)
    return ygt__error(YGT_EINVAL, "ygt_year_run: the previous county is for %d, not the year before %d",
                      (int)ygt_county_year(in->previous), (int)ygt_county_year(in->county));
  return 0;
}

static int run_steps(ygt_year *y) {
  int rc = ygt__year_lookups(y);
  if (!rc) rc = ygt__year_visits(&y->visits, y);
  if (!rc) rc = ygt__year_tally(y);
  if (!rc) rc = ygt__year_pay(y);
  if (!rc) rc = ygt__year_aggregate(y);
  if (!rc) rc = ygt__year_assess(y);
  ygt__year_forget_passes(y);
  return rc;
}

void ygt__year_forget_passes(ygt_year *y) {
  ygt__free(y->visits.at);
  ygt__free(y->visits.stay);
  ygt__year_patients_free(&y->visits.patients);
  memset(&y->visits, 0, sizeof y->visits);
  ygt__year_visit_rows_free(y->visit_rows);
  y->visit_rows = NULL;
}

int ygt_year_run(ygt_year **out, const ygt_year_inputs *in) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_year_run: out is NULL");
  *out = NULL;
  int rc = check_inputs(in);
  if (rc) return rc;
  ygt_year *y = ygt__calloc(1, sizeof *y);
  if (!y) return YGT_ENOMEM;
  y->in = (ygt_year_inputs)YGT_YEAR_INPUTS_INIT;
  memcpy(&y->in, in, inputs_size(in->version));
  y->year = ygt_county_year(in->county);
  y->ninst = ygt_model_institution_count(in->model);
  y->ncomm = ygt_model_community_count(in->model);
  rc = run_steps(y);
  if (rc) {
    ygt_year_free(y);
    return rc;
  }
  y->in.previous = NULL; /* used only during the run */
  *out = y;
  return 0;
}

void ygt_year_free(ygt_year *y) {
  if (!y) return;
  ygt__free(y->inst);
  ygt__free(y->tier_of);
  ygt__year_forget_passes(y);
  ygt__free(y->township);
  ygt__free(y->stay_fund);
  ygt__free(y->dip_assess);
  ygt__enc_rows_free(&y->batch);
  ygt_scheme_result_free(y->scheme);
  ygt_indicator_values_free(y->values);
  if (y->scores)
    for (size_t i = 0; i <= y->ncomm; i++) ygt_score_free(y->scores[i]);
  ygt__free(y->scores);
  ygt_indicators_free(y->own_indicators);
  ygt_budget_report_free(y->budget);
  ygt__free(y);
}

int32_t ygt_year_year(const ygt_year *y) {
  return y ? y->year : 0;
}

static int bad_field(const char *fn, const void *p, int field) {
  if (!p || field < 0 || field >= YR_NFIELDS) return ygt__error(YGT_EINVAL, "%s: NULL argument or unknown field", fn);
  return 0;
}

int ygt_year_institution(int64_t *out, const ygt_year *y, int32_t institution, int field) {
  int rc = bad_field("ygt_year_institution", out && y ? y : NULL, field);
  if (rc) return rc;
  if (institution < 0 || (size_t)institution >= y->ninst)
    return ygt__error(YGT_ERANGE, "ygt_year_institution: institution %d out of range", (int)institution);
  *out = y->inst[(size_t)institution * YR_NFIELDS + (size_t)field];
  return 0;
}

int ygt_year_tier(int64_t *out, const ygt_year *y, int tier, int field) {
  int rc = bad_field("ygt_year_tier", out && y ? y : NULL, field);
  if (rc) return rc;
  if (tier < 0 || tier >= YR_NTIERS) return ygt__error(YGT_ERANGE, "ygt_year_tier: tier %d out of range", tier);
  *out = y->tier[tier][field];
  return 0;
}

int ygt_year_total(int64_t *out, const ygt_year *y, int field) {
  int rc = bad_field("ygt_year_total", out && y ? y : NULL, field);
  if (rc) return rc;
  *out = y->total[field];
  return 0;
}

const ygt_encounters *ygt_year_encounters(const ygt_year *y) {
  return y ? y->batch.enc : NULL;
}

const ygt_scheme_result *ygt_year_scheme_result(const ygt_year *y) {
  return y ? y->scheme : NULL;
}

const ygt_budget_report *ygt_year_budget_report(const ygt_year *y) {
  return y ? y->budget : NULL;
}

const ygt_indicator_values *ygt_year_indicator_values(const ygt_year *y) {
  return y ? y->values : NULL;
}

const ygt_score *ygt_year_score(const ygt_year *y, int scope, int32_t index) {
  if (!y || !y->scores) return NULL;
  if (scope == YGT_SCOPE_COUNTY) return y->scores[y->ncomm];
  if (scope != YGT_SCOPE_COMMUNITY || index < 0 || (size_t)index >= y->ncomm) return NULL;
  return y->scores[index];
}
