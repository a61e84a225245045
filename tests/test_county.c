/* The synthetic county: every bundle generates; the columns, the encounter
 * batch and the case batch agree; every fen of cost is fund or patient;
 * determinism bit for bit, and the same residents and needs under other
 * rules; Chun'an's calibration (at scale 0.1; scale 1.0 is checked by the
 * Python test); bad arguments and options; out of memory; the cost response
 * (patients who keep away from a dearer route, only those, the same needs). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "testutil.h"

#define DATA SOURCE_ROOT "/examples/data"

typedef struct bundle {
  ygt_model *model;
  ygt_referral_rules *rules;
} bundle;

static ygt_casemix *cm;

static int setup(void **state) {
  (void)state;
  return ygt_casemix_load(&cm, NULL, NULL, DATA "/casemix.tsv");
}

static int teardown(void **state) {
  (void)state;
  ygt_casemix_free(cm);
  return ygt_allocated_blocks() != 0;
}

static void open_bundle(bundle *b, const char *name) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s/%s", DATA, name);
  if (ygt_model_load(&b->model, dir)) fail_msg("%s", ygt_error_last()->message);
  if (ygt_referral_rules_load(&b->rules, b->model, ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS), dir))
    fail_msg("%s: %s", name, ygt_error_last()->message);
}

static void close_bundle(bundle *b) {
  ygt_referral_rules_free(b->rules);
  ygt_model_free(b->model);
}

static const void *col(const ygt_county *c, int column, size_t *n) {
  const void *data;
  size_t k;
  assert_int_equal(ygt_county_column(&data, &k, c, column), YGT_OK);
  if (n) *n = k;
  return data;
}

static ygt_county *generate(const bundle *b, uint64_t seed, double scale) {
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.seed = seed;
  o.population_scale = scale;
  ygt_county *c = NULL;
  if (ygt_county_generate(&c, b->model, b->rules, cm, &o)) fail_msg("%s", ygt_error_last()->message);
  return c;
}

/* ---- invariants of one county -------------------------------------------------- */

static void check_money(const ygt_county *c) {
  size_t n;
  const int64_t *cost = col(c, YGT_COUNTY_EVENT_COST, &n), *fund = col(c, YGT_COUNTY_EVENT_FUND, NULL);
  const int64_t *paid = col(c, YGT_COUNTY_EVENT_PATIENT_PAID, NULL);
  const int8_t *ins = col(c, YGT_COUNTY_EVENT_INSURANCE, NULL);
  int64_t fund_total = 0;
  for (size_t e = 0; e < n; e++) {
    if (cost[e] <= 0 || cost[e] != fund[e] + paid[e] || fund[e] < 0 || fund[e] > cost[e])
      fail_msg("event %zu: cost %lld fund %lld paid %lld", e, (long long)cost[e], (long long)fund[e], (long long)paid[e]);
    if (ins[e] < 0) assert_int_equal(fund[e], 0);
    fund_total += fund[e];
  }
  assert_true(fund_total > 0);
}

static void check_events(const ygt_county *c, const ygt_model *m) {
  size_t n, nres;
  const int32_t *patient = col(c, YGT_COUNTY_EVENT_PATIENT, &n), *day = col(c, YGT_COUNTY_EVENT_DAY, NULL);
  const int32_t *inst = col(c, YGT_COUNTY_EVENT_INSTITUTION, NULL), *first = col(c, YGT_COUNTY_EVENT_FIRST_CONTACT, NULL);
  const int32_t *period = col(c, YGT_COUNTY_EVENT_PERIOD, NULL), *los = col(c, YGT_COUNTY_EVENT_LOS, NULL);
  const int32_t *grid = col(c, YGT_COUNTY_EVENT_GRID, NULL), *rgrid = col(c, YGT_COUNTY_RESIDENT_GRID, &nres);
  const int8_t *month = col(c, YGT_COUNTY_EVENT_MONTH, NULL), *setting = col(c, YGT_COUNTY_EVENT_SETTING, NULL);
  const int8_t *age = col(c, YGT_COUNTY_RESIDENT_AGE, NULL), *sex = col(c, YGT_COUNTY_RESIDENT_SEX, NULL);
  const int32_t *cond = col(c, YGT_COUNTY_EVENT_CONDITION, NULL), *episode = col(c, YGT_COUNTY_EVENT_EPISODE, NULL);
  size_t ninst = ygt_model_institution_count(m);
  for (size_t e = 0; e < n; e++) {
    assert_true(patient[e] >= 0 && (size_t)patient[e] < nres);
    if (e) assert_true(patient[e] > patient[e - 1] || (patient[e] == patient[e - 1] && day[e] >= day[e - 1]));
    assert_true(day[e] >= 1 && day[e] <= 366 && month[e] >= 1 && month[e] <= 12);
    assert_int_equal(period[e], 2024 * 100 + month[e]);
    assert_true(inst[e] >= 0 && (size_t)inst[e] < ninst && first[e] >= 0 && (size_t)first[e] < ninst);
    assert_int_equal(grid[e], rgrid[patient[e]]);
    assert_int_equal(setting[e], ygt_casemix_setting(cm, cond[e]));
    assert_true(setting[e] == YGT_SETTING_OUTPATIENT ? los[e] == 0 : los[e] >= 1);
    if (episode[e] >= 0) continue; /* a continuation: its stay's patient, whatever the band */
    double from, to, s;
    ygt_casemix_value(&from, cm, cond[e], YGT_CASEMIX_AGE_FROM);
    ygt_casemix_value(&to, cm, cond[e], YGT_CASEMIX_AGE_TO);
    ygt_casemix_value(&s, cm, cond[e], YGT_CASEMIX_SEX);
    int a = age[patient[e]];
    assert_true(a >= from && a <= to && (s == 0 || s == sex[patient[e]]));
  }
}

/* The batches have the columns' rows: every event an encounter, every stay a case. */
static void check_batches(const ygt_county *c) {
  size_t n;
  const int32_t *row = col(c, YGT_COUNTY_EVENT_CASE_ROW, &n);
  const int8_t *setting = col(c, YGT_COUNTY_EVENT_SETTING, NULL);
  const int64_t *cost = col(c, YGT_COUNTY_EVENT_COST, NULL), *fund = col(c, YGT_COUNTY_EVENT_FUND, NULL);
  const int32_t *inst = col(c, YGT_COUNTY_EVENT_INSTITUTION, NULL), *los = col(c, YGT_COUNTY_EVENT_LOS, NULL);
  const ygt_cases *k = ygt_county_cases(c);
  assert_int_equal(ygt_encounters_count(ygt_county_encounters(c)), n);
  size_t stays = 0;
  for (size_t e = 0; e < n; e++) {
    if (setting[e] == YGT_SETTING_OUTPATIENT) {
      assert_int_equal(row[e], -1);
      continue;
    }
    assert_int_equal(row[e], (int32_t)stays++);
    int64_t kc, kf;
    int32_t ki, kl, admit, discharge;
    assert_int_equal(ygt_cases_get_int64(k, (size_t)row[e], YGT_CASE_TOTAL_COST, &kc), YGT_OK);
    assert_int_equal(ygt_cases_get_int64(k, (size_t)row[e], YGT_CASE_FUND_PAID, &kf), YGT_OK);
    assert_int_equal(ygt_cases_get_int(k, (size_t)row[e], YGT_CASE_INSTITUTION, &ki), YGT_OK);
    assert_int_equal(ygt_cases_get_int(k, (size_t)row[e], YGT_CASE_LOS_DAYS, &kl), YGT_OK);
    assert_int_equal(ygt_cases_get_int(k, (size_t)row[e], YGT_CASE_ADMIT_DATE, &admit), YGT_OK);
    assert_int_equal(ygt_cases_get_int(k, (size_t)row[e], YGT_CASE_DISCHARGE_DATE, &discharge), YGT_OK);
    assert_true(kc == cost[e] && kf == fund[e] && ki == inst[e] && kl == los[e]);
    assert_true(discharge / 10000 == 2024 && admit <= discharge);
  }
  assert_int_equal(ygt_cases_count(k), stays);
  assert_true(stays > 0);
}

/* Signing: every signed resident is insured and lives in a grid of a
 * township whose teams signed residents; per township, the signed residents
 * are its teams' signed counts scaled by residents / model population (the
 * pools' scale), or every insured candidate when there are fewer. */
static void check_signing(const ygt_county *c, const ygt_model *m) {
  size_t nres, ninst = ygt_model_institution_count(m);
  const int8_t *sig = col(c, YGT_COUNTY_RESIDENT_SIGNED, &nres), *ins = col(c, YGT_COUNTY_RESIDENT_INSURANCE, NULL);
  const int32_t *grid = col(c, YGT_COUNTY_RESIDENT_GRID, NULL);
  assert_int_equal(nres, ygt_county_resident_count(c));
  int64_t *got = calloc(ninst, sizeof *got), *cand = calloc(ninst, sizeof *cand), *want = calloc(ninst, sizeof *want);
  int64_t population = 0, any = 0;
  for (size_t g = 0; g < ygt_model_grid_count(m); g++) population += ygt_model_grid_population(m, (int32_t)g);
  for (size_t t = 0; t < ygt_model_team_count(m); t++)
    want[ygt_model_team_institution(m, (int32_t)t)] += ygt_model_team_signed(m, (int32_t)t);
  for (size_t r = 0; r < nres; r++) {
    int32_t t = ygt_model_grid_township(m, grid[r]);
    assert_true(sig[r] == 0 || sig[r] == 1);
    if (sig[r]) assert_true(ins[r] >= 0 && t >= 0);
    if (ins[r] >= 0 && t >= 0) cand[t]++, got[t] += sig[r];
    any += sig[r];
  }
  for (size_t i = 0; i < ninst; i++) {
    int64_t scaled = llround((double)want[i] * (double)nres / (double)population);
    int64_t expect = scaled < cand[i] ? scaled : cand[i];
    if (got[i] != expect) fail_msg("institution %zu: %lld signed, want %lld", i, (long long)got[i], (long long)expect);
  }
  assert_int_equal(any > 0, ygt_model_team_count(m) > 0);
  free(got);
  free(cand);
  free(want);
}

static void test_bundles(void **state) {
  (void)state;
  static const char *const names[] = {"ninghai", "zhuhai", "chunan", "linxiang"};
  for (size_t i = 0; i < 4; i++) {
    bundle b;
    open_bundle(&b, names[i]);
    ygt_county *c = generate(&b, 3, 0.02);
    size_t want = 0;
    for (int32_t g = 0; g < (int32_t)ygt_model_grid_count(b.model); g++)
      want += (size_t)llround((double)ygt_model_grid_population(b.model, g) * 0.02);
    assert_int_equal(ygt_county_resident_count(c), want);
    assert_true(ygt_county_event_count(c) > want * 4);
    assert_ptr_equal(ygt_county_model(c), b.model);
    assert_ptr_equal(ygt_county_rules(c), b.rules);
    assert_ptr_equal(ygt_county_casemix(c), cm);
    assert_int_equal(ygt_county_year(c), 2024);
    check_money(c);
    check_events(c, b.model);
    check_batches(c);
    check_signing(c, b.model);
    ygt_county_free(c);
    close_bundle(&b);
  }
}

/* ---- determinism ----------------------------------------------------------------- */

static int same_column(const ygt_county *a, const ygt_county *b, int column) {
  size_t na, nb;
  const void *x = col(a, column, &na), *y = col(b, column, &nb);
  return na == nb && (!na || memcmp(x, y, na * (size_t)ygt_county_column_width(column)) == 0);
}

static void test_determinism(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "ninghai");
  ygt_county *x = generate(&b, 42, 0.02), *y = generate(&b, 42, 0.02), *z = generate(&b, 43, 0.02);
  for (int k = 0; ygt_county_column_name(k); k++)
    if (!same_column(x, y, k)) fail_msg("column %s differs between two runs", ygt_county_column_name(k));
  assert_false(same_column(x, z, YGT_COUNTY_EVENT_CONDITION));
  assert_false(same_column(x, z, YGT_COUNTY_RESIDENT_AGE));
  assert_false(same_column(x, z, YGT_COUNTY_RESIDENT_SIGNED));
  ygt_county_free(x);
  ygt_county_free(y);
  ygt_county_free(z);
  close_bundle(&b);
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char buf[65536];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return buf;
}

static void replace(char *text, const char *find, const char *repl) {
  char *at = strstr(text, find);
  assert_non_null(at);
  size_t tail = strlen(at + strlen(find));
  memmove(at + strlen(repl), at + strlen(find), tail + 1);
  memcpy(at, repl, strlen(repl));
}

/* Other rules (first contact for in-patients instead of out-patients, a
 * bigger penalty): the same residents and needs; only routing and money move. */
static void test_same_needs_other_rules(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "ninghai");
  char *json = read_file(DATA "/ninghai/referral.json");
  replace(json, "\"out_of_county_points\": 20", "\"out_of_county_points\": 60");
  replace(json, "\"settings\": [\"outpatient\"],\n                    \"note\": \"辖区内",
          "\"settings\": [\"inpatient\"],\n                    \"note\": \"辖区内");
  ygt_referral_rules *other = NULL;
  if (ygt_referral_rules_parse(&other, b.model, ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS), json, "other",
                               DATA "/ninghai"))
    fail_msg("%s", ygt_error_last()->message);
  bundle b2 = {b.model, other};
  ygt_county *x = generate(&b, 9, 0.02), *y = generate(&b2, 9, 0.02);
  static const int needs[] = {YGT_COUNTY_RESIDENT_GRID, YGT_COUNTY_RESIDENT_AGE, YGT_COUNTY_RESIDENT_SEX,
                              YGT_COUNTY_RESIDENT_INSURANCE, YGT_COUNTY_EVENT_PATIENT, YGT_COUNTY_EVENT_CONDITION,
                              YGT_COUNTY_EVENT_DAY, YGT_COUNTY_EVENT_SETTING, YGT_COUNTY_EVENT_DIAGNOSIS,
                              YGT_COUNTY_EVENT_PROCEDURE, YGT_COUNTY_EVENT_LOS, YGT_COUNTY_EVENT_EMERGENCY,
                              YGT_COUNTY_EVENT_CASE_ROW, YGT_COUNTY_EVENT_PHASE, YGT_COUNTY_EVENT_EPISODE};
  for (size_t k = 0; k < sizeof needs / sizeof needs[0]; k++)
    if (!same_column(x, y, needs[k])) fail_msg("need column %s differs", ygt_county_column_name(needs[k]));
  /* a continuation starts where its stay was treated, which the rules decide */
  size_t n;
  const int32_t *fx = col(x, YGT_COUNTY_EVENT_FIRST_CONTACT, &n), *fy = col(y, YGT_COUNTY_EVENT_FIRST_CONTACT, NULL);
  const int32_t *episode = col(x, YGT_COUNTY_EVENT_EPISODE, NULL);
  for (size_t e = 0; e < n; e++)
    if (episode[e] < 0 && fx[e] != fy[e]) fail_msg("event %zu: first contact differs", e);
  assert_false(same_column(x, y, YGT_COUNTY_EVENT_ROUTE));
  assert_false(same_column(x, y, YGT_COUNTY_EVENT_INSTITUTION));
  assert_false(same_column(x, y, YGT_COUNTY_EVENT_FUND));
  check_money(y);
  ygt_county_free(x);
  ygt_county_free(y);
  ygt_referral_rules_free(other);
  close_bundle(&b);
}

/* ---- cost response ------------------------------------------------------------------ */

static ygt_county *generate_responding(const bundle *b, double response) {
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.seed = 9;
  o.population_scale = 0.02;
  o.cost_response = response;
  ygt_county *c = NULL;
  if (ygt_county_generate(&c, b->model, b->rules, cm, &o)) fail_msg("%s", ygt_error_last()->message);
  return c;
}

static size_t out_of_county(const ygt_county *c, const ygt_model *m) {
  size_t n, out = 0;
  const int32_t *inst = col(c, YGT_COUNTY_EVENT_INSTITUTION, &n);
  for (size_t e = 0; e < n; e++) out += ygt_model_institution_tier(m, inst[e]) >= YGT_TIER_CITY;
  return out;
}

static int event_same(const ygt_county *a, const ygt_county *b, int column, size_t e) {
  size_t w = (size_t)ygt_county_column_width(column);
  return memcmp((const char *)col(a, column, NULL) + e * w, (const char *)col(b, column, NULL) + e * w, w) == 0;
}

/* Against the run without response: same needs; an event whose first
 * contact did not move is identical in every column; one that moved went
 * from outside the county or a county hospital to a contact inside the
 * county, where the patient pays less.  Returns the number that moved. */
static size_t check_responses(const ygt_county *still, const ygt_county *moving, const ygt_model *m) {
  static const int needs[] = {YGT_COUNTY_RESIDENT_GRID, YGT_COUNTY_RESIDENT_AGE, YGT_COUNTY_RESIDENT_SEX,
                              YGT_COUNTY_RESIDENT_INSURANCE, YGT_COUNTY_EVENT_PATIENT, YGT_COUNTY_EVENT_CONDITION,
                              YGT_COUNTY_EVENT_DAY, YGT_COUNTY_EVENT_SETTING, YGT_COUNTY_EVENT_LOS,
                              YGT_COUNTY_EVENT_EMERGENCY, YGT_COUNTY_EVENT_CASE_ROW};
  for (size_t k = 0; k < sizeof needs / sizeof needs[0]; k++)
    if (!same_column(still, moving, needs[k])) fail_msg("need column %s differs", ygt_county_column_name(needs[k]));
  size_t n, moved = 0;
  const int32_t *first = col(still, YGT_COUNTY_EVENT_FIRST_CONTACT, &n);
  const int32_t *now = col(moving, YGT_COUNTY_EVENT_FIRST_CONTACT, NULL);
  const int64_t *paid = col(still, YGT_COUNTY_EVENT_PATIENT_PAID, NULL);
  const int64_t *paid_now = col(moving, YGT_COUNTY_EVENT_PATIENT_PAID, NULL);
  const int8_t *emergency = col(still, YGT_COUNTY_EVENT_EMERGENCY, NULL);
  for (size_t e = 0; e < n; e++) {
    if (first[e] == now[e]) {
      for (int k = YGT_COUNTY_EVENT_PATIENT; k <= YGT_COUNTY_EVENT_EMERGENCY; k++)
        if (!event_same(still, moving, k, e)) fail_msg("event %zu: column %s moved", e, ygt_county_column_name(k));
      continue;
    }
    moved++;
    assert_false(emergency[e]);
    assert_true(ygt_model_institution_tier(m, first[e]) >= YGT_TIER_COUNTY);
    assert_true(ygt_model_institution_tier(m, now[e]) < ygt_model_institution_tier(m, first[e]));
    assert_true(paid_now[e] < paid[e]);
  }
  return moved;
}

/* A bigger penalty for care out of the county without a slip: with the cost
 * response fewer needs leave the county than under the bundle's rules; the
 * same residents and needs throughout. */
static void test_cost_response(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "ninghai");
  char *json = read_file(DATA "/ninghai/referral.json");
  replace(json, "\"out_of_county_points\": 20", "\"out_of_county_points\": 60");
  ygt_referral_rules *penalty = NULL;
  if (ygt_referral_rules_parse(&penalty, b.model, ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS), json, "penalty",
                               DATA "/ninghai"))
    fail_msg("%s", ygt_error_last()->message);
  bundle p = {b.model, penalty};
  ygt_county *base0 = generate_responding(&b, 0), *pen0 = generate_responding(&p, 0);
  ygt_county *base1 = generate_responding(&b, 1), *pen1 = generate_responding(&p, 1);
  /* no response: the penalty moves money only */
  assert_int_equal(out_of_county(pen0, b.model), out_of_county(base0, b.model));
  assert_true(same_column(base0, pen0, YGT_COUNTY_EVENT_INSTITUTION));
  /* with it: fewer needs out of the county, and fewer still under the penalty */
  size_t out0 = out_of_county(base0, b.model), out1 = out_of_county(base1, b.model);
  size_t outp = out_of_county(pen1, b.model);
  assert_true(out0 > 0 && out1 < out0 && outp < out1);
  assert_true(check_responses(base0, base1, b.model) > 0);
  assert_true(check_responses(pen0, pen1, b.model) > check_responses(base0, base1, b.model));
  /* the response is seeded: the same run again gives the same columns */
  ygt_county *again = generate_responding(&p, 1);
  for (int k = 0; ygt_county_column_name(k); k++)
    if (!same_column(pen1, again, k)) fail_msg("column %s differs between two runs", ygt_county_column_name(k));
  check_money(pen1);
  check_events(pen1, b.model);
  check_batches(pen1);
  ygt_county *list[] = {base0, pen0, base1, pen1, again};
  for (size_t k = 0; k < 5; k++) ygt_county_free(list[k]);
  ygt_referral_rules_free(penalty);
  close_bundle(&b);
}

/* ---- calibration ----------------------------------------------------------------- */

static void test_chunan_calibration(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "chunan");
  ygt_county *c = generate(&b, 1, 0.1);
  size_t n, visits = 0, stays;
  const int8_t *setting = col(c, YGT_COUNTY_EVENT_SETTING, &n);
  for (size_t e = 0; e < n; e++) visits += setting[e] == YGT_SETTING_OUTPATIENT;
  stays = n - visits;
  /* 2.75 million visits and 63,000 discharges a year at scale 1.0, ±10 % */
  assert_true(fabs((double)visits / 275000.0 - 1) < 0.10);
  assert_true(fabs((double)stays / 6300.0 - 1) < 0.10);
  /* the elderly have more visits per head than adults of working age */
  size_t nres;
  const int8_t *age = col(c, YGT_COUNTY_RESIDENT_AGE, &nres);
  const int32_t *patient = col(c, YGT_COUNTY_EVENT_PATIENT, NULL);
  double people[3] = {0}, events[3] = {0};
  for (size_t r = 0; r < nres; r++) people[age[r] < 15 ? 0 : age[r] < 60 ? 1 : 2]++;
  for (size_t e = 0; e < n; e++) events[age[patient[e]] < 15 ? 0 : age[patient[e]] < 60 ? 1 : 2]++;
  assert_true(events[2] / people[2] > 2 * events[1] / people[1]);
  assert_true(events[0] / people[0] > events[1] / people[1]);
  ygt_county_free(c);
  close_bundle(&b);
}

/* A caller built against options version 1 passes a shorter struct: the
 * fields after it are not read, they take their defaults. */
static void test_options_version_1(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "chunan");
  unsigned char raw[sizeof(ygt_county_options)];
  memset(raw, 0xff, sizeof raw); /* garbage where a version-1 caller has no fields */
  ygt_county_options v2 = YGT_COUNTY_OPTIONS_INIT;
  v2.population_scale = 0.01;
  ygt_county_options v1 = v2;
  v1.version = 1;
  memcpy(raw, &v1, offsetof(ygt_county_options, male_share));
  ygt_county *a = NULL, *c = NULL;
  assert_int_equal(ygt_county_generate(&a, b.model, b.rules, cm, (const ygt_county_options *)(const void *)raw), YGT_OK);
  assert_int_equal(ygt_county_generate(&c, b.model, b.rules, cm, &v2), YGT_OK);
  size_t na, nc;
  const int8_t *sa = col(a, YGT_COUNTY_RESIDENT_SEX, &na), *sc = col(c, YGT_COUNTY_RESIDENT_SEX, &nc);
  assert_int_equal(na, nc);
  assert_memory_equal(sa, sc, na);
  ygt_county_free(a);
  ygt_county_free(c);
  close_bundle(&b);
}

/* The 0.1 function fills a 0.1 caller's struct, version 1, and writes nothing past it; the versioned one
 * writes exactly its version's fields. */
static void test_options_init_sizes(void **state) {
  (void)state;
  unsigned char raw[sizeof(ygt_county_options) + 8];
  size_t v1 = offsetof(ygt_county_options, male_share);
  memset(raw, 0xa5, sizeof raw);
  ygt_county_options_init((ygt_county_options *)(void *)raw);
  for (size_t k = v1; k < sizeof raw; k++) assert_int_equal(raw[k], 0xa5);
  assert_int_equal(((ygt_county_options *)(void *)raw)->version, 1);
  memset(raw, 0xa5, sizeof raw);
  assert_int_equal(ygt_county_options_init_version((ygt_county_options *)(void *)raw, 2), YGT_OK);
  for (size_t k = sizeof(ygt_county_options); k < sizeof raw; k++) assert_int_equal(raw[k], 0xa5);
  const ygt_county_options *o = (const ygt_county_options *)(const void *)raw;
  assert_true(o->version == 2 && o->male_share == 0.5 && o->age_pyramid[19] == 0 && o->seed == 1);
  assert_int_equal(ygt_county_options_init_version((ygt_county_options *)(void *)raw, 3), YGT_EINVAL);
  assert_int_equal(ygt_county_options_init_version(NULL, 2), YGT_EINVAL);
}

/* The options' age pyramid and male share replace the built-in ones. */
static void test_pyramid_and_sex(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "chunan");
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = 0.01;
  o.male_share = 1;
  o.age_pyramid[12] = 3; /* 60-64 only */
  ygt_county *c = NULL;
  assert_int_equal(ygt_county_generate(&c, b.model, b.rules, cm, &o), YGT_OK);
  size_t n;
  const int8_t *age = col(c, YGT_COUNTY_RESIDENT_AGE, &n), *sex = col(c, YGT_COUNTY_RESIDENT_SEX, NULL);
  int ages[5] = {0};
  for (size_t r = 0; r < n; r++) {
    assert_true(age[r] >= 60 && age[r] <= 64 && sex[r] == 1);
    ages[age[r] - 60]++;
  }
  for (int a = 0; a < 5; a++) assert_true(ages[a] > (int)n / 10); /* spread over the band's years */
  ygt_county_free(c);
  close_bundle(&b);
}

/* ---- errors ------------------------------------------------------------------------- */

static void expect_option_error(const bundle *b, const ygt_county_options *o, const char *fragment) {
  ygt_county *c = (ygt_county *)1;
  assert_int_equal(ygt_county_generate(&c, b->model, b->rules, cm, o), YGT_EINVAL);
  assert_null(c);
  if (!strstr(ygt_error_last()->message, fragment))
    fail_msg("message '%s' lacks '%s'", ygt_error_last()->message, fragment);
}

static void test_bad_options(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "chunan");
  ygt_county_options o;
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.version = YGT_COUNTY_OPTIONS_VERSION + 1;
  expect_option_error(&b, &o, "is not 1..");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.male_share = 1.2;
  expect_option_error(&b, &o, "male_share");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.age_pyramid[13] = -1;
  expect_option_error(&b, &o, "age_pyramid[65-69]");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.population_scale = -1;
  expect_option_error(&b, &o, "population_scale");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.primary_first_contact = 1.5;
  expect_option_error(&b, &o, "primary_first_contact");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.out_of_county_bypass = NAN;
  expect_option_error(&b, &o, "out_of_county_bypass");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.inpatient_factor = -0.5;
  expect_option_error(&b, &o, "inpatient_factor");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.tier_cost[4] = 0;
  expect_option_error(&b, &o, "tier_cost[province]");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.bypass_weight[2] = -1;
  expect_option_error(&b, &o, "bypass_weight[out_of_area]");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.year = 1800;
  expect_option_error(&b, &o, "year");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.emergency_acuity = 5;
  expect_option_error(&b, &o, "emergency_acuity");
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.population_scale = 100;
  o.outpatient_factor = 100;
  ygt_county *c = (ygt_county *)1;
  assert_int_equal(ygt_county_generate(&c, b.model, b.rules, cm, &o), YGT_ELIMIT);
  assert_null(c);
  /* zero scale: an empty county, still consistent */
  assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
  o.population_scale = 0;
  assert_int_equal(ygt_county_generate(&c, b.model, b.rules, cm, &o), YGT_OK);
  assert_int_equal(ygt_county_resident_count(c), 0);
  assert_int_equal(ygt_county_event_count(c), 0);
  assert_int_equal(ygt_cases_count(ygt_county_cases(c)), 0);
  const void *data = (const void *)1;
  size_t n = 9;
  assert_int_equal(ygt_county_column(&data, &n, c, YGT_COUNTY_EVENT_COST), YGT_OK);
  assert_true(data == NULL && n == 0);
  ygt_county_free(c);
  close_bundle(&b);
}

static void test_cost_response_bad(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "chunan");
  static const double bad[] = {-0.01, NAN, 100.5, INFINITY};
  for (size_t k = 0; k < 4; k++) {
    ygt_county_options o;
    assert_int_equal(ygt_county_options_init_version(&o, YGT_COUNTY_OPTIONS_VERSION), YGT_OK);
    assert_true(o.cost_response == 0.0);
    o.cost_response = bad[k];
    expect_option_error(&b, &o, "cost_response");
  }
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = 0.001;
  o.cost_response = 100; /* the bound itself is allowed */
  ygt_county *c = NULL;
  assert_int_equal(ygt_county_generate(&c, b.model, b.rules, cm, &o), YGT_OK);
  check_money(c);
  ygt_county_free(c);
  close_bundle(&b);
}

static void test_bad_arguments(void **state) {
  (void)state;
  bundle b;
  open_bundle(&b, "chunan");
  ygt_county *c = (ygt_county *)1;
  assert_int_equal(ygt_county_generate(NULL, b.model, b.rules, cm, NULL), YGT_EINVAL);
  assert_int_equal(ygt_county_generate(&c, NULL, b.rules, cm, NULL), YGT_EINVAL);
  assert_null(c);
  assert_int_equal(ygt_county_generate(&c, b.model, NULL, cm, NULL), YGT_EINVAL);
  assert_int_equal(ygt_county_generate(&c, b.model, b.rules, NULL, NULL), YGT_EINVAL);
  /* rules loaded with another dictionary, or another model */
  ygt_casemix *other = NULL;
  assert_int_equal(ygt_casemix_load(&other, NULL, NULL, DATA "/casemix.tsv"), YGT_OK);
  assert_int_equal(ygt_county_generate(&c, b.model, b.rules, other, NULL), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "another diagnosis dictionary"));
  bundle n;
  open_bundle(&n, "ninghai");
  assert_int_equal(ygt_county_generate(&c, n.model, b.rules, cm, NULL), YGT_EINVAL);
  assert_non_null(strstr(ygt_error_last()->message, "another model"));
  close_bundle(&n);
  ygt_casemix_free(other);
  /* accessors */
  const void *data;
  size_t rows;
  assert_int_equal(ygt_county_column(&data, &rows, NULL, 0), YGT_EINVAL);
  assert_null(ygt_county_column_name(28));
  assert_string_equal(ygt_county_column_name(YGT_COUNTY_RESIDENT_SIGNED), "resident_signed");
  assert_int_equal(ygt_county_column_width(YGT_COUNTY_RESIDENT_SIGNED), 1);
  assert_string_equal(ygt_county_column_name(YGT_COUNTY_EVENT_CONTINUITY), "continuity");
  assert_null(ygt_county_column_name(-1));
  assert_string_equal(ygt_county_column_name(YGT_COUNTY_EVENT_PATIENT_PAID), "patient_paid");
  assert_int_equal(ygt_county_column_width(YGT_COUNTY_EVENT_COST), 8);
  assert_int_equal(ygt_county_column_width(YGT_COUNTY_RESIDENT_AGE), 1);
  assert_int_equal(ygt_county_column_width(99), YGT_EINVAL);
  assert_int_equal(ygt_county_event_count(NULL), 0);
  assert_int_equal(ygt_county_resident_count(NULL), 0);
  assert_null(ygt_county_encounters(NULL));
  assert_null(ygt_county_cases(NULL));
  assert_int_equal(ygt_county_year(NULL), YGT_EINVAL);
  ygt_county_free(NULL);
  double total = 0;
  for (int a = 0; a < 100; a++) total += ygt_county_age_share(a);
  assert_true(fabs(total - 1) < 1e-12);
  assert_true(ygt_county_age_share(100) == 0 && ygt_county_age_share(-1) == 0);
  close_bundle(&b);
}

/* Out of memory: the n-th allocation of a generation fails, for every n. */
static void test_oom(void **state) {
  (void)state;
  testutil_failing f;
  ygt_casemix_free(cm);
  assert_int_equal(testutil_fail_install(&f, 0), YGT_OK);
  assert_int_equal(ygt_casemix_load(&cm, NULL, NULL, DATA "/casemix.tsv"), YGT_OK);
  bundle b;
  open_bundle(&b, "linxiang");
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = 0.001;
  for (int totals = 0; totals < 2; totals++) { /* the full county, then the totals only */
    long n, failures = 0;
    for (n = 1; n < 100000; n++) {
      size_t before = ygt_allocated_blocks();
      ygt_county *c = (ygt_county *)1;
      f.fail_at = f.calls + n;
      int rc = (totals ? ygt_county_generate_totals : ygt_county_generate)(&c, b.model, b.rules, cm, &o);
      f.fail_at = 0;
      if (rc == YGT_OK) {
        ygt_county_free(c);
        break;
      }
      if (rc != YGT_ENOMEM) fail_msg("allocation %ld: %s", n, ygt_error_last()->message);
      assert_null(c);
      assert_int_equal(ygt_allocated_blocks(), before);
      failures++;
    }
    assert_true(failures > 50);
  }
  close_bundle(&b);
  ygt_casemix_free(cm);
  assert_int_equal(ygt_set_allocator(NULL, NULL, NULL, NULL), YGT_OK);
  assert_int_equal(ygt_casemix_load(&cm, NULL, NULL, DATA "/casemix.tsv"), YGT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bundles),       cmocka_unit_test(test_determinism),
    cmocka_unit_test(test_same_needs_other_rules), cmocka_unit_test(test_chunan_calibration),
    cmocka_unit_test(test_bad_options),   cmocka_unit_test(test_bad_arguments),
    cmocka_unit_test(test_oom),           cmocka_unit_test(test_cost_response),
    cmocka_unit_test(test_cost_response_bad), cmocka_unit_test(test_options_version_1),
    cmocka_unit_test(test_pyramid_and_sex), cmocka_unit_test(test_options_init_sizes),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
