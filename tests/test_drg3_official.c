/* CHS-DRG 3.0 on the official rules transcribed in ../shared/data/chs-drg-3.0:
 * all 1,433 rules compile, and the three documented cases group as their
 * sources say.  Exits 77 (skipped), naming the file, when the data are absent.
 *
 * The shared data hold only a sample of the sets (sets_sample.tsv) and no CC
 * sheet: the configuration is loaded with YGT_DRG3_MISSING_SETS_EMPTY, and
 * tests/data/drg3/official_cc.tsv states I50.900's status (a CC for K80.101),
 * which case A needs; I10.x00 and E11.900 are not CCs, which case B needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "testutil.h"
#include "drg_testutil.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#define DIR3 SHARED_DATA_DIR "/chs-drg-3.0"
#define FIXTURE SOURCE_ROOT "/tests/data/drg3"

static const char *const paths[YGT_DRG3_FILES] = {
  DIR3 "/mdc.tsv", DIR3 "/adrg.tsv", DIR3 "/drg.tsv", DIR3 "/sets_sample.tsv",
  FIXTURE "/official_cc.tsv", FIXTURE "/official_exclusion.tsv",
};

static ygt_drg3 *cfg;

/* Reads a TSV with a plain line reader (independent of the code under test):
 * calls fn on every data row's fields. */
static void each_row(const char *path, void (*fn)(char **field, int n, void *ud), void *ud) {
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  char line[8192];
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f)) {
    char *field[16], *p = line;
    int n = 0;
    line[strcspn(line, "\n")] = '\0';
    for (; p && n < 16; n++) {
      field[n] = p;
      p = strchr(p, '\t');
      if (p) *p++ = '\0';
    }
    fn(field, n, ud);
  }
  fclose(f);
}

typedef struct names {
  char (*name)[32];
  size_t n, rules, nonempty;
} names;

static void add_name(names *s, const char *w, size_t len) {
  for (size_t i = 0; i < s->n; i++)
    if (strlen(s->name[i]) == len && strncmp(s->name[i], w, len) == 0) return;
  snprintf(s->name[s->n++], 32, "%.*s", (int)len, w);
}

/* Set names of a rule: words starting with DI or OP. */
static void scan_rule(char **field, int n, void *ud) {
  names *s = ud;
  const char *r = field[n - 1];
  s->rules++;
  s->nonempty += r[0] != '\0';
  for (const char *p = r; *p;) {
    size_t len = 0;
    while ((p[len] >= 'A' && p[len] <= 'Z') || (p[len] >= '0' && p[len] <= '9') || p[len] == '_') len++;
    if (len >= 3 && (strncmp(p, "DI", 2) == 0 || strncmp(p, "OP", 2) == 0)) add_name(s, p, len);
    p += len ? len : 1;
  }
}

static void scan_sample(char **field, int n, void *ud) {
  names *s = ud;
  if (n >= 2) add_name(s, field[0], strlen(field[0]));
}

static void test_all_rules_compile(void **state) {
  (void)state;
  static char used_buf[2048][32], sample_buf[64][32];
  names used = {used_buf, 0, 0, 0}, sample = {sample_buf, 0, 0, 0};
  for (int i = 0; i < 3; i++) each_row(paths[i], scan_rule, &used);
  each_row(paths[3], scan_sample, &sample);
  assert_int_equal(used.rules, 1433); /* the README's count of rows */
  size_t in_sample = 0;
  for (size_t i = 0; i < sample.n; i++)
    for (size_t k = 0; k < used.n; k++) in_sample += strcmp(sample.name[i], used.name[k]) == 0;
  printf("# %zu rules (%zu non-empty) compiled into %zu nodes; %zu sets named, %zu in the sample\n", used.rules,
         used.nonempty, ygt_drg3_node_count(cfg), used.n, in_sample);
  assert_int_equal(ygt_drg3_count(cfg, 1) + ygt_drg3_count(cfg, 2) + ygt_drg3_count(cfg, 3), used.rules);
  assert_int_equal(ygt_drg3_missing_set_count(cfg), used.n - in_sample);
  assert_true(ygt_drg3_node_count(cfg) >= used.nonempty);
}

/* Without YGT_DRG3_MISSING_SETS_EMPTY the sample is incomplete: an error naming a set. */
static void test_missing_sets_are_errors(void **state) {
  (void)state;
  ygt_drg3 *g = (ygt_drg3 *)1;
  assert_int_equal(ygt_drg3_load_files(&g, paths, 0), YGT_ENOTFOUND);
  assert_null(g);
  assert_non_null(strstr(ygt_error_last()->message, "named by a rule, has no rows"));
  assert_string_equal(ygt_error_last()->source, paths[3]);
}

static void group_one(const char *pdx, const char *sdx, const char *procs, int32_t age, const char *want_mdc,
                      const char *want_adrg, const char *want_drg) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, ygt_drg3_codes(cfg, YGT_CODE_DIAGNOSIS), ygt_drg3_codes(cfg, YGT_CODE_PROCEDURE), 1),
                   YGT_OK);
  tcase_add(c, &(tcase){1, age, NA, NA, 7, 1, NULL, pdx, sdx, procs});
  int32_t mdc, adrg, drg, status;
  uint32_t flags;
  assert_int_equal(ygt_drg3_group(cfg, c, 0, 1, 0, &mdc, &adrg, &drg, &status, &flags), YGT_OK);
  assert_int_equal(status, YGT_DRG_OK);
  assert_string_equal(ygt_drg3_code(cfg, 1, mdc), want_mdc);
  assert_string_equal(ygt_drg3_code(cfg, 2, adrg), want_adrg);
  assert_string_equal(ygt_drg3_code(cfg, 3, drg), want_drg);
  ygt_cases_free(c);
}

/* Case A: K80.101 + I50.900 (a CC by the fixture), 51.2300, male, 45. */
static void test_case_a(void **state) {
  (void)state;
  group_one("K80.101", "I50.900", "51.2300", 45, "MDCH", "HC4", "HC43");
}

/* Case B: K80.302 + I10.x00, E11.900 (not CCs), 51.2300, male, 70. */
static void test_case_b(void **state) {
  (void)state;
  group_one("K80.302", "I10.x00|E11.900", "51.2300", 70, "MDCH", "HC4", "HC45");
}

/* Case C: K80.302 + 50.5100 (辅助肝移植): the pre-MDC AB1. */
static void test_case_c(void **state) {
  (void)state;
  group_one("K80.302", "", "50.5100", 45, "MDCA", "AB1", "AB19");
}

/* The same case A without the CC: HC45, so the fixture is what makes HC43. */
static void test_case_a_without_cc(void **state) {
  (void)state;
  group_one("K80.101", "", "51.2300", 45, "MDCH", "HC4", "HC45");
  group_one("K80.101", "I50.900", "51.2300", 70, "MDCH", "HC4", "HC4F");
}

/* Case A traced: the MDCs tried before MDCH, the ADRGs of MDCH, HC4's DRGs. */
static void test_case_a_traced(void **state) {
  (void)state;
  ygt_cases *c;
  ygt_drg_trace *t;
  assert_int_equal(ygt_cases_new(&c, ygt_drg3_codes(cfg, YGT_CODE_DIAGNOSIS), ygt_drg3_codes(cfg, YGT_CODE_PROCEDURE), 1),
                   YGT_OK);
  tcase_add(c, &(tcase){1, 45, NA, NA, 5, 1, NULL, "K80.101", "I50.900", "51.2300"});
  assert_int_equal(ygt_drg_trace_new(&t), YGT_OK);
  assert_int_equal(ygt_drg3_group_traced(cfg, c, 0, t, NULL, NULL, NULL, NULL, NULL), YGT_OK);
  static const char *const want[] = {"MDC MDCA [empty rule]", "ADRG AB1 [ZYSS in OP_AB1]: no", "MDC MDCP [",
                                     "MDC MDCZ [", "MDC MDCG [ZYZD in DI_G00]: not entered",
                                     "MDC MDCH [ZYZD in DI_H00]: entered", "ADRG HC4 [ZYSS in OP_HC4]: matched",
                                     "QTZD I50.900: CC", "DRG HC4F [QTZD in {MCC, CC} and NL>=70]: false",
                                     "DRG HC43 [QTZD in {MCC, CC}]: true", "result: HC43 OK"};
  size_t k = 0, n = ygt_drg_trace_count(t);
  for (size_t i = 0; i < n && k < sizeof want / sizeof want[0]; i++) k += strstr(ygt_drg_trace_line(t, i), want[k]) != NULL;
  if (k != sizeof want / sizeof want[0]) fail_msg("trace lacks '%s' in order (%zu steps)", want[k], n);
  ygt_drg_trace_free(t);
  ygt_cases_free(c);
}

static int setup(void **state) {
  (void)state;
  return ygt_drg3_load_files(&cfg, paths, YGT_DRG3_MISSING_SETS_EMPTY) ? (printf("# %s\n", ygt_error_last()->message), -1)
                                                                      : 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_drg3_free(cfg);
  return 0;
}

int main(void) {
  for (int i = 0; i < 4; i++) {
    if (access(paths[i], R_OK) != 0) {
      printf("SKIPPED: %s not found (the shared CHS-DRG 3.0 data, ../shared/data beside the checkout)\n", paths[i]);
      fprintf(stderr, "SKIPPED: %s not found\n", paths[i]);
      return 77;
    }
  }
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_all_rules_compile), cmocka_unit_test(test_missing_sets_are_errors),
    cmocka_unit_test(test_case_a),            cmocka_unit_test(test_case_b),
    cmocka_unit_test(test_case_c),            cmocka_unit_test(test_case_a_without_cc),
    cmocka_unit_test(test_case_a_traced),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
