/* DRG grouping on the tiny synthetic pack (tests/data/drg/tiny): one
 * constructed case for every step of the algorithm and every rule shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "testutil.h"
#include "drg_testutil.h"

static ygt_drg_pack *pack;

static int setup(void **state) {
  (void)state;
  if (ygt_drg_pack_load(&pack, TINY_PACK)) {
    fprintf(stderr, "tiny pack: %s\n", ygt_error_last()->message);
    return -1;
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_drg_pack_free(pack);
  pack = NULL;
  return ygt_allocated_blocks() == 0 ? 0 : -1;
}

typedef struct expect {
  const char *what;
  tcase c;
  int options;
  const char *mdc, *adrg, *drg;
  int status;
} expect;

/* Groups one case and checks codes and status; returns the flags. */
static uint32_t check(const expect *e) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS),
                                 ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), 1), YGT_OK);
  tcase_add(c, &e->c);
  int32_t mdc, adrg, drg, status;
  uint32_t flags;
  int rc = ygt_drg_group(pack, c, 0, 1, e->options, &mdc, &adrg, &drg, &status, &flags);
  if (rc) fail_msg("%s: %s", e->what, ygt_error_last()->message);
  const char *got[] = {ygt_drg_pack_mdc_code(pack, mdc), ygt_drg_pack_adrg_code(pack, adrg),
                       ygt_drg_pack_drg_code(pack, drg)};
  if (strcmp(got[0], e->mdc) || strcmp(got[1], e->adrg) || strcmp(got[2], e->drg) || status != e->status)
    fail_msg("%s: got %s %s %s %s, want %s %s %s %s", e->what, got[0], got[1], got[2],
             ygt_drg_status_name(status), e->mdc, e->adrg, e->drg, ygt_drg_status_name(e->status));
  ygt_cases_free(c);
  return flags;
}

#define MAN(age, pdx, sdx, procs) {1, age, (age) * 365, NA, 10, 1, NULL, pdx, sdx, procs}
#define WOMAN(age, pdx, sdx, procs) {2, age, (age) * 365, NA, 10, 1, NULL, pdx, sdx, procs}

static void test_pre_mdcs(void **state) {
  (void)state;
  const expect cases[] = {
    {"MDCA: OR principal procedure on the AA1 list", MAN(40, "A00.000", "", "37.5100"), 0, "MDCA", "AA1", "AA19", 0},
    {"MDCA entered, no ADRG: falls through to MDCG", MAN(40, "A01.000", "", "45.0000"), 0, "MDCG", "GB1", "GB15", 0},
    {"MDCP: newborn under 1500 g", {1, 0, 10, 1200, 5, 1, NULL, "P07.000", "", ""}, 0, "MDCP", "PS1", "PS19", 0},
    {"MDCP: weight 0 is no usable weight", {1, 0, 10, 0, 5, 1, NULL, "P07.000", "", ""}, 0, "MDCP", "PV1", "PV19", 0},
    {"MDCP: over 28 days, weight missing passes", {1, 0, 40, NA, 5, 1, NULL, "P07.000", "", ""}, 0, "MDCP", "PV1", "PV19", 0},
    {"MDCP needs age 0", MAN(1, "P07.000", "", ""), 0, "0000", "00", "0000", YGT_DRG_NO_MDC},
    {"MDCY: HIV principal diagnosis", MAN(30, "B20.000", "", ""), 0, "MDCY", "YR1", "YR19", 0},
    {"MDCY: OR procedure after MDCA falls through", MAN(30, "B20.000", "", "45.0000"), 0, "MDCY", "YC1", "YC19", 0},
    {"MDCY: a secondary HIV code does not enter", MAN(30, "A00.000", "B20.000", ""), 0, "MDCG", "GR1", "GR15", 0},
    {"MDCZ: two trauma sites", MAN(30, "S06.000", "S27.000", ""), 0, "MDCZ", "ZZ1", "ZZ19", 0},
    {"MDCZ: one site does not enter", MAN(30, "S06.000", "S06.000", ""), 0, "0000", "00", "0000", YGT_DRG_NO_MDC},
    {"MDCZ: OR procedure fails ZZ1 and falls through", MAN(30, "S06.000", "S27.000", "99.0000|45.0000"), 0,
     "0000", "00", "0000", YGT_DRG_NO_ADRG},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check(&cases[i]);
}

static void test_sex_rules(void **state) {
  (void)state;
  const expect cases[] = {
    {"code on both lists, man", MAN(60, "N40.000", "", ""), 0, "MDCM", "MR1", "MR19", 0},
    {"code on both lists, woman", WOMAN(60, "N40.000", "", ""), 0, "MDCN", "NR1", "NR19", 0},
    {"female code in a man enters nothing", MAN(60, "C53.000", "", ""), 0, "0000", "00", "0000", YGT_DRG_NO_MDC},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check(&cases[i]);
}

static void test_severity(void **state) {
  (void)state;
  const expect cases[] = {
    {"MCC of another table counts", MAN(50, "A00.000", "J96.000", ""), 0, "MDCG", "GR1", "GR11", 0},
    {"MCC of the principal's table is excluded", MAN(50, "A00.000", "I50.000", ""), 0, "MDCG", "GR1", "GR15", 0},
    {"CC of another table counts", MAN(50, "A00.000", "I50.000|E11.000", ""), 0, "MDCG", "GR1", "GR13", 0},
    {"CC of the principal's table is excluded", MAN(50, "A00.000", "E10.000", ""), 0, "MDCG", "GR1", "GR15", 0},
    {"a principal without a CCE row: every MCC counts", MAN(50, "G00.000", "I50.000", "45.1000|45.2000"), 0,
     "MDCG", "GC1", "GC13", 0},
    {"MCC counts for `MCC or CC`", MAN(50, "G00.000", "", "45.1000|45.2000"), 0, "MDCG", "GC1", "GC15", 0},
    {"MCC rule in a surgical ADRG", MAN(50, "A01.000", "J96.000", "45.0000"), 0, "MDCG", "GB1", "GB11", 0},
    {"only secondary diagnoses count", MAN(50, "J96.000", "", ""), 0, "0000", "00", "0000", YGT_DRG_NO_MDC},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check(&cases[i]);
}

static void test_adrg_and_drg_rule_shapes(void **state) {
  (void)state;
  const expect cases[] = {
    {"tagged lists 1 and 2", MAN(50, "A01.000", "", "99.0000|46.1000|46.2000"), 0, "MDCG", "GJ1", "GJ19", 0},
    {"tagged list 3 alone", MAN(50, "A01.000", "", "99.0000|46.3000"), 0, "MDCG", "GJ1", "GJ19", 0},
    {"tag 1 without tag 2", MAN(50, "A01.000", "", "99.0000|46.1000"), 0, "0000", "00", "0000", YGT_DRG_NO_ADRG},
    {"PPROC and SPROC in any position", MAN(50, "A00.000", "", "45.2000|45.1000"), 0, "MDCG", "GC1", "GC15", 0},
    {"SDX list with HAS_SDX", MAN(50, "Z00.000", "Z01.000", ""), 0, "MDCX", "XR1", "XR19", 0},
    {"DEPT list", {1, 50, 0, NA, 10, 1, "0301", "Z02.000", "", ""}, 0, "MDCX", "XS1", "XS19", 0},
    {"other department", {1, 50, 0, NA, 10, 1, "0302", "Z02.000", "", ""}, 0, "MDCX", "XU1", "XU19", 0},
    {"FALSE or AGE<=17", {1, 10, 3650, NA, 10, 1, NULL, "Z03.000", "", ""}, 0, "MDCX", "XT1", "XT19", 0},
    {"LOS<5 and LEAVING in (2,5)", {1, 50, 0, NA, 3, 5, NULL, "Z04.000", "", ""}, 0, "MDCX", "XU1", "XU11", 0},
    {"LEAVING not in the list", {1, 50, 0, NA, 3, 1, NULL, "Z04.000", "", ""}, 0, "MDCX", "XU1", "XU19", 0},
    {"missing leaving type: comparison false", {1, 50, 0, NA, 3, NA, NULL, "Z04.000", "", ""}, 0, "MDCX", "XU1", "XU19", 0},
    {"LOS>60", {1, 50, 0, NA, 70, 1, NULL, "Z04.000", "", ""}, 0, "MDCX", "XU1", "XU13", 0},
    {"HAS_PROC", {1, 50, 0, NA, 10, 1, NULL, "Z04.000", "", "99.0000"}, 0, "MDCX", "XU1", "XU15", 0},
    {"no DRG rule true", MAN(50, "T01.000", "", ""), 0, "MDCG", "GT1", "0000", YGT_DRG_NO_DRG},
    {"the last DRG rule of GT1", {1, 50, 0, NA, 61, 1, NULL, "T01.000", "", ""}, 0, "MDCG", "GT1", "GT11", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check(&cases[i]);
}

static void test_ambiguous_group(void **state) {
  (void)state;
  const expect cases[] = {
    {"QY: OR procedure, medical principal diagnosis", MAN(50, "A00.000", "", "99.0000|45.0000"), 0,
     "MDCG", "QY", "GQY", YGT_DRG_QY},
    {"QY off by option", MAN(50, "A00.000", "", "99.0000|45.0000"), YGT_DRG_QY_OFF, "MDCG", "GR1", "GR15", 0},
    {"no OR procedure, no QY", MAN(50, "A00.000", "", "99.0000"), 0, "MDCG", "GR1", "GR15", 0},
    {"QY on in an MDC that has it off", MAN(50, "Z04.000", "", "99.0000|45.0000"), YGT_DRG_QY_ON,
     "MDCX", "QY", "XQY", YGT_DRG_QY},
    {"QY off there by default", MAN(50, "Z04.000", "", "99.0000|45.0000"), 0, "MDCX", "XU1", "XU15", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check(&cases[i]);
  assert_int_equal(ygt_drg_status_class(YGT_DRG_QY), YGT_DRG_CLASS_QY);
}

static void test_ungroupable(void **state) {
  (void)state;
  const expect cases[] = {
    {"sex 3", {3, 50, 0, NA, 5, 1, NULL, "A00.000", "", ""}, 0, "0000", "00", "0000", YGT_DRG_INVALID_SEX},
    {"sex missing", {NA, 50, 0, NA, 5, 1, NULL, "A00.000", "", ""}, 0, "0000", "00", "0000", YGT_DRG_INVALID_SEX},
    {"age missing", {1, NA, 0, NA, 5, 1, NULL, "A00.000", "", ""}, 0, "0000", "00", "0000", YGT_DRG_MISSING_AGE},
    {"negative age", {1, -1, 0, NA, 5, 1, NULL, "A00.000", "", ""}, 0, "0000", "00", "0000", YGT_DRG_INVALID_AGE},
    {"age 0, days missing", {1, 0, NA, 3000, 5, 1, NULL, "P07.000", "", ""}, 0, "0000", "00", "0000", YGT_DRG_MISSING_AGE_DAYS},
    {"newborn, weight missing", {1, 0, 28, NA, 5, 1, NULL, "P07.000", "", ""}, 0, "0000", "00", "0000", YGT_DRG_MISSING_WEIGHT},
    {"negative weight", {1, 0, 3, -5, 5, 1, NULL, "P07.000", "", ""}, 0, "0000", "00", "0000", YGT_DRG_INVALID_WEIGHT},
    {"no principal diagnosis", {1, 50, 0, NA, 5, 1, NULL, NULL, "A00.000", ""}, 0, "0000", "00", "0000", YGT_DRG_MISSING_PDX},
    {"principal in no MDC", MAN(50, "K00.000", "", ""), 0, "0000", "00", "0000", YGT_DRG_NO_MDC},
    {"MDC entered, no ADRG", MAN(50, "G00.000", "", ""), 0, "0000", "00", "0000", YGT_DRG_NO_ADRG},
    {"unknown principal diagnosis", MAN(50, "X99.999", "", ""), 0, "0000", "00", "0000", YGT_DRG_UNKNOWN_PDX},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check(&cases[i]);
  for (int s = 40; s <= 46; s++) assert_int_equal(ygt_drg_status_class(s), YGT_DRG_CLASS_CHECK_FAILED);
  for (int s = 20; s <= 23; s++) assert_int_equal(ygt_drg_status_class(s), YGT_DRG_CLASS_FAIL);
  assert_int_equal(ygt_drg_status_class(7), YGT_EINVAL);
  assert_string_equal(ygt_drg_status_name(YGT_DRG_NO_ADRG), "NO_ADRG");
  assert_string_equal(ygt_drg_status_name(99), "UNKNOWN");
}

static void test_unknown_codes_are_flags(void **state) {
  (void)state;
  expect unknown_sdx = {"unknown secondary", MAN(50, "A00.000", "Q99.999|J96.000", "99.9999"), 0,
                        "MDCG", "GR1", "GR11", 0};
  uint32_t f = check(&unknown_sdx);
  assert_int_equal(f, YGT_DRG_FLAG_UNKNOWN_SDX | YGT_DRG_FLAG_UNKNOWN_PROC);
  expect unknown_pdx = {"unknown principal through MDCA", MAN(50, "X99.999", "", "37.5100"), 0,
                        "MDCA", "AA1", "AA19", 0};
  assert_int_equal(check(&unknown_pdx), YGT_DRG_FLAG_UNKNOWN_PDX);
}

static void test_code_maps(void **state) {
  (void)state;
  assert_int_equal(ygt_drg_pack_has_map(pack, YGT_CODE_DIAGNOSIS), 1);
  assert_int_equal(ygt_drg_pack_has_map(pack, YGT_CODE_PROCEDURE), 1);
  const expect cases[] = {
    {"old code, no translation: unknown to the rules", MAN(50, "A00.001", "", ""), 0, "0000", "00", "0000",
     YGT_DRG_UNKNOWN_PDX},
    {"old code translated", MAN(50, "A00.001", "", ""), YGT_DRG_MAP_CODES, "MDCG", "GR1", "GR15", 0},
    {"old procedure translated", MAN(50, "A01.000", "", "45.0001"), YGT_DRG_MAP_CODES, "MDCG", "GB1", "GB15", 0},
    {"diagnosis without a map row", MAN(50, "A00.000", "K00.000", ""), YGT_DRG_MAP_CODES, "0000", "00", "0000",
     YGT_DRG_DX_UNMAPPED},
    {"procedure without a map row", MAN(50, "A00.000", "", "99.0000"), YGT_DRG_MAP_CODES, "0000", "00", "0000",
     YGT_DRG_PROC_UNMAPPED},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check(&cases[i]);
  assert_int_equal(check(&cases[1]), YGT_DRG_FLAG_MAPPED);
  assert_int_equal(ygt_drg_status_class(YGT_DRG_DX_UNMAPPED), YGT_DRG_CLASS_UNMAPPED);
}

/* Returns the index of the first trace line containing `text`, or -1. */
static long find_line(const ygt_drg_trace *t, const char *text) {
  for (size_t i = 0; i < ygt_drg_trace_count(t); i++)
    if (strstr(ygt_drg_trace_line(t, i), text)) return (long)i;
  return -1;
}

static void test_trace(void **state) {
  (void)state;
  const ygt_codes *dx = ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS);
  ygt_cases *c;
  ygt_drg_trace *t;
  assert_int_equal(ygt_cases_new(&c, dx, ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), 0), YGT_OK);
  assert_int_equal(ygt_drg_trace_new(&t), YGT_OK);
  tcase_add(c, &(tcase)MAN(50, "A00.000", "I50.000|E11.000|E10.000", "45.1000"));
  int32_t drg, status;
  assert_int_equal(ygt_drg_group_traced(pack, c, 0, 0, t, NULL, NULL, &drg, &status, NULL), YGT_OK);
  assert_string_equal(ygt_drg_pack_drg_code(pack, drg), "GR13");
  assert_true(find_line(t, "validate: passed") == 0);
  assert_true(find_line(t, "MDC MDCA [proc1 in SS_VALID]: not entered") > 0);
  assert_true(find_line(t, "MDC MDCG [pdx in MDC]: entered") > 0);
  assert_true(find_line(t, "ADRG GB1 [pdx in PDX and proc1 in PPROC]: no") > 0);
  assert_true(find_line(t, "QY check in MDCG: no OR procedure") > 0);
  assert_true(find_line(t, "ADRG GR1 [pdx in PDX]: matched") > 0);
  long excl = find_line(t, "MCC I50.000 excluded: its table 1 is the exclusion table of the principal diagnosis A00.000");
  assert_true(excl > 0);
  assert_true(find_line(t, "CC E11.000 (exclusion table 2): counts") > excl);
  assert_true(find_line(t, "CC E10.000 excluded") > excl);
  assert_true(find_line(t, "DRG GR11 [MCC]: false") > 0);
  assert_true(find_line(t, "DRG GR13 [MCC or CC]: true") > 0);
  size_t n = ygt_drg_trace_count(t);
  assert_string_equal(ygt_drg_trace_line(t, n - 1), "result: OK MDCG GR1 GR13");
  int kind;
  int32_t object, code, value;
  assert_int_equal(ygt_drg_trace_step(t, (size_t)excl, &kind, &object, &code, &value), YGT_OK);
  assert_int_equal(kind, YGT_DRG_STEP_MCC_EXCLUDED);
  assert_int_equal(code, ygt_codes_id(dx, "I50.000"));
  assert_int_equal(value, 1);
  assert_int_equal(ygt_drg_trace_step(t, n - 1, &kind, &object, NULL, &value), YGT_OK);
  assert_int_equal(kind, YGT_DRG_STEP_RESULT);
  assert_int_equal(object, drg);
  assert_int_equal(value, YGT_DRG_OK);
  assert_int_equal(ygt_drg_trace_step(t, n, &kind, NULL, NULL, NULL), YGT_ERANGE);
  assert_null(ygt_drg_trace_line(t, n));

  /* Fall-through is traced, and a new case replaces the old steps. */
  tcase_add(c, &(tcase)MAN(40, "A01.000", "", "45.0000"));
  assert_int_equal(ygt_drg_group_traced(pack, c, 1, 0, t, NULL, NULL, NULL, NULL, NULL), YGT_OK);
  assert_true(find_line(t, "MDC MDCA [proc1 in SS_VALID]: entered") == 1);
  assert_true(find_line(t, "MDC MDCA: no ADRG matched, trying the next MDC") > 1);
  assert_true(find_line(t, "DRG GB11 [MCC]: false") > 0);
  assert_int_equal(find_line(t, "GR13"), -1);
  ygt_drg_trace_free(t);
  ygt_cases_free(c);
}

static void test_pack_access(void **state) {
  (void)state;
  assert_string_equal(ygt_drg_pack_name(pack), "tiny");
  assert_int_equal(ygt_drg_pack_mdc_count(pack), 8);
  assert_int_equal(ygt_drg_pack_adrg_count(pack), 17);
  assert_int_equal(ygt_drg_pack_drg_count(pack), 24);
  int32_t g = ygt_drg_pack_find(pack, 1, "MDCG"), gr1 = ygt_drg_pack_find(pack, 2, "GR1");
  int32_t gr13 = ygt_drg_pack_find(pack, 3, "GR13");
  assert_true(g >= 0 && gr1 >= 0 && gr13 >= 0);
  assert_string_equal(ygt_drg_pack_mdc_name(pack, g), "消化");
  assert_string_equal(ygt_drg_pack_adrg_name(pack, gr1), "消化内科");
  assert_string_equal(ygt_drg_pack_drg_name(pack, gr13), "消化内科，伴并发症");
  assert_int_equal(ygt_drg_pack_adrg_mdc(pack, gr1), g);
  assert_int_equal(ygt_drg_pack_drg_adrg(pack, gr13), gr1);
  assert_int_equal(ygt_drg_pack_find(pack, 3, "GR12"), YGT_ENOTFOUND);
  assert_int_equal(ygt_drg_pack_find(pack, 3, NULL), YGT_ENOTFOUND);
  assert_int_equal(ygt_drg_pack_find(pack, 4, "GR13"), YGT_EINVAL);
  assert_string_equal(ygt_drg_pack_mdc_code(pack, -1), "0000");
  assert_string_equal(ygt_drg_pack_adrg_code(pack, -1), "00");
  assert_string_equal(ygt_drg_pack_drg_code(pack, -1), "0000");
  assert_string_equal(ygt_drg_pack_drg_name(pack, -1), "");
  assert_null(ygt_drg_pack_mdc_code(pack, 8));
  assert_null(ygt_drg_pack_drg_code(pack, -2));
  /* The QY groups follow the real ones, one per MDC in mdc.tsv order. */
  assert_string_equal(ygt_drg_pack_adrg_code(pack, 17 + g), "QY");
  assert_string_equal(ygt_drg_pack_drg_code(pack, 24 + g), "GQY");
  assert_int_equal(ygt_drg_pack_adrg_mdc(pack, 17 + g), g);
  assert_null(ygt_drg_pack_adrg_code(pack, 17 + 8));
  assert_int_equal(ygt_drg_pack_adrg_mdc(pack, 99), YGT_ERANGE);
  assert_int_equal(ygt_drg_pack_drg_adrg(pack, -1), YGT_ERANGE);
  assert_null(ygt_drg_pack_codes(pack, 3));
}

static void test_group_arguments(void **state) {
  (void)state;
  ygt_cases *c, *other;
  ygt_codes *dx, *proc;
  assert_int_equal(ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS),
                                 ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), 0), YGT_OK);
  tcase_add(c, &(tcase)MAN(50, "A00.000", "", ""));
  tcase_add(c, &(tcase)MAN(50, "N40.000", "", ""));
  int32_t drg[2] = {-9, -9};
  assert_int_equal(ygt_drg_group(pack, c, 1, 1, 0, NULL, NULL, drg, NULL, NULL), YGT_OK);
  assert_string_equal(ygt_drg_pack_drg_code(pack, drg[0]), "MR19");
  assert_int_equal(drg[1], -9);
  assert_int_equal(ygt_drg_group(pack, c, 1, 2, 0, NULL, NULL, drg, NULL, NULL), YGT_ERANGE);
  assert_int_equal(ygt_drg_group(pack, c, 2, 0, 0, NULL, NULL, NULL, NULL, NULL), YGT_OK);
  assert_int_equal(ygt_drg_group(pack, c, 0, 2, YGT_DRG_QY_ON | YGT_DRG_QY_OFF, NULL, NULL, drg, NULL, NULL),
                   YGT_EINVAL);
  assert_int_equal(ygt_drg_group(pack, c, 0, 2, 64, NULL, NULL, drg, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_drg_group(NULL, c, 0, 2, 0, NULL, NULL, drg, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_drg_group_traced(pack, c, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS), YGT_OK);
  assert_int_equal(ygt_codes_new(&proc, YGT_CODE_PROCEDURE), YGT_OK);
  assert_int_equal(ygt_cases_new(&other, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_drg_group(pack, other, 0, 0, 0, NULL, NULL, NULL, NULL, NULL), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "dictionaries"));
  ygt_cases_free(other);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  ygt_cases_free(c);
}

static void test_pack_without_maps(void **state) {
  (void)state;
  ygt_drg_pack *p;
  char dir[] = "/tmp/ygt-drg-XXXXXX";
  assert_non_null(mkdtemp(dir));
  const char *files[] = {"mdc.tsv", "mdc_dx.tsv", "adrg.tsv", "adrg_codes.tsv", "drg.tsv", "cc.tsv", "mcc.tsv",
                         "cce.tsv", "ss_valid.tsv", "dx_codes.tsv", "proc_codes.tsv"};
  char cmd[1024];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(cmd, sizeof cmd, "cp %s/%s %s/", TINY_PACK, files[i], dir);
    assert_int_equal(system(cmd), 0);
  }
  assert_int_equal(ygt_drg_pack_load(&p, dir), YGT_OK);
  assert_int_equal(ygt_drg_pack_has_map(p, YGT_CODE_DIAGNOSIS), 0);
  assert_string_equal(ygt_drg_pack_name(p), strrchr(dir, '/') + 1);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, ygt_drg_pack_codes(p, 1), ygt_drg_pack_codes(p, 2), 0), YGT_OK);
  assert_int_equal(ygt_drg_group(p, c, 0, 0, YGT_DRG_MAP_CODES, NULL, NULL, NULL, NULL, NULL), YGT_EINVAL);
  ygt_cases_free(c);
  ygt_drg_pack_free(p);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_load_out_of_memory(void **state) {
  (void)state;
  ygt_drg_pack_free(pack);
  pack = NULL;
  testutil_failing f;
  int failures = 0;
  for (long at = 1;; at++) {
    ygt_drg_pack *p = NULL;
    assert_int_equal(testutil_fail_install(&f, at), YGT_OK);
    int rc = ygt_drg_pack_load(&p, TINY_PACK);
    if (rc == YGT_OK) {
      ygt_drg_pack_free(p);
      break;
    }
    assert_int_equal(rc, YGT_ENOMEM);
    assert_null(p);
    assert_int_equal(ygt_allocated_blocks(), 0);
    failures++;
  }
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  assert_true(failures > 50);
  assert_int_equal(ygt_drg_pack_load(&pack, TINY_PACK), YGT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_pre_mdcs),
    cmocka_unit_test(test_sex_rules),
    cmocka_unit_test(test_severity),
    cmocka_unit_test(test_adrg_and_drg_rule_shapes),
    cmocka_unit_test(test_ambiguous_group),
    cmocka_unit_test(test_ungroupable),
    cmocka_unit_test(test_unknown_codes_are_flags),
    cmocka_unit_test(test_code_maps),
    cmocka_unit_test(test_trace),
    cmocka_unit_test(test_pack_access),
    cmocka_unit_test(test_group_arguments),
    cmocka_unit_test(test_pack_without_maps),
    cmocka_unit_test(test_load_out_of_memory),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
