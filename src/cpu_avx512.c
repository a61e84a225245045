/* Run-time choice of the AVX-512 column passes (cpu_avx512.h). */
#include "cpu_avx512.h"

int ygt__avx512_knob = 0;

int ygt__cpu_avx512(void) {
#if YGT__HAVE_AVX512
  __builtin_cpu_init(); /* fills libgcc's table once (a no-op after); its features count only what the OS saves */
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
#else
  return 0;
#endif
}
