/* Real inputs (issue 20): the value spellings of exports, the cutting of a
 * file of 4101 records, and the fixtures of tests/data/real -- the 4101
 * JSON, the 病案首页 CSV with Chinese headers (the xlsx's text) and the HQMS
 * table load into the same batch as the plain case file and match the same
 * DIP groups; malformed records fail with file, line, record and path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc_internal.h"
#include "cases_text_internal.h"
#include "file_internal.h"
#include "shared_data.h"
#include "testutil.h"
#include "value_forms_internal.h"

enum { YGT_CASE_INSTITUTION_INDEX_END = YGT_CASE_INSTITUTION_CODE };
#define REAL SOURCE_ROOT "/tests/data/real/"

static void test_dates(void **state) {
  (void)state;
  const char *good[] = {"2024-01-10", "20240110", "2024/1/10", "2024/01/10", "2024-01-10 08:30:00",
                        "2024-01-10T08:30", "2024年1月10日", "2024年01月10日 8:30", "２０２４－０１－１０", " 2024-01-10"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) assert_int_equal(ygt__parse_date_forms(good[i]), 20240110);
  const char *bad[] = {"2024-02-30", "2024-1-10x", "2024/01-10", "2024-01-10 25:00", "10/01/2024", "2024年1月",
                       "", "2024-01-10 08:30:61", "1899-12-31"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(ygt__parse_date_forms(bad[i]), -1);
}

static void test_durations(void **state) {
  (void)state;
  int64_t x;
  assert_int_equal(ygt__parse_duration("1/13/24", 60, &x), 0);
  assert_int_equal(x, 37); /* 37 h 24 min: 37 whole hours */
  assert_int_equal(ygt__parse_duration("1/13/24", 1, &x), 0);
  assert_int_equal(x, 1440 + 13 * 60 + 24);
  assert_int_equal(ygt__parse_duration("3/23/59", 60, &x), 0);
  assert_int_equal(x, 95); /* under the 96-hour line until it is reached */
  assert_int_equal(ygt__parse_duration("96", 60, &x), 0);
  assert_int_equal(x, 96);
  assert_int_equal(ygt__parse_duration("１/０/０", 60, &x), 0);
  assert_int_equal(x, 24);
  const char *bad[] = {"0/24/0", "0/0/60", "1/13", "1/13/24/0", "-1", "1.5", "a/b/c", "1//2", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(ygt__parse_duration(bad[i], 60, &x), -1);
}

static void test_whole_numbers(void **state) {
  (void)state;
  int64_t x;
  const char *good[] = {"45", "45.0", "45.00", "４５．０", " 45 "};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    assert_int_equal(ygt__parse_whole(good[i], &x), 0);
    assert_int_equal(x, 45);
  }
  const char *bad[] = {"45.5", "45.", ".0", "45.0.0", "4 5", "", "45.0x"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_not_equal(ygt__parse_whole(bad[i], &x), 0);
}

static void test_full_width(void **state) {
  (void)state;
  char buf[64];
  assert_string_equal(ygt__fold_wide("１２３．４５", buf, sizeof buf), "123.45");
  assert_string_equal(ygt__fold_wide("Ｉ１０．ｘ００", buf, sizeof buf), "I10.x00");
  assert_string_equal(ygt__fold_wide("１\xE3\x80\x80２", buf, sizeof buf), "1 2");
  const char *plain = "男";
  assert_ptr_equal(ygt__fold_wide(plain, buf, sizeof buf), plain);
  /* lead bytes of the folded forms in other characters (の U+306E, ︰ U+FE30, ｠ U+FF60): kept as they are */
  const char *near[] = {"の1", ("\xEF\xB8\xB0" "2"), "3\xEF\xBD\xA0", "\xE3\x80\x81"};
  for (size_t i = 0; i < sizeof near / sizeof near[0]; i++)
    assert_string_equal(ygt__fold_wide(near[i], buf, sizeof buf), near[i]);
  char tiny[4];
  const char *long_one = "１２３４５";
  assert_ptr_equal(ygt__fold_wide(long_one, tiny, sizeof tiny), long_one); /* left as it is: fails later */
}

typedef struct pieces {
  char text[4][64];
  int line[4];
  size_t n;
} pieces;

static int collect(void *ctx, const char *text, size_t len, int line, size_t index) {
  pieces *p = ctx;
  assert_int_equal(index, p->n);
  snprintf(p->text[p->n], sizeof p->text[0], "%.*s", (int)len, text);
  p->line[p->n++] = line;
  return 0;
}

static void test_json_split(void **state) {
  (void)state;
  pieces p = {0};
  const char *text = " [\n {\"a\": \"],\\\"[\"},\n\n [1, {\"b\": 2}] ,\n 3 ]\n";
  assert_int_equal(ygt__json_split(text, strlen(text), "x.json", collect, &p), 0);
  assert_int_equal(p.n, 3);
  assert_string_equal(p.text[0], "{\"a\": \"],\\\"[\"}");
  assert_string_equal(p.text[1], "[1, {\"b\": 2}]");
  assert_string_equal(p.text[2], "3");
  assert_int_equal(p.line[0], 2);
  assert_int_equal(p.line[1], 4);
  assert_int_equal(p.line[2], 5);
  memset(&p, 0, sizeof p);
  assert_int_equal(ygt__json_split("\n{\"x\": 1}", 9, "x.json", collect, &p), 0);
  assert_int_equal(p.n, 1);
  assert_int_equal(p.line[0], 2);
  memset(&p, 0, sizeof p);
  assert_int_equal(ygt__json_split("[]", 2, "x.json", collect, &p), 0);
  assert_int_equal(p.n, 0);
  memset(&p, 0, sizeof p);
  assert_int_equal(ygt__json_split("[{\"a\": \"]\"}", 11, "x.json", collect, &p), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "x.json:1: the array of records does not end"));
  memset(&p, 0, sizeof p);
  assert_int_equal(ygt__json_split("[1]\n]", 5, "x.json", collect, &p), YGT_EPARSE);
  assert_int_equal(ygt_error_last()->line, 2);
}

static ygt_codes *dx, *proc;

/* The columns the hqms fixture gives beyond the grouper's: YLFKFS, RYBQ*, RYQ_* (translated). */
static int hqms_column(int col) {
  return col == YGT_CASE_TRANSFER_TO || col == YGT_CASE_INSURANCE || col == YGT_CASE_ADM_COND ||
         col == YGT_CASE_COMA_BEFORE_MIN;
}

/* Every column of every row equal (the money, codes, dates, the new columns). */
static void assert_same_batch(const ygt_cases *a, const ygt_cases *b, int columns_of_b) {
  assert_int_equal(ygt_cases_count(a), ygt_cases_count(b));
  for (size_t r = 0; r < ygt_cases_count(a); r++) {
    assert_int_equal(ygt_cases_row_flags(b, r), 0);
    for (int col = 0; col < ygt_cases_column_count(); col++) {
      if (!(columns_of_b < 0 || col < columns_of_b || hqms_column(col))) continue;
      int type = ygt_cases_column_type(col);
      if (type == YGT_CASE_TYPE_STRING) {
        assert_string_equal(ygt_cases_get_string(a, r, col), ygt_cases_get_string(b, r, col));
      } else if (type == YGT_CASE_TYPE_INT64) {
        int64_t x, y;
        assert_int_equal(ygt_cases_get_int64(a, r, col, &x), 0);
        assert_int_equal(ygt_cases_get_int64(b, r, col, &y), 0);
        assert_int_equal(x, y);
      } else if (type == YGT_CASE_TYPE_CODE_LIST) {
        const int32_t *x, *y;
        size_t nx, ny;
        assert_int_equal(ygt_cases_get_codes(a, r, col, &x, &nx), 0);
        assert_int_equal(ygt_cases_get_codes(b, r, col, &y, &ny), 0);
        assert_int_equal(nx, ny);
        assert_memory_equal(x, y, nx * sizeof *x);
      } else {
        int32_t x, y;
        assert_int_equal(ygt_cases_get_int(a, r, col, &x), 0);
        assert_int_equal(ygt_cases_get_int(b, r, col, &y), 0);
        if (x != y) fail_msg("row %zu column %s: %d != %d", r, ygt_cases_column_name(col), (int)x, (int)y);
      }
    }
  }
}

static ygt_cases *load(const char *path, const char *map) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  if (map) assert_int_equal(ygt_cases_map_builtin(c, map), YGT_OK);
  int rc = strstr(path, ".json") ? ygt_cases_load_4101(c, path) : ygt_cases_load(c, path);
  if (rc) fail_msg("%s: %s", path, ygt_error_last()->message);
  return c;
}

static int open_dicts(void) {
  if (!shared_data_have(SHARED_ICD10) || !shared_data_have(SHARED_ICD9)) return 0;
  assert_int_equal(ygt_codes_load(&dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10), YGT_OK);
  assert_int_equal(ygt_codes_load(&proc, YGT_CODE_PROCEDURE, SHARED_ICD9), YGT_OK);
  return 1;
}

static void close_dicts(void) {
  ygt_codes_free(dx);
  ygt_codes_free(proc);
}

/* The DIP groups of the zhuhai catalogue, row by row, are the plain file's. */
static void assert_same_groups(const ygt_cases *a, const ygt_cases *b) {
  ygt_dip_catalog *cat;
  if (ygt_dip_catalog_load(&cat, dx, proc, SOURCE_ROOT "/examples/data/zhuhai/dip-catalogue.tsv"))
    fail_msg("%s", ygt_error_last()->message);
  int matched = 0;
  for (size_t r = 0; r < ygt_cases_count(a); r++) {
    int32_t g = ygt_dip_match(NULL, 0, cat, a, r);
    assert_int_equal(g, ygt_dip_match(NULL, 0, cat, b, r));
    matched += g >= 0;
  }
  assert_true(matched >= 10);
  ygt_dip_catalog_free(cat);
}

static void test_fixtures_load_the_plain_batch(void **state) {
  (void)state;
  if (!open_dicts()) skip();
  ygt_cases *plain = load(REAL "cases-12.tsv", NULL);
  assert_int_equal(ygt_cases_count(plain), 12);
  const char *paths[] = {REAL "settlement-4101.json", REAL "homepage-zh.csv", REAL "homepage-hqms.tsv"};
  const char *maps[] = {NULL, "zh", "hqms"};
  for (int i = 0; i < 3; i++) {
    ygt_cases *c = load(paths[i], maps[i]);
    assert_same_batch(plain, c, i == 2 ? YGT_CASE_INSTITUTION_INDEX_END : -1);
    assert_same_groups(plain, c);
    ygt_cases_free(c);
  }
  ygt_cases_free(plain);
  close_dicts();
}

/* The internal readers of text in memory (the cases_4101 fuzz target's) read
 * a file's bytes as the file readers read the file; errors name the source. */
static void test_text_in_memory(void **state) {
  (void)state;
  if (!open_dicts()) skip();
  const char *paths[] = {REAL "settlement-4101.json", REAL "homepage-zh.csv", REAL "homepage-hqms.tsv"};
  const char *maps[] = {NULL, "zh", "hqms"};
  for (int i = 0; i < 3; i++) {
    ygt_cases *file = load(paths[i], maps[i]), *mem;
    char *text;
    size_t len;
    assert_int_equal(ygt__file_read(paths[i], 1 << 20, &text, &len), YGT_OK);
    assert_int_equal(ygt_cases_new(&mem, dx, proc, 0), YGT_OK);
    if (maps[i]) assert_int_equal(ygt_cases_map_builtin(mem, maps[i]), YGT_OK);
    int rc = i ? ygt__cases_load_text(mem, paths[i], text, len) : ygt__cases_load_4101_text(mem, paths[i], text, len);
    assert_int_equal(rc, YGT_OK);
    assert_same_batch(file, mem, -1);
    ygt_cases_free(mem);
    assert_int_equal(ygt_cases_new(&mem, dx, proc, 0), YGT_OK);
    rc = i ? ygt__cases_load_text(mem, "x.tsv", "pdx\tnope\n", 9) : ygt__cases_load_4101_text(mem, "x.json", text, len / 2);
    assert_int_equal(rc, YGT_EPARSE);
    assert_int_equal(ygt_cases_count(mem), 0);
    assert_non_null(strstr(ygt_error_last()->message, i ? "x.tsv" : "x.json"));
    ygt_cases_free(mem);
    ygt__free(text);
    ygt_cases_free(file);
  }
  close_dicts();
}

/* The GBK export fails at its header with the hint; a record's unknown key
 * names file, line, record, path and the closest key; the batch is unchanged. */
static void test_malformed(void **state) {
  (void)state;
  if (!open_dicts()) skip();
  ygt_cases *c = load(REAL "cases-12.tsv", NULL);
  assert_int_equal(ygt_cases_map_builtin(c, "zh"), YGT_OK);
  assert_int_equal(ygt_cases_load(c, REAL "homepage-zh-gbk.csv"), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "the file looks like GBK"));
  char path[256];
  testutil_write_temp(path, sizeof path, ".json",
                      "[{\"setlinfo\": {\"setl_id\": \"X1\"}},\n {\"setlinfo\": {\"fixmedins_cod\": \"H1\"}}]");
  assert_int_equal(ygt_cases_load_4101(c, path), YGT_EPARSE);
  const ygt_error *e = ygt_error_last();
  assert_string_equal(e->source, path);
  assert_int_equal(e->line, 2);
  assert_non_null(
      strstr(e->message, ":2: record 2: setlinfo.fixmedins_cod: unknown key (did you mean `fixmedins_code`?)"));
  assert_int_equal(ygt_cases_count(c), 12);
  assert_int_equal(ygt_cases_map_builtin(c, "hqsm"), YGT_ENOTFOUND);
  assert_non_null(strstr(ygt_error_last()->message, "(did you mean `hqms`?)"));
  assert_string_equal(ygt_cases_map_builtin_name(0), "4101");
  assert_null(ygt_cases_map_builtin_name(3));
  unlink(path);
  ygt_cases_free(c);
  close_dicts();
}

/* One load of path into a new batch over a one-code dictionary; the rows
 * kept on failure are counted into *kept. */
static int load_once(const char *path, size_t *kept) {
  ygt_codes *d = NULL, *p = NULL;
  ygt_cases *c = NULL;
  int rc = ygt_codes_new(&d, YGT_CODE_DIAGNOSIS);
  if (!rc) rc = ygt_codes_new(&p, YGT_CODE_PROCEDURE);
  if (!rc) rc = ygt_codes_add(d, "I10.x00", "", NULL);
  if (!rc) rc = ygt_cases_new(&c, d, p, 0);
  if (!rc) rc = ygt_cases_load_4101(c, path);
  *kept = c && rc ? ygt_cases_count(c) : 0;
  ygt_cases_free(c);
  ygt_codes_free(d);
  ygt_codes_free(p);
  return rc;
}

/* Every allocation of the 4101 reader may fail: YGT_ENOMEM, no row kept,
 * nothing left allocated. */
static void test_out_of_memory(void **state) {
  (void)state;
  char path[256];
  testutil_write_temp(path, sizeof path, ".json",
                      "[{\"setlinfo\": {\"setl_id\": \"A\", \"vent_used_dura\": \"1/13/24\"}, \"diseinfo\": "
                      "[{\"diag_code\": \"I10.x00\", \"maindiag_flag\": \"1\"}, {\"diag_code\": \"E11.900\"}], "
                      "\"icuinfo\": [{\"scs_cutd_sum_dura\": \"0/5/0\"}], \"iteminfo\": [{\"amt\": \"1.50\"}]},\n"
                      " {\"setlinfo\": {\"setl_id\": \"B\"}}]");
  int rc = YGT_ENOMEM;
  long at;
  for (at = 1; rc == YGT_ENOMEM && at < 1000; at++) {
    testutil_failing f;
    size_t kept;
    assert_int_equal(testutil_fail_install(&f, at), YGT_OK);
    rc = load_once(path, &kept);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
    if (rc && rc != YGT_ENOMEM) fail_msg("at %ld: %s", at, ygt_error_last()->message);
    assert_int_equal(kept, 0);
    assert_int_equal(ygt_allocated_blocks(), 0);
  }
  assert_int_equal(rc, YGT_OK);
  assert_true(at > 20);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_dates),
    cmocka_unit_test(test_durations),
    cmocka_unit_test(test_whole_numbers),
    cmocka_unit_test(test_full_width),
    cmocka_unit_test(test_json_split),
    cmocka_unit_test(test_fixtures_load_the_plain_batch),
    cmocka_unit_test(test_text_in_memory),
    cmocka_unit_test(test_malformed),
    cmocka_unit_test(test_out_of_memory),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
