/* Referral episodes: where the patient is, the deductible paid so far and
 * the referral's FHIR state, across the transfers of one illness. */
#include "alloc_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

struct ygt_episode {
  int32_t institution;
  int64_t paid;
  int state;
  int32_t steps;
};

int ygt_episode_new(ygt_episode **out) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_episode_new: out is NULL");
  *out = ygt__calloc(1, sizeof **out);
  if (!*out) return YGT_ENOMEM;
  (*out)->institution = -1;
  return YGT_OK;
}

void ygt_episode_free(ygt_episode *ep) { ygt__free(ep); }

int ygt_episode_record(ygt_episode *ep, const ygt_referral_rules *r, const ygt_referral_decision *d) {
  if (!ep || !r || !d) return ygt__error(YGT_EINVAL, "ygt_episode_record: NULL argument");
  if (d->institution < 0 || (size_t)d->institution >= r->ninst)
    return ygt__error(YGT_EINVAL, "the decision has no institution in the model to move to");
  int64_t paid = ep->paid;
  if (d->setting >= 0 && d->setting < RF_SETTINGS && (r->continuity_settings & (1u << d->setting))) {
    int keeps = d->continuity == YGT_CONTINUITY_TOP_UP || d->continuity == YGT_CONTINUITY_WAIVE;
    if (keeps && paid > INT64_MAX - d->deductible_fen)
      return ygt__error(YGT_EOVERFLOW, "paid deductible overflows");
    paid = keeps ? paid + d->deductible_fen : d->deductible_fen;
  }
  ep->paid = paid;
  ep->institution = d->institution;
  ep->state = d->state;
  ep->steps++;
  return YGT_OK;
}

int ygt_episode_set(ygt_episode *ep, int32_t institution, int64_t paid_fen) {
  if (!ep) return ygt__error(YGT_EINVAL, "ygt_episode_set: episode is NULL");
  if (paid_fen < 0 || institution < -1) return ygt__error(YGT_ERANGE, "negative amount or institution");
  ep->institution = institution;
  ep->paid = paid_fen;
  return YGT_OK;
}

int ygt_episode_set_state(ygt_episode *ep, int state) {
  if (!ep || !ygt_referral_state_name(state)) return ygt__error(YGT_EINVAL, "ygt_episode_set_state: bad argument");
  if (!ygt_referral_state_transition_allowed(ep->state, state))
    return ygt__error(YGT_ESTATE, "a referral cannot go from %s to %s", ygt_referral_state_name(ep->state),
                      ygt_referral_state_name(state));
  ep->state = state;
  return YGT_OK;
}

int32_t ygt_episode_institution(const ygt_episode *ep) { return ep ? ep->institution : -1; }
int64_t ygt_episode_paid_fen(const ygt_episode *ep) { return ep ? ep->paid : 0; }
int ygt_episode_state(const ygt_episode *ep) { return ep ? ep->state : YGT_REFERRAL_NONE; }
int32_t ygt_episode_steps(const ygt_episode *ep) { return ep ? ep->steps : 0; }
