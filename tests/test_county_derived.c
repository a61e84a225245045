/* The event columns a county makes on request (src/county_derived.c): each
 * holds what it follows from (month and period the day, diagnosis the
 * stay's principal diagnosis, procedure the condition's first, grid and
 * insurance the patient's, patient_paid cost - fund); threads asking at
 * once all get the one array (run under ThreadSanitizer in CI); the
 * encounter batch holds the same columns; an allocation failing while one
 * is made is an error that leaves the county as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>

#include "testutil.h"
#include "year_fixture.h"

#define THREADS 4

static year_bundle b;
static ygt_county *county;

static const void *column(int k) {
  const void *data = NULL;
  size_t n = 0;
  assert_int_equal(ygt_county_column(&data, &n, county, k), YGT_OK);
  return data;
}

static int setup(void **state) {
  (void)state;
  assert_int_equal(year_fixture_load(&b, "ninghai"), YGT_OK);
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = 0.02;
  o.year = 2024; /* a leap year: day 60 is 29 February */
  return ygt_county_generate(&county, b.model, b.rules, b.casemix, &o);
}

static int teardown(void **state) {
  (void)state;
  ygt_county_free(county);
  year_fixture_free(&b);
  return 0;
}

static int month_of(int day) {
  static const int ends[12] = {31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366};
  int m = 0;
  while (day > ends[m]) m++;
  return m + 1;
}

static void test_calendar(void **state) {
  (void)state;
  const int32_t *day = column(YGT_COUNTY_EVENT_DAY), *period = column(YGT_COUNTY_EVENT_PERIOD);
  const int8_t *month = column(YGT_COUNTY_EVENT_MONTH);
  size_t n = ygt_county_event_count(county);
  assert_true(n > 10000);
  for (size_t e = 0; e < n; e++) {
    assert_int_equal(month[e], month_of(day[e]));
    assert_int_equal(period[e], 202400 + month[e]);
  }
}

static void test_patient_and_money(void **state) {
  (void)state;
  const int32_t *patient = column(YGT_COUNTY_EVENT_PATIENT), *grid = column(YGT_COUNTY_EVENT_GRID);
  const int32_t *home = column(YGT_COUNTY_RESIDENT_GRID);
  const int8_t *ins = column(YGT_COUNTY_EVENT_INSURANCE), *their = column(YGT_COUNTY_RESIDENT_INSURANCE);
  const int64_t *cost = column(YGT_COUNTY_EVENT_COST), *fund = column(YGT_COUNTY_EVENT_FUND);
  const int64_t *paid = column(YGT_COUNTY_EVENT_PATIENT_PAID);
  for (size_t e = 0; e < ygt_county_event_count(county); e++) {
    assert_int_equal(grid[e], home[patient[e]]);
    assert_int_equal(ins[e], their[patient[e]]);
    assert_true(paid[e] == cost[e] - fund[e] && paid[e] >= 0);
  }
}

static void test_codes(void **state) {
  (void)state;
  const int32_t *cond = column(YGT_COUNTY_EVENT_CONDITION), *dx = column(YGT_COUNTY_EVENT_DIAGNOSIS);
  const int32_t *proc = column(YGT_COUNTY_EVENT_PROCEDURE), *row = column(YGT_COUNTY_EVENT_CASE_ROW);
  const ygt_cases *cases = ygt_county_cases(county);
  size_t stays = 0;
  for (size_t e = 0; e < ygt_county_event_count(county); e++) {
    const int32_t *procs = NULL;
    size_t np = 0;
    assert_int_equal(ygt_casemix_codes_of(&procs, &np, b.casemix, cond[e], YGT_CODE_PROCEDURE), YGT_OK);
    assert_int_equal(proc[e], np ? procs[0] : -1);
    if (row[e] < 0) continue;
    int32_t pdx = -2;
    assert_int_equal(ygt_cases_get_int(cases, (size_t)row[e], YGT_CASE_PDX, &pdx), YGT_OK);
    assert_int_equal(dx[e], pdx);
    stays++;
  }
  assert_true(stays > 100);
}

static void *ask(void *arg) {
  const void **out = arg;
  for (int k = 0; k < 28; k++) {
    size_t n;
    if (ygt_county_column(&out[k], &n, county, k)) out[k] = NULL;
  }
  out[28] = ygt_county_encounters(county);
  return NULL;
}

/* A fresh county asked by several threads at once: one array each column. */
static void test_threads(void **state) {
  (void)state;
  ygt_county_free(county);
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = 0.02;
  assert_int_equal(ygt_county_generate(&county, b.model, b.rules, b.casemix, &o), YGT_OK);
  const void *got[THREADS][29];
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) assert_int_equal(pthread_create(&t[i], NULL, ask, got[i]), 0);
  for (int i = 0; i < THREADS; i++) assert_int_equal(pthread_join(t[i], NULL), 0);
  for (int k = 0; k < 29; k++) {
    assert_non_null(got[0][k]);
    for (int i = 1; i < THREADS; i++) assert_ptr_equal(got[i][k], got[0][k]);
  }
}

/* The encounter batch is over the county's columns, derived ones included. */
static void test_encounters(void **state) {
  (void)state;
  const ygt_encounters *enc = ygt_county_encounters(county);
  assert_non_null(enc);
  assert_ptr_equal(ygt_county_encounters(county), enc);
  assert_int_equal(ygt_encounters_count(enc), ygt_county_event_count(county));
  int32_t lo = 0, hi = 0;
  assert_int_equal(ygt_encounters_period_range(&lo, &hi, enc), YGT_OK);
  assert_true(lo >= 202401 && hi <= 202412 && lo < hi);
}

/* Out of memory while a column is made: ENOMEM, nothing leaked, and the
 * next request makes it.  The allocator is set while nothing is alive. */
static void test_oom(void **state) {
  (void)state;
  teardown(state);
  testutil_failing f;
  assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
  assert_int_equal(setup(state), YGT_OK);
  const void *data = (const void *)1;
  size_t n = 0, before = ygt_allocated_blocks();
  f.fail_at = f.calls + 1;
  assert_int_equal(ygt_county_column(&data, &n, county, YGT_COUNTY_EVENT_PERIOD), YGT_ENOMEM);
  assert_true(data == NULL && n == 0); /* nothing to read */
  f.fail_at = f.calls + 1;
  assert_null(ygt_county_encounters(county));
  assert_int_equal(ygt_error_last()->code, YGT_ENOMEM);
  assert_int_equal(ygt_allocated_blocks(), before);
  f.fail_at = 0;
  assert_int_equal(ygt_county_column(&data, &n, county, YGT_COUNTY_EVENT_PERIOD), YGT_OK);
  assert_true(data != NULL && n == ygt_county_event_count(county));
  assert_non_null(ygt_county_encounters(county));
  teardown(state);
  county = NULL;
  memset(&b, 0, sizeof b);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_calendar), cmocka_unit_test(test_patient_and_money), cmocka_unit_test(test_codes),
    cmocka_unit_test(test_encounters), cmocka_unit_test(test_threads), cmocka_unit_test(test_oom)};
  return cmocka_run_group_tests(tests, setup, teardown);
}
