/* The money of a decision: the reimbursement row of the destination's tier,
 * the penalty for out-of-county care without a valid slip (emergencies
 * exempt), deductible continuity inside the community, and the split of an
 * expected cost between fund and patient.  Ratios are integer parts per
 * million here, so that rounding is exact: the fund's share is rounded once,
 * half away from zero, to the fen. */
#include <stdint.h>

#include "error_internal.h"
#include "referral_internal.h"

static int32_t reimbursement_row(const ygt_referral_rules *r, int tier, int insurance, int setting) {
  int32_t k = r->reimb[tier][insurance][setting];
  return k >= 0 ? k : r->reimb[tier][insurance][YGT_SETTING_INPATIENT]; /* no rows for the setting */
}

static int64_t penalised(const ygt_referral_rules *r, const ygt_referral_decision *d, int64_t ppm, int tracing,
                         ygt_referral_decision *out) {
  int outside = d->institution >= 0 ? r->outside[d->institution] : 1;
  if (!outside || d->slip_valid || r->penalty_rule < 0) return ppm;
  if (d->route == YGT_ROUTE_EMERGENCY && r->exempt_rule >= 0) {
    ygt__rf_trace(out, tracing, r->exempt_rule);
    return ppm;
  }
  ygt__rf_trace(out, tracing, r->penalty_rule);
  return ppm > r->penalty_ppm ? ppm - r->penalty_ppm : 0;
}

/* The deductible after continuity with the episode's last institution. */
static int64_t continued(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d, int64_t full,
                         int tracing) {
  if (in->ep_inst < 0 || d->institution < 0 || !(r->continuity_settings & (1u << in->setting))) return full;
  int32_t from = r->community[in->ep_inst], to = r->community[d->institution];
  if (from < 0 || from != to) return full; /* continuity holds inside one community only */
  int up = r->tier[d->institution] > r->tier[in->ep_inst], down = r->tier[d->institution] < r->tier[in->ep_inst];
  int dir = up ? 0 : down ? 1 : 2;
  ygt__rf_trace(d, tracing, r->continuity_rule[dir]);
  d->continuity = r->continuity_policy[dir];
  if (d->continuity == YGT_CONTINUITY_WAIVE) return 0;
  if (d->continuity == YGT_CONTINUITY_TOP_UP) return full > in->ep_paid ? full - in->ep_paid : 0;
  return full;
}

int64_t ygt__rf_money_terms(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d, int tracing) {
  int32_t k = reimbursement_row(r, d->tier, in->insurance, in->setting);
  const rf_rule *row = &r->rules[k];
  ygt__rf_trace(d, tracing, k);
  int64_t ppm = penalised(r, d, row->ratio_ppm, tracing, d);
  d->ratio = ppm == row->ratio_ppm ? row->ratio : (double)ppm / RF_PPM; /* the same division, done once */
  d->deductible_fen = continued(r, in, d, row->deductible, tracing);
  return ppm;
}

int ygt__rf_too_large(int64_t cost) {
  return ygt__error(YGT_EOVERFLOW, "cost %lld fen is too large", (long long)cost);
}

int ygt__rf_money(const ygt_referral_rules *r, const rf_in *in, ygt_referral_decision *d, int tracing) {
  int64_t ppm = ygt__rf_money_terms(r, in, d, tracing);
  d->fund_fen = d->patient_fen = 0;
  if (in->cost <= 0) return YGT_OK;
  int rc = ygt__rf_fund(in->cost, d->deductible_fen, ppm, &d->fund_fen);
  if (!rc) d->patient_fen = in->cost - d->fund_fen;
  return rc;
}
