/* Helpers shared by the unit tests: temporary files and a failing allocator. */
#ifndef YGT_TESTUTIL_H
#define YGT_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yigongti.h"

/* Writes text to a new temporary file whose name ends in `suffix` (e.g.
 * ".tsv"); returns its path in a static buffer of the caller (path[256]). */
static inline const char *testutil_write_temp(char *path, size_t cap, const char *suffix,
                                              const char *text) {
  snprintf(path, cap, "/tmp/ygt-test-XXXXXX%s", suffix);
  int fd = mkstemps(path, (int)strlen(suffix));
  if (fd < 0) return NULL;
  size_t len = strlen(text);
  if (write(fd, text, len) != (ssize_t)len) { close(fd); return NULL; }
  close(fd);
  return path;
}

/* An allocator that fails the fail_at-th allocation (1-based; 0 = never). */
typedef struct testutil_failing {
  long calls;
  long fail_at;
} testutil_failing;

static inline void *testutil_fail_malloc(size_t n, void *ud) {
  testutil_failing *f = ud;
  return (f->fail_at && ++f->calls == f->fail_at) ? NULL : malloc(n);
}

static inline void *testutil_fail_realloc(void *p, size_t n, void *ud) {
  testutil_failing *f = ud;
  return (f->fail_at && ++f->calls == f->fail_at) ? NULL : realloc(p, n);
}

static inline void testutil_fail_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

static inline int testutil_fail_install(testutil_failing *f, long fail_at) {
  f->calls = 0;
  f->fail_at = fail_at;
  return ygt_set_allocator(testutil_fail_malloc, testutil_fail_realloc, testutil_fail_free, f);
}

#endif
