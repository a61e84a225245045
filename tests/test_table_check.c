/* Strict tables (src/table_check.c, src/suggest.c): unknown and repeated
 * columns, the caller's and the loader's accepted columns, UTF-8 with the
 * GBK hint, and the "did you mean" rule every reader shares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "error_internal.h"
#include "table_internal.h"
#include "testutil.h"
#include "yigongti.h"

static int open_text(ygt_table *t, const char *name, const char *text) {
  return ygt__table_open_mem(t, name, text, strlen(text), 0);
}

static void expect_error(int line, int column, const char *field, const char *fragment) {
  const ygt_error *e = ygt_error_last();
  assert_int_equal(e->line, line);
  assert_int_equal(e->column, column);
  assert_string_equal(e->field, field);
  if (!strstr(e->message, fragment)) fail_msg("'%s' lacks '%s'", e->message, fragment);
}

static const char *const case_columns[] = {"case_id", "pdx", "?sdx", "?coinsurance", NULL};

/* Reads `text` as a case table (allow: the caller's list, or NULL) up to its
 * first row; returns the first failure's code, 1 for a row, 0 for none. */
static int first_row(const char *name, const char *text, const char *allow) {
  ygt_table t;
  int idx[4];
  int rc = open_text(&t, name, text);
  if (rc) return rc;
  rc = ygt__table_allow(&t, allow);
  if (!rc) rc = ygt__table_columns(&t, case_columns, idx);
  if (!rc) rc = ygt__table_next(&t);
  ygt__table_close(&t);
  return rc;
}

/* first_row() fails with YGT_EPARSE at line, column and field. */
static void parse_error(const char *name, const char *text, const char *allow, int line, int column,
                        const char *field, const char *fragment) {
  assert_int_equal(first_row(name, text, allow), YGT_EPARSE);
  expect_error(line, column, field, fragment);
}

static void test_unknown_column_names_the_closest(void **state) {
  (void)state;
  ygt_table t;
  int idx[4];
  /* The header is on the file's line 3: comments and blank lines count. */
  assert_int_equal(open_text(&t, "c.tsv", "# cases\n\ncase_id\tpdx\tsdx1\nc1\tA00.000\tE11.000\n"), 0);
  assert_int_equal(ygt__table_columns(&t, case_columns, idx), 0);
  assert_int_equal(idx[2], -1); /* sdx is absent: before the check it would be silently empty */
  assert_int_equal(ygt__table_next(&t), YGT_EPARSE);
  expect_error(3, 3, "sdx1", "unknown column (did you mean `sdx`?)");
  assert_string_equal(ygt_error_last()->message, "c.tsv:3:3: sdx1: unknown column (did you mean `sdx`?)");
  ygt__table_close(&t);

  /* also without any data row */
  parse_error("d.tsv", "case_id\tpdx\tco_insurance\n", NULL, 1, 3, "co_insurance", "did you mean `coinsurance`?");
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_unknown_column_without_a_close_name_lists_the_known(void **state) {
  (void)state;
  parse_error("c.csv", "case_id,pdx,ward\nc1,A00.000,3\n", NULL, 1, 3, "ward", "unknown column (known: case_id, pdx, sdx, coinsurance)");
}

static void test_allowed_and_accepted_columns(void **state) {
  (void)state;
  const char *text = "case_id\tpdx\tward\tpay_level1\tpay_level2\nc1\tA00.000\t3\t1\t2\n";
  assert_int_equal(first_row("c.tsv", text, "note,ward,pay_*"), 1);
  assert_int_equal(first_row("c.tsv", text, "*"), 1);
  /* A prefix must match the start: "pay_*" does not accept "ward". */
  parse_error("c.tsv", text, "pay_*", 1, 3, "ward", "unknown column");
  /* The loader's own '~' entries accept informative columns without reading them. */
  ygt_table t;
  int idx[4];
  const char *informative[] = {"case_id", "pdx", "~ward", "~pay_*", NULL};
  assert_int_equal(open_text(&t, "c.tsv", text), 0);
  assert_int_equal(ygt__table_columns(&t, informative, idx), 0);
  assert_int_equal(idx[2], -1);
  assert_int_equal(ygt__table_next(&t), 1);
  ygt__table_close(&t);
  /* Remarks are accepted in every table; a near miss of them is not. */
  assert_int_equal(first_row("n.tsv", "case_id\tpdx\tnote\tnote_ward\n", NULL), 0);
  parse_error("n.tsv", "case_id\tpdx\tnote\tnotes\n", NULL, 1, 4, "notes", "unknown column");
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_missing_required_column_names_a_close_one(void **state) {
  (void)state;
  parse_error("p.tsv", "# x\ncase_id\tpxd\n", NULL, 2, 2, "pdx", "required column is missing from the header (column 2, `pxd`, is close: a misspelling?)");
  parse_error("p.tsv", "case_id\tward\n", NULL, 1, 0, "pdx", "required column is missing from the header");
  assert_null(strstr(ygt_error_last()->message, "close"));
}

/* Any columns allowed: `good` rows read, then the next fails at line, column and field. */
static void row_error(const char *name, const char *text, int good, int line, int column, const char *field,
                      const char *fragment) {
  ygt_table t;
  assert_int_equal(open_text(&t, name, text), 0);
  assert_int_equal(ygt__table_allow(&t, "*"), 0);
  for (int i = 0; i < good; i++) assert_int_equal(ygt__table_next(&t), 1);
  assert_int_equal(ygt__table_next(&t), YGT_EPARSE);
  expect_error(line, column, field, fragment);
  ygt__table_close(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_repeated_column(void **state) {
  (void)state;
  ygt_table t;
  assert_int_equal(open_text(&t, "r.tsv", "# x\ncase_id\tpdx\tsdx\tpdx\n"), YGT_EPARSE);
  expect_error(2, 4, "pdx", "column appears twice (also column 2)");
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_row_longer_than_the_header(void **state) {
  (void)state;
  /* A shorter row is fine (the rest is empty), so is an empty extra field. */
  row_error("w.tsv", "a\tb\n1\n1\t2\t\n# c\n1\t2\t3\n", 2, 5, 3, "", "field 3 has no column in the header (2 columns)");
  /* An export's trailing separator makes an empty header name: accepted, but not with data under it. */
  row_error("e.csv", "a,b,\n1,2,\n1,2,3\n", 1, 3, 3, "", "field 3 has no column in the header (3 columns)");
}

static void test_invalid_utf8(void **state) {
  (void)state;
  ygt_table t;
  /* 内科 in GBK (C4 DA BF C6) on the file's line 4. */
  row_error("g.tsv", "case_id\tdept\nc1\tok\n# note\nc2\t\xC4\xDA\xBF\xC6\n", 1, 4, 2, "dept",
            "invalid UTF-8 byte 0xC4 at byte 1 of the field; the file looks like GBK");
  /* A stray byte that GBK cannot explain gets no hint; an overlong form is refused. */
  row_error("b.csv", "a,b\nx,ok\xFF\n", 0, 2, 2, "b", "invalid UTF-8 byte 0xFF at byte 3 of the field");
  assert_null(strstr(ygt_error_last()->message, "GBK"));
  row_error("o.tsv", "a\n\xC0\xAF\n", 0, 2, 1, "a", "invalid UTF-8 byte 0xC0");
  /* A GBK header fails before any lookup, at its own line. */
  assert_int_equal(open_text(&t, "h.tsv", "\n\xD0\xD5\xC3\xFB\tpdx\n"), YGT_EPARSE);
  expect_error(2, 1, "", "looks like GBK");
  /* Real UTF-8 (three- and four-byte forms) passes. */
  assert_int_equal(open_text(&t, "u.tsv", "名称\tx\n第一医院\t\xF0\x9F\x98\x80\n"), 0);
  assert_int_equal(ygt__table_allow(&t, "*"), 0);
  assert_int_equal(ygt__table_next(&t), 1);
  assert_string_equal(ygt__table_field(&t, 0), "第一医院");
  ygt__table_close(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* A TSV row's UTF-8 is checked whole (8 ASCII bytes at a time) and only a bad row field by field: the
 * error must name the same field and byte wherever the bad byte falls against the 8-byte steps, and a
 * sequence must not be completed across a tab, a trimmed space or the line end. */
static void test_invalid_utf8_anywhere_in_a_row(void **state) {
  (void)state;
  char text[128], want[64];
  for (int pad = 0; pad < 17; pad++) {
    snprintf(text, sizeof text, "a\tb\tc\nx\t%.*s\xE4\xB8\xAD\tz\xFF\n", pad, "0123456789abcdefgh");
    snprintf(want, sizeof want, "invalid UTF-8 byte 0xFF at byte 2 of the field");
    row_error("p.tsv", text, 0, 2, 3, "c", want);
    snprintf(text, sizeof text, "a\tb\nx\t%.*s\xE4\xB8\n", pad, "0123456789abcdefgh");
    snprintf(want, sizeof want, "invalid UTF-8 byte 0xE4 at byte %d of the field", pad + 1);
    row_error("q.tsv", text, 0, 2, 2, "b", want);
  }
  row_error("t.tsv", "a\tb\n\xE4\xB8\t\xAD\n", 0, 2, 1, "a", "invalid UTF-8 byte 0xE4 at byte 1");
  row_error("s.tsv", "a\tb\nx\t\xE4 \xB8\xAD\n", 0, 2, 2, "b", "invalid UTF-8 byte 0xE4 at byte 1");
  row_error("r.tsv", "a\tb\nx\t\xE4\xB8\r\n", 0, 2, 2, "b", "invalid UTF-8 byte 0xE4 at byte 1");
  row_error("e.tsv", "a\tb\nx\t\xE4\xB8", 0, 2, 2, "b", "invalid UTF-8 byte 0xE4 at byte 1");
  /* A comment row is never checked. */
  ygt_table t;
  assert_int_equal(open_text(&t, "c.tsv", "a\n# \xFF\n0123456789\xE4\xB8\xAD\n"), 0);
  assert_int_equal(ygt__table_allow(&t, "*"), 0);
  assert_int_equal(ygt__table_next(&t), 1);
  assert_string_equal(ygt__table_field(&t, 0), "0123456789中");
  ygt__table_close(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_closest_name(void **state) {
  (void)state;
  char hint[64];
  const char *keys[] = {"table", "parameters", NULL};
  assert_string_equal(ygt__did_you_mean(hint, sizeof hint, "tabel", keys), " (did you mean `table`?)");
  assert_string_equal(ygt__did_you_mean(hint, sizeof hint, "colour", keys), "");
  const char *names[] = {"case_id", "pdx", "sdx", NULL, "coinsurance", "los_days"};
  assert_int_equal(ygt_closest_name("sdx1", names, 6), 2);
  assert_int_equal(ygt_closest_name("co_insurance", names, 6), 4);
  assert_int_equal(ygt_closest_name("caseid", names, 6), 0);
  assert_int_equal(ygt_closest_name("los_dyas", names, 6), 5); /* a swap is one edit */
  assert_int_equal(ygt_closest_name("ward", names, 6), -1);
  assert_int_equal(ygt_closest_name("xyz", names, 6), -1);
  assert_int_equal(ygt_closest_name("", names, 6), -1);
  assert_int_equal(ygt_closest_name(NULL, names, 6), -1);
  assert_int_equal(ygt_closest_name("pdx", NULL, 0), -1);
  /* Equals: the first wins. */
  const char *twins[] = {"adx", "bdx"};
  assert_int_equal(ygt_closest_name("cdx", twins, 2), 0);
}

/* Every allocation of the checks may fail: the open or the first row then
 * fails with YGT_ENOMEM and nothing is left allocated. */
static void test_out_of_memory(void **state) {
  (void)state;
  const char *text = "case_id\tpdx\tsdx1\nc1\tA00.000\tx\n";
  int rc = YGT_ENOMEM;
  long at;
  for (at = 1; rc == YGT_ENOMEM && at < 100; at++) {
    testutil_failing f;
    assert_int_equal(testutil_fail_install(&f, at), YGT_OK);
    rc = first_row("m.tsv", text, "ward");
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
    assert_int_equal(ygt_allocated_blocks(), 0);
  }
  assert_int_equal(rc, YGT_EPARSE); /* once memory suffices, the unknown column */
  assert_true(at > 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_unknown_column_names_the_closest),
    cmocka_unit_test(test_unknown_column_without_a_close_name_lists_the_known),
    cmocka_unit_test(test_allowed_and_accepted_columns),
    cmocka_unit_test(test_missing_required_column_names_a_close_one),
    cmocka_unit_test(test_repeated_column),
    cmocka_unit_test(test_row_longer_than_the_header),
    cmocka_unit_test(test_invalid_utf8),
    cmocka_unit_test(test_invalid_utf8_anywhere_in_a_row),
    cmocka_unit_test(test_closest_name),
    cmocka_unit_test(test_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
