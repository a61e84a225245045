/* Per-stay explanations of a scheme's settlement (ygt_scheme_result_explain,
 * ygt_scheme_result_stay_units): for every stay of the bundles' case files
 * (points and per diem in Ninghai, with and without the fund paid to the
 * fen; DRG rates in Chun'an; DIP in Zhuhai, which needs the shared ICD
 * lists) the amount is recomputed from the numbers the text and the units
 * give, and the units add up to the result's score units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "scheme_fixture.h"
#include "shared_data.h"

#define DATA SOURCE_ROOT "/examples/data/"

typedef struct year {
  const ygt_scheme *s;
  ygt_scheme_input in;
  ygt_scheme_result *r;
  size_t n;
  int64_t *units, *amount, *cost;
  int8_t *line, *status;
} year;

/* The whole text of a stay's explanation (the caller frees it). */
static char *explain(const year *y, size_t o) {
  int n = ygt_scheme_result_explain(NULL, 0, y->r, y->s, &y->in, o);
  if (n <= 0) fail_msg("stay %zu: %d %s", o, n, ygt_error_last()->message);
  char *text = malloc((size_t)n + 1);
  assert_int_equal(ygt_scheme_result_explain(text, (size_t)n + 1, y->r, y->s, &y->in, o), n);
  assert_int_equal(strlen(text), n);
  return text;
}

static int64_t round_half_away(double x) { return (int64_t)(x < 0 ? ceil(x - 0.5) : floor(x + 0.5)); }

/* Point method and DIP: units × the point value in fen ÷ 10^6, plus the fen moved to the fen. */
static void check_point_valued(const year *y, size_t o, const char *text, int ins) {
  double pv = -1;
  assert_int_equal(ygt_scheme_result_figure(&pv, y->r, YGT_SCHEME_POINT_VALUE_FEN, ins), YGT_OK);
  int64_t priced = round_half_away((double)y->units[o] * pv / 1e6), moved = y->amount[o] - priced;
  const char *to_fen = strstr(text, "to the fen ");
  if (moved < -1 || moved > 1 || (moved != 0) != (to_fen != NULL))
    fail_msg("stay %zu: amount %lld, priced %lld: %s", o, (long long)y->amount[o], (long long)priced, text);
  if (to_fen) assert_int_equal(strtoll(to_fen + 11, NULL, 10), moved);
}

/* DRG rates: the product of the four decimals printed is the standard; the amount is it or the cost. */
static void check_drg(const year *y, size_t o, const char *text) {
  double f[4];
  long long standard;
  const char *at = strstr(text, "RW ");
  assert_non_null(at);
  int n = sscanf(at, "RW %lf x level adjustment %lf x institution coefficient %lf x base rate %lf yuan = standard "
                     "%lld fen", &f[0], &f[1], &f[2], &f[3], &standard);
  assert_int_equal(n, 5);
  long double exact = (long double)f[0] * f[1] * f[2] * f[3] * 100;
  if (llabs(llroundl(exact) - standard) > 0) fail_msg("stay %zu: %.6Lf fen printed as %lld: %s", o, exact, standard, text);
  int64_t want = strstr(text, "the cost)") ? y->cost[o] : standard;
  assert_int_equal(y->amount[o], want);
}

/* Per diem: the bands' days × rates add up to the amount. */
static void check_perdiem(const year *y, size_t o, const char *text) {
  long long sum = 0, n, rate;
  int from, to;
  for (const char *at = strstr(text, "days "); at; at = strstr(at + 1, "days ")) {
    if (sscanf(at, "days %d-%d: %lld x %lld fen", &from, &to, &n, &rate) != 4) continue;
    assert_int_equal(n, to - from + 1);
    sum += n * rate;
  }
  if (sum != y->amount[o]) fail_msg("stay %zu: bands add up to %lld, amount %lld: %s", o, sum, (long long)y->amount[o], text);
}

static void check_stay(const year *y, size_t o) {
  char *text = explain(y, o), want[64];
  int method = ygt_scheme_method(y->s, y->line[o]);
  if (y->status[o] != YGT_SETTLE_OK) {
    assert_non_null(strstr(text, "amount 0 fen, fund 0 fen"));
  } else {
    snprintf(want, sizeof want, "amount %lld fen", (long long)y->amount[o]);
    if (!strstr(text, want)) fail_msg("stay %zu: '%s' not in: %s", o, want, text);
    int32_t ins = -1;
    ygt_cases_get_int(y->in.stays, o, YGT_CASE_INSURANCE, &ins);
    if (method == YGT_PAY_POINTS || method == YGT_PAY_DIP) check_point_valued(y, o, text, ins);
    if (method == YGT_PAY_DRG) check_drg(y, o, text);
    if (method == YGT_PAY_PERDIEM) check_perdiem(y, o, text);
    if (method == YGT_PAY_FFS) assert_int_equal(y->amount[o], y->cost[o]);
  }
  free(text);
}

/* Σ units of the stays of each institution and line = the result's score units. */
static void check_units_add_up(const year *y) {
  size_t ninst = ygt_scheme_result_institutions(y->r);
  for (int line = 0; line < 4; line++)
    for (size_t i = 0; i <= ninst; i++) {
      int64_t want = 0, sum = 0;
      assert_int_equal(ygt_scheme_result_get(&want, y->r, (int32_t)i, line, YGT_SCHEME_SCORE_UNITS), YGT_OK);
      for (size_t o = 0; o < y->n; o++) {
        int32_t inst = -1;
        ygt_cases_get_int(y->in.stays, o, YGT_CASE_INSTITUTION, &inst);
        size_t slot = inst >= 0 && (size_t)inst < ninst ? (size_t)inst : ninst;
        if (slot == i && y->line[o] == line) sum += y->units[o];
      }
      if (line == YGT_LINE_INPATIENT || line == YGT_LINE_LONG_STAY) assert_int_equal(sum, want);
    }
}

static void year_open(year *y, const ygt_scheme *s, const ygt_scheme_input *in) {
  y->s = s;
  y->in = *in;
  assert_int_equal(ygt_scheme_settle(&y->r, s, in), YGT_OK);
  y->n = ygt_scheme_result_stay_count(y->r);
  y->units = calloc(y->n + 1, sizeof *y->units);
  y->amount = calloc(y->n + 1, sizeof *y->amount);
  y->cost = calloc(y->n + 1, sizeof *y->cost);
  y->line = calloc(y->n + 1, 1);
  y->status = calloc(y->n + 1, 1);
  assert_int_equal(ygt_scheme_result_stay_units(y->units, y->r, y->n), YGT_OK);
  assert_int_equal(ygt_scheme_result_stays(y->line, NULL, y->status, NULL, y->amount, NULL, y->r, y->n), YGT_OK);
  for (size_t o = 0; o < y->n; o++) ygt_cases_get_int64(in->stays, o, YGT_CASE_TOTAL_COST, &y->cost[o]);
}

static void year_close(year *y) {
  ygt_scheme_result_free(y->r);
  void *arrays[] = {y->units, y->amount, y->cost, y->line, y->status};
  for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) free(arrays[k]);
}

/* Every stay explained and recomputed; returns how many were settled by `method`. */
static size_t check_year(const ygt_scheme *s, const ygt_scheme_input *in, int method) {
  year y = {0};
  year_open(&y, s, in);
  size_t settled = 0;
  for (size_t o = 0; o < y.n; o++) {
    check_stay(&y, o);
    settled += y.status[o] == YGT_SETTLE_OK && ygt_scheme_method(s, y.line[o]) == method;
  }
  check_units_add_up(&y);
  year_close(&y);
  return settled;
}

/* A bundle's payment-cases.tsv under one of its scheme files. */
static size_t check_bundle(const char *bundle, const char *scheme_file, int method) {
  char path[512];
  ygt_model *m;
  ygt_scheme *s;
  sf_year cases;
  ygt_scheme_input in;
  snprintf(path, sizeof path, DATA "%s", bundle);
  assert_int_equal(ygt_model_load(&m, path), YGT_OK);
  snprintf(path, sizeof path, DATA "%s/%s", bundle, scheme_file);
  assert_int_equal(ygt_scheme_load(&s, m, NULL, NULL, path), YGT_OK);
  snprintf(path, sizeof path, DATA "%s/payment-cases.tsv", bundle);
  assert_int_equal(sf_read(&cases, s, m, path), 0);
  sf_input(&in, &cases);
  size_t settled = check_year(s, &in, method);
  sf_free(&cases);
  ygt_scheme_free(s);
  ygt_model_free(m);
  return settled;
}

static void test_points_and_per_diem(void **state) {
  (void)state;
  assert_true(check_bundle("ninghai", "scheme-cases.json", YGT_PAY_POINTS) >= 5);
  assert_true(check_bundle("ninghai", "scheme.json", YGT_PAY_PERDIEM) >= 2);
}

static void test_drg_rates(void **state) {
  (void)state;
  assert_true(check_bundle("chunan", "scheme.json", YGT_PAY_DRG) >= 5);
}

static void test_dip_to_the_fen(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  SKIP_WITHOUT_SHARED(SHARED_ICD9);
  ygt_codes *dx, *proc;
  ygt_model *m;
  ygt_scheme *s;
  ygt_cases *c;
  ygt_scheme_input in;
  assert_int_equal(ygt_codes_load(&dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10), YGT_OK);
  assert_int_equal(ygt_codes_load(&proc, YGT_CODE_PROCEDURE, SHARED_ICD9), YGT_OK);
  assert_int_equal(ygt_model_load(&m, DATA "zhuhai"), YGT_OK);
  assert_int_equal(ygt_scheme_load(&s, m, dx, proc, DATA "zhuhai/scheme.json"), YGT_OK);
  assert_int_equal(ygt_cases_new(&c, dx, proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_load(c, DATA "zhuhai/dip-cases.tsv"), YGT_OK);
  assert_true(ygt_cases_resolve_institutions(c, m) >= 0);
  ygt_scheme_input_init(&in);
  in.stays = c;
  assert_true(check_year(s, &in, YGT_PAY_DIP) > 1000);
  ygt_cases_free(c);
  ygt_scheme_free(s);
  ygt_model_free(m);
  ygt_codes_free(dx);
  ygt_codes_free(proc);
}

static void test_bad_arguments(void **state) {
  (void)state;
  ygt_model *m;
  ygt_scheme *s;
  sf_year cases;
  ygt_scheme_input in;
  ygt_scheme_result *r;
  assert_int_equal(ygt_model_load(&m, DATA "chunan"), YGT_OK);
  assert_int_equal(ygt_scheme_load(&s, m, NULL, NULL, DATA "chunan/scheme.json"), YGT_OK);
  assert_int_equal(sf_read(&cases, s, m, DATA "chunan/payment-cases.tsv"), 0);
  sf_input(&in, &cases);
  assert_int_equal(ygt_scheme_settle(&r, s, &in), YGT_OK);
  size_t n = ygt_scheme_result_stay_count(r);
  char small[8];
  assert_true(ygt_scheme_result_explain(small, sizeof small, r, s, &in, 0) > (int)sizeof small);
  assert_int_equal(strlen(small), sizeof small - 1);
  assert_int_equal(ygt_scheme_result_explain(small, sizeof small, r, s, &in, n), YGT_ERANGE);
  assert_int_equal(ygt_scheme_result_explain(small, sizeof small, NULL, s, &in, 0), YGT_EINVAL);
  assert_int_equal(ygt_scheme_result_explain(NULL, 4, r, s, &in, 0), YGT_EINVAL);
  int64_t units[1];
  assert_int_equal(ygt_scheme_result_stay_units(units, r, n + 1), YGT_EINVAL);
  ygt_cases *other;
  assert_int_equal(ygt_cases_new(&other, cases.dx, cases.proc, 0), YGT_OK);
  in.stays = other;
  assert_int_equal(ygt_scheme_result_explain(small, sizeof small, r, s, &in, 0), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "not of this scheme and input"));
  ygt_cases_free(other);
  ygt_scheme_result_free(r);
  sf_free(&cases);
  ygt_scheme_free(s);
  ygt_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_points_and_per_diem),
    cmocka_unit_test(test_drg_rates),
    cmocka_unit_test(test_dip_to_the_fen),
    cmocka_unit_test(test_bad_arguments),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
