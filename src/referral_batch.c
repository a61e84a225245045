/* Public decision functions: one request (with trace) and a batch of
 * requests given as columns (without trace).  Both check every value and
 * share the engine of referral_decide.c. */
#include <string.h>

#include "error_internal.h"
#include "referral_internal.h"

static int in_range(int32_t v, int32_t lo, int32_t hi) { return v >= lo && v <= hi; }

static int index_ok(int32_t v, size_t n, int none_ok) { return (none_ok && v == -1) || (v >= 0 && (size_t)v < n); }

int ygt__rf_check_in(const ygt_referral_rules *r, const rf_in *in) {
  if (!index_ok(in->inst, r->ninst, 0))
    return ygt__error(YGT_EINVAL, "institution %d is not an institution of the model", (int)in->inst);
  if (!in->dx || in->ndx == 0) return ygt__error(YGT_EINVAL, "a request needs a diagnosis");
  size_t ncodes = ygt_codes_count(r->codes);
  for (size_t i = 0; i < in->ndx; i++)
    if (in->dx[i] < 0 || (size_t)in->dx[i] >= ncodes)
      return ygt__error(YGT_ENOTFOUND, "diagnosis %zu: id %d is not a code of the dictionary", i, (int)in->dx[i]);
  if (!index_ok(in->grid, r->ngrid, 1)) return ygt__error(YGT_EINVAL, "grid %d is not a grid of the model", (int)in->grid);
  if (!index_ok(in->slip_issuer, r->ninst, 1) || !index_ok(in->ep_inst, r->ninst, 1))
    return ygt__error(YGT_EINVAL, "slip issuer or episode institution is not an institution of the model");
  if (!in_range(in->insurance, 0, RF_INSURANCES - 1) || !in_range(in->acuity, 0, 4) ||
      !in_range(in->phase, 0, RF_PHASES - 1) || !in_range(in->setting, 0, RF_SETTINGS - 1) ||
      !in_range(in->direction, 0, 3) || !in_range(in->age, -1, 150) || !in_range(in->sex, 0, 2))
    return ygt__error(YGT_EINVAL, "a value of the request is out of range (insurance %d, acuity %d, phase %d, "
                      "setting %d, direction %d, age %d, sex %d)", (int)in->insurance, (int)in->acuity,
                      (int)in->phase, (int)in->setting, (int)in->direction, (int)in->age, (int)in->sex);
  if (in->cost < 0 || in->ep_paid < 0) return ygt__error(YGT_EINVAL, "negative cost or paid deductible");
  return 0;
}

static void from_request(rf_in *in, const ygt_referral_request *q, const ygt_episode *ep) {
  memset(in, 0, sizeof *in);
  in->inst = q->institution;
  in->grid = q->grid;
  in->age = q->age;
  in->sex = q->sex;
  in->insurance = q->insurance;
  in->acuity = q->acuity;
  in->phase = q->phase;
  in->setting = q->setting;
  in->direction = q->direction;
  in->slip_issuer = q->slip_issuer;
  in->slip_day = q->slip_day;
  in->today = q->today;
  in->dx = q->diagnoses;
  in->ndx = q->ndiagnoses;
  in->cost = q->cost_fen;
  in->ep_inst = ep ? ygt_episode_institution(ep) : -1;
  in->ep_paid = ep ? ygt_episode_paid_fen(ep) : 0;
}

int ygt_referral_decide(ygt_referral_decision *out, const ygt_referral_rules *r, const ygt_referral_request *q,
                        const ygt_episode *ep) {
  if (!out || !r || !q) return ygt__error(YGT_EINVAL, "ygt_referral_decide: NULL argument");
  if (q->version < 1 || q->version > YGT_REFERRAL_REQUEST_VERSION)
    return ygt__error(YGT_EINVAL, "request version %d is not supported", q->version);
  if (out->version < 1 || out->version > YGT_REFERRAL_DECISION_VERSION)
    return ygt__error(YGT_EINVAL, "decision version %d is not supported", out->version);
  rf_in in;
  from_request(&in, q, ep);
  int rc = ygt__rf_check_in(r, &in);
  if (rc) return rc;
  ygt_referral_decision d;
  ygt_referral_decision_init(&d);
  if ((rc = ygt__rf_decide(r, &in, &d, 1))) return rc;
  *out = d; /* version 1 is the whole struct */
  return YGT_OK;
}

#define COL(p, i, dflt) ((p) ? (p)[i] : (dflt))

static void from_columns(rf_in *in, const ygt_referral_columns *c, size_t i, int32_t *dx) {
  in->inst = c->institution[i];
  *dx = c->diagnosis[i];
  in->dx = dx;
  in->ndx = 1;
  in->age = COL(c->age, i, -1);
  in->sex = COL(c->sex, i, 0);
  in->grid = COL(c->grid, i, -1);
  in->insurance = COL(c->insurance, i, YGT_INSURANCE_RESIDENT);
  in->acuity = COL(c->acuity, i, 0);
  in->phase = COL(c->phase, i, 0);
  in->setting = COL(c->setting, i, 0);
  in->direction = COL(c->direction, i, 0);
  in->slip_issuer = COL(c->slip_issuer, i, -1);
  in->slip_day = COL(c->slip_day, i, 0);
  in->today = COL(c->today, i, 0);
  in->cost = COL(c->cost_fen, i, 0);
  in->ep_inst = COL(c->episode_institution, i, -1);
  in->ep_paid = COL(c->episode_paid_fen, i, 0);
}

static void put(ygt_referral_columns *c, size_t i, int status, const ygt_referral_decision *d) {
  int ok = status == 0;
  if (c->status) c->status[i] = status;
  if (c->route) c->route[i] = ok ? d->route : -1;
  if (c->state) c->state[i] = ok ? d->state : -1;
  if (c->priority) c->priority[i] = ok ? d->priority : 0;
  if (c->destination) c->destination[i] = ok && d->ndestinations ? d->destinations[0] : -1;
  if (c->tier) c->tier[i] = ok ? d->tier : -1;
  if (c->ratio) c->ratio[i] = ok ? d->ratio : 0.0;
  if (c->deductible_fen) c->deductible_fen[i] = ok ? d->deductible_fen : 0;
  if (c->fund_fen) c->fund_fen[i] = ok ? d->fund_fen : 0;
  if (c->patient_fen) c->patient_fen[i] = ok ? d->patient_fen : 0;
}

/* A decision zeroed except its destination and trace arrays, which an
 * untraced decision reads only up to ndestinations and ntrace (0): clearing
 * the whole struct cost a seventh of a batch. */
static void clear_untraced(ygt_referral_decision *d) {
  d->version = YGT_REFERRAL_DECISION_VERSION;
  d->route = d->state = d->priority = d->ndestinations = 0;
  d->institution = d->tier = d->setting = d->slip_valid = d->continuity = 0;
  d->ratio = 0;
  d->deductible_fen = d->fund_fen = d->patient_fen = 0;
  d->ntrace = d->trace_truncated = 0;
}

/* Whether v is within [lo, hi], by one unsigned comparison. */
static uint32_t within(int32_t v, int32_t lo, int32_t hi) { return (uint32_t)v - (uint32_t)lo <= (uint32_t)hi - (uint32_t)lo; }

/* ygt__rf_check_in()'s tests on a batch row (one diagnosis), without a
 * message and combined without branches: 1 when the row passes them all;
 * a row that does not goes through ygt__rf_check_in() for its error. */
static int row_ok(const ygt_referral_rules *r, const rf_in *in, size_t ncodes) {
  uint32_t ok = ((size_t)(uint32_t)in->inst < r->ninst) & ((size_t)(uint32_t)in->dx[0] < ncodes) &
                ((size_t)((uint32_t)in->grid + 1u) <= r->ngrid) & ((size_t)((uint32_t)in->slip_issuer + 1u) <= r->ninst) &
                ((size_t)((uint32_t)in->ep_inst + 1u) <= r->ninst);
  ok &= within(in->insurance, 0, RF_INSURANCES - 1) & within(in->acuity, 0, 4) & within(in->phase, 0, RF_PHASES - 1) &
        within(in->setting, 0, RF_SETTINGS - 1) & within(in->direction, 0, 3) & within(in->age, -1, 150) &
        within(in->sex, 0, 2);
  return ok & ((in->cost | in->ep_paid) >= 0);
}

int64_t ygt_referral_decide_batch(const ygt_referral_rules *r, ygt_referral_columns *c) {
  if (!r || !c) return ygt__error(YGT_EINVAL, "ygt_referral_decide_batch: NULL argument");
  if (c->version < 1 || c->version > YGT_REFERRAL_COLUMNS_VERSION)
    return ygt__error(YGT_EINVAL, "columns version %d is not supported", c->version);
  if (c->n && (!c->institution || !c->diagnosis))
    return ygt__error(YGT_EINVAL, "the institution and diagnosis columns are required");
  int64_t bad = 0;
  ygt_referral_columns k = *c; /* a copy the result stores cannot reach: its pointers stay in registers */
  size_t ncodes = ygt_codes_count(r->codes);
  for (size_t i = 0; i < k.n; i++) {
    rf_in in;
    int32_t dx;
    ygt_referral_decision d;
    from_columns(&in, &k, i, &dx);
    int rc = row_ok(r, &in, ncodes) ? 0 : ygt__rf_check_in(r, &in);
    if (!rc) {
      clear_untraced(&d);
      rc = ygt__rf_decide_first(r, &in, &d);
    }
    bad += rc != 0;
    put(&k, i, rc, &d);
  }
  return bad;
}
