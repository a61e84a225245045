/* Benchmark of the point method: points, point value and payments for 10
 * million grouped cases on one core (columns attached without copying),
 * and the DRG rate method on the same cases.  Prints figures; never fails
 * on speed.  Run with `meson test -C build --benchmark --suite payment -v`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "yigongti.h"
#include "bench_util.h"

#define NCASES 10000000
#define NGROUPS 600
#define NINST 40

static int fail(const char *what) {
  printf("bench_payment: %s: %s\n", what, ygt_error_last()->message);
  return 1;
}

static int build_model(ygt_model **out) {
  ygt_model_builder *b;
  if (ygt_model_builder_new(&b)) return 1;
  int rc = ygt_model_builder_set_locality(b, "330226", "bench");
  for (int i = 0; !rc && i < NINST; i++) {
    char code[16];
    snprintf(code, sizeof code, "H%02d", i);
    rc = ygt_model_builder_add_institution(b, code, code, YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL,
                                           i % 3 == 0 ? YGT_LEVEL_3A : i % 3 == 1 ? YGT_LEVEL_2A : YGT_LEVEL_1, 100, 0,
                                           NULL);
  }
  if (!rc) rc = ygt_model_build(out, b);
  ygt_model_builder_free(b);
  return rc;
}

/* Writes `header` and one line per group from `line` (a format taking the group number thrice) to a temporary file. */
static int write_table(char *path, const char *header, int points) {
  int fd = mkstemp(path);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) return 1;
  fputs(header, f);
  for (int g = 0; g < NGROUPS; g++)
    if (points) fprintf(f, "G%03d\t%d\t%d\t%s\n", g, 20 + g, 2000 + 100 * g, g % 100 == 99 ? "25" : "");
    else fprintf(f, "G%03d\t%g\n", g, (20 + g) / 100.0);
  fclose(f);
  return 0;
}

/* A point table and a DRG rate table of NGROUPS groups, written to temporary files. */
static int build_points(ygt_points **out, ygt_drgpay **pay) {
  char pp[] = "/tmp/ygt-bench-points-XXXXXX", dp[] = "/tmp/ygt-bench-drgpay-XXXXXX";
  if (write_table(pp, "group_code\tbase_points\tmean_cost\tper_diem_points\n", 1) ||
      write_table(dp, "drg_code\trw\n", 0))
    return 1;
  int rc = ygt_points_load(out, pp) || ygt_drgpay_load(pay, dp);
  unlink(pp);
  unlink(dp);
  return rc;
}

int main(void) {
  ygt_model *model;
  ygt_points *pts;
  ygt_drgpay *pay;
  if (build_model(&model)) return fail("model");
  if (build_points(&pts, &pay)) return fail("tables");
  ygt_codes *dx, *proc;
  if (ygt_codes_new(&dx, YGT_CODE_DIAGNOSIS) || ygt_codes_new(&proc, YGT_CODE_PROCEDURE)) return fail("codes");
  size_t n = NCASES;
  int32_t *inst = malloc(n * 4), *ins = malloc(n * 4), *date = malloc(n * 4), *los = malloc(n * 4),
          *leave = malloc(n * 4), *group = malloc(n * 4);
  int64_t *cost = malloc(n * 8), *share = malloc(n * 8), *units = malloc(n * 8), *amount = malloc(n * 8),
          *fund = malloc(n * 8);
  int8_t *status = malloc(n), *reason = malloc(n);
  if (!inst || !ins || !date || !los || !leave || !group || !cost || !share || !units || !amount || !fund ||
      !status || !reason)
    return fail("memory");
  uint64_t s = 88172645463325252ull;
  for (size_t i = 0; i < n; i++) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    group[i] = (int32_t)(s % NGROUPS);
    inst[i] = (int32_t)((s >> 12) % NINST); /* every case at a known institution */
    ins[i] = (int32_t)(s >> 20) & 1;
    date[i] = 20240100 + (int32_t)((s >> 24) % 12) * 100 + 1 + (int32_t)((s >> 28) % 28);
    los[i] = 1 + (int32_t)((s >> 33) % 20);
    leave[i] = (s >> 38) % 20 == 0 ? 2 : 1;
    cost[i] = (int64_t)(200000 + 10000 * group[i]) * (int64_t)(10 + (s >> 41) % 40) / 25;
    share[i] = cost[i] / 5;
  }
  ygt_cases *c;
  if (ygt_cases_new(&c, dx, proc, 0) || ygt_cases_attach_int32(c, YGT_CASE_INSTITUTION, inst, n) ||
      ygt_cases_attach_int32(c, YGT_CASE_INSURANCE, ins, n) ||
      ygt_cases_attach_int32(c, YGT_CASE_DISCHARGE_DATE, date, n) ||
      ygt_cases_attach_int32(c, YGT_CASE_LOS_DAYS, los, n) ||
      ygt_cases_attach_int32(c, YGT_CASE_LEAVING_TYPE, leave, n) ||
      ygt_cases_attach_int64(c, YGT_CASE_TOTAL_COST, cost, n) || ygt_cases_attach_int64(c, YGT_CASE_SELF_PAID, share, n))
    return fail("attach");
  if (ygt_points_set_fund(pts, 0, 100000000000, 0) || ygt_points_set_fund(pts, 1, 80000000000, 0) ||
      ygt_points_set_level_coef(pts, YGT_LEVEL_3A, 1.2) || ygt_points_set_level_coef(pts, YGT_LEVEL_1, 0.8))
    return fail("parameters");
  ygt_settle_accum *acc, *ledger;
  if (ygt_settle_accum_new(&acc, NINST) || ygt_settle_accum_new(&ledger, NINST)) return fail("accumulators");
  /* The output arrays are the caller's; touch them first so that the
   * timing measures settlement, not the kernel's first-touch page faults. */
  memset(units, 0, n * 8), memset(amount, 0, n * 8), memset(fund, 0, n * 8), memset(status, 0, n), memset(reason, 0, n);
  /* CPU time (the machine is shared), median of RUNS runs of both passes */
  enum { RUNS = 9 };
  ygt_settle_values *v = NULL;
  double ts[RUNS], tp[RUNS], tt[RUNS];
  for (int run = 0; run < RUNS; run++) {
    ygt_settle_values_free(v);
    ygt_settle_accum_free(acc), ygt_settle_accum_free(ledger);
    if (ygt_settle_accum_new(&acc, NINST) || ygt_settle_accum_new(&ledger, NINST)) return fail("accumulators");
    double t0 = cpu_now();
    if (ygt_points_score(acc, status, reason, units, pts, model, c, group, NULL, NULL, 0, n)) return fail("score");
    double t1 = cpu_now();
    if (ygt_points_finalise(&v, acc, pts)) return fail("finalise");
    double t2 = cpu_now();
    if (ygt_settle_price(ledger, amount, fund, v, c, status, units, 0, n)) return fail("price");
    double t3 = cpu_now();
    ts[run] = t1 - t0, tp[run] = t3 - t2, tt[run] = t3 - t0;
  }
  double t = bench_median(tt, RUNS), rate = (double)n / t / 1e6;
  double pv;
  int64_t total;
  ygt_settle_values_get(&pv, v, YGT_VALUE_POINT_VALUE, 0);
  ygt_settle_accum_total(&total, ledger, YGT_FIELD_FUND, -1, -1, -1);
  printf("point method, both passes, %d cases, one core: points %.3f s, total %.3f s, CPU time, median of %d: "
         "%.1f M cases/s (goal >= 50 M/s: %s); point value %.4f yuan, fund %lld fen\n",
         NCASES, bench_median(ts, RUNS), t, RUNS, rate, bench_verdict(rate, 50, 0), pv, (long long)total);
  printf("  per case: scoring %.1f ns, pricing %.1f ns (medians)\n", bench_median(ts, RUNS) / n * 1e9,
         bench_median(tp, RUNS) / n * 1e9);
  ygt_settle_accum *dacc, *dled;
  if (ygt_settle_accum_new(&dacc, NINST) || ygt_settle_accum_new(&dled, NINST)) return fail("accumulators");
  ygt_drgpay_set_base_rate(pay, -1, -1, 10000);
  double t3 = cpu_now();
  if (ygt_drgpay_settle(dacc, dled, status, reason, amount, fund, pay, model, NULL, c, group, 0, n))
    return fail("drg settle");
  double t4 = cpu_now();
  printf("DRG rate method, %d cases, one core: %.3f s (%.0f cases/s)\n", NCASES, t4 - t3, (double)n / (t4 - t3));
  ygt_settle_values_free(v);
  ygt_settle_accum_free(acc), ygt_settle_accum_free(ledger), ygt_settle_accum_free(dacc), ygt_settle_accum_free(dled);
  ygt_cases_free(c);
  ygt_points_free(pts);
  ygt_drgpay_free(pay);
  ygt_codes_free(dx), ygt_codes_free(proc);
  ygt_model_free(model);
  free(inst), free(ins), free(date), free(los), free(leave), free(group), free(cost), free(share), free(units);
  free(amount), free(fund), free(status), free(reason);
  return 0;
}
