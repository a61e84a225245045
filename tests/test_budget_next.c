/* Next year's budget (ygt_budget_next): the base rules as invariants over
 * many budgets and spendings (the ratchet under "actual", none under
 * "budget", the floor), exact rounding against integer arithmetic, chains
 * of years with their provenance, the carried overspend, and bad inputs
 * that leave everything as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "budget_fixture.h"

#define M 1000000LL /* fen */
#define U 1000000LL /* millionths */

/* K1 employee and K2 resident budgets (yuan strings) with a next_year rule. */
static const char *two_lines(char *out, const char *k1, const char *k2, const char *rule) {
  char lines[512], tail[1024];
  snprintf(lines, sizeof lines,
           "\"budgets\": [{\"community\": \"K1\", \"insurance\": \"employee\", \"last_year\": \"%s\"},"
           " {\"community\": \"K2\", \"insurance\": \"resident\", \"last_year\": \"%s\"}],", k1, k2);
  snprintf(tail, sizeof tail, " \"next_year\": %s,\n \"distribution\":", rule);
  const char *b = strstr(budget_base, "\"budgets\""), *e = strstr(b, "\n"), *d = strstr(budget_base, " \"distribution\":");
  snprintf(out, 4096, "%.*s%s%.*s%s%s", (int)(b - budget_base), budget_base, lines, (int)(d - e), e, tail,
           d + strlen(" \"distribution\":"));
  return out;
}

typedef struct year_run {
  ygt_model *m;
  ygt_budget *b;
  ygt_budget_report *r;
} year_run;

/* Settles b with K1 employees spending a1 at H1 and K2 residents a2 at H2 in b's year. */
static ygt_budget_report *settle_spending(const ygt_model *m, const ygt_budget *b, int64_t a1, int64_t a2) {
  brows rows = {0};
  int32_t y = ygt_budget_year(b);
  brow(&rows, I_H1, 0, y, YGT_INSURANCE_EMPLOYEE, 0, a1);
  brow(&rows, I_H2, 1, y, YGT_INSURANCE_RESIDENT, 0, a2);
  ygt_encounters *e = brows_batch(&rows);
  ygt_budget_report *r = NULL;
  assert_int_equal(ygt_budget_settle(&r, b, m, e, NULL, NULL, 0), 0);
  ygt_encounters_free(e);
  return r;
}

static void start(year_run *t, const char *json, int64_t a1, int64_t a2) {
  t->m = fixture_model();
  if (ygt_budget_parse(&t->b, t->m, json, "budget.json")) fail_msg("%s", ygt_error_last()->message);
  t->r = settle_spending(t->m, t->b, a1, a2);
}

static void finish(year_run *t) {
  ygt_budget_report_free(t->r);
  ygt_budget_free(t->b);
  ygt_model_free(t->m);
}

static int64_t amount(const ygt_budget *b, int32_t c, int ins) {
  int64_t v = -1;
  assert_int_equal(ygt_budget_amount(&v, b, c, ins), 0);
  return v;
}

/* The oracle: round(base × (1 + g)) for an integer base and g in millionths, half away from zero. */
static int64_t grown(int64_t base, int64_t g) {
  __int128 x = (__int128)base * (U + g);
  return (int64_t)((x + U / 2) / U);
}

/* A small deterministic generator for the figures. */
static uint64_t lcg(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return *s >> 33;
}

static ygt_budget *next_of(const year_run *t) {
  ygt_budget *n = NULL;
  if (ygt_budget_next(&n, t->b, t->r)) fail_msg("%s", ygt_error_last()->message);
  return n;
}

/* One random budget and spending under four rules: each next line is the rule's base × (1 + g), exact. */
static void check_rules_once(uint64_t *s) {
  static const int64_t growths[] = {0, 50000, 60000, -990000, 123457, 10 * U};
  int64_t g = growths[lcg(s) % 6], b1 = (int64_t)(lcg(s) % 100000000) * 100 + (int64_t)(lcg(s) % 100),
          b2 = (int64_t)(lcg(s) % 5000000) * 100, a1 = (int64_t)(lcg(s) % (uint64_t)(2 * b1 + 1)),
          a2 = (int64_t)(lcg(s) % (uint64_t)(2 * b2 + 1));
  char y1[64], y2[64], rule[256], json[4096];
  snprintf(y1, sizeof y1, "%lld.%02lld", (long long)(b1 / 100), (long long)(b1 % 100));
  snprintf(y2, sizeof y2, "%lld", (long long)(b2 / 100));
  static const char *const rules[] = {"{\"base\": \"actual\"", "{\"base\": \"budget\"",
                                      "{\"base\": \"weighted\", \"weights\": {\"actual\": 0.7, \"budget\": 0.3}",
                                      "{\"base\": \"actual\", \"floor\": 0.95"};
  for (int k = 0; k < 4; k++) {
    year_run t = {0};
    snprintf(rule, sizeof rule, "%s, \"growth\": %.6f}", rules[k], (double)g / U);
    start(&t, two_lines(json, y1, y2, rule), a1, a2);
    ygt_budget *n = next_of(&t);
    int64_t base1[] = {a1, b1, 0, 100 * a1 < 95 * b1 ? -1 : a1}, base2[] = {a2, b2, 0, 100 * a2 < 95 * b2 ? -1 : a2};
    int64_t want1 = grown(base1[k], g), want2 = grown(base2[k], g);
    if (k == 2) { /* 0.7 A + 0.3 B in tenths of a fen, × (1 + g), one rounding */
      want1 = (int64_t)(((__int128)(7 * a1 + 3 * b1) * (U + g) + 5 * U) / (10 * U));
      want2 = (int64_t)(((__int128)(7 * a2 + 3 * b2) * (U + g) + 5 * U) / (10 * U));
    }
    if (k == 3 && base1[3] < 0) want1 = (int64_t)(((__int128)95 * b1 * (U + g) + 50 * U) / (100 * U));
    if (k == 3 && base2[3] < 0) want2 = (int64_t)(((__int128)95 * b2 * (U + g) + 50 * U) / (100 * U));
    assert_int_equal(amount(n, 0, YGT_INSURANCE_EMPLOYEE), want1);
    assert_int_equal(amount(n, 1, YGT_INSURANCE_RESIDENT), want2);
    assert_int_equal(amount(n, 0, YGT_INSURANCE_RESIDENT), 0); /* no line stays no line */
    ygt_budget_free(n);
    finish(&t);
  }
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_rules_exact(void **state) {
  (void)state;
  uint64_t s = 19;
  for (int i = 0; i < 60; i++) check_rules_once(&s);
}

/* Both lines budget 1,000,000 yuan; K1 saves 10 %, K2 overspends 10 %. */
static void ratchet_case(const char *rule, int64_t want_k1, int64_t want_k2) {
  year_run t = {0};
  char json[4096];
  start(&t, two_lines(json, "1000000.00", "1000000.00", rule), 90 * M, 110 * M);
  ygt_budget *n = next_of(&t);
  assert_int_equal(amount(n, 0, YGT_INSURANCE_EMPLOYEE), want_k1);
  assert_int_equal(amount(n, 1, YGT_INSURANCE_RESIDENT), want_k2);
  ygt_budget_free(n);
  finish(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* The ratchet: under "actual" the community that saved gets a smaller base; under "budget" it does not. */
static void test_ratchet(void **state) {
  (void)state;
  ratchet_case("{\"base\": \"actual\", \"growth\": 0.05}", 94500000, 115500000);
  ratchet_case("{\"base\": \"budget\", \"growth\": 0.05}", 105 * M, 105 * M);
  ratchet_case("{\"base\": \"actual\", \"floor\": 0.95, \"growth\": 0.05}", 99750000, 115500000);
  ratchet_case("{\"base\": \"weighted\", \"weights\": {\"actual\": 0.5, \"budget\": 0.5}}", 95 * M, 105 * M);
  /* the carried overspend: K2's fund part of 10 M over = 3.5 M + 2.5 M (budget_base's bands) */
  ratchet_case("{\"base\": \"budget\", \"carry\": \"fund_overspend\"}", 100 * M, 94 * M);
}

/* Three years in a row: years, provenance, rules kept, each settled and balanced. */
static void test_chain(void **state) {
  (void)state;
  year_run t = {0};
  char json[4096];
  start(&t, two_lines(json, "1000000.00", "500000.00", "{\"base\": \"actual\", \"growth\": 0.06}"), 80 * M, 55 * M);
  assert_string_equal(ygt_budget_provenance(t.b, "derived"), "");
  ygt_budget *b = t.b;
  ygt_budget_report *r = t.r;
  int64_t a1 = 80 * M, a2 = 55 * M;
  for (int y = 2024; y <= 2026; y++) {
    int64_t want1 = grown(a1, 60000), want2 = grown(a2, 60000);
    ygt_budget *n = NULL;
    assert_int_equal(ygt_budget_next(&n, b, r), 0);
    assert_int_equal(ygt_budget_year(n), y);
    assert_int_equal(amount(n, 0, YGT_INSURANCE_EMPLOYEE), want1);
    assert_int_equal(amount(n, 1, YGT_INSURANCE_RESIDENT), want2);
    char from[128];
    snprintf(from, sizeof from, "from the %d budget and its settlement: base actual, growth 0.06, carry none", y - 1);
    assert_string_equal(ygt_budget_provenance(n, "derived"), from);
    assert_string_equal(ygt_budget_provenance(n, "document"), "test");
    if (b != t.b) ygt_budget_free(b);
    ygt_budget_report_free(r);
    b = n;
    a1 = want1 - 1000, a2 = want2 + 7; /* each year K1 saves 10 yuan, K2 overspends 7 fen */
    r = settle_spending(t.m, b, a1, a2);
    assert_ledger_balances(r, 2);
    assert_int_equal(field_of(r, 1, YGT_INSURANCE_RESIDENT, YGT_BUDGET_OVER_FUND), 5); /* 7 × 0.7 -> 4.9 -> 5 */
  }
  t.r = r;
  ygt_budget_free(b);
  finish(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

typedef struct bad_rule {
  const char *rule;
  int code;
  const char *fragment, *field;
} bad_rule;

static const bad_rule bad_rules[] = {
    {"1", YGT_EPARSE, "must be an object", "next_year"},
    {"{}", YGT_EPARSE, "missing", "next_year.base"},
    {"{\"base\": \"actual\", \"colour\": 1}", YGT_EPARSE, "unknown key", "next_year.colour"},
    {"{\"base\": \"last_year\"}", YGT_EPARSE, "unknown value 'last_year'", "next_year.base"},
    {"{\"base\": \"\"}", YGT_EPARSE, "unknown value ''", "next_year.base"},
    {"{\"base\": \"actual\", \"growth\": -0.995}", YGT_ERANGE, "outside [-0.99, 10]", "next_year.growth"},
    {"{\"base\": \"actual\", \"growth\": \"0.05\"}", YGT_EPARSE, "", "next_year.growth"},
    {"{\"base\": \"actual\", \"growth\": 0.0500001}", YGT_ERANGE, "more than 6 decimals", "next_year.growth"},
    {"{\"base\": \"actual\", \"floor\": 1.5}", YGT_ERANGE, "outside [0, 1]", "next_year.floor"},
    {"{\"base\": \"actual\", \"carry\": \"surplus\"}", YGT_EPARSE, "unknown value 'surplus'", "next_year.carry"},
    {"{\"base\": \"actual\", \"weights\": {\"actual\": 1, \"budget\": 0}}", YGT_EPARSE, "only with base 'weighted'", "next_year.weights"},
    {"{\"base\": \"weighted\"}", YGT_EPARSE, "needs an object", "next_year.weights"},
    {"{\"base\": \"weighted\", \"weights\": {\"actual\": 0.6}}", YGT_EPARSE, "missing", "next_year.weights.budget"},
    {"{\"base\": \"weighted\", \"weights\": {\"actual\": 0.6, \"budget\": 0.3}}", YGT_EVALIDATE, "do not add up", "next_year.weights"},
    {"{\"base\": \"weighted\", \"weights\": {\"actual\": 0.6, \"budget\": 0.4, \"history\": 0}}", YGT_EPARSE, "unknown key", "next_year.weights.history"},
    {"{\"base\": \"weighted\", \"weights\": {\"actual\": 1.2, \"budget\": -0.2}}", YGT_ERANGE, "outside [0, 1]", "next_year.weights.actual"},
};

static void test_rule_errors(void **state) {
  (void)state;
  ygt_model *m = fixture_model();
  char json[4096];
  for (size_t k = 0; k < sizeof bad_rules / sizeof bad_rules[0]; k++) {
    ygt_budget *b = (ygt_budget *)1;
    int rc = ygt_budget_parse(&b, m, two_lines(json, "1", "1", bad_rules[k].rule), "budget.json");
    const ygt_error *err = ygt_error_last();
    if (rc != bad_rules[k].code || !strstr(err->message, bad_rules[k].fragment) ||
        strcmp(err->field, bad_rules[k].field) != 0)
      fail_msg("case %zu: rc %d (want %d), message '%s', field '%s' (want '%s')", k, rc, bad_rules[k].code,
               err->message, err->field, bad_rules[k].field);
    assert_null(b);
    assert_string_equal(err->source, "budget.json");
  }
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* A failed call leaves *out NULL and the budget as it was. */
static void expect_fail(const ygt_budget *b, const ygt_budget_report *r, int code, const char *fragment) {
  ygt_budget *n = (ygt_budget *)1;
  int64_t before = amount(b, 0, YGT_INSURANCE_EMPLOYEE);
  assert_int_equal(ygt_budget_next(&n, b, r), code);
  assert_null(n);
  if (!strstr(ygt_error_last()->message, fragment)) fail_msg("message '%s'", ygt_error_last()->message);
  assert_int_equal(amount(b, 0, YGT_INSURANCE_EMPLOYEE), before);
  assert_int_equal(ygt_budget_year(b), 2023);
}

static void test_bad_inputs(void **state) {
  (void)state;
  year_run t = {0}, other = {0};
  char json[4096];
  start(&t, two_lines(json, "1000000.00", "1000000.00", "{\"base\": \"actual\", \"growth\": -0.99, \"carry\": \"fund_overspend\"}"),
        100 * M, 105 * M);
  expect_fail(t.b, NULL, YGT_EINVAL, "NULL");
  assert_int_equal(ygt_budget_next(NULL, t.b, t.r), YGT_EINVAL);
  /* K2 resident: 105 M × 0.01 = 1.05 M next, less the fund's 3.5 M of the overspend */
  expect_fail(t.b, t.r, YGT_ERANGE, "exceeds its next budget");
  start(&other, two_lines(json, "1000000.01", "1000000.00", "{\"base\": \"actual\"}"), 1, 1);
  expect_fail(t.b, other.r, YGT_EINVAL, "another budget");
  ygt_budget_report_free(other.r), ygt_budget_free(other.b), ygt_model_free(other.m);
  start(&other, budget_base, 1, 1); /* no next_year rule */
  expect_fail(other.b, other.r, YGT_ENOTFOUND, "no next_year rule");
  expect_fail(t.b, other.r, YGT_EINVAL, "another budget");
  ygt_budget_report_free(other.r), ygt_budget_free(other.b), ygt_model_free(other.m);
  /* an equal budget settled the same way is still another budget */
  start(&other, two_lines(json, "1000000.00", "1000000.00", "{\"base\": \"actual\", \"growth\": -0.99, \"carry\": \"fund_overspend\"}"),
        100 * M, 105 * M);
  expect_fail(t.b, other.r, YGT_EINVAL, "another budget");
  finish(&other);
  finish(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* A report of another year is refused; so is a year past 9999. */
static void test_years(void **state) {
  (void)state;
  year_run t = {0}, late = {0};
  char json[4096], edited[4096];
  start(&t, two_lines(json, "100", "100", "{\"base\": \"budget\"}"), 1, 1);
  snprintf(edited, sizeof edited, "%s", json);
  memcpy(strstr(edited, "2023"), "2024", 4);
  start(&late, edited, 1, 1);
  expect_fail(t.b, late.r, YGT_EINVAL, "another budget (its year 2024)");
  ygt_budget_report_free(late.r), ygt_budget_free(late.b), ygt_model_free(late.m);
  memcpy(strstr(edited, "2024"), "9999", 4);
  start(&late, edited, 1, 1);
  ygt_budget *n = (ygt_budget *)1;
  assert_int_equal(ygt_budget_next(&n, late.b, late.r), YGT_ERANGE);
  assert_null(n);
  finish(&late);
  finish(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* The scaled copy keeps the rule and the provenance; its next is the scaled base grown. */
static void test_scaled(void **state) {
  (void)state;
  year_run t = {0};
  char json[4096];
  t.m = fixture_model();
  assert_int_equal(ygt_budget_parse(&t.b, t.m, two_lines(json, "1000", "1000", "{\"base\": \"budget\", \"growth\": 0.1}"), NULL), 0);
  ygt_budget *s = NULL, *n = NULL;
  assert_int_equal(ygt_budget_scale(&s, t.b, 0.5), 0);
  t.r = settle_spending(t.m, s, 1, 1);
  assert_int_equal(ygt_budget_next(&n, t.b, t.r), YGT_EINVAL); /* the report is of the scaled copy */
  assert_int_equal(ygt_budget_next(&n, s, t.r), 0);
  assert_int_equal(amount(n, 0, YGT_INSURANCE_EMPLOYEE), 55000); /* 500 yuan × 1.1 */
  ygt_budget_free(n);
  ygt_budget_free(s);
  finish(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* Every allocation of ygt_budget_next failing in turn: YGT_ENOMEM, no budget,
 * nothing leaked.  The failing allocator is installed before anything is made
 * (it refuses to replace one with live blocks), never failing during the setup. */
static void test_failing_allocations(void **state) {
  (void)state;
  testutil_failing f;
  year_run t = {0};
  char json[4096];
  long k;
  assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
  start(&t, two_lines(json, "1000", "2000", "{\"base\": \"actual\", \"growth\": 0.05}"), 90000, 210000);
  size_t base = ygt_allocated_blocks();
  for (k = 1; k < 100; k++) {
    ygt_budget *n = (ygt_budget *)1;
    f.calls = 0, f.fail_at = k;
    int rc = ygt_budget_next(&n, t.b, t.r);
    f.fail_at = 0;
    if (!rc) {
      assert_int_equal(amount(n, 1, YGT_INSURANCE_RESIDENT), 220500);
      ygt_budget_free(n);
      break;
    }
    assert_int_equal(rc, YGT_ENOMEM);
    assert_null(n);
    assert_int_equal(ygt_allocated_blocks(), base);
  }
  assert_true(k > 9); /* the copy, its eight parts and the provenance each failed once */
  finish(&t);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rules_exact), cmocka_unit_test(test_ratchet),  cmocka_unit_test(test_chain),
      cmocka_unit_test(test_rule_errors), cmocka_unit_test(test_bad_inputs), cmocka_unit_test(test_years),
      cmocka_unit_test(test_scaled),      cmocka_unit_test(test_failing_allocations),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
