/* The county year: every bundle runs; money reconciles across the stages
 * (every fen of cost is paid by exactly one of the fund and the patient, the
 * tiers add up to the county, the budget sees what the encounters say, the
 * scheme's lines add up to the institutions); the same seed gives the same
 * year bit for bit; bad inputs are refused; out-of-memory leaves nothing. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <cmocka.h>

#include "testutil.h"
#include "year_fixture.h"

#define SCALE 0.02

typedef struct run {
  year_bundle b;
  ygt_county *county, *previous;
  ygt_year *year;
} run;

static void run_bundle(run *r, const char *name, double scale, uint64_t seed, int with_scheme) {
  assert_int_equal(year_fixture_load(&r->b, name), YGT_OK);
  ygt_county_options o = year_fixture_options(&r->b, scale, seed), before = year_fixture_before(&r->b, scale, seed);
  assert_int_equal(ygt_county_generate(&r->county, r->b.model, r->b.rules, r->b.casemix, &o), YGT_OK);
  assert_int_equal(ygt_county_generate(&r->previous, r->b.model, r->b.rules, r->b.casemix, &before), YGT_OK);
  ygt_year_inputs in = year_fixture_inputs(&r->b, r->county, r->previous);
  if (!with_scheme) in.scheme = NULL;
  int rc = ygt_year_run(&r->year, &in);
  if (rc) fail_msg("%s: %s", name, ygt_error_last()->message);
}

static void run_free(run *r) {
  ygt_year_free(r->year);
  ygt_county_free(r->previous);
  ygt_county_free(r->county);
  year_fixture_free(&r->b);
}

static int64_t total(const ygt_year *y, int field) {
  int64_t v;
  assert_int_equal(ygt_year_total(&v, y, field), YGT_OK);
  return v;
}

static int64_t column_sum(const ygt_county *c, int column) {
  const void *data;
  size_t n;
  assert_int_equal(ygt_county_column(&data, &n, c, column), YGT_OK);
  assert_int_equal(ygt_county_column_width(column), 8);
  int64_t s = 0;
  for (size_t i = 0; i < n; i++) s += ((const int64_t *)data)[i];
  return s;
}

/* cost = fund_ffs + patient_paid and revenue = fund + patient_paid everywhere; institutions add up to
 * their tiers, tiers to the county (distinct patients aside). */
static void check_reconciles(const run *r) {
  const ygt_year *y = r->year;
  int64_t tier_sum[6][11] = {{0}};
  size_t ninst = ygt_model_institution_count(r->b.model);
  for (size_t i = 0; i < ninst; i++) {
    int64_t f[11];
    for (int k = 0; k < 11; k++) assert_int_equal(ygt_year_institution(&f[k], y, (int32_t)i, k), YGT_OK);
    assert_true(f[YGT_YEAR_COST] == f[YGT_YEAR_FUND_FFS] + f[YGT_YEAR_PATIENT_PAID]);
    assert_true(f[YGT_YEAR_REVENUE] == f[YGT_YEAR_FUND] + f[YGT_YEAR_PATIENT_PAID]);
    assert_true(f[YGT_YEAR_PATIENTS] <= f[YGT_YEAR_VISITS] + f[YGT_YEAR_STAYS]);
    for (int k = 0; k < 11; k++) tier_sum[ygt_model_institution_tier(r->b.model, (int32_t)i)][k] += f[k];
  }
  int64_t county_sum[11] = {0}, max_tier_patients = 0;
  for (int t = 0; t < 6; t++)
    for (int k = 0; k < 11; k++) {
      int64_t v;
      assert_int_equal(ygt_year_tier(&v, y, t, k), YGT_OK);
      if (k == YGT_YEAR_PATIENTS) {
        assert_true(v <= tier_sum[t][k]);
        if (v > max_tier_patients) max_tier_patients = v;
      } else {
        assert_true(v == tier_sum[t][k]);
      }
      county_sum[k] += v;
    }
  for (int k = 0; k < 11; k++)
    if (k != YGT_YEAR_PATIENTS) assert_true(total(y, k) == county_sum[k]);
  assert_true(total(y, YGT_YEAR_PATIENTS) >= max_tier_patients);
  assert_true(total(y, YGT_YEAR_PATIENTS) <= (int64_t)ygt_county_resident_count(r->county));
  assert_true(total(y, YGT_YEAR_VISITS) + total(y, YGT_YEAR_STAYS) == (int64_t)ygt_county_event_count(r->county));
  assert_true(total(y, YGT_YEAR_COST) == column_sum(r->county, YGT_COUNTY_EVENT_COST));
  assert_true(total(y, YGT_YEAR_FUND_FFS) == column_sum(r->county, YGT_COUNTY_EVENT_FUND));
}

static const void *county_col(const ygt_county *c, int column) {
  const void *data;
  size_t n;
  assert_int_equal(ygt_county_column(&data, &n, c, column), YGT_OK);
  return data;
}

/* The aggregated batch has every event of the year once and the year before's separately. */
static void check_encounters(const run *r) {
  const ygt_encounters *e = ygt_year_encounters(r->year);
  assert_non_null(e);
  int32_t lo, hi;
  assert_int_equal(ygt_encounters_period_range(&lo, &hi, e), YGT_OK);
  assert_int_equal(hi, ygt_year_year(r->year));
  assert_int_equal(lo, ygt_year_year(r->year) - 1);
}

/* Budget actual = the fund of the insured residents' encounters of the year (all grids are resident). */
static void check_budget(const run *r) {
  const ygt_budget_report *rep = ygt_year_budget_report(r->year);
  if (!r->b.budget) {
    assert_null(rep);
    return;
  }
  assert_non_null(rep);
  int64_t actual, fund_unattributed, skipped;
  assert_int_equal(ygt_budget_report_community(&actual, rep, -1, -1, YGT_BUDGET_ACTUAL), YGT_OK);
  assert_int_equal(ygt_budget_report_unattributed(&fund_unattributed, &skipped, rep), YGT_OK);
  assert_true(actual > 0);
  /* the budget's actual is what the fund paid for the care it covers, all of it attributed or not: without a
   * scheme the fee-for-service fund; with one what the scheme paid (capitation pools in place of their
   * residents' visits, stays at the method's payment), except the primary-care line's workload money, a
   * fixed budget of its own outside the global budget */
  int64_t paid = total(r->year, YGT_YEAR_FUND), workload = 0;
  const ygt_scheme_result *s = ygt_year_scheme_result(r->year);
  if (s && ygt_scheme_method(r->b.scheme, YGT_LINE_PRIMARY_CARE) != YGT_PAY_NONE)
    assert_int_equal(ygt_scheme_result_get(&workload, s, -1, YGT_LINE_PRIMARY_CARE, YGT_SCHEME_FUND), YGT_OK);
  if (actual + fund_unattributed != paid - workload)
    fail_msg("budget actual %lld + unattributed %lld fen, the fund paid %lld fen for the care it covers",
             (long long)actual, (long long)fund_unattributed, (long long)(paid - workload));
  if (!s) assert_true(paid == total(r->year, YGT_YEAR_FUND_FFS));
}

/* The bundles' point method takes its fund from the stays (fund_from_cases): the in-patient line values the
 * stays at what they cost (the uninsured at cost, the unsettled fee for service), to a fen per stay. */
static void check_budget_neutral(const run *r, const ygt_scheme_result *s) {
  int64_t cost, amount, unsettled, uninsured, stays;
  assert_int_equal(ygt_scheme_result_get(&cost, s, -1, YGT_LINE_INPATIENT, YGT_SCHEME_COST), YGT_OK);
  assert_int_equal(ygt_scheme_result_get(&amount, s, -1, YGT_LINE_INPATIENT, YGT_SCHEME_AMOUNT), YGT_OK);
  assert_int_equal(ygt_scheme_result_get(&unsettled, s, -1, YGT_LINE_INPATIENT, YGT_SCHEME_UNSETTLED_COST), YGT_OK);
  assert_int_equal(ygt_scheme_result_get(&uninsured, s, -1, YGT_LINE_INPATIENT, YGT_SCHEME_UNINSURED_COST), YGT_OK);
  assert_int_equal(ygt_scheme_result_get(&stays, s, -1, YGT_LINE_INPATIENT, YGT_SCHEME_CASES), YGT_OK);
  assert_true(uninsured > 0 && stays > 0);
  int64_t valued = amount + unsettled + uninsured, gap = valued > cost ? valued - cost : cost - valued;
  if (gap > stays) fail_msg("in-patient line valued at %lld fen, cost %lld fen", (long long)valued, (long long)cost);
}

/* The scheme's lines add up to the institutions' fund. */
static void check_scheme(const run *r) {
  const ygt_scheme_result *s = ygt_year_scheme_result(r->year);
  if (!s) {
    assert_true(total(r->year, YGT_YEAR_AMOUNT) == total(r->year, YGT_YEAR_COST));
    assert_true(total(r->year, YGT_YEAR_FUND) == total(r->year, YGT_YEAR_FUND_FFS));
    return;
  }
  int64_t fund = 0;
  for (int line = YGT_LINE_INPATIENT; line <= YGT_LINE_PRIMARY_CARE; line++) {
    int64_t v, unsettled = 0;
    int none = ygt_scheme_method(r->b.scheme, line) == YGT_PAY_NONE;
    assert_int_equal(ygt_scheme_result_get(&v, s, -1, line, none ? YGT_SCHEME_FFS_FUND : YGT_SCHEME_FUND), YGT_OK);
    /* what the method did not settle is paid fee for service */
    if (!none) assert_int_equal(ygt_scheme_result_get(&unsettled, s, -1, line, YGT_SCHEME_UNSETTLED_FUND), YGT_OK);
    fund += v + unsettled;
  }
  assert_true(fund == total(r->year, YGT_YEAR_FUND));
  if (ygt_scheme_method(r->b.scheme, YGT_LINE_INPATIENT) == YGT_PAY_POINTS) check_budget_neutral(r, s);
}

static void check_text(const run *r) {
  int64_t len = ygt_year_report_text(NULL, 0, r->year);
  assert_true(len > 200);
  char *text = malloc((size_t)len + 1), small[16];
  assert_int_equal(ygt_year_report_text(text, (size_t)len + 1, r->year), len);
  assert_int_equal((int64_t)strlen(text), len);
  assert_non_null(strstr(text, "县域就诊率"));
  assert_non_null(strstr(text, "基层就诊率"));
  if (r->b.budget) assert_non_null(strstr(text, "Global budget"));
  if (r->b.scorecard) assert_non_null(strstr(text, "Scores"));
  assert_int_equal(ygt_year_report_text(small, sizeof small, r->year), len);
  assert_int_equal(strlen(small), sizeof small - 1);
  assert_memory_equal(small, text, sizeof small - 1);
  free(text);
}

/* Every settled in-patient stay is paid once: fund + the patient's share (what the reimbursement table
 * charged: cost − fee-for-service fund) = the method's amount.  Only the DRG line floors the fund at 0 (a
 * patient who paid more than the standard gets no refund from the fund). */
static void check_stays_paid_once(const run *r) {
  const ygt_scheme_result *s = ygt_year_scheme_result(r->year);
  if (!s) return;
  size_t n = ygt_scheme_result_stay_count(s), ne = ygt_county_event_count(r->county);
  int8_t *line = malloc(n ? n : 1), *status = malloc(n ? n : 1);
  int64_t *amount = malloc((n ? n : 1) * sizeof *amount), *fund = malloc((n ? n : 1) * sizeof *fund);
  assert_int_equal(ygt_scheme_result_stays(line, NULL, status, NULL, amount, fund, s, n), YGT_OK);
  const int32_t *row = county_col(r->county, YGT_COUNTY_EVENT_CASE_ROW);
  const int64_t *cost = county_col(r->county, YGT_COUNTY_EVENT_COST), *ffs = county_col(r->county, YGT_COUNTY_EVENT_FUND);
  int drg = ygt_scheme_method(r->b.scheme, YGT_LINE_INPATIENT) == YGT_PAY_DRG;
  for (size_t e = 0; e < ne; e++) {
    int32_t k = row[e];
    if (k < 0 || line[k] != YGT_LINE_INPATIENT || status[k] != YGT_SETTLE_OK) continue;
    int64_t share = cost[e] - ffs[e], want = drg && share > amount[k] ? 0 : amount[k] - share;
    if (fund[k] != want)
      fail_msg("stay %d: amount %lld fen, the patient paid %lld, the fund %lld (want %lld)", (int)k,
               (long long)amount[k], (long long)share, (long long)fund[k], (long long)want);
  }
  free(line);
  free(status);
  free(amount);
  free(fund);
}

/* No tier is in debt: an overdrawn capitation pool is its holder's, but a tier's fund and revenue stay at
 * or above zero (Chun'an's township tier was −116.9 million yuan when every grid resident was charged to
 * the pools). */
static void check_tiers_solvent(const run *r) {
  for (int t = 0; t < 6; t++) {
    int64_t fund, revenue;
    assert_int_equal(ygt_year_tier(&fund, r->year, t, YGT_YEAR_FUND), YGT_OK);
    assert_int_equal(ygt_year_tier(&revenue, r->year, t, YGT_YEAR_REVENUE), YGT_OK);
    if (fund < 0 || revenue < 0) fail_msg("tier %d: fund %lld fen, revenue %lld fen", t, (long long)fund, (long long)revenue);
  }
}

/* Whole yuan with thousands separators, as the report prints them. */
static void yuan_text(char *out, int64_t fen) {
  char digits[32];
  int n = snprintf(digits, sizeof digits, "%lld", (long long)((fen < 0 ? -fen : fen) / 100));
  if (fen < 0) *out++ = '-';
  for (int i = 0; i < n; i++) {
    if (i && (n - i) % 3 == 0) *out++ = ',';
    *out++ = digits[i];
  }
  *out = '\0';
}

/* One sharing line ("surplus kept by tier: ...") names every tier with a share, and the shares add up to the
 * community's total: a city-tier lead's share is not left out. */
static void check_sharing_line(const char *text, const ygt_budget_report *rep, int32_t c, int total_field,
                               int tier_field, const char *label) {
  int64_t whole = 0, sum = 0;
  assert_int_equal(ygt_budget_report_community(&whole, rep, c, -1, total_field), YGT_OK);
  if (!whole) return;
  char line[512], amount[40];
  int at = snprintf(line, sizeof line, "    %s by tier:", label);
  for (int t = 0; t <= YGT_TIER_OUT_OF_AREA; t++) {
    int64_t v = 0;
    assert_int_equal(ygt_budget_report_tier(&v, rep, c, t, tier_field), YGT_OK);
    sum += v;
    yuan_text(amount, v);
    if (v) at += snprintf(line + at, sizeof line - (size_t)at, " %s %s", ygt_tier_name(t), amount);
  }
  snprintf(line + at, sizeof line - (size_t)at, "\n");
  assert_true(sum == whole);
  if (!strstr(text, line)) fail_msg("no line '%s'", line);
}

static void check_sharing(const run *r) {
  const ygt_budget_report *rep = ygt_year_budget_report(r->year);
  if (!rep) return;
  int64_t len = ygt_year_report_text(NULL, 0, r->year);
  char *text = malloc((size_t)len + 1);
  assert_non_null(text);
  ygt_year_report_text(text, (size_t)len + 1, r->year);
  for (int32_t c = 0; c < (int32_t)ygt_model_community_count(r->b.model); c++) {
    check_sharing_line(text, rep, c, YGT_BUDGET_SURPLUS_KEPT, YGT_BUDGET_INST_SURPLUS, "surplus kept");
    check_sharing_line(text, rep, c, YGT_BUDGET_OVER_COMMUNITY, YGT_BUDGET_INST_OVERSPEND, "overspend borne");
  }
  free(text);
}

static void check_bundle(const char *name, int with_scheme) {
  run r = {0};
  run_bundle(&r, name, SCALE, 11, with_scheme);
  check_reconciles(&r);
  check_encounters(&r);
  check_budget(&r);
  check_scheme(&r);
  check_stays_paid_once(&r);
  check_tiers_solvent(&r);
  check_text(&r);
  check_sharing(&r);
  if (r.b.scorecard) {
    assert_non_null(ygt_year_score(r.year, YGT_SCOPE_COUNTY, 0));
    assert_non_null(ygt_year_score(r.year, YGT_SCOPE_COMMUNITY, 0));
    assert_null(ygt_year_score(r.year, YGT_SCOPE_COMMUNITY, 9999));
  }
  run_free(&r);
}

static void test_bundles(void **state) {
  (void)state;
  const char *names[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
  for (size_t i = 0; i < 4; i++) {
    check_bundle(names[i], 1);
    check_bundle(names[i], 0);
  }
}

/* ---- capitation: a pool is charged only for the residents it covers ---------------------------------- */

/* What each pool should be charged, from the county's own columns: the fee-for-service fund of the
 * out-patient visits elsewhere of the insured residents it covers (signed with its teams on the
 * "signed" basis; every insured resident of its grids on the "insured" one). */
static void expected_charges(int64_t *want, const run *r, int signed_basis) {
  const ygt_county *c = r->county;
  const int32_t *patient = county_col(c, YGT_COUNTY_EVENT_PATIENT), *inst = county_col(c, YGT_COUNTY_EVENT_INSTITUTION);
  const int32_t *grid = county_col(c, YGT_COUNTY_RESIDENT_GRID);
  const int8_t *setting = county_col(c, YGT_COUNTY_EVENT_SETTING), *ins = county_col(c, YGT_COUNTY_RESIDENT_INSURANCE);
  const int8_t *sig = county_col(c, YGT_COUNTY_RESIDENT_SIGNED);
  const int64_t *fund = county_col(c, YGT_COUNTY_EVENT_FUND);
  for (size_t e = 0; e < ygt_county_event_count(c); e++) {
    int32_t p = patient[e], home = ygt_model_grid_township(r->b.model, grid[p]);
    if (setting[e] != YGT_SETTING_OUTPATIENT || ins[p] < 0 || home < 0 || home == inst[e]) continue;
    if (signed_basis && !sig[p]) continue;
    want[home] += fund[e];
  }
}

static void run_capitation(run *r, const char *name, const char *basis) {
  char json[512];
  assert_int_equal(year_fixture_load(&r->b, name), YGT_OK);
  snprintf(json, sizeof json,
           "{\"format\": \"yigongti-scheme/1\", \"id\": \"cap\", \"lines\": {\"outpatient\": "
           "{\"method\": \"capitation\", \"basis\": \"%s\", \"rate\": \"8.00\", \"months\": 12}}}", basis);
  ygt_scheme_free(r->b.scheme);
  r->b.scheme = NULL;
  if (ygt_scheme_parse(&r->b.scheme, r->b.model, ygt_casemix_codes(r->b.casemix, YGT_CODE_DIAGNOSIS),
                       ygt_casemix_codes(r->b.casemix, YGT_CODE_PROCEDURE), json, "cap", NULL))
    fail_msg("%s", ygt_error_last()->message);
  ygt_county_options o = year_fixture_options(&r->b, SCALE, 5);
  assert_int_equal(ygt_county_generate(&r->county, r->b.model, r->b.rules, r->b.casemix, &o), YGT_OK);
  ygt_year_inputs in = year_fixture_inputs(&r->b, r->county, NULL);
  if (ygt_year_run(&r->year, &in)) fail_msg("%s: %s", name, ygt_error_last()->message);
}

static void check_charges(const char *name, const char *basis) {
  run r = {0};
  run_capitation(&r, name, basis);
  size_t ninst = ygt_model_institution_count(r.b.model);
  int64_t *want = calloc(ninst, sizeof *want), any = 0;
  expected_charges(want, &r, strcmp(basis, "signed") == 0);
  for (size_t i = 0; i < ninst; i++) {
    int64_t got;
    assert_int_equal(ygt_scheme_result_get(&got, ygt_year_scheme_result(r.year), (int32_t)i, YGT_LINE_OUTPATIENT,
                                           YGT_SCHEME_CHARGED), YGT_OK);
    if (got != want[i])
      fail_msg("%s (%s): institution %zu charged %lld fen, its residents' visits elsewhere %lld", name, basis, i,
               (long long)got, (long long)want[i]);
    any |= got;
  }
  assert_true(any > 0);
  free(want);
  check_reconciles(&r);
  run_free(&r);
}

static void test_capitation_covers(void **state) {
  (void)state;
  const char *names[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
  for (size_t i = 0; i < 4; i++) {
    check_charges(names[i], "signed");
    check_charges(names[i], "insured");
  }
}

/* Zhuhai is a city: its pooling area (referral.json out_of_county) holds its own city hospitals and the two
 * provincial hospitals listed inside; only 中山大学附属第一医院 (Guangzhou) and 北京协和医院 are out. */
static void check_zhuhai_inside(const ygt_referral_rules *rules, const ygt_model *m) {
  static const struct { const char *code; int inside; } want[] = {
      {"ZH-H01", 1}, {"ZH-H02", 1}, {"ZH-H03", 1}, {"ZH-H05", 1}, {"ZH-H10", 1}, {"ZH-T01", 1},
      {"ZH-R01", 0}, {"ZH-R02", 0}};
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
    assert_int_equal(ygt_referral_rules_inside(rules, ygt_model_institution_find(m, want[k].code)), want[k].inside);
  assert_int_equal(ygt_referral_rules_inside(rules, -1), YGT_ERANGE);
  assert_int_equal(ygt_referral_rules_inside(rules, (int32_t)ygt_model_institution_count(m)), YGT_ERANGE);
  assert_int_equal(ygt_referral_rules_inside(NULL, 0), YGT_EINVAL);
}

/* One insured resident's visit at 广东省中医院珠海医院 (province tier, listed inside): in the county by the
 * rules, out of it by tier alone. */
static void check_pooled_indicator(const year_bundle *b) {
  int32_t inst = ygt_model_institution_find(b->model, "ZH-H02"), grid = 0, period = 2024;
  int8_t setting = 0, insurance = YGT_INSURANCE_RESIDENT;
  ygt_encounters *e = NULL;
  assert_int_equal(ygt_encounters_new(&e), YGT_OK);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_INSTITUTION, &inst, 1), YGT_OK);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_GRID, &grid, 1), YGT_OK);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_PERIOD, &period, 1), YGT_OK);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_SETTING, &setting, 1), YGT_OK);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_INSURANCE, &insurance, 1), YGT_OK);
  int32_t rate = ygt_indicators_find(b->indicators, "county_visit_rate");
  ygt_indicator_values *by_rules = NULL, *by_tier = NULL;
  assert_int_equal(ygt_indicator_values_compute_pooled(&by_rules, b->indicators, b->model, b->rules, e, NULL,
                                                       period, period), YGT_OK);
  assert_int_equal(ygt_indicator_values_compute(&by_tier, b->indicators, b->model, e, NULL, period, period), YGT_OK);
  double x = 0;
  assert_int_equal(ygt_indicator_values_get(&x, by_rules, rate, YGT_SCOPE_COUNTY, 0), YGT_VALUE_OK);
  assert_true(x == 100);
  assert_int_equal(ygt_indicator_values_get(&x, by_tier, rate, YGT_SCOPE_COUNTY, 0), YGT_VALUE_OK);
  assert_true(x == 0);
  ygt_indicator_values_free(by_rules);
  ygt_indicator_values_free(by_tier);
  ygt_encounters_free(e);
}

/* The year counts "in the county" against the pooling area: Zhuhai's 县域就诊率 meets its 90 % target (it was
 * 68.8 % by tier), and each budgeted community's fund outflow is the budget's outflow share (was 52.3 % in the
 * report against 8.3 % in the budget, which counted the specialty-alliance TCM hospitals as out of the county). */
static void test_pooling_area(void **state) {
  (void)state;
  run r = {0};
  run_bundle(&r, "zhuhai", 0.05, 1, 1);
  check_zhuhai_inside(r.b.rules, r.b.model);
  check_pooled_indicator(&r.b);
  const ygt_indicator_values *v = ygt_year_indicator_values(r.year);
  const ygt_budget_report *rep = ygt_year_budget_report(r.year);
  int32_t visits = ygt_indicators_find(r.b.indicators, "county_visit_rate");
  int32_t outflow = ygt_indicators_find(r.b.indicators, "fund_outflow_rate");
  double x = 0, share = 0;
  assert_int_equal(ygt_indicator_values_get(&x, v, visits, YGT_SCOPE_COUNTY, 0), YGT_VALUE_OK);
  assert_true(x >= 90);
  for (int32_t c = 0; c < (int32_t)ygt_model_community_count(r.b.model); c++) {
    int64_t budget = 0;
    assert_int_equal(ygt_budget_report_community(&budget, rep, c, -1, YGT_BUDGET_AMOUNT), YGT_OK);
    if (!budget) continue;
    assert_int_equal(ygt_indicator_values_get(&x, v, outflow, YGT_SCOPE_COMMUNITY, c), YGT_VALUE_OK);
    assert_int_equal(ygt_budget_report_outflow_share(&share, rep, c), YGT_OK);
    assert_true(fabs(x - 100 * share) < 1e-9);
    assert_true(x < 10);
  }
  run_free(&r);
}

/* A bundle is one year: its budget settles the year its scheme pays (Chun'an's budget said 2018 and its report
 * "the county year 2018" for a 2024 scheme), and the year run is that year. */
/* The year's figures of every institution, tier and the county (visits, stays, distinct patients, referrals,
 * cost, fee-for-service fund, patients' payments) are those a plain count over the county's events gives: the
 * run sums the visits through cells (year_visits.c) and the stays one by one, this test every event alike. */
typedef struct recount {
  size_t ninst, nres;
  int64_t *inst; /* [ninst][11] */
  int64_t tier[6][11], total[11];
  uint8_t *seen; /* [ninst + 6 + 1][nres]: the resident counted at an institution, a tier, the county */
} recount;

static const void *column(const ygt_county *c, int col) {
  const void *data;
  size_t n;
  assert_int_equal(ygt_county_column(&data, &n, c, col), YGT_OK);
  return data;
}

static void recount_event(recount *x, const ygt_county *c, int tier, size_t e) {
  int32_t inst = ((const int32_t *)column(c, YGT_COUNTY_EVENT_INSTITUTION))[e];
  int32_t p = ((const int32_t *)column(c, YGT_COUNTY_EVENT_PATIENT))[e];
  int8_t set = ((const int8_t *)column(c, YGT_COUNTY_EVENT_SETTING))[e];
  int8_t ref = ((const int8_t *)column(c, YGT_COUNTY_EVENT_REFERRAL))[e];
  int64_t cost = ((const int64_t *)column(c, YGT_COUNTY_EVENT_COST))[e];
  int64_t fund = ((const int64_t *)column(c, YGT_COUNTY_EVENT_FUND))[e];
  int64_t *rows[3] = {x->inst + (size_t)inst * 11, x->tier[tier], x->total};
  size_t scope[3] = {(size_t)inst, x->ninst + (size_t)tier, x->ninst + 6};
  for (int k = 0; k < 3; k++) {
    int64_t *f = rows[k];
    f[set == YGT_SETTING_OUTPATIENT ? YGT_YEAR_VISITS : YGT_YEAR_STAYS]++;
    f[YGT_YEAR_REFERRED_UP] += ref == YGT_ENC_REFERRAL_UP;
    f[YGT_YEAR_REFERRED_OUT] += ref == YGT_ENC_REFERRAL_OUT;
    f[YGT_YEAR_COST] += cost;
    f[YGT_YEAR_FUND_FFS] += fund;
    f[YGT_YEAR_PATIENT_PAID] += cost - fund;
    uint8_t *seen = &x->seen[scope[k] * x->nres + (size_t)p];
    f[YGT_YEAR_PATIENTS] += !*seen;
    *seen = 1;
  }
}

static void check_recounted(const run *r) {
  static const int fields[] = {YGT_YEAR_VISITS, YGT_YEAR_STAYS, YGT_YEAR_PATIENTS, YGT_YEAR_REFERRED_UP,
                               YGT_YEAR_REFERRED_OUT, YGT_YEAR_COST, YGT_YEAR_FUND_FFS, YGT_YEAR_PATIENT_PAID};
  recount x = {ygt_model_institution_count(r->b.model), ygt_county_resident_count(r->county), NULL, {{0}}, {0}, NULL};
  x.inst = test_calloc(x.ninst * 11, sizeof *x.inst);
  x.seen = test_calloc((x.ninst + 7) * x.nres, 1);
  for (size_t e = 0; e < ygt_county_event_count(r->county); e++) {
    int32_t inst = ((const int32_t *)column(r->county, YGT_COUNTY_EVENT_INSTITUTION))[e];
    recount_event(&x, r->county, ygt_model_institution_tier(r->b.model, inst), e);
  }
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
    int64_t v;
    for (size_t i = 0; i < x.ninst; i++) {
      assert_int_equal(ygt_year_institution(&v, r->year, (int32_t)i, fields[k]), YGT_OK);
      assert_true(v == x.inst[i * 11 + (size_t)fields[k]]);
    }
    for (int t = 0; t < 6; t++) {
      assert_int_equal(ygt_year_tier(&v, r->year, t, fields[k]), YGT_OK);
      assert_true(v == x.tier[t][fields[k]]);
    }
    assert_true(total(r->year, fields[k]) == x.total[fields[k]]);
  }
  test_free(x.inst);
  test_free(x.seen);
}

static void test_figures_recounted(void **state) {
  (void)state;
  const char *names[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
  for (size_t i = 0; i < 4; i++) {
    run r = {0};
    run_bundle(&r, names[i], SCALE, 17, 1);
    check_recounted(&r);
    run_free(&r);
  }
}

static void test_bundle_year(void **state) {
  (void)state;
  const char *names[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
  for (size_t i = 0; i < 4; i++) {
    year_bundle b;
    assert_int_equal(year_fixture_load(&b, names[i]), YGT_OK);
    const char *from = ygt_scheme_provenance(b.scheme, "period_from");
    if (atoi(from) != ygt_budget_year(b.budget))
      fail_msg("%s: the scheme pays %s, the budget settles %d", names[i], from, (int)ygt_budget_year(b.budget));
    assert_int_equal(year_fixture_year(&b), 2024);
    year_fixture_free(&b);
  }
}

/* Zhuhai's communities are scored on their inputs (inputs.tsv, per community and for the county): every item
 * of the card is scored, no external item counts as 0 (they scored 18.7-20.8, 不合格, without them). */
static void test_scored_on_inputs(void **state) {
  (void)state;
  run r = {0};
  run_bundle(&r, "zhuhai", 0.05, 1, 1);
  assert_non_null(r.b.inputs);
  for (int32_t c = 0; c <= (int32_t)ygt_model_community_count(r.b.model); c++) {
    int scope = c < (int32_t)ygt_model_community_count(r.b.model) ? YGT_SCOPE_COMMUNITY : YGT_SCOPE_COUNTY;
    size_t grids = 0;
    if (scope == YGT_SCOPE_COMMUNITY && (ygt_model_community_grids(NULL, 0, &grids, r.b.model, c) < 0 || !grids))
      continue; /* a specialty alliance has no residents of its own */
    const ygt_score *s = ygt_year_score(r.year, scope, c);
    assert_float_equal(ygt_score_scored_weight(s), 100, 1e-9);
    assert_true(ygt_score_total(s) > 50);
  }
  run_free(&r);
}

/* The scheme text of a bundle with its DIP line's "assessment": "scorecard" replaced by `with`. */
static char *scheme_text(const char *name, const char *with) {
  char p[1200];
  snprintf(p, sizeof p, "%s/examples/data/%s/scheme.json", SOURCE_ROOT, name);
  FILE *f = fopen(p, "rb");
  assert_non_null(f);
  char *text = calloc(1, 1 << 16), *out = calloc(1, (1 << 16) + 64);
  size_t n = fread(text, 1, (1 << 16) - 1, f);
  fclose(f);
  assert_true(n > 0 && n < (1 << 16) - 1);
  const char *key = "\"assessment\": \"scorecard\"", *at = strstr(text, key);
  assert_non_null(at);
  snprintf(out, (1 << 16) + 64, "%.*s%s%s", (int)(at - text), text, with, at + strlen(key));
  free(text);
  return out;
}

/* The coefficient the card gives an institution: its community's score's band, 1 outside the communities with
 * residents. */
static double expected_coefficient(const run *r, int32_t inst) {
  int32_t c = ygt_model_community_of(r->b.model, inst);
  size_t grids = 0;
  double k = 1;
  if (c < 0 || ygt_model_community_grids(NULL, 0, &grids, r->b.model, c) < 0 || !grids) return 1;
  assert_int_equal(ygt_scorecard_dip_coefficient(&k, r->b.scorecard,
                                                 ygt_score_total(ygt_year_score(r->year, YGT_SCOPE_COMMUNITY, c))),
                   YGT_OK);
  return k;
}

/* Zhuhai's scheme asks for the DIP assessment coefficient (考核系数) of the scorecard: every institution's DIP
 * scores are its community's coefficient times what they are without it (the coefficient was computed by the
 * scorecard and never applied).  A bad "assessment" is refused. */
static void test_dip_assessment(void **state) {
  (void)state;
  run r = {0};
  run_bundle(&r, "zhuhai", 0.05, 1, 1);
  assert_int_equal(ygt_scheme_dip_assessment_scored(r.b.scheme), 1);
  const ygt_codes *dx = ygt_casemix_codes(r.b.casemix, YGT_CODE_DIAGNOSIS);
  const ygt_codes *proc = ygt_casemix_codes(r.b.casemix, YGT_CODE_PROCEDURE);
  char dir[1024], *text = scheme_text("zhuhai", "\"assessment\": \"params\"");
  snprintf(dir, sizeof dir, "%s/examples/data/zhuhai", SOURCE_ROOT);
  ygt_scheme *plain = NULL;
  assert_int_equal(ygt_scheme_parse(&plain, r.b.model, dx, proc, text, "plain.json", dir), YGT_OK);
  assert_int_equal(ygt_scheme_dip_assessment_scored(plain), 0);
  ygt_year_inputs in = year_fixture_inputs(&r.b, r.county, r.previous);
  in.scheme = plain;
  ygt_year *y = NULL;
  assert_int_equal(ygt_year_run(&y, &in), YGT_OK);
  int checked = 0, below = 0;
  for (int32_t i = 0; i < (int32_t)ygt_model_institution_count(r.b.model); i++) {
    int64_t with = 0, without = 0;
    assert_int_equal(ygt_scheme_result_get(&with, ygt_year_scheme_result(r.year), i, YGT_LINE_INPATIENT,
                                           YGT_SCHEME_SCORE_UNITS), YGT_OK);
    assert_int_equal(ygt_scheme_result_get(&without, ygt_year_scheme_result(y), i, YGT_LINE_INPATIENT,
                                           YGT_SCHEME_SCORE_UNITS), YGT_OK);
    if (without < 100000000) continue;
    double k = expected_coefficient(&r, i);
    assert_true(fabs((double)with / (double)without - k) < 1e-3);
    checked++;
    below += k < 1;
  }
  assert_true(checked >= 5 && below >= 1);
  ygt_year_free(y);
  ygt_scheme_free(plain);
  free(text);
  text = scheme_text("zhuhai", "\"assessment\": \"scores\"");
  assert_int_equal(ygt_scheme_parse(&plain, r.b.model, dx, proc, text, "bad.json", dir), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "assessment"));
  free(text);
  run_free(&r);
}

/* The same seed gives the same year, figure for figure and in the report's every byte. */
static void test_deterministic(void **state) {
  (void)state;
  run a = {0}, b = {0};
  run_bundle(&a, "ninghai", SCALE, 5, 1);
  run_bundle(&b, "ninghai", SCALE, 5, 1);
  for (int k = 0; k < 11; k++) assert_true(total(a.year, k) == total(b.year, k));
  int64_t len = ygt_year_report_text(NULL, 0, a.year);
  char *ta = malloc((size_t)len + 1), *tb = malloc((size_t)len + 1);
  ygt_year_report_text(ta, (size_t)len + 1, a.year);
  assert_int_equal(ygt_year_report_text(tb, (size_t)len + 1, b.year), len);
  assert_string_equal(ta, tb);
  free(ta);
  free(tb);
  run_free(&a);
  run_free(&b);
}

/* Two threads generate and run a year each from the same shared objects; each equals a run on one thread. */
typedef struct job {
  const year_bundle *b;
  uint64_t seed;
  int64_t totals[11];
  int rc;
} job;

static void *run_job(void *arg) {
  job *j = arg;
  ygt_county_options o = year_fixture_options(j->b, 0.01, j->seed);
  ygt_county *c = NULL;
  ygt_year *y = NULL;
  ygt_year_inputs in;
  j->rc = ygt_county_generate(&c, j->b->model, j->b->rules, j->b->casemix, &o);
  if (!j->rc) {
    in = year_fixture_inputs(j->b, c, NULL);
    j->rc = ygt_year_run(&y, &in);
  }
  for (int k = 0; !j->rc && k < 11; k++) j->rc = ygt_year_total(&j->totals[k], y, k);
  ygt_year_free(y);
  ygt_county_free(c);
  return NULL;
}

static void test_threads(void **state) {
  (void)state;
  year_bundle b;
  assert_int_equal(year_fixture_load(&b, "ninghai"), YGT_OK);
  job par[2] = {{&b, 21, {0}, 0}, {&b, 22, {0}, 0}}, seq[2] = {{&b, 21, {0}, 0}, {&b, 22, {0}, 0}};
  pthread_t t[2];
  for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&t[i], NULL, run_job, &par[i]), 0);
  for (int i = 0; i < 2; i++) assert_int_equal(pthread_join(t[i], NULL), 0);
  for (int i = 0; i < 2; i++) {
    run_job(&seq[i]);
    assert_int_equal(par[i].rc, YGT_OK);
    assert_memory_equal(par[i].totals, seq[i].totals, sizeof par[i].totals);
  }
  assert_true(par[0].totals[YGT_YEAR_COST] != par[1].totals[YGT_YEAR_COST]); /* different seeds, different years */
  year_fixture_free(&b);
}

static void test_bad_inputs(void **state) {
  (void)state;
  run r = {0};
  run_bundle(&r, "ninghai", 0.005, 3, 1);
  ygt_year *y = (ygt_year *)1;
  assert_int_equal(ygt_year_run(&y, NULL), YGT_EINVAL);
  assert_null(y);
  ygt_year_inputs in = year_fixture_inputs(&r.b, r.county, r.previous);
  in.version = 99;
  assert_int_equal(ygt_year_run(&y, &in), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "version"));
  in = year_fixture_inputs(&r.b, NULL, NULL);
  assert_int_equal(ygt_year_run(&y, &in), YGT_EINVAL);
  in = year_fixture_inputs(&r.b, r.county, NULL);
  in.indicators = NULL;
  assert_int_equal(ygt_year_run(&y, &in), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "registry"));
  in = year_fixture_inputs(&r.b, r.previous, r.county); /* the "previous" year is the later one */
  in.budget = NULL;
  assert_int_equal(ygt_year_run(&y, &in), YGT_EINVAL);
  in = year_fixture_inputs(&r.b, r.previous, NULL);     /* the budget is for the later year */
  assert_int_equal(ygt_year_run(&y, &in), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "budget"));
  ygt_model *other;
  assert_int_equal(ygt_model_load(&other, SOURCE_ROOT "/examples/data/ninghai/model.json"), YGT_OK);
  in = year_fixture_inputs(&r.b, r.county, NULL);
  in.model = other;
  assert_int_equal(ygt_year_run(&y, &in), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "another model"));
  ygt_model_free(other);
  int64_t v;
  assert_int_equal(ygt_year_total(&v, r.year, 99), YGT_EINVAL);
  assert_int_equal(ygt_year_tier(&v, r.year, 6, YGT_YEAR_COST), YGT_ERANGE);
  assert_int_equal(ygt_year_institution(&v, r.year, -1, YGT_YEAR_COST), YGT_ERANGE);
  assert_string_equal(ygt_year_field_name(YGT_YEAR_FUND_FFS), "fund_ffs");
  assert_null(ygt_year_field_name(11));
  ygt_year_free(NULL);
  run_free(&r);
}

/* Fail the 1st, 2nd, ... allocation of a run: YGT_ENOMEM, nothing left behind. */
static void test_out_of_memory(void **state) {
  (void)state;
  testutil_failing f;
  assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
  run r = {0};
  run_bundle(&r, "ninghai", 0.002, 9, 1);
  ygt_year_free(r.year);
  ygt_year_inputs in = year_fixture_inputs(&r.b, r.county, r.previous);
  size_t before = ygt_allocated_blocks();
  long failures = 0;
  for (long n = 1; n < 100000; n++) {
    ygt_year *y = (ygt_year *)1;
    f.fail_at = f.calls + n;
    int rc = ygt_year_run(&y, &in);
    f.fail_at = 0;
    if (rc == YGT_OK) {
      ygt_year_free(y);
      break;
    }
    assert_int_equal(rc, YGT_ENOMEM);
    assert_null(y);
    assert_int_equal(ygt_allocated_blocks(), before);
    failures++;
  }
  assert_true(failures > 10);
  r.year = NULL;
  run_free(&r);
  assert_int_equal(ygt_allocated_blocks(), 0);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bundles),
    cmocka_unit_test(test_capitation_covers),
    cmocka_unit_test(test_pooling_area),
    cmocka_unit_test(test_bundle_year),
    cmocka_unit_test(test_figures_recounted),
    cmocka_unit_test(test_scored_on_inputs),
    cmocka_unit_test(test_dip_assessment),
    cmocka_unit_test(test_deterministic),
    cmocka_unit_test(test_threads),
    cmocka_unit_test(test_bad_inputs),
    cmocka_unit_test(test_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
