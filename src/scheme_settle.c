/* ygt_scheme_settle: checks the year's input, makes the result and runs the
 * stays (scheme_stays.c) and the visits (scheme_visits.c) through it. */
#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"
#include "scheme_internal.h"

static int check_input(const ygt_scheme *s, const ygt_scheme_input *in) {
  if (in->version < 1 || in->version > YGT_SCHEME_INPUT_VERSION)
    return ygt__error(YGT_EINVAL, "ygt_scheme_settle: input version %d is not supported", in->version);
  if (in->nvisits && (!in->visit_institution || !in->visit_insurance || !in->visit_cost || !in->visit_fund))
    return ygt__error(YGT_EINVAL, "ygt_scheme_settle: visits need their institution, insurance, cost and fund columns");
  if (!(in->person_scale >= 0 && in->person_scale <= 1e6))
    return ygt__error(YGT_EINVAL, "ygt_scheme_settle: person_scale %g is not in [0, 1e6]", in->person_scale);
  int dip = s->lines[YGT_LINE_INPATIENT].method == YGT_PAY_DIP;
  if (in->stays && dip && (ygt_cases_codes(in->stays, YGT_CODE_DIAGNOSIS) != s->dx ||
                           ygt_cases_codes(in->stays, YGT_CODE_PROCEDURE) != s->proc))
    return ygt__error(YGT_EINVAL, "ygt_scheme_settle: the stays are not over the dictionaries of the scheme's DIP catalogue");
  return YGT_OK;
}

static int new_result(ygt_scheme_result **out, const ygt_scheme *s, size_t nstays) {
  ygt_scheme_result *r = ygt__calloc(1, sizeof *r);
  if (!r) return YGT_ENOMEM;
  size_t n = nstays ? nstays : 1;
  r->ninst = s->ninst;
  r->nstays = nstays;
  r->cells = ygt__calloc((s->ninst + 1) * SCH_LINES * SCH_FIELDS, sizeof *r->cells);
  r->line = ygt__calloc(n, 1);
  r->status = ygt__calloc(n, 1);
  r->reason = ygt__calloc(n, 1);
  r->group = ygt__calloc(n, sizeof *r->group);
  r->amount = ygt__calloc(n, sizeof *r->amount);
  r->fund = ygt__calloc(n, sizeof *r->fund);
  r->units = ygt__calloc(n, sizeof *r->units);
  if (!r->cells || !r->line || !r->status || !r->reason || !r->group || !r->amount || !r->fund || !r->units) {
    ygt_scheme_result_free(r);
    return YGT_ENOMEM;
  }
  *out = r;
  return YGT_OK;
}

int ygt_scheme_settle(ygt_scheme_result **out, const ygt_scheme *s, const ygt_scheme_input *in) {
  return ygt_scheme_settle_assessed(out, s, in, NULL);
}

int ygt_scheme_settle_assessed(ygt_scheme_result **out, const ygt_scheme *s, const ygt_scheme_input *in,
                               const double *dip_assessment) {
  if (out) *out = NULL;
  if (!out || !s || !in) return ygt__error(YGT_EINVAL, "ygt_scheme_settle: NULL argument");
  ygt_scheme_result *r = NULL;
  int rc = check_input(s, in);
  if (!rc) rc = new_result(&r, s, in->stays ? ygt_cases_count(in->stays) : 0);
  if (!rc) rc = ygt__scheme_settle_stays(r, s, in, dip_assessment);
  if (!rc) rc = ygt__scheme_settle_visits(r, s, in);
  if (rc) {
    ygt_scheme_result_free(r);
    return rc;
  }
  *out = r;
  return YGT_OK;
}
