/* Settlement: parameter sets with provenance, point values and pricing
 * computed by hand, prepayment and clearing, exact merging (shuffled order
 * and every split give bit-identical totals), malformed parameter files and
 * malformed case files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "dip_fixture.h"
#include "settle_internal.h"

static void test_params(void **state) {
  (void)state;
  ygt_settle_params *p;
  assert_int_equal(ygt_settle_params_parse(&p, fixture_params, "dir/params.json"), YGT_OK);
  assert_string_equal(ygt_settle_params_id(p), "test-dip-2024");
  assert_string_equal(ygt_settle_params_provenance(p, "document"), "unit test");
  assert_string_equal(ygt_settle_params_provenance(p, "locality"), "440400");
  assert_string_equal(ygt_settle_params_provenance(p, "period_from"), "2024-01-01");
  assert_string_equal(ygt_settle_params_provenance(p, "period_to"), "2024-12-31");
  assert_string_equal(ygt_settle_params_provenance(p, "source"), "dir/params.json");
  assert_string_equal(ygt_settle_params_provenance(p, "model"), "");
  assert_null(ygt_settle_params_provenance(p, "nope"));
  double v;
  assert_int_equal(ygt_settle_params_get(&v, p, YGT_PARAM_DEV_EXTREME), YGT_OK);
  assert_true(v == 5);
  assert_int_equal(ygt_settle_params_get(&v, p, YGT_PARAM_SPECIAL_QUOTA), YGT_OK);
  assert_true(v == 0.005); /* default 5 ‰ */
  assert_int_equal(ygt_settle_params_get(&v, p, YGT_PARAM_PREPAY_RATIO), YGT_OK);
  assert_true(v == 0.9);
  assert_int_equal(ygt_settle_params_get(&v, p, 99), YGT_EINVAL);
  assert_int_equal(ygt_settle_params_level_coef(&v, p, YGT_LEVEL_3A), YGT_OK);
  assert_true(v == 1.2);
  assert_int_equal(ygt_settle_params_level_coef(&v, p, YGT_LEVEL_2A), YGT_OK);
  assert_true(v == 1.0);
  assert_int_equal(ygt_settle_params_has_insurance(p, YGT_INSURANCE_RESIDENT), 1);
  assert_int_equal(ygt_settle_params_has_insurance(p, 2), 0);
  ygt_settle_params_free(p);
  assert_int_equal(ygt_settle_params_parse(&p, "{\"format\": \"yigongti-settle/1\", \"id\": \"x\", \"model\": "
                                              "\"model.json\", \"provenance\": {\"document\": \"d\", \"locality\": "
                                              "\"l\", \"period\": [\"2024-01-01\", \"2024-12-31\"]}, \"insurance\": "
                                              "{\"resident\": {\"fund\": 100, \"reimbursement_ratio\": 1}}}",
                                           "/data/zhuhai/dip-params.json"),
                   YGT_OK);
  assert_string_equal(ygt_settle_params_provenance(p, "model"), "/data/zhuhai/model.json");
  assert_int_equal(ygt_settle_params_has_insurance(p, YGT_INSURANCE_RESIDENT), 1);
  ygt_settle_params_free(p);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

typedef struct bad_params {
  const char *from, *to; /* replace in fixture_params */
  int code, line;
  const char *field, *fragment;
} bad_params;

static const bad_params bad_params_list[] = {
  {"\"id\": \"test-dip-2024\",", "\"id\": \"test-dip-2024\"", YGT_EPARSE, 4, "", "expected"},
  {"yigongti-settle/1", "yigongti-settle/9", YGT_EUNSUPPORTED, 2, "format", "not supported"},
  {"\"document\": \"unit test\", ", "", YGT_EPARSE, 5, "provenance.document", "missing"},
  {"\"locality\": \"440400\",", "\"locality\": 440400,", YGT_EPARSE, 5, "provenance.locality", "string"},
  {"\"2024-12-31\"]", "\"2023-12-31\"]", YGT_EVALIDATE, 6, "provenance.period", "not a valid period"},
  {"\"2024-12-31\"]", "\"2024-02-31\"]", YGT_EVALIDATE, 6, "provenance.period", "not a valid period"},
  {"\"2024-12-31\"]", "\"2024-12-31x\"]", YGT_EVALIDATE, 6, "provenance.period", "not a valid period"},
  {"\"low\": 0.5", "\"low\": \"half\"", YGT_EPARSE, 7, "deviation.low", "must be a number"},
  {"\"low\": 0.5", "\"low\": 0.9, \"high_x\": 1", YGT_EPARSE, 7, "deviation.high_x", "unknown key"},
  {"\"high\": 2", "\"high\": 6", YGT_EVALIDATE, 7, "deviation.extreme", "must not be below high"},
  {"\"prepay_ratio\": 0.9", "\"prepay_ratio\": 1.5", YGT_ERANGE, 9, "prepay_ratio", "outside"},
  {"\"3A\": 1.2", "\"4A\": 1.2", YGT_ENOTFOUND, 8, "level_coefficients.4A", "unknown hospital level"},
  {"\"3A\": 1.2", "\"3A\": 0", YGT_ERANGE, 8, "level_coefficients.3A", "outside"},
  {"\"resident\":", "\"farmer\":", YGT_ENOTFOUND, 13, "insurance.farmer", "unknown insurance type"},
  {"\"fund\": \"50000.00\"", "\"fund\": \"50000.001\"", YGT_EPARSE, 13, "insurance.resident.fund", "amount in yuan"},
  {"\"reimbursement_ratio\": 0.5", "\"reimbursement_ratio\": 0", YGT_ERANGE, 13,
   "insurance.resident.reimbursement_ratio", "outside [0.01, 1]"},
  /* the fund is divided by the ratio: 1e-300 made the fund base infinite */
  {"\"reimbursement_ratio\": 0.5", "\"reimbursement_ratio\": 1e-300", YGT_ERANGE, 13,
   "insurance.resident.reimbursement_ratio", "1e-300 is outside [0.01, 1]"},
  {"\"11000.00\"]}", "\"11000.00\"], \"weights\": [1, 2]}", YGT_EVALIDATE, 12, "insurance.employee.history.weights",
   "one weight per cost"},
  /* all-zero weights made the budget point value 0 and every prepayment silently 0 */
  {"\"11000.00\"]}", "\"11000.00\"], \"weights\": [0, 0, 0]}", YGT_EVALIDATE, 12, "insurance.employee.history.weights",
   "sum to 0"},
  /* all-zero costs, or weight only on a zero year, or growth -1 did the same */
  {"[\"9000.00\", \"10000.00\", \"11000.00\"]", "[\"0\", \"0.00\", 0]", YGT_EVALIDATE, 12,
   "insurance.employee.history.costs", "weighted history cost is 0"},
  {"\"11000.00\"]}", "\"0\"], \"weights\": [0, 0, 1]}", YGT_EVALIDATE, 12, "insurance.employee.history.costs",
   "weighted history cost is 0"},
  {"\"11000.00\"]}", "\"11000.00\"], \"growth\": -1}", YGT_ERANGE, 12, "insurance.employee.history.growth",
   "outside (-1, 10]"},
  {"\"method\": \"dip\",", "\"method\": \"dip\", \"deviaton\": {},", YGT_EPARSE, 4, "deviaton", "unknown key"},
  {"\"prepay_ratio\": 0.9,", "\"prepay_ratio\": 0.9, \"aux_combine\": \"sum\",", YGT_EPARSE, 9, "aux_combine",
   "multiply"},
  {"\"fund\": \"50000.00\", ", "", YGT_EPARSE, 13, "insurance.resident.fund", "missing"},
  {"\"format\": \"yigongti-settle/1\",", "", YGT_EPARSE, 0, "format", "missing"},
};

static char *replace(const char *text, const char *from, const char *to) {
  const char *p = strstr(text, from);
  if (!p) return NULL;
  size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
  char *out = malloc(n);
  snprintf(out, n, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
  return out;
}

static void test_malformed_params(void **state) {
  (void)state;
  char path[256];
  for (size_t i = 0; i < sizeof bad_params_list / sizeof bad_params_list[0]; i++) {
    const bad_params *b = &bad_params_list[i];
    char *text = replace(fixture_params, b->from, b->to);
    if (!text) fail_msg("params %zu: '%s' not found", i, b->from);
    assert_non_null(testutil_write_temp(path, sizeof path, ".json", text));
    free(text);
    ygt_settle_params *p = (ygt_settle_params *)1;
    int rc = ygt_settle_params_load(&p, path);
    const ygt_error *e = ygt_error_last();
    if (rc != b->code || e->line != b->line || strcmp(e->field, b->field) != 0 || !strstr(e->message, b->fragment) ||
        strcmp(e->source, path) != 0)
      fail_msg("params %zu: rc %d line %d field '%s' source '%s': %s", i, rc, e->line, e->field, e->source,
               e->message);
    assert_null(p);
    unlink(path);
    assert_int_equal(ygt_allocated_blocks(), 0);
  }
  ygt_settle_params *p;
  assert_int_equal(ygt_settle_params_load(&p, "/nonexistent/p.json"), YGT_EIO);
  assert_int_equal(ygt_settle_params_parse(&p, "[1]", NULL), YGT_EPARSE);
  assert_string_equal(ygt_error_last()->source, "<string>");
}

/* Two employee cases and one resident case through the whole chain; the
 * numbers are worked out in the comments. */
static void test_point_values_by_hand(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), YGT_OK);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), YGT_OK);
  /* A: H3 employee, January, 1.000001 points, base RW 1, patient share 2000 yuan.
   * B: H1 employee, February, 3.999999 points, base RW 3, share 500 yuan.
   * R: H3 resident, March, 2 points, base 2, share 0. */
  const fx_case k[] = {{0, 0, 20240131, "I63.900", NULL, NULL, 800000, 200000, 0, 0},
                       {1, 0, 20240201, "I63.900", NULL, NULL, 800000, 50000, 0, 0},
                       {0, 1, 20240315, "I63.900", NULL, NULL, 800000, 0, 0, 0}};
  int8_t status[3] = {0, 0, 0};
  int64_t units[3] = {1000001, 3999999, 2000000}, base[3] = {1000000, 3000000, 2000000};
  ygt_settle_accum *acc, *ledger;
  assert_int_equal(ygt_settle_accum_new(&acc, 2), YGT_OK);
  assert_int_equal(ygt_settle_accum_new(&ledger, 2), YGT_OK);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(fixture_add(c, &k[i]), YGT_OK);
    assert_int_equal(ygt_settle_accum_add(acc, k[i].inst, k[i].ins, k[i].date / 100 % 100, 0, 0, units[i], base[i],
                                          k[i].cost, k[i].share, 0),
                     YGT_OK);
  }
  ygt_settle_values *v;
  assert_int_equal(ygt_settle_finalise(&v, acc, f.params), YGT_OK);
  assert_string_equal(ygt_settle_values_params_id(v), "test-dip-2024");
  double pv;
  /* employee: fund 100000 yuan / ratio 0.8 = 125000 yuan over 1.000001 + 3.999999 = 5 points: 25000 yuan */
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_POINT_VALUE, 0), YGT_OK);
  assert_true(pv == 25000.0);
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_TOTAL_POINTS, 0), YGT_OK);
  assert_true(pv == 5.0);
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_FUND_BASE, 0), YGT_OK);
  assert_true(pv == 125000.0);
  /* resident: 50000 / 0.5 = 100000 yuan over 2 points: 50000 yuan */
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_POINT_VALUE, 1), YGT_OK);
  assert_true(pv == 50000.0);
  /* budget: (9000 × 1 + 10000 × 2 + 11000 × 7) / 10 = 10600 yuan over Σ RW × N = 1 + 3 = 4: 2650 yuan */
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_BUDGET_POINT_VALUE, 0), YGT_OK);
  assert_true(pv == 2650.0);
  /* no history for residents: the budget value is the settlement value */
  assert_int_equal(ygt_settle_values_get(&pv, v, YGT_VALUE_BUDGET_POINT_VALUE, 1), YGT_OK);
  assert_true(pv == 50000.0);
  int64_t amount[3], fund[3];
  assert_int_equal(ygt_settle_price(ledger, amount, fund, v, c, status, units, 0, 3), YGT_OK);
  /* A: 1.000001 × 2500000 fen = 2500002.5 -> 2500003 (half away from zero); fund 2500003 - 200000 */
  assert_int_equal(amount[0], 2500003);
  assert_int_equal(fund[0], 2300003);
  /* B: 3.999999 × 2500000 = 9999997.5 -> 9999998; fund 9999998 - 50000 */
  assert_int_equal(amount[1], 9999998);
  assert_int_equal(fund[1], 9949998);
  /* R: 2 × 5000000 = 10000000 */
  assert_int_equal(amount[2], 10000000);
  int64_t t;
  /* the total is the sum of rounded case amounts: 12500001, one fen above the fund base */
  assert_int_equal(ygt_settle_accum_total(&t, ledger, YGT_FIELD_AMOUNT, -1, 0, -1), YGT_OK);
  assert_int_equal(t, 12500001);
  /* budget amounts: A 1.000001 × 265000 = 265000.265 -> 265000, fund 65000;
   * B 3.999999 × 265000 = 1059999.735 -> 1060000, fund 1010000 */
  assert_int_equal(ygt_settle_accum_total(&t, ledger, YGT_FIELD_BUDGET_FUND, 0, 0, 1), YGT_OK);
  assert_int_equal(t, 65000);
  assert_int_equal(ygt_settle_accum_total(&t, ledger, YGT_FIELD_BUDGET_FUND, 1, 0, 2), YGT_OK);
  assert_int_equal(t, 1010000);
  /* prepayment 0.9 × budget fund: January H3 58500, February H1 909000 */
  assert_int_equal(ygt_settle_prepayment(&t, ledger, v, 0, 0, 1), YGT_OK);
  assert_int_equal(t, 58500);
  assert_int_equal(ygt_settle_prepayment(&t, ledger, v, 1, 0, 2), YGT_OK);
  assert_int_equal(t, 909000);
  assert_int_equal(ygt_settle_prepayment(&t, ledger, v, 1, 0, 1), YGT_OK);
  assert_int_equal(t, 0);
  /* R: budget value = settlement value, 0.9 × 10000000 */
  assert_int_equal(ygt_settle_prepayment(&t, ledger, v, -1, 1, -1), YGT_OK);
  assert_int_equal(t, 9000000);
  /* clearing: H3 employee 2300003 - 58500 = 2241503; H1 9949998 - 909000 = 9040998;
   * H3 resident 10000000 - 9000000 = 1000000 */
  assert_int_equal(ygt_settle_clearing(&t, ledger, v, 0, 0), YGT_OK);
  assert_int_equal(t, 2241503);
  assert_int_equal(ygt_settle_clearing(&t, ledger, v, 1, 0), YGT_OK);
  assert_int_equal(t, 9040998);
  assert_int_equal(ygt_settle_clearing(&t, ledger, v, -1, -1), YGT_OK);
  assert_int_equal(t, 2241503 + 9040998 + 1000000);
  assert_int_equal(ygt_settle_prepayment(&t, ledger, v, 5, 0, 1), YGT_ERANGE);
  int64_t count, allowed;
  /* 3 cases × 5 ‰ = 0.015: no special review allowed, none used */
  assert_int_equal(ygt_settle_values_special_review(&count, &allowed, v), 0);
  assert_int_equal(count, 0);
  assert_int_equal(allowed, 0);
  ygt_settle_values_free(v);
  ygt_settle_accum_free(acc);
  ygt_settle_accum_free(ledger);
  ygt_cases_free(c);
  fixture_close(&f);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static void test_accum(void **state) {
  (void)state;
  ygt_settle_accum *a, *b;
  assert_int_equal(ygt_settle_accum_new(&a, 3), YGT_OK);
  assert_int_equal(ygt_settle_accum_new(&b, 3), YGT_OK);
  assert_int_equal(ygt_settle_accum_institutions(a), 3);
  assert_int_equal(ygt_settle_accum_add(a, 0, 0, 1, 0, YGT_REASON_LOW_COST, 5, 4, 3, 2, 1), YGT_OK);
  assert_int_equal(ygt_settle_accum_add(a, 9, 0, 1, 1, 1, 5, 4, 3, 2, 1), YGT_OK); /* unknown institution */
  assert_int_equal(ygt_settle_accum_add(b, 0, 1, 13, 3, 6, 0, 0, 0, 0, 0), YGT_OK); /* month 13 -> 0 */
  assert_int_equal(ygt_settle_accum_add(b, 0, 0, 1, 7, 0, 0, 0, 0, 0, 0), YGT_EINVAL);
  assert_int_equal(ygt_settle_accum_add(b, 1, 0, 1, 0, 0, INT64_MAX, 0, 0, 0, 0), YGT_OK);
  assert_int_equal(ygt_settle_accum_add(b, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0), YGT_EOVERFLOW);
  int64_t t;
  assert_int_equal(ygt_settle_accum_total(&t, b, YGT_FIELD_CASES, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 2); /* the failed add changed nothing */
  assert_int_equal(ygt_settle_accum_merge(a, b), YGT_OK);
  assert_int_equal(ygt_settle_accum_merge(a, b), YGT_EOVERFLOW); /* INT64_MAX twice */
  assert_int_equal(ygt_settle_accum_total(&t, a, YGT_FIELD_CASES, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 4);
  assert_int_equal(ygt_settle_accum_total(&t, a, YGT_FIELD_LOW_COST, 0, 0, 1), YGT_OK);
  assert_int_equal(t, 1);
  assert_int_equal(ygt_settle_accum_total(&t, a, YGT_FIELD_INVALID, 3, -1, -1), YGT_OK);
  assert_int_equal(t, 1);
  assert_int_equal(ygt_settle_accum_total(&t, a, YGT_FIELD_SPECIAL_REVIEW, 0, 1, 0), YGT_OK);
  assert_int_equal(t, 1);
  assert_int_equal(ygt_settle_accum_total(&t, a, YGT_FIELD_SCORE_UNITS, 1, -1, -1), YGT_OK);
  assert_int_equal(t, INT64_MAX);
  assert_int_equal(ygt_settle_accum_total(&t, a, YGT_FIELD_SCORE_UNITS, -1, -1, -1), YGT_EOVERFLOW);
  assert_int_equal(ygt_settle_accum_total(&t, a, YGT_FIELD_CASES, 4, -1, -1), YGT_ERANGE);
  assert_int_equal(ygt_settle_accum_total(&t, a, 16, -1, -1, -1), YGT_EINVAL);
  ygt_settle_accum *c;
  assert_int_equal(ygt_settle_accum_new(&c, 2), YGT_OK);
  assert_int_equal(ygt_settle_accum_merge(a, c), YGT_EINVAL);
  assert_string_equal(ygt_settle_field_name(YGT_FIELD_BUDGET_FUND), "budget_fund");
  assert_string_equal(ygt_settle_status_name(YGT_SETTLE_SPECIAL_REVIEW), "special_review");
  assert_string_equal(ygt_settle_reason_name(YGT_REASON_DAY_SURGERY), "day_surgery");
  assert_string_equal(ygt_settle_reason_name(YGT_REASON_OUT_OF_AREA), "out_of_area");
  assert_string_equal(ygt_settle_reason_name(YGT_REASON_NOT_GROUPED), "not_grouped");
  assert_null(ygt_settle_reason_name(YGT_REASON_NOT_GROUPED + 1));
  assert_int_equal(ygt_settle_score_unit(), 1000000);
  ygt_settle_accum_free(a);
  ygt_settle_accum_free(b);
  ygt_settle_accum_free(c);
}

/* ---- order and partition independence ---------------------------------- */

enum { N = 3000 };

typedef struct columns {
  int32_t inst[N], ins[N], date[N], pdx[N], age[N], day[N];
  int64_t cost[N], share[N], poff[N + 1], soff[N + 1];
  int32_t procs[2 * N], sdx[3 * N];
} columns;

static void random_columns(columns *k, const fixture *f, unsigned seed) {
  srand(seed);
  k->poff[0] = k->soff[0] = 0;
  for (int i = 0; i < N; i++) {
    k->inst[i] = rand() % 2;
    k->ins[i] = rand() % 2;
    k->date[i] = 20240000 + (1 + rand() % 12) * 100 + 1 + rand() % 28;
    k->pdx[i] = rand() % (int32_t)ygt_codes_count(f->dx);
    k->age[i] = rand() % 100;
    k->day[i] = rand() % 20 == 0;
    k->cost[i] = 100000 + (int64_t)(rand() % 5000000);
    k->share[i] = k->cost[i] / (2 + rand() % 5);
    int np = rand() % 3, ns = rand() % 4;
    k->poff[i + 1] = k->poff[i] + np;
    k->soff[i + 1] = k->soff[i] + ns;
    for (int j = 0; j < np; j++) k->procs[k->poff[i] + j] = rand() % (int32_t)ygt_codes_count(f->proc);
    for (int j = 0; j < ns; j++) k->sdx[k->soff[i] + j] = rand() % (int32_t)ygt_codes_count(f->dx);
  }
}

/* The same cases in the order perm[]. */
static void permute(columns *out, const columns *in, const int *perm) {
  out->poff[0] = out->soff[0] = 0;
  for (int i = 0; i < N; i++) {
    int s = perm[i];
    out->inst[i] = in->inst[s]; out->ins[i] = in->ins[s]; out->date[i] = in->date[s];
    out->pdx[i] = in->pdx[s]; out->age[i] = in->age[s]; out->day[i] = in->day[s];
    out->cost[i] = in->cost[s]; out->share[i] = in->share[s];
    int64_t np = in->poff[s + 1] - in->poff[s], ns = in->soff[s + 1] - in->soff[s];
    out->poff[i + 1] = out->poff[i] + np;
    out->soff[i + 1] = out->soff[i] + ns;
    memcpy(out->procs + out->poff[i], in->procs + in->poff[s], (size_t)np * sizeof(int32_t));
    memcpy(out->sdx + out->soff[i], in->sdx + in->soff[s], (size_t)ns * sizeof(int32_t));
  }
}

static ygt_cases *attach(const fixture *f, const columns *k) {
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f->dx, f->proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_INSTITUTION, k->inst, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_INSURANCE, k->ins, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_DISCHARGE_DATE, k->date, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_PDX, k->pdx, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_AGE_YEARS, k->age, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int32(c, YGT_CASE_DAY_SURGERY, k->day, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int64(c, YGT_CASE_TOTAL_COST, k->cost, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_int64(c, YGT_CASE_SELF_PAID, k->share, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_list(c, YGT_CASE_PROCS, k->poff, k->procs, N), YGT_OK);
  assert_int_equal(ygt_cases_attach_list(c, YGT_CASE_SDX, k->soff, k->sdx, N), YGT_OK);
  return c;
}

typedef struct outcome {
  double pv[2], bpv[2];
  int64_t cells[2 + 1][3][13][16];
  int64_t amount[N];
} outcome;

/* Scores the batch in `parts` ranges cut at cuts[], merges the accumulators
 * in reverse order, finalises, prices each range into its own ledger and
 * merges the ledgers.  perm maps batch rows back to original rows. */
static void settle_split(outcome *o, const fixture *f, const ygt_cases *c, const size_t *cuts, int parts,
                         const int *perm) {
  static int8_t status[N];
  static int64_t units[N], amount[N];
  ygt_settle_accum *acc[16], *led[16], *total, *ledger;
  for (int p = 0; p < parts; p++) {
    assert_int_equal(ygt_settle_accum_new(&acc[p], 2), YGT_OK);
    assert_int_equal(ygt_dip_score(acc[p], NULL, status, NULL, units, f->engine, c, cuts[p], cuts[p + 1]), YGT_OK);
  }
  assert_int_equal(ygt_settle_accum_new(&total, 2), YGT_OK);
  for (int p = parts - 1; p >= 0; p--) assert_int_equal(ygt_settle_accum_merge(total, acc[p]), YGT_OK);
  ygt_settle_values *v;
  assert_int_equal(ygt_settle_finalise(&v, total, f->params), YGT_OK);
  for (int ins = 0; ins < 2; ins++) {
    ygt_settle_values_get(&o->pv[ins], v, YGT_VALUE_POINT_VALUE, ins);
    ygt_settle_values_get(&o->bpv[ins], v, YGT_VALUE_BUDGET_POINT_VALUE, ins);
  }
  assert_int_equal(ygt_settle_accum_new(&ledger, 2), YGT_OK);
  for (int p = 0; p < parts; p++) {
    assert_int_equal(ygt_settle_accum_new(&led[p], 2), YGT_OK);
    assert_int_equal(ygt_settle_price(led[p], amount, NULL, v, c, status, units, cuts[p], cuts[p + 1]), YGT_OK);
  }
  for (int p = 0; p < parts; p++) assert_int_equal(ygt_settle_accum_merge(ledger, led[parts - 1 - p]), YGT_OK);
  assert_int_equal(ygt_settle_accum_merge(ledger, total), YGT_OK); /* ledger fields and scoring fields together */
  for (int i = 0; i < 3; i++)
    for (int s = 0; s < 3; s++)
      for (int m = 0; m < 13; m++)
        for (int fl = 0; fl < 16; fl++)
          assert_int_equal(ygt_settle_accum_total(&o->cells[i][s][m][fl], ledger, fl, i, s, m), YGT_OK);
  for (int r = 0; r < N; r++) o->amount[perm[r]] = amount[r];
  for (int p = 0; p < parts; p++) {
    ygt_settle_accum_free(acc[p]);
    ygt_settle_accum_free(led[p]);
  }
  ygt_settle_accum_free(total);
  ygt_settle_accum_free(ledger);
  ygt_settle_values_free(v);
}

static int cmp_key;
static const columns *cmp_cols;
static int by_key(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  int kx = cmp_key ? cmp_cols->date[x] / 100 % 100 : cmp_cols->inst[x];
  int ky = cmp_key ? cmp_cols->date[y] / 100 % 100 : cmp_cols->inst[y];
  return kx != ky ? kx - ky : x - y;
}

static void test_order_and_split_independence(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), YGT_OK);
  static columns base, shuffled;
  static outcome one, other;
  static int perm[N], ident[N];
  random_columns(&base, &f, 7);
  for (int i = 0; i < N; i++) ident[i] = i;
  ygt_cases *c = attach(&f, &base);
  size_t whole[2] = {0, N};
  settle_split(&one, &f, c, whole, 1, ident);
  ygt_cases_free(c);
  assert_true(one.pv[0] > 0 && one.pv[1] > 0);
  assert_true(one.cells[0][0][1][YGT_FIELD_OK] > 0);
  for (int trial = 0; trial < 12; trial++) {
    srand(100 + (unsigned)trial);
    for (int i = 0; i < N; i++) perm[i] = i;
    if (trial < 10) {
      for (int i = N - 1; i > 0; i--) {
        int j = rand() % (i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
    } else { /* by hospital, by month: each group its own partition */
      cmp_key = trial - 10;
      cmp_cols = &base;
      qsort(perm, N, sizeof *perm, by_key);
    }
    permute(&shuffled, &base, perm);
    int parts = 1 + trial % 8;
    size_t cuts[17];
    cuts[0] = 0;
    for (int p = 1; p < parts; p++) cuts[p] = (size_t)(rand() % N);
    cuts[parts] = N;
    for (int p = 1; p < parts; p++) /* sort the cut points */
      for (int q = p; q > 1 && cuts[q] < cuts[q - 1]; q--) {
        size_t t = cuts[q]; cuts[q] = cuts[q - 1]; cuts[q - 1] = t;
      }
    if (trial >= 10) { /* cut where the key changes */
      parts = 0;
      for (int i = 0; i < N; i++) {
        int ki = cmp_key ? shuffled.date[i] / 100 % 100 : shuffled.inst[i];
        int kp = i ? (cmp_key ? shuffled.date[i - 1] / 100 % 100 : shuffled.inst[i - 1]) : -1;
        if (ki != kp) cuts[parts++] = (size_t)i;
      }
      cuts[parts] = N;
    }
    c = attach(&f, &shuffled);
    settle_split(&other, &f, c, cuts, parts, perm);
    ygt_cases_free(c);
    if (memcmp(&one, &other, sizeof one) != 0) {
      for (int i = 0; i < 3 * 3 * 13 * 16; i++)
        if ((&one.cells[0][0][0][0])[i] != (&other.cells[0][0][0][0])[i])
          fprintf(stderr, "cell %d field %d: %lld vs %lld\n", i / 16, i % 16, (long long)(&one.cells[0][0][0][0])[i],
                  (long long)(&other.cells[0][0][0][0])[i]);
      fprintf(stderr, "pv %.17g %.17g / %.17g %.17g\n", one.pv[0], one.pv[1], other.pv[0], other.pv[1]);
      fail_msg("trial %d (%d parts): results differ", trial, parts);
    }
  }
  fixture_close(&f);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* ---- malformed case files ---------------------------------------------- */

typedef struct bad_row {
  const char *row; /* '|' for tabs */
  int flags, status, reason;
  const char *fragment;
} bad_row;

#define CASE_HEADER "case_id|institution|insurance|admit_date|discharge_date|los_days|age_years|pdx|sdx|pproc|" \
                    "other_procs|icu_hours|day_surgery|total_cost|self_paid|first_self_paid|deductible|" \
                    "coinsurance|fund_paid\n"

static const bad_row bad_rows[] = {
  {"C01|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||||0|8000.00|100.00|0|0|0|7900.00", 0, 0, 0, ""},
  {"C02|H3|farmer|2024-01-02|2024-01-09|7|60|I63.900|||||0|8000.00|||||", 1, 1, 1, "insurance: unknown insurance type"},
  {"C03|H3|employee|2024-13-02|2024-01-09|7|60|I63.900|||||0|8000.00|||||", 1, 1, 1, "admit_date: not a date"},
  {"C04|H3|employee|2024-01-02|2024-02-30|7|60|I63.900|||||0|8000.00|||||", 1, 1, 1, "discharge_date: not a date"},
  {"C05|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||||0|-5.00|||||", 1, 1, 1, "total_cost: not an amount"},
  {"C06|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||||0|8000.001|||||", 1, 1, 1, "total_cost: not an amount"},
  {"C07|H3|employee|2024-01-02|2024-01-09|7|60|Z99.999|||||0|8000.00|||||", 2, 1, 1, "pdx: unknown diagnosis code"},
  {"C08|H3|employee|2024-01-02|2024-01-09|7|60|I63.900||99.9999|||0|8000.00|||||", 8, 1, 1, "pproc: unknown code"},
  {"C09|H9|employee|2024-01-02|2024-01-09|7|60|I63.900|||||0|8000.00|||||", 16, 1, 1, "institution: unknown code 'H9'"},
  {"C10|H3|employee|2024-01-02|2024-01-09|7|60||||||0|8000.00|||||", 0, 1, 2, ""},
  {"C11|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||||0||||||", 0, 1, 5, ""},
  {"C12|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||||0|8000.00|abc||||", 1, 1, 1, "self_paid: not an amount"},
  {"C13|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||| -1|0|8000.00|||||", 1, 1, 1, "icu_hours: not an integer"},
  {"C14|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||||0|8000.00|||||", 0, 0, 0, ""},
  {"C15|H3|employee|2024-01-02|2024-01-09|x|60|I63.900|||||0|8000.00|||||", 1, 1, 1, "los_days: not an integer"},
  {"C16|H3||2024-01-02|2024-01-09|7|60|I63.900|||||0|8000.00|||||", 0, 1, 4, ""},
  {"C17|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|I10.x00||51.2300||0|8000.00|||||", 1, 1, 1,
   "other_procs given without pproc"},
  {"C18|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|Q99.999||||0|8000.00|||||", 4, 1, 1, "sdx: unknown code"},
  {"C19|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||||0|8000.00|||x||", 1, 1, 1, "deductible"},
  {"C20|H3|employee|2024-01-02|2024-01-09|7|60|I63.900|||||2|8000.00|||||", 1, 1, 1, "day_surgery: not an integer"},
};

static void test_malformed_case_rows(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), YGT_OK);
  size_t n = sizeof bad_rows / sizeof bad_rows[0];
  size_t cap = 4096 + n * 256;
  char *text = malloc(cap);
  snprintf(text, cap, "%s", CASE_HEADER);
  for (size_t i = 0; i < n; i++) snprintf(text + strlen(text), cap - strlen(text), "%s\n", bad_rows[i].row);
  char *tsv = fixture_tsv(text);
  char path[256];
  assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", tsv));
  free(text);
  free(tsv);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), YGT_OK);
  assert_int_equal(ygt_cases_load(c, path), YGT_OK);
  assert_int_equal(ygt_cases_count(c), n);
  assert_int_equal(ygt_cases_resolve_institutions(c, f.model), 1);
  int8_t status[64], reason[64];
  int64_t units[64];
  assert_int_equal(ygt_dip_score(NULL, NULL, status, reason, units, f.engine, c, 0, n), YGT_OK);
  for (size_t i = 0; i < n; i++) {
    const bad_row *b = &bad_rows[i];
    int flags = ygt_cases_row_flags(c, i);
    const char *msg = ygt_cases_row_message(c, i);
    if (flags != b->flags || status[i] != b->status || reason[i] != b->reason || !strstr(msg, b->fragment) ||
        ygt_cases_row_line(c, i) != (int)i + 2 ||
        (b->fragment[0] && !strstr(msg, b->flags == 16 ? ".tsv:10: institution" : ".tsv:")))
      fail_msg("row %zu: flags %d status %d reason %d line %d: '%s'", i, flags, status[i], reason[i],
               ygt_cases_row_line(c, i), msg);
  }
  int64_t v;
  assert_int_equal(ygt_cases_get_int64(c, 0, YGT_CASE_TOTAL_COST, &v), YGT_OK);
  assert_int_equal(v, 800000);
  assert_int_equal(ygt_cases_get_int64(c, 0, YGT_CASE_FUND_PAID, &v), YGT_OK);
  assert_int_equal(v, 790000);
  int32_t d;
  assert_int_equal(ygt_cases_get_int(c, 0, YGT_CASE_DISCHARGE_DATE, &d), YGT_OK);
  assert_int_equal(d, 20240109);
  assert_int_equal(ygt_cases_get_int64(c, 0, YGT_CASE_SEX, &v), YGT_EINVAL);
  assert_int_equal(ygt_cases_set_int64(c, 99, YGT_CASE_TOTAL_COST, 1), YGT_ERANGE);
  assert_int_equal(ygt_cases_column_type(YGT_CASE_FUND_PAID), YGT_CASE_TYPE_INT64);
  assert_string_equal(ygt_cases_column_name(YGT_CASE_FIRST_SELF_PAID), "first_self_paid");
  assert_int_equal(ygt_cases_na64(), INT64_MIN);
  /* An overflow of a row's amount names the file, line and field the row came from ("amount 4.6e+20 does not
   * fit int64 fen" named nothing); rows given through the API are the batch's. */
  size_t extra;
  assert_int_equal(ygt_cases_append(c, &extra), YGT_OK);
  assert_int_equal(ygt__case_overflow(ygt__round_fen(4.61169e20, &v), c, 3, "amount"), YGT_EOVERFLOW);
  const ygt_error *e = ygt_error_last();
  assert_string_equal(e->source, path);
  assert_int_equal(e->line, 5);
  assert_string_equal(e->field, "amount");
  assert_non_null(strstr(e->message, "row 3: amount 4.61169e+20 does not fit int64 fen"));
  assert_int_equal(ygt__case_overflow(ygt__round_fen(-1e19, &v), c, extra, "fund"), YGT_EOVERFLOW);
  assert_string_equal(ygt_error_last()->source, "case batch");
  assert_int_equal(ygt__case_overflow(YGT_ENOMEM, c, 0, "fund"), YGT_ENOMEM);
  ygt_cases_free(c);
  unlink(path);
  /* whole-file errors: the load fails and adds nothing */
  const char *files[][2] = {{"case_id|institution\nC1|H3\n", "pdx"}, {"", "empty"}};
  for (int i = 0; i < 2; i++) {
    tsv = fixture_tsv(files[i][0]);
    assert_non_null(testutil_write_temp(path, sizeof path, ".tsv", tsv));
    free(tsv);
    assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), YGT_OK);
    assert_int_equal(ygt_cases_load(c, path), YGT_EPARSE);
    assert_int_equal(ygt_cases_count(c), 0);
    ygt_cases_free(c);
    unlink(path);
  }
  fixture_close(&f);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* Allocation failures while loading parameters and settling leave nothing behind. */
static void test_oom(void **state) {
  (void)state;
  testutil_failing fail;
  int done = 0;
  for (long at = 1; !done && at < 2000; at++) {
    assert_int_equal(testutil_fail_install(&fail, at), YGT_OK);
    ygt_settle_params *p = NULL;
    ygt_settle_accum *a = NULL;
    ygt_settle_values *v = NULL;
    int rc = ygt_settle_params_parse(&p, fixture_params, "p.json");
    if (!rc) rc = ygt_settle_accum_new(&a, 3);
    if (!rc) rc = ygt_settle_accum_add(a, 0, 0, 1, 0, 0, 1000000, 1000000, 100, 10, 90);
    if (!rc) rc = ygt_settle_finalise(&v, a, p);
    fail.fail_at = 0;
    if (rc == YGT_OK) done = 1;
    else assert_int_equal(rc, YGT_ENOMEM);
    ygt_settle_values_free(v);
    ygt_settle_accum_free(a);
    ygt_settle_params_free(p);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  }
  assert_true(done);
}

/* A month whose budget-priced fund is below the patients' share prepays 0,
 * not a negative amount; the floor is counted and the clearing pays the
 * rest (the fund never bills an institution monthly). */
static void test_prepayment_floor(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, NULL), YGT_OK);
  ygt_cases *c;
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), YGT_OK);
  /* A: H3 employee, January, 1 point, RW 1, cost 25000 yuan of which the patient pays 20000.
   * B: H1 employee, February, 1 point, RW 1, share 0. */
  const fx_case k[] = {{0, 0, 20240131, "I63.900", NULL, NULL, 2500000, 2000000, 0, 0},
                       {1, 0, 20240201, "I63.900", NULL, NULL, 800000, 0, 0, 0}};
  int8_t status[2] = {0, 0};
  int64_t units[2] = {1000000, 1000000};
  ygt_settle_accum *acc, *ledger;
  assert_int_equal(ygt_settle_accum_new(&acc, 2), YGT_OK);
  assert_int_equal(ygt_settle_accum_new(&ledger, 2), YGT_OK);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(fixture_add(c, &k[i]), YGT_OK);
    assert_int_equal(ygt_settle_accum_add(acc, k[i].inst, 0, k[i].date / 100 % 100, 0, 0, units[i], units[i],
                                          k[i].cost, k[i].share, 0),
                     YGT_OK);
  }
  ygt_settle_values *v;
  assert_int_equal(ygt_settle_finalise(&v, acc, f.params), YGT_OK);
  assert_int_equal(ygt_settle_price(ledger, NULL, NULL, v, c, status, units, 0, 2), YGT_OK);
  /* budget value 10600 yuan / (1 + 1) = 5300 yuan: A's budget fund 530000 - 2000000 = -1470000 fen,
   * 0.9 × that = -1323000: paid as 0; B's 0.9 × 530000 = 477000 */
  int64_t t, cells, raised;
  assert_int_equal(ygt_settle_prepayment(&t, ledger, v, 0, 0, 1), YGT_OK);
  assert_int_equal(t, 0);
  assert_int_equal(ygt_settle_prepayment(&t, ledger, v, -1, -1, -1), YGT_OK);
  assert_int_equal(t, 477000);
  assert_int_equal(ygt_settle_prepayment_floors(&cells, &raised, ledger, v, -1, -1, -1), YGT_OK);
  assert_int_equal(cells, 1);
  assert_int_equal(raised, 1323000);
  assert_int_equal(ygt_settle_prepayment_floors(&cells, &raised, ledger, v, 1, -1, -1), YGT_OK);
  assert_int_equal(cells, 0);
  assert_int_equal(raised, 0);
  /* settlement: 125000 yuan / 2 points = 62500 yuan; A's fund 6250000 - 2000000, nothing prepaid */
  assert_int_equal(ygt_settle_clearing(&t, ledger, v, 0, 0), YGT_OK);
  assert_int_equal(t, 4250000);
  assert_int_equal(ygt_settle_clearing(&t, ledger, v, 1, 0), YGT_OK);
  assert_int_equal(t, 6250000 - 477000);
  assert_int_equal(ygt_settle_prepayment_floors(&cells, &raised, ledger, v, 7, -1, -1), YGT_ERANGE);
  assert_int_equal(ygt_settle_prepayment_floors(NULL, &raised, ledger, v, -1, -1, -1), YGT_EINVAL);
  ygt_settle_values_free(v);
  ygt_settle_accum_free(acc);
  ygt_settle_accum_free(ledger);
  ygt_cases_free(c);
  fixture_close(&f);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

static const char scale_params[] =
  "{\"format\": \"yigongti-settle/1\", \"id\": \"scaled\", \"method\": \"dip\",\n"
  " \"provenance\": {\"document\": \"unit test\", \"locality\": \"440400\", \"period\": [\"2024-01-01\", \"2024-12-31\"]},\n"
  " \"level_coefficients\": {\"3A\": 1.2}, \"assessment_coefficients\": {\"H3\": 0.95},\n"
  " \"support_coefficients\": {\"K80-LC\": 1.1},\n"
  " \"insurance\": {\"employee\": {\"fund\": \"100000.01\", \"reimbursement_ratio\": 0.8,\n"
  "   \"history\": {\"costs\": [\"9000.00\", \"10000.00\", \"11000.00\"], \"budget_scores\": 4}},\n"
  "  \"resident\": {\"fund\": \"50000.00\", \"reimbursement_ratio\": 0.5,\n"
  "   \"history\": {\"costs\": [\"6000.00\"]}}}}\n";

/* A parameter set for a scaled population: the whole-county amounts × s,
 * everything else the same, so the point values of a scaled year match. */
static void test_params_scale(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(fixture_open(&f, scale_params), YGT_OK);
  ygt_settle_params *half;
  assert_int_equal(ygt_settle_params_scale(&half, f.params, 0.5), YGT_OK);
  assert_string_equal(ygt_settle_params_id(half), "scaled");
  assert_string_equal(ygt_settle_params_provenance(half, "locality"), "440400");
  assert_true(ygt_settle_params_has_insurance(half, 1));
  ygt_settle_accum *acc;
  ygt_settle_values *v;
  assert_int_equal(ygt_settle_accum_new(&acc, 2), YGT_OK);
  assert_int_equal(ygt_settle_accum_add(acc, 0, 0, 1, 0, 0, 2000000, 1000000, 100, 10, 90), YGT_OK);
  assert_int_equal(ygt_settle_accum_add(acc, 0, 1, 1, 0, 0, 3000000, 2000000, 100, 10, 90), YGT_OK);
  assert_int_equal(ygt_settle_finalise(&v, acc, half), YGT_OK);
  double x;
  /* fund 10000001 fen × 0.5 = 5000000.5 -> 5000001 fen, / 0.8 = 62500.0125 yuan */
  assert_int_equal(ygt_settle_values_get(&x, v, YGT_VALUE_FUND_BASE, 0), YGT_OK);
  assert_true(x == 5000001 / 0.8 / 100);
  /* history (9000 + 20000 + 77000) / 10 × 0.5 = 5300 yuan over budget_scores 4 × 0.5 = 2: 2650 */
  assert_int_equal(ygt_settle_values_get(&x, v, YGT_VALUE_BUDGET_POINT_VALUE, 0), YGT_OK);
  assert_true(x == 2650.0);
  /* resident: history 3000 yuan over Σ RW × N of the cases (2): 1500 */
  assert_int_equal(ygt_settle_values_get(&x, v, YGT_VALUE_BUDGET_POINT_VALUE, 1), YGT_OK);
  assert_true(x == 1500.0);
  /* the coefficients are copied: the same case scores alike under both sets */
  ygt_dip_engine *e2;
  ygt_cases *c;
  int64_t u1, u2;
  assert_int_equal(ygt_dip_engine_new(&e2, f.cat, half, f.model), YGT_OK);
  assert_int_equal(ygt_cases_new(&c, f.dx, f.proc, 0), YGT_OK);
  const fx_case k = {0, 0, 20240131, "K80.100", NULL, "51.2300", 1200000, 0, 0, 0};
  assert_int_equal(fixture_add(c, &k), YGT_OK);
  assert_int_equal(ygt_dip_score(NULL, NULL, NULL, NULL, &u1, f.engine, c, 0, 1), YGT_OK);
  assert_int_equal(ygt_dip_score(NULL, NULL, NULL, NULL, &u2, e2, c, 0, 1), YGT_OK);
  assert_true(u1 == u2 && u1 > 0);
  ygt_settle_params *bad = (ygt_settle_params *)1;
  assert_int_equal(ygt_settle_params_scale(&bad, f.params, 0), YGT_ERANGE);
  assert_null(bad);
  assert_int_equal(ygt_settle_params_scale(&bad, f.params, 1e300), YGT_ERANGE);
  assert_int_equal(ygt_settle_params_scale(&bad, NULL, 1), YGT_EINVAL);
  ygt_cases_free(c);
  ygt_dip_engine_free(e2);
  ygt_settle_values_free(v);
  ygt_settle_accum_free(acc);
  ygt_settle_params_free(half);
  fixture_close(&f);
  /* out of memory at every allocation of the copy (and of the set it copies) */
  testutil_failing fail;
  int done = 0;
  for (long at = 1; !done && at < 400; at++) {
    ygt_settle_params *p = NULL, *copy = NULL;
    assert_int_equal(testutil_fail_install(&fail, at), YGT_OK);
    int rc = ygt_settle_params_parse(&p, scale_params, "p.json");
    if (!rc) rc = ygt_settle_params_scale(&copy, p, 2);
    fail.fail_at = 0;
    if (rc == YGT_OK) done = 1;
    else assert_int_equal(rc, YGT_ENOMEM);
    ygt_settle_params_free(copy);
    ygt_settle_params_free(p);
    assert_int_equal(ygt_allocated_blocks(), 0);
    assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  }
  assert_true(done);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_params),
    cmocka_unit_test(test_malformed_params),
    cmocka_unit_test(test_point_values_by_hand),
    cmocka_unit_test(test_accum),
    cmocka_unit_test(test_order_and_split_independence),
    cmocka_unit_test(test_malformed_case_rows),
    cmocka_unit_test(test_oom),
    cmocka_unit_test(test_prepayment_floor),
    cmocka_unit_test(test_params_scale),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
