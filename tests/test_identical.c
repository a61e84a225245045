/* The fast batch paths give bit-identical results to the reference paths
 * they replace: every row's outputs and every accumulator cell, over random
 * batches that reach every status, reason and fallback (invalid rows,
 * unknown codes, deviations, extreme costs, day surgery, auxiliary bands,
 * grassroots groups).  The reference runs in the same test, so nothing here
 * is a hard-coded figure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "yigongti.h"
#include "dip_fixture.h"
#include "dip_internal.h"

#define NROWS 40000

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n) {
  rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 11) % n;
}

static const char *const dx_pool[] = {"I63.900", "I63.901", "K80.100", "K80.101", "J18.900", "E11.900",
                                      "I10.x00", "N18.500", "K80.200", "Z99.999"};
static const char *const proc_pool[] = {"51.2300", "51.2200", "88.7100", "99.0400", "00.6600", "39.6500"};

static void add_codes(ygt_cases *c, size_t r, int col, const char *const *pool, size_t npool, uint32_t max) {
  for (uint32_t k = rnd(max + 1); k > 0; k--) assert_int_equal(ygt_cases_add_code(c, r, col, pool[rnd((uint32_t)npool)]), 0);
}

/* One random row: mostly plain cases, every field sometimes odd. */
static void add_row(ygt_cases *c) {
  size_t r;
  assert_int_equal(ygt_cases_append(c, &r), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_INSTITUTION, rnd(20) ? (int32_t)rnd(2) : 7), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_INSURANCE, rnd(30) ? (int32_t)rnd(2) : -1), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_DISCHARGE_DATE, rnd(40) ? 20240101 + 100 * (int32_t)rnd(12) : 20241301), 0);
  if (rnd(50)) assert_int_equal(ygt_cases_set_code(c, r, YGT_CASE_PDX, dx_pool[rnd(10)]), 0);
  add_codes(c, r, YGT_CASE_SDX, dx_pool, 9, 4);
  add_codes(c, r, YGT_CASE_PROCS, proc_pool, 6, 3);
  int64_t cost = rnd(50) ? 100000 + (int64_t)rnd(4000000) : (int64_t)rnd(100000000);
  assert_int_equal(ygt_cases_set_int64(c, r, YGT_CASE_TOTAL_COST, cost), 0);
  if (rnd(4)) assert_int_equal(ygt_cases_set_int64(c, r, YGT_CASE_SELF_PAID, cost / (2 + rnd(8))), 0);
  else if (rnd(2)) assert_int_equal(ygt_cases_set_int64(c, r, YGT_CASE_FUND_PAID, cost / 2), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_AGE_YEARS, (int32_t)rnd(100)), 0);
  assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_DAY_SURGERY, rnd(40) == 0), 0);
  if (rnd(3) == 0) assert_int_equal(ygt_cases_set_int(c, r, YGT_CASE_LOS_DAYS, (int32_t)rnd(100)), 0);
}

typedef struct outputs {
  int32_t group[NROWS];
  int8_t status[NROWS], reason[NROWS];
  int64_t units[NROWS], amount[NROWS], fund[NROWS];
} outputs;

/* Scores rows [0, n) (by the batch path or the reference) and prices them. */
static void settle(outputs *o, ygt_settle_accum **acc, ygt_settle_accum **ledger, const fixture *f,
                   const ygt_cases *c, size_t n, int reference) {
  assert_int_equal(ygt_settle_accum_new(acc, 2), 0);
  assert_int_equal(ygt_settle_accum_new(ledger, 2), 0);
  int rc = reference ? ygt__dip_score_reference(*acc, o->group, o->status, o->reason, o->units, f->engine, c, 0, n)
                     : ygt_dip_score(*acc, o->group, o->status, o->reason, o->units, f->engine, c, 0, n);
  assert_int_equal(rc, 0);
  ygt_settle_values *v;
  assert_int_equal(ygt_settle_finalise(&v, *acc, f->params), 0);
  assert_int_equal(ygt_settle_price(*ledger, o->amount, o->fund, v, c, o->status, o->units, 0, n), 0);
  ygt_settle_values_free(v);
}

static void assert_same_cells(const ygt_settle_accum *a, const ygt_settle_accum *b) {
  size_t n = (a->ninst + 1) * YGT__NINS_SLOT * YGT__NMONTH * YGT__NFIELD;
  assert_memory_equal(a->cells, b->cells, n * sizeof *a->cells);
}

/* The fixture's parameters with a longest stay, so that rows are excluded too. */
static char *params_with_max_los(void) {
  static char text[sizeof fixture_params + 64];
  const char *at = strstr(fixture_params, "  \"prepay_ratio\"");
  snprintf(text, sizeof text, "%.*s  \"max_los_days\": 60,\n%s", (int)(at - fixture_params), fixture_params, at);
  return text;
}

static void dip_batch_equals_reference(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, params_with_max_los()), 0);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), 0);
  for (int i = 0; i < NROWS; i++) add_row(c);
  static outputs fast, ref;
  ygt_settle_accum *acc[2], *ledger[2];
  settle(&fast, &acc[0], &ledger[0], &f, c, NROWS, 0);
  settle(&ref, &acc[1], &ledger[1], &f, c, NROWS, 1);
  assert_memory_equal(&fast, &ref, sizeof fast);
  assert_same_cells(acc[0], acc[1]);
  assert_same_cells(ledger[0], ledger[1]);
  /* every path was taken: the check could fail */
  int seen_status[4] = {0}, seen_reason[32] = {0};
  for (int i = 0; i < NROWS; i++) seen_status[fast.status[i]]++, seen_reason[fast.reason[i]]++;
  for (int st = 0; st < 4; st++) assert_true(seen_status[st] > 0);
  int reasons[] = {YGT_REASON_NONE, YGT_REASON_LOW_COST, YGT_REASON_HIGH_COST, YGT_REASON_EXTREME_COST,
                   YGT_REASON_DAY_SURGERY, YGT_REASON_UNMATCHED, YGT_REASON_NO_PDX, YGT_REASON_NO_INSTITUTION};
  for (size_t k = 0; k < sizeof reasons / sizeof *reasons; k++) {
    if (!seen_reason[reasons[k]]) printf("reason %s never seen\n", ygt_settle_reason_name(reasons[k]));
    assert_true(seen_reason[reasons[k]] > 0);
  }
  for (int k = 0; k < 2; k++) ygt_settle_accum_free(acc[k]), ygt_settle_accum_free(ledger[k]);
  ygt_cases_free(c);
  fixture_close(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(dip_batch_equals_reference),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
