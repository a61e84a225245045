/* Rounding products of published decimals (src/decimal.c): the minimal
 * cases of the exact-to-the-fen issue, and a property test against exact
 * integer arithmetic.  The property test draws decimals with few digits, as
 * published tables have them, builds each factor's double the way a parser
 * would (the nearest double to m × 10^-e), and compares the library's
 * rounding with the product of the integers m, rounded half away from zero
 * in 128-bit arithmetic — products that land exactly on a half included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "decimal_internal.h"
#include "yigongti/error.h"

static const double p10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

static int64_t rounded(const double *f, int n) {
  int64_t out = 0;
  assert_int_equal(ygt__round_product(f, n, &out), 0);
  return out;
}

static void test_issue_cases(void **state) {
  (void)state;
  /* DIP ZH-00462: 0.4583 × 1.10 × 1.15 = 0.5797495 points, in 10^-6 points. */
  assert_int_equal(rounded((double[]){0.4583, 1.10, 1.15, 1e6}, 4), 579750);
  assert_int_equal(rounded((double[]){0.5245, 1.10, 0.85, 1e6}, 4), 490408);
  /* Point method: 1.000001 points × 0.5 = 500000.5 units. */
  assert_int_equal(rounded((double[]){1.000001, 0.5, 1e6}, 3), 500001);
  /* DRG fund: 1755.35 yuan × RW 1 × 100 × 0.7 = 122874.5 fen. */
  assert_int_equal(rounded((double[]){1755.35, 1, 100, 0.7}, 4), 122875);
  /* Budget: 10 fen × (1 + 0.15) = 11.5; prepayment 10 fen × 0.85 = 8.5. */
  assert_int_equal(rounded((double[]){10, ygt__decimal_add(1, 0.15)}, 2), 12);
  assert_int_equal(ygt__fen_times(10, 0.85), 9);
  assert_int_equal(ygt__fen_times(-10, 0.85), -9);
  /* 1 − 0.45 is the decimal 0.55. */
  assert_true(ygt__decimal_add(1, -0.45) == 0.55);
  assert_true(ygt__decimal_add(0.1, 0.2) == 0.3);
}

static void test_decimal_of(void **state) {
  (void)state;
  int64_t m;
  int e;
  assert_int_equal(ygt__decimal_of(0.4583, &m, &e), 0);
  assert_true(m == 4583 && e == 4);
  assert_int_equal(ygt__decimal_of(-12.5, &m, &e), 0);
  assert_true(m == -125 && e == 1);
  assert_int_equal(ygt__decimal_of(1.0 / 3.0, &m, &e), -1); /* no short decimal stands behind it */
  assert_int_equal(ygt__decimal_of(1e300, &m, &e), -1);
}

/* Not a product of decimals: rounded as its double. */
static void test_inexact(void **state) {
  (void)state;
  int64_t out;
  const double third[] = {1.0 / 3.0, 7.5};
  assert_int_equal(ygt__round_exact(third, 2, 1, 2.4999999999999996, &out), 0);
  assert_int_equal(out, 2); /* no short decimal stands behind 1/3: the double as it is */
  const double half[] = {0.5, 5};
  assert_int_equal(ygt__round_exact(half, 2, 1, 2.4999999999999996, &out), 0);
  assert_int_equal(out, 3); /* 0.5 × 5 = 2.5 exactly */
  assert_int_equal(ygt__round_product((const double[]){1e300, 1e300}, 2, &out), YGT_EOVERFLOW);
}

typedef __int128 i128;

/* A random decimal of up to 4 significant digits and 0..4 decimals (four of them stay below 2^63). */
static double draw(int64_t *m, int *e) {
  *e = rand() % 5;
  *m = rand() % 10000;
  if (rand() % 8 == 0) *m = 5; /* lands products on halves often */
  return (double)*m / p10[*e];
}

static int64_t exact(const int64_t *m, const int *e, int n) {
  i128 prod = 1, d = 1;
  for (int k = 0; k < n; k++) prod *= m[k];
  int total = 0;
  for (int k = 0; k < n; k++) total += e[k];
  while (total-- > 0) d *= 10;
  i128 q = prod / d, r = prod % d;
  return (int64_t)(q + (2 * r >= d));
}

static void test_against_exact_integers(void **state) {
  (void)state;
  srand(20261207);
  int halves = 0;
  for (int trial = 0; trial < 200000; trial++) {
    int n = 2 + rand() % 3, e[4];
    int64_t m[4];
    double f[4];
    for (int k = 0; k < n; k++) f[k] = draw(&m[k], &e[k]);
    int64_t want = exact(m, e, n), got = rounded(f, n);
    if (got != want) fail_msg("trial %d: %d factors, first %.6g %.6g: %lld, exact %lld", trial, n, f[0], f[1],
                              (long long)got, (long long)want);
    i128 prod = 1;
    for (int k = 0; k < n; k++) prod *= m[k];
    int total = 0;
    for (int k = 0; k < n; k++) total += e[k];
    if (total && prod % 10 == 5) halves++;
  }
  assert_true(halves > 1000); /* the property was tried where it matters */
}

static void test_fen_times_against_exact(void **state) {
  (void)state;
  srand(7);
  for (int trial = 0; trial < 200000; trial++) {
    int e = 1 + rand() % 4;
    int64_t fen = rand() % 10000000, m = rand() % (int64_t)p10[e];
    i128 prod = (i128)fen * m, d = (i128)p10[e];
    int64_t want = (int64_t)(prod / d + (2 * (prod % d) >= d));
    assert_int_equal(ygt__fen_times(fen, (double)m / p10[e]), want);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_issue_cases),
    cmocka_unit_test(test_decimal_of),
    cmocka_unit_test(test_inexact),
    cmocka_unit_test(test_against_exact_integers),
    cmocka_unit_test(test_fen_times_against_exact),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
