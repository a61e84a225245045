/* Case batches: rows through the API, attached columns, TSV/CSV loading
 * with per-row problems, and grouping of each form giving the same result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "testutil.h"
#include "drg_testutil.h"

static ygt_drg_pack *pack;
static const ygt_codes *dx, *proc;

static int setup(void **state) {
  (void)state;
  if (ygt_drg_pack_load(&pack, TINY_PACK)) return -1;
  dx = ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS);
  proc = ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_drg_pack_free(pack);
  return ygt_allocated_blocks() == 0 ? 0 : -1;
}

static void test_columns(void **state) {
  (void)state;
  assert_true(ygt_cases_column_count() >= 11);
  assert_string_equal(ygt_cases_column_name(YGT_CASE_BIRTH_WEIGHT_G), "birth_weight_g");
  assert_string_equal(ygt_cases_column_name(YGT_CASE_PROCS), "procs");
  assert_null(ygt_cases_column_name(-1));
  assert_int_equal(ygt_cases_column_type(YGT_CASE_SDX), YGT_CASE_TYPE_CODE_LIST);
  assert_int_equal(ygt_cases_column_type(YGT_CASE_PDX), YGT_CASE_TYPE_CODE);
  assert_int_equal(ygt_cases_column_type(YGT_CASE_DEPT), YGT_CASE_TYPE_STRING);
  assert_int_equal(ygt_cases_column_type(1000), YGT_EINVAL);
  assert_int_equal(ygt_cases_na(), YGT_CASES_NA);
}

static void test_rows(void **state) {
  (void)state;
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  assert_ptr_equal(ygt_cases_codes(c, YGT_CODE_DIAGNOSIS), dx);
  assert_null(ygt_cases_codes(c, 9));
  for (int i = 0; i < 100; i++) tcase_add(c, &(tcase){1, i, NA, NA, 5, 1, "0301", "A00.000", "E10.000|J96.000", "45.0000"});
  size_t row;
  assert_int_equal(ygt_cases_append(c, &row), YGT_OK);
  assert_int_equal(row, 100);
  assert_int_equal(ygt_cases_count(c), 101);
  int32_t v;
  assert_int_equal(ygt_cases_get_int(c, 57, YGT_CASE_AGE_YEARS, &v), YGT_OK);
  assert_int_equal(v, 57);
  assert_int_equal(ygt_cases_get_int(c, 100, YGT_CASE_AGE_YEARS, &v), YGT_OK);
  assert_int_equal(v, YGT_CASES_NA);
  assert_int_equal(ygt_cases_get_int(c, 100, YGT_CASE_PDX, &v), YGT_OK);
  assert_int_equal(v, YGT_CASES_NO_CODE);
  assert_int_equal(ygt_cases_get_int(c, 3, YGT_CASE_PDX, &v), YGT_OK);
  assert_int_equal(v, ygt_codes_id(dx, "A00.000"));
  assert_string_equal(ygt_cases_get_string(c, 3, YGT_CASE_DEPT), "0301");
  assert_string_equal(ygt_cases_get_string(c, 100, YGT_CASE_DEPT), "");
  assert_string_equal(ygt_cases_get_string(c, 3, YGT_CASE_CASE_ID), "");
  const int32_t *ids;
  size_t n;
  assert_int_equal(ygt_cases_get_codes(c, 99, YGT_CASE_SDX, &ids, &n), YGT_OK);
  assert_int_equal(n, 2);
  assert_int_equal(ids[1], ygt_codes_id(dx, "J96.000"));
  assert_int_equal(ygt_cases_get_codes(c, 100, YGT_CASE_PROCS, &ids, &n), YGT_OK);
  assert_int_equal(n, 0);
  /* Wrong types, rows and order. */
  assert_int_equal(ygt_cases_set_int(c, 0, YGT_CASE_DEPT, 1), YGT_EINVAL);
  assert_int_equal(ygt_cases_set_string(c, 0, YGT_CASE_SEX, "1"), YGT_EINVAL);
  assert_int_equal(ygt_cases_set_int(c, 101, YGT_CASE_SEX, 1), YGT_ERANGE);
  assert_int_equal(ygt_cases_add_code(c, 5, YGT_CASE_SDX, "E10.000"), YGT_ERANGE);
  assert_int_equal(ygt_cases_add_code(c, 100, YGT_CASE_PDX, "E10.000"), YGT_EINVAL);
  assert_int_equal(ygt_cases_get_int(c, 0, YGT_CASE_SDX, &v), YGT_EINVAL);
  assert_null(ygt_cases_get_string(c, 200, YGT_CASE_DEPT));
  assert_int_equal(ygt_cases_row_flags(c, 200), YGT_ERANGE);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_SEX, &v, 1), YGT_ESTATE);
  ygt_cases_free(c);
  ygt_cases_free(NULL);
  assert_int_equal(ygt_cases_new(&c, proc, dx, 0), YGT_EINVAL);
  assert_null(c);
}

static void test_unknown_codes(void **state) {
  (void)state;
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  tcase_add(c, &(tcase){1, 50, NA, NA, 5, 1, NULL, "X99.999", "E10.000|Q99.999", "99.9999|45.0000"});
  tcase_add(c, &(tcase){1, 50, NA, NA, 5, 1, NULL, "a00.000", "", ""});
  assert_int_equal(ygt_cases_row_flags(c, 0),
                   YGT_CASE_ROW_UNKNOWN_PDX | YGT_CASE_ROW_UNKNOWN_SDX | YGT_CASE_ROW_UNKNOWN_PROC);
  assert_non_null(strstr(ygt_cases_row_message(c, 0), "X99.999"));
  assert_int_equal(ygt_cases_row_flags(c, 1), 0);
  assert_string_equal(ygt_cases_row_message(c, 1), "");
  assert_int_equal(ygt_cases_problem_count(c), 1);
  const int32_t *ids;
  size_t n;
  assert_int_equal(ygt_cases_get_codes(c, 0, YGT_CASE_PROCS, &ids, &n), YGT_OK);
  assert_int_equal(n, 2); /* the unknown principal procedure keeps its place */
  assert_true(ids[0] < 0);
  ygt_cases_free(c);
}

static void test_attach(void **state) {
  (void)state;
  /* Three cases as columns: GR11, MR19, and no principal diagnosis. */
  int32_t sex[] = {1, 1, 2}, age[] = {50, 60, 30};
  int32_t pdx[] = {ygt_codes_id(dx, "A00.000"), ygt_codes_id(dx, "N40.000"), YGT_CASES_NO_CODE};
  int64_t sdx_off[] = {0, 2, 2, 2};
  int32_t sdx[] = {ygt_codes_id(dx, "E10.000"), ygt_codes_id(dx, "J96.000")};
  int64_t proc_off[] = {0, 0, 0, 0};
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_SEX, sex, 3), YGT_OK);
  assert_int_equal(ygt_cases_count(c), 3);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_AGE_YEARS, age, 2), YGT_ESTATE);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_AGE_YEARS, age, 3), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_PDX, pdx, 3), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_SDX, pdx, 3), YGT_EINVAL);
  assert_int_equal(ygt_cases_attach_list(c, YGT_CASE_SDX, sdx_off, sdx, 3), YGT_OK);
  int64_t bad[] = {0, 2, 1, 2};
  assert_int_equal(ygt_cases_attach_list(c, YGT_CASE_PROCS, bad, sdx, 3), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "row 1"));
  assert_int_equal(ygt_cases_attach_list(c, YGT_CASE_PROCS, proc_off, NULL, 3), YGT_OK);
  assert_int_equal(ygt_cases_append(c, NULL), YGT_ESTATE);
  assert_int_equal(ygt_cases_set_int(c, 0, YGT_CASE_SEX, 2), YGT_ESTATE);
  assert_int_equal(ygt_cases_load(c, TINY_PACK "/mdc.tsv"), YGT_ESTATE);
  /* Unset columns read as missing; grouping reads the caller's arrays. */
  int32_t v;
  assert_int_equal(ygt_cases_get_int(c, 1, YGT_CASE_LOS_DAYS, &v), YGT_OK);
  assert_int_equal(v, YGT_CASES_NA);
  int32_t drg[3], status[3];
  assert_int_equal(ygt_drg_group(pack, c, 0, 3, 0, NULL, NULL, drg, status, NULL), YGT_OK);
  assert_string_equal(ygt_drg_pack_drg_code(pack, drg[0]), "GR11");
  assert_string_equal(ygt_drg_pack_drg_code(pack, drg[1]), "MR19");
  assert_int_equal(status[2], YGT_DRG_MISSING_PDX);
  sex[1] = 2; /* zero copy: a change of the array is seen */
  assert_int_equal(ygt_drg_group(pack, c, 1, 1, 0, NULL, NULL, drg, NULL, NULL), YGT_OK);
  assert_string_equal(ygt_drg_pack_drg_code(pack, drg[0]), "NR19");
  ygt_cases_free(c);
}

static const char *write_file(char *path, const char *suffix, const char *text) {
  const char *p = testutil_write_temp(path, 256, suffix, text);
  assert_non_null(p);
  return p;
}

/* The shipped map of Chinese headers: a file written with them loads as the
 * same file written with the case-file names. */
static void test_column_map(void **state) {
  (void)state;
  char plain[256], zh[256], map[256];
  write_file(plain, ".tsv", "case_id\tsex\tage_years\tpdx\tsdx\ttotal_cost\nz1\t2\t60\tA00.000\tE11.000\t1234.50\n");
  write_file(zh, ".csv", "# 病案首页\n病案号,性别,年龄,主要诊断编码,其他诊断编码,总费用\nz1,女,60,A00.000,E11.000,\"1,234.50\"\n");
  ygt_cases *a, *b;
  assert_int_equal(ygt_cases_new(&a, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_new(&b, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_load(a, plain), YGT_OK);
  assert_int_equal(ygt_cases_load(b, zh), YGT_EPARSE); /* no map: no pdx column */
  assert_string_equal(ygt_error_last()->field, "pdx");
  assert_int_equal(ygt_cases_map_columns(b, SOURCE_ROOT "/examples/data/maps/homepage-zh.tsv"), YGT_OK);
  assert_int_equal(ygt_cases_load(b, zh), YGT_OK);
  for (int col = 0; col < ygt_cases_column_count(); col++) {
    if (ygt_cases_column_type(col) == YGT_CASE_TYPE_INT32 || ygt_cases_column_type(col) == YGT_CASE_TYPE_CODE) {
      int32_t x, y;
      assert_int_equal(ygt_cases_get_int(a, 0, col, &x), YGT_OK);
      assert_int_equal(ygt_cases_get_int(b, 0, col, &y), YGT_OK);
      assert_int_equal(x, y);
    }
  }
  int64_t cost;
  assert_int_equal(ygt_cases_get_int64(b, 0, YGT_CASE_TOTAL_COST, &cost), YGT_OK);
  assert_int_equal(cost, 123450);
  assert_string_equal(ygt_cases_get_string(b, 0, YGT_CASE_CASE_ID), "z1");
  /* A mapped header and the plain name of the same field: a repeated column. */
  write_file(zh, ".tsv", "病案号\tcase_id\tpdx\n");
  assert_int_equal(ygt_cases_load(b, zh), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "column appears twice"));
  /* Bad maps are refused and the previous map kept. */
  write_file(map, ".tsv", "column\tfield\n性别\tsex\n诊断\tpdxx\n");
  assert_int_equal(ygt_cases_map_columns(b, map), YGT_EPARSE);
  assert_int_equal(ygt_error_last()->line, 3);
  assert_non_null(strstr(ygt_error_last()->message, "'pdxx' is not a case-file column (did you mean `pdx`?)"));
  write_file(map, ".tsv", "column\tfield\n性别\tsex\n# x\n性别\tage_years\n");
  assert_int_equal(ygt_cases_map_columns(b, map), YGT_EEXISTS);
  assert_int_equal(ygt_error_last()->line, 4);
  write_file(zh, ".tsv", "病案号\t主要诊断编码\nz2\tA00.000\n");
  assert_int_equal(ygt_cases_load(b, zh), YGT_OK);
  assert_int_equal(ygt_cases_count(b), 2);
  assert_int_equal(ygt_cases_map_columns(b, NULL), YGT_OK);
  assert_int_equal(ygt_cases_load(b, zh), YGT_EPARSE);
  remove(plain); remove(zh); remove(map);
  ygt_cases_free(a);
  ygt_cases_free(b);
}

static void test_load(void **state) {
  (void)state;
  char path[256];
  write_file(path, ".tsv",
             "case_id\tsex\tage_years\tage_days\tbirth_weight_g\tdept\tlos_days\tleaving_type\tpdx\tsdx\tpproc\t"
             "other_procs\texpected_drg\n"
             "c1\t1\t50\t\t\t0301\t5\t1\tA00.000\tE11.000|J96.000\t\t\tGR11\n"
             "# a comment line\n"
             "c2\tx\t50\t\t\t\t5\t1\tA00.000\t\t\t\t\n"
             "c3\t2\t30\t\t\t\t5\t1\tQ00.000\tE11.000|Z99.999\t99.0000\t45.0000\t\n"
             "c4\t1\t30\t\t\t\t5\t1\tA01.000\t\t\t45.0000\t\n"
             "c5\t1\t99999999999\t\t\t\t5\t1\t\t\t\t\t\n");
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_load(c, path), YGT_EPARSE); /* expected_drg is not a case column */
  assert_string_equal(ygt_error_last()->field, "expected_drg");
  assert_int_equal(ygt_cases_count(c), 0);
  assert_int_equal(ygt_cases_allow_columns(c, "ward,expected_drg"), YGT_OK);
  assert_int_equal(ygt_cases_load(c, path), YGT_OK);
  assert_int_equal(ygt_cases_count(c), 5);
  assert_int_equal(ygt_cases_problem_count(c), 4);
  assert_int_equal(ygt_cases_row_flags(c, 0), 0);
  assert_int_equal(ygt_cases_row_line(c, 0), 2);
  assert_int_equal(ygt_cases_row_flags(c, 1), YGT_CASE_ROW_MALFORMED);
  assert_int_equal(ygt_cases_row_line(c, 1), 4);
  assert_non_null(strstr(ygt_cases_row_message(c, 1), ":4: sex: unknown sex 'x'"));
  assert_int_equal(ygt_cases_row_flags(c, 2), YGT_CASE_ROW_UNKNOWN_PDX | YGT_CASE_ROW_UNKNOWN_SDX);
  assert_non_null(strstr(ygt_cases_row_message(c, 2), ":5: pdx: unknown diagnosis code 'Q00.000'"));
  assert_int_equal(ygt_cases_row_flags(c, 3), YGT_CASE_ROW_MALFORMED);
  assert_non_null(strstr(ygt_cases_row_message(c, 3), "other_procs given without pproc"));
  assert_int_equal(ygt_cases_row_flags(c, 4), YGT_CASE_ROW_MALFORMED);
  const int32_t *ids;
  size_t n;
  assert_int_equal(ygt_cases_get_codes(c, 2, YGT_CASE_PROCS, &ids, &n), YGT_OK);
  assert_int_equal(n, 2);
  assert_int_equal(ids[0], ygt_codes_id(proc, "99.0000"));
  int32_t drg[5], status[5];
  assert_int_equal(ygt_drg_group(pack, c, 0, 5, 0, NULL, NULL, drg, status, NULL), YGT_OK);
  assert_string_equal(ygt_drg_pack_drg_code(pack, drg[0]), "GR11");
  assert_int_equal(status[1], YGT_DRG_INVALID_SEX);
  assert_int_equal(status[2], YGT_DRG_UNKNOWN_PDX);
  assert_string_equal(ygt_drg_pack_drg_code(pack, drg[3]), "GB15");
  assert_int_equal(status[4], YGT_DRG_MISSING_AGE);
  remove(path);

  /* CSV, only the required column plus two; a later failing load adds nothing. */
  write_file(path, ".csv", "pdx,sex,age_years\n\"N40.000\",1,60\n");
  assert_int_equal(ygt_cases_load(c, path), YGT_OK);
  assert_int_equal(ygt_cases_count(c), 6);
  assert_int_equal(ygt_drg_group(pack, c, 5, 1, 0, NULL, NULL, drg, NULL, NULL), YGT_OK);
  assert_string_equal(ygt_drg_pack_drg_code(pack, drg[0]), "MR19");
  remove(path);
  write_file(path, ".tsv", "sex\tage_years\n1\t2\n");
  assert_int_equal(ygt_cases_load(c, path), YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "pdx"));
  remove(path);
  write_file(path, ".csv", "pdx,sex\nA00.000,1\n\"N40.000,1\n");
  assert_int_equal(ygt_cases_load(c, path), YGT_EPARSE);
  assert_int_equal(ygt_cases_count(c), 6);
  remove(path);
  assert_int_equal(ygt_cases_load(c, "/nonexistent.tsv"), YGT_EIO);
  assert_int_equal(ygt_cases_count(c), 6);
  /* A case id twice in one file would be paid twice: the load fails at the
   * later line (the file's own line) and adds nothing.  Rows without an id
   * are not compared. */
  write_file(path, ".tsv", "case_id\tpdx\nk1\tA00.000\n\tA00.000\n# c\nk2\tA00.000\n\tA00.000\nk1\tN40.000\n");
  assert_int_equal(ygt_cases_load(c, path), YGT_EEXISTS);
  assert_int_equal(ygt_error_last()->line, 7);
  assert_string_equal(ygt_error_last()->field, "case_id");
  assert_non_null(strstr(ygt_error_last()->message, "case id 'k1' is given twice (also line 2)"));
  assert_string_equal(ygt_error_last()->source, path);
  assert_int_equal(ygt_cases_count(c), 6);
  remove(path);
  write_file(path, ".tsv", "case_id\tpdx\nk1\tA00.000\n\tA00.000\n\tA00.000\n");
  assert_int_equal(ygt_cases_load(c, path), YGT_OK);
  assert_int_equal(ygt_cases_count(c), 9);
  remove(path);
  /* An amount as exports write it, with thousands separators (quoted in CSV). */
  write_file(path, ".csv", "case_id,pdx,total_cost\nm1,A00.000,\"117,635.97\"\n");
  assert_int_equal(ygt_cases_load(c, path), YGT_OK);
  int64_t cost;
  assert_int_equal(ygt_cases_get_int64(c, 9, YGT_CASE_TOTAL_COST, &cost), YGT_OK);
  assert_int_equal(cost, 11763597);
  remove(path);
  ygt_cases_free(c);
}

/* Many ids (the set of ids probes past collisions): a clean file loads, and one repeat anywhere among them
 * is found and named by its later line (row r is line r + 2), as the sort names it. */
static void test_many_ids(void **state) {
  (void)state;
  enum { ROWS = 3000 };
  static char text[ROWS * 24 + 64];
  const struct { int row, id, line, also; } cases[] = {
      {-1, 0, 0, 0},                    /* no repeat */
      {ROWS - 1, 0, ROWS + 1, 2},       /* the last row repeats the first */
      {ROWS - 1, 2998, ROWS + 1, ROWS}, /* the last row repeats the one before */
      {1, 2998, ROWS, 3},               /* an early row takes a later row's id */
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    size_t len = (size_t)snprintf(text, sizeof text, "case_id\tpdx\n");
    for (int r = 0; r < ROWS; r++)
      len += (size_t)snprintf(text + len, sizeof text - len, "id%d\tA00.000\n", r == cases[k].row ? cases[k].id : r);
    char path[256], message[96];
    write_file(path, ".tsv", text);
    ygt_cases *c;
    assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
    int rc = ygt_cases_load(c, path);
    remove(path);
    if (cases[k].row < 0) {
      assert_int_equal(rc, YGT_OK);
      assert_int_equal(ygt_cases_count(c), ROWS);
    } else {
      assert_int_equal(rc, YGT_EEXISTS);
      assert_int_equal(ygt_cases_count(c), 0);
      assert_int_equal(ygt_error_last()->line, cases[k].line);
      snprintf(message, sizeof message, "case id 'id%d' is given twice (also line %d)", cases[k].id, cases[k].also);
      assert_non_null(strstr(ygt_error_last()->message, message));
    }
    ygt_cases_free(c);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_columns),
    cmocka_unit_test(test_rows),
    cmocka_unit_test(test_unknown_codes),
    cmocka_unit_test(test_attach),
    cmocka_unit_test(test_load),
    cmocka_unit_test(test_column_map),
    cmocka_unit_test(test_many_ids),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
