/* A bundle's settings (county.json), targets (targets.tsv) and calibration:
 * values by year follow the trends exactly; a file written back reads back
 * the same; bad files name the file and the key or line; targets compare as
 * their relation says; calibration is deterministic, never worse than where
 * it started, and meets a target it fits; every shipped bundle's files load. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"
#include "year_fixture.h"

#define HEAD "{\"format\": \"yigongti.county\", \"version\": 1, \"provenance\": {\"document\": \"d\"}, \"base_year\": 2020"

static ygt_county_settings *parse(const char *json) {
  ygt_county_settings *s = NULL;
  if (ygt_county_settings_parse(&s, json, "t.json")) fail_msg("%s", ygt_error_last()->message);
  return s;
}

static void expect_bad(const char *json, int code, const char *field, const char *fragment) {
  ygt_county_settings *s = (ygt_county_settings *)1;
  assert_int_equal(ygt_county_settings_parse(&s, json, "t.json"), code);
  assert_null(s);
  const ygt_error *e = ygt_error_last();
  assert_string_equal(e->source, "t.json");
  if (strcmp(e->field, field) || !strstr(e->message, fragment))
    fail_msg("field '%s' message '%s', wanted '%s' '%s'", e->field, e->message, field, fragment);
}

/* ---- settings ------------------------------------------------------------------- */

static void test_values_by_year(void **state) {
  (void)state;
  ygt_county_settings *s = parse(HEAD ", \"settings\": {\"outpatient_factor\": 1.5, \"tier_cost.city\": 2},"
                                      "\"trends\": [{\"from\": 2000, \"outpatient_factor\": 0.1},"
                                      "{\"from\": 2022, \"outpatient_factor\": -0.5, \"population\": 0.02}]}");
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = 0.5;
  /* 2018 is two years of +10 % before the base: 1.5 / 1.1^2 */
  assert_int_equal(ygt_county_settings_options(&o, s, 2018), YGT_OK);
  assert_true(o.year == 2018 && o.outpatient_factor == 1.5 / 1.1 / 1.1 && o.tier_cost[3] == 2);
  assert_true(o.population_scale == 0.5 && o.inpatient_factor == 1.0);
  /* 2023: +10 % in 2021, -50 % in 2022 and 2023; the population grows 2 % from 2022 */
  o.population_scale = 0.5;
  assert_int_equal(ygt_county_settings_options(&o, s, 2023), YGT_OK);
  assert_true(fabs(o.outpatient_factor - 1.5 * 1.1 * 0.5 * 0.5) < 1e-12);
  assert_true(fabs(o.population_scale - 0.5 * 1.02 * 1.02) < 1e-12);
  double v;
  assert_int_equal(ygt_county_settings_get(&v, s, "trend.2022.outpatient_factor"), YGT_OK);
  assert_true(v == -0.5);
  assert_int_equal(ygt_county_settings_get(&v, s, "trend.2021.outpatient_factor"), YGT_ENOTFOUND);
  assert_int_equal(ygt_county_settings_get(&v, s, "outpatient_factr"), YGT_ENOTFOUND);
  ygt_county_settings_free(s);
}

/* A trend that takes a share past 1 is refused for that year, naming it; the options are unchanged. */
static void test_trend_out_of_bounds(void **state) {
  (void)state;
  ygt_county_settings *s = parse(HEAD ", \"settings\": {\"primary_first_contact\": 0.9},"
                                      "\"trends\": [{\"from\": 2000, \"primary_first_contact\": 0.1}]}");
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT, before = o;
  assert_int_equal(ygt_county_settings_options(&o, s, 2022), YGT_EINVAL); /* 0.9 × 1.1² */
  assert_non_null(strstr(ygt_error_last()->message, "primary_first_contact in 2022"));
  assert_memory_equal(&o, &before, sizeof o);
  ygt_county_options v1 = YGT_COUNTY_OPTIONS_INIT;
  v1.version = 1;
  assert_int_equal(ygt_county_settings_options(&v1, s, 2020), YGT_EINVAL); /* no room for every setting */
  ygt_county_settings_free(s);
}

static void test_with_and_json(void **state) {
  (void)state;
  ygt_county_settings *s = parse(HEAD ", \"settings\": {\"age_pyramid\": [1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,0.1]},"
                                      "\"trends\": [{\"from\": 2010, \"inpatient_bypass\": 0.05}]}");
  ygt_county_settings *a = NULL, *b = NULL;
  assert_int_equal(ygt_county_settings_with(&a, s, "inpatient_factor", 1.0 / 3), YGT_OK);
  assert_int_equal(ygt_county_settings_with(&b, a, "inpatient_bypass", 2), YGT_ERANGE);
  assert_null(b);
  assert_int_equal(ygt_county_settings_with(&b, a, "trend.2010.inpatient_bypass", 0.1 / 3), YGT_OK);
  int64_t n = ygt_county_settings_json(NULL, 0, b);
  char *text = malloc((size_t)n + 1);
  assert_int_equal(ygt_county_settings_json(text, (size_t)n + 1, b), n);
  ygt_county_settings *c = parse(text);
  for (size_t i = 0; i < ygt_county_settings_count(); i++) {
    double x, y;
    ygt_county_settings_get(&x, b, ygt_county_settings_name(i));
    ygt_county_settings_get(&y, c, ygt_county_settings_name(i));
    assert_true(x == y); /* the digits read back to the same double */
  }
  double r;
  assert_int_equal(ygt_county_settings_get(&r, c, "trend.2010.inpatient_bypass"), YGT_OK);
  assert_true(r == 0.1 / 3);
  assert_true(ygt_county_settings_base_year(c) == 2020);
  int64_t m = ygt_county_settings_json(NULL, 0, c);
  char *again = malloc((size_t)m + 1);
  ygt_county_settings_json(again, (size_t)m + 1, c);
  assert_string_equal(text, again);
  free(again);
  free(text);
  ygt_county_settings_free(c);
  ygt_county_settings_free(b);
  ygt_county_settings_free(a);
  ygt_county_settings_free(s);
}

/* Found by fuzz_county_settings: a value of -0 was written "-0", which the
 * JSON reader takes for the integer 0, so the file read back held +0 —
 * another double, whose sign a division or copysign would see. */
static void test_negative_zero_reads_back(void **state) {
  (void)state;
  ygt_county_settings *s = parse(HEAD ", \"settings\": {\"cost_response\": -0.0},"
                                      "\"trends\": [{\"from\": 2010, \"inpatient_bypass\": -0.0}]}");
  ygt_county_settings *w = NULL;
  assert_int_equal(ygt_county_settings_with(&w, s, "los_cv", -0.0), YGT_OK);
  char text[4096];
  assert_true(ygt_county_settings_json(text, sizeof text, w) < (int64_t)sizeof text);
  ygt_county_settings *c = parse(text);
  const char *const names[] = {"cost_response", "trend.2010.inpatient_bypass", "los_cv"};
  for (int k = 0; k < 3; k++) {
    double x = 1, y = 1;
    assert_int_equal(ygt_county_settings_get(&x, w, names[k]) | ygt_county_settings_get(&y, c, names[k]), YGT_OK);
    if (memcmp(&x, &y, sizeof x) != 0 || !signbit(y)) fail_msg("%s: %g read back as %g", names[k], x, y);
  }
  ygt_county_settings_free(c), ygt_county_settings_free(w), ygt_county_settings_free(s);
}

static void test_bad_settings(void **state) {
  (void)state;
  expect_bad(HEAD ", \"settings\": {\"inpatient_bypas\": 0.1}}", YGT_EPARSE, "settings.inpatient_bypas",
             "did you mean `inpatient_bypass`");
  expect_bad(HEAD ", \"settings\": {\"village_share\": 1.5}}", YGT_ERANGE, "settings.village_share", "outside 0..1");
  expect_bad(HEAD ", \"settings\": {\"age_pyramid.60\": 2}}", YGT_EVALIDATE, "settings.age_pyramid", "1 of the 20");
  expect_bad(HEAD ", \"trends\": [{\"from\": 2010}, {\"from\": 2010}]}", YGT_EVALIDATE, "trends[1]", "increasing");
  expect_bad(HEAD ", \"trends\": [{\"from\": 2010, \"emergency_acuity\": 0.1}]}", YGT_EPARSE,
             "trends[0].emergency_acuity", "no trend");
  expect_bad(HEAD ", \"trends\": [{\"from\": 2010, \"los_cv\": 11}]}", YGT_ERANGE, "trends[0].los_cv", "outside");
  expect_bad(HEAD ", \"note\": \"x\"}", YGT_EPARSE, "note", "unknown key");
  expect_bad("{\"format\": \"yigongti.budget\"}", YGT_EUNSUPPORTED, "format", "not");
  ygt_county_settings *s = (ygt_county_settings *)1;
  assert_int_equal(ygt_county_settings_load(&s, "/nonexistent/county.json"), YGT_EIO);
  assert_null(s);
}

/* ---- targets -------------------------------------------------------------------- */

typedef struct fixture {
  ygt_indicators *reg;
} fixture;

static ygt_targets *load_targets(const ygt_indicators *reg, const char *text, int expect) {
  char path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", text));
  ygt_targets *t = (ygt_targets *)1;
  int rc = ygt_targets_load(&t, reg, path);
  remove(path);
  if (rc != expect) fail_msg("rc %d, wanted %d: %s", rc, expect, ygt_error_last()->message);
  if (rc) assert_null(t);
  return rc ? NULL : t;
}

#define THEAD "# a comment\nindicator\tyear\trelation\tvalue\ttolerance\tfit\tsource\tquote\n"

static void test_targets(void **state) {
  (void)state;
  ygt_indicators *reg = NULL;
  assert_int_equal(ygt_indicators_defaults(&reg), YGT_OK);
  ygt_targets *t = load_targets(reg, THEAD "county_visits\t2024\t=\t1000\t2%\toutpatient_factor\t002\tq\n"
                                           "primary_visit_rate\t2024\t>=\t65\t\t\t000\tq2\n", YGT_OK);
  assert_int_equal(ygt_targets_count(t), 2);
  int32_t ind, year;
  int rel;
  double v, tol;
  assert_int_equal(ygt_targets_get(&ind, &year, &rel, &v, &tol, t, 0), YGT_OK);
  assert_true(year == 2024 && rel == YGT_TARGET_EQUAL && v == 1000 && tol == 20);
  assert_string_equal(ygt_targets_text(t, 0, YGT_TARGET_FIT), "outpatient_factor");
  assert_string_equal(ygt_targets_text(t, 1, YGT_TARGET_QUOTE), "q2");
  assert_true(ygt_targets_distance(t, 0, 1010) == 0.5 && ygt_targets_distance(t, 0, 960) == -2);
  assert_true(ygt_targets_distance(t, 1, 70) == 0 && ygt_targets_distance(t, 1, 64.35) < 0);
  ygt_targets_free(t);
  load_targets(reg, THEAD "county_visits\t2024\t=\t1000\t\t\t002\tq\n", YGT_EPARSE);       /* = needs a tolerance */
  assert_int_equal(ygt_error_last()->line, 3); /* the file's own line: the comment counts */
  load_targets(reg, THEAD "county_vists\t2024\t=\t1000\t1\t\t002\tq\n", YGT_ENOTFOUND);
  load_targets(reg, THEAD "county_visits\t2024\t>=\t1000\t1\toutpatient_factor\t002\tq\n", YGT_EVALIDATE);
  load_targets(reg, THEAD "county_visits\t2024\t=\t1000\t1\tnot_a_setting\t002\tq\n", YGT_ENOTFOUND);
  load_targets(reg, THEAD "county_visits\t2024\t=\t1\t1\t\t002\tq\ncounty_visits\t2024\t=\t2\t1\t\t002\tq\n", YGT_EEXISTS);
  load_targets(reg, THEAD "county_visits\t2024\t=\t1\t-1\t\t002\tq\n", YGT_ERANGE);
  load_targets(reg, THEAD "county_visits\t2024\t~\t1\t1\t\t002\tq\n", YGT_EPARSE);
  ygt_indicators_free(reg);
}

/* ---- calibration -------------------------------------------------------------------- */

static ygt_calibration *calibrate(const year_bundle *b, const ygt_targets *t, const ygt_county_settings *s,
                                  int iterations) {
  ygt_calibration_inputs in = YGT_CALIBRATION_INPUTS_INIT;
  in.model = b->model, in.rules = b->rules, in.casemix = b->casemix, in.scheme = b->scheme;
  in.targets = t, in.settings = s, in.population_scale = 0.02, in.max_iterations = iterations;
  ygt_calibration *c = NULL;
  if (ygt_calibrate(&c, &in)) fail_msg("%s", ygt_error_last()->message);
  return c;
}

/* Chun'an's discharges moved to 60,000 (and 68,000): the fitted inpatient factor meets them, the
 * distance at the best iteration is no worse than at the start, and a second run gives the same. */
static void test_calibration(void **state) {
  (void)state;
  year_bundle b;
  assert_int_equal(year_fixture_load(&b, "chunan"), YGT_OK);
  const char *values[] = {"60000", "68000"};
  for (int k = 0; k < 2; k++) {
    char text[512];
    snprintf(text, sizeof text, THEAD "county_discharges\t2024\t=\t%s\t2%%\tinpatient_factor\t002\tq\n", values[k]);
    ygt_targets *t = load_targets(b.indicators, text, YGT_OK);
    ygt_calibration *c = calibrate(&b, t, b.settings, 12), *again = calibrate(&b, t, b.settings, 12);
    size_t best = ygt_calibration_best(c), n = ygt_calibration_iterations(c);
    assert_true(ygt_calibration_within(c));
    assert_true(ygt_calibration_distance(c, best) <= ygt_calibration_distance(c, 0));
    assert_true(fabs(ygt_calibration_simulated(c, best, 0) / atof(values[k]) - 1) <= 0.02);
    assert_int_equal(ygt_calibration_iterations(again), n);
    for (size_t i = 0; i < n; i++) assert_true(ygt_calibration_distance(again, i) == ygt_calibration_distance(c, i));
    double f0, f1;
    ygt_county_settings_get(&f0, b.settings, "inpatient_factor");
    ygt_county_settings_get(&f1, ygt_calibration_settings(c), "inpatient_factor");
    assert_true(k == 0 ? f1 < f0 : f1 > f0); /* fewer discharges, a smaller factor */
    ygt_calibration_free(again);
    ygt_calibration_free(c);
    ygt_targets_free(t);
  }
  year_fixture_free(&b);
}

static void test_calibration_errors(void **state) {
  (void)state;
  year_bundle b;
  assert_int_equal(year_fixture_load(&b, "chunan"), YGT_OK);
  ygt_targets *t = load_targets(b.indicators, THEAD "county_discharges\t2024\t=\t6\t1\ttrend.1999.inpatient_factor\t002\tq\n", YGT_OK);
  ygt_calibration_inputs in = YGT_CALIBRATION_INPUTS_INIT;
  in.model = b.model, in.rules = b.rules, in.casemix = b.casemix, in.targets = t, in.settings = b.settings;
  ygt_calibration *c = (ygt_calibration *)1;
  assert_int_equal(ygt_calibrate(&c, &in), YGT_ENOTFOUND); /* no trend period 1999 */
  assert_null(c);
  in.max_iterations = 0;
  assert_int_equal(ygt_calibrate(&c, &in), YGT_EINVAL);
  in.max_iterations = 5, in.population_scale = 0;
  assert_int_equal(ygt_calibrate(&c, &in), YGT_EINVAL);
  in.population_scale = 1, in.settings = NULL;
  assert_int_equal(ygt_calibrate(&c, &in), YGT_EINVAL);
  ygt_targets_free(t);
  year_fixture_free(&b);
}

/* ---- the bundles, and the year's inputs ------------------------------------------------ */

/* Every bundle's county.json and targets.tsv load; a target's fit names a setting of its bundle. */
static void test_bundles(void **state) {
  (void)state;
  const char *names[] = {"ninghai", "chunan", "zhuhai", "linxiang"};
  for (int k = 0; k < 4; k++) {
    year_bundle b;
    assert_int_equal(year_fixture_load(&b, names[k]), YGT_OK);
    assert_non_null(b.settings);
    for (size_t i = 0; i < ygt_targets_count(b.targets); i++) {
      const char *fit = ygt_targets_text(b.targets, i, YGT_TARGET_FIT);
      double v;
      if (fit[0] && ygt_county_settings_get(&v, b.settings, fit)) fail_msg("%s: fit %s", names[k], fit);
    }
    year_fixture_free(&b);
  }
}

/* The 0.1 function fills a 0.1 caller's (shorter) inputs and writes nothing past them. */
static void test_year_inputs_init(void **state) {
  (void)state;
  unsigned char raw[sizeof(ygt_year_inputs) + 8];
  memset(raw, 0xa5, sizeof raw);
  ygt_year_inputs_init((ygt_year_inputs *)(void *)raw);
  for (size_t k = offsetof(ygt_year_inputs, targets); k < sizeof raw; k++) assert_int_equal(raw[k], 0xa5);
  assert_int_equal(((ygt_year_inputs *)(void *)raw)->version, 1);
  assert_int_equal(ygt_year_inputs_init_version((ygt_year_inputs *)(void *)raw, 2), YGT_OK);
  const ygt_year_inputs *in = (const ygt_year_inputs *)(const void *)raw;
  assert_true(in->version == 2 && in->targets == NULL && in->population_scale == 0);
  assert_int_equal(ygt_year_inputs_init_version(NULL, 2), YGT_EINVAL);
  assert_int_equal(ygt_year_inputs_init_version((ygt_year_inputs *)(void *)raw, 3), YGT_EINVAL);
}

static int leaks(void **state) {
  (void)state;
  return ygt_allocated_blocks() != 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_values_by_year), cmocka_unit_test(test_trend_out_of_bounds),
    cmocka_unit_test(test_with_and_json),  cmocka_unit_test(test_negative_zero_reads_back),
    cmocka_unit_test(test_bad_settings),
    cmocka_unit_test(test_targets),        cmocka_unit_test(test_calibration),
    cmocka_unit_test(test_calibration_errors), cmocka_unit_test(test_bundles),
    cmocka_unit_test(test_year_inputs_init),
  };
  return cmocka_run_group_tests(tests, NULL, leaks);
}
