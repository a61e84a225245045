/* Whole columns of a batch in one call (ygt_cases_get_strings, ygt_cases_get_rows): for every row range
 * they give what the per-row getters give, and a refused call writes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "testutil.h"
#include "drg_testutil.h"

static ygt_drg_pack *pack;
static ygt_cases *cases;

/* Rows with ids of several lengths, one without an id, and problem rows from a file. */
static int setup(void **state) {
  (void)state;
  char path[256];
  if (ygt_drg_pack_load(&pack, TINY_PACK)) return -1;
  if (!testutil_write_temp(path, sizeof path, ".tsv",
             "case_id\tsex\tage_years\tpdx\tdept\n"
             "c1\t1\t50\tA00.000\t0301\n"
             "# a comment line\n"
             "case-number-two\tx\t50\tA00.000\t\n"
             "\t2\t30\tQ00.000\t07\n"
             "c4444\t1\t30\tA01.000\t\n"))
    return -1;
  int rc = ygt_cases_new(&cases, ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS),
                         ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE), 0);
  if (!rc) rc = ygt_cases_load(cases, path);
  remove(path);
  size_t row;
  if (!rc) rc = ygt_cases_append(cases, &row); /* a row not read from a file: line 0 */
  return rc ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_cases_free(cases);
  ygt_drg_pack_free(pack);
  return ygt_allocated_blocks() == 0 ? 0 : -1;
}

/* The strings of rows first..first+n-1 equal ygt_cases_get_string's, in order. */
static void check_strings(int column, size_t first, size_t n) {
  char buf[256];
  size_t size = 0;
  assert_int_equal(ygt_cases_get_strings(NULL, 0, &size, cases, column, first, n), n ? YGT_EBUFSIZE : YGT_OK);
  assert_int_equal(ygt_cases_get_strings(buf, size, NULL, cases, column, first, n), YGT_OK);
  const char *p = buf;
  for (size_t r = first; r < first + n; r++) {
    assert_string_equal(p, ygt_cases_get_string(cases, r, column));
    p += strlen(p) + 1;
  }
  assert_int_equal((size_t)(p - buf), size);
}

static void test_strings(void **state) {
  (void)state;
  size_t count = ygt_cases_count(cases);
  assert_int_equal(count, 5);
  for (size_t first = 0; first <= count; first++)
    for (size_t n = 0; first + n <= count; n++) {
      check_strings(YGT_CASE_CASE_ID, first, n);
      check_strings(YGT_CASE_DEPT, first, n);
      check_strings(YGT_CASE_INSTITUTION_CODE, first, n); /* absent: "" per row */
    }
}

static void test_strings_refused(void **state) {
  (void)state;
  char buf[64];
  size_t size = 0;
  memset(buf, 'z', sizeof buf);
  assert_int_equal(ygt_cases_get_strings(buf, 5, &size, cases, YGT_CASE_CASE_ID, 0, 2), YGT_EBUFSIZE);
  assert_int_equal(size, strlen("c1") + strlen("case-number-two") + 2);
  assert_int_equal(buf[0], 'z'); /* nothing written */
  assert_int_equal(ygt_cases_get_strings(buf, sizeof buf, &size, cases, YGT_CASE_CASE_ID, 4, 2), YGT_ERANGE);
  assert_int_equal(ygt_cases_get_strings(buf, sizeof buf, &size, cases, YGT_CASE_CASE_ID, 6, 0), YGT_ERANGE);
  assert_int_equal(ygt_cases_get_strings(buf, sizeof buf, &size, cases, YGT_CASE_CASE_ID, 1, SIZE_MAX), YGT_ERANGE);
  assert_int_equal(ygt_cases_get_strings(buf, sizeof buf, &size, cases, YGT_CASE_SEX, 0, 1), YGT_EINVAL);
  assert_int_equal(ygt_cases_get_strings(buf, sizeof buf, &size, cases, 99, 0, 1), YGT_EINVAL);
  assert_int_equal(ygt_cases_get_strings(NULL, 4, &size, cases, YGT_CASE_CASE_ID, 0, 1), YGT_EINVAL);
  assert_int_equal(ygt_cases_get_strings(buf, sizeof buf, &size, NULL, YGT_CASE_CASE_ID, 0, 1), YGT_EINVAL);
  assert_int_equal(buf[0], 'z');
}

static void test_rows(void **state) {
  (void)state;
  size_t count = ygt_cases_count(cases);
  int32_t flags[8], lines[8];
  for (size_t first = 0; first <= count; first++)
    for (size_t n = 0; first + n <= count; n++) {
      assert_int_equal(ygt_cases_get_rows(flags, lines, cases, first, n), YGT_OK);
      for (size_t i = 0; i < n; i++) {
        assert_int_equal(flags[i], ygt_cases_row_flags(cases, first + i));
        assert_int_equal(lines[i], ygt_cases_row_line(cases, first + i));
      }
    }
  assert_int_equal(ygt_cases_get_rows(flags, NULL, cases, 0, count), YGT_OK);
  assert_int_equal(flags[1], YGT_CASE_ROW_MALFORMED); /* sex 'x' */
  assert_int_equal(flags[2], YGT_CASE_ROW_UNKNOWN_PDX);
  assert_int_equal(ygt_cases_get_rows(NULL, lines, cases, 0, count), YGT_OK);
  assert_int_equal(lines[3], 6); /* the comment line counts */
  assert_int_equal(lines[4], 0);
  flags[0] = 77;
  assert_int_equal(ygt_cases_get_rows(flags, lines, cases, 3, 3), YGT_ERANGE);
  assert_int_equal(ygt_cases_get_rows(flags, lines, NULL, 0, 1), YGT_EINVAL);
  assert_int_equal(flags[0], 77);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_strings),
    cmocka_unit_test(test_strings_refused),
    cmocka_unit_test(test_rows),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
