/* A cache of DIP matches for one batch, keyed by the principal diagnosis and
 * the procedure list (up to three, in order): a batch repeats few
 * combinations, and matching walks the diagnosis's core list and procedure
 * sets.  Used only when the catalogue's match depends on nothing else (no
 * group has conditions or a with-diagnosis list: ygt__dip_match_cacheable),
 * so a cached group is the group ygt__dip_match() gives (tests/test_identical.c). */
#ifndef YGT_DIP_MATCH_CACHE_H
#define YGT_DIP_MATCH_CACHE_H

#include "dip_internal.h"

#define YGT__DIP_CACHE_PROCS 3

typedef struct ygt__dip_cache_slot {
  int32_t pdx, procs[YGT__DIP_CACHE_PROCS], n, group; /* pdx -1: empty */
} ygt__dip_cache_slot;

typedef struct ygt__dip_match_cache {
  ygt__dip_cache_slot *slots; /* NULL: no caching */
  size_t mask;
} ygt__dip_match_cache;

/* Whether every group's match depends on the diagnosis and procedures only. */
int ygt__dip_match_cacheable(const ygt_dip_catalog *cat);

/* A cache for a batch of `rows` rows; none (slots NULL) for small batches,
 * a catalogue that is not cacheable, or when memory is short. */
void ygt__dip_match_cache_new(ygt__dip_match_cache *m, const ygt_dip_catalog *cat, size_t rows);
void ygt__dip_match_cache_free(ygt__dip_match_cache *m);

static inline size_t ygt__dip_cache_hash(int32_t pdx, const int32_t *procs, size_t n) {
  uint64_t h = (uint64_t)(uint32_t)pdx * 0x9E3779B97F4A7C15ull + n;
  for (size_t j = 0; j < n; j++) h = (h ^ (uint32_t)procs[j]) * 0xBF58476D1CE4E5B9ull;
  return (size_t)(h >> 32);
}

/* ygt__dip_match() of row r through the cache; pdx is the row's principal diagnosis (>= 0). */
static inline int32_t ygt__dip_match_cached(ygt__dip_match_cache *m, const ygt_dip_catalog *cat, const ygt_cases *c,
                                            size_t r, int32_t pdx) {
  ygt__dip_match_info info;
  size_t n;
  const int32_t *procs = ygt__cases_list(c, YGT_CASE_PROCS, r, &n);
  if (!m->slots || n > YGT__DIP_CACHE_PROCS) return ygt__dip_match(cat, c, r, &info);
  ygt__dip_cache_slot *s = &m->slots[ygt__dip_cache_hash(pdx, procs, n) & m->mask];
  int same = s->pdx == pdx && s->n == (int32_t)n;
  for (size_t j = 0; same && j < n; j++) same = s->procs[j] == procs[j];
  if (same) return s->group;
  s->pdx = pdx, s->n = (int32_t)n;
  for (size_t j = 0; j < n; j++) s->procs[j] = procs[j];
  return s->group = ygt__dip_match(cat, c, r, &info);
}

/* ygt__dip_match_cached() of row r whose procedure list has n <= YGT__DIP_CACHE_PROCS entries, the first three
 * (or -1 where there are fewer) in p, for the batch's column passes (m->slots not NULL): the same slot and group,
 * the hash and the comparison formed without a branch on n (a list's length is a coin toss for a predictor). */
static inline int32_t ygt__dip_match_cached_short(ygt__dip_match_cache *m, const ygt_dip_catalog *cat,
                                                  const ygt_cases *c, size_t r, int32_t pdx, const int32_t p[3],
                                                  size_t n) {
  uint64_t h0 = (uint64_t)(uint32_t)pdx * 0x9E3779B97F4A7C15ull + n, h1 = (h0 ^ (uint32_t)p[0]) * 0xBF58476D1CE4E5B9ull;
  uint64_t h2 = (h1 ^ (uint32_t)p[1]) * 0xBF58476D1CE4E5B9ull, h3 = (h2 ^ (uint32_t)p[2]) * 0xBF58476D1CE4E5B9ull;
  const uint64_t hn[] = {h0, h1, h2, h3}; /* ygt__dip_cache_hash(); an index, so the compiler makes no branch of it */
  uint64_t h = hn[n];
  ygt__dip_cache_slot *s = &m->slots[(size_t)(h >> 32) & m->mask];
  int same = (s->pdx == pdx) & (s->n == (int32_t)n) & ((n < 1) | (s->procs[0] == p[0])) &
             ((n < 2) | (s->procs[1] == p[1])) & ((n < 3) | (s->procs[2] == p[2]));
  if (same) return s->group;
  ygt__dip_match_info info;
  s->pdx = pdx, s->n = (int32_t)n, s->procs[0] = p[0], s->procs[1] = p[1], s->procs[2] = p[2];
  return s->group = ygt__dip_match(cat, c, r, &info);
}

#define YGT__DIP_NOT_PROBED INT32_MIN /* ygt__dip_match_probe_avx512(): the row is left to the scalar probe */

/* The cached groups of rows r0 .. r0 + n - 1 on AVX-512 vectors (m->slots not NULL): group[i] the group of slot
 * holding row r0 + i's key (ygt__dip_match_cached_short()'s slot and comparison), YGT__DIP_NOT_PROBED where the
 * row is not fast (fast[i] 0), its list is longer than three or its slot holds another key.  pdx, off and vals
 * (off NULL: no procedure column) are the batch's columns.  Reads the cache only; call it only when ygt__avx512()
 * (cpu_avx512.h) says so. */
void ygt__dip_match_probe_avx512(int32_t *group, const uint8_t *fast, const ygt__dip_match_cache *m,
                                 const int32_t *pdx, const int64_t *off, const int32_t *vals, size_t r0, size_t n);

#endif
