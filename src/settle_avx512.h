/* AVX-512 forms of the settlement column passes whose scalar forms are
 * bound by int64 <-> double conversions and the division by 10^6
 * (settle_price_batch.c, points_score_batch.c): the same IEEE operations
 * in the same order, eight rows a vector.  vcvtqq2pd rounds as cvtsi2sd
 * under the default rounding mode, vcvttpd2qq truncates as cvttsd2si for
 * the values in range (the others are zeroed first, as the scalar passes
 * zero them), vdivpd divides as divsd; the library is built with
 * -ffp-contract=off, and nothing here is written as a fused operation.
 * Call them only when ygt__avx512() (cpu_avx512.h) says so. */
#ifndef YGT_SETTLE_AVX512_H
#define YGT_SETTLE_AVX512_H

#include "cpu_avx512.h"
#include "settle_cols.h"

/* The pricing pass's amounts of rows r0 .. r0 + n - 1 into a[f][i] (amount, fund, budget amount, budget fund) and
 * fast[i] (1: priced here; 0: left to the row path; 2: not OK or of no known insurance, adds nothing), as
 * settle_price_batch.c's amounts_pass() computes them; same: every insurance type's budget point value is its
 * point value. */
void ygt__price_amounts_avx512(int64_t *const a[4], uint8_t *fast, const ygt__settle_cols *k,
                               const double pv[YGT__NINS], const double bpv[YGT__NINS], int same,
                               const int8_t *status, const int64_t *units, size_t r0, size_t n);

/* The scoring pass's score units of n points, as points_score_batch.c's units_pass() rounds them: units[i], and
 * fast[i] cleared where the points lie near a half or beyond ±9e18 units. */
void ygt__points_units_avx512(int64_t *units, uint8_t *fast, const double *pts, size_t n);

/* ygt__cells() (settle_cols.h) compiled for AVX-512. */
void ygt__cells_avx512(uint32_t *restrict cell, const int32_t *restrict inst, const int32_t *restrict ins,
                       const int32_t *restrict date, uint32_t ninst, size_t n);

#endif
