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

enum { BLOCK = 64 }; /* rows a block: its defaults and results stay in the first-level cache */

/* One block of rows' columns: an absent input column reads a block of its
 * default, so that a row goes without a test a column.  The results go to
 * scratch and are copied out to the present result columns once the block
 * is decided: written in place row by row, a large batch's ten result
 * columns (each at the same offset in its own pages, next to the inputs at
 * that offset too) cost a large batch about a seventh of its time. */
typedef struct block {
  const int32_t *inst, *dx, *grid, *age, *sex, *ins, *acuity, *phase, *setting, *dir, *slip, *sday, *today, *epi;
  const int64_t *cost, *paid;
  int32_t *status, *route, *state, *prio, *dest, *tier;
  double *ratio;
  int64_t *ded, *fund, *pat;
} block;

enum { OUT32 = 6, OUT64 = 3 };
typedef struct scratch {
  int32_t none[BLOCK], zero[BLOCK], resident[BLOCK];
  int64_t zero64[BLOCK];
  int32_t out32[OUT32][BLOCK];
  double ratio[BLOCK];
  int64_t out64[OUT64][BLOCK];
} scratch;

static void scratch_init(scratch *s) {
  for (int j = 0; j < BLOCK; j++) {
    s->none[j] = -1, s->zero[j] = 0, s->resident[j] = YGT_INSURANCE_RESIDENT;
    s->zero64[j] = 0;
  }
}

static const int32_t *in32(const int32_t *col, size_t i, const int32_t *dflt) { return col ? col + i : dflt; }

static void block_at(block *b, const ygt_referral_columns *c, size_t i, scratch *s) {
  b->inst = c->institution + i, b->dx = c->diagnosis + i;
  b->grid = in32(c->grid, i, s->none), b->age = in32(c->age, i, s->none), b->sex = in32(c->sex, i, s->zero);
  b->ins = in32(c->insurance, i, s->resident), b->acuity = in32(c->acuity, i, s->zero);
  b->phase = in32(c->phase, i, s->zero), b->setting = in32(c->setting, i, s->zero);
  b->dir = in32(c->direction, i, s->zero), b->slip = in32(c->slip_issuer, i, s->none);
  b->sday = in32(c->slip_day, i, s->zero), b->today = in32(c->today, i, s->zero);
  b->epi = in32(c->episode_institution, i, s->none);
  b->cost = c->cost_fen ? c->cost_fen + i : s->zero64, b->paid = c->episode_paid_fen ? c->episode_paid_fen + i : s->zero64;
  b->status = s->out32[0], b->route = s->out32[1], b->state = s->out32[2];
  b->prio = s->out32[3], b->dest = s->out32[4], b->tier = s->out32[5], b->ratio = s->ratio;
  b->ded = s->out64[0], b->fund = s->out64[1], b->pat = s->out64[2];
}

static void out(void *col, size_t i, int m, const void *rows, size_t width) {
  if (col) memcpy((char *)col + i * width, rows, (size_t)m * width);
}

/* The block's results to rows [i, i + m) of the present result columns. */
static void block_out(const ygt_referral_columns *c, size_t i, int m, const scratch *s) {
  int32_t *o32[OUT32] = {c->status, c->route, c->state, c->priority, c->destination, c->tier};
  for (int k = 0; k < OUT32; k++) out(o32[k], i, m, s->out32[k], sizeof(int32_t));
  out(c->ratio, i, m, s->ratio, sizeof(double));
  int64_t *o64[OUT64] = {c->deductible_fen, c->fund_fen, c->patient_fen};
  for (int k = 0; k < OUT64; k++) out(o64[k], i, m, s->out64[k], sizeof(int64_t));
}

static void from_block(rf_in *in, const block *b, int j, int32_t *dx) {
  in->inst = b->inst[j];
  *dx = b->dx[j];
  in->dx = dx;
  in->ndx = 1;
  in->age = b->age[j], in->sex = b->sex[j], in->grid = b->grid[j], in->insurance = b->ins[j];
  in->acuity = b->acuity[j], in->phase = b->phase[j], in->setting = b->setting[j], in->direction = b->dir[j];
  in->slip_issuer = b->slip[j], in->slip_day = b->sday[j], in->today = b->today[j], in->cost = b->cost[j];
  in->ep_inst = b->epi[j], in->ep_paid = b->paid[j];
}

static void put(const block *b, int j, int status, const ygt_referral_decision *d) {
  int ok = status == 0;
  b->status[j] = status;
  b->route[j] = ok ? d->route : -1;
  b->state[j] = ok ? d->state : -1;
  b->prio[j] = ok ? d->priority : 0;
  b->dest[j] = ok && d->ndestinations ? d->destinations[0] : -1;
  b->tier[j] = ok ? d->tier : -1;
  b->ratio[j] = ok ? d->ratio : 0.0;
  b->ded[j] = ok ? d->deductible_fen : 0;
  b->fund[j] = ok ? d->fund_fen : 0;
  b->pat[j] = ok ? d->patient_fen : 0;
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
  size_t ncodes = ygt_codes_count(r->codes);
  /* At a fixed page offset: at the stack's random one, a run in four or so
   * fell from ~14 to ~10 M decisions/s (4K aliasing with the columns, as
   * far as measured: without address randomisation no run fell). */
  _Alignas(4096) scratch s;
  scratch_init(&s);
  for (size_t i = 0; i < c->n; i += BLOCK) {
    block b;
    block_at(&b, c, i, &s);
    int m = c->n - i < BLOCK ? (int)(c->n - i) : BLOCK;
    for (int j = 0; j < m; j++) {
      rf_in in;
      int32_t dx;
      ygt_referral_decision d;
      from_block(&in, &b, j, &dx);
      int rc = row_ok(r, &in, ncodes) ? 0 : ygt__rf_check_in(r, &in);
      if (!rc) {
        clear_untraced(&d);
        rc = ygt__rf_decide_first(r, &in, &d);
      }
      bad += rc != 0;
      put(&b, j, rc, &d);
    }
    block_out(c, i, m, &s);
  }
  return bad;
}
