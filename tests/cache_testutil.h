/* Helpers of the compiled-cache tests: whole files read and written. */
#ifndef YGT_CACHE_TESTUTIL_H
#define YGT_CACHE_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static unsigned char *read_whole(const char *path, long *n) {
  *n = file_size(path);
  assert_true(*n > 0);
  unsigned char *buf = malloc((size_t)*n);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  assert_int_equal(fread(buf, 1, (size_t)*n, f), (size_t)*n);
  fclose(f);
  return buf;
}

/* Unlinked first: truncating a file just written makes ext4 flush it to disk
 * (its replace-by-truncate heuristic), a wait per call. */
static void write_whole(const char *path, const unsigned char *buf, long n) {
  unlink(path);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
}

#endif
