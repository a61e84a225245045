/* Routing and money of every event: where the patient presents first (the
 * grid's primary care, the county hospital, straight out of the county, or
 * as an emergency), what the referral rules decide there, where the patient
 * is treated, what it costs at that tier and how the rules' reimbursement
 * splits it between fund and patient. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

#define MAX_FOUND 256

/* ---- places ------------------------------------------------------------------ */

static int32_t first_of_tier(const ygt_model *m, int32_t g, int tier) {
  int32_t found[MAX_FOUND];
  size_t n = 0;
  if (ygt_model_grid_institutions(found, MAX_FOUND, &n, m, g, tier) != YGT_OK) n = 0;
  return n ? found[0] : -1;
}

static void grid_places(cy_grid *x, const ygt_model *m, int32_t g) {
  int32_t found[MAX_FOUND];
  size_t n = 0;
  if (ygt_model_grid_institutions(found, MAX_FOUND, &n, m, g, YGT_TIER_VILLAGE) != YGT_OK) n = 0;
  x->nvillage = n > 8 ? 8 : (int)n;
  memcpy(x->village, found, (size_t)x->nvillage * sizeof *found);
  x->township = ygt_model_grid_township(m, g);
  if (x->township < 0) x->township = first_of_tier(m, g, YGT_TIER_TOWNSHIP);
  int32_t comm = ygt_model_grid_community(m, g);
  int32_t lead = comm >= 0 ? ygt_model_community_lead(m, comm) : -1;
  x->county = lead >= 0 && ygt_model_institution_tier(m, lead) >= YGT_TIER_COUNTY ? lead
                                                                                 : first_of_tier(m, g, YGT_TIER_COUNTY);
}

/* Out of the county: city, province and out-of-area institutions that belong
 * to no comprehensive community of the model (public health excluded). */
static int outside_places(cy_places *p, const ygt_model *m) {
  size_t ni = ygt_model_institution_count(m);
  for (int t = 0; t < 3; t++) {
    p->outside[t] = ygt__malloc((ni ? ni : 1) * sizeof *p->outside[t]);
    if (!p->outside[t]) return YGT_ENOMEM;
  }
  for (size_t i = 0; i < ni; i++) {
    int tier = ygt_model_institution_tier(m, (int32_t)i);
    if (tier < YGT_TIER_CITY || ygt_model_community_of(m, (int32_t)i) >= 0) continue;
    if (ygt_model_institution_kind(m, (int32_t)i) == YGT_KIND_PUBLIC_HEALTH) continue;
    p->outside[tier - YGT_TIER_CITY][p->noutside[tier - YGT_TIER_CITY]++] = (int32_t)i;
  }
  return YGT_OK;
}

static void bypass_weights(cy_places *p, const ygt_county_options *o) {
  double sum = 0;
  for (int t = 0; t < 3; t++) sum += p->noutside[t] ? o->bypass_weight[t] : 0;
  double acc = 0;
  for (int t = 0; t < 3; t++) {
    acc += p->noutside[t] && sum > 0 ? o->bypass_weight[t] / sum : 0;
    p->weight[t] = acc;
  }
}

void ygt__cy_places_free(cy_places *p) {
  ygt__free(p->grid);
  for (int t = 0; t < 3; t++) ygt__free(p->outside[t]);
  memset(p, 0, sizeof *p);
}

int ygt__cy_places_build(cy_places *p, const ygt_model *m, const ygt_county_options *o) {
  memset(p, 0, sizeof *p);
  size_t ng = ygt_model_grid_count(m);
  p->grid = ygt__calloc(ng ? ng : 1, sizeof *p->grid);
  if (!p->grid || outside_places(p, m)) return YGT_ENOMEM;
  for (size_t g = 0; g < ng; g++) {
    cy_grid *x = &p->grid[g];
    grid_places(x, m, (int32_t)g);
    if (!x->nvillage && x->township < 0 && x->county < 0 && ygt_model_grid_population(m, (int32_t)g) > 0)
      return ygt__error(YGT_EINVAL, "ygt_county_generate: grid %s has no institution to go to",
                        ygt_model_grid_code(m, (int32_t)g));
  }
  bypass_weights(p, o);
  return YGT_OK;
}

/* A draw of event e made ahead with its run's (county_draws.c). */
static double ahead(const ygt_county *c, size_t e, int d) { return c->run->u[d][e - c->run->e0]; }

/* ---- first contact ------------------------------------------------------------- */

static int32_t any_of(int32_t a, int32_t b, int32_t c) { return a >= 0 ? a : b >= 0 ? b : c; }

static int32_t outside_pick(const cy_places *p, double u) {
  for (int t = 0; t < 3; t++)
    if (p->noutside[t] && u <= p->weight[t]) {
      double v = t ? (u - p->weight[t - 1]) / (p->weight[t] - p->weight[t - 1]) : u / p->weight[0];
      size_t i = (size_t)(v * (double)p->noutside[t]);
      return p->outside[t][i < p->noutside[t] ? i : p->noutside[t] - 1];
    }
  return -1;
}

/* Which choice put the patient at the first contact: the cost response
 * offers the cheaper in-county alternative of an outside or county-hospital one. */
enum { AT_EMERGENCY, AT_OUTSIDE, AT_PRIMARY, AT_COUNTY, AT_EPISODE };

typedef struct contact {
  int32_t inst, acuity, direction;
  int32_t slip_issuer; /* county hospital that registered a bypass out of the county, -1 */
  int kind;            /* AT_* */
} contact;

/* Out-patient primary care: a village clinic for village_share of visits
 * when the grid has one, else the township. */
static int32_t primary(const cy_grid *x, int setting, double share, double u) {
  if (setting == YGT_SETTING_OUTPATIENT && x->nvillage && u < share) {
    int i = (int)(u / share * x->nvillage);
    return x->village[i < x->nvillage ? i : x->nvillage - 1];
  }
  return any_of(x->township, x->county, x->nvillage ? x->village[0] : -1);
}

/* The lead of the specialty community (专科医共体) a specialty rule sends
 * the event's need to, for the condition's specialty_share of the patients
 * (the others keep to their community's hospital); -1 otherwise. */
static int32_t specialty_pick(const ygt_county *c, size_t e, size_t r, uint32_t j) {
  const cy_condition *k = &c->cm->c[((const int32_t *)c->col[YGT_COUNTY_EVENT_CONDITION])[e]];
  if (!(k->specialty_share > 0)) return -1; /* no draw is below it */
  if (!(ygt__cy_draw(c, r, j, CY_D_SPECIALTY) < k->specialty_share)) return -1;
  rf_in in; /* the lead reads the principal diagnosis, age and sex only: the rest is not cleared */
  in.dx = &k->dx;
  in.ndx = 1;
  in.age = ((const int8_t *)c->col[YGT_COUNTY_RESIDENT_AGE])[r];
  in.sex = ((const int8_t *)c->col[YGT_COUNTY_RESIDENT_SEX])[r];
  return ygt__rf_specialty_lead(c->rules, &in);
}

/* A non-emergency need that stays in the county: the grid's primary care,
 * else the county hospital (the specialty community's for its conditions),
 * where some in-patients ask for a referral out.  Inlined in its two
 * callers: the contact comes back in registers, not through memory. */
static inline __attribute__((always_inline)) contact in_county(const ygt_county *c, const cy_grid *x, size_t e,
                                                               size_t r, uint32_t j, double pick) {
  const ygt_county_options *o = &c->opts;
  int setting = ((const int8_t *)c->col[YGT_COUNTY_EVENT_SETTING])[e];
  if (ahead(c, e, CY_RUN_PRIMARY) < o->primary_first_contact)
    return (contact){primary(x, setting, o->village_share, pick), 0, YGT_DIRECTION_DECIDE, -1, AT_PRIMARY};
  int out = setting != YGT_SETTING_OUTPATIENT && ygt__cy_draw(c, r, j, CY_D_ASK_OUT) < o->inpatient_ask_out;
  int32_t lead = specialty_pick(c, e, r, j);
  return (contact){lead >= 0 ? lead : any_of(x->county, x->township, x->nvillage ? x->village[0] : -1), 0,
                   out ? YGT_DIRECTION_OUT : YGT_DIRECTION_DECIDE, -1, AT_COUNTY};
}

static const cy_grid *grid_of(const ygt_county *c, const cy_places *p, size_t r) {
  return &p->grid[ygt__cy_resident_grid(c, r)];
}

static int setting_of(const ygt_county *c, size_t e) { return ((const int8_t *)c->col[YGT_COUNTY_EVENT_SETTING])[e]; }

static contact first_contact(const ygt_county *c, const cy_places *p, size_t e, size_t r, uint32_t j) {
  const ygt_county_options *o = &c->opts;
  const cy_grid *x = grid_of(c, p, r);
  int setting = setting_of(c, e);
  int32_t village = x->nvillage ? x->village[0] : -1;
  double pick = ahead(c, e, CY_RUN_PICK);
  if (((const int8_t *)c->col[YGT_COUNTY_EVENT_EMERGENCY])[e]) {
    if (setting == YGT_SETTING_OUTPATIENT)
      return (contact){any_of(x->county, x->township, village), 3, YGT_DIRECTION_DECIDE, -1, AT_EMERGENCY};
    return (contact){any_of(x->township, x->county, village), o->emergency_acuity, YGT_DIRECTION_DECIDE, -1,
                     AT_EMERGENCY};
  }
  double bypass = setting == YGT_SETTING_OUTPATIENT ? o->out_of_county_bypass : o->inpatient_bypass;
  if (ahead(c, e, CY_RUN_CONTACT) < bypass) {
    int32_t out = outside_pick(p, pick);
    int slip = x->county >= 0 && ygt__cy_draw(c, r, j, CY_D_SLIP) < o->bypass_slip;
    if (out >= 0) return (contact){out, 0, YGT_DIRECTION_DECIDE, slip ? x->county : -1, AT_OUTSIDE};
  }
  return in_county(c, x, e, r, j, pick);
}

/* A continuation starts where its stay was treated (a transfer, not a new
 * first contact); a stay treated out of the county continues at the
 * grid's county hospital, the patient coming home. */
static contact episode_contact(const ygt_county *c, const cy_places *p, size_t e, size_t r) {
  const int32_t *treated = c->col[YGT_COUNTY_EVENT_INSTITUTION];
  int32_t stay = treated[((const int32_t *)c->col[YGT_COUNTY_EVENT_EPISODE])[e]];
  const cy_grid *x = grid_of(c, p, r);
  if (c->rules->outside[stay]) stay = any_of(x->county, x->township, x->nvillage ? x->village[0] : -1);
  return (contact){stay, 0, YGT_DIRECTION_DECIDE, -1, AT_EPISODE};
}

/* ---- decision and money ------------------------------------------------------------ */

static int referral_kind(const ygt_referral_rules *rules, int route, int slip_valid, int32_t treated) {
  switch (route) {
  case YGT_ROUTE_REFER_UP: return YGT_ENC_REFERRAL_UP;
  case YGT_ROUTE_REFER_DOWN: return YGT_ENC_REFERRAL_DOWN;
  case YGT_ROUTE_REFER_OUT: return YGT_ENC_REFERRAL_OUT;
  case YGT_ROUTE_EMERGENCY: return rules->outside[treated] ? YGT_ENC_REFERRAL_OUT : YGT_ENC_REFERRAL_NONE;
  default: /* out of the county on a registered slip counts as referred out */
    return rules->outside[treated] && slip_valid ? YGT_ENC_REFERRAL_OUT : YGT_ENC_REFERRAL_NONE;
  }
}

/* The need's cost at the treating tier, in fen. */
static int cost_fen(const ygt_county *c, const cy_condition *k, size_t e, int tier, int64_t *out) {
  double fen = k->cost * c->run->cost_factor[e - c->run->e0] * c->opts.tier_cost[tier] * 100.0;
  if (!(fen < 9.0e18)) return ygt__error(YGT_EOVERFLOW, "ygt_county_generate: a cost of condition %s does not fit", k->id);
  *out = fen > -9.0e18 ? ygt__cy_round(fen) : llround(fen);
  return YGT_OK;
}

/* The episode so far of a continuation: where its stay was treated and the
 * deductible faced there (ygt_episode_record()), for 连续计算起付线. */
typedef struct episode_so_far {
  int32_t inst;
  int64_t paid;
} episode_so_far;

static inline __attribute__((always_inline)) void fill_request(rf_in *q, const ygt_county *c, int32_t cond, size_t e,
                                                              size_t r, contact at, episode_so_far ep) {
  int8_t ins = ygt__cy_resident_insurance(c, r);
  int32_t today = ((const int32_t *)c->col[YGT_COUNTY_EVENT_DAY])[e];
  size_t at_dx = c->dx_at[cond];
  *q = (rf_in){.inst = at.inst,
               .grid = ygt__cy_resident_grid(c, r),
               .age = ((const int8_t *)c->col[YGT_COUNTY_RESIDENT_AGE])[r],
               .sex = ((const int8_t *)c->col[YGT_COUNTY_RESIDENT_SEX])[r],
               .insurance = ins < 0 ? YGT_INSURANCE_RESIDENT : ins, /* the uninsured pay all, below */
               .acuity = at.acuity,
               .phase = ((const int8_t *)c->col[YGT_COUNTY_EVENT_PHASE])[e],
               .setting = ((const int8_t *)c->col[YGT_COUNTY_EVENT_SETTING])[e],
               .direction = at.direction,
               .slip_issuer = at.slip_issuer,
               .slip_day = today,
               .today = today,
               .ep_inst = ep.inst,
               .dx = c->dx_list + at_dx,
               .ndx = 1 + c->cm->c[cond].nsdx,
               .ep_paid = ep.paid};
}

typedef struct outcome {
  int32_t treated;
  int route, referral, continuity;
  int64_t cost, fund, deductible;
} outcome;

/* A referral up that lists the specialty community's lead (its rule names
 * the diagnosis) goes there for the patients who choose it (the same draw
 * as at first contact), else to the first destination; only when the
 * referral is to the lead's tier anyway (a village clinic's patient goes to
 * the township, not past it).  The lead, or -1 when the choice stands. */
static int32_t specialty_up(const ygt_county *c, size_t e, size_t r, uint32_t j, const cy_choice *ch) {
  if (ch->route != YGT_ROUTE_REFER_UP || ch->ndestinations < 2) return -1;
  int32_t lead = specialty_pick(c, e, r, j);
  if (lead < 0 || c->rules->tier[lead] != c->rules->tier[ch->institution]) return -1; /* the first destination */
  const int32_t *to = ygt__cy_destinations(ch);
  for (int i = 1; i < ch->ndestinations; i++)
    if (to[i] == lead) return lead;
  return -1;
}

/* The choice with the specialty community's lead as its institution: the
 * decision's money worked out again there (rare). */
static cy_choice at_lead(const ygt_county *c, const rf_in *in, const cy_choice *ch, int32_t lead) {
  ygt_referral_decision d;
  ygt__cy_decision_of(&d, ch);
  d.institution = lead;
  d.tier = c->rules->tier[lead];
  int64_t ppm = ygt__rf_money_terms(c->rules, in, &d, 0);
  return (cy_choice){d.deductible_fen, (int32_t)ppm, lead, ch->route, (int8_t)d.tier, ch->slip_valid,
                     (int8_t)d.continuity, ch->ndestinations};
}

/* Inlined in its three callers (the contact and episode are not copied). */
static inline __attribute__((always_inline)) int route_one(const ygt_county *c, size_t e, size_t r, uint32_t j,
                                                           contact at, episode_so_far ep, outcome *res) {
  int32_t cond = ((const int32_t *)c->col[YGT_COUNTY_EVENT_CONDITION])[e];
  rf_in in;
  const cy_choice *ch;
  fill_request(&in, c, cond, e, r, at, ep);
  int rc = ygt__cy_decide(c->decisions, c->rules, cond, &in, &ch);
  if (rc) return rc;
  cy_choice x = *ch;
  int32_t lead = specialty_up(c, e, r, j, ch);
  if (lead >= 0) x = at_lead(c, &in, ch, lead);
  res->treated = x.institution >= 0 ? x.institution : at.inst; /* out without a destination in the model */
  res->route = x.route;
  res->referral = referral_kind(c->rules, x.route, x.slip_valid, res->treated);
  rc = cost_fen(c, &c->cm->c[cond], e, c->rules->tier[res->treated], &res->cost);
  if (!rc) rc = ygt__rf_fund(res->cost, x.deductible, x.ppm, &res->fund);
  if (ygt__cy_resident_insurance(c, r) < 0) res->fund = 0;
  res->continuity = x.continuity;
  res->deductible = x.deductible;
  return rc;
}

static void write_outcome(ygt_county *c, size_t e, contact at, const outcome *res) {
  ((int32_t *)c->col[YGT_COUNTY_EVENT_FIRST_CONTACT])[e] = at.inst;
  ((int32_t *)c->col[YGT_COUNTY_EVENT_INSTITUTION])[e] = res->treated;
  ((int8_t *)c->col[YGT_COUNTY_EVENT_ROUTE])[e] = (int8_t)res->route;
  ((int8_t *)c->col[YGT_COUNTY_EVENT_REFERRAL])[e] = (int8_t)res->referral;
  ((int64_t *)c->col[YGT_COUNTY_EVENT_COST])[e] = res->cost;
  ((int64_t *)c->col[YGT_COUNTY_EVENT_FUND])[e] = res->fund;
  ((int8_t *)c->col[YGT_COUNTY_EVENT_CONTINUITY])[e] = (int8_t)res->continuity;
}

/* ---- cost response ------------------------------------------------------------------ */

/* The cheaper in-county alternative of a contact the patient chose, and the
 * draw that decides whether they take it: out of the county -> the need's
 * in-county contact; the county hospital -> the grid's primary care.  None
 * for emergencies and primary care (0), so the response takes at most two steps. */
static int alternative(const ygt_county *c, const cy_places *p, size_t e, size_t r, uint32_t j, contact at,
                       contact *alt, uint32_t *draw) {
  const cy_grid *x = grid_of(c, p, r);
  int setting = setting_of(c, e);
  double pick = ahead(c, e, CY_RUN_PICK);
  if (at.kind == AT_OUTSIDE) {
    *alt = in_county(c, x, e, r, j, pick);
    *draw = CY_D_STAY_IN;
    return 1;
  }
  if (at.kind != AT_COUNTY) return 0;
  *alt = (contact){primary(x, setting, c->opts.village_share, pick), 0, YGT_DIRECTION_DECIDE, -1, AT_PRIMARY};
  *draw = CY_D_GO_PRIMARY;
  return alt->inst != at.inst; /* a grid without a county hospital: already there */
}

/* What the patient would pay on route a beyond route b, as a share of a's
 * cost; 0 when b is not cheaper. */
static double extra_share(const outcome *a, const outcome *b) {
  int64_t more = (a->cost - a->fund) - (b->cost - b->fund);
  return more > 0 && a->cost > 0 ? (double)more / (double)a->cost : 0.0;
}

/* A patient facing a bigger bill than in the county switches with
 * probability min(1, cost_response x extra share), one draw per step (the
 * draw is below 1, so the min is implied).  The extra share is at most the
 * share the patient pays on the chosen route: a draw above that bound
 * decides without routing the alternative, with the same result. */
static int respond(const ygt_county *c, const cy_places *p, size_t e, size_t r, uint32_t j, contact *at,
                   outcome *res) {
  const double k = c->opts.cost_response;
  contact alt;
  uint32_t draw;
  while (alternative(c, p, e, r, j, *at, &alt, &draw)) {
    double u = ygt__cy_draw(c, r, j, draw);
    outcome none = {0, 0, 0, -1, res->cost, res->cost, 0}, other = {0};
    if (!(u < k * extra_share(res, &none))) break;
    int rc = route_one(c, e, r, j, alt, (episode_so_far){-1, 0}, &other);
    if (rc) return rc;
    if (!(u < k * extra_share(res, &other))) break;
    *at = alt;
    *res = other;
  }
  return YGT_OK;
}

/* One event: a continuation from its stay with the episode so far, any
 * other need from its first contact (and the cost response). */
static int route_event(ygt_county *c, const cy_places *p, size_t e, const int64_t *paid, size_t first,
                       outcome *res) {
  size_t r = (size_t)((const int32_t *)c->col[YGT_COUNTY_EVENT_PATIENT])[e];
  uint32_t j = c->key[e];
  int32_t stay = ((const int32_t *)c->col[YGT_COUNTY_EVENT_EPISODE])[e];
  if (stay >= 0) {
    episode_so_far ep = {((const int32_t *)c->col[YGT_COUNTY_EVENT_INSTITUTION])[stay], paid[(size_t)stay - first]};
    contact at = episode_contact(c, p, e, r);
    int rc = route_one(c, e, r, j, at, ep, res);
    if (!rc) write_outcome(c, e, at, res);
    return rc;
  }
  contact at = first_contact(c, p, e, r, j);
  int rc = route_one(c, e, r, j, at, (episode_so_far){-1, 0}, res);
  if (!rc && c->opts.cost_response > 0) rc = respond(c, p, e, r, j, &at, res); /* 0: no extra draw or route */
  if (!rc) write_outcome(c, e, at, res);
  return rc;
}

/* Routes events e0 .. nev - 1 (whole residents); paid is scratch of 2 × CY_MAX_EVENTS. */
int ygt__cy_route(ygt_county *c, const cy_places *p, size_t e0, int64_t *paid) {
  const int32_t *patient = c->col[YGT_COUNTY_EVENT_PATIENT];
  size_t first = e0;
  int rc = YGT_OK;
  cy_run run;
  run.e0 = e0, run.n = 0; /* made at the first event */
  c->run = &run;
  for (size_t e = e0; e < c->nev && !rc; e++) {
    if (e == run.e0 + run.n) ygt__cy_run_draws(&run, c, e, c->nev - e);
    if (e > e0 && patient[e - 1] != patient[e]) first = e;
    if (e == first) ygt__cy_at_resident(c, (size_t)patient[e]);
    outcome res = {0};
    rc = route_event(c, p, e, paid, first, &res); /* paid: the deductibles of the resident's events */
    paid[e - first] = res.deductible;
  }
  c->run = NULL;
  return rc;
}
