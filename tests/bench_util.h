/* Shared by the benchmarks: a monotonic clock in seconds, a reproducible generator. */
#ifndef YGT_BENCH_UTIL_H
#define YGT_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

static inline double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* xorshift32 from a fixed seed: the same synthetic data on every run. */
static inline uint32_t bench_xorshift32(void) {
  static uint32_t state = 12345;
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

#endif
