/* One stay's settlement under a scheme, explained (scheme.h,
 * ygt_scheme_result_explain): the explanation of the method of the stay's
 * line, with what the scheme adds to it (the fen a point-valued line moved
 * to pay its fund base exactly). */
#include "cases_internal.h"
#include "error_internal.h"
#include "scheme_internal.h"
#include "settle_internal.h"
#include "text_internal.h"

static int not_settled(ygt__text *t, const ygt_scheme_result *r, size_t o) {
  const char *who = r->reason[o] == YGT_REASON_NO_INSURANCE ? "paid by the patient"
                    : "not settled by the line's method (its fee-for-service fund payment is counted as unsettled)";
  ygt__text_add(t, "%s (%s: %s): amount 0 fen, fund 0 fen", who, ygt_settle_status_name(r->status[o]),
                ygt_settle_reason_name(r->reason[o]));
  return ygt__text_length(t);
}

static int fee_for_service(ygt__text *t, const ygt_scheme_result *r, const ygt_cases *c, size_t o) {
  int64_t paid = ygt__cases_int64(c, YGT_CASE_FUND_PAID, o), share = ygt__patient_share(c, o);
  ygt__text_add(t, "fee for service: amount %lld fen (the total cost); fund %lld fen ", (long long)r->amount[o],
                (long long)r->fund[o]);
  if (paid != YGT_CASES_NA64) ygt__text_add(t, "(fund_paid as given)");
  else if (share >= 0) ygt__text_add(t, "(total cost - patient share %lld fen)", (long long)share);
  else ygt__text_add(t, "(neither fund_paid nor a patient share is given)");
  return ygt__text_length(t);
}

/* The point-valued price, then the fen the line moved to pay its fund base to the fen. */
static int point_valued(char *trace, size_t cap, const ygt_scheme_result *r, const ygt_cases *c, size_t o) {
  const ygt_settle_values *v = r->values[r->line[o]];
  if (!v) return ygt__error(YGT_EINTERNAL, "stay %zu: the result keeps no point values of its line", o);
  int n = ygt_settle_price_explain(trace, cap, v, c, r->status[o], r->units[o], o);
  int64_t priced = 0;
  int ins = ygt__cases_int(c, YGT_CASE_INSURANCE, o);
  if (n < 0 || ygt__price_units(r->units[o], v->pv_fen[ins], &priced)) return n < 0 ? n : YGT_EOVERFLOW;
  ygt__text t = {cap ? trace : NULL, cap, (size_t)n};
  if (r->amount[o] != priced)
    ygt__text_add(&t, "; to the fen %+lld fen (the line pays its fund base exactly: the fen left over by rounding "
                      "go to the largest remainders): amount %lld fen, fund %lld fen",
                  (long long)(r->amount[o] - priced), (long long)r->amount[o], (long long)r->fund[o]);
  return ygt__text_length(&t);
}

static int check(const ygt_scheme_result *r, const ygt_scheme *s, const ygt_scheme_input *in, size_t stay) {
  if (!r || !s || !in || !in->stays) return ygt__error(YGT_EINVAL, "ygt_scheme_result_explain: NULL argument");
  if (r->ninst != s->ninst || r->nstays != ygt_cases_count(in->stays))
    return ygt__error(YGT_EINVAL, "ygt_scheme_result_explain: the result is not of this scheme and input "
                                  "(%zu stays, %zu institutions; the input has %zu, the scheme %zu)",
                      r->nstays, r->ninst, ygt_cases_count(in->stays), s->ninst);
  if (stay >= r->nstays) return ygt__error(YGT_ERANGE, "stay %zu outside the input (%zu stays)", stay, r->nstays);
  return YGT_OK;
}

int ygt_scheme_result_explain(char *trace, size_t cap, const ygt_scheme_result *r, const ygt_scheme *s,
                              const ygt_scheme_input *in, size_t stay) {
  int rc = check(r, s, in, stay);
  if (rc) return rc;
  if (cap && !trace) return ygt__error(YGT_EINVAL, "ygt_scheme_result_explain: NULL buffer");
  const sch_line *l = &s->lines[r->line[stay]];
  const ygt_cases *c = in->stays;
  ygt__text t = ygt__text_over(trace, cap);
  if (r->status[stay] != YGT_SETTLE_OK) return not_settled(&t, r, stay);
  switch (l->method) {
  case YGT_PAY_POINTS:
  case YGT_PAY_DIP: return point_valued(trace, cap, r, c, stay);
  case YGT_PAY_DRG: return ygt_drgpay_explain(trace, cap, l->drg, s->model, l->inst_coef, c, r->group[stay], stay);
  case YGT_PAY_PERDIEM: return ygt_perdiem_explain(trace, cap, l->perdiem, s->model, c, r->group[stay], stay);
  default: return fee_for_service(&t, r, c, stay);
  }
}
