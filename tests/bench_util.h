/* Shared by the benchmarks: clocks, medians, a reproducible generator. */
#ifndef YGT_BENCH_UTIL_H
#define YGT_BENCH_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

static inline double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this process in seconds: on a machine shared with other jobs
 * it counts only the time the benchmark actually ran. */
static inline double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of n timings (sorts them). */
static inline double bench_median(double *t, int n) {
  qsort(t, (size_t)n, sizeof *t, bench_cmp_double);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* "meets" or "MISSES": a figure against its goal (higher is better unless lower_better). */
static inline const char *bench_verdict(double figure, double goal, int lower_better) {
  return (lower_better ? figure < goal : figure >= goal) ? "meets" : "MISSES";
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
