/* Fuzz target: batch referral decisions over the valid rules of
 * tests/referral_fixture.h, with fuzzed columns (institutions, grids and
 * code ids out of range, negative ages and costs, unknown enumerations).
 * Each row decided alone must give what the batch gave, and agree with
 * ygt_referral_decide(). */
#include "../referral_fixture.h"
#include "fuzz_util.h"

#define MAXROWS 32
static ygt_model *model;
static ygt_codes *dict;
static ygt_referral_rules *rules;
static long base_blocks;

typedef struct outputs {
  int32_t status[MAXROWS], route[MAXROWS], state[MAXROWS], priority[MAXROWS], destination[MAXROWS], tier[MAXROWS];
  double ratio[MAXROWS];
  int64_t deductible[MAXROWS], fund[MAXROWS], patient[MAXROWS];
} outputs;

static void set_outputs(ygt_referral_columns *c, outputs *o, size_t at) {
  c->status = o->status + at;
  c->route = o->route + at;
  c->state = o->state + at;
  c->priority = o->priority + at;
  c->destination = o->destination + at;
  c->tier = o->tier + at;
  c->ratio = o->ratio + at;
  c->deductible_fen = o->deductible + at;
  c->fund_fen = o->fund + at;
  c->patient_fen = o->patient + at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rules) {
    model = fixture_model();
    dict = fixture_dictionary();
    char *json = fixture_json(NULL, NULL);
    if (!model || !dict || ygt_referral_rules_parse(&rules, model, dict, json, NULL, NULL)) __builtin_trap();
    free(json);
    base_blocks = (long)ygt_allocated_blocks();
  }
  fuzz_reader rd = {data, size};
  uint32_t present = fuzz_bytes(&rd, 2); /* which optional columns are given */
  static int32_t col[16][MAXROWS];
  static int64_t cost[MAXROWS], paid[MAXROWS];
  size_t n = 0;
  int32_t ninst = (int32_t)ygt_model_institution_count(model), ndx = (int32_t)ygt_codes_count(dict);
  while (rd.n && n < MAXROWS) {
    for (int k = 0; k < 15; k++) {
      uint32_t b = fuzz_u8(&rd);
      int32_t lim = k == 0 || k == 12 || k == 14 ? ninst : k == 1 ? ndx : 6;
      col[k][n] = b < 220 ? (int32_t)(b % (uint32_t)(lim + 3)) - 1 : fuzz_i32(&rd);
    }
    cost[n] = fuzz_u8(&rd) & 1 ? fuzz_i64(&rd) : 0;
    paid[n] = fuzz_u8(&rd) & 1 ? fuzz_i64(&rd) : 0;
    n++;
  }
  /* columns 0 institution, 1 diagnosis, 2 age, 3 sex, 4 grid, 5 insurance,
   * 6 acuity, 7 phase, 8 setting, 9 direction, 10 slip_issuer, 11 slip_day,
   * 12 today... reused: 12 episode institution, 13 today, 14 slip issuer alt */
  ygt_referral_columns c = YGT_REFERRAL_COLUMNS_INIT;
  c.n = n;
  c.institution = col[0];
  c.diagnosis = col[1];
#define OPT(bit, field, k) if (present >> (bit) & 1) c.field = col[k]
  OPT(0, age, 2);
  OPT(1, sex, 3);
  OPT(2, grid, 4);
  OPT(3, insurance, 5);
  OPT(4, acuity, 6);
  OPT(5, phase, 7);
  OPT(6, setting, 8);
  OPT(7, direction, 9);
  OPT(8, slip_issuer, 10);
  OPT(9, slip_day, 11);
  OPT(10, today, 13);
  OPT(11, episode_institution, 12);
#undef OPT
  if (present >> 12 & 1) c.cost_fen = cost;
  if (present >> 13 & 1) c.episode_paid_fen = paid;
  static outputs batch, single;
  set_outputs(&c, &batch, 0);
  int64_t bad = ygt_referral_decide_batch(rules, &c);
  if (bad < 0 || bad > (int64_t)n) __builtin_trap();
  int64_t bad2 = 0;
  for (size_t r = 0; r < n; r++) {
    ygt_referral_columns one = c;
    one.n = 1;
    const int32_t **ins[] = {&one.institution, &one.diagnosis, &one.age, &one.sex, &one.grid, &one.insurance,
                             &one.acuity, &one.phase, &one.setting, &one.direction, &one.slip_issuer,
                             &one.slip_day, &one.today, &one.episode_institution};
    for (size_t k = 0; k < sizeof ins / sizeof ins[0]; k++)
      if (*ins[k]) *ins[k] += r;
    if (one.cost_fen) one.cost_fen += r;
    if (one.episode_paid_fen) one.episode_paid_fen += r;
    set_outputs(&one, &single, r);
    bad2 += ygt_referral_decide_batch(rules, &one);
    if (single.status[r] != batch.status[r] || single.route[r] != batch.route[r] ||
        single.destination[r] != batch.destination[r] || single.fund[r] != batch.fund[r] ||
        single.patient[r] != batch.patient[r])
      __builtin_trap();
    if (batch.status[r] == YGT_OK && batch.fund[r] < 0) __builtin_trap();
    /* the same row as a request, without an episode */
    if (!one.episode_institution && !one.episode_paid_fen) {
      ygt_referral_request req = YGT_REFERRAL_REQUEST_INIT;
      ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
      req.institution = one.institution[0];
      req.diagnoses = one.diagnosis;
      req.ndiagnoses = 1;
      if (one.age) req.age = one.age[0];
      if (one.sex) req.sex = one.sex[0];
      if (one.grid) req.grid = one.grid[0];
      if (one.insurance) req.insurance = one.insurance[0];
      if (one.acuity) req.acuity = one.acuity[0];
      if (one.phase) req.phase = one.phase[0];
      if (one.setting) req.setting = one.setting[0];
      if (one.direction) req.direction = one.direction[0];
      if (one.slip_issuer) req.slip_issuer = one.slip_issuer[0];
      if (one.slip_day) req.slip_day = one.slip_day[0];
      if (one.today) req.today = one.today[0];
      if (one.cost_fen) req.cost_fen = one.cost_fen[0];
      int rc = ygt_referral_decide(&d, rules, &req, NULL);
      if (rc != batch.status[r]) __builtin_trap();
      if (rc == YGT_OK && (d.route != batch.route[r] || d.fund_fen != batch.fund[r])) __builtin_trap();
    }
  }
  if (bad2 != bad) __builtin_trap();
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
