/* The decision engine: from one checked request to a route, its ranked
 * destinations, the referral state and the trace.  The money is added by
 * referral_money.c.  Order of the rules (doc/formats/referral.md):
 * emergency, care already out of the county, the direction asked, then in
 * "decide" mode down-referral, up-referral lists, catalogues, first contact. */
#include <string.h>

#include "codes_internal.h"
#include "referral_internal.h"

typedef struct ctx {
  const ygt_referral_rules *r;
  const rf_in *in;
  ygt_referral_decision *d;
  int tracing;
  int cap;       /* destinations kept: YGT_REFERRAL_MAX_DESTINATIONS, or 1 where only the first is read */
  int tier;      /* of the current institution */
  int32_t comm;  /* own community: the institution's, else the grid's */
  int slip_fresh;   /* a slip of any issuer within its validity */
  int slip_ok;      /* ... issued by an institution that may send patients out of the county */
  int slip_expired;
  uint32_t treating; /* bit t: the catalogue of tier t treats the principal diagnosis in the setting */
  const uint32_t *lists; /* the principal diagnosis's list offsets by kind (referral_index.c), NULL for none */
} ctx;

void ygt__rf_trace_add(ygt_referral_decision *d, int32_t rule) {
  for (int i = 0; i < d->ntrace; i++)
    if (d->trace[i] == rule) return; /* each rule is named once */
  if (d->ntrace < YGT_REFERRAL_MAX_TRACE) d->trace[d->ntrace++] = rule;
  else d->trace_truncated = 1;
}

static void trace(const ctx *c, int32_t rule) { ygt__rf_trace(c->d, c->tracing, rule); }

static int has(const rf_rule *u, int32_t id) { return ygt__codeset_has(u->codes, id); }

static int any_dx(const rf_rule *u, const rf_in *in) {
  for (size_t i = 0; i < in->ndx; i++)
    if (has(u, in->dx[i])) return 1;
  return 0;
}

/* The rules of kind k naming the principal diagnosis (referral_index.c). */
static const int32_t *rules_of(const ctx *c, int k, size_t *n) { return ygt__rf_rules_in(c->r, c->lists, k, n); }

/* The emergency rules that may match: those naming the diagnosis of a
 * request with one, else all (any diagnosis of the request may match). */
static const int32_t *emergency_rules(const ctx *c, size_t *n) {
  if (c->in->ndx == 1) return rules_of(c, RF_DX_EMERGENCY, n);
  *n = c->r->nemergency;
  return c->r->emergency;
}

static int patient_ok(const rf_rule *u, const rf_in *in) {
  if (u->age_min >= 0 && (in->age < 0 || in->age < u->age_min)) return 0;
  if (u->age_max >= 0 && (in->age < 0 || in->age > u->age_max)) return 0;
  return !u->sex || in->sex == u->sex;
}

static int in_mask(uint32_t mask, int v) { return mask == 0 || (mask & (1u << v)) != 0; }

static int treats(const ctx *c, int tier) { return (c->treating >> tier) & 1; }

/* Names the catalogue row that lists the principal diagnosis at a tier. */
static void trace_catalogue(const ctx *c, int tier) {
  if (!c->tracing) return;
  int setting = ygt__rf_catalogue_setting(c->r, tier, c->in->setting);
  for (size_t i = 0; i < c->r->ncatalogue; i++) {
    const rf_rule *u = &c->r->rules[c->r->catalogue[i]];
    if (u->tier == tier && u->setting == setting && has(u, c->in->dx[0])) {
      trace(c, c->r->catalogue[i]);
      return;
    }
  }
}

/* ---- destinations ----------------------------------------------------------- */

/* Whether no more destinations are kept: the walks below stop there, as
 * what they test (capable(), the tables) has no effect of its own. */
static int full(const ctx *c) { return c->d->ndestinations >= c->cap; }

static void add_dest(const ctx *c, int32_t inst) {
  ygt_referral_decision *d = c->d;
  if (inst < 0 || full(c)) return;
  for (int i = 0; i < d->ndestinations; i++)
    if (d->destinations[i] == inst) return;
  d->destinations[d->ndestinations++] = inst;
}

/* A specialty rule matching the request names the institution as the lead
 * of its community. */
static int specialty_of(const ctx *c, int32_t inst) {
  const ygt_referral_rules *r = c->r;
  size_t n;
  const int32_t *list = rules_of(c, RF_DX_SPECIALTY, &n);
  for (size_t i = 0; i < n; i++) {
    const rf_rule *u = &r->rules[list[i]];
    if (r->lead[u->community] == inst && patient_ok(u, c->in)) return 1;
  }
  return 0;
}

/* An emergency route or specialty rule matches the request and names the
 * institution: its centre designation, or the lead of its community. */
static int named_by_route(const ctx *c, int32_t inst) {
  const ygt_referral_rules *r = c->r;
  size_t n;
  const int32_t *list = emergency_rules(c, &n);
  for (size_t i = 0; i < n; i++) {
    const rf_rule *u = &r->rules[list[i]];
    if (u->designation >= 0 && (r->desig[inst] & (1u << u->designation)) && any_dx(u, c->in) && patient_ok(u, c->in)) return 1;
  }
  return specialty_of(c, inst);
}

int32_t ygt__rf_specialty_lead(const ygt_referral_rules *r, const rf_in *in) {
  size_t n;
  const int32_t *list = ygt__rf_rules_of(r, RF_DX_SPECIALTY, in->dx[0], &n);
  for (size_t i = 0; i < n; i++) {
    const rf_rule *u = &r->rules[list[i]];
    if (patient_ok(u, in)) return r->lead[u->community];
  }
  return -1;
}

/* Whether a hospital may receive the request as one more hospital of the
 * tier: a general or TCM hospital treats any diagnosis its catalogue lets
 * it; one of limited scope (妇幼, specialty, CDC) only its own field. */
static int capable(const ctx *c, int32_t inst) { return !c->r->limited[inst] || named_by_route(c, inst); }

/* Lead and capable members of community `comm` at `tier`, optionally without the lead. */
static void add_members(const ctx *c, int32_t comm, int tier, int skip_lead) {
  const ygt_referral_rules *r = c->r;
  if (comm < 0) return;
  size_t k = (size_t)comm * RF_TIERS + (size_t)tier;
  for (size_t i = r->ct_off[k]; i < r->ct_off[k + 1] && !full(c); i++) {
    int32_t inst = r->ct_items[i];
    if (inst == r->lead[comm] ? !skip_lead : capable(c, inst)) add_dest(c, inst);
  }
}

static void add_tier(const ctx *c, int tier) {
  const ygt_referral_rules *r = c->r;
  for (size_t i = r->tier_off[tier]; i < r->tier_off[tier + 1] && !full(c); i++)
    if (capable(c, r->tier_items[i])) add_dest(c, r->tier_items[i]);
}

static int32_t grid_township(const ctx *c) {
  return c->in->grid >= 0 ? c->r->grid_township[c->in->grid] : -1;
}

/* Down: the township of the patient's grid, then the own community's
 * institutions of that tier, then those of the grid's community. */
static void down_dests(const ctx *c, int tier) {
  if (tier == YGT_TIER_TOWNSHIP) add_dest(c, grid_township(c));
  add_members(c, c->comm, tier, 0);
  if (c->in->grid >= 0) add_members(c, c->r->grid_comm[c->in->grid], tier, 0);
}

/* Nearest centre with a designation: the current institution, then the own
 * community's centres, then every other, nearest first. */
static void centre_dests(const ctx *c, int designation, int only_first) {
  const ygt_referral_rules *r = c->r;
  if (r->desig[c->in->inst] & (1u << designation)) {
    add_dest(c, c->in->inst);
    if (only_first) return;
  }
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = r->centre_off[designation]; i < r->centre_off[designation + 1] && !full(c); i++) {
      int32_t inst = r->centre_items[i];
      int own = c->comm >= 0 && r->community[inst] == c->comm;
      if (own == (pass == 0)) {
        add_dest(c, inst);
        if (only_first) return;
      }
    }
}

/* Up to `tier`, inside the own community: at township tier the clinic's own
 * township and the grid's first; at county tier the lead first, then the
 * other institutions of that tier; then specialty communities' leads and
 * the nearest designated centre when their rules match. */
static void up_dests(const ctx *c, int tier) {
  const ygt_referral_rules *r = c->r;
  if (tier == YGT_TIER_TOWNSHIP) {
    add_dest(c, r->township[c->in->inst]);
    add_dest(c, grid_township(c));
  }
  if (c->comm >= 0) {
    if (r->tier[r->lead[c->comm]] >= tier) add_dest(c, r->lead[c->comm]);
    add_members(c, c->comm, tier, 1);
  } else {
    add_tier(c, tier);
  }
  if (full(c) && !c->tracing) return; /* the rules below would only be traced */
  size_t n;
  const int32_t *list = rules_of(c, RF_DX_SPECIALTY, &n);
  for (size_t i = 0; i < n; i++) {
    const rf_rule *u = &r->rules[list[i]];
    if (patient_ok(u, c->in)) {
      add_dest(c, r->lead[u->community]);
      trace(c, list[i]);
    }
  }
  list = emergency_rules(c, &n);
  for (size_t i = 0; i < n; i++) {
    const rf_rule *u = &r->rules[list[i]];
    if (any_dx(u, c->in) && patient_ok(u, c->in)) {
      centre_dests(c, u->designation, 1);
      trace(c, list[i]);
      break;
    }
  }
}

static void out_dests(const ctx *c) {
  const ygt_referral_rules *r = c->r;
  for (size_t i = 0; i < r->nout_dest; i++) add_dest(c, r->out_dest[i]);
  if (r->nout_dest) return;
  for (size_t i = r->tier_off[r->out_tier]; i < r->tier_off[RF_TIERS] && !full(c); i++)
    if (r->outside[r->tier_items[i]]) add_dest(c, r->tier_items[i]);
}

/* ---- routes ------------------------------------------------------------------ */

static int referral_state(const ctx *c) {
  const ygt_referral_decision *d = c->d;
  if (c->r->accept_internal && d->ndestinations > 0 && c->comm >= 0 &&
      c->r->community[d->destinations[0]] == c->comm)
    return YGT_REFERRAL_ACCEPTED;
  return YGT_REFERRAL_REQUESTED;
}

static void route(const ctx *c, int route, int state) {
  c->d->route = route;
  c->d->state = state;
}

static int emergency(const ctx *c) {
  const ygt_referral_rules *r = c->r;
  const rf_in *in = c->in;
  if (in->acuity < 1 || in->acuity > r->emergency_acuity_max) return 0;
  size_t n;
  const int32_t *list = emergency_rules(c, &n);
  for (size_t i = 0; i < n; i++) {
    const rf_rule *u = &r->rules[list[i]];
    if (!any_dx(u, in) || !patient_ok(u, in)) continue;
    trace(c, list[i]);
    centre_dests(c, u->designation, 0);
    route(c, YGT_ROUTE_EMERGENCY, YGT_REFERRAL_ACCEPTED);
    return 1;
  }
  if (r->emergency_general < 0) return 0;
  trace(c, r->emergency_general);
  if (c->tier >= YGT_TIER_COUNTY) add_dest(c, in->inst);
  else if (c->comm >= 0) add_dest(c, r->lead[c->comm]);
  else add_tier(c, YGT_TIER_COUNTY);
  route(c, YGT_ROUTE_EMERGENCY, YGT_REFERRAL_ACCEPTED);
  return 1;
}

static void refer_out(const ctx *c) {
  const ygt_referral_rules *r = c->r;
  trace(c, r->out_rule);
  out_dests(c);
  int state;
  if (r->slip_issuer[c->in->inst]) {
    state = YGT_REFERRAL_REQUESTED; /* the slip is issued now */
    c->d->slip_valid = 1;
  } else if (c->slip_ok) state = YGT_REFERRAL_ACCEPTED;
  else state = c->slip_expired ? YGT_REFERRAL_EXPIRED : YGT_REFERRAL_REJECTED;
  route(c, YGT_ROUTE_REFER_OUT, state);
}

static int try_down(const ctx *c) {
  const ygt_referral_rules *r = c->r;
  const rf_in *in = c->in;
  size_t n;
  const int32_t *list = rules_of(c, RF_DX_DOWN, &n);
  for (size_t i = 0; i < n; i++) {
    const rf_rule *u = &r->rules[list[i]];
    if (!(u->from_tiers & (1u << c->tier)) || u->tier >= c->tier) continue;
    if (!in_mask(u->phases, in->phase) || !in_mask(u->settings, in->setting)) continue;
    down_dests(c, u->tier);
    if (c->d->ndestinations == 0) continue;
    trace(c, list[i]);
    route(c, YGT_ROUTE_REFER_DOWN, referral_state(c));
    return 1;
  }
  return 0;
}

/* Lowest tier above the current one whose catalogue treats the diagnosis, or -1. */
static int treating_tier(const ctx *c) {
  uint32_t above = c->treating & ~((2u << c->tier) - 1) & ((2u << YGT_TIER_COUNTY) - 1);
  return above ? __builtin_ctz(above) : -1;
}

/* From the county tier up, still inside the pooling area (a city's own
 * tertiary hospitals): the own community's lead when it is higher, then every
 * higher institution inside, nearest tier first.  Returns how many. */
static int up_inside(const ctx *c) {
  const ygt_referral_rules *r = c->r;
  if (c->comm >= 0 && r->tier[r->lead[c->comm]] > c->tier) add_dest(c, r->lead[c->comm]);
  for (size_t i = r->tier_off[c->tier + 1]; i < r->tier_off[RF_TIERS] && !full(c); i++) {
    int32_t inst = r->tier_items[i];
    if (!r->outside[inst] && r->community[inst] >= 0 && capable(c, inst)) add_dest(c, inst);
  }
  return c->d->ndestinations;
}

static void refer_up(const ctx *c, int tier) {
  up_dests(c, tier);
  route(c, YGT_ROUTE_REFER_UP, referral_state(c));
}

static int try_up_rule(const ctx *c) {
  const ygt_referral_rules *r = c->r;
  const rf_in *in = c->in;
  size_t n;
  const int32_t *list = rules_of(c, RF_DX_UP, &n);
  for (size_t i = 0; i < n; i++) {
    const rf_rule *u = &r->rules[list[i]];
    if (!(u->from_tiers & (1u << c->tier)) || !patient_ok(u, in)) continue;
    if (u->acuity_max > 0 && (in->acuity < 1 || in->acuity > u->acuity_max)) continue;
    if (!in_mask(u->phases, in->phase) || !in_mask(u->settings, in->setting)) continue;
    int target = u->tier >= 0 ? u->tier : treating_tier(c);
    if (target < 0) target = YGT_TIER_COUNTY;
    if (target <= c->tier) continue;
    trace(c, list[i]);
    refer_up(c, target);
    return 1;
  }
  return 0;
}

/* Outside the current tier's catalogue: up to the first tier that treats
 * it; from the county, out of the county on the county's slip. */
static int try_catalogue(const ctx *c) {
  const ygt_referral_rules *r = c->r;
  if (treats(c, c->tier)) return 0;
  int t = treating_tier(c);
  if (t >= 0) {
    trace_catalogue(c, t);
    refer_up(c, t);
  } else if (c->tier < YGT_TIER_COUNTY) {
    trace(c, r->out_rule); /* the county must issue the out-of-county slip */
    refer_up(c, YGT_TIER_COUNTY);
  } else if (up_inside(c)) {
    route(c, YGT_ROUTE_REFER_UP, referral_state(c));
  } else if (!r->slip_issuer[c->in->inst] && !c->slip_ok && c->comm >= 0 &&
             r->slip_issuer[r->lead[c->comm]] && r->lead[c->comm] != c->in->inst) {
    trace(c, r->out_rule);
    add_dest(c, r->lead[c->comm]);
    route(c, YGT_ROUTE_REFER_UP, referral_state(c));
  } else {
    refer_out(c);
  }
  return 1;
}

/* First contact sends down what primary care treats, except at a
 * specialty community's lead for the conditions its rule names: that
 * community exists to treat them (e.g. acupuncture for back pain at the
 * 中医医院 of a TCM 专科医共体). */
static int try_first_contact(const ctx *c) {
  const ygt_referral_rules *r = c->r;
  if (r->first_contact < 0 || c->tier <= r->first_contact_tier || r->outside[c->in->inst]) return 0;
  if (specialty_of(c, c->in->inst)) return 0;
  if (c->slip_fresh || !in_mask(r->rules[r->first_contact].settings, c->in->setting)) return 0;
  if (!treats(c, r->first_contact_tier)) return 0;
  down_dests(c, r->first_contact_tier);
  if (c->d->ndestinations == 0) return 0;
  trace(c, r->first_contact);
  trace_catalogue(c, r->first_contact_tier);
  route(c, YGT_ROUTE_REFER_DOWN, YGT_REFERRAL_REQUESTED);
  return 1;
}

static void treat_here(const ctx *c) {
  if (c->r->restricted_tiers & (1u << c->tier)) trace_catalogue(c, c->tier);
  int arrived = c->slip_fresh && c->in->slip_issuer != c->in->inst;
  route(c, YGT_ROUTE_TREAT_HERE, arrived ? YGT_REFERRAL_IN_PROGRESS : YGT_REFERRAL_NONE);
}

static void decide_mode(const ctx *c) {
  if (try_down(c) || try_up_rule(c) || try_catalogue(c) || try_first_contact(c)) return;
  treat_here(c);
}

static void asked_up(const ctx *c) {
  if (c->tier >= YGT_TIER_COUNTY) {
    if (up_inside(c)) route(c, YGT_ROUTE_REFER_UP, referral_state(c));
    else refer_out(c);
    return;
  }
  if (try_up_rule(c)) return;
  int t = treating_tier(c);
  if (t >= 0) trace_catalogue(c, t);
  refer_up(c, t >= 0 ? t : YGT_TIER_COUNTY);
}

static void asked_down(const ctx *c) {
  if (try_down(c)) return;
  route(c, YGT_ROUTE_TREAT_HERE, YGT_REFERRAL_REJECTED);
}

static void directed(const ctx *c) {
  switch (c->in->direction) {
  case YGT_DIRECTION_UP: asked_up(c); break;
  case YGT_DIRECTION_DOWN: asked_down(c); break;
  case YGT_DIRECTION_OUT: refer_out(c); break;
  default: decide_mode(c); break;
  }
}

static void slip(ctx *c) {
  const rf_in *in = c->in;
  if (in->slip_issuer < 0) return;
  int64_t age = (int64_t)in->today - in->slip_day;
  c->slip_fresh = age >= 0 && age <= c->r->slip_valid_days;
  c->slip_ok = c->slip_fresh && c->r->slip_issuer[in->slip_issuer];
  c->slip_expired = age > c->r->slip_valid_days;
  c->d->slip_valid = c->slip_ok;
  trace(c, c->r->out_rule);
}

static void priorities(const ctx *c) {
  ygt_referral_decision *d = c->d;
  if (d->state == YGT_REFERRAL_REJECTED || d->state == YGT_REFERRAL_EXPIRED) return;
  int32_t k = c->r->priority_rule[d->route];
  if (k < 0 || !c->r->priority_mask[d->route]) return;
  d->priority = (int32_t)c->r->priority_mask[d->route];
  trace(c, k);
}

static int decide(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d, int tracing, int cap) {
  ctx c = {r, in, d, tracing, cap, r->tier[in->inst], r->community[in->inst], 0, 0, 0,
           ygt__rf_treating_tiers(r, in->setting, in->dx[0]), ygt__rf_lists_of(r, in->dx[0])};
  if (c.comm < 0 && in->grid >= 0) c.comm = r->grid_comm[in->grid];
  d->setting = in->setting;
  d->continuity = -1;
  slip(&c);
  if (!emergency(&c)) {
    if (r->outside[in->inst]) {
      trace(&c, r->out_rule);
      int arrived = c.slip_ok ? YGT_REFERRAL_IN_PROGRESS : c.slip_expired ? YGT_REFERRAL_EXPIRED : YGT_REFERRAL_NONE;
      route(&c, YGT_ROUTE_TREAT_HERE, arrived);
    } else {
      directed(&c);
    }
  }
  priorities(&c);
  d->institution = d->ndestinations ? d->destinations[0] : (d->route == YGT_ROUTE_REFER_OUT ? -1 : in->inst);
  d->tier = d->institution >= 0 ? r->tier[d->institution] : r->out_tier;
  return ygt__rf_money(r, in, d, tracing);
}

int ygt__rf_decide(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d, int tracing) {
  return decide(r, in, d, tracing, YGT_REFERRAL_MAX_DESTINATIONS);
}

int ygt__rf_decide_first(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d) {
  return decide(r, in, d, 0, 1);
}
