/* Benchmark: year-end settlement of a county (the Chun'an bundle with its
 * budget file, three communities) over 10 million encounters on one core:
 * money-follows-the-patient flows, sharing, distribution and the ledger.
 * Prints the figures; never fails on speed.
 * `meson test -C build --benchmark -v budget`. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "yigongti.h"
#include "bench_util.h"

#define ROWS 10000000
#define SCALES 100000

static uint64_t state = 88172645463325252ull;
static uint32_t next(void) { /* xorshift64: reproducible data */
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return (uint32_t)(state >> 16);
}

static const char budget_json[] =
    "{\"format\": \"yigongti.budget\", \"version\": 1, \"year\": 2018,\n"
    " \"provenance\": {\"document\": \"benchmark\", \"illustrative\": true},\n"
    " \"budgets\": [\n"
    "  {\"community\": \"CA-C1\", \"insurance\": \"employee\", \"per_capita\": \"40000\"},\n"
    "  {\"community\": \"CA-C1\", \"insurance\": \"resident\", \"per_capita\": \"8000\"},\n"
    "  {\"community\": \"CA-C2\", \"insurance\": \"employee\", \"per_capita\": \"40000\"},\n"
    "  {\"community\": \"CA-C2\", \"insurance\": \"resident\", \"per_capita\": \"8000\"},\n"
    "  {\"community\": \"CA-C3\", \"insurance\": \"employee\", \"per_capita\": \"40000\"},\n"
    "  {\"community\": \"CA-C3\", \"insurance\": \"resident\", \"per_capita\": \"8000\"}],\n"
    " \"sharing\": {\"surplus\": [{\"from\": 0, \"to\": 0.1, \"community\": 1}, {\"from\": 0.1, \"to\": 1, \"community\": 0.5}],\n"
    "   \"overspend\": [{\"from\": 0, \"to\": 0.05, \"fund\": 0.6}, {\"from\": 0.05, \"to\": 0.1, \"fund\": 0.3}],\n"
    "   \"overspend_bearer\": \"distribution\"},\n"
    " \"distribution\": {\"method\": \"workload\", \"primary_floor\": 0.4}}\n";

int main(void) {
  ygt_model *m = NULL;
  ygt_budget *b = NULL;
  ygt_encounters *e = NULL;
  if (ygt_model_load(&m, SOURCE_ROOT "/examples/data/chunan") || ygt_budget_parse(&b, m, budget_json, "bench") ||
      ygt_encounters_new(&e)) {
    fprintf(stderr, "setup: %s\n", ygt_error_last()->message);
    return 1;
  }
  int32_t ninst = (int32_t)ygt_model_institution_count(m), ngrid = (int32_t)ygt_model_grid_count(m);
  int32_t *inst = malloc(ROWS * sizeof *inst), *grid = malloc(ROWS * sizeof *grid), *period = malloc(ROWS * sizeof *period);
  int8_t *ins = malloc(ROWS), *ref = malloc(ROWS);
  int64_t *fund = malloc(ROWS * sizeof *fund);
  if (!inst || !grid || !period || !ins || !ref || !fund) return 1;
  for (size_t i = 0; i < ROWS; i++) {
    uint32_t x = next();
    inst[i] = (int32_t)(x % (uint32_t)ninst);
    grid[i] = (int32_t)((x >> 8) % (uint32_t)(ngrid + 1)) - 1;
    period[i] = 201801 + (int32_t)((x >> 27) % 12);
    ins[i] = (int8_t)((x >> 12) % 3) - 1;
    ref[i] = (int8_t)((x >> 16) % 16 < 12 ? 0 : (x >> 20) % 4);
    fund[i] = (x >> 4) % 10 == 0 ? 500000 + (x % 300000) : 9000 + (x % 12000);
  }
  ygt_encounters_attach(e, YGT_ENC_INSTITUTION, inst, ROWS);
  ygt_encounters_attach(e, YGT_ENC_GRID, grid, ROWS);
  ygt_encounters_attach(e, YGT_ENC_PERIOD, period, ROWS);
  ygt_encounters_attach(e, YGT_ENC_INSURANCE, ins, ROWS);
  ygt_encounters_attach(e, YGT_ENC_REFERRAL, ref, ROWS);
  ygt_encounters_attach(e, YGT_ENC_FUND, fund, ROWS);
  double best = 1e9;
  ygt_budget_report *r = NULL;
  for (int rep = 0; rep < 3; rep++) {
    double t0 = now();
    if (ygt_budget_settle(&r, b, m, e, NULL, NULL, 0)) {
      fprintf(stderr, "settle: %s\n", ygt_error_last()->message);
      return 1;
    }
    double t = now() - t0;
    best = t < best ? t : best;
    if (rep < 2) ygt_budget_report_free(r);
  }
  int64_t actual = 0, final = 0;
  double outflow = 0;
  ygt_budget_report_community(&actual, r, -1, -1, YGT_BUDGET_ACTUAL);
  ygt_budget_report_community(&final, r, -1, -1, YGT_BUDGET_FINAL);
  ygt_budget_report_outflow_share(&outflow, r, -1);
  printf("budget: year-end settlement of %d encounters (%d institutions, %zu communities): %.3f s best of 3, "
         "%.1f M encounters/s\n", ROWS, ninst, ygt_model_community_count(m), best, ROWS / best / 1e6);
  printf("budget: actual %.2f yuan, final payments %.2f yuan, out of county %.1f %%, %zu ledger lines\n",
         (double)actual / 100, (double)final / 100, outflow * 100, ygt_budget_report_ledger_count(r));
  ygt_budget_report_free(r);
  /* a budget for a scaled county: one copy per scenario of a simulation */
  double t0 = now();
  for (int k = 0; k < SCALES; k++) {
    ygt_budget *scaled = NULL;
    if (ygt_budget_scale(&scaled, b, 0.1)) return 1;
    ygt_budget_free(scaled);
  }
  double took = now() - t0;
  printf("budget: %d scaled copies in %.3f s, %.2f us each\n", SCALES, took, took / SCALES * 1e6);
  ygt_encounters_free(e);
  ygt_budget_free(b);
  ygt_model_free(m);
  free(inst), free(grid), free(period), free(ins), free(ref), free(fund);
  return 0;
}
