/* Speed work never changes a result: the same seeds give, bit for bit, the
 * county (every column), its cases and the year report that the generator
 * gave before the speed work (issue 22).
 *
 * The checksums below are FNV-1a 64 of each county column's bytes and of the
 * year report text.  They were produced by commit da4284a (the last commit
 * before the speed work) with
 *
 *   YGT_PRINT_CHECKSUMS=1 build/tests/test_county_identical
 *
 * (this file, built on da4284a), and must not be regenerated to make a
 * change pass: a change that moves them changes results.  The report
 * checksums alone were produced again by a5582ad, the generator before the
 * speed work with two deliberate changes of the report (stays out of the
 * province paid fee for service, 721e3ef; "excluded from the method",
 * 5e4946c), built with this file less its totals-only half; the columns
 * and cases are still da4284a's.  The Chunan run was added with the year
 * run's speed work (branch yr4), for its scheme's workload line (paid per
 * visit by the condition's workload item), which the others lack: its
 * checksums were produced by 668d343, the last commit before that work. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <math.h>

#include "county_internal.h"
#include "cpu_avx512.h"
#include "year_fixture.h"

typedef struct expected {
  const char *bundle;
  double scale;
  uint64_t seed;
  double cost_response;
  uint64_t columns[28]; /* ygt_county_column 0..27 */
  uint64_t cases;       /* the case batch's int32, int64 and list columns */
  uint64_t report;      /* ygt_year_report_text with the year before */
} expected;

static uint64_t fnv(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

#define FNV0 0xcbf29ce484222325ull

static uint64_t column_sum(const ygt_county *c, int column) {
  const void *data = NULL;
  size_t n = 0;
  assert_int_equal(ygt_county_column(&data, &n, c, column), YGT_OK);
  return fnv(FNV0, data, n * (size_t)ygt_county_column_width(column));
}

static uint64_t cases_sum(const ygt_cases *k) {
  static const int i32[] = {YGT_CASE_INSTITUTION, YGT_CASE_INSURANCE, YGT_CASE_AGE_YEARS, YGT_CASE_AGE_DAYS,
                            YGT_CASE_BIRTH_WEIGHT_G, YGT_CASE_SEX, YGT_CASE_PDX, YGT_CASE_LOS_DAYS,
                            YGT_CASE_ADMIT_DATE, YGT_CASE_DISCHARGE_DATE, YGT_CASE_LEAVING_TYPE,
                            YGT_CASE_DAY_SURGERY};
  static const int lists[] = {YGT_CASE_SDX, YGT_CASE_PROCS};
  size_t n = ygt_cases_count(k);
  uint64_t h = fnv(FNV0, &n, sizeof n);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < sizeof i32 / sizeof i32[0]; j++) {
      int32_t v = 0;
      assert_int_equal(ygt_cases_get_int(k, i, i32[j], &v), YGT_OK);
      h = fnv(h, &v, sizeof v);
    }
    for (size_t j = 0; j < 2; j++) {
      const int32_t *ids = NULL;
      size_t m = 0;
      assert_int_equal(ygt_cases_get_codes(k, i, lists[j], &ids, &m), YGT_OK);
      h = fnv(fnv(h, &m, sizeof m), ids, m * sizeof *ids);
    }
    int64_t cost = 0, fund = 0;
    assert_int_equal(ygt_cases_get_int64(k, i, YGT_CASE_TOTAL_COST, &cost), YGT_OK);
    assert_int_equal(ygt_cases_get_int64(k, i, YGT_CASE_FUND_PAID, &fund), YGT_OK);
    h = fnv(fnv(h, &cost, sizeof cost), &fund, sizeof fund);
  }
  return h;
}

static uint64_t report_sum(const ygt_year *y) {
  int64_t len = ygt_year_report_text(NULL, 0, y);
  assert_true(len > 0);
  char *text = malloc((size_t)len + 1);
  assert_non_null(text);
  ygt_year_report_text(text, (size_t)len + 1, y);
  uint64_t h = fnv(FNV0, text, (size_t)len);
  free(text);
  return h;
}

static void print_sums(const expected *x, const uint64_t *cols, uint64_t cases, uint64_t report) {
  printf("  {\"%s\", %g, %llu, %g,\n   {", x->bundle, x->scale, (unsigned long long)x->seed, x->cost_response);
  for (int k = 0; k < 28; k++) printf("0x%016llxull%s", (unsigned long long)cols[k], k == 27 ? "" : k % 3 == 2 ? ",\n    " : ", ");
  printf("},\n   0x%016llxull, 0x%016llxull},\n", (unsigned long long)cases, (unsigned long long)report);
}

static void check_one(const expected *x) {
  year_bundle b;
  assert_int_equal(year_fixture_load(&b, x->bundle), YGT_OK);
  ygt_county_options o = year_fixture_options(&b, x->scale, x->seed);
  ygt_county_options before = year_fixture_before(&b, x->scale, x->seed);
  o.cost_response = before.cost_response = x->cost_response;
  ygt_county *county = NULL, *previous = NULL;
  ygt_year *year = NULL;
  assert_int_equal(ygt_county_generate(&county, b.model, b.rules, b.casemix, &o), YGT_OK);
  assert_int_equal(ygt_county_generate(&previous, b.model, b.rules, b.casemix, &before), YGT_OK);
  ygt_year_inputs in = year_fixture_inputs(&b, county, previous);
  in.targets = b.targets;
  in.population_scale = x->scale;
  assert_int_equal(ygt_year_run(&year, &in), YGT_OK);
  uint64_t cols[28], cases = cases_sum(ygt_county_cases(county)), report = report_sum(year);
  for (int k = 0; k < 28; k++) cols[k] = column_sum(county, k);
  if (getenv("YGT_PRINT_CHECKSUMS")) print_sums(x, cols, cases, report);
  for (int k = 0; k < 28; k++)
    if (cols[k] != x->columns[k]) fail_msg("%s: column %d changed", x->bundle, k);
  assert_true(cases == x->cases);
  assert_true(report == x->report);
  ygt_year_free(year);
  ygt_county_free(previous);
  previous = NULL; /* the year before as totals only: the same report */
  assert_int_equal(ygt_county_generate_totals(&previous, b.model, b.rules, b.casemix, &before), YGT_OK);
  assert_int_equal(ygt_county_event_count(previous), 0);
  in.previous = previous;
  assert_int_equal(ygt_year_run(&year, &in), YGT_OK);
  assert_true(report_sum(year) == x->report);
  in.county = previous; /* never the year itself */
  ygt_year *refused = NULL;
  assert_int_equal(ygt_year_run(&refused, &in), YGT_EINVAL);
  assert_null(refused);
  ygt_year_free(year);
  ygt_county_free(previous);
  ygt_county_free(county);
  year_fixture_free(&b);
}

static const expected runs[] = {
  {"ninghai", 0.05, 7, 0,
   {0x48cc1235ae118f65ull, 0x77b8179137ff0f8full, 0xb665d47f34fe106cull,
    0xe9f75fc0f98ff803ull, 0x04fdf4fb1926002bull, 0xfdf28c5c8dedf125ull,
    0xa9c4e62d7258267bull, 0xd3ab86e65a6a97baull, 0x94c031e50e83af05ull,
    0xc74a41845322553dull, 0xc32130084aec30dfull, 0x44fd839a72a6a9feull,
    0x9a219f6692cfe8fcull, 0x1bd837d8c46a97bfull, 0x3a3e316e0e4c8412ull,
    0xa931e0b3164d4ec7ull, 0x5bd4c190cf65a652ull, 0xafee0f045128a355ull,
    0xc9a1d3f82c0fcb8aull, 0xcc44eb14cf97e889ull, 0xcf62eb0e76277517ull,
    0x484747fe4125abbdull, 0xace3a32192e3d6efull, 0xb1896cb13033f31dull,
    0xa3d53f6205a7d775ull, 0xaf271d94a12573ccull, 0x2447c89616c1d0caull,
    0xc50ae6f91ace2269ull},
   0x0d867e30f7cf0af3ull, 0x39512d021a39bb73ull},
  {"zhuhai", 0.02, 3, 0,
   {0x43ef3af01040d8e5ull, 0x01c934059eae4429ull, 0xf31336dddb7ef4d9ull,
    0x5fe56cbb0f54927cull, 0x2aaadc6d28762f75ull, 0x38cd8652a68e5c17ull,
    0x4a6665363e2ee8c2ull, 0x2620391a8a1720b8ull, 0x6d2139fd3734923cull,
    0xf614754f8ec58265ull, 0xd967e60879efd630ull, 0xff894037ebfebff0ull,
    0xe65f71ece206836full, 0x02ba120f84a4886aull, 0xa62721eee6158432ull,
    0x72a87e48d318272cull, 0x14b92226b3513e7dull, 0xeaf429b8648ca290ull,
    0x3a6b450feb77884cull, 0x634aaab547abd6e8ull, 0x377bda142fdbf8f0ull,
    0x1e23c12278fe2bc7ull, 0xe8298e8f0395f218ull, 0x05b7223db641f853ull,
    0xcf3ce31ca2481a6eull, 0x3ec9cd3eb803026dull, 0x1a7a570b198a0501ull,
    0x38fbc70937bde2d0ull},
   0x3c7669b5bd894a00ull, 0x92cc1030f6cef8c8ull},
  {"ninghai", 0.02, 11, 1,
   {0x2a6ab04671e054a5ull, 0xad8a1b8983531054ull, 0x7e9e8719f7bc54b9ull,
    0x43329c4130ec69dcull, 0x5ff834c9fd6a8be3ull, 0xc9f2744e31dc6ae8ull,
    0x93a43e7d585b6355ull, 0xc423a156dc4639d0ull, 0x3824654d96b1c0c1ull,
    0x318ac7b5e7c1a3acull, 0x94d122da7c10a106ull, 0xf4093cd13b3d3eecull,
    0x1360b7120fc1a5afull, 0xee0cf1a3317a1ed8ull, 0x0148e53acec4971bull,
    0xf26fe50ab7b9e031ull, 0x2f6d53b85a810061ull, 0x7aadc5a34790d384ull,
    0xdaa21021b79686d1ull, 0xd5ab24f3295238e0ull, 0x719075f538647e3full,
    0x4ae721362150b4dbull, 0x1fa46f4b2695b89aull, 0x6f207437802dec08ull,
    0x87d62eca317d22f7ull, 0x03c42e88afda0485ull, 0x971fbdb6345d1368ull,
    0xa0c3c26c3c07eeccull},
   0xfc709ee87ac81257ull, 0x342356eb02912119ull},
  {"chunan", 0.05, 5, 0,
   {0x91878b4af3fe9005ull, 0x776f12677dc8cb25ull, 0x997a570aa2e3acf5ull,
    0x2958cee763d6c433ull, 0xf1324a7b27b72650ull, 0x218829fe6cbcdf80ull,
    0x3392a3476e6173afull, 0xd89a2fdaf07469c6ull, 0x32c1162549f3b9baull,
    0x3b0849cd4fc5e531ull, 0xfac83402fdbe205aull, 0x59bb32be463050beull,
    0x39d7d2af605b7c68ull, 0x2e6fbb10289e8272ull, 0x53d3a2ec31047258ull,
    0x18c421cd79ee7aebull, 0x0a4b624d6f7582a7ull, 0xe86c88c400dd8a9eull,
    0xf4927af7e88af877ull, 0xf5df6f11e56f8ca5ull, 0xd5290f6b30151142ull,
    0x9f3038d390d5c484ull, 0xa02120c22d8f81a7ull, 0x048eec2b7fc8991dull,
    0x032a44ae1e117527ull, 0x7b4b0ccac57a7825ull, 0xbdfea70f28e94f19ull,
    0x12350c174df28a88ull},
   0x30f7b0267e10a569ull, 0x1950e06f269493d7ull},
};

static void test_ninghai(void **state) {
  (void)state;
  check_one(&runs[0]);
}

static void test_zhuhai(void **state) {
  (void)state;
  check_one(&runs[1]);
}

static void test_cost_response(void **state) {
  (void)state;
  check_one(&runs[2]);
}

static void test_chunan(void **state) {
  (void)state;
  check_one(&runs[3]);
}

/* The draws' column passes (src/county_draws.c) in their portable form:
 * the same bits as the AVX-512 form the tests above run on a CPU with it. */
static void test_portable_draws(void **state) {
  (void)state;
  ygt__avx512_knob = -1;
  check_one(&runs[0]);
  check_one(&runs[2]);
  check_one(&runs[3]);
  ygt__avx512_knob = 0;
}

/* The cost's rounding (ygt__cy_round()) is llround() within its range:
 * halves, their neighbours, and where doubles stop having fractions. */
static void test_round(void **state) {
  (void)state;
  static const double x[] = {0, 0.5, 1.5, 2.5, 123456.5, 0.49999999999999994, 1e-300, 4503599627370495.5,
                             4503599627370496.0, 9007199254740993.0, 1.25e15, 8.9e18};
  for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
    for (int sign = -1; sign <= 1; sign += 2)
      for (int step = -1; step <= 1; step++) {
        double v = sign * x[i];
        v = step < 0 ? nextafter(v, -INFINITY) : step > 0 ? nextafter(v, INFINITY) : v;
        assert_true(ygt__cy_round(v) == llround(v));
      }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ninghai),
    cmocka_unit_test(test_zhuhai),
    cmocka_unit_test(test_cost_response),
    cmocka_unit_test(test_chunan),
    cmocka_unit_test(test_portable_draws),
    cmocka_unit_test(test_round),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
