/* Code lists through a compiled cache (ygt_codes_load_cached): the same
 * dictionary as the text, one codes can still be added to; a stale,
 * truncated, corrupt or other-kind cache is never used, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "alloc_internal.h"
#include "cache_internal.h"
#include "codes_internal.h"
#include "shared_data.h"
#include "testutil.h"
#include "cache_testutil.h"

#define TINY_DX SOURCE_ROOT "/tests/data/drg/tiny/dx_codes.tsv"

static void same_codes(const ygt_codes *a, const ygt_codes *b) {
  assert_int_equal(ygt_codes_kind(a), ygt_codes_kind(b));
  assert_int_equal(ygt_codes_count(a), ygt_codes_count(b));
  for (int32_t id = 0; (size_t)id < a->count; id++) {
    assert_string_equal(ygt_codes_code(a, id), ygt_codes_code(b, id));
    assert_string_equal(ygt_codes_name(a, id), ygt_codes_name(b, id));
    assert_int_equal(ygt_codes_is_grey(a, id), ygt_codes_is_grey(b, id));
    assert_int_equal(ygt_codes_id(b, ygt_codes_code(a, id)), id);
  }
  assert_memory_equal(a->sorted, b->sorted, a->count * sizeof *a->sorted);
  assert_int_equal(a->nslots, b->nslots);
  assert_memory_equal(a->slots, b->slots, a->nslots * sizeof *a->slots);
}

typedef struct scratch {
  char list[64], cache[80];
} scratch;

/* A copy of a code list in a scratch file, and a cache path beside it. */
static void scratch_make(scratch *s, const char *list) {
  long n;
  unsigned char *text = read_whole(list, &n);
  snprintf(s->list, sizeof s->list, "/tmp/ygt-codes-XXXXXX");
  int fd = mkstemp(s->list);
  assert_true(fd >= 0);
  close(fd);
  write_whole(s->list, text, n);
  free(text);
  snprintf(s->cache, sizeof s->cache, "%s.cache", s->list);
}

static void scratch_free(scratch *s) {
  unlink(s->list);
  unlink(s->cache);
}

/* Whether a load would use the cache now (the public call's own test). */
static int usable(const scratch *s, int kind) {
  ygt__cache_header now;
  if (ygt__codes_cache_describe(s->list, kind, &now)) return 0;
  size_t len;
  void *block = ygt__cache_read(s->cache, &now, &len);
  ygt_codes *c = block ? ygt__codes_cache_bind(block, len) : NULL;
  int ok = c && c->kind == kind;
  ygt_codes_free(c);
  ygt__free(block);
  return ok;
}

static void load_compare(const scratch *s, int kind, const ygt_codes *text) {
  ygt_codes *c;
  assert_int_equal(ygt_codes_load_cached(&c, kind, s->list, s->cache), YGT_OK);
  same_codes(text, c);
  ygt_codes_free(c);
}

static void round_trip(const char *list) {
  scratch s;
  scratch_make(&s, list);
  ygt_codes *text, *cached;
  assert_int_equal(ygt_codes_load(&text, YGT_CODE_DIAGNOSIS, s.list), YGT_OK);
  assert_int_equal(usable(&s, YGT_CODE_DIAGNOSIS), 0);
  load_compare(&s, YGT_CODE_DIAGNOSIS, text); /* writes the cache */
  assert_int_equal(usable(&s, YGT_CODE_DIAGNOSIS), 1);
  assert_int_equal(ygt_codes_load_cached(&cached, YGT_CODE_DIAGNOSIS, s.list, s.cache), YGT_OK);
  same_codes(text, cached);
  int32_t a, b; /* a cached dictionary still grows like a loaded one */
  assert_int_equal(ygt_codes_add(text, "Z99.999x999", "新", &a), YGT_OK);
  assert_int_equal(ygt_codes_add(cached, "Z99.999x999", "新", &b), YGT_OK);
  assert_int_equal(a, b);
  same_codes(text, cached);
  ygt_codes_free(cached);
  ygt_codes_free(text);
  scratch_free(&s);
}

static void tiny_cache_equals_text(void **state) {
  (void)state;
  round_trip(TINY_DX);
}

static void icd10_cache_equals_text(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  round_trip(SHARED_ICD10);
}

/* A diagnosis cache asked for as procedures is not used. */
static void other_kind_is_rebuilt(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_DX);
  ygt_codes *dx, *proc;
  assert_int_equal(ygt_codes_load_cached(&dx, YGT_CODE_DIAGNOSIS, s.list, s.cache), YGT_OK);
  assert_int_equal(usable(&s, YGT_CODE_PROCEDURE), 0);
  assert_int_equal(ygt_codes_load_cached(&proc, YGT_CODE_PROCEDURE, s.list, s.cache), YGT_OK);
  assert_int_equal(ygt_codes_kind(proc), YGT_CODE_PROCEDURE);
  assert_int_equal(usable(&s, YGT_CODE_PROCEDURE), 1);
  assert_int_equal(usable(&s, YGT_CODE_DIAGNOSIS), 0);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  scratch_free(&s);
}

/* Same size and mtime, a name changed: only the content hash tells. */
static void stale_content_is_rebuilt(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_DX);
  ygt_codes *c, *text;
  assert_int_equal(ygt_codes_load_cached(&c, YGT_CODE_DIAGNOSIS, s.list, s.cache), YGT_OK);
  ygt_codes_free(c);
  struct stat st;
  assert_int_equal(stat(s.list, &st), 0);
  long n;
  unsigned char *buf = read_whole(s.list, &n);
  char *code = strstr((char *)buf, "A01.000");
  assert_non_null(code);
  code[6] = '9';
  write_whole(s.list, buf, n);
  free(buf);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  assert_int_equal(utimensat(AT_FDCWD, s.list, times, 0), 0);
  assert_int_equal(usable(&s, YGT_CODE_DIAGNOSIS), 0);
  assert_int_equal(ygt_codes_load(&text, YGT_CODE_DIAGNOSIS, s.list), YGT_OK);
  assert_true(ygt_codes_id(text, "A01.009") >= 0);
  load_compare(&s, YGT_CODE_DIAGNOSIS, text);
  assert_int_equal(usable(&s, YGT_CODE_DIAGNOSIS), 1);
  ygt_codes_free(text);
  scratch_free(&s);
}

/* Every truncation and every changed byte of a good cache is refused by
 * the reader; through the public call the text is read instead. */
static void bad_cache_falls_back(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_DX);
  ygt_codes *text;
  assert_int_equal(ygt_codes_load(&text, YGT_CODE_DIAGNOSIS, s.list), YGT_OK);
  load_compare(&s, YGT_CODE_DIAGNOSIS, text);
  long n;
  unsigned char *good = read_whole(s.cache, &n), *bad = malloc((size_t)n);
  for (long i = 0; i < 2 * n; i++) {
    memcpy(bad, good, (size_t)n);
    if (i >= n) bad[i - n] ^= (unsigned char)(1u << (i % 8));
    write_whole(s.cache, bad, i < n ? i : n);
    assert_int_equal(usable(&s, YGT_CODE_DIAGNOSIS), 0);
    if (i % 53 == 0) load_compare(&s, YGT_CODE_DIAGNOSIS, text);
  }
  load_compare(&s, YGT_CODE_DIAGNOSIS, text);
  assert_int_equal(usable(&s, YGT_CODE_DIAGNOSIS), 1);
  free(good);
  free(bad);
  ygt_codes_free(text);
  scratch_free(&s);
}

/* A failing allocation anywhere in a cached load (the image, the
 * dictionary, each of its arrays copied out) falls back to the text: the
 * same dictionary, nothing left allocated. */
static void out_of_memory(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_DX);
  testutil_failing f;
  assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
  ygt_codes *text, *c;
  assert_int_equal(ygt_codes_load(&text, YGT_CODE_DIAGNOSIS, s.list), YGT_OK);
  load_compare(&s, YGT_CODE_DIAGNOSIS, text);
  for (long n = 1; n <= 12; n++) {
    size_t before = ygt_allocated_blocks();
    f.fail_at = f.calls + n;
    int rc = ygt_codes_load_cached(&c, YGT_CODE_DIAGNOSIS, s.list, s.cache);
    f.fail_at = 0;
    if (rc) fail_msg("allocation %ld: %s", n, ygt_error_last()->message);
    same_codes(text, c);
    ygt_codes_free(c);
    assert_int_equal(ygt_allocated_blocks(), before);
  }
  ygt_codes_free(text);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  scratch_free(&s);
}

static void errors(void **state) {
  (void)state;
  ygt_codes *c = (ygt_codes *)1;
  assert_int_equal(ygt_codes_load_cached(&c, YGT_CODE_DIAGNOSIS, "/nonexistent.tsv", "/tmp/x.cache"), YGT_EIO);
  assert_null(c);
  assert_int_equal(ygt_codes_load_cached(&c, YGT_CODE_DIAGNOSIS, NULL, "x"), YGT_EINVAL);
  assert_int_equal(ygt_codes_load_cached(&c, YGT_CODE_DIAGNOSIS, TINY_DX, NULL), YGT_EINVAL);
  assert_int_equal(ygt_codes_load_cached(&c, 7, TINY_DX, "/nonexistent-dir/x.cache"), YGT_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tiny_cache_equals_text), cmocka_unit_test(icd10_cache_equals_text),
      cmocka_unit_test(other_kind_is_rebuilt), cmocka_unit_test(stale_content_is_rebuilt),
      cmocka_unit_test(bad_cache_falls_back), cmocka_unit_test(out_of_memory), cmocka_unit_test(errors),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
