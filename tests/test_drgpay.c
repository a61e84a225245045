/* DRG rate method: hand-computed standards and fund payments, the city
 * tables of Qingdao 2023 and Wuxi 2022 reproduced to the fen, weights from
 * costs, base rates from the budget, partition invariance and malformed
 * tables and parameters. */
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
#include "table_internal.h"
#include "shared_data.h"

#define assert_near(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))

/* G1 RW 1.5; G2 RW 0.8 基础病组; G3 RW 2.0 per diem; G4 RW 0.125. */
static const char table_text[] = "drg_code|drg_name|rw|basic_group|per_diem\n"
                                 "G1|one|1.5|0|0\nG2|two|0.8|1|\nG3|three|2.0||1\nG4|four|0.125||\n";

typedef struct world {
  pf_world w;
  ygt_drgpay *pay;
  char path[256];
} world;

static int setup(void **state) {
  world *x = calloc(1, sizeof *x);
  assert_int_equal(pf_open(&x->w), YGT_OK);
  assert_non_null(pf_tsv(x->path, table_text));
  assert_int_equal(ygt_drgpay_load(&x->pay, x->path), YGT_OK);
  ygt_drgpay *p = x->pay;
  /* employee 三甲 12000, 二甲 9600, 一级 6960; resident 10000, 8000, 6000 */
  assert_int_equal(ygt_drgpay_set_base_rate(p, YGT_INSURANCE_EMPLOYEE, -1, 12000), YGT_OK);
  assert_int_equal(ygt_drgpay_set_base_rate(p, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_2A, 9600), YGT_OK);
  assert_int_equal(ygt_drgpay_set_base_rate(p, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_1, 6960), YGT_OK);
  assert_int_equal(ygt_drgpay_set_base_rate(p, YGT_INSURANCE_RESIDENT, -1, 10000), YGT_OK);
  assert_int_equal(ygt_drgpay_set_base_rate(p, YGT_INSURANCE_RESIDENT, YGT_LEVEL_2A, 8000), YGT_OK);
  assert_int_equal(ygt_drgpay_set_base_rate(p, YGT_INSURANCE_RESIDENT, YGT_LEVEL_1, 6000), YGT_OK);
  assert_int_equal(ygt_drgpay_set_base_rate(p, YGT_INSURANCE_RESIDENT, YGT_LEVEL_UNRATED, 1), YGT_OK);
  assert_int_equal(ygt_drgpay_set_fund_ratio(p, YGT_INSURANCE_EMPLOYEE, 0.9), YGT_OK);
  assert_int_equal(ygt_drgpay_set_fund_ratio(p, YGT_INSURANCE_RESIDENT, 0.7), YGT_OK);
  assert_int_equal(ygt_drgpay_set_level(p, YGT_LEVEL_2A, YGT_DRGPAY_ADJUST, 1.05), YGT_OK);
  assert_int_equal(ygt_drgpay_set(p, YGT_DRGPAY_MIN_LOS, 1), YGT_OK);
  assert_int_equal(ygt_drgpay_set(p, YGT_DRGPAY_MAX_LOS, 60), YGT_OK);
  *state = x;
  return 0;
}

static int teardown(void **state) {
  world *x = *state;
  ygt_drgpay_free(x->pay);
  pf_close(&x->w);
  unlink(x->path);
  free(x);
  return 0;
}

static void test_table(void **state) {
  world *x = *state;
  double rw;
  int basic, per_diem;
  assert_int_equal(ygt_drgpay_group_count(x->pay), 4);
  assert_int_equal(ygt_drgpay_group_find(x->pay, "G2"), 1);
  assert_int_equal(ygt_drgpay_group_find(x->pay, "G9"), -1);
  assert_string_equal(ygt_drgpay_group_code(x->pay, 2), "G3");
  assert_null(ygt_drgpay_group_code(x->pay, 4));
  assert_int_equal(ygt_drgpay_group_info(&rw, &basic, &per_diem, x->pay, 1), YGT_OK);
  assert_true(rw == 0.8 && basic == 1 && per_diem == 0);
  assert_int_equal(ygt_drgpay_group_info(&rw, &basic, &per_diem, x->pay, 2), YGT_OK);
  assert_true(rw == 2.0 && basic == 0 && per_diem == 1);
  assert_int_equal(ygt_drgpay_group_info(NULL, NULL, NULL, x->pay, 9), YGT_ERANGE);
  double v;
  assert_int_equal(ygt_drgpay_get(&v, x->pay, YGT_DRGPAY_SPECIAL_QUOTA), YGT_OK);
  assert_true(v == 0.05);
  assert_int_equal(ygt_drgpay_base_rate(&v, x->pay, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_3A), YGT_OK);
  assert_true(v == 12000);
}

static void test_standard(void **state) {
  world *x = *state;
  int64_t s;
  /* 12000 × 1.5 = 18000.00 yuan */
  assert_int_equal(ygt_drgpay_standard(&s, x->pay, 0, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_3A, 1), YGT_OK);
  assert_int_equal(s, 1800000);
  /* 二甲 resident: 8000 × 1.5 × 1.05 = 12600.00 */
  assert_int_equal(ygt_drgpay_standard(&s, x->pay, 0, YGT_INSURANCE_RESIDENT, YGT_LEVEL_2A, 1), YGT_OK);
  assert_int_equal(s, 1260000);
  /* 基础病组 at 三甲: the 一级 rate, no adjustment: 6960 × 0.8 = 5568.00 */
  assert_int_equal(ygt_drgpay_standard(&s, x->pay, 1, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_3A, 1.1), YGT_OK);
  assert_int_equal(s, 556800);
  assert_int_equal(ygt_drgpay_standard(&s, x->pay, 1, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_2A, 1), YGT_OK);
  assert_int_equal(s, 556800);
  /* institution coefficient 1.1: 12000 × 1.5 × 1.1 = 19800.00 */
  assert_int_equal(ygt_drgpay_standard(&s, x->pay, 0, YGT_INSURANCE_EMPLOYEE, YGT_LEVEL_3A, 1.1), YGT_OK);
  assert_int_equal(s, 1980000);
  /* half a fen rounds away from zero: 1 yuan × 0.125 = 12.5 fen -> 13 */
  assert_int_equal(ygt_drgpay_standard(&s, x->pay, 3, YGT_INSURANCE_RESIDENT, YGT_LEVEL_UNRATED, 1), YGT_OK);
  assert_int_equal(s, 13);
  assert_int_equal(ygt_drgpay_standard(&s, x->pay, 7, YGT_INSURANCE_RESIDENT, YGT_LEVEL_1, 1), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_standard(&s, x->pay, 0, YGT_INSURANCE_RESIDENT, YGT_LEVEL_1, -1), YGT_ERANGE);
}

/* The stays of the hand computation below. */
static const pf_case stays[] = {
  {PF_H3, 0, 20240115, 7, 1, 1500000, 100000, 50000, 80000}, /* A */
  {PF_H2, 1, 20240220, 7, 1, 1000000, 0, 0, 0},              /* B */
  {PF_H2, 0, 20240220, 5, 1, 500000, 0, 0, 0},               /* C */
  {PF_H3, 0, 20240301, 9, 1, 6000000, 0, 0, 0},              /* D */
  {PF_H1, 0, 20240301, 3, 1, 300000, 0, 0, 0},               /* E */
  {PF_H3, 1, 20240410, 40, 1, 900000, 0, 0, 0},              /* F */
  {PF_H3, 1, 20240410, 4, 1, 900000, 0, 0, 0},               /* G */
  {PF_H1, 1, 20240410, 1, 1, 100000, 0, 0, 0},               /* H */
  {PF_H1, 1, 20240410, 60, 1, 100000, 0, 0, 0},              /* I */
  {PF_H1, 5, 20240410, 6, 1, 100000, 0, 0, 0},               /* J */
};
static const int32_t stay_groups[] = {0, 0, 1, 0, 0, 2, -1, 0, 0, 0};
#define NSTAYS (sizeof stays / sizeof stays[0])

static void test_settle(void **state) {
  world *x = *state;
  ygt_cases *c;
  assert_int_equal(pf_cases(&c, &x->w, stays, NSTAYS, NULL), YGT_OK);
  ygt_settle_accum *acc, *ledger;
  assert_int_equal(ygt_settle_accum_new(&acc, 3), YGT_OK);
  assert_int_equal(ygt_settle_accum_new(&ledger, 3), YGT_OK);
  int8_t st[NSTAYS], re[NSTAYS];
  int64_t amount[NSTAYS], fund[NSTAYS];
  assert_int_equal(ygt_drgpay_settle(acc, ledger, st, re, amount, fund, x->pay, x->w.model, NULL, c, stay_groups, 0,
                                     NSTAYS),
                   YGT_OK);
  /* A: 18000 standard; fund (18000 - 1000 - 500 - 800) × 0.9 = 14130.00 */
  assert_int_equal(st[0], YGT_SETTLE_OK);
  assert_int_equal(amount[0], 1800000);
  assert_int_equal(fund[0], 1413000);
  /* B: 8000 × 1.5 × 1.05 = 12600; fund × 0.7 = 8820.00 */
  assert_int_equal(amount[1], 1260000);
  assert_int_equal(fund[1], 882000);
  /* C: 基础病组 6960 × 0.8 = 5568 at 二甲; fund × 0.9 = 5011.20 */
  assert_int_equal(amount[2], 556800);
  assert_int_equal(fund[2], 501120);
  /* D: 60000 > 3 × 18000 = 54000: by items, 60000; fund 54000.00 */
  assert_int_equal(re[3], YGT_REASON_HIGH_COST);
  assert_int_equal(amount[3], 6000000);
  assert_int_equal(fund[3], 5400000);
  /* E: 一级 6960 × 1.5 = 10440; 3000 < 0.4 × 10440 = 4176: by items 3000, fund 2700 */
  assert_int_equal(re[4], YGT_REASON_LOW_COST);
  assert_int_equal(amount[4], 300000);
  assert_int_equal(fund[4], 270000);
  /* F per diem, G no group, H 1 day, I 60 days, J no insurance */
  assert_int_equal(st[5], YGT_SETTLE_EXCLUDED);
  assert_int_equal(re[5], YGT_REASON_PER_DIEM);
  assert_int_equal(st[6], YGT_SETTLE_SPECIAL_REVIEW);
  assert_int_equal(re[6], YGT_REASON_UNMATCHED);
  assert_int_equal(re[7], YGT_REASON_SHORT_STAY);
  assert_int_equal(re[8], YGT_REASON_LONG_STAY);
  assert_int_equal(st[9], YGT_SETTLE_INVALID);
  assert_int_equal(re[9], YGT_REASON_NO_INSURANCE);
  assert_int_equal(amount[9], 0);
  int64_t t;
  /* fund ledger: 14130 + 8820 + 5011.20 + 54000 + 2700 = 84661.20 */
  assert_int_equal(ygt_settle_accum_total(&t, ledger, YGT_FIELD_FUND, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 8466120);
  /* scores: A 1.5, B 1.575, C 0.8, D 1.5, E 1.5 = 6.875 points */
  assert_int_equal(ygt_settle_accum_total(&t, acc, YGT_FIELD_SCORE_UNITS, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 6875000);
  assert_int_equal(ygt_settle_accum_total(&t, acc, YGT_FIELD_HIGH_COST, PF_H3, -1, -1), YGT_OK);
  assert_int_equal(t, 1);
  /* special review: 1 of 10 cases; quota 5 % allows 0 */
  int64_t n, allowed;
  assert_int_equal(ygt_drgpay_special_review(&n, &allowed, acc, x->pay), 1);
  assert_true(n == 1 && allowed == 0);
  assert_int_equal(ygt_drgpay_set(x->pay, YGT_DRGPAY_SPECIAL_QUOTA, 0.1), YGT_OK);
  assert_int_equal(ygt_drgpay_special_review(&n, &allowed, acc, x->pay), 0);
  assert_int_equal(ygt_drgpay_set(x->pay, YGT_DRGPAY_SPECIAL_QUOTA, 0.05), YGT_OK);
  assert_int_equal(ygt_drgpay_settle(acc, NULL, NULL, NULL, NULL, NULL, x->pay, x->w.model, NULL, c, stay_groups,
                                     3, 20),
                   YGT_ERANGE);
  /* no resident rate at 二甲 any more: B is invalid, not paid by items */
  assert_int_equal(ygt_drgpay_set_base_rate(x->pay, YGT_INSURANCE_RESIDENT, YGT_LEVEL_2A, 0), YGT_OK);
  assert_int_equal(ygt_drgpay_settle(NULL, NULL, st, re, amount, fund, x->pay, x->w.model, NULL, c, stay_groups, 0,
                                     NSTAYS),
                   YGT_OK);
  assert_int_equal(st[1], YGT_SETTLE_INVALID);
  assert_int_equal(re[1], YGT_REASON_NO_INSURANCE);
  assert_int_equal(amount[1], 0);
  ygt_settle_accum_free(acc);
  ygt_settle_accum_free(ledger);
  ygt_cases_free(c);
}

/* Settling in two partitions, reversed, merged, equals one pass. */
static void test_partitions(void **state) {
  world *x = *state;
  size_t rev[NSTAYS];
  int32_t rgroups[NSTAYS];
  for (size_t i = 0; i < NSTAYS; i++) rev[i] = NSTAYS - 1 - i, rgroups[i] = stay_groups[NSTAYS - 1 - i];
  ygt_cases *c, *r;
  assert_int_equal(pf_cases(&c, &x->w, stays, NSTAYS, NULL), YGT_OK);
  assert_int_equal(pf_cases(&r, &x->w, stays, NSTAYS, rev), YGT_OK);
  ygt_settle_accum *a1, *l1, *a2, *l2, *a3, *l3;
  assert_int_equal(ygt_settle_accum_new(&a1, 3) | ygt_settle_accum_new(&l1, 3) | ygt_settle_accum_new(&a2, 3) |
                       ygt_settle_accum_new(&l2, 3) | ygt_settle_accum_new(&a3, 3) | ygt_settle_accum_new(&l3, 3),
                   YGT_OK);
  assert_int_equal(ygt_drgpay_settle(a1, l1, NULL, NULL, NULL, NULL, x->pay, x->w.model, NULL, c, stay_groups, 0,
                                     NSTAYS), YGT_OK);
  assert_int_equal(ygt_drgpay_settle(a2, l2, NULL, NULL, NULL, NULL, x->pay, x->w.model, NULL, r, rgroups, 0, 4),
                   YGT_OK);
  assert_int_equal(ygt_drgpay_settle(a3, l3, NULL, NULL, NULL, NULL, x->pay, x->w.model, NULL, r, rgroups, 4,
                                     NSTAYS), YGT_OK);
  assert_int_equal(ygt_settle_accum_merge(a2, a3), YGT_OK);
  assert_int_equal(ygt_settle_accum_merge(l2, l3), YGT_OK);
  assert_true(pf_accum_equal(a1, a2));
  assert_true(pf_accum_equal(l1, l2));
  ygt_settle_accum_free(a1), ygt_settle_accum_free(a2), ygt_settle_accum_free(a3);
  ygt_settle_accum_free(l1), ygt_settle_accum_free(l2), ygt_settle_accum_free(l3);
  ygt_cases_free(c);
  ygt_cases_free(r);
}

static void test_weights_and_budget(void **state) {
  world *x = *state;
  /* group 0: 100, 200, 300 (mean 200); group 1: 400, 400, 4000 (mean 1600).
   * trim high 2: 4000 > 3200 is left out; means 200 and 400, all 1400 / 5 = 280. */
  const int32_t g[] = {0, 0, 0, 1, 1, 1, 5, -1};
  const int64_t cost[] = {100, 200, 300, 400, 400, 4000, 50, 70};
  double rw[2];
  assert_int_equal(ygt_drgpay_weights_from_costs(rw, 2, g, cost, 8, 0, 2), YGT_OK);
  assert_near(rw[0], 200.0 / 280, 1e-15);
  assert_near(rw[1], 400.0 / 280, 1e-15);
  /* untrimmed: all 5400 / 6 = 900 */
  assert_int_equal(ygt_drgpay_weights_from_costs(rw, 2, g, cost, 8, 0, 0), YGT_OK);
  assert_near(rw[1], 1600.0 / 900, 1e-15);
  assert_int_equal(ygt_drgpay_weights_from_costs(rw, 2, g, cost, 8, 0, 0.5), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_weights_from_costs(rw, 2, g, cost, 0, 0, 0), YGT_EVALIDATE);
  /* base rate: (1,710,000 / 0.9) / (100 × 1.5 + 50 × 0.8) = 1,900,000 / 190 = 10000 */
  const int64_t counts[] = {100, 50, 0, 0}, none[] = {0, 0, 0, 0};
  double rate;
  assert_int_equal(ygt_drgpay_base_rate_from_budget(&rate, x->pay, 171000000, 0.9, counts), YGT_OK);
  assert_near(rate, 10000, 1e-9);
  assert_int_equal(ygt_drgpay_base_rate_from_budget(&rate, x->pay, 171000000, 0.9, none), YGT_EVALIDATE);
  assert_int_equal(ygt_drgpay_base_rate_from_budget(&rate, x->pay, 171000000, 0, counts), YGT_ERANGE);
  /* a table from arrays */
  const char *codes[] = {"A", "B"};
  const uint8_t basic[] = {0, 1};
  ygt_drgpay *p;
  assert_int_equal(ygt_drgpay_new(&p, codes, rw, basic, 2), YGT_OK);
  int b;
  assert_int_equal(ygt_drgpay_group_info(NULL, &b, NULL, p, 1), YGT_OK);
  assert_int_equal(b, 1);
  ygt_drgpay_free(p);
  const char *dup[] = {"A", "A"};
  assert_int_equal(ygt_drgpay_new(&p, dup, rw, NULL, 2), YGT_EVALIDATE);
  assert_null(p);
  const double huge[] = {1, 9.2e16};
  assert_int_equal(ygt_drgpay_new(&p, codes, huge, NULL, 2), YGT_ERANGE);
  assert_non_null(strstr(ygt_error_last()->message, "group B: RW 9.2e+16 is outside [0, 1000]"));
  assert_null(p);
}

/* An overflow in the middle of a call leaves the accumulator and ledger as they were. */
static void test_overflow_is_atomic(void **state) {
  world *x = *state;
  ygt_cases *c;
  assert_int_equal(pf_cases(&c, &x->w, stays, NSTAYS, NULL), YGT_OK);
  ygt_settle_accum *acc, *ledger;
  assert_int_equal(ygt_settle_accum_new(&acc, 3) | ygt_settle_accum_new(&ledger, 3), YGT_OK);
  /* stay D (三甲, employee, March, cost 60000.00) cannot be added to this cell */
  assert_int_equal(ygt_settle_accum_add(acc, PF_H3, 0, 3, YGT_SETTLE_OK, 0, 0, 0, INT64_MAX - 100, 0, 0), YGT_OK);
  assert_int_equal(ygt_drgpay_settle(acc, ledger, NULL, NULL, NULL, NULL, x->pay, x->w.model, NULL, c, stay_groups, 0,
                                     NSTAYS),
                   YGT_EOVERFLOW);
  int64_t t;
  assert_int_equal(ygt_settle_accum_total(&t, acc, YGT_FIELD_CASES, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 1);
  assert_int_equal(ygt_settle_accum_total(&t, ledger, YGT_FIELD_AMOUNT, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 0);
  /* the same across blocks: 20000 rows, the overflowing stay D last */
  enum { BIG = 20000 };
  size_t *idx = calloc(BIG, sizeof *idx);
  int32_t *g = calloc(BIG, sizeof *g);
  idx[BIG - 1] = 3;
  ygt_cases *big;
  assert_int_equal(pf_cases(&big, &x->w, stays, BIG, idx), YGT_OK);
  assert_int_equal(ygt_drgpay_settle(acc, ledger, NULL, NULL, NULL, NULL, x->pay, x->w.model, NULL, big, g, 0, BIG),
                   YGT_EOVERFLOW);
  assert_int_equal(ygt_settle_accum_total(&t, acc, YGT_FIELD_CASES, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 1);
  assert_int_equal(ygt_settle_accum_total(&t, ledger, YGT_FIELD_FUND, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 0);
  ygt_cases_free(big);
  free(idx);
  free(g);
  ygt_settle_accum_free(acc);
  ygt_settle_accum_free(ledger);
  ygt_cases_free(c);
}

/* Grouper ids map to table rows by code (the tiny pack of tests/data/drg). */
static void test_map_pack(void **state) {
  (void)state;
  ygt_drg_pack *pack;
  assert_int_equal(ygt_drg_pack_load(&pack, SOURCE_ROOT "/tests/data/drg/tiny"), YGT_OK);
  const char *codes[] = {"MR19", "AA19"};
  const double rw[] = {1.0, 2.0};
  ygt_drgpay *p;
  assert_int_equal(ygt_drgpay_new(&p, codes, rw, NULL, 2), YGT_OK);
  int32_t ids[3] = {-1, -1, -1}, out[3];
  for (int32_t i = 0; i < (int32_t)ygt_drg_pack_drg_count(pack); i++) {
    const char *code = ygt_drg_pack_drg_code(pack, i);
    if (strcmp(code, "AA19") == 0) ids[0] = i;
    else if (strcmp(code, "MR19") == 0) ids[1] = i;
    else ids[2] = i;
  }
  assert_int_equal(ygt_drgpay_map_pack(out, p, pack, ids, 3), YGT_OK);
  assert_true(out[0] == 1 && out[1] == 0 && out[2] == -1);
  assert_int_equal(ygt_drgpay_map_pack(NULL, p, pack, ids, 3), YGT_EINVAL);
  ygt_drgpay_free(p);
  ygt_drg_pack_free(pack);
}

/* ---- the city tables ---------------------------------------------------- */

/* Published yuan text to fen, rounded half away from zero on the decimal
 * digits themselves (4727.565 is 472757 fen; through a double it is not). */
static int64_t published_fen(const char *s) {
  int64_t fen = 0;
  const char *p = s;
  for (; *p >= '0' && *p <= '9'; p++) fen = fen * 10 + (*p - '0');
  int digits = 0;
  if (*p == '.') p++;
  for (; digits < 2; digits++) fen = fen * 10 + ((*p >= '0' && *p <= '9') ? *p++ - '0' : 0);
  return fen + (*p >= '5' && *p <= '9');
}

typedef struct city_col {
  const char *column;
  int level;
  double coef;
} city_col;

static void check_city(const char *file, const city_col *cols, int ncols, const double *rates, size_t expect_rows,
                       size_t expect_basic) {
  char path[512];
  snprintf(path, sizeof path, "%s/drg-payment/%s", SHARED_DATA_DIR, file);
  SKIP_WITHOUT_SHARED(path);
  ygt_drgpay *p;
  assert_int_equal(ygt_drgpay_load(&p, path), YGT_OK);
  assert_int_equal(ygt_drgpay_group_count(p), expect_rows);
  for (int l = 0; l < 8; l++) assert_int_equal(ygt_drgpay_set_base_rate(p, -1, l, rates[l]), YGT_OK);
  ygt_table t;
  assert_int_equal(ygt__table_open(&t, path, '\t'), YGT_OK);
  assert_int_equal(ygt__table_allow(&t, "*"), YGT_OK); /* the test reads the published columns itself */
  size_t rows = 0, basic_rows = 0;
  while (ygt__table_next(&t) == 1) {
    int32_t g = ygt_drgpay_group_find(p, ygt__table_field(&t, ygt__table_column(&t, "drg_code")));
    assert_true(g >= 0);
    int basic;
    assert_int_equal(ygt_drgpay_group_info(NULL, &basic, NULL, p, g), YGT_OK);
    basic_rows += basic;
    for (int k = 0; k < ncols; k++) {
      int64_t fen, want = published_fen(ygt__table_field(&t, ygt__table_column(&t, cols[k].column)));
      assert_int_equal(ygt_drgpay_standard(&fen, p, g, YGT_INSURANCE_EMPLOYEE, cols[k].level, cols[k].coef), YGT_OK);
      if (fen != want) fail_msg("%s line %d %s: %lld fen, published %lld", file, t.line, cols[k].column,
                                (long long)fen, (long long)want);
    }
    rows++;
  }
  ygt__table_close(&t);
  assert_int_equal(rows, expect_rows);
  assert_int_equal(basic_rows, expect_basic);
  ygt_drgpay_free(p);
}

/* Qingdao 2023: RW × {13200 (four named hospitals: 三级 × 1.1), 12000, 9600, 6960}. */
static void test_qingdao_2023(void **state) {
  (void)state;
  const city_col cols[] = {{"pay_top4", YGT_LEVEL_3A, 1.1}, {"pay_level3", YGT_LEVEL_3, 1},
                           {"pay_level2", YGT_LEVEL_2, 1}, {"pay_level1", YGT_LEVEL_1, 1}};
  const double rates[8] = {0, 6960, 9600, 9600, 9600, 12000, 12000, 12000};
  check_city("qingdao_2023.tsv", cols, 4, rates, 682, 0);
}

/* Wuxi 2022: RW × {7782, 9947, 13060}; the 25 基础病组 RW × 7782 at every level. */
static void test_wuxi_2022(void **state) {
  (void)state;
  const city_col cols[] = {{"pay_level1", YGT_LEVEL_1, 1}, {"pay_level2", YGT_LEVEL_2, 1},
                           {"pay_level3", YGT_LEVEL_3, 1}};
  const double rates[8] = {0, 7782, 9947, 9947, 9947, 13060, 13060, 13060};
  check_city("wuxi_2022.tsv", cols, 3, rates, 602, 25);
}

/* ---- malformed input ----------------------------------------------------- */

static int load_drg(void **out, const char *path) { return ygt_drgpay_load((ygt_drgpay **)out, path); }

static void test_malformed_tables(void **state) {
  (void)state;
  const pf_bad cases[] = {
    {"drg_code|name\nA|x\n", YGT_EPARSE, 1, "rw", "required column"},
    {"drg_code|rw\nA|abc\n", YGT_EPARSE, 2, "rw", "not a number"},
    {"drg_code|rw\nA|1\nB|-0.5\n", YGT_ERANGE, 3, "rw", "outside [0, 1000]"},
    {"drg_code|rw\nA|9.2e16\n", YGT_ERANGE, 2, "rw", "RW 9.2e+16 is outside [0, 1000]"},
    {"drg_code|rw\nA|1\nA|2\n", YGT_EVALIDATE, 3, "drg_code", "twice"},
    {"drg_code|rw|basic_group\nA|1|yes\n", YGT_EPARSE, 2, "basic_group", "0 or 1"},
    {"drg_code|rw\n|1\n", YGT_EPARSE, 2, "drg_code", "missing"},
    {"drg_code|rw\n", YGT_EVALIDATE, 1, "", "no group"},
    {"drg_code|rw|per_diem\nA|1|2\n", YGT_EPARSE, 2, "per_diem", "0 or 1"},
  };
  pf_check_bad(cases, sizeof cases / sizeof cases[0], load_drg);
  ygt_drgpay *p;
  assert_int_equal(ygt_drgpay_load(&p, "/nonexistent/rates.tsv"), YGT_EIO);
}

static void test_bad_parameters(void **state) {
  world *x = *state;
  assert_int_equal(ygt_drgpay_set_base_rate(x->pay, 2, 0, 1), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set_base_rate(x->pay, 0, 8, 1), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set_base_rate(x->pay, 0, 0, NAN), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set_fund_ratio(x->pay, 0, 1.5), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set(x->pay, 9, 1), YGT_EINVAL);
  assert_int_equal(ygt_drgpay_set(x->pay, YGT_DRGPAY_BASIC_LEVEL, 8), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set(x->pay, YGT_DRGPAY_BASIC_LEVEL, 1.5), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set(x->pay, YGT_DRGPAY_SPECIAL_QUOTA, 2), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set(x->pay, YGT_DRGPAY_FUND_RULE, 2), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set(x->pay, YGT_DRGPAY_FUND_RULE, 0.5), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_get(&(double){0}, x->pay, YGT_DRGPAY_FUND_RULE), YGT_OK);
  assert_int_equal(ygt_drgpay_set_level(x->pay, -1, YGT_DRGPAY_LOW_FACTOR, 1.5), YGT_ERANGE);
  assert_int_equal(ygt_drgpay_set_level(x->pay, 0, 7, 1), YGT_EINVAL);
  double v;
  assert_int_equal(ygt_drgpay_get(&v, x->pay, YGT_DRGPAY_MAX_LOS), YGT_OK);
  assert_true(v == 60);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_table, setup, teardown),
    cmocka_unit_test_setup_teardown(test_standard, setup, teardown),
    cmocka_unit_test_setup_teardown(test_settle, setup, teardown),
    cmocka_unit_test_setup_teardown(test_partitions, setup, teardown),
    cmocka_unit_test_setup_teardown(test_weights_and_budget, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bad_parameters, setup, teardown),
    cmocka_unit_test_setup_teardown(test_overflow_is_atomic, setup, teardown),
    cmocka_unit_test(test_map_pack),
    cmocka_unit_test(test_qingdao_2023),
    cmocka_unit_test(test_wuxi_2022),
    cmocka_unit_test(test_malformed_tables),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
