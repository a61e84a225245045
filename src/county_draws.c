/* Draws made ahead in column passes, eight at a time on AVX-512
 * (src/cpu_avx512.h): a resident's needs' draws (day, condition, emergency)
 * for all its events at once, and the draws that routing makes for nearly
 * every event (first-contact pick, bypass, primary care, and the cost's
 * two) for a run of events.  Integer hashing and exact conversions, so
 * every form gives ygt__cy_draw()'s bits. */
#include "county_internal.h"
#include "cpu_avx512.h"

static const uint32_t run_draw[CY_RUN_DRAWS] = {CY_D_PICK, CY_D_CONTACT, CY_D_PRIMARY, CY_D_COST1, CY_D_COST2};

/* Portable: the resident's key once per resident (its events are together). */
static void run_portable(cy_run *run, uint64_t seed, const int32_t *patient, const uint32_t *key) {
  size_t last = SIZE_MAX;
  uint64_t h = 0;
  for (size_t i = 0; i < run->n; i++) {
    size_t r = (size_t)patient[i];
    if (r != last) last = r, h = ygt__cy_mix(seed ^ ygt__cy_mix(r));
    uint64_t event = (uint64_t)key[i] << 32;
    for (int d = 0; d < CY_RUN_DRAWS; d++) run->u[d][i] = ygt__cy_unit(ygt__cy_mix(h ^ (event | run_draw[d])));
  }
}

#if YGT__HAVE_AVX512
#include <immintrin.h>

YGT__AVX512 static __m512i mix8(__m512i z) {
  z = _mm512_add_epi64(z, _mm512_set1_epi64((long long)0x9e3779b97f4a7c15ull));
  z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)),
                         _mm512_set1_epi64((long long)0xbf58476d1ce4e5b9ull));
  z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)),
                         _mm512_set1_epi64((long long)0x94d049bb133111ebull));
  return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

/* ygt__cy_unit(): the top 53 bits are below 2^53, so the signed conversion is exact. */
YGT__AVX512 static __m512d unit8(__m512i bits) {
  __m512d x = _mm512_cvtepi64_pd(_mm512_srli_epi64(bits, 11));
  return _mm512_mul_pd(_mm512_add_pd(x, _mm512_set1_pd(0.5)), _mm512_set1_pd(1.0 / 9007199254740992.0));
}

YGT__AVX512 static void run_avx512(cy_run *run, uint64_t seed, const int32_t *patient, const uint32_t *key) {
  const __m512i s = _mm512_set1_epi64((long long)seed);
  for (size_t i = 0; i < run->n; i += 8) {
    __mmask8 m = run->n - i >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (run->n - i)) - 1);
    __m512i r = _mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(m, patient + i)); /* residents are >= 0 */
    __m512i h = mix8(_mm512_xor_si512(s, mix8(r)));
    __m512i event = _mm512_slli_epi64(_mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(m, key + i)), 32);
    for (int d = 0; d < CY_RUN_DRAWS; d++) {
      __m512i z = _mm512_xor_si512(h, _mm512_or_si512(event, _mm512_set1_epi64(run_draw[d])));
      _mm512_mask_storeu_pd(run->u[d] + i, m, unit8(mix8(z)));
    }
  }
}
#endif

/* A resident's draws of events 0 .. n - 1 (h: its key, ygt__cy_at_resident()). */
static void rows_portable(double *const u[CY_ROWS], const uint32_t draw[CY_ROWS], uint64_t h, int n) {
  for (int k = 0; k < n; k++)
    for (int d = 0; d < CY_ROWS; d++) u[d][k] = ygt__cy_unit(ygt__cy_mix(h ^ ((uint64_t)k << 32 | draw[d])));
}

#if YGT__HAVE_AVX512
YGT__AVX512 static void rows_avx512(double *const u[CY_ROWS], const uint32_t draw[CY_ROWS], uint64_t h, int n) {
  __m512i k = _mm512_slli_epi64(_mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0), 32); /* event k in the top half */
  for (int i = 0; i < n; i += 8) {
    __mmask8 m = n - i >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (n - i)) - 1);
    for (int d = 0; d < CY_ROWS; d++) {
      __m512i z = _mm512_xor_si512(_mm512_set1_epi64((long long)(h ^ draw[d])), k); /* the draw below */
      _mm512_mask_storeu_pd(u[d] + i, m, unit8(mix8(z)));
    }
    k = _mm512_add_epi64(k, _mm512_set1_epi64((long long)8 << 32));
  }
}
#endif

void ygt__cy_rows(const ygt_county *c, double *const u[CY_ROWS], const uint32_t draw[CY_ROWS], int n) {
#if YGT__HAVE_AVX512
  if (c->avx512) {
    rows_avx512(u, draw, c->draw_key, n);
    return;
  }
#endif
  rows_portable(u, draw, c->draw_key, n);
}

/* The cost's factor does not depend on where the event is treated: worked
 * out here, its libm calls one after another (the same calls and bits). */
static void cost_factors(cy_run *run, const ygt_county *c) {
  const int32_t *cond = (const int32_t *)c->col[YGT_COUNTY_EVENT_CONDITION] + run->e0;
  for (size_t i = 0; i < run->n; i++) {
    double z = ygt__cy_normal(run->u[CY_RUN_COST1][i], run->u[CY_RUN_COST2][i]);
    run->cost_factor[i] = ygt__cy_lognormal(&c->cost_spread[cond[i]], z);
  }
}

void ygt__cy_run_draws(cy_run *run, const ygt_county *c, size_t e0, size_t n) {
  const int32_t *patient = (const int32_t *)c->col[YGT_COUNTY_EVENT_PATIENT] + e0;
  run->e0 = e0;
  run->n = n < CY_RUN ? n : CY_RUN;
#if YGT__HAVE_AVX512
  if (c->avx512) run_avx512(run, c->opts.seed, patient, c->key + e0);
  else
#endif
    run_portable(run, c->opts.seed, patient, c->key + e0);
  cost_factors(run, c);
}
