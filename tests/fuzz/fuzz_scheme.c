/* Fuzz target: the payment-scheme parser (doc/formats/scheme.md) over the
 * Ninghai bundle's model and tables.  A scheme that parses pays a tiny
 * synthetic Ninghai year (a few hundred residents, made once) through
 * ygt_year_run(), so that fuzzed methods, rates, coefficients and funds reach
 * the settlement; the year must reconcile and nothing may leak.  Eight
 * hand-made stays, one per group and class the scheme names first, are
 * settled too and every one explained (ygt_scheme_result_explain): a
 * settled stay's text must name its amount. */
#include "fuzz_util.h"
#include "yigongti.h"

#define BUNDLE SOURCE_ROOT "/examples/data/ninghai"

static ygt_model *model;
static ygt_casemix *casemix;
static ygt_referral_rules *rules;
static ygt_county *county;
static ygt_cases *stays;
static long base_blocks;

#define NSTAYS 8

/* Eight stays at the model's first institutions, both insurance types, costs from 0.01 to 400,000 yuan,
 * stays of 0 to 95 days: the tables' rules and rates decide the rest. */
static int make_stays(void) {
  static const int64_t cost[NSTAYS] = {1, 50000, 980000, 3000000, 12000000, 40000000, 700000, 260000};
  int rc = ygt_cases_new(&stays, ygt_casemix_codes(casemix, YGT_CODE_DIAGNOSIS),
                         ygt_casemix_codes(casemix, YGT_CODE_PROCEDURE), 0);
  for (size_t r = 0; !rc && r < NSTAYS; r++) {
    size_t row;
    rc = ygt_cases_append(stays, &row);
    if (!rc) rc = ygt_cases_set_int(stays, row, YGT_CASE_INSTITUTION, (int32_t)(r % 5));
    if (!rc) rc = ygt_cases_set_int(stays, row, YGT_CASE_INSURANCE, (int32_t)(r % 2));
    if (!rc) rc = ygt_cases_set_int(stays, row, YGT_CASE_LOS_DAYS, (int32_t)(r * 13 % 96));
    if (!rc) rc = ygt_cases_set_int(stays, row, YGT_CASE_DISCHARGE_DATE, 20240101 + (int32_t)r * 100);
    if (!rc) rc = ygt_cases_set_int64(stays, row, YGT_CASE_TOTAL_COST, cost[r]);
    if (!rc) rc = ygt_cases_set_int64(stays, row, YGT_CASE_SELF_PAID, cost[r] / 10);
  }
  return rc;
}

/* The stays settled under the scheme, each explained. */
static void explain_stays(const ygt_scheme *s) {
  int32_t group[NSTAYS], cls[NSTAYS];
  for (int r = 0; r < NSTAYS; r++) {
    size_t ng = ygt_scheme_group_count(s, YGT_LINE_INPATIENT), nc = ygt_scheme_group_count(s, YGT_LINE_LONG_STAY);
    group[r] = ng ? (int32_t)((size_t)r % ng) : -1;
    cls[r] = r >= 6 && nc ? (int32_t)((size_t)r % nc) : -1;
  }
  ygt_scheme_input in = YGT_SCHEME_INPUT_INIT;
  in.stays = stays;
  in.stay_group = group;
  in.stay_class = cls;
  ygt_scheme_result *r;
  if (ygt_scheme_settle(&r, s, &in)) return; /* e.g. an overflow of fuzzed rates: an error, not a crash */
  int8_t status[NSTAYS];
  int64_t amount[NSTAYS];
  if (ygt_scheme_result_stays(NULL, NULL, status, NULL, amount, NULL, r, NSTAYS)) __builtin_trap();
  for (size_t k = 0; k < NSTAYS; k++) {
    char text[1024], want[64];
    int n = ygt_scheme_result_explain(text, sizeof text, r, s, &in, k);
    snprintf(want, sizeof want, "amount %lld fen", (long long)amount[k]);
    if (n == YGT_EOVERFLOW) continue;
    if (n < 0 || (status[k] == YGT_SETTLE_OK && (size_t)n < sizeof text && !strstr(text, want))) __builtin_trap();
  }
  ygt_scheme_result_free(r);
}

static int setup(void) {
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = 0.0005;
  int rc = ygt_model_load(&model, BUNDLE);
  if (!rc) rc = ygt_casemix_load(&casemix, NULL, NULL, SOURCE_ROOT "/examples/data/casemix.tsv");
  if (!rc) rc = ygt_referral_rules_load(&rules, model, ygt_casemix_codes(casemix, YGT_CODE_DIAGNOSIS), BUNDLE);
  if (!rc) rc = ygt_county_generate(&county, model, rules, casemix, &o);
  return rc ? rc : make_stays();
}

/* A first year over the county, before the blocks are counted: it keeps its
 * visits' cells on the county for the later runs (year_visits.c), blocks
 * that belong to the county, not to an input. */
static int warm_county(void) {
  ygt_year_inputs in = YGT_YEAR_INPUTS_INIT;
  in.model = model;
  in.county = county;
  ygt_year *y = NULL;
  int rc = ygt_year_run(&y, &in);
  ygt_year_free(y);
  return rc;
}

static void pay_year(const ygt_scheme *s) {
  ygt_year_inputs in = YGT_YEAR_INPUTS_INIT;
  in.model = model;
  in.county = county;
  in.scheme = s;
  ygt_year *y;
  if (ygt_year_run(&y, &in)) return; /* e.g. an overflow of fuzzed rates: an error, not a crash */
  int64_t cost, ffs, paid, revenue, fund;
  if (ygt_year_total(&cost, y, YGT_YEAR_COST) || ygt_year_total(&ffs, y, YGT_YEAR_FUND_FFS) ||
      ygt_year_total(&paid, y, YGT_YEAR_PATIENT_PAID) || ygt_year_total(&revenue, y, YGT_YEAR_REVENUE) ||
      ygt_year_total(&fund, y, YGT_YEAR_FUND) || cost != ffs + paid || revenue != fund + paid)
    __builtin_trap();
  ygt_year_report_text(NULL, 0, y);
  ygt_year_free(y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!model) {
    if (setup() || warm_county()) __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  char *json = fuzz_text(data, size);
  const ygt_codes *dx = ygt_casemix_codes(casemix, YGT_CODE_DIAGNOSIS);
  const ygt_codes *proc = ygt_casemix_codes(casemix, YGT_CODE_PROCEDURE);
  ygt_scheme *s = (ygt_scheme *)1;
  int rc = ygt_scheme_parse(&s, model, dx, proc, json, "scheme.json", BUNDLE);
  if (rc == YGT_OK) {
    ygt_scheme_id(s);
    for (int line = -1; line <= 4; line++) {
      ygt_scheme_method(s, line);
      ygt_scheme_group_count(s, line);
      ygt_scheme_group_find(s, line, "BR23");
    }
    pay_year(s);
    explain_stays(s);
    ygt_scheme_free(s);
  } else if (s) {
    __builtin_trap();
  }
  free(json);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
