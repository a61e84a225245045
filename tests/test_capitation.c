/* Capitation, per-diem and workload equivalents: hand-computed pools,
 * charges, stay amounts and compensation; partition invariance; malformed
 * tables. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pay_fixture.h"

static void test_capitation(void **state) {
  (void)state;
  pf_world w;
  assert_int_equal(pf_open(&w), YGT_OK);
  int64_t n, pool, balance;
  /* signed with H1's teams: 1200 + 800 = 2000 */
  assert_int_equal(ygt_capitation_persons(&n, w.model, PF_H1, YGT_CAPITATION_SIGNED, -1), YGT_OK);
  assert_int_equal(n, 2000);
  /* insured in H1's grids: resident 7000 + 2000 = 9000; both 13000 */
  assert_int_equal(ygt_capitation_persons(&n, w.model, PF_H1, YGT_CAPITATION_INSURED, 1), YGT_OK);
  assert_int_equal(n, 9000);
  assert_int_equal(ygt_capitation_persons(&n, w.model, PF_H1, YGT_CAPITATION_INSURED, -1), YGT_OK);
  assert_int_equal(n, 13000);
  assert_int_equal(ygt_capitation_persons(&n, w.model, PF_H3, YGT_CAPITATION_SIGNED, -1), YGT_OK);
  assert_int_equal(n, 0);
  assert_int_equal(ygt_capitation_persons(&n, w.model, 7, YGT_CAPITATION_SIGNED, -1), YGT_ERANGE);
  /* 10 yuan × 2000 × 0.9 eligible × 12 months × 1.05 = 226,800.00 yuan */
  assert_int_equal(ygt_capitation_pool(&pool, 1000, 2000, 0.9, 12, 1.05), YGT_OK);
  assert_int_equal(pool, 22680000);
  /* half a fen: 0.5 fen × 1 × 1 × 1 × 1 ... 1 fen × 1 × 0.5 = 0.5 -> 1 */
  assert_int_equal(ygt_capitation_pool(&pool, 1, 1, 0.5, 1, 1), YGT_OK);
  assert_int_equal(pool, 1);
  assert_int_equal(ygt_capitation_pool(&pool, 1000, 2000, 1.2, 12, 1), YGT_ERANGE);
  assert_int_equal(ygt_capitation_pool(&pool, 1000, 2000, 1, 0, 1), YGT_ERANGE);
  /* visits of H1's residents: at H3 fund 300.00 (paid), at H2 total 200 -
   * self-paid 50 = 150.00, at H1 itself (not charged) */
  const pf_case visits[] = {{PF_H3, 1, 20240105, 1, 1, 50000, 0, 0, 0},
                            {PF_H2, 1, 20240105, 1, 1, 20000, 5000, 0, 0},
                            {PF_H1, 1, 20240105, 1, 1, 9000, 0, 0, 0}};
  ygt_cases *c;
  assert_int_equal(pf_cases(&c, &w, visits, 3, NULL), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 0, YGT_CASE_FUND_PAID, 30000), YGT_OK);
  const int32_t home[] = {PF_H1, PF_H1, PF_H1};
  int64_t charged[3] = {0}, split[3] = {0};
  assert_int_equal(ygt_capitation_charges(charged, 3, c, home, 0, 3), YGT_OK);
  assert_int_equal(charged[PF_H1], 45000);
  assert_int_equal(ygt_capitation_charges(split, 3, c, home, 2, 3), YGT_OK);
  assert_int_equal(ygt_capitation_charges(split, 3, c, home, 0, 2), YGT_OK);
  assert_memory_equal(charged, split, sizeof charged);
  assert_int_equal(ygt_capitation_charges(charged, 3, c, home, 0, 4), YGT_ERANGE);
  /* 226,800 - 450 = 226,350.00 */
  assert_int_equal(ygt_capitation_balance(&balance, 22680000, charged[PF_H1]), YGT_OK);
  assert_int_equal(balance, 22635000);
  assert_int_equal(ygt_capitation_balance(&balance, INT64_MIN, 1), YGT_EOVERFLOW);
  ygt_cases_free(c);
  pf_close(&w);
}

/* psychiatric: days 1-30 at 300, 31-60 at 250, 61+ at 200 (any level);
 * 三甲 override: 1-30 at 400, 31+ at 350; rehabilitation 1-20 at 500 only. */
static const char bands[] = "class|level|from_day|to_day|rate\n"
                            "psychiatric|*|1|30|300\npsychiatric|*|31|60|250\npsychiatric|*|61||200\n"
                            "psychiatric|3A|1|30|400\npsychiatric|3A|31||350\n"
                            "rehabilitation|*|1|20|500.50\n";

static void test_perdiem(void **state) {
  (void)state;
  pf_world w;
  char path[256];
  assert_int_equal(pf_open(&w), YGT_OK);
  assert_non_null(pf_tsv(path, bands));
  ygt_perdiem *p;
  assert_int_equal(ygt_perdiem_load(&p, path), YGT_OK);
  int32_t psy = ygt_perdiem_class_find(p, "psychiatric"), reh = ygt_perdiem_class_find(p, "rehabilitation");
  assert_true(psy == 0 && reh == 1);
  assert_int_equal(ygt_perdiem_class_find(p, "palliative"), -1);
  int64_t a;
  /* 一级, 70 days: 30 × 300 + 30 × 250 + 10 × 200 = 18,500.00 */
  assert_int_equal(ygt_perdiem_amount(&a, p, psy, YGT_LEVEL_1, 70), YGT_OK);
  assert_int_equal(a, 1850000);
  /* 三甲, 40 days: 30 × 400 + 10 × 350 = 15,500.00 */
  assert_int_equal(ygt_perdiem_amount(&a, p, psy, YGT_LEVEL_3A, 40), YGT_OK);
  assert_int_equal(a, 1550000);
  /* rehabilitation 21 days: day 21 has no band */
  assert_int_equal(ygt_perdiem_amount(&a, p, reh, YGT_LEVEL_1, 21), YGT_ENOTFOUND);
  assert_int_equal(ygt_perdiem_set_fund_ratio(p, -1, 0.8), YGT_OK);
  const pf_case stays[] = {{PF_H1, 0, 20240310, 70, 1, 2000000, 100000, 0, 0},
                           {PF_H3, 1, 20240410, 40, 1, 1600000, 0, 0, 0},
                           {PF_H1, 1, 20240410, 21, 1, 1000000, 0, 0, 0},
                           {PF_H1, 1, 20240410, 10, 1, 600000, 0, 0, 0}};
  const int32_t cls[] = {psy, psy, reh, reh};
  ygt_cases *c;
  assert_int_equal(pf_cases(&c, &w, stays, 4, NULL), YGT_OK);
  ygt_settle_accum *l1, *l2;
  assert_int_equal(ygt_settle_accum_new(&l1, 3) | ygt_settle_accum_new(&l2, 3), YGT_OK);
  int8_t st[4];
  int64_t amount[4], fund[4];
  assert_int_equal(ygt_perdiem_settle(NULL, l1, st, NULL, amount, fund, p, w.model, c, cls, 0, 4), YGT_OK);
  /* fund: (18500 - 1000) × 0.8 = 14000.00; 15500 × 0.8 = 12400.00;
   * rehabilitation 10 days × 500.50 = 5005.00, × 0.8 = 4004.00 */
  assert_int_equal(fund[0], 1400000);
  assert_int_equal(fund[1], 1240000);
  assert_int_equal(st[2], YGT_SETTLE_SPECIAL_REVIEW);
  assert_int_equal(amount[3], 500500);
  assert_int_equal(fund[3], 400400);
  assert_int_equal(ygt_perdiem_settle(NULL, l2, NULL, NULL, NULL, NULL, p, w.model, c, cls, 2, 4), YGT_OK);
  assert_int_equal(ygt_perdiem_settle(NULL, l2, NULL, NULL, NULL, NULL, p, w.model, c, cls, 0, 2), YGT_OK);
  assert_true(pf_accum_equal(l1, l2));
  ygt_settle_accum_free(l1), ygt_settle_accum_free(l2);
  ygt_cases_free(c);
  ygt_perdiem_free(p);
  unlink(path);
  pf_close(&w);
}

static void test_workload(void **state) {
  (void)state;
  char path[256];
  assert_non_null(pf_tsv(path, "item_code|equivalent|name\nV01|1.0|门诊\nF01|0.25|随访\nH01|3.5|家庭病床\n"));
  ygt_workload *w;
  assert_int_equal(ygt_workload_load(&w, path), YGT_OK);
  assert_int_equal(ygt_workload_item_find(w, "F01"), 1);
  /* inst 0: 100 visits + 40 follow-ups = 110; inst 1: 20 × 3.5 = 70; all 180 */
  const int32_t inst[] = {0, 0, 1}, item[] = {0, 1, 2};
  const int64_t qty[] = {100, 40, 20};
  int64_t units[2] = {0}, split[2] = {0}, out[2];
  assert_int_equal(ygt_workload_tally(units, 2, w, inst, item, qty, 3), YGT_OK);
  assert_true(units[0] == 110000000 && units[1] == 70000000);
  assert_int_equal(ygt_workload_tally(split, 2, w, inst + 2, item + 2, qty + 2, 1), YGT_OK);
  assert_int_equal(ygt_workload_tally(split, 2, w, inst, item, qty, 2), YGT_OK);
  assert_memory_equal(units, split, sizeof units);
  /* budget 18,000 yuan: 100 yuan per equivalent; 110 × 100 × 0.95 = 10,450.00, 70 × 100 × 1 = 7,000.00 */
  const double assess[] = {0.95, 1.0};
  double unit;
  assert_int_equal(ygt_workload_compensate(out, &unit, units, assess, 2, 1800000), YGT_OK);
  assert_true(fabs(unit - 100) < 1e-9);
  assert_int_equal(out[0], 1045000);
  assert_int_equal(out[1], 700000);
  const int32_t bad_item[] = {5};
  assert_int_equal(ygt_workload_tally(units, 2, w, inst, bad_item, qty, 1), YGT_ERANGE);
  const int64_t zero[] = {0, 0};
  assert_int_equal(ygt_workload_compensate(out, NULL, zero, NULL, 2, 100), YGT_EVALIDATE);
  /* three equal institutions share 200 fen to the fen: 67 + 67 + 66 (each rounded alone, 201 were paid) */
  const int64_t equal[] = {1000000, 1000000, 1000000};
  int64_t three[3];
  assert_int_equal(ygt_workload_compensate(three, NULL, equal, NULL, 3, 200), YGT_OK);
  assert_true(three[0] + three[1] + three[2] == 200 && three[0] == 67 && three[2] == 66);
  ygt_workload_free(w);
  unlink(path);
}

static int load_perdiem(void **out, const char *path) { return ygt_perdiem_load((ygt_perdiem **)out, path); }
static int load_workload(void **out, const char *path) { return ygt_workload_load((ygt_workload **)out, path); }

static void test_malformed(void **state) {
  (void)state;
  const pf_bad perdiem[] = {
    {"class|level|from_day|to_day|rate\npsy|*|1|30|300\npsy|*|20|40|250\n", YGT_EVALIDATE, 3, "from_day", "overlaps"},
    {"class|level|from_day|to_day|rate\npsy|4Z|1|30|300\n", YGT_ENOTFOUND, 2, "level", "hospital level"},
    {"class|level|from_day|to_day|rate\npsy|*|10|5|300\n", YGT_EVALIDATE, 2, "to_day", "ends before"},
    {"class|level|from_day|to_day|rate\npsy|*|0|5|300\n", YGT_ERANGE, 2, "from_day", "outside"},
    {"class|level|from_day|to_day|rate\npsy|*|1|5|abc\n", YGT_EPARSE, 2, "rate", "amount"},
    {"class|level|from_day|rate\npsy|*|1|300\n", YGT_EPARSE, 1, "to_day", "required column"},
  };
  const pf_bad workload[] = {
    {"item_code|equivalent\nV|x\n", YGT_EPARSE, 2, "equivalent", "not a number"},
    {"item_code|equivalent\nV|1\nV|2\n", YGT_EVALIDATE, 3, "item_code", "twice"},
    {"item_code|equivalent\nV|-1\n", YGT_ERANGE, 2, "equivalent", "outside"},
    {"item_code|equivalent\n", YGT_EVALIDATE, 1, "", "no item"},
  };
  pf_check_bad(perdiem, sizeof perdiem / sizeof perdiem[0], load_perdiem);
  pf_check_bad(workload, sizeof workload / sizeof workload[0], load_workload);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_capitation),
    cmocka_unit_test(test_perdiem),
    cmocka_unit_test(test_workload),
    cmocka_unit_test(test_malformed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
