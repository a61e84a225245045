/* The one table of accepted spellings (labels.c): every spelling of a value
 * parses to it, through the public parsers and the case loader; an unknown
 * spelling is an error naming the file, line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

static ygt_codes *dx, *proc;

static int setup(void **state) {
  (void)state;
  if (ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS) || ygt_codes_new(&proc, YGT_CODE_PROCEDURE)) return -1;
  return ygt_codes_add(dx, "A00.000", NULL, NULL);
}

static int teardown(void **state) {
  (void)state;
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  return 0;
}

static int parsed(int set, const char *text) {
  int v = -99;
  assert_int_equal(ygt_label_parse(&v, set, text), YGT_OK);
  return v;
}

static void test_insurance_spellings(void **state) {
  (void)state;
  static const char *const employee[] = {"employee", "职工", "职工医保", "职工基本医疗保险", "0", "310"};
  static const char *const resident[] = {"resident", "居民", "居民医保", "城乡居民基本医疗保险", "1", "390"};
  for (size_t i = 0; i < 6; i++) {
    assert_int_equal(parsed(YGT_LABELS_INSURANCE, employee[i]), YGT_INSURANCE_EMPLOYEE);
    assert_int_equal(parsed(YGT_LABELS_INSURANCE, resident[i]), YGT_INSURANCE_RESIDENT);
    int v = -1; /* the public enum parser, used by every JSON loader, reads the same table */
    assert_int_equal(ygt_insurance_from_name(&v, resident[i]), YGT_OK);
    assert_int_equal(v, YGT_INSURANCE_RESIDENT);
  }
  int v = 7;
  assert_int_equal(ygt_label_parse(&v, YGT_LABELS_INSURANCE, "农合"), YGT_ENOTFOUND);
  assert_int_equal(v, 7);
  assert_non_null(strstr(ygt_error_last()->message, "unknown insurance type '农合'"));
  assert_int_equal(ygt_label_parse(&v, 99, "0"), YGT_EINVAL);
  assert_int_equal(ygt_label_parse(NULL, YGT_LABELS_SEX, "0"), YGT_EINVAL);
}

static void test_other_sets(void **state) {
  (void)state;
  assert_int_equal(parsed(YGT_LABELS_LEVEL, "三甲"), YGT_LEVEL_3A);
  assert_int_equal(parsed(YGT_LABELS_LEVEL, "三级甲等"), YGT_LEVEL_3A);
  assert_int_equal(parsed(YGT_LABELS_LEVEL, "2B"), YGT_LEVEL_2B);
  assert_int_equal(parsed(YGT_LABELS_TIER, "乡镇级"), YGT_TIER_TOWNSHIP);
  assert_int_equal(parsed(YGT_LABELS_SETTING, "住院"), YGT_SETTING_INPATIENT);
  assert_int_equal(parsed(YGT_LABELS_SETTING, "日间手术"), YGT_SETTING_DAY_SURGERY);
  assert_int_equal(parsed(YGT_LABELS_SEX, "女"), YGT_SEX_FEMALE);
  assert_int_equal(parsed(YGT_LABELS_SEX, "male"), YGT_SEX_MALE);
  assert_int_equal(parsed(YGT_LABELS_SEX, "9"), YGT_SEX_UNSPECIFIED);
  int v = -1;
  assert_int_equal(ygt_hospital_level_from_name(&v, "三乙"), YGT_OK);
  assert_int_equal(v, YGT_LEVEL_3B);
  assert_int_equal(ygt_setting_from_name(&v, "门诊"), YGT_OK);
  assert_int_equal(v, YGT_SETTING_OUTPATIENT);
  assert_int_equal(ygt_tier_from_name(&v, "county"), YGT_OK);
  assert_int_equal(v, YGT_TIER_COUNTY);
  assert_string_equal(ygt_label_set_name(YGT_LABELS_SEX), "sex");
  assert_null(ygt_label_set_name(5));
}

/* Every listed spelling parses back to the value it is listed with. */
static void test_listing(void **state) {
  (void)state;
  for (int set = 0; ygt_label_set_name(set); set++) {
    int n = 0, value = -1;
    for (const char *s; (s = ygt_label_spelling(set, n, &value)); n++) assert_int_equal(parsed(set, s), value);
    assert_true(n >= 6);
    assert_null(ygt_label_spelling(set, n + 5, NULL));
  }
  assert_null(ygt_label_spelling(-1, 0, NULL));
}

/* The case loader: 职工/居民/职工医保/0/1/employee/310 load to one value;
 * an unknown spelling marks the row malformed with file:line: field. */
static void test_case_loader(void **state) {
  (void)state;
  char path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv",
                                      "pdx\tinsurance\tsex\n"
                                      "A00.000\t职工\t男\nA00.000\t职工医保\t1\nA00.000\t0\tmale\n"
                                      "A00.000\temployee\t男\nA00.000\t310\t1\n"
                                      "A00.000\t居民\t女\nA00.000\t居民医保\t2\nA00.000\t1\tfemale\n"
                                      "A00.000\tresident\t女\nA00.000\t390\t2\n"
                                      "A00.000\t农合\t1\nA00.000\temployee\tM\n"));
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_load(c, path), YGT_OK);
  assert_int_equal(ygt_cases_count(c), 12);
  for (size_t i = 0; i < 10; i++) {
    int32_t ins = -1, sex = -1;
    assert_int_equal(ygt_cases_row_flags(c, i), 0);
    assert_int_equal(ygt_cases_get_int(c, i, YGT_CASE_INSURANCE, &ins), YGT_OK);
    assert_int_equal(ygt_cases_get_int(c, i, YGT_CASE_SEX, &sex), YGT_OK);
    assert_int_equal(ins, i < 5 ? YGT_INSURANCE_EMPLOYEE : YGT_INSURANCE_RESIDENT);
    assert_int_equal(sex, i < 5 ? YGT_SEX_MALE : YGT_SEX_FEMALE);
  }
  char want[300];
  snprintf(want, sizeof want, "%s:12: insurance: unknown insurance type", path);
  assert_int_equal(ygt_cases_row_flags(c, 10), YGT_CASE_ROW_MALFORMED);
  assert_non_null(strstr(ygt_cases_row_message(c, 10), want));
  snprintf(want, sizeof want, "%s:13: sex: unknown sex 'M'", path);
  assert_non_null(strstr(ygt_cases_row_message(c, 11), want));
  ygt_cases_free(c);
  remove(path);
}

/* Settlement parameters: the insurance and level keys take every spelling,
 * and two spellings of one key in one object are an error (key order would
 * otherwise pick one). */
static char *params_with(const char *from, const char *to) {
  FILE *f = fopen(SOURCE_ROOT "/examples/data/zhuhai/dip-params.json", "rb");
  assert_non_null(f);
  static char text[65536], out[65536];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  const char *at = strstr(text, from);
  assert_non_null(at);
  snprintf(out, sizeof out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
  return out;
}

static void test_settle_params_keys(void **state) {
  (void)state;
  ygt_settle_params *p = NULL;
  assert_int_equal(ygt_settle_params_parse(&p, params_with("\"resident\":", "\"居民医保\":"), "p.json"), YGT_OK);
  assert_int_equal(ygt_settle_params_has_insurance(p, YGT_INSURANCE_RESIDENT), 1);
  ygt_settle_params_free(p);
  assert_int_equal(ygt_settle_params_parse(&p, params_with("\"resident\":", "\"职工\":"), "p.json"), YGT_EEXISTS);
  assert_string_equal(ygt_error_last()->field, "insurance.职工");
  assert_int_equal(ygt_settle_params_parse(&p, params_with("\"level_coefficients\": {", "\"level_coefficients\": {\"三甲\": 1, "),
                                           "p.json"), YGT_EEXISTS);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_insurance_spellings),
    cmocka_unit_test(test_other_sets),
    cmocka_unit_test(test_listing),
    cmocka_unit_test(test_case_loader),
    cmocka_unit_test(test_settle_params_keys),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
