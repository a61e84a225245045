/* Point method: hand-computed points for every kind of stay, coefficients
 * with the missing-level rule, readmissions, small groups, point values
 * (both variants), prepayment and clearing, partition invariance and
 * malformed tables and parameters. */
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

#define assert_near(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))

/* P1 base 100, mean 10000 yuan; P2 250 / 25000, exempt from the
 * readmission rule; P3 400 / 40000; PD per diem, 30 points a day. */
static const char table_text[] = "group_code|base_points|mean_cost|per_diem_points|readmit_exempt\n"
                                 "P1|100|10000||\nP2|250|25000||1\nP3|400|40000||\nPD|0|0|30|\n";

typedef struct world {
  pf_world w;
  ygt_points *p;
  char path[256];
} world;

static int setup(void **state) {
  world *x = calloc(1, sizeof *x);
  assert_int_equal(pf_open(&x->w), YGT_OK);
  assert_non_null(pf_tsv(x->path, table_text));
  assert_int_equal(ygt_points_load(&x->p, x->path), YGT_OK);
  /* 三甲 1.2, 一级 0.8; 二甲 missing: 0.9 × 1.2 = 1.08 */
  assert_int_equal(ygt_points_set_level_coef(x->p, YGT_LEVEL_3A, 1.2), YGT_OK);
  assert_int_equal(ygt_points_set_level_coef(x->p, YGT_LEVEL_1, 0.8), YGT_OK);
  *state = x;
  return 0;
}

static int teardown(void **state) {
  world *x = *state;
  ygt_points_free(x->p);
  pf_close(&x->w);
  unlink(x->path);
  free(x);
  return 0;
}

static void test_coefficients(void **state) {
  world *x = *state;
  double k;
  assert_int_equal(ygt_points_level_coef(&k, x->p, YGT_LEVEL_2A), YGT_OK);
  assert_near(k, 1.08, 1e-12); /* 0.9 × 1.2 */
  assert_int_equal(ygt_points_level_coef(&k, x->p, YGT_LEVEL_3A), YGT_OK);
  assert_near(k, 1.2, 0);
  assert_int_equal(ygt_points_set_level_coef(x->p, YGT_LEVEL_3A, 0), YGT_OK);
  assert_int_equal(ygt_points_level_coef(&k, x->p, YGT_LEVEL_3A), YGT_OK);
  assert_near(k, 0.88, 1e-12); /* no higher level: 1.1 × 0.8 */
  assert_int_equal(ygt_points_set_level_coef(x->p, YGT_LEVEL_1, 0), YGT_OK);
  assert_int_equal(ygt_points_level_coef(&k, x->p, YGT_LEVEL_2), YGT_OK);
  assert_near(k, 1, 0); /* none at all */
  assert_int_equal(ygt_points_level_coef(&k, x->p, 8), YGT_ERANGE);
  assert_int_equal(ygt_points_group_count(x->p), 4);
  assert_int_equal(ygt_points_group_find(x->p, "PD"), 3);
  assert_int_equal(ygt_points_group_find(x->p, "P9"), -1);
}

enum { A, B, C, C2, D, E, F, G, A2, E2, NST };
static const pf_case stays[NST] = {
  [A] = {PF_H3, 0, 20240115, 7, 1, 900000, 0, 0, 0},
  [B] = {PF_H2, 0, 20240315, 7, 1, 300000, 0, 0, 0},
  [C] = {PF_H1, 0, 20240315, 7, 2, 950000, 0, 0, 0},
  [C2] = {PF_H3, 0, 20240315, 7, 4, 950000, 0, 0, 0},
  [D] = {PF_H3, 0, 20240315, 7, 1, 3500000, 0, 0, 0},
  [E] = {PF_H3, 0, 20240315, 7, 1, 6000000, 0, 0, 0},
  [F] = {PF_H1, 0, 20240315, 10, 1, 200000, 0, 0, 0},
  [G] = {PF_H1, 0, 20240315, 7, 1, 200000, 0, 0, 0},
  [A2] = {PF_H3, 0, 20240201, 7, 1, 1000000, 100000, 0, 0},
  [E2] = {PF_H3, 0, 20240320, 3, 1, 2500000, 0, 0, 0},
};
static const int32_t groups[NST] = {0, 0, 0, 0, 0, 1, 3, -1, 0, 1};
static const int64_t patients[NST] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 6};

/* Points (employee):
 *   A   P1 三甲 complete 100 × 1.2 = 120, readmitted within 10 days: × 0.5 = 60
 *   B   P1 二甲 cost 3000 < 0.4 × 10000: 100 × 1.08 × 0.3 = 32.4
 *   C   P1 一级 transfer (leaving 2): 100 × 0.8 × 0.95 = 76
 *   C2  P1 三甲 against advice (4): 120 × 0.95 = 114, capped at 100
 *   D   P1 三甲 35000 > 3 × 10000: 120 + 5000 / (10000 / 100) = 170
 *   E   P2 三甲 60000 > 2 × 25000 (band 100-300): 300 + 10000 / 100 = 400
 *   F   PD 10 days × 30 = 300
 *   G   no group: special review
 *   A2  P1 三甲 complete 120 (self-paid 1000 yuan)
 *   E2  P2 三甲 complete 300 (E's readmission, but P2 is exempt)
 * Σ = 60 + 32.4 + 76 + 100 + 170 + 400 + 300 + 120 + 300 = 1558.4 */
static const int64_t expect_units[NST] = {60000000, 32400000, 76000000, 100000000, 170000000,
                                          400000000, 300000000, 0, 120000000, 300000000};

/* fund_paid: per stay, the fee-for-service fund payment to record (NULL: none). */
static void score_paid(world *x, ygt_cases **c, ygt_settle_accum **acc, int8_t *st, int8_t *re, int64_t *u,
                       const int64_t *fund_paid) {
  uint8_t earlier[NST];
  assert_int_equal(pf_cases(c, &x->w, stays, NST, NULL), YGT_OK);
  for (size_t r = 0; fund_paid && r < NST; r++)
    assert_int_equal(ygt_cases_set_int64(*c, r, YGT_CASE_FUND_PAID, fund_paid[r]), YGT_OK);
  assert_int_equal(ygt_points_readmissions(earlier, x->p, *c, patients, groups), YGT_OK);
  assert_int_equal(earlier[A], 1);
  assert_int_equal(earlier[E], 0);
  assert_int_equal(earlier[A2], 0);
  assert_int_equal(ygt_settle_accum_new(acc, 3), YGT_OK);
  assert_int_equal(ygt_points_score(*acc, st, re, u, x->p, x->w.model, *c, groups, earlier, NULL, 0, NST), YGT_OK);
}

static void score_all(world *x, ygt_cases **c, ygt_settle_accum **acc, int8_t *st, int8_t *re, int64_t *u) {
  score_paid(x, c, acc, st, re, u, NULL);
}

static void test_score(void **state) {
  world *x = *state;
  ygt_cases *c;
  ygt_settle_accum *acc;
  int8_t st[NST], re[NST];
  int64_t u[NST];
  score_all(x, &c, &acc, st, re, u);
  for (int i = 0; i < NST; i++)
    if (u[i] != expect_units[i]) fail_msg("stay %d: %lld units", i, (long long)u[i]);
  assert_int_equal(re[A], YGT_REASON_READMISSION);
  assert_int_equal(re[B], YGT_REASON_LOW_COST);
  assert_int_equal(re[C], YGT_REASON_INCOMPLETE);
  assert_int_equal(re[D], YGT_REASON_HIGH_COST);
  assert_int_equal(re[F], YGT_REASON_PER_DIEM);
  assert_int_equal(st[G], YGT_SETTLE_SPECIAL_REVIEW);
  assert_int_equal(re[G], YGT_REASON_UNMATCHED);
  int64_t t;
  assert_int_equal(ygt_settle_accum_total(&t, acc, YGT_FIELD_SCORE_UNITS, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 1558400000);
  ygt_settle_accum_free(acc);
  ygt_cases_free(c);
}

static void test_values_and_payments(void **state) {
  world *x = *state;
  ygt_cases *c;
  ygt_settle_accum *acc, *ledger;
  int8_t st[NST], re[NST];
  int64_t u[NST], amount[NST], fund[NST];
  /* fund 154,840 yuan; budget point value 90 yuan; prepay 85 % */
  assert_int_equal(ygt_points_set_fund(x->p, YGT_INSURANCE_EMPLOYEE, 15484000, 90), YGT_OK);
  score_all(x, &c, &acc, st, re, u);
  ygt_settle_values *v;
  assert_int_equal(ygt_points_finalise(&v, acc, x->p), YGT_OK);
  double pv;
  /* (154,840 + 1,000 patients' share) / 1558.4 = 100 yuan per point */
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_POINT_VALUE, 0), YGT_OK);
  assert_near(pv, 100, 1e-9);
  assert_int_equal(ygt_settle_accum_new(&ledger, 3), YGT_OK);
  assert_int_equal(ygt_settle_price(ledger, amount, fund, v, c, st, u, 0, NST), YGT_OK);
  /* A2: 120 × 100 = 12000.00, fund 12000 - 1000 = 11000.00; B: 32.4 × 100 = 3240.00 */
  assert_int_equal(amount[A2], 1200000);
  assert_int_equal(fund[A2], 1100000);
  assert_int_equal(amount[B], 324000);
  /* H1 (C 76 + F 300 points, March): prepayment 0.85 × 376 × 90 = 28764.00;
   * clearing 376 × 100 - 28764 = 8836.00 */
  int64_t pre, clr;
  assert_int_equal(ygt_settle_prepayment(&pre, ledger, v, PF_H1, 0, 3), YGT_OK);
  assert_int_equal(pre, 2876400);
  assert_int_equal(ygt_settle_clearing(&clr, ledger, v, PF_H1, 0), YGT_OK);
  assert_int_equal(clr, 883600);
  ygt_settle_values_free(v);
  /* variant 1: fund only, 154840 / 1558.4 */
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_VALUE_VARIANT, 1), YGT_OK);
  assert_int_equal(ygt_points_finalise(&v, acc, x->p), YGT_OK);
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_POINT_VALUE, 0), YGT_OK);
  assert_near(pv, 154840 / 1558.4, 1e-9);
  ygt_settle_values_free(v);
  ygt_settle_accum_free(acc);
  ygt_settle_accum_free(ledger);
  ygt_cases_free(c);
}

/* fund_from_cases: without a fund the point value shares what the fund paid for the scored cases. */
static void test_fund_from_cases(void **state) {
  world *x = *state;
  ygt_cases *c;
  ygt_settle_accum *acc;
  int8_t st[NST], re[NST];
  int64_t u[NST], paid, share, units, fund_paid[NST];
  for (size_t r = 0; r < NST; r++) fund_paid[r] = 100000 * (int64_t)(r + 1);
  score_paid(x, &c, &acc, st, re, u, fund_paid);
  ygt_settle_values *v;
  double pv;
  assert_int_equal(ygt_points_finalise(&v, acc, x->p), YGT_OK);
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_POINT_VALUE, 0), YGT_OK);
  assert_true(pv == 0); /* no fund, no value */
  ygt_settle_values_free(v);
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_FUND_FROM_CASES, 1), YGT_OK);
  assert_int_equal(ygt_points_finalise(&v, acc, x->p), YGT_OK);
  assert_int_equal(ygt_settle_accum_total(&paid, acc, YGT_FIELD_FUND_PAID, -1, 0, -1), YGT_OK);
  assert_int_equal(ygt_settle_accum_total(&share, acc, YGT_FIELD_PATIENT_SHARE, -1, 0, -1), YGT_OK);
  assert_int_equal(ygt_settle_accum_total(&units, acc, YGT_FIELD_SCORE_UNITS, -1, 0, -1), YGT_OK);
  assert_true(paid > 0 && units > 0);
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_POINT_VALUE, 0), YGT_OK);
  assert_near(pv, (double)(paid + share) / 100 / ((double)units / YGT_SETTLE_SCORE_UNIT), 1e-9);
  ygt_settle_values_free(v);
  ygt_settle_accum_free(acc);
  ygt_cases_free(c);
}

static void test_modes_and_small_groups(void **state) {
  world *x = *state;
  ygt_cases *c;
  assert_int_equal(pf_cases(&c, &x->w, stays, NST, NULL), YGT_OK);
  int8_t st[NST], re[NST];
  int64_t u[NST], counts[4] = {0};
  /* blend: 三甲 0.5 × 1.1 + 0.5 × 1.2 = 1.15: A (no readmission marks) 115 points */
  const double own[] = {1.1, 1.0, 0.9};
  assert_int_equal(ygt_points_set_institution_coefs(x->p, own, 3), YGT_OK);
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_COEF_MODE, 2), YGT_OK);
  assert_int_equal(ygt_points_score(NULL, st, re, u, x->p, x->w.model, c, groups, NULL, NULL, 0, NST), YGT_OK);
  assert_int_equal(u[A], 115000000);
  /* institution mode: 二甲 1.0 (B: 100 × 1.0 × 0.3 = 30) */
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_COEF_MODE, 0), YGT_OK);
  assert_int_equal(ygt_points_score(NULL, st, re, u, x->p, x->w.model, c, groups, NULL, NULL, 0, NST), YGT_OK);
  assert_int_equal(u[B], 30000000);
  /* extra points × coefficient (variant 1): D 110 + 50 × 1.1 = 165 */
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_HIGH_VARIANT, 1), YGT_OK);
  assert_int_equal(ygt_points_score(NULL, st, re, u, x->p, x->w.model, c, groups, NULL, NULL, 0, NST), YGT_OK);
  assert_int_equal(u[D], 165000000);
  /* small groups: P1 6 cases, P2 2, PD 1; below 5 to special review */
  assert_int_equal(ygt_points_group_counts(counts, x->p, groups, NST), YGT_OK);
  assert_true(counts[0] == 6 && counts[1] == 2 && counts[3] == 1);
  assert_int_equal(ygt_points_score(NULL, st, re, u, x->p, x->w.model, c, groups, NULL, counts, 0, NST), YGT_OK);
  assert_int_equal(st[E], YGT_SETTLE_SPECIAL_REVIEW);
  assert_int_equal(re[E], YGT_REASON_SMALL_GROUP);
  assert_int_equal(st[A], YGT_SETTLE_OK);
  assert_int_equal(ygt_points_set_institution_coefs(x->p, NULL, 0), YGT_OK);
  ygt_cases_free(c);
}

/* The readmission rule does not depend on row order: patient 1's stay A
 * (P1, 5-12 March) is followed by C (P1, admitted 14 March) with B (P2,
 * admitted 5 March) between them by admission; and D, E are the same P1
 * stay twice (same days), both readmitted by F.  Every one of the 6! row
 * orders marks exactly A, D and E (in row order, the neighbour rule missed A
 * when B sorted between A and C, and marked only one of D and E). */
static void test_readmissions_any_order(void **state) {
  world *x = *state;
  enum { N = 6 };
  static const int32_t admit[N] = {20240305, 20240305, 20240314, 20240601, 20240601, 20240608};
  static const int32_t discharge[N] = {20240312, 20240308, 20240320, 20240605, 20240605, 20240612};
  static const int32_t grp[N] = {0, 1, 0, 0, 0, 0};
  static const uint8_t want[N] = {1, 0, 0, 1, 1, 0};
  int perm[N] = {0, 1, 2, 3, 4, 5};
  for (int trial = 0; trial < 720; trial++) {
    ygt_cases *c = NULL;
    assert_int_equal(ygt_cases_new(&c, x->w.dx, x->w.proc, 0), YGT_OK);
    int32_t g[N];
    int64_t pat[N];
    for (int k = 0; k < N; k++) {
      pf_case one = {PF_H3, 0, discharge[perm[k]], 0, 1, 100000, 0, 0, 0};
      assert_int_equal(pf_add(c, &one), YGT_OK);
      assert_int_equal(ygt_cases_set_int(c, (size_t)k, YGT_CASE_ADMIT_DATE, admit[perm[k]]), YGT_OK);
      g[k] = grp[perm[k]], pat[k] = 1;
    }
    uint8_t earlier[N];
    assert_int_equal(ygt_points_readmissions(earlier, x->p, c, pat, g), YGT_OK);
    for (int k = 0; k < N; k++) assert_int_equal(earlier[k], want[perm[k]]);
    ygt_cases_free(c);
    /* next permutation (lexicographic) */
    int i = N - 2;
    while (i >= 0 && perm[i] > perm[i + 1]) i--;
    if (i < 0) break;
    int j = N - 1;
    while (perm[j] < perm[i]) j--;
    int t = perm[i];
    perm[i] = perm[j], perm[j] = t;
    for (int a = i + 1, b = N - 1; a < b; a++, b--) t = perm[a], perm[a] = perm[b], perm[b] = t;
  }
}

static void test_partitions(void **state) {
  world *x = *state;
  size_t rev[NST];
  int32_t rg[NST];
  int64_t rp[NST];
  for (size_t i = 0; i < NST; i++) rev[i] = NST - 1 - i, rg[i] = groups[rev[i]], rp[i] = patients[rev[i]];
  assert_int_equal(ygt_points_set_fund(x->p, 0, 15484000, 0), YGT_OK);
  ygt_cases *c, *r;
  assert_int_equal(pf_cases(&c, &x->w, stays, NST, NULL), YGT_OK);
  assert_int_equal(pf_cases(&r, &x->w, stays, NST, rev), YGT_OK);
  uint8_t e1[NST], e2[NST];
  assert_int_equal(ygt_points_readmissions(e1, x->p, c, patients, groups), YGT_OK);
  assert_int_equal(ygt_points_readmissions(e2, x->p, r, rp, rg), YGT_OK);
  ygt_settle_accum *a1, *a2, *a3, *l1, *l2;
  assert_int_equal(ygt_settle_accum_new(&a1, 3) | ygt_settle_accum_new(&a2, 3) | ygt_settle_accum_new(&a3, 3) |
                       ygt_settle_accum_new(&l1, 3) | ygt_settle_accum_new(&l2, 3), YGT_OK);
  int8_t s1[NST], s2[NST];
  int64_t u1[NST], u2[NST];
  assert_int_equal(ygt_points_score(a1, s1, NULL, u1, x->p, x->w.model, c, groups, e1, NULL, 0, NST), YGT_OK);
  assert_int_equal(ygt_points_score(a2, s2, NULL, u2, x->p, x->w.model, r, rg, e2, NULL, 0, 3), YGT_OK);
  assert_int_equal(ygt_points_score(a3, s2, NULL, u2, x->p, x->w.model, r, rg, e2, NULL, 3, NST), YGT_OK);
  assert_int_equal(ygt_settle_accum_merge(a2, a3), YGT_OK);
  assert_true(pf_accum_equal(a1, a2));
  ygt_settle_values *v1, *v2;
  assert_int_equal(ygt_points_finalise(&v1, a1, x->p), YGT_OK);
  assert_int_equal(ygt_points_finalise(&v2, a2, x->p), YGT_OK);
  double p1, p2;
  ygt_settle_values_get(&p1, v1, YGT_VALUE_POINT_VALUE, 0);
  ygt_settle_values_get(&p2, v2, YGT_VALUE_POINT_VALUE, 0);
  assert_true(memcmp(&p1, &p2, sizeof p1) == 0);
  assert_int_equal(ygt_settle_price(l1, NULL, NULL, v1, c, s1, u1, 0, NST), YGT_OK);
  assert_int_equal(ygt_settle_price(l2, NULL, NULL, v2, r, s2, u2, 6, NST), YGT_OK);
  assert_int_equal(ygt_settle_price(l2, NULL, NULL, v2, r, s2, u2, 0, 6), YGT_OK);
  assert_true(pf_accum_equal(l1, l2));
  ygt_settle_values_free(v1), ygt_settle_values_free(v2);
  ygt_settle_accum_free(a1), ygt_settle_accum_free(a2), ygt_settle_accum_free(a3);
  ygt_settle_accum_free(l1), ygt_settle_accum_free(l2);
  ygt_cases_free(c), ygt_cases_free(r);
}

static void test_base_from_costs(void **state) {
  (void)state;
  /* means 200 and 400 over all 1200 / 4 = 300: 66.67 and 133.33 points */
  const int32_t g[] = {0, 0, 1, 1};
  const int64_t cost[] = {100, 300, 400, 400};
  double pts[2];
  assert_int_equal(ygt_points_base_from_costs(pts, 2, g, cost, 4, 0, 0), YGT_OK);
  assert_near(pts[0], 20000.0 / 300, 1e-12);
  assert_near(pts[1], 40000.0 / 300, 1e-12);
}

static int load_points(void **out, const char *path) { return ygt_points_load((ygt_points **)out, path); }

static void test_malformed(void **state) {
  world *x = *state;
  const pf_bad cases[] = {
    {"group_code|base_points\nP|1\n", YGT_EPARSE, 1, "mean_cost", "required column"},
    {"group_code|base_points|mean_cost\nP|x|100\n", YGT_EPARSE, 2, "base_points", "not a number"},
    {"group_code|base_points|mean_cost\nP|-1|100\n", YGT_ERANGE, 2, "base_points", "outside [0, 1e+06]"},
    {"group_code|base_points|mean_cost\nP|9.2e16|100\n", YGT_ERANGE, 2, "base_points", "outside [0, 1e+06]"},
    {"group_code|base_points|mean_cost\nP|1|100\nP|2|100\n", YGT_EVALIDATE, 3, "group_code", "twice"},
    {"group_code|base_points|mean_cost\nP|1|12.345\n", YGT_EPARSE, 2, "mean_cost", "amount"},
    {"group_code|base_points|mean_cost\nP|1|0\n", YGT_ERANGE, 2, "mean_cost", "positive"},
    {"group_code|base_points|mean_cost|readmit_exempt\nP|1|5|2\n", YGT_EPARSE, 2, "readmit_exempt", "0 or 1"},
    {"group_code|base_points|mean_cost|per_diem_points\nP|1|5|-3\n", YGT_ERANGE, 2, "per_diem_points", "outside"},
  };
  pf_check_bad(cases, sizeof cases / sizeof cases[0], load_points);
  assert_int_equal(ygt_points_set(x->p, 22, 1), YGT_EINVAL);
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_FUND_FROM_CASES, 2), YGT_ERANGE);
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_COEF_MODE, 3), YGT_ERANGE);
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_VALUE_VARIANT, 0.5), YGT_ERANGE);
  assert_int_equal(ygt_points_set(x->p, YGT_POINTS_LOW_RATIO, -0.1), YGT_ERANGE);
  assert_int_equal(ygt_points_set_fund(x->p, 2, 1, 0), YGT_ERANGE);
  const double bad[] = {1.0, -1.0};
  assert_int_equal(ygt_points_set_institution_coefs(x->p, bad, 2), YGT_ERANGE);
  double v;
  assert_int_equal(ygt_points_get(&v, x->p, YGT_POINTS_READMIT_DAYS), YGT_OK);
  assert_near(v, 15, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_coefficients, setup, teardown),
    cmocka_unit_test_setup_teardown(test_score, setup, teardown),
    cmocka_unit_test_setup_teardown(test_fund_from_cases, setup, teardown),
    cmocka_unit_test_setup_teardown(test_values_and_payments, setup, teardown),
    cmocka_unit_test_setup_teardown(test_modes_and_small_groups, setup, teardown),
    cmocka_unit_test_setup_teardown(test_partitions, setup, teardown),
    cmocka_unit_test_setup_teardown(test_readmissions_any_order, setup, teardown),
    cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
    cmocka_unit_test(test_base_from_costs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
