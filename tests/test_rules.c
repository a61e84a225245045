/* Rules the documents state and an independent reference had to guess
 * (issue 18, part 4), one test each: 基础病组 drop the institution
 * coefficient with the level adjustment; a stay without a total cost is
 * invalid before any method check; a point-method stay both incomplete and
 * high-cost is paid as high-cost; DRG min_los / max_los are inclusive.  (The
 * primary-care floor's split is pinned by tests/test_budget.c,
 * test_distribution.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pay_fixture.h"

/* G1 RW 1.5; G2 RW 0.8 基础病组; G3 RW 2.0 per diem. */
static const char drg_text[] = "drg_code|rw|basic_group|per_diem\nG1|1.5|0|0\nG2|0.8|1|0\nG3|2.0|0|1\n";
/* P1 base 100 points, mean cost 10000 yuan. */
static const char points_text[] = "group_code|base_points|mean_cost\nP1|100|10000\n";

static pf_world w;
static ygt_drgpay *drg;

static int setup(void **state) {
  (void)state;
  char path[256];
  if (pf_open(&w) || !pf_tsv(path, drg_text) || ygt_drgpay_load(&drg, path)) return -1;
  remove(path);
  /* employee: 三甲 12000, 一级 (the basic level) 6960; 三甲 adjustment 1.2 */
  ygt_drgpay_set_base_rate(drg, YGT_INSURANCE_EMPLOYEE, -1, 12000);
  ygt_drgpay_set_base_rate(drg, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_1, 6960);
  ygt_drgpay_set_level(drg, YGT_LEVEL_3A, YGT_DRGPAY_ADJUST, 1.2);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ygt_drgpay_free(drg);
  pf_close(&w);
  return 0;
}

/* Settles one stay of group g by the rate method; returns its status. */
static int drg_one(const pf_case *k, int32_t g, const double *coef, int8_t *reason, int64_t *amount) {
  ygt_cases *c;
  int8_t st = -1;
  assert_int_equal(pf_cases(&c, &w, k, 1, NULL), YGT_OK);
  if (k->cost < 0) assert_int_equal(ygt_cases_set_int64(c, 0, YGT_CASE_TOTAL_COST, YGT_CASES_NA64), YGT_OK);
  assert_int_equal(ygt_drgpay_settle(NULL, NULL, &st, reason, amount, NULL, drg, w.model, coef, c, &g, 0, 1), YGT_OK);
  ygt_cases_free(c);
  return st;
}

/* 基础病组: the basic level's rate × RW at every level, without the level
 * adjustment AND without the institution coefficient. */
static void test_basic_group_drops_institution_coefficient(void **state) {
  (void)state;
  int64_t s;
  assert_int_equal(ygt_drgpay_standard(&s, drg, 1, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_3A, 1.3), YGT_OK);
  assert_int_equal(s, 556800); /* 6960 × 0.8, not × 1.2 × 1.3 */
  double coef[3] = {1.3, 1.3, 1.3};
  int8_t reason;
  int64_t amount;
  pf_case k = {PF_H3, 0, 0, 7, 1, 500000, 0, 0, 0};
  assert_int_equal(drg_one(&k, 1, coef, &reason, &amount), YGT_SETTLE_OK);
  assert_int_equal(amount, 556800);
  /* an ordinary group takes both: 12000 × 1.5 × 1.2 × 1.3 = 28080 */
  k.cost = 2000000;
  assert_int_equal(drg_one(&k, 0, coef, &reason, &amount), YGT_SETTLE_OK);
  assert_int_equal(amount, 2808000);
}

/* No total cost: INVALID (NO_COST) before the method's own checks, even
 * for a per-diem group or a stay outside the stay limits, whose outcome
 * would not need the cost. */
static void test_no_cost_is_invalid_first(void **state) {
  (void)state;
  int8_t reason;
  int64_t amount = -1;
  ygt_drgpay_set(drg, YGT_DRGPAY_MIN_LOS, 2);
  pf_case k = {PF_H3, 0, 0, 7, 1, -1, 0, 0, 0};
  assert_int_equal(drg_one(&k, 2, NULL, &reason, &amount), YGT_SETTLE_INVALID); /* per-diem group */
  assert_int_equal(reason, YGT_REASON_NO_COST);
  assert_int_equal(amount, 0);
  assert_int_equal(drg_one(&k, -1, NULL, &reason, &amount), YGT_SETTLE_INVALID); /* no group */
  assert_int_equal(reason, YGT_REASON_NO_COST);
  k.los = 1;
  assert_int_equal(drg_one(&k, 0, NULL, &reason, &amount), YGT_SETTLE_INVALID); /* short stay */
  assert_int_equal(reason, YGT_REASON_NO_COST);
  ygt_drgpay_set(drg, YGT_DRGPAY_MIN_LOS, 0);
  /* per diem: the payment is days × rate, yet no cost is still invalid */
  char path[256];
  ygt_perdiem *pd;
  assert_non_null(pf_tsv(path, "class|level|from_day|to_day|rate\nrehab|*|1||300.00\n"));
  assert_int_equal(ygt_perdiem_load(&pd, path), YGT_OK);
  remove(path);
  ygt_cases *c;
  int32_t cls = 0;
  int8_t st;
  assert_int_equal(pf_cases(&c, &w, &k, 1, NULL), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 0, YGT_CASE_TOTAL_COST, YGT_CASES_NA64), YGT_OK);
  assert_int_equal(ygt_perdiem_settle(NULL, NULL, &st, &reason, &amount, NULL, pd, w.model, c, &cls, 0, 1), YGT_OK);
  assert_int_equal(st, YGT_SETTLE_INVALID);
  assert_int_equal(reason, YGT_REASON_NO_COST);
  ygt_cases_free(c);
  ygt_perdiem_free(pd);
}

/* Incomplete (leaving type 2, in the default mask) and above 3 × the mean
 * cost: high-cost, B × k + (C − 3M) × B / M = 100 + 100 points, not the
 * incomplete stay's C / M share capped at B (100). */
static void test_points_incomplete_and_high_cost(void **state) {
  (void)state;
  char path[256];
  ygt_points *p;
  assert_non_null(pf_tsv(path, points_text));
  assert_int_equal(ygt_points_load(&p, path), YGT_OK);
  remove(path);
  assert_int_equal(ygt_points_set_level_coef(p, YGT_LEVEL_3A, 1), YGT_OK);
  pf_case k = {PF_H3, 0, 0, 7, 2, 4000000, 0, 0, 0};
  ygt_cases *c;
  int32_t g = 0;
  int8_t st, reason;
  int64_t units;
  assert_int_equal(pf_cases(&c, &w, &k, 1, NULL), YGT_OK);
  assert_int_equal(ygt_points_score(NULL, &st, &reason, &units, p, w.model, c, &g, NULL, NULL, 0, 1), YGT_OK);
  assert_int_equal(st, YGT_SETTLE_OK);
  assert_int_equal(reason, YGT_REASON_HIGH_COST);
  assert_int_equal(units, 200 * (int64_t)YGT_SETTLE_SCORE_UNIT);
  /* the same stay below the high-cost line is incomplete: 100 × 20000 / 10000 capped at 100 */
  assert_int_equal(ygt_cases_set_int64(c, 0, YGT_CASE_TOTAL_COST, 2000000), YGT_OK);
  assert_int_equal(ygt_points_score(NULL, &st, &reason, &units, p, w.model, c, &g, NULL, NULL, 0, 1), YGT_OK);
  assert_int_equal(reason, YGT_REASON_INCOMPLETE);
  assert_int_equal(units, 100 * (int64_t)YGT_SETTLE_SCORE_UNIT);
  ygt_cases_free(c);
  ygt_points_free(p);
}

/* min_los 2, max_los 30: a stay of exactly 2 or exactly 30 days is
 * excluded (both limits inclusive); 3 and 29 days are paid. */
static void test_drg_los_limits_inclusive(void **state) {
  (void)state;
  static const int32_t los[] = {2, 3, 29, 30};
  static const int want_status[] = {YGT_SETTLE_EXCLUDED, YGT_SETTLE_OK, YGT_SETTLE_OK, YGT_SETTLE_EXCLUDED};
  static const int want_reason[] = {YGT_REASON_SHORT_STAY, YGT_REASON_NONE, YGT_REASON_NONE, YGT_REASON_LONG_STAY};
  ygt_drgpay_set(drg, YGT_DRGPAY_MIN_LOS, 2);
  ygt_drgpay_set(drg, YGT_DRGPAY_MAX_LOS, 30);
  for (int i = 0; i < 4; i++) {
    pf_case k = {PF_H3, 0, 0, los[i], 1, 2000000, 0, 0, 0};
    int8_t reason;
    int64_t amount;
    assert_int_equal(drg_one(&k, 0, NULL, &reason, &amount), want_status[i]);
    assert_int_equal(reason, want_reason[i]);
  }
  ygt_drgpay_set(drg, YGT_DRGPAY_MIN_LOS, 0);
  ygt_drgpay_set(drg, YGT_DRGPAY_MAX_LOS, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_basic_group_drops_institution_coefficient),
    cmocka_unit_test(test_no_cost_is_invalid_first),
    cmocka_unit_test(test_points_incomplete_and_high_cost),
    cmocka_unit_test(test_drg_los_limits_inclusive),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
