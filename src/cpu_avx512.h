/* Whether the hot column passes of settlement run their AVX-512 forms
 * (settle_avx512.h), chosen at run time: the library is built for the
 * x86-64 baseline, whose SSE2 has no vector int64 <-> double conversions,
 * and a machine with AVX-512 (F, DQ, VL, BW) runs the passes that need
 * them on vectors.  Both forms give the same bits (tests/test_identical.c
 * runs every comparison with each). */
#ifndef YGT_CPU_AVX512_H
#define YGT_CPU_AVX512_H

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define YGT__HAVE_AVX512 1
/* A function compiled for AVX-512: called only when ygt__avx512() says so. */
#define YGT__AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw")))
#else
#define YGT__HAVE_AVX512 0
#define YGT__AVX512
#endif

/* Tests only, not public: 0 (the default) lets the CPU decide, -1 keeps the
 * portable passes, 1 asks for the AVX-512 ones (still only on a CPU that has them). */
extern int ygt__avx512_knob;

/* Whether the CPU (and the OS, which must save the registers) supports AVX-512 F, DQ, VL and BW. */
int ygt__cpu_avx512(void);

/* Whether the passes run their AVX-512 forms: the CPU has them and the knob is not -1. */
static inline int ygt__avx512(void) { return ygt__avx512_knob >= 0 && ygt__cpu_avx512(); }

#endif
