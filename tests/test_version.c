/* Version macros and functions agree with each other and with the build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>

#include "yigongti.h"

static void test_string_matches_macros(void **state) {
  (void)state;
  char want[32];
  snprintf(want, sizeof want, "%d.%d.%d", YGT_VERSION_MAJOR, YGT_VERSION_MINOR, YGT_VERSION_PATCH);
  assert_string_equal(ygt_version_string(), want);
  assert_string_equal(ygt_version_string(), YGT_VERSION_STRING);
  assert_string_equal(ygt_version_string(), EXPECTED_VERSION);
}

static void test_number_and_parts(void **state) {
  (void)state;
  int major = -1, minor = -1, patch = -1;
  ygt_version(&major, &minor, &patch);
  assert_int_equal(ygt_version_number(), major * 10000 + minor * 100 + patch);
  assert_int_equal(ygt_version_number(), YGT_VERSION_NUMBER);
  ygt_version(NULL, NULL, NULL); /* NULL outputs are allowed */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_string_matches_macros),
    cmocka_unit_test(test_number_and_parts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
