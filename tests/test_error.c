/* The error channel: codes, names, messages with locations, per-thread records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "error_internal.h"
#include "yigongti.h"

static void test_last_never_null_and_starts_clear(void **state) {
  (void)state;
  ygt_error_clear();
  const ygt_error *e = ygt_error_last();
  assert_non_null(e);
  assert_int_equal(e->code, YGT_OK);
  assert_string_equal(e->message, "");
  assert_string_equal(e->source, "");
  assert_string_equal(e->field, "");
  assert_int_equal(e->line, 0);
  assert_int_equal(e->column, 0);
}

static void test_codes_have_fixed_values_and_names(void **state) {
  (void)state;
  /* The values are ABI: a changed number breaks every binding. */
  static const struct { int code; const char *name; } expect[] = {
    {0, "YGT_OK"}, {-1, "YGT_ENOMEM"}, {-2, "YGT_EINVAL"}, {-3, "YGT_EIO"},
    {-4, "YGT_EPARSE"}, {-5, "YGT_EVALIDATE"}, {-6, "YGT_ENOTFOUND"},
    {-7, "YGT_EEXISTS"}, {-8, "YGT_ERANGE"}, {-9, "YGT_EOVERFLOW"},
    {-10, "YGT_ELIMIT"}, {-11, "YGT_ESTATE"}, {-12, "YGT_EUNSUPPORTED"},
    {-13, "YGT_EBUFSIZE"}, {-14, "YGT_EINTERNAL"}, {-15, "YGT_EACCOUNTS"},
  };
  for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
    assert_string_equal(ygt_error_name(expect[i].code), expect[i].name);
    assert_string_not_equal(ygt_strerror(expect[i].code), "unknown error code");
  }
  assert_int_equal(YGT_ENOMEM, -1);
  assert_int_equal(YGT_EINTERNAL, -14);
}

static void test_unknown_codes(void **state) {
  (void)state;
  assert_string_equal(ygt_strerror(1), "unknown error code");
  assert_string_equal(ygt_strerror(-16), "unknown error code");
  assert_string_equal(ygt_strerror(-2147483647 - 1), "unknown error code");
  assert_string_equal(ygt_error_name(42), "YGT_EUNKNOWN");
}

static void test_error_without_location(void **state) {
  (void)state;
  int rc = ygt__error(YGT_EINVAL, "bad value %d", 7);
  assert_int_equal(rc, YGT_EINVAL);
  const ygt_error *e = ygt_error_last();
  assert_int_equal(e->code, YGT_EINVAL);
  assert_string_equal(e->message, "bad value 7");
  assert_string_equal(e->source, "");
  assert_int_equal(e->line, 0);
}

static void test_error_with_location(void **state) {
  (void)state;
  int rc = ygt__error_at(YGT_EPARSE, "institutions.tsv", 12, 3, "tier",
                         "unknown tier '%s'", "moon");
  assert_int_equal(rc, YGT_EPARSE);
  const ygt_error *e = ygt_error_last();
  assert_int_equal(e->code, YGT_EPARSE);
  assert_string_equal(e->source, "institutions.tsv");
  assert_int_equal(e->line, 12);
  assert_int_equal(e->column, 3);
  assert_string_equal(e->field, "tier");
  assert_string_equal(e->message, "institutions.tsv:12:3: tier: unknown tier 'moon'");
}

static void test_long_message_is_truncated_not_overflowed(void **state) {
  (void)state;
  char big[4096];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  ygt__error_at(YGT_EPARSE, big, 1, 1, big, "%s", big);
  const ygt_error *e = ygt_error_last();
  assert_true(strlen(e->message) < 1024);
  assert_true(strlen(e->source) < 1024);
  assert_int_equal(e->code, YGT_EPARSE);
}

static void test_clear_resets(void **state) {
  (void)state;
  ygt__error(YGT_ENOTFOUND, "x");
  ygt_error_clear();
  assert_int_equal(ygt_error_last()->code, YGT_OK);
  assert_string_equal(ygt_error_last()->message, "");
}

/* Each thread records its own error many times and must always read back
 * exactly its own message: the record is per thread. */
#define THREADS 8
#define ROUNDS 20000

static void *thread_body(void *arg) {
  int id = (int)(intptr_t)arg;
  int code = -(1 + id % 14);
  char want[96];
  for (int i = 0; i < ROUNDS; i++) {
    snprintf(want, sizeof want, "t.tsv:%d:%d: f: thread %d round %d", id + 1, i + 1, id, i);
    ygt__error_at(code, "t.tsv", id + 1, i + 1, "f", "thread %d round %d", id, i);
    const ygt_error *e = ygt_error_last();
    if (e->code != code || e->line != id + 1 || e->column != i + 1 || strcmp(e->message, want) != 0)
      return (void *)1;
  }
  return NULL;
}

static void test_threads_have_their_own_record(void **state) {
  (void)state;
  pthread_t t[THREADS];
  ygt__error(YGT_EIO, "main thread");
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_create(&t[i], NULL, thread_body, (void *)(intptr_t)i), 0);
  for (int i = 0; i < THREADS; i++) {
    void *res = (void *)2;
    assert_int_equal(pthread_join(t[i], &res), 0);
    assert_null(res);
  }
  /* The other threads never touched this thread's record. */
  assert_int_equal(ygt_error_last()->code, YGT_EIO);
  assert_string_equal(ygt_error_last()->message, "main thread");
}

static void *fresh_thread_body(void *arg) {
  (void)arg;
  const ygt_error *e = ygt_error_last();
  return (e && e->code == YGT_OK && e->message[0] == '\0') ? NULL : (void *)1;
}

static void test_new_thread_starts_clear(void **state) {
  (void)state;
  ygt__error(YGT_EIO, "main thread failure");
  pthread_t t;
  void *res = (void *)2;
  assert_int_equal(pthread_create(&t, NULL, fresh_thread_body, NULL), 0);
  assert_int_equal(pthread_join(t, &res), 0);
  assert_null(res);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_last_never_null_and_starts_clear),
    cmocka_unit_test(test_codes_have_fixed_values_and_names),
    cmocka_unit_test(test_unknown_codes),
    cmocka_unit_test(test_error_without_location),
    cmocka_unit_test(test_error_with_location),
    cmocka_unit_test(test_long_message_is_truncated_not_overflowed),
    cmocka_unit_test(test_clear_resets),
    cmocka_unit_test(test_threads_have_their_own_record),
    cmocka_unit_test(test_new_thread_starts_clear),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
