/* The DIP match cache probed on AVX-512 vectors (dip_match_cache.h), eight
 * rows a vector: the procedure lists' first three codes gathered (-1 past
 * a list's end), ygt__dip_cache_hash() formed on 64-bit lanes (the same
 * multiplications modulo 2^64), the slot's three quadwords gathered and
 * their halves compared as ygt__dip_match_cached_short() compares the
 * fields.  It only reads the cache: a row whose slot does not hold its key
 * is left to the scalar probe, which matches it and fills the slot, so the
 * groups are the scalar ones (a cached group is always ygt__dip_match()'s). */
#include "dip_match_cache.h"

#include <stddef.h>

#include "cpu_avx512.h"

#if YGT__HAVE_AVX512
#include <immintrin.h>

_Static_assert(sizeof(ygt__dip_cache_slot) == 6 * sizeof(int32_t) && offsetof(ygt__dip_cache_slot, procs) == 4 &&
                   offsetof(ygt__dip_cache_slot, n) == 16 && offsetof(ygt__dip_cache_slot, group) == 20,
               "a slot is six int32: pdx, three procedures, n, group");

/* The mask of the first n - i of eight rows. */
static inline __mmask8 rows_mask(size_t i, size_t n) {
  return n - i >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (n - i)) - 1);
}

/* (h ^ (uint32)p) × the list multiplier of ygt__dip_cache_hash(). */
YGT__AVX512 static __m512i mix(__m512i h, __m256i p) {
  return _mm512_mullo_epi64(_mm512_xor_si512(h, _mm512_cvtepu32_epi64(p)), _mm512_set1_epi64((int64_t)0xBF58476D1CE4E5B9ull));
}

/* Quadword q (0: pdx and the first procedure, 1: the second and third, 2: n and the group) of eight slots. */
YGT__AVX512 static __m512i quad(const ygt__dip_match_cache *m, __m512i slot, int q, __mmask8 k) {
  __m512i idx = _mm512_add_epi64(_mm512_mullo_epi64(slot, _mm512_set1_epi64(3)), _mm512_set1_epi64(q));
  return _mm512_mask_i64gather_epi64(_mm512_set1_epi64(-1), k, idx, (const int64_t *)m->slots, 8);
}

/* Lanes whose quadword holds lo in its low half (where use_lo) and hi in its high half (where use_hi). */
YGT__AVX512 static __mmask8 quad_is(__m512i q, __m256i lo, __mmask8 use_lo, __m256i hi, __mmask8 use_hi) {
  __m512i want_lo = _mm512_mask_mov_epi64(_mm512_and_si512(q, _mm512_set1_epi64(0xFFFFFFFF)), use_lo, _mm512_cvtepu32_epi64(lo));
  __m512i want_hi = _mm512_mask_mov_epi64(_mm512_srli_epi64(q, 32), use_hi, _mm512_cvtepu32_epi64(hi));
  return _mm512_cmpeq_epi64_mask(q, _mm512_or_si512(want_lo, _mm512_slli_epi64(want_hi, 32)));
}

/* Eight rows from r (k: fast and existing). */
YGT__AVX512 static __m256i probe8(const ygt__dip_match_cache *m, const int32_t *pdx, const int64_t *off,
                                  const int32_t *vals, size_t r, __mmask8 k) {
  __m512i at = off ? _mm512_maskz_loadu_epi64(k, off + r) : _mm512_setzero_si512();
  __m512i np = off ? _mm512_sub_epi64(_mm512_maskz_loadu_epi64(k, off + r + 1), at) : _mm512_setzero_si512();
  k &= _mm512_cmple_epi64_mask(np, _mm512_set1_epi64(YGT__DIP_CACHE_PROCS));
  __m256i d = _mm256_maskz_loadu_epi32(k, pdx + r), p[YGT__DIP_CACHE_PROCS];
  __mmask8 has[YGT__DIP_CACHE_PROCS];
  for (int j = 0; j < YGT__DIP_CACHE_PROCS; j++) {
    has[j] = k & _mm512_cmpgt_epi64_mask(np, _mm512_set1_epi64(j));
    p[j] = _mm512_mask_i64gather_epi32(_mm256_set1_epi32(-1), has[j], _mm512_add_epi64(at, _mm512_set1_epi64(j)), vals, 4);
  }
  __m512i h = _mm512_add_epi64(_mm512_mullo_epi64(_mm512_cvtepu32_epi64(d), _mm512_set1_epi64((int64_t)0x9E3779B97F4A7C15ull)), np);
  __m512i h1 = mix(h, p[0]), h2 = mix(h1, p[1]), h3 = mix(h2, p[2]);
  h = _mm512_mask_mov_epi64(h, has[0], h1), h = _mm512_mask_mov_epi64(h, has[1], h2), h = _mm512_mask_mov_epi64(h, has[2], h3);
  __m512i slot = _mm512_and_si512(_mm512_srli_epi64(h, 32), _mm512_set1_epi64((int64_t)m->mask));
  __m512i q0 = quad(m, slot, 0, k), q1 = quad(m, slot, 1, k), q2 = quad(m, slot, 2, k);
  __mmask8 same = k & quad_is(q0, d, 0xFF, p[0], has[0]) & quad_is(q1, p[1], has[1], p[2], has[2]) &
                  quad_is(q2, _mm512_cvtepi64_epi32(np), 0xFF, _mm256_setzero_si256(), 0);
  return _mm256_mask_mov_epi32(_mm256_set1_epi32(YGT__DIP_NOT_PROBED), same, _mm512_cvtepi64_epi32(_mm512_srai_epi64(q2, 32)));
}

YGT__AVX512 void ygt__dip_match_probe_avx512(int32_t *group, const uint8_t *fast, const ygt__dip_match_cache *m,
                                             const int32_t *pdx, const int64_t *off, const int32_t *vals, size_t r0,
                                             size_t n) {
  for (size_t i = 0; i < n; i += 8) {
    __mmask8 k = rows_mask(i, n);
    k &= _mm_test_epi8_mask(_mm_maskz_loadu_epi8(k, fast + i), _mm_set1_epi8(1));
    _mm256_mask_storeu_epi32(group + i, rows_mask(i, n), probe8(m, pdx, off, vals, r0 + i, k));
  }
}

#else /* not x86-64: never called (ygt__avx512() is 0) */

void ygt__dip_match_probe_avx512(int32_t *group, const uint8_t *fast, const ygt__dip_match_cache *m,
                                 const int32_t *pdx, const int64_t *off, const int32_t *vals, size_t r0, size_t n) {}

#endif
