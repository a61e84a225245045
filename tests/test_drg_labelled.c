/* CHS-DRG 1.1 on the national tables (../shared/data/chs-drg-1.1): the 30
 * labelled cases of OpenDRG, and facts of the 1.1 pack.  Skips (77) when the
 * shared data are absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <cmocka.h>

#include "testutil.h"
#include "drg_testutil.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#define PACK SHARED_DATA_DIR "/chs-drg-1.1"
#define LABELLED PACK "/labelled_cases.tsv"

static ygt_drg_pack *pack;

/* The README's results for the 6 records without a label. */
static const char *const unlabelled[][2] = {
  {"22080305", "RC19"}, {"22080446", "JD13"}, {"22089232", "BY23"},
  {"22089767", "ZJ15"}, {"22091181", "ZZ15"}, {"22091208", "BZ15"},
};

/* expected_drg of each record, read with a plain line reader so that the
 * test does not depend on the code under test for its expectations. */
static int read_labels(char ids[64][16], char drgs[64][16]) {
  FILE *f = fopen(LABELLED, "r");
  assert_non_null(f);
  char line[4096];
  int n = 0;
  assert_non_null(fgets(line, sizeof line, f)); /* header; expected_drg is the 13th column */
  while (fgets(line, sizeof line, f) && n < 64) {
    char *field[13] = {0}, *p = line;
    for (int i = 0; i < 13 && p; i++) {
      field[i] = p;
      p = strchr(p, '\t');
      if (p) *p++ = '\0';
    }
    field[12][strcspn(field[12], "\r\n")] = '\0';
    assert_true(snprintf(ids[n], 16, "%s", field[0]) < 16);
    assert_true(snprintf(drgs[n], 16, "%s", field[12]) < 16);
    n++;
  }
  fclose(f);
  return n;
}

static void test_labelled_cases(void **state) {
  (void)state;
  char ids[64][16], want[64][16];
  int n = read_labels(ids, want);
  assert_int_equal(n, 30);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS),
                                 ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), 0), YGT_OK);
  assert_int_equal(ygt_cases_allow_columns(c, "expected_drg"), YGT_OK);
  assert_int_equal(ygt_cases_load(c, LABELLED), YGT_OK);
  assert_int_equal(ygt_cases_count(c), 30);
  int32_t drg[30], status[30];
  uint32_t flags[30];
  assert_int_equal(ygt_drg_group(pack, c, 0, 30, 0, NULL, NULL, drg, status, flags), YGT_OK);
  int labelled = 0;
  for (int i = 0; i < n; i++) {
    assert_string_equal(ygt_cases_get_string(c, (size_t)i, YGT_CASE_CASE_ID), ids[i]);
    const char *expected = want[i];
    for (size_t k = 0; !expected[0] && k < 6; k++)
      if (strcmp(unlabelled[k][0], ids[i]) == 0) expected = unlabelled[k][1];
    labelled += want[i][0] != '\0';
    const char *got = ygt_drg_pack_drg_code(pack, drg[i]);
    if (strcmp(got, expected) || status[i] != YGT_DRG_OK)
      fail_msg("case %s: got %s (%s), want %s", ids[i], got, ygt_drg_status_name(status[i]), expected);
    assert_int_equal(flags[i], 0);
  }
  assert_int_equal(labelled, 24);
  ygt_cases_free(c);
}

static void test_pack_facts(void **state) {
  (void)state;
  assert_int_equal(ygt_drg_pack_mdc_count(pack), 26);
  assert_int_equal(ygt_drg_pack_adrg_count(pack), 376);
  assert_int_equal(ygt_drg_pack_drg_count(pack), 628);
  assert_string_equal(ygt_drg_pack_name(pack), "chs-drg-1.1");
  /* The 4 rule codes missing from dx_codes.tsv joined the dictionary. */
  const ygt_codes *dx = ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS);
  assert_true(ygt_codes_id(dx, "K43.900") >= 33304);
  assert_true(ygt_codes_id(dx, "P78.300x004") >= 33304);
  assert_int_equal(ygt_drg_pack_has_map(pack, YGT_CODE_DIAGNOSIS), 1);
}

static void group_one(const tcase *t, int options, const char *want_drg, int want_status, ygt_drg_trace *trace) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS),
                                 ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), 1), YGT_OK);
  tcase_add(c, t);
  int32_t drg, status;
  if (trace) assert_int_equal(ygt_drg_group_traced(pack, c, 0, options, trace, NULL, NULL, &drg, &status, NULL), 0);
  else assert_int_equal(ygt_drg_group(pack, c, 0, 1, options, NULL, NULL, &drg, &status, NULL), YGT_OK);
  if (strcmp(ygt_drg_pack_drg_code(pack, drg), want_drg) || status != want_status)
    fail_msg("%s: got %s %s, want %s", t->pdx, ygt_drg_pack_drg_code(pack, drg), ygt_drg_status_name(status), want_drg);
  ygt_cases_free(c);
}

static void test_national_rules(void **state) {
  (void)state;
  /* Prostate cancer: MDCM for a man, nothing for a woman (README, step 1). */
  group_one(&(tcase){1, 65, 24098, NA, 66, 1, NULL, "C61.x00", "Z98.800x210", "60.5x02"}, 0, "MA19", 0, NULL);
  group_one(&(tcase){2, 65, 24098, NA, 66, 1, NULL, "C61.x00", "Z98.800x210", "60.5x02"}, 0, "0000",
            YGT_DRG_NO_ADRG, NULL);
  /* In MDCF, FF2 is tried before FF1: the trace shows the order. */
  ygt_drg_trace *t;
  assert_int_equal(ygt_drg_trace_new(&t), YGT_OK);
  group_one(&(tcase){1, 60, 21900, NA, 10, 1, NULL, "I50.900x002", "", ""}, 0, "FR25", 0, t);
  long ff1 = -1, ff2 = -1;
  for (size_t i = 0; i < ygt_drg_trace_count(t); i++) {
    if (strncmp(ygt_drg_trace_line(t, i), "ADRG FF1 ", 9) == 0) ff1 = (long)i;
    if (strncmp(ygt_drg_trace_line(t, i), "ADRG FF2 ", 9) == 0) ff2 = (long)i;
  }
  assert_true(ff2 >= 0 && ff1 > ff2);
  ygt_drg_trace_free(t);
  /* The code maps translate an old code only when asked. */
  group_one(&(tcase){1, 34, 12773, NA, 45, 1, NULL, "L98.400", "T81.813", "86.7500x001|83.4501"},
            YGT_DRG_MAP_CODES, "JD13", 0, NULL);
}

/* One pack, one batch, four threads grouping it at once: the same results
 * as one thread (the pack and the batch are only read). */
typedef struct job {
  const ygt_cases *cases;
  int32_t drg[30];
  int rc;
} job;

static void *run_job(void *arg) {
  job *j = arg;
  for (int rep = 0; rep < 200 && !j->rc; rep++)
    j->rc = ygt_drg_group(pack, j->cases, 0, 30, 0, NULL, NULL, j->drg, NULL, NULL);
  return NULL;
}

static void test_threads(void **state) {
  (void)state;
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS),
                                 ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), 0), YGT_OK);
  assert_int_equal(ygt_cases_allow_columns(c, "expected_drg"), YGT_OK);
  assert_int_equal(ygt_cases_load(c, LABELLED), YGT_OK);
  job one = {c, {0}, 0}, jobs[4];
  run_job(&one);
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    jobs[i] = (job){c, {0}, 0};
    assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(jobs[i].rc, YGT_OK);
    assert_memory_equal(jobs[i].drg, one.drg, sizeof one.drg);
  }
  ygt_cases_free(c);
}

static int setup(void **state) {
  (void)state;
  return ygt_drg_pack_load(&pack, PACK) == YGT_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  ygt_drg_pack_free(pack);
  return ygt_allocated_blocks() == 0 ? 0 : -1;
}

int main(void) {
  FILE *f = fopen(LABELLED, "r");
  if (!f) {
    printf("skipped: %s not found\n", LABELLED);
    return 77;
  }
  fclose(f);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_labelled_cases),
    cmocka_unit_test(test_pack_facts),
    cmocka_unit_test(test_national_rules),
    cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
