/* The allocator hook: routing, counting, refusal while blocks are live, and
 * the failing-allocator pattern later out-of-memory tests build on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "yigongti.h"

typedef struct counting {
  int mallocs, reallocs, frees;
  int fail_at; /* fail the n-th malloc/realloc (1-based); 0 = never */
  int calls;
} counting;

static void *c_malloc(size_t n, void *ud) {
  counting *c = ud;
  c->mallocs++;
  if (c->fail_at && ++c->calls == c->fail_at) return NULL;
  return malloc(n);
}

static void *c_realloc(void *p, size_t n, void *ud) {
  counting *c = ud;
  c->reallocs++;
  if (c->fail_at && ++c->calls == c->fail_at) return NULL;
  return realloc(p, n);
}

static void c_free(void *p, void *ud) {
  counting *c = ud;
  c->frees++;
  free(p);
}

static int restore_default(void **state) {
  (void)state;
  return ygt_set_allocator(NULL, NULL, NULL, NULL) == YGT_OK ? 0 : -1;
}

static void test_hook_sees_every_call(void **state) {
  (void)state;
  counting c = {0};
  assert_int_equal(ygt_set_allocator(c_malloc, c_realloc, c_free, &c), YGT_OK);
  char *s = ygt__strdup("医共体");
  assert_non_null(s);
  assert_string_equal(s, "医共体");
  assert_int_equal(ygt_allocated_blocks(), 1);
  s = ygt__realloc(s, 100);
  assert_non_null(s);
  ygt__free(s);
  assert_int_equal(c.mallocs, 1);
  assert_int_equal(c.reallocs, 1);
  assert_int_equal(c.frees, 1);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_partial_hook_is_rejected(void **state) {
  (void)state;
  counting c = {0};
  assert_int_equal(ygt_set_allocator(c_malloc, NULL, c_free, &c), YGT_EINVAL);
  assert_int_equal(ygt_error_last()->code, YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "all three"));
}

static void test_change_refused_while_blocks_live(void **state) {
  (void)state;
  void *p = ygt__malloc(16);
  assert_non_null(p);
  counting c = {0};
  assert_int_equal(ygt_set_allocator(c_malloc, c_realloc, c_free, &c), YGT_ESTATE);
  assert_non_null(strstr(ygt_error_last()->message, "still live"));
  ygt__free(p);
  assert_int_equal(ygt_set_allocator(c_malloc, c_realloc, c_free, &c), YGT_OK);
}

static void test_failure_reports_enomem(void **state) {
  (void)state;
  counting c = {.fail_at = 1};
  assert_int_equal(ygt_set_allocator(c_malloc, c_realloc, c_free, &c), YGT_OK);
  ygt_error_clear();
  assert_null(ygt__malloc(32));
  assert_int_equal(ygt_error_last()->code, YGT_ENOMEM);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_grow_keeps_array_on_failure(void **state) {
  (void)state;
  counting c = {.fail_at = 2};
  assert_int_equal(ygt_set_allocator(c_malloc, c_realloc, c_free, &c), YGT_OK);
  int *items = NULL;
  size_t cap = 0;
  assert_int_equal(ygt__grow((void **)&items, &cap, 3, sizeof *items), YGT_OK);
  assert_true(cap >= 3);
  items[0] = 41;
  size_t old_cap = cap;
  assert_int_equal(ygt__grow((void **)&items, &cap, cap + 1, sizeof *items), YGT_ENOMEM);
  assert_int_equal(cap, old_cap);
  assert_int_equal(items[0], 41);
  ygt__free(items);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_calloc_overflow_is_enomem(void **state) {
  (void)state;
  assert_null(ygt__calloc(SIZE_MAX / 2, 4));
  assert_int_equal(ygt_error_last()->code, YGT_ENOMEM);
  int *z = ygt__calloc(4, sizeof *z);
  assert_non_null(z);
  assert_int_equal(z[0] | z[1] | z[2] | z[3], 0);
  ygt__free(z);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(test_hook_sees_every_call, restore_default),
    cmocka_unit_test_teardown(test_partial_hook_is_rejected, restore_default),
    cmocka_unit_test_teardown(test_change_refused_while_blocks_live, restore_default),
    cmocka_unit_test_teardown(test_failure_reports_enomem, restore_default),
    cmocka_unit_test_teardown(test_grow_keeps_array_on_failure, restore_default),
    cmocka_unit_test_teardown(test_calloc_overflow_is_enomem, restore_default),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
