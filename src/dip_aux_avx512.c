/* The auxiliary coefficients of a block of DIP rows on AVX-512 vectors
 * (dip_aux_table.h), eight rows a vector: each factor's value formed as
 * ygt__dip_aux_age(), ygt__dip_aux_int() and the CCI byte tables form it
 * (integers: the same in any order), its bands found by comparing it with
 * every band of the factor, as ygt__dip_aux_bands_of() does (the per-factor
 * tables hold the same sets), and the coefficient read from the table of
 * sets.  No double is computed here: the coefficient is the table's.  Rows
 * the vectors leave (age missing, more than four secondary diagnoses) are
 * finished by the scalar helpers themselves.  tests/test_identical.c
 * compares the scores with the portable passes and the row path. */
#include "dip_aux_table.h"

#include "cpu_avx512.h"

#if YGT__HAVE_AVX512
#include <immintrin.h>

/* The mask of the first n - i of eight rows. */
static inline __mmask8 rows_mask(size_t i, size_t n) {
  return n - i >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (n - i)) - 1);
}

/* The bands of factor f that the eight values v fall in, as bits of each lane. */
YGT__AVX512 static __m512i bands8(const ygt__dip_aux_table *t, int f, __m512i v) {
  __m512i set = _mm512_setzero_si512();
  for (int i = 0; i < t->nbands; i++) {
    if (t->factor[i] != f) continue;
    __mmask8 in = _mm512_cmpge_epi64_mask(v, _mm512_set1_epi64(t->low[i])) &
                  _mm512_cmple_epi64_mask(v, _mm512_set1_epi64(t->high[i]));
    set = _mm512_mask_or_epi64(set, in, set, _mm512_set1_epi64((int64_t)1 << i));
  }
  return set;
}

/* An int column's eight values from r, -1 where missing (ygt__dip_aux_int()). */
YGT__AVX512 static __m512i int8v(const int32_t *col, size_t r, __mmask8 m) {
  const __m512i none = _mm512_set1_epi64(-1);
  if (!col) return none;
  __m512i v = _mm512_cvtepi32_epi64(_mm256_maskz_loadu_epi32(m, col + r));
  return _mm512_mask_blend_epi64(_mm512_cmpeq_epi64_mask(v, _mm512_set1_epi64(YGT_CASES_NA)), v, none);
}

/* Eight ages from r (ygt__dip_aux_age()); a lane whose years are missing by the scalar helper (from days). */
YGT__AVX512 static __m512i age8(const ygt__dip_aux_cols *k, size_t r, __mmask8 m) {
  __m512i v = k->age ? _mm512_cvtepi32_epi64(_mm256_maskz_loadu_epi32(m, k->age + r)) : _mm512_set1_epi64(YGT_CASES_NA);
  __mmask8 na = m & _mm512_cmpeq_epi64_mask(v, _mm512_set1_epi64(YGT_CASES_NA));
  if (!na) return v;
  int64_t lane[8];
  _mm512_storeu_si512(lane, v);
  for (int j = 0; j < 8; j++)
    if (na >> j & 1) lane[j] = ygt__dip_aux_age(k, r + (size_t)j);
  return _mm512_loadu_si512(lane);
}

#define DMASKS 4096 /* the block's diagnoses whose masks are read first, in order (more: as before, by code) */

/* The CCI masks of a block's diagnoses, to dm[d] from sdx[d], sixteen a vector: read in order, the codes need no
 * gather (a mask's bits lie below 16: cci_by_bytes() in dip_aux_table.c; its low half is read). */
YGT__AVX512 static void diagnosis_masks(uint32_t *dm, const ygt_dip_catalog *cat, const int32_t *sdx, size_t nd) {
  for (size_t d = 0; d < nd; d += 16) {
    __mmask16 m = nd - d >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (nd - d)) - 1);
    __m512i v = _mm512_maskz_loadu_epi32(m, sdx + d);
    __mmask16 known = m & _mm512_cmpge_epi32_mask(v, _mm512_setzero_si512());
    _mm512_mask_storeu_epi32(dm + d, m, _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), known, v, cat->cci_mask, 8));
  }
}

/* The masks of the block's diagnoses (m NULL: read by code). */
typedef struct dmasks {
  const uint32_t *m;
  int64_t base; /* the block's first diagnosis */
} dmasks;

/* Diagnosis j of eight rows' lists (has: the rows that have one) as its CCI mask. */
YGT__AVX512 static __m512i mask_of(const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k, const dmasks *dm,
                                   __m512i at, int j, __mmask8 has) {
  __m512i at_j = _mm512_add_epi64(at, _mm512_set1_epi64(j));
  if (dm->m)
    return _mm512_cvtepu32_epi64(_mm512_mask_i64gather_epi32(_mm256_setzero_si256(), has,
                                                             _mm512_sub_epi64(at_j, _mm512_set1_epi64(dm->base)), dm->m, 4));
  __m256i v = _mm512_mask_i64gather_epi32(_mm256_set1_epi32(-1), has, at_j, k->sdx, 4);
  __mmask8 known = has & _mm256_cmpge_epi32_mask(v, _mm256_setzero_si256());
  return _mm512_mask_i32gather_epi64(_mm512_setzero_si512(), known, v, cat->cci_mask, 8);
}

/* The CCI masks of eight rows from r: the first four diagnoses by gathers, any further ones by the scalar loop. */
YGT__AVX512 static __m512i cci_masks8(const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k, const dmasks *dm,
                                      size_t r, __mmask8 m) {
  __m512i at = _mm512_maskz_loadu_epi64(m, k->sdx_off + r), len = _mm512_sub_epi64(_mm512_maskz_loadu_epi64(m, k->sdx_off + r + 1), at);
  __m512i mask = _mm512_setzero_si512();
  for (int j = 0; j < 4; j++) {
    __mmask8 has = m & _mm512_cmpgt_epi64_mask(len, _mm512_set1_epi64(j));
    if (!has) break; /* no longer list among the eight */
    mask = _mm512_or_si512(mask, mask_of(cat, k, dm, at, j, has));
  }
  __mmask8 more = m & _mm512_cmpgt_epi64_mask(len, _mm512_set1_epi64(4));
  if (!more) return mask;
  uint64_t lane[8];
  _mm512_storeu_si512(lane, mask);
  for (int j = 0; j < 8; j++) {
    if (!(more >> j & 1)) continue;
    int64_t a = k->sdx_off[r + (size_t)j], e = k->sdx_off[r + (size_t)j + 1];
    for (int64_t d = a + 4; d < e; d++) lane[j] |= k->sdx[d] >= 0 ? cat->cci_mask[k->sdx[d]] : 0;
  }
  return _mm512_loadu_si512(lane);
}

#define CCI_ADDS 8 /* up to this many conditions the CCI is summed by masked additions, not read from the tables */

/* The CCI of eight rows from r: the weights of their masks' bytes summed (cci_of() in dip_aux_table.c). */
YGT__AVX512 static __m512i cci8(const ygt__dip_aux_table *t, const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k,
                                const dmasks *dm, size_t r, __mmask8 m) {
  const __m512i byte = _mm512_set1_epi64(255);
  __m512i mask = cci_masks8(cat, k, dm, r, m);
  if (cat->ncci <= CCI_ADDS) { /* each condition's weight added where its bit is set: the same integer sum */
    __m512i sum = _mm512_setzero_si512();
    for (int b = 0; b < cat->ncci; b++)
      sum = _mm512_mask_add_epi64(sum, _mm512_test_epi64_mask(mask, _mm512_set1_epi64((int64_t)1 << b)), sum,
                                  _mm512_set1_epi64(cat->cci_weight[b]));
    return sum;
  }
  __m512i sum = _mm512_mask_i64gather_epi64(_mm512_setzero_si512(), m, _mm512_and_si512(mask, byte), t->cci_sum[0], 8);
  if (t->cci_bytes < 2) return sum;
  __m512i hi = _mm512_and_si512(_mm512_srli_epi64(mask, 8), byte);
  return _mm512_add_epi64(sum, _mm512_mask_i64gather_epi64(_mm512_setzero_si512(), m, hi, t->cci_sum[1], 8));
}

/* The coefficients of eight band sets: up to four bands, permuted from two vectors of the table's 16 entries. */
YGT__AVX512 static __m512d coef8(const ygt__dip_aux_table *t, __m512i set, __mmask8 m) {
  if (t->nbands <= 4)
    return _mm512_permutex2var_pd(_mm512_loadu_pd(t->coef), set, _mm512_loadu_pd(t->coef + 8));
  return _mm512_mask_i64gather_pd(_mm512_setzero_pd(), m, set, t->coef, 8);
}

YGT__AVX512 void ygt__dip_aux_coef_avx512(double *aux, const uint8_t *set, unsigned factors, const ygt__dip_aux_table *t,
                                          const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k, size_t r0, size_t n) {
  uint32_t masks[DMASKS];
  dmasks dm = {NULL, 0};
  if (factors >> DIP_AUX_CCI & 1) {
    dm.base = k->sdx_off[r0];
    size_t nd = (size_t)(k->sdx_off[r0 + n] - dm.base);
    if (nd <= DMASKS) dm.m = masks;
    if (nd && nd <= DMASKS) diagnosis_masks(masks, cat, k->sdx + dm.base, nd);
  }
  for (size_t i = 0; i < n; i += 8) {
    size_t r = r0 + i;
    __mmask8 m = rows_mask(i, n);
    __m512i s = _mm512_cvtepu8_epi64(_mm_maskz_loadu_epi8(m, set + i));
    if (factors >> DIP_AUX_AGE & 1) s = _mm512_or_si512(s, bands8(t, DIP_AUX_AGE, age8(k, r, m)));
    if (factors >> DIP_AUX_CCI & 1) s = _mm512_or_si512(s, bands8(t, DIP_AUX_CCI, cci8(t, cat, k, &dm, r, m)));
    if (factors >> DIP_AUX_ICU_HOURS & 1) s = _mm512_or_si512(s, bands8(t, DIP_AUX_ICU_HOURS, int8v(k->icu, r, m)));
    if (factors >> DIP_AUX_LOS_DAYS & 1) s = _mm512_or_si512(s, bands8(t, DIP_AUX_LOS_DAYS, int8v(k->los, r, m)));
    _mm512_mask_storeu_pd(aux + i, m, coef8(t, s, m));
  }
}

#else /* not x86-64: never called (ygt__avx512() is 0) */

void ygt__dip_aux_coef_avx512(double *aux, const uint8_t *set, unsigned factors, const ygt__dip_aux_table *t,
                              const ygt_dip_catalog *cat, const ygt__dip_aux_cols *k, size_t r0, size_t n) {}

#endif
