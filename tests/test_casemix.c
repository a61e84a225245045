/* Case-mix files (doc/formats/casemix.md): the example file, with its own and
 * with national dictionaries, malformed files (each with its code, line,
 * field and message), out of memory, and the typical case of every
 * in-patient condition grouped by CHS-DRG 1.1 (skipped without the shared
 * data). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"
#include "shared_data.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#define EXAMPLE SOURCE_ROOT "/examples/data/casemix.tsv"
#define PACK SHARED_DATA_DIR "/chs-drg-1.1"

static const char header[] =
    "condition\tname\tsetting\tdiagnosis\tsecondary\tprocedure\tsex\tage_from\tage_to\trate\tgroup\tlong_stay\t"
    "workload\tcost\tcost_cv\tlos\temergency\n";
static const char good_op[] = "htn\t高血压\toutpatient\tI10.x00\t\t\tany\t35\t100\t800\t\t\tOP01\t170\t0.5\t\t0\n";
static const char good_ip[] =
    "stroke\t脑梗死\tinpatient\tI63.900\tJ18.900\t\tany\t45\t100\t10\tBR23\t\t\t10000\t0.5\t11\t0.6\n";

static ygt_casemix *load_text(int *rc, const char *text) {
  char path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", text));
  ygt_casemix *cm = (ygt_casemix *)1;
  *rc = ygt_casemix_load(&cm, NULL, NULL, path);
  unlink(path);
  return cm;
}

static void test_example(void **state) {
  (void)state;
  ygt_casemix *cm = NULL;
  assert_int_equal(ygt_casemix_load(&cm, NULL, NULL, EXAMPLE), YGT_OK);
  assert_true(ygt_casemix_count(cm) >= 30 && ygt_casemix_count(cm) <= 70);
  int32_t s = ygt_casemix_find(cm, "stroke");
  assert_true(s >= 0);
  assert_string_equal(ygt_casemix_condition(cm, s), "stroke");
  assert_string_equal(ygt_casemix_group(cm, s), "BR23");
  assert_int_equal(ygt_casemix_setting(cm, s), YGT_SETTING_INPATIENT);
  const ygt_codes *dx = ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS);
  double v;
  assert_int_equal(ygt_casemix_value(&v, cm, s, YGT_CASEMIX_DIAGNOSIS), YGT_OK);
  assert_string_equal(ygt_codes_code(dx, (int32_t)v), "I63.900");
  const int32_t *ids;
  size_t n;
  assert_int_equal(ygt_casemix_codes_of(&ids, &n, cm, s, YGT_CODE_DIAGNOSIS), YGT_OK);
  assert_int_equal(n, 1);
  assert_string_equal(ygt_codes_code(dx, ids[0]), "J18.900");
  int32_t r = ygt_casemix_find(cm, "rehabilitation");
  assert_string_equal(ygt_casemix_long_stay(cm, r), "rehabilitation");
  assert_string_equal(ygt_casemix_workload(cm, ygt_casemix_find(cm, "htn_old")), "OP01");
  assert_string_equal(ygt_casemix_group(cm, ygt_casemix_find(cm, "htn_old")), "");
  assert_int_equal(ygt_casemix_find(cm, "nothing"), -1);
  assert_null(ygt_casemix_name(cm, (int32_t)ygt_casemix_count(cm)));
  assert_int_equal(ygt_casemix_setting(cm, -1), YGT_EINVAL);
  assert_int_equal(ygt_casemix_value(&v, cm, s, 99), YGT_EINVAL);
  assert_int_equal(ygt_casemix_codes_of(&ids, &n, cm, s, 7), YGT_EINVAL);
  /* the own dictionaries hold exactly the codes named: no more */
  size_t named = 0;
  for (int32_t i = 0; i < (int32_t)ygt_casemix_count(cm); i++) {
    assert_int_equal(ygt_casemix_codes_of(&ids, &n, cm, i, YGT_CODE_DIAGNOSIS), YGT_OK);
    for (size_t k = 0; k < n; k++) assert_true(ids[k] >= 0 && (size_t)ids[k] < ygt_codes_count(dx));
    named += 1 + n;
  }
  assert_true(ygt_codes_count(dx) <= named);
  assert_true(ygt_codes_count(ygt_casemix_codes(cm, YGT_CODE_PROCEDURE)) > 10);
  ygt_casemix_free(cm);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_arguments(void **state) {
  (void)state;
  ygt_casemix *cm = NULL;
  ygt_codes *dx = NULL, *px = NULL;
  assert_int_equal(ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS), YGT_OK);
  assert_int_equal(ygt_codes_new(&px, YGT_CODE_PROCEDURE), YGT_OK);
  assert_int_equal(ygt_casemix_load(NULL, NULL, NULL, EXAMPLE), YGT_EINVAL);
  assert_int_equal(ygt_casemix_load(&cm, NULL, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_casemix_load(&cm, dx, NULL, EXAMPLE), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "both dictionaries"));
  assert_int_equal(ygt_casemix_load(&cm, px, dx, EXAMPLE), YGT_EINVAL);
  assert_int_equal(ygt_casemix_load(&cm, NULL, NULL, "/nonexistent/casemix.tsv"), YGT_EIO);
  assert_null(cm);
  /* a given dictionary must hold every code: named by file, line and field */
  assert_int_equal(ygt_codes_add(dx, "I10.x00", "高血压", NULL), YGT_OK);
  char path[256], text[1024];
  snprintf(text, sizeof text, "%s%s%s", header, good_op, good_ip);
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", text));
  assert_int_equal(ygt_casemix_load(&cm, dx, px, path), YGT_ENOTFOUND);
  assert_int_equal(ygt_error_last()->line, 3);
  assert_string_equal(ygt_error_last()->field, "diagnosis");
  assert_non_null(strstr(ygt_error_last()->message, "I63.900"));
  assert_non_null(strstr(ygt_error_last()->source, ".tsv"));
  assert_null(cm);
  assert_int_equal(ygt_codes_add(dx, "I63.900", NULL, NULL), YGT_OK);
  assert_int_equal(ygt_casemix_load(&cm, dx, px, path), YGT_ENOTFOUND);
  assert_string_equal(ygt_error_last()->field, "secondary");
  assert_int_equal(ygt_codes_add(dx, "J18.900", NULL, NULL), YGT_OK);
  assert_int_equal(ygt_casemix_load(&cm, dx, px, path), YGT_OK);
  assert_ptr_equal(ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS), dx);
  assert_int_equal(ygt_codes_count(dx), 3); /* a given dictionary is never changed */
  assert_null(ygt_casemix_codes(cm, 9));
  ygt_casemix_free(cm);
  unlink(path);
  ygt_codes_free(dx);
  ygt_codes_free(px);
}

typedef struct bad_row {
  const char *find, *repl; /* replaced in the in-patient row (line 3) */
  int code;
  const char *field, *fragment;
} bad_row;

static const bad_row bad[] = {
    {"stroke\t", "\t", YGT_EPARSE, "condition", "missing"},
    {"stroke\t", "htn\t", YGT_EEXISTS, "condition", "given twice"},
    {"stroke\t", "str oke\t", YGT_EPARSE, "condition", "not an identifier"},
    {"\t脑梗死\t", "\t\t", YGT_EPARSE, "name", "missing"},
    {"\tinpatient\t", "\tward\t", YGT_EPARSE, "setting", "not outpatient, inpatient or day_surgery"},
    {"\tI63.900\t", "\t\t", YGT_EPARSE, "diagnosis", "missing"},
    {"\tI63.900\t", "\tI63.900;I10.x00\t", YGT_EPARSE, "diagnosis", "one principal"},
    {"\tI63.900\t", "\t!!\t", YGT_EPARSE, "diagnosis", "not a valid code"},
    {"\tJ18.900\t", "\tJ18.900;;I10.x00\t", YGT_EPARSE, "secondary", "empty code"},
    {"\tJ18.900\t", "\tJ18.900;\t", YGT_EPARSE, "secondary", "empty code"},
    {"\tJ18.900\t\t", "\tJ18.900\t%%\t", YGT_EPARSE, "procedure", "not a valid code"},
    {"\tany\t45", "\tboth\t45", YGT_EPARSE, "sex", "any, male or female"},
    {"\t45\t100\t", "\tforty\t100\t", YGT_EPARSE, "age_from", "whole number"},
    {"\t45\t100\t", "\t45\t200\t", YGT_ERANGE, "age_to", "outside 0..150"},
    {"\t45\t100\t", "\t45\t30\t", YGT_ERANGE, "age_to", "below age_from"},
    {"\t10\tBR23", "\t-1\tBR23", YGT_ERANGE, "rate", "outside"},
    {"\t10\tBR23", "\tmany\tBR23", YGT_EPARSE, "rate", "not a number"},
    {"\t10\tBR23", "\t\tBR23", YGT_EPARSE, "rate", "missing"},
    {"\tBR23\t", "\tBR 23\t", YGT_EPARSE, "group", "not an identifier"},
    {"\t10000\t0.5", "\t0\t0.5", YGT_ERANGE, "cost", "outside"},
    {"\t10000\t0.5", "\tnan\t0.5", YGT_EPARSE, "cost", "not a number"},
    {"\t0.5\t11\t", "\t9\t11\t", YGT_ERANGE, "cost_cv", "outside"},
    {"\t0.5\t11\t", "\t0.5\t0\t", YGT_ERANGE, "los", "at least 1 day"},
    {"\t0.5\t11\t", "\t0.5\t\t", YGT_ERANGE, "los", "at least 1 day"},
    {"\t11\t0.6\n", "\t11\t1.6\n", YGT_ERANGE, "emergency", "outside 0..1"},
    {"\tinpatient\t", "\toutpatient\t", YGT_EPARSE, "group", "in-patient and day-surgery"},
};

static void test_malformed(void **state) {
  (void)state;
  char text[2048], row[512];
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    const char *at = strstr(good_ip, bad[k].find);
    assert_non_null(at);
    snprintf(row, sizeof row, "%.*s%s%s", (int)(at - good_ip), good_ip, bad[k].repl, at + strlen(bad[k].find));
    snprintf(text, sizeof text, "# comment\n%s%s%s", header, good_op, row);
    int rc;
    ygt_casemix *cm = load_text(&rc, text);
    if (rc != bad[k].code) fail_msg("case %zu (%s): %s", k, bad[k].repl, ygt_error_last()->message);
    assert_null(cm);
    assert_int_equal(ygt_error_last()->line, 4);
    if (strcmp(ygt_error_last()->field, bad[k].field) != 0)
      fail_msg("case %zu: field %s, want %s (%s)", k, ygt_error_last()->field, bad[k].field, ygt_error_last()->message);
    if (!strstr(ygt_error_last()->message, bad[k].fragment))
      fail_msg("case %zu: message '%s' lacks '%s'", k, ygt_error_last()->message, bad[k].fragment);
    assert_int_equal(ygt_allocated_blocks(), 0);
  }
}

/* What only some settings may carry, and whole-file problems. */
static void test_malformed_file(void **state) {
  (void)state;
  static const struct {
    const char *text, *field, *fragment;
    int code, line;
  } files[] = {
      {"condition\tname\n", "setting", "required column is missing", YGT_EPARSE, 1},
      {"condition\tname\tsetting\tdiagnosis\tsex\tage_from\tage_to\trate\tcost\tcost_cv\n# only comments\n", "",
       "no conditions", YGT_EVALIDATE, 0},
      {"op\t外\toutpatient\tI10.x00\t\t\tany\t0\t9\t1\tFR45\t\t\t1\t0\t\t0\n", "group", "in-patient", YGT_EPARSE, 2},
      {"op\t外\toutpatient\tI10.x00\t\t\tany\t0\t9\t1\t\tpsychiatric\t\t1\t0\t\t0\n", "long_stay", "in-patient", YGT_EPARSE, 2},
      {"op\t外\toutpatient\tI10.x00\t\t\tany\t0\t9\t1\t\t\t\t1\t0\t3\t0\n", "los", "no length of stay", YGT_EPARSE, 2},
      {"op\t外\toutpatient\tI10.x00\t\t\tany\t0\t9\t1\t\t\tO P\t1\t0\t\t0\n", "workload", "not an identifier", YGT_EPARSE, 2},
  };
  char text[2048];
  for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
    if (k < 2) snprintf(text, sizeof text, "%s", files[k].text);
    else snprintf(text, sizeof text, "%s%s", header, files[k].text);
    int rc;
    ygt_casemix *cm = load_text(&rc, text);
    if (rc != files[k].code) fail_msg("file %zu: %s", k, ygt_error_last()->message);
    assert_null(cm);
    const ygt_error *e = ygt_error_last();
    if (e->line != files[k].line || strcmp(e->field, files[k].field) != 0 || !strstr(e->message, files[k].fragment))
      fail_msg("file %zu: line %d field '%s' message '%s'", k, e->line, e->field, e->message);
  }
}

/* Out of memory: every allocation of a load fails in turn, and nothing is left. */
static void test_oom(void **state) {
  (void)state;
  testutil_failing f;
  long n, failures = 0;
  for (n = 1; n < 100000; n++) {
    assert_int_equal(testutil_fail_install(&f, n), YGT_OK);
    ygt_casemix *cm = (ygt_casemix *)1;
    int rc = ygt_casemix_load(&cm, NULL, NULL, EXAMPLE);
    if (rc == YGT_OK) {
      ygt_casemix_free(cm);
      break;
    }
    if (rc != YGT_ENOMEM) fail_msg("allocation %ld: %s", n, ygt_error_last()->message);
    assert_null(cm);
    assert_int_equal(ygt_allocated_blocks(), 0);
    failures++;
  }
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  assert_true(failures > 100);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* ---- the national lists and CHS-DRG 1.1 (shared data) ------------------------ */

/* Every code of the example is in the 医保版 v2.0 lists. */
static void test_national_codes(void **state) {
  (void)state;
  ygt_codes *dx = NULL, *px = NULL;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  SKIP_WITHOUT_SHARED(SHARED_ICD9);
  assert_int_equal(ygt_codes_load(&dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10), YGT_OK);
  assert_int_equal(ygt_codes_load(&px, YGT_CODE_PROCEDURE, SHARED_DATA_DIR "/icd/icd9cm3_yibao_v2.0.tsv"), YGT_OK);
  ygt_casemix *cm = NULL;
  if (ygt_casemix_load(&cm, dx, px, EXAMPLE)) fail_msg("%s", ygt_error_last()->message);
  ygt_casemix_free(cm);
  ygt_codes_free(dx);
  ygt_codes_free(px);
}

static int32_t typical_age(const ygt_casemix *cm, int32_t i) {
  double from, to;
  assert_int_equal(ygt_casemix_value(&from, cm, i, YGT_CASEMIX_AGE_FROM), YGT_OK);
  assert_int_equal(ygt_casemix_value(&to, cm, i, YGT_CASEMIX_AGE_TO), YGT_OK);
  int32_t age = (int32_t)((from + to) / 2);
  return age > 75 ? 75 : age;
}

static void add_typical_case(ygt_cases *c, const ygt_casemix *cm, int32_t i) {
  size_t row;
  double sex, dx;
  int32_t age = typical_age(cm, i);
  assert_int_equal(ygt_cases_append(c, &row), YGT_OK);
  assert_int_equal(ygt_casemix_value(&sex, cm, i, YGT_CASEMIX_SEX), YGT_OK);
  assert_int_equal(ygt_casemix_value(&dx, cm, i, YGT_CASEMIX_DIAGNOSIS), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_SEX, sex == 2 ? 2 : 1), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_AGE_YEARS, age), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_AGE_DAYS, age ? age * 365 : 5), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_BIRTH_WEIGHT_G, 3200), YGT_OK);
  assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_PDX, (int32_t)dx), YGT_OK);
  const int32_t *ids;
  size_t n;
  assert_int_equal(ygt_casemix_codes_of(&ids, &n, cm, i, YGT_CODE_DIAGNOSIS), YGT_OK);
  for (size_t k = 0; k < n; k++) assert_int_equal(ygt_cases_add_code_id(c, row, YGT_CASE_SDX, ids[k]), YGT_OK);
  assert_int_equal(ygt_casemix_codes_of(&ids, &n, cm, i, YGT_CODE_PROCEDURE), YGT_OK);
  for (size_t k = 0; k < n; k++) assert_int_equal(ygt_cases_add_code_id(c, row, YGT_CASE_PROCS, ids[k]), YGT_OK);
}

/* The typical case of each in-patient condition groups to the ADRG of its group column. */
static void test_drg_groups(void **state) {
  (void)state;
  ygt_drg_pack *pack = NULL;
  SKIP_WITHOUT_SHARED(PACK);
  assert_int_equal(ygt_drg_pack_load(&pack, PACK), YGT_OK);
  ygt_casemix *cm = NULL;
  ygt_cases *c = NULL;
  assert_int_equal(ygt_casemix_load(&cm, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS),
                                    ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), EXAMPLE), YGT_OK);
  assert_int_equal(ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS),
                                 ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), 0), YGT_OK);
  int32_t cond[128];
  size_t n = 0;
  for (int32_t i = 0; i < (int32_t)ygt_casemix_count(cm); i++)
    if (ygt_casemix_setting(cm, i) != YGT_SETTING_OUTPATIENT) {
      add_typical_case(c, cm, i);
      cond[n++] = i;
    }
  assert_true(n >= 20);
  int32_t adrg[128], drg[128], status[128];
  assert_int_equal(ygt_drg_group(pack, c, 0, n, 0, NULL, adrg, drg, status, NULL), YGT_OK);
  for (size_t k = 0; k < n; k++) {
    const char *want = ygt_casemix_group(cm, cond[k]);
    int32_t want_drg = ygt_drg_pack_find(pack, 3, want);
    if (want_drg < 0) fail_msg("%s: group %s is not a CHS-DRG 1.1 DRG", ygt_casemix_condition(cm, cond[k]), want);
    int32_t want_adrg = ygt_drg_pack_drg_adrg(pack, want_drg);
    if (adrg[k] != want_adrg)
      fail_msg("%s: grouped to %s (status %s), group column %s", ygt_casemix_condition(cm, cond[k]),
               drg[k] >= 0 ? ygt_drg_pack_drg_code(pack, drg[k]) : "-", ygt_drg_status_name(status[k]), want);
  }
  ygt_cases_free(c);
  ygt_casemix_free(cm);
  ygt_drg_pack_free(pack);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_example),        cmocka_unit_test(test_arguments),
    cmocka_unit_test(test_malformed),      cmocka_unit_test(test_malformed_file),
    cmocka_unit_test(test_oom),            cmocka_unit_test(test_national_codes),
    cmocka_unit_test(test_drg_groups),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
