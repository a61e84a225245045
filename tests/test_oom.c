/* Out of memory: fails the 1st, 2nd, 3rd ... allocation of each loader in
 * turn (until one run no longer fails) and checks for YGT_ENOMEM, no object
 * returned and nothing left allocated.  Covers the loaders whose module
 * tests have no such loop: payment tables, case files, CHS-DRG 3.0
 * configurations, county settings (county.json) and targets tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

typedef int (*load_fn)(void **out, const char *path);

static int load_drgpay(void **out, const char *path) { return ygt_drgpay_load((ygt_drgpay **)out, path); }
static void free_drgpay(void *p) { ygt_drgpay_free(p); }
static int load_points(void **out, const char *path) { return ygt_points_load((ygt_points **)out, path); }
static void free_points(void *p) { ygt_points_free(p); }
static int load_perdiem(void **out, const char *path) { return ygt_perdiem_load((ygt_perdiem **)out, path); }
static void free_perdiem(void *p) { ygt_perdiem_free(p); }
static int load_workload(void **out, const char *path) { return ygt_workload_load((ygt_workload **)out, path); }
static void free_workload(void *p) { ygt_workload_free(p); }
static int load_drg3(void **out, const char *dir) { return ygt_drg3_load((ygt_drg3 **)out, dir, 0); }
static void free_drg3(void *p) { ygt_drg3_free(p); }
static int load_settings(void **out, const char *path) {
  return ygt_county_settings_load((ygt_county_settings **)out, path);
}
static void free_settings(void *p) { ygt_county_settings_free(p); }

/* Runs load with the n-th allocation failing, for n = 1, 2, ... until it
 * succeeds; returns how many failing runs there were. */
static long fail_each_allocation(load_fn load, void (*destroy)(void *), const char *path) {
  testutil_failing f;
  long n;
  for (n = 1; n < 100000; n++) {
    assert_int_equal(testutil_fail_install(&f, n), YGT_OK);
    void *obj = (void *)1;
    int rc = load(&obj, path);
    if (rc == YGT_OK) {
      destroy(obj);
      break;
    }
    if (rc != YGT_ENOMEM) fail_msg("%s: allocation %ld failed with %s: %s", path, n, ygt_error_name(rc),
                                   ygt_error_last()->message);
    assert_null(obj);
    assert_int_equal(ygt_allocated_blocks(), 0);
  }
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  assert_int_equal(ygt_allocated_blocks(), 0);
  return n - 1;
}

static void test_payment_tables(void **state) {
  (void)state;
  assert_true(fail_each_allocation(load_drgpay, free_drgpay, SOURCE_ROOT "/examples/data/chunan/drg-rates.tsv") > 0);
  assert_true(fail_each_allocation(load_points, free_points, SOURCE_ROOT "/examples/data/ninghai/drg-points.tsv") > 0);
  assert_true(fail_each_allocation(load_perdiem, free_perdiem, SOURCE_ROOT "/examples/data/ninghai/perdiem-bands.tsv") > 0);
  assert_true(fail_each_allocation(load_workload, free_workload, SOURCE_ROOT "/examples/data/chunan/workload-items.tsv") > 0);
  assert_true(fail_each_allocation(load_drg3, free_drg3, SOURCE_ROOT "/tests/data/drg3/synthetic") > 20);
}

static void test_county_settings(void **state) {
  (void)state;
  assert_true(fail_each_allocation(load_settings, free_settings, SOURCE_ROOT "/examples/data/chunan/county.json") > 0);
  assert_true(fail_each_allocation(load_settings, free_settings, SOURCE_ROOT "/examples/data/ninghai/county.json") > 0);
}

/* The targets borrow a registry, made from the failing allocator first
 * (never failing); then the n-th allocation of the load fails. */
static void test_targets(void **state) {
  (void)state;
  testutil_failing f;
  long n, failures = 0;
  for (n = 1; n < 100000; n++) {
    assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
    ygt_indicators *registry;
    assert_int_equal(ygt_indicators_defaults(&registry), YGT_OK);
    size_t before = ygt_allocated_blocks();
    ygt_targets *t = (ygt_targets *)1;
    f.fail_at = f.calls + n;
    int rc = ygt_targets_load(&t, registry, SOURCE_ROOT "/examples/data/chunan/targets.tsv");
    f.fail_at = 0;
    if (rc == YGT_OK) assert_true(ygt_targets_count(t) > 0);
    else {
      assert_int_equal(rc, YGT_ENOMEM);
      assert_null(t);
      assert_int_equal(ygt_allocated_blocks(), before);
      failures++;
    }
    ygt_targets_free(t);
    ygt_indicators_free(registry);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
    if (rc == YGT_OK) break;
  }
  assert_true(failures > 0);
}

/* A failed ygt_cases_load appends nothing: the batch keeps its rows.  The
 * failing allocator is installed first (never failing) so that the batch
 * and dictionaries come from it; then only the n-th allocation after the
 * setup fails. */
static void test_case_file(void **state) {
  (void)state;
  char path[256];
  testutil_write_temp(path, sizeof path, ".tsv",
                      "case_id\tsex\tage_years\tpdx\tsdx\tpproc\n"
                      "1\t1\t60\tI63.900\t\t51.2300\n2\t2\t70\tI63.900\tI63.900\t\n");
  testutil_failing f;
  long n, failures = 0;
  for (n = 1; n < 100000; n++) {
    assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
    ygt_codes *dx, *px;
    ygt_cases *c;
    assert_int_equal(ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS), YGT_OK);
    assert_int_equal(ygt_codes_new(&px, YGT_CODE_PROCEDURE), YGT_OK);
    assert_int_equal(ygt_codes_add(dx, "I63.900", "脑梗死", NULL), YGT_OK);
    assert_int_equal(ygt_codes_add(px, "51.2300", "胆囊切除术", NULL), YGT_OK);
    assert_int_equal(ygt_cases_new(&c, dx, px, 0), YGT_OK);
    size_t before = ygt_allocated_blocks();
    f.fail_at = f.calls + n;
    int rc = ygt_cases_load(c, path);
    f.fail_at = 0;
    if (rc == YGT_OK) assert_int_equal(ygt_cases_count(c), 2);
    else {
      assert_int_equal(rc, YGT_ENOMEM);
      assert_int_equal(ygt_cases_count(c), 0);
      assert_int_equal(ygt_cases_problem_count(c), 0);
      /* spare capacity the batch grew before the failure may stay (it is
       * freed with the batch, checked below); rows may not */
      assert_true(ygt_allocated_blocks() >= before);
      failures++;
    }
    ygt_cases_free(c);
    ygt_codes_free(dx);
    ygt_codes_free(px);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
    if (rc == YGT_OK) break;
  }
  assert_true(failures > 0);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_payment_tables),
    cmocka_unit_test(test_case_file),
    cmocka_unit_test(test_county_settings),
    cmocka_unit_test(test_targets),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
