/* The compiled-pack cache (ygt_drg_pack_load_cached): a pack read from its
 * cache equals the pack read from the text, table for table and case for
 * case; a stale, truncated, corrupt or foreign cache is never used (the text
 * is read and the cache rewritten), never a crash; the cache is written
 * only where the caller says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "codes_internal.h"
#include "cache_internal.h"
#include "drg_internal.h"
#include "drg_testutil.h"
#include "shared_data.h"
#include "testutil.h"
#include "cache_testutil.h"

#define CHS_PACK SHARED_DATA_DIR "/chs-drg-1.1"

/* ---- equality of two packs, every table ---- */

#define SAME_ARRAY(a, b, field, n) \
  do { \
    assert_int_equal((a)->field == NULL, (b)->field == NULL); \
    if ((a)->field && (n)) assert_memory_equal((a)->field, (b)->field, (n) * sizeof *(a)->field); \
  } while (0)

static void same_codes(const ygt_codes *a, const ygt_codes *b) {
  assert_int_equal(a->kind, b->kind);
  assert_int_equal(a->count, b->count);
  assert_int_equal(a->nslots, b->nslots);
  for (int32_t id = 0; (size_t)id < a->count; id++) {
    assert_string_equal(ygt_codes_code(a, id), ygt_codes_code(b, id));
    assert_string_equal(ygt_codes_name(a, id), ygt_codes_name(b, id));
    assert_int_equal(ygt_codes_is_grey(a, id), ygt_codes_is_grey(b, id));
    assert_int_equal(ygt_codes_id(b, ygt_codes_code(a, id)), id);
  }
  SAME_ARRAY(a, b, sorted, a->count);
  SAME_ARRAY(a, b, hash, a->count);
  SAME_ARRAY(a, b, slots, a->nslots);
}

static void same_counts(const ygt_drg_pack *a, const ygt_drg_pack *b) {
  const size_t na[] = {a->nmdc, a->nadrg, a->ndrg, a->nnodes, a->nints, a->nsets, a->nwords, a->nkeys,
                       a->ndepts, a->nsites, a->str_len, a->by_code_n[0], a->by_code_n[1], a->by_code_n[2]};
  const size_t nb[] = {b->nmdc, b->nadrg, b->ndrg, b->nnodes, b->nints, b->nsets, b->nwords, b->nkeys,
                       b->ndepts, b->nsites, b->str_len, b->by_code_n[0], b->by_code_n[1], b->by_code_n[2]};
  assert_memory_equal(na, nb, sizeof na);
  const int64_t sa[] = {a->dx_known, a->proc_known, a->name, a->none_mdc, a->none_adrg, a->none_drg,
                        a->unlisted_error, a->ss_valid, a->want_map[0], a->want_map[1]};
  const int64_t sb[] = {b->dx_known, b->proc_known, b->name, b->none_mdc, b->none_adrg, b->none_drg,
                        b->unlisted_error, b->ss_valid, b->want_map[0], b->want_map[1]};
  assert_memory_equal(sa, sb, sizeof sa);
  assert_memory_equal(a->site_names, b->site_names, sizeof a->site_names);
}

static void same_pack(const ygt_drg_pack *a, const ygt_drg_pack *b) {
  same_codes(a->dx, b->dx);
  same_codes(a->proc, b->proc);
  same_counts(a, b);
  size_t nd = (size_t)a->dx_known;
  SAME_ARRAY(a, b, str, a->str_len);
  SAME_ARRAY(a, b, mdc, a->nmdc);
  SAME_ARRAY(a, b, mdc_order, a->nmdc);
  SAME_ARRAY(a, b, adrg, a->nadrg);
  SAME_ARRAY(a, b, adrg_order, a->nadrg - a->nmdc);
  SAME_ARRAY(a, b, drg, a->ndrg);
  SAME_ARRAY(a, b, drg_order, a->ndrg - a->nmdc);
  SAME_ARRAY(a, b, nodes, a->nnodes);
  SAME_ARRAY(a, b, ints, a->nints);
  SAME_ARRAY(a, b, sets, a->nsets);
  SAME_ARRAY(a, b, words, a->nwords);
  SAME_ARRAY(a, b, keys, a->nkeys);
  SAME_ARRAY(a, b, depts, a->ndepts);
  SAME_ARRAY(a, b, cce, nd);
  SAME_ARRAY(a, b, cc, nd);
  SAME_ARRAY(a, b, mcc, nd);
  SAME_ARRAY(a, b, site, nd);
  SAME_ARRAY(a, b, dx_map, a->dx->count);
  SAME_ARRAY(a, b, proc_map, a->proc->count);
  for (int i = 0; i < 3; i++) SAME_ARRAY(a, b, by_code[i], a->by_code_n[i]);
  assert_string_equal(ygt_drg_pack_name(a), ygt_drg_pack_name(b));
}

/* ---- grouping with both packs ---- */

enum { CASES = 20000 };

typedef struct batch_cols {
  int32_t sex[CASES], age[CASES], days[CASES], pdx[CASES], sdx[CASES * 3], procs[CASES * 2];
  int64_t sdx_off[CASES + 1], proc_off[CASES + 1];
} batch_cols;

static void random_cases(batch_cols *c, const ygt_drg_pack *p) {
  size_t ndx = ygt_codes_count(p->dx), nproc = ygt_codes_count(p->proc);
  uint32_t x = 12345;
  for (size_t i = 0; i < CASES; i++) {
    x = x * 1103515245u + 12345u;
    c->sex[i] = 1 + (int32_t)(x >> 16) % 2;
    c->age[i] = (int32_t)((x >> 8) % 90);
    c->days[i] = c->age[i] * 365;
    c->pdx[i] = (int32_t)((x >> 4) % ndx);
    c->sdx_off[i] = (int64_t)i * 3;
    c->proc_off[i] = (int64_t)i * 2;
    for (int k = 0; k < 3; k++) c->sdx[i * 3 + k] = (int32_t)((x * (uint32_t)(k + 7) >> 3) % ndx);
    for (int k = 0; k < 2; k++) c->procs[i * 2 + k] = (int32_t)((x * (uint32_t)(k + 3) >> 5) % nproc);
  }
  c->sdx_off[CASES] = CASES * 3;
  c->proc_off[CASES] = CASES * 2;
}

static void group_all(const ygt_drg_pack *p, batch_cols *c, int32_t *drg, int32_t *status, uint32_t *flags) {
  ygt_cases *b;
  assert_int_equal(ygt_cases_new(&b, ygt_drg_pack_codes(p, YGT_CODE_DIAGNOSIS),
                                 ygt_drg_pack_codes(p, YGT_CODE_PROCEDURE), 0), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(b, YGT_CASE_SEX, c->sex, CASES), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(b, YGT_CASE_AGE_YEARS, c->age, CASES), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(b, YGT_CASE_AGE_DAYS, c->days, CASES), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(b, YGT_CASE_PDX, c->pdx, CASES), YGT_OK);
  assert_int_equal(ygt_cases_attach_list(b, YGT_CASE_SDX, c->sdx_off, c->sdx, CASES), YGT_OK);
  assert_int_equal(ygt_cases_attach_list(b, YGT_CASE_PROCS, c->proc_off, c->procs, CASES), YGT_OK);
  assert_int_equal(ygt_drg_group(p, b, 0, CASES, 0, NULL, NULL, drg, status, flags), YGT_OK);
  ygt_cases_free(b);
}

/* Every case grouped alike by both packs, and some grouped at all. */
static void same_groups(const ygt_drg_pack *a, const ygt_drg_pack *b) {
  batch_cols *c = malloc(sizeof *c);
  int32_t *out = malloc(sizeof *out * CASES * 6);
  uint32_t *flags = malloc(sizeof *flags * CASES * 2);
  random_cases(c, a);
  group_all(a, c, out, out + CASES, flags);
  group_all(b, c, out + 2 * CASES, out + 3 * CASES, flags + CASES);
  assert_memory_equal(out, out + 2 * CASES, sizeof *out * 2 * CASES);
  assert_memory_equal(flags, flags + CASES, sizeof *flags * CASES);
  size_t ok = 0;
  for (size_t i = 0; i < CASES; i++) ok += out[CASES + i] == YGT_DRG_OK;
  assert_true(ok > 0);
  free(c);
  free(out);
  free(flags);
}

/* ---- a scratch copy of a pack ---- */

typedef struct scratch {
  char dir[256], cache[300];
} scratch;

static void copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  assert_non_null(in);
  assert_non_null(out);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) assert_int_equal(fwrite(buf, 1, n, out), n);
  fclose(in);
  fclose(out);
}

static void scratch_make(scratch *s, const char *pack) {
  snprintf(s->dir, sizeof s->dir, "/tmp/ygt-cache-XXXXXX");
  assert_non_null(mkdtemp(s->dir));
  for (int i = 0; i < CACHE_NFILES; i++) {
    char from[512], to[512];
    snprintf(from, sizeof from, "%s/%s", pack, ygt__drg_pack_files[i]);
    snprintf(to, sizeof to, "%s/%s", s->dir, ygt__drg_pack_files[i]);
    if (access(from, F_OK) == 0) copy_file(from, to);
  }
  snprintf(s->cache, sizeof s->cache, "%s/pack.cache", s->dir);
}

static void scratch_free(scratch *s) {
  for (int i = 0; i < CACHE_NFILES; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", s->dir, ygt__drg_pack_files[i]);
    unlink(path);
  }
  unlink(s->cache);
  assert_int_equal(rmdir(s->dir), 0);
}

/* Loads through the cache: whether it was used, and the pack equal to text. */
static int load_compare(const char *dir, const char *cache, const ygt_drg_pack *text) {
  ygt_drg_pack *p;
  assert_int_equal(ygt_drg_pack_load_cached(&p, dir, cache), YGT_OK);
  int cached = ygt_drg_pack_cached(p);
  same_pack(text, p);
  ygt_drg_pack_free(p);
  return cached;
}

/* ---- tests ---- */

static void round_trip(const char *pack) {
  scratch s;
  scratch_make(&s, pack);
  ygt_drg_pack *text, *cached;
  assert_int_equal(ygt_drg_pack_load(&text, s.dir), YGT_OK);
  assert_int_equal(ygt_drg_pack_cached(text), 0);
  assert_int_equal(load_compare(s.dir, s.cache, text), 0); /* writes the cache */
  assert_true(file_size(s.cache) > 0);
  assert_int_equal(ygt_drg_pack_load_cached(&cached, s.dir, s.cache), YGT_OK);
  assert_int_equal(ygt_drg_pack_cached(cached), 1);
  same_pack(text, cached);
  same_groups(text, cached);
  ygt_drg_pack_free(cached);
  ygt_drg_pack_free(text);
  scratch_free(&s);
}

static void tiny_cache_equals_text(void **state) {
  (void)state;
  round_trip(TINY_PACK);
}

static void chs_cache_equals_text(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(CHS_PACK "/drg.tsv");
  round_trip(CHS_PACK);
}

/* The same size and mtime, other content (the pack's name "tiny" becomes
 * "tinx"): only the content hash tells. */
static void stale_content_is_rebuilt(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_PACK);
  ygt_drg_pack *p, *text;
  assert_int_equal(ygt_drg_pack_load_cached(&p, s.dir, s.cache), YGT_OK);
  assert_string_equal(ygt_drg_pack_name(p), "tiny");
  ygt_drg_pack_free(p);
  char path[512];
  snprintf(path, sizeof path, "%s/pack.tsv", s.dir);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  long n;
  unsigned char *buf = read_whole(path, &n);
  char *name = strstr((char *)buf, "tiny");
  assert_non_null(name);
  name[3] = 'x';
  write_whole(path, buf, n);
  free(buf);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
  assert_int_equal(ygt_drg_pack_load(&text, s.dir), YGT_OK);
  assert_string_equal(ygt_drg_pack_name(text), "tinx");
  assert_int_equal(load_compare(s.dir, s.cache, text), 0); /* stale: text read, cache rewritten */
  assert_int_equal(load_compare(s.dir, s.cache, text), 1);
  ygt_drg_pack_free(text);
  scratch_free(&s);
}

/* A file added (an optional map) or removed makes the cache stale too. */
static void added_file_is_rebuilt(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_PACK);
  ygt_drg_pack *p, *text;
  assert_int_equal(ygt_drg_pack_load_cached(&p, s.dir, s.cache), YGT_OK);
  ygt_drg_pack_free(p);
  char path[512];
  snprintf(path, sizeof path, "%s/proc_map.tsv", s.dir);
  assert_int_equal(unlink(path), 0);
  assert_int_equal(ygt_drg_pack_load(&text, s.dir), YGT_OK);
  assert_int_equal(ygt_drg_pack_has_map(text, YGT_CODE_PROCEDURE), 0);
  assert_int_equal(load_compare(s.dir, s.cache, text), 0);
  assert_int_equal(load_compare(s.dir, s.cache, text), 1);
  ygt_drg_pack_free(text);
  scratch_free(&s);
}

/* A good cache of a scratch tiny pack, its bytes and its directory's
 * description. */
typedef struct good_cache {
  scratch s;
  ygt_drg_pack *text;
  unsigned char *bytes;
  long n;
  ygt__cache_header now;
} good_cache;

static void good_cache_make(good_cache *g) {
  scratch_make(&g->s, TINY_PACK);
  assert_int_equal(ygt_drg_pack_load(&g->text, g->s.dir), YGT_OK);
  assert_int_equal(load_compare(g->s.dir, g->s.cache, g->text), 0);
  g->bytes = read_whole(g->s.cache, &g->n);
  assert_int_equal(ygt__drg_cache_describe(g->s.dir, &g->now), 0);
  ygt_drg_pack *p = ygt__drg_cache_read(g->s.cache, &g->now);
  assert_non_null(p);
  ygt_drg_pack_free(p);
}

static void good_cache_free(good_cache *g) {
  free(g->bytes);
  ygt_drg_pack_free(g->text);
  scratch_free(&g->s);
}

/* The reader alone refuses the bad cache (no crash); through the public
 * call the text is read instead, the same pack results and the cache is
 * whole again (checked at every `full`-th case: text loads are slower). */
static void refused(good_cache *g, const unsigned char *bytes, long len, long i, long full) {
  write_whole(g->s.cache, bytes, len);
  assert_null(ygt__drg_cache_read(g->s.cache, &g->now));
  if (i % full) return;
  assert_int_equal(load_compare(g->s.dir, g->s.cache, g->text), 0);
  long n;
  unsigned char *again = read_whole(g->s.cache, &n); /* the same pack gives the same bytes */
  assert_int_equal(n, g->n);
  assert_memory_equal(again, g->bytes, (size_t)n);
  free(again);
}

/* Every truncation of a good cache, at every byte offset. */
static void truncated_cache_falls_back(void **state) {
  (void)state;
  good_cache g;
  good_cache_make(&g);
  for (long len = 0; len < g.n; len++) refused(&g, g.bytes, len, len, 97);
  assert_int_equal(load_compare(g.s.dir, g.s.cache, g.text), 0);
  assert_int_equal(load_compare(g.s.dir, g.s.cache, g.text), 1);
  good_cache_free(&g);
}

/* Every single byte changed (header, image, padding) is noticed; and bytes
 * appended after a good cache too. */
static void corrupt_cache_falls_back(void **state) {
  (void)state;
  good_cache g;
  good_cache_make(&g);
  unsigned char *bad = malloc((size_t)g.n + 1);
  for (long at = 0; at < g.n; at++) {
    memcpy(bad, g.bytes, (size_t)g.n);
    bad[at] ^= (unsigned char)(1u << (at % 8));
    refused(&g, bad, g.n, at, 101);
  }
  memcpy(bad, g.bytes, (size_t)g.n);
  bad[g.n] = 0;
  refused(&g, bad, g.n + 1, 0, 1);
  assert_int_equal(load_compare(g.s.dir, g.s.cache, g.text), 1);
  free(bad);
  good_cache_free(&g);
}

/* A cache written on a machine of the other byte order: its marker reads
 * 0x04030201 here. */
static void foreign_endian_cache_falls_back(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_PACK);
  ygt_drg_pack *text;
  assert_int_equal(ygt_drg_pack_load(&text, s.dir), YGT_OK);
  assert_int_equal(load_compare(s.dir, s.cache, text), 0);
  long n;
  unsigned char *buf = read_whole(s.cache, &n);
  ygt__cache_header h;
  memcpy(&h, buf, sizeof h);
  assert_int_equal(h.endian, 0x01020304u);
  h.endian = 0x04030201u;
  memcpy(buf, &h, sizeof h);
  write_whole(s.cache, buf, n);
  assert_int_equal(load_compare(s.dir, s.cache, text), 0);
  assert_int_equal(load_compare(s.dir, s.cache, text), 1);
  free(buf);
  ygt_drg_pack_free(text);
  scratch_free(&s);
}

/* One pack's cache given for another directory is not used. */
static void foreign_pack_cache_falls_back(void **state) {
  (void)state;
  scratch a, b;
  scratch_make(&a, TINY_PACK);
  scratch_make(&b, TINY_PACK);
  ygt_drg_pack *p, *text;
  assert_int_equal(ygt_drg_pack_load_cached(&p, a.dir, a.cache), YGT_OK);
  ygt_drg_pack_free(p);
  assert_int_equal(ygt_drg_pack_load(&text, b.dir), YGT_OK);
  assert_int_equal(load_compare(b.dir, a.cache, text), 0); /* another directory name and mtimes */
  assert_int_equal(load_compare(b.dir, a.cache, text), 1);  /* now a.cache is b's */
  ygt_drg_pack_free(text);
  scratch_free(&a);
  scratch_free(&b);
}

/* A broken pack: the text's error, and no cache is written. */
static void broken_pack_writes_no_cache(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_PACK);
  char path[512];
  snprintf(path, sizeof path, "%s/drg.tsv", s.dir);
  assert_int_equal(unlink(path), 0);
  ygt_drg_pack *p = (ygt_drg_pack *)1;
  assert_int_equal(ygt_drg_pack_load_cached(&p, s.dir, s.cache), YGT_EIO);
  assert_null(p);
  assert_non_null(strstr(ygt_error_last()->source, "drg.tsv"));
  assert_int_equal(file_size(s.cache), -1);
  scratch_free(&s);
}

/* An unwritable cache place: the pack still loads, from the text. */
static void unwritable_cache_is_skipped(void **state) {
  (void)state;
  ygt_drg_pack *p, *text;
  assert_int_equal(ygt_drg_pack_load(&text, TINY_PACK), YGT_OK);
  assert_int_equal(load_compare(TINY_PACK, "/nonexistent-dir/pack.cache", text), 0);
  assert_int_equal(ygt_drg_pack_load_cached(&p, NULL, "x"), YGT_EINVAL);
  assert_int_equal(ygt_drg_pack_load_cached(&p, TINY_PACK, NULL), YGT_EINVAL);
  assert_int_equal(ygt_drg_pack_load_cached(NULL, TINY_PACK, "x"), YGT_EINVAL);
  assert_int_equal(ygt_drg_pack_cached(NULL), 0);
  ygt_drg_pack_free(text);
}

/* One load with the n-th allocation from now failing: YGT_ENOMEM with
 * nothing left allocated, or a pack equal to the text's; whether it came
 * from the cache (-1 for ENOMEM). */
static int load_failing(const scratch *s, testutil_failing *f, long n, const ygt_drg_pack *text) {
  ygt_drg_pack *p;
  size_t before = ygt_allocated_blocks();
  f->fail_at = f->calls + n;
  int rc = ygt_drg_pack_load_cached(&p, s->dir, s->cache);
  f->fail_at = 0;
  if (rc != YGT_OK) {
    assert_int_equal(rc, YGT_ENOMEM);
    assert_null(p);
    assert_int_equal(ygt_allocated_blocks(), before);
    return -1;
  }
  int cached = ygt_drg_pack_cached(p);
  same_pack(text, p);
  ygt_drg_pack_free(p);
  assert_int_equal(ygt_allocated_blocks(), before);
  return cached;
}

/* Out of memory: with a good cache, a failing allocation of the cached load
 * falls back to the text (which then succeeds); without a cache, a failing
 * allocation of the text is YGT_ENOMEM and one of the cache's writing only
 * leaves the cache unwritten. */
static void out_of_memory(void **state) {
  (void)state;
  scratch s;
  scratch_make(&s, TINY_PACK);
  testutil_failing f;
  assert_int_equal(testutil_fail_install(&f, 0), YGT_OK); /* before anything is allocated */
  ygt_drg_pack *text;
  assert_int_equal(ygt_drg_pack_load(&text, s.dir), YGT_OK);
  assert_int_equal(load_compare(s.dir, s.cache, text), 0);
  assert_int_equal(load_failing(&s, &f, 1, text), 0);   /* the image's block */
  assert_int_equal(load_failing(&s, &f, 4, text), 0);   /* the last of the cached load's four */
  assert_int_equal(load_failing(&s, &f, 5, text), 1);   /* none of them */
  long enomem = 0;
  for (long n = 1;; n++) { /* until a load fails nowhere and writes the cache */
    unlink(s.cache);
    int r = load_failing(&s, &f, n, text);
    enomem += r < 0;
    if (r < 0) continue;
    int written = file_size(s.cache) > 0;
    assert_int_equal(load_failing(&s, &f, 100000, text), written); /* a written cache is a good one */
    if (written) break;
  }
  assert_true(enomem > 20);
  ygt_drg_pack_free(text);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  scratch_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tiny_cache_equals_text),
      cmocka_unit_test(chs_cache_equals_text),
      cmocka_unit_test(stale_content_is_rebuilt),
      cmocka_unit_test(added_file_is_rebuilt),
      cmocka_unit_test(truncated_cache_falls_back),
      cmocka_unit_test(corrupt_cache_falls_back),
      cmocka_unit_test(foreign_endian_cache_falls_back),
      cmocka_unit_test(foreign_pack_cache_falls_back),
      cmocka_unit_test(broken_pack_writes_no_cache),
      cmocka_unit_test(unwritable_cache_is_skipped),
      cmocka_unit_test(out_of_memory),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
