/* Benchmark of the CHS-DRG 3.0 grouper on the official rules of
 * ../shared/data/chs-drg-3.0 (sample sets, missing sets empty, the CC
 * fixture): load time and cases grouped per second on one core.  Cases draw
 * their codes from the configuration's dictionaries, with one in four being
 * a documented case (A, B or C), so most walk many MDC rules.  Prints
 * figures; never fails on speed.  `meson test -C build --benchmark --suite drg3 -v`. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "yigongti.h"
#include "bench_util.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#define DIR3 SHARED_DATA_DIR "/chs-drg-3.0"
#define FIXTURE SOURCE_ROOT "/tests/data/drg3"

enum { CASES = 400000 };

static const char *const paths[YGT_DRG3_FILES] = {
  DIR3 "/mdc.tsv", DIR3 "/adrg.tsv", DIR3 "/drg.tsv", DIR3 "/sets_sample.tsv",
  FIXTURE "/official_cc.tsv", FIXTURE "/official_exclusion.tsv", NULL,
};

static uint32_t next(void) { return bench_xorshift32(); }

typedef struct columns {
  int32_t sex[CASES], age[CASES], pdx[CASES];
  int64_t sdx_off[CASES + 1], proc_off[CASES + 1];
  int32_t sdx[CASES * 4], procs[CASES * 3];
} columns;

/* Cases A, B, C as ids, or random codes of the dictionaries. */
static void synthesise(columns *c, const ygt_codes *dx, const ygt_codes *proc) {
  const int32_t k80 = ygt_codes_id(dx, "K80.101"), i50 = ygt_codes_id(dx, "I50.900");
  const int32_t p512 = ygt_codes_id(proc, "51.2300"), p505 = ygt_codes_id(proc, "50.5100");
  size_t ndx = ygt_codes_count(dx), nproc = ygt_codes_count(proc), ns = 0, np = 0;
  for (size_t i = 0; i < CASES; i++) {
    c->sex[i] = 1 + (int32_t)(next() % 2);
    c->age[i] = (int32_t)(next() % 90);
    c->sdx_off[i] = (int64_t)ns;
    c->proc_off[i] = (int64_t)np;
    if (i % 4 == 0) {
      c->pdx[i] = k80;
      c->sdx[ns++] = i50;
      c->procs[np++] = i % 8 ? p512 : p505;
      continue;
    }
    c->pdx[i] = (int32_t)(next() % ndx);
    for (uint32_t k = next() % 4; k > 0; k--) c->sdx[ns++] = (int32_t)(next() % ndx);
    for (uint32_t k = next() % 3; k > 0; k--) c->procs[np++] = (int32_t)(next() % nproc);
  }
  c->sdx_off[CASES] = (int64_t)ns;
  c->proc_off[CASES] = (int64_t)np;
}

static int attach(ygt_cases *b, columns *c) {
  return ygt_cases_attach_int32(b, YGT_CASE_SEX, c->sex, CASES) || ygt_cases_attach_int32(b, YGT_CASE_AGE_YEARS, c->age, CASES) ||
         ygt_cases_attach_int32(b, YGT_CASE_PDX, c->pdx, CASES) ||
         ygt_cases_attach_list(b, YGT_CASE_SDX, c->sdx_off, c->sdx, CASES) ||
         ygt_cases_attach_list(b, YGT_CASE_PROCS, c->proc_off, c->procs, CASES);
}

int main(void) {
  for (int i = 0; i < 4; i++)
    if (access(paths[i], R_OK) != 0) {
      printf("SKIPPED: %s not found\n", paths[i]);
      return 77;
    }
  ygt_drg3 *g = NULL;
  double best_load = 1e9;
  for (int run = 0; run < 5; run++) {
    ygt_drg3 *h;
    double t0 = now();
    if (ygt_drg3_load_files(&h, paths, YGT_DRG3_MISSING_SETS_EMPTY)) return (printf("%s\n", ygt_error_last()->message), 1);
    double ms = (now() - t0) * 1e3;
    best_load = ms < best_load ? ms : best_load;
    if (g) ygt_drg3_free(h);
    else g = h;
  }
  const ygt_codes *dx = ygt_drg3_codes(g, YGT_CODE_DIAGNOSIS), *proc = ygt_drg3_codes(g, YGT_CODE_PROCEDURE);
  columns *c = malloc(sizeof *c);
  ygt_cases *batch;
  synthesise(c, dx, proc);
  if (ygt_cases_new(&batch, dx, proc, 0) || attach(batch, c)) return 1;
  int32_t *status = malloc(sizeof *status * CASES);
  double best = 1e9;
  for (int run = 0; run < 5; run++) {
    double t0 = now();
    if (ygt_drg3_group(g, batch, 0, CASES, 0, NULL, NULL, NULL, status, NULL)) return 1;
    double s = now() - t0;
    best = s < best ? s : best;
  }
  size_t grouped = 0;
  for (size_t i = 0; i < CASES; i++) grouped += status[i] == YGT_DRG_OK;
  printf("CHS-DRG 3.0 load: %.1f ms (best of 5): %zu MDCs, %zu ADRGs, %zu DRGs, %zu rule nodes, %zu sets missing\n",
         best_load, ygt_drg3_count(g, 1), ygt_drg3_count(g, 2), ygt_drg3_count(g, 3), ygt_drg3_node_count(g),
         ygt_drg3_missing_set_count(g));
  printf("grouping: %.0f cases/s on one core (%d cases, best of 5; %zu grouped OK)\n", CASES / best, CASES, grouped);
  ygt_cases_free(batch);
  ygt_drg3_free(g);
  free(c);
  free(status);
  return 0;
}
