/* The deviation class and score of DIP rows on AVX-512 vectors
 * (dip_score_avx512.h).  Each lane does what dip_score_batch.c's scalar
 * passes do for its row: the standard cost (int64) converted by vcvtqq2pd
 * as cvtsi2sd converts it, the thresholds n × std by vmulpd, the ordered
 * compares (false on NaN, as C's > and <), the ratio by vdivpd and vsubpd,
 * the product of the six factors left to right.  The group and institution
 * constants are gathered from the passes' own tables.  Nothing is fused
 * (-ffp-contract=off, tests/check-no-fma.sh). */
#include "dip_score_avx512.h"

#include <stddef.h>

#if YGT__HAVE_AVX512
#include <immintrin.h>

/* The mask of the first n - i of eight rows. */
static inline __mmask8 rows_mask(size_t i, size_t n) {
  return n - i >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (n - i)) - 1);
}

/* The mask of the first n - i of sixteen rows. */
static inline __mmask16 rows_mask16(size_t i, size_t n) {
  return n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
}

/* Sixteen rows' stays from i beyond max_los (> 0); a missing stay is not. */
YGT__AVX512 static __mmask16 too_long16(const int32_t *los, size_t i, __mmask16 m, double max_los) {
  __m512i l = _mm512_maskz_loadu_epi32(m, los + i);
  __m512d lim = _mm512_set1_pd(max_los);
  __mmask16 over = (__mmask16)(_mm512_cmp_pd_mask(_mm512_cvtepi32_pd(_mm512_castsi512_si256(l)), lim, _CMP_GT_OQ) |
                               _mm512_cmp_pd_mask(_mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(l, 1)), lim, _CMP_GT_OQ) << 8);
  return over & _mm512_cmpneq_epi32_mask(l, _mm512_set1_epi32(YGT_CASES_NA));
}

YGT__AVX512 void ygt__dip_valid_avx512(uint8_t *fast, uint32_t *inst_out, const ygt__dip_valid_cols *k, size_t r0,
                                       size_t n) {
  const __m512i ninst = _mm512_set1_epi32((int32_t)k->ninst), na = _mm512_set1_epi64(YGT_CASES_NA64);
  const int los = k->los && k->max_los > 0;
  for (size_t i = 0; i < n; i += 16) {
    size_t r = r0 + i;
    __mmask16 m = rows_mask16(i, n);
    __m512i in = _mm512_maskz_loadu_epi32(m, k->inst + r), t = _mm512_maskz_loadu_epi32(m, k->ins + r);
    __m512i present = _mm512_srlv_epi32(_mm512_set1_epi32((int32_t)k->present), t); /* 0 for t >= 32 */
    __mmask16 ok = m & _mm512_cmpge_epi32_mask(_mm512_maskz_loadu_epi32(m, k->pdx + r), _mm512_setzero_si512()) &
                   _mm512_cmplt_epu32_mask(in, ninst) & _mm512_cmplt_epu32_mask(t, _mm512_set1_epi32(YGT__NINS)) &
                   _mm512_test_epi32_mask(present, _mm512_set1_epi32(1));
    ok &= (__mmask16)(_mm512_cmpneq_epi64_mask(_mm512_maskz_loadu_epi64((__mmask8)m, k->cost + r), na) |
                      _mm512_cmpneq_epi64_mask(_mm512_maskz_loadu_epi64((__mmask8)(m >> 8), k->cost + r + 8), na) << 8);
    if (k->flags) ok &= (__mmask16)~_mm_test_epi8_mask(_mm_maskz_loadu_epi8(m, k->flags + r), _mm_set1_epi8(-1));
    if (los) ok &= (__mmask16)~too_long16(k->los, r, m, k->max_los);
    _mm_mask_storeu_epi8(fast + i, m, _mm_maskz_set1_epi8(ok, 1));
    _mm512_mask_storeu_epi32(inst_out + i, m, _mm512_mask_blend_epi32(ok, ninst, in));
  }
}

/* The byte offsets of eight table entries from uint32 indices. */
YGT__AVX512 static __m512i offsets8(const uint32_t *idx, __mmask8 m, size_t size) {
  return _mm512_mullo_epi64(_mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(m, idx)), _mm512_set1_epi64((int64_t)size));
}

/* A double field of the entries at byte offsets off from base. */
YGT__AVX512 static __m512d gather_pd(__m512i off, const void *base, __mmask8 m) {
  return _mm512_mask_i64gather_pd(_mm512_setzero_pd(), m, off, base, 1);
}

/* The reason codes of eight rows (class_pass()): day surgery, else high, else low cost, else none. */
YGT__AVX512 static __m128i reasons8(__mmask8 ds, __mmask8 hi, __mmask8 lo) {
  __m128i why = _mm_set1_epi8(YGT_REASON_NONE);
  why = _mm_mask_mov_epi8(why, lo, _mm_set1_epi8(YGT_REASON_LOW_COST));
  why = _mm_mask_mov_epi8(why, hi, _mm_set1_epi8(YGT_REASON_HIGH_COST));
  return _mm_mask_mov_epi8(why, ds, _mm_set1_epi8(YGT_REASON_DAY_SURGERY));
}

/* Rows i .. i + 7 (m: those that exist). */
YGT__AVX512 static void rows8(double *score, int8_t *why, uint8_t *fast, const uint32_t *group, const uint32_t *inst,
                              const double *aux, const int64_t *cost, const int32_t *day,
                              const ygt__dip_pconsts *t, const double *nm, size_t i, __mmask8 m) {
  const char *g = (const char *)t->g, *in = (const char *)t->in;
  __m512i go = offsets8(group + i, m, sizeof *t->g), io = offsets8(inst + i, m, sizeof *t->in);
  __m512i cls = _mm512_cvtepi32_epi64(_mm512_mask_i64gather_epi32(_mm256_setzero_si256(), m, io, in + offsetof(ygt__dip_pinst, cls), 1));
  __m512i so = _mm512_add_epi64(go, _mm512_slli_epi64(cls, 3));
  __m512d std = _mm512_cvtepi64_pd(_mm512_mask_i64gather_epi64(_mm512_setzero_si512(), m, so, g + offsetof(ygt__dip_pgroup, std_cost), 1));
  __m512d c = _mm512_cvtepi64_pd(_mm512_maskz_loadu_epi64(m, cost + i));
  __mmask8 ds = day ? _mm256_mask_cmpeq_epi32_mask(m, _mm256_maskz_loadu_epi32(m, day + i), _mm256_set1_epi32(1)) : 0;
  __mmask8 x = (__mmask8)~ds & _mm512_cmp_pd_mask(c, _mm512_mul_pd(_mm512_set1_pd(nm[YGT_PARAM_DEV_EXTREME]), std), _CMP_GT_OQ);
  __mmask8 hi = (__mmask8)~ds & (__mmask8)~x & _mm512_cmp_pd_mask(c, _mm512_mul_pd(_mm512_set1_pd(nm[YGT_PARAM_DEV_HIGH]), std), _CMP_GT_OQ);
  __mmask8 lo = (__mmask8)~ds & (__mmask8)~x & (__mmask8)~hi &
                _mm512_cmp_pd_mask(c, _mm512_mul_pd(_mm512_set1_pd(nm[YGT_PARAM_DEV_LOW]), std), _CMP_LT_OQ);
  __m512d ratio = _mm512_maskz_div_pd(hi | lo, c, std);
  __m512d dev = _mm512_mask_mov_pd(_mm512_set1_pd(1.0), ds, _mm512_set1_pd(nm[YGT_PARAM_DAY_SURGERY_COEF]));
  dev = _mm512_mask_mov_pd(dev, lo, ratio);
  dev = _mm512_mask_sub_pd(dev, hi, ratio, _mm512_set1_pd(nm[YGT_PARAM_DEV_HIGH_OFFSET]));
  __m512i grass = _mm512_cvtepi32_epi64(_mm512_mask_i64gather_epi32(_mm256_setzero_si256(), m, go, g + offsetof(ygt__dip_pgroup, grassroots), 1));
  /* level[grassroots != 0]: the second level lies one double further */
  __m512i lv = _mm512_mask_add_epi64(io, _mm512_test_epi64_mask(grass, grass), io, _mm512_set1_epi64(sizeof(double)));
  __m512d s = _mm512_mul_pd(gather_pd(go, g + offsetof(ygt__dip_pgroup, rw), m), _mm512_maskz_loadu_pd(m, aux + i));
  s = _mm512_mul_pd(s, gather_pd(lv, in + offsetof(ygt__dip_pinst, level), m));
  s = _mm512_mul_pd(s, dev);
  s = _mm512_mul_pd(s, gather_pd(io, in + offsetof(ygt__dip_pinst, assess), m));
  s = _mm512_mul_pd(s, gather_pd(go, g + offsetof(ygt__dip_pgroup, support), m));
  _mm512_mask_storeu_pd(score + i, m, s);
  _mm_mask_storeu_epi8(why + i, m, reasons8(ds, hi, lo));
  _mm_mask_storeu_epi8(fast + i, m & x, _mm_setzero_si128());
}

YGT__AVX512 void ygt__dip_class_score_avx512(double *score, int8_t *why, uint8_t *fast, const uint32_t *group,
                                             const uint32_t *inst, const double *aux, const int64_t *cost,
                                             const int32_t *day, const ygt__dip_pconsts *t, const double *nm,
                                             size_t n) {
  for (size_t i = 0; i < n; i += 8) rows8(score, why, fast, group, inst, aux, cost, day, t, nm, i, rows_mask(i, n));
}

#else /* not x86-64: never called (ygt__avx512() is 0) */

void ygt__dip_valid_avx512(uint8_t *fast, uint32_t *inst_out, const ygt__dip_valid_cols *k, size_t r0, size_t n) {}

void ygt__dip_class_score_avx512(double *score, int8_t *why, uint8_t *fast, const uint32_t *group,
                                 const uint32_t *inst, const double *aux, const int64_t *cost, const int32_t *day,
                                 const ygt__dip_pconsts *t, const double *nm, size_t n) {}

#endif
