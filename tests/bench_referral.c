/* Benchmark of referral routing: decisions per second of the batch form
 * (columns, no trace) on the Ninghai bundle, and of single decisions with
 * trace.  Prints figures; never fails on speed.  Run with
 * `meson test -C build --benchmark --suite referral -v`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "yigongti.h"
#include "bench_util.h"

#ifndef SHARED_DATA_DIR
#define SHARED_DATA_DIR "../shared/data"
#endif
#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

/* A mix of diagnoses that the Ninghai rules route in every way. */
static const char *const codes[] = {"I10.x00", "E11.900", "J06.900", "J18.900", "I63.900", "I21.900", "K35.800",
                                    "S72.000", "O14.100", "M17.900", "C71.900", "A09.000", "K29.700", "J44.900"};

typedef struct cols {
  int32_t *inst, *dx, *grid, *age, *sex, *ins, *acuity, *phase, *setting, *dir, *slip, *sday, *today, *epi;
  int64_t *cost, *paid;
  int32_t *status, *route, *state, *prio, *dest, *tier;
  double *ratio;
  int64_t *ded, *fund, *pat;
} cols;

static int32_t *i32(size_t n) { return malloc(n * sizeof(int32_t)); }
static int64_t *i64(size_t n) { return malloc(n * sizeof(int64_t)); }

static void fill(cols *c, size_t n, const ygt_model *m, const ygt_codes *dx) {
  size_t ni = ygt_model_institution_count(m), ng = ygt_model_grid_count(m), nc = sizeof codes / sizeof codes[0];
  int32_t ids[sizeof codes / sizeof codes[0]];
  for (size_t k = 0; k < nc; k++) ids[k] = ygt_codes_id(dx, codes[k]);
  int32_t **p32[] = {&c->inst, &c->dx, &c->grid, &c->age, &c->sex, &c->ins, &c->acuity, &c->phase, &c->setting,
                     &c->dir, &c->slip, &c->sday, &c->today, &c->epi, &c->status, &c->route, &c->state, &c->prio,
                     &c->dest, &c->tier};
  for (size_t k = 0; k < sizeof p32 / sizeof p32[0]; k++) *p32[k] = i32(n);
  c->cost = i64(n), c->paid = i64(n), c->ded = i64(n), c->fund = i64(n), c->pat = i64(n);
  c->ratio = malloc(n * sizeof(double));
  srand(7);
  for (size_t i = 0; i < n; i++) {
    c->inst[i] = (int32_t)((size_t)rand() % ni);
    c->dx[i] = ids[(size_t)rand() % nc];
    c->grid[i] = (int32_t)((size_t)rand() % ng);
    c->age[i] = rand() % 90, c->sex[i] = 1 + rand() % 2, c->ins[i] = rand() % 2;
    c->acuity[i] = rand() % 10 == 0 ? 1 + rand() % 2 : 0;
    c->phase[i] = rand() % 4, c->setting[i] = rand() % 3, c->dir[i] = rand() % 8 == 0 ? 1 + rand() % 3 : 0;
    c->slip[i] = rand() % 5 == 0 ? 0 : -1, c->sday[i] = 100, c->today[i] = 100 + rand() % 40;
    c->cost[i] = 10000 + rand() % 5000000;
    c->epi[i] = rand() % 4 == 0 ? (int32_t)((size_t)rand() % ni) : -1;
    c->paid[i] = c->epi[i] >= 0 ? 30000 : 0;
  }
}

int main(void) {
  const char *icd = SHARED_DATA_DIR "/icd/icd10_yibao_v2.0.tsv";
  const char *bundle = SOURCE_ROOT "/examples/data/ninghai";
  ygt_codes *dx;
  ygt_model *m;
  ygt_referral_rules *r;
  if (ygt_codes_load(&dx, YGT_CODE_DIAGNOSIS, icd) || ygt_model_load(&m, bundle) ||
      ygt_referral_rules_load(&r, m, dx, bundle)) {
    printf("skipped: %s\n", ygt_error_last()->message);
    return 77;
  }
  enum { N = 1000000, RUNS = 10 };
  cols c;
  fill(&c, N, m, dx);
  ygt_referral_columns k = YGT_REFERRAL_COLUMNS_INIT;
  k.n = N;
  k.institution = c.inst, k.diagnosis = c.dx, k.grid = c.grid, k.age = c.age, k.sex = c.sex, k.insurance = c.ins;
  k.acuity = c.acuity, k.phase = c.phase, k.setting = c.setting, k.direction = c.dir, k.slip_issuer = c.slip;
  k.slip_day = c.sday, k.today = c.today, k.cost_fen = c.cost, k.episode_institution = c.epi;
  k.episode_paid_fen = c.paid, k.status = c.status, k.route = c.route, k.state = c.state, k.priority = c.prio;
  k.destination = c.dest, k.tier = c.tier, k.ratio = c.ratio, k.deductible_fen = c.ded, k.fund_fen = c.fund;
  k.patient_fen = c.pat;
  double t[RUNS];
  for (int run = 0; run < RUNS; run++) {
    double t0 = cpu_now();
    if (ygt_referral_decide_batch(r, &k) != 0) printf("unexpected bad rows: %s\n", ygt_error_last()->message);
    t[run] = cpu_now() - t0;
  }
  double med = bench_median(t, RUNS), rate = N / med / 1e6;
  long routes[5] = {0};
  for (size_t i = 0; i < N; i++) routes[c.route[i]]++;
  printf("referral decisions (batch; Ninghai, %d requests, no trace): %.1f M decisions/s, CPU time, median of %d "
         "(%.1f ms) (goal >= 15 M/s: %s)\n", N, rate, RUNS, med * 1e3, bench_verdict(rate, 15, 0));
  printf("  routes: treat_here %ld, refer_up %ld, refer_down %ld, refer_out %ld, emergency %ld\n", routes[0],
         routes[1], routes[2], routes[3], routes[4]);

  /* single decisions with trace */
  enum { SINGLE = 1000000 };
  ygt_referral_request q = YGT_REFERRAL_REQUEST_INIT;
  ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
  q.ndiagnoses = 1;
  double t0 = cpu_now();
  long traced = 0;
  for (size_t i = 0; i < SINGLE; i++) {
    q.institution = c.inst[i], q.diagnoses = &c.dx[i], q.grid = c.grid[i], q.acuity = c.acuity[i];
    q.phase = c.phase[i], q.setting = c.setting[i], q.direction = c.dir[i], q.cost_fen = c.cost[i];
    if (ygt_referral_decide(&d, r, &q, NULL) == YGT_OK) traced += d.ntrace;
  }
  double s = cpu_now() - t0;
  printf("referral single (with trace): %.1f million decisions/s, %.1f rules traced per decision\n",
         SINGLE / s / 1e6, (double)traced / SINGLE);
  ygt_referral_rules_free(r);
  ygt_model_free(m);
  ygt_codes_free(dx);
  return 0;
}
