/* DRG versions side by side: a periods table naming the tiny 1.1-style pack
 * (2026) and the synthetic CHS-DRG 3.0 workbook (from 2027); each case is
 * grouped by the grouper of its discharge date, and that equals grouping it
 * with that grouper directly; gaps, overlaps and bad dates are errors naming
 * file, line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

#define TINY SOURCE_ROOT "/tests/data/drg/tiny"
#define SYN SOURCE_ROOT "/tests/data/drg3/synthetic"

static const char *write_table(char *path, size_t cap, const char *text) {
  return testutil_write_temp(path, cap, ".tsv", text);
}

static ygt_drg_versions *load(const char *text) {
  char path[256];
  assert_non_null(write_table(path, sizeof path, text));
  ygt_drg_versions *v = NULL;
  int rc = ygt_drg_versions_load(&v, path, 0);
  if (rc) fail_msg("%s", ygt_error_last()->message);
  unlink(path);
  return v;
}

/* The same cases over each version's dictionaries: discharge date, sex, age, pdx, procedures. */
typedef struct vcase {
  int32_t date;
  const char *pdx, *procs[2];
} vcase;

static const vcase cases[] = {
  {20261231, "A00.000", {"37.5100", NULL}}, /* 2026: the tiny pack, AA19 by its AA1 list */
  {20270101, "K80.101", {"50.5100", NULL}}, /* 2027: the 3.0 workbook, AA19 by OP_AA1 */
  {0, "K80.101", {"50.5100", NULL}},        /* no discharge date */
  {20251231, "A00.000", {"37.5100", NULL}}, /* before every period */
  {20270301, "K80.101", {"51.2300", NULL}}, /* 3.0: HC4 */
  {20260101, "A01.000", {"45.0000", NULL}}, /* first day of 2026 */
};
#define NCASES (sizeof cases / sizeof cases[0])

static ygt_cases *batch(const ygt_drg_versions *v, size_t i) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, ygt_drg_versions_codes(v, i, YGT_CODE_DIAGNOSIS),
                                 ygt_drg_versions_codes(v, i, YGT_CODE_PROCEDURE), 0), YGT_OK);
  for (size_t r = 0; r < NCASES; r++) {
    size_t row;
    assert_int_equal(ygt_cases_append(c, &row), YGT_OK);
    if (cases[r].date) assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_DISCHARGE_DATE, cases[r].date), YGT_OK);
    assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_SEX, 1), YGT_OK);
    assert_int_equal(ygt_cases_set_int(c, row, YGT_CASE_AGE_YEARS, 45), YGT_OK);
    assert_int_equal(ygt_cases_set_code(c, row, YGT_CASE_PDX, cases[r].pdx), YGT_OK);
    for (int k = 0; k < 2 && cases[r].procs[k]; k++)
      assert_int_equal(ygt_cases_add_code(c, row, YGT_CASE_PROCS, cases[r].procs[k]), YGT_OK);
  }
  return c;
}

static const char table[] = "from\tto\tgrouper\n"
                            "2027-01-01\t\t" SYN "\n" /* out of order on purpose */
                            "2026-01-01\t2026-12-31\t" TINY "\n";

static const char *drg_code(const ygt_drg_versions *v, int w, int32_t id) {
  if (w < 0 || id < 0) return "-";
  return ygt_drg_versions_is_pack(v, (size_t)w) ? ygt_drg_pack_drg_code(ygt_drg_versions_pack(v, (size_t)w), id)
                                                : ygt_drg3_code(ygt_drg_versions_drg3(v, (size_t)w), 3, id);
}

static void test_by_discharge_date(void **state) {
  (void)state;
  ygt_drg_versions *v = load(table);
  assert_int_equal(ygt_drg_versions_count(v), 2);
  int32_t from, to;
  assert_int_equal(ygt_drg_versions_period(v, 0, &from, &to), YGT_OK);
  assert_true(from == 20260101 && to == 20261231);
  assert_int_equal(ygt_drg_versions_period(v, 1, &from, &to), YGT_OK);
  assert_true(from == 20270101 && to == 99991231);
  assert_int_equal(ygt_drg_versions_is_pack(v, 0), 1);
  assert_int_equal(ygt_drg_versions_is_pack(v, 1), 0);
  assert_int_equal(ygt_drg_versions_find(v, 20261231), 0);
  assert_int_equal(ygt_drg_versions_find(v, 20990101), 1);
  assert_int_equal(ygt_drg_versions_find(v, 20251231), YGT_ENOTFOUND);
  const ygt_cases *b[2] = {batch(v, 0), batch(v, 1)};
  int32_t ver[NCASES], mdc[NCASES], adrg[NCASES], drg[NCASES], st[NCASES];
  uint32_t fl[NCASES];
  assert_int_equal(ygt_drg_versions_group(v, b, 0, NCASES, -1, ver, mdc, adrg, drg, st, fl), YGT_OK);
  const int want_ver[NCASES] = {0, 1, -1, -1, 1, 0};
  const char *const want_drg[NCASES] = {"AA19", "AA19", "-", "-", "HC45", "GB15"};
  for (size_t r = 0; r < NCASES; r++) {
    if (ver[r] != want_ver[r] || strcmp(drg_code(v, ver[r], drg[r]), want_drg[r]) != 0)
      fail_msg("case %zu: version %d %s, want %d %s", r, ver[r], drg_code(v, ver[r], drg[r]), want_ver[r], want_drg[r]);
    if (ver[r] < 0) {
      assert_int_equal(st[r], YGT_DRG_NO_PERIOD);
      assert_true(mdc[r] == -1 && adrg[r] == -1 && drg[r] == -1);
      continue;
    }
    /* the same as grouping the row with that version directly */
    int32_t one[4];
    uint32_t f1;
    const ygt_drg_pack *p = ygt_drg_versions_pack(v, (size_t)ver[r]);
    int rc = p ? ygt_drg_group(p, b[ver[r]], r, 1, 0, one, one + 1, one + 2, one + 3, &f1)
               : ygt_drg3_group(ygt_drg_versions_drg3(v, (size_t)ver[r]), b[ver[r]], r, 1, 0, one, one + 1, one + 2,
                                one + 3, &f1);
    assert_int_equal(rc, YGT_OK);
    assert_true(one[0] == mdc[r] && one[1] == adrg[r] && one[2] == drg[r] && one[3] == st[r] && f1 == fl[r]);
  }
  assert_string_equal(ygt_drg_status_name(YGT_DRG_NO_PERIOD), "NO_PERIOD");
  /* a range of rows, and every row with one version (the 3.0 codes mean other things in 1.1) */
  assert_int_equal(ygt_drg_versions_group(v, b, 4, 2, -1, ver, NULL, NULL, drg, NULL, NULL), YGT_OK);
  assert_true(ver[0] == 1 && ver[1] == 0);
  assert_int_equal(ygt_drg_versions_group(v, b, 0, NCASES, 1, ver, NULL, NULL, drg, st, NULL), YGT_OK);
  for (size_t r = 0; r < NCASES; r++) assert_int_equal(ver[r], 1);
  assert_string_equal(drg_code(v, 1, drg[1]), "AA19");
  assert_string_equal(drg_code(v, 1, drg[4]), "HC45");
  assert_int_equal(st[0], YGT_DRG_UNKNOWN_PDX); /* A00.000 is not in the 3.0 workbook's sets */
  /* errors */
  assert_int_equal(ygt_drg_versions_group(v, b, 0, NCASES, 2, ver, NULL, NULL, NULL, NULL, NULL), YGT_ERANGE);
  assert_int_equal(ygt_drg_versions_group(v, b, 1, NCASES, -1, ver, NULL, NULL, NULL, NULL, NULL), YGT_ERANGE);
  const ygt_cases *only_2026[2] = {b[0], NULL};
  assert_int_equal(ygt_drg_versions_group(v, only_2026, 0, 1, -1, ver, NULL, NULL, NULL, NULL, NULL), YGT_OK);
  assert_int_equal(ygt_drg_versions_group(v, only_2026, 0, 2, -1, ver, NULL, NULL, NULL, NULL, NULL), YGT_EINVAL);
  assert_int_equal(ygt_drg_versions_period(v, 2, &from, &to), YGT_ERANGE);
  assert_null(ygt_drg_versions_codes(v, 2, YGT_CODE_DIAGNOSIS));
  ygt_cases_free((ygt_cases *)b[0]);
  ygt_cases_free((ygt_cases *)b[1]);
  ygt_drg_versions_free(v);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

typedef struct bad {
  const char *rows;
  int code, line;
  const char *field, *fragment;
} bad;

static const bad bads[] = {
  {"2026-01-01\t2026-12-31\t" TINY "\n2026-12-01\t\t" SYN "\n", YGT_EVALIDATE, 3, "from", "overlaps the period of line 2"},
  {"2026-01-01\t2026-12-30\t" TINY "\n2027-01-01\t\t" SYN "\n", YGT_EVALIDATE, 3, "from", "a gap: the period of line 2 ends on 20261230"},
  {"2026-01-01\t\t" TINY "\n2027-01-01\t\t" SYN "\n", YGT_EVALIDATE, 3, "from", "overlaps"},
  {"2026-02-01\t2026-01-01\t" TINY "\n", YGT_EVALIDATE, 2, "to", "ends before it starts"},
  {"2026-13-01\t\t" TINY "\n", YGT_EPARSE, 2, "from", "not a date"},
  {"2026-01-01\t\t\n", YGT_EPARSE, 2, "grouper", "missing"},
  {"", YGT_EVALIDATE, 0, "from", "no period"},
};

static void test_errors(void **state) {
  (void)state;
  char path[256], text[1024];
  for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
    snprintf(text, sizeof text, "from\tto\tgrouper\n%s", bads[i].rows);
    assert_non_null(write_table(path, sizeof path, text));
    ygt_drg_versions *v = (ygt_drg_versions *)1;
    int rc = ygt_drg_versions_load(&v, path, 0);
    const ygt_error *e = ygt_error_last();
    if (rc != bads[i].code || e->line != bads[i].line || strcmp(e->field, bads[i].field) != 0 ||
        !strstr(e->message, bads[i].fragment) || !strstr(e->message, path))
      fail_msg("table %zu: rc %d line %d field '%s': %s", i, rc, e->line, e->field, e->message);
    assert_null(v);
    unlink(path);
  }
  assert_non_null(write_table(path, sizeof path, "from\tuntil\tgrouper\n"));
  ygt_drg_versions *v;
  assert_int_equal(ygt_drg_versions_load(&v, path, 0), YGT_EPARSE);
  assert_string_equal(ygt_error_last()->field, "to");
  unlink(path);
  assert_non_null(write_table(path, sizeof path, "from\tto\tgrouper\tversion\n2026-01-01\t\t" TINY "\tx\n"));
  assert_int_equal(ygt_drg_versions_load(&v, path, 0), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "unknown column"));
  unlink(path);
  assert_int_equal(ygt_drg_versions_load(&v, "/nonexistent/periods.tsv", 0), YGT_EIO);
  assert_int_equal(ygt_drg_versions_load(NULL, path, 0), YGT_EINVAL);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_by_discharge_date),
    cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
