/* Benchmark of DIP settlement: scoring and settlement of 10 million cases
 * with interned codes (columns attached without copying) on one core, and
 * ingest of a TSV case file.  Prints figures; never fails on speed.  Run with
 * `meson test -C build --benchmark --suite dip -v`.  `bench_dip --scaling
 * [MAX]` prints the time and peak memory of settling 10^4, 10^5, ... MAX
 * cases (default 10^8: about 11 GB) instead (doc/performance.md). */
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "yigongti.h"
#include "bench_util.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

#define EX SOURCE_ROOT "/examples/data/zhuhai"

static int fail(const char *what) {
  printf("bench_dip: %s: %s\n", what, ygt_error_last()->message);
  return 1;
}

typedef struct batch {
  size_t n;
  int32_t *inst, *ins, *date, *pdx, *age, *day;
  int64_t *cost, *share, *poff, *soff;
  int32_t *procs, *sdx;
} batch;

/* Cases drawn from the rows of the example file (so that they match real
 * groups), with costs varied so that every deviation class occurs. */
static int make_batch(batch *b, const ygt_cases *sample, size_t n) {
  size_t m = ygt_cases_count(sample);
  b->n = n;
  b->inst = malloc(n * 4); b->ins = malloc(n * 4); b->date = malloc(n * 4); b->pdx = malloc(n * 4);
  b->age = malloc(n * 4); b->day = malloc(n * 4);
  b->cost = malloc(n * 8); b->share = malloc(n * 8);
  b->poff = malloc((n + 1) * 8); b->soff = malloc((n + 1) * 8);
  b->procs = malloc(n * 3 * 4); b->sdx = malloc(n * 4 * 4);
  if (!b->inst || !b->ins || !b->date || !b->pdx || !b->age || !b->day || !b->cost || !b->share || !b->poff ||
      !b->soff || !b->procs || !b->sdx)
    return 1;
  b->poff[0] = b->soff[0] = 0;
  unsigned seed = 12345;
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    size_t r = (seed >> 8) % m;
    int64_t cost, share;
    ygt_cases_get_int(sample, r, YGT_CASE_INSTITUTION, &b->inst[i]);
    ygt_cases_get_int(sample, r, YGT_CASE_INSURANCE, &b->ins[i]);
    ygt_cases_get_int(sample, r, YGT_CASE_DISCHARGE_DATE, &b->date[i]);
    ygt_cases_get_int(sample, r, YGT_CASE_PDX, &b->pdx[i]);
    ygt_cases_get_int(sample, r, YGT_CASE_AGE_YEARS, &b->age[i]);
    ygt_cases_get_int(sample, r, YGT_CASE_DAY_SURGERY, &b->day[i]);
    ygt_cases_get_int64(sample, r, YGT_CASE_TOTAL_COST, &cost);
    ygt_cases_get_int64(sample, r, YGT_CASE_SELF_PAID, &share);
    b->cost[i] = cost + (int64_t)(seed % 1000);
    b->share[i] = share;
    const int32_t *ids;
    size_t k;
    ygt_cases_get_codes(sample, r, YGT_CASE_PROCS, &ids, &k);
    if (k > 3) k = 3;
    memcpy(b->procs + b->poff[i], ids, k * 4);
    b->poff[i + 1] = b->poff[i] + (int64_t)k;
    ygt_cases_get_codes(sample, r, YGT_CASE_SDX, &ids, &k);
    if (k > 4) k = 4;
    memcpy(b->sdx + b->soff[i], ids, k * 4);
    b->soff[i + 1] = b->soff[i] + (int64_t)k;
  }
  return 0;
}

static void free_batch(batch *b) {
  void *cols[] = {b->inst, b->ins, b->date, b->pdx, b->age, b->day, b->cost, b->share, b->poff, b->soff, b->procs,
                  b->sdx};
  for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) free(cols[k]);
}

static int attach(ygt_cases *c, const batch *b) {
  int rc = ygt_cases_attach_int32(c, YGT_CASE_INSTITUTION, b->inst, b->n);
  if (!rc) rc = ygt_cases_attach_int32(c, YGT_CASE_INSURANCE, b->ins, b->n);
  if (!rc) rc = ygt_cases_attach_int32(c, YGT_CASE_DISCHARGE_DATE, b->date, b->n);
  if (!rc) rc = ygt_cases_attach_int32(c, YGT_CASE_PDX, b->pdx, b->n);
  if (!rc) rc = ygt_cases_attach_int32(c, YGT_CASE_AGE_YEARS, b->age, b->n);
  if (!rc) rc = ygt_cases_attach_int32(c, YGT_CASE_DAY_SURGERY, b->day, b->n);
  if (!rc) rc = ygt_cases_attach_int64(c, YGT_CASE_TOTAL_COST, b->cost, b->n);
  if (!rc) rc = ygt_cases_attach_int64(c, YGT_CASE_SELF_PAID, b->share, b->n);
  if (!rc) rc = ygt_cases_attach_list(c, YGT_CASE_PROCS, b->poff, b->procs, b->n);
  if (!rc) rc = ygt_cases_attach_list(c, YGT_CASE_SDX, b->soff, b->sdx, b->n);
  return rc;
}

/* Writes the sample's rows over and over into a TSV file of about `mb` MB. */
static size_t write_big_file(const char *path, const char *sample_path, size_t mb, size_t *rows) {
  FILE *in = fopen(sample_path, "rb"), *out = fopen(path, "wb");
  if (!in || !out) return 0;
  static char buf[1 << 20];
  size_t len = fread(buf, 1, sizeof buf - 1, in);
  fclose(in);
  buf[len] = '\0';
  char *body = buf;
  while (*body == '#') body = strchr(body, '\n') + 1;
  char *data = strchr(body, '\n') + 1;
  fwrite(body, 1, (size_t)(data - body), out);
  size_t total = (size_t)(data - body), per = 0;
  for (char *p = data; *p; p++) per += *p == '\n';
  *rows = 0;
  /* case ids are unique in a file: each copy prefixes its own number */
  for (size_t copy = 0; total < mb << 20; copy++) {
    for (char *line = data; *line; ) {
      char *end = strchr(line, '\n');
      size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
      total += (size_t)fprintf(out, "%zu-", copy) + fwrite(line, 1, n, out);
      line += n;
    }
    *rows += per;
  }
  fclose(out);
  return total;
}

/* Everything a settlement needs besides its cases. */
typedef struct world {
  ygt_codes *dx, *proc;
  ygt_cases *sample;
  ygt_dip_engine *engine;
  ygt_settle_params *params;
  size_t ninst;
} world;

/* Both passes over n fresh cases, CPU seconds (the caller's result arrays touched first, as in main). */
static double settle_once(const world *w, size_t n) {
  batch b;
  ygt_cases *c;
  ygt_settle_accum *acc, *ledger;
  ygt_settle_values *v;
  int8_t *status = calloc(n, 1);
  int64_t *units = calloc(n, sizeof *units), *amount = calloc(n, sizeof *amount);
  int32_t *group = calloc(n, sizeof *group);
  if (!status || !units || !amount || !group || make_batch(&b, w->sample, n) || ygt_cases_new(&c, w->dx, w->proc, 0) ||
      attach(c, &b) || ygt_settle_accum_new(&acc, w->ninst) || ygt_settle_accum_new(&ledger, w->ninst))
    return -1;
  memset(units, 0, n * sizeof *units), memset(amount, 0, n * sizeof *amount), memset(group, 0, n * sizeof *group);
  double t0 = cpu_now();
  int rc = ygt_dip_score(acc, group, status, NULL, units, w->engine, c, 0, n) ||
           ygt_settle_finalise(&v, acc, w->params) || ygt_settle_price(ledger, amount, NULL, v, c, status, units, 0, n);
  double t = cpu_now() - t0;
  if (!rc) ygt_settle_values_free(v);
  ygt_settle_accum_free(acc), ygt_settle_accum_free(ledger), ygt_cases_free(c), free_batch(&b);
  free(status), free(units), free(amount), free(group);
  return rc ? -1 : t;
}

static double peak_mb(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (double)u.ru_maxrss / 1024;
}

/* Time and peak memory of settling 10^4 .. max cases: the growth law. */
static int scaling(const world *w, double max) {
  printf("%12s %12s %10s %14s\n", "cases", "CPU s", "ns/case", "peak MB");
  double base = peak_mb();
  for (double n = 1e4; n <= max; n *= 10) {
    int runs = n <= 1e6 ? 9 : n <= 1e7 ? 3 : 1;
    double t[9];
    for (int k = 0; k < runs; k++)
      if ((t[k] = settle_once(w, (size_t)n)) < 0) return fail("scaling");
    double s = bench_median(t, runs);
    printf("%12.0f %12.4f %10.1f %14.1f  (median of %d; peak %.0f bytes a case above the %.0f MB start)\n", n, s,
           s / n * 1e9, peak_mb(), runs, (peak_mb() - base) * 1048576 / n, base);
    fflush(stdout);
  }
  return 0;
}

int main(int argc, char **argv) {
  ygt_codes *dx, *proc;
  if (ygt_codes_load(&dx, YGT_CODE_DIAGNOSIS, SHARED_DATA_DIR "/icd/icd10_yibao_v2.0.tsv") ||
      ygt_codes_load(&proc, YGT_CODE_PROCEDURE, SHARED_DATA_DIR "/icd/icd9cm3_yibao_v2.0.tsv")) {
    printf("skipped: %s\n", ygt_error_last()->message);
    return 77;
  }
  ygt_model *model;
  ygt_dip_catalog *cat;
  ygt_settle_params *params;
  ygt_dip_engine *engine;
  ygt_cases *sample;
  if (ygt_model_load(&model, EX) || ygt_dip_catalog_load(&cat, dx, proc, EX "/dip-catalogue.tsv") ||
      ygt_settle_params_load(&params, EX "/dip-params.json") || ygt_dip_engine_new(&engine, cat, params, model) ||
      ygt_cases_new(&sample, dx, proc, 0) || ygt_cases_load(sample, EX "/dip-cases.tsv") ||
      ygt_cases_resolve_institutions(sample, model) < 0)
    return fail("setup");
  if (argc > 1 && strcmp(argv[1], "--scaling") == 0) {
    world w = {dx, proc, sample, engine, params, ygt_model_institution_count(model)};
    return scaling(&w, argc > 2 ? atof(argv[2]) : 1e8);
  }

  enum { N = 10000000 };
  batch b;
  if (make_batch(&b, sample, N)) return fail("out of memory");
  ygt_cases *c;
  if (ygt_cases_new(&c, dx, proc, 0) || attach(c, &b)) return fail("attach");
  size_t ninst = ygt_model_institution_count(model);
  int8_t *status = malloc(N);
  int64_t *units = malloc(N * sizeof *units), *amount = malloc(N * sizeof *amount);
  int32_t *group = malloc(N * sizeof *group);
  /* the caller's result arrays exist before the call (as numpy arrays do):
   * touch them so that page faults are not timed */
  if (!status || !units || !amount || !group) return fail("out of memory");
  memset(status, 0, N);
  memset(units, 0, N * sizeof *units);
  memset(amount, 0, N * sizeof *amount);
  memset(group, 0, N * sizeof *group);

  /* CPU time (the machine is shared), median of RUNS runs */
  enum { RUNS = 5 };
  double ts[RUNS], tp[RUNS], tt[RUNS];
  int64_t ok = 0, total_amount = 0;
  for (int run = 0; run < RUNS; run++) {
    ygt_settle_accum *acc, *ledger;
    ygt_settle_values *v;
    if (ygt_settle_accum_new(&acc, ninst) || ygt_settle_accum_new(&ledger, ninst)) return fail("out of memory");
    double t0 = cpu_now();
    if (ygt_dip_score(acc, group, status, NULL, units, engine, c, 0, N)) return fail("score");
    double t1 = cpu_now();
    if (ygt_settle_finalise(&v, acc, params)) return fail("finalise");
    if (ygt_settle_price(ledger, amount, NULL, v, c, status, units, 0, N)) return fail("price");
    double t2 = cpu_now();
    ts[run] = t1 - t0, tp[run] = t2 - t1, tt[run] = t2 - t0;
    ygt_settle_accum_total(&ok, acc, YGT_FIELD_OK, -1, -1, -1);
    ygt_settle_accum_total(&total_amount, ledger, YGT_FIELD_AMOUNT, -1, -1, -1);
    ygt_settle_values_free(v);
    ygt_settle_accum_free(acc);
    ygt_settle_accum_free(ledger);
  }
  double s = bench_median(ts, RUNS), p = bench_median(tp, RUNS), t = bench_median(tt, RUNS);
  double rate = N / t / 1e6;
  printf("cases:                     %d (%lld scored OK), CPU time, median of %d runs\n", N, (long long)ok, RUNS);
  printf("scoring (match+score+acc): %.3f s, %.1f M cases/s\n", s, N / s / 1e6);
  printf("finalise + pricing:        %.3f s, %.1f M cases/s\n", p, N / p / 1e6);
  printf("DIP settlement, both passes incl. point value: %.1f M cases/s (goal >= 50 M/s: %s)\n", rate,
         bench_verdict(rate, 50, 0));
  printf("total amount:              %lld fen\n", (long long)total_amount);

  size_t rows = 0;
  char big[64]; /* of this process: two benchmarks at once must not read each other's file */
  snprintf(big, sizeof big, "/tmp/ygt-bench-dip-cases-%ld.tsv", (long)getpid());
  size_t bytes = write_big_file(big, EX "/dip-cases.tsv", 256, &rows);
  if (bytes) {
    ygt_cases *in;
    double best = 1e9;
    for (int run = 0; run < 3; run++) {
      if (ygt_cases_new(&in, dx, proc, 0)) return fail("ingest");
      double s0 = cpu_now();
      if (ygt_cases_load(in, big)) return fail("ingest");
      double took = cpu_now() - s0;
      best = took < best ? took : best;
      ygt_cases_free(in);
    }
    printf("TSV ingest:                %.1f MB in %.3f s, %.0f MB/s, %.2f M rows/s (goal >= 100 MB/s: %s)\n",
           (double)bytes / 1e6, best, (double)bytes / 1e6 / best, (double)rows / best / 1e6,
           bench_verdict((double)bytes / 1e6 / best, 100, 0));
    remove(big);
  }
  ygt_cases_free(c);
  ygt_cases_free(sample);
  ygt_dip_engine_free(engine);
  ygt_settle_params_free(params);
  ygt_dip_catalog_free(cat);
  ygt_model_free(model);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  return 0;
}
