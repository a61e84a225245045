/* "*" keys never depend on where they stand: in scheme.json DRG base rates
 * and levels, and in per-diem bands, "*" is every key without an entry of
 * its own, written first or last (issue 18, part 3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#define DATA SOURCE_ROOT "/examples/data/"

static ygt_model *model; /* Chun'an: CA-R01 is a 3A hospital */
static char dir[64];
static char rates[128];

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/ygt-fallback-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  snprintf(rates, sizeof rates, "%s/drg-rates.tsv", dir);
  FILE *f = fopen(rates, "w");
  if (!f) return -1;
  fputs("drg_code\trw\nG1\t1\n", f);
  fclose(f);
  return ygt_model_load(&model, DATA "chunan");
}

static int teardown(void **state) {
  (void)state;
  remove(rates);
  rmdir(dir);
  ygt_model_free(model);
  return 0;
}

/* The amount paid for one resident stay of group G1 (RW 1) at CA-R01 under
 * an in-patient DRG line with the given base_rates and levels. */
static int64_t drg_amount(const char *base_rates, const char *levels, const char *cost) {
  char json[1024];
  snprintf(json, sizeof json,
           "{\"format\": \"yigongti-scheme/1\", \"lines\": {\"inpatient\": {\"method\": \"drg\", \"table\": "
           "\"drg-rates.tsv\", \"base_rates\": %s, \"levels\": %s}}}", base_rates, levels);
  ygt_scheme *s;
  int rc = ygt_scheme_parse(&s, model, NULL, NULL, json, "scheme.json", dir);
  if (rc) fail_msg("%s", ygt_error_last()->message);
  ygt_codes *dx, *proc;
  ygt_cases *c;
  size_t row;
  int64_t fen;
  assert_int_equal(ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS), YGT_OK);
  assert_int_equal(ygt_codes_new(&proc, YGT_CODE_PROCEDURE), YGT_OK);
  assert_int_equal(ygt_cases_new(&c, dx, proc, 1), YGT_OK);
  assert_int_equal(ygt_cases_append(c, &row), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_INSTITUTION, ygt_model_institution_find(model, "CA-R01")), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_INSURANCE, YGT_INSURANCE_RESIDENT), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_LOS_DAYS, 5), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_DISCHARGE_DATE, 20240310), YGT_OK);
  char *end;
  fen = strtoll(cost, &end, 10) * 100;
  assert_int_equal(ygt_cases_set_int64(c, row, YGT_CASE_TOTAL_COST, fen), YGT_OK);
  int32_t group = ygt_scheme_group_find(s, YGT_LINE_INPATIENT, "G1");
  ygt_scheme_input in;
  ygt_scheme_input_init(&in);
  in.stays = c;
  in.stay_group = &group;
  ygt_scheme_result *r;
  if (ygt_scheme_settle(&r, s, &in)) fail_msg("%s", ygt_error_last()->message);
  int64_t amount = -1;
  assert_int_equal(ygt_scheme_result_stays(NULL, NULL, NULL, NULL, &amount, NULL, r, 1), YGT_OK);
  ygt_scheme_result_free(r);
  ygt_cases_free(c);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  ygt_scheme_free(s);
  return amount;
}

/* 10000 × RW 1 × 1.1 = 11,000 yuan whichever way the object is written
 * (was 7,150 with "*" last: 6500 × 1.1). */
static void test_base_rates_star_either_order(void **state) {
  (void)state;
  const char *lv = "{\"3A\": {\"adjust\": 1.1}}";
  assert_int_equal(drg_amount("{\"resident\": {\"3A\": 10000, \"*\": 6500}}", lv, "8000"), 1100000);
  assert_int_equal(drg_amount("{\"resident\": {\"*\": 6500, \"3A\": 10000}}", lv, "8000"), 1100000);
  /* a level without its own rate takes "*": 6500 × 1.1 when 3A has none */
  assert_int_equal(drg_amount("{\"resident\": {\"2A\": 10000, \"*\": 6500}}", lv, "5000"), 715000);
}

/* A stay at 4 × the standard: high-cost (paid its cost, 40,000) under 3A's
 * own high factor 3, whichever way the object is written (was paid the
 * standard, 10,000, with "*" last: factor 5). */
static void test_levels_star_either_order(void **state) {
  (void)state;
  const char *br = "{\"resident\": {\"*\": 10000}}";
  assert_int_equal(drg_amount(br, "{\"3A\": {\"high_factor\": 3}, \"*\": {\"high_factor\": 5}}", "40000"), 4000000);
  assert_int_equal(drg_amount(br, "{\"*\": {\"high_factor\": 5}, \"3A\": {\"high_factor\": 3}}", "40000"), 4000000);
  /* and "*" reaches 3A when 3A does not set the parameter */
  assert_int_equal(drg_amount(br, "{\"3A\": {\"adjust\": 1}, \"*\": {\"high_factor\": 5}}", "40000"), 1000000);
}

/* Two spellings of one key in one object would let key order decide: an
 * error naming the second key, not a silent choice. */
static int parse_rc(const char *base_rates, const char *levels) {
  char json[1024];
  snprintf(json, sizeof json,
           "{\"format\": \"yigongti-scheme/1\", \"lines\": {\"inpatient\": {\"method\": \"drg\", \"table\": "
           "\"drg-rates.tsv\", \"base_rates\": %s, \"levels\": %s}}}", base_rates, levels);
  ygt_scheme *s = NULL;
  int rc = ygt_scheme_parse(&s, model, NULL, NULL, json, "scheme.json", dir);
  ygt_scheme_free(s);
  return rc;
}

static void test_twin_spellings_are_errors(void **state) {
  (void)state;
  assert_int_equal(parse_rc("{\"resident\": {\"*\": 1}, \"居民\": {\"*\": 2}}", "{}"), YGT_EEXISTS);
  assert_non_null(strstr(ygt_error_last()->field, "base_rates."));
  assert_int_equal(parse_rc("{\"resident\": {\"3A\": 1, \"三甲\": 2}}", "{}"), YGT_EEXISTS);
  assert_int_equal(parse_rc("{\"resident\": {\"*\": 1}}", "{\"3A\": {\"adjust\": 1}, \"三级甲等\": {\"adjust\": 2}}"),
                   YGT_EEXISTS);
  assert_int_equal(parse_rc("{\"居民\": {\"三甲\": 1, \"*\": 2}}", "{\"三甲\": {\"adjust\": 1.1}}"), YGT_OK);
}

/* Per-diem bands: level "*" is every level without bands of its own, in
 * whichever row order. */
static void test_perdiem_star_either_order(void **state) {
  (void)state;
  static const char *const tables[2] = {
    "class\tlevel\tfrom_day\tto_day\trate\nrehab\t3A\t1\t\t500.00\nrehab\t*\t1\t\t300.00\n",
    "class\tlevel\tfrom_day\tto_day\trate\nrehab\t*\t1\t\t300.00\nrehab\t3A\t1\t\t500.00\n",
  };
  for (int i = 0; i < 2; i++) {
    char path[256];
    ygt_perdiem *p;
    int64_t a3, a2;
    assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", tables[i]));
    if (ygt_perdiem_load(&p, path)) fail_msg("%s", ygt_error_last()->message);
    int32_t cls = ygt_perdiem_class_find(p, "rehab");
    assert_int_equal(ygt_perdiem_amount(&a3, p, cls, YGT_LEVEL_3A, 10), YGT_OK);
    assert_int_equal(ygt_perdiem_amount(&a2, p, cls, YGT_LEVEL_2A, 10), YGT_OK);
    assert_int_equal(a3, 500000);
    assert_int_equal(a2, 300000);
    ygt_perdiem_free(p);
    remove(path);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_base_rates_star_either_order),
    cmocka_unit_test(test_levels_star_either_order),
    cmocka_unit_test(test_perdiem_star_either_order),
    cmocka_unit_test(test_twin_spellings_are_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
