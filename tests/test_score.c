/* Indicator registry, encounter batch and indicator computation: every
 * shipped indicator against hand-computed values, the edge cases, malformed
 * registries, encounter and input tables, the seed bundles' figures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "score_fixture.h"
#include "testutil.h"

#define EPS 1e-9

typedef struct world {
  ygt_model *m;
  ygt_indicators *r;
  ygt_encounters *e;
  ygt_score_inputs *in;
  ygt_indicator_values *v;
  fixture_cols cols;
} world;

static world W;

static int setup(void **state) {
  (void)state;
  W.m = fixture_model();
  assert_int_equal(ygt_indicators_defaults(&W.r), 0);
  W.e = fixture_encounters(&W.cols);
  assert_int_equal(ygt_score_inputs_new(&W.in), 0);
  assert_int_equal(ygt_score_inputs_set(W.in, "chronic_managed", YGT_SCOPE_COUNTY, 0, 2023, 450), 0);
  assert_int_equal(ygt_score_inputs_set(W.in, "chronic_registered", YGT_SCOPE_COUNTY, 0, 2023, 600), 0);
  assert_int_equal(ygt_score_inputs_set(W.in, "resident_satisfaction", YGT_SCOPE_COMMUNITY, 1, 2023, 91.5), 0);
  assert_int_equal(ygt_indicator_values_compute(&W.v, W.r, W.m, W.e, W.in, 2023, 2022), 0);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_indicator_values_free(W.v);
  ygt_score_inputs_free(W.in);
  ygt_encounters_free(W.e);
  ygt_indicators_free(W.r);
  ygt_model_free(W.m);
  assert_int_equal(ygt_allocated_blocks(), 0);
  return 0;
}

static double value_of(const char *id, int scope, int32_t index, int want_status) {
  int32_t i = ygt_indicators_find(W.r, id);
  assert_true(i >= 0);
  double v;
  assert_int_equal(ygt_indicator_values_get(&v, W.v, i, scope, index), want_status);
  if (want_status != YGT_VALUE_OK) assert_true(isnan(v));
  return v;
}

#define COUNTY(id, expect) assert_float_equal(value_of(id, YGT_SCOPE_COUNTY, 0, YGT_VALUE_OK), (expect), EPS)

/* ---- the shipped indicators at county scope (residents, hand-computed) ---- */

static void test_county_shares(void **state) {
  (void)state;
  /* insured resident encounters 164, of them 152 in the county */
  COUNTY("county_visit_rate", 152.0 / 164 * 100);
  /* resident out-patient visits 150, at primary institutions 60 + 20 + 30 */
  COUNTY("primary_visit_rate", 110.0 / 150 * 100);
  /* stays 8 + 2 + 4, in the county 12 */
  COUNTY("county_admission_rate", 12.0 / 14 * 100);
  /* fund 993000 fen, in the county 363000, outside 630000, at primary 39000 */
  COUNTY("fund_in_county_rate", 363000.0 / 993000 * 100);
  COUNTY("fund_outflow_rate", 630000.0 / 993000 * 100);
  COUNTY("fund_primary_rate", 39000.0 / 993000 * 100);
  COUNTY("out_referral_rate", 12.0 / 164 * 100);
}

static void test_county_referrals(void **state) {
  (void)state;
  COUNTY("up_referrals", 8);
  COUNTY("down_referrals", 4);
  COUNTY("up_referral_growth", (8.0 / 6 - 1) * 100);
  COUNTY("down_referral_growth", 100);
  COUNTY("down_up_ratio", 0.5);
}

static void test_county_model_and_inputs(void **state) {
  (void)state;
  COUNTY("contract_rate", 400.0 / 1500 * 100);
  COUNTY("chronic_management_rate", 75);
  value_of("resident_satisfaction", YGT_SCOPE_COUNTY, 0, YGT_VALUE_MISSING_INPUT);
  assert_float_equal(value_of("resident_satisfaction", YGT_SCOPE_COMMUNITY, 1, YGT_VALUE_OK), 91.5, EPS);
  value_of("staff_satisfaction", YGT_SCOPE_COUNTY, 0, YGT_VALUE_MISSING_INPUT);
  value_of("remote_diagnoses", YGT_SCOPE_COUNTY, 0, YGT_VALUE_MISSING_INPUT);
  value_of("doctors_sent_down", YGT_SCOPE_COUNTY, 0, YGT_VALUE_MISSING_INPUT);
  value_of("duty_level", YGT_SCOPE_COUNTY, 0, YGT_VALUE_MISSING_INPUT);
  value_of("major_incidents", YGT_SCOPE_COUNTY, 0, YGT_VALUE_MISSING_INPUT);
  /* a model figure without meaning at institution scope */
  value_of("contract_rate", YGT_SCOPE_INSTITUTION, 1, YGT_VALUE_NOT_APPLICABLE);
}

static void test_county_growth_and_cost(void **state) {
  (void)state;
  COUNTY("visit_growth", (150.0 / 70 - 1) * 100);
  COUNTY("primary_visit_growth", (110.0 / 50 - 1) * 100);
  COUNTY("discharge_growth", (14.0 / 10 - 1) * 100);
  COUNTY("cost_per_visit", 101000.0 / 150 / 100);
  COUNTY("cost_per_visit_growth", ((101000.0 / 150) / (37000.0 / 70) - 1) * 100);
  COUNTY("cost_per_stay", 1340000.0 / 14 / 100);
  COUNTY("cost_per_stay_growth", ((1340000.0 / 14) / (1180000.0 / 10) - 1) * 100);
  double n, d;
  int32_t i = ygt_indicators_find(W.r, "visit_growth");
  assert_int_equal(ygt_indicator_values_parts(&n, &d, W.v, i, YGT_SCOPE_COUNTY, 0), YGT_VALUE_OK);
  assert_float_equal(n, 150, EPS);
  assert_float_equal(d, 70, EPS);
  i = ygt_indicators_find(W.r, "county_visit_rate");
  assert_int_equal(ygt_indicator_values_parts(&n, &d, W.v, i, YGT_SCOPE_COUNTY, 0), YGT_VALUE_OK);
  assert_float_equal(n, 152, EPS);
  assert_float_equal(d, 164, EPS);
}

/* ---- other scopes ----------------------------------------------------------- */

static void test_community_scope(void **state) {
  (void)state;
  /* K2's residents: 30 visits at T2 and 10 at H1 (another community), all in the county */
  assert_float_equal(value_of("county_visit_rate", YGT_SCOPE_COMMUNITY, 1, YGT_VALUE_OK), 100, EPS);
  assert_float_equal(value_of("primary_visit_rate", YGT_SCOPE_COMMUNITY, 1, YGT_VALUE_OK), 75, EPS);
  assert_float_equal(value_of("contract_rate", YGT_SCOPE_COMMUNITY, 1, YGT_VALUE_OK), 20, EPS);
  /* zero denominators and no previous period */
  value_of("county_admission_rate", YGT_SCOPE_COMMUNITY, 1, YGT_VALUE_ZERO_DENOMINATOR);
  value_of("visit_growth", YGT_SCOPE_COMMUNITY, 1, YGT_VALUE_NO_PREVIOUS);
  value_of("discharge_growth", YGT_SCOPE_COMMUNITY, 1, YGT_VALUE_NO_PREVIOUS);
  /* K1 equals the county without K2's residents */
  assert_float_equal(value_of("county_visit_rate", YGT_SCOPE_COMMUNITY, 0, YGT_VALUE_OK), 112.0 / 124 * 100, EPS);
}

static void test_institution_and_tier_scope(void **state) {
  (void)state;
  /* H1: visits of 20 + 7 + 10 (non-residents included), stays 8 */
  assert_float_equal(value_of("up_referrals", YGT_SCOPE_INSTITUTION, 0, YGT_VALUE_OK), 8, EPS);
  assert_float_equal(value_of("primary_visit_rate", YGT_SCOPE_INSTITUTION, 0, YGT_VALUE_OK), 0, EPS);
  assert_float_equal(value_of("cost_per_visit", YGT_SCOPE_INSTITUTION, 0, YGT_VALUE_OK), 41000.0 / 37 / 100, EPS);
  /* township tier: T1 and T2 */
  assert_float_equal(value_of("cost_per_visit", YGT_SCOPE_TIER, YGT_TIER_TOWNSHIP, YGT_VALUE_OK), 13000.0 / 90 / 100, EPS);
  assert_float_equal(value_of("contract_rate", YGT_SCOPE_TIER, YGT_TIER_TOWNSHIP, YGT_VALUE_NOT_APPLICABLE), 0, 1) ;
  /* city tier: out-referred visits only; the province has nothing */
  assert_float_equal(value_of("out_referral_rate", YGT_SCOPE_TIER, YGT_TIER_CITY, YGT_VALUE_OK), 100, EPS);
  value_of("cost_per_visit", YGT_SCOPE_TIER, YGT_TIER_PROVINCE, YGT_VALUE_ZERO_DENOMINATOR);
  assert_int_equal(ygt_indicator_values_scope_count(W.v, YGT_SCOPE_COUNTY), 1);
  assert_int_equal(ygt_indicator_values_scope_count(W.v, YGT_SCOPE_COMMUNITY), 2);
  assert_int_equal(ygt_indicator_values_scope_count(W.v, YGT_SCOPE_TIER), 6);
  assert_int_equal(ygt_indicator_values_scope_count(W.v, YGT_SCOPE_INSTITUTION), 6);
  assert_int_equal(ygt_indicator_values_get(NULL, W.v, 0, YGT_SCOPE_INSTITUTION, 6), YGT_EINVAL);
  assert_int_equal(ygt_indicator_values_get(NULL, W.v, 99, YGT_SCOPE_COUNTY, 0), YGT_EINVAL);
  assert_int_equal(ygt_indicator_values_scope_count(W.v, 4), YGT_EINVAL);
}

/* ---- order independence, skipped rows, same period, overflow ------------------ */

static void test_order_and_split_independent(void **state) {
  (void)state;
  fixture_cols rev;
  ygt_encounters *e = fixture_encounters(&rev);
  /* reverse every column in place */
  for (int i = 0, j = FIXTURE_ROWS - 1; i < j; i++, j--) {
#define SWAP(f) do { __typeof__(rev.f[0]) t = rev.f[i]; rev.f[i] = rev.f[j]; rev.f[j] = t; } while (0)
    SWAP(inst); SWAP(grid); SWAP(period); SWAP(setting); SWAP(ins); SWAP(ref); SWAP(cost); SWAP(fund); SWAP(count);
  }
  ygt_indicator_values *v = NULL;
  assert_int_equal(ygt_indicator_values_compute(&v, W.r, W.m, e, W.in, 2023, 2022), 0);
  for (int32_t i = 0; i < (int32_t)ygt_indicators_count(W.r); i++) {
    double a, b;
    assert_int_equal(ygt_indicator_values_get(&a, v, i, YGT_SCOPE_COUNTY, 0),
                     ygt_indicator_values_get(&b, W.v, i, YGT_SCOPE_COUNTY, 0));
    assert_true((isnan(a) && isnan(b)) || a == b);
  }
  ygt_indicator_values_free(v);
  ygt_encounters_free(e);
}

static void test_bad_rows_skipped(void **state) {
  (void)state;
  int32_t inst[4] = {0, 99, 0, 0}, grid[4] = {0, 0, 7, 0}, period[4] = {2023, 2023, 2023, 2023};
  int8_t setting[4] = {0, 0, 0, 5};
  ygt_encounters *e = NULL;
  ygt_indicator_values *v = NULL;
  assert_int_equal(ygt_encounters_new(&e), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_INSTITUTION, inst, 4), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_GRID, grid, 4), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_PERIOD, period, 4), 0);
  assert_int_equal(ygt_indicator_values_compute(&v, W.r, W.m, e, NULL, 2023, 2022), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "'setting'"));
  assert_null(v);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_SETTING, setting, 3), YGT_EINVAL); /* wrong length */
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_SETTING, setting, 4), 0);
  assert_int_equal(ygt_encounters_attach(e, 9, setting, 4), YGT_EINVAL);
  assert_int_equal(ygt_encounters_count(e), 4);
  assert_int_equal(ygt_indicator_values_compute(&v, W.r, W.m, e, NULL, 2023, 2022), 0);
  assert_int_equal(ygt_indicator_values_skipped(v), 3);
  /* the one good row: one visit at H1 by a G1 resident of unknown insurance */
  double x;
  assert_int_equal(ygt_indicator_values_get(&x, v, ygt_indicators_find(W.r, "primary_visit_rate"), 0, 0), 0);
  assert_float_equal(x, 0, EPS);
  assert_int_equal(ygt_indicator_values_get(&x, v, ygt_indicators_find(W.r, "county_visit_rate"), 0, 0),
                   YGT_VALUE_ZERO_DENOMINATOR); /* not insured */
  ygt_indicator_values_free(v);
  ygt_encounters_free(e);
}

static void test_same_period_and_overflow(void **state) {
  (void)state;
  ygt_indicator_values *v = NULL;
  assert_int_equal(ygt_indicator_values_compute(&v, W.r, W.m, W.e, NULL, 2023, 2023), 0);
  double x;
  assert_int_equal(ygt_indicator_values_get(&x, v, ygt_indicators_find(W.r, "visit_growth"), 0, 0), 0);
  assert_float_equal(x, 0, EPS);
  ygt_indicator_values_free(v);
  int32_t inst[2] = {0, 0}, grid[2] = {0, 0}, period[2] = {2023, 2023};
  int8_t setting[2] = {0, 0};
  int64_t cost[2] = {INT64_MAX - 5, 10};
  ygt_encounters *e = NULL;
  assert_int_equal(ygt_encounters_new(&e), 0);
  const void *cols[] = {inst, grid, period, setting};
  for (int c = 0; c < 4; c++) assert_int_equal(ygt_encounters_attach(e, c, cols[c], 2), 0);
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_COST, cost, 2), 0);
  assert_int_equal(ygt_indicator_values_compute(&v, W.r, W.m, e, NULL, 2023, 2022), YGT_EOVERFLOW);
  assert_null(v);
  ygt_encounters_free(e);
}

/* ---- the registry ------------------------------------------------------------ */

static void test_registry_accessors(void **state) {
  (void)state;
  assert_int_equal(ygt_indicators_count(W.r), 33);
  int32_t i = ygt_indicators_find(W.r, "primary_visit_rate");
  assert_string_equal(ygt_indicators_name(W.r, i), "基层就诊率");
  assert_string_equal(ygt_indicators_unit(W.r, i), "%");
  assert_string_equal(ygt_indicators_definition(W.r, i),
                      "ratio: count(setting=outpatient, place=primary) / count(setting=outpatient) × 100");
  double t, f;
  assert_int_equal(ygt_indicators_target(&t, &f, W.r, i), 0);
  assert_float_equal(t, 65, 0);
  assert_true(isnan(f));
  assert_int_equal(ygt_indicators_direction(W.r, ygt_indicators_find(W.r, "fund_outflow_rate")), YGT_LOWER_BETTER);
  assert_int_equal(ygt_indicators_formula(W.r, ygt_indicators_find(W.r, "visit_growth")), YGT_FORMULA_GROWTH);
  assert_int_equal(ygt_indicators_find(W.r, "nope"), YGT_ENOTFOUND);
  assert_null(ygt_indicators_id(W.r, 33));
  assert_int_equal(ygt_indicators_direction(W.r, -1), YGT_EINVAL);
  assert_string_equal(ygt_scope_name(YGT_SCOPE_TIER), "tier");
  assert_null(ygt_scope_name(4));
  assert_string_equal(ygt_value_status_name(YGT_VALUE_NO_PREVIOUS), "no_previous");
  assert_string_equal(ygt_scoring_method_name(YGT_METHOD_PROPORTIONAL), "proportional");
  assert_string_equal(ygt_indicator_formula_name(2), "value");
  assert_string_equal(ygt_indicator_direction_name(1), "lower");
  assert_string_equal(ygt_encounter_referral_name(YGT_ENC_REFERRAL_OUT), "out");
  assert_int_equal(ygt_encounter_column_width(YGT_ENC_SETTING), 1);
  assert_int_equal(ygt_encounter_column_width(YGT_ENC_FUND), 8);
  int c;
  assert_int_equal(ygt_encounter_column_from_name(&c, "count"), 0);
  assert_int_equal(c, YGT_ENC_COUNT);
  assert_int_equal(ygt_scope_from_name(&c, "galaxy"), YGT_ENOTFOUND);
}

static void test_example_table_is_the_default(void **state) {
  (void)state;
  ygt_indicators *r = NULL;
  assert_int_equal(ygt_indicators_load(&r, SOURCE_ROOT "/examples/data/indicators.tsv"), 0);
  assert_int_equal(ygt_indicators_count(r), ygt_indicators_count(W.r));
  for (int32_t i = 0; i < (int32_t)ygt_indicators_count(r); i++) {
    assert_string_equal(ygt_indicators_id(r, i), ygt_indicators_id(W.r, i));
    assert_string_equal(ygt_indicators_definition(r, i), ygt_indicators_definition(W.r, i));
  }
  ygt_indicators_free(r);
}

typedef struct bad_registry {
  const char *row;
  int code;
  const char *field;
  const char *fragment;
} bad_registry;

static const char *const REG_HEADER = "id\tname\tformula\tnumerator\tdenominator\tscale\tdirection\tunit\ttarget\tfloor\n";

static void test_malformed_registries(void **state) {
  (void)state;
  static const bad_registry cases[] = {
    {"a\tA\tquotient\tcount\tcount\t1\thigher\t%\t\t\n", YGT_EPARSE, "formula", "unknown formula 'quotient'"},
    {"a\tA\tratio\tcount\t\t1\thigher\t%\t\t\n", YGT_EVALIDATE, "denominator", "needs a denominator"},
    {"a\tA\tvalue\tcount\tcount\t1\thigher\t%\t\t\n", YGT_EVALIDATE, "denominator", "no denominator"},
    {"a\tA\tratio\tcount(place=moon)\tcount\t1\thigher\t%\t\t\n", YGT_EPARSE, "numerator", "unknown place 'moon'"},
    {"a\tA\tratio\tvisits\tcount\t1\thigher\t%\t\t\n", YGT_EPARSE, "numerator", "unknown measure 'visits'"},
    {"a\tA\tratio\tcount\tcount(colour=red)\t1\thigher\t%\t\t\n", YGT_EPARSE, "denominator", "unknown filter key"},
    {"a\tA\tratio\tcount(setting=inpatient, setting=outpatient)\tcount\t1\thigher\t%\t\t\n", YGT_EPARSE,
     "numerator", "given twice"},
    {"a\tA\tratio\tcount(setting=inpatient\tcount\t1\thigher\t%\t\t\n", YGT_EPARSE, "numerator", "expected"},
    {"a\tA\tratio\tcount x\tcount\t1\thigher\t%\t\t\n", YGT_EPARSE, "numerator", "unexpected 'x'"},
    {"a\tA\tvalue\tinput()\t\t1\thigher\t%\t\t\n", YGT_EPARSE, "numerator", "input name"},
    {"A-1\tA\tratio\tcount\tcount\t1\thigher\t%\t\t\n", YGT_EPARSE, "id", "[a-z0-9_]+"},
    {"a\tA\tratio\tcount\tcount\t0\thigher\t%\t\t\n", YGT_EVALIDATE, "scale", "must not be 0"},
    {"a\tA\tratio\tcount\tcount\t1\thigher\t%\t60\t70\n", YGT_EVALIDATE, "floor", "below the target"},
    {"a\tA\tratio\tcount\tcount\t1\tlower\t%\t60\t50\n", YGT_EVALIDATE, "floor", "above the target"},
    {"a\tA\tratio\tcount\tcount\t1\thigher\t%\tninety\t\n", YGT_EPARSE, "target", "not a number"},
    {"a\tA\tratio\tcount\tcount\t1\tup\t%\t\t\n", YGT_EPARSE, "direction", "unknown direction"},
    {"a\tA\tratio\tcount\tcount\t1\thigher\t%\t\t\na\tB\tvalue\tcount\t\t1\thigher\t%\t\t\n", YGT_EEXISTS, "id",
     "defined twice"},
    {"", YGT_EVALIDATE, "", "no indicators"},
  };
  size_t base = ygt_allocated_blocks();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char text[1024], path[256];
    snprintf(text, sizeof text, "%s%s", REG_HEADER, cases[k].row);
    assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", text));
    ygt_indicators *r = (ygt_indicators *)&k;
    int rc = ygt_indicators_load(&r, path);
    const ygt_error *err = ygt_error_last();
    if (rc != cases[k].code || strcmp(err->field, cases[k].field) != 0 || !strstr(err->message, cases[k].fragment))
      fail_msg("case %zu: rc %d, field '%s', message '%s'", k, rc, err->field, err->message);
    assert_null(r);
    assert_string_equal(err->source, path);
    if (cases[k].field[0]) assert_true(err->line >= 2);
    unlink(path);
    assert_int_equal(ygt_allocated_blocks(), base);
  }
  ygt_indicators *r = NULL;
  char path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", "id\tname\tformula\tnumerator\n"));
  assert_int_equal(ygt_indicators_load(&r, path), YGT_EPARSE); /* no direction column */
  assert_non_null(strstr(ygt_error_last()->message, "direction"));
  unlink(path);
  assert_int_equal(ygt_indicators_load(&r, "/nonexistent/ind.tsv"), YGT_EIO);
}

/* ---- encounter and input tables ---------------------------------------------------- */

static void test_encounter_table(void **state) {
  (void)state;
  char path[256];
  const char *text =
    "institution\tgrid\tperiod\tsetting\tinsurance\treferral\tcost\tfund\tcount\n"
    "T1\tG1\t2023\toutpatient\tresident\tnone\t100.00\t60\t60\n"
    "H1\t\t2023\tinpatient\t\tup\t5000.5\t3000\t\n";
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", text));
  ygt_encounters *e = NULL;
  assert_int_equal(ygt_encounters_load(&e, W.m, path), 0);
  assert_int_equal(ygt_encounters_count(e), 2);
  int32_t lo, hi;
  assert_int_equal(ygt_encounters_period_range(&lo, &hi, e), 0);
  assert_int_equal(lo, 2023);
  assert_int_equal(hi, 2023);
  assert_int_equal(ygt_encounters_period_range(&lo, &hi, W.e), 0);
  assert_int_equal(lo, 2022);
  int32_t x = 0;
  assert_int_equal(ygt_encounters_attach(e, YGT_ENC_GRID, &x, 2), YGT_ESTATE);
  ygt_indicator_values *v = NULL;
  assert_int_equal(ygt_indicator_values_compute(&v, W.r, W.m, e, NULL, 2023, 2022), 0);
  double d;
  assert_int_equal(ygt_indicator_values_get(&d, v, ygt_indicators_find(W.r, "cost_per_visit"), 0, 0), 0);
  assert_float_equal(d, 10000.0 / 60 / 100, EPS);
  assert_int_equal(ygt_indicator_values_get(&d, v, ygt_indicators_find(W.r, "cost_per_stay"), YGT_SCOPE_INSTITUTION, 0), 0);
  assert_float_equal(d, 5000.50, EPS);
  ygt_indicator_values_free(v);
  ygt_encounters_free(e);
  unlink(path);
  static const struct {
    const char *row;
    int code;
    const char *field;
  } bad[] = {
    {"XX\tG1\t2023\toutpatient\n", YGT_ENOTFOUND, "institution"},
    {"T1\tG9\t2023\toutpatient\n", YGT_ENOTFOUND, "grid"},
    {"T1\tG1\tlast year\toutpatient\n", YGT_EPARSE, "period"},
    {"T1\tG1\t2023\tward\n", YGT_EPARSE, "setting"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    char t[256];
    snprintf(t, sizeof t, "institution\tgrid\tperiod\tsetting\n%s", bad[k].row);
    assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", t));
    assert_int_equal(ygt_encounters_load(&e, W.m, path), bad[k].code);
    assert_string_equal(ygt_error_last()->field, bad[k].field);
    assert_int_equal(ygt_error_last()->line, 2);
    assert_null(e);
    unlink(path);
  }
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv",
                                      "institution\tgrid\tperiod\tsetting\tcost\nT1\tG1\t2023\toutpatient\t1.005\n"));
  assert_int_equal(ygt_encounters_load(&e, W.m, path), YGT_ERANGE);
  assert_string_equal(ygt_error_last()->field, "cost");
  unlink(path);
  /* a negative fund reached the budget and the indicators as a refund */
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv",
                                      "institution\tgrid\tperiod\tsetting\tfund\nT1\tG1\t2023\toutpatient\t-10.00\n"));
  assert_int_equal(ygt_encounters_load(&e, W.m, path), YGT_ERANGE);
  assert_string_equal(ygt_error_last()->field, "fund");
  assert_int_equal(ygt_error_last()->line, 2);
  unlink(path);
  assert_int_equal(ygt_allocated_blocks() > 0, 1); /* the world's objects */
}

static void test_input_table(void **state) {
  (void)state;
  char path[256];
  ygt_score_inputs *in = NULL;
  assert_int_equal(ygt_score_inputs_new(&in), 0);
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv",
                                      "name\tscope\tperiod\tvalue\n"
                                      "resident_satisfaction\tcounty\t2023\t93.5\n"
                                      "resident_satisfaction\tcommunity:K2\t2023\t88\n"
                                      "doctors_sent_down\tinstitution:H1\t2023\t12\n"
                                      "remote_diagnoses\ttier:county\t2023\t300\n"));
  assert_int_equal(ygt_score_inputs_load(in, W.m, path), 0);
  assert_int_equal(ygt_score_inputs_count(in), 4);
  unlink(path);
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv",
                                      "name\tscope\tperiod\tvalue\nx\tcounty\t2023\t1\nx\tcommunity:K9\t2023\t1\n"));
  assert_int_equal(ygt_score_inputs_load(in, W.m, path), YGT_ENOTFOUND);
  assert_int_equal(ygt_error_last()->line, 3);
  assert_string_equal(ygt_error_last()->field, "scope");
  assert_int_equal(ygt_score_inputs_count(in), 4); /* unchanged on failure */
  unlink(path);
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", "name\tscope\tperiod\tvalue\nx\tplanet:1\t2023\t1\n"));
  assert_int_equal(ygt_score_inputs_load(in, W.m, path), YGT_EPARSE);
  unlink(path);
  /* A second row for the same input, scope and period would replace the
   * first without a word; a row of an earlier file may be replaced. */
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv",
                                      "name\tscope\tperiod\tvalue\n# again\nresident_satisfaction\tcounty\t2023\t90\n"
                                      "resident_satisfaction\tcounty\t2022\t80\nresident_satisfaction\tcounty\t2023\t70\n"));
  assert_int_equal(ygt_score_inputs_load(in, W.m, path), YGT_EEXISTS);
  assert_int_equal(ygt_error_last()->line, 5);
  assert_string_equal(ygt_error_last()->field, "name");
  assert_non_null(strstr(ygt_error_last()->message, "given twice for this scope and period (also line 3)"));
  assert_int_equal(ygt_score_inputs_count(in), 4);
  unlink(path);
  assert_int_equal(ygt_score_inputs_set(in, "x", YGT_SCOPE_COUNTY, 0, 2023, NAN), YGT_ERANGE);
  assert_int_equal(ygt_score_inputs_set(in, "", YGT_SCOPE_COUNTY, 0, 2023, 1), YGT_EINVAL);
  ygt_indicator_values *v = NULL;
  assert_int_equal(ygt_indicator_values_compute(&v, W.r, W.m, W.e, in, 2023, 2022), 0);
  double d;
  assert_int_equal(ygt_indicator_values_get(&d, v, ygt_indicators_find(W.r, "resident_satisfaction"), 0, 0), 0);
  assert_float_equal(d, 93.5, EPS);
  assert_int_equal(ygt_indicator_values_get(&d, v, ygt_indicators_find(W.r, "doctors_sent_down"), 3, 0), 0);
  assert_float_equal(d, 12, EPS);
  assert_int_equal(ygt_indicator_values_get(&d, v, ygt_indicators_find(W.r, "remote_diagnoses"), 2, 2), 0);
  assert_float_equal(d, 300, EPS);
  ygt_indicator_values_free(v);
  ygt_score_inputs_free(in);
}

/* ---- seed bundles -------------------------------------------------------------------- */

static double bundle_value(const char *bundle, const char *id, int32_t period, int32_t previous) {
  char dir[512], data[600];
  snprintf(dir, sizeof dir, "%s/examples/data/%s", SOURCE_ROOT, bundle);
  snprintf(data, sizeof data, "%s/encounters.tsv", dir);
  ygt_model *m = NULL;
  ygt_encounters *e = NULL;
  ygt_indicator_values *v = NULL;
  assert_int_equal(ygt_model_load(&m, dir), 0);
  assert_int_equal(ygt_encounters_load(&e, m, data), 0);
  assert_int_equal(ygt_indicator_values_compute(&v, W.r, m, e, NULL, period, previous), 0);
  double d;
  assert_int_equal(ygt_indicator_values_get(&d, v, ygt_indicators_find(W.r, id), 0, 0), 0);
  ygt_indicator_values_free(v);
  ygt_encounters_free(e);
  ygt_model_free(m);
  return d;
}

static void test_chunan_growth(void **state) {
  (void)state;
  /* 2,474,134 → 2,750,000 visits is +11.15 %; 58,169 → 63,415 discharges +9.02 %; primary +12.7 % */
  double visits = bundle_value("chunan", "visit_growth", 2018, 2017);
  double discharges = bundle_value("chunan", "discharge_growth", 2018, 2017);
  double primary = bundle_value("chunan", "primary_visit_growth", 2018, 2017);
  assert_float_equal(visits, (2750000.0 / 2474134 - 1) * 100, EPS);
  assert_float_equal(round(visits * 100) / 100, 11.15, 1e-12);
  assert_float_equal(round(discharges * 100) / 100, 9.02, 1e-12);
  assert_float_equal(round(primary * 10) / 10, 12.7, 1e-12);
  /* the brief's 2,467,400 would give +11.45 %, not the reported figure */
  assert_float_equal(round((2750000.0 / 2467400 - 1) * 10000) / 100, 11.45, 1e-12);
}

static void test_linxiang_outflow(void **state) {
  (void)state;
  double outflow = bundle_value("linxiang", "fund_outflow_rate", 2023, 2022);
  assert_true(outflow > 40);
  assert_float_equal(outflow, 42.5, EPS);
}

/* ---- out of memory -------------------------------------------------------------------- */

static void test_out_of_memory(void **state) {
  (void)state;
  /* free the world, then fail every allocation in turn */
  teardown(NULL);
  testutil_failing f;
  for (long k = 1; k < 400; k++) {
    assert_int_equal(testutil_fail_install(&f, k), 0);
    ygt_indicators *r = NULL;
    ygt_indicator_values *v = NULL;
    int rc = ygt_indicators_defaults(&r);
    ygt_model *m = NULL;
    ygt_encounters *e = NULL;
    fixture_cols c;
    if (!rc) {
      testutil_failing keep = f;
      f.fail_at = 0;
      m = fixture_model();
      e = fixture_encounters(&c);
      f = keep;
      rc = ygt_indicator_values_compute(&v, r, m, e, NULL, 2023, 2022);
    }
    if (rc) {
      assert_int_equal(rc, YGT_ENOMEM);
      assert_null(v);
    }
    ygt_indicator_values_free(v);
    ygt_encounters_free(e);
    ygt_model_free(m);
    ygt_indicators_free(r);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), 0);
    if (!rc) break;
  }
  setup(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_county_shares),
    cmocka_unit_test(test_county_referrals),
    cmocka_unit_test(test_county_model_and_inputs),
    cmocka_unit_test(test_county_growth_and_cost),
    cmocka_unit_test(test_community_scope),
    cmocka_unit_test(test_institution_and_tier_scope),
    cmocka_unit_test(test_order_and_split_independent),
    cmocka_unit_test(test_bad_rows_skipped),
    cmocka_unit_test(test_same_period_and_overflow),
    cmocka_unit_test(test_registry_accessors),
    cmocka_unit_test(test_example_table_is_the_default),
    cmocka_unit_test(test_malformed_registries),
    cmocka_unit_test(test_encounter_table),
    cmocka_unit_test(test_input_table),
    cmocka_unit_test(test_chunan_growth),
    cmocka_unit_test(test_linxiang_outflow),
    cmocka_unit_test(test_out_of_memory),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
