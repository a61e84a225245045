/* Code sets: exact codes, prefixes, ranges, exclusions, algebra, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

static const char *const CODES[] = {
  "A01.002+G01*", "E11.900", "I10.x00x002", "I20.000", "I21.900", "I25.100", "I26.900",
  "I63.900", "I63.900x001", "I64.x00", "O80.000", "O82.000", "Z99.999",
};
#define NCODES (sizeof CODES / sizeof CODES[0])

static int setup(void **state) {
  ygt_codes *c;
  if (ygt_codes_new(&c, YGT_CODE_DIAGNOSIS)) return -1;
  /* added in reverse so that ids differ from code order */
  for (size_t i = NCODES; i-- > 0;)
    if (ygt_codes_add(c, CODES[i], "", NULL)) return -1;
  *state = c;
  return 0;
}

static int teardown(void **state) {
  ygt_codes_free(*state);
  return ygt_allocated_blocks() == 0 ? 0 : -1;
}

/* The members of spec, as canonical codes joined by spaces in code order. */
static void expect_members(const ygt_codes *c, const char *spec, const char *want) {
  ygt_codeset *s;
  if (ygt_codeset_parse(&s, c, spec)) fail_msg("'%s': %s", spec, ygt_error_last()->message);
  char got[512] = "";
  for (size_t i = 0; i < NCODES; i++)
    if (ygt_codeset_has(s, ygt_codes_id(c, CODES[i]))) {
      if (got[0]) strcat(got, " ");
      strcat(got, CODES[i]);
    }
  if (strcmp(got, want) != 0) fail_msg("'%s' gave '%s', expected '%s'", spec, got, want);
  size_t words = 0;
  for (const char *p = want; *p; p++) words += (p == want || p[-1] == ' ') && *p != ' ';
  assert_int_equal(ygt_codeset_count(s), words);
  ygt_codeset_free(s);
}

static void test_items(void **state) {
  const ygt_codes *c = *state;
  expect_members(c, "", "");
  expect_members(c, "I63.900", "I63.900");
  expect_members(c, "i63.900x001", "I63.900x001");
  expect_members(c, "A01.002+G01*", "A01.002+G01*");
  expect_members(c, "I63*", "I63.900 I63.900x001");
  expect_members(c, "O*", "O80.000 O82.000");
  expect_members(c, "I20-I25", "I20.000 I21.900 I25.100");
  expect_members(c, "I21-I63.900", "I21.900 I25.100 I26.900 I63.900 I63.900x001");
  expect_members(c, "I*, !I63*", "I10.x00x002 I20.000 I21.900 I25.100 I26.900 I64.x00");
  expect_members(c, "!I63.900x001 I63*", "I63.900");               /* exclusion order does not matter */
  expect_members(c, "I20-I25 !I21.900", "I20.000 I25.100");
  expect_members(c, "E11.900；O80.000、I64.x00，I10.x00x002", "E11.900 I10.x00x002 I64.x00 O80.000");
  expect_members(c, "Q*", "");                                     /* a prefix may match nothing */
}

static void test_parse_errors(void **state) {
  const ygt_codes *c = *state;
  static const struct { const char *spec; int rc; int column; const char *field; } cases[] = {
    {"I63.900, I63.901", YGT_ENOTFOUND, 10, "I63.901"},
    {"I63.900 I6#*", YGT_EPARSE, 9, "I6#*"},
    {"I25-I20", YGT_EPARSE, 1, "I25-I20"},
    {"I20-", YGT_EPARSE, 1, "I20-"},
    {"!", YGT_EPARSE, 1, "!"},
    {"E11.900 脑梗死", YGT_EPARSE, 9, "脑梗死"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ygt_codeset *s = (ygt_codeset *)1;
    int rc = ygt_codeset_parse(&s, c, cases[i].spec);
    if (rc != cases[i].rc) fail_msg("'%s': rc %d", cases[i].spec, rc);
    assert_null(s);
    assert_int_equal(ygt_error_last()->column, cases[i].column);
    assert_string_equal(ygt_error_last()->field, cases[i].field);
  }
}

static void test_failed_add_leaves_set_unchanged(void **state) {
  const ygt_codes *c = *state;
  ygt_codeset *s;
  assert_int_equal(ygt_codeset_parse(&s, c, "I63*"), YGT_OK);
  assert_int_equal(ygt_codeset_add_spec(s, "!I63.900 O* nonsense#"), YGT_EPARSE);
  assert_int_equal(ygt_codeset_count(s), 2);
  assert_true(ygt_codeset_has(s, ygt_codes_id(c, "I63.900")));
  ygt_codeset_free(s);
}

static void test_algebra_and_bulk(void **state) {
  const ygt_codes *c = *state;
  ygt_codeset *a, *b;
  assert_int_equal(ygt_codeset_parse(&a, c, "I20-I26"), YGT_OK);
  assert_int_equal(ygt_codeset_parse(&b, c, "I25*, E11.900"), YGT_OK);
  assert_int_equal(ygt_codeset_subtract(a, b), YGT_OK);
  assert_int_equal(ygt_codeset_count(a), 3);
  assert_int_equal(ygt_codeset_union(a, b), YGT_OK);
  assert_int_equal(ygt_codeset_count(a), 5);
  assert_int_equal(ygt_codeset_add_id(a, ygt_codes_id(c, "Z99.999")), YGT_OK);
  assert_int_equal(ygt_codeset_add_id(a, (int32_t)NCODES), YGT_ERANGE);
  int32_t ids[NCODES + 2] = {0};
  size_t n = ygt_codeset_ids(a, ids, NCODES);
  assert_int_equal(n, 6);
  for (size_t i = 1; i < n; i++) assert_true(ids[i - 1] < ids[i]);
  assert_int_equal(ygt_codeset_ids(a, NULL, 0), 6);
  int32_t probe[] = {ygt_codes_id(c, "I20.000"), ygt_codes_id(c, "O80.000"), -6, 1000};
  uint8_t member[4];
  ygt_codeset_has_many(a, probe, 4, member);
  assert_memory_equal(member, ((uint8_t[]){1, 0, 0, 0}), 4);
  assert_ptr_equal(ygt_codeset_codes(a), c);

  ygt_codes *other;
  assert_int_equal(ygt_codes_new(&other, YGT_CODE_DIAGNOSIS), YGT_OK);
  ygt_codeset *foreign;
  assert_int_equal(ygt_codeset_new(&foreign, other), YGT_OK);
  assert_int_equal(ygt_codeset_union(a, foreign), YGT_EINVAL);
  ygt_codeset_free(foreign);
  ygt_codes_free(other);
  ygt_codeset_free(a);
  ygt_codeset_free(b);
}

static void test_codes_added_later_are_not_members(void **state) {
  ygt_codes *c = *state;
  ygt_codeset *s;
  assert_int_equal(ygt_codeset_parse(&s, c, "I*"), YGT_OK);
  int32_t id;
  assert_int_equal(ygt_codes_add(c, "I99.000", "", &id), YGT_OK);
  assert_int_equal(ygt_codeset_has(s, id), 0);
  assert_int_equal(ygt_codeset_add_spec(s, "I99*"), YGT_OK); /* still outside the set's range */
  assert_int_equal(ygt_codeset_has(s, id), 0);
  ygt_codeset_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_items),
    cmocka_unit_test(test_parse_errors),
    cmocka_unit_test(test_failed_add_leaves_set_unchanged),
    cmocka_unit_test(test_algebra_and_bulk),
    cmocka_unit_test(test_codes_added_later_are_not_members),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
