/* The shared TSV/CSV reader and number parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "table_internal.h"
#include "yigongti.h"

/* The reader's own tests read columns they never look up: allow them all. */
static void open_text(ygt_table *t, const char *name, const char *text) {
  assert_int_equal(ygt__table_open_mem(t, name, text, strlen(text), 0), 0);
  assert_int_equal(ygt__table_allow(t, "*"), 0);
}

static void test_tsv_rows_lines_and_columns(void **state) {
  (void)state;
  ygt_table t;
  open_text(&t, "inst.tsv", "\xEF\xBB\xBF# comment\ncode\tname\ttier\r\n\nA1\t 第一医院 \tcounty\r\n# x\nB2\t长街\n");
  assert_int_equal(t.nheader, 3);
  assert_int_equal(ygt__table_column(&t, "tier"), 2);
  assert_int_equal(ygt__table_column(&t, "beds"), -1);
  assert_int_equal(ygt__table_next(&t), 1);
  assert_int_equal(t.line, 4);
  assert_string_equal(ygt__table_field(&t, 1), "第一医院");
  assert_string_equal(ygt__table_field(&t, 2), "county");
  assert_int_equal(ygt__table_next(&t), 1);
  assert_int_equal(t.line, 6);
  assert_string_equal(ygt__table_field(&t, 2), ""); /* short row */
  assert_string_equal(ygt__table_field(&t, -1), "");
  assert_int_equal(ygt__table_next(&t), 0);
  ygt__table_close(&t);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_csv_quotes_and_embedded_newlines(void **state) {
  (void)state;
  ygt_table t;
  open_text(&t, "x.csv", "a,b,c\n\"1,5\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n");
  assert_int_equal(ygt__table_next(&t), 1);
  assert_int_equal(t.nfields, 3);
  assert_string_equal(ygt__table_field(&t, 0), "1,5");
  assert_string_equal(ygt__table_field(&t, 1), "say \"hi\"");
  assert_string_equal(ygt__table_field(&t, 2), "two\nlines");
  assert_int_equal(ygt__table_next(&t), 1);
  assert_int_equal(t.line, 4);
  assert_int_equal(t.nfields, 3);
  assert_string_equal(ygt__table_field(&t, 0), "last");
  assert_int_equal(ygt__table_next(&t), 0);
  ygt__table_close(&t);
}

static void test_csv_unterminated_quote(void **state) {
  (void)state;
  ygt_table t;
  open_text(&t, "bad.csv", "a,b\n1,\"open\n");
  assert_int_equal(ygt__table_next(&t), YGT_EPARSE);
  assert_string_equal(ygt_error_last()->source, "bad.csv");
  assert_int_equal(ygt_error_last()->line, 2);
  assert_non_null(strstr(ygt_error_last()->message, "unterminated"));
  ygt__table_close(&t);
}

static void test_missing_required_column(void **state) {
  (void)state;
  ygt_table t;
  open_text(&t, "g.tsv", "grid\tpopulation\n");
  int idx[3];
  const char *need[] = {"grid", "?note", "community", NULL};
  assert_int_equal(ygt__table_columns(&t, need, idx), YGT_EPARSE);
  assert_string_equal(ygt_error_last()->field, "community");
  const char *ok[] = {"grid", "?note", NULL};
  assert_int_equal(ygt__table_columns(&t, ok, idx), 0);
  assert_int_equal(idx[0], 0);
  assert_int_equal(idx[1], -1);
  ygt__table_close(&t);
}

static void test_error_names_row_and_field(void **state) {
  (void)state;
  ygt_table t;
  open_text(&t, "g.tsv", "grid\tpopulation\nG1\tmany\n");
  assert_int_equal(ygt__table_next(&t), 1);
  assert_int_equal(ygt__table_error(&t, 1, YGT_EPARSE, "not a number: '%s'", ygt__table_field(&t, 1)), YGT_EPARSE);
  assert_string_equal(ygt_error_last()->message, "g.tsv:2:2: population: not a number: 'many'");
  ygt__table_close(&t);
}

static void test_empty_and_missing_files(void **state) {
  (void)state;
  ygt_table t;
  assert_int_equal(ygt__table_open_mem(&t, "e.tsv", "# only a comment\n", 17, 0), YGT_EPARSE);
  assert_int_equal(ygt__table_open(&t, "/nonexistent/x.tsv", 0), YGT_EIO);
  assert_string_equal(ygt_error_last()->source, "/nonexistent/x.tsv");
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* Found by fuzzing: a NUL byte inside a CSV made the reader loop forever. */
static void test_nul_bytes_are_refused(void **state) {
  (void)state;
  ygt_table t;
  assert_int_equal(ygt__table_open_mem(&t, "n.csv", "a,b\n1,\0\n2,3\n", 11, ','), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "NUL"));
  assert_int_equal(ygt__table_open_mem(&t, "n.tsv", "a\tb\n\0", 6, '\t'), YGT_EPARSE);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_parse_numbers(void **state) {
  (void)state;
  int64_t v;
  double d;
  assert_int_equal(ygt__parse_int64(" 42 ", &v), 0);
  assert_int_equal(v, 42);
  assert_int_equal(ygt__parse_int64("4x", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_int64("", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_int64("99999999999999999999", &v), YGT_ERANGE);
  /* Plain digits are read without strtoll up to 18 of them; the rest as strtoll reads them. */
  assert_int_equal(ygt__parse_int64("999999999999999999", &v), 0);
  assert_true(v == 999999999999999999);
  assert_int_equal(ygt__parse_int64("-9223372036854775808", &v), 0);
  assert_true(v == INT64_MIN);
  assert_int_equal(ygt__parse_int64("9223372036854775807", &v), 0);
  assert_true(v == INT64_MAX);
  assert_int_equal(ygt__parse_int64("9223372036854775808", &v), YGT_ERANGE);
  assert_int_equal(ygt__parse_int64("-0042", &v), 0);
  assert_int_equal(v, -42);
  assert_int_equal(ygt__parse_int64("+7", &v), 0);
  assert_int_equal(v, 7);
  assert_int_equal(ygt__parse_int64("-", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_int64("--1", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_int64("1-", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_double("0.82", &d), 0);
  assert_true(d == 0.82);
  assert_int_equal(ygt__parse_double("nan", &d), YGT_ERANGE);
  assert_int_equal(ygt__parse_double("1e999", &d), YGT_ERANGE);
  assert_int_equal(ygt__parse_fen("12252.70", &v), 0);
  assert_int_equal(v, 1225270);
  assert_int_equal(ygt__parse_fen("-3.5", &v), 0);
  assert_int_equal(v, -350);
  assert_int_equal(ygt__parse_fen("7", &v), 0);
  assert_int_equal(v, 700);
  /* Thousands separators as exports write them; only in groups of three. */
  assert_int_equal(ygt__parse_fen("117,635.97", &v), 0);
  assert_int_equal(v, 11763597);
  assert_int_equal(ygt__parse_fen("-1,234,567", &v), 0);
  assert_int_equal(v, -123456700);
  assert_int_equal(ygt__parse_fen("1,23", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_fen("1234,567", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_fen("1,234,5678", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_fen("1,,234", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_fen("1,234,", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_fen("12,34.5", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_fen("1.230", &v), 0);
  assert_int_equal(v, 123);
  assert_int_equal(ygt__parse_fen("1.235", &v), YGT_ERANGE);
  assert_int_equal(ygt__parse_fen("1.2.3", &v), YGT_EPARSE);
  assert_int_equal(ygt__parse_fen("abc", &v), YGT_EPARSE);
}

/* The line count (8 bytes at a time) against a plain count, a line end at every offset. */
static void test_lines_left(void **state) {
  (void)state;
  char text[64];
  for (size_t at = 2; at < 40; at++) {
    memset(text, 'x', sizeof text);
    memcpy(text, "a\n", 2);
    text[at] = '\n';
    text[at + 1 + at % 5] = '\n';
    text[50] = '\0';
    ygt_table t;
    open_text(&t, "l.tsv", text);
    size_t want = 1;
    for (size_t i = t.pos; i < t.len; i++) want += text[i] == '\n';
    assert_int_equal(ygt__table_lines_left(&t), want);
    ygt__table_close(&t);
  }
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tsv_rows_lines_and_columns),
    cmocka_unit_test(test_csv_quotes_and_embedded_newlines),
    cmocka_unit_test(test_csv_unterminated_quote),
    cmocka_unit_test(test_missing_required_column),
    cmocka_unit_test(test_error_names_row_and_field),
    cmocka_unit_test(test_empty_and_missing_files),
    cmocka_unit_test(test_nul_bytes_are_refused),
    cmocka_unit_test(test_parse_numbers),
    cmocka_unit_test(test_lines_left),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
