/* Budget files: the three forms of the base, and malformed files, each with
 * its code, message fragment and JSON path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "budget_fixture.h"

typedef struct bad_case {
  const char *find, *repl;
  int code;
  const char *fragment, *field;
} bad_case;

static const bad_case bad[] = {
    {"\"version\": 1", "\"version\": 2", YGT_EUNSUPPORTED, "version 2", "version"},
    {"yigongti.budget", "yigongti.other", YGT_EUNSUPPORTED, "not 'yigongti.budget'", "format"},
    {"\"year\": 2023, ", "", YGT_EPARSE, "missing", "year"},
    {"\"year\": 2023", "\"year\": 2023, \"colour\": 1", YGT_EPARSE, "unknown key", "colour"},
    {"\"K1\"", "\"K9\"", YGT_ENOTFOUND, "unknown community 'K9'", "budgets[0].community"},
    {"\"employee\"", "\"pension\"", YGT_ENOTFOUND, "unknown insurance type", "budgets[0].insurance"},
    {"\"last_year\": \"1000000.00\"}", "\"last_year\": \"1000000.00\"}, {\"community\": \"K1\", \"insurance\": \"职工医保\", \"last_year\": 5}",
     YGT_EEXISTS, "second budget", "budgets[1]"},
    {"\"last_year\": \"1000000.00\"", "\"last_year\": \"1000000.00\", \"per_capita\": 100", YGT_EPARSE, "exactly one of", "budgets[0]"},
    {"\"last_year\": \"1000000.00\"", "\"last_year\": \"10.001\"", YGT_EPARSE, "amount in yuan", "budgets[0].last_year"},
    {"\"last_year\": \"1000000.00\"", "\"last_year\": \"-5\"", YGT_ERANGE, "negative", "budgets[0].last_year"},
    {"\"last_year\": \"1000000.00\"", "\"last_year\": 5, \"growth\": -1", YGT_ERANGE, "outside", "budgets[0].growth"},
    {"\"last_year\": \"1000000.00\"", "\"history\": [\"1\", \"2\"]", YGT_EVALIDATE, "explicit weights", "budgets[0].history"},
    {"\"last_year\": \"1000000.00\"", "\"history\": [\"1\", \"2\"], \"weights\": [1]", YGT_EVALIDATE, "one per year", "budgets[0].weights"},
    {"\"last_year\": \"1000000.00\"", "\"history\": [\"1\", \"2\"], \"weights\": [1, -2]", YGT_ERANGE, ">= 0", "budgets[0].weights[1]"},
    {"{\"from\": 0.05, \"to\": 0.1, \"community\": 0.5}", "{\"from\": 0.04, \"to\": 0.1, \"community\": 0.5}", YGT_EVALIDATE, "overlaps", "sharing.surplus[1]"},
    {"{\"from\": 0.05, \"to\": 0.1, \"community\": 0.5}", "{\"from\": 0.06, \"to\": 0.1, \"community\": 0.5}", YGT_EVALIDATE, "gap", "sharing.surplus[1]"},
    {"{\"from\": 0.05, \"to\": 0.1, \"community\": 0.5}", "{\"from\": 0.05, \"to\": 0.05, \"community\": 0.5}", YGT_EVALIDATE, "must exceed", "sharing.surplus[1]"},
    {"[{\"from\": 0, \"to\": 0.05, \"community\": 1}, {\"from\": 0.05, \"to\": 0.1, \"community\": 0.5}]",
     "[{\"from\": 0.05, \"to\": 0.1, \"community\": 0.5}, {\"from\": 0, \"to\": 0.05, \"community\": 1}]", YGT_EVALIDATE, "gap", "sharing.surplus[0]"},
    {"\"community\": 1}", "\"community\": 1.5}", YGT_ERANGE, "outside [0, 1]", "sharing.surplus[0].community"},
    {"\"fund\": 0.7}", "\"fund\": -0.1}", YGT_ERANGE, "outside [0, 1]", "sharing.overspend[0].fund"},
    {"\"fund\": 0.7}", "\"fund\": 0.7, \"community\": 0.4}", YGT_EVALIDATE, "do not add up", "sharing.overspend[0]"},
    {", \"fund\": 0.7}", "}", YGT_EPARSE, "community or fund share", "sharing.overspend[0]"},
    {"\"to\": 0.1, \"community\": 0.5}", "\"to\": 1.5, \"community\": 0.5}", YGT_ERANGE, "outside", "sharing.surplus[1].to"},
    {"\"overspend\": [{\"from\": 0, \"to\": 0.05, \"fund\": 0.7}, {\"from\": 0.05, \"to\": 0.1, \"fund\": 0.5}]", "\"overspend\": []",
     YGT_EPARSE, "non-empty array", "sharing.overspend"},
    {"\"lead\"", "\"everyone\"", YGT_EPARSE, "unknown value 'everyone'", "sharing.overspend_bearer"},
    {"\"fixed\"", "\"lottery\"", YGT_EPARSE, "unknown value 'lottery'", "distribution.method"},
    {"\"county\": 0.6", "\"county\": 0.7", YGT_EVALIDATE, "sum to 1.1", "distribution.ratios"},
    {"\"county\": 0.6", "\"city\": 0.6", YGT_EPARSE, "unknown key", "distribution.ratios.city"},
    {"\"primary_floor\": 0.5", "\"primary_floor\": 1.2", YGT_ERANGE, "outside", "distribution.primary_floor"},
    {"\"reserve\": 0", "\"reserve\": 0.6", YGT_ERANGE, "outside", "reserve"},
    {"\"months\": 12", "\"months\": 13", YGT_ERANGE, "outside", "prepay.months"},
    {"\"months\": 12", "\"months\": 6.5", YGT_ERANGE, "whole number", "prepay.months"},
    {"\"document\": \"test\", ", "", YGT_EPARSE, "missing", "provenance.document"},
    {"\"year\": 2023,", "\"year\": 2023,,", YGT_EPARSE, "", ""},
};

static void test_malformed(void **state) {
  (void)state;
  ygt_model *m = fixture_model();
  char json[4096];
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    ygt_budget *b = (ygt_budget *)1;
    int rc = ygt_budget_parse(&b, m, budget_edit(json, bad[k].find, bad[k].repl), "budget.json");
    const ygt_error *err = ygt_error_last();
    if (rc != bad[k].code || !strstr(err->message, bad[k].fragment) || strcmp(err->field, bad[k].field) != 0)
      fail_msg("case %zu: rc %d (want %d), message '%s', field '%s' (want '%s')", k, rc, bad[k].code, err->message,
               err->field, bad[k].field);
    assert_null(b);
    assert_string_equal(err->source, "budget.json");
    assert_int_equal(ygt_allocated_blocks() > 0, 1); /* only the model's blocks remain */
  }
  assert_int_equal(ygt_budget_parse(NULL, m, budget_base, NULL), YGT_EINVAL);
  ygt_budget *b = NULL;
  assert_int_equal(ygt_budget_load(&b, m, "/nonexistent/budget.json"), YGT_EIO);
  assert_string_equal(ygt_error_last()->source, "/nonexistent/budget.json");
  ygt_model_free(m);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_syntax_line(void **state) {
  (void)state;
  ygt_model *m = fixture_model();
  char json[4096];
  ygt_budget *b = NULL;
  assert_int_equal(ygt_budget_parse(&b, m, budget_edit(json, "\"year\": 2023,", "\"year\": 2023,,"), "x.json"), YGT_EPARSE);
  assert_int_equal(ygt_error_last()->line, 3);
  ygt_model_free(m);
}

static int64_t amount_of(const char *find, const char *repl) {
  ygt_model *m = fixture_model();
  char json[4096];
  ygt_budget *b = NULL;
  int64_t v = -1;
  assert_int_equal(ygt_budget_parse(&b, m, budget_edit(json, find, repl), NULL), 0);
  assert_int_equal(ygt_budget_amount(&v, b, 0, YGT_INSURANCE_EMPLOYEE), 0);
  ygt_budget_free(b);
  ygt_model_free(m);
  return v;
}

static void test_base_forms(void **state) {
  (void)state;
  const char *ly = "\"last_year\": \"1000000.00\"";
  /* last year 1,000,000 yuan × 1.05 − 20,000.50 yuan */
  assert_int_equal(amount_of(ly, "\"last_year\": 1000000, \"growth\": 0.05, \"adjustment\": \"-20000.50\""), 102999950);
  /* weighted 1:2:7 of 800, 900, 1000 yuan: (800 + 1800 + 7000) / 10 = 960 yuan */
  assert_int_equal(amount_of(ly, "\"history\": [\"800\", \"900\", \"1000\"]"), 96000);
  /* weights 1:1 of 1 and 2 fen: 1.5 fen × 1 -> 2 (half away from zero) */
  assert_int_equal(amount_of(ly, "\"history\": [\"0.01\", \"0.02\"], \"weights\": [1, 1]"), 2);
  /* per capita: K1's grid G1 has 200 employee insured × 500 yuan × 1.1 */
  assert_int_equal(amount_of(ly, "\"per_capita\": \"500\", \"growth\": 0.1"), 200 * 50000 * 11 / 10);
  /* a negative result after the adjustment is refused */
  ygt_model *m = fixture_model();
  char json[4096];
  ygt_budget *b = NULL;
  assert_int_equal(ygt_budget_parse(&b, m, budget_edit(json, ly, "\"last_year\": 1, \"adjustment\": \"-2\""), NULL),
                   YGT_ERANGE);
  assert_string_equal(ygt_error_last()->field, "budgets[0]");
  ygt_model_free(m);
}

static void test_bundles(void **state) {
  (void)state;
  static const char *const names[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
  for (size_t k = 0; k < 4; k++) {
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/examples/data/%s", SOURCE_ROOT, names[k]);
    snprintf(path, sizeof path, "%s/budget.json", dir);
    ygt_model *m = NULL;
    ygt_budget *b = NULL;
    ygt_encounters *e = NULL;
    ygt_budget_report *r = NULL;
    assert_int_equal(ygt_model_load(&m, dir), 0);
    if (ygt_budget_load(&b, m, path)) fail_msg("%s: %s", names[k], ygt_error_last()->message);
    snprintf(path, sizeof path, "%s/encounters.tsv", dir);
    assert_int_equal(ygt_encounters_load(&e, m, path), 0);
    assert_int_equal(ygt_budget_settle(&r, b, m, e, NULL, NULL, 0), 0);
    assert_ledger_balances(r, ygt_model_community_count(m));
    ygt_budget_report_free(r);
    ygt_encounters_free(e);
    ygt_budget_free(b);
    ygt_model_free(m);
  }
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_syntax_line),
      cmocka_unit_test(test_base_forms),
      cmocka_unit_test(test_bundles),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
