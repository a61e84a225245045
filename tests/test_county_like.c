/* ygt_county_generate_like(): a county routed again from another's needs is,
 * bit for bit, the county ygt_county_generate() makes with the same rules
 * and options (every column and the case batch), on every example bundle
 * and several seeds, for other routing options and other rules; options
 * that shape the needs, a totals-only county and foreign rules are refused
 * without a county. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "year_fixture.h"

static const char *const bundles[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
#define SCALE 0.02

static void same_columns(const ygt_county *a, const ygt_county *b, const char *what) {
  assert_int_equal(ygt_county_event_count(a), ygt_county_event_count(b));
  for (int k = 0; k < 28; k++) {
    const void *x = NULL, *y = NULL;
    size_t n = 0, m = 0;
    assert_int_equal(ygt_county_column(&x, &n, a, k), YGT_OK);
    assert_int_equal(ygt_county_column(&y, &m, b, k), YGT_OK);
    assert_int_equal(n, m);
    if (n && memcmp(x, y, n * (size_t)ygt_county_column_width(k)))
      fail_msg("%s: column %s differs", what, ygt_county_column_name(k));
  }
}

static void same_cases(const ygt_cases *a, const ygt_cases *b) {
  size_t n = ygt_cases_count(a);
  assert_int_equal(n, ygt_cases_count(b));
  for (size_t i = 0; i < n; i++) {
    int64_t x = 0, y = 0;
    int32_t p = 0, q = 0;
    assert_int_equal(ygt_cases_get_int64(a, i, YGT_CASE_FUND_PAID, &x), YGT_OK);
    assert_int_equal(ygt_cases_get_int64(b, i, YGT_CASE_FUND_PAID, &y), YGT_OK);
    assert_int_equal(ygt_cases_get_int(a, i, YGT_CASE_INSTITUTION, &p), YGT_OK);
    assert_int_equal(ygt_cases_get_int(b, i, YGT_CASE_INSTITUTION, &q), YGT_OK);
    assert_true(x == y && p == q);
  }
}

/* like routed again under rules and o equals a fresh generation; returns whether the routing moved. */
static int check_like(const year_bundle *b, const ygt_county *like, const ygt_referral_rules *rules,
                      const ygt_county_options *o, const char *what) {
  ygt_county *fresh = NULL, *again = NULL;
  assert_int_equal(ygt_county_generate(&fresh, b->model, rules, b->casemix, o), YGT_OK);
  assert_int_equal(ygt_county_generate_like(&again, like, rules, o), YGT_OK);
  same_columns(fresh, again, what);
  same_cases(ygt_county_cases(fresh), ygt_county_cases(again));
  const void *x = NULL, *y = NULL;
  size_t n = 0;
  assert_int_equal(ygt_county_column(&x, &n, like, YGT_COUNTY_EVENT_INSTITUTION), YGT_OK);
  assert_int_equal(ygt_county_column(&y, &n, again, YGT_COUNTY_EVENT_INSTITUTION), YGT_OK);
  int moved = n && memcmp(x, y, n * sizeof(int32_t)) != 0;
  ygt_county_free(fresh);
  ygt_county_free(again);
  return moved;
}

/* The bundle's referral rules with another out-of-county penalty. */
static ygt_referral_rules *penalised(const year_bundle *b, const char *bundle) {
  char path[512], *text = calloc(1, 1 << 20);
  snprintf(path, sizeof path, SOURCE_ROOT "/examples/data/%s/referral.json", bundle);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  size_t len = fread(text, 1, (1 << 20) - 1, f);
  fclose(f);
  text[len] = 0;
  char *at = strstr(text, "\"out_of_county_points\":");
  assert_non_null(at); /* every example bundle has a penalty to change */
  at = strchr(at, ':') + 1;
  while (*at == ' ') at++;
  at[0] = '6', at[1] = '0'; /* 15 or 20 -> 60 */
  char dir[512];
  snprintf(dir, sizeof dir, SOURCE_ROOT "/examples/data/%s", bundle);
  ygt_referral_rules *r = NULL;
  assert_int_equal(ygt_referral_rules_parse(&r, b->model, ygt_casemix_codes(b->casemix, YGT_CODE_DIAGNOSIS), text,
                                            path, dir),
                   YGT_OK);
  free(text);
  return r;
}

static void like_equals_fresh(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bundles / sizeof bundles[0]; i++) {
    year_bundle b;
    assert_int_equal(year_fixture_load(&b, bundles[i]), YGT_OK);
    ygt_referral_rules *other = penalised(&b, bundles[i]);
    int moved = 0;
    for (uint64_t seed = 1; seed <= 3; seed++) {
      ygt_county_options o = year_fixture_options(&b, SCALE, seed), p = o;
      ygt_county *like = NULL;
      assert_int_equal(ygt_county_generate(&like, b.model, b.rules, b.casemix, &o), YGT_OK);
      moved |= check_like(&b, like, b.rules, &o, "same rules and options");
      p.primary_first_contact = 0.85, p.cost_response = 0.5, p.tier_cost[2] = 1.3, p.bypass_slip = 0.2;
      moved |= check_like(&b, like, b.rules, &p, "routing options");
      moved |= check_like(&b, like, other, &p, "other rules");
      ygt_county_free(like);
    }
    assert_true(moved); /* the variants do route differently */
    ygt_referral_rules_free(other);
    year_fixture_free(&b);
  }
}

static void refuse(const ygt_county *like, const ygt_referral_rules *rules, const ygt_county_options *o,
                   const char *fragment) {
  ygt_county *c = (ygt_county *)1;
  assert_int_equal(ygt_county_generate_like(&c, like, rules, o), YGT_EINVAL);
  assert_null(c);
  const char *m = ygt_error_last()->message;
  if (!strstr(m, fragment)) fail_msg("message '%s' lacks '%s'", m, fragment);
}

static void refusals(void **state) {
  (void)state;
  year_bundle b, z;
  assert_int_equal(year_fixture_load(&b, "ninghai"), YGT_OK);
  assert_int_equal(year_fixture_load(&z, "zhuhai"), YGT_OK);
  ygt_county_options o = year_fixture_options(&b, SCALE, 1);
  ygt_county *like = NULL, *totals = NULL;
  assert_int_equal(ygt_county_generate(&like, b.model, b.rules, b.casemix, &o), YGT_OK);
  assert_int_equal(ygt_county_generate_totals(&totals, b.model, b.rules, b.casemix, &o), YGT_OK);
  ygt_county_options p = o;
  p.seed = 2;
  refuse(like, b.rules, &p, "option seed differs");
  p = o, p.inpatient_factor *= 1.1;
  refuse(like, b.rules, &p, "option inpatient_factor differs");
  p = o, p.age_pyramid[3] = 7;
  refuse(like, b.rules, &p, "option age_pyramid differs");
  p = o, p.los_cv = 0.3;
  refuse(like, b.rules, &p, "option los_cv differs");
  refuse(totals, b.rules, &o, "totals only");
  refuse(like, z.rules, &o, "another model");
  refuse(NULL, b.rules, &o, "NULL");
  p = o, p.primary_first_contact = 2;
  refuse(like, b.rules, &p, "primary_first_contact");
  ygt_county_free(totals);
  ygt_county_free(like);
  year_fixture_free(&z);
  year_fixture_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(like_equals_fresh), cmocka_unit_test(refusals)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
