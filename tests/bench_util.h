/* Shared by the benchmarks: a monotonic clock in seconds. */
#ifndef YGT_BENCH_UTIL_H
#define YGT_BENCH_UTIL_H

#include <time.h>

static inline double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
