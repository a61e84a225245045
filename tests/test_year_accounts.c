/* The county year's accounts (ygt_year_check()): every bundle, several
 * seeds and scales, with and without its scheme, balances to the fen; an
 * account broken on purpose is found and named with its amounts; the
 * report's accounts section says so.
 *
 * The unit run is small (scale 0.02, seeds 1-3), so that it stays quick
 * under valgrind and the sanitizers.  The argument "full" runs every bundle
 * at scales 0.1 and 1 (the figures the README quotes), seeds 1-3, without
 * the year before (growth indicators do not move money); meson runs that in
 * the suite "accounts-full", which the valgrind and sanitizer passes leave
 * out for its length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "testutil.h"
#include "year_fixture.h"
#include "year_internal.h"

static const char *const bundles[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
static int full;

typedef struct run {
  ygt_county *county, *previous;
  ygt_year *year;
} run;

static int run_year(run *r, const year_bundle *b, double scale, uint64_t seed, int with_scheme) {
  ygt_county_options o = year_fixture_options(b, scale, seed), before = year_fixture_before(b, scale, seed);
  memset(r, 0, sizeof *r);
  int rc = ygt_county_generate(&r->county, b->model, b->rules, b->casemix, &o);
  if (!rc && !full) rc = ygt_county_generate(&r->previous, b->model, b->rules, b->casemix, &before);
  ygt_year_inputs in = year_fixture_inputs(b, r->county, r->previous);
  if (!with_scheme) in.scheme = NULL;
  if (!rc) rc = ygt_year_run(&r->year, &in);
  return rc;
}

static void run_free(run *r) {
  ygt_year_free(r->year);
  ygt_county_free(r->previous);
  ygt_county_free(r->county);
}

/* Runs a bundle at a scale and seed and fails with the broken account's words. */
static void expect_balanced(const year_bundle *b, const char *name, double scale, uint64_t seed, int with_scheme) {
  run r;
  if (run_year(&r, b, scale, seed, with_scheme))
    fail_msg("%s scale %g seed %llu: %s", name, scale, (unsigned long long)seed, ygt_error_last()->message);
  if (ygt_year_check(r.year))
    fail_msg("%s scale %g seed %llu%s: %s", name, scale, (unsigned long long)seed, with_scheme ? "" : " (no scheme)",
             ygt_error_last()->message);
  run_free(&r);
}

static void check_bundle(const char *name, const double *scales, size_t nscales, uint64_t seeds) {
  printf("%s:", name);
  year_bundle b;
  assert_int_equal(year_fixture_load(&b, name), YGT_OK);
  for (size_t s = 0; s < nscales; s++)
    for (uint64_t seed = 1; seed <= seeds; seed++) {
      expect_balanced(&b, name, scales[s], seed, 1);
      printf(" scale %g seed %llu balanced;", scales[s], (unsigned long long)seed);
    }
  expect_balanced(&b, name, scales[0], 1, 0);
  printf(" and without its scheme\n");
  year_fixture_free(&b);
}

static void test_every_bundle_balances(void **state) {
  (void)state;
  static const double quick[] = {0.02}, documented[] = {0.1, 1};
  for (size_t i = 0; i < 4; i++) check_bundle(bundles[i], full ? documented : quick, full ? 2 : 1, 3);
}

/* One bundle's year without its scheme, for the tampering tests. */
static void small_year(run *r, year_bundle *b, const char *name) {
  assert_int_equal(year_fixture_load(b, name), YGT_OK);
  assert_int_equal(run_year(r, b, 0.02, 5, 0), YGT_OK); /* fee for service: balanced today and after any scheme change */
  assert_int_equal(ygt_year_check(r->year), YGT_OK);
}

static void expect_broken(const ygt_year *y, const char *words) {
  assert_int_equal(ygt_year_check(y), YGT_EACCOUNTS);
  const char *msg = ygt_error_last()->message;
  if (!strstr(msg, words)) fail_msg("expected \"%s\" in: %s", words, msg);
}

/* A fen moved between two figures that must agree is found, and named. */
static void test_broken_accounts_are_named(void **state) {
  (void)state;
  year_bundle b;
  run r;
  small_year(&r, &b, "ninghai");
  int64_t *inst = r.year->inst;
  inst[YGT_YEAR_PATIENT_PAID] += 1; /* institution 0: its patients paid a fen the tiers never saw */
  expect_broken(r.year, "cost");
  assert_non_null(strstr(ygt_error_last()->message, ygt_model_institution_code(b.model, 0)));
  assert_non_null(strstr(ygt_error_last()->message, "more")); /* the tier and county sums break too */
  inst[YGT_YEAR_PATIENT_PAID] -= 1;
  assert_int_equal(ygt_year_check(r.year), YGT_OK);
  r.year->tier[YGT_TIER_TOWNSHIP][YGT_YEAR_FUND] -= 100;
  expect_broken(r.year, "tier township fund: ");
  r.year->tier[YGT_TIER_TOWNSHIP][YGT_YEAR_FUND] += 100;
  r.year->batch.fund[0] += 7; /* the budget read a fen the budgets' actual does not hold */
  expect_broken(r.year, "the fund's spending on the year's care");
  run_free(&r);
  year_fixture_free(&b);
}

/* A negative payment is an error even when everything still adds up. */
static void test_negative_money_is_named(void **state) {
  (void)state;
  year_bundle b;
  run r;
  small_year(&r, &b, "chunan");
  int64_t *f = r.year->inst + 3 * YR_NFIELDS, shift = f[YGT_YEAR_FUND] + 1;
  f[YGT_YEAR_FUND] -= shift, f[YGT_YEAR_REVENUE] -= shift;
  r.year->inst[YGT_YEAR_FUND] += shift, r.year->inst[YGT_YEAR_REVENUE] += shift;
  int t3 = ygt_model_institution_tier(b.model, 3), t0 = ygt_model_institution_tier(b.model, 0);
  r.year->tier[t3][YGT_YEAR_FUND] -= shift, r.year->tier[t3][YGT_YEAR_REVENUE] -= shift;
  r.year->tier[t0][YGT_YEAR_FUND] += shift, r.year->tier[t0][YGT_YEAR_REVENUE] += shift;
  expect_broken(r.year, "fund is negative: -1 fen");
  run_free(&r);
  year_fixture_free(&b);
}

static void test_report_states_the_check(void **state) {
  (void)state;
  year_bundle b;
  run r;
  small_year(&r, &b, "zhuhai");
  int64_t len = ygt_year_report_text(NULL, 0, r.year);
  char *text = malloc((size_t)len + 1);
  assert_non_null(text);
  ygt_year_report_text(text, (size_t)len + 1, r.year);
  assert_non_null(strstr(text, "\nAccounts (yuan)"));
  assert_non_null(strstr(text, "every account balances to the fen"));
  assert_non_null(strstr(text, "\nExceptions\n"));
  r.year->total[YGT_YEAR_COST]++;
  ygt_year_report_text(text, (size_t)len + 1, r.year);
  assert_non_null(strstr(text, "BROKEN: ygt_year_check: county cost"));
  free(text);
  run_free(&r);
  year_fixture_free(&b);
}

static void test_null(void **state) {
  (void)state;
  assert_int_equal(ygt_year_check(NULL), YGT_EINVAL);
}

int main(int argc, char **argv) {
  full = argc > 1 && !strcmp(argv[1], "full");
  const struct CMUnitTest quick[] = {
    cmocka_unit_test(test_every_bundle_balances),
    cmocka_unit_test(test_broken_accounts_are_named),
    cmocka_unit_test(test_negative_money_is_named),
    cmocka_unit_test(test_report_states_the_check),
    cmocka_unit_test(test_null),
  };
  const struct CMUnitTest scale_one[] = {cmocka_unit_test(test_every_bundle_balances)};
  return full ? cmocka_run_group_tests(scale_one, NULL, NULL) : cmocka_run_group_tests(quick, NULL, NULL);
}
