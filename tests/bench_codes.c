/* Benchmark of code dictionaries: loading the national ICD-10 list,
 * interning (string -> id) and set membership.  Prints figures; never fails
 * on speed.  Run with `meson test -C build --benchmark --suite codes -v`. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "yigongti.h"
#include "bench_util.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif

/* Median of 11 loads, in milliseconds of CPU time. */
static double bench_load(const char *path, ygt_codes **keep) {
  enum { RUNS = 11 };
  double ms[RUNS];
  for (int run = 0; run < RUNS; run++) {
    ygt_codes *c;
    double t0 = cpu_now();
    if (ygt_codes_load(&c, YGT_CODE_DIAGNOSIS, path)) return -1;
    ms[run] = (cpu_now() - t0) * 1e3;
    if (run == RUNS - 1) *keep = c;
    else ygt_codes_free(c);
  }
  return bench_median(ms, RUNS);
}

/* Median of 11 loads through a compiled cache in a scratch file (made by a
 * first load that reads the text), in milliseconds of CPU time. */
static double bench_cached(const char *path) {
  char cache[] = "/tmp/ygt-bench-codes-XXXXXX";
  int fd = mkstemp(cache);
  if (fd < 0) return -1;
  close(fd);
  unlink(cache);
  double ms[11];
  for (int run = -1; run < 11; run++) {
    ygt_codes *c;
    double t0 = cpu_now();
    if (ygt_codes_load_cached(&c, YGT_CODE_DIAGNOSIS, path, cache)) return -1;
    if (run >= 0) ms[run] = (cpu_now() - t0) * 1e3;
    ygt_codes_free(c);
  }
  unlink(cache);
  return bench_median(ms, 11);
}

enum { LOOKUPS = 20000000, RUNS = 5 };

/* Median over RUNS of the CPU seconds of `count` look-ups of probe[i & 65535]. */
static double bench_intern(const ygt_codes *c, const char *const *probe, size_t count, int32_t *ids, long long *found) {
  double t[RUNS];
  for (int run = 0; run < RUNS; run++) {
    *found = 0;
    double t0 = cpu_now();
    for (size_t i = 0; i < count; i++) {
      ids[i] = ygt_codes_id(c, probe[i & 65535]);
      *found += ids[i] >= 0;
    }
    t[run] = cpu_now() - t0;
  }
  return bench_median(t, RUNS);
}

int main(void) {
  const char *path = SHARED_DATA_DIR "/icd/icd10_yibao_v2.0.tsv";
  ygt_codes *c = NULL;
  double load_ms = bench_load(path, &c);
  if (load_ms < 0) {
    printf("skipped: %s: %s\n", path, ygt_error_last()->message);
    return 77;
  }
  size_t n = ygt_codes_count(c);
  const char **probe = malloc(sizeof *probe * 65536);
  int32_t *ids = malloc(sizeof *ids * LOOKUPS), *scratch = malloc(sizeof *scratch * LOOKUPS);
  srand(42);
  for (size_t i = 0; i < 65536; i++) probe[i] = ygt_codes_code(c, (int32_t)((size_t)rand() % n));
  long long found, messy_found;
  double intern_s = bench_intern(c, probe, LOOKUPS, ids, &found);

  /* The slow path: input that must be normalised first (" i63.900x001"). */
  char (*messy)[YGT_CODE_MAX + 3] = malloc(sizeof *messy * 65536);
  const char **messy_probe = malloc(sizeof *messy_probe * 65536);
  for (size_t i = 0; i < 65536; i++) {
    snprintf(messy[i], sizeof messy[i], " %s", probe[i]);
    for (char *p = messy[i]; *p; p++) if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    messy_probe[i] = messy[i];
  }
  double messy_s = bench_intern(c, messy_probe, LOOKUPS / 4, scratch, &messy_found);

  ygt_codeset *s;
  if (ygt_codeset_parse(&s, c, "I20-I25, I60-I69, C*, !C97*")) return 1;
  double t0 = cpu_now();
  long long members = 0;
  for (int rep = 0; rep < 5; rep++)
    for (size_t i = 0; i < LOOKUPS; i++) members += ygt_codeset_has(s, ids[i]);
  double member_s = cpu_now() - t0;

  double rate = LOOKUPS / intern_s / 1e6;
  double cached_ms = bench_cached(path);
  printf("33k-code dictionary load from its compiled cache: %.2f ms CPU, median of 11 (goal < 10 ms: %s)\n",
         cached_ms, cached_ms < 0 ? "MISSES, failed" : bench_verdict(cached_ms, 10, 1));
  printf("33k-code dictionary load from the text: %zu codes in %.2f ms CPU, median of 11\n", n, load_ms);
  printf("code interning: %.1f M look-ups/s, CPU time, median of %d (goal >= 30 M/s: %s; %lld found of %d)\n", rate,
         RUNS, bench_verdict(rate, 30, 0), found, LOOKUPS);
  printf("interning, input needing normalisation: %.1f million look-ups/s (%lld found of %d)\n",
         LOOKUPS / 4 / messy_s / 1e6, messy_found, LOOKUPS / 4);
  printf("membership: %.1f million look-ups/s (%lld members)\n", 5.0 * LOOKUPS / member_s / 1e6, members);
  ygt_codeset_free(s);
  ygt_codes_free(c);
  free(probe);
  free(ids);
  free(scratch);
  free(messy);
  free(messy_probe);
  return found == LOOKUPS ? 0 : 1;
}
