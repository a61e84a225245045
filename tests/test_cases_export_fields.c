/* The export fields of issue 20's second round: 入院病情 per diagnosis
 * (adm_cond), the institution's level from the file and its check against
 * the model, and the translated fields (医疗付费方式, 住院医疗类型, coma in
 * three columns) -- values, row problems naming file, line, field and
 * value, and the header errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "yigongti/cases.h"
#include "yigongti/labels.h"
#include "yigongti/model.h"

static ygt_codes *dx, *proc;

static int setup(void **state) {
  (void)state;
  if (ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS) || ygt_codes_new(&proc, YGT_CODE_PROCEDURE)) return -1;
  const char *codes[] = {"I10.x00", "E11.900", "J44.100"};
  for (int i = 0; i < 3; i++)
    if (ygt_codes_add(dx, codes[i], "", NULL)) return -1;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  return 0;
}

/* A new batch loaded from text written to a temporary file (map: a built-in map or NULL). */
static ygt_cases *load_text(const char *text, const char *map, char *path, size_t cap, int expect) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  if (map) assert_int_equal(ygt_cases_map_builtin(c, map), YGT_OK);
  testutil_write_temp(path, cap, strstr(text, "{") == text ? ".json" : ".tsv", text);
  int rc = text[0] == '{' ? ygt_cases_load_4101(c, path) : ygt_cases_load(c, path);
  if (rc != expect) fail_msg("load: %d: %s", rc, ygt_error_last()->message);
  return c;
}

static void assert_problem(const ygt_cases *c, size_t row, int flag, const char *path, int line, const char *text) {
  char where[300];
  snprintf(where, sizeof where, "%s:%d: ", path, line);
  const char *msg = ygt_cases_row_message(c, row);
  assert_true(ygt_cases_row_flags(c, row) & flag);
  if (!strstr(msg, where) || !strstr(msg, text)) fail_msg("row %zu: '%s' lacks '%s' / '%s'", row, msg, where, text);
}

static int32_t get_int(const ygt_cases *c, size_t row, int column) {
  int32_t v;
  assert_int_equal(ygt_cases_get_int(c, row, column, &v), YGT_OK);
  return v;
}

static void test_adm_cond_in_a_case_file(void **state) {
  (void)state;
  char path[256];
  ygt_cases *c = load_text("case_id\tpdx\tsdx\tadm_cond\n"
                           "A\tI10.x00\tE11.900|J44.100\t有|４|临床未确定\n"
                           "B\tI10.x00\tE11.900\t1|4|3\n"
                           "C\tI10.x00\t\t5\n"
                           "D\tI10.x00\tE11.900\t\n"
                           "E\t\tE11.900\t情况不明\n",
                           NULL, path, sizeof path, YGT_OK);
  assert_int_equal(ygt_cases_column_type(YGT_CASE_ADM_COND), YGT_CASE_TYPE_STRING);
  assert_string_equal(ygt_cases_column_name(YGT_CASE_ADM_COND), "adm_cond");
  assert_string_equal(ygt_cases_get_string(c, 0, YGT_CASE_ADM_COND), "1|4|2");
  assert_int_equal(ygt_cases_row_flags(c, 0), 0);
  assert_problem(c, 1, YGT_CASE_ROW_MALFORMED, path, 3, "adm_cond: 3 flags for 2 diagnoses (pdx and sdx)");
  assert_string_equal(ygt_cases_get_string(c, 1, YGT_CASE_ADM_COND), "");
  assert_problem(c, 2, YGT_CASE_ROW_MALFORMED, path, 4, "adm_cond: not 1-4 or 有/临床未确定/情况不明/无: '5'");
  assert_string_equal(ygt_cases_get_string(c, 3, YGT_CASE_ADM_COND), "");
  assert_int_equal(ygt_cases_row_flags(c, 3), 0);
  assert_string_equal(ygt_cases_get_string(c, 4, YGT_CASE_ADM_COND), "3"); /* no pdx: the one secondary */
  unlink(path);
  ygt_cases_free(c);
}

/* RYBQ, RYBQ1 ... in column order; the principal's column need not be first in the file's order of lists. */
static void test_adm_cond_columns_of_a_map(void **state) {
  (void)state;
  char path[256];
  ygt_cases *c = load_text("BAH\tJBDM\tRYBQ\tJBDM1\tRYBQ1\tJBDM2\tRYBQ2\n"
                           "A\tI10.x00\t1\tE11.900\t4\tJ44.100\t2\n"
                           "B\tI10.x00\t1\tE11.900\t\tJ44.100\t2\n",
                           "hqms", path, sizeof path, YGT_OK);
  assert_string_equal(ygt_cases_get_string(c, 0, YGT_CASE_ADM_COND), "1|4|2");
  assert_problem(c, 1, YGT_CASE_ROW_MALFORMED, path, 3, "adm_cond: 2 flags for 3 diagnoses");
  unlink(path);
  ygt_cases_free(c);
}

/* diseinfo's adm_cond_type follows the codes taken: the principal's first, TCM diagnoses skipped. */
static void test_adm_cond_in_4101(void **state) {
  (void)state;
  char path[256];
  ygt_cases *c = load_text("{\"setlinfo\": {\"setl_id\": \"A\"}, \"diseinfo\": ["
                           "{\"diag_code\": \"E11.900\", \"maindiag_flag\": \"0\", \"adm_cond_type\": \"4\"},"
                           "{\"diag_code\": \"BNV060\", \"diag_type\": \"2\", \"adm_cond_type\": \"1\"},"
                           "{\"diag_code\": \"I10.x00\", \"maindiag_flag\": \"1\", \"adm_cond_type\": \"3\"}]}",
                           NULL, path, sizeof path, YGT_OK);
  assert_string_equal(ygt_cases_get_string(c, 0, YGT_CASE_ADM_COND), "3|4");
  unlink(path);
  ygt_cases_free(c);
  c = load_text("{\"setlinfo\": {\"setl_id\": \"B\"}, \"diseinfo\": ["
                "{\"diag_code\": \"I10.x00\", \"maindiag_flag\": \"1\", \"adm_cond_type\": \"1\"},"
                "{\"diag_code\": \"E11.900\", \"maindiag_flag\": \"0\"}]}",
                NULL, path, sizeof path, YGT_OK);
  assert_problem(c, 0, YGT_CASE_ROW_MALFORMED, path, 1, "adm_cond: 1 flags for 2 diagnoses");
  unlink(path);
  ygt_cases_free(c);
}

static void test_level_spellings(void **state) {
  (void)state;
  char path[256];
  ygt_cases *c = load_text("case_id\tpdx\tlevel\nA\tI10.x00\t三甲\nB\tI10.x00\t2\nC\tI10.x00\t四级\nD\tI10.x00\t\n", NULL,
                           path, sizeof path, YGT_OK);
  assert_int_equal(get_int(c, 0, YGT_CASE_LEVEL), YGT_LEVEL_3A);
  assert_int_equal(get_int(c, 1, YGT_CASE_LEVEL), YGT_LEVEL_2);
  assert_problem(c, 2, YGT_CASE_ROW_MALFORMED, path, 4, "level: unknown hospital level (see doc/formats/labels.md): '四级'");
  assert_int_equal(get_int(c, 3, YGT_CASE_LEVEL), YGT_CASES_NA);
  unlink(path);
  ygt_cases_free(c);
  c = load_text("{\"setlinfo\": {\"setl_id\": \"A\", \"hi_setl_lv\": \"三级\"}}", NULL, path, sizeof path, YGT_OK);
  assert_int_equal(get_int(c, 0, YGT_CASE_LEVEL), YGT_LEVEL_3);
  unlink(path);
  ygt_cases_free(c);
}

/* The zhuhai model rates ZH-H03 3A, ZH-H07 2A and ZH-H09 2 (ungraded). */
static void test_level_against_the_model(void **state) {
  (void)state;
  ygt_model *m;
  if (ygt_model_load(&m, SOURCE_ROOT "/examples/data/zhuhai")) fail_msg("%s", ygt_error_last()->message);
  char path[256];
  ygt_cases *c = load_text("case_id\tpdx\tinstitution\tlevel\n"
                           "A\tI10.x00\tZH-H03\t三级甲等\n"
                           "B\tI10.x00\tZH-H03\t三级\n"
                           "C\tI10.x00\tZH-H07\t3A\n"
                           "D\tI10.x00\tZH-H09\t二甲\n"
                           "E\tI10.x00\tZH-H09\t三级\n"
                           "F\tI10.x00\tZH-H07\t\n",
                           NULL, path, sizeof path, YGT_OK);
  assert_int_equal(ygt_cases_resolve_institutions(c, m), 0);
  int expect[] = {0, 0, YGT_CASE_ROW_LEVEL_MISMATCH, 0, YGT_CASE_ROW_LEVEL_MISMATCH, 0};
  for (size_t r = 0; r < 6; r++) assert_int_equal(ygt_cases_row_flags(c, r), expect[r]);
  assert_problem(c, 2, YGT_CASE_ROW_LEVEL_MISMATCH, path, 4, "level: '3A' but the model rates institution 'ZH-H07' '2A'");
  assert_problem(c, 4, YGT_CASE_ROW_LEVEL_MISMATCH, path, 6, "level: '3' but the model rates institution 'ZH-H09' '2'");
  assert_int_equal(ygt_cases_problem_count(c), 2);
  assert_int_equal(get_int(c, 2, YGT_CASE_INSTITUTION), ygt_model_institution_find(m, "ZH-H07"));
  unlink(path);
  ygt_cases_free(c);
  ygt_model_free(m);
}

static void test_translated_fields(void **state) {
  (void)state;
  char path[256];
  ygt_cases *c = load_text("BAH\tJBDM\tYLFKFS\tRYQ_T\tRYQ_XS\tRYQ_F\tRYH_XS\n"
                           "A\tI10.x00\t1\t1\t2\t30\t\n"
                           "B\tI10.x00\t3\t\t\t45\t５\n"
                           "C\tI10.x00\t07\t\t\t\t\n"
                           "D\tI10.x00\t10\tx\t\t\t\n",
                           "hqms", path, sizeof path, YGT_OK);
  assert_int_equal(get_int(c, 0, YGT_CASE_INSURANCE), YGT_INSURANCE_EMPLOYEE);
  assert_int_equal(get_int(c, 0, YGT_CASE_COMA_BEFORE_MIN), 1590);
  assert_int_equal(get_int(c, 0, YGT_CASE_COMA_AFTER_MIN), YGT_CASES_NA);
  assert_int_equal(get_int(c, 1, YGT_CASE_INSURANCE), YGT_INSURANCE_RESIDENT);
  assert_int_equal(get_int(c, 1, YGT_CASE_COMA_BEFORE_MIN), 45);
  assert_int_equal(get_int(c, 1, YGT_CASE_COMA_AFTER_MIN), 300);
  assert_int_equal(get_int(c, 2, YGT_CASE_INSURANCE), YGT_CASES_NA); /* 全自费: no basic insurance */
  assert_int_equal(ygt_cases_row_flags(c, 2), 0);
  assert_problem(c, 3, YGT_CASE_ROW_MALFORMED, path, 5, "insurance/ylfkfs: unknown code (see doc/formats/exports.md): '10'");
  unlink(path);
  ygt_cases_free(c);
  c = load_text("{\"setlinfo\": {\"setl_id\": \"A\", \"ipt_med_type\": \"2\"}}\n", NULL, path, sizeof path, YGT_OK);
  assert_int_equal(get_int(c, 0, YGT_CASE_DAY_SURGERY), 1);
  unlink(path);
  ygt_cases_free(c);
  c = load_text("{\"setlinfo\": {\"setl_id\": \"A\", \"ipt_med_type\": \"9\"}}\n", NULL, path, sizeof path, YGT_OK);
  assert_problem(c, 0, YGT_CASE_ROW_MALFORMED, path, 1, "day_surgery/ipt_med_type: unknown code (see doc/formats/exports.md): '9'");
  unlink(path);
  ygt_cases_free(c);
}

/* A field given plainly and translated in one file: which to read is not guessed. */
static void test_plain_and_translated_is_an_error(void **state) {
  (void)state;
  char path[256];
  ygt_cases *c = load_text("case_id\tpdx\tinsurance\tinsurance/ylfkfs\nA\tI10.x00\t0\t1\n", NULL, path, sizeof path,
                           YGT_EPARSE);
  const ygt_error *e = ygt_error_last();
  assert_int_equal(e->line, 1);
  assert_non_null(strstr(e->message, "the field is also given untranslated (column 3, 'insurance'); keep one"));
  assert_int_equal(ygt_cases_count(c), 0);
  unlink(path);
  ygt_cases_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_adm_cond_in_a_case_file), cmocka_unit_test(test_adm_cond_columns_of_a_map),
    cmocka_unit_test(test_adm_cond_in_4101),        cmocka_unit_test(test_level_spellings),
    cmocka_unit_test(test_level_against_the_model), cmocka_unit_test(test_translated_fields),
    cmocka_unit_test(test_plain_and_translated_is_an_error),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
