/* Code dictionaries: canonical form, interning, loading, grey codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"
#include "shared_data.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif

static void expect_canon(const char *in, const char *want) {
  char out[YGT_CODE_MAX + 1];
  int n = ygt_code_normalize(out, sizeof out, in);
  if (n < 0) fail_msg("'%s' rejected: %s", in, ygt_error_last()->message);
  assert_string_equal(out, want);
  assert_int_equal(n, (int)strlen(want));
}

static void expect_invalid(const char *in) {
  char out[YGT_CODE_MAX + 1];
  if (ygt_code_normalize(out, sizeof out, in) != YGT_EINVAL) fail_msg("'%s' accepted", in);
}

static void test_canonical_form(void **state) {
  (void)state;
  expect_canon("I63.900", "I63.900");
  expect_canon("  i63.900 \t", "I63.900");
  expect_canon("\xE3\x80\x80I63.900\xE3\x80\x80", "I63.900");             /* ideographic spaces */
  expect_canon("\xEF\xBC\xA9\xEF\xBC\x96\xEF\xBC\x93\xEF\xBC\x8E\xEF\xBC\x99\xEF\xBC\x90\xEF\xBC\x90",
               "I63.900");                                                  /* Ｉ６３．９００ */
  expect_canon("k35.800X001", "K35.800x001");
  expect_canon("X59.900", "X59.900");                                       /* chapter X stays */
  expect_canon("x59.900x001", "X59.900x001");
  expect_canon("A01.002+G01*", "A01.002+G01*");
  expect_canon("a01.002 + g01 *", "A01.002+G01*");
  expect_canon("A01.002\xE2\x80\xA0G01", "A01.002+G01*");                   /* dagger, no asterisk */
  expect_canon("A17.000x001+g01x*", "A17.000x001+G01x*");
  expect_canon("17.912a0", "17.912A0");
  expect_canon("51.2300", "51.2300");
}

static void test_invalid_codes(void **state) {
  (void)state;
  expect_invalid("");
  expect_invalid("   ");
  expect_invalid("I63-900");
  expect_invalid("I63.900#");
  expect_invalid("脑梗死");
  expect_invalid("+G01*");
  expect_invalid("A01.002+");
  expect_invalid("A01+B02+C03*");
  expect_invalid("G01*");
  expect_invalid("I63*900");
  expect_invalid(".900");
  char big[200];
  memset(big, '1', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  expect_invalid(big);
  assert_int_equal(ygt_code_normalize(NULL, 0, NULL), YGT_EINVAL);
  char small[4];
  assert_int_equal(ygt_code_normalize(small, sizeof small, "I63.900"), YGT_EBUFSIZE);
  assert_int_equal(ygt_code_max_length(), YGT_CODE_MAX);
}

static ygt_codes *small_dictionary(void) {
  ygt_codes *c;
  assert_int_equal(ygt_codes_new(&c, YGT_CODE_DIAGNOSIS), YGT_OK);
  static const char *const rows[][2] = {
    {"I63.900", "脑梗死"}, {"I21.900", "急性心肌梗死"}, {"I20.000", "不稳定性心绞痛"},
    {"I25.100", "动脉硬化性心脏病"}, {"I26.900", "肺栓塞"}, {"I63.900x001", "脑梗死恢复期"},
    {"A01.002+G01*", "伤寒脑膜炎"}, {"O80.000", "单胎顺产"}, {"E11.900", "2型糖尿病"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    int32_t id = -1;
    assert_int_equal(ygt_codes_add(c, rows[i][0], rows[i][1], &id), YGT_OK);
    assert_int_equal(id, (int32_t)i);
  }
  return c;
}

static void test_interning_and_lookup(void **state) {
  (void)state;
  ygt_codes *c = small_dictionary();
  assert_int_equal(ygt_codes_count(c), 9);
  assert_int_equal(ygt_codes_kind(c), YGT_CODE_DIAGNOSIS);
  assert_int_equal(ygt_codes_id(c, "I63.900"), 0);
  assert_int_equal(ygt_codes_id(c, " i63.900x001"), 5);
  assert_int_equal(ygt_codes_id(c, "A01.002\xE2\x80\xA0G01"), 6);
  assert_int_equal(ygt_codes_id(c, "I63.901"), YGT_ENOTFOUND);
  assert_int_equal(ygt_codes_id(c, "not a code"), YGT_ENOTFOUND);
  assert_int_equal(ygt_codes_id(c, NULL), YGT_ENOTFOUND);
  assert_int_equal(ygt_codes_id_n(c, "E11.900xyz", 7), 8);
  assert_int_equal(ygt_codes_id_n(c, "I63.900\0xy", 10), YGT_ENOTFOUND); /* embedded NUL */
  assert_string_equal(ygt_codes_code(c, 1), "I21.900");
  assert_string_equal(ygt_codes_name(c, 1), "急性心肌梗死");
  assert_null(ygt_codes_code(c, 9));
  assert_null(ygt_codes_name(c, -1));
  const char *list[] = {"I20.000", "Z99.999", NULL, "o80.000"};
  int32_t ids[4];
  assert_int_equal(ygt_codes_ids(c, list, 4, ids), 2);
  assert_int_equal(ids[0], 2);
  assert_int_equal(ids[1], YGT_ENOTFOUND);
  assert_int_equal(ids[2], YGT_ENOTFOUND);
  assert_int_equal(ids[3], 7);
  ygt_codes_free(c);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_add_rejects_duplicates_and_invalid(void **state) {
  (void)state;
  ygt_codes *c = small_dictionary();
  assert_int_equal(ygt_codes_add(c, "i63.900", "again", NULL), YGT_EEXISTS);
  assert_non_null(strstr(ygt_error_last()->message, "I63.900"));
  assert_int_equal(ygt_codes_add(c, "I63?", "bad", NULL), YGT_EINVAL);
  assert_int_equal(ygt_codes_count(c), 9);
  ygt_codes_free(c);
  assert_int_equal(ygt_codes_new(&c, 7), YGT_EINVAL);
  assert_null(c);
}

static void test_grey_flags(void **state) {
  (void)state;
  ygt_codes *c = small_dictionary();
  assert_int_equal(ygt_codes_is_grey(c, 0), 0);
  assert_int_equal(ygt_codes_set_grey(c, 0, 1), YGT_OK);
  assert_int_equal(ygt_codes_is_grey(c, 0), 1);
  assert_int_equal(ygt_codes_is_grey(c, 99), YGT_ERANGE);
  assert_int_equal(ygt_codes_set_grey(c, -1, 1), YGT_ERANGE);
  ygt_codes_free(c);
}

static ygt_codes *load_text(const char *text, int expect_rc) {
  char path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", text));
  ygt_codes *c = (ygt_codes *)1;
  int rc = ygt_codes_load(&c, YGT_CODE_DIAGNOSIS, path);
  unlink(path);
  if (rc != expect_rc) fail_msg("rc %d, expected %d: %s", rc, expect_rc, ygt_error_last()->message);
  if (rc) assert_null(c);
  assert_int_equal(rc ? ygt_allocated_blocks() : 1, rc ? 0 : 1);
  return c;
}

static void test_load_table(void **state) {
  (void)state;
  ygt_codes *c = load_text("dx_code\tname\tgrey\nI63.900\t脑梗死\t1\n\nI63.900x001\t脑梗死恢复期\t\n"
                           "# comment\nA00.000\t霍乱\t0\n", 0);
  assert_int_equal(ygt_codes_count(c), 3);
  assert_int_equal(ygt_codes_is_grey(c, 0), 1);
  assert_int_equal(ygt_codes_is_grey(c, 1), 0);
  assert_int_equal(ygt_codes_id(c, "A00.000"), 2);
  ygt_codeset *s;
  assert_int_equal(ygt_codeset_parse(&s, c, "A*"), YGT_OK); /* prefix search needs the sorted index */
  assert_int_equal(ygt_codeset_count(s), 1);
  assert_true(ygt_codeset_has(s, 2));
  ygt_codeset_free(s);
  ygt_codes_free(c);
}

/* Each malformed list fails with its code, naming the line and field. */
static void test_load_malformed(void **state) {
  (void)state;
  static const struct { const char *text; int rc; int line; const char *field, *fragment; } cases[] = {
    {"code\tname\nI63.900\tA\nI63.900\tB\n", YGT_EEXISTS, 3, "code", "listed twice"},
    {"code\tname\nI63.900\tA\ni63.900 \tB\n", YGT_EEXISTS, 3, "code", "I63.900"},
    {"code\tname\nI63#900\tA\n", YGT_EPARSE, 2, "code", "not a valid code"},
    {"code\tname\nI63.900\t\n", YGT_EPARSE, 2, "name", "empty name"},
    {"code\tname\tgrey\nI63.900\tA\tyes\n", YGT_EPARSE, 2, "grey", "expected 0 or 1"},
    {"icd\tname\nI63.900\tA\n", YGT_EPARSE, 1, "code", "no code column"},
    {"code\ttitle\nI63.900\tA\n", YGT_EPARSE, 1, "name", "no 'name' column"},
    {"# nothing but a comment\n", YGT_EPARSE, 0, "", "no header"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    load_text(cases[i].text, cases[i].rc);
    const ygt_error *e = ygt_error_last();
    assert_int_equal(e->code, cases[i].rc);
    assert_int_equal(e->line, cases[i].line);
    assert_string_equal(e->field, cases[i].field);
    if (!strstr(e->message, cases[i].fragment)) fail_msg("case %zu: '%s'", i, e->message);
    assert_non_null(strstr(e->source, "/tmp/ygt-test-"));
  }
  ygt_codes *c = (ygt_codes *)1;
  assert_int_equal(ygt_codes_load(&c, YGT_CODE_DIAGNOSIS, "/nonexistent.tsv"), YGT_EIO);
  assert_null(c);
  assert_int_equal(ygt_codes_load(&c, 0, "/nonexistent.tsv"), YGT_EINVAL);
}

static void test_grey_list_is_all_or_nothing(void **state) {
  (void)state;
  ygt_codes *c = small_dictionary();
  char path[256];
  testutil_write_temp(path, sizeof path, ".tsv", "code\tname\nI63.900\tx\nZ99.999\ty\n");
  assert_int_equal(ygt_codes_load_grey(c, path), YGT_ENOTFOUND);
  assert_int_equal(ygt_error_last()->line, 3);
  assert_int_equal(ygt_codes_is_grey(c, 0), 0); /* line 2 was not applied */
  unlink(path);
  testutil_write_temp(path, sizeof path, ".tsv", "code\nI63.900\nE11.900\n");
  assert_int_equal(ygt_codes_load_grey(c, path), YGT_OK);
  unlink(path);
  assert_int_equal(ygt_codes_is_grey(c, 0), 1);
  assert_int_equal(ygt_codes_is_grey(c, 8), 1);
  assert_int_equal(ygt_codes_is_grey(c, 1), 0);
  ygt_codes_free(c);
}

/* Fails the 1st, 2nd, ... allocation of a load in turn: each must fail
 * cleanly with YGT_ENOMEM and leave nothing allocated. */
static void test_load_out_of_memory(void **state) {
  (void)state;
  char path[256];
  testutil_write_temp(path, sizeof path, ".tsv", "code\tname\nI63.900\tA\nI21.900\tB\nA00.000\tC\n");
  testutil_failing f;
  int rc = YGT_ENOMEM;
  long n;
  for (n = 1; rc == YGT_ENOMEM && n < 1000; n++) {
    assert_int_equal(testutil_fail_install(&f, n), YGT_OK);
    ygt_codes *c = (ygt_codes *)1;
    rc = ygt_codes_load(&c, YGT_CODE_DIAGNOSIS, path);
    if (rc == YGT_ENOMEM) {
      assert_null(c);
      assert_int_equal(ygt_allocated_blocks(), 0);
    } else {
      assert_int_equal(rc, YGT_OK);
      assert_int_equal(ygt_codes_count(c), 3);
      ygt_codes_free(c);
    }
  }
  assert_true(n > 3);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  unlink(path);
}

static void test_national_lists(void **state) {
  (void)state;
  ygt_codes *dx, *px;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  SKIP_WITHOUT_SHARED(SHARED_DATA_DIR "/icd/icd10_yibao_v2.0_grey.tsv");
  SKIP_WITHOUT_SHARED(SHARED_ICD9);
  assert_int_equal(ygt_codes_load(&dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10), YGT_OK);
  assert_int_equal(ygt_codes_count(dx), 33307);
  assert_int_equal(ygt_codes_load_grey(dx, SHARED_DATA_DIR "/icd/icd10_yibao_v2.0_grey.tsv"), YGT_OK);
  size_t grey = 0;
  for (int32_t id = 0; id < (int32_t)ygt_codes_count(dx); id++) grey += (size_t)ygt_codes_is_grey(dx, id);
  assert_int_equal(grey, 2695);
  int32_t id = ygt_codes_id(dx, "a00.000X001");
  assert_true(id >= 0);
  assert_string_equal(ygt_codes_name(dx, id), "古典生物型霍乱");
  assert_true(ygt_codes_id(dx, "A01.002+G01*") >= 0);
  assert_int_equal(ygt_codes_is_grey(dx, ygt_codes_id(dx, "A00.000")), 1);
  assert_int_equal(ygt_codes_load(&px, YGT_CODE_PROCEDURE, SHARED_DATA_DIR "/icd/icd9cm3_yibao_v2.0.tsv"), YGT_OK);
  assert_int_equal(ygt_codes_count(px), 13686);
  assert_true(ygt_codes_id(px, "51.2300") >= 0);
  assert_true(ygt_codes_id(px, "17.912a0") >= 0);
  ygt_codes_free(dx);
  ygt_codes_free(px);
}

static int restore_allocator(void **state) {
  (void)state;
  return ygt_set_allocator(NULL, NULL, NULL, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_canonical_form),
    cmocka_unit_test(test_invalid_codes),
    cmocka_unit_test(test_interning_and_lookup),
    cmocka_unit_test(test_add_rejects_duplicates_and_invalid),
    cmocka_unit_test(test_grey_flags),
    cmocka_unit_test(test_load_table),
    cmocka_unit_test(test_load_malformed),
    cmocka_unit_test(test_grey_list_is_all_or_nothing),
    cmocka_unit_test_teardown(test_load_out_of_memory, restore_allocator),
    cmocka_unit_test(test_national_lists),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
