/* Referral decisions: every rule kind with cases that must and must not
 * fire, the money (ratios, penalty, rounding), deductible continuity over
 * multi-step episodes, slip expiry, FHIR states, the batch form and names.
 * Loading and malformed rule files are in test_referral_load.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>

#include "referral_fixture.h"
#include "testutil.h"

typedef struct fx {
  ygt_codes *dx;
  ygt_model *m;
  ygt_referral_rules *r;
} fx;

static fx *fx_open(const char *key, const char *value) {
  fx *f = calloc(1, sizeof *f);
  f->dx = fixture_dictionary();
  f->m = fixture_model();
  assert_non_null(f->dx);
  assert_non_null(f->m);
  char *json = fixture_json(key, value);
  int rc = ygt_referral_rules_parse(&f->r, f->m, f->dx, json, "test.json", ".");
  if (rc) fail_msg("rules: %s", ygt_error_last()->message);
  free(json);
  return f;
}

static int setup(void **state) {
  *state = fx_open(NULL, NULL);
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  ygt_referral_rules_free(f->r);
  ygt_model_free(f->m);
  ygt_codes_free(f->dx);
  free(f);
  assert_int_equal(ygt_allocated_blocks(), 0);
  return 0;
}

typedef struct req {
  int inst, grid, age, sex, insurance, acuity, phase, setting, direction, slip_issuer, slip_day, today;
  const char *code;
  int64_t cost;
} req;

/* Designated initialisers after the defaults override them on purpose. */
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Woverride-init"
#endif
#define REQ(...) ((req){.grid = -1, .age = 40, .sex = 1, .insurance = YGT_INSURANCE_RESIDENT, .slip_issuer = -1, __VA_ARGS__})

static ygt_referral_decision decide_ep(const fx *f, req q, const ygt_episode *ep) {
  ygt_referral_request r = YGT_REFERRAL_REQUEST_INIT;
  int32_t dx = ygt_codes_id(f->dx, q.code);
  assert_true(dx >= 0);
  r.institution = q.inst;
  r.grid = q.grid;
  r.age = q.age;
  r.sex = q.sex;
  r.insurance = q.insurance;
  r.acuity = q.acuity;
  r.phase = q.phase;
  r.setting = q.setting;
  r.direction = q.direction;
  r.slip_issuer = q.slip_issuer;
  r.slip_day = q.slip_day;
  r.today = q.today;
  r.diagnoses = &dx;
  r.ndiagnoses = 1;
  r.cost_fen = q.cost;
  ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
  int rc = ygt_referral_decide(&d, f->r, &r, ep);
  if (rc) fail_msg("decide: %s", ygt_error_last()->message);
  return d;
}

static ygt_referral_decision decide(const fx *f, req q) { return decide_ep(f, q, NULL); }

static int fired(const fx *f, const ygt_referral_decision *d, const char *id) {
  for (int i = 0; i < d->ntrace; i++)
    if (strcmp(ygt_referral_rules_rule_id(f->r, d->trace[i]), id) == 0) return 1;
  return 0;
}

#define assert_fired(f, d, id) \
  do { if (!fired(f, d, id)) fail_msg("rule %s did not fire", id); } while (0)
#define assert_not_fired(f, d, id) \
  do { if (fired(f, d, id)) fail_msg("rule %s fired", id); } while (0)

static void assert_dests(const ygt_referral_decision *d, int n, const int *want) {
  assert_int_equal(d->ndestinations, n);
  for (int i = 0; i < n; i++) assert_int_equal(d->destinations[i], want[i]);
}

/* ---- catalogues ---------------------------------------------------------- */

static void test_catalogue(void **state) {
  fx *f = *state;
  ygt_referral_decision d = decide(f, REQ(.inst = V1, .code = "J06.900"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_int_equal(d.state, YGT_REFERRAL_NONE);
  assert_int_equal(d.ndestinations, 0);
  assert_int_equal(d.institution, V1);
  assert_fired(f, &d, "cat-v-op");
  /* pneumonia is not in the village catalogue: up to the township that runs the clinic */
  d = decide(f, REQ(.inst = V1, .grid = G2, .code = "J18.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_int_equal(d.state, YGT_REFERRAL_REQUESTED);
  assert_dests(&d, 3, (int[]){T1, T2, CH});
  assert_fired(f, &d, "cat-t-op");
  assert_not_fired(f, &d, "cat-v-op");
  /* the village has no in-patient catalogue: every stay goes up */
  d = decide(f, REQ(.inst = V1, .setting = YGT_SETTING_INPATIENT, .code = "J18.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_int_equal(d.destinations[0], T1);
  assert_fired(f, &d, "cat-t-ip");
  /* C71 is outside every in-county catalogue: from the county, out of the county */
  d = decide(f, REQ(.inst = CH, .setting = YGT_SETTING_INPATIENT, .code = "C71.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_OUT);
  assert_dests(&d, 2, (int[]){R1, R2});
  assert_fired(f, &d, "out_of_county");
  /* ... and from a township, first up to the county that issues the slip */
  d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "C71.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_int_equal(d.destinations[0], CH);
  assert_fired(f, &d, "out_of_county");
}

/* ---- up-referral list ------------------------------------------------------ */

static void test_up_list(void **state) {
  fx *f = *state;
  /* acute stroke at a township: up to the county although the township lists I63 */
  ygt_referral_decision d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_int_equal(d.destinations[0], CH);
  assert_int_equal(d.tier, YGT_TIER_COUNTY);
  assert_fired(f, &d, "up-acute");
  assert_int_equal(d.priority, 7);
  assert_fired(f, &d, "priority:refer_up");
  /* must not fire: recovery phase, treated at the township */
  d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY, .code = "I63.900"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_not_fired(f, &d, "up-acute");
  assert_fired(f, &d, "cat-t-ip");
  assert_int_equal(d.priority, 0);
  /* up-surgery is for in-patients only: an acute appendicitis out-patient visit at the county stays */
  d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "K35.800"));
  assert_fired(f, &d, "up-surgery");
  assert_int_equal(d.destinations[0], CH);
  d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_OUTPATIENT, .code = "K35.800"));
  assert_not_fired(f, &d, "up-surgery");
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP); /* by the catalogue: not listed for township out-patients */
  assert_fired(f, &d, "cat-c-op");
}

/* ---- down-referral list ------------------------------------------------------ */

static void test_down_list(void **state) {
  fx *f = *state;
  ygt_referral_decision d = decide(
      f, REQ(.inst = CH, .grid = G2, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY, .code = "I63.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_DOWN);
  assert_dests(&d, 2, (int[]){T2, T1}); /* the grid's township first */
  assert_fired(f, &d, "down-rehab");
  assert_int_equal(d.priority, 1 << YGT_PRIORITY_APPOINTMENT);
  /* a patient of another community's grid goes home to that community */
  d = decide(f, REQ(.inst = CH, .grid = G3, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY,
                    .code = "I69.300"));
  assert_dests(&d, 3, (int[]){T3, T1, T2});
  /* must not fire: acute phase, out-patient setting, or from a township */
  d = decide(f, REQ(.inst = CH, .grid = G2, .setting = YGT_SETTING_INPATIENT, .code = "I63.900"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_not_fired(f, &d, "down-rehab");
  d = decide(f, REQ(.inst = CH, .grid = G2, .phase = YGT_PHASE_RECOVERY, .code = "I63.900"));
  assert_not_fired(f, &d, "down-rehab");
  d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY, .code = "I63.900"));
  assert_not_fired(f, &d, "down-rehab");
  /* stable chronic at the county: down in any setting */
  d = decide(f, REQ(.inst = DH, .grid = G3, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_STABLE_CHRONIC,
                    .code = "E11.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_DOWN);
  assert_int_equal(d.destinations[0], T3);
  assert_fired(f, &d, "down-chronic");
  /* asked down without a rule: rejected, stays */
  d = decide(f, REQ(.inst = CH, .direction = YGT_DIRECTION_DOWN, .code = "C71.900"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_int_equal(d.state, YGT_REFERRAL_REJECTED);
  assert_int_equal(d.priority, 0);
}

/* ---- emergencies ------------------------------------------------------------ */

static void test_emergency(void **state) {
  fx *f = *state;
  /* chest pain at a village, triage 1: nearest chest-pain centres, own community first */
  ygt_referral_decision d = decide(f, REQ(.inst = V1, .acuity = 1, .code = "I21.900"));
  assert_int_equal(d.route, YGT_ROUTE_EMERGENCY);
  assert_int_equal(d.state, YGT_REFERRAL_ACCEPTED);
  assert_dests(&d, 3, (int[]){CH, DH, R1});
  assert_fired(f, &d, "em-chest");
  assert_int_equal(d.priority, 1 << YGT_PRIORITY_ADMISSION);
  /* at K2's township the own community's centre comes first */
  d = decide(f, REQ(.inst = T3, .acuity = 2, .code = "R07.400"));
  assert_dests(&d, 3, (int[]){DH, CH, R1});
  /* must not fire: triage 3 is not an emergency (the up list decides) */
  d = decide(f, REQ(.inst = V1, .acuity = 3, .code = "I21.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_int_equal(d.state, YGT_REFERRAL_REQUESTED);
  assert_fired(f, &d, "up-acute");
  assert_dests(&d, 1, (int[]){CH}); /* the lead is also the nearest chest-pain centre */
  /* stroke: only CH and R1 are stroke centres */
  d = decide(f, REQ(.inst = T3, .acuity = 1, .code = "I63.900"));
  assert_dests(&d, 2, (int[]){CH, R1});
  assert_fired(f, &d, "em-stroke");
  /* critical maternal needs a woman; critical child an age up to 14 */
  d = decide(f, REQ(.inst = T1, .acuity = 1, .sex = 2, .code = "O14.100"));
  assert_dests(&d, 1, (int[]){CM});
  assert_fired(f, &d, "em-maternal");
  d = decide(f, REQ(.inst = T1, .acuity = 1, .age = 0, .code = "P07.300"));
  assert_fired(f, &d, "em-child");
  assert_int_equal(d.destinations[0], CM);
  d = decide(f, REQ(.inst = T1, .acuity = 1, .age = 5, .code = "J18.900"));
  assert_fired(f, &d, "em-child");
  d = decide(f, REQ(.inst = T1, .acuity = 1, .age = 30, .code = "J18.900"));
  assert_not_fired(f, &d, "em-child");
  assert_fired(f, &d, "emergency:general"); /* any triage-1 patient bypasses first contact to the lead */
  assert_dests(&d, 1, (int[]){CH});
  d = decide(f, REQ(.inst = T1, .acuity = 1, .age = -1, .code = "J18.900"));
  assert_not_fired(f, &d, "em-child"); /* unknown age never meets an age condition */
}

static void test_emergency_settings(void **state) {
  (void)state;
  fx *f = fx_open("emergency", "{\"acuity_max\": 1, \"general\": false, \"routes\": []}");
  ygt_referral_decision d = decide(f, REQ(.inst = T1, .acuity = 1, .code = "J18.900"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE); /* no general bypass */
  d = decide(f, REQ(.inst = V1, .acuity = 2, .code = "I21.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP); /* triage 2 is above acuity_max */
  void *s = f;
  teardown(&s);
}

/* ---- specialty communities ---------------------------------------------------- */

static void test_specialty(void **state) {
  fx *f = *state;
  ygt_referral_decision d = decide(f, REQ(.inst = T1, .direction = YGT_DIRECTION_UP, .code = "M17.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_UP);
  assert_dests(&d, 2, (int[]){CH, CT}); /* the lead, then the specialty community's lead */
  assert_fired(f, &d, "sp-tcm");
  d = decide(f, REQ(.inst = T1, .direction = YGT_DIRECTION_UP, .code = "J18.900"));
  assert_not_fired(f, &d, "sp-tcm");
  assert_dests(&d, 1, (int[]){CH});
  /* the nearest centre is ranked for matching codes even without triage */
  d = decide(f, REQ(.inst = T3, .setting = YGT_SETTING_INPATIENT, .code = "I21.900"));
  assert_dests(&d, 1, (int[]){DH});
  assert_fired(f, &d, "em-chest");
  /* treat here: the specialty rule does not move a patient the tier treats */
  d = decide(f, REQ(.inst = T1, .code = "M17.900"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_not_fired(f, &d, "sp-tcm");
}

/* ---- first contact ------------------------------------------------------------ */

static void test_first_contact(void **state) {
  fx *f = *state;
  ygt_referral_decision d = decide(f, REQ(.inst = CH, .grid = G1, .code = "I10.x00"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_DOWN);
  assert_int_equal(d.destinations[0], T1);
  assert_fired(f, &d, "first_contact");
  assert_fired(f, &d, "cat-t-op");
  /* must not fire: a diagnosis primary care does not treat, an in-patient, a patient with a fresh slip */
  d = decide(f, REQ(.inst = CH, .grid = G1, .code = "K35.800"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_not_fired(f, &d, "first_contact");
  d = decide(f, REQ(.inst = CH, .grid = G1, .setting = YGT_SETTING_INPATIENT, .code = "J18.900"));
  assert_not_fired(f, &d, "first_contact");
  d = decide(f, REQ(.inst = CH, .grid = G1, .slip_issuer = T1, .slip_day = 10, .today = 12, .code = "I10.x00"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_int_equal(d.state, YGT_REFERRAL_IN_PROGRESS); /* arrived on the township's referral */
  assert_not_fired(f, &d, "first_contact");
  /* an expired slip does not exempt */
  d = decide(f, REQ(.inst = CH, .grid = G1, .slip_issuer = T1, .slip_day = 10, .today = 41, .code = "I10.x00"));
  assert_fired(f, &d, "first_contact");
}

/* ---- out of the county: slips, expiry, penalty ------------------------------------- */

static void test_out_of_county(void **state) {
  fx *f = *state;
  /* the county lead issues the slip: requested, no penalty */
  ygt_referral_decision d = decide(f, REQ(.inst = CH, .direction = YGT_DIRECTION_OUT, .setting = YGT_SETTING_INPATIENT,
                                          .code = "C71.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_OUT);
  assert_int_equal(d.state, YGT_REFERRAL_REQUESTED);
  assert_int_equal(d.slip_valid, 1);
  assert_int_equal(d.tier, YGT_TIER_CITY);
  assert_true(d.ratio == 0.65);
  assert_int_equal(d.deductible_fen, 100000);
  assert_not_fired(f, &d, "penalty");
  /* a township cannot: rejected, and going anyway costs 20 points */
  d = decide(f, REQ(.inst = T1, .direction = YGT_DIRECTION_OUT, .setting = YGT_SETTING_INPATIENT, .code = "C71.900"));
  assert_int_equal(d.route, YGT_ROUTE_REFER_OUT);
  assert_int_equal(d.state, YGT_REFERRAL_REJECTED);
  assert_true(d.ratio > 0.449999 && d.ratio < 0.450001);
  assert_fired(f, &d, "penalty");
  /* at the city hospital with the county's slip: in progress, day 30 still valid */
  d = decide(f, REQ(.inst = R1, .setting = YGT_SETTING_INPATIENT, .slip_issuer = CH, .slip_day = 100, .today = 130,
                    .code = "C71.900"));
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_int_equal(d.state, YGT_REFERRAL_IN_PROGRESS);
  assert_true(d.ratio == 0.65);
  assert_not_fired(f, &d, "penalty");
  /* day 31: expired, penalised */
  d = decide(f, REQ(.inst = R1, .setting = YGT_SETTING_INPATIENT, .slip_issuer = CH, .slip_day = 100, .today = 131,
                    .code = "C71.900"));
  assert_int_equal(d.state, YGT_REFERRAL_EXPIRED);
  assert_int_equal(d.slip_valid, 0);
  assert_fired(f, &d, "penalty");
  assert_true(d.ratio > 0.449999 && d.ratio < 0.450001);
  /* a township's slip does not cover out-of-county care */
  d = decide(f, REQ(.inst = R1, .setting = YGT_SETTING_INPATIENT, .slip_issuer = T1, .slip_day = 100, .today = 101,
                    .code = "C71.900"));
  assert_fired(f, &d, "penalty");
  /* asked out with a valid slip from a township patient: accepted; expired: expired */
  d = decide(f, REQ(.inst = T1, .direction = YGT_DIRECTION_OUT, .slip_issuer = CH, .slip_day = 1, .today = 2,
                    .code = "C71.900"));
  assert_int_equal(d.state, YGT_REFERRAL_ACCEPTED);
  d = decide(f, REQ(.inst = T1, .direction = YGT_DIRECTION_OUT, .slip_issuer = CH, .slip_day = 1, .today = 40,
                    .code = "C71.900"));
  assert_int_equal(d.state, YGT_REFERRAL_EXPIRED);
  /* emergencies are exempt */
  d = decide(f, REQ(.inst = R1, .acuity = 1, .setting = YGT_SETTING_INPATIENT, .code = "I21.900"));
  assert_int_equal(d.route, YGT_ROUTE_EMERGENCY);
  assert_int_equal(d.destinations[0], R1);
  assert_true(d.ratio == 0.65);
  assert_fired(f, &d, "penalty:emergency_exempt");
  assert_not_fired(f, &d, "penalty");
  assert_int_equal(ygt_referral_rules_slip_valid_days(f->r), 30);
}

static void test_penalty_without_exemption(void **state) {
  (void)state;
  fx *f = fx_open("penalty", "{\"out_of_county_points\": 100, \"emergency_exempt\": false}");
  ygt_referral_decision d = decide(f, REQ(.inst = R1, .acuity = 1, .setting = YGT_SETTING_INPATIENT, .code = "I21.900"));
  assert_true(d.ratio == 0.0); /* floored at zero */
  assert_fired(f, &d, "penalty");
  void *s = f;
  teardown(&s);
}

/* ---- money ------------------------------------------------------------------------- */

static void test_money(void **state) {
  fx *f = *state;
  ygt_referral_decision d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY,
                                          .code = "I63.900", .cost = 123456));
  assert_int_equal(d.deductible_fen, 30000);
  assert_int_equal(d.fund_fen, 84110); /* 93456 x 0.9 = 84110.4 */
  assert_int_equal(d.patient_fen, 39346);
  assert_fired(f, &d, "reimbursement:township:resident:inpatient");
  /* half a fen rounds away from zero: 5 x 0.9 = 4.5 -> 5 */
  d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY, .code = "I63.900",
                    .cost = 30005));
  assert_int_equal(d.fund_fen, 5);
  assert_int_equal(d.patient_fen, 30000);
  /* below the deductible the fund pays nothing */
  d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY, .code = "I63.900",
                    .cost = 20000));
  assert_int_equal(d.fund_fen, 0);
  assert_int_equal(d.patient_fen, 20000);
  /* employee insurance: 95 % */
  d = decide(f, REQ(.inst = T1, .insurance = YGT_INSURANCE_EMPLOYEE, .setting = YGT_SETTING_INPATIENT,
                    .phase = YGT_PHASE_RECOVERY, .code = "I63.900", .cost = 130000));
  assert_int_equal(d.fund_fen, 95000);
  /* day surgery has no rows: the in-patient row applies */
  d = decide(f, REQ(.inst = CH, .setting = YGT_SETTING_DAY_SURGERY, .code = "K35.800"));
  assert_int_equal(d.deductible_fen, 60000);
  assert_fired(f, &d, "reimbursement:county:resident:inpatient");
  /* the route's destination sets the tier: referred up, the county row */
  d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900", .cost = 100000));
  assert_int_equal(d.tier, YGT_TIER_COUNTY);
  assert_int_equal(d.deductible_fen, 60000);
  assert_int_equal(d.fund_fen, 32000);
}

/* ---- episodes and deductible continuity -------------------------------------------- */

static void test_continuity_top_up_waive(void **state) {
  fx *f = *state;
  ygt_episode *ep;
  assert_int_equal(ygt_episode_new(&ep), YGT_OK);
  assert_int_equal(ygt_episode_institution(ep), -1);
  /* 1: admitted at the township, pays its deductible */
  ygt_referral_decision d = decide_ep(f, REQ(.inst = T1, .grid = G1, .setting = YGT_SETTING_INPATIENT,
                                             .code = "J18.900"), ep);
  assert_int_equal(d.route, YGT_ROUTE_TREAT_HERE);
  assert_int_equal(d.continuity, -1);
  assert_int_equal(d.deductible_fen, 30000);
  assert_int_equal(ygt_episode_record(ep, f->r, &d), YGT_OK);
  assert_int_equal(ygt_episode_paid_fen(ep), 30000);
  /* 2: acute stroke, up to the county: only the difference */
  d = decide_ep(f, REQ(.inst = T1, .grid = G1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900"), ep);
  assert_int_equal(d.destinations[0], CH);
  assert_int_equal(d.continuity, YGT_CONTINUITY_TOP_UP);
  assert_int_equal(d.deductible_fen, 30000);
  assert_fired(f, &d, "continuity:up");
  assert_int_equal(ygt_episode_record(ep, f->r, &d), YGT_OK);
  assert_int_equal(ygt_episode_paid_fen(ep), 60000);
  assert_int_equal(ygt_episode_institution(ep), CH);
  /* 3: recovery, down to the township: nothing */
  d = decide_ep(f, REQ(.inst = CH, .grid = G1, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY,
                       .code = "I63.900"), ep);
  assert_int_equal(d.route, YGT_ROUTE_REFER_DOWN);
  assert_int_equal(d.continuity, YGT_CONTINUITY_WAIVE);
  assert_int_equal(d.deductible_fen, 0);
  assert_fired(f, &d, "continuity:down");
  assert_int_equal(ygt_episode_record(ep, f->r, &d), YGT_OK);
  assert_int_equal(ygt_episode_paid_fen(ep), 60000);
  assert_int_equal(ygt_episode_institution(ep), T1);
  /* 4: a relapse, up again: the county's deductible is already paid */
  d = decide_ep(f, REQ(.inst = T1, .grid = G1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900"), ep);
  assert_int_equal(d.deductible_fen, 0);
  assert_int_equal(ygt_episode_record(ep, f->r, &d), YGT_OK);
  assert_int_equal(ygt_episode_steps(ep), 4);
  /* 5: out-patient decisions are not under continuity and do not change the paid amount */
  d = decide_ep(f, REQ(.inst = CH, .grid = G1, .code = "K35.800"), ep);
  assert_int_equal(d.continuity, -1);
  assert_int_equal(ygt_episode_record(ep, f->r, &d), YGT_OK);
  assert_int_equal(ygt_episode_paid_fen(ep), 60000);
  ygt_episode_free(ep);
}

static void test_continuity_reset_and_other_community(void **state) {
  (void)state;
  fx *f = fx_open("continuity", "{\"up\": \"reset\", \"down\": \"reset\", \"settings\": [\"inpatient\"]}");
  ygt_episode *ep;
  assert_int_equal(ygt_episode_new(&ep), YGT_OK);
  assert_int_equal(ygt_episode_set(ep, T1, 30000), YGT_OK);
  ygt_referral_decision d = decide_ep(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900"), ep);
  assert_int_equal(d.continuity, YGT_CONTINUITY_RESET);
  assert_int_equal(d.deductible_fen, 60000);
  assert_int_equal(ygt_episode_record(ep, f->r, &d), YGT_OK);
  assert_int_equal(ygt_episode_paid_fen(ep), 60000); /* reset: restarts from this deductible */
  /* lateral keeps its default, top-up */
  d = decide_ep(f, REQ(.inst = CH, .setting = YGT_SETTING_INPATIENT, .code = "J18.900"), ep);
  assert_int_equal(d.continuity, YGT_CONTINUITY_TOP_UP);
  assert_int_equal(d.deductible_fen, 0);
  /* another community: no continuity at all */
  assert_int_equal(ygt_episode_set(ep, T3, 30000), YGT_OK);
  d = decide_ep(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900"), ep);
  assert_int_equal(d.continuity, -1);
  assert_int_equal(d.deductible_fen, 60000);
  assert_not_fired(f, &d, "continuity:up");
  assert_int_equal(ygt_episode_record(ep, f->r, &d), YGT_OK);
  assert_int_equal(ygt_episode_paid_fen(ep), 60000);
  /* day surgery is not listed under continuity here */
  assert_int_equal(ygt_episode_set(ep, T1, 30000), YGT_OK);
  d = decide_ep(f, REQ(.inst = CH, .setting = YGT_SETTING_DAY_SURGERY, .code = "K35.800"), ep);
  assert_int_equal(d.continuity, -1);
  assert_int_equal(ygt_episode_set(ep, 0, -1), YGT_ERANGE);
  ygt_episode_free(ep);
  void *s = f;
  teardown(&s);
}

/* ---- FHIR states and workflow --------------------------------------------------------- */

static void test_states(void **state) {
  (void)state;
  assert_true(ygt_referral_state_transition_allowed(YGT_REFERRAL_REQUESTED, YGT_REFERRAL_ACCEPTED));
  assert_true(ygt_referral_state_transition_allowed(YGT_REFERRAL_ACCEPTED, YGT_REFERRAL_IN_PROGRESS));
  assert_true(ygt_referral_state_transition_allowed(YGT_REFERRAL_IN_PROGRESS, YGT_REFERRAL_COMPLETED));
  assert_true(ygt_referral_state_transition_allowed(YGT_REFERRAL_REQUESTED, YGT_REFERRAL_EXPIRED));
  assert_false(ygt_referral_state_transition_allowed(YGT_REFERRAL_COMPLETED, YGT_REFERRAL_REQUESTED));
  assert_false(ygt_referral_state_transition_allowed(YGT_REFERRAL_REJECTED, YGT_REFERRAL_ACCEPTED));
  assert_false(ygt_referral_state_transition_allowed(YGT_REFERRAL_IN_PROGRESS, YGT_REFERRAL_EXPIRED));
  assert_false(ygt_referral_state_transition_allowed(-1, 2));
  assert_false(ygt_referral_state_transition_allowed(1, 8));
  ygt_episode *ep;
  assert_int_equal(ygt_episode_new(&ep), YGT_OK);
  assert_int_equal(ygt_episode_set_state(ep, YGT_REFERRAL_REQUESTED), YGT_OK);
  assert_int_equal(ygt_episode_set_state(ep, YGT_REFERRAL_ACCEPTED), YGT_OK);
  assert_int_equal(ygt_episode_set_state(ep, YGT_REFERRAL_IN_PROGRESS), YGT_OK);
  assert_int_equal(ygt_episode_set_state(ep, YGT_REFERRAL_REQUESTED), YGT_ESTATE);
  assert_non_null(strstr(ygt_error_last()->message, "in-progress to requested"));
  assert_int_equal(ygt_episode_state(ep), YGT_REFERRAL_IN_PROGRESS);
  assert_int_equal(ygt_episode_set_state(ep, YGT_REFERRAL_COMPLETED), YGT_OK);
  assert_int_equal(ygt_episode_set_state(ep, YGT_REFERRAL_CANCELLED), YGT_ESTATE);
  assert_int_equal(ygt_episode_set_state(ep, 99), YGT_EINVAL);
  ygt_episode_free(ep);
}

static void test_accept_internal(void **state) {
  (void)state;
  fx *f = fx_open("workflow", "{\"accept_internal\": true}");
  ygt_referral_decision d = decide(f, REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900"));
  assert_int_equal(d.state, YGT_REFERRAL_ACCEPTED); /* CH is in T1's community */
  d = decide(f, REQ(.inst = T1, .direction = YGT_DIRECTION_OUT, .code = "C71.900"));
  assert_int_equal(d.state, YGT_REFERRAL_REJECTED);
  void *s = f;
  teardown(&s);
}

/* ---- argument checks ------------------------------------------------------------------ */

static void test_bad_requests(void **state) {
  fx *f = *state;
  ygt_referral_request q = YGT_REFERRAL_REQUEST_INIT;
  ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
  int32_t dx = 0;
  q.diagnoses = &dx;
  q.ndiagnoses = 1;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_EINVAL); /* no institution */
  assert_non_null(strstr(ygt_error_last()->message, "institution -1"));
  q.institution = T1;
  dx = 99;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_ENOTFOUND);
  dx = YGT_ENOTFOUND;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_ENOTFOUND);
  dx = 0;
  q.acuity = 5;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_EINVAL);
  q.acuity = 0;
  q.ndiagnoses = 0;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_EINVAL);
  q.ndiagnoses = 1;
  q.version = 2;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_EINVAL);
  q.version = 1;
  d.version = 0;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_EINVAL);
  d.version = 1;
  q.cost_fen = INT64_MAX;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_EOVERFLOW);
  q.cost_fen = 0;
  assert_int_equal(ygt_referral_decide(&d, f->r, &q, NULL), YGT_OK);
  assert_int_equal(ygt_referral_decide(NULL, f->r, &q, NULL), YGT_EINVAL);
  ygt_episode *ep;
  assert_int_equal(ygt_episode_new(&ep), YGT_OK);
  d.institution = -1;
  assert_int_equal(ygt_episode_record(ep, f->r, &d), YGT_EINVAL);
  ygt_episode_free(ep);
}

/* ---- batch -------------------------------------------------------------------------- */

static void test_batch_matches_single(void **state) {
  fx *f = *state;
  enum { N = 8 };
  req rows[N] = {
    REQ(.inst = V1, .code = "J06.900"),
    REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900", .cost = 100000),
    REQ(.inst = CH, .grid = G2, .setting = YGT_SETTING_INPATIENT, .phase = YGT_PHASE_RECOVERY, .code = "I63.900"),
    REQ(.inst = V1, .acuity = 1, .code = "I21.900"),
    REQ(.inst = R1, .setting = YGT_SETTING_INPATIENT, .slip_issuer = CH, .slip_day = 1, .today = 90, .code = "C71.900",
        .cost = 500000),
    REQ(.inst = CH, .grid = G1, .code = "I10.x00"),
    REQ(.inst = T1, .direction = YGT_DIRECTION_UP, .insurance = YGT_INSURANCE_EMPLOYEE, .code = "M17.900"),
    REQ(.inst = T1, .setting = YGT_SETTING_INPATIENT, .code = "I63.900"),
  };
  int32_t inst[N + 2], dxc[N + 2], grid[N + 2], acuity[N + 2], phase[N + 2], setting[N + 2], dir[N + 2], ins[N + 2];
  int32_t slip[N + 2], sday[N + 2], today[N + 2], age[N + 2], sex[N + 2], epi[N + 2];
  int64_t cost[N + 2], paid[N + 2];
  for (int i = 0; i < N; i++) {
    inst[i] = rows[i].inst, dxc[i] = ygt_codes_id(f->dx, rows[i].code), grid[i] = rows[i].grid;
    acuity[i] = rows[i].acuity, phase[i] = rows[i].phase, setting[i] = rows[i].setting, dir[i] = rows[i].direction;
    ins[i] = rows[i].insurance, slip[i] = rows[i].slip_issuer, sday[i] = rows[i].slip_day, today[i] = rows[i].today;
    age[i] = rows[i].age, sex[i] = rows[i].sex, cost[i] = rows[i].cost, epi[i] = -1, paid[i] = 0;
  }
  epi[N - 1] = T1, paid[N - 1] = 30000; /* an episode in the last row */
  /* two bad rows: unknown diagnosis, institution outside the model */
  inst[N] = T1, dxc[N] = YGT_ENOTFOUND, inst[N + 1] = 999, dxc[N + 1] = 0;
  for (int i = N; i < N + 2; i++)
    grid[i] = -1, acuity[i] = phase[i] = setting[i] = dir[i] = 0, ins[i] = 1, slip[i] = -1, sday[i] = today[i] = 0,
    age[i] = 40, sex[i] = 1, cost[i] = 0, epi[i] = -1, paid[i] = 0;
  int32_t status[N + 2], route[N + 2], st[N + 2], prio[N + 2], dest[N + 2], tier[N + 2];
  double ratio[N + 2];
  int64_t ded[N + 2], fund[N + 2], pat[N + 2];
  ygt_referral_columns c = YGT_REFERRAL_COLUMNS_INIT;
  c.n = N + 2;
  c.institution = inst, c.diagnosis = dxc, c.grid = grid, c.acuity = acuity, c.phase = phase, c.setting = setting;
  c.direction = dir, c.insurance = ins, c.slip_issuer = slip, c.slip_day = sday, c.today = today, c.age = age;
  c.sex = sex, c.cost_fen = cost, c.episode_institution = epi, c.episode_paid_fen = paid;
  c.status = status, c.route = route, c.state = st, c.priority = prio, c.destination = dest, c.tier = tier;
  c.ratio = ratio, c.deductible_fen = ded, c.fund_fen = fund, c.patient_fen = pat;
  assert_int_equal(ygt_referral_decide_batch(f->r, &c), 2);
  ygt_episode *ep;
  assert_int_equal(ygt_episode_new(&ep), YGT_OK);
  for (int i = 0; i < N; i++) {
    if (i == N - 1) ygt_episode_set(ep, T1, 30000);
    ygt_referral_decision d = decide_ep(f, rows[i], i == N - 1 ? ep : NULL);
    assert_int_equal(status[i], 0);
    assert_int_equal(route[i], d.route);
    assert_int_equal(st[i], d.state);
    assert_int_equal(prio[i], d.priority);
    assert_int_equal(dest[i], d.ndestinations ? d.destinations[0] : -1);
    assert_int_equal(tier[i], d.tier);
    assert_true(ratio[i] == d.ratio);
    assert_int_equal(ded[i], d.deductible_fen);
    assert_int_equal(fund[i], d.fund_fen);
    assert_int_equal(pat[i], d.patient_fen);
  }
  ygt_episode_free(ep);
  assert_int_equal(ded[N - 1], 30000); /* top-up from 300 to 600 yuan */
  assert_int_equal(status[N], YGT_ENOTFOUND);
  assert_int_equal(status[N + 1], YGT_EINVAL);
  assert_int_equal(route[N], -1);
  assert_int_equal(dest[N + 1], -1);
  /* optional columns may be NULL; required ones may not */
  ygt_referral_columns m;
  ygt_referral_columns_init(&m);
  m.n = 1, m.institution = inst, m.diagnosis = dxc, m.route = route;
  assert_int_equal(ygt_referral_decide_batch(f->r, &m), 0);
  assert_int_equal(route[0], YGT_ROUTE_TREAT_HERE);
  m.diagnosis = NULL;
  assert_int_equal(ygt_referral_decide_batch(f->r, &m), YGT_EINVAL);
  m.n = 0;
  assert_int_equal(ygt_referral_decide_batch(f->r, &m), 0);
}

/* One rule set, several threads: the same results as one batch. */
typedef struct slice {
  const ygt_referral_rules *r;
  ygt_referral_columns c;
} slice;

static void *run_slice(void *arg) {
  slice *s = arg;
  ygt_referral_decide_batch(s->r, &s->c);
  return NULL;
}

static void test_threads(void **state) {
  fx *f = *state;
  enum { N = 4000, T = 4 };
  static int32_t inst[N], dx[N], acuity[N], setting[N], route1[N], routeT[N];
  static int64_t cost[N], fund1[N], fundT[N];
  for (int i = 0; i < N; i++) {
    inst[i] = (int32_t)((unsigned)i * 7u % 10u);
    dx[i] = (int32_t)((unsigned)i * 13u % 14u);
    acuity[i] = i % 9 == 0 ? 1 : 0;
    setting[i] = i % 3;
    cost[i] = 1000 + i * 37;
  }
  ygt_referral_columns c = YGT_REFERRAL_COLUMNS_INIT;
  c.n = N, c.institution = inst, c.diagnosis = dx, c.acuity = acuity, c.setting = setting, c.cost_fen = cost;
  c.route = route1, c.fund_fen = fund1;
  assert_int_equal(ygt_referral_decide_batch(f->r, &c), 0);
  pthread_t th[T];
  slice sl[T];
  for (int t = 0; t < T; t++) {
    size_t lo = (size_t)N * t / T, hi = (size_t)N * (t + 1) / T;
    sl[t].r = f->r;
    sl[t].c = c;
    sl[t].c.n = hi - lo;
    sl[t].c.institution = inst + lo, sl[t].c.diagnosis = dx + lo, sl[t].c.acuity = acuity + lo;
    sl[t].c.setting = setting + lo, sl[t].c.cost_fen = cost + lo;
    sl[t].c.route = routeT + lo, sl[t].c.fund_fen = fundT + lo;
    assert_int_equal(pthread_create(&th[t], NULL, run_slice, &sl[t]), 0);
  }
  for (int t = 0; t < T; t++) pthread_join(th[t], NULL);
  assert_memory_equal(route1, routeT, sizeof route1);
  assert_memory_equal(fund1, fundT, sizeof fund1);
}

/* ---- names ------------------------------------------------------------------------- */

static void round_trip(const char *(*name)(int), int (*parse)(int *, const char *), int count) {
  for (int v = 0; v < count; v++) {
    int back = -1;
    assert_non_null(name(v));
    assert_int_equal(parse(&back, name(v)), YGT_OK);
    assert_int_equal(back, v);
  }
  assert_null(name(count));
  assert_null(name(-1));
  int x = 42;
  assert_int_equal(parse(&x, "nonsense"), YGT_ENOTFOUND);
  assert_int_equal(x, 42);
  assert_int_equal(parse(NULL, "x"), YGT_EINVAL);
}

static void test_names(void **state) {
  (void)state;
  round_trip(ygt_route_name, ygt_route_from_name, 5);
  round_trip(ygt_direction_name, ygt_direction_from_name, 4);
  round_trip(ygt_referral_state_name, ygt_referral_state_from_name, 8);
  round_trip(ygt_setting_name, ygt_setting_from_name, 3);
  round_trip(ygt_phase_name, ygt_phase_from_name, 4);
  round_trip(ygt_continuity_name, ygt_continuity_from_name, 3);
  round_trip(ygt_priority_name, ygt_priority_from_name, 3);
  assert_string_equal(ygt_referral_state_name(YGT_REFERRAL_IN_PROGRESS), "in-progress");
  assert_string_equal(ygt_route_name(YGT_ROUTE_REFER_OUT), "refer_out");
  assert_string_equal(ygt_referral_rule_kind_name(YGT_RULE_PRIORITY), "priority");
  assert_null(ygt_referral_rule_kind_name(11));
  ygt_referral_request q;
  ygt_referral_request_init(&q);
  assert_int_equal(q.version, YGT_REFERRAL_REQUEST_VERSION);
  assert_int_equal(q.institution, -1);
  assert_int_equal(q.slip_issuer, -1);
  ygt_referral_decision d;
  ygt_referral_decision_init(&d);
  assert_int_equal(d.version, YGT_REFERRAL_DECISION_VERSION);
}

static void test_rule_queries(void **state) {
  fx *f = *state;
  size_t n = ygt_referral_rules_count(f->r);
  assert_true(n > 30);
  int found = 0;
  for (size_t i = 0; i < n; i++) {
    const char *id = ygt_referral_rules_rule_id(f->r, (int32_t)i);
    if (strcmp(id, "em-stroke") == 0) {
      found = 1;
      assert_int_equal(ygt_referral_rules_rule_kind(f->r, (int32_t)i), YGT_RULE_EMERGENCY);
      assert_string_equal(ygt_referral_rules_rule_origin(f->r, (int32_t)i), "test.json: emergency.routes[1]");
    }
  }
  assert_true(found);
  assert_null(ygt_referral_rules_rule_id(f->r, (int32_t)n));
  assert_null(ygt_referral_rules_rule_origin(NULL, 0));
  assert_int_equal(ygt_referral_rules_rule_kind(f->r, -1), YGT_EINVAL);
  assert_int_equal(ygt_referral_rules_count(NULL), 0);
}

/* ---- the example bundles: destinations able to treat ------------------- */

static const char *const bundles[] = {"ninghai", "chunan", "zhuhai", "linxiang"};

static int limited_kind(int kind) {
  return kind == YGT_KIND_MATERNAL_CHILD || kind == YGT_KIND_SPECIALTY_HOSPITAL || kind == YGT_KIND_PUBLIC_HEALTH;
}

/* Every destination of a request with diagnosis `dx` from `inst`, asked up
 * and decided, acute and triaged `acuity`: none is a hospital of limited
 * scope unless `allowed` (its field). */
static void check_destinations(const ygt_model *m, const ygt_referral_rules *r, int32_t inst, int32_t dx,
                               int acuity, int allowed, const char *what) {
  for (int dir = YGT_DIRECTION_DECIDE; dir <= YGT_DIRECTION_UP; dir++) {
    ygt_referral_request q = YGT_REFERRAL_REQUEST_INIT;
    ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
    q.age = 70;
    q.sex = 1;
    q.institution = inst;
    q.diagnoses = &dx;
    q.ndiagnoses = 1;
    q.acuity = acuity;
    q.setting = YGT_SETTING_INPATIENT;
    q.direction = dir;
    assert_int_equal(ygt_referral_decide(&d, r, &q, NULL), YGT_OK);
    for (int k = 0; k < d.ndestinations; k++) {
      int32_t to = d.destinations[k];
      if (!allowed && limited_kind(ygt_model_institution_kind(m, to)))
        fail_msg("%s from %s: destination %d is %s (%s)", what, ygt_model_institution_code(m, inst), k,
                 ygt_model_institution_code(m, to), ygt_model_institution_name(m, to));
    }
  }
}

/* Acute stroke from every primary-care institution of every bundle, as an
 * emergency and as a referral: never to a 妇幼保健院, specialty hospital or
 * CDC (Chun'an's 妇幼保健院 is a member of the first community at county
 * tier, and was listed after the lead as one more county hospital). */
static void test_bundle_stroke_destinations(void **state) {
  (void)state;
  ygt_casemix *cm = NULL;
  char path[512];
  snprintf(path, sizeof path, "%s/examples/data/casemix.tsv", SOURCE_ROOT);
  assert_int_equal(ygt_casemix_load(&cm, NULL, NULL, path), YGT_OK);
  const ygt_codes *dx = ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS);
  int32_t stroke = ygt_codes_id(dx, "I63.900"), bleed = ygt_codes_id(dx, "I61.002");
  int32_t delivery = ygt_codes_id(dx, "O80.000");
  assert_true(stroke >= 0 && bleed >= 0 && delivery >= 0);
  for (size_t b = 0; b < sizeof bundles / sizeof bundles[0]; b++) {
    ygt_model *m = NULL;
    ygt_referral_rules *r = NULL;
    snprintf(path, sizeof path, "%s/examples/data/%s", SOURCE_ROOT, bundles[b]);
    assert_int_equal(ygt_model_load(&m, path), YGT_OK);
    assert_int_equal(ygt_referral_rules_load(&r, m, dx, path), YGT_OK);
    for (int32_t i = 0; i < (int32_t)ygt_model_institution_count(m); i++) {
      if (ygt_model_institution_tier(m, i) > YGT_TIER_TOWNSHIP) continue;
      for (int acuity = 0; acuity <= 2; acuity += 2) {
        check_destinations(m, r, i, stroke, acuity, 0, "stroke");
        check_destinations(m, r, i, bleed, acuity, 0, "bleed");
        check_destinations(m, r, i, delivery, acuity, 1, "delivery"); /* runs: a 妇幼保健院 may take it */
      }
    }
    ygt_referral_rules_free(r);
    ygt_model_free(m);
  }
  ygt_casemix_free(cm);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_catalogue, setup, teardown),
    cmocka_unit_test_setup_teardown(test_up_list, setup, teardown),
    cmocka_unit_test_setup_teardown(test_down_list, setup, teardown),
    cmocka_unit_test_setup_teardown(test_emergency, setup, teardown),
    cmocka_unit_test(test_emergency_settings),
    cmocka_unit_test_setup_teardown(test_specialty, setup, teardown),
    cmocka_unit_test_setup_teardown(test_first_contact, setup, teardown),
    cmocka_unit_test_setup_teardown(test_out_of_county, setup, teardown),
    cmocka_unit_test(test_penalty_without_exemption),
    cmocka_unit_test_setup_teardown(test_money, setup, teardown),
    cmocka_unit_test_setup_teardown(test_continuity_top_up_waive, setup, teardown),
    cmocka_unit_test(test_continuity_reset_and_other_community),
    cmocka_unit_test(test_states),
    cmocka_unit_test(test_accept_internal),
    cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
    cmocka_unit_test_setup_teardown(test_batch_matches_single, setup, teardown),
    cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
    cmocka_unit_test(test_names),
    cmocka_unit_test_setup_teardown(test_rule_queries, setup, teardown),
    cmocka_unit_test(test_bundle_stroke_destinations),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
