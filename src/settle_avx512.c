/* AVX-512 forms of the settlement column passes (settle_avx512.h says
 * why they give the scalar passes' bits; tests/test_identical.c compares
 * both forms byte for byte). */
#include "settle_avx512.h"

#if YGT__HAVE_AVX512
#include <immintrin.h>

_Static_assert(YGT__NINS <= 8, "the point values are permuted from one vector");

/* The mask of the first n - i of eight rows. */
static inline __mmask8 rows_mask(size_t i, size_t n) {
  return n - i >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (n - i)) - 1);
}

/* ygt__settle_cols_share() of eight rows from r. */
YGT__AVX512 static __m512i share8(const ygt__settle_cols *k, size_t r, __mmask8 m) {
  const __m512i na = _mm512_set1_epi64(YGT_CASES_NA64);
  __m512i sum = _mm512_setzero_si512();
  __mmask8 given = 0;
  for (int j = 0; j < k->nshare; j++) {
    __m512i v = _mm512_maskz_loadu_epi64(m, k->share[j] + r);
    __mmask8 g = _mm512_cmpneq_epi64_mask(v, na);
    sum = _mm512_mask_add_epi64(sum, g, sum, v), given |= g;
  }
  if ((given & m) == m) return sum;
  __m512i total = k->cost ? _mm512_maskz_loadu_epi64(m, k->cost + r) : na;
  __m512i fund = k->fund ? _mm512_maskz_loadu_epi64(m, k->fund + r) : na;
  __mmask8 both = _mm512_cmpneq_epi64_mask(total, na) & _mm512_cmpneq_epi64_mask(fund, na);
  __m512i fallback = _mm512_mask_sub_epi64(_mm512_set1_epi64(-1), both, total, fund);
  return _mm512_mask_blend_epi64(given, fallback, sum);
}

/* round_flat() of settle_price_batch.c: half away from zero, *in the lanes within ±9.2e18 (the others give 0). */
YGT__AVX512 static __m512i round8(__m512d x, __mmask8 *in) {
  const __m512i one = _mm512_set1_epi64(1);
  *in = _mm512_cmp_pd_mask(x, _mm512_set1_pd(-9.2e18), _CMP_GT_OQ) &
        _mm512_cmp_pd_mask(x, _mm512_set1_pd(9.2e18), _CMP_LT_OQ);
  x = _mm512_maskz_mov_pd(*in, x);
  __m512i i = _mm512_cvttpd_epi64(x);
  __m512d frac = _mm512_sub_pd(x, _mm512_cvtepi64_pd(i));
  i = _mm512_mask_add_epi64(i, _mm512_cmp_pd_mask(frac, _mm512_set1_pd(0.5), _CMP_GE_OQ), i, one);
  return _mm512_mask_sub_epi64(i, _mm512_cmp_pd_mask(frac, _mm512_set1_pd(-0.5), _CMP_LE_OQ), i, one);
}

/* (double)u × pv / YGT_SETTLE_SCORE_UNIT rounded into *a, a - share into *b; the lanes that round and subtract
 * without overflow. */
YGT__AVX512 static __mmask8 amount8(__m512i *a, __m512i *b, __m512d u, __m512d pv, __m512i share) {
  __mmask8 in;
  *a = round8(_mm512_div_pd(_mm512_mul_pd(u, pv), _mm512_set1_pd(YGT_SETTLE_SCORE_UNIT)), &in);
  *b = _mm512_sub_epi64(*a, share);
  __m512i over = _mm512_and_si512(_mm512_xor_si512(*a, share), _mm512_xor_si512(*a, *b)); /* sign: overflow */
  return in & (__mmask8)~_mm512_movepi64_mask(over);
}

YGT__AVX512 void ygt__price_amounts_avx512(int64_t *const a[4], uint8_t *fast, const ygt__settle_cols *k,
                                           const double pv[YGT__NINS], const double bpv[YGT__NINS], int same,
                                           const int8_t *status, const int64_t *units, size_t r0, size_t n) {
  const __mmask8 nins = (__mmask8)((1u << YGT__NINS) - 1);
  const __m512d pvs = _mm512_maskz_loadu_pd(nins, pv), bpvs = _mm512_maskz_loadu_pd(nins, bpv);
  for (size_t i = 0; i < n; i += 8) {
    size_t r = r0 + i;
    __mmask8 m = rows_mask(i, n);
    __m256i t = _mm256_maskz_loadu_epi32(m, k->ins + r);
    __mmask8 ok = (__mmask8)_mm_mask_cmpeq_epi8_mask(m, _mm_maskz_loadu_epi8(m, status + r),
                                                     _mm_set1_epi8(YGT_SETTLE_OK)) &
                  _mm256_cmplt_epu32_mask(t, _mm256_set1_epi32(YGT__NINS));
    __m512i j = _mm512_maskz_cvtepu32_epi64(ok, t), share = _mm512_max_epi64(share8(k, r, m), _mm512_setzero_si512());
    __m512d u = _mm512_cvtepi64_pd(_mm512_maskz_loadu_epi64(ok, units + r));
    __m512i v[4];
    __mmask8 fine = amount8(&v[0], &v[1], u, _mm512_permutexvar_pd(j, pvs), share);
    if (same) v[2] = v[0], v[3] = v[1];
    else fine &= amount8(&v[2], &v[3], u, _mm512_permutexvar_pd(j, bpvs), share);
    for (int f = 0; f < 4; f++) _mm512_mask_storeu_epi64(a[f] + i, m, v[f]);
    __m128i two = _mm_set1_epi8(2), fine8 = _mm_maskz_set1_epi8(fine, 1);
    _mm_mask_storeu_epi8(fast + i, m, _mm_mask_mov_epi8(two, ok, fine8));
  }
}

YGT__AVX512 void ygt__points_units_avx512(int64_t *units, uint8_t *fast, const double *pts, size_t n) {
  const __m512i one = _mm512_set1_epi64(1);
  for (size_t i = 0; i < n; i += 8) {
    __mmask8 m = rows_mask(i, n);
    __m512d x = _mm512_mul_pd(_mm512_maskz_loadu_pd(m, pts + i), _mm512_set1_pd(YGT_SETTLE_SCORE_UNIT));
    __mmask8 in = _mm512_cmp_pd_mask(x, _mm512_set1_pd(-9e18), _CMP_GT_OQ) &
                  _mm512_cmp_pd_mask(x, _mm512_set1_pd(9e18), _CMP_LT_OQ);
    x = _mm512_maskz_mov_pd(in, x);
    __m512i t = _mm512_cvttpd_epi64(x);
    __m512d frac = _mm512_sub_pd(x, _mm512_cvtepi64_pd(t));
    __m512d d = _mm512_abs_pd(_mm512_sub_pd(_mm512_abs_pd(frac), _mm512_set1_pd(0.5)));
    __m512d tol = _mm512_add_pd(_mm512_mul_pd(_mm512_abs_pd(x), _mm512_set1_pd(1e-14)), _mm512_set1_pd(1e-12));
    t = _mm512_mask_add_epi64(t, _mm512_cmp_pd_mask(frac, _mm512_set1_pd(0.5), _CMP_GE_OQ), t, one);
    t = _mm512_mask_sub_epi64(t, _mm512_cmp_pd_mask(frac, _mm512_set1_pd(-0.5), _CMP_LE_OQ), t, one);
    _mm512_mask_storeu_epi64(units + i, m, t);
    __mmask8 keep = in & _mm512_cmp_pd_mask(d, tol, _CMP_GT_OQ);
    _mm_mask_storeu_epi8(fast + i, m, _mm_maskz_mov_epi8(keep, _mm_maskz_loadu_epi8(m, fast + i)));
  }
}

YGT__AVX512 void ygt__cells_avx512(uint32_t *restrict cell, const int32_t *restrict inst, const int32_t *restrict ins,
                                   const int32_t *restrict date, uint32_t ninst, size_t n) {
  ygt__cells(cell, inst, ins, date, ninst, n); /* inlined and vectorised for AVX-512 by the compiler */
}

#else /* not x86-64: never called (ygt__avx512() is 0) */

void ygt__price_amounts_avx512(int64_t *const a[4], uint8_t *fast, const ygt__settle_cols *k,
                               const double pv[YGT__NINS], const double bpv[YGT__NINS], int same,
                               const int8_t *status, const int64_t *units, size_t r0, size_t n) {}
void ygt__points_units_avx512(int64_t *units, uint8_t *fast, const double *pts, size_t n) {}
void ygt__cells_avx512(uint32_t *restrict cell, const int32_t *restrict inst, const int32_t *restrict ins,
                       const int32_t *restrict date, uint32_t ninst, size_t n) {}

#endif
