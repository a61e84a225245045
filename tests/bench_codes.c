/* Benchmark of code dictionaries: loading the national ICD-10 list,
 * interning (string -> id) and set membership.  Prints figures; never fails
 * on speed.  Run with `meson test -C build --benchmark --suite codes -v`. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "yigongti.h"
#include "bench_util.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif

/* Best of `runs` loads, in milliseconds. */
static double bench_load(const char *path, ygt_codes **keep) {
  double best = 1e9;
  for (int run = 0; run < 10; run++) {
    ygt_codes *c;
    double t0 = now();
    if (ygt_codes_load(&c, YGT_CODE_DIAGNOSIS, path)) return -1;
    double ms = (now() - t0) * 1e3;
    best = ms < best ? ms : best;
    if (run == 9) *keep = c;
    else ygt_codes_free(c);
  }
  return best;
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
  enum { LOOKUPS = 20000000 };
  const char **probe = malloc(sizeof *probe * 65536);
  int32_t *ids = malloc(sizeof *ids * LOOKUPS);
  srand(42);
  for (size_t i = 0; i < 65536; i++) probe[i] = ygt_codes_code(c, (int32_t)((size_t)rand() % n));

  double t0 = now();
  long long found = 0;
  for (size_t i = 0; i < LOOKUPS; i++) {
    ids[i] = ygt_codes_id(c, probe[i & 65535]);
    found += ids[i] >= 0;
  }
  double intern_s = now() - t0;

  /* The slow path: input that must be normalised first (" i63.900x001"). */
  char (*messy)[YGT_CODE_MAX + 3] = malloc(sizeof *messy * 65536);
  for (size_t i = 0; i < 65536; i++) {
    snprintf(messy[i], sizeof messy[i], " %s", probe[i]);
    for (char *p = messy[i]; *p; p++) if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  }
  t0 = now();
  long long messy_found = 0;
  for (size_t i = 0; i < LOOKUPS / 4; i++) messy_found += ygt_codes_id(c, messy[i & 65535]) >= 0;
  double messy_s = now() - t0;

  ygt_codeset *s;
  if (ygt_codeset_parse(&s, c, "I20-I25, I60-I69, C*, !C97*")) return 1;
  t0 = now();
  long long members = 0;
  for (int rep = 0; rep < 5; rep++)
    for (size_t i = 0; i < LOOKUPS; i++) members += ygt_codeset_has(s, ids[i]);
  double member_s = now() - t0;

  printf("dictionary: %zu codes loaded in %.2f ms (best of 10)\n", n, load_ms);
  printf("interning: %.1f million look-ups/s (%lld found of %d)\n", LOOKUPS / intern_s / 1e6, found, LOOKUPS);
  printf("interning, input needing normalisation: %.1f million look-ups/s (%lld found of %d)\n",
         LOOKUPS / 4 / messy_s / 1e6, messy_found, LOOKUPS / 4);
  printf("membership: %.1f million look-ups/s (%lld members)\n", 5.0 * LOOKUPS / member_s / 1e6, members);
  ygt_codeset_free(s);
  ygt_codes_free(c);
  free(probe);
  free(ids);
  free(messy);
  return found == LOOKUPS ? 0 : 1;
}
