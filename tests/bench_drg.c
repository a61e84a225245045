/* Benchmark of the CHS-DRG 1.1 grouper: pack load time, memory of the loaded
 * pack (counted through the allocator hook) and cases grouped per second on
 * one core (a batch of synthetic cases, no trace).  Prints figures; never
 * fails on speed.  Run with `meson test -C build --benchmark --suite drg -v`. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "yigongti.h"
#include "bench_util.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#define PACK SHARED_DATA_DIR "/chs-drg-1.1"

enum { CASES = 400000 };

/* A counting allocator: live bytes and their peak. */
static size_t live, peak;

static void *count_malloc(size_t n, void *ud) {
  (void)ud;
  size_t *p = malloc(n + 16);
  if (!p) return NULL;
  *p = n;
  live += n;
  peak = live > peak ? live : peak;
  return (char *)p + 16;
}

static void count_free(void *q, void *ud) {
  (void)ud;
  size_t *p = (size_t *)((char *)q - 16);
  live -= *p;
  free(p);
}

static void *count_realloc(void *q, size_t n, void *ud) {
  if (!q) return count_malloc(n, ud);
  size_t *p = (size_t *)((char *)q - 16), old = *p;
  size_t *r = realloc(p, n + 16);
  if (!r) return NULL;
  *r = n;
  live = live - old + n;
  peak = live > peak ? live : peak;
  return (char *)r + 16;
}

static uint32_t next(void) { return bench_xorshift32(); }

/* Synthetic cases: a third copy the labelled cases' shapes with random codes
 * of the pack's lists; codes are drawn from the dictionaries, so most cases
 * walk many MDCs and ADRGs before they are grouped or fail. */
typedef struct columns {
  int32_t sex[CASES], age[CASES], days[CASES], weight[CASES], pdx[CASES];
  int64_t sdx_off[CASES + 1], proc_off[CASES + 1];
  int32_t *sdx, *procs;
} columns;

static void synthesise(columns *c, const ygt_codes *dx, const ygt_codes *proc, const ygt_cases *labelled) {
  size_t ndx = ygt_codes_count(dx), nproc = ygt_codes_count(proc), nl = ygt_cases_count(labelled);
  c->sdx = malloc(sizeof *c->sdx * CASES * 6);
  c->procs = malloc(sizeof *c->procs * CASES * 4);
  size_t ns = 0, np = 0;
  for (size_t i = 0; i < CASES; i++) {
    size_t l = i % nl;
    c->sex[i] = 1 + (int32_t)(next() % 2);
    c->age[i] = (next() % 20 == 0) ? 0 : (int32_t)(next() % 90);
    c->days[i] = c->age[i] * 365 + (int32_t)(next() % 365);
    c->weight[i] = c->age[i] == 0 ? (int32_t)(next() % 4000) : ygt_cases_na();
    c->sdx_off[i] = (int64_t)ns;
    c->proc_off[i] = (int64_t)np;
    if (i % 3 == 0) { /* a labelled case as it is */
      const int32_t *ids;
      size_t n;
      ygt_cases_get_int(labelled, l, YGT_CASE_PDX, &c->pdx[i]);
      ygt_cases_get_codes(labelled, l, YGT_CASE_SDX, &ids, &n);
      for (size_t k = 0; k < n && k < 6; k++) c->sdx[ns++] = ids[k];
      ygt_cases_get_codes(labelled, l, YGT_CASE_PROCS, &ids, &n);
      for (size_t k = 0; k < n && k < 4; k++) c->procs[np++] = ids[k];
      continue;
    }
    c->pdx[i] = (int32_t)(next() % ndx);
    for (uint32_t k = next() % 6; k > 0; k--) c->sdx[ns++] = (int32_t)(next() % ndx);
    for (uint32_t k = next() % 4; k > 0; k--) c->procs[np++] = (int32_t)(next() % nproc);
  }
  c->sdx_off[CASES] = (int64_t)ns;
  c->proc_off[CASES] = (int64_t)np;
}

/* Median of 5 loads through a compiled cache in a scratch file (made by a
 * first load that reads the text); -1 when the cache was not used. */
static double bench_cached(void) {
  char cache[] = "/tmp/ygt-bench-drg-XXXXXX";
  int fd = mkstemp(cache);
  if (fd < 0) return -1;
  close(fd);
  unlink(cache);
  double ms[5];
  int used = 1;
  for (int run = -1; run < 5; run++) {
    ygt_drg_pack *p;
    double t0 = cpu_now();
    if (ygt_drg_pack_load_cached(&p, PACK, cache)) { used = 0; break; }
    if (run >= 0) ms[run] = (cpu_now() - t0) * 1e3, used &= ygt_drg_pack_cached(p);
    ygt_drg_pack_free(p);
  }
  unlink(cache);
  return used ? bench_median(ms, 5) : -1;
}

int main(void) {
  if (ygt_set_allocator(count_malloc, count_realloc, count_free, NULL)) return 1;
  ygt_drg_pack *pack = NULL;
  double load_ms[5];
  size_t pack_bytes = 0;
  for (int run = 0; run < 5; run++) {
    ygt_drg_pack *p;
    double t0 = cpu_now();
    if (ygt_drg_pack_load(&p, PACK)) {
      printf("skipped: %s: %s\n", PACK, ygt_error_last()->message);
      return 77;
    }
    load_ms[run] = (cpu_now() - t0) * 1e3;
    if (pack) ygt_drg_pack_free(p);
    else {
      pack = p;
      pack_bytes = live;
    }
  }
  const ygt_codes *dx = ygt_drg_pack_codes(pack, YGT_CODE_DIAGNOSIS);
  const ygt_codes *proc = ygt_drg_pack_codes(pack, YGT_CODE_PROCEDURE);
  ygt_cases *labelled, *batch;
  if (ygt_cases_new(&labelled, dx, proc, 0) || ygt_cases_allow_columns(labelled, "expected_drg") ||
      ygt_cases_load(labelled, PACK "/labelled_cases.tsv")) return 1;
  columns *c = malloc(sizeof *c);
  synthesise(c, dx, proc, labelled);
  if (ygt_cases_new(&batch, dx, proc, 0) || ygt_cases_attach_int32(batch, YGT_CASE_SEX, c->sex, CASES) ||
      ygt_cases_attach_int32(batch, YGT_CASE_AGE_YEARS, c->age, CASES) ||
      ygt_cases_attach_int32(batch, YGT_CASE_AGE_DAYS, c->days, CASES) ||
      ygt_cases_attach_int32(batch, YGT_CASE_BIRTH_WEIGHT_G, c->weight, CASES) ||
      ygt_cases_attach_int32(batch, YGT_CASE_PDX, c->pdx, CASES) ||
      ygt_cases_attach_list(batch, YGT_CASE_SDX, c->sdx_off, c->sdx, CASES) ||
      ygt_cases_attach_list(batch, YGT_CASE_PROCS, c->proc_off, c->procs, CASES))
    return 1;
  int32_t *drg = malloc(sizeof *drg * CASES), *status = malloc(sizeof *status * CASES);
  double best = 1e9;
  for (int run = 0; run < 5; run++) {
    double t0 = now();
    if (ygt_drg_group(pack, batch, 0, CASES, 0, NULL, NULL, drg, status, NULL)) return 1;
    double s = now() - t0;
    best = s < best ? s : best;
  }
  size_t grouped = 0;
  for (size_t i = 0; i < CASES; i++) grouped += status[i] == YGT_DRG_OK;
  double load = bench_median(load_ms, 5);
  double cached = bench_cached();
  printf("CHS-DRG 1.1 pack load from its compiled cache: %.1f ms CPU, median of 5 (goal < 20 ms: %s)\n", cached,
         cached < 0 ? "MISSES, cache not used" : bench_verdict(cached, 20, 1));
  printf("CHS-DRG 1.1 pack load from the text: %.1f ms CPU, median of 5, %zu MDCs, %zu ADRGs, %zu DRGs\n", load,
         ygt_drg_pack_mdc_count(pack), ygt_drg_pack_adrg_count(pack), ygt_drg_pack_drg_count(pack));
  printf("pack memory: %.2f MB in %s (dictionaries included); peak while loading %.2f MB\n",
         (double)pack_bytes / 1e6, "live blocks", (double)peak / 1e6);
  printf("grouping: %.2f million cases/s on one core (%d synthetic cases, best of 5, no trace; %zu grouped)\n",
         CASES / best / 1e6, CASES, grouped);
  ygt_cases_free(batch);
  ygt_cases_free(labelled);
  ygt_drg_pack_free(pack);
  free(c->sdx);
  free(c->procs);
  free(c);
  free(drg);
  free(status);
  return 0;
}
