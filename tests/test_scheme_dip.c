/* DIP through a scheme, on the Zhuhai bundle's catalogue and sample year:
 * the budget point value resized with the fund the settlement uses
 * (fund_from_cases) and scaled with the population (person_scale); every
 * monthly prepayment at least 0 with the floors counted; special review
 * over the quota counted and priced as the rule of scheme_quota.c says,
 * checked against the same computation done by hand with the public API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "shared_data.h"
#include "yigongti.h"

#define DATA SOURCE_ROOT "/examples/data/"

typedef struct world {
  ygt_codes *dx, *proc;
  ygt_model *model;
  ygt_cases *stays;
  ygt_dip_catalog *cat;
} world;

static int world_open(world *w) {
  memset(w, 0, sizeof *w);
  if (!shared_data_have(SHARED_ICD10) || !shared_data_have(SHARED_ICD9)) return -1;
  assert_int_equal(ygt_codes_load(&w->dx, YGT_CODE_DIAGNOSIS, SHARED_ICD10), YGT_OK);
  assert_int_equal(ygt_codes_load(&w->proc, YGT_CODE_PROCEDURE, SHARED_ICD9), YGT_OK);
  assert_int_equal(ygt_model_load(&w->model, DATA "zhuhai"), YGT_OK);
  assert_int_equal(ygt_cases_new(&w->stays, w->dx, w->proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_load(w->stays, DATA "zhuhai/dip-cases.tsv"), YGT_OK);
  assert_true(ygt_cases_resolve_institutions(w->stays, w->model) >= 0);
  assert_int_equal(ygt_dip_catalog_load(&w->cat, w->dx, w->proc, DATA "zhuhai/dip-catalogue.tsv"), YGT_OK);
  return 0;
}

static void world_close(world *w) {
  ygt_dip_catalog_free(w->cat);
  ygt_cases_free(w->stays);
  ygt_model_free(w->model);
  ygt_codes_free(w->dx);
  ygt_codes_free(w->proc);
}

static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char buf[1 << 14];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return strdup(buf);
}

static char *replace(const char *text, const char *find, const char *repl) {
  const char *at = strstr(text, find);
  if (!at) fail_msg("'%s' is not in the text", find);
  size_t n = strlen(text) - strlen(find) + strlen(repl) + 1;
  char *out = malloc(n);
  snprintf(out, n, "%.*s%s%s", (int)(at - text), text, repl, at + strlen(find));
  return out;
}

/* The bundle's parameter file with one text replaced, written to a temporary file (path). */
static void params_file(char *path, size_t cap, const char *find, const char *repl) {
  char *text = read_text(DATA "zhuhai/dip-params.json"), *changed = replace(text, find, repl);
  assert_non_null(testutil_write_temp(path, cap, ".json", changed));
  free(text);
  free(changed);
}

/* The bundle's scheme, with or without fund_from_cases, over another parameter file when given, with
 * "quota": "settle" when settle is set. */
static ygt_scheme *scheme_with(const world *w, int from_cases, const char *params, int settle) {
  char *text = read_text(DATA "zhuhai/scheme.json"), *a, *b, repl[600];
  a = from_cases ? strdup(text) : replace(text, ",\n                  \"fund_from_cases\": true", "");
  snprintf(repl, sizeof repl, "\"params\": \"%s\"%s", params ? params : "dip-params.json",
           settle ? ", \"quota\": \"settle\"" : "");
  b = replace(a, "\"params\": \"dip-params.json\"", repl);
  ygt_scheme *s = NULL;
  ygt_set_outside_paths(params != NULL); /* a temporary parameter file, by its absolute path */
  if (ygt_scheme_parse(&s, w->model, w->dx, w->proc, b, "scheme.json", DATA "zhuhai"))
    fail_msg("%s", ygt_error_last()->message);
  free(text), free(a), free(b);
  return s;
}

static ygt_scheme *scheme(const world *w, int from_cases, const char *params) {
  return scheme_with(w, from_cases, params, 0);
}

static ygt_scheme_result *settle(const ygt_scheme *s, const world *w, double person_scale) {
  ygt_scheme_input in = YGT_SCHEME_INPUT_INIT;
  in.stays = w->stays;
  in.person_scale = person_scale;
  ygt_scheme_result *r = NULL;
  if (ygt_scheme_settle(&r, s, &in)) fail_msg("%s", ygt_error_last()->message);
  return r;
}

static double figure(const ygt_scheme_result *r, int what, int index) {
  double v = -1;
  assert_int_equal(ygt_scheme_result_figure(&v, r, what, index), YGT_OK);
  return v;
}

static int64_t get(const ygt_scheme_result *r, int32_t inst, int field) {
  int64_t v = -1;
  assert_int_equal(ygt_scheme_result_get(&v, r, inst, YGT_LINE_INPATIENT, field), YGT_OK);
  return v;
}

/* By hand: the stays scored under a parameter set, and the values finalised from it. */
typedef struct by_hand {
  ygt_dip_engine *engine;
  ygt_settle_accum *acc;
  ygt_settle_values *values;
  int8_t *status, *reason;
  int64_t *units;
} by_hand;

static void hand_run(by_hand *h, const world *w, const ygt_settle_params *p) {
  size_t n = ygt_cases_count(w->stays);
  h->status = calloc(n, 1), h->reason = calloc(n, 1), h->units = calloc(n, sizeof *h->units);
  assert_int_equal(ygt_dip_engine_new(&h->engine, w->cat, p, w->model), YGT_OK);
  assert_int_equal(ygt_settle_accum_new(&h->acc, ygt_model_institution_count(w->model)), YGT_OK);
  assert_int_equal(ygt_dip_score(h->acc, NULL, h->status, h->reason, h->units, h->engine, w->stays, 0, n), YGT_OK);
  assert_int_equal(ygt_settle_finalise(&h->values, h->acc, p), YGT_OK);
}

static void hand_free(by_hand *h) {
  ygt_settle_values_free(h->values);
  ygt_settle_accum_free(h->acc);
  ygt_dip_engine_free(h->engine);
  free(h->status), free(h->reason), free(h->units);
}

/* fund_from_cases replaces the file's fund by what the scored stays cost (fund paid + patients' share); the
 * budget point value, from the file's history, is resized by the same factor (it was 8 times too low for a
 * county year: prepayments went negative). */
static void test_budget_value_follows_the_fund(void **state) {
  (void)state;
  world w;
  if (world_open(&w)) skip();
  ygt_scheme *s = scheme(&w, 1, NULL);
  ygt_scheme_result *r = settle(s, &w, 0);
  ygt_settle_params *p;
  by_hand h;
  assert_int_equal(ygt_settle_params_load(&p, DATA "zhuhai/dip-params.json"), YGT_OK);
  hand_run(&h, &w, p);
  for (int ins = 0; ins < 2; ins++) {
    int64_t paid, share;
    double bpv, base, pv;
    assert_int_equal(ygt_settle_accum_total(&paid, h.acc, YGT_FIELD_FUND_PAID, -1, ins, -1), YGT_OK);
    assert_int_equal(ygt_settle_accum_total(&share, h.acc, YGT_FIELD_PATIENT_SHARE, -1, ins, -1), YGT_OK);
    assert_int_equal(ygt_settle_values_get(&bpv, h.values, YGT_VALUE_BUDGET_POINT_VALUE, ins), YGT_OK);
    assert_int_equal(ygt_settle_values_get(&base, h.values, YGT_VALUE_FUND_BASE, ins), YGT_OK);
    assert_int_equal(ygt_settle_values_get(&pv, h.values, YGT_VALUE_TOTAL_POINTS, ins), YGT_OK);
    double fund = (double)(paid + share) / 100, want = bpv * (fund / base);
    double got = figure(r, YGT_SCHEME_BUDGET_POINT_VALUE, ins), settlement = figure(r, YGT_SCHEME_POINT_VALUE, ins);
    if (!(got > want * (1 - 1e-12) && got < want * (1 + 1e-12)))
      fail_msg("insurance %d: budget point value %.6f, want %.6f (history value %.6f × %.0f / %.0f)", ins, got,
               want, bpv, fund, base);
    assert_true(settlement > fund / pv * (1 - 1e-12) && settlement < fund / pv * (1 + 1e-12));
  }
  hand_free(&h);
  ygt_settle_params_free(p);
  ygt_scheme_result_free(r);
  ygt_scheme_free(s);
  world_close(&w);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* fund_from_cases: what the method pays adds up, to the fen, to what the scored stays cost (fund paid +
 * patients' share), per insurance type; each stay rounded on its own drifted by hundreds of fen a year. */
static void test_fund_from_cases_to_the_fen(void **state) {
  (void)state;
  world w;
  if (world_open(&w)) skip();
  ygt_scheme *s = scheme(&w, 1, NULL);
  ygt_settle_params *p;
  by_hand h;
  assert_int_equal(ygt_settle_params_load(&p, DATA "zhuhai/dip-params.json"), YGT_OK);
  hand_run(&h, &w, p);
  for (int scale = 1; scale <= 2; scale++) {
    ygt_scheme_result *r = settle(s, &w, scale == 1 ? 0 : 0.5);
    int64_t want = 0, got = 0, v;
    for (int f = YGT_FIELD_PATIENT_SHARE; f <= YGT_FIELD_FUND_PAID; f++) {
      assert_int_equal(ygt_settle_accum_total(&v, h.acc, f, -1, -1, -1), YGT_OK);
      want += v;
    }
    for (size_t i = 0; i < ygt_model_institution_count(w.model); i++) got += get(r, (int32_t)i, YGT_SCHEME_AMOUNT);
    if (got != want) fail_msg("person scale %d: the method pays %lld fen, the stays cost %lld (%+lld)", scale,
                              (long long)got, (long long)want, (long long)(got - want));
    ygt_scheme_result_free(r);
  }
  hand_free(&h);
  ygt_settle_params_free(p);
  ygt_scheme_free(s);
  world_close(&w);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* Without fund_from_cases the file's whole-county fund, history and expected scores follow person_scale,
 * as ygt_settle_params_scale() sizes them: the point values are those of the scaled set. */
static void test_person_scale(void **state) {
  (void)state;
  world w;
  if (world_open(&w)) skip();
  ygt_scheme *s = scheme(&w, 0, NULL);
  ygt_scheme_result *r = settle(s, &w, 0.25);
  ygt_settle_params *p, *quarter;
  by_hand h;
  assert_int_equal(ygt_settle_params_load(&p, DATA "zhuhai/dip-params.json"), YGT_OK);
  assert_int_equal(ygt_settle_params_scale(&quarter, p, 0.25), YGT_OK);
  hand_run(&h, &w, quarter);
  for (int ins = 0; ins < 2; ins++) {
    double pv, bpv;
    assert_int_equal(ygt_settle_values_get(&pv, h.values, YGT_VALUE_POINT_VALUE, ins), YGT_OK);
    assert_int_equal(ygt_settle_values_get(&bpv, h.values, YGT_VALUE_BUDGET_POINT_VALUE, ins), YGT_OK);
    assert_true(figure(r, YGT_SCHEME_POINT_VALUE, ins) == pv);
    assert_true(figure(r, YGT_SCHEME_BUDGET_POINT_VALUE, ins) == bpv);
  }
  hand_free(&h);
  ygt_settle_params_free(quarter);
  ygt_settle_params_free(p);
  ygt_scheme_result_free(r);
  ygt_scheme_free(s);
  world_close(&w);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* Every institution's prepayment is at least 0, the floors are those of the ledger, and prepayment +
 * clearing is the fund, with and without fund_from_cases and at several population scales. */
static void test_prepayments_not_negative(void **state) {
  (void)state;
  world w;
  if (world_open(&w)) skip();
  const double scales[] = {0, 0.1, 3};
  for (int from_cases = 0; from_cases < 2; from_cases++)
    for (size_t k = 0; k < sizeof scales / sizeof *scales; k++) {
      ygt_scheme *s = scheme(&w, from_cases, NULL);
      ygt_scheme_result *r = settle(s, &w, scales[k]);
      int64_t floored = 0;
      for (int32_t i = 0; i < (int32_t)ygt_model_institution_count(w.model); i++) {
        int64_t pre = get(r, i, YGT_SCHEME_PREPAYMENT), cells = get(r, i, YGT_SCHEME_PREPAY_FLOORED);
        int64_t raised = get(r, i, YGT_SCHEME_PREPAY_RAISED);
        if (pre < 0) fail_msg("institution %d prepays %lld fen", i, (long long)pre);
        assert_true(cells >= 0 && raised >= 0 && (cells == 0) == (raised == 0));
        assert_true(pre + get(r, i, YGT_SCHEME_CLEARING) == get(r, i, YGT_SCHEME_FUND));
        floored += cells;
      }
      assert_true(get(r, -1, YGT_SCHEME_PREPAY_FLOORED) == floored);
      ygt_scheme_result_free(r);
      ygt_scheme_free(s);
    }
  world_close(&w);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

typedef struct money {
  int64_t ffs, method;
} money;

static int largest_first(const void *a, const void *b) {
  const money *x = a, *y = b;
  if (x->ffs != y->ffs) return x->ffs < y->ffs ? 1 : -1;
  return (x->method < y->method) - (x->method > y->method);
}

/* Special review beyond a quota of 1 per mille of the sample: counted, and priced as scheme_quota.c says
 * (by hand: fee for service as billed; the method with the extreme-cost threshold lifted). */
static void test_special_review_over_quota(void **state) {
  (void)state;
  world w;
  if (world_open(&w)) skip();
  char quota_path[64], lifted_path[64];
  params_file(quota_path, sizeof quota_path, "\"special_review_quota\": 0.005", "\"special_review_quota\": 0.001");
  params_file(lifted_path, sizeof lifted_path, "\"extreme\": 5", "\"extreme\": 1000000");
  ygt_scheme *s = scheme(&w, 0, quota_path);
  ygt_scheme_result *r = settle(s, &w, 0);
  double special = figure(r, YGT_SCHEME_SPECIAL_REVIEW, YGT_LINE_INPATIENT);
  double allowed = figure(r, YGT_SCHEME_SPECIAL_ALLOWED, YGT_LINE_INPATIENT);
  if (!(allowed >= 1 && special > allowed + 1)) fail_msg("the sample needs 0 < quota < reviews: %g, %g", allowed, special);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_OVER_QUOTA, YGT_LINE_INPATIENT) == special - allowed);
  /* by hand: the scheme's point values, and the stays scored with no extreme threshold */
  ygt_settle_params *p, *lifted;
  by_hand h, l;
  assert_int_equal(ygt_settle_params_load(&p, quota_path), YGT_OK);
  assert_int_equal(ygt_settle_params_load(&lifted, lifted_path), YGT_OK);
  hand_run(&h, &w, p);
  hand_run(&l, &w, lifted);
  size_t n = ygt_cases_count(w.stays), m = 0;
  int8_t *ok = calloc(n, 1);
  int64_t *fund = calloc(n, sizeof *fund);
  money *rows = calloc(n, sizeof *rows);
  assert_int_equal(ygt_settle_price(NULL, NULL, fund, h.values, w.stays, ok, l.units, 0, n), YGT_OK);
  for (size_t k = 0; k < n; k++) {
    if (h.status[k] != YGT_SETTLE_SPECIAL_REVIEW) continue;
    assert_int_equal(h.reason[k], YGT_REASON_EXTREME_COST); /* this sample has no unmatched stay */
    assert_int_equal(ygt_cases_get_int64(w.stays, k, YGT_CASE_FUND_PAID, &rows[m].ffs), YGT_OK);
    rows[m++].method = fund[k];
  }
  assert_true((double)m == special);
  qsort(rows, m, sizeof *rows, largest_first);
  int64_t ffs = 0, method = 0;
  for (size_t k = (size_t)allowed; k < m; k++) ffs += rows[k].ffs, method += rows[k].method;
  assert_true(figure(r, YGT_SCHEME_SPECIAL_OVER_FFS_FUND, YGT_LINE_INPATIENT) == (double)ffs / 100);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_OVER_METHOD_FUND, YGT_LINE_INPATIENT) == (double)method / 100);
  assert_true(ffs > 0 && method > 0);
  /* other lines have no such figures; within the quota there is nothing over it */
  assert_true(figure(r, YGT_SCHEME_SPECIAL_OVER_QUOTA, YGT_LINE_OUTPATIENT) == 0);
  ygt_scheme_result_free(r);
  ygt_scheme_free(s);
  s = scheme(&w, 0, NULL);
  r = settle(s, &w, 0);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_REVIEW, YGT_LINE_INPATIENT) <=
              figure(r, YGT_SCHEME_SPECIAL_ALLOWED, YGT_LINE_INPATIENT));
  assert_true(figure(r, YGT_SCHEME_SPECIAL_OVER_QUOTA, YGT_LINE_INPATIENT) == 0);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_OVER_FFS_FUND, YGT_LINE_INPATIENT) == 0);
  free(ok), free(fund), free(rows);
  hand_free(&h);
  hand_free(&l);
  ygt_settle_params_free(p);
  ygt_settle_params_free(lifted);
  ygt_scheme_result_free(r);
  ygt_scheme_free(s);
  unlink(quota_path);
  unlink(lifted_path);
  world_close(&w);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static int64_t ffs_of(const world *w, size_t row) {
  int64_t v = 0;
  assert_int_equal(ygt_cases_get_int64(w->stays, row, YGT_CASE_FUND_PAID, &v), YGT_OK);
  return v;
}

static int by_fund_desc(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x < y) - (x > y);
}

/* "quota": "settle": the extreme-cost stays beyond the quota are settled by the high-cost rule (in the
 * point value too); the ones kept in review pay more fee for service than the first one beyond it. */
static void test_quota_settled(void **state) {
  (void)state;
  world w;
  if (world_open(&w)) skip();
  char quota_path[64], lifted_path[64];
  params_file(quota_path, sizeof quota_path, "\"special_review_quota\": 0.005", "\"special_review_quota\": 0.001");
  params_file(lifted_path, sizeof lifted_path, "\"extreme\": 5", "\"extreme\": 1000000");
  ygt_scheme *s = scheme_with(&w, 0, quota_path, 1);
  ygt_scheme_result *r = settle(s, &w, 0);
  ygt_settle_params *p, *lifted;
  by_hand h, l;
  assert_int_equal(ygt_settle_params_load(&p, quota_path), YGT_OK);
  assert_int_equal(ygt_settle_params_load(&lifted, lifted_path), YGT_OK);
  hand_run(&h, &w, p);
  hand_run(&l, &w, lifted);
  size_t n = ygt_cases_count(w.stays), m = 0;
  int64_t *ffs = calloc(n, sizeof *ffs), seen, want_units = 0;
  for (size_t k = 0; k < n; k++)
    if (h.status[k] == YGT_SETTLE_SPECIAL_REVIEW) ffs[m++] = ffs_of(&w, k);
  assert_int_equal(ygt_settle_accum_total(&seen, h.acc, YGT_FIELD_CASES, -1, -1, -1), YGT_OK);
  size_t allowed = (size_t)(0.001 * (double)seen);
  if (!(allowed >= 1 && m > allowed + 1)) fail_msg("the sample needs 0 < quota < reviews: %zu, %zu", allowed, m);
  qsort(ffs, m, sizeof *ffs, by_fund_desc);
  int64_t boundary = ffs[allowed];
  int8_t *status = calloc(n, 1), *reason = calloc(n, 1);
  assert_int_equal(ygt_scheme_result_stays(NULL, NULL, status, reason, NULL, NULL, r, n), YGT_OK);
  size_t kept = 0;
  for (size_t k = 0; k < n; k++) {
    int over = h.status[k] == YGT_SETTLE_SPECIAL_REVIEW && ffs_of(&w, k) <= boundary;
    if (h.status[k] == YGT_SETTLE_OK) want_units += h.units[k];
    if (over) {
      assert_int_equal(status[k], YGT_SETTLE_OK);
      assert_int_equal(reason[k], YGT_REASON_HIGH_COST);
      want_units += l.units[k];
    } else if (h.status[k] == YGT_SETTLE_SPECIAL_REVIEW) {
      assert_int_equal(status[k], YGT_SETTLE_SPECIAL_REVIEW);
      kept++;
    }
  }
  assert_true(kept <= allowed && kept > 0);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_REVIEW, YGT_LINE_INPATIENT) == (double)kept);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_OVER_QUOTA, YGT_LINE_INPATIENT) == 0);
  assert_int_equal(get(r, -1, YGT_SCHEME_SCORE_UNITS), want_units);
  /* the default reports the same stays without settling them */
  ygt_scheme_result_free(r);
  ygt_scheme_free(s);
  s = scheme_with(&w, 0, quota_path, 0);
  r = settle(s, &w, 0);
  assert_true(figure(r, YGT_SCHEME_SPECIAL_REVIEW, YGT_LINE_INPATIENT) == (double)m);
  assert_true(get(r, -1, YGT_SCHEME_SCORE_UNITS) < want_units);
  /* an unknown mode is an error at its JSON path */
  char *text = read_text(DATA "zhuhai/scheme.json"), *bad = replace(text, "\"fund_from_cases\": true", "\"quota\": \"enforce\"");
  ygt_scheme *none = NULL;
  assert_int_equal(ygt_scheme_parse(&none, w.model, w.dx, w.proc, bad, "scheme.json", DATA "zhuhai"), YGT_EPARSE);
  assert_string_equal(ygt_error_last()->field, "lines.inpatient.quota");
  free(text), free(bad);
  free(ffs), free(status), free(reason);
  hand_free(&h);
  hand_free(&l);
  ygt_settle_params_free(p);
  ygt_settle_params_free(lifted);
  ygt_scheme_result_free(r);
  ygt_scheme_free(s);
  unlink(quota_path);
  unlink(lifted_path);
  world_close(&w);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_budget_value_follows_the_fund),
    cmocka_unit_test(test_fund_from_cases_to_the_fen),
    cmocka_unit_test(test_person_scale),
    cmocka_unit_test(test_prepayments_not_negative),
    cmocka_unit_test(test_special_review_over_quota),
    cmocka_unit_test(test_quota_settled),
  };
  return shared_data_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
