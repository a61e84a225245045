/* Referral decisions against checksums recorded from the engine before its
 * speed work (main 4e7c182, issue 22's third round on referrals): on every
 * example bundle, random requests decided three ways — one request with
 * trace (every field, every destination, the trace), the engine untraced as
 * the county generator calls it (every destination), and the batch (its
 * columns) — hashed.  The engine is shared by the three, so comparing them
 * with each other would not catch a change in it; these figures do.  A
 * deliberate change of the rules' meaning must record new figures (the
 * failing assertion prints them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "yigongti.h"
#include "referral_internal.h"
#include "shared_data.h"
#include "bundle_rules.h"

enum { N = 30000 };

static uint64_t rng_state;
static uint32_t rnd(uint32_t n) {
  rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 11) % n;
}

static void mix(uint64_t *h, int64_t v) {
  for (int i = 0; i < 8; i++) *h = (*h ^ (uint8_t)((uint64_t)v >> (8 * i))) * 0x100000001B3ull;
}

static void mix_decision(uint64_t *h, const ygt_referral_decision *d, int traced) {
  int64_t f[] = {d->route, d->state, d->priority, d->ndestinations, d->institution, d->tier, d->setting,
                 d->slip_valid, d->continuity, d->deductible_fen, d->fund_fen, d->patient_fen};
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) mix(h, f[i]);
  int64_t bits;
  memcpy(&bits, &d->ratio, sizeof bits);
  mix(h, bits);
  for (int i = 0; i < d->ndestinations; i++) mix(h, d->destinations[i]);
  if (!traced) return;
  mix(h, d->ntrace), mix(h, d->trace_truncated);
  for (int i = 0; i < d->ntrace; i++) mix(h, d->trace[i]);
}

/* Diagnoses the rules name (the benchmark's mix) and their neighbours in the
 * dictionary, with one in ten anywhere in it. */
static int32_t diagnosis(const ygt_codes *dx) {
  static const char *const codes[] = {"I10.x00", "E11.900", "J06.900", "J18.900", "I63.900", "I21.900", "K35.800",
                                      "S72.000", "O14.100", "M17.900", "C71.900", "A09.000", "K29.700", "J44.900",
                                      "M54.500", "N18.500", "K80.100", "O80.000", "F32.900", "C34.900"};
  int32_t n = (int32_t)ygt_codes_count(dx);
  if (!rnd(10)) return (int32_t)rnd((uint32_t)n);
  int32_t id = ygt_codes_id(dx, codes[rnd(sizeof codes / sizeof codes[0])]);
  if (id < 0) id = (int32_t)rnd((uint32_t)n);
  id += (int32_t)rnd(7) - 3;
  return id < 0 ? 0 : id >= n ? n - 1 : id;
}

typedef struct reqs {
  int32_t col[14][N], dx[N][3], ndx[N];
  int64_t cost[N], paid[N];
} reqs;

static void generate(reqs *q, const ygt_model *m, const ygt_codes *dx) {
  uint32_t ni = (uint32_t)ygt_model_institution_count(m), ng = (uint32_t)ygt_model_grid_count(m);
  for (size_t i = 0; i < N; i++) {
    int32_t *c[14];
    for (int k = 0; k < 14; k++) c[k] = &q->col[k][i];
    *c[0] = (int32_t)rnd(ni), *c[2] = (int32_t)rnd(ng + 1) - 1, *c[3] = (int32_t)rnd(102) - 1;
    *c[4] = (int32_t)rnd(3), *c[5] = (int32_t)rnd(2), *c[6] = rnd(4) ? 0 : (int32_t)rnd(5);
    *c[7] = (int32_t)rnd(4), *c[8] = (int32_t)rnd(3), *c[9] = rnd(3) ? 0 : (int32_t)rnd(4);
    *c[10] = rnd(3) ? -1 : (int32_t)rnd(ni), *c[11] = 100, *c[12] = 90 + (int32_t)rnd(200);
    *c[13] = rnd(3) ? -1 : (int32_t)rnd(ni);
    q->ndx[i] = rnd(3) ? 1 : 1 + (int32_t)rnd(3);
    for (int k = 0; k < 3; k++) q->dx[i][k] = diagnosis(dx);
    *c[1] = q->dx[i][0];
    q->cost[i] = rnd(4) ? (int64_t)rnd(5000000) : 0, q->paid[i] = *c[13] >= 0 ? (int64_t)rnd(50000) : 0;
  }
}

static void request_of(ygt_referral_request *r, const reqs *q, size_t i) {
  r->institution = q->col[0][i], r->diagnoses = q->dx[i], r->ndiagnoses = (size_t)q->ndx[i];
  r->grid = q->col[2][i], r->age = q->col[3][i], r->sex = q->col[4][i], r->insurance = q->col[5][i];
  r->acuity = q->col[6][i], r->phase = q->col[7][i], r->setting = q->col[8][i], r->direction = q->col[9][i];
  r->slip_issuer = q->col[10][i], r->slip_day = q->col[11][i], r->today = q->col[12][i], r->cost_fen = q->cost[i];
}

/* One request with trace, and the untraced engine as county_decisions.c calls it. */
static void singles(uint64_t h[2], const ygt_referral_rules *r, const reqs *q) {
  for (size_t i = 0; i < N; i++) {
    ygt_episode *ep = NULL;
    if (q->col[13][i] >= 0) {
      assert_int_equal(ygt_episode_new(&ep), 0);
      assert_int_equal(ygt_episode_set(ep, q->col[13][i], q->paid[i]), 0);
    }
    ygt_referral_request rq = YGT_REFERRAL_REQUEST_INIT;
    ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT, u = YGT_REFERRAL_DECISION_INIT;
    request_of(&rq, q, i);
    int rc = ygt_referral_decide(&d, r, &rq, ep);
    mix(&h[0], rc);
    if (!rc) mix_decision(&h[0], &d, 1);
    rf_in in = {rq.institution, rq.grid, rq.age, rq.sex, rq.insurance, rq.acuity, rq.phase, rq.setting,
                rq.direction, rq.slip_issuer, rq.slip_day, rq.today, q->col[13][i], rq.diagnoses, rq.ndiagnoses,
                rq.cost_fen, q->paid[i]};
    if (!rc) assert_int_equal(ygt__rf_decide(r, &in, &u, 0), 0), mix_decision(&h[1], &u, 0);
    ygt_episode_free(ep);
  }
}

static uint64_t batch(const ygt_referral_rules *r, reqs *q) {
  static int32_t out[6][N];
  static int64_t money[3][N];
  static double ratio[N];
  ygt_referral_columns k = YGT_REFERRAL_COLUMNS_INIT;
  k.n = N;
  const int32_t **in[] = {&k.institution, &k.diagnosis, &k.grid, &k.age, &k.sex, &k.insurance, &k.acuity, &k.phase,
                    &k.setting, &k.direction, &k.slip_issuer, &k.slip_day, &k.today, &k.episode_institution};
  for (int c = 0; c < 14; c++) *in[c] = q->col[c];
  k.cost_fen = q->cost, k.episode_paid_fen = q->paid;
  k.status = out[0], k.route = out[1], k.state = out[2], k.priority = out[3], k.destination = out[4];
  k.tier = out[5], k.ratio = ratio, k.deductible_fen = money[0], k.fund_fen = money[1], k.patient_fen = money[2];
  uint64_t h = 0xCBF29CE484222325ull;
  mix(&h, ygt_referral_decide_batch(r, &k));
  int routes[5] = {0};
  for (size_t i = 0; i < N; i++) {
    if (out[1][i] >= 0) routes[out[1][i]]++;
    for (int c = 0; c < 6; c++) mix(&h, out[c][i]);
    int64_t bits;
    memcpy(&bits, &ratio[i], sizeof bits);
    mix(&h, bits), mix(&h, money[0][i]), mix(&h, money[1][i]), mix(&h, money[2][i]);
  }
  for (int rt = 0; rt < 5; rt++) assert_true(routes[rt] > 0); /* the requests reach every route */
  return h;
}

static void bundle_matches(const char *name, const uint64_t want[3]) {
  char path[512];
  snprintf(path, sizeof path, "%s/examples/data/%s", SOURCE_ROOT, name);
  bundle_rules b;
  assert_int_equal(bundle_rules_load(&b, path), 0);
  ygt_codes *dx = b.dx;
  ygt_model *m = b.m;
  ygt_referral_rules *r = b.r;
  static reqs q;
  rng_state = 0x9E3779B97F4A7C15ull;
  generate(&q, m, dx);
  uint64_t h[3] = {0xCBF29CE484222325ull, 0xCBF29CE484222325ull, 0};
  singles(h, r, &q);
  h[2] = batch(r, &q);
  printf("%s: {0x%016llxull, 0x%016llxull, 0x%016llxull}\n", name, (unsigned long long)h[0],
         (unsigned long long)h[1], (unsigned long long)h[2]);
  for (int k = 0; k < 3; k++) assert_true(h[k] == want[k]);
  bundle_rules_free(&b);
}

static void ninghai(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  static const uint64_t want[3] = {0xda9a5885e8507b34ull, 0xa444234b16413954ull, 0xc6b14e7ab4306e5aull};
  bundle_matches("ninghai", want);
}

static void zhuhai(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  static const uint64_t want[3] = {0x390c90dba25cf5cbull, 0x4a8b4eeb97adb860ull, 0x4cfb4dba5edf7faeull};
  bundle_matches("zhuhai", want);
}

static void chunan(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  static const uint64_t want[3] = {0x92ca14764563ae99ull, 0xe886b172e708b150ull, 0x13ab1175fc2856ffull};
  bundle_matches("chunan", want);
}

static void linxiang(void **state) {
  (void)state;
  SKIP_WITHOUT_SHARED(SHARED_ICD10);
  static const uint64_t want[3] = {0x071961d3ff49c297ull, 0x1b1e90c9aac59e16ull, 0x6222413dfe81944bull};
  bundle_matches("linxiang", want);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(ninghai),
    cmocka_unit_test(zhuhai),
    cmocka_unit_test(chunan),
    cmocka_unit_test(linxiang),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
