/* Benchmark of a scheme year: 100,000 stays (5 % long stays) and 3,000,000
 * visits of a synthetic Ninghai year settled under the Ninghai scheme
 * (point method, per diem, capitation), columns attached without copying.
 * Prints seconds and peak memory; never fails on speed.  Run with
 * `meson test -C build --benchmark --suite scheme -v`. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "yigongti.h"
#include "bench_util.h"

#define NSTAYS 100000
#define NVISITS 3000000

static int fail(const char *what) {
  printf("bench_scheme: %s: %s\n", what, ygt_error_last()->message);
  return 1;
}

static uint64_t next(uint64_t *s) {
  *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
  return *s;
}

typedef struct stays {
  int32_t inst[NSTAYS], ins[NSTAYS], date[NSTAYS], los[NSTAYS], leave[NSTAYS], group[NSTAYS], cls[NSTAYS];
  int64_t cost[NSTAYS], self[NSTAYS], fund[NSTAYS], patient[NSTAYS];
} stays;

typedef struct visits {
  int32_t inst[NVISITS], home[NVISITS], ins[NVISITS];
  int64_t cost[NVISITS], fund[NVISITS];
} visits;

static void make_stays(stays *s, int32_t ninst, int32_t ngroups) {
  uint64_t r = 88172645463325252ull;
  for (size_t i = 0; i < NSTAYS; i++) {
    uint64_t x = next(&r);
    s->inst[i] = (int32_t)(x % 20);  /* county hospitals and township centres come first */
    s->ins[i] = (x >> 8) % 50 == 0 ? YGT_CASES_NA : (int32_t)(x >> 9) & 1;
    s->date[i] = 20240101 + (int32_t)((x >> 12) % 12) * 100 + (int32_t)((x >> 16) % 28);
    s->los[i] = 1 + (int32_t)((x >> 21) % 20);
    s->leave[i] = (x >> 26) % 20 == 0 ? 2 : 1;
    s->group[i] = (int32_t)((x >> 31) % (uint64_t)ngroups);
    s->cls[i] = (x >> 40) % 20 == 0 ? (int32_t)((x >> 45) % 3) : -1;
    s->cost[i] = 100000 + (int64_t)((x >> 48) % 2000000);
    s->self[i] = s->cost[i] / 10;
    s->fund[i] = s->cost[i] * 6 / 10;
    s->patient[i] = (int64_t)(next(&r) % 60000);
  }
  (void)ninst;
}

static void make_visits(visits *v, int32_t ninst, const int32_t *townships, int nt) {
  uint64_t r = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < NVISITS; i++) {
    uint64_t x = next(&r);
    v->home[i] = (x & 7) == 0 ? -1 : townships[(x >> 3) % (uint64_t)nt];
    v->inst[i] = (x >> 10) % 4 == 0 ? (int32_t)((x >> 12) % (uint64_t)ninst) : v->home[i] < 0 ? 0 : v->home[i];
    v->ins[i] = (x >> 20) % 40 == 0 ? -1 : (int32_t)(x >> 26) & 1;
    v->cost[i] = 3000 + (int64_t)((x >> 30) % 40000);
    v->fund[i] = v->cost[i] / 2;
  }
}

static int attach(ygt_cases *c, const stays *s) {
  static const int ints[] = {YGT_CASE_INSTITUTION, YGT_CASE_INSURANCE, YGT_CASE_DISCHARGE_DATE, YGT_CASE_LOS_DAYS,
                             YGT_CASE_LEAVING_TYPE};
  const int32_t *icols[] = {s->inst, s->ins, s->date, s->los, s->leave};
  static const int money[] = {YGT_CASE_TOTAL_COST, YGT_CASE_SELF_PAID, YGT_CASE_FUND_PAID};
  const int64_t *mcols[] = {s->cost, s->self, s->fund};
  int rc = 0;
  for (int k = 0; !rc && k < 5; k++) rc = ygt_cases_attach_int32(c, ints[k], icols[k], NSTAYS);
  for (int k = 0; !rc && k < 3; k++) rc = ygt_cases_attach_int64(c, money[k], mcols[k], NSTAYS);
  return rc;
}

int main(void) {
  ygt_model *model;
  ygt_scheme *scheme;
  ygt_codes *dx, *proc;
  ygt_cases *cases;
  if (ygt_model_load(&model, SOURCE_ROOT "/examples/data/ninghai")) return fail("model");
  if (ygt_scheme_load(&scheme, model, NULL, NULL, SOURCE_ROOT "/examples/data/ninghai/scheme.json")) return fail("scheme");
  int32_t ninst = (int32_t)ygt_model_institution_count(model), townships[64];
  int nt = 0;
  for (int32_t i = 0; i < ninst && nt < 64; i++)
    if (ygt_model_institution_tier(model, i) == YGT_TIER_TOWNSHIP) townships[nt++] = i;
  stays *s = malloc(sizeof *s);
  visits *v = malloc(sizeof *v);
  if (!s || !v || !nt) return fail("memory");
  make_stays(s, ninst, (int32_t)ygt_scheme_group_count(scheme, YGT_LINE_INPATIENT));
  make_visits(v, ninst, townships, nt);
  if (ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS) || ygt_codes_new(&proc, YGT_CODE_PROCEDURE) ||
      ygt_cases_new(&cases, dx, proc, 0) || attach(cases, s))
    return fail("cases");
  ygt_scheme_input in;
  ygt_scheme_input_init(&in);
  in.stays = cases;
  in.stay_group = s->group;
  in.stay_class = s->cls;
  in.stay_patient = s->patient;
  in.nvisits = NVISITS;
  in.visit_institution = v->inst;
  in.visit_home = v->home;
  in.visit_insurance = v->ins;
  in.visit_cost = v->cost;
  in.visit_fund = v->fund;
  double best = 1e9;
  int64_t fund = 0, pool = 0;
  for (int rep = 0; rep < 3; rep++) {
    ygt_scheme_result *r;
    double t0 = now();
    if (ygt_scheme_settle(&r, scheme, &in)) return fail("settle");
    double t = now() - t0;
    if (t < best) best = t;
    ygt_scheme_result_get(&fund, r, -1, -1, YGT_SCHEME_FUND);
    ygt_scheme_result_get(&pool, r, -1, YGT_LINE_OUTPATIENT, YGT_SCHEME_POOL);
    ygt_scheme_result_free(r);
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("scheme settle (Ninghai: points, per diem, capitation): %d stays + %d visits in %.3f s (best of 3), "
         "fund %.2f yuan (pools %.2f); peak RSS %.0f MB\n",
         NSTAYS, NVISITS, best, (double)fund / 100, (double)pool / 100, (double)ru.ru_maxrss / 1024);
  ygt_cases_free(cases);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
  ygt_scheme_free(scheme);
  ygt_model_free(model);
  free(s);
  free(v);
  return 0;
}
