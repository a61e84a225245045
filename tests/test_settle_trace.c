/* The price of a settled case explained (ygt_settle_price_explain()): the
 * amount and the fund payment recomputed from the numbers of the text alone
 * equal ygt_settle_price()'s for cases whose scores give point values that
 * are not round numbers; the patients' share and its source; cases that
 * are not priced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "dip_fixture.h"

enum { N = 7 };

/* Half away from zero, as an auditor would write it. */
static long long round_half_away(double x) {
  long long i = (long long)x;
  double frac = x - (double)i;
  return i + (frac >= 0.5) - (frac <= -0.5);
}

/* The numbers of a trace: units, point value (fen), amount, share, fund. */
static void recompute(const char *text, int64_t amount, int64_t fund) {
  char ins[16];
  long long units = 0, amt = 0, share = 0, fnd = 0;
  double pv, raw;
  int unit;
  const char *fund_at = strstr(text, "; fund ");
  if (sscanf(text, "%15[a-z]: %lld units x %lf fen/point / %d = %lf fen, half away from zero: amount %lld fen; "
                   "patient share %lld fen",
             ins, &units, &pv, &unit, &raw, &amt, &share) != 7 ||
      !fund_at || sscanf(fund_at, "; fund %lld fen", &fnd) != 1)
    fail_msg("unreadable trace: %s", text);
  long long again = round_half_away((double)units * pv / unit);
  if (again != amount || amt != amount) fail_msg("%s: recomputed %lld, priced %lld", text, again, (long long)amount);
  assert_int_equal(again - share, fund);
  assert_int_equal(fnd, fund);
}

static void test_amounts_recomputed_from_the_trace(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), YGT_OK);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), YGT_OK);
  int8_t status[N] = {0, 0, 0, 0, 0, YGT_SETTLE_INVALID, 0};
  int64_t units[N] = {1234567, 2718281, 3141592, 1000001, 577215, 900000, 1414213};
  ygt_settle_accum *acc;
  assert_int_equal(ygt_settle_accum_new(&acc, 2), YGT_OK);
  for (int i = 0; i < N; i++) {
    fx_case k = {i % 2, i % 2, 20240115 + i, "I63.900", NULL, NULL, 700000 + 1111 * i, 20000 * i, 0, 0};
    assert_int_equal(fixture_add(c, &k), YGT_OK);
    if (status[i] == 0)
      assert_int_equal(ygt_settle_accum_add(acc, k.inst, k.ins, 1, 0, 0, units[i], units[i], k.cost, k.share, 0),
                       YGT_OK);
  }
  ygt_settle_values *v;
  assert_int_equal(ygt_settle_finalise(&v, acc, f.params), YGT_OK);
  int64_t amount[N], fund[N];
  assert_int_equal(ygt_settle_price(NULL, amount, fund, v, c, status, units, 0, N), YGT_OK);
  char text[512];
  for (int i = 0; i < N; i++) {
    int len = ygt_settle_price_explain(text, sizeof text, v, c, status[i], units[i], (size_t)i);
    assert_true(len > 0 && (size_t)len < sizeof text);
    if (status[i] != 0) {
      assert_string_equal(text, "not priced (invalid): amount 0 fen, fund 0 fen");
      assert_int_equal(amount[i], 0);
      continue;
    }
    recompute(text, amount[i], fund[i]);
    assert_non_null(strstr(text, "(self_paid + first_self_paid + deductible + coinsurance)"));
  }
  double pv;
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_POINT_VALUE_FEN, 0), YGT_OK);
  assert_true(pv != (double)(int64_t)pv); /* not a round value: the trace's digits matter */
  int full = ygt_settle_price_explain(text, sizeof text, v, c, 0, units[0], 0);
  assert_int_equal(ygt_settle_price_explain(NULL, 0, v, c, 0, units[0], 0), full);
  assert_int_equal(ygt_settle_price_explain(text, sizeof text, v, c, 0, 1, N), YGT_ERANGE);
  ygt_settle_values_free(v);
  ygt_settle_accum_free(acc);
  ygt_cases_free(c);
  fixture_close(&f);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_patient_share(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), YGT_OK);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), YGT_OK);
  for (int i = 0; i < 4; i++) assert_int_equal(ygt_cases_append(c, NULL), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 0, YGT_CASE_SELF_PAID, 100), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 0, YGT_CASE_DEDUCTIBLE, 50), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 1, YGT_CASE_TOTAL_COST, 1000), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 1, YGT_CASE_FUND_PAID, 700), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 2, YGT_CASE_TOTAL_COST, 1000), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 3, YGT_CASE_TOTAL_COST, 1000), YGT_OK);
  assert_int_equal(ygt_cases_set_int64(c, 3, YGT_CASE_FUND_PAID, 1200), YGT_OK);
  int64_t expect[4] = {150, 300, YGT_CASES_NA64, 0}, share;
  for (size_t r = 0; r < 4; r++) {
    assert_int_equal(ygt_settle_patient_share(&share, c, r), YGT_OK);
    assert_int_equal(share, expect[r]);
  }
  assert_int_equal(ygt_settle_patient_share(&share, c, 4), YGT_ERANGE);
  ygt_cases_free(c);
  fixture_close(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_amounts_recomputed_from_the_trace),
    cmocka_unit_test(test_patient_share),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
